//! Shortlists: the programs a user marked, kept across runs by id in `shortlists.toml` in the
//! data directory, under names ("default", "fishing", "tech"). Every change is a [`Change`]
//! applied to what is on disk under the store's lock ([`crate::store::update_atomically`]), so
//! two running explorers that mark different programs both keep their marks.
//!
//! The file (version 1):
//! ```toml
//! version = 1
//! current = "fishing"          # the list the explorer opens with
//! [lists]
//! default = ["aliexpress", "temu"]
//! fishing = ["amazon-associates"]
//! ```
//! An id the catalog no longer has stays in the file (its profile may come back) and is
//! counted, not shown. A file that cannot be read is reported and left as it is until the
//! user changes a list; then a copy is kept beside it as `shortlists.toml.bad` and a fresh file
//! is written.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::model::ProgramId;
use crate::sanitize::sanitize_line;
use crate::store::{StoreError, save_atomically, update_atomically};

/// The file's name in the data directory.
pub const FILE_NAME: &str = "shortlists.toml";
/// The list marks go to until the user makes another.
pub const DEFAULT_LIST: &str = "default";
/// The file format's version this affex writes and reads.
pub const VERSION: u32 = 1;
/// The most characters a list's name has.
pub const MAX_NAME: usize = 32;
/// The most lists a file may hold, and ids a list may hold: a file beyond them is not ours.
pub const MAX_LISTS: usize = 100;
/// See [`MAX_LISTS`].
pub const MAX_IDS: usize = 10_000;
/// The largest file read (a full file of the largest lists is far smaller).
pub const MAX_BYTES: usize = 4 << 20;

/// Why a shortlist file could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ShortlistError {
    /// Not TOML, or not the shape of a shortlist file.
    #[error("not a shortlist file: {0}")]
    Form(String),
    /// A version this affex does not know.
    #[error("version {found} is not known (this affex reads version {VERSION})")]
    Version {
        /// The version the file gives.
        found: u32,
    },
    /// A list name outside the rules of [`check_name`].
    #[error("list {name:?}: {reason}")]
    Name {
        /// The name (sanitized).
        name: String,
        /// What is wrong with it.
        reason: String,
    },
    /// An id that is not a program id.
    #[error("list {list:?}: {reason}")]
    Id {
        /// The list (sanitized).
        list: String,
        /// What is wrong with the id.
        reason: String,
    },
    /// More than the file may hold.
    #[error("too large: {0}")]
    TooLarge(String),
}

/// The file as TOML reads and writes it.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileForm {
    version: u32,
    #[serde(default)]
    current: Option<String>,
    #[serde(default)]
    lists: BTreeMap<String, Vec<String>>,
}

/// Every named list and which one is in use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shortlists {
    current: String,
    lists: BTreeMap<String, Vec<ProgramId>>,
}

impl Default for Shortlists {
    fn default() -> Self {
        let mut lists = BTreeMap::new();
        lists.insert(DEFAULT_LIST.to_string(), Vec::new());
        Shortlists {
            current: DEFAULT_LIST.to_string(),
            lists,
        }
    }
}

/// `name` trimmed, when it is a usable list name: 1 to [`MAX_NAME`] letters, digits, spaces,
/// `-` and `_`; otherwise what is wrong.
pub fn check_name(name: &str) -> Result<String, String> {
    let name = name.trim();
    if name.is_empty() {
        return Err("a list needs a name".to_string());
    }
    if name.chars().count() > MAX_NAME {
        return Err(format!("a name has at most {MAX_NAME} characters"));
    }
    if let Some(c) = name
        .chars()
        .find(|c| !(c.is_alphanumeric() || matches!(c, ' ' | '-' | '_')))
    {
        return Err(format!(
            "{:?} is not allowed (letters, digits, spaces, - and _)",
            sanitize_line(&c.to_string())
        ));
    }
    Ok(name.to_string())
}

impl Shortlists {
    /// Reads a shortlist file's bytes, checking every name and id.
    pub fn parse(bytes: &[u8]) -> Result<Self, ShortlistError> {
        if bytes.len() > MAX_BYTES {
            return Err(ShortlistError::TooLarge(format!(
                "{} bytes (at most {MAX_BYTES})",
                bytes.len()
            )));
        }
        let text = std::str::from_utf8(bytes)
            .map_err(|e| ShortlistError::Form(format!("not UTF-8 text ({e})")))?;
        let form: FileForm =
            toml::from_str(text).map_err(|e| ShortlistError::Form(sanitize_line(e.message())))?;
        if form.version != VERSION {
            return Err(ShortlistError::Version {
                found: form.version,
            });
        }
        if form.lists.len() > MAX_LISTS {
            return Err(ShortlistError::TooLarge(format!(
                "{} lists (at most {MAX_LISTS})",
                form.lists.len()
            )));
        }
        let mut lists = BTreeMap::new();
        for (name, ids) in form.lists {
            let shown = sanitize_line(&name);
            let checked = check_name(&name).map_err(|reason| ShortlistError::Name {
                name: shown.clone(),
                reason,
            })?;
            if checked != name {
                return Err(ShortlistError::Name {
                    name: shown,
                    reason: "spaces before or after the name".to_string(),
                });
            }
            if ids.len() > MAX_IDS {
                return Err(ShortlistError::TooLarge(format!(
                    "list {shown:?} has {} ids (at most {MAX_IDS})",
                    ids.len()
                )));
            }
            let mut parsed: Vec<ProgramId> = Vec::with_capacity(ids.len());
            // Duplicates are dropped through a set, so a long list reads in linear time.
            let mut seen = std::collections::HashSet::with_capacity(ids.len());
            for id in ids {
                let id = ProgramId::parse(&id).map_err(|reason| ShortlistError::Id {
                    list: shown.clone(),
                    reason,
                })?;
                if seen.insert(id.clone()) {
                    parsed.push(id);
                }
            }
            lists.insert(name, parsed);
        }
        lists.entry(DEFAULT_LIST.to_string()).or_default();
        let current = form
            .current
            .filter(|c| lists.contains_key(c))
            .unwrap_or_else(|| DEFAULT_LIST.to_string());
        Ok(Shortlists { current, lists })
    }

    /// The file's text.
    pub fn to_toml(&self) -> String {
        let form = FileForm {
            version: VERSION,
            current: Some(self.current.clone()),
            lists: self
                .lists
                .iter()
                .map(|(name, ids)| {
                    let ids = ids.iter().map(|id| id.as_str().to_string()).collect();
                    (name.clone(), ids)
                })
                .collect(),
        };
        let body = toml::to_string(&form).unwrap_or_default();
        format!(
            "# affex shortlists: program ids by list name (README: \"Shortlists and export\").\n{body}"
        )
    }

    /// The list in use.
    pub fn current(&self) -> &str {
        &self.current
    }

    /// The ids of the list in use, in the order they were marked.
    pub fn current_ids(&self) -> &[ProgramId] {
        self.ids(&self.current).unwrap_or(&[])
    }

    /// The ids of list `name`, if there is one.
    pub fn ids(&self, name: &str) -> Option<&[ProgramId]> {
        self.lists.get(name).map(Vec::as_slice)
    }

    /// Every list's name, in order, with its ids.
    pub fn lists(&self) -> impl Iterator<Item = (&str, &[ProgramId])> {
        self.lists
            .iter()
            .map(|(n, ids)| (n.as_str(), ids.as_slice()))
    }

    /// Every list's name, in order.
    pub fn names(&self) -> Vec<&str> {
        self.lists.keys().map(String::as_str).collect()
    }

    /// Applies `change`. Changes that no longer apply (a list another explorer deleted) are
    /// applied as far as they can be: marking into a missing list makes it.
    pub fn apply(&mut self, change: &Change) {
        match change {
            Change::Mark { list, id } => {
                let ids = self.lists.entry(list.clone()).or_default();
                if !ids.contains(id) {
                    ids.push(id.clone());
                }
            }
            Change::Unmark { list, id } => {
                if let Some(ids) = self.lists.get_mut(list) {
                    ids.retain(|m| m != id);
                }
            }
            Change::Create(name) => {
                self.lists.entry(name.clone()).or_default();
                self.current = name.clone();
            }
            Change::Switch(name) => {
                if self.lists.contains_key(name) {
                    self.current = name.clone();
                }
            }
            Change::Delete(name) => {
                if name != DEFAULT_LIST {
                    self.lists.remove(name);
                }
                if !self.lists.contains_key(&self.current) {
                    self.current = DEFAULT_LIST.to_string();
                }
                self.lists.entry(DEFAULT_LIST.to_string()).or_default();
            }
        }
    }
}

/// One change to the shortlists, applied to the file as it is on disk when saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Add `id` to `list`.
    Mark {
        /// The list.
        list: String,
        /// The program.
        id: ProgramId,
    },
    /// Take `id` out of `list`.
    Unmark {
        /// The list.
        list: String,
        /// The program.
        id: ProgramId,
    },
    /// Make a list (a checked name) and use it.
    Create(String),
    /// Use another list.
    Switch(String),
    /// Delete a list (the default list is emptied of nothing and kept).
    Delete(String),
}

/// The shortlists as the explorer holds them, and where they are saved.
#[derive(Debug, Clone, Default)]
pub struct ShortlistFile {
    path: Option<PathBuf>,
    state: Shortlists,
    /// Why the file could not be read at start, until a change replaces it.
    problem: Option<String>,
}

impl ShortlistFile {
    /// Where the shortlists live: [`FILE_NAME`] in the data directory, if there is one.
    pub fn default_path() -> Option<PathBuf> {
        crate::settings::paths::data_dir().map(|dir| dir.join(FILE_NAME))
    }

    /// Shortlists that are never saved (tests, a system with no data directory).
    pub fn in_memory() -> Self {
        ShortlistFile::default()
    }

    /// The shortlists in `path`: empty when the file does not exist yet, and empty with a
    /// [`ShortlistFile::problem`] when it cannot be read (the file is left alone until the
    /// user changes a list).
    pub fn load(path: &Path) -> Self {
        let mut file = ShortlistFile {
            path: Some(path.to_path_buf()),
            ..ShortlistFile::default()
        };
        match read_limited(path) {
            Ok(None) => {}
            Ok(Some(bytes)) => match Shortlists::parse(&bytes) {
                Ok(state) => file.state = state,
                Err(e) => file.problem = Some(unreadable(path, &e.to_string())),
            },
            Err(e) => file.problem = Some(unreadable(path, &e.to_string())),
        }
        file
    }

    /// The lists.
    pub fn state(&self) -> &Shortlists {
        &self.state
    }

    /// Why the file could not be read, if it could not.
    pub fn problem(&self) -> Option<&str> {
        self.problem.as_deref()
    }

    /// Where the file is saved, if anywhere.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Applies `change` here and to the file on disk, under its lock: what other explorers
    /// saved meanwhile is kept, and taken in. The list in use stays this explorer's.
    pub fn change(&mut self, change: Change) -> Result<(), StoreError> {
        self.state.apply(&change);
        let Some(path) = self.path.clone() else {
            return Ok(());
        };
        let mut merged = None;
        let mut bad_copy = None;
        let current = self.state.current.clone();
        let fallback = self.state.clone();
        update_atomically(&path, |old| {
            let mut disk = match old.map(Shortlists::parse) {
                None => Shortlists::default(),
                Some(Ok(disk)) => disk,
                Some(Err(_)) => {
                    // The user was told the file could not be read; their change replaces
                    // it, and the old bytes are kept beside it.
                    bad_copy = old.map(<[u8]>::to_vec);
                    fallback
                }
            };
            disk.apply(&change);
            if disk.lists.contains_key(&current) {
                disk.current = current;
            }
            let text = disk.to_toml();
            merged = Some(disk);
            text.into_bytes()
        })?;
        if let Some(bytes) = bad_copy {
            let mut name = path.clone().into_os_string();
            name.push(".bad");
            save_atomically(Path::new(&name), &bytes)?;
        }
        if let Some(merged) = merged {
            self.state = merged;
        }
        self.problem = None;
        Ok(())
    }
}

/// A list's ids split by whether the catalog has them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Resolved {
    /// Catalog indices of the programs the catalog has, in the list's order.
    pub present: Vec<usize>,
    /// The ids it does not have (kept in the file, not shown).
    pub missing: Vec<ProgramId>,
}

/// Splits `ids` into the programs of `profiles` and the ids no program has, each at its first
/// place in the catalog. Linear: one pass over the id table (a catalog from the cache decodes
/// no program for this), hashing only the ids sought, and none when there are none. Hashing
/// every id of the catalog into a map instead took 5–15 ms of a warm start's first screen at
/// 100,000 programs, with nothing marked.
pub fn resolve(ids: &[ProgramId], profiles: &crate::catalog::Programs) -> Resolved {
    let mut at: std::collections::HashMap<&str, Option<usize>> =
        ids.iter().map(|id| (id.as_str(), None)).collect();
    let mut left = at.len();
    for i in 0..profiles.len() {
        if left == 0 {
            break;
        }
        if let Some(slot @ None) = profiles.id(i).and_then(|id| at.get_mut(id)) {
            *slot = Some(i);
            left -= 1;
        }
    }
    let mut resolved = Resolved::default();
    for id in ids {
        match at.get(id.as_str()).copied().flatten() {
            Some(i) => resolved.present.push(i),
            None => resolved.missing.push(id.clone()),
        }
    }
    resolved
}

/// "2 saved programs not in the catalog", or `None` when every id is there.
pub fn missing_line(missing: usize) -> Option<String> {
    (missing > 0).then(|| {
        format!(
            "{} not in the catalog",
            crate::plural::count(missing, "saved program")
        )
    })
}

/// The bytes of `path`, `None` when it does not exist, an error past [`MAX_BYTES`].
fn read_limited(path: &Path) -> std::io::Result<Option<Vec<u8>>> {
    use std::io::Read;
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    let mut bytes = Vec::new();
    file.take(MAX_BYTES as u64 + 1).read_to_end(&mut bytes)?;
    Ok(Some(bytes))
}

/// The message for a file that cannot be read.
fn unreadable(path: &Path, why: &str) -> String {
    format!(
        "cannot read the shortlists in {}: {why}; starting with an empty list. The file is left \
         as it is until you mark or unmark a program (then it is kept as {FILE_NAME}.bad)",
        crate::sanitize::visible_path(path)
    )
}

#[cfg(test)]
mod tests;
