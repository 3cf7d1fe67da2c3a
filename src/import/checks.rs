//! Checks the network importers share: a JSON document parsed (or why not, and which format
//! it looks like), plain figures as networks write them, web addresses, and ISO 4217 currency
//! codes.

use std::path::Path;

use serde_json::Value;

use super::Format;
use super::record::{ImportProblem, Locator, problem};
use crate::model::Currency;

/// The JSON document of a file given as `format`, or the problem that says it is not JSON (at
/// its line) and which format it looks like instead.
pub fn json_document(file: &Path, text: &str, format: Format) -> Result<Value, ImportProblem> {
    serde_json::from_str(text).map_err(|e| {
        let message = format!(
            "not valid JSON ({e}){}",
            super::sniff::looks_like_instead(text, format)
        );
        problem(file, Some(Locator::Line(e.line())), message)
    })
}

/// A figure written as plain digits with one optional point and an optional leading minus
/// ("45.20", "-3"); `None` for anything else ("1e999", "inf", "N/A", "abc").
pub fn plain_figure(t: &str) -> Option<f64> {
    let digits = t.strip_prefix('-').unwrap_or(t);
    let ok = digits.bytes().any(|b| b.is_ascii_digit())
        && digits.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && digits.bytes().filter(|&b| b == b'.').count() <= 1;
    if ok { t.parse().ok() } else { None }
}

/// True for an `http://` or `https://` address (any case) with something after the scheme,
/// the only kind an import keeps as a `website`.
pub fn is_web_address(raw: &str) -> bool {
    let lower = raw.get(..8).unwrap_or(raw).to_ascii_lowercase();
    let rest = if lower.starts_with("https://") {
        raw.get(8..)
    } else if lower.starts_with("http://") {
        raw.get(7..)
    } else {
        None
    };
    rest.is_some_and(|r| !r.trim().is_empty())
}

/// `code` as a currency when it is in ISO 4217 ("USD", "RUB"); else the problem's words.
pub fn known_currency(code: &str) -> Result<Currency, String> {
    let currency = Currency::parse(code)?;
    if iso_currency::Currency::from_code(code).is_none() {
        return Err(format!(
            "expected an ISO 4217 currency code such as \"USD\", found {:?}",
            crate::sanitize::sanitize_line(code)
        ));
    }
    Ok(currency)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_are_plain_digits() {
        assert_eq!(plain_figure("45.20"), Some(45.2));
        assert_eq!(plain_figure("-3"), Some(-3.0));
        for odd in ["1e999", "inf", "NaN", "N/A", "", ".", "1.2.3", "+5", "5%"] {
            assert_eq!(plain_figure(odd), None, "{odd}");
        }
    }

    #[test]
    fn only_web_addresses_are_kept() {
        assert!(is_web_address("https://a.example"));
        assert!(is_web_address("HTTP://a.example"));
        assert!(!is_web_address("javascript:alert(1)"));
        assert!(!is_web_address("https://"));
        assert!(!is_web_address("http://"));
        assert!(!is_web_address("ftp://a.example"));
    }

    #[test]
    fn currencies_must_be_in_iso_4217() {
        assert_eq!(
            known_currency("RUB").map(|c| c.as_str().to_string()),
            Ok("RUB".into())
        );
        assert!(known_currency("XBT").is_err_and(|e| e.contains("ISO 4217")));
        assert!(known_currency("ZZZ").is_err());
        assert!(known_currency("usd").is_err());
    }
}
