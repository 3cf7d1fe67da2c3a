//! The loop's side of a reload: the watcher's bursts become [`Action::FilesChanged`], a reload
//! the app asks for runs the loader on a thread (one at a time; asks that come meanwhile make
//! one more afterwards), and its result comes back as [`Action::Reloaded`]. A reload writes
//! the catalog cache as a start does, so the next start finds it fresh; a start that showed the
//! cache before checking it asks for a reload here when the check finds it stale.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::thread::{self, JoinHandle};

use super::cold_start::StartRest;
use super::watch::Watch;
use crate::action::{Action, IndexRead};
use crate::app::{App, Reloaded};
use crate::catalog::cache::{self, Encoded};
use crate::catalog::{Catalog, LoadOptions};
use crate::search::SearchIndex;
use crate::wake::Waker;

/// Reloads in flight and to come.
pub struct Reloads {
    options: LoadOptions,
    watch: Watch,
    /// The running load's answer, while one runs.
    running: Option<Receiver<Reloaded>>,
    /// Asked for while one ran: another load follows it.
    queued: bool,
    /// Called once a load has sent its answer.
    waker: Waker,
    /// Where the catalog cache is, to remove it when a program in it proves damaged.
    cache_dir: Option<std::path::PathBuf>,
    /// A damaged program was seen and a reload asked for.
    damage_handled: bool,
    /// A message here says the catalog shown at start was a stale cache's.
    start_stale: Option<Receiver<()>>,
    /// The search index of the cache shown at start, read after the list showed.
    start_index: Option<Receiver<Arc<SearchIndex>>>,
    /// A cold start's progress and every program, after it showed the programs read first.
    start_rest: Option<Receiver<StartRest>>,
    /// The reload threads, each with whether it is writing the cache now (quit waits for it).
    threads: Vec<(JoinHandle<()>, Arc<AtomicBool>)>,
}

impl Reloads {
    /// Reloads from the sources `options` names, told of changes by `watch`; `waker` is
    /// called when a load's answer is ready.
    pub fn new(options: LoadOptions, watch: Watch, waker: Waker) -> Self {
        Reloads {
            options,
            watch,
            running: None,
            queued: false,
            waker,
            cache_dir: None,
            damage_handled: false,
            start_stale: None,
            start_index: None,
            start_rest: None,
            threads: Vec::new(),
        }
    }

    /// Sets the cache directory: a reload writes the cache there, and a damaged cache found
    /// while the app runs is removed.
    pub fn set_cache_dir(&mut self, dir: Option<PathBuf>) {
        self.cache_dir = dir;
    }

    /// Reloads once a message comes on `stale`: the start's check found the catalog shown
    /// (read from the cache before the check) older than the files.
    pub fn reload_if_start_stale(&mut self, stale: Receiver<()>) {
        self.start_stale = Some(stale);
    }

    /// Hands the app the index that comes on `index`: a warm start's, read after its list
    /// showed.
    pub fn index_after_start(&mut self, index: Receiver<Arc<SearchIndex>>) {
        self.start_index = Some(index);
    }

    /// Hands the app what comes on `rest`: how far a cold start that showed its first
    /// programs has read, then every program. A reload asked for meanwhile waits for them, so
    /// the start's catalog never lands on top of a newer one.
    pub fn rest_after_start(&mut self, rest: Receiver<StartRest>) {
        self.start_rest = Some(rest);
    }

    /// True while a start that showed its first programs is still to send the rest.
    fn start_pending(&self, app: &App) -> bool {
        self.start_rest.is_some() && app.loading().is_some()
    }

    /// The reload threads still writing the cache, for quit to wait for.
    pub fn writing(&self) -> impl Iterator<Item = &JoinHandle<()>> {
        (self.threads.iter())
            .filter(|(thread, writing)| !thread.is_finished() && writing.load(Ordering::SeqCst))
            .map(|(thread, _)| thread)
    }

    /// True, once, when a program of the app's catalog failed its checks when read from the
    /// cache; the cache file is removed then, so the next start loads from the files.
    pub fn damage_seen(&mut self, app: &App) -> bool {
        if self.damage_handled || !app.profiles().damaged() {
            return false;
        }
        self.damage_handled = true;
        if let Some(dir) = &self.cache_dir {
            let _ = crate::catalog::cache::discard(&self.options, dir);
        }
        true
    }

    /// Where the profiles come from and whether each place is watched.
    pub fn sources(&self) -> &[String] {
        &self.watch.notes
    }

    /// The next action a reload brings, if one is ready: files changed on disk, or a load
    /// finished. Starts the load the app asked for, if it asked.
    pub fn poll(&mut self, app: &mut App) -> Option<Action> {
        if let Some(index) = &self.start_index {
            match index.try_recv() {
                Ok(index) => {
                    self.start_index = None;
                    return Some(Action::IndexRead(IndexRead(index)));
                }
                Err(TryRecvError::Disconnected) => self.start_index = None,
                Err(TryRecvError::Empty) => {}
            }
        }
        if let Some(rest) = &self.start_rest {
            // Only the latest progress is worth a frame.
            let mut progress = None;
            loop {
                match rest.try_recv() {
                    Ok(StartRest::Progress(count)) => progress = Some(count),
                    Ok(StartRest::Done(all)) => {
                        self.start_rest = None;
                        return Some(Action::StartLoaded(all));
                    }
                    Err(TryRecvError::Disconnected) => {
                        self.start_rest = None;
                        if app.loading().is_some() {
                            // The loader ended without the rest: a reload reads every file.
                            return Some(Action::FilesChanged);
                        }
                        break;
                    }
                    Err(TryRecvError::Empty) => break,
                }
            }
            if let Some(count) = progress {
                return Some(Action::LoadProgress(count));
            }
        }
        if let Some(old) = app.take_reload_request() {
            if self.running.is_some() || self.start_pending(app) {
                self.queued = true;
            } else {
                self.start(old);
            }
        }
        if let Some(running) = &self.running {
            match running.try_recv() {
                Ok(reloaded) => {
                    // If files changed while this load read them, `queued` loads again once
                    // this one is in.
                    self.running = None;
                    return Some(Action::Reloaded(Box::new(reloaded)));
                }
                Err(TryRecvError::Disconnected) => self.running = None,
                Err(TryRecvError::Empty) => {}
            }
        }
        if self.running.is_none() && !self.start_pending(app) && std::mem::take(&mut self.queued) {
            return Some(Action::FilesChanged);
        }
        // A burst or many: one reload.
        let mut changed = false;
        while self.watch.changes.try_recv().is_ok() {
            changed = true;
        }
        if let Some(stale) = &self.start_stale {
            match stale.try_recv() {
                Ok(()) => {
                    changed = true;
                    self.start_stale = None;
                }
                Err(TryRecvError::Disconnected) => self.start_stale = None,
                Err(TryRecvError::Empty) => {}
            }
        }
        changed.then_some(Action::FilesChanged)
    }

    /// Loads on a thread, compared with `old`; if the thread cannot start, nothing reloads and
    /// the next ask tries again.
    fn start(&mut self, old: Arc<Catalog>) {
        let (sender, answer) = mpsc::channel();
        let options = self.options.clone();
        let waker = self.waker.clone();
        let cache_dir = self.cache_dir.clone();
        let writing = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&writing);
        let spawned = thread::Builder::new()
            .name("affex-reload".into())
            .spawn(move || {
                let (reloaded, write) = load_for_cache(&options, cache_dir.as_deref(), &old);
                // Set before the answer goes, so a quit right after it waits for the write.
                flag.store(write.is_some(), Ordering::SeqCst);
                let catalog = Arc::clone(&reloaded.catalog);
                let index = Arc::clone(&reloaded.index);
                let _ = sender.send(reloaded);
                waker.wake();
                // Written after the swap, so the new list shows first; from the catalog swapped
                // in, streamed, unless it had to be encoded before the swap.
                match write {
                    Some(CacheToWrite::Encoded(encoded)) => {
                        let _ = encoded.save();
                    }
                    Some(CacheToWrite::Later(write)) => {
                        let _ = write.save(&catalog, Some(&index));
                    }
                    None => {}
                }
            });
        if let Ok(thread) = spawned {
            self.running = Some(answer);
            self.threads.retain(|(thread, _)| !thread.is_finished());
            self.threads.push((thread, writing));
        }
    }
}

/// The cache a reload writes: encoded already, or to encode from the catalog swapped in.
enum CacheToWrite {
    Encoded(Encoded),
    Later(cache::CacheWrite),
}

/// Loads the files again (see [`cache::load_for_reload`]) beside `old`, and what to write to
/// the cache in `dir`. The cache holds the load as a start would read it: when a file has an
/// error, the catalog swapped in keeps that file's last good programs (see
/// [`crate::catalog::reloaded`]), so the load is encoded before that, here.
fn load_for_cache(
    options: &LoadOptions,
    dir: Option<&Path>,
    old: &Catalog,
) -> (Reloaded, Option<CacheToWrite>) {
    let loaded = cache::load_for_reload(options, dir);
    let write = match loaded.write {
        Some(write) if !loaded.catalog.files_with_errors().is_empty() => write
            .encode(&loaded.catalog, None)
            .map(CacheToWrite::Encoded),
        Some(write) => Some(CacheToWrite::Later(write)),
        None => None,
    };
    (Reloaded::from_catalog(old, loaded.catalog), write)
}

#[cfg(test)]
#[allow(clippy::expect_used, clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::action::StartLoaded;
    use crate::catalog::LoadCount;
    use crate::test_support::bundled_catalog;
    use crate::theme::Theme;
    use crate::tui::step;

    /// Polls until nothing more comes, applying each action; what came, in order.
    fn drain(reloads: &mut Reloads, app: &mut App) -> Vec<String> {
        let mut came = Vec::new();
        while let Some(action) = reloads.poll(app) {
            came.push(format!("{action:?}").chars().take(24).collect());
            step(app, action);
        }
        came
    }

    #[test]
    fn a_change_seen_while_a_start_reads_its_files_reloads_only_after_every_program_is_in() {
        let all = bundled_catalog();
        let first = crate::test_support::bundled_first(2);
        let first_index = Arc::new(first.profiles.search_index());
        let mut app = App::shared(Arc::new(first), Some(first_index), Theme::plain());
        let count = LoadCount {
            read: 2,
            listed: 6,
            more_sources: false,
            programs: 0,
        };
        step(&mut app, Action::LoadProgress(count));
        let (changed, changes) = mpsc::channel();
        let (rest, start_rest) = mpsc::channel();
        let options = LoadOptions {
            bundled: true,
            ..LoadOptions::default()
        };
        let mut reloads = Reloads::new(options, Watch::by_hand(changes), Waker::default());
        reloads.rest_after_start(start_rest);
        changed.send(()).unwrap();
        drain(&mut reloads, &mut app);
        assert!(reloads.running.is_none(), "no reload while the start reads");
        rest.send(StartRest::Progress(LoadCount { read: 4, ..count }))
            .unwrap();
        drain(&mut reloads, &mut app);
        assert_eq!(app.loading(), Some(LoadCount { read: 4, ..count }));
        assert!(reloads.running.is_none());
        let index = Arc::new(all.profiles.search_index());
        let all = StartLoaded {
            catalog: Arc::new(all),
            index,
        };
        rest.send(StartRest::Done(all)).unwrap();
        let came = drain(&mut reloads, &mut app);
        assert!(came[0].starts_with("StartLoaded"), "{came:?}");
        assert_eq!(app.loading(), None);
        assert_eq!(app.profiles().len(), 6);
        assert!(
            reloads.running.is_some(),
            "the change seen meanwhile reloads now: {came:?}"
        );
    }

    #[test]
    fn a_loader_gone_before_the_rest_came_makes_a_reload_read_every_file() {
        let catalog = Arc::new(bundled_catalog());
        let index = Arc::new(catalog.profiles.search_index());
        let mut app = App::shared(catalog, Some(index), Theme::plain());
        let (_changed, changes) = mpsc::channel();
        let options = LoadOptions {
            bundled: true,
            ..LoadOptions::default()
        };
        let mut reloads = Reloads::new(options, Watch::by_hand(changes), Waker::default());
        // A start that sent everything at once (or a warm one) drops its end: nothing to do.
        let (rest, start_rest) = mpsc::channel::<StartRest>();
        reloads.rest_after_start(start_rest);
        drop(rest);
        assert!(drain(&mut reloads, &mut app).is_empty());
        assert!(reloads.running.is_none());
        // One that showed its first programs and then ended without the rest: a reload.
        step(
            &mut app,
            Action::LoadProgress(LoadCount {
                read: 1,
                listed: 6,
                more_sources: false,
                programs: 0,
            }),
        );
        let (rest, start_rest) = mpsc::channel::<StartRest>();
        reloads.rest_after_start(start_rest);
        drop(rest);
        let came = drain(&mut reloads, &mut app);
        assert_eq!(came, ["FilesChanged"]);
        assert!(reloads.running.is_some());
    }
}
