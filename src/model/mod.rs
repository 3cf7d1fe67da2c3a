//! The profile model: one affiliate program's terms, typed so programs can be sorted, compared
//! and computed on. The TOML field names here are the format documented in
//! `assets/profiles/FORMAT.md`; JSON output uses the same names.
//!
//! Every value that comes from a file is checked while it is deserialized, so a bad value fails
//! with the span of exactly that value (the loader turns the span into a line and column).
//! Every string is sanitized on the way in ([`Line`], [`Text`]): nothing typed here can carry a
//! terminal escape sequence.

pub mod fields;
mod ident;
mod kinds;
mod numbers;
mod profile;
mod ranges;
mod text;
mod visitors;

pub use ident::ProgramId;
pub use kinds::*;
pub use numbers::*;
pub use profile::*;
pub use ranges::*;
pub use text::{Line, Text};

#[cfg(test)]
mod tests;
