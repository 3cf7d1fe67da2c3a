//! The `w` popup: the profiles that were skipped or loaded with warnings, and why, as the
//! catalog reports them (path:line:column, field, message, the offending line).

use std::sync::Arc;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;

use super::Styled;
use crate::app::App;
use crate::catalog::Severity;

/// The widest the popup gets.
pub const WIDTH: u16 = 100;

/// What the source and caret lines of a problem are indented by, under its headline.
const SOURCE_INDENT: &str = "  ";

/// Every line of the popup at `width` columns, before scrolling: laid out once per load and
/// width ([`crate::app::PopupText`]), then handed out again.
pub fn lines(app: &App, width: usize) -> Arc<[Line<'static>]> {
    app.warnings_text()
        .get_or_build(width, || lay_out(app, width))
}

/// Lays out every line of the popup at `width` columns.
fn lay_out(app: &App, width: usize) -> Vec<Line<'static>> {
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
        let mut report = problem.report().into_iter();
        // The headline wraps like prose; the source and caret lines keep every space, so the
        // carets stay under what they point at (a line too long is cut, never wrapped).
        if let Some(headline) = report.next() {
            let text: String = headline.into_iter().map(|(_, text)| text).collect();
            out.extend(Styled::plain(&text, style).wrap(width));
        }
        for line in report {
            let mut shown = Styled::plain(SOURCE_INDENT, Style::new());
            for (_, text) in &line {
                shown.push(text, Style::new());
            }
            out.push(shown.cut(width));
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
