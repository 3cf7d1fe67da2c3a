//! A cache of the loaded catalog and its search index, so a large profile directory opens
//! without parsing every file or building the index again: one file per set of sources in the
//! cache directory ([`crate::settings::paths::cache_dir`]), written through [`crate::store`].
//! A warm load reads the index, the ids and the tables, and leaves each program in the file
//! until it is asked for (see [`crate::catalog::Programs`]).
//!
//! Never trusted blindly: a file is read only up to [`MAX_CACHE_BYTES`]; it is used only when
//! its format, affex's version and the sources' key ([`key`]: every profile file's path, size,
//! times and inode) all match and its checksum holds, and its programs go through the same
//! checks as a profile file's. Anything else loads the profiles from their files and writes the
//! cache again; only a damaged file is worth a note. Two affex processes writing at once each
//! write the whole file atomically for the same key, so either result is right.
//!
//! Bundled profiles come with the binary; they are cached with the rest only so the cache holds
//! the catalog exactly as loaded (overrides and problems included), and a new affex version
//! never reads an old cache.

mod codec;
mod key;
mod origins;

use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};

use super::{Catalog, LoadOptions, Watch, load_watching as load_cold};
use crate::search::SearchIndex;
use crate::store::{self, StoreError, StreamError};

/// The largest cache file read: more than a million programs' worth.
pub const MAX_CACHE_BYTES: u64 = 2 << 30;

/// Every cache file's name starts with this (the rest names its sources).
const FILE_PREFIX: &str = "catalog-";

/// How a load went with the cache.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CacheState {
    /// `--no-cache`, or no cache directory.
    Off,
    /// The sources hold no profile file: nothing worth caching.
    NotNeeded,
    /// Read from the cache.
    Fresh,
    /// No cache for these sources yet.
    Missing,
    /// A profile file changed since the cache was written.
    Stale,
    /// Written by another version of affex.
    OtherVersion,
    /// Unreadable or damaged: what was wrong.
    Corrupt(String),
}

impl CacheState {
    /// A note for the user: only a damaged cache is worth one (the rest is routine).
    pub fn note(&self) -> Option<String> {
        match self {
            CacheState::Corrupt(why) => Some(format!(
                "the catalog cache was damaged ({}); loaded the profiles from their files and \
                 wrote it again",
                crate::sanitize::sanitize_line(why)
            )),
            _ => None,
        }
    }

    /// One word for `affex cache status`.
    pub fn word(&self) -> &'static str {
        match self {
            CacheState::Off => "off",
            CacheState::NotNeeded => "not needed (no profile files)",
            CacheState::Fresh => "fresh",
            CacheState::Missing => "missing",
            CacheState::Stale => "stale (a profile file changed)",
            CacheState::OtherVersion => "from another version of affex",
            CacheState::Corrupt(_) => "damaged",
        }
    }
}

/// A catalog and how the cache served it.
#[derive(Debug)]
pub struct Cached {
    /// The programs, exactly as a load from the files gives them.
    pub catalog: Catalog,
    /// Whether the cache was used, and why not.
    pub state: CacheState,
    /// The cache to write for next time, when this load came from the files.
    pub write: Option<CacheWrite>,
    /// The search index the cache held, when the catalog came from it.
    pub index: Option<SearchIndex>,
}

/// A cache file to write once the catalog has been used (writing takes a while at 100,000
/// programs, so callers do it after showing what was asked).
#[derive(Debug)]
pub struct CacheWrite {
    path: PathBuf,
    key: u128,
}

impl CacheWrite {
    /// The bytes to write for `catalog`, whose search index is `index` (built here when
    /// `None`); `None` when it cannot be stored.
    pub fn encode(&self, catalog: &Catalog, index: Option<&SearchIndex>) -> Option<Encoded> {
        let mut built = None;
        let index = index_or_build(catalog, index, &mut built)?;
        codec::encode(catalog, index, self.key).map(|bytes| Encoded {
            path: self.path.clone(),
            bytes,
        })
    }

    /// Encodes and writes `catalog` (see [`CacheWrite::encode`]) straight into the file, so
    /// its bytes are never all in memory; a catalog that cannot be stored is left out quietly.
    pub fn save(self, catalog: &Catalog, index: Option<&SearchIndex>) -> Result<(), StoreError> {
        let mut built = None;
        let Some(index) = index_or_build(catalog, index, &mut built) else {
            return Ok(());
        };
        if let Some(dir) = self.path.parent() {
            let _ = store::clean_leftovers(dir);
        }
        let written = store::save_atomically_with(&self.path, |file| {
            codec::encode_to(catalog, index, self.key, &mut io::BufWriter::new(file))
        });
        match written {
            Ok(()) | Err(StreamError::Abandoned) => Ok(()),
            Err(StreamError::Store(e)) => Err(e),
        }
    }
}

/// `index`, or one built into `built` from `catalog`'s decoded programs; `None` when there is
/// neither (a catalog read from a cache comes with its index).
fn index_or_build<'a>(
    catalog: &Catalog,
    index: Option<&'a SearchIndex>,
    built: &'a mut Option<SearchIndex>,
) -> Option<&'a SearchIndex> {
    match index {
        Some(index) => Some(index),
        None => Some(built.insert(SearchIndex::new(catalog.profiles.as_decoded()?))),
    }
}

/// An encoded cache, ready to write.
#[derive(Debug)]
pub struct Encoded {
    path: PathBuf,
    bytes: Vec<u8>,
}

impl Encoded {
    /// Writes the file atomically, after removing what a crashed write left.
    pub fn save(self) -> Result<(), StoreError> {
        if let Some(dir) = self.path.parent() {
            let _ = store::clean_leftovers(dir);
        }
        store::save_atomically(&self.path, &self.bytes)
    }
}

/// Loads the catalog `opts` names, from the cache in `dir` when it is fresh, else from the
/// files (then [`Cached::write`] says what to save). `dir` `None` turns the cache off.
pub fn load(opts: &LoadOptions, dir: Option<&Path>) -> Cached {
    load_watching(opts, dir, &mut |_| {})
}

/// [`load`], telling `watch` how far a load from the files has got after every batch of them
/// and every window of a large catalog file (a load from the cache tells it nothing).
pub fn load_watching(opts: &LoadOptions, dir: Option<&Path>, watch: &mut Watch<'_>) -> Cached {
    let Some(dir) = dir else {
        return cold_watching(opts, CacheState::Off, None, watch);
    };
    // Taken before the files are read: a file changed during the load makes the key written
    // stale, so the next start reads the files again instead of keeping old content.
    let fingerprint = key::fingerprint(opts);
    if fingerprint.files == 0 {
        return cold_watching(opts, CacheState::NotNeeded, None, watch);
    }
    let path = dir.join(key::file_name(opts));
    let state = match open_limited(&path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => CacheState::Missing,
        Err(e) => CacheState::Corrupt(e.to_string()),
        Ok((file, len)) => match codec::open(file, len, fingerprint.key) {
            Ok(opened) => {
                return Cached {
                    catalog: opened.catalog,
                    state: CacheState::Fresh,
                    write: None,
                    index: Some(opened.index),
                };
            }
            Err(rejected) => rejected.into(),
        },
    };
    let write = CacheWrite {
        path,
        key: fingerprint.key,
    };
    cold_watching(opts, state, Some(write), watch)
}

/// A cache opened before the sources' fingerprint was taken, so the app can show it at once
/// (taking the fingerprint stats every profile file: a third of a second at 100,000), and
/// before its search index is read (36 MB at 100,000), so the list shows first;
/// [`Unverified::check`] says afterwards whether it is still the sources' catalog.
#[derive(Debug)]
pub struct Unverified {
    /// The programs as the cache holds them: those of the last load, maybe not of the files now.
    pub catalog: Catalog,
    /// Every program in the empty query's order (positions in `catalog`): the list until the
    /// index is read.
    pub by_name: Vec<u32>,
    /// The stored search index, to read next.
    pub index: PendingIndex,
    /// What to check the sources against.
    pub check: FreshnessCheck,
}

/// The search index of an [`Unverified`] cache, still in the file.
pub struct PendingIndex(codec::StoredIndex);

impl PendingIndex {
    /// Reads and checks the index; why not, when the file's index is damaged (then the
    /// catalog is loaded from the files again).
    pub fn read(&self) -> Result<SearchIndex, String> {
        self.0.read().map_err(|rejected| match rejected {
            codec::Rejected::Corrupt(why) => why,
            other => format!("{other:?}"),
        })
    }
}

impl std::fmt::Debug for PendingIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PendingIndex")
    }
}

/// The key a cache shown unchecked was written for, to compare with the sources now.
#[derive(Debug, Clone, Copy)]
pub struct FreshnessCheck {
    key: u128,
}

impl FreshnessCheck {
    /// Takes the fingerprint of the sources `opts` names (slow at 100,000 files): true when
    /// they are what the cache was written for, so the catalog shown is theirs.
    pub fn is_fresh(&self, opts: &LoadOptions) -> bool {
        let fingerprint = key::fingerprint(opts);
        fingerprint.files > 0 && fingerprint.key == self.key
    }
}

/// Opens the cache in `dir` for `opts` without taking the sources' fingerprint, every other
/// check as in [`load`]; `None` when there is no sound cache of this version (then [`load`]
/// says why and loads from the files). Only the app shows a catalog before it is checked, and
/// it checks at once after (a command's answer must be right for scripts, so it uses [`load`]).
pub fn open_unverified(opts: &LoadOptions, dir: Option<&Path>) -> Option<Unverified> {
    let (file, len) = open_limited(&dir?.join(key::file_name(opts))).ok()?;
    let listed = codec::open_listed(file, len).ok()?;
    Some(Unverified {
        catalog: listed.catalog,
        by_name: listed.by_name,
        index: PendingIndex(listed.index),
        check: FreshnessCheck { key: listed.key },
    })
}

/// Loads the catalog `opts` names from the files, never from the cache, and says what to
/// write to the cache in `dir` for next time: the app's reload, which keeps the cache as
/// fresh as a start would. The fingerprint is taken first, as in [`load`], so a file changed
/// during the load leaves the key written stale rather than the content. Sources that hold
/// no profile file need no cache: one left from before is removed.
pub fn load_for_reload(opts: &LoadOptions, dir: Option<&Path>) -> Cached {
    let Some(dir) = dir else {
        return cold(opts, CacheState::Off, None);
    };
    let fingerprint = key::fingerprint(opts);
    if fingerprint.files == 0 {
        let _ = discard(opts, dir);
        return cold(opts, CacheState::NotNeeded, None);
    }
    let write = CacheWrite {
        path: dir.join(key::file_name(opts)),
        key: fingerprint.key,
    };
    cold(opts, CacheState::Stale, Some(write))
}

/// Loads the catalog from the files again after a program read from the cache in `dir`
/// failed its checks ([`crate::catalog::Programs::damaged`]): the load is a damaged cache's,
/// and the cache is written again.
pub fn load_after_damage(opts: &LoadOptions, dir: Option<&Path>) -> Cached {
    let state = CacheState::Corrupt("a program in it failed its checks when read".to_string());
    let write = dir.map(|dir| CacheWrite {
        path: dir.join(key::file_name(opts)),
        key: key::fingerprint(opts).key,
    });
    cold(opts, state, write)
}

fn cold(opts: &LoadOptions, state: CacheState, write: Option<CacheWrite>) -> Cached {
    cold_watching(opts, state, write, &mut |_| {})
}

fn cold_watching(
    opts: &LoadOptions,
    state: CacheState,
    write: Option<CacheWrite>,
    watch: &mut Watch<'_>,
) -> Cached {
    Cached {
        catalog: load_cold(opts, watch),
        state,
        write,
        index: None,
    }
}

impl From<codec::Rejected> for CacheState {
    fn from(rejected: codec::Rejected) -> Self {
        match rejected {
            codec::Rejected::OtherVersion => CacheState::OtherVersion,
            codec::Rejected::Stale => CacheState::Stale,
            codec::Rejected::Corrupt(why) => CacheState::Corrupt(why),
        }
    }
}

/// The open file and its length, refusing one larger than [`MAX_CACHE_BYTES`]. Every read
/// after is positioned and checked against this length, so a file that grows or shrinks
/// meanwhile is a failed check, never a read past the limit. (The writer replaces the file by
/// renaming, so the inode opened here keeps the bytes it had.)
fn open_limited(path: &Path) -> io::Result<(File, u64)> {
    let file = File::open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(io::Error::other("not a regular file"));
    }
    let len = meta.len();
    if len > MAX_CACHE_BYTES {
        return Err(io::Error::other(format!(
            "{len} bytes, more than the {MAX_CACHE_BYTES} a cache may have"
        )));
    }
    Ok((file, len))
}

/// Fills `buf` from `file` at `offset`, whatever the file's cursor.
pub(crate) fn read_exact_at(file: &File, buf: &mut [u8], offset: u64) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileExt;
        file.read_exact_at(buf, offset)
    }
    #[cfg(not(unix))]
    {
        // Readers take turns here (see `SharedFile`), so moving its cursor is safe.
        use std::io::{Read, Seek, SeekFrom};
        let mut file = file;
        file.seek(SeekFrom::Start(offset))?;
        file.read_exact(buf)
    }
}

/// What `affex cache status` shows for one set of sources.
#[derive(Debug)]
pub struct Status {
    /// The cache file for these sources (it may not exist).
    pub path: PathBuf,
    /// Its size in bytes, when it exists.
    pub bytes: Option<u64>,
    /// Whether it would be used now.
    pub state: CacheState,
}

/// What [`warm`] did.
#[derive(Debug)]
pub enum Warmed {
    /// The cache was not fresh: the profiles were read and the cache written.
    Written,
    /// The cache was fresh already (or cannot be used); nothing was written.
    Left(CacheState),
}

/// Reads the profiles `opts` names and writes their cache in `dir` unless it is fresh, so the
/// next start opens it (`affex cache warm`, which `affex import` starts behind its back).
pub fn warm(opts: &LoadOptions, dir: &Path) -> Result<Warmed, StoreError> {
    let cached = load(opts, Some(dir));
    match cached.write {
        Some(write) => {
            write.save(&cached.catalog, cached.index.as_ref())?;
            Ok(Warmed::Written)
        }
        None => Ok(Warmed::Left(cached.state)),
    }
}

/// The cache file in `dir` for the sources `opts` names (it may not exist).
pub fn file_for(opts: &LoadOptions, dir: &Path) -> PathBuf {
    dir.join(key::file_name(opts))
}

/// Whether the cache in `dir` is fresh for `opts`, checking the header, every section and
/// every checksum without decoding the programs.
pub fn status(opts: &LoadOptions, dir: &Path) -> Status {
    let path = file_for(opts, dir);
    let bytes = fs::metadata(&path).ok().map(|m| m.len());
    let fingerprint = key::fingerprint(opts);
    let state = if fingerprint.files == 0 {
        CacheState::NotNeeded
    } else {
        match open_limited(&path) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => CacheState::Missing,
            Err(e) => CacheState::Corrupt(e.to_string()),
            Ok((file, len)) => match codec::check(file, len, fingerprint.key) {
                Ok(()) => CacheState::Fresh,
                Err(rejected) => rejected.into(),
            },
        }
    };
    Status { path, bytes, state }
}

/// Removes the cache file of the sources `opts` names from `dir`, if there is one.
pub fn discard(opts: &LoadOptions, dir: &Path) -> io::Result<()> {
    match fs::remove_file(dir.join(key::file_name(opts))) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// Every cache file in `dir` with its size, in name order.
pub fn files(dir: &Path) -> Vec<(PathBuf, u64)> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut found: Vec<(PathBuf, u64)> = entries
        .flatten()
        .filter(|e| {
            let name = e.file_name();
            let name = name.to_string_lossy();
            name.starts_with(FILE_PREFIX) && name.ends_with(".bin")
        })
        .filter_map(|e| Some((e.path(), e.metadata().ok()?.len())))
        .collect();
    found.sort();
    found
}

/// Removes every cache file in `dir` (and what a crashed write left); how many were removed.
/// Only affex's own files go: anything else a user put there stays.
pub fn clear(dir: &Path) -> io::Result<usize> {
    let _ = store::clean_leftovers(dir);
    let mut removed = 0;
    for (path, _) in files(dir) {
        match fs::remove_file(&path) {
            Ok(()) => removed += 1,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
    }
    Ok(removed)
}

#[cfg(test)]
#[allow(clippy::expect_used, clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::catalog::test_files::*;

    #[test]
    fn a_second_load_is_fresh_and_equal_and_an_edit_makes_it_stale() {
        let profiles = tempfile::tempdir().expect("temp dir");
        let cache = tempfile::tempdir().expect("temp dir");
        write(profiles.path(), "a.toml", &profile("a"));
        write(profiles.path(), "b.toml", "id = \"b\"\nname = [");
        let opts = LoadOptions {
            bundled: true,
            user_dir: None,
            extra_dirs: vec![profiles.path().to_path_buf()],
        };
        let first = load(&opts, Some(cache.path()));
        assert_eq!(first.state, CacheState::Missing);
        first
            .write
            .expect("a cold load writes")
            .save(&first.catalog, None)
            .expect("saved");
        assert_eq!(status(&opts, cache.path()).state, CacheState::Fresh);
        let second = load(&opts, Some(cache.path()));
        assert_eq!(second.state, CacheState::Fresh);
        assert!(second.write.is_none());
        assert_eq!(second.catalog, first.catalog);
        assert_eq!(second.catalog.errors(), 1);
        write(profiles.path(), "c.toml", &profile("c"));
        assert_eq!(load(&opts, Some(cache.path())).state, CacheState::Stale);
        assert_eq!(clear(cache.path()).expect("cleared"), 1);
        assert!(files(cache.path()).is_empty());
    }

    #[test]
    fn an_unverified_open_shows_the_old_catalog_and_its_check_sees_an_edit() {
        let profiles = tempfile::tempdir().expect("temp dir");
        let cache = tempfile::tempdir().expect("temp dir");
        write(profiles.path(), "a.toml", &profile("a"));
        let opts = LoadOptions {
            bundled: false,
            user_dir: None,
            extra_dirs: vec![profiles.path().to_path_buf()],
        };
        assert!(open_unverified(&opts, Some(cache.path())).is_none());
        assert!(open_unverified(&opts, None).is_none());
        let first = load(&opts, Some(cache.path()));
        (first.write.expect("a cold load writes"))
            .save(&first.catalog, None)
            .expect("saved");
        let fresh = open_unverified(&opts, Some(cache.path())).expect("opens");
        assert_eq!(fresh.catalog, first.catalog);
        assert!(fresh.check.is_fresh(&opts), "nothing changed: no reload");
        write(profiles.path(), "b.toml", &profile("b"));
        let stale = open_unverified(&opts, Some(cache.path())).expect("opens all the same");
        assert_eq!(stale.catalog, first.catalog, "the old catalog, shown first");
        assert!(!stale.check.is_fresh(&opts), "the check sees the new file");
        // The reload's load reads the files and writes a cache that is fresh again.
        let reloaded = load_for_reload(&opts, Some(cache.path()));
        assert_eq!(reloaded.catalog.profiles.len(), 2);
        (reloaded.write.expect("a reload writes"))
            .save(&reloaded.catalog, None)
            .expect("saved");
        assert_eq!(load(&opts, Some(cache.path())).state, CacheState::Fresh);
        let again = open_unverified(&opts, Some(cache.path())).expect("opens");
        assert!(again.check.is_fresh(&opts));
        // Every file gone: the stale cache is removed, none written.
        std::fs::remove_file(profiles.path().join("a.toml")).expect("removed");
        std::fs::remove_file(profiles.path().join("b.toml")).expect("removed");
        assert!(!again.check.is_fresh(&opts));
        assert!(load_for_reload(&opts, Some(cache.path())).write.is_none());
        assert!(files(cache.path()).is_empty());
    }

    #[test]
    fn no_dir_means_off_and_no_files_means_nothing_to_cache() {
        let opts = LoadOptions {
            bundled: true,
            ..LoadOptions::default()
        };
        let cache = tempfile::tempdir().expect("temp dir");
        assert_eq!(load(&opts, None).state, CacheState::Off);
        let none = load(&opts, Some(cache.path()));
        assert_eq!(none.state, CacheState::NotNeeded);
        assert!(none.write.is_none());
    }
}
