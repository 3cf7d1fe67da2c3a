//! Problems found while loading profiles, and how they are shown: where, what, and the line.
//!
//! Everything quoted from a file passes through [`crate::sanitize`] before it is stored in a
//! [`Problem`], so printing a problem can never send a terminal an escape sequence.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use toml::Spanned;
use toml::de::{DeTable, DeValue};
use unicode_width::UnicodeWidthStr;

use crate::sanitize::{sanitize_line, sanitize_text};

/// How serious a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Severity {
    /// The file, or the program in it, was not loaded.
    Error,
    /// Loaded anyway, but something in it was ignored or looks wrong.
    Warning,
}

impl Severity {
    /// The word shown before the message.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One thing wrong in a profile, located as precisely as the input allows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Error or warning.
    pub severity: Severity,
    /// The file or directory at fault; `None` for a bundled profile or text given directly.
    pub path: Option<PathBuf>,
    /// For a compiled-in profile, its file name (`path` is then `None`).
    pub bundled: Option<&'static str>,
    /// 1-based line of the offending text.
    pub line: Option<usize>,
    /// 1-based column, in characters, where the offending text starts.
    pub column: Option<usize>,
    /// Dotted path of the field at fault, such as `cookie.days` or `program[3].cookie.days`.
    pub field: Option<String>,
    /// What was expected and what was found.
    pub message: String,
    /// The offending source line, sanitized.
    pub excerpt: Option<String>,
    /// The terminal columns of `excerpt` the problem covers, for the `^^^` marker.
    pub underline: Option<Range<usize>>,
}

impl Problem {
    /// A problem with no position yet; the message and field are sanitized here.
    pub(super) fn new(
        severity: Severity,
        path: Option<&Path>,
        field: Option<String>,
        message: &str,
    ) -> Self {
        Problem {
            severity,
            path: path.map(Path::to_path_buf),
            bundled: None,
            line: None,
            column: None,
            field: field.map(|f| sanitize_line(&f)),
            message: sanitize_text(message),
            excerpt: None,
            underline: None,
        }
    }

    /// An error with no position.
    pub(super) fn error(path: Option<&Path>, field: Option<String>, message: &str) -> Self {
        Problem::new(Severity::Error, path, field, message)
    }

    /// A warning with no position.
    pub(super) fn warning(path: Option<&Path>, field: Option<String>, message: &str) -> Self {
        Problem::new(Severity::Warning, path, field, message)
    }

    /// Points the problem at `span` (a byte range) of `src`.
    pub(super) fn at(self, src: &str, span: Range<usize>) -> Self {
        self.at_location(locate(src, span))
    }

    /// Points the problem at a place already located.
    pub(super) fn at_location(mut self, loc: Location) -> Self {
        self.line = Some(loc.line);
        self.column = Some(loc.column);
        self.excerpt = Some(loc.excerpt);
        self.underline = Some(loc.underline);
        self
    }

    /// Points the problem at `span` when there is one.
    pub(super) fn at_opt(self, src: &str, span: Option<Range<usize>>) -> Self {
        match span {
            Some(span) => self.at(src, span),
            None => self,
        }
    }
}

impl Problem {
    /// Where the problem is, as its report starts: `path`, `path:line` or `path:line:column`.
    pub fn location(&self) -> String {
        let mut at = match (&self.path, self.bundled) {
            (Some(path), _) => sanitize_line(&path.display().to_string()),
            (None, Some(name)) => format!("(bundled) {name}"),
            (None, None) => "<input>".to_string(),
        };
        if let Some(line) = self.line {
            at.push_str(&format!(":{line}"));
            if let Some(column) = self.column {
                at.push_str(&format!(":{column}"));
            }
        }
        at
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.location())?;
        let severity = self.severity.label();
        match &self.field {
            Some(field) => write!(f, ": {severity} in `{field}`: {}", self.message)?,
            None => write!(f, ": {severity}: {}", self.message)?,
        }
        if let (Some(line), Some(excerpt)) = (self.line, &self.excerpt) {
            let number = line.to_string();
            let gutter = number.len().max(4);
            write!(f, "\n{number:>gutter$} |")?;
            if !excerpt.is_empty() {
                write!(f, " {excerpt}")?;
            }
            if let Some(underline) = &self.underline {
                let carets = underline.end.saturating_sub(underline.start).max(1);
                write!(
                    f,
                    "\n{:gutter$} | {}{}",
                    "",
                    " ".repeat(underline.start),
                    "^".repeat(carets)
                )?;
            }
        }
        Ok(())
    }
}

/// Where a span sits in its text, ready to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Location {
    /// 1-based line.
    pub line: usize,
    /// 1-based column in characters.
    pub column: usize,
    /// The line, sanitized (and cut around the span when it is very long).
    pub excerpt: String,
    /// The terminal columns of `excerpt` under the span.
    pub underline: Range<usize>,
}

/// Lines longer than this are cut around the span, so a minified file prints one screen line.
const EXCERPT_MAX_BYTES: usize = 240;

/// Turns a byte span of `src` into a line, a column and a sanitized excerpt.
pub(super) fn locate(src: &str, span: Range<usize>) -> Location {
    let start = floor_char_boundary(src, span.start);
    let line_start = src[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = src[start..].find('\n').map_or(src.len(), |i| start + i);
    let line_end = if src[line_start..line_end].ends_with('\r') && start < line_end {
        line_end - 1
    } else {
        line_end
    };
    let end = floor_char_boundary(src, span.end.clamp(start, line_end.max(start)));
    let line = 1 + src.as_bytes()[..line_start]
        .iter()
        .filter(|&&b| b == b'\n')
        .count();
    let column = 1 + src[line_start..start].chars().count();

    // Cut very long lines to a window around the span.
    let mut window_start = line_start;
    let mut window_end = line_end;
    if line_end - line_start > EXCERPT_MAX_BYTES {
        window_start =
            floor_char_boundary(src, start.saturating_sub(EXCERPT_MAX_BYTES / 3)).max(line_start);
        window_end = floor_char_boundary(src, (start + EXCERPT_MAX_BYTES * 2 / 3).min(line_end))
            .max(end.min(line_end));
    }
    let left_mark = if window_start > line_start { "…" } else { "" };
    let right_mark = if window_end < line_end { "…" } else { "" };
    let excerpt = format!(
        "{left_mark}{}{right_mark}",
        sanitize_keeping_indent(&src[window_start..window_end])
    );
    let before = prefix_width(&src[window_start..start]) + left_mark.width();
    let span_width = sanitize_line(&src[start..end.max(start)]).width().max(1);
    Location {
        line,
        column,
        excerpt,
        underline: before..before + span_width,
    }
}

/// Where each line of `src` starts, for [`locate_indexed`].
pub(super) fn line_starts(src: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(memchr::memchr_iter(b'\n', src.as_bytes()).map(|i| i + 1))
        .collect()
}

/// [`locate`] in a long text whose [`line_starts`] are known: only the span's own line is read.
pub(super) fn locate_indexed(src: &str, span: Range<usize>, line_starts: &[usize]) -> Location {
    let start = span.start.min(src.len());
    let line = line_starts
        .partition_point(|&s| s <= start)
        .saturating_sub(1);
    let line_start = line_starts.get(line).copied().unwrap_or(0).min(start);
    let rest = src.get(line_start..).unwrap_or(src);
    let mut loc = locate(
        rest,
        span.start - line_start..span.end.saturating_sub(line_start),
    );
    loc.line += line;
    loc
}

/// The largest char boundary of `s` at or below `i`.
fn floor_char_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Sanitizes one line but keeps its indentation, so the excerpt looks like the file.
fn sanitize_keeping_indent(raw: &str) -> String {
    let body = raw.trim_start_matches([' ', '\t']);
    let indent = raw.len() - body.len();
    format!("{}{}", " ".repeat(indent), sanitize_line(body))
}

/// The terminal width of `prefix` once sanitized like the excerpt it is part of.
fn prefix_width(prefix: &str) -> usize {
    let core = prefix.trim_end_matches([' ', '\t']);
    let trailing = prefix.len() - core.len();
    sanitize_keeping_indent(core).width() + trailing
}

/// Rewords a toml/serde error message as "expected …, found …" with a suggestion where one
/// helps. `found` is the source text of the span, used to name what was there.
pub(super) fn describe(message: &str, found: Option<&str>) -> String {
    if let Some(rest) = message
        .strip_prefix("invalid type: ")
        .or_else(|| message.strip_prefix("invalid value: "))
        && let Some((what, expected)) = rest.rsplit_once(", expected ")
    {
        return format!(
            "expected {}, found {}",
            describe_expected(expected),
            describe_found(what, found)
        );
    }
    if let Some(rest) = message.strip_prefix("unknown variant `")
        && let Some((variant, expected)) = rest.split_once("`, expected ")
    {
        let choices = backticked(expected);
        let variant = sanitize_line(variant);
        let mut out = format!("expected {expected}, found \"{variant}\"");
        if let Some(best) = closest(&variant, choices.iter().copied()) {
            out.push_str(&format!("; did you mean `{best}`?"));
        }
        return out;
    }
    match message {
        "recursion limit" => {
            return "keys nested too deeply; a profile needs only a few levels of tables"
                .to_string();
        }
        "cannot recurse further; max recursion depth met" => {
            return "arrays or tables nested too deeply; a profile needs only a few levels"
                .to_string();
        }
        _ => {}
    }
    if message.starts_with("invalid ")
        && let Some(c) = found.and_then(|t| t.chars().next())
        && c.is_control()
    {
        let code = u32::from(c);
        return format!(
            "control character U+{code:04X} is not allowed here; remove it, or inside a \
             string write it as `\\u{code:04x}`"
        );
    }
    if message == "duplicate key"
        && let Some(key) = found
    {
        return format!(
            "duplicate key `{}`: a key may appear only once in a table",
            sanitize_line(key)
        );
    }
    message.to_string()
}

/// Names serde's expectations in the words of the profile format.
fn describe_expected(expected: &str) -> String {
    match expected {
        "u8" => "a whole number from 0 to 255".to_string(),
        "a boolean" => "`true` or `false`".to_string(),
        "a sequence" => "an array".to_string(),
        "a map" => "a table".to_string(),
        other if other.starts_with("struct ") => "a table".to_string(),
        other => other.to_string(),
    }
}

/// Names what was found, in TOML's words rather than serde's.
fn describe_found(what: &str, found: Option<&str>) -> String {
    match what {
        // TOML dates reach serde as maps; say what the user wrote.
        "map" if found.is_some_and(|t| t.starts_with(|c: char| c.is_ascii_digit())) => {
            "a date".to_string()
        }
        "map" => "a table".to_string(),
        "sequence" => "an array".to_string(),
        other => {
            // `integer `300`` reads better as plain `300`.
            for kind in ["integer `", "floating point `", "boolean `"] {
                if let Some(value) = other.strip_prefix(kind).and_then(|v| v.strip_suffix('`')) {
                    return value.to_string();
                }
            }
            other.to_string()
        }
    }
}

/// The words quoted in backticks in `text`.
fn backticked(text: &str) -> Vec<&str> {
    text.split('`').skip(1).step_by(2).collect()
}

/// The candidate closest to `word`, when one is close enough to be a likely typo.
pub(super) fn closest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let norm = |s: &str| s.to_lowercase().replace('_', "-");
    let word = norm(word);
    let mut best: Option<(f64, &'a str)> = None;
    for candidate in candidates {
        let c = norm(candidate);
        let mut score = strsim::jaro_winkler(&word, &c);
        if word.len() >= 3 && (c.contains(&word) || word.contains(&c)) {
            score = score.max(0.85);
        }
        if score >= 0.8 && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// What a table may hold: its keys and, for each, the shape of its value.
#[derive(Debug, Clone, Copy)]
pub(super) enum Shape {
    /// A value whose own type the profile model checks.
    Value,
    /// A table with these keys.
    Table(&'static [(&'static str, Shape)]),
    /// An array of tables with these keys (`[[audiences]]`).
    TableArray(&'static [(&'static str, Shape)]),
}

use Shape::{Table, TableArray, Value};

pub(super) const PERCENT_RANGE: &[(&str, Shape)] = &[
    ("min", Value),
    ("max", Value),
    ("level", Value),
    ("approx", Value),
    ("open_top", Value),
];
pub(super) const MONEY_RANGE: &[(&str, Shape)] = &[
    ("min", Value),
    ("max", Value),
    ("currency", Value),
    ("level", Value),
    ("approx", Value),
    ("open_top", Value),
    ("no_minimum", Value),
];
pub(super) const DELAY: &[(&str, Shape)] = &[("days", Value), ("kind", Value), ("usually", Value)];
pub(super) const PAY_DAY: &[(&str, Shape)] = &[
    ("day", Value),
    ("to", Value),
    ("month", Value),
    ("approx", Value),
    ("usually", Value),
];
pub(super) const CONTENT_RULE: &[(&str, Shape)] = &[("rule", Value), ("note", Value)];
pub(super) const PROGRAM: &[(&str, Shape)] = &[
    ("types", Value),
    ("mlm", Value),
    ("tiers", Value),
    ("platform", Value),
    ("in_house", Value),
    ("portal", Value),
    ("networks", Value),
    ("former_networks", Value),
];
pub(super) const COMMISSION: &[(&str, Shape)] = &[
    ("rate", Table(PERCENT_RANGE)),
    ("typical", Table(PERCENT_RANGE)),
    ("structure", Value),
    ("bonuses", Value),
    ("note", Value),
];
pub(super) const COOKIE: &[(&str, Shape)] = &[("days", Value), ("note", Value)];
pub(super) const PAYOUT: &[(&str, Shape)] = &[
    ("minimum", Table(MONEY_RANGE)),
    ("fee", Table(MONEY_RANGE)),
    ("frequency", Value),
    ("delay", Table(DELAY)),
    ("delay_days", Value),
    ("pay_day", Table(PAY_DAY)),
    ("methods", Value),
    ("note", Value),
];
pub(super) const MARKET: &[(&str, Shape)] = &[
    ("average_order", Table(MONEY_RANGE)),
    ("conversion", Table(PERCENT_RANGE)),
    ("entry_fee", Table(MONEY_RANGE)),
    ("note", Value),
];
pub(super) const PROMOTION: &[(&str, Shape)] = &[
    ("materials", Value),
    ("traffic_sources", Value),
    ("countries", Value),
    ("excluded_countries", Value),
    ("countries_note", Value),
    ("explicit", Table(CONTENT_RULE)),
    ("religious_political", Table(CONTENT_RULE)),
];
pub(super) const AUDIENCE: &[(&str, Shape)] =
    &[("kind", Value), ("suits", Value), ("niches", Value)];
pub(super) const NOTE: &[(&str, Shape)] = &[
    ("field", Value),
    ("kind", Value),
    ("text", Value),
    ("other_value", Value),
    ("sources", Value),
];
/// The keys of one profile, and of every table inside it.
pub(super) const PROFILE: &[(&str, Shape)] = &[
    ("id", Value),
    ("name", Value),
    ("owner", Value),
    ("launched", Value),
    ("website", Value),
    ("summary", Value),
    ("focus", Value),
    ("industry", Value),
    ("product_types", Value),
    ("niches", Value),
    ("program", Table(PROGRAM)),
    ("commission", Table(COMMISSION)),
    ("cookie", Table(COOKIE)),
    ("payout", Table(PAYOUT)),
    ("market", Table(MARKET)),
    ("promotion", Table(PROMOTION)),
    ("audiences", TableArray(AUDIENCE)),
    ("alternatives", Value),
    ("notes", TableArray(NOTE)),
    ("sources", Value),
];

/// Joins a field path and a key: `cookie` + `days` is `cookie.days`.
pub(super) fn join(prefix: &str, key: &str) -> String {
    if key.is_empty() {
        prefix.to_string()
    } else if prefix.is_empty() {
        key.to_string()
    } else {
        format!("{prefix}.{key}")
    }
}

/// Removes every key `shape` does not know from `table` (recursing into known tables) and
/// reports each one as a warning, so a typo costs a warning, never the whole profile.
///
/// Also reports, as errors, arrays where `shape` wants a table: serde would quietly read
/// `cookie = [30]` as a cookie by position. Returns how many such errors it found; the table
/// must not be loaded when there are any.
pub(super) fn strip_unknown_keys(
    table: &mut DeTable<'_>,
    shape: &'static [(&'static str, Shape)],
    prefix: &str,
    src: &str,
    path: Option<&Path>,
    problems: &mut Vec<Problem>,
) -> usize {
    let unknown: Vec<Spanned<String>> = table
        .keys()
        .filter(|k| !shape.iter().any(|(name, _)| *name == k.get_ref().as_ref()))
        .map(|k| Spanned::new(k.span(), k.get_ref().to_string()))
        .collect();
    for key in &unknown {
        let name = key.get_ref().as_str();
        let message = unknown_key_message(name, shape);
        problems
            .push(Problem::warning(path, Some(join(prefix, name)), &message).at(src, key.span()));
        table.remove(name);
    }
    let mut errors = 0;
    let mut not_a_table = |field: String, span: Range<usize>, hint: &str| {
        let message = format!("expected a table, found an array{hint}");
        problems.push(Problem::error(path, Some(field), &message).at(src, span));
        errors += 1;
    };
    let mut nested = Vec::new();
    for (key, value) in table.iter_mut() {
        let name = key.get_ref().as_ref();
        let Some((_, inner)) = shape.iter().find(|(n, _)| *n == name) else {
            continue;
        };
        let field = join(prefix, name);
        let span = value.span();
        match (inner, value.get_mut()) {
            (Table(keys), DeValue::Table(t)) => nested.push((t, *keys, field)),
            (Table(_), DeValue::Array(_)) => {
                let hint = if prefix.is_empty() && name == "program" {
                    "; `[[program]]` tables make a catalog file, which must not have a \
                     top-level `id` (write `[program]` for this profile's terms)"
                } else {
                    ""
                };
                not_a_table(field, span, hint);
            }
            (TableArray(keys), DeValue::Array(items)) => {
                for (i, item) in items.iter_mut().enumerate() {
                    let here = format!("{field}[{i}]");
                    let span = item.span();
                    match item.get_mut() {
                        DeValue::Table(t) => nested.push((t, *keys, here)),
                        DeValue::Array(_) => not_a_table(here, span, ""),
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    for (t, keys, field) in nested {
        errors += strip_unknown_keys(t, keys, &field, src, path, problems);
    }
    errors
}

/// True when [`strip_unknown_keys`] would find nothing to report in `table`: every key is
/// known, and there is a table wherever `shape` wants one. Such a table can be deserialized
/// directly, without the diagnostic path.
pub(super) fn is_clean(table: &DeTable<'_>, shape: &[(&'static str, Shape)]) -> bool {
    table.iter().all(|(key, value)| {
        let name: &str = key.get_ref().as_ref();
        let Some((_, inner)) = shape.iter().find(|(n, _)| *n == name) else {
            return false;
        };
        match (inner, value.get_ref()) {
            (Table(keys), DeValue::Table(t)) => is_clean(t, keys),
            (Table(_), DeValue::Array(_)) => false,
            (TableArray(keys), DeValue::Array(items)) => {
                items.iter().all(|item| match item.get_ref() {
                    DeValue::Table(t) => is_clean(t, keys),
                    DeValue::Array(_) => false,
                    _ => true,
                })
            }
            _ => true,
        }
    })
}

/// "unknown key `x`; did you mean `y`?", or the keys that would be understood here.
fn unknown_key_message(name: &str, shape: &[(&'static str, Shape)]) -> String {
    let shown = sanitize_line(name);
    // `cookie_days = 30` at the top: the key belongs inside a table.
    for (table, inner) in shape {
        if let Table(keys) = inner
            && let Some(rest) = name
                .strip_prefix(table)
                .and_then(|r| r.strip_prefix(['_', '.', '-']))
            && let Some(best) = closest(rest, keys.iter().map(|(n, _)| *n))
        {
            return format!(
                "unknown key `{shown}` is ignored; did you mean `{best}` in `[{table}]`?"
            );
        }
    }
    let known = shape.iter().map(|(n, _)| *n);
    if let Some(best) = closest(name, known.clone()) {
        return format!("unknown key `{shown}` is ignored; did you mean `{best}`?");
    }
    let list: Vec<String> = known.map(|k| format!("`{k}`")).collect();
    format!(
        "unknown key `{shown}` is ignored; keys allowed here: {}",
        list.join(", ")
    )
}

#[cfg(test)]
#[allow(clippy::expect_used, clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn locate_finds_line_column_and_underline() {
        let src = "id = \"x\"\n[cookie]\ndays = -1\n";
        let start = src.find("-1").expect("in the text");
        let loc = locate(src, start..start + 2);
        assert_eq!((loc.line, loc.column), (3, 8));
        assert_eq!(loc.excerpt, "days = -1");
        assert_eq!(loc.underline, 7..9);
    }

    #[test]
    fn columns_count_characters_and_underline_counts_cells() {
        let src = "name = \"速卖通\" x";
        let start = src.find('x').expect("in the text");
        let loc = locate(src, start..start + 1);
        assert_eq!(loc.column, 14);
        assert_eq!(loc.underline, 16..17, "wide characters take two cells");
    }

    #[test]
    fn excerpts_are_sanitized_and_keep_indent() {
        let src = "  name = \"\u{1b}]0;pwned\u{7}\u{1b}[2J\" # \u{9b}31m\n";
        let start = src.find('#').expect("in the text");
        let loc = locate(src, start..start + 1);
        assert!(crate::sanitize::is_clean(&loc.excerpt), "{:?}", loc.excerpt);
        assert!(loc.excerpt.starts_with("  name"));
        assert_eq!(loc.excerpt.chars().nth(loc.underline.start), Some('#'));
    }

    #[test]
    fn long_lines_are_cut_around_the_span() {
        let src = format!("x = [{}99999]", "1, ".repeat(500));
        let start = src.find("99999").expect("in the text");
        let loc = locate(&src, start..start + 5);
        assert!(loc.excerpt.len() < 300);
        assert!(loc.excerpt.starts_with('…') && !loc.excerpt.ends_with('…'));
        let under: String = loc
            .excerpt
            .chars()
            .skip(loc.underline.start)
            .take(loc.underline.len())
            .collect();
        assert_eq!(under, "99999");
    }

    #[test]
    fn spans_at_the_end_and_past_it_do_not_panic() {
        let src = "a = \"x\nb";
        #[allow(clippy::reversed_empty_ranges)]
        let spans = [8..8, 8..20, 30..40, 6..6, 7..3];
        for span in spans {
            let loc = locate(src, span);
            assert!(loc.line >= 1 && !loc.underline.is_empty());
        }
        assert_eq!(locate("", 0..0).line, 1);
        assert_eq!(
            locate("é", 1..2).column,
            1,
            "a span inside a character moves back"
        );
    }

    #[test]
    fn display_shows_the_line_and_carets() {
        let src = "id = \"x\"\nname = \"X\"\n[cookie]\ndays = -1\n";
        let start = src.find("-1").expect("in the text");
        let p = Problem::error(
            Some(Path::new("profiles/bad.toml")),
            Some("cookie.days".into()),
            "expected a whole number of days from 0 to 36500, found -1",
        )
        .at(src, start..start + 2);
        assert_eq!(
            p.to_string(),
            "profiles/bad.toml:4:8: error in `cookie.days`: expected a whole number of days \
             from 0 to 36500, found -1\n   4 | days = -1\n     |        ^^"
        );
        let bare = Problem::error(Some(Path::new("gone.toml")), None, "cannot read");
        assert_eq!(bare.to_string(), "gone.toml: error: cannot read");
    }

    #[test]
    fn hostile_paths_and_messages_are_sanitized() {
        let p = Problem::warning(
            Some(Path::new("evil\u{1b}]52;c;aGk=\u{7}.toml")),
            Some("a\u{1b}[31m".into()),
            "bad \u{1b}[2J value",
        );
        assert!(crate::sanitize::is_clean(&p.to_string().replace('\n', "")));
    }

    #[test]
    fn messages_say_expected_and_found() {
        assert_eq!(
            describe("invalid type: string \"two\", expected u8", Some("\"two\"")),
            "expected a whole number from 0 to 255, found string \"two\""
        );
        assert_eq!(
            describe(
                "invalid type: map, expected a year such as 2010",
                Some("1999-01-01")
            ),
            "expected a year such as 2010, found a date"
        );
        assert_eq!(
            describe("invalid type: sequence, expected a string", Some("[1]")),
            "expected a string, found an array"
        );
        assert_eq!(
            describe(
                "unknown variant `montly`, expected one of `weekly`, `biweekly`, `monthly`, `on-request`",
                None
            ),
            "expected one of `weekly`, `biweekly`, `monthly`, `on-request`, found \"montly\"; \
             did you mean `monthly`?"
        );
        assert_eq!(
            describe(
                "invalid basic string, expected non-double-quote visible characters, `\\`",
                Some("\u{1b}")
            ),
            "control character U+001B is not allowed here; remove it, or inside a string \
             write it as `\\u001b`"
        );
        assert_eq!(
            describe("duplicate key", Some("id")),
            "duplicate key `id`: a key may appear only once in a table"
        );
    }

    #[test]
    fn suggestions_need_a_close_match() {
        assert_eq!(closest("dayz", ["days", "note"]), Some("days"));
        assert_eq!(
            closest("on_request", ["weekly", "on-request"]),
            Some("on-request")
        );
        assert_eq!(closest("zzzzzz", ["days", "note"]), None);
        assert_eq!(
            unknown_key_message("dayz", COOKIE),
            "unknown key `dayz` is ignored; did you mean `days`?"
        );
        assert_eq!(
            unknown_key_message("colour", COOKIE),
            "unknown key `colour` is ignored; keys allowed here: `days`, `note`"
        );
        assert_eq!(
            unknown_key_message("cookie_dayz", PROFILE),
            "unknown key `cookie_dayz` is ignored; did you mean `days` in `[cookie]`?"
        );
        assert_eq!(
            unknown_key_message("payout_delay", PROFILE),
            "unknown key `payout_delay` is ignored; did you mean `delay` in `[payout]`?"
        );
    }
}
