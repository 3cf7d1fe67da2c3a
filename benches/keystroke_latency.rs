//! Times each keystroke in the real explorer: the built binary runs in a pseudo-terminal, a
//! query is typed one key at a time, and each key is timed from the byte written to the first
//! screen that shows the new query with its search finished (the search line no longer says
//! "searching…"). Prints the median, the 90th percentile and the worst over every keystroke.
//!
//! ```sh
//! cargo build --release --bin affex --example gen_catalog --example keystroke_latency
//! ./target/release/examples/gen_catalog --count 100000 --out /tmp/cat100k
//! ./target/release/examples/keystroke_latency --profiles /tmp/cat100k --runs 5 "fishing lures"
//! # each key on its own, and another binary (a copy kept from before a change):
//! ./target/release/examples/keystroke_latency --profiles /tmp/cat100k --each --bin /tmp/affex-old
//! ```
//!
//! The explorer opens on a warm cache: one start before the timed one writes it if it is cold
//! or stale (in `--cache-dir`, kept between runs, else a fresh directory), and the timed start
//! waits a moment after its first screen for the cache's check, so the keys compete with
//! neither a cold load, the cache being written, nor the start's check of the sources.
//!
//! The time includes the pty and the terminal emulator reading the output (vt100), so it is
//! what a user sees, give or take that. The harness sleeps until the program writes.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::thread;
use std::time::{Duration, Instant};

use clap::Parser;
use portable_pty::CommandBuilder;

#[path = "pty/mod.rs"]
mod pty;

use pty::{Screen, Target, report};

/// Time each keystroke of a typed query in the explorer.
#[derive(Parser)]
struct Args {
    /// The binary and the profiles.
    #[command(flatten)]
    target: Target,
    /// How many times each query is typed.
    #[arg(long, default_value_t = 5)]
    runs: usize,
    /// How long to wait for the catalog to load, in seconds.
    #[arg(long, default_value_t = 120)]
    load_timeout: u64,
    /// The catalog cache directory (`AFFEX_CACHE_DIR`), kept between runs with its config and
    /// data directories beside it (`DIR-home`); by default, a fresh one removed at the end.
    #[arg(long)]
    cache_dir: Option<PathBuf>,
    /// Also print each key's median and worst over the runs, to see which keys are slow.
    #[arg(long)]
    each: bool,
    /// The queries.
    #[arg(default_values_t = ["fishing lures".to_string(), "dropship".to_string()])]
    queries: Vec<String>,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = Args::parse();
    args.target.resolve()?;
    // Given a cache directory, the config and data directories sit beside it and stay: the
    // user profile directory they name is part of the cache's key, so the next run hits it.
    let (config, cache) = match &args.cache_dir {
        Some(cache) => {
            let mut home = cache.clone().into_os_string();
            home.push("-home");
            (PathBuf::from(home), cache.clone())
        }
        None => {
            let config =
                std::env::temp_dir().join(format!("affex-keystroke-{}", std::process::id()));
            (config.clone(), config.join("cache"))
        }
    };
    std::fs::create_dir_all(&config)?;
    std::fs::create_dir_all(&cache)?;
    // One start before the timed one writes the cache if it is cold or stale (quitting waits
    // for the write), so the timed start is warm.
    let mut warming = Screen::spawn(command(&args.target, &config, &cache))?;
    let warmed = wait_for_list(&warming, args.load_timeout)?;
    eprintln!(
        "warming start: first screen after {:.0} ms",
        warmed.as_secs_f64() * 1e3
    );
    warming.send(&[0x1b, b'q'])?;
    let _ = warming.child.wait();
    let mut screen = Screen::spawn(command(&args.target, &config, &cache))?;
    // The query line shows the query with the cursor (a reversed cell) just after it: a key
    // that only adds a space leaves the text as it was (the line is read trimmed), so the
    // cursor tells it.
    let settled = |screen: &vt100::Screen, query: &str| {
        let text = screen.contents();
        let prompt = format!(" / {query}");
        !text.contains("searching…")
            && text.lines().enumerate().any(|(row, line)| {
                line.trim_end().starts_with(prompt.trim_end())
                    && screen
                        .cell(row as u16, prompt.chars().count() as u16)
                        .is_some_and(|cell| cell.inverse())
            })
    };
    let loaded = wait_for_list(&screen, args.load_timeout)?;
    eprintln!(
        "timed start: first screen after {:.0} ms",
        loaded.as_secs_f64() * 1e3
    );
    // Let the start's check of the cache finish before the first key.
    thread::sleep(Duration::from_secs(2));
    screen.send(b"/")?;
    thread::sleep(Duration::from_millis(200));
    let mut all = Vec::new();
    for query in &args.queries {
        let mut times = Vec::new();
        // Per key of the query: its times over the runs.
        let mut by_key: Vec<Vec<f64>> = vec![Vec::new(); query.chars().count()];
        for _ in 0..args.runs.max(1) {
            for (i, c) in query.char_indices() {
                let prefix = &query[..i + c.len_utf8()];
                let mut bytes = [0u8; 4];
                let sent = Instant::now();
                screen.send(c.encode_utf8(&mut bytes).as_bytes())?;
                let Some(_) =
                    screen.wait_for_screen(&|s| settled(s, prefix), Duration::from_secs(10))
                else {
                    let text = screen.contents();
                    return Err(
                        format!("no finished screen for {prefix:?}; the screen:\n{text}").into(),
                    );
                };
                let took = sent.elapsed().as_secs_f64() * 1e3;
                times.push(took);
                if let Some(key) = by_key.get_mut(query[..i].chars().count()) {
                    key.push(took);
                }
                // A pause between keys, as a fast typist leaves, so each key is timed alone.
                thread::sleep(Duration::from_millis(30));
            }
            screen.send(&[0x15])?; // Ctrl-U clears the query
            screen.wait_for_screen(&|s| settled(s, ""), Duration::from_secs(10));
            thread::sleep(Duration::from_millis(100));
        }
        report(query, "keys", &mut times);
        if args.each {
            for (n, key_times) in by_key.iter_mut().enumerate() {
                let prefix: String = query.chars().take(n + 1).collect();
                report(&format!("  {prefix:?}"), "runs", key_times);
            }
        }
        all.extend(times);
    }
    report("every keystroke", "keys", &mut all);
    screen.send(&[0x1b, b'q'])?;
    thread::sleep(Duration::from_millis(300));
    let _ = screen.child.kill();
    if args.cache_dir.is_none() {
        let _ = std::fs::remove_dir_all(&config);
    }
    Ok(())
}

/// The explorer on `target`'s profiles, with its own config, data and cache directories.
fn command(target: &Target, config: &Path, cache: &Path) -> CommandBuilder {
    let mut cmd = CommandBuilder::new(&target.bin);
    cmd.args([
        OsString::from("--no-bundled"),
        OsString::from("--profiles"),
        target.profiles.clone().into_os_string(),
    ]);
    cmd.env("XDG_CONFIG_HOME", config);
    cmd.env("XDG_DATA_HOME", config);
    cmd.env("AFFEX_CACHE_DIR", cache);
    cmd.env("HOME", config);
    cmd.env("TERM", "xterm-256color");
    cmd.env("NO_COLOR", "1");
    cmd
}

/// How long until the list shows, loading done.
fn wait_for_list(screen: &Screen, limit: u64) -> Result<Duration, String> {
    screen
        .wait_for(
            &|text| text.contains(" / ") && !text.contains("loading"),
            Duration::from_secs(limit),
        )
        .ok_or_else(|| format!("the list did not show in {limit} s"))
}
