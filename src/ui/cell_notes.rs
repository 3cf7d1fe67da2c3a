//! The grid's Enter popup: the selected cell's whole value (which the grid may have cut), how it
//! ranks on its row or why the row is not ranked, and every note on it in full, each starting
//! with the marker the value carries (`*` caveat, `†` contradiction).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;

use super::Styled;
use super::grid::cell_text;
use super::theme::{BEST, WORST};
use crate::app::App;
use crate::compare::{Mark, ROWS};
use crate::decide::{Estimate, explain};
use crate::model::fields::Form;
use crate::sections;

/// The widest the popup gets.
pub const WIDTH: u16 = 80;

/// The popup's title: the program and the row.
pub fn title(app: &App) -> String {
    let Some(grid) = app.grid() else {
        return String::new();
    };
    let name = grid
        .catalog_index(grid.column)
        .and_then(|i| app.profiles().get(i))
        .map_or("?", |p| p.name.as_str());
    let label = ROWS.get(grid.row).map_or("", |r| r.label);
    format!("{name} · {label}")
}

/// Every line of the popup at `width` columns, before scrolling.
pub fn lines(app: &App, width: usize) -> Vec<Line<'static>> {
    let t = app.theme();
    let Some(grid) = app.grid() else {
        return Vec::new();
    };
    let (Some(spec), Some(cell), Some(p)) = (
        ROWS.get(grid.row),
        grid.cell(grid.row, grid.column),
        grid.catalog_index(grid.column)
            .and_then(|i| app.profiles().get(i)),
    ) else {
        return Vec::new();
    };
    let mut out = cell_text(Some(cell), t).wrap(width);
    let rank = match (cell.mark, grid.comparison.unranked_reason.get(grid.row)) {
        (Mark::Best, _) => format!("{BEST} best on the row"),
        (Mark::Worst, _) => format!("{WORST} worst on the row"),
        (Mark::Plain, Some(Some(reason))) => format!("{} is not ranked: {reason}", spec.label),
        (Mark::Plain, _) if cell.text.is_none() => "not stated, so not ranked".to_string(),
        (Mark::Plain, _) => "neither best nor worst on the row".to_string(),
    };
    out.extend(Styled::plain(&rank, t.dim).wrap(width));
    if matches!(spec.form, Form::Derived(..)) {
        // A worked-out value: how it was reached, as `affex estimate` says it.
        out.push(Line::default());
        out.extend(Styled::plain("How it was reached", t.heading).wrap(width));
        let e = Estimate::of(p, grid.me());
        for line in explain::block(p, &e, grid.me(), width).iter().skip(1) {
            out.push(Styled::plain(line, Style::new()).cut(width));
        }
        for more in app.one_more_input() {
            out.extend(Styled::plain(&more, t.dim).wrap(width));
        }
    }
    let notes = sections::note_lines(p, spec);
    out.push(Line::default());
    if notes.is_empty() {
        out.extend(Styled::plain("No note qualifies this value.", t.dim).wrap(width));
    }
    for (i, note) in notes.iter().enumerate() {
        if i > 0 {
            out.push(Line::default());
        }
        out.extend(Styled::plain(note, Style::new()).wrap(width));
    }
    out
}

/// Draws the popup over `area`, scrolled by `scroll` lines.
pub fn draw(buf: &mut Buffer, area: Rect, app: &App, scroll: usize) {
    let title = title(app);
    super::draw_popup(buf, area, app, (&title, WIDTH), |w| lines(app, w), scroll);
}
