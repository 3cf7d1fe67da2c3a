//! One program: a single profile's table or one `[[program]]` of a catalog file, deserialized
//! directly when clean, or through the diagnostic path that names the field at fault.

use std::borrow::Cow;
use std::ops::Range;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::field_path::{error_path, ignored_path, join, program_prefix};
use super::known_keys::{PROFILE, is_clean, strip_unknown_keys};
use super::plain_toml::PlainTable;
use super::problem::{Problem, Severity};
use super::problem_sink::ProblemSink;
use super::wording::describe;
use crate::model::Profile;
use crate::model::fields::{self, Form};
use crate::sanitize::sanitize_line;

/// A program parsed from one text, with the spans the loader may need to point at later.
pub(super) struct Parsed {
    pub(super) profile: Profile,
    /// Its place in a catalog file (`program[3]` is 3); `None` for a single profile.
    pub(super) index: Option<usize>,
    /// Where the `id` value is.
    pub(super) id_span: Range<usize>,
    /// Where each `alternatives` entry is.
    pub(super) alternative_spans: Vec<Range<usize>>,
}

/// The warning for a key of a catalog file outside its programs.
pub(super) fn outside_key_warning(
    key: &Spanned<Cow<'_, str>>,
    src: &str,
    path: Option<&Path>,
) -> Problem {
    let name = sanitize_line(key.get_ref());
    let message = format!(
        "unknown key `{name}` is ignored: a catalog file holds only `[[program]]` tables, \
         and each program's fields go inside its own table"
    );
    Problem::warning(path, Some(name), &message).at(src, key.span())
}

/// Parses program `i` of a catalog file through the diagnostic path.
pub(super) fn catalog_item(
    item: Spanned<DeValue<'_>>,
    i: usize,
    src: &str,
    path: Option<&Path>,
    problems: &mut ProblemSink,
) -> Option<Parsed> {
    let prefix = program_prefix(i);
    let span = item.span();
    let mut program = match item.into_inner() {
        DeValue::Table(program) => program,
        other => {
            let message = format!(
                "expected a table of the program's fields, found {}",
                other.type_str()
            );
            problems.push(Problem::error(path, Some(prefix), &message).at(src, span));
            return None;
        }
    };
    let (id_span, alternative_spans) = spans_of(&program);
    let errors = strip_unknown_keys(&mut program, PROFILE, &prefix, src, path, problems);
    let at = Checking {
        prefix: &prefix,
        src,
        path,
        complete: true,
    };
    let profile = profile_from_table(program, span, errors, &at, problems)?;
    Some(Parsed {
        profile,
        index: Some(i),
        id_span,
        alternative_spans,
    })
}

/// Where a profile table is being checked: its field prefix (`program[3]` or empty), the text
/// and the file, and whether the table is all there (not what a syntax error left).
pub(super) struct Checking<'a> {
    /// `program[3]` for a catalog program, empty for a single profile.
    pub(super) prefix: &'a str,
    /// The file's text.
    pub(super) src: &'a str,
    /// The file, to label problems.
    pub(super) path: Option<&'a Path>,
    /// False when a syntax error may have eaten part of the table: a missing key is then not
    /// reported, since it may only be unreadable.
    pub(super) complete: bool,
}

/// Deserializes a profile table whose unknown keys were stripped (`errors` is how many errors
/// that found). When anything is wrong, every value is checked on its own, so a file with eight
/// mistakes is reported whole in one run rather than one mistake a run.
pub(super) fn profile_from_table(
    table: DeTable<'_>,
    span: Range<usize>,
    errors: usize,
    at: &Checking<'_>,
    problems: &mut ProblemSink,
) -> Option<Profile> {
    if errors == 0 && at.complete {
        // The common case after a warning: one pass, no copy.
        let mut whole = Vec::new();
        let de = toml::de::ValueDeserializer::from(Spanned::new(
            span.clone(),
            DeValue::Table(table.clone()),
        ));
        if let Some(profile) = deserialize_profile(de, at.prefix, at.src, at.path, &mut whole) {
            problems.extend(whole);
            return Some(profile);
        }
        let before = problems.taken();
        check_each_value(&table, span, at, problems);
        if problems.taken() == before {
            // The pieces all pass but the whole does not: say what the whole said.
            problems.extend(whole);
        }
        return None;
    }
    check_each_value(&table, span, at, problems);
    None
}

/// One value to check on its own: the keys down to it (each with the span of the table it
/// opens, for the parents) and the value.
struct Piece<'t, 'i> {
    keys: Vec<(&'t Spanned<Cow<'i, str>>, Range<usize>)>,
    value: &'t Spanned<DeValue<'i>>,
}

/// Gathers the pieces of `table` (at `at_path` in the model): a stored field is one piece
/// (a range with its `min` and `max` together), a plain table is opened.
fn pieces<'t, 'i>(
    table: &'t DeTable<'i>,
    at_path: &str,
    trail: &mut Vec<(&'t Spanned<Cow<'i, str>>, Range<usize>)>,
    out: &mut Vec<Piece<'t, 'i>>,
) {
    for (key, value) in table.iter() {
        let here = join(at_path, key.get_ref());
        match value.get_ref() {
            DeValue::Table(inner) if fields::by_path(&here).is_none() => {
                trail.push((key, value.span()));
                pieces(inner, &here, trail, out);
                trail.pop();
            }
            _ => {
                let mut keys = trail.clone();
                keys.push((key, value.span()));
                out.push(Piece { keys, value });
            }
        }
    }
}

/// Checks every value of a profile table on its own, each inside a profile of nothing but it
/// (and stand-ins for the required keys), and reports the errors; reports required keys that
/// are missing. Linear: each value is deserialized once.
fn check_each_value(
    table: &DeTable<'_>,
    span: Range<usize>,
    at: &Checking<'_>,
    problems: &mut ProblemSink,
) {
    let required: Vec<&'static str> = fields::stored()
        .filter(|f| f.required && !f.path.contains('.'))
        .map(|f| f.path)
        .collect();
    let stand_ins = |skip: &str| -> DeTable<'static> {
        let mut t = DeTable::new();
        for key in required.iter().filter(|k| **k != skip) {
            t.insert(
                Spanned::new(0..0, Cow::Borrowed(*key)),
                Spanned::new(0..0, DeValue::String(Cow::Borrowed("stand-in"))),
            );
        }
        t
    };
    let mut found = Vec::new();
    let check = |piece_table: DeTable<'_>, found: &mut Vec<Problem>| {
        let de = toml::de::ValueDeserializer::from(Spanned::new(
            span.clone(),
            DeValue::Table(piece_table),
        ));
        let mut here = Vec::new();
        deserialize_profile(de, at.prefix, at.src, at.path, &mut here);
        found.extend(here.into_iter().filter(|p| p.severity == Severity::Error));
    };
    if at.complete {
        for key in required.iter().filter(|k| !table.contains_key(**k)) {
            check(stand_ins(key), &mut found);
        }
    }
    let mut all = Vec::new();
    pieces(table, "", &mut Vec::new(), &mut all);
    for piece in all {
        let Some(((leaf, _), parents)) = piece.keys.split_last() else {
            continue;
        };
        let mut inner = DeTable::new();
        inner.insert((*leaf).clone(), piece.value.clone());
        for (key, span) in parents.iter().rev() {
            let mut outer = DeTable::new();
            outer.insert(
                (*key).clone(),
                Spanned::new(span.clone(), DeValue::Table(inner)),
            );
            inner = outer;
        }
        let top = parents.first().map_or(leaf, |(k, _)| k).get_ref().as_ref();
        let mut whole = stand_ins(top);
        for (key, value) in inner {
            whole.insert(key, value);
        }
        check(whole, &mut found);
    }
    problems.extend(found);
}

/// What the fast path made of a catalog program.
// Returned by value and matched at once; boxing the common case would cost an allocation.
#[allow(clippy::large_enum_variant)]
pub(super) enum Fast<'i> {
    /// Loaded, with nothing to report.
    Loaded(Parsed),
    /// Something the diagnostic path must report (unknown keys, an array for a table); the
    /// item is handed back untouched.
    Unclean(Spanned<DeValue<'i>>),
    /// A bad value: the item was consumed, parse again for the diagnostics.
    Failed,
}

/// Deserializes program `i` of a catalog file directly when nothing in it needs reporting.
pub(super) fn fast_program(item: Spanned<DeValue<'_>>, i: usize) -> Fast<'_> {
    let (id_span, alternative_spans) = match item.get_ref() {
        DeValue::Table(table) if is_clean(table, PROFILE) => spans_of(table),
        _ => return Fast::Unclean(item),
    };
    match Profile::deserialize(toml::de::ValueDeserializer::from(item)) {
        Ok(profile) => Fast::Loaded(Parsed {
            profile,
            index: Some(i),
            id_span,
            alternative_spans,
        }),
        Err(_) => Fast::Failed,
    }
}

/// A profile the quick reader read (a single profile's root, or a catalog piece's one
/// program, `index`), deserialized directly when nothing in it needs reporting, as
/// [`fast_program`] does for `toml`'s table; `None` sends the text down the `toml` path, which
/// gives every diagnostic.
pub(super) fn plain_program(table: PlainTable<'_>, index: Option<usize>) -> Option<Parsed> {
    if !table.is_clean(PROFILE) {
        return None;
    }
    let (id_span, alternative_spans) = table.spans();
    Some(Parsed {
        profile: table.deserialize()?,
        index,
        id_span,
        alternative_spans,
    })
}

/// The spans of a profile table's `id` and of each of its `alternatives`.
pub(super) fn spans_of(table: &DeTable<'_>) -> (Range<usize>, Vec<Range<usize>>) {
    let id_span = table.get("id").map_or(0..0, Spanned::span);
    let alternative_spans = match table.get("alternatives").map(Spanned::get_ref) {
        Some(DeValue::Array(items)) => items.iter().map(Spanned::span).collect(),
        _ => Vec::new(),
    };
    (id_span, alternative_spans)
}

/// Deserializes one profile, reporting keys nothing read and the first bad value.
pub(super) fn deserialize_profile<'de, D>(
    de: D,
    prefix: &str,
    src: &str,
    path: Option<&Path>,
    problems: &mut Vec<Problem>,
) -> Option<Profile>
where
    D: serde::Deserializer<'de, Error = toml::de::Error>,
{
    // Unknown keys were stripped beforehand with their spans; this catches any key the
    // known-key lists and the model disagree on, so nothing is ever dropped silently.
    let mut ignored = Vec::new();
    let mut note_ignored = |p: serde_ignored::Path<'_>| ignored.push(ignored_path(&p));
    let result: Result<Profile, _> =
        serde_path_to_error::deserialize(serde_ignored::Deserializer::new(de, &mut note_ignored));
    for key in ignored {
        let message = format!("unknown key `{}` is ignored", sanitize_line(&key));
        problems.push(Problem::warning(path, Some(join(prefix, &key)), &message));
    }
    match result {
        Ok(profile) => Some(profile),
        Err(err) => {
            problems.push(field_error(err, prefix, src, path));
            None
        }
    }
}

/// Turns a deserialization error into a problem naming the field, the span and the reason.
pub(super) fn field_error(
    err: serde_path_to_error::Error<toml::de::Error>,
    prefix: &str,
    src: &str,
    path: Option<&Path>,
) -> Problem {
    let at = error_path(err.path());
    let field = join(prefix, &at);
    let inner = err.into_inner();
    let span = inner.span();
    let found = span.clone().and_then(|s| src.get(s));
    let message = inner.message();
    if let Some(name) = message
        .strip_prefix("missing field `")
        .and_then(|rest| rest.strip_suffix('`'))
    {
        let example = match name {
            "id" => " (for example `id = \"example-shop\"`)",
            "name" => " (for example `name = \"Example Shop\"`)",
            _ => "",
        };
        let message = format!("missing required field `{name}`{example}");
        let problem = Problem::error(path, Some(join(&field, name)), &message);
        // The top table of a single profile has no line of its own to point at.
        return if prefix.is_empty() && at.is_empty() {
            problem
        } else {
            problem.at_opt(src, span)
        };
    }
    let mut message = describe(message, found);
    if let Some(fix) = range_fix(&at, found) {
        message.push_str(&fix);
    }
    Problem::error(path, Some(field), &message).at_opt(src, span)
}

/// For a bare number where a range belongs (`rate = 5`), how to write it as the range.
fn range_fix(at: &str, found: Option<&str>) -> Option<String> {
    let field = fields::by_path(at)?;
    let number = found?.trim();
    number.parse::<f64>().ok()?;
    let key = at.rsplit('.').next().unwrap_or(at);
    let currency = if matches!(field.form, Form::MoneyRange | Form::Threshold) {
        ", currency = \"USD\""
    } else {
        ""
    };
    matches!(
        field.form,
        Form::PercentRange | Form::MoneyRange | Form::Threshold
    )
    .then(|| {
        format!(
            "; a range is a table: write `{key} = {{ min = {number}, max = {number}{currency} }}` \
             for exactly {number}, or `{key} = {{ min = {number}{currency} }}` for {number} or more"
        )
    })
}
