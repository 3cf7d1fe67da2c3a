//! The problems of one text as they are found, bounded: the first [`MAX_PROBLEMS_PER_FILE`] in
//! file order (line, then column, then the order they were found) are kept, the rest only
//! counted by severity. A file of 90,000 unknown keys holds a hundred problems while it is
//! checked, not 90,000, and the checks ask [`ProblemSink::keeps`] before building a message
//! that would not be listed.
//!
//! What comes out is what sorting every problem by position and keeping the first hundred gave
//! ([`per_file::cap`](super::per_file::cap) after a stable sort), so the lists users see do not
//! change.

use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashSet};
use std::path::Path;

use super::per_file::{Hidden, MAX_PROBLEMS_PER_FILE};
use super::problem::{Problem, Severity};

/// Where a problem sorts in its file: line, column, then the order it was found in (so equal
/// positions keep that order, as a stable sort does). No position sorts first.
type Rank = (Option<usize>, Option<usize>, usize);

/// A kept problem and its rank; the heap's top is the last one in file order.
struct Ranked {
    rank: Rank,
    problem: Problem,
}

impl PartialEq for Ranked {
    fn eq(&self, other: &Self) -> bool {
        self.rank == other.rank
    }
}

impl Eq for Ranked {}

impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Ranked {
    fn cmp(&self, other: &Self) -> Ordering {
        self.rank.cmp(&other.rank)
    }
}

/// The first problems of one text in file order, and a count of the others.
pub(super) struct ProblemSink {
    /// A max-heap: its top is the first to leave when an earlier problem comes.
    kept: BinaryHeap<Ranked>,
    /// Problems taken so far, kept or not: the next one's place among equals.
    taken: usize,
    hidden: Hidden,
    /// The lines of every problem taken, when asked for ([`ProblemSink::recording_lines`]).
    lines: Option<HashSet<Option<usize>>>,
    /// Problems on these lines are dropped ([`ProblemSink::excluding`]).
    excluded: HashSet<Option<usize>>,
}

impl Default for ProblemSink {
    fn default() -> Self {
        ProblemSink::new()
    }
}

impl ProblemSink {
    /// An empty sink.
    pub(super) fn new() -> Self {
        ProblemSink {
            kept: BinaryHeap::new(),
            taken: 0,
            hidden: Hidden::default(),
            lines: None,
            excluded: HashSet::new(),
        }
    }

    /// An empty sink that drops every problem on one of `lines` (neither listed nor counted).
    pub(super) fn excluding(lines: HashSet<Option<usize>>) -> Self {
        ProblemSink {
            excluded: lines,
            ..ProblemSink::new()
        }
    }

    /// An empty sink that remembers the line of every problem taken, listed or not.
    pub(super) fn recording_lines() -> Self {
        ProblemSink {
            lines: Some(HashSet::new()),
            ..ProblemSink::new()
        }
    }

    /// True when a problem at `line` and `column`, taken now, would be listed: worth building.
    pub(super) fn keeps(&self, line: Option<usize>, column: Option<usize>) -> bool {
        self.kept.len() < MAX_PROBLEMS_PER_FILE
            || self
                .kept
                .peek()
                .is_some_and(|last| (line, column) < (last.rank.0, last.rank.1))
    }

    /// Takes one problem: listed if it is among the first, counted otherwise. A closing line
    /// (one that counts problems already left out) is counted whole.
    pub(super) fn push(&mut self, problem: Problem) {
        if let Some(hidden) = problem.hidden {
            self.hidden.add(hidden);
            return;
        }
        if let Some(lines) = &mut self.lines {
            lines.insert(problem.line);
        }
        let rank = (problem.line, problem.column, self.taken);
        self.taken += 1;
        if self.excluded.contains(&problem.line) {
            return;
        }
        if !self.keeps(problem.line, problem.column) {
            self.hidden.note(problem.severity);
            return;
        }
        self.kept.push(Ranked { rank, problem });
        if self.kept.len() > MAX_PROBLEMS_PER_FILE
            && let Some(last) = self.kept.pop()
        {
            self.hidden.note(last.problem.severity);
        }
    }

    /// Counts a problem at `line` that [`ProblemSink::keeps`] said would not be listed, without
    /// building it.
    pub(super) fn skip(&mut self, severity: Severity, line: Option<usize>) {
        if let Some(lines) = &mut self.lines {
            lines.insert(line);
        }
        self.taken += 1;
        self.hidden.note(severity);
    }

    /// Takes every problem of `problems`.
    pub(super) fn extend(&mut self, problems: impl IntoIterator<Item = Problem>) {
        for problem in problems {
            self.push(problem);
        }
    }

    /// Takes what another sink listed and counted.
    pub(super) fn append(&mut self, other: ProblemSink) {
        let (listed, hidden) = other.into_sorted();
        self.extend(listed);
        self.hidden.add(hidden);
    }

    /// How many problems were taken, listed or not (dropped ones too).
    pub(super) fn taken(&self) -> usize {
        self.taken
    }

    /// The lines of every problem taken so far (empty unless made by
    /// [`ProblemSink::recording_lines`]).
    pub(super) fn lines(&self) -> HashSet<Option<usize>> {
        self.lines.clone().unwrap_or_default()
    }

    /// The listed problems in file order, and what was left out.
    pub(super) fn into_sorted(self) -> (Vec<Problem>, Hidden) {
        let kept = self.kept.into_sorted_vec();
        (kept.into_iter().map(|r| r.problem).collect(), self.hidden)
    }

    /// The listed problems in file order, then, when any were left out, the line that counts
    /// them (about `path`).
    pub(super) fn into_problems(self, path: Option<&Path>) -> Vec<Problem> {
        let (mut problems, hidden) = self.into_sorted();
        if !hidden.is_empty() {
            problems.push(hidden.summary(path, None));
        }
        problems
    }
}

#[cfg(test)]
#[allow(clippy::expect_used, clippy::unwrap_used)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::catalog::per_file::cap;

    /// A problem at `line`:`column`, its message naming the order it came in.
    fn at(line: Option<usize>, column: usize, i: usize, severity: Severity) -> Problem {
        let mut p = Problem::new(severity, Some(Path::new("f.toml")), None, &format!("p{i}"));
        p.line = line;
        p.column = line.map(|_| column);
        p
    }

    /// 250 problems in a scrambled order, with ties, no positions and all three severities.
    fn scrambled() -> Vec<Problem> {
        (0..250)
            .map(|i| {
                let severity = [Severity::Warning, Severity::Error, Severity::Info][i % 3];
                let line = if i % 17 == 0 {
                    None
                } else {
                    Some((i * 7919) % 61)
                };
                at(line, (i * 31) % 5, i, severity)
            })
            .collect()
    }

    #[test]
    fn the_sink_lists_what_sorting_then_capping_listed() {
        for n in [0, 1, 99, 100, 101, 250] {
            let problems: Vec<Problem> = scrambled().into_iter().take(n).collect();
            let mut before = problems.clone();
            before.sort_by_key(|p| (p.line, p.column));
            let before = cap(before);
            let mut sink = ProblemSink::new();
            sink.extend(problems);
            let after = cap(sink.into_problems(Some(Path::new("f.toml"))));
            assert_eq!(after, before, "{n} problems");
        }
    }

    #[test]
    fn a_problem_the_sink_would_not_list_can_be_counted_unbuilt() {
        let mut sink = ProblemSink::recording_lines();
        for i in 0..MAX_PROBLEMS_PER_FILE {
            sink.push(at(Some(10), 1, i, Severity::Warning));
        }
        assert!(
            !sink.keeps(Some(10), Some(1)),
            "ties go after those found first"
        );
        assert!(!sink.keeps(Some(11), Some(1)));
        assert!(sink.keeps(Some(9), Some(5)));
        sink.skip(Severity::Error, Some(12));
        assert_eq!(sink.taken(), MAX_PROBLEMS_PER_FILE + 1);
        assert!(sink.lines().contains(&Some(12)));
        let (listed, hidden) = sink.into_sorted();
        assert_eq!(listed.len(), MAX_PROBLEMS_PER_FILE);
        assert_eq!(hidden.errors, 1);
    }
}
