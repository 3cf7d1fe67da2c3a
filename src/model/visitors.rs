//! serde visitors shared by the checked types: a string or any number, checked by a function.

use std::fmt;

use serde::de::{self, Visitor};

/// Accepts a string and hands it to `make`; any other type is a clear "expected a string".
pub(super) struct StrVisitor<F>(pub(super) F, pub(super) &'static str);

impl<T, F: FnOnce(&str) -> Result<T, String>> Visitor<'_> for StrVisitor<F> {
    type Value = T;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.1)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        (self.0)(v).map_err(E::custom)
    }
}

/// Accepts any TOML number (integer or float) as an `f64` and checks it with `check`.
pub(super) struct NumberVisitor<F>(pub(super) F, pub(super) &'static str);

impl<T, F: FnOnce(f64) -> Result<T, String>> Visitor<'_> for NumberVisitor<F> {
    type Value = T;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.1)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<T, E> {
        (self.0)(v as f64).map_err(E::custom)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<T, E> {
        (self.0)(v as f64).map_err(E::custom)
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<T, E> {
        (self.0)(v).map_err(E::custom)
    }
}
