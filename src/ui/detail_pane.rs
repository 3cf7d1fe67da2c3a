//! The detail pane: one program in the sections `affex show` prints ([`crate::sections`]),
//! wrapped to the pane's width and scrolled. Unknown values read "not stated", dimmed; values a
//! caveat qualifies carry `*` and values the sources disagree on `†`, with the note dimmed right
//! under the value; niches that match the query are highlighted.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::layout;
use super::theme::{CAVEAT, CONTRADICTED, MARKED, Theme};
use super::{Styled, pad_line, pane_block, put};
use crate::app::{App, Focus};
use crate::decide::{Estimate, Me};
use crate::model::Profile;
use crate::search::{Query, highlight};
use crate::sections::{self, AudienceRow, Field, Section, SectionBody};
use crate::text_width as text;
use crate::value_text::NOT_STATED;

/// What the detail pane shows.
pub struct DetailView<'a> {
    /// The selected program, if any.
    pub profile: Option<&'a Profile>,
    /// The query the list answers, for highlighting niches.
    pub query: &'a Query,
    /// Lines scrolled.
    pub scroll: usize,
    /// True when the pane has the keyboard.
    pub focused: bool,
    /// True when the program is marked for comparison.
    pub marked: bool,
    /// The styles.
    pub theme: &'a Theme,
    /// About me, as the estimate section is worked out for.
    pub me: &'a Me,
    /// What one more input would show, said under the estimate.
    pub one_more: Vec<String>,
}

/// The view of `app`'s detail pane.
pub fn view(app: &App) -> DetailView<'_> {
    let selected = app.selected_profile();
    DetailView {
        profile: selected.and_then(|i| app.profiles().get(i)),
        query: app.results_query(),
        scroll: app.detail_scroll(),
        focused: app.overlay().is_none()
            && app.grid().is_none()
            && !app.is_searching()
            && app.focus() == Focus::Detail,
        marked: selected.is_some_and(|i| app.is_marked(i)),
        theme: app.theme(),
        me: app.me(),
        one_more: app.one_more_input(),
    }
}

/// Draws the pane into `pane`, with the lines the last measure wrapped for it when given
/// (see [`super::measure::measured_detail`]), else wrapping the text afresh.
pub fn draw(buf: &mut Buffer, pane: Rect, v: &DetailView<'_>, measured: Option<&[Line<'static>]>) {
    let body = layout::detail_body(pane);
    let width = usize::from(body.width);
    let height = usize::from(body.height);
    let wrapped;
    let lines = match measured {
        Some(lines) => lines,
        None => {
            wrapped = self::lines(v, width);
            &wrapped[..]
        }
    };
    let max_scroll = lines.len().saturating_sub(height);
    let scroll = v.scroll.min(max_scroll);
    let footer = (max_scroll > 0).then(|| {
        let shown = (scroll + height).min(lines.len());
        format!("{shown}/{} lines", lines.len())
    });
    let title = v.profile.map_or("Detail", |p| p.name.as_str());
    let block = pane_block(v.theme, title, footer, v.focused, pane.width);
    ratatui::widgets::Widget::render(block, pane, buf);
    for (row, line) in lines.iter().skip(scroll).take(height).enumerate() {
        put(buf, body, row, line);
    }
}

/// Every line of the pane at `width` columns, before scrolling.
pub fn lines(v: &DetailView<'_>, width: usize) -> Vec<Line<'static>> {
    text(v, width).lines
}

/// The pane's text at one width: its lines and where each section's title is.
pub struct DetailText {
    /// Every line, before scrolling.
    pub lines: Vec<Line<'static>>,
    /// The line of each section's title, in order.
    pub sections: Vec<usize>,
}

/// The pane's text at `width` columns: the key terms first, then every section.
pub fn text(v: &DetailView<'_>, width: usize) -> DetailText {
    let sections = v.profile.map(sections::for_detail).unwrap_or_default();
    let lit = highlighted_in(&sections, v.query);
    text_of(v, width, &sections, &lit)
}

/// [`text`] from what the caller has worked out already: `sections`, those of `v.profile`
/// ([`sections::for_detail`]), and `lit`, which of their items `v.query` lights
/// ([`highlighted_in`]). The measure holds both when its key misses.
pub fn text_of(
    v: &DetailView<'_>,
    width: usize,
    sections: &[Section],
    mut lit: &[bool],
) -> DetailText {
    let t = v.theme;
    let Some(p) = v.profile else {
        return DetailText {
            lines: Styled::plain("No program selected.", t.dim).wrap(width),
            sections: Vec::new(),
        };
    };
    let mut starts = Vec::new();
    let mut out: Vec<Line<'static>> = Vec::new();
    let mut head = Styled::new();
    head.push(&format!("id: {}", p.id), t.dim);
    if v.marked {
        head.push("  ", Style::new());
        head.push(&format!("{MARKED} marked for comparison"), t.marked);
    }
    out.extend(head.wrap(width));
    let (mut any_caveat, mut any_contradiction) = (false, false);
    for section in sections {
        out.push(Line::default());
        starts.push(out.len());
        out.push(section_title(section.title, width, t));
        match &section.body {
            SectionBody::Fields(fields) => {
                for f in fields {
                    any_contradiction |= f.contradicted;
                    any_caveat |= f.caveat;
                    // Taken whether the items are drawn as a list or not: `lit` counts them all.
                    let items_lit;
                    (items_lit, lit) = split_lit(lit, f.items.len());
                    field_lines(&mut out, f, items_lit, width, t);
                }
            }
            SectionBody::Audiences(rows) if rows.is_empty() => {
                out.extend(Styled::plain(NOT_STATED, t.dim).wrap(width));
            }
            SectionBody::Audiences(rows) => {
                let rows_lit: Vec<&[bool]> = rows
                    .iter()
                    .map(|row| {
                        let niches_lit;
                        (niches_lit, lit) = split_lit(lit, row.niches.len());
                        niches_lit
                    })
                    .collect();
                audience_lines(&mut out, rows, &rows_lit, width, t);
            }
            SectionBody::Paragraphs(paras) if paras.is_empty() => {
                out.extend(Styled::plain("none", t.dim).wrap(width));
            }
            SectionBody::Paragraphs(paras) => {
                for (tag, body) in paras {
                    let mut tag_line = Styled::new();
                    if tag.starts_with("contradiction") {
                        tag_line.push(&format!("{CONTRADICTED} {tag}"), t.contradicted);
                    } else {
                        tag_line.push(tag, t.label);
                    }
                    out.extend(tag_line.wrap(width));
                    indent(&mut out, Styled::plain(body, Style::new()), width, 2);
                }
            }
        }
    }
    out.push(Line::default());
    starts.push(out.len());
    out.push(section_title(ESTIMATE_TITLE, width, t));
    estimate_lines(&mut out, p, v, width);
    if any_caveat || any_contradiction {
        out.push(Line::default());
    }
    if any_caveat {
        let legend = format!("{CAVEAT} a caveat qualifies this value; it is right under it");
        out.extend(Styled::plain(&legend, t.dim).wrap(width));
    }
    if any_contradiction {
        let legend =
            format!("{CONTRADICTED} the sources disagree on this value; both are right under it");
        out.extend(Styled::plain(&legend, t.dim).wrap(width));
    }
    DetailText {
        lines: out,
        sections: starts,
    }
}

/// The title of the estimate section.
pub const ESTIMATE_TITLE: &str = "For you: earnings, time to cash, eligibility";

/// The three answers for the user and how each was reached (the block `affex estimate`
/// prints), then what one more input would show.
fn estimate_lines(out: &mut Vec<Line<'static>>, p: &Profile, v: &DetailView<'_>, width: usize) {
    let t = v.theme;
    let e = Estimate::of(p, v.me);
    for (i, line) in crate::decide::explain::block(p, &e, v.me, width)
        .iter()
        .enumerate()
    {
        if i == 0 {
            // The program's name is the pane's title: say only what the amounts are in.
            let rest = line.rsplit(" · ").next().unwrap_or(line);
            out.push(Styled::plain(rest, t.dim).cut(width));
            continue;
        }
        let style = if line.starts_with("  ") && !line.starts_with("    ") {
            t.label
        } else {
            Style::new()
        };
        out.push(Styled::plain(line, style).cut(width));
    }
    for more in &v.one_more {
        out.extend(Styled::plain(more, t.dim).wrap(width));
    }
}

fn section_title(title: &str, width: usize, t: &Theme) -> Line<'static> {
    let mut s = Styled::new();
    s.push(title, t.heading);
    let rule = width.saturating_sub(text::width(title) + 1);
    if rule > 0 {
        s.push(" ", Style::new());
        s.push(&"─".repeat(rule), t.border);
    }
    s.cut(width)
}

/// Wraps `s` at `width - by` and indents each line by `by` spaces.
fn indent(out: &mut Vec<Line<'static>>, s: Styled, width: usize, by: usize) {
    let by = by.min(width.saturating_sub(1));
    for line in s.wrap(width - by) {
        let mut spans = vec![Span::raw(" ".repeat(by))];
        spans.extend(line.spans);
        out.push(Line::from(spans));
    }
}

/// For every item of `p` a list in the pane may highlight (each field's items, each
/// audience's niches, in the pane's order; a few never drawn as a list are counted too),
/// whether `query` highlights it. The pane's text depends on the query through these alone.
pub fn highlighted(p: &Profile, query: &Query) -> Vec<bool> {
    if query.is_empty() {
        // Lights nothing: the sections need not be worked out to say so.
        return Vec::new();
    }
    highlighted_in(&sections::for_detail(p), query)
}

/// [`highlighted`] for a program whose sections ([`sections::for_detail`]) are worked out
/// already; empty for the empty query, which lights nothing.
pub fn highlighted_in(sections: &[Section], query: &Query) -> Vec<bool> {
    if query.is_empty() {
        return Vec::new();
    }
    let mut lit = Vec::new();
    for section in sections {
        match &section.body {
            SectionBody::Fields(fields) => {
                lit.extend(
                    fields
                        .iter()
                        .flat_map(|f| &f.items)
                        .map(|i| is_lit(query, i)),
                );
            }
            SectionBody::Audiences(rows) => {
                lit.extend(
                    rows.iter()
                        .flat_map(|r| &r.niches)
                        .map(|n| is_lit(query, n)),
                );
            }
            SectionBody::Paragraphs(_) => {}
        }
    }
    lit
}

/// Whether the list item `item` is highlighted whole for `query`.
fn is_lit(query: &Query, item: &str) -> bool {
    !query.is_empty() && !highlight(query, item).is_empty()
}

/// The first `n` of `lit`, which lights a run of `n` items, and the rest; fewer where `lit`
/// is shorter (the empty query lights nothing, and lists nothing).
fn split_lit(lit: &[bool], n: usize) -> (&[bool], &[bool]) {
    lit.split_at(n.min(lit.len()))
}

/// A comma-separated list with the items `lit` lights (one each, in order) highlighted whole.
fn niche_list(niches: &[String], lit: &[bool], t: &Theme) -> Styled {
    let mut s = Styled::new();
    for (i, niche) in niches.iter().enumerate() {
        if i > 0 {
            s.push(", ", Style::new());
        }
        s.push(
            niche,
            if lit.get(i).copied().unwrap_or(false) {
                t.matched
            } else {
                Style::new()
            },
        );
    }
    s
}

fn field_value(f: &Field, lit: &[bool], t: &Theme) -> Styled {
    let mut value = match &f.value {
        None => Styled::plain(NOT_STATED, t.dim),
        Some(v) if f.is_note => Styled::plain(v, t.dim),
        Some(_) if !f.items.is_empty() => {
            let mut list = niche_list(&f.items, lit, t);
            if f.caveat {
                // The items are drawn one by one; the value's marker goes after the last.
                list.push(" ", Style::new()).push(CAVEAT, Style::new());
            }
            list
        }
        Some(v) => Styled::plain(v, Style::new()),
    };
    if f.contradicted {
        value.push(" ", Style::new());
        value.push(CONTRADICTED, t.contradicted);
    }
    value
}

fn field_lines(out: &mut Vec<Line<'static>>, f: &Field, lit: &[bool], width: usize, t: &Theme) {
    let value = field_value(f, lit, t);
    // The label column fits the longest label where the pane is wide enough; a label longer
    // than the column wraps in it rather than being cut.
    let label_width = (sections::longest_label() + 1).min(width * 9 / 20);
    if width < label_width + 16 || label_width < 8 {
        // Too narrow for two columns: the label on its own line, the value under it.
        out.extend(Styled::plain(f.label, t.label).wrap(width));
        indent(out, value, width, 2);
        return;
    }
    let labels = Styled::plain(f.label, t.label).wrap(label_width - 1);
    let values = value.wrap(width - label_width);
    for i in 0..labels.len().max(values.len()) {
        let label = labels.get(i).cloned().unwrap_or_default();
        let mut spans = pad_line(label, label_width - 1, Style::new()).spans;
        spans.push(Span::raw(" "));
        spans.extend(values.get(i).cloned().unwrap_or_default().spans);
        out.push(Line::from(spans));
    }
}

/// The audiences table, `rows_lit` holding which of each row's niches are lit.
fn audience_lines(
    out: &mut Vec<Line<'static>>,
    rows: &[AudienceRow],
    rows_lit: &[&[bool]],
    width: usize,
    t: &Theme,
) {
    let suits = |row: &AudienceRow| match &row.suits {
        Some(s) => Styled::plain(s, Style::new()),
        None => Styled::plain(NOT_STATED, t.dim),
    };
    let niches = |row: &AudienceRow, lit: &[bool]| {
        if row.niches.is_empty() {
            Styled::plain(NOT_STATED, t.dim)
        } else {
            niche_list(&row.niches, lit, t)
        }
    };
    let lit_rows = || rows.iter().zip(rows_lit.iter().copied());
    if width < 40 {
        for (row, lit) in lit_rows() {
            out.extend(Styled::plain(row.who, t.title).wrap(width));
            indent(out, suits(row), width, 2);
            let mut n = Styled::plain("niches: ", t.label);
            n.append(&niches(row, lit));
            indent(out, n, width, 2);
        }
        return;
    }
    if width < 90 {
        // Who, then what suits them with their niches beneath, in one wrapped column.
        let who_w = 14;
        let text_w = width - who_w - 1;
        for (row, lit) in lit_rows() {
            let who = Styled::plain(row.who, t.title).wrap(who_w);
            let mut text = suits(row).wrap(text_w);
            let mut n = Styled::plain("niches: ", t.label);
            n.append(&niches(row, lit));
            text.extend(n.wrap(text_w));
            for i in 0..who.len().max(text.len()) {
                let mut line =
                    pad_line(who.get(i).cloned().unwrap_or_default(), who_w, Style::new());
                line.push_span(Span::raw(" "));
                line.spans
                    .extend(text.get(i).cloned().unwrap_or_default().spans);
                out.push(line);
            }
        }
        return;
    }
    let who_w = 14;
    let suits_w = (width - who_w - 2) * 9 / 20;
    let niches_w = width - who_w - suits_w - 2;
    let header = [
        Styled::plain("Who", t.label),
        Styled::plain("Suits", t.label),
        Styled::plain("Niches", t.label),
    ];
    let widths = [who_w, suits_w, niches_w];
    let mut line = Line::default();
    for (i, (cell, w)) in header.iter().zip(widths).enumerate() {
        if i > 0 {
            line.push_span(Span::raw(" "));
        }
        line.spans.extend(cell.cell(w, Style::new()).spans);
    }
    out.push(line);
    for (row, lit) in lit_rows() {
        let cells = [
            Styled::plain(row.who, t.title).wrap(who_w),
            suits(row).wrap(suits_w),
            niches(row, lit).wrap(niches_w),
        ];
        let height = cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
        for i in 0..height {
            let mut line = Line::default();
            for (c, (cell, w)) in cells.iter().zip(widths).enumerate() {
                if c > 0 {
                    line.push_span(Span::raw(" "));
                }
                let part = cell.get(i).cloned().unwrap_or_default();
                line.spans.extend(pad_line(part, w, Style::new()).spans);
            }
            out.push(line);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::bundled_catalog;

    /// The pane's lines at `width` columns, styles included, for `p` under `query`.
    fn shown(
        p: &Profile,
        query: &Query,
        theme: &Theme,
        me: &Me,
        width: usize,
    ) -> Vec<Line<'static>> {
        let view = DetailView {
            profile: Some(p),
            query,
            scroll: 0,
            focused: false,
            marked: false,
            theme,
            me,
            one_more: Vec::new(),
        };
        lines(&view, width)
    }

    #[test]
    fn each_list_item_is_drawn_lit_where_the_query_lights_it() {
        let catalog = bundled_catalog();
        let theme = Theme::colored();
        let me = Me::default();
        let no_spaces = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        let mut lit_somewhere = 0;
        for p in catalog.profiles.iter() {
            for q in [
                "dropship",
                "fashion",
                "b2b",
                "tech",
                "home decor",
                "tiktok",
                "zzqq",
            ] {
                let query = Query::parse(q);
                // Worked out item by item, apart from the pane's walk through its items: every
                // list drawn (a stated field's items, each audience's niches), its lit items.
                let mut want = String::new();
                for section in sections::for_detail(p) {
                    let lists: Vec<&[String]> = match &section.body {
                        SectionBody::Fields(fields) => fields
                            .iter()
                            .filter(|f| f.value.is_some() && !f.is_note)
                            .map(|f| f.items.as_slice())
                            .collect(),
                        SectionBody::Audiences(rows) => {
                            rows.iter().map(|r| r.niches.as_slice()).collect()
                        }
                        SectionBody::Paragraphs(_) => Vec::new(),
                    };
                    for item in lists.into_iter().flatten() {
                        if !highlight(&query, item).is_empty() {
                            want.push_str(item);
                        }
                    }
                }
                lit_somewhere += usize::from(!want.is_empty());
                // Each of the audiences table's three shapes.
                for width in [30, 60, 100] {
                    let drawn: String = shown(p, &query, &theme, &me, width)
                        .iter()
                        .flat_map(|line| &line.spans)
                        .filter(|span| span.style == theme.matched)
                        .map(|span| span.content.as_ref())
                        .collect();
                    assert_eq!(
                        no_spaces(&drawn),
                        no_spaces(&want),
                        "{}: {q:?} at {width} columns",
                        p.id
                    );
                }
            }
        }
        assert!(lit_somewhere > 0);
    }

    #[test]
    fn queries_that_light_the_same_items_give_the_same_text() {
        let catalog = bundled_catalog();
        let theme = Theme::colored();
        let me = Me::default();
        let queries = [
            "",
            "d",
            "dr",
            "drop",
            "dropship",
            "dropshipping",
            "whole",
            "wholesale",
            "b2b",
            "fashion",
            "fash",
            "tech",
            "tiktok",
            "blog",
            "3d print",
            "zzqq",
            "home decor",
        ];
        let (mut same, mut differ) = (0, 0);
        for p in catalog.profiles.iter() {
            let seen: Vec<(Vec<bool>, Vec<Line<'static>>)> = queries
                .iter()
                .map(|q| {
                    let query = Query::parse(q);
                    (highlighted(p, &query), shown(p, &query, &theme, &me, 100))
                })
                .collect();
            for (i, (lit_a, text_a)) in seen.iter().enumerate() {
                for (j, (lit_b, text_b)) in seen.iter().enumerate().skip(i + 1) {
                    // The empty query lights nothing without listing the items.
                    let none_lit = |lit: &Vec<bool>| !lit.contains(&true);
                    if lit_a == lit_b || (none_lit(lit_a) && none_lit(lit_b)) {
                        same += 1;
                        assert_eq!(
                            text_a, text_b,
                            "{}: {:?} and {:?} light the same items",
                            p.id, queries[i], queries[j]
                        );
                    } else if text_a != text_b {
                        differ += 1;
                    }
                }
            }
        }
        assert!(same > 0 && differ > 0, "same {same}, differ {differ}");
    }
}
