//! Times each keystroke in the real explorer: the built binary runs in a pseudo-terminal, a
//! query is typed one key at a time, and each key is timed from the byte written to the first
//! screen that shows the new query with its search finished (the search line no longer says
//! "searching…"). Prints the median, the 90th percentile and the worst over every keystroke.
//!
//! ```sh
//! cargo build --release --bin affex --example gen_catalog --example keystroke_latency
//! ./target/release/examples/gen_catalog --count 100000 --out /tmp/cat100k
//! ./target/release/examples/keystroke_latency --profiles /tmp/cat100k --runs 5 "fishing lures"
//! ```
//!
//! The time includes the pty and the terminal emulator reading the output (vt100), so it is
//! what a user sees, give or take that. The harness sleeps until the program writes.

use std::ffi::OsString;
use std::io::{Read, Write};
use std::path::PathBuf;
use std::sync::{Arc, Condvar, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use clap::Parser;
use portable_pty::{CommandBuilder, PtySize, native_pty_system};

/// Time each keystroke of a typed query in the explorer.
#[derive(Parser)]
struct Args {
    /// The affex binary.
    #[arg(long, default_value = "target/release/affex")]
    bin: PathBuf,
    /// The profiles (a directory or a catalog file), passed as `--no-bundled --profiles`.
    #[arg(long)]
    profiles: PathBuf,
    /// How many times each query is typed.
    #[arg(long, default_value_t = 5)]
    runs: usize,
    /// How long to wait for the catalog to load, in seconds.
    #[arg(long, default_value_t = 120)]
    load_timeout: u64,
    /// The queries.
    #[arg(default_values_t = ["fishing lures".to_string(), "dropship".to_string()])]
    queries: Vec<String>,
}

const ROWS: u16 = 40;
const COLS: u16 = 120;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::parse();
    let config = std::env::temp_dir().join(format!("affex-keystroke-{}", std::process::id()));
    std::fs::create_dir_all(&config)?;
    let pair = native_pty_system().openpty(PtySize {
        rows: ROWS,
        cols: COLS,
        pixel_width: 0,
        pixel_height: 0,
    })?;
    let mut cmd = CommandBuilder::new(&args.bin);
    cmd.args([
        OsString::from("--no-bundled"),
        OsString::from("--profiles"),
        args.profiles.clone().into_os_string(),
    ]);
    cmd.env("XDG_CONFIG_HOME", &config);
    cmd.env("XDG_DATA_HOME", &config);
    cmd.env("HOME", &config);
    cmd.env("TERM", "xterm-256color");
    cmd.env("NO_COLOR", "1");
    let mut child = pair.slave.spawn_command(cmd)?;
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader()?;
    let mut writer = pair.master.take_writer()?;
    // The screen, and a signal raised each time output arrives: the harness sleeps until the
    // program writes, so it takes no CPU from the program it times.
    let screen = Arc::new((
        Mutex::new(vt100::Parser::new(ROWS, COLS, 0)),
        Condvar::new(),
    ));
    let sink = Arc::clone(&screen);
    thread::spawn(move || {
        let mut buf = [0u8; 65536];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            let (parser, written) = &*sink;
            if let Ok(mut parser) = parser.lock() {
                parser.process(&buf[..n]);
            }
            written.notify_all();
        }
    });
    let wait_for = |what: &dyn Fn(&str) -> bool, limit: Duration| -> Option<Duration> {
        let start = Instant::now();
        let (parser, written) = &*screen;
        let mut parser = parser.lock().ok()?;
        while start.elapsed() < limit {
            if what(&parser.screen().contents()) {
                return Some(start.elapsed());
            }
            parser = written
                .wait_timeout(parser, Duration::from_millis(50))
                .ok()?
                .0;
        }
        None
    };
    let settled = |text: &str, query: &str| {
        !text.contains("searching…")
            && text.lines().any(|line| {
                line.trim_end().starts_with(&format!(" / {query}")) && line.contains('/')
            })
    };
    let start = Instant::now();
    let loaded = wait_for(
        &|text| text.contains(" / ") && !text.contains("loading"),
        Duration::from_secs(args.load_timeout),
    );
    let Some(loaded) = loaded else {
        return Err(format!("the list did not show in {} s", args.load_timeout).into());
    };
    eprintln!("first screen after {:.0} ms", loaded.as_secs_f64() * 1e3);
    let _ = start;
    writer.write_all(b"/")?;
    writer.flush()?;
    thread::sleep(Duration::from_millis(200));
    let mut all = Vec::new();
    for query in &args.queries {
        let mut times = Vec::new();
        for _ in 0..args.runs.max(1) {
            for (i, c) in query.char_indices() {
                let prefix = &query[..i + c.len_utf8()];
                let mut bytes = [0u8; 4];
                let sent = Instant::now();
                writer.write_all(c.encode_utf8(&mut bytes).as_bytes())?;
                writer.flush()?;
                let Some(_) = wait_for(&|text| settled(text, prefix), Duration::from_secs(10))
                else {
                    return Err(format!("no finished screen for {prefix:?}").into());
                };
                times.push(sent.elapsed().as_secs_f64() * 1e3);
                // A pause between keys, as a fast typist leaves, so each key is timed alone.
                thread::sleep(Duration::from_millis(30));
            }
            writer.write_all(&[0x15])?; // Ctrl-U clears the query
            writer.flush()?;
            wait_for(&|text| settled(text, ""), Duration::from_secs(10));
            thread::sleep(Duration::from_millis(100));
        }
        report(query, &mut times);
        all.extend(times);
    }
    report("every keystroke", &mut all);
    writer.write_all(&[0x1b, b'q'])?;
    writer.flush()?;
    thread::sleep(Duration::from_millis(300));
    let _ = child.kill();
    let _ = std::fs::remove_dir_all(&config);
    Ok(())
}

/// Prints the median, 90th percentile and worst of `times` (ms).
fn report(label: &str, times: &mut [f64]) {
    times.sort_by(f64::total_cmp);
    let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    println!(
        "{label:<20} keys {:>4}  median {:>6.2} ms  p90 {:>6.2} ms  worst {:>6.2} ms",
        times.len(),
        at(0.5),
        at(0.9),
        at(1.0)
    );
}
