//! Time to cash: the effective minimum (threshold plus the fee per withdrawal), the clicks and
//! days to reach it at the estimated EPC, then the lock or validation period, the payment terms
//! and the payment run, each a step with its days, summed into days to the first payout. A
//! missing input is named, and what can still be said is said ("at least 60 days").

use serde::Serialize;

use super::band::{Band, grouped};
use super::earnings::Earnings;
use super::inputs::currency_of;
use crate::model::fields;
use crate::model::{DelayKind, Frequency, PayMonth, Profile};

/// Days in a month, for turning monthly clicks into days and "the next monthly run" into a
/// wait of 0 to 30 days.
pub const MONTH_DAYS: f64 = 30.0;

/// One step on the way to the first payout.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Step {
    /// What happens, in words ("60-day locking/validation period").
    pub what: String,
    /// The days it adds, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub days: Option<Band>,
}

/// When the first money may arrive, and how that was worked out.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimeToCash {
    /// The payout threshold, in [`TimeToCash::currency`].
    pub threshold: Option<Band>,
    /// The threshold as the field table words it ("$16", "no minimum / low").
    pub threshold_text: Option<String>,
    /// The fee per withdrawal.
    pub fee: Option<Band>,
    /// True when the fee states no currency and is taken to be in the threshold's.
    pub fee_currency_assumed: bool,
    /// Threshold plus fee: the balance worth cashing out.
    pub effective_minimum: Option<Band>,
    /// The currency of the amounts ("" when not stated).
    pub currency: String,
    /// The clicks needed to earn the effective minimum at the estimated EPC.
    pub clicks_needed: Option<Band>,
    /// The months of the user's clicks that takes.
    pub months_to_reach: Option<Band>,
    /// The steps, in order, each with the days it adds.
    pub steps: Vec<Step>,
    /// Days to the first payout: a range when every step is known, else the least it can be
    /// (`high` is `None`).
    pub days: Band,
    /// The inputs that are missing, each with what gives it.
    pub missing: Vec<String>,
}

fn money_band(p: &Profile, key: &str) -> Option<Band> {
    let b = fields::by_key(key).and_then(|f| (f.bounds)(p))?;
    let f = b.figures;
    if f.is_empty() {
        return None;
    }
    Some(Band {
        low: f.low.unwrap_or(0.0),
        high: if f.open_top { None } else { f.high.or(f.low) },
        approx: f.approx,
    })
}

fn days(lo: f64, hi: f64) -> Option<Band> {
    Some(Band {
        low: lo,
        high: Some(hi),
        approx: false,
    })
}

impl TimeToCash {
    /// Works out the time to cash of `p` from its earnings `e` (which hold the user's clicks).
    pub fn of(p: &Profile, e: &Earnings) -> TimeToCash {
        let mut steps = Vec::new();
        let mut missing = Vec::new();
        let currency = currency_of(p, "minimum_payout");
        let threshold = money_band(p, "minimum_payout");
        let fee = money_band(p, "withdrawal_fee");
        let fee_currency_assumed =
            fee.is_some_and(|f| f.low > 0.0) && currency_of(p, "withdrawal_fee").is_empty();
        let effective_minimum = threshold.map(|t| match fee {
            Some(f) => t.plus(f),
            None => t,
        });
        let shown = |b: Band| {
            let c = (!currency.is_empty()).then_some(currency.as_str());
            b.text(|v| super::band::money(v, c))
        };
        match (threshold, effective_minimum) {
            (Some(t), Some(m)) => {
                let fee_words = match fee {
                    Some(f) if f.low > 0.0 || f.high != Some(0.0) => {
                        let assumed = if fee_currency_assumed {
                            " (its currency is not stated; taken as the threshold's)"
                        } else {
                            ""
                        };
                        format!(" + {} fee per withdrawal{assumed}", shown(f))
                    }
                    _ => String::new(),
                };
                let head = if p.payout.minimum.no_minimum {
                    "no minimum".to_string()
                } else {
                    format!("{} threshold", shown(t))
                };
                let what = if fee_words.is_empty() {
                    // No fee: the threshold is the minimum, as the field table words it.
                    let words = fields::by_key("minimum_payout")
                        .and_then(|f| (f.text)(p))
                        .unwrap_or(head);
                    format!("effective minimum: {words} (no fee per withdrawal stated)")
                } else {
                    format!("effective minimum: {head}{fee_words} = {}", shown(m))
                };
                steps.push(Step { what, days: None });
            }
            _ => missing.push("payout threshold: the profile does not state it".to_string()),
        }
        let mut clicks_needed = None;
        let mut months_to_reach = None;
        let same_currency = e.currency == currency || currency.is_empty() || e.currency.is_empty();
        let reach = match (effective_minimum, e.per_click, e.clicks) {
            (Some(m), _, _) if m.high == Some(0.0) => Some(Step {
                what: "no minimum and no fee: the first commission can be paid".to_string(),
                days: days(0.0, 0.0),
            }),
            (Some(_), Some(_), _) if !same_currency => {
                missing.push(format!(
                    "the threshold is in {currency} and the estimate in {}, which affex does not convert",
                    e.currency
                ));
                None
            }
            (Some(m), Some(epc), clicks) => {
                let low = match epc.high {
                    Some(h) if h > 0.0 => (m.low / h).ceil(),
                    _ => 0.0,
                };
                let high = (epc.low > 0.0)
                    .then(|| m.high.map(|mh| (mh / epc.low).ceil()))
                    .flatten();
                let needed = Band {
                    low,
                    high,
                    approx: m.approx || epc.approx,
                };
                clicks_needed = Some(needed);
                let needed_text = match needed.high {
                    // An open-ended EPC may reach the minimum in very few clicks.
                    Some(h) if needed.low == 0.0 => format!("up to {}", grouped(h as u64)),
                    _ => needed.text(|v| grouped(v as u64)),
                };
                match clicks {
                    Some(c) if c > 0 => {
                        let c = c as f64;
                        let per_day = c / MONTH_DAYS;
                        months_to_reach = Some(Band {
                            low: (needed.low / c).ceil().max(1.0),
                            high: needed.high.map(|h| (h / c).ceil().max(1.0)),
                            approx: needed.approx,
                        });
                        let d = Band {
                            low: (needed.low / per_day).ceil(),
                            high: needed.high.map(|h| (h / per_day).ceil()),
                            approx: needed.approx,
                        };
                        Some(Step {
                            what: format!(
                                "reach it: {needed_text} clicks at {} a click; at {} clicks a month that is {} of earning",
                                e.text(e.per_click),
                                grouped(c as u64),
                                days_words(d)
                            ),
                            days: Some(d),
                        })
                    }
                    _ => {
                        missing.push(format!(
                            "clicks: needed to turn the {needed_text} clicks into days; give --clicks"
                        ));
                        None
                    }
                }
            }
            (Some(_), None, _) => {
                for i in e.missing() {
                    if let Err(m) = &i.value {
                        missing.push(format!("{}: {}", i.name, i.why(m)));
                    }
                }
                None
            }
            (None, _, _) => None,
        };
        steps.extend(reach);
        let delay = p.payout.delay;
        if let Some(d) = delay {
            let n = f64::from(d.days.get());
            let usually = if d.usually { "usually " } else { "" };
            steps.push(match d.kind {
                Some(DelayKind::Net) => Step {
                    what: format!(
                        "{usually}Net-{}: paid {} days after the month closes (0–30 days to the month's end, then {})",
                        d.days.get(),
                        d.days.get(),
                        d.days.get()
                    ),
                    days: days(n, n + MONTH_DAYS),
                },
                Some(DelayKind::Lock) => Step {
                    what: format!("{usually}a {}-day locking/validation period", d.days.get()),
                    days: days(n, n),
                },
                None => Step {
                    what: format!("{usually}a {}-day wait before payment", d.days.get()),
                    days: days(n, n),
                },
            });
        }
        let net = delay.is_some_and(|d| d.kind == Some(DelayKind::Net));
        match (p.payout.pay_day, net) {
            (Some(pd), _) if pd.month == Some(PayMonth::Following) => {
                let first = f64::from(pd.day);
                let last = f64::from(pd.to.unwrap_or(pd.day));
                steps.push(Step {
                    what: format!(
                        "then paid {}: 0–30 days to the month's end, then {}–{} days",
                        pd.text(),
                        first,
                        last
                    ),
                    days: days(first, MONTH_DAYS + last),
                });
            }
            (Some(pd), _) => steps.push(Step {
                what: format!("then the next run, {}: 0–30 days", pd.text()),
                days: days(0.0, MONTH_DAYS),
            }),
            (None, true) => {}
            (None, false) => match run_wait(&p.payout.frequency) {
                Some((words, band)) => steps.push(Step {
                    what: format!("then the next {words} run"),
                    days: Some(band),
                }),
                None => missing.push(
                    "payment schedule: the profile states no frequency, pay day or terms"
                        .to_string(),
                ),
            },
        }
        let complete = missing.is_empty();
        let total = steps
            .iter()
            .filter_map(|s| s.days)
            .fold(Band::exact(0.0), Band::plus);
        let days = if complete {
            total
        } else {
            Band {
                high: None,
                ..total
            }
        };
        TimeToCash {
            threshold,
            threshold_text: fields::by_key("minimum_payout").and_then(|f| (f.text)(p)),
            fee,
            fee_currency_assumed,
            effective_minimum,
            currency,
            clicks_needed,
            months_to_reach,
            steps,
            days,
            missing,
        }
    }

    /// Days to the first payout as one line: "61–92 days", "at least 60 days: 60-day
    /// locking/validation period, then the next run…".
    pub fn summary(&self) -> String {
        let day = |v: f64| crate::plural::count(v as u64, "day");
        match self.days.high {
            Some(_) => self.days.text(|v| grouped(v as u64)) + " days",
            None => {
                let known: Vec<&str> = self
                    .steps
                    .iter()
                    .filter(|s| s.days.is_some())
                    .map(|s| s.what.as_str())
                    .collect();
                match (known.is_empty(), self.days.low == 0.0) {
                    (true, true) => "unknown until the missing inputs are given".to_string(),
                    (true, false) => format!("at least {}", day(self.days.low)),
                    // Nothing to add up yet: say what is known to come.
                    (false, true) => format!(
                        "unknown until the missing inputs are given; then {}",
                        known.join(", ").trim_start_matches("then ")
                    ),
                    (false, false) => {
                        format!("at least {}: {}", day(self.days.low), known.join(", "))
                    }
                }
            }
        }
    }
    /// Days to the first payout in a few words, for a grid cell: "~61–92 days", "≥ 15 days".
    /// A wait with nothing known of it ("≥ 0 days") is never shown: it reads what it needs
    /// ("needs conversion"), or "no wait stated" when nothing is missing.
    pub fn short(&self) -> String {
        if self.days.high.is_none() && self.days.low == 0.0 {
            let needs: Vec<&str> = self
                .missing
                .iter()
                .map(|m| m.split(':').next().unwrap_or(m).trim())
                .collect();
            return if needs.is_empty() {
                "no wait stated".to_string()
            } else {
                format!("needs {}", needs.join(", "))
            };
        }
        days_words(self.days)
    }
    /// The effective minimum as text: "$31", or "not stated".
    pub fn minimum_text(&self) -> String {
        let c = (!self.currency.is_empty()).then_some(self.currency.as_str());
        let no_fee = self.fee.is_none_or(|f| f.high == Some(0.0));
        if no_fee && let Some(words) = &self.threshold_text {
            return words.clone();
        }
        match self.effective_minimum {
            Some(m) => {
                let t = m.text(|v| super::band::money(v, c));
                if c.is_none() && m.low > 0.0 {
                    format!("{t} (currency not stated)")
                } else {
                    t
                }
            }
            None => crate::value_text::NOT_STATED.to_string(),
        }
    }
}

/// "1 day", "~1–2 days", "≥ 3 days".
pub fn days_words(d: Band) -> String {
    let n = d.text(|v| grouped(v as u64));
    if d.is_exact() && d.low == 1.0 {
        format!("{n} day")
    } else {
        format!("{n} days")
    }
}

/// The wait for the next run of the quickest and slowest of `frequency`: "monthly", 0–30 days.
fn run_wait(frequency: &[Frequency]) -> Option<(String, Band)> {
    let wait = |f: &Frequency| match f {
        Frequency::Weekly => 7.0,
        Frequency::Biweekly => 14.0,
        Frequency::Monthly => MONTH_DAYS,
        Frequency::OnRequest => 0.0,
    };
    let slowest = frequency
        .iter()
        .map(wait)
        .fold(None, |a: Option<f64>, w| Some(a.map_or(w, |a| a.max(w))))?;
    let words = frequency
        .iter()
        .map(|f| f.label())
        .collect::<Vec<_>>()
        .join(" or ");
    Some((words, days(0.0, slowest)?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decide::me::Me;
    use crate::decide::test_profiles::{bundled, made_up};

    fn at(p: &Profile, me: &Me) -> TimeToCash {
        TimeToCash::of(p, &Earnings::of(p, me))
    }

    fn clicks(n: u64) -> Me {
        Me {
            clicks: Some(n),
            ..Me::default()
        }
    }

    #[test]
    fn a_wait_with_nothing_known_is_not_read_as_at_least_zero_days() {
        // Banggood: no minimum, no stated delay, no numeric conversion.
        let t = at(&bundled("banggood"), &clicks(20_000));
        assert!(!t.short().contains("0 days"), "{}", t.short());
        assert_eq!(t.short(), "needs conversion");
        let none = at(&made_up(""), &clicks(20_000));
        assert!(!none.short().contains("≥"), "{}", none.short());
    }

    #[test]
    fn aliexpress_at_twenty_thousand_clicks() {
        let t = at(&bundled("aliexpress"), &clicks(20_000));
        assert_eq!(t.minimum_text(), "$16");
        // $16 at $0.144 is 112 clicks, at $0.021 is 762; 666.7 clicks a day: 1–2 days.
        assert_eq!(
            t.clicks_needed.map(|c| (c.low, c.high)),
            Some((112.0, Some(762.0)))
        );
        assert_eq!(
            t.months_to_reach.map(|m| (m.low, m.high)),
            Some((1.0, Some(1.0)))
        );
        // Then the 60-day lock, then the next run around the 20th: 0–30 days.
        assert_eq!(t.summary(), "~61–92 days");
        assert!(t.missing.is_empty(), "{:?}", t.missing);
        assert_eq!(t.steps.len(), 4, "{:#?}", t.steps);
        assert!(t.steps[2].what.contains("60-day locking/validation period"));
    }

    #[test]
    fn alibaba_adds_its_fee_and_says_what_is_missing() {
        let p = bundled("alibaba");
        let t = at(&p, &clicks(20_000));
        assert_eq!(t.minimum_text(), "$31");
        assert!(t.fee_currency_assumed);
        assert!(
            t.steps[0]
                .what
                .contains("$16 threshold + $15 fee per withdrawal")
        );
        assert_eq!(t.days.high, None);
        assert!(
            t.summary().starts_with("at least 15 days"),
            "{}",
            t.summary()
        );
        assert!(
            t.missing.iter().any(|m| m.starts_with("conversion:")),
            "{:?}",
            t.missing
        );
        let given = Me {
            conversion: Some(2.0),
            order: Some(500.0),
            clicks: Some(20_000),
            ..Me::default()
        };
        let t = at(&p, &given);
        // $31 at $0.60–$1.50 a click: 21–52 clicks, a day's worth; then paid between the
        // 15th and 30th of the following month: 15–60 days.
        assert_eq!(
            t.clicks_needed.map(|c| (c.low, c.high)),
            Some((21.0, Some(52.0)))
        );
        assert_eq!(t.summary(), "16–61 days");
    }

    #[test]
    fn no_minimum_is_paid_from_the_first_commission() {
        let p = made_up("[payout]\nminimum = { no_minimum = true }\nfrequency = [\"weekly\"]\n");
        let t = at(&p, &Me::default());
        assert_eq!(t.minimum_text(), "no minimum");
        assert!(t.missing.is_empty(), "{:?}", t.missing);
        assert_eq!(t.summary(), "0–7 days");
    }

    #[test]
    fn the_issue_example_of_what_can_still_be_said() {
        let p = made_up(
            "[payout]\nminimum = { min = 50, max = 50, currency = \"USD\" }\nfrequency = [\"monthly\"]\ndelay = { days = 60, kind = \"lock\" }\n",
        );
        let t = at(&p, &Me::default());
        assert_eq!(
            t.summary(),
            "at least 60 days: a 60-day locking/validation period, then the next monthly run"
        );
    }
}
