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
use super::problem::Problem;
use super::wording::describe;
use crate::model::Profile;
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
    problems: &mut Vec<Problem>,
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
    if strip_unknown_keys(&mut program, PROFILE, &prefix, src, path, problems) > 0 {
        return None;
    }
    let de = toml::de::ValueDeserializer::from(Spanned::new(span, DeValue::Table(program)));
    let profile = deserialize_profile(de, &prefix, src, path, problems)?;
    Some(Parsed {
        profile,
        index: Some(i),
        id_span,
        alternative_spans,
    })
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
    Problem::error(path, Some(field), &describe(message, found)).at_opt(src, span)
}
