//! Awin: the publisher API's programme list (`GET /publishers/{id}/programmes`, an array of
//! programmes) and programme details (`GET /publishers/{id}/programmedetails`, one object
//! with `programmeInfo`, `kpi` and `commissionRange`, or an array of them), as a user saves
//! them. The mapping is in assets/profiles/FORMAT.md ("Importing").

use std::path::Path;

use rayon::prelude::*;
use serde_json::Value;
use serde_json::value::RawValue;

use super::record::{ImportProblem, Locator, NetworkEpc, Record, problem, whole};
use super::sniff;
use crate::model::{Currency, PerClicks};

/// The network's name in ids, sources and `[[imports]]`.
pub const NETWORK: &str = "awin";

/// The records of one Awin file and the problems found reading it.
pub fn read(file: &Path, text: &str) -> (Vec<Record>, Vec<ImportProblem>) {
    // A programme list is first only split into its programmes' texts (checked as JSON, not
    // built), then each programme is built and read on its own, on all cores: building the
    // whole document on one thread was most of the time an import of 20,000 spent reading.
    if let Ok(items) = serde_json::from_str::<Vec<&RawValue>>(text) {
        return read_list(file, &items);
    }
    let mut problems = Vec::new();
    let doc = match super::checks::json_document(file, text, super::Format::Awin) {
        Ok(doc) => doc,
        Err(p) => return (Vec::new(), vec![p]),
    };
    let mut records = Vec::new();
    match &doc {
        Value::Object(map) if map.contains_key("programmeInfo") => {
            if let Some(r) = programme(file, &doc, "$", &mut problems) {
                records.push(r);
            }
        }
        _ => problems.push(problem(
            file,
            None,
            format!(
                "expected an Awin programme list (a JSON array) or programme details (an object with `programmeInfo`){}",
                sniff::looks_like_instead(text, super::Format::Awin)
            ),
        )),
    }
    (records, problems)
}

/// The records of a programme list, given as each programme's JSON text, and the problems
/// found reading them, in the file's order.
fn read_list(file: &Path, items: &[&RawValue]) -> (Vec<Record>, Vec<ImportProblem>) {
    let read: Vec<(Option<Record>, Vec<ImportProblem>)> = items
        .par_iter()
        .enumerate()
        .map(|(i, raw)| {
            let at = format!("$[{i}]");
            let mut found = Vec::new();
            // The list was checked as JSON when it was split, so this does not fail; if it
            // did, the programme would be reported, not lost silently.
            let r = match serde_json::from_str::<Value>(raw.get()) {
                Ok(item) => programme(file, &item, &at, &mut found),
                Err(e) => {
                    found.push(super::record::skipped(
                        file,
                        Some(Locator::JsonPath(at)),
                        format!("not valid JSON ({e}); skipped"),
                    ));
                    None
                }
            };
            (r, found)
        })
        .collect();
    let (mut records, mut problems) = (Vec::new(), Vec::new());
    for (r, found) in read {
        records.extend(r);
        problems.extend(found);
    }
    (records, problems)
}

/// A number the API writes as a number or as a numeric string ("44").
fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// A flag the API writes as `true` or as `"true"`.
fn flag(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// One programme: a list entry, or details with `programmeInfo` inside.
fn programme(
    file: &Path,
    item: &Value,
    at: &str,
    problems: &mut Vec<ImportProblem>,
) -> Option<Record> {
    let Value::Object(_) = item else {
        problems.push(super::record::skipped(
            file,
            Some(Locator::JsonPath(at.to_string())),
            format!(
                "expected a programme (a JSON object), found {}; skipped",
                shown(item)
            ),
        ));
        return None;
    };
    let (info, info_at) = match item.get("programmeInfo") {
        Some(info) => (info, format!("{at}.programmeInfo")),
        None => (item, at.to_string()),
    };
    let mut r = Record::new(Locator::JsonPath(at.to_string()));
    r.network_id = info.get("id").and_then(|v| match v {
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) => super::record::clean(s),
        _ => None,
    });
    r.name = info
        .get("name")
        .and_then(Value::as_str)
        .and_then(super::record::clean);
    if r.name.is_none() {
        problems.push(super::record::skipped(
            file,
            Some(Locator::JsonPath(format!("{info_at}.name"))),
            "a programme without a name; skipped",
        ));
        return None;
    }
    let mut bad = |path: String, message: String| {
        problems.push(problem(file, Some(Locator::JsonPath(path)), message));
    };
    let text = |key: &str| info.get(key).and_then(Value::as_str);
    if let Some(url) = text("displayUrl") {
        r.text("website", url);
    }
    if let Some(d) = text("description") {
        r.text("summary", d);
    }
    if let Some(sector) = text("primarySector") {
        r.text("industry", sector);
        r.list("niches", [sector]);
    }
    if let Some(region) = info.get("primaryRegion") {
        let name = region.get("name").and_then(Value::as_str);
        let code = region.get("countryCode").and_then(Value::as_str);
        let words = match (name, code) {
            (Some(n), Some(c)) => Some(format!("primary region: {n} ({c})")),
            (Some(n), None) => Some(format!("primary region: {n}")),
            (None, Some(c)) => Some(format!("primary region: {c}")),
            (None, None) => None,
        };
        if let Some(words) = words {
            r.text("promotion.countries_note", &words);
        }
    }
    if info.get("deeplinkEnabled").and_then(flag) == Some(true) {
        r.list("promotion.materials", ["Deep links"]);
    }
    r.add_to_list("program.networks", "Awin");
    let currency = match text("currencyCode") {
        Some(code) => match Currency::parse(code.trim()) {
            Ok(c) => Some(c),
            Err(e) => {
                bad(format!("{info_at}.currencyCode"), e);
                None
            }
        },
        None => None,
    };
    if let Some(kpi) = item.get("kpi") {
        let k = |key: &str| kpi.get(key).filter(|v| !v.is_null());
        let kpi_at = |key: &str| format!("{at}.kpi.{key}");
        if let Some(v) = k("epc") {
            match number(v).ok_or_else(|| format!("expected a number, found {}", shown(v))) {
                Ok(epc) => match crate::model::Amount::new(epc) {
                    Ok(amount) => {
                        if let Err(e) =
                            r.money_range("market.epc", Some(epc), Some(epc), currency.as_ref())
                        {
                            bad(kpi_at("epc"), e);
                        }
                        r.epc = PerClicks::new(1.0).ok().map(|per_clicks| NetworkEpc {
                            amount,
                            currency: currency.clone(),
                            per_clicks,
                            window: None,
                        });
                    }
                    Err(e) => bad(kpi_at("epc"), e),
                },
                Err(e) => bad(kpi_at("epc"), e),
            }
        }
        for (key, path) in [
            ("conversionRate", "market.conversion"),
            ("approvalPercentage", "market.approval"),
        ] {
            if let Some(v) = k(key) {
                let result = number(v)
                    .ok_or_else(|| format!("expected a number, found {}", shown(v)))
                    .and_then(|n| r.percent_range(path, Some(n), Some(n)));
                if let Err(e) = result {
                    bad(kpi_at(key), e);
                }
            }
        }
        if let Some(v) = k("validationDays") {
            let result = number(v)
                .ok_or_else(|| format!("expected a number, found {}", shown(v)))
                .and_then(whole::days);
            match result {
                Ok(days) => {
                    let mut delay = toml::Table::new();
                    delay.insert("days".into(), toml::Value::Integer(i64::from(days)));
                    delay.insert("kind".into(), toml::Value::String("lock".into()));
                    r.set("payout.delay", toml::Value::Table(delay));
                }
                Err(e) => bad(kpi_at("validationDays"), e),
            }
        }
        if let Some(v) = k("averagePaymentTime") {
            match number(v).map(whole::days) {
                Some(Ok(days)) => r.text(
                    "payout.note",
                    &format!("Awin: paid {days} days after validation on average."),
                ),
                Some(Err(e)) => bad(kpi_at("averagePaymentTime"), e),
                None => bad(
                    kpi_at("averagePaymentTime"),
                    format!("expected a number of days, found {}", shown(v)),
                ),
            }
        }
    }
    if let Some(Value::Array(ranges)) = item.get("commissionRange") {
        let mut fixed = Vec::new();
        let mut percentage = false;
        for (i, range) in ranges.iter().enumerate() {
            let here = format!("{at}.commissionRange[{i}]");
            let min = range.get("min").and_then(number);
            let max = range.get("max").and_then(number);
            match range.get("type").and_then(Value::as_str) {
                Some("percentage") => match r.percent_range("commission.rate", min, max) {
                    Ok(()) => percentage = true,
                    Err(e) => bad(here, e),
                },
                Some("amount") => {
                    if let Err(e) = check_amounts(min, max) {
                        bad(here, e);
                    } else {
                        fixed.push(fixed_words(min, max, currency.as_ref()));
                    }
                }
                other => bad(
                    format!("{here}.type"),
                    format!(
                        "expected \"percentage\" or \"amount\", found {}",
                        other.map_or("nothing".to_string(), |o| format!(
                            "{:?}",
                            crate::sanitize::sanitize_line(o)
                        ))
                    ),
                ),
            }
        }
        // Fixed amounts are a flat fee. A percentage sets no basis: a range across commission
        // groups does not say whether it is fixed or by category. Beside a percentage, the note
        // says some groups pay a share of the sale and others a fixed amount (the flat fee alone
        // read as if the percentage were not paid).
        if !fixed.is_empty() {
            let fixed = fixed.join(", ");
            let note = if percentage {
                format!(
                    "Awin: a percentage of the sale in some commission groups, a fixed commission {fixed} per action in others."
                )
            } else {
                format!("Awin: fixed commission {fixed} per action.")
            };
            r.text("commission.note", &note);
            r.list("commission.structure", ["flat-fee"]);
        }
    }
    Some(r)
}

/// Checks a fixed commission's figures as amounts, lowest first.
fn check_amounts(min: Option<f64>, max: Option<f64>) -> Result<(), String> {
    let lo = min.map(crate::model::Amount::new).transpose()?;
    let hi = max.map(crate::model::Amount::new).transpose()?;
    match (lo, hi) {
        (Some(lo), Some(hi)) if lo.get() > hi.get() => Err(format!(
            "expected the lowest figure to be at most the highest, found {} > {}",
            crate::value_text::number(lo.get()),
            crate::value_text::number(hi.get())
        )),
        _ => Ok(()),
    }
}

/// A JSON value as a problem quotes it, sanitized and short.
fn shown(v: &Value) -> String {
    let text = v.to_string();
    let cut: String = text.chars().take(40).collect();
    crate::sanitize::sanitize_line(&cut)
}

/// A fixed commission as words: "£1.50–£18".
fn fixed_words(min: Option<f64>, max: Option<f64>, currency: Option<&Currency>) -> String {
    let money = |v: f64| crate::decide::band::money(v, currency.map(Currency::as_str));
    match (min, max) {
        (Some(lo), Some(hi)) if lo != hi => format!("{}–{}", money(lo), money(hi)),
        (Some(v), _) | (None, Some(v)) => money(v),
        (None, None) => "of an amount not stated".to_string(),
    }
}
