//! `affex validate`: check profile files and report every problem.

use std::io::Write;
use std::path::PathBuf;

use super::{CliResult, EXIT_USAGE, Paint};
use crate::catalog::{self, Problem, Severity};
use crate::plural;

/// Checks `paths` (default: the user profile directory), writes every problem and a summary;
/// exits 1 when any profile has an error.
pub(super) fn run(paths: &[PathBuf], paint: Paint, out: &mut impl Write) -> CliResult {
    let paths: Vec<PathBuf> = if paths.is_empty() {
        match catalog::default_user_dir() {
            Some(dir) => vec![dir],
            None => {
                writeln!(
                    out,
                    "No user profile directory could be found; name files or directories to check."
                )?;
                return Ok(EXIT_USAGE);
            }
        }
    } else {
        paths.to_vec()
    };
    let checked = catalog::validate(&paths);
    for problem in &checked.problems {
        writeln!(out, "{}", painted(problem, paint))?;
    }
    let (errors, warnings) = (checked.errors(), checked.warnings());
    writeln!(
        out,
        "{} loaded; {}, {}",
        plural::count(checked.profiles.len(), "program"),
        plural::count(errors, "error"),
        plural::count(warnings, "warning"),
    )?;
    Ok(if errors > 0 { 1 } else { 0 })
}

/// One problem as a line of the report, its severity word coloured.
fn painted(problem: &Problem, paint: Paint) -> String {
    let text = problem.to_string();
    let (tag, colour): (&str, fn(Paint, &str) -> String) = match problem.severity {
        Severity::Error => ("error", Paint::error),
        Severity::Warning => ("warning", Paint::warn),
    };
    // Colour only the severity word that follows the location, never a word in the path;
    // the message itself was sanitized by the catalog.
    let location = problem.location();
    match text
        .strip_prefix(&location)
        .and_then(|r| r.strip_prefix(": "))
    {
        Some(rest) => match rest.strip_prefix(tag) {
            Some(after) => format!("{location}: {}{after}", colour(paint, tag)),
            None => text.clone(),
        },
        None => text.clone(),
    }
}
