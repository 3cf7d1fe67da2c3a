//! Keeping and sharing: the named shortlists behind the marks (saved on every change), the
//! export picker (a file in Markdown, CSV or JSON, or the Markdown table on the clipboard), the
//! shortlist picker, and copying an id. The app writes files through the store and leaves the
//! clipboard text for the loop to send, since it knows nothing of the terminal.

use std::path::{Path, PathBuf};

use super::{App, Overlay};
use crate::action::Command;
use crate::clipboard;
use crate::compare::Comparison;
use crate::export::comparison::{self, ExportFormat};
use crate::export::file;
use crate::keymap::Mode;
use crate::model::ProgramId;
use crate::plural;
use crate::sanitize::visible_path;
use crate::shortlist::{self, Change, ShortlistFile, Shortlists, check_name};

/// The export picker's choices: one per [`ExportFormat`], then copying the Markdown table.
pub const EXPORT_CHOICES: usize = ExportFormat::ALL.len() + 1;

/// One row of the shortlist picker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListRow {
    /// The list's name.
    pub name: String,
    /// How many of its programs the catalog has.
    pub present: usize,
    /// How many of its ids the catalog does not have.
    pub missing: usize,
    /// True for the list in use.
    pub current: bool,
}

impl App {
    /// The named shortlists.
    pub fn shortlists(&self) -> &Shortlists {
        self.shortlists.state()
    }

    /// The name of the shortlist in use.
    pub fn shortlist_name(&self) -> &str {
        self.shortlists.state().current()
    }

    /// How many saved ids of the list in use the catalog does not have.
    pub fn missing_marks(&self) -> usize {
        self.missing_marks
    }

    /// Why the shortlist file could not be read at start, until a change replaces it.
    pub fn shortlist_problem(&self) -> Option<&str> {
        self.shortlists.problem()
    }

    /// A new list's name as typed so far, while it is typed.
    pub fn naming(&self) -> Option<&str> {
        self.naming.as_deref()
    }

    /// The shortlist picker's rows: every list, in name order.
    pub fn list_rows(&self) -> Vec<ListRow> {
        let state = self.shortlists.state();
        state
            .lists()
            .map(|(name, ids)| {
                let resolved = shortlist::resolve(ids, &self.catalog.profiles);
                ListRow {
                    name: name.to_string(),
                    present: resolved.present.len(),
                    missing: resolved.missing.len(),
                    current: name == state.current(),
                }
            })
            .collect()
    }

    /// Hands the app the shortlists kept from earlier runs; the marks become the list in use.
    /// The status line says when the file could not be read, or holds ids the catalog lacks.
    pub fn set_shortlists(&mut self, file: ShortlistFile) {
        self.shortlists = file;
        self.sync_marks();
        // Only a word about the shortlists replaces the message: the one a start already
        // shows (a config file that was not used) must stay.
        if let Some(said) = (self.shortlists.problem().map(str::to_string))
            .or_else(|| shortlist::missing_line(self.missing_marks))
        {
            self.message = Some(said);
        }
    }

    /// Where export files go; until this is called, the explorer writes none (the loop sets
    /// the current directory).
    pub fn set_export_dir(&mut self, dir: PathBuf) {
        self.export_dir = Some(dir);
    }

    /// The text waiting to be copied to the clipboard, taken (the loop sends it).
    pub fn take_clipboard(&mut self) -> Option<String> {
        self.clipboard.take()
    }

    /// What the export picker would export: a phrase naming it, and the programs (catalog
    /// indices) in order. In the grid, its columns still compared; elsewhere the shortlist.
    pub fn export_source(&self) -> (String, Vec<usize>) {
        match &self.grid {
            Some(grid) => ("the grid".to_string(), grid.active()),
            None => (
                format!("the shortlist “{}”", self.shortlist_name()),
                self.marked
                    .iter()
                    .filter_map(|id| self.position_of(id))
                    .collect(),
            ),
        }
    }

    /// Makes the marks the present programs of the list in use.
    fn sync_marks(&mut self) {
        let resolved = shortlist::resolve(
            self.shortlists.state().current_ids(),
            &self.catalog.profiles,
        );
        self.missing_marks = resolved.missing.len();
        self.marked = resolved
            .present
            .iter()
            .filter_map(|&i| self.catalog.profiles.get(i).map(|p| p.id.clone()))
            .collect();
    }

    /// Applies `change` to the shortlists and saves it; the status line says when saving
    /// failed (the change holds for this run).
    fn change_lists(&mut self, change: Change) {
        if let Err(e) = self.shortlists.change(change) {
            self.message = Some(format!("The shortlist was not saved: {e}"));
        }
        self.sync_marks();
    }

    pub(super) fn toggle_mark(&mut self) {
        let Some(id) = self.selected_id().cloned() else {
            return;
        };
        let list = self.shortlist_name().to_string();
        let change = if self.marked.contains(&id) {
            Change::Unmark { list, id }
        } else {
            Change::Mark { list, id }
        };
        self.change_lists(change);
    }

    pub(super) fn open_export(&mut self) {
        let (what, columns) = self.export_source();
        if columns.is_empty() {
            let mark = self.keymap.key_label(Mode::List, Command::ToggleMark);
            self.message = Some(format!(
                "Nothing to export: {what} is empty; {mark} marks programs."
            ));
            return;
        }
        self.overlay = Some(Overlay::Export { selected: 0 });
    }

    /// The id of the program selected in the grid, or else in the list.
    fn focused_id(&self) -> Option<ProgramId> {
        match &self.grid {
            Some(grid) => grid.columns.get(grid.column).cloned(),
            None => self.selected_id().cloned(),
        }
    }

    pub(super) fn copy_id(&mut self) {
        let Some(id) = self.focused_id() else {
            self.message = Some("No program is selected.".to_string());
            return;
        };
        self.copy(id.as_str().to_string(), &format!("the id “{id}”"));
    }

    /// Leaves `text` for the loop to copy, or says why not.
    fn copy(&mut self, text: String, what: &str) {
        let text = clipboard::clean(&text);
        if text.len() > clipboard::LIMIT {
            let export = self.keymap.key_label(Mode::List, Command::Export);
            self.message = Some(format!(
                "Not copied: {what} takes {} KiB, over the {} KiB a terminal takes; {export} \
                 exports it to a file instead.",
                text.len().div_ceil(1024),
                clipboard::LIMIT / 1024
            ));
            return;
        }
        self.clipboard = Some(text);
        self.message = Some(format!(
            "Copied {what} (terminals without OSC 52 ignore this)."
        ));
    }

    pub(super) fn open_lists(&mut self) {
        let selected = self.list_rows().iter().position(|r| r.current).unwrap_or(0);
        self.overlay = Some(Overlay::Lists { selected });
    }

    pub(super) fn type_name(&mut self, c: char) {
        if c.is_control() || crate::sanitize::is_invisible_control(c) {
            return;
        }
        if let Some(name) = self.naming.as_mut()
            && name.chars().count() < shortlist::MAX_NAME
        {
            name.push(c);
        }
    }

    pub(super) fn update_picker(&mut self, command: Command) {
        let confirm = self.confirm_delete.take();
        if self.naming.is_some() {
            match command {
                Command::DeleteChar => {
                    if let Some(name) = self.naming.as_mut() {
                        name.pop();
                    }
                }
                Command::Back => self.naming = None,
                Command::Choose => self.make_list(),
                _ => {}
            }
            return;
        }
        let Some(overlay) = self.overlay else { return };
        let (selected, rows) = match overlay {
            Overlay::Export { selected } => (selected, EXPORT_CHOICES),
            // The row after the lists makes a new one.
            Overlay::Lists { selected } => (selected, self.list_rows().len() + 1),
            _ => return,
        };
        let last = rows.saturating_sub(1);
        let moved = match command {
            Command::Down => (selected + 1).min(last),
            Command::Up => selected.saturating_sub(1),
            Command::First | Command::PageUp => 0,
            Command::Last | Command::PageDown => last,
            Command::Back => {
                self.overlay = None;
                return;
            }
            Command::Choose => {
                match overlay {
                    Overlay::Export { .. } => self.export(selected),
                    _ => self.choose_list(selected),
                }
                return;
            }
            Command::NewList => {
                self.naming = Some(String::new());
                return;
            }
            Command::DeleteList => {
                self.delete_list(selected, confirm);
                return;
            }
            _ => selected,
        };
        self.overlay = Some(match overlay {
            Overlay::Export { .. } => Overlay::Export { selected: moved },
            _ => Overlay::Lists { selected: moved },
        });
    }

    /// Exports as the picker's choice `choice` says, and closes the picker.
    fn export(&mut self, choice: usize) {
        self.overlay = None;
        let (what, columns) = self.export_source();
        let count = plural::count(columns.len(), "program");
        let cmp = Comparison::new(&self.catalog.profiles, columns);
        let Some(&format) = ExportFormat::ALL.get(choice) else {
            let table = comparison::to_bytes(&self.catalog.profiles, &cmp, ExportFormat::Markdown);
            let text = String::from_utf8_lossy(&table).into_owned();
            self.copy(text, &format!("{what} as a Markdown table ({count})"));
            return;
        };
        let stem = match &self.grid {
            Some(_) => format!("affex-compare-{}", file::today()),
            None => format!(
                "affex-shortlist-{}-{}",
                file::slug(self.shortlist_name()),
                file::today()
            ),
        };
        let Some(dir) = self.export_dir.clone() else {
            self.message = Some("Not exported: this explorer has no directory to write to.".into());
            return;
        };
        let bytes = comparison::to_bytes(&self.catalog.profiles, &cmp, format);
        self.message = Some(
            match file::save_new(&dir, &stem, format.extension(), &bytes) {
                // The file's name first: it is what the user looks for. It is in the
                // current directory, as the picker says.
                Ok(path) => {
                    let name = path.file_name().map(Path::new).unwrap_or(&path);
                    format!("Exported {} ({what}, {count})", visible_path(name))
                }
                Err(e) => format!("Not exported: {e}"),
            },
        );
    }

    fn choose_list(&mut self, row: usize) {
        let rows = self.list_rows();
        match rows.get(row) {
            Some(list) => {
                self.overlay = None;
                self.change_lists(Change::Switch(list.name.clone()));
                self.say_list_in_use();
            }
            None => self.naming = Some(String::new()),
        }
    }

    fn make_list(&mut self) {
        let typed = self.naming.clone().unwrap_or_default();
        match check_name(&typed) {
            Ok(name) if self.shortlists.state().ids(&name).is_some() => {
                self.message = Some(format!("A list is named “{name}” already."));
            }
            Ok(name) => {
                self.naming = None;
                self.overlay = None;
                self.change_lists(Change::Create(name));
                self.say_list_in_use();
            }
            Err(reason) => self.message = Some(format!("Not a list name: {reason}.")),
        }
    }

    fn delete_list(&mut self, row: usize, confirm: Option<String>) {
        let rows = self.list_rows();
        let Some(list) = rows.get(row) else { return };
        if list.name == shortlist::DEFAULT_LIST {
            self.message = Some("The default list stays (unmark its programs to empty it).".into());
            return;
        }
        if confirm.as_deref() != Some(list.name.as_str()) {
            let key = self.keymap.key_label(Mode::ListPicker, Command::DeleteList);
            self.message = Some(format!(
                "Press {key} again to delete the list “{}” ({}).",
                list.name,
                plural::count(list.present + list.missing, "program")
            ));
            self.confirm_delete = Some(list.name.clone());
            return;
        }
        self.change_lists(Change::Delete(list.name.clone()));
        self.message = Some(format!("Deleted the list “{}”.", list.name));
        let last = self.list_rows().len();
        self.overlay = Some(Overlay::Lists {
            selected: row.min(last),
        });
    }

    /// Says in the status line which list is in use and what it holds.
    fn say_list_in_use(&mut self) {
        let mut line = format!(
            "Using the list “{}”: {} marked",
            self.shortlist_name(),
            self.marked.len()
        );
        if let Some(missing) = shortlist::missing_line(self.missing_marks) {
            line.push_str(&format!("; {missing}"));
        }
        if let Some(kept) = self.message.take() {
            line = kept; // a failed save says so instead
        }
        self.message = Some(line);
    }
}
