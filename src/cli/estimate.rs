//! `affex estimate ID...`: for each program, what it would earn the user, when the first payout
//! would arrive and whether they may join, with every input, its source and each step, as a
//! block of text, JSON (with units), Markdown or CSV.

use std::io::Write;

use serde_json::{Value, json};

use super::table::output_width;
use super::{CliError, CliResult, EstimateFormat, hint, resolve};
use crate::catalog::Catalog;
use crate::decide::band::{Band, grouped};
use crate::decide::inputs::Input;
use crate::decide::{Estimate, Me};
use crate::export::csv::CsvWriter;
use crate::export::markdown;
use crate::model::Profile;
use crate::text_width;

/// The label column of the text blocks.
const LABEL: usize = 22;

/// Writes the estimates of the programs `ids` for `me`.
pub(super) fn run(
    catalog: &Catalog,
    ids: &[String],
    me: &Me,
    format: EstimateFormat,
    width: Option<usize>,
    out: &mut impl Write,
) -> CliResult {
    let mut shown: Vec<usize> = Vec::new();
    let mut unknown: Vec<&str> = Vec::new();
    for id in ids {
        match resolve(catalog, id) {
            Some(i) if !shown.contains(&i) => shown.push(i),
            Some(_) => {}
            None => unknown.push(id),
        }
    }
    if let Some(first) = unknown.first() {
        return Err(CliError::UnknownId {
            id: crate::sanitize::sanitize_line(first),
            hint: hint(catalog, &unknown),
        });
    }
    let rows: Vec<(&Profile, Estimate)> = shown
        .iter()
        .map(|&i| {
            let p = &catalog.profiles[i];
            (p, Estimate::of(p, me))
        })
        .collect();
    match format {
        EstimateFormat::Json => {
            let json = json!({
                "me": me_json(me),
                "programs": rows.iter().map(|(p, e)| program_json(p, e)).collect::<Vec<_>>(),
            });
            serde_json::to_writer_pretty(&mut *out, &json)?;
            writeln!(out)?;
        }
        EstimateFormat::Csv => {
            let mut w = CsvWriter::new(&mut *out);
            w.write_row(CSV_HEADER)?;
            for (p, e) in &rows {
                w.write_row(flat_row(p, e))?;
            }
            w.flush()?;
        }
        EstimateFormat::Markdown => {
            writeln!(out, "| {} |", MARKDOWN_HEADER.join(" | "))?;
            writeln!(out, "|{}", "---|".repeat(MARKDOWN_HEADER.len()))?;
            for (p, e) in &rows {
                let cells: Vec<String> = flat_row(p, e)
                    .iter()
                    .skip(1)
                    .map(|c| markdown::escape(c))
                    .collect();
                writeln!(out, "| {} |", cells.join(" | "))?;
            }
            writeln!(out)?;
            for line in footer(me) {
                writeln!(out, "{}  ", markdown::escape(&line))?;
            }
        }
        EstimateFormat::Table => {
            let width = output_width(width);
            for (n, (p, e)) in rows.iter().enumerate() {
                if n > 0 {
                    writeln!(out)?;
                }
                for line in block(p, e, me, width) {
                    writeln!(out, "{}", line.trim_end())?;
                }
            }
            let lines = footer(me);
            if !lines.is_empty() {
                writeln!(out)?;
            }
            for line in lines {
                for l in text_width::wrap(&line, width) {
                    writeln!(out, "{l}")?;
                }
            }
        }
    }
    Ok(0)
}

/// What one more input would show: said when the user has not set it.
pub(super) fn footer(me: &Me) -> Vec<String> {
    let mut lines = Vec::new();
    if me.clicks.is_none() {
        lines.push("Give --clicks N (or set clicks in [me] of config.toml) to see monthly earnings and days to the first payout.".to_string());
    }
    if me.countries.is_empty() || me.channels.is_empty() {
        lines.push(
            "Give --country CC and --channel NAME to check whether you may join.".to_string(),
        );
    }
    lines
}

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

/// One program's block of text.
fn block(p: &Profile, e: &Estimate, me: &Me, width: usize) -> Vec<String> {
    let earn = &e.earnings;
    let currency = if earn.currency.is_empty() {
        "currency not stated".to_string()
    } else {
        format!("amounts in {}", earn.currency)
    };
    let mut out = vec![format!("{} ({}) · {currency}", p.name, p.id)];
    let mut add = |label: &str, value: String| out.extend(labelled(2, label, &value, width));
    add("Earnings per click", earn.text(earn.per_click));
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

/// The CSV's columns: one row per program.
const CSV_HEADER: &[&str] = &[
    "id",
    "name",
    "currency",
    "per_click",
    "per_1000_clicks",
    "per_month",
    "clicks_per_month",
    "effective_minimum",
    "days_to_first_payout",
    "eligible",
    "conversion",
    "average_order",
    "commission",
];

/// The Markdown table's columns (the CSV's after the id, as people read them).
const MARKDOWN_HEADER: &[&str] = &[
    "Program",
    "Currency",
    "Per click",
    "Per 1,000 clicks",
    "Per month",
    "Clicks a month",
    "Effective minimum",
    "First payout",
    "Eligible",
    "Conversion",
    "Average order",
    "Commission",
];

/// One program as the CSV and Markdown rows hold it.
fn flat_row(p: &Profile, e: &Estimate) -> Vec<String> {
    let earn = &e.earnings;
    vec![
        p.id.to_string(),
        p.name.to_string(),
        earn.currency.clone(),
        earn.text(earn.per_click),
        earn.text(earn.per_thousand),
        earn.text(earn.per_month),
        earn.clicks.map_or(String::new(), |c| c.to_string()),
        e.cash.minimum_text(),
        e.cash.summary(),
        e.eligibility.summary(),
        earn.inputs[0].text(),
        earn.inputs[1].text(),
        earn.inputs[2].text(),
    ]
}

/// A band with its unit: `{ "low": 0.021, "high": 0.144, "approx": true, "unit": "USD per
/// click" }`; `high` is null when the top is open.
fn band_json(b: Option<Band>, unit: &str) -> Value {
    match b {
        Some(b) => json!({
            "low": b.low,
            "high": b.high,
            "open_top": b.high.is_none(),
            "approx": b.approx,
            "unit": unit,
        }),
        None => Value::Null,
    }
}

fn me_json(me: &Me) -> Value {
    json!({
        "channels": me.channels,
        "countries": me.countries,
        "niches": me.niches,
        "clicks_per_month": me.clicks,
        "conversion_percent": me.conversion,
        "average_order": me.order,
    })
}

fn input_json(i: &Input) -> Value {
    let unit = if i.unit.is_empty() {
        "currency not stated"
    } else {
        &i.unit
    };
    let (value, missing) = match &i.value {
        Ok(b) => (band_json(Some(*b), unit), Value::Null),
        Err(m) => (Value::Null, json!(i.why(m))),
    };
    json!({
        "name": i.name,
        "field": i.field,
        "origin": i.origin,
        "value": value,
        "missing": missing,
    })
}

/// Everything about one program's estimate, with units.
fn program_json(p: &Profile, e: &Estimate) -> Value {
    let earn = &e.earnings;
    let c = if earn.currency.is_empty() {
        "currency not stated".to_string()
    } else {
        earn.currency.clone()
    };
    let cash = &e.cash;
    let cash_c = if cash.currency.is_empty() {
        "currency not stated".to_string()
    } else {
        cash.currency.clone()
    };
    json!({
        "id": p.id.as_str(),
        "name": p.name.as_str(),
        "currency": earn.currency,
        "inputs": earn.inputs.iter().map(input_json).collect::<Vec<_>>(),
        "earnings": {
            "per_click": band_json(earn.per_click, &format!("{c} per click")),
            "per_1000_clicks": band_json(earn.per_thousand, &format!("{c} per 1,000 clicks")),
            "clicks_per_month": earn.clicks,
            "per_month": band_json(earn.per_month, &format!("{c} per month")),
            "unavailable": (earn.per_month.is_none()).then(|| earn.unavailable()),
        },
        "time_to_cash": {
            "threshold": band_json(cash.threshold, &cash_c),
            "fee_per_withdrawal": band_json(cash.fee, &cash_c),
            "fee_currency_assumed": cash.fee_currency_assumed,
            "effective_minimum": band_json(cash.effective_minimum, &cash_c),
            "clicks_needed": band_json(cash.clicks_needed, "clicks"),
            "months_to_reach": band_json(cash.months_to_reach, "months"),
            "steps": cash.steps.iter().map(|s| json!({
                "what": s.what,
                "days": band_json(s.days, "days"),
            })).collect::<Vec<_>>(),
            "days_to_first_payout": band_json(Some(cash.days), "days"),
            "at_least": cash.days.high.is_none(),
            "summary": cash.summary(),
            "missing": cash.missing,
        },
        "eligibility": {
            "verdict": e.eligibility.verdict,
            "summary": e.eligibility.summary(),
            "checks": e.eligibility.checks,
            "unchecked": e.eligibility.unchecked,
        },
    })
}
