//! Which import format a file looks like, so a file given to the wrong importer says what it
//! seems to be instead of failing on its first record.

use super::Format;

/// What a file's text looks like: the command word that imports it (when affex has one) and
/// how a person knows the format.
pub fn looks_like(text: &str) -> Option<(Option<&'static str>, &'static str)> {
    let text = text.trim_start_matches('\u{feff}').trim_start();
    let head: String = text.chars().take(64 * 1024).collect();
    let has = |s: &str| head.contains(s);
    match head.chars().next()? {
        '<' if has("<cj-api") || has("<advertisers") || has("advertiser-id") => {
            Some((Some("cj"), "CJ's Advertiser Lookup XML"))
        }
        '<' => Some((None, "XML")),
        '{' | '[' if has("\"programmeInfo\"") || has("\"displayUrl\"") => Some((
            Some("awin"),
            "an Awin programme list or programme details (JSON)",
        )),
        '{' | '[' if has("\"goto_cookie_lifetime\"") || has("\"payment_size\"") => {
            Some((Some("admitad"), "Admitad's advertiser campaigns (JSON)"))
        }
        '{' | '[' => Some((None, "JSON of another kind")),
        _ => {
            let first = head.lines().next().unwrap_or_default();
            first
                .contains(',')
                .then_some((Some("csv"), "a spreadsheet (CSV with a header row)"))
        }
    }
}

/// The words to add to a problem when a file given as `expected` looks like another format:
/// "; it looks like a spreadsheet (CSV with a header row): try `affex import csv FILE`".
pub fn looks_like_instead(text: &str, expected: Format) -> String {
    match looks_like(text) {
        Some((Some(word), _)) if word == expected.word() => String::new(),
        Some((Some(word), what)) => {
            format!("; it looks like {what}: try `affex import {word} FILE`")
        }
        Some((None, what)) => format!("; it looks like {what}"),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_format_is_recognised() {
        assert_eq!(
            looks_like("[{\"id\": 1, \"displayUrl\": \"x\"}]").and_then(|l| l.0),
            Some("awin")
        );
        assert_eq!(
            looks_like("name,commission\nA,5\n").and_then(|l| l.0),
            Some("csv")
        );
        assert!(looks_like("<?xml version=\"1.0\"?><cj-api>").is_some_and(|l| l.1.contains("CJ")));
        assert!(
            looks_like("{\"results\": [{\"payment_size\": \"5%\"}]}")
                .is_some_and(|l| l.1.contains("Admitad"))
        );
        assert_eq!(
            looks_like_instead("name,commission\n", Format::Awin),
            "; it looks like a spreadsheet (CSV with a header row): try `affex import csv FILE`"
        );
        assert_eq!(
            looks_like_instead("[{\"programmeInfo\": {}}]", Format::Awin),
            ""
        );
    }
}
