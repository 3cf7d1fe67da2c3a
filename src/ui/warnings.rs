//! The `w` popup: the profiles that were skipped or loaded with warnings, and why, as the
//! catalog reports them (path:line:column, field, message, the offending line).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::Styled;
use crate::app::App;
use crate::catalog::Severity;

/// The widest the popup gets.
pub const WIDTH: u16 = 100;

/// Every line of the popup at `width` columns, before scrolling.
pub fn lines(app: &App, width: usize) -> Vec<Line<'static>> {
    let t = app.theme();
    let (errors, warnings) = app.problem_counts();
    let mut out = Vec::new();
    if errors == 0 && warnings == 0 {
        return Styled::plain("Every profile loaded without a problem.", Style::new()).wrap(width);
    }
    let summary = format!(
        "{} skipped, {}. Fix the files, then run `affex validate`.",
        crate::plural::count(errors, "profile"),
        crate::plural::count(warnings, "warning"),
    );
    out.extend(Styled::plain(&summary, t.title).wrap(width));
    for problem in &app.catalog().problems {
        out.push(Line::default());
        let style = match problem.severity {
            Severity::Error => t.warning,
            Severity::Warning => t.dim,
        };
        let text = problem.to_string();
        let mut first = true;
        for paragraph in text.split('\n') {
            let indent = if first { 0 } else { 2 };
            let line_style = if first { style } else { Style::new() };
            for line in Styled::plain(paragraph, line_style).wrap(width.saturating_sub(indent)) {
                let mut spans = vec![Span::raw(" ".repeat(indent))];
                spans.extend(line.spans);
                out.push(Line::from(spans));
            }
            first = false;
        }
    }
    out
}

/// Draws the popup over `area`, scrolled by `scroll` lines.
pub fn draw(buf: &mut Buffer, area: Rect, app: &App, scroll: usize) {
    super::draw_popup(
        buf,
        area,
        app,
        ("Skipped profiles", WIDTH),
        |w| lines(app, w),
        scroll,
    );
}
