//! Where a program may be promoted, as data: accepted everywhere, a count of places, and
//! exclusions with their condition and ISO 3166 codes (so eligibility can be checked later).

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};

use super::text::Line;
use super::visitors::StrVisitor;

/// A two-letter ISO 3166-1 country code such as `IN`, kept as its two ASCII capitals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CountryCode([u8; 2]);

impl CountryCode {
    /// Checks `raw` (two ASCII capitals) and wraps it.
    pub fn parse(raw: &str) -> Result<Self, String> {
        match <[u8; 2]>::try_from(raw.as_bytes()) {
            Ok(code) if code.iter().all(u8::is_ascii_uppercase) => Ok(CountryCode(code)),
            _ => Err(format!(
                "expected a two-letter country code such as \"IN\", found {:?}",
                crate::sanitize::sanitize_line(raw)
            )),
        }
    }
    /// The code.
    pub fn as_str(&self) -> &str {
        // Always ASCII capitals: `parse` is the only way in.
        std::str::from_utf8(&self.0).unwrap_or_default()
    }
}

impl Serialize for CountryCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for CountryCode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(StrVisitor(
            CountryCode::parse,
            "a country code such as \"IN\"",
        ))
    }
}

/// Countries left out, and when: `{ codes = ["CN", "IN", "NG"], condition = "some shipping or
/// promotions" }`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Exclusion {
    /// The countries left out.
    pub codes: Vec<CountryCode>,
    /// When they are left out, in a few words; absent when always.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<Line>,
}

fn is_false(v: &bool) -> bool {
    !*v
}

/// Where a program may be promoted. Written as a table, or (the older form) as one line of
/// words, which is kept as `text`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(remote = "Self", deny_unknown_fields)]
pub struct Countries {
    /// True when the source accepts affiliates everywhere ("Worldwide", "Global").
    #[serde(default, skip_serializing_if = "is_false")]
    pub worldwide: bool,
    /// The number of places the source counts ("190+" is `at_least = 190`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_least: Option<u32>,
    /// What the count counts ("countries and regions"); "countries" when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub places: Option<Line>,
    /// The source's words, for what the fields above cannot hold.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<Line>,
    /// Countries left out, with the condition.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exclusions: Vec<Exclusion>,
}

impl Serialize for Countries {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        Countries::serialize(self, s)
    }
}

struct CountriesVisitor;

impl<'de> Visitor<'de> for CountriesVisitor {
    type Value = Countries;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a table such as { worldwide = true } or a line of words")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Countries, E> {
        let text = Line::deserialize(de::value::StrDeserializer::<E>::new(v))?;
        Ok(Countries {
            text: Some(text),
            ..Countries::default()
        })
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Countries, A::Error> {
        Countries::deserialize(de::value::MapAccessDeserializer::new(map))
    }
}

impl<'de> Deserialize<'de> for Countries {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(CountriesVisitor)
    }
}

impl Countries {
    /// True when nothing is stated.
    pub fn is_empty(&self) -> bool {
        *self == Countries::default()
    }
    /// Every excluded code, once each, in order.
    pub fn excluded_codes(&self) -> Vec<&str> {
        let mut codes: Vec<&str> = Vec::new();
        for code in self.exclusions.iter().flat_map(|x| &x.codes) {
            if !codes.contains(&code.as_str()) {
                codes.push(code.as_str());
            }
        }
        codes
    }
    /// The rule as one line: "Worldwide (190+ countries and regions)", "Worldwide, except CN,
    /// IN, NG for some shipping or promotions".
    pub fn text(&self) -> Option<String> {
        let mut head = match (&self.text, self.worldwide) {
            (Some(t), _) => Some(t.as_str().to_string()),
            (None, true) => Some("Worldwide".to_string()),
            (None, false) => None,
        };
        if let Some(n) = self.at_least {
            let places = self.places.as_ref().map_or("countries", |p| p.as_str());
            let count = format!("{n}+ {places}");
            head = Some(match head {
                Some(h) => format!("{h} ({count})"),
                None => count,
            });
        }
        let exclusions: Vec<String> = self
            .exclusions
            .iter()
            .filter(|x| !x.codes.is_empty())
            .map(|x| {
                let codes: Vec<&str> = x.codes.iter().map(CountryCode::as_str).collect();
                match &x.condition {
                    Some(c) => format!("except {} for {c}", codes.join(", ")),
                    None => format!("except {}", codes.join(", ")),
                }
            })
            .collect();
        match (head, exclusions.is_empty()) {
            (h, true) => h,
            (Some(h), false) => Some(format!("{h}, {}", exclusions.join("; "))),
            (None, false) => Some(exclusions.join("; ")),
        }
    }
}
