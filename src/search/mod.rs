//! Query → ranked matches: what a person means, over the fields people search programs by.
//!
//! A query ([`Query`], the language is documented there) holds terms, fzf operators, field
//! scopes and field filters. Each term meets each searched field in a tier ([`matching`]):
//! name or id, whole word, word prefix, substring, typo-tolerant fuzzy (fuzzy-matcher's skim
//! scorer), never letters scattered across words. A program matches when it passes every
//! filter and every group of terms hits some field; its score is, per term, the best hit's tier
//! above the field's weight (from the field table) above the hit's quality. When no program
//! matches every term, those matching the most terms are listed as partial matches.
//!
//! Speed comes from the work around the matcher: a [`SearchIndex`] built once holds folded
//! copies of every field, interned, with a char bitmask per string and per profile; a term is
//! scored once per distinct string. The scan runs in parallel chunks that can be abandoned, a
//! [`Searcher`] re-scans only the last candidates while the query grows, and a
//! [`SearchWorker`] runs it all off the UI thread. Matched positions are worked out only for
//! rows on screen ([`SearchIndex::positions`]).

mod engine;
mod fold;
mod index;
mod matching;
mod query;
mod searcher;
mod spares;
mod worker;

#[cfg(test)]
mod tests;

pub use index::{FieldKind, Outcome, SearchIndex};
pub use matching::Tier;
pub use query::{
    EXAMPLES, FieldFilter, Op, Query, QueryProblem, Want, highlight, known_field_names,
};
pub use searcher::Searcher;
pub use worker::{SearchResult, SearchWorker};

use crate::model::{Line, Profile, fields};

/// Which field of a program a match was found in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct MatchedField {
    /// The kind of field.
    pub kind: FieldKind,
    /// Its place among the program's fields of that kind (`niches[item]`).
    pub item: usize,
    /// For an audience niche, which audience.
    pub audience: usize,
}

impl MatchedField {
    /// The program's name.
    pub const NAME: MatchedField = MatchedField {
        kind: FieldKind::Name,
        item: 0,
        audience: 0,
    };

    /// The field's text in `p` (empty if `p` has no such field), as searched and highlighted.
    pub fn text<'a>(&self, p: &'a Profile) -> &'a str {
        let line = |l: Option<&'a Line>| l.map_or("", Line::as_str);
        let item = |items: &'a [Line]| line(items.get(self.item));
        match self.kind {
            FieldKind::Name => p.name.as_str(),
            FieldKind::Id => p.id.as_str(),
            FieldKind::AudienceKind => p.audiences.get(self.item).map_or("", |a| a.kind.label()),
            FieldKind::AudienceNiche => p
                .audiences
                .get(self.audience)
                .map_or("", |a| item(&a.niches)),
            FieldKind::Industry => line(p.industry.as_ref()),
            FieldKind::Countries => index::countries_text(&p.promotion.countries),
            FieldKind::PlatformModel => p.program.platform.map_or("", |m| m.label()),
            FieldKind::InHouse => line(p.program.in_house.as_ref()),
            FieldKind::Niche
            | FieldKind::Focus
            | FieldKind::ProductType
            | FieldKind::ProgramType
            | FieldKind::Material
            | FieldKind::TrafficSource
            | FieldKind::PayoutMethod
            | FieldKind::Network => {
                fields::by_path(self.kind.path()).map_or("", |f| item((f.items)(p)))
            }
        }
    }

    /// The field table's path of the field.
    pub fn path(&self) -> &'static str {
        self.kind.path()
    }

    /// The field's name as shown beside a match ("niche", "audience", …), from the field table.
    pub fn label(&self) -> &'static str {
        fields::by_path(self.path())
            .and_then(|f| f.search)
            .map_or("", |s| s.label)
    }
}

/// The line above partial matches, in the app and in `affex list`.
pub const PARTIAL_LINE: &str =
    "partial matches: no program matches every term; these match the most";

/// The line that counts programs a filter left out for want of a value.
pub fn hidden_line(hidden: usize) -> String {
    format!("{hidden} hidden: value not stated")
}

/// What the Matched column shows for `m`: the field's label and the text that carried the
/// match; for a program listed by filters alone, the first filter's field and its value.
pub fn shown_match(m: &Match, query: &Query, p: &Profile) -> Option<(&'static str, String)> {
    if m.tier.is_match() {
        return Some((m.field.label(), m.field.text(p).to_string()));
    }
    let filter = query.filters().first()?;
    let field = fields::by_path(filter.path)?;
    // `country:IN` reads the excluded countries; when none are named in words, what is shown
    // is the countries rule itself ("Worldwide, except CN, IN, NG…").
    let stated_by = match field.filter.map(|f| f.test) {
        Some(fields::FilterTest::NotListed(path)) => fields::by_path(path),
        _ => None,
    };
    let text = (field.text)(p)
        .or_else(|| stated_by.and_then(|f| (f.text)(p)))
        .unwrap_or_else(|| crate::value_text::NOT_STATED.to_string());
    Some((field.filter?.names.first().copied()?, text))
}

/// One matching program.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Match {
    /// Index into the profile slice the index was built from.
    pub index: usize,
    /// Higher is better; 0 for every program under an empty query.
    pub score: i64,
    /// The field of the best-scoring term hit: what to show beside the name.
    pub field: MatchedField,
    /// How that hit was made.
    pub tier: Tier,
}

impl Match {
    /// Every program of `by_name` (positions in the catalog, ordered by name), as the list
    /// shows them under an empty query.
    pub fn all_by_name(by_name: &[u32]) -> Vec<Match> {
        (by_name.iter())
            .map(|&p| Match {
                index: p as usize,
                score: 0,
                field: MatchedField::NAME,
                tier: Tier::None,
            })
            .collect()
    }
}
