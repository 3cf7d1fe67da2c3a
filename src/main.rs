//! The `affex` binary: parse the command line, then run a headless command or the explorer.
#![forbid(unsafe_code)]

use affex::cli;
use affex::settings::Settings;
use affex::settings::colour::{self, Stream};

fn main() {
    let cli = match cli::parse_or_exit_code() {
        Ok(cli) => cli,
        Err(code) => std::process::exit(code),
    };
    let code = match &cli.command {
        Some(command) => cli::run(&cli, command),
        None => {
            let mut settings = Settings::for_explorer(
                cli::load_options(&cli),
                // The explorer draws on stdout, so stdout's colour decision is the app's.
                colour::decide(cli.color, Stream::Stdout),
                cli.theme,
            );
            settings.cache_dir = cli::cache_dir(&cli);
            match affex::tui::run(&settings) {
                Ok(()) => 0,
                Err(e) => {
                    cli::eprint_line(&format!("error: {e}"));
                    1
                }
            }
        }
    };
    std::process::exit(code);
}
