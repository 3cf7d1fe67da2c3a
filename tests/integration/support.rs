//! Shared helpers: a command with a clean environment, and paths to the fixtures.

use std::path::PathBuf;

use assert_cmd::Command;

/// The `affex` binary with no user profile directory and no colour from the environment, so a
/// developer's own profiles never change a test's outcome.
pub fn affex(config_home: &tempfile::TempDir) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_affex"));
    cmd.env("XDG_CONFIG_HOME", config_home.path())
        .env("HOME", config_home.path())
        .env_remove("NO_COLOR")
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
