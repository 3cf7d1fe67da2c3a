//! Every style the explorer uses, in one place. The dark, light and no-colour themes name the
//! same roles; the no-colour one carries each role with bold, reverse, underline and dim alone
//! (the symbols `★`, `▼`, `*`, `†` and `●` are drawn in all), so nothing depends on colour.
//!
//! Colours come from the 256-colour cube and grey ramp (indices 16–255), whose values every
//! terminal shares, so their contrast can be checked ([`contrast`]): each text colour is at
//! least 4.5:1 (WCAG AA) on black in the dark theme and on white in the light one. The first
//! sixteen colours are avoided except where a palette cannot hurt: Solarized Dark paints its
//! background with colour 8, so grid lines drawn in it vanish.

use clap::ValueEnum;
use ratatui::style::{Color, Modifier, Style};

#[cfg(test)]
mod contrast;

/// The theme a user asks for (`theme =` in the config file, `--theme`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum ThemeChoice {
    /// Ask the terminal for its background (light or dark); dark when it does not answer.
    #[default]
    Auto,
    /// Light text on a dark background.
    Dark,
    /// Dark text on a light background.
    Light,
    /// No colour: meaning carried by bold, reverse, underline and the symbols.
    #[value(name = "no-colour", alias = "no-color")]
    NoColour,
}

impl ThemeChoice {
    /// Every choice, in the order the config file documents them.
    pub const ALL: [ThemeChoice; 4] = [
        ThemeChoice::Auto,
        ThemeChoice::Dark,
        ThemeChoice::Light,
        ThemeChoice::NoColour,
    ];

    /// How the config file and `--theme` write the choice.
    pub fn name(self) -> &'static str {
        match self {
            ThemeChoice::Auto => "auto",
            ThemeChoice::Dark => "dark",
            ThemeChoice::Light => "light",
            ThemeChoice::NoColour => "no-colour",
        }
    }

    /// The choice a config file names (`no-color` too), or `None`.
    pub fn from_name(name: &str) -> Option<Self> {
        if name == "no-color" {
            return Some(ThemeChoice::NoColour);
        }
        ThemeChoice::ALL.into_iter().find(|c| c.name() == name)
    }

    /// The theme to draw with: no colour whenever colour is off (`NO_COLOR`, `--color never`),
    /// else the one chosen; `auto` calls `light_background` (which asks the terminal) and is
    /// dark when it cannot tell.
    pub fn resolve(
        self,
        use_colour: bool,
        light_background: impl FnOnce() -> Option<bool>,
    ) -> Theme {
        match self {
            _ if !use_colour => Theme::plain(),
            ThemeChoice::NoColour => Theme::plain(),
            ThemeChoice::Dark => Theme::colored(),
            ThemeChoice::Light => Theme::light(),
            ThemeChoice::Auto => match light_background() {
                Some(true) => Theme::light(),
                _ => Theme::colored(),
            },
        }
    }
}

/// How long `auto` waits for the terminal to say its background colour.
pub const BACKGROUND_QUERY_TIMEOUT: std::time::Duration = std::time::Duration::from_millis(100);

/// Asks the terminal whether its background is light (OSC 11, with
/// [`BACKGROUND_QUERY_TIMEOUT`]); `None` when stdin or stdout is not a terminal or no answer
/// came in time.
pub fn terminal_background_is_light() -> Option<bool> {
    use std::io::IsTerminal;
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        return None;
    }
    let mut options = terminal_colorsaurus::QueryOptions::default();
    options.timeout = BACKGROUND_QUERY_TIMEOUT;
    match terminal_colorsaurus::theme_mode(options) {
        Ok(terminal_colorsaurus::ThemeMode::Light) => Some(true),
        Ok(terminal_colorsaurus::ThemeMode::Dark) => Some(false),
        Err(_) => None,
    }
}

/// The styles for each role on screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    /// The border of the pane that has the keyboard.
    pub focus_border: Style,
    /// The border of other panes.
    pub border: Style,
    /// Pane titles.
    pub title: Style,
    /// The selected row or cell.
    pub selected: Style,
    /// The marker and name of a program marked for comparison.
    pub marked: Style,
    /// Characters the query matched, and niches that match it.
    pub matched: Style,
    /// The best value on a grid row.
    pub best: Style,
    /// The worst value on a grid row (beside its `▼`; never dim, which means "not stated").
    pub worst: Style,
    /// The `†` after a value the sources disagree on.
    pub contradicted: Style,
    /// Unknown values ("not stated") and other quiet text.
    pub dim: Style,
    /// Section titles in the detail pane and headers of tables.
    pub heading: Style,
    /// Field labels.
    pub label: Style,
    /// Warnings: skipped profiles.
    pub warning: Style,
    /// Keys in hints and help.
    pub key: Style,
    /// The search prompt.
    pub prompt: Style,
}

impl Theme {
    /// The dark theme: for a terminal that shows colour on a dark background.
    pub fn colored() -> Self {
        let bold = Modifier::BOLD;
        let cyan = Color::Indexed(44); // #00d7d7
        Theme {
            focus_border: Style::new().fg(cyan).add_modifier(bold),
            // Grey 244 (#808080), not colour 8: Solarized Dark's background is colour 8.
            border: Style::new().fg(Color::Indexed(244)),
            title: Style::new().add_modifier(bold),
            selected: Style::new().add_modifier(Modifier::REVERSED),
            marked: Style::new().fg(Color::Indexed(213)).add_modifier(bold), // #ff87ff
            matched: Style::new()
                .fg(Color::Indexed(220)) // #ffd700
                .add_modifier(bold | Modifier::UNDERLINED),
            best: Style::new().fg(Color::Indexed(40)).add_modifier(bold), // #00d700
            worst: Style::new().fg(Color::Indexed(203)),                  // #ff5f5f
            contradicted: Style::new().fg(Color::Indexed(209)).add_modifier(bold), // #ff875f
            dim: Style::new().add_modifier(Modifier::DIM),
            heading: Style::new().fg(cyan).add_modifier(bold),
            label: Style::new().fg(Color::Indexed(75)), // #5fafff
            warning: Style::new().fg(Color::Indexed(220)).add_modifier(bold),
            key: Style::new().fg(cyan).add_modifier(bold),
            prompt: Style::new().fg(cyan).add_modifier(bold),
        }
    }

    /// The light theme: dark colours, each at least 4.5:1 on white (yellow and cyan, about
    /// 1.5–2:1 there, are not used).
    pub fn light() -> Self {
        let bold = Modifier::BOLD;
        let blue = Color::Indexed(25); // #005faf
        Theme {
            focus_border: Style::new().fg(blue).add_modifier(bold),
            border: Style::new().fg(Color::Indexed(241)), // #626262
            title: Style::new().add_modifier(bold),
            selected: Style::new().add_modifier(Modifier::REVERSED),
            marked: Style::new().fg(Color::Indexed(90)).add_modifier(bold), // #870087
            matched: Style::new()
                .fg(Color::Indexed(94)) // #875f00
                .add_modifier(bold | Modifier::UNDERLINED),
            best: Style::new().fg(Color::Indexed(22)).add_modifier(bold), // #005f00
            worst: Style::new().fg(Color::Indexed(124)),                  // #af0000
            contradicted: Style::new().fg(Color::Indexed(160)).add_modifier(bold), // #d70000
            dim: Style::new().add_modifier(Modifier::DIM),
            heading: Style::new().fg(blue).add_modifier(bold),
            label: Style::new().fg(Color::Indexed(18)), // #000087
            warning: Style::new().fg(Color::Indexed(88)).add_modifier(bold), // #870000
            key: Style::new().fg(blue).add_modifier(bold),
            prompt: Style::new().fg(blue).add_modifier(bold),
        }
    }

    /// Every role's style with its name, for checks over a whole theme.
    pub fn roles(&self) -> [(&'static str, Style); 15] {
        [
            ("focus_border", self.focus_border),
            ("border", self.border),
            ("title", self.title),
            ("selected", self.selected),
            ("marked", self.marked),
            ("matched", self.matched),
            ("best", self.best),
            ("worst", self.worst),
            ("contradicted", self.contradicted),
            ("dim", self.dim),
            ("heading", self.heading),
            ("label", self.label),
            ("warning", self.warning),
            ("key", self.key),
            ("prompt", self.prompt),
        ]
    }

    /// The theme for `--color never`, `NO_COLOR` and terminals without colour.
    pub fn plain() -> Self {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        Theme {
            focus_border: bold,
            border: Style::new(),
            title: bold,
            selected: Style::new().add_modifier(Modifier::REVERSED),
            marked: bold,
            matched: Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            best: bold,
            // The `▼` carries it; dim would read as "not stated".
            worst: Style::new(),
            contradicted: bold,
            dim: Style::new().add_modifier(Modifier::DIM),
            heading: Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            label: Style::new(),
            warning: bold,
            key: bold,
            prompt: bold,
        }
    }

    /// The colour theme or the plain one.
    pub fn new(color: bool) -> Self {
        if color {
            Theme::colored()
        } else {
            Theme::plain()
        }
    }
}

impl Default for Theme {
    fn default() -> Self {
        Theme::colored()
    }
}

/// The symbol beside the best value on a grid row.
pub const BEST: &str = "★";
/// The symbol beside the worst value on a grid row: a shape, so it reads without colour or dim.
pub const WORST: &str = "▼";
/// The symbol after a value a caveat qualifies (its note is one key away).
pub const CAVEAT: &str = crate::value_text::CAVEAT_MARK;
/// The symbol after a value the sources disagree on.
pub const CONTRADICTED: &str = "†";
/// The marker of a program marked for comparison.
pub const MARKED: &str = "●";

#[cfg(test)]
mod choice_tests {
    use super::*;

    #[test]
    fn a_choice_resolves_to_its_theme_and_only_auto_asks_the_terminal() {
        let never = || -> Option<bool> { panic!("only auto asks the terminal") };
        assert_eq!(ThemeChoice::Dark.resolve(true, never), Theme::colored());
        assert_eq!(ThemeChoice::Light.resolve(true, never), Theme::light());
        assert_eq!(ThemeChoice::NoColour.resolve(true, never), Theme::plain());
        assert_eq!(
            ThemeChoice::Auto.resolve(true, || Some(true)),
            Theme::light()
        );
        assert_eq!(
            ThemeChoice::Auto.resolve(true, || Some(false)),
            Theme::colored()
        );
        assert_eq!(ThemeChoice::Auto.resolve(true, || None), Theme::colored());
        // NO_COLOR and --color never win over every choice.
        for choice in ThemeChoice::ALL {
            assert_eq!(choice.resolve(false, never), Theme::plain());
        }
    }

    #[test]
    fn choices_read_back_from_their_names() {
        for choice in ThemeChoice::ALL {
            assert_eq!(ThemeChoice::from_name(choice.name()), Some(choice));
        }
        assert_eq!(
            ThemeChoice::from_name("no-color"),
            Some(ThemeChoice::NoColour)
        );
        assert_eq!(ThemeChoice::from_name("Dark"), None);
    }
}
