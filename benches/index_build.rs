//! How long building the search index takes at 100k and 1M programs, on the generated corpus
//! and on the diverse one (unique names, tens of thousands of niche phrases).
//!
//! `cargo bench --bench index_build` runs it; `AFFEX_BENCH_SIZES=100000` picks the sizes and
//! `AFFEX_BENCH_CORPUS=plain` or `diverse` one corpus. Besides criterion's figures it prints the
//! median of several builds per size and corpus.

use std::hint::black_box;
use std::time::{Duration, Instant};

use affex::search::SearchIndex;
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

#[path = "gen/mod.rs"]
mod generator;

fn bench_index(c: &mut Criterion) {
    for corpus in generator::Corpus::chosen() {
        for size in generator::bench_sizes(&[100_000, 1_000_000]) {
            let profiles = corpus.catalog(42, size);
            let mut times: Vec<Duration> = (0..5)
                .map(|_| {
                    let start = Instant::now();
                    black_box(SearchIndex::new(&profiles));
                    start.elapsed()
                })
                .collect();
            times.sort();
            eprintln!(
                "index build {corpus:?} {size:>8}: median {:>8.1} ms (of 5)",
                times[2].as_secs_f64() * 1e3
            );
            let mut group = c.benchmark_group(format!("index_build/{corpus:?}"));
            group.sample_size(10);
            group.bench_with_input(BenchmarkId::from_parameter(size), &profiles, |b, p| {
                b.iter(|| black_box(SearchIndex::new(p)))
            });
            group.finish();
        }
    }
}

criterion_group!(benches, bench_index);
criterion_main!(benches);
