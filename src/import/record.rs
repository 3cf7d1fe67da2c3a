//! What every import format produces: one record per program, its profile fields already
//! checked and sanitized, with where in the file it came from.

use std::fmt;
use std::path::{Path, PathBuf};

use toml::Value;

use crate::model::{Amount, Currency, Hours, Line, Months, PerClicks, Percent};

/// Where a record (or one of its values) is in its file: a line (CSV, XML) or a JSON path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Locator {
    /// A line, counted from 1.
    Line(usize),
    /// A JSON path such as `$[3].kpi.epc`.
    JsonPath(String),
}

impl fmt::Display for Locator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Locator::Line(n) => write!(f, "line {n}"),
            Locator::JsonPath(p) => write!(f, "at {p}"),
        }
    }
}

/// A problem with an import: the file, the record or value it is about, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportProblem {
    /// The file it came from.
    pub file: PathBuf,
    /// The record or value, when it is about one.
    pub at: Option<Locator>,
    /// What is wrong, in words a user can act on (already sanitized).
    pub message: String,
    /// True when the record it is about was skipped because of it.
    pub skipped: bool,
}

impl fmt::Display for ImportProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = crate::sanitize::visible_path(&self.file);
        match &self.at {
            Some(at) => write!(f, "{file} {at}: {}", self.message),
            None => write!(f, "{file}: {}", self.message),
        }
    }
}

/// A network's EPC as it gives it, before it is divided to one click.
#[derive(Debug, Clone, PartialEq)]
pub struct NetworkEpc {
    /// The amount, per [`NetworkEpc::per_clicks`] clicks.
    pub amount: Amount,
    /// Its currency, when stated.
    pub currency: Option<Currency>,
    /// How many clicks the amount is per (1 for Awin, 100 for CJ).
    pub per_clicks: PerClicks,
    /// The period it was measured over ("3 months").
    pub window: Option<Line>,
}

/// One program read from an import file.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// Where it starts in its file.
    pub at: Locator,
    /// The network's name for it (sanitized); a record without one is skipped.
    pub name: Option<String>,
    /// The id the file gives it, when it gives a valid affex id (a spreadsheet's `id` column).
    pub id: Option<String>,
    /// The program's id at the network (sanitized).
    pub network_id: Option<String>,
    /// Profile fields by their field-table path (`commission.rate`), each value as the
    /// profile's TOML writes it; never `id`, `name`, `imports` or `sources`.
    pub fields: Vec<(&'static str, Value)>,
    /// The network's EPC in its own unit.
    pub epc: Option<NetworkEpc>,
}

impl Record {
    /// An empty record at `at`.
    pub fn new(at: Locator) -> Self {
        Record {
            at,
            name: None,
            id: None,
            network_id: None,
            fields: Vec::new(),
            epc: None,
        }
    }

    /// Sets the field at `path` (replacing an earlier value of it).
    pub fn set(&mut self, path: &'static str, value: Value) {
        match self.fields.iter_mut().find(|(p, _)| *p == path) {
            Some(slot) => slot.1 = value,
            None => self.fields.push((path, value)),
        }
    }

    /// The value of the field at `path`, if set.
    pub fn get(&self, path: &str) -> Option<&Value> {
        self.fields.iter().find(|(p, _)| *p == path).map(|(_, v)| v)
    }

    /// Sets a one-line text field, sanitized; blank text is left out.
    pub fn text(&mut self, path: &'static str, raw: &str) {
        if let Some(line) = clean(raw) {
            self.set(path, Value::String(line));
        }
    }

    /// Sets a list field from items, each sanitized; blank items are left out.
    pub fn list<'a>(&mut self, path: &'static str, items: impl IntoIterator<Item = &'a str>) {
        let items: Vec<Value> = items
            .into_iter()
            .filter_map(clean)
            .map(Value::String)
            .collect();
        if !items.is_empty() {
            self.set(path, Value::Array(items));
        }
    }

    /// Adds items to a list field, keeping those already there and leaving out repeats.
    pub fn add_to_list(&mut self, path: &'static str, item: &str) {
        let Some(item) = clean(item) else { return };
        let mut items = match self.get(path) {
            Some(Value::Array(items)) => items.clone(),
            _ => Vec::new(),
        };
        if !items.iter().any(|v| v.as_str() == Some(item.as_str())) {
            items.push(Value::String(item));
        }
        self.set(path, Value::Array(items));
    }

    /// Sets a percentage range after checking both ends (0 to 100, min at most max); a bad
    /// figure is returned as the problem's words and nothing is set: never clamped.
    pub fn percent_range(
        &mut self,
        path: &'static str,
        min: Option<f64>,
        max: Option<f64>,
    ) -> Result<(), String> {
        let checked = |v: Option<f64>| v.map(Percent::new).transpose();
        let (lo, hi) = (checked(min)?, checked(max)?);
        let mut table = toml::Table::new();
        range_ends(&mut table, lo.map(Percent::get), hi.map(Percent::get))?;
        if !table.is_empty() {
            self.set(path, Value::Table(table));
        }
        Ok(())
    }

    /// Sets a money range after checking both ends; as [`Record::percent_range`].
    pub fn money_range(
        &mut self,
        path: &'static str,
        min: Option<f64>,
        max: Option<f64>,
        currency: Option<&Currency>,
    ) -> Result<(), String> {
        let checked = |v: Option<f64>| v.map(Amount::new).transpose();
        let (lo, hi) = (checked(min)?, checked(max)?);
        let mut table = toml::Table::new();
        range_ends(&mut table, lo.map(Amount::get), hi.map(Amount::get))?;
        if table.is_empty() {
            return Ok(());
        }
        if let Some(c) = currency {
            table.insert("currency".into(), Value::String(c.as_str().to_string()));
        }
        self.set(path, Value::Table(table));
        Ok(())
    }

    /// Sets a whole number checked by `check` (days, hours, months); as
    /// [`Record::percent_range`].
    pub fn whole(
        &mut self,
        path: &'static str,
        v: f64,
        check: fn(f64) -> Result<u32, String>,
    ) -> Result<(), String> {
        let n = check(v)?;
        self.set(path, Value::Integer(i64::from(n)));
        Ok(())
    }
}

/// The checks of the whole-number fields, for [`Record::whole`].
pub mod whole {
    use super::*;
    /// Days (0 to 36500).
    pub fn days(v: f64) -> Result<u32, String> {
        crate::model::Days::new(v).map(crate::model::Days::get)
    }
    /// Hours.
    pub fn hours(v: f64) -> Result<u32, String> {
        Hours::new(v).map(Hours::get)
    }
    /// Months.
    pub fn months(v: f64) -> Result<u32, String> {
        Months::new(v).map(Months::get)
    }
}

/// Writes `min`/`max` into a range table; an exact figure is both.
fn range_ends(table: &mut toml::Table, lo: Option<f64>, hi: Option<f64>) -> Result<(), String> {
    if let (Some(lo), Some(hi)) = (lo, hi)
        && lo > hi
    {
        return Err(format!(
            "expected the lowest figure to be at most the highest, found {} > {}",
            crate::value_text::number(lo),
            crate::value_text::number(hi)
        ));
    }
    if let Some(lo) = lo {
        table.insert("min".into(), Value::Float(lo));
    }
    if let Some(hi) = hi {
        table.insert("max".into(), Value::Float(hi));
    }
    Ok(())
}

/// `raw` sanitized as profiles are ([`Line`]); `None` when nothing is left.
pub fn clean(raw: &str) -> Option<String> {
    let line = Line::new(raw);
    (!line.as_str().is_empty()).then(|| line.as_str().to_string())
}

/// A problem about `file` at `at`.
pub fn problem(file: &Path, at: Option<Locator>, message: impl Into<String>) -> ImportProblem {
    ImportProblem {
        file: file.to_path_buf(),
        at,
        message: message.into(),
        skipped: false,
    }
}

/// A problem that made the record at `at` be skipped.
pub fn skipped(file: &Path, at: Option<Locator>, message: impl Into<String>) -> ImportProblem {
    ImportProblem {
        skipped: true,
        ..problem(file, at, message)
    }
}
