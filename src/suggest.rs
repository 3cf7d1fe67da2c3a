//! "Did you mean …?": the candidates close enough to what was typed to be a likely typo, for an
//! unknown key, an unknown variant, a dangling alternative and an unknown id on the command
//! line alike.

/// How alike two words must be (Jaro-Winkler, after [`normalize`]) to be offered.
const LIKELY: f64 = 0.8;

/// The score a candidate that contains what was typed (or is contained in it) gets at least.
const CONTAINED: f64 = 0.85;

/// Typed words shorter than this (in characters) get no bonus for being contained.
const CONTAINED_FROM: usize = 3;

/// Case and `_`/`-` do not count: `On_Request` is as close to `on-request` as can be.
fn normalize(s: &str) -> String {
    s.trim().to_lowercase().replace('_', "-")
}

/// How alike `typed` (already normalized) and `candidate` are, from 0 to 1.
fn score(typed: &str, candidate: &str) -> f64 {
    let candidate = normalize(candidate);
    let mut score = strsim::jaro_winkler(typed, &candidate);
    if typed.chars().count() >= CONTAINED_FROM
        && (candidate.contains(typed) || typed.contains(&candidate))
    {
        score = score.max(CONTAINED);
    }
    score
}

/// Up to `n` candidates likely meant by `typed`, best first (ties in the candidates' order).
/// Each candidate comes with the spellings it is known by (an id and a program's name, say);
/// its best spelling counts.
pub fn ranked<'a, S>(
    typed: &str,
    candidates: impl IntoIterator<Item = (&'a str, S)>,
    n: usize,
) -> Vec<&'a str>
where
    S: IntoIterator,
    S::Item: AsRef<str>,
{
    let typed = normalize(typed);
    let mut scored: Vec<(f64, &'a str)> = candidates
        .into_iter()
        .filter_map(|(candidate, spellings)| {
            let best = spellings
                .into_iter()
                .map(|s| score(&typed, s.as_ref()))
                .fold(0.0, f64::max);
            (best >= LIKELY).then_some((best, candidate))
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    scored.into_iter().take(n).map(|(_, c)| c).collect()
}

/// The candidate most likely meant by `typed`, if any is close enough.
pub fn closest<'a>(typed: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    ranked(typed, candidates.into_iter().map(|c| (c, [c])), 1)
        .first()
        .copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_need_a_close_match() {
        assert_eq!(closest("dayz", ["days", "note"]), Some("days"));
        assert_eq!(
            closest("on_request", ["weekly", "on-request"]),
            Some("on-request")
        );
        assert_eq!(closest("zzzzzz", ["days", "note"]), None);
        assert_eq!(closest("Days", ["note", "days"]), Some("days"));
    }

    #[test]
    fn ties_keep_the_candidates_order_and_n_caps_the_list() {
        assert_eq!(closest("ab", ["abx", "aby"]), Some("abx"));
        assert_eq!(
            ranked("abc", [("abcd", ["abcd"]), ("abce", ["abce"])], 1),
            ["abcd"]
        );
        assert!(ranked("abc", [("abcd", ["abcd"])], 0).is_empty());
    }

    #[test]
    fn any_spelling_of_a_candidate_counts() {
        let found = ranked(
            "AliExpress",
            [("aliexpress", ["aliexpress", "AliExpress"])],
            3,
        );
        assert_eq!(found, ["aliexpress"]);
        let by_name = ranked("shop", [("x-1", ["x-1", "The Shop"])], 3);
        assert_eq!(by_name, ["x-1"], "a name containing the word counts");
    }
}
