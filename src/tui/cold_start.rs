//! A start without a usable cache, on the loader thread: the files are read, the search index
//! built, the catalog handed to the loop and the cache written. When reading takes longer than
//! the loading screen's grace (100,000 files take seconds), the loop gets the programs read so
//! far as soon as that is over, with their own small index, so the list shows and answers
//! searches at once; how far the load has got follows after every batch of files (and every
//! window of a large catalog file), and then every program, which the app swaps in keeping the
//! user's place by id.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Sender;
use std::time::Instant;

use super::{LOAD_GRACE, Loaded};
use crate::action::StartLoaded;
use crate::catalog::{self, LoadCount, LoadOptions};
use crate::wake::Waker;

/// What follows the first programs of a start that showed them before every file was read.
pub enum StartRest {
    /// How far the load has got.
    Progress(LoadCount),
    /// Every program, and their index.
    Done(StartLoaded),
}

/// The most programs shown before every file is read: a page of the list many times over,
/// and few enough to copy and index in a few milliseconds (a batch of files with large
/// catalogs among them can hold tens of thousands of programs, and copying them all would
/// cost tens of megabytes).
const FIRST_PROGRAMS: usize = 4096;

/// Where a cold start sends what it loads.
pub struct Outbox<'a> {
    /// The catalog the loop waits for: the first programs, or all of them.
    pub loaded: &'a Sender<Loaded>,
    /// The rest, once the first programs were sent.
    pub rest: Sender<StartRest>,
    /// Told after each message.
    pub waker: &'a Waker,
    /// Set while the loader works toward a cache write (reading the rest of the files, then
    /// writing): quitting waits for it.
    pub saving: &'a AtomicBool,
}

/// Loads the profiles `options` names from their files (the cache in `cache_dir` was not
/// usable), sends them as the module documentation says, then writes the cache.
pub fn load(options: &LoadOptions, cache_dir: Option<&Path>, out: Outbox<'_>) {
    let started = Instant::now();
    let mut shown_early = false;
    let cached = catalog::cache::load_watching(options, cache_dir, &mut |progress| {
        if shown_early {
            let _ = out.rest.send(StartRest::Progress(progress.count));
            out.waker.wake();
            return;
        }
        if !worth_showing_early(progress.count) || !(started.elapsed() >= LOAD_GRACE || forced()) {
            return;
        }
        let first = progress.catalog_so_far(FIRST_PROGRAMS);
        let index = Arc::new(first.profiles.search_index());
        let first = Loaded::Indexed(Arc::new(first), Some(index), Some(progress.count));
        // A quit while the rest is read waits for it and the cache write, as a quit during
        // the write does: else a user who looks and quits at once would never get a cache.
        out.saving.store(cache_dir.is_some(), Ordering::SeqCst);
        shown_early = out.loaded.send(first).is_ok();
        out.waker.wake();
        #[cfg(feature = "test-hooks")]
        super::hold_while_file_named_by(TEST_HOLD_REST);
    });
    // The index is built here, once, for the cache and the app alike (and always when the
    // first programs were shown: their worker is swapped for one over every program).
    let index = match (cached.index, &cached.write) {
        (Some(index), _) => Some(index),
        (None, write) if write.is_some() || shown_early => {
            Some(cached.catalog.profiles.search_index())
        }
        (None, _) => None,
    }
    .map(Arc::new);
    let catalog = Arc::new(cached.catalog);
    out.saving.store(cached.write.is_some(), Ordering::SeqCst);
    match (&index, shown_early) {
        (Some(index), true) => {
            let all = StartLoaded {
                catalog: Arc::clone(&catalog),
                index: Arc::clone(index),
            };
            let _ = out.rest.send(StartRest::Done(all));
        }
        _ => {
            let _ = out
                .loaded
                .send(Loaded::Indexed(Arc::clone(&catalog), index.clone(), None));
        }
    }
    out.waker.wake();
    // Written while the list shows, streamed from the catalog and index the app reads too:
    // encoding the whole file first held its bytes (150 MB at 100,000 programs) beside them,
    // and kept the list waiting for the encoding.
    if let Some(write) = cached.write {
        #[cfg(feature = "test-hooks")]
        super::hold_while_file_named_by(super::TEST_HOLD_CACHE_WRITE);
        let _ = write.save(&catalog, index.as_deref());
    }
}

/// True when enough is left to read that showing the programs read so far is worth it: at
/// least as many files as were read, or another source still to list. (A load just past the
/// grace that is nearly done would only flash a part of the list.)
fn worth_showing_early(count: LoadCount) -> bool {
    count.more_sources || count.read.saturating_mul(2) <= count.listed
}

/// With the `test-hooks` feature, the path of a file whose existence makes a cold start show
/// the programs of its first batch of files at once, whatever the time, and then hold before
/// reading the rest, so a test sees the list of a start still loading.
#[cfg(feature = "test-hooks")]
const TEST_HOLD_REST: &str = "AFFEX_TEST_HOLD_REST";

/// True when a test asks for the first programs to show at once (see [`TEST_HOLD_REST`]).
fn forced() -> bool {
    #[cfg(feature = "test-hooks")]
    return std::env::var_os(TEST_HOLD_REST).is_some();
    #[cfg(not(feature = "test-hooks"))]
    false
}
