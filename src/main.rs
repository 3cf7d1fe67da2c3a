//! The `affex` binary: parse the command line, then run a headless command or the explorer.

use clap::Parser;

use affex::cli::{self, Cli};
use affex::settings::colour::{self, Stream};

fn main() {
    let cli = Cli::parse();
    let code = match &cli.command {
        Some(command) => cli::run(&cli, command),
        // The explorer draws on stdout, so stdout's colour decision is the app's.
        None => match affex::tui::run(&cli, colour::decide(cli.color, Stream::Stdout)) {
            Ok(()) => 0,
            Err(e) => {
                eprintln!("error: {e}");
                1
            }
        },
    };
    std::process::exit(code);
}
