//! Any size, any profile, any keys. A property test of 10,000 cases draws the explorer after
//! every step of a random session: a random terminal size from 0x0 to 300x120, a random catalog
//! (1 to 8 profiles whose every string field is built from CJK, halfwidth kana, emoji with ZWJ
//! and variation selectors, combining marks, very long words and empty strings, loaded through
//! the real parser; about one in seven has a bad value and is skipped, so the warnings popup
//! quotes random text too), plus some of the bundled profiles, a start in one of the views (list,
//! detail focused and scrolled, grid with everything marked, help, warnings, search), then
//! random keys through the keymap, typing, clicks, wheel turns and resizes. After each step:
//! no panic (the runner catches one and fails the case), and every row of the frame fits (the columns its cells take, a wide character's
//! hidden cell included, never exceed the width, and no wide character straddles the right
//! edge), no pane or popup is drawn over its right border, and no control or invisible
//! character is on screen.
//!
//! And a resize storm: 10,000 resizes between 0x0 and 999x399 with a draw after each, in every
//! view, through a real `Terminal` so its own resizing and diffing run too.

use std::path::PathBuf;
use std::sync::LazyLock;
use std::time::Instant;

use affex::action::Action;
use affex::app::{App, Overlay};
use affex::catalog::{self, Catalog, Origin};
use affex::keymap::Key;
use affex::test_support::bundled_catalog;
use affex::tui::step;
use affex::ui::{self, theme::Theme};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use ratatui::buffer::{Buffer, CellWidth};
use ratatui::layout::Rect;

use crate::support::{draw, toml_escape, unsafe_chars};

/// Cases the property test runs.
const CASES: u32 = 10_000;
/// Resizes in the storm.
const RESIZES: usize = 10_000;

static BUNDLED: LazyLock<Catalog> = LazyLock::new(bundled_catalog);

// ----- random text -----

/// Emoji that take more than one code point: ZWJ families and professions, flags, skin tones,
/// keycaps, and variation selectors asking for emoji (FE0F) or text (FE0E) presentation.
const EMOJI: [&str; 14] = [
    "👨‍👩‍👧‍👦",
    "🧑‍💻",
    "🏳️‍🌈",
    "👍🏽",
    "❤️",
    "❤︎",
    "☺️",
    "1️⃣",
    "🇯🇵",
    "🐟",
    "🎉",
    "👩🏾‍🚀",
    "✈️",
    "⚠︎",
];

/// One run of text of a kind that is hard to measure.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[\u{4E00}-\u{9FFF}]{1,12}",
        1 => "[\u{3041}-\u{3096}\u{30A1}-\u{30FA}]{1,8}",
        1 => "[\u{FF66}-\u{FF9F}]{1,10}",
        1 => "[\u{FF01}-\u{FF5E}]{1,8}",
        1 => "[\u{AC00}-\u{D7A3}]{1,6}",
        2 => prop::collection::vec(prop::sample::select(EMOJI.to_vec()), 1..6)
            .prop_map(|e| e.concat()),
        2 => "([a-z][\u{0300}-\u{036F}]{1,3}){1,6}",
        1 => "[\u{0E01}-\u{0E2E}][\u{0E31}\u{0E34}-\u{0E3A}]{0,2}",
        2 => "[a-zA-Z0-9]{40,160}",
        2 => "[\u{4E00}-\u{9FFF}a-z]{30,90}",
        1 => "[\u{05D0}-\u{05EA}]{1,10}",
        3 => "[a-z]{1,10}",
        2 => Just(String::new()),
        1 => Just(" ".to_string()),
    ]
}

/// A field's text: a few pieces, glued or spaced.
fn text() -> impl Strategy<Value = String> {
    (prop::collection::vec(piece(), 0..5), any::<bool>())
        .prop_map(|(pieces, spaced)| pieces.join(if spaced { " " } else { "" }))
}

/// The numbers a profile carries, so the grid has values to rank.
#[derive(Debug, Clone)]
struct Figures {
    rate: (u8, u8),
    cookie_days: Option<u16>,
    minimum: Option<u16>,
    /// A conversion level that is not a level but random text: the profile is skipped, and
    /// the warnings popup quotes the text.
    bad_level: bool,
}

fn figures() -> impl Strategy<Value = Figures> {
    (
        0u8..=100,
        0u8..=100,
        prop::option::of(0u16..=400),
        prop::option::of(0u16..=5000),
        prop::bool::weighted(0.15),
    )
        .prop_map(|(a, b, cookie_days, minimum, bad_level)| Figures {
            rate: (a.min(b), a.max(b)),
            cookie_days,
            minimum,
            bad_level,
        })
}

/// A profile with `texts` spread over every string field (cycling when there are fewer).
fn profile_toml(id: &str, texts: &[String], figures: &Figures) -> String {
    let mut next = texts.iter().cycle().map(|t| toml_escape(t));
    let mut s = |field: &str| format!("{field} = \"{}\"\n", next.next().unwrap_or_default());
    let mut t = format!("id = \"{id}\"\n");
    for field in ["name", "owner", "website", "summary", "industry"] {
        t += &s(field);
    }
    let list = |field: &str, texts: &mut dyn Iterator<Item = String>| {
        let a = texts.next().unwrap_or_default();
        let b = texts.next().unwrap_or_default();
        format!("{field} = [\"{a}\", \"{b}\"]\n")
    };
    let mut more = texts.iter().rev().cycle().map(|t| toml_escape(t));
    for field in ["focus", "product_types", "niches", "sources"] {
        t += &list(field, &mut more);
    }
    t += "[program]\nplatform = \"hybrid\"\n";
    t += &list("types", &mut more);
    t += &s("in_house");
    t += &s("portal");
    t += &list("networks", &mut more);
    let (min, max) = figures.rate;
    t += &format!("[commission]\nrate = {{ min = {min}, max = {max} }}\n");
    t += &s("bonuses");
    t += &s("note");
    if let Some(days) = figures.cookie_days {
        t += &format!("[cookie]\ndays = {days}\n");
        t += &s("note");
    }
    if let Some(minimum) = figures.minimum {
        t += &format!("[payout]\nminimum = {{ min = {minimum}, currency = \"USD\" }}\n");
        t += &list("methods", &mut more);
        t += &s("note");
    }
    if figures.bad_level {
        t += &format!(
            "[market]\nconversion = {{ level = \"{}\" }}\n",
            more.next().unwrap_or_default()
        );
    }
    t += "[promotion]\n";
    t += &list("materials", &mut more);
    t += &list("traffic_sources", &mut more);
    t += &s("countries");
    t += &s("countries_note");
    t += "[[audiences]]\nkind = \"bloggers\"\n";
    t += &s("suits");
    t += &list("niches", &mut more);
    t += "[[notes]]\nkind = \"caveat\"\nfield = \"cookie.days\"\n";
    t += &s("text");
    t
}

/// A random catalog: `texts.len()` generated profiles, loaded through the real parser (a bad
/// one is reported as the loader would), then the bundled profiles picked by `bundled`.
fn build_catalog(generated: &[(Vec<String>, Figures)], bundled: u8) -> Catalog {
    let mut out = Catalog::default();
    for (i, (texts, figures)) in generated.iter().enumerate() {
        let path = PathBuf::from(format!("random/p{i}.toml"));
        let src = profile_toml(&format!("p{i}"), texts, figures);
        let (profiles, problems) = catalog::parse_source(&src, Some(&path));
        for profile in profiles {
            out.profiles.vec_mut().push(profile);
            out.origins.push(Origin::File(path.clone()));
        }
        out.problems.extend(problems);
    }
    for (k, (profile, origin)) in BUNDLED.profiles.iter().zip(&BUNDLED.origins).enumerate() {
        if bundled & (1 << k) != 0 {
            out.profiles.vec_mut().push(profile.clone());
            out.origins.push(origin.clone());
        }
    }
    out
}

// ----- random sessions -----

/// The view a case starts in.
#[derive(Debug, Clone, Copy)]
enum View {
    List,
    Detail { pages: u8 },
    Grid,
    Help,
    Warnings,
    Search,
}

/// One thing the user does.
#[derive(Debug, Clone)]
enum Step {
    Key(Key),
    Type(String),
    Click(u16, u16),
    Wheel(u16, u16, bool),
    Resize(u16, u16),
}

fn any_key() -> impl Strategy<Value = Key> {
    prop::sample::select(vec![
        Key::Char('/'),
        Key::Char('j'),
        Key::Char('k'),
        Key::Char('g'),
        Key::Char('G'),
        Key::Char(' '),
        Key::Char('c'),
        Key::Char('s'),
        Key::Char('S'),
        Key::Char('h'),
        Key::Char('l'),
        Key::Char('w'),
        Key::Char('?'),
        Key::Char('q'),
        Key::Char('a'),
        Key::Enter,
        Key::Esc,
        Key::Tab,
        Key::BackTab,
        Key::Backspace,
        Key::Up,
        Key::Down,
        Key::Left,
        Key::Right,
        Key::PageUp,
        Key::PageDown,
        Key::Home,
        Key::End,
        Key::Ctrl('u'),
        Key::Ctrl('n'),
        Key::Ctrl('p'),
    ])
}

fn any_step() -> impl Strategy<Value = Step> {
    prop_oneof![
        10 => any_key().prop_map(Step::Key),
        2 => piece().prop_map(Step::Type),
        1 => (0u16..=310, 0u16..=130).prop_map(|(x, y)| Step::Click(x, y)),
        1 => (0u16..=310, 0u16..=130, any::<bool>()).prop_map(|(x, y, d)| Step::Wheel(x, y, d)),
        2 => (0u16..=300, 0u16..=120).prop_map(|(w, h)| Step::Resize(w, h)),
    ]
}

fn any_view() -> impl Strategy<Value = View> {
    prop_oneof![
        Just(View::List),
        (0u8..4).prop_map(|pages| View::Detail { pages }),
        Just(View::Grid),
        Just(View::Help),
        Just(View::Warnings),
        Just(View::Search),
    ]
}

/// Presses `key` through the keymap, as the event loop does.
fn press(app: &mut App, key: Key) {
    if let Some(action) = app.keymap().action(app.mode(), key) {
        step(app, action);
    }
}

/// Puts a fresh app in `view`.
fn enter_view(app: &mut App, view: View) {
    match view {
        View::List => {}
        View::Detail { pages } => {
            press(app, Key::Enter);
            for _ in 0..pages {
                press(app, Key::PageDown);
            }
        }
        View::Grid => {
            for _ in 0..app.matches().len() {
                press(app, Key::Char(' '));
                press(app, Key::Char('j'));
            }
            press(app, Key::Char('c'));
        }
        View::Help => press(app, Key::Char('?')),
        View::Warnings => press(app, Key::Char('w')),
        View::Search => press(app, Key::Char('/')),
    }
}

fn apply(app: &mut App, what: &Step) {
    match what {
        Step::Key(key) => press(app, *key),
        Step::Type(text) => {
            for c in text.chars() {
                press(app, Key::Char(c));
            }
        }
        Step::Click(x, y) => step(
            app,
            Action::Click {
                column: *x,
                row: *y,
            },
        ),
        Step::Wheel(x, y, down) => step(
            app,
            Action::Wheel {
                column: *x,
                row: *y,
                down: *down,
            },
        ),
        Step::Resize(w, h) => step(
            app,
            Action::Resize {
                width: *w,
                height: *h,
            },
        ),
    }
}

// ----- what every frame must satisfy -----

/// Every row fits the buffer: the columns its cells take (a wide character counts its hidden
/// cells, which must be blank, as ratatui's diff assumes) never exceed the width, no wide
/// character straddles the right edge, and no cell holds a zero-width or unsafe symbol.
fn check_rows(buf: &Buffer) -> Result<(), String> {
    let width = usize::from(buf.area.width);
    if width == 0 {
        return Ok(());
    }
    for (y, row) in buf.content.chunks(width).enumerate() {
        let mut x = 0;
        while x < row.len() {
            let cell = &row[x];
            let symbol = cell.symbol();
            let w = usize::from(cell.cell_width());
            if w == 0 {
                return Err(format!("row {y}: zero-width symbol {symbol:?} at {x}"));
            }
            if x + w > width {
                return Err(format!(
                    "row {y}: {symbol:?} ({w} columns) at {x} straddles the right edge {width}"
                ));
            }
            if let Some(hidden) = row[x + 1..x + w].iter().find(|c| c.symbol() != " ") {
                return Err(format!(
                    "row {y}: {:?} in the hidden cell of {symbol:?} at {x}",
                    hidden.symbol()
                ));
            }
            let bad = unsafe_chars(symbol);
            if !bad.is_empty() || symbol.contains('\n') {
                return Err(format!("row {y}: unsafe {symbol:?} at {x}"));
            }
            x += w;
        }
        if x > width {
            return Err(format!("row {y} takes {x} columns of {width}"));
        }
    }
    Ok(())
}

/// Nothing inside a pane or popup was drawn over its right border.
fn check_borders(app: &App, buf: &Buffer) -> Result<(), String> {
    let area = app.screen();
    let screen = ui::layout::screen(area, app.focus(), app.grid().is_some());
    if screen.too_small {
        return Ok(());
    }
    let boxes: Vec<Rect> = match app.overlay() {
        // The about-me form is drawn over everything, popups included.
        _ if app.form().is_some() => vec![ui::layout::popup(area, ui::me_form::WIDTH)],
        Some(overlay) => {
            let width = match overlay {
                Overlay::Help { .. } => ui::help::WIDTH,
                Overlay::Warnings { .. } => ui::warnings::WIDTH,
                Overlay::Cell { .. } => ui::cell_notes::WIDTH,
                Overlay::Sort { .. } => ui::sort_picker::WIDTH,
                Overlay::Fit { .. } => ui::fit_view::WIDTH,
                Overlay::Chart { .. } => ui::chart::WIDTH,
                Overlay::Export { .. } | Overlay::Lists { .. } => {
                    return check_boxes(&[ui::pickers::area(app, area)], buf);
                }
            };
            vec![ui::layout::popup(area, width)]
        }
        None => [screen.list, screen.detail, screen.grid]
            .into_iter()
            .flatten()
            .collect(),
    };
    check_boxes(&boxes, buf)
}

/// Each box's right border is whole.
fn check_boxes(boxes: &[Rect], buf: &Buffer) -> Result<(), String> {
    for &pane in boxes {
        if pane.width < 2 || pane.height < 3 {
            continue;
        }
        let x = pane.right() - 1;
        for y in pane.top() + 1..pane.bottom() - 1 {
            let symbol = buf[(x, y)].symbol();
            if symbol != "│" && symbol != "┃" {
                return Err(format!("{pane:?}: the border at ({x},{y}) is {symbol:?}"));
            }
        }
    }
    Ok(())
}

fn check_frame(app: &App, what: &str) -> Result<(), TestCaseError> {
    let buf = draw(app);
    check_rows(&buf)
        .and_then(|()| check_borders(app, &buf))
        .map_err(|e| TestCaseError::fail(format!("{what} at {:?}: {e}", app.screen())))
}

/// One random session.
#[derive(Debug, Clone)]
struct Session {
    size: (u16, u16),
    generated: Vec<(Vec<String>, Figures)>,
    bundled: u8,
    color: bool,
    view: View,
    steps: Vec<Step>,
}

fn any_session() -> impl Strategy<Value = Session> {
    (
        (0u16..=300, 0u16..=120),
        prop::collection::vec((prop::collection::vec(text(), 1..8), figures()), 1..=8),
        any::<u8>(),
        any::<bool>(),
        any_view(),
        prop::collection::vec(any_step(), 0..12),
    )
        .prop_map(|(size, generated, bundled, color, view, steps)| Session {
            size,
            generated,
            bundled: bundled & 0b11_1111,
            color,
            view,
            steps,
        })
}

/// What the property test covered.
#[derive(Default)]
struct Coverage {
    cases: u32,
    frames: usize,
    profiles: usize,
    problems: usize,
    /// Frames drawn in each mode (list, detail, search, grid, help, warnings), and too small.
    modes: std::collections::BTreeMap<String, usize>,
}

/// Runs one session, checking the frame after every step.
fn run_session(session: &Session, coverage: &mut Coverage) -> Result<(), TestCaseError> {
    let catalog = build_catalog(&session.generated, session.bundled);
    coverage.profiles += catalog.profiles.len();
    coverage.problems += catalog.problems.len();
    let mut app = App::new(catalog, Theme::new(session.color));
    let (width, height) = session.size;
    let mut frame = |app: &App, what: &dyn Fn() -> String| {
        let screen = app.screen();
        let small = screen.width < ui::layout::MIN_WIDTH || screen.height < ui::layout::MIN_HEIGHT;
        let mode = if small {
            "too small".to_string()
        } else {
            format!("{:?}", app.mode())
        };
        *coverage.modes.entry(mode).or_default() += 1;
        coverage.frames += 1;
        check_frame(app, &what())
    };
    step(&mut app, Action::Resize { width, height });
    frame(&app, &|| "the first frame".to_string())?;
    enter_view(&mut app, session.view);
    frame(&app, &|| format!("{:?}", session.view))?;
    for (i, step) in session.steps.iter().enumerate() {
        apply(&mut app, step);
        frame(&app, &|| format!("step {i} ({step:?})"))?;
    }
    coverage.cases += 1;
    Ok(())
}

#[test]
fn random_sizes_profiles_and_keys_10000_cases_0_panics_every_line_fits() {
    let started = Instant::now();
    let mut runner = TestRunner::new(Config {
        cases: CASES,
        failure_persistence: None,
        ..Config::default()
    });
    let coverage = std::cell::RefCell::new(Coverage::default());
    let result = runner.run(&any_session(), |session| {
        run_session(&session, &mut coverage.borrow_mut())
    });
    let coverage = coverage.into_inner();
    eprintln!(
        "any size: {} cases, {} profiles ({} problems reported), {} frames drawn and checked \
         (by mode: {:?}): {} ({:?})",
        coverage.cases,
        coverage.profiles,
        coverage.problems,
        coverage.frames,
        coverage.modes,
        if result.is_ok() {
            "0 panics, every line fits"
        } else {
            "FAILED"
        },
        started.elapsed()
    );
    if let Err(e) = result {
        panic!("{e}");
    }
    assert!(coverage.cases >= CASES);
    for mode in [
        "List",
        "Detail",
        "Search",
        "Grid",
        "Help",
        "Warnings",
        "too small",
    ] {
        assert!(
            coverage.modes.get(mode).is_some_and(|&n| n >= 1000),
            "{mode} is covered"
        );
    }
}

/// Sessions the property test once failed on, kept as plain tests.
fn regression(size: (u16, u16), texts: &[&str], view: View, steps: Vec<Step>) -> Session {
    let figures = Figures {
        rate: (0, 0),
        cookie_days: None,
        minimum: None,
        bad_level: false,
    };
    Session {
        size,
        generated: vec![(texts.iter().map(|t| t.to_string()).collect(), figures)],
        bundled: 0,
        color: false,
        view,
        steps,
    }
}

#[test]
fn a_popup_over_a_wide_character_keeps_its_left_border() {
    // Found by the property test: the help popup's left border fell in the hidden second
    // cell of a fullwidth "！" in the list behind it, so a terminal never drew it.
    let session = regression((108, 15), &["！"], View::Help, vec![]);
    run_session(&session, &mut Coverage::default()).unwrap();
    let session = regression((108, 15), &["！"], View::Warnings, vec![]);
    run_session(&session, &mut Coverage::default()).unwrap();
}

#[test]
fn a_popup_over_halfwidth_kana_with_stacked_sound_marks_keeps_its_left_border() {
    // Found by the property test in CI: "ｦﾞﾞﾞ" is one grapheme that ratatui gives four
    // columns (its base and a cell per sound mark), and the help popup's left border fell in
    // one of its hidden cells.
    let name = "一一一一一一一一一一一一 一一 ァ ｦｦ\u{ff9e}\u{ff9e}\u{ff9e}";
    let session = regression((0, 0), &[name], View::Help, vec![Step::Resize(160, 10)]);
    run_session(&session, &mut Coverage::default()).unwrap();
}

#[test]
fn typed_control_and_invisible_characters_never_reach_the_search_line() {
    // Found by the property test: a ZWJ emoji typed into the search line put the ZWJ on
    // screen. A terminal can also hand over a C1 control or DEL as a character.
    let typed = "a\u{200d}b\u{9b}31m\u{7f}\u{202e}c\u{feff}👨\u{200d}👩";
    let session = regression(
        (80, 24),
        &["plain"],
        View::Search,
        vec![Step::Type(typed.to_string())],
    );
    run_session(&session, &mut Coverage::default()).unwrap();
    let mut app = App::new(build_catalog(&session.generated, 0), Theme::plain());
    enter_view(&mut app, View::Search);
    apply(&mut app, &session.steps[0]);
    assert_eq!(app.query(), "ab31mc👨👩");
}

// ----- resize storm -----

#[test]
fn resize_storm_10000_resizes_0_panics() {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    let started = Instant::now();
    let mut rng = proptest::test_runner::TestRng::deterministic_rng(
        proptest::test_runner::RngAlgorithm::ChaCha,
    );
    // The bundled profiles and two full of wide, joined and combining text.
    let wide = |texts: &[&str], bad_level: bool| {
        let figures = Figures {
            rate: (3, 9),
            cookie_days: Some(30),
            minimum: Some(10),
            bad_level,
        };
        (texts.iter().map(|t| t.to_string()).collect(), figures)
    };
    let catalog = build_catalog(
        &[
            wide(
                &[
                    "速卖通 全球站 🎉 スーパー",
                    "👨‍👩‍👧‍👦 family ❤️",
                    "e\u{301}e\u{301} ｶﾞｷﾞ",
                ],
                false,
            ),
            wide(
                &["🐟🐟🐟🐟🐟🐟🐟🐟🐟🐟🐟🐟", &"跨境电商".repeat(40), ""],
                false,
            ),
            wide(&["壊れた 🧑‍💻 profile", &"x".repeat(300)], true),
        ],
        0b11_1111,
    );
    assert_eq!(catalog.profiles.len(), 8, "{:#?}", catalog.problems);
    assert!(
        catalog.errors() >= 1,
        "the warnings popup has something to show"
    );
    let views = [
        View::List,
        View::Detail { pages: 2 },
        View::Grid,
        View::Help,
        View::Warnings,
        View::Search,
    ];
    let per_view = RESIZES.div_ceil(views.len());
    let mut resizes = 0;
    let mut panics = 0;
    for view in views {
        let mut app = App::new(catalog.clone(), Theme::colored());
        enter_view(&mut app, view);
        let Ok(mut terminal) = Terminal::new(TestBackend::new(80, 24));
        for _ in 0..per_view.min(RESIZES - resizes) {
            // Mostly anywhere in the range, sometimes a degenerate edge: 0 or 1 in either
            // direction, or the largest size.
            let pick = |rng: &mut proptest::test_runner::TestRng, max: u16| match rng
                .random_range(0..10)
            {
                0 => rng.random_range(0..=1),
                1 => max,
                _ => rng.random_range(0..=max),
            };
            let (width, height) = (pick(&mut rng, 999), pick(&mut rng, 399));
            let drawn = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                terminal.backend_mut().resize(width, height);
                step(&mut app, Action::Resize { width, height });
                let Ok(frame) = terminal.draw(|frame| frame.render_widget(&app, frame.area()));
                check_rows(frame.buffer).map_err(|e| format!("{width}x{height}: {e}"))
            }));
            match drawn {
                Ok(Ok(())) => {}
                Ok(Err(e)) => panic!("{view:?}: {e}"),
                Err(_) => panics += 1,
            }
            resizes += 1;
        }
    }
    eprintln!(
        "resize storm: {resizes} resizes between 0x0 and 999x399 in {} views, {panics} panics \
         ({:?})",
        views.len(),
        started.elapsed()
    );
    assert_eq!(resizes, RESIZES);
    assert_eq!(panics, 0);
}

#[test]
fn halfwidth_sound_marks_keep_the_list_columns_aligned() {
    // Found while checking the property test's findings by eye: a name of halfwidth kana with
    // sound marks (ｶﾞ) takes twice the columns affex measured, so the list row pushes its
    // Focus, Commission and Cookie values right of their headers and loses the last one.
    let figures = Figures {
        rate: (3, 9),
        cookie_days: Some(30),
        minimum: None,
        bad_level: false,
    };
    let catalog = build_catalog(&[(vec!["ｶﾞｷﾞｸﾞｹﾞｺﾞ".to_string()], figures)], 0);
    let mut app = App::new(catalog, Theme::plain());
    step(
        &mut app,
        Action::Resize {
            width: 100,
            height: 30,
        },
    );
    let buf = draw(&app);
    let column_of = |y: u16, text: &str| {
        let row: Vec<&str> = (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect();
        (0..row.len()).find(|&x| row[x..].concat().starts_with(text))
    };
    let header = column_of(2, "Commission").expect("the header");
    assert_eq!(
        column_of(3, "3–9%"),
        Some(header),
        "the commission sits under its header"
    );
    assert!(column_of(3, "30 days").is_some(), "the cookie is shown");
}

// ----- stacked halfwidth sound marks -----

/// A grapheme ratatui gives 22 cells: a halfwidth kana and twenty sound marks, each mark a
/// cell of its own. No grapheme has a widest case, so every view is drawn with it.
fn stacked_marks(base: char, marks: usize) -> String {
    std::iter::once(base)
        .chain(std::iter::repeat_n('\u{ff9e}', marks))
        .collect()
}

/// Texts for every field of a profile: the 22-cell grapheme alone, beside words, and many of
/// them in a row, so cells wrap, cut and end in `…` around it.
fn stacked_texts() -> Vec<String> {
    let big = stacked_marks('ｶ', 20);
    vec![
        big.clone(),
        format!("ab {big} cd"),
        format!("{} {}", stacked_marks('ｷ', 3), stacked_marks('ｸ', 5)).repeat(6),
        [big.as_str(); 5].join(" "),
        format!("x{}", stacked_marks('ｦ', 7)).repeat(9),
        format!("a{}", stacked_marks('ｶ', 1)).repeat(40),
        format!("aa{}", stacked_marks('ｶ', 1)).repeat(40),
        stacked_marks('ｶ', 1).repeat(40),
    ]
}

/// The columns of row `y` that hold `symbol`.
fn columns_holding(buf: &Buffer, y: u16, symbol: &str) -> Vec<u16> {
    (buf.area.left()..buf.area.right())
        .filter(|&x| buf[(x, y)].symbol() == symbol)
        .collect()
}

/// In the grid, every row's column separators sit where the header's do.
fn check_grid_columns(app: &App, buf: &Buffer) -> Result<(), String> {
    if app.grid().is_none() || app.overlay().is_some() {
        return Ok(());
    }
    let screen = ui::layout::screen(app.screen(), app.focus(), true);
    let (Some(pane), false) = (screen.grid, screen.too_small) else {
        return Ok(());
    };
    let inner = ui::layout::inner(pane);
    if inner.height < 3 {
        return Ok(());
    }
    let header = columns_holding(buf, inner.y, "│");
    for y in inner.y + 2..inner.bottom() {
        let row = columns_holding(buf, y, "│");
        let row: Vec<u16> = row.into_iter().filter(|&x| x < inner.right()).collect();
        if !row.is_empty() && row != header {
            return Err(format!(
                "row {y}: separators at {row:?}, the header's at {header:?}"
            ));
        }
    }
    Ok(())
}

#[test]
fn stacked_halfwidth_sound_marks_fit_every_view_at_every_width() {
    let figures = Figures {
        rate: (3, 9),
        cookie_days: Some(30),
        minimum: Some(10),
        bad_level: false,
    };
    let texts = stacked_texts();
    let rotated: Vec<String> = texts
        .iter()
        .cycle()
        .skip(2)
        .take(texts.len())
        .cloned()
        .collect();
    let broken = Figures {
        bad_level: true,
        ..figures.clone()
    };
    let generated = vec![
        (texts.clone(), figures.clone()),
        (rotated, figures.clone()),
        (texts.clone(), broken),
    ];
    let views = [
        View::List,
        View::Detail { pages: 0 },
        View::Detail { pages: 2 },
        View::Grid,
        View::Help,
        View::Warnings,
        View::Search,
    ];
    let mut frames = 0;
    for width in [
        20, 22, 24, 30, 36, 40, 44, 50, 60, 72, 80, 90, 100, 120, 140, 160, 200, 250,
    ] {
        for height in [8, 12, 24, 40] {
            for view in views {
                let walks = [
                    vec![],
                    vec![Step::Key(Key::Down), Step::Key(Key::Down)],
                    vec![Step::Key(Key::Tab), Step::Key(Key::PageDown)],
                    vec![Step::Key(Key::Enter)],
                    vec![Step::Type(texts[0].clone())],
                ];
                for steps in walks {
                    let session = Session {
                        size: (width, height),
                        generated: generated.clone(),
                        bundled: 0b11,
                        color: true,
                        view,
                        steps: steps.clone(),
                    };
                    run_session(&session, &mut Coverage::default())
                        .unwrap_or_else(|e| panic!("{view:?} then {steps:?}: {e}"));
                    let catalog = build_catalog(&session.generated, session.bundled);
                    let mut app = App::new(catalog, Theme::plain());
                    step(&mut app, Action::Resize { width, height });
                    enter_view(&mut app, view);
                    for s in &steps {
                        apply(&mut app, s);
                    }
                    let buf = draw(&app);
                    check_grid_columns(&app, &buf).unwrap_or_else(|e| {
                        panic!("{view:?} then {steps:?} at {width}x{height}: {e}")
                    });
                    frames += 1;
                }
            }
        }
    }
    eprintln!("stacked sound marks: {frames} sessions drawn and checked");
}
