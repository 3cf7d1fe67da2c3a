//! A warm start lists the programs before it has read the search index (36 MB at 100,000
//! programs, most of the start): the app opens on the stored by-name order, keys typed
//! meanwhile edit the search line, and the index, once read, answers what was typed.

use std::sync::Arc;

use super::{App, Backend};
use crate::catalog::Catalog;
use crate::search::{Match, SearchIndex};
use crate::theme::Theme;
use crate::wake::Waker;

impl App {
    /// An explorer over `catalog` listing its programs in `by_name` order (positions in the
    /// catalog, as the index lists them under an empty query) until [`Action::IndexRead`]
    /// brings the index; searches then run inline.
    ///
    /// [`Action::IndexRead`]: crate::action::Action::IndexRead
    pub fn listed(catalog: Arc<Catalog>, by_name: &[u32], theme: Theme) -> Self {
        App::showing(catalog, None, Match::all_by_name(by_name), theme)
    }

    /// [`App::listed`] whose searches run on a worker thread, started once the index is in;
    /// `waker` wakes the loop when results arrive.
    pub fn listed_with_worker(
        catalog: Arc<Catalog>,
        by_name: &[u32],
        theme: Theme,
        waker: Waker,
    ) -> Self {
        let mut app = App::listed(catalog, by_name, theme);
        app.backend = Backend::Waiting(waker);
        app
    }

    /// Takes the index read after the list showed, and searches for what was typed meanwhile.
    /// An index that came by a reload first is kept (it is the newer).
    pub(super) fn index_read(&mut self, index: Arc<SearchIndex>) {
        if self.index.is_some() {
            return;
        }
        if let Backend::Waiting(waker) = &self.backend {
            self.backend = match self.start_worker(Arc::clone(&index), waker.clone()) {
                Ok(worker) => Backend::Worker(worker),
                Err(_) => Backend::Inline {
                    generation: self.generation,
                },
            };
        }
        self.index = Some(index);
        if self.is_search_pending() {
            self.submit_search();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::action::{Action, Command, IndexRead};
    use crate::app::Reloaded;
    use crate::test_support::bundled_catalog;
    use crate::tui::step;

    /// An app listed from the bundled catalog's order, as a warm start opens, and the index
    /// that follows.
    fn listed() -> (App, Arc<SearchIndex>) {
        let catalog = Arc::new(bundled_catalog());
        let index = Arc::new(catalog.profiles.search_index());
        let mut app = App::listed(catalog, index.by_name(), Theme::plain());
        step(
            &mut app,
            Action::Resize {
                width: 120,
                height: 40,
            },
        );
        (app, index)
    }

    fn type_query(app: &mut App, query: &str) {
        step(app, Action::Command(Command::FocusSearch));
        for c in query.chars() {
            step(app, Action::InsertChar(c));
        }
    }

    #[test]
    fn a_listed_start_shows_the_indexed_list_and_searches_what_was_typed_once_the_index_is_in() {
        let (mut app, index) = listed();
        let catalog = Arc::clone(&app.catalog);
        let indexed = App::shared(catalog, Some(Arc::clone(&index)), Theme::plain());
        assert_eq!(app.matches(), indexed.matches());
        assert_eq!(app.selected_id(), indexed.selected_id());
        assert!(app.index().is_none());
        // Typed before the index is in: the search line takes it, the list waits.
        type_query(&mut app, "dropship");
        assert_eq!(app.query(), "dropship");
        assert!(app.is_search_pending());
        assert_eq!(
            app.matches(),
            indexed.matches(),
            "the list waits for the index"
        );
        step(&mut app, Action::IndexRead(IndexRead(Arc::clone(&index))));
        assert!(!app.is_search_pending());
        let wanted = index.search("dropship");
        assert!(!wanted.is_empty() && wanted.len() < app.profiles().len());
        assert_eq!(app.matches(), wanted.as_slice());
        assert!(app.index().is_some_and(|i| std::ptr::eq(i, &*index)));
    }

    #[test]
    fn with_nothing_typed_the_index_changes_nothing_on_screen() {
        let (mut app, index) = listed();
        step(&mut app, Action::Command(Command::Down));
        let (selected, matches) = (app.selected_id().cloned(), app.matches().to_vec());
        step(&mut app, Action::IndexRead(IndexRead(index)));
        assert_eq!(app.selected_id().cloned(), selected);
        assert_eq!(app.matches(), matches.as_slice());
        assert!(!app.is_search_pending());
    }

    /// A reload that lands before the start's index (a stale cache found at once) brings the
    /// newer catalog's index; the start's, arriving after, must not replace it.
    #[test]
    fn an_index_a_reload_brought_is_kept_over_the_start_s() {
        let (mut app, index) = listed();
        type_query(&mut app, "dropship");
        let catalog = Arc::clone(&app.catalog);
        let reloaded = Reloaded::from_catalog(&catalog, bundled_catalog());
        let newer = Arc::clone(&reloaded.index);
        step(&mut app, Action::Reloaded(Box::new(reloaded)));
        assert!(app.index().is_some_and(|i| std::ptr::eq(i, &*newer)));
        assert_eq!(app.matches(), newer.search("dropship").as_slice());
        step(&mut app, Action::IndexRead(IndexRead(index)));
        assert!(app.index().is_some_and(|i| std::ptr::eq(i, &*newer)));
    }
}
