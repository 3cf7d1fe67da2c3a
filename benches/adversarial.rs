//! Load time and peak memory on the adversarial shapes of issue 9, item 1, at the sizes that
//! once hung loading for seconds to minutes (each file under the 1 MiB profile limit, or a
//! catalog file): a comment repeating `[[program]]` (26–28 s before), unknown keys one a line
//! (36–40 s) and in one inline table, alternatives that name no program beside ~5,000 programs
//! (165 s), and duplicate ids alternating between two earlier files (17 s). The files come from
//! the shared generators in `benches/gen/hostile.rs`, written once before timing; each timing is
//! `catalog::validate` of the directory, the path `affex validate DIR` takes.
//!
//! `cargo bench --bench adversarial` prints, before the timings, each shape's size, problem
//! count and peak memory (a counting allocator, as in `benches/memory.rs`, which covers item 2's
//! large catalog files).

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use affex::catalog;
use criterion::{Criterion, criterion_group, criterion_main};
use peak_alloc::PeakAlloc;

#[path = "gen/hostile.rs"]
mod hostile;

#[global_allocator]
static ALLOCATOR: PeakAlloc = PeakAlloc;

/// Each shape with the size that reproduces the report, kept under the file limits.
const SHAPES: [(&str, hostile::Shape, usize); 6] = [
    // 12 bytes a repeat: 85,000 stay under the 1 MiB limit of a one-profile file.
    ("header-comment", hostile::header_comment, 85_000),
    (
        "header-comment-multiline",
        hostile::header_comment_multiline,
        95_000,
    ),
    ("unknown-keys", hostile::unknown_keys, 90_000),
    // 12 bytes a key on one line: 80,000 stay under the 1 MiB limit.
    (
        "unknown-keys-one-line",
        hostile::unknown_keys_one_line,
        80_000,
    ),
    // 174,000 alternatives over 4,971 programs, as reported.
    (
        "dangling-alternatives",
        hostile::dangling_alternatives,
        174_000,
    ),
    // Three files of about 0.65, 0.65 and 1.3 MiB.
    (
        "alternating-duplicates",
        hostile::alternating_duplicates,
        16_000,
    ),
];

fn validate(dir: &Path) -> catalog::Catalog {
    catalog::validate(&[dir.to_path_buf()])
}

fn adversarial(c: &mut Criterion) {
    let root = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    let mut dirs: Vec<(&str, PathBuf)> = Vec::new();
    println!("shape                      n         bytes      problems  peak          peak/bytes");
    for (name, shape, n) in SHAPES {
        let dir = root.path().join(name);
        std::fs::create_dir(&dir).unwrap_or_else(|e| panic!("mkdir: {e}"));
        let files = shape(n);
        let bytes: usize = files.iter().map(|(_, text)| text.len()).sum();
        hostile::write(&dir, &files).unwrap_or_else(|e| panic!("write: {e}"));
        drop(files);
        let base = ALLOCATOR.current_usage();
        ALLOCATOR.reset_peak_usage();
        let checked = validate(&dir);
        let peak = ALLOCATOR.peak_usage().saturating_sub(base);
        println!(
            "{name:<25}  {n:>7}  {bytes:>10}  {:>8}  {peak:>10} B  {:>9.1}",
            checked.warnings() + checked.errors(),
            peak as f64 / bytes as f64
        );
        drop(checked);
        dirs.push((name, dir));
    }
    let mut group = c.benchmark_group("adversarial load");
    group.sample_size(10);
    group.warm_up_time(Duration::from_millis(500));
    group.measurement_time(Duration::from_secs(3));
    for (name, dir) in &dirs {
        group.bench_function(*name, |b| b.iter(|| black_box(validate(dir))));
    }
    group.finish();
}

criterion_group!(benches, adversarial);
criterion_main!(benches);
