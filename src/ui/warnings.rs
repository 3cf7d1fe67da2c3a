//! The `w` popup: the profiles that were skipped or loaded with warnings, and why, as the
//! catalog reports them (path:line:column, field, message, the offending line).

use std::sync::Arc;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;

use super::Styled;
use crate::action::Command;
use crate::app::App;
use crate::catalog::Severity;
use crate::keymap::Mode;

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
    if !app.config_problems().is_empty() {
        let summary = format!(
            "The config file was not used (default keys and theme): {}. Fix it, then check it with `affex config --check`.",
            crate::plural::count(app.config_problems().len(), "problem")
        );
        out.extend(Styled::plain(&summary, t.title).wrap(width));
        for problem in app.config_problems() {
            out.extend(Styled::plain(problem, t.warning).wrap(width));
        }
        out.push(Line::default());
    }
    let summary = if errors == 0 && warnings == 0 {
        "Every profile loaded without a problem.".to_string()
    } else {
        let files = app
            .catalog()
            .skipped_files_text(crate::cli::NAMED_FILES)
            .map_or(String::new(), |files| format!(" ({files})"));
        format!(
            "{} skipped{files}, {}. Fix the files, then run `{}`.",
            crate::plural::count(errors, "profile"),
            crate::plural::count(warnings, "warning"),
            app.validate_command(),
        )
    };
    out.extend(Styled::plain(&summary, t.title).wrap(width));
    if !app.sources().is_empty() {
        out.push(Line::default());
        out.extend(Styled::plain("Profiles come from:", t.title).wrap(width));
        for source in app.sources() {
            out.extend(Styled::plain(&format!("{SOURCE_INDENT}{source}"), t.dim).wrap(width));
        }
        let key = app.keymap().key_label(Mode::Warnings, Command::Reload);
        if !key.is_empty() {
            let text = format!(
                "{SOURCE_INDENT}Changed files reload by themselves; {key} reloads them now."
            );
            out.extend(Styled::plain(&text, t.dim).wrap(width));
        }
    }
    for problem in &app.catalog().problems {
        out.push(Line::default());
        let style = match problem.severity {
            Severity::Error => t.warning,
            Severity::Warning | Severity::Info => t.dim,
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

#[cfg(test)]
#[allow(clippy::expect_used, clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::catalog::{LoadOptions, load};
    use crate::theme::Theme;

    fn text(lines: &[Line<'_>]) -> String {
        lines
            .iter()
            .map(|l| {
                l.spans
                    .iter()
                    .map(|s| s.content.as_ref())
                    .collect::<String>()
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn the_popup_names_skipped_files_replacements_and_the_validate_command() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(
            dir.path().join("temu.toml"),
            "id = \"temu\"\nname = \"Mine\"\n",
        )
        .expect("written");
        std::fs::write(dir.path().join("bad.toml"), "id = \"bad\"\n").expect("written");
        let options = LoadOptions {
            bundled: true,
            user_dir: None,
            extra_dirs: vec![dir.path().to_path_buf()],
        };
        let mut app = App::new(load(&options), Theme::plain());
        app.set_validate_command(crate::cli::validate_command(&options));
        let shown = text(&lines(&app, 400));
        let bad = dir.path().join("bad.toml");
        assert!(
            shown.contains(&format!(
                "1 profile skipped ({}), 0 warnings. Fix the files, then run `affex --profiles {} validate`.",
                bad.display(),
                dir.path().display()
            )),
            "{shown}"
        );
        assert!(
            shown.contains("info in `id`: replaces the bundled profile `temu` (temu.toml)"),
            "{shown}"
        );
    }
}
