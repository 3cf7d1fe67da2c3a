//! Gathering programs into a catalog in source order: overrides in place, duplicate ids, a
//! large catalog file streamed in (and taken back if it must be parsed whole), and dangling
//! alternatives.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::ops::Range;
use std::path::Path;

use compact_str::CompactString;

use super::chunks::{CatalogChunks, ChunkSizes, Stream, Whole};
use super::document::parse_whole;
use super::field_path::{join, prefix_of};
use super::per_file::{self, MAX_PROBLEMS_PER_FILE};
use super::problem::{Problem, Severity};
use super::program::Parsed;
use super::read::read_file;
use super::source_cache::SourceCache;
use super::{Catalog, Origin};
use crate::model::Profile;
use crate::suggest::closest;

/// What the loader remembers about a program beyond the profile itself.
struct Meta {
    /// Which source it came from (bundled, user dir, each extra path).
    group: usize,
    /// Its place in a catalog file.
    index: Option<usize>,
    id_span: Range<usize>,
    alternative_spans: Vec<Range<usize>>,
}

/// At most this many dangling alternatives get a "did you mean": each costs a comparison
/// with every id.
const MAX_SUGGESTED: usize = 1000;

/// A program a file replaced in place, kept until the file is known to load in pieces.
type Replaced = (usize, Profile, Origin, Meta);

/// Gathers programs from sources in order, applying the override and duplicate rules.
pub(super) struct CatalogBuilder {
    /// How catalog files are cut into work.
    sizes: ChunkSizes,
    catalog: Catalog,
    meta: Vec<Meta>,
    /// Each id's program. Hashed with foldhash, seeded per process as the search index's
    /// interning is: a cold load looks up every id here and in the catalog file's own table.
    by_id: foldhash::HashMap<CompactString, usize>,
    sources: SourceCache,
    /// Problems the current file's programs met on being added; reported after the file's own.
    pending: Vec<Problem>,
    /// While a large catalog file streams in: the programs it replaced, to put back if it must
    /// be parsed whole after all.
    undo: Option<Vec<Replaced>>,
    /// Late problems (duplicates, dangling alternatives) pointed at their line so far, per
    /// file: past the cap they would not be listed, so they are not looked for.
    located: HashMap<Origin, usize>,
    /// Dangling alternatives given a "did you mean" so far.
    suggested: usize,
}

impl CatalogBuilder {
    /// An empty catalog; catalog files are cut into work of `sizes`.
    pub(super) fn new(sizes: ChunkSizes) -> Self {
        CatalogBuilder {
            sizes,
            catalog: Catalog::default(),
            meta: Vec::new(),
            by_id: foldhash::HashMap::default(),
            sources: SourceCache::default(),
            pending: Vec::new(),
            undo: None,
            located: HashMap::new(),
            suggested: 0,
        }
    }

    /// The programs added so far.
    pub(super) fn len(&self) -> usize {
        self.catalog.profiles.len()
    }

    /// How catalog files are cut into work.
    pub(super) fn sizes(&self) -> ChunkSizes {
        self.sizes
    }

    /// Records a problem found outside any file's programs (a path that cannot be opened).
    pub(super) fn report(&mut self, problem: Problem) {
        self.catalog.problems.push(problem);
    }

    /// The catalog as far as it is built: its first `limit` programs, their origins and the
    /// problems reported so far, without the checks [`CatalogBuilder::finish`] makes.
    pub(super) fn so_far(&self, limit: usize) -> Catalog {
        let count = self.catalog.profiles.len().min(limit);
        Catalog {
            profiles: self.catalog.profiles.iter().take(count).cloned().collect(),
            origins: self.catalog.origins[..count].to_vec(),
            problems: self.catalog.problems.clone(),
        }
    }

    /// Makes room for about `programs` more programs.
    pub(super) fn reserve(&mut self, programs: usize) {
        self.catalog.profiles.vec_mut().reserve(programs);
        self.catalog.origins.reserve(programs);
        self.meta.reserve(programs);
        self.by_id.reserve(programs);
    }

    /// Adds what one text gave: its problems, then its programs from `origin`.
    pub(super) fn add_parsed(
        &mut self,
        origin: &Origin,
        parsed: Vec<Parsed>,
        problems: Vec<Problem>,
        group: usize,
    ) {
        self.catalog.problems.extend(problems);
        for p in parsed {
            self.add(p, origin.clone(), group);
        }
        self.flush_pending();
    }

    /// Streams a large catalog file in, a window and a batch of programs at a time, so neither
    /// its text nor its parsed programs are ever all held twice. If it turns out it must be
    /// parsed whole, what it added is taken back first.
    ///
    /// `between` is called after each window but the last, the window's programs added.
    pub(super) fn add_large(
        &mut self,
        file: &Path,
        handle: fs::File,
        group: usize,
        between: &mut dyn FnMut(&CatalogBuilder),
    ) {
        let mark = self.catalog.profiles.len();
        self.undo = Some(Vec::new());
        let mut pieces = CatalogChunks::new(Some(file), self.sizes);
        let streamed = Stream::open(handle, self.sizes.window).and_then(|mut stream| {
            while stream.feed_window(&mut pieces, &mut |parsed| {
                self.add(parsed, Origin::File(file.to_path_buf()), group);
            })? {
                between(self);
            }
            Ok(())
        });
        let undo = self.undo.take().unwrap_or_default();
        match streamed {
            Ok(()) => {
                self.catalog.problems.extend(pieces.into_problems());
                self.flush_pending();
            }
            Err(Whole) => {
                self.roll_back(mark, undo);
                let (parsed, problems) = match read_file(file) {
                    Ok(text) => parse_whole(&text, Some(file)),
                    Err(e) => (Vec::new(), vec![e.into_problem(file)]),
                };
                self.add_parsed(&Origin::File(file.to_path_buf()), parsed, problems, group);
            }
        }
    }

    /// Takes back everything added since the catalog held `mark` programs.
    fn roll_back(&mut self, mark: usize, undo: Vec<Replaced>) {
        for profile in self.catalog.profiles.iter().skip(mark) {
            self.by_id.remove(profile.id.as_str());
        }
        self.catalog.profiles.vec_mut().truncate(mark);
        self.catalog.origins.truncate(mark);
        self.meta.truncate(mark);
        for (i, profile, origin, meta) in undo.into_iter().rev() {
            self.catalog.profiles[i] = profile;
            self.catalog.origins[i] = origin;
            self.meta[i] = meta;
        }
        self.pending.clear();
    }

    fn flush_pending(&mut self) {
        self.catalog.problems.append(&mut self.pending);
    }

    fn add(&mut self, parsed: Parsed, origin: Origin, group: usize) {
        let Parsed {
            profile,
            index,
            id_span,
            alternative_spans,
        } = parsed;
        let meta = Meta {
            group,
            index,
            id_span,
            alternative_spans,
        };
        let id = profile.id.as_str();
        match self.by_id.get(id).copied() {
            Some(first) if self.meta[first].group == group => {
                let listed = self.worth_locating(&origin);
                if self.pending_past_cap(&origin) {
                    return;
                }
                let first_at = self.describe_place(first, listed);
                let message =
                    format!("duplicate id `{id}`: {first_at} already uses it; this one is ignored");
                let field = join(&prefix_of(meta.index), "id");
                let span = listed.then_some((meta.id_span, id));
                let problem = self
                    .sources
                    .problem(&origin, Severity::Error, field, &message, span);
                self.pending.push(problem);
            }
            Some(earlier) => {
                if let Origin::Bundled(name) = self.catalog.origins[earlier] {
                    let info = replaces_bundled(&mut self.sources, &origin, &meta, id, name);
                    self.pending.push(info);
                }
                let profile = std::mem::replace(&mut self.catalog.profiles[earlier], profile);
                let origin = std::mem::replace(&mut self.catalog.origins[earlier], origin);
                let meta = std::mem::replace(&mut self.meta[earlier], meta);
                if let Some(undo) = &mut self.undo {
                    undo.push((earlier, profile, origin, meta));
                }
            }
            None => {
                self.by_id
                    .insert(CompactString::new(id), self.catalog.profiles.len());
                self.catalog.profiles.vec_mut().push(profile);
                self.catalog.origins.push(origin);
                self.meta.push(meta);
            }
        }
    }

    /// True when `origin`'s pending problems already fill its list, so one more error would
    /// not be listed: it is then only counted (in the pending closing line), never built.
    fn pending_past_cap(&mut self, origin: &Origin) -> bool {
        let key = per_file::key_of(origin);
        let mine = |p: &&Problem| p.path.as_deref() == key.0.as_deref() && p.bundled == key.1;
        let listed = self
            .pending
            .iter()
            .filter(mine)
            .filter(|p| p.hidden.is_none())
            .count();
        if listed < MAX_PROBLEMS_PER_FILE {
            return false;
        }
        match self
            .pending
            .iter_mut()
            .find(|p| p.hidden.is_some() && mine(&&**p))
        {
            Some(placeholder) => per_file::count_in(placeholder, Severity::Error),
            None => self
                .pending
                .push(per_file::counted(origin, Severity::Error)),
        }
        true
    }

    /// True while `origin` has had fewer late problems than a file lists: only those are
    /// pointed at their line (which may mean reading a file again).
    fn worth_locating(&mut self, origin: &Origin) -> bool {
        let count = self.located.entry(origin.clone()).or_insert(0);
        *count += 1;
        *count <= MAX_PROBLEMS_PER_FILE
    }

    /// "profiles/a.toml" or "profiles/a.toml:12", for naming where a program was defined; the
    /// line only when `with_line`.
    fn describe_place(&mut self, index: usize, with_line: bool) -> String {
        let origin = &self.catalog.origins[index];
        let meta = &self.meta[index];
        let id = self.catalog.profiles[index].id.as_str();
        let name = match origin {
            Origin::Bundled(name) => format!("bundled {name}"),
            Origin::File(path) => crate::sanitize::visible_path(path),
        };
        if !with_line {
            return name;
        }
        match self.sources.locate(origin, meta.id_span.clone(), id) {
            Some(location) => format!("{name}:{}", location.line),
            None => name,
        }
    }

    /// Warns about alternatives that name no program, then hands over the catalog with at
    /// most [`MAX_PROBLEMS_PER_FILE`] problems listed per file.
    /// `also_known` holds ids that are valid without being loaded (bundled ids in `validate`).
    pub(super) fn finish(mut self, also_known: &HashSet<String>) -> Catalog {
        let mut elsewhere: Vec<&str> = also_known.iter().map(String::as_str).collect();
        elsewhere.sort_unstable();
        // Found in catalog order, but pointed at their lines a file at a time: programs
        // replaced in place interleave files, and the source cache keeps only a few.
        let mut dangling: Vec<(usize, usize)> = Vec::new();
        for (i, profile) in self.catalog.profiles.iter().enumerate() {
            for (j, alternative) in profile.alternatives.iter().enumerate() {
                let alt = alternative.as_str();
                if !self.by_id.contains_key(alt) && !also_known.contains(alt) {
                    dangling.push((i, j));
                }
            }
        }
        let mut by_file: Vec<usize> = (0..dangling.len()).collect();
        let origins = &self.catalog.origins;
        by_file.sort_by(|&a, &b| {
            origin_key(&origins[dangling[a].0]).cmp(&origin_key(&origins[dangling[b].0]))
        });
        // What each file lists already: past the cap a warning is counted, never built (its
        // text, its "did you mean", its line), and the count goes in one closing line.
        let mut listed_per_file = per_file::listed(&self.catalog.problems);
        let mut closing: HashMap<per_file::FileKey, usize> = HashMap::new();
        let mut warnings: Vec<(usize, Problem)> = Vec::new();
        for k in by_file {
            let (i, j) = dangling[k];
            let origin = self.catalog.origins[i].clone();
            let listed = self.worth_locating(&origin);
            let key = per_file::key_of(&origin);
            let count = listed_per_file.entry(key.clone()).or_insert(0);
            if *count >= MAX_PROBLEMS_PER_FILE {
                // The "did you mean" budget is spent as it was when these were built.
                if listed && self.suggested < MAX_SUGGESTED {
                    self.suggested += 1;
                }
                match closing.get(&key).and_then(|&at| warnings.get_mut(at)) {
                    Some((_, placeholder)) => per_file::count_in(placeholder, Severity::Warning),
                    None => {
                        closing.insert(key, warnings.len());
                        warnings.push((k, per_file::counted(&origin, Severity::Warning)));
                    }
                }
                continue;
            }
            *count += 1;
            let alt = self.catalog.profiles[i].alternatives[j]
                .as_str()
                .to_string();
            let mut message = format!("`{alt}` names no loaded program");
            if listed && self.suggested < MAX_SUGGESTED {
                self.suggested += 1;
                let loaded = self.catalog.profiles.iter().map(|p| p.id.as_str());
                let ids = loaded.chain(elsewhere.iter().copied());
                if let Some(best) = closest(&alt, ids) {
                    message.push_str(&format!("; did you mean `{best}`?"));
                }
            }
            let meta = &self.meta[i];
            let field = join(&prefix_of(meta.index), &format!("alternatives[{j}]"));
            let span = meta
                .alternative_spans
                .get(j)
                .cloned()
                .filter(|_| listed)
                .map(|s| (s, alt.as_str()));
            let problem = self
                .sources
                .problem(&origin, Severity::Warning, field, &message, span);
            warnings.push((k, problem));
        }
        // In catalog order, as they were found.
        warnings.sort_by_key(|(k, _)| *k);
        self.catalog
            .problems
            .extend(warnings.into_iter().map(|(_, p)| p));
        // `validate` does not load the bundled profiles; it names the ones a file replaces.
        for (i, profile) in self.catalog.profiles.iter().enumerate() {
            let id = profile.id.as_str();
            if also_known.contains(id) && matches!(self.catalog.origins[i], Origin::File(_)) {
                let bundled = crate::bundled::BUNDLED
                    .iter()
                    .map(|(name, _)| *name)
                    .find(|name| name.strip_suffix(".toml") == Some(id))
                    .unwrap_or("");
                let origin = &self.catalog.origins[i];
                let info = replaces_bundled(&mut self.sources, origin, &self.meta[i], id, bundled);
                self.catalog.problems.push(info);
            }
        }
        let problems = std::mem::take(&mut self.catalog.problems);
        self.catalog.problems = per_file::cap(problems);
        self.catalog
    }
}

/// The note that a program from `origin` replaces the bundled program `id` (from `name`).
fn replaces_bundled(
    sources: &mut SourceCache,
    origin: &Origin,
    meta: &Meta,
    id: &str,
    name: &str,
) -> Problem {
    let from = if name.is_empty() {
        String::new()
    } else {
        format!(" ({name})")
    };
    let message =
        format!("replaces the bundled profile `{id}`{from}: this file's terms are shown instead");
    let field = join(&prefix_of(meta.index), "id");
    let span = Some((meta.id_span.clone(), id));
    sources.problem(origin, Severity::Info, field, &message, span)
}

/// Orders origins so that one file's problems are located together.
fn origin_key(origin: &Origin) -> (Option<&'static str>, Option<&Path>) {
    match origin {
        Origin::Bundled(name) => (Some(name), None),
        Origin::File(path) => (None, Some(path)),
    }
}

#[cfg(test)]
#[allow(clippy::expect_used, clippy::unwrap_used)]
mod tests {
    use std::collections::HashSet;
    use std::fs;

    use super::*;
    use crate::catalog::sources::{add_bundled, load_with, validate_with};
    use crate::catalog::test_files::*;
    use crate::catalog::{LoadOptions, MAX_FILE_BYTES};

    #[test]
    fn dangling_alternatives_warn_with_their_position() {
        let dir = tempfile::tempdir().expect("temp dir");
        write(
            dir.path(),
            "a.toml",
            "id = \"a\"\nname = \"A\"\nalternatives = [\"b\", \"bb-shop\"]\n",
        );
        write(dir.path(), "b.toml", "id = \"b\"\nname = \"B\"\n");
        write(
            dir.path(),
            "c.toml",
            "[[program]]\nid = \"c\"\nname = \"C\"\nalternatives = [\"bb-shoq\"]\n",
        );
        write(dir.path(), "d.toml", "id = \"bb-shop-two\"\nname = \"D\"\n");
        let catalog = load_with(&only_dirs(&[dir.path()]), SMALL, &mut |_| {});
        let found: Vec<(Option<&str>, Option<usize>, Option<usize>)> = catalog
            .problems
            .iter()
            .map(|p| (p.field.as_deref(), p.line, p.column))
            .collect();
        assert_eq!(
            found,
            [
                (Some("alternatives[1]"), Some(3), Some(22)),
                (Some("program[0].alternatives[0]"), Some(4), Some(17)),
            ]
        );
        assert_eq!(catalog.warnings(), 2);
        assert!(
            catalog.problems[0]
                .message
                .starts_with("`bb-shop` names no loaded program")
        );
        assert!(
            catalog.problems[1]
                .message
                .ends_with("did you mean `bb-shop-two`?")
        );
    }

    #[test]
    fn a_large_catalog_file_streams_to_what_parsing_it_whole_gives() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut text = varied_catalog(40);
        let mut i = 40;
        let summary = "A program padded out to a realistic size. ".repeat(20);
        while text.len() as u64 <= MAX_FILE_BYTES + 1000 {
            text.push_str(&format!(
                "[[program]]\nid = \"p{i}\"\nname = \"Program {i}\"\nsummary = \"{summary}\"\n\n"
            ));
            i += 1;
        }
        text.push_str(&varied_catalog(40).replace("\"p", "\"q"));
        for (n, text) in [
            text.clone(),
            // Bad pieces late in the file: everything streamed so far is taken back.
            format!("{text}[[program]]\nid = \"late\"\nname = [\n"),
            format!("{text}[stray]\nkey = 1\n"),
            text.replacen(
                "[[program]]\nid = \"p0\"",
                "[[program]]\nid = \"aliexpress\"",
                1,
            ),
            // A bundled program replaced early, then a bad piece: the bundled one comes back.
            format!(
                "{}[[program]]\nid = \"late\"\nname = [\n",
                text.replacen(
                    "[[program]]\nid = \"p0\"",
                    "[[program]]\nid = \"aliexpress\"",
                    1
                )
            ),
        ]
        .iter()
        .enumerate()
        {
            let path = dir.path().join(format!("big{n}.toml"));
            fs::write(&path, text).expect("write");
            let options = LoadOptions {
                bundled: true,
                user_dir: None,
                extra_dirs: vec![path.clone()],
            };
            let loaded = load_with(&options, SMALL, &mut |_| {});
            let (parsed, problems) = parse_whole(text, Some(&path));
            let mut reference = CatalogBuilder::new(SMALL);
            add_bundled(&mut reference, 0);
            reference.add_parsed(&Origin::File(path.clone()), parsed, problems, 2);
            let reference = reference.finish(&HashSet::new());
            assert_eq!(loaded.problems, reference.problems, "text {n}");
            assert_eq!(loaded.profiles, reference.profiles, "text {n}");
            assert_eq!(loaded.origins, reference.origins, "text {n}");
        }
    }

    #[test]
    fn an_error_deep_in_a_large_catalog_file_points_at_its_line() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("network.toml");
        let mut text = String::from("# exported directory\n");
        let mut i = 0;
        while text.len() as u64 <= 2 * MAX_FILE_BYTES {
            text.push_str(&format!(
                "[[program]]\nid = \"p{i}\"\nname = \"Program {i}\"\nniches = [\"fishing\", \"camping\"]\n\n"
            ));
            i += 1;
        }
        let bad = i - 7;
        let niches = "niches = [\"fishing\", \"camping\"]\n";
        text = text.replace(
            &format!("name = \"Program {bad}\"\n{niches}"),
            &format!("name = \"Program {bad}\"\n{niches}[program.cookie]\ndays = 2.5\n"),
        );
        fs::write(&path, &text).expect("write");
        let catalog = validate_with(std::slice::from_ref(&path), SMALL);
        assert_eq!(catalog.profiles.len(), i - 1);
        let p = &catalog.problems[0];
        let line = 1 + text[..text.find("days = 2.5").expect("in the text")]
            .matches('\n')
            .count();
        assert!(line > 50_000, "deep in the file: line {line}");
        assert_eq!((p.line, p.column), (Some(line), Some(8)));
        assert_eq!(
            p.field.as_deref(),
            Some(&*format!("program[{bad}].cookie.days"))
        );
        assert_eq!(
            p.to_string(),
            format!(
                "{}:{line}:8: error in `program[{bad}].cookie.days`: expected a whole number of \
                 days from 0 to 36500, found 2.5\n{line:>4} | days = 2.5\n{:6} |        ^^^",
                path.display(),
                ""
            )
        );
        assert_eq!(catalog.problems.len(), 1, "{}", shown(&catalog.problems));
    }

    #[test]
    fn a_large_catalog_file_is_read() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("network.toml");
        let mut text = String::from("# exported directory\n");
        let mut i = 0;
        while text.len() as u64 <= MAX_FILE_BYTES {
            text.push_str(&format!(
                "[[program]]\nid = \"p{i}\"\nname = \"Program {i}\"\nniches = [\"fishing\", \"camping\"]\n\n"
            ));
            i += 1;
        }
        fs::write(&path, &text).expect("write");
        let catalog = validate_with(&[path], SMALL);
        assert_eq!(catalog.errors(), 0, "{:?}", catalog.problems.first());
        assert_eq!(catalog.profiles.len(), i);
    }
}
