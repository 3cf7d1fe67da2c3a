//! The ranking rule (README, "How the grid ranks") through `affex compare --format json`.

use std::fs;

use serde_json::Value;

use crate::support::{affex, empty_home, stdout_of};

fn compare(ids: &[&str]) -> Value {
    let mut args = vec!["compare"];
    args.extend_from_slice(ids);
    args.extend_from_slice(&["--format", "json"]);
    serde_json::from_str(&stdout_of(&args, 0)).expect("valid JSON")
}

fn marks(cmp: &Value, key: &str) -> Vec<String> {
    cmp["rows"]
        .as_array()
        .and_then(|rows| rows.iter().find(|r| r["key"] == key))
        .and_then(|r| r["cells"].as_array())
        .map(|cells| {
            cells
                .iter()
                .map(|c| c["mark"].as_str().unwrap_or("?").to_string())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn banggood_beats_aliexpress_and_amazon_on_commission() {
    let cmp = compare(&["aliexpress", "amazon-associates", "banggood"]);
    assert_eq!(marks(&cmp, "commission"), ["plain", "plain", "best"]);
}

#[test]
fn dhgate_and_temu_overlap_so_neither_is_marked() {
    let cmp = compare(&["dhgate", "temu"]);
    assert_eq!(marks(&cmp, "commission"), ["plain", "plain"]);
}

#[test]
fn unknown_values_are_never_marked() {
    let cmp = compare(&["alibaba", "aliexpress", "banggood"]);
    assert_eq!(marks(&cmp, "cookie_days"), ["best", "worst", "plain"]);
}

#[test]
fn levels_rank_where_every_value_has_one() {
    let cmp = compare(&["alibaba", "aliexpress", "dhgate", "amazon-associates"]);
    assert_eq!(
        marks(&cmp, "average_order"),
        ["best", "worst", "plain", "plain"]
    );
}

#[test]
fn a_lock_period_and_payment_terms_are_not_ranked() {
    let cmp = compare(&["aliexpress", "amazon-associates"]);
    assert_eq!(marks(&cmp, "payout_delay"), ["plain", "plain"]);
}

#[test]
fn different_currencies_are_not_ranked() {
    let home = empty_home();
    let dir = home.path().join("profiles");
    fs::create_dir_all(&dir).expect("a profile directory");
    fs::write(
        dir.join("rupees.toml"),
        "id = \"rupees\"\nname = \"Rupees\"\n[payout]\nminimum = { min = 1000, max = 1000, currency = \"INR\" }\n",
    )
    .expect("written");
    fs::write(
        dir.join("dollars.toml"),
        "id = \"dollars\"\nname = \"Dollars\"\n[payout]\nminimum = { min = 16, max = 16, currency = \"USD\" }\n",
    )
    .expect("written");
    let out = affex(&home)
        .args(["--no-bundled", "--profiles"])
        .arg(&dir)
        .args(["compare", "rupees", "dollars", "--format", "json"])
        .output()
        .expect("affex runs");
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let cmp: Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_eq!(marks(&cmp, "minimum_payout"), ["plain", "plain"]);
}
