//! The comparison grid: a frozen column of field labels, then one column per program, cut and
//! wrapped by display width so CJK names and emoji keep the columns straight. On each ranked
//! row the best value starts with `★` and the worst with `▼` (shapes, so they read without
//! colour), as in `affex compare`; `*` after a value marks a caveat and `†` a value the sources
//! disagree on. The legend says so, and says why the selected row is not ranked when it is not.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_segmentation::UnicodeSegmentation;

use super::theme::{BEST, CAVEAT, CONTRADICTED, Theme, WORST};
use super::{Styled, layout, pad_line, pane_block, put};
use crate::action::Command;
use crate::app::{App, Grid};
use crate::compare::{Cell, Mark, ROWS};
use crate::keymap::Mode;
use crate::text_width as text;
use crate::value_text::NOT_STATED;
use crate::viewport::{GridGeometry, keep_visible};

/// The most lines one cell takes before it is cut with `…` when the rows do not all fit;
/// when they do, every cell shows whole.
const MAX_CELL_LINES: usize = 4;
/// The narrowest a column gets so that one more program fits on screen.
const MIN_COLUMN_WIDTH: usize = 16;
/// The widest a column grows when every column fits.
const MAX_COLUMN_WIDTH: usize = 60;

/// The text of one cell: `★` before the best value and `▼` before the worst, the value (with
/// its `*` when a caveat qualifies it), `†` after it when disputed; styled by its mark.
pub fn cell_text(cell: Option<&Cell>, t: &Theme) -> Styled {
    let Some(cell) = cell else {
        return Styled::new();
    };
    let style = match cell.mark {
        Mark::Best => t.best,
        Mark::Worst => t.worst,
        Mark::Plain => Style::new(),
    };
    let mut s = Styled::new();
    match cell.mark {
        Mark::Best => s.push(BEST, t.best).push(" ", style),
        Mark::Worst => s.push(WORST, t.worst).push(" ", style),
        Mark::Plain => &mut s,
    };
    match &cell.text {
        Some(text) => s.push(text, style),
        None => s.push(NOT_STATED, t.dim),
    };
    if cell.contradicted {
        s.push(" ", style);
        s.push(CONTRADICTED, t.contradicted);
    }
    s
}

fn name(profiles: &crate::catalog::Programs, i: Option<usize>) -> &str {
    i.and_then(|i| profiles.get(i))
        .map_or("?", |p| p.name.as_str())
}

/// Lays the grid out in `area` (its border included).
pub fn geometry(grid: &Grid, profiles: &crate::catalog::Programs, area: Rect) -> GridGeometry {
    let inner = layout::inner(area);
    let width = usize::from(inner.width);
    let label_width = 17.min(width * 2 / 5);
    let room = width.saturating_sub(label_width);
    // A removed column is not drawn and takes no width.
    let shown = grid.shown_columns();
    let columns = shown.len();
    let t = Theme::plain();
    let natural = (shown.iter().copied())
        .map(|c| {
            let cells = (0..ROWS.len()).map(|r| cell_text(grid.cell(r, c), &t).width());
            cells.max().unwrap_or(0).max(crate::text_width::width(name(
                profiles,
                grid.catalog_index(c),
            )))
        })
        .max()
        .unwrap_or(0)
        .clamp(12, 28);
    // As many columns as fit at their natural width, or more if narrower ones (down to
    // MIN_COLUMN_WIDTH) let more programs show; then share the room out evenly.
    let fit = |w: usize| {
        if w == 0 {
            0
        } else {
            (room / (w + 1)).min(columns)
        }
    };
    let visible = fit(natural.min(room.saturating_sub(1)))
        .max(fit(MIN_COLUMN_WIDTH.min(natural)))
        .max(usize::from(room >= 2 && columns > 0));
    let column_width = room
        .checked_div(visible)
        .map_or(0, |w| w.saturating_sub(1).min(MAX_COLUMN_WIDTH));
    let visible = if column_width == 0 { 0 } else { visible };
    // Rows are as tall as the columns on screen need (the same first column the drawing
    // uses); a hidden row takes no line.
    let first = keep_visible(grid.column_offset, grid.shown_position(), visible, columns);
    let on_screen = shown.get(first..).unwrap_or(&[]);
    let natural_heights: Vec<usize> = (0..ROWS.len())
        .map(|r| {
            if !grid.row_shown(r) {
                return 0;
            }
            (on_screen.iter().take(visible))
                .filter_map(|&c| grid.cell(r, c))
                .map(|cell| cell_text(Some(cell), &t).wrap(column_width).len())
                .max()
                .unwrap_or(1)
                .max(1)
        })
        .collect();
    let legend = legend_lines(inner.height);
    let body = Rect {
        y: inner.y.saturating_add(2),
        height: inner.height.saturating_sub(2 + legend),
        ..inner
    };
    let heights = fit_heights(natural_heights, usize::from(body.height));
    GridGeometry {
        inner,
        label_width,
        column_width,
        visible,
        heights,
        body,
    }
}

/// Cuts the tallest rows until every row fits in `page` lines, but never below
/// [`MAX_CELL_LINES`]: with room to spare every cell shows whole, and when the table is long
/// the page still holds more than a few rows.
fn fit_heights(natural: Vec<usize>, page: usize) -> Vec<usize> {
    let total = |cap: usize| natural.iter().map(|&h| h.min(cap)).sum::<usize>();
    let mut cap = natural.iter().copied().max().unwrap_or(1);
    while cap > MAX_CELL_LINES && total(cap) > page {
        cap -= 1;
    }
    natural.iter().map(|&h| h.min(cap)).collect()
}

/// What the grid shows.
pub struct GridView<'a> {
    /// The grid's state.
    pub grid: &'a Grid,
    /// The catalog, for names.
    pub profiles: &'a crate::catalog::Programs,
    /// True when nothing covers the grid.
    pub focused: bool,
    /// The styles.
    pub theme: &'a Theme,
    /// The key that moves to the column on the left, as written.
    pub left_key: String,
    /// The key that moves to the column on the right, as written.
    pub right_key: String,
    /// The key that opens the selected cell's notes, as written.
    pub notes_key: String,
    /// The key that hides (and shows) the rows that read the same, as written.
    pub alike_key: String,
    /// The key that brings back removed columns, as written.
    pub restore_key: String,
}

/// Lines the legend takes under a grid `height` rows tall inside its border: the symbols, then
/// the selected row's state (why it is not ranked, the sort, the columns shown); one line on
/// a short grid, none on a tiny one.
fn legend_lines(height: u16) -> u16 {
    match height {
        0..6 => 0,
        6..10 => 1,
        _ => 2,
    }
}

/// The view of `app`'s open grid.
pub fn view<'a>(app: &'a App, grid: &'a Grid) -> GridView<'a> {
    GridView {
        grid,
        profiles: app.profiles(),
        focused: app.overlay().is_none(),
        theme: app.theme(),
        left_key: app.keymap().key_label(Mode::Grid, Command::Left),
        right_key: app.keymap().key_label(Mode::Grid, Command::Right),
        notes_key: app.keymap().key_label(Mode::Grid, Command::ShowCell),
        alike_key: app.keymap().key_label(Mode::Grid, Command::ToggleSameRows),
        restore_key: app.keymap().key_label(Mode::Grid, Command::RestoreColumns),
    }
}

/// Ends `line` with `…`, dropping graphemes so it stays within `width`. Each grapheme is
/// measured as ratatui draws it (a halfwidth sound mark takes cells of its own, so counting
/// characters one by one made a cut line wider than its column and pushed the columns after
/// it right), and kept whole in its span's style.
fn with_ellipsis(line: Line<'static>, width: usize) -> Line<'static> {
    let mut graphemes: Vec<(&str, Style)> = (line.spans.iter())
        .flat_map(|s| s.content.graphemes(true).map(move |g| (g, s.style)))
        .collect();
    let style = graphemes.last().map_or(Style::new(), |&(_, s)| s);
    let mut used: usize = graphemes.iter().map(|(g, _)| text::width(g)).sum();
    while used + 1 > width {
        let Some((g, _)) = graphemes.pop() else { break };
        used -= text::width(g);
    }
    if width > 0 {
        graphemes.push(("…", style));
    }
    let mut out = Line::default();
    for (g, style) in graphemes {
        match out.spans.last_mut() {
            Some(last) if last.style == style => last.content.to_mut().push_str(g),
            _ => out.push_span(Span::styled(g.to_string(), style)),
        }
    }
    out
}

/// Draws the grid into `area`.
pub fn draw(buf: &mut Buffer, area: Rect, v: &GridView<'_>) {
    let (grid, t) = (v.grid, v.theme);
    let g = geometry(grid, v.profiles, area);
    let columns = grid.shown_columns();
    let title = format!(
        "Compare · {}",
        crate::plural::count(columns.len(), "program")
    );
    let block = pane_block(t, &title, None, v.focused, area.width);
    ratatui::widgets::Widget::render(block, area, buf);
    let inner = g.inner;
    if inner.is_empty() {
        return;
    }
    let label_w = g.label_width;
    let col_w = g.column_width;
    let first = keep_visible(
        grid.column_offset,
        grid.shown_position(),
        g.visible,
        columns.len(),
    );
    let shown: Vec<usize> = columns
        .iter()
        .skip(first)
        .take(g.visible)
        .copied()
        .collect();
    let sep = Span::styled("│", t.border);

    // Header: the program names.
    let mut header = Line::default();
    let left = format!("◀ {}", v.left_key);
    let right = format!("{} ▶", v.right_key);
    let corner = match (first > 0, first + shown.len() < columns.len()) {
        (true, true) => format!("{left}  {right}"),
        (true, false) => left,
        (false, true) => right,
        (false, false) => String::new(),
    };
    header.spans.extend(
        Styled::plain(&corner, t.dim)
            .cell(label_w, Style::new())
            .spans,
    );
    for &c in &shown {
        header.push_span(sep.clone());
        let i = grid.catalog_index(c);
        let mut style = t.title;
        if c == grid.column {
            style = style.patch(t.selected);
        }
        let label = name(v.profiles, i);
        header
            .spans
            .extend(Styled::plain(label, style).cell(col_w, style).spans);
    }
    put(buf, inner, 0, &header);
    // The rule runs to the right border, past the last column when the columns leave room.
    let width = usize::from(inner.width);
    let mut rule = "─".repeat(label_w);
    for _ in &shown {
        rule.push('┼');
        rule.push_str(&"─".repeat(col_w));
    }
    let drawn = label_w + shown.len() * (col_w + 1);
    rule.push_str(&"─".repeat(width.saturating_sub(drawn)));
    let rule = Styled::plain(&rule, t.border).cut(width);
    put(buf, inner, 1, &rule);

    // Rows.
    let page = usize::from(g.body.height);
    let mut y = 0;
    for (r, spec) in ROWS.iter().enumerate().skip(grid.row_offset) {
        if y >= page {
            break;
        }
        let height = g.heights.get(r).copied().unwrap_or(1);
        if height == 0 {
            continue;
        }
        let selected_row = r == grid.row;
        let cells: Vec<Vec<Line<'static>>> = shown
            .iter()
            .map(|&c| {
                let mut lines = cell_text(grid.cell(r, c), t).wrap(col_w);
                if lines.len() > height {
                    lines.truncate(height);
                    if let Some(last) = lines.pop() {
                        lines.push(with_ellipsis(last, col_w));
                    }
                }
                lines
            })
            .collect();
        for i in 0..height {
            let mut line = Line::default();
            let label_style = if selected_row { t.selected } else { t.label };
            let label = if i == 0 { spec.label } else { "" };
            line.spans.extend(
                Styled::plain(label, label_style)
                    .cell(label_w, label_style)
                    .spans,
            );
            for (k, &c) in shown.iter().enumerate() {
                line.push_span(sep.clone());
                let part = cells[k].get(i).cloned().unwrap_or_default();
                let mut part = pad_line(part, col_w, Style::new());
                if selected_row && c == grid.column {
                    for span in &mut part.spans {
                        span.style = span.style.patch(t.selected);
                    }
                }
                line.spans.extend(part.spans);
            }
            put(buf, g.body, y, &line);
            y += 1;
        }
    }

    // Legend.
    let lines = legend_lines(inner.height);
    if lines == 0 {
        return;
    }
    let mut symbols = Styled::new();
    symbols.push(BEST, t.best);
    symbols.push(" best  ", t.dim);
    symbols.push(WORST, t.worst);
    symbols.push(" worst  ", t.dim);
    symbols.push(CAVEAT, Style::new());
    symbols.push(" a caveat qualifies it  ", t.dim);
    symbols.push(CONTRADICTED, t.contradicted);
    symbols.push(" sources disagree", t.dim);
    if !v.notes_key.is_empty() {
        symbols.push(&format!(" · {} notes", v.notes_key), t.dim);
    }
    let mut state: Vec<String> = Vec::new();
    if let (Some(spec), Some(Some(reason))) = (
        ROWS.get(grid.row),
        grid.comparison.unranked_reason.get(grid.row),
    ) {
        state.push(format!("{} not ranked: {reason}", spec.label));
    }
    if let Some(row) = grid.sorted_by.and_then(|r| ROWS.get(r)) {
        let order = if grid.reversed {
            "worst first"
        } else {
            "best first"
        };
        state.push(format!("sorted by {}, {order}", row.label));
    }
    if shown.len() < columns.len() && !shown.is_empty() {
        state.push(format!(
            "columns {}–{} of {}",
            first + 1,
            first + shown.len(),
            columns.len()
        ));
    }
    let removed = grid.columns.len() - columns.len();
    if removed > 0 {
        state.push(format!(
            "{} removed ({} brings back)",
            crate::plural::count(removed, "column"),
            v.restore_key
        ));
    }
    let hidden = grid.hidden_rows();
    if grid.hide_alike {
        state.push(format!(
            "{} alike hidden ({} shows)",
            crate::plural::count(hidden, "row"),
            v.alike_key
        ));
    }
    let state = Styled::plain(&state.join(" · "), t.dim);
    let bottom = usize::from(inner.height) - 1;
    if lines == 2 {
        put(buf, inner, bottom - 1, &symbols.cut(width));
        put(buf, inner, bottom, &state.cut(width));
    } else {
        let mut both = symbols;
        if !state.as_str().is_empty() {
            both.push(" · ", t.dim).append(&state);
        }
        put(buf, inner, bottom, &both.cut(width));
    }
}
