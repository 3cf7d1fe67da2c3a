//! The terminal put back when the process aborts. A failed allocation (Rust's handler prints
//! "memory allocation of N bytes failed" and calls `abort()`), a double panic or any other
//! `abort()` raises SIGABRT, and the process dies as soon as that signal's handler returns: no
//! Rust code of ours runs after it, so the panic hook and the signal flags in [`super::session`]
//! cannot help, and the shell would be left raw, in the alternate screen, with mouse reporting.
//!
//! While the explorer owns the terminal, a SIGABRT handler does three async-signal-safe things
//! and nothing else: one `write` of a static byte string (bracketed paste and mouse capture off,
//! the alternate screen left, the cursor shown), one `tcsetattr` of the terminal modes saved
//! before raw mode was entered, and one `write` of a static line to stderr saying what happened:
//! Rust's own "memory allocation of N bytes failed" went to the alternate screen, which leaving
//! it wipes, so without that line the explorer would vanish without a word. No allocation, no lock: the saved modes and descriptors sit in a
//! `OnceLock` filled before the handler is armed, and reading it is an atomic load. Then the
//! abort goes on and the process dies by SIGABRT as it would have.
//!
//! Why a handler, the crate's one exception to safe code, and not a supervising parent process
//! that restores the terminal whenever the child dies: registering a signal handler is unsafe
//! in Rust only because the compiler cannot check that the handler is async-signal-safe, and
//! this one is a dozen lines that are. A parent process would also cover SIGKILL, but it has
//! to forward every signal, keep job control whole (Ctrl-Z must stop both, `fg` continue both)
//! and pass exit statuses through: far more code and more ways to go wrong, for a signal that
//! no program can catch anyway.

use std::io;
use std::os::fd::{AsFd, OwnedFd};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

use rustix::termios::{OptionalActions, Termios, tcgetattr, tcsetattr};

/// What [`super::session::restore`] writes, as one static string: bracketed paste off, mouse
/// capture off (every mode crossterm turns on), the alternate screen left, the cursor shown.
pub(super) const LEAVE: &[u8] =
    b"\x1b[?2004l\x1b[?1006l\x1b[?1015l\x1b[?1003l\x1b[?1002l\x1b[?1000l\x1b[?1049l\x1b[?25h";

/// The line written to stderr once the terminal is back, on the main screen the user sees.
pub(super) const ABORTED: &[u8] =
    b"affex: aborted (out of memory or an internal error); the terminal was restored\n";

/// The terminal as it was before raw mode, and where to write.
struct Saved {
    /// The controlling terminal, as crossterm changes its modes.
    tty: OwnedFd,
    /// Its modes before raw mode was first entered.
    modes: Termios,
    /// A duplicate of stdout, where the explorer draws.
    out: OwnedFd,
    /// A duplicate of stderr, for [`ABORTED`].
    err: OwnedFd,
}

static SAVED: OnceLock<Saved> = OnceLock::new();
/// True while the explorer owns the terminal; the handler does nothing otherwise (the shell's
/// own modes after a restore, or a suspend, are not ours to overwrite).
static ARMED: AtomicBool = AtomicBool::new(false);
/// Set once the handler is registered, so entering again (after a suspend) registers none more.
static REGISTERED: AtomicBool = AtomicBool::new(false);

/// Saves the terminal's modes (the first time) and arms the SIGABRT handler. Called just before
/// raw mode is entered; an error leaves the explorer working without this last resort.
pub(super) fn arm() -> io::Result<()> {
    if SAVED.get().is_none() {
        let tty = tty()?;
        let modes = tcgetattr(&tty)?;
        let out = io::stdout().as_fd().try_clone_to_owned()?;
        let err = io::stderr().as_fd().try_clone_to_owned()?;
        let _ = SAVED.set(Saved {
            tty,
            modes,
            out,
            err,
        });
    }
    if !REGISTERED.swap(true, Ordering::SeqCst) {
        register()?;
    }
    ARMED.store(true, Ordering::SeqCst);
    Ok(())
}

/// Disarms the handler: the terminal has been handed back.
pub(super) fn disarm() {
    ARMED.store(false, Ordering::SeqCst);
}

/// The terminal crossterm sets raw: stdin when it is one, `/dev/tty` otherwise.
fn tty() -> io::Result<OwnedFd> {
    let stdin = io::stdin();
    if rustix::termios::isatty(stdin.as_fd()) {
        return stdin.as_fd().try_clone_to_owned();
    }
    let file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/tty")?;
    Ok(OwnedFd::from(file))
}

/// Registers [`on_abort`] for SIGABRT.
#[allow(
    unsafe_code,
    reason = "a signal handler; on_abort only loads atomics, writes and calls tcsetattr, all \
              async-signal-safe"
)]
fn register() -> io::Result<()> {
    // SAFETY: `on_abort` allocates nothing, takes no lock and calls only `write` and
    // `tcsetattr` (async-signal-safe per POSIX) after atomic loads, on static bytes.
    unsafe { signal_hook::low_level::register(signal_hook::consts::SIGABRT, on_abort) }?;
    Ok(())
}

/// The handler: runs in signal context, so it does only async-signal-safe work.
fn on_abort() {
    if !ARMED.swap(false, Ordering::SeqCst) {
        return;
    }
    let Some(saved) = SAVED.get() else { return };
    write_all(&saved.out, LEAVE);
    let _ = tcsetattr(&saved.tty, OptionalActions::Now, &saved.modes);
    // After the modes, so the line break moves to the start of the next line again.
    write_all(&saved.err, ABORTED);
}

/// Writes static bytes with plain `write` calls, async-signal-safe: a terminal may take them in
/// pieces, so a few tries, never a loop without end.
fn write_all(fd: &OwnedFd, bytes: &'static [u8]) {
    let mut rest = bytes;
    for _ in 0..8 {
        match rustix::io::write(fd, rest) {
            Ok(n) if n < rest.len() => rest = &rest[n..],
            _ => break,
        }
    }
}
