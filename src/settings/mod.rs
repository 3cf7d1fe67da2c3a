//! What affex runs with, decided once at the edge (from the command line today, a config file
//! later), so the event loop never reads arguments or the environment itself; and the colour
//! decision every output shares.

pub mod about_me;
pub mod colour;
pub mod config_file;
pub mod default_config;
pub mod key_names;
pub mod paths;

use std::path::PathBuf;

use crate::catalog::LoadOptions;
use crate::keymap::Keymap;
use crate::theme::{Theme, ThemeChoice};

/// Everything [`crate::tui::run`] needs to start.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Where the profiles come from.
    pub load: LoadOptions,
    /// Where the loaded catalog is cached; `None` with `--no-cache`.
    pub cache_dir: Option<PathBuf>,
    /// The styles to draw with.
    pub theme: Theme,
    /// The key table (the config file's bindings over the standard ones).
    pub keymap: Keymap,
    /// Why the config file was not used, one `file:line:col: …` each.
    pub config_problems: Vec<String>,
}

impl Settings {
    /// The explorer's settings: `config.toml` read (the defaults when it has a problem), the
    /// theme from `theme_flag`, else the file, resolved against `use_colour` (asking the
    /// terminal for its background only when the choice is `auto`).
    pub fn for_explorer(
        load: LoadOptions,
        use_colour: bool,
        theme_flag: Option<ThemeChoice>,
    ) -> Self {
        let loaded = about_me::default_path()
            .map(|path| config_file::read(&path))
            .unwrap_or_default();
        let choice = theme_flag.unwrap_or(loaded.config.theme);
        Settings {
            load,
            cache_dir: None,
            theme: choice.resolve(use_colour, crate::theme::terminal_background_is_light),
            keymap: loaded.config.keymap,
            config_problems: loaded.problems.iter().map(ToString::to_string).collect(),
        }
    }
}
