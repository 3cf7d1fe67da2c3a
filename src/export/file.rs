//! Export files: a name that never replaces an existing file (`affex-compare-2026-11-28.md`,
//! then `-2`, `-3` …), reserved with `O_EXCL` so a file (or a planted symlink) that appears
//! meanwhile is never written through, then filled by the one atomic writer.

use std::fs::OpenOptions;
use std::io;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use crate::store::{StoreError, save_atomically};

/// How many numbered names are tried before giving up.
const MAX_TRIES: usize = 1000;

/// Today's date in UTC, as `YYYY-MM-DD`.
pub fn today() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (y, m, d) = civil_date((secs / 86_400) as i64);
    format!("{y:04}-{m:02}-{d:02}")
}

/// The calendar date `days` after 1970-01-01 (Howard Hinnant's `civil_from_days`).
pub fn civil_date(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// `name` as a piece of a file name: ASCII letters and digits lowercased, anything else `-`.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_matches('-');
    if out.is_empty() {
        "list".to_string()
    } else {
        out.to_string()
    }
}

/// Writes `bytes` to a new file `stem.ext` in `dir` (or `stem-2.ext`, `stem-3.ext` … when
/// taken) and returns its path. No existing file is ever replaced.
pub fn save_new(dir: &Path, stem: &str, ext: &str, bytes: &[u8]) -> Result<PathBuf, StoreError> {
    for n in 1..=MAX_TRIES {
        let name = if n == 1 {
            format!("{stem}.{ext}")
        } else {
            format!("{stem}-{n}.{ext}")
        };
        let path = dir.join(name);
        match OpenOptions::new().write(true).create_new(true).open(&path) {
            Ok(_) => {
                return match save_atomically(&path, bytes) {
                    Ok(()) => Ok(path),
                    Err(e) => {
                        let _ = std::fs::remove_file(&path);
                        Err(e)
                    }
                };
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
            Err(source) => {
                return Err(StoreError::Io {
                    path,
                    step: "creating the export file",
                    source,
                });
            }
        }
    }
    Err(StoreError::Io {
        path: dir.join(format!("{stem}.{ext}")),
        step: "finding a free name",
        source: io::Error::other(format!("{MAX_TRIES} names are taken")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_names() -> Result<(), Box<dyn std::error::Error>> {
        assert_eq!(civil_date(0), (1970, 1, 1));
        assert_eq!(civil_date(20_420), (2025, 11, 28));
        assert_eq!(civil_date(11_016), (2000, 2, 29));
        assert_eq!(slug("Fishing trips!"), "fishing-trips");
        assert_eq!(slug("日本"), "list");
        let dir = tempfile::tempdir()?;
        std::fs::write(dir.path().join("a.md"), b"theirs")?;
        #[cfg(unix)]
        std::os::unix::fs::symlink("/nonexistent/target", dir.path().join("a-2.md"))?;
        let path = save_new(dir.path(), "a", "md", b"ours")?;
        assert_eq!(path.file_name().and_then(|n| n.to_str()), Some("a-3.md"));
        assert_eq!(std::fs::read(dir.path().join("a.md"))?, b"theirs");
        assert_eq!(std::fs::read(path)?, b"ours");
        Ok(())
    }
}
