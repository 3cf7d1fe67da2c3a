//! The search line at the top: the prompt, the query with its cursor, what the query could not
//! read, and "matched/total".

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
    /// The cursor, a byte offset into `query`.
    pub cursor: usize,
    /// The first piece of the query that could not be read, and why.
    pub problem: Option<String>,
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
        cursor: app.query_cursor(),
        problem: app
            .results_query()
            .problems()
            .first()
            .map(|p| p.message.clone()),
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
        let cursor = v.query.get(..v.cursor).map_or(v.query.len(), str::len);
        let (head, tail) = v.query.split_at(cursor);
        // Show the end of the text before the cursor, so the cursor stays in view.
        let mut shown: Vec<&str> = Vec::new();
        let mut used = 0;
        for g in head.graphemes(true).rev() {
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
        let mut rest = tail.graphemes(true);
        if v.focused {
            let under = rest.next().unwrap_or(" ");
            line.push(under, v.theme.selected);
            used += text::width(under);
        }
        let mut after = String::new();
        for g in rest {
            let w = text::width(g);
            if used + w > room {
                break;
            }
            used += w;
            after.push_str(g);
        }
        line.push(&after, base);
        if let Some(problem) = &v.problem {
            line.push(&format!("  ⚠ {problem}"), v.theme.warning);
        }
    }
    let mut left = line.cut(width.saturating_sub(count_width));
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
