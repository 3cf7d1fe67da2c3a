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

/// The skim score of `pattern` in `hay`, exactly as a fresh matcher gives it.
///
/// fuzzy-matcher 0.3.7 keeps its score matrix between calls and never clears one field of a
/// cell (`bonus`) that the next column of a match reads. In the second of its two rows (the one
/// pattern chars 0, 2, 4… use) such a read can reach a cell this call never wrote, and so see
/// what an earlier call on the same thread left there: a shared matcher's scores would depend
/// on scheduling. When [`may_read_stale_bonus`] says that can happen, a fresh matcher (whose
/// cells start at zero) scores instead; a test holds both paths to a fresh matcher's result
/// after random histories.
pub(super) fn skim_score(hay: &str, pattern: &str) -> Option<i64> {
    if may_read_stale_bonus(hay, pattern) {
        SkimMatcherV2::default()
            .respect_case()
            .fuzzy_match(hay, pattern)
    } else {
        MATCHER.fuzzy_match(hay, pattern)
    }
}

/// Replays which cells of the matrix's second row get their `bonus` written, in the order
/// fuzzy-matcher 0.3.7 (`build_score_matrix`, score-only mode) writes and reads them, and says
/// whether a read can come before any write in this call. True for haystacks of 64 chars or
/// more, which are not replayed.
fn may_read_stale_bonus(hay: &str, pattern: &str) -> bool {
    const MAX: usize = 63;
    let mut chars = ['\0'; MAX];
    let mut len = 0;
    for c in hay.chars() {
        if len == MAX {
            return true;
        }
        chars[len] = c;
        len += 1;
    }
    let hay = &chars[..len];
    // Where each pattern char first matches, after the one before (the matcher's own
    // `cheap_matches`); no full match means the matcher stops before the matrix.
    let mut first = [0usize; MAX];
    let mut found = 0;
    let mut want = pattern.chars().peekable();
    for (at, &c) in hay.iter().enumerate() {
        if want.next_if_eq(&c).is_some() {
            first[found] = at;
            found += 1;
        }
    }
    if want.peek().is_some() {
        return false;
    }
    // Column `c` holds haystack char `c - 1`; a cell's bit is set once its bonus is written.
    // The row starts with only the cell before the first match reset.
    let mut written: u64 = 1 << first[0];
    for (i, p) in pattern.chars().enumerate().step_by(2) {
        for col in first[i] + 1..=len {
            if hay[col - 1] == p {
                // A match reads the bonus of the cell to its left, then writes it.
                if written & (1 << (col - 1)) == 0 {
                    return true;
                }
            } else {
                written |= 1 << col;
            }
        }
    }
    false
}

/// The char indices skim matches `pattern` at in `hay`. Off the hot path, so always from a fresh
/// matcher: its position-tracking mode reads stale cells in more cases (see [`skim_score`]).
fn skim_positions(hay: &str, pattern: &str) -> Option<Vec<usize>> {
    let fresh = SkimMatcherV2::default().respect_case();
    fresh.fuzzy_indices(hay, pattern).map(|(_, at)| at)
}

/// The most one pattern char can add to a skim score (see [`Term::score_bound`]).
pub(super) const SCORE_PER_CHAR_BOUND: i64 = 32;

/// The same when the field's first char is not matched: no doubled bonus anywhere.
pub(super) const SCORE_PER_CHAR_BOUND_OFF_START: i64 = 24;

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

    /// An upper bound on this term's raw score in any field. In the skim scorer each pattern
    /// char adds at most its match score (16) plus a bonus of at most 16 (a word head, doubled
    /// on a field's first char); gaps only subtract. A test holds the scorer to this.
    pub(super) fn score_bound(&self) -> i64 {
        let chars = self.folded.chars().count() as i64;
        (SCORE_PER_CHAR_BOUND * chars).clamp(1, MAX_FIELD_SCORE)
    }

    /// [`Term::score_bound`] for a field whose first char is not the pattern's first: only
    /// the pattern's first char can match there, and only there is the head bonus doubled, so
    /// every char's bonus is at most 8.
    pub(super) fn score_bound_off_start(&self) -> i64 {
        let chars = self.folded.chars().count() as i64;
        (SCORE_PER_CHAR_BOUND_OFF_START * chars).clamp(1, MAX_FIELD_SCORE)
    }

    /// True when the field begins with the pattern's first char, as the scorer compares them.
    pub(super) fn starts_field(&self, folded: &str, original: &str) -> bool {
        let (hay, pattern) = self.pair(folded, original);
        hay.chars().next().is_some_and(|c| pattern.starts_with(c))
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
        skim_score(hay, pattern).map_or(0, |s| {
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
        skim_positions(hay, pattern)
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
