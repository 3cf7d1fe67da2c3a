//! One program's facts grouped into the sections a reader scans: Overview, Terms, Promotion,
//! Audiences, Platform, Notes. `affex show` prints these and the detail pane draws them, so the
//! two always agree on what is shown and in which order.

use crate::model::{CommissionBasis, ContentRule, Frequency, NoteKind, Profile};
use crate::value_text::{self, NOT_STATED};

/// A labelled value; `None` reads as "not stated".
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The label shown before the value.
    pub label: &'static str,
    /// The value, or `None` when the sources do not state it.
    pub value: Option<String>,
    /// True when the sources disagree about this value (see the Notes section).
    pub contradicted: bool,
}

impl Field {
    /// The value as text, "not stated" when unknown.
    pub fn text(&self) -> &str {
        self.value.as_deref().unwrap_or(NOT_STATED)
    }
}

/// One row of the audiences table.
#[derive(Debug, Clone, PartialEq)]
pub struct AudienceRow {
    /// Who: "bloggers", "KOL"…
    pub who: &'static str,
    /// What suits them, or `None`.
    pub suits: Option<String>,
    /// The niches named for them.
    pub niches: Vec<String>,
}

/// What a section holds.
#[derive(Debug, Clone, PartialEq)]
pub enum SectionBody {
    /// Label: value pairs.
    Fields(Vec<Field>),
    /// The audiences table.
    Audiences(Vec<AudienceRow>),
    /// Free paragraphs (notes), each with a short tag such as "contradiction · cookie.days".
    Paragraphs(Vec<(String, String)>),
}

/// A titled group of facts.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// "Overview", "Terms"…
    pub title: &'static str,
    /// The section's content.
    pub body: SectionBody,
}

fn field(p: &Profile, label: &'static str, path: &str, value: Option<String>) -> Field {
    Field {
        label,
        value,
        contradicted: p.is_contradicted(path),
    }
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

/// The commission as one line: range, typical range and structure.
pub fn commission_text(p: &Profile) -> Option<String> {
    let c = &p.commission;
    value_text::join_known(
        [
            value_text::percent_range(&c.rate),
            value_text::percent_range(&c.typical).map(|t| format!("typically {t}")),
        ],
        ", ",
    )
}

/// Payout frequency and delay as one line: "monthly, after 60 days".
pub fn schedule_text(p: &Profile) -> Option<String> {
    value_text::join_known(
        [
            value_text::labels(&p.payout.frequency, Frequency::label),
            value_text::days(p.payout.delay_days).map(|d| format!("paid {d} after the sale")),
        ],
        ", ",
    )
}

/// The platform as one line: model, in-house tool and networks.
pub fn platform_text(p: &Profile) -> Option<String> {
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
pub fn content_rules_text(p: &Profile) -> Option<String> {
    value_text::join_known(
        [
            rule(&p.promotion.explicit).map(|r| format!("explicit: {r}")),
            rule(&p.promotion.religious_political).map(|r| format!("religious/political: {r}")),
        ],
        "; ",
    )
}

/// Where the program may be promoted, with named exclusions.
pub fn countries_text(p: &Profile) -> Option<String> {
    let pr = &p.promotion;
    value_text::join_known(
        [
            value_text::line(&pr.countries),
            value_text::list(&pr.excluded_countries).map(|x| format!("except {x} in some cases")),
        ],
        ", ",
    )
}

/// Every section of a program, in reading order.
pub fn sections(p: &Profile) -> Vec<Section> {
    let t = &p.program;
    let c = &p.commission;
    let pay = &p.payout;
    let m = &p.market;
    let pr = &p.promotion;
    let mlm = t.mlm.map(|mlm| {
        let tiers = t
            .tiers
            .map(|n| format!(", {}", crate::plural::count(n, "tier")));
        format!(
            "{}{}",
            if mlm { "yes" } else { "no" },
            tiers.unwrap_or_default()
        )
    });
    vec![
        Section {
            title: "Overview",
            body: SectionBody::Fields(vec![
                field(
                    p,
                    "Summary",
                    "summary",
                    p.summary.as_ref().map(|s| s.to_string()),
                ),
                field(p, "Owner", "owner", value_text::line(&p.owner)),
                field(
                    p,
                    "Launched",
                    "launched",
                    p.launched.map(|y| y.get().to_string()),
                ),
                field(p, "Website", "website", value_text::line(&p.website)),
                field(p, "Focus", "focus", value_text::list(&p.focus)),
                field(p, "Industry", "industry", value_text::line(&p.industry)),
                field(
                    p,
                    "Products",
                    "product_types",
                    value_text::list(&p.product_types),
                ),
                field(
                    p,
                    "Program types",
                    "program.types",
                    value_text::list(&t.types),
                ),
                field(p, "MLM / tiers", "program.mlm", mlm),
                field(p, "Niches", "niches", value_text::list(&p.niches)),
            ]),
        },
        Section {
            title: "Terms",
            body: SectionBody::Fields(vec![
                field(p, "Commission", "commission.rate", commission_text(p)),
                field(
                    p,
                    "Structure",
                    "commission.structure",
                    value_text::labels(&c.structure, CommissionBasis::label),
                ),
                field(
                    p,
                    "Bonuses",
                    "commission.bonuses",
                    value_text::line(&c.bonuses),
                ),
                field(p, "Cookie", "cookie.days", value_text::days(p.cookie.days)),
                field(
                    p,
                    "Minimum payout",
                    "payout.minimum",
                    value_text::money_range(&pay.minimum),
                ),
                field(p, "Withdrawal fee", "payout.fee", value_text::fee(&pay.fee)),
                field(p, "Payout schedule", "payout.frequency", schedule_text(p)),
                field(
                    p,
                    "Payout methods",
                    "payout.methods",
                    value_text::list(&pay.methods),
                ),
                field(
                    p,
                    "Entry fee",
                    "market.entry_fee",
                    value_text::fee(&m.entry_fee),
                ),
                field(
                    p,
                    "Average order",
                    "market.average_order",
                    value_text::money_range(&m.average_order),
                ),
                field(
                    p,
                    "Conversion",
                    "market.conversion",
                    value_text::percent_range(&m.conversion),
                ),
            ]),
        },
        Section {
            title: "Promotion",
            body: SectionBody::Fields(vec![
                field(
                    p,
                    "Materials",
                    "promotion.materials",
                    value_text::list(&pr.materials),
                ),
                field(
                    p,
                    "Traffic sources",
                    "promotion.traffic_sources",
                    value_text::list(&pr.traffic_sources),
                ),
                field(p, "Countries", "promotion.countries", countries_text(p)),
                field(
                    p,
                    "Explicit content",
                    "promotion.explicit",
                    rule(&pr.explicit),
                ),
                field(
                    p,
                    "Religious/political",
                    "promotion.religious_political",
                    rule(&pr.religious_political),
                ),
            ]),
        },
        Section {
            title: "Audiences",
            body: SectionBody::Audiences(
                p.audiences
                    .iter()
                    .map(|a| AudienceRow {
                        who: a.kind.label(),
                        suits: value_text::line(&a.suits),
                        niches: a.niches.iter().map(|n| n.to_string()).collect(),
                    })
                    .collect(),
            ),
        },
        Section {
            title: "Platform",
            body: SectionBody::Fields(vec![
                field(
                    p,
                    "Model",
                    "program.platform",
                    t.platform.map(|m| m.label().to_string()),
                ),
                field(
                    p,
                    "In-house tool",
                    "program.in_house",
                    value_text::line(&t.in_house),
                ),
                field(p, "Portal", "program.portal", value_text::line(&t.portal)),
                field(
                    p,
                    "Networks",
                    "program.networks",
                    value_text::list(&t.networks),
                ),
                field(
                    p,
                    "Formerly on",
                    "program.former_networks",
                    value_text::list(&t.former_networks),
                ),
                field(p, "Compared with", "alternatives", {
                    let ids: Vec<&str> = p.alternatives.iter().map(|a| a.as_str()).collect();
                    (!ids.is_empty()).then(|| ids.join(", "))
                }),
            ]),
        },
        Section {
            title: "Notes",
            body: SectionBody::Paragraphs(notes(p)),
        },
    ]
}

fn notes(p: &Profile) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = p
        .notes
        .iter()
        .map(|n| {
            let kind = match n.kind {
                NoteKind::Caveat => "caveat",
                NoteKind::Contradiction => "contradiction",
            };
            let mut text = n.text.to_string();
            if let Some(other) = &n.other_value {
                text.push_str(&format!(" (other value: {other})"));
            }
            if !n.sources.is_empty() {
                text.push_str(&format!(
                    " [{}]",
                    value_text::list(&n.sources).unwrap_or_default()
                ));
            }
            (format!("{kind} · {}", n.field), text)
        })
        .collect();
    for (label, value) in [
        ("commission", &p.commission.note),
        ("cookie", &p.cookie.note),
        ("payout", &p.payout.note),
        ("market", &p.market.note),
        ("countries", &p.promotion.countries_note),
    ] {
        if let Some(v) = value {
            out.push((format!("note · {label}"), v.to_string()));
        }
    }
    if let Some(sources) = value_text::list(&p.sources) {
        out.push(("sources".to_string(), sources));
    }
    out
}
