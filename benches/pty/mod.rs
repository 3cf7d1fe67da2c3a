//! A program run in a pseudo-terminal with its screen kept by a terminal emulator (vt100), for
//! the examples that time what a user sees: `keystroke_latency` and `first_screen`.

use std::io::{Read, Write};
use std::path::PathBuf;
use std::sync::{Arc, Condvar, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, PtySize, native_pty_system};

/// The affex binary and the profiles it opens, as both examples take them.
#[derive(clap::Args)]
pub struct Target {
    /// The affex binary.
    #[arg(long, default_value = "target/release/affex")]
    pub bin: PathBuf,
    /// The profiles (a directory or a catalog file), passed as `--no-bundled --profiles`.
    #[arg(long)]
    pub profiles: PathBuf,
}

impl Target {
    /// Makes `bin` absolute: the pty's spawner looks a relative program up in PATH, not in
    /// the working directory.
    pub fn resolve(&mut self) -> std::io::Result<()> {
        self.bin = std::fs::canonicalize(&self.bin)?;
        Ok(())
    }
}

/// The terminal's size.
pub const ROWS: u16 = 40;
/// The terminal's size.
pub const COLS: u16 = 120;

/// A running program and its screen.
pub struct Screen {
    /// The program.
    pub child: Box<dyn Child + Send + Sync>,
    /// Keys go here.
    pub writer: Box<dyn Write + Send>,
    /// The emulated screen, and a signal raised each time output arrives: the harness sleeps
    /// until the program writes, so it takes no CPU from the program it times.
    screen: Arc<(Mutex<vt100::Parser>, Condvar)>,
}

impl Screen {
    /// Starts `cmd` in a new pseudo-terminal of [`ROWS`] × [`COLS`].
    pub fn spawn(cmd: CommandBuilder) -> Result<Screen, Box<dyn std::error::Error>> {
        let pair = native_pty_system().openpty(PtySize {
            rows: ROWS,
            cols: COLS,
            pixel_width: 0,
            pixel_height: 0,
        })?;
        let child = pair.slave.spawn_command(cmd)?;
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader()?;
        let writer = pair.master.take_writer()?;
        let screen = Arc::new((
            Mutex::new(vt100::Parser::new(ROWS, COLS, 0)),
            Condvar::new(),
        ));
        let sink = Arc::clone(&screen);
        // The master must outlive the reader thread's reads.
        let master = pair.master;
        thread::spawn(move || {
            let _master = master;
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
        Ok(Screen {
            child,
            writer,
            screen,
        })
    }

    /// How long until the screen's text satisfies `what`, or `None` after `limit`.
    pub fn wait_for(&self, what: &dyn Fn(&str) -> bool, limit: Duration) -> Option<Duration> {
        self.wait_for_screen(&|screen| what(&screen.contents()), limit)
    }

    /// How long until the screen (its text, its cursor) satisfies `what`, or `None` after
    /// `limit`.
    pub fn wait_for_screen(
        &self,
        what: &dyn Fn(&vt100::Screen) -> bool,
        limit: Duration,
    ) -> Option<Duration> {
        let start = Instant::now();
        let (parser, written) = &*self.screen;
        let mut parser = parser.lock().ok()?;
        while start.elapsed() < limit {
            if what(parser.screen()) {
                return Some(start.elapsed());
            }
            parser = written
                .wait_timeout(parser, Duration::from_millis(50))
                .ok()?
                .0;
        }
        None
    }

    /// The screen's text now.
    pub fn contents(&self) -> String {
        let (parser, _) = &*self.screen;
        parser
            .lock()
            .map(|p| p.screen().contents())
            .unwrap_or_default()
    }

    /// Types `bytes`.
    pub fn send(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.writer.write_all(bytes)?;
        self.writer.flush()
    }
}

/// Prints the median, 90th percentile and worst of `times` (ms), counted as `noun`.
pub fn report(label: &str, noun: &str, times: &mut [f64]) {
    if times.is_empty() {
        println!("{label:<20} no times");
        return;
    }
    times.sort_by(f64::total_cmp);
    let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    println!(
        "{label:<20} {noun} {:>4}  median {:>7.2} ms  p90 {:>7.2} ms  worst {:>7.2} ms",
        times.len(),
        at(0.5),
        at(0.9),
        at(1.0)
    );
}
