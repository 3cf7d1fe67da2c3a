//! What shows when the terminal is smaller than the explorer can use.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::layout::{MIN_HEIGHT, MIN_WIDTH};
use super::theme::Theme;
use super::{Styled, put};

/// Draws the "too small" message centred in `area`, cut to whatever fits; `quit_key` is the
/// key that quits, as written.
pub fn draw(buf: &mut Buffer, area: Rect, theme: &Theme, quit_key: &str) {
    let width = usize::from(area.width);
    let message = format!(
        "Terminal too small: {}x{}. affex needs at least {MIN_WIDTH}x{MIN_HEIGHT}; enlarge the window or press {quit_key} to quit.",
        area.width, area.height
    );
    let lines = Styled::plain(&message, theme.warning).wrap(width);
    let top = usize::from(area.height).saturating_sub(lines.len()) / 2;
    for (i, line) in lines.iter().enumerate() {
        let used = super::line_width(line);
        let left = width.saturating_sub(used) / 2;
        let row = Rect {
            x: area.x + u16::try_from(left).unwrap_or(0),
            width: area.width.saturating_sub(u16::try_from(left).unwrap_or(0)),
            ..area
        };
        put(buf, row, top + i, line);
    }
}
