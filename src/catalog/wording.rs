//! The words of a problem: toml and serde errors reworded as "expected …, found …", with a
//! suggestion where one helps.

use crate::sanitize::sanitize_line;
use crate::suggest::closest;

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

#[cfg(test)]
#[allow(clippy::expect_used, clippy::unwrap_used)]
mod tests {
    use super::*;

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
}
