//! The export picker and the shortlist picker: small popups whose rows are chosen with the
//! moving keys and Enter; their footers come from the keymap.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Widget;

use super::{Styled, layout, pane_block, put};
use crate::action::Command;
use crate::app::{App, EXPORT_CHOICES, ListRow};
use crate::export::comparison::ExportFormat;
use crate::keymap::Mode;
use crate::plural;

/// The widest the pickers get.
pub const WIDTH: u16 = 60;

/// The export picker's title and rows.
fn export_rows(app: &App) -> (String, Vec<String>) {
    let (what, columns) = app.export_source();
    let title = format!(
        "Export {what} ({})",
        plural::count(columns.len(), "program")
    );
    let mut rows: Vec<String> = ExportFormat::ALL
        .iter()
        .map(|f| {
            format!(
                "{} file (.{}) in the current directory",
                f.label(),
                f.extension()
            )
        })
        .collect();
    rows.push("Copy the Markdown table to the clipboard".to_string());
    debug_assert_eq!(rows.len(), EXPORT_CHOICES);
    (title, rows)
}

/// One list as the shortlist picker shows it.
fn list_row(row: &ListRow) -> String {
    let mut text = format!(
        "{} {}  {}",
        if row.current { "●" } else { " " },
        row.name,
        plural::count(row.present, "program")
    );
    if row.missing > 0 {
        text.push_str(&format!(" (+{} not in the catalog)", row.missing));
    }
    text
}

/// The footer: the picker's keys, from the keymap.
fn footer(app: &App) -> String {
    app.keymap()
        .hints(app.mode())
        .iter()
        .map(|h| format!("{} {}", h.keys, h.label))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// Every line inside the picker at `width` columns, and the row to highlight.
pub fn lines(app: &App, width: usize) -> (String, Vec<Line<'static>>) {
    let t = app.theme();
    let (title, rows, selected, notes) = match app.overlay() {
        Some(crate::app::Overlay::Export { selected }) => {
            let (title, rows) = export_rows(app);
            (title, rows, selected, Vec::new())
        }
        Some(crate::app::Overlay::Lists { selected }) => {
            let mut rows: Vec<String> = app.list_rows().iter().map(list_row).collect();
            let new_key = app.keymap().key_label(Mode::ListPicker, Command::NewList);
            rows.push(format!("+ a new list ({new_key})"));
            let mut notes = Vec::new();
            if let Some(problem) = app.shortlist_problem() {
                notes.push(problem.to_string());
            }
            if let Some(name) = app.naming() {
                notes.push(format!("Name: {name}▏"));
            }
            ("Shortlists".to_string(), rows, selected, notes)
        }
        _ => return (String::new(), Vec::new()),
    };
    let mut out = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let style = if i == selected && app.naming().is_none() {
            t.selected
        } else {
            Style::new()
        };
        out.push(Styled::plain(&format!(" {row}"), style).cell(width, style));
    }
    for note in notes {
        out.push(Line::default());
        for line in Styled::plain(&note, t.prompt).wrap(width.saturating_sub(1)) {
            let mut spans = vec![ratatui::text::Span::raw(" ")];
            spans.extend(line.spans);
            out.push(Line::from(spans));
        }
    }
    (title, out)
}

/// Where the open picker sits over `area`: as tall as its lines, centred where a full-height
/// popup would be.
pub fn area(app: &App, area: Rect) -> Rect {
    let full = layout::popup(area, WIDTH);
    let (_, lines) = lines(app, usize::from(layout::inner(full).width));
    let height = u16::try_from(lines.len() + 2)
        .unwrap_or(u16::MAX)
        .min(full.height);
    Rect {
        y: full.y + (full.height - height) / 2,
        height,
        ..full
    }
}

/// Draws the open picker over `area`.
pub fn draw(buf: &mut Buffer, area: Rect, app: &App) {
    let popup = self::area(app, area);
    let (title, lines) = lines(app, usize::from(layout::inner(popup).width));
    super::clear_for_popup(buf, popup);
    pane_block(app.theme(), &title, Some(footer(app)), true, popup.width).render(popup, buf);
    let inner = layout::inner(popup);
    for (row, line) in lines.iter().enumerate() {
        put(buf, inner, row, line);
    }
}
