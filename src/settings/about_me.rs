//! "About me" on disk: the `[me]` table of `config.toml` in the config directory. Reading
//! checks every value with the same functions the flags and the app's form use
//! ([`crate::decide::me`]); a bad value is reported with `file:line:col` and left unset, the
//! rest still read. Writing edits only `[me]` (other tables and every comment are kept, with
//! `toml_edit`) and goes through [`crate::store::update_atomically`].

use std::fmt;
use std::path::{Path, PathBuf};

use toml_edit::{Array, DocumentMut, Item, Table, Value};

use crate::decide::me::{
    Me, MeField, check_channel, check_clicks, check_conversion, check_country, check_niche,
    check_order,
};
use crate::store::{StoreError, update_atomically};

/// The config file's name in the config directory.
pub const FILE_NAME: &str = "config.toml";
/// The table "about me" lives in.
pub const TABLE: &str = "me";

/// Where "about me" lives: `config.toml` in the config directory, if there is one.
pub fn default_path() -> Option<PathBuf> {
    crate::settings::paths::config_dir().map(|d| d.join(FILE_NAME))
}

/// A value of `[me]` that could not be used, and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeProblem {
    /// The file, as shown.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// What is wrong, starting with the field's name.
    pub message: String,
}

impl fmt::Display for MeProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.column, self.message
        )
    }
}

/// What was read: the usable values, and a problem for each value left unset.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Loaded {
    /// The values that passed their check.
    pub me: Me,
    /// One entry per value that did not, in file order.
    pub problems: Vec<MeProblem>,
}

/// Reads `[me]` from `path`; a missing file is an empty "about me", not an error.
pub fn read(path: &Path) -> Loaded {
    match std::fs::read(path) {
        Ok(bytes) => parse(&String::from_utf8_lossy(&bytes), &shown_path(path)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Loaded::default(),
        Err(e) => Loaded {
            me: Me::default(),
            problems: vec![MeProblem {
                file: shown_path(path),
                line: 1,
                column: 1,
                message: format!("cannot read the file: {e}"),
            }],
        },
    }
}

fn shown_path(path: &Path) -> String {
    crate::sanitize::visible_path(path)
}

/// 1-based line and column (in characters) of byte `offset` in `text`.
pub(crate) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset.min(text.len())).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[start..].chars().count() + 1)
}

/// Reads `[me]` from the text of a config file called `file`.
pub fn parse(text: &str, file: &str) -> Loaded {
    let mut loaded = Loaded::default();
    let problem = |offset: usize, message: String| {
        let (line, column) = line_col(text, offset);
        MeProblem {
            file: file.to_string(),
            line,
            column,
            message,
        }
    };
    let doc = match text.parse::<toml_edit::Document<String>>() {
        Ok(doc) => doc,
        Err(e) => {
            let at = e.span().map_or(0, |s| s.start);
            let message = e.message().trim().to_string();
            loaded
                .problems
                .push(problem(at, format!("not valid TOML: {message}")));
            return loaded;
        }
    };
    let Some(item) = doc.as_table().get(TABLE) else {
        return loaded;
    };
    let Some(table) = item.as_table_like() else {
        let at = item.span().map_or(0, |s| s.start);
        loaded.problems.push(problem(
            at,
            format!("[{TABLE}]: expected a table of the fields {}", field_list()),
        ));
        return loaded;
    };
    for (key, value) in table.iter() {
        let at = value.span().map_or(0, |s| s.start);
        let Some(field) = MeField::ALL.into_iter().find(|f| f.key() == key) else {
            let hint = crate::suggest::closest(key, MeField::ALL.iter().map(|f| f.key()))
                .map(|k| format!("; did you mean `{k}`?"))
                .unwrap_or_default();
            loaded.problems.push(problem(
                at,
                format!(
                    "unknown key `{}` in [{TABLE}]{hint} (known: {})",
                    crate::sanitize::visible(key),
                    field_list()
                ),
            ));
            continue;
        };
        if let Err(message) = apply(&mut loaded.me, field, value) {
            loaded.problems.push(problem(at, message));
        }
    }
    loaded
}

fn field_list() -> String {
    MeField::ALL
        .iter()
        .map(|f| f.key())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The raw text of a scalar as the checks read it: a string's contents, a number's digits.
fn scalar_text(item: &Item) -> String {
    match item.as_value() {
        Some(Value::String(s)) => s.value().clone(),
        Some(v) => v.to_string().trim().to_string(),
        None => "a table".to_string(),
    }
}

/// The items of a list value (a lone string counts as one item).
fn list_texts(item: &Item, field: MeField) -> Result<Vec<String>, String> {
    match item.as_value() {
        Some(Value::Array(a)) => a
            .iter()
            .map(|v| match v {
                Value::String(s) => Ok(s.value().clone()),
                other => Err(format!(
                    "{}: expected a list of words such as [\"tiktok\"], found {}",
                    field.key(),
                    other.to_string().trim()
                )),
            })
            .collect(),
        Some(Value::String(s)) => Ok(vec![s.value().clone()]),
        _ => Err(format!(
            "{}: expected a list of words such as [\"tiktok\"], found {}",
            field.key(),
            scalar_text(item)
        )),
    }
}

/// Checks `item` as `field` and sets it on `me`.
fn apply(me: &mut Me, field: MeField, item: &Item) -> Result<(), String> {
    match field {
        MeField::Clicks => me.clicks = Some(check_clicks(&scalar_text(item))?),
        MeField::Conversion => me.conversion = Some(check_conversion(&scalar_text(item))?),
        MeField::Order => me.order = Some(check_order(&scalar_text(item))?),
        MeField::Channels => {
            me.channels = list_texts(item, field)?
                .iter()
                .map(|s| check_channel(s))
                .collect::<Result<_, _>>()?;
        }
        MeField::Countries => {
            me.countries = list_texts(item, field)?
                .iter()
                .map(|s| check_country(s))
                .collect::<Result<_, _>>()?;
        }
        MeField::Niches => {
            me.niches = list_texts(item, field)?
                .iter()
                .map(|s| check_niche(s))
                .collect::<Result<_, _>>()?;
        }
    }
    Ok(())
}

/// The value `raw` (a form field's text; lists separated by commas) checked as `field`, as
/// it will be written: the one check the form, the flags and the file share.
pub fn checked_value(field: MeField, raw: &str) -> Result<Option<Value>, String> {
    let list = |check: &dyn Fn(&str) -> Result<String, String>| -> Result<Option<Value>, String> {
        let items: Vec<String> = raw
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(check)
            .collect::<Result<_, _>>()?;
        Ok((!items.is_empty()).then(|| Value::Array(items.iter().collect::<Array>())))
    };
    if raw.trim().is_empty() {
        return Ok(None);
    }
    Ok(match field {
        MeField::Clicks => Some(Value::from(
            i64::try_from(check_clicks(raw)?).unwrap_or(i64::MAX),
        )),
        MeField::Conversion => Some(Value::from(check_conversion(raw)?)),
        MeField::Order => Some(Value::from(check_order(raw)?)),
        MeField::Channels => {
            return list(&|s| check_channel(s).map(|c| c.name().to_string()));
        }
        MeField::Countries => {
            return list(&|s| check_country(s).map(|c| c.as_str().to_string()));
        }
        MeField::Niches => return list(&check_niche),
    })
}

/// Why "about me" could not be saved.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    /// The value did not pass its check; the words are the check's.
    #[error("{0}")]
    Invalid(String),
    /// The file on disk is not valid TOML, so it is left as it is rather than overwritten.
    #[error("{0}")]
    Unreadable(MeProblemText),
    /// Writing failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A [`MeProblem`] as one line, for [`SaveError`].
#[derive(Debug)]
pub struct MeProblemText(pub String);

impl fmt::Display for MeProblemText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Sets one field of `[me]` in the file at `path` from the text `raw` (empty clears it),
/// keeping everything else in the file: what the app's form calls when a field is confirmed.
pub fn set_field(path: &Path, field: MeField, raw: &str) -> Result<(), SaveError> {
    let value = checked_value(field, raw).map_err(SaveError::Invalid)?;
    let mut unreadable = None;
    update_atomically(path, |old| {
        let text = old.map(String::from_utf8_lossy).unwrap_or_default();
        match edited(&text, field, value.clone()) {
            Ok(new) => new.into_bytes(),
            Err(e) => {
                unreadable = Some(e);
                old.map(<[u8]>::to_vec).unwrap_or_default()
            }
        }
    })?;
    match unreadable {
        Some(e) => Err(SaveError::Unreadable(MeProblemText(format!(
            "{}: {e}; fix it or remove it, then set the value again",
            shown_path(path)
        )))),
        None => Ok(()),
    }
}

/// Sets every field of `[me]` from the form's texts in one atomic write (an empty text clears
/// its field): each is checked first, and the first that fails is named with its check's
/// words and nothing is written; everything else in the file is kept.
pub fn set_fields(path: &Path, fields: &[(MeField, String)]) -> Result<(), SaveError> {
    let values = fields
        .iter()
        .map(|(f, raw)| checked_value(*f, raw).map(|v| (*f, v)))
        .collect::<Result<Vec<_>, _>>()
        .map_err(SaveError::Invalid)?;
    let mut unreadable = None;
    update_atomically(path, |old| {
        let mut text = old
            .map(String::from_utf8_lossy)
            .unwrap_or_default()
            .into_owned();
        for (field, value) in &values {
            match edited(&text, *field, value.clone()) {
                Ok(new) => text = new,
                Err(e) => {
                    unreadable = Some(e);
                    return old.map(<[u8]>::to_vec).unwrap_or_default();
                }
            }
        }
        text.into_bytes()
    })?;
    match unreadable {
        Some(e) => Err(SaveError::Unreadable(MeProblemText(format!(
            "{}: {e}; fix it or remove it, then save again",
            shown_path(path)
        )))),
        None => Ok(()),
    }
}

/// The text the form shows for `field` of `me`: lists joined by ", ", numbers as written.
pub fn field_text(me: &Me, field: MeField) -> String {
    match field {
        MeField::Channels => (me.channels.iter().map(|c| c.name()))
            .collect::<Vec<_>>()
            .join(", "),
        MeField::Countries => (me.countries.iter().map(|c| c.as_str()))
            .collect::<Vec<_>>()
            .join(", "),
        MeField::Niches => me.niches.join(", "),
        MeField::Clicks => me.clicks.map(|c| c.to_string()).unwrap_or_default(),
        MeField::Conversion => me.conversion.map(|c| c.to_string()).unwrap_or_default(),
        MeField::Order => me.order.map(|c| c.to_string()).unwrap_or_default(),
    }
}

/// `text` with `[me].field` set to `value` (removed when `None`), every other part as it was.
pub fn edited(text: &str, field: MeField, value: Option<Value>) -> Result<String, String> {
    let mut doc: DocumentMut = text
        .parse()
        .map_err(|e: toml_edit::TomlError| format!("not valid TOML: {}", e.message().trim()))?;
    let me = doc
        .entry(TABLE)
        .or_insert_with(|| Item::Table(Table::new()));
    let Some(table) = me.as_table_like_mut() else {
        return Err(format!("[{TABLE}] is not a table"));
    };
    match value {
        Some(mut v) => match table.get_mut(field.key()) {
            // Replacing the value in place keeps the key and its comments, and the value's own
            // spacing and trailing comment.
            Some(item) => {
                if let Some(old) = item.as_value() {
                    *v.decor_mut() = old.decor().clone();
                }
                *item = Item::Value(v);
            }
            None => {
                table.insert(field.key(), Item::Value(v));
            }
        },
        None => {
            table.remove(field.key());
        }
    }
    Ok(doc.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_value_names_its_line_and_column_and_the_rest_is_read() {
        let text = "# mine\ntheme = \"dark\"\n\n[me]\nclicks = -5\ncountries = [\"IN\", \"XX\"]\nchannels = [\"tiktok\"]\nniches = [\"fishing\"]\n";
        let loaded = parse(text, "config.toml");
        assert_eq!(loaded.me.clicks, None);
        assert_eq!(loaded.me.countries, vec![]);
        assert_eq!(loaded.me.niches, vec!["fishing".to_string()]);
        assert_eq!(loaded.problems.len(), 2, "{:?}", loaded.problems);
        assert_eq!(
            loaded.problems[0].to_string(),
            "config.toml:5:10: clicks: expected a whole number from 0 to 1,000,000,000, found \"-5\""
        );
        assert!(
            loaded.problems[1]
                .to_string()
                .starts_with("config.toml:6:13: country: expected a two-letter ISO 3166"),
            "{}",
            loaded.problems[1]
        );
    }

    #[test]
    fn unknown_keys_and_broken_files_are_reported_not_fatal() {
        let loaded = parse("[me]\nclick = 5\n", "c.toml");
        assert!(
            loaded.problems[0]
                .message
                .contains("did you mean `clicks`?")
        );
        let broken = parse("[me\nclicks = 5\n", "c.toml");
        assert_eq!(broken.me, Me::default());
        assert!(broken.problems[0].message.starts_with("not valid TOML"));
    }

    #[test]
    fn setting_a_field_keeps_the_rest_of_the_file_and_its_comments() {
        let text = "# my settings\ntheme = \"dark\" # the app's theme\n\n[keys]\nquit = \"q\"\n\n[me]\n# how many clicks\nclicks = 100\n";
        let value = checked_value(MeField::Clicks, "20,000").ok().flatten();
        let out = edited(text, MeField::Clicks, value).unwrap_or_default();
        assert_eq!(out, text.replace("clicks = 100", "clicks = 20000"));
        let value = checked_value(MeField::Countries, "in, br").ok().flatten();
        let out = edited(&out, MeField::Countries, value).unwrap_or_default();
        assert!(out.contains("countries = [\"IN\", \"BR\"]"), "{out}");
        assert_eq!(parse(&out, "c").me.clicks, Some(20_000));
        let cleared = edited(&out, MeField::Clicks, None).unwrap_or_default();
        assert!(!cleared.contains("clicks ="), "{cleared}");
        assert!(cleared.contains("# my settings") && cleared.contains("[keys]"));
    }

    #[test]
    fn the_form_gets_the_same_words_as_the_flags() {
        assert_eq!(
            checked_value(MeField::Clicks, "-5").err(),
            check_clicks("-5").err()
        );
        assert!(
            checked_value(MeField::Channels, "blog, tik tok")
                .err()
                .is_some_and(|e| e.starts_with("channel: expected one of blog"))
        );
    }

    #[test]
    fn set_field_saves_atomically_and_reads_back() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join(FILE_NAME);
        std::fs::write(&path, "# keep me\n[keys]\nquit = \"q\"\n")
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(set_field(&path, MeField::Clicks, "20000").is_ok());
        assert!(set_field(&path, MeField::Channels, "tiktok").is_ok());
        let loaded = read(&path);
        assert_eq!(loaded.me.clicks, Some(20_000));
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(text.starts_with("# keep me\n[keys]"), "{text}");
        assert!(matches!(
            set_field(&path, MeField::Clicks, "-5"),
            Err(SaveError::Invalid(_))
        ));
        std::fs::write(&path, "[me\n").unwrap_or_else(|e| panic!("{e}"));
        assert!(matches!(
            set_field(&path, MeField::Clicks, "5"),
            Err(SaveError::Unreadable(_))
        ));
        assert_eq!(std::fs::read_to_string(&path).unwrap_or_default(), "[me\n");
    }
}
