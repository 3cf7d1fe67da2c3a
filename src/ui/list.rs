//! The program list: one row per program with its name, focus (or, while searching, the text
//! that matched), commission and cookie; matched characters highlighted, the selected row
//! reversed, marked rows carrying `●`.

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
    /// Commission range.
    pub commission: Styled,
    /// Cookie life.
    pub cookie: Styled,
    /// Marked for comparison.
    pub marked: bool,
    /// The selected row.
    pub selected: bool,
}

/// What the list pane shows: only the rows on screen.
pub struct ListView<'a> {
    /// Rows from the first one on screen.
    pub rows: Vec<ListRow>,
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
    /// True when no program matches every term: the rows match the most terms.
    pub partial: bool,
    /// Programs a filter left out because their value is not stated.
    pub hidden: usize,
    /// What the list is sorted by, when not by relevance: "sorted by Cookie, best first".
    pub sorted_by: Option<String>,
    /// The second column's heading: the sorted field, what matched, or the focus.
    pub second_title: &'static str,
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
    // A list sorted by a field it has no column for shows that field's values second, so
    // the order can be read off the screen.
    let shown_sort = app
        .list_sort()
        .and_then(|s| s.field())
        .filter(|f| !SHOWN_FIELDS.contains(&f.key));
    let rows = matches
        .iter()
        .enumerate()
        .skip(offset)
        .take(page)
        .filter_map(|(row, m)| {
            let p = profiles.get(m.index)?;
            let index = app.index();
            let mut name = Styled::new();
            let name_at = if searching {
                index.positions(query, m.index, MatchedField::NAME)
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
            match (shown_sort, shown) {
                (Some(field), _) => match field.flagged_text(p) {
                    Some(value) => second.push(&value, Style::new()),
                    None => second.push("–", theme.dim),
                },
                (None, Some((label, text))) => {
                    let at = if m.tier.is_match() {
                        index.positions(query, m.index, m.field)
                    } else {
                        Vec::new()
                    };
                    second.push(&format!("{label}: "), theme.dim);
                    second.push_highlighted(&text, &at, Style::new(), theme.matched)
                }
                (None, None) => match fields::flagged("focus", p) {
                    Some(focus) => second.push(&focus, Style::new()),
                    None => second.push("–", theme.dim),
                },
            };
            let known = |v: Option<String>| match v {
                Some(v) => Styled::plain(&v, Style::new()),
                None => Styled::plain("–", theme.dim),
            };
            Some(ListRow {
                name,
                second,
                commission: known(fields::flagged("commission", p)),
                cookie: known(fields::flagged("cookie_days", p)),
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
        offset,
        total: matches.len(),
        marked: app.marked().len(),
        focused: super::list_focused(app) && app.focus() == Focus::List,
        searching,
        partial: searching && app.results_partial(),
        hidden: if searching { app.results_hidden() } else { 0 },
        sorted_by: sorted_by(app),
        second_title: match shown_sort {
            Some(field) => field.label,
            None if searching => "Matched",
            None => "Focus",
        },
        empty,
        theme,
    }
}

/// The keys of the fields the list always has a column for.
const SHOWN_FIELDS: [&str; 2] = ["commission", "cookie_days"];

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

/// Column widths for an inner width: marker, name, second, commission, cookie (0 = hidden).
/// The name gets what its longest visible entry needs, up to half of what is left.
fn columns(width: usize, natural_name: usize) -> [usize; 5] {
    let marker = 2;
    // Room for a value's `*` and `†` ("15 days †") where the pane allows it.
    let (commission, cookie) = match width {
        w if w >= 46 => (10, 9),
        w if w >= 34 => (10, 8),
        w if w >= 24 => (10, 0),
        _ => (0, 0),
    };
    let gaps = usize::from(commission > 0) + usize::from(cookie > 0);
    let rest = width.saturating_sub(marker + commission + cookie + gaps);
    let (name, second) = if rest >= 24 {
        let name = natural_name
            .clamp(10, (rest - 1) / 2)
            .max((rest - 1) * 2 / 5);
        let name = name.min(rest - 1);
        (name, rest - 1 - name)
    } else {
        (rest, 0)
    };
    [marker, name, second, commission, cookie]
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
    let natural_name = v.rows.iter().map(|r| r.name.width()).max().unwrap_or(0) + 1;
    let [marker, name, second, commission, cookie] = columns(width, natural_name);
    let header_style = t.heading;
    let mut header = Line::default();
    header.push_span(Span::raw(" ".repeat(marker)));
    let second_title = v.second_title;
    for (title, w, gap) in [
        ("Name", name, false),
        (second_title, second, true),
        ("Commission", commission, true),
        ("Cookie", cookie, true),
    ] {
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
        for (cell, w, gap) in [
            (&row.name, name, false),
            (&row.second, second, true),
            (&row.commission, commission, true),
            (&row.cookie, cookie, true),
        ] {
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
