//! How facts are worded, once, for the web pages and the print sheets alike: fees and
//! amounts, case types, time limits, window labels, visit counts, yes and no. Every word
//! comes from the theme's i18n labels in the site language, so a page and a sheet say the
//! same thing the same way, in zh-CN, zh-TW or en.

use std::collections::BTreeMap;

use crate::content::money::Amount;
use crate::content::timelimit::TimeLimit;
use crate::content::{
    CaseType, Fee, Fees, Item, LabelledTexts, Required, SpecialStep, Step, Window,
};
use crate::diag::Lang;

/// What stands between labelled terms on one line (`承办：窗口 · 时限：即办`).
const TERMS_SEPARATOR: &str = " · ";

/// UI labels of one language, by key (`themes/*/i18n/<lang>.json`).
pub type Labels = BTreeMap<String, String>;

/// Words facts in the site language from the theme's labels.
#[derive(Debug, Clone, Copy)]
pub struct Wording<'a> {
    lang: Lang,
    labels: &'a Labels,
}

impl<'a> Wording<'a> {
    /// Wording in `lang` from `labels` (the theme's labels of that language).
    pub fn new(lang: Lang, labels: &'a Labels) -> Wording<'a> {
        Wording { lang, labels }
    }

    /// The site language.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// Every label, for templates that word the rest themselves.
    pub fn labels(&self) -> &'a Labels {
        self.labels
    }

    /// One label; its key when the theme lacks it (so a missing label shows, not vanishes).
    pub fn label(&self, key: &str) -> String {
        self.labels
            .get(key)
            .cloned()
            .unwrap_or_else(|| key.to_string())
    }

    /// A label with its `{name}` placeholders filled in.
    fn fill(&self, key: &str, values: &[(&str, &str)]) -> String {
        let mut text = self.label(key);
        for (name, value) in values {
            text = text.replace(&format!("{{{name}}}"), value);
        }
        text
    }

    /// `label：value` with the language's colon.
    pub fn labelled(&self, key: &str, value: &str) -> String {
        format!("{}{}{value}", self.label(key), self.label("colon"))
    }

    /// Labelled terms as web and print both show them, the ones given in order:
    /// `承办：窗口 · 时限：即办` (empty when none is given).
    fn terms(&self, terms: &[(&str, Option<&str>)]) -> String {
        terms
            .iter()
            .filter_map(|(key, value)| value.map(|v| self.labelled(key, v)))
            .collect::<Vec<_>>()
            .join(TERMS_SEPARATOR)
    }

    /// Who does a procedure step and how long it may take: `承办：窗口 · 时限：即办`.
    pub fn step_meta(&self, step: &Step) -> String {
        self.terms(&[
            ("actor", step.actor.as_deref()),
            ("step_limit", step.limit.as_deref()),
        ])
    }

    /// A special step's terms after its name: `时限：… · 收费标准：… · 计入办结时限：否` (its
    /// basis goes on a line of its own).
    pub fn special_step_terms(&self, step: &SpecialStep) -> String {
        let counts = step.counts_toward_limit.map(|b| self.yes_no(b));
        self.terms(&[
            ("step_limit", step.limit.as_deref()),
            ("fees", step.fee.as_deref()),
            ("counts_toward_limit", counts.as_deref()),
        ])
    }

    /// A special step as one text, for sheets that print it as plain lines: its name and
    /// terms (`名称 · 时限：…`), then its basis on a line of its own, as the item page shows it.
    pub fn special_step_text(&self, step: &SpecialStep) -> String {
        let mut text = step.name.clone();
        let terms = self.special_step_terms(step);
        if !terms.is_empty() {
            text = format!("{text}{TERMS_SEPARATOR}{terms}");
        }
        if let Some(basis) = &step.basis {
            text = format!("{text}\n{}", self.labelled("basis", basis));
        }
        text
    }

    /// 即办件 / 承诺件.
    pub fn case_type(&self, case: CaseType) -> String {
        self.label(match case {
            CaseType::Immediate => "case_immediate",
            CaseType::Promised => "case_promised",
        })
    }

    /// The case type of an item, or 未列明 when the source does not state it (never guessed).
    pub fn item_case_type(&self, item: &Item) -> String {
        match &item.case_type {
            Some(case) => self.case_type(case.value),
            None => self.label("not_stated"),
        }
    }

    /// A count of originals or copies: the number, or "—" when the source does not state it
    /// (never 0, which would read as "none needed").
    pub fn count(&self, n: Option<u32>) -> String {
        n.map_or_else(|| self.label("count_not_stated"), |n| n.to_string())
    }

    /// A place, hours or phone in one text: each entry on its own line, labelled ones as
    /// `label：text`. Print shows the line breaks; the web shows the entries as a list.
    pub fn texts(&self, texts: &LabelledTexts) -> String {
        texts
            .entries()
            .iter()
            .map(|t| match &t.label {
                Some(label) => format!("{label}{}{}", self.label("colon"), t.text),
                None => t.text.clone(),
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// A time limit: `5个工作日`, `即办`, `5 working days`.
    pub fn limit(&self, limit: TimeLimit) -> String {
        let counted = |key: &str, n: u32| {
            let one = format!("{key}_one");
            let key = if n == 1 && self.labels.contains_key(&one) {
                one.as_str()
            } else {
                key
            };
            self.fill(key, &[("n", &n.to_string())])
        };
        match limit {
            TimeLimit::Immediate => self.label("limit_immediate"),
            TimeLimit::WorkingDays(n) => counted("limit_working_days", n),
            TimeLimit::Days(n) => counted("limit_days", n),
            TimeLimit::Months(n) => counted("limit_months", n),
            TimeLimit::Hours(n) => counted("limit_hours", n),
        }
    }

    /// An amount in yuan with its unit: `80 元`, `80 元/件` (unit `元/件` or `件`), `¥80`.
    pub fn amount(&self, amount: &Amount, unit: Option<&str>) -> String {
        let a = amount.to_string();
        match unit.map(str::trim).filter(|u| !u.is_empty()) {
            None => self.fill("amount", &[("a", &a)]),
            Some(unit) if self.names_currency(unit) => {
                self.fill("amount_unit", &[("a", &a), ("unit", unit)])
            }
            Some(unit) => {
                let unit = unit.trim_start_matches('/');
                self.fill("amount_per", &[("a", &a), ("unit", unit)])
            }
        }
    }

    fn names_currency(&self, unit: &str) -> bool {
        let yuan = self.label("yuan");
        unit.contains('元')
            || unit.contains('¥')
            || unit.contains('￥')
            || (!yuan.is_empty() && unit.to_lowercase().contains(&yuan.to_lowercase()))
    }

    /// The amount of one fee with its unit; `None` when the fee states no amount (it is then
    /// shown by name only, never as a bare `元`).
    pub fn fee_amount(&self, fee: &Fee) -> Option<String> {
        fee.amount
            .as_ref()
            .map(|a| self.amount(&a.value, fee.unit.as_deref()))
    }

    /// The basis of a fee: its documents joined by the language's list separator.
    pub fn fee_basis(&self, fee: &Fee) -> String {
        fee.basis.join(&self.label("list_sep"))
    }

    /// One fee on one line: `工本费 80 元/件`.
    pub fn fee_line(&self, fee: &Fee) -> String {
        match self.fee_amount(fee) {
            Some(amount) => format!("{} {amount}", fee.name),
            None => fee.name.clone(),
        }
    }

    /// True when the item charges nothing: only an explicit 不收费 says so, never fees that are
    /// to be confirmed or not disclosed.
    pub fn is_free(fees: Option<&Fees>) -> bool {
        match fees {
            Some(Fees::Free) => true,
            Some(Fees::List(list)) => list.is_empty(),
            Some(Fees::Unstated) | None => false,
        }
    }

    /// A short fee summary for lists and boards: `不收费`, one amount, or the first amount and
    /// how many fees there are (`12.5 元/本 等 2 项`). Fees not disclosed are said to be so,
    /// fees to be confirmed send the citizen to the window; neither is ever shown as free.
    pub fn fee_summary(&self, fees: Option<&Fees>) -> String {
        match fees {
            None => self.label("fees_unknown"),
            Some(Fees::Unstated) => self.label("fees_ask"),
            Some(Fees::Free) => self.label("free"),
            Some(Fees::List(list)) if list.is_empty() => self.label("free"),
            Some(Fees::List(list)) => {
                let first = match list.first().and_then(|f| self.fee_amount(f)) {
                    Some(amount) => amount,
                    None => return self.label("fee_see_guide"),
                };
                if list.len() == 1 {
                    return first;
                }
                let (n, more) = (list.len().to_string(), (list.len() - 1).to_string());
                let rest = self.fill("fee_more", &[("n", &n), ("more", &more)]);
                format!("{first} {rest}")
            }
        }
    }

    /// `3 号窗口`, `Window 3` for a number (`12`, `A3`, `3-1`); a window "number" that is a
    /// name (`市场监督管理窗口`) is shown as written, never `市场监督管理窗口 号窗口`.
    pub fn window_number(&self, number: &str) -> String {
        if is_window_number(number) {
            self.fill("window_no", &[("n", number)])
        } else {
            number.to_string()
        }
    }

    /// `3 号窗口 企业开办窗口`: the window as every page and sheet names it; a window whose
    /// number is its name is named once.
    pub fn window(&self, window: &Window) -> String {
        let number = self.window_number(&window.number.value);
        if number == window.name.value {
            number
        } else {
            format!("{number} {}", window.name.value)
        }
    }

    /// `最多 1 次`: the most visits an item needs; `无需到现场` for none.
    pub fn visits(&self, n: u32) -> String {
        if n == 0 {
            return self.label("visits_none");
        }
        self.fill("visits", &[("n", &n.to_string())])
    }

    /// 是 / 否.
    pub fn yes_no(&self, yes: bool) -> String {
        self.label(if yes { "yes" } else { "no_answer" })
    }

    /// Whether a material is needed: 必需, 非必需, or the stated condition.
    pub fn required(&self, required: &Required) -> String {
        match required {
            Required::Yes => self.label("required"),
            Required::No => self.label("optional"),
            Required::When(condition) => condition.clone(),
        }
    }
}

/// True for a window number that reads as a number (`12`, `A3`, `3-1`, `B12`): short, ASCII
/// letters, digits and `-` only, with a digit. Anything else is a name and stands alone.
pub fn is_window_number(number: &str) -> bool {
    let n = number.trim();
    !n.is_empty()
        && n.chars().count() <= 8
        && n.chars().any(|c| c.is_ascii_digit())
        && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::At;
    use crate::content::yaml::Pos;

    fn labels(lang: &str) -> Labels {
        let theme = crate::theme::Theme::builtin();
        theme.labels(Lang::parse(lang).expect("lang"))
    }

    fn fee(amount: Option<&str>, unit: Option<&str>) -> Fee {
        Fee {
            name: "工本费".into(),
            amount: amount.map(|a| At::new(Amount::parse(a).expect("amount"), Pos::default())),
            unit: unit.map(String::from),
            basis: vec!["文件".into()],
            reducible: None,
            reduction_basis: None,
            pos: Pos::default(),
        }
    }

    #[test]
    fn amounts_always_name_the_currency() {
        let l = labels("zh-CN");
        let w = Wording::new(Lang::ZhCn, &l);
        let a = Amount::parse("80").expect("amount");
        assert_eq!(w.amount(&a, None), "80 元");
        assert_eq!(w.amount(&a, Some("元/件")), "80 元/件");
        assert_eq!(w.amount(&a, Some("件")), "80 元/件");
        let l = labels("en");
        let w = Wording::new(Lang::En, &l);
        assert_eq!(w.amount(&a, None), "¥80");
        assert_eq!(w.amount(&a, Some("copy")), "¥80 per copy");
    }

    #[test]
    fn fee_summaries() {
        let l = labels("zh-CN");
        let w = Wording::new(Lang::ZhCn, &l);
        assert_eq!(w.fee_summary(None), "未公示");
        assert_eq!(w.fee_summary(Some(&Fees::Unstated)), "请咨询窗口");
        assert!(!Wording::is_free(Some(&Fees::Unstated)));
        assert_eq!(w.fee_summary(Some(&Fees::Free)), "不收费");
        let two = Fees::List(vec![
            fee(Some("12.5"), Some("元/本")),
            fee(Some("80"), None),
        ]);
        assert_eq!(w.fee_summary(Some(&two)), "12.5 元/本 等 2 项");
        let unknown = Fees::List(vec![fee(None, Some("元/件"))]);
        assert_eq!(w.fee_summary(Some(&unknown)), "见办事指南");
        assert_eq!(w.fee_line(&fee(None, None)), "工本费");
        let l = labels("en");
        let w = Wording::new(Lang::En, &l);
        assert_eq!(w.fee_summary(Some(&two)), "¥12.5 元/本 and 1 more");
    }

    #[test]
    fn window_numbers_only_get_a_suffix_when_they_are_numbers() {
        for (lang, three, name) in [
            ("zh-CN", "3 号窗口", "市场监督管理窗口"),
            ("zh-TW", "3 號窗口", "市场监督管理窗口"),
            ("en", "Window 3", "市场监督管理窗口"),
        ] {
            let l = labels(lang);
            let w = Wording::new(Lang::parse(lang).expect("lang"), &l);
            assert_eq!(w.window_number("3"), three);
            assert_eq!(w.window_number("市场监督管理窗口"), name);
        }
        let l = labels("zh-CN");
        let w = Wording::new(Lang::ZhCn, &l);
        assert_eq!(w.window_number("A12"), "A12 号窗口");
        assert_eq!(w.window_number("综合受理3区"), "综合受理3区");
    }

    #[test]
    fn visits_counts_and_unstated_facts() {
        for (lang, none, one, dash) in [
            ("zh-CN", "无需到现场", "最多 1 次", "—"),
            ("zh-TW", "無需到現場", "最多 1 次", "—"),
            ("en", "No visit needed", "at most 1", "—"),
        ] {
            let l = labels(lang);
            let w = Wording::new(Lang::parse(lang).expect("lang"), &l);
            assert_eq!(w.visits(0), none);
            assert_eq!(w.visits(1), one);
            assert_eq!(w.count(None), dash);
            assert_eq!(w.count(Some(0)), "0");
        }
        let texts = LabelledTexts(vec![
            crate::content::LabelledText {
                label: Some("市民服务中心".into()),
                text: "人民路 1 号".into(),
            },
            crate::content::LabelledText {
                label: None,
                text: "周一至周五\n9:00-17:00".into(),
            },
        ]);
        let l = labels("zh-CN");
        let w = Wording::new(Lang::ZhCn, &l);
        assert_eq!(
            w.texts(&texts),
            "市民服务中心：人民路 1 号\n周一至周五\n9:00-17:00"
        );
    }

    #[test]
    fn limits_follow_the_language() {
        for (lang, five, one, now, hours, hour) in [
            ("zh-CN", "5个工作日", "1个月", "即办", "7小时", "1小时"),
            ("zh-TW", "5個工作日", "1個月", "即辦", "7小時", "1小時"),
            (
                "en",
                "5 working days",
                "1 month",
                "on the spot",
                "7 hours",
                "1 hour",
            ),
        ] {
            let l = labels(lang);
            let w = Wording::new(Lang::parse(lang).expect("lang"), &l);
            assert_eq!(w.limit(TimeLimit::WorkingDays(5)), five);
            assert_eq!(w.limit(TimeLimit::Months(1)), one);
            assert_eq!(w.limit(TimeLimit::Immediate), now);
            assert_eq!(w.limit(TimeLimit::Hours(7)), hours);
            assert_eq!(w.limit(TimeLimit::Hours(1)), hour);
        }
    }
}
