//! A catalog loaded again while the explorer runs: what changed since the one on screen, and
//! the last good version of a file that has become invalid kept until it is fixed, so a
//! half-saved edit never makes programs vanish from under the reader.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::problem::{Problem, Severity};
use super::{Catalog, Origin};
use crate::model::Profile;

/// How a reload changed the programs, for the status line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReloadSummary {
    /// Programs in both catalogs whose terms differ.
    pub changed: usize,
    /// Programs only the new catalog has.
    pub added: usize,
    /// Programs only the old catalog had.
    pub removed: usize,
}

impl ReloadSummary {
    /// This reload and `later` together (a burst can bring two reloads in a row).
    pub fn and(self, later: ReloadSummary) -> ReloadSummary {
        ReloadSummary {
            changed: self.changed + later.changed,
            added: self.added + later.added,
            removed: self.removed + later.removed,
        }
    }

    /// The status line's words: "reloaded: 2 changed, 1 added, 0 removed".
    pub fn text(self) -> String {
        format!(
            "reloaded: {} changed, {} added, {} removed",
            self.changed, self.added, self.removed
        )
    }
}

/// `new`, loaded from the same sources as `old`, with the programs of every file that now has
/// an error but held them in `old` put back where they were (their last good version, said
/// in an info line for the file), and how the programs changed.
pub fn reloaded(old: &Catalog, mut new: Catalog) -> (Catalog, ReloadSummary) {
    let broken: HashSet<PathBuf> = new
        .files_with_errors()
        .into_iter()
        .map(Path::to_path_buf)
        .collect();
    if !broken.is_empty() {
        keep_last_good(old, &mut new, &broken);
    }
    let summary = summarize(old, &new);
    (new, summary)
}

/// Puts back the programs `old` read from a `broken` file that `new` lacks, each after the
/// program that came before it in `old`, and a bundled program that a broken file replaced
/// gets the file's last good version again.
fn keep_last_good(old: &Catalog, new: &mut Catalog, broken: &HashSet<PathBuf>) {
    let at: HashMap<&str, usize> = (new.profiles.iter().enumerate())
        .map(|(i, p)| (p.id.as_str(), i))
        .collect();
    // Kept programs by the new position they follow (0: before every program).
    let mut after: HashMap<usize, Vec<(Profile, Origin)>> = HashMap::new();
    let mut replaced: Vec<(usize, Profile, Origin)> = Vec::new();
    let mut kept_per_file: Vec<(&Path, Vec<&str>)> = Vec::new();
    let mut anchor = 0;
    for (profile, origin) in old.profiles.iter().zip(&old.origins) {
        let from_broken = origin.path().filter(|p| broken.contains(*p));
        match (at.get(profile.id.as_str()), from_broken) {
            (Some(&i), Some(file)) if matches!(new.origins.get(i), Some(Origin::Bundled(_))) => {
                replaced.push((i, profile.clone(), origin.clone()));
                note_kept(&mut kept_per_file, file, profile.id.as_str());
                anchor = i + 1;
            }
            (Some(&i), _) => anchor = i + 1,
            (None, Some(file)) => {
                let group = after.entry(anchor).or_default();
                group.push((profile.clone(), origin.clone()));
                note_kept(&mut kept_per_file, file, profile.id.as_str());
            }
            (None, None) => {}
        }
    }
    for (i, profile, origin) in replaced {
        new.profiles[i] = profile;
        new.origins[i] = origin;
    }
    if !after.is_empty() {
        let count = new.profiles.len() + after.values().map(Vec::len).sum::<usize>();
        let mut profiles = Vec::with_capacity(count);
        let mut origins = Vec::with_capacity(count);
        let old_profiles = std::mem::take(&mut new.profiles);
        let old_origins = std::mem::take(&mut new.origins);
        let mut put_back = |at: usize, profiles: &mut Vec<Profile>, origins: &mut Vec<Origin>| {
            for (profile, origin) in after.remove(&at).unwrap_or_default() {
                profiles.push(profile);
                origins.push(origin);
            }
        };
        put_back(0, &mut profiles, &mut origins);
        for (i, (profile, origin)) in old_profiles.into_iter().zip(old_origins).enumerate() {
            profiles.push(profile);
            origins.push(origin);
            put_back(i + 1, &mut profiles, &mut origins);
        }
        new.profiles = profiles.into();
        new.origins = origins;
    }
    for (file, ids) in kept_per_file {
        let message = format!(
            "the last good version of this file is shown until it is fixed: {}",
            ids.join(", ")
        );
        new.problems
            .push(Problem::new(Severity::Info, Some(file), None, &message));
    }
}

/// Counts `id` among the programs kept for `file`.
fn note_kept<'a>(kept: &mut Vec<(&'a Path, Vec<&'a str>)>, file: &'a Path, id: &'a str) {
    match kept.last_mut() {
        Some((last, ids)) if *last == file => ids.push(id),
        _ => match kept.iter_mut().find(|(f, _)| *f == file) {
            Some((_, ids)) => ids.push(id),
            None => kept.push((file, vec![id])),
        },
    }
}

/// How the programs changed from `old` to `new`, by id.
fn summarize(old: &Catalog, new: &Catalog) -> ReloadSummary {
    let before: HashMap<&str, &Profile> = old.profiles.iter().map(|p| (p.id.as_str(), p)).collect();
    let mut summary = ReloadSummary::default();
    let mut seen = 0;
    for profile in &new.profiles {
        match before.get(profile.id.as_str()) {
            Some(was) => {
                seen += 1;
                if *was != profile {
                    summary.changed += 1;
                }
            }
            None => summary.added += 1,
        }
    }
    summary.removed = before.len().saturating_sub(seen);
    summary
}

#[cfg(test)]
#[allow(clippy::expect_used, clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::catalog::test_files::*;
    use crate::catalog::{LoadOptions, load};

    fn names(catalog: &Catalog) -> Vec<(String, String)> {
        catalog
            .profiles
            .iter()
            .map(|p| (p.id.as_str().to_string(), p.name.as_str().to_string()))
            .collect()
    }

    #[test]
    fn changes_additions_and_removals_are_counted_by_id() {
        let dir = tempfile::tempdir().expect("temp dir");
        write(dir.path(), "a.toml", &profile("a"));
        write(dir.path(), "b.toml", &profile("b"));
        write(dir.path(), "c.toml", &profile("c"));
        let old = load(&only_dirs(&[dir.path()]));
        write(dir.path(), "a.toml", "id = \"a\"\nname = \"Renamed\"\n");
        std::fs::remove_file(dir.path().join("c.toml")).expect("removed");
        write(dir.path(), "d.toml", &profile("d"));
        write(dir.path(), "e.toml", &profile("e"));
        let (new, summary) = reloaded(&old, load(&only_dirs(&[dir.path()])));
        assert_eq!(
            summary,
            ReloadSummary {
                changed: 1,
                added: 2,
                removed: 1
            }
        );
        assert_eq!(summary.text(), "reloaded: 1 changed, 2 added, 1 removed");
        assert_eq!(ids(&new), ["a", "b", "d", "e"]);
    }

    #[test]
    fn a_file_that_becomes_invalid_keeps_its_last_good_version_in_place() {
        let dir = tempfile::tempdir().expect("temp dir");
        write(dir.path(), "a.toml", &profile("a"));
        write(dir.path(), "b.toml", "id = \"b\"\nname = \"Good bee\"\n");
        write(dir.path(), "c.toml", &profile("c"));
        let old = load(&only_dirs(&[dir.path()]));
        let bad = write(dir.path(), "b.toml", "id = \"b\"\nname = [\n");
        let (new, summary) = reloaded(&old, load(&only_dirs(&[dir.path()])));
        assert_eq!(ids(&new), ["a", "b", "c"], "kept where it was");
        assert_eq!(names(&new)[1].1, "Good bee");
        assert_eq!(new.origins[1], Origin::File(bad.clone()));
        assert_eq!(summary, ReloadSummary::default());
        assert_eq!(new.errors(), 1, "the error is still reported");
        let said = shown(&new.problems);
        assert!(
            said.contains("the last good version of this file is shown until it is fixed: b"),
            "{said}"
        );
        // Still broken on the next reload: the kept version stays.
        let (again, _) = reloaded(&new, load(&only_dirs(&[dir.path()])));
        assert_eq!(names(&again), names(&new));
        // Fixed: the file's own version, and no info line.
        write(dir.path(), "b.toml", "id = \"b\"\nname = \"New bee\"\n");
        let (fixed, summary) = reloaded(&again, load(&only_dirs(&[dir.path()])));
        assert_eq!(names(&fixed)[1].1, "New bee");
        assert_eq!(summary.changed, 1);
        assert!(fixed.problems.is_empty(), "{}", shown(&fixed.problems));
    }

    #[test]
    fn a_removed_file_takes_its_programs_with_it() {
        let dir = tempfile::tempdir().expect("temp dir");
        write(dir.path(), "a.toml", &profile("a"));
        write(dir.path(), "b.toml", &profile("b"));
        let old = load(&only_dirs(&[dir.path()]));
        std::fs::remove_file(dir.path().join("b.toml")).expect("removed");
        let (new, summary) = reloaded(&old, load(&only_dirs(&[dir.path()])));
        assert_eq!(ids(&new), ["a"]);
        assert_eq!(summary.removed, 1);
    }

    #[test]
    fn a_broken_override_keeps_the_users_version_over_the_bundled_one() {
        let dir = tempfile::tempdir().expect("temp dir");
        write(
            dir.path(),
            "temu.toml",
            "id = \"temu\"\nname = \"My temu\"\n",
        );
        let options = LoadOptions {
            bundled: true,
            user_dir: Some(dir.path().to_path_buf()),
            extra_dirs: vec![],
        };
        let old = load(&options);
        write(dir.path(), "temu.toml", "id = \"temu\"\nname = [\n");
        let (new, _) = reloaded(&old, load(&options));
        assert_eq!(new.profiles.len(), old.profiles.len());
        assert_eq!(new.get("temu").map(|p| p.name.as_str()), Some("My temu"));
    }
}
