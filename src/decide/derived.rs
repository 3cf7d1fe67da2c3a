//! The derived rows of the comparison ([`Derived`] in the field table): one estimate's result
//! as a cell's text and the [`Bounds`] it ranks on, by the same rules as every other row (money
//! rows carry their currency as the scale, so programs in other currencies are not ranked
//! against each other).

use super::Estimate;
use super::band::Band;
use super::eligibility::Verdict;
use crate::model::fields::{Bounds, Derived};

fn money(band: Band, currency: &str) -> Bounds {
    let zero = band.low == 0.0 && band.high == Some(0.0);
    Bounds {
        figures: band.figures(),
        level: None,
        scale: (!zero).then(|| currency.to_string()),
    }
}

/// The text and ranking bounds of `row` for one program's estimate. A result that cannot be
/// worked out has text saying what is missing and no bounds, so it never wins or loses.
pub fn cell(row: Derived, e: &Estimate) -> (Option<String>, Option<Bounds>) {
    let earn = &e.earnings;
    let earning = |band: Option<Band>| match band {
        Some(b) => (Some(earn.text(Some(b))), Some(money(b, &earn.currency))),
        None => (Some(short_unavailable(e)), None),
    };
    match row {
        Derived::PerClick => earning(earn.per_click),
        Derived::PerThousand => earning(earn.per_thousand),
        Derived::PerMonth => earning(earn.per_month),
        Derived::EffectiveMinimum => match e.cash.effective_minimum {
            Some(m) => (
                Some(e.cash.minimum_text()),
                Some(money(m, &e.cash.currency)),
            ),
            None => (None, None),
        },
        Derived::DaysToPayout => {
            let d = e.cash.days;
            // "≥ 0 days" says nothing: it neither wins nor loses.
            let known = d.high.is_some() || d.low > 0.0;
            let bounds = known.then(|| Bounds {
                figures: d.figures(),
                level: None,
                scale: None,
            });
            (Some(e.cash.short()), bounds)
        }
        Derived::Eligibility => {
            let el = &e.eligibility;
            if el.checks.is_empty() {
                return (Some("not checked".to_string()), None);
            }
            let level = match el.verdict {
                Verdict::Yes => Some(2),
                Verdict::Conditional => Some(1),
                Verdict::No => Some(0),
                Verdict::NotStated => None,
            };
            let bounds = level.map(|l| Bounds {
                level: Some(l),
                ..Bounds::default()
            });
            (Some(el.short()), bounds)
        }
    }
}

/// What is missing for an earnings cell, in a few words: "needs conversion, average order",
/// "needs clicks".
fn short_unavailable(e: &Estimate) -> String {
    let missing: Vec<&str> = e.earnings.missing().map(|i| i.name).collect();
    if missing.is_empty() {
        "needs clicks".to_string()
    } else {
        format!("needs {}", missing.join(", "))
    }
}
