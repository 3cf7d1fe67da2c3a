//! The comparison rows: which fields are laid side by side, how each reads, and which value is
//! best. `affex compare` and the comparison grid both build their table here.

use std::cmp::Ordering;

use serde::Serialize;

use std::sync::LazyLock;

use crate::model::Profile;
pub use crate::model::fields::Better;
use crate::model::fields::{self, Field};

/// Every comparable row, in display order: the field table's compared fields.
pub static ROWS: LazyLock<Vec<&'static Field>> = LazyLock::new(|| fields::compared().collect());

/// How a cell ranks within its row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Mark {
    /// The best value on the row (ties share it).
    Best,
    /// The worst value on the row.
    Worst,
    /// Neither, or the row does not rank.
    Plain,
}

/// One program's value on one row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cell {
    /// The value as text; `None` is "not stated".
    pub text: Option<String>,
    /// The figure ranked on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub figure: Option<f64>,
    /// Best, worst or plain.
    pub mark: Mark,
    /// True when the program's sources disagree on this value.
    pub contradicted: bool,
}

/// The whole table for a set of programs, in column order.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// The profile indices of the columns, in display order.
    pub columns: Vec<usize>,
    /// One entry per [`ROWS`] entry: that row's cells, parallel to `columns`.
    pub cells: Vec<Vec<Cell>>,
}

impl Comparison {
    /// Compares `columns` (indices into `profiles`) on every row.
    pub fn new(profiles: &[Profile], columns: Vec<usize>) -> Self {
        let cells = ROWS
            .iter()
            .map(|row| {
                let mut cells: Vec<Cell> = columns
                    .iter()
                    .filter_map(|&i| profiles.get(i))
                    .map(|p| Cell {
                        text: (row.text)(p),
                        figure: (row.figure)(p),
                        mark: Mark::Plain,
                        contradicted: row.is_contradicted(p),
                    })
                    .collect();
                mark_row(row.better, &mut cells);
                cells
            })
            .collect();
        Comparison { columns, cells }
    }

    /// The column order that sorts programs by `row`, best first; unknown values last, ties
    /// keep their current order. Text rows sort alphabetically.
    pub fn sorted_by(&self, row: usize) -> Vec<usize> {
        let Some(cells) = self.cells.get(row) else {
            return self.columns.clone();
        };
        let better = ROWS.get(row).map_or(Better::None, |r| r.better);
        let mut order: Vec<usize> = (0..self.columns.len()).collect();
        order.sort_by(|&a, &b| {
            let (ca, cb) = (&cells[a], &cells[b]);
            match better {
                Better::None => match (&ca.text, &cb.text) {
                    (Some(x), Some(y)) => x.to_lowercase().cmp(&y.to_lowercase()),
                    (Some(_), None) => Ordering::Less,
                    (None, Some(_)) => Ordering::Greater,
                    (None, None) => Ordering::Equal,
                },
                _ => match (ca.figure, cb.figure) {
                    (Some(x), Some(y)) => {
                        let ord = x.partial_cmp(&y).unwrap_or(Ordering::Equal);
                        if better == Better::Higher {
                            ord.reverse()
                        } else {
                            ord
                        }
                    }
                    (Some(_), None) => Ordering::Less,
                    (None, Some(_)) => Ordering::Greater,
                    (None, None) => Ordering::Equal,
                },
            }
        });
        order.into_iter().map(|i| self.columns[i]).collect()
    }
}

/// Marks the best and worst figures on a row. Nothing is marked when fewer than two programs
/// state a figure or when they all state the same one.
fn mark_row(better: Better, cells: &mut [Cell]) {
    if better == Better::None {
        return;
    }
    let figures: Vec<f64> = cells.iter().filter_map(|c| c.figure).collect();
    let (Some(lo), Some(hi)) = (
        figures.iter().copied().reduce(f64::min),
        figures.iter().copied().reduce(f64::max),
    ) else {
        return;
    };
    if figures.len() < 2 || lo == hi {
        return;
    }
    let (best, worst) = if better == Better::Higher {
        (hi, lo)
    } else {
        (lo, hi)
    };
    for cell in cells.iter_mut() {
        cell.mark = match cell.figure {
            Some(f) if f == best => Mark::Best,
            Some(f) if f == worst => Mark::Worst,
            _ => Mark::Plain,
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile(src: &str) -> Profile {
        toml::from_str(src).unwrap_or_else(|e| panic!("test profile: {e}"))
    }

    fn two() -> Vec<Profile> {
        vec![
            profile(
                "id = \"a\"\nname = \"A\"\n[cookie]\ndays = 3\n[payout]\nminimum = { min = 16, currency = \"USD\" }\n",
            ),
            profile(
                "id = \"b\"\nname = \"B\"\n[cookie]\ndays = 30\n[payout]\nminimum = { min = 10, currency = \"USD\" }\n",
            ),
            profile("id = \"c\"\nname = \"C\"\n"),
        ]
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
        let ps = vec![two().remove(0), two().remove(0)];
        let cmp = Comparison::new(&ps, vec![0, 1]);
        assert!(
            cmp.cells[row("cookie_days")]
                .iter()
                .all(|c| c.mark == Mark::Plain)
        );
    }
}
