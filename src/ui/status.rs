//! The status line: key hints for the current mode (generated from the keymap), the number of
//! marked programs, and a warning when profiles were skipped.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::theme::Theme;
use super::{Styled, line_width, put};
use crate::action::Command;
use crate::app::App;
use crate::keymap::{Hint, Mode};
use crate::text_width as text;

/// What the status line shows.
pub struct StatusView<'a> {
    /// Hints for the current mode, most useful first.
    pub hints: Vec<Hint>,
    /// A one-off message, shown before everything else.
    pub message: Option<&'a str>,
    /// Programs marked for comparison.
    pub marked: usize,
    /// The shortlist in use, when it is not the default one.
    pub list: Option<&'a str>,
    /// Profiles skipped (errors) and loaded with warnings.
    pub problems: (usize, usize),
    /// How far a slow start has read the files, while the list shows the first programs.
    pub loading: Option<String>,
    /// The key that lists them, as written.
    pub warnings_key: String,
    /// The styles.
    pub theme: &'a Theme,
}

/// The view of `app`'s status line.
pub fn view(app: &App) -> StatusView<'_> {
    StatusView {
        hints: app.keymap().hints(app.mode()),
        message: app.message(),
        marked: app.marked().len(),
        list: Some(app.shortlist_name()).filter(|n| *n != crate::shortlist::DEFAULT_LIST),
        problems: app.problem_counts(),
        loading: app.loading().map(|count| count.text(app.profiles().len())),
        warnings_key: app.keymap().key_label(Mode::List, Command::ToggleWarnings),
        theme: app.theme(),
    }
}

/// Draws the status line into `area` (one row). The right side (warnings, marks) is kept;
/// hints that do not fit are left out from the least useful.
pub fn draw(buf: &mut Buffer, area: Rect, v: &StatusView<'_>) {
    let t = v.theme;
    let width = usize::from(area.width);
    let mut right = Styled::new();
    if let Some(loading) = &v.loading {
        right.push(&format!("{loading}… "), t.prompt);
    }
    match (v.marked, v.list) {
        (0, None) => {}
        (n, None) => {
            right.push(&format!("{n} marked "), t.marked);
        }
        (n, Some(list)) => {
            right.push(&format!("{n} marked in “{list}” "), t.marked);
        }
    }
    match v.problems {
        (0, 0) => {}
        (0, w) => {
            right.push(
                &format!(
                    "{}: press {} ",
                    crate::plural::count(w, "warning"),
                    v.warnings_key
                ),
                t.warning,
            );
        }
        (e, _) => {
            right.push(
                &format!(
                    "{} skipped: press {} ",
                    crate::plural::count(e, "profile"),
                    v.warnings_key
                ),
                t.warning,
            );
        }
    }
    // A message that needs the whole line gets it (the marks are in the list's title too);
    // otherwise the right side is kept.
    let message_width = v.message.map_or(0, |m| text::width(m) + 2);
    if message_width + right.width() + 1 > width && message_width > 0 {
        right = Styled::new();
    }
    let right = right.cut(width);
    let right_width = line_width(&right);
    let room = width.saturating_sub(right_width + 1);
    let mut left = Line::from(Span::raw(" "));
    if let Some(message) = v.message {
        left.spans.extend(
            Styled::plain(message, t.warning)
                .cut(room.saturating_sub(1))
                .spans,
        );
    } else {
        // The way out and `?` (which lists every key) are kept first; the rest by their rank
        // in the keymap while they fit, then shown in keymap order.
        let piece = |h: &Hint| text::width(&h.keys) + 1 + text::width(h.label) + 2;
        let mut used = 1;
        let mut keep = vec![false; v.hints.len()];
        let mut order: Vec<usize> = (0..v.hints.len()).collect();
        order.sort_by_key(|&i| (!v.hints[i].kept, v.hints[i].rank));
        // The last hint needs no gap after it. Once one does not fit, no less useful one
        // takes its place (a short `Tab pane` must not push out `c compare`).
        for i in order {
            if used + piece(&v.hints[i]) > room + 2 {
                break;
            }
            keep[i] = true;
            used += piece(&v.hints[i]);
        }
        for (hint, _) in v.hints.iter().zip(&keep).filter(|(_, k)| **k) {
            left.push_span(Span::styled(hint.keys.clone(), t.key));
            left.push_span(Span::styled(format!(" {}  ", hint.label), t.dim));
        }
    }
    let gap = width.saturating_sub(line_width(&left) + right_width);
    left.push_span(Span::styled(" ".repeat(gap), Style::new()));
    left.spans.extend(right.spans);
    put(buf, area, 0, &left);
}
