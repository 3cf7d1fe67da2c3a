//! The profile model: one affiliate program's terms, typed so programs can be sorted, compared
//! and computed on. The TOML field names here are the format documented in
//! `assets/profiles/FORMAT.md`; JSON output uses the same names.
//!
//! Every value that comes from a file is checked while it is deserialized, so a bad value fails
//! with the span of exactly that value (the loader turns the span into a line and column).
//! Every string is sanitized on the way in ([`Line`], [`Text`]): nothing typed here can carry a
//! terminal escape sequence.

mod countries;
pub mod fields;
mod ident;
mod kinds;
mod numbers;
mod profile;
mod ranges;
mod source;
mod text;
mod timing;
mod visitors;

pub use countries::{Countries, CountryCode, Exclusion};
pub use ident::ProgramId;
pub use kinds::*;
pub use numbers::*;
pub use profile::*;
pub use ranges::*;
pub use source::Source;
pub use text::{Line, Text};
pub use timing::{DelayKind, PayDay, PayMonth, PayoutDelay, ordinal};

/// A list in a profile: a boxed slice, exactly as long as it is read, so a profile pays 16
/// bytes for each of its lists instead of a `Vec`'s 24 (they are not changed after loading,
/// and 100,000 profiles are held at once; issue 16).
pub type List<T> = Box<[T]>;

/// Whether a profile's list is empty (serde's `skip_serializing_if`).
pub(crate) fn is_empty_list<T>(list: &List<T>) -> bool {
    list.is_empty()
}

#[cfg(test)]
mod tests;
