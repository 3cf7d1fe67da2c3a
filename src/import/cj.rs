//! CJ: the Advertiser Lookup API's XML (`GET /v2/advertiser-lookup`, a `<cj-api>` document
//! with `<advertisers>`), as a user saves it. CJ counts EPC per 100 clicks; it is divided to
//! one click here. The mapping is in assets/profiles/FORMAT.md ("Importing").

use std::path::Path;

use roxmltree::{Document, Node, ParsingOptions};

use super::record::{ImportProblem, Locator, NetworkEpc, Record, problem, skipped};
use super::{checks, sniff};
use crate::model::{Amount, Currency, Line, PerClicks, Percent};

/// The network's name in ids, sources and `[[imports]]`.
pub const NETWORK: &str = "cj";

/// The records of one CJ file and the problems found reading it.
pub fn read(file: &Path, text: &str) -> (Vec<Record>, Vec<ImportProblem>) {
    let mut problems = Vec::new();
    // No DTD: an untrusted file gets no entity expansion.
    let options = ParsingOptions {
        allow_dtd: false,
        ..ParsingOptions::default()
    };
    let doc = match Document::parse_with_options(text, options) {
        Ok(doc) => doc,
        Err(e) => {
            let message = format!(
                "not valid XML ({e}){}",
                sniff::looks_like_instead(text, super::Format::Cj)
            );
            let line = usize::try_from(e.pos().row).unwrap_or(usize::MAX);
            problems.push(problem(file, Some(Locator::Line(line)), message));
            return (Vec::new(), problems);
        }
    };
    let root = doc.root_element();
    if !root.has_tag_name("cj-api") {
        problems.push(problem(
            file,
            Some(Locator::Line(Lines::of(text).of_node(root))),
            format!(
                "expected CJ's Advertiser Lookup XML (a `<cj-api>` document), found `<{}>`{}",
                crate::sanitize::sanitize_line(root.tag_name().name()),
                sniff::looks_like_instead(text, super::Format::Cj)
            ),
        ));
        return (Vec::new(), problems);
    }
    let lines = Lines::of(text);
    let records = root
        .children()
        .filter(|n| n.has_tag_name("advertisers"))
        .flat_map(|list| list.children().filter(|n| n.has_tag_name("advertiser")))
        .filter_map(|node| advertiser(file, &lines, node, &mut problems))
        .collect();
    // An advertiser's fields are read in the mapping's order, not the file's: the problems
    // are put in the file's order (stable, so one line's keep theirs).
    problems.sort_by_key(|p| match p.at {
        Some(Locator::Line(line)) => line,
        _ => 0,
    });
    (records, problems)
}

/// Where each line of the text starts, to turn a node's byte offset into its line in
/// `O(log lines)`: roxmltree's own `text_pos_at` counts from the top of the text on every
/// call, which made a 20,000-advertiser file quadratic.
struct Lines(Vec<usize>);

impl Lines {
    /// The line starts of `text`, found in one pass.
    fn of(text: &str) -> Self {
        let starts = std::iter::once(0)
            .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
            .collect();
        Lines(starts)
    }
    /// The line (from 1) `node` starts on.
    fn of_node(&self, node: Node) -> usize {
        self.0.partition_point(|&start| start <= node.range().start)
    }
}

/// The first child element of `node` named `name`.
fn child<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    node.children().find(|n| n.has_tag_name(name))
}

/// The trimmed text of an element; empty when it has none.
fn text_of<'a>(node: Node<'a, '_>) -> &'a str {
    node.text().unwrap_or("").trim()
}

/// A figure as CJ writes it ("45.20"): plain digits with one optional point. "N/A" and an
/// empty element are `Ok(None)`: CJ has too few clicks to measure.
fn figure(raw: &str) -> Result<Option<f64>, String> {
    if raw.is_empty() || raw.eq_ignore_ascii_case("n/a") {
        return Ok(None);
    }
    checks::plain_figure(raw)
        .map(Some)
        .ok_or_else(|| format!("expected a number, found {:?}", shown(raw)))
}

/// `raw` as a problem quotes it: sanitized and at most 40 characters.
fn shown(raw: &str) -> String {
    crate::sanitize::sanitize_line(&raw.chars().take(40).collect::<String>())
}

/// One `<advertiser>`; `None` (and a problem) when it has no name.
fn advertiser(
    file: &Path,
    lines: &Lines,
    node: Node,
    problems: &mut Vec<ImportProblem>,
) -> Option<Record> {
    let at = |n: Node| Some(Locator::Line(lines.of_node(n)));
    let mut r = Record::new(Locator::Line(lines.of_node(node)));
    let name_node = child(node, "advertiser-name");
    r.name = name_node.map(text_of).and_then(super::record::clean);
    if r.name.is_none() {
        problems.push(skipped(
            file,
            at(name_node.unwrap_or(node)),
            "an advertiser without a name (`advertiser-name`); skipped",
        ));
        return None;
    }
    r.network_id = child(node, "advertiser-id")
        .map(text_of)
        .and_then(super::record::clean);
    let mut bad = |n: Node, message: String| problems.push(problem(file, at(n), message));
    if let Some(url) = child(node, "program-url") {
        let raw = text_of(url);
        if checks::is_web_address(raw) {
            r.text("website", raw);
        } else if !raw.is_empty() {
            bad(
                url,
                format!(
                    "expected a web address (http or https), found {:?}; left out",
                    shown(raw)
                ),
            );
        }
    }
    if let Some(category) = child(node, "primary-category") {
        let parent = child(category, "parent").map(text_of).unwrap_or("");
        let sub = child(category, "child").map(text_of).unwrap_or("");
        r.text("industry", parent);
        r.list("niches", [sub, parent]);
    }
    r.add_to_list("program.networks", "CJ");
    // The three-month EPC is the steadier; the seven-day one stands in when it is missing.
    let windows = [("three-month-epc", "3 months"), ("seven-day-epc", "7 days")];
    for (tag, window) in windows {
        let Some(epc_node) = child(node, tag) else {
            continue;
        };
        match figure(text_of(epc_node)) {
            Ok(None) => continue,
            Ok(Some(per_100)) => match Amount::new(per_100) {
                Ok(amount) => {
                    // CJ's XML gives no currency for EPC: it is left unstated.
                    if let Err(e) = r.money_range(
                        "market.epc",
                        Some(per_100 / 100.0),
                        Some(per_100 / 100.0),
                        None,
                    ) {
                        bad(epc_node, e);
                        continue;
                    }
                    r.epc = PerClicks::new(100.0).ok().map(|per_clicks| NetworkEpc {
                        amount,
                        currency: None,
                        per_clicks,
                        window: Some(Line::new(window)),
                    });
                    break;
                }
                Err(e) => bad(epc_node, format!("{tag}: {e}")),
            },
            Err(e) => bad(epc_node, format!("{tag}: {e}")),
        }
    }
    let actions = child(node, "actions")
        .into_iter()
        .flat_map(|a| a.children().filter(|n| n.has_tag_name("action")));
    let (mut low, mut high) = (None::<f64>, None::<f64>);
    let mut fixed = Vec::new();
    let mut structure = Vec::new();
    for action in actions {
        let action_name = child(action, "name").map(text_of).unwrap_or("");
        let Some(commission) = child(action, "commission") else {
            continue;
        };
        for part in commission.children().filter(Node::is_element) {
            let item = match part.tag_name().name() {
                "default" => None,
                "itemlist" => Some(part.attribute("name").unwrap_or("").trim()),
                _ => continue,
            };
            match rate(text_of(part)) {
                Ok(None) => {}
                Ok(Some(Rate::Percent(p))) => {
                    low = Some(low.map_or(p, |l| l.min(p)));
                    high = Some(high.map_or(p, |h| h.max(p)));
                    structure.push(if item.is_some() {
                        "category-based"
                    } else {
                        "fixed-percent"
                    });
                }
                Ok(Some(Rate::Amount(v, currency))) => {
                    let what = match item {
                        Some(list) if !list.is_empty() => format!("{action_name} ({list})"),
                        _ => action_name.to_string(),
                    };
                    let money = crate::decide::band::money(v, Some(currency.as_str()));
                    fixed.push(format!("{} {money}", what.trim()).trim().to_string());
                    structure.push("flat-fee");
                }
                Err(e) => bad(part, e),
            }
        }
    }
    if let Err(e) = r.percent_range("commission.rate", low, high) {
        bad(node, e);
    }
    if !fixed.is_empty() {
        r.text(
            "commission.note",
            &format!("CJ: fixed commission {} per action.", fixed.join(", ")),
        );
    }
    structure.sort_unstable();
    structure.dedup();
    r.list("commission.structure", structure);
    if child(node, "performance-incentives").map(text_of) == Some("true") {
        r.text(
            "commission.bonuses",
            "CJ: performance incentives (rates rise with volume)",
        );
    }
    if let Some(kinds) = child(node, "link-types") {
        let mut items: Vec<&str> = kinds
            .children()
            .filter(|n| n.has_tag_name("link-type"))
            .map(text_of)
            .collect();
        if items.is_empty() {
            // Some responses give the kinds as one text, comma-separated.
            items = text_of(kinds).split(',').map(str::trim).collect();
        }
        r.list("promotion.materials", items);
    }
    Some(r)
}

/// A commission as CJ writes it.
enum Rate {
    /// "8.00%".
    Percent(f64),
    /// "USD 65.00".
    Amount(f64, Currency),
}

/// Reads a commission ("8.00%", "USD 65.00"), each figure checked; `Ok(None)` when empty.
fn rate(raw: &str) -> Result<Option<Rate>, String> {
    if raw.is_empty() {
        return Ok(None);
    }
    let expected = || {
        format!(
            "expected a commission such as \"8.00%\" or \"USD 65.00\", found {:?}",
            shown(raw)
        )
    };
    if let Some(number) = raw.strip_suffix('%') {
        let v = figure(number.trim())
            .map_err(|_| expected())?
            .ok_or_else(expected)?;
        return Percent::new(v).map(|p| Some(Rate::Percent(p.get())));
    }
    let (code, number) = raw.split_once(char::is_whitespace).ok_or_else(expected)?;
    if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Err(expected());
    }
    let currency = checks::known_currency(code)?;
    let v = figure(number.trim())
        .map_err(|_| expected())?
        .ok_or_else(expected)?;
    Amount::new(v).map(|a| Some(Rate::Amount(a.get(), currency)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(xml: &str) -> (Vec<Record>, Vec<ImportProblem>) {
        read(Path::new("cj.xml"), xml)
    }

    fn advertiser(inner: &str) -> String {
        format!("<cj-api><advertisers><advertiser>{inner}</advertiser></advertisers></cj-api>")
    }

    #[test]
    fn epc_per_100_clicks_is_divided_to_one_click() {
        let (records, problems) = one(&advertiser(
            "<advertiser-name>A</advertiser-name><seven-day-epc>12.00</seven-day-epc>\
             <three-month-epc>45.20</three-month-epc>",
        ));
        assert!(problems.is_empty(), "{problems:?}");
        let r = &records[0];
        let epc = r
            .get("market.epc")
            .and_then(|v| v.get("min"))
            .and_then(toml::Value::as_float);
        // 45.20 per 100 clicks is 0.452 a click, kept whole (to cents it read 0.45).
        assert_eq!(epc, Some(0.452));
        let given = r.epc.as_ref().map(|e| (e.amount.get(), e.per_clicks.get()));
        assert_eq!(given, Some((45.2, 100)));
        assert_eq!(
            r.epc
                .as_ref()
                .and_then(|e| e.window.as_ref())
                .map(Line::as_str),
            Some("3 months")
        );
    }

    #[test]
    fn the_seven_day_epc_stands_in_for_a_missing_three_month_one() {
        let (records, _) = one(&advertiser(
            "<advertiser-name>A</advertiser-name><seven-day-epc>12.00</seven-day-epc>\
             <three-month-epc>N/A</three-month-epc>",
        ));
        let e = records[0]
            .epc
            .as_ref()
            .map(|e| (e.amount.get(), e.window.clone()));
        assert_eq!(e, Some((12.0, Some(Line::new("7 days")))));
    }

    #[test]
    fn percentages_make_a_range_and_amounts_a_note() {
        let (records, problems) = one(&advertiser(
            "<advertiser-name>A</advertiser-name><actions>\
             <action><name>Sale</name><commission><itemlist name=\"Tents\">10.00%</itemlist>\
             <default>8.00%</default></commission></action>\
             <action><name>Lead</name><commission><default>USD 2.50</default></commission></action>\
             </actions>",
        ));
        assert!(problems.is_empty(), "{problems:?}");
        let r = &records[0];
        let end = |k: &str| {
            r.get("commission.rate")
                .and_then(|v| v.get(k))
                .and_then(toml::Value::as_float)
        };
        assert_eq!((end("min"), end("max")), (Some(8.0), Some(10.0)));
        let note = r.get("commission.note").and_then(toml::Value::as_str);
        assert_eq!(note, Some("CJ: fixed commission Lead $2.50 per action."));
        let structure = r.get("commission.structure").map(ToString::to_string);
        assert_eq!(
            structure.as_deref(),
            Some("[\"category-based\", \"fixed-percent\", \"flat-fee\"]")
        );
    }

    #[test]
    fn bad_figures_are_reported_on_their_line_and_left_out() {
        let xml = "<cj-api><advertisers><advertiser>\n<advertiser-name>A</advertiser-name>\n\
                   <three-month-epc>-3.00</three-month-epc>\n<actions><action><commission>\n\
                   <default>250.00%</default>\n</commission></action></actions>\n\
                   </advertiser></advertisers></cj-api>";
        let (records, problems) = one(xml);
        assert_eq!(records.len(), 1);
        assert!(records[0].get("market.epc").is_none());
        assert!(records[0].get("commission.rate").is_none());
        let lines: Vec<_> = problems.iter().map(|p| p.at.clone()).collect();
        assert_eq!(lines, [Some(Locator::Line(3)), Some(Locator::Line(5))]);
    }

    #[test]
    fn problems_are_in_the_files_order_whatever_order_the_fields_are_read_in() {
        // The actions come before the EPC in this file; the EPC is read first.
        let xml = "<cj-api><advertisers><advertiser>\n<advertiser-name>A</advertiser-name>\n\
                   <actions><action><commission>\n<default>250.00%</default>\n\
                   </commission></action></actions>\n<program-url>ftp://a</program-url>\n\
                   <three-month-epc>-3.00</three-month-epc>\n</advertiser></advertisers></cj-api>";
        let (records, problems) = one(xml);
        assert_eq!(records.len(), 1);
        let lines: Vec<_> = problems.iter().map(|p| p.at.clone()).collect();
        assert_eq!(
            lines,
            [
                Some(Locator::Line(4)),
                Some(Locator::Line(6)),
                Some(Locator::Line(7))
            ],
            "{problems:?}"
        );
    }

    #[test]
    fn a_nameless_advertiser_is_skipped_with_its_line() {
        let xml = "<cj-api><advertisers>\n<advertiser>\n<advertiser-name> </advertiser-name>\n\
                   </advertiser>\n<advertiser><advertiser-id>7</advertiser-id></advertiser>\n\
                   </advertisers></cj-api>";
        let (records, problems) = one(xml);
        assert!(records.is_empty());
        let at: Vec<_> = problems.iter().map(|p| (p.at.clone(), p.skipped)).collect();
        assert_eq!(
            at,
            [
                (Some(Locator::Line(3)), true),
                (Some(Locator::Line(5)), true)
            ]
        );
    }

    #[test]
    fn a_dtd_is_refused_and_json_is_named() {
        let (_, problems) =
            one("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"aaaa\">]><cj-api/>");
        assert!(problems[0].message.starts_with("not valid XML"));
        let (_, problems) = one("[{\"programmeInfo\": {\"name\": \"A\"}}]");
        assert!(
            problems[0].message.contains("try `affex import awin FILE`"),
            "{problems:?}"
        );
    }
}
