//! Helpers the unit tests and the integration tests share, so each is written once. Built only
//! for tests (`cfg(test)`, or the `test-hooks` feature that `cargo test` turns on for the
//! integration tests), never into a release binary.

use std::path::Path;

use ratatui::buffer::Buffer;

use crate::catalog::{self, Catalog, LoadOptions};

/// The bundled profiles alone, loaded the way the binary loads them, with no user directory.
pub fn bundled_catalog() -> Catalog {
    catalog::load(&LoadOptions {
        bundled: true,
        user_dir: None,
        extra_dirs: vec![],
    })
}

/// The first `count` bundled programs alone, as a start that has read only its first files
/// lists them.
pub fn bundled_first(count: usize) -> Catalog {
    let all = bundled_catalog();
    Catalog {
        profiles: all.profiles.iter().take(count).cloned().collect(),
        origins: all.origins[..count].to_vec(),
        problems: Vec::new(),
    }
}

/// The catalog of the profiles in `src` (one profile or `[[program]]` tables), which must load
/// without a single problem.
pub fn source_catalog(src: &str) -> Catalog {
    let (profiles, problems) = catalog::parse_source(src, None);
    assert!(problems.is_empty(), "{problems:?}");
    Catalog {
        profiles: profiles.into(),
        ..Catalog::default()
    }
}

/// The profiles of `dir` alone: no bundled ones and no user directory.
pub fn dir_catalog(dir: &Path) -> Catalog {
    catalog::load(&LoadOptions {
        bundled: false,
        user_dir: None,
        extra_dirs: vec![dir.to_path_buf()],
    })
}

/// `buf` as text, one line per row with every cell in it, spaces included; a wide character's
/// hidden cells are skipped, as a terminal shows it.
pub fn buffer_text(buf: &Buffer) -> String {
    let mut out = String::new();
    for row in buffer_rows(buf) {
        out.push_str(&row);
        out.push('\n');
    }
    out
}

/// [`buffer_text`] with each row's trailing spaces trimmed, as the snapshots keep a screen.
pub fn buffer_text_trimmed(buf: &Buffer) -> String {
    let mut out = String::new();
    for row in buffer_rows(buf) {
        out.push_str(row.trim_end());
        out.push('\n');
    }
    out
}

/// Each row of `buf` as the terminal shows it: a cell's symbol, then past the hidden cells a
/// character wider than one column covers (measured as ratatui lays text out).
fn buffer_rows(buf: &Buffer) -> Vec<String> {
    let width = usize::from(buf.area.width);
    let mut rows = Vec::new();
    for row in buf
        .content
        .chunks(width.max(1))
        .take(usize::from(buf.area.height))
    {
        let mut line = String::new();
        let mut skip = 0;
        for cell in row {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            line.push_str(cell.symbol());
            skip = crate::text_width::width(cell.symbol()).saturating_sub(1);
        }
        rows.push(line);
    }
    rows
}

/// `app` drawn as a frame draws it, on a test terminal the size of its screen.
pub fn draw(app: &crate::app::App) -> Buffer {
    let area = app.screen();
    let mut terminal =
        match ratatui::Terminal::new(ratatui::backend::TestBackend::new(area.width, area.height)) {
            Ok(t) => t,
            Err(e) => match e {},
        };
    if let Err(e) = terminal.draw(|frame| frame.render_widget(app, frame.area())) {
        match e {}
    }
    terminal.backend().buffer().clone()
}

/// Steps the search worker's answers into `app` until no search is pending (10 s at most).
pub fn answered(app: &mut crate::app::App) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while app.is_search_pending() && std::time::Instant::now() < deadline {
        match app.poll_search() {
            Some(action) => crate::tui::step(app, action),
            None => std::thread::sleep(std::time::Duration::from_millis(2)),
        }
    }
    assert!(!app.is_search_pending(), "the worker answered");
}

/// `app` after its first window size, as the event loop hands it one before any key.
pub fn sized(mut app: crate::app::App, width: u16, height: u16) -> crate::app::App {
    crate::tui::step(&mut app, crate::action::Action::Resize { width, height });
    app
}

/// Whole numbers that look random, the same on every run from the same seed (a 64-bit linear
/// congruential generator with Knuth's MMIX constants), for tests that make up catalogs.
pub struct SeededNumbers(u64);

impl SeededNumbers {
    /// The numbers that follow `seed`.
    pub fn new(seed: u64) -> SeededNumbers {
        SeededNumbers(seed)
    }

    /// The next number, below `n`, which must not be 0.
    pub fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) as usize) % n
    }
}

/// `len` bytes that look random, the same on every run (a linear congruential generator), for
/// tests that feed noise to a decoder.
pub fn noise(len: usize) -> Vec<u8> {
    let mut state = 1u64;
    (0..len)
        .map(|_| {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1);
            (state >> 33) as u8
        })
        .collect()
}

/// Profile files and the catalog read back from their cache, as a warm start opens it: each
/// program is decoded only when asked for. The directories last as long as this does.
pub struct CachedFiles {
    /// The profile files.
    pub profiles: tempfile::TempDir,
    /// The cache directory.
    pub cache: tempfile::TempDir,
    /// The load options that read `profiles` alone.
    pub options: LoadOptions,
    /// The second load: from the fresh cache the first one wrote.
    pub warm: catalog::cache::Cached,
}

/// `files` (file stem, profile text) written to a new directory, loaded once to write their
/// catalog cache, then loaded again from it.
#[allow(clippy::panic, reason = "a test helper: its failures are the test's")]
pub fn cached_files(files: &[(String, String)]) -> CachedFiles {
    let dir = || tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    let (profiles, cache) = (dir(), dir());
    for (stem, text) in files {
        let path = profiles.path().join(format!("{stem}.toml"));
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
    }
    let options = LoadOptions {
        bundled: false,
        user_dir: None,
        extra_dirs: vec![profiles.path().to_path_buf()],
    };
    let cold = catalog::cache::load(&options, Some(cache.path()));
    let index = cold.catalog.profiles.search_index();
    let write = cold
        .write
        .unwrap_or_else(|| panic!("a cold load writes the cache"));
    write
        .save(&cold.catalog, Some(&index))
        .unwrap_or_else(|e| panic!("the cache is saved: {e}"));
    let warm = catalog::cache::load(&options, Some(cache.path()));
    assert_eq!(warm.state, catalog::cache::CacheState::Fresh);
    CachedFiles {
        profiles,
        cache,
        options,
        warm,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeded_numbers_are_the_same_on_every_run() {
        // The generated catalogs of the search tests depend on these very numbers.
        for (seed, want) in [(7, [278, 231, 753, 23, 1]), (11, [496, 851, 143, 18, 2])] {
            let mut numbers = SeededNumbers::new(seed);
            let got = [1000, 1000, 1000, 30, 4].map(|n| numbers.below(n));
            assert_eq!(got, want, "seed {seed}");
        }
    }
}
