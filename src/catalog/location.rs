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
///
/// Inside [`with_line_index`] for `src`, the text's one [`LineIndex`] answers (built on the
/// first call); otherwise the lines before the span are counted.
pub(super) fn locate(src: &str, span: Range<usize>) -> Location {
    let indexed = SCOPES.with(|scopes| {
        let mut scopes = scopes.borrow_mut();
        let scope = scopes.last_mut().filter(|s| s.key == key_of(src))?;
        let index = scope.index.get_or_insert_with(|| LineIndex::new(src));
        Some(index.locate(src, span.clone()))
    });
    indexed.unwrap_or_else(|| locate_scanning(src, span))
}

/// The line and column of `span`'s start, without building the excerpt: enough to know
/// whether a problem there will be listed before paying for its text.
pub(super) fn position(src: &str, span: Range<usize>) -> (usize, usize) {
    let indexed = SCOPES.with(|scopes| {
        let mut scopes = scopes.borrow_mut();
        let scope = scopes.last_mut().filter(|s| s.key == key_of(src))?;
        let index = scope.index.get_or_insert_with(|| LineIndex::new(src));
        let (line, line_range) = index.line_of(src, span.start);
        let start = floor_char_boundary(src, span.start);
        Some((
            line,
            1 + index.chars_before(src, start) - index.chars_before(src, line_range.start),
        ))
    });
    indexed.unwrap_or_else(|| {
        let location = locate_scanning(src, span);
        (location.line, location.column)
    })
}

/// [`locate`] with nothing known: counts the lines before the span.
fn locate_scanning(src: &str, span: Range<usize>) -> Location {
    let start = floor_char_boundary(src, span.start);
    let line_start = src[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = src[start..].find('\n').map_or(src.len(), |i| start + i);
    let line = 1 + src.as_bytes()[..line_start]
        .iter()
        .filter(|&&b| b == b'\n')
        .count();
    let column = 1 + src[line_start..start].chars().count();
    place(src, span, line_start..line_end, line, column)
}

/// Builds a [`Location`] for `span`, whose start is on the line `line_range` (without its
/// line break), line number `line` and character column `column`.
fn place(
    src: &str,
    span: Range<usize>,
    line_range: Range<usize>,
    line: usize,
    column: usize,
) -> Location {
    let start = floor_char_boundary(src, span.start);
    let Range {
        start: line_start,
        end: line_end,
    } = line_range;
    let line_end = if src[line_start..line_end].ends_with('\r') && start < line_end {
        line_end - 1
    } else {
        line_end
    };
    let end = floor_char_boundary(src, span.end.clamp(start, line_end.max(start)));

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

/// Bytes of text per character count kept by a [`LineIndex`].
const CHAR_BLOCK: usize = 256;

/// Where each line of a text starts, and how many characters come before each block of
/// [`CHAR_BLOCK`] bytes: enough to place a span in time that does not grow with the text or
/// its line, so locating every problem of a file costs one pass over it, not one per problem.
pub(super) struct LineIndex {
    line_starts: Vec<usize>,
    chars_before_block: Vec<usize>,
}

impl LineIndex {
    /// The index of `src`, in one pass.
    pub(super) fn new(src: &str) -> Self {
        let bytes = src.as_bytes();
        let line_starts = std::iter::once(0)
            .chain(memchr::memchr_iter(b'\n', bytes).map(|i| i + 1))
            .collect();
        let mut chars_before_block = Vec::with_capacity(bytes.len() / CHAR_BLOCK + 1);
        let mut chars = 0;
        for block in bytes.chunks(CHAR_BLOCK) {
            chars_before_block.push(chars);
            chars += char_starts(block);
        }
        chars_before_block.push(chars);
        LineIndex {
            line_starts,
            chars_before_block,
        }
    }

    /// Characters of `src` before byte `at`.
    fn chars_before(&self, src: &str, at: usize) -> usize {
        let block = at / CHAR_BLOCK;
        let from = block * CHAR_BLOCK;
        let counted = self.chars_before_block.get(block).copied().unwrap_or(0);
        counted + char_starts(src.as_bytes().get(from..at).unwrap_or(&[]))
    }

    /// [`locate`] for `src`, the text this index was built from.
    pub(super) fn locate(&self, src: &str, span: Range<usize>) -> Location {
        let start = floor_char_boundary(src, span.start);
        let (line, line_range) = self.line_of(src, span.start);
        let column = 1 + self.chars_before(src, start) - self.chars_before(src, line_range.start);
        place(src, span, line_range, line, column)
    }

    /// The 1-based line holding byte `at` of `src`, and that line's bytes without its break.
    fn line_of(&self, src: &str, at: usize) -> (usize, Range<usize>) {
        let start = floor_char_boundary(src, at);
        let line = self
            .line_starts
            .partition_point(|&s| s <= start)
            .saturating_sub(1);
        let line_start = self.line_starts.get(line).copied().unwrap_or(0).min(start);
        let line_end = self
            .line_starts
            .get(line + 1)
            .map_or(src.len(), |&next| next - 1)
            .max(start);
        (line + 1, line_start..line_end)
    }
}

/// How many characters start in `bytes` (bytes that are not UTF-8 continuation bytes).
fn char_starts(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

/// A text [`with_line_index`] is running for, and its index once built.
struct Scope {
    key: (usize, usize),
    index: Option<LineIndex>,
}

thread_local! {
    /// The texts being parsed on this thread, innermost last.
    static SCOPES: std::cell::RefCell<Vec<Scope>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Identifies a text by where it lives and how long it is; only compared while the text is
/// borrowed by [`with_line_index`], so no other text can have the same key then.
fn key_of(src: &str) -> (usize, usize) {
    (src.as_ptr() as usize, src.len())
}

/// Runs `work` (the parse of `src`) with one [`LineIndex`] for `src`, built the first time a
/// problem in it is located: however many problems the parse finds, the text is read for
/// lines once.
pub(super) fn with_line_index<R>(src: &str, work: impl FnOnce() -> R) -> R {
    /// Takes the scope off again however `work` ends.
    struct Pop;
    impl Drop for Pop {
        fn drop(&mut self) {
            SCOPES.with(|scopes| scopes.borrow_mut().pop());
        }
    }
    SCOPES.with(|scopes| {
        scopes.borrow_mut().push(Scope {
            key: key_of(src),
            index: None,
        })
    });
    let _pop = Pop;
    work()
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
