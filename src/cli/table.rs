//! The text-table layout shared by `list` and `compare`, and the width it fits.

use std::io::{self, IsTerminal};

use crate::text_width as text;

/// The columns output may use: the terminal's width when stdout is one (at least 40),
/// otherwise 100.
pub(super) fn output_width() -> usize {
    if io::stdout().is_terminal() {
        ratatui::crossterm::terminal::size()
            .map(|(w, _)| usize::from(w))
            .unwrap_or(100)
            .max(40)
    } else {
        100
    }
}

/// Lays out a text table within `max_width` columns: the widest columns give up space first;
/// cells are cut with `…` (their `*` and `†` kept after it), or wrapped onto more lines when `wrap` is set.
pub(super) fn table(
    header: &[&str],
    rows: &[Vec<String>],
    max_width: usize,
    wrap: bool,
) -> Vec<String> {
    let cols = header.len();
    let mut widths: Vec<usize> = header.iter().map(|h| text::width(h)).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate().take(cols) {
            widths[i] = widths[i].max(text::width(cell));
        }
    }
    let gaps = 2 * cols.saturating_sub(1);
    while widths.iter().sum::<usize>() + gaps > max_width {
        let Some((widest, &w)) = widths.iter().enumerate().skip(1).max_by_key(|&(_, w)| *w) else {
            break;
        };
        if w <= 8 {
            break;
        }
        widths[widest] = w - 1;
    }
    let render = |cells: &[String]| -> Vec<String> {
        let wrapped: Vec<Vec<String>> = cells
            .iter()
            .zip(&widths)
            .map(|(c, &w)| {
                if wrap {
                    text::wrap(c, w)
                } else {
                    vec![text::truncate_keeping_marks(c, w)]
                }
            })
            .collect();
        let height = wrapped.iter().map(Vec::len).max().unwrap_or(1).max(1);
        (0..height)
            .map(|line| {
                wrapped
                    .iter()
                    .zip(&widths)
                    .map(|(c, &w)| text::pad(c.get(line).map_or("", String::as_str), w))
                    .collect::<Vec<_>>()
                    .join("  ")
            })
            .collect()
    };
    let head: Vec<String> = header.iter().map(|h| h.to_string()).collect();
    let mut lines = render(&head);
    lines.push(
        widths
            .iter()
            .map(|&w| "─".repeat(w))
            .collect::<Vec<_>>()
            .join("  "),
    );
    for row in rows {
        lines.extend(render(row));
    }
    lines
}
