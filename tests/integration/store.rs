//! Data is never lost: saves and locked updates killed with SIGKILL at random moments leave no
//! torn file, and two processes updating one file at once lose no update.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use affex::store::{TEMP_PREFIX, clean_leftovers, save_atomically, update_atomically};

const SAVES: usize = 200;
const LINES: usize = 8_192;

/// The content of save number `n`: every line names `n`, and the length is fixed, so a torn or
/// mixed file is easy to tell from a whole one.
fn content(n: u64) -> Vec<u8> {
    format!("save {n:020}\n").repeat(LINES).into_bytes()
}

fn is_whole(bytes: &[u8]) -> bool {
    let Some(first) = bytes.get(..26) else {
        return false;
    };
    bytes.len() == 26 * LINES && bytes.chunks(26).all(|line| line == first)
}

/// Run only as the child of `sigkill_during_saves_leaves_no_torn_file`: saves in a loop until
/// it is killed.
#[test]
#[ignore = "the child process of the kill test, not a test of its own"]
fn child_saver() {
    let Some(dir) = std::env::var_os("AFFEX_SAVER_DIR") else {
        return;
    };
    let target = Path::new(&dir).join("shortlist.toml");
    let locked = std::env::var_os("AFFEX_SAVER_LOCKED").is_some();
    for n in 0.. {
        let saved = if locked {
            update_atomically(&target, |_| content(n))
        } else {
            save_atomically(&target, &content(n))
        };
        if saved.is_err() {
            std::process::exit(3);
        }
    }
}

/// Run only as a child of `two_processes_updating_at_once_lose_no_update`: adds 1 to the
/// counter `AFFEX_COUNTER_TIMES` times.
#[test]
#[ignore = "a child process of the concurrency test, not a test of its own"]
fn child_counter() {
    let (Some(file), Some(times)) = (
        std::env::var_os("AFFEX_COUNTER_FILE"),
        std::env::var("AFFEX_COUNTER_TIMES").ok(),
    ) else {
        return;
    };
    let times: u32 = times.parse().unwrap_or(0);
    for _ in 0..times {
        let updated = update_atomically(Path::new(&file), |old| {
            let n: u64 = old
                .and_then(|b| std::str::from_utf8(b).ok())
                .and_then(|s| s.trim().parse().ok())
                .unwrap_or(0);
            format!("{}\n", n + 1).into_bytes()
        });
        if updated.is_err() {
            std::process::exit(3);
        }
    }
}

#[test]
fn two_processes_updating_at_once_lose_no_update() -> Result<(), Box<dyn std::error::Error>> {
    const TIMES: u64 = 150;
    let dir = tempfile::tempdir()?;
    let file = dir.path().join("history");
    let exe = std::env::current_exe()?;
    let children: Vec<_> = (0..2)
        .map(|_| {
            Command::new(&exe)
                .args(["--exact", "store::child_counter", "--ignored", "--quiet"])
                .env("AFFEX_COUNTER_FILE", &file)
                .env("AFFEX_COUNTER_TIMES", TIMES.to_string())
                .spawn()
        })
        .collect::<Result<_, _>>()?;
    for mut child in children {
        assert!(child.wait()?.success());
    }
    let count: u64 = std::fs::read_to_string(&file)?.trim().parse()?;
    eprintln!(
        "2 processes x {TIMES} locked updates: final count {count}, {} lost",
        2 * TIMES - count
    );
    assert_eq!(count, 2 * TIMES);
    Ok(())
}

#[test]
fn sigkill_during_saves_leaves_no_torn_file() -> Result<(), Box<dyn std::error::Error>> {
    kill_during_writes("save_atomically", false)
}

#[test]
fn sigkill_during_locked_updates_leaves_no_torn_file() -> Result<(), Box<dyn std::error::Error>> {
    kill_during_writes("update_atomically", true)
}

/// Kills a child writing in a loop with `writer` at random moments, `SAVES` times.
fn kill_during_writes(writer: &str, locked: bool) -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let target = dir.path().join("shortlist.toml");
    let exe = std::env::current_exe()?;
    let mut torn = 0;
    let mut leftovers = 0;
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    for round in 0..SAVES {
        let mut child = Command::new(&exe)
            .args([
                "--exact",
                "store::child_saver",
                "--ignored",
                "--quiet",
                "--test-threads=1",
            ])
            .env("AFFEX_SAVER_DIR", dir.path())
            .envs(locked.then_some(("AFFEX_SAVER_LOCKED", "1")))
            .spawn()?;
        // A random moment: the first rounds kill during start-up, later ones mid-save.
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let wait = Duration::from_micros(seed % 40_000);
        let start = Instant::now();
        while start.elapsed() < wait {
            std::thread::sleep(Duration::from_micros(500));
        }
        child.kill()?; // SIGKILL
        child.wait()?;
        if target.exists() && !is_whole(&std::fs::read(&target)?) {
            torn += 1;
            eprintln!("round {round}: torn file");
        }
        leftovers += clean_leftovers(dir.path())?;
    }
    let remaining = std::fs::read_dir(dir.path())?
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(TEMP_PREFIX))
        .count();
    eprintln!(
        "{writer}: {SAVES} killed writers: {torn} torn files, {leftovers} leftover temporary files cleaned, {remaining} remaining"
    );
    assert_eq!(torn, 0, "torn files after {SAVES} killed saves");
    assert_eq!(remaining, 0);
    assert!(
        target.exists(),
        "at least one save completed in {SAVES} rounds"
    );
    Ok(())
}
