//! `affex show`: every field of one program, in sections for reading, or as JSON.

use std::io::Write;

use super::table::output_width;
use super::{CliResult, Paint, Reading, ShowFormat, find};
use crate::sections::{self, SectionBody};
use crate::text_width as text;
use crate::value_text::NOT_STATED;

/// Writes every field of the program with `id` in `format`.
pub(super) fn run(
    reading: Reading<'_>,
    id: &str,
    format: ShowFormat,
    width: Option<usize>,
    paint: Paint,
    out: &mut impl Write,
) -> CliResult {
    let (_, p) = find(reading, id)?;
    if format == ShowFormat::Json {
        serde_json::to_writer_pretty(&mut *out, p)?;
        writeln!(out)?;
        return Ok(0);
    }
    let width = output_width(width);
    writeln!(out, "{} ({})", paint.bold(p.name.as_str()), p.id)?;
    const LABEL: usize = 21;
    let value_width = width.saturating_sub(LABEL + 2).max(20);
    for section in sections::sections(p) {
        writeln!(out)?;
        writeln!(out, "{}", paint.bold(section.title))?;
        match section.body {
            SectionBody::Fields(fields) => {
                for f in fields {
                    let mark = if f.contradicted { " †" } else { "" };
                    let value = format!("{}{mark}", f.text());
                    for (i, line) in text::wrap(&value, value_width).iter().enumerate() {
                        let label = if i == 0 { f.label } else { "" };
                        let line = if f.value.is_none() || f.is_note {
                            paint.dim(line)
                        } else {
                            line.clone()
                        };
                        writeln!(out, "  {}{line}", text::pad(label, LABEL))?;
                    }
                }
            }
            SectionBody::Audiences(rows) if rows.is_empty() => {
                writeln!(out, "  {}", paint.dim(NOT_STATED))?;
            }
            SectionBody::Audiences(rows) => {
                for row in rows {
                    let niches = if row.niches.is_empty() {
                        String::new()
                    } else {
                        format!(" (niches: {})", row.niches.join(", "))
                    };
                    let value = format!("{}{niches}", row.suits.as_deref().unwrap_or(NOT_STATED));
                    for (i, line) in text::wrap(&value, value_width).iter().enumerate() {
                        let label = if i == 0 { row.who } else { "" };
                        writeln!(out, "  {}{line}", text::pad(label, LABEL))?;
                    }
                }
            }
            SectionBody::Paragraphs(paras) if paras.is_empty() => {
                writeln!(out, "  {}", paint.dim("none"))?;
            }
            SectionBody::Paragraphs(paras) => {
                for (tag, body) in paras {
                    writeln!(out, "  {}", paint.dim(&tag))?;
                    for line in text::wrap(&body, width.saturating_sub(4).max(20)) {
                        writeln!(out, "    {line}")?;
                    }
                }
            }
        }
    }
    for line in legend(p) {
        writeln!(out, "{}", paint.dim(&line))?;
    }
    Ok(0)
}

/// What the marks after the values mean, for the marks this program has; the notes sit right
/// under the values they qualify.
fn legend(p: &crate::model::Profile) -> Vec<String> {
    use crate::model::NoteKind;
    let has = |kind: NoteKind| p.notes.iter().any(|n| n.kind == kind);
    let mut lines = Vec::new();
    if has(NoteKind::Caveat) || has(NoteKind::Contradiction) {
        lines.push(String::new());
    }
    if has(NoteKind::Caveat) {
        lines.push(format!(
            "{} a caveat qualifies this value; it is right under it",
            crate::value_text::CAVEAT_MARK
        ));
    }
    if has(NoteKind::Contradiction) {
        lines.push("† the sources disagree on this value; both are right under it".to_string());
    }
    lines
}
