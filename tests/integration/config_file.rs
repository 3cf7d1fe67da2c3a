//! `config.toml` through the binary: `affex config --path / --print-default / --check`, the
//! `--theme` flag's words, and the explorer started in a pty on a file with a mistake (it
//! opens on the defaults and says so).

use std::ffi::OsStr;

use crate::support::{affex, empty_home};
use crate::tui_e2e::Session;

const BAD: &str = "theme = \"light\"\n\n[keys.list]\ncompare = \"x\"\n";

#[test]
fn path_names_config_toml_in_the_config_dir() {
    let home = empty_home();
    let dir = home.path().join("mine");
    let out = affex(&home)
        .env("AFFEX_CONFIG_DIR", &dir)
        .args(["config", "--path"])
        .output()
        .expect("affex runs");
    assert_eq!(out.status.code(), Some(0));
    let shown = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        shown.trim_end(),
        dir.join("config.toml").display().to_string()
    );
}

#[test]
fn the_printed_default_checks_clean_and_a_mistake_is_named_with_its_line() {
    let home = empty_home();
    let out = affex(&home)
        .args(["config", "--print-default"])
        .output()
        .expect("affex runs");
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(text.contains("theme = \"auto\""), "{text}");
    assert!(text.contains("[keys.list]"), "{text}");
    assert!(
        text.contains("# open or close the comparison grid\ntoggle-grid = \"c\""),
        "{text}"
    );
    let dir = home.path().join("affex");
    std::fs::create_dir_all(&dir).expect("a config dir");
    std::fs::write(dir.join("config.toml"), &text).expect("written");
    let out = affex(&home)
        .env("AFFEX_CONFIG_DIR", &dir)
        .args(["config", "--check"])
        .output()
        .expect("affex runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("config.toml: no problems"));

    std::fs::write(dir.join("config.toml"), BAD).expect("written");
    let out = affex(&home)
        .env("AFFEX_CONFIG_DIR", &dir)
        .args(["config", "--check"])
        .output()
        .expect("affex runs");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(
            "config.toml:4:1: [keys.list] compare: unknown command; did you mean `toggle-grid`?"
        ),
        "{err}"
    );
}

#[test]
fn a_bad_theme_flag_exits_2_naming_the_choices() {
    let home = empty_home();
    let out = affex(&home)
        .args(["--theme", "blue", "list"])
        .output()
        .expect("affex runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--theme"), "{err}");
    assert!(err.contains("light") && err.contains("no-colour"), "{err}");
}

#[test]
fn a_config_with_a_mistake_opens_on_the_defaults_and_says_so() {
    let dir = tempfile::tempdir().expect("a temp dir");
    std::fs::write(dir.path().join("config.toml"), BAD).expect("written");
    let config_dir = dir.path().to_string_lossy().to_string();
    let mut s = Session::launch(&[] as &[&OsStr], &[("AFFEX_CONFIG_DIR", &config_dir)]);
    let first = s.wait_for("the message", |sc| sc.contains("started with the default"));
    assert!(
        first.contains(
            "config.toml: 1 problem; started with the default keys and theme. w lists it."
        ),
        "{first}"
    );
    // The default c still compares: the file's x was not used.
    s.send("w");
    let popup = s.wait_for("the w popup", |sc| sc.contains("was not used"));
    assert!(popup.contains("config.toml:4:1"), "{popup}");
    s.send("q");
    s.wait_for("the popup to close", |sc| !sc.contains("was not used"));
    s.send("c");
    s.wait_for("the grid from the default key", |sc| {
        sc.contains("Compare ·")
    });
    s.send("q");
    s.send("q");
    let ended = s.wait_end();
    assert_eq!(ended.status.exit_code(), 0);
}

#[test]
fn a_good_config_rebinds_a_key_in_the_real_terminal() {
    let dir = tempfile::tempdir().expect("a temp dir");
    std::fs::write(
        dir.path().join("config.toml"),
        "theme = \"no-colour\"\n[keys.list]\ntoggle-grid = \"x\"\n",
    )
    .expect("written");
    let config_dir = dir.path().to_string_lossy().to_string();
    let mut s = Session::launch(&[] as &[&OsStr], &[("AFFEX_CONFIG_DIR", &config_dir)]);
    // The whole first frame, footer included (a frame can arrive in pieces).
    s.wait_for("the footer naming x", |sc| {
        sc.contains("6/6") && sc.contains("x compare")
    });
    s.send("x");
    s.wait_for("the grid from x", |sc| sc.contains("Compare ·"));
    s.send("q");
    s.send("q");
    let ended = s.wait_end();
    assert_eq!(ended.status.exit_code(), 0);
}
