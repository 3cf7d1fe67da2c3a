//! THE field table: every profile field described once.
//!
//! Each entry gives a field's dotted path as written in a profile (`cookie.days`), the label a
//! person reads, its unit, how it is written in TOML, how it reads as text and as a number or
//! range, which direction is better, how strongly it is searched, and where it is shown. The
//! comparison rows, the detail sections, the CSV columns, the known keys behind "did you mean",
//! the paths notes may name and the search weights all come from here, so a new field is one
//! entry here plus its place in the typed [`Profile`].
//!
//! A few entries are *readings*: one line that joins several stored fields ("Content rules" is
//! the explicit and the religious/political rules). They have no TOML key of their own
//! ([`Form::Reading`]) and name the stored fields they read.

use serde::Serialize;

use super::{
    AudienceKind, CommissionBasis, ContentRule, Currency, Days, Figures, Frequency, Hours, Line,
    MoneyRange, Note, NoteKind, PercentRange, PlatformModel, Profile,
};
use crate::value_text;

/// Which direction wins when programs are ranked on a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Better {
    /// The largest figure is best (commission, cookie).
    Higher,
    /// The smallest figure is best (minimum payout, delay, fees).
    Lower,
    /// Nothing is best: text, lists, or values with no order.
    None,
}

impl Better {
    /// The order of two figures, best first (or worst first when `reverse`); a figure that is
    /// not stated comes last either way. The grid's sort and `list --sort` both use it.
    pub fn order(self, a: Option<f64>, b: Option<f64>, reverse: bool) -> std::cmp::Ordering {
        use std::cmp::Ordering;
        match (a, b) {
            (Some(x), Some(y)) => {
                let best_first = match self {
                    Better::Higher => y.total_cmp(&x),
                    Better::Lower | Better::None => x.total_cmp(&y),
                };
                if reverse {
                    best_first.reverse()
                } else {
                    best_first
                }
            }
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        }
    }
}

/// What a field's figures count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    /// A percentage, 0 to 100.
    Percent,
    /// An amount of money in the field's own currency.
    Money,
    /// A whole number of days.
    Days,
    /// A whole number of hours (a cookie, where a network gives hours).
    Hours,
    /// A whole number of months (a recurring commission).
    Months,
    /// A number of clicks (what a network's EPC is counted per).
    Clicks,
    /// A calendar year.
    Year,
    /// A count (tiers).
    Count,
    /// An answer ranked yes over check over no (eligibility).
    Verdict,
    /// Words: no unit.
    None,
}

/// How a field is written in a profile: the shape its TOML value takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// One value the profile model checks (a string, number, boolean or enum word).
    Scalar,
    /// An array of values.
    List,
    /// A table `{ min, max, level, approx, open_top }` of percentages.
    PercentRange,
    /// A table `{ min, max, currency, level, approx, open_top }` of amounts.
    MoneyRange,
    /// A money range that may also say `no_minimum = true` (a payout threshold).
    Threshold,
    /// A table `{ days, kind, usually }`: a lock period or payment terms.
    Delay,
    /// A table `{ day, to, month, approx, usually }`: the day or span of the month.
    PayDay,
    /// A table `{ worldwide, at_least, places, text, exclusions }`, or a line of words.
    Countries,
    /// A table `{ rule, note }`.
    ContentRule,
    /// An array of tables, one per audience: `[[audiences]]`.
    Audiences,
    /// An array of tables, one per note: `[[notes]]`.
    Notes,
    /// An array of tables, one per network the program was imported from: `[[imports]]`.
    Imports,
    /// Not written at all: a line that reads the stored fields named here.
    Reading(&'static [&'static str]),
    /// Not written at all: worked out for the user by [`crate::decide`] from the stored fields
    /// named here and "about me". Its `text` and `bounds` read nothing; the comparison fills
    /// its cells from an estimate ([`crate::compare::Comparison::for_me`]).
    Derived(Derived, &'static [&'static str]),
}

/// What a [`Form::Derived`] row shows: one result of an estimate. The derived rows live in the
/// field table, beside the fields they are worked out from, so the grid, `affex compare`, the
/// CSV and the app read their key, label, unit and better direction from one place, and a
/// note on an input (conversion, threshold) shows on the rows worked out from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Derived {
    /// Earnings per click (EPC).
    PerClick,
    /// Earnings per 1,000 clicks.
    PerThousand,
    /// Earnings a month at the user's clicks.
    PerMonth,
    /// The payout threshold plus the fee per withdrawal.
    EffectiveMinimum,
    /// Days to the first payout.
    DaysToPayout,
    /// Whether the user may join: yes, check, no, not stated.
    Eligibility,
}

/// What one value of a field is written as in TOML (for a list field, each item); the JSON
/// Schema of the format ([`crate::schema`]) is built from it.
#[derive(Debug, Clone, Copy)]
pub enum Written {
    /// A string of free text.
    Text,
    /// `true` or `false`.
    Flag,
    /// A whole number, bounded by the field's [`Unit`].
    Whole,
    /// One of the words a model type serializes to; the function lists them.
    Word(fn() -> Vec<String>),
    /// A program id (lowercase letters, digits and `-`).
    Id,
    /// A source: its file name as a string, or a table `{ file, title }`.
    Source,
    /// A date written as a string `"YYYY-MM-DD"`.
    Date,
}

/// The words a closed vocabulary serializes to, in the order of `all`: the words a profile
/// may write, taken from the type's serde names so they can never drift.
pub fn words_of<T: Serialize>(all: &[T]) -> Vec<String> {
    all.iter()
        .filter_map(|v| match serde_json::to_value(v) {
            Ok(serde_json::Value::String(word)) => Some(word),
            _ => None,
        })
        .collect()
}

/// The shape of a TOML key's value, for the loader's known-key check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyShape {
    /// A value the model checks.
    Value,
    /// A table whose keys are listed by [`keys_under`] with the joined path.
    Table,
    /// An array of tables whose keys are listed by [`keys_under`] with the joined path.
    TableArray,
}

impl Form {
    /// The keys inside a value of this form, for forms that are tables.
    pub fn inner_keys(self) -> &'static [&'static str] {
        match self {
            Form::PercentRange => &["min", "max", "level", "approx", "open_top"],
            Form::MoneyRange => &["min", "max", "currency", "level", "approx", "open_top"],
            Form::Threshold => &[
                "min",
                "max",
                "currency",
                "level",
                "approx",
                "open_top",
                "no_minimum",
            ],
            Form::Delay => &["days", "kind", "usually"],
            Form::PayDay => &["day", "to", "month", "approx", "usually"],
            // A line or a table, so the model checks it as a value (unknown keys inside it are
            // refused with their name).
            Form::Countries => &[],
            Form::ContentRule => &["rule", "note"],
            Form::Audiences => &["kind", "suits", "niches"],
            Form::Notes => &["field", "kind", "text", "other_value", "sources"],
            Form::Imports => &[
                "network",
                "program_id",
                "imported",
                "epc",
                "epc_per_clicks",
                "epc_window",
            ],
            Form::Scalar | Form::List | Form::Reading(_) | Form::Derived(..) => &[],
        }
    }
    fn shape(self) -> KeyShape {
        match self {
            Form::PercentRange
            | Form::MoneyRange
            | Form::Threshold
            | Form::Delay
            | Form::PayDay
            | Form::ContentRule => KeyShape::Table,
            Form::Audiences | Form::Notes | Form::Imports => KeyShape::TableArray,
            Form::Scalar | Form::List | Form::Countries | Form::Reading(_) | Form::Derived(..) => {
                KeyShape::Value
            }
        }
    }
}

/// The detail sections, in reading order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// What the business is.
    Overview,
    /// What an affiliate earns and how they are paid.
    Terms,
    /// What may be promoted, where and how.
    Promotion,
    /// The kinds of creator it suits.
    Audiences,
    /// Where affiliates are tracked.
    Platform,
    /// Caveats, contradictions and free notes.
    Notes,
}

impl Section {
    /// Every section, in reading order.
    pub const ALL: [Section; 6] = [
        Section::Overview,
        Section::Terms,
        Section::Promotion,
        Section::Audiences,
        Section::Platform,
        Section::Notes,
    ];
    /// The title shown above the section.
    pub fn title(self) -> &'static str {
        match self {
            Section::Overview => "Overview",
            Section::Terms => "Terms",
            Section::Promotion => "Promotion",
            Section::Audiences => "Audiences",
            Section::Platform => "Platform",
            Section::Notes => "Notes",
        }
    }
}

/// How strongly a searched field counts, and the word shown beside a match in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Searched {
    /// How much a hit here counts: what people search for (niches) ranks above what
    /// describes the business, which ranks above an incidental hit in a label.
    pub weight: i64,
    /// The field's name beside a match ("niche", "audience niche").
    pub label: &'static str,
}

/// How a field narrows a search, and the names a query calls it by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Filter {
    /// The name a query writes (`commission`), then its short aliases (`comm`, `c`). Fields
    /// that share a name are searched together (`niche:` reads niches and audience niches).
    pub names: &'static [&'static str],
    /// What the filter tests.
    pub test: FilterTest,
}

/// What a field filter tests, and so what its value may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterTest {
    /// `niche:fishing`: the search terms after it look only in the fields of that name.
    Scope,
    /// `commission>=8`: the field's [`Bounds`] compared with a number.
    Range,
    /// `mlm:no`: the field reads "yes" or "no".
    YesNo,
    /// `fee:free` / `fee:paid`: the field's [`Bounds`] are, or are not, all zero.
    Free,
    /// `country:IN`: the value is not among the field's items; the field at the path given
    /// says whether anything about it is stated at all.
    NotListed(&'static str),
}

/// A numeric reading of a field, for ranking: its stated figures (equal bounds for an exact
/// figure), the level stated beside or instead of them, and the scale the figures are on.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Bounds {
    /// The stated figures: bounds, open top, approximation.
    pub figures: Figures,
    /// The place of a stated level on the low-to-high scale ("variable" has none).
    pub level: Option<u8>,
    /// What the figures are counted in when that matters: a currency code ("" when a non-zero
    /// amount has none), or a kind of delay. Figures on different scales are not ranked
    /// against each other; `None` goes with anything (percentages, days, zero amounts).
    pub scale: Option<String>,
}

impl Bounds {
    /// The figure a value sorts on: the midpoint of its stated bounds (an open top counts at
    /// its stated bound), else its level's place.
    pub fn figure(&self) -> Option<f64> {
        let f = &self.figures;
        match (f.low, f.high) {
            (Some(lo), Some(hi)) => Some((lo + hi) / 2.0),
            (Some(v), None) | (None, Some(v)) => Some(v),
            (None, None) => self.level.map(f64::from),
        }
    }
}

/// One field of a profile.
pub struct Field {
    /// The dotted path as written in a profile (`cookie.days`); notes name fields by it.
    pub path: &'static str,
    /// A stable key for JSON and CSV output (`cookie_days`).
    pub key: &'static str,
    /// The label a person reads.
    pub label: &'static str,
    /// What its figures count.
    pub unit: Unit,
    /// How it is written in a profile.
    pub form: Form,
    /// What one value (one item of a list) is written as.
    pub written: Written,
    /// True when a profile (or, for `audiences.kind`, each entry) must give it.
    pub required: bool,
    /// The value as one line of text; `None` reads as "not stated".
    pub text: fn(&Profile) -> Option<String>,
    /// The items of a list field, one by one (empty for other fields).
    pub items: fn(&Profile) -> &[Line],
    /// The stated bounds, level and scale of a ranked field; `None` for words or when
    /// unknown. The comparison ranks on these, and [`Field::figure`] sorts on them.
    pub bounds: fn(&Profile) -> Option<Bounds>,
    /// The currency of a money field's figures, when stated.
    pub currency: fn(&Profile) -> Option<&Currency>,
    /// Which direction wins.
    pub better: Better,
    /// How strongly it is searched, if at all.
    pub search: Option<Searched>,
    /// How a query narrows on it (`niche:`, `commission>=8`), if it can.
    pub filter: Option<Filter>,
    /// The detail section it is shown in, if any.
    pub section: Option<Section>,
    /// True when it is a row of the comparison grid and `affex compare`.
    pub compared: bool,
    /// True when it is a column of `affex list --format csv`.
    pub listed: bool,
    /// True when the detail pane leaves it out while it is not stated: fields that only an
    /// import fills (a network's EPC), which would read "not stated" on every other profile.
    pub quiet: bool,
}

impl Field {
    /// True when the sources disagree about this field in `p` (for a reading, about any field
    /// it reads).
    pub fn is_contradicted(&self, p: &Profile) -> bool {
        self.notes(p)
            .iter()
            .any(|n| n.kind == NoteKind::Contradiction)
    }
    /// True when a caveat qualifies this field in `p` (for a reading, any field it reads).
    pub fn is_caveated(&self, p: &Profile) -> bool {
        self.notes(p).iter().any(|n| n.kind == NoteKind::Caveat)
    }
    /// The notes on this field in `p` (for a reading, on any field it reads), in file order.
    pub fn notes<'a>(&self, p: &'a Profile) -> Vec<&'a Note> {
        let parts: &[&str] = match self.form {
            Form::Reading(parts) | Form::Derived(_, parts) => parts,
            _ => std::slice::from_ref(&self.path),
        };
        p.notes
            .iter()
            .filter(|n| {
                parts.iter().any(|part| {
                    let f = n.field.as_str();
                    f == *part
                        || f.strip_prefix(*part)
                            .is_some_and(|rest| rest.starts_with('.'))
                })
            })
            .collect()
    }
    /// The value as text with the caveat marker when a caveat qualifies it: what every view
    /// prints ("4–12%+ *"). The `†` of a contradiction is the view's to add.
    pub fn marked_text(&self, p: &Profile) -> Option<String> {
        let text = (self.text)(p)?;
        Some(if self.is_caveated(p) {
            format!("{text} {}", value_text::CAVEAT_MARK)
        } else {
            text
        })
    }
    /// The value as the one-line views show it (the lists): [`Field::marked_text`], then `†`
    /// when the sources disagree on it.
    pub fn flagged_text(&self, p: &Profile) -> Option<String> {
        let text = self.marked_text(p)?;
        Some(if self.is_contradicted(p) {
            format!("{text} †")
        } else {
            text
        })
    }
    /// The figure a value sorts on (see [`Bounds::figure`]); `None` for words or unknown.
    pub fn figure(&self, p: &Profile) -> Option<f64> {
        (self.bounds)(p).and_then(|b| b.figure())
    }
}

fn no_bounds(_: &Profile) -> Option<Bounds> {
    None
}

fn percent_bounds(r: &PercentRange) -> Option<Bounds> {
    let b = Bounds {
        figures: r.figures(),
        level: r.level.and_then(|l| l.rank()),
        scale: None,
    };
    (!b.figures.is_empty() || b.level.is_some()).then_some(b)
}

fn money_bounds(r: &MoneyRange) -> Option<Bounds> {
    let figures = r.figures();
    let zero = figures.low.unwrap_or(0.0) == 0.0 && figures.high.unwrap_or(0.0) == 0.0;
    let scale = match &r.currency {
        _ if figures.is_empty() || zero => None,
        Some(c) => Some(c.as_str().to_string()),
        None => Some(String::new()),
    };
    let b = Bounds {
        figures,
        level: r.level.and_then(|l| l.rank()),
        scale,
    };
    (!b.figures.is_empty() || b.level.is_some()).then_some(b)
}

fn exact(v: f64) -> Figures {
    Figures {
        low: Some(v),
        high: Some(v),
        open_top: false,
        approx: false,
    }
}

fn day_bounds(d: Option<Days>) -> Option<Bounds> {
    d.map(|d| Bounds {
        figures: exact(f64::from(d.get())),
        ..Bounds::default()
    })
}

/// A delay's days, on the scale of its kind: a lock period and payment terms do not rank
/// against each other.
fn delay_bounds(p: &Profile) -> Option<Bounds> {
    p.payout.delay.map(|d| Bounds {
        figures: exact(f64::from(d.days.get())),
        level: None,
        scale: Some(d.kind.map_or("kind not stated", |k| k.label()).to_string()),
    })
}

fn rule(r: &Option<ContentRule>) -> Option<String> {
    r.as_ref().map(|r| match &r.note {
        Some(note) => format!(
            "{} ({})",
            r.rule.label(),
            note.as_str().trim_end_matches('.')
        ),
        None => r.rule.label().to_string(),
    })
}

/// The commission as one line: range, then the typical range.
fn commission_text(p: &Profile) -> Option<String> {
    let c = &p.commission;
    value_text::join_known(
        [
            value_text::percent_range(&c.rate),
            value_text::percent_range(&c.typical).map(|t| format!("typically {t}")),
        ],
        ", ",
    )
}

/// Payout frequency, day of the month and delay as one line, worded as the sources word them:
/// "monthly, around the 20th of the month, usually after a 60-day locking/validation period".
fn schedule_text(p: &Profile) -> Option<String> {
    value_text::join_known(
        [
            value_text::labels(&p.payout.frequency, Frequency::label),
            p.payout.pay_day.map(|d| d.text()),
            p.payout.delay.map(|d| d.text()),
        ],
        ", ",
    )
}

/// The platform as one line: model, in-house tool and networks.
fn platform_text(p: &Profile) -> Option<String> {
    let t = &p.program;
    value_text::join_known(
        [
            t.platform.map(|m| m.label().to_string()),
            value_text::line(&t.in_house),
            value_text::list(&t.networks).map(|n| format!("also on {n}")),
        ],
        "; ",
    )
}

/// The content rules as one line.
fn content_rules_text(p: &Profile) -> Option<String> {
    value_text::join_known(
        [
            rule(&p.promotion.explicit).map(|r| format!("explicit: {r}")),
            rule(&p.promotion.religious_political).map(|r| format!("religious/political: {r}")),
        ],
        "; ",
    )
}

/// Where the program may be promoted, with its exclusions and their conditions.
fn countries_text(p: &Profile) -> Option<String> {
    let pr = &p.promotion;
    value_text::join_known(
        [
            pr.countries.text(),
            value_text::list(&pr.excluded_countries).map(|x| format!("except {x} in some cases")),
        ],
        ", ",
    )
}

/// Whether affiliates earn from recruits, with the number of tiers: "no, 1 tier".
fn mlm_text(p: &Profile) -> Option<String> {
    let t = &p.program;
    t.mlm.map(|mlm| {
        let tiers = t
            .tiers
            .map(|n| format!(", {}", crate::plural::count(n, "tier")));
        format!(
            "{}{}",
            if mlm { "yes" } else { "no" },
            tiers.unwrap_or_default()
        )
    })
}

/// The cookie's life: its days, or the hours a network gives with the days they make ("36
/// hours (1.5 days)"); both when both are stated and differ.
fn cookie_text(p: &Profile) -> Option<String> {
    let hours = p.cookie.hours.map(Hours::get);
    let days = value_text::days(p.cookie.days);
    match (days, hours) {
        (Some(d), Some(h))
            if p.cookie.days.map(|d| f64::from(d.get()) * 24.0) != Some(f64::from(h)) =>
        {
            Some(format!("{d} ({})", value_text::hours(h)))
        }
        (Some(d), _) => Some(d),
        (None, Some(h)) if h % 24 == 0 => Some(format!(
            "{} ({})",
            value_text::hours(h),
            value_text::days(Days::new(f64::from(h / 24)).ok()).unwrap_or_default()
        )),
        (None, Some(h)) => Some(format!(
            "{} ({} days)",
            value_text::hours(h),
            value_text::number_to(f64::from(h) / 24.0, 2)
        )),
        (None, None) => None,
    }
}

/// The cookie's life in days for ranking: its days, else its hours over 24.
fn cookie_bounds(p: &Profile) -> Option<Bounds> {
    day_bounds(p.cookie.days).or_else(|| {
        p.cookie.hours.map(|h| Bounds {
            figures: exact(f64::from(h.get()) / 24.0),
            ..Bounds::default()
        })
    })
}

/// The measured EPC, per click, with what each network said in its own unit: "£0.47 per
/// click (awin: £0.47 per click)".
fn network_epc_text(p: &Profile) -> Option<String> {
    let epc = value_text::money_range(&p.market.epc)?;
    let said: Vec<String> = p.imports.iter().filter_map(|i| i.epc_text()).collect();
    Some(if said.is_empty() {
        format!("{epc} per click")
    } else {
        format!("{epc} per click ({})", said.join("; "))
    })
}

/// The networks a program was imported from: "awin 1001 (2026-11-28); csv (2026-11-28)".
fn imports_text(p: &Profile) -> Option<String> {
    let each: Vec<String> = p
        .imports
        .iter()
        .map(|i| match &i.program_id {
            Some(id) => format!("{} {} ({})", i.network.as_str(), id.as_str(), i.imported),
            None => format!("{} ({})", i.network.as_str(), i.imported),
        })
        .collect();
    (!each.is_empty()).then(|| each.join("; "))
}

/// A field with every optional part left out: a stored scalar, shown nowhere, not searched.
const BASE: Field = Field {
    path: "",
    key: "",
    label: "",
    unit: Unit::None,
    form: Form::Scalar,
    written: Written::Text,
    required: false,
    text: |_| None,
    items: |_| &[],
    bounds: no_bounds,
    currency: |_| None,
    better: Better::None,
    search: None,
    filter: None,
    section: None,
    compared: false,
    listed: false,
    quiet: false,
};

/// Every field, in the detail pane's reading order within each section; the comparison grid
/// takes the [`Field::compared`] ones in [`COMPARED_ORDER`].
pub const FIELDS: &[Field] = &[
    Field {
        path: "id",
        written: Written::Id,
        required: true,
        key: "id",
        label: "Id",
        text: |p| Some(p.id.to_string()),
        listed: true,
        search: Some(Searched {
            weight: 4,
            label: "id",
        }),
        filter: Some(Filter {
            names: &["name", "nm"],
            test: FilterTest::Scope,
        }),
        ..BASE
    },
    Field {
        path: "name",
        required: true,
        key: "name",
        label: "Name",
        text: |p| Some(p.name.to_string()),
        search: Some(Searched {
            weight: 5,
            label: "name",
        }),
        listed: true,
        filter: Some(Filter {
            names: &["name", "nm"],
            test: FilterTest::Scope,
        }),
        ..BASE
    },
    Field {
        path: "summary",
        key: "summary",
        label: "Summary",
        text: |p| p.summary.as_ref().map(|s| s.to_string()),
        section: Some(Section::Overview),
        ..BASE
    },
    Field {
        path: "owner",
        key: "owner",
        label: "Owner",
        text: |p| value_text::line(&p.owner),
        section: Some(Section::Overview),
        ..BASE
    },
    Field {
        path: "launched",
        written: Written::Whole,
        key: "launched",
        label: "Launched",
        unit: Unit::Year,
        text: |p| p.launched.map(|y| y.get().to_string()),
        section: Some(Section::Overview),
        ..BASE
    },
    Field {
        path: "website",
        key: "website",
        label: "Website",
        text: |p| value_text::line(&p.website),
        section: Some(Section::Overview),
        ..BASE
    },
    Field {
        path: "focus",
        key: "focus",
        label: "Focus",
        form: Form::List,
        text: |p| value_text::list(&p.focus),
        items: |p| &p.focus,
        search: Some(Searched {
            weight: 2,
            label: "focus",
        }),
        section: Some(Section::Overview),
        compared: true,
        listed: true,
        filter: Some(Filter {
            names: &["focus", "fo"],
            test: FilterTest::Scope,
        }),
        ..BASE
    },
    Field {
        path: "industry",
        key: "industry",
        label: "Industry",
        text: |p| value_text::line(&p.industry),
        search: Some(Searched {
            weight: 3,
            label: "industry",
        }),
        section: Some(Section::Overview),
        filter: Some(Filter {
            names: &["industry", "ind"],
            test: FilterTest::Scope,
        }),
        ..BASE
    },
    Field {
        path: "product_types",
        key: "product_types",
        label: "Products",
        form: Form::List,
        text: |p| value_text::list(&p.product_types),
        items: |p| &p.product_types,
        search: Some(Searched {
            weight: 3,
            label: "product type",
        }),
        section: Some(Section::Overview),
        filter: Some(Filter {
            names: &["product", "prod"],
            test: FilterTest::Scope,
        }),
        ..BASE
    },
    Field {
        path: "program.types",
        key: "program_types",
        label: "Program types",
        form: Form::List,
        text: |p| value_text::list(&p.program.types),
        items: |p| &p.program.types,
        section: Some(Section::Overview),
        compared: true,
        search: Some(Searched {
            weight: 2,
            label: "program type",
        }),
        filter: Some(Filter {
            names: &["type", "ty"],
            test: FilterTest::Scope,
        }),
        ..BASE
    },
    Field {
        path: "program.mlm_tiers",
        key: "mlm_tiers",
        label: "MLM / tiers",
        form: Form::Reading(&["program.mlm", "program.tiers"]),
        text: mlm_text,
        section: Some(Section::Overview),
        ..BASE
    },
    Field {
        path: "program.mlm",
        written: Written::Flag,
        key: "mlm",
        label: "MLM",
        text: |p| {
            p.program
                .mlm
                .map(|m| if m { "yes" } else { "no" }.to_string())
        },
        filter: Some(Filter {
            names: &["mlm"],
            test: FilterTest::YesNo,
        }),
        ..BASE
    },
    Field {
        path: "program.tiers",
        written: Written::Whole,
        key: "tiers",
        label: "Tiers",
        unit: Unit::Count,
        text: |p| p.program.tiers.map(|n| n.to_string()),
        ..BASE
    },
    Field {
        path: "niches",
        key: "niches",
        label: "Niches",
        form: Form::List,
        text: |p| value_text::list(&p.niches),
        items: |p| &p.niches,
        search: Some(Searched {
            weight: 4,
            label: "niche",
        }),
        section: Some(Section::Overview),
        filter: Some(Filter {
            names: &["niche", "ni"],
            test: FilterTest::Scope,
        }),
        ..BASE
    },
    Field {
        path: "commission.rate",
        key: "commission",
        label: "Commission",
        unit: Unit::Percent,
        form: Form::PercentRange,
        text: commission_text,
        bounds: |p| percent_bounds(&p.commission.rate),
        better: Better::Higher,
        section: Some(Section::Terms),
        compared: true,
        listed: true,
        filter: Some(Filter {
            names: &["commission", "comm", "c"],
            test: FilterTest::Range,
        }),
        ..BASE
    },
    Field {
        path: "commission.typical",
        key: "typical_commission",
        label: "Typical commission",
        unit: Unit::Percent,
        form: Form::PercentRange,
        text: |p| value_text::percent_range(&p.commission.typical),
        bounds: |p| percent_bounds(&p.commission.typical),
        better: Better::Higher,
        ..BASE
    },
    Field {
        path: "commission.structure",
        written: Written::Word(|| words_of(&CommissionBasis::ALL)),
        key: "commission_structure",
        label: "Structure",
        form: Form::List,
        text: |p| value_text::labels(&p.commission.structure, CommissionBasis::label),
        section: Some(Section::Terms),
        ..BASE
    },
    Field {
        path: "commission.bonuses",
        key: "bonuses",
        label: "Bonuses",
        text: |p| value_text::line(&p.commission.bonuses),
        section: Some(Section::Terms),
        ..BASE
    },
    Field {
        path: "commission.recurring_months",
        written: Written::Whole,
        quiet: true,
        key: "recurring_months",
        label: "Recurring",
        unit: Unit::Months,
        text: |p| {
            p.commission.recurring_months.map(|m| match m.get() {
                0 => "not recurring".to_string(),
                n => format!("for {}", crate::plural::count(n, "month")),
            })
        },
        bounds: |p| {
            p.commission.recurring_months.map(|m| Bounds {
                figures: exact(f64::from(m.get())),
                ..Bounds::default()
            })
        },
        better: Better::Higher,
        section: Some(Section::Terms),
        compared: true,
        filter: Some(Filter {
            names: &["recurring", "rec"],
            test: FilterTest::Range,
        }),
        ..BASE
    },
    Field {
        path: "commission.note",
        key: "commission_note",
        label: "commission",
        text: |p| value_text::line(&p.commission.note),
        section: Some(Section::Notes),
        ..BASE
    },
    Field {
        path: "cookie.days",
        written: Written::Whole,
        key: "cookie_days",
        label: "Cookie",
        unit: Unit::Days,
        text: cookie_text,
        bounds: cookie_bounds,
        better: Better::Higher,
        section: Some(Section::Terms),
        compared: true,
        listed: true,
        filter: Some(Filter {
            names: &["cookie", "ck"],
            test: FilterTest::Range,
        }),
        ..BASE
    },
    // Shown through `cookie.days`, which reads the hours where no days are stated.
    Field {
        path: "cookie.hours",
        written: Written::Whole,
        key: "cookie_hours",
        label: "Cookie (hours)",
        unit: Unit::Hours,
        text: |p| p.cookie.hours.map(|h| value_text::hours(h.get())),
        ..BASE
    },
    Field {
        path: "cookie.note",
        key: "cookie_note",
        label: "cookie",
        text: |p| value_text::line(&p.cookie.note),
        section: Some(Section::Notes),
        ..BASE
    },
    Field {
        path: "payout.minimum",
        key: "minimum_payout",
        label: "Minimum payout",
        unit: Unit::Money,
        form: Form::Threshold,
        text: |p| value_text::money_range(&p.payout.minimum),
        bounds: |p| money_bounds(&p.payout.minimum),
        currency: |p| p.payout.minimum.currency.as_ref(),
        better: Better::Lower,
        section: Some(Section::Terms),
        compared: true,
        listed: true,
        filter: Some(Filter {
            names: &["payout", "minpay"],
            test: FilterTest::Range,
        }),
        ..BASE
    },
    Field {
        path: "payout.fee",
        key: "withdrawal_fee",
        label: "Withdrawal fee",
        unit: Unit::Money,
        form: Form::MoneyRange,
        text: |p| value_text::fee(&p.payout.fee),
        bounds: |p| money_bounds(&p.payout.fee),
        currency: |p| p.payout.fee.currency.as_ref(),
        better: Better::Lower,
        section: Some(Section::Terms),
        compared: true,
        filter: Some(Filter {
            names: &["withdrawal", "wfee"],
            test: FilterTest::Range,
        }),
        ..BASE
    },
    Field {
        path: "payout.schedule",
        key: "payout_schedule",
        label: "Payout schedule",
        form: Form::Reading(&["payout.frequency", "payout.pay_day", "payout.delay"]),
        text: schedule_text,
        section: Some(Section::Terms),
        ..BASE
    },
    Field {
        path: "payout.frequency",
        written: Written::Word(|| words_of(&Frequency::ALL)),
        key: "payout_frequency",
        label: "Payout frequency",
        form: Form::List,
        text: |p| value_text::labels(&p.payout.frequency, Frequency::label),
        compared: true,
        ..BASE
    },
    Field {
        path: "payout.pay_day",
        key: "pay_day",
        label: "Pay day",
        form: Form::PayDay,
        text: |p| p.payout.pay_day.map(|d| d.text()),
        ..BASE
    },
    Field {
        path: "payout.delay",
        key: "payout_delay",
        label: "Payout delay",
        unit: Unit::Days,
        form: Form::Delay,
        text: |p| p.payout.delay.map(|d| d.text()),
        bounds: delay_bounds,
        better: Better::Lower,
        compared: true,
        filter: Some(Filter {
            names: &["delay"],
            test: FilterTest::Range,
        }),
        ..BASE
    },
    // The older form, `delay_days = 60`: still read (as a delay whose kind is not stated), so
    // it stays a known key; it is shown through `payout.delay`.
    Field {
        path: "payout.delay_days",
        written: Written::Whole,
        key: "payout_delay_days",
        label: "Payout delay",
        unit: Unit::Days,
        ..BASE
    },
    Field {
        path: "payout.methods",
        key: "payout_methods",
        label: "Payout methods",
        form: Form::List,
        text: |p| value_text::list(&p.payout.methods),
        items: |p| &p.payout.methods,
        section: Some(Section::Terms),
        compared: true,
        search: Some(Searched {
            weight: 2,
            label: "payout method",
        }),
        filter: Some(Filter {
            names: &["method", "pay"],
            test: FilterTest::Scope,
        }),
        ..BASE
    },
    Field {
        path: "payout.note",
        key: "payout_note",
        label: "payout",
        text: |p| value_text::line(&p.payout.note),
        section: Some(Section::Notes),
        ..BASE
    },
    Field {
        path: "market.entry_fee",
        key: "entry_fee",
        label: "Entry fee",
        unit: Unit::Money,
        form: Form::MoneyRange,
        text: |p| value_text::fee(&p.market.entry_fee),
        bounds: |p| money_bounds(&p.market.entry_fee),
        currency: |p| p.market.entry_fee.currency.as_ref(),
        better: Better::Lower,
        section: Some(Section::Terms),
        compared: true,
        filter: Some(Filter {
            names: &["fee", "entry"],
            test: FilterTest::Free,
        }),
        ..BASE
    },
    Field {
        path: "market.average_order",
        key: "average_order",
        label: "Average order",
        unit: Unit::Money,
        form: Form::MoneyRange,
        text: |p| value_text::money_range(&p.market.average_order),
        bounds: |p| money_bounds(&p.market.average_order),
        currency: |p| p.market.average_order.currency.as_ref(),
        better: Better::Higher,
        section: Some(Section::Terms),
        compared: true,
        filter: Some(Filter {
            names: &["aov", "order"],
            test: FilterTest::Range,
        }),
        ..BASE
    },
    Field {
        path: "market.conversion",
        key: "conversion",
        label: "Conversion",
        unit: Unit::Percent,
        form: Form::PercentRange,
        text: |p| value_text::percent_range(&p.market.conversion),
        bounds: |p| percent_bounds(&p.market.conversion),
        better: Better::Higher,
        section: Some(Section::Terms),
        compared: true,
        filter: Some(Filter {
            names: &["conversion", "cr"],
            test: FilterTest::Range,
        }),
        ..BASE
    },
    Field {
        path: "market.epc",
        quiet: true,
        key: "network_epc",
        label: "EPC (network)",
        unit: Unit::Money,
        form: Form::MoneyRange,
        text: network_epc_text,
        bounds: |p| money_bounds(&p.market.epc),
        currency: |p| p.market.epc.currency.as_ref(),
        better: Better::Higher,
        section: Some(Section::Terms),
        compared: true,
        filter: Some(Filter {
            names: &["epc"],
            test: FilterTest::Range,
        }),
        ..BASE
    },
    Field {
        path: "market.approval",
        quiet: true,
        key: "approval",
        label: "Approval",
        unit: Unit::Percent,
        form: Form::PercentRange,
        text: |p| value_text::percent_range(&p.market.approval),
        bounds: |p| percent_bounds(&p.market.approval),
        better: Better::Higher,
        section: Some(Section::Terms),
        compared: true,
        filter: Some(Filter {
            names: &["approval", "appr"],
            test: FilterTest::Range,
        }),
        ..BASE
    },
    Field {
        path: "market.note",
        key: "market_note",
        label: "market",
        text: |p| value_text::line(&p.market.note),
        section: Some(Section::Notes),
        ..BASE
    },
    Field {
        path: "promotion.materials",
        key: "materials",
        label: "Materials",
        form: Form::List,
        text: |p| value_text::list(&p.promotion.materials),
        items: |p| &p.promotion.materials,
        section: Some(Section::Promotion),
        compared: true,
        search: Some(Searched {
            weight: 2,
            label: "material",
        }),
        filter: Some(Filter {
            names: &["material", "mat"],
            test: FilterTest::Scope,
        }),
        ..BASE
    },
    Field {
        path: "promotion.traffic_sources",
        key: "traffic_sources",
        label: "Traffic sources",
        form: Form::List,
        text: |p| value_text::list(&p.promotion.traffic_sources),
        items: |p| &p.promotion.traffic_sources,
        section: Some(Section::Promotion),
        compared: true,
        search: Some(Searched {
            weight: 2,
            label: "traffic source",
        }),
        filter: Some(Filter {
            names: &["traffic", "tr"],
            test: FilterTest::Scope,
        }),
        ..BASE
    },
    Field {
        path: "promotion.countries",
        key: "countries",
        label: "Countries",
        form: Form::Countries,
        text: countries_text,
        section: Some(Section::Promotion),
        compared: true,
        search: Some(Searched {
            weight: 1,
            label: "countries",
        }),
        ..BASE
    },
    Field {
        path: "promotion.excluded_countries",
        key: "excluded_countries",
        label: "Excluded countries",
        form: Form::List,
        text: |p| value_text::list(&p.promotion.excluded_countries),
        items: |p| &p.promotion.excluded_countries,
        filter: Some(Filter {
            names: &["country", "cc"],
            test: FilterTest::NotListed("promotion.countries"),
        }),
        ..BASE
    },
    Field {
        path: "promotion.countries_note",
        key: "countries_note",
        label: "countries",
        text: |p| value_text::line(&p.promotion.countries_note),
        section: Some(Section::Notes),
        ..BASE
    },
    Field {
        path: "promotion.explicit",
        key: "explicit_content",
        label: "Explicit content",
        form: Form::ContentRule,
        text: |p| rule(&p.promotion.explicit),
        section: Some(Section::Promotion),
        ..BASE
    },
    Field {
        path: "promotion.religious_political",
        key: "religious_political_content",
        label: "Religious/political",
        form: Form::ContentRule,
        text: |p| rule(&p.promotion.religious_political),
        section: Some(Section::Promotion),
        ..BASE
    },
    Field {
        path: "promotion.content_rules",
        key: "content_rules",
        label: "Content rules",
        form: Form::Reading(&["promotion.explicit", "promotion.religious_political"]),
        text: content_rules_text,
        compared: true,
        ..BASE
    },
    Field {
        path: "audiences",
        key: "audiences",
        label: "Audiences",
        form: Form::Audiences,
        text: |p| {
            let kinds: Vec<&str> = p.audiences.iter().map(|a| a.kind.label()).collect();
            (!kinds.is_empty()).then(|| kinds.join(", "))
        },
        section: Some(Section::Audiences),
        ..BASE
    },
    Field {
        path: "audiences.kind",
        written: Written::Word(|| words_of(&AudienceKind::ALL)),
        required: true,
        key: "audience_kind",
        label: "Audience",
        search: Some(Searched {
            weight: 2,
            label: "audience",
        }),
        filter: Some(Filter {
            names: &["audience", "aud", "a"],
            test: FilterTest::Scope,
        }),
        ..BASE
    },
    Field {
        path: "audiences.niches",
        key: "audience_niches",
        label: "Audience niches",
        form: Form::List,
        search: Some(Searched {
            weight: 4,
            label: "audience niche",
        }),
        filter: Some(Filter {
            names: &["niche", "ni", "audience", "aud", "a"],
            test: FilterTest::Scope,
        }),
        ..BASE
    },
    Field {
        path: "audiences.suits",
        key: "audience_suits",
        label: "Suits",
        ..BASE
    },
    Field {
        path: "program.platform",
        written: Written::Word(|| words_of(&PlatformModel::ALL)),
        key: "platform_model",
        label: "Model",
        text: |p| p.program.platform.map(|m| m.label().to_string()),
        section: Some(Section::Platform),
        search: Some(Searched {
            weight: 1,
            label: "platform",
        }),
        filter: Some(Filter {
            names: &["platform", "pf"],
            test: FilterTest::Scope,
        }),
        ..BASE
    },
    Field {
        path: "program.platform_summary",
        key: "platform",
        label: "Platform",
        form: Form::Reading(&["program.platform", "program.in_house", "program.networks"]),
        text: platform_text,
        compared: true,
        ..BASE
    },
    Field {
        path: "program.in_house",
        key: "in_house",
        label: "In-house tool",
        text: |p| value_text::line(&p.program.in_house),
        section: Some(Section::Platform),
        search: Some(Searched {
            weight: 2,
            label: "in-house tool",
        }),
        filter: Some(Filter {
            names: &["platform", "pf"],
            test: FilterTest::Scope,
        }),
        ..BASE
    },
    Field {
        path: "program.portal",
        key: "portal",
        label: "Portal",
        text: |p| value_text::line(&p.program.portal),
        section: Some(Section::Platform),
        ..BASE
    },
    Field {
        path: "program.networks",
        key: "networks",
        label: "Networks",
        form: Form::List,
        text: |p| value_text::list(&p.program.networks),
        items: |p| &p.program.networks,
        section: Some(Section::Platform),
        search: Some(Searched {
            weight: 2,
            label: "network",
        }),
        filter: Some(Filter {
            names: &["platform", "pf", "network", "net"],
            test: FilterTest::Scope,
        }),
        ..BASE
    },
    Field {
        path: "program.former_networks",
        key: "former_networks",
        label: "Formerly on",
        form: Form::List,
        text: |p| value_text::list(&p.program.former_networks),
        items: |p| &p.program.former_networks,
        section: Some(Section::Platform),
        ..BASE
    },
    Field {
        path: "alternatives",
        written: Written::Id,
        key: "alternatives",
        label: "Compared with",
        form: Form::List,
        text: |p| {
            let ids: Vec<&str> = p.alternatives.iter().map(|a| a.as_str()).collect();
            (!ids.is_empty()).then(|| ids.join(", "))
        },
        section: Some(Section::Platform),
        ..BASE
    },
    Field {
        path: "notes",
        key: "notes",
        label: "Notes",
        form: Form::Notes,
        ..BASE
    },
    Field {
        path: "sources",
        key: "sources",
        label: "sources",
        form: Form::List,
        written: Written::Source,
        text: |p| {
            let names: Vec<&str> = p.sources.iter().map(|s| s.name()).collect();
            (!names.is_empty()).then(|| names.join(", "))
        },
        section: Some(Section::Notes),
        ..BASE
    },
    Field {
        path: "imports",
        quiet: true,
        key: "imports",
        label: "Imported from",
        form: Form::Imports,
        text: imports_text,
        section: Some(Section::Platform),
        ..BASE
    },
    Field {
        path: "imports.network",
        required: true,
        key: "import_network",
        label: "Network",
        ..BASE
    },
    Field {
        path: "imports.program_id",
        key: "import_program_id",
        label: "Id at the network",
        ..BASE
    },
    Field {
        path: "imports.imported",
        written: Written::Date,
        required: true,
        key: "import_date",
        label: "Imported",
        ..BASE
    },
    Field {
        path: "imports.epc",
        key: "import_epc",
        label: "EPC as the network gives it",
        unit: Unit::Money,
        form: Form::MoneyRange,
        ..BASE
    },
    Field {
        path: "imports.epc_per_clicks",
        written: Written::Whole,
        key: "import_epc_per_clicks",
        label: "Clicks the EPC is counted per",
        unit: Unit::Clicks,
        ..BASE
    },
    Field {
        path: "imports.epc_window",
        key: "import_epc_window",
        label: "Period the EPC was measured over",
        ..BASE
    },
    // The rows worked out for the user (see [`Derived`]); they come last because they read
    // the fields above.
    Field {
        path: "derived.per_click",
        key: "per_click",
        label: "EPC (per click)",
        unit: Unit::Money,
        form: Form::Derived(
            Derived::PerClick,
            &[
                "market.conversion",
                "market.average_order",
                "commission.rate",
            ],
        ),
        better: Better::Higher,
        compared: true,
        ..BASE
    },
    Field {
        path: "derived.per_1000_clicks",
        key: "per_1000_clicks",
        label: "Per 1,000 clicks",
        unit: Unit::Money,
        form: Form::Derived(
            Derived::PerThousand,
            &[
                "market.conversion",
                "market.average_order",
                "commission.rate",
            ],
        ),
        better: Better::Higher,
        compared: true,
        ..BASE
    },
    Field {
        path: "derived.monthly_earnings",
        key: "monthly_earnings",
        label: "Monthly earnings",
        unit: Unit::Money,
        form: Form::Derived(
            Derived::PerMonth,
            &[
                "market.conversion",
                "market.average_order",
                "commission.rate",
            ],
        ),
        better: Better::Higher,
        compared: true,
        ..BASE
    },
    Field {
        path: "derived.effective_minimum",
        key: "effective_minimum",
        label: "Effective minimum",
        unit: Unit::Money,
        form: Form::Derived(Derived::EffectiveMinimum, &["payout.minimum", "payout.fee"]),
        better: Better::Lower,
        compared: true,
        ..BASE
    },
    Field {
        path: "derived.days_to_first_payout",
        key: "days_to_first_payout",
        label: "First payout",
        unit: Unit::Days,
        form: Form::Derived(
            Derived::DaysToPayout,
            &[
                "payout.minimum",
                "payout.fee",
                "payout.delay",
                "payout.pay_day",
                "payout.frequency",
            ],
        ),
        better: Better::Lower,
        compared: true,
        ..BASE
    },
    Field {
        path: "derived.eligibility",
        key: "eligibility",
        label: "Eligible",
        unit: Unit::Verdict,
        form: Form::Derived(
            Derived::Eligibility,
            &[
                "promotion.countries",
                "promotion.traffic_sources",
                "promotion.explicit",
                "promotion.religious_political",
            ],
        ),
        better: Better::Higher,
        compared: true,
        ..BASE
    },
];

/// The terms a reader weighs first, by key: the detail pane opens with them, one line each,
/// before the long summary (their notes follow in the Terms section).
pub const KEY_TERMS: &[&str] = &[
    "commission",
    "cookie_days",
    "minimum_payout",
    "payout_frequency",
    "conversion",
    "average_order",
];

/// The value columns of the explorer's program list, by key, most wanted first: after the
/// name and the focus (or what a query matched), as many as the pane has room for.
pub const LIST_VIEW_COLUMNS: &[&str] = &[
    "commission",
    "cookie_days",
    "program_types",
    "payout_frequency",
    "average_order",
    "conversion",
    "minimum_payout",
];

/// The fields of [`LIST_VIEW_COLUMNS`], in its order.
pub fn list_view_columns() -> impl Iterator<Item = &'static Field> {
    LIST_VIEW_COLUMNS.iter().filter_map(|key| by_key(key))
}

/// The fields of [`KEY_TERMS`], in its order.
pub fn key_terms() -> impl Iterator<Item = &'static Field> {
    KEY_TERMS.iter().filter_map(|key| by_key(key))
}

/// The comparison rows in the order the grid shows them, by key: terms first, then what may
/// be promoted, then the platform.
pub const COMPARED_ORDER: &[&str] = &[
    "commission",
    "cookie_days",
    "minimum_payout",
    "withdrawal_fee",
    "payout_frequency",
    "payout_delay",
    "payout_methods",
    "average_order",
    "conversion",
    "entry_fee",
    "network_epc",
    "approval",
    "recurring_months",
    "per_click",
    "per_1000_clicks",
    "monthly_earnings",
    "effective_minimum",
    "days_to_first_payout",
    "eligibility",
    "focus",
    "program_types",
    "materials",
    "traffic_sources",
    "countries",
    "content_rules",
    "platform",
];

/// How strongly the field at `path` is searched (0 when it is not): usable in constants, so
/// the search index's per-kind weights are computed from this table at compile time.
pub const fn search_weight(path: &str) -> i64 {
    let mut i = 0;
    while i < FIELDS.len() {
        if same(FIELDS[i].path, path) {
            return match FIELDS[i].search {
                Some(s) => s.weight,
                None => 0,
            };
        }
        i += 1;
    }
    0
}

const fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// One part of a field in a flat table (CSV): its text, or one of its figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// The value as it reads ("3–9%").
    Text,
    /// A plain number (a count of days).
    Number,
    /// The lowest figure stated.
    Min,
    /// The highest figure stated.
    Max,
    /// The amount ranked on (the lowest stated), without its currency.
    Amount,
    /// The currency code.
    Currency,
}

/// A column of a flat table: one part of one field.
#[derive(Clone, Copy)]
pub struct Column {
    /// The field it reads.
    pub field: &'static Field,
    /// Which part of it.
    pub part: Part,
}

impl Column {
    /// The header: the field's key, with the part after it (`commission_min`).
    pub fn header(&self) -> String {
        let key = self.field.key;
        match self.part {
            Part::Text | Part::Number => key.to_string(),
            Part::Min => format!("{key}_min"),
            Part::Max => format!("{key}_max"),
            Part::Amount => format!("{key}_amount"),
            Part::Currency => format!("{key}_currency"),
        }
    }

    /// The cell for `p`; empty when unknown.
    pub fn value(&self, p: &Profile) -> String {
        let number = |v: Option<f64>| v.map(value_text::number).unwrap_or_default();
        let bounds = (self.field.bounds)(p);
        match self.part {
            Part::Text => (self.field.text)(p).unwrap_or_default(),
            Part::Number | Part::Min => number(bounds.and_then(|b| b.figures.low)),
            Part::Max => number(bounds.and_then(|b| b.figures.high)),
            Part::Amount => number(bounds.and_then(|b| b.figures.low.or(b.figures.high))),
            Part::Currency => (self.field.currency)(p)
                .map(|c| c.as_str().to_string())
                .unwrap_or_default(),
        }
    }
}

/// The columns of `affex list --format csv`: each listed field, as text and as figures.
pub fn list_columns() -> Vec<Column> {
    let mut columns = Vec::new();
    for field in FIELDS.iter().filter(|f| f.listed) {
        let parts: &[Part] = match (field.form, field.unit) {
            (Form::PercentRange, _) => &[Part::Text, Part::Min, Part::Max],
            (Form::MoneyRange | Form::Threshold, _) => &[Part::Text, Part::Amount, Part::Currency],
            (_, Unit::Days | Unit::Year | Unit::Count) => &[Part::Number],
            _ => &[Part::Text],
        };
        columns.extend(parts.iter().map(|&part| Column { field, part }));
    }
    columns
}

/// The value of the field with `key` in `p` as the lists show it, with its `*` and `†` (see
/// [`Field::flagged_text`]); `None` when unknown or when no field has that key.
pub fn flagged(key: &str, p: &Profile) -> Option<String> {
    by_key(key).and_then(|f| f.flagged_text(p))
}

/// Every field a query can name, with its filter.
pub fn filterable() -> impl Iterator<Item = (&'static Field, &'static Filter)> {
    FIELDS
        .iter()
        .filter_map(|f| f.filter.as_ref().map(|filter| (f, filter)))
}

/// The filter names a query knows, each once, in table order (`niche`, `commission`…).
pub fn filter_names() -> Vec<&'static str> {
    let mut names: Vec<&'static str> = Vec::new();
    for (_, filter) in filterable() {
        if let Some(&name) = filter.names.first()
            && !names.contains(&name)
        {
            names.push(name);
        }
    }
    names
}

/// The fields a query names by `name` (a filter name or alias, any case).
pub fn by_filter_name(name: &str) -> Vec<(&'static Field, &'static Filter)> {
    filterable()
        .filter(|(_, filter)| filter.names.iter().any(|n| n.eq_ignore_ascii_case(name)))
        .collect()
}

/// The fields `affex list --sort` and the app's sort can order by: those with a figure and a
/// better direction.
pub fn sortable() -> impl Iterator<Item = &'static Field> {
    FIELDS.iter().filter(|f| f.better != Better::None)
}

/// The field at `path`, if there is one.
pub fn by_path(path: &str) -> Option<&'static Field> {
    FIELDS.iter().find(|f| f.path == path)
}

/// The field with output key `key`, if there is one.
pub fn by_key(key: &str) -> Option<&'static Field> {
    FIELDS.iter().find(|f| f.key == key)
}

/// The fields of the comparison grid, in its order.
pub fn compared() -> impl Iterator<Item = &'static Field> {
    COMPARED_ORDER.iter().filter_map(|key| by_key(key))
}

/// The fields shown in `section`, in reading order.
pub fn in_section(section: Section) -> impl Iterator<Item = &'static Field> {
    FIELDS.iter().filter(move |f| f.section == Some(section))
}

/// The stored fields (every field but the readings and the derived rows).
pub fn stored() -> impl Iterator<Item = &'static Field> {
    FIELDS
        .iter()
        .filter(|f| !matches!(f.form, Form::Reading(_) | Form::Derived(..)))
}

/// True when a note may name `path`: a stored field, or a table that holds stored fields
/// (`payout` for the whole payout section).
pub fn is_note_path(path: &str) -> bool {
    stored().any(|f| {
        f.path == path
            || f.path
                .strip_prefix(path)
                .is_some_and(|rest| rest.starts_with('.'))
    })
}

/// Every path a note may name: the stored fields and the tables that hold them.
pub fn note_paths() -> Vec<&'static str> {
    let mut paths: Vec<&'static str> = Vec::new();
    for f in stored() {
        if let Some((table, _)) = f.path.split_once('.')
            && !paths.contains(&table)
        {
            paths.push(table);
        }
        paths.push(f.path);
    }
    paths
}

/// A key a profile may hold, with the shape of its value and its full path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KnownKey {
    /// The key as written (`days`).
    pub key: &'static str,
    /// What its value is.
    pub shape: KeyShape,
    /// Its path from the top of a profile (`cookie.days`).
    pub path: &'static str,
}

/// The path `prefix.key` as a `'static` string taken from the table: the path of a field, or
/// the leading part of one (`payout` out of `payout.minimum`).
fn static_path(prefix: &str, key: &str) -> Option<&'static str> {
    let joined = if prefix.is_empty() {
        key.to_string()
    } else {
        format!("{prefix}.{key}")
    };
    stored().find_map(|f| {
        let head = f.path.get(..joined.len())?;
        let whole =
            f.path.len() == joined.len() || f.path.as_bytes().get(joined.len()) == Some(&b'.');
        (head == joined && whole).then_some(head)
    })
}

/// The keys a profile may hold directly under `prefix` ("" for the top level, `payout`,
/// `commission.rate`, `audiences`), each with the shape of its value. Derived from the field
/// table, so a new field is a known key the moment it is in [`FIELDS`]; the keys inside a range
/// or rule come from its [`Form`].
pub fn keys_under(prefix: &str) -> Vec<KnownKey> {
    let mut keys: Vec<KnownKey> = Vec::new();
    let mut add = |key: &'static str, shape: KeyShape| {
        if !keys.iter().any(|k| k.key == key)
            && let Some(path) = static_path(prefix, key)
        {
            keys.push(KnownKey { key, shape, path });
        }
    };
    if let Some(field) = stored().find(|f| f.path == prefix) {
        for key in field.form.inner_keys() {
            // Keys inside a range or rule are values; their paths are the field's own. A key
            // of an entry that is a field of its own table (`imports.epc`) keeps its shape.
            let own = static_path(field.path, key)
                .and_then(by_path)
                .filter(|inner| inner.form.shape() != KeyShape::Value);
            keys.push(match own {
                Some(inner) => KnownKey {
                    key,
                    shape: inner.form.shape(),
                    path: inner.path,
                },
                None => KnownKey {
                    key,
                    shape: KeyShape::Value,
                    path: field.path,
                },
            });
        }
        return keys;
    }
    for f in stored() {
        let rest = if prefix.is_empty() {
            Some(f.path)
        } else {
            f.path
                .strip_prefix(prefix)
                .and_then(|r| r.strip_prefix('.'))
        };
        let Some(rest) = rest else { continue };
        match rest.split_once('.') {
            None => add(rest, f.form.shape()),
            // A field below a table-array entry (`audiences.kind`) is one of that entry's keys,
            // listed by its form; a field below a plain table makes that table a key here.
            Some((table, _)) => {
                let holder = stored().find(|h| {
                    h.path.strip_suffix(table).is_some_and(|head| {
                        head.is_empty() && prefix.is_empty()
                            || head.strip_suffix('.') == Some(prefix)
                    })
                });
                add(table, holder.map_or(KeyShape::Table, |h| h.form.shape()));
            }
        }
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_columns_split_ranges_into_figures() {
        let headers: Vec<String> = list_columns().iter().map(Column::header).collect();
        assert_eq!(
            headers,
            [
                "id",
                "name",
                "focus",
                "commission",
                "commission_min",
                "commission_max",
                "cookie_days",
                "minimum_payout",
                "minimum_payout_amount",
                "minimum_payout_currency"
            ]
        );
        let p: Profile = toml::from_str(
            "id = \"x\"\nname = \"X\"\n[cookie]\ndays = 3\n[payout]\nminimum = { min = 16, currency = \"USD\" }\n",
        )
        .expect("valid");
        let values: Vec<String> = list_columns().iter().map(|c| c.value(&p)).collect();
        assert_eq!(values, ["x", "X", "", "", "", "", "3", "$16+", "16", "USD"]);
    }

    #[test]
    fn paths_and_keys_are_unique() {
        for (i, f) in FIELDS.iter().enumerate() {
            for g in &FIELDS[i + 1..] {
                assert_ne!(f.path, g.path, "path written twice");
                assert_ne!(f.key, g.key, "key written twice");
            }
        }
    }

    #[test]
    fn every_compared_key_names_a_compared_field_and_back() {
        for key in COMPARED_ORDER {
            assert!(by_key(key).is_some_and(|f| f.compared), "{key}");
        }
        for f in FIELDS.iter().filter(|f| f.compared) {
            assert!(COMPARED_ORDER.contains(&f.key), "{} missing", f.key);
        }
    }

    #[test]
    fn readings_name_stored_fields() {
        for f in FIELDS {
            if let Form::Reading(parts) | Form::Derived(_, parts) = f.form {
                for part in parts {
                    assert!(
                        by_path(part).is_some_and(|p| !matches!(p.form, Form::Reading(_))),
                        "{} reads {part}",
                        f.path
                    );
                }
            }
        }
    }

    #[test]
    fn ranked_fields_have_a_unit_and_a_direction() {
        for f in FIELDS.iter().filter(|f| f.better != Better::None) {
            assert_ne!(f.unit, Unit::None, "{}", f.path);
        }
    }

    #[test]
    fn the_top_level_keys_are_the_profile_format() {
        let keys: Vec<&str> = keys_under("").into_iter().map(|k| k.key).collect();
        assert_eq!(
            keys,
            [
                "id",
                "name",
                "summary",
                "owner",
                "launched",
                "website",
                "focus",
                "industry",
                "product_types",
                "program",
                "niches",
                "commission",
                "cookie",
                "payout",
                "market",
                "promotion",
                "audiences",
                "alternatives",
                "notes",
                "sources",
                "imports"
            ]
        );
        let shape = |prefix: &str, key: &str| {
            keys_under(prefix)
                .into_iter()
                .find(|k| k.key == key)
                .map(|k| (k.shape, k.path))
        };
        assert_eq!(
            shape("", "audiences"),
            Some((KeyShape::TableArray, "audiences"))
        );
        assert_eq!(shape("", "payout"), Some((KeyShape::Table, "payout")));
        assert_eq!(
            shape("payout", "minimum"),
            Some((KeyShape::Table, "payout.minimum"))
        );
        assert_eq!(
            shape("cookie", "days"),
            Some((KeyShape::Value, "cookie.days"))
        );
        assert_eq!(
            shape("commission", "rate"),
            Some((KeyShape::Table, "commission.rate"))
        );
    }

    #[test]
    fn nested_keys_come_from_the_paths_and_forms() {
        let names =
            |prefix: &str| -> Vec<&str> { keys_under(prefix).into_iter().map(|k| k.key).collect() };
        assert_eq!(
            names("payout"),
            [
                "minimum",
                "fee",
                "frequency",
                "pay_day",
                "delay",
                "delay_days",
                "methods",
                "note"
            ]
        );
        assert_eq!(
            names("payout.minimum"),
            [
                "min",
                "max",
                "currency",
                "level",
                "approx",
                "open_top",
                "no_minimum"
            ]
        );
        assert_eq!(names("payout.delay"), ["days", "kind", "usually"]);
        assert_eq!(names("audiences"), ["kind", "suits", "niches"]);
        assert_eq!(
            names("notes"),
            ["field", "kind", "text", "other_value", "sources"]
        );
        assert_eq!(names("promotion.explicit"), ["rule", "note"]);
    }

    #[test]
    fn notes_may_name_fields_and_their_tables_but_not_typos() {
        for ok in [
            "cookie.days",
            "payout",
            "payout.minimum",
            "promotion.explicit",
        ] {
            assert!(is_note_path(ok), "{ok}");
        }
        for bad in [
            "cookie.dayz",
            "payout.",
            "",
            "pay",
            "promotion.content_rules",
        ] {
            assert!(!is_note_path(bad), "{bad}");
        }
    }
}
