//! Score tables kept for reuse, and made clean between keystrokes.
//!
//! A term's table ([`TermTable`]) is as long as the index has distinct strings (its scores)
//! and programs (its bests and candidate slots): about 2.4 MB at 100,000 programs. Allocating
//! and freeing one per keystroke costs more than refilling one, so a finished search's tables
//! come back here. Refilling one (every score unknown, every word 0) was part of each
//! keystroke that typed a new term, 0.3–0.5 ms at 100,000 programs; [`Spares::tidy`] does it
//! after a result is sent, while the user has not typed the next key, so [`Spares::take`]
//! hands out a table that is ready.

use std::sync::Arc;
use std::sync::atomic::{AtomicI32, AtomicU64};

use super::engine::{TermTable, UNKNOWN};

/// A term table's storage: a score per string, a best and a candidate-slots word per profile.
pub(super) struct Storage {
    pub(super) scores: Vec<AtomicI32>,
    pub(super) bests: Vec<AtomicU64>,
    pub(super) slots: Vec<AtomicU64>,
}

impl Storage {
    /// New storage: every score unknown, every best and candidate word 0.
    fn fresh(strings: usize, profiles: usize) -> Self {
        Storage {
            scores: (0..strings).map(|_| AtomicI32::new(UNKNOWN)).collect(),
            bests: (0..profiles).map(|_| AtomicU64::new(0)).collect(),
            slots: (0..profiles).map(|_| AtomicU64::new(0)).collect(),
        }
    }

    /// Whether it is the size an index of `strings` strings and `profiles` profiles needs.
    fn fits(&self, strings: usize, profiles: usize) -> bool {
        self.scores.len() == strings && self.bests.len() == profiles
    }

    /// Makes it as [`Storage::fresh`] made it. Through `&mut`, so the compiler fills it as
    /// plain memory, not one atomic store at a time.
    fn clean(&mut self) {
        self.scores.iter_mut().for_each(|s| *s.get_mut() = UNKNOWN);
        self.bests.iter_mut().for_each(|b| *b.get_mut() = 0);
        self.slots.iter_mut().for_each(|s| *s.get_mut() = 0);
    }
}

/// Term tables' storage no longer used by any search: clean (ready to hand out) or used (as
/// the last search left it).
#[derive(Default)]
pub(super) struct Spares {
    clean: Vec<Storage>,
    used: Vec<Storage>,
}

impl Spares {
    /// How many tables are kept at most.
    const MAX: usize = 4;

    /// Storage of `strings` unknown scores and `profiles` unknown bests: a clean spare, else a
    /// used one cleaned now, else new.
    pub(super) fn take(&mut self, strings: usize, profiles: usize) -> Storage {
        let spare = self.clean.pop().or_else(|| {
            self.used.pop().map(|mut used| {
                used.clean();
                used
            })
        });
        match spare {
            Some(spare) if spare.fits(strings, profiles) => spare,
            _ => Storage::fresh(strings, profiles),
        }
    }

    /// Cleans the used spares, one at a time until `stop` says a search is waiting: what
    /// [`Spares::take`] would otherwise do while that search waits.
    pub(super) fn tidy(&mut self, stop: &dyn Fn() -> bool) {
        while !stop() {
            let Some(mut used) = self.used.pop() else {
                return;
            };
            used.clean();
            self.clean.push(used);
        }
    }

    /// Makes `count` tables of `strings` scores and `profiles` bests ready before any search,
    /// so a session's first key does not wait for them to be allocated and first touched
    /// (at 100,000 programs, that was the slowest key of a session).
    pub(super) fn prepare(&mut self, strings: usize, profiles: usize, count: usize) {
        while self.kept() < count.min(Self::MAX) {
            self.clean.push(Storage::fresh(strings, profiles));
        }
    }

    /// Keeps the storage of those `tables` nothing else holds.
    pub(super) fn recycle(&mut self, tables: Vec<Arc<TermTable>>) {
        for table in tables {
            if self.kept() < Self::MAX
                && let Ok(table) = Arc::try_unwrap(table)
            {
                self.used.push(table.into_storage());
            }
        }
    }

    fn kept(&self) -> usize {
        self.clean.len() + self.used.len()
    }

    /// The sizes (strings, profiles) of the tables kept for reuse, clean first.
    #[cfg(test)]
    pub(super) fn sizes(&self) -> Vec<(usize, usize)> {
        (self.clean.iter().chain(&self.used))
            .map(|t| (t.scores.len(), t.bests.len()))
            .collect()
    }

    /// How many kept tables are clean.
    #[cfg(test)]
    pub(super) fn clean_count(&self) -> usize {
        self.clean.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::Ordering::Relaxed;

    fn is_fresh(storage: &Storage) -> bool {
        storage.scores.iter().all(|s| s.load(Relaxed) == UNKNOWN)
            && (storage.bests.iter().chain(&storage.slots)).all(|w| w.load(Relaxed) == 0)
    }

    fn scribbled(strings: usize, profiles: usize) -> Storage {
        let storage = Storage::fresh(strings, profiles);
        storage.scores.iter().for_each(|s| s.store(7, Relaxed));
        (storage.bests.iter().chain(&storage.slots)).for_each(|w| w.store(u64::MAX, Relaxed));
        storage
    }

    #[test]
    fn a_used_table_is_handed_out_clean_whether_or_not_it_was_tidied() {
        let mut spares = Spares::default();
        spares.used.push(scribbled(5, 3));
        spares.used.push(scribbled(5, 3));
        // Stopped at once: nothing cleaned ahead, so take cleans the one it hands out.
        spares.tidy(&|| true);
        assert_eq!(spares.clean_count(), 0);
        assert!(is_fresh(&spares.take(5, 3)));
        // Tidied: the other is clean before it is asked for.
        spares.tidy(&|| false);
        assert_eq!(spares.clean_count(), 1);
        assert!(is_fresh(&spares.take(5, 3)));
        assert_eq!(spares.sizes(), vec![]);
    }

    #[test]
    fn tidying_stops_between_tables_when_a_search_waits() {
        let mut spares = Spares::default();
        for _ in 0..3 {
            spares.used.push(scribbled(4, 2));
        }
        let asked = std::cell::Cell::new(0);
        // A search arrives while the second table is cleaned.
        spares.tidy(&|| {
            asked.set(asked.get() + 1);
            asked.get() > 2
        });
        assert_eq!(spares.clean_count(), 2);
        assert_eq!(spares.sizes().len(), 3);
    }

    #[test]
    fn a_spare_of_another_size_is_not_handed_out() {
        let mut spares = Spares::default();
        spares.used.push(scribbled(5, 3));
        let taken = spares.take(6, 3);
        assert_eq!((taken.scores.len(), taken.bests.len()), (6, 3));
        assert!(is_fresh(&taken));
    }
}
