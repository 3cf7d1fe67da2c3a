//! Eligibility: the user's countries against a program's country rules, their channels
//! against its accepted traffic sources, their niches against its content rules. Each check
//! gives yes / conditional / no / not stated with the rule that decided it; nothing passes
//! silently.

use serde::Serialize;

use super::me::{Channel, Me};
use crate::model::fields;
use crate::model::{ContentRule, CountryCode, Permission, Profile};

/// The answer to "may I join and promote it this way?".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// The rules allow it.
    Yes,
    /// The sources say nothing that decides it.
    NotStated,
    /// Allowed under a condition the user must check.
    Conditional,
    /// The rules leave it out.
    No,
}

impl Verdict {
    /// The word shown: "yes", "check", "no", "not stated".
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Yes => "yes",
            Verdict::NotStated => "not stated",
            Verdict::Conditional => "check",
            Verdict::No => "no",
        }
    }
}

/// What was checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Aspect {
    /// A country of the audience.
    Country,
    /// A channel.
    Channel,
    /// The niches against the content rules.
    Content,
}

/// One check and the rule that decided it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Check {
    /// What was checked.
    pub aspect: Aspect,
    /// The user's value checked ("IN", "tiktok"; the niches for content).
    pub value: String,
    /// The answer.
    pub verdict: Verdict,
    /// The rule that decided it, in words.
    pub rule: String,
}

/// Every check for one program, and the overall answer (the worst of them).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Eligibility {
    /// No when any check is no; check when any is conditional; not stated when any is; else
    /// yes. Not stated when nothing could be checked.
    pub verdict: Verdict,
    /// Each check, countries first, then channels, then content.
    pub checks: Vec<Check>,
    /// What the user has not set, so was not checked ("countries").
    pub unchecked: Vec<&'static str>,
}

impl Eligibility {
    /// Checks `me` against the rules of `p`.
    pub fn of(p: &Profile, me: &Me) -> Eligibility {
        let mut checks = Vec::new();
        let mut unchecked = Vec::new();
        if me.countries.is_empty() {
            unchecked.push("countries");
        }
        for c in &me.countries {
            checks.push(country(p, *c));
        }
        if me.channels.is_empty() {
            unchecked.push("channels");
        }
        for ch in &me.channels {
            checks.push(channel(p, *ch));
        }
        if !me.niches.is_empty() {
            checks.push(content(p, &me.niches));
        }
        let verdict = checks
            .iter()
            .map(|c| c.verdict)
            .max()
            .unwrap_or(Verdict::NotStated);
        Eligibility {
            verdict,
            checks,
            unchecked,
        }
    }
    /// The answer in a few words, for a grid cell: "yes", "check: IN", "no: IN, tiktok".
    pub fn short(&self) -> String {
        let which: Vec<&str> = self
            .checks
            .iter()
            .filter(|c| c.verdict == self.verdict)
            .map(|c| c.value.as_str())
            .collect();
        match self.verdict {
            Verdict::Yes => "yes".to_string(),
            v => format!("{}: {}", v.label(), which.join(", ")),
        }
    }
    /// The answer and the rules behind it, in one line: "check: IN: except CN, IN, NG for some
    /// shipping or promotions".
    pub fn summary(&self) -> String {
        let worst: Vec<String> = self
            .checks
            .iter()
            .filter(|c| c.verdict == self.verdict && c.verdict != Verdict::Yes)
            .map(|c| format!("{}: {}", c.value, c.rule))
            .collect();
        match (self.verdict, worst.is_empty(), self.checks.is_empty()) {
            (_, _, true) => {
                format!("not checked: set your {}", self.unchecked.join(" and "))
            }
            (v, true, _) => v.label().to_string(),
            (v, false, _) => format!("{}: {}", v.label(), worst.join("; ")),
        }
    }
}

fn check(aspect: Aspect, value: &str, verdict: Verdict, rule: String) -> Check {
    Check {
        aspect,
        value: value.to_string(),
        verdict,
        rule,
    }
}

/// A country against the country rules: an exclusion with a condition is "check", without one
/// "no"; worldwide is "yes"; nothing stated is "not stated".
fn country(p: &Profile, code: CountryCode) -> Check {
    let rules = &p.promotion.countries;
    let code_str = code.as_str();
    let rule_text = fields::by_key("countries")
        .and_then(|f| (f.text)(p))
        .unwrap_or_default();
    for x in &rules.exclusions {
        if x.codes.contains(&code) {
            return match &x.condition {
                Some(cond) => check(
                    Aspect::Country,
                    code_str,
                    Verdict::Conditional,
                    format!("conditional exclusion: left out of {cond}"),
                ),
                None => check(
                    Aspect::Country,
                    code_str,
                    Verdict::No,
                    "excluded".to_string(),
                ),
            };
        }
    }
    let named_in_free_text = p
        .promotion
        .excluded_countries
        .iter()
        .any(|l| l.as_str().eq_ignore_ascii_case(code_str));
    if named_in_free_text {
        return check(
            Aspect::Country,
            code_str,
            Verdict::Conditional,
            format!("named among the excluded countries ({rule_text})"),
        );
    }
    if rules.worldwide {
        return check(Aspect::Country, code_str, Verdict::Yes, rule_text);
    }
    if rule_text.is_empty() {
        check(
            Aspect::Country,
            code_str,
            Verdict::NotStated,
            "the profile states no country rules".to_string(),
        )
    } else {
        check(
            Aspect::Country,
            code_str,
            Verdict::NotStated,
            format!("the rule does not name it: {rule_text}"),
        )
    }
}

/// Words in a traffic source that make it conditional.
const CONDITIONS: &[&str] = &[
    "approval",
    "approved",
    "restricted",
    "case by case",
    "case-by-case",
];

/// A channel against the accepted traffic sources: named (or covered by a broader source such
/// as "Social media") is "yes", or "check" when the source carries a condition ("subject to
/// approval"); not named in a stated list is "check"; no list is "not stated".
fn channel(p: &Profile, ch: Channel) -> Check {
    let sources = fields::by_key("traffic_sources").map_or(&[][..], |f| (f.items)(p));
    let name = ch.name();
    if sources.is_empty() {
        return check(
            Aspect::Channel,
            name,
            Verdict::NotStated,
            "the profile lists no accepted traffic sources".to_string(),
        );
    }
    let (own, broad) = ch.words();
    let lower: Vec<String> = sources.iter().map(|s| s.as_str().to_lowercase()).collect();
    let by_name = lower.iter().position(|s| own.iter().any(|w| s.contains(w)));
    let by_kind = lower
        .iter()
        .position(|s| broad.iter().any(|w| s.contains(w)));
    match by_name.or(by_kind) {
        Some(i) => {
            let source = sources[i].as_str();
            if CONDITIONS.iter().any(|w| lower[i].contains(w)) {
                check(
                    Aspect::Channel,
                    name,
                    Verdict::Conditional,
                    format!("accepted traffic source \"{source}\""),
                )
            } else {
                check(
                    Aspect::Channel,
                    name,
                    Verdict::Yes,
                    format!("accepted traffic source \"{source}\""),
                )
            }
        }
        None => check(
            Aspect::Channel,
            name,
            Verdict::Conditional,
            "not among the accepted traffic sources listed; ask the program".to_string(),
        ),
    }
}

/// Niche words that touch each content rule.
const EXPLICIT: &[&str] = &["adult", "explicit", "nsfw", "erotic", "sex", "porn"];
const RELIGIOUS_POLITICAL: &[&str] = &["politic", "religio", "election", "church", "faith"];

/// The niches against the content rules: a niche that touches a prohibited kind is "no", a
/// restricted one "check"; none touching a stated rule is "yes"; no rules stated, "not stated".
fn content(p: &Profile, niches: &[String]) -> Check {
    let value = niches.join(", ");
    let rules: [(&str, &[&str], &Option<ContentRule>); 2] = [
        ("explicit content", EXPLICIT, &p.promotion.explicit),
        (
            "religious or political content",
            RELIGIOUS_POLITICAL,
            &p.promotion.religious_political,
        ),
    ];
    let mut worst: Option<Check> = None;
    for (what, words, rule) in rules {
        let Some(rule) = rule else { continue };
        let touched = niches.iter().find(|n| {
            let n = n.to_lowercase();
            words.iter().any(|w| n.contains(w))
        });
        let Some(niche) = touched else { continue };
        let verdict = match rule.rule {
            Permission::Allowed => Verdict::Yes,
            Permission::Restricted => Verdict::Conditional,
            Permission::Prohibited => Verdict::No,
        };
        let c = check(
            Aspect::Content,
            &value,
            verdict,
            format!("\"{niche}\" is {what}, which is {}", rule.rule.label()),
        );
        if worst.as_ref().is_none_or(|w| c.verdict > w.verdict) {
            worst = Some(c);
        }
    }
    if let Some(c) = worst {
        return c;
    }
    let stated = p.promotion.explicit.is_some() || p.promotion.religious_political.is_some();
    if stated {
        check(
            Aspect::Content,
            &value,
            Verdict::Yes,
            "no content rule touches these niches".to_string(),
        )
    } else {
        check(
            Aspect::Content,
            &value,
            Verdict::NotStated,
            "the profile states no content rules".to_string(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decide::me::{check_channel, check_country};
    use crate::decide::test_profiles::{bundled, made_up};

    fn me(countries: &[&str], channels: &[&str]) -> Me {
        Me {
            countries: countries
                .iter()
                .filter_map(|c| check_country(c).ok())
                .collect(),
            channels: channels
                .iter()
                .filter_map(|c| check_channel(c).ok())
                .collect(),
            ..Me::default()
        }
    }

    #[test]
    fn india_on_alibaba_is_a_conditional_exclusion_not_a_silent_pass() {
        let e = Eligibility::of(&bundled("alibaba"), &me(&["IN"], &[]));
        assert_eq!(e.verdict, Verdict::Conditional);
        assert_eq!(
            e.summary(),
            "check: IN: conditional exclusion: left out of some shipping or promotions"
        );
        let us = Eligibility::of(&bundled("alibaba"), &me(&["US"], &[]));
        assert_eq!(us.verdict, Verdict::Yes);
    }

    #[test]
    fn a_cashback_site_on_aliexpress_is_subject_to_approval() {
        let e = Eligibility::of(&bundled("aliexpress"), &me(&[], &["cashback"]));
        assert_eq!(e.verdict, Verdict::Conditional);
        assert!(
            e.summary().contains("subject to approval"),
            "{}",
            e.summary()
        );
        let tiktok = Eligibility::of(&bundled("aliexpress"), &me(&[], &["tiktok"]));
        assert_eq!(tiktok.verdict, Verdict::Yes);
    }

    #[test]
    fn a_program_with_no_country_data_is_not_stated() {
        let e = Eligibility::of(&bundled("amazon-associates"), &me(&["IN"], &[]));
        assert_eq!(e.verdict, Verdict::NotStated);
        assert_eq!(e.checks[0].rule, "the profile states no country rules");
        let bare = Eligibility::of(&made_up(""), &me(&["BR"], &["blog"]));
        assert_eq!(bare.verdict, Verdict::NotStated);
    }

    #[test]
    fn niches_meet_the_content_rules() {
        let p = bundled("aliexpress");
        let mut m = me(&[], &[]);
        m.niches = vec!["fishing".into()];
        assert_eq!(Eligibility::of(&p, &m).verdict, Verdict::Yes);
        m.niches = vec!["politics".into()];
        assert_eq!(Eligibility::of(&p, &m).verdict, Verdict::Conditional);
        assert_eq!(
            Eligibility::of(&bundled("alibaba"), &m).verdict,
            Verdict::No
        );
    }

    #[test]
    fn nothing_set_says_what_to_set() {
        let e = Eligibility::of(&bundled("aliexpress"), &Me::default());
        assert_eq!(e.summary(), "not checked: set your countries and channels");
    }
}
