//! The comparison grid's state: which programs are columns, which were removed, the selected
//! cell and the scroll offsets. The table itself is a [`Comparison`], the same one
//! `affex compare` prints.

use ratatui::layout::Position;

use crate::compare::{Cell, Comparison, ROWS};
use crate::model::{Profile, ProgramId};
use crate::viewport::{GridGeometry, keep_visible};

/// The most columns the grid opens with when nothing is marked, so a huge list stays quick.
pub const MAX_GRID_COLUMNS: usize = 100;

/// The open comparison grid.
#[derive(Debug, Clone)]
pub struct Grid {
    /// The programs, in column order (removed ones included).
    pub columns: Vec<ProgramId>,
    /// Parallel to `columns`: where each program sits in the catalog the grid was built over.
    indices: Vec<usize>,
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
    /// True when that sort put the worst first (`s` pressed again on the same row).
    pub reversed: bool,
    /// Set by a sort: the next fit scrolls back to the first column (the best), keeping the
    /// selection on its program only if it is on screen there too.
    show_first: bool,
}

impl Grid {
    /// A grid over `indices` (catalog indices), keeping at most [`MAX_GRID_COLUMNS`].
    pub fn new(profiles: &[Profile], mut indices: Vec<usize>) -> Self {
        indices.retain(|&i| i < profiles.len());
        indices.truncate(MAX_GRID_COLUMNS);
        let columns = indices.iter().map(|&i| profiles[i].id.clone()).collect();
        let removed = vec![false; indices.len()];
        let comparison = Comparison::new(profiles, indices.clone());
        Grid {
            columns,
            indices,
            removed,
            comparison,
            row: 0,
            column: 0,
            row_offset: 0,
            column_offset: 0,
            sorted_by: None,
            reversed: false,
            show_first: false,
        }
    }

    /// Where the program in column `column` sits in the catalog.
    pub fn catalog_index(&self, column: usize) -> Option<usize> {
        self.indices.get(column).copied()
    }

    /// The catalog indices of the columns still compared, in column order.
    pub fn active(&self) -> Vec<usize> {
        self.indices
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
            if !*removed {
                // A restored column comes back where it was, not in sorted order.
                self.sorted_by = None;
                self.reversed = false;
            }
            self.comparison = Comparison::new(profiles, self.active());
        }
    }

    /// Orders the columns by the selected row, best first, or worst first when the last sort
    /// was best first on the same row (removed columns go last); afterwards the first column
    /// is scrolled into view. A row without an order (words, different currencies…) changes
    /// nothing and gives the reason.
    pub fn sort(&mut self, profiles: &[Profile]) -> Result<(), &'static str> {
        let reverse = self.sorted_by == Some(self.row) && !self.reversed;
        let mut indices = self.comparison.sorted(self.row, reverse)?;
        let selected = self.columns.get(self.column).cloned();
        let active = indices.len();
        indices.extend(
            self.indices
                .iter()
                .zip(&self.removed)
                .filter(|(_, removed)| **removed)
                .map(|(&i, _)| i),
        );
        self.removed = (0..indices.len()).map(|c| c >= active).collect();
        self.columns = indices
            .iter()
            .filter_map(|&i| profiles.get(i).map(|p| p.id.clone()))
            .collect();
        self.indices = indices;
        self.comparison = Comparison::new(profiles, self.active());
        self.sorted_by = Some(self.row);
        self.reversed = reverse;
        if let Some(id) = selected {
            self.column = self.columns.iter().position(|c| *c == id).unwrap_or(0);
        }
        self.column_offset = 0;
        self.show_first = true;
        Ok(())
    }

    /// Scrolls so the selected row and column are on screen, as `g` measured it.
    pub fn fit(&mut self, g: &GridGeometry) {
        let columns = self.columns.len();
        if std::mem::take(&mut self.show_first) {
            // After a sort the best column is in view: the selection stays on its program
            // when that shows beside it, else it moves to the best.
            self.column_offset = 0;
            if self.column >= g.visible.max(1) {
                self.column = 0;
            }
        }
        self.column = self.column.min(columns.saturating_sub(1));
        self.row = self.row.min(ROWS.len().saturating_sub(1));
        self.column_offset = keep_visible(self.column_offset, self.column, g.visible, columns);
        self.row_offset = self.row_offset.min(self.row);
        let page = usize::from(g.body.height);
        while self.row_offset < self.row
            && g.heights
                .get(self.row_offset..=self.row)
                .is_some_and(|h| h.iter().sum::<usize>() > page)
        {
            self.row_offset += 1;
        }
    }

    /// The row and column under `at`, for a click (either may be `None`); `None` when `at`
    /// is outside the grid.
    pub fn hit(&self, g: &GridGeometry, at: Position) -> Option<(Option<usize>, Option<usize>)> {
        if !g.inner.contains(at) {
            return None;
        }
        let x = usize::from(at.x - g.inner.x);
        let column = (x > g.label_width && g.column_width > 0)
            .then(|| self.column_offset + (x - g.label_width - 1) / (g.column_width + 1))
            .filter(|&c| c < self.columns.len() && c < self.column_offset + g.visible);
        let row = if g.body.contains(at) {
            let mut y = usize::from(at.y - g.body.y);
            let mut found = None;
            for (r, &h) in g.heights.iter().enumerate().skip(self.row_offset) {
                if y < h {
                    found = Some(r);
                    break;
                }
                y -= h;
            }
            found
        } else {
            None
        };
        Some((row, column))
    }
}
