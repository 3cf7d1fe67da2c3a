//! End to end: the built binary in a real pseudo-terminal, read back through a terminal
//! emulator. Type a search, mark two programs, open the grid, check the screen, quit, and check
//! the terminal was handed back (alternate screen left, cursor shown, mouse capture off).

use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

const ROWS: u16 = 30;
const COLS: u16 = 100;
const TIMEOUT: Duration = Duration::from_secs(10);

/// What the program has written so far, raw and as a screen.
struct Output {
    raw: Vec<u8>,
    screen: vt100::Parser,
}

struct Session {
    output: Arc<Mutex<Output>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    _config: tempfile::TempDir,
}

impl Session {
    fn start() -> Session {
        let config = tempfile::tempdir().expect("a temp dir");
        let pty = native_pty_system();
        let pair = pty
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pseudo-terminal");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_affex"));
        cmd.env("XDG_CONFIG_HOME", config.path());
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("NO_COLOR");
        let child = pair.slave.spawn_command(cmd).expect("affex starts");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("a reader");
        let writer = pair.master.take_writer().expect("a writer");
        let output = Arc::new(Mutex::new(Output {
            raw: Vec::new(),
            screen: vt100::Parser::new(ROWS, COLS, 0),
        }));
        let sink = Arc::clone(&output);
        thread::spawn(move || {
            // Keep the master open while reading: dropping it would hang up the child.
            let _master = pair.master;
            let mut buf = [0u8; 4096];
            loop {
                match reader.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        if let Ok(mut out) = sink.lock() {
                            out.raw.extend_from_slice(&buf[..n]);
                            out.screen.process(&buf[..n]);
                        }
                    }
                }
            }
        });
        Session {
            output,
            writer,
            child,
            _config: config,
        }
    }

    fn screen(&self) -> String {
        self.output
            .lock()
            .map(|out| out.screen.screen().contents())
            .unwrap_or_default()
    }

    fn raw(&self) -> Vec<u8> {
        self.output
            .lock()
            .map(|out| out.raw.clone())
            .unwrap_or_default()
    }

    fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).expect("keys sent");
        self.writer.flush().expect("keys flushed");
    }

    /// Waits until the screen satisfies `ok`, failing with the screen after the timeout.
    fn wait_for(&mut self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let screen = self.screen();
            if ok(&screen) {
                return screen;
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("timed out waiting for {what}; the screen:\n{screen}");
            }
            thread::sleep(Duration::from_millis(20));
        }
    }

    fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status;
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("affex did not exit; the screen:\n{}", self.screen());
            }
            thread::sleep(Duration::from_millis(20));
        }
    }
}

fn find_last(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

#[test]
fn search_mark_compare_and_quit_in_a_real_terminal() {
    let mut s = Session::start();
    s.wait_for("the first screen", |sc| {
        sc.contains("Programs") && sc.contains("6/6")
    });

    s.send("/");
    s.wait_for("the search line to take keys", |sc| sc.contains("done"));
    s.send("dropship");
    let found = s.wait_for("the search results", |sc| {
        sc.contains("/ dropship") && sc.contains("2/6")
    });
    assert!(found.contains("AliExpress") && found.contains("Alibaba.com"));

    s.send("\x1b");
    s.wait_for("the list to have the keys again", |sc| {
        sc.contains("Space mark")
    });
    s.send(" ");
    s.wait_for("one mark", |sc| sc.contains("1 marked"));
    s.send("j");
    thread::sleep(Duration::from_millis(50));
    s.send(" ");
    s.wait_for("two marks", |sc| sc.contains("2 marked"));

    s.send("c");
    let grid = s.wait_for("the grid", |sc| sc.contains("Compare · 2 programs"));
    assert!(grid.contains("Alibaba.com"), "{grid}");
    assert!(grid.contains("AliExpress"), "{grid}");
    assert!(
        grid.contains("Commission") && grid.contains("Cookie"),
        "{grid}"
    );
    assert!(grid.contains('★'), "best values are marked: {grid}");

    s.send("q");
    let status = s.wait_exit();
    assert!(status.success(), "exit status {status:?}");

    // Give the reader a moment to take the last bytes.
    thread::sleep(Duration::from_millis(100));
    let raw = s.raw();
    let entered = find_last(&raw, b"\x1b[?1049h").expect("the alternate screen was entered");
    let left = find_last(&raw, b"\x1b[?1049l").expect("the alternate screen was left");
    assert!(left > entered);
    let shown = find_last(&raw, b"\x1b[?25h").expect("the cursor was shown");
    let mouse_on = find_last(&raw, b"\x1b[?1000h").expect("mouse capture was on");
    let mouse_off = find_last(&raw, b"\x1b[?1000l").expect("mouse capture was turned off");
    assert!(mouse_off > mouse_on);
    let tail_start = mouse_off.min(left).min(shown);
    assert!(
        raw.len() - tail_start < 128,
        "the restoring sequences end the output: {:?}",
        String::from_utf8_lossy(&raw[tail_start.saturating_sub(32)..])
    );
    assert!(
        shown > left,
        "the cursor is shown after leaving the alternate screen"
    );
}

/// Checks that the output ends by handing the terminal back.
fn assert_restored(raw: &[u8]) {
    let left = find_last(raw, b"\x1b[?1049l").expect("the alternate screen was left");
    let shown = find_last(raw, b"\x1b[?25h").expect("the cursor was shown");
    let mouse_off = find_last(raw, b"\x1b[?1000l").expect("mouse capture was turned off");
    let entered = find_last(raw, b"\x1b[?1049h").expect("the alternate screen was entered");
    assert!(left > entered && mouse_off > entered && shown > left);
}

#[test]
fn sigterm_restores_the_terminal() {
    let mut s = Session::start();
    s.wait_for("the first screen", |sc| sc.contains("6/6"));
    let pid = s.child.process_id().expect("a process id");
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .expect("kill runs");
    assert!(killed.success());
    let status = s.wait_exit();
    assert!(!status.success(), "ended by the signal: {status:?}");
    thread::sleep(Duration::from_millis(100));
    assert_restored(&s.raw());
}
