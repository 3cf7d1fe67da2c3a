//! The `affex` binary: parse the command line, then run a headless command or the explorer.

use clap::{CommandFactory, Parser};

use affex::cli::{self, Cli};

fn main() {
    let cli = Cli::parse();
    let code = match &cli.command {
        Some(command) => cli::run(&cli, command),
        None => {
            // The interactive explorer arrives with the terminal-app issue; until then, say how
            // to use the headless commands.
            let _ = Cli::command().print_help();
            0
        }
    };
    std::process::exit(code);
}
