//! The list's sort picker: relevance first, then every field `affex list --sort` takes, the
//! highlighted choice reversed and the current one marked.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;

use super::Styled;
use crate::app::{App, Overlay, sort_choices};

/// The widest the picker gets.
pub const WIDTH: u16 = 44;

/// The picker's title.
pub const TITLE: &str = "Sort the list by";

/// What the first choice reads: the search's own order.
pub const RELEVANCE: &str = "Relevance (the search's order)";

/// Where the current sort's choice is marked.
const CURRENT: &str = "●";

/// Every line of the picker at `width` columns: one per choice.
pub fn lines(app: &App, width: usize) -> Vec<Line<'static>> {
    let t = app.theme();
    let highlighted = match app.overlay() {
        Some(Overlay::Sort { highlighted }) => highlighted,
        _ => 0,
    };
    let current = app.list_sort().map(|s| s.path);
    let choices = std::iter::once((RELEVANCE, current.is_none()))
        .chain(sort_choices().map(|f| (f.label, current == Some(f.path))));
    choices
        .enumerate()
        .map(|(i, (label, is_current))| {
            let mut row = Styled::new();
            row.push(if is_current { CURRENT } else { " " }, t.marked);
            row.push(" ", Style::new());
            row.push(label, Style::new());
            let fill = if i == highlighted {
                t.selected
            } else {
                Style::new()
            };
            let mut line = row.cell(width, fill);
            if i == highlighted {
                for span in &mut line.spans {
                    span.style = span.style.patch(t.selected);
                }
            }
            line
        })
        .collect()
}

/// Draws the picker over `area`, scrolled so the highlighted choice shows.
pub fn draw(buf: &mut Buffer, area: Rect, app: &App, highlighted: usize) {
    let page = usize::from(super::layout::inner(super::layout::popup(area, WIDTH)).height);
    let scroll = (highlighted + 1).saturating_sub(page);
    super::draw_popup(buf, area, app, (TITLE, WIDTH), |w| lines(app, w), scroll);
}
