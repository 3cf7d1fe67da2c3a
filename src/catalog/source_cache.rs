//! Re-reading a source to point a problem found after parsing at its line.

use std::borrow::Cow;
use std::ops::Range;

use super::Origin;
use super::location::{LineIndex, Location};
use super::problem::{Problem, Severity};
use super::read::read_file;
use crate::bundled::BUNDLED;

/// How many texts [`SourceCache`] keeps: a duplicate names the file it duplicates, so late
/// problems often alternate between two files.
const KEPT_SOURCES: usize = 2;

/// Re-reads a source to point a late problem (a duplicate, a dangling alternative) at its line.
/// Sources are not kept while loading; problems found after parsing are rare, and the last texts
/// read are cached because such problems come in runs from one file.
#[derive(Default)]
pub(super) struct SourceCache {
    /// The most recently read last.
    recent: Vec<Source>,
}

/// A text [`SourceCache`] read.
struct Source {
    origin: Origin,
    text: Option<Cow<'static, str>>,
    /// Its lines, indexed when first needed, so a run of problems in one large text reads it
    /// for lines once.
    lines: Option<LineIndex>,
}

impl SourceCache {
    fn source(&mut self, origin: &Origin) -> Option<&mut Source> {
        let at = match self.recent.iter().position(|s| &s.origin == origin) {
            Some(at) => at,
            None => {
                let text = match origin {
                    Origin::Bundled(name) => BUNDLED
                        .iter()
                        .find(|(n, _)| n == name)
                        .map(|(_, text)| Cow::Borrowed(*text)),
                    Origin::File(path) => read_file(path).ok().map(Cow::Owned),
                };
                if self.recent.len() >= KEPT_SOURCES {
                    self.recent.remove(0);
                }
                self.recent.push(Source {
                    origin: origin.clone(),
                    text,
                    lines: None,
                });
                self.recent.len() - 1
            }
        };
        self.recent.get_mut(at)
    }

    /// Where `span` is in `origin`, if the text there still reads `expect`.
    pub(super) fn locate(
        &mut self,
        origin: &Origin,
        span: Range<usize>,
        expect: &str,
    ) -> Option<Location> {
        let source = self.source(origin)?;
        let text = source.text.as_deref()?;
        if !text.get(span.clone()).is_some_and(|t| t.contains(expect)) {
            return None;
        }
        let lines = source.lines.get_or_insert_with(|| LineIndex::new(text));
        Some(lines.locate(text, span))
    }

    /// A problem in `origin`, pointed at `span` when the text there still reads as expected.
    pub(super) fn problem(
        &mut self,
        origin: &Origin,
        severity: Severity,
        field: String,
        message: &str,
        span: Option<(Range<usize>, &str)>,
    ) -> Problem {
        let mut problem = Problem::new(severity, origin.path(), Some(field), message);
        if let Origin::Bundled(name) = origin {
            problem.bundled = Some(name);
        }
        if let Some((span, expect)) = span
            && let Some(location) = self.locate(origin, span, expect)
        {
            problem = problem.at_location(location);
        }
        problem
    }
}
