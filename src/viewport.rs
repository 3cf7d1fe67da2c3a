//! The screen as measured for the app's current state: where each pane is, how many lines a
//! page holds, how far each pane can scroll, and where the grid's cells are. `ui::measure`
//! builds it (pure: sizes and content in, a `Viewport` out); [`crate::app::App`] takes it as
//! data, so the app pages, clamps and answers clicks without knowing how anything is drawn.

use std::sync::Arc;

use ratatui::layout::Rect;
use ratatui::text::Line;

use crate::model::ProgramId;

/// Which pane has the keyboard when neither the search line nor an overlay does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    /// The program list.
    List,
    /// The detail pane.
    Detail,
}

/// One measurement of the screen; a pane that is not shown has no entry.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Viewport {
    /// The whole terminal.
    pub area: Rect,
    /// The search line.
    pub search: Rect,
    /// The program list, with its border.
    pub list: Option<Rect>,
    /// The list's rows (below its header): a click there selects a row.
    pub list_rows: Option<Rect>,
    /// The detail pane, with its border, and how its text measures.
    pub detail: Option<DetailMeasure>,
    /// The open popup's page and reach.
    pub overlay: Option<ScrollMeasure>,
    /// Where the open grid's cells are.
    pub grid: Option<GridGeometry>,
}

impl Viewport {
    /// Rows in one page of the list (0 when it is hidden).
    pub fn list_page(&self) -> usize {
        self.list_rows.map_or(0, |r| usize::from(r.height))
    }

    /// Lines in one page of the detail pane (0 when it is hidden).
    pub fn detail_page(&self) -> usize {
        self.detail.as_ref().map_or(0, |d| d.scroll.page)
    }

    /// How far the detail pane can scroll.
    pub fn detail_max_scroll(&self) -> usize {
        self.detail.as_ref().map_or(0, |d| d.scroll.max_scroll)
    }

    /// Lines in one page of the open popup.
    pub fn overlay_page(&self) -> usize {
        self.overlay.map_or(0, |o| o.page)
    }
}

/// A scrolled text's page height and how far it can scroll.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ScrollMeasure {
    /// Lines in one page.
    pub page: usize,
    /// Lines in all.
    pub lines: usize,
    /// How far it can scroll before its last line reaches the bottom.
    pub max_scroll: usize,
}

impl ScrollMeasure {
    /// The measure of `lines` lines shown `page` at a time.
    pub fn new(lines: usize, page: usize) -> Self {
        ScrollMeasure {
            page,
            lines,
            max_scroll: lines.saturating_sub(page),
        }
    }
}

/// What the detail pane's text was wrapped for: measuring again is needed only when this
/// changes, not on every key.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DetailKey {
    /// The program shown.
    pub program: Option<ProgramId>,
    /// The text's width.
    pub width: u16,
    /// Whether it is marked (a marked program has one more line).
    pub marked: bool,
    /// Which of the listed items (niches, product types, audiences' niches…) the query
    /// highlights, in the pane's order: the only way the query changes the text, so typing on
    /// with the same program selected and the same items lit wraps nothing again.
    pub highlighted: Vec<bool>,
    /// How many times "about me" changed: the estimate section is worked out for it.
    pub me_generation: u64,
}

/// The detail pane's place and its text's measure.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DetailMeasure {
    /// The pane, with its border.
    pub pane: Rect,
    /// What the text was measured for.
    pub key: DetailKey,
    /// The text's page and reach.
    pub scroll: ScrollMeasure,
    /// The line each section's title is on, in order, for the keys that jump between them.
    pub sections: Vec<usize>,
    /// The text as wrapped for `key`: the frame draws these very lines instead of wrapping the
    /// text a second time (at 100,000 programs that was a quarter of the frame after a key).
    pub lines: Arc<[Line<'static>]>,
}

/// Where everything in the comparison grid goes at one size.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GridGeometry {
    /// Inside the border.
    pub inner: Rect,
    /// Width of the frozen label column, separator excluded.
    pub label_width: usize,
    /// Width of each program column, separator excluded.
    pub column_width: usize,
    /// How many program columns fit side by side.
    pub visible: usize,
    /// Lines each row takes, parallel to [`crate::compare::ROWS`].
    pub heights: Vec<usize>,
    /// The rows below the header and its rule.
    pub body: Rect,
}

/// The first row to show so that `selected` is visible in `page` rows, moving as little as
/// possible from `offset`.
pub fn keep_visible(offset: usize, selected: usize, page: usize, len: usize) -> usize {
    if page == 0 {
        return offset.min(len.saturating_sub(1));
    }
    let offset = if selected < offset {
        selected
    } else if selected >= offset + page {
        selected + 1 - page
    } else {
        offset
    };
    offset.min(len.saturating_sub(page))
}
