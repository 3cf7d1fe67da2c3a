//! `affex estimate` and `affex list --for-me` through the real binary: the worked
//! example in JSON, bad flags refused with the words the about-me checks use (exit 2), "about
//! me" read from `config.toml` in AFFEX_CONFIG_DIR, and flags overriding it.

use serde_json::Value;

use crate::support::{affex, empty_home};

/// Runs `affex ARGS` with `AFFEX_CONFIG_DIR` at `config`, returning (status, stdout, stderr).
fn run(config: &tempfile::TempDir, args: &[&str]) -> (i32, String, String) {
    let home = empty_home();
    let out = affex(&home)
        .env("AFFEX_CONFIG_DIR", config.path())
        .args(args)
        .output()
        .expect("affex runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).expect("JSON output")
}

fn near(v: &Value, want: f64) -> bool {
    v.as_f64().is_some_and(|x| (x - want).abs() < 1e-9)
}

#[test]
fn the_aliexpress_worked_example_in_json_with_units() {
    let config = empty_home();
    let (status, out, err) = run(
        &config,
        &[
            "estimate",
            "aliexpress",
            "--clicks",
            "20000",
            "--format",
            "json",
        ],
    );
    assert_eq!(status, 0, "{err}");
    let v = json(&out);
    let p = &v["programs"][0];
    assert_eq!(p["id"], "aliexpress");
    let click = &p["earnings"]["per_click"];
    assert!(
        near(&click["low"], 0.021) && near(&click["high"], 0.144),
        "{click}"
    );
    assert_eq!(click["unit"], "USD per click");
    let month = &p["earnings"]["per_month"];
    assert!(
        near(&month["low"], 420.0) && near(&month["high"], 2880.0),
        "{month}"
    );
    assert_eq!(month["unit"], "USD per month");
    assert_eq!(p["inputs"][0]["name"], "conversion");
    assert_eq!(p["inputs"][0]["origin"], "profile");
    assert_eq!(p["time_to_cash"]["effective_minimum"]["low"], 16.0);
    let days = &p["time_to_cash"]["days_to_first_payout"];
    assert_eq!(
        (days["low"].as_f64(), days["high"].as_f64()),
        (Some(61.0), Some(92.0))
    );
    assert_eq!(days["unit"], "days");
    assert_eq!(v["me"]["clicks_per_month"], 20000);
}

#[test]
fn bad_flags_exit_2_with_the_about_me_words_naming_the_flag() {
    let config = empty_home();
    for (args, flag, words) in [
        (
            &["--clicks", "-5"][..],
            "--clicks",
            "clicks: expected a whole number from 0 to 1,000,000,000, found \"-5\"",
        ),
        (
            &["--clicks", "5000000000"][..],
            "--clicks",
            "clicks: expected",
        ),
        (&["--country", "XX"][..], "--country", "ISO 3166"),
        (
            &["--channel", "snapchat"][..],
            "--channel",
            "blog, website, youtube, tiktok",
        ),
        (&["--conversion", "120"][..], "--conversion", "at most 100"),
    ] {
        let mut all = vec!["estimate", "aliexpress"];
        all.extend_from_slice(args);
        let (status, _, err) = run(&config, &all);
        assert_eq!(status, 2, "{args:?}: {err}");
        assert!(err.contains(flag) && err.contains(words), "{args:?}: {err}");
    }
}

#[test]
fn about_me_is_read_from_the_config_dir_and_flags_override_it() {
    let config = empty_home();
    std::fs::write(
        config.path().join("config.toml"),
        "# mine\n[me]\nclicks = 1000\ncountries = [\"IN\"]\nchannels = [\"tiktok\"]\n",
    )
    .expect("write config");
    let (status, out, err) = run(&config, &["estimate", "alibaba", "--format", "json"]);
    assert_eq!(status, 0, "{err}");
    let v = json(&out);
    assert_eq!(v["me"]["clicks_per_month"], 1000);
    assert_eq!(v["programs"][0]["eligibility"]["verdict"], "conditional");
    let (_, out, _) = run(
        &config,
        &[
            "estimate",
            "alibaba",
            "--clicks",
            "20000",
            "--country",
            "US",
            "--format",
            "json",
        ],
    );
    let v = json(&out);
    assert_eq!(v["me"]["clicks_per_month"], 20000);
    assert_eq!(v["me"]["countries"][0], "US");
    assert_eq!(
        v["me"]["channels"][0], "tiktok",
        "a flag overrides only its own field"
    );
}

#[test]
fn a_bad_about_me_value_is_a_warning_with_its_place_and_the_rest_still_works() {
    let config = empty_home();
    std::fs::write(config.path().join("config.toml"), "[me]\nclicks = -5\n").expect("write");
    let (status, out, err) = run(&config, &["estimate", "aliexpress"]);
    assert_eq!(status, 0, "{err}");
    assert!(
        err.contains("config.toml:2:10: clicks: expected a whole number"),
        "{err}"
    );
    assert!(
        out.contains("give --clicks to see monthly earnings"),
        "{out}"
    );
}

#[test]
fn alibaba_needs_a_conversion_then_gives_a_figure() {
    let config = empty_home();
    let (_, out, _) = run(&config, &["estimate", "alibaba", "--width", "200"]);
    assert!(
        out.contains("unavailable: conversion and average order missing"),
        "{out}"
    );
    assert!(out.contains("give --conversion PCT"), "{out}");
    let (_, out, _) = run(
        &config,
        &[
            "estimate",
            "alibaba",
            "--conversion",
            "2",
            "--order",
            "500",
            "--clicks",
            "20000",
        ],
    );
    assert!(out.contains("$0.60–$1.50"), "{out}");
    assert!(out.contains("$12,000–$30,000 at 20,000 clicks"), "{out}");
}

#[test]
fn markdown_and_csv_go_through_the_safe_writers() {
    let config = empty_home();
    let (status, out, _) = run(
        &config,
        &[
            "estimate",
            "aliexpress",
            "amazon",
            "--clicks",
            "20000",
            "--format",
            "csv",
        ],
    );
    assert_eq!(status, 0);
    let mut lines = out.lines();
    assert!(
        lines
            .next()
            .is_some_and(|h| h.starts_with("id,name,currency,per_click"))
    );
    assert!(
        out.contains("aliexpress,AliExpress,USD,~$0.021–$0.144"),
        "{out}"
    );
    let (_, md, _) = run(&config, &["estimate", "amazon", "--format", "markdown"]);
    // "≥ $0.05": the `$` is escaped so GitHub does not read it as maths.
    assert!(md.contains("≥ \\$0.05"), "{md}");
}

#[test]
fn list_for_me_ranks_with_reasons_and_a_no_sorts_last() {
    let config = empty_home();
    let (status, out, err) = run(
        &config,
        &[
            "list",
            "--for-me",
            "--clicks",
            "20000",
            "--country",
            "IN",
            "--channel",
            "tiktok",
            "--format",
            "json",
        ],
    );
    assert_eq!(status, 0, "{err}");
    let v = json(&out);
    let programs = v["programs"].as_array().cloned().unwrap_or_default();
    assert_eq!(programs.len(), 6);
    assert_eq!(programs[0]["id"], "aliexpress");
    for p in &programs {
        assert_eq!(p["reasons"].as_array().map(Vec::len), Some(3), "{p}");
    }
    let alibaba = programs.iter().find(|p| p["id"] == "alibaba").cloned();
    assert_eq!(
        alibaba.map(|p| p["flagged"].clone()),
        Some(Value::Bool(true))
    );
    let (status, _, err) = run(&config, &["list", "--clicks", "5"]);
    assert_eq!(status, 2);
    assert!(err.contains("need --for-me"), "{err}");
    let (status, out, _) = run(
        &config,
        &["list", "--for-me", "--query", "fishing", "--format", "ids"],
    );
    assert_eq!(status, 0);
    assert!(out.lines().next().is_some(), "{out}");
}
