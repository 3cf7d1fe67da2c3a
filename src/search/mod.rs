//! Query → ranked matches: fzf-style fuzzy search over the fields people search programs by.
//!
//! A query splits on whitespace into terms. A program matches when every term matches at least
//! one of its fields (name, niches, audiences and their niches, focus, industry, product types);
//! its score is the sum over terms of each term's best weighted field score, from the skim
//! scorer. Smart case, as in fzf: a term with an uppercase letter is case-sensitive.
//!
//! Speed comes from the work around the scorer: a [`SearchIndex`] built once holds folded
//! copies of every field, interned, with a char bitmask per string and per profile; a term is
//! only scored against a field that has its chars in order, and only once per distinct string.
//! The scan runs in parallel chunks that can be abandoned, a [`Searcher`] re-scores only the
//! last matches while the query grows, and a [`SearchWorker`] runs it all off the UI thread.
//! Matched positions are worked out only for rows on screen ([`SearchIndex::positions`]).

mod engine;
mod index;
mod query;
mod searcher;
mod worker;

#[cfg(test)]
mod tests;

pub use index::SearchIndex;
pub use query::{Query, highlight};
pub use searcher::Searcher;
pub use worker::{SearchResult, SearchWorker};

use crate::model::{Line, Profile};
use index::FieldKind;

/// Which field of a program a match was found in; indices point into the profile's lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MatchedField {
    /// The program's name.
    Name,
    /// `niches[i]`.
    Niche(usize),
    /// The kind label of `audiences[i]`.
    AudienceKind(usize),
    /// `audiences[audience].niches[niche]`.
    AudienceNiche {
        /// Which audience.
        audience: usize,
        /// Which of its niches.
        niche: usize,
    },
    /// `focus[i]`.
    Focus(usize),
    /// The industry.
    Industry,
    /// `product_types[i]`.
    ProductType(usize),
}

impl MatchedField {
    /// The field's text in `p` (empty if `p` has no such field), as searched and highlighted.
    pub fn text<'a>(&self, p: &'a Profile) -> &'a str {
        let line = |l: Option<&'a Line>| l.map_or("", Line::as_str);
        match *self {
            MatchedField::Name => p.name.as_str(),
            MatchedField::Niche(i) => line(p.niches.get(i)),
            MatchedField::AudienceKind(i) => p.audiences.get(i).map_or("", |a| a.kind.label()),
            MatchedField::AudienceNiche { audience, niche } => {
                line(p.audiences.get(audience).and_then(|a| a.niches.get(niche)))
            }
            MatchedField::Focus(i) => line(p.focus.get(i)),
            MatchedField::Industry => line(p.industry.as_ref()),
            MatchedField::ProductType(i) => line(p.product_types.get(i)),
        }
    }

    /// The field table's path of the field.
    pub fn path(&self) -> &'static str {
        let kind = match self {
            MatchedField::Name => FieldKind::Name,
            MatchedField::Niche(_) => FieldKind::Niche,
            MatchedField::AudienceKind(_) => FieldKind::AudienceKind,
            MatchedField::AudienceNiche { .. } => FieldKind::AudienceNiche,
            MatchedField::Focus(_) => FieldKind::Focus,
            MatchedField::Industry => FieldKind::Industry,
            MatchedField::ProductType(_) => FieldKind::ProductType,
        };
        kind.path()
    }

    /// The field's name as shown beside a match ("niche", "audience", …), from the field table.
    pub fn label(&self) -> &'static str {
        crate::model::fields::by_path(self.path())
            .and_then(|f| f.search)
            .map_or("", |s| s.label)
    }
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
}
