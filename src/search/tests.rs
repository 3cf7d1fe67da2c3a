use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering::Relaxed};
use std::time::{Duration, Instant};

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use proptest::prelude::*;

use super::engine::CHUNK;
use super::query;
use super::*;
use crate::model::{AudienceKind, Profile};

fn parse(src: &str) -> Profile {
    match toml::from_str(src) {
        Ok(p) => p,
        Err(e) => panic!("test profile does not parse: {e}\n{src}"),
    }
}

/// A profile from its id, name and any further TOML lines (arrays before tables).
fn profile(id: &str, name: &str, rest: &str) -> Profile {
    parse(&format!("id = \"{id}\"\nname = \"{name}\"\n{rest}\n"))
}

fn catalog() -> Vec<Profile> {
    vec![
        profile(
            "reel-deal",
            "Reel Deal",
            "niches = [\"fishing\", \"outdoors\"]\nproduct_types = [\"lures\", \"rods\"]\n\
             [[audiences]]\nkind = \"tiktokers\"\nniches = [\"bass fishing\", \"kayaks\"]",
        ),
        profile(
            "fishbowl",
            "Fishbowl Pets",
            "niches = [\"aquariums\"]\nindustry = \"Pets\"\n\
             [[audiences]]\nkind = \"bloggers\"",
        ),
        profile(
            "printly",
            "Printly",
            "niches = [\"3d printing\", \"makers\"]\nfocus = [\"B2C\", \"Dropshipping\"]\n\
             [[audiences]]\nkind = \"youtubers\"\nniches = [\"tech reviews\"]",
        ),
        profile(
            "alpha",
            "alpha store",
            "niches = [\"fashion\"]\n[[audiences]]\nkind = \"kol\"",
        ),
    ]
}

fn ids(profiles: &[Profile], matches: &[Match]) -> Vec<String> {
    matches
        .iter()
        .map(|m| profiles[m.index].id.as_str().to_string())
        .collect()
}

fn search(profiles: &[Profile], query: &str) -> Vec<String> {
    ids(profiles, &SearchIndex::new(profiles).search(query))
}

#[test]
fn every_term_must_match() {
    let p = catalog();
    assert_eq!(search(&p, "fishing"), ["reel-deal"]);
    assert_eq!(search(&p, "fishing zzz"), Vec::<String>::new());
}

#[test]
fn terms_combine_with_and_across_fields() {
    let p = catalog();
    let fish = search(&p, "fish");
    assert!(fish.contains(&"reel-deal".into()) && fish.contains(&"fishbowl".into()));
    assert_eq!(search(&p, "fish tiktok"), ["reel-deal"]);
    assert_eq!(search(&p, "fish pets"), ["fishbowl"]);
    assert_eq!(search(&p, "tiktok fish lures"), ["reel-deal"]);
}

#[test]
fn nothing_matches_a_query_that_matches_nothing() {
    let p = catalog();
    assert!(search(&p, "zzzqqq").is_empty());
    assert!(search(&[], "fish").is_empty());
}

#[test]
fn a_niche_hit_ranks_above_an_incidental_name_hit() {
    let p = vec![
        profile("named", "Kayak Hub", "niches = [\"travel\"]"),
        profile("niche", "Zeta", "niches = [\"kayak\"]"),
        profile("scattered", "Kitchen Ayak", "niches = [\"cooking\"]"),
    ];
    assert_eq!(search(&p, "kayak"), ["niche", "named", "scattered"]);
    let matches = SearchIndex::new(&p).search("kayak");
    assert_eq!(matches[0].field, MatchedField::Niche(0));
    assert_eq!(matches[1].field, MatchedField::Name);
    assert!(matches[0].score > matches[1].score);
}

#[test]
fn the_best_field_is_reported() {
    let p = catalog();
    let index = SearchIndex::new(&p);
    let m = &index.search("kayaks")[0];
    let field = MatchedField::AudienceNiche {
        audience: 0,
        niche: 1,
    };
    assert_eq!(m.field, field);
    assert_eq!(field.text(&p[m.index]), "kayaks");
    assert_eq!(field.label(), "audience niche");
    let m = &index.search("youtubers")[0];
    assert_eq!(m.field, MatchedField::AudienceKind(0));
    assert_eq!(m.field.text(&p[m.index]), AudienceKind::Youtubers.label());
    assert_eq!(MatchedField::Focus(9).text(&p[0]), "");
}

#[test]
fn empty_query_lists_everything_by_name_then_id() {
    let mut p = catalog();
    p.push(profile("printly-2", "PRINTLY", ""));
    p.push(profile("a-printly", "printly", ""));
    let index = SearchIndex::new(&p);
    for query in ["", "   "] {
        let all = index.search(query);
        assert_eq!(
            ids(&p, &all),
            [
                "alpha",
                "fishbowl",
                "a-printly",
                "printly",
                "printly-2",
                "reel-deal"
            ]
        );
        assert!(
            all.iter()
                .all(|m| m.score == 0 && m.field == MatchedField::Name)
        );
    }
}

#[test]
fn ties_rank_by_name_then_index() {
    let p = vec![
        profile("b", "Bravo", "niches = [\"kayak\"]"),
        profile("c", "alpha", "niches = [\"kayak\"]"),
        profile("a", "Alpha", "niches = [\"kayak\"]"),
    ];
    assert_eq!(search(&p, "kayak"), ["c", "a", "b"]);
}

#[test]
fn positions_are_char_indices_in_the_field() {
    let p = catalog();
    let index = SearchIndex::new(&p);
    let query = Query::parse("reel");
    assert_eq!(index.positions(&query, 0, MatchedField::Name), [0, 1, 2, 3]);
    let query = Query::parse("bass fsh");
    let field = MatchedField::AudienceNiche {
        audience: 0,
        niche: 0,
    };
    // "bass fishing": "bass" at 0..4, "fsh" at f(5) s(7) h(8), unioned.
    assert_eq!(index.positions(&query, 0, field), [0, 1, 2, 3, 5, 7, 8]);
    assert!(
        index
            .positions(&query, 0, MatchedField::Niche(7))
            .is_empty()
    );
    assert!(index.positions(&query, 99, MatchedField::Name).is_empty());
}

#[test]
fn highlight_marks_matching_chars_in_any_text() {
    let query = Query::parse("fish Bass");
    assert_eq!(highlight(&query, "Bass Fishing"), [0, 1, 2, 3, 5, 6, 7, 8]);
    assert_eq!(highlight(&query, "bass"), Vec::<usize>::new());
    // Non-ASCII text keeps char (not byte) indices.
    assert_eq!(highlight(&Query::parse("été"), "Ça ÉTÉ"), [3, 4, 5]);
}

#[test]
fn smart_case() {
    let p = vec![
        profile("upper", "Fishing Gear", ""),
        profile("lower", "Zeta", "niches = [\"fishing\"]"),
    ];
    let mut both = search(&p, "fish");
    both.sort();
    assert_eq!(both, ["lower", "upper"]);
    assert_eq!(search(&p, "Fish"), ["upper"]);
    assert!(search(&p, "FISH").is_empty());
    assert_eq!(search(&p, "KOL"), Vec::<String>::new());
    let kol = catalog();
    assert_eq!(search(&kol, "KOL"), ["alpha"]);
    assert_eq!(search(&kol, "kol"), ["alpha"]);
}

#[test]
fn non_ascii_fields_match_case_insensitively() {
    let p = vec![profile("cafe", "Café Élan", "niches = [\"épicerie\"]")];
    assert_eq!(search(&p, "élan"), ["cafe"]);
    assert_eq!(search(&p, "ÉPI"), Vec::<String>::new());
    assert_eq!(search(&p, "epi"), Vec::<String>::new());
    assert_eq!(search(&p, "cfé"), ["cafe"]);
}

#[test]
fn typing_on_gives_what_a_fresh_search_gives() {
    let p = catalog();
    let index = Arc::new(SearchIndex::new(&p));
    let mut searcher = Searcher::new(Arc::clone(&index));
    let go = AtomicBool::new(false);
    let typed = "fish tiktok lures";
    for end in (0..=typed.len()).chain((0..typed.len()).rev()) {
        let q = &typed[..end];
        assert_eq!(searcher.search(q, &go), Some(index.search(q)), "{q:?}");
    }
}

#[test]
fn a_large_catalog_streams_its_best_matches_first() {
    let p = catalog();
    let index = Arc::new(SearchIndex::new(&p));
    let mut searcher = Searcher::new(Arc::clone(&index));
    searcher.partial_after = 2;
    let mut partials = Vec::new();
    let go = AtomicBool::new(false);
    let full = searcher.search_streaming("s", &go, |m| partials.push(m));
    assert_eq!(full, Some(index.search("s")));
    assert_eq!(partials.len(), 1);
    assert!(partials[0].iter().all(|m| m.index < 2));
}

fn many(n: usize) -> Vec<Profile> {
    let one = catalog();
    (0..n).map(|i| one[i % one.len()].clone()).collect()
}

#[test]
fn cancellation_stops_between_chunks() {
    let p = many(20 * CHUNK);
    let index = Arc::new(SearchIndex::new(&p));
    let mut searcher = Searcher::new(Arc::clone(&index));
    let calls = AtomicUsize::new(0);
    let stale_after_one = || calls.fetch_add(1, Relaxed) >= 1;
    let query = Query::parse("fish");
    assert_eq!(searcher.run(&query, &stale_after_one, &mut |_| {}), None);
    // Each worker thread may have begun one more chunk before seeing the flag.
    let checked = calls.load(Relaxed);
    assert!(
        checked <= 1 + rayon::current_num_threads(),
        "{checked} chunks began"
    );

    let stop = AtomicBool::new(true);
    assert_eq!(searcher.search("fish", &stop), None);
    // A cancelled search leaves nothing behind that could spoil the next one.
    let go = AtomicBool::new(false);
    assert_eq!(searcher.search("fish", &go), Some(index.search("fish")));
    assert_eq!(searcher.search("fishi", &go), Some(index.search("fishi")));
}

#[test]
fn the_worker_returns_only_the_newest_generation() {
    let p = many(4 * CHUNK);
    let index = Arc::new(SearchIndex::new(&p));
    let mut worker = match SearchWorker::new(Arc::clone(&index)) {
        Ok(w) => w,
        Err(e) => panic!("cannot start the search thread: {e}"),
    };
    let mut last = 0;
    for q in ["f", "fi", "fis", "fish", "fish t"] {
        last = worker.submit(q.to_string());
    }
    assert_eq!(last, 5);
    let deadline = Instant::now() + Duration::from_secs(30);
    let result = loop {
        match worker.try_recv() {
            Some(r) if r.complete => break r,
            Some(r) => assert_eq!(r.generation, last),
            None => {
                assert!(Instant::now() < deadline, "no result from the worker");
                std::thread::sleep(Duration::from_millis(1));
            }
        }
    };
    assert_eq!(result.generation, last);
    assert_eq!(result.query, "fish t");
    assert_eq!(result.matches, index.search("fish t"));
    std::thread::sleep(Duration::from_millis(20));
    assert_eq!(worker.try_recv(), None, "nothing stale arrives later");
}

/// Scores every field directly with the skim scorer, the slow obvious way (ASCII text only).
fn oracle(profiles: &[Profile], query: &str) -> Vec<Match> {
    // A fresh matcher per call: a reused one can remember earlier calls (see `skim_score`).
    let fuzzy_match = |text: &str, term: &str| {
        SkimMatcherV2::default()
            .respect_case()
            .fuzzy_match(text, term)
    };
    let weight = |f: &MatchedField| match f {
        MatchedField::Niche(_) | MatchedField::AudienceNiche { .. } => 4,
        MatchedField::Name | MatchedField::ProductType(_) | MatchedField::Industry => 3,
        MatchedField::Focus(_) | MatchedField::AudienceKind(_) => 2,
    };
    let terms: Vec<&str> = query.split_whitespace().collect();
    let mut out: Vec<Match> = Vec::new();
    'profiles: for (index, p) in profiles.iter().enumerate() {
        let fields = all_fields(p);
        let (mut total, mut best, mut best_field) = (0, 0, MatchedField::Name);
        for term in &terms {
            let sensitive = term.chars().any(char::is_uppercase);
            let mut term_best = (0, MatchedField::Name);
            for f in &fields {
                let text = f.text(p);
                let hit = if sensitive {
                    fuzzy_match(text, term)
                } else {
                    fuzzy_match(&text.to_lowercase(), term)
                };
                if let Some(s) = hit {
                    let w = s.max(1) * weight(f);
                    if w > term_best.0 {
                        term_best = (w, *f);
                    }
                }
            }
            if term_best.0 == 0 {
                continue 'profiles;
            }
            total += term_best.0;
            if term_best.0 > best {
                (best, best_field) = term_best;
            }
        }
        out.push(Match {
            index,
            score: total,
            field: best_field,
        });
    }
    let name = |m: &Match| profiles[m.index].name.as_str().to_lowercase();
    if terms.is_empty() {
        out.sort_by(|a, b| {
            name(a)
                .cmp(&name(b))
                .then(profiles[a.index].id.cmp(&profiles[b.index].id))
        });
    } else {
        out.sort_by(|a, b| {
            b.score
                .cmp(&a.score)
                .then_with(|| name(a).cmp(&name(b)))
                .then(a.index.cmp(&b.index))
        });
    }
    out
}

fn all_fields(p: &Profile) -> Vec<MatchedField> {
    let mut f = vec![MatchedField::Name];
    f.extend((0..p.niches.len()).map(MatchedField::Niche));
    for (a, audience) in p.audiences.iter().enumerate() {
        f.push(MatchedField::AudienceKind(a));
        f.extend(
            (0..audience.niches.len()).map(|n| MatchedField::AudienceNiche {
                audience: a,
                niche: n,
            }),
        );
    }
    f.extend((0..p.focus.len()).map(MatchedField::Focus));
    f.extend(p.industry.iter().map(|_| MatchedField::Industry));
    f.extend((0..p.product_types.len()).map(MatchedField::ProductType));
    f
}

const KINDS: [&str; 8] = [
    "bloggers",
    "youtubers",
    "tiktokers",
    "influencers",
    "kol",
    "koc",
    "livestreamers",
    "video-editors",
];

fn words(max: usize) -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec("[a-eA-C]{1,6}( [a-e]{1,4})?", 0..max)
}

fn toml_list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| format!("\"{s}\"")).collect();
    format!("[{}]", quoted.join(", "))
}

prop_compose! {
    fn arb_profile()(
        name in "[a-eA-C][a-eA-C ]{0,9}",
        niches in words(4),
        focus in words(2),
        industry in prop::option::of("[a-eA-C]{1,6}"),
        products in words(3),
        audiences in prop::collection::vec((0..8usize, words(3)), 0..3),
    ) -> (String, String) {
        let mut toml = format!(
            "niches = {}\nfocus = {}\nproduct_types = {}\n",
            toml_list(&niches), toml_list(&focus), toml_list(&products)
        );
        if let Some(industry) = industry {
            toml.push_str(&format!("industry = \"{industry}\"\n"));
        }
        for (kind, niches) in audiences {
            toml.push_str(&format!(
                "[[audiences]]\nkind = \"{}\"\nniches = {}\n", KINDS[kind], toml_list(&niches)
            ));
        }
        (name, toml)
    }
}

/// A typed key or a backspace.
#[derive(Debug, Clone)]
enum Edit {
    Type(char),
    Back,
}

fn arb_edits() -> impl Strategy<Value = Vec<Edit>> {
    let keys = vec!['a', 'b', 'c', 'd', 'e', 'k', 'o', 'l', 'A', 'K', ' '];
    let key = prop_oneof![
        6 => prop::sample::select(keys).prop_map(Edit::Type),
        1 => Just(Edit::Back),
    ];
    prop::collection::vec(key, 1..16)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn incremental_search_equals_fresh_search(
        raw in prop::collection::vec(arb_profile(), 0..14),
        edits in arb_edits(),
        partial_after in 1usize..20,
    ) {
        let profiles: Vec<Profile> = raw
            .iter()
            .enumerate()
            .map(|(i, (name, rest))| profile(&format!("p{i}"), name, rest))
            .collect();
        let index = Arc::new(SearchIndex::new(&profiles));
        let mut searcher = Searcher::new(Arc::clone(&index));
        searcher.partial_after = partial_after;
        let go = AtomicBool::new(false);
        let mut query = String::new();
        for edit in edits {
            match edit {
                Edit::Type(c) => query.push(c),
                Edit::Back => { query.pop(); }
            }
            let fresh = index.search(&query);
            prop_assert_eq!(searcher.search(&query, &go), Some(fresh.clone()), "{:?}", query);
            prop_assert_eq!(fresh, oracle(&profiles, &query), "{:?}", query);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// The name is skipped when it cannot beat a hit elsewhere; that needs this bound to hold.
    #[test]
    fn the_scorer_stays_within_the_bound_pruning_relies_on(
        hay in "[aa-cA-C0-9 ./_é-]{0,24}",
        pattern in "[aa-cA-C0-9 ./_é-]{1,8}",
    ) {
        let matcher = SkimMatcherV2::default().respect_case();
        if let Some(score) = matcher.fuzzy_match(&hay, &pattern) {
            let chars = pattern.chars().count() as i64;
            prop_assert!(score <= query::SCORE_PER_CHAR_BOUND * chars, "{score}");
            if hay.chars().next() != pattern.chars().next() {
                prop_assert!(score <= query::SCORE_PER_CHAR_BOUND_OFF_START * chars, "{score}");
            }
        }
    }
}

#[test]
fn fields_past_the_packed_ordinals_are_still_named_right() {
    let mut p = profile("big", "Big", "[[audiences]]\nkind = \"kol\"");
    p.niches = (0..70_000)
        .map(|i| crate::model::Line::new(&format!("n{i}")))
        .collect();
    p.niches.push(crate::model::Line::new("kayak"));
    p.audiences[0].niches = p.niches.clone();
    let p = vec![p];
    let index = SearchIndex::new(&p);
    let m = index.search("kayak");
    assert_eq!(m[0].field, MatchedField::Niche(70_000));
    assert_eq!(m[0].field.text(&p[0]), "kayak");
    let m = index.search("kayak kol");
    assert_eq!(m[0].field, MatchedField::Niche(70_000));
    assert_eq!(
        index.slot_field(0, 2 * 70_001 + 1),
        MatchedField::AudienceNiche {
            audience: 0,
            niche: 70_000
        }
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Scores must not depend on what the shared matcher scored before on the same thread.
    #[test]
    fn scores_equal_a_fresh_matchers_whatever_came_before(
        history in prop::collection::vec(("[aab b.c]{0,16}", "[abc]{1,6}"), 0..6),
        hay in "[aab b.c]{0,16}",
        pattern in "[abc]{1,6}",
    ) {
        for (h, p) in &history {
            let _ = query::skim_score(h, p);
        }
        let fresh = SkimMatcherV2::default().respect_case().fuzzy_match(&hay, &pattern);
        prop_assert_eq!(query::skim_score(&hay, &pattern), fresh);
    }
}

#[test]
fn every_searched_kind_takes_its_weight_and_label_from_the_field_table() {
    use super::index::FieldKind;
    for kind in FieldKind::ALL {
        let field = crate::model::fields::by_path(kind.path()).expect("in the table");
        let searched = field.search.expect("searched");
        assert_eq!(kind.weight(), searched.weight, "{}", kind.path());
        assert!(searched.weight > 0 && !searched.label.is_empty());
    }
    assert_eq!(MatchedField::Niche(0).label(), "niche");
    assert_eq!(
        MatchedField::AudienceNiche {
            audience: 0,
            niche: 0
        }
        .label(),
        "audience niche"
    );
}
