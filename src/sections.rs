//! One program's facts grouped into the sections a reader scans: Overview, Terms, Promotion,
//! Audiences, Platform, Notes. `affex show` prints these and the detail pane draws them, so the
//! two always agree on what is shown and in which order.
//!
//! A caveat or contradiction is shown right under the value it concerns (a row with an empty
//! label, starting with the value's marker), so a reader never has to find it in the Notes;
//! notes on fields shown nowhere else stay in the Notes section. Notes name their sources by
//! title and their fields by label, never by file name or dotted path.

use crate::model::fields::{self, Section as FieldSection};
use crate::model::{Note, NoteKind, Profile};
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
    /// True when the sources disagree about this value (the note follows it).
    pub contradicted: bool,
    /// True when a caveat qualifies this value (its text ends in the caveat marker).
    pub caveat: bool,
    /// True for a note row: the caveat or contradiction about the value above, with an empty
    /// label.
    pub is_note: bool,
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
        value: spec.marked_text(p),
        items,
        contradicted: spec.is_contradicted(p),
        caveat: spec.is_caveated(p),
        is_note: false,
    }
}

/// The note as a reader sees it: its words, the other value of a contradiction, and its
/// sources by title.
fn note_text(p: &Profile, n: &Note) -> String {
    let mut text = n.text.to_string();
    if let Some(other) = &n.other_value {
        text.push_str(&format!(" Other value: {other}."));
    }
    if !n.sources.is_empty() {
        let names: Vec<&str> = n
            .sources
            .iter()
            .map(|s| p.source_name(s.as_str()))
            .collect();
        let label = if names.len() == 1 {
            "Source"
        } else {
            "Sources"
        };
        text.push_str(&format!(" {label}: {}.", names.join("; ")));
    }
    text
}

/// A field and, under it, a row for each note about it.
fn field_with_notes(p: &Profile, spec: &'static fields::Field) -> Vec<Field> {
    let mut rows = vec![field(p, spec)];
    for n in spec.notes(p) {
        let mark = match n.kind {
            NoteKind::Caveat => value_text::CAVEAT_MARK,
            NoteKind::Contradiction => CONTRADICTION_MARK,
        };
        rows.push(Field {
            label: "",
            path: spec.path,
            value: Some(format!("{mark} {}", note_text(p, n))),
            items: Vec::new(),
            contradicted: false,
            caveat: false,
            is_note: true,
        });
    }
    rows
}

/// The notes on `spec` in `p` as a reader sees them, each starting with its marker (`*` for a
/// caveat, `†` for a contradiction): the rows shown under the value, for the grid's cell popup.
pub fn note_lines(p: &Profile, spec: &'static fields::Field) -> Vec<String> {
    field_with_notes(p, spec)
        .into_iter()
        .skip(1)
        .filter_map(|f| f.value)
        .collect()
}

/// The marker of a contradiction, as the views draw it after a value.
const CONTRADICTION_MARK: &str = "†";

/// The label a reader knows a note's field by: the field table's label, else the table's name
/// ("payout" for a note on the whole table).
fn field_label(path: &str) -> String {
    match fields::by_path(path) {
        Some(f) if f.section == Some(FieldSection::Notes) => format!("{} note", f.label),
        Some(f) => f.label.to_string(),
        None => path.split('.').next().unwrap_or(path).to_string(),
    }
}

/// True when a note shows under a value in one of the field sections.
fn shown_at_a_value(n: &Note) -> bool {
    fields::FIELDS.iter().any(|f| {
        f.section.is_some_and(|s| s != FieldSection::Notes)
            && match f.form {
                fields::Form::Reading(parts) => parts.contains(&n.field.as_str()),
                _ => f.path == n.field.as_str(),
            }
    })
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
                _ => SectionBody::Fields(
                    fields::in_section(section)
                        .filter(|f| !f.quiet || (f.text)(p).is_some())
                        .flat_map(|f| field_with_notes(p, f))
                        .collect(),
                ),
            },
        })
        .collect()
}

/// The title of the short block of key terms the detail pane opens with.
pub const KEY_TERMS_TITLE: &str = "Key terms";

/// The key terms ([`fields::KEY_TERMS`]) as one short section, one line each with its
/// markers; the notes on them stay in the Terms section.
pub fn key_terms(p: &Profile) -> Section {
    Section {
        title: KEY_TERMS_TITLE,
        body: SectionBody::Fields(fields::key_terms().map(|f| field(p, f)).collect()),
    }
}

/// What the detail pane shows, in order: the key terms first, so they are on screen without
/// scrolling on a small terminal, then every section.
pub fn for_detail(p: &Profile) -> Vec<Section> {
    let mut all = vec![key_terms(p)];
    all.extend(sections(p));
    all
}

/// The longest label any field row of [`for_detail`] can have, in columns: the detail pane
/// sizes its label column to it so no label is cut where the pane is wide enough.
pub fn longest_label() -> usize {
    fields::FIELDS
        .iter()
        .filter(|f| f.section.is_some_and(|s| s != FieldSection::Notes))
        .map(|f| crate::text_width::width(f.label))
        .max()
        .unwrap_or(0)
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
    // Notes shown under their value are not repeated here.
    let mut out: Vec<(String, String)> = p
        .notes
        .iter()
        .filter(|n| !shown_at_a_value(n))
        .map(|n| {
            let kind = match n.kind {
                NoteKind::Caveat => "caveat",
                NoteKind::Contradiction => "contradiction",
            };
            (
                format!("{kind} · {}", field_label(n.field.as_str())),
                note_text(p, n),
            )
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

#[cfg(test)]
mod tests {
    use super::*;

    fn bundled(id: &str) -> Profile {
        crate::bundled::BUNDLED
            .iter()
            .map(|(name, src)| {
                toml::from_str::<Profile>(src).unwrap_or_else(|e| panic!("{name}: {e}"))
            })
            .find(|p| p.id.as_str() == id)
            .unwrap_or_else(|| panic!("no {id}"))
    }

    fn rows(p: &Profile) -> Vec<Field> {
        sections(p)
            .into_iter()
            .flat_map(|s| match s.body {
                SectionBody::Fields(f) => f,
                _ => Vec::new(),
            })
            .collect()
    }

    #[test]
    fn a_caveat_is_marked_at_its_value_and_shown_right_under_it() {
        let p = bundled("alibaba");
        let rows = rows(&p);
        let at = rows
            .iter()
            .position(|f| f.label == "Countries")
            .unwrap_or(usize::MAX);
        assert_eq!(
            rows[at].text(),
            "Worldwide, except CN, IN, NG for some shipping or promotions *"
        );
        assert!(rows[at].caveat);
        let note = &rows[at + 1];
        assert!(note.is_note && note.label.is_empty());
        assert!(note.text().starts_with("* "), "{}", note.text());
        assert!(note.text().contains("India"));
        assert!(
            note.text()
                .ends_with("Source: the Alibaba.com program guide.")
        );
    }

    #[test]
    fn a_contradiction_is_shown_under_its_value_with_the_other_value() {
        let p = bundled("dhgate");
        let rows = rows(&p);
        let at = rows
            .iter()
            .position(|f| f.label == "Focus")
            .unwrap_or(usize::MAX);
        assert!(rows[at].contradicted);
        assert!(rows[at + 1].text().starts_with("† "));
        assert!(rows[at + 1].text().contains("Other value: B2B/B2C Hybrid."));
    }

    #[test]
    fn notes_name_sources_by_title_and_fields_by_label() {
        for (_, src) in crate::bundled::BUNDLED {
            let p: Profile = toml::from_str(src).unwrap_or_else(|e| panic!("{e}"));
            for section in sections(&p) {
                let texts: Vec<String> = match section.body {
                    SectionBody::Fields(f) => f.iter().map(|f| f.text().to_string()).collect(),
                    SectionBody::Paragraphs(ps) => {
                        ps.into_iter().flat_map(|(t, b)| [t, b]).collect()
                    }
                    SectionBody::Audiences(_) => Vec::new(),
                };
                for t in texts {
                    assert!(!t.contains(".txt"), "{}: a file name in {t:?}", p.id);
                    for f in fields::FIELDS {
                        if f.path.contains('.') {
                            assert!(!t.contains(f.path), "{}: a path in {t:?}", p.id);
                        }
                    }
                }
            }
        }
    }
}
