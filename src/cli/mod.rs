//! The command line: clap arguments and the headless commands (`list`, `show`, `compare`,
//! `validate`) that scripts and tests use. This file dispatches and holds what the commands
//! share: the error type, the skipped-profiles warning and finding a program by id.

mod args;
mod cache;
mod compare;
mod config;
mod estimate;
mod fit;
mod import;
mod list;
mod paint;
mod shortlist;
mod show;
mod table;
mod validate;

use std::cell::OnceCell;
use std::io::{self, Write};

pub use args::{
    CacheAction, Cli, Command, CompareFormat, EstimateFormat, ListFormat, MeFlags, ShortlistFormat,
    ShowFormat, ValidateFormat,
};
pub use paint::Paint;

use crate::catalog::{self, Catalog, LoadOptions};
use crate::model::Profile;
use crate::plural;
use crate::search::SearchIndex;
use crate::settings::colour::Stream;

/// Exit status for a bad request (unknown id), as clap uses for usage errors.
pub const EXIT_USAGE: i32 = 2;

/// Builds the load options from the global flags.
pub fn load_options(cli: &Cli) -> LoadOptions {
    LoadOptions {
        bundled: !cli.no_bundled,
        user_dir: catalog::default_user_dir(),
        extra_dirs: cli.profiles.clone(),
    }
}

/// The cache directory to use, `None` with `--no-cache`.
pub fn cache_dir(cli: &Cli) -> Option<std::path::PathBuf> {
    if cli.no_cache {
        None
    } else {
        crate::settings::paths::cache_dir()
    }
}

/// Runs a headless command and returns the process exit status; the process exits next, so a
/// command that loads the catalog leaves it unfreed.
pub fn run(cli: &Cli, command: &Command) -> i32 {
    // Each stream is coloured only when it is a terminal (or the settings force it), so
    // `2>file` never gets escape codes because stdout is a terminal.
    let paint_stdout = Paint::for_stream(cli.color, Stream::Stdout);
    let paint_stderr = Paint::for_stream(cli.color, Stream::Stderr);
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let width = cli.width.map(usize::from);
    let result = match command {
        Command::Validate { paths, format } => {
            let targets = validate::targets(paths, &cli.profiles);
            validate::run(&targets, *format, paint_stdout, &mut out)
        }
        Command::Import {
            format,
            files,
            into,
            dry_run,
        } => match into.clone().or_else(catalog::default_user_dir) {
            Some(dir) => import::run(
                &import::Request {
                    format: *format,
                    files,
                    into: &dir,
                    dry_run: *dry_run,
                },
                paint_stderr,
                &mut out,
            )
            .map(|imported| {
                if imported.wrote && cache_dir(cli).is_some() {
                    cache::warm_in_background(cli, &dir);
                }
                imported.code
            }),
            None => Err(CliError::Import(
                "no profile directory: give --into DIR (or set AFFEX_CONFIG_DIR)".to_string(),
            )),
        },
        Command::Completions { shell } => {
            // clap_complete panics when its writer fails (a full disk, a closed pipe): it
            // writes to memory, and the one write that can fail is ours.
            let mut cmd = <Cli as clap::CommandFactory>::command();
            let mut script = Vec::new();
            clap_complete::generate(*shell, &mut cmd, "affex", &mut script);
            out.write_all(&script).map(|()| 0).map_err(CliError::from)
        }
        Command::Man => {
            let cmd = <Cli as clap::CommandFactory>::command();
            clap_mangen::Man::new(cmd)
                .render(&mut out)
                .map(|_| 0)
                .map_err(CliError::from)
        }
        Command::Config {
            print_default,
            path,
            ..
        } => config::run(
            config::Request {
                print_default: *print_default,
                path: *path,
            },
            paint_stderr,
            &mut out,
        ),
        Command::Cache { action } => cache::run(
            *action,
            &load_options(cli),
            crate::settings::paths::cache_dir().as_deref(),
            paint_stderr,
            &mut out,
        ),
        Command::Schema { catalog } => {
            let schema = if *catalog {
                crate::schema::catalog_schema()
            } else {
                crate::schema::profile_schema()
            };
            serde_json::to_writer_pretty(&mut out, &schema)
                .map_err(CliError::from)
                .and_then(|_| writeln!(out).map(|_| 0).map_err(CliError::from))
        }
        _ => {
            let options = load_options(cli);
            let dir = cache_dir(cli);
            let mut cached = catalog::cache::load(&options, dir.as_deref());
            if let Some(note) = cached.state.note() {
                eprint_line(&format!("affex: note: {note}"));
            }
            // A catalog file too large to read lost all its programs: listing the rest would
            // look like an answer, so the command fails and says how to split the file.
            if let Some(refused) = cached.catalog.problems.iter().find(|p| p.refused_catalog) {
                let place = (refused.path.as_deref())
                    .map(|path| format!("{}: ", crate::sanitize::visible_path(path)))
                    .unwrap_or_default();
                let error = paint_stderr.error("error:");
                eprint_line(&format!("{error} {place}{}", refused.message));
                return 1;
            }
            report_skipped(&cached.catalog, &options, paint_stderr);
            let painting = (paint_stdout, paint_stderr, width);
            let mut index = OnceCell::new();
            if let Some(stored) = cached.index.take() {
                let _ = index.set(stored);
            }
            let result = if cached.write.is_none() && index.get().is_some() {
                // Programs read from the cache are checked as they are decoded: the answer is
                // kept in memory until it is whole, so one that fails is never half-printed;
                // then the catalog is loaded from the files and the command answered again.
                let mut answer = Vec::new();
                let result =
                    catalog_command(command, &cached.catalog, &index, painting, &mut answer);
                if cached.catalog.profiles.damaged() {
                    cached = catalog::cache::load_after_damage(&options, dir.as_deref());
                    if let Some(note) = cached.state.note() {
                        eprint_line(&format!("affex: note: {note}"));
                    }
                    index = OnceCell::new();
                    catalog_command(command, &cached.catalog, &index, painting, &mut out)
                } else {
                    out.write_all(&answer).map_err(CliError::from).and(result)
                }
            } else {
                catalog_command(command, &cached.catalog, &index, painting, &mut out)
            };
            // The answer goes out before the cache is written: at 100,000 programs writing
            // takes a good part of a second. A cache that cannot be written is no error: the
            // next start reads the files again, and `affex cache status` says so.
            let result = result.and_then(|code| out.flush().map(|_| code).map_err(CliError::from));
            if let Some(write) = cached.write.take() {
                let _ = write.save(&cached.catalog, index.get());
            }
            // The process exits right after this answer (`main` calls `exit`): freeing 100,000
            // programs and their index one by one took about 0.1 s on one core, for nothing.
            std::mem::forget(index);
            std::mem::forget(cached);
            result
        }
    };
    let result = result.and_then(|code| out.flush().map(|_| code).map_err(CliError::from));
    match result {
        Ok(code) => code,
        Err(CliError::Io(e)) if e.kind() == io::ErrorKind::BrokenPipe => 0,
        Err(e) => {
            eprint_line(&format!("{} {e}", paint_stderr.error("error:")));
            match e {
                CliError::Io(_) | CliError::Shortlist(_) | CliError::Import(_) => 1,
                _ => EXIT_USAGE,
            }
        }
    }
}

/// Answers a command that reads the catalog. `index` holds the cache's search index, or is
/// filled when a command needs one (and then serves the cache written after).
fn catalog_command(
    command: &Command,
    catalog: &Catalog,
    index: &OnceCell<SearchIndex>,
    (paint_stdout, paint_stderr, width): (Paint, Paint, Option<usize>),
    out: &mut impl Write,
) -> CliResult {
    match command {
        Command::List {
            query,
            sort,
            reverse,
            for_me,
            me,
            format,
        } => {
            if !*for_me && !me.is_empty() {
                return Ok(usage_error(
                    "--clicks, --country, --channel, --conversion and --order need --for-me in `list`",
                    paint_stderr,
                ));
            }
            let about = for_me.then(|| about_me(me, paint_stderr));
            let request = list::Request {
                query: query.as_deref().unwrap_or(""),
                sort: sort.as_deref(),
                reverse: *reverse,
                for_me: about.as_ref(),
                format: *format,
                width,
            };
            let index = index.get_or_init(|| catalog.profiles.search_index());
            list::run(catalog, index, &request, out)
        }
        Command::Estimate { ids, me, format } => {
            let me = about_me(me, paint_stderr);
            estimate::run((catalog, index), ids, &me, *format, width, out)
        }
        Command::Show { id, format } => {
            show::run((catalog, index), id, *format, width, paint_stdout, out)
        }
        Command::Compare { ids, me, format } => {
            let me = about_me(me, paint_stderr);
            compare::run(
                (catalog, index),
                ids,
                &me,
                *format,
                width,
                paint_stdout,
                out,
            )
        }
        Command::Shortlist {
            name,
            lists,
            format,
        } => {
            let request = shortlist::Request {
                name: name.as_deref(),
                lists: *lists,
                format: *format,
                width,
            };
            shortlist::run(catalog, &request, out)
        }
        _ => Ok(0),
    }
}

/// "About me" for a command: the `[me]` table of `config.toml`, each problem in it warned
/// about on stderr (`file:line:col`) and that value left unset, then the flags over it.
fn about_me(flags: &MeFlags, paint: Paint) -> crate::decide::Me {
    let loaded = crate::settings::about_me::default_path()
        .map(|path| crate::settings::about_me::read(&path))
        .unwrap_or_default();
    for problem in &loaded.problems {
        eprint_line(&format!(
            "{} {problem} (left unset)",
            paint.warn("warning:")
        ));
    }
    loaded.me.overridden_by(&flags.as_me())
}

/// Says `message` as a usage error and gives its exit status.
fn usage_error(message: &str, paint: Paint) -> i32 {
    eprint_line(&format!("{} {message}", paint.error("error:")));
    EXIT_USAGE
}

/// Why a headless command failed.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// Writing the output failed.
    #[error("cannot write output: {0}")]
    Io(#[from] io::Error),
    /// An id that no loaded program has.
    #[error("no program has the id `{id}`{hint}")]
    UnknownId {
        /// The id asked for (sanitized).
        id: String,
        /// "; did you mean …?" or empty.
        hint: String,
    },
    /// Ids that no loaded program has, each named.
    #[error("no program has the {ids}{hint}")]
    UnknownIds {
        /// "ids `a` and `b`" (sanitized).
        ids: String,
        /// "; did you mean …?" or empty.
        hint: String,
    },
    /// An import that could not be written.
    #[error("{0}")]
    Import(String),
    /// A comparison of fewer than two programs.
    #[error("compare needs at least two different programs; {0}")]
    TooFew(String),
    /// A query piece that cannot be read.
    #[error("{0}")]
    Query(String),
    /// A --sort field that cannot be sorted on.
    #[error("cannot sort by “{field}”; sortable fields: {known}")]
    Sort {
        /// The field asked for (sanitized).
        field: String,
        /// The sortable fields.
        known: String,
    },
    /// The shortlist file cannot be read (the message names it and why).
    #[error("{0}")]
    Shortlist(String),
    /// A shortlist name that no list has.
    #[error("no shortlist is named “{name}”; the lists are: {known}")]
    UnknownList {
        /// The name asked for (sanitized).
        name: String,
        /// The lists there are.
        known: String,
    },
    /// JSON encoding failed for a reason other than writing.
    #[error("cannot encode output: {0}")]
    Encode(String),
}

impl From<serde_json::Error> for CliError {
    /// A write error inside the encoder stays an I/O error, so a closed pipe is recognised.
    fn from(e: serde_json::Error) -> Self {
        if e.is_io() {
            CliError::Io(io::Error::from(e))
        } else {
            CliError::Encode(e.to_string())
        }
    }
}

/// Writes `message` and a line break to stderr, ignoring failure: a closed or full stderr must
/// not turn a warning into a panic (`eprintln!` panics), and there is nowhere left to report.
pub fn eprint_line(message: &str) {
    let mut err = io::stderr().lock();
    let _ = writeln!(err, "{message}").and_then(|()| err.flush());
}

/// Parses the command line, or says why not and gives the exit status. clap's messages quote
/// the arguments as given, escape sequences included, so the whole message is shown with
/// [`visible`](crate::sanitize::visible) escapes before it reaches the terminal; only our own
/// `error:` label is coloured (clap's colouring is given up: its styled text cannot be told
/// apart from escapes in the arguments). Help and version go to stdout, and a failure to write them (a
/// full disk) is an error, not a silent exit 0; a closed pipe ends quietly.
pub fn parse_or_exit_code() -> Result<Cli, i32> {
    use clap::{CommandFactory, FromArgMatches};
    // Plain styles, so the rendered message holds the arguments exactly as given (and no
    // styling of clap's own) for `shown_safely` to escape.
    let parsed = Cli::command()
        .styles(clap::builder::Styles::plain())
        .color(clap::ColorChoice::Never)
        .try_get_matches()
        .and_then(|matches| Cli::from_arg_matches(&matches));
    let e = match parsed {
        Ok(cli) => return Ok(cli),
        Err(e) => e,
    };
    let text = shown_safely(&e.render().ansi().to_string());
    if e.use_stderr() {
        let paint = Paint::for_stream(crate::settings::colour::ColourChoice::Auto, Stream::Stderr);
        let text = match text.strip_prefix("error:") {
            Some(rest) => format!("{}{rest}", paint.error("error:")),
            None => text,
        };
        eprint_line(text.trim_end());
        return Err(e.exit_code());
    }
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Err(0),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Err(0),
        Err(e) => {
            eprint_line(&format!("error: cannot write output: {e}"));
            Err(1)
        }
    }
}

/// `text` with every unsafe character shown as an escape, line by line.
fn shown_safely(text: &str) -> String {
    let mut out: String = text
        .split('\n')
        .map(crate::sanitize::visible)
        .collect::<Vec<_>>()
        .join("\n");
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

/// A command's exit status, or why it failed.
type CliResult = Result<i32, CliError>;

/// Warns on stderr that some profiles could not be loaded, naming the files.
fn report_skipped(catalog: &Catalog, options: &LoadOptions, paint: Paint) {
    if let Some(warning) = skipped_warning(catalog, options) {
        eprint_line(&format!("{} {warning}", paint.warn("warning:")));
    }
}

/// How many skipped files a warning names before "and N more".
pub const NAMED_FILES: usize = 5;

/// "2 profile problems in a.toml, b.toml; run `affex --profiles DIR validate` to see them", or
/// `None` when every profile loaded. The command checks the same directories the load read.
pub fn skipped_warning(catalog: &Catalog, options: &LoadOptions) -> Option<String> {
    let errors = catalog.errors();
    if errors == 0 {
        return None;
    }
    let place = catalog
        .skipped_files_text(NAMED_FILES)
        .map_or(String::new(), |files| format!(" in {files}"));
    Some(format!(
        "{}{place}; run `{}` to see {}",
        plural::count(errors, "profile problem"),
        validate_command(options),
        plural::pick(errors, "it", "them"),
    ))
}

/// The `validate` command that checks the directories `options` load: `affex validate`, with
/// `--profiles DIR` for each extra directory.
pub fn validate_command(options: &LoadOptions) -> String {
    let mut command = "affex".to_string();
    for dir in &options.extra_dirs {
        let shown = crate::sanitize::sanitize_line(&dir.display().to_string());
        command.push_str(" --profiles ");
        command.push_str(&shell_word(&shown));
    }
    command.push_str(" validate");
    command
}

/// `word` quoted for a POSIX shell when it holds anything but plain path characters.
fn shell_word(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "/._-+,:@%".contains(c));
    if plain {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

/// The catalog a command reads, with the search index: the cache's, or built the first time
/// a command needs it (here: the programs' names for an id that is not exact).
pub(super) type Reading<'a> = (&'a Catalog, &'a OnceCell<SearchIndex>);

/// Program `i`'s name, from the index (built if there is none yet).
fn names<'a>((catalog, index): Reading<'a>) -> impl Fn(usize) -> &'a str {
    let index = index.get_or_init(|| catalog.profiles.search_index());
    move |i| index.name(i).unwrap_or_default()
}

/// The program with `id`, and its place in the catalog; an unknown id suggests close ones.
fn find<'a>(reading: Reading<'a>, id: &str) -> Result<(usize, &'a Profile), CliError> {
    let catalog = reading.0;
    match resolve(reading, id) {
        Some(i) => Ok((i, &catalog.profiles[i])),
        None => Err(CliError::UnknownId {
            id: crate::sanitize::sanitize_line(id),
            hint: hint(reading, &[id]),
        }),
    }
}

/// Where the program a person means by `id` sits: the id exactly, else the id or name in any
/// case (`AliExpress`), else the one program whose id or name begins with it as a word
/// (`amazon` for `amazon-associates`).
fn resolve(reading: Reading<'_>, id: &str) -> Option<usize> {
    let catalog = reading.0;
    if let Some(i) = catalog.index_of(id) {
        return Some(i);
    }
    let wanted = id.trim().to_lowercase();
    if wanted.is_empty() {
        return None;
    }
    // Ids from the id table and names from the index: nothing is decoded to look.
    let name = names(reading);
    let id_at = |i: usize| catalog.profiles.id(i).unwrap_or_default();
    let programs = 0..catalog.profiles.len();
    let equal = |text: &str| text.to_lowercase() == wanted;
    if let Some(i) = programs
        .clone()
        .find(|&i| equal(id_at(i)) || equal(name(i)))
    {
        return Some(i);
    }
    let starts = |text: &str| {
        let text = text.to_lowercase();
        text.strip_prefix(&wanted)
            .is_some_and(|rest| rest.starts_with(|c: char| !c.is_alphanumeric()))
    };
    let mut found = programs.filter(|&i| starts(id_at(i)) || starts(name(i)));
    match (found.next(), found.next()) {
        (Some(i), None) => Some(i),
        _ => None,
    }
}

/// "; did you mean …?" for unknown `ids`, or where to see the ids.
fn hint(reading: Reading<'_>, ids: &[&str]) -> String {
    let mut close: Vec<&str> = Vec::new();
    let name = names(reading);
    for id in ids {
        for c in reading.0.closest_ids(id, 3, &name) {
            if !close.contains(&c) {
                close.push(c);
            }
        }
    }
    if close.is_empty() {
        "; run `affex list --format ids` to see them".to_string()
    } else {
        format!(
            "; did you mean {}?",
            close
                .iter()
                .map(|c| format!("`{c}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    }
}

#[cfg(test)]
#[allow(clippy::expect_used, clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn an_id_that_is_not_exact_is_looked_up_without_decoding_a_cached_catalog() {
        let files: Vec<(String, String)> = ["alder-tea", "birch-tea", "cedar-shop"]
            .iter()
            .map(|id| {
                (
                    id.to_string(),
                    format!("id = \"{id}\"\nname = \"{id} co\"\n"),
                )
            })
            .collect();
        let cached = crate::test_support::cached_files(&files);
        let warm = cached.warm;
        let cell = OnceCell::new();
        if let Some(index) = warm.index {
            let _ = cell.set(index);
        }
        let reading = (&warm.catalog, &cell);
        // Before, the lookup by name in any case and the suggestions decoded every program.
        assert_eq!(resolve(reading, "ALDER-TEA"), Some(0));
        assert_eq!(resolve(reading, "cedar"), Some(2));
        assert!(hint(reading, &["birch-te"]).contains("`birch-tea`"));
        assert_eq!(warm.catalog.profiles.decoded_count(), 0, "nothing decoded");
    }
}
