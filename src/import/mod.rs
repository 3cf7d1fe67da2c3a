//! `affex import`: network exports and spreadsheets → profiles.
//!
//! Each format reads its files into [`Record`]s (one per program, every string sanitized,
//! every number checked and reported rather than clamped, each with where it came from);
//! [`plan`] gives each record an id, merges it into the profile of that id in the target
//! directory (keeping the user's hand edits, see [`plan`]) and writes each profile through the
//! one atomic writer.

mod admitad;
mod awin;
mod checks;
mod cj;
mod ids;
pub mod plan;
mod record;
mod sniff;
mod spreadsheet;

use std::collections::HashMap;
use std::fs;
use std::io::Read as _;
use std::path::{Path, PathBuf};

pub use plan::{Change, Outcome, Plan};
pub use record::{ImportProblem, Locator, NetworkEpc, Record};

use crate::catalog::MAX_CATALOG_BYTES;

/// The formats `affex import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Awin's publisher API: the programme list and programme details (JSON).
    Awin,
    /// CJ's Advertiser Lookup API (XML).
    Cj,
    /// Admitad's advertiser campaigns (JSON).
    Admitad,
    /// A spreadsheet: CSV whose header names fields by path, key or label.
    Csv,
}

impl Format {
    /// The word the command line and `[[imports]]` use for it.
    pub fn word(self) -> &'static str {
        match self {
            Format::Awin => awin::NETWORK,
            Format::Cj => cj::NETWORK,
            Format::Admitad => admitad::NETWORK,
            Format::Csv => spreadsheet::NETWORK,
        }
    }
    /// The network's name as people write it (added to `program.networks`).
    pub fn title(self) -> &'static str {
        match self {
            Format::Awin => "Awin",
            Format::Cj => "CJ",
            Format::Admitad => "Admitad",
            Format::Csv => "spreadsheet",
        }
    }
}

/// What reading the files gave: the records, in file order, and every problem.
#[derive(Debug, Default)]
pub struct ReadFiles {
    /// One record per program (records of one program across files are merged).
    pub records: Vec<(PathBuf, Record)>,
    /// Every problem, with its file and record.
    pub problems: Vec<ImportProblem>,
    /// Records skipped (no name), each with its reason.
    pub skipped: usize,
    /// Files that could not be read at all, or gave no program because of a problem.
    pub refused: usize,
}

/// Reads `files` as `format`.
pub fn read(format: Format, files: &[PathBuf]) -> ReadFiles {
    let mut out = ReadFiles::default();
    // Where each network id's record is in `out.records`: looking it up by scanning the
    // records made 20,000 programs take seconds (quadratic).
    let mut seen: HashMap<String, usize> = HashMap::new();
    for file in files {
        let text = match read_text(file) {
            Ok(text) => text,
            Err(message) => {
                out.refused += 1;
                out.problems.push(record::problem(file, None, message));
                continue;
            }
        };
        let (records, problems) = match format {
            Format::Awin => awin::read(file, &text),
            Format::Cj => cj::read(file, &text),
            Format::Admitad => admitad::read(file, &text),
            Format::Csv => spreadsheet::read(file, &text),
        };
        out.skipped += problems.iter().filter(|p| p.skipped).count();
        // A file that gave no program and a problem not about one skipped record (not JSON,
        // another format, no header) failed as a whole, like one that could not be read.
        if records.is_empty() && problems.iter().any(|p| !p.skipped) {
            out.refused += 1;
        }
        out.problems.extend(problems);
        for r in records {
            merge_same(&mut out.records, &mut seen, file, r);
        }
    }
    out
}

/// Adds `r`, merged into an earlier record of the same program at the network (an Awin
/// programme list and its details): the later file's values win.
fn merge_same(
    records: &mut Vec<(PathBuf, Record)>,
    seen: &mut HashMap<String, usize>,
    file: &Path,
    r: Record,
) {
    let earlier = match &r.network_id {
        Some(id) => match seen.get(id) {
            Some(&at) => records.get_mut(at),
            None => {
                seen.insert(id.clone(), records.len());
                None
            }
        },
        None => None,
    };
    match earlier {
        Some((_, earlier)) => {
            for (path, value) in r.fields {
                earlier.set(path, value);
            }
            earlier.name = r.name.or(earlier.name.take());
            earlier.epc = r.epc.or(earlier.epc.take());
        }
        None => records.push((file.to_path_buf(), r)),
    }
}

/// The text of an import file, or why it cannot be read: over the catalog size limit, not
/// UTF-8, or an OS error.
fn read_text(file: &Path) -> Result<String, String> {
    let meta = fs::metadata(file).map_err(|e| format!("cannot read: {e}"))?;
    if !meta.is_file() {
        return Err("not a file".to_string());
    }
    if meta.len() > MAX_CATALOG_BYTES {
        return Err(format!(
            "larger than the import limit of {} MiB ({} bytes); not read",
            MAX_CATALOG_BYTES / (1024 * 1024),
            meta.len()
        ));
    }
    let mut bytes = Vec::new();
    fs::File::open(file)
        .and_then(|f| f.take(MAX_CATALOG_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|e| format!("cannot read: {e}"))?;
    if bytes.len() as u64 > MAX_CATALOG_BYTES {
        return Err(format!(
            "larger than the import limit of {} MiB; not read",
            MAX_CATALOG_BYTES / (1024 * 1024)
        ));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        format!(
            "not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })?;
    Ok(text.trim_start_matches('\u{feff}').to_string())
}
