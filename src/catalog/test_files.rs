//! Helpers shared by the catalog's unit tests: temporary files, fixtures, varied catalogs.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::fs;
use std::ops::Range;
use std::path::{Path, PathBuf};

use super::chunks::ChunkSizes;
use super::problem::Problem;
use super::program::Parsed;
use super::{Catalog, LoadOptions};
use crate::model::Profile;

/// Sizes small enough that a test catalog of a few hundred programs crosses many batches and
/// parses them on all cores, and a file of a few megabytes is read in many windows.
pub(super) const SMALL: ChunkSizes = ChunkSizes {
    batch: 16,
    parallel_from: 4,
    window: 64 * 1024,
};

/// The fixture files shared with the integration tests.
pub(super) const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");

/// Writes `body` to `dir/name` and returns the path.
pub(super) fn write(dir: &Path, name: &str, body: &str) -> PathBuf {
    let path = dir.join(name);
    fs::write(&path, body).expect("write a test file");
    path
}

/// The smallest valid profile with this id.
pub(super) fn profile(id: &str) -> String {
    format!("id = \"{id}\"\nname = \"Name of {id}\"\n")
}

/// Problems as a user sees them, one report after another.
pub(super) fn shown(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

/// The ids loaded, in catalog order.
pub(super) fn ids(catalog: &Catalog) -> Vec<&str> {
    catalog.profiles.iter().map(|p| p.id.as_str()).collect()
}

/// Load options for these directories alone, without bundled profiles.
pub(super) fn only_dirs(dirs: &[&Path]) -> LoadOptions {
    LoadOptions {
        bundled: false,
        user_dir: None,
        extra_dirs: dirs.iter().map(|d| d.to_path_buf()).collect(),
    }
}

/// The `*.toml` fixtures of `tests/fixtures/<kind>`, sorted.
pub(super) fn fixture_files(kind: &str) -> Vec<PathBuf> {
    let dir = Path::new(FIXTURES).join(kind);
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .expect("fixture directory")
        .map(|e| e.expect("fixture entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
}

/// One program as parsed, in a form that compares.
pub(super) type Compared = (Profile, Option<usize>, Range<usize>, Vec<Range<usize>>);

/// Everything parsing gives, in a form that compares.
pub(super) fn outcome(
    (parsed, problems): (Vec<Parsed>, Vec<Problem>),
) -> (Vec<Compared>, Vec<Problem>) {
    let parsed = parsed
        .into_iter()
        .map(|p| (p.profile, p.index, p.id_span, p.alternative_spans))
        .collect();
    (parsed, problems)
}

/// Program `i` of a test catalog: mostly clean, with every kind of trouble now and then.
pub(super) fn varied_program(i: usize) -> String {
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
        6 => p.push_str(
            "summary = \"\"\"\nA text that quotes a header:\n[[program]]\nand goes on.\"\"\"\n",
        ),
        7 => p.push_str(
            "\n# a comment line\n\n[[program.audiences]]\nkind = \"bloggers\"\nnichez = [\"x\"]\n",
        ),
        8 => p = p.replace('\n', "\r\n"),
        9 => p.push_str("[program.payout]\nminimum = { min = 5, currency = \"usd\" }\n"),
        10 => p.push_str(
            "[[program.notes]]\nfield = \"cookie\"\nkind = \"caveat\"\ntext = \"A ''' mark\"\n",
        ),
        11 => p.push_str("summary = '''\n[[program]]\n'''\nlaunched = 1999-01-01\n"),
        12 => p.push_str("[program.market.average_order]\nmin = 10\nmax = 5\n"),
        13 => p = p.replace("[[program]]\n", "  [[program]]  # indented\n"),
        14 => p.push_str("website = \"https://example.com/速卖通\"\n"),
        _ => {}
    }
    p
}

/// A catalog of `count` varied programs (see [`varied_program`]).
pub(super) fn varied_catalog(count: usize) -> String {
    let mut text = String::from("# A test catalog\n\n");
    for i in 0..count {
        text.push_str(&varied_program(i));
        text.push('\n');
    }
    text
}
