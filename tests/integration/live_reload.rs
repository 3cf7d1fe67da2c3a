//! Live reload in a real terminal: a profile edited while the explorer runs shows its new
//! terms within a second or two, and one that turns invalid keeps its last good version on
//! screen with the problem in `w`.

use std::ffi::OsStr;
use std::fs;
use std::path::Path;

use crate::tui_e2e::Session;

fn write(dir: &Path, name: &str, body: &str) {
    // Written beside, then renamed over, as editors save: the watcher sees the new file whole.
    let draft = dir.join(format!(".{name}.draft"));
    fs::write(&draft, body).expect("written");
    fs::rename(&draft, dir.join(name)).expect("renamed into place");
}

fn start(dir: &Path) -> Session {
    Session::launch(
        &[
            OsStr::new("--no-bundled"),
            OsStr::new("--profiles"),
            dir.as_os_str(),
        ],
        &[],
    )
}

#[test]
fn a_profile_renamed_while_the_app_runs_shows_its_new_name() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        dir.path(),
        "kite.toml",
        "id = \"kite\"\nname = \"Kite Shop\"\n",
    );
    write(
        dir.path(),
        "lamp.toml",
        "id = \"lamp\"\nname = \"Lamp Store\"\n",
    );
    let mut app = start(dir.path());
    app.wait_for("the two programs", |s| {
        s.contains("Kite Shop") && s.contains("Lamp Store")
    });
    write(
        dir.path(),
        "kite.toml",
        "id = \"kite\"\nname = \"Kite Emporium\"\n",
    );
    write(
        dir.path(),
        "moth.toml",
        "id = \"moth\"\nname = \"Moth Market\"\n",
    );
    let screen = app.wait_for("the new name and the new program", |s| {
        s.contains("Kite Emporium") && s.contains("Moth Market")
    });
    assert!(!screen.contains("Kite Shop"), "{screen}");
    assert!(
        screen.contains("reloaded: "),
        "the status line says so:\n{screen}"
    );
    fs::remove_file(dir.path().join("lamp.toml")).expect("removed");
    app.wait_for("the removed program gone", |s| !s.contains("Lamp Store"));
    app.send("q");
    app.wait_end();
}

#[test]
fn a_profile_that_turns_invalid_keeps_its_last_good_version_and_says_so_in_w() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        dir.path(),
        "kite.toml",
        "id = \"kite\"\nname = \"Kite Shop\"\n",
    );
    let mut app = start(dir.path());
    app.wait_for("the program", |s| s.contains("Kite Shop"));
    write(dir.path(), "kite.toml", "id = \"kite\"\nname = [\n");
    let screen = app.wait_for("the skipped file counted", |s| {
        s.contains("1 profile skipped")
    });
    assert!(
        screen.contains("Kite Shop"),
        "the last good version stays:\n{screen}"
    );
    app.send("w");
    let screen = app.wait_for("the problem in w", |s| {
        s.contains("last good version") && s.contains("Profiles come from")
    });
    assert!(screen.contains("watched for changes"), "{screen}");
    // Fixed, and reloaded by hand from the popup.
    fs::write(
        dir.path().join("kite.toml"),
        "id = \"kite\"\nname = \"Kite Fixed\"\n",
    )
    .expect("written");
    app.send("r");
    app.send("w");
    app.wait_for("the fixed version", |s| s.contains("Kite Fixed"));
    app.send("q");
    app.wait_end();
}
