//! The about-me form through [`crate::tui::step`]: typing, refusing a bad value with the
//! shared checks' words, saving atomically to `config.toml` and cancelling.

use super::*;
use crate::decide::me::{MeField, check_clicks};
use crate::test_support::bundled_catalog;
use crate::tui::step;

fn app() -> App {
    crate::test_support::sized(App::new(bundled_catalog(), Theme::plain()), 120, 40)
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        step(app, Action::InsertChar(c));
    }
}

/// Opens the form and moves to `field`.
fn at_field(app: &mut App, field: MeField) {
    step(app, Command::EditAboutMe.into());
    let n = MeField::ALL.iter().position(|f| *f == field).unwrap_or(0);
    for _ in 0..n {
        step(app, Command::Down.into());
    }
}

#[test]
fn the_form_refuses_bad_clicks_with_the_flags_words_and_stays_open() {
    let mut app = app();
    at_field(&mut app, MeField::Clicks);
    assert_eq!(app.mode(), Mode::AboutMe);
    type_text(&mut app, "-5");
    step(&mut app, Command::SaveAboutMe.into());
    let expected = check_clicks("-5").err();
    assert!(expected.is_some());
    assert_eq!(app.form().and_then(|f| f.error.clone()), expected);
    assert_eq!(app.mode(), Mode::AboutMe, "the form stays open");
    assert_eq!(app.me().clicks, None);
}

#[test]
fn a_bad_country_in_another_field_is_selected_and_named() {
    let mut app = app();
    at_field(&mut app, MeField::Countries);
    type_text(&mut app, "IN, XX");
    // Move away, then save: the refused field is selected again.
    step(&mut app, Command::Down.into());
    step(&mut app, Command::SaveAboutMe.into());
    let form = app.form().cloned();
    assert_eq!(form.as_ref().map(MeForm::field), Some(MeField::Countries));
    let words = form.and_then(|f| f.error).unwrap_or_default();
    assert!(words.starts_with("country"), "{words}");
    assert_eq!(
        Some(words),
        about_me::checked_value(MeField::Countries, "IN, XX").err()
    );
}

#[test]
fn enter_saves_every_field_and_the_grid_works_them_out_for_me() {
    let Ok(dir) = tempfile::tempdir() else {
        panic!("no temp dir");
    };
    let path = dir.path().join("config.toml");
    let mut app = app();
    app.set_about_me(Me::default(), Some(path.clone()), None);
    step(&mut app, Command::ToggleGrid.into());
    at_field(&mut app, MeField::Channels);
    type_text(&mut app, "tiktok");
    step(&mut app, Command::Down.into());
    type_text(&mut app, "IN");
    step(&mut app, Command::Down.into());
    type_text(&mut app, "fishing");
    step(&mut app, Command::Down.into());
    type_text(&mut app, "20,000");
    step(&mut app, Command::SaveAboutMe.into());
    assert_eq!(app.form(), None);
    assert_eq!(app.me().clicks, Some(20_000));
    assert!(
        app.message().is_some_and(|m| m.contains("saved")),
        "{:?}",
        app.message()
    );
    let read = about_me::read(&path);
    assert!(read.problems.is_empty(), "{:?}", read.problems);
    assert_eq!(&read.me, app.me());
    // The grid's derived rows now use the clicks.
    let grid = app.grid().map(|g| g.me().clone());
    assert_eq!(grid.and_then(|m| m.clicks), Some(20_000));
}

#[test]
fn esc_cancels_and_nothing_is_written() {
    let Ok(dir) = tempfile::tempdir() else {
        panic!("no temp dir");
    };
    let path = dir.path().join("config.toml");
    let mut app = app();
    app.set_about_me(Me::default(), Some(path.clone()), None);
    at_field(&mut app, MeField::Clicks);
    type_text(&mut app, "500");
    step(&mut app, Command::Back.into());
    assert_eq!(app.form(), None);
    assert_eq!(app.me().clicks, None);
    assert!(!path.exists());
}

#[test]
fn the_form_edits_with_backspace_and_clear_and_wraps_round() {
    let mut app = app();
    step(&mut app, Command::EditAboutMe.into());
    step(&mut app, Command::Up.into());
    assert_eq!(app.form().map(MeForm::field), Some(MeField::Order));
    type_text(&mut app, "45x");
    step(&mut app, Command::DeleteChar.into());
    assert_eq!(
        app.form().map(|f| f.texts[5].clone()),
        Some("45".to_string())
    );
    step(&mut app, Command::ClearQuery.into());
    assert_eq!(app.form().map(|f| f.texts[5].clone()), Some(String::new()));
    // 'q' types in the form rather than quitting.
    step(&mut app, Action::InsertChar('q'));
    assert!(!app.should_quit());
}

#[test]
fn three_tabs_collapsed_into_one_repeat_move_three_fields() {
    let mut app = app();
    step(&mut app, Command::EditAboutMe.into());
    step(
        &mut app,
        Action::Repeat {
            command: Command::Down,
            times: 3,
        },
    );
    assert_eq!(app.form().map(MeForm::field), Some(MeField::Clicks));
}
