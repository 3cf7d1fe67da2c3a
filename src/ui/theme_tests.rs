//! The three themes drawn, with their colours in the snapshot, and the config file's effects
//! on screen: rebound keys in the hints and help, and its problems in the status line and the
//! `w` popup.

use ratatui::buffer::Buffer;
use ratatui::style::Color;

use super::tests::{app_with, draw, emphasis, press, screen, type_text};
use crate::action::Command;
use crate::keymap::{Key, Keymap, Mode};
use crate::test_support::{buffer_text_trimmed as text, bundled_catalog};
use crate::theme::Theme;

/// Each cell's foreground as a letter (`.` for the terminal's own), then a legend naming the
/// colour of each letter, so a snapshot shows what is drawn in which colour.
fn colours(buf: &Buffer) -> String {
    let width = usize::from(buf.area.width);
    let mut seen: Vec<Color> = Vec::new();
    let mut out = String::new();
    for row in buf.content.chunks(width.max(1)) {
        let line: String = row
            .iter()
            .map(|cell| {
                if cell.fg == Color::Reset {
                    return '.';
                }
                let i = seen.iter().position(|c| *c == cell.fg).unwrap_or_else(|| {
                    seen.push(cell.fg);
                    seen.len() - 1
                });
                char::from(b'a' + u8::try_from(i).unwrap_or(25).min(25))
            })
            .collect();
        out.push_str(line.trim_end_matches('.'));
        out.push('\n');
    }
    for (i, colour) in seen.iter().enumerate() {
        out.push_str(&format!("{}: {colour:?}\n", char::from(b'a' + i as u8)));
    }
    out
}

/// The list searched for "dropship" with one program marked and the detail pane open: the
/// border, focus, matched, marked, heading, label and key roles all show.
fn themed_screen(theme: Theme) -> String {
    let mut app = app_with(bundled_catalog(), theme, 120, 40);
    press(&mut app, &[Key::Char('/')]);
    type_text(&mut app, "dropship");
    press(
        &mut app,
        &[Key::Enter, Key::Char(' '), Key::Char('j'), Key::Enter],
    );
    let buf = draw(&app);
    format!("{}\n{}\n{}", text(&buf), colours(&buf), emphasis(&buf))
}

#[test]
fn dark_theme_120x40() {
    insta::assert_snapshot!(themed_screen(Theme::colored()));
}

#[test]
fn light_theme_120x40() {
    insta::assert_snapshot!(themed_screen(Theme::light()));
}

#[test]
fn no_colour_theme_120x40() {
    let shown = themed_screen(Theme::plain());
    insta::assert_snapshot!(shown);
}

#[test]
fn no_colour_theme_draws_every_cell_in_the_terminals_colours() {
    let mut app = app_with(bundled_catalog(), Theme::plain(), 120, 40);
    type_text(&mut app, "/dropship");
    let buf = draw(&app);
    assert!(
        buf.content
            .iter()
            .all(|c| c.fg == Color::Reset && c.bg == Color::Reset)
    );
}

#[test]
fn rebound_keys_show_in_the_hints_and_the_help() {
    let mut keymap = Keymap::standard();
    assert_eq!(
        keymap.rebind(Mode::List, Command::ToggleGrid, vec![Key::Char('x')]),
        Ok(())
    );
    let mut app = app_with(bundled_catalog(), Theme::plain(), 120, 40);
    app.set_keymap(keymap);
    let shown = screen(&app);
    let footer = shown.lines().last().unwrap_or_default();
    assert!(footer.contains("x compare"), "{footer}");
    assert!(!footer.contains("c compare"), "{footer}");
    press(&mut app, &[Key::Char('?')]);
    assert!(screen(&app).contains("x "), "the help lists x");
    press(&mut app, &[Key::Esc, Key::Char('x')]);
    assert_eq!(app.mode(), Mode::Grid);
}

#[test]
fn config_problems_show_in_the_status_line_and_the_w_popup() {
    let mut app = app_with(bundled_catalog(), Theme::plain(), 120, 40);
    app.set_config_problems(vec![
        "/home/me/.config/affex/config.toml:3:1: [keys.list] compare: unknown command".to_string(),
    ]);
    let shown = screen(&app);
    let footer = shown.lines().last().unwrap_or_default();
    assert!(
        footer.contains(
            "config.toml: 1 problem; started with the default keys and theme. w lists it."
        ),
        "{footer}"
    );
    press(&mut app, &[Key::Char('w')]);
    let popup = screen(&app);
    assert!(popup.contains("The config file was not used"), "{popup}");
    assert!(
        popup.contains("config.toml:3:1: [keys.list] compare: unknown command"),
        "{popup}"
    );
}
