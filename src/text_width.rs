//! Display-width arithmetic for terminal text: width, truncation with an ellipsis, and word
//! wrapping that never splits a wide character or a grapheme cluster. Both the command-line
//! tables and the terminal panes lay text out through here, so CJK names and emoji keep
//! columns aligned everywhere.

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// Columns `s` takes on a terminal as ratatui lays it out. ratatui gives each halfwidth
/// katakana sound mark (U+FF9E, U+FF9F) a cell of its own on top of its base's width, so they
/// count one column more than unicode-width says, or the columns after them drift.
pub fn width(s: &str) -> usize {
    let marks = s
        .chars()
        .filter(|c| matches!(c, '\u{FF9E}' | '\u{FF9F}'))
        .count();
    UnicodeWidthStr::width(s) + marks
}

/// Cuts `s` to at most `max` columns, ending in `…` when something was cut.
pub fn truncate(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for g in s.graphemes(true) {
        let w = width(g);
        if used + w > max - 1 {
            break;
        }
        out.push_str(g);
        used += w;
    }
    out.push('…');
    out
}

/// Like [`truncate`], but a value's trailing marks (` *` for a caveat, ` †` for a
/// contradiction) stay after the `…`, so a qualified value never reads as plain when cut.
pub fn truncate_keeping_marks(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    let mut body = s;
    while let Some(rest) = body.strip_suffix(" *").or_else(|| body.strip_suffix(" †")) {
        body = rest;
    }
    let marks = &s[body.len()..];
    let room = max.saturating_sub(width(marks));
    if marks.is_empty() || room < 2 {
        return truncate(s, max);
    }
    format!("{}{marks}", truncate(body, room))
}

/// Pads `s` with spaces to exactly `cols` columns (truncating first when it is wider).
pub fn pad(s: &str, cols: usize) -> String {
    let cut = truncate(s, cols);
    let w = width(&cut);
    format!("{cut}{}", " ".repeat(cols.saturating_sub(w)))
}

/// Wraps `s` into lines of at most `max` columns, breaking at spaces where it can and inside a
/// word only when the word alone is wider than a line. Explicit `\n` starts a new line.
/// A zero `max` gives no lines.
pub fn wrap(s: &str, max: usize) -> Vec<String> {
    if max == 0 {
        return Vec::new();
    }
    let mut lines = Vec::new();
    for paragraph in s.split('\n') {
        let mut line = String::new();
        let mut used = 0;
        for word in paragraph.split(' ').filter(|w| !w.is_empty()) {
            let w = width(word);
            let gap = usize::from(used > 0);
            if used + gap + w <= max {
                if gap == 1 {
                    line.push(' ');
                }
                line.push_str(word);
                used += gap + w;
                continue;
            }
            if used > 0 {
                lines.push(std::mem::take(&mut line));
                used = 0;
            }
            if w <= max {
                line.push_str(word);
                used = w;
                continue;
            }
            for g in word.graphemes(true) {
                let gw = width(g);
                if used + gw > max && used > 0 {
                    lines.push(std::mem::take(&mut line));
                    used = 0;
                }
                if gw > max {
                    // A grapheme wider than the whole line (a 2-column glyph in 1 column):
                    // show a placeholder rather than overflow.
                    line.push('…');
                    used += 1;
                    continue;
                }
                line.push_str(g);
                used += gw;
            }
        }
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn truncates_by_display_width() {
        assert_eq!(truncate("AliExpress", 6), "AliEx…");
        assert_eq!(truncate("速卖通速卖通", 5), "速卖…");
        assert_eq!(width(&truncate("速卖通速卖通", 5)), 5);
        assert_eq!(truncate("abc", 3), "abc");
        assert_eq!(pad("ab", 4), "ab  ");
        // ratatui lays "ｶﾞ" out over three cells (two for the base, one for the mark).
        assert_eq!(width("ｶﾞｷﾞ"), 6, "halfwidth sound marks take a column each");
    }

    #[test]
    fn wraps_at_spaces() {
        assert_eq!(wrap("one two three", 7), vec!["one two", "three"]);
        assert_eq!(wrap("abcdefgh", 3), vec!["abc", "def", "gh"]);
        assert_eq!(wrap("a\nb", 5), vec!["a", "b"]);
        assert_eq!(wrap("速卖通", 1), vec!["…", "…", "…"]);
    }

    proptest! {
        #[test]
        fn wrapped_lines_fit(s in "\\PC{0,60}", max in 1usize..20) {
            for line in wrap(&s, max) {
                prop_assert!(width(&line) <= max, "{line:?} wider than {max}");
            }
        }

        #[test]
        fn truncated_text_fits(s in "\\PC{0,60}", max in 0usize..20) {
            prop_assert!(width(&truncate(&s, max)) <= max);
        }
    }
}
