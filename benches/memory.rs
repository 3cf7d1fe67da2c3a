//! Peak memory of loading one catalog file, as a multiple of its size (issue 9, item 2): a
//! counting global allocator records the highest number of bytes held at once while
//! `catalog::load` reads catalog files of 1, 4, 16 and 32 MiB (the limit) written by the shared
//! generator.
//!
//! `cargo bench --bench memory` prints, for each size, the peak and the factor; the factor is
//! what assets/profiles/FORMAT.md quotes for `MAX_CATALOG_BYTES`.
//!
//! Then the first start's other cost (issue 16): writing the catalog cache of each loaded
//! realistic catalog, its search index built, printing what the write held at its peak above
//! the loaded catalog and index, against the size of the file it wrote. The cache is written as
//! it is encoded, so this stays a few megabytes whatever the catalog; before, the whole file
//! and its records were held at once (about twice the file).

use std::path::Path;

use affex::catalog::{self, LoadOptions};
use affex::search::SearchIndex;
use peak_alloc::PeakAlloc;

#[path = "gen/mod.rs"]
mod generator;

#[global_allocator]
static ALLOCATOR: PeakAlloc = PeakAlloc;

/// Writes a catalog file of about `bytes` of the smallest programs there are (an id and a
/// name): the most programs, and so the most memory, a file of that size can hold.
fn write_minimal(path: &Path, bytes: usize) -> usize {
    let mut text = String::new();
    let mut i = 0;
    while text.len() < bytes {
        text.push_str(&format!("[[program]]\nid = \"p{i}\"\nname = \"P\"\n"));
        i += 1;
    }
    std::fs::write(path, &text).unwrap_or_else(|e| panic!("write: {e}"));
    text.len()
}

/// Writes a catalog file of about `bytes`, one `[[program]]` table per generated program.
fn write_catalog(path: &Path, bytes: usize) -> usize {
    #[derive(serde::Serialize)]
    struct One<'a> {
        program: [&'a affex::model::Profile; 1],
    }
    let mut text = String::new();
    let mut i = 0;
    while text.len() < bytes {
        let p = generator::program(42, i);
        let one = toml::to_string(&One { program: [&p] }).unwrap_or_else(|e| panic!("{e}"));
        text.push_str(&one);
        text.push('\n');
        i += 1;
    }
    std::fs::write(path, &text).unwrap_or_else(|e| panic!("write: {e}"));
    text.len()
}

/// Writes a catalog file of about the bytes asked for; returns its size.
type Writer = fn(&Path, usize) -> usize;

fn main() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    println!(
        "Profile: {} bytes a program before its text",
        std::mem::size_of::<affex::model::Profile>()
    );
    println!("kind       size      programs  peak         peak/size  held after/size");
    let mut cache_writes = Vec::new();
    let kinds: [(&str, Writer); 2] = [("realistic", write_catalog), ("minimal", write_minimal)];
    for ((kind, write), mib) in kinds
        .into_iter()
        .flat_map(|kind| [1usize, 4, 16, 32].map(|mib| (kind, mib)))
    {
        let path = dir.path().join(format!("catalog-{kind}-{mib}.toml"));
        // Just under the size, so the 32 MiB file is within the limit (a program may overshoot).
        let size = write(&path, (mib << 20) - (16 << 10));
        let options = LoadOptions {
            bundled: false,
            user_dir: None,
            extra_dirs: vec![path],
        };
        let base = ALLOCATOR.current_usage();
        ALLOCATOR.reset_peak_usage();
        let loaded = catalog::load(&options);
        let peak = ALLOCATOR.peak_usage().saturating_sub(base);
        let held = ALLOCATOR.current_usage().saturating_sub(base);
        println!(
            "{kind:<9}  {:>3} MiB  {:>8}  {:>10} B  {:>9.1}  {:>9.1}",
            mib,
            loaded.profiles.len(),
            peak,
            peak as f64 / size as f64,
            held as f64 / size as f64,
        );
        assert!(loaded.problems.is_empty(), "{:?}", loaded.problems.first());
        drop(loaded);
        if kind == "realistic" {
            cache_writes.push((mib, options));
        }
    }
    println!("\ncache write (first start): peak above the catalog and its index");
    println!("size      programs  cache file    write peak   peak/file");
    for (mib, options) in cache_writes {
        let cache = dir.path().join(format!("cache-{mib}"));
        let cached = catalog::cache::load(&options, Some(&cache));
        let profiles = cached.catalog.profiles.as_decoded().unwrap_or(&[]);
        let index = SearchIndex::new(profiles);
        let write = cached
            .write
            .unwrap_or_else(|| panic!("a cold load writes the cache"));
        let base = ALLOCATOR.current_usage();
        ALLOCATOR.reset_peak_usage();
        write
            .save(&cached.catalog, Some(&index))
            .unwrap_or_else(|e| panic!("save: {e}"));
        let peak = ALLOCATOR.peak_usage().saturating_sub(base);
        let file: u64 = catalog::cache::files(&cache)
            .iter()
            .map(|(_, len)| len)
            .sum();
        println!(
            "{:>3} MiB  {:>8}  {:>10} B  {:>10} B  {:>9.3}",
            mib,
            profiles.len(),
            file,
            peak,
            peak as f64 / file as f64,
        );
    }
}
