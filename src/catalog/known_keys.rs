//! The keys a profile may hold: unknown ones are warned about and stripped (a typo costs a
//! warning, never the whole profile), with "did you mean …?" where one is close.

use std::ops::Range;
use std::path::Path;
use std::sync::LazyLock;

use toml::de::{DeTable, DeValue};

use super::field_path::join;
use super::location::position;
use super::problem::{Problem, Severity};
use super::problem_sink::ProblemSink;
use crate::model::fields::{self, KeyShape};
use crate::suggest::closest;

/// What a key of a table holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Shape {
    /// A value whose own type the profile model checks.
    Value,
    /// A table; its keys are `known_keys` of this path.
    Table(&'static str),
    /// An array of tables (`[[audiences]]`); each one's keys are `known_keys` of this path.
    TableArray(&'static str),
}

use Shape::{Table, TableArray, Value};

/// The path of a profile's own table, for [`known_keys`].
pub(super) const PROFILE: &str = "";

/// The keys a table of a profile may hold, each with the shape of its value. `table` is the
/// table's path without program prefix or array index: `""` for the profile itself,
/// `cookie`, `commission.rate`, `audiences`. An unknown table has no known keys.
///
/// Read from the field table ([`fields::keys_under`]) once, the first time a profile is checked.
pub(super) fn known_keys(table: &str) -> &'static [(&'static str, Shape)] {
    // Looked up for every table of every profile loaded: foldhash, not SipHash (no text an
    // attacker chooses is a key here, only the field table's paths).
    static KNOWN: LazyLock<foldhash::HashMap<&'static str, Vec<(&'static str, Shape)>>> =
        LazyLock::new(|| {
            let mut known = foldhash::HashMap::default();
            let mut tables = vec![PROFILE];
            while let Some(table) = tables.pop() {
                let keys: Vec<(&'static str, Shape)> = fields::keys_under(table)
                    .into_iter()
                    .map(|k| {
                        let shape = match k.shape {
                            KeyShape::Value => Value,
                            KeyShape::Table => Table(k.path),
                            KeyShape::TableArray => TableArray(k.path),
                        };
                        if k.shape != KeyShape::Value {
                            tables.push(k.path);
                        }
                        (k.key, shape)
                    })
                    .collect();
                known.insert(table, keys);
            }
            known
        });
    KNOWN.get(table).map_or(&[], Vec::as_slice)
}

/// Removes every key `shape` does not know from `table` (recursing into known tables) and
/// reports each one as a warning, so a typo costs a warning, never the whole profile.
///
/// Also reports, as errors, arrays where `shape` wants a table: serde would quietly read
/// `cookie = [30]` as a cookie by position. Returns how many such errors it found; the table
/// must not be loaded when there are any.
pub(super) fn strip_unknown_keys(
    table: &mut DeTable<'_>,
    known: &'static str,
    prefix: &str,
    src: &str,
    path: Option<&Path>,
    problems: &mut ProblemSink,
) -> usize {
    let shape = known_keys(known);
    let is_known = |key: &str| shape.iter().any(|(name, _)| *name == key);
    let mut any_unknown = false;
    for key in table.keys() {
        let name: &str = key.get_ref().as_ref();
        if is_known(name) {
            continue;
        }
        any_unknown = true;
        // Past the listed problems, a key is only counted: no message, no "did you mean".
        let (line, column) = position(src, key.span());
        if !problems.keeps(Some(line), Some(column)) {
            problems.skip(Severity::Warning, Some(line));
            continue;
        }
        let message = unknown_key_message(name, known);
        problems
            .push(Problem::warning(path, Some(join(prefix, name)), &message).at(src, key.span()));
    }
    if any_unknown {
        // One pass: removing keys one at a time shifts the rest of the table each time.
        let all = std::mem::replace(table, DeTable::new());
        for (key, value) in all {
            if is_known(key.get_ref()) {
                table.insert(key, value);
            }
        }
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
            (Table(inner), DeValue::Table(t)) => nested.push((t, *inner, field)),
            (Table(_), DeValue::Array(_)) => {
                let hint = if prefix.is_empty() && name == "program" {
                    "; `[[program]]` tables make a catalog file, which must not have a \
                     top-level `id` (write `[program]` for this profile's terms)"
                } else {
                    ""
                };
                not_a_table(field, span, hint);
            }
            (TableArray(inner), DeValue::Array(items)) => {
                for (i, item) in items.iter_mut().enumerate() {
                    let here = format!("{field}[{i}]");
                    let span = item.span();
                    match item.get_mut() {
                        DeValue::Table(t) => nested.push((t, *inner, here)),
                        DeValue::Array(_) => not_a_table(here, span, ""),
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    for (t, inner, field) in nested {
        errors += strip_unknown_keys(t, inner, &field, src, path, problems);
    }
    errors
}

/// True when [`strip_unknown_keys`] would find nothing to report in `table`: every key is
/// known, and there is a table wherever [`known_keys`] of `known` wants one. Such a table can be
/// deserialized directly, without the diagnostic path.
pub(super) fn is_clean(table: &DeTable<'_>, known: &str) -> bool {
    let shape = known_keys(known);
    table.iter().all(|(key, value)| {
        let name: &str = key.get_ref().as_ref();
        let Some((_, inner)) = shape.iter().find(|(n, _)| *n == name) else {
            return false;
        };
        match (inner, value.get_ref()) {
            (Table(inner), DeValue::Table(t)) => is_clean(t, inner),
            (Table(_), DeValue::Array(_)) => false,
            (TableArray(inner), DeValue::Array(items)) => {
                items.iter().all(|item| match item.get_ref() {
                    DeValue::Table(t) => is_clean(t, inner),
                    DeValue::Array(_) => false,
                    _ => true,
                })
            }
            _ => true,
        }
    })
}

/// "unknown key `x`; did you mean `y`?", or the keys that would be understood here.
fn unknown_key_message(name: &str, known: &str) -> String {
    let shown = crate::sanitize::visible(name);
    let shape = known_keys(known);
    // `summary = "…"` written under `[cookie]`: TOML puts every key after a `[table]` header
    // into that table, so a top-level key must come before the first one.
    if known != PROFILE
        && !known.contains('.')
        && known_keys(PROFILE).iter().any(|(n, _)| *n == name)
    {
        return format!(
            "`{shown}` is a top-level key, but here it is read as part of `[{known}]` and \
             ignored: every key after a `[table]` header belongs to that table, so move \
             `{shown}` above the first table"
        );
    }
    // `cookie_days = 30` at the top: the key belongs inside a table.
    for (table, inner) in shape {
        if let Table(inner) = inner
            && let Some(rest) = name
                .strip_prefix(table)
                .and_then(|r| r.strip_prefix(['_', '.', '-']))
            && let Some(best) = closest(rest, known_keys(inner).iter().map(|(n, _)| *n))
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
    use std::fs;
    use std::path::Path;

    use toml::de::{DeTable, DeValue};

    use super::*;
    use crate::catalog::field_path::join;
    use crate::catalog::parse_source;
    use crate::catalog::test_files::*;
    use toml::Spanned;

    #[test]
    fn unknown_keys_suggest_a_close_key_or_list_the_allowed_ones() {
        assert_eq!(
            unknown_key_message("dayz", "cookie"),
            "unknown key `dayz` is ignored; did you mean `days`?"
        );
        assert_eq!(
            unknown_key_message("colour", "cookie"),
            "unknown key `colour` is ignored; keys allowed here: `days`, `hours`, `note`"
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

    /// Records the field names serde derive hands to `deserialize_struct`.
    struct FieldRecorder<'a>(&'a mut Vec<&'static str>);

    impl<'de> serde::Deserializer<'de> for FieldRecorder<'_> {
        type Error = serde::de::value::Error;
        fn deserialize_any<V: serde::de::Visitor<'de>>(
            self,
            _: V,
        ) -> Result<V::Value, Self::Error> {
            Err(serde::de::Error::custom("not a struct"))
        }
        fn deserialize_struct<V: serde::de::Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Self::Error> {
            self.0.extend_from_slice(fields);
            Err(serde::de::Error::custom("recorded"))
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
            option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
            ignored_any
        }
    }

    fn fields_of<T: serde::de::DeserializeOwned>() -> Vec<&'static str> {
        let mut fields = Vec::new();
        let _ = T::deserialize(FieldRecorder(&mut fields));
        fields.sort_unstable();
        fields
    }

    fn keys_of(table: &str) -> Vec<&'static str> {
        let mut keys: Vec<&'static str> = known_keys(table).iter().map(|(k, _)| *k).collect();
        keys.sort_unstable();
        keys
    }

    fn amount_fields() -> Vec<&'static str> {
        let mut fields = fields_of::<crate::model::MoneyRange>();
        fields.retain(|f| *f != "no_minimum");
        fields
    }

    #[test]
    fn known_key_lists_match_the_model() {
        use crate::model::*;
        let pairs: [(&str, Vec<&str>); 23] = [
            ("", fields_of::<Profile>()),
            ("program", fields_of::<ProgramTerms>()),
            ("commission", fields_of::<Commission>()),
            ("cookie", fields_of::<Cookie>()),
            ("payout", fields_of::<Payout>()),
            ("market", fields_of::<Market>()),
            ("promotion", fields_of::<Promotion>()),
            ("audiences", fields_of::<Audience>()),
            ("notes", fields_of::<Note>()),
            ("commission.rate", fields_of::<PercentRange>()),
            ("commission.typical", fields_of::<PercentRange>()),
            ("market.conversion", fields_of::<PercentRange>()),
            ("payout.minimum", fields_of::<MoneyRange>()),
            // "No minimum" belongs to a threshold alone: on other amounts it is an unknown key.
            ("payout.fee", amount_fields()),
            ("market.average_order", amount_fields()),
            ("market.entry_fee", amount_fields()),
            ("market.epc", amount_fields()),
            ("market.approval", fields_of::<PercentRange>()),
            ("imports", fields_of::<Imported>()),
            ("imports.epc", amount_fields()),
            ("promotion.explicit", fields_of::<ContentRule>()),
            ("promotion.religious_political", fields_of::<ContentRule>()),
            ("no.such.table", Vec::new()),
        ];
        for (table, model) in pairs {
            assert_eq!(
                keys_of(table),
                model,
                "known keys of `{table}` differ from the model"
            );
        }
    }

    #[test]
    fn every_table_a_known_key_names_has_known_keys() {
        let mut tables = vec![PROFILE];
        while let Some(table) = tables.pop() {
            assert!(!known_keys(table).is_empty(), "`{table}` has no known keys");
            for (_, shape) in known_keys(table) {
                if let Table(inner) | TableArray(inner) = shape {
                    tables.push(inner);
                }
            }
        }
    }

    /// The known keys of `known` that `table` lacks (for arrays of tables, in the first one).
    fn absent_keys(table: &DeTable<'_>, known: &str, prefix: &str) -> Vec<String> {
        let mut absent = Vec::new();
        for (key, inner) in known_keys(known) {
            let here = join(prefix, key);
            match (inner, table.get(*key).map(Spanned::get_ref)) {
                (_, None) => absent.push(here),
                (Shape::Table(keys), Some(DeValue::Table(t))) => {
                    absent.extend(absent_keys(t, keys, &here));
                }
                (Shape::TableArray(keys), Some(DeValue::Array(items))) => {
                    match items.first().map(Spanned::get_ref) {
                        Some(DeValue::Table(t)) => absent.extend(absent_keys(t, keys, &here)),
                        _ => absent.push(here),
                    }
                }
                _ => {}
            }
        }
        absent
    }

    #[test]
    fn a_profile_with_every_known_key_loads_without_warnings() {
        let path = Path::new(FIXTURES).join("valid/full.toml");
        let src = fs::read_to_string(&path).expect("full.toml");
        let root = DeTable::parse(&src).expect("valid TOML");
        let absent = absent_keys(root.get_ref(), PROFILE, "");
        assert!(absent.is_empty(), "full.toml lacks known keys {absent:?}");
        let (profiles, problems) = parse_source(&src, Some(&path));
        assert_eq!(profiles.len(), 1);
        assert!(problems.is_empty(), "{}", shown(&problems));
    }

    #[test]
    fn the_fast_check_agrees_with_stripping_unknown_keys() {
        let mut texts: Vec<String> = fixture_files("invalid")
            .into_iter()
            .chain(fixture_files("valid"))
            .filter_map(|f| fs::read_to_string(f).ok())
            .collect();
        texts.push(varied_catalog(40));
        for text in texts {
            let Ok(root) = DeTable::parse(&text) else {
                continue;
            };
            let mut tables = vec![root.into_inner()];
            if let Some(DeValue::Array(items)) = tables[0].get("program").map(Spanned::get_ref) {
                let programs: Vec<DeTable<'_>> = items
                    .iter()
                    .filter_map(|item| match item.get_ref() {
                        DeValue::Table(t) => Some(t.clone()),
                        _ => None,
                    })
                    .collect();
                tables.extend(programs);
            }
            for mut table in tables {
                let clean = is_clean(&table, PROFILE);
                let mut problems = ProblemSink::new();
                let errors =
                    strip_unknown_keys(&mut table, PROFILE, "", &text, None, &mut problems);
                assert_eq!(clean, problems.taken() == 0 && errors == 0, "{text}");
            }
        }
    }
}
