//! Hostile text: every payload of `tests/fixtures/hostile/` in every string field, through
//! every headless output path. Not one control character may come out.

use std::path::Path;

use crate::support::{
    affex, empty_home, hostile_payloads, hostile_profile, toml_escape, unsafe_chars,
};

fn write_hostile_dir(dir: &Path) -> Vec<String> {
    let payloads = hostile_payloads();
    assert!(
        payloads.len() >= 30,
        "the corpus holds at least 30 payloads"
    );
    payloads
        .iter()
        .enumerate()
        .map(|(i, (_, raw))| {
            let id = format!("hostile-{i:02}");
            std::fs::write(
                dir.join(format!("{id}.toml")),
                hostile_profile(&id, &toml_escape(raw)),
            )
            .expect("write profile");
            id
        })
        .collect()
}

#[test]
fn no_control_character_reaches_any_headless_output() {
    let home = empty_home();
    let dir = tempfile::tempdir().expect("temp dir");
    let ids = write_hostile_dir(dir.path());
    let mut runs: Vec<Vec<String>> = Vec::new();
    for format in ["table", "json", "csv", "ids"] {
        runs.push(vec!["list".into(), "--format".into(), format.into()]);
        runs.push(vec![
            "list".into(),
            "--query".into(),
            "niches".into(),
            "--format".into(),
            format.into(),
        ]);
    }
    for id in &ids {
        for format in ["text", "json"] {
            runs.push(vec![
                "show".into(),
                id.clone(),
                "--format".into(),
                format.into(),
            ]);
        }
    }
    for format in ["table", "markdown", "csv", "json"] {
        let mut args = vec!["compare".to_string()];
        args.extend(ids.iter().cloned());
        args.extend(["--format".to_string(), format.to_string()]);
        runs.push(args);
    }
    let (mut bytes, mut found) = (0usize, 0usize);
    for args in &runs {
        for colour in ["never", "always"] {
            let out = affex(&home)
                .args(["--color", colour, "--profiles"])
                .arg(dir.path())
                .args(args)
                .output()
                .expect("runs");
            assert_eq!(
                out.status.code(),
                Some(0),
                "{args:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            let stdout = String::from_utf8(out.stdout).expect("UTF-8");
            let stderr = String::from_utf8(out.stderr).expect("UTF-8");
            bytes += stdout.len() + stderr.len();
            // With colour on, affex's own SGR styling is allowed; strip exactly that first.
            let plain = strip_own_styling(&stdout);
            let bad = unsafe_chars(&plain);
            found += bad.len() + unsafe_chars(&stderr).len();
            assert!(
                bad.is_empty(),
                "{args:?} --color {colour} let {bad:?} through"
            );
            assert!(
                !stdout.contains("\\u001b") && !stdout.contains("\\u009b"),
                "{args:?}: escaped ESC in JSON"
            );
        }
    }
    eprintln!(
        "hostile: {} payloads x {} output runs, {bytes} bytes read: {found} control characters",
        ids.len(),
        runs.len() * 2
    );
    assert_eq!(found, 0);
}

/// Removes the SGR sequences affex itself writes (`ESC [ digits ; m`), nothing else.
fn strip_own_styling(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find("\u{1b}[") {
        out.push_str(&rest[..at]);
        let tail = &rest[at + 2..];
        let params = tail
            .find(|c: char| !(c.is_ascii_digit() || c == ';'))
            .unwrap_or(tail.len());
        if tail[params..].starts_with('m') {
            rest = &tail[params + 1..];
        } else {
            out.push_str("\u{1b}[");
            rest = tail;
        }
    }
    out.push_str(rest);
    out
}

#[test]
fn validate_diagnostics_never_echo_raw_control_bytes() {
    let home = empty_home();
    let dir = tempfile::tempdir().expect("temp dir");
    let payloads = hostile_payloads();
    for (i, (_, raw)) in payloads.iter().enumerate() {
        // Raw bytes inside a string, in a key and after a bad token: each breaks the TOML, so the
        // error path (which quotes the offending line) has to deal with them.
        let files = [
            format!("id = \"x{i}\"\nname = \"{raw}\"\n"),
            format!("id = \"y{i}\"\nname = \"n\"\n{raw}key = 1\n"),
            format!("id = \"z{i}\"\nname = \"n\"\n[cookie]\ndays = \"{raw}\"\n"),
            format!(
                "id = \"w{i}\"\nname = \"n\"\nunknown_{} = 1\n",
                raw.replace(['\n', '\r'], "")
            ),
        ];
        for (k, text) in files.iter().enumerate() {
            std::fs::write(dir.path().join(format!("{i:02}-{k}.toml")), text).expect("write");
        }
    }
    let out = affex(&home)
        .args(["--color", "never", "validate"])
        .arg(dir.path())
        .output()
        .expect("runs");
    let stdout = String::from_utf8(out.stdout).expect("UTF-8");
    let stderr = String::from_utf8(out.stderr).expect("UTF-8");
    let bad: Vec<char> = unsafe_chars(&stdout)
        .into_iter()
        .chain(unsafe_chars(&stderr))
        .collect();
    eprintln!(
        "validate: {} hostile files, {} bytes of diagnostics: {} control characters",
        payloads.len() * 4,
        stdout.len() + stderr.len(),
        bad.len()
    );
    assert!(bad.is_empty(), "validate let {bad:?} through:\n{stdout}");
    assert_eq!(out.status.code(), Some(1), "the broken files are errors");
}

#[test]
fn sanitizing_the_corpus_twice_changes_nothing() {
    for (name, raw) in hostile_payloads() {
        for once in [
            affex::sanitize::sanitize_line(&raw),
            affex::sanitize::sanitize_text(&raw),
        ] {
            assert!(unsafe_chars(&once).is_empty(), "{name}: {once:?}");
            assert_eq!(affex::sanitize::sanitize_text(&once), once, "{name}");
            assert_eq!(
                affex::sanitize::sanitize_line(&once),
                once.replace('\n', " "),
                "{name}"
            );
        }
    }
}
