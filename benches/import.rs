//! Importing: 20,000 generated Awin programmes imported as `affex import awin` does it (read,
//! planned, every profile written atomically and synced), into an empty directory and again
//! over the same profiles; then the catalog loaded from the 20,000 profiles without a cache,
//! and opened from the cache the import warms (the explorer's next start).
//! Targets: import ≤ 2 s, start ≤ 300 ms on a 2-core machine.
//!
//! `cargo bench --bench import`; `AFFEX_BENCH_IMPORT=20000` sets the count.

use std::hint::black_box;
use std::path::{Path, PathBuf};

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

/// The whole `affex import awin FILE --into DIR`: read, planned and written (each profile
/// atomically, then what the network gave).
fn import_into(file: &Path, into: &Path, today: ImportDate) -> import::Plan {
    let read = import::read(Format::Awin, std::slice::from_ref(&file.to_path_buf()));
    let plan = import::plan::plan(Format::Awin, into, read.records, today);
    if plan.writes() {
        std::fs::create_dir_all(into).unwrap_or_else(|e| panic!("{e}"));
        plan.write().unwrap_or_else(|e| panic!("write: {e}"));
    }
    plan
}

fn bench(c: &mut Criterion) {
    let n = count();
    let work = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let file = awin_file(work.path(), n);
    let today = ImportDate::today();
    let mut group = c.benchmark_group("import");
    group.sample_size(10);
    // Each first import goes to a directory of its own, removed only at the end: removing
    // 20,000 files just before creating 20,000 more makes ext4 hunt for inodes it may reuse
    // (`recently_deleted`), which times the filesystem, not affex.
    let mut runs = 0usize;
    group.bench_function(
        format!("awin {n} programmes, first import (read, plan, write)"),
        |b| {
            b.iter(|| {
                runs += 1;
                let into = work.path().join(format!("first-{runs}"));
                black_box(import_into(&file, &into, today))
            })
        },
    );
    let into = work.path().join("profiles");
    import_into(&file, &into, today);
    group.bench_function(
        format!("awin {n} programmes, re-import of the same file"),
        |b| b.iter(|| black_box(import_into(&file, &into, today))),
    );
    let options = LoadOptions {
        bundled: true,
        user_dir: None,
        extra_dirs: vec![into.clone()],
    };
    group.bench_function(format!("start: load {n} imported profiles"), |b| {
        b.iter_with_large_drop(|| catalog::load(&options))
    });
    // What the explorer's next start reads: `affex import` warms the catalog cache behind its
    // back (`affex cache warm`), so the start opens the cache, fingerprint checked, instead of
    // parsing every profile.
    let cache_dir = work.path().join("cache");
    catalog::cache::warm(&options, &cache_dir).unwrap_or_else(|e| panic!("cache write: {e}"));
    group.bench_function(
        format!("start: open {n} imported profiles from the warmed cache"),
        |b| {
            b.iter_with_large_drop(|| {
                let cached = catalog::cache::load(&options, Some(&cache_dir));
                assert!(cached.write.is_none(), "the cache was not fresh");
                cached
            })
        },
    );
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
