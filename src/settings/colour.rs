//! Colour, decided once for each output stream, for the explorer and the command line alike.
//!
//! The first rule that applies wins:
//! 1. `--color always` or `--color never`;
//! 2. `NO_COLOR` set and not empty: no colour;
//! 3. `CLICOLOR_FORCE` set, not empty and not `0`: colour;
//! 4. `CLICOLOR=0`: no colour;
//! 5. otherwise colour when the stream is a terminal (and `TERM` is not `dumb`).
//!
//! Each stream is asked on its own, so `affex show x 2>err.txt` in a terminal colours stdout
//! and writes plain text to the file.

use std::ffi::OsString;
use std::io::{self, IsTerminal};

use clap::ValueEnum;

/// When to use colour: the `--color` flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColourChoice {
    /// Colour when the stream is a terminal, unless the environment says otherwise.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// An output stream whose colour is decided on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stream {
    /// Standard output: results, and the explorer's screen.
    Stdout,
    /// Standard error: warnings and errors.
    Stderr,
}

impl Stream {
    /// Whether this stream is a terminal.
    pub fn is_terminal(self) -> bool {
        match self {
            Stream::Stdout => io::stdout().is_terminal(),
            Stream::Stderr => io::stderr().is_terminal(),
        }
    }
}

/// What the environment says about colour.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ColourEnv {
    /// `NO_COLOR` is set and not empty.
    pub no_color: bool,
    /// `CLICOLOR_FORCE` is set, not empty and not `0`.
    pub force: bool,
    /// `CLICOLOR` is `0`.
    pub clicolor_off: bool,
    /// `TERM` is `dumb`.
    pub dumb_terminal: bool,
}

impl ColourEnv {
    /// Reads the process environment.
    pub fn from_process() -> Self {
        Self::from_vars(|name| std::env::var_os(name))
    }

    /// Reads the variables through `var`, which returns a variable's value or `None` when it
    /// is unset.
    pub fn from_vars(var: impl Fn(&str) -> Option<OsString>) -> Self {
        let set = |name: &str| var(name).filter(|v| !v.is_empty());
        ColourEnv {
            no_color: set("NO_COLOR").is_some(),
            force: set("CLICOLOR_FORCE").is_some_and(|v| v != "0"),
            clicolor_off: var("CLICOLOR").is_some_and(|v| v == "0"),
            dumb_terminal: var("TERM").is_some_and(|v| v == "dumb"),
        }
    }
}

/// The rules above, given the flag, the environment and whether the stream is a terminal.
pub fn resolve(choice: ColourChoice, env: ColourEnv, is_terminal: bool) -> bool {
    match choice {
        ColourChoice::Always => true,
        ColourChoice::Never => false,
        ColourChoice::Auto if env.no_color => false,
        ColourChoice::Auto if env.force => true,
        ColourChoice::Auto if env.clicolor_off => false,
        ColourChoice::Auto => is_terminal && !env.dumb_terminal,
    }
}

/// Whether to colour `stream`, from the flag, the process environment and the stream itself.
pub fn decide(choice: ColourChoice, stream: Stream) -> bool {
    resolve(choice, ColourEnv::from_process(), stream.is_terminal())
}

#[cfg(test)]
mod tests {
    use super::*;
    use ColourChoice::{Always, Auto, Never};

    fn env(vars: &[(&str, &str)]) -> ColourEnv {
        ColourEnv::from_vars(|name| {
            vars.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| OsString::from(v))
        })
    }

    #[test]
    fn reads_the_variables_as_the_conventions_say() {
        assert_eq!(env(&[]), ColourEnv::default());
        assert!(env(&[("NO_COLOR", "1")]).no_color);
        assert!(env(&[("NO_COLOR", "0")]).no_color, "any non-empty value");
        assert!(!env(&[("NO_COLOR", "")]).no_color, "empty means unset");
        assert!(env(&[("CLICOLOR_FORCE", "1")]).force);
        assert!(env(&[("CLICOLOR_FORCE", "yes")]).force);
        assert!(!env(&[("CLICOLOR_FORCE", "0")]).force);
        assert!(!env(&[("CLICOLOR_FORCE", "")]).force);
        assert!(env(&[("CLICOLOR", "0")]).clicolor_off);
        assert!(!env(&[("CLICOLOR", "1")]).clicolor_off);
        assert!(!env(&[("CLICOLOR", "")]).clicolor_off);
        assert!(env(&[("TERM", "dumb")]).dumb_terminal);
        assert!(!env(&[("TERM", "xterm-256color")]).dumb_terminal);
    }

    #[test]
    fn the_first_rule_that_applies_wins() {
        let none = env(&[]);
        let no_color = env(&[("NO_COLOR", "1")]);
        let force = env(&[("CLICOLOR_FORCE", "1")]);
        let clicolor_off = env(&[("CLICOLOR", "0")]);
        let dumb = env(&[("TERM", "dumb")]);
        let no_color_and_force = env(&[("NO_COLOR", "1"), ("CLICOLOR_FORCE", "1")]);
        let force_and_off = env(&[("CLICOLOR_FORCE", "1"), ("CLICOLOR", "0")]);
        let force_and_dumb = env(&[("CLICOLOR_FORCE", "1"), ("TERM", "dumb")]);
        // (flag, environment, stream is a terminal, colour)
        let table = [
            // 1. the flag beats everything
            (Always, no_color, false, true),
            (Always, none, false, true),
            (Never, force, true, false),
            (Never, none, true, false),
            // 2. NO_COLOR beats CLICOLOR_FORCE and a terminal
            (Auto, no_color, true, false),
            (Auto, no_color_and_force, true, false),
            // 3. CLICOLOR_FORCE colours a file, a pipe, a dumb terminal, and beats CLICOLOR=0
            (Auto, force, false, true),
            (Auto, force_and_off, false, true),
            (Auto, force_and_dumb, true, true),
            // 4. CLICOLOR=0 turns a terminal plain
            (Auto, clicolor_off, true, false),
            // 5. otherwise the stream decides
            (Auto, none, true, true),
            (Auto, none, false, false),
            (Auto, dumb, true, false),
        ];
        for (flag, env, terminal, colour) in table {
            assert_eq!(
                resolve(flag, env, terminal),
                colour,
                "{flag:?} {env:?} terminal={terminal}"
            );
        }
    }
}
