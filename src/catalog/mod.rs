//! Loading profiles into a catalog: the bundled ones, the user's directory and any `--profiles`
//! directories, with every problem found on the way located so a user can fix it.
//!
//! Bundled profiles come first, then the user directory, then each extra directory; files in a
//! directory are read in name order (on all cores when there are many), so the result never
//! depends on timing. A program whose id an earlier *source* already loaded replaces it in
//! place, so a user file overrides a bundled profile; two files of one source with the same id
//! are an error on the second. One bad file, or one bad program in a catalog file, never stops
//! the rest.
//!
//! The files follow a load:
//! - `sources`: where profiles come from, in which order (load, validate, directories);
//! - `read`: opening a file safely, kind and size checked before reading;
//! - `document`: one file's text, a single profile or a catalog, parsed whole;
//! - `chunks`: a catalog file cut at its program headers and parsed in pieces;
//! - `program`: one program deserialized, a bad value turned into a located problem;
//! - `programs`: the catalog's programs, decoded, or read from the cache as they are asked for;
//! - `known_keys`: the keys a profile may hold, unknown ones warned about and stripped;
//! - `builder`: programs gathered into the catalog (overrides, duplicates, alternatives);
//! - `cache`: the loaded catalog kept in the cache directory, checked against the files;
//! - `reload`: a catalog loaded again while the explorer runs (what changed, last good versions);
//! - `source_cache`: a source read again to point a late problem at its line;
//! - `problem`, `location`, `wording`, `field_path`: what a problem holds, where it points,
//!   how it is worded and how it names a field.

mod builder;
pub mod cache;
mod chunks;
mod document;
mod field_path;
mod known_keys;
mod location;
mod per_file;
mod plain_toml;
mod problem;
mod problem_sink;
mod program;
mod programs;
mod progress;
mod read;
mod reload;
mod source_cache;
mod sources;
#[cfg(test)]
mod test_files;
mod wording;

use std::path::{Path, PathBuf};

pub use document::parse_source;
pub use per_file::{Hidden, MAX_PROBLEMS_PER_FILE};
pub use problem::{Part, Problem, ReportLine, Severity, Underline};
pub use programs::Programs;
pub use progress::{LoadCount, LoadProgress, Watch};
pub use read::{MAX_CATALOG_BYTES, MAX_FILE_BYTES};
pub use reload::{ReloadSummary, reloaded};
pub use sources::{LoadOptions, default_user_dir, load, load_watching, validate};

use crate::model::Profile;
use crate::suggest;

/// Where a loaded profile came from.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Origin {
    /// Compiled into the binary; the file name under `assets/profiles`.
    Bundled(&'static str),
    /// Read from this file.
    File(PathBuf),
}

impl Origin {
    /// The file, for a profile read from disk.
    pub fn path(&self) -> Option<&Path> {
        match self {
            Origin::Bundled(_) => None,
            Origin::File(path) => Some(path),
        }
    }
}

/// The loaded programs, where each came from, and everything that went wrong.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Catalog {
    /// The programs: bundled first, then user files in the order they were read.
    pub profiles: Programs,
    /// Where each program came from, parallel to `profiles`.
    pub origins: Vec<Origin>,
    /// Every problem found, in reading order.
    pub problems: Vec<Problem>,
}

impl Catalog {
    /// The program with this id.
    pub fn get(&self, id: &str) -> Option<&Profile> {
        self.index_of(id).and_then(|i| self.profiles.get(i))
    }

    /// The position in `profiles` of the program with this id (found without decoding any).
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.profiles.index_of(id)
    }

    /// Up to `n` ids that look like `id` (or whose program is named like it), best first, for
    /// "did you mean …?".
    /// `name` gives program `i`'s name: from the search index, so a catalog read from the
    /// cache is not decoded whole to suggest an id.
    pub fn closest_ids<'a>(
        &'a self,
        id: &str,
        n: usize,
        name: impl Fn(usize) -> &'a str,
    ) -> Vec<&'a str> {
        let mut programs: Vec<(&str, &str)> = (0..self.profiles.len())
            .filter_map(|i| Some((self.profiles.id(i)?, name(i))))
            .collect();
        // Equally close ids are offered in id order.
        programs.sort_unstable_by(|a, b| a.0.cmp(b.0));
        let candidates = programs.into_iter().map(|(id, name)| (id, [id, name]));
        suggest::ranked(id, candidates, n)
    }

    /// How many problems are errors.
    pub fn errors(&self) -> usize {
        self.count(Severity::Error)
    }

    /// How many problems are warnings.
    pub fn warnings(&self) -> usize {
        self.count(Severity::Warning)
    }

    /// The files that had an error, each once, in reading order: the skipped ones.
    pub fn files_with_errors(&self) -> Vec<&Path> {
        let mut files: Vec<&Path> = Vec::new();
        for problem in &self.problems {
            if problem.severity == Severity::Error
                && let Some(path) = problem.path.as_deref()
                && !files.contains(&path)
            {
                files.push(path);
            }
        }
        files
    }

    /// The skipped files named for a warning: up to `limit` of them, then "and N more";
    /// `None` when no file had an error.
    pub fn skipped_files_text(&self, limit: usize) -> Option<String> {
        let files = self.files_with_errors();
        if files.is_empty() {
            return None;
        }
        let mut named: Vec<String> = files
            .iter()
            .take(limit)
            .map(|f| crate::sanitize::sanitize_line(&f.display().to_string()))
            .collect();
        if files.len() > limit {
            named.push(format!("and {} more", files.len() - limit));
        }
        Some(named.join(", "))
    }

    fn count(&self, severity: Severity) -> usize {
        // A line closing a capped list counts the problems it stands for.
        self.problems
            .iter()
            .map(|p| match p.hidden {
                Some(hidden) => hidden.of(severity),
                None => usize::from(p.severity == severity),
            })
            .sum()
    }
}

#[cfg(test)]
#[allow(clippy::expect_used, clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::bundled::BUNDLED;
    use crate::catalog::test_files::*;

    #[test]
    fn the_bundled_profiles_load_cleanly() {
        let catalog = load(&LoadOptions {
            bundled: true,
            ..LoadOptions::default()
        });
        assert_eq!(catalog.profiles.len(), BUNDLED.len());
        assert!(catalog.problems.is_empty(), "{}", shown(&catalog.problems));
        assert!(matches!(catalog.origins[0], Origin::Bundled(_)));
    }

    #[test]
    fn lookups_and_suggestions() {
        let catalog = load(&LoadOptions {
            bundled: true,
            ..LoadOptions::default()
        });
        let i = catalog.index_of("temu").expect("temu is bundled");
        assert_eq!(
            catalog.get("temu").map(|p| &p.id),
            Some(&catalog.profiles[i].id)
        );
        assert_eq!(catalog.get("nope"), None);
        assert_eq!(
            catalog
                .closest_ids("aliexpres", 3, |i| catalog.profiles[i].name.as_str())
                .first(),
            Some(&"aliexpress")
        );
        assert_eq!(
            catalog.closest_ids("amazon", 1, |i| catalog.profiles[i].name.as_str()),
            ["amazon-associates"]
        );
        assert_eq!(
            catalog.closest_ids("AliExpress", 1, |i| catalog.profiles[i].name.as_str()),
            ["aliexpress"],
            "names count too"
        );
        assert!(
            catalog
                .closest_ids("qqqqqqqq", 3, |i| catalog.profiles[i].name.as_str())
                .is_empty()
        );
        assert_eq!(catalog.errors(), 0);
        assert_eq!(catalog.warnings(), 0);
    }
}
