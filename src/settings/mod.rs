//! What affex runs with, decided once at the edge (from the command line today, a config file
//! later), so the event loop never reads arguments or the environment itself; and the colour
//! decision every output shares.

pub mod about_me;
pub mod colour;
pub mod paths;

use crate::catalog::LoadOptions;

/// Everything [`crate::tui::run`] needs to start.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Where the profiles come from.
    pub load: LoadOptions,
    /// True to draw in colour; false for the no-colour theme.
    pub use_colour: bool,
}
