//! A catalog's programs: decoded profiles (a load from the files, the bundled ones, tests), or
//! the records of a cache file, each chunk of programs read and decoded the first time one of
//! them is asked for. A warm start at 100,000 programs then decodes only what it shows.
//!
//! A stored chunk is checked (its checksum, then every program through the same serde impls as
//! a profile file's, then its ids against the cache's id table) when first read. One that fails
//! cannot be shown: its programs read as a placeholder that says so, and [`Programs::damaged`]
//! turns true, so the app reloads from the files and the command line loads them again.

use std::fmt;
use std::fs::File;
use std::sync::Arc;
#[cfg(not(unix))]
use std::sync::Mutex;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

use xxhash_rust::xxh3::xxh3_128;

use crate::model::Profile;

/// The programs of a catalog, in catalog order; indices into it are the catalog's indices.
#[derive(Clone, Default)]
pub struct Programs {
    /// The programs, when decoded (empty while `stored` holds them).
    decoded: Vec<Profile>,
    /// The programs of a cache file, decoded on demand.
    stored: Option<Arc<StoredPrograms>>,
}

impl From<Vec<Profile>> for Programs {
    fn from(decoded: Vec<Profile>) -> Self {
        Programs {
            decoded,
            stored: None,
        }
    }
}

impl FromIterator<Profile> for Programs {
    fn from_iter<I: IntoIterator<Item = Profile>>(iter: I) -> Self {
        Programs::from(iter.into_iter().collect::<Vec<_>>())
    }
}

impl fmt::Debug for Programs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl PartialEq for Programs {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl PartialEq<Vec<Profile>> for Programs {
    fn eq(&self, other: &Vec<Profile>) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl std::ops::Index<usize> for Programs {
    type Output = Profile;

    /// Program `i`; past the end is a bug in the caller, as with a slice.
    fn index(&self, i: usize) -> &Profile {
        match &self.stored {
            None => &self.decoded[i],
            Some(stored) => {
                assert!(i < stored.len(), "program {i} of {}", stored.len());
                stored.program(i)
            }
        }
    }
}

impl std::ops::IndexMut<usize> for Programs {
    /// Program `i` to change (a stored catalog is decoded whole first).
    fn index_mut(&mut self, i: usize) -> &mut Profile {
        &mut self.vec_mut()[i]
    }
}

impl Programs {
    /// How many programs there are.
    pub fn len(&self) -> usize {
        match &self.stored {
            None => self.decoded.len(),
            Some(stored) => stored.len(),
        }
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Program `i`, when there is one.
    pub fn get(&self, i: usize) -> Option<&Profile> {
        match &self.stored {
            None => self.decoded.get(i),
            Some(stored) => (i < stored.len()).then(|| stored.program(i)),
        }
    }

    /// The first program.
    pub fn first(&self) -> Option<&Profile> {
        self.get(0)
    }

    /// The last program.
    pub fn last(&self) -> Option<&Profile> {
        self.len().checked_sub(1).and_then(|i| self.get(i))
    }

    /// Every program in catalog order (a stored catalog decodes each as it is reached).
    pub fn iter(&self) -> Iter<'_> {
        Iter {
            programs: self,
            front: 0,
            back: self.len(),
        }
    }

    /// Program `i`'s id, read from the id table of a stored catalog without decoding it.
    pub fn id(&self, i: usize) -> Option<&str> {
        match &self.stored {
            None => self.decoded.get(i).map(|p| p.id.as_str()),
            Some(stored) => stored.id(i),
        }
    }

    /// The first program with this id, found in the id table (nothing is decoded).
    pub fn index_of(&self, id: &str) -> Option<usize> {
        (0..self.len()).find(|&i| self.id(i) == Some(id))
    }

    /// True once a stored program failed its checks when read: what was shown of it is a
    /// placeholder, and the catalog should be loaded from the files again.
    pub fn damaged(&self) -> bool {
        self.stored
            .as_ref()
            .is_some_and(|stored| stored.damaged.load(Ordering::Relaxed))
    }

    /// How many programs have been decoded: all of them unless they come from a cache, where
    /// each is decoded the first time it is asked for.
    pub fn decoded_count(&self) -> usize {
        match &self.stored {
            None => self.decoded.len(),
            Some(stored) => stored.decoded.iter().filter(|c| c.get().is_some()).count(),
        }
    }

    /// The bytes of the cache's record chunks read so far: what showing the programs asked for
    /// has cost (0 when nothing comes from a cache). Tests measure it.
    #[cfg(test)]
    pub(crate) fn chunk_bytes_read(&self) -> usize {
        self.stored.as_ref().map_or(0, |stored| {
            stored
                .read
                .iter()
                .filter_map(|c| c.get().and_then(Option::as_ref))
                .map(|chunk| chunk.bytes.len())
                .sum()
        })
    }

    /// Decodes every stored program now; false when one was damaged.
    pub fn decode_all(&self) -> bool {
        if let Some(stored) = &self.stored {
            stored.decode_all();
        }
        !self.damaged()
    }

    /// A search index of these programs, built (a stored catalog is decoded whole first; the
    /// cache hands over its own index instead).
    pub fn search_index(&self) -> crate::search::SearchIndex {
        match self.as_decoded() {
            Some(profiles) => crate::search::SearchIndex::new(profiles),
            None => crate::search::SearchIndex::new(&self.iter().cloned().collect::<Vec<_>>()),
        }
    }

    /// The programs as a slice, when they are decoded (not read from a cache file).
    pub fn as_decoded(&self) -> Option<&[Profile]> {
        self.stored.is_none().then_some(self.decoded.as_slice())
    }

    /// The programs as a vector to change (a stored catalog is decoded whole first).
    pub fn vec_mut(&mut self) -> &mut Vec<Profile> {
        if self.stored.is_some() {
            self.decoded = self.iter().cloned().collect();
            self.stored = None;
        }
        &mut self.decoded
    }

    /// The programs as an owned vector.
    pub fn into_vec(self) -> Vec<Profile> {
        match &self.stored {
            None => self.decoded,
            Some(_) => self.iter().cloned().collect(),
        }
    }

    /// Programs read from a cache file's records on demand.
    pub(crate) fn stored(stored: StoredPrograms) -> Self {
        Programs {
            decoded: Vec::new(),
            stored: Some(Arc::new(stored)),
        }
    }
}

/// The programs in catalog order, see [`Programs::iter`].
#[derive(Clone)]
pub struct Iter<'a> {
    programs: &'a Programs,
    front: usize,
    back: usize,
}

impl<'a> Iterator for Iter<'a> {
    type Item = &'a Profile;

    fn next(&mut self) -> Option<&'a Profile> {
        if self.front >= self.back {
            return None;
        }
        let p = self.programs.get(self.front);
        self.front += 1;
        p
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.back - self.front;
        (n, Some(n))
    }

    fn nth(&mut self, n: usize) -> Option<&'a Profile> {
        self.front = self.front.saturating_add(n).min(self.back);
        self.next()
    }
}

impl DoubleEndedIterator for Iter<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        if self.front >= self.back {
            return None;
        }
        self.back -= 1;
        self.programs.get(self.back)
    }
}

impl ExactSizeIterator for Iter<'_> {}

impl<'a> IntoIterator for &'a Programs {
    type Item = &'a Profile;
    type IntoIter = Iter<'a>;

    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

impl IntoIterator for Programs {
    type Item = Profile;
    type IntoIter = std::vec::IntoIter<Profile>;

    fn into_iter(self) -> Self::IntoIter {
        self.into_vec().into_iter()
    }
}

/// Where a chunk of program records is in the cache file, and what it must hold.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ChunkRecord {
    /// Its first byte in the file.
    pub offset: u64,
    /// Its length in bytes.
    pub len: u64,
    /// XXH3-128 of its bytes.
    pub checksum: u128,
}

/// The bytes the records are read from: the open cache file (a replaced file keeps its inode,
/// so reads stay consistent), or bytes in memory. Cheap to clone: the clones read the same
/// file, so a warm start reads the search index while the list shows programs.
#[derive(Clone)]
pub(crate) enum RecordSource {
    /// The cache file, read with positioned reads.
    File(Arc<SharedFile>),
    /// The whole file in memory (tests).
    #[cfg(test)]
    Bytes(Arc<Vec<u8>>),
}

impl RecordSource {
    /// The open cache file.
    pub(crate) fn file(file: File) -> Self {
        RecordSource::File(Arc::new(SharedFile {
            file,
            #[cfg(not(unix))]
            turn: Mutex::new(()),
        }))
    }

    /// `len` bytes from `offset`; `None` when they are not all there.
    pub(crate) fn read(&self, offset: u64, len: u64) -> Option<Vec<u8>> {
        let len = usize::try_from(len).ok()?;
        match self {
            #[cfg(test)]
            RecordSource::Bytes(bytes) => {
                let start = usize::try_from(offset).ok()?;
                bytes
                    .get(start..start.checked_add(len)?)
                    .map(<[u8]>::to_vec)
            }
            RecordSource::File(shared) => {
                let mut buf = vec![0; len];
                shared.read_exact_at(&mut buf, offset).ok()?;
                Some(buf)
            }
        }
    }
}

/// A file read from several threads at once. On Unix each read is positioned (`pread`), so
/// reads run side by side (a warm start reads the index and the id table at once); elsewhere
/// a read moves the file's cursor, so they take turns.
pub(crate) struct SharedFile {
    file: File,
    #[cfg(not(unix))]
    turn: Mutex<()>,
}

impl SharedFile {
    fn read_exact_at(&self, buf: &mut [u8], offset: u64) -> std::io::Result<()> {
        #[cfg(not(unix))]
        let _turn = self
            .turn
            .lock()
            .map_err(|_| std::io::Error::other("poisoned"))?;
        super::cache::read_exact_at(&self.file, buf, offset)
    }
}

/// A cache file's programs: the id table in memory, the records read chunk by chunk and
/// decoded one program at a time.
pub(crate) struct StoredPrograms {
    /// `ids[id_at[i]..id_at[i + 1]]` is program `i`'s id.
    ids: String,
    id_at: Vec<u32>,
    /// Programs per chunk (the last may hold fewer).
    chunk_len: usize,
    chunks: Vec<ChunkRecord>,
    source: RecordSource,
    /// Each chunk's bytes once read and checked; `None` when it failed.
    read: Vec<OnceLock<Option<ReadChunk>>>,
    /// Each program once decoded; `None` when it failed.
    decoded: Vec<OnceLock<Option<Box<Profile>>>>,
    damaged: AtomicBool,
    /// Shown for a program that failed its checks.
    placeholder: Profile,
}

/// A chunk's bytes, its checksum held: `count`, then `count + 1` offsets of the records from
/// the end of that header, rising, the last at the end; the records back to back.
struct ReadChunk {
    bytes: Box<[u8]>,
    /// Where each record starts and the last ends, in `bytes`.
    at: Vec<usize>,
}

/// Encodes a chunk of programs as [`StoredPrograms`] reads it; `None` when one cannot be.
pub(crate) fn encode_chunk(profiles: &[Profile]) -> Option<Vec<u8>> {
    let records: Vec<Vec<u8>> = profiles
        .iter()
        .map(|p| rmp_serde::to_vec_named(p).ok())
        .collect::<Option<_>>()?;
    let mut out =
        Vec::with_capacity(4 * (profiles.len() + 2) + records.iter().map(Vec::len).sum::<usize>());
    out.extend_from_slice(&u32::try_from(records.len()).ok()?.to_le_bytes());
    let mut at = 0u32;
    out.extend_from_slice(&at.to_le_bytes());
    for record in &records {
        at = at.checked_add(u32::try_from(record.len()).ok()?)?;
        out.extend_from_slice(&at.to_le_bytes());
    }
    for record in records {
        out.extend_from_slice(&record);
    }
    Some(out)
}

impl ReadChunk {
    /// The chunk in `bytes` when its header holds `count` records that fit.
    fn parse(bytes: Vec<u8>, count: usize) -> Option<Self> {
        let word = |i: usize| -> Option<usize> {
            let b = bytes.get(i * 4..i * 4 + 4)?;
            Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
        };
        if word(0)? != count {
            return None;
        }
        let base = (count + 2) * 4;
        let at: Vec<usize> = (0..=count)
            .map(|k| word(k + 1).and_then(|a| a.checked_add(base)))
            .collect::<Option<_>>()?;
        let fits = at.first() == Some(&base)
            && at.last() == Some(&bytes.len())
            && at.windows(2).all(|w| w[0] < w[1]);
        fits.then(|| ReadChunk {
            bytes: bytes.into_boxed_slice(),
            at,
        })
    }

    fn record(&self, k: usize) -> Option<&[u8]> {
        self.bytes.get(*self.at.get(k)?..*self.at.get(k + 1)?)
    }
}

impl StoredPrograms {
    /// Programs whose ids, chunk layout and source were checked by the cache's reader: `id_at`
    /// rises from 0 to `ids.len()` on char boundaries, and the chunks hold `chunk_len`
    /// programs each but the last, which holds the rest.
    pub(crate) fn new(
        ids: String,
        id_at: Vec<u32>,
        chunk_len: usize,
        chunks: Vec<ChunkRecord>,
        source: RecordSource,
        placeholder: Profile,
    ) -> Self {
        let read = chunks.iter().map(|_| OnceLock::new()).collect();
        let decoded = (1..id_at.len()).map(|_| OnceLock::new()).collect();
        StoredPrograms {
            ids,
            id_at,
            chunk_len: chunk_len.max(1),
            chunks,
            source,
            read,
            decoded,
            damaged: AtomicBool::new(false),
            placeholder,
        }
    }

    fn len(&self) -> usize {
        self.id_at.len().saturating_sub(1)
    }

    fn id(&self, i: usize) -> Option<&str> {
        let start = *self.id_at.get(i)? as usize;
        let end = *self.id_at.get(i + 1)? as usize;
        self.ids.get(start..end)
    }

    /// Program `i`, decoded and checked the first time; the placeholder when that failed.
    fn program(&self, i: usize) -> &Profile {
        let Some(cell) = self.decoded.get(i) else {
            return &self.placeholder;
        };
        let decoded = cell.get_or_init(|| {
            let profile = self.decode(i);
            if profile.is_none() {
                self.damaged.store(true, Ordering::Relaxed);
            }
            profile
        });
        decoded.as_deref().unwrap_or(&self.placeholder)
    }

    /// Program `i` through its serde impls, when its chunk holds and its id is the table's.
    fn decode(&self, i: usize) -> Option<Box<Profile>> {
        let chunk = self.chunk(i / self.chunk_len)?;
        let record = chunk.record(i % self.chunk_len)?;
        let profile: Profile = rmp_serde::from_slice(record).ok()?;
        (self.id(i) == Some(profile.id.as_str())).then(|| Box::new(profile))
    }

    /// Decodes every program (a bulk read: each chunk is read once).
    fn decode_all(&self) {
        for i in 0..self.len() {
            self.program(i);
        }
    }

    /// Chunk `c`, read and checked the first time; `None` when it failed.
    fn chunk(&self, c: usize) -> Option<&ReadChunk> {
        self.read
            .get(c)?
            .get_or_init(|| self.read_chunk(c))
            .as_ref()
    }

    fn read_chunk(&self, c: usize) -> Option<ReadChunk> {
        let record = self.chunks.get(c)?;
        let bytes = self.source.read(record.offset, record.len)?;
        if xxh3_128(&bytes) != record.checksum {
            return None;
        }
        let first = c * self.chunk_len;
        let count = self.chunk_len.min(self.len().saturating_sub(first));
        ReadChunk::parse(bytes, count)
    }
}
