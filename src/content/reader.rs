//! Reads typed values out of a YAML tree by the tables in `spec`, collecting every problem
//! (unknown keys with suggestions, wrong types, missing fields) instead of stopping at the
//! first, each pointing at its own line and column.

use crate::content::model::Date;
use crate::content::spec::{Field, Shape};
use crate::content::yaml::{Node, Pos, Value};
use crate::diag::{Diagnostic, Location};
use crate::msg;

/// The file being read and the problems found in it so far.
pub struct Reader<'a> {
    /// Path relative to the site folder.
    pub file: &'a str,
    /// Problems found.
    pub diags: Vec<Diagnostic>,
}

/// The known keys of one mapping, looked up by their English name.
pub struct Mapping<'n> {
    entries: Vec<(&'static str, &'n Node, &'n Node)>,
    /// Position of the mapping (its first key), for "missing field" problems.
    pub pos: Pos,
}

impl<'n> Mapping<'n> {
    /// The value written for `key` (under either spelling).
    pub fn get(&self, key: &str) -> Option<&'n Node> {
        self.entries
            .iter()
            .find(|(k, _, _)| *k == key)
            .map(|(_, _, v)| *v)
            .filter(|v| v.value != Value::Null)
    }

    /// True when the key was written at all, even as an empty value.
    pub fn has(&self, key: &str) -> bool {
        self.entries.iter().any(|(k, _, _)| *k == key)
    }

    /// Where the key itself was written.
    pub fn key_pos(&self, key: &str) -> Option<Pos> {
        self.entries
            .iter()
            .find(|(k, _, _)| *k == key)
            .map(|(_, k, _)| k.pos)
    }
}

impl<'a> Reader<'a> {
    /// A reader for `file`.
    pub fn new(file: &'a str) -> Self {
        Reader {
            file,
            diags: Vec::new(),
        }
    }

    /// A location in this file.
    pub fn at(&self, pos: Pos) -> Location {
        pos.at(self.file)
    }

    /// Reads a mapping by `shape`: reports unknown and doubled keys and missing required ones.
    pub fn mapping<'n>(&mut self, node: &'n Node, shape: &'static Shape) -> Option<Mapping<'n>> {
        let Value::Map(entries) = &node.value else {
            let (en, zh) = (shape.noun_en, shape.noun_zh);
            self.wrong_type(
                node,
                &format!("a {en} (key: value lines)"),
                &format!("{zh}（“键: 值”形式）"),
            );
            return None;
        };
        let mut record = Mapping {
            entries: Vec::with_capacity(entries.len()),
            pos: entries.first().map_or(node.pos, |(k, _)| k.pos),
        };
        for (key, value) in entries {
            let Some(name) = key.as_text() else {
                self.wrong_type(key, "a key", "键名");
                continue;
            };
            let Some(field) = shape.field(&name) else {
                self.unknown_key(key, &name, shape);
                continue;
            };
            if record.has(field.key) {
                let (k, alias) = (field.key, field.alias);
                self.diags.push(
                    Diagnostic::error(
                        "E024",
                        self.at(key.pos),
                        msg!(
                            "`{name}` is given twice (`{k}` and `{alias}` mean the same)",
                            "“{name}”重复填写（“{k}”与“{alias}”含义相同）",
                            "「{name}」重複填寫（「{k}」與「{alias}」含義相同）"
                        ),
                    )
                    .with_help(msg!(
                        "keep one of them",
                        "请只保留一个",
                        "請只保留一個"
                    )),
                );
                continue;
            }
            record.entries.push((field.key, key, value));
        }
        for field in shape.fields.iter().filter(|f| f.required) {
            // A fee without basis has its own check (E014); don't report it twice.
            let own_check = std::ptr::eq(shape, &crate::content::spec::FEE) && field.key == "basis";
            // An empty value (`fees:`) counts as missing: it discloses nothing.
            if record.get(field.key).is_none() && !own_check {
                self.missing(record.pos, field, shape);
            }
        }
        Some(record)
    }

    fn unknown_key(&mut self, key: &Node, name: &str, shape: &'static Shape) {
        let (noun_en, noun_zh) = (shape.noun_en, shape.noun_zh);
        let mut d = Diagnostic::error(
            "E004",
            self.at(key.pos),
            msg!(
                "unknown key `{name}` in a {noun_en}",
                "{noun_zh}中没有“{name}”这个键",
                "{noun_zh}中沒有「{name}」這個鍵"
            ),
        );
        d = match shape.suggest(name) {
            Some(s) => d.with_help(msg!(
                "did you mean `{s}`?",
                "是否想写“{s}”？",
                "是否想寫「{s}」？"
            )),
            None => {
                let keys = shape
                    .fields
                    .iter()
                    .map(|f| f.key)
                    .collect::<Vec<_>>()
                    .join(", ");
                let aliases = shape
                    .fields
                    .iter()
                    .map(|f| f.alias)
                    .collect::<Vec<_>>()
                    .join("、");
                d.with_help(msg!(
                    "known keys: {keys}",
                    "可用的键：{aliases}（或英文 {keys}）",
                    "可用的鍵：{aliases}（或英文 {keys}）"
                ))
            }
        };
        self.diags.push(d);
    }

    fn missing(&mut self, pos: Pos, field: &Field, shape: &Shape) {
        let (key, alias, en, zh) = (field.key, field.alias, shape.noun_en, shape.noun_zh);
        let diag = if field.key == "fees" {
            Diagnostic::error(
                "E013",
                self.at(pos),
                msg!(
                    "fees are not disclosed: `fees` (收费标准) is missing",
                    "未公示收费标准：缺少“收费标准”（fees）",
                    "未公示收費標準：缺少「收费标准」（fees）"
                ),
            )
            .with_help(msg!(
                "write `fees: 不收费` if nothing is charged, or list each fee with its basis",
                "不收费的请写“收费标准: 不收费”，收费的请逐项列出金额和收费依据",
                "不收費的請寫「收费标准: 不收费」，收費的請逐項列出金額和收費依據"
            ))
        } else {
            Diagnostic::error(
                "E006",
                self.at(pos),
                msg!(
                    "this {en} lacks the required `{key}` ({alias})",
                    "{zh}缺少必填项“{alias}”（{key}）",
                    "{zh}缺少必填項「{alias}」（{key}）"
                ),
            )
            .with_help(msg!(
                "add a line `{key}: …` or `{alias}: …`",
                "请添加一行“{alias}: …”",
                "請添加一行「{alias}: …」"
            ))
        };
        self.diags.push(diag);
    }

    /// Reports a value of the wrong shape.
    pub fn wrong_type(&mut self, node: &Node, expected_en: &str, expected_zh: &str) {
        let (found_en, found_zh) = node.value.describe();
        self.diags.push(Diagnostic::error(
            "E005",
            self.at(node.pos),
            msg!(
                "expected {expected_en}, found {found_en}",
                "应为{expected_zh}，实际是{found_zh}",
                "應為{expected_zh}，實際是{found_zh}"
            ),
        ));
    }

    /// Reports a value of the wrong shape for `field`.
    pub fn wrong_type_for(&mut self, node: &Node, field: &str, shape: &Shape) {
        if let Some(f) = shape.field(field) {
            let (en, zh) = f.ty.describe();
            self.wrong_type(node, &en, &zh);
        }
    }

    /// A text value (numbers and booleans are read as written).
    pub fn text(&mut self, rec: &Mapping, key: &str, shape: &Shape) -> Option<String> {
        self.text_at(rec, key, shape).map(|(t, _)| t)
    }

    /// A text value with its position.
    pub fn text_at(&mut self, rec: &Mapping, key: &str, shape: &Shape) -> Option<(String, Pos)> {
        let node = rec.get(key)?;
        match node.as_text() {
            Some(t) => {
                let t = t.trim().to_string();
                (!t.is_empty()).then_some((t, node.pos))
            }
            None => {
                self.wrong_type_for(node, key, shape);
                None
            }
        }
    }

    /// A list of texts; a single text is accepted as a list of one.
    pub fn text_list(&mut self, rec: &Mapping, key: &str, shape: &Shape) -> Vec<(String, Pos)> {
        let Some(node) = rec.get(key) else {
            return Vec::new();
        };
        match &node.value {
            Value::Seq(items) => items
                .iter()
                .filter_map(|n| match n.as_text() {
                    Some(t) => Some((t.trim().to_string(), n.pos)),
                    None => {
                        self.wrong_type(n, "text", "文本");
                        None
                    }
                })
                .filter(|(t, _)| !t.is_empty())
                .collect(),
            _ => match node.as_text() {
                Some(t) => vec![(t.trim().to_string(), node.pos)],
                None => {
                    self.wrong_type_for(node, key, shape);
                    Vec::new()
                }
            },
        }
    }

    /// A list of nested records read by `read_one`.
    pub fn list<'n, T>(
        &mut self,
        rec: &Mapping<'n>,
        key: &str,
        shape: &'static Shape,
        mut read_one: impl FnMut(&mut Self, &Mapping<'n>) -> Option<T>,
    ) -> Vec<T> {
        let Some(node) = rec.get(key) else {
            return Vec::new();
        };
        let Value::Seq(items) = &node.value else {
            let (en, zh) = (
                format!("a list of {}s", shape.noun_en),
                format!("{}列表", shape.noun_zh),
            );
            self.wrong_type(node, &en, &zh);
            return Vec::new();
        };
        items
            .iter()
            .filter_map(|n| self.mapping(n, shape).and_then(|r| read_one(self, &r)))
            .collect()
    }

    /// A whole number ≥ 0.
    pub fn count(&mut self, rec: &Mapping, key: &str, shape: &Shape) -> Option<u32> {
        let node = rec.get(key)?;
        match &node.value {
            Value::Int(i) if (0..=i64::from(u32::MAX)).contains(i) => u32::try_from(*i).ok(),
            _ => {
                self.wrong_type_for(node, key, shape);
                None
            }
        }
    }

    /// A whole number (may be negative) for sorting.
    pub fn order(&mut self, rec: &Mapping, key: &str, shape: &Shape) -> Option<i64> {
        let node = rec.get(key)?;
        match &node.value {
            Value::Int(i) => Some(*i),
            _ => {
                self.wrong_type_for(node, key, shape);
                None
            }
        }
    }

    /// true / false.
    pub fn boolean(&mut self, rec: &Mapping, key: &str, shape: &Shape) -> Option<bool> {
        let node = rec.get(key)?;
        match &node.value {
            Value::Bool(b) => Some(*b),
            Value::Str(s) if matches!(s.trim(), "是") => Some(true),
            Value::Str(s) if matches!(s.trim(), "否") => Some(false),
            _ => {
                self.wrong_type_for(node, key, shape);
                None
            }
        }
    }

    /// A date written YYYY-MM-DD (or YYYY/MM/DD, YYYY年M月D日).
    pub fn date(&mut self, rec: &Mapping, key: &str, shape: &Shape) -> Option<(Date, Pos)> {
        let (text, pos) = self.text_at(rec, key, shape)?;
        match parse_date(&text) {
            Some(d) => Some((d, pos)),
            None => {
                self.diags.push(
                    Diagnostic::error(
                        "E018",
                        self.at(pos),
                        msg!(
                            "`{text}` is not a date",
                            "“{text}”不是有效日期",
                            "「{text}」不是有效日期"
                        ),
                    )
                    .with_help(msg!(
                        "write dates as 2026-06-01",
                        "日期请写成 2026-06-01 的形式",
                        "日期請寫成 2026-06-01 的形式"
                    )),
                );
                None
            }
        }
    }

    /// An http(s) URL.
    pub fn url(&mut self, rec: &Mapping, key: &str, shape: &Shape) -> Option<(String, Pos)> {
        let (text, pos) = self.text_at(rec, key, shape)?;
        if is_http_url(&text) {
            return Some((text, pos));
        }
        self.diags.push(
            Diagnostic::error(
                "E019",
                self.at(pos),
                msg!(
                    "`{text}` is not an http(s) address",
                    "“{text}”不是 http(s) 网址",
                    "「{text}」不是 http(s) 網址"
                ),
            )
            .with_help(msg!(
                "write the full address, starting with https://",
                "请填写以 https:// 开头的完整网址",
                "請填寫以 https:// 開頭的完整網址"
            )),
        );
        None
    }
}

/// True for `http://host…` and `https://host…` without spaces or control characters.
pub fn is_http_url(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    rest.is_some_and(|r| {
        let host = r.split(['/', '?', '#']).next().unwrap_or("");
        !host.is_empty()
            && !text
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '<' || c == '>')
    })
}

/// Parses `2026-06-01`, `2026/6/1` or `2026年6月1日`, checking the calendar.
pub fn parse_date(text: &str) -> Option<Date> {
    let t = text.trim().trim_end_matches('日');
    let parts: Vec<&str> = t.split(['-', '/', '年', '月', '.']).collect();
    let [y, m, d] = parts.as_slice() else {
        return None;
    };
    let (year, month, day): (i16, i8, i8) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    if y.len() != 4 {
        return None;
    }
    jiff::civil::Date::new(year, month, day).ok()?;
    Some(Date { year, month, day })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_checked_against_the_calendar() {
        assert_eq!(
            parse_date("2026-06-01").map(|d| d.to_string()),
            Some("2026-06-01".into())
        );
        assert_eq!(
            parse_date("2026年6月1日").map(|d| d.to_string()),
            Some("2026-06-01".into())
        );
        assert!(parse_date("2026-02-30").is_none());
        assert!(parse_date("yesterday").is_none());
        assert!(parse_date("26-1-1").is_none());
    }

    #[test]
    fn only_http_urls_pass() {
        assert!(is_http_url("https://a.example.gov.cn/x?y=1"));
        assert!(!is_http_url("javascript:alert(1)"));
        assert!(!is_http_url("ftp://x"));
        assert!(!is_http_url("https://"));
        assert!(!is_http_url("https://a b"));
    }
}
