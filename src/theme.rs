//! Every style the explorer uses, in one place. The colour theme and the no-colour theme name
//! the same roles; the no-colour one carries each role with bold, reverse, underline and dim
//! alone (the symbols `★`, `▼`, `*`, `†` and `●` are drawn in both), so nothing depends on colour.

use ratatui::style::{Color, Modifier, Style};

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
    /// The theme for a terminal that shows colour.
    pub fn colored() -> Self {
        let bold = Modifier::BOLD;
        Theme {
            focus_border: Style::new().fg(Color::Cyan).add_modifier(bold),
            border: Style::new().fg(Color::DarkGray),
            title: Style::new().add_modifier(bold),
            selected: Style::new().add_modifier(Modifier::REVERSED),
            marked: Style::new().fg(Color::Magenta).add_modifier(bold),
            matched: Style::new()
                .fg(Color::Yellow)
                .add_modifier(bold | Modifier::UNDERLINED),
            best: Style::new().fg(Color::Green).add_modifier(bold),
            worst: Style::new().fg(Color::Red),
            contradicted: Style::new().fg(Color::LightRed).add_modifier(bold),
            dim: Style::new().add_modifier(Modifier::DIM),
            heading: Style::new().fg(Color::Cyan).add_modifier(bold),
            label: Style::new().fg(Color::Blue),
            warning: Style::new().fg(Color::Yellow).add_modifier(bold),
            key: Style::new().fg(Color::Cyan).add_modifier(bold),
            prompt: Style::new().fg(Color::Cyan).add_modifier(bold),
        }
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
