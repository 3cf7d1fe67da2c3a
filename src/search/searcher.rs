//! Incremental search: a query typed on from an earlier one only re-scores that one's matches.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering::Relaxed};

use super::Match;
use super::engine::{self, State};
use super::index::{Outcome, SearchIndex};
use super::query::Query;
use super::spares::Spares;

/// How many earlier queries are kept, so backspacing and typing again stay incremental.
const MAX_HISTORY: usize = 64;

/// Candidates past which a search first reports the best matches among this many.
const PARTIAL_AFTER: usize = 1 << 16;

/// Score tables made ready before the first key: one for the term typed, one for the term it
/// grows into on the next key (the first is reused after that).
const TABLES_PREPARED: usize = 2;

/// Candidates a search must have before it reports early matches at all: below this (100,000
/// programs) the whole scan ends about as soon as the early report would, and drawing that
/// report took the CPU the scan needed (a first key at 100k: 42 ms complete with the report,
/// 20–28 ms without).
const PARTIAL_FROM: usize = 1 << 18;

/// Searches one index again and again, reusing the last results while the query only grows.
pub struct Searcher {
    index: Arc<SearchIndex>,
    /// Finished searches, each typed on from the one before it.
    history: Vec<State>,
    /// See [`PARTIAL_AFTER`]; tests lower it.
    pub(super) partial_after: usize,
    /// See [`PARTIAL_FROM`]; tests lower it.
    pub(super) partial_from: usize,
    /// Whether the scan may skip profiles by their char masks; tests turn it off to compare.
    pub(super) shortcuts: bool,
    /// Score tables to reuse.
    spares: Spares,
}

impl Searcher {
    /// A searcher over `index`, with no history yet.
    pub fn new(index: Arc<SearchIndex>) -> Self {
        Searcher {
            index,
            history: Vec::new(),
            partial_after: PARTIAL_AFTER,
            partial_from: PARTIAL_FROM,
            shortcuts: true,
            spares: Spares::default(),
        }
    }

    /// Allocates the score tables the first keys of a session need, ahead of them: the search
    /// thread does this while the user has not typed yet.
    pub fn prepare(&mut self) {
        self.spares
            .prepare(self.index.string_count(), self.index.len(), TABLES_PREPARED);
    }

    /// Every program matching `query`, best first; `None` if `cancel` was set before the end.
    pub fn search(&mut self, query: &str, cancel: &AtomicBool) -> Option<Outcome> {
        self.search_streaming(query, cancel, |_| {})
    }

    /// Like [`Searcher::search`], but first hands `on_partial` a big catalog's best early matches.
    pub fn search_streaming(
        &mut self,
        query: &str,
        cancel: &AtomicBool,
        mut on_partial: impl FnMut(Vec<Match>),
    ) -> Option<Outcome> {
        let cancelled = || cancel.load(Relaxed);
        self.run(&Query::parse(query), &cancelled, &mut on_partial)
    }

    /// Readies the score tables the last searches gave back for the next keys, until `stop`
    /// says a search is waiting (see [`Spares::tidy`]): the search thread does this once it
    /// has sent a result.
    pub fn tidy(&mut self, stop: &dyn Fn() -> bool) {
        self.spares.tidy(stop);
    }

    /// The search itself, with any cancellation test (the tests count calls to it).
    pub(super) fn run(
        &mut self,
        query: &Query,
        cancel: &(dyn Fn() -> bool + Sync),
        on_partial: &mut dyn FnMut(Vec<Match>),
    ) -> Option<Outcome> {
        let base = self
            .history
            .iter()
            .rposition(|state| state.query.is_extended_by(query));
        let (matches, state) = engine::run(
            &self.index,
            query,
            base.map(|b| &self.history[b]),
            cancel,
            on_partial,
            engine::Tuning {
                partial_after: self.partial_after,
                partial_from: self.partial_from,
                shortcuts: self.shortcuts,
            },
            &mut self.spares,
        )?;
        if let Some(state) = state {
            self.remember(base, state);
        }
        Some(matches)
    }

    /// Makes `state` the newest history entry, on top of the entry it was built from.
    fn remember(&mut self, base: Option<usize>, state: State) {
        for old in self.history.drain(base.map_or(0, |b| b + 1)..) {
            self.spares.recycle(old.tables);
        }
        if let Some(top) = self.history.last_mut() {
            let old_tables = std::mem::take(&mut top.tables);
            if top.query.same_pieces(&state.query) {
                // Same terms (a space was typed): the entry is already here, keep its tables.
                top.tables = state.tables;
                self.spares.recycle(old_tables);
                return;
            }
            // Tables the new entry shares stay alive through it; the rest can be reused.
            self.spares.recycle(old_tables);
        }
        self.history.push(state);
        if self.history.len() > MAX_HISTORY {
            let oldest = self.history.remove(0);
            self.spares.recycle(oldest.tables);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bundled_index() -> Arc<SearchIndex> {
        Arc::new(
            crate::test_support::bundled_catalog()
                .profiles
                .search_index(),
        )
    }

    #[test]
    fn prepared_tables_are_the_ones_the_first_keys_use() {
        let index = bundled_index();
        let mut searcher = Searcher::new(Arc::clone(&index));
        searcher.prepare();
        let size = (index.string_count(), index.len());
        assert_eq!(searcher.spares.sizes(), vec![size; TABLES_PREPARED]);
        let go = AtomicBool::new(false);
        for typed in ["c", "co", "coo"] {
            let found = searcher.search(typed, &go);
            assert_eq!(found, Some(index.search_outcome(typed)), "{typed:?}");
        }
        // The first key took one; each key after took one and gave its parent's back.
        assert_eq!(searcher.spares.sizes(), vec![size; TABLES_PREPARED - 1]);
    }

    #[test]
    fn tables_tidied_between_keys_are_handed_out_clean() {
        let index = bundled_index();
        let mut searcher = Searcher::new(Arc::clone(&index));
        let go = AtomicBool::new(false);
        for typed in ["c", "co", "com", "co", "comm", "commission", "ali | com"] {
            // As the search thread does once it has sent each result.
            searcher.tidy(&|| false);
            let kept = searcher.spares.sizes().len();
            assert_eq!(searcher.spares.clean_count(), kept, "{typed:?}");
            let found = searcher.search(typed, &go);
            assert_eq!(found, Some(index.search_outcome(typed)), "{typed:?}");
        }
        // What the last search gave back is kept, not yet clean.
        assert!(searcher.spares.clean_count() < searcher.spares.sizes().len());
    }
}
