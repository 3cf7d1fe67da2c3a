//! Parsing one file's text: empty, a single profile, or a catalog of `[[program]]` tables,
//! cut in pieces ([`super::chunks`]) when it can be and parsed whole when it cannot.

use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::chunks::{self, CatalogChunks, ChunkSizes};
use super::field_path::{join, program_prefix};
use super::known_keys::{PROFILE, is_clean, strip_unknown_keys};
use super::location::{position, with_line_index};
use super::per_file::MAX_PROBLEMS_PER_FILE;
use super::plain_toml;
use super::problem::{Problem, Severity};
use super::problem_sink::ProblemSink;
use super::program::{
    Checking, Parsed, catalog_item, outside_key_warning, plain_program, profile_from_table,
    spans_of,
};
use super::wording::describe;
use crate::model::Profile;

/// At most this many syntax errors are reported per file; later ones are mostly echoes.
const MAX_SYNTAX_ERRORS: usize = 10;

/// Parses one file's text, a single profile or a catalog of `[[program]]` tables, into the
/// programs that are valid and the problems found; `path` is only used to label problems.
pub fn parse_source(src: &str, path: Option<&Path>) -> (Vec<Profile>, Vec<Problem>) {
    let (parsed, problems) = parse_text(src, path, ChunkSizes::PRODUCTION);
    (parsed.into_iter().map(|p| p.profile).collect(), problems)
}

/// Parses a text into programs and problems (problems in source order).
///
/// A catalog file is parsed in pieces, on all cores when it is large ([`chunks`]); a file that
/// cannot be cut cleanly is parsed whole. Either way the result is the same.
pub(super) fn parse_text(
    src: &str,
    path: Option<&Path>,
    sizes: ChunkSizes,
) -> (Vec<Parsed>, Vec<Problem>) {
    if src.trim_start_matches('\u{feff}').trim().is_empty() {
        let problem = Problem::error(
            path,
            None,
            "empty file: a profile needs at least `id` and `name`",
        );
        return (Vec::new(), vec![problem]);
    }
    if chunks::may_be_catalog(src) {
        let mut pieces = CatalogChunks::new(path, sizes);
        let mut parsed = Vec::new();
        if chunks::parse_all(src, &mut pieces, &mut |p| parsed.push(p)).is_ok() {
            return (parsed, pieces.into_problems());
        }
    }
    parse_whole(src, path)
}

/// Parses a text as one document: a single profile, or a catalog file that could not be cut.
///
/// A valid profile with no unknown key (the common case) is deserialized directly; anything
/// else takes the diagnostic path, which strips unknown keys with their spans and tracks the
/// path to a bad value.
pub(super) fn parse_whole(src: &str, path: Option<&Path>) -> (Vec<Parsed>, Vec<Problem>) {
    // However many problems the text has, it is read for lines once.
    with_line_index(src, || parse_whole_indexed(src, path))
}

/// [`parse_whole`], inside the text's line index.
fn parse_whole_indexed(src: &str, path: Option<&Path>) -> (Vec<Parsed>, Vec<Problem>) {
    if let Some(parsed) = plain_profile(src) {
        return (vec![parsed], Vec::new());
    }
    let (root, errors) = DeTable::parse_recoverable(src);
    if errors.is_empty() && is_clean_profile(root.get_ref()) {
        if let Some(parsed) = clean_profile(root) {
            return (vec![parsed], Vec::new());
        }
        // The table was consumed: parse again for the exact diagnostics.
        let (root, errors) = DeTable::parse_recoverable(src);
        return parse_document(src, path, root, errors);
    }
    parse_document(src, path, root, errors)
}

/// A single profile read by the quick reader ([`plain_toml`]) and loaded with nothing to
/// report; `None` sends the text down the `toml` path, which gives every diagnostic.
fn plain_profile(src: &str) -> Option<Parsed> {
    let root = plain_toml::read(src)?;
    if root.is_catalog() {
        return None;
    }
    plain_program(root, None)
}

/// A single profile (not a catalog) with no key the loader would report.
fn is_clean_profile(root: &DeTable<'_>) -> bool {
    !is_catalog(root) && is_clean(root, PROFILE)
}

/// The profile of a root [`is_clean_profile`] passed, with its id's and alternatives' spans;
/// `None` when it does not deserialize (the caller parses again for the diagnostics).
fn clean_profile(root: Spanned<DeTable<'_>>) -> Option<Parsed> {
    let span = root.span();
    let table = root.into_inner();
    let (id_span, alternative_spans) = spans_of(&table);
    let de = toml::de::Deserializer::from(Spanned::new(span, table));
    let profile = Profile::deserialize(de).ok()?;
    Some(Parsed {
        profile,
        index: None,
        id_span,
        alternative_spans,
    })
}

/// A catalog file's root: no `id` of its own and an array of `program` tables.
fn is_catalog(root: &DeTable<'_>) -> bool {
    !root.contains_key("id")
        && matches!(
            root.get("program").map(Spanned::get_ref),
            Some(DeValue::Array(_))
        )
}

/// The diagnostic path for a parsed document.
fn parse_document(
    src: &str,
    path: Option<&Path>,
    root: Spanned<DeTable<'_>>,
    errors: Vec<toml::de::Error>,
) -> (Vec<Parsed>, Vec<Problem>) {
    let mut parsed = Vec::new();
    if !errors.is_empty() {
        let mut problems = ProblemSink::recording_lines();
        let shown = errors.len().min(MAX_SYNTAX_ERRORS);
        for error in errors.iter().take(shown) {
            let found = error.span().and_then(|s| src.get(s));
            let message = describe(error.message(), found);
            problems.push(Problem::error(path, None, &message).at_opt(src, error.span()));
        }
        let more = errors.len() - shown;
        // What the parser could read is still checked, so the other mistakes show in the same
        // run; nothing is loaded, and keys are not called missing (a syntax error may hide one).
        if !is_catalog(root.get_ref()) {
            let span = root.span();
            let mut table = root.into_inner();
            let errors = 1 + strip_unknown_keys(&mut table, PROFILE, "", src, path, &mut problems);
            let at = Checking {
                prefix: "",
                src,
                path,
                complete: false,
            };
            // A line with a syntax error is reported once, as that: what the parser made of it
            // is a guess.
            let mut checked = ProblemSink::excluding(problems.lines());
            profile_from_table(table, span, errors, &at, &mut checked);
            problems.append(checked);
        }
        let (mut problems, mut hidden) = problems.into_sorted();
        if more > 0 {
            let message = format!("and {more} more syntax errors after these");
            if problems.len() < MAX_PROBLEMS_PER_FILE && hidden.is_empty() {
                problems.push(Problem::error(path, None, &message));
            } else {
                hidden.note(Severity::Error);
            }
        }
        if !hidden.is_empty() {
            problems.push(hidden.summary(path, None));
        }
        return (parsed, problems);
    }
    let mut problems = ProblemSink::new();
    if is_catalog(root.get_ref()) {
        parse_catalog(root, src, path, &mut parsed, &mut problems);
    } else {
        let span = root.span();
        let mut table = root.into_inner();
        let (id_span, alternative_spans) = spans_of(&table);
        let errors = strip_unknown_keys(&mut table, PROFILE, "", src, path, &mut problems);
        let at = Checking {
            prefix: "",
            src,
            path,
            complete: true,
        };
        if let Some(profile) = profile_from_table(table, span, errors, &at, &mut problems) {
            parsed.push(Parsed {
                profile,
                index: None,
                id_span,
                alternative_spans,
            });
        }
    }
    (parsed, problems.into_problems(path))
}

/// Parses each `[[program]]` of a catalog file on its own, so one bad program costs only itself.
fn parse_catalog(
    root: Spanned<DeTable<'_>>,
    src: &str,
    path: Option<&Path>,
    parsed: &mut Vec<Parsed>,
    problems: &mut ProblemSink,
) {
    let mut table = root.into_inner();
    let Some(programs) = table.remove("program") else {
        return;
    };
    for key in table.keys() {
        problems.push(outside_key_warning(key, src, path));
    }
    let DeValue::Array(items) = programs.into_inner() else {
        return;
    };
    let mut seen: HashMap<String, (usize, Range<usize>)> = HashMap::new();
    for (i, item) in items.into_iter().enumerate() {
        let Some(program) = catalog_item(item, i, src, path, problems) else {
            continue;
        };
        if let Some((first, first_span)) = seen.get(program.profile.id.as_str()) {
            let (line, column) = position(src, program.id_span.clone());
            if !problems.keeps(Some(line), Some(column)) {
                problems.skip(Severity::Error, Some(line));
                continue;
            }
            let line = position(src, first_span.clone()).0;
            let message = format!(
                "duplicate id `{}`: program[{first}] on line {line} of this file already uses \
                 it; this one is ignored",
                program.profile.id
            );
            let field = join(&program_prefix(i), "id");
            problems.push(Problem::error(path, Some(field), &message).at(src, program.id_span));
            continue;
        }
        seen.insert(
            program.profile.id.as_str().to_string(),
            (i, program.id_span.clone()),
        );
        parsed.push(program);
    }
}

#[cfg(test)]
#[allow(clippy::expect_used, clippy::unwrap_used)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::catalog::Severity;
    use crate::catalog::load;
    use crate::catalog::test_files::*;
    use crate::sanitize::is_clean;

    #[test]
    fn a_minimal_profile_loads_without_problems() {
        let (profiles, problems) = parse_source(&profile("shop"), None);
        assert!(problems.is_empty(), "{}", shown(&problems));
        assert_eq!(profiles.len(), 1);
        assert_eq!(profiles[0].name.as_str(), "Name of shop");
    }

    #[test]
    fn a_bad_value_names_the_field_line_and_column_and_shows_the_line() {
        let src = format!("{}\n[cookie]\ndays = -1\n", profile("shop"));
        let (profiles, problems) = parse_source(&src, Some(Path::new("profiles/bad.toml")));
        assert!(profiles.is_empty());
        assert_eq!(
            shown(&problems),
            "profiles/bad.toml:5:8: error in `cookie.days`: expected a whole number of days \
             from 0 to 36500, found -1\n   5 | days = -1\n     |        ^^"
        );
        let p = &problems[0];
        assert_eq!((p.line, p.column), (Some(5), Some(8)));
        assert_eq!(p.field.as_deref(), Some("cookie.days"));
        assert_eq!(p.excerpt.as_deref(), Some("days = -1"));
    }

    #[test]
    fn missing_id_and_name_are_named() {
        let (_, problems) = parse_source("name = \"X\"\n", None);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].field.as_deref(), Some("id"));
        assert!(
            problems[0]
                .message
                .starts_with("missing required field `id`")
        );
        let (_, problems) = parse_source("id = \"x\"\n", None);
        assert_eq!(problems[0].field.as_deref(), Some("name"));
        assert!(
            problems[0]
                .message
                .starts_with("missing required field `name`")
        );
    }

    #[test]
    fn unknown_keys_warn_and_the_profile_still_loads() {
        let src = format!(
            "{}colour = \"red\"\n[cookie]\ndays = 30\ndayz = 31\n[commission]\nrate = {{ min = 1, maxx = 5 }}\n",
            profile("shop")
        );
        let (profiles, problems) = parse_source(&src, None);
        assert_eq!(profiles.len(), 1, "{}", shown(&problems));
        assert_eq!(profiles[0].cookie.days.map(|d| d.get()), Some(30));
        let found: Vec<(Option<&str>, Option<usize>, Option<usize>)> = problems
            .iter()
            .map(|p| (p.field.as_deref(), p.line, p.column))
            .collect();
        assert_eq!(
            found,
            [
                (Some("colour"), Some(3), Some(1)),
                (Some("cookie.dayz"), Some(6), Some(1)),
                (Some("commission.rate.maxx"), Some(8), Some(19)),
            ]
        );
        assert!(problems.iter().all(|p| p.severity == Severity::Warning));
        assert!(problems[2].message.contains("did you mean `max`?"));
    }

    #[test]
    fn arrays_where_tables_belong_are_errors() {
        for body in [
            "cookie = [30]",
            "[commission]\nrate = [1, 5]",
            "[promotion]\nexplicit = [\"prohibited\"]",
            "audiences = [[\"bloggers\"]]",
        ] {
            let (profiles, problems) = parse_source(&format!("{}{body}\n", profile("x")), None);
            assert!(profiles.is_empty(), "{body} must not load");
            assert!(
                problems[0]
                    .message
                    .starts_with("expected a table, found an array"),
                "{body}: {}",
                shown(&problems)
            );
        }
    }

    #[test]
    fn catalog_files_load_each_program_on_its_own() {
        let src = "[[program]]\nid = \"a\"\nname = \"A\"\n\n[[program]]\nid = \"b\"\nname = \"B\"\n\
                   cookie = { days = -3 }\n\n[[program]]\nid = \"c\"\nname = \"C\"\ncolour = 1\n\n\
                   [[program]]\nname = \"No id\"\n";
        let (profiles, problems) = parse_source(src, Some(Path::new("many.toml")));
        let loaded: Vec<&str> = profiles.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(loaded, ["a", "c"]);
        let found: Vec<(Severity, Option<&str>, Option<usize>)> = problems
            .iter()
            .map(|p| (p.severity, p.field.as_deref(), p.line))
            .collect();
        assert_eq!(
            found,
            [
                (Severity::Error, Some("program[1].cookie.days"), Some(8)),
                (Severity::Warning, Some("program[2].colour"), Some(13)),
                (Severity::Error, Some("program[3].id"), Some(15)),
            ]
        );
        assert_eq!(problems[2].excerpt.as_deref(), Some("[[program]]"));
    }

    #[test]
    fn catalog_files_warn_about_keys_outside_programs() {
        let src = "title = \"mine\"\n[[program]]\nid = \"a\"\nname = \"A\"\n";
        let (profiles, problems) = parse_source(src, None);
        assert_eq!(profiles.len(), 1);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].severity, Severity::Warning);
        assert_eq!(problems[0].line, Some(1));
    }

    #[test]
    fn duplicate_ids_in_a_catalog_file_keep_the_first() {
        let src = "[[program]]\nid = \"a\"\nname = \"First\"\n[[program]]\nid = \"a\"\nname = \"Second\"\n";
        let (profiles, problems) = parse_source(src, None);
        assert_eq!(profiles.len(), 1);
        assert_eq!(profiles[0].name.as_str(), "First");
        assert_eq!(problems[0].field.as_deref(), Some("program[1].id"));
        assert_eq!(problems[0].line, Some(5));
        assert!(problems[0].message.contains("program[0] on line 2"));
    }

    #[test]
    fn empty_files_are_errors() {
        let dir = tempfile::tempdir().expect("temp dir");
        write(dir.path(), "empty.toml", "");
        write(dir.path(), "blank.toml", " \n\t\n");
        let catalog = load(&only_dirs(&[dir.path()]));
        assert_eq!(catalog.errors(), 2);
        assert!(
            catalog
                .problems
                .iter()
                .all(|p| p.message == "empty file: a profile needs at least `id` and `name`")
        );
    }

    #[test]
    fn hostile_text_never_reaches_the_terminal() {
        let src = "id = \"x\u{1b}[31m\"\nname = \"\\u001b]0;title\\u0007N\"\n\"\\u001b[2Jk\" = 1\n\
                   [payout]\nfrequency = [\"\\u009b31m\"]\n# \u{1b}]52;c;aGk=\u{7}\n";
        let (_, problems) = parse_source(src, Some(Path::new("evil\u{1b}[5m.toml")));
        assert!(!problems.is_empty());
        for p in &problems {
            let text = p.to_string();
            assert!(is_clean(&text), "{text:?}");
        }
    }
}
