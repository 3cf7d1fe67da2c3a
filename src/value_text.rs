//! How typed values read to a person: "3–9%", "up to 15%", "$20–$50", "not stated".
//! The command line and the terminal app both print values through here, so a value never
//! reads one way in `affex show` and another on screen.

use crate::model::{Days, Figures, Line, MoneyRange, PercentRange};

/// What every unknown value reads as.
pub const NOT_STATED: &str = "not stated";

/// The marker after a value that a caveat qualifies (the caveat is beside it in `affex show`
/// and in the detail pane); distinct from the `†` of a contradiction.
pub const CAVEAT_MARK: &str = "*";

/// The marker before an approximate figure, as the sources write it.
pub const APPROX_MARK: &str = "~";

/// Formats a number without a trailing `.0`: 15 → "15", 2.5 → "2.5", to as many decimals as
/// a number keeps (an amount's four: "0.0549").
pub fn number(v: f64) -> String {
    number_to(v, crate::model::MAX_DECIMALS)
}

/// [`number`] rounded to at most `decimals`: a derived figure such as days from hours.
pub fn number_to(v: f64, decimals: usize) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        let s = format!("{v:.decimals$}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// Figures as the sources write them: "3–9", "up to 15", "4–12+", "~50", each figure passed
/// through `one` (which adds "%" or the currency).
fn figures(f: Figures, one: impl Fn(f64) -> String) -> Option<String> {
    let open = if f.open_top { "+" } else { "" };
    let body = match (f.low, f.high) {
        (Some(lo), Some(hi)) if lo == hi => format!("{}{open}", one(lo)),
        (Some(lo), Some(hi)) => format!("{}–{}{open}", one(lo), one(hi)),
        (None, Some(hi)) if f.open_top => format!("{}+", one(hi)),
        (None, Some(hi)) => format!("up to {}", one(hi)),
        (Some(lo), None) => format!("{}+", one(lo)),
        (None, None) => return None,
    };
    Some(if f.approx {
        format!("{APPROX_MARK}{body}")
    } else {
        body
    })
}

/// A percentage range: "3–9%", "up to 15%", "4–12%+", "~2–4%", "10%"; the level follows in
/// brackets. `None` when nothing is known.
pub fn percent_range(range: &PercentRange) -> Option<String> {
    // The "%" goes on the last figure only: "3–9%", "4–12%+".
    let f = range.figures();
    let figure = match (f.low, f.high) {
        (Some(lo), Some(hi)) if lo != hi => {
            let open = if f.open_top { "+" } else { "" };
            let tilde = if f.approx { APPROX_MARK } else { "" };
            Some(format!("{tilde}{}–{}%{open}", number(lo), number(hi)))
        }
        _ => figures(f, |v| format!("{}%", number(v))),
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

/// A money range: "$16", "$20–$50", "$50+", "~$35–$40", "up to $10", "no minimum"; a missing
/// currency is said, not assumed; the level follows in brackets. `None` when nothing is known.
pub fn money_range(range: &MoneyRange) -> Option<String> {
    if range.no_minimum {
        // The source's own alternative follows: "No Minimum / Low".
        return Some(match range.level {
            Some(l) => format!("no minimum / {}", l.label()),
            None => "no minimum".to_string(),
        });
    }
    let f = range.figures();
    let figure = figures(f, |v| amount(v, range));
    let figure = match figure {
        Some(text) if range.currency.is_none() && f.high.or(f.low).is_some_and(|v| v > 0.0) => {
            Some(format!("{text} (currency not stated)"))
        }
        other => other,
    };
    with_level(figure, range.level.map(|l| l.label()))
}

/// A fee: like [`money_range`], but nothing to pay reads "free".
pub fn fee(range: &MoneyRange) -> Option<String> {
    if range.high_figure() == Some(0.0) && !range.open_top {
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

/// A duration in hours: "1 hour", "36 hours".
pub fn hours(h: u32) -> String {
    crate::plural::count(h, "hour")
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
        assert_eq!(
            percent_range(&pr("{ min = 4, max = 12, open_top = true }")).as_deref(),
            Some("4–12%+")
        );
        assert_eq!(
            percent_range(&pr("{ min = 2, max = 4, approx = true }")).as_deref(),
            Some("~2–4%")
        );
        assert_eq!(
            percent_range(&pr("{ min = 10, approx = true, level = \"high\" }")).as_deref(),
            Some("~10%+ (high)")
        );
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
        assert_eq!(
            money_range(&mr(
                "{ min = 35, max = 40, approx = true, currency = \"USD\" }"
            ))
            .as_deref(),
            Some("~$35–$40")
        );
        assert_eq!(
            money_range(&mr(
                "{ min = 50, max = 50, approx = true, currency = \"USD\" }"
            ))
            .as_deref(),
            Some("~$50")
        );
        assert_eq!(
            money_range(&mr("{ min = 1000, max = 1000, currency = \"INR\" }")).as_deref(),
            Some("1000 INR")
        );
        assert_eq!(
            money_range(&mr("{ no_minimum = true, level = \"low\" }")).as_deref(),
            Some("no minimum / low")
        );
        assert_eq!(
            money_range(&mr("{ no_minimum = true }")).as_deref(),
            Some("no minimum")
        );
        assert_eq!(number(2.5), "2.5");
    }
}
