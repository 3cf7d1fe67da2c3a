//! `affex validate`: check profile files and report every problem, as text or as JSON.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::{CliError, CliResult, Paint, ValidateFormat};
use crate::catalog::{self, Part, Problem, Severity};
use crate::plural;
use crate::sanitize::sanitize_line;

/// What `validate` checks, and what it says before checking.
#[derive(Debug, Default)]
pub(super) struct Targets {
    /// Files and directories to check.
    paths: Vec<PathBuf>,
    /// The user directory, when it was meant to be checked but does not exist yet.
    no_user_dir: Option<PathBuf>,
    /// True when no user directory could be found at all (no home, no variables).
    unknown_user_dir: bool,
}

/// The paths to check: those named, else the user profile directory (when it exists) and every
/// `--profiles` directory, the same ones `list` and the explorer load.
pub(super) fn targets(named: &[PathBuf], profiles: &[PathBuf]) -> Targets {
    let mut targets = Targets::default();
    if named.is_empty() {
        match catalog::default_user_dir() {
            Some(dir) if dir.exists() => targets.paths.push(dir),
            Some(dir) => targets.no_user_dir = Some(dir),
            None => targets.unknown_user_dir = true,
        }
    } else {
        targets.paths.extend(named.iter().cloned());
    }
    targets.paths.extend(profiles.iter().cloned());
    targets
}

/// One problem as `validate --format json` writes it.
#[derive(Serialize)]
struct ProblemJson<'a> {
    file: String,
    line: Option<usize>,
    column: Option<usize>,
    field: Option<&'a str>,
    severity: &'static str,
    code: &'static str,
    message: &'a str,
}

/// Checks the targets, writes every problem (file by file, in file order) and a summary; exits 1
/// when any profile has an error.
pub(super) fn run(
    targets: &Targets,
    format: ValidateFormat,
    paint: Paint,
    out: &mut impl Write,
) -> CliResult {
    let mut checked = catalog::validate(&targets.paths);
    in_file_order(&mut checked.problems);
    if format == ValidateFormat::Json {
        let problems: Vec<ProblemJson> = checked
            .problems
            .iter()
            .map(|p| ProblemJson {
                file: p.file(),
                line: p.line,
                column: p.column,
                field: p.field.as_deref(),
                severity: p.severity.label(),
                code: p.code(),
                message: &p.message,
            })
            .collect();
        serde_json::to_writer_pretty(&mut *out, &problems).map_err(CliError::from)?;
        writeln!(out)?;
        return Ok(if checked.errors() > 0 { 1 } else { 0 });
    }
    if let Some(dir) = &targets.no_user_dir {
        writeln!(out, "{}", no_user_profiles(dir))?;
    }
    if targets.unknown_user_dir {
        writeln!(
            out,
            "No user profile directory could be found (set AFFEX_CONFIG_DIR); name files or \
             directories to check."
        )?;
        if targets.paths.is_empty() {
            return Ok(super::EXIT_USAGE);
        }
    }
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

/// Sorts problems file by file (files in the order they were read), then by line and column,
/// so a late check (an alternative naming no program) sits with its file, in place.
fn in_file_order(problems: &mut [Problem]) {
    let mut files: HashMap<String, usize> = HashMap::new();
    let mut keys = Vec::with_capacity(problems.len());
    for problem in problems.iter() {
        let next = files.len();
        let index = *files.entry(problem.file()).or_insert(next);
        keys.push((index, problem.line, problem.column));
    }
    let mut order: Vec<usize> = (0..problems.len()).collect();
    order.sort_by_key(|&i| keys[i]);
    let sorted: Vec<Problem> = order.iter().map(|&i| problems[i].clone()).collect();
    problems.clone_from_slice(&sorted);
}

/// What a new machine hears: not an error, and where profiles go.
fn no_user_profiles(dir: &Path) -> String {
    format!(
        "no user profiles yet: put them in {} (one *.toml file per program; see `affex schema`)",
        sanitize_line(&dir.display().to_string())
    )
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
                    (Part::Severity, Severity::Info) => paint.dim(text),
                    _ => text.clone(),
                })
                .collect()
        })
        .collect();
    lines.join("\n")
}
