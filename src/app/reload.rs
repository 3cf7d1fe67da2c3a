//! Profiles loaded again while the explorer runs. The app only asks for a reload (a file
//! changed, or the reload key) and swaps the result in; the loop loads off the UI thread.
//! State is kept by [`ProgramId`]: the query, the selection, the marks, the grid's columns
//! and the scrolls stay where their programs still exist.

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use super::{App, Backend, PopupText};
use crate::catalog::{Catalog, LoadOptions, ReloadSummary, load, reloaded};
use crate::model::ProgramId;
use crate::search::SearchIndex;

/// A catalog loaded again and indexed, ready to swap in, with what changed.
#[derive(Clone)]
pub struct Reloaded {
    /// The new catalog, with the last good version of any file that turned invalid.
    pub catalog: Arc<Catalog>,
    /// Its search index, built off the UI thread too.
    pub index: Arc<SearchIndex>,
    /// What changed since the catalog it replaces.
    pub summary: ReloadSummary,
}

impl Reloaded {
    /// Loads the profiles `options` names again and compares them with `old` (what the app
    /// shows); slow, so the loop calls it on a thread.
    pub fn load(options: &LoadOptions, old: &Catalog) -> Self {
        Reloaded::from_catalog(old, load(options))
    }

    /// `new` put beside `old`: last good versions kept, changes counted, indexed.
    pub fn from_catalog(old: &Catalog, new: Catalog) -> Self {
        let (catalog, summary) = reloaded(old, new);
        let index = Arc::new(catalog.profiles.search_index());
        Reloaded {
            catalog: Arc::new(catalog),
            index,
            summary,
        }
    }
}

impl fmt::Debug for Reloaded {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Reloaded")
            .field("programs", &self.catalog.profiles.len())
            .field("summary", &self.summary)
            .finish()
    }
}

impl PartialEq for Reloaded {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.catalog, &other.catalog) && self.summary == other.summary
    }
}

impl App {
    /// The catalog on screen, when a reload was asked for since the last call: the loop loads
    /// again and compares with it. Asking again while one runs is one more reload, not one
    /// per event.
    pub fn take_reload_request(&mut self) -> Option<Arc<Catalog>> {
        std::mem::take(&mut self.reload_wanted).then(|| Arc::clone(&self.catalog))
    }

    /// Where the profiles come from and whether each place is watched, for the `w` popup.
    pub fn set_sources(&mut self, notes: Vec<String>) {
        self.sources = notes;
        self.warnings_text = PopupText::default();
    }

    /// Where the profiles come from, one line a place (paths already made safe).
    pub fn sources(&self) -> &[String] {
        &self.sources
    }

    /// Asks the loop for a reload.
    pub(super) fn request_reload(&mut self) {
        self.reload_wanted = true;
    }

    /// Swaps in a reloaded catalog, keeping state by id, and searches again.
    pub(super) fn swap_catalog(&mut self, reloaded: Reloaded) {
        let Reloaded {
            catalog,
            index,
            summary,
        } = reloaded;
        self.swap_in(catalog, index);
        // A reload that follows one still said in the status line adds to it, so a burst
        // that took two reloads does not end on "0 changed".
        let summary = match self.shown_reload {
            Some(earlier) if self.message.as_deref() == Some(earlier.text().as_str()) => {
                earlier.and(summary)
            }
            _ => summary,
        };
        self.message = Some(summary.text());
        self.shown_reload = Some(summary);
    }

    /// Puts `catalog` and its `index` in place of the catalog shown, keeping the selection,
    /// marks, scrolls and grid by id, and searches the query again over it.
    pub(super) fn swap_in(&mut self, catalog: Arc<Catalog>, index: Arc<SearchIndex>) {
        // Every program is in: a start still loading is over.
        self.loading = None;
        let selected = self.selected_id().cloned();
        let old_ids: Vec<ProgramId> = (self.results.matches.iter())
            .filter_map(|m| self.catalog.profiles.id(m.index))
            .filter_map(|id| ProgramId::parse(id).ok())
            .collect();
        let mut positions = HashMap::with_capacity(catalog.profiles.len());
        for (i, p) in catalog.profiles.iter().enumerate() {
            positions.entry(p.id.clone()).or_insert(i);
        }
        // The rows listed now, on the new catalog, until the search over it answers.
        let mut matches = std::mem::take(&mut self.results.matches);
        for (m, id) in matches.iter_mut().zip(&old_ids) {
            m.index = positions.get(id).copied().unwrap_or(usize::MAX);
        }
        matches.retain(|m| m.index != usize::MAX);
        self.results.matches = matches;
        let still = |id: &ProgramId| positions.contains_key(id);
        // The selected program where it is listed now; if it went, the one listed after it
        // (or before it, at the end), so the selection stays near where the reader was.
        let follow = selected.clone().filter(|id| still(id)).or_else(|| {
            let at = selected
                .as_ref()
                .and_then(|id| old_ids.iter().position(|o| o == id))?;
            (old_ids[at..].iter().find(|id| still(id)))
                .or_else(|| old_ids[..at].iter().rev().find(|id| still(id)))
                .cloned()
        });
        self.marked.retain(|id| still(id));
        self.detail_scrolls.retain(|id, _| still(id));
        if let Some(grid) = &self.grid {
            self.grid = grid.reloaded(&catalog.profiles, |id| positions.get(id).copied());
        }
        if matches!(self.overlay, Some(super::Overlay::Cell { .. })) && self.grid.is_none() {
            self.overlay = None;
        }
        self.catalog = catalog;
        self.index = Some(Arc::clone(&index));
        self.positions = positions.into();
        let waker = match &self.backend {
            Backend::Worker(old) => Some(old.waker()),
            // A reload that came before a warm start read its index starts the worker.
            Backend::Waiting(waker) => Some(waker.clone()),
            Backend::Inline { .. } => None,
        };
        if let Some(waker) = waker {
            // A worker searches the index it was started over; a new one searches the new
            // catalog (the old one is told to stop and joined), waking the same loop.
            self.backend = match self.start_worker(index, waker) {
                Ok(worker) => Backend::Worker(worker),
                Err(_) => Backend::Inline {
                    generation: self.generation,
                },
            };
        }
        self.warnings_text = PopupText::default();
        self.apply_sort();
        self.select_id(follow.clone());
        if follow != selected {
            self.detail_scroll = (follow.as_ref())
                .and_then(|id| self.detail_scrolls.get(id))
                .copied()
                .unwrap_or(0);
        }
        // The rows kept are the old catalog's answer: until the search over the new one
        // answers, the search line says so ("searching… 348/100006", not "348/100006").
        self.results.complete = false;
        self.submit_search();
    }
}
