//! The event loop: read an event, turn it into an [`Action`] through the keymap, hand it to
//! [`App::update`], measure the new state and hand that back, poll the search worker, and
//! redraw when something changed. It never waits on a search: results arrive from the worker
//! thread and are applied when they come. The terminal itself is [`session`]'s; turning events
//! into actions is [`input`]'s.

#[cfg(unix)]
mod abort_restore;
mod capped;
mod cold_start;
mod drain;
mod frame_out;
mod inbox;
mod input;
mod reloads;
mod session;
mod watch;

use std::io::{self, IsTerminal, Stdout};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError, TryRecvError};
use std::thread;
use std::time::{Duration, Instant};

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::Event;

pub use drain::Drain;
pub use input::Input;
pub use session::restore;

use crate::action::{Action, Command};
use crate::app::App;
use crate::catalog::{self, Catalog};
use crate::history::QueryHistory;
use crate::keymap::{Key, Mode};
use crate::settings::Settings;
use crate::settings::about_me;
use crate::ui;
use capped::CappedBackend;
use frame_out::FrameOut;
use inbox::{Inbox, Wake};
use input::to_inputs;
use reloads::Reloads;
use session::Signals;

/// The longest the loop sleeps: how soon a signal is noticed. Terminal events and background
/// results (a search, a load, a reload, a watched file's change) wake it at once.
const IDLE_POLL: Duration = Duration::from_millis(100);
/// How long startup waits for the catalog before drawing a "loading" frame.
const LOAD_GRACE: Duration = Duration::from_millis(40);
/// How soon the loading screen notices a signal.
const LOADING_POLL: Duration = Duration::from_millis(30);
/// How long the loop looks for more input before it draws, when the input thread said more
/// was waiting behind the last event: it hands on the events of one read one at a time, so a
/// paste or a held key's queue may still be on its way. After an event nothing followed (a
/// typed key) the loop draws at once.
const MORE_INPUT: Duration = Duration::from_millis(1);
/// The longest the loop applies waiting input before it draws: a held key or a paste storm
/// arrives faster than a slow step (30,000 warnings) handles it, and the screen must still
/// follow within a frame or two.
const FRAME_BUDGET: Duration = Duration::from_millis(16);
/// How long the frame after a key waits for the search that key started: a search that
/// answers within it is drawn with the key in one frame, instead of a frame with the key and
/// the old results ("searching…") drawn while the search runs, which took a core from it on
/// a two-core machine. Under a frame, so the key still shows at once to the eye.
const SEARCH_GRACE: Duration = Duration::from_millis(16);

/// Applies `action` the way the loop does: [`App::update`], then the screen measured for the
/// new state handed back as [`Action::Measured`]. Tests drive the app through this too.
pub fn step(app: &mut App, action: Action) {
    app.update(action);
    let viewport = ui::measure::viewport(app, app.viewport());
    app.update(Action::Measured(Box::new(viewport)));
}

/// Opens the explorer on the catalog `settings` names, and restores the terminal however it
/// ends.
pub fn run(settings: &Settings) -> io::Result<()> {
    if !io::stdout().is_terminal() {
        return Err(io::Error::other(
            "the explorer needs a terminal; for scripts use `affex list`, `show` or `compare`",
        ));
    }
    // What a crashed save left behind (the query history is written through the store) goes
    // before anything is read; a file another running affex is still writing is locked and kept.
    if let Some(dir) = crate::settings::paths::data_dir() {
        let _ = crate::store::clean_leftovers(&dir);
    }
    // The same for the config directory, where the about-me form saves.
    if let Some(dir) = crate::settings::paths::config_dir() {
        let _ = crate::store::clean_leftovers(&dir);
    }
    let options = settings.load.clone();
    let cache_dir = settings.cache_dir.clone();
    let (sender, loaded) = mpsc::channel();
    let inbox = Inbox::new();
    let waker = inbox.waker();
    // Set before the catalog is handed over when the loader will then write the cache: quitting
    // waits for that write (see `finish_cache_write`).
    let cache_saving = Arc::new(AtomicBool::new(false));
    let saving = Arc::clone(&cache_saving);
    // Sent (or dropped) once the watcher runs; the start's check of the cache waits for it.
    let (watching, watcher_started) = mpsc::channel::<()>();
    // A message says the catalog shown from the cache was stale: the loop reloads.
    let (stale_sender, start_stale) = mpsc::channel::<()>();
    // The index of the cache shown, read once the list is on screen.
    let (index_sender, start_index) = mpsc::channel::<Arc<crate::search::SearchIndex>>();
    // A slow cold start's progress and every program, once its first programs show.
    let (rest_sender, start_rest) = mpsc::channel::<cold_start::StartRest>();
    let loader = thread::Builder::new()
        .name("affex-load".into())
        .spawn(move || {
            #[cfg(feature = "test-hooks")]
            hold_load_if_asked();
            // Stale while revalidate: a cache is shown before the sources' fingerprint is
            // taken (it stats every profile file), then checked here; a stale one reloads
            // through the path a watched change takes, which writes the cache again.
            if let Some(shown) = catalog::cache::open_unverified(&options, cache_dir.as_deref()) {
                // The list first, from the ids and the stored order; the index (most of what
                // a warm start reads) after, while the first frame is drawn.
                let _ = sender.send(Loaded::Listed(Arc::new(shown.catalog), shown.by_name));
                waker.wake();
                #[cfg(feature = "test-hooks")]
                hold_while_file_named_by(TEST_HOLD_INDEX);
                if shown
                    .index
                    .read()
                    .map(|index| index_sender.send(Arc::new(index)))
                    .is_err()
                {
                    // A damaged index: the files are read again, as for a stale cache, and
                    // the cache written anew.
                    let _ = stale_sender.send(());
                    waker.wake();
                    return;
                }
                waker.wake();
                // Why no change is missed: the fingerprint is taken only once the watcher
                // runs. A file changed before the fingerprint reads it makes the key differ
                // (a reload); one changed after the watcher started is the watcher's (a
                // reload). The watcher starts before the fingerprint, so every moment is one
                // or the other. (A source that cannot be watched is checked once, as before.)
                let _ = watcher_started.recv();
                #[cfg(feature = "test-hooks")]
                hold_while_file_named_by(TEST_HOLD_CHECK);
                if !shown.check.is_fresh(&options) {
                    let _ = stale_sender.send(());
                    waker.wake();
                }
                return;
            }
            let out = cold_start::Outbox {
                loaded: &sender,
                rest: rest_sender,
                waker: &waker,
                saving: &saving,
            };
            cold_start::load(&options, cache_dir.as_deref(), out);
        })?;
    let signals = Signals::register()?;
    session::install_panic_hook();
    session::enter()?;
    // Read only once in raw mode: in the shell's mode the terminal hands over whole lines.
    if let Err(e) = inbox.read_terminal() {
        let _ = restore();
        return Err(e);
    }
    let finished = Arc::new(AtomicBool::new(false));
    session::spawn_watchdog(Arc::clone(&signals.received), Arc::clone(&finished));
    let validate = crate::cli::validate_command(&settings.load);
    let watch = watch::watch(&settings.load, inbox.waker());
    let _ = watching.send(());
    let mut reloads = Reloads::new(settings.load.clone(), watch, inbox.waker());
    reloads.set_cache_dir(settings.cache_dir.clone());
    reloads.reload_if_start_stale(start_stale);
    reloads.index_after_start(start_index);
    reloads.rest_after_start(start_rest);
    let result = event_loop(&inbox, loaded, settings, validate, &signals, &mut reloads);
    finished.store(true, Ordering::SeqCst);
    let restored = restore();
    let result = result.map(|warning| {
        if let Some(warning) = warning {
            crate::cli::eprint_line(&format!(
                "affex: warning: {}",
                crate::sanitize::sanitize_line(&warning)
            ));
        }
    });
    if let Some(signal) = signals.received() {
        // Leave the way the signal asked, now that the terminal is back to normal.
        let _ = signal_hook::low_level::emulate_default_handler(signal);
    }
    let loader_writing = cache_saving.load(Ordering::SeqCst).then_some(&loader);
    finish_cache_writes(loader_writing.into_iter().chain(reloads.writing()));
    result.and(restored)
}

/// The longest a quit waits, terminal already restored, for the cache writes to finish.
const CACHE_WRITE_GRACE: Duration = Duration::from_secs(10);

/// Lets the threads writing the catalog cache (the loader's, a reload's) finish before the
/// process ends: a user who opens a large catalog and quits at once (the write takes a second
/// or more at 100,000 programs) would otherwise leave only a temporary file, and every start
/// after would load cold.
fn finish_cache_writes<'a>(writers: impl Iterator<Item = &'a thread::JoinHandle<()>>) {
    let deadline = Instant::now() + CACHE_WRITE_GRACE;
    for writer in writers {
        while !writer.is_finished() && Instant::now() < deadline {
            thread::sleep(Duration::from_millis(10));
        }
    }
}

/// What the loader thread hands the loop first.
enum Loaded {
    /// The catalog and, when the cache held it or the loader built it for the cache, its
    /// search index (`None`: the app builds it); with how far the load has got when these are
    /// only the programs read first (the rest follows through [`Reloads::rest_after_start`]).
    Indexed(
        Arc<Catalog>,
        Option<Arc<crate::search::SearchIndex>>,
        Option<catalog::LoadCount>,
    ),
    /// A cache's catalog and every program's position in the order by name: the list shows
    /// while the loader reads the index, which follows through [`Reloads::index_after_start`].
    Listed(Arc<Catalog>, Vec<u32>),
}

type CrosstermTerminal = Terminal<CappedBackend<CrosstermBackend<FrameOut<Stdout>>>>;

/// Everything between entering and restoring the terminal.
/// Returns a warning to print once the terminal is restored, if there is one.
fn event_loop(
    inbox: &Inbox,
    loaded: mpsc::Receiver<Loaded>,
    settings: &Settings,
    validate_command: String,
    signals: &Signals,
    reloads: &mut Reloads,
) -> io::Result<Option<String>> {
    // `Terminal::clear` would ask the terminal where its cursor is and wait for the answer;
    // the alternate screen was cleared on entry instead.
    let mut terminal = Terminal::new(CappedBackend(CrosstermBackend::new(FrameOut::new(
        io::stdout(),
    ))))?;
    let theme = settings.theme;
    let mut typed = Vec::new();
    let Some(loaded) =
        wait_for_catalog(&mut terminal, inbox, &loaded, settings, signals, &mut typed)?
    else {
        return Ok(None);
    };
    let mut app = match loaded {
        Loaded::Indexed(catalog, index, loading) => {
            let mut app = App::with_worker(catalog, index, theme, inbox.waker())?;
            if let Some(count) = loading {
                app.update(Action::LoadProgress(count));
            }
            app
        }
        Loaded::Listed(catalog, by_name) => {
            App::listed_with_worker(catalog, &by_name, theme, inbox.waker())
        }
    };
    app.set_validate_command(validate_command);
    app.set_keymap(settings.keymap.clone());
    app.set_config_problems(settings.config_problems.clone());
    app.set_sources(reloads.sources().to_vec());
    let history_path = QueryHistory::default_path();
    if let Some(path) = &history_path {
        app.set_history(QueryHistory::load(path));
    }
    app.set_export_dir(std::path::PathBuf::from("."));
    if let Some(path) = crate::shortlist::ShortlistFile::default_path() {
        app.set_shortlists(crate::shortlist::ShortlistFile::load(&path));
    }
    let me_path = about_me::default_path();
    let loaded = me_path.as_deref().map(about_me::read).unwrap_or_default();
    let problem = loaded.problems.first().map(|p| format!("{p} (left unset)"));
    app.set_about_me(loaded.me, me_path, problem);
    let result = drive(&mut terminal, inbox, &mut app, typed, signals, reloads);
    // The query on screen when the explorer closes counts as used.
    let mut history = app.history().clone();
    history.record(app.query());
    let mut warning = None;
    if let Some(path) = &history_path
        && history.is_changed()
        && let Err(e) = history.save(path)
    {
        // The terminal is still in the alternate screen: said once it is restored.
        warning = Some(format!("the search history was not saved: {e}"));
    }
    result.map(|()| warning)
}

/// Draws and reads keys until the user quits or a signal arrives.
fn drive(
    terminal: &mut CrosstermTerminal,
    inbox: &Inbox,
    app: &mut App,
    typed: Vec<Input>,
    signals: &Signals,
    reloads: &mut Reloads,
) -> io::Result<()> {
    let size = terminal.size()?;
    step(
        app,
        Action::Resize {
            width: size.width,
            height: size.height,
        },
    );
    let mut dirty = true;
    // Set by input that started a search: until then the frame waits for its results.
    let mut hold_until: Option<Instant> = None;
    // What was typed while the catalog loaded, taken as if typed now.
    if !typed.is_empty() {
        let mut burst = Drain::default();
        for input in typed {
            burst.take(app, input);
        }
        burst.finish(app);
        if app.is_search_pending() {
            hold_until = Some(Instant::now() + SEARCH_GRACE);
        }
    }
    #[cfg(feature = "test-hooks")]
    let mut first_frame = true;
    loop {
        if signals.received().is_some() {
            return Ok(());
        }
        if signals.take_stop() {
            suspend_and_redraw(terminal, app)?;
            dirty = true;
        }
        while let Some(action) = app.poll_search() {
            step(app, action);
            dirty = true;
        }
        if let Some(text) = app.take_clipboard() {
            send_clipboard(terminal, &text)?;
        }
        let mut from_reloads = false;
        while let Some(action) = reloads.poll(app) {
            step(app, action);
            dirty = true;
            from_reloads = true;
        }
        if from_reloads && app.is_search_pending() {
            // A catalog swapped in (or an index read) is searched again: as after a key, its
            // frame waits a moment for the answer rather than flash "searching…" over a
            // search that takes a millisecond.
            hold_until.get_or_insert(Instant::now() + SEARCH_GRACE);
        }
        let held = held(hold_until, app.is_search_pending(), Instant::now());
        if dirty && held.is_none() {
            show(terminal, |frame| frame.render_widget(&*app, frame.area()))?;
            dirty = false;
            hold_until = None;
            // A program read from the cache failed its checks and showed as a placeholder:
            // the files are read again (and the cache dropped, so the next start rebuilds it).
            if reloads.damage_seen(app) {
                step(app, Action::FilesChanged);
                dirty = true;
            }
            #[cfg(feature = "test-hooks")]
            if std::mem::take(&mut first_frame) {
                fail_if_asked()?;
            }
        }
        if app.should_quit() {
            return Ok(());
        }
        // Asleep until a key, a search result, a reload or the longest wait: no polling.
        let wait = held.map_or(IDLE_POLL, |until| {
            until.saturating_duration_since(Instant::now())
        });
        let first = match inbox.next(wait) {
            None | Some(Wake::Ready) => continue,
            Some(Wake::ReadFailed(e)) => return Err(e),
            Some(Wake::Terminal(event, more)) => (event, more),
        };
        // Take the events that are waiting before drawing again, collapsed (see [`Drain`]):
        // a run of one movement is one step, a resize storm one size. Draw at least once a
        // frame, so a held key never leaves the screen behind.
        let started = Instant::now();
        let mut burst = Drain::default();
        let mut next = Some(first);
        while let Some((event, more)) = next.take() {
            for input in to_inputs(event) {
                if input == Input::Suspend {
                    // What came before the Ctrl-Z applies first; the redraw covers it.
                    burst.finish(app);
                    suspend_and_redraw(terminal, app)?;
                    dirty = true;
                } else {
                    burst.take(app, input);
                }
            }
            if app.should_quit() || started.elapsed() >= FRAME_BUDGET {
                break;
            }
            next = inbox.next_event(if more { MORE_INPUT } else { Duration::ZERO })?;
        }
        dirty |= burst.finish(app);
        if dirty && app.is_search_pending() {
            hold_until.get_or_insert(started + SEARCH_GRACE);
        }
    }
}

/// Until when the next frame waits: while the hold a key set (`hold_until`) is ahead and that
/// key's search has not answered. `None`: draw now.
fn held(hold_until: Option<Instant>, search_pending: bool, now: Instant) -> Option<Instant> {
    hold_until.filter(|&until| search_pending && now < until)
}

/// Draws a frame and sends it to the terminal in one write (see [`FrameOut`]).
fn show(
    terminal: &mut CrosstermTerminal,
    render: impl FnOnce(&mut ratatui::Frame<'_>),
) -> io::Result<()> {
    terminal.draw(render)?;
    terminal.backend_mut().0.writer_mut().send()
}

/// Asks the terminal to put `text` on the clipboard (OSC 52; under tmux, wrapped too).
fn send_clipboard(terminal: &mut CrosstermTerminal, text: &str) -> io::Result<()> {
    use std::io::Write;
    let under_tmux = std::env::var_os("TMUX").is_some_and(|v| !v.is_empty());
    let out = terminal.backend_mut().0.writer_mut();
    out.write_all(crate::clipboard::sequences(text, under_tmux).as_bytes())?;
    out.send()
}

/// Hands the terminal back and stops (Ctrl-Z, SIGTSTP); once continued, takes it again and
/// forgets what it had drawn, so the next frame redraws every cell over what the shell left.
/// The window may have changed size meanwhile, so the app is told its size again.
fn suspend_and_redraw(terminal: &mut CrosstermTerminal, app: &mut App) -> io::Result<()> {
    suspend_and_forget(terminal)?;
    let size = terminal.size()?;
    step(
        app,
        Action::Resize {
            width: size.width,
            height: size.height,
        },
    );
    Ok(())
}

/// Hands the terminal back and stops; once continued, takes it again and forgets what it had
/// drawn, so the next frame is drawn whole over what the shell left.
fn suspend_and_forget(terminal: &mut CrosstermTerminal) -> io::Result<()> {
    session::suspend()?;
    // `enter` cleared the screen; two swaps leave both of ratatui's buffers blank, so the
    // next frame is drawn whole. (`Terminal::clear` would wait for a cursor report.)
    terminal.swap_buffers();
    terminal.swap_buffers();
    Ok(())
}

/// Test-only (feature `test-hooks`): the end-to-end tests set this to `panic`, `error` or
/// `abort` to fail right after the first frame, so they can check the terminal is restored on
/// those ways out too (`abort` as a failed allocation ends: `std::process::abort()`).
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
        Ok("abort") => std::process::abort(),
        Ok("error") => Err(io::Error::other(format!(
            "{TEST_TRIGGER}=error: an error after the first frame"
        ))),
        _ => Ok(()),
    }
}

/// Test-only (feature `test-hooks`): while the file this names exists, loading does not start,
/// so a test can hold the explorer on its "loading" screen for as long as it needs.
#[cfg(feature = "test-hooks")]
const TEST_HOLD_LOAD: &str = "AFFEX_TEST_HOLD_LOAD";

/// With the `test-hooks` feature, the path of a file whose existence holds the loader before it
/// writes the catalog cache, so a test can quit before the write ends.
#[cfg(feature = "test-hooks")]
const TEST_HOLD_CACHE_WRITE: &str = "AFFEX_TEST_HOLD_CACHE_WRITE";

/// With the `test-hooks` feature, the path of a file whose existence holds a warm start before
/// it reads the index of the cache it lists, so a test can type while the index is not read.
#[cfg(feature = "test-hooks")]
const TEST_HOLD_INDEX: &str = "AFFEX_TEST_HOLD_INDEX";

/// With the `test-hooks` feature, the path of a file whose existence holds the start's check
/// of a cache it showed unchecked, so a test sees the cache's catalog before the check.
#[cfg(feature = "test-hooks")]
const TEST_HOLD_CHECK: &str = "AFFEX_TEST_HOLD_CHECK";

/// Waits while the file [`TEST_HOLD_LOAD`] names exists; returns at once if it is not set.
#[cfg(feature = "test-hooks")]
fn hold_load_if_asked() {
    hold_while_file_named_by(TEST_HOLD_LOAD);
}

/// Waits while the file the environment variable `var` names exists; at once if it is unset.
#[cfg(feature = "test-hooks")]
fn hold_while_file_named_by(var: &str) {
    if let Some(path) = std::env::var_os(var) {
        while std::path::Path::new(&path).exists() {
            thread::sleep(Duration::from_millis(20));
        }
    }
}

/// The most keys and pastes kept while the catalog loads: far more than anyone types in the
/// seconds a cold start takes, and a held key's queue cannot grow without end.
const TYPED_AHEAD: usize = 1024;

/// Waits for the loader thread, showing a "loading" frame if it takes more than a moment;
/// `None` when the user quits (or a signal arrives) first. Ctrl-Z and SIGTSTP suspend it as
/// they suspend the list: the terminal is handed back while stopped, and the frame redrawn.
///
/// Keys and pastes typed meanwhile are kept, in order, for the app to take once the catalog
/// is in (`/fish` typed during a cold start searches for "fish"). The list's quit key quits
/// at once only while nothing is kept (after `/` it may be text); a key that quits even
/// where text is typed (Ctrl-C) always does.
fn wait_for_catalog(
    terminal: &mut CrosstermTerminal,
    inbox: &Inbox,
    loaded: &mpsc::Receiver<Loaded>,
    settings: &Settings,
    signals: &Signals,
    typed: &mut Vec<Input>,
) -> io::Result<Option<Loaded>> {
    let theme = &settings.theme;
    let quits = |mode: Mode, key: Key| {
        settings.keymap.action(mode, key) == Some(Action::Command(Command::Quit))
    };
    match loaded.recv_timeout(LOAD_GRACE) {
        Ok(catalog) => return Ok(Some(catalog)),
        Err(RecvTimeoutError::Disconnected) => return Err(loader_died()),
        Err(RecvTimeoutError::Timeout) => {}
    }
    // The keys that quit the list quit the loading screen too.
    let quit_key = settings.keymap.key_label(Mode::List, Command::Quit);
    // Once something is typed, the list's quit key may be text: the screen names the other.
    let quit_key_typing = settings.keymap.key_label(Mode::Search, Command::Quit);
    let mut dirty = true;
    loop {
        if signals.received().is_some() {
            return Ok(None);
        }
        if signals.take_stop() {
            suspend_and_forget(terminal)?;
            dirty = true;
        }
        match loaded.try_recv() {
            Ok(catalog) => return Ok(Some(catalog)),
            Err(TryRecvError::Disconnected) => return Err(loader_died()),
            Err(TryRecvError::Empty) => {}
        }
        if dirty {
            show(terminal, |frame| {
                let area = frame.area();
                let quit = if typed.is_empty() {
                    &quit_key
                } else {
                    &quit_key_typing
                };
                ui::draw_loading(frame.buffer_mut(), area, theme, quit);
            })?;
            dirty = false;
        }
        // Woken by a key or by the loader; the timeout only bounds how soon a signal is seen.
        if let Some(wake) = inbox.next(LOADING_POLL) {
            let Wake::Terminal(event, _) = wake else {
                if let Wake::ReadFailed(e) = wake {
                    return Err(e);
                }
                continue;
            };
            match event {
                event @ (Event::Key(_) | Event::Paste(_)) => {
                    for input in to_inputs(event) {
                        match input {
                            Input::Suspend => {
                                suspend_and_forget(terminal)?;
                                dirty = true;
                            }
                            Input::Key(key)
                                if quits(Mode::Search, key)
                                    || (typed.is_empty() && quits(Mode::List, key)) =>
                            {
                                return Ok(None);
                            }
                            input @ (Input::Key(_) | Input::Paste(_))
                                if typed.len() < TYPED_AHEAD =>
                            {
                                dirty |= typed.is_empty();
                                typed.push(input);
                            }
                            _ => {}
                        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_keys_frame_waits_for_its_search_only_within_the_grace() {
        let now = Instant::now();
        let until = now + SEARCH_GRACE;
        assert_eq!(held(Some(until), true, now), Some(until), "searching: wait");
        assert_eq!(held(Some(until), false, now), None, "answered: draw");
        assert_eq!(held(Some(until), true, until), None, "grace over: draw");
        assert_eq!(held(None, true, now), None, "no key: draw");
    }
}
