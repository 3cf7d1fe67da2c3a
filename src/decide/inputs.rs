//! The inputs of an estimate, read through the field table: each a [`Band`] with where it came
//! from, or why it is missing (a rating with no figure, or nothing stated).

use serde::Serialize;

use super::band::Band;
use super::me::Me;
use crate::model::Profile;
use crate::model::fields::{self, Bounds};

/// Where an input's value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Origin {
    /// The program's profile (its field path is [`Input::field`]).
    Profile,
    /// The user: "about me" or a flag.
    You,
}

/// Why an input has no figure.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum Missing {
    /// The profile gives a rating such as "high" but no number; affex does not invent one.
    LevelOnly {
        /// The rating's words.
        level: &'static str,
    },
    /// Nothing is stated.
    NotStated,
}

/// One input of an estimate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Input {
    /// Its name as estimates print it ("conversion").
    pub name: &'static str,
    /// The field table's key of the profile field it reads (`conversion`).
    pub field: &'static str,
    /// What its figures count: "%" or a currency code ("" when a money input's currency is
    /// not stated).
    pub unit: String,
    /// The figures, or why there are none.
    pub value: Result<Band, Missing>,
    /// Where the figures came from (for a missing input, where they were looked for).
    pub origin: Origin,
    /// The flag that gives it, when the user can.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub flag: Option<&'static str>,
}

impl Input {
    /// The value as text: "2–4%" from the profile, "3% (yours)", "missing: rated high, no
    /// figure".
    pub fn text(&self) -> String {
        let figures = |b: &Band| {
            if self.unit == "%" {
                // The "%" goes on the last figure only: "~2–4%", as value_text writes it.
                format!("{}%", b.text(crate::value_text::number))
            } else {
                let currency = (!self.unit.is_empty()).then_some(self.unit.as_str());
                b.text(|v| super::band::money(v, currency))
            }
        };
        match (&self.value, self.origin) {
            (Ok(b), Origin::Profile) => format!("{} (profile)", figures(b)),
            (Ok(b), Origin::You) => format!("{} (yours)", figures(b)),
            (Err(m), _) => format!("missing: {}", self.why(m)),
        }
    }
    /// Why it is missing, and what gives it: "the profile rates it high but gives no figure;
    /// give --order AMOUNT".
    pub fn why(&self, missing: &Missing) -> String {
        let head = match missing {
            Missing::LevelOnly { level } => {
                format!("the profile rates it {level} but gives no figure")
            }
            Missing::NotStated => "the profile does not state it".to_string(),
        };
        match self.flag {
            Some(flag) => format!("{head}; give {flag}"),
            None => head,
        }
    }
}

/// The band of a field's stated figures: the low end (0 when only a ceiling is stated, "up to
/// 15%"), the high end (open when the top is).
fn band_of(b: &Bounds) -> Option<Band> {
    let f = &b.figures;
    if f.is_empty() {
        return None;
    }
    let high = if f.open_top { None } else { f.high.or(f.low) };
    Some(Band {
        low: f.low.unwrap_or(0.0),
        high,
        approx: f.approx,
    })
}

/// The field with `key`, read: its band, or why there is none.
fn read(p: &Profile, key: &str) -> Result<Band, Missing> {
    let bounds = fields::by_key(key).and_then(|f| (f.bounds)(p));
    match bounds {
        Some(b) => band_of(&b).ok_or_else(|| match b.level {
            Some(_) => Missing::LevelOnly {
                level: level_words(p, key),
            },
            None => Missing::NotStated,
        }),
        None => Err(Missing::NotStated),
    }
}

/// The words of the level stated at `key` ("high").
fn level_words(p: &Profile, key: &str) -> &'static str {
    let level = match key {
        "conversion" => p.market.conversion.level,
        "average_order" => p.market.average_order.level,
        "commission" => p.commission.rate.level,
        _ => None,
    };
    level.map_or("", |l| l.label())
}

/// The currency code of the money field with `key`; "" when its figures have none.
pub fn currency_of(p: &Profile, key: &str) -> String {
    fields::by_key(key)
        .and_then(|f| (f.currency)(p))
        .map_or(String::new(), |c| c.as_str().to_string())
}

/// The three inputs of earnings per click, in order: conversion, average order, commission.
pub fn earning_inputs(p: &Profile, me: &Me) -> [Input; 3] {
    let conversion = match me.conversion {
        Some(v) => (Ok(Band::exact(v)), Origin::You),
        None => (read(p, "conversion"), Origin::Profile),
    };
    let order = match me.order {
        Some(v) => (Ok(Band::exact(v)), Origin::You),
        None => (read(p, "average_order"), Origin::Profile),
    };
    [
        Input {
            name: "conversion",
            field: "conversion",
            unit: "%".to_string(),
            value: conversion.0,
            origin: conversion.1,
            flag: Some("--conversion PCT"),
        },
        Input {
            name: "average order",
            field: "average_order",
            unit: currency_of(p, "average_order"),
            value: order.0,
            origin: order.1,
            flag: Some("--order AMOUNT"),
        },
        commission_input(p),
    ]
}

/// The commission: the rate's range; where it states only a ceiling ("up to 15%") and a
/// typical range is given, the low end is the typical one's (Alibaba.com: 6% to 15%), not 0.
fn commission_input(p: &Profile) -> Input {
    let rate = read(p, "commission");
    let typical = read(p, "typical_commission");
    let low_stated = p.commission.rate.min.is_some();
    let (value, field) = match (rate, typical) {
        (Ok(r), Ok(t)) if !low_stated => (
            Ok(Band {
                low: t.low,
                approx: r.approx || t.approx,
                ..r
            }),
            "commission",
        ),
        (Ok(r), _) => (Ok(r), "commission"),
        (Err(_), Ok(t)) => (Ok(t), "typical_commission"),
        (Err(e), Err(_)) => (Err(e), "commission"),
    };
    Input {
        name: "commission",
        field,
        unit: "%".to_string(),
        value,
        origin: Origin::Profile,
        flag: None,
    }
}
