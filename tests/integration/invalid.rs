//! Bad files, through the real binary: every file in `tests/fixtures/invalid/` (and the cases
//! that cannot live in git: a symlink loop, a file over 1 MiB, an unreadable file) is reported
//! with its position or reason and field, never a panic.

use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::Path;

use crate::support::{affex, empty_home, fixture, toml_files};

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

/// What is wrong with how `validate` reported `file`, if anything: each line of its
/// `.expected` file must be in the output, the report must name the file first, and an error
/// must make `validate` exit 1.
fn mismatches(file: &Path) -> Vec<String> {
    let name = file.display().to_string();
    let expected = match std::fs::read_to_string(file.with_extension("expected")) {
        Ok(expected) => expected,
        Err(e) => return vec![format!("{name}: no .expected file: {e}")],
    };
    let (code, stdout, stderr) = validate(file);
    let mut wrong = Vec::new();
    if stderr.contains("panicked") {
        wrong.push(format!("{name}: panicked:\n{stderr}"));
    }
    for want in expected.lines().filter(|l| !l.trim().is_empty()) {
        if !stdout.contains(want) {
            wrong.push(format!("{name}: expected {want:?} in:\n{stdout}"));
        }
    }
    // Each report names the file, then a position or (when there is none) the reason.
    let first = stdout
        .lines()
        .find(|l| l.starts_with(&name))
        .unwrap_or_default();
    if !first.starts_with(&format!("{name}:")) {
        wrong.push(format!(
            "{name}: the report does not start with the file:\n{stdout}"
        ));
    }
    if first.contains(": error") && code != Some(1) {
        wrong.push(format!(
            "{name}: has an error, so validate exits 1, not {code:?}"
        ));
    }
    wrong
}

#[test]
fn every_invalid_fixture_is_reported_where_it_is_wrong() {
    let files = toml_files(&fixture("invalid"));
    assert!(
        files.len() >= 50,
        "at least 50 invalid fixtures, found {}",
        files.len()
    );
    // Every fixture is checked, and every mismatch of every one is listed, not only the first.
    let wrong: Vec<String> = files.iter().flat_map(|file| mismatches(file)).collect();
    assert!(
        wrong.is_empty(),
        "{} mismatches among {} invalid fixtures:\n\n{}",
        wrong.len(),
        files.len(),
        wrong.join("\n\n")
    );
    eprintln!(
        "invalid: {} fixture files, each reported with position and field, 0 panics",
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
}

/// A directory anyone may enter, so `nobody` can reach what is in it.
fn open_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).expect("chmod");
    dir
}

/// Runs a command whose binary was just copied. Another test thread that forks while the copy
/// is open for writing holds it open in its child until that child execs, and running the copy
/// meanwhile fails with "Text file busy" (ETXTBSY): wait a moment and try again.
fn output_of_copied_binary(cmd: &mut std::process::Command) -> std::process::Output {
    for _ in 0..50 {
        match cmd.output() {
            Err(e) if e.kind() == std::io::ErrorKind::ExecutableFileBusy => {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            other => return other.expect("affex runs"),
        }
    }
    cmd.output().expect("affex runs")
}

/// `affex`, run as `nobody` when the tests run as root (as CI runs them), since permission bits
/// do not stop root. The binary is copied where `nobody` can run it: the target directory may
/// sit under a home that only root may enter.
fn affex_without_privileges(bin_dir: &Path, config_home: &Path) -> std::process::Command {
    let built = Path::new(env!("CARGO_BIN_EXE_affex"));
    let mut cmd = if nix::unistd::geteuid().is_root() {
        let nobody = nix::unistd::User::from_name("nobody")
            .expect("the user database")
            .expect("a `nobody` user");
        let bin = bin_dir.join("affex");
        std::fs::copy(built, &bin).expect("copy the binary");
        let mut cmd = std::process::Command::new(bin);
        cmd.uid(nobody.uid.as_raw()).gid(nobody.gid.as_raw());
        cmd
    } else {
        std::process::Command::new(built)
    };
    cmd.env("XDG_CONFIG_HOME", config_home)
        .env("HOME", config_home)
        .env_remove("NO_COLOR");
    cmd
}

#[test]
fn an_unreadable_file_is_reported_with_the_reason_and_the_rest_still_loads() {
    let dir = open_dir();
    let d = dir.path();
    std::fs::write(d.join("fine.toml"), "id = \"fine\"\nname = \"F\"\n").expect("write");
    let locked = d.join("locked.toml");
    std::fs::write(&locked, "id = \"locked\"\nname = \"L\"\n").expect("write");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    let (bin_dir, home) = (open_dir(), open_dir());

    let mut cmd = affex_without_privileges(bin_dir.path(), home.path());
    cmd.args(["--color", "never", "validate"]).arg(d);
    let out = output_of_copied_binary(&mut cmd);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stdout}\n{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    let want = format!(
        "{}: error: cannot read: Permission denied (os error 13)",
        locked.display()
    );
    assert!(
        lines.contains(&want.as_str()),
        "expected {want:?} in:\n{stdout}"
    );
    // The file beside it loaded: it is the only problem.
    assert_eq!(stdout.matches(": error").count(), 1, "{stdout}");
}

/// A catalog file over the 32 MiB cap loads none of its programs: `list` fails (exit 1) and
/// says what the cap is and to split the file, whether or not other programs loaded (the
/// bundled six do by default). It printed a warning, exited 0 and listed what was left.
#[test]
fn a_catalog_file_over_the_cap_is_an_error_that_says_to_split_it() {
    let home = empty_home();
    let dir = tempfile::tempdir().expect("temp dir");
    let big = dir.path().join("catalog.toml");
    std::fs::write(&big, "[[program]]\nid = \"first\"\nname = \"First\"\n").expect("write");
    // Sparse: 33 MiB on the file's length, a few bytes on disk.
    let file = std::fs::OpenOptions::new()
        .write(true)
        .open(&big)
        .expect("open");
    file.set_len(33 * 1024 * 1024).expect("sparse file");
    for bundled in [false, true] {
        let mut cmd = affex(&home);
        if !bundled {
            cmd.arg("--no-bundled");
        }
        let out = cmd
            .args(["--color", "never", "--profiles"])
            .arg(dir.path())
            .args(["list", "--format", "ids"])
            .output()
            .expect("affex runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "bundled {bundled}: {stderr}");
        assert!(out.stdout.is_empty(), "bundled {bundled}: nothing listed");
        assert!(
            stderr.starts_with(&format!("error: {}: ", big.display()))
                && stderr.contains("34603008 bytes")
                && stderr.contains("32 MiB")
                && stderr.contains("split it"),
            "{stderr}"
        );
    }
    // A file just as large that is not a catalog keeps its old words (and `list` its warning).
    std::fs::remove_file(&big).expect("remove");
    let plain = std::fs::File::create(dir.path().join("profile.toml")).expect("create");
    plain.set_len(33 * 1024 * 1024).expect("sparse file");
    let out = affex(&home)
        .args(["--color", "never", "--profiles"])
        .arg(dir.path())
        .args(["list", "--format", "ids"])
        .output()
        .expect("affex runs");
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("warning: 1 profile problem"));
}
