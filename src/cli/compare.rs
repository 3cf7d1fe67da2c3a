//! `affex compare`: programs side by side with the best value on each row marked.

use std::io::Write;

use serde::Serialize;

use super::table::{output_width, table};
use super::{CliError, CliResult, CompareFormat, Paint, hint, resolve};
use crate::catalog::Catalog;
use crate::compare::{Comparison, Mark, ROWS};
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
    paint: Paint,
    out: &mut impl Write,
) -> CliResult {
    let mut columns = Vec::new();
    let mut unknown: Vec<&str> = Vec::new();
    for id in ids {
        match resolve(catalog, id) {
            Some(i) if !columns.contains(&i) => columns.push(i),
            Some(_) => {}
            None => unknown.push(id),
        }
    }
    if !unknown.is_empty() {
        let quoted: Vec<String> = unknown
            .iter()
            .map(|id| format!("`{}`", crate::sanitize::sanitize_line(id)))
            .collect();
        let ids = match quoted.as_slice() {
            [one] => format!("id {one}"),
            [rest @ .., last] => format!("ids {} and {last}", rest.join(", ")),
            [] => String::new(),
        };
        return Err(CliError::UnknownIds {
            ids,
            hint: hint(catalog, &unknown),
        });
    }
    if columns.len() < 2 {
        let names: Vec<String> = columns
            .iter()
            .map(|&i| format!("`{}`", catalog.profiles[i].id))
            .collect();
        return Err(CliError::TooFew(format!(
            "all the ids given name {}",
            names.join(", ")
        )));
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
            serde_json::to_writer_pretty(&mut *out, &json)
                .map_err(|e| CliError::Encode(e.to_string()))?;
            writeln!(out)?;
        }
        CompareFormat::Csv => {
            let mut w = csv::Writer::from_writer(&mut *out);
            let mut header = vec!["field".to_string()];
            header.extend(ids.iter().map(|s| s.to_string()));
            w.write_record(&header)
                .map_err(|e| CliError::Encode(e.to_string()))?;
            for (spec, cells) in ROWS.iter().zip(&cmp.cells) {
                let mut record = vec![spec.key.to_string()];
                record.extend(cells.iter().map(|c| c.text.clone().unwrap_or_default()));
                w.write_record(&record)
                    .map_err(|e| CliError::Encode(e.to_string()))?;
            }
            w.flush()?;
        }
        CompareFormat::Markdown => {
            let esc = |s: &str| s.replace('|', "\\|");
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
                        let t = esc(&cell_text(c, true));
                        if c.mark == Mark::Best {
                            format!("**{t}**")
                        } else {
                            t
                        }
                    })
                    .collect();
                writeln!(out, "| {} | {} |", spec.label, row.join(" | "))?;
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
            for line in table(&header, &rows, output_width(), true) {
                let line = line.trim_end();
                // Colour is applied per line after layout so escape codes never count as width.
                if line.contains('★') {
                    writeln!(out, "{}", line.replace('★', &paint.best("★")))?;
                } else {
                    writeln!(out, "{line}")?;
                }
            }
            writeln!(out)?;
            writeln!(
                out,
                "{}",
                paint.dim("★ best on the row · † the sources disagree (see `affex show ID`)")
            )?;
        }
    }
    Ok(0)
}
