//! The loop's one inbox: terminal events, read on their own thread, and wake-ups from the
//! threads that work for the loop (the loader, the search worker, a reload) arrive on one
//! channel, so the loop sleeps until either comes instead of looking every few milliseconds.

use std::io;
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread;
use std::time::Duration;

use ratatui::crossterm::event::{self, Event};

use crate::wake::Waker;

/// What woke the loop.
pub(super) enum Wake {
    /// An event from the terminal, and whether more input was already waiting behind it
    /// when it was read (the rest of a paste, a held key's queue).
    Terminal(Event, bool),
    /// Reading the terminal failed; the loop ends with this error, as it did when it read the
    /// terminal itself.
    ReadFailed(io::Error),
    /// A background thread sent something: search results, a loaded catalog, a reload.
    Ready,
}

/// The receiving end of the loop's channel.
pub(super) struct Inbox {
    receiver: Receiver<Wake>,
    sender: Sender<Wake>,
}

impl Inbox {
    /// An inbox nothing sends to yet.
    pub(super) fn new() -> Inbox {
        let (sender, receiver) = mpsc::channel();
        Inbox { receiver, sender }
    }

    /// Starts the thread that reads the terminal; call it once the terminal is in raw mode.
    /// The thread blocks in crossterm's reader and sends each event as it comes; it ends when
    /// the inbox is dropped and the next event arrives, or with the process.
    pub(super) fn read_terminal(&self) -> io::Result<()> {
        let terminal = self.sender.clone();
        thread::Builder::new()
            .name("affex-input".into())
            .spawn(move || {
                loop {
                    let wake = match event::read() {
                        // Whether more is waiting is asked at once, without waiting: the loop
                        // draws straight after an event nothing follows, and looks for more a
                        // moment only when something does.
                        Ok(event) => {
                            Wake::Terminal(event, event::poll(Duration::ZERO).unwrap_or(true))
                        }
                        Err(e) => {
                            let _ = terminal.send(Wake::ReadFailed(e));
                            return;
                        }
                    };
                    if terminal.send(wake).is_err() {
                        return;
                    }
                }
            })?;
        Ok(())
    }

    /// A waker that wakes this inbox's loop.
    pub(super) fn waker(&self) -> Waker {
        let sender = self.sender.clone();
        Waker::new(move || {
            let _ = sender.send(Wake::Ready);
        })
    }

    /// The next thing that woke the loop, waiting at most `timeout`; `None` when nothing came.
    pub(super) fn next(&self, timeout: Duration) -> Option<Wake> {
        // Never disconnected: the inbox holds a sender itself.
        self.receiver.recv_timeout(timeout).ok()
    }

    /// The next terminal event and whether more input waits behind it, waiting at most
    /// `timeout` for one; wake-ups met on the way are dropped (the loop looks at every
    /// background channel before it draws anyway).
    pub(super) fn next_event(&self, timeout: Duration) -> io::Result<Option<(Event, bool)>> {
        let deadline = std::time::Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            match self.next(left) {
                Some(Wake::Terminal(event, more)) => return Ok(Some((event, more))),
                Some(Wake::ReadFailed(e)) => return Err(e),
                Some(Wake::Ready) => {}
                None => return Ok(None),
            }
        }
    }
}
