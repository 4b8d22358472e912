//! Writes an imported item as YAML with the Chinese keys of the content format, in the order
//! the format lists them (asked from `spec`). Scalars are written plain when that reads back
//! as the same text, double-quoted otherwise; multi-line text as a `|-` block.

use crate::content::spec::{self, Shape, Type};

/// A value to write.
#[derive(Debug, Clone, PartialEq)]
pub enum Val {
    /// Text (quoted when needed).
    Text(String),
    /// A number or boolean written as is (`1`, `80`, `false`).
    Raw(String),
    /// A list.
    List(Vec<Val>),
    /// A nested record: English keys, written with their aliases.
    Map(Vec<(&'static str, Val)>),
}

/// The YAML text of an item record (English keys in, Chinese keys out).
pub fn item(fields: &[(&'static str, Val)]) -> String {
    let mut out = String::new();
    map(&mut out, 0, false, fields, &spec::ITEM);
    out
}

fn map(out: &mut String, indent: usize, dash: bool, fields: &[(&'static str, Val)], shape: &Shape) {
    let mut ordered: Vec<(usize, &str, &Val, Option<&'static Shape>)> = fields
        .iter()
        .map(|(key, val)| {
            let pos = shape.fields.iter().position(|f| f.key == *key);
            let field = pos.map(|p| &shape.fields[p]);
            let alias = field.map_or(*key, |f| f.alias);
            let nested = field.and_then(|f| match f.ty {
                Type::Object(s) | Type::List(s) => Some(s),
                Type::Fees => Some(&spec::FEE),
                _ => None,
            });
            (pos.unwrap_or(usize::MAX), alias, val, nested)
        })
        .collect();
    ordered.sort_by_key(|(pos, ..)| *pos);
    for (i, (_, key, val, nested)) in ordered.into_iter().enumerate() {
        if dash && i == 0 {
            out.push_str(&" ".repeat(indent - 2));
            out.push_str("- ");
        } else {
            out.push_str(&" ".repeat(indent));
        }
        out.push_str(key);
        out.push(':');
        value(out, indent, val, nested);
    }
}

/// Writes a value after `key:` (the key being at `indent`).
fn value(out: &mut String, indent: usize, val: &Val, nested: Option<&'static Shape>) {
    match val {
        Val::Text(t) => {
            out.push(' ');
            scalar(out, indent, t);
        }
        Val::Raw(r) => {
            out.push(' ');
            out.push_str(r);
            out.push('\n');
        }
        Val::Map(fields) => {
            out.push('\n');
            map(
                out,
                indent + 2,
                false,
                fields,
                nested.unwrap_or(&spec::ITEM),
            );
        }
        Val::List(items) => {
            out.push('\n');
            for item in items {
                match item {
                    Val::Map(fields) => {
                        map(out, indent + 4, true, fields, nested.unwrap_or(&spec::ITEM));
                    }
                    Val::Text(t) => {
                        out.push_str(&" ".repeat(indent + 2));
                        out.push_str("- ");
                        scalar(out, indent + 2, t);
                    }
                    Val::Raw(r) => {
                        out.push_str(&" ".repeat(indent + 2));
                        out.push_str("- ");
                        out.push_str(r);
                        out.push('\n');
                    }
                    Val::List(_) => {}
                }
            }
        }
    }
}

/// Writes one text scalar and the line end; `indent` is the column of its key.
fn scalar(out: &mut String, indent: usize, text: &str) {
    if text.contains('\n') && block_safe(text) {
        out.push_str("|-\n");
        for line in text.split('\n') {
            if !line.is_empty() {
                out.push_str(&" ".repeat(indent + 2));
                out.push_str(line);
            }
            out.push('\n');
        }
    } else if plain_safe(text) {
        out.push_str(text);
        out.push('\n');
    } else {
        quoted(out, text);
        out.push('\n');
    }
}

/// True when a multi-line text reads back unchanged from a `|-` block.
fn block_safe(text: &str) -> bool {
    let first = text.split('\n').next().unwrap_or("");
    !first.starts_with([' ', '\t'])
        && text == text.trim()
        && !text
            .chars()
            .any(|c| (c.is_control() && c != '\n') || special_char(c))
}

fn special_char(c: char) -> bool {
    matches!(c, '\u{feff}' | '\u{2028}' | '\u{2029}' | '\u{85}')
}

/// True when `text` written without quotes is read back as the same text (and as text).
pub fn plain_safe(text: &str) -> bool {
    let Some(first) = text.chars().next() else {
        return false;
    };
    if text != text.trim()
        || text.chars().any(|c| c.is_control() || special_char(c))
        || "-?:,[]{}#&*!|>'\"%@`".contains(first)
        || text.contains(": ")
        || text.contains(" #")
        || text.ends_with(':')
    {
        return false;
    }
    let lower = text.to_lowercase();
    if matches!(
        lower.as_str(),
        "true" | "false" | "null" | "~" | "yes" | "no" | "on" | "off" | "y" | "n"
    ) {
        return false;
    }
    // Anything that starts like a number stays plain only when it cannot be one: a date, or
    // text with a space or a character no number, date or time has (`0123-5566 0321`,
    // `20个工作日`).
    if first.is_ascii_digit() || first == '+' || first == '.' {
        return crate::content::reader::parse_date(text).is_some_and(|d| d.to_string() == text)
            || text
                .chars()
                .any(|c| !(c.is_ascii_alphanumeric() || "+-._:".contains(c)));
    }
    true
}

fn quoted(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() || special_char(c) => {
                out.push_str(&format!("\\u{:04X}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::yaml::{self, Value};

    fn reads_back(text: &str) {
        let mut out = String::from("k:");
        out.push(' ');
        scalar(&mut out, 0, text);
        let node = yaml::parse(&out, "t.yaml", 0).unwrap_or_else(|d| panic!("{out}: {d:?}"));
        let Value::Map(entries) = node.value else {
            panic!("{out}")
        };
        assert_eq!(entries[0].1.value, Value::Str(text.into()), "{out}");
    }

    #[test]
    fn scalars_read_back_as_the_same_text() {
        for t in [
            "户口迁入",
            "20个工作日",
            "QH-BDC-DJ-006",
            "330100",
            "2026-04-20",
            "true",
            "否",
            "是",
            "a: b",
            "- 列表",
            "《条例》第三条 #1",
            "9:00-17:00",
            "0123-5566 0321",
            "12345",
            "1:20",
            "0x1F",
            "1e3",
            "1_000",
            ".5",
            "2026-4-1",
            "10-50",
            "他说\"好\"\\",
            "一\n二\n\n三",
            "  缩进\n第二行",
            "tab\there",
            "@x",
            "https://a.example.gov.cn/x?y=1#z",
        ] {
            reads_back(t);
        }
    }

    #[test]
    fn items_use_chinese_keys_in_spec_order() {
        let yaml = item(&[
            ("fees", Val::Text("不收费".into())),
            ("name", Val::Text("户口迁入".into())),
            (
                "time_limit",
                Val::Map(vec![
                    ("promised", Val::Text("5个工作日".into())),
                    ("legal", Val::Text("20个工作日".into())),
                ]),
            ),
            (
                "materials",
                Val::List(vec![Val::Map(vec![
                    ("name", Val::Text("身份证".into())),
                    ("original", Val::Raw("1".into())),
                    ("note", Val::Text("一\n二".into())),
                ])]),
            ),
            (
                "basis",
                Val::List(vec![Val::Text("《户口登记条例》".into())]),
            ),
        ]);
        assert_eq!(
            yaml,
            "事项名称: 户口迁入\n设定依据:\n  - 《户口登记条例》\n申请材料:\n  - 材料名称: 身份证\n    原件: 1\n    备注: |-\n      一\n      二\n办结时限:\n  法定: 20个工作日\n  承诺: 5个工作日\n收费标准: 不收费\n"
        );
        yaml::parse(&yaml, "t.yaml", 0).expect("parses");
    }
}
