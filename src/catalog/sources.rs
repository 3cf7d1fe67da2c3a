//! Where profiles come from and in which order: bundled, the user directory, extra
//! directories; the `*.toml` files of a directory in name order, on all cores when many.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::builder::CatalogBuilder;
use super::chunks::ChunkSizes;
use super::document::parse_text;
use super::problem::Problem;
use super::program::Parsed;
use super::progress::{LoadCount, LoadProgress, Watch};
use super::read::{Opened, open_file};
use super::{Catalog, Origin};
use crate::bundled::BUNDLED;

/// From this many files on, a directory is parsed on all cores.
const PARALLEL_FROM: usize = 16;

/// Files parsed together; at most the next batch is parsed before a batch's programs are added,
/// so parsed programs waiting to be added never take much memory.
const FILE_BATCH: usize = 2048;

/// Where [`load`] looks for profiles.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Include the profiles compiled into the binary.
    pub bundled: bool,
    /// The user's profile directory; it is fine for it not to exist.
    pub user_dir: Option<PathBuf>,
    /// Directories (or files) named with `--profiles`; each must exist.
    pub extra_dirs: Vec<PathBuf>,
}

/// The user's profile directory: `profiles` under affex's config directory
/// ([`crate::settings::paths`]).
pub fn default_user_dir() -> Option<PathBuf> {
    crate::settings::paths::profiles_dir()
}

/// Loads the bundled profiles, the user directory and the extra directories, in that order.
pub fn load(opts: &LoadOptions) -> Catalog {
    load_watching(opts, &mut |_| {})
}

/// [`load`], telling `watch` how far it has got after every batch of files, and after every
/// window of a large catalog file but its last.
pub fn load_watching(opts: &LoadOptions, watch: &mut Watch<'_>) -> Catalog {
    load_with(opts, ChunkSizes::PRODUCTION, watch)
}

/// [`load_watching`], cutting catalog files into work of `sizes`.
pub(super) fn load_with(opts: &LoadOptions, sizes: ChunkSizes, watch: &mut Watch<'_>) -> Catalog {
    let mut builder = CatalogBuilder::new(sizes);
    if opts.bundled {
        add_bundled(&mut builder, 0);
    }
    let user = opts.user_dir.iter().map(|dir| (dir, 1, Missing::Ignore));
    let extra = (opts.extra_dirs.iter().enumerate()).map(|(i, dir)| (dir, 2 + i, Missing::Error));
    let sources: Vec<_> = user.chain(extra).collect();
    let mut told = Told::new(watch, &builder);
    for (k, &(path, group, missing)) in sources.iter().enumerate() {
        told.count.more_sources = k + 1 < sources.len();
        add_path(&mut builder, path, group, missing, &mut told);
    }
    builder.finish(&HashSet::new())
}

/// Counts the files and programs of a load and tells its watcher.
struct Told<'a, 'w> {
    watch: &'a mut Watch<'w>,
    count: LoadCount,
    /// The programs the builder held before the first file (the bundled ones).
    before: usize,
}

impl<'a, 'w> Told<'a, 'w> {
    fn new(watch: &'a mut Watch<'w>, builder: &CatalogBuilder) -> Self {
        Told {
            watch,
            count: LoadCount::default(),
            before: builder.len(),
        }
    }

    /// `read` more files are in `builder`: the watcher hears of it.
    fn read(&mut self, builder: &CatalogBuilder, read: usize) {
        self.count.read += read;
        self.tell(builder);
    }

    /// The watcher hears of what `builder` holds now (also from within a large file).
    fn tell(&mut self, builder: &CatalogBuilder) {
        self.count.programs = builder.len().saturating_sub(self.before);
        (self.watch)(&LoadProgress::new(builder, self.count));
    }
}

/// Checks files and directories named explicitly, without the bundled profiles; a path that
/// does not exist is an error. Alternatives may still name bundled programs.
///
/// Files named one by one count as part of their directory, so `validate dir/*.toml` finds the
/// same duplicate ids as `validate dir`; a path named twice is read once.
pub fn validate(paths: &[PathBuf]) -> Catalog {
    validate_with(paths, ChunkSizes::PRODUCTION)
}

/// [`validate`], cutting catalog files into work of `sizes`.
pub(super) fn validate_with(paths: &[PathBuf], sizes: ChunkSizes) -> Catalog {
    let mut builder = CatalogBuilder::new(sizes);
    let mut groups: HashMap<PathBuf, usize> = HashMap::new();
    let mut named = HashSet::new();
    for path in paths {
        if !named.insert(path) {
            continue;
        }
        let source = if path.is_dir() {
            path.clone()
        } else {
            path.parent().map(Path::to_path_buf).unwrap_or_default()
        };
        let next = groups.len();
        let group = *groups.entry(source).or_insert(next);
        let mut unwatched = |_: &LoadProgress<'_>| {};
        let mut told = Told::new(&mut unwatched, &builder);
        add_path(&mut builder, path, group, Missing::Error, &mut told);
    }
    let bundled_ids: HashSet<String> = BUNDLED
        .iter()
        .flat_map(|(_, text)| parse_text(text, None, sizes).0)
        .map(|parsed| parsed.profile.id.as_str().to_string())
        .collect();
    builder.finish(&bundled_ids)
}

/// Adds the profiles compiled into the binary, as source `group`.
pub(super) fn add_bundled(builder: &mut CatalogBuilder, group: usize) {
    for (name, text) in BUNDLED {
        let (parsed, mut problems) = parse_text(text, None, builder.sizes());
        for problem in &mut problems {
            problem.bundled = Some(name);
        }
        builder.add_parsed(&Origin::Bundled(name), parsed, problems, group);
    }
}

/// Adds a file, or the `*.toml` files of a directory in name order, as source `group`.
fn add_path(
    builder: &mut CatalogBuilder,
    path: &Path,
    group: usize,
    missing: Missing,
    told: &mut Told<'_, '_>,
) {
    match fs::metadata(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound && missing == Missing::Ignore => {}
        Err(e) => {
            let message = format!("cannot open: {e}");
            builder.report(Problem::error(Some(path), None, &message));
        }
        Ok(meta) if meta.is_dir() => {
            let mut problems = Vec::new();
            let files = profile_files(path, &mut problems);
            problems.into_iter().for_each(|p| builder.report(p));
            told.count.listed += files.len();
            builder.reserve(files.len());
            let sizes = builder.sizes();
            std::thread::scope(|scope| {
                let batches = files.chunks(FILE_BATCH).zip(loaded(scope, &files, sizes));
                for (batch, outcomes) in batches {
                    add_batch(builder, batch, outcomes, group, told);
                }
            });
        }
        Ok(_) => {
            told.count.listed += 1;
            let outcome = load_file(path, false, builder.sizes());
            add_loaded(builder, path, outcome, group, &mut |b| told.tell(b));
            told.read(builder, 1);
        }
    }
}

/// The files of a directory read and parsed, [`FILE_BATCH`] at a time and in order. From
/// [`PARALLEL_FROM`] files on, they are parsed on all cores by a thread of `scope`, one batch
/// ahead of the caller: the next batch is parsed while the caller adds the last to the
/// catalog, which would otherwise leave the cores idle (about a tenth of a cold load of
/// 100,000 files). A panic in the parse ends the batches early and is raised when `scope` ends.
fn loaded<'s>(
    scope: &'s std::thread::Scope<'s, '_>,
    files: &'s [(PathBuf, bool)],
    sizes: ChunkSizes,
) -> Box<dyn Iterator<Item = Vec<Loaded>> + 's> {
    let load = move |(file, regular): &(PathBuf, bool)| load_file(file, *regular, sizes);
    if files.len() < PARALLEL_FROM {
        return Box::new(
            files
                .chunks(FILE_BATCH)
                .map(move |batch| batch.iter().map(load).collect()),
        );
    }
    // A rendezvous: at most one parsed batch waits for the caller.
    let (sender, receiver) = std::sync::mpsc::sync_channel(0);
    scope.spawn(move || {
        for batch in files.chunks(FILE_BATCH) {
            let outcomes: Vec<Loaded> = batch.par_iter().map(load).collect();
            if sender.send(outcomes).is_err() {
                break;
            }
        }
    });
    Box::new(receiver.into_iter())
}

/// Adds one batch of loaded files to `builder` in order. The watcher is told after the batch,
/// and after each large catalog file (tens of thousands of programs, streamed in here), so a
/// directory of a few large catalogs is told of each.
fn add_batch(
    builder: &mut CatalogBuilder,
    batch: &[(PathBuf, bool)],
    outcomes: Vec<Loaded>,
    group: usize,
    told: &mut Told<'_, '_>,
) {
    let mut told_of = 0;
    for (k, ((file, _), outcome)) in batch.iter().zip(outcomes).enumerate() {
        let large = matches!(outcome, Loaded::Large(_));
        if large {
            // The files before it are in: counted while it streams.
            told.count.read += k - told_of;
            told_of = k;
        }
        add_loaded(builder, file, outcome, group, &mut |b| told.tell(b));
        if large {
            told.read(builder, 1);
            told_of = k + 1;
        }
    }
    if told_of < batch.len() {
        told.read(builder, batch.len() - told_of);
    }
}

/// One file, loaded.
enum Loaded {
    /// Its programs and problems.
    Parsed(Vec<Parsed>, Vec<Problem>),
    /// A large catalog file, streamed into the catalog when its turn comes.
    Large(fs::File),
}

/// Reads and parses one file (see [`open_file`] for `regular`).
fn load_file(path: &Path, regular: bool, sizes: ChunkSizes) -> Loaded {
    match open_file(path, regular) {
        Ok(Opened::Text(text)) => {
            let (parsed, problems) = parse_text(&text, Some(path), sizes);
            Loaded::Parsed(parsed, problems)
        }
        Ok(Opened::Large(file)) => Loaded::Large(file),
        Err(e) => Loaded::Parsed(Vec::new(), vec![e.into_problem(path)]),
    }
}

/// Hands one loaded file to the builder; a large catalog file calls `between` after each
/// window it streams but the last.
fn add_loaded(
    builder: &mut CatalogBuilder,
    file: &Path,
    outcome: Loaded,
    group: usize,
    between: &mut dyn FnMut(&CatalogBuilder),
) {
    match outcome {
        Loaded::Parsed(parsed, problems) => {
            let origin = Origin::File(file.to_path_buf());
            builder.add_parsed(&origin, parsed, problems, group);
        }
        Loaded::Large(handle) => builder.add_large(file, handle, group, between),
    }
}

/// The `*.toml` files of `dir`, sorted by name, each with whether the listing shows a regular
/// file. Hidden files are left out: editors keep lock files and backups there (`.#x.toml` is
/// often a dangling link).
pub(super) fn profile_files(dir: &Path, problems: &mut Vec<Problem>) -> Vec<(PathBuf, bool)> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            let message = format!("cannot list directory: {e}");
            problems.push(Problem::error(Some(dir), None, &message));
            return Vec::new();
        }
    };
    let mut files = Vec::new();
    for entry in entries {
        match entry {
            Ok(entry) => {
                let name = entry.file_name();
                let hidden = name.as_encoded_bytes().first() == Some(&b'.');
                let toml = Path::new(&name)
                    .extension()
                    .is_some_and(|ext| ext == "toml");
                if toml && !hidden {
                    let regular = entry.file_type().is_ok_and(|t| t.is_file());
                    files.push((entry.path(), regular));
                }
            }
            Err(e) => {
                let message = format!("cannot list directory: {e}");
                problems.push(Problem::error(Some(dir), None, &message));
            }
        }
    }
    // Names in one directory are unique, so an unstable sort gives the same order. Every path
    // is `dir` joined to a name, so comparing the bytes orders them as `Path`'s comparison
    // does, without splitting both into components at each of the 1.7 million comparisons
    // 100,000 files take (a sixth of a warm start's fingerprint went there).
    files.sort_unstable_by(|a, b| {
        (a.0.as_os_str().as_encoded_bytes()).cmp(b.0.as_os_str().as_encoded_bytes())
    });
    files
}

/// Whether a path that does not exist is worth a problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Missing {
    /// The user directory: most people never create it.
    Ignore,
    /// A path the user named.
    Error,
}

#[cfg(test)]
#[allow(clippy::expect_used, clippy::unwrap_used)]
mod tests {
    use std::fs;
    use std::path::Path;

    use super::*;
    use crate::catalog::test_files::*;
    use crate::catalog::{Origin, Severity};
    use crate::sanitize::is_clean;

    /// More files than a batch: the batches, parsed one ahead of the one being added, still
    /// land in name order, and a duplicate id in a later batch is found against an earlier one.
    #[test]
    fn a_directory_of_several_batches_loads_in_name_order() {
        let dir = tempfile::tempdir().expect("temp dir");
        let count = 2 * FILE_BATCH + 3;
        for i in 0..count {
            write(
                dir.path(),
                &format!("p{i:05}.toml"),
                &profile(&format!("id{i:05}")),
            );
        }
        let last = dir.path().join(format!("p{count:05}.toml"));
        fs::write(&last, "id = \"id00001\"\nname = \"Again\"\n").expect("write");
        let catalog = load(&only_dirs(&[dir.path()]));
        let want: Vec<String> = (0..count).map(|i| format!("id{i:05}")).collect();
        assert_eq!(ids(&catalog), want);
        assert_eq!(catalog.errors(), 1, "{}", shown(&catalog.problems));
        assert_eq!(catalog.problems[0].path.as_deref(), Some(last.as_path()));
    }

    #[test]
    fn files_load_in_name_order_and_same_directory_duplicates_keep_the_first() {
        let dir = tempfile::tempdir().expect("temp dir");
        write(dir.path(), "b.toml", &profile("bee"));
        write(dir.path(), "a.toml", &profile("ant"));
        write(
            dir.path(),
            "c.toml",
            "# again\nid = \"ant\"\nname = \"Other ant\"\n",
        );
        write(dir.path(), "notes.txt", "not a profile");
        let catalog = load(&only_dirs(&[dir.path()]));
        assert_eq!(ids(&catalog), ["ant", "bee"]);
        assert_eq!(
            catalog.get("ant").map(|p| p.name.as_str()),
            Some("Name of ant")
        );
        assert_eq!(catalog.errors(), 1);
        let p = &catalog.problems[0];
        assert_eq!(p.path.as_deref(), Some(dir.path().join("c.toml").as_path()));
        assert_eq!((p.line, p.column), (Some(2), Some(6)));
        let first = dir.path().join("a.toml");
        assert!(
            p.message.contains(&format!(
                "duplicate id `ant`: {}:1 already uses it",
                first.display()
            )),
            "{p}"
        );
    }

    #[test]
    fn later_sources_override_earlier_ones_in_place() {
        let user = tempfile::tempdir().expect("temp dir");
        let extra = tempfile::tempdir().expect("temp dir");
        write(
            user.path(),
            "ali.toml",
            "id = \"aliexpress\"\nname = \"Mine\"\n",
        );
        write(user.path(), "own.toml", &profile("own"));
        write(extra.path(), "own.toml", "id = \"own\"\nname = \"Extra\"\n");
        let bundled_only = load(&LoadOptions {
            bundled: true,
            ..LoadOptions::default()
        });
        let at = bundled_only
            .index_of("aliexpress")
            .expect("aliexpress is bundled");
        let catalog = load(&LoadOptions {
            bundled: true,
            user_dir: Some(user.path().to_path_buf()),
            extra_dirs: vec![extra.path().to_path_buf()],
        });
        // Replacing a bundled profile is no problem, but it is said, as an info line.
        let said: Vec<(Severity, Option<usize>, &str)> = catalog
            .problems
            .iter()
            .map(|p| (p.severity, p.line, p.message.as_str()))
            .collect();
        assert_eq!(
            said,
            [(
                Severity::Info,
                Some(1),
                "replaces the bundled profile `aliexpress` (aliexpress.toml): this file's \
                 terms are shown instead"
            )],
            "{}",
            shown(&catalog.problems)
        );
        assert_eq!(
            catalog.index_of("aliexpress"),
            Some(at),
            "replaced in place"
        );
        assert_eq!(catalog.profiles[at].name.as_str(), "Mine");
        assert_eq!(
            catalog.origins[at],
            Origin::File(user.path().join("ali.toml"))
        );
        assert_eq!(catalog.get("own").map(|p| p.name.as_str()), Some("Extra"));
        assert_eq!(catalog.profiles.len(), bundled_only.profiles.len() + 1);
        assert_eq!(catalog.origins.len(), catalog.profiles.len());
    }

    #[test]
    fn a_missing_user_dir_is_fine_but_a_missing_profiles_dir_is_an_error() {
        let dir = tempfile::tempdir().expect("temp dir");
        let gone = dir.path().join("gone");
        let catalog = load(&LoadOptions {
            bundled: false,
            user_dir: Some(gone.clone()),
            extra_dirs: vec![],
        });
        assert!(catalog.problems.is_empty());
        let catalog = load(&only_dirs(&[&gone]));
        assert_eq!(catalog.errors(), 1);
        assert_eq!(catalog.problems[0].path.as_deref(), Some(gone.as_path()));
        assert!(catalog.problems[0].message.starts_with("cannot open: "));
    }

    #[test]
    fn validate_checks_files_and_dirs_and_reports_missing_paths() {
        let dir = tempfile::tempdir().expect("temp dir");
        let sub = dir.path().join("sub");
        fs::create_dir(&sub).expect("mkdir");
        write(&sub, "one.toml", &profile("one"));
        let file = write(dir.path(), "profile.txt", &profile("two"));
        let gone = dir.path().join("gone.toml");
        let catalog = validate(&[sub, file, gone.clone()]);
        assert_eq!(ids(&catalog), ["one", "two"]);
        assert_eq!(catalog.errors(), 1);
        assert_eq!(catalog.problems[0].path.as_deref(), Some(gone.as_path()));
        assert!(
            catalog.problems[0]
                .to_string()
                .contains("No such file or directory")
        );
    }

    #[test]
    fn validate_treats_files_of_one_directory_as_one_source() {
        let dir = tempfile::tempdir().expect("temp dir");
        let a = write(dir.path(), "a.toml", &profile("same"));
        let b = write(dir.path(), "b.toml", &profile("same"));
        let catalog = validate(&[a.clone(), b.clone()]);
        assert_eq!(catalog.errors(), 1, "{}", shown(&catalog.problems));
        assert_eq!(catalog.problems[0].path.as_deref(), Some(b.as_path()));
        let catalog = validate(&[a.clone(), a]);
        assert!(
            catalog.problems.is_empty(),
            "a path named twice is read once"
        );
        let other = tempfile::tempdir().expect("temp dir");
        let c = write(other.path(), "c.toml", &profile("same"));
        let catalog = validate(&[b, c.clone()]);
        assert!(catalog.problems.is_empty(), "another directory overrides");
        assert_eq!(catalog.origins, [Origin::File(c)]);
    }

    #[test]
    fn hidden_files_are_not_read() {
        let dir = tempfile::tempdir().expect("temp dir");
        write(dir.path(), ".#draft.toml", "broken [");
        write(dir.path(), "shown.toml", &profile("shown"));
        let catalog = load(&only_dirs(&[dir.path()]));
        assert_eq!(ids(&catalog), ["shown"]);
        assert!(catalog.problems.is_empty());
    }

    #[test]
    fn one_bad_file_never_stops_the_rest() {
        let dir = tempfile::tempdir().expect("temp dir");
        write(dir.path(), "a.toml", &profile("a"));
        write(dir.path(), "b.toml", "id = \"b\"\nname = [");
        fs::write(dir.path().join("c.toml"), b"\xff\xfe").expect("write");
        write(dir.path(), "d.toml", &profile("d"));
        let catalog = load(&only_dirs(&[dir.path()]));
        assert_eq!(ids(&catalog), ["a", "d"]);
        assert_eq!(catalog.errors(), 2);
    }

    #[test]
    fn validate_accepts_alternatives_that_are_bundled() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = write(
            dir.path(),
            "mine.toml",
            "id = \"mine\"\nname = \"Mine\"\nalternatives = [\"aliexpress\"]\n",
        );
        let catalog = validate(&[path]);
        assert!(catalog.problems.is_empty(), "{}", shown(&catalog.problems));
    }

    #[test]
    fn many_files_load_in_parallel_in_a_deterministic_order() {
        let dir = tempfile::tempdir().expect("temp dir");
        let count = 300;
        for i in (0..count).rev() {
            let body = if i % 50 == 7 {
                format!("id = \"p{i:04}\"\nname = \"P\"\n[cookie]\ndays = -{i}\n")
            } else {
                profile(&format!("p{i:04}"))
            };
            write(dir.path(), &format!("p{i:04}.toml"), &body);
        }
        let first = load(&only_dirs(&[dir.path()]));
        let want: Vec<String> = (0..count)
            .filter(|i| i % 50 != 7)
            .map(|i| format!("p{i:04}"))
            .collect();
        assert_eq!(ids(&first), want);
        assert_eq!(first.errors(), 6);
        let lines: Vec<String> = first.problems.iter().map(ToString::to_string).collect();
        let mut sorted = lines.clone();
        sorted.sort();
        assert_eq!(lines, sorted, "problems come in file order");
        let second = load(&only_dirs(&[dir.path()]));
        assert_eq!(ids(&second), ids(&first));
        assert_eq!(second.problems, first.problems);
    }

    #[test]
    fn default_user_dir_is_under_the_config_dir() {
        if let Some(dir) = default_user_dir() {
            assert!(dir.ends_with("affex/profiles"));
        }
    }

    #[test]
    fn invalid_fixtures_show_what_a_user_must_see() {
        let files = fixture_files("invalid");
        assert!(files.len() >= 20, "only {} invalid fixtures", files.len());
        // Every fixture is checked, and every mismatch is listed, not only the first.
        let mut wrong = Vec::new();
        for file in &files {
            let name = file.display();
            let expected = match fs::read_to_string(file.with_extension("expected")) {
                Ok(expected) => expected,
                Err(e) => {
                    wrong.push(format!("{name}: no .expected file: {e}"));
                    continue;
                }
            };
            let catalog = validate(std::slice::from_ref(file));
            if catalog.problems.is_empty() {
                wrong.push(format!("{name}: no problem found"));
            }
            let text = shown(&catalog.problems);
            if !is_clean(&text.replace('\n', "")) {
                wrong.push(format!("{name}: unsafe characters in {text:?}"));
            }
            for want in expected.lines().filter(|l| !l.trim().is_empty()) {
                if !text.contains(want) {
                    wrong.push(format!("{name}: expected to see {want:?} in\n{text}"));
                }
            }
        }
        assert!(
            wrong.is_empty(),
            "{} mismatches among {} invalid fixtures:\n\n{}",
            wrong.len(),
            files.len(),
            wrong.join("\n\n")
        );
    }

    #[test]
    fn valid_fixtures_load_without_problems() {
        let files = fixture_files("valid");
        assert!(files.len() >= 3);
        let catalog = validate(&[Path::new(FIXTURES).join("valid")]);
        assert!(catalog.problems.is_empty(), "{}", shown(&catalog.problems));
        assert_eq!(
            ids(&catalog),
            [
                "catalog-one",
                "catalog-two",
                "catalog-three",
                "full-shop",
                "minimal-shop"
            ]
        );
        let one = catalog.get("catalog-one").expect("loaded");
        assert_eq!(one.cookie.days.map(|d| d.get()), Some(7));
    }

    #[test]
    fn a_watched_load_tells_what_it_has_read_after_each_batch_and_loads_the_same() {
        let first = tempfile::tempdir().expect("temp dir");
        let ant = format!("{}alternatives = [\"nobody\"]\n", profile("ant"));
        write(first.path(), "a.toml", &ant);
        write(first.path(), "b.toml", "id = \"bee\"\nname = \n");
        write(first.path(), "c.toml", &profile("cat"));
        let single = tempfile::tempdir().expect("temp dir");
        let file = write(single.path(), "d.toml", &profile("dog"));
        let last = tempfile::tempdir().expect("temp dir");
        write(last.path(), "e.toml", &profile("eel"));
        write(last.path(), "f.toml", &profile("fox"));
        let mut options = only_dirs(&[first.path(), last.path()]);
        options.extra_dirs.insert(1, file);
        let mut told = Vec::new();
        let watched = load_watching(&options, &mut |progress| {
            let so_far = progress.catalog_so_far(usize::MAX);
            let ids: Vec<String> = ids(&so_far).iter().map(|id| id.to_string()).collect();
            told.push((progress.count, ids, (so_far.errors(), so_far.warnings())));
        });
        let count = |read, listed, more_sources, programs| LoadCount {
            read,
            listed,
            more_sources,
            programs,
        };
        let names = |ids: &[&str]| ids.iter().map(|id| id.to_string()).collect::<Vec<_>>();
        assert_eq!(
            told,
            [
                (count(3, 3, true, 2), names(&["ant", "cat"]), (1, 0)),
                (count(4, 4, true, 3), names(&["ant", "cat", "dog"]), (1, 0)),
                (
                    count(6, 6, false, 5),
                    names(&["ant", "cat", "dog", "eel", "fox"]),
                    (1, 0)
                ),
            ]
        );
        assert!(told.iter().take(2).all(|(c, ..)| c.unfinished()));
        assert!(!told[2].0.unfinished());
        assert_eq!(watched, load(&options), "watching changes nothing loaded");
        let mut first_two = Vec::new();
        load_watching(&options, &mut |progress| {
            first_two.push(ids(&progress.catalog_so_far(2)).join(" "));
        });
        assert_eq!(
            first_two,
            ["ant cat", "ant cat", "ant cat"],
            "a limit keeps the first"
        );
        assert_eq!(
            (watched.errors(), watched.warnings()),
            (1, 1),
            "the whole load adds what needs every file (an alternative naming no program): {}",
            shown(&watched.problems)
        );
    }

    /// A catalog file of 1,100 programs of about 1 KiB each: over [`MAX_FILE_BYTES`], so it is
    /// streamed.
    fn large_catalog(prefix: &str) -> String {
        let summary = "words ".repeat(170);
        let mut text = String::new();
        for i in 0..1100 {
            text.push_str(&format!(
                "[[program]]\nid = \"{prefix}{i}\"\nname = \"{prefix} {i}\"\nsummary = \"{summary}\"\n\n"
            ));
        }
        assert!(
            text.len() as u64 > crate::catalog::MAX_FILE_BYTES,
            "a large file"
        );
        text
    }

    #[test]
    fn a_directory_of_large_catalog_files_is_told_of_after_each_one() {
        let catalog = large_catalog;
        let dir = tempfile::tempdir().expect("temp dir");
        write(dir.path(), "a.toml", &catalog("a"));
        write(dir.path(), "b.toml", &catalog("b"));
        write(dir.path(), "c.toml", &profile("cat"));
        let mut told = Vec::new();
        let loaded = load_watching(&only_dirs(&[dir.path()]), &mut |progress| {
            let programs = progress.catalog_so_far(usize::MAX).profiles.len();
            told.push((progress.count.read, programs));
        });
        assert_eq!(told, [(1, 1100), (2, 2200), (3, 2201)]);
        assert_eq!(loaded.profiles.len(), 2201);
    }

    /// A large catalog file is told of after each window it streams, not only once read, so a
    /// cold start on one big catalog shows its first programs at once; one the stream gives up
    /// on (a mistake in its last window) is read whole, and the load is the same as unwatched.
    #[test]
    fn a_large_catalog_file_is_told_of_after_each_window_it_streams() {
        let dir = tempfile::tempdir().expect("temp dir");
        let good = large_catalog("a");
        write(dir.path(), "a.toml", &good);
        let broken = tempfile::tempdir().expect("temp dir");
        write(
            broken.path(),
            "b.toml",
            &format!("{good}[[program]]\nid = \"open\n"),
        );
        // About 250 programs a window.
        let sizes = ChunkSizes {
            window: 256 * 1024,
            ..ChunkSizes::PRODUCTION
        };
        let file = dir.path().join("a.toml");
        // A profile named to be read before the large file, in the same batch of files.
        let after_one = tempfile::tempdir().expect("temp dir");
        write(after_one.path(), "0.toml", &profile("ant"));
        write(after_one.path(), "a.toml", &good);
        // The options; how many files and programs are in before the large file, of how
        // many files; and how many programs in all.
        for (options, before, listed, last) in [
            (only_dirs(&[dir.path()]), 0, 1, 1100),
            (only_dirs(&[file.as_path()]), 0, 1, 1100),
            (only_dirs(&[after_one.path()]), 1, 2, 1101),
            // Read whole: the syntax error leaves no program.
            (only_dirs(&[broken.path()]), 0, 1, 0),
        ] {
            let mut told = Vec::new();
            let loaded = load_with(&options, sizes, &mut |progress| {
                let so_far = progress.catalog_so_far(usize::MAX).profiles.len();
                let count = progress.count;
                told.push((count.read, count.listed, count.programs, so_far));
            });
            let (done, windows) = told.split_last().expect("told of the file");
            assert_eq!(*done, (listed, listed, last, last), "{told:?}");
            assert!(windows.len() >= 3, "told after each window: {told:?}");
            for pair in windows.windows(2) {
                assert!(pair[0].2 < pair[1].2, "more programs each window: {told:?}");
            }
            for &(read, files, programs, so_far) in windows {
                assert_eq!((read, files), (before, listed), "{told:?}");
                assert_eq!(programs, so_far, "{told:?}");
                assert!(programs > before && programs < before + 1100, "{told:?}");
            }
            assert_eq!(loaded, load(&options), "watching changes nothing loaded");
        }
    }
}
