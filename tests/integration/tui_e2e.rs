//! End to end: the built binary in a real pseudo-terminal, read back through a terminal
//! emulator. Type a search, mark two programs, open the grid, check the screen, quit; then leave
//! the explorer every other way it can end (Ctrl-C, an error, a panic, SIGTERM, SIGHUP, SIGINT)
//! and check each time that the terminal was handed back: raw mode off (read from the pty's
//! termios after the child exited), the alternate screen left, the cursor shown, mouse capture
//! off, and the exit status the app promises.
//!
//! Also here: the explorer opens with the "profiles skipped" warning visible when a directory of
//! 1,000 profiles holds 10 corrupt ones, drawn through `App` and in the real binary.

use std::ffi::OsStr;
use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use nix::sys::termios::{LocalFlags, Termios};
use portable_pty::{CommandBuilder, ExitStatus, MasterPty, PtySize, native_pty_system};

const ROWS: u16 = 30;
const COLS: u16 = 100;
const TIMEOUT: Duration = Duration::from_secs(20);

/// What the program has written so far, raw and as a screen.
struct Output {
    raw: Vec<u8>,
    screen: vt100::Parser,
}

/// The binary running in a pseudo-terminal of `ROWS` x `COLS`, with an empty config directory.
pub(crate) struct Session {
    output: Arc<Mutex<Output>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    /// Kept open for the whole session: dropping it would hang up the child, and the tests read
    /// the terminal's modes from it after the child has gone.
    master: Box<dyn MasterPty + Send>,
    reader: Option<JoinHandle<()>>,
    _config: tempfile::TempDir,
}

/// How a session ended.
pub(crate) struct Ended {
    /// The exit status.
    pub status: ExitStatus,
    /// Every byte the program wrote to the terminal.
    pub raw: Vec<u8>,
    /// The terminal's modes once the program had exited.
    pub termios: Termios,
    /// What the terminal showed once the program had exited (the main screen when it left the
    /// alternate one).
    pub screen: String,
}

impl Session {
    /// `affex` with no arguments.
    pub(crate) fn start() -> Session {
        Session::launch(&[], &[])
    }

    /// `affex ARGS` with `env` added to a clean environment.
    pub(crate) fn launch(args: &[&OsStr], env: &[(&str, &str)]) -> Session {
        Session::launch_in(None, args, env)
    }

    /// [`Session::launch`] with `cwd` as the working directory, when given.
    pub(crate) fn launch_in(
        cwd: Option<&std::path::Path>,
        args: &[&OsStr],
        env: &[(&str, &str)],
    ) -> Session {
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
        cmd.args(args);
        if let Some(cwd) = cwd {
            cmd.cwd(cwd);
        }
        cmd.env("XDG_CONFIG_HOME", config.path());
        cmd.env("HOME", config.path());
        cmd.env_remove("AFFEX_CACHE_DIR");
        cmd.env_remove("XDG_CACHE_HOME");
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("NO_COLOR");
        cmd.env_remove("CLICOLOR");
        cmd.env_remove("CLICOLOR_FORCE");
        cmd.env_remove("RUST_BACKTRACE");
        cmd.env_remove("AFFEX_TEST_TRIGGER");
        for (key, value) in env {
            cmd.env(key, value);
        }
        let child = pair.slave.spawn_command(cmd).expect("affex starts");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("a reader");
        let writer = pair.master.take_writer().expect("a writer");
        let output = Arc::new(Mutex::new(Output {
            raw: Vec::new(),
            screen: vt100::Parser::new(ROWS, COLS, 0),
        }));
        let sink = Arc::clone(&output);
        // Reads until the child's side of the terminal is closed (EIO once it exits).
        let reader = thread::spawn(move || {
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
            master: pair.master,
            reader: Some(reader),
            _config: config,
        }
    }

    /// The program's process id, while it runs.
    pub(crate) fn pid(&self) -> Option<u32> {
        self.child.process_id()
    }

    pub(crate) fn screen(&self) -> String {
        self.output
            .lock()
            .map(|out| out.screen.screen().contents())
            .unwrap_or_default()
    }

    pub(crate) fn raw(&self) -> Vec<u8> {
        self.output
            .lock()
            .map(|out| out.raw.clone())
            .unwrap_or_default()
    }

    pub(crate) fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).expect("keys sent");
        self.writer.flush().expect("keys flushed");
    }

    /// Tells the program its window is now `cols` x `rows` (the pty's size, and SIGWINCH).
    pub(crate) fn resize(&self, cols: u16, rows: u16) {
        let size = PtySize {
            rows,
            cols,
            pixel_width: 0,
            pixel_height: 0,
        };
        self.master.resize(size).expect("the pty resized");
    }

    /// The terminal's modes now.
    pub(crate) fn termios(&self) -> Termios {
        self.master.get_termios().expect("the pty's termios")
    }

    /// Sends `signal` (`TERM`, `HUP`, …) to the program.
    pub(crate) fn signal(&self, signal: &str) {
        let pid = self.child.process_id().expect("a process id");
        let sent = std::process::Command::new("kill")
            .args([&format!("-{signal}"), &pid.to_string()])
            .status()
            .expect("kill runs");
        assert!(sent.success(), "kill -{signal} {pid}");
    }

    /// Waits until the screen satisfies `ok`, failing with the screen after the timeout.
    pub(crate) fn wait_for(&mut self, what: &str, ok: impl Fn(&str) -> bool) -> String {
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

    /// Waits for the program to exit and for its last bytes, then reads the terminal's modes.
    pub(crate) fn wait_end(&mut self) -> Ended {
        let deadline = Instant::now() + TIMEOUT;
        let status = loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                break status;
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("affex did not exit; the screen:\n{}", self.screen());
            }
            thread::sleep(Duration::from_millis(20));
        };
        if let Some(reader) = self.reader.take() {
            let deadline = Instant::now() + Duration::from_secs(5);
            while !reader.is_finished() && Instant::now() < deadline {
                thread::sleep(Duration::from_millis(10));
            }
            if reader.is_finished() {
                let _ = reader.join();
            }
        }
        Ended {
            status,
            raw: self.raw(),
            termios: self.termios(),
            screen: self.screen(),
        }
    }
}

pub(crate) fn find_last(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

pub(crate) fn count(hay: &[u8], needle: &[u8]) -> usize {
    hay.windows(needle.len()).filter(|w| *w == needle).count()
}

/// True while the terminal is in raw mode (no line editing, no echo).
fn is_raw(termios: &Termios) -> bool {
    !termios
        .local_flags
        .intersects(LocalFlags::ICANON | LocalFlags::ECHO)
}

/// Checks that the terminal was handed back: line editing and echo on again, the alternate
/// screen left after it was last entered, the cursor shown after it was last hidden, and mouse
/// capture turned off after it was last turned on. Returns where the alternate screen was left.
pub(crate) fn assert_restored(ended: &Ended) -> usize {
    let raw = &ended.raw;
    let flags = ended.termios.local_flags;
    assert!(
        flags.contains(LocalFlags::ICANON | LocalFlags::ECHO),
        "raw mode is off again: local flags {flags:?}"
    );
    let entered = find_last(raw, b"\x1b[?1049h").expect("the alternate screen was entered");
    let left = find_last(raw, b"\x1b[?1049l").expect("the alternate screen was left");
    assert!(left > entered, "the alternate screen was left last");
    let shown = find_last(raw, b"\x1b[?25h").expect("the cursor was shown");
    if let Some(hidden) = find_last(raw, b"\x1b[?25l") {
        assert!(shown > hidden, "the cursor is shown last");
    }
    assert!(
        shown > left,
        "the cursor is shown after leaving the alternate screen"
    );
    let mouse_on = find_last(raw, b"\x1b[?1000h").expect("mouse capture was on");
    let mouse_off = find_last(raw, b"\x1b[?1000l").expect("mouse capture was turned off");
    assert!(mouse_off > mouse_on, "mouse capture is off last");
    left
}

/// The text written after the alternate screen was left, with the restoring sequences removed.
fn after_restore(ended: &Ended) -> String {
    let left = assert_restored(ended);
    String::from_utf8_lossy(&ended.raw[left..])
        .replace("\x1b[?1049l", "")
        .replace("\x1b[?25h", "")
}

#[test]
fn search_mark_compare_and_quit_in_a_real_terminal() {
    let mut s = Session::start();
    s.wait_for("the first screen", |sc| {
        sc.contains("Programs") && sc.contains("6/6")
    });
    assert!(is_raw(&s.termios()), "raw mode is on while the app runs");

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

    // q closes the grid (the marks stay), and quits from the list.
    s.send("q");
    s.wait_for("the list again", |sc| {
        sc.contains("Programs") && sc.contains("2 marked")
    });
    s.send("q");
    let ended = s.wait_end();
    assert_eq!(
        ended.status.exit_code(),
        0,
        "exit status {:?}",
        ended.status
    );
    assert!(ended.status.success());
    let left = assert_restored(&ended);
    let raw = &ended.raw;
    let mouse_off = find_last(raw, b"\x1b[?1000l").expect("mouse capture was turned off");
    let tail_start = mouse_off.min(left);
    assert!(
        raw.len() - tail_start < 128,
        "the restoring sequences end the output: {:?}",
        String::from_utf8_lossy(&raw[tail_start.saturating_sub(32)..])
    );
}

/// How the program is expected to end on one exit path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    /// Exits with this code.
    Code(u32),
    /// Dies by this signal (as `strsignal` names it), re-raised once the terminal is restored.
    Signal(&'static str),
}

/// Runs the explorer, ends it with `end` once the first screen is up (or lets the test trigger
/// end it), and checks the terminal was restored and the exit status is `expect`.
fn exit_path(
    name: &str,
    trigger: Option<&str>,
    end: impl FnOnce(&mut Session),
    expect: Expect,
) -> Ended {
    let env: Vec<(&str, &str)> = trigger
        .map(|t| vec![("AFFEX_TEST_TRIGGER", t)])
        .unwrap_or_default();
    let mut s = Session::launch(&[], &env);
    let started = Instant::now();
    if trigger.is_none() {
        s.wait_for("the first screen", |sc| sc.contains("6/6"));
        assert!(
            is_raw(&s.termios()),
            "{name}: raw mode is on while the app runs"
        );
    }
    end(&mut s);
    let ended = s.wait_end();
    assert_restored(&ended);
    let status = &ended.status;
    match expect {
        Expect::Code(code) => {
            assert_eq!(status.signal(), None, "{name}: {status:?}");
            assert_eq!(status.exit_code(), code, "{name}: {status:?}");
        }
        Expect::Signal(signal) => {
            assert_eq!(status.signal(), Some(signal), "{name}: {status:?}");
        }
    }
    eprintln!(
        "exit path {name}: {status} after {:?}; raw mode off, alternate screen left, cursor \
         shown, mouse capture off",
        started.elapsed()
    );
    ended
}

/// A window of 65535x65535 once asked for 206 GB and aborted with the terminal raw: the
/// drawn area is capped, so the app keeps running and quits cleanly.
#[test]
fn a_window_of_65535_by_65535_is_drawn_capped_and_quits_cleanly() {
    exit_path(
        "huge window",
        None,
        |s| {
            s.resize(65535, 65535);
            thread::sleep(Duration::from_millis(500));
            s.send("q");
        },
        Expect::Code(0),
    );
}

#[test]
fn quit_with_q_restores_the_terminal_and_exits_0() {
    exit_path("q", None, |s| s.send("q"), Expect::Code(0));
}

#[test]
fn ctrl_c_restores_the_terminal_and_exits_0() {
    // In raw mode Ctrl-C is a key press, bound to quit everywhere (even in the search line).
    exit_path(
        "Ctrl-C in the search line",
        None,
        |s| {
            s.send("/");
            s.wait_for("the search line", |sc| sc.contains("done"));
            s.send("\x03");
        },
        Expect::Code(0),
    );
}

#[test]
fn an_error_restores_the_terminal_then_reports_it_and_exits_1() {
    let ended = exit_path("error", Some("error"), |_| {}, Expect::Code(1));
    let after = after_restore(&ended);
    assert!(
        after.contains("error: AFFEX_TEST_TRIGGER=error"),
        "the error is printed on the restored screen: {after:?}"
    );
}

#[test]
fn a_panic_restores_the_terminal_then_prints_its_message_and_exits_101() {
    let ended = exit_path("panic", Some("panic"), |_| {}, Expect::Code(101));
    let after = after_restore(&ended);
    assert!(
        after.contains("panicked") && after.contains("AFFEX_TEST_TRIGGER=panic"),
        "the panic message is printed on the restored screen: {after:?}"
    );
    assert!(
        !after.contains('\x1b'),
        "nothing but the message follows the restore: {after:?}"
    );
}

/// `abort()` (how a failed allocation ends) runs no Rust code after it; the SIGABRT handler
/// restores the terminal, and the process still dies by SIGABRT.
#[test]
fn an_abort_restores_the_terminal_and_dies_by_sigabrt() {
    let ended = exit_path("abort", Some("abort"), |_| {}, Expect::Signal("Aborted"));
    let said = b"affex: aborted (out of memory or an internal error); the terminal was restored";
    let tail = String::from_utf8_lossy(&ended.raw[ended.raw.len().saturating_sub(160)..]);
    let left = find_last(&ended.raw, b"\x1b[?1049l\x1b[?25h").expect("the screen was left");
    let told = find_last(&ended.raw, said).expect("the abort was explained");
    assert!(
        told > left,
        "the line comes after leaving the alternate screen: {tail:?}"
    );
    // Rust's own message went to the alternate screen and is gone; this one stays in sight.
    assert!(
        ended
            .screen
            .contains(std::str::from_utf8(said).expect("ASCII")),
        "the main screen shows why the explorer ended:\n{}",
        ended.screen
    );
}

#[test]
fn sigterm_restores_the_terminal_and_dies_by_sigterm() {
    exit_path(
        "SIGTERM",
        None,
        |s| s.signal("TERM"),
        Expect::Signal("Terminated"),
    );
}

#[test]
fn sighup_restores_the_terminal_and_dies_by_sighup() {
    exit_path(
        "SIGHUP",
        None,
        |s| s.signal("HUP"),
        Expect::Signal("Hangup"),
    );
}

#[test]
fn sigint_restores_the_terminal_and_dies_by_sigint() {
    exit_path(
        "SIGINT",
        None,
        |s| s.signal("INT"),
        Expect::Signal("Interrupt"),
    );
}

// ----- the app opens with the warning visible -----

#[test]
fn one_thousand_profiles_with_ten_corrupt_open_with_10_skipped_visible() {
    use affex::action::{Action, Command};
    use affex::app::{App, Overlay};
    use affex::keymap::Key;
    use affex::test_support::{buffer_text, dir_catalog};
    use affex::tui::step;
    use affex::ui::theme::Theme;

    let dir = tempfile::tempdir().expect("temp dir");
    let corrupt = crate::many::write_catalog_with_corrupt_files(dir.path());
    let loaded = dir_catalog(dir.path());
    let mut app = App::new(loaded, Theme::colored());
    step(
        &mut app,
        Action::Resize {
            width: 120,
            height: 40,
        },
    );
    let draw = |app: &App| buffer_text(&crate::support::draw(app));
    let first = draw(&app);
    let status = first.lines().last().unwrap_or_default();
    assert!(
        status.contains("10 profiles skipped: press w"),
        "the status line: {status:?}"
    );
    assert!(first.contains("990/990"), "990 programs listed: {first}");

    let w = app.keymap().action(app.mode(), Key::Char('w'));
    assert_eq!(w, Some(Action::Command(Command::ToggleWarnings)));
    step(&mut app, Action::Command(Command::ToggleWarnings));
    let scroll = |app: &App| match app.overlay() {
        Some(Overlay::Warnings { scroll }) => Some(scroll),
        _ => None,
    };
    let mut shown = draw(&app);
    let mut pages = 1;
    loop {
        let before = scroll(&app);
        assert!(before.is_some(), "the popup is open");
        step(&mut app, Action::Command(Command::PageDown));
        if scroll(&app) == before {
            break;
        }
        shown.push_str(&draw(&app));
        pages += 1;
        assert!(pages < 100, "the popup scrolls to an end");
    }
    assert!(shown.contains("Skipped profiles"), "{shown}");
    assert!(shown.contains("10 profiles skipped"), "{shown}");
    for path in &corrupt {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        assert!(shown.contains(name), "the popup lists {name}");
    }
    eprintln!(
        "1000 profiles, 10 corrupt: status line {:?}; the popup lists {} of 10 files in {pages} \
         pages",
        status.trim(),
        corrupt.len()
    );

    // The real binary, on the same directory: the first screen says so.
    let mut s = Session::launch(&[OsStr::new("--profiles"), dir.path().as_os_str()], &[]);
    let screen = s.wait_for("the first screen with the warning", |sc| {
        sc.contains("10 profiles skipped")
    });
    assert!(
        screen.contains("996/996"),
        "990 loaded plus the 6 bundled: {screen}"
    );
    s.send("w");
    s.wait_for("the popup", |sc| {
        sc.contains("Skipped profiles") && sc.contains("p0099.toml")
    });
    s.send("q");
    s.send("q");
    let ended = s.wait_end();
    assert_restored(&ended);
    assert!(ended.status.success(), "{:?}", ended.status);
}

// ----- suspend, every ending signal, paste -----

/// The process state letter from /proc (`T` when stopped), if there is one.
fn process_state(s: &Session) -> Option<char> {
    let pid = s.child.process_id()?;
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    stat.rsplit_once(") ")?.1.chars().next()
}

/// Waits until `ok` holds, or fails naming `what`.
fn wait_until(what: &str, ok: impl Fn() -> bool) {
    let deadline = Instant::now() + TIMEOUT;
    while !ok() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn ctrl_z_and_sigtstp_hand_the_terminal_back_and_sigcont_redraws() {
    let mut s = Session::start();
    s.wait_for("the first screen", |sc| sc.contains("6/6"));
    let mut rounds = 0;
    // Both ways in, twice each, with the screen changed in between so a redraw shows.
    for (how, query) in [
        ("Ctrl-Z", "ali"),
        ("SIGTSTP", "temu"),
        ("Ctrl-Z", "dh"),
        ("SIGTSTP", ""),
    ] {
        let entered_before = count(&s.raw(), b"\x1b[?1049h");
        if how == "Ctrl-Z" {
            s.send("\x1a");
        } else {
            s.signal("TSTP");
        }
        wait_until(&format!("{how} to stop affex"), || {
            process_state(&s) == Some('T')
        });
        assert!(
            !is_raw(&s.termios()),
            "{how}: raw mode is off while stopped"
        );
        // The bytes written before the stop may still be on their way through the pty's
        // reader thread: wait for them rather than race them.
        wait_until(&format!("{how}: the leaving sequences to arrive"), || {
            let raw = s.raw();
            match (
                find_last(&raw, b"\x1b[?1049l"),
                find_last(&raw, b"\x1b[?1049h"),
                find_last(&raw, b"\x1b[?1000l"),
                find_last(&raw, b"\x1b[?1000h"),
            ) {
                (Some(left), Some(entered), Some(off), Some(on)) => left > entered && off > on,
                _ => false,
            }
        });
        let raw = s.raw();
        let left = find_last(&raw, b"\x1b[?1049l").expect("the alternate screen was left");
        let entered = find_last(&raw, b"\x1b[?1049h").expect("entered");
        assert!(
            left > entered,
            "{how}: the alternate screen is left while stopped"
        );
        let mouse_off = find_last(&raw, b"\x1b[?1000l").expect("mouse off");
        assert!(mouse_off > find_last(&raw, b"\x1b[?1000h").expect("mouse on"));
        s.signal("CONT");
        wait_until(&format!("{how}: the alternate screen again"), || {
            count(&s.raw(), b"\x1b[?1049h") > entered_before
        });
        s.wait_for("the redrawn screen", |sc| {
            sc.contains("Programs") && sc.contains("/6")
        });
        assert!(is_raw(&s.termios()), "{how}: raw mode is on again");
        // The app still takes keys: a search, then back to the list.
        s.send("/");
        s.wait_for("the search line", |sc| sc.contains("done"));
        s.send(query);
        s.send("\x1b");
        s.wait_for("the list", |sc| sc.contains("Space mark"));
        rounds += 1;
    }
    s.send("q");
    let ended = s.wait_end();
    assert_restored(&ended);
    assert_eq!(ended.status.exit_code(), 0);
    eprintln!(
        "suspend: {rounds} rounds of Ctrl-Z or SIGTSTP then SIGCONT: terminal handed back while stopped, redrawn after"
    );
}

/// The explorer over the bundled profiles on its "loading" screen, the load held back (a test
/// hook) while `hold` exists.
fn held_on_the_loading_screen(hold: &std::path::Path) -> Session {
    std::fs::write(hold, "").expect("the hold file");
    let hold = hold.to_string_lossy().into_owned();
    let mut s = Session::launch(&[], &[("AFFEX_TEST_HOLD_LOAD", &hold)]);
    s.wait_for("the loading screen", |sc| sc.contains("Loading profiles"));
    s
}

/// Ctrl-Z and SIGTSTP on the "loading" screen: the loader is held back (a test hook) so the
/// screen stays up; each stops the explorer with the terminal handed back, and SIGCONT takes it
/// again and redraws the frame. Once loading is let go, the list comes up and `q` quits.
#[test]
fn ctrl_z_and_sigtstp_on_the_loading_screen_suspend_too() {
    let hold = tempfile::tempdir().expect("temp dir");
    let hold_file = hold.path().join("hold");
    let mut s = held_on_the_loading_screen(&hold_file);
    for how in ["Ctrl-Z", "SIGTSTP", "Ctrl-Z"] {
        let entered_before = count(&s.raw(), b"\x1b[?1049h");
        if how == "Ctrl-Z" {
            s.send("\x1a");
        } else {
            s.signal("TSTP");
        }
        wait_until(&format!("{how} to stop affex while loading"), || {
            process_state(&s) == Some('T')
        });
        assert!(
            !is_raw(&s.termios()),
            "{how}: raw mode is off while stopped"
        );
        wait_until(&format!("{how}: the alternate screen left"), || {
            let raw = s.raw();
            find_last(&raw, b"\x1b[?1049l") > find_last(&raw, b"\x1b[?1049h")
        });
        s.signal("CONT");
        wait_until(&format!("{how}: the alternate screen again"), || {
            count(&s.raw(), b"\x1b[?1049h") > entered_before
        });
        s.wait_for("the loading screen redrawn", |sc| {
            sc.contains("Loading profiles")
        });
        assert!(is_raw(&s.termios()), "{how}: raw mode is on again");
    }
    std::fs::remove_file(&hold_file).expect("loading let go");
    s.wait_for("the list", |sc| sc.contains("6/6"));
    s.send("q");
    let ended = s.wait_end();
    assert_restored(&ended);
    assert_eq!(ended.status.exit_code(), 0);
    eprintln!("loading screen: Ctrl-Z, SIGTSTP, Ctrl-Z each stopped affex and SIGCONT redrew it");
}

/// Keys typed on the "loading" screen are kept and taken once the list is in, in order: a
/// search typed during a cold start is answered then. After `/`, `q` is text, not quit; Ctrl-C
/// still quits.
#[test]
fn keys_typed_while_loading_are_taken_once_the_list_is_in() {
    let hold = tempfile::tempdir().expect("temp dir");
    let hold_file = hold.path().join("hold");
    let mut s = held_on_the_loading_screen(&hold_file);
    s.send("/tq\x7femu");
    // The list's quit key is text now: the screen names the one that still quits.
    s.wait_for("the other quit key", |sc| sc.contains("Ctrl-C quits"));
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert!(
        s.screen().contains("Loading profiles"),
        "still loading, q typed after / did not quit:\n{}",
        s.screen()
    );
    std::fs::remove_file(&hold_file).expect("loading let go");
    let screen = s.wait_for("the search typed while loading", |sc| sc.contains("1/6"));
    assert!(
        screen.contains("temu") && screen.contains("Temu") && !screen.contains("AliExpress"),
        "{screen}"
    );
    s.send("\x1bq");
    let ended = s.wait_end();
    assert_restored(&ended);
    assert_eq!(ended.status.exit_code(), 0);

    // Ctrl-C quits the loading screen even after something was typed.
    let mut s = held_on_the_loading_screen(&hold_file);
    s.send("/te\x03");
    let ended = s.wait_end();
    assert_restored(&ended);
    assert_eq!(ended.status.exit_code(), 0);
}

#[test]
fn every_ending_signal_restores_the_terminal() {
    let signals = [
        ("USR1", "User defined signal 1"),
        ("USR2", "User defined signal 2"),
        ("ALRM", "Alarm clock"),
        ("XCPU", "CPU time limit exceeded"),
        ("VTALRM", "Virtual timer expired"),
        ("PROF", "Profiling timer expired"),
    ];
    for (signal, name) in signals {
        exit_path(
            &format!("SIG{signal}"),
            None,
            |s| s.signal(signal),
            Expect::Signal(name),
        );
    }
    eprintln!(
        "{} more ending signals: each restored the terminal",
        signals.len()
    );
}

#[test]
fn a_64_kib_paste_arrives_whole_capped_and_q_still_quits() {
    let mut s = Session::start();
    s.wait_for("the first screen", |sc| sc.contains("6/6"));
    s.send("/");
    s.wait_for("the search line", |sc| sc.contains("done"));
    // Generated text: words, line breaks and tabs, 64 KiB.
    let words = [
        "drop",
        "ship",
        "temu",
        "\n",
        "ali",
        "\t",
        "express",
        "速卖通",
    ];
    let mut paste = String::from("pasted ");
    let mut i = 0usize;
    while paste.len() < 64 * 1024 {
        paste.push_str(words[(i * 7 + i / 3) % words.len()]);
        paste.push(' ');
        i += 1;
    }
    let started = Instant::now();
    s.send(&format!("\x1b[200~{paste}\x1b[201~"));
    let screen = s.wait_for("the capped paste", |sc| sc.contains("paste was cut"));
    // The paste was searched as one query: no program holds every pasted word, so the list
    // falls back to the programs that match the most of them, and says so.
    assert!(screen.contains("partial matches"), "{screen}");
    s.send("\x1b");
    s.wait_for("the list", |sc| sc.contains("Space mark"));
    s.send("q");
    let ended = s.wait_end();
    assert_restored(&ended);
    assert_eq!(ended.status.exit_code(), 0);
    eprintln!(
        "paste: {} bytes arrived as one paste, kept {} characters, quit {:?} after the paste was sent",
        paste.len(),
        affex::app::PASTE_LIMIT,
        started.elapsed()
    );
}

#[test]
fn q_in_the_help_closes_it_keeping_the_marks_and_q_in_the_list_quits() {
    let mut s = Session::start();
    s.wait_for("the first screen", |sc| sc.contains("6/6"));
    s.send(" ");
    s.wait_for("one mark", |sc| sc.contains("1 marked"));
    s.send("?");
    s.wait_for("the help", |sc| sc.contains("┏ Keys"));
    s.send("q");
    let back = s.wait_for("the help to close", |sc| {
        !sc.contains("┏ Keys") && sc.contains("Programs")
    });
    assert!(back.contains("1 marked"), "the mark is kept: {back}");
    assert!(process_state(&s).is_some(), "affex still runs");
    s.send("q");
    let ended = s.wait_end();
    assert_restored(&ended);
    assert_eq!(ended.status.exit_code(), 0);
}

#[test]
fn ctrl_z_then_sigcont_redraws_the_grid_and_the_detail_pane() {
    let mut s = Session::start();
    s.wait_for("the first screen", |sc| sc.contains("6/6"));
    for (open, shows, close) in [("c", "Compare ·", "c"), ("\r", "Key terms", "\x1b")] {
        s.send(open);
        s.wait_for(shows, |sc| sc.contains(shows));
        let entered_before = count(&s.raw(), b"\x1b[?1049h");
        s.send("\x1a");
        wait_until(&format!("Ctrl-Z over {shows} to stop affex"), || {
            process_state(&s) == Some('T')
        });
        s.signal("CONT");
        wait_until(&format!("{shows}: the alternate screen again"), || {
            count(&s.raw(), b"\x1b[?1049h") > entered_before
        });
        s.wait_for("the redrawn view", |sc| sc.contains(shows));
        assert!(is_raw(&s.termios()), "{shows}: raw mode is on again");
        s.send(close);
        s.wait_for("the list", |sc| sc.contains("Space mark"));
    }
    s.send("q");
    let ended = s.wait_end();
    assert_restored(&ended);
    assert_eq!(ended.status.exit_code(), 0);
}

/// Quitting as soon as the list shows used to end the process while the loader was still
/// writing the catalog cache, so only a temporary file was left and every later start loaded
/// cold: quitting now waits for the write (the terminal already restored).
#[test]
fn quitting_at_once_still_leaves_the_catalog_cache_written() {
    let profiles = tempfile::tempdir().expect("temp dir");
    for id in ["alder", "birch"] {
        std::fs::write(
            profiles.path().join(format!("{id}.toml")),
            format!("id = \"{id}\"\nname = \"{id} shop\"\n"),
        )
        .expect("write");
    }
    let cache = tempfile::tempdir().expect("temp dir");
    let hold = cache.path().join("hold");
    std::fs::write(&hold, "").expect("the hold file");
    let cache_dir = cache.path().join("affex");
    let mut s = Session::launch(
        &[OsStr::new("--profiles"), profiles.path().as_os_str()],
        &[
            (
                "AFFEX_CACHE_DIR",
                cache_dir.to_str().expect("a UTF-8 temp path"),
            ),
            (
                "AFFEX_TEST_HOLD_CACHE_WRITE",
                hold.to_str().expect("a UTF-8 temp path"),
            ),
        ],
    );
    s.wait_for("the list", |sc| sc.contains("8/8"));
    s.send("q");
    // The loader is held before its write: the process must still be there to do it.
    thread::sleep(Duration::from_millis(500));
    std::fs::remove_file(&hold).expect("release the write");
    let ended = s.wait_end();
    assert_restored(&ended);
    assert_eq!(ended.status.exit_code(), 0, "{:?}", ended.status);
    let written: Vec<String> = std::fs::read_dir(&cache_dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    assert!(
        written
            .iter()
            .any(|n| n.starts_with("catalog-") && n.ends_with(".bin")),
        "no cache written, the cache directory holds {written:?}"
    );
}
