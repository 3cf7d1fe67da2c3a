//! The search line at the top: the prompt, the query with its cursor, and "matched/total".

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Span;
use unicode_segmentation::UnicodeSegmentation;

use super::theme::Theme;
use super::{Styled, put};
use crate::app::App;
use crate::text_width as text;

/// What the search line shows.
pub struct SearchLineView<'a> {
    /// The query as typed.
    pub query: &'a str,
    /// True when the search line has the keyboard.
    pub focused: bool,
    /// Programs listed.
    pub matched: usize,
    /// Programs loaded.
    pub total: usize,
    /// True while results for the typed query are still coming.
    pub pending: bool,
    /// The styles.
    pub theme: &'a Theme,
}

/// The view of `app`'s search line.
pub fn view(app: &App) -> SearchLineView<'_> {
    SearchLineView {
        query: app.query(),
        focused: app.is_searching() && app.overlay().is_none() && app.grid().is_none(),
        matched: app.matches().len(),
        total: app.profiles().len(),
        pending: app.is_search_pending(),
        theme: app.theme(),
    }
}

/// Draws the search line into `area` (one row).
pub fn draw(buf: &mut Buffer, area: Rect, v: &SearchLineView<'_>) {
    let width = usize::from(area.width);
    let count = if v.pending {
        format!("searching… {}/{} ", v.matched, v.total)
    } else {
        format!("{}/{} ", v.matched, v.total)
    };
    let count_width = text::width(&count);
    let prompt = " / ";
    let room = width.saturating_sub(count_width + text::width(prompt) + 2);
    let mut line = Styled::new();
    let prompt_style = if v.focused {
        v.theme.prompt
    } else {
        v.theme.dim
    };
    line.push(prompt, prompt_style);
    if v.query.is_empty() && !v.focused {
        line.push("search names, niches, audiences", v.theme.dim);
    } else {
        // Show the end of a long query, where the cursor is.
        let mut shown: Vec<&str> = Vec::new();
        let mut used = 0;
        for g in v.query.graphemes(true).rev() {
            let w = text::width(g);
            if used + w > room.saturating_sub(1) {
                break;
            }
            used += w;
            shown.push(g);
        }
        shown.reverse();
        let base = if v.focused {
            Style::new()
        } else {
            v.theme.title
        };
        line.push(&shown.concat(), base);
    }
    let mut left = line.cut(width.saturating_sub(count_width));
    if v.focused {
        left.push_span(Span::styled(" ", v.theme.selected));
    }
    let used = super::line_width(&left);
    let gap = width.saturating_sub(used + count_width);
    left.push_span(Span::raw(" ".repeat(gap)));
    let count_style = if v.pending {
        v.theme.dim
    } else {
        v.theme.title
    };
    left.push_span(Span::styled(count, count_style));
    put(buf, area, 0, &left);
}
