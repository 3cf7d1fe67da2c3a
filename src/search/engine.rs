//! The scan: every candidate profile against the query's filters and terms, in parallel
//! chunks that can be abandoned, then the ranking.
//!
//! Each term gets a table of raw scores over the index's distinct strings, filled lazily: a
//! string is tested (mask, then the matcher) the first time any profile holding it is scanned,
//! and its score is then read back for every other profile that holds it. Beside it, the
//! term's best slot in each profile, also filled on first use, so a term kept while the next
//! one is typed (`^drop | tik` → `^drop | tikt`) costs one read per profile instead of a pass
//! over its fields. Racing threads may fill the same entry twice; both write the same value.

use std::ops::Range;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI32, AtomicU64, Ordering::Relaxed};

use rayon::prelude::*;

use super::Match;
use super::index::{FieldKind, FilterColumn, Outcome, SearchIndex, SlotTag};
use super::matching::{REFINE_BITS, Tier};
use super::query::{FieldFilter, Query, Scope, Term};
use super::spares::{Spares, Storage};

/// Profiles per unit of parallel work; cancellation is checked between units.
pub(super) const CHUNK: usize = 1024;

/// How many of the best early matches a partial result carries: a few screens' worth.
const PARTIAL_ROWS: usize = 1000;

/// A table entry not yet computed.
pub(super) const UNKNOWN: i32 = -1;

/// A term's best hit in one profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Best {
    /// The hit's weighted score; 0 when no slot scores.
    score: i64,
    /// The slot it is in, by offset among the profile's slots.
    at: usize,
    /// That slot's tag, so the field the list shows beside the match is known without
    /// reading the profile's slots again (see [`SearchIndex::tagged_field`]).
    tag: SlotTag,
    /// Whether any slot was at least a candidate.
    candidate: bool,
}

impl Best {
    /// No hit, and no candidate.
    const NONE: Best = Best {
        score: 0,
        at: 0,
        tag: SlotTag::NAME,
        candidate: false,
    };
}

/// A profile's entry in [`TermTable::bests`] once known: this bit, the candidate bit, the
/// slot's tag, its offset, then the weighted score (which a tier, a weight and a quality fill
/// to 27 bits).
const KNOWN: u64 = 1 << 63;
const CANDIDATE: u64 = 1 << 62;
const SCORE_BITS: u32 = 32;
const OFFSET_BITS: u32 = 14;
const TAG_SHIFT: u32 = SCORE_BITS + OFFSET_BITS;
const _: () = assert!(TAG_SHIFT + u16::BITS == 62);

/// [`TermTable::best`]'s answer as one word, when it fits.
fn pack(best: Best) -> Option<u64> {
    let score = u64::try_from(best.score)
        .ok()
        .filter(|b| *b < 1 << SCORE_BITS)?;
    let at = u64::try_from(best.at)
        .ok()
        .filter(|a| *a < 1 << OFFSET_BITS)?;
    let candidate = if best.candidate { CANDIDATE } else { 0 };
    let tag = u64::from(best.tag.bits()) << TAG_SHIFT;
    Some(KNOWN | candidate | tag | (at << SCORE_BITS) | score)
}

/// What [`pack`] packed.
fn unpack(word: u64) -> Best {
    Best {
        score: (word & ((1 << SCORE_BITS) - 1)) as i64,
        at: ((word >> SCORE_BITS) & ((1 << OFFSET_BITS) - 1)) as usize,
        tag: SlotTag::from_bits((word >> TAG_SHIFT) as u16),
        candidate: word & CANDIDATE != 0,
    }
}

/// [`TermTable::slots`]' bit saying the word is known; the bits below it say which slots.
const SLOTS_KNOWN: u64 = 1 << 63;
/// [`TermTable::slots`]' bit saying the word holds the profile's one candidate slot itself
/// (see [`CandidateSlots::pack`]) instead of a bit per slot.
const ONE_SLOT: u64 = 1 << 62;
/// Slots past this offset are not recorded as bits: such a profile is read whole.
const SLOT_BITS: usize = 62;
/// Offsets a one-slot word can hold.
const ONE_SLOT_OFFSETS: usize = 1 << 14;

/// Which slots of a profile were at least candidates for a term, as a child term typed on
/// from it reads them. Most profiles have one: that slot's string and tag are kept whole, so
/// the child reads neither the profile's slots nor the index's slot arrays (at 100,000
/// programs those reads missed the cache for nearly every profile, and were most of a
/// typed-on keystroke's scan).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CandidateSlots {
    /// The one candidate slot: its offset, string and tag.
    One(usize, u32, SlotTag),
    /// A bit per candidate slot, by offset (none: no slot can score).
    Bits(u64),
}

impl CandidateSlots {
    /// The word [`TermTable::slots`] keeps, if these fit in one.
    fn pack(self) -> Option<u64> {
        match self {
            CandidateSlots::One(offset, string, tag) if offset < ONE_SLOT_OFFSETS => Some(
                SLOTS_KNOWN
                    | ONE_SLOT
                    | (offset as u64) << 48
                    | u64::from(tag.bits()) << 32
                    | u64::from(string),
            ),
            CandidateSlots::One(offset, ..) if offset < SLOT_BITS => {
                Some(SLOTS_KNOWN | 1 << offset)
            }
            CandidateSlots::One(..) => None,
            CandidateSlots::Bits(bits) => (bits >> SLOT_BITS == 0).then_some(SLOTS_KNOWN | bits),
        }
    }

    /// What [`CandidateSlots::pack`] packed; `None` for a word not known yet.
    fn unpack(word: u64) -> Option<CandidateSlots> {
        if word & SLOTS_KNOWN == 0 {
            return None;
        }
        Some(if word & ONE_SLOT != 0 {
            CandidateSlots::One(
                ((word >> 48) as usize) & (ONE_SLOT_OFFSETS - 1),
                word as u32,
                SlotTag::from_bits((word >> 32) as u16),
            )
        } else {
            CandidateSlots::Bits(word & !SLOTS_KNOWN)
        })
    }
}

/// One term's raw scores over every distinct string of an index (0: not even a candidate),
/// and its best slot in each profile.
pub(super) struct TermTable {
    term: Term,
    scores: Vec<AtomicI32>,
    /// Per profile: [`TermTable::best`] packed, or 0 while not known.
    bests: Vec<AtomicU64>,
    /// Per profile: which of its slots (by offset) are at least candidates, with
    /// [`SLOTS_KNOWN`]; 0 while not known.
    slots: Vec<AtomicU64>,
    /// The table of a term this one was typed on from (`fish` for `fishi`), while this one is
    /// being filled: a slot that is not even a candidate there is none here either, so only
    /// that table's candidate slots are read. Dropped at the end of the search that made this
    /// table, so tables never hold a chain of older ones.
    parent: Option<Arc<TermTable>>,
}

impl TermTable {
    fn new(
        term: &Term,
        index: &SearchIndex,
        spares: &mut Spares,
        parent: Option<Arc<TermTable>>,
    ) -> Self {
        let Storage {
            scores,
            bests,
            slots,
        } = spares.take(index.string_count(), index.len());
        TermTable {
            term: term.clone(),
            scores,
            bests,
            slots,
            parent,
        }
    }

    /// The table's storage, for [`Spares`] to keep.
    pub(super) fn into_storage(self) -> Storage {
        Storage {
            scores: self.scores,
            bests: self.bests,
            slots: self.slots,
        }
    }

    /// [`TermTable::best`] for profile `p`, worked out once and then read back.
    #[inline]
    fn best_of(&self, index: &SearchIndex, p: usize, strings: &[u32], tags: &[SlotTag]) -> Best {
        let cached = self.bests.get(p);
        if let Some(word) = cached.map(|c| c.load(Relaxed)).filter(|w| w & KNOWN != 0) {
            return unpack(word);
        }
        let known = |table: &TermTable| {
            CandidateSlots::unpack(table.slots.get(p).map_or(0, |w| w.load(Relaxed)))
        };
        let only = self.parent.as_deref().and_then(known);
        let (found, candidates) = self.best_within(index, strings, tags, only);
        if let (Some(cell), Some(word)) =
            (self.slots.get(p), candidates.and_then(CandidateSlots::pack))
        {
            cell.store(word, Relaxed);
        }
        if let (Some(cell), Some(word)) = (cached, pack(found)) {
            cell.store(word, Relaxed);
        }
        found
    }

    /// The raw score of string `s`, computed on first use.
    #[inline]
    fn score(&self, index: &SearchIndex, s: usize) -> i32 {
        let known = self.scores.get(s).map_or(0, |k| k.load(Relaxed));
        if known != UNKNOWN {
            return known;
        }
        self.fill(index, s)
    }

    #[inline(never)]
    fn fill(&self, index: &SearchIndex, s: usize) -> i32 {
        let score = self.term.score(index.folded(s), index.string_mask(s));
        self.scores[s].store(score, Relaxed);
        score
    }

    /// Scores every string now, in parallel and in order (see [`TermTable::fill`]).
    fn fill_all(&self, index: &SearchIndex) {
        self.scores
            .par_iter()
            .enumerate()
            .with_min_len(1 << 12)
            .for_each(|(s, cell)| {
                cell.store(
                    self.term.score(index.folded(s), index.string_mask(s)),
                    Relaxed,
                );
            });
    }

    /// Scores, in parallel and in string order, every string that was a candidate for the
    /// term this one types on from (`fish` for `fishi`); a string that was not is none here
    /// either (0), and one the parent never scored is left for the scan to score if it meets it.
    fn fill_from_parent(&self, index: &SearchIndex) {
        let Some(parent) = self.parent.as_deref() else {
            return;
        };
        self.scores
            .par_iter()
            .zip(&parent.scores)
            .enumerate()
            .with_min_len(1 << 12)
            .for_each(|(s, (cell, before))| match before.load(Relaxed) {
                UNKNOWN => {}
                0 => cell.store(0, Relaxed),
                _ => cell.store(
                    self.term.score(index.folded(s), index.string_mask(s)),
                    Relaxed,
                ),
            });
    }

    /// True when the profile with chars `profile_mask` cannot hold this term in any field:
    /// a field's chars are a subset of its profile's, so every slot would score 0.
    #[inline]
    fn absent_from(&self, profile_mask: u64) -> bool {
        let mask = self.term.mask();
        profile_mask & mask != mask
    }

    /// The best weighted score of this term among a profile's slots in its scope, and that
    /// slot's offset; also whether any slot was at least a candidate.
    #[inline]
    fn best(&self, index: &SearchIndex, strings: &[u32], tags: &[SlotTag]) -> Best {
        self.best_within(index, strings, tags, None).0
    }

    /// [`TermTable::best`], reading only the slots in `only` when given (a parent's candidate
    /// slots: no other can score), and the slots that were candidates when there are few
    /// enough to record.
    #[inline]
    fn best_within(
        &self,
        index: &SearchIndex,
        strings: &[u32],
        tags: &[SlotTag],
        only: Option<CandidateSlots>,
    ) -> (Best, Option<CandidateSlots>) {
        let scope = self.term.scope();
        let (mut best, mut at, mut best_tag) = (0i64, 0usize, SlotTag::NAME);
        let mut bits = 0u64;
        let mut one = OneCandidate::default();
        let mut visit = |offset: usize, s: u32, tag: SlotTag| {
            if !scope.has(tag.kind()) {
                return;
            }
            let raw = self.score(index, s as usize);
            if raw == 0 {
                return;
            }
            bits |= 1u64.checked_shl(offset as u32).unwrap_or(0);
            one.saw(offset, s, tag);
            let weighted = weigh(raw, tag);
            // Ties go to the earliest slot, so the name wins them.
            if weighted > best {
                (best, at, best_tag) = (weighted, offset, tag);
            }
        };
        match only {
            Some(CandidateSlots::One(offset, s, tag)) => visit(offset, s, tag),
            Some(CandidateSlots::Bits(mut only)) => {
                // Lowest offset first, as the full loop visits them.
                while only != 0 {
                    let offset = only.trailing_zeros() as usize;
                    only &= only - 1;
                    if let (Some(&s), Some(&tag)) = (strings.get(offset), tags.get(offset)) {
                        visit(offset, s, tag);
                    }
                }
            }
            None => {
                for (offset, (&s, &tag)) in strings.iter().zip(tags).enumerate() {
                    visit(offset, s, tag);
                }
            }
        }
        let recorded = match one.slot() {
            Some(slot) => Some(slot),
            // Read from a one-slot parent, `strings` may not have been looked at: only its
            // one slot could score, and it did not.
            None if matches!(only, Some(CandidateSlots::One(..))) => Some(CandidateSlots::Bits(0)),
            None => (strings.len() <= SLOT_BITS).then_some(CandidateSlots::Bits(bits)),
        };
        let found = Best {
            score: best,
            at,
            tag: best_tag,
            candidate: one.any(),
        };
        (found, recorded)
    }
}

impl TermTable {
    /// [`TermTable::best_of`] for a table whose every string is already scored (see
    /// [`TermTable::fill_all`]) and that knows no profile's best yet: every slot of the
    /// profile is read, and what was found is recorded for the keys typed after.
    ///
    /// No branch here depends on a slot's score: at a query's first key which fields hold the
    /// term's one char is a coin toss, and the general loop branches on each score (unknown,
    /// zero, better), where a wrong guess waits on that score's load (the largest part of a
    /// first key's profile). The candidate slots are kept as bits alone, and counted after,
    /// for the profiles (nearly all) with no more slots than a word has bits.
    #[inline]
    fn best_scored(&self, p: usize, strings: &[u32], tags: &[SlotTag]) -> Best {
        let scope = self.term.scope();
        let (mut best, mut at, mut best_tag) = (0i64, 0usize, SlotTag::NAME);
        let (recorded, candidate) = if strings.len() <= u64::BITS as usize {
            let mut bits = 0u64;
            for (offset, (&s, &tag)) in strings.iter().zip(tags).enumerate() {
                let (hit, weighted) = self.weigh_scored(s, tag, scope);
                // `offset` is below 64 here.
                bits |= u64::from(hit) << (offset & 63);
                // Ties go to the earliest slot, so the name wins them.
                let better = weighted > best;
                best = if better { weighted } else { best };
                at = if better { offset } else { at };
                best_tag = if better { tag } else { best_tag };
            }
            let first = bits.trailing_zeros() as usize;
            let recorded = match (strings.get(first), tags.get(first)) {
                (Some(&s), Some(&tag)) if bits.count_ones() == 1 => {
                    Some(CandidateSlots::One(first, s, tag))
                }
                _ => (strings.len() <= SLOT_BITS).then_some(CandidateSlots::Bits(bits)),
            };
            (recorded, bits != 0)
        } else {
            // Too many slots to keep as bits: only a profile's one candidate slot is kept.
            let mut one = OneCandidate::default();
            for (offset, (&s, &tag)) in strings.iter().zip(tags).enumerate() {
                let (hit, weighted) = self.weigh_scored(s, tag, scope);
                if hit {
                    one.saw(offset, s, tag);
                }
                if weighted > best {
                    (best, at, best_tag) = (weighted, offset, tag);
                }
            }
            (one.slot(), one.any())
        };
        let found = Best {
            score: best,
            at,
            tag: best_tag,
            candidate,
        };
        if let (Some(cell), Some(word)) =
            (self.slots.get(p), recorded.and_then(CandidateSlots::pack))
        {
            cell.store(word, Relaxed);
        }
        if let (Some(cell), Some(word)) = (self.bests.get(p), pack(found)) {
            cell.store(word, Relaxed);
        }
        found
    }

    /// Whether string `s` in a slot tagged `tag` is at least a candidate for this term within
    /// `scope`, and its weighted score there: [`weigh`] with the score already known, and no
    /// branch.
    #[inline]
    fn weigh_scored(&self, s: u32, tag: SlotTag, scope: Scope) -> (bool, i64) {
        let raw = self.scores.get(s as usize).map_or(0, |k| k.load(Relaxed));
        let kind = tag.kind_index();
        let in_scope = scope.has_index(kind);
        let lift = LIFTS[kind][lift_tier(raw)];
        let lift = if in_scope { lift } else { 0 };
        ((raw != 0) & in_scope, lifted(lift, raw))
    }
}

/// A profile's candidate slots for a term as a loop over its slots meets them, where they are
/// not kept as bits: the first, and whether it was the only one (the one slot worth
/// recording, see [`CandidateSlots::One`]).
#[derive(Default)]
struct OneCandidate {
    first: Option<CandidateSlots>,
    count: usize,
}

impl OneCandidate {
    /// Counts the slot at `offset`, holding string `s` tagged `tag`, as a candidate.
    #[inline]
    fn saw(&mut self, offset: usize, s: u32, tag: SlotTag) {
        self.count += 1;
        self.first
            .get_or_insert(CandidateSlots::One(offset, s, tag));
    }

    /// The candidate slot when there was exactly one.
    #[inline]
    fn slot(&self) -> Option<CandidateSlots> {
        self.first.filter(|_| self.count == 1)
    }

    /// Whether any slot was a candidate.
    #[inline]
    fn any(&self) -> bool {
        self.count > 0
    }
}

/// A raw score placed among all fields: tier (raised to [`Tier::Name`] for a word or word
/// prefix of the name or id), then the field's weight, then the hit's quality; 0 for no match.
#[inline]
fn weigh(raw: i32, tag: SlotTag) -> i64 {
    lifted(LIFTS[tag.kind_index()][lift_tier(raw)], raw)
}

/// `lift` (from [`LIFTS`]) with `raw`'s refinement below it, or 0 when `lift` is 0 (no
/// match): masked, not branched on, as whether a slot matches is a coin toss at a first key.
#[inline]
fn lifted(lift: i64, raw: i32) -> i64 {
    let refine = i64::from(raw & ((1 << REFINE_BITS) - 1));
    lift | (refine & -i64::from(lift != 0))
}

/// The column of [`LIFTS`] for raw score `raw`: its tier, or the last (all 0) for a raw
/// score with no tier (negative, or past the highest).
#[inline]
fn lift_tier(raw: i32) -> usize {
    ((raw as u32) >> REFINE_BITS).min(LIFT_TIERS as u32 - 1) as usize
}

/// Raw tiers [`LIFTS`] has a column for; past the highest tier a raw score can have, all 0.
const LIFT_TIERS: usize = 8;

/// [`weigh`]'s answer above the hit's quality, by field kind and raw tier: looked up, so
/// weighing a slot takes no branch on its tier.
const LIFTS: [[i64; LIFT_TIERS]; 16] = {
    let mut lifts = [[0; LIFT_TIERS]; 16];
    let mut k = 0;
    while k < FieldKind::ALL.len() {
        let kind = FieldKind::ALL[k];
        let mut weight = kind.weight();
        if weight < 0 {
            weight = 0;
        } else if weight > 255 {
            weight = 255;
        }
        let mut t = 0;
        while t < Tier::ALL.len() {
            let mut tier = Tier::ALL[t] as i64;
            if tier >= Tier::Fuzzy as i64 {
                if kind.names_the_program() && tier >= Tier::Prefix as i64 {
                    tier = Tier::Name as i64;
                }
                lifts[kind as usize][t] = (tier << (REFINE_BITS + 8)) | (weight << REFINE_BITS);
            }
            t += 1;
        }
        k += 1;
    }
    lifts
};

/// The tier a weighted score was made at.
fn tier_of(weighted: i64) -> Tier {
    Tier::of(i32::try_from(weighted >> 8).unwrap_or(0))
}

/// What a finished search leaves for the next one to build on.
pub(super) struct State {
    pub(super) query: Query,
    /// One table per term; emptied once a newer state takes over, to bound memory.
    pub(super) tables: Vec<Arc<TermTable>>,
    /// The profiles that passed the filters and were candidates for every group, whatever the
    /// negations (a superset of the matches), in scan order: all a query typed on from this
    /// one can match.
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
    /// Profiles that were candidates for every group, in scan order.
    candidates: Vec<u32>,
    /// Programs that matched but failed a filter whose value is not stated.
    hidden: usize,
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

    /// Moves this scratch part's contents out, keeping the scratch buffers' room for the next
    /// chunk: a buffer at most half full is copied out at its size, a fuller one handed over
    /// whole (copying it was a pass over every match of a first key).
    fn take_exact(&mut self) -> Found {
        fn exact<T: Clone>(buffer: &mut Vec<T>) -> Vec<T> {
            if buffer.len() * 2 >= buffer.capacity() {
                std::mem::replace(buffer, Vec::with_capacity(buffer.capacity()))
            } else {
                buffer.to_vec()
            }
        }
        let exact = Found {
            parts: self.parts.iter_mut().map(exact).collect(),
            keys: exact(&mut self.keys),
            wide: self.wide,
            candidates: self.candidates.to_vec(),
            hidden: self.hidden,
        };
        self.parts.iter_mut().for_each(Vec::clear);
        self.keys.clear();
        self.candidates.clear();
        self.wide = false;
        self.hidden = 0;
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
        self.candidates.extend(other.candidates);
        self.hidden += other.hidden;
    }

    fn get(&self, at: u32) -> &Match {
        &self.parts[(at >> PART_BITS) as usize][(at & ((1 << PART_BITS) - 1)) as usize]
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
        } else if keys.len() > limit {
            keys.select_nth_unstable_by_key(limit, |k| k.order);
            keys.truncate(limit);
            keys.par_sort_unstable_by_key(|k| k.order);
        } else if keys.len() >= RADIX_FROM {
            keys = radix_sort(keys);
        } else {
            keys.par_sort_unstable_by_key(|k| k.order);
        }
        keys.par_iter().map(|k| *self.get(k.at)).collect()
    }
}

/// Keys past which ranking them all is a radix sort: below, the histograms' fixed cost is
/// more than a comparison sort's.
const RADIX_FROM: usize = 1 << 12;

/// Bits of [`RankKey::order`] sorted on in one pass of [`radix_sort`].
const DIGIT_BITS: u32 = 8;
const DIGITS: usize = (u64::BITS / DIGIT_BITS) as usize;
const BUCKETS: usize = 1 << DIGIT_BITS;

/// `keys` in [`RankKey::order`], by a least-significant-digit radix sort: a pass per byte of
/// the key, each one read and one write of every key, and none for a byte every key shares
/// (the rank's high bytes below 16 million programs; the score's bytes when they tie). A
/// first key ranks most of the catalog (93,000 of 100,000 programs for `d`), where a
/// comparison sort made about 17 comparisons per key.
///
/// Hand-written: some thirty lines of safe code, where a crate would be a new dependency for
/// this one call.
fn radix_sort(mut keys: Vec<RankKey>) -> Vec<RankKey> {
    let mut counts = [[0usize; BUCKETS]; DIGITS];
    for key in &keys {
        for (digit, count) in counts.iter_mut().enumerate() {
            count[digit_of(key.order, digit)] += 1;
        }
    }
    let mut spare = keys.clone();
    for (digit, count) in counts.iter().enumerate() {
        // Every key has the same byte here: the order is already right.
        if count.contains(&keys.len()) {
            continue;
        }
        let mut next = [0usize; BUCKETS];
        let mut at = 0;
        for (start, &n) in next.iter_mut().zip(count) {
            *start = at;
            at += n;
        }
        for key in &keys {
            let bucket = &mut next[digit_of(key.order, digit)];
            if let Some(slot) = spare.get_mut(*bucket) {
                *slot = *key;
            }
            *bucket += 1;
        }
        std::mem::swap(&mut keys, &mut spare);
    }
    keys
}

/// The `digit`th digit of `order`, lowest first.
#[inline]
fn digit_of(order: u64, digit: usize) -> usize {
    ((order >> (digit as u32 * DIGIT_BITS)) & (BUCKETS as u64 - 1)) as usize
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

/// How a scan is run; the results never depend on it.
#[derive(Debug, Clone, Copy)]
pub(super) struct Tuning {
    /// Candidates past which the best early matches are handed out before the rest are scanned.
    pub(super) partial_after: usize,
    /// Candidates a search must have before it hands out early matches at all.
    pub(super) partial_from: usize,
    /// Whether a profile is turned away by its char mask before its fields are read (off only
    /// in tests, which compare the two paths).
    pub(super) shortcuts: bool,
}

impl Tuning {
    /// One pass over every candidate with every shortcut: what the command line uses.
    pub(super) const WHOLE: Tuning = Tuning {
        partial_after: usize::MAX,
        partial_from: usize::MAX,
        shortcuts: true,
    };
}

/// Runs `query` over the index, or over `base`'s survivors when `query` types on from it.
/// Returns `None` when `cancel` says so between chunks. When there are more than
/// `tuning.partial_after` candidates (and more than `tuning.partial_from`), the best matches
/// among the first ones are handed to `on_partial` before the rest are scanned.
pub(super) fn run(
    index: &SearchIndex,
    query: &Query,
    base: Option<&State>,
    cancel: &(dyn Fn() -> bool + Sync),
    on_partial: &mut dyn FnMut(Vec<Match>),
    tuning: Tuning,
    spares: &mut Spares,
) -> Option<(Outcome, Option<State>)> {
    let partial_after = tuning.partial_after;
    if query.is_empty() {
        let outcome = Outcome {
            matches: Match::all_by_name(index.by_name()),
            ..Outcome::default()
        };
        return Some((outcome, None));
    }
    let mut tables: Vec<Arc<TermTable>> = query
        .terms()
        .map(|term| {
            let earlier = base.map_or(&[][..], |b| b.tables.as_slice());
            if let Some(same) = earlier.iter().find(|t| t.term == *term) {
                return Arc::clone(same);
            }
            // The most selective earlier term this one types on from.
            let parent = earlier
                .iter()
                .filter(|t| t.term.is_extended_by(term))
                .max_by_key(|t| t.term.pattern_len())
                .map(Arc::clone);
            Arc::new(TermTable::new(term, index, spares, parent))
        })
        .collect();
    let candidates = match base {
        Some(state) => Candidates::Survivors(&state.survivors),
        None => Candidates::Everything(index.len()),
    };
    let total = candidates.len();
    let streams = total > partial_after && total > tuning.partial_from;
    let mut scored = false;
    if let ([table], None, true, false) =
        (tables.as_slice(), base, query.filters().is_empty(), streams)
    {
        // One term over every program (a query's first key): nearly every string is met, so
        // all are scored up front in one pass in string order, not as the scan meets them.
        // Not when early matches are handed out: those would wait for every string (at 1M).
        table.fill_all(index);
        scored = true;
    } else if !streams && total >= index.len() / 4 {
        // A term typed on over many survivors (the second and third keys of a word) meets
        // most of its parent's candidate strings: scored up front in one pass in string order,
        // as the first key's are. Over fewer, the scan scores only the strings it meets.
        for table in &tables {
            if Arc::strong_count(table) == 1 {
                table.fill_from_parent(index);
            }
        }
    }
    let scan = Scan::new(index, query, &tables, false, tuning.shortcuts, scored);
    let mut found = if streams {
        let mut first = scan.run(candidates, 0..partial_after, cancel)?;
        on_partial(first.ranked(first.keys.clone(), PARTIAL_ROWS));
        first.append(scan.run(candidates, partial_after..total, cancel)?);
        first
    } else {
        scan.run(candidates, 0..total, cancel)?
    };
    let survivors = std::mem::take(&mut found.candidates);
    let keys = std::mem::take(&mut found.keys);
    let mut outcome = Outcome {
        matches: found.ranked(keys, usize::MAX),
        partial: false,
        hidden: found.hidden,
    };
    if outcome.matches.is_empty() && query.groups().len() > 1 {
        // Nothing matches every term: those that match the most, said so.
        let scan = Scan::new(index, query, &tables, true, tuning.shortcuts, false);
        let mut some = scan.run(Candidates::Everything(index.len()), 0..index.len(), cancel)?;
        let keys = std::mem::take(&mut some.keys);
        let ranked = some.ranked(keys, usize::MAX);
        let most = ranked.first().map_or(0, |m| m.score >> 32);
        outcome.matches = ranked
            .into_iter()
            .take_while(|m| m.score >> 32 == most)
            .map(|m| Match {
                score: m.score & i64::from(u32::MAX),
                ..m
            })
            .collect();
        outcome.partial = !outcome.matches.is_empty();
    }
    // Filled as far as this search needed: the parents' storage can go back to the spares.
    for table in &mut tables {
        if let Some(table) = Arc::get_mut(table) {
            table.parent = None;
        }
    }
    let state = State {
        query: query.clone(),
        tables,
        survivors,
    };
    Some((outcome, Some(state)))
}

/// The tests of one search, in the order they are tried on each profile.
struct Scan<'a> {
    index: &'a SearchIndex,
    /// Each group's terms' tables, with the group's place in the query; most selective-looking
    /// (longest) group first, so most profiles are turned away by the first group tried.
    groups: Vec<(usize, Vec<&'a TermTable>)>,
    negations: Vec<&'a TermTable>,
    filters: Vec<(&'a FieldFilter, Option<&'a FilterColumn>)>,
    /// The chars every profile must have: those of every single-term group.
    mask: u64,
    /// Counting terms for partial matches, instead of requiring them all.
    partial: bool,
    /// See [`Tuning::shortcuts`].
    shortcuts: bool,
    /// The one term's table, when the query is that term alone (no filters, no negations),
    /// every string is already scored and no profile's best is known yet: a query's first
    /// key, scanned by [`Scan::chunk_scored`].
    scored: Option<&'a TermTable>,
}

impl<'a> Scan<'a> {
    fn new(
        index: &'a SearchIndex,
        query: &'a Query,
        tables: &'a [Arc<TermTable>],
        partial: bool,
        shortcuts: bool,
        scored: bool,
    ) -> Self {
        let mut tables = tables.iter().map(Arc::as_ref);
        let mut groups: Vec<(usize, Vec<&TermTable>)> = query
            .groups()
            .iter()
            .enumerate()
            .map(|(i, group)| (i, tables.by_ref().take(group.len()).collect()))
            .collect();
        let negations: Vec<&TermTable> = tables.collect();
        groups.sort_by_key(|(_, g)| {
            std::cmp::Reverse(g.iter().map(|t| t.term.pattern_len()).min().unwrap_or(0))
        });
        let mask = if partial || !shortcuts {
            0
        } else {
            groups
                .iter()
                .filter(|(_, g)| g.len() == 1)
                .fold(0, |m, (_, g)| m | g[0].term.mask())
        };
        let filters: Vec<_> = query
            .filters()
            .iter()
            .map(|f| (f, index.filter_column(f.path)))
            .collect();
        let scored = match (groups.as_slice(), negations.as_slice(), filters.is_empty()) {
            ([(_, group)], [], true) if scored && shortcuts && !partial => match group.as_slice() {
                [table] => Some(*table),
                _ => None,
            },
            _ => None,
        };
        Scan {
            index,
            groups,
            negations,
            filters,
            mask,
            partial,
            shortcuts,
            scored,
        }
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
                match (candidates, self.scored) {
                    (Candidates::Everything(_), Some(table)) => {
                        self.chunk_scored(table, lo..hi, scratch);
                    }
                    (Candidates::Everything(_), None) => self.chunk(lo..hi, scratch),
                    (Candidates::Survivors(list), _) => {
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

    /// Whether profile `p` passes every filter: `Some(false)` when one fails, `None` when
    /// none fails but one's value is not stated.
    #[inline]
    fn filters_pass(&self, p: usize) -> Option<bool> {
        let mut unknown = false;
        for &(test, column) in &self.filters {
            match column.and_then(|c| c.passes(p, &test.want)) {
                Some(pass) if pass != test.negated => {}
                Some(_) => return Some(false),
                None => unknown = true,
            }
        }
        (!unknown).then_some(true)
    }

    /// [`Scan::chunk`] for a query's first key (see [`Scan::scored`]): one term, every
    /// string scored, so each profile is its best slot (see [`TermTable::best_scored`]) and
    /// nothing else: no group, negation or filter to try.
    fn chunk_scored(&self, table: &TermTable, profiles: Range<usize>, out: &mut Found) {
        let index = self.index;
        let (slot_string, slot_tag) = index.slot_tables();
        let mask = table.term.mask();
        for p in profiles {
            if index.profile_mask(p) & mask != mask {
                continue;
            }
            let slots = index.slots(p);
            let best = table.best_scored(p, &slot_string[slots.clone()], &slot_tag[slots]);
            if !best.candidate {
                continue;
            }
            out.candidates.push(p as u32);
            if best.score == 0 {
                continue;
            }
            self.found(p, best.score, best, out);
        }
    }

    /// The hot loop: no allocation but `out` growing.
    ///
    /// The groups are tried before the negations: most profiles fail a group, and a profile
    /// is a survivor (a candidate for every group) whatever the negations say, so a query that
    /// only changes its negations can still type on from this one. A term none of whose chars
    /// the profile holds is passed over without reading its fields.
    fn chunk(&self, profiles: impl Iterator<Item = usize>, out: &mut Found) {
        let index = self.index;
        let (slot_string, slot_tag) = index.slot_tables();
        let absent = |table: &TermTable, profile_mask: u64| {
            self.shortcuts && table.absent_from(profile_mask)
        };
        let term_best = |table: &TermTable, p: usize, strings: &[u32], tags: &[SlotTag]| {
            if self.shortcuts {
                table.best_of(index, p, strings, tags)
            } else {
                table.best(index, strings, tags)
            }
        };
        'profiles: for p in profiles {
            let profile_mask = index.profile_mask(p);
            if profile_mask & self.mask != self.mask {
                continue;
            }
            let stated = match self.filters_pass(p) {
                Some(false) => continue,
                Some(true) => true,
                None if self.partial => continue,
                None => false,
            };
            let slots = index.slots(p);
            let strings = &slot_string[slots.clone()];
            let tags = &slot_tag[slots];
            let (mut total, mut best, mut best_group) = (0i64, Best::NONE, 0usize);
            let (mut matched, mut all_candidates) = (0i64, true);
            for (position, group) in &self.groups {
                let (mut group_best, mut candidate) = (Best::NONE, false);
                for table in group {
                    if absent(table, profile_mask) {
                        continue;
                    }
                    let found = term_best(table, p, strings, tags);
                    candidate |= found.candidate;
                    if found.score > group_best.score {
                        group_best = found;
                    }
                }
                if group_best.score == 0 {
                    all_candidates &= candidate;
                    if !self.partial && !all_candidates {
                        continue 'profiles;
                    }
                    continue;
                }
                matched += 1;
                total += group_best.score;
                // Ties go to the earlier group, whatever order the groups are tried in.
                let tie = group_best.score == best.score && *position < best_group;
                if group_best.score > best.score || tie {
                    (best, best_group) = (group_best, *position);
                }
            }
            if !self.partial && all_candidates {
                out.candidates.push(p as u32);
            }
            for table in &self.negations {
                if absent(table, profile_mask) {
                    continue;
                }
                if term_best(table, p, strings, tags).score > 0 {
                    continue 'profiles;
                }
            }
            let complete = matched as usize == self.groups.len();
            if self.partial {
                if matched == 0 {
                    continue;
                }
            } else if !complete {
                continue;
            }
            if !stated {
                out.hidden += 1;
                continue;
            }
            let score = if self.partial {
                (matched << 32) | total.min(i64::from(u32::MAX))
            } else {
                total
            };
            self.found(p, score, best, out);
        }
    }

    /// Records profile `p` in `out` as matching with `score`, `best` its best term hit: the
    /// field and tier the list shows beside it.
    #[inline]
    fn found(&self, p: usize, score: i64, best: Best, out: &mut Found) {
        let found = Match {
            index: p,
            score,
            field: self.index.tagged_field(p, best.at, best.tag),
            tier: tier_of(best.score),
        };
        out.push(found, self.index.rank(p));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn best(score: i64, at: usize, tag: u16, candidate: bool) -> Best {
        Best {
            score,
            at,
            tag: SlotTag::from_bits(tag),
            candidate,
        }
    }

    #[test]
    fn a_cached_best_reads_back_as_it_was_found() {
        for found in [
            Best::NONE,
            best(0, 3, 0, true),
            best(5 << 24, 17, 0x32, true),
            best((1 << 32) - 1, (1 << 14) - 1, u16::MAX, false),
            best(1, 9, 0x8001, true),
        ] {
            assert_eq!(pack(found).map(unpack), Some(found));
        }
        assert_eq!(
            pack(best(1 << 32, 0, 0, true)),
            None,
            "too large to cache: worked out each time"
        );
        assert_eq!(pack(best(1, 1 << 14, 0, true)), None);
    }

    #[test]
    fn the_highest_weighted_score_fits_the_cached_word() {
        let highest = LIFTS.iter().flatten().max().copied().unwrap_or(0);
        let highest = lifted(highest, (1 << REFINE_BITS) - 1);
        assert!(highest > 0 && highest < 1 << SCORE_BITS, "{highest:#x}");
    }

    /// Forty programs that all hold "fishing", some "fiction" too.
    fn fishy_index() -> SearchIndex {
        let profiles: Vec<crate::model::Profile> = (0..40)
            .map(|i| {
                let other = if i % 3 == 0 { "fiction" } else { "kayaks" };
                let src = format!(
                    "id = \"p{i}\"\nname = \"Fish {i} shop\"\n\
                     niches = [\"fishing\", \"{other}\"]\nfocus = [\"fisheries\"]\n"
                );
                match toml::from_str(&src) {
                    Ok(p) => p,
                    Err(e) => panic!("test profile does not parse: {e}"),
                }
            })
            .collect();
        SearchIndex::new(&profiles)
    }

    fn term(query: &str) -> Term {
        match Query::parse(query).terms().next() {
            Some(term) => term.clone(),
            None => panic!("no term in {query:?}"),
        }
    }

    #[test]
    fn a_term_typed_on_reads_only_its_parents_candidate_slots() {
        let index = fishy_index();
        let mut spares = Spares::default();
        let (strings, tags) = index.slot_tables();
        let slots_of = |p: usize| (&strings[index.slots(p)], &tags[index.slots(p)]);
        let parent = Arc::new(TermTable::new(&term("fis"), &index, &mut spares, None));
        for p in 0..index.len() {
            let (s, t) = slots_of(p);
            parent.best_of(&index, p, s, t);
        }
        let child = TermTable::new(&term("fishi"), &index, &mut spares, Some(parent.clone()));
        let fresh = TermTable::new(&term("fishi"), &index, &mut spares, None);
        for p in 0..index.len() {
            let (s, t) = slots_of(p);
            let found = child.best_of(&index, p, s, t);
            assert!(found.score > 0, "profile {p} holds fishing");
            assert_eq!(found, fresh.best(&index, s, t), "profile {p}");
        }
        // The parent is read: where it says no slot can score, none is read.
        parent.slots[0].store(SLOTS_KNOWN, Relaxed);
        let (s, t) = slots_of(0);
        let child = TermTable::new(&term("fishi"), &index, &mut spares, Some(parent));
        assert_eq!(child.best_of(&index, 0, s, t), Best::NONE);
    }

    #[test]
    fn scoring_every_string_up_front_gives_the_scores_met_one_by_one() {
        let index = fishy_index();
        let mut spares = Spares::default();
        for typed in ["f", "fi", "fish", "k", "'fic", "^fish", "shop$"] {
            let eager = TermTable::new(&term(typed), &index, &mut spares, None);
            eager.fill_all(&index);
            let lazy = TermTable::new(&term(typed), &index, &mut spares, None);
            for s in 0..index.string_count() {
                let filled = eager.scores[s].load(Relaxed);
                assert_ne!(filled, UNKNOWN, "{typed:?}: string {s} left unknown");
                assert_eq!(filled, lazy.score(&index, s), "{typed:?}: string {s}");
            }
        }
    }

    #[test]
    fn candidate_slots_read_back_as_they_were_kept() {
        let tag = SlotTag::from_bits(0x1234);
        for slots in [
            CandidateSlots::One(0, 0, tag),
            CandidateSlots::One(61, u32::MAX, tag),
            CandidateSlots::One(ONE_SLOT_OFFSETS - 1, 7, SlotTag::from_bits(u16::MAX)),
            CandidateSlots::Bits(0),
            CandidateSlots::Bits((1 << SLOT_BITS) - 1),
        ] {
            assert_eq!(slots.pack().and_then(CandidateSlots::unpack), Some(slots));
        }
        assert_eq!(
            CandidateSlots::Bits(1 << SLOT_BITS).pack(),
            None,
            "not recorded"
        );
        assert_eq!(CandidateSlots::unpack(0), None, "not known yet");
    }

    #[test]
    fn a_profiles_candidate_slot_is_kept_only_when_it_is_the_only_one() {
        let (a, b) = (SlotTag::from_bits(3), SlotTag::from_bits(9));
        let mut one = OneCandidate::default();
        assert_eq!((one.slot(), one.any()), (None, false));
        one.saw(4, 40, a);
        assert_eq!(one.slot(), Some(CandidateSlots::One(4, 40, a)));
        assert!(one.any());
        one.saw(7, 70, b);
        assert_eq!(
            (one.slot(), one.any()),
            (None, true),
            "two: none is the one"
        );
        one.saw(9, 90, b);
        assert_eq!((one.slot(), one.any()), (None, true), "three");
    }

    #[test]
    fn a_parents_one_candidate_slot_is_read_without_the_profiles_slots() {
        let index = fishy_index();
        let mut spares = Spares::default();
        let (strings, tags) = index.slot_tables();
        let slots_of = |p: usize| (&strings[index.slots(p)], &tags[index.slots(p)]);
        // "fiction" is in every third profile only, and in one slot of it.
        let parent = Arc::new(TermTable::new(&term("ficti"), &index, &mut spares, None));
        let mut ones = 0;
        for p in 0..index.len() {
            let (s, t) = slots_of(p);
            let found = parent.best_of(&index, p, s, t);
            let word = CandidateSlots::unpack(parent.slots[p].load(Relaxed));
            match word {
                Some(CandidateSlots::One(offset, string, tag)) => {
                    ones += 1;
                    assert!(found.score > 0);
                    assert_eq!((s[offset], t[offset]), (string, tag), "profile {p}");
                }
                Some(CandidateSlots::Bits(0)) => assert!(!found.candidate, "profile {p}"),
                other => panic!("profile {p}: {other:?}"),
            }
        }
        assert!(ones > 0);
        let child = TermTable::new(&term("fiction"), &index, &mut spares, Some(parent));
        let fresh = TermTable::new(&term("fiction"), &index, &mut spares, None);
        for p in 0..index.len() {
            let (s, t) = slots_of(p);
            // No slots handed over: only what the parent kept can be read.
            assert_eq!(
                child.best_of(&index, p, &[], &[]),
                fresh.best(&index, s, t),
                "{p}"
            );
        }
    }

    #[test]
    fn a_search_typed_on_equals_a_fresh_one_and_lets_its_parent_go() {
        let index = fishy_index();
        let mut spares = Spares::default();
        let mut base: Option<State> = None;
        for typed in [
            "f",
            "fi",
            "fis",
            "fish",
            "fishi",
            "fishin",
            "fishing",
            "fishing k",
        ] {
            let query = Query::parse(typed);
            let ran = run(
                &index,
                &query,
                base.as_ref(),
                &|| false,
                &mut |_| {},
                Tuning::WHOLE,
                &mut spares,
            );
            let Some((outcome, Some(state))) = ran else {
                panic!("{typed:?} was not searched");
            };
            assert_eq!(outcome, index.search_outcome(typed), "{typed:?}");
            assert!(
                state.tables.iter().all(|t| t.parent.is_none()),
                "{typed:?} still holds the table it was typed on from"
            );
            base = Some(state);
        }
    }

    /// Programs whose fields hold the term in the name, the id or elsewhere, tie, repeat it,
    /// and number from 3 to 71 slots, so every size around a word of candidate bits is met.
    fn first_key_index() -> SearchIndex {
        let words = [
            "dune", "kayak", "d", "odd", "dd dx", "fiddle", "wood", "d-d",
        ];
        let names = ["Dog Days", "Kayak", "Odd Shop", "d", "Zed"];
        let profiles: Vec<crate::model::Profile> = (0..96)
            .map(|i| {
                let count = [0, 1, 58, 59, 60, 61, 62, 68][i % 8];
                let niches: Vec<String> = (0..count)
                    .map(|n| format!("\"{}\"", words[(n + i) % words.len()]))
                    .collect();
                let focus = if i % 3 == 0 {
                    "focus = [\"deals\"]\n"
                } else {
                    ""
                };
                let audience = if i % 4 == 0 {
                    "[[audiences]]\nkind = \"tiktokers\"\nniches = [\"diy\"]\n"
                } else {
                    ""
                };
                let src = format!(
                    "id = \"p{i}\"\nname = \"{} {i}\"\nniches = [{}]\n{focus}{audience}",
                    names[i % names.len()],
                    niches.join(", ")
                );
                match toml::from_str(&src) {
                    Ok(p) => p,
                    Err(e) => panic!("test profile does not parse: {e}\n{src}"),
                }
            })
            .collect();
        SearchIndex::new(&profiles)
    }

    #[test]
    fn the_first_keys_loop_finds_and_records_what_the_general_one_does() {
        let index = first_key_index();
        let sizes: Vec<usize> = (0..index.len()).map(|p| index.slots(p).len()).collect();
        for size in [3, SLOT_BITS, SLOT_BITS + 1, 64, 65, 71] {
            assert!(sizes.contains(&size), "no program of {size} slots");
        }
        let mut spares = Spares::default();
        let (strings, tags) = index.slot_tables();
        for typed in [
            "d", "k", "o", "z", "x", "name:d", "niche:d", "p", "'d", "^d", "d$", "dd", "kayak",
        ] {
            let scored = TermTable::new(&term(typed), &index, &mut spares, None);
            scored.fill_all(&index);
            let general = TermTable::new(&term(typed), &index, &mut spares, None);
            for p in 0..index.len() {
                let (s, t) = (&strings[index.slots(p)], &tags[index.slots(p)]);
                let said = format!("{typed:?}, profile {p} of {} slots", s.len());
                assert_eq!(
                    scored.best_scored(p, s, t),
                    general.best_of(&index, p, s, t),
                    "{said}"
                );
                for (what, a, b) in [
                    ("best", &scored.bests, &general.bests),
                    ("candidate slots", &scored.slots, &general.slots),
                ] {
                    assert_eq!(a[p].load(Relaxed), b[p].load(Relaxed), "{said}: {what}");
                }
            }
        }
    }

    #[test]
    fn a_first_key_and_the_keys_typed_after_it_equal_the_plain_scan() {
        let index = first_key_index();
        let mut spares = Spares::default();
        let plain = Tuning {
            shortcuts: false,
            ..Tuning::WHOLE
        };
        for typed in [
            "dd dx",
            "kayak",
            "name:dog",
            "niche:fid",
            "^dun",
            "'od",
            "odd",
            "z",
        ] {
            let mut base: Option<State> = None;
            for (end, _) in typed.char_indices().skip(1).chain([(typed.len(), ' ')]) {
                let query = Query::parse(&typed[..end]);
                let mut search = |base: Option<&State>, tuning| {
                    let ran = run(
                        &index,
                        &query,
                        base,
                        &|| false,
                        &mut |_| {},
                        tuning,
                        &mut spares,
                    );
                    match ran {
                        Some((outcome, state)) => (outcome, state),
                        None => panic!("{query:?} was not searched"),
                    }
                };
                // Typed on from the last query where the searcher would be.
                let from = base.as_ref().filter(|b| b.query.is_extended_by(&query));
                let (outcome, state) = search(from, Tuning::WHOLE);
                let (expected, _) = search(None, plain);
                assert_eq!(outcome, expected, "{:?}", &typed[..end]);
                base = state;
            }
        }
    }

    #[test]
    fn the_radix_sort_orders_keys_as_a_comparison_sort_does() {
        let mut seed = 0x9E37_79B9_7F4A_7C15_u64;
        let mut random = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        // Every byte varying, a first key's shape (few score bytes, a rank), repeats, one key.
        for (count, shape) in [
            (RADIX_FROM, u64::MAX),
            (3 * RADIX_FROM, 0x00FF_FF03_0001_FFFF),
            (RADIX_FROM, 0x0300_0000_0000_0003),
            (RADIX_FROM, 0),
        ] {
            let keys: Vec<RankKey> = (0..count)
                .map(|at| RankKey {
                    order: random() & shape,
                    at: at as u32,
                })
                .collect();
            let pairs = |keys: &[RankKey]| -> Vec<(u64, u32)> {
                keys.iter().map(|k| (k.order, k.at)).collect()
            };
            let mut expected = pairs(&keys);
            // Keys of equal order keep the order they came in, as `at` counts up.
            expected.sort_unstable();
            assert_eq!(pairs(&radix_sort(keys)), expected, "{shape:#x}");
        }
    }

    #[test]
    fn weighing_by_table_gives_the_tier_weight_and_quality_spelled_out() {
        let spelled = |raw: i32, tag: SlotTag| -> i64 {
            let mut tier = Tier::of(raw);
            if !tier.is_match() {
                return 0;
            }
            if tag.kind().names_the_program() && tier >= Tier::Prefix {
                tier = Tier::Name;
            }
            let refine = i64::from(raw & ((1 << REFINE_BITS) - 1));
            let weight = tag.kind().weight().clamp(0, 255);
            ((tier as i64) << (REFINE_BITS + 8)) | (weight << REFINE_BITS) | refine
        };
        for kind in FieldKind::ALL {
            let tag = SlotTag::from_bits(kind as u16 | 3 << 4);
            for tier in -2..10 {
                for refine in [0, 1, 0x7FFF, 0xFFFF] {
                    let raw = (tier << REFINE_BITS) | refine;
                    assert_eq!(weigh(raw, tag), spelled(raw, tag), "{kind:?} {raw:#x}");
                }
            }
            for raw in [i32::MIN, -1, i32::MAX] {
                assert_eq!(weigh(raw, tag), spelled(raw, tag), "{kind:?} {raw:#x}");
            }
        }
    }

    #[test]
    fn scores_too_large_for_the_packed_key_still_rank_exactly() {
        let mut found = Found::default();
        let hit = |index, score| Match {
            index,
            score,
            field: crate::search::MatchedField::NAME,
            tier: Tier::Word,
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
