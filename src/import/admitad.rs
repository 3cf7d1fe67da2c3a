//! Admitad: the publisher API's advertiser campaigns JSON (`GET /advcampaigns/`,
//! `GET /advcampaigns/website/{w_id}/`: `{"results": [...], "_meta": {...}}`; one campaign
//! from `GET /advcampaigns/{id}/`), as a user saves it; a bare list of campaigns is read too.
//! The mapping is in assets/profiles/FORMAT.md ("Importing").

use std::path::Path;

use serde_json::Value;

use super::record::{ImportProblem, Locator, NetworkEpc, Record, problem, skipped, whole};
use super::{checks, sniff};
use crate::model::{Amount, Currency, PerClicks, Percent};

/// The network's name in ids, sources and `[[imports]]`.
pub const NETWORK: &str = "admitad";

/// The records of one Admitad file and the problems found reading it.
pub fn read(file: &Path, text: &str) -> (Vec<Record>, Vec<ImportProblem>) {
    let mut problems = Vec::new();
    let doc = match super::checks::json_document(file, text, super::Format::Admitad) {
        Ok(doc) => doc,
        Err(p) => return (Vec::new(), vec![p]),
    };
    // A list of another network's programmes is a JSON array too: say so, read nothing.
    if let Some((Some(word), what)) = sniff::looks_like(text)
        && word != NETWORK
    {
        problems.push(problem(
            file,
            None,
            format!("expected Admitad's advertiser campaigns; it looks like {what}: try `affex import {word} FILE`"),
        ));
        return (Vec::new(), problems);
    }
    let campaigns: Vec<(String, &Value)> = match &doc {
        Value::Object(map) => match map.get("results") {
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .map(|(i, v)| (format!("$.results[{i}]"), v))
                .collect(),
            None if map.contains_key("goto_cookie_lifetime") || map.contains_key("actions") => {
                vec![("$".to_string(), &doc)]
            }
            _ => Vec::new(),
        },
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, v)| (format!("$[{i}]"), v))
            .collect(),
        _ => Vec::new(),
    };
    let is_admitad = matches!(&doc, Value::Array(_))
        || doc.get("results").is_some_and(Value::is_array)
        || !campaigns.is_empty();
    if !is_admitad {
        problems.push(problem(
            file,
            None,
            format!(
                "expected Admitad's advertiser campaigns (`{{\"results\": [...]}}`, a list of campaigns, or one campaign){}",
                sniff::looks_like_instead(text, super::Format::Admitad)
            ),
        ));
        return (Vec::new(), problems);
    }
    let records = campaigns
        .into_iter()
        .filter_map(|(at, item)| campaign(file, item, &at, &mut problems))
        .collect();
    (records, problems)
}

/// A JSON value as a problem quotes it, sanitized and short.
fn shown(v: &Value) -> String {
    let text = match v {
        Value::String(s) => format!("{s:?}"),
        other => other.to_string(),
    };
    crate::sanitize::sanitize_line(&text.chars().take(40).collect::<String>())
}

/// A number Admitad writes as a number or as numeric text ("87", "4.50"): `Ok(None)` for
/// null, empty text or "N/A".
fn number(v: &Value) -> Result<Option<f64>, String> {
    let bad = || format!("expected a number, found {}", shown(v));
    match v {
        Value::Null => Ok(None),
        Value::Number(n) => n
            .as_f64()
            .filter(|f| f.is_finite())
            .map(Some)
            .ok_or_else(bad),
        Value::String(s) => {
            let t = s.trim();
            if t.is_empty() || t.eq_ignore_ascii_case("n/a") {
                return Ok(None);
            }
            checks::plain_figure(t).map(Some).ok_or_else(bad)
        }
        _ => Err(bad()),
    }
}

/// One campaign; `None` (and a problem) when it is not an object or has no name.
fn campaign(
    file: &Path,
    item: &Value,
    at: &str,
    problems: &mut Vec<ImportProblem>,
) -> Option<Record> {
    let here = |key: &str| Some(Locator::JsonPath(format!("{at}.{key}")));
    if !item.is_object() {
        problems.push(skipped(
            file,
            Some(Locator::JsonPath(at.to_string())),
            format!(
                "expected a campaign (a JSON object), found {}; skipped",
                shown(item)
            ),
        ));
        return None;
    }
    let mut r = Record::new(Locator::JsonPath(at.to_string()));
    r.name = item
        .get("name")
        .and_then(Value::as_str)
        .and_then(super::record::clean);
    if r.name.is_none() {
        problems.push(skipped(
            file,
            here("name"),
            "a campaign without a name; skipped",
        ));
        return None;
    }
    r.network_id = item.get("id").and_then(|v| match v {
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) => super::record::clean(s),
        _ => None,
    });
    let mut bad = |key: String, message: String| {
        problems.push(problem(
            file,
            Some(Locator::JsonPath(format!("{at}.{key}"))),
            message,
        ));
    };
    let text = |key: &str| item.get(key).and_then(Value::as_str).map(str::trim);
    if let Some(url) = text("site_url") {
        if checks::is_web_address(url) {
            r.text("website", url);
        } else if !url.is_empty() {
            bad(
                "site_url".into(),
                format!(
                    "expected a web address (http or https), found {}; left out",
                    shown(&Value::from(url))
                ),
            );
        }
    }
    if let Some(d) = text("description") {
        // Plain text, but with HTML entities ("&nbsp;", "&ndash;").
        r.text("summary", &html_escape::decode_html_entities(d));
    }
    let currency = match item.get("currency") {
        Some(Value::String(code)) => match checks::known_currency(code.trim()) {
            Ok(c) => Some(c),
            Err(e) => {
                bad("currency".into(), e);
                None
            }
        },
        Some(Value::Null) | None => None,
        Some(other) => {
            bad(
                "currency".into(),
                format!("expected a currency code, found {}", shown(other)),
            );
            None
        }
    };
    categories(item, &mut r);
    r.add_to_list("program.networks", "Admitad");
    actions(item, currency.as_ref(), &mut r, &mut bad);
    // Admitad's `ecpc` is earnings per click; its `epc` is the same per 100 clicks (its own
    // samples give ecpc 0.73 beside epc 73.0). The per-click figure is read first.
    for (key, per) in [("ecpc", 1.0), ("epc", 100.0)] {
        let Some(v) = item.get(key) else { continue };
        match number(v).and_then(|n| n.map(Amount::new).transpose()) {
            Ok(None) => continue,
            Ok(Some(amount)) => {
                let per_click = amount.get() / per;
                if let Err(e) = r.money_range(
                    "market.epc",
                    Some(per_click),
                    Some(per_click),
                    currency.as_ref(),
                ) {
                    bad(key.into(), e);
                    continue;
                }
                r.epc = PerClicks::new(per).ok().map(|per_clicks| NetworkEpc {
                    amount,
                    currency: currency.clone(),
                    per_clicks,
                    window: None,
                });
                break;
            }
            Err(e) => bad(key.into(), e),
        }
    }
    for (key, path) in [
        ("cr", "market.conversion"),
        ("rate_of_approve", "market.approval"),
    ] {
        let Some(v) = item.get(key) else { continue };
        let result = number(v).and_then(|n| r.percent_range(path, n, n));
        if let Err(e) = result {
            bad(key.into(), e);
        }
    }
    if let Some(v) = item.get("goto_cookie_lifetime") {
        match number(v) {
            Ok(Some(days)) => {
                if let Err(e) = r.whole("cookie.days", days, whole::days) {
                    bad("goto_cookie_lifetime".into(), e);
                }
            }
            Ok(None) => {}
            Err(e) => bad("goto_cookie_lifetime".into(), e),
        }
    }
    hold_time(item, &mut r, &mut bad);
    if let Some(v) = item.get("avg_money_transfer_time") {
        match number(v).and_then(|n| n.map(whole::days).transpose()) {
            Ok(Some(days)) => r.text(
                "payout.note",
                &format!("Admitad: paid {days} days after approval on average."),
            ),
            Ok(None) => {}
            Err(e) => bad("avg_money_transfer_time".into(), e),
        }
    }
    regions(item, &mut r, &mut bad);
    traffics(item, &mut r);
    if item.get("allow_deeplink").and_then(Value::as_bool) == Some(true) {
        r.list("promotion.materials", ["Deep links"]);
    }
    Some(r)
}

/// `categories[].name`, each with its parent's name, into `niches` (each once); the first
/// top-level category is the `industry`.
fn categories(item: &Value, r: &mut Record) {
    let Some(Value::Array(list)) = item.get("categories") else {
        return;
    };
    let name = |c: &Value| {
        c.get("name")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    let mut top = None;
    for c in list {
        let parent = c.get("parent").filter(|p| p.is_object());
        match parent {
            Some(p) => {
                r.add_to_list("niches", &name(c));
                r.add_to_list("niches", &name(p));
            }
            None => {
                r.add_to_list("niches", &name(c));
                top.get_or_insert_with(|| name(c));
            }
        }
    }
    if let Some(top) = top {
        r.text("industry", &top);
    }
}

/// `actions[].payment_size`: percentages into `commission.rate`, fixed amounts into
/// `commission.note`; each bad one reported at its path.
fn actions(
    item: &Value,
    currency: Option<&Currency>,
    r: &mut Record,
    bad: &mut impl FnMut(String, String),
) {
    let Some(Value::Array(list)) = item.get("actions") else {
        return;
    };
    let (mut low, mut high) = (None::<f64>, None::<f64>);
    let mut fixed = Vec::new();
    for (i, action) in list.iter().enumerate() {
        let key = format!("actions[{i}].payment_size");
        let Some(v) = action.get("payment_size") else {
            continue;
        };
        let Some(raw) = v.as_str() else {
            bad(
                key,
                format!(
                    "expected a payment size such as \"5.60%\", found {}",
                    shown(v)
                ),
            );
            continue;
        };
        let percentage = action.get("percentage").and_then(Value::as_bool) == Some(true);
        match payment_size(raw, percentage, currency) {
            Ok(Payment::Percent(lo, hi)) => {
                low = Some(low.map_or(lo, |l| l.min(lo)));
                high = Some(high.map_or(hi, |h| h.max(hi)));
            }
            Ok(Payment::Amount(lo, hi, c)) => {
                let code = c.as_ref().map(Currency::as_str);
                let money = |v| crate::decide::band::money(v, code);
                let figure = if lo == hi {
                    money(lo)
                } else {
                    format!("{}–{}", money(lo), money(hi))
                };
                let name = action
                    .get("name")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .trim();
                fixed.push(format!("{name} {figure}").trim().to_string());
            }
            Err(e) => bad(key, e),
        }
    }
    if let Err(e) = r.percent_range("commission.rate", low, high) {
        bad("actions".into(), e);
    }
    let mut structure = Vec::new();
    if low.is_some() {
        structure.push("fixed-percent");
    }
    if !fixed.is_empty() {
        r.text(
            "commission.note",
            &format!("Admitad: fixed commission {} per action.", fixed.join(", ")),
        );
        structure.push("flat-fee");
    }
    r.list("commission.structure", structure);
}

/// What an action pays.
#[derive(Debug, PartialEq)]
enum Payment {
    /// A share of the order, lowest to highest.
    Percent(f64, f64),
    /// A fixed amount, lowest to highest, in the currency written or the campaign's.
    Amount(f64, f64, Option<Currency>),
}

/// Reads a `payment_size` ("5.60%", "3.5-7%", "80RUB", "210.00-280.00USD"; "50.00" is a
/// percentage when the action says `"percentage": true`, else an amount in the campaign's
/// currency), each figure checked.
fn payment_size(
    raw: &str,
    percentage: bool,
    campaign: Option<&Currency>,
) -> Result<Payment, String> {
    let t: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
    let expected = || {
        format!(
            "expected a payment size such as \"5.60%\", \"80RUB\" or \"210.00-280.00USD\", found {}",
            shown(&Value::from(raw))
        )
    };
    let letters = t.len() - t.trim_end_matches(|c: char| c.is_ascii_alphabetic()).len();
    let (body, unit) = if let Some(body) = t.strip_suffix('%') {
        (body, None)
    } else if letters == 3 {
        let (body, code) = t.split_at(t.len() - 3);
        (
            body,
            Some(Some(checks::known_currency(&code.to_ascii_uppercase())?)),
        )
    } else if letters == 0 {
        (t.as_str(), (!percentage).then(|| campaign.cloned()))
    } else {
        return Err(expected());
    };
    let (lo, hi) = match body.split_once('-') {
        Some((lo, hi)) => (checks::plain_figure(lo), checks::plain_figure(hi)),
        None => (checks::plain_figure(body), checks::plain_figure(body)),
    };
    let (Some(lo), Some(hi)) = (lo, hi) else {
        return Err(expected());
    };
    if lo > hi {
        return Err(format!(
            "expected the lowest figure first, found {}",
            shown(&Value::from(raw))
        ));
    }
    match unit {
        None => {
            let (lo, hi) = (Percent::new(lo)?, Percent::new(hi)?);
            Ok(Payment::Percent(lo.get(), hi.get()))
        }
        Some(currency) => {
            let (lo, hi) = (Amount::new(lo)?, Amount::new(hi)?);
            Ok(Payment::Amount(lo.get(), hi.get(), currency))
        }
    }
}

/// `max_hold_time` (else `avg_hold_time`, "usually") as the lock period in `payout.delay`.
fn hold_time(item: &Value, r: &mut Record, bad: &mut impl FnMut(String, String)) {
    for (key, usually) in [("max_hold_time", false), ("avg_hold_time", true)] {
        let Some(v) = item.get(key) else { continue };
        match number(v).and_then(|n| n.map(whole::days).transpose()) {
            Ok(Some(days)) => {
                let mut delay = toml::Table::new();
                delay.insert("days".into(), toml::Value::Integer(i64::from(days)));
                delay.insert("kind".into(), toml::Value::String("lock".into()));
                if usually {
                    delay.insert("usually".into(), toml::Value::Boolean(true));
                }
                r.set("payout.delay", toml::Value::Table(delay));
                return;
            }
            Ok(None) => {}
            Err(e) => bad(key.into(), e),
        }
    }
}

/// `regions[].region` into `promotion.countries`: "01" (every region) is worldwide, else the
/// codes as the countries' text.
fn regions(item: &Value, r: &mut Record, bad: &mut impl FnMut(String, String)) {
    let Some(Value::Array(list)) = item.get("regions") else {
        return;
    };
    let mut codes = Vec::new();
    for (i, region) in list.iter().enumerate() {
        match region.get("region").and_then(Value::as_str).map(str::trim) {
            Some(code) if code.len() == 2 && code.bytes().all(|b| b.is_ascii_alphanumeric()) => {
                codes.push(code.to_ascii_uppercase());
            }
            _ => bad(
                format!("regions[{i}]"),
                format!(
                    "expected a region such as {{\"region\": \"DE\"}}, found {}",
                    shown(region)
                ),
            ),
        }
    }
    let mut countries = toml::Table::new();
    if codes.iter().any(|c| c == "01") {
        countries.insert("worldwide".into(), toml::Value::Boolean(true));
    } else if !codes.is_empty() {
        countries.insert("text".into(), toml::Value::String(codes.join(", ")));
    } else {
        return;
    }
    r.set("promotion.countries", toml::Value::Table(countries));
}

/// `traffics[]`: the enabled ones are the traffic sources; the rest are named in
/// `market.note`, as the model keeps no list of forbidden sources.
fn traffics(item: &Value, r: &mut Record) {
    let Some(Value::Array(list)) = item.get("traffics") else {
        return;
    };
    let (mut allowed, mut forbidden) = (Vec::new(), Vec::new());
    for t in list {
        let Some(name) = t
            .get("name")
            .and_then(Value::as_str)
            .and_then(super::record::clean)
        else {
            continue;
        };
        if t.get("enabled").and_then(Value::as_bool) == Some(true) {
            allowed.push(name);
        } else {
            forbidden.push(name);
        }
    }
    r.list(
        "promotion.traffic_sources",
        allowed.iter().map(String::as_str),
    );
    if !forbidden.is_empty() {
        r.text(
            "market.note",
            &format!("Admitad: traffic not allowed: {}.", forbidden.join(", ")),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn usd() -> Option<Currency> {
        Currency::parse("USD").ok()
    }

    #[test]
    fn payment_sizes_as_percentages_amounts_and_ranges() {
        let p = |raw, pct| payment_size(raw, pct, usd().as_ref());
        assert_eq!(p("5.60%", false), Ok(Payment::Percent(5.6, 5.6)));
        assert_eq!(p("3.5-7%", false), Ok(Payment::Percent(3.5, 7.0)));
        assert_eq!(
            p("210.00-280.00RUB", false),
            Ok(Payment::Amount(210.0, 280.0, Currency::parse("RUB").ok()))
        );
        assert_eq!(p("80 usd", false), Ok(Payment::Amount(80.0, 80.0, usd())));
        assert_eq!(p("50.00", true), Ok(Payment::Percent(50.0, 50.0)));
        assert_eq!(p("50.00", false), Ok(Payment::Amount(50.0, 50.0, usd())));
        for odd in [
            "9-3%", "N/A", "", "5%-10USD", "250%", "1e5%", "12.5EURO", "5ZZZ",
        ] {
            assert!(p(odd, false).is_err(), "{odd}");
        }
    }

    #[test]
    fn ecpc_is_per_click_and_epc_per_100_clicks() {
        let doc = r#"[{"name": "A", "currency": "USD", "epc": 73.0}, {"name": "B", "ecpc": 0.5, "epc": 9.0}]"#;
        let (records, problems) = read(Path::new("a.json"), doc);
        assert!(problems.is_empty(), "{problems:?}");
        let epc = |r: &Record| {
            r.get("market.epc")
                .and_then(|v| v.get("min"))
                .and_then(toml::Value::as_float)
        };
        assert_eq!(epc(&records[0]), Some(0.73));
        assert_eq!(
            records[0].epc.as_ref().map(|e| e.per_clicks.get()),
            Some(100)
        );
        assert_eq!(epc(&records[1]), Some(0.5));
        assert_eq!(records[1].epc.as_ref().map(|e| e.per_clicks.get()), Some(1));
    }

    #[test]
    fn problems_carry_the_json_path() {
        let doc = r#"{"results": [{"name": "A", "actions": [{"payment_size": "9-3%"}], "goto_cookie_lifetime": -5}, 42, {"id": 3}]}"#;
        let (records, problems) = read(Path::new("a.json"), doc);
        assert_eq!(records.len(), 1);
        let at: Vec<String> = problems
            .iter()
            .filter_map(|p| p.at.as_ref().map(ToString::to_string))
            .collect();
        assert_eq!(
            at,
            [
                "at $.results[0].actions[0].payment_size",
                "at $.results[0].goto_cookie_lifetime",
                "at $.results[1]",
                "at $.results[2].name"
            ]
        );
    }

    #[test]
    fn one_campaign_alone_is_read() {
        let (records, problems) = read(
            Path::new("a.json"),
            r#"{"id": 5, "name": "Solo", "actions": []}"#,
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(records[0].at, Locator::JsonPath("$".into()));
        assert_eq!(records[0].network_id.as_deref(), Some("5"));
    }

    #[test]
    fn an_awin_file_is_named() {
        let (_, problems) = read(Path::new("a.json"), r#"{"programmeInfo": {"name": "A"}}"#);
        assert!(
            problems[0].message.contains("try `affex import awin FILE`"),
            "{problems:?}"
        );
    }
}
