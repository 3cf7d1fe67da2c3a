//! Loading speed: 10k and 100k profile files from a directory, and one catalog file of 100k
//! programs. The catalogs are generated once into a temporary directory before timing.
//!
//! `cargo bench --bench load`; `AFFEX_BENCH_SIZES=10000` picks the directory sizes.

use std::hint::black_box;
use std::path::Path;

use affex::catalog::{self, LoadOptions};
use criterion::{Criterion, criterion_group, criterion_main};

#[path = "gen/mod.rs"]
mod generator;

fn sizes() -> Vec<usize> {
    std::env::var("AFFEX_BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![10_000, 100_000])
}

fn write_dir(dir: &Path, count: usize) {
    for i in 0..count {
        let p = generator::program(42, i);
        let path = dir.join(format!("{}.toml", p.id));
        std::fs::write(path, generator::to_toml(&p)).unwrap_or_else(|e| panic!("write: {e}"));
    }
}

fn write_catalog_file(path: &Path, count: usize) {
    #[derive(serde::Serialize)]
    struct Catalog {
        program: Vec<affex::profile::Profile>,
    }
    let file = Catalog {
        program: generator::catalog(42, count),
    };
    let text = toml::to_string(&file).unwrap_or_else(|e| panic!("serialize: {e}"));
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
    for size in sizes() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
        write_dir(dir.path(), size);
        let loaded = catalog::load(&options(dir.path()));
        assert_eq!(loaded.profiles.len(), size, "every generated profile loads");
        assert_eq!(loaded.errors(), 0);
        group.bench_function(format!("files/{size}"), |b| {
            b.iter(|| black_box(catalog::load(&options(dir.path()))))
        });
    }
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    write_catalog_file(&dir.path().join("catalog.toml"), 100_000);
    let loaded = catalog::load(&options(dir.path()));
    assert_eq!(
        loaded.profiles.len(),
        100_000,
        "the catalog file loads whole"
    );
    group.bench_function("catalog-file/100000", |b| {
        b.iter(|| black_box(catalog::load(&options(dir.path()))))
    });
    group.finish();
}

criterion_group!(benches, bench_load);
criterion_main!(benches);
