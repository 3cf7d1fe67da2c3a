//! The profile model: one affiliate program's terms, typed so programs can be sorted, compared
//! and computed on. The TOML field names here are the format documented in
//! `assets/profiles/FORMAT.md`; JSON output uses the same names.
//!
//! Every value that comes from a file is checked while it is deserialized, so a bad value fails
//! with the span of exactly that value (the loader turns the span into a line and column).
//! Every string is sanitized on the way in ([`Line`], [`Text`]): nothing typed here can carry a
//! terminal escape sequence.

use std::fmt;
use std::num::{NonZeroU16, NonZeroU32, NonZeroU64};

use compact_str::CompactString;
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use crate::sanitize::{is_invisible_control, sanitize_line, sanitize_text};

// Strings are `CompactString`s: the same 24 bytes as a `String`, but anything up to 24 bytes
// (most names, niches, networks, countries, ids) is stored inline, with no allocation of its
// own. A loaded profile holds some fifty strings, so this is most of its heap.

/// A one-line string from a profile, already made safe for a terminal.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Line(CompactString);

/// A paragraph from a profile, made safe for a terminal; line breaks are kept.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Text(CompactString);

/// True when sanitizing `raw` would give `raw` back unchanged: no control character (other
/// than `\n` in a paragraph), no invisible control, no line or paragraph separator, and
/// nothing the final trim would remove. Such text is stored as it is, without the sanitizer's
/// intermediate copies; anything else goes through the sanitizer.
fn already_clean(raw: &str, keep_breaks: bool) -> bool {
    let trimmed = if keep_breaks {
        raw.trim_end()
    } else {
        raw.trim()
    };
    if trimmed.len() != raw.len() {
        return false;
    }
    if raw.is_ascii() {
        raw.bytes()
            .all(|b| (0x20..0x7f).contains(&b) || (keep_breaks && b == b'\n'))
    } else {
        raw.chars().all(|c| match c {
            '\n' => keep_breaks,
            '\u{2028}' | '\u{2029}' => false,
            c => !c.is_control() && !is_invisible_control(c),
        })
    }
}

impl Line {
    /// Sanitizes `raw` into a one-line field.
    pub fn new(raw: &str) -> Self {
        if already_clean(raw, false) {
            Line(CompactString::new(raw))
        } else {
            Line(CompactString::from(sanitize_line(raw)))
        }
    }
    /// The sanitized text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Text {
    /// Sanitizes `raw` into a paragraph field.
    pub fn new(raw: &str) -> Self {
        if already_clean(raw, true) {
            Text(CompactString::new(raw))
        } else {
            Text(CompactString::from(sanitize_text(raw)))
        }
    }
    /// The sanitized text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Line {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for Line {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl Serialize for Text {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

/// Accepts a string and hands it to `make`; any other type is a clear "expected a string".
struct StrVisitor<F>(F, &'static str);

impl<T, F: FnOnce(&str) -> Result<T, String>> Visitor<'_> for StrVisitor<F> {
    type Value = T;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.1)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        (self.0)(v).map_err(E::custom)
    }
}

impl<'de> Deserialize<'de> for Line {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(StrVisitor(|s: &str| Ok(Line::new(s)), "a string"))
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(StrVisitor(|s: &str| Ok(Text::new(s)), "a string"))
    }
}

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

/// Accepts any TOML number (integer or float) as an `f64` and checks it with `check`.
struct NumberVisitor<F>(F, &'static str);

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

fn finite(v: f64, what: &str) -> Result<f64, String> {
    if v.is_finite() {
        Ok(v)
    } else {
        Err(format!("expected {what}, found {v}"))
    }
}

/// The bits of a NaN, which no stored number is: a finite number's bits XOR these are never
/// zero, so numbers are kept as `NonZeroU64` and an `Option` of one takes 8 bytes, not 16.
const NUMBER_MASK: u64 = 0x7FF8_0000_0000_0001;

macro_rules! number_type {
    ($(#[$doc:meta])* $name:ident, $expecting:literal, |$v:ident| $check:expr) => {
        $(#[$doc])*
        #[derive(Clone, Copy)]
        pub struct $name(NonZeroU64);

        impl $name {
            /// Checks `v` and wraps it.
            pub fn new($v: f64) -> Result<Self, String> {
                let what = $expecting;
                let $v = finite($v, what)?;
                match NonZeroU64::new($v.to_bits() ^ NUMBER_MASK) {
                    Some(bits) if $check => Ok($name(bits)),
                    _ => Err(format!("expected {what}, found {}", $v)),
                }
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
    /// A percentage, 0 to 100.
    Percent, "a percentage from 0 to 100", |v| (0.0..=100.0).contains(&v)
);
number_type!(
    /// An amount of money, 0 or more, in the currency of its range.
    Amount, "an amount of 0 or more", |v| v >= 0.0
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
            .ok_or_else(|| format!("expected {what}, found {v}"))
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

/// The year a program or company was launched (never zero, so an `Option` takes 2 bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Year(NonZeroU16);

impl Year {
    /// Checks `v` (1800 to 2100) and wraps it.
    pub fn new(v: f64) -> Result<Self, String> {
        let what = "a year from 1800 to 2100";
        let v = finite(v, what)?;
        let year = ((1800.0..=2100.0).contains(&v) && v.fract() == 0.0)
            .then(|| NonZeroU16::new(v as u16))
            .flatten();
        year.map(Year)
            .ok_or_else(|| format!("expected {what}, found {v}"))
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

fn check_order(min: Option<f64>, max: Option<f64>) -> Result<(), String> {
    match (min, max) {
        (Some(lo), Some(hi)) if lo > hi => Err(format!(
            "expected `min` to be at most `max`, found min {} > max {}",
            crate::present::number(lo),
            crate::present::number(hi)
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

/// How commission is worked out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CommissionBasis {
    /// A fixed percentage of each sale.
    FixedPercent,
    /// The rate depends on the product category.
    CategoryBased,
    /// New buyers earn a different rate from returning ones.
    NewVsReturning,
    /// The rate rises with the affiliate's volume.
    Tiered,
    /// A flat amount per action.
    FlatFee,
}

impl CommissionBasis {
    /// The words shown to a person.
    pub fn label(self) -> &'static str {
        match self {
            CommissionBasis::FixedPercent => "fixed % per sale",
            CommissionBasis::CategoryBased => "by category",
            CommissionBasis::NewVsReturning => "new vs returning buyers",
            CommissionBasis::Tiered => "tiered by volume",
            CommissionBasis::FlatFee => "flat fee per action",
        }
    }
}

/// How often payouts are made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Frequency {
    /// Every week.
    Weekly,
    /// Every two weeks.
    Biweekly,
    /// Every month.
    Monthly,
    /// Whenever the affiliate asks.
    OnRequest,
}

impl Frequency {
    /// The words shown to a person.
    pub fn label(self) -> &'static str {
        match self {
            Frequency::Weekly => "weekly",
            Frequency::Biweekly => "every two weeks",
            Frequency::Monthly => "monthly",
            Frequency::OnRequest => "on request",
        }
    }
}

/// Where a program's affiliates are tracked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PlatformModel {
    /// The program runs its own platform.
    InHouse,
    /// Through third-party networks only.
    Network,
    /// Its own platform and networks.
    Hybrid,
}

impl PlatformModel {
    /// The words shown to a person.
    pub fn label(self) -> &'static str {
        match self {
            PlatformModel::InHouse => "in-house",
            PlatformModel::Network => "networks",
            PlatformModel::Hybrid => "hybrid (in-house and networks)",
        }
    }
}

/// Whether a kind of content may be used to promote the program.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Permission {
    /// Allowed.
    Allowed,
    /// Allowed within limits.
    Restricted,
    /// Not allowed.
    Prohibited,
}

impl Permission {
    /// The word shown to a person.
    pub fn label(self) -> &'static str {
        match self {
            Permission::Allowed => "allowed",
            Permission::Restricted => "restricted",
            Permission::Prohibited => "prohibited",
        }
    }
}

/// The kinds of creator a program can suit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AudienceKind {
    /// Bloggers and site owners.
    Bloggers,
    /// YouTube creators.
    Youtubers,
    /// TikTok creators.
    Tiktokers,
    /// Instagram, Pinterest and LinkedIn influencers.
    Influencers,
    /// Key opinion leaders: industry experts.
    Kol,
    /// Key opinion consumers: everyday buyers who review.
    Koc,
    /// Live-stream hosts.
    Livestreamers,
    /// Video editors and compilation channels.
    VideoEditors,
}

impl AudienceKind {
    /// Every kind, in the order the detail pane lists them.
    pub const ALL: [AudienceKind; 8] = [
        AudienceKind::Bloggers,
        AudienceKind::Youtubers,
        AudienceKind::Tiktokers,
        AudienceKind::Influencers,
        AudienceKind::Kol,
        AudienceKind::Koc,
        AudienceKind::Livestreamers,
        AudienceKind::VideoEditors,
    ];

    /// The name shown to a person (and searched).
    pub fn label(self) -> &'static str {
        match self {
            AudienceKind::Bloggers => "bloggers",
            AudienceKind::Youtubers => "youtubers",
            AudienceKind::Tiktokers => "tiktokers",
            AudienceKind::Influencers => "influencers",
            AudienceKind::Kol => "KOL",
            AudienceKind::Koc => "KOC",
            AudienceKind::Livestreamers => "livestreamers",
            AudienceKind::VideoEditors => "video editors",
        }
    }
}

/// A rule on one kind of content.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContentRule {
    /// Allowed, restricted or prohibited.
    pub rule: Permission,
    /// What the source adds, in our words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Line>,
}

/// The kind of business, its products and whom it suits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Profile {
    /// Unique slug.
    pub id: ProgramId,
    /// The program's name as people know it.
    pub name: Line,
    /// Parent company.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<Line>,
    /// Year the business launched.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub launched: Option<Year>,
    /// Home page of the program.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<Line>,
    /// A short description in our own words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<Text>,
    /// Business focus: B2B, B2C, wholesale, dropshipping…
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub focus: Vec<Line>,
    /// The industry the business is in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub industry: Option<Line>,
    /// What is sold.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub product_types: Vec<Line>,
    /// Subjects and audiences the program suits: what people search for.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub niches: Vec<Line>,
    /// Program types, tiers and tracking platform.
    #[serde(default, skip_serializing_if = "ProgramTerms::is_empty")]
    pub program: ProgramTerms,
    /// What an affiliate earns per sale.
    #[serde(default, skip_serializing_if = "Commission::is_empty")]
    pub commission: Commission,
    /// How long a referral is remembered.
    #[serde(default, skip_serializing_if = "Cookie::is_empty")]
    pub cookie: Cookie,
    /// How and when the affiliate is paid.
    #[serde(default, skip_serializing_if = "Payout::is_empty")]
    pub payout: Payout,
    /// Order values, conversion and cost of joining.
    #[serde(default, skip_serializing_if = "Market::is_empty")]
    pub market: Market,
    /// What may be used to promote, where and how.
    #[serde(default, skip_serializing_if = "Promotion::is_empty")]
    pub promotion: Promotion,
    /// The kinds of creator the program suits.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub audiences: Vec<Audience>,
    /// Ids of the programs the source compares this one with.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alternatives: Vec<ProgramId>,
    /// Caveats and contradictions, each tied to a field.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Note>,
    /// The source documents the facts came from.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Line>,
}

/// Program types, tiers and tracking platform.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ProgramTerms {
    /// CPS, CPA, CPI, KOL…
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub types: Vec<Line>,
    /// Whether affiliates earn from affiliates they recruit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mlm: Option<bool>,
    /// Number of commission tiers (1 for a single-tier program).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tiers: Option<u8>,
    /// In-house, networks or both.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform: Option<PlatformModel>,
    /// The name of the program's own tracking platform.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_house: Option<Line>,
    /// The address of the affiliates' portal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub portal: Option<Line>,
    /// Networks the program runs on now.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub networks: Vec<Line>,
    /// Networks it was on before.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub former_networks: Vec<Line>,
}

impl ProgramTerms {
    fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// What an affiliate earns.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Commission {
    /// The full range of rates.
    #[serde(default, skip_serializing_if = "PercentRange::is_unknown")]
    pub rate: PercentRange,
    /// The rates most sales earn, where a source gives them.
    #[serde(default, skip_serializing_if = "PercentRange::is_unknown")]
    pub typical: PercentRange,
    /// How the rate is worked out.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub structure: Vec<CommissionBasis>,
    /// Extra rewards.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bonuses: Option<Line>,
    /// Anything else worth knowing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Line>,
}

impl Commission {
    fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// How long a referral is remembered.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Cookie {
    /// Cookie life in days.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days: Option<Days>,
    /// Anything else worth knowing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Line>,
}

impl Cookie {
    fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// How and when the affiliate is paid.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Payout {
    /// The balance needed before a withdrawal.
    #[serde(default, skip_serializing_if = "MoneyRange::is_unknown")]
    pub minimum: MoneyRange,
    /// What each withdrawal costs.
    #[serde(default, skip_serializing_if = "MoneyRange::is_unknown")]
    pub fee: MoneyRange,
    /// How often payouts are made.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub frequency: Vec<Frequency>,
    /// Days a commission is locked or held before it is paid (Net-60 is 60).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delay_days: Option<Days>,
    /// Wire, PayPal, direct deposit, gift card…
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub methods: Vec<Line>,
    /// Anything else worth knowing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Line>,
}

impl Payout {
    fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// Order values, conversion and cost of joining.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Market {
    /// Average order value.
    #[serde(default, skip_serializing_if = "MoneyRange::is_unknown")]
    pub average_order: MoneyRange,
    /// Share of referred visitors who buy.
    #[serde(default, skip_serializing_if = "PercentRange::is_unknown")]
    pub conversion: PercentRange,
    /// What it costs to join (0 is free).
    #[serde(default, skip_serializing_if = "MoneyRange::is_unknown")]
    pub entry_fee: MoneyRange,
    /// Anything else worth knowing, such as the length of the sales cycle.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Line>,
}

impl Market {
    fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// What may be used to promote, where and how.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Promotion {
    /// Banners, links, feeds…
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub materials: Vec<Line>,
    /// Where traffic may come from.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub traffic_sources: Vec<Line>,
    /// Where the program may be promoted ("worldwide").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub countries: Option<Line>,
    /// Countries named as excluded.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub excluded_countries: Vec<Line>,
    /// Anything else about countries.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub countries_note: Option<Line>,
    /// Adult and explicit content.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explicit: Option<ContentRule>,
    /// Religious or political content.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub religious_political: Option<ContentRule>,
}

impl Promotion {
    fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// One kind of creator the program suits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Audience {
    /// Which kind of creator.
    pub kind: AudienceKind,
    /// What kind of content from them suits the program.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suits: Option<Line>,
    /// The niches named for them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub niches: Vec<Line>,
}

/// Whether a note warns or records a disagreement between sources.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum NoteKind {
    /// Something to keep in mind.
    Caveat,
    /// Two sources (or one source in two places) disagree.
    Contradiction,
}

/// A caveat or contradiction tied to a field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Note {
    /// The field it concerns, as a dotted path (`cookie.days`).
    pub field: Line,
    /// Caveat or contradiction.
    pub kind: NoteKind,
    /// The note in our words.
    pub text: Text,
    /// For a contradiction: the other value, as the other source gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub other_value: Option<Line>,
    /// The source documents behind the note.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Line>,
}

impl Profile {
    /// The notes about `field` or anything under it (`payout` matches `payout.minimum`).
    pub fn notes_on<'a>(&'a self, field: &'a str) -> impl Iterator<Item = &'a Note> + 'a {
        self.notes.iter().filter(move |note| {
            let f = note.field.as_str();
            f == field
                || f.strip_prefix(field)
                    .is_some_and(|rest| rest.starts_with('.'))
        })
    }
    /// True when the sources disagree about `field`.
    pub fn is_contradicted(&self, field: &str) -> bool {
        self.notes_on(field)
            .any(|n| n.kind == NoteKind::Contradiction)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(src: &str) -> Result<Profile, toml::de::Error> {
        toml::from_str(src)
    }

    #[test]
    fn minimal_profile_loads() {
        let p = parse("id = \"x\"\nname = \"X\"\n").expect("valid");
        assert_eq!(p.id.as_str(), "x");
        assert!(p.commission.rate.is_unknown());
    }

    #[test]
    fn ranges_and_numbers_are_checked() {
        let bad = [
            (
                "[commission]\nrate = { min = 10, max = 5 }",
                "at most `max`",
            ),
            ("[commission]\nrate = { max = 150 }", "0 to 100"),
            ("[commission]\nrate = { max = nan }", "0 to 100"),
            ("[cookie]\ndays = -1", "days"),
            ("[cookie]\ndays = 1.5", "days"),
            ("[payout]\nminimum = { min = -5 }", "0 or more"),
            (
                "[payout]\nminimum = { min = 5, currency = \"usd\" }",
                "currency",
            ),
            ("launched = 99", "year"),
        ];
        for (body, want) in bad {
            let err = parse(&format!("id = \"x\"\nname = \"X\"\n{body}\n")).expect_err(body);
            assert!(err.message().contains(want), "{body}: {}", err.message());
            assert!(err.span().is_some(), "{body} has a span");
        }
    }

    #[test]
    fn bad_ids_are_refused() {
        for id in ["", "Has Caps", "a_b", "ü"] {
            assert!(ProgramId::parse(id).is_err(), "{id:?}");
        }
        assert!(ProgramId::parse("amazon-associates").is_ok());
    }

    #[test]
    fn strings_are_sanitized_on_load() {
        let p = parse("id = \"x\"\nname = \"\\u001b[31mRed\\u001b[0m\\nName\"\n").expect("valid");
        assert_eq!(p.name.as_str(), "Red Name");
    }

    #[test]
    fn clean_text_is_kept_as_is_and_anything_else_is_sanitized() {
        let samples = [
            "",
            " ",
            "plain",
            " padded ",
            "trailing ",
            "tab\there",
            "two\nlines",
            "ends with a break\n",
            "line\u{2028}separator",
            "para\u{2029}separator",
            "速卖通 AliExpress",
            "wide space\u{3000}",
            "\u{3000}lead",
            "zero\u{200B}width",
            "bidi\u{202E}override",
            "esc\u{1b}[31mred",
            "c1\u{9b}31m",
            "del\u{7f}",
            "bom\u{feff}",
            "nbsp\u{a0}end\u{a0}",
            "caf\u{e9}",
        ];
        for raw in samples {
            assert_eq!(Line::new(raw).as_str(), sanitize_line(raw), "{raw:?}");
            assert_eq!(Text::new(raw).as_str(), sanitize_text(raw), "{raw:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn line_and_text_equal_the_sanitizer(raw in "\\PC*|[ -~\n\t\u{80}-\u{3000}]*") {
            let (line, text) = (Line::new(&raw), Text::new(&raw));
            proptest::prop_assert_eq!(line.as_str(), sanitize_line(&raw));
            proptest::prop_assert_eq!(text.as_str(), sanitize_text(&raw));
        }
    }

    #[test]
    fn numbers_keep_their_values_debug_and_serialized_forms() {
        for v in [0.0, -0.0, 0.5, 3.0, 12.75, 100.0, 1e-300, 5e300] {
            let amount = Amount::new(v).expect("valid");
            assert_eq!(amount.get().to_bits(), v.to_bits());
            assert_eq!(format!("{amount:?}"), format!("Amount({v:?})"));
            assert_eq!(
                serde_json::to_string(&amount).expect("serializes"),
                serde_json::to_string(&v).expect("serializes")
            );
        }
        assert_eq!(Amount::new(-0.0), Amount::new(0.0));
        assert!(Percent::new(3.0) < Percent::new(12.5));
        assert!(Percent::new(100.5).is_err() && Amount::new(f64::NAN).is_err());
        let days = Days::new(0.0).expect("valid");
        assert_eq!(
            (days.get(), format!("{days:?}")),
            (0, "Days(0)".to_string())
        );
        assert!(Days::new(36_500.0).is_ok() && Days::new(36_501.0).is_err());
        assert!(Days::new(-1.0).is_err() && Days::new(1.5).is_err());
        assert!(Days::new(1e10).is_err() && Year::new(1e10).is_err());
        assert!(Days::new(3.0) < Days::new(30.0));
        let year = Year::new(1999.0).expect("valid");
        assert_eq!(
            (year.get(), format!("{year:?}")),
            (1999, "Year(1999)".to_string())
        );
        assert!(Year::new(0.0).is_err() && Year::new(2101.0).is_err());
        assert_eq!(serde_json::to_string(&days).expect("serializes"), "0");
        assert_eq!(serde_json::to_string(&year).expect("serializes"), "1999");
        assert_eq!(std::mem::size_of::<Option<Percent>>(), 8);
        assert_eq!(std::mem::size_of::<Option<Days>>(), 4);
        assert_eq!(std::mem::size_of::<Option<Year>>(), 2);
        assert_eq!(std::mem::size_of::<Option<Currency>>(), 4);
        assert_eq!(std::mem::size_of::<Option<Line>>(), 24);
    }

    #[test]
    fn strings_keep_their_debug_and_serialized_forms() {
        let p = parse(
            "id = \"x\"\nname = \"X\"\n[payout]\nminimum = { min = 5, currency = \"EUR\" }\n",
        )
        .expect("valid");
        let currency = p.payout.minimum.currency.clone().expect("set");
        assert_eq!(format!("{currency:?}"), "Currency(\"EUR\")");
        assert_eq!(format!("{:?}", p.name), "Line(\"X\")");
        assert_eq!(format!("{:?}", p.id), "ProgramId(\"x\")");
        assert_eq!(currency.symbol(), Some("€"));
        let json = serde_json::to_string(&p).expect("serializes");
        assert!(json.starts_with("{\"id\":\"x\",\"name\":\"X\""), "{json}");
        assert!(json.contains("\"currency\":\"EUR\""), "{json}");
        assert!(
            toml::to_string(&p)
                .expect("serializes")
                .contains("currency = \"EUR\"")
        );
    }

    #[test]
    fn json_round_trips() {
        let src = "id = \"x\"\nname = \"X\"\n[commission]\nrate = { min = 3, max = 9 }\n[market]\naverage_order = { min = 35, max = 40, currency = \"USD\", level = \"low\" }\n";
        let p = parse(src).expect("valid");
        let json = serde_json::to_string(&p).expect("serializes");
        let back: Profile = serde_json::from_str(&json).expect("parses back");
        assert_eq!(back, p);
    }
}
