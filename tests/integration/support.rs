//! Shared helpers: a command with a clean environment, paths to the fixtures, hostile text, and
//! drawing the app to a buffer. Helpers the unit tests use too live in `affex::test_support`.

use std::path::PathBuf;

use affex::app::App;
use assert_cmd::Command;
use ratatui::buffer::Buffer;
use ratatui::widgets::Widget;

/// The `affex` binary with no user profile directory and no colour from the environment, so a
/// developer's own profiles never change a test's outcome.
pub fn affex(config_home: &tempfile::TempDir) -> Command {
    Command::from_std(affex_std(config_home))
}

/// [`affex`] as a plain `std::process::Command`, for tests that choose where each stream goes.
pub fn affex_std(config_home: &tempfile::TempDir) -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_affex"));
    cmd.env("XDG_CONFIG_HOME", config_home.path())
        .env("HOME", config_home.path())
        // The catalog cache goes under HOME too, never into the developer's own.
        .env_remove("AFFEX_CACHE_DIR")
        .env_remove("XDG_CACHE_HOME")
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR")
        .env_remove("CLICOLOR_FORCE")
        .env("TERM", "xterm-256color");
    cmd
}

/// An empty directory to stand in for `$XDG_CONFIG_HOME`.
pub fn empty_home() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary directory")
}

/// `tests/fixtures/<name>`.
pub fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Every `*.toml` file directly in `dir`, sorted by name.
pub fn toml_files(dir: &std::path::Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("a fixture directory")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    files
}

/// Runs `affex ARGS` and returns stdout, asserting the exit status.
pub fn stdout_of(args: &[&str], status: i32) -> String {
    let home = empty_home();
    let out = affex(&home).args(args).output().expect("affex runs");
    assert_eq!(
        out.status.code(),
        Some(status),
        "affex {args:?}\nstdout:\n{}\nstderr:\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("stdout is UTF-8")
}

/// `raw` as the inside of a TOML basic string: every control and invisible character as a
/// `\uXXXX` escape, so the loader sees exactly these characters.
pub fn toml_escape(raw: &str) -> String {
    let mut out = String::new();
    for c in raw.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() || affex::sanitize::is_invisible_control(c) || !c.is_ascii() => {
                out.push_str(&format!("\\u{:04X}", u32::from(c)))
            }
            c => out.push(c),
        }
    }
    out
}

/// A profile with `payload` (already TOML-escaped) in every string field.
pub fn hostile_profile(id: &str, payload: &str) -> String {
    let s = |field: &str| format!("{field} = \"{payload}{field}\"\n");
    let list = |field: &str| format!("{field} = [\"{payload}a\", \"b{payload}\"]\n");
    // A name must show something (one that sanitizes to blank is refused), and some payloads
    // swallow the rest of the string; the id before the payload keeps every name visible.
    let mut t = format!("id = \"{id}\"\nname = \"{id} {payload}name\"\n");
    for f in ["owner", "website", "summary", "industry"] {
        t += &s(f);
    }
    for f in ["focus", "product_types", "niches", "sources"] {
        t += &list(f);
    }
    t += "alternatives = [\"aliexpress\"]\n";
    t += "[program]\nplatform = \"hybrid\"\n";
    t += &list("types");
    t += &s("in_house");
    t += &s("portal");
    t += &list("networks");
    t += &list("former_networks");
    t += "[commission]\nrate = { min = 1, max = 2 }\nstructure = [\"tiered\"]\n";
    t += &s("bonuses");
    t += &s("note");
    t += "[cookie]\ndays = 5\n";
    t += &s("note");
    t += "[payout]\nminimum = { min = 5, currency = \"USD\" }\nfrequency = [\"monthly\"]\n";
    t += &list("methods");
    t += &s("note");
    t += "[market]\nconversion = { level = \"high\" }\n";
    t += &s("note");
    t += "[promotion]\n";
    t += &list("materials");
    t += &list("traffic_sources");
    t += &s("countries");
    t += &list("excluded_countries");
    t += &s("countries_note");
    t += &format!("explicit = {{ rule = \"prohibited\", note = \"{payload}\" }}\n");
    t += &format!("religious_political = {{ rule = \"restricted\", note = \"{payload}\" }}\n");
    for kind in ["bloggers", "tiktokers"] {
        t += &format!("[[audiences]]\nkind = \"{kind}\"\n");
        t += &s("suits");
        t += &list("niches");
    }
    t += "[[notes]]\nkind = \"contradiction\"\n";
    // A note names a field by its path, checked against the field table, so the payload goes
    // into its text instead; a hostile path is an error whose message the validate test reads.
    t += "field = \"cookie.days\"\n";
    t += &s("text");
    t += &s("other_value");
    t += &list("sources");
    t
}

/// The hostile payloads of `tests/fixtures/hostile/`, as (file stem, raw text).
pub fn hostile_payloads() -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = std::fs::read_dir(fixture("hostile"))
        .expect("the hostile corpus")
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "txt"))
        .map(|e| {
            let stem = e
                .path()
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            (
                stem,
                std::fs::read_to_string(e.path()).expect("payloads are UTF-8"),
            )
        })
        .collect();
    out.sort();
    out
}

/// The characters in `text` that must never reach a terminal from a profile.
pub fn unsafe_chars(text: &str) -> Vec<char> {
    text.chars()
        .filter(|&c| (c.is_control() && c != '\n') || affex::sanitize::is_invisible_control(c))
        .collect()
}

/// Draws `app` at the size it was last told about, through `impl Widget for &App`.
pub fn draw(app: &App) -> Buffer {
    let area = app.screen();
    let mut buf = Buffer::empty(area);
    app.render(area, &mut buf);
    buf
}

/// The string `field` of every item of the array `list` in a JSON object (`sources` → `file`,
/// `imports` → `network`), in order; items without it are passed over.
pub fn strings_in<'a>(object: &'a serde_json::Value, list: &str, field: &str) -> Vec<&'a str> {
    object[list]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|item| item[field].as_str())
        .collect()
}
