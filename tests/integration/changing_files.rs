//! Files that change while a load reads them (issue 9): a thread swaps profile files for FIFOs,
//! directories, links (out of the directory, to a FIFO) and nothing at all, over and over,
//! while the directory of thousands of files is loaded. Every load must finish, every file
//! left alone must load, and every swapped file must be reported in words a user understands
//! (or load, when the racer had put it back in time) — never a hang, never a secret.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use affex::catalog::{self, LoadOptions};

/// Files in the directory; every `SWAPPED_EVERY`th is raced.
const FILES: usize = 3_000;
const SWAPPED_EVERY: usize = 10;

/// What a swapped file may be reported as.
const EXPECTED: &[&str] = &[
    "not a regular file (a pipe, socket or device); skipped",
    "a directory, not a profile file; skipped",
    "symbolic link leaves the profile directory; not read: ",
    "broken symbolic link, its target does not exist: ",
    "cannot read: No such file or directory",
    "cannot read: ",
    "empty file: ",
];

fn profile(i: usize) -> String {
    format!("id = \"p{i:05}\"\nname = \"Program {i}\"\n")
}

fn path_of(dir: &Path, i: usize) -> PathBuf {
    dir.join(format!("p{i:05}.toml"))
}

/// Puts something else where file `i` is: kind `round % 5`.
fn swap(dir: &Path, i: usize, round: usize, secret: &Path, fifo: &Path) {
    let path = path_of(dir, i);
    let _ = std::fs::remove_file(&path);
    let _ = std::fs::remove_dir(&path);
    let _ = match round % 5 {
        0 => {
            nix::unistd::mkfifo(&path, nix::sys::stat::Mode::S_IRWXU).map_err(std::io::Error::from)
        }
        1 => std::fs::create_dir(&path),
        2 => std::os::unix::fs::symlink(secret, &path),
        3 => std::os::unix::fs::symlink(fifo, &path),
        _ => Ok(()), // deleted
    };
}

/// Puts file `i` back as a regular profile.
fn restore(dir: &Path, i: usize) {
    let path = path_of(dir, i);
    let _ = std::fs::remove_file(&path);
    let _ = std::fs::remove_dir(&path);
    let _ = std::fs::write(&path, profile(i));
}

#[test]
fn files_swapped_during_a_load_never_hang_it_and_are_reported() {
    let outside = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    let secret = outside.path().join("secret.env");
    std::fs::write(&secret, "TOKEN=hunter2\n").unwrap_or_else(|e| panic!("{e}"));
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    let fifo = dir.path().join("pipe.fifo");
    nix::unistd::mkfifo(&fifo, nix::sys::stat::Mode::S_IRWXU).unwrap_or_else(|e| panic!("{e}"));
    for i in 0..FILES {
        restore(dir.path(), i);
    }
    let stop = Arc::new(AtomicBool::new(false));
    let racer = {
        let (dir, stop) = (dir.path().to_path_buf(), Arc::clone(&stop));
        let (secret, fifo) = (secret.clone(), fifo.clone());
        std::thread::spawn(move || {
            let mut round = 0;
            while !stop.load(Ordering::SeqCst) {
                for i in (0..FILES).step_by(SWAPPED_EVERY) {
                    swap(&dir, i, round + i / SWAPPED_EVERY, &secret, &fifo);
                }
                for i in (0..FILES).step_by(SWAPPED_EVERY * 2) {
                    restore(&dir, i);
                }
                round += 1;
            }
        })
    };
    let options = LoadOptions {
        bundled: false,
        user_dir: None,
        extra_dirs: vec![dir.path().to_path_buf()],
    };
    let mut seen = 0;
    for _ in 0..4 {
        let (send, loaded) = mpsc::channel();
        let options = options.clone();
        std::thread::spawn(move || {
            let _ = send.send(catalog::load(&options));
        });
        let catalog = match loaded.recv_timeout(Duration::from_secs(60)) {
            Ok(catalog) => catalog,
            Err(_) => {
                stop.store(true, Ordering::SeqCst);
                panic!("a load of {FILES} files with some swapped did not finish in 60 s");
            }
        };
        for i in (0..FILES).filter(|i| i % SWAPPED_EVERY != 0) {
            let id = format!("p{i:05}");
            assert!(
                catalog.get(&id).is_some(),
                "{id} was left alone but did not load"
            );
        }
        for problem in &catalog.problems {
            let text = problem.to_string();
            assert!(!text.contains("hunter2"), "a secret was printed: {text}");
            let name = problem.path.as_deref().and_then(Path::file_name);
            let swapped = name
                .and_then(|n| n.to_str())
                .and_then(|n| {
                    n.strip_prefix('p')?
                        .strip_suffix(".toml")?
                        .parse::<usize>()
                        .ok()
                })
                .is_some_and(|i| i % SWAPPED_EVERY == 0);
            assert!(swapped, "a file left alone has a problem: {text}");
            assert!(
                EXPECTED.iter().any(|e| problem.message.starts_with(e)),
                "unexpected words for a swapped file: {text}"
            );
            seen += 1;
        }
    }
    stop.store(true, Ordering::SeqCst);
    let _ = racer.join();
    println!("swapped files reported over 4 loads: {seen}");
    assert!(
        seen > 0,
        "the racer never caught a load: no swapped file was reported"
    );
}
