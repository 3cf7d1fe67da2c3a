//! Ordering programs by a field of the table, best first, for `affex list --sort FIELD`: the
//! fields with a figure and a better direction. (The app's list has no sort key yet.)

use crate::model::Profile;
use crate::model::fields::{self, Field};
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

/// Orders `matches` by `field`, best first (or worst first with `reverse`); programs whose
/// figure is not stated go last either way, and ties keep their search order.
pub fn by_field(matches: &mut [Match], profiles: &[Profile], field: &Field, reverse: bool) {
    let figure = |m: &Match| {
        profiles
            .get(m.index)
            .and_then(|p| (field.bounds)(p))
            .and_then(|b| b.figure())
    };
    matches.sort_by(|a, b| field.better.order(figure(a), figure(b), reverse));
}

#[cfg(test)]
mod tests {
    use super::*;

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
