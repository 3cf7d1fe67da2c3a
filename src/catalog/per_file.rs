//! At most [`MAX_PROBLEMS_PER_FILE`] problems are shown for one file; the rest are counted in
//! one closing line, so a file of a hundred thousand unknown keys costs a hundred reports, not
//! a hundred thousand (to build, to hold, to print and to draw).

use std::collections::HashMap;
use std::path::PathBuf;

use super::Origin;
use super::problem::{Problem, Severity};
use crate::plural;

/// How many problems one file shows before the rest are only counted.
pub const MAX_PROBLEMS_PER_FILE: usize = 100;

/// Problems of one file left out of the list, by severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Hidden {
    /// Errors left out.
    pub errors: usize,
    /// Warnings left out.
    pub warnings: usize,
    /// Info lines left out (a replaced bundled profile).
    pub infos: usize,
}

impl Hidden {
    /// Counts one more problem of `severity` left out.
    pub(super) fn note(&mut self, severity: Severity) {
        match severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
            Severity::Info => self.infos += 1,
        }
    }

    /// Adds what another count left out.
    pub(super) fn add(&mut self, other: Hidden) {
        self.errors += other.errors;
        self.warnings += other.warnings;
        self.infos += other.infos;
    }

    /// How many of `severity`.
    pub(super) fn of(&self, severity: Severity) -> usize {
        match severity {
            Severity::Error => self.errors,
            Severity::Warning => self.warnings,
            Severity::Info => self.infos,
        }
    }

    /// True when nothing was left out.
    pub(super) fn is_empty(&self) -> bool {
        self.errors == 0 && self.warnings == 0 && self.infos == 0
    }

    /// The line that closes a capped list: an error when any error was left out.
    pub(super) fn summary(
        self,
        path: Option<&std::path::Path>,
        bundled: Option<&'static str>,
    ) -> Problem {
        let severity = if self.errors > 0 {
            Severity::Error
        } else if self.warnings > 0 {
            Severity::Warning
        } else {
            Severity::Info
        };
        let mut kinds = Vec::new();
        if self.errors > 0 {
            kinds.push(plural::count(self.errors, "error"));
        }
        if self.warnings > 0 {
            kinds.push(plural::count(self.warnings, "warning"));
        }
        if self.infos > 0 {
            kinds.push(plural::count(self.infos, "note"));
        }
        let message = format!(
            "and {} more of the same kinds in this file, not listed ({}); fix the first \
             {MAX_PROBLEMS_PER_FILE} and check again",
            self.errors + self.warnings + self.infos,
            kinds.join(", ")
        );
        let mut problem = Problem::new(severity, path, None, &message);
        problem.bundled = bundled;
        problem.hidden = Some(self);
        problem
    }
}

/// Which file a problem is about.
pub(super) type FileKey = (Option<PathBuf>, Option<&'static str>);

/// The file a problem about a program from `origin` is about.
pub(super) fn key_of(origin: &Origin) -> FileKey {
    match origin {
        Origin::Bundled(name) => (None, Some(name)),
        Origin::File(path) => (Some(path.clone()), None),
    }
}

/// How many problems each file lists so far in `problems` (closing lines not counted).
pub(super) fn listed(problems: &[Problem]) -> HashMap<FileKey, usize> {
    let mut listed = HashMap::new();
    for problem in problems.iter().filter(|p| p.hidden.is_none()) {
        *listed
            .entry((problem.path.clone(), problem.bundled))
            .or_insert(0) += 1;
    }
    listed
}

/// A stand-in for one problem of `severity` about `origin` that would not be listed: a closing
/// line counting it, which [`cap`] merges into the file's closing line (or puts in its place,
/// where the first problem left out was).
pub(super) fn counted(origin: &Origin, severity: Severity) -> Problem {
    let mut one = Hidden::default();
    one.note(severity);
    let mut problem = Problem::new(severity, origin.path(), None, "");
    if let Origin::Bundled(name) = origin {
        problem.bundled = Some(name);
    }
    problem.hidden = Some(one);
    problem
}

/// Counts one more problem of `severity` in a stand-in made by [`counted`].
pub(super) fn count_in(placeholder: &mut Problem, severity: Severity) {
    if let Some(hidden) = &mut placeholder.hidden {
        hidden.note(severity);
    }
}

/// Keeps the first [`MAX_PROBLEMS_PER_FILE`] problems of each file, in order, and puts one
/// closing line counting the rest where the first left out was. Closing lines already there
/// (from a file streamed in) are merged into it.
pub(super) fn cap(problems: Vec<Problem>) -> Vec<Problem> {
    let mut shown: HashMap<FileKey, usize> = HashMap::new();
    // Per file: where its closing line goes in `out`, and what it counts.
    let mut closing: HashMap<FileKey, (usize, Hidden)> = HashMap::new();
    let mut out: Vec<Problem> = Vec::with_capacity(problems.len().min(4096));
    for problem in problems {
        let key = (problem.path.clone(), problem.bundled);
        let count = shown.entry(key.clone()).or_insert(0);
        if problem.hidden.is_none() && *count < MAX_PROBLEMS_PER_FILE {
            *count += 1;
            out.push(problem);
            continue;
        }
        let hidden = problem.hidden.unwrap_or_else(|| {
            let mut one = Hidden::default();
            one.note(problem.severity);
            one
        });
        match closing.get_mut(&key) {
            Some((_, counted)) => counted.add(hidden),
            None => {
                closing.insert(key, (out.len(), hidden));
                // A placeholder, replaced by the closing line below.
                out.push(problem);
            }
        }
    }
    for (_, (at, hidden)) in closing {
        if let Some(slot) = out.get_mut(at) {
            *slot = hidden.summary(slot.path.as_deref(), slot.bundled);
        }
    }
    out
}

#[cfg(test)]
#[allow(clippy::expect_used, clippy::unwrap_used)]
mod tests {
    use std::path::Path;

    use super::*;

    #[test]
    fn each_file_shows_its_first_problems_and_counts_the_rest() {
        let a = Path::new("a.toml");
        let b = Path::new("b.toml");
        let mut problems = Vec::new();
        for i in 0..MAX_PROBLEMS_PER_FILE + 5 {
            problems.push(Problem::warning(Some(a), None, &format!("a{i}")));
            if i % 2 == 0 {
                problems.push(Problem::error(Some(b), None, &format!("b{i}")));
            }
        }
        problems.push(Problem::error(Some(a), None, "late"));
        let capped = cap(problems);
        let of = |path: &Path| -> Vec<&Problem> {
            capped
                .iter()
                .filter(|p| p.path.as_deref() == Some(path))
                .collect()
        };
        assert_eq!(of(a).len(), MAX_PROBLEMS_PER_FILE + 1);
        assert_eq!(of(b).len(), (MAX_PROBLEMS_PER_FILE + 5).div_ceil(2));
        let closing = of(a).last().map(|p| (*p).clone()).expect("a closing line");
        assert_eq!(
            closing.hidden,
            Some(Hidden {
                errors: 1,
                warnings: 5,
                infos: 0
            })
        );
        assert_eq!(closing.severity, Severity::Error);
        assert!(
            closing.message.starts_with(
                "and 6 more of the same kinds in this file, not listed (1 error, 5 warnings)"
            ),
            "{}",
            closing.message
        );
        // Capping twice changes nothing.
        assert_eq!(cap(capped.clone()), capped);
    }
}
