//! How typed values read to a person: "3–9%", "up to 15%", "$20–$50", "not stated".
//! The command line and the terminal app both print values through here, so a value never
//! reads one way in `affex show` and another on screen.

use crate::model::{Days, Line, MoneyRange, PercentRange};

/// What every unknown value reads as.
pub const NOT_STATED: &str = "not stated";

/// Formats a number without a trailing `.0`: 15 → "15", 2.5 → "2.5".
pub fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        let s = format!("{v:.2}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// A percentage range: "3–9%", "up to 15%", "4%+", "10%"; the level follows in brackets.
/// `None` when nothing is known.
pub fn percent_range(range: &PercentRange) -> Option<String> {
    let figure = match (range.min, range.max) {
        (Some(lo), Some(hi)) if lo == hi => Some(format!("{}%", number(lo.get()))),
        (Some(lo), Some(hi)) => Some(format!("{}–{}%", number(lo.get()), number(hi.get()))),
        (None, Some(hi)) => Some(format!("up to {}%", number(hi.get()))),
        (Some(lo), None) => Some(format!("{}%+", number(lo.get()))),
        (None, None) => None,
    };
    with_level(figure, range.level.map(|l| l.label()))
}

fn with_level(figure: Option<String>, level: Option<&str>) -> Option<String> {
    match (figure, level) {
        (Some(f), Some(l)) => Some(format!("{f} ({l})")),
        (Some(f), None) => Some(f),
        (None, Some(l)) => Some(l.to_string()),
        (None, None) => None,
    }
}

fn amount(v: f64, range: &MoneyRange) -> String {
    match range.currency.as_ref() {
        Some(c) => match c.symbol() {
            Some(sym) => format!("{sym}{}", number(v)),
            None => format!("{} {}", number(v), c.as_str()),
        },
        None => number(v),
    }
}

/// A money range: "$16", "$20–$50", "$50+", "up to $10"; a missing currency is said, not
/// assumed; the level follows in brackets. `None` when nothing is known.
pub fn money_range(range: &MoneyRange) -> Option<String> {
    let figure = match (range.min, range.max) {
        (Some(lo), Some(hi)) if lo == hi => Some(amount(lo.get(), range)),
        (Some(lo), Some(hi)) => Some(format!(
            "{}–{}",
            amount(lo.get(), range),
            amount(hi.get(), range)
        )),
        (None, Some(hi)) => Some(format!("up to {}", amount(hi.get(), range))),
        (Some(lo), None) => Some(format!("{}+", amount(lo.get(), range))),
        (None, None) => None,
    };
    let figure = match figure {
        Some(f) if range.currency.is_none() && range.high_figure().is_some_and(|v| v > 0.0) => {
            Some(format!("{f} (currency not stated)"))
        }
        other => other,
    };
    with_level(figure, range.level.map(|l| l.label()))
}

/// A fee: like [`money_range`], but nothing to pay reads "free".
pub fn fee(range: &MoneyRange) -> Option<String> {
    if range.high_figure() == Some(0.0) {
        Some("free".to_string())
    } else {
        money_range(range)
    }
}

/// A duration: "1 day", "15 days".
pub fn days(d: Option<Days>) -> Option<String> {
    d.map(|d| match d.get() {
        1 => "1 day".to_string(),
        n => format!("{n} days"),
    })
}

/// A list joined with commas; `None` when empty.
pub fn list(items: &[Line]) -> Option<String> {
    if items.is_empty() {
        None
    } else {
        Some(
            items
                .iter()
                .map(Line::as_str)
                .collect::<Vec<_>>()
                .join(", "),
        )
    }
}

/// A list of labels joined with commas; `None` when empty.
pub fn labels<T: Copy>(items: &[T], label: impl Fn(T) -> &'static str) -> Option<String> {
    if items.is_empty() {
        None
    } else {
        Some(
            items
                .iter()
                .map(|&i| label(i))
                .collect::<Vec<_>>()
                .join(", "),
        )
    }
}

/// An optional one-line field as text.
pub fn line(value: &Option<Line>) -> Option<String> {
    value.as_ref().map(|l| l.as_str().to_string())
}

/// Joins the parts that are known with `sep`; `None` when none is.
pub fn join_known(parts: impl IntoIterator<Item = Option<String>>, sep: &str) -> Option<String> {
    let known: Vec<String> = parts.into_iter().flatten().collect();
    if known.is_empty() {
        None
    } else {
        Some(known.join(sep))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pr(src: &str) -> PercentRange {
        toml::from_str::<std::collections::BTreeMap<String, PercentRange>>(&format!("r = {src}"))
            .ok()
            .and_then(|mut m| m.remove("r"))
            .unwrap_or_default()
    }

    fn mr(src: &str) -> MoneyRange {
        toml::from_str::<std::collections::BTreeMap<String, MoneyRange>>(&format!("r = {src}"))
            .ok()
            .and_then(|mut m| m.remove("r"))
            .unwrap_or_default()
    }

    #[test]
    fn percent_ranges_read_naturally() {
        assert_eq!(
            percent_range(&pr("{ min = 3, max = 9 }")).as_deref(),
            Some("3–9%")
        );
        assert_eq!(
            percent_range(&pr("{ max = 15 }")).as_deref(),
            Some("up to 15%")
        );
        assert_eq!(percent_range(&pr("{ min = 12 }")).as_deref(), Some("12%+"));
        assert_eq!(
            percent_range(&pr("{ min = 2, max = 4, level = \"low-medium\" }")).as_deref(),
            Some("2–4% (low–medium)")
        );
        assert_eq!(percent_range(&pr("{}")), None);
    }

    #[test]
    fn money_never_assumes_a_currency() {
        assert_eq!(
            money_range(&mr("{ min = 16, max = 16, currency = \"USD\" }")).as_deref(),
            Some("$16")
        );
        assert_eq!(
            money_range(&mr("{ min = 20, max = 50, currency = \"USD\" }")).as_deref(),
            Some("$20–$50")
        );
        assert_eq!(
            money_range(&mr("{ min = 15 }")).as_deref(),
            Some("15+ (currency not stated)")
        );
        assert_eq!(fee(&mr("{ min = 0, max = 0 }")).as_deref(), Some("free"));
        assert_eq!(number(2.5), "2.5");
    }
}
