//! The explorer's state and the one function that changes it, [`App::update`]. Nothing here
//! knows about the terminal or about drawing: the event loop turns keys into [`Action`]s, and
//! after each one hands back a [`Viewport`] measured for the new state
//! ([`Action::Measured`]), which is all the app knows of the screen. Tests take the same path
//! through [`crate::tui::step`].

mod grid;
mod index_wait;
mod me_form;
mod query_line;
mod reload;
mod sharing;
mod start_load;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use ratatui::layout::{Position, Rect};

pub use grid::{Grid, MAX_GRID_COLUMNS};
pub use me_form::MeForm;
pub use query_line::QueryLine;
pub use reload::Reloaded;
pub use sharing::{EXPORT_CHOICES, ListRow};

pub use crate::viewport::Focus;

use crate::action::{Action, Command};
use crate::catalog::Catalog;
use crate::compare::ROWS;
use crate::decide::Me;
use crate::decide::me::MeField;
use crate::history::QueryHistory;
use crate::keymap::{Keymap, Mode};
use crate::model::ProgramId;
use crate::model::fields::{self, Field};
use crate::order::{self, Sorted};
use crate::sanitize;
use crate::search::{Match, Query, SearchIndex, SearchResult, SearchWorker};
use crate::settings::about_me;
use crate::shortlist::ShortlistFile;
use crate::theme::Theme;
use crate::viewport::{Viewport, keep_visible};
use crate::wake::Waker;

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
    /// The selected grid cell's whole value and the notes on it, scrolled by this many lines.
    Cell {
        /// Lines scrolled.
        scroll: usize,
    },
    /// The export picker: a format for a file, or the clipboard.
    Export {
        /// The choice selected (see [`EXPORT_CHOICES`]).
        selected: usize,
    },
    /// The shortlist picker: the named lists, then a row to make a new one.
    Lists {
        /// The row selected.
        selected: usize,
    },
    /// The picker of the list's sort: relevance, then every sortable field.
    Sort {
        /// The highlighted choice: 0 for relevance, then [`sort_choices`] from 1.
        highlighted: usize,
    },
    /// The fit view: the listed programs ranked for the user, scrolled by this many lines.
    Fit {
        /// Lines scrolled.
        scroll: usize,
    },
    /// The chart of the grid's programs as range bars, scrolled by this many lines.
    Chart {
        /// Lines scrolled.
        scroll: usize,
    },
}

/// The list's order when it is not the search's: a field of the table, best first unless
/// reversed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListSort {
    /// The field's path in the field table.
    pub path: &'static str,
    /// Worst first.
    pub reverse: bool,
}

impl ListSort {
    /// The field sorted on.
    pub fn field(self) -> Option<&'static Field> {
        fields::by_path(self.path)
    }
}

/// The fields the list can be sorted by, in the picker's order: those `affex list --sort`
/// takes.
pub fn sort_choices() -> impl Iterator<Item = &'static Field> {
    fields::sortable()
}

impl Overlay {
    /// Lines scrolled.
    fn scroll(self) -> usize {
        match self {
            Overlay::Help { scroll, .. }
            | Overlay::Warnings { scroll }
            | Overlay::Cell { scroll }
            | Overlay::Fit { scroll }
            | Overlay::Chart { scroll } => scroll,
            Overlay::Sort { .. } => 0,
            Overlay::Export { .. } | Overlay::Lists { .. } => 0,
        }
    }

    /// The same popup scrolled to `scroll` lines.
    fn scrolled(self, scroll: usize) -> Self {
        match self {
            Overlay::Help { from, .. } => Overlay::Help { scroll, from },
            Overlay::Warnings { .. } => Overlay::Warnings { scroll },
            Overlay::Cell { .. } => Overlay::Cell { scroll },
            Overlay::Fit { .. } => Overlay::Fit { scroll },
            Overlay::Chart { .. } => Overlay::Chart { scroll },
            Overlay::Sort { .. } => self,
            picker @ (Overlay::Export { .. } | Overlay::Lists { .. }) => picker,
        }
    }
}

/// Where searches run: inline (tests, small catalogs) or on the worker thread.
enum Backend {
    Inline {
        generation: u64,
    },
    Worker(SearchWorker),
    /// The worker starts once the index is read (see [`App::listed_with_worker`]); it wakes
    /// the loop through this waker.
    Waiting(Waker),
}

/// The ranked matches currently listed and the query they answer.
struct Results {
    query: Query,
    matches: Vec<Match>,
    /// The search these answer ([`App::generation`] when it was submitted).
    generation: u64,
    complete: bool,
    /// No program matched every term: these match the most terms.
    partial: bool,
    /// Programs left out because a filter's value is not stated.
    hidden: usize,
}

/// How far a wheel notch scrolls.
const WHEEL_STEP: usize = 3;

/// The most characters the search line keeps from a paste: far more than any search, and a
/// 64 KiB paste is not searched for.
pub const PASTE_LIMIT: usize = 256;

/// The whole state of the explorer.
pub struct App {
    catalog: Arc<Catalog>,
    /// `None` while a warm start still reads the stored index: the list shows every program
    /// by name meanwhile, and a typed query waits for it.
    index: Option<Arc<SearchIndex>>,
    backend: Backend,
    keymap: Keymap,
    theme: Theme,
    screen: Rect,
    viewport: Viewport,
    /// Where each program sits in the catalog, for state kept by id: made the first time it is
    /// asked for, since parsing and hashing 100,000 ids took 12-25 ms of a warm first screen
    /// that needs none of them.
    positions: OnceLock<HashMap<ProgramId, usize>>,
    focus: Focus,
    searching: bool,
    query: QueryLine,
    /// Recent queries; the loop loads and saves it.
    history: QueryHistory,
    /// Which history entry the search line shows while recalling (0 = newest), and the text
    /// typed before recalling began.
    recalling: Option<(usize, String)>,
    generation: u64,
    results: Results,
    /// The list's sort when not by relevance.
    sort: Option<ListSort>,
    /// How the last sort came out: the groups kept apart.
    sorted: Sorted,
    selected: usize,
    list_offset: usize,
    detail_scroll: usize,
    /// How far the detail pane was scrolled for each program left, so coming back to one
    /// shows it where the reader was.
    detail_scrolls: HashMap<ProgramId, usize>,
    /// The present programs of the shortlist in use, in the order they were marked.
    marked: Vec<ProgramId>,
    /// The named shortlists behind the marks, and where they are saved.
    shortlists: ShortlistFile,
    /// How many ids of the list in use the catalog does not have.
    missing_marks: usize,
    /// A new list's name while it is typed.
    naming: Option<String>,
    /// The list the delete key was pressed on once, waiting for the second press.
    confirm_delete: Option<String>,
    /// Where export files are written: the current directory in the real explorer; none in
    /// an app built for a test, so no test writes where it runs.
    export_dir: Option<std::path::PathBuf>,
    /// Text to copy to the clipboard, for the loop to send.
    clipboard: Option<String>,
    grid: Option<Grid>,
    overlay: Option<Overlay>,
    message: Option<String>,
    /// The `validate` command that checks what this catalog loaded, for the warnings popup.
    validate_command: String,
    quit: bool,
    /// The `w` popup's text, laid out once per catalog (a reload lays it out again).
    warnings_text: PopupText,
    /// Why the config file was not used (`file:line:col: …`), for the `w` popup.
    config_problems: Vec<String>,
    /// A reload was asked for and the loop has not taken the request yet.
    reload_wanted: bool,
    /// Where the profiles come from, for the `w` popup (set by the loop).
    sources: Vec<String>,
    /// The last reload's summary, while the status line may still say it.
    shown_reload: Option<crate::catalog::ReloadSummary>,
    /// While a slow cold start reads the rest of the files behind the programs shown: how far.
    loading: Option<crate::catalog::LoadCount>,
    /// What the user told affex about themselves.
    me: Me,
    /// Where "about me" is saved (`config.toml` in the config directory), if anywhere.
    me_path: Option<PathBuf>,
    /// The about-me form, while open.
    form: Option<MeForm>,
    /// How many times `me` changed, so what was measured for an older one is measured again.
    me_generation: u64,
}

impl App {
    /// An explorer over `catalog` that searches inline, on the caller's thread.
    pub fn new(catalog: Catalog, theme: Theme) -> Self {
        App::with_index(catalog, None, theme)
    }

    /// [`App::new`] with the catalog's search index when one was read from the cache (`None`
    /// builds it): a warm start neither builds the index nor decodes the programs it does
    /// not show.
    pub fn with_index(catalog: Catalog, index: Option<SearchIndex>, theme: Theme) -> Self {
        App::shared(Arc::new(catalog), index.map(Arc::new), theme)
    }

    /// [`App::with_index`] over a catalog and index another thread may still read (the loader
    /// writing them to the cache while the list shows).
    pub fn shared(catalog: Arc<Catalog>, index: Option<Arc<SearchIndex>>, theme: Theme) -> Self {
        let index = index.unwrap_or_else(|| Arc::new(catalog.profiles.search_index()));
        let matches = index.search("");
        App::showing(catalog, Some(index), matches, theme)
    }

    /// The app over `catalog` listing `matches` for the empty query; `index` is `None` until
    /// it is read.
    fn showing(
        catalog: Arc<Catalog>,
        index: Option<Arc<SearchIndex>>,
        matches: Vec<Match>,
        theme: Theme,
    ) -> Self {
        App {
            catalog,
            index,
            backend: Backend::Inline { generation: 0 },
            keymap: Keymap::standard(),
            theme,
            screen: Rect::new(0, 0, 80, 24),
            viewport: Viewport::default(),
            positions: OnceLock::new(),
            focus: Focus::List,
            searching: false,
            query: QueryLine::default(),
            history: QueryHistory::default(),
            recalling: None,
            generation: 0,
            results: Results {
                query: Query::parse(""),
                matches,
                generation: 0,
                complete: true,
                partial: false,
                hidden: 0,
            },
            sort: None,
            sorted: Sorted::default(),
            selected: 0,
            list_offset: 0,
            detail_scroll: 0,
            detail_scrolls: HashMap::new(),
            marked: Vec::new(),
            shortlists: ShortlistFile::in_memory(),
            missing_marks: 0,
            naming: None,
            confirm_delete: None,
            export_dir: None,
            clipboard: None,
            grid: None,
            overlay: None,
            message: None,
            validate_command: "affex validate".to_string(),
            quit: false,
            warnings_text: PopupText::default(),
            config_problems: Vec::new(),
            reload_wanted: false,
            sources: Vec::new(),
            shown_reload: None,
            loading: None,
            me: Me::default(),
            me_path: None,
            form: None,
            me_generation: 0,
        }
    }

    /// Hands the app what the user told affex about themselves and where the form saves it
    /// (`None`: the form applies its values to this run only); `problem`, a value of the file
    /// that was left unset, goes to the status line.
    pub fn set_about_me(&mut self, me: Me, path: Option<PathBuf>, problem: Option<String>) {
        self.me = me;
        self.me_path = path;
        self.me_changed();
        if let Some(problem) = problem {
            self.message = Some(sanitize::visible(&problem));
        }
    }

    /// What the user told affex about themselves.
    pub fn me(&self) -> &Me {
        &self.me
    }

    /// How many times "about me" changed since the app started.
    pub fn me_generation(&self) -> u64 {
        self.me_generation
    }

    /// The about-me form, while open.
    pub fn form(&self) -> Option<&MeForm> {
        self.form.as_ref()
    }

    /// Sets the `validate` command the warnings popup points at (the one that checks the same
    /// directories this catalog was loaded from).
    pub fn set_validate_command(&mut self, command: String) {
        self.validate_command = command;
    }

    /// Uses `keymap` (the config file's bindings) instead of the standard one.
    pub fn set_keymap(&mut self, keymap: Keymap) {
        self.keymap = keymap;
    }

    /// Records why the config file was not used: the status line says so until the first key,
    /// and the `w` popup lists each problem.
    pub fn set_config_problems(&mut self, problems: Vec<String>) {
        if !problems.is_empty() {
            self.message = Some(format!(
                "config.toml: {}; started with the default keys and theme. {} lists {}.",
                crate::plural::count(problems.len(), "problem"),
                self.keymap.key_label(Mode::List, Command::ToggleWarnings),
                if problems.len() == 1 { "it" } else { "them" }
            ));
        }
        self.config_problems = problems;
        self.warnings_text = PopupText::default();
    }

    /// Why the config file was not used, one `file:line:col: …` each (empty when it was).
    pub fn config_problems(&self) -> &[String] {
        &self.config_problems
    }

    /// The `validate` command the warnings popup points at.
    pub fn validate_command(&self) -> &str {
        &self.validate_command
    }

    /// An explorer whose searches run on a background thread, which calls `waker` each time a
    /// result is ready for [`App::poll_search`].
    /// `index` is the catalog's search index when the cache held one (`None` builds it).
    pub fn with_worker(
        catalog: Arc<Catalog>,
        index: Option<Arc<SearchIndex>>,
        theme: Theme,
        waker: Waker,
    ) -> std::io::Result<Self> {
        let mut app = App::shared(catalog, index, theme);
        if let Some(index) = app.index.clone() {
            app.backend = Backend::Worker(app.start_worker(index, waker)?);
        }
        Ok(app)
    }

    /// A search worker over `index` that, after each result, readies the programs of the rows
    /// the list will show (a warm start decodes them from the cache) beside the loop.
    fn start_worker(&self, index: Arc<SearchIndex>, waker: Waker) -> std::io::Result<SearchWorker> {
        let mut worker = SearchWorker::new(index, waker)?;
        let catalog = Arc::clone(&self.catalog);
        worker.warm_with(Arc::new(move |i| {
            catalog.profiles.get(i);
        }));
        Ok(worker)
    }

    // ----- what the screen and the tests read -----

    /// Every loaded program, in catalog order; match indices point here.
    pub fn profiles(&self) -> &crate::catalog::Programs {
        &self.catalog.profiles
    }

    /// Where the screen keeps the `w` popup's text once laid out.
    pub fn warnings_text(&self) -> &PopupText {
        &self.warnings_text
    }

    /// The loaded catalog, with the problems found while loading it.
    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    /// The search index, for on-screen match positions; `None` until a warm start has read it.
    pub fn index(&self) -> Option<&SearchIndex> {
        self.index.as_deref()
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

    /// The screen as last measured for this state.
    pub fn viewport(&self) -> &Viewport {
        &self.viewport
    }

    /// What has the keyboard now.
    pub fn mode(&self) -> Mode {
        if self.form.is_some() {
            return Mode::AboutMe;
        }
        match (self.overlay, &self.grid) {
            (Some(Overlay::Fit { .. }), _) => Mode::Fit,
            (Some(Overlay::Chart { .. }), _) => Mode::Chart,
            (Some(Overlay::Help { .. }), _) => Mode::Help,
            (Some(Overlay::Warnings { .. }), _) => Mode::Warnings,
            (Some(Overlay::Cell { .. }), _) => Mode::Cell,
            (Some(Overlay::Sort { .. }), _) => Mode::Sort,
            (Some(Overlay::Export { .. }), _) => Mode::ExportPicker,
            (Some(Overlay::Lists { .. }), _) if self.naming.is_some() => Mode::Naming,
            (Some(Overlay::Lists { .. }), _) => Mode::ListPicker,
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
        self.query.as_str()
    }

    /// The parsed query the listed matches answer (for highlighting).
    pub fn results_query(&self) -> &Query {
        &self.results.query
    }

    /// True when no program matches every term, so the list holds those matching the most.
    pub fn results_partial(&self) -> bool {
        self.results.partial
    }

    /// How many programs the filters left out because their value is not stated.
    pub fn results_hidden(&self) -> usize {
        self.results.hidden
    }

    /// True while a search for the typed query has not finished.
    pub fn is_search_pending(&self) -> bool {
        self.results.query.as_str() != self.query.as_str() || !self.results.complete
    }

    /// The list's sort, when it is not by relevance.
    pub fn list_sort(&self) -> Option<ListSort> {
        self.sort
    }

    /// How the list's sort came out: which scale leads and the groups ordered apart.
    pub fn sorted(&self) -> &Sorted {
        &self.sorted
    }

    /// The listed programs, best first (by relevance or by the list's sort).
    pub fn matches(&self) -> &[Match] {
        &self.results.matches
    }

    /// The selected row of the list.
    pub fn selected(&self) -> usize {
        self.selected
    }

    /// The id of the selected program.
    pub fn selected_id(&self) -> Option<&ProgramId> {
        let i = self.selected_profile()?;
        self.catalog.profiles.get(i).map(|p| &p.id)
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

    /// Programs marked for comparison, in the order they were marked.
    pub fn marked(&self) -> &[ProgramId] {
        &self.marked
    }

    /// True when the program at catalog index `i` is marked.
    pub fn is_marked(&self, i: usize) -> bool {
        self.catalog
            .profiles
            .get(i)
            .is_some_and(|p| self.marked.contains(&p.id))
    }

    /// Where the program `id` sits in the catalog.
    pub fn position_of(&self, id: &ProgramId) -> Option<usize> {
        self.positions
            .get_or_init(|| {
                // From the id table: no program is decoded for this.
                let profiles = &self.catalog.profiles;
                let mut positions = HashMap::with_capacity(profiles.len());
                for i in 0..profiles.len() {
                    if let Some(id) = profiles.id(i).and_then(|id| ProgramId::parse(id).ok()) {
                        positions.entry(id).or_insert(i);
                    }
                }
                positions
            })
            .get(id)
            .copied()
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
            Backend::Inline { .. } | Backend::Waiting(_) => None,
        }
    }

    /// Applies one action. This is the only way the state changes. Paging and clamping use
    /// the last [`Viewport`] handed in; the loop measures again after every action.
    pub fn update(&mut self, action: Action) {
        // A resize leaves the message: the one a start shows (a shortlist that could not be
        // read) must outlive the first measure of the window.
        if !matches!(
            action,
            Action::SearchResults(_)
                | Action::Measured(_)
                | Action::Resize { .. }
                | Action::FilesChanged
                | Action::Reloaded(_)
                | Action::IndexRead(_)
                | Action::LoadProgress(_)
                | Action::StartLoaded(_)
        ) {
            self.message = None;
        }
        match action {
            Action::Command(Command::Quit) => self.quit = true,
            Action::Resize { width, height } => self.screen = Rect::new(0, 0, width, height),
            Action::Measured(viewport) => self.viewport = *viewport,
            Action::SearchResults(result) => self.apply_results(result),
            Action::Click { column, row } => self.click(column, row),
            Action::Wheel { column, row, down } => self.wheel(column, row, down),
            Action::InsertChar(c) if self.mode() == Mode::Search => self.insert_char(c),
            Action::InsertChar(c) if self.mode() == Mode::Naming => self.type_name(c),
            Action::InsertChar(c) if self.mode() == Mode::AboutMe => self.form_char(c),
            Action::InsertChar(_) => {}
            Action::Paste(text) => self.paste(&text),
            Action::UnboundKey(key) => self.unbound(key),
            Action::FilesChanged | Action::Command(Command::Reload) => self.request_reload(),
            Action::Reloaded(reloaded) => self.swap_catalog(*reloaded),
            Action::IndexRead(index) => self.index_read(index.0),
            Action::LoadProgress(count) => self.loading = Some(count),
            Action::StartLoaded(loaded) => self.start_loaded(loaded),
            Action::Command(command) => self.command(command, 1),
            Action::Repeat { command, times } => self.command(command, times.max(1)),
        }
        self.fit_viewports();
    }

    /// Applies `command` in the current mode; a movement moves `times` lines (or pages) at once.
    fn command(&mut self, command: Command, times: usize) {
        match self.mode() {
            Mode::Help | Mode::Warnings | Mode::Cell | Mode::Fit | Mode::Chart => {
                self.update_overlay(command, times)
            }
            Mode::AboutMe => self.update_form(command, times),
            Mode::Sort => self.update_sort_picker(command, times),
            // A picker has a few rows: a held key moves one row a frame.
            Mode::ExportPicker | Mode::ListPicker | Mode::Naming => self.update_picker(command),
            Mode::Grid => self.update_grid(command, times),
            Mode::Search => self.update_search(command, times),
            Mode::List | Mode::Detail => self.update_browse(command, times),
        }
    }

    /// Says in the status line that `key` does nothing here, and which key lists them all.
    fn unbound(&mut self, key: crate::keymap::Key) {
        let mode = self.mode();
        let mut help = self.keymap.key_label(mode, Command::ToggleHelp);
        if help.is_empty() {
            help = self.keymap.key_label(Mode::List, Command::ToggleHelp);
        }
        self.message = Some(format!(
            "{}: no such key here; {help} for help",
            sanitize::visible(&key.label())
        ));
    }

    fn insert_char(&mut self, c: char) {
        // A control or invisible character (a C1 control a terminal hands over as a
        // character, a ZWJ inside an emoji) would reach the terminal from the search line,
        // and could never match: profile text has them removed when it is loaded.
        if c.is_control() || sanitize::is_invisible_control(c) {
            return;
        }
        self.query.insert(c);
        self.recalling = None;
        self.search_edited_query();
    }

    /// A paste goes to the search line (opening it from the list or the detail) as one edit,
    /// so it costs one search, not one per character. Line breaks and tabs become spaces,
    /// controls and invisible characters are dropped, and the query stops at [`PASTE_LIMIT`]
    /// characters, which the status line says.
    fn paste(&mut self, text: &str) {
        if !matches!(self.mode(), Mode::Search | Mode::List | Mode::Detail) {
            return;
        }
        self.searching = true;
        let room = PASTE_LIMIT.saturating_sub(self.query.as_str().chars().count());
        let mut kept = 0;
        for c in text.chars() {
            let c = if matches!(c, '\n' | '\r' | '\t') {
                ' '
            } else {
                c
            };
            if c.is_control() || sanitize::is_invisible_control(c) {
                continue;
            }
            if kept == room {
                self.message = Some(format!(
                    "The paste was cut: the search line keeps {PASTE_LIMIT} characters."
                ));
                break;
            }
            self.query.insert(c);
            kept += 1;
        }
        self.search_edited_query();
    }

    fn update_search(&mut self, command: Command, times: usize) {
        match command {
            Command::DeleteChar if self.query.delete_back() => self.search_edited_query(),
            Command::DeleteWord if self.query.delete_word() => self.search_edited_query(),
            Command::CursorLeft => self.query.left(),
            Command::CursorRight => self.query.right(),
            Command::CursorStart => self.query.start(),
            Command::CursorEnd => self.query.end(),
            Command::HistoryOlder | Command::HistoryNewer => self.recall(command),
            Command::ClearQuery => self.clear_query(),
            Command::LeaveSearch | Command::Back => {
                self.history.record(self.query.as_str());
                self.recalling = None;
                self.searching = false;
            }
            Command::Down | Command::Up | Command::PageDown | Command::PageUp => {
                self.move_list(command, times)
            }
            _ => {}
        }
    }

    fn update_browse(&mut self, command: Command, times: usize) {
        match command {
            Command::FocusSearch => self.searching = true,
            Command::Down
            | Command::Up
            | Command::First
            | Command::Last
            | Command::PageDown
            | Command::PageUp => match self.focus {
                Focus::List => self.move_list(command, times),
                Focus::Detail => self.scroll_detail(command, times),
            },
            Command::FocusNext | Command::FocusPrev => {
                self.focus = match self.focus {
                    Focus::List => Focus::Detail,
                    Focus::Detail => Focus::List,
                }
            }
            Command::Open if self.selected_profile().is_some() => self.focus = Focus::Detail,
            Command::NextSection | Command::PrevSection if self.focus == Focus::Detail => {
                self.jump_section(command == Command::NextSection)
            }
            Command::ToggleMark => self.toggle_mark(),
            Command::ToggleGrid => self.open_grid(),
            Command::Export => self.open_export(),
            Command::CopyId => self.copy_id(),
            Command::Shortlists => self.open_lists(),
            Command::ToggleHelp => {
                self.overlay = Some(Overlay::Help {
                    scroll: 0,
                    from: self.mode(),
                })
            }
            Command::ToggleWarnings => self.overlay = Some(Overlay::Warnings { scroll: 0 }),
            Command::EditAboutMe => self.open_form(),
            Command::ToggleFit => self.overlay = Some(Overlay::Fit { scroll: 0 }),
            Command::SortList => {
                let current = self
                    .sort
                    .and_then(|s| sort_choices().position(|f| f.path == s.path))
                    .map_or(0, |i| i + 1);
                self.overlay = Some(Overlay::Sort {
                    highlighted: current,
                });
            }
            Command::ReverseSort => match self.sort {
                Some(sort) => self.set_sort(Some(ListSort {
                    reverse: !sort.reverse,
                    ..sort
                })),
                None => {
                    let key = self.keymap.key_label(Mode::List, Command::SortList);
                    self.message = Some(format!(
                        "The list is in relevance order: press {key} to sort it by a field."
                    ));
                }
            },
            Command::Back => match self.focus {
                Focus::Detail => self.focus = Focus::List,
                Focus::List if !self.query.is_empty() => self.clear_query(),
                Focus::List => {}
            },
            _ => {}
        }
    }

    fn update_grid(&mut self, command: Command, times: usize) {
        match command {
            Command::Export => return self.open_export(),
            Command::CopyId => return self.copy_id(),
            _ => {}
        }
        let profiles = &self.catalog.profiles;
        let Some(grid) = self.grid.as_mut() else {
            return;
        };
        let times = isize::try_from(times).unwrap_or(isize::MAX / 8);
        match command {
            Command::Down => grid.move_row(times),
            Command::Up => grid.move_row(-times),
            Command::PageDown => grid.move_row(times.saturating_mul(5)),
            Command::PageUp => grid.move_row(-times.saturating_mul(5)),
            Command::First => grid.move_row(isize::MIN / 2),
            Command::Last => grid.move_row(isize::MAX / 2),
            Command::Left => grid.move_column(-times),
            Command::Right => grid.move_column(times),
            Command::SortByRow => {
                if let Err(reason) = grid.sort(profiles) {
                    let label = ROWS.get(grid.row).map_or("", |r| r.label);
                    self.message = Some(format!("{label} is not sorted: {reason}."));
                }
            }
            Command::ToggleColumn => {
                if let Err(reason) = grid.remove_column(profiles) {
                    self.message = Some(format!("Not removed: {reason}."));
                }
            }
            Command::RestoreColumns => {
                let back = grid.restore_columns(profiles);
                self.message = Some(match back {
                    0 => "No column is removed.".to_string(),
                    n => format!("{} back.", crate::plural::count(n, "column")),
                });
            }
            Command::ToggleSameRows => grid.toggle_alike(),
            Command::ShowCell if grid.cell(grid.row, grid.column).is_some() => {
                self.overlay = Some(Overlay::Cell { scroll: 0 });
            }
            Command::ToggleGrid | Command::Back => self.grid = None,
            Command::ToggleHelp => {
                self.overlay = Some(Overlay::Help {
                    scroll: 0,
                    from: self.mode(),
                })
            }
            Command::ToggleWarnings => self.overlay = Some(Overlay::Warnings { scroll: 0 }),
            Command::ToggleChart => self.overlay = Some(Overlay::Chart { scroll: 0 }),
            Command::EditAboutMe => self.open_form(),
            _ => {}
        }
    }

    fn update_overlay(&mut self, command: Command, times: usize) {
        let Some(overlay) = self.overlay else { return };
        let scroll = overlay.scroll();
        let page = self.viewport.overlay_page().saturating_mul(times);
        let scroll = match command {
            Command::ToggleHelp
            | Command::ToggleWarnings
            | Command::ToggleFit
            | Command::ToggleChart
            | Command::Back => {
                self.overlay = None;
                return;
            }
            Command::EditAboutMe => {
                self.open_form();
                return;
            }
            Command::Down => scroll.saturating_add(times),
            Command::Up => scroll.saturating_sub(times),
            Command::PageDown => scroll.saturating_add(page),
            Command::PageUp => scroll.saturating_sub(page),
            Command::First => 0,
            Command::Last => usize::MAX,
            _ => scroll,
        };
        self.overlay = Some(overlay.scrolled(scroll));
    }

    // ----- about me -----

    fn open_form(&mut self) {
        self.form = Some(MeForm::of(&self.me));
    }

    fn form_char(&mut self, c: char) {
        if c.is_control() || sanitize::is_invisible_control(c) {
            return;
        }
        if let Some(form) = self.form.as_mut() {
            form.insert(c);
            form.error = None;
        }
    }

    fn update_form(&mut self, command: Command, times: usize) {
        let Some(form) = self.form.as_mut() else {
            return;
        };
        // A run of Tabs the loop collapsed into one repeat moves as far as the presses did.
        let times = isize::try_from(times % MeField::ALL.len()).unwrap_or(0);
        match command {
            Command::Down => form.move_by(times),
            Command::Up => form.move_by(-times),
            Command::DeleteChar => form.delete_back(),
            Command::ClearQuery => form.clear(),
            Command::Back => {
                self.form = None;
                self.message = Some("About me: nothing changed.".to_string());
            }
            Command::SaveAboutMe => self.save_form(),
            _ => {}
        }
    }

    /// Checks every field; a bad one keeps the form open on it with the check's words, else
    /// the values are saved in one atomic write and used at once.
    fn save_form(&mut self) {
        let Some(form) = self.form.as_mut() else {
            return;
        };
        let me = match form.checked() {
            Ok(me) => me,
            Err((at, words)) => {
                form.selected = at;
                form.error = Some(words);
                return;
            }
        };
        let saved = match &self.me_path {
            Some(path) => about_me::set_fields(path, &form.entries())
                .map(|()| format!("About me saved to {}.", sanitize::visible_path(path))),
            None => Ok(
                "About me set for this run: there is no config directory to save it in."
                    .to_string(),
            ),
        };
        match saved {
            Ok(words) => {
                self.form = None;
                self.me = me;
                self.me_changed();
                self.message = Some(words);
            }
            Err(e) => form.error = Some(format!("not saved: {e}")),
        }
    }

    /// Works out the grid's derived rows again for the new "about me".
    fn me_changed(&mut self) {
        self.me_generation += 1;
        if let Some(grid) = self.grid.as_mut() {
            grid.set_me(&self.catalog.profiles, &self.me);
        }
    }

    /// What the user could see with one more input, naming the key that opens the form; empty
    /// when nothing is missing.
    pub fn one_more_input(&self) -> Vec<String> {
        let key = self.keymap.key_label(Mode::List, Command::EditAboutMe);
        let mut out = Vec::new();
        if self.me.clicks.is_none() {
            out.push(format!(
                "Set your monthly clicks (key {key}) to see monthly earnings and days to the first payout."
            ));
        }
        if self.me.countries.is_empty() || self.me.channels.is_empty() {
            out.push(format!(
                "Set your countries and channels (key {key}) to see whether you may join."
            ));
        }
        out
    }

    // ----- the list's sort -----

    fn update_sort_picker(&mut self, command: Command, times: usize) {
        let Some(Overlay::Sort { highlighted }) = self.overlay else {
            return;
        };
        let last = sort_choices().count();
        let highlighted = match command {
            Command::Down => highlighted.saturating_add(times).min(last),
            Command::Up => highlighted.saturating_sub(times),
            Command::First | Command::PageUp => 0,
            Command::Last | Command::PageDown => last,
            Command::Open => {
                self.overlay = None;
                let chosen = highlighted
                    .checked_sub(1)
                    .and_then(|i| sort_choices().nth(i))
                    .map(|f| ListSort {
                        path: f.path,
                        reverse: false,
                    });
                self.set_sort(chosen);
                return;
            }
            Command::Back | Command::SortList => {
                self.overlay = None;
                return;
            }
            _ => highlighted,
        };
        self.overlay = Some(Overlay::Sort { highlighted });
    }

    /// Sorts the list by `sort` (by relevance for `None`), keeping the same program selected.
    fn set_sort(&mut self, sort: Option<ListSort>) {
        let was_sorted = self.sort.is_some();
        self.sort = sort;
        if sort.is_none() {
            self.sorted = Sorted::default();
            if was_sorted {
                // Back to the search's own order: search again; the results keep the selection.
                self.submit_search();
            }
            return;
        }
        let before = self.selected_id().cloned();
        self.apply_sort();
        self.select_id(before);
        if let Some(field) = sort.and_then(ListSort::field) {
            let notes = self.sorted.notes(field);
            if !notes.is_empty() {
                self.message = Some(notes.join(" · "));
            }
        }
    }

    /// Orders the listed matches by the list's sort, if it has one.
    fn apply_sort(&mut self) {
        let Some(sort) = self.sort else { return };
        let Some(field) = sort.field() else { return };
        self.sorted = order::by_field(
            &mut self.results.matches,
            &self.catalog.profiles,
            field,
            sort.reverse,
        );
    }

    /// Selects the program `id` where it is now listed (the first row when it is not).
    fn select_id(&mut self, id: Option<ProgramId>) {
        let profiles = &self.catalog.profiles;
        self.selected = id
            .and_then(|id| {
                // By the id table: a catalog opened from its cache would otherwise decode
                // every program listed above the selected one.
                (self.results.matches.iter())
                    .position(|m| profiles.id(m.index) == Some(id.as_str()))
            })
            .unwrap_or(0);
    }

    // ----- search -----

    fn clear_query(&mut self) {
        if !self.query.is_empty() {
            self.query.set("");
            self.search_edited_query();
        }
    }

    /// Steps through the history: older goes back from the newest entry, newer comes forward
    /// and, past the newest, brings back what was typed before recalling began.
    fn recall(&mut self, command: Command) {
        let entries = self.history.entries();
        let newest_first = |i: usize| entries.len().checked_sub(i + 1).map(|at| &entries[at]);
        let next = match (&self.recalling, command) {
            (None, Command::HistoryOlder) => Some(0),
            (Some((i, _)), Command::HistoryOlder) => Some(i + 1),
            (Some((0, _)), Command::HistoryNewer) => None,
            (Some((i, _)), Command::HistoryNewer) => Some(i - 1),
            _ => return,
        };
        match next {
            Some(i) => {
                let Some(text) = newest_first(i).cloned() else {
                    return;
                };
                let draft = match self.recalling.take() {
                    Some((_, draft)) => draft,
                    None => self.query.as_str().to_string(),
                };
                self.recalling = Some((i, draft));
                self.query.set(&text);
            }
            None => {
                let draft = self.recalling.take().map(|(_, d)| d).unwrap_or_default();
                self.query.set(&draft);
            }
        }
        self.search_edited_query();
    }

    /// The search line's cursor, as a byte offset into [`App::query`].
    pub fn query_cursor(&self) -> usize {
        self.query.cursor()
    }

    /// The recent queries.
    pub fn history(&self) -> &QueryHistory {
        &self.history
    }

    /// Hands the app the recent queries kept from earlier runs.
    pub fn set_history(&mut self, history: QueryHistory) {
        self.history = history;
    }

    /// Searches for the query just edited, unless it reads as the one the list answers (a
    /// space that only ends a term, a second space): then the list's matches are its answer,
    /// taken over at once instead of searched for again, and listed from the first row as any
    /// new query's are. Only a complete answer to the newest search is taken over.
    fn search_edited_query(&mut self) {
        let answered = self.index.is_some()
            && self.results.complete
            && self.results.generation == self.generation;
        let query = Query::parse(self.query.as_str());
        if !(answered && query.same_pieces(&self.results.query)) {
            self.submit_search();
            return;
        }
        let before = self.selected_id().cloned();
        self.results.query = query;
        self.select_id(None);
        self.list_offset = 0;
        self.selection_moved(before);
    }

    /// Starts a search for the typed query. Inline, the results are applied at once through
    /// [`Action::SearchResults`], the same path the worker's results take.
    fn submit_search(&mut self) {
        let Some(index) = &self.index else {
            // The query waits for the index: [`App::index_read`] searches it.
            return;
        };
        match &mut self.backend {
            Backend::Worker(worker) => {
                // A new query lists from its first row.
                worker.set_warm_rows(self.viewport.list_page());
                self.generation = worker.submit(self.query.as_str().to_string());
            }
            Backend::Waiting(_) => {}
            Backend::Inline { generation } => {
                *generation += 1;
                self.generation = *generation;
                let outcome = index.search_outcome(self.query.as_str());
                let result = SearchResult {
                    generation: self.generation,
                    query: self.query.as_str().to_string(),
                    matches: outcome.matches,
                    partial: outcome.partial,
                    hidden: outcome.hidden,
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
        // The selection follows its program by id, not by row or catalog position, so fresh
        // results (or a reloaded catalog) keep the same program selected.
        let before = self.selected_id().cloned();
        let keep = before.clone().filter(|_| same_query);
        if !same_query {
            self.results.query = Query::parse(&result.query);
        }
        self.results.matches = result.matches;
        self.results.generation = result.generation;
        self.results.complete = result.complete;
        self.results.partial = result.partial;
        self.results.hidden = result.hidden;
        self.apply_sort();
        self.select_id(keep);
        if !same_query {
            self.list_offset = 0;
        }
        self.selection_moved(before);
    }

    /// Keeps the detail pane's scroll per program: when the selection left `before`, its
    /// scroll is remembered and the newly selected program's is brought back.
    fn selection_moved(&mut self, before: Option<ProgramId>) {
        if self.selected_id() == before.as_ref() {
            return;
        }
        if let Some(before) = before {
            self.detail_scrolls.insert(before, self.detail_scroll);
        }
        self.detail_scroll = self
            .selected_id()
            .and_then(|id| self.detail_scrolls.get(id))
            .copied()
            .unwrap_or(0);
    }

    /// Scrolls the detail pane to the next (or previous) section's title, as last measured.
    fn jump_section(&mut self, forward: bool) {
        let starts = self
            .viewport
            .detail
            .as_ref()
            .map_or(&[][..], |d| d.sections.as_slice());
        let at = self.detail_scroll;
        let to = if forward {
            starts.iter().copied().find(|&s| s > at)
        } else {
            starts.iter().rev().copied().find(|&s| s < at)
        };
        self.detail_scroll = match (to, forward) {
            (Some(to), _) => to,
            (None, true) => at,
            (None, false) => 0,
        };
    }

    // ----- list and detail -----

    fn move_list(&mut self, command: Command, times: usize) {
        let len = self.results.matches.len();
        if len == 0 {
            self.selected = 0;
            return;
        }
        let page = self.viewport.list_page().max(1).saturating_mul(times);
        let last = len - 1;
        let before = self.selected_id().cloned();
        self.selected = match command {
            Command::Down => self.selected.saturating_add(times).min(last),
            Command::Up => self.selected.saturating_sub(times),
            Command::First => 0,
            Command::Last => last,
            Command::PageDown => self.selected.saturating_add(page).min(last),
            Command::PageUp => self.selected.saturating_sub(page),
            _ => self.selected,
        };
        self.selection_moved(before);
    }

    fn scroll_detail(&mut self, command: Command, times: usize) {
        let page = self.viewport.detail_page().max(1).saturating_mul(times);
        self.detail_scroll = match command {
            Command::Down => self.detail_scroll.saturating_add(times),
            Command::Up => self.detail_scroll.saturating_sub(times),
            Command::First => 0,
            Command::Last => usize::MAX,
            Command::PageDown => self.detail_scroll.saturating_add(page),
            Command::PageUp => self.detail_scroll.saturating_sub(page),
            _ => self.detail_scroll,
        };
    }

    fn open_grid(&mut self) {
        let columns: Vec<usize> = if self.marked.is_empty() {
            self.results.matches.iter().map(|m| m.index).collect()
        } else {
            self.marked
                .iter()
                .filter_map(|id| self.position_of(id))
                .collect()
        };
        if columns.is_empty() {
            self.message = Some("Nothing to compare: no program is listed.".to_string());
            return;
        }
        let total = columns.len();
        let grid = Grid::new(&self.catalog.profiles, columns, &self.me);
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
        let at = Position::new(column, row);
        let viewport = &self.viewport;
        if let Some(grid) = self.grid.as_mut() {
            let hit = viewport.grid.as_ref().and_then(|g| grid.hit(g, at));
            if let Some((r, c)) = hit {
                if let Some(r) = r {
                    grid.row = r;
                }
                if let Some(c) = c {
                    grid.column = c;
                }
            }
            return;
        }
        if viewport.search.contains(at) {
            self.searching = true;
            return;
        }
        if viewport.list.is_some_and(|a| a.contains(at)) {
            self.searching = false;
            self.focus = Focus::List;
            if let Some(rows) = viewport.list_rows.filter(|r| r.contains(at)) {
                let i = self.list_offset + usize::from(row - rows.y);
                if i < self.results.matches.len() && i != self.selected {
                    let before = self.selected_id().cloned();
                    self.selected = i;
                    self.selection_moved(before);
                }
            }
        } else if viewport
            .detail
            .as_ref()
            .is_some_and(|d| d.pane.contains(at))
        {
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
            self.overlay = Some(overlay.scrolled(step(overlay.scroll())));
            return;
        }
        if let Some(grid) = self.grid.as_mut() {
            grid.move_row(if down { 1 } else { -1 });
            return;
        }
        let at = Position::new(column, row);
        let viewport = &self.viewport;
        if viewport.list.is_some_and(|a| a.contains(at)) {
            let last = self.results.matches.len().saturating_sub(1);
            let before = self.selected_id().cloned();
            self.selected = step(self.selected).min(last);
            self.selection_moved(before);
        } else if viewport
            .detail
            .as_ref()
            .is_some_and(|d| d.pane.contains(at))
        {
            self.detail_scroll = step(self.detail_scroll);
        }
    }

    // ----- keeping the selection on screen -----

    /// Clamps every scroll offset to its content and keeps each selection visible, as the
    /// last [`Viewport`] measured them.
    fn fit_viewports(&mut self) {
        let len = self.results.matches.len();
        self.selected = self.selected.min(len.saturating_sub(1));
        let rows = self.viewport.list_page();
        if rows > 0 {
            self.list_offset = keep_visible(self.list_offset, self.selected, rows, len);
        }
        // The last measure is of the program then shown; a scroll brought back for another
        // program waits for its own measure.
        let measured = self.viewport.detail.as_ref().map(|d| &d.key.program);
        if measured.is_none_or(|p| p.as_ref() == self.selected_id()) {
            self.detail_scroll = self.detail_scroll.min(self.viewport.detail_max_scroll());
        }
        if let (Some(overlay), Some(measure)) = (self.overlay, self.viewport.overlay) {
            let max = measure.max_scroll;
            self.overlay = Some(overlay.scrolled(overlay.scroll().min(max)));
        }
        if let (Some(grid), Some(geometry)) = (self.grid.as_mut(), self.viewport.grid.as_ref()) {
            grid.fit(geometry);
        }
    }
}

mod popup_text;

pub use popup_text::PopupText;

#[cfg(test)]
mod daily_use_tests;
#[cfg(test)]
mod me_form_tests;
#[cfg(test)]
mod reload_tests;
#[cfg(test)]
mod sharing_tests;
#[cfg(test)]
mod tests;
