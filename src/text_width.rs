//! Display-width arithmetic for terminal text: width, truncation with an ellipsis, and word
//! wrapping that never splits a wide character or a grapheme cluster. Both the command-line
//! tables and the terminal panes lay text out through here, so CJK names and emoji keep
//! columns aligned everywhere.

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// Columns `s` takes on a terminal as ratatui lays it out: grapheme by grapheme, each as wide
/// as unicode-width says. Measuring the whole string at once disagrees where unicode-width
/// joins graphemes (Arabic lam and alef count 1 together, but ratatui and terminals draw two
/// cells), so the sum is taken per grapheme. ratatui also gives each halfwidth katakana sound
/// mark (U+FF9E, U+FF9F) a cell of its own on top of its base's width. Profile text has lost
/// its variation selectors and joiners to the sanitizer, so an emoji is measured as the
/// terminal draws it, not as a VS16 or ZWJ sequence some terminals widen and others do not.
pub fn width(s: &str) -> usize {
    width_by(s, grapheme_width)
}

/// How one grapheme is measured: as ratatui's buffer counts it, or as a terminal prints it.
type Measure = fn(&str) -> usize;

fn width_by(s: &str, measure: Measure) -> usize {
    if s.is_ascii() {
        return UnicodeWidthStr::width(s);
    }
    s.graphemes(true).map(measure).sum()
}

/// One grapheme's columns, as ratatui's buffer counts them.
fn grapheme_width(g: &str) -> usize {
    let marks = g
        .chars()
        .filter(|c| matches!(c, '\u{FF9E}' | '\u{FF9F}'))
        .count();
    UnicodeWidthStr::width(g) + marks
}

/// Cuts `s` to at most `max` columns, ending in `…` when something was cut.
pub fn truncate(s: &str, max: usize) -> String {
    truncate_by(s, max, grapheme_width)
}

fn truncate_by(s: &str, max: usize, measure: Measure) -> String {
    let width = |s: &str| width_by(s, measure);
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
    truncate_keeping_marks_by(s, max, grapheme_width)
}

fn truncate_keeping_marks_by(s: &str, max: usize, measure: Measure) -> String {
    let width = |s: &str| width_by(s, measure);
    let truncate = |s: &str, max: usize| truncate_by(s, max, measure);
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
    pad_by(s, cols, grapheme_width)
}

fn pad_by(s: &str, cols: usize, measure: Measure) -> String {
    let cut = truncate_by(s, cols, measure);
    let w = width_by(&cut, measure);
    format!("{cut}{}", " ".repeat(cols.saturating_sub(w)))
}

/// Wraps `s` into lines of at most `max` columns, breaking at spaces where it can and inside a
/// word only when the word alone is wider than a line. Explicit `\n` starts a new line.
/// A zero `max` gives no lines.
pub fn wrap(s: &str, max: usize) -> Vec<String> {
    wrap_by(s, max, grapheme_width)
}

fn wrap_by(s: &str, max: usize, measure: Measure) -> Vec<String> {
    let width = |s: &str| width_by(s, measure);
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

/// The same arithmetic for text printed straight to a terminal (the command line's tables),
/// where no ratatui buffer stands between: each grapheme as wide as unicode-width says, which
/// already gives a halfwidth sound mark (U+FF9E, U+FF9F) the one column terminals draw it in.
/// ratatui's extra column per mark is its own bookkeeping; counted here, it made a name of
/// halfwidth kana with sound marks pad one column short per mark and pulled the columns after
/// it left of their headers.
pub mod printed {
    use super::{pad_by, truncate_by, truncate_keeping_marks_by, width_by, wrap_by};
    use unicode_width::UnicodeWidthStr;

    fn grapheme_width(g: &str) -> usize {
        UnicodeWidthStr::width(g)
    }

    /// Columns `s` takes when printed to a terminal.
    pub fn width(s: &str) -> usize {
        width_by(s, grapheme_width)
    }

    /// [`super::truncate`] for printed text.
    pub fn truncate(s: &str, max: usize) -> String {
        truncate_by(s, max, grapheme_width)
    }

    /// [`super::truncate_keeping_marks`] for printed text.
    pub fn truncate_keeping_marks(s: &str, max: usize) -> String {
        truncate_keeping_marks_by(s, max, grapheme_width)
    }

    /// [`super::pad`] for printed text.
    pub fn pad(s: &str, cols: usize) -> String {
        pad_by(s, cols, grapheme_width)
    }

    /// [`super::wrap`] for printed text.
    pub fn wrap(s: &str, max: usize) -> Vec<String> {
        wrap_by(s, max, grapheme_width)
    }
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

    /// Generated strings of the shapes where unicode-width, ratatui and terminals can disagree
    /// (emoji with VS16, keycaps, ZWJ families, lam-alef, Hangul jamo, CJK, halfwidth marks),
    /// sanitized as profile text is: [`width`] is exactly the cells ratatui fills, and, with no
    /// joiners or selectors left, the sum of each character's own width, as a terminal that
    /// measures character by character draws it.
    #[test]
    fn widths_agree_with_ratatui_and_per_character_terminals() {
        use ratatui::buffer::Buffer;
        use ratatui::layout::Rect;
        use unicode_width::UnicodeWidthChar;
        let pieces = [
            "❤\u{FE0F}",
            "1\u{FE0F}\u{20E3}",
            "#\u{20E3}",
            "👨\u{200D}👩\u{200D}👧",
            "☺\u{FE0F}",
            "\u{0644}\u{0627}",
            "\u{1100}\u{1161}\u{11A8}",
            "速",
            "ｶﾞ",
            "a",
            " ",
            "🎉",
            "e\u{0301}",
            "✈\u{FE0E}",
            "🇫🇷",
        ];
        let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
        let (mut checked, mut whole_string_off) = (0, 0);
        for _ in 0..2_000 {
            let mut raw = String::new();
            for _ in 0..8 {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                raw.push_str(pieces[(seed % pieces.len() as u64) as usize]);
            }
            let text = crate::sanitize::sanitize_line(&raw);
            let mut buf = Buffer::empty(Rect::new(0, 0, 200, 1));
            let (end, _) = buf.set_stringn(0, 0, &text, 200, ratatui::style::Style::default());
            assert_eq!(width(&text), usize::from(end), "{text:?}");
            if !text.contains(['ｶ', 'ﾞ']) && !text.contains('🇫') {
                let per_char: usize = text.chars().map(|c| c.width().unwrap_or(0)).sum();
                assert_eq!(width(&text), per_char, "{text:?}");
            }
            whole_string_off += usize::from(UnicodeWidthStr::width(text.as_str()) != width(&text));
            checked += 1;
        }
        eprintln!(
            "{checked} generated strings: widths agree with ratatui; unicode-width on the whole string was off on {whole_string_off}"
        );
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
