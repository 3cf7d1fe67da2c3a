//! Makes untrusted text safe to print on a terminal.
//!
//! Every string that comes from a profile passes through here exactly once, when it is loaded
//! (see [`crate::model::Line`] and [`crate::model::Text`]), and so does every error message
//! that quotes a profile. A terminal treats some characters as commands: escape sequences can
//! recolour the screen, move the cursor, set the window title, write the clipboard (OSC 52) or
//! plant hyperlinks, and bidi controls can make text read differently from what it is. None of
//! those may reach the screen from a file someone else wrote.

/// Whether line breaks survive sanitizing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Breaks {
    /// One-line fields: tabs and line breaks become spaces.
    Flatten,
    /// Paragraph fields and messages: `\n` is kept, tabs become spaces.
    Keep,
}

/// Sanitizes a one-line field: no controls, no escape sequences, no line breaks.
pub fn sanitize_line(raw: &str) -> String {
    sanitize(raw, Breaks::Flatten)
}

/// Sanitizes multi-line text: no controls or escape sequences, `\n` kept.
pub fn sanitize_text(raw: &str) -> String {
    sanitize(raw, Breaks::Keep)
}

/// True for the invisible characters that reorder or hide text: bidi embeddings, overrides and
/// isolates, the Arabic letter mark, zero-width spaces and joiners, word joiners and the BOM.
pub fn is_invisible_control(c: char) -> bool {
    matches!(c,
        '\u{061C}'
        | '\u{180E}'
        | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2069}'
        | '\u{FEFF}'
        | '\u{FFF9}'..='\u{FFFB}')
}

/// True when `text` holds nothing that [`sanitize`] would remove (line breaks aside).
pub fn is_clean(text: &str) -> bool {
    !text
        .chars()
        .any(|c| (c.is_control() && c != '\n') || is_invisible_control(c))
}

/// Removes escape sequences whole (CSI, OSC, DCS, SOS, PM, APC, and the short ESC forms, in
/// both their 7-bit and C1 spellings), every other C0/C1 control and DEL, and the invisible
/// controls of [`is_invisible_control`]. Sanitizing twice gives the same result.
pub fn sanitize(raw: &str, breaks: Breaks) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{1B}' => match chars.peek().copied() {
                Some('[') => {
                    chars.next();
                    skip_csi(&mut chars);
                }
                Some(']') => {
                    chars.next();
                    skip_string(&mut chars, true);
                }
                Some('P' | 'X' | '^' | '_') => {
                    chars.next();
                    skip_string(&mut chars, false);
                }
                Some(next) if ('\u{20}'..='\u{2F}').contains(&next) => {
                    // nF sequence: intermediates, then one final byte.
                    while chars
                        .next_if(|c| ('\u{20}'..='\u{2F}').contains(c))
                        .is_some()
                    {}
                    chars.next_if(|c| ('\u{30}'..='\u{7E}').contains(c));
                }
                Some(next) if ('\u{30}'..='\u{7E}').contains(&next) => {
                    // Fp/Fe/Fs: ESC and one byte (ESC 7, ESC c, ESC M …).
                    chars.next();
                }
                _ => {}
            },
            '\u{9B}' => skip_csi(&mut chars),
            '\u{9D}' => skip_string(&mut chars, true),
            '\u{90}' | '\u{98}' | '\u{9E}' | '\u{9F}' => skip_string(&mut chars, false),
            '\t' => out.push(' '),
            '\n' | '\u{2028}' | '\u{2029}' => match breaks {
                Breaks::Flatten => out.push(' '),
                Breaks::Keep => out.push('\n'),
            },
            c if c.is_control() || is_invisible_control(c) => {}
            c => out.push(c),
        }
    }
    match breaks {
        Breaks::Flatten => out.trim().to_string(),
        Breaks::Keep => out.trim_end().to_string(),
    }
}

/// Skips a control sequence after its introducer: parameter and intermediate bytes up to and
/// including the final byte (0x40–0x7E). Anything else ends it early, so a stray `[` cannot eat
/// the rest of a field.
fn skip_csi(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    while let Some(&c) = chars.peek() {
        match c {
            '\u{30}'..='\u{3F}' | '\u{20}'..='\u{2F}' => {
                chars.next();
            }
            '\u{40}'..='\u{7E}' => {
                chars.next();
                return;
            }
            _ => return,
        }
    }
}

/// Skips a string sequence (OSC, DCS, SOS, PM, APC) up to its terminator: ST as `ESC \` or
/// U+009C, or BEL for OSC. An unterminated one runs to the end of the text and goes whole.
fn skip_string(chars: &mut std::iter::Peekable<std::str::Chars<'_>>, bel_ends: bool) {
    while let Some(c) = chars.next() {
        match c {
            '\u{9C}' => return,
            '\u{07}' if bel_ends => return,
            '\u{1B}' => {
                chars.next_if_eq(&'\\');
                return;
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_unchanged() {
        assert_eq!(
            sanitize_line("AliExpress 3% – 9% 速卖通 🎉"),
            "AliExpress 3% – 9% 速卖通 🎉"
        );
    }

    #[test]
    fn sequences_are_removed_whole() {
        let cases = [
            ("\u{1b}[31mred\u{1b}[0m", "red"),
            ("a\u{1b}[2Jb", "ab"),
            ("\u{1b}]0;title\u{7}x", "x"),
            (
                "\u{1b}]8;;http://evil\u{1b}\\link\u{1b}]8;;\u{1b}\\",
                "link",
            ),
            ("\u{1b}]52;c;aGVsbG8=\u{7}ok", "ok"),
            ("\u{1b}Pq#0;2;0;0;0\u{1b}\\dcs", "dcs"),
            ("\u{1b}_apc payload\u{1b}\\done", "done"),
            ("\u{9b}31mc1", "c1"),
            ("\u{9d}0;t\u{9c}osc", "osc"),
            ("\u{1b}7save\u{1b}8", "save"),
            ("\u{1b}(Bcharset", "charset"),
            ("bell\u{7}bs\u{8}cr\r", "bellbscr"),
            ("nul\u{0}del\u{7f}", "nuldel"),
            ("\u{202e}evil\u{202c}\u{2067}x\u{2069}", "evilx"),
            ("zero\u{200b}width\u{200d}\u{feff}", "zerowidth"),
            ("\u{1b}]0;never ends", ""),
        ];
        for (raw, want) in cases {
            assert_eq!(sanitize_line(raw), want, "input {raw:?}");
        }
    }

    #[test]
    fn line_breaks_follow_the_field_kind() {
        assert_eq!(sanitize_line("a\tb\nc"), "a b c");
        assert_eq!(sanitize_text("a\tb\nc\r\n"), "a b\nc");
    }

    #[test]
    fn sanitizing_twice_changes_nothing() {
        let raw = "\u{1b}\u{1b}[31mx\u{1b}[\u{1b}]0;t\u{7}\u{9b}\u{1b}\\y\u{200f}";
        let once = sanitize_text(raw);
        assert_eq!(sanitize_text(&once), once);
        assert!(is_clean(&once));
    }
}
