//! The command line: clap arguments and the headless commands (`list`, `show`, `compare`,
//! `validate`) that scripts and tests use. This file dispatches and holds what the commands
//! share: the error type, the skipped-profiles warning and finding a program by id.

mod args;
mod compare;
mod list;
mod paint;
mod show;
mod table;
mod validate;

use std::io::{self, Write};

pub use args::{Cli, Command, CompareFormat, ListFormat, ShowFormat};
pub use paint::Paint;

use crate::catalog::{self, Catalog, LoadOptions};
use crate::model::Profile;
use crate::plural;
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

/// Runs a headless command and returns the process exit status.
pub fn run(cli: &Cli, command: &Command) -> i32 {
    // Each stream is coloured only when it is a terminal (or the settings force it), so
    // `2>file` never gets escape codes because stdout is a terminal.
    let paint_stdout = Paint::for_stream(cli.color, Stream::Stdout);
    let paint_stderr = Paint::for_stream(cli.color, Stream::Stderr);
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let result = match command {
        Command::Validate { paths } => validate::run(paths, paint_stdout, &mut out),
        _ => {
            let catalog = catalog::load(&load_options(cli));
            report_skipped(&catalog, paint_stderr);
            match command {
                Command::List {
                    query,
                    sort,
                    reverse,
                    format,
                } => {
                    let request = list::Request {
                        query: query.as_deref().unwrap_or(""),
                        sort: sort.as_deref(),
                        reverse: *reverse,
                        format: *format,
                    };
                    list::run(&catalog, &request, &mut out)
                }
                Command::Show { id, format } => {
                    show::run(&catalog, id, *format, paint_stdout, &mut out)
                }
                Command::Compare { ids, format } => {
                    compare::run(&catalog, ids, *format, paint_stdout, &mut out)
                }
                Command::Validate { .. } => Ok(0),
            }
        }
    };
    let result = result.and_then(|code| out.flush().map(|_| code).map_err(CliError::from));
    match result {
        Ok(code) => code,
        Err(CliError::Io(e)) if e.kind() == io::ErrorKind::BrokenPipe => 0,
        Err(e) => {
            eprintln!("{} {e}", paint_stderr.error("error:"));
            match e {
                CliError::Io(_) => 1,
                _ => EXIT_USAGE,
            }
        }
    }
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
    /// JSON or CSV encoding failed.
    #[error("cannot encode output: {0}")]
    Encode(String),
}

/// A command's exit status, or why it failed.
type CliResult = Result<i32, CliError>;

/// Warns on stderr that some profiles could not be loaded.
fn report_skipped(catalog: &Catalog, paint: Paint) {
    let errors = catalog.errors();
    if errors > 0 {
        eprintln!(
            "{} {} found; run `affex validate` to see {}",
            paint.warn("warning:"),
            plural::count(errors, "profile problem"),
            plural::pick(errors, "it", "them"),
        );
    }
}

/// The program with `id`, and its place in the catalog; an unknown id suggests close ones.
fn find<'a>(catalog: &'a Catalog, id: &str) -> Result<(usize, &'a Profile), CliError> {
    match resolve(catalog, id) {
        Some(i) => Ok((i, &catalog.profiles[i])),
        None => Err(CliError::UnknownId {
            id: crate::sanitize::sanitize_line(id),
            hint: hint(catalog, &[id]),
        }),
    }
}

/// Where the program a person means by `id` sits: the id exactly, else the id or name in any
/// case (`AliExpress`), else the one program whose id or name begins with it as a word
/// (`amazon` for `amazon-associates`).
fn resolve(catalog: &Catalog, id: &str) -> Option<usize> {
    if let Some(i) = catalog.index_of(id) {
        return Some(i);
    }
    let wanted = id.trim().to_lowercase();
    if wanted.is_empty() {
        return None;
    }
    let profiles = &catalog.profiles;
    let equal = |text: &str| text.to_lowercase() == wanted;
    if let Some(i) = profiles
        .iter()
        .position(|p| equal(p.id.as_str()) || equal(p.name.as_str()))
    {
        return Some(i);
    }
    let starts = |text: &str| {
        let text = text.to_lowercase();
        text.strip_prefix(&wanted)
            .is_some_and(|rest| rest.starts_with(|c: char| !c.is_alphanumeric()))
    };
    let mut found = profiles
        .iter()
        .enumerate()
        .filter(|(_, p)| starts(p.id.as_str()) || starts(p.name.as_str()))
        .map(|(i, _)| i);
    match (found.next(), found.next()) {
        (Some(i), None) => Some(i),
        _ => None,
    }
}

/// "; did you mean …?" for unknown `ids`, or where to see the ids.
fn hint(catalog: &Catalog, ids: &[&str]) -> String {
    let mut close: Vec<&str> = Vec::new();
    for id in ids {
        for c in catalog.closest_ids(id, 3) {
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
