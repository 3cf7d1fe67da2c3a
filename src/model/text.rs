//! Sanitized strings: every string in a profile is made safe for a terminal as it is read.

use std::fmt;

use compact_str::CompactString;
use serde::de::Deserializer;
use serde::{Deserialize, Serialize, Serializer};

use super::visitors::StrVisitor;
use crate::sanitize::{MarkRun, is_invisible_control, sanitize_line, sanitize_text, visible};

// Strings are `CompactString`s: the same 24 bytes as a `String`, but anything up to 24 bytes
// (most names, niches, networks, countries, ids) is stored inline, with no allocation of its
// own. A loaded profile holds some fifty strings, so this is most of its heap.

/// A one-line string from a profile, already made safe for a terminal.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Line(CompactString);

/// A paragraph from a profile, made safe for a terminal; line breaks are kept.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Text(CompactString);

/// True when sanitizing `raw` would give `raw` back unchanged: no control character (other
/// than `\n` in a paragraph), no invisible control, no line or paragraph separator, and
/// nothing the final trim would remove. Such text is stored as it is, without the sanitizer's
/// intermediate copies; anything else goes through the sanitizer.
fn already_clean(raw: &str, keep_breaks: bool) -> bool {
    let trimmed = if keep_breaks {
        raw.trim_end()
    } else {
        raw.trim()
    };
    if trimmed.len() != raw.len() {
        return false;
    }
    if raw.is_ascii() {
        raw.bytes()
            .all(|b| (0x20..0x7f).contains(&b) || (keep_breaks && b == b'\n'))
    } else {
        let mut marks = MarkRun::default();
        raw.chars().all(|c| match c {
            '\n' => keep_breaks,
            '\u{2028}' | '\u{2029}' => false,
            c => !c.is_control() && !is_invisible_control(c) && marks.keeps(c),
        })
    }
}

impl Line {
    /// Sanitizes `raw` into a one-line field.
    pub fn new(raw: &str) -> Self {
        if already_clean(raw, false) {
            Line(CompactString::new(raw))
        } else {
            Line(CompactString::from(sanitize_line(raw)))
        }
    }
    /// The sanitized text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Reads a program's `name`, which must show something: text that
/// sanitizes to nothing (only spaces, controls, zero-width or other invisible characters) is
/// refused, with the raw value shown escaped so the author can find it.
pub fn program_name<'de, D: Deserializer<'de>>(d: D) -> Result<Line, D::Error> {
    d.deserialize_str(StrVisitor(
        |s: &str| {
            let line = Line::new(s);
            if line.as_str().is_empty() {
                let hidden = if s.trim().is_empty() {
                    String::new()
                } else {
                    format!(
                        "; it holds only invisible or control characters (\"{}\")",
                        visible(s)
                    )
                };
                Err(format!(
                    "`name` is blank: write the program's name as people know it (for example \
                     `name = \"Example Shop\"`){hidden}"
                ))
            } else {
                Ok(line)
            }
        },
        "a string",
    ))
}

impl Text {
    /// Sanitizes `raw` into a paragraph field.
    pub fn new(raw: &str) -> Self {
        if already_clean(raw, true) {
            Text(CompactString::new(raw))
        } else {
            Text(CompactString::from(sanitize_text(raw)))
        }
    }
    /// The sanitized text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Line {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for Line {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl Serialize for Text {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Line {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(StrVisitor(|s: &str| Ok(Line::new(s)), "a string"))
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(StrVisitor(|s: &str| Ok(Text::new(s)), "a string"))
    }
}
