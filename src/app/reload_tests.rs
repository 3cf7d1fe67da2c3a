//! State tests for a reload swapping the catalog in: what the reader had (query, selection,
//! marks, scrolls, grid columns) stays where its programs still exist.

use super::*;
use crate::test_support::source_catalog;
use crate::tui::step;

/// A catalog of programs `ids`, each named "`id` shop" with a summary long enough to scroll;
/// `renamed` gets another name.
fn catalog(ids: &[&str], renamed: Option<&str>) -> Catalog {
    let mut src = String::new();
    for id in ids {
        let name = if Some(*id) == renamed {
            format!("{id} renamed shop")
        } else {
            format!("{id} shop")
        };
        let summary = "A long line about the program that wraps. ".repeat(12);
        src.push_str(&format!(
            "[[program]]\nid = \"{id}\"\nname = \"{name}\"\nsummary = \"{summary}\"\n\n"
        ));
    }
    source_catalog(&src)
}

fn app(ids: &[&str]) -> App {
    let mut app = App::new(catalog(ids, None), Theme::plain());
    step(
        &mut app,
        Action::Resize {
            width: 100,
            height: 20,
        },
    );
    app
}

fn reload(app: &mut App, new: Catalog) {
    let reloaded = Reloaded::from_catalog(app.catalog(), new);
    step(app, Action::Reloaded(Box::new(reloaded)));
}

fn select(app: &mut App, id: &str) {
    while app.selected_id().map(|p| p.as_str()) != Some(id) {
        let before = app.selected();
        step(app, Command::Down.into());
        assert_ne!(app.selected(), before, "{id} is not listed");
    }
}

fn marked(app: &App) -> Vec<&str> {
    app.marked().iter().map(|id| id.as_str()).collect()
}

#[test]
fn the_query_selection_marks_and_scroll_stay_where_the_programs_still_exist() {
    let mut app = app(&["ant", "bee", "cat", "dog", "eel"]);
    step(&mut app, Command::FocusSearch.into());
    for c in "shop".chars() {
        step(&mut app, Action::InsertChar(c));
    }
    step(&mut app, Command::LeaveSearch.into());
    select(&mut app, "bee");
    step(&mut app, Command::ToggleMark.into());
    select(&mut app, "cat");
    step(&mut app, Command::ToggleMark.into());
    select(&mut app, "dog");
    step(&mut app, Command::ToggleMark.into());
    step(&mut app, Command::FocusNext.into());
    step(&mut app, Command::Down.into());
    step(&mut app, Command::Down.into());
    assert_eq!(app.detail_scroll(), 2, "the summary scrolls at 100x20");

    reload(
        &mut app,
        catalog(&["ant", "bee", "dog", "eel", "fox"], Some("bee")),
    );

    assert_eq!(app.query(), "shop");
    assert_eq!(app.selected_id().map(|p| p.as_str()), Some("dog"));
    assert_eq!(
        app.detail_scroll(),
        2,
        "the selected program's scroll is kept"
    );
    assert_eq!(app.focus(), Focus::Detail);
    assert_eq!(marked(&app), ["bee", "dog"], "cat went, so did its mark");
    assert_eq!(
        app.message(),
        Some("reloaded: 1 changed, 1 added, 1 removed")
    );
    let listed: Vec<&str> = (app.matches().iter())
        .map(|m| app.profiles()[m.index].id.as_str())
        .collect();
    assert!(listed.contains(&"fox"), "the search ran again: {listed:?}");
    assert!(!listed.contains(&"cat"), "{listed:?}");
}

#[test]
fn a_removed_selected_program_hands_the_selection_to_the_one_listed_after_it() {
    let mut app = app(&["ant", "bee", "cat", "dog"]);
    select(&mut app, "bee");
    reload(&mut app, catalog(&["ant", "cat", "dog"], None));
    assert_eq!(app.selected_id().map(|p| p.as_str()), Some("cat"));
    assert_eq!(app.detail_scroll(), 0);
    // Two reloads in a row (one burst) add up in the status line.
    reload(&mut app, catalog(&["ant", "cat", "dog", "eel"], None));
    assert_eq!(
        app.message(),
        Some("reloaded: 0 changed, 1 added, 1 removed")
    );
    // The last one listed went: the one before it.
    step(&mut app, Command::Up.into());
    select(&mut app, "dog");
    reload(&mut app, catalog(&["ant", "cat", "dog"], None));
    reload(&mut app, catalog(&["ant", "cat"], None));
    assert_eq!(app.selected_id().map(|p| p.as_str()), Some("cat"));
}

#[test]
fn the_grid_keeps_its_columns_that_still_exist_and_its_selection() {
    let mut app = app(&["ant", "bee", "cat", "dog"]);
    for id in ["ant", "bee", "cat"] {
        select(&mut app, id);
        step(&mut app, Command::ToggleMark.into());
    }
    step(&mut app, Command::ToggleGrid.into());
    step(&mut app, Command::Right.into());
    step(&mut app, Command::Right.into());
    step(&mut app, Command::Down.into());
    let row = app.grid().map(|g| g.row);
    reload(&mut app, catalog(&["ant", "cat", "dog"], Some("cat")));
    let grid = app.grid().expect("the grid stays open");
    let columns: Vec<&str> = grid.columns.iter().map(|c| c.as_str()).collect();
    assert_eq!(columns, ["ant", "cat"]);
    assert_eq!(grid.columns[grid.column].as_str(), "cat");
    assert_eq!(Some(grid.row), row);
    let cat = grid.catalog_index(1).expect("a second column");
    assert_eq!(
        app.profiles()[cat].name.as_str(),
        "cat renamed shop",
        "the new terms"
    );
}

#[test]
fn a_file_change_or_the_reload_key_asks_the_loop_once() {
    let mut app = app(&["ant"]);
    assert!(app.take_reload_request().is_none());
    step(&mut app, Action::FilesChanged);
    step(&mut app, Action::FilesChanged);
    assert!(app.take_reload_request().is_some());
    assert!(app.take_reload_request().is_none(), "one burst, one reload");
    let key = app
        .keymap()
        .action(Mode::List, crate::keymap::Key::Char('r'));
    assert_eq!(key, Some(Action::Command(Command::Reload)));
    step(&mut app, Command::Reload.into());
    assert!(app.take_reload_request().is_some());
}
