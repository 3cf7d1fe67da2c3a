//! The event loop, and the only place that talks to the terminal: raw mode, the alternate
//! screen, mouse capture, and putting all of it back on every way out (quit, error, panic,
//! SIGTERM, SIGHUP, SIGINT).
//!
//! The loop reads an event, turns it into an [`Action`] through the keymap, hands it to
//! [`App::update`], polls the search worker, and redraws when something changed. It never
//! waits on a search: results arrive from the worker thread and are applied when they come.

use std::io::{self, IsTerminal, Stdout};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError, TryRecvError};
use std::thread;
use std::time::Duration;

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{
    self, DisableMouseCapture, EnableMouseCapture, Event, KeyCode, KeyEvent, KeyEventKind,
    KeyModifiers, MouseButton, MouseEventKind,
};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    Clear, ClearType, EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};

use crate::action::Action;
use crate::app::App;
use crate::catalog::{self, Catalog};
use crate::cli::{self, Cli};
use crate::keymap::Key;
use crate::ui;
use crate::ui::theme::Theme;

/// How long the loop waits for an event when nothing is pending; also how soon a signal is
/// noticed.
const IDLE_POLL: Duration = Duration::from_millis(100);
/// How long it waits while a search is running, so results show within a frame.
const BUSY_POLL: Duration = Duration::from_millis(8);
/// How long startup waits for the catalog before drawing a "loading" frame.
const LOAD_GRACE: Duration = Duration::from_millis(40);

/// Opens the explorer on the catalog the command line names, in colour when `colour` says so,
/// and restores the terminal however it ends.
pub fn run(cli: &Cli, colour: bool) -> io::Result<()> {
    if !io::stdout().is_terminal() {
        return Err(io::Error::other(
            "the explorer needs a terminal; for scripts use `affex list`, `show` or `compare`",
        ));
    }
    let theme = Theme::new(colour);
    let options = cli::load_options(cli);
    let (sender, loaded) = mpsc::channel();
    thread::Builder::new()
        .name("affex-load".into())
        .spawn(move || {
            let _ = sender.send(catalog::load(&options));
        })?;
    let signals = Signals::register()?;
    install_panic_hook();
    enter()?;
    let finished = Arc::new(AtomicBool::new(false));
    spawn_watchdog(Arc::clone(&signals.received), Arc::clone(&finished));
    let result = session(loaded, theme, &signals);
    finished.store(true, Ordering::SeqCst);
    let restored = restore();
    if let Some(signal) = signals.received() {
        // Leave the way the signal asked, now that the terminal is back to normal.
        let _ = signal_hook::low_level::emulate_default_handler(signal);
    }
    result.and(restored)
}

/// Raw mode, the alternate screen and mouse capture.
fn enter() -> io::Result<()> {
    enable_raw_mode()?;
    let entered = execute!(
        io::stdout(),
        EnterAlternateScreen,
        Clear(ClearType::All),
        EnableMouseCapture
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
    let mut out = io::stdout();
    let written = execute!(
        out,
        DisableMouseCapture,
        LeaveAlternateScreen,
        ratatui::crossterm::cursor::Show
    );
    let raw = disable_raw_mode();
    written.and(raw)
}

/// Restores the terminal before the default panic message prints, so the message is readable
/// and the shell is usable.
fn install_panic_hook() {
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
fn spawn_watchdog(received: Arc<AtomicUsize>, finished: Arc<AtomicBool>) {
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

/// The signals that end the explorer, noted by a flag the loop polls.
struct Signals {
    received: Arc<AtomicUsize>,
}

impl Signals {
    #[cfg(unix)]
    fn register() -> io::Result<Self> {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
        let received = Arc::new(AtomicUsize::new(0));
        for signal in [SIGTERM, SIGHUP, SIGINT, SIGQUIT] {
            let value = usize::try_from(signal).unwrap_or(0);
            signal_hook::flag::register_usize(signal, Arc::clone(&received), value)?;
        }
        Ok(Signals { received })
    }

    #[cfg(not(unix))]
    fn register() -> io::Result<Self> {
        Ok(Signals {
            received: Arc::new(AtomicUsize::new(0)),
        })
    }

    /// The signal that arrived, if one did.
    fn received(&self) -> Option<i32> {
        match self.received.load(Ordering::SeqCst) {
            0 => None,
            n => i32::try_from(n).ok(),
        }
    }
}

type Term = Terminal<CrosstermBackend<Stdout>>;

/// Everything between entering and restoring the terminal.
fn session(loaded: mpsc::Receiver<Catalog>, theme: Theme, signals: &Signals) -> io::Result<()> {
    // `Terminal::clear` would ask the terminal where its cursor is and wait for the answer;
    // the alternate screen was cleared on entry instead.
    let mut terminal = Terminal::new(CrosstermBackend::new(io::stdout()))?;
    let Some(catalog) = wait_for_catalog(&mut terminal, &loaded, &theme, signals)? else {
        return Ok(());
    };
    let mut app = App::with_worker(catalog, theme)?;
    let size = terminal.size()?;
    app.update(Action::Resize {
        width: size.width,
        height: size.height,
    });
    let mut dirty = true;
    #[cfg(feature = "test-hooks")]
    let mut first_frame = true;
    loop {
        if signals.received().is_some() {
            return Ok(());
        }
        while let Some(action) = app.poll_search() {
            app.update(action);
            dirty = true;
        }
        if dirty {
            terminal.draw(|frame| frame.render_widget(&app, frame.area()))?;
            dirty = false;
            #[cfg(feature = "test-hooks")]
            if std::mem::take(&mut first_frame) {
                fail_if_asked()?;
            }
        }
        if app.should_quit() {
            return Ok(());
        }
        let wait = if app.is_search_pending() {
            BUSY_POLL
        } else {
            IDLE_POLL
        };
        if !event::poll(wait)? {
            continue;
        }
        // Take every event that is waiting before drawing again, so a burst of keys (or a
        // resize storm) costs one frame.
        loop {
            for input in to_inputs(event::read()?) {
                // Look each key up only now: the one before it may have changed the mode.
                if let Some(action) = to_action(&app, input) {
                    app.update(action);
                    dirty = true;
                }
            }
            if app.should_quit() || !event::poll(Duration::ZERO)? {
                break;
            }
        }
    }
}

/// Test-only (feature `test-hooks`): the end-to-end tests set this to `panic` or `error` to fail
/// right after the first frame, so they can check the terminal is restored on those ways out too.
#[cfg(feature = "test-hooks")]
const TEST_TRIGGER: &str = "AFFEX_TEST_TRIGGER";

/// Fails the way [`TEST_TRIGGER`] asks, if it is set; does nothing otherwise.
#[cfg(feature = "test-hooks")]
#[allow(
    clippy::panic,
    reason = "the test-only trigger exists to panic on request"
)]
fn fail_if_asked() -> io::Result<()> {
    match std::env::var(TEST_TRIGGER).as_deref() {
        Ok("panic") => panic!("{TEST_TRIGGER}=panic: a panic after the first frame"),
        Ok("error") => Err(io::Error::other(format!(
            "{TEST_TRIGGER}=error: an error after the first frame"
        ))),
        _ => Ok(()),
    }
}

/// Waits for the loader thread, showing a "loading" frame if it takes more than a moment;
/// `None` when the user quits (or a signal arrives) first.
fn wait_for_catalog(
    terminal: &mut Term,
    loaded: &mpsc::Receiver<Catalog>,
    theme: &Theme,
    signals: &Signals,
) -> io::Result<Option<Catalog>> {
    match loaded.recv_timeout(LOAD_GRACE) {
        Ok(catalog) => return Ok(Some(catalog)),
        Err(RecvTimeoutError::Disconnected) => return Err(loader_died()),
        Err(RecvTimeoutError::Timeout) => {}
    }
    let mut dirty = true;
    loop {
        if signals.received().is_some() {
            return Ok(None);
        }
        match loaded.try_recv() {
            Ok(catalog) => return Ok(Some(catalog)),
            Err(TryRecvError::Disconnected) => return Err(loader_died()),
            Err(TryRecvError::Empty) => {}
        }
        if dirty {
            terminal.draw(|frame| {
                let area = frame.area();
                ui::draw_loading(frame.buffer_mut(), area, theme);
            })?;
            dirty = false;
        }
        if event::poll(Duration::from_millis(30))? {
            match event::read()? {
                event @ Event::Key(_) => {
                    let quit = to_inputs(event)
                        .into_iter()
                        .any(|input| matches!(input, Input::Key(Key::Char('q') | Key::Ctrl('c'))));
                    if quit {
                        return Ok(None);
                    }
                }
                Event::Resize(..) => dirty = true,
                _ => {}
            }
        }
    }
}

fn loader_died() -> io::Error {
    io::Error::other("loading the profiles failed unexpectedly")
}

/// One thing the user did, with keys already in the keymap's terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Input {
    Key(Key),
    Click { column: u16, row: u16 },
    Wheel { column: u16, row: u16, down: bool },
    Resize { width: u16, height: u16 },
}

/// The inputs an event stands for. A key with Alt held comes out as Esc and then the key:
/// terminals send Esc followed quickly by a key (a fast typist, a paste, a test driver) the
/// same way as Alt and that key, and affex binds nothing to Alt.
fn to_inputs(event: Event) -> Vec<Input> {
    match event {
        Event::Key(k) if k.kind == KeyEventKind::Press => {
            let alt = k.modifiers.contains(KeyModifiers::ALT);
            let plain = KeyEvent::new(k.code, k.modifiers - KeyModifiers::ALT);
            match (alt, to_key(plain)) {
                (true, Some(key)) => vec![Input::Key(Key::Esc), Input::Key(key)],
                (false, Some(key)) => vec![Input::Key(key)],
                (_, None) => Vec::new(),
            }
        }
        Event::Mouse(m) => match m.kind {
            MouseEventKind::Down(MouseButton::Left) => vec![Input::Click {
                column: m.column,
                row: m.row,
            }],
            MouseEventKind::ScrollDown | MouseEventKind::ScrollUp => vec![Input::Wheel {
                column: m.column,
                row: m.row,
                down: m.kind == MouseEventKind::ScrollDown,
            }],
            _ => Vec::new(),
        },
        Event::Resize(width, height) => vec![Input::Resize { width, height }],
        _ => Vec::new(),
    }
}

/// The action an input stands for in the app's current mode, if any.
fn to_action(app: &App, input: Input) -> Option<Action> {
    match input {
        Input::Key(key) => app.keymap().action(app.mode(), key),
        Input::Click { column, row } => Some(Action::Click { column, row }),
        Input::Wheel { column, row, down } => Some(Action::Wheel { column, row, down }),
        Input::Resize { width, height } => Some(Action::Resize { width, height }),
    }
}

/// The keymap's name for a key press; keys affex does not use are `None`.
fn to_key(k: KeyEvent) -> Option<Key> {
    let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
    Some(match k.code {
        KeyCode::Char(c) if ctrl => Key::Ctrl(c.to_ascii_lowercase()),
        KeyCode::Char(c) => Key::Char(c),
        KeyCode::Enter => Key::Enter,
        KeyCode::Esc => Key::Esc,
        KeyCode::Tab if k.modifiers.contains(KeyModifiers::SHIFT) => Key::BackTab,
        KeyCode::Tab => Key::Tab,
        KeyCode::BackTab => Key::BackTab,
        KeyCode::Backspace => Key::Backspace,
        KeyCode::Up => Key::Up,
        KeyCode::Down => Key::Down,
        KeyCode::Left => Key::Left,
        KeyCode::Right => Key::Right,
        KeyCode::Home => Key::Home,
        KeyCode::End => Key::End,
        KeyCode::PageUp => Key::PageUp,
        KeyCode::PageDown => Key::PageDown,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_translate() {
        let press = |code, modifiers| KeyEvent::new(code, modifiers);
        assert_eq!(
            to_key(press(KeyCode::Char('u'), KeyModifiers::CONTROL)),
            Some(Key::Ctrl('u'))
        );
        assert_eq!(
            to_key(press(KeyCode::Char('G'), KeyModifiers::SHIFT)),
            Some(Key::Char('G'))
        );
        assert_eq!(
            to_key(press(KeyCode::Tab, KeyModifiers::SHIFT)),
            Some(Key::BackTab)
        );
        let alt_x = Event::Key(press(KeyCode::Char('x'), KeyModifiers::ALT));
        assert_eq!(
            to_inputs(alt_x),
            vec![Input::Key(Key::Esc), Input::Key(Key::Char('x'))]
        );
    }
}
