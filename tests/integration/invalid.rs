//! Bad files, through the real binary: every file in `tests/fixtures/invalid/` (and the cases
//! that cannot live in git: a symlink loop, a file over 1 MiB, an unreadable file) is reported
//! with its position or reason and field, never a panic.

use std::path::{Path, PathBuf};

use crate::support::{affex, empty_home, fixture};

fn invalid_fixtures() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(fixture("invalid"))
        .expect("the invalid fixtures")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    files
}

fn validate(path: &Path) -> (Option<i32>, String, String) {
    let home = empty_home();
    let out = affex(&home)
        .args(["--color", "never", "validate"])
        .arg(path)
        .output()
        .expect("affex runs");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn every_invalid_fixture_is_reported_where_it_is_wrong() {
    let files = invalid_fixtures();
    assert!(
        files.len() >= 50,
        "at least 50 invalid fixtures, found {}",
        files.len()
    );
    let mut reported = 0;
    for file in &files {
        let (code, stdout, stderr) = validate(file);
        assert!(!stderr.contains("panicked"), "{}: {stderr}", file.display());
        let expected = std::fs::read_to_string(file.with_extension("expected"))
            .unwrap_or_else(|e| panic!("{}: no .expected file: {e}", file.display()));
        let name = file.display().to_string();
        let first = stdout
            .lines()
            .find(|l| l.starts_with(&name))
            .unwrap_or_default();
        for want in expected.lines().filter(|l| !l.trim().is_empty()) {
            assert!(
                stdout.contains(want),
                "{name}: expected {want:?} in:\n{stdout}"
            );
        }
        // Each report names the file, then a position or (when there is none) the reason.
        assert!(first.starts_with(&format!("{name}:")), "{name}: {stdout}");
        if first.contains(": error") {
            assert_eq!(code, Some(1), "{name} has an error, so validate exits 1");
        }
        reported += 1;
    }
    eprintln!(
        "invalid: {} fixture files, {reported} reported with position and field, 0 panics",
        files.len()
    );
}

#[test]
fn files_that_cannot_live_in_git_are_reported_too() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    std::os::unix::fs::symlink(d.join("loop-b.toml"), d.join("loop-a.toml")).expect("link");
    std::os::unix::fs::symlink(d.join("loop-a.toml"), d.join("loop-b.toml")).expect("link");
    std::os::unix::fs::symlink(d.join("missing.toml"), d.join("dangling.toml")).expect("link");
    let huge = std::fs::File::create(d.join("huge.toml")).expect("create");
    huge.set_len(2 * 1024 * 1024).expect("sparse file");
    std::fs::write(d.join("twin-a.toml"), "id = \"twin\"\nname = \"A\"\n").expect("write");
    std::fs::write(d.join("twin-b.toml"), "id = \"twin\"\nname = \"B\"\n").expect("write");
    let locked = d.join("locked.toml");
    std::fs::write(&locked, "id = \"locked\"\nname = \"L\"\n").expect("write");
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    let root_reads_anyway = std::fs::read(&locked).is_ok();

    let (code, stdout, stderr) = validate(d);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(code, Some(1));
    let name = |f: &str| d.join(f).display().to_string();
    for (file, want) in [
        ("loop-a.toml", "symbolic link"),
        ("dangling.toml", "broken symbolic link"),
        ("huge.toml", "larger than 1 MiB"),
        ("twin-b.toml", "duplicate id `twin`"),
    ] {
        assert!(
            stdout
                .lines()
                .any(|l| l.starts_with(&name(file)) && l.contains(want)),
            "{file}: expected {want:?} in:\n{stdout}"
        );
    }
    if !root_reads_anyway {
        assert!(stdout.contains("Permission denied"), "{stdout}");
    }
}
