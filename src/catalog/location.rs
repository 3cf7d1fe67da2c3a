//! Pointing at a span: its line, its column and the line itself, sanitized, with the cells the
//! carets go under.

use std::ops::Range;

use unicode_width::UnicodeWidthStr;

use crate::sanitize::sanitize_line;

/// Where a span sits in its text, ready to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Location {
    /// 1-based line.
    pub line: usize,
    /// 1-based column in characters.
    pub column: usize,
    /// The line, sanitized (and cut around the span when it is very long).
    pub excerpt: String,
    /// The terminal columns of `excerpt` under the span.
    pub underline: Range<usize>,
}

/// Lines longer than this are cut around the span, so a minified file prints one screen line.
const EXCERPT_MAX_BYTES: usize = 240;

/// Turns a byte span of `src` into a line, a column and a sanitized excerpt.
pub(super) fn locate(src: &str, span: Range<usize>) -> Location {
    let start = floor_char_boundary(src, span.start);
    let line_start = src[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = src[start..].find('\n').map_or(src.len(), |i| start + i);
    let line_end = if src[line_start..line_end].ends_with('\r') && start < line_end {
        line_end - 1
    } else {
        line_end
    };
    let end = floor_char_boundary(src, span.end.clamp(start, line_end.max(start)));
    let line = 1 + src.as_bytes()[..line_start]
        .iter()
        .filter(|&&b| b == b'\n')
        .count();
    let column = 1 + src[line_start..start].chars().count();

    // Cut very long lines to a window around the span.
    let mut window_start = line_start;
    let mut window_end = line_end;
    if line_end - line_start > EXCERPT_MAX_BYTES {
        window_start =
            floor_char_boundary(src, start.saturating_sub(EXCERPT_MAX_BYTES / 3)).max(line_start);
        window_end = floor_char_boundary(src, (start + EXCERPT_MAX_BYTES * 2 / 3).min(line_end))
            .max(end.min(line_end));
    }
    let left_mark = if window_start > line_start { "…" } else { "" };
    let right_mark = if window_end < line_end { "…" } else { "" };
    let excerpt = format!(
        "{left_mark}{}{right_mark}",
        sanitize_keeping_indent(&src[window_start..window_end])
    );
    let before = prefix_width(&src[window_start..start]) + left_mark.width();
    let span_width = sanitize_line(&src[start..end.max(start)]).width().max(1);
    Location {
        line,
        column,
        excerpt,
        underline: before..before + span_width,
    }
}

/// Where each line of `src` starts, for [`locate_indexed`].
pub(super) fn line_starts(src: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(memchr::memchr_iter(b'\n', src.as_bytes()).map(|i| i + 1))
        .collect()
}

/// [`locate`] in a long text whose [`line_starts`] are known: only the span's own line is read.
pub(super) fn locate_indexed(src: &str, span: Range<usize>, line_starts: &[usize]) -> Location {
    let start = span.start.min(src.len());
    let line = line_starts
        .partition_point(|&s| s <= start)
        .saturating_sub(1);
    let line_start = line_starts.get(line).copied().unwrap_or(0).min(start);
    let rest = src.get(line_start..).unwrap_or(src);
    let mut loc = locate(
        rest,
        span.start - line_start..span.end.saturating_sub(line_start),
    );
    loc.line += line;
    loc
}

/// The largest char boundary of `s` at or below `i`.
fn floor_char_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Sanitizes one line but keeps its indentation, so the excerpt looks like the file.
fn sanitize_keeping_indent(raw: &str) -> String {
    let body = raw.trim_start_matches([' ', '\t']);
    let indent = raw.len() - body.len();
    format!("{}{}", " ".repeat(indent), sanitize_line(body))
}

/// The terminal width of `prefix` once sanitized like the excerpt it is part of.
fn prefix_width(prefix: &str) -> usize {
    let core = prefix.trim_end_matches([' ', '\t']);
    let trailing = prefix.len() - core.len();
    sanitize_keeping_indent(core).width() + trailing
}

#[cfg(test)]
#[allow(clippy::expect_used, clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn locate_finds_line_column_and_underline() {
        let src = "id = \"x\"\n[cookie]\ndays = -1\n";
        let start = src.find("-1").expect("in the text");
        let loc = locate(src, start..start + 2);
        assert_eq!((loc.line, loc.column), (3, 8));
        assert_eq!(loc.excerpt, "days = -1");
        assert_eq!(loc.underline, 7..9);
    }

    #[test]
    fn columns_count_characters_and_underline_counts_cells() {
        let src = "name = \"速卖通\" x";
        let start = src.find('x').expect("in the text");
        let loc = locate(src, start..start + 1);
        assert_eq!(loc.column, 14);
        assert_eq!(loc.underline, 16..17, "wide characters take two cells");
    }

    #[test]
    fn excerpts_are_sanitized_and_keep_indent() {
        let src = "  name = \"\u{1b}]0;pwned\u{7}\u{1b}[2J\" # \u{9b}31m\n";
        let start = src.find('#').expect("in the text");
        let loc = locate(src, start..start + 1);
        assert!(crate::sanitize::is_clean(&loc.excerpt), "{:?}", loc.excerpt);
        assert!(loc.excerpt.starts_with("  name"));
        assert_eq!(loc.excerpt.chars().nth(loc.underline.start), Some('#'));
    }

    #[test]
    fn long_lines_are_cut_around_the_span() {
        let src = format!("x = [{}99999]", "1, ".repeat(500));
        let start = src.find("99999").expect("in the text");
        let loc = locate(&src, start..start + 5);
        assert!(loc.excerpt.len() < 300);
        assert!(loc.excerpt.starts_with('…') && !loc.excerpt.ends_with('…'));
        let under: String = loc
            .excerpt
            .chars()
            .skip(loc.underline.start)
            .take(loc.underline.len())
            .collect();
        assert_eq!(under, "99999");
    }

    #[test]
    fn spans_at_the_end_and_past_it_do_not_panic() {
        let src = "a = \"x\nb";
        #[allow(clippy::reversed_empty_ranges)]
        let spans = [8..8, 8..20, 30..40, 6..6, 7..3];
        for span in spans {
            let loc = locate(src, span);
            assert!(loc.line >= 1 && !loc.underline.is_empty());
        }
        assert_eq!(locate("", 0..0).line, 1);
        assert_eq!(
            locate("é", 1..2).column,
            1,
            "a span inside a character moves back"
        );
    }
}
