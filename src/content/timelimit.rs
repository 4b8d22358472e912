//! Time limits (办结时限) as typed values, parsed from what staff write:
//! `5个工作日`, `5 working days`, `20日`, `20天`, `3个月`, `7个小时`, `即办`, `当场办结`.

use std::fmt;

/// A time limit in its own unit. Working days and calendar days are never compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TimeLimit {
    /// Done on the spot (即办, 当场办结).
    Immediate,
    /// N working days (工作日).
    WorkingDays(u32),
    /// N calendar days (日, 天, 自然日).
    Days(u32),
    /// N months (个月).
    Months(u32),
    /// N hours (小时), as some published guides promise (`7个小时`, `4小时`).
    Hours(u32),
}

/// The unit of a time limit, for "same unit" comparisons.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// 即办.
    Immediate,
    /// 工作日.
    WorkingDays,
    /// 日.
    Days,
    /// 个月.
    Months,
    /// 小时.
    Hours,
}

/// Words for "done on the spot", as compared: whitespace removed, lower case.
pub const IMMEDIATE_WORDS: &[&str] = &[
    "即办",
    "即办件",
    "当场办结",
    "当场办理",
    "立即办结",
    "即时办结",
    "当即办结",
    "即時辦結",
    "當場辦結",
    "即辦",
    "immediate",
    "immediately",
    "onthespot",
];

/// Units after the number meaning working days (whitespace removed, lower case, after any
/// 个/個).
pub const WORKING_DAY_UNITS: &[&str] = &[
    "工作日",
    "workingdays",
    "workingday",
    "businessdays",
    "businessday",
];

/// Units meaning calendar days.
pub const DAY_UNITS: &[&str] = &["日", "天", "自然日", "days", "day", "calendardays"];

/// Units meaning months.
pub const MONTH_UNITS: &[&str] = &["月", "months", "month"];

/// Units meaning hours.
pub const HOUR_UNITS: &[&str] = &[
    "小时", "小時", "钟头", "鐘頭", "hours", "hour", "hrs", "hr", "h",
];

impl TimeLimit {
    /// Parses a time limit; `None` when the text is not one we understand.
    pub fn parse(text: &str) -> Option<TimeLimit> {
        let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        let lower = t.to_lowercase();
        if IMMEDIATE_WORDS.contains(&lower.as_str()) {
            return Some(TimeLimit::Immediate);
        }
        let digits: String = lower.chars().take_while(|c| c.is_ascii_digit()).collect();
        if digits.is_empty() {
            return None;
        }
        let n: u32 = digits.parse().ok()?;
        let unit = lower[digits.len()..]
            .trim_start_matches('个')
            .trim_start_matches('個');
        if WORKING_DAY_UNITS.contains(&unit) {
            Some(TimeLimit::WorkingDays(n))
        } else if DAY_UNITS.contains(&unit) {
            Some(TimeLimit::Days(n))
        } else if MONTH_UNITS.contains(&unit) {
            Some(TimeLimit::Months(n))
        } else if HOUR_UNITS.contains(&unit) {
            Some(TimeLimit::Hours(n))
        } else {
            None
        }
    }

    /// The unit, for comparisons.
    pub fn unit(self) -> Unit {
        match self {
            TimeLimit::Immediate => Unit::Immediate,
            TimeLimit::WorkingDays(_) => Unit::WorkingDays,
            TimeLimit::Days(_) => Unit::Days,
            TimeLimit::Months(_) => Unit::Months,
            TimeLimit::Hours(_) => Unit::Hours,
        }
    }

    /// True when `self` is certainly longer than `other`. In the same unit, by number. Across
    /// units, only where no calendar can make it otherwise: a working day spans at least one
    /// calendar day (holidays only add to it), a month 28 to 31 days, a day 24 hours. So 15
    /// working days exceed 10 days and 2 months exceed 50 days; 10 days against 8 working days
    /// depends on the holidays in between and is not judged. A real limit exceeds 即办.
    pub fn exceeds(self, other: TimeLimit) -> bool {
        use TimeLimit::*;
        const DAY_HOURS: u64 = 24;
        let (a, b) = match (self, other) {
            (Immediate, _) => return false,
            (_, Immediate) => return true,
            (WorkingDays(a), WorkingDays(b))
            | (Days(a), Days(b))
            | (Months(a), Months(b))
            | (Hours(a), Hours(b)) => (u64::from(a), u64::from(b)),
            // Shortest span of self against longest span of other, in the smaller unit.
            (WorkingDays(a), Days(b)) => (u64::from(a), u64::from(b)),
            (WorkingDays(a) | Days(a), Months(b)) => (u64::from(a), 31 * u64::from(b)),
            (WorkingDays(a) | Days(a), Hours(b)) => (DAY_HOURS * u64::from(a), u64::from(b)),
            (Months(a), Days(b)) => (28 * u64::from(a), u64::from(b)),
            (Months(a), Hours(b)) => (28 * DAY_HOURS * u64::from(a), u64::from(b)),
            (Hours(a), Days(b)) => (u64::from(a), DAY_HOURS * u64::from(b)),
            (Hours(a), Months(b)) => (u64::from(a), 31 * DAY_HOURS * u64::from(b)),
            // Against working days the calendar decides (how many holidays fall between).
            (Days(_) | Months(_) | Hours(_), WorkingDays(_)) => return false,
        };
        a > b
    }

    /// The limit as an ISO 8601 duration for structured data (`P20D`, `P3M`), where one says
    /// exactly the same thing: calendar days and months. Working days depend on the holiday
    /// calendar and 即办 names no duration, so they have none.
    pub fn iso8601(self) -> Option<String> {
        match self {
            TimeLimit::Days(n) => Some(format!("P{n}D")),
            TimeLimit::Months(n) => Some(format!("P{n}M")),
            TimeLimit::Hours(n) => Some(format!("PT{n}H")),
            TimeLimit::WorkingDays(_) | TimeLimit::Immediate => None,
        }
    }

    /// Display in Simplified Chinese (the form used on boards).
    pub fn zh(self) -> String {
        match self {
            TimeLimit::Immediate => "即办".into(),
            TimeLimit::WorkingDays(n) => format!("{n}个工作日"),
            TimeLimit::Days(n) => format!("{n}日"),
            TimeLimit::Months(n) => format!("{n}个月"),
            TimeLimit::Hours(n) => format!("{n}小时"),
        }
    }

    /// Display in English.
    pub fn en(self) -> String {
        let plural = |n: u32| if n == 1 { "" } else { "s" };
        match self {
            TimeLimit::Immediate => "on the spot".into(),
            TimeLimit::WorkingDays(n) => format!("{n} working day{}", plural(n)),
            TimeLimit::Days(n) => format!("{n} day{}", plural(n)),
            TimeLimit::Months(n) => format!("{n} month{}", plural(n)),
            TimeLimit::Hours(n) => format!("{n} hour{}", plural(n)),
        }
    }
}

impl fmt::Display for TimeLimit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.zh())
    }
}

#[cfg(test)]
mod tests {
    use super::TimeLimit::*;
    use super::*;

    #[test]
    fn parses_what_staff_write() {
        assert_eq!(TimeLimit::parse("5个工作日"), Some(WorkingDays(5)));
        assert_eq!(TimeLimit::parse("5 working days"), Some(WorkingDays(5)));
        assert_eq!(TimeLimit::parse("20日"), Some(Days(20)));
        assert_eq!(TimeLimit::parse("20 天"), Some(Days(20)));
        assert_eq!(TimeLimit::parse("3个月"), Some(Months(3)));
        assert_eq!(TimeLimit::parse("即办"), Some(Immediate));
        assert_eq!(TimeLimit::parse("当场办结"), Some(Immediate));
        assert_eq!(TimeLimit::parse("7个小时"), Some(Hours(7)));
        assert_eq!(TimeLimit::parse("4小时"), Some(Hours(4)));
        assert_eq!(TimeLimit::parse("24 hours"), Some(Hours(24)));
        assert_eq!(TimeLimit::parse("2個小時"), Some(Hours(2)));
        assert_eq!(TimeLimit::parse("尽快"), None);
        assert_eq!(TimeLimit::parse("5个星期"), None);
        assert_eq!(TimeLimit::parse("99999999999999个工作日"), None);
    }

    #[test]
    fn durations_only_where_exact() {
        assert_eq!(Days(20).iso8601().as_deref(), Some("P20D"));
        assert_eq!(Months(3).iso8601().as_deref(), Some("P3M"));
        assert_eq!(WorkingDays(5).iso8601(), None);
        assert_eq!(Immediate.iso8601(), None);
    }

    #[test]
    fn compares_only_within_a_unit() {
        assert!(WorkingDays(10).exceeds(WorkingDays(5)));
        // Across units only what no calendar can change.
        assert!(WorkingDays(10).exceeds(Days(5)));
        assert!(!WorkingDays(10).exceeds(Days(10)));
        assert!(!Days(15).exceeds(WorkingDays(10)));
        assert!(Months(2).exceeds(Days(50)));
        assert!(!Months(2).exceeds(Days(56)));
        assert!(Days(32).exceeds(Months(1)));
        assert!(!Days(31).exceeds(Months(1)));
        assert!(WorkingDays(32).exceeds(Months(1)));
        assert!(!Months(3).exceeds(WorkingDays(20)));
        assert!(Hours(25).exceeds(Days(1)));
        assert!(!Hours(24).exceeds(Days(1)));
        assert!(Days(1).exceeds(Hours(23)));
        assert!(Months(1).exceeds(Hours(24 * 27)));
        assert!(Hours(24 * 31 + 1).exceeds(Months(1)));
        assert!(!Months(u32::MAX).exceeds(Months(u32::MAX)));
        assert!(WorkingDays(1).exceeds(Immediate));
        assert!(!Immediate.exceeds(WorkingDays(1)));
        assert!(Hours(8).exceeds(Hours(4)));
        assert!(!Hours(48).exceeds(WorkingDays(1)));
        assert!(Days(3).exceeds(Hours(7)));
        assert!(Hours(1).exceeds(Immediate));
    }
}
