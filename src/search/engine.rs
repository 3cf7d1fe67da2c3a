//! The scan: every candidate profile against every term, in parallel chunks that can be
//! abandoned, then the ranking.
//!
//! Each term gets a table of scores over the index's distinct strings, filled lazily: a string
//! is tested (mask, subsequence, then the skim scorer) the first time any profile holding it is
//! scanned, and its score is then read back for every other profile that holds it. Racing
//! threads may fill the same entry twice; both write the same value.

use std::cmp::Reverse;
use std::ops::Range;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI32, Ordering::Relaxed};

use rayon::prelude::*;

use super::index::{FieldKind, SearchIndex};
use super::query::{Query, Term};
use super::{Match, MatchedField};

/// Profiles per unit of parallel work; cancellation is checked between units.
pub(super) const CHUNK: usize = 1024;

/// How many of the best early matches a partial result carries: a few screens' worth.
const PARTIAL_ROWS: usize = 1000;

/// A table entry not yet computed.
const UNKNOWN: i32 = -1;

/// The weight of a hit in a program's name.
const NAME_WEIGHT: i64 = FieldKind::Name.weight();

/// One term's scores over every distinct string of an index (0: no match).
pub(super) struct TermTable {
    term: Term,
    scores: Vec<AtomicI32>,
    /// The most a name hit can weigh for this term: below the best other hit, the name is
    /// not worth scoring.
    name_bound: i64,
    /// The same for a name that does not start with the term's first char.
    name_bound_off_start: i64,
}

impl TermTable {
    fn new(term: &Term, strings: usize, spares: &mut Spares) -> Self {
        TermTable {
            term: term.clone(),
            scores: spares.take(strings),
            name_bound: term.score_bound() * NAME_WEIGHT,
            name_bound_off_start: term.score_bound_off_start() * NAME_WEIGHT,
        }
    }

    /// The raw scorer score of string `s`, computed on first use.
    #[inline]
    fn score(&self, index: &SearchIndex, s: usize) -> i32 {
        let known = self.scores[s].load(Relaxed);
        if known != UNKNOWN {
            return known;
        }
        self.fill(index, s)
    }

    /// Whether name string `name` could score more than `best` once weighted; ties count, as
    /// the name wins them.
    #[inline]
    fn name_may_reach(&self, index: &SearchIndex, name: usize, best: i64) -> bool {
        if best <= self.name_bound_off_start {
            true
        } else if best > self.name_bound {
            false
        } else {
            let (folded, original) = (index.folded(name), index.original(name));
            self.term.starts_field(folded, original)
        }
    }

    #[inline(never)]
    fn fill(&self, index: &SearchIndex, s: usize) -> i32 {
        let score = self
            .term
            .score(index.folded(s), index.original(s), index.string_mask(s));
        self.scores[s].store(score, Relaxed);
        score
    }
}

/// Score tables no longer used, kept for reuse: a table is as long as the index has distinct
/// strings, and allocating and freeing one per keystroke costs more than refilling one.
#[derive(Default)]
pub(super) struct Spares(Vec<Vec<AtomicI32>>);

impl Spares {
    /// How many tables are kept at most.
    const MAX: usize = 4;

    /// A table of `len` unknown scores.
    fn take(&mut self, len: usize) -> Vec<AtomicI32> {
        match self.0.pop() {
            Some(table) if table.len() == len => {
                table
                    .par_iter()
                    .with_min_len(1 << 14)
                    .for_each(|s| s.store(UNKNOWN, Relaxed));
                table
            }
            _ => (0..len).map(|_| AtomicI32::new(UNKNOWN)).collect(),
        }
    }

    /// Keeps the storage of those `tables` nothing else holds.
    pub(super) fn recycle(&mut self, tables: Vec<Arc<TermTable>>) {
        for table in tables {
            if self.0.len() < Self::MAX
                && let Ok(table) = Arc::try_unwrap(table)
            {
                self.0.push(table.scores);
            }
        }
    }
}

/// What a finished search leaves for the next one to build on.
pub(super) struct State {
    pub(super) query: Query,
    /// One table per term; emptied once a newer state takes over, to bound memory.
    pub(super) tables: Vec<Arc<TermTable>>,
    /// The profiles that matched, ascending.
    survivors: Vec<u32>,
}

/// What a scan finds: the matching programs in scan order, one part per chunk (so joining
/// chunks copies nothing), and a sort key for each.
#[derive(Default)]
struct Found {
    parts: Vec<Vec<Match>>,
    keys: Vec<RankKey>,
    /// A score too large for [`RankKey::order`], so ranking must compare scores in full.
    wide: bool,
}

/// Bits of [`RankKey::at`] that count within a part; a part never holds more than a chunk.
const PART_BITS: u32 = CHUNK.trailing_zeros();
const _: () = assert!(CHUNK.is_power_of_two());

impl Found {
    /// Records a match found in the part being filled (the last).
    fn push(&mut self, found: Match, rank: u32) {
        if self.parts.is_empty() {
            self.parts.push(Vec::with_capacity(CHUNK));
            self.keys.reserve(CHUNK);
        }
        let last = self.parts.len() - 1;
        let at = ((last as u32) << PART_BITS) | self.parts[last].len() as u32;
        let score = u32::try_from(found.score).unwrap_or_else(|_| {
            self.wide = true;
            u32::MAX
        });
        let order = (u64::from(u32::MAX - score) << 32) | u64::from(rank);
        self.keys.push(RankKey { order, at });
        self.parts[last].push(found);
    }

    /// Moves this scratch part's contents out into exactly sized buffers, keeping the
    /// scratch buffers' room for the next chunk.
    fn take_exact(&mut self) -> Found {
        let exact = Found {
            parts: self.parts.iter().map(|p| p.to_vec()).collect(),
            keys: self.keys.to_vec(),
            wide: self.wide,
        };
        self.parts.iter_mut().for_each(Vec::clear);
        self.keys.clear();
        self.wide = false;
        exact
    }

    /// Adds `other`'s parts after this one's.
    fn append(&mut self, other: Found) {
        let shift = (self.parts.len() as u32) << PART_BITS;
        self.keys.extend(other.keys.iter().map(|k| RankKey {
            at: k.at + shift,
            ..*k
        }));
        self.parts.extend(other.parts);
        self.wide |= other.wide;
    }

    fn get(&self, at: u32) -> &Match {
        &self.parts[(at >> PART_BITS) as usize][(at & ((1 << PART_BITS) - 1)) as usize]
    }

    /// Every match, in scan order.
    fn matches(&self) -> impl Iterator<Item = &Match> {
        self.parts.iter().flatten()
    }

    /// `keys`' matches ranked, or only the best `limit` of them.
    fn ranked(&self, mut keys: Vec<RankKey>, limit: usize) -> Vec<Match> {
        if self.wide {
            let order = |a: &RankKey, b: &RankKey| {
                let score = |k: &RankKey| self.get(k.at).score;
                score(b).cmp(&score(a)).then(a.order.cmp(&b.order))
            };
            if keys.len() > limit {
                keys.select_nth_unstable_by(limit, order);
                keys.truncate(limit);
            }
            keys.par_sort_unstable_by(order);
        } else {
            if keys.len() > limit {
                keys.select_nth_unstable_by_key(limit, |k| k.order);
                keys.truncate(limit);
            }
            keys.par_sort_unstable_by_key(|k| k.order);
        }
        keys.par_iter().map(|k| *self.get(k.at)).collect()
    }
}

/// 16 bytes that sort on their own, with no lookups, so sorting a million stays cheap.
#[derive(Clone, Copy)]
struct RankKey {
    /// Score descending, then folded name, then index: the score (up to `u32::MAX`) inverted
    /// above the profile's [`SearchIndex::rank`].
    order: u64,
    /// Where the match is: part, then place in it.
    at: u32,
}

/// The profiles a search looks at: the whole catalog, or the survivors of a broader query.
#[derive(Clone, Copy)]
enum Candidates<'a> {
    /// Every profile in the index: this many.
    Everything(usize),
    /// Only these profiles, by index: the survivors of the broader query.
    Survivors(&'a [u32]),
}

impl Candidates<'_> {
    fn len(self) -> usize {
        match self {
            Candidates::Everything(n) => n,
            Candidates::Survivors(list) => list.len(),
        }
    }
}

/// Runs `query` over the index, or over `base`'s survivors when `query` types on from it.
/// Returns `None` when `cancel` says so between chunks. When there are more than
/// `partial_after` candidates, the best matches among the first `partial_after` are handed to
/// `on_partial` before the rest are scanned.
pub(super) fn run(
    index: &SearchIndex,
    query: &Query,
    base: Option<&State>,
    cancel: &(dyn Fn() -> bool + Sync),
    on_partial: &mut dyn FnMut(Vec<Match>),
    partial_after: usize,
    spares: &mut Spares,
) -> Option<(Vec<Match>, Option<State>)> {
    if query.is_empty() {
        let all = index.by_name().iter().map(|&p| Match {
            index: p as usize,
            score: 0,
            field: MatchedField::Name,
        });
        return Some((all.collect(), None));
    }
    let tables: Vec<Arc<TermTable>> = query
        .terms()
        .iter()
        .enumerate()
        .map(|(i, term)| match base.and_then(|b| b.tables.get(i)) {
            Some(old) if old.term == *term => Arc::clone(old),
            _ => Arc::new(TermTable::new(term, index.string_count(), spares)),
        })
        .collect();
    let candidates = match base {
        Some(state) => Candidates::Survivors(&state.survivors),
        None => Candidates::Everything(index.len()),
    };
    let scan = Scan::new(index, &tables);
    let total = candidates.len();
    let mut found = if total > partial_after {
        let mut first = scan.run(candidates, 0..partial_after, cancel)?;
        on_partial(first.ranked(first.keys.clone(), PARTIAL_ROWS));
        first.append(scan.run(candidates, partial_after..total, cancel)?);
        first
    } else {
        scan.run(candidates, 0..total, cancel)?
    };
    let survivors = found.matches().map(|m| m.index as u32).collect();
    let keys = std::mem::take(&mut found.keys);
    let matches = found.ranked(keys, usize::MAX);
    let state = State {
        query: query.clone(),
        tables,
        survivors,
    };
    Some((matches, Some(state)))
}

/// The terms of one search, in the order they are tried on each profile.
struct Scan<'a> {
    index: &'a SearchIndex,
    /// (position in the query, table), most selective-looking (longest) first, so most
    /// profiles are turned away by the first term tried.
    terms: Vec<(usize, &'a TermTable)>,
    /// Every term's mask together: a profile must have all of these chars.
    mask: u64,
}

impl<'a> Scan<'a> {
    fn new(index: &'a SearchIndex, tables: &'a [Arc<TermTable>]) -> Self {
        let mut terms: Vec<(usize, &TermTable)> =
            tables.iter().map(|t| t.as_ref()).enumerate().collect();
        terms.sort_by_key(|(_, t)| Reverse(t.term.pattern_len()));
        let mask = tables.iter().fold(0, |m, t| m | t.term.mask());
        Scan { index, terms, mask }
    }

    /// Scans `candidates[range]` in parallel chunks; `None` once `cancel` returns true.
    fn run(
        &self,
        candidates: Candidates<'_>,
        range: Range<usize>,
        cancel: &(dyn Fn() -> bool + Sync),
    ) -> Option<Found> {
        let stop = AtomicBool::new(false);
        let chunks = range.len().div_ceil(CHUNK);
        let parts: Vec<Found> = (0..chunks)
            .into_par_iter()
            .map_init(Found::default, |scratch, c| {
                if stop.load(Relaxed) || cancel() {
                    stop.store(true, Relaxed);
                    return Found::default();
                }
                let lo = range.start + c * CHUNK;
                let hi = (lo + CHUNK).min(range.end);
                match candidates {
                    Candidates::Everything(_) => self.chunk(lo..hi, scratch),
                    Candidates::Survivors(list) => {
                        self.chunk(list[lo..hi].iter().map(|&p| p as usize), scratch);
                    }
                }
                scratch.take_exact()
            })
            .collect();
        if stop.load(Relaxed) {
            return None;
        }
        let mut all = Found::default();
        for part in parts {
            all.append(part);
        }
        Some(all)
    }

    /// The hot loop: no allocation but `out` growing.
    fn chunk(&self, profiles: impl Iterator<Item = usize>, out: &mut Found) {
        let index = self.index;
        let (slot_string, slot_tag) = index.slot_tables();
        'profiles: for p in profiles {
            if index.profile_mask(p) & self.mask != self.mask {
                continue;
            }
            let slots = index.slots(p);
            let strings = &slot_string[slots.clone()];
            let tags = &slot_tag[slots];
            let (mut total, mut best, mut best_term, mut best_slot) = (0i64, 0i64, 0usize, 0usize);
            for &(position, table) in &self.terms {
                let (mut term_best, mut term_slot) = (0i64, 0usize);
                let scores = table.scores.as_slice();
                // Slot 0 is the name. It is tried last: it is almost always a string of its
                // own, so the one costly to score, and a strong enough hit elsewhere makes it
                // moot. Ties go to the earliest slot, so the name wins them.
                for (offset, (&s, &tag)) in strings.iter().zip(tags).enumerate().skip(1) {
                    let s = s as usize;
                    let mut raw = scores.get(s).map_or(0, |known| known.load(Relaxed));
                    if raw == UNKNOWN {
                        raw = table.fill(index, s);
                    }
                    let weighted = i64::from(raw) * tag.weight();
                    if weighted > term_best {
                        (term_best, term_slot) = (weighted, offset);
                    }
                }
                if let Some(&name) = strings.first()
                    && table.name_may_reach(index, name as usize, term_best)
                {
                    let weighted = i64::from(table.score(index, name as usize)) * NAME_WEIGHT;
                    if weighted > 0 && weighted >= term_best {
                        (term_best, term_slot) = (weighted, 0);
                    }
                }
                if term_best == 0 {
                    continue 'profiles;
                }
                total += term_best;
                // Ties go to the earlier term, whatever order the terms are tried in.
                if term_best > best || (term_best == best && position < best_term) {
                    (best, best_term, best_slot) = (term_best, position, term_slot);
                }
            }
            let found = Match {
                index: p,
                score: total,
                // Worked out here, while the profile's slots are in cache.
                field: index.slot_field(p, best_slot),
            };
            out.push(found, index.rank(p));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_too_large_for_the_packed_key_still_rank_exactly() {
        let mut found = Found::default();
        let hit = |index, score| Match {
            index,
            score,
            field: MatchedField::Name,
        };
        found.push(hit(0, 5_000_000_000), 2);
        found.push(hit(1, 6_000_000_000), 1);
        found.push(hit(2, 7), 0);
        found.push(hit(3, 5_000_000_000), 0);
        let keys = found.keys.clone();
        let ranked: Vec<usize> = found
            .ranked(keys, usize::MAX)
            .iter()
            .map(|m| m.index)
            .collect();
        assert_eq!(ranked, [1, 3, 0, 2]);
        let keys = found.keys.clone();
        let best: Vec<usize> = found.ranked(keys, 2).iter().map(|m| m.index).collect();
        assert_eq!(best, [1, 3]);
    }
}
