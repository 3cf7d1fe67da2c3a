//! A cache of the loaded catalog, so a large profile directory opens without parsing every
//! file again: one file per set of sources in the cache directory
//! ([`crate::settings::paths::cache_dir`]), written through [`crate::store`].
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

use std::fs::{self, File};
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use super::{Catalog, LoadOptions, load as load_cold};
use crate::store::{self, StoreError};

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
}

/// A cache file to write once the catalog has been used (writing takes a while at 100,000
/// programs, so callers do it after showing what was asked).
#[derive(Debug)]
pub struct CacheWrite {
    path: PathBuf,
    key: u128,
}

impl CacheWrite {
    /// The bytes to write for `catalog`; `None` when it cannot be stored.
    pub fn encode(&self, catalog: &Catalog) -> Option<Encoded> {
        codec::encode(catalog, self.key).map(|bytes| Encoded {
            path: self.path.clone(),
            bytes,
        })
    }

    /// Encodes and writes `catalog`; a catalog that cannot be stored is left out quietly.
    pub fn save(self, catalog: &Catalog) -> Result<(), StoreError> {
        match self.encode(catalog) {
            Some(encoded) => encoded.save(),
            None => Ok(()),
        }
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
    let Some(dir) = dir else {
        return cold(opts, CacheState::Off, None);
    };
    // Taken before the files are read: a file changed during the load makes the key written
    // stale, so the next start reads the files again instead of keeping old content.
    let fingerprint = key::fingerprint(opts);
    if fingerprint.files == 0 {
        return cold(opts, CacheState::NotNeeded, None);
    }
    let path = dir.join(key::file_name(opts));
    let state = match read_limited(&path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => CacheState::Missing,
        Err(e) => CacheState::Corrupt(e.to_string()),
        Ok(bytes) => match codec::decode(bytes, fingerprint.key) {
            Ok(catalog) => {
                return Cached {
                    catalog,
                    state: CacheState::Fresh,
                    write: None,
                };
            }
            Err(rejected) => rejected.into(),
        },
    };
    let write = CacheWrite {
        path,
        key: fingerprint.key,
    };
    cold(opts, state, Some(write))
}

fn cold(opts: &LoadOptions, state: CacheState, write: Option<CacheWrite>) -> Cached {
    Cached {
        catalog: load_cold(opts),
        state,
        write,
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

/// The file's bytes, refusing one larger than [`MAX_CACHE_BYTES`] before reading it.
fn read_limited(path: &Path) -> io::Result<Vec<u8>> {
    let file = File::open(path)?;
    let len = file.metadata()?.len();
    if len > MAX_CACHE_BYTES {
        return Err(io::Error::other(format!(
            "{len} bytes, more than the {MAX_CACHE_BYTES} a cache may have"
        )));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    // The file may grow after the size was read; never read past the limit.
    file.take(MAX_CACHE_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_CACHE_BYTES {
        return Err(io::Error::other("grew past the size limit while read"));
    }
    Ok(bytes)
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

/// Whether the cache in `dir` is fresh for `opts`, checking the header and checksum without
/// decoding the programs.
pub fn status(opts: &LoadOptions, dir: &Path) -> Status {
    let path = dir.join(key::file_name(opts));
    let bytes = fs::metadata(&path).ok().map(|m| m.len());
    let fingerprint = key::fingerprint(opts);
    let state = if fingerprint.files == 0 {
        CacheState::NotNeeded
    } else {
        match read_limited(&path) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => CacheState::Missing,
            Err(e) => CacheState::Corrupt(e.to_string()),
            Ok(data) => match codec::check(&data, fingerprint.key) {
                Ok(()) => CacheState::Fresh,
                Err(rejected) => rejected.into(),
            },
        }
    };
    Status { path, bytes, state }
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
            .save(&first.catalog)
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
