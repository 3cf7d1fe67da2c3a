//! Importing: 20,000 generated Awin programmes read and merged (`affex import awin`, without
//! the writes), then the catalog loaded from the 20,000 profiles that import writes (the app's
//! start). Targets: import ≤ 2 s, start ≤ 300 ms on a 2-core machine. The writes themselves
//! (two atomic, synced saves a program) are timed once, for 1,000 programmes, and printed.
//!
//! `cargo bench --bench import`; `AFFEX_BENCH_IMPORT=20000` sets the count.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Instant;

use affex::catalog::{self, LoadOptions};
use affex::import::{self, Format};
use affex::model::ImportDate;
use criterion::{Criterion, criterion_group, criterion_main};
use serde_json::json;

fn count() -> usize {
    std::env::var("AFFEX_BENCH_IMPORT")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20_000)
}

const SECTORS: [&str; 8] = [
    "Running", "Coffee", "Tea", "Cycling", "Fashion", "Travel", "Books", "Garden",
];

/// `n` programme details as Awin's API gives them, every mapped field filled.
fn awin_file(dir: &Path, n: usize) -> PathBuf {
    let items: Vec<serde_json::Value> = (0..n)
        .map(|i| {
            let sector = SECTORS[i % SECTORS.len()];
            let currency = ["GBP", "EUR", "USD"][i % 3];
            json!({
                "programmeInfo": {
                    "id": 10_000 + i,
                    "name": format!("Shop {i} {sector}"),
                    "displayUrl": format!("https://shop{i}.example"),
                    "currencyCode": currency,
                    "deeplinkEnabled": true,
                    "description": "A shop that sells what people like, for a benchmark.",
                    "primaryRegion": { "name": "United Kingdom", "countryCode": "GB" },
                    "primarySector": sector
                },
                "kpi": {
                    "averagePaymentTime": "44",
                    "approvalPercentage": 40.0 + (i % 60) as f64,
                    "epc": 0.01 * (1 + i % 200) as f64,
                    "conversionRate": 0.5 + (i % 7) as f64,
                    "validationDays": 7 + i % 80,
                    "awinIndex": 50
                },
                "commissionRange": [{ "min": 2, "max": 11, "type": "percentage" }]
            })
        })
        .collect();
    let path = dir.join("programmedetails.json");
    std::fs::write(&path, serde_json::to_vec(&items).unwrap_or_default())
        .unwrap_or_else(|e| panic!("write: {e}"));
    path
}

fn bench(c: &mut Criterion) {
    let n = count();
    let work = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let file = awin_file(work.path(), n);
    let into = work.path().join("profiles");
    let today = ImportDate::today();
    let mut group = c.benchmark_group("import");
    group.sample_size(10);
    group.bench_function(format!("awin {n} programmes, read and merged"), |b| {
        b.iter(|| {
            let read = import::read(Format::Awin, std::slice::from_ref(&file));
            black_box(import::plan::plan(Format::Awin, &into, read.records, today))
        })
    });
    // The profiles the import writes, written plainly once, for the load below.
    let read = import::read(Format::Awin, std::slice::from_ref(&file));
    let plan = import::plan::plan(Format::Awin, &into, read.records, today);
    std::fs::create_dir_all(&into).unwrap_or_else(|e| panic!("{e}"));
    for change in &plan.changes {
        std::fs::write(&change.path, &change.contents).unwrap_or_else(|e| panic!("{e}"));
    }
    let options = LoadOptions {
        bundled: true,
        user_dir: None,
        extra_dirs: vec![into.clone()],
    };
    group.bench_function(format!("start: load {n} imported profiles"), |b| {
        b.iter_with_large_drop(|| catalog::load(&options))
    });
    group.finish();
    // The synced writes, once, for 1,000 programmes.
    let small = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let small_file = awin_file(small.path(), 1_000);
    let target = small.path().join("profiles");
    let read = import::read(Format::Awin, std::slice::from_ref(&small_file));
    let plan = import::plan::plan(Format::Awin, &target, read.records, today);
    std::fs::create_dir_all(&target).unwrap_or_else(|e| panic!("{e}"));
    let start = Instant::now();
    plan.write().unwrap_or_else(|e| panic!("{e}"));
    eprintln!(
        "writing 1,000 imported profiles (2 synced atomic saves each): {:?}",
        start.elapsed()
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
