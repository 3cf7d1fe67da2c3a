//! Every figure of both seed documents, read back from `affex show ID --format json`: the
//! Alibaba.com program guide (its pages and its comparison table with AliExpress, DHgate and
//! Amazon Associates) and the AliExpress program guide (its pages and its table with Amazon
//! Associates, Temu and Banggood). Open tops, approximations and "no minimum" included.

use serde_json::{Value, json};

use crate::support::stdout_of;

fn show(id: &str) -> Value {
    serde_json::from_str(&stdout_of(&["show", id, "--format", "json"], 0)).expect("valid JSON")
}

/// The note of `kind` on `field`, if any.
fn note<'a>(p: &'a Value, field: &str, kind: &str) -> Option<&'a Value> {
    p["notes"]
        .as_array()?
        .iter()
        .find(|n| n["field"] == field && n["kind"] == kind)
}

fn other_value(p: &Value, field: &str) -> Value {
    note(p, field, "contradiction").map_or(Value::Null, |n| n["other_value"].clone())
}

fn free(p: &Value) {
    assert_eq!(p["market"]["entry_fee"], json!({ "min": 0.0, "max": 0.0 }));
}

#[test]
fn alibaba_pages_and_its_own_column() {
    let p = show("alibaba");
    assert_eq!(p["launched"], 1999);
    assert_eq!(p["industry"], "Wholesale Trade / B2B E-commerce");
    assert_eq!(
        p["product_types"],
        json!([
            "Physical products (bulk / wholesale)",
            "Digital services",
            "Logistics"
        ])
    );
    assert_eq!(p["program"]["types"], json!(["CPS", "CPI", "KOL"]));
    assert_eq!(p["program"]["mlm"], false);
    assert_eq!(p["program"]["tiers"], 1);
    assert_eq!(
        p["promotion"]["materials"].as_array().map(Vec::len),
        Some(5)
    );
    assert_eq!(
        p["promotion"]["traffic_sources"].as_array().map(Vec::len),
        Some(5)
    );
    // Cookie: 15 days, with the 30 days of older networks kept as a contradiction.
    assert_eq!(p["cookie"]["days"], 15);
    assert_eq!(
        other_value(&p, "cookie.days"),
        "30 days (some older third-party networks)"
    );
    // Countries: worldwide, except CN, IN, NG for some shipping or promotions.
    assert_eq!(
        p["promotion"]["countries"],
        json!({
            "worldwide": true,
            "exclusions": [{
                "codes": ["CN", "IN", "NG"],
                "condition": "some shipping or promotions"
            }]
        })
    );
    assert_eq!(p["promotion"]["explicit"]["rule"], "prohibited");
    assert_eq!(p["promotion"]["religious_political"]["rule"], "prohibited");
    // Commission: up to 15%, standard 6–10%.
    assert_eq!(p["commission"]["rate"], json!({ "max": 15.0 }));
    assert_eq!(
        p["commission"]["typical"],
        json!({ "min": 6.0, "max": 10.0 })
    );
    // Paid monthly, typically between the 15th and 30th of the following month.
    assert_eq!(p["payout"]["frequency"], json!(["monthly"]));
    assert_eq!(
        p["payout"]["pay_day"],
        json!({ "day": 15, "to": 30, "month": "following", "usually": true })
    );
    assert!(
        p["payout"].get("delay").is_none(),
        "no holding period is stated"
    );
    assert_eq!(
        p["payout"]["methods"],
        json!(["International wire transfer (bank transfer)"])
    );
    // $16 threshold ("~$16" in the table), a fee of 15 with no currency.
    assert_eq!(
        p["payout"]["minimum"],
        json!({ "min": 16.0, "max": 16.0, "currency": "USD" })
    );
    assert!(note(&p, "payout.minimum", "caveat").is_some());
    assert_eq!(p["payout"]["fee"], json!({ "min": 15.0, "max": 15.0 }));
    assert_eq!(p["program"]["in_house"], "Alibaba Affiliate Network (AAN)");
    assert_eq!(p["program"]["portal"], "ads.alibaba.com");
    assert_eq!(p["program"]["former_networks"], json!(["CJ", "ShareASale"]));
    // The comparison table's own column.
    assert_eq!(p["focus"], json!(["B2B", "wholesale"]));
    assert_eq!(p["market"]["average_order"], json!({ "level": "high" }));
    assert_eq!(p["market"]["conversion"], json!({ "level": "low-medium" }));
    free(&p);
    assert_eq!(
        p["sources"],
        json!([{ "file": "000_8aacfc409876542d.txt", "title": "the Alibaba.com program guide" }])
    );
}

#[test]
fn aliexpress_pages_and_both_columns() {
    let p = show("aliexpress");
    assert_eq!(p["owner"], "Alibaba Group");
    assert_eq!(p["launched"], 2010);
    assert_eq!(p["industry"], "E-commerce / Global Retail Marketplace");
    assert_eq!(p["program"]["types"], json!(["CPS", "CPA"]));
    assert_eq!(p["program"]["mlm"], false);
    assert_eq!(p["program"]["tiers"], 1);
    assert_eq!(
        p["promotion"]["materials"].as_array().map(Vec::len),
        Some(5)
    );
    assert_eq!(
        p["promotion"]["traffic_sources"].as_array().map(Vec::len),
        Some(6)
    );
    assert_eq!(p["cookie"]["days"], 3);
    assert_eq!(
        p["promotion"]["countries"],
        json!({ "worldwide": true, "at_least": 190, "places": "countries and regions" })
    );
    assert_eq!(p["promotion"]["explicit"]["rule"], "prohibited");
    // "Restricted" in the cell, "generally prohibits" in its explanation.
    assert_eq!(p["promotion"]["religious_political"]["rule"], "restricted");
    assert_eq!(
        other_value(&p, "promotion.religious_political"),
        "Prohibited (generally)"
    );
    assert_eq!(p["commission"]["rate"], json!({ "min": 3.0, "max": 9.0 }));
    assert_eq!(p["commission"]["structure"], json!(["category-based"]));
    // Monthly, around the 20th, usually after a 60-day locking/validation period.
    assert_eq!(p["payout"]["frequency"], json!(["monthly"]));
    assert_eq!(p["payout"]["pay_day"], json!({ "day": 20, "approx": true }));
    assert_eq!(
        p["payout"]["delay"],
        json!({ "days": 60, "kind": "lock", "usually": true })
    );
    assert_eq!(
        p["payout"]["methods"][0],
        "International bank transfer (wire)"
    );
    assert_eq!(
        p["payout"]["minimum"],
        json!({ "min": 16.0, "max": 16.0, "currency": "USD" })
    );
    assert_eq!(p["program"]["in_house"], "AliExpress Portals");
    assert_eq!(
        p["program"]["networks"],
        json!(["Awin", "CJ Affiliate", "Admitad", "FlexOffers"])
    );
    // Its column in the AliExpress guide's table: ~$35–$40 (low), ~2–4% (low/medium).
    assert_eq!(
        p["market"]["average_order"],
        json!({ "min": 35.0, "max": 40.0, "currency": "USD", "level": "low", "approx": true })
    );
    assert_eq!(
        p["market"]["conversion"],
        json!({ "min": 2.0, "max": 4.0, "level": "low-medium", "approx": true })
    );
    free(&p);
    // Its column in the Alibaba.com guide's table: conversion "High (Impulse buys)".
    assert_eq!(other_value(&p, "market.conversion"), "High (Impulse buys)");
    assert_eq!(p["focus"], json!(["B2C", "dropshipping"]));
}

#[test]
fn amazon_in_both_tables() {
    let p = show("amazon-associates");
    assert_eq!(p["focus"], json!(["B2C", "retail"]));
    assert_eq!(p["commission"]["rate"], json!({ "min": 1.0, "max": 10.0 }));
    assert_eq!(
        p["payout"]["minimum"],
        json!({ "min": 10.0, "max": 10.0, "currency": "USD" })
    );
    // "Monthly (Net-60)" and "Net-60 (Approx. 2 months later)".
    assert_eq!(p["payout"]["frequency"], json!(["monthly"]));
    assert_eq!(p["payout"]["delay"], json!({ "days": 60, "kind": "net" }));
    assert_eq!(
        other_value(&p, "payout.frequency"),
        "Net-60 (Approx. 2 months later)"
    );
    // "$50+" is open at the top; "~10%+" approximate and open.
    assert_eq!(
        p["market"]["average_order"],
        json!({ "min": 50.0, "currency": "USD", "level": "medium-high", "open_top": true })
    );
    assert_eq!(other_value(&p, "market.average_order"), "Variable");
    assert_eq!(
        p["market"]["conversion"],
        json!({ "min": 10.0, "level": "high", "approx": true, "open_top": true })
    );
    assert_eq!(
        other_value(&p, "market.conversion"),
        "Very High (Trusted brand)"
    );
    free(&p);
    assert_eq!(
        p["promotion"]["materials"],
        json!(["SiteStripe", "Native ads", "Banners", "API"])
    );
    // Read from the threshold cell, and marked as derived.
    assert_eq!(
        p["payout"]["methods"],
        json!(["Direct deposit", "Gift card"])
    );
    let derived = note(&p, "payout.methods", "caveat").expect("a caveat on the methods");
    assert!(
        derived["text"]
            .as_str()
            .is_some_and(|t| t.contains("threshold cell")),
        "{derived}"
    );
}

#[test]
fn dhgate_in_the_alibaba_table() {
    let p = show("dhgate");
    assert_eq!(p["focus"], json!(["B2B", "wholesale"]));
    assert_eq!(other_value(&p, "focus"), "B2B/B2C Hybrid");
    assert_eq!(p["market"]["average_order"], json!({ "level": "medium" }));
    free(&p);
    assert_eq!(
        p["payout"]["minimum"],
        json!({ "min": 100.0, "max": 100.0, "currency": "USD" })
    );
    assert_eq!(p["payout"]["frequency"], json!(["monthly"]));
    assert_eq!(p["commission"]["rate"], json!({ "min": 3.0, "max": 60.0 }));
    assert_eq!(p["market"]["conversion"], json!({ "level": "medium" }));
    assert_eq!(
        p["promotion"]["materials"],
        json!(["Banners", "Coupons", "Links"])
    );
}

#[test]
fn temu_in_the_aliexpress_table() {
    let p = show("temu");
    assert_eq!(
        p["market"]["average_order"],
        json!({ "min": 25.0, "max": 30.0, "currency": "USD", "level": "low", "approx": true })
    );
    free(&p);
    assert_eq!(
        p["payout"]["minimum"],
        json!({ "min": 20.0, "max": 50.0, "currency": "USD" })
    );
    assert!(
        note(&p, "payout.minimum", "caveat").is_some(),
        "\"(Varies)\""
    );
    assert_eq!(p["payout"]["frequency"], json!(["monthly"]));
    assert_eq!(p["commission"]["rate"], json!({ "min": 5.0, "max": 20.0 }));
    assert_eq!(p["market"]["conversion"], json!({ "level": "high" }));
    assert_eq!(
        p["promotion"]["materials"],
        json!(["App download links", "Codes"])
    );
}

#[test]
fn banggood_in_the_aliexpress_table() {
    let p = show("banggood");
    // "Medium (~$50)".
    assert_eq!(
        p["market"]["average_order"],
        json!({ "min": 50.0, "max": 50.0, "currency": "USD", "level": "medium", "approx": true })
    );
    free(&p);
    // "No Minimum / Low": its own value, not unknown and not only a level.
    assert_eq!(
        p["payout"]["minimum"],
        json!({ "level": "low", "no_minimum": true })
    );
    assert_eq!(p["payout"]["frequency"], json!(["monthly", "on-request"]));
    // "4% – 12%+".
    assert_eq!(
        p["commission"]["rate"],
        json!({ "min": 4.0, "max": 12.0, "open_top": true })
    );
    assert_eq!(p["market"]["conversion"], json!({ "level": "medium" }));
    assert_eq!(
        p["promotion"]["materials"],
        json!(["Banners", "Coupons", "API"])
    );
}

#[test]
fn show_prints_the_source_wording_and_markers_at_the_value() {
    let banggood = stdout_of(&["show", "banggood"], 0);
    for want in ["4–12%+", "~$50 (medium)", "no minimum / low *"] {
        assert!(banggood.contains(want), "{want:?} in:\n{banggood}");
    }
    let aliexpress = stdout_of(&["show", "aliexpress"], 0);
    for want in [
        "around the 20th of the month",
        "usually after a 60-day",
        "locking/validation period",
        "~$35–$40 (low)",
        "~2–4% (low–medium)",
    ] {
        assert!(aliexpress.contains(want), "{want:?} in:\n{aliexpress}");
    }
    assert!(!aliexpress.contains("after the sale"), "{aliexpress}");
    let amazon = stdout_of(&["show", "amazon-associates"], 0);
    assert!(amazon.contains("monthly, Net-60"), "{amazon}");
    let alibaba = stdout_of(&["show", "alibaba"], 0);
    let at = alibaba.find("Countries").expect("a Countries line");
    let next = &alibaba[at..];
    assert!(
        next.starts_with("Countries            Worldwide, except CN, IN, NG for some"),
        "{next}"
    );
    for out in [&banggood, &aliexpress, &amazon, &alibaba] {
        assert!(!out.contains(".txt"), "a file name is shown:\n{out}");
        assert!(!out.contains("payout.delay"), "a path is shown:\n{out}");
    }
}
