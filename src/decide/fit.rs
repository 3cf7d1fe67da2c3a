//! The fit ranking: programs ordered for the user by eligibility (no sorts last, conditional
//! is flagged), then estimated monthly earnings (EPC when no clicks are set), then days to the
//! first payout; each with its reasons, never a bare score. Earnings rank only within one
//! currency, by the grid's own rule ([`Better::order`] on [`Bounds`] with a scale).

use std::cmp::Ordering;

use serde::Serialize;

use super::Estimate;
use super::eligibility::Verdict;
use crate::model::fields::{Better, Bounds};

/// What decides the order, in order: the words a view shows above a fit list.
pub const ORDER_RULE: &str = "eligibility first (no last; check is flagged), then monthly earnings (earnings per click without --clicks; within one currency), then days to the first payout";

/// One program's place in the ranking and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fit {
    /// Its index in the slice of estimates ranked.
    pub index: usize,
    /// True when eligibility is "check": ranked with the eligible, but flagged.
    pub flagged: bool,
    /// The reasons, in the order they rank: eligibility, earnings, time to cash.
    pub reasons: Vec<String>,
}

/// The earnings a program ranks on, as the grid ranks a money row: `scale` is the currency.
fn earnings_bounds(e: &Estimate) -> Option<Bounds> {
    let band = e.earnings.per_month.or(e.earnings.per_click)?;
    Some(Bounds {
        figures: band.figures(),
        level: None,
        scale: Some(e.earnings.currency.clone()),
    })
}

/// The currency most estimates with earnings are in (ties: the first in code order); earnings
/// in any other currency are not ranked against it.
fn main_currency(estimates: &[Estimate]) -> Option<String> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for b in estimates.iter().filter_map(earnings_bounds) {
        let c = b.scale.unwrap_or_default();
        match counts.iter_mut().find(|(k, _)| *k == c) {
            Some((_, n)) => *n += 1,
            None => counts.push((c, 1)),
        }
    }
    counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    counts.into_iter().next().map(|(c, _)| c)
}

/// Ranks `estimates` best first.
pub fn rank(estimates: &[Estimate]) -> Vec<Fit> {
    let main = main_currency(estimates);
    let earning = |e: &Estimate| {
        earnings_bounds(e)
            .filter(|b| b.scale == main)
            .and_then(|b| b.figure())
    };
    let days = |e: &Estimate| Some(e.cash.days.figure());
    let mut order: Vec<usize> = (0..estimates.len()).collect();
    order.sort_by(|&a, &b| {
        let (ea, eb) = (&estimates[a], &estimates[b]);
        let no = |e: &Estimate| e.eligibility.verdict == Verdict::No;
        no(ea)
            .cmp(&no(eb))
            .then_with(|| Better::Higher.order(earning(ea), earning(eb), false))
            .then_with(|| Better::Lower.order(days(ea), days(eb), false))
            .then(Ordering::Equal)
    });
    order
        .into_iter()
        .map(|i| {
            let e = &estimates[i];
            let mut reasons = vec![format!("eligible: {}", e.eligibility.summary())];
            let per = if e.earnings.per_month.is_some() {
                format!("{} a month", e.earnings.text(e.earnings.per_month))
            } else if e.earnings.per_click.is_some() {
                format!("{} a click", e.earnings.text(e.earnings.per_click))
            } else {
                e.earnings.unavailable()
            };
            let other_currency = earnings_bounds(e).is_some_and(|b| b.scale != main);
            reasons.push(if other_currency {
                format!(
                    "{per} (in {}, not ranked against {})",
                    e.earnings.currency,
                    main.clone().unwrap_or_default()
                )
            } else {
                per
            });
            reasons.push(format!("first payout: {}", e.cash.summary()));
            Fit {
                index: i,
                flagged: e.eligibility.verdict == Verdict::Conditional,
                reasons,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decide::me::{Me, check_channel, check_country};
    use crate::decide::test_profiles::{all_bundled, made_up};

    fn tiktoker() -> Me {
        Me {
            countries: check_country("IN").into_iter().collect(),
            channels: check_channel("tiktok").into_iter().collect(),
            clicks: Some(20_000),
            ..Me::default()
        }
    }

    #[test]
    fn the_tiktoker_in_india_gets_earnings_first_and_alibaba_flagged() {
        let ps = all_bundled();
        let estimates: Vec<Estimate> = ps.iter().map(|p| Estimate::of(p, &tiktoker())).collect();
        let fits = rank(&estimates);
        let ids: Vec<&str> = fits.iter().map(|f| ps[f.index].id.as_str()).collect();
        // Those with an estimate come first, by monthly earnings midpoint; then the rest by
        // days to the first payout.
        assert_eq!(ids[0], "aliexpress", "{ids:?}");
        let alibaba = fits
            .iter()
            .find(|f| ps[f.index].id.as_str() == "alibaba")
            .map(|f| f.flagged);
        assert_eq!(alibaba, Some(true));
        for f in &fits {
            assert_eq!(f.reasons.len(), 3, "{:?}", f.reasons);
        }
    }

    #[test]
    fn a_no_sorts_last_and_other_currencies_are_not_ranked_against_the_main_one() {
        let shut = made_up(
            "[market]\naverage_order = { min = 1000, max = 1000, currency = \"USD\" }\nconversion = { min = 50, max = 50 }\n[commission]\nrate = { min = 50, max = 50 }\n[promotion]\ncountries = { exclusions = [{ codes = [\"IN\"] }] }\n",
        );
        let small = made_up(
            "[market]\naverage_order = { min = 10, max = 10, currency = \"USD\" }\nconversion = { min = 1, max = 1 }\n[commission]\nrate = { min = 1, max = 1 }\n",
        );
        let rupees = made_up(
            "[market]\naverage_order = { min = 100000, max = 100000, currency = \"INR\" }\nconversion = { min = 5, max = 5 }\n[commission]\nrate = { min = 5, max = 5 }\n",
        );
        let ps = [shut, small.clone(), rupees, small];
        let estimates: Vec<Estimate> = ps.iter().map(|p| Estimate::of(p, &tiktoker())).collect();
        let fits = rank(&estimates);
        let order: Vec<usize> = fits.iter().map(|f| f.index).collect();
        assert_eq!(
            order.last(),
            Some(&0),
            "the excluded one is last: {order:?}"
        );
        assert_eq!(&order[..2], &[1, 3], "USD ranks; INR is not put above it");
        assert!(fits[2].reasons[1].contains("in INR, not ranked against USD"));
    }
}
