//! The query language, shared by the app's search line and `affex list --query`.
//!
//! A query is whitespace-separated pieces, every one of which a program must satisfy:
//! - `fishing`: a term, matched fuzzily in every searched field (see [`super::matching`]);
//! - `'fish` exact text, `^fish` a field that begins with it, `ing$` one that ends with it,
//!   `^fishing$` the whole field;
//! - `!crypto`: no searched field holds that exact text;
//! - `tiktok | youtube`: either term (fzf's OR, between terms);
//! - `niche:fishing`, `audience:tiktok`, `name:ali`…: a term looked for only in the fields of
//!   that name, with the names and aliases of the field table ([`fields::filterable`]);
//! - `commission>=8`, `cookie>=7`, `payout<=20`, `aov>=40`, `conversion>=3`: a figure compared
//!   with the field's stated range (see [`Op`] for what a range passes);
//! - `country:IN`, `mlm:no`, `fee:free`: a value the field must have.
//!
//! A piece that cannot be read (`cookie>=abc`, `colour:red`) becomes a [`QueryProblem`]; the
//! rest of the query still runs.

use std::fmt;

use super::fold::fold;
use super::index::FieldKind;
use super::matching::{Anchor, Pattern};
use crate::model::fields::{self, Field, FilterTest};

/// The bit a folded char sets: one per letter and digit, the rest hashed into 28 buckets.
fn char_bit(c: char) -> u64 {
    match c {
        'a'..='z' => 1 << (c as u32 - 'a' as u32),
        '0'..='9' => 1 << (26 + c as u32 - '0' as u32),
        _ => 1 << (36 + c as u32 % 28),
    }
}

/// The set of chars in folded text, as bits.
pub(super) fn char_mask(folded: &str) -> u64 {
    if folded.is_ascii() {
        folded.bytes().fold(0, |m, b| m | char_bit(char::from(b)))
    } else {
        folded.chars().fold(0, |m, c| m | char_bit(c))
    }
}

/// Which kinds of field a term looks in, as bits of [`FieldKind`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Scope(u32);

impl Scope {
    /// Every searched field.
    pub const ALL: Scope = Scope(u32::MAX);

    /// True when the term looks in fields of `kind`.
    #[inline]
    pub fn has(self, kind: FieldKind) -> bool {
        self.0 & (1 << kind as u32) != 0
    }

    /// [`Scope::has`] for the kind at `index` in [`FieldKind::ALL`] (false past its end).
    #[inline]
    pub(super) fn has_index(self, index: usize) -> bool {
        self.0.checked_shr(index as u32).unwrap_or(0) & 1 != 0
    }

    fn of(kinds: impl Iterator<Item = FieldKind>) -> Scope {
        Scope(kinds.fold(0, |m, k| m | 1 << k as u32))
    }
}

/// One term of a query, ready to test against fields.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) struct Term {
    pattern: Pattern,
    scope: Scope,
    /// The chars a field must contain for this term to match it.
    mask: u64,
}

impl Term {
    fn new(typed: &str, anchor: Anchor, scope: Scope) -> Self {
        let pattern = Pattern::new(&fold(typed), anchor);
        Term {
            mask: char_mask(pattern.text()),
            pattern,
            scope,
        }
    }

    /// The chars a field must contain for this term to match there.
    pub(super) fn mask(&self) -> u64 {
        self.mask
    }

    /// The fields it looks in.
    pub(super) fn scope(&self) -> Scope {
        self.scope
    }

    /// Its pattern.
    pub(super) fn pattern(&self) -> &Pattern {
        &self.pattern
    }

    /// The folded pattern's length in bytes: a rough guess at how few fields it matches.
    pub(super) fn pattern_len(&self) -> usize {
        self.pattern.text().len()
    }

    /// This term's raw score in one folded field (0 when its chars are not even there).
    pub(super) fn score(&self, folded: &str, mask: u64) -> i32 {
        if mask & self.mask != self.mask {
            return 0;
        }
        self.pattern.score(folded)
    }

    /// True when every field `longer` is a candidate in is also one for `self`.
    pub(super) fn is_extended_by(&self, longer: &Term) -> bool {
        self.scope == longer.scope && longer.pattern.text().starts_with(self.pattern.text())
    }
}

/// How a range is compared with a figure. A field's stated range runs from its low figure to
/// its high one; a range with no high figure is open at the top ("from 3%"), one with no low
/// figure has no minimum ("up to 20 USD").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// `>=`: the range can reach the figure (its top, or an open top, is at least it).
    Reaches,
    /// `>`: its top is above the figure (or open).
    Above,
    /// `<=`: the range can go down to the figure (its bottom, or no minimum, is at most it).
    ReachesDown,
    /// `<`: its bottom is below the figure (or there is no minimum).
    Below,
    /// `=` or `:`: the figure lies within the range.
    Within,
    /// `>>=`: all of the range is at least the figure (its stated bottom is).
    AllAtLeast,
    /// `<<=`: all of the range is at most the figure (its stated top is; an open top fails).
    AllAtMost,
}

impl Op {
    /// The spellings, longest first so `>>=` is not read as `>`.
    const SPELLED: [(&'static str, Op); 7] = [
        (">>=", Op::AllAtLeast),
        ("<<=", Op::AllAtMost),
        (">=", Op::Reaches),
        ("<=", Op::ReachesDown),
        (">", Op::Above),
        ("<", Op::Below),
        ("=", Op::Within),
    ];

    /// Whether a range from `low` to `high` passes against `figure`; `None` when the range is
    /// not stated at all.
    pub fn passes(self, low: Option<f64>, high: Option<f64>, figure: f64) -> Option<bool> {
        if low.is_none() && high.is_none() {
            return None;
        }
        let top = high.unwrap_or(f64::INFINITY);
        let bottom = low.unwrap_or(f64::NEG_INFINITY);
        Some(match self {
            Op::Reaches => top >= figure,
            Op::Above => top > figure,
            Op::ReachesDown => bottom <= figure,
            Op::Below => bottom < figure,
            Op::Within => bottom <= figure && figure <= top,
            Op::AllAtLeast => bottom >= figure,
            Op::AllAtMost => top <= figure,
        })
    }
}

/// What a value filter wants.
#[derive(Debug, Clone, PartialEq)]
pub enum Want {
    /// A figure compared with the range.
    Range(Op, f64),
    /// "yes" or "no".
    YesNo(bool),
    /// All zero (`free`), or not (`paid`).
    Free(bool),
    /// Not among the items (folded).
    NotListed(String),
}

/// One field filter of a query: `commission>=8`, `mlm:no`.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldFilter {
    /// The field's table path.
    pub path: &'static str,
    /// What it wants.
    pub want: Want,
    /// `!` before it: it must not hold (a value not stated still fails).
    pub negated: bool,
}

/// A piece of a query that could not be read, with what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryProblem {
    /// The piece as typed.
    pub piece: String,
    /// What is wrong, in a sentence.
    pub message: String,
}

impl fmt::Display for QueryProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.message)
    }
}

/// The query language by example, for the `?` help (the README says the same at more length).
pub const EXAMPLES: &[(&str, &str)] = &[
    (
        "home decor",
        "every term must match; case and accents never matter",
    ),
    ("'fish", "exact text, no typos forgiven"),
    (
        "^drop  ing$",
        "a field that starts with / ends with the text",
    ),
    ("!crypto", "leave out programs with that text"),
    ("tiktok | youtube", "either term"),
    (
        "niche:fishing",
        "look only in one field (name:, audience:, material:, type:, platform:…)",
    ),
    (
        "commission>=8",
        "the range can reach 8 (an open top can); >>=8: all of it is 8 or more",
    ),
    (
        "payout<=20",
        "the minimum payout can be 20 or less (\"no minimum\" can)",
    ),
    (
        "cookie>=7 aov>=40",
        "figures: cookie, payout, aov, conversion, delay, withdrawal",
    ),
    (
        "country:IN mlm:no",
        "not excluded in IN; no multi-level pay",
    ),
    ("fee:free", "free to join (fee:paid: not)"),
];

/// The field names a query knows, for messages.
pub fn known_field_names() -> String {
    fields::filter_names().join(", ")
}

/// A query parsed: groups of terms (each group one term or several joined by `|`), terms that
/// must not match, and field filters.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Query {
    text: String,
    groups: Vec<Vec<Term>>,
    negations: Vec<Term>,
    filters: Vec<FieldFilter>,
    problems: Vec<QueryProblem>,
}

impl Query {
    /// Reads `text`; pieces that cannot be read become [`Query::problems`].
    pub fn parse(text: &str) -> Self {
        let mut query = Query {
            text: text.to_string(),
            ..Query::default()
        };
        let mut join_next = false;
        for piece in text.split_whitespace() {
            let alternatives: Vec<&str> = piece.split('|').collect();
            for (i, alt) in alternatives.iter().enumerate() {
                if i > 0 {
                    join_next = true;
                }
                if alt.is_empty() {
                    continue;
                }
                match query.read_piece(alt) {
                    Some(Piece::Term(term)) => match query.groups.last_mut() {
                        Some(group) if join_next => group.push(term),
                        _ => query.groups.push(vec![term]),
                    },
                    Some(Piece::Not(term)) => query.negations.push(term),
                    Some(Piece::Filter(filter)) => query.filters.push(filter),
                    None => {}
                }
                join_next = false;
            }
            if piece.ends_with('|') {
                join_next = true;
            }
        }
        query
    }

    fn problem(&mut self, piece: &str, message: String) {
        self.problems.push(QueryProblem {
            piece: piece.to_string(),
            message,
        });
    }

    /// One piece between spaces and bars.
    fn read_piece(&mut self, piece: &str) -> Option<Piece> {
        let (negated, body) = match piece.strip_prefix('!') {
            Some(rest) if !rest.is_empty() => (true, rest),
            _ => (false, piece),
        };
        if let Some((name, op, value)) = split_comparison(body) {
            return self.read_comparison(piece, name, op, value, negated);
        }
        let (scope, text) = match body.split_once(':') {
            Some((name, value)) if is_field_name(name) => {
                let named = fields::by_filter_name(name);
                if named.is_empty() {
                    self.problem(
                        piece,
                        format!(
                            "“{name}” is not a field a search knows; known fields: {}",
                            known_field_names()
                        ),
                    );
                    return None;
                }
                if named.iter().all(|(_, f)| f.test == FilterTest::Scope) {
                    let kinds = named
                        .iter()
                        .filter_map(|(field, _)| FieldKind::of_path(field.path));
                    (Scope::of(kinds), value)
                } else {
                    return self.read_value(piece, named[0].0, named[0].1.test, value, negated);
                }
            }
            _ => (Scope::ALL, body),
        };
        let (anchor, text) = anchored(text, negated);
        if text.is_empty() {
            return None;
        }
        let term = Term::new(text, anchor, scope);
        Some(if negated {
            Piece::Not(term)
        } else {
            Piece::Term(term)
        })
    }

    fn read_comparison(
        &mut self,
        piece: &str,
        name: &str,
        op: Op,
        value: &str,
        negated: bool,
    ) -> Option<Piece> {
        let named = fields::by_filter_name(name);
        let Some(&(field, filter)) = named.first() else {
            let ranged: Vec<&str> = fields::filterable()
                .filter(|(_, f)| f.test == FilterTest::Range)
                .filter_map(|(_, f)| f.names.first().copied())
                .collect();
            self.problem(
                piece,
                format!(
                    "“{name}” is not a field a search can compare; fields with figures: {}",
                    ranged.join(", ")
                ),
            );
            return None;
        };
        if filter.test != FilterTest::Range {
            self.problem(
                piece,
                format!(
                    "{} has no figures to compare; write {name}:VALUE",
                    field.label
                ),
            );
            return None;
        }
        let Some(figure) = read_figure(value) else {
            self.problem(
                piece,
                format!("“{value}” is not a number, in “{piece}” (for example {name}>=8)"),
            );
            return None;
        };
        Some(Piece::Filter(FieldFilter {
            path: field.path,
            want: Want::Range(op, figure),
            negated,
        }))
    }

    fn read_value(
        &mut self,
        piece: &str,
        field: &'static Field,
        test: FilterTest,
        value: &str,
        negated: bool,
    ) -> Option<Piece> {
        let folded = fold(value);
        let want = match test {
            FilterTest::Range => read_figure(value).map(|figure| Want::Range(Op::Within, figure)),
            FilterTest::YesNo => match folded.as_str() {
                "yes" | "y" | "true" => Some(Want::YesNo(true)),
                "no" | "n" | "false" => Some(Want::YesNo(false)),
                _ => None,
            },
            FilterTest::Free => match folded.as_str() {
                "free" | "none" | "0" => Some(Want::Free(true)),
                "paid" => Some(Want::Free(false)),
                _ => None,
            },
            FilterTest::NotListed(_) if !folded.is_empty() => Some(Want::NotListed(folded)),
            FilterTest::NotListed(_) | FilterTest::Scope => None,
        };
        let Some(want) = want else {
            let takes = match test {
                FilterTest::Range => "a number",
                FilterTest::YesNo => "yes or no",
                FilterTest::Free => "free or paid",
                FilterTest::NotListed(_) | FilterTest::Scope => "a value",
            };
            self.problem(
                piece,
                format!("{} takes {takes}, not “{value}”", field.label),
            );
            return None;
        };
        Some(Piece::Filter(FieldFilter {
            path: field.path,
            want,
            negated,
        }))
    }

    /// The query as typed.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// True when the query asks nothing (no terms, no filters), so every program matches.
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty() && self.negations.is_empty() && self.filters.is_empty()
    }

    /// The pieces that could not be read.
    pub fn problems(&self) -> &[QueryProblem] {
        &self.problems
    }

    /// The groups of terms: every group must match, by any of its terms.
    pub(super) fn groups(&self) -> &[Vec<Term>] {
        &self.groups
    }

    /// The field filters.
    pub fn filters(&self) -> &[FieldFilter] {
        &self.filters
    }

    /// Every term, groups first, then negations: the order of the engine's tables.
    pub(super) fn terms(&self) -> impl Iterator<Item = &Term> {
        self.groups.iter().flatten().chain(&self.negations)
    }

    /// True when `narrower` only types on from `self`, so its candidates are a subset of
    /// `self`'s: the same filters, and each group's terms typed on, one for one (an OR group
    /// `a | b` typed on to `a | bc` is a candidate in fewer fields; `a | b | c` in more).
    /// Negations may differ: a search's candidates are counted before its negations.
    pub(super) fn is_extended_by(&self, narrower: &Query) -> bool {
        self.filters == narrower.filters
            && narrower.groups.len() >= self.groups.len()
            && self.groups.iter().zip(&narrower.groups).all(|(old, new)| {
                old.len() == new.len() && old.iter().zip(new).all(|(o, n)| o.is_extended_by(n))
            })
    }

    /// True when both read the same, whatever the spacing.
    pub fn same_pieces(&self, other: &Query) -> bool {
        self.groups == other.groups
            && self.negations == other.negations
            && self.filters == other.filters
    }

    /// The terms of the groups, for highlighting: those that may look in fields of `kind`.
    pub(super) fn highlight_terms(&self, kind: Option<FieldKind>) -> impl Iterator<Item = &Term> {
        self.groups
            .iter()
            .flatten()
            .filter(move |t| kind.is_none_or(|k| t.scope.has(k)))
    }
}

/// What one piece of a query reads as.
enum Piece {
    Term(Term),
    Not(Term),
    Filter(FieldFilter),
}

/// True for a word that can name a field: letters only, so `3:30` or `http:` are not fields.
fn is_field_name(name: &str) -> bool {
    !name.is_empty() && name.chars().all(|c| c.is_ascii_alphabetic())
}

/// `commission>=8` → ("commission", Reaches, "8").
fn split_comparison(piece: &str) -> Option<(&str, Op, &str)> {
    let at = piece.find(['<', '>', '='])?;
    let (name, rest) = piece.split_at(at);
    if !is_field_name(name) {
        return None;
    }
    Op::SPELLED
        .iter()
        .find_map(|&(spelled, op)| rest.strip_prefix(spelled).map(|value| (name, op, value)))
}

/// A figure as a person writes it: `8`, `8%`, `$20`, `7d`, `30days`, `1,000`.
fn read_figure(value: &str) -> Option<f64> {
    let v = value.trim().trim_start_matches('$');
    let v = ["days", "day", "d", "%", "usd", "$"]
        .iter()
        .find_map(|unit| v.strip_suffix(unit))
        .unwrap_or(v);
    let v: String = v.chars().filter(|&c| c != ',' && c != '_').collect();
    v.parse::<f64>().ok().filter(|f| f.is_finite())
}

/// The anchor of a term from fzf's marks, and the text without them. A negated term is exact.
fn anchored(text: &str, negated: bool) -> (Anchor, &str) {
    if let Some(rest) = text.strip_prefix('\'') {
        return (Anchor::Exact, rest);
    }
    let (start, text) = match text.strip_prefix('^') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (end, text) = match text.strip_suffix('$') {
        Some(rest) if !rest.is_empty() => (true, rest),
        _ => (false, text),
    };
    let anchor = match (start, end) {
        (true, true) => Anchor::Whole,
        (true, false) => Anchor::Start,
        (false, true) => Anchor::End,
        (false, false) if negated => Anchor::Exact,
        (false, false) => Anchor::Fuzzy,
    };
    (anchor, text)
}

/// The union of the char indices `query`'s terms match in `text`, ascending.
pub fn highlight(query: &Query, text: &str) -> Vec<usize> {
    let mut at: Vec<usize> = query
        .highlight_terms(None)
        .filter_map(|term| term.pattern().positions(text))
        .flatten()
        .collect();
    at.sort_unstable();
    at.dedup();
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(text: &str) -> Vec<String> {
        Query::parse(text)
            .problems()
            .iter()
            .map(|p| p.message.clone())
            .collect()
    }

    #[test]
    fn a_query_types_on_when_each_term_of_each_group_does() {
        let extends = |old: &str, new: &str| Query::parse(old).is_extended_by(&Query::parse(new));
        assert!(extends("^drop | t", "^drop | tik"));
        assert!(extends("^drop | tiktok", "^drop | tiktok !c"));
        assert!(
            extends("^drop | tiktok !c", "^drop | tiktok !cr"),
            "negations may change"
        );
        assert!(extends("fish", "fish lures"));
        assert!(!extends("^drop", "^drop | t"), "a new alternative widens");
        assert!(!extends("a | b | c", "a | b"));
        assert!(
            !extends("fish", "fish cookie>=7"),
            "filters must be the same"
        );
        assert!(!extends("tiktok", "tik"));
    }

    #[test]
    fn pieces_read_as_terms_groups_negations_and_filters() {
        let q = Query::parse("fish  'exact ^pre suf$ ^whole$ !not a|b c | d niche:x");
        assert!(q.problems().is_empty());
        let groups: Vec<Vec<(&str, Anchor)>> = q
            .groups()
            .iter()
            .map(|g| {
                g.iter()
                    .map(|t| (t.pattern().text(), t.pattern().anchor()))
                    .collect()
            })
            .collect();
        assert_eq!(
            groups,
            vec![
                vec![("fish", Anchor::Fuzzy)],
                vec![("exact", Anchor::Exact)],
                vec![("pre", Anchor::Start)],
                vec![("suf", Anchor::End)],
                vec![("whole", Anchor::Whole)],
                vec![("a", Anchor::Fuzzy), ("b", Anchor::Fuzzy)],
                vec![("c", Anchor::Fuzzy), ("d", Anchor::Fuzzy)],
                vec![("x", Anchor::Fuzzy)],
            ]
        );
        assert_eq!(q.negations.len(), 1);
        assert_eq!(q.negations[0].pattern().anchor(), Anchor::Exact);
        assert!(q.groups[7][0].scope().has(FieldKind::Niche));
        assert!(q.groups[7][0].scope().has(FieldKind::AudienceNiche));
        assert!(!q.groups[7][0].scope().has(FieldKind::Name));
    }

    #[test]
    fn filters_read_their_fields_from_the_table_with_aliases() {
        let q = Query::parse(
            "commission>=8 c>>=5% ck<=30d minpay<$20 aov=40 cr>3 mlm:No fee:free country:IN !mlm:yes",
        );
        assert!(q.problems().is_empty(), "{:?}", q.problems());
        let read: Vec<(&str, &Want, bool)> = q
            .filters()
            .iter()
            .map(|f| (f.path, &f.want, f.negated))
            .collect();
        assert_eq!(
            read,
            vec![
                ("commission.rate", &Want::Range(Op::Reaches, 8.0), false),
                ("commission.rate", &Want::Range(Op::AllAtLeast, 5.0), false),
                ("cookie.days", &Want::Range(Op::ReachesDown, 30.0), false),
                ("payout.minimum", &Want::Range(Op::Below, 20.0), false),
                (
                    "market.average_order",
                    &Want::Range(Op::Within, 40.0),
                    false
                ),
                ("market.conversion", &Want::Range(Op::Above, 3.0), false),
                ("program.mlm", &Want::YesNo(false), false),
                ("market.entry_fee", &Want::Free(true), false),
                (
                    "promotion.excluded_countries",
                    &Want::NotListed("in".into()),
                    false
                ),
                ("program.mlm", &Want::YesNo(true), true),
            ]
        );
    }

    #[test]
    fn bad_pieces_say_what_is_wrong_and_name_the_known_fields() {
        let bad = problems("cookie>=abc");
        assert_eq!(bad.len(), 1);
        assert!(bad[0].contains("“abc” is not a number"), "{bad:?}");
        let bad = problems("colour:red fish");
        assert!(bad[0].contains("“colour” is not a field"), "{bad:?}");
        assert!(bad[0].contains("niche") && bad[0].contains("commission"));
        let bad = problems("colour>=3");
        assert!(
            bad[0].contains("fields with figures: commission"),
            "{bad:?}"
        );
        assert!(problems("niche>=3")[0].contains("no figures to compare"));
        assert!(problems("mlm:maybe")[0].contains("takes yes or no"));
        assert!(problems("fee:cheap")[0].contains("takes free or paid"));
        assert!(problems("commission>=")[0].contains("is not a number"));
        assert!(problems("cookie>=inf")[0].contains("is not a number"));
        // The rest of the query still reads.
        let q = Query::parse("fish colour:red cookie>=x tiktok");
        assert_eq!(q.groups().len(), 2);
        assert_eq!(q.problems().len(), 2);
    }

    #[test]
    fn odd_input_is_not_a_field() {
        // Digits and punctuation are text, not field names; lone operators are nothing.
        for text in ["3:30", "3d:print", "-", "!", "|", "^", "$", "'", "||"] {
            let q = Query::parse(text);
            assert!(q.problems().is_empty(), "{text}: {:?}", q.problems());
        }
        assert!(Query::parse("| ^ ||").is_empty());
        assert!(Query::parse("").is_empty());
    }

    #[test]
    fn ranges_pass_as_documented() {
        let (some, none) = (Some, None::<f64>);
        // 3–9%: can reach 8, is not all above 5, can go down to 3.
        assert_eq!(Op::Reaches.passes(some(3.0), some(9.0), 8.0), Some(true));
        assert_eq!(
            Op::AllAtLeast.passes(some(3.0), some(9.0), 5.0),
            Some(false)
        );
        assert_eq!(Op::Within.passes(some(3.0), some(9.0), 9.0), Some(true));
        // "4%+": an open top reaches anything, and is never all below a figure.
        assert_eq!(Op::Reaches.passes(some(4.0), none, 50.0), Some(true));
        assert_eq!(Op::AllAtMost.passes(some(4.0), none, 50.0), Some(false));
        // "up to 20": no minimum goes down to anything.
        assert_eq!(Op::ReachesDown.passes(none, some(20.0), 0.0), Some(true));
        assert_eq!(Op::AllAtLeast.passes(none, some(20.0), 1.0), Some(false));
        // Not stated.
        assert_eq!(Op::Reaches.passes(none, none, 1.0), None);
    }
}
