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

use super::index::SearchIndex;
use super::query::{Query, Term};
use super::{Match, MatchedField};

/// Profiles per unit of parallel work; cancellation is checked between units.
pub(super) const CHUNK: usize = 1024;

/// How many of the best early matches a partial result carries: a few screens' worth.
const PARTIAL_ROWS: usize = 1000;

/// A table entry not yet computed.
const UNKNOWN: i32 = -1;

/// One term's scores over every distinct string of an index (0: no match).
pub(super) struct TermTable {
    term: Term,
    scores: Vec<AtomicI32>,
}

impl TermTable {
    fn new(term: &Term, strings: usize) -> Self {
        TermTable {
            term: term.clone(),
            scores: (0..strings).map(|_| AtomicI32::new(UNKNOWN)).collect(),
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

    #[inline(never)]
    fn fill(&self, index: &SearchIndex, s: usize) -> i32 {
        let score = self
            .term
            .score(index.folded(s), index.original(s), index.string_mask(s));
        self.scores[s].store(score, Relaxed);
        score
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

/// One matching profile before ranking: 16 bytes, so sorting a million stays cheap.
#[derive(Clone, Copy)]
struct Hit {
    profile: u32,
    /// The best-scoring term hit's slot, counted from the profile's first slot.
    slot: u32,
    score: i64,
}

/// The profiles a search looks at: the whole catalog, or the survivors of a broader query.
#[derive(Clone, Copy)]
enum Candidates<'a> {
    All(usize),
    Some(&'a [u32]),
}

impl Candidates<'_> {
    fn len(self) -> usize {
        match self {
            Candidates::All(n) => n,
            Candidates::Some(list) => list.len(),
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
            _ => Arc::new(TermTable::new(term, index.string_count())),
        })
        .collect();
    let candidates = match base {
        Some(state) => Candidates::Some(&state.survivors),
        None => Candidates::All(index.len()),
    };
    let t0 = std::time::Instant::now();
    let scan = Scan::new(index, &tables);
    let total = candidates.len();
    let mut hits = if total > partial_after {
        let mut first = scan.run(candidates, 0..partial_after, cancel)?;
        on_partial(top(index, &first, PARTIAL_ROWS));
        first.extend(scan.run(candidates, partial_after..total, cancel)?);
        first
    } else {
        scan.run(candidates, 0..total, cancel)?
    };
    let t1 = t0.elapsed();
    let survivors = hits.iter().map(|h| h.profile).collect();
    hits.par_sort_unstable_by_key(|h| rank_key(index, h));
    let t2 = t0.elapsed();
    let matches = to_matches(index, &hits);
    if std::env::var_os("AFFEX_T").is_some() {
        eprintln!(
            "scan {:?} sort {:?} matches {:?} n={}",
            t1,
            t2 - t1,
            t0.elapsed() - t2,
            hits.len()
        );
    }
    let state = State {
        query: query.clone(),
        tables,
        survivors,
    };
    Some((matches, Some(state)))
}

/// Score descending, then folded name, then index: a total, deterministic order.
fn rank_key(index: &SearchIndex, hit: &Hit) -> (Reverse<i64>, u32, u32) {
    (
        Reverse(hit.score),
        index.name_rank(hit.profile as usize),
        hit.profile,
    )
}

fn to_matches(index: &SearchIndex, hits: &[Hit]) -> Vec<Match> {
    hits.par_iter()
        .map(|h| Match {
            index: h.profile as usize,
            score: h.score,
            field: index.slot_field(h.profile as usize, h.slot as usize),
        })
        .collect()
}

/// The best `k` of `hits`, ranked.
fn top(index: &SearchIndex, hits: &[Hit], k: usize) -> Vec<Match> {
    let mut best = hits.to_vec();
    if best.len() > k {
        best.select_nth_unstable_by_key(k, |h| rank_key(index, h));
        best.truncate(k);
    }
    best.sort_unstable_by_key(|h| rank_key(index, h));
    to_matches(index, &best)
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
    ) -> Option<Vec<Hit>> {
        let stop = AtomicBool::new(false);
        let chunks = range.len().div_ceil(CHUNK);
        let parts: Vec<Vec<Hit>> = (0..chunks)
            .into_par_iter()
            .map(|c| {
                if stop.load(Relaxed) || cancel() {
                    stop.store(true, Relaxed);
                    return Vec::new();
                }
                let lo = range.start + c * CHUNK;
                let hi = (lo + CHUNK).min(range.end);
                let mut out = Vec::new();
                match candidates {
                    Candidates::All(_) => self.chunk(lo..hi, &mut out),
                    Candidates::Some(list) => {
                        self.chunk(list[lo..hi].iter().map(|&p| p as usize), &mut out);
                    }
                }
                out
            })
            .collect();
        if stop.load(Relaxed) {
            return None;
        }
        Some(parts.concat())
    }

    /// The hot loop: no allocation but `out` growing.
    fn chunk(&self, profiles: impl Iterator<Item = usize>, out: &mut Vec<Hit>) {
        let index = self.index;
        let (slot_string, slot_kind) = index.slot_tables();
        'profiles: for p in profiles {
            if index.profile_mask(p) & self.mask != self.mask {
                continue;
            }
            let slots = index.slots(p);
            let strings = &slot_string[slots.clone()];
            let kinds = &slot_kind[slots];
            let (mut total, mut best, mut best_term, mut best_slot) = (0i64, 0i64, 0usize, 0usize);
            for &(position, table) in &self.terms {
                let (mut term_best, mut term_slot) = (0i64, 0usize);
                for (offset, (&s, &kind)) in strings.iter().zip(kinds).enumerate() {
                    let raw = table.score(index, s as usize);
                    if raw > 0 {
                        let weighted = i64::from(raw) * kind.weight();
                        if weighted > term_best {
                            (term_best, term_slot) = (weighted, offset);
                        }
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
            out.push(Hit {
                profile: p as u32,
                slot: best_slot as u32,
                score: total,
            });
        }
    }
}
