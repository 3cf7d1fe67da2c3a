//! One program's facts grouped into the sections a reader scans: Overview, Terms, Promotion,
//! Audiences, Platform, Notes. `affex show` prints these and the detail pane draws them, so the
//! two always agree on what is shown and in which order.

use crate::model::fields::{self, Section as FieldSection};
use crate::model::{NoteKind, Profile};
use crate::value_text::{self, NOT_STATED};

/// A labelled value; `None` reads as "not stated".
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The label shown before the value.
    pub label: &'static str,
    /// The field's path in the field table.
    pub path: &'static str,
    /// The value, or `None` when the sources do not state it.
    pub value: Option<String>,
    /// For a searched list (niches, focus, products), its items, so a view can light up
    /// those a query matches; empty otherwise.
    pub items: Vec<String>,
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

fn field(p: &Profile, spec: &'static fields::Field) -> Field {
    let items = match spec.search {
        Some(_) => (spec.items)(p).iter().map(|l| l.to_string()).collect(),
        None => Vec::new(),
    };
    Field {
        label: spec.label,
        path: spec.path,
        value: (spec.text)(p),
        items,
        contradicted: spec.is_contradicted(p),
    }
}

/// Every section of a program, in reading order, each holding the fields the field table
/// places in it.
pub fn sections(p: &Profile) -> Vec<Section> {
    FieldSection::ALL
        .into_iter()
        .map(|section| Section {
            title: section.title(),
            body: match section {
                FieldSection::Audiences => SectionBody::Audiences(audiences(p)),
                FieldSection::Notes => SectionBody::Paragraphs(notes(p)),
                _ => {
                    SectionBody::Fields(fields::in_section(section).map(|f| field(p, f)).collect())
                }
            },
        })
        .collect()
}

fn audiences(p: &Profile) -> Vec<AudienceRow> {
    p.audiences
        .iter()
        .map(|a| AudienceRow {
            who: a.kind.label(),
            suits: value_text::line(&a.suits),
            niches: a.niches.iter().map(|n| n.to_string()).collect(),
        })
        .collect()
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
    // Free notes and the sources: the fields the table places in the Notes section, in order.
    for spec in fields::in_section(FieldSection::Notes) {
        if let Some(v) = (spec.text)(p) {
            let tag = if spec.path == "sources" {
                spec.label.to_string()
            } else {
                format!("note · {}", spec.label)
            };
            out.push((tag, v));
        }
    }
    out
}
