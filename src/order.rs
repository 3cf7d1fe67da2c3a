//! Ordering programs by a field of the table, best first, for `affex list --sort FIELD`: the
//! fields with a figure and a better direction. Figures on different scales (currencies,
//! kinds of delay) are ordered in separate groups, never against each other.

use crate::model::Profile;
use crate::model::fields::{self, Field, Unit};
use crate::search::Match;

/// The sortable field a person names by its key (`cookie_days`), path (`cookie.days`), filter
/// name or alias (`cookie`) or label (`Minimum payout`), in any case.
pub fn sort_field(name: &str) -> Option<&'static Field> {
    let name = name.trim();
    let dashed = name.replace('-', "_");
    fields::sortable().find(|f| {
        f.key.eq_ignore_ascii_case(&dashed)
            || f.path.eq_ignore_ascii_case(name)
            || f.label.eq_ignore_ascii_case(name)
            || f.filter
                .is_some_and(|filter| filter.names.iter().any(|n| n.eq_ignore_ascii_case(name)))
    })
}

/// The names `--sort` takes, for messages: each sortable field's short name.
pub fn sortable_names() -> String {
    fields::sortable()
        .map(|f| {
            f.filter
                .and_then(|filter| filter.names.first().copied())
                .unwrap_or(f.key)
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// How a list came out of [`by_field`]: the scale its leading group is on and the groups kept
/// apart after it, because figures on different scales (currencies, kinds of delay) are never
/// ranked against each other, as the comparison grid refuses to.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Sorted {
    /// The leading group's scale (a currency code, a kind of delay); `None` when no figure in
    /// it has one (percentages, days, zero amounts).
    pub lead: Option<String>,
    /// Each group ordered apart after the leading one, in list order: its scale ("" for an
    /// amount whose currency is not stated) and how many programs it holds.
    pub apart: Vec<(String, usize)>,
    /// Programs whose value is not stated: the last ones.
    pub not_stated: usize,
}

impl Sorted {
    /// One line per group ordered apart, for under a table or in a status line: "2 programs
    /// in EUR are ordered separately: amounts in different currencies are not compared".
    pub fn notes(&self, field: &Field) -> Vec<String> {
        self.apart
            .iter()
            .map(|(scale, n)| {
                let programs = crate::plural::count(*n, "program");
                let verb = crate::plural::pick(*n, "is", "are");
                let (group, reason) = match field.unit {
                    _ if scale == RATING => (
                        "with only a rating".to_string(),
                        "a rating is not compared with figures",
                    ),
                    Unit::Money if scale.is_empty() => (
                        "with no currency stated".to_string(),
                        "an amount with no currency is not compared with others",
                    ),
                    Unit::Money => (
                        format!("in {}", crate::sanitize::sanitize_line(scale)),
                        "amounts in different currencies are not compared",
                    ),
                    _ => (
                        format!("with {}", crate::sanitize::sanitize_line(scale)),
                        "different kinds of delay are not compared",
                    ),
                };
                format!("{programs} {group} {verb} ordered separately: {reason}")
            })
            .collect()
    }

    /// True when a program on `scale` is in a group ordered apart from the leading one.
    pub fn is_apart(&self, scale: Option<&str>) -> bool {
        scale.is_some_and(|s| self.lead.as_deref() != Some(s))
    }
}

/// The scale of a value stated only as a rating ("high"), with no figure: a rating's place
/// on the low-to-high scale is not a figure, so those values are ordered among themselves.
pub const RATING: &str = "rating";

/// The scale `p`'s value of `field` is ordered on, if it has one: its currency or kind of
/// delay (see [`fields::Bounds::scale`]), or [`RATING`].
pub fn scale(field: &Field, p: &Profile) -> Option<String> {
    (field.bounds)(p).and_then(|b| scale_of(&b))
}

fn scale_of(b: &fields::Bounds) -> Option<String> {
    if b.figures.is_empty() {
        b.level.map(|_| RATING.to_string())
    } else {
        b.scale.clone()
    }
}

/// Orders `matches` by `field`, best first (or worst first with `reverse`), within each scale:
/// the scale most programs are on leads (with the figures that have no scale), each other
/// scale follows as its own group (larger groups first, then by name), and programs whose
/// value is not stated go last. Ties keep their search order.
pub fn by_field(
    matches: &mut [Match],
    profiles: &crate::catalog::Programs,
    field: &Field,
    reverse: bool,
) -> Sorted {
    let reading = |m: &Match| -> (Option<String>, Option<f64>) {
        match profiles.get(m.index).and_then(|p| (field.bounds)(p)) {
            Some(b) => {
                let figure = b.figure();
                (scale_of(&b).filter(|_| figure.is_some()), figure)
            }
            None => (None, None),
        }
    };
    let readings: Vec<(Option<String>, Option<f64>)> = matches.iter().map(reading).collect();
    let mut counts: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for (scale, _) in &readings {
        if let Some(s) = scale {
            *counts.entry(s.as_str()).or_default() += 1;
        }
    }
    // Larger groups first; an amount with no currency after every named currency.
    let mut groups: Vec<(&str, usize)> = counts.into_iter().collect();
    groups.sort_by(|a, b| a.0.is_empty().cmp(&b.0.is_empty()).then(b.1.cmp(&a.1)));
    let lead = groups.first().map(|(s, _)| s.to_string());
    let group_of = |scale: &Option<String>| -> usize {
        match scale {
            None => 0,
            Some(s) => groups.iter().position(|(g, _)| g == s).unwrap_or(0),
        }
    };
    let mut keyed: Vec<(usize, Option<f64>, Match)> = readings
        .iter()
        .zip(matches.iter())
        .map(|((scale, figure), m)| (group_of(scale), *figure, *m))
        .collect();
    keyed.sort_by(|a, b| {
        (a.1.is_none())
            .cmp(&b.1.is_none())
            .then(a.0.cmp(&b.0))
            .then_with(|| field.better.order(a.1, b.1, reverse))
    });
    for (slot, (_, _, m)) in matches.iter_mut().zip(keyed) {
        *slot = m;
    }
    Sorted {
        lead,
        apart: groups
            .iter()
            .skip(1)
            .map(|(s, n)| (s.to_string(), *n))
            .collect(),
        not_stated: readings.iter().filter(|(_, f)| f.is_none()).count(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::source_catalog;

    /// Five programs' minimum payouts in two currencies, and one with none stated.
    const TWO_CURRENCIES: &str = r#"
[[program]]
id = "usd-20"
name = "USD 20"
[program.payout]
minimum = { min = 20, max = 20, currency = "USD" }

[[program]]
id = "eur-5"
name = "EUR 5"
[program.payout]
minimum = { min = 5, max = 5, currency = "EUR" }

[[program]]
id = "usd-10"
name = "USD 10"
[program.payout]
minimum = { min = 10, max = 10, currency = "USD" }

[[program]]
id = "none"
name = "None stated"

[[program]]
id = "eur-50"
name = "EUR 50"
[program.payout]
minimum = { min = 50, max = 50, currency = "EUR" }

[[program]]
id = "usd-0"
name = "Zero"
[program.payout]
minimum = { min = 0, max = 0 }

[[program]]
id = "usd-30"
name = "USD 30"
[program.payout]
minimum = { min = 30, max = 30, currency = "USD" }
"#;

    fn sorted_ids(reverse: bool) -> (Vec<String>, Sorted) {
        let catalog = source_catalog(TWO_CURRENCIES);
        let mut matches = catalog.profiles.search_index().search("");
        let field = sort_field("payout").unwrap_or_else(|| panic!("payout sorts"));
        let sorted = by_field(&mut matches, &catalog.profiles, field, reverse);
        let ids = matches
            .iter()
            .map(|m| catalog.profiles[m.index].id.to_string())
            .collect();
        (ids, sorted)
    }

    #[test]
    fn amounts_in_another_currency_are_ordered_apart_and_said_so() {
        let (ids, sorted) = sorted_ids(false);
        // Lowest minimum first among USD (a zero amount goes with any currency), then EUR on
        // its own, then the program that states none: 5 EUR never ranks above 10 USD.
        assert_eq!(
            ids,
            [
                "usd-0", "usd-10", "usd-20", "usd-30", "eur-5", "eur-50", "none"
            ]
        );
        assert_eq!(sorted.lead.as_deref(), Some("USD"));
        assert_eq!(sorted.apart, [("EUR".to_string(), 2)]);
        assert_eq!(sorted.not_stated, 1);
        let field = sort_field("payout").unwrap_or_else(|| panic!("payout sorts"));
        assert_eq!(
            sorted.notes(field),
            [
                "2 programs in EUR are ordered separately: amounts in different currencies are not compared"
            ]
        );
        assert!(sorted.is_apart(Some("EUR")) && !sorted.is_apart(Some("USD")));
        assert!(!sorted.is_apart(None));

        let (ids, _) = sorted_ids(true);
        assert_eq!(
            ids,
            [
                "usd-30", "usd-20", "usd-10", "usd-0", "eur-50", "eur-5", "none"
            ]
        );
    }

    #[test]
    fn a_rating_alone_is_not_ordered_among_figures() {
        let catalog = source_catalog(
            r#"
[[program]]
id = "rated-high"
name = "Rated high"
[program.market]
average_order = { level = "high" }

[[program]]
id = "forty"
name = "Forty"
[program.market]
average_order = { min = 40, max = 40, currency = "USD" }

[[program]]
id = "ten"
name = "Ten"
[program.market]
average_order = { min = 10, max = 10, currency = "USD" }
"#,
        );
        let mut matches = catalog.profiles.search_index().search("");
        let field = sort_field("aov").unwrap_or_else(|| panic!("aov sorts"));
        let sorted = by_field(&mut matches, &catalog.profiles, field, false);
        let ids: Vec<&str> = matches
            .iter()
            .map(|m| catalog.profiles[m.index].id.as_str())
            .collect();
        assert_eq!(
            ids,
            ["forty", "ten", "rated-high"],
            "the rank 4 of high is no $4"
        );
        assert_eq!(
            sorted.notes(field),
            [
                "1 program with only a rating is ordered separately: a rating is not compared with figures"
            ]
        );
    }

    #[test]
    fn one_scale_needs_no_note() {
        let catalog = source_catalog(TWO_CURRENCIES);
        let mut matches = catalog.profiles.search_index().search("usd");
        let field = sort_field("payout").unwrap_or_else(|| panic!("payout sorts"));
        let sorted = by_field(&mut matches, &catalog.profiles, field, false);
        assert!(sorted.apart.is_empty() && sorted.notes(field).is_empty());
    }

    #[test]
    fn fields_are_found_by_key_path_alias_and_label() {
        for name in ["cookie", "cookie_days", "cookie.days", "Cookie", "ck"] {
            assert_eq!(
                sort_field(name).map(|f| f.path),
                Some("cookie.days"),
                "{name}"
            );
        }
        assert_eq!(
            sort_field("minimum-payout").map(|f| f.path),
            Some("payout.minimum")
        );
        assert!(sort_field("niches").is_none());
        assert!(sortable_names().contains("commission"));
    }
}
