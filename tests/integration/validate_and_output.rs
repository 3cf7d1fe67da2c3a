//! `validate` as people use it (every mistake in one run, the directories `list` reads, JSON for
//! editors, a new machine with no profiles yet) and output that behaves (tables that fit
//! without breaking words, no empty columns, a clear word when nothing is loaded).

use std::path::Path;

use serde_json::Value;

use crate::support::{affex, empty_home, fixture, stdout_of};

/// Runs `affex ARGS` with `home` as the config home; (status, stdout, stderr).
fn run(home: &tempfile::TempDir, args: &[&str]) -> (Option<i32>, String, String) {
    let out = affex(home)
        .args(["--color", "never"])
        .args(args)
        .output()
        .expect("affex runs");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).expect("a file written");
}

fn good(id: &str) -> String {
    format!("id = \"{id}\"\nname = \"Shop {id}\"\n")
}

#[test]
fn eight_mistakes_are_reported_in_one_run_in_file_order() {
    let file = fixture("invalid/eight_mistakes.toml");
    let home = empty_home();
    let (code, out, _) = run(&home, &["validate", &file.display().to_string()]);
    assert_eq!(code, Some(1));
    let lines: Vec<usize> = out
        .lines()
        .filter_map(|l| l.strip_prefix(&format!("{}:", file.display())))
        .filter_map(|rest| rest.split(':').next()?.parse().ok())
        .collect();
    assert_eq!(lines, [3, 4, 7, 8, 11, 12, 15, 16, 19], "{out}");
    assert!(
        out.ends_with("0 programs loaded; 8 errors, 1 warning\n"),
        "{out}"
    );
}

#[test]
fn a_syntax_error_leaves_the_other_mistakes_reported() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        dir.path(),
        "two.toml",
        "id = \"x\"\nname = \"X\"\nlaunched = 17x00\n[cookie]\ndays = -3\n",
    );
    let home = empty_home();
    let (code, out, _) = run(&home, &["validate", &dir.path().display().to_string()]);
    assert_eq!(code, Some(1));
    assert!(out.contains("two.toml:3:12: error: "), "{out}");
    assert!(
        out.contains("two.toml:5:8: error in `cookie.days`"),
        "{out}"
    );
    assert!(
        !out.contains("error in `launched`"),
        "one report for the broken line:\n{out}"
    );
}

#[test]
fn validate_checks_the_profiles_directories_and_the_user_directory() {
    let home = empty_home();
    let user = home.path().join("affex/profiles");
    std::fs::create_dir_all(&user).expect("user dir");
    write(&user, "mine.toml", "id = \"mine\"\nname = \"\"\n");
    let extra = tempfile::tempdir().expect("temp dir");
    write(
        extra.path(),
        "other.toml",
        "id = \"other\"\nname = \"X\"\n[cookie]\ndays = -1\n",
    );
    let dir = extra.path().display().to_string();
    let (code, out, _) = run(&home, &["--profiles", &dir, "validate"]);
    assert_eq!(code, Some(1));
    assert!(
        out.contains("mine.toml:2:8: error in `name`: `name` is blank"),
        "{out}"
    );
    assert!(
        out.contains("other.toml:4:8: error in `cookie.days`"),
        "{out}"
    );
    // A path named explicitly is checked, and the --profiles directory with it.
    let file = user.join("mine.toml").display().to_string();
    let (_, out, _) = run(&home, &["--profiles", &dir, "validate", &file]);
    assert!(
        out.contains("mine.toml") && out.contains("other.toml"),
        "{out}"
    );
}

#[test]
fn a_new_machine_with_no_user_profiles_is_not_an_error() {
    let home = empty_home();
    let (code, out, _) = run(&home, &["validate"]);
    assert_eq!(code, Some(0), "{out}");
    let dir = home.path().join("affex/profiles");
    assert!(
        out.starts_with(&format!(
            "no user profiles yet: put them in {}",
            dir.display()
        )),
        "{out}"
    );
    assert!(
        out.contains("0 programs loaded; 0 errors, 0 warnings"),
        "{out}"
    );
}

#[test]
fn validate_as_json_gives_one_object_per_problem() {
    let file = fixture("invalid/eight_mistakes.toml");
    let out = stdout_of(
        &["validate", "--format", "json", &file.display().to_string()],
        1,
    );
    let problems: Vec<Value> = serde_json::from_str(&out).expect("JSON");
    assert_eq!(problems.len(), 9);
    let first = &problems[0];
    for key in [
        "file", "line", "column", "field", "severity", "code", "message",
    ] {
        assert!(first.get(key).is_some(), "{key} missing in {first}");
    }
    assert_eq!(first["line"], 3);
    assert_eq!(first["column"], 8);
    assert_eq!(first["field"], "name");
    assert_eq!(first["severity"], "error");
    assert_eq!(first["code"], "blank-name");
    let codes: Vec<&str> = problems.iter().filter_map(|p| p["code"].as_str()).collect();
    assert_eq!(
        codes,
        [
            "blank-name",
            "bad-value",
            "bad-value",
            "bad-value",
            "bad-value",
            "unknown-key",
            "bad-value",
            "bad-value",
            "bad-value"
        ]
    );
}

#[test]
fn blank_names_bare_range_numbers_and_late_top_level_keys_are_explained() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        dir.path(),
        "blank.toml",
        "id = \"blank\"\nname = \" \\t \"\n",
    );
    write(
        dir.path(),
        "late.toml",
        "id = \"late\"\nname = \"Late\"\n[cookie]\ndays = 30\nniches = [\"pets\"]\n",
    );
    write(
        dir.path(),
        "bare.toml",
        "id = \"bare\"\nname = \"Bare\"\n[payout]\nminimum = 50\n",
    );
    let home = empty_home();
    let (_, out, _) = run(&home, &["validate", &dir.path().display().to_string()]);
    assert!(
        out.contains("blank.toml:2:8: error in `name`: `name` is blank"),
        "{out}"
    );
    assert!(
        out.contains(
            "late.toml:5:1: warning in `cookie.niches`: `niches` is a top-level key, but here it \
             is read as part of `[cookie]` and ignored"
        ),
        "{out}"
    );
    assert!(out.contains("move `niches` above the first table"), "{out}");
    assert!(
        out.contains(
            "write `minimum = { min = 50, max = 50, currency = \"USD\" }` for exactly 50, or \
             `minimum = { min = 50, currency = \"USD\" }` for 50 or more"
        ),
        "{out}"
    );
}

#[test]
fn a_user_profile_that_replaces_a_bundled_one_is_named_as_info() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        dir.path(),
        "temu.toml",
        "id = \"temu\"\nname = \"My Temu\"\n",
    );
    let home = empty_home();
    let (code, out, _) = run(&home, &["validate", &dir.path().display().to_string()]);
    assert_eq!(code, Some(0), "{out}");
    assert!(
        out.contains(
            "temu.toml:1:6: info in `id`: replaces the bundled profile `temu` (temu.toml)"
        ),
        "{out}"
    );
    assert!(
        out.contains("1 program loaded; 0 errors, 0 warnings"),
        "{out}"
    );
}

#[test]
fn the_skipped_warning_names_the_files_and_the_validate_command_for_them() {
    let dir = tempfile::tempdir().expect("temp dir");
    for n in 0..7 {
        write(dir.path(), &format!("bad{n}.toml"), "id = \"x\"\n");
    }
    write(dir.path(), "fine.toml", &good("fine"));
    let home = empty_home();
    let shown = dir.path().display().to_string();
    let (code, _, err) = run(&home, &["--profiles", &shown, "list", "--format", "ids"]);
    assert_eq!(code, Some(0));
    let named: Vec<String> = (0..5)
        .map(|n| {
            dir.path()
                .join(format!("bad{n}.toml"))
                .display()
                .to_string()
        })
        .collect();
    let want = format!(
        "warning: 7 profile problems in {}, and 2 more; run `affex --profiles {shown} validate` \
         to see them",
        named.join(", ")
    );
    assert_eq!(err.trim_end(), want);
}

#[test]
fn compare_at_60_columns_never_breaks_a_word() {
    let ids = [
        "alibaba",
        "aliexpress",
        "amazon-associates",
        "banggood",
        "dhgate",
        "temu",
    ];
    let mut args = vec!["--width", "60", "compare"];
    args.extend(ids);
    let out = stdout_of(&args, 0);
    for line in out.lines() {
        assert!(
            affex::text_width::width(line) <= 60,
            "wider than 60: {line:?}\n{out}"
        );
    }
    // Every word of every value shows whole on some line.
    let wide = stdout_of(
        &[
            "--width", "400", "compare", ids[0], ids[1], ids[2], ids[3], ids[4], ids[5],
        ],
        0,
    );
    let words: Vec<&str> = out.split_whitespace().collect();
    for word in wide
        .split_whitespace()
        .filter(|w| w.chars().all(char::is_alphanumeric))
    {
        assert!(
            words.contains(&word),
            "{word:?} broken or lost at 60 columns:\n{out}"
        );
    }
    for name in ["AliExpress", "International"] {
        assert!(
            words.contains(&name) || !wide.contains(name),
            "{name} broken:\n{out}"
        );
    }
}

#[test]
fn a_wide_terminal_keeps_the_side_by_side_table() {
    let out = stdout_of(&["--width", "200", "compare", "aliexpress", "temu"], 0);
    assert!(
        out.lines()
            .next()
            .is_some_and(|l| l.contains("AliExpress") && l.contains("Temu")),
        "{out}"
    );
}

#[test]
fn list_shows_a_matched_column_only_for_a_query() {
    let plain = stdout_of(&["--width", "120", "list"], 0);
    assert!(!plain.contains("Matched"), "{plain}");
    let searched = stdout_of(&["--width", "120", "list", "--query", "dropship"], 0);
    assert!(
        searched
            .lines()
            .next()
            .is_some_and(|l| l.contains("Matched")),
        "{searched}"
    );
}

#[test]
fn nothing_loaded_says_so() {
    let out = stdout_of(&["--no-bundled", "list"], 0);
    assert!(out.starts_with("no programs loaded"), "{out}");
    assert!(!out.contains("No program matches"), "{out}");
}
