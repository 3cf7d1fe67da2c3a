//! The program list: one row per program with its name (kept whole before anything else), its
//! focus (or, while searching, the text that matched), then as many value columns of
//! [`fields::LIST_VIEW_COLUMNS`] as the pane has room for; matched characters highlighted, the
//! selected row reversed, marked rows carrying `●`.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::layout;
use super::theme::{MARKED, Theme};
use super::{Styled, pad_line, pane_block, put};
use crate::action::Command;
use crate::app::{App, Focus};
use crate::keymap::Mode;
use crate::model::fields;
use crate::search::{self, MatchedField};
use crate::text_width as text;
use crate::viewport::keep_visible;

/// One program's row, ready to lay out.
pub struct ListRow {
    /// The name, with matched characters styled.
    pub name: Styled,
    /// Focus, or the field the query matched.
    pub second: Styled,
    /// The values of [`ListView::columns`], in order.
    pub values: Vec<Styled>,
    /// Marked for comparison.
    pub marked: bool,
    /// The selected row.
    pub selected: bool,
}

/// What the list pane shows: only the rows on screen.
pub struct ListView<'a> {
    /// Rows from the first one on screen.
    pub rows: Vec<ListRow>,
    /// The fields of the value columns, most wanted first (as many show as fit).
    pub columns: Vec<&'static fields::Field>,
    /// Index of the first row on screen.
    pub offset: usize,
    /// Programs listed in all.
    pub total: usize,
    /// Programs marked.
    pub marked: usize,
    /// True when the list has the keyboard.
    pub focused: bool,
    /// True when a query is active: the second column shows what matched.
    pub searching: bool,
    /// What the list is sorted by, when not by relevance: "sorted by Cookie, best first".
    pub sorted_by: Option<String>,
    /// True when no program matches every term: the rows match the most terms.
    pub partial: bool,
    /// Programs a filter left out because their value is not stated.
    pub hidden: usize,
    /// Shown when the list is empty.
    pub empty: String,
    /// The styles.
    pub theme: &'a Theme,
}

/// The view of `app`'s list for a pane at `pane`.
pub fn view(app: &App, pane: Rect) -> ListView<'_> {
    let theme = app.theme();
    let page = usize::from(layout::list_rows(pane).height);
    let matches = app.matches();
    let offset = keep_visible(app.list_offset(), app.selected(), page, matches.len());
    let query = app.results_query();
    let searching = !query.is_empty();
    let profiles = app.profiles();
    // A list sorted by a field shows that field's values first, so the order can be read off
    // the screen at any width.
    let sorted_field = app.list_sort().and_then(|s| s.field());
    let columns: Vec<&'static fields::Field> = sorted_field
        .into_iter()
        .chain(fields::list_view_columns().filter(|f| Some(f.key) != sorted_field.map(|s| s.key)))
        .collect();
    let rows = matches
        .iter()
        .enumerate()
        .skip(offset)
        .take(page)
        .filter_map(|(row, m)| {
            let p = profiles.get(m.index)?;
            // No index yet (a warm start reading it): the list is the empty query's.
            let positions = |field| {
                (app.index())
                    .map(|index| index.positions(query, m.index, field))
                    .unwrap_or_default()
            };
            let mut name = Styled::new();
            let name_at = if searching {
                positions(MatchedField::NAME)
            } else {
                Vec::new()
            };
            let marked = app.is_marked(m.index);
            let base = if marked { theme.marked } else { Style::new() };
            name.push_highlighted(p.name.as_str(), &name_at, base, theme.matched);
            let mut second = Styled::new();
            let shown = if searching {
                search::shown_match(m, query, p)
            } else {
                None
            };
            if let Some((label, text)) = shown {
                let at = if m.tier.is_match() {
                    positions(m.field)
                } else {
                    Vec::new()
                };
                second.push(&format!("{label}: "), theme.dim);
                second.push_highlighted(&text, &at, Style::new(), theme.matched);
            } else {
                second = super::value_or_not_stated(fields::flagged("focus", p), theme);
            }
            Some(ListRow {
                name,
                second,
                values: (columns.iter())
                    .map(|f| super::value_or_not_stated(f.flagged_text(p), theme))
                    .collect(),
                marked,
                selected: row == app.selected(),
            })
        })
        .collect();
    let empty = if profiles.is_empty() {
        "No programs loaded. Put profiles in your profile directory or leave out --no-bundled."
            .to_string()
    } else {
        let clear = app.keymap().key_label(Mode::Search, Command::ClearQuery);
        format!(
            "No program matches “{}”. {clear} clears the search.",
            query.as_str()
        )
    };
    ListView {
        rows,
        columns,
        offset,
        total: matches.len(),
        marked: app.marked().len(),
        focused: super::list_focused(app) && app.focus() == Focus::List,
        searching,
        sorted_by: sorted_by(app),
        partial: searching && app.results_partial(),
        hidden: if searching { app.results_hidden() } else { 0 },
        empty,
        theme,
    }
}

/// What the list is sorted by, for its title: the field, the direction, and the groups
/// ordered apart after the leading one ("sorted by Minimum payout, best first · EUR apart").
fn sorted_by(app: &App) -> Option<String> {
    let sort = app.list_sort()?;
    let field = sort.field()?;
    let direction = if sort.reverse {
        "worst first"
    } else {
        "best first"
    };
    let mut text = format!("sorted by {}, {direction}", field.label);
    let apart: Vec<String> = app
        .sorted()
        .apart
        .iter()
        .map(|(scale, _)| {
            if scale.is_empty() {
                "no currency".to_string()
            } else if scale == crate::order::RATING {
                "ratings".to_string()
            } else {
                crate::sanitize::sanitize_line(scale)
            }
        })
        .collect();
    if !apart.is_empty() {
        text.push_str(&format!(" · {} apart", apart.join(", ")));
    }
    Some(text)
}

/// The widest a value column grows; longer values are cut with `…` (keeping `*` and `†`).
const MAX_VALUE_WIDTH: usize = 16;
/// The width a column is first given (less when nothing in it is wider); what is left over
/// then widens the columns towards their widest entry.
const BASE_WIDTH: usize = 10;
/// The value columns the focus column comes before: past these, a column shows only when
/// the focus has its room.
const BEFORE_SECOND: usize = 2;

/// How the list's columns share an inner width.
#[derive(Debug, PartialEq, Eq)]
struct ListColumns {
    marker: usize,
    name: usize,
    second: usize,
    /// Widths of the first value columns that fit, in [`fields::LIST_VIEW_COLUMNS`] order.
    values: Vec<usize>,
}

/// Lays out the columns of an inner `width`: the marker, then the name whole (up to three
/// fifths of the width), the first value columns and the focus at up to [`BASE_WIDTH`], then
/// (unless a query is shown, whose matched text wants the room) more value columns while they
/// fit whole; what is left widens the first value columns and then the focus towards their
/// widest entry. `natural` gives each column's widest entry, header included.
fn columns(
    width: usize,
    (name, second): (usize, usize),
    natural: &[usize],
    searching: bool,
) -> ListColumns {
    let marker = 2.min(width);
    let room = width.saturating_sub(marker);
    let name = name.min(room * 3 / 5).max(room.min(BASE_WIDTH));
    let mut rest = room - name;
    let mut take = |want: usize| -> Option<usize> {
        (want > 0 && rest > want).then(|| {
            rest -= want + 1;
            want
        })
    };
    let mut values = Vec::new();
    for &w in natural.iter().take(BEFORE_SECOND) {
        match take(w.min(BASE_WIDTH)) {
            Some(w) => values.push(w),
            None => break,
        }
    }
    let mut second_width = take(second.min(BASE_WIDTH)).unwrap_or(0);
    if values.len() == BEFORE_SECOND.min(natural.len()) && !searching {
        for &w in &natural[values.len()..] {
            match take(w.min(MAX_VALUE_WIDTH)) {
                Some(w) => values.push(w),
                None => break,
            }
        }
    }
    // What is left widens the focus while searching (the matched text), else the first
    // value columns, then the focus.
    if searching && second_width > 0 {
        let more = rest.min(second.saturating_sub(second_width));
        second_width += more;
        rest -= more;
    }
    for (w, &want) in values.iter_mut().zip(natural) {
        let more = want.min(MAX_VALUE_WIDTH).saturating_sub(*w).min(rest);
        *w += more;
        rest -= more;
    }
    if second_width > 0 {
        second_width += rest.min(second.saturating_sub(second_width));
    }
    ListColumns {
        marker,
        name,
        second: second_width,
        values,
    }
}

/// Draws the list into `pane`.
pub fn draw(buf: &mut Buffer, pane: Rect, v: &ListView<'_>) {
    let t = v.theme;
    let mut title = if v.marked > 0 {
        format!("Programs · {} marked", v.marked)
    } else {
        "Programs".to_string()
    };
    if let Some(sorted_by) = &v.sorted_by {
        title = format!("{title} · {sorted_by}");
    }
    if v.partial {
        title = format!("{title} · {}", search::PARTIAL_LINE);
    }
    let rows_area = layout::list_rows(pane);
    let page = usize::from(rows_area.height);
    let range = (v.total > page && page > 0).then(|| {
        format!(
            "{}–{} of {}",
            v.offset + 1,
            (v.offset + page).min(v.total),
            v.total
        )
    });
    let hidden = (v.hidden > 0).then(|| search::hidden_line(v.hidden));
    let footer = match (range, hidden) {
        (Some(range), Some(hidden)) => Some(format!("{hidden} · {range}")),
        (range, hidden) => range.or(hidden),
    };
    let block = pane_block(t, &title, footer, v.focused, pane.width);
    let inner = layout::inner(pane);
    ratatui::widgets::Widget::render(block, pane, buf);
    let width = usize::from(inner.width);
    let widest = |cell: &dyn Fn(&ListRow) -> usize, title: &str| {
        (v.rows.iter().map(cell).max().unwrap_or(0)).max(text::width(title))
    };
    let second_title = if v.searching { "Matched" } else { "Focus" };
    let natural_name = widest(&|r| r.name.width(), "Name");
    let natural_second = widest(&|r| r.second.width(), second_title);
    let natural: Vec<usize> = (v.columns.iter().enumerate())
        .map(|(i, f)| widest(&|r| r.values.get(i).map_or(0, Styled::width), f.label))
        .collect();
    let layout = columns(width, (natural_name, natural_second), &natural, v.searching);
    let (marker, name, second) = (layout.marker, layout.name, layout.second);
    let header_style = t.heading;
    let mut header = Line::default();
    header.push_span(Span::raw(" ".repeat(marker)));
    let mut titles = vec![("Name", name, false), (second_title, second, true)];
    titles.extend((v.columns.iter().zip(&layout.values)).map(|(f, &w)| (f.label, w, true)));
    for (title, w, gap) in titles {
        if w == 0 {
            continue;
        }
        if gap {
            header.push_span(Span::raw(" "));
        }
        for span in Styled::plain(title, header_style)
            .cell(w, Style::new())
            .spans
        {
            header.push_span(span);
        }
    }
    put(buf, inner, 0, &header);
    if v.rows.is_empty() {
        for (i, line) in Styled::plain(&v.empty, t.dim)
            .wrap(width)
            .into_iter()
            .enumerate()
        {
            put(buf, rows_area, i, &line);
        }
        return;
    }
    for (i, row) in v.rows.iter().enumerate() {
        let mut line = Line::default();
        let mark = if row.marked {
            Span::styled(format!("{MARKED} "), t.marked)
        } else {
            Span::raw("  ")
        };
        if marker > 0 {
            line.push_span(mark);
        }
        let mut cells = vec![(&row.name, name, false), (&row.second, second, true)];
        cells.extend((row.values.iter().zip(&layout.values)).map(|(c, &w)| (c, w, true)));
        for (cell, w, gap) in cells {
            if w == 0 {
                continue;
            }
            if gap {
                line.push_span(Span::raw(" "));
            }
            // A value cut to fit keeps its `*` and `†` after the `…`.
            let cut;
            let cell = if cell.width() > w && cell.as_str().ends_with(['*', '†']) {
                cut = Styled::plain(
                    &text::truncate_keeping_marks(cell.as_str(), w),
                    Style::new(),
                );
                &cut
            } else {
                cell
            };
            for span in cell.cell(w, Style::new()).spans {
                line.push_span(span);
            }
        }
        let mut line = pad_line(line, width, Style::new());
        if row.selected {
            for span in &mut line.spans {
                span.style = span.style.patch(t.selected);
            }
        }
        put(buf, rows_area, i, &line);
    }
}
