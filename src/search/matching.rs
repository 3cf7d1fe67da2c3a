//! How one search term meets one field: the tiers of a match, strongest first, and the scorer.
//!
//! A term and a field are both folded ([`super::fold`]). The term then hits the field as:
//! - a whole word or phrase ([`Tier::Word`]): "decor" in "home decor";
//! - a word prefix ([`Tier::Prefix`]): "fish" in "fishing";
//! - a substring ([`Tier::Substring`]): "shing" in "fishing";
//! - a typo-tolerant fuzzy match ([`Tier::Fuzzy`]), scored by fuzzy-matcher's skim scorer, that
//!   may skip a few letters inside one word ("dropshiping") and may join words ("sidehustle",
//!   "3dprinting") but never picks letters scattered across word gaps: "home" does not match
//!   "wholesale trade / b2b e-commerce", "tem" does not match "livestreamers".
//!
//! A term shorter than [`SHORT`] chars only hits at the start of a word, so a short query stays
//! a prefix match. Each tier also has a [`Tier::Candidate`] floor: the term's chars appear in
//! order. Candidates are what an incremental search keeps, since typing on can only shrink them.

use std::sync::LazyLock;

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use super::fold::{fold_with_map, is_word_char};

/// Terms shorter than this many chars only match at the start of a word.
pub const SHORT: usize = 3;

/// How a term hit a field, weakest first; the engine adds [`Tier::Name`] for the name or id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Tier {
    /// No hit, and not even the term's chars in order.
    None = 0,
    /// The term's chars in order, but no match: kept only so typing on stays incremental.
    Candidate = 1,
    /// A fuzzy match within a word, or words joined.
    Fuzzy = 2,
    /// The term inside a word.
    Substring = 3,
    /// The term at the start of a word.
    Prefix = 4,
    /// The term as a whole word (or phrase).
    Word = 5,
    /// A word or word prefix of the program's name or id.
    Name = 6,
}

impl Tier {
    /// Every tier, weakest first: a raw score's tier bits index it.
    pub(super) const ALL: [Tier; 7] = [
        Tier::None,
        Tier::Candidate,
        Tier::Fuzzy,
        Tier::Substring,
        Tier::Prefix,
        Tier::Word,
        Tier::Name,
    ];

    /// The tier of a raw score.
    pub fn of(raw: i32) -> Tier {
        Tier::ALL
            .get(usize::try_from(raw >> REFINE_BITS).unwrap_or(0))
            .copied()
            .unwrap_or(Tier::None)
    }

    /// True for a real match (not [`Tier::None`] or [`Tier::Candidate`]).
    pub fn is_match(self) -> bool {
        self >= Tier::Fuzzy
    }

    /// The word shown for the tier in the relevance table and the JSON output.
    pub fn label(self) -> &'static str {
        match self {
            Tier::None => "none",
            Tier::Candidate => "candidate",
            Tier::Fuzzy => "fuzzy",
            Tier::Substring => "substring",
            Tier::Prefix => "word prefix",
            Tier::Word => "whole word",
            Tier::Name => "name",
        }
    }
}

/// Bits of a raw score below the tier: how good the hit is within its tier.
pub const REFINE_BITS: u32 = 16;
const REFINE_MAX: i32 = (1 << REFINE_BITS) - 1;

/// A raw score: the tier above, the refinement below.
fn raw(tier: Tier, refine: i32) -> i32 {
    ((tier as i32) << REFINE_BITS) | refine.clamp(0, REFINE_MAX)
}

/// Where in a field a term must sit, from its fzf operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Anchor {
    /// No operator: any tier, typos forgiven.
    Fuzzy,
    /// `'term`: the exact text, anywhere.
    Exact,
    /// `^term`: the field begins with it.
    Start,
    /// `term$`: the field ends with it.
    End,
    /// `^term$`: the whole field.
    Whole,
}

/// A folded term with how it must sit: the part of a query term that meets a field.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Pattern {
    /// Folded; for a fuzzy term, without separators ("3-d" → "3d").
    text: String,
    /// Its length in chars.
    chars: usize,
    anchor: Anchor,
}

impl Pattern {
    /// A pattern from folded text.
    pub fn new(folded: &str, anchor: Anchor) -> Self {
        let text: String = if anchor == Anchor::Fuzzy {
            let joined: String = folded.chars().filter(|&c| is_word_char(c)).collect();
            if joined.is_empty() {
                folded.to_string()
            } else {
                joined
            }
        } else {
            folded.to_string()
        };
        Pattern {
            chars: text.chars().count(),
            text,
            anchor,
        }
    }

    /// The folded text the pattern looks for.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// How it must sit.
    #[cfg(test)]
    pub fn anchor(&self) -> Anchor {
        self.anchor
    }

    /// How many letters a fuzzy match may skip inside words: none below 4 chars, then one
    /// more every 4.
    fn budget(&self) -> u32 {
        u32::try_from(self.chars / 4).unwrap_or(u32::MAX)
    }

    /// The raw score of this pattern in one folded field (`Tier` above [`REFINE_BITS`]).
    pub fn score(&self, hay: &str) -> i32 {
        // The text is checked last: a longer term does not pay for the check.
        if let ([byte], Anchor::Fuzzy | Anchor::Exact) = (self.text.as_bytes(), self.anchor)
            && hay.is_ascii()
        {
            // A query's first key over every field: a one-byte term in ASCII text is found and
            // placed byte by byte, in one pass instead of three (is it there, where, which tier).
            return match best_ascii_occurrence(*byte, hay.as_bytes()) {
                Some(tier) => self.occurrence_score(tier, hay),
                None => 0,
            };
        }
        self.score_char_by_char(hay)
    }

    /// [`Pattern::score`] for any pattern and text, char by char.
    fn score_char_by_char(&self, hay: &str) -> i32 {
        if !is_subsequence(&self.text, hay) {
            return 0;
        }
        let candidate = raw(Tier::Candidate, 0);
        let best = match self.anchor {
            Anchor::Fuzzy | Anchor::Exact => self.best_occurrence(hay),
            Anchor::Start => hay
                .starts_with(&self.text)
                .then(|| self.occurrence_tier(hay, 0)),
            Anchor::End => hay
                .ends_with(&self.text)
                .then(|| self.occurrence_tier(hay, hay.len() - self.text.len())),
            Anchor::Whole => (hay == self.text).then_some(Tier::Word),
        };
        if let Some(tier) = best {
            return self.occurrence_score(tier, hay);
        }
        if self.anchor != Anchor::Fuzzy || self.chars < SHORT {
            return candidate;
        }
        match self.align(hay) {
            Some((0, at_word_start)) => {
                // Words joined with nothing skipped ("sidehustle"): as strong as a substring,
                // or a word prefix when it starts a word.
                let tier = if at_word_start {
                    Tier::Prefix
                } else {
                    Tier::Substring
                };
                raw(tier, occurrence_refine(hay, &self.text) / 2)
            }
            Some(_) => raw(Tier::Fuzzy, skim_score(hay, &self.text).unwrap_or(1) as i32),
            None => candidate,
        }
    }

    /// The raw score of the pattern's best exact occurrence in `hay`, made at `tier`.
    fn occurrence_score(&self, tier: Tier, hay: &str) -> i32 {
        if self.anchor == Anchor::Fuzzy && self.chars < SHORT && tier < Tier::Prefix {
            return raw(Tier::Candidate, 0);
        }
        raw(tier, occurrence_refine(hay, &self.text))
    }

    /// The tier of the best exact occurrence of the pattern in `hay`.
    fn best_occurrence(&self, hay: &str) -> Option<Tier> {
        let mut chars = self.text.chars();
        match (chars.next(), chars.next()) {
            // A one-char term (every query's first key) is found with memchr: a substring
            // searcher set up for each of 100,000 fields was a tenth of that key's scan.
            (Some(c), None) => hay
                .match_indices(c)
                .map(|(at, _)| self.occurrence_tier(hay, at))
                .max(),
            _ => hay
                .match_indices(self.text.as_str())
                .map(|(at, _)| self.occurrence_tier(hay, at))
                .max(),
        }
    }

    /// The tier of the occurrence at byte `at`.
    fn occurrence_tier(&self, hay: &str, at: usize) -> Tier {
        let before = hay[..at].chars().next_back();
        let after = hay[at + self.text.len()..].chars().next();
        let starts = before.is_none_or(|c| !is_word_char(c));
        let ends = after.is_none_or(|c| !is_word_char(c));
        match (starts, ends) {
            (true, true) => Tier::Word,
            (true, false) => Tier::Prefix,
            _ => Tier::Substring,
        }
    }

    /// The cheapest alignment of the pattern in `hay` within the budget: (letters skipped,
    /// whether it starts a word).
    fn align(&self, hay: &str) -> Option<(u32, bool)> {
        let key = if self.text.is_ascii() && hay.is_ascii() {
            align(
                self.text.as_bytes(),
                hay.as_bytes(),
                |b| b.is_ascii_alphanumeric(),
                None,
            )
        } else {
            let pat: Vec<char> = self.text.chars().collect();
            let hay: Vec<char> = hay.chars().collect();
            align(&pat, &hay, is_word_char, None)
        }?;
        let cost = key / 2;
        (cost <= self.budget()).then_some((cost, key % 2 == 0))
    }

    /// The folded char indices this pattern hits in folded `hay`, when it matches there.
    pub fn positions_folded(&self, hay: &str) -> Option<Vec<usize>> {
        let score = self.score(hay);
        let tier = Tier::of(score);
        if !tier.is_match() {
            return None;
        }
        let char_at = |byte: usize| hay[..byte].chars().count();
        let run = |byte: usize| {
            let start = char_at(byte);
            Some((start..start + self.chars).collect())
        };
        match self.anchor {
            Anchor::Start | Anchor::Whole => return run(0),
            Anchor::End => return run(hay.len() - self.text.len()),
            Anchor::Fuzzy | Anchor::Exact => {}
        }
        // The best occurrence, when the tier came from one.
        let best = hay
            .match_indices(self.text.as_str())
            .map(|(at, _)| (self.occurrence_tier(hay, at), std::cmp::Reverse(at)))
            .max();
        if let Some((found, std::cmp::Reverse(at))) = best
            && found == tier
        {
            return run(at);
        }
        let pat: Vec<char> = self.text.chars().collect();
        let chars: Vec<char> = hay.chars().collect();
        let mut table = Vec::new();
        align(&pat, &chars, is_word_char, Some(&mut table))?;
        Some(backtrack(&pat, &chars, &table))
    }

    /// The char indices of the original `text` this pattern hits, when it matches there.
    pub fn positions(&self, text: &str) -> Option<Vec<usize>> {
        let (folded, map) = fold_with_map(text);
        let at = self.positions_folded(&folded)?;
        let mut out: Vec<usize> = at.iter().filter_map(|&i| map.get(i).copied()).collect();
        out.dedup();
        Some(out)
    }
}

/// [`Pattern::best_occurrence`] of the one-byte pattern `byte` in ASCII `hay`, where every
/// char is one byte and a word char is an ASCII letter or digit; `None` when it is not there.
fn best_ascii_occurrence(byte: u8, hay: &[u8]) -> Option<Tier> {
    let word_char = |at: Option<&u8>| at.is_some_and(u8::is_ascii_alphanumeric);
    let mut best = None;
    for (at, _) in hay.iter().enumerate().filter(|&(_, &b)| b == byte) {
        let starts = !word_char(at.checked_sub(1).and_then(|before| hay.get(before)));
        let ends = !word_char(hay.get(at + 1));
        let tier = match (starts, ends) {
            (true, true) => Tier::Word,
            (true, false) => Tier::Prefix,
            _ => Tier::Substring,
        };
        best = best.max(Some(tier));
    }
    best
}

/// How good an exact hit is within its tier: the whole field best, then shorter fields.
fn occurrence_refine(hay: &str, pattern: &str) -> i32 {
    if hay == pattern {
        REFINE_MAX
    } else {
        REFINE_MAX / 2
            - i32::try_from(hay.len())
                .unwrap_or(REFINE_MAX / 2)
                .min(REFINE_MAX / 2)
    }
}

/// True when `needle`'s chars appear in `hay` in order. Byte by byte is exact for UTF-8: a
/// char's bytes match only that char's bytes, in order.
pub fn is_subsequence(needle: &str, hay: &str) -> bool {
    let needle = needle.as_bytes();
    if needle.len() > hay.len() {
        return false;
    }
    let mut want = 0;
    for &b in hay.as_bytes() {
        if want == needle.len() {
            return true;
        }
        if needle[want] == b {
            want += 1;
        }
    }
    want == needle.len()
}

const INF: u32 = u32::MAX;

/// The cheapest way to lay `pat` over `hay`, as a key `2 × letters skipped + (1 if it does not
/// start a word)`. Between two matched chars only letters of the same word may be skipped, or
/// only separators (joining words); never both. With `table`, every row is kept for
/// [`backtrack`]: `table[k * n + i]` is the best key with pattern char `k` at hay char `i`.
fn align<T: Copy + Eq>(
    pat: &[T],
    hay: &[T],
    is_word: impl Fn(T) -> bool,
    mut table: Option<&mut Vec<u32>>,
) -> Option<u32> {
    let n = hay.len();
    if pat.is_empty() || n == 0 {
        return None;
    }
    let mut prev = vec![INF; n];
    let mut cur = vec![INF; n];
    for (i, &c) in hay.iter().enumerate() {
        if c == pat[0] && is_word(c) {
            let starts = i == 0 || !is_word(hay[i - 1]);
            prev[i] = u32::from(!starts);
        }
    }
    if let Some(t) = table.as_deref_mut() {
        t.clear();
        t.extend_from_slice(&prev);
    }
    for &want in &pat[1..] {
        cur.fill(INF);
        // The best key of a match earlier in this word, less 2 per char up to and including it.
        let mut in_word = i64::from(INF);
        // The key of a match ending the previous word, when only separators came since.
        let mut across = INF;
        for i in 0..n {
            let c = hay[i];
            if !is_word(c) {
                if i > 0 && is_word(hay[i - 1]) {
                    across = prev[i - 1];
                }
                in_word = i64::from(INF);
                continue;
            }
            let mut best = i64::from(INF);
            if in_word < i64::from(INF) {
                best = in_word + 2 * i as i64;
            }
            if i > 0 && !is_word(hay[i - 1]) {
                best = best.min(i64::from(across));
                across = INF;
            }
            if c == want && best < i64::from(INF) {
                cur[i] = u32::try_from(best).unwrap_or(INF);
            }
            if prev[i] != INF {
                in_word = in_word.min(i64::from(prev[i]) - 2 * (i as i64 + 1));
            }
        }
        std::mem::swap(&mut prev, &mut cur);
        if let Some(t) = table.as_deref_mut() {
            t.extend_from_slice(&prev);
        }
        if prev.iter().all(|&k| k == INF) {
            return None;
        }
    }
    prev.into_iter().min().filter(|&k| k != INF)
}

/// The hay char indices of one cheapest alignment, from [`align`]'s table.
fn backtrack(pat: &[char], hay: &[char], table: &[u32]) -> Vec<usize> {
    let n = hay.len();
    let m = pat.len();
    let row = |k: usize| &table[k * n..(k + 1) * n];
    let Some((mut i, _)) = row(m - 1)
        .iter()
        .enumerate()
        .filter(|(_, k)| **k != INF)
        .min_by_key(|(_, k)| **k)
    else {
        return Vec::new();
    };
    let mut at = vec![i];
    for k in (0..m - 1).rev() {
        let key = row(k + 1)[i];
        let found = (0..i).rev().find(|&j| {
            let kj = row(k)[j];
            if kj == INF {
                return false;
            }
            let between = &hay[j + 1..i];
            if between.iter().all(|&c| is_word_char(c)) {
                kj + 2 * between.len() as u32 == key
            } else {
                !between.is_empty() && between.iter().all(|&c| !is_word_char(c)) && kj == key
            }
        });
        match found {
            Some(j) => {
                at.push(j);
                i = j;
            }
            None => break,
        }
    }
    at.reverse();
    at
}

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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The one-byte shortcut in ASCII text (each query's first key) scores as the path
        /// for any text does: word starts and ends beside separators, digits and the text's
        /// edges, repeats, a whole-field hit, and non-ASCII text (where it is not taken).
        #[test]
        fn a_one_byte_term_scores_as_the_char_by_char_path(
            hay in "[ad3 ._é-]{0,12}",
            byte in "[ad3 ._-]",
            exact: bool,
        ) {
            let anchor = if exact { Anchor::Exact } else { Anchor::Fuzzy };
            let pattern = Pattern::new(&byte, anchor);
            prop_assert_eq!(pattern.text().len(), 1);
            prop_assert_eq!(pattern.score(&hay), pattern.score_char_by_char(&hay));
        }
    }

    fn tier(pattern: &str, hay: &str) -> Tier {
        Tier::of(Pattern::new(pattern, Anchor::Fuzzy).score(hay))
    }

    #[test]
    fn tiers_run_from_whole_word_to_fuzzy() {
        assert_eq!(tier("decor", "home decor"), Tier::Word);
        assert_eq!(tier("home decor", "home decor"), Tier::Prefix); // joined, no space
        assert_eq!(tier("fish", "fishing"), Tier::Prefix);
        assert_eq!(tier("shing", "fishing"), Tier::Substring);
        assert_eq!(tier("dropshiping", "dropshipping"), Tier::Fuzzy);
        assert_eq!(tier("sidehustle", "side hustles"), Tier::Prefix);
        assert_eq!(tier("3dprinting", "3d printing"), Tier::Prefix);
        assert_eq!(tier("3-d", "3d printing"), Tier::Word);
    }

    #[test]
    fn a_one_char_term_scores_as_the_substring_search_scored_it() {
        let fields = [
            "d",
            "dd",
            "home decor",
            "3d printing",
            "drones & drums",
            "ädd",
            "café d'été",
            "d-d d",
            "x",
            "",
            "日本 d",
        ];
        for c in ["d", "é", "x", "3", "日"] {
            for anchor in [Anchor::Fuzzy, Anchor::Exact] {
                let pattern = Pattern::new(c, anchor);
                for hay in fields {
                    let by_substring = hay
                        .match_indices(c)
                        .map(|(at, _)| pattern.occurrence_tier(hay, at))
                        .max();
                    assert_eq!(
                        pattern.best_occurrence(hay),
                        by_substring,
                        "{c:?} in {hay:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn no_letter_soup() {
        assert!(!tier("home", "wholesale trade / b2b e-commerce").is_match());
        assert!(!tier("decor", "wholesale trade / b2b e-commerce").is_match());
        assert!(!tier("tem", "livestreamers").is_match());
        assert!(!tier("hmdecor", "home decor").is_match());
        assert_eq!(tier("tem", "livestreamers"), Tier::Candidate);
    }

    #[test]
    fn a_short_term_only_starts_a_word() {
        assert_eq!(tier("ho", "home decor"), Tier::Prefix);
        assert_eq!(tier("de", "home decor"), Tier::Prefix);
        assert_eq!(tier("om", "home decor"), Tier::Candidate);
        let exact = Pattern::new("om", Anchor::Exact);
        assert_eq!(Tier::of(exact.score("home")), Tier::Substring);
    }

    #[test]
    fn anchors() {
        let start = Pattern::new("home", Anchor::Start);
        assert!(Tier::of(start.score("home decor")).is_match());
        assert!(!Tier::of(start.score("my home")).is_match());
        let end = Pattern::new("decor", Anchor::End);
        assert!(Tier::of(end.score("home decor")).is_match());
        assert!(!Tier::of(end.score("decor ideas")).is_match());
        let whole = Pattern::new("fishing", Anchor::Whole);
        assert!(Tier::of(whole.score("fishing")).is_match());
        assert!(!Tier::of(whole.score("fly fishing")).is_match());
    }

    #[test]
    fn positions_follow_the_alignment_back_to_the_original() {
        let p = Pattern::new("decor", Anchor::Fuzzy);
        assert_eq!(p.positions("Home Décor"), Some(vec![5, 6, 7, 8, 9]));
        let p = Pattern::new("sidehustle", Anchor::Fuzzy);
        assert_eq!(
            p.positions("side hustles"),
            Some(vec![0, 1, 2, 3, 5, 6, 7, 8, 9, 10])
        );
        let p = Pattern::new("dropshiping", Anchor::Fuzzy);
        assert_eq!(p.positions("dropshipping").map(|v| v.len()), Some(11));
        assert_eq!(
            Pattern::new("tem", Anchor::Fuzzy).positions("livestreamers"),
            None
        );
    }
}
