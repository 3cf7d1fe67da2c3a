//! `affex compare`: programs side by side with the best and worst value on each row marked
//! (`★` and `▼` before the value, as in the grid). The table is laid out here; Markdown, CSV
//! and JSON come from [`crate::export::comparison`], which the explorer's export shares.

use std::io::Write;

use super::table::{output_width, stacked, table};
use super::{CliError, CliResult, CompareFormat, Paint, Reading, hint, resolve};
use crate::compare::{Comparison, ROWS};
use crate::export::comparison::{self, BEST, ExportFormat, WORST, legend, marked_cell};

/// Writes the programs with `ids` side by side in `format`, the best value on each row marked.
pub(super) fn run(
    reading: Reading<'_>,
    ids: &[String],
    me: &crate::decide::Me,
    format: CompareFormat,
    width: Option<usize>,
    paint: Paint,
    out: &mut impl Write,
) -> CliResult {
    let catalog = reading.0;
    let mut columns = Vec::new();
    let mut unknown: Vec<&str> = Vec::new();
    for id in ids {
        match resolve(reading, id) {
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
            hint: hint(reading, &unknown),
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
    let cmp = Comparison::for_me(&catalog.profiles, columns, me);
    let names: Vec<&str> = cmp
        .columns
        .iter()
        .map(|&i| catalog.profiles[i].name.as_str())
        .collect();
    match format {
        CompareFormat::Json => comparison::write(&catalog.profiles, &cmp, ExportFormat::Json, out)?,
        CompareFormat::Csv => comparison::write(&catalog.profiles, &cmp, ExportFormat::Csv, out)?,
        CompareFormat::Markdown => {
            comparison::write(&catalog.profiles, &cmp, ExportFormat::Markdown, out)?
        }
        CompareFormat::Table => {
            let mut header = vec![""];
            header.extend(names.iter().copied());
            let rows: Vec<Vec<String>> = ROWS
                .iter()
                .zip(&cmp.cells)
                .map(|(spec, cells)| {
                    let mut row = vec![spec.label.to_string()];
                    row.extend(cells.iter().map(marked_cell));
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
                let line = line
                    .replace(BEST, &paint.best(BEST))
                    .replace(WORST, &paint.worst(WORST));
                writeln!(out, "{line}")?;
            }
            writeln!(out)?;
            for line in legend(&cmp)
                .iter()
                .flat_map(|l| crate::text_width::wrap(l, width))
            {
                writeln!(out, "{}", paint.dim(&line))?;
            }
        }
    }
    Ok(0)
}
