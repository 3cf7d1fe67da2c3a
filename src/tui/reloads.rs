//! The loop's side of a reload: the watcher's bursts become [`Action::FilesChanged`], a reload
//! the app asks for runs the loader on a thread (one at a time; asks that come meanwhile make
//! one more afterwards), and its result comes back as [`Action::Reloaded`].

use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::thread;

use super::watch::Watch;
use crate::action::Action;
use crate::app::{App, Reloaded};
use crate::catalog::{Catalog, LoadOptions};
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
        }
    }

    /// Sets the cache directory, so a damaged cache found while the app runs is removed.
    pub fn set_cache_dir(&mut self, dir: Option<std::path::PathBuf>) {
        self.cache_dir = dir;
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
        if let Some(old) = app.take_reload_request() {
            if self.running.is_some() {
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
        if self.running.is_none() && std::mem::take(&mut self.queued) {
            return Some(Action::FilesChanged);
        }
        // A burst or many: one reload.
        let mut changed = false;
        while self.watch.changes.try_recv().is_ok() {
            changed = true;
        }
        changed.then_some(Action::FilesChanged)
    }

    /// Loads on a thread, compared with `old`; if the thread cannot start, nothing reloads and
    /// the next ask tries again.
    fn start(&mut self, old: Arc<Catalog>) {
        let (sender, answer) = mpsc::channel();
        let options = self.options.clone();
        let waker = self.waker.clone();
        let spawned = thread::Builder::new()
            .name("affex-reload".into())
            .spawn(move || {
                let _ = sender.send(Reloaded::load(&options, &old));
                waker.wake();
            });
        if spawned.is_ok() {
            self.running = Some(answer);
        }
    }
}
