//! The one way affex writes a file. affex never writes to a profile file or directory; what it
//! saves of its own (the shortlist, later) goes through [`save_atomically`], which never leaves
//! a torn file behind: the new content goes to a temporary file in the same directory, is
//! synced, renamed over the old file, and the directory is synced. A crash at any moment
//! leaves either the old file or the new one, plus at worst a temporary file that
//! [`clean_leftovers`] removes on the next start.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Every temporary file starts with this, so leftovers can be recognised and removed.
pub const TEMP_PREFIX: &str = ".affex-tmp-";

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

/// Replaces `path` with `contents` so that readers see the old file or the new one, never a
/// mix, whatever happens during the save.
pub fn save_atomically(path: &Path, contents: &[u8]) -> Result<(), StoreError> {
    let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else {
        return Err(StoreError::NotAFile {
            path: path.to_path_buf(),
        });
    };
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    fs::create_dir_all(dir).map_err(io_err(path, "creating the directory"))?;
    let temp = dir.join(format!(
        "{TEMP_PREFIX}{}-{}",
        std::process::id(),
        name.to_string_lossy()
    ));
    let written = (|| {
        let mut file = OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .open(&temp)
            .map_err(io_err(path, "creating the temporary file"))?;
        file.write_all(contents)
            .map_err(io_err(path, "writing the temporary file"))?;
        file.sync_all()
            .map_err(io_err(path, "syncing the temporary file"))?;
        fs::rename(&temp, path).map_err(io_err(path, "renaming over the old file"))?;
        // The rename is durable only once the directory entry is on disk.
        File::open(dir)
            .and_then(|d| d.sync_all())
            .map_err(io_err(path, "syncing the directory"))
    })();
    if written.is_err() {
        let _ = fs::remove_file(&temp);
    }
    written
}

/// Removes temporary files a crashed save left in `dir`; returns how many it removed. A
/// missing directory is not an error: nothing was ever saved there.
pub fn clean_leftovers(dir: &Path) -> io::Result<usize> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(0),
        Err(e) => return Err(e),
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let is_temp = entry.file_name().to_string_lossy().starts_with(TEMP_PREFIX);
        if is_temp && entry.file_type().is_ok_and(|t| t.is_file()) {
            fs::remove_file(entry.path())?;
            removed += 1;
        }
    }
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn leftovers_are_cleaned() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        fs::write(dir.path().join(format!("{TEMP_PREFIX}1-x")), b"torn")?;
        fs::write(dir.path().join("keep.toml"), b"kept")?;
        assert_eq!(clean_leftovers(dir.path())?, 1);
        assert_eq!(fs::read_dir(dir.path())?.count(), 1);
        assert_eq!(clean_leftovers(&dir.path().join("missing"))?, 0);
        Ok(())
    }
}
