//! The headless command line, run as a script would run it: every subcommand and format,
//! JSON parsed back and checked against the seed facts.

use std::io::Read;
use std::process::Stdio;

use affex::model::Profile;
use predicates::prelude::*;
use serde_json::Value;

use crate::support::{affex, affex_std, empty_home, fixture, stdout_of};

fn json(args: &[&str]) -> Value {
    serde_json::from_str(&stdout_of(args, 0)).expect("valid JSON")
}

fn show_json(id: &str) -> Value {
    json(&["show", id, "--format", "json"])
}

fn ids(query: &str) -> Vec<String> {
    stdout_of(&["list", "--query", query, "--format", "ids"], 0)
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn list_table_shows_every_bundled_program() {
    let out = stdout_of(&["list"], 0);
    for name in [
        "Alibaba.com",
        "AliExpress",
        "Amazon Associates",
        "DHgate",
        "Temu",
        "Banggood",
    ] {
        assert!(out.contains(name), "{name} missing from:\n{out}");
    }
    assert!(out.contains("6 of 6 programs"), "{out}");
    for line in out.lines() {
        assert!(
            affex::text_width::width(line) <= 100,
            "piped table wider than 100: {line:?}"
        );
    }
}

#[test]
fn list_json_round_trips_into_profiles() {
    let rows = json(&["list", "--format", "json"]);
    let rows = rows.as_array().expect("an array");
    assert_eq!(rows.len(), 6);
    for row in rows {
        let profile: Profile =
            serde_json::from_value(row["program"].clone()).expect("program parses back");
        let again = serde_json::to_value(&profile).expect("serializes");
        assert_eq!(again, row["program"], "JSON round-trips for {}", profile.id);
    }
}

#[test]
fn list_csv_and_ids() {
    let csv = stdout_of(&["list", "--format", "csv"], 0);
    let mut lines = csv.lines();
    assert!(
        lines
            .next()
            .is_some_and(|h| h.starts_with("rank,id,name,focus,commission"))
    );
    assert_eq!(lines.count(), 6);
    assert_eq!(ids("").len(), 6);
}

#[test]
fn aliexpress_facts_match_the_seed() {
    let p = show_json("aliexpress");
    assert_eq!(p["cookie"]["days"], 3);
    assert_eq!(p["commission"]["rate"]["min"], 3.0);
    assert_eq!(p["commission"]["rate"]["max"], 9.0);
    assert_eq!(p["payout"]["minimum"]["min"], 16.0);
    assert_eq!(p["payout"]["minimum"]["currency"], "USD");
    assert_eq!(p["payout"]["delay"]["days"], 60);
    assert_eq!(p["payout"]["delay"]["kind"], "lock");
}

#[test]
fn alibaba_facts_match_the_seed() {
    let p = show_json("alibaba");
    assert_eq!(p["commission"]["rate"]["max"], 15.0);
    assert!(
        p["commission"]["rate"].get("min").is_none(),
        "'up to 15%' has no minimum"
    );
    assert_eq!(p["cookie"]["days"], 15);
    let notes = p["notes"].as_array().expect("notes");
    assert!(
        notes
            .iter()
            .any(|n| n["field"] == "cookie.days" && n["kind"] == "contradiction"),
        "the 15 vs 30 day cookie is recorded as a contradiction"
    );
}

#[test]
fn show_json_round_trips() {
    for id in ids("") {
        let value = show_json(&id);
        let profile: Profile = serde_json::from_value(value.clone()).expect("parses back");
        assert_eq!(serde_json::to_value(&profile).expect("serializes"), value);
    }
}

#[test]
fn show_text_groups_fields_and_says_not_stated() {
    let out = stdout_of(&["show", "temu"], 0);
    for section in [
        "Overview",
        "Terms",
        "Promotion",
        "Audiences",
        "Platform",
        "Notes",
    ] {
        assert!(out.contains(section), "{section} missing:\n{out}");
    }
    assert!(out.contains("not stated"), "{out}");
    let out = stdout_of(&["show", "aliexpress"], 0);
    assert!(out.contains("3 days"), "{out}");
    assert!(out.contains("3–9%"), "{out}");
    assert!(out.contains("$16"), "{out}");
}

#[test]
fn unknown_id_names_the_closest_ids_and_exits_2() {
    let home = empty_home();
    affex(&home)
        .args(["show", "aliexpres"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("`aliexpress`"));
    affex(&home)
        .args(["compare", "alibaba", "dhgat"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("`dhgate`"));
}

#[test]
fn compare_every_format() {
    let table = stdout_of(&["compare", "aliexpress", "alibaba"], 0);
    assert!(
        table.contains("Commission") && table.contains("Cookie"),
        "{table}"
    );
    assert!(table.contains('★'), "best values are marked: {table}");

    let md = stdout_of(
        &["compare", "aliexpress", "alibaba", "--format", "markdown"],
        0,
    );
    assert!(
        md.starts_with("| Field | AliExpress | Alibaba.com |"),
        "{md}"
    );
    assert!(
        md.contains("| Cookie | ▼ 3 days \\* | **★ 15 days †** |"),
        "{md}"
    );
    assert!(md.contains("▼ worst on the row"), "{md}");

    // The CSV: a marks column beside each program's values, and counts as numbers.
    let csv = stdout_of(&["compare", "aliexpress", "alibaba", "--format", "csv"], 0);
    assert!(
        csv.starts_with("field,aliexpress,aliexpress_marks,alibaba,alibaba_marks\n"),
        "{csv}"
    );
    assert!(
        csv.contains("\ncookie_days,3,worst caveat,15,best contradicted\n"),
        "{csv}"
    );

    let cmp = json(&["compare", "aliexpress", "alibaba", "--format", "json"]);
    assert_eq!(
        cmp["programs"],
        serde_json::json!(["aliexpress", "alibaba"])
    );
    let cookie = cmp["rows"]
        .as_array()
        .and_then(|rows| rows.iter().find(|r| r["key"] == "cookie_days"))
        .expect("a cookie row");
    assert_eq!(cookie["cells"][1]["mark"], "best");
    assert_eq!(cookie["cells"][0]["mark"], "worst");
    assert_eq!(cookie["unranked_reason"], Value::Null);
    let focus = cmp["rows"]
        .as_array()
        .and_then(|rows| rows.iter().find(|r| r["key"] == "focus"))
        .expect("a focus row");
    assert_eq!(
        focus["unranked_reason"],
        "this row is words, which have no better or worse"
    );
}

#[test]
fn compare_marks_best_and_worst_before_the_value_and_explains_every_mark() {
    let out = stdout_of(
        &["compare", "aliexpress", "amazon-associates", "banggood"],
        0,
    );
    let commission = out
        .lines()
        .find(|l| l.starts_with("Commission"))
        .unwrap_or_default();
    assert!(commission.contains("★ 4–12%+"), "{commission}");
    let average = out
        .lines()
        .find(|l| l.starts_with("Average order"))
        .unwrap_or_default();
    assert!(average.contains("▼ ~$35–$40 (low) *"), "{average}");
    for mark in ["★ best", "▼ worst", "* a caveat", "† the sources disagree"] {
        assert!(out.contains(mark), "the legend explains {mark:?}: {out}");
    }
    assert!(
        out.contains("Payout delay is not ranked: the delays are of different kinds"),
        "{out}"
    );
    let cmp = json(&[
        "compare",
        "aliexpress",
        "amazon-associates",
        "--format",
        "json",
    ]);
    let delay = cmp["rows"]
        .as_array()
        .and_then(|rows| rows.iter().find(|r| r["key"] == "payout_delay"))
        .expect("a delay row");
    assert!(
        delay["unranked_reason"]
            .as_str()
            .is_some_and(|r| r.contains("different kinds")),
        "{delay}"
    );
}

#[test]
fn list_table_keeps_the_caveat_mark_when_a_value_is_cut() {
    let out = stdout_of(&["list"], 0);
    let alibaba = out
        .lines()
        .find(|l| l.starts_with("Alibaba.com"))
        .unwrap_or_default();
    assert!(alibaba.contains("15 days †"), "{alibaba}");
    assert!(alibaba.contains("$16 *"), "{alibaba}");
    assert!(out.contains("* a caveat qualifies the value"), "{out}");
}

#[test]
fn show_text_with_markers_with_and_without_colour() {
    let home = empty_home();
    for (colour, name) in [
        ("always", "show_alibaba_colour"),
        ("never", "show_alibaba_plain"),
    ] {
        let out = affex(&home)
            .env("COLUMNS", "100")
            .args(["--color", colour, "show", "alibaba"])
            .output()
            .expect("runs");
        let text = String::from_utf8_lossy(&out.stdout).to_string();
        assert!(
            text.contains("Worldwide, except CN, IN, NG for some shipping or promotions *"),
            "{text}"
        );
        assert!(text.contains("a caveat qualifies this value"), "{text}");
        assert_eq!(text.contains('\u{1b}'), colour == "always");
        insta::assert_snapshot!(name, text);
    }
}

#[test]
fn compare_ranks_minimum_payout_lowest_first() {
    let cmp = json(&[
        "compare",
        "dhgate",
        "amazon-associates",
        "aliexpress",
        "--format",
        "json",
    ]);
    let row = cmp["rows"]
        .as_array()
        .and_then(|rows| rows.iter().find(|r| r["key"] == "minimum_payout"))
        .expect("a minimum payout row");
    assert_eq!(
        row["cells"][0]["mark"], "worst",
        "DHgate's $100 is the highest"
    );
    assert_eq!(
        row["cells"][1]["mark"], "best",
        "Amazon's $10 is the lowest"
    );
}

#[test]
fn niche_searches_rank_the_programs_the_seeds_name() {
    assert_eq!(
        ids("3d printing").first().map(String::as_str),
        Some("aliexpress")
    );
    assert_eq!(
        ids("fishing").first().map(String::as_str),
        Some("aliexpress")
    );
    assert_eq!(
        ids("amazon fba").first().map(String::as_str),
        Some("alibaba")
    );
    assert_eq!(
        ids("side hustle").first().map(String::as_str),
        Some("alibaba")
    );
    let dropship = ids("dropshipping");
    assert!(dropship.len() >= 2, "{dropship:?}");
    assert!(
        dropship.iter().take(2).any(|id| id == "aliexpress"),
        "{dropship:?}"
    );
    assert!(
        dropship.iter().take(2).any(|id| id == "alibaba"),
        "{dropship:?}"
    );
    assert!(ids("zzqqxx").is_empty());
}

#[test]
fn validate_reports_bad_files_and_exits_1() {
    let home = empty_home();
    affex(&home)
        .args(["validate"])
        .arg(fixture("invalid"))
        .assert()
        .code(1)
        .stdout(predicate::str::contains("error"));
    affex(&home)
        .args(["validate"])
        .arg(fixture("valid"))
        .assert()
        .code(0)
        .stdout(predicate::str::contains("0 errors"));
}

#[test]
fn a_user_profile_replaces_the_bundled_one_with_its_id() {
    let home = empty_home();
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("mine.toml"),
        "id = \"aliexpress\"\nname = \"AliExpress (my notes)\"\n[cookie]\ndays = 7\n",
    )
    .expect("write profile");
    let out = affex(&home)
        .args(["--profiles"])
        .arg(dir.path())
        .args(["show", "aliexpress", "--format", "json"])
        .output()
        .expect("runs");
    let p: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(p["name"], "AliExpress (my notes)");
    assert_eq!(p["cookie"]["days"], 7);
    let listed = affex(&home)
        .args(["--profiles"])
        .arg(dir.path())
        .args(["list", "--format", "ids"])
        .output()
        .expect("runs");
    assert_eq!(String::from_utf8_lossy(&listed.stdout).lines().count(), 6);
}

#[test]
fn no_bundled_with_no_profiles_lists_nothing() {
    let out = stdout_of(&["--no-bundled", "list", "--format", "ids"], 0);
    assert!(out.is_empty(), "{out}");
}

#[test]
fn colour_follows_the_flag_and_no_color() {
    let home = empty_home();
    let coloured = affex(&home)
        .args(["--color", "always", "show", "temu"])
        .output()
        .expect("runs");
    assert!(
        coloured.stdout.contains(&0x1b),
        "--color always styles the output"
    );
    let plain = affex(&home)
        .env("NO_COLOR", "1")
        .args(["show", "temu"])
        .output()
        .expect("runs");
    assert!(!plain.stdout.contains(&0x1b), "NO_COLOR gives plain text");
}

#[test]
fn validate_colours_the_severity_not_a_word_in_the_path() {
    let home = empty_home();
    let dir = tempfile::tempdir().expect("temp dir");
    let folder = dir.path().join("error-reports");
    std::fs::create_dir(&folder).expect("mkdir");
    std::fs::write(
        folder.join("e.toml"),
        "id = \"e\"\nname = \"E\"\n[cookie]\ndays = -1\n",
    )
    .expect("write");
    let out = affex(&home)
        .args(["--color", "always", "validate"])
        .arg(&folder)
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    let first = text.lines().next().unwrap_or_default();
    assert!(
        first.contains("error-reports/e.toml:4:8: \u{1b}[1;31merror\u{1b}[0m in `cookie.days`"),
        "{first:?}"
    );
}

/// `affex ARGS` with stdout on a pseudo-terminal and stderr on a pipe, as `affex ARGS 2>file`
/// typed in a terminal; returns what each stream received.
fn stdout_on_a_terminal(args: &[&str]) -> (String, String) {
    let home = empty_home();
    let pty = nix::pty::openpty(None, None).expect("a pseudo-terminal");
    let mut cmd = affex_std(&home);
    cmd.args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::from(pty.slave))
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("affex runs");
    // Our copy of the terminal's far end goes with the command, so reading ends when affex exits.
    drop(cmd);
    let mut master = std::fs::File::from(pty.master);
    let reader = std::thread::spawn(move || {
        let mut seen = Vec::new();
        // Linux reports EIO once the far end is closed; what was read before it is kept.
        let _ = master.read_to_end(&mut seen);
        seen
    });
    let mut err = Vec::new();
    child
        .stderr
        .take()
        .expect("stderr is piped")
        .read_to_end(&mut err)
        .expect("stderr reads");
    child.wait().expect("affex exits");
    let out = reader.join().expect("the reader finishes");
    (
        String::from_utf8_lossy(&out).into_owned(),
        String::from_utf8_lossy(&err).into_owned(),
    )
}

#[test]
fn stderr_is_coloured_only_when_stderr_is_a_terminal() {
    let (out, _) = stdout_on_a_terminal(&["show", "temu"]);
    assert!(
        out.contains("\u{1b}[1mTemu\u{1b}[0m"),
        "stdout on a terminal is coloured: {out:?}"
    );
    // The bug: stderr's colour followed stdout's, so `2>err.txt` got escape codes.
    let (_, err) = stdout_on_a_terminal(&["show", "aliexpres"]);
    assert!(
        err.starts_with("error: no program has the id `aliexpres`"),
        "stderr on a pipe is plain: {err:?}"
    );
    let (_, err) = stdout_on_a_terminal(&["--color", "always", "show", "aliexpres"]);
    assert!(
        err.starts_with("\u{1b}[1;31merror:\u{1b}[0m no program"),
        "--color always colours stderr too: {err:?}"
    );
}

#[test]
fn stderr_to_a_file_is_plain_unless_colour_is_asked_for() {
    let home = empty_home();
    let stderr_of = |args: &[&str], env: &[(&str, &str)]| {
        let mut cmd = affex(&home);
        for (key, value) in env {
            cmd.env(key, value);
        }
        let out = cmd.args(args).output().expect("runs");
        assert_eq!(out.status.code(), Some(2), "{args:?} {env:?}");
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    let unknown = ["show", "aliexpres"];
    assert!(stderr_of(&unknown, &[]).starts_with("error: no program"));
    assert!(stderr_of(&unknown, &[("CLICOLOR", "1")]).starts_with("error: no program"));
    let coloured = "\u{1b}[1;31merror:\u{1b}[0m no program";
    let always = ["--color", "always", "show", "aliexpres"];
    assert!(stderr_of(&always, &[]).starts_with(coloured));
    assert!(stderr_of(&always, &[("NO_COLOR", "1")]).starts_with(coloured));
    assert!(stderr_of(&unknown, &[("CLICOLOR_FORCE", "1")]).starts_with(coloured));
}

#[test]
fn clicolor_force_colours_a_pipe_unless_never_or_no_color() {
    let home = empty_home();
    let coloured = |args: &[&str], env: &[(&str, &str)]| {
        let mut cmd = affex(&home);
        for (key, value) in env {
            cmd.env(key, value);
        }
        let out = cmd.args(args).output().expect("runs");
        assert_eq!(out.status.code(), Some(0), "{args:?} {env:?}");
        out.stdout.contains(&0x1b)
    };
    let show = ["show", "temu"];
    assert!(coloured(&show, &[("CLICOLOR_FORCE", "1")]));
    assert!(coloured(
        &show,
        &[("CLICOLOR_FORCE", "1"), ("CLICOLOR", "0")]
    ));
    assert!(!coloured(&show, &[]));
    assert!(!coloured(&show, &[("CLICOLOR_FORCE", "0")]));
    assert!(!coloured(&show, &[("CLICOLOR_FORCE", "")]));
    assert!(!coloured(
        &show,
        &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]
    ));
    assert!(!coloured(
        &["--color", "never", "show", "temu"],
        &[("CLICOLOR_FORCE", "1")]
    ));
}

fn stderr_of(args: &[&str], status: i32) -> String {
    let home = empty_home();
    let out = affex(&home).args(args).output().expect("affex runs");
    assert_eq!(out.status.code(), Some(status), "affex {args:?}");
    String::from_utf8(out.stderr).expect("stderr is UTF-8")
}

#[test]
fn list_queries_ignore_case_and_rank_names_first() {
    for q in ["Fishing", "3D Printing", "HOME DECOR", "home décor"] {
        assert_eq!(ids(q), ["aliexpress"], "{q}");
    }
    assert_eq!(ids("amazon")[0], "amazon-associates");
    let out = stdout_of(&["list", "--query", "aliexpress"], 0);
    assert!(out.contains("name: AliExpress"), "{out}");
    let out = stdout_of(&["list", "--query", "fishing lures"], 0);
    assert!(out.starts_with("partial matches"), "{out}");
}

#[test]
fn list_filters_count_what_they_hide_and_bad_ones_exit_2() {
    let out = stdout_of(&["list", "--query", "cookie>=7"], 0);
    assert!(out.contains("hidden: value not stated"), "{out}");
    let err = stderr_of(&["list", "--query", "cookie>=abc"], 2);
    assert!(
        err.contains("not a number") && err.contains("known fields"),
        "{err}"
    );
    let err = stderr_of(&["list", "--query", "colour:red"], 2);
    assert!(err.contains("“colour”") && err.contains("niche"), "{err}");
}

#[test]
fn list_sorts_by_a_field() {
    let best: Vec<String> = stdout_of(&["list", "--sort", "cookie", "--format", "ids"], 0)
        .lines()
        .map(str::to_string)
        .collect();
    assert_eq!(best[..2], ["alibaba", "aliexpress"]);
    let worst = stdout_of(
        &["list", "--sort", "cookie", "--reverse", "--format", "ids"],
        0,
    );
    assert!(worst.starts_with("aliexpress\nalibaba\n"), "{worst}");
    let err = stderr_of(&["list", "--sort", "niches"], 2);
    assert!(err.contains("sortable fields: commission"), "{err}");
}

#[test]
fn list_sort_orders_each_currency_apart_and_says_so() {
    let home = empty_home();
    let dir = tempfile::tempdir().expect("temp dir");
    for (id, minimum) in [
        ("usd-20", "{ min = 20, max = 20, currency = \"USD\" }"),
        ("eur-5", "{ min = 5, max = 5, currency = \"EUR\" }"),
        ("usd-10", "{ min = 10, max = 10, currency = \"USD\" }"),
        ("eur-50", "{ min = 50, max = 50, currency = \"EUR\" }"),
        ("usd-30", "{ min = 30, max = 30, currency = \"USD\" }"),
    ] {
        std::fs::write(
            dir.path().join(format!("{id}.toml")),
            format!("id = \"{id}\"\nname = \"{id}\"\n[payout]\nminimum = {minimum}\n"),
        )
        .expect("write profile");
    }
    let run = |args: &[&str]| {
        affex(&home)
            .args(["--no-bundled", "--profiles"])
            .arg(dir.path())
            .args(args)
            .output()
            .expect("runs")
    };
    let ids = run(&["list", "--sort", "payout", "--format", "ids"]);
    assert_eq!(
        String::from_utf8_lossy(&ids.stdout),
        "usd-10\nusd-20\nusd-30\neur-5\neur-50\n",
        "5 EUR is not ranked against 10 USD"
    );
    let note = "2 programs in EUR are ordered separately: amounts in different currencies are not compared";
    assert!(String::from_utf8_lossy(&ids.stderr).contains(note));
    let table = run(&["list", "--sort", "payout"]);
    assert!(String::from_utf8_lossy(&table.stdout).contains(note));
    let json = run(&["list", "--sort", "payout", "--reverse", "--format", "json"]);
    let rows: Value = serde_json::from_slice(&json.stdout).expect("json");
    let place = |i: usize| {
        (
            rows[i]["program"]["id"].as_str().unwrap_or("").to_string(),
            rows[i]["sort"]["scale"].as_str().unwrap_or("").to_string(),
            rows[i]["sort"]["apart"].as_bool(),
        )
    };
    assert_eq!(place(0), ("usd-30".into(), "USD".into(), Some(false)));
    assert_eq!(place(3), ("eur-50".into(), "EUR".into(), Some(true)));
    assert_eq!(rows[0]["sort"]["field"], "minimum_payout");
}

#[test]
fn ids_are_case_insensitive_and_compare_names_every_unknown_id() {
    let out = stdout_of(&["show", "AliExpress"], 0);
    assert!(out.starts_with("AliExpress (aliexpress)"), "{out}");
    let out = stdout_of(&["show", "amazon"], 0);
    assert!(out.starts_with("Amazon Associates"), "{out}");
    let err = stderr_of(&["compare", "temu", "nope", "zzz"], 2);
    assert!(err.contains("`nope` and `zzz`"), "{err}");
    let err = stderr_of(&["compare", "temu", "TEMU"], 2);
    assert!(err.contains("at least two"), "{err}");
    stderr_of(&["compare", "temu"], 2);
}
