//! The memory an import holds at once, counted by a global allocator (a binary of its own:
//! the count is for the whole process, so nothing else may run beside it).
//!
//! A re-import of the same file changes nothing, so it may hold no more than the first import
//! did plus the text it reads back: the existing profiles (each read once, its text kept until it
//! is merged) and the network's memory file (each entry kept as its JSON text). It once held every existing profile parsed as a TOML table
//! and every network's memory parsed as tables, all at once: 1.8 times the first import's peak
//! at 2,000 programs (655 MB against 369 MB at 20,000). The bound is not "no more than the
//! first import": that import now holds its network memory as compact JSON text, 0.9 MB at
//! 2,000 programmes, less than the profiles' text a re-import must read.

use std::path::{Path, PathBuf};

use affex::import::{self, Format};
use affex::model::ImportDate;
use peak_alloc::PeakAlloc;

#[global_allocator]
static ALLOCATOR: PeakAlloc = PeakAlloc;

const PROGRAMMES: usize = 2_000;

/// `n` programme details as Awin's API gives them.
fn awin_file(dir: &Path, n: usize) -> PathBuf {
    let items: Vec<serde_json::Value> = (0..n)
        .map(|i| {
            serde_json::json!({
                "programmeInfo": {
                    "id": 10_000 + i,
                    "name": format!("Shop {i}"),
                    "displayUrl": format!("https://shop{i}.example"),
                    "currencyCode": "GBP",
                    "description": "A shop that sells what people like.",
                    "primaryRegion": { "name": "United Kingdom", "countryCode": "GB" },
                    "primarySector": "Garden"
                },
                "kpi": {
                    "approvalPercentage": 40.0 + (i % 60) as f64,
                    "epc": 0.01 * (1 + i % 200) as f64,
                    "validationDays": 7 + i % 80
                },
                "commissionRange": [{ "min": 2, "max": 11, "type": "percentage" }]
            })
        })
        .collect();
    let path = dir.join("programmedetails.json");
    let bytes = serde_json::to_vec(&items).unwrap_or_else(|e| panic!("json: {e}"));
    std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("write: {e}"));
    path
}

/// Imports `file` into `into` as `affex import awin` does, and gives the most bytes held at
/// once while the records read were planned and written, above what was held before (the
/// reading of the network's file is the same both times).
fn import_peak(file: &Path, into: &Path) -> (usize, import::plan::Plan) {
    let read = import::read(Format::Awin, std::slice::from_ref(&file.to_path_buf()));
    let before = ALLOCATOR.current_usage();
    ALLOCATOR.reset_peak_usage();
    let plan = import::plan::plan(Format::Awin, into, read.records, ImportDate::today());
    plan.write().unwrap_or_else(|e| panic!("write: {e}"));
    (ALLOCATOR.peak_usage().saturating_sub(before), plan)
}

#[test]
fn a_re_import_holds_no_more_memory_than_the_first_import() {
    let work = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let file = awin_file(work.path(), PROGRAMMES);
    let into = work.path().join("profiles");
    std::fs::create_dir_all(&into).unwrap_or_else(|e| panic!("{e}"));
    let (first, plan) = import_peak(&file, &into);
    assert_eq!(plan.count(import::plan::Outcome::New), PROGRAMMES);
    drop(plan);
    let (again, plan) = import_peak(&file, &into);
    assert_eq!(plan.count(import::plan::Outcome::Unchanged), PROGRAMMES);
    let sizes = |dir: &Path, ext: &str| -> u64 {
        std::fs::read_dir(dir)
            .unwrap_or_else(|e| panic!("{e}"))
            .flatten()
            .filter(|e| e.path().extension().is_some_and(|x| x == ext))
            .map(|e| e.metadata().map_or(0, |m| m.len()))
            .sum()
    };
    let text = sizes(&into, "toml") + sizes(&into.join(import::plan::MEMORY_DIR), "json");
    let bound = first as f64 + 2.0 * text as f64;
    eprintln!(
        "{PROGRAMMES} programmes: first import {:.1} MB, re-import {:.1} MB, text read back {:.1} MB (bound {:.1} MB)",
        first as f64 / 1e6,
        again as f64 / 1e6,
        text as f64 / 1e6,
        bound / 1e6
    );
    assert!(
        again as f64 <= bound,
        "a re-import that changes nothing held {:.1} MB: more than the first import's {:.1} MB plus twice the {:.1} MB of text it reads back",
        again as f64 / 1e6,
        first as f64 / 1e6,
        text as f64 / 1e6
    );
}
