//! Markdown that shows text as text. A profile's name or note in a Markdown table must not
//! become a link (`[x](javascript:…)`), an image that loads from a remote host (`![](…)`), raw
//! HTML (`<img onerror=…>`), an entity, emphasis, strikethrough, code, math (`$…$` on GitHub),
//! a mention (`@user`), a heading or a new table cell. CommonMark lets a backslash escape any
//! ASCII punctuation; the characters that can open markup are escaped ([`MARKUP`]), and the
//! rest (`.`, `,`, `%`, `-`, `(` …) are left alone so the raw text stays readable: without an
//! escaped `[` or `<` before them they cannot form a link or a tag. The text reads the same
//! once rendered.

/// The characters that can open Markdown or HTML markup somewhere in a line.
pub const MARKUP: &[char] = &[
    '\\', '`', '*', '_', '[', ']', '<', '>', '&', '!', '|', '~', '$', '#', '@',
];

/// `text` escaped for one cell or line of Markdown: every [`MARKUP`] character gets a
/// backslash, and line breaks become spaces (a break would end the table row).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    for c in text.chars() {
        match c {
            '\n' | '\r' => out.push(' '),
            c if MARKUP.contains(&c) => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// True when `cell` holds no Markdown or HTML that a renderer would act on: every [`MARKUP`]
/// character is escaped by a backslash, and no line break is left.
pub fn is_inert(cell: &str) -> bool {
    let mut chars = cell.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' if !chars.next().is_some_and(|n| n.is_ascii_punctuation()) => return false,
            '\\' => {}
            '\n' | '\r' => return false,
            c if MARKUP.contains(&c) => return false,
            _ => {}
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_is_escaped() {
        assert_eq!(escape("a|b"), "a\\|b");
        assert_eq!(
            escape("<img src=x onerror=alert(1)>"),
            "\\<img src=x onerror=alert(1)\\>"
        );
        assert_eq!(
            escape("[x](javascript:alert(1))"),
            "\\[x\\](javascript:alert(1))"
        );
        assert_eq!(
            escape("# 100% *best* $5 @me"),
            "\\# 100% \\*best\\* \\$5 \\@me"
        );
        assert_eq!(escape("速卖通 3–9"), "速卖通 3–9");
        for raw in [
            "\\",
            "a\\",
            "![i](http://x/p.png)",
            "&amp;",
            "`rm`",
            "_x_",
            "a\nb",
        ] {
            assert!(is_inert(&escape(raw)), "{raw:?}");
        }
        assert!(!is_inert("<b>") && !is_inert("a\\"));
    }
}
