//! Render tests: the real `App`, driven by actions, drawn to a `TestBackend` and compared with
//! reviewed snapshots. The property test that no size and no key sequence panics or draws a line
//! wider than its area is `tests/integration/tui_props.rs`.

use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

use super::theme::Theme;
use crate::action::Action;
use crate::app::App;
use crate::catalog::{self, Catalog, LoadOptions};
use crate::keymap::Key;
pub(super) use crate::test_support::draw;
use crate::test_support::{buffer_text_trimmed as text, bundled_catalog, source_catalog};
use crate::tui::step;

pub(super) fn app_with(catalog: Catalog, theme: Theme, width: u16, height: u16) -> App {
    let mut app = App::new(catalog, theme);
    step(&mut app, Action::Resize { width, height });
    app
}

pub(super) fn app(width: u16, height: u16) -> App {
    app_with(bundled_catalog(), Theme::colored(), width, height)
}

/// Presses `keys` through the keymap, as the event loop does.
pub(super) fn press(app: &mut App, keys: &[Key]) {
    for &key in keys {
        if let Some(action) = app.keymap().action(app.mode(), key) {
            step(app, action);
        }
    }
}

pub(super) fn type_text(app: &mut App, text: &str) {
    let keys: Vec<Key> = text.chars().map(Key::Char).collect();
    press(app, &keys);
}

pub(super) fn screen(app: &App) -> String {
    text(&draw(app))
}

/// Each cell's emphasis as a letter, so a snapshot shows where bold, reverse, underline and dim
/// fall: R reverse, U underline, B bold, D dim, `.` none.
pub(super) fn emphasis(buf: &Buffer) -> String {
    let width = usize::from(buf.area.width);
    let mut out = String::new();
    for row in buf.content.chunks(width.max(1)) {
        let line: String = row
            .iter()
            .map(|cell| {
                let m = cell.modifier;
                if m.contains(Modifier::REVERSED) {
                    'R'
                } else if m.contains(Modifier::UNDERLINED) {
                    'U'
                } else if m.contains(Modifier::BOLD) {
                    'B'
                } else if m.contains(Modifier::DIM) {
                    'D'
                } else {
                    '.'
                }
            })
            .collect();
        out.push_str(line.trim_end_matches('.'));
        out.push('\n');
    }
    out
}

#[test]
fn first_screen_120x40() {
    insta::assert_snapshot!(screen(&app(120, 40)));
}

#[test]
fn first_screen_80x24() {
    insta::assert_snapshot!(screen(&app(80, 24)));
}

#[test]
fn first_screen_50x15() {
    insta::assert_snapshot!(screen(&app(50, 15)));
}

#[test]
fn niche_search_dropship() {
    let mut app = app(120, 40);
    press(&mut app, &[Key::Char('/')]);
    type_text(&mut app, "dropship");
    let shown = screen(&app);
    let search_line = shown.lines().next().unwrap_or_default();
    assert!(
        search_line.trim_end().ends_with(" 2/6"),
        "the search line counts 2 of 6: {search_line}"
    );
    insta::assert_snapshot!(shown);
}

#[test]
fn niche_search_highlights_matched_characters() {
    let mut app = app(120, 40);
    press(&mut app, &[Key::Char('/')]);
    type_text(&mut app, "fishing");
    let buf = draw(&app);
    let theme = Theme::colored();
    let highlighted = buf
        .content
        .iter()
        .filter(|c| c.fg == theme.matched.fg.unwrap_or(Color::Reset))
        .count();
    assert!(
        highlighted >= "fishing".len(),
        "{highlighted} highlighted cells"
    );
}

#[test]
fn detail_pane_of_each_bundled_program() {
    let mut app = app(120, 40);
    for i in 0..app.matches().len() {
        let id = app
            .selected_profile()
            .map(|p| app.profiles()[p].id.to_string())
            .unwrap_or_default();
        assert_eq!(app.selected(), i);
        let view = super::detail_pane::view(&app);
        let lines = super::detail_pane::lines(&view, 64);
        let body: String = lines
            .iter()
            .map(|l| {
                let s: String = l.spans.iter().map(|s| s.content.as_ref()).collect();
                format!("{}\n", s.trim_end())
            })
            .collect();
        for line in &lines {
            assert!(super::line_width(line) <= 64, "{id}: {line:?}");
        }
        insta::assert_snapshot!(format!("detail_{id}"), body);
        press(&mut app, &[Key::Char('j')]);
    }
}

#[test]
fn detail_pane_focused_and_scrolled() {
    let mut app = app(120, 40);
    press(&mut app, &[Key::Char('j'), Key::Enter, Key::PageDown]);
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn grid_with_two_programs_at_80_columns() {
    let mut app = app(80, 24);
    press(
        &mut app,
        &[
            Key::Char(' '),
            Key::Char('j'),
            Key::Char(' '),
            Key::Char('c'),
        ],
    );
    let shown = screen(&app);
    assert!(shown.contains("Alibaba.com") && shown.contains("AliExpress"));
    insta::assert_snapshot!(shown);
}

#[test]
fn grid_with_six_programs_at_80_columns_scrolled_right() {
    let mut app = app(80, 24);
    press(&mut app, &[Key::Char('c')]);
    insta::assert_snapshot!("grid_six_programs_80_start", screen(&app));
    press(
        &mut app,
        &[
            Key::Char('l'),
            Key::Char('l'),
            Key::Char('l'),
            Key::Char('l'),
            Key::Char('j'),
        ],
    );
    let grid = app.grid().expect("open");
    assert!(grid.column_offset > 0);
    insta::assert_snapshot!("grid_six_programs_80_scrolled", screen(&app));
}

#[test]
fn grid_sorted_with_a_removed_column() {
    let mut app = app(120, 40);
    press(
        &mut app,
        &[
            Key::Char('c'),
            Key::Char('j'),
            Key::Char('s'),
            Key::Char('l'),
            Key::Char(' '),
        ],
    );
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn help_overlay() {
    let mut app = app(120, 40);
    press(&mut app, &[Key::Char('?')]);
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn help_overlay_lists_every_binding() {
    let app = app(120, 40);
    let shown: String = super::help::lines(&app, 200)
        .iter()
        .flat_map(|l| l.spans.iter().map(|s| s.content.to_string()))
        .collect();
    for binding in app.keymap().bindings() {
        assert!(shown.contains(binding.help), "missing {:?}", binding.help);
        for key in &binding.keys {
            assert!(shown.contains(&key.label()), "missing {key:?}");
        }
    }
}

#[test]
fn warnings_popup_lists_skipped_profiles() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let bad = dir.path().join("broken.toml");
    std::fs::write(
        &bad,
        "id = \"broken\"\nname = \"Broken\"\n[cookie]\ndays = -3\n",
    )
    .expect("write a fixture");
    let catalog = catalog::load(&LoadOptions {
        bundled: true,
        user_dir: None,
        extra_dirs: vec![dir.path().to_path_buf()],
    });
    let mut app = app_with(catalog, Theme::colored(), 120, 40);
    let first = screen(&app);
    assert!(first.contains("1 profile skipped: press w"), "{first}");
    press(&mut app, &[Key::Char('w')]);
    let shown = screen(&app);
    assert!(shown.contains("broken.toml:4"), "{shown}");
    assert!(shown.contains("cookie.days"), "{shown}");
}

#[test]
fn warnings_popup_carets_point_at_the_offending_text() {
    let dir = tempfile::tempdir().expect("a temp dir");
    std::fs::write(
        dir.path().join("broken.toml"),
        "id = \"broken\"\nname = \"Broken\"\n[cookie]\n  days = -3\n",
    )
    .expect("write a fixture");
    let catalog = catalog::load(&LoadOptions {
        bundled: false,
        user_dir: None,
        extra_dirs: vec![dir.path().to_path_buf()],
    });
    let mut app = app_with(catalog, Theme::colored(), 120, 40);
    press(&mut app, &[Key::Char('w')]);
    let shown = screen(&app);
    let rows: Vec<Vec<char>> = shown.lines().map(|l| l.chars().collect()).collect();
    let column_of = |row: &[char], needle: &str| {
        let needle: Vec<char> = needle.chars().collect();
        row.windows(needle.len())
            .position(|w| w == needle.as_slice())
    };
    let source = rows
        .iter()
        .position(|row| column_of(row, "|   days = -3").is_some())
        .unwrap_or_else(|| panic!("the offending line keeps its indent:\n{shown}"));
    let value = column_of(&rows[source], "-3").expect("the value");
    let carets = rows
        .get(source + 1)
        .and_then(|row| column_of(row, "^^"))
        .unwrap_or_else(|| panic!("carets under the line:\n{shown}"));
    assert_eq!(carets, value, "the carets sit under `-3`:\n{shown}");
    let number = column_of(&rows[source], "4 |").expect("the line number");
    let bar = column_of(&rows[source + 1], "|").expect("the caret line's bar");
    assert_eq!(bar, number + 2, "the gutters line up:\n{shown}");
}

#[test]
fn too_small_screen() {
    insta::assert_snapshot!(screen(&app(36, 8)));
}

#[test]
fn no_colour_theme_shows_focus_selection_matches_and_best_without_colour() {
    let mut app = app_with(bundled_catalog(), Theme::plain(), 120, 40);
    press(&mut app, &[Key::Char('/')]);
    type_text(&mut app, "fish");
    press(&mut app, &[Key::Enter]);
    let buf = draw(&app);
    for cell in &buf.content {
        assert!(
            matches!(cell.fg, Color::Reset) && matches!(cell.bg, Color::Reset),
            "a coloured cell {cell:?}"
        );
    }
    let marks = emphasis(&buf);
    assert!(marks.contains('R'), "the selection is reversed");
    assert!(marks.contains('U'), "matches are underlined");
    insta::assert_snapshot!("no_colour_list", format!("{}\n{}", text(&buf), marks));
    press(&mut app, &[Key::Esc, Key::Char('c')]);
    let buf = draw(&app);
    let shown = text(&buf);
    assert!(shown.contains('★'), "best values carry a symbol");
    insta::assert_snapshot!("no_colour_grid", format!("{}\n{}", shown, emphasis(&buf)));
}

fn wide_catalog() -> Catalog {
    let src = r#"
[[program]]
id = "sumaitong"
name = "速卖通 全球站 🎉 スーパー"
focus = ["跨境电商", "B2C"]
niches = ["钓鱼", "3D打印", "👨‍👩‍👧‍👦 family"]
[program.commission]
rate = { min = 3, max = 9 }
[program.cookie]
days = 30

[[program]]
id = "emoji"
name = "🐟🐟🐟🐟🐟🐟🐟🐟🐟🐟🐟🐟🐟🐟🐟🐟"
niches = ["fishing", "e\u0301e\u0301e\u0301 combining"]
[program.commission]
rate = { max = 20 }
[program.cookie]
days = 7

[[program]]
id = "plain"
name = "Plain Program"
"#;
    source_catalog(src)
}

#[test]
fn wide_characters_keep_the_grid_aligned() {
    let mut app = app_with(wide_catalog(), Theme::colored(), 100, 30);
    press(&mut app, &[Key::Char('c')]);
    let shown = screen(&app);
    // Every row of the table has its column separators at the same display columns.
    let columns_of = |line: &str| -> Vec<usize> {
        let mut at = 0;
        let mut found = Vec::new();
        for c in line.chars() {
            if c == '│' || c == '┼' {
                found.push(at);
            }
            at += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        }
        found
    };
    let table: Vec<Vec<usize>> = shown
        .lines()
        .skip(2)
        .map(|l| columns_of(l.get(3..).unwrap_or("")))
        .filter(|c| c.len() >= 3)
        .collect();
    assert!(table.len() > 10, "{shown}");
    assert!(table.windows(2).all(|w| w[0] == w[1]), "{shown}");
    insta::assert_snapshot!(shown);
}

#[test]
fn wide_characters_in_the_list_and_detail() {
    let app = app_with(wide_catalog(), Theme::colored(), 120, 30);
    insta::assert_snapshot!(screen(&app));
}

/// The grid of AliExpress, Amazon Associates and Banggood (marked in the list, then `c`).
fn three_marked(theme: Theme, width: u16, height: u16) -> App {
    let mut app = app_with(bundled_catalog(), theme, width, height);
    let (down, mark) = (Key::Char('j'), Key::Char(' '));
    press(
        &mut app,
        &[down, mark, down, mark, down, mark, Key::Char('c')],
    );
    app
}

#[test]
fn grid_marks_best_and_worst_with_symbols_at_120x40() {
    let app = three_marked(Theme::colored(), 120, 40);
    let shown = screen(&app);
    // Banggood's 4–12%+ beats both; the ★ leads the value as in `affex compare`.
    assert!(shown.contains("★ 4–12%+"), "{shown}");
    // AliExpress's 3-day cookie is alone in its row, so nothing is marked; ~$35–$40 is the
    // lowest average order of the three and carries the worst symbol.
    assert!(shown.contains("▼ ~$35–$40"), "{shown}");
    assert!(
        shown.contains("▼ worst"),
        "the legend explains the worst symbol"
    );
    assert!(shown.contains("* a caveat qualifies it"), "{shown}");
    insta::assert_snapshot!(shown);
}

#[test]
fn grid_marks_at_80x24_with_and_without_colour() {
    let coloured = three_marked(Theme::colored(), 80, 24);
    insta::assert_snapshot!("grid_marks_80x24", screen(&coloured));
    let plain = three_marked(Theme::plain(), 80, 24);
    let buf = draw(&plain);
    for cell in &buf.content {
        assert!(
            matches!(cell.fg, Color::Reset) && matches!(cell.bg, Color::Reset),
            "a coloured cell {cell:?}"
        );
    }
    insta::assert_snapshot!(
        "grid_marks_80x24_no_colour",
        format!("{}\n{}", text(&buf), emphasis(&buf))
    );
}

#[test]
fn grid_marks_at_120x40_without_colour() {
    let plain = three_marked(Theme::plain(), 120, 40);
    let buf = draw(&plain);
    insta::assert_snapshot!(
        "grid_marks_120x40_no_colour",
        format!("{}\n{}", text(&buf), emphasis(&buf))
    );
}

#[test]
fn enter_on_a_grid_cell_shows_the_whole_value_and_its_note() {
    let mut app = app(120, 40);
    // Alibaba.com is the first column; Countries is the 15th row.
    press(&mut app, &[Key::Char('c')]);
    let countries = crate::compare::ROWS
        .iter()
        .position(|r| r.key == "countries")
        .unwrap_or(0);
    for _ in 0..countries {
        press(&mut app, &[Key::Char('j')]);
    }
    press(&mut app, &[Key::Enter]);
    let shown = screen(&app);
    assert!(shown.contains("Alibaba.com · Countries"), "{shown}");
    assert!(shown.contains("China, India and Nigeria"), "{shown}");
    assert!(shown.contains("Esc close"), "{shown}");
    insta::assert_snapshot!(shown);
    press(&mut app, &[Key::Esc]);
    assert!(!screen(&app).contains("Alibaba.com · Countries"));
}

#[test]
fn the_grid_legend_says_why_a_row_is_not_ranked_and_how_it_is_sorted() {
    let mut app = three_marked(Theme::colored(), 120, 40);
    let delay = crate::compare::ROWS
        .iter()
        .position(|r| r.key == "payout_delay")
        .unwrap_or(0);
    for _ in 0..delay {
        press(&mut app, &[Key::Char('j')]);
    }
    let shown = screen(&app);
    assert!(
        shown.contains("Payout delay not ranked: the delays are of different kinds"),
        "{shown}"
    );
    press(&mut app, &[Key::Char('s')]);
    let shown = screen(&app);
    assert!(shown.contains("Payout delay is not sorted"), "{shown}");
    press(&mut app, &[Key::Char('g'), Key::Char('s'), Key::Char('s')]);
    let shown = screen(&app);
    assert!(
        shown.contains("sorted by Commission, worst first"),
        "{shown}"
    );
}

#[test]
fn the_search_line_shows_a_bad_filter_and_the_list_says_partial_matches() {
    let mut app = app(120, 12);
    press(&mut app, &[Key::Char('/')]);
    type_text(&mut app, "fishing lures colour:red");
    let shown = screen(&app);
    assert!(shown.contains("⚠ “colour” is not a field"), "{shown}");
    assert!(shown.contains("partial matches"), "{shown}");
    let mut app = super::tests::app(120, 12);
    press(&mut app, &[Key::Char('/')]);
    type_text(&mut app, "cookie>=7");
    let shown = screen(&app);
    assert!(shown.contains("hidden: value not stated"), "{shown}");
}

/// The bundled programs and one whose minimum payout is in euros.
fn catalog_with_euros() -> Catalog {
    let mut catalog = bundled_catalog();
    catalog.profiles.vec_mut().extend(
        source_catalog(
            "id = \"euro-shop\"\nname = \"Euro Shop\"\nniches = [\"fashion\"]\n\
             [commission]\nrate = { min = 6, max = 6 }\n\
             [payout]\nminimum = { min = 25, max = 25, currency = \"EUR\" }\n",
        )
        .profiles,
    );
    catalog
}

/// The list sorted by minimum payout: the euro program ordered apart, said in the title.
fn sorted_by_payout(width: u16, height: u16) -> App {
    let mut app = app_with(catalog_with_euros(), Theme::colored(), width, height);
    let at = crate::app::sort_choices()
        .position(|f| f.path == "payout.minimum")
        .map_or(0, |i| i + 1);
    press(&mut app, &[Key::Char('s')]);
    press(&mut app, &vec![Key::Char('j'); at]);
    press(&mut app, &[Key::Enter]);
    app
}

#[test]
fn list_sorted_by_a_field_120x40() {
    insta::assert_snapshot!(screen(&sorted_by_payout(120, 40)));
}

#[test]
fn list_sorted_by_a_field_80x24() {
    insta::assert_snapshot!(screen(&sorted_by_payout(80, 24)));
}

#[test]
fn sort_picker_120x40() {
    let mut app = sorted_by_payout(120, 40);
    press(&mut app, &[Key::Char('s'), Key::Char('j')]);
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn sort_picker_80x24() {
    let mut app = app(80, 24);
    press(&mut app, &[Key::Char('s'), Key::Char('j'), Key::Char('j')]);
    insta::assert_snapshot!(screen(&app));
}

/// A warm start draws the list before it has read the search index: a query typed then shows
/// on the search line with every program still listed and "searching…" until the index is in.
#[test]
fn a_list_shown_before_the_index_is_read_draws_the_typed_query_as_searching() {
    let catalog = std::sync::Arc::new(bundled_catalog());
    let index = catalog.profiles.search_index();
    let mut app = App::listed(catalog, index.by_name(), Theme::plain());
    step(
        &mut app,
        Action::Resize {
            width: 100,
            height: 30,
        },
    );
    press(&mut app, &[Key::Char('/')]);
    type_text(&mut app, "fishing");
    let shown = screen(&app);
    let search_line = shown.lines().next().unwrap_or_default();
    assert!(search_line.contains("fishing"), "{shown}");
    assert!(search_line.contains("searching… 6/6"), "{shown}");
    assert!(
        shown.contains("Alibaba.com") && shown.contains("Temu"),
        "{shown}"
    );
}

/// A slow cold start lists the programs it read first: the status line says how far the load
/// has got, keeping the way out and `?` on its left, and says nothing of it once every program
/// is in.
#[test]
fn a_start_still_loading_says_how_far_it_has_read_in_the_status_line() {
    let all = bundled_catalog();
    let first = crate::test_support::bundled_first(2);
    let mut app = app_with(first, Theme::plain(), 100, 16);
    let count = catalog::LoadCount {
        read: 2,
        listed: 100_000,
        more_sources: false,
        programs: 0,
    };
    step(&mut app, Action::LoadProgress(count));
    insta::assert_snapshot!(screen(&app));
    // Once more are read than the list holds, the words say how many it holds: the count the
    // search line's answers are out of.
    let further = catalog::LoadCount { read: 4, ..count };
    step(&mut app, Action::LoadProgress(further));
    let shown = screen(&app);
    assert!(
        shown.contains("loading: 4 of 100000 files read (first 2 listed)…"),
        "{shown}"
    );
    assert!(
        shown.lines().next().unwrap_or_default().ends_with(" 2/2"),
        "{shown}"
    );
    let index = std::sync::Arc::new(all.profiles.search_index());
    let loaded = crate::action::StartLoaded {
        catalog: std::sync::Arc::new(all),
        index,
    };
    step(&mut app, Action::StartLoaded(loaded));
    let shown = screen(&app);
    let status = shown.lines().last().unwrap_or_default();
    assert!(status.contains("all 6 programs loaded"), "{shown}");
    assert!(!shown.contains("loading:"), "{shown}");
}
