//! The comparison grid's state: which programs are columns, which were removed, the selected
//! cell and the scroll offsets. The table itself is a [`Comparison`], the same one
//! `affex compare` prints.

use crate::compare::{Cell, Comparison, ROWS};
use crate::model::Profile;

/// The most columns the grid opens with when nothing is marked, so a huge list stays quick.
pub const MAX_GRID_COLUMNS: usize = 100;

/// The open comparison grid.
#[derive(Debug, Clone)]
pub struct Grid {
    /// Catalog indices of the programs, in column order (removed ones included).
    pub columns: Vec<usize>,
    /// Parallel to `columns`: true for a column removed with Space.
    pub removed: Vec<bool>,
    /// The table over the columns that are not removed, in column order.
    pub comparison: Comparison,
    /// The selected row (an index into [`ROWS`]).
    pub row: usize,
    /// The selected column (an index into `columns`).
    pub column: usize,
    /// The first row on screen.
    pub row_offset: usize,
    /// The first column on screen.
    pub column_offset: usize,
    /// The row the columns were last sorted by.
    pub sorted_by: Option<usize>,
}

impl Grid {
    /// A grid over `columns` (catalog indices), keeping at most [`MAX_GRID_COLUMNS`].
    pub fn new(profiles: &[Profile], mut columns: Vec<usize>) -> Self {
        columns.retain(|&i| i < profiles.len());
        columns.truncate(MAX_GRID_COLUMNS);
        let removed = vec![false; columns.len()];
        let comparison = Comparison::new(profiles, columns.clone());
        Grid {
            columns,
            removed,
            comparison,
            row: 0,
            column: 0,
            row_offset: 0,
            column_offset: 0,
            sorted_by: None,
        }
    }

    /// The catalog indices of the columns still compared, in column order.
    pub fn active(&self) -> Vec<usize> {
        self.columns
            .iter()
            .zip(&self.removed)
            .filter(|(_, removed)| !**removed)
            .map(|(&i, _)| i)
            .collect()
    }

    /// The cell of `row` in column `column`; `None` for a removed column.
    pub fn cell(&self, row: usize, column: usize) -> Option<&Cell> {
        if self.removed.get(column).copied().unwrap_or(true) {
            return None;
        }
        let at = self.removed[..column].iter().filter(|r| !**r).count();
        self.comparison.cells.get(row)?.get(at)
    }

    /// Moves the selected row by `delta`, staying on the table.
    pub fn move_row(&mut self, delta: isize) {
        let last = ROWS.len().saturating_sub(1);
        self.row = self.row.saturating_add_signed(delta).min(last);
    }

    /// Moves the selected column by `delta`, staying on the table.
    pub fn move_column(&mut self, delta: isize) {
        let last = self.columns.len().saturating_sub(1);
        self.column = self.column.saturating_add_signed(delta).min(last);
    }

    /// Removes the selected column from the comparison, or brings it back.
    pub fn toggle_column(&mut self, profiles: &[Profile]) {
        if let Some(removed) = self.removed.get_mut(self.column) {
            *removed = !*removed;
            self.comparison = Comparison::new(profiles, self.active());
        }
    }

    /// Orders the columns by the selected row, best first (removed columns go last); the
    /// selection stays on the same program.
    pub fn sort(&mut self, profiles: &[Profile]) {
        let selected = self.columns.get(self.column).copied();
        let mut columns = self.comparison.sorted_by(self.row);
        let active = columns.len();
        columns.extend(
            self.columns
                .iter()
                .zip(&self.removed)
                .filter(|(_, removed)| **removed)
                .map(|(&i, _)| i),
        );
        self.removed = (0..columns.len()).map(|c| c >= active).collect();
        self.columns = columns;
        self.comparison = Comparison::new(profiles, self.active());
        self.sorted_by = Some(self.row);
        if let Some(i) = selected {
            self.column = self.columns.iter().position(|&c| c == i).unwrap_or(0);
        }
    }
}
