//! The `w` popup's lines, kept once built: the text of every problem is laid out once per load
//! and width, so a key press or a draw over thirty thousand problems costs a page, not all of
//! them. The app holds the slot; the screen fills it (the app never lays out text itself).

use std::sync::{Arc, Mutex, PoisonError};

use ratatui::text::Line;

/// Lines laid out for one width, built on first use.
#[derive(Default)]
pub struct PopupText {
    built: Mutex<Option<(usize, Arc<[Line<'static>]>)>>,
}

impl PopupText {
    /// The lines for `width`: those kept when they were built for it, else `build()`'s, kept.
    pub fn get_or_build(
        &self,
        width: usize,
        build: impl FnOnce() -> Vec<Line<'static>>,
    ) -> Arc<[Line<'static>]> {
        let mut built = self.built.lock().unwrap_or_else(PoisonError::into_inner);
        match &*built {
            Some((w, lines)) if *w == width => Arc::clone(lines),
            _ => {
                let lines: Arc<[Line<'static>]> = build().into();
                *built = Some((width, Arc::clone(&lines)));
                lines
            }
        }
    }
}
