//! The search index as bytes, for the catalog cache: its arrays back to back, little-endian,
//! each with its length, so a warm start reads the index instead of building it.
//!
//! A checksum proves only that the bytes are the ones written; it does not prove who wrote
//! them. So [`SearchIndex::from_bytes`] checks every invariant the search relies on (offsets
//! in bounds, rising and on char boundaries, string ids below the string count, slot ranges
//! inside, permutations that are permutations, the filter columns the field table asks for),
//! and recomputes the character masks rather than trusting them: bytes that pass give the
//! index a build would, and bytes that do not are an error, never a panic or a wrong answer.

use super::{FilterColumn, SearchIndex, SlotTag};
use crate::model::fields;
use crate::search::query::char_mask;

/// The bytes of one filter column's kind.
const BOUNDS: u8 = 0;
const YES_NO: u8 = 1;
const ITEMS: u8 = 2;

impl SearchIndex {
    /// The index as bytes, for [`SearchIndex::from_bytes`].
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut bytes = Vec::with_capacity(
            self.folded.len() + self.original.len() + self.slot_string.len() * 6 + 1024,
        );
        // Writing to memory cannot fail.
        let _ = self.write_to(&mut bytes);
        bytes
    }

    /// Writes [`SearchIndex::to_bytes`] to `sink` a piece at a time, so the catalog cache
    /// never holds the whole index as bytes (about 50 MB at 100,000 programs).
    pub fn write_to(&self, sink: &mut impl std::io::Write) -> std::io::Result<()> {
        let mut out = Writer {
            bytes: Vec::with_capacity(SPILL_AT + 64),
            sink,
            failed: None,
        };
        out.u64(self.string_mask.len() as u64);
        out.u64(self.profile_mask.len() as u64);
        out.u64(self.slot_string.len() as u64);
        out.text(&self.folded);
        out.each(&self.folded_at, |w, &v| w.u32(v));
        out.text(&self.original);
        out.each(&self.original_at, |w, &v| w.u32(v));
        out.each(&self.slot_at, |w, &v| w.u32(v));
        out.each(&self.slot_string, |w, &v| w.u32(v));
        out.each(&self.slot_tag, |w, tag| w.put(&tag.0.to_le_bytes()));
        out.each(&self.rank, |w, &v| w.u32(v));
        out.each(&self.by_name, |w, &v| w.u32(v));
        out.u64(self.filters.len() as u64);
        for (path, column) in &self.filters {
            out.text(path);
            match column {
                FilterColumn::Bounds(bounds) => {
                    out.put(&[BOUNDS]);
                    out.each(bounds, |w, [low, high]| {
                        w.put(&low.to_le_bytes());
                        w.put(&high.to_le_bytes());
                    });
                }
                FilterColumn::YesNo(values) => {
                    out.put(&[YES_NO]);
                    out.put(values);
                }
                FilterColumn::Items { at, items, stated } => {
                    out.put(&[ITEMS]);
                    out.each(at, |w, &v| w.u32(v));
                    out.u64(items.len() as u64);
                    for item in items {
                        out.text(item);
                    }
                    out.each(stated, |w, &s| w.put(&[u8::from(s)]));
                }
            }
        }
        out.finish()
    }

    /// The index [`SearchIndex::to_bytes`] wrote, every invariant checked; what is wrong when
    /// the bytes are not such an index.
    pub fn from_bytes(bytes: &[u8]) -> Result<SearchIndex, String> {
        let mut r = Reader(bytes);
        let strings = r.count()?;
        let programs = r.count()?;
        let slots = r.count()?;
        let folded = r.text()?;
        let folded_at = r.offsets(strings + 1, &folded)?;
        let original = r.text()?;
        let original_at = r.offsets(strings + 1, &original)?;
        if strings == 0 || folded_at.get(1) != Some(&0) {
            return Err("the index lacks its empty string".into());
        }
        let slot_at: Vec<u32> = r.array(programs + 1, 4, le_u32)?;
        if slot_at.first() != Some(&0)
            || slot_at.last().map(|&s| s as usize) != Some(slots)
            || slot_at
                .windows(2)
                .any(|w| w[1].checked_sub(w[0]).is_none_or(|d| d < 2))
        {
            return Err("a program's slots are out of order or missing".into());
        }
        let slot_string: Vec<u32> = r.array(slots, 4, le_u32)?;
        if slot_string.iter().any(|&s| s as usize >= strings) {
            return Err("a slot names a string the index does not have".into());
        }
        let slot_tag: Vec<SlotTag> =
            r.array(slots, 2, |b| SlotTag(u16::from_le_bytes([b[0], b[1]])))?;
        // Every program starts with its name and its id, as a build lays them.
        let name = SlotTag::new(super::FieldKind::Name, 0);
        let id = SlotTag::new(super::FieldKind::Id, 0);
        if slot_at[..programs]
            .iter()
            .any(|&s| slot_tag[s as usize] != name || slot_tag[s as usize + 1] != id)
        {
            return Err("a program does not start with its name and id".into());
        }
        let rank = r.permutation(programs)?;
        let by_name = r.permutation(programs)?;
        let filters = r.filters(programs)?;
        if !r.0.is_empty() {
            return Err("bytes after the index".into());
        }
        // The masks are recomputed, not read: a wrong mask would hide matches.
        let string_mask: Vec<u64> = (0..strings)
            .map(|s| char_mask(&folded[folded_at[s] as usize..folded_at[s + 1] as usize]))
            .collect();
        let profile_mask = slot_at
            .windows(2)
            .map(|w| {
                slot_string[w[0] as usize..w[1] as usize]
                    .iter()
                    .fold(0, |mask, &s| mask | string_mask[s as usize])
            })
            .collect();
        Ok(SearchIndex {
            folded,
            folded_at,
            original,
            original_at,
            string_mask,
            slot_at,
            slot_string,
            slot_tag,
            profile_mask,
            rank,
            by_name,
            filters,
        })
    }
}

fn le_u32(b: &[u8]) -> u32 {
    u32::from_le_bytes([b[0], b[1], b[2], b[3]])
}

fn le_u64(b: &[u8]) -> u64 {
    let mut a = [0; 8];
    a.copy_from_slice(&b[..8]);
    u64::from_le_bytes(a)
}

/// How many bytes [`Writer`] gathers before handing them to its sink.
const SPILL_AT: usize = 64 << 10;

/// Gathers small writes into pieces of about [`SPILL_AT`] bytes for its sink; the first error
/// is kept and returned by [`Writer::finish`] (the writes after it are dropped).
struct Writer<'a, W: std::io::Write> {
    bytes: Vec<u8>,
    sink: &'a mut W,
    failed: Option<std::io::Error>,
}

impl<W: std::io::Write> Writer<'_, W> {
    fn put(&mut self, bytes: &[u8]) {
        if bytes.len() >= SPILL_AT {
            // A long text goes straight to the sink rather than through the buffer.
            self.spill();
            self.send(bytes);
            return;
        }
        self.bytes.extend_from_slice(bytes);
        if self.bytes.len() >= SPILL_AT {
            self.spill();
        }
    }

    fn spill(&mut self) {
        let bytes = std::mem::take(&mut self.bytes);
        self.send(&bytes);
        self.bytes = bytes;
        self.bytes.clear();
    }

    fn send(&mut self, bytes: &[u8]) {
        if self.failed.is_none()
            && let Err(e) = self.sink.write_all(bytes)
        {
            self.failed = Some(e);
        }
    }

    fn finish(mut self) -> std::io::Result<()> {
        self.spill();
        self.failed.map_or(Ok(()), Err)
    }

    fn u32(&mut self, v: u32) {
        self.put(&v.to_le_bytes());
    }

    fn u64(&mut self, v: u64) {
        self.put(&v.to_le_bytes());
    }

    fn text(&mut self, text: &str) {
        self.u64(text.len() as u64);
        self.put(text.as_bytes());
    }

    fn each<T>(&mut self, values: &[T], mut put: impl FnMut(&mut Self, &T)) {
        for v in values {
            put(self, v);
        }
    }
}

/// Takes from the front of the bytes, every length checked against what is left before
/// anything is allocated.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, len: usize) -> Result<&'a [u8], String> {
        if len > self.0.len() {
            return Err("the index is cut short".into());
        }
        let (head, rest) = self.0.split_at(len);
        self.0 = rest;
        Ok(head)
    }

    fn u64(&mut self) -> Result<u64, String> {
        self.take(8).map(le_u64)
    }

    /// A count, which can be no more than the bytes left (each counted thing takes one).
    fn count(&mut self) -> Result<usize, String> {
        let n = self.u64()?;
        usize::try_from(n)
            .ok()
            .filter(|&n| n <= self.0.len())
            .ok_or_else(|| "the index declares more than it holds".to_string())
    }

    fn text(&mut self) -> Result<String, String> {
        let len = self.count()?;
        let bytes = self.take(len)?;
        std::str::from_utf8(bytes)
            .map(str::to_string)
            .map_err(|_| "the index holds text that is not UTF-8".to_string())
    }

    /// `n` values of `size` bytes each.
    fn array<T>(
        &mut self,
        n: usize,
        size: usize,
        read: impl Fn(&[u8]) -> T,
    ) -> Result<Vec<T>, String> {
        let len = n
            .checked_mul(size)
            .ok_or_else(|| "the index declares more than it holds".to_string())?;
        Ok(self.take(len)?.chunks_exact(size).map(read).collect())
    }

    /// `n` offsets into `text`: from 0, rising, to its end, each on a char boundary.
    fn offsets(&mut self, n: usize, text: &str) -> Result<Vec<u32>, String> {
        let at: Vec<u32> = self.array(n, 4, le_u32)?;
        let fits = at.first() == Some(&0)
            && at.last().map(|&a| a as usize) == Some(text.len())
            && at.windows(2).all(|w| w[0] <= w[1])
            && at.iter().all(|&a| text.is_char_boundary(a as usize));
        if fits {
            Ok(at)
        } else {
            Err("a string's offsets do not fit its text".into())
        }
    }

    /// `n` program indices, each once.
    fn permutation(&mut self, n: usize) -> Result<Vec<u32>, String> {
        let values = self.array(n, 4, le_u32)?;
        let mut seen = vec![false; n];
        for &v in &values {
            match seen.get_mut(v as usize) {
                Some(s) if !*s => *s = true,
                _ => return Err("a program order is not a permutation".into()),
            }
        }
        Ok(values)
    }

    /// The filter columns: exactly those a build makes, in the same order, each checked.
    fn filters(&mut self, programs: usize) -> Result<Vec<(&'static str, FilterColumn)>, String> {
        let expected: Vec<(&'static str, u8)> = fields::filterable()
            .filter_map(|(field, filter)| {
                let kind = match filter.test {
                    fields::FilterTest::Scope => return None,
                    fields::FilterTest::Range | fields::FilterTest::Free => BOUNDS,
                    fields::FilterTest::YesNo => YES_NO,
                    fields::FilterTest::NotListed(_) => ITEMS,
                };
                Some((field.path, kind))
            })
            .collect();
        if self.count()? != expected.len() {
            return Err("the index's filters are not this affex's".into());
        }
        let mut filters = Vec::with_capacity(expected.len());
        for (path, kind) in expected {
            if self.text()? != path || self.take(1)? != [kind] {
                return Err("the index's filters are not this affex's".into());
            }
            let column = match kind {
                BOUNDS => FilterColumn::Bounds(self.array(programs, 8, |b| {
                    [
                        f32::from_le_bytes([b[0], b[1], b[2], b[3]]),
                        f32::from_le_bytes([b[4], b[5], b[6], b[7]]),
                    ]
                })?),
                YES_NO => {
                    let values = self.take(programs)?.to_vec();
                    if values.iter().any(|&v| v > 2) {
                        return Err("a yes/no filter holds another value".into());
                    }
                    FilterColumn::YesNo(values)
                }
                _ => {
                    let at = self.array(programs + 1, 4, le_u32)?;
                    let count = self.count()?;
                    let fits = at.first() == Some(&0)
                        && at.last().map(|&l| l as usize) == Some(count)
                        && at.windows(2).all(|w| w[0] <= w[1]);
                    if !fits {
                        return Err("a filter's items do not fit".into());
                    }
                    let mut items = Vec::with_capacity(count);
                    for _ in 0..count {
                        items.push(self.text()?.into_boxed_str());
                    }
                    let stated = self.take(programs)?;
                    if stated.iter().any(|&s| s > 1) {
                        return Err("a filter's stated flag holds another value".into());
                    }
                    let stated = stated.iter().map(|&s| s == 1).collect();
                    FilterColumn::Items { at, items, stated }
                }
            };
            filters.push((path, column));
        }
        Ok(filters)
    }
}

#[cfg(test)]
#[allow(clippy::expect_used, clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::test_support::bundled_catalog;

    fn index() -> SearchIndex {
        let catalog = bundled_catalog();
        SearchIndex::new(&catalog.profiles.iter().cloned().collect::<Vec<_>>())
    }

    fn same(a: &SearchIndex, b: &SearchIndex) {
        assert_eq!(a.to_bytes(), b.to_bytes());
        assert_eq!(a.string_mask, b.string_mask);
        assert_eq!(a.profile_mask, b.profile_mask);
        for q in [
            "",
            "temu",
            "fashion commission>=5",
            "zzqq",
            "country:IN shop",
        ] {
            assert_eq!(a.search_outcome(q), b.search_outcome(q), "{q}");
        }
    }

    #[test]
    fn an_index_comes_back_exactly() {
        let built = index();
        let read = SearchIndex::from_bytes(&built.to_bytes()).expect("reads");
        same(&built, &read);
        let empty = SearchIndex::new(&[]);
        same(
            &empty,
            &SearchIndex::from_bytes(&empty.to_bytes()).expect("reads"),
        );
    }

    #[test]
    fn every_cut_and_many_flips_are_errors_or_the_same_index_never_a_panic() {
        let bytes = index().to_bytes();
        for len in 0..bytes.len() {
            assert!(
                SearchIndex::from_bytes(&bytes[..len]).is_err(),
                "cut at {len}"
            );
        }
        let mut state = 7u64;
        for _ in 0..3000 {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let at = (state >> 33) as usize % bytes.len();
            let mut flipped = bytes.clone();
            flipped[at] ^= 1 << ((state >> 20) % 8);
            // Either refused, or an index whose every access stays in bounds.
            if let Ok(read) = SearchIndex::from_bytes(&flipped) {
                for q in ["", "temu", "a", "fashion commission>=5", "country:IN"] {
                    let outcome = read.search_outcome(q);
                    assert!(outcome.matches.iter().all(|m| m.index < read.len()));
                }
            }
        }
    }

    #[test]
    fn huge_declared_lengths_and_random_bytes_are_errors() {
        let mut bytes = index().to_bytes();
        bytes[..8].copy_from_slice(&u64::MAX.to_le_bytes());
        assert!(SearchIndex::from_bytes(&bytes).is_err());
        let mut bytes = index().to_bytes();
        bytes[24..32].copy_from_slice(&(u64::MAX / 2).to_le_bytes());
        assert!(SearchIndex::from_bytes(&bytes).is_err());
        assert!(SearchIndex::from_bytes(&crate::test_support::noise(4096)).is_err());
    }

    #[test]
    fn a_slot_past_the_strings_or_a_broken_order_is_refused() {
        let built = index();
        let mut bad = SearchIndex::from_bytes(&built.to_bytes()).expect("reads");
        bad.slot_string[3] = bad.string_mask.len() as u32;
        assert!(SearchIndex::from_bytes(&bad.to_bytes()).is_err());
        let mut bad = SearchIndex::from_bytes(&built.to_bytes()).expect("reads");
        bad.by_name[0] = bad.by_name[1];
        assert!(SearchIndex::from_bytes(&bad.to_bytes()).is_err());
        let mut bad = SearchIndex::from_bytes(&built.to_bytes()).expect("reads");
        bad.folded_at[2] = bad.folded.len() as u32 + 1;
        assert!(SearchIndex::from_bytes(&bad.to_bytes()).is_err());
        let mut bad = SearchIndex::from_bytes(&built.to_bytes()).expect("reads");
        bad.slot_at[1] += 1000;
        assert!(SearchIndex::from_bytes(&bad.to_bytes()).is_err());
    }
}
