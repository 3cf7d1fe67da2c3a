//! Render tests for keeping and sharing (issue 13): the export picker, the shortlist picker
//! while a list is named, and the status line naming the list in use and what was exported.

use super::tests::{app, press, screen};
use crate::app::App;
use crate::keymap::Key;
use crate::shortlist::{FILE_NAME, ShortlistFile};

const SIZES: [(u16, u16); 2] = [(120, 40), (80, 24)];

/// An explorer at `w`x`h` whose shortlists and exports live in `dir`.
fn app_in(dir: &std::path::Path, w: u16, h: u16) -> App {
    let mut app = app(w, h);
    app.set_shortlists(ShortlistFile::load(&dir.join(FILE_NAME)));
    app.set_export_dir(dir.to_path_buf());
    app
}

#[test]
fn export_picker_over_the_grid() -> Result<(), Box<dyn std::error::Error>> {
    for (w, h) in SIZES {
        let dir = tempfile::tempdir()?;
        let mut app = app_in(dir.path(), w, h);
        press(&mut app, &[Key::Char(' '), Key::Char('j'), Key::Char(' ')]);
        press(&mut app, &[Key::Char('c'), Key::Char('e'), Key::Char('j')]);
        insta::assert_snapshot!(format!("export_picker_{w}x{h}"), screen(&app));
    }
    Ok(())
}

#[test]
fn shortlist_picker_naming_a_list() -> Result<(), Box<dyn std::error::Error>> {
    for (w, h) in SIZES {
        let dir = tempfile::tempdir()?;
        std::fs::write(
            dir.path().join(FILE_NAME),
            "version = 1\n[lists]\ndefault = [\"temu\", \"gone-one\"]\nfishing = []\n",
        )?;
        let mut app = app_in(dir.path(), w, h);
        press(&mut app, &[Key::Char('L'), Key::Char('n')]);
        press(&mut app, &"tech".chars().map(Key::Char).collect::<Vec<_>>());
        insta::assert_snapshot!(format!("shortlist_picker_{w}x{h}"), screen(&app));
    }
    Ok(())
}

#[test]
fn status_names_the_list_and_the_export() -> Result<(), Box<dyn std::error::Error>> {
    for (w, h) in SIZES {
        let dir = tempfile::tempdir()?;
        std::fs::write(
            dir.path().join(FILE_NAME),
            "version = 1\ncurrent = \"fishing\"\n[lists]\nfishing = [\"temu\"]\n",
        )?;
        let mut app = app_in(dir.path(), w, h);
        press(&mut app, &[Key::Char('e'), Key::Enter]);
        let shown = screen(&app);
        let today = crate::export::file::today();
        // The date changes daily; the snapshot holds a fixed one.
        let shown = shown.replace(&today, "2026-11-28");
        insta::assert_snapshot!(format!("status_export_{w}x{h}"), shown);
    }
    Ok(())
}
