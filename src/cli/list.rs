//! `affex list`: programs ranked by a search, as a table, JSON, CSV or ids.

use std::io::Write;

use serde::Serialize;

use super::table::{output_width, table};
use super::{CliError, CliResult, ListFormat};
use crate::catalog::Catalog;
use crate::model::Profile;
use crate::search::{Match, SearchIndex};
use crate::value_text::{self, NOT_STATED};

/// One ranked row of `affex list --format json`.
#[derive(Serialize)]
struct RankedProgram<'a> {
    rank: usize,
    score: i64,
    matched_field: &'static str,
    matched_text: &'a str,
    program: &'a Profile,
}

/// Writes the programs that match `query`, best first, in `format`.
pub(super) fn run(
    catalog: &Catalog,
    query: &str,
    format: ListFormat,
    out: &mut impl Write,
) -> CliResult {
    let index = SearchIndex::new(&catalog.profiles);
    let matches: Vec<Match> = index.search(query);
    let matched_text = |m: &Match| -> &str {
        if query.trim().is_empty() {
            ""
        } else {
            m.field.text(&catalog.profiles[m.index])
        }
    };
    match format {
        ListFormat::Ids => {
            for m in &matches {
                writeln!(out, "{}", catalog.profiles[m.index].id)?;
            }
        }
        ListFormat::Json => {
            let rows: Vec<RankedProgram> = matches
                .iter()
                .enumerate()
                .map(|(rank, m)| RankedProgram {
                    rank: rank + 1,
                    score: m.score,
                    matched_field: if query.trim().is_empty() {
                        ""
                    } else {
                        m.field.label()
                    },
                    matched_text: matched_text(m),
                    program: &catalog.profiles[m.index],
                })
                .collect();
            serde_json::to_writer_pretty(&mut *out, &rows)
                .map_err(|e| CliError::Encode(e.to_string()))?;
            writeln!(out)?;
        }
        ListFormat::Csv => {
            let mut w = csv::Writer::from_writer(&mut *out);
            let header = [
                "rank",
                "id",
                "name",
                "focus",
                "commission",
                "commission_min",
                "commission_max",
                "cookie_days",
                "minimum_payout",
                "minimum_payout_amount",
                "currency",
                "matched_field",
                "matched_text",
            ];
            w.write_record(header)
                .map_err(|e| CliError::Encode(e.to_string()))?;
            for (rank, m) in matches.iter().enumerate() {
                let p = &catalog.profiles[m.index];
                let num = |v: Option<f64>| v.map(value_text::number).unwrap_or_default();
                let record = [
                    (rank + 1).to_string(),
                    p.id.to_string(),
                    p.name.to_string(),
                    value_text::list(&p.focus).unwrap_or_default(),
                    value_text::percent_range(&p.commission.rate).unwrap_or_default(),
                    num(p.commission.rate.min.map(|v| v.get())),
                    num(p.commission.rate.max.map(|v| v.get())),
                    p.cookie
                        .days
                        .map(|d| d.get().to_string())
                        .unwrap_or_default(),
                    value_text::money_range(&p.payout.minimum).unwrap_or_default(),
                    num(p.payout.minimum.low_figure()),
                    p.payout
                        .minimum
                        .currency
                        .as_ref()
                        .map(|c| c.as_str().to_string())
                        .unwrap_or_default(),
                    if query.trim().is_empty() {
                        String::new()
                    } else {
                        m.field.label().to_string()
                    },
                    matched_text(m).to_string(),
                ];
                w.write_record(&record)
                    .map_err(|e| CliError::Encode(e.to_string()))?;
            }
            w.flush()?;
        }
        ListFormat::Table => {
            if matches.is_empty() {
                writeln!(
                    out,
                    "No program matches {:?}.",
                    crate::sanitize::sanitize_line(query)
                )?;
                return Ok(0);
            }
            let header = [
                "Name",
                "Focus",
                "Commission",
                "Cookie",
                "Min payout",
                "Matched",
            ];
            let rows: Vec<Vec<String>> = matches
                .iter()
                .map(|m| {
                    let p = &catalog.profiles[m.index];
                    vec![
                        p.name.to_string(),
                        value_text::list(&p.focus).unwrap_or_else(|| NOT_STATED.into()),
                        value_text::percent_range(&p.commission.rate)
                            .unwrap_or_else(|| NOT_STATED.into()),
                        value_text::days(p.cookie.days).unwrap_or_else(|| NOT_STATED.into()),
                        value_text::money_range(&p.payout.minimum)
                            .unwrap_or_else(|| NOT_STATED.into()),
                        matched_text(m).to_string(),
                    ]
                })
                .collect();
            for line in table(&header, &rows, output_width(), false) {
                writeln!(out, "{}", line.trim_end())?;
            }
            writeln!(
                out,
                "{} of {} programs",
                matches.len(),
                catalog.profiles.len()
            )?;
        }
    }
    Ok(0)
}
