//! Problems found while loading profiles, and how they are shown: where, what, and the line.
//!
//! Everything quoted from a file passes through [`crate::sanitize`] before it is stored in a
//! [`Problem`], so printing a problem can never send a terminal an escape sequence.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use super::location::{Location, locate};
use crate::sanitize::{sanitize_line, sanitize_text};

/// How serious a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Severity {
    /// The file, or the program in it, was not loaded.
    Error,
    /// Loaded anyway, but something in it was ignored or looks wrong.
    Warning,
    /// Nothing wrong, but worth knowing (a user profile replaces a bundled one).
    Info,
}

impl Severity {
    /// The word shown before the message.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// One thing wrong in a profile, located as precisely as the input allows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Error or warning.
    pub severity: Severity,
    /// The file or directory at fault; `None` for a bundled profile or text given directly.
    pub path: Option<PathBuf>,
    /// For a compiled-in profile, its file name (`path` is then `None`).
    pub bundled: Option<&'static str>,
    /// 1-based line of the offending text.
    pub line: Option<usize>,
    /// 1-based column, in characters, where the offending text starts.
    pub column: Option<usize>,
    /// Dotted path of the field at fault, such as `cookie.days` or `program[3].cookie.days`.
    pub field: Option<String>,
    /// What was expected and what was found.
    pub message: String,
    /// The offending source line, sanitized.
    pub excerpt: Option<String>,
    /// The terminal columns of `excerpt` the problem covers, for the `^^^` marker.
    pub underline: Option<Range<usize>>,
    /// Set on the line that closes a file's capped list: the problems it stands for.
    pub hidden: Option<super::per_file::Hidden>,
    /// True for a catalog file refused whole for its size: the commands fail on it, since a
    /// listing without a whole catalog would mislead a script.
    pub refused_catalog: bool,
}

impl Problem {
    /// A problem with no position yet; the message and field are sanitized here.
    pub(super) fn new(
        severity: Severity,
        path: Option<&Path>,
        field: Option<String>,
        message: &str,
    ) -> Self {
        Problem {
            severity,
            path: path.map(Path::to_path_buf),
            bundled: None,
            line: None,
            column: None,
            field: field.map(|f| sanitize_line(&f)),
            message: sanitize_text(message),
            excerpt: None,
            underline: None,
            hidden: None,
            refused_catalog: false,
        }
    }

    /// An error with no position.
    pub(super) fn error(path: Option<&Path>, field: Option<String>, message: &str) -> Self {
        Problem::new(Severity::Error, path, field, message)
    }

    /// A warning with no position.
    pub(super) fn warning(path: Option<&Path>, field: Option<String>, message: &str) -> Self {
        Problem::new(Severity::Warning, path, field, message)
    }

    /// Points the problem at `span` (a byte range) of `src`.
    pub(super) fn at(self, src: &str, span: Range<usize>) -> Self {
        self.at_location(locate(src, span))
    }

    /// Points the problem at a place already located.
    pub(super) fn at_location(mut self, loc: Location) -> Self {
        self.line = Some(loc.line);
        self.column = Some(loc.column);
        self.excerpt = Some(loc.excerpt);
        self.underline = Some(loc.underline);
        self
    }

    /// Points the problem at `span` when there is one.
    pub(super) fn at_opt(self, src: &str, span: Option<Range<usize>>) -> Self {
        match span {
            Some(span) => self.at(src, span),
            None => self,
        }
    }
}

impl Problem {
    /// A short stable name for the kind of problem, for `validate --format json` (editors and
    /// CI match on it): `syntax`, `unknown-key`, `missing-field`, `blank-name`, `not-a-table`,
    /// `duplicate-id`, `dangling-alternative`, `replaces-bundled`, `empty-file`, `unreadable`,
    /// or `bad-value` for a value of the wrong type or out of range.
    pub fn code(&self) -> &'static str {
        let m = self.message.as_str();
        let has = |s: &str| m.contains(s);
        if m.starts_with("unknown key") || m.contains("is a top-level key") {
            "unknown-key"
        } else if m.starts_with("missing required field") {
            "missing-field"
        } else if m.starts_with("`name` is blank") {
            "blank-name"
        } else if m.starts_with("expected a table, found an array") {
            "not-a-table"
        } else if m.starts_with("duplicate id") {
            "duplicate-id"
        } else if has("names no loaded program") {
            "dangling-alternative"
        } else if has("replaces the bundled profile") {
            "replaces-bundled"
        } else if m.starts_with("empty file") {
            "empty-file"
        } else if m.starts_with("cannot ") || has("too large") || has("not a regular file") {
            "unreadable"
        } else if m.starts_with("expected") || m.starts_with("invalid value") {
            "bad-value"
        } else if self.field.is_none() {
            "syntax"
        } else {
            "bad-value"
        }
    }

    /// The file, or `(bundled) name` for a compiled-in profile, `<input>` for text given
    /// directly: where the problem is without the line.
    pub fn file(&self) -> String {
        match (&self.path, self.bundled) {
            (Some(path), _) => crate::sanitize::visible_path(path),
            (None, Some(name)) => format!("(bundled) {name}"),
            (None, None) => "<input>".to_string(),
        }
    }

    /// Where the problem is, as its report starts: `path`, `path:line` or `path:line:column`.
    pub fn location(&self) -> String {
        let mut at = self.file();
        if let Some(line) = self.line {
            at.push_str(&format!(":{line}"));
            if let Some(column) = self.column {
                at.push_str(&format!(":{column}"));
            }
        }
        at
    }
}

/// What a piece of a problem's report is, so a printer can style each piece its own way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Part {
    /// Where: `path:line:column`.
    Location,
    /// `error` or `warning`.
    Severity,
    /// The dotted path of the field at fault, without its backticks.
    Field,
    /// What was expected and what was found.
    Message,
    /// The line number before the offending line, right-aligned in the gutter.
    LineNumber,
    /// The offending source line.
    Excerpt,
    /// The `^^^` under the offending text.
    Carets,
    /// What joins the others: `: `, ` in `, backticks, the gutter's `|`, and the spaces that
    /// indent the carets.
    Punctuation,
}

/// Where the carets go under a problem's excerpt, in terminal cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Underline {
    /// Cells of the excerpt before the first caret.
    pub offset: usize,
    /// How many carets: at least one.
    pub width: usize,
}

/// One line of a problem's report: pieces of text, each with what it is.
pub type ReportLine = Vec<(Part, String)>;

impl Problem {
    /// Where the carets go under the excerpt, for a located problem.
    pub fn carets(&self) -> Option<Underline> {
        self.underline.as_ref().map(|cells| Underline {
            offset: cells.start,
            width: cells.end.saturating_sub(cells.start).max(1),
        })
    }

    /// The report in pieces, line by line: the headline (location, severity, field, message),
    /// then for a located problem the offending line under its number and the caret line.
    /// Joining the pieces, and the lines with line breaks, gives the [`Display`] text.
    ///
    /// [`Display`]: fmt::Display
    pub fn report(&self) -> Vec<ReportLine> {
        use Part::*;
        let mut headline = vec![
            (Location, self.location()),
            (Punctuation, ": ".to_string()),
            (Severity, self.severity.label().to_string()),
        ];
        if let Some(field) = &self.field {
            headline.push((Punctuation, " in `".to_string()));
            headline.push((Field, field.clone()));
            headline.push((Punctuation, "`".to_string()));
        }
        headline.push((Punctuation, ": ".to_string()));
        headline.push((Message, self.message.clone()));
        let mut lines = vec![headline];
        if let (Some(line), Some(excerpt)) = (self.line, &self.excerpt) {
            let number = line.to_string();
            let gutter = number.len().max(4);
            let mut source = vec![
                (LineNumber, format!("{number:>gutter$}")),
                (Punctuation, " |".to_string()),
            ];
            if !excerpt.is_empty() {
                source.push((Punctuation, " ".to_string()));
                source.push((Excerpt, excerpt.clone()));
            }
            lines.push(source);
            if let Some(carets) = self.carets() {
                lines.push(vec![
                    (Punctuation, format!("{:gutter$} | ", "")),
                    (Punctuation, " ".repeat(carets.offset)),
                    (Carets, "^".repeat(carets.width)),
                ]);
            }
        }
        lines
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, line) in self.report().iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            for (_, text) in line {
                f.write_str(text)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
#[allow(clippy::expect_used, clippy::unwrap_used)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::catalog::parse_source;

    #[test]
    fn display_shows_the_line_and_carets() {
        let src = "id = \"x\"\nname = \"X\"\n[cookie]\ndays = -1\n";
        let start = src.find("-1").expect("in the text");
        let p = Problem::error(
            Some(Path::new("profiles/bad.toml")),
            Some("cookie.days".into()),
            "expected a whole number of days from 0 to 36500, found -1",
        )
        .at(src, start..start + 2);
        assert_eq!(
            p.to_string(),
            "profiles/bad.toml:4:8: error in `cookie.days`: expected a whole number of days \
             from 0 to 36500, found -1\n   4 | days = -1\n     |        ^^"
        );
        let bare = Problem::error(Some(Path::new("gone.toml")), None, "cannot read");
        assert_eq!(bare.to_string(), "gone.toml: error: cannot read");
    }

    #[test]
    fn the_report_hands_out_each_part_and_joins_to_the_display_text() {
        let src = "[cookie]\n  days = -1\n";
        let start = src.find("-1").expect("in the text");
        let p = Problem::error(
            Some(Path::new("bad.toml")),
            Some("cookie.days".into()),
            "bad",
        )
        .at(src, start..start + 2);
        assert_eq!(
            p.carets(),
            Some(Underline {
                offset: 9,
                width: 2
            })
        );
        let report = p.report();
        fn pieces(line: &ReportLine) -> Vec<(Part, &str)> {
            line.iter()
                .map(|(part, text)| (*part, text.as_str()))
                .collect()
        }
        assert_eq!(
            pieces(&report[0]),
            [
                (Part::Location, "bad.toml:2:10"),
                (Part::Punctuation, ": "),
                (Part::Severity, "error"),
                (Part::Punctuation, " in `"),
                (Part::Field, "cookie.days"),
                (Part::Punctuation, "`"),
                (Part::Punctuation, ": "),
                (Part::Message, "bad"),
            ]
        );
        assert_eq!(
            pieces(&report[1]),
            [
                (Part::LineNumber, "   2"),
                (Part::Punctuation, " |"),
                (Part::Punctuation, " "),
                (Part::Excerpt, "  days = -1"),
            ]
        );
        assert_eq!(
            pieces(&report[2]),
            [
                (Part::Punctuation, "     | "),
                (Part::Punctuation, "         "),
                (Part::Carets, "^^"),
            ]
        );
        let joined: Vec<String> = report
            .iter()
            .map(|line| line.iter().map(|(_, text)| text.as_str()).collect())
            .collect();
        assert_eq!(joined.join("\n"), p.to_string());
        let bare = Problem::warning(None, None, "odd");
        assert_eq!(bare.report().len(), 1);
        assert_eq!(bare.carets(), None);
    }

    #[test]
    fn hostile_paths_and_messages_are_sanitized() {
        let p = Problem::warning(
            Some(Path::new("evil\u{1b}]52;c;aGk=\u{7}.toml")),
            Some("a\u{1b}[31m".into()),
            "bad \u{1b}[2J value",
        );
        assert!(crate::sanitize::is_clean(&p.to_string().replace('\n', "")));
    }

    #[test]
    fn each_kind_of_problem_has_its_code() {
        let code = |src: &str| {
            let (_, problems) = parse_source(src, None);
            problems.iter().map(Problem::code).collect::<Vec<_>>()
        };
        assert_eq!(code("id = \"x\"\nname = [\n"), ["syntax"]);
        assert_eq!(code("name = \"X\"\n"), ["missing-field"]);
        assert_eq!(code("id = \"x\"\nname = \" \"\n"), ["blank-name"]);
        assert_eq!(
            code("id = \"x\"\nname = \"X\"\ncolour = 1\n[cookie]\ndays = -1\n"),
            ["unknown-key", "bad-value"]
        );
        assert_eq!(
            code("id = \"x\"\nname = \"X\"\ncookie = [1]\n"),
            ["not-a-table"]
        );
        assert_eq!(code(""), ["empty-file"]);
    }

    #[test]
    fn bundled_problems_name_the_bundled_file() {
        let (_, mut problems) = parse_source("id = 5\nname = \"X\"\n", None);
        problems[0].bundled = Some("x.toml");
        assert!(
            problems[0]
                .to_string()
                .starts_with("(bundled) x.toml:1:6: error in `id`")
        );
    }
}
