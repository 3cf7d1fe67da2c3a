//! ANSI styling for the command line's output, switched on or off as a whole for each stream.

use crate::settings::colour::{self, ColourChoice, Stream};

/// ANSI styling that can be switched off as a whole.
#[derive(Debug, Clone, Copy)]
pub struct Paint {
    on: bool,
}

impl Paint {
    /// Styling for `stream`, on when the colour settings say that stream gets colour.
    pub fn for_stream(choice: ColourChoice, stream: Stream) -> Self {
        Paint {
            on: colour::decide(choice, stream),
        }
    }
    fn wrap(self, code: &str, s: &str) -> String {
        if self.on && !s.is_empty() {
            format!("\u{1b}[{code}m{s}\u{1b}[0m")
        } else {
            s.to_string()
        }
    }
    /// Bold: names and section titles.
    pub fn bold(self, s: &str) -> String {
        self.wrap("1", s)
    }
    /// Dim: "not stated", tags and footnotes.
    pub fn dim(self, s: &str) -> String {
        self.wrap("2", s)
    }
    /// Bold green: the best value on a compare row.
    pub fn best(self, s: &str) -> String {
        self.wrap("1;32", s)
    }
    /// Red: the worst value on a compare row (beside its `▼`).
    pub fn worst(self, s: &str) -> String {
        self.wrap("31", s)
    }
    /// Yellow: a warning.
    pub fn warn(self, s: &str) -> String {
        self.wrap("33", s)
    }
    /// Bold red: an error.
    pub fn error(self, s: &str) -> String {
        self.wrap("1;31", s)
    }
}
