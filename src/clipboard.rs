//! Copying to the clipboard through the terminal: the OSC 52 sequence (`ESC ] 52 ; c ;
//! base64 BEL`) asks the terminal to put the text on the system clipboard, over SSH too.
//! Terminals without it ignore the sequence. Only affex's own text is sent (an id, a table it
//! wrote), cleaned of every control character but line breaks and tabs, and at most
//! [`LIMIT`] bytes, since terminals cap what they accept. Inside tmux the sequence is sent
//! twice: plain (taken by tmux when `set-clipboard` is on) and wrapped for passthrough (passed
//! on when `allow-passthrough` is on).

use base64::Engine;

/// The most bytes of text copied (many terminals take no more than about 74 KB of base64).
pub const LIMIT: usize = 32 * 1024;

/// `text` without control or invisible characters, line breaks and tabs kept.
pub fn clean(text: &str) -> String {
    text.chars()
        .filter(|&c| {
            matches!(c, '\n' | '\t')
                || !(c.is_control() || crate::sanitize::is_invisible_control(c))
        })
        .collect()
}

/// The OSC 52 sequence that copies `text` (already [`clean`]) to the clipboard.
pub fn osc52(text: &str) -> String {
    let encoded = base64::engine::general_purpose::STANDARD.encode(text.as_bytes());
    format!("\u{1b}]52;c;{encoded}\u{7}")
}

/// `sequence` wrapped for tmux's passthrough: each ESC doubled inside `ESC P tmux; … ESC \`.
pub fn tmux_passthrough(sequence: &str) -> String {
    format!(
        "\u{1b}Ptmux;{}\u{1b}\\",
        sequence.replace('\u{1b}', "\u{1b}\u{1b}")
    )
}

/// What to write to the terminal to copy `text`: the sequence, and under tmux its wrapped
/// form too.
pub fn sequences(text: &str, under_tmux: bool) -> String {
    let plain = osc52(text);
    if under_tmux {
        let wrapped = tmux_passthrough(&plain);
        plain + &wrapped
    } else {
        plain
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sequence_carries_clean_text_in_base64() {
        assert_eq!(osc52("temu"), "\u{1b}]52;c;dGVtdQ==\u{7}");
        assert_eq!(clean("a\u{1b}[31mb\u{7}\n\tc\u{200b}"), "a[31mb\n\tc");
        let both = sequences("temu", true);
        assert!(both.starts_with("\u{1b}]52;c;dGVtdQ==\u{7}\u{1b}Ptmux;\u{1b}\u{1b}]52;"));
        assert!(both.ends_with("\u{7}\u{1b}\\"));
    }
}
