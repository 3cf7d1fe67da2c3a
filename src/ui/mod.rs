//! Drawing: `&App` is a widget, and each pane has its own file with a draw function that takes
//! a small view of what it shows. Every piece of text is measured, cut and wrapped by display
//! width through [`crate::text_width`], so wide characters never push a column out of line, and
//! every line is written through [`put`], which never writes outside its area.

pub mod cell_notes;
pub mod chart;
pub mod detail_pane;
pub mod fit_view;
pub mod grid;
pub mod help;
pub mod layout;
pub mod list;
pub mod me_form;
pub mod measure;
pub mod pickers;
pub mod search_line;
pub mod sort_picker;
pub mod status;
pub mod too_small;
pub mod warnings;

/// The styles, kept beside the app (which holds the one in use) and re-exported for drawing.
pub use crate::theme;

#[cfg(test)]
mod daily_use_tests;
#[cfg(test)]
mod decide_tests;
#[cfg(test)]
mod sharing_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod theme_tests;

use ratatui::buffer::{Buffer, CellWidth};
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Widget};
use unicode_segmentation::UnicodeSegmentation;

use crate::action::Command;
use crate::app::{App, Focus, Overlay};
use crate::keymap::Mode;
use crate::text_width as text;
use crate::value_text::NOT_STATED;
use theme::Theme;

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if area.is_empty() {
            return;
        }
        let screen = layout::screen(area, self.focus(), self.grid().is_some());
        if screen.too_small {
            let quit_key = self.keymap().key_label(Mode::List, Command::Quit);
            too_small::draw(buf, area, self.theme(), &quit_key);
            return;
        }
        if !screen.search.is_empty() {
            search_line::draw(buf, screen.search, &search_line::view(self));
        }
        if let Some(list) = screen.list {
            list::draw(buf, list, &list::view(self, list));
        }
        if let Some(pane) = screen.detail {
            let measured = measure::measured_detail(self, pane);
            detail_pane::draw(buf, pane, &detail_pane::view(self), measured.as_deref());
        }
        if let (Some(area), Some(grid)) = (screen.grid, self.grid()) {
            grid::draw(buf, area, &grid::view(self, grid));
        }
        status::draw(buf, screen.status, &status::view(self));
        match self.overlay() {
            Some(Overlay::Help { scroll, .. }) => help::draw(buf, area, self, scroll),
            Some(Overlay::Warnings { scroll }) => warnings::draw(buf, area, self, scroll),
            Some(Overlay::Cell { scroll }) => cell_notes::draw(buf, area, self, scroll),
            Some(Overlay::Sort { highlighted }) => sort_picker::draw(buf, area, self, highlighted),
            Some(Overlay::Export { .. } | Overlay::Lists { .. }) => pickers::draw(buf, area, self),
            Some(Overlay::Fit { scroll }) => fit_view::draw(buf, area, self, scroll),
            Some(Overlay::Chart { scroll }) => chart::draw(buf, area, self, scroll),
            None => {}
        }
        if self.form().is_some() {
            me_form::draw(buf, area, self);
        }
    }
}

/// A value as every view shows it: the text, or [`NOT_STATED`] dimmed when the sources do not
/// give it (the one form for an unknown value, in the list, the grid and the detail pane, as in
/// the command line's tables).
pub fn value_or_not_stated(value: Option<String>, t: &Theme) -> Styled {
    match value {
        Some(v) => Styled::plain(&v, Style::new()),
        None => Styled::plain(NOT_STATED, t.dim),
    }
}

/// Writes `line` on row `row` of `area`, cut at the area's right edge; rows outside the area
/// are ignored, so no caller can draw past its pane.
pub fn put(buf: &mut Buffer, area: Rect, row: usize, line: &Line<'_>) {
    let Ok(row) = u16::try_from(row) else { return };
    if row >= area.height || area.width == 0 {
        return;
    }
    let area = area.intersection(buf.area);
    if area.is_empty() || area.y.saturating_add(row) >= area.bottom() {
        return;
    }
    buf.set_line(area.x, area.y + row, line, area.width);
}

/// A pane's border: thick and in the focus style when it has the keyboard. The title is cut to
/// fit; `footer`, when given, sits at the bottom right.
pub fn pane_block<'a>(
    theme: &Theme,
    title: &str,
    footer: Option<String>,
    focused: bool,
    width: u16,
) -> Block<'a> {
    let room = usize::from(width).saturating_sub(4);
    let (border_type, border_style) = if focused {
        (BorderType::Thick, theme.focus_border)
    } else {
        (BorderType::Plain, theme.border)
    };
    let title_style = if focused {
        theme.title.patch(theme.focus_border)
    } else {
        theme.title
    };
    let mut block = Block::bordered()
        .border_type(border_type)
        .border_style(border_style);
    if room > 2 && !title.is_empty() {
        let title = text::truncate(title, room - 2);
        block = block.title(Line::from(Span::styled(format!(" {title} "), title_style)));
    }
    if let Some(footer) = footer {
        let footer = text::truncate(&footer, room.saturating_sub(2));
        if !footer.is_empty() && room > 4 {
            block = block.title_bottom(Line::from(format!(" {footer} ")).right_aligned());
        }
    }
    block
}

/// Text built piece by piece with a style per character, then cut or wrapped by display
/// width with every character keeping its style.
#[derive(Debug, Clone, Default)]
pub struct Styled {
    text: String,
    styles: Vec<Style>,
}

impl Styled {
    /// Empty text.
    pub fn new() -> Self {
        Styled::default()
    }

    /// Text in one style.
    pub fn plain(s: &str, style: Style) -> Self {
        let mut styled = Styled::new();
        styled.push(s, style);
        styled
    }

    /// Appends `s` in `style`.
    pub fn push(&mut self, s: &str, style: Style) -> &mut Self {
        self.text.push_str(s);
        self.styles
            .extend(std::iter::repeat_n(style, s.chars().count()));
        self
    }

    /// Appends `s` in `base`, patching `highlight` onto the chars at `positions` (char
    /// indices into `s`, as the search gives them).
    pub fn push_highlighted(
        &mut self,
        s: &str,
        positions: &[usize],
        base: Style,
        highlight: Style,
    ) -> &mut Self {
        self.text.push_str(s);
        self.styles.extend(s.chars().enumerate().map(|(i, _)| {
            if positions.binary_search(&i).is_ok() {
                base.patch(highlight)
            } else {
                base
            }
        }));
        self
    }

    /// Appends another styled text.
    pub fn append(&mut self, other: &Styled) -> &mut Self {
        self.text.push_str(&other.text);
        self.styles.extend_from_slice(&other.styles);
        self
    }

    /// The text without styles.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Columns the text takes.
    pub fn width(&self) -> usize {
        text::width(&self.text)
    }

    /// One line cut to `width` columns (ending in `…` when cut) and padded to exactly `width`
    /// with `fill`.
    pub fn cell(&self, width: usize, fill: Style) -> Line<'static> {
        let cut = text::truncate(&self.text, width);
        let mut line = self.restyle(&cut);
        let used = text::width(&cut);
        if used < width {
            line.push_span(Span::styled(" ".repeat(width - used), fill));
        }
        line
    }

    /// One line cut to `width` columns, not padded.
    pub fn cut(&self, width: usize) -> Line<'static> {
        self.restyle(&text::truncate(&self.text, width))
    }

    /// Lines of at most `width` columns, wrapped by [`text::wrap`].
    pub fn wrap(&self, width: usize) -> Vec<Line<'static>> {
        let chars: Vec<char> = self.text.chars().collect();
        let mut at = 0;
        text::wrap(&self.text, width)
            .iter()
            .map(|line| self.restyle_from(line, &chars, &mut at))
            .collect()
    }

    /// Styles `shown`, a prefix of the text, possibly ending in an added `…`.
    fn restyle(&self, shown: &str) -> Line<'static> {
        let chars: Vec<char> = self.text.chars().collect();
        let mut at = 0;
        self.restyle_from(shown, &chars, &mut at)
    }

    /// Gives each char of `shown` the style of the char it came from. `shown` is made of the
    /// text's chars from `*at` on, in order, minus spaces and line breaks that wrapping
    /// dropped, with `…` standing in for a grapheme too wide to show or for a cut tail.
    fn restyle_from(&self, shown: &str, chars: &[char], at: &mut usize) -> Line<'static> {
        let mut spans: Vec<Span<'static>> = Vec::new();
        let mut run = String::new();
        let mut run_style: Option<Style> = None;
        let fallback = self.styles.last().copied().unwrap_or_default();
        for c in shown.chars() {
            while *at < chars.len() && chars[*at] != c && matches!(chars[*at], ' ' | '\n') {
                *at += 1;
            }
            let style = if *at < chars.len() && chars[*at] == c {
                *at += 1;
                self.styles.get(*at - 1).copied().unwrap_or(fallback)
            } else if *at < chars.len() {
                // `…` in place of one grapheme: skip that grapheme's chars.
                let style = self.styles.get(*at).copied().unwrap_or(fallback);
                let rest: String = chars[*at..].iter().take(32).collect();
                let skip = rest.graphemes(true).next().map_or(1, |g| g.chars().count());
                *at += skip;
                style
            } else {
                fallback
            };
            if run_style != Some(style) {
                if let Some(s) = run_style {
                    spans.push(Span::styled(std::mem::take(&mut run), s));
                }
                run_style = Some(style);
            }
            run.push(c);
        }
        if let Some(s) = run_style {
            spans.push(Span::styled(run, s));
        }
        Line::from(spans)
    }
}

/// The width a styled line takes.
pub fn line_width(line: &Line<'_>) -> usize {
    line.spans.iter().map(|s| text::width(&s.content)).sum()
}

/// Pads `line` with spaces in `fill` to `width` columns.
pub fn pad_line(mut line: Line<'static>, width: usize, fill: Style) -> Line<'static> {
    let used = line_width(&line);
    if used < width {
        line.push_span(Span::styled(" ".repeat(width - used), fill));
    }
    line
}

/// The frame shown while a large profile directory is still loading; `quit_key` is the key
/// that quits, as written.
pub fn draw_loading(buf: &mut Buffer, area: Rect, theme: &Theme, quit_key: &str) {
    let lines = Styled::plain(&format!("Loading profiles…  ({quit_key} quits)"), theme.dim)
        .wrap(usize::from(area.width));
    let top = usize::from(area.height / 2);
    for (i, line) in lines.iter().enumerate() {
        put(buf, area, top + i, line);
    }
}

/// True when `app`'s list pane has the keyboard (the search line counts as the list's).
pub fn list_focused(app: &App) -> bool {
    app.overlay().is_none() && app.grid().is_none() && app.focus() == Focus::List
}

/// Draws a scrollable popup titled `title` over `area`, `width` columns wide at most, holding
/// the lines `lines(inner_width)` gives, scrolled by `scroll` lines (help and warnings share it).
pub fn draw_popup<L>(
    buf: &mut Buffer,
    area: Rect,
    app: &App,
    (title, width): (&str, u16),
    lines: impl FnOnce(usize) -> L,
    scroll: usize,
) where
    L: AsRef<[Line<'static>]>,
{
    let popup = layout::popup(area, width);
    let inner = layout::inner(popup);
    let lines = lines(usize::from(inner.width));
    let lines = lines.as_ref();
    let page = usize::from(inner.height);
    let scroll = scroll.min(lines.len().saturating_sub(page));
    let keymap = app.keymap();
    let close = format!("{} close", keymap.popup_close_label());
    let footer = if lines.len() > page {
        let mode = app.mode();
        let down = keymap.key_label(mode, Command::Down);
        let up = keymap.key_label(mode, Command::Up);
        format!("{down}/{up} scroll · {close}")
    } else {
        close
    };
    clear_for_popup(buf, popup);
    pane_block(app.theme(), title, Some(footer), true, popup.width).render(popup, buf);
    for (row, line) in lines.iter().skip(scroll).take(page).enumerate() {
        put(buf, inner, row, line);
    }
}

/// Clears `area` for a popup. A wide character just left of it keeps its hidden cells inside
/// the popup, and a terminal draws it over the popup's border (ratatui never writes a
/// cell a wide character hides), so such a character is blanked too.
pub(crate) fn clear_for_popup(buf: &mut Buffer, area: Rect) {
    let area = area.intersection(buf.area);
    Clear.render(area, buf);
    if area.is_empty() {
        return;
    }
    // A grapheme has no widest case (ratatui gives each stacked halfwidth sound mark a cell of
    // its own), so each row is walked from its left edge, one drawn character at a time.
    for y in area.top()..area.bottom() {
        let mut x = buf.area.x;
        while x < area.x {
            let width = buf[(x, y)].cell_width().max(1);
            if x + width > area.x {
                buf[(x, y)].set_symbol(" ");
                break;
            }
            x += width;
        }
    }
}
