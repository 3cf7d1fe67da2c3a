//! What a cached catalog was loaded from, reduced to one 128-bit key: the load options as
//! spelled, then for every source its kind and, for each profile file, its path, size,
//! modification and change times (ns), inode and device. Any edit, addition, removal or rename
//! of a file the loader would read changes the key; a file whose mtime alone was put back still
//! has a new change time, which no user command can set.

use std::fs::{self, Metadata};
use std::path::Path;

#[cfg(unix)]
use std::sync::Mutex;

#[cfg(not(unix))]
use rayon::prelude::*;
#[cfg(unix)]
use xxhash_rust::xxh3::xxh3_128;
use xxhash_rust::xxh3::{Xxh3, xxh3_64};

use super::super::sources::LoadOptions;
#[cfg(not(unix))]
use super::super::sources::profile_files;

/// What the sources hold now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Fingerprint {
    /// The hash of everything below.
    pub key: u128,
    /// How many profile files the sources hold (0: nothing to cache).
    pub files: usize,
}

/// The name of the cache file for these options: the same flags and paths, spelled the same way
/// (and, when a path is relative, from the same working directory) share one file; other
/// sources get their own. Plain `affex`, with only the user directory, has one wherever it runs.
pub(super) fn file_name(opts: &LoadOptions) -> String {
    let mut hash = Xxh3::new();
    write_options(&mut hash, opts);
    let relative = opts
        .user_dir
        .iter()
        .chain(&opts.extra_dirs)
        .any(|p| p.is_relative());
    if relative && let Ok(cwd) = std::env::current_dir() {
        write_path(&mut hash, &cwd);
    }
    format!(
        "catalog-{:016x}.bin",
        xxh3_64(&hash.digest128().to_le_bytes())
    )
}

/// Takes the fingerprint of every source `opts` names, stat-ing files on all cores.
pub(super) fn fingerprint(opts: &LoadOptions) -> Fingerprint {
    let mut hash = Xxh3::new();
    write_options(&mut hash, opts);
    let mut files = 0;
    for path in opts.user_dir.iter().chain(&opts.extra_dirs) {
        files += write_source(&mut hash, path);
    }
    Fingerprint {
        key: hash.digest128(),
        files,
    }
}

fn write_options(hash: &mut Xxh3, opts: &LoadOptions) {
    hash.update(&[u8::from(opts.bundled)]);
    hash.update(&[u8::from(opts.user_dir.is_some())]);
    if let Some(dir) = &opts.user_dir {
        write_path(hash, dir);
    }
    hash.update(&(opts.extra_dirs.len() as u64).to_le_bytes());
    for dir in &opts.extra_dirs {
        write_path(hash, dir);
    }
}

/// Hashes one source and gives how many files it holds.
fn write_source(hash: &mut Xxh3, path: &Path) -> usize {
    hash.update(b"S");
    write_path(hash, path);
    match fs::metadata(path) {
        Err(e) => {
            hash.update(b"E");
            hash.update(format!("{:?}", e.kind()).as_bytes());
            0
        }
        Ok(meta) if meta.is_dir() => {
            hash.update(b"D");
            // The directory's own times change with every editor swap file, so only which
            // directory it is counts; the listing below catches additions, removals, renames.
            write_stats(hash, &identity(&meta));
            write_dir(hash, path)
        }
        Ok(_) => {
            hash.update(b"F");
            write_stats(hash, &file_stats(path));
            1
        }
    }
}

/// Hashes the profile files of the directory `path` (as [`super::super::sources::profile_files`] lists them) and gives
/// how many there are. Each file's name, type and numbers are hashed alone and the hashes
/// added up (names in a directory are unique, so no two cancel out): no path is built, no
/// listing kept or sorted. The listing is read on this core while the other stats what was read
/// so far, each file relative to the open directory (one name to look up, not the whole path):
/// at 100,000 files, most of a warm `list` was here.
#[cfg(unix)]
fn write_dir(hash: &mut Xxh3, path: &Path) -> usize {
    use rustix::fs::{Dir, Mode, OFlags};

    let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
    let listed = rustix::fs::open(path, flags, Mode::empty()).and_then(|fd| {
        let dir = Dir::read_from(&fd)?;
        Ok((fd, dir))
    });
    let (fd, mut dir) = match listed {
        Ok(listed) => listed,
        Err(e) => {
            hash.update(b"L");
            hash.update(&e.raw_os_error().to_le_bytes());
            return 0;
        }
    };
    let sum = Mutex::new(0u128);
    let mut files = 0;
    let mut failed = false;
    rayon::scope(|scope| {
        let (fd, sum) = (&fd, &sum);
        let mut batch = NameBatch::default();
        while let Some(entry) = dir.read() {
            let Ok(entry) = entry else {
                failed = true;
                break;
            };
            let name = entry.file_name();
            if is_profile_name(name.to_bytes()) {
                files += 1;
                batch.push(name.to_bytes_with_nul());
                if batch.count == STAT_BATCH {
                    let full = std::mem::take(&mut batch);
                    scope.spawn(move |_| full.add_to(fd, sum));
                }
            }
        }
        batch.add_to(fd, sum);
    });
    let sum = sum
        .into_inner()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    hash.update(&(files as u64).to_le_bytes());
    hash.update(&[u8::from(failed)]);
    hash.update(&sum.to_le_bytes());
    files
}

/// Whether the loader reads a file of this name: `*.toml`, not hidden (as in
/// [`super::super::sources::profile_files`]).
#[cfg(unix)]
fn is_profile_name(name: &[u8]) -> bool {
    name.first() != Some(&b'.') && name.len() > ".toml".len() && name.ends_with(b".toml")
}

/// Names stat-ed together: enough to make handing them to the other core worth it.
#[cfg(unix)]
const STAT_BATCH: usize = 2048;

/// File names, each ending in its NUL, back to back (one allocation a batch, none a file).
#[cfg(unix)]
#[derive(Default)]
struct NameBatch {
    names: Vec<u8>,
    count: usize,
}

#[cfg(unix)]
impl NameBatch {
    fn push(&mut self, name_with_nul: &[u8]) {
        self.names.extend_from_slice(name_with_nul);
        self.count += 1;
    }

    /// Adds each file's hash to `sum`: its name, whether it is a regular file, and its numbers
    /// (the entry itself, then a symlink's target), every failed stat as all ones.
    fn add_to(&self, dir: &rustix::fd::OwnedFd, sum: &Mutex<u128>) {
        use rustix::fs::{AtFlags, FileType, statat};

        let mut total = 0u128;
        let mut rest = self.names.as_slice();
        while let Ok(name) = std::ffi::CStr::from_bytes_until_nul(rest) {
            rest = &rest[name.to_bytes_with_nul().len()..];
            let mut numbers = [u64::MAX; STATS];
            let mut regular = false;
            if let Ok(own) = statat(dir, name, AtFlags::SYMLINK_NOFOLLOW) {
                numbers[..PER_META].copy_from_slice(&raw_stats(&own));
                let kind = FileType::from_raw_mode(own.st_mode as _);
                regular = kind == FileType::RegularFile;
                if kind == FileType::Symlink
                    && let Ok(target) = statat(dir, name, AtFlags::empty())
                {
                    numbers[PER_META..].copy_from_slice(&raw_stats(&target));
                }
            }
            let mut bytes = [0u8; 8 * (STATS + 2) + 1];
            let name_hash = xxh3_128(name.to_bytes());
            bytes[..16].copy_from_slice(&name_hash.to_le_bytes());
            bytes[16] = u8::from(regular);
            for (slot, n) in bytes[17..].chunks_exact_mut(8).zip(numbers) {
                slot.copy_from_slice(&n.to_le_bytes());
            }
            total = total.wrapping_add(xxh3_128(&bytes));
        }
        let mut sum = sum.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        *sum = sum.wrapping_add(total);
    }
}

/// The numbers [`stats`] gives, from a stat taken relative to a directory.
#[cfg(unix)]
// The fields' integer types differ between platforms; on some the casts change nothing.
#[allow(clippy::unnecessary_cast)]
fn raw_stats(stat: &rustix::fs::Stat) -> [u64; PER_META] {
    [
        stat.st_size as u64,
        stat.st_mtime as u64,
        stat.st_mtime_nsec as u64,
        stat.st_ctime as u64,
        stat.st_ctime_nsec as u64,
        stat.st_ino as u64,
        stat.st_dev as u64,
    ]
}

/// Hashes the profile files of the directory `path` and gives how many there are.
#[cfg(not(unix))]
fn write_dir(hash: &mut Xxh3, path: &Path) -> usize {
    let mut problems = Vec::new();
    let listed = profile_files(path, &mut problems);
    hash.update(&(listed.len() as u64).to_le_bytes());
    hash.update(&(problems.len() as u64).to_le_bytes());
    let stats: Vec<[u64; STATS]> = listed.par_iter().map(|(f, _)| file_stats(f)).collect();
    for ((file, regular), stat) in listed.iter().zip(&stats) {
        write_path(hash, file);
        hash.update(&[u8::from(*regular)]);
        write_stats(hash, stat);
    }
    listed.len()
}

/// How many numbers describe one file: the link itself, then what it points to.
const STATS: usize = 2 * PER_META;

/// A file's numbers: the entry itself (not followed) and, for a symlink, its target.
fn file_stats(path: &Path) -> [u64; STATS] {
    let mut out = [u64::MAX; STATS];
    if let Ok(own) = fs::symlink_metadata(path) {
        out[..PER_META].copy_from_slice(&stats(&own));
        if own.file_type().is_symlink()
            && let Ok(target) = fs::metadata(path)
        {
            out[PER_META..].copy_from_slice(&stats(&target));
        }
    }
    out
}

fn write_stats(hash: &mut Xxh3, stats: &[u64]) {
    for n in stats {
        hash.update(&n.to_le_bytes());
    }
}

/// Lengths are written before bytes, so two paths never run into each other.
fn write_path(hash: &mut Xxh3, path: &Path) {
    let bytes = path.as_os_str().as_encoded_bytes();
    hash.update(&(bytes.len() as u64).to_le_bytes());
    hash.update(bytes);
}

#[cfg(unix)]
const PER_META: usize = 7;

#[cfg(unix)]
fn stats(meta: &Metadata) -> [u64; PER_META] {
    use std::os::unix::fs::MetadataExt;
    [
        meta.len(),
        meta.mtime() as u64,
        meta.mtime_nsec() as u64,
        meta.ctime() as u64,
        meta.ctime_nsec() as u64,
        meta.ino(),
        meta.dev(),
    ]
}

#[cfg(unix)]
fn identity(meta: &Metadata) -> [u64; 2] {
    use std::os::unix::fs::MetadataExt;
    [meta.ino(), meta.dev()]
}

#[cfg(not(unix))]
const PER_META: usize = 3;

#[cfg(not(unix))]
fn stats(meta: &Metadata) -> [u64; PER_META] {
    let nanos = |t: std::io::Result<std::time::SystemTime>| {
        t.ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(u64::MAX, |d| d.as_nanos() as u64)
    };
    [meta.len(), nanos(meta.modified()), nanos(meta.created())]
}

#[cfg(not(unix))]
fn identity(_meta: &Metadata) -> [u64; 0] {
    []
}

#[cfg(test)]
#[allow(clippy::expect_used, clippy::unwrap_used)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    fn opts(dir: &Path) -> LoadOptions {
        LoadOptions {
            bundled: true,
            user_dir: None,
            extra_dirs: vec![dir.to_path_buf()],
        }
    }

    #[test]
    fn the_key_changes_with_every_change_a_load_would_see() {
        let dir = tempfile::tempdir().expect("temp dir");
        let a = dir.path().join("a.toml");
        fs::write(&a, "id = \"a\"\nname = \"A\"\n").expect("write");
        let first = fingerprint(&opts(dir.path()));
        assert_eq!(first.files, 1);
        assert_eq!(fingerprint(&opts(dir.path())), first, "nothing changed");
        fs::write(dir.path().join("notes.txt"), "x").expect("write");
        fs::write(dir.path().join(".#a.toml"), "x").expect("write");
        assert_eq!(
            fingerprint(&opts(dir.path())),
            first,
            "files the loader skips do not count"
        );
        // Each step is compared with the one before (after the removal the directory is as it
        // was after the edit, and so is its key).
        let mut last = first.key;
        let mut changed = |what: &str| {
            let now = fingerprint(&opts(dir.path())).key;
            assert_ne!(now, last, "{what} left the key as it was");
            last = now;
        };
        fs::write(&a, "id = \"a\"\nname = \"B\"\n").expect("same size, new content");
        changed("an edit");
        fs::write(dir.path().join("b.toml"), "id = \"b\"\nname = \"B\"\n").expect("write");
        changed("an added file");
        fs::rename(dir.path().join("b.toml"), dir.path().join("c.toml")).expect("rename");
        changed("a rename");
        fs::remove_file(dir.path().join("c.toml")).expect("remove");
        changed("a removal");
        let other = LoadOptions {
            bundled: false,
            ..opts(dir.path())
        };
        assert_ne!(fingerprint(&other).key, fingerprint(&opts(dir.path())).key);
    }

    #[test]
    fn the_key_ties_each_name_to_its_own_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (a, b, swap) = (
            dir.path().join("a.toml"),
            dir.path().join("b.toml"),
            dir.path().join("swap"),
        );
        fs::write(&a, "id = \"a\"\nname = \"A\"\n").expect("write");
        fs::write(&b, "id = \"b\"\nname = \"B\"\n").expect("write");
        let before = fingerprint(&opts(dir.path()));
        // The same names and the same numbers, each now under the other name.
        fs::rename(&a, &swap).expect("rename");
        fs::rename(&b, &a).expect("rename");
        fs::rename(&swap, &b).expect("rename");
        let swapped = fingerprint(&opts(dir.path()));
        assert_eq!(swapped.files, 2);
        assert_ne!(swapped.key, before.key, "two files swapping names");
        // An edit whose modification time is put back still changes the change time.
        let mtime = fs::metadata(&a).and_then(|m| m.modified()).expect("mtime");
        std::thread::sleep(std::time::Duration::from_millis(20));
        fs::write(&a, "id = \"b\"\nname = \"C\"\n").expect("same size, new content");
        fs::File::options()
            .write(true)
            .open(&a)
            .and_then(|f| f.set_modified(mtime))
            .expect("put the mtime back");
        assert_ne!(
            fingerprint(&opts(dir.path())).key,
            swapped.key,
            "mtime put back"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_linked_profile_counts_its_target() {
        let dir = tempfile::tempdir().expect("temp dir");
        let target = dir.path().join("elsewhere.txt");
        fs::write(&target, "id = \"a\"\nname = \"A\"\n").expect("write");
        std::os::unix::fs::symlink(&target, dir.path().join("a.toml")).expect("symlink");
        let first = fingerprint(&opts(dir.path()));
        assert_eq!(first.files, 1);
        fs::write(&target, "id = \"a\"\nname = \"Longer\"\n").expect("edit the target");
        assert_ne!(
            fingerprint(&opts(dir.path())).key,
            first.key,
            "the target edited"
        );
    }

    #[test]
    fn a_missing_source_has_no_files_and_names_differ_by_sources() {
        let gone = PathBuf::from("/nonexistent/affex-profiles");
        assert_eq!(fingerprint(&opts(&gone)).files, 0);
        assert_ne!(file_name(&opts(&gone)), file_name(&opts(Path::new("/tmp"))));
        assert!(file_name(&opts(&gone)).starts_with("catalog-"));
    }
}
