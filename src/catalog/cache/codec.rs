//! The cache file's bytes (format 6). A fixed header says what it is (magic, format number,
//! affex's version, the sources' key) and where its seven sections are, each with its length
//! and XXH3-128 checksum, and ends with a checksum of itself:
//! 1. meta: the problems (MessagePack);
//! 2. the origins, where each program came from ([`super::origins`]);
//! 3. the search index ([`SearchIndex::to_bytes`]), so a warm start does not build it;
//! 4. the program ids, so an id is found, and `list --format ids` printed, without decoding;
//! 5. the order: every program's position, by name, as the index lists them under an empty
//!    query, so the app lists them before it has read the index;
//! 6. the chunk table: where each chunk of [`CHUNK`] program records is, and its checksum;
//! 7. the records: each chunk the offsets of its programs, then each program in MessagePack,
//!    through its own serde impls, so every string is sanitized and every number checked
//!    again when it is decoded, one program at a time.
//!
//! A command reads sections 1–6 and checks them ([`open`]). The app reads all but the index
//! and the records first ([`open_listed`]), shows the list, then reads the index
//! ([`StoredIndex::read`]), which must list the programs in the stored order. A chunk is read and checked the first time one of
//! its programs is asked for, and each program decoded when it is (see
//! [`crate::catalog::Programs`]). Every length and offset is checked against the file before
//! anything is read or allocated, and every invariant of the index and the tables is checked,
//! so truncated, random or hostile bytes (even with their checksums recomputed) are a
//! [`Rejected`], never a panic, a large allocation or a wrong answer.

use std::fs::File;
use std::io::{self, Seek, SeekFrom, Write};
use std::path::PathBuf;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::xxh3_128;

use super::super::Catalog;
use super::super::per_file::Hidden;
use super::super::problem::{Problem, Severity};
use super::super::programs::{ChunkRecord, Programs, RecordSource, StoredPrograms, encode_chunk};
use super::origins;
use crate::model::Profile;
use crate::sanitize::is_clean;
use crate::search::SearchIndex;

/// Bumped whenever the bytes below change meaning (3: amounts are read to four decimals, so a
/// cache of amounts read to two is stale; 4: chunks of 16 programs, not 256; 5: the order
/// section, so the app lists the programs before it reads the index; 6: the origins in their
/// own section, out of MessagePack; 7: an audience niche's slot tag holds its audience).
pub(super) const FORMAT: u32 = 7;

/// The first bytes of every cache file.
const MAGIC: &[u8; 8] = b"AFFEXCAT";

/// Programs per chunk of records. A chunk is read and checked whole the first time one of its
/// programs is shown, and a screen of search results shows programs from all over the catalog:
/// 40 rows meant 40 chunks. At 256 programs a chunk (about 330 KB at 100,000 programs) that
/// was 13 MB read and hashed, and 20–35 ms, on the first frame of nearly every keystroke; at
/// 16 it is under 1 MB and 1–2 ms. The chunk table (32 bytes a chunk) stays small: 200 KB at
/// 100,000 programs.
pub(super) const CHUNK: usize = 16;

/// The sections, in file order.
const SECTIONS: usize = 7;
const META: usize = 0;
const ORIGINS: usize = 1;
const INDEX: usize = 2;
const IDS: usize = 3;
const ORDER: usize = 4;
const TABLE: usize = 5;
const RECORDS: usize = 6;

/// Why a cache file's content was not used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Rejected {
    /// Written by another affex version or format: expected, rebuilt quietly.
    OtherVersion,
    /// Written for sources that have changed since: expected, rebuilt quietly.
    Stale,
    /// Not a cache, or damaged: worth a note.
    Corrupt(String),
}

pub(super) fn corrupt(what: &str) -> Rejected {
    Rejected::Corrupt(what.to_string())
}

/// Encodes `catalog`, whose search index is `index`, for sources whose key is `key`; `None`
/// when something in it cannot be stored (a path that is not valid text on a platform without
/// byte paths, or a catalog too large for the tables).
pub(super) fn encode(catalog: &Catalog, index: &SearchIndex, key: u128) -> Option<Vec<u8>> {
    let mut out = io::Cursor::new(Vec::new());
    match encode_to(catalog, index, key, &mut out) {
        Ok(true) => Some(out.into_inner()),
        _ => None,
    }
}

/// Chunks of records encoded at once (on all cores) before they are written: 4,096 programs,
/// a few megabytes, however large the catalog.
const CHUNKS_AT_ONCE: usize = 4096 / CHUNK;

/// [`encode`] written to `out` as it goes, so neither the records nor the index are ever all
/// in memory as bytes (at 100,000 programs the records were about 100 MB, the index 50 MB and
/// the joined file another 150 MB, at the peak of the first start). The header and the chunk table are written as zeros first and filled in
/// at the end, when the records' places and checksums are known. `Ok(false)`, with part of a
/// file written, when the catalog cannot be stored.
pub(super) fn encode_to<W: Write + Seek>(
    catalog: &Catalog,
    index: &SearchIndex,
    key: u128,
    out: &mut W,
) -> io::Result<bool> {
    let (Some(meta), Some(origins)) = (encode_meta(catalog), origins::encode(&catalog.origins))
    else {
        return Ok(false);
    };
    let owned;
    let profiles: &[Profile] = match catalog.profiles.as_decoded() {
        Some(profiles) => profiles,
        None => {
            owned = catalog.profiles.iter().cloned().collect::<Vec<_>>();
            &owned
        }
    };
    let Some(ids) = encode_ids(profiles) else {
        return Ok(false);
    };
    let chunk_count = profiles.len().div_ceil(CHUNK);
    let table_len = 16 + chunk_count * 32;
    let version = env!("CARGO_PKG_VERSION").as_bytes();
    let Ok(version_len) = u8::try_from(version.len()) else {
        return Ok(false);
    };
    let header = header_len(version.len());
    out.seek(SeekFrom::Start(0))?;
    out.write_all(&vec![0; header])?;
    out.write_all(&meta)?;
    out.write_all(&origins)?;
    // The index goes out a piece at a time, its length and checksum taken as it passes.
    let mut index_out = Summing {
        out: &mut *out,
        hasher: xxhash_rust::xxh3::Xxh3::new(),
        len: 0,
    };
    index.write_to(&mut index_out)?;
    let (index_len, index_checksum) = (index_out.len, index_out.hasher.digest128());
    out.write_all(&ids)?;
    let order = encode_order(index.by_name());
    out.write_all(&order)?;
    out.write_all(&vec![0; table_len])?;
    let mut table = Vec::with_capacity(table_len);
    table.extend_from_slice(&(CHUNK as u64).to_le_bytes());
    table.extend_from_slice(&(chunk_count as u64).to_le_bytes());
    let mut records = xxhash_rust::xxh3::Xxh3::new();
    let mut records_len = 0u64;
    for batch in profiles.chunks(CHUNK * CHUNKS_AT_ONCE) {
        let Some(chunks) = batch
            .par_chunks(CHUNK)
            .map(encode_chunk)
            .collect::<Option<Vec<_>>>()
        else {
            return Ok(false);
        };
        for chunk in chunks {
            push_place(
                &mut table,
                records_len,
                chunk.len() as u64,
                xxh3_128(&chunk),
            );
            records.update(&chunk);
            records_len += chunk.len() as u64;
            out.write_all(&chunk)?;
        }
    }
    let mut head = Vec::with_capacity(header);
    head.extend_from_slice(MAGIC);
    head.extend_from_slice(&FORMAT.to_le_bytes());
    head.push(version_len);
    head.extend_from_slice(version);
    head.extend_from_slice(&key.to_le_bytes());
    let meta_at = header as u64;
    push_place(&mut head, meta_at, meta.len() as u64, xxh3_128(&meta));
    let origins_at = meta_at + meta.len() as u64;
    push_place(
        &mut head,
        origins_at,
        origins.len() as u64,
        xxh3_128(&origins),
    );
    let index_at = origins_at + origins.len() as u64;
    push_place(&mut head, index_at, index_len, index_checksum);
    let ids_at = index_at + index_len;
    push_place(&mut head, ids_at, ids.len() as u64, xxh3_128(&ids));
    let order_at = ids_at + ids.len() as u64;
    push_place(&mut head, order_at, order.len() as u64, xxh3_128(&order));
    let table_at = order_at + order.len() as u64;
    push_place(&mut head, table_at, table.len() as u64, xxh3_128(&table));
    let records_at = table_at + table.len() as u64;
    push_place(&mut head, records_at, records_len, records.digest128());
    head.extend_from_slice(&xxh3_128(&head).to_le_bytes());
    out.seek(SeekFrom::Start(table_at))?;
    out.write_all(&table)?;
    out.seek(SeekFrom::Start(0))?;
    out.write_all(&head)?;
    out.seek(SeekFrom::End(0))?;
    out.flush()?;
    Ok(true)
}

/// Passes writes on to `out`, counting them and taking their XXH3-128 checksum.
struct Summing<'a, W: Write> {
    out: &'a mut W,
    hasher: xxhash_rust::xxh3::Xxh3,
    len: u64,
}

impl<W: Write> Write for Summing<'_, W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        let written = self.out.write(bytes)?;
        let passed = bytes.get(..written).unwrap_or(bytes);
        self.hasher.update(passed);
        self.len += passed.len() as u64;
        Ok(written)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// The meta section: the problems in MessagePack.
fn encode_meta(catalog: &Catalog) -> Option<Vec<u8>> {
    let meta = Meta {
        problems: catalog
            .problems
            .iter()
            .map(StoredProblem::from_problem)
            .collect::<Option<_>>()?,
    };
    rmp_serde::to_vec_named(&meta).ok()
}

/// The id section: the count, where each id starts, then the ids back to back.
fn encode_ids(profiles: &[Profile]) -> Option<Vec<u8>> {
    let mut ids = Vec::new();
    ids.extend_from_slice(&(profiles.len() as u64).to_le_bytes());
    let mut at = 0u32;
    ids.extend_from_slice(&at.to_le_bytes());
    for p in profiles {
        at = at.checked_add(u32::try_from(p.id.as_str().len()).ok()?)?;
        ids.extend_from_slice(&at.to_le_bytes());
    }
    for p in profiles {
        ids.extend_from_slice(p.id.as_str().as_bytes());
    }
    Some(ids)
}

/// Writes one place: its offset and length (little-endian u64) and its checksum.
fn push_place(out: &mut Vec<u8>, offset: u64, len: u64, checksum: u128) {
    out.extend_from_slice(&offset.to_le_bytes());
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(&checksum.to_le_bytes());
}

/// Writes where each of `parts` lies when they follow one another from `start` (offset and
/// length, little-endian u64) and its XXH3-128 checksum: the header's section table and the
/// chunk table are both this.
#[cfg(test)]
fn push_places(out: &mut Vec<u8>, start: u64, parts: &[impl AsRef<[u8]>]) {
    let mut offset = start;
    for part in parts {
        let part = part.as_ref();
        push_place(out, offset, part.len() as u64, xxh3_128(part));
        offset += part.len() as u64;
    }
}

/// The header's length for a version string of `version` bytes.
fn header_len(version: usize) -> usize {
    8 + 4 + 1 + version + 16 + SECTIONS * 32 + 16
}

/// A section's place and checksum, from the header.
#[derive(Debug, Clone, Copy)]
struct Section {
    offset: u64,
    len: u64,
    checksum: u128,
}

/// A cache file opened and checked up to its records, which are left to read on demand.
pub(super) struct Opened {
    /// The catalog, its programs read from `source` as they are asked for.
    pub catalog: Catalog,
    /// The stored search index.
    pub index: SearchIndex,
}

/// A cache file opened up to what the list shows (the header, meta, ids, order and chunk
/// table read and checked), its search index still to read: at 100,000 programs the index is
/// 36 MB and most of a warm start, so the app lists the programs first.
pub(super) struct Listed {
    /// The catalog, its programs read from the file as they are asked for.
    pub catalog: Catalog,
    /// Every program in the empty query's order, as the index will give it.
    pub by_name: Vec<u32>,
    /// The sources' key the file was written for.
    pub key: u128,
    /// Where the index is, to read next.
    pub index: StoredIndex,
}

/// The search index of a [`Listed`] cache file, not read yet.
pub(super) struct StoredIndex {
    source: RecordSource,
    section: Section,
    programs: usize,
    order_checksum: u128,
}

impl StoredIndex {
    /// Reads the index and checks it: its checksum, its invariants, and that it holds the
    /// file's programs in the order the list shows.
    pub fn read(&self) -> Result<SearchIndex, Rejected> {
        let index = read_index(&self.source, self.section)?;
        self.check(&index)?;
        Ok(index)
    }

    /// Whether `index` is this file's: as many programs, in the order the list showed.
    fn check(&self, index: &SearchIndex) -> Result<(), Rejected> {
        if index.len() != self.programs {
            return Err(corrupt("programs and the index differ in number"));
        }
        if xxh3_128(&encode_order(index.by_name())) != self.order_checksum {
            return Err(corrupt("the index lists the programs in another order"));
        }
        Ok(())
    }
}

/// Opens the cache file `file` (of `len` bytes) for `key`: the header, meta, index, ids and
/// chunk table read and checked; the records read on demand from the open file.
pub(super) fn open(file: File, len: u64, key: u128) -> Result<Opened, Rejected> {
    open_source(RecordSource::file(file), len, Some(key), false)
}

/// The list's part of the cache file `file` (of `len` bytes), whatever sources' key it was
/// written for (every other check as in [`open`]): the caller reads [`Listed::index`] next
/// and compares [`Listed::key`] with the sources' fingerprint later.
pub(super) fn open_listed(file: File, len: u64) -> Result<Listed, Rejected> {
    let source = RecordSource::file(file);
    let header = read_header(&source, len, None)?;
    open_list(source, header, false)
}

/// [`open`] over bytes in memory, every record decoded and checked (tests).
#[cfg(test)]
pub(super) fn decode(bytes: Vec<u8>, key: u128) -> Result<Catalog, Rejected> {
    let len = bytes.len() as u64;
    let opened = open_source(RecordSource::Bytes(bytes.into()), len, Some(key), true)?;
    // Every record decoded now, so damage shows here rather than later.
    if !opened.catalog.profiles.decode_all() {
        return Err(corrupt("a chunk of programs does not decode"));
    }
    Ok(opened.catalog)
}

/// The header's and every section's checks, the records' whole checksum included: whether
/// the file is a sound cache of this version for `key`, without decoding the programs.
pub(super) fn check(file: File, len: u64, key: u128) -> Result<(), Rejected> {
    open_source(RecordSource::file(file), len, Some(key), true).map(|_| ())
}

fn read(source: &RecordSource, offset: u64, len: u64) -> Result<Vec<u8>, Rejected> {
    source.read(offset, len).ok_or_else(|| corrupt("truncated"))
}

/// A section's bytes, checked against its checksum.
fn read_section(source: &RecordSource, section: Section) -> Result<Vec<u8>, Rejected> {
    let bytes = read(source, section.offset, section.len)?;
    if xxh3_128(&bytes) != section.checksum {
        return Err(corrupt("checksum mismatch"));
    }
    Ok(bytes)
}

/// The whole file opened: the list's part ([`open_list`]) and the index side by side, on two
/// cores (the index is over half the work: at 100,000 programs the open went from 90–116 ms
/// to 70–91 ms when they were).
fn open_source(
    source: RecordSource,
    file_len: u64,
    key: Option<u128>,
    whole: bool,
) -> Result<Opened, Rejected> {
    let header = read_header(&source, file_len, key)?;
    let index_at = header.1[INDEX];
    let (index, listed) = rayon::join(
        || read_index(&source, index_at),
        || open_list(source.clone(), header, whole),
    );
    let (index, listed) = (index?, listed?);
    listed.index.check(&index)?;
    Ok(Opened {
        catalog: listed.catalog,
        index,
    })
}

/// The stored index, its checksum and invariants checked.
fn read_index(source: &RecordSource, section: Section) -> Result<SearchIndex, Rejected> {
    SearchIndex::from_bytes(&read_section(source, section)?).map_err(Rejected::Corrupt)
}

/// The header, checked: the sources' key it was written for and where each section is.
/// `key`, when given, must be that key.
fn read_header(
    source: &RecordSource,
    file_len: u64,
    key: Option<u128>,
) -> Result<(u128, [Section; SECTIONS]), Rejected> {
    let version = env!("CARGO_PKG_VERSION").as_bytes();
    let fixed = header_len(version.len()) as u64;
    // The magic, format and version first: a file of another format may be shorter.
    let start = read(source, 0, 13.min(file_len))?;
    if start.get(..8) != Some(MAGIC.as_slice()) {
        return Err(corrupt("not an affex cache file"));
    }
    if start.get(8..12) != Some(FORMAT.to_le_bytes().as_slice())
        || start.get(12) != Some(&(version.len() as u8))
    {
        return Err(Rejected::OtherVersion);
    }
    if file_len < fixed {
        return Err(corrupt("truncated"));
    }
    let head = read(source, 0, fixed)?;
    let mut reader = Reader(&head[13..]);
    if reader.take(version.len() as u64)? != version {
        return Err(Rejected::OtherVersion);
    }
    let stored_key = reader.u128()?;
    if key.is_some_and(|key| key != stored_key) {
        return Err(Rejected::Stale);
    }
    let mut sections = [Section {
        offset: 0,
        len: 0,
        checksum: 0,
    }; SECTIONS];
    for section in &mut sections {
        section.offset = reader.u64()?;
        section.len = reader.u64()?;
        section.checksum = reader.u128()?;
    }
    let checksum = reader.u128()?;
    if xxh3_128(&head[..head.len() - 16]) != checksum {
        return Err(corrupt("header checksum mismatch"));
    }
    // The sections follow the header back to back and end the file.
    let mut next = fixed;
    for section in &sections {
        if section.offset != next {
            return Err(corrupt("sections out of place"));
        }
        next = next
            .checked_add(section.len)
            .ok_or_else(|| corrupt("a length past the end"))?;
    }
    if next != file_len {
        return Err(corrupt("truncated (its length does not match)"));
    }
    Ok((stored_key, sections))
}

/// Everything but the index, from the file whose [`read_header`] is `header`: the problems
/// and origins on one core, the ids, order and chunk table on the other. `whole` reads and
/// checks the records too.
fn open_list(
    source: RecordSource,
    (stored_key, sections): (u128, [Section; SECTIONS]),
    whole: bool,
) -> Result<Listed, Rejected> {
    let (meta, tables) = rayon::join(
        || {
            let problems = read_meta(&read_section(&source, sections[META])?)?;
            let origins = origins::read(&read_section(&source, sections[ORIGINS])?)?;
            Ok::<_, Rejected>((origins, problems))
        },
        || {
            let (ids, id_at) = read_ids(&read_section(&source, sections[IDS])?)?;
            let programs = id_at.len() - 1;
            let by_name = read_order(&read_section(&source, sections[ORDER])?, programs)?;
            let table = read_section(&source, sections[TABLE])?;
            let chunks = read_table(&table, programs, sections[RECORDS])?;
            Ok::<_, Rejected>((ids, id_at, by_name, chunks))
        },
    );
    let ((origins, problems), (ids, id_at, by_name, chunks)) = (meta?, tables?);
    let programs = id_at.len() - 1;
    if programs != origins.len() {
        return Err(corrupt("programs and origins differ in number"));
    }
    if whole {
        read_section(&source, sections[RECORDS])?;
    }
    let index = StoredIndex {
        source: source.clone(),
        section: sections[INDEX],
        programs,
        order_checksum: sections[ORDER].checksum,
    };
    let placeholder = placeholder()?;
    let stored = StoredPrograms::new(ids, id_at, CHUNK, chunks, source, placeholder);
    Ok(Listed {
        catalog: Catalog {
            profiles: Programs::stored(stored),
            origins,
            problems,
        },
        by_name,
        key: stored_key,
        index,
    })
}

/// The order section: every program's position, by name, as little-endian u32s.
fn encode_order(by_name: &[u32]) -> Vec<u8> {
    by_name.iter().flat_map(|p| p.to_le_bytes()).collect()
}

/// The order section read back: each of the `programs` positions exactly once.
fn read_order(bytes: &[u8], programs: usize) -> Result<Vec<u32>, Rejected> {
    if bytes.len() != programs * 4 {
        return Err(corrupt("the order does not fit"));
    }
    let mut seen = vec![false; programs];
    let mut order = Vec::with_capacity(programs);
    for b in bytes.chunks_exact(4) {
        let p = u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
        match seen.get_mut(p as usize) {
            Some(seen @ false) => *seen = true,
            _ => return Err(corrupt("the order is not one of the programs")),
        }
        order.push(p);
    }
    Ok(order)
}

fn read_meta(bytes: &[u8]) -> Result<Vec<Problem>, Rejected> {
    let meta: Meta = rmp_serde::from_slice(bytes).map_err(|e| Rejected::Corrupt(e.to_string()))?;
    let problems: Vec<Problem> = meta
        .problems
        .into_iter()
        .map(StoredProblem::into_problem)
        .collect::<Result<_, _>>()?;
    Ok(problems)
}

/// The id table: ids back to back and where each starts; every id a slug.
fn read_ids(bytes: &[u8]) -> Result<(String, Vec<u32>), Rejected> {
    let mut reader = Reader(bytes);
    let count = reader.u64()?;
    // Each id takes at least its 4-byte offset.
    if count > (reader.0.len() / 4) as u64 {
        return Err(corrupt("impossible id count"));
    }
    let count = count as usize;
    let at: Vec<u32> = reader
        .take((count as u64 + 1) * 4)?
        .chunks_exact(4)
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .collect();
    let text = reader.0;
    let fits = at.first() == Some(&0)
        && at.last().map(|&l| l as usize) == Some(text.len())
        && at.windows(2).all(|w| w[0] < w[1]);
    let slug = |b: &u8| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-';
    if !fits || !text.iter().all(slug) {
        return Err(corrupt("the id table does not fit"));
    }
    // Only ASCII, so every offset is a char boundary.
    let text = String::from_utf8(text.to_vec()).map_err(|_| corrupt("an id is not text"))?;
    Ok((text, at))
}

/// The chunk table: `CHUNK` programs a chunk but the last, the chunks back to back filling
/// the records section.
fn read_table(
    bytes: &[u8],
    programs: usize,
    records: Section,
) -> Result<Vec<ChunkRecord>, Rejected> {
    let mut reader = Reader(bytes);
    if reader.u64()? != CHUNK as u64 {
        return Err(corrupt("another chunk size"));
    }
    let count = reader.u64()?;
    if count != programs.div_ceil(CHUNK) as u64 || count > (reader.0.len() / 32) as u64 {
        return Err(corrupt("the chunk table does not fit"));
    }
    let mut chunks = Vec::with_capacity(count as usize);
    let mut next = 0u64;
    for _ in 0..count {
        let offset = reader.u64()?;
        let len = reader.u64()?;
        let checksum = reader.u128()?;
        if offset != next || len == 0 {
            return Err(corrupt("the chunk table does not fit"));
        }
        next = offset
            .checked_add(len)
            .ok_or_else(|| corrupt("the chunk table does not fit"))?;
        chunks.push(ChunkRecord {
            offset: records.offset + offset,
            len,
            checksum,
        });
    }
    if next != records.len || !reader.0.is_empty() {
        return Err(corrupt("the chunk table does not fit"));
    }
    Ok(chunks)
}

/// What a program whose chunk failed its checks shows instead of wrong data.
fn placeholder() -> Result<Profile, Rejected> {
    let (mut profiles, _) = super::super::parse_source(
        "id = \"damaged-cache\"\nname = \"(damaged cache: reloading from the profile files)\"\n",
        None,
    );
    profiles
        .pop()
        .ok_or_else(|| corrupt("no placeholder program"))
}

/// Takes from the front of a byte slice, every length checked against what is left.
pub(super) struct Reader<'a>(pub(super) &'a [u8]);

impl<'a> Reader<'a> {
    pub(super) fn take(&mut self, len: u64) -> Result<&'a [u8], Rejected> {
        let len = usize::try_from(len).map_err(|_| corrupt("a length past the end"))?;
        if len > self.0.len() {
            return Err(corrupt("truncated"));
        }
        let (head, rest) = self.0.split_at(len);
        self.0 = rest;
        Ok(head)
    }

    pub(super) fn array<const N: usize>(&mut self) -> Result<[u8; N], Rejected> {
        let mut out = [0; N];
        out.copy_from_slice(self.take(N as u64)?);
        Ok(out)
    }

    pub(super) fn u64(&mut self) -> Result<u64, Rejected> {
        self.array().map(u64::from_le_bytes)
    }

    fn u128(&mut self) -> Result<u128, Rejected> {
        self.array().map(u128::from_le_bytes)
    }
}

/// The problems found when the catalog was loaded.
#[derive(Serialize, Deserialize)]
struct Meta {
    problems: Vec<StoredProblem>,
}

/// A path as text when it is (almost always), else its bytes (Unix only).
#[derive(Serialize, Deserialize)]
enum StoredPath {
    Text(String),
    Bytes(Vec<u8>),
}

impl StoredPath {
    fn from_path(path: &std::path::Path) -> Option<Self> {
        match path.to_str() {
            Some(text) => Some(StoredPath::Text(text.to_string())),
            #[cfg(unix)]
            None => {
                use std::os::unix::ffi::OsStrExt;
                Some(StoredPath::Bytes(path.as_os_str().as_bytes().to_vec()))
            }
            #[cfg(not(unix))]
            None => None,
        }
    }

    fn into_path(self) -> Result<PathBuf, Rejected> {
        match self {
            StoredPath::Text(text) => Ok(PathBuf::from(text)),
            #[cfg(unix)]
            StoredPath::Bytes(bytes) => {
                use std::os::unix::ffi::OsStringExt;
                Ok(PathBuf::from(std::ffi::OsString::from_vec(bytes)))
            }
            #[cfg(not(unix))]
            StoredPath::Bytes(_) => Err(corrupt("a byte path on this platform")),
        }
    }
}

/// A [`Problem`], field for field.
#[derive(Serialize, Deserialize)]
struct StoredProblem {
    severity: u8,
    path: Option<StoredPath>,
    bundled: Option<String>,
    line: Option<usize>,
    column: Option<usize>,
    field: Option<String>,
    message: String,
    excerpt: Option<String>,
    underline: Option<(usize, usize)>,
    hidden: Option<[usize; 3]>,
    refused_catalog: bool,
}

impl StoredProblem {
    fn from_problem(p: &Problem) -> Option<Self> {
        Some(StoredProblem {
            severity: match p.severity {
                Severity::Error => 0,
                Severity::Warning => 1,
                Severity::Info => 2,
            },
            path: match &p.path {
                Some(path) => Some(StoredPath::from_path(path)?),
                None => None,
            },
            bundled: p.bundled.map(str::to_string),
            line: p.line,
            column: p.column,
            field: p.field.clone(),
            message: p.message.clone(),
            excerpt: p.excerpt.clone(),
            underline: p.underline.clone().map(|r| (r.start, r.end)),
            hidden: p.hidden.map(|h| [h.errors, h.warnings, h.infos]),
            refused_catalog: p.refused_catalog,
        })
    }

    fn into_problem(self) -> Result<Problem, Rejected> {
        // Problems were sanitized when found; text that is not clean did not come from affex.
        let texts = [&self.field, &self.excerpt].into_iter().flatten();
        if !texts
            .chain([&self.message])
            .all(|t| is_clean(&t.replace('\n', "")))
        {
            return Err(corrupt("a problem's text holds control characters"));
        }
        Ok(Problem {
            severity: match self.severity {
                0 => Severity::Error,
                1 => Severity::Warning,
                2 => Severity::Info,
                _ => return Err(corrupt("an unknown severity")),
            },
            path: self.path.map(StoredPath::into_path).transpose()?,
            bundled: (self.bundled.as_deref())
                .map(|name| origins::bundled_name(name.as_bytes()))
                .transpose()?,
            line: self.line,
            column: self.column,
            field: self.field,
            message: self.message,
            excerpt: self.excerpt,
            underline: self.underline.map(|(start, end)| start..end),
            hidden: self.hidden.map(|[errors, warnings, infos]| Hidden {
                errors,
                warnings,
                infos,
            }),
            refused_catalog: self.refused_catalog,
        })
    }
}

#[cfg(test)]
#[allow(clippy::expect_used, clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::catalog::test_files::FIXTURES;
    use crate::catalog::{LoadOptions, load, validate};

    /// Bundled profiles, every valid fixture, and the invalid ones with their problems.
    fn rich_catalog() -> Catalog {
        let mut catalog = load(&LoadOptions {
            bundled: true,
            user_dir: None,
            extra_dirs: vec![std::path::Path::new(FIXTURES).join("valid")],
        });
        let invalid = validate(&[std::path::Path::new(FIXTURES).join("invalid")]);
        catalog.problems.extend(invalid.problems);
        catalog
    }

    /// `catalog` encoded with its index under key 7.
    fn encoded(catalog: &Catalog) -> Vec<u8> {
        let index = SearchIndex::new(catalog.profiles.as_decoded().expect("decoded"));
        encode(catalog, &index, 7).expect("encodes")
    }

    fn sections(bytes: &[u8]) -> [Section; SECTIONS] {
        let mut reader = Reader(&bytes[13 + env!("CARGO_PKG_VERSION").len() + 16..]);
        [(); SECTIONS].map(|_| Section {
            offset: reader.u64().unwrap(),
            len: reader.u64().unwrap(),
            checksum: reader.u128().unwrap(),
        })
    }

    /// `bytes` with section `i` replaced by `body`, every offset and checksum fixed up: what
    /// a hostile file, not a damaged one, looks like.
    fn with_section(bytes: &[u8], i: usize, body: &[u8]) -> Vec<u8> {
        let mut parts: Vec<Vec<u8>> = sections(bytes)
            .iter()
            .map(|s| bytes[s.offset as usize..(s.offset + s.len) as usize].to_vec())
            .collect();
        parts[i] = body.to_vec();
        let fixed = header_len(env!("CARGO_PKG_VERSION").len());
        let mut out = bytes[..13 + env!("CARGO_PKG_VERSION").len() + 16].to_vec();
        push_places(&mut out, fixed as u64, &parts);
        out.extend_from_slice(&xxh3_128(&out).to_le_bytes());
        out.extend(parts.concat());
        out
    }

    fn section(bytes: &[u8], i: usize) -> Vec<u8> {
        let s = sections(bytes)[i];
        bytes[s.offset as usize..(s.offset + s.len) as usize].to_vec()
    }

    fn is_corrupt<T: std::fmt::Debug>(r: Result<T, Rejected>) -> bool {
        matches!(r, Err(Rejected::Corrupt(_)))
    }

    /// Opens `bytes` as a command does, programs decoded only when asked for; `key` `None`
    /// opens whatever key the file was written for.
    fn open_lazily(bytes: &[u8], key: Option<u128>) -> Result<Opened, ()> {
        let len = bytes.len() as u64;
        open_source(RecordSource::Bytes(bytes.to_vec().into()), len, key, false).map_err(|_| ())
    }

    /// The app's open: the list's part of `bytes`, whatever its key.
    fn listed(bytes: &[u8]) -> Result<Listed, Rejected> {
        let source = RecordSource::Bytes(bytes.to_vec().into());
        let header = read_header(&source, bytes.len() as u64, None)?;
        open_list(source, header, false)
    }

    #[test]
    fn a_catalog_comes_back_exactly() {
        let catalog = rich_catalog();
        assert!(catalog.profiles.len() > 6 && !catalog.problems.is_empty());
        assert!(catalog.problems.iter().any(|p| p.underline.is_some()));
        let bytes = encoded(&catalog);
        assert_eq!(decode(bytes.clone(), 7), Ok(catalog.clone()));
        let opened = open_lazily(&bytes, Some(7)).expect("opens");
        let built = SearchIndex::new(catalog.profiles.as_decoded().expect("decoded"));
        assert_eq!(opened.index.to_bytes(), built.to_bytes());
        let any = open_lazily(&bytes, None).expect("opens without a key");
        assert_eq!(any.index.to_bytes(), built.to_bytes());
        // The app's open, whatever its key: it says the key it was written for, for a later
        // check, lists the programs in the index's order, then reads the index.
        let listed = listed(&bytes).expect("opens");
        assert_eq!(listed.key, 7);
        assert_eq!(listed.by_name, built.by_name());
        assert_eq!(listed.catalog, catalog);
        let index = listed.index.read().expect("the index reads");
        assert_eq!(index.to_bytes(), built.to_bytes());
        // Nothing decoded yet: the ids come from the id table.
        assert_eq!(
            opened.catalog.profiles.index_of("temu"),
            catalog.profiles.index_of("temu")
        );
        assert_eq!(opened.catalog.profiles.id(3), catalog.profiles.id(3));
        assert_eq!(opened.catalog, catalog);
    }

    #[test]
    fn many_chunks_come_back_exactly() {
        let one = rich_catalog();
        let mut catalog = Catalog::default();
        for _ in 0..(2 * CHUNK / one.profiles.len() + 2) {
            catalog
                .profiles
                .vec_mut()
                .extend(one.profiles.iter().cloned());
            catalog.origins.extend(one.origins.iter().cloned());
        }
        assert!(catalog.profiles.len() > 2 * CHUNK);
        let bytes = encoded(&catalog);
        assert_eq!(decode(bytes, 7), Ok(catalog));
    }

    /// A screen of search results shows programs from all over the catalog, each read with
    /// its chunk: 40 of them must not read the whole file. (At 256 programs a chunk, 40 rows of
    /// a 100,000-program catalog read 13 MB and took 20–35 ms of the keystroke's frame.)
    #[test]
    fn a_screen_of_programs_from_all_over_reads_a_small_part_of_the_records() {
        let one = rich_catalog();
        let mut catalog = Catalog::default();
        while catalog.profiles.len() < 4096 {
            catalog
                .profiles
                .vec_mut()
                .extend(one.profiles.iter().cloned());
            catalog.origins.extend(one.origins.iter().cloned());
        }
        let bytes = encoded(&catalog);
        let records = sections(&bytes)[RECORDS].len as usize;
        let opened = open_lazily(&bytes, Some(7)).expect("opens");
        let programs = &opened.catalog.profiles;
        let n = programs.len();
        assert_eq!(programs.chunk_bytes_read(), 0, "nothing read on opening");
        let rows = 40;
        for row in 0..rows {
            let i = row * n / rows;
            assert_eq!(programs[i], *catalog.profiles.get(i).expect("there"));
        }
        let per_program = records / n;
        let read = programs.chunk_bytes_read();
        assert!(
            read <= rows * 16 * per_program * 3 / 2,
            "{rows} programs read {read} of {records} bytes of records"
        );
    }

    #[test]
    fn another_key_version_or_format_is_rejected() {
        let bytes = encoded(&rich_catalog());
        assert_eq!(decode(bytes.clone(), 8), Err(Rejected::Stale));
        let mut other = bytes.clone();
        other[8] ^= 1;
        assert_eq!(decode(other.clone(), 7), Err(Rejected::OtherVersion));
        let mut other = bytes.clone();
        other[13] ^= 1;
        assert_eq!(decode(other.clone(), 7), Err(Rejected::OtherVersion));
    }

    #[test]
    fn damaged_bytes_are_corrupt_never_a_panic() {
        let bytes = encoded(&rich_catalog());
        for len in (0..bytes.len()).step_by(97).chain([bytes.len() - 1]) {
            if len >= 13 {
                assert!(is_corrupt(decode(bytes[..len].to_vec(), 7)), "cut at {len}");
            }
        }
        for at in (0..bytes.len()).step_by(89).skip(1) {
            let mut flipped = bytes.clone();
            flipped[at] ^= 0x40;
            let r = decode(flipped, 7);
            assert!(
                is_corrupt(r.clone()) || r == Err(Rejected::Stale),
                "flip at {at}: {r:?}"
            );
        }
        assert!(is_corrupt(decode(crate::test_support::noise(4096), 7)));
    }

    #[test]
    fn hostile_sections_inside_valid_checksums_are_rejected() {
        let bytes = encoded(&rich_catalog());
        assert!(decode(with_section(&bytes, META, &section(&bytes, META)), 7).is_ok());
        // Ids that do not fit their offsets, a huge id count, a non-slug id.
        let ids = section(&bytes, IDS);
        let mut huge = ids.clone();
        huge[..8].copy_from_slice(&u64::MAX.to_le_bytes());
        assert!(is_corrupt(decode(with_section(&bytes, IDS, &huge), 7)));
        let mut shifted = ids.clone();
        shifted[12] = shifted[12].wrapping_add(1);
        assert!(is_corrupt(decode(with_section(&bytes, IDS, &shifted), 7)));
        let mut upper = ids.clone();
        let last = upper.len() - 1;
        upper[last] = b'\x1b';
        assert!(is_corrupt(decode(with_section(&bytes, IDS, &upper), 7)));
        // A chunk table whose offsets lie, or that declares a huge number of chunks.
        let table = section(&bytes, TABLE);
        let mut lying = table.clone();
        lying[24..32].copy_from_slice(&1u64.to_le_bytes());
        assert!(is_corrupt(decode(with_section(&bytes, TABLE, &lying), 7)));
        let mut huge = table.clone();
        huge[8..16].copy_from_slice(&u64::MAX.to_le_bytes());
        assert!(is_corrupt(decode(with_section(&bytes, TABLE, &huge), 7)));
        // Origins for no program, or not origins at all.
        let none = origins::encode(&[]).expect("encodes");
        assert!(is_corrupt(decode(with_section(&bytes, ORIGINS, &none), 7)));
        assert!(is_corrupt(decode(
            with_section(&bytes, ORIGINS, b"\xff"),
            7
        )));
        // An index of another catalog's size.
        let small = SearchIndex::new(&[]).to_bytes();
        assert!(is_corrupt(decode(with_section(&bytes, INDEX, &small), 7)));
        // Records that are a MessagePack array declaring four billion programs, with the
        // chunk table and its checksum made to match.
        let records = [0xdd, 0xff, 0xff, 0xff, 0xff, 0x80];
        let mut table = table.clone();
        table.truncate(16);
        table[8..16].copy_from_slice(&1u64.to_le_bytes());
        table.extend_from_slice(&0u64.to_le_bytes());
        table.extend_from_slice(&(records.len() as u64).to_le_bytes());
        table.extend_from_slice(&xxh3_128(&records).to_le_bytes());
        let hostile = with_section(&with_section(&bytes, TABLE, &table), RECORDS, &records);
        assert!(is_corrupt(decode(hostile, 7)));
    }

    /// The order the app lists before it reads the index must be a permutation of the
    /// programs, and the index's own: else the list would show other programs than a search.
    #[test]
    fn a_stored_order_that_is_not_the_index_s_is_rejected_when_the_index_is_read() {
        let catalog = rich_catalog();
        let bytes = encoded(&catalog);
        let order = section(&bytes, ORDER);
        assert!(order.len() >= 8, "two programs or more");
        // Not a permutation: a position twice, one past the end, a length that does not fit.
        let mut twice = order.clone();
        twice.copy_within(0..4, 4);
        assert!(is_corrupt(
            listed(&with_section(&bytes, ORDER, &twice)).map(|_| ())
        ));
        let mut past = order.clone();
        past[..4].copy_from_slice(&(catalog.profiles.len() as u32).to_le_bytes());
        assert!(is_corrupt(
            listed(&with_section(&bytes, ORDER, &past)).map(|_| ())
        ));
        let short = &order[..order.len() - 4];
        assert!(is_corrupt(
            listed(&with_section(&bytes, ORDER, short)).map(|_| ())
        ));
        // A permutation, but not the index's: the list opens on it, the index is refused.
        let mut swapped = order.clone();
        swapped.copy_within(0..4, 4);
        swapped[..4].copy_from_slice(&order[4..8]);
        let hostile = with_section(&bytes, ORDER, &swapped);
        let opened = listed(&hostile).expect("a permutation lists");
        assert!(matches!(opened.index.read(), Err(Rejected::Corrupt(_))));
        assert!(is_corrupt(decode(hostile, 7)));
    }

    /// A damaged index does not keep the list from showing: it is found when the index is
    /// read (the app then loads the files again).
    #[test]
    fn a_damaged_index_is_found_when_it_is_read_after_the_list() {
        let bytes = encoded(&rich_catalog());
        let mut damaged = section(&bytes, INDEX);
        let middle = damaged.len() / 2;
        damaged[middle] ^= 0x40;
        let mut flipped = bytes.clone();
        let at = sections(&bytes)[INDEX].offset as usize + middle;
        flipped[at] ^= 0x40;
        let opened = listed(&flipped).expect("the list's sections are sound");
        assert!(matches!(opened.index.read(), Err(Rejected::Corrupt(_))));
        // With its checksum made to match, the index's own checks refuse it.
        let opened = listed(&with_section(&bytes, INDEX, &damaged[..middle]))
            .expect("the list's sections are sound");
        assert!(matches!(opened.index.read(), Err(Rejected::Corrupt(_))));
    }

    /// A chunk whose checksum holds but whose programs do not decode, or are not the ones its
    /// ids say: read lazily, it shows the placeholder and marks the catalog damaged.
    #[test]
    fn a_lying_chunk_read_on_demand_is_a_placeholder_and_marks_damage() {
        let catalog = rich_catalog();
        let bytes = encoded(&catalog);
        let mut table = section(&bytes, TABLE);
        let mut other = catalog.profiles.as_decoded().expect("decoded").to_vec();
        other.swap(0, 1);
        let records = encode_chunk(&other).expect("encodes");
        // The one chunk's entry: offset 16..24, length 24..32, checksum 32..48.
        table[24..32].copy_from_slice(&(records.len() as u64).to_le_bytes());
        table[32..48].copy_from_slice(&xxh3_128(&records).to_le_bytes());
        let hostile = with_section(&with_section(&bytes, TABLE, &table), RECORDS, &records);
        let opened = open_lazily(&hostile, Some(7)).expect("the tables are sound");
        let programs = &opened.catalog.profiles;
        assert!(!programs.damaged());
        assert_eq!(programs[0].id.as_str(), "damaged-cache");
        assert!(programs.damaged());
        assert_eq!(
            programs.id(0),
            catalog.profiles.id(0),
            "the id table still answers"
        );
        assert!(is_corrupt(decode(hostile, 7)));
    }
}
