//! Which key does what, in each mode, as one table. The event loop looks keys up here; the
//! footer hints and the `?` overlay read the same table backwards, so what the screen says a
//! key does is what it does.

use crate::action::{Action, Command};

/// A key press, independent of the terminal library that reported it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Key {
    /// A printable character (Space is `Char(' ')`).
    Char(char),
    /// A letter pressed with Ctrl.
    Ctrl(char),
    /// Enter / Return.
    Enter,
    /// Escape.
    Esc,
    /// Tab.
    Tab,
    /// Shift-Tab.
    BackTab,
    /// Backspace.
    Backspace,
    /// Arrow up.
    Up,
    /// Arrow down.
    Down,
    /// Arrow left.
    Left,
    /// Arrow right.
    Right,
    /// Home.
    Home,
    /// End.
    End,
    /// Page Up.
    PageUp,
    /// Page Down.
    PageDown,
    /// Backspace with Alt held.
    AltBackspace,
    /// Arrow up with Alt held.
    AltUp,
    /// Arrow down with Alt held.
    AltDown,
}

impl Key {
    /// How the key is written in hints and help: `j`, `Space`, `Ctrl-U`, `↓`, `PgDn`.
    pub fn label(self) -> String {
        match self {
            Key::Char(' ') => "Space".to_string(),
            Key::Char(c) => c.to_string(),
            Key::Ctrl(c) => format!("Ctrl-{}", c.to_ascii_uppercase()),
            Key::Enter => "Enter".to_string(),
            Key::Esc => "Esc".to_string(),
            Key::Tab => "Tab".to_string(),
            Key::BackTab => "Shift-Tab".to_string(),
            Key::Backspace => "Backspace".to_string(),
            Key::Up => "↑".to_string(),
            Key::Down => "↓".to_string(),
            Key::Left => "←".to_string(),
            Key::Right => "→".to_string(),
            Key::Home => "Home".to_string(),
            Key::End => "End".to_string(),
            Key::PageUp => "PgUp".to_string(),
            Key::PageDown => "PgDn".to_string(),
            Key::AltBackspace => "Alt-Backspace".to_string(),
            Key::AltUp => "Alt-↑".to_string(),
            Key::AltDown => "Alt-↓".to_string(),
        }
    }
}

/// What has the keyboard: decides which bindings apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    /// The program list has focus.
    List,
    /// The detail pane has focus.
    Detail,
    /// The search line has focus: printable keys type.
    Search,
    /// The comparison grid is open.
    Grid,
    /// The help overlay is open.
    Help,
    /// The skipped-profiles popup is open.
    Warnings,
    /// The popup of one grid cell's value and notes is open.
    Cell,
    /// The picker of the list's sort is open.
    Sort,
    /// The export picker is open.
    ExportPicker,
    /// The shortlist picker is open.
    ListPicker,
    /// A new shortlist's name is being typed: printable keys type.
    Naming,
    /// The about-me form is open: printable keys type into the selected field.
    AboutMe,
    /// The fit view is open.
    Fit,
    /// The chart is open.
    Chart,
}

impl Mode {
    /// Every mode, in the order the help overlay lists them.
    pub const ALL: [Mode; 14] = [
        Mode::List,
        Mode::Detail,
        Mode::Search,
        Mode::Grid,
        Mode::Help,
        Mode::Warnings,
        Mode::Cell,
        Mode::Sort,
        Mode::ExportPicker,
        Mode::ListPicker,
        Mode::Naming,
        Mode::AboutMe,
        Mode::Fit,
        Mode::Chart,
    ];

    /// True where printable keys type text instead of running commands.
    pub fn types_text(self) -> bool {
        matches!(self, Mode::Search | Mode::Naming | Mode::AboutMe)
    }

    /// The heading of this mode's part of the help overlay.
    pub fn title(self) -> &'static str {
        match self {
            Mode::List => "Program list",
            Mode::Detail => "Detail pane",
            Mode::Search => "Search line",
            Mode::Grid => "Comparison grid",
            Mode::Help => "This help",
            Mode::Warnings => "Skipped profiles",
            Mode::Cell => "A grid cell's notes",
            Mode::Sort => "Sorting the list",
            Mode::ExportPicker => "Export picker",
            Mode::ListPicker => "Shortlist picker",
            Mode::Naming => "Naming a new shortlist",
            Mode::AboutMe => "About me",
            Mode::Fit => "Fit: programs ranked for you",
            Mode::Chart => "Chart",
        }
    }

    /// The mode's name in the config file's `[keys.NAME]` tables.
    pub fn config_name(self) -> &'static str {
        match self {
            Mode::List => "list",
            Mode::Detail => "detail",
            Mode::Search => "search",
            Mode::Grid => "grid",
            Mode::Help => "help",
            Mode::Warnings => "warnings",
            Mode::Cell => "cell",
            Mode::Sort => "sort",
            Mode::ExportPicker => "export-picker",
            Mode::ListPicker => "list-picker",
            Mode::Naming => "naming",
            Mode::AboutMe => "about-me",
            Mode::Fit => "fit",
            Mode::Chart => "chart",
        }
    }
}

/// Two commands that one key runs in one mode (a config file that binds a key twice).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clash {
    /// Where.
    pub mode: Mode,
    /// The key bound twice.
    pub key: Key,
    /// The command earlier in the table (the one the key would run).
    pub first: Command,
    /// The command the key would not reach.
    pub second: Command,
}

/// One row of the keymap: in these modes, these keys run this command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    /// The modes where the binding applies.
    pub modes: Vec<Mode>,
    /// The keys, the first being the one hints show.
    pub keys: Vec<Key>,
    /// What the keys do.
    pub command: Command,
    /// The words the help overlay shows.
    pub help: &'static str,
    /// The footer hint, for the bindings worth one.
    pub hint: Option<HintSpec>,
}

/// How a binding shows in the footer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HintSpec {
    /// The short word the footer shows.
    pub label: &'static str,
    /// True for the hints kept when the line is short (how to leave, how to learn more).
    pub kept: bool,
    /// Which hints go first when the line is short, after the kept ones: lower is more
    /// useful ([`RANK_USEFUL`], [`RANK_DEFAULT`], [`RANK_SPARE`]).
    pub rank: u8,
    /// The command whose first key is written after this one's, as in `j/k`.
    pub partner: Option<Command>,
}

impl Binding {
    /// The same binding, its hint kept first when the footer is short.
    fn kept(mut self) -> Self {
        if let Some(hint) = self.hint.as_mut() {
            hint.kept = true;
        }
        self
    }

    /// The same binding, its hint ranked `rank` for a short footer.
    fn ranked(mut self, rank: u8) -> Self {
        if let Some(hint) = self.hint.as_mut() {
            hint.rank = rank;
        }
        self
    }

    /// The same binding, its hint naming `partner`'s key too (`j/k`, `h/l`).
    fn paired(mut self, partner: Command) -> Self {
        if let Some(hint) = self.hint.as_mut() {
            hint.partner = Some(partner);
        }
        self
    }
}

/// A footer hint: the keys and a word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hint {
    /// The keys as written, e.g. `j/k`.
    pub keys: String,
    /// What they do, in a word or two.
    pub label: &'static str,
    /// True when the hint is kept before the others on a short line.
    pub kept: bool,
    /// After the kept hints, lower ranks are kept first on a short line.
    pub rank: u8,
}

/// The rank of the hints a newcomer needs most after the way out and help (search, move,
/// mark, compare).
pub const RANK_USEFUL: u8 = 1;
/// The rank of a hint nobody ranked.
pub const RANK_DEFAULT: u8 = 2;
/// The rank of hints with another way to the same place (Tab when Enter also opens).
pub const RANK_SPARE: u8 = 3;

/// One line of the help overlay: the keys as written, and what they do.
pub type HelpRow = (String, &'static str);

/// The key table, with lookups both ways.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    bindings: Vec<Binding>,
}

impl Default for Keymap {
    fn default() -> Self {
        Keymap::standard()
    }
}

const BROWSE: &[Mode] = &[Mode::List, Mode::Detail];
const LIST: &[Mode] = &[Mode::List];
const DETAIL: &[Mode] = &[Mode::Detail];
const SEARCH: &[Mode] = &[Mode::Search];
const GRID: &[Mode] = &[Mode::Grid];
const HELP: &[Mode] = &[Mode::Help];
const WARN: &[Mode] = &[Mode::Warnings];
const CELL: &[Mode] = &[Mode::Cell];
const SORT: &[Mode] = &[Mode::Sort];
const PICKERS: &[Mode] = &[Mode::ExportPicker, Mode::ListPicker];
const LIST_PICKER: &[Mode] = &[Mode::ListPicker];
const NAMING: &[Mode] = &[Mode::Naming];
const SHARING: &[Mode] = &[Mode::List, Mode::Detail, Mode::Grid];
const FORM: &[Mode] = &[Mode::AboutMe];
const FIT: &[Mode] = &[Mode::Fit];
const CHART: &[Mode] = &[Mode::Chart];
const MOVING: &[Mode] = &[
    Mode::List,
    Mode::Detail,
    Mode::Grid,
    Mode::Help,
    Mode::Warnings,
    Mode::Cell,
    Mode::Sort,
    Mode::ExportPicker,
    Mode::ListPicker,
    Mode::Fit,
    Mode::Chart,
];
const EVERYWHERE: &[Mode] = &Mode::ALL;

fn bind(
    modes: &'static [Mode],
    keys: &'static [Key],
    command: Command,
    help: &'static str,
    hint: Option<&'static str>,
) -> Binding {
    Binding {
        modes: modes.to_vec(),
        keys: keys.to_vec(),
        command,
        help,
        hint: hint.map(|label| HintSpec {
            label,
            kept: false,
            rank: RANK_DEFAULT,
            partner: None,
        }),
    }
}

impl Keymap {
    /// The keys affex ships with.
    pub fn standard() -> Self {
        use Key::*;
        let bindings = vec![
            // Search line.
            bind(
                SEARCH,
                &[Enter, Esc],
                Command::LeaveSearch,
                "leave the search line (the filter stays)",
                Some("done"),
            )
            .kept(),
            bind(
                SEARCH,
                &[Ctrl('u')],
                Command::ClearQuery,
                "clear the query",
                Some("clear"),
            ),
            bind(
                SEARCH,
                &[Backspace],
                Command::DeleteChar,
                "delete the character before the cursor",
                None,
            ),
            bind(
                SEARCH,
                &[Ctrl('w'), AltBackspace],
                Command::DeleteWord,
                "delete the word before the cursor",
                None,
            ),
            bind(
                SEARCH,
                &[Left],
                Command::CursorLeft,
                "move the cursor left",
                None,
            ),
            bind(
                SEARCH,
                &[Right],
                Command::CursorRight,
                "move the cursor right",
                None,
            ),
            bind(
                SEARCH,
                &[Home, Ctrl('a')],
                Command::CursorStart,
                "move the cursor to the start",
                None,
            ),
            bind(
                SEARCH,
                &[End, Ctrl('e')],
                Command::CursorEnd,
                "move the cursor to the end",
                None,
            ),
            bind(
                SEARCH,
                &[AltUp],
                Command::HistoryOlder,
                "recall an earlier query (history is kept across runs)",
                Some("history"),
            )
            .paired(Command::HistoryNewer),
            bind(
                SEARCH,
                &[AltDown],
                Command::HistoryNewer,
                "recall a later query",
                None,
            ),
            bind(
                SEARCH,
                &[Down, Ctrl('n')],
                Command::Down,
                "select the next program",
                Some("move"),
            )
            .paired(Command::Up),
            bind(
                SEARCH,
                &[Up, Ctrl('p')],
                Command::Up,
                "select the previous program",
                None,
            ),
            // Moving, in every pane that moves.
            bind(
                BROWSE,
                &[Char('/')],
                Command::FocusSearch,
                "search names, niches and audiences",
                Some("search"),
            )
            .ranked(RANK_USEFUL),
            bind(
                MOVING,
                &[Char('j'), Down],
                Command::Down,
                "move down",
                Some("move"),
            )
            .paired(Command::Up)
            .ranked(RANK_USEFUL),
            bind(MOVING, &[Char('k'), Up], Command::Up, "move up", None),
            bind(
                MOVING,
                &[Char('g'), Home],
                Command::First,
                "go to the first",
                None,
            ),
            bind(
                MOVING,
                &[Char('G'), End],
                Command::Last,
                "go to the last",
                None,
            ),
            bind(MOVING, &[PageDown], Command::PageDown, "page down", None),
            bind(MOVING, &[PageUp], Command::PageUp, "page up", None),
            bind(
                LIST,
                &[Enter],
                Command::Open,
                "open the program in the detail pane",
                Some("open"),
            ),
            bind(
                BROWSE,
                &[Char(' ')],
                Command::ToggleMark,
                "mark or unmark for comparison",
                Some("mark"),
            )
            .ranked(RANK_USEFUL),
            bind(
                BROWSE,
                &[Char('c')],
                Command::ToggleGrid,
                "compare the marked programs (all listed when none is marked)",
                Some("compare"),
            )
            .ranked(RANK_USEFUL),
            bind(
                BROWSE,
                &[Char('s')],
                Command::SortList,
                "sort the list by a field (commission, cookie, payout…) or by relevance",
                Some("sort"),
            ),
            bind(
                BROWSE,
                &[Char('S')],
                Command::ReverseSort,
                "reverse the list's sort: worst first, or best first again",
                None,
            ),
            bind(
                BROWSE,
                &[Tab],
                Command::FocusNext,
                "focus the next pane",
                Some("pane"),
            )
            .ranked(RANK_SPARE),
            bind(
                BROWSE,
                &[BackTab],
                Command::FocusPrev,
                "focus the previous pane",
                None,
            ),
            bind(
                DETAIL,
                &[Esc],
                Command::Back,
                "back to the list",
                Some("back"),
            )
            .kept(),
            bind(LIST, &[Esc], Command::Back, "clear the filter", None),
            bind(
                DETAIL,
                &[Char(']'), Char('}')],
                Command::NextSection,
                "jump to the next section",
                Some("sections"),
            )
            .paired(Command::PrevSection),
            bind(
                DETAIL,
                &[Char('['), Char('{')],
                Command::PrevSection,
                "jump to the previous section",
                None,
            ),
            // Grid.
            bind(
                GRID,
                &[Char('h'), Left],
                Command::Left,
                "select the column on the left",
                Some("columns"),
            )
            .paired(Command::Right),
            bind(
                GRID,
                &[Char('l'), Right],
                Command::Right,
                "select the column on the right",
                None,
            ),
            bind(
                GRID,
                &[Char('s')],
                Command::SortByRow,
                "sort the columns by the selected row, best first (again: worst first)",
                Some("sort"),
            ),
            bind(
                GRID,
                &[Enter],
                Command::ShowCell,
                "show the selected cell's whole value and its notes",
                Some("notes"),
            ),
            bind(
                GRID,
                &[Char(' ')],
                Command::ToggleColumn,
                "remove the selected column",
                Some("remove"),
            ),
            bind(
                GRID,
                &[Char('u')],
                Command::RestoreColumns,
                "bring back the removed columns",
                None,
            ),
            bind(
                GRID,
                &[Char('d')],
                Command::ToggleSameRows,
                "hide the rows where every program reads the same (again: show them)",
                Some("differences"),
            ),
            bind(
                GRID,
                &[Char('c'), Esc, Char('q')],
                Command::ToggleGrid,
                "back to the list (marks are kept)",
                Some("close"),
            )
            .kept(),
            // Overlays.
            bind(
                HELP,
                &[Char('?'), Esc, Char('q')],
                Command::ToggleHelp,
                "close the help",
                Some("close"),
            )
            .kept(),
            bind(
                WARN,
                &[Char('w'), Esc, Char('q')],
                Command::ToggleWarnings,
                "close this list",
                Some("close"),
            )
            .kept(),
            bind(
                CELL,
                &[Esc, Enter, Char('q')],
                Command::Back,
                "close the value's notes",
                Some("close"),
            )
            .kept(),
            // Pickers and naming a list.
            bind(
                PICKERS,
                &[Enter],
                Command::Choose,
                "take the selected choice",
                Some("choose"),
            )
            .kept(),
            bind(
                PICKERS,
                &[Esc, Char('q')],
                Command::Back,
                "close the picker",
                Some("close"),
            )
            .kept(),
            bind(
                LIST_PICKER,
                &[Char('n')],
                Command::NewList,
                "name a new list (it becomes the one in use)",
                Some("new"),
            ),
            bind(
                LIST_PICKER,
                &[Char('x')],
                Command::DeleteList,
                "delete the selected list (press twice; the default list stays)",
                Some("delete"),
            ),
            bind(
                NAMING,
                &[Enter],
                Command::Choose,
                "make the list and use it",
                Some("make"),
            )
            .kept(),
            bind(NAMING, &[Esc], Command::Back, "cancel", Some("cancel")).kept(),
            bind(
                NAMING,
                &[Backspace],
                Command::DeleteChar,
                "delete the last character",
                None,
            ),
            // Keeping and sharing.
            bind(
                SHARING,
                &[Char('e')],
                Command::Export,
                "export the grid (in the grid) or the shortlist to a file, or copy it",
                Some("export"),
            ),
            bind(
                SHARING,
                &[Char('y')],
                Command::CopyId,
                "copy the selected program's id to the clipboard (OSC 52)",
                None,
            ),
            bind(
                BROWSE,
                &[Char('L')],
                Command::Shortlists,
                "switch to, create or delete a named shortlist (marks are kept per list)",
                Some("lists"),
            )
            .ranked(RANK_SPARE),
            bind(
                SORT,
                &[Enter],
                Command::Open,
                "sort the list by the highlighted choice",
                Some("choose"),
            ),
            bind(
                SORT,
                &[Esc, Char('s'), Char('q')],
                Command::Back,
                "close without changing the sort",
                Some("close"),
            )
            .kept(),
            // About me, the fit view and the chart.
            bind(
                &[Mode::List, Mode::Detail, Mode::Grid, Mode::Fit],
                &[Char('m')],
                Command::EditAboutMe,
                "about me: your channels, countries, niches and monthly clicks",
                Some("about me"),
            ),
            bind(
                BROWSE,
                &[Char('f')],
                Command::ToggleFit,
                "fit: the listed programs ranked for you, with the reasons",
                Some("fit"),
            ),
            bind(
                GRID,
                &[Char('b')],
                Command::ToggleChart,
                "chart: the compared programs side by side as range bars",
                Some("chart"),
            ),
            bind(
                FORM,
                &[Enter],
                Command::SaveAboutMe,
                "check every field and save",
                Some("save"),
            )
            .kept(),
            bind(
                FORM,
                &[Esc],
                Command::Back,
                "close without saving",
                Some("cancel"),
            )
            .kept(),
            bind(
                FORM,
                &[Tab, Down],
                Command::Down,
                "the next field",
                Some("field"),
            )
            .paired(Command::Up),
            bind(
                FORM,
                &[BackTab, Up],
                Command::Up,
                "the previous field",
                None,
            ),
            bind(
                FORM,
                &[Backspace],
                Command::DeleteChar,
                "delete the last character",
                None,
            ),
            bind(
                FORM,
                &[Ctrl('u')],
                Command::ClearQuery,
                "empty the field",
                None,
            ),
            bind(
                FIT,
                &[Char('f'), Esc, Char('q')],
                Command::ToggleFit,
                "close the fit view",
                Some("close"),
            )
            .kept(),
            bind(
                CHART,
                &[Char('b'), Esc, Char('q')],
                Command::ToggleChart,
                "back to the grid",
                Some("close"),
            )
            .kept(),
            bind(
                &[Mode::List, Mode::Detail, Mode::Grid, Mode::Warnings],
                &[Char('r')],
                Command::Reload,
                "reload the profiles now; edits reload by themselves",
                None,
            ),
            bind(
                &[Mode::List, Mode::Detail, Mode::Grid],
                &[Char('w')],
                Command::ToggleWarnings,
                "list the profiles that were skipped and why",
                None,
            ),
            bind(
                &[Mode::List, Mode::Detail, Mode::Grid],
                &[Char('?')],
                Command::ToggleHelp,
                "show every key",
                Some("help"),
            )
            .kept(),
            bind(
                BROWSE,
                &[Char('q')],
                Command::Quit,
                "quit (in a popup or the grid, the same key closes it)",
                Some("quit"),
            )
            .kept(),
            bind(EVERYWHERE, &[Ctrl('c')], Command::Quit, "quit", None),
        ];
        Keymap { bindings }
    }

    /// Every binding, in table order.
    pub fn bindings(&self) -> &[Binding] {
        &self.bindings
    }

    /// The commands some key runs in `mode`, in [`Command::ALL`] order: the ones a config
    /// file may rebind there.
    pub fn commands_in(&self, mode: Mode) -> Vec<Command> {
        Command::ALL
            .into_iter()
            .filter(|&c| !self.keys_for(mode, c).is_empty())
            .collect()
    }

    /// Makes `keys` exactly the keys that run `command` in `mode` (other modes keep theirs).
    /// The binding keeps its help words and footer hint. Setting the keys it already has
    /// changes nothing, so a file listing every default leaves the table as it was. Refused
    /// (the table unchanged) when `command` does nothing in `mode` or `keys` is empty.
    pub fn rebind(&mut self, mode: Mode, command: Command, keys: Vec<Key>) -> Result<(), String> {
        if keys.is_empty() {
            return Err("expected at least one key".to_string());
        }
        if self.keys_for(mode, command) == keys {
            return Ok(());
        }
        let found: Vec<usize> = (0..self.bindings.len())
            .filter(|&i| {
                let b = &self.bindings[i];
                b.command == command && b.modes.contains(&mode)
            })
            .collect();
        let Some((&first, rest)) = found.split_first() else {
            return Err("does nothing here".to_string());
        };
        for &i in rest.iter().rev() {
            self.bindings[i].modes.retain(|&m| m != mode);
            if self.bindings[i].modes.is_empty() {
                self.bindings.remove(i);
            }
        }
        let binding = &mut self.bindings[first];
        if binding.modes.len() == 1 {
            binding.keys = keys;
        } else {
            let mut own = binding.clone();
            binding.modes.retain(|&m| m != mode);
            own.modes = vec![mode];
            own.keys = keys;
            self.bindings.insert(first + 1, own);
        }
        Ok(())
    }

    /// Every key that two different commands claim in one mode, in table order.
    pub fn clashes(&self) -> Vec<Clash> {
        let mut seen: std::collections::HashMap<(Mode, Key), Command> =
            std::collections::HashMap::new();
        let mut clashes = Vec::new();
        for b in &self.bindings {
            for &mode in &b.modes {
                for &key in &b.keys {
                    match seen.get(&(mode, key)) {
                        Some(&first) if first != b.command => clashes.push(Clash {
                            mode,
                            key,
                            first,
                            second: b.command,
                        }),
                        Some(_) => {}
                        None => {
                            seen.insert((mode, key), b.command);
                        }
                    }
                }
            }
        }
        clashes
    }

    /// The action `key` runs in `mode`. In the search line, a printable key with no binding
    /// types itself.
    pub fn action(&self, mode: Mode, key: Key) -> Option<Action> {
        let bound = self
            .bindings
            .iter()
            .find(|b| b.modes.contains(&mode) && b.keys.contains(&key))
            .map(|b| b.command);
        match (bound, mode, key) {
            (Some(command), _, _) => Some(Action::Command(command)),
            (None, mode, Key::Char(c)) if mode.types_text() && !c.is_control() => {
                Some(Action::InsertChar(c))
            }
            _ => None,
        }
    }

    /// The keys that run `command` in `mode`, in table order.
    pub fn keys_for(&self, mode: Mode, command: Command) -> Vec<Key> {
        self.bindings
            .iter()
            .filter(|b| b.modes.contains(&mode) && b.command == command)
            .flat_map(|b| b.keys.iter().copied())
            .collect()
    }

    /// How the first key that runs `command` in `mode` is written, for a message or a hint;
    /// empty when nothing runs it there.
    pub fn key_label(&self, mode: Mode, command: Command) -> String {
        self.keys_for(mode, command)
            .first()
            .map_or_else(String::new, |k| k.label())
    }

    /// The key that closes every popup, as written (the popups' footers name it).
    pub fn popup_close_label(&self) -> String {
        let warnings = self.keys_for(Mode::Warnings, Command::ToggleWarnings);
        let cell = self.keys_for(Mode::Cell, Command::Back);
        self.keys_for(Mode::Help, Command::ToggleHelp)
            .into_iter()
            .find(|k| warnings.contains(k) && cell.contains(k))
            .map_or_else(String::new, |k| k.label())
    }

    /// The footer hints for `mode`, in table order. Bindings that share a hint word (Enter and
    /// Esc both "done") show once; a hint with a partner names both keys, as in `j/k`.
    pub fn hints(&self, mode: Mode) -> Vec<Hint> {
        let mut hints: Vec<Hint> = Vec::new();
        for b in self.bindings.iter().filter(|b| b.modes.contains(&mode)) {
            let Some(spec) = b.hint else { continue };
            if hints.iter().any(|h| h.label == spec.label) {
                continue;
            }
            let mut keys = vec![b.keys[0].label()];
            if let Some(partner) = spec.partner {
                let partner = self.key_label(mode, partner);
                if !partner.is_empty() {
                    keys.push(partner);
                }
            }
            hints.push(Hint {
                keys: keys.join("/"),
                label: spec.label,
                kept: spec.kept,
                rank: spec.rank,
            });
        }
        hints
    }

    /// The help overlay's content: the bindings grouped by the modes they apply in (a binding
    /// shared by several modes is listed once), each with its keys and words, the sections
    /// that apply in `mode` first, in the keymap's order: help opened from the grid starts
    /// with the moves that work everywhere, then the grid's own keys, before any key that
    /// does nothing there. Printable keys in the search line are listed as "type".
    pub fn help_for(&self, mode: Mode) -> Vec<(String, Vec<HelpRow>)> {
        let mut sections = self.help_sections();
        sections.sort_by_key(|(modes, _)| !modes.contains(&mode));
        sections
            .into_iter()
            .map(|(modes, rows)| (where_title(modes), rows))
            .collect()
    }

    fn help_sections(&self) -> Vec<(&[Mode], Vec<HelpRow>)> {
        let mut sections: Vec<(&[Mode], Vec<HelpRow>)> = Vec::new();
        for b in &self.bindings {
            let keys = b
                .keys
                .iter()
                .map(|k| k.label())
                .collect::<Vec<_>>()
                .join(", ");
            match sections
                .iter_mut()
                .find(|(modes, _)| *modes == b.modes.as_slice())
            {
                Some((_, rows)) => rows.push((keys, b.help)),
                None => {
                    let mut rows = Vec::new();
                    if b.modes == SEARCH {
                        rows.push(("type".to_string(), "filter the list on every keystroke"));
                    } else if b.modes == NAMING {
                        rows.push(("type".to_string(), "the new list's name"));
                    }
                    rows.push((keys, b.help));
                    sections.push((&b.modes, rows));
                }
            }
        }
        sections
    }
}

/// A heading naming where a group of bindings applies.
fn where_title(modes: &[Mode]) -> String {
    let all_but_search = Mode::ALL.iter().filter(|m| !m.types_text()).count();
    match modes {
        [one] => one.title().to_string(),
        _ if modes.len() == Mode::ALL.len() => "Everywhere".to_string(),
        _ if modes.len() == all_but_search && !modes.iter().any(|m| m.types_text()) => {
            "Everywhere but where text is typed".to_string()
        }
        _ => {
            let names: Vec<String> = modes.iter().map(|m| m.title().to_lowercase()).collect();
            let (last, rest) = names
                .split_last()
                .map_or(("", &[][..]), |(l, r)| (l.as_str(), r));
            let joined = format!("{} and {last}", rest.join(", "));
            let mut chars = joined.chars();
            chars
                .next()
                .map_or(String::new(), |c| c.to_uppercase().chain(chars).collect())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_resolve_per_mode() {
        let map = Keymap::standard();
        assert!(matches!(
            map.action(Mode::List, Key::Char(' ')),
            Some(Action::Command(Command::ToggleMark))
        ));
        assert!(matches!(
            map.action(Mode::Grid, Key::Char(' ')),
            Some(Action::Command(Command::ToggleColumn))
        ));
        assert!(matches!(
            map.action(Mode::Search, Key::Char('q')),
            Some(Action::InsertChar('q'))
        ));
        assert!(matches!(
            map.action(Mode::List, Key::Char('q')),
            Some(Action::Command(Command::Quit))
        ));
        assert!(matches!(
            map.action(Mode::Search, Key::Ctrl('c')),
            Some(Action::Command(Command::Quit))
        ));
        assert!(map.action(Mode::List, Key::Char('z')).is_none());
    }

    #[test]
    fn reverse_lookup_finds_every_key() {
        let map = Keymap::standard();
        assert_eq!(
            map.keys_for(Mode::List, Command::Quit),
            vec![Key::Char('q'), Key::Ctrl('c')]
        );
        assert_eq!(
            map.keys_for(Mode::Grid, Command::ToggleGrid),
            vec![Key::Char('c'), Key::Esc, Key::Char('q')]
        );
    }

    #[test]
    fn help_lists_the_sections_that_apply_where_it_was_opened_first_in_keymap_order() {
        let map = Keymap::standard();
        for mode in Mode::ALL {
            let applies: Vec<String> = (map.help_sections().iter())
                .filter(|(modes, _)| modes.contains(&mode))
                .map(|(modes, _)| where_title(modes))
                .collect();
            let help = map.help_for(mode);
            let first: Vec<&String> = help.iter().take(applies.len()).map(|(t, _)| t).collect();
            assert_eq!(first, applies.iter().collect::<Vec<_>>(), "{mode:?}");
            assert!(
                help.len() > applies.len(),
                "{mode:?}: other sections follow"
            );
        }
    }

    #[test]
    fn every_bound_key_is_reachable_and_listed_in_help() {
        let map = Keymap::standard();
        let help = map.help_for(Mode::List);
        for b in map.bindings() {
            for &mode in &b.modes {
                // The first binding for a key in a mode wins; each row must be that winner.
                for &key in &b.keys {
                    let got = map.action(mode, key);
                    assert!(
                        got == Some(Action::Command(b.command)),
                        "{key:?} in {mode:?} is shadowed"
                    );
                }
                assert!(
                    help.iter()
                        .any(|(_, rows)| rows.iter().any(|(_, h)| *h == b.help)),
                    "{:?} is not in the help",
                    b.help
                );
            }
        }
    }

    #[test]
    fn the_standard_table_has_no_clash() {
        assert_eq!(Keymap::standard().clashes(), Vec::new());
    }

    #[test]
    fn rebinding_one_mode_keeps_the_others_and_the_hint() {
        let mut map = Keymap::standard();
        assert_eq!(
            map.rebind(Mode::List, Command::ToggleGrid, vec![Key::Char('x')]),
            Ok(())
        );
        assert_eq!(
            map.keys_for(Mode::List, Command::ToggleGrid),
            vec![Key::Char('x')]
        );
        assert_eq!(
            map.keys_for(Mode::Detail, Command::ToggleGrid),
            vec![Key::Char('c')]
        );
        assert!(map.action(Mode::List, Key::Char('c')).is_none());
        assert!(
            map.hints(Mode::List)
                .iter()
                .any(|h| h.keys == "x" && h.label == "compare")
        );
        // Quit in the list had q (browse) and Ctrl-C (everywhere): both give way.
        assert_eq!(
            map.rebind(Mode::List, Command::Quit, vec![Key::Char('Q')]),
            Ok(())
        );
        assert_eq!(
            map.keys_for(Mode::List, Command::Quit),
            vec![Key::Char('Q')]
        );
        assert_eq!(
            map.keys_for(Mode::Grid, Command::Quit),
            vec![Key::Ctrl('c')]
        );
        assert_eq!(map.clashes(), Vec::new());
    }

    #[test]
    fn rebinding_to_the_same_keys_changes_nothing_and_a_stray_command_is_refused() {
        let mut map = Keymap::standard();
        let keys = map.keys_for(Mode::List, Command::Quit);
        assert_eq!(map.rebind(Mode::List, Command::Quit, keys), Ok(()));
        assert_eq!(map, Keymap::standard());
        assert!(
            map.rebind(Mode::Search, Command::ToggleGrid, vec![Key::Char('x')])
                .is_err()
        );
        assert_eq!(map, Keymap::standard());
    }

    #[test]
    fn a_key_taken_by_another_command_is_a_clash() {
        let mut map = Keymap::standard();
        assert_eq!(
            map.rebind(Mode::List, Command::ToggleGrid, vec![Key::Char('j')]),
            Ok(())
        );
        let clashes = map.clashes();
        assert_eq!(clashes.len(), 1);
        assert_eq!(clashes[0].mode, Mode::List);
        assert_eq!(clashes[0].key, Key::Char('j'));
    }

    #[test]
    fn hints_pair_directions() {
        let map = Keymap::standard();
        let hints = map.hints(Mode::List);
        assert_eq!(hints[0].keys, "/");
        assert!(hints.iter().any(|h| h.keys == "j/k" && h.label == "move"));
        let grid = map.hints(Mode::Grid);
        assert!(grid.iter().any(|h| h.keys == "h/l"));
    }
}
