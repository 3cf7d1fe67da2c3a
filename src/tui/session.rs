//! The terminal session: raw mode, the alternate screen, mouse capture and bracketed paste on
//! the way in, and all of it put back on every way out (quit, error, panic, every signal in
//! [`ENDING_SIGNALS`]), with a watchdog for a terminal that hung up. Ctrl-Z and SIGTSTP
//! [`suspend`] the explorer: the terminal is handed back while it is stopped and taken again on
//! SIGCONT.

use std::io::{self, IsTerminal};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::thread;
use std::time::Duration;

use ratatui::crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    Clear, ClearType, EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};

/// Raw mode, the alternate screen and mouse capture.
pub(super) fn enter() -> io::Result<()> {
    // Before raw mode, so the modes it saves are the shell's. Without it the explorer still
    // works; only an abort would leave the terminal raw.
    #[cfg(unix)]
    let _ = super::abort_restore::arm();
    enable_raw_mode()?;
    let entered = execute!(
        io::stdout(),
        EnterAlternateScreen,
        Clear(ClearType::All),
        EnableMouseCapture,
        EnableBracketedPaste
    );
    if entered.is_err() {
        let _ = restore();
    }
    entered
}

/// Puts the terminal back: mouse capture off, the main screen back, the cursor shown, raw mode
/// off. Safe to call more than once and from the panic hook; every step is tried even when
/// one fails (a hung-up terminal fails them all).
pub fn restore() -> io::Result<()> {
    #[cfg(unix)]
    super::abort_restore::disarm();
    let mut out = io::stdout();
    let written = execute!(
        out,
        DisableBracketedPaste,
        DisableMouseCapture,
        LeaveAlternateScreen,
        ratatui::crossterm::cursor::Show
    );
    let raw = disable_raw_mode();
    written.and(raw)
}

/// Restores the terminal before the default panic message prints, so the message is readable
/// and the shell is usable.
pub(super) fn install_panic_hook() {
    static INSTALLED: AtomicBool = AtomicBool::new(false);
    if INSTALLED.swap(true, Ordering::SeqCst) {
        return;
    }
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = restore();
        previous(info);
    }));
}

/// How long the event loop gets to wind down on its own after a signal or a hang-up before
/// the watchdog restores the terminal and ends the process itself.
const WATCHDOG_GRACE: Duration = Duration::from_millis(500);

/// Ends the process when the event loop cannot. Once the terminal hangs up, crossterm's reader
/// loops forever on the dead descriptor, so the loop never gets back to look at the signal
/// flag; and a hang-up does not always come with a SIGHUP. The watchdog notices either
/// (the flag, or stdout no longer being a terminal), gives the loop a moment, then restores
/// what it can and exits the way the signal asked.
pub(super) fn spawn_watchdog(received: Arc<AtomicUsize>, finished: Arc<AtomicBool>) {
    let watch = move || {
        let mut since: Option<std::time::Instant> = None;
        loop {
            thread::sleep(Duration::from_millis(100));
            if finished.load(Ordering::SeqCst) {
                return;
            }
            let signal = i32::try_from(received.load(Ordering::SeqCst)).unwrap_or(0);
            if signal == 0 && io::stdout().is_terminal() {
                since = None;
                continue;
            }
            let start = *since.get_or_insert_with(std::time::Instant::now);
            if start.elapsed() < WATCHDOG_GRACE || finished.load(Ordering::SeqCst) {
                continue;
            }
            let _ = restore();
            #[cfg(unix)]
            let hang_up = signal_hook::consts::SIGHUP;
            #[cfg(not(unix))]
            let hang_up = 1;
            let signal = if signal == 0 { hang_up } else { signal };
            let _ = signal_hook::low_level::emulate_default_handler(signal);
            std::process::exit(128 + signal);
        }
    };
    // Without the watchdog the explorer still works; it only loses this last resort.
    let _ = thread::Builder::new()
        .name("affex-watchdog".into())
        .spawn(watch);
}

/// Every catchable signal whose default action ends the process: each is noted by a flag the
/// loop polls, the terminal is restored, and the process then dies by that signal as it would
/// have. The one list, so a handler added elsewhere (an abort handler) knows what is covered.
/// SIGABRT is not here: `abort()` kills the process as soon as a handler returns, so waiting
/// for the loop cannot work for it; [`super::abort_restore`] restores the terminal from its
/// handler instead.
#[cfg(unix)]
pub const ENDING_SIGNALS: [i32; 10] = {
    use signal_hook::consts::*;
    [
        SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM, SIGXCPU, SIGVTALRM, SIGPROF,
    ]
};

/// The signals noted by flags the loop polls: those that end the explorer, and SIGTSTP.
pub(super) struct Signals {
    pub(super) received: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
}

impl Signals {
    #[cfg(unix)]
    pub(super) fn register() -> io::Result<Self> {
        let received = Arc::new(AtomicUsize::new(0));
        for signal in ENDING_SIGNALS {
            let value = usize::try_from(signal).unwrap_or(0);
            signal_hook::flag::register_usize(signal, Arc::clone(&received), value)?;
        }
        // Caught rather than left to stop the process at once, so the terminal is handed back
        // first (see [`suspend`]).
        let stop = Arc::new(AtomicBool::new(false));
        signal_hook::flag::register(signal_hook::consts::SIGTSTP, Arc::clone(&stop))?;
        Ok(Signals { received, stop })
    }

    #[cfg(not(unix))]
    pub(super) fn register() -> io::Result<Self> {
        Ok(Signals {
            received: Arc::new(AtomicUsize::new(0)),
            stop: Arc::new(AtomicBool::new(false)),
        })
    }

    /// True once for each SIGTSTP that arrived.
    pub(super) fn take_stop(&self) -> bool {
        self.stop.swap(false, Ordering::SeqCst)
    }

    /// The signal that arrived, if one did.
    pub(super) fn received(&self) -> Option<i32> {
        match self.received.load(Ordering::SeqCst) {
            0 => None,
            n => i32::try_from(n).ok(),
        }
    }
}

/// Stops the process the way Ctrl-Z does in a shell, with the terminal handed back while it is
/// stopped: raw mode, the alternate screen, mouse capture and bracketed paste are left, the
/// process stops (SIGSTOP, which cannot be caught), and on SIGCONT all of it is entered again.
/// The caller redraws the whole screen after this returns: the shell drew over it meanwhile.
pub(super) fn suspend() -> io::Result<()> {
    restore()?;
    #[cfg(unix)]
    signal_hook::low_level::raise(signal_hook::consts::SIGSTOP)?;
    enter()
}
