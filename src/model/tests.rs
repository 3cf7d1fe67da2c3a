//! The model's unit tests: checked values, sanitized strings, serialized forms.

use super::*;
use crate::sanitize::{sanitize_line, sanitize_text};

fn parse(src: &str) -> Result<Profile, toml::de::Error> {
    toml::from_str(src)
}

#[test]
fn minimal_profile_loads() {
    let p = parse("id = \"x\"\nname = \"X\"\n").expect("valid");
    assert_eq!(p.id.as_str(), "x");
    assert!(p.commission.rate.is_unknown());
}

#[test]
fn ranges_and_numbers_are_checked() {
    let bad = [
        (
            "[commission]\nrate = { min = 10, max = 5 }",
            "at most `max`",
        ),
        ("[commission]\nrate = { max = 150 }", "0 to 100"),
        ("[commission]\nrate = { max = nan }", "0 to 100"),
        ("[cookie]\ndays = -1", "days"),
        ("[cookie]\ndays = 1.5", "days"),
        ("[payout]\nminimum = { min = -5 }", "from 0 to 1000000000"),
        (
            "[payout]\nminimum = { min = 1.7e308 }",
            "from 0 to 1000000000",
        ),
        (
            "[payout]\nminimum = { min = 5, currency = \"usd\" }",
            "currency",
        ),
        ("launched = 99", "year"),
    ];
    for (body, want) in bad {
        let err = parse(&format!("id = \"x\"\nname = \"X\"\n{body}\n")).expect_err(body);
        assert!(err.message().contains(want), "{body}: {}", err.message());
        assert!(err.span().is_some(), "{body} has a span");
    }
}

/// Names made only of what the sanitizer removes (spaces, controls, zero-width and other
/// invisible characters, escape sequences) are refused, naming the field.
#[test]
fn blank_names_are_refused() {
    let blanks = [
        "",
        "   ",
        "\\u200B",
        "\\u200B \\u2060",
        "\\u001B[31m",
        "\\u3164",
        "\\uFE0F\\u00AD",
        "\\U000E0041\\U000E007F",
        "\\t\\n",
        "\\u115F\\u1160",
    ];
    for raw in blanks {
        let src = format!("id = \"x\"\nname = \"{raw}\"\n");
        let err = parse(&src).expect_err(raw);
        assert!(
            err.message().starts_with("`name` is blank"),
            "{raw}: {}",
            err.message()
        );
        let at = err.span().map(|span| span.start);
        assert_eq!(
            at,
            src.find("name = ").map(|i| i + 7),
            "{raw}: the name's value"
        );
    }
    assert!(parse("id = \"x\"\nname = \"\\u200BA\"\n").is_ok());
}

#[test]
fn bad_ids_are_refused() {
    for id in ["", "Has Caps", "a_b", "ü"] {
        assert!(ProgramId::parse(id).is_err(), "{id:?}");
    }
    assert!(ProgramId::parse("amazon-associates").is_ok());
}

#[test]
fn strings_are_sanitized_on_load() {
    let p = parse("id = \"x\"\nname = \"\\u001b[31mRed\\u001b[0m\\nName\"\n").expect("valid");
    assert_eq!(p.name.as_str(), "Red Name");
}

#[test]
fn clean_text_is_kept_as_is_and_anything_else_is_sanitized() {
    let samples = [
        "",
        " ",
        "plain",
        " padded ",
        "trailing ",
        "tab\there",
        "two\nlines",
        "ends with a break\n",
        "line\u{2028}separator",
        "para\u{2029}separator",
        "速卖通 AliExpress",
        "wide space\u{3000}",
        "\u{3000}lead",
        "zero\u{200B}width",
        "bidi\u{202E}override",
        "esc\u{1b}[31mred",
        "c1\u{9b}31m",
        "del\u{7f}",
        "bom\u{feff}",
        "nbsp\u{a0}end\u{a0}",
        "caf\u{e9}",
    ];
    for raw in samples {
        assert_eq!(Line::new(raw).as_str(), sanitize_line(raw), "{raw:?}");
        assert_eq!(Text::new(raw).as_str(), sanitize_text(raw), "{raw:?}");
    }
}

proptest::proptest! {
    #[test]
    fn line_and_text_equal_the_sanitizer(raw in "\\PC*|[ -~\n\t\u{80}-\u{3000}]*") {
        let (line, text) = (Line::new(&raw), Text::new(&raw));
        proptest::prop_assert_eq!(line.as_str(), sanitize_line(&raw));
        proptest::prop_assert_eq!(text.as_str(), sanitize_text(&raw));
    }
}

#[test]
fn numbers_keep_their_values_debug_and_serialized_forms() {
    for v in [0.0, 0.5, 3.0, 12.75, 100.0, 0.01, 1e9] {
        let amount = Amount::new(v).expect("valid");
        assert_eq!(amount.get().to_bits(), v.to_bits());
        assert_eq!(format!("{amount:?}"), format!("Amount({v:?})"));
        assert_eq!(
            serde_json::to_string(&amount).expect("serializes"),
            serde_json::to_string(&v).expect("serializes")
        );
    }
    assert_eq!(Amount::new(-0.0), Amount::new(0.0));
    assert!(Percent::new(3.0) < Percent::new(12.5));
    assert!(Percent::new(100.5).is_err() && Amount::new(f64::NAN).is_err());
    let days = Days::new(0.0).expect("valid");
    assert_eq!(
        (days.get(), format!("{days:?}")),
        (0, "Days(0)".to_string())
    );
    assert!(Days::new(36_500.0).is_ok() && Days::new(36_501.0).is_err());
    assert!(Days::new(-1.0).is_err() && Days::new(1.5).is_err());
    assert!(Days::new(1e10).is_err() && Year::new(1e10).is_err());
    assert!(Days::new(3.0) < Days::new(30.0));
    let year = Year::new(1999.0).expect("valid");
    assert_eq!(
        (year.get(), format!("{year:?}")),
        (1999, "Year(1999)".to_string())
    );
    assert!(Year::new(0.0).is_err() && Year::new(2101.0).is_err());
    assert_eq!(serde_json::to_string(&days).expect("serializes"), "0");
    assert_eq!(serde_json::to_string(&year).expect("serializes"), "1999");
    assert_eq!(std::mem::size_of::<Option<Percent>>(), 8);
    assert_eq!(std::mem::size_of::<Option<Days>>(), 4);
    assert_eq!(std::mem::size_of::<Option<Year>>(), 2);
    assert_eq!(std::mem::size_of::<Option<Currency>>(), 4);
    assert_eq!(std::mem::size_of::<Option<Line>>(), 24);
}

#[test]
fn strings_keep_their_debug_and_serialized_forms() {
    let p =
        parse("id = \"x\"\nname = \"X\"\n[payout]\nminimum = { min = 5, currency = \"EUR\" }\n")
            .expect("valid");
    let currency = p.payout.minimum.currency.clone().expect("set");
    assert_eq!(format!("{currency:?}"), "Currency(\"EUR\")");
    assert_eq!(format!("{:?}", p.name), "Line(\"X\")");
    assert_eq!(format!("{:?}", p.id), "ProgramId(\"x\")");
    assert_eq!(currency.symbol(), Some("€"));
    let json = serde_json::to_string(&p).expect("serializes");
    assert!(json.starts_with("{\"id\":\"x\",\"name\":\"X\""), "{json}");
    assert!(json.contains("\"currency\":\"EUR\""), "{json}");
    assert!(
        toml::to_string(&p)
            .expect("serializes")
            .contains("currency = \"EUR\"")
    );
}

#[test]
fn json_round_trips() {
    let src = "id = \"x\"\nname = \"X\"\n[commission]\nrate = { min = 3, max = 9 }\n[market]\naverage_order = { min = 35, max = 40, currency = \"USD\", level = \"low\" }\n";
    let p = parse(src).expect("valid");
    let json = serde_json::to_string(&p).expect("serializes");
    let back: Profile = serde_json::from_str(&json).expect("parses back");
    assert_eq!(back, p);
}

#[test]
fn older_forms_keep_loading() {
    let p = parse(
        "id = \"x\"\nname = \"X\"\nsources = [\"a.txt\"]\n[payout]\ndelay_days = 45\n[promotion]\ncountries = \"Worldwide\"\n",
    )
    .expect("the older forms load");
    let delay = p.payout.delay.expect("delay_days is read as a delay");
    assert_eq!((delay.days.get(), delay.kind), (45, None));
    assert_eq!(delay.text(), "a 45-day wait before payment");
    assert_eq!(p.promotion.countries.text().as_deref(), Some("Worldwide"));
    assert_eq!(p.sources[0].file.as_str(), "a.txt");
    assert_eq!(p.source_name("a.txt"), "a.txt");
}

#[test]
fn payment_timing_reads_as_the_sources_word_it() {
    let p = parse(
        "id = \"x\"\nname = \"X\"\n[payout]\ndelay = { days = 60, kind = \"net\" }\npay_day = { day = 15, to = 30, month = \"following\", usually = true }\n",
    )
    .expect("valid");
    assert_eq!(p.payout.delay.map(|d| d.text()).as_deref(), Some("Net-60"));
    assert_eq!(
        p.payout.pay_day.map(|d| d.text()).as_deref(),
        Some("usually between the 15th and 30th of the following month")
    );
    let around =
        parse("id = \"x\"\nname = \"X\"\n[payout]\npay_day = { day = 22, approx = true }\n")
            .expect("valid");
    assert_eq!(
        around.payout.pay_day.map(|d| d.text()).as_deref(),
        Some("around the 22nd of the month")
    );
    assert_eq!(
        [1, 2, 3, 4, 11, 12, 13, 21, 31].map(ordinal),
        [
            "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "31st"
        ]
    );
}

#[test]
fn countries_are_data_with_iso_codes() {
    let p = parse(
        "id = \"x\"\nname = \"X\"\n[promotion]\ncountries = { worldwide = true, at_least = 190, places = \"countries and regions\", exclusions = [{ codes = [\"CN\", \"IN\"], condition = \"some promotions\" }, { codes = [\"IN\", \"NG\"] }] }\n",
    )
    .expect("valid");
    let c = &p.promotion.countries;
    assert_eq!(c.excluded_codes(), ["CN", "IN", "NG"]);
    assert_eq!(
        c.text().as_deref(),
        Some(
            "Worldwide (190+ countries and regions), except CN, IN for some promotions; except IN, NG"
        )
    );
    for bad in [
        "countries = { worldwide = true, exclusions = [{ codes = [\"in\"] }] }",
        "countries = { everywhere = true }",
    ] {
        let err = parse(&format!("id = \"x\"\nname = \"X\"\n[promotion]\n{bad}\n"));
        assert!(err.is_err(), "{bad} should be refused");
    }
}

#[test]
fn sources_may_carry_a_title() {
    let p = parse(
        "id = \"x\"\nname = \"X\"\nsources = [{ file = \"a.txt\", title = \"the A guide\" }, \"b.txt\"]\n",
    )
    .expect("valid");
    assert_eq!(p.source_name("a.txt"), "the A guide");
    assert_eq!(p.source_name("b.txt"), "b.txt");
    let json = serde_json::to_value(&p).expect("serializes");
    assert_eq!(
        json["sources"][0]["file"], "a.txt",
        "JSON keeps the file name"
    );
}

#[test]
fn an_import_date_may_be_a_toml_date_or_a_string() {
    let with = |imported: &str| {
        parse(&format!(
            "id = \"t\"\nname = \"T\"\n[[imports]]\nnetwork = \"awin\"\nimported = {imported}\n"
        ))
    };
    for written in ["2026-11-28", "\"2026-11-28\""] {
        let p = with(written).unwrap_or_else(|e| panic!("{written}: {e}"));
        assert_eq!(p.imports[0].imported.to_string(), "2026-11-28", "{written}");
    }
    let with_time = with("2026-11-28T10:00:00Z").expect_err("a time of day is refused");
    assert!(
        with_time.to_string().contains(
            "expected a date without a time of day (YYYY-MM-DD), found 2026-11-28T10:00:00Z"
        ),
        "{with_time}"
    );
    let local_time = with("10:00:00").expect_err("a time alone is refused");
    assert!(
        local_time.to_string().contains("without a time of day"),
        "{local_time}"
    );
    let too_early = with("1799-12-31").expect_err("before 1800");
    assert!(
        too_early.to_string().contains("from 1800 to 2100"),
        "{too_early}"
    );
    let not_a_date = with("20261128").expect_err("a number is no date");
    assert!(
        not_a_date
            .to_string()
            .contains("expected a date such as \"2026-11-28\""),
        "{not_a_date}"
    );
}

/// A profile is held once per program (100,000 in a large catalog), so its size is pinned: at
/// 1,024 bytes (1,160 while its lists were `Vec`s) it is over a third of a cold load's memory
/// (issue 16). A field that makes it larger should be boxed or moved out of line instead.
#[test]
fn a_profile_does_not_grow() {
    assert!(
        std::mem::size_of::<Profile>() <= 1_024,
        "Profile is {} bytes",
        std::mem::size_of::<Profile>()
    );
}
