//! `affex shortlist`: the programs of a shortlist the explorer keeps, or every list's name and
//! size. Markdown, CSV and JSON are the explorer's export of the same list, byte for byte.

use std::io::Write;

use serde::Serialize;

use super::list::{MARKS_LEGEND, marked_values};
use super::table::{output_width, table};
use super::{CliError, CliResult, ShortlistFormat, eprint_line};
use crate::catalog::Catalog;
use crate::compare::Comparison;
use crate::export::comparison::{self, ExportFormat};
use crate::sanitize::sanitize_line;
use crate::shortlist::{self, ShortlistFile, Shortlists};

/// What `affex shortlist` was asked for.
pub(super) struct Request<'a> {
    /// The list; the default list when `None`.
    pub name: Option<&'a str>,
    /// Name every list instead.
    pub lists: bool,
    /// How to write it.
    pub format: ShortlistFormat,
    /// The table's width, when --width gives one.
    pub width: Option<usize>,
}

/// One list in `--lists --format json`.
#[derive(Serialize)]
struct ListJson<'a> {
    name: &'a str,
    programs: usize,
    not_in_catalog: usize,
    current: bool,
}

/// Writes the request's list (or lists) from the shortlist file in the data directory.
pub(super) fn run(catalog: &Catalog, request: &Request<'_>, out: &mut impl Write) -> CliResult {
    let file = match ShortlistFile::default_path() {
        Some(path) => ShortlistFile::load(&path),
        None => ShortlistFile::in_memory(),
    };
    if let Some(problem) = file.problem() {
        return Err(CliError::Shortlist(problem.to_string()));
    }
    run_on(catalog, file.state(), request, out)
}

/// [`run`] over lists already read.
fn run_on(
    catalog: &Catalog,
    lists: &Shortlists,
    request: &Request<'_>,
    out: &mut impl Write,
) -> CliResult {
    if request.lists {
        return write_lists(catalog, lists, request.format, out);
    }
    let name = request.name.unwrap_or(shortlist::DEFAULT_LIST);
    let Some(ids) = lists.ids(name) else {
        return Err(CliError::UnknownList {
            name: sanitize_line(name),
            known: lists.names().join(", "),
        });
    };
    let resolved = shortlist::resolve(ids, &catalog.profiles);
    if let Some(line) = shortlist::missing_line(resolved.missing.len()) {
        let ids: Vec<&str> = resolved.missing.iter().map(|id| id.as_str()).collect();
        eprint_line(&format!("note: {line}: {}", ids.join(", ")));
    }
    let export = match request.format {
        ShortlistFormat::Markdown => Some(ExportFormat::Markdown),
        ShortlistFormat::Csv => Some(ExportFormat::Csv),
        ShortlistFormat::Json => Some(ExportFormat::Json),
        ShortlistFormat::Table | ShortlistFormat::Ids => None,
    };
    if let Some(format) = export {
        let cmp = Comparison::new(&catalog.profiles, resolved.present);
        comparison::write(&catalog.profiles, &cmp, format, out)?;
        return Ok(0);
    }
    match request.format {
        ShortlistFormat::Markdown | ShortlistFormat::Csv | ShortlistFormat::Json => {}
        ShortlistFormat::Ids => {
            for &i in &resolved.present {
                writeln!(out, "{}", catalog.profiles[i].id)?;
            }
        }
        ShortlistFormat::Table => {
            let shown = sanitize_line(name);
            if resolved.present.is_empty() {
                writeln!(
                    out,
                    "The shortlist “{shown}” has no program to show: mark programs with Space in \
                     the explorer (run `affex`)."
                )?;
                return Ok(0);
            }
            let header = ["Name", "Id", "Focus", "Commission", "Cookie", "Min payout"];
            let rows: Vec<Vec<String>> = resolved
                .present
                .iter()
                .map(|&i| {
                    let p = &catalog.profiles[i];
                    let mut row = vec![p.name.to_string(), p.id.to_string()];
                    row.extend(marked_values(p));
                    row
                })
                .collect();
            for line in
                table(&header, &rows, output_width(request.width), false).unwrap_or_default()
            {
                writeln!(out, "{}", line.trim_end())?;
            }
            writeln!(
                out,
                "{} in the shortlist “{shown}”",
                crate::plural::count(resolved.present.len(), "program")
            )?;
            if rows
                .iter()
                .flatten()
                .any(|v| v.ends_with(" *") || v.ends_with(" †"))
            {
                writeln!(out, "{MARKS_LEGEND}")?;
            }
        }
    }
    Ok(0)
}

/// Every list's name and size; the one the explorer opens with is marked.
fn write_lists(
    catalog: &Catalog,
    lists: &Shortlists,
    format: ShortlistFormat,
    out: &mut impl Write,
) -> CliResult {
    let rows: Vec<ListJson> = lists
        .lists()
        .map(|(name, ids)| {
            let resolved = shortlist::resolve(ids, &catalog.profiles);
            ListJson {
                name,
                programs: resolved.present.len(),
                not_in_catalog: resolved.missing.len(),
                current: name == lists.current(),
            }
        })
        .collect();
    match format {
        ShortlistFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &rows)?;
            writeln!(out)?;
        }
        ShortlistFormat::Ids => {
            for row in &rows {
                writeln!(out, "{}", row.name)?;
            }
        }
        _ => {
            for row in &rows {
                let mut line = format!(
                    "{} {}  {}",
                    if row.current { "*" } else { " " },
                    row.name,
                    crate::plural::count(row.programs, "program")
                );
                if let Some(missing) = shortlist::missing_line(row.not_in_catalog) {
                    line.push_str(&format!(" ({missing})"));
                }
                writeln!(out, "{line}")?;
            }
            writeln!(out, "* the list the explorer opens with")?;
        }
    }
    Ok(0)
}
