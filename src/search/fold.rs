//! Folding text for matching: Unicode case folding, then accents dropped ("Décor" → "decor").
//!
//! Folding may change how many chars a text has ("Straße" → "strasse", "é" written as two
//! chars → "e"), so highlighting folds again with a map from each folded char back to the
//! char of the original it came from ([`fold_with_map`]).

use caseless::Caseless;
use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// Appends the folded copy of `text` to `out`.
pub(super) fn fold_into(text: &str, out: &mut String) {
    if text.is_ascii() {
        let start = out.len();
        out.push_str(text);
        out[start..].make_ascii_lowercase();
    } else {
        for c in text.chars() {
            fold_char(c, |f| out.push(f));
        }
    }
}

/// The folded copy of `text`.
pub(super) fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_into(text, &mut out);
    out
}

/// The folded copy of `text` and, for each of its chars, the index of the char of `text` it
/// came from.
pub(super) fn fold_with_map(text: &str) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(text.len());
    let mut map = Vec::with_capacity(text.len());
    for (i, c) in text.chars().enumerate() {
        fold_char(c, |f| {
            out.push(f);
            map.push(i);
        });
    }
    (out, map)
}

/// Hands `push` the folded chars of `c`: none for a combining accent, usually one, sometimes
/// more ("ß" → "ss").
fn fold_char(c: char, mut push: impl FnMut(char)) {
    if c.is_ascii() {
        push(c.to_ascii_lowercase());
        return;
    }
    if is_combining_mark(c) {
        return;
    }
    for folded in std::iter::once(c).default_case_fold() {
        decompose_canonical(folded, |d| {
            if !is_combining_mark(d) {
                push(d);
            }
        });
    }
}

/// True for a char that is part of a word (a letter or a digit); everything else separates.
pub(super) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_and_accents_fold_away() {
        assert_eq!(fold("HOME Décor"), "home decor");
        assert_eq!(fold("Straße"), "strasse");
        // "é" written as e + combining acute.
        assert_eq!(fold("Cafe\u{301}"), "cafe");
        assert_eq!(fold("ΣΊΣΥΦΟΣ"), "σισυφοσ");
    }

    #[test]
    fn the_map_points_back_at_the_original_chars() {
        let (folded, map) = fold_with_map("Aße\u{301}x");
        assert_eq!(folded, "assex");
        assert_eq!(map, [0, 1, 1, 2, 4]);
    }
}
