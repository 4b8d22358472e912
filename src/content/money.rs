//! Money amounts (金额) in yuan as exact decimals, never floats: `80`, `0.5`, or a range `10-50`.

use std::fmt;

use rust_decimal::Decimal;

/// A fee amount in yuan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Amount {
    /// One amount.
    Exact(Decimal),
    /// A range from the first to the second amount, inclusive.
    Range(Decimal, Decimal),
}

impl Amount {
    /// Parses `80`, `80.00`, `10-50`, `10～50`, `10至50` (an optional trailing `元` and a
    /// leading `¥` or `￥` are allowed, so every printed form reads back, such as the English
    /// `¥80`). Negative amounts, more than two decimals and reversed ranges are refused.
    pub fn parse(text: &str) -> Option<Amount> {
        let t = strip_currency(text);
        for sep in ["-", "～", "~", "—", "至", "–"] {
            if let Some((low, high)) = t.split_once(sep)
                && !low.trim().is_empty()
            {
                let (low, high) = (decimal(low)?, decimal(high)?);
                return (low <= high).then_some(Amount::Range(low, high));
            }
        }
        decimal(t).map(Amount::Exact)
    }

    /// True when nothing is charged (an exact zero).
    pub fn is_zero(&self) -> bool {
        matches!(self, Amount::Exact(d) if d.is_zero())
    }
}

/// `text` without white space around it, a leading `¥`/`￥` and a trailing `元`.
fn strip_currency(text: &str) -> &str {
    let t = text.trim();
    let t = t.strip_prefix(['¥', '￥']).unwrap_or(t);
    t.trim().trim_end_matches('元').trim()
}

fn decimal(text: &str) -> Option<Decimal> {
    let t = strip_currency(text);
    let valid = !t.is_empty()
        && t.chars().all(|c| c.is_ascii_digit() || c == '.')
        && t.matches('.').count() <= 1
        && !t.starts_with('.')
        && !t.ends_with('.')
        && t.split('.').nth(1).is_none_or(|frac| frac.len() <= 2)
        && t.len() <= 12;
    if !valid {
        return None;
    }
    t.parse::<Decimal>().ok().map(|d| d.normalize())
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Amount::Exact(d) => write!(f, "{d}"),
            Amount::Range(a, b) => write!(f, "{a}–{b}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_exact_and_ranges() {
        assert_eq!(
            Amount::parse("80").map(|a| a.to_string()),
            Some("80".into())
        );
        assert_eq!(
            Amount::parse("80.50").map(|a| a.to_string()),
            Some("80.5".into())
        );
        assert_eq!(
            Amount::parse("10-50").map(|a| a.to_string()),
            Some("10–50".into())
        );
        assert_eq!(
            Amount::parse("10 至 50 元").map(|a| a.to_string()),
            Some("10–50".into())
        );
        assert!(Amount::parse("0").is_some_and(|a| a.is_zero()));
        assert_eq!(
            Amount::parse("¥10–¥50").map(|a| a.to_string()),
            Some("10–50".into())
        );
        assert_eq!(
            Amount::parse("￥ 80").map(|a| a.to_string()),
            Some("80".into())
        );
    }

    #[test]
    fn refuses_what_is_not_money() {
        for bad in [
            "-5",
            "abc",
            "1.234",
            "50-10",
            "1e3",
            "",
            "..",
            "NaN",
            "1.",
            "99999999999999",
        ] {
            assert_eq!(Amount::parse(bad), None, "{bad}");
        }
    }
}
