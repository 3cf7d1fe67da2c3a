//! Checked numbers: percentages, amounts, days, years and currencies, each refused with a clear
//! message when out of range.

use std::fmt;
use std::num::{NonZeroU16, NonZeroU32, NonZeroU64};

use serde::de::value::MapAccessDeserializer;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use super::visitors::{NumberVisitor, StrVisitor};
use crate::sanitize::sanitize_line;

/// `v` as an error message quotes it: in scientific notation when plain digits would run long
/// (`1.7e308`, not 309 digits; `5e-324`, not 324 zeros).
fn shown(v: f64) -> String {
    if v != 0.0 && !(1e-6..1e15).contains(&v.abs()) {
        format!("{v:e}")
    } else {
        format!("{v}")
    }
}

fn finite(v: f64, what: &str) -> Result<f64, String> {
    if v.is_finite() {
        Ok(v)
    } else {
        Err(format!("expected {what}, found {}", shown(v)))
    }
}

/// The bits of a NaN, which no stored number is: a finite number's bits XOR these are never
/// zero, so numbers are kept as `NonZeroU64` and an `Option` of one takes 8 bytes, not 16.
const NUMBER_MASK: u64 = 0x7FF8_0000_0000_0001;

/// Decimals kept of a percentage, as many as are shown. A value with more is rounded (half
/// away from zero) as it is read, so what is shown is exactly what ranks: 5e-324 is 0, not a
/// tiny amount that beats 0 while printing as "0".
pub const PERCENT_DECIMALS: i32 = 2;

/// Decimals kept of an amount of money, as many as are shown: four, because a network's
/// earnings per click are often fractions of a cent ($0.0549 a click is CJ's $5.49 per 100
/// clicks; kept to cents it read $0.05, and $0.40 per 100 clicks read $0).
pub const AMOUNT_DECIMALS: i32 = 4;

/// The most decimals any number is shown with: an amount's.
pub const MAX_DECIMALS: usize = AMOUNT_DECIMALS as usize;

/// `v` rounded to `decimals`; never `-0`.
fn to_shown_precision(v: f64, decimals: i32) -> f64 {
    let scale = 10f64.powi(decimals);
    (v * scale).round() / scale + 0.0
}

macro_rules! number_type {
    ($(#[$doc:meta])* $name:ident, $expecting:literal, $max:expr, $decimals:expr) => {
        $(#[$doc])*
        #[derive(Clone, Copy)]
        pub struct $name(NonZeroU64);

        impl $name {
            /// The largest value accepted.
            pub const MAX: f64 = $max;

            /// Checks `v` is from 0 to [`Self::MAX`], rounds it to its decimals (the type's
            /// `*_DECIMALS`) and wraps it.
            pub fn new(v: f64) -> Result<Self, String> {
                let what = $expecting;
                let v = finite(v, what)?;
                if !(0.0..=Self::MAX).contains(&v) {
                    return Err(format!("expected {what}, found {}", shown(v)));
                }
                NonZeroU64::new(to_shown_precision(v, $decimals).to_bits() ^ NUMBER_MASK)
                    .map($name)
                    .ok_or_else(|| format!("expected {what}, found {}", shown(v)))
            }
            /// The plain number.
            pub fn get(self) -> f64 {
                f64::from_bits(self.0.get() ^ NUMBER_MASK)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_tuple(stringify!($name)).field(&self.get()).finish()
            }
        }

        impl PartialEq for $name {
            fn eq(&self, other: &Self) -> bool {
                self.get() == other.get()
            }
        }

        impl PartialOrd for $name {
            fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
                self.get().partial_cmp(&other.get())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_f64(self.get())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                d.deserialize_any(NumberVisitor($name::new, $expecting))
            }
        }
    };
}

number_type!(
    /// A percentage, 0 to 100, to two decimals.
    Percent, "a percentage from 0 to 100", 100.0, PERCENT_DECIMALS
);
number_type!(
    /// An amount of money, 0 to a billion, to four decimals (a fraction of a cent: an earning
    /// per click), in the currency of its range. No program pays or asks a billion; the cap
    /// keeps every amount printable in a table cell.
    Amount, "an amount from 0 to 1000000000", 1e9, AMOUNT_DECIMALS
);

/// A whole number of days, 0 or more (a cookie's life, a payout delay). Kept plus one, so it is
/// never zero and an `Option` of it takes 4 bytes.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Days(NonZeroU32);

impl fmt::Debug for Days {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Days").field(&self.get()).finish()
    }
}

impl Serialize for Days {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u32(self.get())
    }
}

impl Days {
    /// The longest duration accepted: a century is already absurd for a cookie.
    pub const MAX: u32 = 36_500;

    /// Checks `v` and wraps it.
    pub fn new(v: f64) -> Result<Self, String> {
        let what = "a whole number of days from 0 to 36500";
        let v = finite(v, what)?;
        let days = (v >= 0.0 && v <= f64::from(Self::MAX) && v.fract() == 0.0)
            .then(|| NonZeroU32::new(v as u32 + 1))
            .flatten();
        days.map(Days)
            .ok_or_else(|| format!("expected {what}, found {}", shown(v)))
    }
    /// The number of days.
    pub fn get(self) -> u32 {
        self.0.get() - 1
    }
}

impl<'de> Deserialize<'de> for Days {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(NumberVisitor(Days::new, "a whole number of days"))
    }
}

/// A checked whole number from `MIN` to `MAX`, kept plus one so it is never zero and an
/// `Option` of it takes 4 bytes: hours of a cookie, months of a recurring commission, the
/// clicks a network's EPC is counted per.
macro_rules! whole_type {
    ($(#[$doc:meta])* $name:ident, $what:literal, $min:expr, $max:expr) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
        pub struct $name(NonZeroU32);

        impl $name {
            /// The smallest value accepted.
            pub const MIN: u32 = $min;
            /// The largest value accepted.
            pub const MAX: u32 = $max;

            /// Checks `v` (a whole number from [`Self::MIN`] to [`Self::MAX`]) and wraps it.
            pub fn new(v: f64) -> Result<Self, String> {
                let what = concat!("a whole number of ", $what, " from ", $min, " to ", $max);
                let v = finite(v, what)?;
                let ok = v >= f64::from(Self::MIN) && v <= f64::from(Self::MAX) && v.fract() == 0.0;
                ok.then(|| NonZeroU32::new(v as u32 + 1))
                    .flatten()
                    .map($name)
                    .ok_or_else(|| format!("expected {what}, found {}", shown(v)))
            }
            /// The number.
            pub fn get(self) -> u32 {
                self.0.get() - 1
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_tuple(stringify!($name)).field(&self.get()).finish()
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_u32(self.get())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                d.deserialize_any(NumberVisitor($name::new, concat!("a whole number of ", $what)))
            }
        }
    };
}

whole_type!(
    /// A cookie's life in hours, where a network gives hours (100 years at most).
    Hours, "hours", 0, 876_000
);
whole_type!(
    /// How many months a recurring commission is paid for (a century at most).
    Months, "months", 0, 1200
);
whole_type!(
    /// How many clicks a network's EPC is counted per: 1 (Awin), 100 (CJ).
    PerClicks, "clicks", 1, 1_000_000
);

/// The date a program's data was imported, `YYYY-MM-DD`: a real calendar date from 1800 to
/// 2100.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct ImportDate {
    year: u16,
    month: u8,
    day: u8,
}

impl fmt::Debug for ImportDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ImportDate({self})")
    }
}

impl fmt::Display for ImportDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl ImportDate {
    /// Checks `raw` (`YYYY-MM-DD`, a day that exists) and wraps it.
    pub fn parse(raw: &str) -> Result<Self, String> {
        let bad = || {
            format!(
                "expected a date such as \"2026-11-28\" (YYYY-MM-DD, 1800 to 2100), found {:?}",
                sanitize_line(raw)
            )
        };
        let parts: Vec<&str> = raw.split('-').collect();
        let [y, m, d] = parts.as_slice() else {
            return Err(bad());
        };
        let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        if !(digits(y, 4) && digits(m, 2) && digits(d, 2)) {
            return Err(bad());
        }
        let (year, month, day) = (
            y.parse::<u16>().map_err(|_| bad())?,
            m.parse::<u8>().map_err(|_| bad())?,
            d.parse::<u8>().map_err(|_| bad())?,
        );
        Self::new(year, month, day).ok_or_else(bad)
    }
    /// The date, when it exists in the calendar and is from 1800 to 2100.
    pub fn new(year: u16, month: u8, day: u8) -> Option<Self> {
        let month_enum = time::Month::try_from(month).ok()?;
        let ok = (Year::FIRST..=Year::LAST).contains(&year)
            && time::Date::from_calendar_date(i32::from(year), month_enum, day).is_ok();
        ok.then_some(ImportDate { year, month, day })
    }
    /// Today's date (UTC).
    pub fn today() -> Self {
        let now = time::OffsetDateTime::now_utc().date();
        let year = u16::try_from(now.year()).unwrap_or(Year::LAST);
        Self::new(year, u8::from(now.month()), now.day()).unwrap_or(ImportDate {
            year: Year::LAST,
            month: 12,
            day: 31,
        })
    }
}

impl Serialize for ImportDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for ImportDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(DateVisitor)
    }
}

/// Reads an [`ImportDate`] written as a string (`"2026-11-28"`) or as a TOML local date
/// (`2026-11-28`, which the `toml` deserializer hands over as a one-entry map).
struct DateVisitor;

impl<'de> Visitor<'de> for DateVisitor {
    type Value = ImportDate;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a date such as \"2026-11-28\"")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<ImportDate, E> {
        ImportDate::parse(v).map_err(E::custom)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<ImportDate, A::Error> {
        let when = toml::value::Datetime::deserialize(MapAccessDeserializer::new(map))?;
        match when {
            toml::value::Datetime {
                date: Some(date),
                time: None,
                offset: None,
            } => ImportDate::new(date.year, date.month, date.day).ok_or_else(|| {
                de::Error::custom(format!(
                    "expected a date from 1800 to 2100 (YYYY-MM-DD), found {when}"
                ))
            }),
            _ => Err(de::Error::custom(format!(
                "expected a date without a time of day (YYYY-MM-DD), found {when}"
            ))),
        }
    }
}

/// The year a program or company was launched (never zero, so an `Option` takes 2 bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Year(NonZeroU16);

impl Year {
    /// The earliest year accepted.
    pub const FIRST: u16 = 1800;
    /// The latest year accepted.
    pub const LAST: u16 = 2100;

    /// Checks `v` (1800 to 2100) and wraps it.
    pub fn new(v: f64) -> Result<Self, String> {
        let what = "a year from 1800 to 2100";
        let v = finite(v, what)?;
        let range = f64::from(Self::FIRST)..=f64::from(Self::LAST);
        let year = (range.contains(&v) && v.fract() == 0.0)
            .then(|| NonZeroU16::new(v as u16))
            .flatten();
        year.map(Year)
            .ok_or_else(|| format!("expected {what}, found {}", shown(v)))
    }
    /// The year.
    pub fn get(self) -> u16 {
        self.0.get()
    }
}

impl<'de> Deserialize<'de> for Year {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(NumberVisitor(Year::new, "a year such as 2010"))
    }
}

/// A three-letter ISO 4217 currency code such as `USD`, kept as its three ASCII capitals.
#[derive(Clone, PartialEq, Eq)]
pub struct Currency([u8; 3]);

impl fmt::Debug for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Currency").field(&self.as_str()).finish()
    }
}

impl Serialize for Currency {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl Currency {
    /// Checks `raw` (three ASCII capitals) and wraps it.
    pub fn parse(raw: &str) -> Result<Self, String> {
        match <[u8; 3]>::try_from(raw.as_bytes()) {
            Ok(code) if code.iter().all(u8::is_ascii_uppercase) => Ok(Currency(code)),
            _ => Err(format!(
                "expected a three-letter currency code such as \"USD\", found {:?}",
                sanitize_line(raw)
            )),
        }
    }
    /// The code.
    pub fn as_str(&self) -> &str {
        // Always ASCII capitals: `parse` is the only way in.
        std::str::from_utf8(&self.0).unwrap_or_default()
    }
    /// The symbol shown before an amount, where there is a common one.
    pub fn symbol(&self) -> Option<&'static str> {
        match self.as_str() {
            "USD" => Some("$"),
            "EUR" => Some("€"),
            "GBP" => Some("£"),
            "JPY" | "CNY" => Some("¥"),
            _ => None,
        }
    }
}

impl<'de> Deserialize<'de> for Currency {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(StrVisitor(
            Currency::parse,
            "a currency code such as \"USD\"",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Values across the whole range of `f64`, from subnormals to the largest: each is either
    /// refused with the bounds named, or kept as a value that prints in a few characters and
    /// is exactly what it prints as.
    #[test]
    fn every_amount_and_percentage_is_bounded_and_shown_as_it_ranks() {
        let mut values = vec![
            5e-324,
            1e-300,
            1e-3,
            0.004_999,
            0.005,
            0.125,
            1.7e308,
            f64::MAX,
        ];
        for exp in -330..=310 {
            for mantissa in [1.0, 2.5, 9.999] {
                values.push(mantissa * 10f64.powi(exp));
            }
        }
        let (mut refused, mut kept, mut longest) = (0, 0, 0);
        for v in values {
            for (kind, checked) in [
                ("amount", Amount::new(v).map(Amount::get)),
                ("percent", Percent::new(v).map(Percent::get)),
            ] {
                match checked {
                    Err(e) => {
                        refused += 1;
                        assert!(e.contains("from 0 to"), "{kind} {v}: {e}");
                    }
                    Ok(got) => {
                        kept += 1;
                        let shown = crate::value_text::number(got);
                        longest = longest.max(shown.len());
                        let back: f64 = shown.parse().unwrap_or(f64::NAN);
                        assert_eq!(back, got, "{kind} {v} shows as {shown}");
                    }
                }
            }
        }
        eprintln!(
            "amounts and percentages: {refused} refused, {kept} kept, longest shown {longest} characters"
        );
        assert!(longest <= 14, "999999999.9999 at most");
        assert_eq!(Amount::new(5e-324).map(Amount::get), Ok(0.0));
        assert_eq!(Percent::new(0.125).map(Percent::get), Ok(0.13));
        assert_eq!(Amount::new(0.00125).map(Amount::get), Ok(0.0013));
        // An earning per click of CJ's $0.40 per 100 clicks, and $5.49 per 100: kept to cents
        // they read $0 and $0.05.
        assert_eq!(Amount::new(0.004).map(Amount::get), Ok(0.004));
        assert_eq!(crate::value_text::number(0.0549), "0.0549");
        assert!(Amount::new(1.7e308).is_err() && Amount::new(1e9 + 1.0).is_err());
        assert_eq!(
            Amount::new(1.7e308).err().as_deref(),
            Some("expected an amount from 0 to 1000000000, found 1.7e308")
        );
        assert_eq!(
            Days::new(1e300).err().as_deref(),
            Some("expected a whole number of days from 0 to 36500, found 1e300")
        );
    }
}
