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

/// A percentage range; either end may be unknown ("up to 15%" has only `max`, "12%+" only `min`),
/// the top may be open ("4% – 12%+") and the figures may be approximate ("~2–4%").
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
    /// True when the source writes the figures with "~": approximate, not exact.
    #[serde(skip_serializing_if = "is_false")]
    pub approx: bool,
    /// True when the top is open ("12%+"): the highest figure stated is not a ceiling. A range
    /// with only `min` is always open at the top.
    #[serde(skip_serializing_if = "is_false")]
    pub open_top: bool,
}

fn is_false(v: &bool) -> bool {
    !*v
}

#[derive(Deserialize)]
struct RawPercentRange {
    min: Option<Percent>,
    max: Option<Percent>,
    level: Option<Level>,
    #[serde(default)]
    approx: bool,
    #[serde(default)]
    open_top: bool,
}

/// Refuses flags that qualify figures when there is no figure to qualify.
fn check_flags(has_figure: bool, approx: bool, open_top: bool) -> Result<(), String> {
    match (has_figure, approx, open_top) {
        (false, true, _) => Err("`approx = true` needs a figure: write `min` and/or `max` too".into()),
        (false, _, true) => Err(
            "`open_top = true` needs the figure the top opens from: write `min` (\"12%+\" is `{ min = 12 }`) or `max` (\"4% – 12%+\" is `{ min = 4, max = 12, open_top = true }`)".into(),
        ),
        _ => Ok(()),
    }
}

impl TryFrom<RawPercentRange> for PercentRange {
    type Error = String;
    fn try_from(raw: RawPercentRange) -> Result<Self, String> {
        check_order(raw.min.map(Percent::get), raw.max.map(Percent::get))?;
        check_flags(
            raw.min.is_some() || raw.max.is_some(),
            raw.approx,
            raw.open_top,
        )?;
        Ok(PercentRange {
            min: raw.min,
            max: raw.max,
            level: raw.level,
            approx: raw.approx,
            // "12%+" written `{ min = 12 }` is open whether or not the flag says so.
            open_top: raw.open_top || (raw.min.is_some() && raw.max.is_none()),
        })
    }
}

impl PercentRange {
    /// True when neither end nor a level is known.
    pub fn is_unknown(&self) -> bool {
        self.min.is_none() && self.max.is_none() && self.level.is_none()
    }
    /// The stated figures as bounds, for ranking.
    pub fn figures(&self) -> Figures {
        Figures {
            low: self.min.map(Percent::get),
            high: self.max.map(Percent::get),
            open_top: self.open_top,
            approx: self.approx,
        }
    }
}

/// An amount or range of money. `min == max` is an exact amount; a missing currency is shown
/// as such, never assumed. Like a percent range, the top may be open and the figures
/// approximate; a payout threshold may instead be "no minimum".
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
    /// True when the source writes the figures with "~": approximate, not exact.
    #[serde(skip_serializing_if = "is_false")]
    pub approx: bool,
    /// True when the top is open ("$50+"); a range with only `min` is always open.
    #[serde(skip_serializing_if = "is_false")]
    pub open_top: bool,
    /// True when the source says there is no minimum (a payout threshold): a value of its own,
    /// neither unknown nor a level. A level beside it is the source's alternative ("No
    /// Minimum / Low").
    #[serde(skip_serializing_if = "is_false")]
    pub no_minimum: bool,
}

#[derive(Deserialize)]
struct RawMoneyRange {
    min: Option<Amount>,
    max: Option<Amount>,
    currency: Option<Currency>,
    level: Option<Level>,
    #[serde(default)]
    approx: bool,
    #[serde(default)]
    open_top: bool,
    #[serde(default)]
    no_minimum: bool,
}

impl TryFrom<RawMoneyRange> for MoneyRange {
    type Error = String;
    fn try_from(raw: RawMoneyRange) -> Result<Self, String> {
        check_order(raw.min.map(Amount::get), raw.max.map(Amount::get))?;
        let has_figure = raw.min.is_some() || raw.max.is_some();
        if raw.no_minimum && has_figure {
            return Err("`no_minimum = true` is a value of its own: leave out `min` and `max` (a level such as `level = \"low\"` may stand beside it)".into());
        }
        check_flags(has_figure, raw.approx, raw.open_top)?;
        Ok(MoneyRange {
            min: raw.min,
            max: raw.max,
            currency: raw.currency,
            level: raw.level,
            approx: raw.approx,
            open_top: raw.open_top || (raw.min.is_some() && raw.max.is_none()),
            no_minimum: raw.no_minimum,
        })
    }
}

impl MoneyRange {
    /// True when neither an amount, "no minimum" nor a level is known.
    pub fn is_unknown(&self) -> bool {
        self.min.is_none() && self.max.is_none() && self.level.is_none() && !self.no_minimum
    }
    /// The lowest figure stated ("no minimum" is 0): what a CSV's threshold column holds.
    pub fn low_figure(&self) -> Option<f64> {
        if self.no_minimum {
            return Some(0.0);
        }
        self.min.or(self.max).map(Amount::get)
    }
    /// The stated figures as bounds, for ranking; "no minimum" is a floor of 0 whose top is
    /// unknown when the source gives a level beside it ("No Minimum / Low").
    pub fn figures(&self) -> Figures {
        if self.no_minimum {
            let only = self.level.is_none();
            return Figures {
                low: Some(0.0),
                high: only.then_some(0.0),
                open_top: !only,
                approx: false,
            };
        }
        Figures {
            low: self.min.map(Amount::get),
            high: self.max.map(Amount::get),
            open_top: self.open_top,
            approx: self.approx,
        }
    }
    /// The highest figure stated: what a "highest is best" row ranks on.
    pub fn high_figure(&self) -> Option<f64> {
        self.max.or(self.min).map(Amount::get)
    }
}

/// The figures of a range as stated: its known bounds, whether its top is open, and whether
/// the figures are approximate.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Figures {
    /// The lowest figure stated.
    pub low: Option<f64>,
    /// The highest figure stated.
    pub high: Option<f64>,
    /// True when the top is open: the true top is at least the highest figure stated.
    pub open_top: bool,
    /// True when the figures are approximate.
    pub approx: bool,
}

impl Figures {
    /// True when no figure is stated.
    pub fn is_empty(&self) -> bool {
        self.low.is_none() && self.high.is_none()
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
