//! Input translation: a terminal event becomes inputs in the keymap's terms, and an input
//! becomes an [`Action`] in the app's current mode.

use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind,
};

use crate::action::Action;
use crate::app::App;
use crate::keymap::Key;

/// One thing the user did, with keys already in the keymap's terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A key press.
    Key(Key),
    /// A left click at a cell.
    Click {
        /// Screen column.
        column: u16,
        /// Screen row.
        row: u16,
    },
    /// A wheel turn over a cell.
    Wheel {
        /// Screen column.
        column: u16,
        /// Screen row.
        row: u16,
        /// True when scrolling towards the end.
        down: bool,
    },
    /// A new terminal size.
    Resize {
        /// Columns.
        width: u16,
        /// Rows.
        height: u16,
    },
    /// Text pasted in one go (bracketed paste), however long.
    Paste(String),
    /// Ctrl-Z: in raw mode the terminal sends it as a key, not as SIGTSTP, so the loop
    /// suspends itself.
    Suspend,
}

/// The inputs an event stands for. A key with Alt held comes out as Esc and then the key:
/// terminals send Esc followed quickly by a key (a fast typist, a paste, a test driver) the
/// same way as Alt and that key. The search line's Alt keys (Backspace, ↑, ↓) are the
/// exceptions, kept whole.
pub(super) fn to_inputs(event: Event) -> Vec<Input> {
    match event {
        Event::Key(k)
            if k.kind == KeyEventKind::Press
                && k.modifiers.contains(KeyModifiers::CONTROL)
                && matches!(k.code, KeyCode::Char('z' | 'Z')) =>
        {
            vec![Input::Suspend]
        }
        Event::Key(k) if k.kind == KeyEventKind::Press => {
            let alt = k.modifiers.contains(KeyModifiers::ALT);
            let with_alt = match k.code {
                KeyCode::Backspace => Some(Key::AltBackspace),
                KeyCode::Up => Some(Key::AltUp),
                KeyCode::Down => Some(Key::AltDown),
                _ => None,
            };
            if let (true, Some(key)) = (alt, with_alt) {
                return vec![Input::Key(key)];
            }
            let plain = KeyEvent::new(k.code, k.modifiers - KeyModifiers::ALT);
            match (alt, to_key(plain)) {
                (true, Some(key)) => vec![Input::Key(Key::Esc), Input::Key(key)],
                (false, Some(key)) => vec![Input::Key(key)],
                (_, None) => Vec::new(),
            }
        }
        Event::Mouse(m) => match m.kind {
            MouseEventKind::Down(MouseButton::Left) => vec![Input::Click {
                column: m.column,
                row: m.row,
            }],
            MouseEventKind::ScrollDown | MouseEventKind::ScrollUp => vec![Input::Wheel {
                column: m.column,
                row: m.row,
                down: m.kind == MouseEventKind::ScrollDown,
            }],
            _ => Vec::new(),
        },
        Event::Resize(width, height) => vec![Input::Resize { width, height }],
        Event::Paste(text) => vec![Input::Paste(text)],
        _ => Vec::new(),
    }
}

/// The action an input stands for in the app's current mode, if any.
pub(super) fn to_action(app: &App, input: Input) -> Option<Action> {
    match input {
        Input::Key(key) => Some(
            app.keymap()
                .action(app.mode(), key)
                .unwrap_or(Action::UnboundKey(key)),
        ),
        Input::Click { column, row } => Some(Action::Click { column, row }),
        Input::Wheel { column, row, down } => Some(Action::Wheel { column, row, down }),
        Input::Resize { width, height } => {
            // The app lays out no more than the terminal draws.
            let size = super::capped::capped(ratatui::layout::Size::new(width, height));
            Some(Action::Resize {
                width: size.width,
                height: size.height,
            })
        }
        Input::Paste(text) => Some(Action::Paste(text)),
        Input::Suspend => None,
    }
}

/// The keymap's name for a key press; keys affex does not use are `None`.
pub(super) fn to_key(k: KeyEvent) -> Option<Key> {
    let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
    Some(match k.code {
        KeyCode::Char(c) if ctrl => Key::Ctrl(c.to_ascii_lowercase()),
        KeyCode::Char(c) => Key::Char(c),
        KeyCode::Enter => Key::Enter,
        KeyCode::Esc => Key::Esc,
        KeyCode::Tab if k.modifiers.contains(KeyModifiers::SHIFT) => Key::BackTab,
        KeyCode::Tab => Key::Tab,
        KeyCode::BackTab => Key::BackTab,
        KeyCode::Backspace => Key::Backspace,
        KeyCode::Up => Key::Up,
        KeyCode::Down => Key::Down,
        KeyCode::Left => Key::Left,
        KeyCode::Right => Key::Right,
        KeyCode::Home => Key::Home,
        KeyCode::End => Key::End,
        KeyCode::PageUp => Key::PageUp,
        KeyCode::PageDown => Key::PageDown,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_translate() {
        let press = |code, modifiers| KeyEvent::new(code, modifiers);
        assert_eq!(
            to_key(press(KeyCode::Char('u'), KeyModifiers::CONTROL)),
            Some(Key::Ctrl('u'))
        );
        assert_eq!(
            to_key(press(KeyCode::Char('G'), KeyModifiers::SHIFT)),
            Some(Key::Char('G'))
        );
        assert_eq!(
            to_key(press(KeyCode::Tab, KeyModifiers::SHIFT)),
            Some(Key::BackTab)
        );
        let alt_back = Event::Key(press(KeyCode::Backspace, KeyModifiers::ALT));
        assert_eq!(to_inputs(alt_back), vec![Input::Key(Key::AltBackspace)]);
        let alt_up = Event::Key(press(KeyCode::Up, KeyModifiers::ALT));
        assert_eq!(to_inputs(alt_up), vec![Input::Key(Key::AltUp)]);
        let alt_x = Event::Key(press(KeyCode::Char('x'), KeyModifiers::ALT));
        assert_eq!(
            to_inputs(alt_x),
            vec![Input::Key(Key::Esc), Input::Key(Key::Char('x'))]
        );
    }
}
