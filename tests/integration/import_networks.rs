//! `affex import cj` and `affex import admitad` on the hand-written fixtures in
//! tests/fixtures/import/{cj,admitad}: every mapped field read back through
//! `affex show ID --format json`, EPC divided to one click, payment sizes parsed, a program in
//! both networks merged with the disagreement noted, odd values reported with the file and the
//! record, and a file of the wrong format named.

use std::path::Path;

use serde_json::{Value, json};

use crate::support::{affex, empty_home, fixture, strings_in, unsafe_chars};

/// Runs `affex import FORMAT FILES --into DIR` and returns (stdout, stderr).
fn import(dir: &Path, format: &str, files: &[&str]) -> (String, String) {
    import_exiting(dir, format, files, 0)
}

/// [`import`], expecting exit status `status`.
fn import_exiting(dir: &Path, format: &str, files: &[&str], status: i32) -> (String, String) {
    let home = empty_home();
    let mut cmd = affex(&home);
    cmd.arg("import").arg(format);
    for f in files {
        cmd.arg(fixture(&format!("import/{f}")));
    }
    let out = cmd.arg("--into").arg(dir).output().expect("affex runs");
    assert_eq!(out.status.code(), Some(status), "{out:?}");
    (
        String::from_utf8(out.stdout).expect("UTF-8"),
        String::from_utf8(out.stderr).expect("UTF-8"),
    )
}

/// `affex show ID --format json` over the profiles in `dir` alone.
fn show(dir: &Path, id: &str) -> Value {
    let home = empty_home();
    let out = affex(&home)
        .args(["show", id, "--no-bundled", "--format", "json", "--profiles"])
        .arg(dir)
        .output()
        .expect("affex runs");
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    serde_json::from_slice(&out.stdout).expect("JSON")
}

#[test]
fn cj_fields_read_back_with_epc_per_click() {
    let dir = tempfile::tempdir().expect("a directory");
    let (stdout, stderr) = import(dir.path(), "cj", &["cj/advertisers.xml"]);
    assert_eq!(stderr, "");
    assert!(
        stdout.contains("imported: 3 new, 0 updated, 0 unchanged, 0 skipped"),
        "{stdout}"
    );

    let p = show(dir.path(), "northwind-outdoor-gear");
    assert_eq!(p["name"], "Northwind Outdoor Gear");
    assert_eq!(p["website"], "https://www.northwind-outdoor.example/");
    assert_eq!(p["industry"], "Sports & Fitness");
    assert_eq!(p["niches"], json!(["Outdoors", "Sports & Fitness"]));
    assert_eq!(p["program"]["networks"], json!(["CJ"]));
    // The default 8% and the item lists' 10% and 4%.
    assert_eq!(p["commission"]["rate"], json!({"min": 4.0, "max": 10.0}));
    assert_eq!(
        p["commission"]["structure"],
        json!(["category-based", "fixed-percent"])
    );
    assert!(
        p["commission"]["bonuses"]
            .as_str()
            .is_some_and(|b| b.contains("performance incentives"))
    );
    assert_eq!(
        p["promotion"]["materials"],
        json!(["Text Link", "Banner", "DeepLink"])
    );
    // 38.75 per 100 clicks over three months is 0.3875 per click, kept whole (to two
    // decimals it read 0.39).
    assert_eq!(p["market"]["epc"], json!({"min": 0.3875, "max": 0.3875}));
    let cj = &p["imports"][0];
    assert_eq!(cj["network"], "cj");
    assert_eq!(cj["program_id"], "4711001");
    assert_eq!(cj["epc"], json!({"min": 38.75, "max": 38.75}));
    assert_eq!(cj["epc_per_clicks"], 100);
    assert_eq!(cj["epc_window"], "3 months");
    assert_eq!(p["sources"][0]["file"], "cj:4711001");

    let b = show(dir.path(), "bluebird-web-hosting");
    assert_eq!(
        b["commission"]["note"],
        "CJ: fixed commission Hosting Sale $65, Free Trial Signup $2 per action."
    );
    assert_eq!(b["commission"]["structure"], json!(["flat-fee"]));
    assert!(b["commission"].get("rate").is_none());
    assert_eq!(b["market"]["epc"], json!({"min": 0.95, "max": 0.95}));
}

#[test]
fn admitad_fields_read_back_with_payment_sizes_parsed() {
    let dir = tempfile::tempdir().expect("a directory");
    let (stdout, stderr) = import(dir.path(), "admitad", &["admitad/campaigns.json"]);
    assert_eq!(stderr, "");
    assert!(
        stdout.contains("imported: 3 new, 0 updated, 0 unchanged, 0 skipped"),
        "{stdout}"
    );

    let k = show(dir.path(), "kasha-home-appliances");
    assert_eq!(k["website"], "https://kasha-home.example/");
    assert_eq!(
        k["summary"],
        "Kitchen & home appliances – delivered across the country."
    );
    assert_eq!(k["industry"], "Home & Garden");
    assert_eq!(k["niches"], json!(["Home & Garden", "Appliances"]));
    assert_eq!(k["program"]["networks"], json!(["Admitad"]));
    // "3.5-7%" is a range; "210.00-280.00RUB" a fixed amount.
    assert_eq!(k["commission"]["rate"], json!({"min": 3.5, "max": 7.0}));
    assert_eq!(
        k["commission"]["note"],
        "Admitad: fixed commission Large appliance order 210 RUB–280 RUB per action."
    );
    assert_eq!(
        k["commission"]["structure"],
        json!(["fixed-percent", "flat-fee"])
    );
    assert_eq!(k["cookie"]["days"], 30);
    assert_eq!(
        k["market"]["epc"],
        json!({"min": 1.62, "max": 1.62, "currency": "RUB"})
    );
    assert_eq!(k["market"]["conversion"], json!({"min": 0.75, "max": 0.75}));
    assert_eq!(k["market"]["approval"], json!({"min": 56.0, "max": 56.0}));
    assert_eq!(
        k["market"]["note"],
        "Admitad: traffic not allowed: Adult traffic."
    );
    // No maximum hold time: the average stands in, as "usually".
    assert_eq!(
        k["payout"]["delay"],
        json!({"days": 14, "kind": "lock", "usually": true})
    );
    assert_eq!(
        k["payout"]["note"],
        "Admitad: paid 56 days after approval on average."
    );
    assert_eq!(k["promotion"]["countries"], json!({"text": "RU, KZ, BY"}));
    assert_eq!(
        k["promotion"]["traffic_sources"],
        json!(["Cashback", "Teaser networks"])
    );
    let a = &k["imports"][0];
    assert_eq!(a["network"], "admitad");
    assert_eq!(a["program_id"], "21002");
    assert_eq!(
        a["epc"],
        json!({"min": 1.62, "max": 1.62, "currency": "RUB"})
    );
    assert_eq!(a["epc_per_clicks"], 1);

    let v = show(dir.path(), "polar-vpn");
    assert_eq!(v["promotion"]["countries"], json!({"worldwide": true}));
    assert_eq!(v["promotion"]["materials"], json!(["Deep links"]));
    assert_eq!(v["payout"]["delay"], json!({"days": 60, "kind": "lock"}));
    assert_eq!(v["commission"]["rate"], json!({"min": 5.6, "max": 5.6}));
    assert_eq!(
        v["commission"]["note"],
        "Admitad: fixed commission Monthly subscription €4 per action."
    );
}

#[test]
fn admitad_epc_per_100_clicks_is_divided_when_no_ecpc_is_given() {
    let dir = tempfile::tempdir().expect("a directory");
    let file = dir.path().join("one.json");
    std::fs::write(
        &file,
        r#"{"id": 7, "name": "Only Epc", "currency": "EUR", "epc": 73.0, "actions": []}"#,
    )
    .expect("written");
    let home = empty_home();
    let out = affex(&home)
        .args(["import", "admitad"])
        .arg(&file)
        .arg("--into")
        .arg(dir.path().join("p"))
        .output()
        .expect("affex runs");
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let p = show(&dir.path().join("p"), "only-epc");
    assert_eq!(
        p["market"]["epc"],
        json!({"min": 0.73, "max": 0.73, "currency": "EUR"})
    );
    assert_eq!(
        p["imports"][0]["epc"],
        json!({"min": 73.0, "max": 73.0, "currency": "EUR"})
    );
    assert_eq!(p["imports"][0]["epc_per_clicks"], 100);
}

#[test]
fn one_admitad_campaign_alone_is_imported() {
    let dir = tempfile::tempdir().expect("a directory");
    let (stdout, _) = import(dir.path(), "admitad", &["admitad/single.json"]);
    assert!(stdout.contains("aster-pet-supplies"), "{stdout}");
    let p = show(dir.path(), "aster-pet-supplies");
    assert_eq!(p["commission"]["rate"], json!({"min": 6.0, "max": 6.0}));
    assert_eq!(p["promotion"]["countries"], json!({"text": "DE, AT"}));
}

#[test]
fn a_program_in_cj_and_admitad_is_one_profile_with_both_sources_and_their_disagreements() {
    let dir = tempfile::tempdir().expect("a directory");
    import(dir.path(), "cj", &["cj/advertisers.xml"]);
    let (stdout, _) = import(dir.path(), "admitad", &["admitad/campaigns.json"]);
    assert!(
        stdout.contains("updated    lumen-language-school")
            && stdout.contains("disagrees with another network on"),
        "{stdout}"
    );
    let p = show(dir.path(), "lumen-language-school");
    assert_eq!(p["program"]["networks"], json!(["CJ", "Admitad"]));
    let networks = strings_in(&p, "imports", "network");
    assert_eq!(networks, ["cj", "admitad"]);
    let sources = strings_in(&p, "sources", "file");
    assert_eq!(sources, ["cj:4711003", "admitad:21001"]);
    // CJ's 12% and 52.00/41.30 per 100 clicks stand; Admitad's 15% and $0.38 are noted.
    assert_eq!(p["commission"]["rate"], json!({"min": 12.0, "max": 12.0}));
    assert_eq!(p["market"]["epc"], json!({"min": 0.413, "max": 0.413}));
    let noted = |field: &str| {
        p["notes"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|n| n["field"] == field && n["kind"] == "contradiction")
            .map(|n| n["other_value"].clone())
    };
    assert_eq!(noted("commission.rate"), Some(json!("15%")));
    assert_eq!(noted("market.epc"), Some(json!("$0.38 per click")));
    // What only Admitad gives is filled in.
    assert_eq!(p["cookie"]["days"], 45);
    assert_eq!(p["market"]["approval"], json!({"min": 87.0, "max": 87.0}));
}

#[test]
fn odd_cj_values_are_reported_with_the_file_and_line() {
    let dir = tempfile::tempdir().expect("a directory");
    let (stdout, stderr) = import(dir.path(), "cj", &["cj/odd.xml"]);
    for expected in [
        "odd.xml line 23: an advertiser without a name (`advertiser-name`); skipped",
        "odd.xml line 26: an advertiser without a name (`advertiser-name`); skipped",
        "odd.xml line 33: expected a web address (http or https), found \"javascript:alert(1)\"; left out",
        "odd.xml line 39: seven-day-epc: expected a number, found \"1e999\"",
        "odd.xml line 40: three-month-epc: expected an amount from 0 to 1000000000, found -3",
        "odd.xml line 43: expected a percentage from 0 to 100, found 250",
        "odd.xml line 44: expected an ISO 4217 currency code such as \"USD\", found \"XBT\"",
        "odd.xml line 45: expected an amount from 0 to 1000000000, found 1e20",
    ] {
        assert!(
            stderr.contains(expected),
            "missing {expected:?} in\n{stderr}"
        );
    }
    assert!(
        stdout.contains("5 new, 0 updated, 0 unchanged, 2 skipped"),
        "{stdout}"
    );
    // "N/A" EPC and rank "New" are CJ's words for "not measured": no problem, no value.
    let quiet = show(dir.path(), "quiet-newcomer");
    assert!(quiet["market"].get("epc").is_none());
    assert!(
        !stderr.contains("line 10") && !stderr.contains("line 14"),
        "{stderr}"
    );
}

#[test]
fn odd_admitad_values_are_reported_with_the_file_and_json_path() {
    let dir = tempfile::tempdir().expect("a directory");
    let (stdout, stderr) = import(dir.path(), "admitad", &["admitad/odd.json"]);
    for expected in [
        "odd.json at $.results[0].name: a campaign without a name; skipped",
        "odd.json at $.results[1].name: a campaign without a name; skipped",
        "odd.json at $.results[3].actions[0].payment_size: expected a payment size such as \"5.60%\", \"80RUB\" or \"210.00-280.00USD\", found \"N/A\"",
        "odd.json at $.results[3].actions[2].payment_size: expected the lowest figure first, found \"9-3%\"",
        "odd.json at $.results[3].actions[3].payment_size: expected a percentage from 0 to 100, found 250",
        "odd.json at $.results[3].epc: expected an amount from 0 to 1000000000, found 1.7e308",
        "odd.json at $.results[3].cr: expected a number, found \"abc\"",
        "odd.json at $.results[3].rate_of_approve: expected a percentage from 0 to 100, found 140",
        "odd.json at $.results[3].goto_cookie_lifetime: expected a whole number of days from 0 to 36500, found -5",
        "odd.json at $.results[3].max_hold_time: expected a whole number of days from 0 to 36500, found 4294967296000",
        "odd.json at $.results[5]: expected a campaign (a JSON object), found 42; skipped",
        "odd.json at $.results[3].currency: expected an ISO 4217 currency code such as \"USD\", found \"ZZZ\"",
        "odd.json at $.results[3].actions[1].payment_size: expected an ISO 4217 currency code such as \"USD\", found \"ZZZ\"",
    ] {
        assert!(
            stderr.contains(expected),
            "missing {expected:?} in\n{stderr}"
        );
    }
    assert!(
        stdout.contains("4 new, 0 updated, 0 unchanged, 3 skipped"),
        "{stdout}"
    );
    // Every action is odd: none is kept.
    let p = show(dir.path(), "odd-numbers-outlet");
    assert!(p["commission"].get("rate").is_none());
    assert!(p["commission"].get("note").is_none());
    assert!(p.get("cookie").is_none_or(|c| c.get("days").is_none()));
    // A string id is kept as the id at the network.
    assert_eq!(
        show(dir.path(), "string-id-store")["imports"][0]["program_id"],
        "30005"
    );
}

#[test]
fn hostile_text_in_either_format_never_reaches_the_terminal_or_the_files() {
    let dir = tempfile::tempdir().expect("a directory");
    let (out_cj, err_cj) = import(dir.path(), "cj", &["cj/odd.xml"]);
    let (out_ad, err_ad) = import(dir.path(), "admitad", &["admitad/odd.json"]);
    for text in [&out_cj, &err_cj, &out_ad, &err_ad] {
        assert_eq!(unsafe_chars(text), Vec::<char>::new(), "{text}");
    }
    for file in crate::support::toml_files(dir.path()) {
        let text = std::fs::read_to_string(&file).expect("a profile");
        assert_eq!(
            unsafe_chars(&text),
            Vec::<char>::new(),
            "{}",
            file.display()
        );
    }
    assert!(out_ad.contains("evil-shop"), "{out_ad}");
    let evil = show(dir.path(), "evil-shop");
    assert_eq!(evil["name"], "Evil Shop");
}

#[test]
fn a_file_of_the_wrong_format_says_which_format_it_looks_like() {
    let dir = tempfile::tempdir().expect("a directory");
    let (_, stderr) = import_exiting(dir.path(), "cj", &["admitad/campaigns.json"], 1);
    assert!(
        stderr.contains(
            "it looks like Admitad's advertiser campaigns (JSON): try `affex import admitad FILE`"
        ),
        "{stderr}"
    );
    let (_, stderr) = import_exiting(dir.path(), "admitad", &["cj/advertisers.xml"], 1);
    assert!(
        stderr.contains("it looks like CJ's Advertiser Lookup XML: try `affex import cj FILE`"),
        "{stderr}"
    );
    let (_, stderr) = import_exiting(dir.path(), "admitad", &["awin/programmes.json"], 1);
    assert!(stderr.contains("try `affex import awin FILE`"), "{stderr}");
    let (_, stderr) = import_exiting(dir.path(), "cj", &["cj/malformed.xml"], 1);
    assert!(
        stderr.contains("malformed.xml line 5: not valid XML"),
        "{stderr}"
    );
    assert!(crate::support::toml_files(dir.path()).is_empty());
}

#[test]
fn a_dry_run_of_either_format_writes_nothing() {
    let dir = tempfile::tempdir().expect("a directory");
    let home = empty_home();
    for (format, file) in [
        ("cj", "cj/advertisers.xml"),
        ("admitad", "admitad/campaigns.json"),
    ] {
        let out = affex(&home)
            .args(["import", format])
            .arg(fixture(&format!("import/{file}")))
            .arg("--into")
            .arg(dir.path())
            .arg("--dry-run")
            .output()
            .expect("affex runs");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(stdout.contains("would import: 3 new"), "{stdout}");
    }
    assert_eq!(
        std::fs::read_dir(dir.path())
            .map(Iterator::count)
            .unwrap_or(0),
        0
    );
}

#[test]
fn importing_the_same_files_again_changes_nothing() {
    let dir = tempfile::tempdir().expect("a directory");
    import(dir.path(), "cj", &["cj/advertisers.xml"]);
    import(dir.path(), "admitad", &["admitad/campaigns.json"]);
    let (cj, _) = import(dir.path(), "cj", &["cj/advertisers.xml"]);
    assert!(
        cj.contains("imported: 0 new, 0 updated, 3 unchanged, 0 skipped"),
        "{cj}"
    );
    let (admitad, _) = import(dir.path(), "admitad", &["admitad/campaigns.json"]);
    assert!(
        admitad.contains("imported: 0 new, 0 updated, 3 unchanged, 0 skipped"),
        "{admitad}"
    );
}
