//! A backend that never reports the window larger than [`MAX_WIDTH`]×[`MAX_HEIGHT`]: ratatui
//! keeps two buffers of one cell per position of the window, so a 65535×65535 window asked for
//! 206 GB and aborted ("memory allocation of 206152138800 bytes failed"). The app draws into
//! the top-left corner of such a window; the rest stays blank.

use ratatui::backend::{Backend, ClearType, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};

/// The widest window drawn, in columns.
pub const MAX_WIDTH: u16 = 1000;
/// The tallest window drawn, in rows.
pub const MAX_HEIGHT: u16 = 500;

/// `size` cut to the largest window drawn.
pub fn capped(size: Size) -> Size {
    Size::new(size.width.min(MAX_WIDTH), size.height.min(MAX_HEIGHT))
}

/// Another backend, its size capped.
pub struct CappedBackend<B>(pub B);

impl<B: Backend> Backend for CappedBackend<B> {
    type Error = B::Error;

    fn draw<'a, I>(&mut self, content: I) -> Result<(), Self::Error>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        self.0.draw(content)
    }

    fn append_lines(&mut self, n: u16) -> Result<(), Self::Error> {
        self.0.append_lines(n)
    }

    fn hide_cursor(&mut self) -> Result<(), Self::Error> {
        self.0.hide_cursor()
    }

    fn show_cursor(&mut self) -> Result<(), Self::Error> {
        self.0.show_cursor()
    }

    fn get_cursor_position(&mut self) -> Result<Position, Self::Error> {
        self.0.get_cursor_position()
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> Result<(), Self::Error> {
        self.0.set_cursor_position(position)
    }

    fn clear(&mut self) -> Result<(), Self::Error> {
        self.0.clear()
    }

    fn clear_region(&mut self, clear_type: ClearType) -> Result<(), Self::Error> {
        self.0.clear_region(clear_type)
    }

    fn size(&self) -> Result<Size, Self::Error> {
        self.0.size().map(capped)
    }

    fn window_size(&mut self) -> Result<WindowSize, Self::Error> {
        let mut size = self.0.window_size()?;
        size.columns_rows = capped(size.columns_rows);
        Ok(size)
    }

    fn flush(&mut self) -> Result<(), Self::Error> {
        self.0.flush()
    }
}

#[cfg(test)]
#[allow(clippy::expect_used, clippy::unwrap_used)]
mod tests {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    use super::*;

    #[test]
    fn a_huge_window_is_drawn_capped() {
        // A real 65535×65535 test backend would itself allocate what the cap avoids; a window
        // just over the cap shows the cut as well.
        let backend = CappedBackend(TestBackend::new(MAX_WIDTH + 7, MAX_HEIGHT + 3));
        let mut terminal = Terminal::new(backend).expect("terminal");
        let frame = terminal.draw(|_| {}).expect("draw");
        assert_eq!(frame.area.width, MAX_WIDTH);
        assert_eq!(frame.area.height, MAX_HEIGHT);
        assert_eq!(
            capped(Size::new(65535, 65535)),
            Size::new(MAX_WIDTH, MAX_HEIGHT)
        );
        assert_eq!(capped(Size::new(80, 24)), Size::new(80, 24));
    }
}
