//! The text-table layout shared by `list` and `compare`, and the width it fits.

use std::io::{self, IsTerminal};

// Printed straight to the terminal: measured as a terminal draws it, not as ratatui's buffer.
use crate::text_width::printed as text;

/// The columns output may use: `--width N` when given, else the terminal's width when stdout is
/// one (at least 40), otherwise 100.
pub(super) fn output_width(asked: Option<usize>) -> usize {
    if let Some(width) = asked {
        width
    } else if io::stdout().is_terminal() {
        ratatui::crossterm::terminal::size()
            .map(|(w, _)| usize::from(w))
            .unwrap_or(100)
            .max(40)
    } else {
        100
    }
}

/// The widest word of `cell`, in columns: the narrowest a wrapped column can be without
/// breaking a word.
fn widest_word(cell: &str) -> usize {
    cell.split([' ', '\n']).map(text::width).max().unwrap_or(0)
}

/// Lays out a text table within `max_width` columns: the widest columns give up space first;
/// cells are cut with `…` (their `*` and `†` kept after it), or wrapped onto more lines at
/// spaces when `wrap` is set.
///
/// With `wrap`, no column gets narrower than its widest word; `None` says the table cannot fit
/// `max_width` that way, and the caller lays the data out another way (stacked).
pub(super) fn table(
    header: &[&str],
    rows: &[Vec<String>],
    max_width: usize,
    wrap: bool,
) -> Option<Vec<String>> {
    let cols = header.len();
    let mut widths: Vec<usize> = header.iter().map(|h| text::width(h)).collect();
    let mut floors: Vec<usize> = header.iter().map(|h| widest_word(h)).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate().take(cols) {
            widths[i] = widths[i].max(text::width(cell));
            floors[i] = floors[i].max(widest_word(cell));
        }
    }
    let gaps = 2 * cols.saturating_sub(1);
    while widths.iter().sum::<usize>() + gaps > max_width {
        // The widest column that can still give up a column: down to its widest word when
        // wrapping, down to 8 when cutting.
        let floor = |i: usize| if wrap { floors[i].max(1) } else { 8 };
        let Some((widest, &w)) = widths
            .iter()
            .enumerate()
            .skip(1)
            .filter(|&(i, &w)| w > floor(i))
            .max_by_key(|&(_, w)| *w)
        else {
            if wrap {
                return None;
            }
            break;
        };
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
    Some(lines)
}

/// The stacked layout for a table too wide to fit: one block per column after the first (one
/// program per block in `compare`), headed by the column's header, each row's label and value
/// on a line, the value wrapped at spaces under itself.
pub(super) fn stacked(header: &[&str], rows: &[Vec<String>], max_width: usize) -> Vec<String> {
    let label_width = rows
        .iter()
        .filter_map(|row| row.first())
        .map(|label| text::width(label))
        .max()
        .unwrap_or(0)
        .min(max_width / 2);
    let indent = 2;
    let value_width = max_width.saturating_sub(indent + label_width + 2).max(10);
    let mut lines = Vec::new();
    for (col, title) in header.iter().enumerate().skip(1) {
        if col > 1 {
            lines.push(String::new());
        }
        lines.push(text::truncate(title, max_width));
        lines.push("─".repeat(text::width(title).min(max_width)));
        for row in rows {
            let label = row.first().map_or("", String::as_str);
            let value = row.get(col).map_or("", String::as_str);
            let wrapped = text::wrap(value, value_width);
            for (i, part) in wrapped.iter().enumerate() {
                let shown_label = if i == 0 {
                    text::pad(&text::truncate(label, label_width), label_width)
                } else {
                    " ".repeat(label_width)
                };
                lines.push(format!("{:indent$}{shown_label}  {part}", ""));
            }
            if wrapped.is_empty() {
                lines.push(format!("{:indent$}{label}", ""));
            }
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_width::UnicodeWidthStr;

    /// The terminal column where `needle` starts in `line`.
    fn column_of(line: &str, needle: &str) -> Option<usize> {
        line.find(needle)
            .map(|at| UnicodeWidthStr::width(&line[..at]))
    }

    #[test]
    fn halfwidth_sound_marks_keep_printed_columns_under_their_headers() {
        // A terminal draws each halfwidth sound mark in one column (as unicode-width says);
        // ratatui's buffer gives it two, and measuring the printed table that way padded
        // "ｶﾞｷﾞ" two columns short, so "Rate" and "3%" no longer lined up.
        let stacked = format!("ｶ{}", "\u{ff9e}".repeat(20));
        for name in ["ｶﾞｷﾞ", "ｦﾞﾞﾞ", stacked.as_str()] {
            for width in [30, 60, 100] {
                let rows = vec![
                    vec![name.to_string(), "3%".to_string()],
                    vec!["plain".to_string(), "4%".to_string()],
                ];
                let lines = table(&["Name", "Rate"], &rows, width, false).unwrap_or_default();
                let header = column_of(&lines[0], "Rate");
                assert_eq!(
                    column_of(&lines[2], "3%"),
                    header,
                    "{name} at {width}: {lines:#?}"
                );
                assert_eq!(column_of(&lines[3], "4%"), header, "{name} at {width}");
            }
        }
    }
}
