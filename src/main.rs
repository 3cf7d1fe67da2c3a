//! The `affex` binary: parse the command line, then run a headless command or the explorer.

use clap::Parser;

use affex::cli::{self, Cli};
use affex::settings::Settings;

fn main() {
    let cli = Cli::parse();
    let code = match &cli.command {
        Some(command) => cli::run(&cli, command),
        None => {
            let settings = Settings {
                load: cli::load_options(&cli),
                use_colour: affex::tui::use_color(cli.color),
            };
            match affex::tui::run(&settings) {
                Ok(()) => 0,
                Err(e) => {
                    eprintln!("error: {e}");
                    1
                }
            }
        }
    };
    std::process::exit(code);
}
