//! A spreadsheet: CSV whose header row names fields by their path (`commission.rate.min`),
//! output key (`commission_min`, as `affex list --format csv` writes) or label
//! (`Commission`), one program a row, lists split on `;` (or on `,` in a cell with no `;`).
//! What `affex list --format csv` writes reads back.

use std::collections::HashMap;
use std::path::Path;

use toml::Value;

use super::record::{ImportProblem, Locator, Record, clean, problem, skipped, whole};
use crate::model::fields::{self, Field, Form, Unit, Written};
use crate::model::{Currency, ProgramId};

/// The network's name in `[[imports]]` and sources.
pub const NETWORK: &str = "csv";

/// Which part of a field a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    /// The whole value.
    Whole,
    /// A range's lowest figure (`_min`, `.min`).
    Min,
    /// An amount stated as one figure (`_amount`, as the list CSV writes a threshold).
    Amount,
    /// A range's highest figure.
    Max,
    /// A money range's currency.
    Currency,
    /// The text of a range (`3–9%`), read only when no figure column is given.
    RangeText,
}

/// A range's cells in one row: its field, lowest and highest figures, and currency.
type RangeCells = (&'static Field, [Option<f64>; 2], Option<Currency>);

/// What a header cell names.
#[derive(Clone, Copy)]
enum Column {
    Id,
    Name,
    Field(&'static Field, Part),
    Ignored,
}

/// The fields a spreadsheet can set: stored, and a value or range (not a table of its own).
fn settable(f: &Field) -> bool {
    matches!(
        f.form,
        Form::Scalar | Form::List | Form::PercentRange | Form::MoneyRange | Form::Threshold
    ) && !f.path.contains("audiences.")
        && !f.path.starts_with("imports")
        && !matches!(
            f.path,
            "id" | "name" | "sources" | "alternatives" | "payout.delay_days"
        )
}

/// What `header` names.
fn column(header: &str) -> Option<Column> {
    let h = header.trim();
    match h {
        "id" => return Some(Column::Id),
        // What `affex list --format csv` adds beside the fields: the rank and the match.
        "rank" | "matched_field" | "matched_text" => return Some(Column::Ignored),
        "name" | "Name" => return Some(Column::Name),
        _ => {}
    }
    let is_range = |f: &Field| {
        matches!(
            f.form,
            Form::PercentRange | Form::MoneyRange | Form::Threshold
        )
    };
    let whole = |f: &'static Field| {
        if is_range(f) {
            Column::Field(f, Part::RangeText)
        } else {
            Column::Field(f, Part::Whole)
        }
    };
    let found = fields::by_path(h)
        .or_else(|| fields::by_key(h))
        .or_else(|| fields::stored().find(|f| f.label.eq_ignore_ascii_case(h)));
    if let Some(f) = found {
        return settable(f).then(|| whole(f)).or(Some(Column::Ignored));
    }
    for (sep, suffixes) in [
        (
            '.',
            &[
                ("min", Part::Min),
                ("max", Part::Max),
                ("currency", Part::Currency),
            ][..],
        ),
        (
            '_',
            &[
                ("min", Part::Min),
                ("max", Part::Max),
                ("amount", Part::Amount),
                ("currency", Part::Currency),
            ][..],
        ),
    ] {
        if let Some((head, tail)) = h.rsplit_once(sep)
            && let Some((_, part)) = suffixes.iter().find(|(s, _)| *s == tail)
        {
            let f = if sep == '.' {
                fields::by_path(head)
            } else {
                fields::by_key(head)
            };
            if let Some(f) = f.filter(|f| is_range(f) && settable(f)) {
                return Some(Column::Field(f, *part));
            }
        }
    }
    None
}

/// A cell as written, without the `'` a spreadsheet-safe export puts before a formula start.
fn cell_text(cell: &str) -> &str {
    let t = cell.trim();
    match t.strip_prefix('\'') {
        Some(rest) if crate::export::csv::safe_cell(rest) != rest => rest,
        _ => t,
    }
}

/// The records of one CSV file and the problems found reading it.
pub fn read(file: &Path, text: &str) -> (Vec<Record>, Vec<ImportProblem>) {
    let mut problems = Vec::new();
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            problems.push(problem(
                file,
                Some(Locator::Line(1)),
                format!("cannot read the header row: {e}"),
            ));
            return (Vec::new(), problems);
        }
    };
    let mut columns = Vec::with_capacity(headers.len());
    for h in &headers {
        match column(h) {
            Some(c) => columns.push(c),
            None => {
                let names: Vec<&str> = fields::stored()
                    .filter(|f| settable(f))
                    .flat_map(|f| [f.path, f.key])
                    .collect();
                let hint = crate::suggest::closest(h, names.iter().copied())
                    .map(|n| format!("; did you mean `{n}`?"))
                    .unwrap_or_else(|| {
                        " (name a field by its path, key or label, as FORMAT.md lists them)".into()
                    });
                problems.push(problem(
                    file,
                    Some(Locator::Line(1)),
                    format!(
                        "unknown column {:?} is ignored{hint}{}",
                        crate::sanitize::sanitize_line(h),
                        if columns.is_empty() && !h.contains(',') {
                            super::sniff::looks_like_instead(text, super::Format::Csv)
                        } else {
                            String::new()
                        }
                    ),
                ));
                columns.push(Column::Ignored);
            }
        }
    }
    if !columns.iter().any(|c| matches!(c, Column::Name)) {
        problems.push(problem(
            file,
            Some(Locator::Line(1)),
            format!(
                "no `name` column: every program needs a name{}",
                super::sniff::looks_like_instead(text, super::Format::Csv)
            ),
        ));
        return (Vec::new(), problems);
    }
    // A range read from its figure columns leaves its text column aside.
    let has_figures: Vec<&str> = columns
        .iter()
        .filter_map(|c| match c {
            Column::Field(f, Part::Min | Part::Max | Part::Amount) => Some(f.path),
            _ => None,
        })
        .collect();
    let mut records = Vec::new();
    for row in reader.records() {
        let row = match row {
            Ok(row) => row,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() as usize);
                problems.push(skipped(
                    file,
                    Some(Locator::Line(line)),
                    format!("cannot read the row ({e}); skipped"),
                ));
                continue;
            }
        };
        let line = row.position().map_or(0, |p| p.line() as usize);
        let mut r = Record::new(Locator::Line(line));
        let mut bad =
            |message: String| problems.push(problem(file, Some(Locator::Line(line)), message));
        let mut ranges: HashMap<&'static str, RangeCells> = HashMap::new();
        for (cell, col) in row.iter().zip(&columns) {
            let cell = cell_text(cell);
            if cell.is_empty() {
                continue;
            }
            match *col {
                Column::Ignored => {}
                Column::Id => match ProgramId::parse(cell) {
                    Ok(id) => r.id = Some(id.to_string()),
                    Err(e) => bad(format!("column `id`: {e}; an id is made from the name")),
                },
                Column::Name => r.name = clean(cell),
                Column::Field(f, Part::RangeText) => {
                    if has_figures.contains(&f.path) {
                        continue;
                    }
                    match plain_number(cell) {
                        Some(v) => {
                            let e = ranges.entry(f.path).or_insert((f, [None, None], None));
                            e.1 = [Some(v), Some(v)];
                        }
                        None => bad(format!(
                            "column `{}`: expected a number, found {:?} (or give `{}_min` and `{}_max`)",
                            f.key,
                            crate::sanitize::sanitize_line(cell),
                            f.key,
                            f.key
                        )),
                    }
                }
                Column::Field(f, part @ (Part::Min | Part::Max | Part::Amount)) => {
                    match plain_number(cell) {
                        Some(v) => {
                            let e = ranges.entry(f.path).or_insert((f, [None, None], None));
                            match part {
                                Part::Max => e.1[1] = Some(v),
                                Part::Amount => e.1 = [Some(v), Some(v)],
                                _ => e.1[0] = Some(v),
                            }
                        }
                        None => bad(format!(
                            "column for `{}`: expected a number, found {:?}",
                            f.path,
                            crate::sanitize::sanitize_line(cell)
                        )),
                    }
                }
                Column::Field(f, Part::Currency) => match Currency::parse(cell) {
                    Ok(c) => ranges.entry(f.path).or_insert((f, [None, None], None)).2 = Some(c),
                    Err(e) => bad(format!("column for `{}`: {e}", f.path)),
                },
                Column::Field(f, Part::Whole) => {
                    if let Err(e) = scalar(&mut r, f, cell) {
                        bad(format!("column `{}`: {e}", f.path));
                    }
                }
            }
        }
        let mut ranges: Vec<_> = ranges.into_values().collect();
        ranges.sort_by_key(|(f, ..)| f.path);
        for (f, [min, max], currency) in ranges {
            let result = match f.form {
                Form::PercentRange => r.percent_range(f.path, min, max),
                _ => r.money_range(f.path, min, max, currency.as_ref()),
            };
            if let Err(e) = result {
                bad(format!("`{}`: {e}", f.path));
            }
        }
        if r.name.is_none() {
            problems.push(skipped(
                file,
                Some(Locator::Line(line)),
                "a row without a name; skipped",
            ));
            continue;
        }
        records.push(r);
    }
    (records, problems)
}

/// A number as a cell writes it: "12", "12.5", "12%", "$16" (symbols and `,` grouping
/// left aside); `None` for anything else.
fn plain_number(cell: &str) -> Option<f64> {
    let t: String = cell
        .trim()
        .trim_end_matches('%')
        .trim_start_matches(['$', '€', '£', '¥'])
        .chars()
        .filter(|c| *c != ',')
        .collect();
    t.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// Sets a value or list field from one cell.
fn scalar(r: &mut Record, f: &'static Field, cell: &str) -> Result<(), String> {
    if f.form == Form::List {
        let sep = if cell.contains(';') { ';' } else { ',' };
        let items: Vec<&str> = cell
            .split(sep)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        if let Written::Word(words) = f.written {
            let words = words();
            let mut checked = Vec::new();
            for item in items {
                let word = item.to_lowercase().replace(' ', "-");
                if !words.contains(&word) {
                    return Err(format!(
                        "expected one of {}, found {:?}",
                        words.join(", "),
                        crate::sanitize::sanitize_line(item)
                    ));
                }
                checked.push(word);
            }
            r.list(f.path, checked.iter().map(String::as_str));
        } else {
            r.list(f.path, items);
        }
        return Ok(());
    }
    match f.written {
        Written::Text | Written::Id | Written::Source | Written::Date => {
            r.text(f.path, cell);
            Ok(())
        }
        Written::Flag => match cell.to_ascii_lowercase().as_str() {
            "yes" | "true" | "y" | "1" => {
                r.set(f.path, Value::Boolean(true));
                Ok(())
            }
            "no" | "false" | "n" | "0" => {
                r.set(f.path, Value::Boolean(false));
                Ok(())
            }
            _ => Err(format!(
                "expected yes or no, found {:?}",
                crate::sanitize::sanitize_line(cell)
            )),
        },
        Written::Whole => {
            let v = plain_number(cell.split_whitespace().next().unwrap_or_default()).ok_or_else(
                || {
                    format!(
                        "expected a whole number, found {:?}",
                        crate::sanitize::sanitize_line(cell)
                    )
                },
            )?;
            let check = match f.unit {
                Unit::Hours => whole::hours,
                Unit::Months => whole::months,
                Unit::Year => |v: f64| crate::model::Year::new(v).map(|y| u32::from(y.get())),
                Unit::Count => |v: f64| {
                    if (0.0..=255.0).contains(&v) && v.fract() == 0.0 {
                        Ok(v as u32)
                    } else {
                        Err(format!("expected a whole number from 0 to 255, found {v}"))
                    }
                },
                _ => whole::days,
            };
            r.whole(f.path, v, check)
        }
        Written::Word(words) => {
            let word = cell.to_lowercase().replace(' ', "-");
            let words = words();
            if words.contains(&word) {
                r.text(f.path, &word);
                Ok(())
            } else {
                Err(format!(
                    "expected one of {}, found {:?}",
                    words.join(", "),
                    crate::sanitize::sanitize_line(cell)
                ))
            }
        }
    }
}
