//! The comparison grid's state: which programs are columns, which were removed (a removed
//! column is not drawn and takes no width until brought back), which rows are hidden for
//! reading the same in every column, the selected cell and the scroll offsets. The table itself is a [`Comparison`], the same one
//! `affex compare` prints.

use ratatui::layout::Position;

use crate::compare::{Cell, Comparison, ROWS};
use crate::decide::Me;
use crate::model::ProgramId;
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
    /// The first column on screen, counted among the columns not removed.
    pub column_offset: usize,
    /// True when the rows that read the same in every column are hidden.
    pub hide_alike: bool,
    /// Parallel to [`ROWS`]: true when every column not removed reads the same in that row.
    pub alike: Vec<bool>,
    /// The row the columns were last sorted by.
    pub sorted_by: Option<usize>,
    /// True when that sort put the worst first (`s` pressed again on the same row).
    pub reversed: bool,
    /// About me, as the derived rows (earnings, eligibility…) are worked out for.
    me: Me,
    /// Set by a sort: the next fit scrolls back to the first column (the best), keeping the
    /// selection on its program only if it is on screen there too.
    show_first: bool,
}

impl Grid {
    /// A grid over `indices` (catalog indices), keeping at most [`MAX_GRID_COLUMNS`], its
    /// derived rows worked out for `me`.
    pub fn new(profiles: &crate::catalog::Programs, mut indices: Vec<usize>, me: &Me) -> Self {
        indices.retain(|&i| i < profiles.len());
        indices.truncate(MAX_GRID_COLUMNS);
        let columns = indices.iter().map(|&i| profiles[i].id.clone()).collect();
        let removed = vec![false; indices.len()];
        let comparison = Comparison::for_me(profiles, indices.clone(), me);
        let alike = alike_rows(&comparison);
        Grid {
            columns,
            indices,
            removed,
            comparison,
            row: 0,
            column: 0,
            row_offset: 0,
            column_offset: 0,
            hide_alike: false,
            alike,
            sorted_by: None,
            reversed: false,
            me: me.clone(),
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

    /// The columns not removed (indices into `columns`), in column order: the ones drawn.
    pub fn shown_columns(&self) -> Vec<usize> {
        (0..self.columns.len())
            .filter(|&c| !self.removed.get(c).copied().unwrap_or(true))
            .collect()
    }

    /// Where the selected column sits among the columns not removed.
    pub fn shown_position(&self) -> usize {
        self.shown_columns()
            .iter()
            .position(|&c| c == self.column)
            .unwrap_or(0)
    }

    /// True when row `row` is drawn: not hidden for reading the same in every column.
    pub fn row_shown(&self, row: usize) -> bool {
        !(self.hide_alike && self.alike.get(row).copied().unwrap_or(false))
    }

    /// How many rows are hidden for reading the same in every column.
    pub fn hidden_rows(&self) -> usize {
        (0..ROWS.len()).filter(|&r| !self.row_shown(r)).count()
    }

    /// Hides the rows that read the same in every column, or shows them again. The selection
    /// moves to the nearest row still shown.
    pub fn toggle_alike(&mut self) {
        self.hide_alike = !self.hide_alike;
        self.move_row(0);
    }

    /// The cell of `row` in column `column`; `None` for a removed column.
    pub fn cell(&self, row: usize, column: usize) -> Option<&Cell> {
        if self.removed.get(column).copied().unwrap_or(true) {
            return None;
        }
        let at = self.removed[..column].iter().filter(|r| !**r).count();
        self.comparison.cells.get(row)?.get(at)
    }

    /// Moves the selected row by `delta` shown rows, staying on the table; 0 moves to the
    /// nearest shown row when the selected one is hidden.
    pub fn move_row(&mut self, delta: isize) {
        let shown: Vec<usize> = (0..ROWS.len()).filter(|&r| self.row_shown(r)).collect();
        let Some(&last) = shown.last() else { return };
        // The first shown row at or after the selection (or the last one).
        let at = shown
            .iter()
            .position(|&r| r >= self.row)
            .unwrap_or(shown.len() - 1);
        let to = at.saturating_add_signed(delta).min(shown.len() - 1);
        self.row = shown.get(to).copied().unwrap_or(last);
    }

    /// Moves the selected column by `delta` among the columns not removed.
    pub fn move_column(&mut self, delta: isize) {
        let shown = self.shown_columns();
        if shown.is_empty() {
            return;
        }
        let to = self
            .shown_position()
            .saturating_add_signed(delta)
            .min(shown.len() - 1);
        self.column = shown[to];
    }

    /// Removes the selected column from the comparison; the selection moves to the next
    /// column (or the one before). The last column stays.
    pub fn remove_column(
        &mut self,
        profiles: &crate::catalog::Programs,
    ) -> Result<(), &'static str> {
        let shown = self.shown_columns();
        if shown.len() <= 1 {
            return Err("the last column stays");
        }
        let at = self.shown_position();
        if let Some(removed) = self.removed.get_mut(self.column) {
            *removed = true;
        }
        self.column = shown
            .get(at + 1)
            .or_else(|| at.checked_sub(1).and_then(|b| shown.get(b)))
            .copied()
            .unwrap_or(0);
        self.rebuild(profiles);
        Ok(())
    }

    /// Brings back every removed column, where it was; the columns are no longer sorted.
    /// Returns how many came back.
    pub fn restore_columns(&mut self, profiles: &crate::catalog::Programs) -> usize {
        let back = self.removed.iter().filter(|r| **r).count();
        if back > 0 {
            self.removed.iter_mut().for_each(|r| *r = false);
            self.sorted_by = None;
            self.reversed = false;
            self.rebuild(profiles);
        }
        back
    }

    /// The same grid over a reloaded catalog: the columns whose program is still there (at
    /// `position_of` it), in the same order with the same removed ones, the selection on the
    /// same program (or the nearest one before it) and the same rows and scroll; `None`
    /// when no column is left. A sort is kept as an order, not redone: the values may have
    /// changed, so the row is no longer marked sorted.
    pub fn reloaded(
        &self,
        profiles: &crate::catalog::Programs,
        position_of: impl Fn(&ProgramId) -> Option<usize>,
    ) -> Option<Grid> {
        let mut columns = Vec::with_capacity(self.columns.len());
        let mut indices = Vec::with_capacity(self.columns.len());
        let mut removed = Vec::with_capacity(self.columns.len());
        let mut column = None;
        for (c, id) in self.columns.iter().enumerate() {
            if let Some(i) = position_of(id) {
                if c <= self.column || column.is_none() {
                    column = Some(columns.len());
                }
                columns.push(id.clone());
                indices.push(i);
                removed.push(self.removed.get(c).copied().unwrap_or(false));
            }
        }
        if !removed.is_empty() && removed.iter().all(|r| *r) {
            removed.iter_mut().for_each(|r| *r = false);
        }
        let column = column?;
        let mut grid = Grid {
            columns,
            indices,
            removed,
            comparison: Comparison::new(profiles, Vec::new()),
            row: self.row,
            column,
            row_offset: self.row_offset,
            column_offset: self.column_offset,
            hide_alike: self.hide_alike,
            alike: Vec::new(),
            sorted_by: None,
            reversed: false,
            show_first: false,
            me: self.me.clone(),
        };
        grid.rebuild(profiles);
        Some(grid)
    }

    /// Works the derived rows out again for a new "about me" (after the form saved).
    pub fn set_me(&mut self, profiles: &crate::catalog::Programs, me: &Me) {
        self.me = me.clone();
        self.rebuild(profiles);
    }

    /// About me, as the derived rows were worked out for.
    pub fn me(&self) -> &Me {
        &self.me
    }

    /// The table (and which rows read the same) over the columns not removed.
    fn rebuild(&mut self, profiles: &crate::catalog::Programs) {
        self.comparison = Comparison::for_me(profiles, self.active(), &self.me);
        self.alike = alike_rows(&self.comparison);
        self.move_row(0);
    }

    /// Orders the columns by the selected row, best first, or worst first when the last sort
    /// was best first on the same row (removed columns go last); afterwards the first column
    /// is scrolled into view. A row without an order (words, different currencies…) changes
    /// nothing and gives the reason.
    pub fn sort(&mut self, profiles: &crate::catalog::Programs) -> Result<(), &'static str> {
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
        self.rebuild(profiles);
        self.sorted_by = Some(self.row);
        self.reversed = reverse;
        if let Some(id) = selected {
            self.column = self.columns.iter().position(|c| *c == id).unwrap_or(0);
        }
        if self.removed.get(self.column).copied().unwrap_or(true) {
            self.column = 0;
        }
        self.column_offset = 0;
        self.show_first = true;
        Ok(())
    }

    /// Scrolls so the selected row and column are on screen, as `g` measured it.
    pub fn fit(&mut self, g: &GridGeometry) {
        let shown = self.shown_columns();
        if std::mem::take(&mut self.show_first) {
            // After a sort the best column is in view: the selection stays on its program
            // when that shows beside it, else it moves to the best.
            self.column_offset = 0;
            if self.shown_position() >= g.visible.max(1) {
                self.column = shown.first().copied().unwrap_or(0);
            }
        }
        if !shown.contains(&self.column) {
            self.column = shown.first().copied().unwrap_or(0);
        }
        self.row = self.row.min(ROWS.len().saturating_sub(1));
        self.move_row(0);
        self.column_offset = keep_visible(
            self.column_offset,
            self.shown_position(),
            g.visible,
            shown.len(),
        );
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
        let shown = self.shown_columns();
        let column = (x > g.label_width && g.column_width > 0)
            .then(|| self.column_offset + (x - g.label_width - 1) / (g.column_width + 1))
            .filter(|&c| c < self.column_offset + g.visible)
            .and_then(|c| shown.get(c).copied());
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

/// Parallel to [`ROWS`]: true when every column of `comparison` reads the same in that row
/// (a table of one column has no rows alike: there is nothing to compare).
fn alike_rows(comparison: &Comparison) -> Vec<bool> {
    comparison
        .cells
        .iter()
        .map(|row| row.len() > 1 && row.windows(2).all(|pair| pair[0].text == pair[1].text))
        .collect()
}
