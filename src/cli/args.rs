//! The command line's words: global flags, the headless commands and their output formats.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::settings::colour::ColourChoice;

/// Compare affiliate programs from the terminal.
#[derive(Debug, Parser)]
#[command(name = "affex", version, about, long_about = None)]
pub struct Cli {
    /// Also load every *.toml in DIR (repeatable; later directories override earlier ones).
    #[arg(long = "profiles", value_name = "DIR", global = true)]
    pub profiles: Vec<PathBuf>,
    /// Leave out the programs compiled into affex.
    #[arg(long, global = true)]
    pub no_bundled: bool,
    /// When to use colour (auto also heeds NO_COLOR, CLICOLOR_FORCE and CLICOLOR).
    #[arg(long, value_enum, default_value_t = ColourChoice::Auto, global = true)]
    pub color: ColourChoice,
    /// What to do; with none, the interactive explorer opens.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The headless commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// List programs, ranked by a search over names, niches, audiences and more.
    List {
        /// A search, e.g. "dropshipping", "3d printing tiktok", "niche:fishing commission>=8"
        /// (every term must match; see the README for operators and filters).
        #[arg(long, short)]
        query: Option<String>,
        /// Order by a field, best first: commission, cookie, payout, aov, conversion, delay…
        #[arg(long, value_name = "FIELD")]
        sort: Option<String>,
        /// With --sort: worst first.
        #[arg(long, requires = "sort")]
        reverse: bool,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
    /// Show every field of one program.
    Show {
        /// The program's id (see `affex list --format ids`).
        id: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
        format: ShowFormat,
    },
    /// Lay programs side by side and mark the best value on each row.
    Compare {
        /// Two or more program ids.
        #[arg(required = true, num_args = 2..)]
        ids: Vec<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = CompareFormat::Table)]
        format: CompareFormat,
    },
    /// Check profile files and directories and report every problem.
    Validate {
        /// Files or directories (default: the user profile directory).
        paths: Vec<PathBuf>,
    },
}

/// Formats for `list`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// An aligned table that fits the terminal.
    Table,
    /// A JSON array of ranked programs.
    Json,
    /// CSV with a header row.
    Csv,
    /// One id per line.
    Ids,
}

/// Formats for `show`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ShowFormat {
    /// Sections for reading.
    Text,
    /// The profile as JSON, with the TOML format's field names.
    Json,
}

/// Formats for `compare`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CompareFormat {
    /// An aligned table that fits the terminal.
    Table,
    /// A Markdown table.
    Markdown,
    /// CSV: one row per field, one column per program.
    Csv,
    /// JSON with every cell's text, figure and mark.
    Json,
}
