//! What the user has chosen, read once at startup: colour for each output stream.

pub mod colour;
