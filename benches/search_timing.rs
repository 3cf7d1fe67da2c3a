//! Times affex's search on a generated catalog, for `benches/vs-fzf.sh`: prints one line per
//! query with the median of several runs of the whole query searched at once.
//!
//! ```sh
//! cargo run --release --example search_timing -- --count 100000 "dropship" "fish"
//! ```

use std::time::Instant;

use affex::search::SearchIndex;
use clap::Parser;

#[path = "gen/mod.rs"]
mod generator;

/// Time affex's search over the same catalog `gen_catalog` writes.
#[derive(Parser)]
struct Args {
    /// How many programs (the same count given to gen_catalog).
    #[arg(long, default_value_t = 100_000)]
    count: usize,
    /// The seed (the same seed given to gen_catalog).
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Runs per query; the median is printed.
    #[arg(long, default_value_t = 15)]
    runs: usize,
    /// The queries.
    queries: Vec<String>,
}

fn main() {
    let args = Args::parse();
    let profiles = generator::catalog(args.seed, args.count);
    let index = SearchIndex::new(&profiles);
    for query in &args.queries {
        let mut times: Vec<f64> = (0..args.runs.max(1))
            .map(|_| {
                let start = Instant::now();
                std::hint::black_box(index.search(query));
                start.elapsed().as_secs_f64() * 1e3
            })
            .collect();
        times.sort_by(f64::total_cmp);
        let hits = index.search(query).len();
        println!("{query}\t{:.3}\t{hits}", times[times.len() / 2]);
    }
}
