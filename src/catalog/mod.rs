//! Loading profiles into a catalog: the bundled ones, the user's directory and any `--profiles`
//! directories, with every problem found on the way located so a user can fix it.
//!
//! Bundled profiles come first, then the user directory, then each extra directory; files in a
//! directory are read in name order (on all cores when there are many), so the result never
//! depends on timing. A program whose id an earlier *source* already loaded replaces it in
//! place, so a user file overrides a bundled profile; two files of one source with the same id
//! are an error on the second. One bad file, or one bad program in a catalog file, never stops
//! the rest.

mod chunks;
mod diagnostic;

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::fs;
use std::io::{self, Read};
use std::ops::Range;
use std::path::{Path, PathBuf};

use compact_str::CompactString;
use rayon::prelude::*;
use serde::Deserialize;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use chunks::{CatalogChunks, Whole};
use diagnostic::{
    Location, PROFILE, closest, describe, is_clean, join, locate, strip_unknown_keys,
};
pub use diagnostic::{Problem, Severity};

use crate::bundled::BUNDLED;
use crate::model::Profile;
use crate::sanitize::sanitize_line;

/// Files larger than this are refused without being read: profiles are a few kilobytes.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// A catalog file (one that opens with `[[program]]`) may be this large: a network's whole
/// directory of programs in one export.
pub const MAX_CATALOG_BYTES: u64 = 512 * 1024 * 1024;

/// How much of a large file is read to see whether it is a catalog file.
const CATALOG_SNIFF_BYTES: u64 = 64 * 1024;

/// From this many files on, a directory is parsed on all cores.
const PARALLEL_FROM: usize = 16;

/// Files parsed together; their programs are added before the next batch is read, so parsed
/// programs waiting to be added never take much memory.
const FILE_BATCH: usize = 2048;

/// At most this many syntax errors are reported per file; later ones are mostly echoes.
const MAX_SYNTAX_ERRORS: usize = 10;

/// Where a loaded profile came from.
#[derive(Debug, Clone, PartialEq, Eq)]
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
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    /// The programs: bundled first, then user files in the order they were read.
    pub profiles: Vec<Profile>,
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

    /// The position in `profiles` of the program with this id.
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.profiles.iter().position(|p| p.id.as_str() == id)
    }

    /// Up to `n` ids that look like `id` (or whose program is named like it), best first, for
    /// "did you mean …?".
    pub fn closest_ids(&self, id: &str, n: usize) -> Vec<&str> {
        let query = id.trim().to_lowercase();
        let mut scored: Vec<(f64, &str)> = self
            .profiles
            .iter()
            .map(|p| {
                let candidate = p.id.as_str();
                let name = p.name.as_str().to_lowercase();
                let mut score = strsim::jaro_winkler(&query, candidate)
                    .max(strsim::jaro_winkler(&query, &name));
                if query.len() >= 2 && (candidate.contains(&query) || name.contains(&query)) {
                    score = score.max(0.9);
                }
                (score, candidate)
            })
            .filter(|(score, _)| *score >= 0.75)
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
        scored.into_iter().take(n).map(|(_, id)| id).collect()
    }

    /// How many problems are errors.
    pub fn errors(&self) -> usize {
        self.count(Severity::Error)
    }

    /// How many problems are warnings.
    pub fn warnings(&self) -> usize {
        self.count(Severity::Warning)
    }

    fn count(&self, severity: Severity) -> usize {
        self.problems
            .iter()
            .filter(|p| p.severity == severity)
            .count()
    }
}

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

/// The user's profile directory: `affex/profiles` under the XDG config directory.
pub fn default_user_dir() -> Option<PathBuf> {
    dirs::config_dir().map(|dir| dir.join("affex").join("profiles"))
}

/// Loads the bundled profiles, the user directory and the extra directories, in that order.
pub fn load(opts: &LoadOptions) -> Catalog {
    let mut builder = Builder::default();
    if opts.bundled {
        builder.add_bundled(0);
    }
    if let Some(dir) = &opts.user_dir {
        builder.add_path(dir, 1, Missing::Ignore);
    }
    for (i, dir) in opts.extra_dirs.iter().enumerate() {
        builder.add_path(dir, 2 + i, Missing::Error);
    }
    builder.finish(&HashSet::new())
}

/// Checks files and directories named explicitly, without the bundled profiles; a path that
/// does not exist is an error. Alternatives may still name bundled programs.
///
/// Files named one by one count as part of their directory, so `validate dir/*.toml` finds the
/// same duplicate ids as `validate dir`; a path named twice is read once.
pub fn validate(paths: &[PathBuf]) -> Catalog {
    let mut builder = Builder::default();
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
        builder.add_path(path, group, Missing::Error);
    }
    let bundled_ids: HashSet<String> = BUNDLED
        .iter()
        .flat_map(|(_, text)| parse_text(text, None).0)
        .map(|parsed| parsed.profile.id.as_str().to_string())
        .collect();
    builder.finish(&bundled_ids)
}

/// Parses one file's text, a single profile or a catalog of `[[program]]` tables, into the
/// programs that are valid and the problems found; `path` is only used to label problems.
pub fn parse_source(src: &str, path: Option<&Path>) -> (Vec<Profile>, Vec<Problem>) {
    let (parsed, problems) = parse_text(src, path);
    (parsed.into_iter().map(|p| p.profile).collect(), problems)
}

/// A program parsed from one text, with the spans the loader may need to point at later.
struct Parsed {
    profile: Profile,
    /// Its place in a catalog file (`program[3]` is 3); `None` for a single profile.
    index: Option<usize>,
    /// Where the `id` value is.
    id_span: Range<usize>,
    /// Where each `alternatives` entry is.
    alternative_spans: Vec<Range<usize>>,
}

/// `program[3]` for the fourth program of a catalog file; empty for a single profile.
fn program_prefix(index: usize) -> String {
    format!("program[{index}]")
}

fn prefix_of(index: Option<usize>) -> String {
    index.map(program_prefix).unwrap_or_default()
}

/// Parses a text into programs and problems (problems in source order).
///
/// A catalog file is parsed in pieces, on all cores when it is large ([`chunks`]); a file that
/// cannot be cut cleanly is parsed whole. Either way the result is the same.
fn parse_text(src: &str, path: Option<&Path>) -> (Vec<Parsed>, Vec<Problem>) {
    if src.trim_start_matches('\u{feff}').trim().is_empty() {
        let problem = Problem::error(
            path,
            None,
            "empty file: a profile needs at least `id` and `name`",
        );
        return (Vec::new(), vec![problem]);
    }
    if chunks::may_be_catalog(src) {
        let mut pieces = CatalogChunks::new(path);
        let mut parsed = Vec::new();
        if chunks::parse_all(src, &mut pieces, &mut |p| parsed.push(p)).is_ok() {
            return (parsed, pieces.into_problems());
        }
    }
    parse_whole(src, path)
}

/// Parses a text as one document: a single profile, or a catalog file that could not be cut.
///
/// A valid profile with no unknown key (the common case) is deserialized directly; anything
/// else takes the diagnostic path, which strips unknown keys with their spans and tracks the
/// path to a bad value.
fn parse_whole(src: &str, path: Option<&Path>) -> (Vec<Parsed>, Vec<Problem>) {
    let (root, errors) = DeTable::parse_recoverable(src);
    if errors.is_empty() && !is_catalog(root.get_ref()) && is_clean(root.get_ref(), PROFILE) {
        let span = root.span();
        let table = root.into_inner();
        let (id_span, alternative_spans) = spans_of(&table);
        let de = toml::de::Deserializer::from(Spanned::new(span, table));
        if let Ok(profile) = Profile::deserialize(de) {
            let parsed = Parsed {
                profile,
                index: None,
                id_span,
                alternative_spans,
            };
            return (vec![parsed], Vec::new());
        }
        // The table was consumed: parse again for the exact diagnostics.
        let (root, errors) = DeTable::parse_recoverable(src);
        return parse_document(src, path, root, errors);
    }
    parse_document(src, path, root, errors)
}

/// A catalog file's root: no `id` of its own and an array of `program` tables.
fn is_catalog(root: &DeTable<'_>) -> bool {
    !root.contains_key("id")
        && matches!(
            root.get("program").map(Spanned::get_ref),
            Some(DeValue::Array(_))
        )
}

/// The diagnostic path for a parsed document.
fn parse_document(
    src: &str,
    path: Option<&Path>,
    root: Spanned<DeTable<'_>>,
    errors: Vec<toml::de::Error>,
) -> (Vec<Parsed>, Vec<Problem>) {
    let mut parsed = Vec::new();
    let mut problems = Vec::new();
    if !errors.is_empty() {
        let shown = errors.len().min(MAX_SYNTAX_ERRORS);
        for error in errors.iter().take(shown) {
            let found = error.span().and_then(|s| src.get(s));
            let message = describe(error.message(), found);
            problems.push(Problem::error(path, None, &message).at_opt(src, error.span()));
        }
        problems.sort_by_key(|p| (p.line, p.column));
        if errors.len() > shown {
            let more = errors.len() - shown;
            problems.push(Problem::error(
                path,
                None,
                &format!("and {more} more syntax errors after these"),
            ));
        }
        return (parsed, problems);
    }
    if is_catalog(root.get_ref()) {
        parse_catalog(root, src, path, &mut parsed, &mut problems);
    } else {
        let span = root.span();
        let mut table = root.into_inner();
        let (id_span, alternative_spans) = spans_of(&table);
        if strip_unknown_keys(&mut table, PROFILE, "", src, path, &mut problems) > 0 {
            problems.sort_by_key(|p| (p.line, p.column));
            return (parsed, problems);
        }
        let de = toml::de::Deserializer::from(Spanned::new(span, table));
        if let Some(profile) = deserialize_profile(de, "", src, path, &mut problems) {
            parsed.push(Parsed {
                profile,
                index: None,
                id_span,
                alternative_spans,
            });
        }
    }
    problems.sort_by_key(|p| (p.line, p.column));
    (parsed, problems)
}

/// Parses each `[[program]]` of a catalog file on its own, so one bad program costs only itself.
fn parse_catalog(
    root: Spanned<DeTable<'_>>,
    src: &str,
    path: Option<&Path>,
    parsed: &mut Vec<Parsed>,
    problems: &mut Vec<Problem>,
) {
    let mut table = root.into_inner();
    let Some(programs) = table.remove("program") else {
        return;
    };
    for key in table.keys() {
        problems.push(outside_key_warning(key, src, path));
    }
    let DeValue::Array(items) = programs.into_inner() else {
        return;
    };
    let mut seen: HashMap<String, (usize, Range<usize>)> = HashMap::new();
    for (i, item) in items.into_iter().enumerate() {
        let Some(program) = catalog_item(item, i, src, path, problems) else {
            continue;
        };
        if let Some((first, first_span)) = seen.get(program.profile.id.as_str()) {
            let line = locate(src, first_span.clone()).line;
            let message = format!(
                "duplicate id `{}`: program[{first}] on line {line} of this file already uses \
                 it; this one is ignored",
                program.profile.id
            );
            let field = join(&program_prefix(i), "id");
            problems.push(Problem::error(path, Some(field), &message).at(src, program.id_span));
            continue;
        }
        seen.insert(
            program.profile.id.as_str().to_string(),
            (i, program.id_span.clone()),
        );
        parsed.push(program);
    }
}

/// The warning for a key of a catalog file outside its programs.
fn outside_key_warning(key: &Spanned<Cow<'_, str>>, src: &str, path: Option<&Path>) -> Problem {
    let name = sanitize_line(key.get_ref());
    let message = format!(
        "unknown key `{name}` is ignored: a catalog file holds only `[[program]]` tables, \
         and each program's fields go inside its own table"
    );
    Problem::warning(path, Some(name), &message).at(src, key.span())
}

/// Parses program `i` of a catalog file through the diagnostic path.
fn catalog_item(
    item: Spanned<DeValue<'_>>,
    i: usize,
    src: &str,
    path: Option<&Path>,
    problems: &mut Vec<Problem>,
) -> Option<Parsed> {
    let prefix = program_prefix(i);
    let span = item.span();
    let mut program = match item.into_inner() {
        DeValue::Table(program) => program,
        other => {
            let message = format!(
                "expected a table of the program's fields, found {}",
                other.type_str()
            );
            problems.push(Problem::error(path, Some(prefix), &message).at(src, span));
            return None;
        }
    };
    let (id_span, alternative_spans) = spans_of(&program);
    if strip_unknown_keys(&mut program, PROFILE, &prefix, src, path, problems) > 0 {
        return None;
    }
    let de = toml::de::ValueDeserializer::from(Spanned::new(span, DeValue::Table(program)));
    let profile = deserialize_profile(de, &prefix, src, path, problems)?;
    Some(Parsed {
        profile,
        index: Some(i),
        id_span,
        alternative_spans,
    })
}

/// What the fast path made of a catalog program.
// Returned by value and matched at once; boxing the common case would cost an allocation.
#[allow(clippy::large_enum_variant)]
enum Fast<'i> {
    /// Loaded, with nothing to report.
    Loaded(Parsed),
    /// Something the diagnostic path must report (unknown keys, an array for a table); the
    /// item is handed back untouched.
    Unclean(Spanned<DeValue<'i>>),
    /// A bad value: the item was consumed, parse again for the diagnostics.
    Failed,
}

/// Deserializes program `i` of a catalog file directly when nothing in it needs reporting.
fn fast_program(item: Spanned<DeValue<'_>>, i: usize) -> Fast<'_> {
    let (id_span, alternative_spans) = match item.get_ref() {
        DeValue::Table(table) if is_clean(table, PROFILE) => spans_of(table),
        _ => return Fast::Unclean(item),
    };
    match Profile::deserialize(toml::de::ValueDeserializer::from(item)) {
        Ok(profile) => Fast::Loaded(Parsed {
            profile,
            index: Some(i),
            id_span,
            alternative_spans,
        }),
        Err(_) => Fast::Failed,
    }
}

/// The spans of a profile table's `id` and of each of its `alternatives`.
fn spans_of(table: &DeTable<'_>) -> (Range<usize>, Vec<Range<usize>>) {
    let id_span = table.get("id").map_or(0..0, Spanned::span);
    let alternative_spans = match table.get("alternatives").map(Spanned::get_ref) {
        Some(DeValue::Array(items)) => items.iter().map(Spanned::span).collect(),
        _ => Vec::new(),
    };
    (id_span, alternative_spans)
}

/// Deserializes one profile, reporting keys nothing read and the first bad value.
fn deserialize_profile<'de, D>(
    de: D,
    prefix: &str,
    src: &str,
    path: Option<&Path>,
    problems: &mut Vec<Problem>,
) -> Option<Profile>
where
    D: serde::Deserializer<'de, Error = toml::de::Error>,
{
    // Unknown keys were stripped beforehand with their spans; this catches any key the
    // known-key lists and the model disagree on, so nothing is ever dropped silently.
    let mut ignored = Vec::new();
    let mut note_ignored = |p: serde_ignored::Path<'_>| ignored.push(ignored_path(&p));
    let result: Result<Profile, _> =
        serde_path_to_error::deserialize(serde_ignored::Deserializer::new(de, &mut note_ignored));
    for key in ignored {
        let message = format!("unknown key `{}` is ignored", sanitize_line(&key));
        problems.push(Problem::warning(path, Some(join(prefix, &key)), &message));
    }
    match result {
        Ok(profile) => Some(profile),
        Err(err) => {
            problems.push(field_error(err, prefix, src, path));
            None
        }
    }
}

/// Turns a deserialization error into a problem naming the field, the span and the reason.
fn field_error(
    err: serde_path_to_error::Error<toml::de::Error>,
    prefix: &str,
    src: &str,
    path: Option<&Path>,
) -> Problem {
    let at = error_path(err.path());
    let field = join(prefix, &at);
    let inner = err.into_inner();
    let span = inner.span();
    let found = span.clone().and_then(|s| src.get(s));
    let message = inner.message();
    if let Some(name) = message
        .strip_prefix("missing field `")
        .and_then(|rest| rest.strip_suffix('`'))
    {
        let example = match name {
            "id" => " (for example `id = \"example-shop\"`)",
            "name" => " (for example `name = \"Example Shop\"`)",
            _ => "",
        };
        let message = format!("missing required field `{name}`{example}");
        let problem = Problem::error(path, Some(join(&field, name)), &message);
        // The top table of a single profile has no line of its own to point at.
        return if prefix.is_empty() && at.is_empty() {
            problem
        } else {
            problem.at_opt(src, span)
        };
    }
    Problem::error(path, Some(field), &describe(message, found)).at_opt(src, span)
}

/// `commission.rate.max`, `payout.frequency[2]`: the dotted form of a serde path.
fn error_path(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => out.push_str(&format!("[{index}]")),
            Segment::Map { key } | Segment::Enum { variant: key } => out = join(&out, key),
            Segment::Unknown => out = join(&out, "?"),
        }
    }
    out
}

/// The dotted form of a path serde_ignored reports.
fn ignored_path(path: &serde_ignored::Path<'_>) -> String {
    use serde_ignored::Path as P;
    match path {
        P::Root => String::new(),
        P::Seq { parent, index } => format!("{}[{index}]", ignored_path(parent)),
        P::Map { parent, key } => join(&ignored_path(parent), key),
        P::Some { parent } | P::NewtypeStruct { parent } | P::NewtypeVariant { parent } => {
            ignored_path(parent)
        }
    }
}

/// Why a file could not be turned into text.
#[derive(Debug, thiserror::Error)]
enum ReadError {
    /// Over [`MAX_FILE_BYTES`]; not read.
    #[error(
        "larger than 1 MiB ({0} bytes); profiles are small, is this the right file? \
         (a catalog file that opens with `[[program]]` may be up to 512 MiB)"
    )]
    TooLarge(u64),
    /// Not UTF-8; `bytes` is kept to show the line.
    #[error("not UTF-8 text: invalid byte at offset {offset}")]
    NotUtf8 { offset: usize, bytes: Vec<u8> },
    /// A symbolic link whose target does not exist.
    #[error("broken symbolic link, its target does not exist: {0}")]
    BrokenLink(#[source] io::Error),
    /// A symbolic link that cannot be followed, such as a loop.
    #[error("cannot follow symbolic link: {0}")]
    Link(#[source] io::Error),
    /// Opening or reading failed (permissions, I/O).
    #[error("cannot read: {0}")]
    Io(#[source] io::Error),
    /// A directory whose name ends in `.toml`.
    #[error("a directory, not a profile file; skipped")]
    Directory,
    /// A pipe, socket or device whose name ends in `.toml`; opening it could block forever.
    #[error("not a regular file (a pipe, socket or device); skipped")]
    Special,
}

impl ReadError {
    fn into_problem(self, path: &Path) -> Problem {
        let message = self.to_string();
        match self {
            ReadError::Directory | ReadError::Special => {
                Problem::warning(Some(path), None, &message)
            }
            ReadError::NotUtf8 { offset, bytes } => {
                let offset = offset.min(bytes.len());
                let (before, after) = bytes.split_at(offset);
                let line_start = before
                    .iter()
                    .rposition(|&b| b == b'\n')
                    .map_or(0, |i| i + 1);
                let line_end = after
                    .iter()
                    .position(|&b| b == b'\n')
                    .map_or(bytes.len(), |i| offset + i);
                let lines_before = before.iter().filter(|&&b| b == b'\n').count();
                let text = String::from_utf8_lossy(bytes.get(line_start..line_end).unwrap_or(&[]));
                let at = offset - line_start;
                let mut problem = Problem::error(Some(path), None, &message).at(&text, at..at + 1);
                problem.line = problem.line.map(|line| line + lines_before);
                problem
            }
            _ => Problem::error(Some(path), None, &message),
        }
    }
}

/// A file opened for loading.
enum Opened {
    /// A profile-sized file, read whole.
    Text(String),
    /// A catalog file larger than a profile may be, opened but not read yet.
    Large(fs::File),
}

/// Opens a profile file, checking its kind and size before reading a byte, and reads it unless
/// it is a large catalog file. `regular` says the directory listing already showed a regular
/// file (not a link), so the path need not be looked up twice.
fn open_file(path: &Path, regular: bool) -> Result<Opened, ReadError> {
    let (mut file, len) = if regular {
        let file = fs::File::open(path).map_err(ReadError::Io)?;
        let meta = file.metadata().map_err(ReadError::Io)?;
        check_kind(&meta)?;
        (file, meta.len())
    } else {
        let meta = fs::metadata(path).map_err(|e| {
            let is_link = fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
            if is_link && e.kind() == io::ErrorKind::NotFound {
                ReadError::BrokenLink(e)
            } else if is_link {
                ReadError::Link(e)
            } else {
                ReadError::Io(e)
            }
        })?;
        check_kind(&meta)?;
        (fs::File::open(path).map_err(ReadError::Io)?, meta.len())
    };
    if len <= MAX_FILE_BYTES {
        read_all(file, len, MAX_FILE_BYTES).map(Opened::Text)
    } else if len <= MAX_CATALOG_BYTES && opens_as_catalog(&mut file)? {
        Ok(Opened::Large(file))
    } else {
        Err(ReadError::TooLarge(len))
    }
}

/// Refuses directories, pipes, sockets and devices.
fn check_kind(meta: &fs::Metadata) -> Result<(), ReadError> {
    if meta.is_dir() {
        Err(ReadError::Directory)
    } else if !meta.is_file() {
        Err(ReadError::Special)
    } else {
        Ok(())
    }
}

/// Reads an opened file of `len` bytes as UTF-8 text; a file that grew since it was measured
/// still stops at `limit`.
fn read_all(file: fs::File, len: u64, limit: u64) -> Result<String, ReadError> {
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0) + 1);
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    let len = bytes.len() as u64;
    if len > limit {
        return Err(ReadError::TooLarge(len));
    }
    String::from_utf8(bytes).map_err(|e| ReadError::NotUtf8 {
        offset: e.utf8_error().valid_up_to(),
        bytes: e.into_bytes(),
    })
}

/// Reads a profile file whole, checking its kind and size first; a large catalog file too.
fn read_file(path: &Path) -> Result<String, ReadError> {
    match open_file(path, false)? {
        Opened::Text(text) => Ok(text),
        Opened::Large(file) => {
            let len = file.metadata().map_or(0, |m| m.len());
            read_all(file, len, MAX_CATALOG_BYTES)
        }
    }
}

/// True when the first table of the file is `[[program]]` with no key before it: a catalog
/// file, which may be larger than a profile. Reads only the first [`CATALOG_SNIFF_BYTES`], then
/// rewinds.
fn opens_as_catalog(file: &mut fs::File) -> Result<bool, ReadError> {
    use std::io::{Seek, SeekFrom};
    let mut head = Vec::new();
    (&mut *file)
        .take(CATALOG_SNIFF_BYTES)
        .read_to_end(&mut head)
        .map_err(ReadError::Io)?;
    file.seek(SeekFrom::Start(0)).map_err(ReadError::Io)?;
    let head = String::from_utf8_lossy(&head);
    let first = head
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'));
    Ok(first.is_some_and(|l| l.trim_start_matches('\u{feff}').starts_with("[[program]]")))
}

/// One file, loaded.
enum Loaded {
    /// Its programs and problems.
    Parsed(Vec<Parsed>, Vec<Problem>),
    /// A large catalog file, streamed into the catalog when its turn comes.
    Large(fs::File),
}

/// Reads and parses one file (see [`open_file`] for `regular`).
fn load_file(path: &Path, regular: bool) -> Loaded {
    match open_file(path, regular) {
        Ok(Opened::Text(text)) => {
            let (parsed, problems) = parse_text(&text, Some(path));
            Loaded::Parsed(parsed, problems)
        }
        Ok(Opened::Large(file)) => Loaded::Large(file),
        Err(e) => Loaded::Parsed(Vec::new(), vec![e.into_problem(path)]),
    }
}

/// The `*.toml` files of `dir`, sorted by name, each with whether the listing shows a regular
/// file. Hidden files are left out: editors keep lock files and backups there (`.#x.toml` is
/// often a dangling link).
fn profile_files(dir: &Path, problems: &mut Vec<Problem>) -> Vec<(PathBuf, bool)> {
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
    // Names in one directory are unique, so an unstable sort gives the same order.
    files.sort_unstable_by(|a, b| a.0.cmp(&b.0));
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

/// What the loader remembers about a program beyond the profile itself.
struct Meta {
    /// Which source it came from (bundled, user dir, each extra path).
    group: usize,
    /// Its place in a catalog file.
    index: Option<usize>,
    id_span: Range<usize>,
    alternative_spans: Vec<Range<usize>>,
}

/// A program a file replaced in place, kept until the file is known to load in pieces.
type Replaced = (usize, Profile, Origin, Meta);

/// Gathers programs from sources in order, applying the override and duplicate rules.
#[derive(Default)]
struct Builder {
    catalog: Catalog,
    meta: Vec<Meta>,
    by_id: HashMap<CompactString, usize>,
    sources: SourceCache,
    /// Problems the current file's programs met on being added; reported after the file's own.
    pending: Vec<Problem>,
    /// While a large catalog file streams in: the programs it replaced, to put back if it must
    /// be parsed whole after all.
    undo: Option<Vec<Replaced>>,
}

impl Builder {
    fn add_bundled(&mut self, group: usize) {
        for (name, text) in BUNDLED {
            let (parsed, problems) = parse_text(text, None);
            self.catalog
                .problems
                .extend(problems.into_iter().map(|mut p| {
                    p.bundled = Some(name);
                    p
                }));
            for p in parsed {
                self.add(p, Origin::Bundled(name), group);
            }
            self.flush_pending();
        }
    }

    fn add_path(&mut self, path: &Path, group: usize, missing: Missing) {
        match fs::metadata(path) {
            Err(e) if e.kind() == io::ErrorKind::NotFound && missing == Missing::Ignore => {}
            Err(e) => {
                let message = format!("cannot open: {e}");
                self.catalog
                    .problems
                    .push(Problem::error(Some(path), None, &message));
            }
            Ok(meta) if meta.is_dir() => {
                let files = profile_files(path, &mut self.catalog.problems);
                self.catalog.profiles.reserve(files.len());
                self.catalog.origins.reserve(files.len());
                self.meta.reserve(files.len());
                self.by_id.reserve(files.len());
                let parallel = files.len() >= PARALLEL_FROM;
                let load = |(file, regular): &(PathBuf, bool)| load_file(file, *regular);
                for batch in files.chunks(FILE_BATCH) {
                    let outcomes: Vec<Loaded> = if parallel {
                        batch.par_iter().map(load).collect()
                    } else {
                        batch.iter().map(load).collect()
                    };
                    for ((file, _), outcome) in batch.iter().zip(outcomes) {
                        self.add_loaded(file, outcome, group);
                    }
                }
            }
            Ok(_) => {
                let outcome = load_file(path, false);
                self.add_loaded(path, outcome, group);
            }
        }
    }

    fn add_loaded(&mut self, file: &Path, outcome: Loaded, group: usize) {
        match outcome {
            Loaded::Parsed(parsed, problems) => self.add_outcome(file, parsed, problems, group),
            Loaded::Large(handle) => self.add_large(file, handle, group),
        }
    }

    fn add_outcome(
        &mut self,
        file: &Path,
        parsed: Vec<Parsed>,
        problems: Vec<Problem>,
        group: usize,
    ) {
        self.catalog.problems.extend(problems);
        for p in parsed {
            self.add(p, Origin::File(file.to_path_buf()), group);
        }
        self.flush_pending();
    }

    /// Streams a large catalog file in, a window and a batch of programs at a time, so neither
    /// its text nor its parsed programs are ever all held twice. If it turns out it must be
    /// parsed whole, what it added is taken back first.
    fn add_large(&mut self, file: &Path, handle: fs::File, group: usize) {
        let mark = self.catalog.profiles.len();
        self.undo = Some(Vec::new());
        let mut pieces = CatalogChunks::new(Some(file));
        let streamed = chunks::stream(handle, &mut pieces, &mut |parsed| {
            self.add(parsed, Origin::File(file.to_path_buf()), group);
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
                self.add_outcome(file, parsed, problems, group);
            }
        }
    }

    /// Takes back everything added since the catalog held `mark` programs.
    fn roll_back(&mut self, mark: usize, undo: Vec<Replaced>) {
        for profile in self.catalog.profiles.iter().skip(mark) {
            self.by_id.remove(profile.id.as_str());
        }
        self.catalog.profiles.truncate(mark);
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
                let first_at = self.describe_place(first);
                let message =
                    format!("duplicate id `{id}`: {first_at} already uses it; this one is ignored");
                let field = join(&prefix_of(meta.index), "id");
                let problem = self.sources.problem(
                    &origin,
                    Severity::Error,
                    field,
                    &message,
                    Some((meta.id_span, id)),
                );
                self.pending.push(problem);
            }
            Some(earlier) => {
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
                self.catalog.profiles.push(profile);
                self.catalog.origins.push(origin);
                self.meta.push(meta);
            }
        }
    }

    /// "profiles/a.toml" or "profiles/a.toml:12", for naming where a program was defined.
    fn describe_place(&mut self, index: usize) -> String {
        let origin = &self.catalog.origins[index];
        let meta = &self.meta[index];
        let id = self.catalog.profiles[index].id.as_str();
        let name = match origin {
            Origin::Bundled(name) => format!("bundled {name}"),
            Origin::File(path) => sanitize_line(&path.display().to_string()),
        };
        match self.sources.locate(origin, meta.id_span.clone(), id) {
            Some(location) => format!("{name}:{}", location.line),
            None => name,
        }
    }

    /// Warns about alternatives that name no program, then hands over the catalog.
    /// `also_known` holds ids that are valid without being loaded (bundled ids in `validate`).
    fn finish(mut self, also_known: &HashSet<String>) -> Catalog {
        // Suggestions cost a comparison with every id; skip them for huge catalogs.
        let suggest = self.catalog.profiles.len() + also_known.len() <= 5_000;
        let mut elsewhere: Vec<&str> = also_known.iter().map(String::as_str).collect();
        elsewhere.sort_unstable();
        let mut warnings = Vec::new();
        for (i, profile) in self.catalog.profiles.iter().enumerate() {
            for (j, alternative) in profile.alternatives.iter().enumerate() {
                let alt = alternative.as_str();
                if self.by_id.contains_key(alt) || also_known.contains(alt) {
                    continue;
                }
                let mut message = format!("`{alt}` names no loaded program");
                let loaded = self.catalog.profiles.iter().map(|p| p.id.as_str());
                let ids = loaded.chain(elsewhere.iter().copied());
                if suggest && let Some(best) = closest(alt, ids) {
                    message.push_str(&format!("; did you mean `{best}`?"));
                }
                let meta = &self.meta[i];
                let field = join(&prefix_of(meta.index), &format!("alternatives[{j}]"));
                let span = meta.alternative_spans.get(j).cloned().map(|s| (s, alt));
                warnings.push(self.sources.problem(
                    &self.catalog.origins[i],
                    Severity::Warning,
                    field,
                    &message,
                    span,
                ));
            }
        }
        self.catalog.problems.extend(warnings);
        self.catalog
    }
}

/// How many texts [`SourceCache`] keeps: a duplicate names the file it duplicates, so late
/// problems often alternate between two files.
const KEPT_SOURCES: usize = 2;

/// Texts at least this long get an index of their lines, so pointing at a span deep in a large
/// catalog file does not count lines from the top each time.
const INDEXED_FROM: usize = 64 * 1024;

/// Re-reads a source to point a late problem (a duplicate, a dangling alternative) at its line.
/// Sources are not kept while loading; problems found after parsing are rare, and the last texts
/// read are cached because such problems come in runs from one file.
#[derive(Default)]
struct SourceCache {
    /// The most recently read last.
    recent: Vec<Source>,
}

/// A text [`SourceCache`] read.
struct Source {
    origin: Origin,
    text: Option<Cow<'static, str>>,
    /// Where each line starts, for a long text; built when first needed.
    line_starts: Option<Vec<usize>>,
}

impl SourceCache {
    fn source(&mut self, origin: &Origin) -> Option<&mut Source> {
        let at = match self.recent.iter().position(|s| &s.origin == origin) {
            Some(at) => at,
            None => {
                let text = match origin {
                    Origin::Bundled(name) => BUNDLED
                        .iter()
                        .find(|(n, _)| n == name)
                        .map(|(_, text)| Cow::Borrowed(*text)),
                    Origin::File(path) => read_file(path).ok().map(Cow::Owned),
                };
                if self.recent.len() >= KEPT_SOURCES {
                    self.recent.remove(0);
                }
                self.recent.push(Source {
                    origin: origin.clone(),
                    text,
                    line_starts: None,
                });
                self.recent.len() - 1
            }
        };
        self.recent.get_mut(at)
    }

    /// Where `span` is in `origin`, if the text there still reads `expect`.
    fn locate(&mut self, origin: &Origin, span: Range<usize>, expect: &str) -> Option<Location> {
        let source = self.source(origin)?;
        let text = source.text.as_deref()?;
        if !text.get(span.clone()).is_some_and(|t| t.contains(expect)) {
            return None;
        }
        if text.len() < INDEXED_FROM {
            return Some(locate(text, span));
        }
        let starts = source
            .line_starts
            .get_or_insert_with(|| diagnostic::line_starts(text));
        Some(diagnostic::locate_indexed(text, span, starts))
    }

    /// A problem in `origin`, pointed at `span` when the text there still reads as expected.
    fn problem(
        &mut self,
        origin: &Origin,
        severity: Severity,
        field: String,
        message: &str,
        span: Option<(Range<usize>, &str)>,
    ) -> Problem {
        let mut problem = Problem::new(severity, origin.path(), Some(field), message);
        if let Origin::Bundled(name) = origin {
            problem.bundled = Some(name);
        }
        if let Some((span, expect)) = span
            && let Some(location) = self.locate(origin, span, expect)
        {
            problem = problem.at_location(location);
        }
        problem
    }
}

#[cfg(test)]
#[allow(clippy::expect_used, clippy::unwrap_used)]
mod tests {
    use super::diagnostic::{self, Shape};
    use super::*;
    use crate::sanitize::is_clean;

    const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");

    fn write(dir: &Path, name: &str, body: &str) -> PathBuf {
        let path = dir.join(name);
        fs::write(&path, body).expect("write a test file");
        path
    }

    fn profile(id: &str) -> String {
        format!("id = \"{id}\"\nname = \"Name of {id}\"\n")
    }

    fn shown(problems: &[Problem]) -> String {
        problems
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn ids(catalog: &Catalog) -> Vec<&str> {
        catalog.profiles.iter().map(|p| p.id.as_str()).collect()
    }

    fn only_dirs(dirs: &[&Path]) -> LoadOptions {
        LoadOptions {
            bundled: false,
            user_dir: None,
            extra_dirs: dirs.iter().map(|d| d.to_path_buf()).collect(),
        }
    }

    #[test]
    fn a_minimal_profile_loads_without_problems() {
        let (profiles, problems) = parse_source(&profile("shop"), None);
        assert!(problems.is_empty(), "{}", shown(&problems));
        assert_eq!(profiles.len(), 1);
        assert_eq!(profiles[0].name.as_str(), "Name of shop");
    }

    #[test]
    fn a_bad_value_names_the_field_line_and_column_and_shows_the_line() {
        let src = format!("{}\n[cookie]\ndays = -1\n", profile("shop"));
        let (profiles, problems) = parse_source(&src, Some(Path::new("profiles/bad.toml")));
        assert!(profiles.is_empty());
        assert_eq!(
            shown(&problems),
            "profiles/bad.toml:5:8: error in `cookie.days`: expected a whole number of days \
             from 0 to 36500, found -1\n   5 | days = -1\n     |        ^^"
        );
        let p = &problems[0];
        assert_eq!((p.line, p.column), (Some(5), Some(8)));
        assert_eq!(p.field.as_deref(), Some("cookie.days"));
        assert_eq!(p.excerpt.as_deref(), Some("days = -1"));
    }

    #[test]
    fn missing_id_and_name_are_named() {
        let (_, problems) = parse_source("name = \"X\"\n", None);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].field.as_deref(), Some("id"));
        assert!(
            problems[0]
                .message
                .starts_with("missing required field `id`")
        );
        let (_, problems) = parse_source("id = \"x\"\n", None);
        assert_eq!(problems[0].field.as_deref(), Some("name"));
        assert!(
            problems[0]
                .message
                .starts_with("missing required field `name`")
        );
    }

    #[test]
    fn unknown_keys_warn_and_the_profile_still_loads() {
        let src = format!(
            "{}colour = \"red\"\n[cookie]\ndays = 30\ndayz = 31\n[commission]\nrate = {{ min = 1, maxx = 5 }}\n",
            profile("shop")
        );
        let (profiles, problems) = parse_source(&src, None);
        assert_eq!(profiles.len(), 1, "{}", shown(&problems));
        assert_eq!(profiles[0].cookie.days.map(|d| d.get()), Some(30));
        let found: Vec<(Option<&str>, Option<usize>, Option<usize>)> = problems
            .iter()
            .map(|p| (p.field.as_deref(), p.line, p.column))
            .collect();
        assert_eq!(
            found,
            [
                (Some("colour"), Some(3), Some(1)),
                (Some("cookie.dayz"), Some(6), Some(1)),
                (Some("commission.rate.maxx"), Some(8), Some(19)),
            ]
        );
        assert!(problems.iter().all(|p| p.severity == Severity::Warning));
        assert!(problems[2].message.contains("did you mean `max`?"));
    }

    #[test]
    fn arrays_where_tables_belong_are_errors() {
        for body in [
            "cookie = [30]",
            "[commission]\nrate = [1, 5]",
            "[promotion]\nexplicit = [\"prohibited\"]",
            "audiences = [[\"bloggers\"]]",
        ] {
            let (profiles, problems) = parse_source(&format!("{}{body}\n", profile("x")), None);
            assert!(profiles.is_empty(), "{body} must not load");
            assert!(
                problems[0]
                    .message
                    .starts_with("expected a table, found an array"),
                "{body}: {}",
                shown(&problems)
            );
        }
    }

    #[test]
    fn catalog_files_load_each_program_on_its_own() {
        let src = "[[program]]\nid = \"a\"\nname = \"A\"\n\n[[program]]\nid = \"b\"\nname = \"B\"\n\
                   cookie = { days = -3 }\n\n[[program]]\nid = \"c\"\nname = \"C\"\ncolour = 1\n\n\
                   [[program]]\nname = \"No id\"\n";
        let (profiles, problems) = parse_source(src, Some(Path::new("many.toml")));
        let loaded: Vec<&str> = profiles.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(loaded, ["a", "c"]);
        let found: Vec<(Severity, Option<&str>, Option<usize>)> = problems
            .iter()
            .map(|p| (p.severity, p.field.as_deref(), p.line))
            .collect();
        assert_eq!(
            found,
            [
                (Severity::Error, Some("program[1].cookie.days"), Some(8)),
                (Severity::Warning, Some("program[2].colour"), Some(13)),
                (Severity::Error, Some("program[3].id"), Some(15)),
            ]
        );
        assert_eq!(problems[2].excerpt.as_deref(), Some("[[program]]"));
    }

    #[test]
    fn catalog_files_warn_about_keys_outside_programs() {
        let src = "title = \"mine\"\n[[program]]\nid = \"a\"\nname = \"A\"\n";
        let (profiles, problems) = parse_source(src, None);
        assert_eq!(profiles.len(), 1);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].severity, Severity::Warning);
        assert_eq!(problems[0].line, Some(1));
    }

    #[test]
    fn duplicate_ids_in_a_catalog_file_keep_the_first() {
        let src = "[[program]]\nid = \"a\"\nname = \"First\"\n[[program]]\nid = \"a\"\nname = \"Second\"\n";
        let (profiles, problems) = parse_source(src, None);
        assert_eq!(profiles.len(), 1);
        assert_eq!(profiles[0].name.as_str(), "First");
        assert_eq!(problems[0].field.as_deref(), Some("program[1].id"));
        assert_eq!(problems[0].line, Some(5));
        assert!(problems[0].message.contains("program[0] on line 2"));
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
        assert_eq!(catalog.problems, [], "{}", shown(&catalog.problems));
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
    fn oversized_files_are_refused_unread() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("huge.toml");
        let file = fs::File::create(&path).expect("create");
        file.set_len(MAX_FILE_BYTES + 1).expect("sparse file");
        let catalog = validate(&[path]);
        assert!(
            catalog.problems[0].message.starts_with(
                "larger than 1 MiB (1048577 bytes); profiles are small, is this the right file?"
            ),
            "{}",
            catalog.problems[0].message
        );
    }

    /// One program as parsed, in a form that compares.
    type Compared = (Profile, Option<usize>, Range<usize>, Vec<Range<usize>>);

    /// Everything parsing gives, in a form that compares.
    fn outcome((parsed, problems): (Vec<Parsed>, Vec<Problem>)) -> (Vec<Compared>, Vec<Problem>) {
        let parsed = parsed
            .into_iter()
            .map(|p| (p.profile, p.index, p.id_span, p.alternative_spans))
            .collect();
        (parsed, problems)
    }

    /// Program `i` of a test catalog: mostly clean, with every kind of trouble now and then.
    fn varied_program(i: usize) -> String {
        let mut p = format!(
            "[[program]]\nid = \"p{i}\"\nname = \"Program {i}\"\nniches = [\"fishing\", \"camping\"]\n\
             alternatives = [\"p{}\", \"nowhere-{i}\"]\n",
            i + 1
        );
        match i % 17 {
            1 => p.push_str("colour = \"red\"\n"),
            2 => p.push_str("[program.cookie]\ndays = -4\n"),
            3 => p = p.replace("name = ", "# no name\nnom = "),
            4 => p.push_str("[program.commission]\nrate = [1, 5]\n"),
            5 => p = p.replace(&format!("id = \"p{i}\""), "id = \"p0\""),
            6 => p.push_str("summary = \"\"\"\nA text that quotes a header:\n[[program]]\nand goes on.\"\"\"\n"),
            7 => p.push_str("\n# a comment line\n\n[[program.audiences]]\nkind = \"bloggers\"\nnichez = [\"x\"]\n"),
            8 => p = p.replace('\n', "\r\n"),
            9 => p.push_str("[program.payout]\nminimum = { min = 5, currency = \"usd\" }\n"),
            10 => p.push_str("[[program.notes]]\nfield = \"cookie\"\nkind = \"caveat\"\ntext = \"A ''' mark\"\n"),
            11 => p.push_str("summary = '''\n[[program]]\n'''\nlaunched = 1999-01-01\n"),
            12 => p.push_str("[program.market.average_order]\nmin = 10\nmax = 5\n"),
            13 => p = p.replace("[[program]]\n", "  [[program]]  # indented\n"),
            14 => p.push_str("website = \"https://example.com/速卖通\"\n"),
            _ => {}
        }
        p
    }

    fn varied_catalog(count: usize) -> String {
        let mut text = String::from("# A test catalog\n\n");
        for i in 0..count {
            text.push_str(&varied_program(i));
            text.push('\n');
        }
        text
    }

    #[test]
    fn catalog_pieces_give_exactly_what_parsing_whole_gives() {
        let catalog = varied_catalog(120);
        let texts = [
            catalog.clone(),
            format!("title = \"mine\"\n[meta]\nby = \"x\"\n{catalog}"),
            // Keys outside the programs after the first piece: parsed whole.
            format!("{catalog}[meta]\nby = \"x\"\n"),
            // A syntax error deep inside: parsed whole, nothing loads.
            catalog.replace("name = \"Program 97\"", "name = \"Program 97"),
            // A duplicate table inside one program.
            catalog.replace("[program.cookie]\ndays = -4\n", "[program.cookie]\n[program.cookie]\n"),
            // A single profile that mentions a header.
            "id = \"x\"\nname = \"X\"\nsummary = \"\"\"\n[[program]]\n\"\"\"\n".to_string(),
            "id = \"x\"\nname = \"X\"\n[[program]]\nid = \"y\"\n".to_string(),
            "[[program]]\n".to_string(),
            "[[program]]\nid = \"a\"\nname = \"A\"\n[program]\nid = \"b\"\n".to_string(),
            "\u{feff}[[program]]\nid = \"a\"\nname = \"A\"\n[[program]]\nid = \"b\"\nname = \"B\"\n"
                .to_string(),
        ];
        for (n, text) in texts.iter().enumerate() {
            let path = Some(Path::new("many.toml"));
            let pieces = outcome(parse_text(text, path));
            let whole = outcome(parse_whole(text, path));
            assert_eq!(pieces.1, whole.1, "text {n}: problems differ");
            assert_eq!(pieces.0, whole.0, "text {n}: programs differ");
        }
        let (parsed, problems) = parse_text(&catalog, None);
        assert_eq!(
            (parsed.len(), problems.len()),
            (71, 70),
            "the test catalog is varied"
        );
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
        let catalog = validate(std::slice::from_ref(&path));
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
            let loaded = load(&LoadOptions {
                bundled: true,
                user_dir: None,
                extra_dirs: vec![path.clone()],
            });
            let (parsed, problems) = parse_whole(text, Some(&path));
            let mut reference = Builder::default();
            reference.add_bundled(0);
            reference.add_outcome(&path, parsed, problems, 2);
            let reference = reference.finish(&HashSet::new());
            assert_eq!(loaded.problems, reference.problems, "text {n}");
            assert_eq!(loaded.profiles, reference.profiles, "text {n}");
            assert_eq!(loaded.origins, reference.origins, "text {n}");
        }
    }

    #[test]
    fn the_fast_check_agrees_with_stripping_unknown_keys() {
        let mut texts: Vec<String> = fixture_files("invalid")
            .into_iter()
            .chain(fixture_files("valid"))
            .filter_map(|f| fs::read_to_string(f).ok())
            .collect();
        texts.push(varied_catalog(40));
        for text in texts {
            let Ok(root) = DeTable::parse(&text) else {
                continue;
            };
            let mut tables = vec![root.into_inner()];
            if let Some(DeValue::Array(items)) = tables[0].get("program").map(Spanned::get_ref) {
                let programs: Vec<DeTable<'_>> = items
                    .iter()
                    .filter_map(|item| match item.get_ref() {
                        DeValue::Table(t) => Some(t.clone()),
                        _ => None,
                    })
                    .collect();
                tables.extend(programs);
            }
            for mut table in tables {
                let clean = diagnostic::is_clean(&table, diagnostic::PROFILE);
                let mut problems = Vec::new();
                let errors = strip_unknown_keys(
                    &mut table,
                    diagnostic::PROFILE,
                    "",
                    &text,
                    None,
                    &mut problems,
                );
                assert_eq!(clean, problems.is_empty() && errors == 0, "{text}");
            }
        }
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
        let catalog = validate(&[path]);
        assert_eq!(catalog.errors(), 0, "{:?}", catalog.problems.first());
        assert_eq!(catalog.profiles.len(), i);
    }

    #[test]
    fn non_utf8_text_is_located() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("latin1.toml");
        fs::write(&path, b"id = \"x\"\nname = \"Caf\xe9\"\n").expect("write");
        let catalog = validate(&[path]);
        let p = &catalog.problems[0];
        assert_eq!(p.message, "not UTF-8 text: invalid byte at offset 20");
        assert_eq!((p.line, p.column), (Some(2), Some(12)));
    }

    /// A file that opens but cannot be read, whoever runs the tests: permission bits do not
    /// stop root (as CI runs), but `/proc/self/mem` fails to read at offset 0, where nothing is
    /// mapped. (The integration tests run the binary as `nobody` for "Permission denied".)
    #[cfg(target_os = "linux")]
    #[test]
    fn unreadable_files_report_the_os_error() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("memory.toml");
        std::os::unix::fs::symlink("/proc/self/mem", &path).expect("symlink");
        write(dir.path(), "fine.toml", &profile("fine"));
        let catalog = load(&only_dirs(&[dir.path()]));
        assert_eq!(ids(&catalog), ["fine"]);
        assert_eq!(
            shown(&catalog.problems),
            format!(
                "{}: error: cannot read: Input/output error (os error 5)",
                path.display()
            )
        );
    }

    /// A path through a regular file, as if it were a directory, cannot be opened by root either.
    #[cfg(unix)]
    #[test]
    fn a_path_that_cannot_be_opened_reports_the_os_error() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = write(dir.path(), "plain.toml", &profile("plain"));
        let inside = file.join("inner.toml");
        let catalog = validate(std::slice::from_ref(&inside));
        assert!(catalog.profiles.is_empty());
        assert_eq!(
            shown(&catalog.problems),
            format!(
                "{}: error: cannot open: Not a directory (os error 20)",
                inside.display()
            )
        );
    }

    #[test]
    fn empty_files_are_errors() {
        let dir = tempfile::tempdir().expect("temp dir");
        write(dir.path(), "empty.toml", "");
        write(dir.path(), "blank.toml", " \n\t\n");
        let catalog = load(&only_dirs(&[dir.path()]));
        assert_eq!(catalog.errors(), 2);
        assert!(
            catalog
                .problems
                .iter()
                .all(|p| p.message == "empty file: a profile needs at least `id` and `name`")
        );
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loops_and_broken_links_report_the_os_error() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().expect("temp dir");
        let d = dir.path();
        symlink(d.join("loop-b.toml"), d.join("loop-a.toml")).expect("symlink");
        symlink(d.join("loop-a.toml"), d.join("loop-b.toml")).expect("symlink");
        symlink(d.join("nowhere.toml"), d.join("broken.toml")).expect("symlink");
        let target = write(d, "real.txt", &profile("real"));
        symlink(&target, d.join("link.toml")).expect("symlink");
        let catalog = load(&only_dirs(&[d]));
        assert_eq!(ids(&catalog), ["real"], "a good link is followed");
        let messages: Vec<&str> = catalog
            .problems
            .iter()
            .map(|p| p.message.as_str())
            .collect();
        assert_eq!(messages.len(), 3, "{messages:?}");
        assert!(messages[0].starts_with("broken symbolic link, its target does not exist: "));
        assert!(messages[0].contains("os error"));
        for m in &messages[1..] {
            assert!(m.starts_with("cannot follow symbolic link: "), "{m}");
            assert!(m.contains("os error"), "{m}");
        }
    }

    #[test]
    fn directories_and_special_files_named_toml_are_skipped_with_a_warning() {
        let dir = tempfile::tempdir().expect("temp dir");
        fs::create_dir(dir.path().join("folder.toml")).expect("mkdir");
        write(dir.path(), "ok.toml", &profile("ok"));
        // Opening a FIFO for reading would wait for a writer forever: the loader must not.
        let fifo = dir.path().join("pipe.toml");
        nix::unistd::mkfifo(&fifo, nix::sys::stat::Mode::S_IRWXU).expect("mkfifo");
        let catalog = load(&only_dirs(&[dir.path()]));
        assert_eq!(ids(&catalog), ["ok"]);
        assert_eq!(catalog.errors(), 0);
        let messages: Vec<&str> = catalog
            .problems
            .iter()
            .map(|p| p.message.as_str())
            .collect();
        assert_eq!(
            messages,
            [
                "a directory, not a profile file; skipped",
                "not a regular file (a pipe, socket or device); skipped",
            ]
        );
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
        let catalog = load(&only_dirs(&[dir.path()]));
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
    fn hostile_text_never_reaches_the_terminal() {
        let src = "id = \"x\u{1b}[31m\"\nname = \"\\u001b]0;title\\u0007N\"\n\"\\u001b[2Jk\" = 1\n\
                   [payout]\nfrequency = [\"\\u009b31m\"]\n# \u{1b}]52;c;aGk=\u{7}\n";
        let (_, problems) = parse_source(src, Some(Path::new("evil\u{1b}[5m.toml")));
        assert!(!problems.is_empty());
        for p in &problems {
            let text = p.to_string();
            assert!(is_clean(&text), "{text:?}");
        }
    }

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
    fn bundled_problems_name_the_bundled_file() {
        let (_, mut problems) = parse_source("id = 5\nname = \"X\"\n", None);
        problems[0].bundled = Some("x.toml");
        assert!(
            problems[0]
                .to_string()
                .starts_with("(bundled) x.toml:1:6: error in `id`")
        );
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
            catalog.closest_ids("aliexpres", 3).first(),
            Some(&"aliexpress")
        );
        assert_eq!(catalog.closest_ids("amazon", 1), ["amazon-associates"]);
        assert_eq!(
            catalog.closest_ids("AliExpress", 1),
            ["aliexpress"],
            "names count too"
        );
        assert!(catalog.closest_ids("qqqqqqqq", 3).is_empty());
        assert_eq!(catalog.errors(), 0);
        assert_eq!(catalog.warnings(), 0);
    }

    #[test]
    fn default_user_dir_is_under_the_config_dir() {
        if let Some(dir) = default_user_dir() {
            assert!(dir.ends_with("affex/profiles"));
        }
    }

    /// Records the field names serde derive hands to `deserialize_struct`.
    struct FieldRecorder<'a>(&'a mut Vec<&'static str>);

    impl<'de> serde::Deserializer<'de> for FieldRecorder<'_> {
        type Error = serde::de::value::Error;
        fn deserialize_any<V: serde::de::Visitor<'de>>(
            self,
            _: V,
        ) -> Result<V::Value, Self::Error> {
            Err(serde::de::Error::custom("not a struct"))
        }
        fn deserialize_struct<V: serde::de::Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Self::Error> {
            self.0.extend_from_slice(fields);
            Err(serde::de::Error::custom("recorded"))
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
            option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
            ignored_any
        }
    }

    fn fields_of<T: serde::de::DeserializeOwned>() -> Vec<&'static str> {
        let mut fields = Vec::new();
        let _ = T::deserialize(FieldRecorder(&mut fields));
        fields.sort_unstable();
        fields
    }

    fn keys_of(shape: &[(&'static str, Shape)]) -> Vec<&'static str> {
        let mut keys: Vec<&'static str> = shape.iter().map(|(k, _)| *k).collect();
        keys.sort_unstable();
        keys
    }

    #[test]
    fn known_key_lists_match_the_model() {
        use crate::model::*;
        use diagnostic::*;
        let pairs: [(&str, Vec<&str>, Vec<&str>); 12] = [
            ("profile", keys_of(PROFILE), fields_of::<Profile>()),
            ("program", keys_of(PROGRAM), fields_of::<ProgramTerms>()),
            ("commission", keys_of(COMMISSION), fields_of::<Commission>()),
            ("cookie", keys_of(COOKIE), fields_of::<Cookie>()),
            ("payout", keys_of(PAYOUT), fields_of::<Payout>()),
            ("market", keys_of(MARKET), fields_of::<Market>()),
            ("promotion", keys_of(PROMOTION), fields_of::<Promotion>()),
            ("audiences", keys_of(AUDIENCE), fields_of::<Audience>()),
            ("notes", keys_of(NOTE), fields_of::<Note>()),
            (
                "percent range",
                keys_of(PERCENT_RANGE),
                fields_of::<PercentRange>(),
            ),
            (
                "money range",
                keys_of(MONEY_RANGE),
                fields_of::<MoneyRange>(),
            ),
            (
                "content rule",
                keys_of(CONTENT_RULE),
                fields_of::<ContentRule>(),
            ),
        ];
        for (table, listed, model) in pairs {
            assert!(!model.is_empty(), "{table}: recorded no fields");
            assert_eq!(listed, model, "known keys of {table} differ from the model");
        }
    }

    /// The listed keys of `shape` that `table` lacks (for arrays of tables, in the first one).
    fn absent_keys(
        table: &DeTable<'_>,
        shape: &[(&'static str, Shape)],
        prefix: &str,
    ) -> Vec<String> {
        let mut absent = Vec::new();
        for (key, inner) in shape {
            let here = join(prefix, key);
            match (inner, table.get(*key).map(Spanned::get_ref)) {
                (_, None) => absent.push(here),
                (Shape::Table(keys), Some(DeValue::Table(t))) => {
                    absent.extend(absent_keys(t, keys, &here));
                }
                (Shape::TableArray(keys), Some(DeValue::Array(items))) => {
                    match items.first().map(Spanned::get_ref) {
                        Some(DeValue::Table(t)) => absent.extend(absent_keys(t, keys, &here)),
                        _ => absent.push(here),
                    }
                }
                _ => {}
            }
        }
        absent
    }

    #[test]
    fn a_profile_with_every_known_key_loads_without_warnings() {
        let path = Path::new(FIXTURES).join("valid/full.toml");
        let src = fs::read_to_string(&path).expect("full.toml");
        let root = DeTable::parse(&src).expect("valid TOML");
        let absent = absent_keys(root.get_ref(), diagnostic::PROFILE, "");
        assert!(absent.is_empty(), "full.toml lacks known keys {absent:?}");
        let (profiles, problems) = parse_source(&src, Some(&path));
        assert_eq!(profiles.len(), 1);
        assert!(problems.is_empty(), "{}", shown(&problems));
    }

    fn fixture_files(kind: &str) -> Vec<PathBuf> {
        let dir = Path::new(FIXTURES).join(kind);
        let mut files: Vec<PathBuf> = fs::read_dir(&dir)
            .expect("fixture directory")
            .map(|e| e.expect("fixture entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "toml"))
            .collect();
        files.sort();
        files
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
}
