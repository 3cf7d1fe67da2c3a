//! Everything that can happen to the explorer, as data. A [`Command`] is what a key can be
//! bound to (the keymap's vocabulary, ready for a key config file); an [`Action`] is a command
//! or one of the events the loop reports (typed text, clicks, resizes, search results, a new
//! measurement of the screen). [`crate::app::App::update`] is the only place that applies one.

use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::app::Reloaded;
use crate::catalog::{Catalog, LoadCount};
use crate::keymap::Key;
use crate::search::{SearchIndex, SearchResult};
use crate::viewport::Viewport;

/// What a key can be bound to. Written in kebab-case in a key config file (`page-down`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Command {
    /// Leave the explorer.
    Quit,
    /// Put the cursor in the search line.
    FocusSearch,
    /// Leave the search line; the filter stays.
    LeaveSearch,
    /// Delete the character before the search cursor.
    DeleteChar,
    /// Empty the search line.
    ClearQuery,
    /// Move the search cursor one character left.
    CursorLeft,
    /// Move the search cursor one character right.
    CursorRight,
    /// Move the search cursor to the start of the line.
    CursorStart,
    /// Move the search cursor to the end of the line.
    CursorEnd,
    /// Delete the word before the search cursor.
    DeleteWord,
    /// Put the previous (older) query from the history in the search line.
    HistoryOlder,
    /// Put the next (newer) query from the history in the search line.
    HistoryNewer,
    /// Move the selection (or scroll) one line down.
    Down,
    /// Move the selection (or scroll) one line up.
    Up,
    /// Jump to the first line.
    First,
    /// Jump to the last line.
    Last,
    /// Move one page down.
    PageDown,
    /// Move one page up.
    PageUp,
    /// Grid: move to the column on the left.
    Left,
    /// Grid: move to the column on the right.
    Right,
    /// Move focus to the next pane (list → detail).
    FocusNext,
    /// Move focus to the previous pane (detail → list).
    FocusPrev,
    /// Open the selected program in the detail pane.
    Open,
    /// Mark or unmark the selected program for comparison.
    ToggleMark,
    /// Open or close the comparison grid.
    ToggleGrid,
    /// Grid: sort the columns by the selected row, best first; again on the same row, worst
    /// first.
    SortByRow,
    /// Grid: remove the selected column, or restore it.
    ToggleColumn,
    /// Grid: show the selected cell's whole value and the notes on it.
    ShowCell,
    /// Grid: bring back every removed column.
    RestoreColumns,
    /// Grid: hide the rows where every program shown reads the same, or show them again.
    ToggleSameRows,
    /// Detail: scroll to the next section's title.
    NextSection,
    /// Detail: scroll to the previous section's title.
    PrevSection,
    /// List: choose a field to sort the list by, or relevance (opens the sort picker).
    SortList,
    /// List: reverse the list's sort (worst first, or best first again).
    ReverseSort,
    /// Open the export picker: the grid (in the grid) or the shortlist to a file in Markdown,
    /// CSV or JSON, or the Markdown table to the clipboard.
    Export,
    /// Copy the selected program's id to the clipboard (OSC 52).
    CopyId,
    /// Open the shortlist picker: switch to, create or delete a named list.
    Shortlists,
    /// In a picker: take the selected choice.
    Choose,
    /// In the shortlist picker: name a new list.
    NewList,
    /// In the shortlist picker: delete the selected list (asked twice).
    DeleteList,
    /// Load the profiles again now (they also reload by themselves when a file changes).
    Reload,
    /// Open the "about me" form (channels, countries, niches, clicks, conversion, order).
    EditAboutMe,
    /// About-me form: check every field and save them (the form stays open on a bad value).
    SaveAboutMe,
    /// Open or close the fit view: the programs ranked for the user, with the reasons.
    ToggleFit,
    /// Grid: open or close the chart of the compared programs as range bars.
    ToggleChart,
    /// Show or hide the profiles that were skipped and why.
    ToggleWarnings,
    /// Show or hide the help overlay.
    ToggleHelp,
    /// Step back: close an overlay or the grid, return to the list, or clear the filter.
    Back,
}

impl Command {
    /// Every command, in the order a key config file documents them.
    pub const ALL: [Command; 48] = [
        Command::Quit,
        Command::FocusSearch,
        Command::LeaveSearch,
        Command::DeleteChar,
        Command::ClearQuery,
        Command::CursorLeft,
        Command::CursorRight,
        Command::CursorStart,
        Command::CursorEnd,
        Command::DeleteWord,
        Command::HistoryOlder,
        Command::HistoryNewer,
        Command::Down,
        Command::Up,
        Command::First,
        Command::Last,
        Command::PageDown,
        Command::PageUp,
        Command::Left,
        Command::Right,
        Command::FocusNext,
        Command::FocusPrev,
        Command::Open,
        Command::ToggleMark,
        Command::ToggleGrid,
        Command::SortByRow,
        Command::ToggleColumn,
        Command::ShowCell,
        Command::RestoreColumns,
        Command::ToggleSameRows,
        Command::NextSection,
        Command::PrevSection,
        Command::SortList,
        Command::ReverseSort,
        Command::Export,
        Command::CopyId,
        Command::Shortlists,
        Command::Choose,
        Command::NewList,
        Command::DeleteList,
        Command::Reload,
        Command::EditAboutMe,
        Command::SaveAboutMe,
        Command::ToggleFit,
        Command::ToggleChart,
        Command::ToggleWarnings,
        Command::ToggleHelp,
        Command::Back,
    ];

    /// True for the commands that only move the selection or scroll (by a line, a page, to an
    /// end): pressed `n` times in a row they do what one move by `n` does, and they never change
    /// the mode, so the loop may collapse a run of them into one [`Action::Repeat`].
    pub fn is_movement(self) -> bool {
        matches!(
            self,
            Command::Down
                | Command::Up
                | Command::PageDown
                | Command::PageUp
                | Command::First
                | Command::Last
                | Command::Left
                | Command::Right
        )
    }

    /// One line saying what the command does, for a key config file's documentation.
    pub fn description(self) -> &'static str {
        match self {
            Command::Quit => "leave the explorer",
            Command::FocusSearch => "put the cursor in the search line",
            Command::LeaveSearch => "leave the search line; the filter stays",
            Command::DeleteChar => "delete the character before the search cursor",
            Command::ClearQuery => "empty the search line",
            Command::CursorLeft => "move the search cursor one character left",
            Command::CursorRight => "move the search cursor one character right",
            Command::CursorStart => "move the search cursor to the start of the line",
            Command::CursorEnd => "move the search cursor to the end of the line",
            Command::DeleteWord => "delete the word before the search cursor",
            Command::HistoryOlder => "recall the previous query from the history",
            Command::HistoryNewer => "recall the next query from the history",
            Command::Down => "move the selection (or scroll) one line down",
            Command::Up => "move the selection (or scroll) one line up",
            Command::First => "jump to the first line",
            Command::Last => "jump to the last line",
            Command::PageDown => "move one page down",
            Command::PageUp => "move one page up",
            Command::Left => "grid: select the column on the left",
            Command::Right => "grid: select the column on the right",
            Command::FocusNext => "focus the next pane",
            Command::FocusPrev => "focus the previous pane",
            Command::Open => "open the selected program in the detail pane",
            Command::ToggleMark => "mark or unmark the selected program for comparison",
            Command::ToggleGrid => "open or close the comparison grid",
            Command::SortByRow => {
                "grid: sort the columns by the selected row, best first (again: worst first)"
            }
            Command::ToggleColumn => "grid: remove the selected column, or restore it",
            Command::ShowCell => "grid: show the selected cell's whole value and its notes",
            Command::RestoreColumns => "grid: bring back every removed column",
            Command::ToggleSameRows => {
                "grid: hide the rows where every program reads the same, or show them again"
            }
            Command::NextSection => "detail: scroll to the next section",
            Command::PrevSection => "detail: scroll to the previous section",
            Command::SortList => "choose a field to sort the list by, or relevance",
            Command::ReverseSort => "reverse the list's sort: worst first, or best first again",
            Command::Export => {
                "export the grid or the shortlist to Markdown, CSV or JSON, or copy it"
            }
            Command::CopyId => "copy the selected program's id to the clipboard (OSC 52)",
            Command::Shortlists => "switch to, create or delete a named shortlist",
            Command::Choose => "in a picker: take the selected choice",
            Command::NewList => "in the shortlist picker: name a new list",
            Command::DeleteList => "in the shortlist picker: delete the selected list",
            Command::Reload => "load the profiles again now (changed files reload by themselves)",
            Command::EditAboutMe => "open the about-me form: channels, countries, niches, clicks",
            Command::SaveAboutMe => "about-me form: check every field and save",
            Command::ToggleFit => "open or close the fit view: programs ranked for you",
            Command::ToggleChart => "grid: open or close the chart of range bars",
            Command::ToggleWarnings => "show or hide the profiles that were skipped and why",
            Command::ToggleHelp => "show or hide every key",
            Command::Back => "step back: close a popup or the grid, return to the list",
        }
    }
}

/// One change to the explorer's state.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// A command, from a key or a test.
    Command(Command),
    /// The same movement pressed `times` times in a row, applied as one move (clamped at the
    /// ends): the loop collapses a held key's queued presses into this, so the work per frame
    /// does not grow with how many are waiting.
    Repeat {
        /// The movement: one of [`Command::is_movement`].
        command: Command,
        /// How many presses it stands for (0 counts as 1).
        times: usize,
    },
    /// Type one character into the search line.
    InsertChar(char),
    /// Text pasted in one go: it goes to the search line as one edit and one search.
    Paste(String),
    /// A click at a screen cell.
    Click {
        /// Screen column.
        column: u16,
        /// Screen row.
        row: u16,
    },
    /// A turn of the mouse wheel over a screen cell.
    Wheel {
        /// Screen column.
        column: u16,
        /// Screen row.
        row: u16,
        /// True when scrolling towards the end.
        down: bool,
    },
    /// A key with no binding in the current mode: the status line says so.
    UnboundKey(Key),
    /// The terminal changed size.
    Resize {
        /// Columns.
        width: u16,
        /// Rows.
        height: u16,
    },
    /// Matches for a query arrived (from the worker thread or from an inline search).
    SearchResults(SearchResult),
    /// The screen as measured for the current state (see [`crate::ui::measure`]).
    Measured(Box<Viewport>),
    /// A profile file changed on disk (the watcher's debounced burst): load them again.
    FilesChanged,
    /// The profiles, loaded again off the UI thread, ready to swap in.
    Reloaded(Box<Reloaded>),
    /// The search index, read from the cache after the list showed (a warm start).
    IndexRead(IndexRead),
    /// How far a slow cold start has read, while the list shows the programs read first.
    LoadProgress(LoadCount),
    /// Every program of a slow cold start, read while the list showed the first ones.
    StartLoaded(StartLoaded),
}

/// The whole catalog of a start that showed its first programs while it read the rest, and
/// its search index; equal when it is the same one.
#[derive(Clone)]
pub struct StartLoaded {
    /// Every program.
    pub catalog: Arc<Catalog>,
    /// Their search index.
    pub index: Arc<SearchIndex>,
}

impl fmt::Debug for StartLoaded {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "StartLoaded({} programs)", self.catalog.profiles.len())
    }
}

impl PartialEq for StartLoaded {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.catalog, &other.catalog) && Arc::ptr_eq(&self.index, &other.index)
    }
}

/// The search index a warm start read after showing the list; equal when it is the same one.
#[derive(Clone)]
pub struct IndexRead(pub Arc<SearchIndex>);

impl fmt::Debug for IndexRead {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "IndexRead({} programs)", self.0.len())
    }
}

impl PartialEq for IndexRead {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl From<Command> for Action {
    fn from(command: Command) -> Self {
        Action::Command(command)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_read_from_kebab_case_and_describe_themselves() {
        #[derive(Deserialize)]
        struct Bound {
            command: Command,
        }
        let bound: Bound = toml::from_str("command = \"page-down\"").unwrap_or(Bound {
            command: Command::Quit,
        });
        assert_eq!(bound.command, Command::PageDown);
        for command in Command::ALL {
            assert!(!command.description().is_empty(), "{command:?}");
        }
    }
}
