//! The comparison rows: which fields are laid side by side, how each reads, and which value is
//! best. `affex compare` and the comparison grid both build their table here.

use serde::Serialize;

use std::sync::LazyLock;

use crate::decide::{Estimate, Me};
use crate::model::Profile;
pub use crate::model::fields::Better;
use crate::model::fields::{self, Bounds, Field, Form, Unit};

/// Every comparable row, in display order: the field table's compared fields.
pub static ROWS: LazyLock<Vec<&'static Field>> = LazyLock::new(|| fields::compared().collect());

/// How a cell ranks within its row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Mark {
    /// Better than every other stated value on the row, as any reader of the sources would
    /// agree (ties share it).
    Best,
    /// Worse than every other stated value on the row, as any reader would agree.
    Worst,
    /// Neither, or the row does not rank.
    Plain,
}

/// One program's value on one row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cell {
    /// The value as text, with the caveat marker when a caveat qualifies it; `None` is "not
    /// stated".
    pub text: Option<String>,
    /// The figure the row sorts on (see [`Comparison::sorted`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub figure: Option<f64>,
    /// Best, worst or plain.
    pub mark: Mark,
    /// True when the program's sources disagree on this value.
    pub contradicted: bool,
    /// True when a caveat qualifies this value (its text ends in the caveat marker).
    pub caveat: bool,
}

/// Why `s` does nothing on a row of words.
pub const NO_ORDER: &str = "this row is words, which have no better or worse";
/// Why a money row is not ranked.
pub const DIFFERENT_CURRENCIES: &str = "the values are in different currencies";
/// Why a money row with an amount of unknown currency is not ranked.
pub const CURRENCY_NOT_STATED: &str = "a value's currency is not stated";
/// Why the delay row is not ranked.
pub const DIFFERENT_DELAYS: &str =
    "the delays are of different kinds (a lock or validation period vs payment terms)";
/// Why a row mixing levels and figures is not ranked.
pub const LEVELS_AND_FIGURES: &str =
    "some values are ratings (low, high…) and others figures, which do not compare";

/// The whole table for a set of programs, in column order.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// The profile indices of the columns, in display order.
    pub columns: Vec<usize>,
    /// One entry per [`ROWS`] entry: that row's cells, parallel to `columns`.
    pub cells: Vec<Vec<Cell>>,
    /// One entry per [`ROWS`] entry: why the row has no ★, no worst and no sort order
    /// ([`NO_ORDER`] for rows of words), or `None` when it ranks.
    pub unranked_reason: Vec<Option<&'static str>>,
}

/// What a row's stated values are compared on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Basis {
    /// Their figures (every stated value has one, all on one scale).
    Figures,
    /// Their levels (some value has no figure, but every one has a level).
    Levels,
}

/// The span of values a cell may stand for: the range its lowest figure may take and the
/// range its highest may take ("up to 15%" has a lowest anywhere from 0 to 15; "12%+" a highest
/// from 12 up).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Span {
    low_lo: f64,
    low_hi: f64,
    high_lo: f64,
    high_hi: f64,
}

fn span(b: &Bounds, basis: Basis) -> Option<Span> {
    match basis {
        Basis::Levels => b.level.map(|l| {
            let v = f64::from(l);
            Span {
                low_lo: v,
                low_hi: v,
                high_lo: v,
                high_hi: v,
            }
        }),
        Basis::Figures => {
            let f = &b.figures;
            let (low_lo, low_hi) = match (f.low, f.high) {
                (Some(l), _) => (l, l),
                (None, Some(h)) => (0.0, h),
                (None, None) => return None,
            };
            let (high_lo, high_hi) = match (f.high, f.open_top) {
                (Some(h), false) => (h, h),
                (Some(h), true) => (h, f64::INFINITY),
                (None, _) => (low_lo, f64::INFINITY),
            };
            Some(Span {
                low_lo,
                low_hi,
                high_lo,
                high_hi,
            })
        }
    }
}

/// True when `a` is better than `b` whatever the unknown parts of either turn out to be: at
/// least as good at both ends, and better at one.
fn beats(a: &Span, b: &Span, better: Better) -> bool {
    match better {
        Better::Higher => {
            a.low_lo >= b.low_hi
                && a.high_lo >= b.high_hi
                && (a.low_lo > b.low_hi || a.high_lo > b.high_hi)
        }
        Better::Lower => {
            a.high_hi <= b.high_lo
                && a.low_hi <= b.low_lo
                && (a.high_hi < b.high_lo || a.low_hi < b.low_lo)
        }
        Better::None => false,
    }
}

/// What a row ranks on, or why it does not rank.
fn basis(row: &Field, bounds: &[Option<Bounds>]) -> Result<Basis, &'static str> {
    if row.better == Better::None {
        return Err(NO_ORDER);
    }
    let known: Vec<&Bounds> = bounds
        .iter()
        .flatten()
        .filter(|b| !b.figures.is_empty() || b.level.is_some())
        .collect();
    if known.iter().all(|b| !b.figures.is_empty()) {
        if known.len() < 2 {
            return Ok(Basis::Figures);
        }
        let mut scales: Vec<&str> = known.iter().filter_map(|b| b.scale.as_deref()).collect();
        if row.unit == Unit::Money && scales.contains(&"") {
            return Err(CURRENCY_NOT_STATED);
        }
        scales.sort_unstable();
        scales.dedup();
        if scales.len() > 1 {
            return Err(if row.unit == Unit::Money {
                DIFFERENT_CURRENCIES
            } else {
                DIFFERENT_DELAYS
            });
        }
        Ok(Basis::Figures)
    } else if known.iter().all(|b| b.level.is_some()) {
        Ok(Basis::Levels)
    } else {
        Err(LEVELS_AND_FIGURES)
    }
}

fn sort_figure(b: &Bounds, basis: Basis) -> Option<f64> {
    match basis {
        Basis::Figures if !b.figures.is_empty() => b.figure(),
        Basis::Levels => b.level.map(f64::from),
        Basis::Figures => None,
    }
}

impl Comparison {
    /// Compares `columns` (indices into `profiles`) on every row, the derived rows worked out
    /// with nothing known about the user (see [`Comparison::for_me`]).
    pub fn new(profiles: &crate::catalog::Programs, columns: Vec<usize>) -> Self {
        Self::for_me(profiles, columns, &Me::default())
    }

    /// Compares `columns` (indices into `profiles`) on every row, the derived rows (earnings,
    /// effective minimum, days to the first payout, eligibility) worked out for `me`.
    pub fn for_me(profiles: &crate::catalog::Programs, columns: Vec<usize>, me: &Me) -> Self {
        let shown: Vec<&Profile> = columns.iter().filter_map(|&i| profiles.get(i)).collect();
        let estimates: Vec<Estimate> = shown.iter().map(|p| Estimate::of(p, me)).collect();
        let mut unranked_reason = Vec::with_capacity(ROWS.len());
        let cells = ROWS
            .iter()
            .map(|row| {
                let (texts, bounds): (Vec<Option<String>>, Vec<Option<Bounds>>) = match row.form {
                    Form::Derived(d, _) => estimates
                        .iter()
                        .map(|e| crate::decide::derived::cell(d, e))
                        .unzip(),
                    _ => shown.iter().map(|p| (None, (row.bounds)(p))).unzip(),
                };
                let basis = basis(row, &bounds);
                unranked_reason.push(basis.err());
                let mut cells: Vec<Cell> = shown
                    .iter()
                    .zip(&bounds)
                    .zip(texts)
                    .map(|((p, b), derived_text)| Cell {
                        text: match row.form {
                            Form::Derived(..) => derived_text.map(|t| {
                                if row.is_caveated(p) {
                                    format!("{t} {}", crate::value_text::CAVEAT_MARK)
                                } else {
                                    t
                                }
                            }),
                            _ => row.marked_text(p),
                        },
                        figure: match (b, basis) {
                            (Some(b), Ok(basis)) => sort_figure(b, basis),
                            _ => None,
                        },
                        mark: Mark::Plain,
                        contradicted: row.is_contradicted(p),
                        caveat: row.is_caveated(p),
                    })
                    .collect();
                if let Ok(basis) = basis {
                    let spans: Vec<Option<Span>> = bounds
                        .iter()
                        .map(|b| b.as_ref().and_then(|b| span(b, basis)))
                        .collect();
                    mark_row(row.better, &spans, &mut cells);
                }
                cells
            })
            .collect();
        Comparison {
            columns,
            cells,
            unranked_reason,
        }
    }

    /// True when `row` has an order that `s` can sort by.
    pub fn has_order(&self, row: usize) -> bool {
        matches!(self.unranked_reason.get(row), Some(None))
    }

    /// The column order that sorts programs by `row`: best first (worst first when
    /// `reverse`), by the row's sort figure (the midpoint of each value's stated bounds, an
    /// open top counted at its stated bound; levels by their place); unknown values last
    /// either way; ties keep their current order. A row without an order is refused with the
    /// reason, for the view to show.
    pub fn sorted(&self, row: usize, reverse: bool) -> Result<Vec<usize>, &'static str> {
        let reason = self
            .unranked_reason
            .get(row)
            .copied()
            .unwrap_or(Some(NO_ORDER));
        if let Some(reason) = reason {
            return Err(reason);
        }
        let (Some(cells), Some(spec)) = (self.cells.get(row), ROWS.get(row)) else {
            return Err(NO_ORDER);
        };
        let mut order: Vec<usize> = (0..self.columns.len()).collect();
        order.sort_by(|&a, &b| spec.better.order(cells[a].figure, cells[b].figure, reverse));
        Ok(order.into_iter().map(|i| self.columns[i]).collect())
    }

    /// The column order that sorts programs by `row`, best first; a row without an order keeps
    /// the current order (see [`Comparison::sorted`] for the reason and for reversing).
    pub fn sorted_by(&self, row: usize) -> Vec<usize> {
        self.sorted(row, false)
            .unwrap_or_else(|_| self.columns.clone())
    }
}

/// Marks ★ on each value better than every other stated value of the row (or tied with it),
/// and worst on each value worse than every other, where a reader of the sources would agree
/// (see [`beats`]). Unknown values never win or lose; nothing is marked when fewer than two
/// values are stated or when they are all the same.
fn mark_row(better: Better, spans: &[Option<Span>], cells: &mut [Cell]) {
    let known: Vec<(usize, Span)> = spans
        .iter()
        .enumerate()
        .filter_map(|(i, s)| s.map(|s| (i, s)))
        .collect();
    if known.len() < 2 || known.iter().all(|(_, s)| *s == known[0].1) {
        return;
    }
    for &(i, a) in &known {
        let others = known.iter().filter(|(j, _)| *j != i);
        let best = others.clone().all(|(_, b)| a == *b || beats(&a, b, better));
        let worst = others.clone().all(|(_, b)| a == *b || beats(b, &a, better));
        if let Some(cell) = cells.get_mut(i) {
            cell.mark = if best {
                Mark::Best
            } else if worst {
                Mark::Worst
            } else {
                Mark::Plain
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Programs;

    fn profile(src: &str) -> Profile {
        toml::from_str(src).unwrap_or_else(|e| panic!("test profile: {e}"))
    }

    fn two() -> Programs {
        Programs::from(vec![
            profile(
                "id = \"a\"\nname = \"A\"\n[cookie]\ndays = 3\n[payout]\nminimum = { min = 16, max = 16, currency = \"USD\" }\n",
            ),
            profile(
                "id = \"b\"\nname = \"B\"\n[cookie]\ndays = 30\n[payout]\nminimum = { min = 10, max = 10, currency = \"USD\" }\n",
            ),
            profile("id = \"c\"\nname = \"C\"\n"),
        ])
    }

    fn row(key: &str) -> usize {
        ROWS.iter().position(|r| r.key == key).unwrap_or(usize::MAX)
    }

    #[test]
    fn best_and_worst_follow_the_row_direction() {
        let cmp = Comparison::new(&two(), vec![0, 1, 2]);
        let cookie = &cmp.cells[row("cookie_days")];
        assert_eq!(
            cookie.iter().map(|c| c.mark).collect::<Vec<_>>(),
            [Mark::Worst, Mark::Best, Mark::Plain]
        );
        let payout = &cmp.cells[row("minimum_payout")];
        assert_eq!(payout[1].mark, Mark::Best);
        assert_eq!(payout[0].mark, Mark::Worst);
        assert_eq!(payout[2].text, None);
    }

    #[test]
    fn sorting_puts_best_first_and_unknown_last() {
        let cmp = Comparison::new(&two(), vec![2, 0, 1]);
        assert_eq!(cmp.sorted_by(row("cookie_days")), vec![1, 0, 2]);
        assert_eq!(cmp.sorted_by(row("minimum_payout")), vec![1, 0, 2]);
    }

    #[test]
    fn equal_figures_mark_nothing() {
        let ps = Programs::from(vec![two()[0].clone(), two()[0].clone()]);
        let cmp = Comparison::new(&ps, vec![0, 1]);
        assert!(
            cmp.cells[row("cookie_days")]
                .iter()
                .all(|c| c.mark == Mark::Plain)
        );
    }
}

/// The ranking cases of issue 10, on the bundled profiles and on small made-up ones.
#[cfg(test)]
mod ranking_tests {
    use super::*;
    use crate::catalog::Programs;

    fn bundled() -> Vec<Profile> {
        crate::bundled::BUNDLED
            .iter()
            .map(|(name, src)| toml::from_str(src).unwrap_or_else(|e| panic!("{name}: {e}")))
            .collect()
    }

    fn row(key: &str) -> usize {
        ROWS.iter().position(|r| r.key == key).unwrap_or(usize::MAX)
    }

    /// The comparison of the bundled programs `ids`, in that order.
    fn compare(ids: &[&str]) -> (Programs, Comparison) {
        let ps = Programs::from(bundled());
        let cols = ids
            .iter()
            .map(|id| {
                ps.iter()
                    .position(|p| p.id.as_str() == *id)
                    .unwrap_or_else(|| panic!("no {id}"))
            })
            .collect();
        let cmp = Comparison::new(&ps, cols);
        (ps, cmp)
    }

    fn marks(cmp: &Comparison, key: &str) -> Vec<Mark> {
        cmp.cells[row(key)].iter().map(|c| c.mark).collect()
    }

    fn ids(ps: &crate::catalog::Programs, order: &[usize]) -> Vec<String> {
        order.iter().map(|&i| ps[i].id.to_string()).collect()
    }

    #[test]
    fn banggood_open_top_beats_aliexpress_and_amazon() {
        let (ps, cmp) = compare(&["aliexpress", "amazon-associates", "banggood"]);
        let r = row("commission");
        assert_eq!(cmp.cells[r][2].text.as_deref(), Some("4–12%+"));
        // 4–12%+ beats 3–9% and 1–10% at both ends; 3–9% and 1–10% overlap, so neither is
        // the worst.
        assert_eq!(
            marks(&cmp, "commission"),
            [Mark::Plain, Mark::Plain, Mark::Best]
        );
        let order = cmp.sorted(r, false).expect("commission has an order");
        assert_eq!(
            ids(&ps, &order),
            ["banggood", "aliexpress", "amazon-associates"]
        );
        let reversed = cmp.sorted(r, true).expect("commission has an order");
        assert_eq!(
            ids(&ps, &reversed),
            ["amazon-associates", "aliexpress", "banggood"]
        );
    }

    #[test]
    fn dhgate_and_temu_overlap_so_neither_wins_and_the_midpoint_orders_them() {
        let (ps, cmp) = compare(&["temu", "dhgate"]);
        assert_eq!(marks(&cmp, "commission"), [Mark::Plain, Mark::Plain]);
        // Midpoints: DHgate (3 + 60) / 2 = 31.5, Temu (5 + 20) / 2 = 12.5.
        let order = cmp.sorted(row("commission"), false).expect("ordered");
        assert_eq!(ids(&ps, &order), ["dhgate", "temu"]);
    }

    #[test]
    fn an_open_top_does_not_lose_to_a_range_it_may_exceed() {
        // Temu 5–20% is higher at the bottom, but Banggood's 12%+ may go past 20%.
        let (_, cmp) = compare(&["temu", "banggood"]);
        assert_eq!(marks(&cmp, "commission"), [Mark::Plain, Mark::Plain]);
    }

    fn made_up(minimum: &str) -> Profile {
        toml::from_str(&format!(
            "id = \"x\"\nname = \"X\"\n[payout]\nminimum = {minimum}\n"
        ))
        .unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn different_currencies_are_not_ranked() {
        let ps = vec![
            made_up("{ min = 1000, max = 1000, currency = \"INR\" }"),
            made_up("{ min = 16, max = 16, currency = \"USD\" }"),
        ];
        let cmp = Comparison::new(&ps.into(), vec![0, 1]);
        let r = row("minimum_payout");
        assert_eq!(marks(&cmp, "minimum_payout"), [Mark::Plain, Mark::Plain]);
        assert_eq!(cmp.unranked_reason[r], Some(DIFFERENT_CURRENCIES));
        assert!(!cmp.has_order(r));
        assert_eq!(cmp.sorted(r, false), Err(DIFFERENT_CURRENCIES));
        assert_eq!(
            cmp.sorted_by(r),
            vec![0, 1],
            "an unranked row keeps its order"
        );
    }

    #[test]
    fn the_same_currency_ranks_and_zero_goes_with_any_currency() {
        let ps = vec![
            made_up("{ min = 1000, max = 1000, currency = \"INR\" }"),
            made_up("{ min = 500, max = 500, currency = \"INR\" }"),
            made_up("{ no_minimum = true }"),
        ];
        let cmp = Comparison::new(&ps.into(), vec![0, 1, 2]);
        assert_eq!(
            marks(&cmp, "minimum_payout"),
            [Mark::Worst, Mark::Plain, Mark::Best]
        );
    }

    #[test]
    fn unknown_never_wins_or_loses() {
        let (ps, cmp) = compare(&["alibaba", "aliexpress", "banggood"]);
        // Alibaba states no delay; AliExpress alone states one: nothing to rank against.
        assert_eq!(
            marks(&cmp, "payout_delay"),
            [Mark::Plain, Mark::Plain, Mark::Plain]
        );
        // Banggood states no cookie: the other two rank, Banggood stays plain and sorts last
        // either way.
        assert_eq!(
            marks(&cmp, "cookie_days"),
            [Mark::Best, Mark::Worst, Mark::Plain]
        );
        let r = row("cookie_days");
        assert_eq!(
            ids(&ps, &cmp.sorted(r, false).expect("ordered")),
            ["alibaba", "aliexpress", "banggood"]
        );
        assert_eq!(
            ids(&ps, &cmp.sorted(r, true).expect("ordered")),
            ["aliexpress", "alibaba", "banggood"]
        );
    }

    #[test]
    fn levels_rank_when_every_value_has_one_and_mixed_rows_do_not() {
        // Average order in the Alibaba.com guide's table: Alibaba and DHgate give only a
        // rating, so the row ranks on ratings: high beats medium–high, medium and low.
        let (_, cmp) = compare(&["alibaba", "aliexpress", "dhgate", "amazon-associates"]);
        assert_eq!(
            marks(&cmp, "average_order"),
            [Mark::Best, Mark::Worst, Mark::Plain, Mark::Plain]
        );
        // A rating with no level beside a bare figure: no rule says which is better.
        let ps = vec![
            toml::from_str::<Profile>(
                "id = \"a\"\nname = \"A\"\n[market]\naverage_order = { level = \"high\" }\n",
            )
            .unwrap_or_else(|e| panic!("{e}")),
            toml::from_str::<Profile>(
                "id = \"b\"\nname = \"B\"\n[market]\naverage_order = { min = 40, max = 40, currency = \"USD\" }\n",
            )
            .unwrap_or_else(|e| panic!("{e}")),
        ];
        let cmp = Comparison::new(&ps.into(), vec![0, 1]);
        let r = row("average_order");
        assert_eq!(cmp.unranked_reason[r], Some(LEVELS_AND_FIGURES));
        assert_eq!(marks(&cmp, "average_order"), [Mark::Plain, Mark::Plain]);
    }

    #[test]
    fn figures_rank_where_every_value_has_one() {
        // The AliExpress guide's table gives every average bill a figure: ~$25–$30 is the
        // lowest; $50+ and ~$50 do not beat each other, so no ★.
        let (ps, cmp) = compare(&["aliexpress", "amazon-associates", "temu", "banggood"]);
        assert_eq!(
            marks(&cmp, "average_order"),
            [Mark::Plain, Mark::Plain, Mark::Worst, Mark::Plain]
        );
        // Thresholds: $10 beats $16 and $20–$50, but Banggood's "no minimum / low" may be
        // nothing or an unstated low amount, so $10 is not clearly best and $20–$50 not
        // clearly worst; the sort still puts "no minimum" (0) first.
        let r = row("minimum_payout");
        assert_eq!(
            marks(&cmp, "minimum_payout"),
            [Mark::Plain, Mark::Plain, Mark::Plain, Mark::Plain]
        );
        assert_eq!(
            ids(&ps, &cmp.sorted(r, false).expect("ordered")),
            ["banggood", "amazon-associates", "aliexpress", "temu"]
        );
    }

    #[test]
    fn a_lock_period_and_payment_terms_are_not_ranked() {
        let (_, cmp) = compare(&["aliexpress", "amazon-associates"]);
        let r = row("payout_delay");
        assert_eq!(cmp.unranked_reason[r], Some(DIFFERENT_DELAYS));
        assert_eq!(cmp.cells[r][1].text.as_deref(), Some("Net-60"));
    }

    #[test]
    fn text_rows_have_no_order() {
        let (_, cmp) = compare(&["aliexpress", "temu"]);
        let r = row("focus");
        assert!(!cmp.has_order(r));
        assert_eq!(cmp.sorted(r, false), Err(NO_ORDER));
    }

    #[test]
    fn caveated_values_carry_the_marker() {
        let (_, cmp) = compare(&["alibaba", "amazon-associates"]);
        let c = &cmp.cells[row("countries")][0];
        assert!(c.caveat);
        assert_eq!(
            c.text.as_deref(),
            Some("Worldwide, except CN, IN, NG for some shipping or promotions *")
        );
        let m = &cmp.cells[row("payout_methods")][1];
        assert_eq!(m.text.as_deref(), Some("Direct deposit, Gift card *"));
    }
}

/// The rows worked out for the user (issue 12), ranked by the same rules as the rest.
#[cfg(test)]
mod derived_row_tests {
    use super::*;
    use crate::catalog::Programs;
    use crate::decide::me::{check_channel, check_country};

    fn row(key: &str) -> usize {
        ROWS.iter().position(|r| r.key == key).unwrap_or(usize::MAX)
    }

    fn tiktoker() -> Me {
        Me {
            countries: check_country("IN").into_iter().collect(),
            channels: check_channel("tiktok").into_iter().collect(),
            clicks: Some(20_000),
            ..Me::default()
        }
    }

    fn programs(srcs: &[&str]) -> Programs {
        srcs.iter()
            .map(|s| toml::from_str(s).unwrap_or_else(|e| panic!("{e}")))
            .collect()
    }

    #[test]
    fn the_bundled_programs_get_the_derived_rows_for_the_user() {
        let ps = Programs::from(crate::decide::test_profiles::all_bundled());
        let col = |id: &str| ps.iter().position(|p| p.id.as_str() == id).unwrap_or(0);
        let cmp = Comparison::for_me(
            &ps,
            vec![col("aliexpress"), col("amazon-associates"), col("alibaba")],
            &tiktoker(),
        );
        let text = |key: &str, c: usize| cmp.cells[row(key)][c].text.clone().unwrap_or_default();
        assert_eq!(text("monthly_earnings", 0), "~$420–$2,880 *");
        assert_eq!(text("per_click", 1), "≥ $0.05");
        assert_eq!(text("per_click", 2), "needs conversion, average order *");
        assert_eq!(text("effective_minimum", 2), "$31 *");
        assert_eq!(text("days_to_first_payout", 0), "~61–92 days *");
        assert_eq!(text("eligibility", 0), "yes");
        assert!(cmp.cells[row("per_click")][1].contradicted);
        assert_eq!(text("eligibility", 2), "check: IN *");
        // $10 beats $16 and $31 at both ends; eligibility yes beats check, and Amazon's "not
        // stated" neither wins nor loses.
        let marks = |key: &str| {
            cmp.cells[row(key)]
                .iter()
                .map(|c| c.mark)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            marks("effective_minimum"),
            [Mark::Plain, Mark::Best, Mark::Worst]
        );
        assert_eq!(marks("eligibility"), [Mark::Best, Mark::Plain, Mark::Worst]);
        let order = cmp.sorted(row("monthly_earnings"), false);
        assert_eq!(
            order.map(|o| o.len()),
            Ok(3),
            "monthly earnings rank within USD"
        );
    }

    #[test]
    fn earnings_in_different_currencies_are_not_ranked() {
        let ps = programs(&[
            "id = \"a\"\nname = \"A\"\n[market]\naverage_order = { min = 40, max = 40, currency = \"USD\" }\nconversion = { min = 2, max = 2 }\n[commission]\nrate = { min = 5, max = 5 }\n",
            "id = \"b\"\nname = \"B\"\n[market]\naverage_order = { min = 3000, max = 3000, currency = \"INR\" }\nconversion = { min = 2, max = 2 }\n[commission]\nrate = { min = 5, max = 5 }\n",
        ]);
        let cmp = Comparison::for_me(&ps, vec![0, 1], &tiktoker());
        for key in ["per_click", "per_1000_clicks", "monthly_earnings"] {
            assert_eq!(
                cmp.unranked_reason[row(key)],
                Some(DIFFERENT_CURRENCIES),
                "{key}"
            );
        }
        assert_eq!(
            cmp.cells[row("per_click")][1].text.as_deref(),
            Some("3 INR")
        );
    }
}
