//! When a payout arrives, as the sources give it: a lock or validation period, payment terms
//! such as Net-60, and the day or span of the month payments go out.

use serde::{Deserialize, Serialize};

use super::numbers::Days;

/// The kind of wait before a commission is paid: the two are not the same thing, so they are
/// never ranked against each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DelayKind {
    /// Commissions are locked while orders are validated ("a 60-day locking/validation period").
    Lock,
    /// Payment terms: paid so many days after the period closes ("Net-60").
    Net,
}

impl DelayKind {
    /// Every kind, for the schema's word list.
    pub const ALL: [DelayKind; 2] = [DelayKind::Lock, DelayKind::Net];

    /// The words a view gives when two rows differ in kind.
    pub fn label(self) -> &'static str {
        match self {
            DelayKind::Lock => "lock or validation period",
            DelayKind::Net => "payment terms",
        }
    }
}

fn is_false(v: &bool) -> bool {
    !*v
}

/// A wait before payment: `{ days = 60, kind = "lock", usually = true }`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PayoutDelay {
    /// Its length in days.
    pub days: Days,
    /// A lock period or payment terms; `None` in profiles written before the kind was kept
    /// (`delay_days = 60`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<DelayKind>,
    /// True when the source says "usually".
    #[serde(default, skip_serializing_if = "is_false")]
    pub usually: bool,
}

/// Which month a day of the month belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PayMonth {
    /// The month after the one the commission was earned in.
    Following,
}

impl PayMonth {
    /// Every month word, for the schema's word list.
    pub const ALL: [PayMonth; 1] = [PayMonth::Following];
}

/// The day, or span of days, of the month payments go out: `{ day = 20, approx = true }` is
/// "around the 20th", `{ day = 15, to = 30, month = "following" }` is "between the 15th and
/// 30th of the following month".
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "RawPayDay")]
pub struct PayDay {
    /// The (first) day of the month, 1 to 31.
    pub day: u8,
    /// The last day of a span, 1 to 31, not before `day`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<u8>,
    /// The month, when the source names one other than the current.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub month: Option<PayMonth>,
    /// True when the source says "around" or "on/around".
    #[serde(skip_serializing_if = "is_false")]
    pub approx: bool,
    /// True when the source says "usually" or "typically".
    #[serde(skip_serializing_if = "is_false")]
    pub usually: bool,
}

#[derive(Deserialize)]
struct RawPayDay {
    day: u8,
    to: Option<u8>,
    month: Option<PayMonth>,
    #[serde(default)]
    approx: bool,
    #[serde(default)]
    usually: bool,
}

impl TryFrom<RawPayDay> for PayDay {
    type Error = String;
    fn try_from(raw: RawPayDay) -> Result<Self, String> {
        let ok = |d: u8| (1..=31).contains(&d);
        if !ok(raw.day) || raw.to.is_some_and(|t| !ok(t)) {
            return Err("expected days of the month from 1 to 31".into());
        }
        if raw.to.is_some_and(|t| t < raw.day) {
            return Err("expected `day` to be at most `to`".into());
        }
        Ok(PayDay {
            day: raw.day,
            to: raw.to,
            month: raw.month,
            approx: raw.approx,
            usually: raw.usually,
        })
    }
}

/// "1st", "2nd", "20th".
pub fn ordinal(n: u8) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

impl PayoutDelay {
    /// The delay worded the way the sources word it: "usually after a 60-day
    /// locking/validation period", "Net-60".
    pub fn text(&self) -> String {
        let n = self.days.get();
        let usually = if self.usually { "usually " } else { "" };
        match self.kind {
            Some(DelayKind::Lock) => format!("{usually}after a {n}-day locking/validation period"),
            Some(DelayKind::Net) => format!("{usually}Net-{n}"),
            None => format!("{usually}a {n}-day wait before payment"),
        }
    }
}

impl PayDay {
    /// The day worded the way the sources word it: "around the 20th of the month".
    pub fn text(&self) -> String {
        let usually = if self.usually { "usually " } else { "" };
        let month = match self.month {
            Some(PayMonth::Following) => "the following month",
            None => "the month",
        };
        let days = match self.to {
            Some(to) if to != self.day => {
                format!("between the {} and {}", ordinal(self.day), ordinal(to))
            }
            _ => format!("the {}", ordinal(self.day)),
        };
        let around = if self.approx { "around " } else { "on " };
        let around = if self.to.is_some_and(|t| t != self.day) {
            ""
        } else {
            around
        };
        format!("{usually}{around}{days} of {month}")
    }
}
