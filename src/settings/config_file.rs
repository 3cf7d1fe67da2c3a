//! The explorer's part of `config.toml`: `theme = "…"` and the key bindings, one
//! `[keys.MODE]` table per mode whose entries bind a command (by its kebab-case name, as
//! [`Command`] reads) to a key or a list of keys. The `[me]` table is
//! [`crate::settings::about_me`]'s. Any problem (bad TOML, an unknown key, command or key
//! name, a key bound twice in one mode) is reported with `file:line:col`, and then nothing of
//! the file is used: the explorer starts on the defaults and says so.

use std::fmt;
use std::path::Path;

use toml_edit::{Document, Item, TableLike};

use crate::action::Command;
use crate::keymap::{Key, Keymap, Mode};
use crate::settings::about_me::{self, line_col};
use crate::settings::key_names::KEY_NAMES_HELP;
use crate::theme::ThemeChoice;

/// The table of key bindings.
pub const KEYS: &str = "keys";
/// The theme's key.
pub const THEME: &str = "theme";

/// What the explorer takes from the config file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Config {
    /// The theme asked for (`auto` unless the file says).
    pub theme: ThemeChoice,
    /// The key table with the file's bindings applied.
    pub keymap: Keymap,
}

/// Something in the config file that could not be used, and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigProblem {
    /// The file, as shown.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// What is wrong, starting with where in the file's tables.
    pub message: String,
}

impl fmt::Display for ConfigProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.column, self.message
        )
    }
}

/// What was read: the config to run with (the defaults when there is any problem), and the
/// problems, in file order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LoadedConfig {
    /// The settings to use.
    pub config: Config,
    /// Why the defaults were used instead of the file, if they were.
    pub problems: Vec<ConfigProblem>,
}

/// A command's name in the config file (its serde name, `toggle-grid`).
pub fn command_name(command: Command) -> String {
    match toml::Value::try_from(command) {
        Ok(toml::Value::String(name)) => name,
        _ => format!("{command:?}"),
    }
}

/// Reads `path`; a missing file is the defaults, not a problem.
pub fn read(path: &Path) -> LoadedConfig {
    let shown = crate::sanitize::visible_path(path);
    match std::fs::read(path) {
        Ok(bytes) => parse(&String::from_utf8_lossy(&bytes), &shown),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => LoadedConfig::default(),
        Err(e) => LoadedConfig {
            config: Config::default(),
            problems: vec![ConfigProblem {
                file: shown,
                line: 1,
                column: 1,
                message: format!("cannot read the file: {e}"),
            }],
        },
    }
}

/// One binding the file asks for: where its value is, and each key with where it is.
struct Asked {
    mode: Mode,
    command: Command,
    keys: Vec<(Key, usize)>,
    at: usize,
}

/// Reads the theme and key bindings from the text of a config file called `file`.
pub fn parse(text: &str, file: &str) -> LoadedConfig {
    let mut problems: Vec<(usize, String)> = Vec::new();
    let mut config = Config::default();
    match text.parse::<Document<String>>() {
        Err(e) => {
            let at = e.span().map_or(0, |s| s.start);
            problems.push((at, format!("not valid TOML: {}", e.message().trim())));
        }
        Ok(doc) => read_document(doc.as_table(), &mut config, &mut problems),
    }
    if problems.is_empty() {
        return LoadedConfig {
            config,
            problems: Vec::new(),
        };
    }
    problems.sort_by_key(|(at, _)| *at);
    let problems = problems
        .into_iter()
        .map(|(at, message)| {
            let (line, column) = line_col(text, at);
            ConfigProblem {
                file: file.to_string(),
                line,
                column,
                message,
            }
        })
        .collect();
    LoadedConfig {
        config: Config::default(),
        problems,
    }
}

fn start(item: &Item) -> usize {
    item.span().map_or(0, |s| s.start)
}

fn key_start(table: &dyn TableLike, name: &str) -> usize {
    table
        .get_key_value(name)
        .and_then(|(key, item)| key.span().or_else(|| item.span()))
        .map_or(0, |s| s.start)
}

fn read_document(
    root: &toml_edit::Table,
    config: &mut Config,
    problems: &mut Vec<(usize, String)>,
) {
    for (name, item) in root.iter() {
        match name {
            THEME => match item.as_str().and_then(ThemeChoice::from_name) {
                Some(theme) => config.theme = theme,
                None => problems.push((
                    start(item),
                    format!(
                        "{THEME}: expected one of {}; found {}",
                        ThemeChoice::ALL
                            .map(|c| format!("\"{}\"", c.name()))
                            .join(", "),
                        shown_value(item)
                    ),
                )),
            },
            KEYS => read_keys(item, config, problems),
            about_me::TABLE => {}
            other => {
                let known = [THEME, KEYS, about_me::TABLE];
                let hint = crate::suggest::closest(other, known)
                    .map(|k| format!("; did you mean `{k}`?"))
                    .unwrap_or_default();
                problems.push((
                    key_start(root, other),
                    format!(
                        "unknown key `{}`{hint} (known: {})",
                        crate::sanitize::visible(other),
                        known.join(", ")
                    ),
                ));
            }
        }
    }
}

fn shown_value(item: &Item) -> String {
    let text = item.to_string();
    crate::sanitize::visible(text.trim())
}

fn mode_names() -> String {
    Mode::ALL.map(|m| m.config_name()).join(", ")
}

fn read_keys(item: &Item, config: &mut Config, problems: &mut Vec<(usize, String)>) {
    let Some(keys) = item.as_table_like() else {
        problems.push((
            start(item),
            format!(
                "{KEYS}: expected a table per mode ([{KEYS}.list], …; modes: {})",
                mode_names()
            ),
        ));
        return;
    };
    let mut asked: Vec<Asked> = Vec::new();
    for (mode_name, table) in keys.iter() {
        let Some(mode) = Mode::ALL.into_iter().find(|m| m.config_name() == mode_name) else {
            let hint = crate::suggest::closest(mode_name, Mode::ALL.map(|m| m.config_name()))
                .map(|k| format!("; did you mean `{k}`?"))
                .unwrap_or_default();
            problems.push((
                key_start(keys, mode_name),
                format!(
                    "[{KEYS}.{}]: unknown mode{hint} (modes: {})",
                    crate::sanitize::visible(mode_name),
                    mode_names()
                ),
            ));
            continue;
        };
        let Some(table) = table.as_table_like() else {
            problems.push((
                start(table),
                format!("{KEYS}.{mode_name}: expected a table of command = \"key\""),
            ));
            continue;
        };
        for (name, value) in table.iter() {
            let at = key_start(table, name);
            let place = format!("[{KEYS}.{mode_name}] {}", crate::sanitize::visible(name));
            let Some(command) = Command::ALL.into_iter().find(|&c| command_name(c) == name) else {
                problems.push((at, unknown_command(&config.keymap, mode, name, &place)));
                continue;
            };
            match key_list(value) {
                Ok(keys) => asked.push(Asked {
                    mode,
                    command,
                    keys,
                    at,
                }),
                Err((offset, message)) => problems.push((offset, format!("{place}: {message}"))),
            }
        }
    }
    for a in &asked {
        let keys = a.keys.iter().map(|(k, _)| *k).collect();
        if let Err(why) = config.keymap.rebind(a.mode, a.command, keys) {
            let there = config
                .keymap
                .commands_in(a.mode)
                .into_iter()
                .map(command_name)
                .collect::<Vec<_>>()
                .join(", ");
            problems.push((
                a.at,
                format!(
                    "[{KEYS}.{}] {}: {why} (the commands of {}: {there})",
                    a.mode.config_name(),
                    command_name(a.command),
                    a.mode.config_name()
                ),
            ));
        }
    }
    for clash in config.keymap.clashes() {
        // Point at the file's binding of the key; the later one when the file binds it twice.
        let at = asked
            .iter()
            .rev()
            .filter(|a| a.mode == clash.mode && [clash.first, clash.second].contains(&a.command))
            .find_map(|a| {
                a.keys
                    .iter()
                    .find(|(k, _)| *k == clash.key)
                    .map(|(_, at)| *at)
            })
            .unwrap_or(0);
        problems.push((
            at,
            format!(
                "[{KEYS}.{}]: \"{}\" is bound twice, to {} and to {}; give one of them another key",
                clash.mode.config_name(),
                crate::sanitize::visible(&clash.key.config_name()),
                command_name(clash.first),
                command_name(clash.second)
            ),
        ));
    }
}

/// The message for a command name nobody knows, with the likeliest meant one: the closest
/// name, or the command whose footer hint is that word (`compare` → `toggle-grid`).
fn unknown_command(keymap: &Keymap, mode: Mode, name: &str, place: &str) -> String {
    let names: Vec<String> = Command::ALL.into_iter().map(command_name).collect();
    let by_hint = keymap
        .bindings()
        .iter()
        .filter(|b| b.modes.contains(&mode))
        .find(|b| b.hint.is_some_and(|h| h.label == name))
        .map(|b| command_name(b.command));
    let hint = by_hint
        .or_else(|| {
            crate::suggest::closest(name, names.iter().map(String::as_str)).map(String::from)
        })
        .map(|k| format!("; did you mean `{k}`?"))
        .unwrap_or_default();
    format!("{place}: unknown command{hint} (`affex config --print-default` lists every command)")
}

/// The keys of one binding: a key name or an array of them, each with where it is.
fn key_list(value: &Item) -> Result<Vec<(Key, usize)>, (usize, String)> {
    let expected = "expected a key name or a list of key names";
    let values: Vec<&toml_edit::Value> = match value.as_value() {
        Some(toml_edit::Value::Array(array)) => array.iter().collect(),
        Some(one @ toml_edit::Value::String(_)) => vec![one],
        _ => {
            return Err((
                start(value),
                format!("{expected}; found {}", shown_value(value)),
            ));
        }
    };
    if values.is_empty() {
        return Err((start(value), format!("{expected}; found an empty list")));
    }
    values
        .into_iter()
        .map(|v| {
            let at = v.span().map_or(0, |s| s.start);
            let name = v.as_str().ok_or_else(|| {
                (
                    at,
                    format!(
                        "{expected}; found {}",
                        crate::sanitize::visible(&v.to_string())
                    ),
                )
            })?;
            Key::from_config_name(name).map(|k| (k, at)).ok_or_else(|| {
                (
                    at,
                    format!(
                        "unknown key \"{}\"; expected {KEY_NAMES_HELP}",
                        crate::sanitize::visible(name)
                    ),
                )
            })
        })
        .collect()
}

#[cfg(test)]
mod tests;
