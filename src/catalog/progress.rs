//! How far a load has got, told to whoever started it after every batch of files and every
//! window of a large catalog file, so a slow cold start can show the programs read so far
//! instead of a bare "loading" screen.

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
    /// Programs read so far from the files (not the bundled ones); more than the files read
    /// when they are catalog files, a large one of which is told of a window at a time.
    pub programs: usize,
}

impl LoadCount {
    /// True when files are still to be read after this point.
    pub fn unfinished(&self) -> bool {
        self.more_sources || self.read < self.listed
    }

    /// The words a status line shows: "loading: 2048 of 100000 files read" (or "2048 files
    /// read so far" while another source is still to be listed), with the programs read so
    /// far first when the files hold more programs than there are files (catalog files, the
    /// first of which may still be being read): "loading: 2731 programs so far, 0 of 1 file
    /// read", "loading: 40000 programs so far, from 2 files".
    ///
    /// `shown` is how many programs the list holds meanwhile (the copy of the first ones
    /// read, bundled ones included: the search line's count). Once more are read than that,
    /// the words say so, "… 1 of 5 files read (first 2754 listed)", so a search answering
    /// "348/2754" is not taken for one over every program counted.
    pub fn text(&self, shown: usize) -> String {
        let files = crate::plural::count(self.read, "file");
        let of_listed = || {
            let listed = crate::plural::count(self.listed, "file");
            format!("{} of {listed} read", self.read)
        };
        let programs = crate::plural::count(self.programs, "program");
        let read = match (self.programs > self.read, self.more_sources) {
            (false, true) => format!("loading: {files} read so far"),
            (false, false) => format!("loading: {}", of_listed()),
            (true, true) => format!("loading: {programs} so far, from {files}"),
            (true, false) => format!("loading: {programs} so far, {}", of_listed()),
        };
        if self.programs.max(self.read) > shown {
            format!("{read} (first {shown} listed)")
        } else {
            read
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

/// Told of a load's progress after every batch of files, and after every window of a large
/// catalog file but its last.
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
            programs: 0,
        };
        assert_eq!(count.text(2048), "loading: 2048 of 100000 files read");
        assert!(count.unfinished());
        let one = LoadCount {
            read: 1,
            listed: 1,
            more_sources: false,
            programs: 1,
        };
        assert_eq!(one.text(7), "loading: 1 of 1 file read");
        assert!(!one.unfinished());
        let more = LoadCount {
            more_sources: true,
            ..one
        };
        assert_eq!(more.text(7), "loading: 1 file read so far");
        assert!(more.unfinished());
        let one_program_each = LoadCount {
            programs: 2048,
            ..count
        };
        assert_eq!(
            one_program_each.text(2054),
            "loading: 2048 of 100000 files read"
        );
        assert_eq!(
            one_program_each.text(2000),
            "loading: 2048 of 100000 files read (first 2000 listed)",
            "the list holds fewer than are read"
        );
        let in_a_catalog = LoadCount {
            read: 0,
            listed: 1,
            more_sources: false,
            programs: 2731,
        };
        assert_eq!(
            in_a_catalog.text(2737),
            "loading: 2731 programs so far, 0 of 1 file read"
        );
        assert_eq!(
            LoadCount {
                programs: 20_000,
                ..in_a_catalog
            }
            .text(2737),
            "loading: 20000 programs so far, 0 of 1 file read (first 2737 listed)"
        );
        let catalogs_and_more = LoadCount {
            read: 2,
            programs: 40_000,
            ..more
        };
        assert_eq!(
            catalogs_and_more.text(40_006),
            "loading: 40000 programs so far, from 2 files"
        );
    }
}
