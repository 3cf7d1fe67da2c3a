//! The catalog cache through the real binary, with `AFFEX_CACHE_DIR` in a temporary directory:
//! a warm start gives exactly what a cold one gives; every change to the profile files, and
//! every damaged, foreign or hostile cache file, is found, the profiles are read from their
//! files and the cache is written again.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::{Duration, SystemTime};

use crate::support::{affex_std, empty_home};

/// A profile directory, a home and a cache directory, all temporary.
struct Setup {
    home: tempfile::TempDir,
    cache: tempfile::TempDir,
    profiles: tempfile::TempDir,
}

fn profile(id: &str, name: &str) -> String {
    format!(
        "id = \"{id}\"\nname = \"{name}\"\nniches = [\"fishing\", \"{id}\"]\n\n[cookie]\ndays = 30\n"
    )
}

impl Setup {
    /// Good profiles, one that replaces a bundled one, one with a warning, one with an error.
    fn new() -> Self {
        let setup = Setup {
            home: empty_home(),
            cache: tempfile::tempdir().expect("temp dir"),
            profiles: tempfile::tempdir().expect("temp dir"),
        };
        for i in 0..40 {
            setup.write(
                &format!("p{i:02}.toml"),
                &profile(&format!("p{i:02}"), "Shop"),
            );
        }
        setup.write(
            "ali.toml",
            "id = \"aliexpress\"\nname = \"My AliExpress\"\n",
        );
        setup.write(
            "odd.toml",
            "id = \"odd\"\nname = \"Odd\"\ncolour = \"red\"\n",
        );
        setup.write("bad.toml", "id = \"bad\"\nname = [\n");
        setup
    }

    fn write(&self, name: &str, body: &str) -> PathBuf {
        let path = self.profiles.path().join(name);
        fs::write(&path, body).expect("write a profile");
        path
    }

    /// `affex --profiles DIR ARGS` with the cache in the temporary directory.
    fn run(&self, args: &[&str]) -> Output {
        let mut cmd = affex_std(&self.home);
        cmd.env("AFFEX_CACHE_DIR", self.cache.path())
            .arg("--profiles")
            .arg(self.profiles.path())
            .args(args);
        let out = cmd.output().expect("affex runs");
        assert!(
            out.status.code().is_some(),
            "affex {args:?} ended by a signal"
        );
        out
    }

    /// What a load from the files shows (`--no-cache`): stdout, stderr and status.
    fn cold(&self, args: &[&str]) -> (String, String, Option<i32>) {
        let mut with = vec!["--no-cache"];
        with.extend_from_slice(args);
        shown(&self.run(&with))
    }

    /// The one cache file, if there is one.
    fn cache_file(&self) -> Option<PathBuf> {
        let files: Vec<PathBuf> = fs::read_dir(self.cache.path())
            .expect("the cache directory")
            .flatten()
            .map(|e| e.path())
            .filter(|p| !name_of(p).starts_with('.'))
            .collect();
        assert!(
            files.len() <= 1,
            "one cache file for one set of sources: {files:?}"
        );
        files.into_iter().next()
    }

    fn status(&self) -> String {
        shown(&self.run(&["cache", "status"])).0
    }

    /// Runs `list --format json` and checks it equals a cold load, stderr included.
    fn assert_same_as_cold(&self) -> (String, String) {
        let args = ["list", "--format", "json"];
        let warm = shown(&self.run(&args));
        let cold = self.cold(&args);
        assert_eq!(warm.0, cold.0, "stdout of a cached run");
        assert_eq!(warm.2, cold.2, "exit status of a cached run");
        (warm.1, cold.1)
    }
}

fn name_of(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn shown(out: &Output) -> (String, String, Option<i32>) {
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code(),
    )
}

/// The file's identity and time, to tell whether a run rewrote it.
fn stamp(path: &Path) -> (u64, SystemTime) {
    use std::os::unix::fs::MetadataExt;
    let meta = fs::metadata(path).expect("the cache file");
    (meta.ino(), meta.modified().expect("mtime"))
}

/// Writes the cache with one run and checks the next run reads it without rewriting it.
fn warmed(setup: &Setup) -> PathBuf {
    let (_, stderr) = setup.assert_same_as_cold();
    assert!(
        !stderr.contains("note:"),
        "a first run says nothing: {stderr}"
    );
    let file = setup.cache_file().expect("a cold run writes the cache");
    assert!(setup.status().contains("fresh"), "{}", setup.status());
    let before = stamp(&file);
    setup.assert_same_as_cold();
    assert_eq!(
        stamp(&file),
        before,
        "a fresh cache is read, not written again"
    );
    file
}

#[test]
fn a_warm_start_shows_exactly_what_a_cold_one_shows() {
    let setup = Setup::new();
    let args = ["list", "--format", "json"];
    let cold = setup.cold(&args);
    assert!(
        cold.1.contains("warning:"),
        "the bad file is warned about: {}",
        cold.1
    );
    assert!(cold.0.contains("My AliExpress"), "the override is listed");
    warmed(&setup);
    let warm = shown(&setup.run(&args));
    assert_eq!(
        warm, cold,
        "stdout, stderr (the skipped-file warning) and status"
    );
    for args in [
        &["list", "--query", "fishing", "--format", "ids"][..],
        &["show", "odd", "--format", "json"],
        &["validate"],
        &["validate", "--format", "json"],
    ] {
        assert_eq!(shown(&setup.run(args)), setup.cold(args), "affex {args:?}");
    }
}

#[test]
fn every_change_to_the_files_rebuilds() {
    let setup = Setup::new();
    type Change = fn(&Setup);
    let changes: [(&str, Change); 5] = [
        ("an edit of the same size", |s| {
            s.write("p03.toml", &profile("p03", "Shoq"));
        }),
        ("an added file", |s| {
            s.write("new.toml", &profile("new", "New"));
        }),
        ("a removed file", |s| {
            fs::remove_file(s.profiles.path().join("p05.toml")).expect("remove");
        }),
        ("a renamed file", |s| {
            let dir = s.profiles.path();
            fs::rename(dir.join("p07.toml"), dir.join("q07.toml")).expect("rename");
        }),
        ("a file's mtime only", |s| {
            let file = fs::File::options()
                .write(true)
                .open(s.profiles.path().join("p09.toml"))
                .expect("open");
            let earlier = SystemTime::now() - Duration::from_secs(86_400);
            file.set_modified(earlier).expect("set mtime");
        }),
    ];
    for (what, change) in changes {
        let file = warmed(&setup);
        let before = stamp(&file);
        change(&setup);
        assert!(
            setup.status().contains("stale"),
            "{what}: {}",
            setup.status()
        );
        let (warm_err, cold_err) = setup.assert_same_as_cold();
        assert_eq!(
            warm_err, cold_err,
            "{what}: a stale cache is rebuilt quietly"
        );
        assert_ne!(stamp(&file), before, "{what}: the cache is written again");
        assert!(
            setup.status().contains("fresh"),
            "{what}: {}",
            setup.status()
        );
    }
}

/// Offsets in the header: magic (8), format (4), version length (1) and version, key (16),
/// then each section's offset (8), length (8) and checksum (16): where the first section's
/// declared length is.
fn payload_length_at() -> usize {
    8 + 4 + 1 + env!("CARGO_PKG_VERSION").len() + 16 + 8
}

#[test]
fn damaged_foreign_and_hostile_caches_are_rebuilt_with_a_note_when_damaged() {
    let setup = Setup::new();
    type Damage = fn(Vec<u8>) -> Vec<u8>;
    let cases: [(&str, bool, Damage); 6] = [
        ("truncated", true, |b| b[..b.len() / 2].to_vec()),
        ("random bytes", true, |b| {
            let mut state = 99u64;
            (0..b.len())
                .map(|_| {
                    state = state.wrapping_mul(6364136223846793005).wrapping_add(1);
                    (state >> 33) as u8
                })
                .collect()
        }),
        ("another format", false, |mut b| {
            b[8] = b[8].wrapping_add(1);
            b
        }),
        ("another version", false, |mut b| {
            b[13] = b'9';
            b
        }),
        ("a huge declared length", true, |mut b| {
            let at = payload_length_at();
            b[at..at + 8].copy_from_slice(&u64::MAX.to_le_bytes());
            b
        }),
        // In the last chunk of program records: found only when that chunk is first read, so
        // the command is answered again from the files.
        ("one byte changed", true, |mut b| {
            let last = b.len() - 1;
            b[last] ^= 0x20;
            b
        }),
    ];
    for (what, noted, damage) in cases {
        let file = warmed(&setup);
        let bytes = fs::read(&file).expect("read the cache");
        fs::write(&file, damage(bytes)).expect("damage the cache");
        let (warm_err, cold_err) = setup.assert_same_as_cold();
        assert_eq!(
            warm_err.contains("note: the catalog cache was damaged"),
            noted,
            "{what}: {warm_err}"
        );
        // The note comes first, or, for a program found damaged only when read, after what
        // the load from the cache had already said (the skipped-file warning).
        let rest: String = warm_err
            .lines()
            .filter(|line| !line.contains("note: the catalog cache was damaged"))
            .map(|line| format!("{line}\n"))
            .collect();
        assert_eq!(rest, cold_err, "{what}: nothing but the note is added");
        assert!(setup.status().contains("fresh"), "{what}: rewritten");
    }
}

#[test]
fn no_cache_writes_nothing_and_clear_removes_the_cache() {
    let setup = Setup::new();
    setup.cold(&["list"]);
    assert_eq!(setup.cache_file(), None, "--no-cache wrote a file");
    let (path, _, status) = shown(&setup.run(&["cache", "path"]));
    assert_eq!(status, Some(0));
    assert_eq!(path.trim(), setup.cache.path().display().to_string());
    assert!(setup.status().contains("missing"), "{}", setup.status());
    warmed(&setup);
    let (said, _, status) = shown(&setup.run(&["cache", "clear"]));
    assert_eq!(status, Some(0));
    assert!(said.starts_with("removed 1 cached catalog from "), "{said}");
    assert_eq!(setup.cache_file(), None);
    fs::write(setup.cache.path().join("mine.txt"), "keep").expect("write");
    setup.run(&["cache", "clear"]);
    assert!(
        setup.cache.path().join("mine.txt").exists(),
        "only affex's files go"
    );
}

/// Enough programs for several chunks of records (256 each), with names and niches that
/// differ, to compare what a warm start answers with a cold one's, query by query.
#[test]
fn a_warm_start_of_many_programs_answers_every_query_as_a_cold_one() {
    let setup = Setup {
        home: empty_home(),
        cache: tempfile::tempdir().expect("temp dir"),
        profiles: tempfile::tempdir().expect("temp dir"),
    };
    let niches = [
        "fishing",
        "dropshipping",
        "3d printing",
        "fashion",
        "tiktok shop",
    ];
    for i in 0..700 {
        let niche = niches[i % niches.len()];
        setup.write(
            &format!("p{i:03}.toml"),
            &format!(
                "id = \"p{i:03}\"\nname = \"Shop {i} {niche}\"\nniches = [\"{niche}\"]\n\n\
                 [commission]\nrate = {{ min = {}, max = {} }}\n\n[cookie]\ndays = {}\n",
                i % 40,
                i % 40 + 5,
                i % 90 + 1
            ),
        );
    }
    warmed(&setup);
    let queries: [&[&str]; 9] = [
        &["list", "--query", "fishing", "--format", "ids"],
        &["list", "--query", "3d print", "--format", "json"],
        &["list", "--query", "shop 69", "--format", "csv"],
        &[
            "list",
            "--query",
            "commission>=30 fashion",
            "--format",
            "ids",
        ],
        &["list", "--query", "zzqqxxj", "--format", "ids"],
        &["list", "--sort", "cookie", "--format", "ids"],
        &["show", "p699", "--format", "json"],
        &["show", "p300"],
        &["compare", "p001", "p512", "p650", "--format", "json"],
    ];
    for args in queries {
        let warm = shown(&setup.run(args));
        assert_eq!(warm, setup.cold(args), "affex {args:?}");
        assert_eq!(warm.2, Some(0), "affex {args:?}: {}", warm.1);
    }
    let (_, err, status) = shown(&setup.run(&["show", "p7000"]));
    assert_eq!(status, Some(2));
    assert!(err.contains("p7000"), "{err}");
    assert!(setup.status().contains("fresh"), "{}", setup.status());
}
