//! The search index: every searched field of every profile, laid out flat for fast scanning.
//!
//! Field texts are interned: a niche such as "fishing" is stored, and later scored, once for the
//! whole catalog however many programs name it. Each profile is a run of slots in the profile's
//! own field order, name first; a slot is 6 bytes: the string's id and a tag giving the field's
//! kind and its place among the profile's fields of that kind, from which its [`MatchedField`]
//! is rebuilt.

use rayon::prelude::*;

mod build;
mod stored;

use super::fold::fold;
use super::query::{Query, Want};
use super::{Match, MatchedField, engine};
use crate::model::Profile;
use crate::model::fields;

/// Which field of a profile a slot holds; its weight says how much a hit there counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FieldKind {
    /// The name.
    Name,
    /// The id.
    Id,
    /// `niches`.
    Niche,
    /// An audience's kind label.
    AudienceKind,
    /// An audience's niches.
    AudienceNiche,
    /// `focus`.
    Focus,
    /// `industry`.
    Industry,
    /// `product_types`.
    ProductType,
    /// `program.types`.
    ProgramType,
    /// `promotion.materials`.
    Material,
    /// `promotion.traffic_sources`.
    TrafficSource,
    /// `payout.methods`.
    PayoutMethod,
    /// `promotion.countries`.
    Countries,
    /// `program.networks`.
    Network,
    /// `program.platform`, its label.
    PlatformModel,
    /// `program.in_house`.
    InHouse,
}

impl FieldKind {
    /// The field table's path for this kind of slot.
    pub const fn path(self) -> &'static str {
        match self {
            FieldKind::Name => "name",
            FieldKind::Id => "id",
            FieldKind::Niche => "niches",
            FieldKind::AudienceKind => "audiences.kind",
            FieldKind::AudienceNiche => "audiences.niches",
            FieldKind::Focus => "focus",
            FieldKind::Industry => "industry",
            FieldKind::ProductType => "product_types",
            FieldKind::ProgramType => "program.types",
            FieldKind::Material => "promotion.materials",
            FieldKind::TrafficSource => "promotion.traffic_sources",
            FieldKind::PayoutMethod => "payout.methods",
            FieldKind::Countries => "promotion.countries",
            FieldKind::Network => "program.networks",
            FieldKind::PlatformModel => "program.platform",
            FieldKind::InHouse => "program.in_house",
        }
    }

    /// Every kind, in tag order.
    pub const ALL: [FieldKind; 16] = [
        FieldKind::Name,
        FieldKind::Id,
        FieldKind::Niche,
        FieldKind::AudienceKind,
        FieldKind::AudienceNiche,
        FieldKind::Focus,
        FieldKind::Industry,
        FieldKind::ProductType,
        FieldKind::ProgramType,
        FieldKind::Material,
        FieldKind::TrafficSource,
        FieldKind::PayoutMethod,
        FieldKind::Countries,
        FieldKind::Network,
        FieldKind::PlatformModel,
        FieldKind::InHouse,
    ];

    /// The kind of slot that holds the field at `path`.
    pub fn of_path(path: &str) -> Option<FieldKind> {
        FieldKind::ALL.into_iter().find(|k| k.path() == path)
    }

    /// How much a hit in this kind of field counts, from the field table.
    pub const fn weight(self) -> i64 {
        fields::search_weight(self.path())
    }

    /// True for the name and the id: a word or word prefix there outranks everything.
    pub const fn names_the_program(self) -> bool {
        matches!(self, FieldKind::Name | FieldKind::Id)
    }
}

/// The id of the empty string, given to anything past the (absurd) interning limit.
const EMPTY: u32 = 0;

/// What a slot holds, in the 2 bytes the scan reads anyway: the field kind in the low 4 bits,
/// and above them its place among the profile's fields of that kind (`item` of its
/// [`MatchedField`]); for an audience's niche, its audience above its place among that
/// audience's niches. All ones past what fits, where the place is counted out instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct SlotTag(u16);

impl SlotTag {
    const KIND_BITS: u32 = 4;
    const KIND_MASK: u16 = (1 << Self::KIND_BITS) - 1;
    const NO_ORDINAL: u16 = u16::MAX >> Self::KIND_BITS;
    /// Bits of an audience niche's place that hold its place among its audience's niches.
    const NICHE_BITS: u32 = 6;

    /// The name's slot: the first of every profile.
    pub(super) const NAME: SlotTag = SlotTag(FieldKind::Name as u16);

    fn new(kind: FieldKind, ordinal: usize) -> Self {
        let ordinal = u16::try_from(ordinal).map_or(Self::NO_ORDINAL, |n| n.min(Self::NO_ORDINAL));
        SlotTag(ordinal << Self::KIND_BITS | kind as u16)
    }

    /// The tag of a slot holding `field`.
    fn of(field: MatchedField) -> Self {
        if field.kind != FieldKind::AudienceNiche {
            return Self::new(field.kind, field.item);
        }
        let niches = 1 << Self::NICHE_BITS;
        let place = (field.audience.checked_mul(niches))
            .filter(|_| field.item < niches)
            .map(|audiences| audiences + field.item)
            .filter(|&place| place < usize::from(Self::NO_ORDINAL));
        Self::new(field.kind, place.unwrap_or(usize::MAX))
    }

    /// The field a slot with this tag holds, when its place fit in the tag. Any other field
    /// than an audience's niche is given audience 0, as [`FieldCounts`] gives it.
    fn field(self) -> Option<MatchedField> {
        let kind = self.kind();
        let place = self.ordinal()?;
        Some(if kind == FieldKind::AudienceNiche {
            MatchedField {
                kind,
                item: place & ((1 << Self::NICHE_BITS) - 1),
                audience: place >> Self::NICHE_BITS,
            }
        } else {
            MatchedField {
                kind,
                item: place,
                audience: 0,
            }
        })
    }

    /// The kind of field.
    #[inline]
    pub(super) fn kind(self) -> FieldKind {
        FieldKind::ALL[usize::from(self.0 & Self::KIND_MASK)]
    }

    /// The kind of field as its place in [`FieldKind::ALL`], read without a lookup.
    #[inline]
    pub(super) fn kind_index(self) -> usize {
        usize::from(self.0 & Self::KIND_MASK)
    }

    /// The tag as two bytes, to keep in a packed word.
    pub(super) fn bits(self) -> u16 {
        self.0
    }

    /// A tag [`SlotTag::bits`] gave.
    pub(super) fn from_bits(bits: u16) -> Self {
        SlotTag(bits)
    }

    fn ordinal(self) -> Option<usize> {
        match self.0 >> Self::KIND_BITS {
            Self::NO_ORDINAL => None,
            n => Some(usize::from(n)),
        }
    }
}

/// One filterable field's values for every profile, read once from the field table.
#[derive(Debug)]
pub(super) enum FilterColumn {
    /// Low and high figures (NaN where not stated), from [`fields::Field::bounds`].
    Bounds(Vec<[f32; 2]>),
    /// 0 not stated, 1 no, 2 yes, from the field's text.
    YesNo(Vec<u8>),
    /// Folded items of a list, per profile, and whether anything about it is stated.
    Items {
        at: Vec<u32>,
        items: Vec<Box<str>>,
        stated: Vec<bool>,
    },
}

/// Every searched field of every profile, folded, masked and interned; built once per catalog.
#[derive(Debug, Default)]
pub struct SearchIndex {
    /// Folded texts of the distinct strings, back to back.
    folded: String,
    /// `folded[folded_at[s]..folded_at[s + 1]]` is string `s`, folded.
    folded_at: Vec<u32>,
    /// Original texts of the strings whose folded copy differs; empty spans for the rest.
    original: String,
    /// `original[original_at[s]..original_at[s + 1]]` is string `s` as written, when it differs.
    original_at: Vec<u32>,
    /// The chars of each distinct string.
    string_mask: Vec<u64>,
    /// `slots[slot_at[p]..slot_at[p + 1]]` are profile `p`'s fields.
    slot_at: Vec<u32>,
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
    /// The values of each field a query can filter on, by table path.
    filters: Vec<(&'static str, FilterColumn)>,
}

/// What one search found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Outcome {
    /// Best first.
    pub matches: Vec<Match>,
    /// True when no program matched every term, so these match the most terms there are.
    pub partial: bool,
    /// Programs that matched but failed a filter only because its value is not stated.
    pub hidden: usize,
}

impl SearchIndex {
    /// Indexes the searched fields of `profiles`; match indices point into this same slice.
    pub fn new(profiles: &[Profile]) -> Self {
        let mut index = SearchIndex::default();
        // The filter columns read only the profiles: built beside the interning and the name
        // order, they keep the second core busy while those wait on a serial step.
        let ((rank, by_name), filters) = rayon::join(
            || {
                build::intern_profiles(&mut index, profiles);
                index.name_order(profiles)
            },
            || filter_columns(profiles),
        );
        index.rank = rank;
        index.by_name = by_name;
        index.filters = filters;
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

    /// Program `p`'s name as written (its first slot), read without its profile: a catalog
    /// from the cache decodes nothing to offer "did you mean".
    pub fn name(&self, p: usize) -> Option<&str> {
        let slot = *self.slot_at.get(p)? as usize;
        let string = *self.slot_string.get(slot)? as usize;
        (string < self.string_count()).then(|| self.original(string))
    }

    /// Every program matching `query`, best first: the synchronous search the CLI uses.
    pub fn search(&self, query: &str) -> Vec<Match> {
        self.search_outcome(query).matches
    }

    /// [`SearchIndex::search`] with whether the matches are partial and how many were hidden.
    pub fn search_outcome(&self, query: &str) -> Outcome {
        let query = Query::parse(query);
        let never = || false;
        let mut spares = super::spares::Spares::default();
        engine::run(
            self,
            &query,
            None,
            &never,
            &mut |_| {},
            engine::Tuning::WHOLE,
            &mut spares,
        )
        .map(|(outcome, _)| outcome)
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
        let original = self.original(string);
        let mut at: Vec<usize> = query
            .highlight_terms(Some(field.kind))
            .filter_map(|term| term.pattern().positions(original))
            .flatten()
            .collect();
        at.sort_unstable();
        at.dedup();
        at
    }

    /// The column of the filterable field at `path`.
    pub(super) fn filter_column(&self, path: &str) -> Option<&FilterColumn> {
        self.filters
            .iter()
            .find_map(|(p, column)| (*p == path).then_some(column))
    }

    /// The number of distinct strings, the size of a per-term score table.
    pub(super) fn string_count(&self) -> usize {
        self.string_mask.len()
    }

    /// String `s`, folded.
    pub(super) fn folded(&self, s: usize) -> &str {
        &self.folded[self.folded_at[s] as usize..self.folded_at[s + 1] as usize]
    }

    /// String `s` as written.
    pub(super) fn original(&self, s: usize) -> &str {
        let (start, end) = (
            self.original_at[s] as usize,
            self.original_at[s + 1] as usize,
        );
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
        self.slot_at[p] as usize..self.slot_at[p + 1] as usize
    }

    /// The string and tag of every slot, indexed by slot.
    pub(super) fn slot_tables(&self) -> (&[u32], &[SlotTag]) {
        (&self.slot_string, &self.slot_tag)
    }

    /// Profile `p`'s place in the order by folded name, then index.
    pub(super) fn rank(&self, p: usize) -> u32 {
        self.rank[p]
    }

    /// Every program in the empty query's order (positions in the catalog, by folded name,
    /// then id): what a warm start lists before the rest of the index is read.
    pub fn by_name(&self) -> &[u32] {
        &self.by_name
    }

    /// Each slot of profile `p` with the field it holds.
    pub(super) fn fields(&self, p: usize) -> impl Iterator<Item = (usize, MatchedField)> + '_ {
        let slots = if p < self.len() { self.slots(p) } else { 0..0 };
        let mut counts = FieldCounts::default();
        slots.map(move |slot| (slot, counts.next(self.slot_tag[slot].kind())))
    }

    /// [`SearchIndex::counted_field`] where the slot's tag is known: read from the tag alone,
    /// without the profile's slots, unless its place did not fit in the tag. At 100,000
    /// programs, reading the slots again cost a keystroke typed on from another 1–2 ms.
    pub(super) fn tagged_field(&self, p: usize, offset: usize, tag: SlotTag) -> MatchedField {
        tag.field().unwrap_or_else(|| self.counted_field(p, offset))
    }

    /// The field that the `offset`th slot of profile `p` holds.
    #[cfg(test)]
    pub(super) fn slot_field(&self, p: usize, offset: usize) -> MatchedField {
        let slot = self.slot_at[p] as usize + offset;
        self.tagged_field(p, offset, self.slot_tag[slot])
    }

    /// The field that the `offset`th slot of profile `p` holds, counted out from the profile's
    /// slots up to that one.
    pub(super) fn counted_field(&self, p: usize, offset: usize) -> MatchedField {
        let start = self.slot_at[p] as usize;
        let mut counts = FieldCounts::default();
        self.slot_tag[start..=start + offset]
            .iter()
            .fold(MatchedField::NAME, |_, t| counts.next(t.kind()))
    }

    /// Orders the programs by folded name. The names are ranked once among the distinct
    /// strings (a parallel sort of those alone), then the programs are placed by that integer
    /// rank in one counting pass; only programs sharing a name are compared again, by id.
    /// Sorting every program by its name string, twice, was most of the index build.
    /// Gives each program's rank and the programs by name, then id, then index.
    fn name_order(&self, profiles: &[Profile]) -> (Vec<u32>, Vec<u32>) {
        let name_string: Vec<u32> = (0..profiles.len())
            .map(|p| self.slot_string[self.slot_at[p] as usize])
            .collect();
        let strings = self.string_mask.len();
        let mut seen = vec![false; strings];
        let mut names: Vec<u32> = Vec::new();
        for &s in &name_string {
            if !std::mem::replace(&mut seen[s as usize], true) {
                names.push(s);
            }
        }
        drop(seen);
        // Sorted by each name's first 8 bytes as one integer, which orders as the bytes do,
        // and by the whole text only where those are equal: most comparisons then read no
        // string, where reading two strings at random places was most of the sort.
        let mut keyed: Vec<(u64, u32)> = names
            .par_iter()
            .map(|&s| (prefix_key(self.folded(s as usize)), s))
            .collect();
        keyed.par_sort_unstable_by(|a, b| {
            a.0.cmp(&b.0)
                .then_with(|| self.folded(a.1 as usize).cmp(self.folded(b.1 as usize)))
        });
        drop(names);
        // Strings that fold alike share a rank; ranks count up from 0 with no gaps.
        let mut name_rank = vec![0u32; strings];
        let mut ranks = 0u32;
        for (i, &(key, s)) in keyed.iter().enumerate() {
            if let Some(&(key_before, before)) = i.checked_sub(1).map(|b| &keyed[b])
                && (key != key_before || self.folded(s as usize) != self.folded(before as usize))
            {
                ranks += 1;
            }
            name_rank[s as usize] = ranks;
        }
        let ranks = if keyed.is_empty() {
            0
        } else {
            ranks as usize + 1
        };
        drop(keyed);
        // A counting sort by rank keeps the programs of one rank in index order.
        let mut starts = vec![0u32; ranks + 1];
        for &s in &name_string {
            starts[name_rank[s as usize] as usize + 1] += 1;
        }
        for r in 1..starts.len() {
            starts[r] += starts[r - 1];
        }
        let group_starts = starts.clone();
        let mut by_rank = vec![0u32; profiles.len()];
        for (p, &s) in name_string.iter().enumerate() {
            let at = &mut starts[name_rank[s as usize] as usize];
            by_rank[*at as usize] = p as u32;
            *at += 1;
        }
        let mut rank = vec![0u32; profiles.len()];
        for (place, &p) in by_rank.iter().enumerate() {
            rank[p as usize] = place as u32;
        }
        // The empty query's order: programs sharing a name, by id, then index.
        let mut by_name = by_rank.clone();
        let mut groups: Vec<&mut [u32]> = Vec::new();
        let mut rest = by_name.as_mut_slice();
        for pair in group_starts.windows(2) {
            let (group, tail) = rest.split_at_mut((pair[1] - pair[0]) as usize);
            rest = tail;
            if group.len() > 1 {
                groups.push(group);
            }
        }
        groups.par_iter_mut().for_each(|group| {
            group.sort_unstable_by(|&a, &b| {
                (profiles[a as usize].id.cmp(&profiles[b as usize].id)).then(a.cmp(&b))
            });
        });
        (rank, by_name)
    }

    /// Each program's place in the order by folded name, then index (for tests).
    #[cfg(test)]
    pub(super) fn name_ranks(&self) -> &[u32] {
        &self.rank
    }
}

/// The first 8 bytes of `text` as a big-endian integer, zeros past its end: `a < b` for two
/// keys means the same for the texts (equal keys say nothing).
fn prefix_key(text: &str) -> u64 {
    let mut bytes = [0u8; 8];
    let head = &text.as_bytes()[..text.len().min(8)];
    bytes[..head.len()].copy_from_slice(head);
    u64::from_be_bytes(bytes)
}

/// The ISO codes `p` excludes when `stated_by` is its countries field, else none.
fn excluded_codes<'p>(p: &'p Profile, stated_by: Option<&fields::Field>) -> Vec<&'p str> {
    match stated_by {
        Some(f) if f.path == "promotion.countries" => p.promotion.countries.excluded_codes(),
        _ => Vec::new(),
    }
}

/// The words a search reads for where `countries` may be promoted: the source's own words, else
/// "Worldwide" when it says so; empty when neither is stated.
pub(crate) fn countries_text(countries: &crate::model::Countries) -> &str {
    match &countries.text {
        Some(text) => text.as_str(),
        None if countries.worldwide => "Worldwide",
        None => "",
    }
}

/// Reads every filterable field of every profile into columns.
fn filter_columns(profiles: &[Profile]) -> Vec<(&'static str, FilterColumn)> {
    let figure = |v: Option<f64>| v.map_or(f32::NAN, |v| v as f32);
    // One column per core at a time: the list columns are read on one core each.
    let filterable: Vec<_> = fields::filterable().collect();
    filterable
        .into_par_iter()
        .filter_map(|(field, filter)| {
            let column = match filter.test {
                fields::FilterTest::Scope => return None,
                fields::FilterTest::Range | fields::FilterTest::Free => FilterColumn::Bounds(
                    profiles
                        .par_iter()
                        .map(|p| {
                            let b = (field.bounds)(p);
                            [
                                figure(b.as_ref().and_then(|b| b.figures.low)),
                                figure(b.as_ref().and_then(|b| b.figures.high)),
                            ]
                        })
                        .collect(),
                ),
                fields::FilterTest::YesNo => FilterColumn::YesNo(
                    profiles
                        .par_iter()
                        .map(|p| match (field.text)(p).as_deref() {
                            Some("yes") => 2,
                            Some("no") => 1,
                            _ => 0,
                        })
                        .collect(),
                ),
                fields::FilterTest::NotListed(stated_by) => {
                    let stated_by = fields::by_path(stated_by);
                    let mut at = vec![0u32];
                    let mut items = Vec::new();
                    let mut stated = Vec::with_capacity(profiles.len());
                    for p in profiles {
                        let listed = (field.items)(p);
                        items.extend(listed.iter().map(|l| fold(l.as_str()).into_boxed_str()));
                        // A structured exclusion lists ISO codes (`country:IN`); a program is
                        // taken as excluded from a country when its code is listed, whatever
                        // the exclusion's condition says.
                        let codes = excluded_codes(p, stated_by);
                        items.extend(codes.iter().map(|c| fold(c).into_boxed_str()));
                        at.push(u32::try_from(items.len()).unwrap_or(u32::MAX));
                        stated.push(
                            !listed.is_empty()
                                || !codes.is_empty()
                                || stated_by.is_some_and(|f| (f.text)(p).is_some()),
                        );
                    }
                    FilterColumn::Items { at, items, stated }
                }
            };
            Some((field.path, column))
        })
        .collect()
}

impl FilterColumn {
    /// Whether profile `p` passes `want`; `None` when its value is not stated.
    pub(super) fn passes(&self, p: usize, want: &Want) -> Option<bool> {
        let known = |v: f32| (!v.is_nan()).then_some(f64::from(v));
        match (self, want) {
            (FilterColumn::Bounds(b), Want::Range(op, figure)) => {
                let [low, high] = b[p];
                op.passes(known(low), known(high), f64::from(*figure as f32))
            }
            (FilterColumn::Bounds(b), Want::Free(free)) => {
                let [low, high] = b[p];
                let (low, high) = (known(low), known(high));
                let top = high.or(low)?;
                let bottom = low.or(high)?;
                Some(if *free { top == 0.0 } else { bottom > 0.0 })
            }
            (FilterColumn::YesNo(v), Want::YesNo(yes)) => match v[p] {
                0 => None,
                n => Some((n == 2) == *yes),
            },
            (FilterColumn::Items { at, items, stated }, Want::NotListed(value)) => {
                if !stated[p] {
                    return None;
                }
                let listed = &items[at[p] as usize..at[p + 1] as usize];
                Some(!listed.iter().any(|item| names(item, value)))
            }
            _ => Some(false),
        }
    }
}

/// True when the folded list item `item` names `value`: equal, or `value` followed by words
/// in brackets or after a comma ("india (some offers)").
fn names(item: &str, value: &str) -> bool {
    item.strip_prefix(value)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '(', ',']))
}

/// Rebuilds each slot's [`MatchedField`] from the kinds before it in the same profile.
#[derive(Default)]
struct FieldCounts {
    counts: [usize; 16],
}

impl FieldCounts {
    fn next(&mut self, kind: FieldKind) -> MatchedField {
        if kind == FieldKind::AudienceKind {
            self.counts[FieldKind::AudienceNiche as usize] = 0;
        }
        let item = self.counts[kind as usize];
        self.counts[kind as usize] += 1;
        // Only an audience's niche belongs to an audience (the last one listed): any other
        // field is audience 0, as a match carries it, so that `SearchIndex::positions` finds
        // its slot again.
        let audience = match kind {
            FieldKind::AudienceNiche => {
                self.counts[FieldKind::AudienceKind as usize].saturating_sub(1)
            }
            _ => 0,
        };
        MatchedField {
            kind,
            item,
            audience,
        }
    }
}
