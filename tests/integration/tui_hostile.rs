//! Hostile text on screen: one profile per payload of `tests/fixtures/hostile/` (the payload in
//! every string field), plus broken files that quote the payloads raw and carry them in their
//! file names, loaded the way the binary loads a `--profiles` directory. The explorer is drawn
//! in every view (list, search, detail focused and scrolled through, the grid with everything
//! marked and scrolled both ways, help, the warnings popup) at sizes from 20x5 to 300x120, and
//! every cell of every frame is checked: not one control or invisible character may be in it.
//!
//! Then the real binary runs in a pseudo-terminal on the same directory: every escape sequence
//! it writes must be one of affex's own (cursor moves, colours, the modes it sets and resets),
//! and nothing but the restoring sequences may follow the moment it leaves the alternate screen.

use std::ffi::OsStr;
use std::path::Path;
use std::time::Instant;

use affex::action::{Action, Command};
use affex::app::{App, Overlay};
use affex::catalog::Severity;
use affex::test_support::{buffer_text, dir_catalog};
use affex::tui::step;
use affex::ui::theme::Theme;

use crate::support::{draw, hostile_payloads, hostile_profile, toml_escape, unsafe_chars};
use crate::tui_e2e::{Session, assert_restored, count, find_last};

/// The sizes every view is drawn at: below the minimum, the minimum, common terminals, huge.
const SIZES: [(u16, u16); 6] = [
    (20, 5),
    (40, 10),
    (80, 24),
    (100, 30),
    (120, 40),
    (300, 120),
];

/// A payload cut to fit in a file name: no `/` or NUL, at most 120 bytes.
fn file_name_part(raw: &str) -> String {
    let mut out = String::new();
    for c in raw.chars().filter(|&c| c != '/' && c != '\0') {
        if out.len() + c.len_utf8() > 120 {
            break;
        }
        out.push(c);
    }
    out
}

/// Writes one valid profile per payload and, per payload, a broken file that quotes it raw
/// under a name that holds it; returns how many valid profiles were written.
pub(crate) fn write_hostile_profiles(dir: &Path) -> usize {
    let payloads = hostile_payloads();
    assert!(
        payloads.len() >= 30,
        "the corpus holds at least 30 payloads"
    );
    for (i, (_, raw)) in payloads.iter().enumerate() {
        let id = format!("hostile-{i:02}");
        std::fs::write(
            dir.join(format!("{id}.toml")),
            hostile_profile(&id, &toml_escape(raw)),
        )
        .expect("write profile");
        let broken = format!("id = \"broken-{i:02}\"\nname = \"n\"\n[cookie]\ndays = \"{raw}\"\n");
        let name = format!("broken-{i:02}-{}.toml", file_name_part(raw));
        std::fs::write(dir.join(name), broken).expect("write a broken profile");
    }
    payloads.len()
}

/// Tallies what was drawn.
#[derive(Default)]
struct Tally {
    frames: usize,
    cells: usize,
    bad: Vec<(String, char)>,
}

impl Tally {
    /// Draws `app` and checks every cell's symbol.
    fn check(&mut self, app: &App, view: &str) {
        let buf = draw(app);
        self.frames += 1;
        self.cells += buf.content.len();
        for cell in &buf.content {
            for c in unsafe_chars(cell.symbol()) {
                self.bad.push((format!("{view} at {:?}", app.screen()), c));
            }
            assert!(
                !cell.symbol().contains('\n'),
                "{view}: a line break in a cell"
            );
        }
    }
}

/// Presses `action` until `state` stops changing, drawing after each press.
fn scroll_through<T: PartialEq>(
    app: &mut App,
    tally: &mut Tally,
    view: &str,
    action: Action,
    state: impl Fn(&App) -> T,
) {
    for _ in 0..1000 {
        let before = state(app);
        step(app, action.clone());
        if state(app) == before {
            return;
        }
        tally.check(app, view);
    }
    panic!("{view}: {action:?} never reached an end");
}

fn overlay_scroll(app: &App) -> Option<usize> {
    match app.overlay() {
        Some(
            Overlay::Help { scroll, .. }
            | Overlay::Warnings { scroll }
            | Overlay::Cell { scroll }
            | Overlay::Fit { scroll }
            | Overlay::Chart { scroll },
        ) => Some(scroll),
        Some(Overlay::Sort { highlighted }) => Some(highlighted),
        Some(Overlay::Export { .. } | Overlay::Lists { .. }) | None => None,
    }
}

/// Every view at one size, starting from a fresh `app`.
fn every_view(app: &mut App, tally: &mut Tally, (width, height): (u16, u16)) {
    step(app, Action::Resize { width, height });
    tally.check(app, "list");

    // Search: the query matches a field name every hostile value ends with.
    step(app, Action::Command(Command::FocusSearch));
    for c in "summary".chars() {
        step(app, Action::InsertChar(c));
        tally.check(app, "search");
    }
    step(app, Action::Command(Command::ClearQuery));
    step(app, Action::Command(Command::LeaveSearch));

    // Each program, in the list and then in the detail pane, scrolled to its end.
    let programs = app.matches().len();
    for i in 0..programs {
        step(app, Action::Command(Command::First));
        for _ in 0..i {
            step(app, Action::Command(Command::Down));
        }
        tally.check(app, "list selection");
        step(app, Action::Command(Command::Open));
        tally.check(app, "detail focused");
        scroll_through(
            app,
            tally,
            "detail scrolled",
            Action::Command(Command::PageDown),
            App::detail_scroll,
        );
        step(app, Action::Command(Command::Back));
    }

    // Everything marked, then the grid scrolled down and right.
    step(app, Action::Command(Command::First));
    for _ in 0..programs {
        step(app, Action::Command(Command::ToggleMark));
        step(app, Action::Command(Command::Down));
    }
    assert_eq!(app.marked().len(), programs, "every program is marked");
    step(app, Action::Command(Command::ToggleGrid));
    tally.check(app, "grid");
    let grid_row = |app: &App| app.grid().map(|g| (g.row, g.column));
    scroll_through(
        app,
        tally,
        "grid rows",
        Action::Command(Command::Down),
        grid_row,
    );
    scroll_through(
        app,
        tally,
        "grid columns",
        Action::Command(Command::Right),
        grid_row,
    );
    step(app, Action::Command(Command::SortByRow));
    tally.check(app, "grid sorted");

    // The selected cell's whole value and notes, scrolled to its end.
    step(app, Action::Command(Command::ShowCell));
    tally.check(app, "cell notes");
    scroll_through(
        app,
        tally,
        "cell notes scrolled",
        Action::Command(Command::PageDown),
        overlay_scroll,
    );
    step(app, Action::Command(Command::Back));

    // Help and the warnings popup over the grid, each scrolled to its end.
    step(app, Action::Command(Command::ToggleHelp));
    tally.check(app, "help");
    scroll_through(
        app,
        tally,
        "help scrolled",
        Action::Command(Command::PageDown),
        overlay_scroll,
    );
    step(app, Action::Command(Command::Back));
    step(app, Action::Command(Command::ToggleWarnings));
    tally.check(app, "warnings");
    scroll_through(
        app,
        tally,
        "warnings scrolled",
        Action::Command(Command::PageDown),
        overlay_scroll,
    );
}

#[test]
fn hostile_profiles_in_every_view_at_6_sizes_draw_0_control_characters() {
    let started = Instant::now();
    let dir = tempfile::tempdir().expect("temp dir");
    let written = write_hostile_profiles(dir.path());
    let loaded = dir_catalog(dir.path());
    assert_eq!(loaded.profiles.len(), written, "{:#?}", loaded.problems);
    let reported: std::collections::HashSet<_> = loaded
        .problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .filter_map(|p| p.path.as_ref())
        .collect();
    assert_eq!(reported.len(), written, "each broken file is reported");
    let mut tally = Tally::default();
    for size in SIZES {
        let mut app = App::new(loaded.clone(), Theme::colored());
        every_view(&mut app, &mut tally, size);
    }
    // The hostile values did reach the screen (sanitized), so the check saw them.
    let mut app = App::new(loaded, Theme::colored());
    step(
        &mut app,
        Action::Resize {
            width: 120,
            height: 40,
        },
    );
    let shown = buffer_text(&draw(&app));
    assert!(shown.contains("name"), "{shown}");
    eprintln!(
        "hostile on screen: {written} payloads in every field, {} sizes, {} frames, {} cells: \
         {} control characters ({:?})",
        SIZES.len(),
        tally.frames,
        tally.cells,
        tally.bad.len(),
        started.elapsed()
    );
    assert!(
        tally.bad.is_empty(),
        "control characters on screen: {:?}",
        &tally.bad[..tally.bad.len().min(20)]
    );
}

/// The private modes affex sets and resets: the alternate screen, the cursor, mouse reporting
/// (crossterm turns on several encodings) and bracketed paste.
const OWN_MODES: [&str; 8] = [
    "?1049", "?25", "?1000", "?1002", "?1003", "?1006", "?1015", "?2004",
];

/// Every escape sequence and control character in `out` that affex does not write itself: its
/// own are CSI sequences with numeric parameters for cursor moves (`H`), clearing (`J`, `K`),
/// colours (`m`) and the modes of [`OWN_MODES`] (`h`, `l`). Returns those found, and how many
/// sequences were seen in all.
/// What `--theme auto` writes to learn the terminal's colours (terminal-colorsaurus).
const BACKGROUND_QUERY: &str = "\x1b]10;?\x07\x1b]11;?\x07\x1b[c";

fn foreign_sequences(out: &str) -> (Vec<String>, usize) {
    let mut foreign = Vec::new();
    let mut seen = 0;
    let mut chars = out.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            seen += 1;
            if chars.next_if_eq(&'[').is_none() {
                let next: String = chars.next().into_iter().collect();
                foreign.push(format!("ESC {next:?}"));
                continue;
            }
            let mut params = String::new();
            while let Some(p) = chars.next_if(|p| ('\u{20}'..='\u{3F}').contains(p)) {
                params.push(p);
            }
            let Some(last) = chars.next_if(|f| ('\u{40}'..='\u{7E}').contains(f)) else {
                foreign.push(format!("unterminated CSI {params:?}"));
                continue;
            };
            let numeric = params.chars().all(|p| p.is_ascii_digit() || p == ';');
            let own = match last {
                'H' | 'J' | 'K' | 'm' => numeric,
                'h' | 'l' => OWN_MODES.contains(&params.as_str()),
                _ => false,
            };
            if !own {
                foreign.push(format!("CSI {params:?} {last:?}"));
            }
        } else if (c.is_control() && c != '\n' && c != '\r')
            || affex::sanitize::is_invisible_control(c)
        {
            foreign.push(format!("{c:?}"));
        }
    }
    (foreign, seen)
}

#[test]
fn foreign_sequences_are_told_from_affexs_own() {
    let (foreign, seen) = foreign_sequences("\x1b[1;2H\x1b[38;5;3mx\x1b[?1049h\x1b[0m\r\n");
    assert!(foreign.is_empty(), "{foreign:?}");
    assert_eq!(seen, 4);
    for hostile in [
        "\x1b]0;title\x07",
        "\x1b[?1049;1h",
        "\x1bPq\x1b\\",
        "\u{9b}31m",
        "\x1b[6n",
        "a\x08",
        "\u{202e}",
    ] {
        let (foreign, _) = foreign_sequences(hostile);
        assert!(!foreign.is_empty(), "{hostile:?} is caught");
    }
}

#[test]
fn hostile_profiles_in_the_real_terminal_write_only_affexs_own_sequences() {
    let dir = tempfile::tempdir().expect("temp dir");
    let written = write_hostile_profiles(dir.path());
    let total = format!("/{}", written + 6);
    let mut s = Session::launch(&[OsStr::new("--profiles"), dir.path().as_os_str()], &[]);
    s.wait_for("the first screen", |sc| sc.contains(&total));
    s.send("c");
    s.wait_for("the grid", |sc| sc.contains("Compare"));
    s.send("llllG");
    s.send("\x1b");
    s.wait_for("the list", |sc| {
        sc.contains(&total) && !sc.contains("Compare")
    });
    s.send("\r");
    s.send("\x1b[6~\x1b[6~jjjj");
    s.send("w");
    s.wait_for("the warnings popup", |sc| sc.contains("Skipped profiles"));
    s.send("\x1b");
    s.wait_for("the popup to close", |sc| !sc.contains("Skipped profiles"));
    s.send("?");
    s.wait_for("help", |sc| sc.contains("Program list"));
    s.send("\x1b");
    s.wait_for("help to close", |sc| !sc.contains("Program list"));
    s.send("q");
    let ended = s.wait_end();
    assert!(ended.status.success(), "{:?}", ended.status);
    let left = assert_restored(&ended);
    let out = String::from_utf8_lossy(&ended.raw);
    // `--theme auto` asks the terminal for its colours (OSC 10 and 11, then DA1 so an
    // unanswered query ends early) once, before the alternate screen; nothing else may.
    let (query_at, queries) = (
        out.find(BACKGROUND_QUERY),
        out.matches(BACKGROUND_QUERY).count(),
    );
    assert_eq!(queries, 1, "one background query");
    assert!(
        query_at < out.find("\x1b[?1049h"),
        "the query comes before the alternate screen"
    );
    let out = out.replacen(BACKGROUND_QUERY, "", 1);
    let (foreign, seen) = foreign_sequences(&out);
    let after = String::from_utf8_lossy(&ended.raw[left..]).into_owned();
    let after_own = after.replace("\x1b[?1049l", "").replace("\x1b[?25h", "");
    let entered = count(&ended.raw, b"\x1b[?1049h");
    let leaves = count(&ended.raw, b"\x1b[?1049l");
    eprintln!(
        "hostile in the terminal: {} bytes, {seen} escape sequences, {} foreign; after the exit: \
         {:?}",
        ended.raw.len(),
        foreign.len(),
        after
    );
    assert!(foreign.is_empty(), "foreign sequences: {foreign:?}");
    assert_eq!(
        (entered, leaves),
        (1, 1),
        "the alternate screen is entered and left once, by affex"
    );
    assert!(
        after_own.trim().is_empty(),
        "only the restoring sequences follow the exit: {after:?}"
    );
    assert!(find_last(&ended.raw, b"\x1b[?1049l").is_some());
}
