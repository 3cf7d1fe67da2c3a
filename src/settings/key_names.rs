//! Keys as the config file writes them: `"c"`, `"G"`, `"Space"`, `"Ctrl-u"`, `"PgDn"`. Named
//! keys are read in any case and also as the help overlay writes them (`↓`, `Alt-↑`); a single
//! character is itself, so `"g"` and `"G"` are two keys.

use crate::keymap::Key;

/// The named keys: the name the default file writes, then other spellings read the same.
const NAMED: &[(Key, &[&str])] = &[
    (Key::Char(' '), &["Space"]),
    (Key::Enter, &["Enter", "Return"]),
    (Key::Esc, &["Esc", "Escape"]),
    (Key::Tab, &["Tab"]),
    (Key::BackTab, &["Shift-Tab", "BackTab"]),
    (Key::Backspace, &["Backspace"]),
    (Key::Up, &["Up", "↑"]),
    (Key::Down, &["Down", "↓"]),
    (Key::Left, &["Left", "←"]),
    (Key::Right, &["Right", "→"]),
    (Key::Home, &["Home"]),
    (Key::End, &["End"]),
    (Key::PageUp, &["PgUp", "PageUp", "Page-Up"]),
    (Key::PageDown, &["PgDn", "PageDown", "Page-Down"]),
    (Key::AltBackspace, &["Alt-Backspace"]),
    (Key::AltUp, &["Alt-Up", "Alt-↑"]),
    (Key::AltDown, &["Alt-Down", "Alt-↓"]),
];

/// What the config file accepts, for an error message.
pub const KEY_NAMES_HELP: &str = "a single character (\"c\", \"G\", \"?\"), Ctrl-<letter>, Space, \
Enter, Esc, Tab, Shift-Tab, Backspace, Up, Down, Left, Right, Home, End, PgUp, PgDn, \
Alt-Backspace, Alt-Up or Alt-Down";

impl Key {
    /// How the config file writes the key; [`Key::from_config_name`] reads it back.
    pub fn config_name(self) -> String {
        if let Some((_, names)) = NAMED.iter().find(|(k, _)| *k == self) {
            return names[0].to_string();
        }
        match self {
            Key::Ctrl(c) => format!("Ctrl-{c}"),
            Key::Char(c) => c.to_string(),
            _ => self.label(),
        }
    }

    /// The key a config file names, or `None` when it names none.
    pub fn from_config_name(name: &str) -> Option<Key> {
        // Names first: `↓` is the arrow, as the help overlay writes it, not a character.
        if let Some((key, _)) = NAMED
            .iter()
            .find(|(_, names)| names.iter().any(|n| n.eq_ignore_ascii_case(name)))
        {
            return Some(*key);
        }
        let mut chars = name.chars();
        if let (Some(c), None) = (chars.next(), chars.next()) {
            return (!c.is_control()).then_some(Key::Char(c));
        }
        let rest = name
            .get(..5)
            .filter(|p| p.eq_ignore_ascii_case("ctrl-"))
            .and_then(|_| name.get(5..))?;
        let mut chars = rest.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) if c.is_ascii_alphabetic() => Some(Key::Ctrl(c.to_ascii_lowercase())),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keymap::Keymap;

    #[test]
    fn every_default_key_reads_back_from_its_name() {
        for b in Keymap::standard().bindings() {
            for &key in &b.keys {
                assert_eq!(Key::from_config_name(&key.config_name()), Some(key));
                assert_eq!(Key::from_config_name(&key.label()), Some(key), "{key:?}");
            }
        }
    }

    #[test]
    fn names_are_read_in_any_case_but_characters_are_themselves() {
        assert_eq!(Key::from_config_name("pgdn"), Some(Key::PageDown));
        assert_eq!(Key::from_config_name("CTRL-U"), Some(Key::Ctrl('u')));
        assert_eq!(Key::from_config_name("G"), Some(Key::Char('G')));
        assert_eq!(Key::from_config_name("g"), Some(Key::Char('g')));
        assert_eq!(Key::from_config_name("Ctrl-1"), None);
        assert_eq!(Key::from_config_name("Hyper-x"), None);
        assert_eq!(Key::from_config_name(""), None);
        assert_eq!(Key::from_config_name("\u{7}"), None);
    }
}
