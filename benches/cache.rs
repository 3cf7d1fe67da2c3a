//! The catalog cache: a load from the files (cold: key taken, files parsed) against one from a
//! fresh cache (warm: key taken, file read, checksum, programs decoded), at 10k and 100k
//! profile files, plus the cost of writing the cache after a cold load.
//!
//! `cargo bench --bench cache`; `AFFEX_BENCH_SIZES=10000` picks the sizes.

use std::hint::black_box;
use std::path::Path;

use affex::catalog::LoadOptions;
use affex::catalog::cache::{self, CacheState};
use criterion::{Criterion, criterion_group, criterion_main};

#[path = "gen/mod.rs"]
mod generator;

fn options(dir: &Path) -> LoadOptions {
    LoadOptions {
        bundled: false,
        user_dir: None,
        extra_dirs: vec![dir.to_path_buf()],
    }
}

fn bench_cache(c: &mut Criterion) {
    let mut group = c.benchmark_group("cache");
    group.sample_size(10);
    for size in generator::bench_sizes(&[10_000, 100_000]) {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
        let store = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
        generator::write_profile_dir(dir.path(), size);
        let opts = options(dir.path());
        group.bench_function(format!("cold/{size}"), |b| {
            b.iter_with_large_drop(|| black_box(cache::load(&opts, None)))
        });
        let first = cache::load(&opts, Some(store.path()));
        assert_eq!(first.state, CacheState::Missing);
        let write = first.write.unwrap_or_else(|| panic!("a cold load writes"));
        let catalog = first.catalog;
        group.bench_function(format!("encode/{size}"), |b| {
            b.iter_with_large_drop(|| black_box(write.encode(&catalog)))
        });
        write.save(&catalog).unwrap_or_else(|e| panic!("save: {e}"));
        let warm = cache::load(&opts, Some(store.path()));
        assert_eq!(warm.state, CacheState::Fresh);
        assert!(warm.catalog == catalog, "a warm load equals a cold one");
        group.bench_function(format!("warm/{size}"), |b| {
            b.iter_with_large_drop(|| black_box(cache::load(&opts, Some(store.path()))))
        });
    }
    group.finish();
}

criterion_group!(benches, bench_cache);
criterion_main!(benches);
