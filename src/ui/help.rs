//! The `?` overlay: every key in every mode, read from the keymap so it cannot drift from
//! what the keys do, plus the mouse.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::Styled;
use super::theme::{BEST, CAVEAT, CONTRADICTED, WORST};
use crate::app::{App, Overlay};
use crate::value_text::NOT_STATED;

/// The widest the overlay gets.
pub const WIDTH: u16 = 76;

/// Every line of the overlay at `width` columns, before scrolling.
pub fn lines(app: &App, width: usize) -> Vec<Line<'static>> {
    let t = app.theme();
    let keys_width = if width >= 50 { 16 } else { 12 };
    let from = match app.overlay() {
        Some(Overlay::Help { from, .. }) => from,
        _ => app.mode(),
    };
    let mut sections: Vec<(String, Vec<(String, String)>)> = app
        .keymap()
        .help_for(from)
        .into_iter()
        .map(|(title, rows)| {
            let rows = rows
                .into_iter()
                .map(|(keys, help)| (keys, help.to_string()))
                .collect();
            (title, rows)
        })
        .collect();
    let owned = |rows: &[(&str, &str)]| -> Vec<(String, String)> {
        rows.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    };
    sections.push((
        "Mouse".to_string(),
        owned(&[
            ("click", "select a row, focus a pane, pick a grid cell"),
            ("wheel", "scroll the pane under the pointer"),
        ]),
    ));
    // The one legend for how values read, in every view.
    let marks = [
        (NOT_STATED, "the sources do not give this value"),
        (CAVEAT, "a caveat qualifies the value (the notes say how)"),
        (
            CONTRADICTED,
            "the sources disagree (both values are in the notes)",
        ),
        (BEST, "the best in a grid row"),
        (WORST, "the worst in a grid row"),
    ];
    sections.push(("Reading values".to_string(), owned(&marks)));
    let mut language = owned(crate::search::EXAMPLES);
    language.push(("fields".to_string(), crate::search::known_field_names()));
    sections.push(("Search language".to_string(), language));
    let mut out = Vec::new();
    for (i, (title, rows)) in sections.iter().enumerate() {
        if i > 0 {
            out.push(Line::default());
        }
        out.extend(Styled::plain(title, t.heading).wrap(width));
        for (keys, help) in rows {
            if width < keys_width + 10 {
                out.extend(Styled::plain(keys, t.key).wrap(width));
                for line in Styled::plain(help, Style::new()).wrap(width.saturating_sub(2)) {
                    let mut spans = vec![Span::raw("  ")];
                    spans.extend(line.spans);
                    out.push(Line::from(spans));
                }
                continue;
            }
            let key_lines = Styled::plain(keys, t.key).wrap(keys_width - 1);
            let help_lines = Styled::plain(help, Style::new()).wrap(width - keys_width);
            for k in 0..key_lines.len().max(help_lines.len()) {
                let key = key_lines.get(k).cloned().unwrap_or_default();
                let mut spans = super::pad_line(key, keys_width, Style::new()).spans;
                spans.extend(help_lines.get(k).cloned().unwrap_or_default().spans);
                out.push(Line::from(spans));
            }
        }
    }
    out
}

/// Draws the overlay over `area`, scrolled by `scroll` lines.
pub fn draw(buf: &mut Buffer, area: Rect, app: &App, scroll: usize) {
    super::draw_popup(buf, area, app, ("Keys", WIDTH), |w| lines(app, w), scroll);
}
