//! Loading speed: 10k and 100k profile files from a directory, one catalog file of 10k
//! programs, and 100k programs in catalog files of 20k each (a file of 100k is over the 32 MiB
//! a catalog file may hold, and is refused). The catalogs are generated once into a temporary
//! directory before timing.
//!
//! `cargo bench --bench load`; `AFFEX_BENCH_SIZES=10000` picks the sizes (a size over 20k
//! is cut into files of 20k for the catalog-file case).
//!
//! Each timing is of loading only: the loaded catalog is dropped outside the timed part, as the
//! app never drops it while it runs.

use std::hint::black_box;
use std::path::Path;

use affex::catalog::{self, LoadOptions};
use criterion::{Criterion, criterion_group, criterion_main};

#[path = "gen/mod.rs"]
mod generator;

/// Programs per catalog file: 20k generated programs take about 30 MB, under the 32 MiB cap.
const PER_CATALOG_FILE: usize = 20_000;

/// Writes programs `from..to` as `gen_catalog --single-file` does: one `[[program]]` table
/// each. Serialized one program at a time: serializing all of them as one document takes time
/// quadratic in their number.
fn write_catalog_file(path: &Path, from: usize, to: usize) {
    #[derive(serde::Serialize)]
    struct One<'a> {
        program: [&'a affex::model::Profile; 1],
    }
    let mut text = String::new();
    for i in from..to {
        let p = generator::program(42, i);
        let one = toml::to_string(&One { program: [&p] }).unwrap_or_else(|e| panic!("{e}"));
        text.push_str(&one);
        text.push('\n');
    }
    std::fs::write(path, text).unwrap_or_else(|e| panic!("write: {e}"));
}

fn options(dir: &Path) -> LoadOptions {
    LoadOptions {
        bundled: false,
        user_dir: None,
        extra_dirs: vec![dir.to_path_buf()],
    }
}

fn bench_load(c: &mut Criterion) {
    let mut group = c.benchmark_group("load");
    group.sample_size(10);
    for size in generator::bench_sizes(&[10_000, 100_000]) {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
        generator::write_profile_dir(dir.path(), size);
        let loaded = catalog::load(&options(dir.path()));
        assert_eq!(loaded.profiles.len(), size, "every generated profile loads");
        assert_eq!(loaded.errors(), 0);
        group.bench_function(format!("files/{size}"), |b| {
            b.iter_with_large_drop(|| black_box(catalog::load(&options(dir.path()))))
        });
    }
    for size in generator::bench_sizes(&[10_000, 100_000]) {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
        for (n, from) in (0..size).step_by(PER_CATALOG_FILE).enumerate() {
            let to = (from + PER_CATALOG_FILE).min(size);
            write_catalog_file(&dir.path().join(format!("catalog{n}.toml")), from, to);
        }
        let loaded = catalog::load(&options(dir.path()));
        assert_eq!(loaded.profiles.len(), size, "the catalog files load whole");
        assert_eq!(loaded.errors(), 0);
        group.bench_function(format!("catalog-file/{size}"), |b| {
            b.iter_with_large_drop(|| black_box(catalog::load(&options(dir.path()))))
        });
    }
    group.finish();
}

criterion_group!(benches, bench_load);
criterion_main!(benches);
