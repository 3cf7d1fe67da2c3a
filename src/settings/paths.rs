//! Where affex keeps its files, the same on every platform: the config directory
//! (`$AFFEX_CONFIG_DIR`, else `$XDG_CONFIG_HOME/affex`, else `~/.config/affex`) holds the user's
//! profiles and settings; the data directory (`$AFFEX_DATA_DIR`, else `$XDG_DATA_HOME/affex`,
//! else `~/.local/share/affex`) holds what affex saves for the user (shortlists, query
//! history); the cache directory (`$AFFEX_CACHE_DIR`, else `$XDG_CACHE_HOME/affex`, else
//! `~/.cache/affex`) holds what affex can rebuild (the loaded catalog). macOS users get the same XDG paths as the README promises, not
//! `~/Library/Application Support`: a terminal tool's users expect dotfiles.

use std::ffi::OsString;
use std::path::PathBuf;

/// The environment variables that decide the paths, read once; tests build it by hand.
#[derive(Debug, Clone, Default)]
pub struct PathEnv {
    /// `AFFEX_CONFIG_DIR`.
    pub affex_config: Option<OsString>,
    /// `AFFEX_DATA_DIR`.
    pub affex_data: Option<OsString>,
    /// `AFFEX_CACHE_DIR`.
    pub affex_cache: Option<OsString>,
    /// `XDG_CONFIG_HOME`.
    pub xdg_config: Option<OsString>,
    /// `XDG_DATA_HOME`.
    pub xdg_data: Option<OsString>,
    /// `XDG_CACHE_HOME`.
    pub xdg_cache: Option<OsString>,
    /// `HOME`.
    pub home: Option<OsString>,
}

impl PathEnv {
    /// Reads the variables from the process environment.
    pub fn from_process() -> Self {
        let var = |name: &str| std::env::var_os(name);
        PathEnv {
            affex_config: var("AFFEX_CONFIG_DIR"),
            affex_data: var("AFFEX_DATA_DIR"),
            affex_cache: var("AFFEX_CACHE_DIR"),
            xdg_config: var("XDG_CONFIG_HOME"),
            xdg_data: var("XDG_DATA_HOME"),
            xdg_cache: var("XDG_CACHE_HOME"),
            home: var("HOME").or_else(|| dirs::home_dir().map(PathBuf::into_os_string)),
        }
    }

    /// The config directory, or `None` when neither a variable nor a home directory says.
    pub fn config_dir(&self) -> Option<PathBuf> {
        pick(&self.affex_config, &self.xdg_config, &self.home, ".config")
    }

    /// The data directory, or `None` when neither a variable nor a home directory says.
    pub fn data_dir(&self) -> Option<PathBuf> {
        pick(&self.affex_data, &self.xdg_data, &self.home, ".local/share")
    }

    /// The cache directory, or `None` when neither a variable nor a home directory says.
    pub fn cache_dir(&self) -> Option<PathBuf> {
        pick(&self.affex_cache, &self.xdg_cache, &self.home, ".cache")
    }
}

/// An absolute, non-empty value, as the XDG spec asks: a relative one is ignored.
fn usable(value: &Option<OsString>) -> Option<PathBuf> {
    value
        .as_ref()
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
}

fn pick(
    own: &Option<OsString>,
    xdg: &Option<OsString>,
    home: &Option<OsString>,
    under_home: &str,
) -> Option<PathBuf> {
    usable(own)
        .or_else(|| usable(xdg).map(|d| d.join("affex")))
        .or_else(|| usable(home).map(|h| h.join(under_home).join("affex")))
}

/// The config directory of this process's environment.
pub fn config_dir() -> Option<PathBuf> {
    PathEnv::from_process().config_dir()
}

/// The data directory of this process's environment.
pub fn data_dir() -> Option<PathBuf> {
    PathEnv::from_process().data_dir()
}

/// The cache directory of this process's environment.
pub fn cache_dir() -> Option<PathBuf> {
    PathEnv::from_process().cache_dir()
}

/// The user's profile directory: `profiles` under the config directory.
pub fn profiles_dir() -> Option<PathBuf> {
    config_dir().map(|d| d.join("profiles"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> PathEnv {
        let get = |k: &str| {
            pairs
                .iter()
                .find(|(name, _)| *name == k)
                .map(|(_, v)| OsString::from(v))
        };
        PathEnv {
            affex_config: get("AFFEX_CONFIG_DIR"),
            affex_data: get("AFFEX_DATA_DIR"),
            affex_cache: get("AFFEX_CACHE_DIR"),
            xdg_config: get("XDG_CONFIG_HOME"),
            xdg_data: get("XDG_DATA_HOME"),
            xdg_cache: get("XDG_CACHE_HOME"),
            home: get("HOME"),
        }
    }

    #[test]
    fn the_own_variable_wins_then_xdg_then_home() {
        let all = env(&[
            ("AFFEX_CONFIG_DIR", "/own/cfg"),
            ("AFFEX_DATA_DIR", "/own/data"),
            ("XDG_CONFIG_HOME", "/xdg/cfg"),
            ("XDG_DATA_HOME", "/xdg/data"),
            ("AFFEX_CACHE_DIR", "/own/cache"),
            ("XDG_CACHE_HOME", "/xdg/cache"),
            ("HOME", "/home/u"),
        ]);
        assert_eq!(all.cache_dir(), Some(PathBuf::from("/own/cache")));
        assert_eq!(all.config_dir(), Some(PathBuf::from("/own/cfg")));
        assert_eq!(all.data_dir(), Some(PathBuf::from("/own/data")));
        let xdg = env(&[
            ("XDG_CONFIG_HOME", "/xdg/cfg"),
            ("XDG_DATA_HOME", "/xdg/data"),
            ("XDG_CACHE_HOME", "/xdg/cache"),
            ("HOME", "/home/u"),
        ]);
        assert_eq!(xdg.cache_dir(), Some(PathBuf::from("/xdg/cache/affex")));
        assert_eq!(xdg.config_dir(), Some(PathBuf::from("/xdg/cfg/affex")));
        assert_eq!(xdg.data_dir(), Some(PathBuf::from("/xdg/data/affex")));
        let home = env(&[("HOME", "/home/u")]);
        assert_eq!(
            home.cache_dir(),
            Some(PathBuf::from("/home/u/.cache/affex"))
        );
        assert_eq!(
            home.config_dir(),
            Some(PathBuf::from("/home/u/.config/affex"))
        );
        assert_eq!(
            home.data_dir(),
            Some(PathBuf::from("/home/u/.local/share/affex"))
        );
    }

    #[test]
    fn relative_or_empty_values_are_ignored_and_nothing_gives_none() {
        let odd = env(&[
            ("AFFEX_CONFIG_DIR", ""),
            ("XDG_CONFIG_HOME", "relative/dir"),
            ("HOME", "/home/u"),
        ]);
        assert_eq!(
            odd.config_dir(),
            Some(PathBuf::from("/home/u/.config/affex"))
        );
        assert_eq!(env(&[]).config_dir(), None);
        assert_eq!(env(&[]).data_dir(), None);
    }
}
