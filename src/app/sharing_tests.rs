//! State tests for keeping and sharing (issue 13): marks saved by list, export files,
//! copying, the shortlist picker.

use super::*;
use crate::export::comparison::{self, ExportFormat};
use crate::keymap::Key;
use crate::shortlist::{DEFAULT_LIST, FILE_NAME};
use crate::test_support::bundled_catalog;
use crate::tui::step;

/// An explorer over the bundled programs whose shortlists live in `dir`.
fn app_in(dir: &std::path::Path) -> App {
    let mut app = App::new(bundled_catalog(), Theme::plain());
    app.set_shortlists(ShortlistFile::load(&dir.join(FILE_NAME)));
    app.set_export_dir(dir.to_path_buf());
    crate::test_support::sized(app, 120, 40)
}

fn press(app: &mut App, key: Key) {
    let action = app
        .keymap()
        .action(app.mode(), key)
        .unwrap_or(Action::UnboundKey(key));
    step(app, action);
}

fn ids(app: &App) -> Vec<String> {
    app.marked().iter().map(|id| id.to_string()).collect()
}

#[test]
fn marks_are_kept_across_a_restart_by_list() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let mut app = app_in(dir.path());
    press(&mut app, Key::Char(' '));
    press(&mut app, Key::Char('j'));
    press(&mut app, Key::Char(' '));
    let marked = ids(&app);
    assert_eq!(marked.len(), 2);
    let again = app_in(dir.path());
    assert_eq!(ids(&again), marked, "the marks come back");
    // A new list "tech": the marks there are its own.
    let mut app = again;
    press(&mut app, Key::Char('L'));
    assert_eq!(app.mode(), Mode::ListPicker);
    press(&mut app, Key::Char('n'));
    assert_eq!(app.mode(), Mode::Naming);
    for c in "tech q".chars() {
        press(&mut app, Key::Char(c));
    }
    press(&mut app, Key::Backspace);
    press(&mut app, Key::Backspace);
    press(&mut app, Key::Enter);
    assert_eq!(app.mode(), Mode::List);
    assert_eq!(app.shortlist_name(), "tech");
    assert!(app.marked().is_empty());
    assert!(app.message().is_some_and(|m| m.contains("“tech”")));
    press(&mut app, Key::Char(' '));
    let tech = ids(&app);
    let restarted = app_in(dir.path());
    assert_eq!(
        restarted.shortlist_name(),
        "tech",
        "the list in use is kept"
    );
    assert_eq!(ids(&restarted), tech);
    // Back to the default list through the picker.
    let mut app = restarted;
    press(&mut app, Key::Char('L'));
    press(&mut app, Key::Char('g'));
    press(&mut app, Key::Enter);
    assert_eq!(app.shortlist_name(), DEFAULT_LIST);
    assert_eq!(ids(&app), marked);
    Ok(())
}

#[test]
fn a_list_is_deleted_only_on_the_second_press() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let mut app = app_in(dir.path());
    press(&mut app, Key::Char('L'));
    press(&mut app, Key::Char('n'));
    for c in "fishing".chars() {
        press(&mut app, Key::Char(c));
    }
    press(&mut app, Key::Enter);
    press(&mut app, Key::Char('L'));
    assert_eq!(app.overlay(), Some(Overlay::Lists { selected: 1 }));
    press(&mut app, Key::Char('x'));
    assert!(app.message().is_some_and(|m| m.contains("again")));
    assert_eq!(app.list_rows().len(), 2);
    press(&mut app, Key::Char('x'));
    assert_eq!(app.list_rows().len(), 1);
    assert_eq!(app.shortlist_name(), DEFAULT_LIST);
    // The default list is never deleted.
    press(&mut app, Key::Char('g'));
    press(&mut app, Key::Char('x'));
    press(&mut app, Key::Char('x'));
    assert_eq!(app.list_rows().len(), 1);
    Ok(())
}

#[test]
fn ids_not_in_the_catalog_are_counted_and_kept() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    std::fs::write(
        dir.path().join(FILE_NAME),
        "version = 1\n[lists]\ndefault = [\"gone-a\", \"temu\", \"gone-b\"]\n",
    )?;
    let mut app = app_in(dir.path());
    assert_eq!(ids(&app), ["temu"]);
    assert_eq!(app.missing_marks(), 2);
    assert_eq!(
        app.message(),
        Some("2 saved programs not in the catalog"),
        "said at start, after the first measure"
    );
    press(&mut app, Key::Char(' '));
    let text = std::fs::read_to_string(dir.path().join(FILE_NAME))?;
    assert!(text.contains("gone-a") && text.contains("gone-b"), "{text}");
    Ok(())
}

#[test]
fn a_bad_file_is_said_at_start() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    std::fs::write(dir.path().join(FILE_NAME), "version = 1\nlists = [")?;
    let app = app_in(dir.path());
    let message = app.message().unwrap_or_default();
    assert!(message.contains("cannot read the shortlists"), "{message}");
    assert!(message.contains("left as it is"), "{message}");
    assert!(app.marked().is_empty());
    Ok(())
}

#[test]
fn the_grid_exports_the_same_bytes_as_compare_and_never_overwrites()
-> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let mut app = app_in(dir.path());
    press(&mut app, Key::Char(' '));
    press(&mut app, Key::Char('j'));
    press(&mut app, Key::Char(' '));
    press(&mut app, Key::Char('c'));
    let columns = app.grid().map(Grid::active).unwrap_or_default();
    press(&mut app, Key::Char('e'));
    assert_eq!(app.mode(), Mode::ExportPicker);
    press(&mut app, Key::Char('j'));
    press(&mut app, Key::Enter);
    assert_eq!(app.mode(), Mode::Grid, "the picker closes");
    let name = format!("affex-compare-{}.csv", crate::export::file::today());
    let message = app.message().unwrap_or_default().to_string();
    assert!(message.contains(&name), "{message}");
    let cmp = crate::compare::Comparison::new(app.profiles(), columns);
    let want = comparison::to_bytes(app.profiles(), &cmp, ExportFormat::Csv);
    assert_eq!(std::fs::read(dir.path().join(&name))?, want);
    press(&mut app, Key::Char('e'));
    press(&mut app, Key::Char('j'));
    press(&mut app, Key::Enter);
    let second = format!("affex-compare-{}-2.csv", crate::export::file::today());
    assert!(dir.path().join(second).exists());
    Ok(())
}

/// An app nobody gave a directory (every test's) writes no file where it runs.
#[test]
fn without_a_directory_nothing_is_written() {
    let mut app = App::new(bundled_catalog(), Theme::plain());
    press(&mut app, Key::Char('c'));
    press(&mut app, Key::Char('e'));
    press(&mut app, Key::Enter);
    assert_eq!(
        app.message(),
        Some("Not exported: this explorer has no directory to write to.")
    );
}

#[test]
fn copying_leaves_the_text_for_the_terminal() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let mut app = app_in(dir.path());
    let id = app
        .selected_id()
        .map(|id| id.to_string())
        .unwrap_or_default();
    press(&mut app, Key::Char('y'));
    assert_eq!(app.take_clipboard(), Some(id));
    assert!(app.message().is_some_and(|m| m.contains("OSC 52")));
    assert_eq!(app.take_clipboard(), None, "taken once");
    // An empty shortlist has nothing to export; a marked one copies its Markdown table.
    press(&mut app, Key::Char('e'));
    assert!(
        app.message()
            .is_some_and(|m| m.contains("Nothing to export"))
    );
    press(&mut app, Key::Char(' '));
    press(&mut app, Key::Char('e'));
    press(&mut app, Key::Char('G'));
    press(&mut app, Key::Enter);
    let table = app.take_clipboard().unwrap_or_default();
    assert!(table.starts_with("| Field |"), "{table}");
    assert!(!table.contains('\u{1b}'));
    Ok(())
}
