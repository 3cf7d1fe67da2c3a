//! Times the first screen: from starting the program in a pseudo-terminal to the first screen
//! that shows the list, for affex (cold: no cache; warm: the catalog cache fresh) and for fzf
//! reading the same programs as lines. Prints the median, the 90th percentile and the worst of
//! each, and the ratios of the medians.
//!
//! ```sh
//! cargo build --release --bin affex --example gen_catalog --example first_screen
//! ./target/release/examples/gen_catalog --count 100000 --out /tmp/cat100k
//! ./target/release/examples/first_screen --profiles /tmp/cat100k --corpus /tmp/cat100k/corpus.txt
//! ```
//!
//! affex's first screen is the list with its search line; fzf's is the first frame with its
//! match counter and rows, and "fzf complete" is the frame whose counter has every line read.
//! The times include the pty and the terminal emulator reading the output (vt100).

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::thread;
use std::time::{Duration, Instant};

use clap::Parser;
use portable_pty::CommandBuilder;

#[path = "pty/mod.rs"]
mod pty;

use pty::{Screen, Target, report};

/// Time the first screen of affex and of fzf.
#[derive(Parser)]
struct Args {
    /// The binary and the profiles.
    #[command(flatten)]
    target: Target,
    /// The same programs as lines, for fzf (`gen_catalog` writes `corpus.txt`); no fzf run
    /// without it.
    #[arg(long)]
    corpus: Option<PathBuf>,
    /// How many times each program is started.
    #[arg(long, default_value_t = 5)]
    runs: usize,
    /// How long to wait for a first screen, in seconds.
    #[arg(long, default_value_t = 120)]
    timeout: u64,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = Args::parse();
    args.target.resolve()?;
    let home = std::env::temp_dir().join(format!("affex-first-screen-{}", std::process::id()));
    std::fs::create_dir_all(&home)?;
    let limit = Duration::from_secs(args.timeout);
    let runs = args.runs.max(1);
    let mut medians = Vec::new();

    let mut cold = Vec::new();
    for _ in 0..runs {
        cold.push(time_affex(&args, &home, true, limit)?);
    }
    // One cold run with the cache on writes the cache the warm runs read.
    time_affex(&args, &home, false, limit)?;
    wait_for_cache(&home);
    let mut warm = Vec::new();
    for _ in 0..runs {
        warm.push(time_affex(&args, &home, false, limit)?);
    }
    medians.push(("affex cold", summary("affex cold", &mut cold)));
    medians.push(("affex warm", summary("affex warm", &mut warm)));

    if let Some(corpus) = &args.corpus {
        let total = std::fs::read_to_string(corpus)?.lines().count();
        let (mut first, mut complete) = (Vec::new(), Vec::new());
        for _ in 0..runs {
            let (f, c) = time_fzf(corpus, total, limit)?;
            first.push(f);
            complete.push(c);
        }
        medians.push(("fzf first", summary("fzf first screen", &mut first)));
        medians.push(("fzf complete", summary("fzf complete", &mut complete)));
        let find = |name: &str| medians.iter().find(|(n, _)| *n == name).map(|(_, m)| *m);
        for affex in ["affex cold", "affex warm"] {
            for fzf in ["fzf first", "fzf complete"] {
                if let (Some(a), Some(f)) = (find(affex), find(fzf)) {
                    println!("{affex} / {fzf}: {:.2}", a / f.max(1e-3));
                }
            }
        }
    }
    println!(
        "machine: {} cores, load average {}",
        thread::available_parallelism().map_or(0, |n| n.get()),
        std::fs::read_to_string("/proc/loadavg")
            .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
            .unwrap_or_default()
    );
    let _ = std::fs::remove_dir_all(&home);
    Ok(())
}

/// Prints the times and gives their median.
fn summary(label: &str, times: &mut [f64]) -> f64 {
    report(label, "runs", times);
    times[times.len() / 2]
}

/// Milliseconds from starting affex to its list on screen; `cold` passes `--no-cache`.
fn time_affex(args: &Args, home: &Path, cold: bool, limit: Duration) -> Result<f64, String> {
    let mut cmd = CommandBuilder::new(&args.target.bin);
    if cold {
        cmd.arg("--no-cache");
    }
    cmd.args([
        OsString::from("--no-bundled"),
        OsString::from("--profiles"),
        args.target.profiles.clone().into_os_string(),
    ]);
    for var in ["XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "HOME"] {
        cmd.env(var, home);
    }
    cmd.env_remove("AFFEX_CACHE_DIR");
    cmd.env("TERM", "xterm-256color");
    cmd.env("NO_COLOR", "1");
    let start = Instant::now();
    let mut screen = Screen::spawn(cmd).map_err(|e| e.to_string())?;
    // The list is on screen once its search line is: the loading screen has none.
    let shown = screen.wait_for(&|text| text.contains(" / "), limit);
    let elapsed = start.elapsed();
    let _ = screen.send(&[0x1b, b'q']);
    // Quitting lets a cold run with the cache on write it; the harness waits for the exit.
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline && matches!(screen.child.try_wait(), Ok(None)) {
        thread::sleep(Duration::from_millis(20));
    }
    let _ = screen.child.kill();
    match shown {
        Some(_) => Ok(elapsed.as_secs_f64() * 1e3),
        None => Err(format!(
            "affex showed no list in {} s; the screen:\n{}",
            limit.as_secs(),
            screen.contents()
        )),
    }
}

/// Waits until the cache directory under `home` holds a cache file (written after the list
/// shows, by the loader thread).
fn wait_for_cache(home: &Path) {
    let dir = home.join("affex");
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        let written = std::fs::read_dir(&dir).is_ok_and(|entries| {
            entries
                .flatten()
                .any(|e| e.file_name().to_string_lossy().starts_with("catalog-"))
        });
        if written {
            return;
        }
        thread::sleep(Duration::from_millis(50));
    }
}

/// Milliseconds from starting fzf on `corpus` to its first rows, and to its counter showing
/// all `total` lines read.
fn time_fzf(corpus: &Path, total: usize, limit: Duration) -> Result<(f64, f64), String> {
    let mut cmd = CommandBuilder::new("sh");
    cmd.args([
        OsString::from("-c"),
        OsString::from("exec fzf < \"$0\""),
        corpus.as_os_str().to_owned(),
    ]);
    cmd.env("TERM", "xterm-256color");
    cmd.env("NO_COLOR", "1");
    let start = Instant::now();
    let mut screen = Screen::spawn(cmd).map_err(|e| e.to_string())?;
    let first = screen.wait_for(&|text| counter(text).is_some_and(|n| n > 0), limit);
    let first_at = start.elapsed();
    let complete = screen.wait_for(&|text| counter(text) == Some(total), limit);
    let complete_at = start.elapsed();
    let _ = screen.send(&[0x1b]);
    thread::sleep(Duration::from_millis(50));
    let _ = screen.child.kill();
    match (first, complete) {
        (Some(_), Some(_)) => Ok((
            first_at.as_secs_f64() * 1e3,
            complete_at.as_secs_f64() * 1e3,
        )),
        _ => Err(format!(
            "fzf showed no full counter in {} s; the screen:\n{}",
            limit.as_secs(),
            screen.contents()
        )),
    }
}

/// The number of lines fzf says it has read: its info line ends in `MATCHED/READ`.
fn counter(text: &str) -> Option<usize> {
    text.lines().find_map(|line| {
        let word = line.split_whitespace().find(|w| {
            w.split_once('/').is_some_and(|(a, b)| {
                !a.is_empty()
                    && !b.is_empty()
                    && a.bytes().all(|c| c.is_ascii_digit())
                    && b.bytes().all(|c| c.is_ascii_digit())
            })
        })?;
        word.split_once('/')?.1.parse().ok()
    })
}
