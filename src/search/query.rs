//! A query split into terms, and the exact tests that run before the scorer.
//!
//! Case is handled here rather than in the scorer: every haystack has a folded (lowercased,
//! char for char) copy, a case-insensitive term is folded the same way, and the skim matcher
//! then compares chars exactly. Folding char for char keeps char indices valid in the original.

use std::sync::LazyLock;

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

/// The scorer, shared by every thread; it keeps its scratch buffers per thread.
static MATCHER: LazyLock<SkimMatcherV2> = LazyLock::new(|| SkimMatcherV2::default().respect_case());

/// The highest score one field can contribute, so sums over terms and weights cannot overflow.
const MAX_FIELD_SCORE: i64 = 1 << 20;

/// Lowercases `c` when that gives exactly one char, so folded text has the same char count.
pub(super) fn fold_char(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

/// Appends the folded copy of `text` to `out`.
pub(super) fn fold_into(text: &str, out: &mut String) {
    if text.is_ascii() {
        let start = out.len();
        out.push_str(text);
        out[start..].make_ascii_lowercase();
    } else {
        out.extend(text.chars().map(fold_char));
    }
}

/// The bit a folded char sets: one per letter and digit, the rest hashed into 28 buckets.
fn char_bit(c: char) -> u64 {
    match c {
        'a'..='z' => 1 << (c as u32 - 'a' as u32),
        '0'..='9' => 1 << (26 + c as u32 - '0' as u32),
        _ => 1 << (36 + c as u32 % 28),
    }
}

/// The set of chars in folded text, as bits.
pub(super) fn char_mask(folded: &str) -> u64 {
    if folded.is_ascii() {
        folded.bytes().fold(0, |m, b| m | char_bit(char::from(b)))
    } else {
        folded.chars().fold(0, |m, c| m | char_bit(c))
    }
}

/// True when `needle` is an ordered subsequence of `hay`, byte by byte. For an ASCII needle this
/// is exactly the char-level answer, since no byte of a multi-byte UTF-8 char is ASCII.
fn is_subsequence_bytes(needle: &[u8], hay: &[u8]) -> bool {
    let mut want = needle.iter();
    let mut next = want.next();
    for (i, &b) in hay.iter().enumerate() {
        match next {
            None => return true,
            Some(&n) => {
                if hay.len() - i < want.len() + 1 {
                    return false;
                }
                if n == b {
                    next = want.next();
                }
            }
        }
    }
    next.is_none()
}

/// True when `needle` is an ordered subsequence of `hay`, char by char.
fn is_subsequence_chars(needle: &str, hay: &str) -> bool {
    let mut want = needle.chars().peekable();
    for c in hay.chars() {
        match want.peek() {
            None => return true,
            Some(&n) if n == c => {
                want.next();
            }
            Some(_) => {}
        }
    }
    want.peek().is_none()
}

/// One whitespace-separated piece of a query, ready to test against fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Term {
    /// As typed; the pattern for a case-sensitive term.
    text: String,
    /// Folded; the pattern for a case-insensitive term and for the prefilter.
    folded: String,
    /// Smart case, as in fzf: an uppercase letter makes the term case-sensitive.
    case_sensitive: bool,
    /// Whether the byte-level subsequence test applies.
    ascii: bool,
    /// The chars a field must contain for this term to match it.
    mask: u64,
}

impl Term {
    fn new(text: &str) -> Self {
        let mut folded = String::with_capacity(text.len());
        fold_into(text, &mut folded);
        Term {
            case_sensitive: text.chars().any(char::is_uppercase),
            ascii: folded.is_ascii(),
            mask: char_mask(&folded),
            folded,
            text: text.to_string(),
        }
    }

    /// The chars a profile or field must contain for this term to match there.
    pub(super) fn mask(&self) -> u64 {
        self.mask
    }

    /// The folded pattern's length in bytes: a rough guess at how few fields it matches.
    pub(super) fn pattern_len(&self) -> usize {
        self.folded.len()
    }

    /// True when every field `longer` matches is also matched by `self` (typing on narrows).
    pub(super) fn is_extended_by(&self, longer: &Term) -> bool {
        // A prefix pattern of a subsequence is a subsequence; an exact (case-sensitive) match
        // of `longer` is also a folded match, so a case change while typing keeps this true.
        longer.text.starts_with(&self.text)
    }

    /// The exact, cheap test: could the scorer match this term in a field at all?
    fn may_match(&self, folded: &str, mask: u64) -> bool {
        if mask & self.mask != self.mask {
            return false;
        }
        if self.ascii {
            is_subsequence_bytes(self.folded.as_bytes(), folded.as_bytes())
        } else {
            is_subsequence_chars(&self.folded, folded)
        }
    }

    /// The haystack and pattern the scorer compares for this term.
    fn pair<'a>(&'a self, folded: &'a str, original: &'a str) -> (&'a str, &'a str) {
        if self.case_sensitive {
            (original, &self.text)
        } else {
            (folded, &self.folded)
        }
    }

    /// This term's score in one field (0 for no match); `original` is the field as written.
    pub(super) fn score(&self, folded: &str, original: &str, mask: u64) -> i32 {
        if !self.may_match(folded, mask) {
            return 0;
        }
        let (hay, pattern) = self.pair(folded, original);
        MATCHER.fuzzy_match(hay, pattern).map_or(0, |s| {
            // A match always counts for something, so weights keep their order.
            s.clamp(1, MAX_FIELD_SCORE) as i32
        })
    }

    /// The char indices this term matches in one field, when it matches there.
    pub(super) fn positions(&self, folded: &str, original: &str) -> Option<Vec<usize>> {
        if !self.may_match(folded, char_mask(folded)) {
            return None;
        }
        let (hay, pattern) = self.pair(folded, original);
        MATCHER.fuzzy_indices(hay, pattern).map(|(_, at)| at)
    }
}

/// A query parsed into terms: every term must match some field of a program, as in fzf.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    text: String,
    terms: Vec<Term>,
}

impl Query {
    /// Splits `text` on whitespace into terms; a term with an uppercase letter is case-sensitive.
    pub fn parse(text: &str) -> Self {
        Query {
            text: text.to_string(),
            terms: text.split_whitespace().map(Term::new).collect(),
        }
    }

    /// The query as typed.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// True when the query has no terms, so it matches every program.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// The terms, in the order typed.
    pub(super) fn terms(&self) -> &[Term] {
        &self.terms
    }

    /// True when `narrower` only types on from `self`, so it matches a subset of what `self` does.
    pub(super) fn is_extended_by(&self, narrower: &Query) -> bool {
        narrower.terms.len() >= self.terms.len()
            && self
                .terms
                .iter()
                .zip(&narrower.terms)
                .all(|(old, new)| old.is_extended_by(new))
    }
}

/// The union of the char indices `query`'s terms match in `text`, ascending.
pub fn highlight(query: &Query, text: &str) -> Vec<usize> {
    let mut folded = String::with_capacity(text.len());
    fold_into(text, &mut folded);
    let mut at: Vec<usize> = query
        .terms
        .iter()
        .filter_map(|term| term.positions(&folded, text))
        .flatten()
        .collect();
    at.sort_unstable();
    at.dedup();
    at
}
