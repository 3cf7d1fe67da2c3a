//! `affex list --for-me`: the programs a search finds, ordered by fit for the user
//! ([`crate::decide::fit`]), each with its reasons.

use std::io::Write;

use serde_json::json;

use super::table::{output_width, table};
use super::{CliResult, ListFormat};
use crate::catalog::Catalog;
use crate::decide::{Estimate, Me, fit};
use crate::export::csv::CsvWriter;

/// Writes the programs at `indices` ordered by fit for `me`.
pub(super) fn run(
    catalog: &Catalog,
    indices: &[usize],
    me: &Me,
    format: ListFormat,
    width: Option<usize>,
    out: &mut impl Write,
) -> CliResult {
    let estimates: Vec<Estimate> = indices
        .iter()
        .map(|&i| Estimate::of(&catalog.profiles[i], me))
        .collect();
    let fits = fit::rank(&estimates);
    let profile = |f: &fit::Fit| &catalog.profiles[indices[f.index]];
    match format {
        ListFormat::Ids => {
            for f in &fits {
                writeln!(out, "{}", profile(f).id)?;
            }
        }
        ListFormat::Json => {
            let rows: Vec<_> = fits
                .iter()
                .enumerate()
                .map(|(rank, f)| {
                    let p = profile(f);
                    let e = &estimates[f.index];
                    json!({
                        "rank": rank + 1,
                        "id": p.id.as_str(),
                        "name": p.name.as_str(),
                        "flagged": f.flagged,
                        "eligible": e.eligibility.verdict,
                        "reasons": f.reasons,
                    })
                })
                .collect();
            serde_json::to_writer_pretty(
                &mut *out,
                &json!({ "order": fit::ORDER_RULE, "programs": rows }),
            )?;
            writeln!(out)?;
        }
        ListFormat::Csv => {
            let mut w = CsvWriter::new(&mut *out);
            w.write_row([
                "rank",
                "id",
                "name",
                "eligible",
                "earnings",
                "first_payout",
                "flagged",
            ])?;
            for (rank, f) in fits.iter().enumerate() {
                let p = profile(f);
                w.write_row([
                    (rank + 1).to_string(),
                    p.id.to_string(),
                    p.name.to_string(),
                    f.reasons[0].clone(),
                    f.reasons[1].clone(),
                    f.reasons[2].clone(),
                    if f.flagged { "check" } else { "" }.to_string(),
                ])?;
            }
            w.flush()?;
        }
        ListFormat::Table => {
            if fits.is_empty() {
                writeln!(out, "No program to rank.")?;
                return Ok(0);
            }
            writeln!(out, "Ordered by fit: {}.", fit::ORDER_RULE)?;
            let header = ["#", "Name", "Why"];
            let rows: Vec<Vec<String>> = fits
                .iter()
                .enumerate()
                .map(|(rank, f)| {
                    let mark = if f.flagged { " (check)" } else { "" };
                    vec![
                        format!("{}", rank + 1),
                        format!("{}{mark}", profile(f).name),
                        f.reasons.join("\n"),
                    ]
                })
                .collect();
            let lines = table(&header, &rows, output_width(width), true).unwrap_or_default();
            for line in lines {
                writeln!(out, "{}", line.trim_end())?;
            }
            for line in super::estimate::footer(me) {
                writeln!(out, "{line}")?;
            }
        }
    }
    Ok(0)
}
