//! Building the search index's slots and strings on every core.
//!
//! The profiles are cut into a few runs; each run is interned on its own (a run's distinct
//! strings folded and masked once, its stretch of the catalog's slots pointing at them), then
//! the runs are merged in order: each run's distinct strings are interned into the catalog's
//! table, first seen first, and its slots renumbered in place. A string's first place in the
//! merge is its first place in the catalog, so ids, and the index, are the same as interning
//! every profile one after another. The merge's lookups are cut by hash among the cores: a
//! text's every copy hashes alike, so each core finds the first copy of the texts it holds.
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
    let runs = (rayon::current_num_threads() * 2)
        .min(profiles.len() / MIN_RUN)
        .max(1);
    intern_in_runs(index, profiles, runs, merge_strings);
}

/// How a merge hands back the runs' strings: the catalog's id of every run's every string,
/// the runs back to back.
type Merge = fn(&mut SearchIndex, &[RunStrings]) -> Vec<u32>;

/// [`intern_profiles`] with the profiles cut into `runs` runs and merged by `merge`.
fn intern_in_runs(index: &mut SearchIndex, profiles: &[Profile], runs: usize, merge: Merge) {
    let hasher = TextHash::default();
    let run_len = profiles.len().div_ceil(runs.max(1)).max(1);
    // Each program's slot count is known from its lists before anything is interned, so the
    // catalog's slot arrays are made once at full size and each run fills its own stretch:
    // nothing is copied after, and no run's arrays grow by doubling.
    let counts: Vec<usize> = profiles.par_iter().map(slot_count).collect();
    let (slot_at, run_slots) = slot_offsets(&counts, run_len);
    drop(counts);
    index.slot_at = slot_at;
    let slots: usize = run_slots.iter().sum();
    let mut slot_string = vec![0u32; slots];
    // Filled on every core: a serial fill of this size was a step of its own.
    let mut slot_tag: Vec<SlotTag> = Vec::with_capacity(slots);
    slot_tag.par_extend(rayon::iter::repeat_n(SlotTag(0), slots));
    let mut profile_mask = vec![0u64; profiles.len()];
    let string_parts = split_by_lengths(&mut slot_string, &run_slots);
    let tag_parts = split_by_lengths(&mut slot_tag, &run_slots);
    let mut strings: Vec<RunStrings> = profiles
        .par_chunks(run_len)
        .zip(profile_mask.par_chunks_mut(run_len))
        .zip(string_parts.into_par_iter().zip(tag_parts))
        .map(|((chunk, masks), (slot_string, slot_tag))| {
            let mut run = Run {
                strings: RunStrings::with_capacity(chunk.len() * 2, &hasher),
                slot_string,
                slot_tag,
                filled: 0,
                mask: 0,
                counts: FieldCounts::default(),
            };
            for (profile, mask) in chunk.iter().zip(masks) {
                *mask = run.add_profile(profile, &hasher);
            }
            run.strings
        })
        .collect();
    // No profiles still intern the empty string, as id 0.
    if strings.is_empty() {
        strings.push(RunStrings::with_capacity(0, &hasher));
    }
    let mut ids = merge(index, &strings);
    // Each run's own string table is done with once its strings have catalog ids.
    let run_strings: Vec<usize> = strings.iter().map(|r| r.hashes.len()).collect();
    drop(strings);
    let string_parts = split_by_lengths(&mut slot_string, &run_slots);
    let id_parts = split_by_lengths(&mut ids, &run_strings);
    string_parts
        .into_par_iter()
        .zip(id_parts)
        .for_each(|(slots, ids)| {
            for s in slots {
                *s = ids[*s as usize];
            }
        });
    index.slot_string = slot_string;
    index.slot_tag = slot_tag;
    index.profile_mask = profile_mask;
}

/// Where each program's slots start (and the last ends) from each program's slot count, and
/// how many slots each run of `run_len` programs has.
fn slot_offsets(counts: &[usize], run_len: usize) -> (Vec<u32>, Vec<usize>) {
    let mut slot_at = Vec::with_capacity(counts.len() + 1);
    slot_at.push(0);
    let mut end = 0usize;
    for &count in counts {
        end += count;
        // Past u32::MAX slots (hundreds of millions of programs) the offsets stop growing:
        // the last programs' ranges are empty, never out of bounds.
        slot_at.push(u32::try_from(end).unwrap_or(u32::MAX));
    }
    let run_slots = counts.chunks(run_len).map(|c| c.iter().sum()).collect();
    (slot_at, run_slots)
}

/// `all` cut into consecutive pieces of `lengths`.
fn split_by_lengths<'a, T>(mut all: &'a mut [T], lengths: &[usize]) -> Vec<&'a mut [T]> {
    let mut parts = Vec::with_capacity(lengths.len());
    for &len in lengths {
        let (part, rest) = std::mem::take(&mut all).split_at_mut(len);
        parts.push(part);
        all = rest;
    }
    parts
}

/// Interns every run's strings into `index`, run after run, each run's first seen first; the
/// catalog's id of each run's each string. The lookups, most of the work, are shared among
/// the cores by hash ([`first_places`]); only laying out the new strings in id order is
/// serial. Catalogs whose texts could pass the 4 GiB offsets go through [`merge_serially`],
/// which knows where to stop.
fn merge_strings(index: &mut SearchIndex, runs: &[RunStrings]) -> Vec<u32> {
    let total: usize = runs.iter().map(|r| r.hashes.len()).sum();
    let text: usize = runs.iter().map(|r| r.text.len()).sum();
    let folded: usize = runs.iter().map(|r| r.folded.len()).sum();
    if [total, text, folded]
        .iter()
        .any(|&n| u32::try_from(n).is_err())
    {
        return merge_serially(index, runs);
    }
    let starts: Vec<usize> = runs
        .iter()
        .scan(0, |at, r| {
            let start = *at;
            *at += r.hashes.len();
            Some(start)
        })
        .collect();
    let shards = rayon::current_num_threads() * 4;
    let firsts: Vec<Vec<u32>> = (0..shards)
        .into_par_iter()
        .map(|shard| first_places(runs, &starts, shard, shards))
        .collect();
    let mut taken = vec![0usize; shards];
    let mut ids = vec![0u32; total];
    index.folded.reserve(folded);
    index.original.reserve(text);
    index.folded_at.reserve(total + 1);
    index.original_at.reserve(total + 1);
    index.string_mask.reserve(total);
    index.folded_at.push(0);
    index.original_at.push(0);
    for (strings, &start) in runs.iter().zip(&starts) {
        for (local, &hash) in strings.hashes.iter().enumerate() {
            let shard = shard_of(hash, shards);
            // Each shard's places come in the order of the strings it holds.
            let first = firsts[shard][taken[shard]] as usize;
            taken[shard] += 1;
            let at = start + local;
            ids[at] = if first == at {
                // Every total was checked to fit in a u32 above.
                let id = index.string_mask.len() as u32;
                let (text, folded) = (strings.text(local), strings.folded(local));
                index.folded.push_str(folded);
                if folded != text {
                    index.original.push_str(text);
                }
                index.string_mask.push(strings.mask[local]);
                index.folded_at.push(index.folded.len() as u32);
                index.original_at.push(index.original.len() as u32);
                id
            } else {
                ids[first]
            };
        }
    }
    shrink_strings(index);
    ids
}

/// The shard of the strings that hash to `hash`: bits the tables use for neither the bucket
/// nor the tag.
fn shard_of(hash: u64, shards: usize) -> usize {
    (hash >> 32) as usize % shards
}

/// For each string of `shard`, in run order and then each run's order, the place (counted
/// across the runs back to back) of the first string with its text: its own place when it is
/// the first.
fn first_places(runs: &[RunStrings], starts: &[usize], shard: usize, shards: usize) -> Vec<u32> {
    let mut table: HashTable<(u32, u32)> = HashTable::new();
    let mut places = Vec::new();
    let text = |(run, local): (u32, u32)| runs[run as usize].text(local as usize);
    let hash = |&(run, local): &(u32, u32)| runs[run as usize].hashes[local as usize];
    for (run, (strings, &start)) in runs.iter().zip(starts).enumerate() {
        for (local, &h) in strings.hashes.iter().enumerate() {
            if shard_of(h, shards) != shard {
                continue;
            }
            // Both fit: the merge's caller checked that the places do.
            let here = (run as u32, local as u32);
            let found = table.find(h, |&there| text(there) == strings.text(local));
            let first = match found {
                Some(&(run, local)) => starts[run as usize] + local as usize,
                None => {
                    table.insert_unique(h, here, hash);
                    start + local
                }
            };
            places.push(first as u32);
        }
    }
    places
}

/// Interns every run's strings into `index`, run after run, each run's first seen first, on
/// one core; the catalog's id of each run's each string.
fn merge_serially(index: &mut SearchIndex, runs: &[RunStrings]) -> Vec<u32> {
    let most: usize = runs.iter().map(|r| r.hashes.len()).sum();
    let mut table: HashTable<u32> = HashTable::with_capacity(most + 1);
    let mut hashes: Vec<u64> = Vec::with_capacity(most + 1);
    index.folded_at.push(0);
    index.original_at.push(0);
    let mut ids = Vec::with_capacity(most);
    for strings in runs {
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
    }
    shrink_strings(index);
    ids
}

/// Gives back the room the string table was given ahead or grew into: it would be held for as
/// long as the index lives.
fn shrink_strings(index: &mut SearchIndex) {
    index.folded.shrink_to_fit();
    index.original.shrink_to_fit();
    index.string_mask.shrink_to_fit();
    index.folded_at.shrink_to_fit();
    index.original_at.shrink_to_fit();
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

/// A run of consecutive profiles being interned: its own strings, and its stretch of the
/// catalog's slots, which hold the run's own string ids until the merge renumbers them.
struct Run<'a> {
    strings: RunStrings,
    slot_string: &'a mut [u32],
    slot_tag: &'a mut [SlotTag],
    /// The slots filled so far.
    filled: usize,
    /// The chars of the profile being added.
    mask: u64,
    /// Its fields so far, by kind.
    counts: FieldCounts,
}

/// The number of slots `p` takes: [`each_field`] counted.
fn slot_count(p: &Profile) -> usize {
    let mut count = 0;
    each_field(p, |_, _| count += 1);
    count
}

/// Calls `field` with each searched field of `p` in slot order: the name, the id, the niches,
/// each audience's kind and niches, the lists, then the single fields that are stated.
fn each_field<'p>(p: &'p Profile, mut field: impl FnMut(FieldKind, &'p str)) {
    field(FieldKind::Name, p.name.as_str());
    field(FieldKind::Id, p.id.as_str());
    for niche in &p.niches {
        field(FieldKind::Niche, niche.as_str());
    }
    for audience in &p.audiences {
        field(FieldKind::AudienceKind, audience.kind.label());
        for niche in &audience.niches {
            field(FieldKind::AudienceNiche, niche.as_str());
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
            field(kind, item.as_str());
        }
    }
    if let Some(industry) = &p.industry {
        field(FieldKind::Industry, industry.as_str());
    }
    let countries = countries_text(&p.promotion.countries);
    if !countries.is_empty() {
        field(FieldKind::Countries, countries);
    }
    if let Some(model) = p.program.platform {
        field(FieldKind::PlatformModel, model.label());
    }
    if let Some(tool) = &p.program.in_house {
        field(FieldKind::InHouse, tool.as_str());
    }
}

impl Run<'_> {
    /// Fills the profile's slots; its chars.
    fn add_profile(&mut self, p: &Profile, hasher: &TextHash) -> u64 {
        self.mask = 0;
        self.counts = FieldCounts::default();
        each_field(p, |kind, text| {
            // An id is almost surely seen nowhere else in the run: see
            // [`RunStrings::push_new`].
            let id = if kind == FieldKind::Id {
                self.strings.push_new(text, hasher)
            } else {
                self.strings.intern(text, hasher)
            };
            self.slot_tag[self.filled] = SlotTag::of(self.counts.next(kind));
            self.slot_string[self.filled] = id;
            self.filled += 1;
            self.mask |= self.strings.mask[id as usize];
        });
        self.mask
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::SeededNumbers;

    fn profile(id: &str, name: &str, niches: &[&str], kind: &str) -> Profile {
        let niches: Vec<String> = niches.iter().map(|n| format!("{n:?}")).collect();
        let src = format!(
            "id = {id:?}\nname = {name:?}\nniches = [{}]\n[[audiences]]\nkind = {kind:?}\nniches = [{}]\n",
            niches.join(", "),
            niches.iter().rev().cloned().collect::<Vec<_>>().join(", "),
        );
        match toml::from_str(&src) {
            Ok(p) => p,
            Err(e) => panic!("test profile does not parse: {e}\n{src}"),
        }
    }

    /// Programs whose names, ids and niches repeat within and across runs, fold alike
    /// ("Café", "CAFE") and stand for one another (a name that is another's niche or id).
    fn repeating(count: usize) -> Vec<Profile> {
        let words = [
            "Café",
            "cafe",
            "CAFE",
            "fishing",
            "Fishing",
            "ábaco",
            "p-7",
            "reel deal",
            "Zebra",
        ];
        let kinds = ["bloggers", "youtubers", "tiktokers"];
        let mut numbers = SeededNumbers::new(11);
        let mut next = |n: usize| numbers.below(n);
        (0..count)
            .map(|_| {
                let name = format!("{} {}", words[next(words.len())], next(30));
                let id = format!("p-{}", next(count / 2 + 1));
                let niches: Vec<&str> = (0..next(4)).map(|_| words[next(words.len())]).collect();
                profile(&id, name.trim(), &niches, kinds[next(kinds.len())])
            })
            .collect()
    }

    fn interned(profiles: &[Profile], runs: usize, merge: Merge) -> SearchIndex {
        let mut index = SearchIndex::default();
        intern_in_runs(&mut index, profiles, runs, merge);
        index
    }

    fn assert_same(a: &SearchIndex, b: &SearchIndex) {
        assert_eq!(a.folded, b.folded);
        assert_eq!(a.folded_at, b.folded_at);
        assert_eq!(a.original, b.original);
        assert_eq!(a.original_at, b.original_at);
        assert_eq!(a.string_mask, b.string_mask);
        assert_eq!(a.slot_at, b.slot_at);
        assert_eq!(a.slot_string, b.slot_string);
        assert_eq!(a.slot_tag, b.slot_tag);
        assert_eq!(a.profile_mask, b.profile_mask);
    }

    #[test]
    fn runs_merged_on_every_core_intern_as_one_run_on_one_core_does() {
        let many = repeating(3_000);
        let same = vec![profile("same", "same", &["same", "same"], "bloggers"); 50];
        let cases: [&[Profile]; 5] = [&many, &[], &many[..1], &many[..7], &same];
        for profiles in cases {
            let one = interned(profiles, 1, merge_serially);
            for runs in [1, 2, 7, 64] {
                assert_same(&one, &interned(profiles, runs, merge_strings));
                assert_same(&one, &interned(profiles, runs, merge_serially));
            }
            let slots: usize = profiles.iter().map(slot_count).sum();
            assert_eq!(one.slot_string.len(), slots);
        }
        // Strings are shared across runs: fewer strings than slots, the empty one first.
        let one = interned(&many, 1, merge_serially);
        assert!(one.string_count() < one.slot_string.len() / 4);
        assert_eq!(one.folded(0), "");
    }
}
