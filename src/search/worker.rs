//! A background thread that runs searches for the TUI, so typing never waits on the scan.
//!
//! Each submitted query gets a generation number and its own cancel flag; a newer submission
//! raises the older one's flag, and the thread skips straight to the newest waiting query.

use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering::Relaxed};
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread::{self, JoinHandle};

use super::Match;
use super::index::SearchIndex;
use super::searcher::Searcher;
use crate::wake::Waker;

/// The matches for one submitted query, in full or (while the scan goes on) its best so far.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchResult {
    /// The number [`SearchWorker::submit`] returned for this query.
    pub generation: u64,
    /// The query as submitted.
    pub query: String,
    /// Best first; while `complete` is false, only the best among the programs scanned so far.
    pub matches: Vec<Match>,
    /// False for an early partial result; a complete one for the same generation follows.
    pub complete: bool,
    /// True when no program matched every term, so these match the most terms there are.
    pub partial: bool,
    /// Programs that matched but failed a filter whose value is not stated.
    pub hidden: usize,
}

/// Readies program `i` to be shown (the app decodes it from the cache), on the search thread.
pub type Warmer = Arc<dyn Fn(usize) + Send + Sync>;

struct Request {
    generation: u64,
    query: String,
    cancel: Arc<AtomicBool>,
    /// What to ready of the result's first rows once it is sent, and how many rows.
    warm: Option<(Warmer, usize)>,
}

/// Runs searches on its own thread; submit queries, then poll for results each frame.
pub struct SearchWorker {
    requests: Option<Sender<Request>>,
    results: Receiver<SearchResult>,
    generation: u64,
    /// The flag of the newest submitted query, raised when a newer one arrives.
    cancel: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
    /// Called by the thread after each result it sends.
    waker: Waker,
    /// Called by the thread for the first `warm_rows` rows of each complete result, after
    /// sending it.
    warmer: Option<Warmer>,
    warm_rows: usize,
}

impl SearchWorker {
    /// Starts the search thread over `index`; it calls `waker` after each result it sends, so
    /// the loop can wait for results instead of polling for them.
    pub fn new(index: Arc<SearchIndex>, waker: Waker) -> io::Result<Self> {
        let (requests, inbox) = mpsc::channel::<Request>();
        let (outbox, results) = mpsc::channel();
        let searcher = Searcher::new(index);
        let thread_waker = waker.clone();
        let thread = thread::Builder::new()
            .name("affex-search".into())
            .spawn(move || serve(searcher, &inbox, &outbox, &thread_waker))?;
        Ok(SearchWorker {
            requests: Some(requests),
            results,
            generation: 0,
            cancel: Arc::new(AtomicBool::new(false)),
            thread: Some(thread),
            waker,
            warmer: None,
            warm_rows: 0,
        })
    }

    /// Has the thread call `warmer` for the first rows of each complete result once it has
    /// sent it: the programs the list is about to show are readied beside the loop, which is
    /// meanwhile taking the result and laying out the frame (see [`SearchWorker::set_warm_rows`]).
    pub fn warm_with(&mut self, warmer: Warmer) {
        self.warmer = Some(warmer);
    }

    /// How many rows of each result to ready from now on: the list's page.
    pub fn set_warm_rows(&mut self, rows: usize) {
        self.warm_rows = rows;
    }

    /// The waker this worker calls, for a worker that replaces it.
    pub fn waker(&self) -> Waker {
        self.waker.clone()
    }

    /// Queues `query`, abandoning any older one, and returns its generation number.
    pub fn submit(&mut self, query: String) -> u64 {
        self.cancel.store(true, Relaxed);
        self.cancel = Arc::new(AtomicBool::new(false));
        self.generation += 1;
        let request = Request {
            generation: self.generation,
            query,
            cancel: Arc::clone(&self.cancel),
            warm: (self.warmer.clone()).map(|w| (w, self.warm_rows)),
        };
        if let Some(requests) = &self.requests {
            // A send fails only if the thread has died; then no result ever comes, as if the
            // search were still running, and the caller keeps its previous results.
            let _ = requests.send(request);
        }
        self.generation
    }

    /// The latest result for the newest query since the last call; older queries' are dropped.
    pub fn try_recv(&mut self) -> Option<SearchResult> {
        let mut newest = None;
        while let Ok(result) = self.results.try_recv() {
            if result.generation == self.generation {
                newest = Some(result);
            }
        }
        newest
    }
}

impl Drop for SearchWorker {
    fn drop(&mut self) {
        self.cancel.store(true, Relaxed);
        // Closing the request channel ends the thread's loop.
        self.requests = None;
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// The thread's loop: take the newest waiting request, search, send, until the worker drops.
fn serve(
    mut searcher: Searcher,
    inbox: &Receiver<Request>,
    outbox: &Sender<SearchResult>,
    waker: &Waker,
) {
    searcher.prepare();
    while let Ok(mut request) = inbox.recv() {
        while let Ok(newer) = inbox.try_recv() {
            request = newer;
        }
        if request.cancel.load(Relaxed) {
            continue;
        }
        let Request {
            generation,
            query,
            cancel,
            warm,
        } = request;
        let send_partial = |matches| {
            let _ = outbox.send(SearchResult {
                generation,
                query: query.clone(),
                matches,
                complete: false,
                partial: false,
                hidden: 0,
            });
            waker.wake();
        };
        let Some(outcome) = searcher.search_streaming(&query, &cancel, send_partial) else {
            continue;
        };
        let warm = warm.map(|(warmer, rows)| {
            let first: Vec<usize> = outcome.matches.iter().take(rows).map(|m| m.index).collect();
            (warmer, first)
        });
        let result = SearchResult {
            generation,
            query,
            matches: outcome.matches,
            complete: true,
            partial: outcome.partial,
            hidden: outcome.hidden,
        };
        if outbox.send(result).is_err() {
            break;
        }
        waker.wake();
        // In row order, as the list reads them; a newer query stops it (its search comes first).
        if let Some((warmer, first)) = warm {
            for i in first {
                if cancel.load(Relaxed) {
                    break;
                }
                warmer(i);
            }
        }
        // The tables this search gave back are made ready for the next key's now, while no
        // key waits; a newer query stops it (a table not cleaned is cleaned when taken).
        searcher.tidy(&|| cancel.load(Relaxed));
    }
}
