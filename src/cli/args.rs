//! The command line's words: global flags, the headless commands and their output formats.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::decide::me::{
    Channel, check_channel, check_clicks, check_conversion, check_country, check_order,
};
use crate::model::CountryCode;
use crate::settings::colour::ColourChoice;

/// What `--help` says after the options: what no subcommand does, and where affex keeps files.
const AFTER_HELP: &str = "\
With no command, affex opens the interactive explorer; press ? there for its keys.

Files:
  profiles   $AFFEX_CONFIG_DIR/profiles, else $XDG_CONFIG_HOME/affex/profiles,
             else ~/.config/affex/profiles (every *.toml there is loaded)
  data       $AFFEX_DATA_DIR, else $XDG_DATA_HOME/affex, else ~/.local/share/affex
             (shortlists and history)
  cache      $AFFEX_CACHE_DIR, else $XDG_CACHE_HOME/affex, else ~/.cache/affex (the
             loaded catalog, checked against the profile files; `affex cache clear`)
  config     config.toml in the config directory ($AFFEX_CONFIG_DIR, …): the theme, key
             bindings ([keys.list], …) and about me ([me]: channels, countries, niches,
             clicks, conversion, order); `affex config --print-default` shows every setting

See `affex schema` for the profile format as JSON Schema, and `affex validate` to check files.";

/// Compare affiliate programs from the terminal.
#[derive(Debug, Parser)]
#[command(
    name = "affex",
    version,
    about,
    long_about = None,
    after_help = AFTER_HELP,
    after_long_help = AFTER_HELP
)]
pub struct Cli {
    /// Also load every *.toml in DIR (repeatable; later directories override earlier ones).
    #[arg(long = "profiles", value_name = "DIR", global = true)]
    pub profiles: Vec<PathBuf>,
    /// Leave out the programs compiled into affex.
    #[arg(long, global = true)]
    pub no_bundled: bool,
    /// Load every profile from its file, neither reading nor writing the catalog cache.
    #[arg(long, global = true)]
    pub no_cache: bool,
    /// When to use colour (auto also heeds NO_COLOR, CLICOLOR_FORCE and CLICOLOR).
    #[arg(long, value_enum, default_value_t = ColourChoice::Auto, global = true)]
    pub color: ColourChoice,
    /// The explorer's colours, over the config file's `theme` (auto asks the terminal whether
    /// its background is light).
    #[arg(long, value_enum, value_name = "THEME", global = true)]
    pub theme: Option<crate::theme::ThemeChoice>,
    /// Lay tables out for N columns instead of the terminal's width (100 when not a terminal).
    #[arg(long, value_name = "N", global = true, value_parser = clap::value_parser!(u16).range(20..))]
    pub width: Option<u16>,
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
        #[arg(long, value_name = "FIELD", value_hint = clap::ValueHint::Other)]
        sort: Option<String>,
        /// With --sort: worst first.
        #[arg(long, requires = "sort")]
        reverse: bool,
        /// Order by fit for you ("about me" and the flags below): eligibility, then monthly
        /// earnings, then days to the first payout, with the reasons.
        #[arg(long, conflicts_with = "sort")]
        for_me: bool,
        /// With --for-me: what you tell affex about yourself for this run.
        #[command(flatten)]
        me: MeFlags,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
    /// Estimate earnings, days to the first payout and eligibility, with every input and step.
    ///
    /// The flags override "about me" (the [me] table of config.toml in the config directory)
    /// for this run.
    Estimate {
        /// One or more program ids.
        #[arg(required = true, num_args = 1.., value_hint = clap::ValueHint::Other)]
        ids: Vec<String>,
        /// What you tell affex about yourself for this run.
        #[command(flatten)]
        me: MeFlags,
        /// Output format.
        #[arg(long, value_enum, default_value_t = EstimateFormat::Table)]
        format: EstimateFormat,
    },
    /// Show every field of one program.
    Show {
        /// The program's id (see `affex list --format ids`).
        #[arg(value_hint = clap::ValueHint::Other)]
        id: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
        format: ShowFormat,
    },
    /// Lay programs side by side and mark the best value on each row.
    Compare {
        /// Two or more program ids.
        #[arg(required = true, num_args = 2.., value_hint = clap::ValueHint::Other)]
        ids: Vec<String>,
        /// The rows worked out for you (earnings, first payout, eligibility) use "about me"
        /// and these flags.
        #[command(flatten)]
        me: MeFlags,
        /// Output format.
        #[arg(long, value_enum, default_value_t = CompareFormat::Table)]
        format: CompareFormat,
    },
    /// Print the programs of a shortlist (the default one without NAME), or name every list.
    ///
    /// Shortlists are the programs marked with Space in the explorer, kept in the data
    /// directory (see "Shortlists and export" in the README).
    Shortlist {
        /// The list's name (see `affex shortlist --lists`).
        #[arg(value_hint = clap::ValueHint::Other)]
        name: Option<String>,
        /// Name every list with how many programs it holds, instead.
        #[arg(long, visible_alias = "all", conflicts_with = "name")]
        lists: bool,
        /// Output format (markdown, csv and json are the explorer's export, byte for byte).
        #[arg(long, value_enum, default_value_t = ShortlistFormat::Table)]
        format: ShortlistFormat,
    },
    /// Import programs from a network's export or a spreadsheet, one profile each.
    ///
    /// For example `affex import awin programmes.json details.json --dry-run`. Re-importing
    /// updates what the network gave and keeps fields you edited by hand (FORMAT.md,
    /// "Importing").
    Import {
        /// The format of the files.
        #[arg(value_enum)]
        format: crate::import::Format,
        /// The files to import (a programme list and its details may be given together).
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Write the profiles into DIR instead of the user profile directory.
        #[arg(long, value_name = "DIR", value_hint = clap::ValueHint::DirPath)]
        into: Option<PathBuf>,
        /// Show what would change without writing anything.
        #[arg(long)]
        dry_run: bool,
    },
    /// Check profile files and directories and report every problem.
    Validate {
        /// Files or directories (default: the user profile directory and every --profiles DIR).
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ValidateFormat::Text)]
        format: ValidateFormat,
    },
    /// Print a shell completion script.
    ///
    /// For example `affex completions bash > ~/.local/share/bash-completion/completions/affex`;
    /// the README says where each shell looks.
    Completions {
        /// The shell to complete for.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff).
    ///
    /// For example `affex man > ~/.local/share/man/man1/affex.1`, then `man affex`.
    Man,
    /// Show the config file: where it lives, every setting with its default, or its problems.
    #[command(group(clap::ArgGroup::new("what").required(true).args(["print_default", "path", "check"])))]
    Config {
        /// Print the whole default config.toml with a comment on each setting.
        #[arg(long)]
        print_default: bool,
        /// Print where config.toml lives (it need not exist).
        #[arg(long)]
        path: bool,
        /// Check config.toml: each problem with file:line:col; exit 1 if there is one.
        #[arg(long)]
        check: bool,
    },
    /// The catalog cache: where it is, whether it is fresh for these profiles, or clear it.
    Cache {
        /// What to do with it.
        #[command(subcommand)]
        action: CacheAction,
    },
    /// Print the JSON Schema (draft-07) of a profile, for editors.
    ///
    /// Taplo and Even Better TOML read it: see "Editor support" in assets/profiles/FORMAT.md.
    Schema {
        /// The schema of a catalog file (`[[program]]` tables) instead of a single profile.
        #[arg(long)]
        catalog: bool,
    },
}

/// What `affex cache` does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Subcommand)]
pub enum CacheAction {
    /// Print the cache directory.
    Path,
    /// Say where the cache for these profiles is, how big, and whether it is fresh.
    Status,
    /// Remove every cached catalog.
    Clear,
    /// Read the profiles now and write their cache if it is not fresh, so the next start is
    /// quick (`affex import` does this on its own, behind its back, once it has written).
    Warm,
}

/// Formats for `validate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ValidateFormat {
    /// Each problem with its line and carets, then a summary.
    Text,
    /// A JSON array: one object per problem (file, line, column, field, severity, code, message).
    Json,
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

/// Formats for `shortlist`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ShortlistFormat {
    /// An aligned table that fits the terminal.
    Table,
    /// The programs side by side as JSON, as `compare --format json`.
    Json,
    /// The programs side by side as a Markdown table, as `compare --format markdown`.
    Markdown,
    /// The programs side by side as CSV, as `compare --format csv`.
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

/// The "about me" flags: each overrides the same field of the `[me]` table for one run, and is
/// checked by the same function as the file and the app's form, so the words match.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct MeFlags {
    /// Clicks you can send a program in a month, 0 to 1,000,000,000.
    #[arg(long, value_name = "N", value_parser = check_clicks, allow_hyphen_values = true)]
    pub clicks: Option<u64>,
    /// A country of your audience: an ISO 3166 two-letter code such as IN (repeatable).
    #[arg(long, value_name = "CC", value_parser = check_country, allow_hyphen_values = true)]
    pub country: Vec<CountryCode>,
    /// A channel you promote on (repeatable): blog, website, youtube, tiktok, instagram,
    /// pinterest, facebook, livestream, email, coupon, cashback, price-comparison.
    #[arg(long, value_name = "NAME", value_parser = check_channel, allow_hyphen_values = true)]
    pub channel: Vec<Channel>,
    /// Your own conversion rate in percent, above 0 and at most 100 (instead of the profile's).
    #[arg(long, value_name = "PCT", value_parser = check_conversion, allow_hyphen_values = true)]
    pub conversion: Option<f64>,
    /// Your own average order, in each program's currency (instead of the profile's).
    #[arg(long, value_name = "AMOUNT", value_parser = check_order, allow_hyphen_values = true)]
    pub order: Option<f64>,
}

impl MeFlags {
    /// The flags as an "about me" holding only what they set.
    pub fn as_me(&self) -> crate::decide::Me {
        crate::decide::Me {
            channels: self.channel.clone(),
            countries: self.country.clone(),
            niches: Vec::new(),
            clicks: self.clicks,
            conversion: self.conversion,
            order: self.order,
        }
    }
    /// True when no flag is given.
    pub fn is_empty(&self) -> bool {
        self.as_me().is_empty()
    }
}

/// Formats for `estimate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EstimateFormat {
    /// A block per program: results, inputs with their sources, the steps to the first payout.
    Table,
    /// Every input, intermediate and result, with units.
    Json,
    /// A Markdown table, one row per program.
    Markdown,
    /// CSV, one row per program.
    Csv,
}
