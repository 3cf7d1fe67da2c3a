//! Which key does what, in each mode, as one table. The event loop looks keys up here; the
//! footer hints and the `?` overlay read the same table backwards, so what the screen says a
//! key does is what it does.

use crate::action::Action;

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
}

impl Mode {
    /// Every mode, in the order the help overlay lists them.
    pub const ALL: [Mode; 6] = [
        Mode::List,
        Mode::Detail,
        Mode::Search,
        Mode::Grid,
        Mode::Help,
        Mode::Warnings,
    ];

    /// The heading of this mode's part of the help overlay.
    pub fn title(self) -> &'static str {
        match self {
            Mode::List => "Program list",
            Mode::Detail => "Detail pane",
            Mode::Search => "Search line",
            Mode::Grid => "Comparison grid",
            Mode::Help => "This help",
            Mode::Warnings => "Skipped profiles",
        }
    }
}

/// One row of the keymap: in these modes, these keys run this action.
#[derive(Debug, Clone)]
pub struct Binding {
    /// The modes where the binding applies.
    pub modes: &'static [Mode],
    /// The keys, the first being the one hints show.
    pub keys: &'static [Key],
    /// What the keys do.
    pub action: Action,
    /// The words the help overlay shows.
    pub help: &'static str,
    /// The short word the footer shows, for the bindings worth a hint.
    pub hint: Option<&'static str>,
}

/// A footer hint: the keys and a word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hint {
    /// The keys as written, e.g. `j/k`.
    pub keys: String,
    /// What they do, in a word or two.
    pub label: &'static str,
}

/// One line of the help overlay: the keys as written, and what they do.
pub type HelpRow = (String, &'static str);

/// The key table, with lookups both ways.
#[derive(Debug, Clone)]
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
const MOVING: &[Mode] = &[
    Mode::List,
    Mode::Detail,
    Mode::Grid,
    Mode::Help,
    Mode::Warnings,
];
const NOT_TYPING: &[Mode] = &[
    Mode::List,
    Mode::Detail,
    Mode::Grid,
    Mode::Help,
    Mode::Warnings,
];
const EVERYWHERE: &[Mode] = &Mode::ALL;

fn bind(
    modes: &'static [Mode],
    keys: &'static [Key],
    action: Action,
    help: &'static str,
    hint: Option<&'static str>,
) -> Binding {
    Binding {
        modes,
        keys,
        action,
        help,
        hint,
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
                Action::LeaveSearch,
                "leave the search line (the filter stays)",
                Some("done"),
            ),
            bind(
                SEARCH,
                &[Ctrl('u')],
                Action::ClearQuery,
                "clear the query",
                Some("clear"),
            ),
            bind(
                SEARCH,
                &[Backspace],
                Action::DeleteChar,
                "delete the last character",
                None,
            ),
            bind(
                SEARCH,
                &[Down, Ctrl('n')],
                Action::Down,
                "select the next program",
                Some("move"),
            ),
            bind(
                SEARCH,
                &[Up, Ctrl('p')],
                Action::Up,
                "select the previous program",
                None,
            ),
            // Moving, in every pane that moves.
            bind(
                BROWSE,
                &[Char('/')],
                Action::FocusSearch,
                "search names, niches and audiences",
                Some("search"),
            ),
            bind(
                MOVING,
                &[Char('j'), Down],
                Action::Down,
                "move down",
                Some("move"),
            ),
            bind(MOVING, &[Char('k'), Up], Action::Up, "move up", None),
            bind(
                MOVING,
                &[Char('g'), Home],
                Action::First,
                "go to the first",
                None,
            ),
            bind(
                MOVING,
                &[Char('G'), End],
                Action::Last,
                "go to the last",
                None,
            ),
            bind(MOVING, &[PageDown], Action::PageDown, "page down", None),
            bind(MOVING, &[PageUp], Action::PageUp, "page up", None),
            bind(
                LIST,
                &[Enter],
                Action::Open,
                "open the program in the detail pane",
                Some("open"),
            ),
            bind(
                BROWSE,
                &[Char(' ')],
                Action::ToggleMark,
                "mark or unmark for comparison",
                Some("mark"),
            ),
            bind(
                BROWSE,
                &[Char('c')],
                Action::ToggleGrid,
                "compare the marked programs (all listed when none is marked)",
                Some("compare"),
            ),
            bind(
                BROWSE,
                &[Tab],
                Action::FocusNext,
                "focus the next pane",
                Some("pane"),
            ),
            bind(
                BROWSE,
                &[BackTab],
                Action::FocusPrev,
                "focus the previous pane",
                None,
            ),
            bind(
                DETAIL,
                &[Esc],
                Action::Back,
                "back to the list",
                Some("back"),
            ),
            bind(LIST, &[Esc], Action::Back, "clear the filter", None),
            // Grid.
            bind(
                GRID,
                &[Char('h'), Left],
                Action::Left,
                "select the column on the left",
                Some("columns"),
            ),
            bind(
                GRID,
                &[Char('l'), Right],
                Action::Right,
                "select the column on the right",
                None,
            ),
            bind(
                GRID,
                &[Char('s')],
                Action::SortByRow,
                "sort the columns by the selected row, best first",
                Some("sort"),
            ),
            bind(
                GRID,
                &[Char(' ')],
                Action::ToggleColumn,
                "remove or restore the selected column",
                Some("remove"),
            ),
            bind(
                GRID,
                &[Char('c'), Esc],
                Action::ToggleGrid,
                "back to the list (marks are kept)",
                Some("close"),
            ),
            // Overlays.
            bind(
                HELP,
                &[Char('?'), Esc],
                Action::ToggleHelp,
                "close the help",
                Some("close"),
            ),
            bind(
                WARN,
                &[Char('w'), Esc],
                Action::ToggleWarnings,
                "close this list",
                Some("close"),
            ),
            bind(
                &[Mode::List, Mode::Detail, Mode::Grid],
                &[Char('w')],
                Action::ToggleWarnings,
                "list the profiles that were skipped and why",
                None,
            ),
            bind(
                &[Mode::List, Mode::Detail, Mode::Grid],
                &[Char('?')],
                Action::ToggleHelp,
                "show every key",
                Some("help"),
            ),
            bind(NOT_TYPING, &[Char('q')], Action::Quit, "quit", Some("quit")),
            bind(EVERYWHERE, &[Ctrl('c')], Action::Quit, "quit", None),
        ];
        Keymap { bindings }
    }

    /// Every binding, in table order.
    pub fn bindings(&self) -> &[Binding] {
        &self.bindings
    }

    /// The action `key` runs in `mode`. In the search line, a printable key with no binding
    /// types itself.
    pub fn action(&self, mode: Mode, key: Key) -> Option<Action> {
        let bound = self
            .bindings
            .iter()
            .find(|b| b.modes.contains(&mode) && b.keys.contains(&key))
            .map(|b| b.action.clone());
        match (bound, mode, key) {
            (Some(action), _, _) => Some(action),
            (None, Mode::Search, Key::Char(c)) if !c.is_control() => Some(Action::InsertChar(c)),
            _ => None,
        }
    }

    /// The keys that run `action` in `mode`, in table order.
    pub fn keys_for(&self, mode: Mode, action: &Action) -> Vec<Key> {
        self.bindings
            .iter()
            .filter(|b| b.modes.contains(&mode) && b.action == *action)
            .flat_map(|b| b.keys.iter().copied())
            .collect()
    }

    /// The footer hints for `mode`, most useful first. Bindings that share a hint word (`j`
    /// and `k` are both "move") are written together as `j/k`.
    pub fn hints(&self, mode: Mode) -> Vec<Hint> {
        let mut hints: Vec<Hint> = Vec::new();
        for b in self.bindings.iter().filter(|b| b.modes.contains(&mode)) {
            let Some(label) = b.hint else { continue };
            if hints.iter().any(|h| h.label == label) {
                continue;
            }
            let mut keys = vec![b.keys[0].label()];
            if label == "move" || label == "columns" {
                // Name the pair (j/k, h/l) so the hint reads as a direction.
                if let Some(partner) = self.bindings.iter().find(|o| {
                    o.modes.contains(&mode)
                        && o.hint.is_none()
                        && matches!(
                            (&b.action, &o.action),
                            (Action::Down, Action::Up) | (Action::Left, Action::Right)
                        )
                }) {
                    keys.push(partner.keys[0].label());
                }
            }
            hints.push(Hint {
                keys: keys.join("/"),
                label,
            });
        }
        hints
    }

    /// The help overlay's content: the bindings grouped by the modes they apply in (a
    /// binding shared by several modes is listed once), each with its keys and words.
    /// Printable keys in the search line are listed as "type".
    pub fn help(&self) -> Vec<(String, Vec<HelpRow>)> {
        self.help_sections()
            .into_iter()
            .map(|(modes, rows)| (where_title(modes), rows))
            .collect()
    }

    /// Like [`Keymap::help`], with the sections that apply in `mode` first, so help opened
    /// from the grid starts with the grid's keys.
    pub fn help_for(&self, mode: Mode) -> Vec<(String, Vec<HelpRow>)> {
        let mut sections = self.help_sections();
        sections.sort_by_key(|(modes, _)| !modes.contains(&mode));
        sections
            .into_iter()
            .map(|(modes, rows)| (where_title(modes), rows))
            .collect()
    }

    fn help_sections(&self) -> Vec<(&'static [Mode], Vec<HelpRow>)> {
        let mut sections: Vec<(&'static [Mode], Vec<HelpRow>)> = Vec::new();
        for b in &self.bindings {
            let keys = b
                .keys
                .iter()
                .map(|k| k.label())
                .collect::<Vec<_>>()
                .join(", ");
            match sections.iter_mut().find(|(modes, _)| *modes == b.modes) {
                Some((_, rows)) => rows.push((keys, b.help)),
                None => {
                    let mut rows = Vec::new();
                    if b.modes == SEARCH {
                        rows.push(("type".to_string(), "filter the list on every keystroke"));
                    }
                    rows.push((keys, b.help));
                    sections.push((b.modes, rows));
                }
            }
        }
        sections
    }
}

/// A heading naming where a group of bindings applies.
fn where_title(modes: &[Mode]) -> String {
    let all_but_search = Mode::ALL.iter().filter(|m| **m != Mode::Search).count();
    match modes {
        [one] => one.title().to_string(),
        _ if modes.len() == Mode::ALL.len() => "Everywhere".to_string(),
        _ if modes.len() == all_but_search && !modes.contains(&Mode::Search) => {
            "Everywhere but the search line".to_string()
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
            Some(Action::ToggleMark)
        ));
        assert!(matches!(
            map.action(Mode::Grid, Key::Char(' ')),
            Some(Action::ToggleColumn)
        ));
        assert!(matches!(
            map.action(Mode::Search, Key::Char('q')),
            Some(Action::InsertChar('q'))
        ));
        assert!(matches!(
            map.action(Mode::List, Key::Char('q')),
            Some(Action::Quit)
        ));
        assert!(matches!(
            map.action(Mode::Search, Key::Ctrl('c')),
            Some(Action::Quit)
        ));
        assert!(map.action(Mode::List, Key::Char('z')).is_none());
    }

    #[test]
    fn reverse_lookup_finds_every_key() {
        let map = Keymap::standard();
        assert_eq!(
            map.keys_for(Mode::List, &Action::Quit),
            vec![Key::Char('q'), Key::Ctrl('c')]
        );
        assert_eq!(
            map.keys_for(Mode::Grid, &Action::ToggleGrid),
            vec![Key::Char('c'), Key::Esc]
        );
    }

    #[test]
    fn every_bound_key_is_reachable_and_listed_in_help() {
        let map = Keymap::standard();
        let help = map.help();
        for b in map.bindings() {
            for &mode in b.modes {
                // The first binding for a key in a mode wins; each row must be that winner.
                for &key in b.keys {
                    let got = map.action(mode, key);
                    assert!(
                        got.as_ref() == Some(&b.action),
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
    fn hints_pair_directions() {
        let map = Keymap::standard();
        let hints = map.hints(Mode::List);
        assert_eq!(hints[0].keys, "/");
        assert!(hints.iter().any(|h| h.keys == "j/k" && h.label == "move"));
        let grid = map.hints(Mode::Grid);
        assert!(grid.iter().any(|h| h.keys == "h/l"));
    }
}
