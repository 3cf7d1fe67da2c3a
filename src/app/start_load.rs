//! A slow cold start, as the app sees it: the list shows the programs read first (with how
//! far the load has got in the status line) and takes every program in once they are read,
//! keeping what the user did meanwhile (query, selection, marks) by id.

use super::App;
use crate::action::StartLoaded;
use crate::catalog::LoadCount;

impl App {
    /// How far the start is reading the files, while it shows the programs read first.
    pub fn loading(&self) -> Option<LoadCount> {
        self.loading
    }

    /// Swaps in every program of the start, once read.
    pub(super) fn start_loaded(&mut self, loaded: StartLoaded) {
        let StartLoaded { catalog, index } = loaded;
        let count = catalog.profiles.len();
        self.swap_in(catalog, index);
        self.message = Some(format!(
            "all {} loaded",
            crate::plural::count(count, "program")
        ));
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::action::{Action, Command};
    use crate::catalog::Catalog;
    use crate::test_support::{answered, bundled_catalog, bundled_first};
    use crate::theme::Theme;
    use crate::tui::step;

    /// `catalog` with its search index, as a start hands them to the app.
    fn indexed(catalog: Catalog) -> (Arc<Catalog>, Arc<crate::search::SearchIndex>) {
        let index = Arc::new(catalog.profiles.search_index());
        (Arc::new(catalog), index)
    }

    #[test]
    fn a_start_shows_its_first_programs_then_swaps_in_every_one_keeping_query_and_marks() {
        let (shown, shown_index) = indexed(bundled_first(2));
        let mut app = App::shared(shown, Some(shown_index), Theme::plain());
        step(
            &mut app,
            Action::Resize {
                width: 120,
                height: 40,
            },
        );
        let count = LoadCount {
            read: 2,
            listed: 6,
            more_sources: false,
            programs: 0,
        };
        step(&mut app, Action::LoadProgress(count));
        assert_eq!(app.loading(), Some(count));
        step(&mut app, Action::Command(Command::ToggleMark));
        let marked = app.marked().to_vec();
        assert_eq!(marked.len(), 1);
        step(&mut app, Action::Command(Command::FocusSearch));
        for c in "a".chars() {
            step(&mut app, Action::InsertChar(c));
        }
        let over_first = app.matches().len();
        assert!(over_first <= 2, "searched over the programs shown");
        let selected = app.selected_id().cloned();
        let later = LoadCount { read: 4, ..count };
        step(&mut app, Action::LoadProgress(later));
        assert_eq!(app.loading(), Some(later));
        assert_eq!(app.query(), "a", "progress leaves the query");
        let (all, index) = indexed(bundled_catalog());
        let wanted = index.search("a");
        step(
            &mut app,
            Action::StartLoaded(StartLoaded {
                catalog: all,
                index: Arc::clone(&index),
            }),
        );
        assert_eq!(app.loading(), None);
        assert_eq!(app.message(), Some("all 6 programs loaded"));
        assert_eq!(app.profiles().len(), 6);
        assert_eq!(app.query(), "a");
        assert!(wanted.len() > over_first);
        assert_eq!(
            app.matches(),
            wanted.as_slice(),
            "answered over every program"
        );
        assert_eq!(app.marked(), marked.as_slice(), "marks kept by id");
        assert_eq!(app.selected_id().cloned(), selected, "selection kept by id");
        assert!(app.index().is_some_and(|i| std::ptr::eq(i, &*index)));
    }

    /// The search line (the top row) of `app` drawn.
    fn search_line(app: &App) -> String {
        let screen = crate::test_support::buffer_text_trimmed(&crate::test_support::draw(app));
        screen.lines().next().unwrap_or_default().to_string()
    }

    #[test]
    fn after_the_swap_the_search_line_says_searching_until_every_program_is_searched() {
        // Found by a new-user run at 100,000 programs: the search line said "348/100006"
        // (the first programs' answer over every program's count) for seconds after the
        // swap, until the worker's search over all of them answered "12089/100006".
        let (shown, shown_index) = indexed(bundled_first(2));
        let worker = App::with_worker(
            shown,
            Some(shown_index),
            Theme::plain(),
            crate::wake::Waker::default(),
        );
        let app = worker.unwrap_or_else(|e| panic!("cannot start the search worker: {e}"));
        let mut app = crate::test_support::sized(app, 80, 20);
        step(&mut app, Action::Command(Command::FocusSearch));
        step(&mut app, Action::InsertChar('a'));
        answered(&mut app);
        let over_first = app.matches().len();
        assert!(search_line(&app).ends_with(&format!(" {over_first}/2")));
        let (all, index) = indexed(bundled_catalog());
        let wanted = index.search("a").len();
        assert!(wanted > over_first, "the test needs the answer to change");
        step(
            &mut app,
            Action::StartLoaded(StartLoaded {
                catalog: all,
                index,
            }),
        );
        assert!(
            app.is_search_pending(),
            "the kept rows answer the first programs"
        );
        let line = search_line(&app);
        assert!(
            line.ends_with(&format!("searching… {over_first}/6")),
            "{line}"
        );
        answered(&mut app);
        let line = search_line(&app);
        assert!(line.ends_with(&format!(" {wanted}/6")), "{line}");
        assert!(!line.contains("searching"), "{line}");
    }
}
