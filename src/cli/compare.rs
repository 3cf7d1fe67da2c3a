//! `affex compare`: programs side by side with the best value on each row marked.

use std::io::Write;

use serde::Serialize;

use super::table::{output_width, stacked, table};
use super::{CliResult, CompareFormat, Paint, find};
use crate::catalog::Catalog;
use crate::compare::{Comparison, Mark, ROWS};
use crate::export::csv::CsvWriter;
use crate::export::markdown;
use crate::value_text::NOT_STATED;

/// The compare table as JSON.
#[derive(Serialize)]
struct ComparisonJson<'a> {
    programs: Vec<&'a str>,
    rows: Vec<RowJson<'a>>,
}

/// One field across the programs.
#[derive(Serialize)]
struct RowJson<'a> {
    key: &'static str,
    label: &'static str,
    better: crate::compare::Better,
    cells: Vec<CellJson<'a>>,
}

/// One program's value on a row.
#[derive(Serialize)]
struct CellJson<'a> {
    id: &'a str,
    #[serde(flatten)]
    cell: &'a crate::compare::Cell,
}

/// Writes the programs with `ids` side by side in `format`, the best value on each row marked.
pub(super) fn run(
    catalog: &Catalog,
    ids: &[String],
    format: CompareFormat,
    width: Option<usize>,
    paint: Paint,
    out: &mut impl Write,
) -> CliResult {
    let mut columns = Vec::new();
    for id in ids {
        let (i, _) = find(catalog, id)?;
        if !columns.contains(&i) {
            columns.push(i);
        }
    }
    let cmp = Comparison::new(&catalog.profiles, columns);
    let names: Vec<&str> = cmp
        .columns
        .iter()
        .map(|&i| catalog.profiles[i].name.as_str())
        .collect();
    let ids: Vec<&str> = cmp
        .columns
        .iter()
        .map(|&i| catalog.profiles[i].id.as_str())
        .collect();
    let cell_text = |cell: &crate::compare::Cell, symbols: bool| -> String {
        let mut s = cell.text.clone().unwrap_or_else(|| NOT_STATED.to_string());
        if symbols && cell.mark == Mark::Best {
            s.push_str(" ★");
        }
        if symbols && cell.contradicted {
            s.push_str(" †");
        }
        s
    };
    match format {
        CompareFormat::Json => {
            let json = ComparisonJson {
                programs: ids.clone(),
                rows: ROWS
                    .iter()
                    .zip(&cmp.cells)
                    .map(|(spec, cells)| RowJson {
                        key: spec.key,
                        label: spec.label,
                        better: spec.better,
                        cells: cells
                            .iter()
                            .zip(&ids)
                            .map(|(cell, id)| CellJson { id, cell })
                            .collect(),
                    })
                    .collect(),
            };
            serde_json::to_writer_pretty(&mut *out, &json)?;
            writeln!(out)?;
        }
        CompareFormat::Csv => {
            let mut w = CsvWriter::new(&mut *out);
            let mut header = vec!["field".to_string()];
            header.extend(ids.iter().map(|s| s.to_string()));
            w.write_row(&header)?;
            for (spec, cells) in ROWS.iter().zip(&cmp.cells) {
                let mut record = vec![spec.key.to_string()];
                record.extend(cells.iter().map(|c| c.text.clone().unwrap_or_default()));
                w.write_row(&record)?;
            }
            w.flush()?;
        }
        CompareFormat::Markdown => {
            let esc = markdown::escape;
            writeln!(
                out,
                "| Field | {} |",
                names.iter().map(|n| esc(n)).collect::<Vec<_>>().join(" | ")
            )?;
            writeln!(out, "|---|{}", "---|".repeat(names.len()))?;
            for (spec, cells) in ROWS.iter().zip(&cmp.cells) {
                let row: Vec<String> = cells
                    .iter()
                    .map(|c| {
                        // The marks are ours and not markup; the text is escaped.
                        let t = esc(&cell_text(c, true));
                        if c.mark == Mark::Best {
                            format!("**{t}**")
                        } else {
                            t
                        }
                    })
                    .collect();
                writeln!(out, "| {} | {} |", esc(spec.label), row.join(" | "))?;
            }
            writeln!(out)?;
            writeln!(
                out,
                "★ best on the row · † the sources disagree (see `affex show`)"
            )?;
        }
        CompareFormat::Table => {
            let mut header = vec![""];
            header.extend(names.iter().copied());
            let rows: Vec<Vec<String>> = ROWS
                .iter()
                .zip(&cmp.cells)
                .map(|(spec, cells)| {
                    let mut row = vec![spec.label.to_string()];
                    row.extend(cells.iter().map(|c| cell_text(c, true)));
                    row
                })
                .collect();
            let width = output_width(width);
            // Columns wrap at spaces; when even one word a column cannot fit, each program gets
            // a block of its own instead, so no word is ever broken.
            let lines = table(&header, &rows, width, true)
                .unwrap_or_else(|| stacked(&header, &rows, width));
            for line in lines {
                let line = line.trim_end();
                // Colour is applied per line after layout so escape codes never count as width.
                if line.contains('★') {
                    writeln!(out, "{}", line.replace('★', &paint.best("★")))?;
                } else {
                    writeln!(out, "{line}")?;
                }
            }
            writeln!(out)?;
            let legend = "★ best on the row · † the sources disagree (see `affex show ID`)";
            for line in crate::text_width::wrap(legend, width) {
                writeln!(out, "{}", paint.dim(&line))?;
            }
        }
    }
    Ok(0)
}
