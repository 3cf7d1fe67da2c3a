//! Recent search queries, kept across runs: one query a line in `search-history` in the data
//! directory, newest last, written with the one atomic writer ([`crate::store`]).

use std::path::{Path, PathBuf};

use crate::sanitize::sanitize_line;
use crate::store::{StoreError, save_atomically};

/// The file's name in the data directory.
pub const FILE_NAME: &str = "search-history";

/// Recent queries, oldest first, each once.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueryHistory {
    entries: Vec<String>,
    /// True when a query was recorded since loading, so there is something to save.
    changed: bool,
}

impl QueryHistory {
    /// How many queries are kept.
    pub const MAX: usize = 100;

    /// Where the history lives: `search-history` in the data directory, if there is one.
    pub fn default_path() -> Option<PathBuf> {
        crate::settings::paths::data_dir().map(|dir| dir.join(FILE_NAME))
    }

    /// The history in `path`; empty when the file is missing or unreadable (a history is a
    /// convenience, never a reason not to start). Lines are sanitized like any outside text.
    pub fn load(path: &Path) -> Self {
        let text = std::fs::read(path)
            .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
            .unwrap_or_default();
        let mut history = QueryHistory::default();
        for line in text.lines() {
            history.push(&sanitize_line(line));
        }
        history.changed = false;
        history
    }

    /// Writes the history to `path` atomically.
    pub fn save(&self, path: &Path) -> Result<(), StoreError> {
        let mut text = self.entries.join("\n");
        text.push('\n');
        save_atomically(path, text.as_bytes())
    }

    /// Keeps `query` as the newest entry (moving it if it was there already); blank queries
    /// are not kept.
    pub fn record(&mut self, query: &str) {
        let before = self.entries.clone();
        self.push(&sanitize_line(query));
        self.changed |= self.entries != before;
    }

    fn push(&mut self, query: &str) {
        let query = query.trim();
        if query.is_empty() {
            return;
        }
        self.entries.retain(|q| q != query);
        self.entries.push(query.to_string());
        if self.entries.len() > Self::MAX {
            let extra = self.entries.len() - Self::MAX;
            self.entries.drain(..extra);
        }
    }

    /// The queries, oldest first.
    pub fn entries(&self) -> &[String] {
        &self.entries
    }

    /// True when a query was recorded since loading.
    pub fn is_changed(&self) -> bool {
        self.changed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_are_kept_once_newest_last_and_survive_a_save() {
        let dir = match tempfile::tempdir() {
            Ok(d) => d,
            Err(e) => panic!("no temporary directory: {e}"),
        };
        let path = dir.path().join("nested").join(FILE_NAME);
        let mut h = QueryHistory::load(&path);
        assert!(h.entries().is_empty());
        for q in ["fish", "  ", "niche:fishing", "fish", "cookie>=7\u{1b}[31m"] {
            h.record(q);
        }
        assert!(h.is_changed());
        assert_eq!(h.entries()[..2], ["niche:fishing", "fish"]);
        assert!(!h.entries()[2].contains('\u{1b}'));
        if let Err(e) = h.save(&path) {
            panic!("save failed: {e}");
        }
        let again = QueryHistory::load(&path);
        assert_eq!(again.entries(), h.entries());
        assert!(!again.is_changed());
        let mut full = QueryHistory::default();
        for i in 0..QueryHistory::MAX + 5 {
            full.record(&format!("q{i}"));
        }
        assert_eq!(full.entries().len(), QueryHistory::MAX);
        assert_eq!(full.entries()[0], "q5");
    }
}
