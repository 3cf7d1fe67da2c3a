//! `affex cache`: where the catalog cache is, whether it is fresh for these profiles, and
//! clearing it.

use std::io::Write;
use std::path::Path;

use super::{CacheAction, CliError, Paint, eprint_line};
use crate::catalog::LoadOptions;
use crate::catalog::cache::{self, CacheState};
use crate::sanitize::visible_path;

/// Runs `affex cache ACTION` for the sources `options` names and gives the exit status.
pub fn run(
    action: CacheAction,
    options: &LoadOptions,
    dir: Option<&Path>,
    paint: Paint,
    out: &mut impl Write,
) -> Result<i32, CliError> {
    let Some(dir) = dir else {
        eprint_line(&format!(
            "{} no cache directory: set AFFEX_CACHE_DIR, XDG_CACHE_HOME or HOME",
            paint.error("error:")
        ));
        return Ok(1);
    };
    match action {
        CacheAction::Path => writeln!(out, "{}", visible_path(dir))?,
        CacheAction::Status => {
            let status = cache::status(options, dir);
            let all = cache::files(dir);
            let total: u64 = all.iter().map(|(_, bytes)| bytes).sum();
            writeln!(out, "directory: {}", visible_path(dir))?;
            writeln!(
                out,
                "files:     {} ({})",
                crate::plural::count(all.len(), "cached catalog"),
                size(total)
            )?;
            writeln!(out, "these profiles: {}", visible_path(&status.path))?;
            let state = match &status.state {
                CacheState::Corrupt(why) => {
                    format!("damaged ({})", crate::sanitize::sanitize_line(why))
                }
                other => other.word().to_string(),
            };
            match status.bytes {
                Some(bytes) => writeln!(out, "  {state}, {}", size(bytes))?,
                None => writeln!(out, "  {state}")?,
            }
        }
        CacheAction::Clear => {
            let removed = match cache::clear(dir) {
                Ok(removed) => removed,
                Err(e) => {
                    let shown = visible_path(dir);
                    eprint_line(&format!(
                        "{} cannot clear {shown}: {e}",
                        paint.error("error:")
                    ));
                    return Ok(1);
                }
            };
            writeln!(
                out,
                "removed {} from {}",
                crate::plural::count(removed, "cached catalog"),
                visible_path(dir)
            )?;
        }
    }
    Ok(0)
}

/// Bytes in the unit a person reads.
fn size(bytes: u64) -> String {
    const MIB: u64 = 1 << 20;
    if bytes >= MIB {
        format!("{:.1} MiB", bytes as f64 / MIB as f64)
    } else {
        format!("{:.1} KiB", bytes as f64 / 1024.0)
    }
}
