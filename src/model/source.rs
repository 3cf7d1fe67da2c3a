//! A source document: its file name (provenance, kept in JSON) and the title a reader is shown.

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};

use super::text::Line;

/// One source document: `"002_5c7d5dd9f014db67.txt"` or `{ file = "…", title = "the
/// AliExpress program guide" }`. Notes name sources by `file`; people read `title`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self", deny_unknown_fields)]
pub struct Source {
    /// The file name or address the facts came from.
    pub file: Line,
    /// What a reader calls it ("the Alibaba.com program guide").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<Line>,
}

impl Source {
    /// The title when there is one, else the file name.
    pub fn name(&self) -> &str {
        self.title.as_ref().unwrap_or(&self.file).as_str()
    }
}

impl Serialize for Source {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        Source::serialize(self, s)
    }
}

struct SourceVisitor;

impl<'de> Visitor<'de> for SourceVisitor {
    type Value = Source;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a file name or a table { file, title }")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Source, E> {
        Ok(Source {
            file: Line::deserialize(de::value::StrDeserializer::<E>::new(v))?,
            title: None,
        })
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Source, A::Error> {
        Source::deserialize(de::value::MapAccessDeserializer::new(map))
    }
}

impl<'de> Deserialize<'de> for Source {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(SourceVisitor)
    }
}
