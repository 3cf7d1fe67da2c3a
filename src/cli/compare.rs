//! `affex compare`: programs side by side with the best and worst value on each row marked
//! (`★` and `▼` before the value, as in the grid), `*` after a value a caveat qualifies and `†`
//! after one the sources disagree on. The CSV carries the same marks as words in a column
//! beside each program's values; the JSON as fields of each cell, with each row's reason when it
//! is not ranked.

use std::io::Write;

use serde::Serialize;

use super::table::{output_width, stacked, table};
use super::{CliError, CliResult, CompareFormat, Paint, hint, resolve};
use crate::catalog::Catalog;
use crate::compare::{Cell, Comparison, Mark, NO_ORDER, ROWS};
use crate::export::csv::CsvWriter;
use crate::export::markdown;
use crate::model::Profile;
use crate::model::fields::{Column, Field, Form, Part, Unit};
use crate::value_text::{CAVEAT_MARK, NOT_STATED};

/// The symbol before the best value of a row.
const BEST: &str = "★";
/// The symbol before the worst value of a row.
const WORST: &str = "▼";
/// The symbol after a value the sources disagree on.
const CONTRADICTED: &str = "†";

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
    /// Why the row has no best, no worst and no order; `null` when it ranks.
    unranked_reason: Option<&'static str>,
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
    me: &crate::decide::Me,
    format: CompareFormat,
    width: Option<usize>,
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
    let cmp = Comparison::for_me(&catalog.profiles, columns, me);
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
    match format {
        CompareFormat::Json => {
            let json = ComparisonJson {
                programs: ids.clone(),
                rows: ROWS
                    .iter()
                    .zip(&cmp.cells)
                    .zip(&cmp.unranked_reason)
                    .map(|((spec, cells), reason)| RowJson {
                        key: spec.key,
                        label: spec.label,
                        better: spec.better,
                        unranked_reason: *reason,
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
            for id in &ids {
                header.extend([id.to_string(), format!("{id}_marks")]);
            }
            w.write_row(&header)?;
            let shown: Vec<&Profile> = cmp.columns.iter().map(|&i| &catalog.profiles[i]).collect();
            for (spec, cells) in ROWS.iter().zip(&cmp.cells) {
                let mut record = vec![spec.key.to_string()];
                for (cell, p) in cells.iter().zip(&shown) {
                    record.extend([csv_value(spec, p, cell), csv_marks(cell)]);
                }
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
                        let t = esc(&marked_cell(c));
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
            for line in legend(&cmp) {
                writeln!(out, "{line}  ")?;
            }
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

/// A cell as the table and Markdown show it: `★` or `▼` before the value, the value with its
/// `*`, `†` after it.
fn marked_cell(cell: &Cell) -> String {
    let mut s = match cell.mark {
        Mark::Best => format!("{BEST} "),
        Mark::Worst => format!("{WORST} "),
        Mark::Plain => String::new(),
    };
    s.push_str(cell.text.as_deref().unwrap_or(NOT_STATED));
    if cell.contradicted {
        s.push(' ');
        s.push_str(CONTRADICTED);
    }
    s
}

/// What the marks mean, and why each row that could rank does not (rows of words are left
/// out: no reader expects a best focus).
fn legend(cmp: &Comparison) -> Vec<String> {
    let mut lines = vec![format!(
        "{BEST} best on the row · {WORST} worst on the row · {CAVEAT_MARK} a caveat qualifies the \
         value · {CONTRADICTED} the sources disagree (`affex show ID` gives both under the value)"
    )];
    for (spec, reason) in ROWS.iter().zip(&cmp.unranked_reason) {
        if let Some(reason) = reason.filter(|r| *r != NO_ORDER) {
            lines.push(format!("{} is not ranked: {reason}.", spec.label));
        }
    }
    lines
}

/// A value as the CSV holds it: a plain count (days, a year, tiers) as a number, anything else
/// as its text with its `~` but without the marks, which have their own column.
fn csv_value(spec: &'static Field, p: &Profile, cell: &Cell) -> String {
    match (spec.form, spec.unit) {
        // A derived row's value is worked out for the user, not read from the profile; its
        // marks have their own column.
        (Form::Derived(..), _) => cell
            .text
            .as_deref()
            .unwrap_or_default()
            .trim_end_matches(&format!(" {CAVEAT_MARK}"))
            .to_string(),
        (Form::Scalar, Unit::Days | Unit::Year | Unit::Count) => Column {
            field: spec,
            part: Part::Number,
        }
        .value(p),
        _ => (spec.text)(p).unwrap_or_default(),
    }
}

/// The marks of a cell as words for the CSV's `ID_marks` column, space-separated: `best` or
/// `worst`, `caveat`, `contradicted`; empty when it has none.
fn csv_marks(cell: &Cell) -> String {
    let mut marks: Vec<&str> = Vec::new();
    match cell.mark {
        Mark::Best => marks.push("best"),
        Mark::Worst => marks.push("worst"),
        Mark::Plain => {}
    }
    if cell.caveat {
        marks.push("caveat");
    }
    if cell.contradicted {
        marks.push("contradicted");
    }
    marks.join(" ")
}
