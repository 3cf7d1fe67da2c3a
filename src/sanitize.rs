//! Makes untrusted text safe to print on a terminal.
//!
//! Every string that comes from a profile passes through here exactly once, when it is loaded
//! (see [`crate::model::Line`] and [`crate::model::Text`]), and so does every error message
//! that quotes a profile. A terminal treats some characters as commands: escape sequences can
//! recolour the screen, move the cursor, set the window title, write the clipboard (OSC 52) or
//! plant hyperlinks, and bidi controls can make text read differently from what it is. None of
//! those may reach the screen from a file someone else wrote.

use icu_properties::props::{DefaultIgnorableCodePoint, GeneralCategory};
use icu_properties::{CodePointMapData, CodePointSetData};

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

/// The most combining marks kept on one character. Real text stacks at most three or so
/// (Vietnamese two, some Indic and Hebrew pointing three); "Zalgo" text stacks dozens, which
/// draw far outside their cell on a terminal. Marks past this many in a row are dropped.
pub const MAX_MARKS_PER_CHAR: usize = 4;

/// True for the characters that draw nothing but can change or hide what the text says: every
/// Unicode `Default_Ignorable_Code_Point` (zero-width spaces and joiners, bidi controls,
/// variation selectors, tag characters, the soft hyphen, Hangul fillers, the combining grapheme
/// joiner …) and the whole format category `Cf` (which adds the Arabic number signs and the
/// interlinear annotation marks). Both sets come from the Unicode data in `icu_properties`,
/// not from a hand-kept list, so a new Unicode version updates them.
pub fn is_invisible_control(c: char) -> bool {
    if c.is_ascii() {
        return false;
    }
    CodePointSetData::new::<DefaultIgnorableCodePoint>().contains(c)
        || CodePointMapData::<GeneralCategory>::new().get(c) == GeneralCategory::Format
}

/// True for a combining mark that stacks on the character before it without a cell of its own
/// (general categories `Mn` and `Me`); these are what [`MAX_MARKS_PER_CHAR`] counts.
pub fn is_stacking_mark(c: char) -> bool {
    !c.is_ascii()
        && matches!(
            CodePointMapData::<GeneralCategory>::new().get(c),
            GeneralCategory::NonspacingMark | GeneralCategory::EnclosingMark
        )
}

/// Counts stacking marks in a row, to cap them at [`MAX_MARKS_PER_CHAR`].
#[derive(Debug, Default)]
pub struct MarkRun(usize);

impl MarkRun {
    /// Whether `c`, the next character kept, may stay: false for a stacking mark past the cap.
    /// Characters that are dropped for other reasons must not be passed, so they neither end
    /// a run nor count in it (and sanitizing twice gives the same result).
    pub fn keeps(&mut self, c: char) -> bool {
        if is_stacking_mark(c) {
            self.0 += 1;
            self.0 <= MAX_MARKS_PER_CHAR
        } else {
            self.0 = 0;
            true
        }
    }
}

/// True when `text` holds nothing that [`sanitize`] would remove (line breaks aside).
pub fn is_clean(text: &str) -> bool {
    let mut marks = MarkRun::default();
    text.chars()
        .all(|c| !(is_invisible_control(c) || c.is_control() && c != '\n') && marks.keeps(c))
}

/// `raw` with every character that [`sanitize`] would remove shown as a visible escape
/// instead (`\e` for ESC, `\t`, `\n`, `\r`, `\u{202e}` for the rest), for the places where
/// the user must be able to find the thing again: a file path, an unknown key. The result is
/// safe for a terminal, and differs from `raw` only where `raw` held something unsafe.
pub fn visible(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut marks = MarkRun::default();
    for c in raw.chars() {
        push_visible(&mut out, c, &mut marks);
    }
    out
}

fn push_visible(out: &mut String, c: char, marks: &mut MarkRun) {
    match c {
        '\u{1B}' => out.push_str("\\e"),
        '\t' => out.push_str("\\t"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        c if c.is_control()
            || is_invisible_control(c)
            || matches!(c, '\u{2028}' | '\u{2029}')
            || !marks.keeps(c) =>
        {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        }
        c => out.push(c),
    }
}

/// A path as [`visible`] shows text; bytes that are not UTF-8 show as `\xNN`, so every byte of
/// the name can be read back from the message.
pub fn visible_path(path: &std::path::Path) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let mut out = String::new();
        let mut marks = MarkRun::default();
        for chunk in path.as_os_str().as_bytes().utf8_chunks() {
            for c in chunk.valid().chars() {
                push_visible(&mut out, c, &mut marks);
            }
            for b in chunk.invalid() {
                out.push_str(&format!("\\x{b:02x}"));
            }
        }
        out
    }
    #[cfg(not(unix))]
    {
        visible(&path.to_string_lossy())
    }
}

/// Removes escape sequences whole (CSI, OSC, DCS, SOS, PM, APC, and the short ESC forms, in
/// both their 7-bit and C1 spellings), every other C0/C1 control and DEL, and the invisible
/// controls of [`is_invisible_control`]; keeps at most [`MAX_MARKS_PER_CHAR`] combining marks
/// on a character. Sanitizing twice gives the same result.
pub fn sanitize(raw: &str, breaks: Breaks) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut marks = MarkRun::default();
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
            c if marks.keeps(c) => out.push(c),
            _ => {}
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

    /// The whole range of code points: every default-ignorable and format character is
    /// removed, every other printable one is kept as it is.
    #[test]
    fn every_code_point_is_kept_or_removed_by_its_unicode_property() {
        let ignorable = CodePointSetData::new::<DefaultIgnorableCodePoint>();
        let category = CodePointMapData::<GeneralCategory>::new();
        let (mut removed, mut kept, mut controls, mut wrong) = (0usize, 0usize, 0usize, Vec::new());
        for c in (0..=0x10_FFFFu32).filter_map(char::from_u32) {
            let raw = format!("a{c}b");
            let got = sanitize_line(&raw);
            if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') {
                controls += 1;
                if got.contains(c) {
                    wrong.push(c);
                }
            } else if ignorable.contains(c) || category.get(c) == GeneralCategory::Format {
                removed += 1;
                if got != "ab" {
                    wrong.push(c);
                }
            } else {
                kept += 1;
                if got != raw {
                    wrong.push(c);
                }
            }
        }
        eprintln!(
            "all code points: {removed} invisible removed, {controls} controls removed, {kept} kept, {} wrong",
            wrong.len()
        );
        assert!(wrong.is_empty(), "{:?}", &wrong[..wrong.len().min(20)]);
        assert!(
            removed > 4_000,
            "the tag block alone holds 128; the property thousands"
        );
    }

    #[test]
    fn named_invisibles_are_removed() {
        for c in [
            '\u{00AD}',
            '\u{034F}',
            '\u{0600}',
            '\u{0605}',
            '\u{115F}',
            '\u{1160}',
            '\u{180B}',
            '\u{180F}',
            '\u{206A}',
            '\u{206F}',
            '\u{3164}',
            '\u{FE00}',
            '\u{FE0F}',
            '\u{FFA0}',
            '\u{E0001}',
            '\u{E0041}',
            '\u{E007F}',
            '\u{E0100}',
            '\u{1D173}',
        ] {
            assert_eq!(
                sanitize_line(&format!("x{c}y")),
                "xy",
                "U+{:04X}",
                u32::from(c)
            );
        }
    }

    /// Generated stacks of 0 to 40 marks on a base: at most the cap is kept, in order, and
    /// sanitizing again changes nothing.
    #[test]
    fn combining_marks_are_capped_per_character() {
        let marks = [
            '\u{0301}', '\u{0316}', '\u{0489}', '\u{20DD}', '\u{0E49}', '\u{05B4}',
        ];
        let mut longest = 0;
        for n in 0..=40usize {
            for base in ['e', 'Z', '速', 'ก'] {
                let stack: String = (0..n).map(|i| marks[i % marks.len()]).collect();
                let raw = format!("{base}{stack}{base}\u{200b}{stack}");
                let got = sanitize_line(&raw);
                let run = got.chars().filter(|&c| is_stacking_mark(c)).count();
                longest = longest.max(run);
                assert_eq!(run, 2 * n.min(MAX_MARKS_PER_CHAR), "{n} marks on {base}");
                assert_eq!(sanitize_line(&got), got);
                assert!(is_clean(&got));
            }
        }
        eprintln!("40 stacked marks: at most {longest} kept on two characters");
        assert_eq!(sanitize_line("Tiếng Việt"), "Tiếng Việt");
        let decomposed = "Vie\u{0323}\u{0302}t";
        assert_eq!(sanitize_line(decomposed), decomposed);
    }

    #[test]
    fn visible_shows_what_sanitizing_would_hide() {
        assert_eq!(visible("a\u{1b}]0;x\u{7}b"), "a\\e]0;x\\u{7}b");
        assert_eq!(visible("\u{200b}"), "\\u{200b}");
        assert_eq!(visible("evil\u{202e}txt.toml"), "evil\\u{202e}txt.toml");
        assert_eq!(visible("tab\there\n"), "tab\\there\\n");
        assert_eq!(visible("plain 速卖通"), "plain 速卖通");
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStrExt;
            let path = std::path::Path::new(std::ffi::OsStr::from_bytes(b"dir/\x1bx\xff.toml"));
            assert_eq!(visible_path(path), "dir/\\ex\\xff.toml");
        }
        for c in (0..=0x10_FFFFu32).filter_map(char::from_u32).step_by(7) {
            assert!(
                is_clean(&visible(&format!("{c}{c}"))),
                "U+{:04X}",
                u32::from(c)
            );
        }
    }
}
