//! Input at any speed (issue 9, item 7): holding a key with 30,000 warnings loaded once froze
//! the explorer for 13 s, one step per queued press. The loop now collapses a run of the same
//! movement into one move ([`affex::tui::Drain`]), so the steps a burst costs do not grow with
//! how many presses are queued. Counted, not timed: `N` and `2N` presses must cost the same
//! number of steps, and land where the presses would have, clamped at the end.

use affex::action::{Action, Command};
use affex::app::{App, Overlay};
use affex::catalog;
use affex::keymap::Key;
use affex::theme::Theme;
use affex::tui::{Drain, Input, step};

use crate::hostile_gen as shapes;

/// The explorer over `warnings` files with a warning each (the `w` popup's worst case).
fn app_with_warnings(warnings: usize) -> (App, usize) {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    shapes::write(dir.path(), &shapes::many_warnings(warnings))
        .unwrap_or_else(|e| panic!("write: {e}"));
    let catalog = catalog::validate(&[dir.path().to_path_buf()]);
    let problems = catalog.problems.len();
    let mut app = App::new(catalog, Theme::colored());
    step(
        &mut app,
        Action::Resize {
            width: 100,
            height: 30,
        },
    );
    (app, problems)
}

/// Queues `presses` of `key`, applies them as the loop does, and returns the steps it took.
fn burst(app: &mut App, key: Key, presses: usize) -> usize {
    let mut drain = Drain::default();
    for _ in 0..presses {
        drain.take(app, Input::Key(key));
    }
    drain.finish(app);
    drain.steps()
}

fn popup_scroll(app: &App) -> usize {
    match app.overlay() {
        Some(Overlay::Warnings { scroll }) => scroll,
        other => panic!("the warnings popup is open: {other:?}"),
    }
}

#[test]
fn held_keys_cost_the_same_steps_however_many_are_queued() {
    let (mut app, problems) = app_with_warnings(30_000);
    assert!(problems >= 30_000, "{problems} problems");

    // The `w` popup: far more lines than presses, so n presses move exactly n lines.
    step(&mut app, Command::ToggleWarnings.into());
    let mut costs = Vec::new();
    for n in [2_500, 5_000] {
        step(&mut app, Command::First.into());
        costs.push(burst(&mut app, Key::Char('j'), n));
        assert_eq!(popup_scroll(&app), n, "{n} presses of j");
        costs.push(burst(&mut app, Key::Down, n));
        assert_eq!(popup_scroll(&app), 2 * n, "then {n} presses of ↓");
        costs.push(burst(&mut app, Key::Char('k'), 3 * n));
        assert_eq!(popup_scroll(&app), 0, "clamped at the top");
    }
    // Clamped at the end: as many presses as the popup has lines, and twice that, stop on
    // the last line, where End goes.
    step(&mut app, Command::Last.into());
    let end = popup_scroll(&app);
    assert!(end > 10_000, "the popup scrolls {end} lines");
    for n in [end, 2 * end] {
        step(&mut app, Command::First.into());
        costs.push(burst(&mut app, Key::Char('j'), n));
        assert_eq!(popup_scroll(&app), end, "{n} presses stop at the end");
    }
    step(&mut app, Command::Back.into());

    // The list: 30,000 programs.
    let last = app.matches().len() - 1;
    for n in [20_000, 40_000] {
        step(&mut app, Command::First.into());
        costs.push(burst(&mut app, Key::Char('j'), n));
        assert_eq!(app.selected(), n.min(last), "{n} presses in the list");
        costs.push(burst(&mut app, Key::Char('k'), n / 2));
        assert_eq!(app.selected(), n.min(last) - n / 2);
    }
    assert!(costs.iter().all(|&c| c == 1), "steps per burst: {costs:?}");
    println!(
        "held keys: {} bursts of 2,500 to {} queued presses over {problems} warnings, 1 step each",
        costs.len(),
        2 * end
    );
}

#[test]
fn a_run_is_cut_by_anything_else_and_keeps_the_order() {
    let (mut app, _) = app_with_warnings(50);
    let mut drain = Drain::default();
    for key in [
        Key::Char('j'),
        Key::Char('j'),
        Key::Char('k'),
        Key::Char('j'),
    ] {
        drain.take(&mut app, Input::Key(key));
    }
    for (width, height) in [(90, 20), (80, 24)] {
        drain.take(&mut app, Input::Resize { width, height });
    }
    assert!(drain.finish(&mut app), "something to draw");
    // j j as one step, k, j, then the last size only: four steps, the selection on row 2.
    assert_eq!(drain.steps(), 4);
    assert_eq!(app.selected(), 2);
    assert_eq!(app.screen().width, 80);
    assert!(!drain.finish(&mut app), "nothing new to draw");

    // A key that is not a movement ends the run; the one after starts a new one.
    let mut drain = Drain::default();
    step(&mut app, Command::First.into());
    for key in [
        Key::Char('j'),
        Key::Char('j'),
        Key::Char('w'),
        Key::Char('j'),
    ] {
        drain.take(&mut app, Input::Key(key));
    }
    drain.finish(&mut app);
    assert_eq!(drain.steps(), 3);
    assert_eq!(app.selected(), 2, "the list moved by two");
    assert_eq!(popup_scroll(&app), 1, "then the popup by one");
}

/// The real binary: 5,000 presses of `j` written at once over 30,000 warnings, then `q`. The
/// explorer takes them as one move, shows the row they lead to, and quits promptly.
#[test]
fn five_thousand_queued_presses_then_q_in_a_real_terminal() {
    use std::ffi::OsStr;
    use std::time::Instant;

    use crate::tui_e2e::{Session, assert_restored};

    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    shapes::write(dir.path(), &shapes::many_warnings(30_000))
        .unwrap_or_else(|e| panic!("write: {e}"));
    // Where 5,000 presses lead, as the app computes it in-process on the same profiles.
    let loaded = catalog::load(&catalog::LoadOptions {
        bundled: true,
        user_dir: None,
        extra_dirs: vec![dir.path().to_path_buf()],
    });
    let total = loaded.profiles.len();
    let mut app = App::new(loaded, Theme::colored());
    step(
        &mut app,
        Action::Resize {
            width: 100,
            height: 30,
        },
    );
    step(
        &mut app,
        Action::Repeat {
            command: Command::Down,
            times: 5_000,
        },
    );
    let expected = app.catalog().profiles[app.matches()[app.selected()].index]
        .name
        .to_string();

    let mut s = Session::launch(&[OsStr::new("--profiles"), dir.path().as_os_str()], &[]);
    s.wait_for("the first screen", |sc| sc.contains(&format!("/{total}")));
    let sent = Instant::now();
    s.send(&"j".repeat(5_000));
    let screen = s.wait_for("the 5,001st row", |sc| sc.contains(&expected));
    let moved = sent.elapsed();
    s.send("q");
    let ended = s.wait_end();
    let quit = sent.elapsed();
    assert_restored(&ended);
    assert_eq!(ended.status.exit_code(), 0);
    assert!(
        screen.contains(&format!("of {total}")),
        "the list is still on screen: {screen}"
    );
    println!(
        "5,000 queued j over 30,000 warnings: {expected:?} on screen after {moved:?}, exited after {quit:?}"
    );
}
