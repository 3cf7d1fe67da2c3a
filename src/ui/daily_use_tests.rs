//! Render tests for the explorer in daily use (issue 13): the grid using the free height and
//! only the columns on screen, the detail pane with the terms first, the list's wide columns,
//! one form for unknown values, and the keys people already know.

use super::tests::{app, press, screen};
use crate::keymap::Key;

const SIZES: [(u16, u16); 3] = [(200, 60), (120, 40), (80, 24)];

#[test]
fn grid_of_every_program() {
    for (w, h) in SIZES {
        let mut app = app(w, h);
        press(&mut app, &[Key::Char('c')]);
        insta::assert_snapshot!(format!("grid_{w}x{h}"), screen(&app));
    }
}

#[test]
fn detail_pane_of_the_first_program() {
    for (w, h) in SIZES {
        let mut app = app(w, h);
        press(&mut app, &[Key::Enter]);
        insta::assert_snapshot!(format!("detail_{w}x{h}"), screen(&app));
    }
}

#[test]
fn list_of_every_program() {
    for (w, h) in [(200, 60), (120, 40), (100, 30), (80, 24), (60, 20)] {
        let app = app(w, h);
        insta::assert_snapshot!(format!("list_{w}x{h}"), screen(&app));
    }
}

fn lines(shown: &str) -> Vec<&str> {
    shown.lines().collect()
}

#[test]
fn grid_rows_count_only_the_columns_on_screen() {
    let mut app = app(100, 24);
    press(&mut app, &[Key::Char('c')]);
    press(&mut app, &[Key::Char('l'); 5]);
    let shown = screen(&app);
    let rows = lines(&shown);
    let at = rows
        .iter()
        .position(|l| l.contains("Commission"))
        .unwrap_or_else(|| panic!("no Commission row:\n{shown}"));
    assert!(
        rows[at + 1].contains("Cookie"),
        "Commission keeps a line for a hidden column:\n{shown}"
    );
}

#[test]
fn the_rule_under_the_header_reaches_the_right_border() {
    for (w, h, marks) in [
        (100, 24, 1),
        (100, 24, 3),
        (120, 40, 2),
        (200, 60, 6),
        (80, 24, 6),
    ] {
        let mut app = app(w, h);
        for _ in 0..marks {
            press(&mut app, &[Key::Char(' '), Key::Char('j')]);
        }
        press(&mut app, &[Key::Char('c')]);
        let shown = screen(&app);
        let rule = lines(&shown)
            .into_iter()
            .find(|l| l.starts_with("┃─"))
            .unwrap_or_else(|| panic!("no rule:\n{shown}"))
            .chars()
            .collect::<Vec<_>>();
        let before_border = rule[rule.len() - 2];
        assert!(
            matches!(before_border, '─' | '┼'),
            "{w}x{h} with {marks}: the rule stops short:\n{shown}"
        );
    }
}

#[test]
fn a_removed_column_takes_no_width_and_title_and_footer_agree() {
    let mut app = app(100, 24);
    press(&mut app, &[Key::Char('c')]);
    press(&mut app, &[Key::Char('l'); 4]);
    press(&mut app, &[Key::Char(' ')]);
    let shown = screen(&app);
    assert!(!shown.contains("✕"), "a removed column is drawn:\n{shown}");
    assert!(shown.contains("5 programs"), "{shown}");
    assert!(
        !shown.contains("of 6"),
        "the footer counts the removed one:\n{shown}"
    );
}

#[test]
fn the_list_keeps_the_name_whole_and_shows_more_columns_when_wide() {
    let shown = screen(&app(100, 30));
    assert!(shown.contains("Amazon Associates"), "{shown}");
    let wide = screen(&app(200, 60));
    for title in ["Program types", "Payout frequency"] {
        assert!(wide.contains(title), "{title} at 200x60:\n{wide}");
    }
}

#[test]
fn an_unknown_value_reads_not_stated_in_every_view() {
    for (w, h) in SIZES {
        let shown = screen(&app(w, h));
        assert!(!shown.contains(" – "), "{w}x{h}:\n{shown}");
    }
}

#[test]
fn the_largest_window_draws_every_view() {
    let mut app = app(1000, 500);
    screen(&app);
    press(&mut app, &[Key::Enter]);
    screen(&app);
    press(&mut app, &[Key::Char('c'), Key::Char('d')]);
    screen(&app);
}

#[test]
fn the_grid_shows_only_the_differences_and_no_removed_column() {
    for (w, h) in SIZES {
        let mut app = app(w, h);
        press(&mut app, &[Key::Char('c'), Key::Char('d')]);
        let shown = screen(&app);
        assert!(shown.contains("alike hidden"), "{w}x{h}:\n{shown}");
        assert!(
            !shown.contains("Entry fee"),
            "{w}x{h}: every entry is free:\n{shown}"
        );
        insta::assert_snapshot!(format!("grid_differences_{w}x{h}"), shown);
        press(&mut app, &[Key::Char('l'), Key::Char(' ')]);
        insta::assert_snapshot!(format!("grid_removed_{w}x{h}"), screen(&app));
    }
}

#[test]
fn the_detail_pane_jumps_to_a_section_and_wraps_long_labels() {
    for (w, h) in [(120, 40), (100, 30), (80, 24)] {
        let mut app = app(w, h);
        press(&mut app, &[Key::Enter]);
        press(&mut app, &[Key::Char(']'); 4]);
        let shown = screen(&app);
        assert!(!shown.contains("Religious/poli…"), "{w}x{h}:\n{shown}");
        assert!(!shown.contains("Explicit conte…"), "{w}x{h}:\n{shown}");
        insta::assert_snapshot!(format!("detail_promotion_{w}x{h}"), shown);
    }
}

#[test]
fn an_unbound_key_is_named_in_the_status_line() {
    let mut app = app(80, 24);
    crate::tui::step(&mut app, crate::action::Action::UnboundKey(Key::Char('x')));
    let shown = screen(&app);
    assert!(shown.contains("x: no such key here; ? for help"), "{shown}");
}

#[test]
fn a_short_status_line_keeps_mark_and_compare_before_pane() {
    let shown = screen(&app(60, 20));
    let status = shown.lines().last().unwrap_or_default();
    assert!(status.contains("Space mark"), "{status}");
    assert!(status.contains("c compare"), "{status}");
    assert!(!status.contains("Tab pane"), "{status}");
    assert!(
        status.contains("q quit") && status.contains("? help"),
        "{status}"
    );
}
