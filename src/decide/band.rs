//! A span of figures from a low end to a high end, possibly open at the top and approximate:
//! the arithmetic every estimate is made of.

use serde::Serialize;

/// A span from `low` to `high`; `high` is `None` when the top is open ("$50+" is
/// `{ low: 50, high: None }`), and `approx` carries a source's "~" through every step.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Band {
    /// The low end.
    pub low: f64,
    /// The high end, or `None` when the top is open.
    pub high: Option<f64>,
    /// True when a figure it was made from is approximate.
    pub approx: bool,
}

impl Band {
    /// One exact figure.
    pub fn exact(v: f64) -> Band {
        Band {
            low: v,
            high: Some(v),
            approx: false,
        }
    }
    /// The product of two bands, end by end (both are never negative); open if either is.
    pub fn times(self, other: Band) -> Band {
        Band {
            low: self.low * other.low,
            high: self.high.zip(other.high).map(|(a, b)| a * b),
            approx: self.approx || other.approx,
        }
    }
    /// The band multiplied by a plain number.
    pub fn scale(self, k: f64) -> Band {
        Band {
            low: self.low * k,
            high: self.high.map(|h| h * k),
            approx: self.approx,
        }
    }
    /// The sum of two bands, end by end; open if either is.
    pub fn plus(self, other: Band) -> Band {
        Band {
            low: self.low + other.low,
            high: self.high.zip(other.high).map(|(a, b)| a + b),
            approx: self.approx || other.approx,
        }
    }
    /// The figure it ranks on: the midpoint, or the low end when the top is open (as
    /// [`crate::model::fields::Bounds::figure`] counts an open top at its stated bound).
    pub fn figure(&self) -> f64 {
        match self.high {
            Some(h) => (self.low + h) / 2.0,
            None => self.low,
        }
    }
    /// True when both ends are the same figure.
    pub fn is_exact(&self) -> bool {
        self.high == Some(self.low)
    }
    /// The band as figures for the field table's ranking ([`crate::model::Figures`]).
    pub fn figures(&self) -> crate::model::Figures {
        crate::model::Figures {
            low: Some(self.low),
            high: Some(self.high.unwrap_or(self.low)),
            open_top: self.high.is_none(),
            approx: self.approx,
        }
    }
    /// The band written with `one` for each figure: "$0.021–$0.144", "≥ $0.05", "~$420".
    pub fn text(&self, one: impl Fn(f64) -> String) -> String {
        let tilde = if self.approx { "~" } else { "" };
        match self.high {
            // "At least" already says the true figure may differ upward; the issue's "≥ $0.05
            // per click" for Amazon's "~10%+" carries no "~" (the JSON keeps `approx`).
            None => format!("≥ {}", one(self.low)),
            Some(h) if one(h) == one(self.low) => format!("{tilde}{}", one(self.low)),
            Some(h) => format!("{tilde}{}–{}", one(self.low), one(h)),
        }
    }
}

/// A whole number with thousands separators: 2880 → "2,880".
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// An amount as an estimate shows it: a per-click figure to three significant decimals
/// ("0.021", "0.144", "0.05"), larger ones to cents ("1.5" → "1.50"), whole amounts of 100 or
/// more grouped ("2,880").
pub fn amount(v: f64) -> String {
    if v >= 100.0 {
        return grouped(v.round() as u64);
    }
    if v >= 1.0 {
        let s = format!("{v:.2}");
        return s.strip_suffix(".00").map_or(s.clone(), str::to_string);
    }
    if v == 0.0 {
        return "0".to_string();
    }
    // Below 1: three decimals, the third dropped when it is 0 (0.050 → 0.05, 0.600 → 0.60).
    let s = format!("{v:.3}");
    if s == "0.000" {
        return format!("{v:.1e}");
    }
    s.strip_suffix('0').map_or(s.clone(), str::to_string)
}

/// An amount with its currency: "$0.021", "1,000 INR", "15 (currency not stated)".
pub fn money(v: f64, currency: Option<&str>) -> String {
    match currency {
        Some("USD") => format!("${}", amount(v)),
        Some("EUR") => format!("€{}", amount(v)),
        Some("GBP") => format!("£{}", amount(v)),
        Some(c) => format!("{} {c}", amount(v)),
        None => amount(v),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_read_as_the_issue_writes_them() {
        assert_eq!(amount(0.021), "0.021");
        assert_eq!(amount(0.144), "0.144");
        assert_eq!(amount(0.05), "0.05");
        assert_eq!(amount(0.6), "0.60");
        assert_eq!(amount(21.0), "21");
        assert_eq!(amount(1.5), "1.50");
        assert_eq!(amount(2880.0), "2,880");
        assert_eq!(amount(1_234_567.0), "1,234,567");
        assert_eq!(grouped(100), "100");
    }

    #[test]
    fn open_and_approximate_bands_carry_through() {
        let a = Band {
            low: 0.1,
            high: None,
            approx: true,
        };
        let b = Band::exact(50.0);
        let c = a.times(b);
        assert_eq!(c.high, None);
        assert!(c.approx);
        assert_eq!(c.text(|v| money(v, Some("USD"))), "≥ $5");
        assert_eq!(Band::exact(3.0).plus(Band::exact(4.0)), Band::exact(7.0));
    }
}
