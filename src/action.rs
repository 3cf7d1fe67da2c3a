//! Everything that can happen to the explorer, as data. Keys, mouse events, resizes and search
//! results all become an [`Action`]; [`crate::app::App::update`] is the only place that applies
//! one, and the keymap uses the same names, so the help overlay describes exactly what runs.

use crate::search::SearchResult;

/// One change to the explorer's state.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Leave the explorer.
    Quit,
    /// Put the cursor in the search line.
    FocusSearch,
    /// Leave the search line; the filter stays.
    LeaveSearch,
    /// Type one character into the search line.
    InsertChar(char),
    /// Delete the character before the search cursor.
    DeleteChar,
    /// Empty the search line.
    ClearQuery,
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
    /// Grid: sort the columns by the selected row, best first.
    SortByRow,
    /// Grid: remove the selected column, or restore it.
    ToggleColumn,
    /// Show or hide the profiles that were skipped and why.
    ToggleWarnings,
    /// Show or hide the help overlay.
    ToggleHelp,
    /// Step back: close an overlay or the grid, return to the list, or clear the filter.
    Back,
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
    /// The terminal changed size.
    Resize {
        /// Columns.
        width: u16,
        /// Rows.
        height: u16,
    },
    /// Matches for a query arrived (from the worker thread or from an inline search).
    SearchResults(SearchResult),
}
