//! Where the explorer's frames go: each frame is gathered in memory, its cursor moves included,
//! and handed to the terminal in one write by [`FrameOut::send`].
//!
//! Through `io::stdout()` itself, a frame left in pieces of at most 1 KiB (std's stdout is a
//! `LineWriter` of that size), and ratatui's cursor moves flush on their own (crossterm's
//! `execute!`): a key that changed the list and the detail pane was 5–7 writes, each one a
//! wake-up of the terminal, which could also show the half-drawn frame between them.
//! `std::io::BufWriter` would gather, but it writes at every flush and writes what it holds
//! when dropped: a panic in the middle of a frame would print that half frame over the shell
//! the panic hook has just given back. Here a frame never sent is dropped unwritten.

use std::io::{self, Write};

/// A writer that holds everything written (flushing does nothing) until [`FrameOut::send`].
pub struct FrameOut<W: Write> {
    out: W,
    pending: Vec<u8>,
}

impl<W: Write> FrameOut<W> {
    /// Frames for `out`.
    pub fn new(out: W) -> Self {
        FrameOut {
            out,
            pending: Vec::new(),
        }
    }

    /// Writes what was gathered in one call and flushes it; on failure it is dropped, not kept
    /// to grow with the next frame.
    pub fn send(&mut self) -> io::Result<()> {
        let written = self.out.write_all(&self.pending);
        self.pending.clear();
        written?;
        self.out.flush()
    }
}

impl<W: Write> Write for FrameOut<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.pending.extend_from_slice(buf);
        Ok(buf.len())
    }

    /// Nothing: ratatui and crossterm flush after each cursor move, mid-frame.
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
#[allow(clippy::expect_used, clippy::unwrap_used)]
mod tests {
    use std::cell::RefCell;
    use std::rc::Rc;

    use ratatui::Terminal;
    use ratatui::backend::CrosstermBackend;
    use ratatui::text::Line;

    use super::*;

    /// Records each write call it is given.
    #[derive(Clone, Default)]
    struct Calls(Rc<RefCell<Vec<Vec<u8>>>>);

    impl Write for Calls {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0.borrow_mut().push(buf.to_vec());
            Ok(buf.len())
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    /// A 120×36 window of text, every row different from a blank screen and from the frame
    /// of another `word`.
    fn full_frame(frame: &mut ratatui::Frame<'_>, word: &str) {
        let area = frame.area();
        for row in 0..area.height {
            let text = format!("row{row} {}", format!("{word} ").repeat(13));
            let line = Line::from(text);
            frame.render_widget(line, ratatui::layout::Rect::new(0, row, area.width, 1));
        }
    }

    #[test]
    fn a_whole_frame_and_its_cursor_reach_the_terminal_in_one_write() {
        let calls = Calls::default();
        let backend = CrosstermBackend::new(FrameOut::new(calls.clone()));
        let mut terminal = Terminal::with_options(
            backend,
            ratatui::TerminalOptions {
                viewport: ratatui::Viewport::Fixed(ratatui::layout::Rect::new(0, 0, 120, 36)),
            },
        )
        .expect("terminal");
        for (word, cursor) in [("programs", None), ("networks", Some((7, 0)))] {
            calls.0.borrow_mut().clear();
            // Drawn as the explorer draws: the frame, then its cursor shown (or hidden) and moved.
            terminal
                .draw(|frame| {
                    full_frame(frame, word);
                    if let Some(at) = cursor {
                        frame.set_cursor_position(at);
                    }
                })
                .expect("draw");
            assert!(
                calls.0.borrow().is_empty(),
                "nothing before the frame is sent"
            );
            terminal.backend_mut().writer_mut().send().expect("send");
            let writes = calls.0.borrow();
            assert_eq!(writes.len(), 1, "one write for the frame ({cursor:?})");
            let text = String::from_utf8_lossy(&writes[0]);
            for row in 1..=36 {
                let moved_to = format!("\x1b[{row};");
                assert!(
                    text.contains(&moved_to),
                    "row {row} in the one write: {text:?}"
                );
            }
            let (show_or_hide, moved) = match cursor {
                Some(_) => ("\x1b[?25h", "\x1b[1;8H"),
                None => ("\x1b[?25l", ""),
            };
            assert!(
                text.ends_with(&format!("{show_or_hide}{moved}")),
                "{text:?}"
            );
        }
    }

    #[test]
    fn a_frame_never_flushed_is_never_written() {
        let calls = Calls::default();
        {
            let mut out = FrameOut::new(calls.clone());
            out.write_all(b"half a frame").expect("write");
        }
        assert!(calls.0.borrow().is_empty());
    }

    #[test]
    fn a_failed_write_drops_the_frame() {
        struct Broken;
        impl Write for Broken {
            fn write(&mut self, _: &[u8]) -> io::Result<usize> {
                Err(io::Error::other("hung up"))
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let mut out = FrameOut::new(Broken);
        out.write_all(b"a frame").expect("gathered");
        assert!(out.send().is_err());
        assert!(
            out.pending.is_empty(),
            "not kept to grow with the next frame"
        );
    }
}
