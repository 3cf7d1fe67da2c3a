//! Program ids for imported programs: a slug of the network's name for the program, the same
//! on every import of it, with collisions resolved the same way every time.

use unicode_normalization::UnicodeNormalization;

use crate::model::ProgramId;

/// The slug of `name`: letters folded to ASCII where they have a plain form ("Café" is
/// `cafe`), every other run of characters one `-`, at most [`ProgramId::MAX_LEN`] long (cut
/// at a `-` where one is near the end). Empty when nothing is left.
pub fn slug(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.nfkd() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if unicode_normalization::char::is_combining_mark(c) {
            // A mark folded off a letter: "é" is "e" and the mark.
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let trimmed = out.trim_matches('-');
    cut(trimmed, ProgramId::MAX_LEN).to_string()
}

/// `s` cut to at most `max` bytes (all ASCII), without a trailing `-`.
fn cut(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let head = &s[..max];
    head.trim_end_matches('-')
}

/// The id for a program named `name` with id `network_id` at `network`: its slug; when the
/// slug is taken by another program of the same network, the slug with the network's id after
/// it (`acme-1002`); when nothing is left of the name, `network-ID`.
pub fn with_suffix(base: &str, network: &str, network_id: Option<&str>) -> String {
    let suffix = network_id.map(slug).filter(|s| !s.is_empty());
    let suffix = suffix.unwrap_or_else(|| network.to_string());
    if base.is_empty() {
        return cut(&format!("{network}-{suffix}"), ProgramId::MAX_LEN).to_string();
    }
    let room = ProgramId::MAX_LEN.saturating_sub(suffix.len() + 1);
    format!("{}-{suffix}", cut(base, room))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_fold_letters_and_join_the_rest_with_dashes() {
        assert_eq!(slug("Acme Shoes & Co."), "acme-shoes-co");
        assert_eq!(slug("  Café Noir  "), "cafe-noir");
        // Æ and Ø have no plain form; Å is A and a ring.
        assert_eq!(slug("ÆØÅ"), "a");
        assert_eq!(slug("日本"), "");
        assert_eq!(slug(&"x".repeat(100)).len(), 64);
        assert!(ProgramId::parse(&slug("a b ".repeat(40).as_str())).is_ok());
    }

    #[test]
    fn suffixes_use_the_network_id() {
        assert_eq!(with_suffix("acme", "awin", Some("1002")), "acme-1002");
        assert_eq!(with_suffix("", "awin", Some("7")), "awin-7");
        assert_eq!(with_suffix("", "awin", None), "awin-awin");
        let long = with_suffix(&"a".repeat(64), "awin", Some("123456"));
        assert!(long.len() <= 64 && long.ends_with("-123456"));
    }
}
