//! `affex import FORMAT FILE... [--into DIR] [--dry-run]`: reads network exports or a
//! spreadsheet and writes one profile per program (see [`crate::import`]).

use std::io::Write;
use std::path::{Path, PathBuf};

use super::{CliError, Paint};
use crate::import::{self, Format, Outcome, Plan};
use crate::model::ImportDate;
use crate::sanitize::visible_path;

/// What to import, and where.
pub struct Request<'a> {
    /// The format of every file.
    pub format: Format,
    /// The files.
    pub files: &'a [PathBuf],
    /// The profile directory written to.
    pub into: &'a Path,
    /// Show the changes without writing.
    pub dry_run: bool,
}

/// What an import did.
pub struct Imported {
    /// The exit status: 1 when a file could not be read.
    pub code: i32,
    /// True when profiles (or what a network gave) were written.
    pub wrote: bool,
}

/// Runs the import; exit 1 when a file could not be read or a write failed.
pub fn run(
    req: &Request<'_>,
    paint_err: Paint,
    out: &mut impl Write,
) -> Result<Imported, CliError> {
    let read = import::read(req.format, req.files);
    let plan = import::plan::plan(req.format, req.into, read.records, ImportDate::today());
    for p in read.problems.iter().chain(&plan.problems) {
        super::eprint_line(&format!("{} {p}", paint_err.warn("warning:")));
    }
    let dir = visible_path(req.into);
    if req.dry_run {
        writeln!(out, "dry run: nothing is written to {dir}")?;
    }
    write_changes(&plan, out)?;
    let skipped = read.skipped + plan.problems.iter().filter(|p| p.skipped).count();
    writeln!(
        out,
        "{}: {} new, {} updated, {} unchanged, {} skipped{}",
        if req.dry_run {
            "would import"
        } else {
            "imported"
        },
        plan.count(Outcome::New),
        plan.count(Outcome::Updated),
        plan.count(Outcome::Unchanged),
        skipped,
        if skipped > 0 {
            " (each named in a warning above)"
        } else {
            ""
        }
    )?;
    let wrote = !req.dry_run && plan.writes();
    if wrote {
        std::fs::create_dir_all(req.into)
            .map_err(|e| CliError::Import(format!("cannot create {dir}: {e}")))?;
        plan.write().map_err(|e| CliError::Import(e.to_string()))?;
        writeln!(out, "written to {dir}")?;
    }
    let refused = read.refused;
    // Freeing 20,000 planned profiles one allocation at a time takes about a tenth of a
    // second on the one thread the command waits on; the process is about to end, so a
    // thread of its own frees them (and the exit, if it comes first, frees everything).
    std::thread::spawn(move || drop(plan));
    Ok(Imported {
        code: i32::from(refused > 0),
        wrote,
    })
}

/// One line per new or updated profile: what changed, the hand edits kept, the disagreements.
fn write_changes(plan: &Plan, out: &mut impl Write) -> Result<(), CliError> {
    let width = plan.changes.iter().map(|c| c.id.len()).max().unwrap_or(0);
    for c in &plan.changes {
        let word = match c.outcome {
            Outcome::New => "new",
            Outcome::Updated => "updated",
            Outcome::Unchanged => "unchanged",
        };
        let at = c
            .network_id
            .as_ref()
            .map(|id| format!(" ({id})"))
            .unwrap_or_default();
        let mut line = format!("  {word:<9}  {:<width$}  {}{at}", c.id, c.name);
        if c.outcome == Outcome::Updated && !c.changed.is_empty() {
            line.push_str(&format!("; sets {}", c.changed.join(", ")));
        }
        if !c.kept.is_empty() {
            line.push_str(&format!("; keeps your edits to {}", c.kept.join(", ")));
        }
        if !c.disagreements.is_empty() {
            line.push_str(&format!(
                "; disagrees with another network on {} (noted)",
                c.disagreements.join(", ")
            ));
        }
        writeln!(out, "{line}")?;
    }
    Ok(())
}
