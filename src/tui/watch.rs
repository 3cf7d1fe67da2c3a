//! Watching the profile directories while the explorer runs. File events are debounced (an
//! editor's save is several events, a `git checkout` a thousand) and reach the loop as one
//! message per burst on a channel; the loop turns it into [`crate::action::Action::FilesChanged`].
//! Nothing here touches the app or the screen: the watcher's thread only sends.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver};
use std::time::Duration;

use notify_debouncer_mini::notify::{
    self, Event, EventHandler, EventKind, RecommendedWatcher, RecursiveMode, Watcher, WatcherKind,
};
use notify_debouncer_mini::{Config, DebounceEventResult, Debouncer, new_debouncer_opt};

use crate::catalog::LoadOptions;
use crate::sanitize::visible_path;
use crate::wake::Waker;

/// How long a burst of events must be quiet before it counts as one change.
const DEBOUNCE: Duration = Duration::from_millis(250);

/// The watcher, kept alive while the loop runs, and what it found about each directory.
pub struct Watch {
    /// Dropping it stops watching.
    _debouncer: Option<Debouncer<ChangesOnly<RecommendedWatcher>>>,
    /// One message per debounced burst of changes to profile files.
    pub changes: Receiver<()>,
    /// Where profiles come from and whether each place is watched, for the `w` popup;
    /// paths made safe to show.
    pub notes: Vec<String>,
}

/// Starts watching the user directory and each `--profiles` path of `options`, calling
/// `waker` after each burst it sends. A place that cannot be watched gets a note saying why;
/// the rest are watched all the same.
pub fn watch(options: &LoadOptions, waker: Waker) -> Watch {
    let (sender, changes) = mpsc::channel();
    let mut notes = Vec::new();
    if options.bundled {
        notes.push(format!(
            "built in: {} bundled profiles",
            crate::bundled::BUNDLED.len()
        ));
    }
    let handler = move |result: DebounceEventResult| {
        // An error from the watcher (events lost, a queue overflow) may hide a change: reload.
        let changed = result.map_or(true, |events| {
            events.iter().any(|event| is_profile_file(&event.path))
        });
        if changed {
            let _ = sender.send(());
            waker.wake();
        }
    };
    let config = Config::default().with_timeout(DEBOUNCE);
    let mut debouncer =
        match new_debouncer_opt::<_, ChangesOnly<RecommendedWatcher>>(config, handler) {
            Ok(debouncer) => Some(debouncer),
            Err(e) => {
                notes.push(format!("not watched for changes: {}", why(&e)));
                None
            }
        };
    let places = (options.user_dir.iter().map(|d| ("your directory", d)))
        .chain(options.extra_dirs.iter().map(|d| ("--profiles", d)));
    for (label, place) in places {
        let state = match debouncer.as_mut() {
            Some(debouncer) => watch_place(debouncer, place),
            None => "not watched".to_string(),
        };
        notes.push(format!("{label}: {} ({state})", visible_path(place)));
    }
    Watch {
        _debouncer: debouncer,
        changes,
        notes,
    }
}

/// Watches `place` (a directory, or the directory of a file named with `--profiles`, since
/// editors replace a file rather than write it in place); says how that went.
fn watch_place(debouncer: &mut Debouncer<ChangesOnly<RecommendedWatcher>>, place: &Path) -> String {
    if !place.exists() {
        return "does not exist; not watched".to_string();
    }
    let dir: PathBuf = if place.is_dir() {
        place.to_path_buf()
    } else {
        place.parent().map(Path::to_path_buf).unwrap_or_default()
    };
    // The loader reads only the directory's own files, not its subdirectories.
    match debouncer.watcher().watch(&dir, RecursiveMode::NonRecursive) {
        Ok(()) => "watched for changes".to_string(),
        Err(e) => format!("not watched: {}", why(&e)),
    }
}

/// A watcher that hands on only the events that can change what the loader reads: a file
/// opened or read (inotify reports `IN_OPEN` since notify 7) is no change. Without this, the
/// reload's own reading of every profile file was a burst of events that started the next
/// reload, so a watched directory of 100,000 files was read again and again, on every core,
/// for as long as the explorer ran, and each keystroke waited behind it.
pub struct ChangesOnly<W>(W);

impl<W: Watcher> Watcher for ChangesOnly<W> {
    fn new<F: EventHandler>(mut handler: F, config: notify::Config) -> notify::Result<Self> {
        let changes_only = move |event: notify::Result<Event>| {
            if !event.as_ref().is_ok_and(|e| is_read_only(&e.kind)) {
                handler.handle_event(event);
            }
        };
        W::new(changes_only, config).map(ChangesOnly)
    }

    fn watch(&mut self, path: &Path, mode: RecursiveMode) -> notify::Result<()> {
        self.0.watch(path, mode)
    }

    fn unwatch(&mut self, path: &Path) -> notify::Result<()> {
        self.0.unwatch(path)
    }

    fn configure(&mut self, option: notify::Config) -> notify::Result<bool> {
        self.0.configure(option)
    }

    fn kind() -> WatcherKind {
        W::kind()
    }
}

/// True for an event that only says a file was opened, read or closed after reading.
fn is_read_only(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(notify::event::AccessKind::Close(notify::event::AccessMode::Write)) => {
            false
        }
        EventKind::Access(_) => true,
        _ => false,
    }
}

/// A watcher error in words a user can act on.
fn why(error: &notify::Error) -> String {
    match error.kind {
        notify::ErrorKind::MaxFilesWatch => {
            "the system's limit on watched files is reached (fs.inotify.max_user_watches)"
                .to_string()
        }
        notify::ErrorKind::PathNotFound => "it does not exist".to_string(),
        _ => crate::sanitize::visible(&error.to_string()),
    }
}

/// True for a file the loader reads: `*.toml`, not hidden (editors' lock files and backups).
fn is_profile_file(path: &Path) -> bool {
    let hidden = path
        .file_name()
        .is_some_and(|n| n.as_encoded_bytes().first() == Some(&b'.'));
    !hidden && path.extension().is_some_and(|ext| ext == "toml")
}

#[cfg(test)]
impl Watch {
    /// A watch that watches nothing: the test sends its changes on the other end.
    pub(super) fn by_hand(changes: Receiver<()>) -> Self {
        Watch {
            _debouncer: None,
            changes,
            notes: Vec::new(),
        }
    }
}

#[cfg(test)]
#[allow(clippy::expect_used, clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn only_the_files_the_loader_reads_count_as_changes() {
        assert!(is_profile_file(Path::new("/p/shop.toml")));
        assert!(!is_profile_file(Path::new("/p/.#shop.toml")));
        assert!(!is_profile_file(Path::new("/p/shop.toml~")));
        assert!(!is_profile_file(Path::new("/p/4913")));
    }

    #[test]
    fn reading_a_watched_profile_is_no_change_and_writing_one_is() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("shop.toml");
        std::fs::write(&file, "id = \"shop\"\n").expect("write");
        let watch = watch(
            &LoadOptions {
                bundled: false,
                user_dir: None,
                extra_dirs: vec![dir.path().to_path_buf()],
            },
            Waker::default(),
        );
        // Read it as the loader does, several times: each open is an inotify event.
        for _ in 0..5 {
            std::fs::read_to_string(&file).expect("read");
        }
        let quiet = DEBOUNCE * 3;
        assert!(
            watch.changes.recv_timeout(quiet).is_err(),
            "reading the profiles was taken for a change, so every reload starts another"
        );
        std::fs::write(&file, "id = \"shop2\"\n").expect("write");
        assert!(
            watch.changes.recv_timeout(quiet * 4).is_ok(),
            "writing a profile was not seen"
        );
    }

    #[test]
    fn a_missing_directory_is_noted_and_the_rest_still_watched() {
        let dir = tempfile::tempdir().expect("temp dir");
        let gone = dir.path().join("gone");
        let watch = watch(
            &LoadOptions {
                bundled: false,
                user_dir: Some(gone),
                extra_dirs: vec![dir.path().to_path_buf()],
            },
            Waker::default(),
        );
        assert_eq!(watch.notes.len(), 2, "{:?}", watch.notes);
        assert!(
            watch.notes[0].starts_with("your directory: ")
                && watch.notes[0].ends_with("(does not exist; not watched)"),
            "{:?}",
            watch.notes
        );
        assert!(
            watch.notes[1].ends_with("(watched for changes)"),
            "{:?}",
            watch.notes
        );
    }
}
