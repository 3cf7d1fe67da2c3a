//! The search index: every searched field of every profile, laid out flat for fast scanning.
//!
//! Field texts are interned: a niche such as "fishing" is stored, and later scored, once for the
//! whole catalog however many programs name it. Each profile is a run of slots in the profile's
//! own field order, name first; a slot is 6 bytes: the string's id and a tag giving the field's
//! kind and its place among the profile's fields of that kind, from which its [`MatchedField`]
//! is rebuilt.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use rayon::prelude::*;

use super::query::{Query, char_mask, fold_into};
use super::{Match, MatchedField, engine};
use crate::model::Profile;
use crate::model::fields;

/// Which field of a profile a slot holds; its weight says how much a hit there counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum FieldKind {
    Name,
    Niche,
    AudienceKind,
    AudienceNiche,
    Focus,
    Industry,
    ProductType,
}

impl FieldKind {
    /// The field table's path for this kind of slot.
    pub(super) const fn path(self) -> &'static str {
        match self {
            FieldKind::Name => "name",
            FieldKind::Niche => "niches",
            FieldKind::AudienceKind => "audiences.kind",
            FieldKind::AudienceNiche => "audiences.niches",
            FieldKind::Focus => "focus",
            FieldKind::Industry => "industry",
            FieldKind::ProductType => "product_types",
        }
    }

    /// Every kind, in tag order.
    pub(super) const ALL: [FieldKind; 7] = [
        FieldKind::Name,
        FieldKind::Niche,
        FieldKind::AudienceKind,
        FieldKind::AudienceNiche,
        FieldKind::Focus,
        FieldKind::Industry,
        FieldKind::ProductType,
    ];

    /// How much a hit in this kind of field counts, from the field table.
    pub(super) const fn weight(self) -> i64 {
        fields::search_weight(self.path())
    }
}

/// A fast hash for interning field texts (FxHash); the catalog is the user's own data.
#[derive(Default)]
struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(word));
        }
    }
    fn write_u8(&mut self, byte: u8) {
        self.write_u64(u64::from(byte));
    }
    fn write_u64(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// The id of the empty string, given to anything past the (absurd) interning limit.
const EMPTY: u32 = 0;

/// What a slot holds, in the 2 bytes the scan reads anyway: the field kind in the low 3 bits,
/// and above them its place among the profile's fields of that kind (`i` in `Niche(i)`), or
/// all ones past what fits, where the place is counted out instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct SlotTag(u16);

impl SlotTag {
    const KINDS: [FieldKind; 7] = FieldKind::ALL;
    const WEIGHTS: [i64; 8] = {
        let mut w = [0; 8];
        let mut i = 0;
        while i < Self::KINDS.len() {
            w[i] = Self::KINDS[i].weight();
            i += 1;
        }
        w
    };
    const NO_ORDINAL: u16 = u16::MAX >> 3;

    fn new(kind: FieldKind, ordinal: usize) -> Self {
        let ordinal = u16::try_from(ordinal).map_or(Self::NO_ORDINAL, |n| n.min(Self::NO_ORDINAL));
        SlotTag(ordinal << 3 | kind as u16)
    }

    fn kind(self) -> FieldKind {
        Self::KINDS[usize::from(self.0 & 7)]
    }

    /// See [`FieldKind::weight`].
    #[inline]
    pub(super) fn weight(self) -> i64 {
        Self::WEIGHTS[usize::from(self.0 & 7)]
    }

    fn ordinal(self) -> Option<usize> {
        match self.0 >> 3 {
            Self::NO_ORDINAL => None,
            n => Some(usize::from(n)),
        }
    }
}

/// Every searched field of every profile, folded, masked and interned; built once per catalog.
#[derive(Debug, Default)]
pub struct SearchIndex {
    /// Folded texts of the distinct strings, back to back.
    folded: String,
    /// `folded[folded_at[s]..folded_at[s + 1]]` is string `s`, folded.
    folded_at: Vec<usize>,
    /// Original texts of the strings whose folded copy differs; empty spans for the rest.
    original: String,
    /// `original[original_at[s]..original_at[s + 1]]` is string `s` as written, when it differs.
    original_at: Vec<usize>,
    /// The chars of each distinct string.
    string_mask: Vec<u64>,
    /// `slots[slot_at[p]..slot_at[p + 1]]` are profile `p`'s fields.
    slot_at: Vec<usize>,
    /// The string each slot holds.
    slot_string: Vec<u32>,
    /// The kind of field each slot is, and its place among those.
    slot_tag: Vec<SlotTag>,
    /// The chars of all of a profile's fields, to reject a profile without looking at a field.
    profile_mask: Vec<u64>,
    /// Each profile's place in the order by folded name, then index: how ties in score go.
    rank: Vec<u32>,
    /// Profiles ordered by folded name, then id, then index: the empty query's order.
    by_name: Vec<u32>,
}

impl SearchIndex {
    /// Indexes the searched fields of `profiles`; match indices point into this same slice.
    pub fn new(profiles: &[Profile]) -> Self {
        let mut builder = Builder::default();
        builder.index.slot_at.push(0);
        builder.intern(""); // EMPTY
        for profile in profiles {
            builder.add_profile(profile);
        }
        let mut index = builder.index;
        index.rank_names(profiles);
        index
    }

    /// The number of programs indexed.
    pub fn len(&self) -> usize {
        self.profile_mask.len()
    }

    /// True when no program is indexed.
    pub fn is_empty(&self) -> bool {
        self.profile_mask.is_empty()
    }

    /// Every program matching `query`, best first: the synchronous search the CLI uses.
    pub fn search(&self, query: &str) -> Vec<Match> {
        let query = Query::parse(query);
        let never = || false;
        let mut spares = engine::Spares::default();
        engine::run(
            self,
            &query,
            None,
            &never,
            &mut |_| {},
            usize::MAX,
            &mut spares,
        )
        .map(|(matches, _)| matches)
        .unwrap_or_default()
    }

    /// Char indices `query`'s terms match in that profile's `field`, to highlight a row on screen.
    pub fn positions(
        &self,
        query: &Query,
        profile_index: usize,
        field: MatchedField,
    ) -> Vec<usize> {
        let Some(slot) = self
            .fields(profile_index)
            .find_map(|(slot, f)| (f == field).then_some(slot))
        else {
            return Vec::new();
        };
        let string = self.slot_string[slot] as usize;
        let (folded, original) = (self.folded(string), self.original(string));
        let mut at: Vec<usize> = query
            .terms()
            .iter()
            .filter_map(|term| term.positions(folded, original))
            .flatten()
            .collect();
        at.sort_unstable();
        at.dedup();
        at
    }

    /// The number of distinct strings, the size of a per-term score table.
    pub(super) fn string_count(&self) -> usize {
        self.string_mask.len()
    }

    /// String `s`, folded.
    pub(super) fn folded(&self, s: usize) -> &str {
        &self.folded[self.folded_at[s]..self.folded_at[s + 1]]
    }

    /// String `s` as written.
    pub(super) fn original(&self, s: usize) -> &str {
        let (start, end) = (self.original_at[s], self.original_at[s + 1]);
        if start == end {
            self.folded(s)
        } else {
            &self.original[start..end]
        }
    }

    /// The chars of string `s`.
    pub(super) fn string_mask(&self, s: usize) -> u64 {
        self.string_mask[s]
    }

    /// The chars of all of profile `p`'s fields.
    pub(super) fn profile_mask(&self, p: usize) -> u64 {
        self.profile_mask[p]
    }

    /// The slot range of profile `p`.
    pub(super) fn slots(&self, p: usize) -> std::ops::Range<usize> {
        self.slot_at[p]..self.slot_at[p + 1]
    }

    /// The string and tag of every slot, indexed by slot.
    pub(super) fn slot_tables(&self) -> (&[u32], &[SlotTag]) {
        (&self.slot_string, &self.slot_tag)
    }

    /// Profile `p`'s place in the order by folded name, then index.
    pub(super) fn rank(&self, p: usize) -> u32 {
        self.rank[p]
    }

    /// Every profile in the empty query's order.
    pub(super) fn by_name(&self) -> &[u32] {
        &self.by_name
    }

    /// Each slot of profile `p` with the field it holds.
    pub(super) fn fields(&self, p: usize) -> impl Iterator<Item = (usize, MatchedField)> + '_ {
        let slots = if p < self.len() { self.slots(p) } else { 0..0 };
        let mut counts = FieldCounts::default();
        slots.map(move |slot| (slot, counts.next(self.slot_tag[slot].kind())))
    }

    /// The field that the `offset`th slot of profile `p` holds.
    pub(super) fn slot_field(&self, p: usize, offset: usize) -> MatchedField {
        let start = self.slot_at[p];
        let slot = start + offset;
        let tag = self.slot_tag[slot];
        let field = match tag.kind() {
            FieldKind::Name => Some(MatchedField::Name),
            FieldKind::Industry => Some(MatchedField::Industry),
            FieldKind::Niche => tag.ordinal().map(MatchedField::Niche),
            FieldKind::Focus => tag.ordinal().map(MatchedField::Focus),
            FieldKind::ProductType => tag.ordinal().map(MatchedField::ProductType),
            FieldKind::AudienceKind => tag.ordinal().map(MatchedField::AudienceKind),
            FieldKind::AudienceNiche => {
                // The audience is the nearest audience-kind slot before this one.
                let audience = self.slot_tag[start..slot]
                    .iter()
                    .rev()
                    .find(|t| t.kind() == FieldKind::AudienceKind)
                    .and_then(|t| t.ordinal());
                match (audience, tag.ordinal()) {
                    (Some(audience), Some(niche)) => {
                        Some(MatchedField::AudienceNiche { audience, niche })
                    }
                    _ => None,
                }
            }
        };
        field.unwrap_or_else(|| {
            let mut counts = FieldCounts::default();
            let tags = &self.slot_tag[start..=slot];
            tags.iter()
                .fold(MatchedField::Name, |_, t| counts.next(t.kind()))
        })
    }

    fn rank_names(&mut self, profiles: &[Profile]) {
        let name_of = |p: u32| self.folded(self.slot_string[self.slot_at[p as usize]] as usize);
        let mut by_rank: Vec<u32> = (0..profiles.len() as u32).collect();
        by_rank.par_sort_unstable_by(|&a, &b| name_of(a).cmp(name_of(b)).then(a.cmp(&b)));
        let mut by_name = by_rank.clone();
        by_name.par_sort_unstable_by(|&a, &b| {
            name_of(a)
                .cmp(name_of(b))
                .then_with(|| profiles[a as usize].id.cmp(&profiles[b as usize].id))
                .then(a.cmp(&b))
        });
        let mut rank = vec![0u32; profiles.len()];
        for (place, &p) in by_rank.iter().enumerate() {
            rank[p as usize] = place as u32;
        }
        self.rank = rank;
        self.by_name = by_name;
    }
}

/// Rebuilds each slot's [`MatchedField`] from the kinds before it in the same profile.
#[derive(Default)]
struct FieldCounts {
    niches: usize,
    audiences: usize,
    audience_niches: usize,
    focus: usize,
    product_types: usize,
}

impl FieldCounts {
    fn next(&mut self, kind: FieldKind) -> MatchedField {
        fn bump(n: &mut usize) -> usize {
            *n += 1;
            *n - 1
        }
        match kind {
            FieldKind::Name => MatchedField::Name,
            FieldKind::Niche => MatchedField::Niche(bump(&mut self.niches)),
            FieldKind::AudienceKind => {
                self.audience_niches = 0;
                MatchedField::AudienceKind(bump(&mut self.audiences))
            }
            FieldKind::AudienceNiche => MatchedField::AudienceNiche {
                audience: self.audiences.saturating_sub(1),
                niche: bump(&mut self.audience_niches),
            },
            FieldKind::Focus => MatchedField::Focus(bump(&mut self.focus)),
            FieldKind::Industry => MatchedField::Industry,
            FieldKind::ProductType => MatchedField::ProductType(bump(&mut self.product_types)),
        }
    }
}

/// Collects slots and interns strings while the index is built.
#[derive(Default)]
struct Builder<'p> {
    index: SearchIndex,
    ids: HashMap<&'p str, u32, BuildHasherDefault<FxHasher>>,
    /// The chars of the profile being added.
    mask: u64,
    /// Its fields so far, by kind.
    counts: FieldCounts,
}

impl<'p> Builder<'p> {
    fn add_profile(&mut self, p: &'p Profile) {
        self.mask = 0;
        self.counts = FieldCounts::default();
        self.slot(FieldKind::Name, p.name.as_str());
        for niche in &p.niches {
            self.slot(FieldKind::Niche, niche.as_str());
        }
        for audience in &p.audiences {
            self.slot(FieldKind::AudienceKind, audience.kind.label());
            for niche in &audience.niches {
                self.slot(FieldKind::AudienceNiche, niche.as_str());
            }
        }
        for focus in &p.focus {
            self.slot(FieldKind::Focus, focus.as_str());
        }
        if let Some(industry) = &p.industry {
            self.slot(FieldKind::Industry, industry.as_str());
        }
        for product in &p.product_types {
            self.slot(FieldKind::ProductType, product.as_str());
        }
        self.index.profile_mask.push(self.mask);
        self.index.slot_at.push(self.index.slot_string.len());
    }

    fn slot(&mut self, kind: FieldKind, text: &'p str) {
        let ordinal = match self.counts.next(kind) {
            MatchedField::Name | MatchedField::Industry => 0,
            MatchedField::Niche(i)
            | MatchedField::AudienceKind(i)
            | MatchedField::AudienceNiche { niche: i, .. }
            | MatchedField::Focus(i)
            | MatchedField::ProductType(i) => i,
        };
        self.index.slot_tag.push(SlotTag::new(kind, ordinal));
        let id = self.intern(text);
        self.mask |= self.index.string_mask[id as usize];
        self.index.slot_string.push(id);
    }

    fn intern(&mut self, text: &'p str) -> u32 {
        if let Some(&id) = self.ids.get(text) {
            return id;
        }
        let Ok(id) = u32::try_from(self.index.string_mask.len()) else {
            return EMPTY;
        };
        let index = &mut self.index;
        if index.folded_at.is_empty() {
            index.folded_at.push(0);
            index.original_at.push(0);
        }
        let start = index.folded.len();
        fold_into(text, &mut index.folded);
        let folded = &index.folded[start..];
        if folded != text {
            index.original.push_str(text);
        }
        index.string_mask.push(char_mask(folded));
        index.folded_at.push(index.folded.len());
        index.original_at.push(index.original.len());
        self.ids.insert(text, id);
        id
    }
}
