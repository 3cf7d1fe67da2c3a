use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering::Relaxed};
use std::time::{Duration, Instant};

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use proptest::prelude::*;

use super::engine::CHUNK;
use super::fold::fold;
use super::matching;
use super::*;
use crate::model::{AudienceKind, Profile};
use crate::test_support::SeededNumbers;
use crate::wake::Waker;

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
    // Not silently: what comes back is marked partial.
    let outcome = SearchIndex::new(&p).search_outcome("fishing zzz");
    assert!(outcome.partial);
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
    // The name first, then the whole word in a niche; letters scattered across the words of
    // "Kitchen Ayak" do not count.
    assert_eq!(search(&p, "kayak"), ["named", "niche"]);
    let matches = SearchIndex::new(&p).search("kayak");
    assert_eq!(matches[0].field, MatchedField::NAME);
    assert_eq!(matches[1].field, niche(0));
    assert_eq!(matches[0].tier, Tier::Name);
    assert_eq!(matches[1].tier, Tier::Word);
    assert!(matches[0].score > matches[1].score);
}

#[test]
fn a_match_of_several_terms_scores_their_sum_and_shows_its_best_hit() {
    let p = vec![
        profile("named", "Kayak Hub", "niches = [\"travel\"]"),
        profile("other", "Zeta", "niches = [\"rivers\"]"),
    ];
    let index = SearchIndex::new(&p);
    let alone = |term: &str| {
        let matches = index.search(term);
        matches.iter().find(|m| m.index == 0).map(|m| m.score)
    };
    let (Some(kayak), Some(travel)) = (alone("kayak"), alone("travel")) else {
        panic!("each term alone matches \"named\"");
    };
    // Whichever term comes first, the name's hit is the better one: its field and tier are
    // shown, not those of the first term or of the sum.
    for query in ["kayak travel", "travel kayak"] {
        let matches = index.search(query);
        assert_eq!(ids(&p, &matches), ["named"], "{query}");
        assert_eq!(matches[0].score, kayak + travel, "{query}");
        assert_eq!(matches[0].field, MatchedField::NAME, "{query}");
        assert_eq!(matches[0].tier, Tier::Name, "{query}");
    }
}

fn niche(item: usize) -> MatchedField {
    MatchedField {
        kind: FieldKind::Niche,
        item,
        audience: 0,
    }
}

fn field(kind: FieldKind, item: usize) -> MatchedField {
    MatchedField {
        kind,
        item,
        audience: 0,
    }
}

#[test]
fn tiers_rank_whole_words_above_prefixes_above_substrings_above_fuzzy() {
    let p = vec![
        profile("fuzzy", "Zeta", "niches = [\"fshing\"]"),
        profile("substring", "Yota", "niches = [\"flyfishing\"]"),
        profile("prefix", "Xi", "niches = [\"fishing\"]"),
        profile("word", "Wau", "niches = [\"fish\"]"),
        profile("name", "Fish World", ""),
    ];
    assert_eq!(search(&p, "fish"), ["name", "word", "prefix", "substring"]);
    assert_eq!(search(&p, "fshing"), ["fuzzy", "prefix", "substring"]);
    assert_eq!(search(&p, "fising"), ["prefix", "substring"]);
}

fn field_kind(kind: FieldKind) -> MatchedField {
    field(kind, 0)
}

#[test]
fn the_best_field_is_reported() {
    let p = catalog();
    let index = SearchIndex::new(&p);
    let m = &index.search("kayaks")[0];
    let field = MatchedField {
        kind: FieldKind::AudienceNiche,
        item: 1,
        audience: 0,
    };
    assert_eq!(m.field, field);
    assert_eq!(field.text(&p[m.index]), "kayaks");
    assert_eq!(field.label(), "audience niche");
    let m = &index.search("youtubers")[0];
    assert_eq!(m.field, field_kind(FieldKind::AudienceKind));
    assert_eq!(m.field.text(&p[m.index]), AudienceKind::Youtubers.label());
    assert_eq!(super::tests::field(FieldKind::Focus, 9).text(&p[0]), "");
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
                .all(|m| m.score == 0 && m.field == MatchedField::NAME)
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
    assert_eq!(index.positions(&query, 0, MatchedField::NAME), [0, 1, 2, 3]);
    let query = Query::parse("bass fshing");
    let field = MatchedField {
        kind: FieldKind::AudienceNiche,
        item: 0,
        audience: 0,
    };
    // "bass fishing": "bass" at 0..4, "fshing" at 5 and 7..12 (one letter skipped), unioned.
    assert_eq!(
        index.positions(&query, 0, field),
        [0, 1, 2, 3, 5, 7, 8, 9, 10, 11]
    );
    assert!(index.positions(&query, 0, niche(7)).is_empty());
    assert!(index.positions(&query, 99, MatchedField::NAME).is_empty());
}

#[test]
fn highlight_marks_matching_chars_in_any_text() {
    let query = Query::parse("fish Bass");
    assert_eq!(highlight(&query, "Bass Fishing"), [0, 1, 2, 3, 5, 6, 7, 8]);
    assert_eq!(highlight(&query, "bass"), [0, 1, 2, 3]);
    assert_eq!(highlight(&query, "bxaxsxs"), Vec::<usize>::new());
    // Non-ASCII text keeps char (not byte) indices, and accents fold.
    assert_eq!(highlight(&Query::parse("ete"), "Ça ÉTÉ"), [3, 4, 5]);
}

#[test]
fn case_never_matters() {
    let p = vec![
        profile("upper", "Fishing Gear", ""),
        profile("lower", "Zeta", "niches = [\"fishing\"]"),
    ];
    for q in ["fish", "Fish", "FISH", "fIsH"] {
        assert_eq!(search(&p, q), ["upper", "lower"], "{q}");
    }
    let kol = catalog();
    assert_eq!(search(&kol, "KOL"), ["alpha"]);
    assert_eq!(search(&kol, "kol"), ["alpha"]);
}

#[test]
fn accents_and_unicode_case_fold_away() {
    let p = vec![profile(
        "cafe",
        "Café Élan",
        "niches = [\"épicerie\", \"Straße\"]",
    )];
    for q in [
        "élan", "ELAN", "ÉPI", "epi", "cafe", "CAFÉ", "strasse", "STRASSE",
    ] {
        assert_eq!(search(&p, q), ["cafe"], "{q}");
    }
}

#[test]
fn operators_scopes_and_filters() {
    let p = vec![
        profile(
            "reel",
            "Reel Deal",
            "niches = [\"fishing\"]\n[commission]\nrate = { min = 3, max = 9 }\n\
             [cookie]\ndays = 30\n[program]\nmlm = false",
        ),
        profile(
            "bowl",
            "Fishbowl",
            "niches = [\"aquariums\"]\n[commission]\nrate = { min = 10 }",
        ),
        profile("tube", "Tube", "niches = [\"youtube fishing\"]"),
    ];
    assert_eq!(search(&p, "'fish"), ["bowl", "reel", "tube"]);
    assert_eq!(search(&p, "^fish"), ["bowl", "reel"]);
    assert_eq!(search(&p, "fishing$"), ["reel", "tube"]);
    assert_eq!(search(&p, "^fishing$"), ["reel"]);
    assert_eq!(search(&p, "fish !aquariums"), ["reel", "tube"]);
    assert_eq!(search(&p, "aquariums | youtube"), ["bowl", "tube"]);
    assert_eq!(search(&p, "niche:fish"), ["reel", "tube"]);
    assert_eq!(search(&p, "name:fish"), ["bowl"]);
    assert_eq!(search(&p, "commission>=8"), ["bowl", "reel"]);
    assert_eq!(search(&p, "commission>>=8"), ["bowl"]);
    assert_eq!(search(&p, "commission<<=9"), ["reel"]);
    assert_eq!(search(&p, "cookie>=7 fish"), ["reel"]);
    assert_eq!(search(&p, "mlm:no"), ["reel"]);
    let index = SearchIndex::new(&p);
    let outcome = index.search_outcome("cookie>=7");
    assert_eq!(ids(&p, &outcome.matches), ["reel"]);
    assert_eq!(outcome.hidden, 2, "value not stated");
    let outcome = index.search_outcome("fish cookie>=7");
    assert_eq!(outcome.hidden, 2);
    // A bad piece is reported and the rest still runs.
    let outcome = index.search_outcome("fishing colour:red");
    assert_eq!(ids(&p, &outcome.matches), ["reel", "tube"]);
}

#[test]
fn a_query_whose_terms_cannot_all_match_falls_back_to_the_most_terms() {
    let p = catalog();
    let index = SearchIndex::new(&p);
    let outcome = index.search_outcome("fishing lures tiktok zzz");
    assert!(outcome.partial);
    assert_eq!(ids(&p, &outcome.matches), ["reel-deal"]);
    let outcome = index.search_outcome("aquariums zzz");
    assert!(outcome.partial);
    assert_eq!(ids(&p, &outcome.matches), ["fishbowl"]);
    let outcome = index.search_outcome("zzz");
    assert!(!outcome.partial && outcome.matches.is_empty());
    assert!(!index.search_outcome("fishing").partial);
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
        assert_eq!(
            searcher.search(q, &go),
            Some(index.search_outcome(q)),
            "{q:?}"
        );
    }
}

/// `query` searched fresh the straightforward way: every field of every profile read, no char
/// mask shortcut, no earlier search built on.
fn plain_search(index: &Arc<SearchIndex>, query: &str) -> Option<Outcome> {
    let mut searcher = Searcher::new(Arc::clone(index));
    searcher.shortcuts = false;
    searcher.search(query, &AtomicBool::new(false))
}

#[test]
fn or_and_negation_typed_on_give_what_the_straightforward_scan_gives() {
    let p = many(3 * CHUNK);
    let index = Arc::new(SearchIndex::new(&p));
    let mut searcher = Searcher::new(Arc::clone(&index));
    let go = AtomicBool::new(false);
    for typed in [
        "^fish | tiktok !aqua",
        "print | kayak !3d !zz",
        "'fish | alpha$ !reel",
        "fish !deal | store",
    ] {
        for end in (0..=typed.len()).chain((0..typed.len()).rev()) {
            let q = &typed[..end];
            let plain = plain_search(&index, q);
            assert_eq!(searcher.search(q, &go), plain, "typed on: {q:?}");
            assert_eq!(Some(index.search_outcome(q)), plain, "fresh: {q:?}");
        }
    }
    let outcome = index.search_outcome("^fish | tiktok !aqua");
    assert_eq!(outcome.matches.len(), 3 * CHUNK / 4, "only reel-deal");
}

#[test]
fn a_large_catalog_streams_its_best_matches_first() {
    let p = catalog();
    let index = Arc::new(SearchIndex::new(&p));
    let mut searcher = Searcher::new(Arc::clone(&index));
    searcher.partial_after = 2;
    searcher.partial_from = 0;
    let mut partials = Vec::new();
    let go = AtomicBool::new(false);
    let full = searcher.search_streaming("s", &go, |m| partials.push(m));
    assert_eq!(full, Some(index.search_outcome("s")));
    assert_eq!(partials.len(), 1);
    assert!(partials[0].iter().all(|m| m.index < 2));
}

#[test]
fn a_catalog_below_the_early_report_size_is_answered_once() {
    let p = catalog();
    let index = Arc::new(SearchIndex::new(&p));
    let mut searcher = Searcher::new(Arc::clone(&index));
    searcher.partial_after = 2;
    let mut partials = Vec::new();
    let go = AtomicBool::new(false);
    let full = searcher.search_streaming("s", &go, |m| partials.push(m));
    assert_eq!(full, Some(index.search_outcome("s")));
    assert!(p.len() > 2 && p.len() < searcher.partial_from);
    assert!(partials.is_empty(), "no early report below partial_from");
}

#[test]
fn names_ranked_once_order_the_programs_as_sorting_every_name_did() {
    // Names that fold alike (case, accents), names shared by many programs, ids shared too,
    // and the order they come in shuffled: the ranks and the empty query's order must equal
    // the old build's, which sorted every program by its folded name string twice.
    let words = [
        "Café",
        "cafe",
        "CAFE",
        "Reel",
        "reel deal",
        "Zebra",
        "ábaco",
        "abaco",
        "",
        "a",
        // Names alike in their first 8 bytes, or shorter than 8, or one a prefix of another.
        "fishinglures",
        "fishingl",
        "fishing",
        "fishingla",
        "fishing l",
    ];
    let mut numbers = SeededNumbers::new(7);
    let mut next = |n: usize| numbers.below(n);
    let profiles: Vec<Profile> = (0..3_000)
        .map(|_| {
            let name = format!("{} {}", words[next(words.len())], next(40));
            let id = format!("p-{}", next(2_000));
            profile(&id, name.trim(), "")
        })
        .collect();
    let index = SearchIndex::new(&profiles);
    let folded: Vec<String> = profiles.iter().map(|p| fold(p.name.as_str())).collect();
    let mut by_rank: Vec<u32> = (0..profiles.len() as u32).collect();
    by_rank.sort_by(|&a, &b| folded[a as usize].cmp(&folded[b as usize]).then(a.cmp(&b)));
    let mut rank = vec![0u32; profiles.len()];
    for (place, &p) in by_rank.iter().enumerate() {
        rank[p as usize] = place as u32;
    }
    let mut by_name = by_rank.clone();
    by_name.sort_by(|&a, &b| {
        (folded[a as usize].cmp(&folded[b as usize]))
            .then_with(|| profiles[a as usize].id.cmp(&profiles[b as usize].id))
            .then(a.cmp(&b))
    });
    assert_eq!(index.name_ranks(), rank.as_slice());
    assert_eq!(index.by_name(), by_name.as_slice());
    assert_eq!(SearchIndex::new(&[]).by_name(), &[] as &[u32]);
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
    assert_eq!(
        searcher.search("fish", &go),
        Some(index.search_outcome("fish"))
    );
    assert_eq!(
        searcher.search("fishi", &go),
        Some(index.search_outcome("fishi"))
    );
}

#[test]
fn the_worker_wakes_its_waker_once_a_result_is_there_to_take() {
    let p = many(4 * CHUNK);
    let index = Arc::new(SearchIndex::new(&p));
    let (woken, wakes) = std::sync::mpsc::channel();
    let waker = Waker::new(move || {
        let _ = woken.send(());
    });
    let mut worker = match SearchWorker::new(Arc::clone(&index), waker) {
        Ok(w) => w,
        Err(e) => panic!("cannot start the search thread: {e}"),
    };
    worker.submit("fish".to_string());
    // No polling: block on the waker alone, then the result must already be there.
    let complete = loop {
        if wakes.recv_timeout(Duration::from_secs(30)).is_err() {
            panic!("the worker never woke its waker");
        }
        match worker.try_recv() {
            Some(r) if r.complete => break r,
            // A wake whose result an earlier take already drained.
            Some(_) | None => {}
        }
    };
    assert_eq!(complete.matches, index.search("fish"));
}

#[test]
fn the_worker_readies_the_first_rows_of_each_result_after_sending_it() {
    let p = many(4 * CHUNK);
    let index = Arc::new(SearchIndex::new(&p));
    let (sent, warmed) = std::sync::mpsc::channel();
    let mut worker = match SearchWorker::new(Arc::clone(&index), Waker::default()) {
        Ok(w) => w,
        Err(e) => panic!("cannot start the search thread: {e}"),
    };
    let sent = std::sync::Mutex::new(sent);
    worker.warm_with(Arc::new(move |i| {
        if let Ok(sent) = sent.lock() {
            let _ = sent.send(i);
        }
    }));
    worker.set_warm_rows(5);
    worker.submit("fish".to_string());
    let mut rows = Vec::new();
    while rows.len() < 5 {
        match warmed.recv_timeout(Duration::from_secs(30)) {
            Ok(i) => rows.push(i),
            Err(e) => panic!("rows readied so far {rows:?}: {e}"),
        }
    }
    let expected: Vec<usize> = index
        .search("fish")
        .iter()
        .take(5)
        .map(|m| m.index)
        .collect();
    assert_eq!(rows, expected, "the first rows, in row order");
    let result = worker.try_recv().map(|r| r.complete);
    assert_eq!(
        result,
        Some(true),
        "the result was sent before its rows were readied"
    );
    std::thread::sleep(Duration::from_millis(20));
    assert!(
        warmed.try_recv().is_err(),
        "no more than the rows asked for"
    );
}

#[test]
fn the_worker_returns_only_the_newest_generation() {
    let p = many(4 * CHUNK);
    let index = Arc::new(SearchIndex::new(&p));
    let mut worker = match SearchWorker::new(Arc::clone(&index), Waker::default()) {
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
    let keys = vec![
        'a', 'b', 'c', 'd', 'e', 'k', 'o', 'l', 'A', 'K', ' ', '|', '!', '^', '$', '\'',
    ];
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
        searcher.partial_from = 0;
        let go = AtomicBool::new(false);
        let mut query = String::new();
        for edit in edits {
            match edit {
                Edit::Type(c) => query.push(c),
                Edit::Back => { query.pop(); }
            }
            let fresh = index.search_outcome(&query);
            prop_assert_eq!(&plain_search(&index, &query), &Some(fresh.clone()), "{:?}", query);
            prop_assert_eq!(searcher.search(&query, &go), Some(fresh), "{:?}", query);
        }
    }
}

/// A match names its field as its slot's tag holds it; the row on screen finds that slot
/// again by the field ([`SearchIndex::positions`] through [`SearchIndex::fields`]), and a
/// field whose place does not fit in the tag is counted out from the slots. All three must
/// agree on every slot, or a matched field goes unhighlighted (as one past a program's second
/// audience did) or is misnamed.
#[test]
fn every_slots_field_is_the_same_read_from_its_tag_counted_or_listed() {
    let index = crate::test_support::bundled_catalog()
        .profiles
        .search_index();
    let (_, tags) = index.slot_tables();
    let mut kinds = std::collections::BTreeSet::new();
    let (mut later_items, mut later_audiences, mut past_audiences) = (0, 0, 0);
    for p in 0..index.len() {
        let start = index.slots(p).start;
        let mut audiences = 0;
        for (slot, listed) in index.fields(p) {
            let offset = slot - start;
            let tagged = index.tagged_field(p, offset, tags[slot]);
            assert_eq!(tagged, listed, "profile {p} slot {offset}");
            assert_eq!(
                index.counted_field(p, offset),
                listed,
                "profile {p} slot {offset}"
            );
            kinds.insert(listed.kind as usize);
            later_items += usize::from(listed.item > 0);
            later_audiences += usize::from(listed.audience > 0);
            audiences += usize::from(listed.kind == FieldKind::AudienceKind);
            past_audiences += usize::from(
                audiences > 1
                    && !matches!(
                        listed.kind,
                        FieldKind::AudienceKind | FieldKind::AudienceNiche
                    ),
            );
        }
    }
    // Every kind of slot, the second and later items of a kind, a second audience's niches,
    // and fields after a second audience were among them.
    assert!(kinds.len() >= 6, "{kinds:?}");
    assert!(kinds.contains(&(FieldKind::AudienceNiche as usize)));
    assert!(later_items > 0 && later_audiences > 0 && past_audiences > 0);
}

/// The field a match past a program's second audience names is highlighted on its row.
#[test]
fn a_field_after_a_second_audience_is_highlighted() {
    let p = profile(
        "two",
        "Two",
        "product_types = [\"newsletters\"]\n[[audiences]]\nkind = \"kol\"\n\
         [[audiences]]\nkind = \"tiktokers\"",
    );
    let index = SearchIndex::new(std::slice::from_ref(&p));
    let m = index.search("newsletters");
    assert_eq!(m.len(), 1);
    assert_eq!(m[0].field.text(&p), "newsletters");
    let query = crate::search::Query::parse("newsletters");
    assert_eq!(
        index.positions(&query, 0, m[0].field),
        (0..11).collect::<Vec<_>>()
    );
}

#[test]
fn fields_past_the_packed_ordinals_are_still_named_right() {
    let mut p = profile("big", "Big", "[[audiences]]\nkind = \"kol\"");
    p.niches = (0..70_000)
        .map(|i| crate::model::Line::new(&format!("n{i}")))
        .chain([crate::model::Line::new("kayak")])
        .collect();
    p.audiences[0].niches = p.niches.clone();
    let p = vec![p];
    let index = SearchIndex::new(&p);
    let m = index.search("kayak");
    assert_eq!(m[0].field, niche(70_000));
    assert_eq!(m[0].field.text(&p[0]), "kayak");
    let m = index.search("kayak kol");
    assert_eq!(m[0].field, niche(70_000));
    // Name, id, the niches, the audience, then its niches.
    assert_eq!(
        index.slot_field(0, 2 * 70_001 + 2),
        MatchedField {
            kind: FieldKind::AudienceNiche,
            item: 70_000,
            audience: 0
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
            let _ = matching::skim_score(h, p);
        }
        let fresh = SkimMatcherV2::default().respect_case().fuzzy_match(&hay, &pattern);
        prop_assert_eq!(matching::skim_score(&hay, &pattern), fresh);
    }
}

#[test]
fn every_searched_kind_takes_its_weight_and_label_from_the_field_table() {
    for kind in FieldKind::ALL {
        let field = crate::model::fields::by_path(kind.path()).expect("in the table");
        let searched = field.search.expect("searched");
        assert_eq!(kind.weight(), searched.weight, "{}", kind.path());
        assert!(searched.weight > 0 && !searched.label.is_empty());
    }
    assert_eq!(niche(0).label(), "niche");
    assert_eq!(
        field_kind(FieldKind::AudienceNiche).label(),
        "audience niche"
    );
}

#[test]
fn country_filters_read_the_structured_exclusion_codes() {
    // `country:IN` fails a program whose countries exclude IN (whatever the exclusion's
    // condition), passes one that states countries without excluding IN, and hides one that
    // states nothing about countries.
    let p = vec![
        profile(
            "excludes",
            "Excludes India",
            "[promotion]\ncountries = { worldwide = true, exclusions = [{ codes = [\"CN\", \"IN\"], \
             condition = \"some promotions\" }] }",
        ),
        profile(
            "everywhere",
            "Everywhere",
            "[promotion]\ncountries = { worldwide = true }",
        ),
        profile("silent", "Silent", ""),
    ];
    let index = SearchIndex::new(&p);
    let outcome = index.search_outcome("country:IN");
    assert_eq!(ids(&p, &outcome.matches), ["everywhere"]);
    assert_eq!(outcome.hidden, 1);
    let outcome = index.search_outcome("country:us");
    assert_eq!(ids(&p, &outcome.matches), ["everywhere", "excludes"]);
    // The countries rule is searched as words too.
    assert_eq!(search(&p, "worldwide"), ["everywhere", "excludes"]);
}

#[test]
fn strings_interned_in_runs_get_the_ids_one_pass_would_give() {
    // Enough programs for several runs, with niches shared across runs and names and ids of
    // their own: each string's id is its place among the distinct strings in first-seen order,
    // and one text has one id, as when every profile was interned one after another.
    let niches = ["Fishing", "fishing", "Décor", "tea", "Tea", "camping"];
    let profiles: Vec<Profile> = (0..20_000)
        .map(|i| {
            let rest = format!(
                "niches = [\"{}\", \"{}\", \"only {i}\"]",
                niches[i % niches.len()],
                niches[(i / 7) % niches.len()]
            );
            profile(
                &format!("p-{}", i % 15_000),
                &format!("Program {}", i % 9_000),
                &rest,
            )
        })
        .collect();
    assert_interned_in_first_seen_order(&SearchIndex::new(&profiles), &profiles);
}

#[test]
fn an_id_repeated_in_a_run_or_written_in_another_field_has_one_id() {
    // A run adds each id as a new string without looking it up: the merge must still give a
    // repeated id, and an id that is also a niche or a name, one id at its first place.
    let profiles = vec![
        profile("p-1", "First", "niches = [\"fishing\", \"p-3\"]"),
        profile("fishing", "Second", "niches = [\"tea\"]"),
        profile("p-3", "p-1", "niches = [\"fishing\"]"),
        profile("p-1", "Fourth", "niches = [\"p-1\", \"fishing\"]"),
        profile("tea", "tea", ""),
    ];
    // Also: as many strings as distinct texts, so "p-1", written four times, is one.
    assert_interned_in_first_seen_order(&SearchIndex::new(&profiles), &profiles);
}

/// Each of `index`'s strings is numbered by its first place among `profiles`' fields, and
/// one text has one id, as when every profile was interned one after another.
fn assert_interned_in_first_seen_order(index: &SearchIndex, profiles: &[Profile]) {
    let (slot_string, _) = index.slot_tables();
    let mut next_new = 1u32;
    let mut ids: std::collections::HashMap<String, u32> = std::collections::HashMap::new();
    for (p, profile) in profiles.iter().enumerate() {
        let slots = index.slots(p);
        assert_eq!(
            index.original(slot_string[slots.start] as usize),
            profile.name.as_str()
        );
        assert_eq!(
            index.original(slot_string[slots.start + 1] as usize),
            profile.id.as_str()
        );
        for slot in slots {
            let id = slot_string[slot];
            let text = index.original(id as usize).to_owned();
            match ids.get(&text) {
                Some(&known) => assert_eq!(known, id, "{text:?} has two ids"),
                None => {
                    assert_eq!(id, next_new, "{text:?} is not numbered in first-seen order");
                    next_new += 1;
                    ids.insert(text, id);
                }
            }
        }
    }
    assert_eq!(index.string_count(), next_new as usize);
}
