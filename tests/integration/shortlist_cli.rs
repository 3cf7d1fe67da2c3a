//! `affex shortlist`: the programs of a kept list, every list's name and size, unknown names,
//! a bad file, and the same bytes as `affex compare --format` and the explorer's export.

use crate::support::{affex, empty_home};

/// A data directory holding `text` as its shortlist file.
fn data_with(text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary directory");
    std::fs::write(dir.path().join("shortlists.toml"), text).expect("written");
    dir
}

const LISTS: &str = "version = 1\ncurrent = \"default\"\n[lists]\n\
    default = [\"temu\", \"aliexpress\", \"gone-one\"]\nfishing = [\"amazon-associates\"]\n";

/// Runs `affex shortlist ARGS` over `data`, returning (status, stdout, stderr).
fn shortlist(data: &tempfile::TempDir, args: &[&str]) -> (i32, String, String) {
    let home = empty_home();
    let out = affex(&home)
        .env("AFFEX_DATA_DIR", data.path())
        .arg("shortlist")
        .args(args)
        .output()
        .expect("affex runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn the_default_list_as_a_table_with_missing_ids_noted() {
    let data = data_with(LISTS);
    let (code, out, err) = shortlist(&data, &[]);
    assert_eq!(code, 0, "{err}");
    let temu = out.find("Temu").unwrap_or(usize::MAX);
    let ali = out.find("AliExpress").unwrap_or(0);
    assert!(temu < ali, "in the order marked:\n{out}");
    assert!(
        out.contains("2 programs in the shortlist “default”"),
        "{out}"
    );
    assert!(
        err.contains("1 saved program not in the catalog: gone-one"),
        "{err}"
    );
    let (_, ids, _) = shortlist(&data, &["fishing", "--format", "ids"]);
    assert_eq!(ids, "amazon-associates\n");
}

#[test]
fn every_list_is_named_with_its_size() {
    let data = data_with(LISTS);
    let (code, out, _) = shortlist(&data, &["--lists"]);
    assert_eq!(code, 0);
    assert_eq!(
        out,
        "* default  2 programs (1 saved program not in the catalog)\n  fishing  1 program\n\
         * the list the explorer opens with\n"
    );
    let (_, same, _) = shortlist(&data, &["--all"]);
    assert_eq!(same, out, "--all is --lists");
    let (_, json, _) = shortlist(&data, &["--lists", "--format", "json"]);
    let parsed: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(parsed[0]["not_in_catalog"], 1);
    assert_eq!(parsed[1]["name"], "fishing");
}

#[test]
fn an_unknown_name_exits_2_naming_the_lists() {
    let data = data_with(LISTS);
    let (code, out, err) = shortlist(&data, &["tech\u{1b}[31m"]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(
        err.contains("no shortlist is named") && err.contains("the lists are: default, fishing"),
        "{err}"
    );
    assert!(!err.contains('\u{1b}'), "{err:?}");
}

#[test]
fn exports_are_the_bytes_of_compare() {
    let data = data_with(LISTS);
    let home = empty_home();
    for format in ["markdown", "csv", "json"] {
        let (code, out, _) = shortlist(&data, &["--format", format]);
        assert_eq!(code, 0);
        let compare = affex(&home)
            .args(["compare", "temu", "aliexpress", "--format", format])
            .output()
            .expect("affex runs");
        assert_eq!(out.as_bytes(), compare.stdout, "{format}");
    }
}

#[test]
fn a_bad_file_is_named_and_left_alone() {
    let bad = "version = 9\n";
    let data = data_with(bad);
    let (code, _, err) = shortlist(&data, &[]);
    assert_eq!(code, 1);
    assert!(
        err.contains("shortlists.toml") && err.contains("version 9 is not known"),
        "{err}"
    );
    let kept = std::fs::read_to_string(data.path().join("shortlists.toml")).expect("read");
    assert_eq!(kept, bad);
}

#[test]
fn no_file_yet_is_an_empty_default_list() {
    let data = tempfile::tempdir().expect("a temporary directory");
    let (code, out, _) = shortlist(&data, &[]);
    assert_eq!(code, 0);
    assert!(out.contains("has no program to show"), "{out}");
}
