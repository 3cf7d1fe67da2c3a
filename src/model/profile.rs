//! The profile and its sections, as the TOML format lays them out.

use serde::de::Deserializer;
use serde::{Deserialize, Serialize};

use super::visitors::StrVisitor;
use super::*;

/// A note's `field`: a path the field table knows (a field, or a table of fields such as
/// `payout`), so its marker can show beside the value; anything else is an error that names
/// the closest path.
fn note_field<'de, D: Deserializer<'de>>(d: D) -> Result<Line, D::Error> {
    d.deserialize_str(StrVisitor(
        |raw: &str| {
            if fields::is_note_path(raw) {
                return Ok(Line::new(raw));
            }
            let paths = fields::note_paths();
            let hint = crate::suggest::closest(raw, paths.iter().copied())
                .map(|p| format!("; did you mean `{p}`?"))
                .unwrap_or_else(|| {
                    " (a field's path such as `cookie.days` or `payout.minimum`, as listed in FORMAT.md)"
                        .to_string()
                });
            Err(format!(
                "expected the path of a field, found {:?}{hint}",
                crate::sanitize::sanitize_line(raw)
            ))
        },
        "a field path such as \"cookie.days\"",
    ))
}

/// The kind of business, its products and whom it suits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Profile {
    /// Unique slug.
    pub id: ProgramId,
    /// The program's name as people know it; never blank once sanitized.
    #[serde(deserialize_with = "super::text::program_name")]
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
    #[serde(default, skip_serializing_if = "is_empty_list")]
    pub focus: List<Line>,
    /// The industry the business is in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub industry: Option<Line>,
    /// What is sold.
    #[serde(default, skip_serializing_if = "is_empty_list")]
    pub product_types: List<Line>,
    /// Subjects and audiences the program suits: what people search for.
    #[serde(default, skip_serializing_if = "is_empty_list")]
    pub niches: List<Line>,
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
    #[serde(default, skip_serializing_if = "is_empty_list")]
    pub audiences: List<Audience>,
    /// Ids of the programs the source compares this one with.
    #[serde(default, skip_serializing_if = "is_empty_list")]
    pub alternatives: List<ProgramId>,
    /// Caveats and contradictions, each tied to a field.
    #[serde(default, skip_serializing_if = "is_empty_list")]
    pub notes: List<Note>,
    /// The source documents the facts came from.
    #[serde(default, skip_serializing_if = "is_empty_list")]
    pub sources: List<Source>,
    /// One entry per network this program was imported from (`affex import`).
    #[serde(default, skip_serializing_if = "is_empty_list")]
    pub imports: List<Imported>,
}

/// What one network says about the program, as `affex import` last read it: where, when, and
/// the network's EPC in its own unit and window.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Imported {
    /// The network (`awin`, `cj`, `admitad`, `csv` for a spreadsheet).
    pub network: Line,
    /// The program's id at the network.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub program_id: Option<Line>,
    /// The date of the import that last changed this entry.
    pub imported: ImportDate,
    /// The network's EPC as it gives it, in its currency (see `epc_per_clicks`).
    #[serde(default, skip_serializing_if = "MoneyRange::is_unknown")]
    pub epc: MoneyRange,
    /// How many clicks `epc` is counted per (1 for Awin, 100 for CJ).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub epc_per_clicks: Option<PerClicks>,
    /// The period `epc` was measured over ("7 days", "3 months").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub epc_window: Option<Line>,
}

impl Imported {
    /// The network's EPC as it states it: "Awin: £0.47 per click", "cj: $12.40 per 100
    /// clicks, 3 months"; `None` when it gave none.
    pub fn epc_text(&self) -> Option<String> {
        let amount = crate::value_text::money_range(&self.epc)?;
        let per = match self.epc_per_clicks.map_or(1, PerClicks::get) {
            1 => "per click".to_string(),
            n => format!("per {} clicks", crate::value_text::number(f64::from(n))),
        };
        let window = self
            .epc_window
            .as_ref()
            .map(|w| format!(", {}", w.as_str()))
            .unwrap_or_default();
        Some(format!("{}: {amount} {per}{window}", self.network.as_str()))
    }
}

/// Program types, tiers and tracking platform.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ProgramTerms {
    /// CPS, CPA, CPI, KOL…
    #[serde(default, skip_serializing_if = "is_empty_list")]
    pub types: List<Line>,
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
    #[serde(default, skip_serializing_if = "is_empty_list")]
    pub networks: List<Line>,
    /// Networks it was on before.
    #[serde(default, skip_serializing_if = "is_empty_list")]
    pub former_networks: List<Line>,
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
    #[serde(default, skip_serializing_if = "is_empty_list")]
    pub structure: List<CommissionBasis>,
    /// Extra rewards.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bonuses: Option<Line>,
    /// How many months a recurring commission is paid for (0: not recurring).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recurring_months: Option<Months>,
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
    /// Cookie life in hours, where a network gives hours.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hours: Option<Hours>,
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
#[serde(from = "RawPayout")]
pub struct Payout {
    /// The balance needed before a withdrawal.
    #[serde(default, skip_serializing_if = "MoneyRange::is_unknown")]
    pub minimum: MoneyRange,
    /// What each withdrawal costs.
    #[serde(default, skip_serializing_if = "MoneyRange::is_unknown")]
    pub fee: MoneyRange,
    /// How often payouts are made.
    #[serde(default, skip_serializing_if = "is_empty_list")]
    pub frequency: List<Frequency>,
    /// The wait before payment: a lock period or payment terms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delay: Option<PayoutDelay>,
    /// The day or span of the month payments go out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pay_day: Option<PayDay>,
    /// Wire, PayPal, direct deposit, gift card…
    #[serde(default, skip_serializing_if = "is_empty_list")]
    pub methods: List<Line>,
    /// Anything else worth knowing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Line>,
}

/// The payout table as written, including the older `delay_days = 60`, which still loads as a
/// delay whose kind is not stated.
#[derive(Deserialize)]
struct RawPayout {
    #[serde(default)]
    minimum: MoneyRange,
    #[serde(default)]
    fee: MoneyRange,
    #[serde(default)]
    frequency: Vec<Frequency>,
    delay: Option<PayoutDelay>,
    delay_days: Option<Days>,
    pay_day: Option<PayDay>,
    #[serde(default)]
    methods: Vec<Line>,
    note: Option<Line>,
}

impl From<RawPayout> for Payout {
    fn from(raw: RawPayout) -> Self {
        let legacy = raw.delay_days.map(|days| PayoutDelay {
            days,
            kind: None,
            usually: false,
        });
        Payout {
            minimum: raw.minimum,
            fee: raw.fee,
            frequency: raw.frequency.into(),
            delay: raw.delay.or(legacy),
            pay_day: raw.pay_day,
            methods: raw.methods.into(),
            note: raw.note,
        }
    }
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
    /// Earnings per click a network measured, per one click in `currency` (a network that
    /// counts per 100 clicks is divided here; what it said is kept in [`Profile::imports`]).
    #[serde(default, skip_serializing_if = "MoneyRange::is_unknown")]
    pub epc: MoneyRange,
    /// Share of commissions the advertiser approves, as a network measured it.
    #[serde(default, skip_serializing_if = "PercentRange::is_unknown")]
    pub approval: PercentRange,
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
    #[serde(default, skip_serializing_if = "is_empty_list")]
    pub materials: List<Line>,
    /// Where traffic may come from.
    #[serde(default, skip_serializing_if = "is_empty_list")]
    pub traffic_sources: List<Line>,
    /// Where the program may be promoted: everywhere, a count, exclusions.
    #[serde(default, skip_serializing_if = "Countries::is_empty")]
    pub countries: Countries,
    /// Countries named as excluded.
    #[serde(default, skip_serializing_if = "is_empty_list")]
    pub excluded_countries: List<Line>,
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
    #[serde(default, skip_serializing_if = "is_empty_list")]
    pub niches: List<Line>,
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

impl NoteKind {
    /// Every kind, in declaration order (the schema's words).
    pub const ALL: [NoteKind; 2] = [NoteKind::Caveat, NoteKind::Contradiction];
}

/// A caveat or contradiction tied to a field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Note {
    /// The field it concerns, as a dotted path of the field table (`cookie.days`).
    #[serde(deserialize_with = "note_field")]
    pub field: Line,
    /// Caveat or contradiction.
    pub kind: NoteKind,
    /// The note in our words.
    pub text: Text,
    /// For a contradiction: the other value, as the other source gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub other_value: Option<Line>,
    /// The source documents behind the note.
    #[serde(default, skip_serializing_if = "is_empty_list")]
    pub sources: List<Line>,
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
    /// The title of the source named `file`, or the file name when it has none.
    pub fn source_name<'a>(&'a self, file: &'a str) -> &'a str {
        self.sources
            .iter()
            .find(|s| s.file.as_str() == file)
            .map_or(file, Source::name)
    }
    /// True when the sources disagree about `field`.
    pub fn is_contradicted(&self, field: &str) -> bool {
        self.notes_on(field)
            .any(|n| n.kind == NoteKind::Contradiction)
    }
}
