//! "About me": what the user tells affex about themselves (channels, audience countries,
//! niches, monthly clicks, their own conversion and average order), and the one check per
//! field that the config file, the command-line flags and the app's form all share, so each
//! refuses a bad value with the same words.

use serde::Serialize;

use crate::model::CountryCode;

/// Where the user sends traffic from. The words map onto the traffic sources profiles list
/// (see [`Channel::words`]); the list is closed so a typo is caught, not silently unmatched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Channel {
    /// A blog.
    Blog,
    /// A website other than a blog (a review or content site).
    Website,
    /// A YouTube channel.
    Youtube,
    /// A TikTok account.
    Tiktok,
    /// An Instagram account.
    Instagram,
    /// A Pinterest account.
    Pinterest,
    /// A Facebook page or group.
    Facebook,
    /// Live streams.
    Livestream,
    /// An email list or newsletter.
    Email,
    /// A coupon site.
    Coupon,
    /// A cashback site.
    Cashback,
    /// A price-comparison site.
    PriceComparison,
}

/// Words in a traffic source that name any social platform, so "Social media" accepts TikTok.
const SOCIAL: &[&str] = &["social media", "content platform", "influencer"];

impl Channel {
    /// Every channel, in the order help text lists them.
    pub const ALL: [Channel; 12] = [
        Channel::Blog,
        Channel::Website,
        Channel::Youtube,
        Channel::Tiktok,
        Channel::Instagram,
        Channel::Pinterest,
        Channel::Facebook,
        Channel::Livestream,
        Channel::Email,
        Channel::Coupon,
        Channel::Cashback,
        Channel::PriceComparison,
    ];

    /// The word a config file and `--channel` write.
    pub fn name(self) -> &'static str {
        match self {
            Channel::Blog => "blog",
            Channel::Website => "website",
            Channel::Youtube => "youtube",
            Channel::Tiktok => "tiktok",
            Channel::Instagram => "instagram",
            Channel::Pinterest => "pinterest",
            Channel::Facebook => "facebook",
            Channel::Livestream => "livestream",
            Channel::Email => "email",
            Channel::Coupon => "coupon",
            Channel::Cashback => "cashback",
            Channel::PriceComparison => "price-comparison",
        }
    }

    /// The words of a profile's traffic source that accept this channel by name, then the
    /// broader words that accept it as one of a kind ("Social media" for TikTok).
    pub fn words(self) -> (&'static [&'static str], &'static [&'static str]) {
        match self {
            Channel::Blog => (&["blog"], &["content site", "website"]),
            Channel::Website => (&["website", "content site"], &[]),
            Channel::Youtube => (&["youtube"], SOCIAL),
            Channel::Tiktok => (&["tiktok"], SOCIAL),
            Channel::Instagram => (&["instagram", "(ig", " ig)", " ig,"], SOCIAL),
            Channel::Pinterest => (&["pinterest"], SOCIAL),
            Channel::Facebook => (&["facebook"], SOCIAL),
            Channel::Livestream => (&["live"], SOCIAL),
            Channel::Email => (&["email", "e-mail", "newsletter"], &[]),
            Channel::Coupon => (&["coupon"], &[]),
            Channel::Cashback => (&["cashback", "cash back"], &[]),
            Channel::PriceComparison => (&["price comparison", "price-comparison"], &[]),
        }
    }
}

/// The most monthly clicks accepted: more than any one creator sends.
pub const MAX_CLICKS: u64 = 1_000_000_000;
/// The largest average order accepted, as a profile's amounts.
pub const MAX_ORDER: f64 = crate::model::Amount::MAX;

/// What the user has told affex about themselves; every field may be unset.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Me {
    /// Where they send traffic from.
    pub channels: Vec<Channel>,
    /// Where their audience lives (ISO 3166-1 alpha-2).
    pub countries: Vec<CountryCode>,
    /// What they make content about, in their words.
    pub niches: Vec<String>,
    /// The clicks they can send a program in a month.
    pub clicks: Option<u64>,
    /// Their own conversion rate, in percent, when a dashboard tells them.
    pub conversion: Option<f64>,
    /// Their own average order, in each program's currency, when a dashboard tells them.
    pub order: Option<f64>,
}

impl Me {
    /// True when nothing is set.
    pub fn is_empty(&self) -> bool {
        *self == Me::default()
    }
    /// `self` with every value `over` sets put in its place (flags over the config file).
    pub fn overridden_by(&self, over: &Me) -> Me {
        Me {
            channels: pick_list(&self.channels, &over.channels),
            countries: pick_list(&self.countries, &over.countries),
            niches: pick_list(&self.niches, &over.niches),
            clicks: over.clicks.or(self.clicks),
            conversion: over.conversion.or(self.conversion),
            order: over.order.or(self.order),
        }
    }
}

/// `theirs` when it holds anything, else `mine`.
fn pick_list<T: Clone>(mine: &[T], theirs: &[T]) -> Vec<T> {
    if theirs.is_empty() {
        mine.to_vec()
    } else {
        theirs.to_vec()
    }
}

/// The fields of "about me", by the names the config file, the flags and the form use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MeField {
    /// `channels` / `--channel`.
    Channels,
    /// `countries` / `--country`.
    Countries,
    /// `niches`.
    Niches,
    /// `clicks` / `--clicks`.
    Clicks,
    /// `conversion` / `--conversion`.
    Conversion,
    /// `order` / `--order`.
    Order,
}

impl MeField {
    /// Every field, in the form's order.
    pub const ALL: [MeField; 6] = [
        MeField::Channels,
        MeField::Countries,
        MeField::Niches,
        MeField::Clicks,
        MeField::Conversion,
        MeField::Order,
    ];
    /// The key in `[me]` of `config.toml`.
    pub fn key(self) -> &'static str {
        match self {
            MeField::Channels => "channels",
            MeField::Countries => "countries",
            MeField::Niches => "niches",
            MeField::Clicks => "clicks",
            MeField::Conversion => "conversion",
            MeField::Order => "order",
        }
    }
    /// The command-line flag that sets it for one run, if any.
    pub fn flag(self) -> Option<&'static str> {
        match self {
            MeField::Channels => Some("--channel"),
            MeField::Countries => Some("--country"),
            MeField::Niches => None,
            MeField::Clicks => Some("--clicks"),
            MeField::Conversion => Some("--conversion"),
            MeField::Order => Some("--order"),
        }
    }
}

/// Monthly clicks: a whole number from 0 to [`MAX_CLICKS`]. The error starts with "clicks:".
pub fn check_clicks(raw: &str) -> Result<u64, String> {
    let raw = raw.trim();
    let plain: String = raw.chars().filter(|c| *c != ',' && *c != '_').collect();
    match plain.parse::<u64>() {
        Ok(n) if n <= MAX_CLICKS => Ok(n),
        _ => Err(format!(
            "clicks: expected a whole number from 0 to 1,000,000,000, found {}",
            shown(raw)
        )),
    }
}

/// A conversion rate in percent, above 0 and at most 100 ("3", "2.5", "3%"). The error starts
/// with "conversion:".
pub fn check_conversion(raw: &str) -> Result<f64, String> {
    let trimmed = raw.trim();
    let number = trimmed.strip_suffix('%').unwrap_or(trimmed).trim();
    match number.parse::<f64>() {
        Ok(v) if v.is_finite() && v > 0.0 && v <= 100.0 => Ok(v),
        _ => Err(format!(
            "conversion: expected a percentage above 0 and at most 100 (such as 2.5), found {}",
            shown(raw.trim())
        )),
    }
}

/// An average order, above 0 and at most a billion, in each program's own currency ("45",
/// "45.50"). The error starts with "order:".
pub fn check_order(raw: &str) -> Result<f64, String> {
    let trimmed = raw.trim();
    let number = trimmed.trim_start_matches('$').replace(',', "");
    match number.trim().parse::<f64>() {
        Ok(v) if v.is_finite() && v > 0.0 && v <= MAX_ORDER => Ok(v),
        _ => Err(format!(
            "order: expected an amount above 0 and at most 1,000,000,000, in each program's own currency (such as 45), found {}",
            shown(trimmed)
        )),
    }
}

/// A channel word, any case. The error lists every accepted word.
pub fn check_channel(raw: &str) -> Result<Channel, String> {
    let wanted = raw.trim().to_lowercase().replace([' ', '_'], "-");
    Channel::ALL
        .into_iter()
        .find(|c| c.name() == wanted)
        .ok_or_else(|| {
            let names: Vec<&str> = Channel::ALL.iter().map(|c| c.name()).collect();
            format!(
                "channel: expected one of {}, found {}",
                names.join(", "),
                shown(raw.trim())
            )
        })
}

/// A country of the audience: an ISO 3166-1 alpha-2 code, any case ("in" is `IN`). The error
/// says how to write one.
pub fn check_country(raw: &str) -> Result<CountryCode, String> {
    let code = raw.trim().to_ascii_uppercase();
    let hint = if code == "UK" {
        " (the United Kingdom is GB)"
    } else {
        ""
    };
    if code.len() == 2
        && ISO_3166_ALPHA_2.split(' ').any(|c| c == code)
        && let Ok(c) = CountryCode::parse(&code)
    {
        return Ok(c);
    }
    Err(format!(
        "country: expected a two-letter ISO 3166 country code such as IN, US or BR, found {}{hint}",
        shown(raw.trim())
    ))
}

/// A niche: a few words, not blank, at most 60 characters, one line.
pub fn check_niche(raw: &str) -> Result<String, String> {
    let clean = crate::sanitize::sanitize_line(raw.trim());
    if clean.is_empty() || clean.chars().count() > 60 {
        return Err(format!(
            "niches: expected a few words of 1 to 60 characters (such as \"fishing\"), found {}",
            shown(raw.trim())
        ));
    }
    Ok(clean)
}

/// A value quoted for an error message, made safe for a terminal.
fn shown(raw: &str) -> String {
    format!("\"{}\"", crate::sanitize::visible(raw))
}

/// Every officially assigned ISO 3166-1 alpha-2 code (249). A crate such as `isocountry` would
/// bring names and numeric codes affex never shows; validation needs only this list.
const ISO_3166_ALPHA_2: &str = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ \
BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ \
CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ \
EC EE EG EH ER ES ET FI FJ FK FM FO FR \
GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU \
ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ \
LA LB LC LI LK LR LS LT LU LV LY \
MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ \
NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA \
RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ \
TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU \
WF WS YE YT ZA ZM ZW";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_code_list_holds_every_assigned_code_once() {
        let codes: Vec<&str> = ISO_3166_ALPHA_2.split(' ').collect();
        assert_eq!(codes.len(), 249);
        let mut sorted = codes.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted, codes, "sorted and unique");
    }

    #[test]
    fn each_check_names_its_field_what_it_expects_and_what_it_found() {
        assert_eq!(
            check_clicks("-5").err().as_deref(),
            Some("clicks: expected a whole number from 0 to 1,000,000,000, found \"-5\"")
        );
        assert!(check_clicks("1000000001").is_err());
        assert_eq!(check_clicks("20,000"), Ok(20_000));
        assert_eq!(check_conversion("3%"), Ok(3.0));
        assert!(
            check_conversion("120")
                .err()
                .is_some_and(|e| e.starts_with("conversion: expected a percentage"))
        );
        assert!(check_conversion("0").is_err());
        assert_eq!(
            check_country("in").map(|c| c.as_str().to_string()),
            Ok("IN".into())
        );
        let uk = check_country("UK").err().unwrap_or_default();
        assert!(uk.contains("ISO 3166") && uk.contains("GB"), "{uk}");
        assert!(check_country("XX").is_err());
        let bad = check_channel("tik tok").err().unwrap_or_default();
        assert!(bad.contains("blog, website, youtube, tiktok"), "{bad}");
        assert_eq!(check_channel("TikTok"), Ok(Channel::Tiktok));
        assert_eq!(
            check_channel("price comparison"),
            Ok(Channel::PriceComparison)
        );
        assert!(check_order("-1").is_err());
        assert_eq!(check_order("$45.50"), Ok(45.5));
    }

    #[test]
    fn flags_override_the_file_field_by_field() {
        let file = Me {
            clicks: Some(5),
            channels: vec![Channel::Blog],
            ..Me::default()
        };
        let flags = Me {
            clicks: Some(20_000),
            ..Me::default()
        };
        let me = file.overridden_by(&flags);
        assert_eq!(me.clicks, Some(20_000));
        assert_eq!(me.channels, vec![Channel::Blog]);
    }
}
