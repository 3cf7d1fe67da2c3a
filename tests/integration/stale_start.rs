//! The explorer's warm start in a real terminal: the catalog cache is shown before the profile
//! files are checked against it, then checked. A profile edited while affex was closed shows
//! first as the cache had it, then, once the check finds the cache stale, as the file says
//! (a reload, which writes the cache again); a fresh cache reloads nothing. The list shows
//! before the cache's search index is read: keys typed meanwhile are searched once it is, and
//! a damaged index loads the files again.

use std::ffi::OsStr;
use std::fs;
use std::path::Path;
use std::thread;
use std::time::Duration;

use crate::support::{affex_std, empty_home};
use crate::tui_e2e::Session;

/// A home, the profiles and the cache, shared by the commands and the explorer (the cache file
/// is named after the sources, the user directory under the home among them).
struct Setup {
    home: tempfile::TempDir,
    profiles: tempfile::TempDir,
    cache: tempfile::TempDir,
}

impl Setup {
    /// Two programs, and the cache written by a command.
    fn cached() -> Setup {
        let setup = Setup {
            home: empty_home(),
            profiles: profiles(),
            cache: tempfile::tempdir().expect("temp dir"),
        };
        setup.cli(&["list", "--format", "ids"]);
        let status = setup.cli(&["cache", "status"]);
        assert!(status.contains("fresh"), "{status}");
        setup
    }

    /// `affex --no-bundled --profiles DIR ARGS` as a command; its stdout.
    fn cli(&self, args: &[&str]) -> String {
        let out = affex_std(&self.home)
            .env("AFFEX_CACHE_DIR", self.cache.path())
            .args(["--no-bundled", "--profiles"])
            .arg(self.profiles.path())
            .args(args)
            .output()
            .expect("affex runs");
        assert!(out.status.success(), "affex {args:?}: {out:?}");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// The cache file the command wrote.
    fn cache_file(&self) -> std::path::PathBuf {
        fs::read_dir(self.cache.path())
            .expect("the cache directory")
            .flatten()
            .map(|e| e.path())
            .find(|p| p.extension().is_some_and(|e| e == "bin"))
            .expect("a cache file")
    }

    /// The explorer, its check of the cache held while `hold` exists.
    fn explorer(&self, hold: &Path) -> Session {
        self.explorer_held_at("AFFEX_TEST_HOLD_CHECK", hold)
    }

    /// The explorer, held where the test hook `var` says while `hold` exists.
    fn explorer_held_at(&self, var: &str, hold: &Path) -> Session {
        let text = |p: &Path| p.to_str().expect("a UTF-8 temp path").to_string();
        let (home, cache, hold) = (text(self.home.path()), text(self.cache.path()), text(hold));
        Session::launch(
            &[
                OsStr::new("--no-bundled"),
                OsStr::new("--profiles"),
                self.profiles.path().as_os_str(),
            ],
            &[
                ("HOME", &home),
                ("XDG_CONFIG_HOME", &home),
                ("AFFEX_CACHE_DIR", &cache),
                (var, &hold),
            ],
        )
    }
}

/// The explorer's loader thread, if it runs: the first thread named `affex-load` (the threads
/// it starts, rayon's, inherit its name, and stay).
fn loader_thread(app: &Session) -> Option<u32> {
    let pid = app.pid()?;
    let tasks = fs::read_dir(format!("/proc/{pid}/task")).ok()?;
    tasks
        .flatten()
        .filter(|task| {
            fs::read_to_string(task.path().join("comm")).is_ok_and(|c| c.trim() == "affex-load")
        })
        .filter_map(|task| task.file_name().to_str()?.parse().ok())
        .min()
}

/// Two programs in their own files.
fn profiles() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "kite.toml", "Kite Shop");
    fs::write(
        dir.path().join("lamp.toml"),
        "id = \"lamp\"\nname = \"Lamp Store\"\n",
    )
    .expect("written");
    dir
}

/// Writes the program `kite`, named `kite_name`, to `name` in `dir`.
fn write(dir: &Path, name: &str, kite_name: &str) {
    fs::write(
        dir.join(name),
        format!("id = \"kite\"\nname = \"{kite_name}\"\n"),
    )
    .expect("written");
}

#[test]
fn a_profile_edited_while_affex_was_closed_shows_as_cached_first_then_as_edited() {
    let setup = Setup::cached();
    write(setup.profiles.path(), "kite.toml", "Kite Emporium");
    let hold = setup.cache.path().join("hold");
    fs::write(&hold, "").expect("the hold file");
    let mut app = setup.explorer(&hold);
    // The cache's catalog, shown before the files are checked.
    app.wait_for("the cached name", |s| {
        s.contains("Kite Shop") && s.contains("Lamp Store")
    });
    thread::sleep(Duration::from_millis(300));
    let held = app.screen();
    assert!(
        held.contains("Kite Shop") && !held.contains("reloaded"),
        "{held}"
    );
    fs::remove_file(&hold).expect("release the check");
    let screen = app.wait_for("the edited name", |s| s.contains("Kite Emporium"));
    assert!(!screen.contains("Kite Shop"), "{screen}");
    assert!(
        screen.contains("reloaded: 1 changed, 0 added, 0 removed"),
        "the status line says what the check changed:\n{screen}"
    );
    app.send("q");
    app.wait_end();
    // The reload wrote the cache again, before quit let the process end.
    let status = setup.cli(&["cache", "status"]);
    assert!(status.contains("fresh"), "{status}");
    let listed = setup.cli(&["list", "--format", "csv"]);
    assert!(listed.contains("Kite Emporium"), "{listed}");
}

#[test]
fn a_fresh_cache_is_shown_checked_and_nothing_reloads() {
    let setup = Setup::cached();
    let file = setup.cache_file();
    let written = fs::metadata(&file)
        .and_then(|m| m.modified())
        .expect("mtime");
    let hold = setup.cache.path().join("hold");
    fs::write(&hold, "").expect("the hold file");
    let mut app = setup.explorer(&hold);
    app.wait_for("the list", |s| {
        s.contains("Kite Shop") && s.contains("Lamp Store")
    });
    // Shown from the cache: the loader still waits to check it.
    let loader = loader_thread(&app).expect("the list came before the check");
    let pid = app.pid().expect("running");
    fs::remove_file(&hold).expect("release the check");
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while Path::new(&format!("/proc/{pid}/task/{loader}")).exists() {
        assert!(
            std::time::Instant::now() < deadline,
            "the check never ended"
        );
        thread::sleep(Duration::from_millis(20));
    }
    // A stale check reloads within milliseconds (the test above); this one must not.
    thread::sleep(Duration::from_millis(500));
    let screen = app.screen();
    assert!(!screen.contains("reloaded"), "{screen}");
    app.send("q");
    app.wait_end();
    let now = fs::metadata(&file)
        .and_then(|m| m.modified())
        .expect("mtime");
    assert_eq!(now, written, "a fresh cache is not written again");
}

#[test]
fn a_query_typed_before_the_index_is_read_is_answered_once_it_is() {
    let setup = Setup::cached();
    let hold = setup.cache.path().join("hold");
    fs::write(&hold, "").expect("the hold file");
    let mut app = setup.explorer_held_at("AFFEX_TEST_HOLD_INDEX", &hold);
    // Listed from the cache's ids and order, the index not read.
    app.wait_for("the list", |s| {
        s.contains("Kite Shop") && s.contains("Lamp Store")
    });
    app.send("/lamp");
    app.wait_for("the query typed", |s| {
        s.contains("lamp") && s.contains("searching")
    });
    thread::sleep(Duration::from_millis(300));
    let held = app.screen();
    assert!(
        held.contains("Kite Shop") && held.contains("searching… 2/2"),
        "no index yet, so no answer:\n{held}"
    );
    fs::remove_file(&hold).expect("release the index");
    let screen = app.wait_for("the answer", |s| !s.contains("Kite Shop"));
    assert!(
        screen.contains("Lamp Store") && screen.contains("1/2"),
        "{screen}"
    );
    app.send("\x1bq");
    app.wait_end();
}

/// The section table of a cache file: each section's offset and length (the header's layout:
/// magic, format, the version's length and the version, the sources' key, then 32 bytes a
/// section).
fn section(bytes: &[u8], i: usize) -> std::ops::Range<usize> {
    let version = bytes[12] as usize;
    let at = 13 + version + 16 + i * 32;
    let word = |k: usize| {
        let mut w = [0; 8];
        w.copy_from_slice(&bytes[k..k + 8]);
        u64::from_le_bytes(w) as usize
    };
    let (offset, len) = (word(at), word(at + 8));
    offset..offset + len
}

#[test]
fn a_damaged_index_found_after_the_list_showed_loads_the_files_again() {
    let setup = Setup::cached();
    let file = setup.cache_file();
    let mut bytes = fs::read(&file).expect("the cache");
    // The index is the second section; a flipped byte in its middle fails its checksum.
    let index = section(&bytes, 1);
    assert!(index.end <= bytes.len() && index.len() > 16, "{index:?}");
    bytes[index.start + index.len() / 2] ^= 0x40;
    fs::write(&file, &bytes).expect("damaged");
    let hold = setup.cache.path().join("hold");
    let mut app = setup.explorer(&hold);
    app.wait_for("the list", |s| {
        s.contains("Kite Shop") && s.contains("Lamp Store")
    });
    // Searched only once an index is in: the files' own, after the damaged one was refused.
    app.send("/lamp");
    let screen = app.wait_for("an answer", |s| !s.contains("Kite Shop"));
    assert!(
        screen.contains("Lamp Store") && screen.contains("1/2"),
        "{screen}"
    );
    app.send("\x1bq");
    app.wait_end();
    let written = fs::read(&file).expect("the cache");
    assert_ne!(written, bytes, "the damaged cache is written again");
    let status = setup.cli(&["cache", "status"]);
    assert!(
        status.contains("fresh"),
        "the cache is written again: {status}"
    );
}
