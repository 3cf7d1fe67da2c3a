//! The about-me form in a real terminal: set the monthly clicks, quit, start again, and find
//! them kept in `config.toml` of `AFFEX_CONFIG_DIR` (and shown by the form and the fit view).

use crate::tui_e2e::Session;

#[test]
fn clicks_set_in_the_form_are_kept_across_runs() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let config = dir.path().to_str().expect("a UTF-8 temp path").to_string();
    let env = [("AFFEX_CONFIG_DIR", config.as_str())];

    let mut s = Session::launch(&[], &env);
    s.wait_for("the first screen", |sc| sc.contains("6/6"));
    s.send("m");
    s.wait_for("the form", |sc| {
        sc.contains("About me") && sc.contains("Monthly clicks")
    });
    // Channels, countries, niches, then clicks.
    s.send("\t\t\t");
    s.send("20000");
    s.wait_for("the clicks typed", |sc| sc.contains("20000_"));
    s.send("\r");
    s.wait_for("the save confirmed", |sc| sc.contains("About me saved"));
    s.send("q");
    let ended = s.wait_end();
    assert_eq!(ended.status.exit_code(), 0);
    let saved = std::fs::read_to_string(dir.path().join("config.toml")).unwrap_or_default();
    assert!(saved.contains("clicks = 20000"), "{saved}");

    let mut again = Session::launch(&[], &env);
    again.wait_for("the first screen", |sc| sc.contains("6/6"));
    again.send("f");
    again.wait_for("the fit view at 20,000 clicks", |sc| {
        sc.contains("20,000 clicks a month")
    });
    again.send("m");
    again.wait_for("the form showing the kept clicks", |sc| {
        sc.contains("Monthly clicks 20000")
    });
    again.send("\x1b");
    again.wait_for("the form closed", |sc| sc.contains("nothing changed"));
    again.send("q");
    again.send("q");
    let ended = again.wait_end();
    assert_eq!(ended.status.exit_code(), 0);
}
