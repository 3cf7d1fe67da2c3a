//! `affex cache`: where the catalog cache is, whether it is fresh for these profiles, and
//! clearing it.

use std::io::Write;
use std::path::Path;

use super::{CacheAction, Cli, CliError, Paint, eprint_line};
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
        CacheAction::Warm => {
            let word = match cache::warm(options, dir) {
                Ok(cache::Warmed::Written) => "written",
                Ok(cache::Warmed::Left(state)) => state.word(),
                Err(e) => {
                    eprint_line(&format!("{} {e}", paint.error("error:")));
                    return Ok(1);
                }
            };
            let path = cache::file_for(options, dir);
            writeln!(out, "{word}: {}", visible_path(&path))?;
        }
    }
    Ok(0)
}

/// Starts `affex cache warm` for the profiles a start would show beside `dir` (the directory
/// an import just wrote), detached, and does not wait: the import's answer is out at once,
/// and the explorer's next start finds a fresh cache instead of parsing every new profile
/// (20,000 imported profiles: 453 ms to the first screen cold, 17.5 ms warm). Nothing is
/// said if it cannot start; that start then reads the files, as it would have.
pub fn warm_in_background(cli: &Cli, dir: &Path) {
    let Ok(exe) = std::env::current_exe() else {
        return;
    };
    let mut command = std::process::Command::new(exe);
    if cli.no_bundled {
        command.arg("--no-bundled");
    }
    let mut dirs = cli.profiles.clone();
    let is_user_dir = crate::catalog::default_user_dir().is_some_and(|user| same_dir(&user, dir));
    if !is_user_dir && !dirs.iter().any(|d| same_dir(d, dir)) {
        dirs.push(dir.to_path_buf());
    }
    for d in dirs {
        command.arg("--profiles").arg(d);
    }
    command
        .args(["cache", "warm"])
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    // Its own process group: a Ctrl-C meant for the shell's next command does not stop it
    // half-way (its write is atomic anyway).
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut command, 0);
    let _ = command.spawn();
}

/// True when `a` and `b` are one directory, however each is written (`..`, a relative path, a
/// symlink): comparing them as written warmed the cache of "your directory plus DIR" for
/// `--into ~/.config/affex/../affex/profiles`, which no plain start opens.
fn same_dir(a: &Path, b: &Path) -> bool {
    a == b
        || matches!(
            (std::fs::canonicalize(a), std::fs::canonicalize(b)),
            (Ok(x), Ok(y)) if x == y
        )
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
