//! `affex import`: each fixture read back through `affex show --format json`, EPC units, a
//! hand edit kept across a re-import, `--dry-run` writing nothing, a program in Awin and a
//! spreadsheet merged into one profile with both sources, the CSV round trip, and the words
//! for a file of the wrong format or over the size limit.

use std::path::Path;

use serde_json::Value;

use crate::support::{affex, empty_home, fixture, strings_in};

fn awin_files() -> Vec<String> {
    [
        "programmes.json",
        "programmedetails.json",
        "one-programme.json",
    ]
    .iter()
    .map(|f| fixture(&format!("import/awin/{f}")).display().to_string())
    .collect()
}

/// Runs `affex import ARGS --into DIR`, returning (status, stdout, stderr).
fn import(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let home = empty_home();
    let out = affex(&home)
        .arg("import")
        .args(args)
        .arg("--into")
        .arg(dir)
        .output()
        .expect("affex runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn import_awin(dir: &Path, extra: &[&str]) -> (i32, String, String) {
    let files = awin_files();
    let mut args: Vec<&str> = vec!["awin"];
    args.extend(files.iter().map(String::as_str));
    args.extend(extra);
    import(dir, &args)
}

/// `affex show ID --format json` over `dir` alone.
fn show(dir: &Path, id: &str) -> Value {
    let home = empty_home();
    let out = affex(&home)
        .args(["--no-bundled", "--profiles"])
        .arg(dir)
        .args(["show", id, "--format", "json"])
        .output()
        .expect("affex runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON")
}

#[test]
fn every_mapped_awin_field_reads_back_through_show_json() {
    let dir = tempfile::tempdir().expect("dir");
    let (status, stdout, stderr) = import_awin(dir.path(), &[]);
    assert_eq!(status, 0, "{stdout}{stderr}");
    assert!(
        stdout.contains("5 new, 0 updated, 0 unchanged, 2 skipped"),
        "{stdout}"
    );
    let p = show(dir.path(), "acme-shoes");
    let at = |ptr: &str| p.pointer(ptr).cloned().unwrap_or(Value::Null);
    assert_eq!(at("/name"), "Acme Shoes");
    assert_eq!(at("/website"), "https://www.acme-shoes.example");
    assert_eq!(
        at("/summary"),
        "Trainers and running shoes for road and trail."
    );
    assert_eq!(at("/industry"), "Running");
    assert_eq!(at("/niches/0"), "Running");
    assert_eq!(at("/commission/rate/min"), 2.0);
    assert_eq!(at("/commission/rate/max"), 11.0);
    // A percentage in some commission groups and fixed amounts in others: the note says both
    // (it named the fixed amounts alone beside a 2–11% rate and a flat-fee structure).
    assert_eq!(at("/commission/structure/0"), "flat-fee");
    assert_eq!(
        at("/commission/note"),
        "Awin: a percentage of the sale in some commission groups, a fixed commission £1.50–£18 per action in others."
    );
    // EPC: Awin gives it per click in the programme's currency; kept as it is.
    assert_eq!(at("/market/epc/min"), 0.47);
    assert_eq!(at("/market/epc/currency"), "GBP");
    assert_eq!(at("/imports/0/epc/min"), 0.47);
    assert_eq!(at("/imports/0/epc_per_clicks"), 1);
    assert_eq!(at("/imports/0/network"), "awin");
    assert_eq!(at("/imports/0/program_id"), "1001");
    assert!(
        at("/imports/0/imported")
            .as_str()
            .is_some_and(|d| d.len() == 10)
    );
    assert_eq!(at("/market/conversion/min"), 2.09);
    assert_eq!(at("/market/approval/max"), 70.19);
    assert_eq!(at("/payout/delay/days"), 9);
    assert_eq!(at("/payout/delay/kind"), "lock");
    assert_eq!(
        at("/payout/note"),
        "Awin: paid 44 days after validation on average."
    );
    assert_eq!(at("/promotion/materials/0"), "Deep links");
    assert_eq!(
        at("/promotion/countries_note"),
        "primary region: United Kingdom (GB)"
    );
    assert_eq!(at("/program/networks/0"), "Awin");
    assert_eq!(at("/sources/0/file"), "awin:1001");
    // The same name at another programme id gets the network's id after it; its escape
    // sequence is gone.
    let de = show(dir.path(), "acme-shoes-1002");
    let summary = de
        .pointer("/summary")
        .and_then(Value::as_str)
        .unwrap_or_default();
    assert!(
        summary.contains("red") && !summary.contains('\u{1b}'),
        "{summary}"
    );
    // The single-object details form, and numbers out of range reported, not clamped.
    assert_eq!(
        show(dir.path(), "green-tea-co").pointer("/market/approval/min"),
        Some(&Value::from(92.0))
    );
    let cafe = show(dir.path(), "cafe-noir");
    assert_eq!(cafe.pointer("/market/approval"), None);
    for words in [
        "programmedetails.json at $[1].kpi.approvalPercentage: expected a percentage from 0 to 100, found 140",
        "programmes.json at $[3].name: a programme without a name; skipped",
        "programmedetails.json at $[1].kpi.epc: expected a number, found \"n/a\"",
        "programmes.json at $[4].currencyCode: expected a three-letter currency code",
    ] {
        assert!(stderr.contains(words), "{words}\n{stderr}");
    }
}

#[test]
fn dry_run_shows_the_changes_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("dir");
    let (status, stdout, _) = import_awin(dir.path(), &["--dry-run"]);
    assert_eq!(status, 0);
    assert!(stdout.contains("dry run: nothing is written"), "{stdout}");
    assert!(stdout.contains("new        acme-shoes "), "{stdout}");
    assert!(stdout.contains("would import: 5 new"), "{stdout}");
    assert_eq!(std::fs::read_dir(dir.path()).expect("dir").count(), 0);
}

#[test]
fn a_hand_edit_is_kept_across_a_reimport_and_the_rest_is_unchanged() {
    let dir = tempfile::tempdir().expect("dir");
    import_awin(dir.path(), &[]);
    let file = dir.path().join("acme-shoes.toml");
    let text = std::fs::read_to_string(&file).expect("written");
    std::fs::write(&file, text.replace("max = 11.0", "max = 15.0")).expect("edit");
    let (_, stdout, _) = import_awin(dir.path(), &[]);
    assert!(
        stdout.contains(
            "unchanged  acme-shoes       Acme Shoes (1001); keeps your edits to commission.rate"
        ),
        "{stdout}"
    );
    assert!(stdout.contains("0 new, 0 updated, 5 unchanged"), "{stdout}");
    assert_eq!(
        show(dir.path(), "acme-shoes").pointer("/commission/rate/max"),
        Some(&Value::from(15.0))
    );
    // A value the user did not touch follows the network: the EPC changes in a new export.
    let details =
        std::fs::read_to_string(fixture("import/awin/one-programme.json")).expect("fixture");
    let newer = dir.path().join("newer.json");
    std::fs::write(&newer, details.replace("\"epc\": 0.12", "\"epc\": 0.2")).expect("write");
    let (_, stdout, _) = import(dir.path(), &["awin", &newer.display().to_string()]);
    assert!(
        stdout.contains("updated    green-tea-co  Green Tea Co (2001); sets market.epc"),
        "{stdout}"
    );
    assert_eq!(
        show(dir.path(), "green-tea-co").pointer("/market/epc/min"),
        Some(&Value::from(0.2))
    );
    // That import of one programme forgot nothing Awin gave for the others: Acme's EPC, which
    // the user never touched, still follows the network, and their edit is still kept.
    let details =
        std::fs::read_to_string(fixture("import/awin/programmedetails.json")).expect("fixture");
    let acme = dir.path().join("acme.json");
    std::fs::write(&acme, details.replace("\"epc\": 0.47", "\"epc\": 0.5")).expect("write");
    let (_, stdout, _) = import(dir.path(), &["awin", &acme.display().to_string()]);
    assert!(
        stdout.contains(
            "updated    acme-shoes  Acme Shoes (1001); sets market.epc; keeps your edits to commission.rate"
        ),
        "{stdout}"
    );
}

#[test]
fn a_program_in_awin_and_a_spreadsheet_is_one_profile_with_both_sources() {
    let dir = tempfile::tempdir().expect("dir");
    import_awin(dir.path(), &[]);
    let csv = fixture("import/csv/programs.csv").display().to_string();
    let (status, stdout, stderr) = import(dir.path(), &["csv", &csv]);
    assert_eq!(status, 0, "{stderr}");
    assert!(stdout.contains("updated    acme-shoes"), "{stdout}");
    let p = show(dir.path(), "acme-shoes");
    let files = strings_in(&p, "sources", "file");
    assert_eq!(files, ["awin:1001", "csv:programs.csv"]);
    let networks = strings_in(&p, "imports", "network");
    assert_eq!(networks, ["awin", "csv"]);
    // The spreadsheet adds what Awin did not give, and where it disagrees, Awin's value
    // stays and the other is a contradiction note, as in the bundled profiles.
    assert_eq!(p.pointer("/cookie/days"), Some(&Value::from(30)));
    assert_eq!(
        p.pointer("/commission/recurring_months"),
        Some(&Value::from(12))
    );
    assert_eq!(p.pointer("/commission/rate/max"), Some(&Value::from(11.0)));
    let notes = p["notes"].as_array().cloned().unwrap_or_default();
    let note = notes
        .iter()
        .find(|n| n["field"] == "commission.rate")
        .cloned()
        .unwrap_or(Value::Null);
    assert_eq!(note["kind"], "contradiction");
    assert_eq!(note["other_value"], "3–12%");
    let home = empty_home();
    let shown = affex(&home)
        .args(["--no-bundled", "--profiles"])
        .arg(dir.path())
        .args(["show", "acme-shoes"])
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&shown.stdout);
    assert!(text.contains("2–11% †"), "{text}");
    assert!(
        text.contains("csv gives a different value. Other value: 3–12%."),
        "{text}"
    );
}

#[test]
fn the_list_csv_reads_back_and_a_second_round_is_exact() {
    let home = empty_home();
    let list = |dirs: Option<&Path>| {
        let mut cmd = affex(&home);
        if let Some(d) = dirs {
            cmd.args(["--no-bundled", "--profiles"]).arg(d);
        }
        let out = cmd
            .args(["list", "--format", "csv"])
            .output()
            .expect("runs");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let first = list(None);
    let dir = tempfile::tempdir().expect("dir");
    let csv = dir.path().join("export.csv");
    std::fs::write(&csv, &first).expect("write");
    let into = dir.path().join("profiles");
    let (status, stdout, stderr) = import(&into, &["csv", &csv.display().to_string()]);
    assert_eq!(status, 0, "{stderr}");
    assert!(
        stderr.is_empty(),
        "the list's own columns are all known: {stderr}"
    );
    assert!(stdout.contains("6 new"), "{stdout}");
    let second = list(Some(&into));
    // Every figure column comes back; a range's text column holds words the figures do not
    // carry (a typical range, an open top), so it is compared after the round that drops them.
    let figures = |csv: &str| -> Vec<String> {
        csv.lines()
            .map(|l| {
                let mut r = csv::ReaderBuilder::new()
                    .has_headers(false)
                    .from_reader(l.as_bytes());
                let row = r.records().next().and_then(Result::ok).unwrap_or_default();
                [0, 1, 2, 3, 5, 6, 7, 9, 10]
                    .iter()
                    .map(|&i| row.get(i).unwrap_or("").to_string())
                    .collect::<Vec<_>>()
                    .join(",")
            })
            .collect()
    };
    assert_eq!(figures(&second), figures(&first));
    let again = dir.path().join("again.csv");
    std::fs::write(&again, &second).expect("write");
    let into2 = dir.path().join("profiles2");
    import(&into2, &["csv", &again.display().to_string()]);
    assert_eq!(list(Some(&into2)), second);
}

#[test]
fn a_file_of_another_format_says_what_it_looks_like() {
    let dir = tempfile::tempdir().expect("dir");
    let csv = fixture("import/csv/programs.csv").display().to_string();
    let (status, stdout, stderr) = import(dir.path(), &["awin", &csv]);
    // No program could be read from the file: the import failed, and says so by its status.
    assert_eq!(status, 1, "{stdout}");
    assert!(
        stderr.contains(
            "it looks like a spreadsheet (CSV with a header row): try `affex import csv FILE`"
        ),
        "{stderr}"
    );
    let json = fixture("import/awin/programmes.json").display().to_string();
    let (status, _, stderr) = import(dir.path(), &["csv", &json]);
    assert_eq!(status, 1);
    assert!(stderr.contains("try `affex import awin FILE`"), "{stderr}");
}

#[test]
fn a_file_over_the_catalog_limit_is_refused_with_the_limit() {
    let dir = tempfile::tempdir().expect("dir");
    let big = dir.path().join("big.json");
    let f = std::fs::File::create(&big).expect("create");
    f.set_len(32 * 1024 * 1024 + 1).expect("sparse");
    let (status, _, stderr) = import(
        &dir.path().join("out"),
        &["awin", &big.display().to_string()],
    );
    assert_eq!(status, 1);
    assert!(
        stderr.contains("larger than the import limit of 32 MiB (33554433 bytes); not read"),
        "{stderr}"
    );
}

/// The app over imported programs: search by a niche the import gave, mark an imported
/// program and a bundled one, and compare them, the network's EPC in the grid.
#[test]
fn imported_programs_are_searched_and_compared_with_bundled_ones_in_a_real_terminal() {
    use crate::tui_e2e::Session;
    use std::ffi::OsStr;
    use std::time::Duration;
    let dir = tempfile::tempdir().expect("dir");
    let (status, _, stderr) = import_awin(dir.path(), &[]);
    assert_eq!(status, 0, "{stderr}");
    let mut s = Session::launch(&[OsStr::new("--profiles"), dir.path().as_os_str()], &[]);
    s.wait_for("the first screen with 6 bundled and 5 imported", |sc| {
        sc.contains("Programs") && sc.contains("11/11")
    });
    s.send("/");
    s.wait_for("the search line", |sc| sc.contains("done"));
    s.send("niche:tea");
    let found = s.wait_for("the imported tea program", |sc| {
        sc.contains("/ niche:tea") && sc.contains("1/11")
    });
    assert!(found.contains("Green Tea Co"), "{found}");
    s.send("\x1b");
    s.wait_for("the list keys", |sc| sc.contains("Space mark"));
    s.send(" ");
    s.wait_for("one mark", |sc| sc.contains("1 marked"));
    s.send("/");
    s.wait_for("the search line", |sc| sc.contains("done"));
    s.send(&"\x7f".repeat(12));
    s.send("temu");
    s.wait_for("the bundled program", |sc| {
        sc.contains("/ temu") && sc.contains("Temu")
    });
    s.send("\x1b");
    s.wait_for("the list keys", |sc| sc.contains("Space mark"));
    std::thread::sleep(Duration::from_millis(50));
    s.send(" ");
    s.wait_for("two marks", |sc| sc.contains("2 marked"));
    s.send("c");
    let grid = s.wait_for("the grid", |sc| sc.contains("Compare · 2 programs"));
    assert!(
        grid.contains("Green Tea Co") && grid.contains("Temu"),
        "{grid}"
    );
    let epc_row = grid
        .lines()
        .find(|l| l.contains("EPC (network)"))
        .unwrap_or_default();
    assert!(epc_row.contains("$0.12 per click"), "{grid}");
    s.send("q");
    s.wait_for("the list again", |sc| sc.contains("2 marked"));
    s.send("q");
    let ended = s.wait_end();
    assert!(ended.status.success(), "{:?}", ended.status);
}

#[test]
fn two_imports_of_one_network_at_once_each_keep_what_the_other_remembered() {
    use affex::import::{self, Format};
    use affex::model::ImportDate;
    let dir = tempfile::tempdir().expect("temp dir");
    let inputs = tempfile::tempdir().expect("temp dir");
    let programme = |id: u32, name: &str| {
        let path = inputs.path().join(format!("{id}.json"));
        let text = format!(
            "[{{\"id\": {id}, \"name\": \"{name}\", \"displayUrl\": \"https://{id}.example\", \
             \"currencyCode\": \"USD\", \"primarySector\": \"Tea\"}}]"
        );
        std::fs::write(&path, text).expect("write");
        path
    };
    let (a, b) = (programme(3001, "Alder Tea"), programme(3002, "Birch Tea"));
    let today = ImportDate::parse("2026-11-28").expect("a date");
    // Both are planned before either writes, as two imports running at once are.
    let plan_a = import::plan::plan(
        Format::Awin,
        dir.path(),
        import::read(Format::Awin, &[a]).records,
        today,
    );
    let plan_b = import::plan::plan(
        Format::Awin,
        dir.path(),
        import::read(Format::Awin, &[b]).records,
        today,
    );
    plan_b.write().expect("written");
    plan_a.write().expect("written");
    let memory = std::fs::read_to_string(dir.path().join(".affex-imported/awin.json"))
        .expect("the network's memory");
    let memory: serde_json::Value = serde_json::from_str(&memory).expect("JSON");
    for id in ["alder-tea", "birch-tea"] {
        assert!(memory.get(id).is_some(), "{id} forgotten: {memory}");
    }
}

#[test]
fn a_program_named_like_a_bundled_one_never_replaces_it_unless_its_copy_is_there() {
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("aliexpress.json");
    std::fs::write(
        &file,
        r#"[{"id": 5555, "name": "AliExpress", "primarySector": "Retail"}]"#,
    )
    .expect("write");
    let file = file.display().to_string();
    let into = dir.path().join("profiles");
    let (status, stdout, stderr) = import(&into, &["awin", &file]);
    assert_eq!(status, 0, "{stderr}");
    assert!(stdout.contains("new        aliexpress-5555"), "{stdout}");
    assert!(!into.join("aliexpress.toml").exists());
    // The bundled profile is still what `show aliexpress` gives, beside the imported one.
    let home = empty_home();
    let out = affex(&home)
        .arg("--profiles")
        .arg(&into)
        .args(["show", "aliexpress", "--format", "json"])
        .output()
        .expect("runs");
    let bundled: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert!(strings_in(&bundled, "imports", "network").is_empty());
    assert!(bundled["commission"]["rate"].is_object(), "{bundled}");
    // A copy of the bundled profile in the directory is merged into, as any profile is.
    let into = dir.path().join("copied");
    std::fs::create_dir_all(&into).expect("dir");
    std::fs::write(
        into.join("aliexpress.toml"),
        include_str!("../../assets/profiles/aliexpress.toml"),
    )
    .expect("copy");
    let (status, stdout, stderr) = import(&into, &["awin", &file]);
    assert_eq!(status, 0, "{stderr}");
    assert!(stdout.contains("updated    aliexpress "), "{stdout}");
    let merged = show(&into, "aliexpress");
    assert_eq!(strings_in(&merged, "imports", "network"), ["awin"]);
    assert!(merged["commission"]["rate"].is_object(), "{merged}");
}

/// `affex import awin` of the Awin fixtures into `into`, with `extra` arguments.
fn import_awin_into(home: &tempfile::TempDir, into: &Path, extra: &[&str]) -> std::process::Output {
    let files = awin_files();
    affex(home)
        .args(["import", "awin"])
        .args(&files)
        .arg("--into")
        .arg(into)
        .args(extra)
        .output()
        .expect("runs")
}

/// Waits until `status` (what `affex cache status` printed) says the cache is fresh: the
/// import writes it behind its own back, and a loaded machine may take seconds.
fn wait_until_fresh(status: impl Fn() -> String) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while !status().contains("fresh") {
        assert!(
            std::time::Instant::now() < deadline,
            "no fresh cache a minute after the import: {}",
            status()
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

/// `--into` naming your own profile directory another way (here through `..`) warms the cache
/// a plain start opens: the import once compared the paths as written, warmed the cache of
/// "your directory plus DIR" instead, and the next start parsed every file.
#[test]
fn an_import_into_your_directory_by_another_path_warms_the_cache_a_plain_start_opens() {
    let home = empty_home();
    std::fs::create_dir_all(home.path().join("affex")).expect("a config directory");
    let out = import_awin_into(&home, &home.path().join("affex/../affex/profiles"), &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    wait_until_fresh(|| {
        let out = affex(&home)
            .args(["cache", "status"])
            .output()
            .expect("runs");
        String::from_utf8_lossy(&out.stdout).into_owned()
    });
}

#[test]
fn an_import_leaves_the_next_start_a_fresh_cache_and_a_dry_run_does_not() {
    let home = empty_home();
    let into = home.path().join("imported");
    let status = || {
        let out = affex(&home)
            .arg("--profiles")
            .arg(&into)
            .args(["cache", "status"])
            .output()
            .expect("runs");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let dry = import_awin_into(&home, &into, &["--dry-run"]);
    assert!(dry.status.success());
    assert!(!status().contains("fresh"), "{}", status());
    let out = import_awin_into(&home, &into, &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    wait_until_fresh(status);
    let warm = affex(&home)
        .arg("--profiles")
        .arg(&into)
        .args(["cache", "warm"])
        .output()
        .expect("runs");
    let said = String::from_utf8_lossy(&warm.stdout);
    assert!(said.starts_with("fresh: "), "{said}");
}
