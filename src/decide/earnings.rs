//! Earnings: EPC (conversion × average order × commission), per 1,000 clicks, and per month at
//! the user's clicks, each a [`Band`] from the low and high ends of the inputs, in the
//! program's currency. Where a network measured the program's EPC (`market.epc`, from `affex
//! import`) and the user gave neither a conversion nor an order value of their own, the
//! measured EPC is used instead, and [`Earnings::measured`] says so.

use serde::Serialize;

use super::band::{Band, money};
use super::inputs::{Input, earning_inputs};
use super::me::Me;
use crate::model::Profile;

/// What a program may earn the user, and how it was reached.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Earnings {
    /// Conversion, average order and commission, each with its source.
    pub inputs: [Input; 3],
    /// The currency of every amount: the average order's, else the payout threshold's ("" when
    /// neither states one).
    pub currency: String,
    /// Earnings per click, or `None` when an input is missing.
    pub per_click: Option<Band>,
    /// Earnings per 1,000 clicks.
    pub per_thousand: Option<Band>,
    /// The clicks a month it was worked out for (the user's).
    pub clicks: Option<u64>,
    /// Earnings a month at [`Earnings::clicks`].
    pub per_month: Option<Band>,
    /// Where the EPC was measured by a network and used instead of conversion × order ×
    /// commission: what the networks said ("measured by the network: £0.47 per click (awin:
    /// £0.47 per click)"); `None` when it was worked out from the inputs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub measured: Option<String>,
}

/// The EPC a network measured, as a band in its currency, with the words that say so.
fn measured_epc(p: &Profile) -> Option<(Band, String, String)> {
    let epc = &p.market.epc;
    let low = epc.min.or(epc.max)?.get();
    let high = if epc.open_top {
        None
    } else {
        Some(epc.max.or(epc.min)?.get())
    };
    let band = Band {
        low,
        high,
        approx: epc.approx,
    };
    let currency = epc
        .currency
        .as_ref()
        .map_or(String::new(), |c| c.as_str().to_string());
    let words = crate::model::fields::by_key("network_epc")
        .and_then(|f| (f.text)(p))
        .map_or_else(String::new, |t| format!("measured by the network: {t}"));
    Some((band, currency, words))
}

impl Earnings {
    /// Works out the earnings of `p` for `me`.
    pub fn of(p: &Profile, me: &Me) -> Earnings {
        let mut inputs = earning_inputs(p, me);
        let currency = inputs[1].unit.clone();
        // The average order's currency; where it states none (a rating only), the currency
        // the program pays its threshold in.
        let currency = if currency.is_empty() {
            super::inputs::currency_of(p, "minimum_payout")
        } else {
            currency
        };
        if inputs[1].origin == super::inputs::Origin::You {
            inputs[1].unit = currency.clone();
        }
        let own_inputs = me.conversion.is_some() || me.order.is_some();
        if !own_inputs && let Some((band, epc_currency, words)) = measured_epc(p) {
            let per_click = Some(band);
            return Earnings {
                inputs,
                currency: epc_currency,
                per_click,
                per_thousand: per_click.map(|b| b.scale(1000.0)),
                clicks: me.clicks,
                per_month: per_click
                    .zip(me.clicks)
                    .map(|(b, clicks)| b.scale(clicks as f64)),
                measured: Some(words),
            };
        }
        let per_click = match (&inputs[0].value, &inputs[1].value, &inputs[2].value) {
            (Ok(conversion), Ok(order), Ok(commission)) => Some(
                conversion
                    .scale(0.01)
                    .times(*order)
                    .times(commission.scale(0.01)),
            ),
            _ => None,
        };
        let per_thousand = per_click.map(|b| b.scale(1000.0));
        let per_month = per_click
            .zip(me.clicks)
            .map(|(b, clicks)| b.scale(clicks as f64));
        Earnings {
            inputs,
            currency,
            per_click,
            per_thousand,
            clicks: me.clicks,
            per_month,
            measured: None,
        }
    }
    /// The inputs with no figure (none matter when a network's measured EPC is used).
    pub fn missing(&self) -> impl Iterator<Item = &Input> {
        let used = self.measured.is_none();
        self.inputs.iter().filter(move |i| used && i.value.is_err())
    }
    /// An amount in this estimate's currency: "$0.021", "15 (currency not stated)".
    pub fn money(&self, v: f64) -> String {
        if self.currency.is_empty() {
            format!("{} (currency not stated)", super::band::amount(v))
        } else {
            money(v, Some(&self.currency))
        }
    }
    /// A band of this estimate's amounts, or why there is none: "$0.021–$0.144",
    /// "unavailable: average order missing".
    pub fn text(&self, band: Option<Band>) -> String {
        match band {
            Some(b) => {
                let currency = (!self.currency.is_empty()).then_some(self.currency.as_str());
                let t = b.text(|v| money(v, currency));
                if currency.is_none() {
                    format!("{t} (currency not stated)")
                } else {
                    t
                }
            }
            None => self.unavailable(),
        }
    }
    /// Why an amount is unavailable: the missing inputs, or the missing clicks.
    pub fn unavailable(&self) -> String {
        let missing: Vec<&str> = self.missing().map(|i| i.name).collect();
        if missing.is_empty() {
            "give --clicks to see monthly earnings".to_string()
        } else {
            format!("unavailable: {} missing", missing.join(" and "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decide::test_profiles::bundled;

    fn near(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn aliexpress_worked_example_from_the_seeds() {
        let p = bundled("aliexpress");
        let me = Me {
            clicks: Some(20_000),
            ..Me::default()
        };
        let e = Earnings::of(&p, &me);
        let click = e.per_click.unwrap_or(Band::exact(-1.0));
        assert!(near(click.low, 0.021) && near(click.high.unwrap_or(0.0), 0.144));
        assert_eq!(e.text(e.per_click), "~$0.021–$0.144");
        assert_eq!(e.text(e.per_thousand), "~$21–$144");
        assert_eq!(e.text(e.per_month), "~$420–$2,880");
        assert_eq!(e.inputs[0].text(), "~2–4% (profile)");
        assert_eq!(e.inputs[1].text(), "~$35–$40 (profile)");
        assert_eq!(e.inputs[2].text(), "3–9% (profile)");
    }

    #[test]
    fn a_network_measured_epc_is_used_and_said_unless_the_user_gives_inputs() {
        use crate::decide::test_profiles::made_up;
        let p = made_up(
            "[market]\nepc = { min = 0.47, max = 0.47, currency = \"GBP\" }\nconversion = { min = 2, max = 2 }\naverage_order = { min = 50, max = 50, currency = \"GBP\" }\n[commission]\nrate = { min = 10, max = 10 }\n",
        );
        let e = Earnings::of(
            &p,
            &Me {
                clicks: Some(1000),
                ..Me::default()
            },
        );
        assert_eq!(e.text(e.per_click), "£0.47");
        assert_eq!(e.text(e.per_month), "£470");
        assert_eq!(
            e.measured.as_deref(),
            Some("measured by the network: £0.47 per click")
        );
        // The user's own conversion: worked out from the inputs, 2% × £50 × 10% = £0.10.
        let mine = Earnings::of(
            &p,
            &Me {
                conversion: Some(2.0),
                ..Me::default()
            },
        );
        assert_eq!(mine.text(mine.per_click), "£0.10");
        assert_eq!(mine.measured, None);
    }

    #[test]
    fn amazon_is_open_ended() {
        let e = Earnings::of(&bundled("amazon-associates"), &Me::default());
        assert_eq!(e.text(e.per_click), "≥ $0.05");
        assert_eq!(e.per_click.map(|b| b.high), Some(None));
        assert!(e.per_click.is_some_and(|b| b.approx));
        assert_eq!(e.text(e.per_month), "give --clicks to see monthly earnings");
    }

    #[test]
    fn alibaba_needs_a_conversion_and_an_order_and_then_has_a_figure() {
        let p = bundled("alibaba");
        let e = Earnings::of(&p, &Me::default());
        assert_eq!(e.per_click, None);
        assert_eq!(
            e.text(e.per_click),
            "unavailable: conversion and average order missing"
        );
        assert_eq!(
            e.inputs[0].text(),
            "missing: the profile rates it low–medium but gives no figure; give --conversion PCT"
        );
        let conversion_only = Me {
            conversion: Some(2.0),
            ..Me::default()
        };
        let e = Earnings::of(&p, &conversion_only);
        assert_eq!(e.text(e.per_click), "unavailable: average order missing");
        let both = Me {
            conversion: Some(2.0),
            order: Some(500.0),
            clicks: Some(20_000),
            ..Me::default()
        };
        let e = Earnings::of(&p, &both);
        // 2% × $500 × 6–15% (typical low, the rate's ceiling): $0.60–$1.50 a click.
        assert_eq!(e.text(e.per_click), "$0.60–$1.50");
        assert_eq!(e.text(e.per_month), "$12,000–$30,000");
        assert_eq!(e.inputs[0].text(), "2% (yours)");
    }
}
