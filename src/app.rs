//! The explorer's state and the one function that changes it, [`App::update`]. Nothing here
//! knows about the terminal: the event loop turns keys into [`Action`]s, tests feed actions
//! directly, and the `ui` module draws whatever state results.

mod grid;

use std::sync::Arc;

use ratatui::layout::Rect;

pub use grid::{Grid, MAX_GRID_COLUMNS};

use crate::action::Action;
use crate::catalog::Catalog;
use crate::keymap::{Keymap, Mode};
use crate::model::Profile;
use crate::sanitize;
use crate::search::{Match, Query, SearchIndex, SearchResult, SearchWorker};
use crate::ui;
use crate::ui::theme::Theme;

/// Which pane has the keyboard when neither the search line nor an overlay does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    /// The program list.
    List,
    /// The detail pane.
    Detail,
}

/// A popup drawn over everything else.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlay {
    /// The key table, scrolled by this many lines.
    Help {
        /// Lines scrolled.
        scroll: usize,
        /// Where help was asked for: that mode's keys come first.
        from: Mode,
    },
    /// The profiles that were skipped, scrolled by this many lines.
    Warnings {
        /// Lines scrolled.
        scroll: usize,
    },
}

/// Where searches run: inline (tests, small catalogs) or on the worker thread.
enum Backend {
    Inline { generation: u64 },
    Worker(SearchWorker),
}

/// The ranked matches currently listed and the query they answer.
struct Results {
    query: Query,
    matches: Vec<Match>,
    complete: bool,
}

/// How far a wheel notch scrolls.
const WHEEL_STEP: usize = 3;

/// The whole state of the explorer.
pub struct App {
    catalog: Catalog,
    index: Arc<SearchIndex>,
    backend: Backend,
    keymap: Keymap,
    theme: Theme,
    screen: Rect,
    focus: Focus,
    searching: bool,
    query: String,
    generation: u64,
    results: Results,
    selected: usize,
    list_offset: usize,
    detail_scroll: usize,
    marked: Vec<usize>,
    grid: Option<Grid>,
    overlay: Option<Overlay>,
    message: Option<String>,
    quit: bool,
}

impl App {
    /// An explorer over `catalog` that searches inline, on the caller's thread.
    pub fn new(catalog: Catalog, theme: Theme) -> Self {
        let index = Arc::new(SearchIndex::new(&catalog.profiles));
        let matches = index.search("");
        App {
            catalog,
            index,
            backend: Backend::Inline { generation: 0 },
            keymap: Keymap::standard(),
            theme,
            screen: Rect::new(0, 0, 80, 24),
            focus: Focus::List,
            searching: false,
            query: String::new(),
            generation: 0,
            results: Results {
                query: Query::parse(""),
                matches,
                complete: true,
            },
            selected: 0,
            list_offset: 0,
            detail_scroll: 0,
            marked: Vec::new(),
            grid: None,
            overlay: None,
            message: None,
            quit: false,
        }
    }

    /// An explorer whose searches run on a background thread; poll it with
    /// [`App::poll_search`] each frame.
    pub fn with_worker(catalog: Catalog, theme: Theme) -> std::io::Result<Self> {
        let mut app = App::new(catalog, theme);
        app.backend = Backend::Worker(SearchWorker::new(Arc::clone(&app.index))?);
        Ok(app)
    }

    // ----- what the screen and the tests read -----

    /// Every loaded program, in catalog order; match indices point here.
    pub fn profiles(&self) -> &[Profile] {
        &self.catalog.profiles
    }

    /// The loaded catalog, with the problems found while loading it.
    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    /// The search index, for on-screen match positions.
    pub fn index(&self) -> &SearchIndex {
        &self.index
    }

    /// The key table.
    pub fn keymap(&self) -> &Keymap {
        &self.keymap
    }

    /// The styles in use.
    pub fn theme(&self) -> &Theme {
        &self.theme
    }

    /// The terminal area the app was last told about.
    pub fn screen(&self) -> Rect {
        self.screen
    }

    /// What has the keyboard now.
    pub fn mode(&self) -> Mode {
        match (self.overlay, &self.grid) {
            (Some(Overlay::Help { .. }), _) => Mode::Help,
            (Some(Overlay::Warnings { .. }), _) => Mode::Warnings,
            (None, Some(_)) => Mode::Grid,
            (None, None) if self.searching => Mode::Search,
            (None, None) => match self.focus {
                Focus::List => Mode::List,
                Focus::Detail => Mode::Detail,
            },
        }
    }

    /// The pane with the keyboard (when the search line and overlays do not have it).
    pub fn focus(&self) -> Focus {
        self.focus
    }

    /// True while the search line has the keyboard.
    pub fn is_searching(&self) -> bool {
        self.searching
    }

    /// The query as typed.
    pub fn query(&self) -> &str {
        &self.query
    }

    /// The parsed query the listed matches answer (for highlighting).
    pub fn results_query(&self) -> &Query {
        &self.results.query
    }

    /// True while a search for the typed query has not finished.
    pub fn is_search_pending(&self) -> bool {
        self.results.query.as_str() != self.query || !self.results.complete
    }

    /// The listed programs, best first.
    pub fn matches(&self) -> &[Match] {
        &self.results.matches
    }

    /// The selected row of the list.
    pub fn selected(&self) -> usize {
        self.selected
    }

    /// The catalog index of the selected program.
    pub fn selected_profile(&self) -> Option<usize> {
        self.results.matches.get(self.selected).map(|m| m.index)
    }

    /// The first list row on screen.
    pub fn list_offset(&self) -> usize {
        self.list_offset
    }

    /// Lines the detail pane is scrolled by.
    pub fn detail_scroll(&self) -> usize {
        self.detail_scroll
    }

    /// Programs marked for comparison (catalog indices), in the order they were marked.
    pub fn marked(&self) -> &[usize] {
        &self.marked
    }

    /// True when the program at catalog index `i` is marked.
    pub fn is_marked(&self, i: usize) -> bool {
        self.marked.contains(&i)
    }

    /// The comparison grid, when open.
    pub fn grid(&self) -> Option<&Grid> {
        self.grid.as_ref()
    }

    /// The open popup, if any.
    pub fn overlay(&self) -> Option<Overlay> {
        self.overlay
    }

    /// A one-off message for the status line.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// True once the user asked to quit.
    pub fn should_quit(&self) -> bool {
        self.quit
    }

    /// How many profiles were skipped (errors) and how many loaded with warnings.
    pub fn problem_counts(&self) -> (usize, usize) {
        (self.catalog.errors(), self.catalog.warnings())
    }

    // ----- the event loop's side -----

    /// The action for the newest search result from the worker, if one arrived.
    pub fn poll_search(&mut self) -> Option<Action> {
        match &mut self.backend {
            Backend::Worker(worker) => worker.try_recv().map(Action::SearchResults),
            Backend::Inline { .. } => None,
        }
    }

    /// Applies one action. This is the only way the state changes.
    pub fn update(&mut self, action: Action) {
        if !matches!(action, Action::SearchResults(_)) {
            self.message = None;
        }
        match action {
            Action::Quit => self.quit = true,
            Action::Resize { width, height } => self.screen = Rect::new(0, 0, width, height),
            Action::SearchResults(result) => self.apply_results(result),
            Action::Click { column, row } => self.click(column, row),
            Action::Wheel { column, row, down } => self.wheel(column, row, down),
            action => match self.mode() {
                Mode::Help | Mode::Warnings => self.update_overlay(action),
                Mode::Grid => self.update_grid(action),
                Mode::Search => self.update_search(action),
                Mode::List | Mode::Detail => self.update_browse(action),
            },
        }
        self.fit_viewports();
    }

    fn update_search(&mut self, action: Action) {
        match action {
            // A control or invisible character (a C1 control a terminal hands over as a
            // character, a ZWJ inside an emoji) would reach the terminal from the search line,
            // and could never match: profile text has them removed when it is loaded.
            Action::InsertChar(c) if c.is_control() || sanitize::is_invisible_control(c) => {}
            Action::InsertChar(c) => {
                self.query.push(c);
                self.submit_search();
            }
            Action::DeleteChar if self.query.pop().is_some() => self.submit_search(),
            Action::ClearQuery => self.clear_query(),
            Action::LeaveSearch | Action::Back => self.searching = false,
            Action::Down | Action::Up | Action::PageDown | Action::PageUp => {
                self.move_list(&action)
            }
            _ => {}
        }
    }

    fn update_browse(&mut self, action: Action) {
        match action {
            Action::FocusSearch => self.searching = true,
            Action::Down
            | Action::Up
            | Action::First
            | Action::Last
            | Action::PageDown
            | Action::PageUp => match self.focus {
                Focus::List => self.move_list(&action),
                Focus::Detail => self.scroll_detail(&action),
            },
            Action::FocusNext | Action::FocusPrev => {
                self.focus = match self.focus {
                    Focus::List => Focus::Detail,
                    Focus::Detail => Focus::List,
                }
            }
            Action::Open if self.selected_profile().is_some() => self.focus = Focus::Detail,
            Action::ToggleMark => self.toggle_mark(),
            Action::ToggleGrid => self.open_grid(),
            Action::ToggleHelp => {
                self.overlay = Some(Overlay::Help {
                    scroll: 0,
                    from: self.mode(),
                })
            }
            Action::ToggleWarnings => self.overlay = Some(Overlay::Warnings { scroll: 0 }),
            Action::Back => match self.focus {
                Focus::Detail => self.focus = Focus::List,
                Focus::List if !self.query.is_empty() => self.clear_query(),
                Focus::List => {}
            },
            _ => {}
        }
    }

    fn update_grid(&mut self, action: Action) {
        let profiles = &self.catalog.profiles;
        let Some(grid) = self.grid.as_mut() else {
            return;
        };
        match action {
            Action::Down => grid.move_row(1),
            Action::Up => grid.move_row(-1),
            Action::PageDown => grid.move_row(5),
            Action::PageUp => grid.move_row(-5),
            Action::First => grid.move_row(isize::MIN / 2),
            Action::Last => grid.move_row(isize::MAX / 2),
            Action::Left => grid.move_column(-1),
            Action::Right => grid.move_column(1),
            Action::SortByRow => grid.sort(profiles),
            Action::ToggleColumn => grid.toggle_column(profiles),
            Action::ToggleGrid | Action::Back => self.grid = None,
            Action::ToggleHelp => {
                self.overlay = Some(Overlay::Help {
                    scroll: 0,
                    from: self.mode(),
                })
            }
            Action::ToggleWarnings => self.overlay = Some(Overlay::Warnings { scroll: 0 }),
            _ => {}
        }
    }

    fn update_overlay(&mut self, action: Action) {
        let Some(overlay) = self.overlay else { return };
        let scroll = match overlay {
            Overlay::Help { scroll, .. } | Overlay::Warnings { scroll } => scroll,
        };
        let page = ui::overlay_page(self);
        let scroll = match action {
            Action::ToggleHelp | Action::ToggleWarnings | Action::Back => {
                self.overlay = None;
                return;
            }
            Action::Down => scroll.saturating_add(1),
            Action::Up => scroll.saturating_sub(1),
            Action::PageDown => scroll.saturating_add(page),
            Action::PageUp => scroll.saturating_sub(page),
            Action::First => 0,
            Action::Last => usize::MAX,
            _ => scroll,
        };
        self.overlay = Some(match overlay {
            Overlay::Help { from, .. } => Overlay::Help { scroll, from },
            Overlay::Warnings { .. } => Overlay::Warnings { scroll },
        });
    }

    // ----- search -----

    fn clear_query(&mut self) {
        if !self.query.is_empty() {
            self.query.clear();
            self.submit_search();
        }
    }

    /// Starts a search for the typed query. Inline, the results are applied at once through
    /// [`Action::SearchResults`], the same path the worker's results take.
    fn submit_search(&mut self) {
        match &mut self.backend {
            Backend::Worker(worker) => self.generation = worker.submit(self.query.clone()),
            Backend::Inline { generation } => {
                *generation += 1;
                self.generation = *generation;
                let result = SearchResult {
                    generation: self.generation,
                    query: self.query.clone(),
                    matches: self.index.search(&self.query),
                    complete: true,
                };
                self.update(Action::SearchResults(result));
            }
        }
    }

    fn apply_results(&mut self, result: SearchResult) {
        if result.generation != self.generation {
            return; // An older query's answer: the user has typed on.
        }
        let same_query = result.query == self.results.query.as_str();
        let keep = same_query.then(|| self.selected_profile()).flatten();
        let before = self.selected_profile();
        if !same_query {
            self.results.query = Query::parse(&result.query);
        }
        self.results.matches = result.matches;
        self.results.complete = result.complete;
        self.selected = keep
            .and_then(|i| self.results.matches.iter().position(|m| m.index == i))
            .unwrap_or(0);
        if !same_query {
            self.list_offset = 0;
        }
        if self.selected_profile() != before {
            self.detail_scroll = 0;
        }
    }

    // ----- list and detail -----

    fn move_list(&mut self, action: &Action) {
        let len = self.results.matches.len();
        if len == 0 {
            self.selected = 0;
            return;
        }
        let page = ui::list_page(self).max(1);
        let last = len - 1;
        let before = self.selected;
        self.selected = match action {
            Action::Down => (self.selected + 1).min(last),
            Action::Up => self.selected.saturating_sub(1),
            Action::First => 0,
            Action::Last => last,
            Action::PageDown => self.selected.saturating_add(page).min(last),
            Action::PageUp => self.selected.saturating_sub(page),
            _ => self.selected,
        };
        if self.selected != before {
            self.detail_scroll = 0;
        }
    }

    fn scroll_detail(&mut self, action: &Action) {
        let page = ui::detail_page(self).max(1);
        self.detail_scroll = match action {
            Action::Down => self.detail_scroll.saturating_add(1),
            Action::Up => self.detail_scroll.saturating_sub(1),
            Action::First => 0,
            Action::Last => usize::MAX,
            Action::PageDown => self.detail_scroll.saturating_add(page),
            Action::PageUp => self.detail_scroll.saturating_sub(page),
            _ => self.detail_scroll,
        };
    }

    fn toggle_mark(&mut self) {
        let Some(i) = self.selected_profile() else {
            return;
        };
        if let Some(at) = self.marked.iter().position(|&m| m == i) {
            self.marked.remove(at);
        } else {
            self.marked.push(i);
        }
    }

    fn open_grid(&mut self) {
        let columns: Vec<usize> = if self.marked.is_empty() {
            self.results.matches.iter().map(|m| m.index).collect()
        } else {
            self.marked.clone()
        };
        if columns.is_empty() {
            self.message = Some("Nothing to compare: no program is listed.".to_string());
            return;
        }
        let total = columns.len();
        let grid = Grid::new(&self.catalog.profiles, columns);
        if total > MAX_GRID_COLUMNS {
            self.message = Some(format!(
                "Comparing the first {MAX_GRID_COLUMNS} of {total} programs; mark some to choose."
            ));
        }
        self.grid = Some(grid);
    }

    // ----- mouse -----

    fn click(&mut self, column: u16, row: u16) {
        if self.overlay.is_some() {
            return;
        }
        let at = ratatui::layout::Position::new(column, row);
        let screen = ui::layout::screen(self.screen, self.focus, self.grid.is_some());
        if let (Some(grid), Some(area)) = (self.grid.as_mut(), screen.grid) {
            if let Some((r, c)) = ui::grid::hit(grid, &self.catalog.profiles, area, at) {
                if let Some(r) = r {
                    grid.row = r;
                }
                if let Some(c) = c {
                    grid.column = c;
                }
            }
            return;
        }
        if screen.search.contains(at) {
            self.searching = true;
            return;
        }
        if let Some(list) = screen.list.filter(|a| a.contains(at)) {
            self.searching = false;
            self.focus = Focus::List;
            let rows = ui::layout::list_rows(list);
            if rows.contains(at) {
                let i = self.list_offset + usize::from(row - rows.y);
                if i < self.results.matches.len() && i != self.selected {
                    self.selected = i;
                    self.detail_scroll = 0;
                }
            }
        } else if screen.detail.is_some_and(|a| a.contains(at)) {
            self.searching = false;
            self.focus = Focus::Detail;
        }
    }

    fn wheel(&mut self, column: u16, row: u16, down: bool) {
        let step = |v: usize| {
            if down {
                v.saturating_add(WHEEL_STEP)
            } else {
                v.saturating_sub(WHEEL_STEP)
            }
        };
        if let Some(overlay) = self.overlay {
            self.overlay = Some(match overlay {
                Overlay::Help { scroll, from } => Overlay::Help {
                    scroll: step(scroll),
                    from,
                },
                Overlay::Warnings { scroll } => Overlay::Warnings {
                    scroll: step(scroll),
                },
            });
            return;
        }
        if let Some(grid) = self.grid.as_mut() {
            grid.move_row(if down { 1 } else { -1 });
            return;
        }
        let at = ratatui::layout::Position::new(column, row);
        let screen = ui::layout::screen(self.screen, self.focus, false);
        if screen.list.is_some_and(|a| a.contains(at)) {
            let last = self.results.matches.len().saturating_sub(1);
            let before = self.selected;
            self.selected = step(self.selected).min(last);
            if self.selected != before {
                self.detail_scroll = 0;
            }
        } else if screen.detail.is_some_and(|a| a.contains(at)) {
            self.detail_scroll = step(self.detail_scroll);
        }
    }

    // ----- keeping the selection on screen -----

    /// Clamps every scroll offset to its content and keeps each selection visible, using the
    /// same geometry the renderer uses.
    fn fit_viewports(&mut self) {
        let len = self.results.matches.len();
        self.selected = self.selected.min(len.saturating_sub(1));
        let rows = ui::list_page(self);
        if rows > 0 {
            if self.selected < self.list_offset {
                self.list_offset = self.selected;
            } else if self.selected >= self.list_offset + rows {
                self.list_offset = self.selected + 1 - rows;
            }
            self.list_offset = self.list_offset.min(len.saturating_sub(rows));
        }
        let max_scroll = ui::detail_max_scroll(self);
        self.detail_scroll = self.detail_scroll.min(max_scroll);
        if let Some(overlay) = self.overlay {
            let max = ui::overlay_max_scroll(self);
            self.overlay = Some(match overlay {
                Overlay::Help { scroll, from } => Overlay::Help {
                    scroll: scroll.min(max),
                    from,
                },
                Overlay::Warnings { scroll } => Overlay::Warnings {
                    scroll: scroll.min(max),
                },
            });
        }
        let screen = ui::layout::screen(self.screen, self.focus, self.grid.is_some());
        if let (Some(grid), Some(area)) = (self.grid.as_mut(), screen.grid) {
            ui::grid::fit(grid, &self.catalog.profiles, area);
        }
    }
}

#[cfg(test)]
mod tests;
