//! Opening and reading profile files safely: kind and size are checked before a byte is read,
//! and every way reading can fail becomes a located [`Problem`].

use std::fs;
use std::io::{self, Read};
use std::path::Path;

use super::problem::Problem;

/// Files larger than this are refused without being read: profiles are a few kilobytes.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// A catalog file (one that opens with `[[program]]`) may be this large: a network's whole
/// directory of programs in one export. Loaded, a catalog takes up to about 55 times its size
/// at its peak when its programs are as small as they can be (an id and a name: each program
/// holds a 1 KB profile), and under 3 times for realistic programs (`cargo bench --bench
/// memory`); 32 MiB keeps the worst case under 2 GB.
pub const MAX_CATALOG_BYTES: u64 = 32 * 1024 * 1024;

/// How much of a large file is read to see whether it is a catalog file.
const CATALOG_SNIFF_BYTES: u64 = 64 * 1024;

/// Why a file could not be turned into text.
#[derive(Debug, thiserror::Error)]
pub(super) enum ReadError {
    /// Over [`MAX_FILE_BYTES`]; not read.
    #[error(
        "larger than 1 MiB ({0} bytes); profiles are small, is this the right file? \
         (a catalog file that opens with `[[program]]` may be up to 32 MiB)"
    )]
    TooLarge(u64),
    /// A catalog file (it opens with `[[program]]`) over [`MAX_CATALOG_BYTES`]; not read, so
    /// none of its programs load: the commands fail on it rather than list what is left.
    #[error(
        "a catalog file of {0} bytes, over the 32 MiB (33,554,432 bytes) a catalog file may hold; \
         none of its programs were loaded: split it into files of at most 32 MiB each \
         (any `[[program]]` table may go in any file) in one directory, and pass that \
         directory with --profiles"
    )]
    CatalogTooLarge(u64),
    /// Not UTF-8; `bytes` is kept to show the line.
    #[error("not UTF-8 text: invalid byte at offset {offset}")]
    NotUtf8 { offset: usize, bytes: Vec<u8> },
    /// A symbolic link whose target does not exist.
    #[error("broken symbolic link, its target does not exist: {0}")]
    BrokenLink(#[source] io::Error),
    /// A symbolic link that cannot be followed, such as a loop.
    #[error("cannot follow symbolic link: {0}")]
    Link(#[source] io::Error),
    /// Opening or reading failed (permissions, I/O).
    #[error("cannot read: {0}")]
    Io(#[source] io::Error),
    /// A directory whose name ends in `.toml`.
    #[error("a directory, not a profile file; skipped")]
    Directory,
    /// A pipe, socket or device whose name ends in `.toml`; reading it could block forever.
    #[error("not a regular file (a pipe, socket or device); skipped")]
    Special,
    /// A symbolic link to a file outside the directory that holds the link: never read, so
    /// validating someone else's profiles cannot print a secret next to them.
    #[error("symbolic link leaves the profile directory; not read: {0}")]
    LeavesDirectory(String),
    /// A file of the system's own (under /proc, /sys or /dev): regular to look at, but
    /// endless or secret, and never a profile.
    #[error("a file of the system (under /proc, /sys or /dev), not a profile; not read: {0}")]
    System(String),
}

impl ReadError {
    /// The problem to report for `path`; a text that is not UTF-8 is pointed at its bad byte.
    pub(super) fn into_problem(self, path: &Path) -> Problem {
        let message = self.to_string();
        match self {
            ReadError::Directory | ReadError::Special => {
                Problem::warning(Some(path), None, &message)
            }
            ReadError::NotUtf8 { offset, bytes } => {
                let offset = offset.min(bytes.len());
                let (before, after) = bytes.split_at(offset);
                let line_start = before
                    .iter()
                    .rposition(|&b| b == b'\n')
                    .map_or(0, |i| i + 1);
                let line_end = after
                    .iter()
                    .position(|&b| b == b'\n')
                    .map_or(bytes.len(), |i| offset + i);
                let lines_before = before.iter().filter(|&&b| b == b'\n').count();
                let text = String::from_utf8_lossy(bytes.get(line_start..line_end).unwrap_or(&[]));
                let at = offset - line_start;
                let mut problem = Problem::error(Some(path), None, &message).at(&text, at..at + 1);
                problem.line = problem.line.map(|line| line + lines_before);
                problem
            }
            ReadError::CatalogTooLarge(_) => {
                let mut problem = Problem::error(Some(path), None, &message);
                problem.refused_catalog = true;
                problem
            }
            _ => Problem::error(Some(path), None, &message),
        }
    }
}

/// A file opened for loading.
pub(super) enum Opened {
    /// A profile-sized file, read whole.
    Text(String),
    /// A catalog file larger than a profile may be, opened but not read yet.
    Large(fs::File),
}

/// Opens a profile file, checking its kind and size before reading a byte, and reads it unless
/// it is a large catalog file. `regular` says the directory listing showed a regular file (not
/// a link), so the path need not be resolved first.
///
/// The file may change between the listing and the open (a FIFO, a directory or a link put in
/// its place): it is opened without blocking and without taking a controlling terminal, without
/// following a link, and its kind is checked on the open handle, never on the name.
pub(super) fn open_file(path: &Path, regular: bool) -> Result<Opened, ReadError> {
    let file = if regular {
        match open_handle(path) {
            // A link put where a regular file was listed: resolved and checked like one.
            Err(ReadError::Io(e)) if is_link_refusal(&e) => open_resolved(path)?,
            opened => opened?,
        }
    } else {
        open_resolved(path)?
    };
    let meta = file.metadata().map_err(ReadError::Io)?;
    check_kind(&meta)?;
    let (mut file, len) = (file, meta.len());
    if len <= MAX_FILE_BYTES {
        read_all(file, len, MAX_FILE_BYTES).map(Opened::Text)
    } else if opens_as_catalog(&mut file)? {
        if len <= MAX_CATALOG_BYTES {
            Ok(Opened::Large(file))
        } else {
            Err(ReadError::CatalogTooLarge(len))
        }
    } else {
        Err(ReadError::TooLarge(len))
    }
}

/// Opens `path` for reading without blocking (a FIFO opens at once instead of waiting for a
/// writer), without making a terminal device the controlling terminal, and without following a
/// link in its last component. `O_NONBLOCK` is left set: it changes nothing for the regular
/// files that are read, and everything else is refused before a byte is read.
fn open_handle(path: &Path) -> Result<fs::File, ReadError> {
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY | libc::O_NOFOLLOW);
    }
    options.open(path).map_err(ReadError::Io)
}

/// True for the error `O_NOFOLLOW` gives on a link.
fn is_link_refusal(e: &io::Error) -> bool {
    #[cfg(unix)]
    {
        e.raw_os_error() == Some(libc::ELOOP)
    }
    #[cfg(not(unix))]
    {
        let _ = e;
        false
    }
}

/// Opens a path that may be a link: resolved first, refused when it leads out of the directory
/// holding it or into the system's own files, then the resolved file opened as
/// [`open_handle`] does.
fn open_resolved(path: &Path) -> Result<fs::File, ReadError> {
    let is_link = fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    let resolved = fs::canonicalize(path).map_err(|e| {
        if is_link && e.kind() == io::ErrorKind::NotFound {
            ReadError::BrokenLink(e)
        } else if is_link {
            ReadError::Link(e)
        } else {
            ReadError::Io(e)
        }
    })?;
    let shown = || crate::sanitize::sanitize_line(&resolved.display().to_string());
    if is_link {
        let holder = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let inside = fs::canonicalize(holder).is_ok_and(|dir| resolved.starts_with(dir));
        if !inside {
            return Err(ReadError::LeavesDirectory(shown()));
        }
    }
    if SYSTEM_DIRS.iter().any(|dir| resolved.starts_with(dir)) {
        return Err(ReadError::System(shown()));
    }
    open_handle(&resolved)
}

/// Where the system keeps files that look regular but are not profiles: endless, changing, or
/// secret (`/proc/self/environ`).
const SYSTEM_DIRS: [&str; 3] = ["/proc", "/sys", "/dev"];

/// Refuses directories, pipes, sockets and devices.
fn check_kind(meta: &fs::Metadata) -> Result<(), ReadError> {
    if meta.is_dir() {
        Err(ReadError::Directory)
    } else if !meta.is_file() {
        Err(ReadError::Special)
    } else {
        Ok(())
    }
}

/// Reads an opened file of `len` bytes as UTF-8 text.
///
/// A file measured at `len` bytes (at most `limit`) is read up to `len`: as large as it was
/// when its kind and size were checked, with no read to find its end (one system call in five
/// of a cold load of profile files). A file that shrank since stops at its end. A file that
/// says it is empty, as the system's own files do, is read to its end, still stopping past
/// `limit`.
fn read_all(file: fs::File, len: u64, limit: u64) -> Result<String, ReadError> {
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    let up_to = if (1..=limit).contains(&len) {
        len
    } else {
        limit + 1
    };
    file.take(up_to)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    let len = bytes.len() as u64;
    if len > limit {
        return Err(ReadError::TooLarge(len));
    }
    String::from_utf8(bytes).map_err(|e| ReadError::NotUtf8 {
        offset: e.utf8_error().valid_up_to(),
        bytes: e.into_bytes(),
    })
}

/// Reads a profile file whole, checking its kind and size first; a large catalog file too.
pub(super) fn read_file(path: &Path) -> Result<String, ReadError> {
    match open_file(path, false)? {
        Opened::Text(text) => Ok(text),
        Opened::Large(file) => {
            let len = file.metadata().map_or(0, |m| m.len());
            read_all(file, len, MAX_CATALOG_BYTES)
        }
    }
}

/// True when the first table of the file is `[[program]]` with no key before it: a catalog
/// file, which may be larger than a profile. Reads only the first [`CATALOG_SNIFF_BYTES`], then
/// rewinds.
fn opens_as_catalog(file: &mut fs::File) -> Result<bool, ReadError> {
    use std::io::{Seek, SeekFrom};
    let mut head = Vec::new();
    (&mut *file)
        .take(CATALOG_SNIFF_BYTES)
        .read_to_end(&mut head)
        .map_err(ReadError::Io)?;
    file.seek(SeekFrom::Start(0)).map_err(ReadError::Io)?;
    let head = String::from_utf8_lossy(&head);
    let first = head
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'));
    Ok(first.is_some_and(|l| l.trim_start_matches('\u{feff}').starts_with("[[program]]")))
}

#[cfg(test)]
#[allow(clippy::expect_used, clippy::unwrap_used)]
mod tests {
    use std::fs;

    use super::*;
    use crate::catalog::load;
    use crate::catalog::test_files::*;
    use crate::catalog::validate;

    #[test]
    fn oversized_files_are_refused_unread() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("huge.toml");
        let file = fs::File::create(&path).expect("create");
        file.set_len(MAX_FILE_BYTES + 1).expect("sparse file");
        let catalog = validate(&[path]);
        assert!(
            catalog.problems[0].message.starts_with(
                "larger than 1 MiB (1048577 bytes); profiles are small, is this the right file?"
            ),
            "{}",
            catalog.problems[0].message
        );
    }

    #[test]
    fn non_utf8_text_is_located() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("latin1.toml");
        fs::write(&path, b"id = \"x\"\nname = \"Caf\xe9\"\n").expect("write");
        let catalog = validate(&[path]);
        let p = &catalog.problems[0];
        assert_eq!(p.message, "not UTF-8 text: invalid byte at offset 20");
        assert_eq!((p.line, p.column), (Some(2), Some(12)));
    }

    /// A file is read as large as it was measured, with no read for its end: bytes written
    /// after the measure are left for the next load, a file that shrank stops at its end, and
    /// one measured empty (as the system's own files say they are) is read to its end.
    #[test]
    fn a_file_is_read_as_large_as_it_was_measured() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("grew.toml");
        fs::write(&path, "id = \"x\"\n# written later\n").expect("write");
        let open = || fs::File::open(&path).expect("open");
        let read = |len| read_all(open(), len, MAX_FILE_BYTES).expect("read");
        assert_eq!(read(9), "id = \"x\"\n");
        assert_eq!(read(1000), "id = \"x\"\n# written later\n");
        assert_eq!(read(0), "id = \"x\"\n# written later\n");
        let error = read_all(open(), 0, 4).expect_err("over the limit");
        assert_eq!(error.to_string(), format!("{}", ReadError::TooLarge(5)));
    }

    /// A file that opens but cannot be read, whoever runs the tests: permission bits do not
    /// stop root (as CI runs), but `/proc/self/mem` fails to read at offset 0, where nothing is
    /// mapped. (The integration tests run the binary as `nobody` for "Permission denied".) The
    /// loader itself never reads under /proc: see the next test.
    #[cfg(target_os = "linux")]
    #[test]
    fn unreadable_files_report_the_os_error() {
        let file = fs::File::open("/proc/self/mem").expect("open");
        let error = read_all(file, 0, MAX_FILE_BYTES).expect_err("unreadable");
        assert_eq!(
            error.to_string(),
            "cannot read: Input/output error (os error 5)"
        );
    }

    /// Links out of the directory and into the system's files are refused unread; a link to a
    /// file beside it is followed.
    #[cfg(target_os = "linux")]
    #[test]
    fn links_out_of_the_directory_are_not_read() {
        let outside = tempfile::tempdir().expect("temp dir");
        let secret = write(
            outside.path(),
            "secret.env",
            "id = \"AWS_SECRET=hunter2\"\n",
        );
        let dir = tempfile::tempdir().expect("temp dir");
        let d = dir.path();
        std::os::unix::fs::symlink(&secret, d.join("away.toml")).expect("symlink");
        std::os::unix::fs::symlink("/proc/self/environ", d.join("environ.toml")).expect("symlink");
        let inside = write(d, "real.txt", &profile("real"));
        std::os::unix::fs::symlink(&inside, d.join("near.toml")).expect("symlink");
        let catalog = load(&only_dirs(&[d]));
        assert_eq!(ids(&catalog), ["real"]);
        let text = shown(&catalog.problems);
        assert!(!text.contains("hunter2"), "{text}");
        let messages: Vec<&str> = catalog
            .problems
            .iter()
            .map(|p| p.message.as_str())
            .collect();
        assert_eq!(messages.len(), 2, "{text}");
        assert!(
            messages[0].starts_with("symbolic link leaves the profile directory; not read: /"),
            "{text}"
        );
        assert!(
            messages[1].starts_with("symbolic link leaves the profile directory; not read: /proc/"),
            "{text}"
        );
        // Named directly, a system file is refused too.
        let catalog = validate(&[std::path::PathBuf::from("/proc/self/environ")]);
        assert!(
            catalog.problems[0]
                .message
                .starts_with("a file of the system (under /proc, /sys or /dev)"),
            "{}",
            shown(&catalog.problems)
        );
    }

    /// A path through a regular file, as if it were a directory, cannot be opened by root either.
    #[cfg(unix)]
    #[test]
    fn a_path_that_cannot_be_opened_reports_the_os_error() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = write(dir.path(), "plain.toml", &profile("plain"));
        let inside = file.join("inner.toml");
        let catalog = validate(std::slice::from_ref(&inside));
        assert!(catalog.profiles.is_empty());
        assert_eq!(
            shown(&catalog.problems),
            format!(
                "{}: error: cannot open: Not a directory (os error 20)",
                inside.display()
            )
        );
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loops_and_broken_links_report_the_os_error() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().expect("temp dir");
        let d = dir.path();
        symlink(d.join("loop-b.toml"), d.join("loop-a.toml")).expect("symlink");
        symlink(d.join("loop-a.toml"), d.join("loop-b.toml")).expect("symlink");
        symlink(d.join("nowhere.toml"), d.join("broken.toml")).expect("symlink");
        let target = write(d, "real.txt", &profile("real"));
        symlink(&target, d.join("link.toml")).expect("symlink");
        let catalog = load(&only_dirs(&[d]));
        assert_eq!(ids(&catalog), ["real"], "a good link is followed");
        let messages: Vec<&str> = catalog
            .problems
            .iter()
            .map(|p| p.message.as_str())
            .collect();
        assert_eq!(messages.len(), 3, "{messages:?}");
        assert!(messages[0].starts_with("broken symbolic link, its target does not exist: "));
        assert!(messages[0].contains("os error"));
        for m in &messages[1..] {
            assert!(m.starts_with("cannot follow symbolic link: "), "{m}");
            assert!(m.contains("os error"), "{m}");
        }
    }

    #[test]
    fn directories_and_special_files_named_toml_are_skipped_with_a_warning() {
        let dir = tempfile::tempdir().expect("temp dir");
        fs::create_dir(dir.path().join("folder.toml")).expect("mkdir");
        write(dir.path(), "ok.toml", &profile("ok"));
        // Opening a FIFO for reading would wait for a writer forever: the loader must not.
        let fifo = dir.path().join("pipe.toml");
        nix::unistd::mkfifo(&fifo, nix::sys::stat::Mode::S_IRWXU).expect("mkfifo");
        let catalog = load(&only_dirs(&[dir.path()]));
        assert_eq!(ids(&catalog), ["ok"]);
        assert_eq!(catalog.errors(), 0);
        let messages: Vec<&str> = catalog
            .problems
            .iter()
            .map(|p| p.message.as_str())
            .collect();
        assert_eq!(
            messages,
            [
                "a directory, not a profile file; skipped",
                "not a regular file (a pipe, socket or device); skipped",
            ]
        );
    }
}
