//! Building the search index's slots and strings on every core.
//!
//! The profiles are cut into a few runs; each run is interned on its own (a run's distinct
//! strings folded and masked once, its slots pointing at them), then the runs are merged in
//! order: each run's distinct strings are interned into the catalog's table, first seen first,
//! and its slots renumbered. A string's first place in the merge is its first place in the
//! catalog, so ids, and the index, are the same as interning every profile one after another.
//!
//! Interning one profile after another on one core, with a hand-rolled FxHash, took 15–20 s at
//! 1M programs, and 5 s with std's SipHash in the same loop: the hash spread short strings
//! badly. The tables here hold only ids and keep each string's hash, so growing one never
//! reads a profile again, and compare against the run's own compact copy of the texts.

use std::hash::BuildHasher;

use hashbrown::HashTable;
use rayon::prelude::*;

use super::{EMPTY, FieldCounts, FieldKind, SearchIndex, SlotTag, countries_text};
use crate::model::{Line, Profile};
use crate::search::fold::fold_into;
use crate::search::query::char_mask;

/// The hash for interning field texts: foldhash, fast on short strings, seeded per process.
type TextHash = foldhash::fast::RandomState;

/// Programs per run below which cutting the work finer costs more than it saves.
const MIN_RUN: usize = 4_096;

/// Fills `index`'s strings, slots and masks from `profiles`.
pub(super) fn intern_profiles(index: &mut SearchIndex, profiles: &[Profile]) {
    let hasher = TextHash::default();
    let runs = (rayon::current_num_threads() * 2)
        .min(profiles.len() / MIN_RUN)
        .max(1);
    let run_len = profiles.len().div_ceil(runs).max(1);
    let mut runs: Vec<Run> = profiles
        .par_chunks(run_len)
        .map(|chunk| {
            let mut run = Run::with_capacity(chunk.len(), &hasher);
            for profile in chunk {
                run.add_profile(profile, &hasher);
            }
            run
        })
        .collect();
    // No profiles still intern the empty string, as id 0.
    if runs.is_empty() {
        runs.push(Run::with_capacity(0, &hasher));
    }
    let (runs, strings): (Vec<RunSlots>, Vec<RunStrings>) =
        runs.into_iter().map(|r| (r.slots, r.strings)).unzip();
    // The merge is serial; each program's slot range and mask are laid out beside it.
    let (renumbered, (slot_at, profile_mask)) = rayon::join(
        || merge_strings(index, &strings),
        || program_tables(&runs, profiles.len()),
    );
    // The runs' own string tables are done with: freed before the catalog's slots are made.
    drop(strings);
    index.slot_at = slot_at;
    index.profile_mask = profile_mask;
    let slots: usize = runs.iter().map(|r| r.slot_string.len()).sum();
    // Each run renumbers its slots straight into its own stretch of the catalog's arrays, on
    // every core, and is freed as soon as it is copied.
    let mut slot_string = vec![0u32; slots];
    let mut slot_tag = vec![SlotTag(0); slots];
    let string_parts = split_by_runs(&mut slot_string, &runs);
    let tag_parts = split_by_runs(&mut slot_tag, &runs);
    runs.into_par_iter()
        .zip(renumbered)
        .zip(string_parts.into_par_iter().zip(tag_parts))
        .for_each(|((run, ids), (strings, tags))| {
            for (to, &s) in strings.iter_mut().zip(&run.slot_string) {
                *to = ids[s as usize];
            }
            tags.copy_from_slice(&run.slot_tag);
        });
    index.slot_string = slot_string;
    index.slot_tag = slot_tag;
}

/// Where each program's slots start (and the last ends), and each program's chars, from the
/// runs in order.
fn program_tables(runs: &[RunSlots], programs: usize) -> (Vec<u32>, Vec<u64>) {
    let mut slot_at = Vec::with_capacity(programs + 1);
    let mut profile_mask = Vec::with_capacity(programs);
    slot_at.push(0);
    let mut base = 0usize;
    for run in runs {
        profile_mask.extend_from_slice(&run.profile_mask);
        // Past u32::MAX slots (hundreds of millions of programs) the offsets stop growing:
        // the last programs' ranges are empty, never out of bounds.
        slot_at.extend(
            (run.slot_end.iter())
                .map(|&end| u32::try_from(base + end as usize).unwrap_or(u32::MAX)),
        );
        base += run.slot_string.len();
    }
    (slot_at, profile_mask)
}

/// `all` cut into one piece per run, each as long as that run's slots.
fn split_by_runs<'a, T>(mut all: &'a mut [T], runs: &[RunSlots]) -> Vec<&'a mut [T]> {
    let mut parts = Vec::with_capacity(runs.len());
    for run in runs {
        let (part, rest) = all.split_at_mut(run.slot_string.len());
        parts.push(part);
        all = rest;
    }
    parts
}

/// Interns every run's strings into `index`, run after run, each run's first seen first; for
/// each run, the catalog's id of each of its strings.
fn merge_strings(index: &mut SearchIndex, runs: &[RunStrings]) -> Vec<Vec<u32>> {
    let most: usize = runs.iter().map(|r| r.hashes.len()).sum();
    let mut table: HashTable<u32> = HashTable::with_capacity(most + 1);
    let mut hashes: Vec<u64> = Vec::with_capacity(most + 1);
    index.folded_at.push(0);
    index.original_at.push(0);
    let mut renumbered = Vec::with_capacity(runs.len());
    for strings in runs {
        let mut ids = Vec::with_capacity(strings.hashes.len());
        for (local, &hash) in strings.hashes.iter().enumerate() {
            let text = strings.text(local);
            let found = table.find(hash, |&s| index.original(s as usize) == text);
            if let Some(&id) = found {
                ids.push(id);
                continue;
            }
            let folded = strings.folded(local);
            let differs = folded != text;
            let original_len = index.original.len() + if differs { text.len() } else { 0 };
            let (Ok(id), Ok(folded_end), Ok(original_end)) = (
                u32::try_from(index.string_mask.len()),
                u32::try_from(index.folded.len() + folded.len()),
                u32::try_from(original_len),
            ) else {
                // Past 4 billion strings or 4 GiB of text: the rest read as empty.
                ids.push(EMPTY);
                continue;
            };
            index.folded.push_str(folded);
            if differs {
                index.original.push_str(text);
            }
            index.string_mask.push(strings.mask[local]);
            index.folded_at.push(folded_end);
            index.original_at.push(original_end);
            hashes.push(hash);
            table.insert_unique(hash, id, |&s| hashes[s as usize]);
            ids.push(id);
        }
        renumbered.push(ids);
    }
    // Grown by doubling: the spare room would be held for as long as the index lives.
    index.folded.shrink_to_fit();
    index.original.shrink_to_fit();
    index.string_mask.shrink_to_fit();
    index.folded_at.shrink_to_fit();
    index.original_at.shrink_to_fit();
    renumbered
}

/// A run's own distinct strings, first seen first: as written, folded, masked and hashed.
struct RunStrings {
    /// The id of each string, found by its hash.
    table: HashTable<u32>,
    hashes: Vec<u64>,
    /// `text[text_at[s]..text_at[s + 1]]` is string `s` as written.
    text: String,
    text_at: Vec<u32>,
    /// `folded[folded_at[s]..folded_at[s + 1]]` is string `s`, folded.
    folded: String,
    folded_at: Vec<u32>,
    mask: Vec<u64>,
}

impl RunStrings {
    fn with_capacity(strings: usize, hasher: &TextHash) -> Self {
        let mut run = RunStrings {
            // Only texts that repeat go in the table (not ids): sized for far fewer than the
            // strings, it grows if it must, and a small table keeps its lookups in cache.
            table: HashTable::with_capacity(strings / 8),
            hashes: Vec::with_capacity(strings),
            text: String::new(),
            text_at: vec![0],
            folded: String::new(),
            folded_at: vec![0],
            mask: Vec::with_capacity(strings),
        };
        run.intern("", hasher); // EMPTY, as in the catalog's table
        run
    }

    fn text(&self, s: usize) -> &str {
        &self.text[self.text_at[s] as usize..self.text_at[s + 1] as usize]
    }

    fn folded(&self, s: usize) -> &str {
        &self.folded[self.folded_at[s] as usize..self.folded_at[s + 1] as usize]
    }

    fn intern(&mut self, text: &str, hasher: &TextHash) -> u32 {
        let hash = hasher.hash_one(text);
        let (written, written_at) = (&self.text, &self.text_at);
        let found = self.table.find(hash, |&s| {
            let s = s as usize;
            &written[written_at[s] as usize..written_at[s + 1] as usize] == text
        });
        if let Some(&id) = found {
            return id;
        }
        let Some(id) = self.append(text, hash) else {
            return EMPTY;
        };
        let hashes = &self.hashes;
        self.table.insert_unique(hash, id, |&s| hashes[s as usize]);
        id
    }

    /// Adds `text` as a new string without looking for it first: for a text that is almost
    /// always new (a program's id), where the lookup is a cache miss that finds nothing. A
    /// repeat is harmless: the merge gives both copies the catalog's one id, at the first
    /// copy's place. Kept out of the run's table, which then holds only the texts that repeat
    /// and stays small enough to stay in cache.
    fn push_new(&mut self, text: &str, hasher: &TextHash) -> u32 {
        self.append(text, hasher.hash_one(text)).unwrap_or(EMPTY)
    }

    /// Stores `text`, folded and masked, as the next string; `None` past the limits.
    fn append(&mut self, text: &str, hash: u64) -> Option<u32> {
        let (text_start, start) = (self.text.len(), self.folded.len());
        self.text.push_str(text);
        fold_into(text, &mut self.folded);
        let (Ok(id), Ok(text_end), Ok(folded_end)) = (
            u32::try_from(self.hashes.len()),
            u32::try_from(self.text.len()),
            u32::try_from(self.folded.len()),
        ) else {
            // Past 4 billion strings or 4 GiB of text in one run: the rest read as empty.
            self.text.truncate(text_start);
            self.folded.truncate(start);
            return None;
        };
        self.text_at.push(text_end);
        self.mask.push(char_mask(&self.folded[start..]));
        self.folded_at.push(folded_end);
        self.hashes.push(hash);
        Some(id)
    }
}

/// The slots of a run of consecutive profiles, pointing at the run's own strings.
struct RunSlots {
    /// Where each profile's slots end, counted from the run's first slot.
    slot_end: Vec<u32>,
    slot_string: Vec<u32>,
    slot_tag: Vec<SlotTag>,
    profile_mask: Vec<u64>,
}

/// A run of consecutive profiles being interned: its slots and its own strings.
struct Run {
    slots: RunSlots,
    strings: RunStrings,
    /// The chars of the profile being added.
    mask: u64,
    /// Its fields so far, by kind.
    counts: FieldCounts,
}

impl Run {
    fn with_capacity(profiles: usize, hasher: &TextHash) -> Self {
        Run {
            slots: RunSlots {
                slot_end: Vec::with_capacity(profiles),
                slot_string: Vec::new(),
                slot_tag: Vec::new(),
                profile_mask: Vec::with_capacity(profiles),
            },
            strings: RunStrings::with_capacity(profiles * 2, hasher),
            mask: 0,
            counts: FieldCounts::default(),
        }
    }

    fn add_profile(&mut self, p: &Profile, hasher: &TextHash) {
        self.mask = 0;
        self.counts = FieldCounts::default();
        self.slot(FieldKind::Name, p.name.as_str(), hasher);
        self.unique_slot(FieldKind::Id, p.id.as_str(), hasher);
        for niche in &p.niches {
            self.slot(FieldKind::Niche, niche.as_str(), hasher);
        }
        for audience in &p.audiences {
            self.slot(FieldKind::AudienceKind, audience.kind.label(), hasher);
            for niche in &audience.niches {
                self.slot(FieldKind::AudienceNiche, niche.as_str(), hasher);
            }
        }
        let lists: [(FieldKind, &[Line]); 7] = [
            (FieldKind::Focus, &p.focus),
            (FieldKind::ProductType, &p.product_types),
            (FieldKind::ProgramType, &p.program.types),
            (FieldKind::Material, &p.promotion.materials),
            (FieldKind::TrafficSource, &p.promotion.traffic_sources),
            (FieldKind::PayoutMethod, &p.payout.methods),
            (FieldKind::Network, &p.program.networks),
        ];
        for (kind, items) in lists {
            for item in items {
                self.slot(kind, item.as_str(), hasher);
            }
        }
        if let Some(industry) = &p.industry {
            self.slot(FieldKind::Industry, industry.as_str(), hasher);
        }
        let countries = countries_text(&p.promotion.countries);
        if !countries.is_empty() {
            self.slot(FieldKind::Countries, countries, hasher);
        }
        if let Some(model) = p.program.platform {
            self.slot(FieldKind::PlatformModel, model.label(), hasher);
        }
        if let Some(tool) = &p.program.in_house {
            self.slot(FieldKind::InHouse, tool.as_str(), hasher);
        }
        self.slots.profile_mask.push(self.mask);
        let end = self.slots.slot_string.len();
        // A run past u32::MAX slots would be hundreds of millions of programs on one core.
        self.slots
            .slot_end
            .push(u32::try_from(end).unwrap_or(u32::MAX));
    }

    fn slot(&mut self, kind: FieldKind, text: &str, hasher: &TextHash) {
        let id = self.strings.intern(text, hasher);
        self.push_slot(kind, id);
    }

    /// A slot whose text is almost surely seen nowhere else in the run: see
    /// [`RunStrings::push_new`].
    fn unique_slot(&mut self, kind: FieldKind, text: &str, hasher: &TextHash) {
        let id = self.strings.push_new(text, hasher);
        self.push_slot(kind, id);
    }

    fn push_slot(&mut self, kind: FieldKind, id: u32) {
        let ordinal = self.counts.next(kind).item;
        self.slots.slot_tag.push(SlotTag::new(kind, ordinal));
        self.mask |= self.strings.mask[id as usize];
        self.slots.slot_string.push(id);
    }
}
