//! The command line: clap arguments and the headless commands (`list`, `show`, `compare`,
//! `validate`) that scripts and tests use.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};
use serde::Serialize;

use crate::catalog::{self, Catalog, LoadOptions, Part, Problem, Severity};
use crate::compare::{Comparison, Mark, ROWS};
use crate::model::Profile;
use crate::search::{Match, SearchIndex};
use crate::sections::{self, SectionBody};
use crate::text_width as text;
use crate::value_text::{self, NOT_STATED};

/// Compare affiliate programs from the terminal.
#[derive(Debug, Parser)]
#[command(name = "affex", version, about, long_about = None)]
pub struct Cli {
    /// Also load every *.toml in DIR (repeatable; later directories override earlier ones).
    #[arg(long = "profiles", value_name = "DIR", global = true)]
    pub profiles: Vec<PathBuf>,
    /// Leave out the programs compiled into affex.
    #[arg(long, global = true)]
    pub no_bundled: bool,
    /// When to use colour (NO_COLOR in the environment means never, unless "always").
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,
    /// What to do; with none, the interactive explorer opens.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// When to use colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when writing to a terminal and NO_COLOR is unset.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// The headless commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// List programs, ranked by a fuzzy search over names, niches and audiences.
    List {
        /// Search terms, e.g. "dropshipping" or "3d print tiktok" (every term must match).
        #[arg(long, short)]
        query: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
    /// Show every field of one program.
    Show {
        /// The program's id (see `affex list --format ids`).
        id: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
        format: ShowFormat,
    },
    /// Lay programs side by side and mark the best value on each row.
    Compare {
        /// Two or more program ids.
        #[arg(required = true, num_args = 1..)]
        ids: Vec<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = CompareFormat::Table)]
        format: CompareFormat,
    },
    /// Check profile files and directories and report every problem.
    Validate {
        /// Files or directories (default: the user profile directory).
        paths: Vec<PathBuf>,
    },
}

/// Formats for `list`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// An aligned table that fits the terminal.
    Table,
    /// A JSON array of ranked programs.
    Json,
    /// CSV with a header row.
    Csv,
    /// One id per line.
    Ids,
}

/// Formats for `show`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ShowFormat {
    /// Sections for reading.
    Text,
    /// The profile as JSON, with the TOML format's field names.
    Json,
}

/// Formats for `compare`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CompareFormat {
    /// An aligned table that fits the terminal.
    Table,
    /// A Markdown table.
    Markdown,
    /// CSV: one row per field, one column per program.
    Csv,
    /// JSON with every cell's text, figure and mark.
    Json,
}

/// Exit status for a bad request (unknown id), as clap uses for usage errors.
pub const EXIT_USAGE: i32 = 2;

/// ANSI styling that can be switched off as a whole.
#[derive(Debug, Clone, Copy)]
pub struct Paint {
    on: bool,
}

impl Paint {
    /// Decides colour from the flag, `NO_COLOR` and whether stdout is a terminal.
    pub fn new(choice: ColorChoice) -> Self {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let on = match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                !no_color
                    && io::stdout().is_terminal()
                    && std::env::var("TERM").map_or(true, |t| t != "dumb")
            }
        };
        Paint { on }
    }
    fn wrap(self, code: &str, s: &str) -> String {
        if self.on && !s.is_empty() {
            format!("\u{1b}[{code}m{s}\u{1b}[0m")
        } else {
            s.to_string()
        }
    }
    fn bold(self, s: &str) -> String {
        self.wrap("1", s)
    }
    fn dim(self, s: &str) -> String {
        self.wrap("2", s)
    }
    fn best(self, s: &str) -> String {
        self.wrap("1;32", s)
    }
    fn warn(self, s: &str) -> String {
        self.wrap("33", s)
    }
    fn error(self, s: &str) -> String {
        self.wrap("1;31", s)
    }
}

/// Builds the load options from the global flags.
pub fn load_options(cli: &Cli) -> LoadOptions {
    LoadOptions {
        bundled: !cli.no_bundled,
        user_dir: catalog::default_user_dir(),
        extra_dirs: cli.profiles.clone(),
    }
}

/// Runs a headless command and returns the process exit status.
pub fn run(cli: &Cli, command: &Command) -> i32 {
    let paint = Paint::new(cli.color);
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let result = match command {
        Command::Validate { paths } => validate(paths, paint, &mut out),
        _ => {
            let catalog = catalog::load(&load_options(cli));
            report_skipped(&catalog, paint);
            match command {
                Command::List { query, format } => {
                    list(&catalog, query.as_deref().unwrap_or(""), *format, &mut out)
                }
                Command::Show { id, format } => show(&catalog, id, *format, paint, &mut out),
                Command::Compare { ids, format } => {
                    compare(&catalog, ids, *format, paint, &mut out)
                }
                Command::Validate { .. } => Ok(0),
            }
        }
    };
    let result = result.and_then(|code| out.flush().map(|_| code).map_err(CliError::from));
    match result {
        Ok(code) => code,
        Err(CliError::Io(e)) if e.kind() == io::ErrorKind::BrokenPipe => 0,
        Err(e) => {
            eprintln!("{} {e}", paint.error("error:"));
            match e {
                CliError::Io(_) => 1,
                _ => EXIT_USAGE,
            }
        }
    }
}

/// Why a headless command failed.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// Writing the output failed.
    #[error("cannot write output: {0}")]
    Io(#[from] io::Error),
    /// An id that no loaded program has.
    #[error("no program has the id `{id}`{hint}")]
    UnknownId {
        /// The id asked for (sanitized).
        id: String,
        /// "; did you mean …?" or empty.
        hint: String,
    },
    /// JSON or CSV encoding failed.
    #[error("cannot encode output: {0}")]
    Encode(String),
}

type CliResult = Result<i32, CliError>;

fn report_skipped(catalog: &Catalog, paint: Paint) {
    let errors = catalog.errors();
    if errors > 0 {
        eprintln!(
            "{} {errors} profile problem{} found; run `affex validate` to see {}",
            paint.warn("warning:"),
            if errors == 1 { "" } else { "s" },
            if errors == 1 { "it" } else { "them" },
        );
    }
}

fn output_width() -> usize {
    if io::stdout().is_terminal() {
        ratatui::crossterm::terminal::size()
            .map(|(w, _)| usize::from(w))
            .unwrap_or(100)
            .max(40)
    } else {
        100
    }
}

fn find<'a>(catalog: &'a Catalog, id: &str) -> Result<(usize, &'a Profile), CliError> {
    match catalog.index_of(id) {
        Some(i) => Ok((i, &catalog.profiles[i])),
        None => {
            let close = catalog.closest_ids(id, 3);
            let hint = if close.is_empty() {
                "; run `affex list --format ids` to see them".to_string()
            } else {
                format!(
                    "; did you mean {}?",
                    close
                        .iter()
                        .map(|c| format!("`{c}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            };
            Err(CliError::UnknownId {
                id: crate::sanitize::sanitize_line(id),
                hint,
            })
        }
    }
}

/// One ranked row of `affex list --format json`.
#[derive(Serialize)]
struct RankedProgram<'a> {
    rank: usize,
    score: i64,
    matched_field: &'static str,
    matched_text: &'a str,
    program: &'a Profile,
}

fn list(catalog: &Catalog, query: &str, format: ListFormat, out: &mut impl Write) -> CliResult {
    let index = SearchIndex::new(&catalog.profiles);
    let matches: Vec<Match> = index.search(query);
    let matched_text = |m: &Match| -> &str {
        if query.trim().is_empty() {
            ""
        } else {
            m.field.text(&catalog.profiles[m.index])
        }
    };
    match format {
        ListFormat::Ids => {
            for m in &matches {
                writeln!(out, "{}", catalog.profiles[m.index].id)?;
            }
        }
        ListFormat::Json => {
            let rows: Vec<RankedProgram> = matches
                .iter()
                .enumerate()
                .map(|(rank, m)| RankedProgram {
                    rank: rank + 1,
                    score: m.score,
                    matched_field: if query.trim().is_empty() {
                        ""
                    } else {
                        m.field.label()
                    },
                    matched_text: matched_text(m),
                    program: &catalog.profiles[m.index],
                })
                .collect();
            serde_json::to_writer_pretty(&mut *out, &rows)
                .map_err(|e| CliError::Encode(e.to_string()))?;
            writeln!(out)?;
        }
        ListFormat::Csv => {
            let mut w = csv::Writer::from_writer(&mut *out);
            let header = [
                "rank",
                "id",
                "name",
                "focus",
                "commission",
                "commission_min",
                "commission_max",
                "cookie_days",
                "minimum_payout",
                "minimum_payout_amount",
                "currency",
                "matched_field",
                "matched_text",
            ];
            w.write_record(header)
                .map_err(|e| CliError::Encode(e.to_string()))?;
            for (rank, m) in matches.iter().enumerate() {
                let p = &catalog.profiles[m.index];
                let num = |v: Option<f64>| v.map(value_text::number).unwrap_or_default();
                let record = [
                    (rank + 1).to_string(),
                    p.id.to_string(),
                    p.name.to_string(),
                    value_text::list(&p.focus).unwrap_or_default(),
                    value_text::percent_range(&p.commission.rate).unwrap_or_default(),
                    num(p.commission.rate.min.map(|v| v.get())),
                    num(p.commission.rate.max.map(|v| v.get())),
                    p.cookie
                        .days
                        .map(|d| d.get().to_string())
                        .unwrap_or_default(),
                    value_text::money_range(&p.payout.minimum).unwrap_or_default(),
                    num(p.payout.minimum.low_figure()),
                    p.payout
                        .minimum
                        .currency
                        .as_ref()
                        .map(|c| c.as_str().to_string())
                        .unwrap_or_default(),
                    if query.trim().is_empty() {
                        String::new()
                    } else {
                        m.field.label().to_string()
                    },
                    matched_text(m).to_string(),
                ];
                w.write_record(&record)
                    .map_err(|e| CliError::Encode(e.to_string()))?;
            }
            w.flush()?;
        }
        ListFormat::Table => {
            if matches.is_empty() {
                writeln!(
                    out,
                    "No program matches {:?}.",
                    crate::sanitize::sanitize_line(query)
                )?;
                return Ok(0);
            }
            let header = [
                "Name",
                "Focus",
                "Commission",
                "Cookie",
                "Min payout",
                "Matched",
            ];
            let rows: Vec<Vec<String>> = matches
                .iter()
                .map(|m| {
                    let p = &catalog.profiles[m.index];
                    vec![
                        p.name.to_string(),
                        value_text::list(&p.focus).unwrap_or_else(|| NOT_STATED.into()),
                        value_text::percent_range(&p.commission.rate)
                            .unwrap_or_else(|| NOT_STATED.into()),
                        value_text::days(p.cookie.days).unwrap_or_else(|| NOT_STATED.into()),
                        value_text::money_range(&p.payout.minimum)
                            .unwrap_or_else(|| NOT_STATED.into()),
                        matched_text(m).to_string(),
                    ]
                })
                .collect();
            for line in table(&header, &rows, output_width(), false) {
                writeln!(out, "{}", line.trim_end())?;
            }
            writeln!(
                out,
                "{} of {} programs",
                matches.len(),
                catalog.profiles.len()
            )?;
        }
    }
    Ok(0)
}

/// Lays out a text table within `max_width` columns: the widest columns give up space first;
/// cells are cut with `…`, or wrapped onto more lines when `wrap` is set.
fn table(header: &[&str], rows: &[Vec<String>], max_width: usize, wrap: bool) -> Vec<String> {
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
                    vec![text::truncate(c, w)]
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

fn show(
    catalog: &Catalog,
    id: &str,
    format: ShowFormat,
    paint: Paint,
    out: &mut impl Write,
) -> CliResult {
    let (_, p) = find(catalog, id)?;
    if format == ShowFormat::Json {
        serde_json::to_writer_pretty(&mut *out, p).map_err(|e| CliError::Encode(e.to_string()))?;
        writeln!(out)?;
        return Ok(0);
    }
    let width = output_width();
    writeln!(out, "{} ({})", paint.bold(p.name.as_str()), p.id)?;
    const LABEL: usize = 21;
    let value_width = width.saturating_sub(LABEL + 2).max(20);
    for section in sections::sections(p) {
        writeln!(out)?;
        writeln!(out, "{}", paint.bold(section.title))?;
        match section.body {
            SectionBody::Fields(fields) => {
                for f in fields {
                    let mark = if f.contradicted { " †" } else { "" };
                    let value = format!("{}{mark}", f.text());
                    for (i, line) in text::wrap(&value, value_width).iter().enumerate() {
                        let label = if i == 0 { f.label } else { "" };
                        let line = if f.value.is_none() {
                            paint.dim(line)
                        } else {
                            line.clone()
                        };
                        writeln!(out, "  {}{line}", text::pad(label, LABEL))?;
                    }
                }
            }
            SectionBody::Audiences(rows) if rows.is_empty() => {
                writeln!(out, "  {}", paint.dim(NOT_STATED))?;
            }
            SectionBody::Audiences(rows) => {
                for row in rows {
                    let niches = if row.niches.is_empty() {
                        String::new()
                    } else {
                        format!(" (niches: {})", row.niches.join(", "))
                    };
                    let value = format!("{}{niches}", row.suits.as_deref().unwrap_or(NOT_STATED));
                    for (i, line) in text::wrap(&value, value_width).iter().enumerate() {
                        let label = if i == 0 { row.who } else { "" };
                        writeln!(out, "  {}{line}", text::pad(label, LABEL))?;
                    }
                }
            }
            SectionBody::Paragraphs(paras) if paras.is_empty() => {
                writeln!(out, "  {}", paint.dim("none"))?;
            }
            SectionBody::Paragraphs(paras) => {
                for (tag, body) in paras {
                    writeln!(out, "  {}", paint.dim(&tag))?;
                    for line in text::wrap(&body, width.saturating_sub(4).max(20)) {
                        writeln!(out, "    {line}")?;
                    }
                }
            }
        }
    }
    if p.notes
        .iter()
        .any(|n| n.kind == crate::model::NoteKind::Contradiction)
    {
        writeln!(out)?;
        writeln!(
            out,
            "{}",
            paint.dim("† the sources disagree on this value; see Notes")
        )?;
    }
    Ok(0)
}

/// The compare table as JSON.
#[derive(Serialize)]
struct ComparisonJson<'a> {
    programs: Vec<&'a str>,
    rows: Vec<RowJson<'a>>,
}

#[derive(Serialize)]
struct RowJson<'a> {
    key: &'static str,
    label: &'static str,
    better: crate::compare::Better,
    cells: Vec<CellJson<'a>>,
}

#[derive(Serialize)]
struct CellJson<'a> {
    id: &'a str,
    #[serde(flatten)]
    cell: &'a crate::compare::Cell,
}

fn compare(
    catalog: &Catalog,
    ids: &[String],
    format: CompareFormat,
    paint: Paint,
    out: &mut impl Write,
) -> CliResult {
    let mut columns = Vec::new();
    for id in ids {
        let (i, _) = find(catalog, id)?;
        if !columns.contains(&i) {
            columns.push(i);
        }
    }
    let cmp = Comparison::new(&catalog.profiles, columns);
    let names: Vec<&str> = cmp
        .columns
        .iter()
        .map(|&i| catalog.profiles[i].name.as_str())
        .collect();
    let ids: Vec<&str> = cmp
        .columns
        .iter()
        .map(|&i| catalog.profiles[i].id.as_str())
        .collect();
    let cell_text = |cell: &crate::compare::Cell, symbols: bool| -> String {
        let mut s = cell.text.clone().unwrap_or_else(|| NOT_STATED.to_string());
        if symbols && cell.mark == Mark::Best {
            s.push_str(" ★");
        }
        if symbols && cell.contradicted {
            s.push_str(" †");
        }
        s
    };
    match format {
        CompareFormat::Json => {
            let json = ComparisonJson {
                programs: ids.clone(),
                rows: ROWS
                    .iter()
                    .zip(&cmp.cells)
                    .map(|(spec, cells)| RowJson {
                        key: spec.key,
                        label: spec.label,
                        better: spec.better,
                        cells: cells
                            .iter()
                            .zip(&ids)
                            .map(|(cell, id)| CellJson { id, cell })
                            .collect(),
                    })
                    .collect(),
            };
            serde_json::to_writer_pretty(&mut *out, &json)
                .map_err(|e| CliError::Encode(e.to_string()))?;
            writeln!(out)?;
        }
        CompareFormat::Csv => {
            let mut w = csv::Writer::from_writer(&mut *out);
            let mut header = vec!["field".to_string()];
            header.extend(ids.iter().map(|s| s.to_string()));
            w.write_record(&header)
                .map_err(|e| CliError::Encode(e.to_string()))?;
            for (spec, cells) in ROWS.iter().zip(&cmp.cells) {
                let mut record = vec![spec.key.to_string()];
                record.extend(cells.iter().map(|c| c.text.clone().unwrap_or_default()));
                w.write_record(&record)
                    .map_err(|e| CliError::Encode(e.to_string()))?;
            }
            w.flush()?;
        }
        CompareFormat::Markdown => {
            let esc = |s: &str| s.replace('|', "\\|");
            writeln!(
                out,
                "| Field | {} |",
                names.iter().map(|n| esc(n)).collect::<Vec<_>>().join(" | ")
            )?;
            writeln!(out, "|---|{}", "---|".repeat(names.len()))?;
            for (spec, cells) in ROWS.iter().zip(&cmp.cells) {
                let row: Vec<String> = cells
                    .iter()
                    .map(|c| {
                        let t = esc(&cell_text(c, true));
                        if c.mark == Mark::Best {
                            format!("**{t}**")
                        } else {
                            t
                        }
                    })
                    .collect();
                writeln!(out, "| {} | {} |", spec.label, row.join(" | "))?;
            }
            writeln!(out)?;
            writeln!(
                out,
                "★ best on the row · † the sources disagree (see `affex show`)"
            )?;
        }
        CompareFormat::Table => {
            let mut header = vec![""];
            header.extend(names.iter().copied());
            let rows: Vec<Vec<String>> = ROWS
                .iter()
                .zip(&cmp.cells)
                .map(|(spec, cells)| {
                    let mut row = vec![spec.label.to_string()];
                    row.extend(cells.iter().map(|c| cell_text(c, true)));
                    row
                })
                .collect();
            for line in table(&header, &rows, output_width(), true) {
                let line = line.trim_end();
                // Colour is applied per line after layout so escape codes never count as width.
                if line.contains('★') {
                    writeln!(out, "{}", line.replace('★', &paint.best("★")))?;
                } else {
                    writeln!(out, "{line}")?;
                }
            }
            writeln!(out)?;
            writeln!(
                out,
                "{}",
                paint.dim("★ best on the row · † the sources disagree (see `affex show ID`)")
            )?;
        }
    }
    Ok(0)
}

/// A problem as `validate` prints it: its report with the severity word coloured. The catalog
/// sanitized every piece, so colour codes are the only escapes in the result.
fn painted_problem(problem: &Problem, paint: Paint) -> String {
    let lines: Vec<String> = problem
        .report()
        .iter()
        .map(|line| {
            line.iter()
                .map(|(part, text)| match (part, problem.severity) {
                    (Part::Severity, Severity::Error) => paint.error(text),
                    (Part::Severity, Severity::Warning) => paint.warn(text),
                    _ => text.clone(),
                })
                .collect()
        })
        .collect();
    lines.join("\n")
}

fn validate(paths: &[PathBuf], paint: Paint, out: &mut impl Write) -> CliResult {
    let paths: Vec<PathBuf> = if paths.is_empty() {
        match catalog::default_user_dir() {
            Some(dir) => vec![dir],
            None => {
                writeln!(
                    out,
                    "No user profile directory could be found; name files or directories to check."
                )?;
                return Ok(EXIT_USAGE);
            }
        }
    } else {
        paths.to_vec()
    };
    let checked = catalog::validate(&paths);
    for problem in &checked.problems {
        writeln!(out, "{}", painted_problem(problem, paint))?;
    }
    let (errors, warnings) = (checked.errors(), checked.warnings());
    writeln!(
        out,
        "{} program{} loaded; {errors} error{}, {warnings} warning{}",
        checked.profiles.len(),
        if checked.profiles.len() == 1 { "" } else { "s" },
        if errors == 1 { "" } else { "s" },
        if warnings == 1 { "" } else { "s" },
    )?;
    Ok(if errors > 0 { 1 } else { 0 })
}
