//! `affex validate`: check profile files and report every problem.

use std::io::Write;
use std::path::PathBuf;

use super::{CliResult, EXIT_USAGE, Paint};
use crate::catalog::{self, Part, Problem, Severity};
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

/// A problem as `validate` prints it: its report with the severity word coloured. The catalog
/// sanitized every piece, so colour codes are the only escapes in the result.
fn painted(problem: &Problem, paint: Paint) -> String {
    let lines: Vec<String> = problem
        .report()
        .iter()
        .map(|line| {
            line.iter()
                .map(|(part, text)| match (part, problem.severity) {
                    (Part::Severity, Severity::Error) => paint.error(text),
                    (Part::Severity, Severity::Warning) => paint.warn(text),
                    _ => text.clone(),
                })
                .collect()
        })
        .collect();
    lines.join("\n")
}
