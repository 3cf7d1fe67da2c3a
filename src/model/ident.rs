//! Program ids: the slug every program is known by.

use std::fmt;

use compact_str::CompactString;
use serde::de::Deserializer;
use serde::{Deserialize, Serialize, Serializer};

use super::visitors::StrVisitor;
use crate::sanitize::sanitize_line;

/// A program's id: a slug of `a-z`, `0-9` and `-`, unique in a catalog.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ProgramId(CompactString);

impl Serialize for ProgramId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl ProgramId {
    /// The longest id accepted, so ids fit in a table column.
    pub const MAX_LEN: usize = 64;

    /// Checks `raw` against the slug rules.
    pub fn parse(raw: &str) -> Result<Self, String> {
        let ok_chars = raw
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if raw.is_empty() || !ok_chars || raw.len() > Self::MAX_LEN {
            return Err(format!(
                "expected an id of lowercase letters, digits and `-` (at most {} characters), found {:?}",
                Self::MAX_LEN,
                sanitize_line(raw)
            ));
        }
        Ok(ProgramId(CompactString::new(raw)))
    }
    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ProgramId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for ProgramId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(StrVisitor(
            ProgramId::parse,
            "an id string such as \"aliexpress\"",
        ))
    }
}
