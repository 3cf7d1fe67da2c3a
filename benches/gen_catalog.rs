//! Writes a deterministic, realistic catalog for benchmarks and for trying affex on a large
//! directory:
//!
//! ```sh
//! cargo run --release --example gen_catalog -- --count 100000 --out /tmp/cat
//! cargo run --release --example gen_catalog -- --count 100000 --out /tmp/cat1 --single-file
//! ```
//!
//! One profile per file (or one `catalog.toml` of `[[program]]` tables with `--single-file`),
//! plus `corpus.txt`: one line per program with the text the search sees, so other tools (fzf)
//! can be run on the same data.

use std::io::Write;
use std::path::PathBuf;

use clap::Parser;

#[path = "gen/mod.rs"]
mod generator;

/// Generate a catalog of affiliate programs.
#[derive(Parser)]
struct Args {
    /// How many programs.
    #[arg(long, default_value_t = 10_000)]
    count: usize,
    /// The directory to write (created if missing).
    #[arg(long)]
    out: PathBuf,
    /// Write one catalog file instead of one file per program.
    #[arg(long)]
    single_file: bool,
    /// The seed; the same seed and count give the same catalog.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// The diverse corpus: unique names, over 20,000 niche phrases, longer summaries.
    #[arg(long)]
    diverse: bool,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::parse();
    std::fs::create_dir_all(&args.out)?;
    let mut corpus = std::io::BufWriter::new(std::fs::File::create(args.out.join("corpus.txt"))?);
    let mut single = if args.single_file {
        Some(std::io::BufWriter::new(std::fs::File::create(
            args.out.join("catalog.toml"),
        )?))
    } else {
        None
    };
    let kind = if args.diverse {
        generator::Corpus::Diverse
    } else {
        generator::Corpus::Plain
    };
    let mut niches = std::collections::HashSet::new();
    for i in 0..args.count {
        let p = kind.program(args.seed, i);
        niches.extend(p.niches.iter().map(|n| n.as_str().to_string()));
        niches.extend((p.audiences.iter().flat_map(|a| &a.niches)).map(|n| n.as_str().to_string()));
        writeln!(corpus, "{}", generator::corpus_line(&p))?;
        match single.as_mut() {
            Some(file) => {
                #[derive(serde::Serialize)]
                struct One<'a> {
                    program: [&'a affex::model::Profile; 1],
                }
                write!(file, "{}", toml::to_string(&One { program: [&p] })?)?;
                writeln!(file)?;
            }
            None => std::fs::write(
                args.out.join(format!("{}.toml", p.id)),
                generator::to_toml(&p),
            )?,
        }
    }
    corpus.flush()?;
    if let Some(mut file) = single {
        file.flush()?;
    }
    eprintln!(
        "wrote {} programs ({kind:?} corpus, {} distinct niche phrases) to {}",
        args.count,
        niches.len(),
        args.out.display()
    );
    Ok(())
}
