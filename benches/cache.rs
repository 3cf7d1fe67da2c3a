//! The catalog cache: a load from the files (cold: key taken, files parsed) against one from a
//! fresh cache (warm: key taken, header, index, ids and chunk table read and checked; no
//! program decoded), at 10k and 100k profile files, plus the cost of encoding the cache (its
//! index given) after a cold load, and a warm load that then decodes every program.
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
        let index = catalog.profiles.search_index();
        group.bench_function(format!("encode/{size}"), |b| {
            b.iter_with_large_drop(|| black_box(write.encode(&catalog, Some(&index))))
        });
        write
            .save(&catalog, Some(&index))
            .unwrap_or_else(|e| panic!("save: {e}"));
        let warm = cache::load(&opts, Some(store.path()));
        assert_eq!(warm.state, CacheState::Fresh);
        assert!(warm.catalog == catalog, "a warm load equals a cold one");
        group.bench_function(format!("warm/{size}"), |b| {
            b.iter_with_large_drop(|| black_box(cache::load(&opts, Some(store.path()))))
        });
        group.bench_function(format!("warm-decode-all/{size}"), |b| {
            b.iter_with_large_drop(|| {
                let warm = cache::load(&opts, Some(store.path()));
                assert!(warm.catalog.profiles.decode_all());
                black_box(warm)
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench_cache);
criterion_main!(benches);
