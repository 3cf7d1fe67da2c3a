//! A [`Waker`]: how a background thread (the search worker, a reload) tells the event loop it
//! has sent something, so the loop wakes at once instead of looking every few milliseconds.

use std::fmt;
use std::sync::Arc;

/// Wakes whoever waits for a background thread's results; cheap to clone, safe to call from
/// any thread. The default wakes nobody (tests, and commands with no loop).
#[derive(Clone, Default)]
pub struct Waker(Option<Arc<dyn Fn() + Send + Sync>>);

impl Waker {
    /// A waker that calls `wake` each time a thread has sent something.
    pub fn new(wake: impl Fn() + Send + Sync + 'static) -> Self {
        Waker(Some(Arc::new(wake)))
    }

    /// Says that something was sent; call it after the send, so the woken side finds it.
    pub fn wake(&self) {
        if let Some(wake) = &self.0 {
            wake();
        }
    }
}

impl fmt::Debug for Waker {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.0.is_some() {
            "Waker"
        } else {
            "Waker(none)"
        })
    }
}
