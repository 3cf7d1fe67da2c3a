//! WCAG 2 contrast of each theme colour against the background it is drawn on: at least 4.5:1
//! (AA for text), computed from the colours' RGB values.

use ratatui::style::Color;

use super::Theme;

/// The RGB value of a colour of the 256-colour palette's cube (16–231) or grey ramp (232–255),
/// the part every terminal agrees on; `None` for the sixteen a palette may change.
fn rgb(color: Color) -> Option<(u8, u8, u8)> {
    match color {
        Color::Rgb(r, g, b) => Some((r, g, b)),
        Color::Indexed(i @ 16..=231) => {
            let level = |n: u8| if n == 0 { 0 } else { 55 + 40 * n };
            let n = i - 16;
            Some((level(n / 36), level(n / 6 % 6), level(n % 6)))
        }
        Color::Indexed(i @ 232..=255) => {
            let v = 8 + 10 * (i - 232);
            Some((v, v, v))
        }
        _ => None,
    }
}

/// Relative luminance (WCAG 2).
fn luminance((r, g, b): (u8, u8, u8)) -> f64 {
    let channel = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.039_28 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
}

/// The contrast ratio of two colours, from 1 to 21.
fn ratio(a: (u8, u8, u8), b: (u8, u8, u8)) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// Each coloured role of `theme` whose contrast on `background` is under 4.5:1, or whose
/// colour's value depends on the terminal's palette.
fn failures(theme: &Theme, background: (u8, u8, u8)) -> Vec<String> {
    let mut out = Vec::new();
    for (role, style) in theme.roles() {
        for color in [style.fg, style.bg].into_iter().flatten() {
            match rgb(color) {
                Some(c) if ratio(c, background) >= 4.5 => {}
                Some(c) => out.push(format!("{role}: {:.2}:1", ratio(c, background))),
                None => out.push(format!("{role}: {color:?} depends on the palette")),
            }
        }
    }
    out
}

#[test]
fn the_formula_matches_known_ratios() {
    assert!((ratio((0, 0, 0), (255, 255, 255)) - 21.0).abs() < 1e-9);
    // Pure yellow on white, the light-terminal problem of the old theme: about 1.07:1.
    assert!(ratio((255, 255, 0), (255, 255, 255)) < 1.1);
    assert_eq!(rgb(Color::Indexed(25)), Some((0, 95, 175)));
    assert_eq!(rgb(Color::Indexed(244)), Some((128, 128, 128)));
    assert_eq!(rgb(Color::Yellow), None);
}

#[test]
fn the_light_theme_reads_on_white() {
    assert_eq!(
        failures(&Theme::light(), (255, 255, 255)),
        Vec::<String>::new()
    );
}

#[test]
fn the_dark_theme_reads_on_black() {
    assert_eq!(failures(&Theme::colored(), (0, 0, 0)), Vec::<String>::new());
}

#[test]
fn the_dark_theme_would_fail_on_white_so_the_check_can_fail() {
    assert!(!failures(&Theme::colored(), (255, 255, 255)).is_empty());
}

#[test]
fn no_theme_draws_lines_in_colour_8() {
    for theme in [Theme::colored(), Theme::light(), Theme::plain()] {
        for (role, style) in theme.roles() {
            assert_ne!(style.fg, Some(Color::DarkGray), "{role}");
            assert_ne!(style.fg, Some(Color::Indexed(8)), "{role}");
        }
    }
}

#[test]
fn the_no_colour_theme_has_no_colour() {
    for (role, style) in Theme::plain().roles() {
        assert_eq!((style.fg, style.bg), (None, None), "{role}");
    }
}
