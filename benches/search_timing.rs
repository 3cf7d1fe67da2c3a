//! Times affex's search on a generated catalog, for `benches/vs-fzf.sh`: prints one line per
//! query with the median of several runs of the whole query searched at once.
//!
//! ```sh
//! cargo run --release --example search_timing -- --count 100000 "dropship" "fish"
//! # typed one key at a time, 30 ms apart as in the app, each key's time printed:
//! cargo run --release --example search_timing -- --stream --each --pause 30 "fishing lures"
//! ```

use std::time::Instant;

use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use affex::search::{SearchIndex, Searcher};
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
    /// Also time the streamed search the app runs: when the first partial results arrive and
    /// when the full ranking is done, for each query typed one key at a time.
    #[arg(long)]
    stream: bool,
    /// With `--stream`, also print each keystroke's median full-ranking time and match count.
    #[arg(long)]
    each: bool,
    /// The diverse corpus (the same flag given to gen_catalog).
    #[arg(long)]
    diverse: bool,
    /// With `--stream`, wait this many milliseconds before each key, as a typist does: the
    /// search then starts from an idle machine (sleeping pool threads, cooled caches), as the
    /// app's does, instead of straight after the last key's.
    #[arg(long, default_value_t = 0)]
    pause: u64,
    /// The queries.
    queries: Vec<String>,
}

fn main() {
    let args = Args::parse();
    let corpus = if args.diverse {
        generator::Corpus::Diverse
    } else {
        generator::Corpus::Plain
    };
    let profiles = corpus.catalog(args.seed, args.count);
    let index = Arc::new(SearchIndex::new(&profiles));
    drop(profiles);
    if args.stream {
        stream(&index, &args);
        return;
    }
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

/// Per keystroke: milliseconds to the first partial results and to the full ranking (medians
/// over `runs` typings of each query).
fn stream(index: &Arc<SearchIndex>, args: &Args) {
    let never = AtomicBool::new(false);
    for query in &args.queries {
        let (mut first, mut full, mut worst_first, mut worst_full) =
            (vec![], vec![], vec![], vec![]);
        let mut each: Vec<(String, usize, Vec<f64>)> = query
            .char_indices()
            .map(|(i, c)| (query[..i + c.len_utf8()].to_string(), 0, vec![]))
            .collect();
        for _ in 0..args.runs.max(1) {
            let mut searcher = Searcher::new(Arc::clone(index));
            // As the app's search thread does before the first key.
            searcher.prepare();
            let (mut typing_first, mut typing_full) = (0.0f64, 0.0f64);
            for (key, (i, c)) in query.char_indices().enumerate() {
                let prefix = &query[..i + c.len_utf8()];
                if args.pause > 0 {
                    std::thread::sleep(std::time::Duration::from_millis(args.pause));
                }
                let start = Instant::now();
                let mut first_at = None;
                let done = searcher.search_streaming(prefix, &never, |_| {
                    first_at.get_or_insert_with(|| start.elapsed().as_secs_f64() * 1e3);
                });
                let total = start.elapsed().as_secs_f64() * 1e3;
                each[key].1 = done.as_ref().map_or(0, |d| d.matches.len());
                each[key].2.push(total);
                std::hint::black_box(done);
                // As the app's search thread does once it has sent a result, before the
                // next key (untimed: the user has not typed it yet).
                searcher.tidy(&|| false);
                let first_ms = first_at.unwrap_or(total);
                first.push(first_ms);
                full.push(total);
                typing_first = typing_first.max(first_ms);
                typing_full = typing_full.max(total);
            }
            worst_first.push(typing_first);
            worst_full.push(typing_full);
        }
        println!(
            "{query}\tfirst results {:.3} ms (slowest keystroke {:.3})\tfull ranking {:.3} ms (slowest keystroke {:.3})",
            median(first),
            median(worst_first),
            median(full),
            median(worst_full)
        );
        if args.each {
            for (prefix, hits, times) in each {
                println!("  {prefix:?}\t{:.3} ms\t{hits} matches", median(times));
            }
        }
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(0.0)
}
