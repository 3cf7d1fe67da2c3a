//! State tests for the keys people already know (issue 13): `q` closes a popup and quits
//! only from the main view.

use super::*;
use crate::compare::ROWS;
use crate::keymap::Key;
use crate::test_support::bundled_catalog;
use crate::tui::step;

fn app() -> App {
    crate::test_support::sized(App::new(bundled_catalog(), Theme::plain()), 120, 40)
}

/// Presses `key` through the keymap, as the event loop does.
fn press(app: &mut App, key: Key) {
    if let Some(action) = app.keymap().action(app.mode(), key) {
        step(app, action);
    }
}

#[test]
fn q_in_a_popup_closes_it_and_keeps_the_marks_and_the_query() {
    let mut app = app();
    press(&mut app, Key::Char(' '));
    step(&mut app, Command::FocusSearch.into());
    step(&mut app, Action::InsertChar('a'));
    step(&mut app, Command::LeaveSearch.into());
    for open in [Key::Char('?'), Key::Char('w'), Key::Char('s')] {
        press(&mut app, open);
        assert!(app.overlay().is_some(), "{open:?} opens a popup");
        press(&mut app, Key::Char('q'));
        assert!(
            !app.should_quit(),
            "q in the popup of {open:?} quit the app"
        );
        assert_eq!(app.overlay(), None, "q closes the popup of {open:?}");
        assert_eq!(app.marked().len(), 1);
        assert_eq!(app.query(), "a");
    }
    // The cell popup over the grid, then the grid itself: q steps back, one at a time.
    press(&mut app, Key::Char('c'));
    press(&mut app, Key::Enter);
    assert_eq!(app.mode(), Mode::Cell);
    press(&mut app, Key::Char('q'));
    assert_eq!(app.mode(), Mode::Grid);
    press(&mut app, Key::Char('q'));
    assert_eq!(app.mode(), Mode::List);
    assert!(!app.should_quit());
    press(&mut app, Key::Char('q'));
    assert!(app.should_quit(), "q quits from the main view");
}

#[test]
fn an_unbound_key_is_named_in_the_status_line_until_the_next_key() {
    let mut app = app();
    step(&mut app, Action::UnboundKey(Key::Char('x')));
    assert_eq!(app.message(), Some("x: no such key here; ? for help"));
    press(&mut app, Key::Char('j'));
    assert_eq!(app.message(), None);
}

#[test]
fn the_grid_hides_the_rows_alike_in_every_column_and_shows_them_again() {
    let mut app = app();
    press(&mut app, Key::Char('c'));
    let grid = app.grid().expect("open");
    let alike: Vec<usize> = (0..ROWS.len()).filter(|&r| grid.alike[r]).collect();
    assert!(!alike.is_empty(), "the bundled programs share some value");
    let entry_fee = ROWS.iter().position(|r| r.key == "entry_fee");
    assert!(
        entry_fee.is_some_and(|r| grid.alike[r]),
        "every entry is free"
    );
    press(&mut app, Key::Char('d'));
    let grid = app.grid().expect("open");
    assert_eq!(grid.hidden_rows(), alike.len());
    // Moving through the rows skips the hidden ones.
    for _ in 0..ROWS.len() {
        assert!(grid_row_shown(&app));
        press(&mut app, Key::Char('j'));
    }
    press(&mut app, Key::Char('d'));
    assert_eq!(app.grid().map(Grid::hidden_rows), Some(0));
}

fn grid_row_shown(app: &App) -> bool {
    app.grid().is_some_and(|g| g.row_shown(g.row))
}

#[test]
fn the_detail_scroll_is_kept_per_program() {
    let mut app = app();
    press(&mut app, Key::Enter);
    press(&mut app, Key::PageDown);
    let scrolled = app.detail_scroll();
    assert!(scrolled > 0);
    press(&mut app, Key::Tab);
    press(&mut app, Key::Char('j'));
    assert_eq!(app.detail_scroll(), 0, "another program starts at its top");
    press(&mut app, Key::Char('k'));
    assert_eq!(app.detail_scroll(), scrolled, "coming back keeps the place");
}

#[test]
fn section_keys_jump_between_the_detail_sections() {
    let mut app = app();
    press(&mut app, Key::Enter);
    let starts = app
        .viewport()
        .detail
        .as_ref()
        .map(|d| d.sections.clone())
        .unwrap_or_default();
    assert!(starts.len() > 3, "{starts:?}");
    press(&mut app, Key::Char(']'));
    assert_eq!(app.detail_scroll(), starts[0]);
    press(&mut app, Key::Char(']'));
    assert_eq!(app.detail_scroll(), starts[1]);
    press(&mut app, Key::Char('['));
    assert_eq!(app.detail_scroll(), starts[0]);
}
