//! End to end, in a pseudo-terminal: marks kept across a restart, an export written to the
//! current directory, and the clipboard sequence sent.

use std::ffi::OsStr;

use crate::tui_e2e::Session;

/// The explorer with its data directory and working directory in `dir`.
fn start(dir: &std::path::Path) -> Session {
    let data = dir.to_string_lossy().into_owned();
    Session::launch_in(
        Some(dir),
        &[] as &[&OsStr],
        &[("AFFEX_DATA_DIR", data.as_str()), ("TMUX", "")],
    )
}

#[test]
fn marks_are_kept_across_a_restart() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let mut s = start(dir.path());
    s.wait_for("the list", |screen| screen.contains("AliExpress"));
    s.send(" j ");
    s.wait_for("two marks", |screen| screen.contains("2 marked"));
    s.send("q");
    assert_eq!(s.wait_end().status.exit_code(), 0);
    let mut again = start(dir.path());
    let screen = again.wait_for("the marks again", |screen| screen.contains("2 marked"));
    assert!(screen.contains("● "), "{screen}");
    again.send("q");
    again.wait_end();
}

#[test]
fn an_export_is_written_and_the_clipboard_sequence_sent() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let mut s = start(dir.path());
    s.wait_for("the list", |screen| screen.contains("AliExpress"));
    s.send(" j c");
    s.wait_for("the grid", |screen| screen.contains("Compare · 2 programs"));
    // e, then Enter on the first choice: Markdown.
    s.send("e");
    s.wait_for("the picker", |screen| screen.contains("Export the grid"));
    s.send("\r");
    let name = format!("affex-compare-{}.md", affex::export::file::today());
    s.wait_for("the status line", |screen| {
        screen.contains("Exported affex-compare")
    });
    let written = std::fs::read_to_string(dir.path().join(&name)).expect("the export exists");
    assert!(
        written.starts_with("| Field | Alibaba.com | AliExpress |"),
        "{written}"
    );
    // y copies the selected column's id through OSC 52.
    s.send("y");
    s.wait_for("the copy", |screen| screen.contains("OSC 52"));
    let raw = String::from_utf8_lossy(&s.raw()).into_owned();
    // "alibaba" in base64.
    assert!(
        raw.contains("\u{1b}]52;c;YWxpYmFiYQ==\u{7}"),
        "no OSC 52 sequence"
    );
    s.send("qq");
    assert_eq!(s.wait_end().status.exit_code(), 0);
}
