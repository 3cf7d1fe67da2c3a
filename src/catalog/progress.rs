//! How far a load has got, told to whoever started it after every batch of files, so a slow
//! cold start can show the programs read so far instead of a bare "loading" screen.

use super::Catalog;
use super::builder::CatalogBuilder;

/// How many profile files a load has read, of how many it has found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LoadCount {
    /// Profile files read so far.
    pub read: usize,
    /// Profile files found so far in the sources listed.
    pub listed: usize,
    /// True while a source is still to be listed (its files are not counted yet).
    pub more_sources: bool,
}

impl LoadCount {
    /// True when files are still to be read after this point.
    pub fn unfinished(&self) -> bool {
        self.more_sources || self.read < self.listed
    }

    /// The words a status line shows: "loading: 2048 of 100000 files read" (or "2048 files
    /// read so far" while another source is still to be listed).
    pub fn text(&self) -> String {
        if self.more_sources {
            format!(
                "loading: {} read so far",
                crate::plural::count(self.read, "file")
            )
        } else {
            format!(
                "loading: {} of {} read",
                self.read,
                crate::plural::count(self.listed, "file")
            )
        }
    }
}

/// The state of a load between two batches of files.
pub struct LoadProgress<'b> {
    builder: &'b CatalogBuilder,
    /// The files read and found so far.
    pub count: LoadCount,
}

impl<'b> LoadProgress<'b> {
    pub(super) fn new(builder: &'b CatalogBuilder, count: LoadCount) -> Self {
        LoadProgress { builder, count }
    }

    /// The first `limit` programs read so far, where each came from, and the problems found
    /// in the files read, as a catalog of their own (a copy: the load goes on). Checks that
    /// need every program (alternatives naming programs not yet read) are left to the whole
    /// load.
    pub fn catalog_so_far(&self, limit: usize) -> Catalog {
        self.builder.so_far(limit)
    }
}

/// Told of a load's progress after every batch of files.
pub type Watch<'w> = dyn FnMut(&LoadProgress<'_>) + 'w;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_count_says_how_many_files_are_read_of_how_many() {
        let count = LoadCount {
            read: 2048,
            listed: 100_000,
            more_sources: false,
        };
        assert_eq!(count.text(), "loading: 2048 of 100000 files read");
        assert!(count.unfinished());
        let one = LoadCount {
            read: 1,
            listed: 1,
            more_sources: false,
        };
        assert_eq!(one.text(), "loading: 1 of 1 file read");
        assert!(!one.unfinished());
        let more = LoadCount {
            more_sources: true,
            ..one
        };
        assert_eq!(more.text(), "loading: 1 file read so far");
        assert!(more.unfinished());
    }
}
