//! Ranges and levels: a figure, a span of figures, or the coarse rating a source gives instead.

use serde::{Deserialize, Serialize};

use super::numbers::{Amount, Currency, Percent};

fn check_order(min: Option<f64>, max: Option<f64>) -> Result<(), String> {
    match (min, max) {
        (Some(lo), Some(hi)) if lo > hi => Err(format!(
            "expected `min` to be at most `max`, found min {} > max {}",
            crate::value_text::number(lo),
            crate::value_text::number(hi)
        )),
        _ => Ok(()),
    }
}

/// A percentage range; either end may be unknown ("up to 15%" has only `max`, "12%+" only `min`).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(try_from = "RawPercentRange")]
pub struct PercentRange {
    /// The lowest rate, when stated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min: Option<Percent>,
    /// The highest rate, when stated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<Percent>,
    /// The rating a source gives instead of, or beside, a figure.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<Level>,
}

#[derive(Deserialize)]
struct RawPercentRange {
    min: Option<Percent>,
    max: Option<Percent>,
    level: Option<Level>,
}

impl TryFrom<RawPercentRange> for PercentRange {
    type Error = String;
    fn try_from(raw: RawPercentRange) -> Result<Self, String> {
        check_order(raw.min.map(Percent::get), raw.max.map(Percent::get))?;
        Ok(PercentRange {
            min: raw.min,
            max: raw.max,
            level: raw.level,
        })
    }
}

impl PercentRange {
    /// True when neither end nor a level is known.
    pub fn is_unknown(&self) -> bool {
        self.min.is_none() && self.max.is_none() && self.level.is_none()
    }
    /// The number used to rank programs on this range: the top end, else the bottom end.
    pub fn best_figure(&self) -> Option<f64> {
        self.max.or(self.min).map(Percent::get)
    }
}

/// An amount or range of money. `min == max` is an exact amount; a missing currency is shown
/// as such, never assumed.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(try_from = "RawMoneyRange")]
pub struct MoneyRange {
    /// The lowest amount, when stated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min: Option<Amount>,
    /// The highest amount, when stated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<Amount>,
    /// The currency, when stated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub currency: Option<Currency>,
    /// The rating a source gives instead of, or beside, a figure.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<Level>,
}

#[derive(Deserialize)]
struct RawMoneyRange {
    min: Option<Amount>,
    max: Option<Amount>,
    currency: Option<Currency>,
    level: Option<Level>,
}

impl TryFrom<RawMoneyRange> for MoneyRange {
    type Error = String;
    fn try_from(raw: RawMoneyRange) -> Result<Self, String> {
        check_order(raw.min.map(Amount::get), raw.max.map(Amount::get))?;
        Ok(MoneyRange {
            min: raw.min,
            max: raw.max,
            currency: raw.currency,
            level: raw.level,
        })
    }
}

impl MoneyRange {
    /// True when neither an amount nor a level is known.
    pub fn is_unknown(&self) -> bool {
        self.min.is_none() && self.max.is_none() && self.level.is_none()
    }
    /// The lowest figure stated: what a "lowest is best" row ranks on.
    pub fn low_figure(&self) -> Option<f64> {
        self.min.or(self.max).map(Amount::get)
    }
    /// The highest figure stated: what a "highest is best" row ranks on.
    pub fn high_figure(&self) -> Option<f64> {
        self.max.or(self.min).map(Amount::get)
    }
}

/// A coarse rating a source gives where it gives no figure ("Low", "Medium/High").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    /// Low.
    Low,
    /// Between low and medium.
    LowMedium,
    /// Medium.
    Medium,
    /// Between medium and high.
    MediumHigh,
    /// High.
    High,
    /// Very high.
    VeryHigh,
    /// The source says it varies; it does not rank.
    Variable,
}

impl Level {
    /// Every level, low to high, then `Variable` (the schema's words).
    pub const ALL: [Level; 7] = [
        Level::Low,
        Level::LowMedium,
        Level::Medium,
        Level::MediumHigh,
        Level::High,
        Level::VeryHigh,
        Level::Variable,
    ];

    /// Its place on the low-to-high scale, or `None` for [`Level::Variable`].
    pub fn rank(self) -> Option<u8> {
        match self {
            Level::Low => Some(0),
            Level::LowMedium => Some(1),
            Level::Medium => Some(2),
            Level::MediumHigh => Some(3),
            Level::High => Some(4),
            Level::VeryHigh => Some(5),
            Level::Variable => None,
        }
    }
    /// The word shown to a person.
    pub fn label(self) -> &'static str {
        match self {
            Level::Low => "low",
            Level::LowMedium => "low–medium",
            Level::Medium => "medium",
            Level::MediumHigh => "medium–high",
            Level::High => "high",
            Level::VeryHigh => "very high",
            Level::Variable => "variable",
        }
    }
}
