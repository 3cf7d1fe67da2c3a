//! The relevance suite: judged queries over the bundled programs, each with the program that
//! must come first, those that must be listed and those that must not. Judged by program id
//! and intent, never by score, so it survives edits to the profiles' wording.
//!
//! It prints a table (`cargo test --test integration relevance -- --nocapture`) with precision
//! at 1 and the number of letter-soup results: a listed program for which some query term of
//! three or more letters appears in none of its searched fields even approximately (edit
//! distance up to a quarter of the term's length, separators ignored), judged by a check
//! written apart from the matcher.

use affex::model::Profile;
use affex::model::fields;
use affex::search::Tier;
use affex::test_support::bundled_catalog;
use unicode_normalization::UnicodeNormalization;

/// One judged query.
struct Judged {
    query: &'static str,
    /// What it tests, for the table.
    what: &'static str,
    /// The program that must be listed first.
    first: Option<&'static str>,
    /// Programs that must be listed.
    listed: &'static [&'static str],
    /// Programs that must not be listed.
    not: &'static [&'static str],
    /// Whether the list must be marked partial.
    partial: bool,
}

const fn q(
    query: &'static str,
    what: &'static str,
    first: Option<&'static str>,
    listed: &'static [&'static str],
    not: &'static [&'static str],
) -> Judged {
    Judged {
        query,
        what,
        first,
        listed,
        not,
        partial: false,
    }
}

const fn partial(mut j: Judged) -> Judged {
    j.partial = true;
    j
}

const ALI: &str = "alibaba";
const AE: &str = "aliexpress";
const AMZ: &str = "amazon-associates";
const BG: &str = "banggood";
const DH: &str = "dhgate";
const TEMU: &str = "temu";

const SUITE: &[Judged] = &[
    // Capitals and accents.
    q(
        "Fishing",
        "capitals",
        Some(AE),
        &[AE],
        &[ALI, AMZ, BG, DH, TEMU],
    ),
    q("3D Printing", "capitals", Some(AE), &[AE], &[ALI]),
    q("HOME DECOR", "capitals", Some(AE), &[AE], &[ALI]),
    q("home décor", "accent", Some(AE), &[AE], &[ALI]),
    q("DROPSHIPPING", "capitals", None, &[AE, ALI], &[AMZ, TEMU]),
    q(
        "ÉNTREPRENEURSHIP",
        "accent and capitals",
        Some(ALI),
        &[ALI],
        &[AE],
    ),
    // Names and ids first.
    q("amazon", "name beats niche", Some(AMZ), &[AMZ, ALI], &[AE]),
    q("aliexpress", "name", Some(AE), &[AE], &[]),
    q("AliExpress", "name, capitals", Some(AE), &[AE], &[]),
    q("alibaba", "name", Some(ALI), &[ALI], &[]),
    q("temu", "name", Some(TEMU), &[TEMU], &[]),
    q("dhgate", "name", Some(DH), &[DH], &[]),
    q("banggood", "name", Some(BG), &[BG], &[]),
    q("amazon-associates", "id", Some(AMZ), &[AMZ], &[]),
    q(
        "ali",
        "short prefix of two names",
        None,
        &[AE, ALI],
        &[TEMU, DH, BG],
    ),
    // Niches and audiences.
    q("home decor", "phrase in a niche", Some(AE), &[AE], &[ALI]),
    q("dropshipping", "niche", None, &[AE, ALI], &[AMZ, TEMU]),
    q("side hustles", "niche", Some(ALI), &[ALI], &[AE]),
    q("small business", "niche", Some(ALI), &[ALI], &[AE]),
    q("amazon fba", "niche", Some(ALI), &[ALI], &[AE]),
    q("fast fashion", "niche", Some(AE), &[AE], &[ALI]),
    q("tiktokers", "audience", None, &[AE, ALI], &[AMZ]),
    q(
        "youtubers unboxing",
        "audience and niche",
        Some(AE),
        &[AE],
        &[ALI],
    ),
    q("bargain", "word prefix", Some(AE), &[AE], &[ALI]),
    // Typos and joined words.
    q("dropshiping", "typo", None, &[AE, ALI], &[AMZ]),
    q("3dprinting", "joined words", Some(AE), &[AE], &[]),
    q("3-d printing", "hyphen", Some(AE), &[AE], &[]),
    q("sidehustle", "joined words", Some(ALI), &[ALI], &[]),
    q("tik tok", "split word", None, &[AE, ALI], &[AMZ]),
    q("entrepreneurshp", "typo", Some(ALI), &[ALI], &[]),
    // No letter soup.
    q(
        "tem",
        "no soup: not livestreamers",
        Some(TEMU),
        &[TEMU],
        &[AE, ALI],
    ),
    q("decor", "no soup", Some(AE), &[AE], &[ALI]),
    q("home", "word prefix", Some(AE), &[AE], &[ALI]),
    // Partial phrases fall back, said so.
    partial(q("fishing lures", "partial", Some(AE), &[AE], &[ALI])),
    partial(q("3d printer", "partial", Some(AE), &[AE], &[])),
    partial(q("home decor ideas", "partial", Some(AE), &[AE], &[])),
    // Fields people search for.
    q(
        "coupon",
        "materials and traffic",
        None,
        &[BG, DH, AE],
        &[TEMU],
    ),
    q("paypal", "payout methods", Some(AE), &[AE], &[ALI, TEMU]),
    q(
        "email marketing",
        "traffic sources",
        Some(ALI),
        &[ALI],
        &[AE],
    ),
    q("worldwide", "countries", Some(ALI), &[ALI], &[]),
    q("cps", "program types", None, &[AE, ALI], &[TEMU]),
    q("awin", "networks", Some(AE), &[AE], &[ALI]),
    // Operators and scopes.
    q("'fish", "exact", Some(AE), &[AE], &[ALI]),
    q("^drop", "starts with", None, &[AE, ALI], &[AMZ]),
    q("hauls$", "ends with", Some(AE), &[AE], &[]),
    q("dropshipping !b2b", "not", Some(AE), &[AE], &[ALI]),
    q(
        "fishing | entrepreneurship",
        "or",
        None,
        &[AE, ALI],
        &[TEMU],
    ),
    q("niche:fishing", "scope", Some(AE), &[AE], &[]),
    q("name:ali", "scope", None, &[AE, ALI], &[]),
    q("material:coupon", "scope", None, &[BG, DH], &[AE]),
    q("type:cpi", "scope", Some(ALI), &[ALI], &[AE]),
    q("platform:awin", "scope", Some(AE), &[AE], &[]),
    q("audience:tiktok", "scope", None, &[AE, ALI], &[]),
    // Filters.
    q(
        "commission>=8",
        "range can reach",
        None,
        &[ALI, AE, AMZ, TEMU],
        &[],
    ),
    q("commission>>=5", "all of the range", None, &[], &[AE, AMZ]),
    q("cookie>=7", "cookie", Some(ALI), &[ALI], &[AE]),
    q("payout<=20", "minimum payout", None, &[AE, ALI, AMZ], &[DH]),
    q(
        "mlm:no dropshipping",
        "value filter with a term",
        None,
        &[AE, ALI],
        &[],
    ),
    q(
        "fee:free fishing",
        "value filter with a term",
        Some(AE),
        &[AE],
        &[],
    ),
];

/// Folded the plain way, for the independent letter-soup check: lowercase, accents dropped,
/// only letters and digits kept.
fn squash(text: &str) -> String {
    text.to_lowercase()
        .nfd()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// The smallest edit distance between `term` and any substring of `text` (Sellers).
fn approximate_distance(term: &[char], text: &[char]) -> usize {
    let mut prev: Vec<usize> = vec![0; text.len() + 1];
    for (i, &t) in term.iter().enumerate() {
        let mut cur = vec![i + 1; text.len() + 1];
        for (j, &c) in text.iter().enumerate() {
            let sub = prev[j] + usize::from(t != c);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev.into_iter().min().unwrap_or(usize::MAX)
}

/// Every searched text of `p`, from the field table, plus the audiences.
fn searched_texts(p: &Profile) -> Vec<String> {
    let mut texts = Vec::new();
    for field in fields::FIELDS.iter().filter(|f| f.search.is_some()) {
        let items = (field.items)(p);
        if items.is_empty() {
            texts.extend((field.text)(p));
        } else {
            texts.extend(items.iter().map(|l| l.as_str().to_string()));
        }
    }
    for a in &p.audiences {
        texts.push(a.kind.label().to_string());
        texts.extend(a.niches.iter().map(|n| n.as_str().to_string()));
    }
    texts
}

/// True when some plain term of three or more letters is nowhere near `p`'s searched text.
fn is_letter_soup(query: &str, p: &Profile) -> bool {
    let texts: Vec<Vec<char>> = searched_texts(p)
        .iter()
        .map(|t| squash(t).chars().collect())
        .collect();
    query
        .split_whitespace()
        .filter(|t| t.chars().all(|c| c.is_alphanumeric() || c == '-'))
        .map(|t| squash(t).chars().collect::<Vec<char>>())
        .filter(|t| t.len() >= 3)
        .any(|term| {
            let allowed = term.len() / 4;
            texts
                .iter()
                .all(|text| approximate_distance(&term, text) > allowed)
        })
}

#[test]
fn judged_queries_find_what_a_person_means() {
    let catalog = bundled_catalog();
    let profiles = &catalog.profiles;
    let index = profiles.search_index();
    let id = |i: usize| profiles[i].id.as_str().to_string();
    let mut failures = Vec::new();
    let (mut judged_first, mut right_first, mut soup) = (0, 0, 0);
    println!(
        "{:<30} {:<28} {:<18} {:<7} listed",
        "query", "tests", "first", "P@1"
    );
    for j in SUITE {
        let outcome = index.search_outcome(j.query);
        let listed: Vec<String> = outcome.matches.iter().map(|m| id(m.index)).collect();
        let top = listed.first().cloned().unwrap_or_default();
        let mut mark = "";
        if let Some(first) = j.first {
            judged_first += 1;
            if top == first {
                right_first += 1;
                mark = "1";
            } else {
                mark = "0";
                failures.push(format!(
                    "{:?}: {first} must come first, got {listed:?}",
                    j.query
                ));
            }
        }
        for want in j.listed {
            if !listed.iter().any(|l| l == want) {
                failures.push(format!(
                    "{:?}: {want} must be listed, got {listed:?}",
                    j.query
                ));
            }
        }
        for unwanted in j.not {
            if listed.iter().any(|l| l == unwanted) {
                failures.push(format!("{:?}: {unwanted} must not be listed", j.query));
            }
        }
        if outcome.partial != j.partial {
            failures.push(format!(
                "{:?}: partial is {}, should be {}",
                j.query, outcome.partial, j.partial
            ));
        }
        // Partial matches miss a term by design, and an OR needs only one of its terms.
        let checked = !outcome.partial && !j.query.contains('|');
        for m in outcome.matches.iter().filter(|_| checked) {
            if m.tier >= Tier::Fuzzy && is_letter_soup(j.query, &profiles[m.index]) {
                soup += 1;
                failures.push(format!("{:?}: {} is letter soup", j.query, id(m.index)));
            }
        }
        let shown = if outcome.partial {
            format!("(partial) {}", listed.join(", "))
        } else {
            listed.join(", ")
        };
        println!(
            "{:<30} {:<28} {:<18} {:<7} {shown}",
            j.query,
            j.what,
            j.first.unwrap_or("-"),
            mark
        );
    }
    println!(
        "{} judged queries; precision at 1: {right_first}/{judged_first} = {:.2}; letter-soup results: {soup}",
        SUITE.len(),
        f64::from(right_first) / f64::from(judged_first.max(1))
    );
    assert!(SUITE.len() >= 40);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_soup_check_can_tell_soup() {
    let soup = |term: &str, text: &str| {
        let term: Vec<char> = squash(term).chars().collect();
        let text: Vec<char> = squash(text).chars().collect();
        approximate_distance(&term, &text) > term.len() / 4
    };
    assert!(soup("decor", "Wholesale Trade / B2B E-commerce"));
    assert!(soup("tem", "livestreamers"));
    assert!(!soup("dropshiping", "dropshipping"));
    assert!(!soup("sidehustle", "side hustles"));
    assert!(!soup("décor", "home decor"));
}
