//! A comparison written for other programs, as Markdown, CSV or JSON: `affex compare
//! --format`, `affex shortlist --format` and the explorer's export all write through
//! [`write`], so the same programs give the same bytes from each. `★` and `▼` go before the
//! best and worst value on a row, `*` after a value a caveat qualifies and `†` after one the
//! sources disagree on; the CSV carries the marks as words in a column beside each program's
//! values, the JSON as fields of each cell, with each row's reason when it is not ranked.

use std::io::{self, Write};

use serde::Serialize;

use super::csv::CsvWriter;
use super::markdown;
use crate::compare::{Cell, Comparison, Mark, NO_ORDER, ROWS};
use crate::model::Profile;
use crate::model::fields::{Column, Field, Form, Part, Unit};
use crate::value_text::{CAVEAT_MARK, NOT_STATED};

/// The symbol before the best value of a row.
pub const BEST: &str = "★";
/// The symbol before the worst value of a row.
pub const WORST: &str = "▼";
/// The symbol after a value the sources disagree on.
pub const CONTRADICTED: &str = "†";

/// The formats a comparison is written in for another program.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// A Markdown table and its legend.
    Markdown,
    /// CSV: one row per field, two columns (value, marks) per program.
    Csv,
    /// JSON with every cell's text, figure and mark.
    Json,
}

impl ExportFormat {
    /// Every format, in the order the explorer's picker lists them.
    pub const ALL: [ExportFormat; 3] = [
        ExportFormat::Markdown,
        ExportFormat::Csv,
        ExportFormat::Json,
    ];

    /// The file name's extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Markdown => "md",
            ExportFormat::Csv => "csv",
            ExportFormat::Json => "json",
        }
    }

    /// The format's name, as the picker shows it.
    pub fn label(self) -> &'static str {
        match self {
            ExportFormat::Markdown => "Markdown",
            ExportFormat::Csv => "CSV",
            ExportFormat::Json => "JSON",
        }
    }
}

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

/// Writes `cmp` (over `profiles`) in `format`.
pub fn write(
    profiles: &crate::catalog::Programs,
    cmp: &Comparison,
    format: ExportFormat,
    out: &mut impl Write,
) -> io::Result<()> {
    let names: Vec<&str> = cmp
        .columns
        .iter()
        .map(|&i| profiles[i].name.as_str())
        .collect();
    let ids: Vec<&str> = cmp
        .columns
        .iter()
        .map(|&i| profiles[i].id.as_str())
        .collect();
    match format {
        ExportFormat::Json => {
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
            serde_json::to_writer_pretty(&mut *out, &json).map_err(io::Error::from)?;
            writeln!(out)?;
        }
        ExportFormat::Csv => {
            let mut w = CsvWriter::new(&mut *out);
            let mut header = vec!["field".to_string()];
            for id in &ids {
                header.extend([id.to_string(), format!("{id}_marks")]);
            }
            w.write_row(&header)?;
            let shown: Vec<&Profile> = cmp.columns.iter().map(|&i| &profiles[i]).collect();
            for (spec, cells) in ROWS.iter().zip(&cmp.cells) {
                let mut record = vec![spec.key.to_string()];
                for (cell, p) in cells.iter().zip(&shown) {
                    record.extend([csv_value(spec, p, cell), csv_marks(cell)]);
                }
                w.write_row(&record)?;
            }
            w.flush()?;
        }
        ExportFormat::Markdown => {
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
            for line in legend(cmp) {
                writeln!(out, "{line}  ")?;
            }
        }
    }
    Ok(())
}

/// `cmp` in `format`, as bytes.
pub fn to_bytes(
    profiles: &crate::catalog::Programs,
    cmp: &Comparison,
    format: ExportFormat,
) -> Vec<u8> {
    let mut out = Vec::new();
    // Writing to memory does not fail.
    let _ = write(profiles, cmp, format, &mut out);
    out
}

/// A cell as the table and Markdown show it: `★` or `▼` before the value, the value with its
/// `*`, `†` after it.
pub fn marked_cell(cell: &Cell) -> String {
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
pub fn legend(cmp: &Comparison) -> Vec<String> {
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
