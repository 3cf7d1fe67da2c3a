//! The one way affex writes a file: what it saves of its own (the shortlist, query history, the
//! config form, the catalog cache) and the profiles `affex import` writes all go through here.
//! Nothing else writes to a profile file or directory.
//!
//! [`save_atomically`] never leaves a torn file behind: the new content goes to a temporary
//! file in the same directory, is synced, renamed over the old file, and the directory is
//! synced. A crash at any moment (SIGKILL included) leaves either the old file or the new one,
//! plus at worst a temporary file that [`clean_leftovers`] removes on a later start. Where no
//! file is there yet, on Linux, the temporary file has no name at all (`O_TMPFILE`) until it is
//! synced and linked in whole; a crash before that leaves nothing.
//!
//! - The temporary file has an unpredictable name and is created with `O_EXCL` (the `tempfile`
//!   crate), so a planted file or symlink can never be written through.
//! - The saved file keeps the permissions of the one it replaces (a 0600 file stays 0600); a
//!   new file is private to its owner (0600).
//! - Saving to a symlink writes the file the link points to and leaves the link in place.
//! - A save holds an advisory lock on its temporary file until the rename, and
//!   [`clean_leftovers`] removes only temporary files whose lock is free, so it never deletes
//!   the one another running affex is writing.
//! - [`update_atomically`] is the read-modify-write for files that two affex instances may
//!   change at once (a shortlist, the history): it holds a lock file around the read and the
//!   save, so neither instance's update is lost.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Every temporary file starts with this, so leftovers can be recognised and removed.
pub const TEMP_PREFIX: &str = ".affex-tmp-";

/// The lock file beside `name` that [`update_atomically`] holds is `.{name}{LOCK_SUFFIX}`.
pub const LOCK_SUFFIX: &str = ".lock";

/// How many symlinks a save follows before it gives up (the kernel's own limit is 40).
const MAX_LINKS: usize = 40;

/// How many times a save retries when a cleaner removed its fresh temporary file before the
/// save could lock it.
const CREATE_ATTEMPTS: usize = 8;

/// Why a save failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The target has no parent directory or no file name.
    #[error("cannot save to {path}: not a file path")]
    NotAFile {
        /// The path given.
        path: PathBuf,
    },
    /// A filesystem step failed.
    #[error("cannot save {path}: {step}: {source}")]
    Io {
        /// The file being saved.
        path: PathBuf,
        /// Which step failed.
        step: &'static str,
        /// The OS error.
        source: io::Error,
    },
}

fn io_err<'a>(path: &'a Path, step: &'static str) -> impl FnOnce(io::Error) -> StoreError + 'a {
    move |source| StoreError::Io {
        path: path.to_path_buf(),
        step,
        source,
    }
}

/// The file a save to `path` must replace: `path` itself, or the end of its chain of symlinks
/// (which need not exist yet).
fn resolve_links(path: &Path) -> Result<PathBuf, StoreError> {
    resolve_links_with_meta(path).map(|(target, _)| target)
}

/// [`resolve_links`], with the target's metadata when it exists (one `stat` serves both).
fn resolve_links_with_meta(path: &Path) -> Result<(PathBuf, Option<fs::Metadata>), StoreError> {
    let mut at = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match fs::symlink_metadata(&at) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let to = fs::read_link(&at).map_err(io_err(path, "reading the symlink"))?;
                at = match at.parent() {
                    Some(dir) if to.is_relative() => dir.join(to),
                    _ => to,
                };
            }
            Ok(meta) => return Ok((at, Some(meta))),
            Err(_) => return Ok((at, None)),
        }
    }
    Err(StoreError::Io {
        path: path.to_path_buf(),
        step: "following symlinks",
        source: io::Error::other(format!("more than {MAX_LINKS} links")),
    })
}

/// The directory and file name of `path`, `.` for a bare name.
fn split(path: &Path) -> Result<(&Path, &std::ffi::OsStr), StoreError> {
    match (path.parent(), path.file_name()) {
        (Some(dir), Some(name)) if dir.as_os_str().is_empty() => Ok((Path::new("."), name)),
        (Some(dir), Some(name)) => Ok((dir, name)),
        _ => Err(StoreError::NotAFile {
            path: path.to_path_buf(),
        }),
    }
}

/// A fresh temporary file in `dir`, locked by this process, that no cleaner has removed.
fn locked_temp_file(dir: &Path, path: &Path) -> Result<tempfile::NamedTempFile, StoreError> {
    for _ in 0..CREATE_ATTEMPTS {
        let temp = tempfile::Builder::new()
            .prefix(TEMP_PREFIX)
            .tempfile_in(dir)
            .map_err(io_err(path, "creating the temporary file"))?;
        temp.as_file()
            .lock()
            .map_err(io_err(path, "locking the temporary file"))?;
        // A cleaner that locked the file between its creation and our lock has unlinked it;
        // writing on would rename a file that is no longer there.
        if still_linked(temp.as_file()) {
            return Ok(temp);
        }
    }
    Err(StoreError::Io {
        path: path.to_path_buf(),
        step: "creating the temporary file",
        source: io::Error::other("it was removed before it could be locked, every time"),
    })
}

#[cfg(unix)]
fn still_linked(file: &File) -> bool {
    use std::os::unix::fs::MetadataExt;
    file.metadata().is_ok_and(|m| m.nlink() > 0)
}

#[cfg(not(unix))]
fn still_linked(_file: &File) -> bool {
    true
}

/// Replaces `path` with `contents` so that readers see the old file or the new one, never a
/// mix, whatever happens during the save. Through a symlink, the link's target is replaced
/// and the link kept; the target's permissions are kept.
pub fn save_atomically(path: &Path, contents: &[u8]) -> Result<(), StoreError> {
    let pending = Pending::write(path, contents)?;
    pending.sync()?;
    let dir = pending.persist()?;
    sync_dir(&dir, path)
}

/// Why a streamed save ([`save_atomically_with`]) wrote nothing.
#[derive(Debug)]
pub enum StreamError {
    /// The writer gave up on its own: nothing is saved and the old file is kept.
    Abandoned,
    /// The save failed.
    Store(StoreError),
}

/// [`save_atomically`] for content too large to hold in memory at once (the catalog cache):
/// `write` writes it into the temporary file, and may seek back to fill in what it knows only
/// at the end. The same guarantees as [`save_atomically`]: readers see the old file or the new
/// one; the temporary file is always a locked named one, removed when `write` fails or gives
/// up ([`StreamError::Abandoned`] when it returned `Ok(false)`).
pub fn save_atomically_with(
    path: &Path,
    write: impl FnOnce(&mut File) -> io::Result<bool>,
) -> Result<(), StreamError> {
    let store = StreamError::Store;
    let (target, meta) = resolve_links_with_meta(path).map_err(store)?;
    let (dir, _) = split(&target).map_err(store)?;
    fs::create_dir_all(dir)
        .map_err(io_err(path, "creating the directory"))
        .map_err(store)?;
    let mut temp = named_temp_with(dir, path, meta.as_ref(), &[]).map_err(store)?;
    match write(temp.as_file_mut()) {
        Ok(true) => {}
        Ok(false) => return Err(StreamError::Abandoned),
        Err(e) => return Err(store(io_err(path, "writing the temporary file")(e))),
    }
    temp.as_file()
        .sync_all()
        .map_err(io_err(path, "syncing the temporary file"))
        .map_err(store)?;
    let dir = dir.to_path_buf();
    temp.persist(&target)
        .map_err(|e| io_err(path, "renaming over the old file")(e.error))
        .map_err(store)?;
    sync_dir(&dir, path).map_err(store)
}

/// How many files [`save_all_atomically`] holds open at once where the limit on open files
/// is not read.
#[cfg(any(test, not(unix)))]
const BATCH: usize = 256;

/// The most files [`save_all_atomically`] holds open at once, however high the limit.
const MAX_BATCH: usize = 4096;

/// How many files a batch holds open: a quarter of the open-file limit (the rest is left to
/// the program), at least 16, at most [`MAX_BATCH`]. Every
/// batch ends with a flush of the whole filesystem, which waits for what other programs wrote
/// too, so fewer batches make an import of 20,000 profiles much faster on a busy disk.
fn batch_size() -> usize {
    #[cfg(unix)]
    {
        let limit = rustix::process::getrlimit(rustix::process::Resource::Nofile).current;
        match limit.and_then(|n| usize::try_from(n / 4).ok()) {
            Some(n) => n.clamp(16, MAX_BATCH),
            None => MAX_BATCH, // no limit
        }
    }
    #[cfg(not(unix))]
    {
        BATCH
    }
}

/// Saves many files, each exactly as [`save_atomically`] would (old or new, never a mix;
/// symlinks followed; permissions kept), in batches: every temporary file of a batch is
/// written before any is synced, they are made durable together, then renamed, and each
/// directory is synced once a batch. An import of 20,000 profiles pays for a few flushes
/// instead of 80,000. A crash mid-way leaves some files new and the rest old, each one whole.
pub fn save_all_atomically(files: &[(&Path, &[u8])]) -> Result<(), StoreError> {
    save_in_batches(files, batch_size())
}

/// [`save_all_atomically`] with `batch` files a batch.
///
/// Each step of a batch runs on all cores: most of its time is the kernel making inodes and
/// directory entries, which another core can do side by side (an import of 20,000 profiles
/// spent about 0.8 s here on one core).
fn save_in_batches(files: &[(&Path, &[u8])], batch: usize) -> Result<(), StoreError> {
    use rayon::prelude::*;
    use std::collections::HashSet;
    // The directories made (or found) so far: each is made once, not once a file.
    let mut made: HashSet<PathBuf> = HashSet::new();
    for batch in files.chunks(batch.max(1)) {
        let targets = batch
            .par_iter()
            .map(|(path, _)| resolve_links_with_meta(path))
            .collect::<Result<Vec<_>, _>>()?;
        // The batch's directories, each once, with a path saved into it (named in errors):
        // each is made, flushed and synced once, not once a file.
        let mut dirs: Vec<(PathBuf, &Path)> = Vec::new();
        let mut seen: HashSet<&Path> = HashSet::new();
        for ((path, _), (target, _)) in batch.iter().zip(&targets) {
            let (dir, _) = split(target)?;
            if seen.insert(dir) {
                dirs.push((dir.to_path_buf(), path));
            }
        }
        drop(seen);
        for (dir, path) in &dirs {
            if made.insert(dir.clone()) {
                fs::create_dir_all(dir).map_err(io_err(path, "creating the directory"))?;
            }
        }
        let pending = batch
            .par_iter()
            .zip(targets)
            .map(|((path, contents), (target, meta))| {
                Pending::write_to(path, target, meta.as_ref(), contents)
            })
            .collect::<Result<Vec<_>, _>>()?;
        sync_all_pending(&pending, &dirs)?;
        pending
            .into_par_iter()
            .try_for_each(|p| p.persist().map(drop))?;
        for (dir, path) in &dirs {
            sync_dir(dir, path)?;
        }
    }
    Ok(())
}

/// Makes every written temporary file of a batch durable. On Linux one `syncfs` of each
/// filesystem that holds the batch's directories (`dirs`, each with a path saved into it) does
/// it: a single flush instead of one per file. Elsewhere each file is synced, on all cores.
fn sync_all_pending(pending: &[Pending], dirs: &[(PathBuf, &Path)]) -> Result<(), StoreError> {
    #[cfg(target_os = "linux")]
    {
        let _ = pending;
        let mut synced: Vec<u64> = Vec::new();
        for (dir, path) in dirs {
            use std::os::unix::fs::MetadataExt;
            let dir = File::open(dir).map_err(io_err(path, "opening the directory"))?;
            let device = dir
                .metadata()
                .map_err(io_err(path, "reading the directory's device"))?
                .dev();
            if !synced.contains(&device) {
                rustix::fs::syncfs(&dir)
                    .map_err(|e| io_err(path, "syncing the filesystem")(e.into()))?;
                synced.push(device);
            }
        }
        Ok(())
    }
    #[cfg(not(target_os = "linux"))]
    {
        use rayon::prelude::*;
        let _ = dirs;
        pending.par_iter().try_for_each(Pending::sync)
    }
}

/// A save written to its temporary file, not yet synced or put in place.
struct Pending<'a> {
    /// The path the caller asked for (named in errors).
    path: PathBuf,
    /// The file it replaces, symlinks followed.
    target: PathBuf,
    /// What is saved (written again to a named temporary file if an unnamed one cannot be
    /// linked in).
    contents: &'a [u8],
    temp: Temp,
}

/// Where a pending save's new content is.
enum Temp {
    /// A locked temporary file with an unpredictable name, renamed over the target.
    Named(tempfile::NamedTempFile),
    /// A file with no name yet (Linux's `O_TMPFILE`), for a target that does not exist: it is
    /// linked in at the target's name, which fails rather than replace a file that appeared
    /// meanwhile. Nothing but the finished file ever has a name, so no temporary name is made
    /// and renamed away (a quarter of the kernel's work for 20,000 new profiles), no lock is
    /// needed, and a crash leaves nothing behind.
    #[cfg(target_os = "linux")]
    Unnamed(File),
}

impl Temp {
    fn as_file(&self) -> &File {
        match self {
            Temp::Named(temp) => temp.as_file(),
            #[cfg(target_os = "linux")]
            Temp::Unnamed(file) => file,
        }
    }
}

/// A file with no name in `dir`, private to its owner (0600, as a named temporary file is);
/// `None` where the filesystem or kernel cannot make one.
#[cfg(target_os = "linux")]
fn unnamed_file_in(dir: &Path) -> Option<File> {
    use rustix::fs::{Mode, OFlags};
    let flags = OFlags::WRONLY | OFlags::TMPFILE | OFlags::CLOEXEC;
    rustix::fs::open(dir, flags, Mode::from_raw_mode(0o600))
        .ok()
        .map(File::from)
}

/// Gives the unnamed `file` the name `target`, which must not exist. Linking an open file by
/// descriptor needs `/proc` (or a privilege affex does not ask for); any failure is returned
/// and the caller falls back to a named temporary file.
#[cfg(target_os = "linux")]
fn link_unnamed(file: &File, target: &Path) -> io::Result<()> {
    use std::os::fd::AsRawFd;
    let by_fd = format!("/proc/self/fd/{}", file.as_raw_fd());
    rustix::fs::linkat(
        rustix::fs::CWD,
        by_fd.as_str(),
        rustix::fs::CWD,
        target,
        rustix::fs::AtFlags::SYMLINK_FOLLOW,
    )
    .map_err(io::Error::from)
}

impl<'a> Pending<'a> {
    /// Writes `contents` to a temporary file beside `path`'s target (its directory made if
    /// missing): an unnamed one where the target does not exist and the system allows it, else
    /// a locked named one.
    fn write(path: &Path, contents: &'a [u8]) -> Result<Self, StoreError> {
        let (target, meta) = resolve_links_with_meta(path)?;
        let (dir, _) = split(&target)?;
        fs::create_dir_all(dir).map_err(io_err(path, "creating the directory"))?;
        Self::write_to(path, target, meta.as_ref(), contents)
    }

    /// [`Pending::write`] to `target`, `path` with its symlinks followed, whose directory
    /// exists; `meta` is the target's, when it exists.
    fn write_to(
        path: &Path,
        target: PathBuf,
        meta: Option<&fs::Metadata>,
        contents: &'a [u8],
    ) -> Result<Self, StoreError> {
        let (dir, _) = split(&target)?;
        #[cfg(target_os = "linux")]
        if meta.is_none()
            && let Some(mut file) = unnamed_file_in(dir)
        {
            file.write_all(contents)
                .map_err(io_err(path, "writing the temporary file"))?;
            return Ok(Pending {
                path: path.to_path_buf(),
                target,
                contents,
                temp: Temp::Unnamed(file),
            });
        }
        let temp = named_temp_with(dir, path, meta, contents)?;
        Ok(Pending {
            path: path.to_path_buf(),
            target,
            contents,
            temp: Temp::Named(temp),
        })
    }

    fn sync(&self) -> Result<(), StoreError> {
        self.temp
            .as_file()
            .sync_all()
            .map_err(io_err(&self.path, "syncing the temporary file"))
    }

    /// Puts the temporary file in place of the target; returns the target's directory.
    fn persist(self) -> Result<PathBuf, StoreError> {
        let Pending {
            path,
            target,
            contents,
            temp,
        } = self;
        let dir = split(&target)?.0.to_path_buf();
        let temp = match temp {
            Temp::Named(temp) => temp,
            #[cfg(target_os = "linux")]
            Temp::Unnamed(file) => match link_unnamed(&file, &target) {
                Ok(()) => return Ok(dir),
                // A file that appeared at the target meanwhile, or no `/proc`: the named
                // way, which replaces the target whole, as any other save does.
                Err(_) => {
                    let temp = named_temp_with(&dir, &path, None, contents)?;
                    temp.as_file()
                        .sync_all()
                        .map_err(io_err(&path, "syncing the temporary file"))?;
                    temp
                }
            },
        };
        // On failure the temporary file is removed when `persist`'s error drops it.
        temp.persist(&target)
            .map_err(|e| io_err(&path, "renaming over the old file")(e.error))?;
        Ok(dir)
    }
}

/// A locked named temporary file in `dir` holding `contents`, with the permissions of the
/// file it replaces (`meta`), if any.
fn named_temp_with(
    dir: &Path,
    path: &Path,
    meta: Option<&fs::Metadata>,
    contents: &[u8],
) -> Result<tempfile::NamedTempFile, StoreError> {
    let mut temp = locked_temp_file(dir, path)?;
    if let Some(meta) = meta {
        temp.as_file()
            .set_permissions(meta.permissions())
            .map_err(io_err(path, "copying the permissions"))?;
    }
    temp.write_all(contents)
        .map_err(io_err(path, "writing the temporary file"))?;
    Ok(temp)
}

/// The rename is durable only once the directory entry is on disk.
fn sync_dir(dir: &Path, path: &Path) -> Result<(), StoreError> {
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(io_err(path, "syncing the directory"))
}

/// Reads `path` (`None` when it does not exist yet), hands its bytes to `change`, and saves
/// what `change` returns with [`save_atomically`], holding a lock file beside `path` from the
/// read to the rename. Two affex instances updating the same file take turns, so neither
/// loses the other's change; a process killed mid-update leaves the old or the new file, and
/// its lock is released by the kernel.
pub fn update_atomically(
    path: &Path,
    change: impl FnOnce(Option<&[u8]>) -> Vec<u8>,
) -> Result<(), StoreError> {
    let target = resolve_links(path)?;
    let (dir, name) = split(&target)?;
    fs::create_dir_all(dir).map_err(io_err(path, "creating the directory"))?;
    let mut lock_name = std::ffi::OsString::from(".");
    lock_name.push(name);
    lock_name.push(LOCK_SUFFIX);
    let lock = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(dir.join(lock_name))
        .map_err(io_err(path, "opening the lock file"))?;
    lock.lock().map_err(io_err(path, "taking the lock"))?;
    let old = match fs::read(&target) {
        Ok(bytes) => Some(bytes),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(io_err(path, "reading the old file")(e)),
    };
    let new = change(old.as_deref());
    let saved = save_atomically(&target, &new);
    // Closing the file releases the lock too; unlocking first says so plainly.
    let _ = lock.unlock();
    saved
}

/// Removes temporary files a crashed save left in `dir`; returns how many it removed. A file
/// another affex is still writing is locked and left alone. A missing directory is not an
/// error: nothing was ever saved there.
pub fn clean_leftovers(dir: &Path) -> io::Result<usize> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(0),
        Err(e) => return Err(e),
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let is_temp = entry.file_name().to_string_lossy().starts_with(TEMP_PREFIX);
        if !is_temp || !entry.file_type().is_ok_and(|t| t.is_file()) {
            continue;
        }
        let Ok(file) = File::open(entry.path()) else {
            continue; // renamed into place (or removed) since the listing
        };
        if file.try_lock().is_err() {
            continue; // a running save holds it
        }
        match fs::remove_file(entry.path()) {
            Ok(()) => removed += 1,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
    }
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saves_many_each_whole_and_keeps_links_and_permissions()
    -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let sub = dir.path().join("memory");
        let mut files = Vec::new();
        // More than one batch, in two directories, one of them new.
        for i in 0..(BATCH + 10) {
            let at = if i % 2 == 0 {
                dir.path()
            } else {
                sub.as_path()
            };
            files.push((
                at.join(format!("p{i}.toml")),
                format!("program {i}").into_bytes(),
            ));
        }
        save_atomically(&files[0].0, b"old")?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&files[0].0, fs::Permissions::from_mode(0o640))?;
            std::os::unix::fs::symlink(dir.path().join("p2.toml"), dir.path().join("link.toml"))?;
            files[2].0 = dir.path().join("link.toml");
        }
        let borrowed: Vec<(&Path, &[u8])> = files
            .iter()
            .map(|(path, contents)| (path.as_path(), contents.as_slice()))
            .collect();
        save_in_batches(&borrowed, BATCH)?;
        for (i, (path, _)) in files.iter().enumerate() {
            assert_eq!(
                fs::read(path)?,
                format!("program {i}").into_bytes(),
                "{path:?}"
            );
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                fs::metadata(&files[0].0)?.permissions().mode() & 0o777,
                0o640
            );
            assert!(fs::symlink_metadata(&files[2].0)?.file_type().is_symlink());
        }
        let temps = [dir.path(), sub.as_path()]
            .iter()
            .flat_map(|d| fs::read_dir(d).into_iter().flatten().flatten())
            .filter(|e| e.file_name().to_string_lossy().starts_with(TEMP_PREFIX))
            .count();
        assert_eq!(temps, 0, "no temporary file remains");
        Ok(())
    }

    /// A new file is written with no name until it is whole (on Linux), private to its owner.
    #[cfg(target_os = "linux")]
    #[test]
    fn a_new_file_has_no_name_until_it_is_linked_in_whole() -> Result<(), Box<dyn std::error::Error>>
    {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir()?;
        if unnamed_file_in(dir.path()).is_none() {
            eprintln!("this filesystem makes no unnamed files; the named way is tested elsewhere");
            return Ok(());
        }
        let path = dir.path().join("new.toml");
        let pending = Pending::write(&path, b"whole")?;
        assert!(matches!(pending.temp, Temp::Unnamed(_)));
        assert_eq!(
            fs::read_dir(dir.path())?.count(),
            0,
            "nothing has a name yet"
        );
        pending.sync()?;
        pending.persist()?;
        assert_eq!(fs::read(&path)?, b"whole");
        assert_eq!(fs::metadata(&path)?.permissions().mode() & 0o777, 0o600);
        assert_eq!(fs::read_dir(dir.path())?.count(), 1);
        Ok(())
    }

    /// A file that appears at the target between the write and the link is replaced whole,
    /// as a save over an existing file is (the link alone would fail).
    #[test]
    fn a_file_that_appears_meanwhile_is_replaced_whole() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("raced.toml");
        let pending = Pending::write(&path, b"ours")?;
        fs::write(&path, b"theirs, written meanwhile")?;
        pending.sync()?;
        pending.persist()?;
        assert_eq!(fs::read(&path)?, b"ours");
        assert_eq!(
            fs::read_dir(dir.path())?.count(),
            1,
            "no temporary file remains"
        );
        Ok(())
    }

    #[test]
    fn saves_and_replaces() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("shortlist.toml");
        save_atomically(&path, b"first")?;
        save_atomically(&path, b"second")?;
        assert_eq!(fs::read(&path)?, b"second");
        assert_eq!(
            fs::read_dir(dir.path())?.count(),
            1,
            "no temporary file remains"
        );
        Ok(())
    }

    #[test]
    fn a_streamed_save_replaces_whole_or_keeps_the_old_file()
    -> Result<(), Box<dyn std::error::Error>> {
        use std::io::{Seek, SeekFrom};
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("catalog.bin");
        save_atomically(&path, b"old")?;
        // Written, then a header filled in at the end: what the catalog cache does.
        save_atomically_with(&path, |file| {
            file.write_all(b"..new content")?;
            file.seek(SeekFrom::Start(0))?;
            file.write_all(b"->")?;
            Ok(true)
        })
        .map_err(|e| format!("{e:?}"))?;
        assert_eq!(fs::read(&path)?, b"->new content");
        let abandoned = save_atomically_with(&path, |file| {
            file.write_all(b"half")?;
            Ok(false)
        });
        assert!(matches!(abandoned, Err(StreamError::Abandoned)));
        let failed = save_atomically_with(&path, |file| {
            file.write_all(b"half")?;
            Err(io::Error::other("disk full"))
        });
        assert!(matches!(
            failed,
            Err(StreamError::Store(StoreError::Io { .. }))
        ));
        assert_eq!(fs::read(&path)?, b"->new content", "the old file is kept");
        assert_eq!(
            fs::read_dir(dir.path())?.count(),
            1,
            "no temporary file remains"
        );
        Ok(())
    }

    #[test]
    fn leftovers_are_cleaned_unless_a_save_holds_them() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        fs::write(dir.path().join(format!("{TEMP_PREFIX}1-x")), b"torn")?;
        fs::write(dir.path().join("keep.toml"), b"kept")?;
        let busy = dir.path().join(format!("{TEMP_PREFIX}busy"));
        fs::write(&busy, b"mid-save")?;
        let held = File::open(&busy)?;
        held.lock()?;
        assert_eq!(clean_leftovers(dir.path())?, 1);
        assert!(busy.exists(), "a temporary file a save holds is left alone");
        drop(held);
        assert_eq!(clean_leftovers(dir.path())?, 1, "once its save is gone");
        assert_eq!(fs::read_dir(dir.path())?.count(), 1);
        assert_eq!(clean_leftovers(&dir.path().join("missing"))?, 0);
        Ok(())
    }

    /// Every permission mode a user might give a file survives a save.
    #[cfg(unix)]
    #[test]
    fn permissions_are_kept() -> Result<(), Box<dyn std::error::Error>> {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir()?;
        let mut changed = 0;
        for mode in [0o600, 0o640, 0o644, 0o660, 0o400, 0o604, 0o700, 0o755] {
            let path = dir.path().join(format!("f{mode:o}"));
            fs::write(&path, b"old")?;
            fs::set_permissions(&path, fs::Permissions::from_mode(mode))?;
            save_atomically(&path, b"new")?;
            let got = fs::metadata(&path)?.permissions().mode() & 0o777;
            changed += usize::from(got != mode);
            assert_eq!(got, mode, "mode {mode:o}");
        }
        let fresh = dir.path().join("fresh");
        save_atomically(&fresh, b"new")?;
        assert_eq!(fs::metadata(&fresh)?.permissions().mode() & 0o077, 0);
        eprintln!("8 permission modes: {changed} changed by a save");
        Ok(())
    }

    /// Chains of 1 to 5 links, relative and absolute, one dangling: the link stays a link and
    /// the file at its end gets the content.
    #[cfg(unix)]
    #[test]
    fn saving_through_links_keeps_them() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        for length in 1..=5 {
            for absolute in [false, true] {
                let real = dir.path().join(format!("real-{length}-{absolute}"));
                fs::write(&real, b"old")?;
                let mut to = real.clone();
                for i in 0..length {
                    let link = dir.path().join(format!("link-{length}-{absolute}-{i}"));
                    let points = if absolute {
                        to.clone()
                    } else {
                        PathBuf::from(to.file_name().ok_or("name")?)
                    };
                    std::os::unix::fs::symlink(points, &link)?;
                    to = link;
                }
                save_atomically(&to, b"new")?;
                assert!(fs::symlink_metadata(&to)?.file_type().is_symlink());
                assert_eq!(fs::read(&real)?, b"new");
            }
        }
        let dangling = dir.path().join("dangling");
        std::os::unix::fs::symlink("not-yet", &dangling)?;
        save_atomically(&dangling, b"made")?;
        assert_eq!(fs::read(dir.path().join("not-yet"))?, b"made");
        Ok(())
    }

    #[test]
    fn updates_see_the_old_content() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("counter");
        for _ in 0..3 {
            update_atomically(&path, |old| {
                let n: u32 = old
                    .and_then(|b| std::str::from_utf8(b).ok())
                    .and_then(|s| s.parse().ok())
                    .unwrap_or(0);
                (n + 1).to_string().into_bytes()
            })?;
        }
        assert_eq!(fs::read_to_string(&path)?, "3");
        Ok(())
    }
}
