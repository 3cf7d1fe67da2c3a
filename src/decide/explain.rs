//! How an estimate was reached, as lines of text: the block `affex estimate` prints and the
//! app's detail pane and grid popup show, so every view explains an answer the same way.

use super::band::grouped;
use super::inputs::Input;
use super::{Estimate, Me};
use crate::model::Profile;
use crate::text_width;

/// The label column of the text blocks.
const LABEL: usize = 22;

/// `label` then `value` wrapped beside it, indented by `indent`.
fn labelled(indent: usize, label: &str, value: &str, width: usize) -> Vec<String> {
    labelled_in(indent, LABEL.saturating_sub(indent), label, value, width)
}

/// [`labelled`] with a label column of `label_cols`.
fn labelled_in(
    indent: usize,
    label_cols: usize,
    label: &str,
    value: &str,
    width: usize,
) -> Vec<String> {
    let pad = " ".repeat(indent);
    let label_cols = label_cols.max(text_width::width(label) + 1);
    let room = width.saturating_sub(indent + label_cols).max(20);
    let mut lines = Vec::new();
    for (i, part) in text_width::wrap(value, room).into_iter().enumerate() {
        let head = if i == 0 {
            text_width::pad(label, label_cols)
        } else {
            " ".repeat(label_cols)
        };
        lines.push(format!("{pad}{head}{part}"));
    }
    if lines.is_empty() {
        lines.push(format!("{pad}{label}"));
    }
    lines
}

/// One program's three answers and how each was reached (inputs with their sources, the
/// steps to the first payout, the rule behind each eligibility result), wrapped at `width`.
pub fn block(p: &Profile, e: &Estimate, me: &Me, width: usize) -> Vec<String> {
    let earn = &e.earnings;
    let currency = if earn.currency.is_empty() {
        "currency not stated".to_string()
    } else {
        format!("amounts in {}", earn.currency)
    };
    let mut out = vec![format!("{} ({}) · {currency}", p.name, p.id)];
    let mut add = |label: &str, value: String| out.extend(labelled(2, label, &value, width));
    add("Earnings per click", earn.text(earn.per_click));
    if let Some(measured) = &earn.measured {
        add("Measured EPC", measured.clone());
    }
    add("Per 1,000 clicks", earn.text(earn.per_thousand));
    let month = match (earn.per_month, earn.clicks) {
        (Some(b), Some(c)) => format!("{} at {} clicks", earn.text(Some(b)), grouped(c)),
        _ => earn.text(None),
    };
    add("Per month", month);
    add("Effective minimum", e.cash.minimum_text());
    add("First payout", e.cash.summary());
    add("Eligible", e.eligibility.summary());
    out.push("  Inputs".to_string());
    let mut inputs: Vec<(String, String)> = earn
        .inputs
        .iter()
        .map(|i: &Input| (i.name.to_string(), i.text()))
        .collect();
    inputs.push((
        "clicks a month".to_string(),
        me.clicks
            .map_or("not set".to_string(), |c| format!("{} (yours)", grouped(c))),
    ));
    inputs.push((
        "countries".to_string(),
        yours(me.countries.iter().map(|c| c.as_str())),
    ));
    inputs.push((
        "channels".to_string(),
        yours(me.channels.iter().map(|c| c.name())),
    ));
    if !me.niches.is_empty() {
        inputs.push((
            "niches".to_string(),
            yours(me.niches.iter().map(String::as_str)),
        ));
    }
    for (label, value) in inputs {
        out.extend(labelled(4, &label, &value, width));
    }
    out.push("  Time to cash".to_string());
    for (n, step) in e.cash.steps.iter().enumerate() {
        let days = step
            .days
            .map(|d| format!(" (+{})", crate::decide::cash::days_words(d)))
            .unwrap_or_default();
        out.extend(labelled_in(
            4,
            4,
            &format!("{}.", n + 1),
            &format!("{}{days}", step.what),
            width,
        ));
    }
    for m in &e.cash.missing {
        out.extend(labelled_in(4, 4, "–", &format!("missing {m}"), width));
    }
    if !e.eligibility.checks.is_empty() {
        out.push("  Eligibility".to_string());
        for c in &e.eligibility.checks {
            out.extend(labelled(
                4,
                &c.value,
                &format!("{}: {}", c.verdict.label(), c.rule),
                width,
            ));
        }
    }
    out
}

fn yours<'a>(items: impl Iterator<Item = &'a str>) -> String {
    let items: Vec<&str> = items.collect();
    if items.is_empty() {
        "not set".to_string()
    } else {
        format!("{} (yours)", items.join(", "))
    }
}
