//! `affex estimate ID...`: for each program, what it would earn the user, when the first payout
//! would arrive and whether they may join, with every input, its source and each step, as a
//! block of text, JSON (with units), Markdown or CSV.

use std::io::Write;

use serde_json::{Value, json};

use super::table::output_width;
use super::{CliError, CliResult, EstimateFormat, Reading, hint, resolve};
use crate::decide::band::Band;
use crate::decide::inputs::Input;
use crate::decide::{Estimate, Me};
use crate::export::csv::CsvWriter;
use crate::export::markdown;
use crate::model::Profile;
use crate::text_width;

/// Writes the estimates of the programs `ids` for `me`.
pub(super) fn run(
    reading: Reading<'_>,
    ids: &[String],
    me: &Me,
    format: EstimateFormat,
    width: Option<usize>,
    out: &mut impl Write,
) -> CliResult {
    let catalog = reading.0;
    let mut shown: Vec<usize> = Vec::new();
    let mut unknown: Vec<&str> = Vec::new();
    for id in ids {
        match resolve(reading, id) {
            Some(i) if !shown.contains(&i) => shown.push(i),
            Some(_) => {}
            None => unknown.push(id),
        }
    }
    if let Some(first) = unknown.first() {
        return Err(CliError::UnknownId {
            id: crate::sanitize::sanitize_line(first),
            hint: hint(reading, &unknown),
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
                for line in crate::decide::explain::block(p, e, me, width) {
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
        "measured_epc": earn.measured,
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
