//! Render snapshots of the decision in the app: the about-me form, the fit view, the grid's
//! derived rows, the detail pane's estimate section and the chart, at 120x40 and 80x24, with
//! colour (text) and without (text and where emphasis falls).

use super::tests::{app_with, draw, emphasis, press, type_text};
use crate::action::{Action, Command};
use crate::app::App;
use crate::decide::Me;
use crate::decide::me::{check_channel, check_country};
use crate::keymap::Key;
use crate::test_support::{buffer_text_trimmed as text, bundled_catalog};
use crate::theme::Theme;
use crate::tui::step;

/// The fishing TikToker in India at 20,000 clicks.
fn tiktoker() -> Me {
    Me {
        channels: check_channel("tiktok").into_iter().collect(),
        countries: check_country("IN").into_iter().collect(),
        niches: vec!["fishing".to_string()],
        clicks: Some(20_000),
        ..Me::default()
    }
}

fn app(theme: Theme, width: u16, height: u16, me: Me) -> App {
    let mut app = app_with(bundled_catalog(), theme, width, height);
    app.set_about_me(me, None, None);
    step(&mut app, Action::Resize { width, height });
    app
}

/// Each size and theme: the screen's text, and without colour where emphasis falls too.
fn shots(name: &str, open: impl Fn(&mut App), me: &Me) {
    for (w, h) in [(120, 40), (80, 24)] {
        let mut coloured = app(Theme::colored(), w, h, me.clone());
        open(&mut coloured);
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), text(&draw(&coloured)));
        let mut plain = app(Theme::plain(), w, h, me.clone());
        open(&mut plain);
        let buf = draw(&plain);
        insta::assert_snapshot!(
            format!("{name}_{w}x{h}_no_colour"),
            format!("{}\n{}", text(&buf), emphasis(&buf))
        );
    }
}

/// Marks AliExpress, Alibaba.com, Amazon and Banggood, then opens the grid.
fn grid_of_four(app: &mut App) {
    for id in ["aliexpress", "alibaba", "amazon", "banggood"] {
        press(app, &[Key::Char('/')]);
        type_text(app, id);
        press(app, &[Key::Enter, Key::Char(' '), Key::Esc]);
    }
    press(app, &[Key::Char('c')]);
}

#[test]
fn the_about_me_form() {
    shots(
        "me_form",
        |app| {
            press(app, &[Key::Char('m'), Key::Down, Key::Down, Key::Down]);
        },
        &tiktoker(),
    );
}

#[test]
fn the_fit_view() {
    shots("fit_view", |app| press(app, &[Key::Char('f')]), &tiktoker());
}

#[test]
fn the_fit_view_with_nothing_set_says_what_one_more_input_shows() {
    let mut app = app(Theme::colored(), 80, 24, Me::default());
    press(&mut app, &[Key::Char('f')]);
    let shown = text(&draw(&app));
    assert!(shown.contains("Set your monthly clicks (key m)"), "{shown}");
}

#[test]
fn the_grid_rows_for_me() {
    shots(
        "grid_for_me",
        |app| {
            grid_of_four(app);
            // Down to the derived rows.
            let rows = crate::compare::ROWS
                .iter()
                .position(|r| r.key == "per_click")
                .unwrap_or(0);
            step(
                app,
                Action::Repeat {
                    command: Command::Down,
                    times: rows,
                },
            );
        },
        &tiktoker(),
    );
}

#[test]
fn the_chart() {
    shots(
        "chart",
        |app| {
            grid_of_four(app);
            press(app, &[Key::Char('b')]);
        },
        &tiktoker(),
    );
}

#[test]
fn the_chart_fits_the_smallest_screens() {
    for (w, h) in [(50, 15), (36, 8), (20, 5)] {
        let mut app = app(Theme::plain(), w, h, tiktoker());
        grid_of_four(&mut app);
        press(&mut app, &[Key::Char('b')]);
        let buf = draw(&app);
        for line in text(&buf).lines() {
            assert!(
                crate::text_width::width(line) <= usize::from(w),
                "{w}x{h}: {line}"
            );
        }
    }
}

#[test]
fn the_detail_pane_explains_the_estimate() {
    let mut app = app(Theme::colored(), 120, 40, tiktoker());
    press(&mut app, &[Key::Char('/')]);
    type_text(&mut app, "aliexpress");
    press(&mut app, &[Key::Enter, Key::Enter, Key::Char('G')]);
    let shown = text(&draw(&app));
    insta::assert_snapshot!("detail_estimate_aliexpress_120x40", shown);
}

/// The closing note's capture: the fishing TikToker in India at 20,000 clicks, the three
/// answers as the app shows them (the fit view, the grid's derived rows, the detail pane's
/// estimate for AliExpress), written where `AFFEX_CAPTURE` says.
#[test]
fn capture_for_the_closing_note() {
    let Ok(path) = std::env::var("AFFEX_CAPTURE") else {
        return;
    };
    let mut out = String::new();
    let mut fit = app(Theme::plain(), 120, 40, tiktoker());
    press(&mut fit, &[Key::Char('f')]);
    out.push_str("== f: the fit view ==\n");
    out.push_str(&text(&draw(&fit)));
    let mut grid = app(Theme::plain(), 120, 40, tiktoker());
    grid_of_four(&mut grid);
    out.push_str("\n\n== c: the grid's rows for you ==\n");
    out.push_str(&text(&draw(&grid)));
    press(&mut grid, &[Key::Char('b')]);
    out.push_str("\n\n== b: the chart ==\n");
    out.push_str(&text(&draw(&grid)));
    let mut detail = app(Theme::plain(), 120, 40, tiktoker());
    press(&mut detail, &[Key::Char('/')]);
    type_text(&mut detail, "alibaba");
    press(&mut detail, &[Key::Enter, Key::Enter, Key::Char('G')]);
    out.push_str("\n\n== Enter, G: the detail pane's estimate (Alibaba.com) ==\n");
    out.push_str(&text(&draw(&detail)));
    let written = std::fs::write(&path, out);
    assert!(written.is_ok(), "{path}: {written:?}");
}

#[test]
fn enter_on_a_derived_grid_row_shows_how_it_was_reached() {
    let mut app = app(Theme::plain(), 120, 40, tiktoker());
    grid_of_four(&mut app);
    let row = crate::compare::ROWS
        .iter()
        .position(|r| r.key == "monthly_earnings")
        .unwrap_or(0);
    step(
        &mut app,
        Action::Repeat {
            command: Command::Down,
            times: row,
        },
    );
    press(&mut app, &[Key::Enter]);
    let shown = text(&draw(&app));
    insta::assert_snapshot!("grid_popup_monthly_earnings_120x40", shown);
    assert!(shown.contains("How it was reached"), "{shown}");
    assert!(shown.contains("20,000 (yours)"), "{shown}");
}
