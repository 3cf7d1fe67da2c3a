//! The shortlist file: round trip, bad files, unknown ids and two writers.

use super::*;

fn id(s: &str) -> ProgramId {
    match ProgramId::parse(s) {
        Ok(id) => id,
        Err(e) => panic!("{e}"),
    }
}

fn mark(list: &str, s: &str) -> Change {
    Change::Mark {
        list: list.to_string(),
        id: id(s),
    }
}

#[test]
fn a_saved_file_reads_back_the_same() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("data").join(FILE_NAME);
    let mut file = ShortlistFile::load(&path);
    assert_eq!(file.state(), &Shortlists::default());
    assert!(file.problem().is_none());
    file.change(mark(DEFAULT_LIST, "temu"))?;
    file.change(mark(DEFAULT_LIST, "aliexpress"))?;
    file.change(Change::Create("fishing trips".to_string()))?;
    file.change(mark("fishing trips", "amazon-associates"))?;
    file.change(Change::Unmark {
        list: DEFAULT_LIST.to_string(),
        id: id("temu"),
    })?;
    let again = ShortlistFile::load(&path);
    assert!(again.problem().is_none());
    assert_eq!(again.state(), file.state());
    assert_eq!(again.state().current(), "fishing trips");
    assert_eq!(
        again.state().ids(DEFAULT_LIST),
        Some(&[id("aliexpress")][..])
    );
    assert_eq!(again.state().names(), vec![DEFAULT_LIST, "fishing trips"]);
    let text = std::fs::read_to_string(&path)?;
    assert!(text.contains("version = 1"), "{text}");
    Ok(())
}

#[test]
fn unknown_ids_are_kept_in_the_file() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join(FILE_NAME);
    std::fs::write(
        &path,
        "version = 1\n[lists]\ndefault = [\"gone-program\", \"temu\"]\n",
    )?;
    let mut file = ShortlistFile::load(&path);
    file.change(mark(DEFAULT_LIST, "aliexpress"))?;
    let again = ShortlistFile::load(&path);
    assert_eq!(
        again.state().current_ids(),
        &[id("gone-program"), id("temu"), id("aliexpress")]
    );
    Ok(())
}

/// Each bad file, and the words the user must see about it.
#[test]
fn bad_files_are_reported_and_left_alone_until_a_change() -> Result<(), Box<dyn std::error::Error>>
{
    let cases: [(&[u8], &str); 8] = [
        (b"version = 1\nlists = [", "not a shortlist file"),
        (b"\xff\xfe", "not UTF-8"),
        (b"version = 7\n", "version 7 is not known"),
        (b"version = 1\nextra = 2\n", "unknown field `extra`"),
        (
            b"version = 1\n[lists]\n\"a\\u001b[31m\" = []\n",
            "is not allowed",
        ),
        (
            b"version = 1\n[lists]\ndefault = [\"../../etc\"]\n",
            "expected an id",
        ),
        (
            b"version = 1\n[lists]\ndefault = 3\n",
            "not a shortlist file",
        ),
        (b"[lists]\n", "missing field `version`"),
    ];
    for (bytes, words) in cases {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join(FILE_NAME);
        std::fs::write(&path, bytes)?;
        let mut file = ShortlistFile::load(&path);
        let problem = file.problem().unwrap_or_default().to_string();
        assert!(problem.contains(words), "{problem:?} lacks {words:?}");
        assert!(problem.contains("left as it is"), "{problem}");
        assert!(!problem.contains('\u{1b}'), "{problem:?}");
        assert_eq!(file.state(), &Shortlists::default());
        assert_eq!(std::fs::read(&path)?, bytes, "not rewritten at start");
        file.change(mark(DEFAULT_LIST, "temu"))?;
        assert!(file.problem().is_none());
        assert_eq!(
            ShortlistFile::load(&path).state().current_ids(),
            &[id("temu")]
        );
        let mut bad = path.clone().into_os_string();
        bad.push(".bad");
        assert_eq!(std::fs::read(&bad)?, bytes, "the bad file is kept aside");
    }
    Ok(())
}

#[test]
fn a_huge_file_is_refused_unread() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join(FILE_NAME);
    std::fs::write(&path, vec![b'#'; MAX_BYTES + 10])?;
    let file = ShortlistFile::load(&path);
    assert!(file.problem().is_some_and(|p| p.contains("too large")));
    Ok(())
}

/// Two explorers holding the same file, each marking its own programs in turn (and in
/// threads at once): every mark survives.
#[test]
fn two_writers_keep_each_others_marks() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join(FILE_NAME);
    let mut a = ShortlistFile::load(&path);
    let mut b = ShortlistFile::load(&path);
    a.change(mark(DEFAULT_LIST, "temu"))?;
    b.change(mark(DEFAULT_LIST, "aliexpress"))?;
    assert_eq!(b.state().current_ids(), &[id("temu"), id("aliexpress")]);
    let threads: Vec<_> = (0..2)
        .map(|t| {
            let path = path.clone();
            std::thread::spawn(move || -> Result<(), String> {
                let mut file = ShortlistFile::load(&path);
                for i in 0..20 {
                    file.change(mark(DEFAULT_LIST, &format!("p{t}-{i}")))
                        .map_err(|e| e.to_string())?;
                }
                Ok(())
            })
        })
        .collect();
    for t in threads {
        t.join().map_err(|_| "a writer panicked")??;
    }
    let ids = ShortlistFile::load(&path).state().current_ids().len();
    assert_eq!(ids, 2 + 40, "no mark lost");
    Ok(())
}

#[test]
fn names_are_checked_and_the_default_list_stays() {
    assert_eq!(check_name("  tech "), Ok("tech".to_string()));
    assert!(check_name("").is_err());
    assert!(check_name("a/b").is_err());
    assert!(check_name(&"x".repeat(MAX_NAME + 1)).is_err());
    let mut lists = Shortlists::default();
    lists.apply(&Change::Create("tech".to_string()));
    assert_eq!(lists.current(), "tech");
    lists.apply(&Change::Delete("tech".to_string()));
    assert_eq!(lists.current(), DEFAULT_LIST);
    lists.apply(&Change::Delete(DEFAULT_LIST.to_string()));
    assert_eq!(lists.names(), vec![DEFAULT_LIST]);
}

/// What one mark costs as the file grows (read, parse, apply, write, two fsyncs, under the
/// lock); prints, asserts nothing about time. Run with
/// `cargo test --lib shortlist::tests::cost_of_a_mark -- --ignored --nocapture`.
#[test]
#[ignore = "a measurement, not a check"]
fn cost_of_a_mark() -> Result<(), Box<dyn std::error::Error>> {
    for n in [10usize, 1_000, 10_000] {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join(FILE_NAME);
        let ids: Vec<String> = (0..n).map(|i| format!("\"p{i}\"")).collect();
        std::fs::write(
            &path,
            format!("version = 1\n[lists]\ndefault = [{}]\n", ids.join(",")),
        )?;
        let started = std::time::Instant::now();
        let mut file = ShortlistFile::load(&path);
        let load = started.elapsed();
        let rounds: u32 = 20;
        let started = std::time::Instant::now();
        for i in 0..rounds {
            file.change(mark(DEFAULT_LIST, &format!("x{i}")))?;
        }
        let per = started.elapsed() / rounds;
        eprintln!("{n:>6} ids: load {load:?}, one mark saved {per:?}");
    }
    Ok(())
}

/// Reading a list ten times as long takes about ten times as long, not a hundred (duplicates
/// were once dropped by a scan of the ids kept so far). The best of three runs of each size.
#[test]
fn reading_is_linear_in_the_ids() {
    let text = |n: usize| {
        let ids: Vec<String> = (0..n).map(|i| format!("\"p{i}\"")).collect();
        format!("version = 1\n[lists]\ndefault = [{}]\n", ids.join(","))
    };
    let best = |text: &str| {
        (0..3)
            .map(|_| {
                let started = std::time::Instant::now();
                let parsed = Shortlists::parse(text.as_bytes());
                assert!(parsed.is_ok());
                started.elapsed()
            })
            .min()
            .unwrap_or_default()
    };
    let (small, large) = (text(1_000), text(10_000));
    let ratio = best(&large).as_secs_f64() / best(&small).as_secs_f64().max(1e-9);
    eprintln!("10x the ids: {ratio:.1}x the time");
    assert!(
        ratio < 40.0,
        "reading 10x the ids took {ratio:.1}x the time"
    );
}

#[test]
fn resolve_finds_each_id_in_the_list_s_order_and_keeps_the_missing() {
    let catalog = crate::test_support::bundled_catalog();
    let profiles = &catalog.profiles;
    let id = |i: usize| ProgramId::parse(profiles.id(i).expect("an id")).expect("a slug");
    let gone = ProgramId::parse("no-such-program").expect("a slug");
    let ids = [id(3), gone.clone(), id(0), id(3)];
    let resolved = resolve(&ids, profiles);
    assert_eq!(resolved.present, [3, 0, 3]);
    assert_eq!(resolved.missing, [gone]);
    assert_eq!(resolve(&[], profiles), Resolved::default());
}
