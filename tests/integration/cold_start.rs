//! A slow cold start in a real terminal: the list shows the programs of the first files read
//! (with how far the load has got) instead of a bare loading screen, answers a query typed
//! meanwhile, and takes every program in once they are read, keeping the query.

use std::ffi::OsStr;
use std::fs;
use std::path::Path;

use crate::support::{affex_std, empty_home};
use crate::tui_e2e::Session;

/// Writes one program per `(id, name)` into a new directory.
fn programs(named: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (id, name) in named {
        fs::write(
            dir.path().join(format!("{id}.toml")),
            format!("id = \"{id}\"\nname = \"{name}\"\n"),
        )
        .expect("written");
    }
    dir
}

fn text(p: &Path) -> &str {
    p.to_str().expect("a UTF-8 temp path")
}

/// A home, an empty cache directory, two directories of programs, and the hook's file.
struct Setup {
    home: tempfile::TempDir,
    cache: tempfile::TempDir,
    first: tempfile::TempDir,
    rest: tempfile::TempDir,
    hold: std::path::PathBuf,
}

impl Setup {
    fn new() -> Setup {
        let cache = tempfile::tempdir().expect("temp dir");
        let hold = cache.path().join("hold");
        fs::write(&hold, "").expect("the hold file");
        Setup {
            home: empty_home(),
            cache,
            first: programs(&[("kite", "Kite Shop"), ("lamp", "Lamp Store")]),
            rest: programs(&[
                ("moss", "Moss Shop"),
                ("nook", "Nook Books"),
                ("owl", "Owl Optics"),
            ]),
            hold,
        }
    }

    /// The explorer on both directories; the hook shows the first directory's programs at
    /// once and holds the rest while the hold file exists.
    fn explorer(&self) -> Session {
        Session::launch(
            &[
                OsStr::new("--no-bundled"),
                OsStr::new("--profiles"),
                self.first.path().as_os_str(),
                OsStr::new("--profiles"),
                self.rest.path().as_os_str(),
            ],
            &[
                ("HOME", text(self.home.path())),
                ("XDG_CONFIG_HOME", text(self.home.path())),
                ("AFFEX_CACHE_DIR", text(self.cache.path())),
                ("AFFEX_TEST_HOLD_REST", text(&self.hold)),
            ],
        )
    }

    /// `affex cache status` for the same sources.
    fn cache_status(&self) -> String {
        let out = affex_std(&self.home)
            .env("AFFEX_CACHE_DIR", self.cache.path())
            .args(["--no-bundled", "--profiles"])
            .arg(self.first.path())
            .arg("--profiles")
            .arg(self.rest.path())
            .args(["cache", "status"])
            .output()
            .expect("affex runs");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }
}

#[test]
fn a_start_still_reading_files_lists_the_first_programs_then_every_one() {
    let setup = Setup::new();
    let mut app = setup.explorer();
    let screen = app.wait_for("the first programs", |s| s.contains("Lamp Store"));
    assert!(
        screen.contains("Kite Shop") && screen.contains("loading: 2 files read so far"),
        "{screen}"
    );
    assert!(!screen.contains("Moss Shop"), "{screen}");
    // A query typed now is answered over the programs shown.
    app.send("/shop");
    let screen = app.wait_for("the answer", |s| s.contains("1/2"));
    assert!(
        screen.contains("Kite Shop") && !screen.contains("Lamp Store"),
        "{screen}"
    );
    fs::remove_file(&setup.hold).expect("release the rest");
    let screen = app.wait_for("every program", |s| s.contains("all 5 programs loaded"));
    let screen = if screen.contains("2/5") {
        screen
    } else {
        app.wait_for("the query over every program", |s| s.contains("2/5"))
    };
    assert!(
        screen.contains("Kite Shop") && screen.contains("Moss Shop"),
        "the query is kept and answered over every program:\n{screen}"
    );
    assert!(!screen.contains("loading:"), "{screen}");
    app.send("\x1bq");
    app.wait_end();
    // The cache holds every program, as after any cold start.
    let status = setup.cache_status();
    assert!(status.contains("fresh"), "{status}");
}

#[test]
fn a_quit_while_the_rest_is_read_waits_for_it_so_the_cache_is_written() {
    let setup = Setup::new();
    let mut app = setup.explorer();
    app.wait_for("the first programs", |s| s.contains("loading:"));
    app.send("q");
    // The terminal is handed back, and the process waits for the loader.
    std::thread::sleep(std::time::Duration::from_millis(400));
    // (A process that has ended but is not yet waited for is a zombie, state `Z`.)
    let running = |pid: u32| {
        fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|stat| !stat.contains(") Z "))
    };
    assert!(
        app.pid().is_some_and(running),
        "the quit waits for the rest of the load"
    );
    let status = setup.cache_status();
    assert!(!status.contains("fresh"), "not written yet: {status}");
    fs::remove_file(&setup.hold).expect("release the rest");
    let ended = app.wait_end();
    assert!(ended.status.success(), "{:?}", ended.status);
    let status = setup.cache_status();
    assert!(status.contains("fresh"), "{status}");
}

/// One catalog file of 4,500 programs (about 4.6 MB, read in windows of 4 MiB): a cold start
/// lists the programs of its first window, saying how many it has read, before the file is
/// done, then every program.
#[test]
fn a_start_on_one_large_catalog_file_lists_its_first_programs_before_the_file_is_read() {
    let dir = tempfile::tempdir().expect("temp dir");
    let summary = "words ".repeat(170);
    let mut catalog = String::new();
    for i in 0..4500 {
        catalog.push_str(&format!(
            "[[program]]\nid = \"p{i:04}\"\nname = \"Program {i:04}\"\nsummary = \"{summary}\"\n\n"
        ));
    }
    assert!(catalog.len() > 4 << 20, "more than one window");
    fs::write(dir.path().join("catalog.toml"), catalog).expect("written");
    let setup = Setup::new();
    let mut app = Session::launch(
        &[
            OsStr::new("--no-bundled"),
            OsStr::new("--profiles"),
            dir.path().as_os_str(),
        ],
        &[
            ("HOME", text(setup.home.path())),
            ("XDG_CONFIG_HOME", text(setup.home.path())),
            ("AFFEX_CACHE_DIR", text(setup.cache.path())),
            ("AFFEX_TEST_HOLD_REST", text(&setup.hold)),
        ],
    );
    let screen = app.wait_for("the first window's programs", |s| {
        s.contains("programs so far, 0 of 1 file read")
    });
    assert!(screen.contains("Program 0000"), "{screen}");
    assert!(
        !screen.contains("of 4500"),
        "only the first window's:\n{screen}"
    );
    fs::remove_file(&setup.hold).expect("release the rest");
    let screen = app.wait_for("every program", |s| s.contains("all 4500 programs loaded"));
    assert!(screen.contains("of 4500"), "{screen}");
    app.send("q");
    app.wait_end();
}
