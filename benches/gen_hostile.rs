//! Writes one hostile input shape (see `benches/gen/hostile.rs`) into a directory, for timing
//! the real binary on it: `cargo run --release --example gen_hostile -- SHAPE N DIR`.

#[path = "gen/hostile.rs"]
mod hostile;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [shape, n, dir] = args.as_slice() else {
        eprintln!("usage: gen_hostile SHAPE N DIR; shapes:");
        for (name, _) in hostile::SHAPES {
            eprintln!("  {name}");
        }
        std::process::exit(2);
    };
    let Some((_, make)) = hostile::SHAPES.iter().find(|(name, _)| name == shape) else {
        eprintln!("unknown shape {shape}");
        std::process::exit(2);
    };
    let n: usize = n.parse().unwrap_or_else(|_| {
        eprintln!("N must be a number");
        std::process::exit(2)
    });
    if let Err(e) = hostile::write(std::path::Path::new(dir), &make(n)) {
        eprintln!("cannot write: {e}");
        std::process::exit(1);
    }
}
