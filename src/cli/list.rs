//! `affex list`: programs ranked by a search, as a table, JSON, CSV or ids.

use std::io::Write;

use serde::Serialize;

use super::table::{output_width, table};
use super::{CliError, CliResult, ListFormat, eprint_line};
use crate::catalog::Catalog;
use crate::export::csv::CsvWriter;
use crate::model::Profile;
use crate::model::fields;
use crate::order;
use crate::search::{self, Match, Query, SearchIndex, known_field_names};
use crate::value_text::NOT_STATED;

/// What `affex list` was asked for.
pub(super) struct Request<'a> {
    /// The search, in the query language.
    pub query: &'a str,
    /// A field to order by, best first, instead of by relevance.
    pub sort: Option<&'a str>,
    /// Worst first.
    pub reverse: bool,
    /// Order by fit for this "about me" instead (`--for-me`).
    pub for_me: Option<&'a crate::decide::Me>,
    /// How to write the list.
    pub format: ListFormat,
    /// The table's width, when --width gives one.
    pub width: Option<usize>,
}

/// One ranked row of `affex list --format json`.
#[derive(Serialize)]
struct RankedProgram<'a> {
    rank: usize,
    score: i64,
    /// True when no program matches every term and this one matches the most there are.
    partial: bool,
    matched_field: &'static str,
    matched_text: &'a str,
    /// With --sort: where the row was ordered.
    #[serde(skip_serializing_if = "Option::is_none")]
    sort: Option<SortPlace>,
    program: &'a Profile,
}

/// Where a row of a sorted list was ordered: its figure's scale (a currency, a kind of delay),
/// and whether that scale's programs were ordered apart, after the leading group.
#[derive(Serialize)]
struct SortPlace {
    field: &'static str,
    scale: Option<String>,
    apart: bool,
}

/// Writes the programs that match the request's query, best first, in its format.
pub(super) fn run(
    catalog: &Catalog,
    index: &SearchIndex,
    request: &Request<'_>,
    out: &mut impl Write,
) -> CliResult {
    let (query, format) = (request.query, request.format);
    let parsed = Query::parse(query);
    if let Some(problem) = parsed.problems().first() {
        let known = known_field_names();
        let message = crate::sanitize::sanitize_line(&problem.message);
        return Err(CliError::Query(if message.contains(&known) {
            message
        } else {
            format!("{message}; known fields: {known}")
        }));
    }
    let sort = match request.sort {
        Some(name) => Some(order::sort_field(name).ok_or_else(|| CliError::Sort {
            field: crate::sanitize::sanitize_line(name),
            known: order::sortable_names(),
        })?),
        None => None,
    };
    let outcome = index.search_outcome(query);
    let mut matches: Vec<Match> = outcome.matches;
    let sorted = sort.map(|field| {
        let sorted = order::by_field(&mut matches, &catalog.profiles, field, request.reverse);
        (field, sorted)
    });
    let sort_notes = sorted
        .as_ref()
        .map(|(field, sorted)| sorted.notes(field))
        .unwrap_or_default();
    if format != ListFormat::Table {
        for note in &sort_notes {
            eprint_line(note);
        }
    }
    if outcome.partial && format != ListFormat::Table {
        eprint_line(search::PARTIAL_LINE);
    }
    if let Some(me) = request.for_me {
        let indices: Vec<usize> = matches.iter().map(|m| m.index).collect();
        return super::fit::run(catalog, &indices, me, format, request.width, out);
    }
    let matched_text = |m: &Match| -> &str {
        if m.tier.is_match() {
            m.field.text(&catalog.profiles[m.index])
        } else {
            ""
        }
    };
    match format {
        ListFormat::Ids => {
            // From the id table: a catalog read from the cache decodes no program for this.
            for m in &matches {
                writeln!(out, "{}", catalog.profiles.id(m.index).unwrap_or_default())?;
            }
        }
        ListFormat::Json => {
            let rows: Vec<RankedProgram> = matches
                .iter()
                .enumerate()
                .map(|(rank, m)| RankedProgram {
                    rank: rank + 1,
                    score: m.score,
                    partial: outcome.partial,
                    matched_field: if m.tier.is_match() {
                        m.field.label()
                    } else {
                        ""
                    },
                    matched_text: matched_text(m),
                    sort: sorted.as_ref().map(|(field, sorted)| {
                        let scale = order::scale(field, &catalog.profiles[m.index]);
                        SortPlace {
                            field: field.key,
                            apart: sorted.is_apart(scale.as_deref()),
                            scale,
                        }
                    }),
                    program: &catalog.profiles[m.index],
                })
                .collect();
            serde_json::to_writer_pretty(&mut *out, &rows)?;
            writeln!(out)?;
        }
        ListFormat::Csv => {
            let mut w = CsvWriter::new(&mut *out);
            let columns = fields::list_columns();
            let mut header = vec!["rank".to_string()];
            header.extend(columns.iter().map(fields::Column::header));
            header.extend(["matched_field".to_string(), "matched_text".to_string()]);
            w.write_row(&header)?;
            for (rank, m) in matches.iter().enumerate() {
                let p = &catalog.profiles[m.index];
                let mut record = vec![(rank + 1).to_string()];
                record.extend(columns.iter().map(|c| c.value(p)));
                record.push(if m.tier.is_match() {
                    m.field.label().to_string()
                } else {
                    String::new()
                });
                record.push(matched_text(m).to_string());
                w.write_row(&record)?;
            }
            w.flush()?;
        }
        ListFormat::Table => {
            if catalog.profiles.is_empty() {
                writeln!(
                    out,
                    "no programs loaded (drop --no-bundled, or add profiles with --profiles DIR)"
                )?;
                return Ok(0);
            }
            if matches.is_empty() {
                writeln!(
                    out,
                    "No program matches {:?}.",
                    crate::sanitize::sanitize_line(query)
                )?;
                if outcome.hidden > 0 {
                    writeln!(out, "{}", search::hidden_line(outcome.hidden))?;
                }
                return Ok(0);
            }
            if outcome.partial {
                writeln!(out, "{}", search::PARTIAL_LINE)?;
            }
            // The Matched column says why a row matched; with no query nothing did.
            let searched = !query.trim().is_empty();
            let mut header = vec!["Name", "Focus", "Commission", "Cookie", "Min payout"];
            if searched {
                header.push("Matched");
            }
            let rows: Vec<Vec<String>> = matches
                .iter()
                .map(|m| {
                    let p = &catalog.profiles[m.index];
                    let mut row = vec![p.name.to_string()];
                    row.extend(marked_values(p));
                    if searched {
                        row.push(
                            search::shown_match(m, &parsed, p)
                                .map(|(label, text)| format!("{label}: {text}"))
                                .unwrap_or_default(),
                        );
                    }
                    row
                })
                .collect();
            let lines =
                table(&header, &rows, output_width(request.width), false).unwrap_or_default();
            for line in lines {
                writeln!(out, "{}", line.trim_end())?;
            }
            writeln!(
                out,
                "{} of {} programs",
                matches.len(),
                catalog.profiles.len()
            )?;
            if rows
                .iter()
                .flatten()
                .any(|v| v.ends_with(" *") || v.ends_with(" †"))
            {
                writeln!(out, "{MARKS_LEGEND}")?;
            }
            for note in &sort_notes {
                writeln!(out, "{note}")?;
            }
            if outcome.hidden > 0 {
                writeln!(out, "{}", search::hidden_line(outcome.hidden))?;
            }
        }
    }
    Ok(0)
}

/// The fields of the table after the name, each with its `*` (a caveat) and `†` (the sources
/// disagree), so a qualified value never reads as plain.
pub(super) const TABLE_FIELDS: [&str; 4] = ["focus", "commission", "cookie_days", "minimum_payout"];

/// What the marks in the table mean.
pub(super) const MARKS_LEGEND: &str =
    "* a caveat qualifies the value · † the sources disagree · `affex show ID` gives the notes";

/// The values of [`TABLE_FIELDS`] for `p`, as the field table reads them, marks included.
pub(super) fn marked_values(p: &Profile) -> Vec<String> {
    TABLE_FIELDS
        .iter()
        .map(|key| fields::flagged(key, p).unwrap_or_else(|| NOT_STATED.into()))
        .collect()
}
