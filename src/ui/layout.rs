//! Where each pane goes for a given terminal size. The renderer asks here, and so does
//! [`super::measure`] for the app, so a click lands on the row that was drawn and a page is the
//! height that shows.

use ratatui::layout::{Constraint, Layout, Margin, Rect};

use crate::viewport::Focus;

/// Below this width the "too small" message replaces everything.
pub const MIN_WIDTH: u16 = 40;
/// Below this height the "too small" message replaces everything.
pub const MIN_HEIGHT: u16 = 10;
/// From this width the list and the detail pane sit side by side.
pub const SPLIT_WIDTH: u16 = 100;
/// From this width the list takes three fifths of the screen, for more value columns.
pub const WIDE_WIDTH: u16 = 160;
/// From this height (when narrower than [`SPLIT_WIDTH`]) the list sits above the detail pane.
pub const STACK_HEIGHT: u16 = 30;

/// The areas of one frame; a pane that is not shown has no area.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Screen {
    /// True when the terminal is too small to show the explorer.
    pub too_small: bool,
    /// The search line.
    pub search: Rect,
    /// The program list, with its border.
    pub list: Option<Rect>,
    /// The detail pane, with its border.
    pub detail: Option<Rect>,
    /// The comparison grid, with its border.
    pub grid: Option<Rect>,
    /// The status line.
    pub status: Rect,
}

/// Lays out a frame of `area`: side by side when wide, stacked when tall, otherwise only the
/// pane that has focus; the grid takes the whole body and the search line's row when open.
pub fn screen(area: Rect, focus: Focus, grid_open: bool) -> Screen {
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        return Screen {
            too_small: true,
            ..Screen::default()
        };
    }
    let [search, body, status] = area.layout(&Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ]));
    let mut screen = Screen {
        too_small: false,
        search,
        list: None,
        detail: None,
        grid: None,
        status,
    };
    if grid_open {
        // The search line filters the list, not the grid: the grid takes its row too, so
        // nothing on screen suggests `/` works there.
        screen.grid = Some(search.union(body));
        screen.search = Rect::new(search.x, search.y, search.width, 0);
    } else if area.width >= SPLIT_WIDTH {
        // A wide screen gives the list room for more value columns.
        let list_width = if area.width >= WIDE_WIDTH {
            area.width / 5 * 3
        } else {
            (area.width / 2).clamp(44, 72)
        };
        let [list, detail] = body.layout(&Layout::horizontal([
            Constraint::Length(list_width),
            Constraint::Fill(1),
        ]));
        screen.list = Some(list);
        screen.detail = Some(detail);
    } else if area.height >= STACK_HEIGHT {
        let list_height = (body.height * 2 / 5).max(6);
        let [list, detail] = body.layout(&Layout::vertical([
            Constraint::Length(list_height),
            Constraint::Fill(1),
        ]));
        screen.list = Some(list);
        screen.detail = Some(detail);
    } else {
        match focus {
            Focus::List => screen.list = Some(body),
            Focus::Detail => screen.detail = Some(body),
        }
    }
    screen
}

/// Inside a bordered pane.
pub fn inner(pane: Rect) -> Rect {
    pane.inner(Margin::new(1, 1))
}

/// The list's rows: inside the border, below the header line.
pub fn list_rows(list: Rect) -> Rect {
    let inner = inner(list);
    Rect {
        y: inner.y.saturating_add(1),
        height: inner.height.saturating_sub(1),
        ..inner
    }
}

/// The detail pane's text: inside the border, one column of padding each side.
pub fn detail_body(detail: Rect) -> Rect {
    inner(detail).inner(Margin::new(1, 0))
}

/// A popup centred in `area`, at most `width` columns wide, leaving a margin where it can.
pub fn popup(area: Rect, width: u16) -> Rect {
    let w = width
        .min(area.width.saturating_sub(4))
        .max(area.width.min(20));
    let h = area.height.saturating_sub(2).max(area.height.min(5));
    Rect {
        x: area.x + (area.width.saturating_sub(w)) / 2,
        y: area.y + (area.height.saturating_sub(h)) / 2,
        width: w.min(area.width),
        height: h.min(area.height),
    }
}
