//! Search speed at 10k, 100k and 1M programs: each query typed one key at a time through the
//! incremental [`Searcher`] (as the app does), and the whole query searched at once (as
//! `affex list --query` does).
//!
//! `cargo bench --bench search` runs it; `AFFEX_BENCH_SIZES=10000,100000` picks the sizes and
//! `AFFEX_BENCH_CORPUS=plain` or `diverse` one corpus (both by default).
//! Besides criterion's figures it prints, per size and query, the median time of one keystroke
//! and of the slowest keystroke over 11 typings.

use std::hint::black_box;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use affex::search::{SearchIndex, Searcher};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

#[path = "gen/mod.rs"]
mod generator;

/// The queries the issues name: short, common, multi-term, one that matches nothing (and so
/// falls back to partial matches term by term), and the query language's operators, scopes
/// and filters (issue 11).
pub const QUERIES: &[&str] = &[
    "dropship",
    "fish",
    "3d print",
    "fishing lures tiktokers",
    "zzqqxxj",
    "niche:fishing commission>=8",
    "^drop | tiktok !crypto",
    "Home Décor cookie>=30 payout<=50",
];

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// Types `query` one key at a time into a fresh searcher; returns each keystroke's time.
fn type_query(index: &Arc<SearchIndex>, query: &str) -> Vec<Duration> {
    let never = AtomicBool::new(false);
    let mut searcher = Searcher::new(Arc::clone(index));
    let ends: Vec<usize> = query
        .char_indices()
        .map(|(i, c)| i + c.len_utf8())
        .collect();
    ends.iter()
        .map(|&end| {
            let start = Instant::now();
            black_box(searcher.search(&query[..end], &never));
            start.elapsed()
        })
        .collect()
}

fn bench_search(c: &mut Criterion) {
    for (corpus, size) in generator::Corpus::chosen().into_iter().flat_map(|c| {
        generator::bench_sizes(&[10_000, 100_000, 1_000_000])
            .into_iter()
            .map(move |s| (c, s))
    }) {
        let profiles = corpus.catalog(42, size);
        let index = Arc::new(SearchIndex::new(&profiles));
        drop(profiles);

        for query in QUERIES {
            let mut per_key = Vec::new();
            let mut slowest = Vec::new();
            for _ in 0..11 {
                let times = type_query(&index, query);
                slowest.push(times.iter().copied().max().unwrap_or_default());
                per_key.extend(times);
            }
            let hits = index.search(query).len();
            eprintln!(
                "typed  {corpus:?} {size:>8} {query:<24} median keystroke {:>9.3} ms, median slowest keystroke {:>9.3} ms, {hits} matches",
                median(per_key).as_secs_f64() * 1e3,
                median(slowest).as_secs_f64() * 1e3,
            );
        }

        let mut group = c.benchmark_group(format!("search/{corpus:?}/{size}"));
        group.sample_size(if size >= 1_000_000 { 10 } else { 20 });
        for query in QUERIES {
            group.throughput(Throughput::Elements(1));
            group.bench_with_input(BenchmarkId::new("whole", query), query, |b, q| {
                b.iter(|| black_box(index.search(q)))
            });
            group.throughput(Throughput::Elements(query.chars().count() as u64));
            group.bench_with_input(BenchmarkId::new("typed", query), query, |b, q| {
                b.iter(|| black_box(type_query(&index, q)))
            });
        }
        group.finish();
    }
}

criterion_group!(benches, bench_search);
criterion_main!(benches);
