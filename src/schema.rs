//! JSON Schema for site.yaml and each content kind, generated from the same tables the loader
//! reads by, so editors (VS Code + the YAML extension) flag mistakes as staff type. Both key
//! spellings are accepted.
//!
//! The schemas declare draft-07: the VS Code YAML extension (yaml-language-server) validates
//! with draft-07 and warns that 2020-12 schemas are "not yet fully supported". Only keywords
//! that mean the same in draft-07 and 2020-12 are used, and patterns stay within the regex
//! syntax that JavaScript's `u` mode accepts (no `\-` escapes, no inline flags).

use serde_json::{Value, json};

use crate::content::spec::{self, Field, Shape, Type};
use crate::content::{Kind, Product, Vocabulary};

/// The JSON Schema dialect of the schemas (what VS Code's YAML extension supports).
pub const DRAFT: &str = "http://json-schema.org/draft-07/schema#";

/// What `gongshi schema KIND` knows: `site` for site.yaml, then every content kind.
pub fn kinds() -> Vec<&'static str> {
    std::iter::once("site")
        .chain(Kind::ALL.iter().map(|k| k.word()))
        .collect()
}

/// The schema of `site` or of one content kind (`window`, `item`, …).
pub fn schema(kind: &str) -> Option<Value> {
    let (name, shape) = match kind {
        "site" => ("site", &spec::SITE),
        _ => {
            let k = Kind::parse(kind).filter(|k| k.word() == kind)?;
            (k.word(), k.shape())
        }
    };
    let mut root = object(shape);
    if let Value::Object(map) = &mut root {
        map.insert("$schema".into(), json!(DRAFT));
        map.insert(
            "$id".into(),
            json!(format!("https://gongshi.invalid/schema/{name}.json")),
        );
        map.insert(
            "title".into(),
            json!(format!("gongshi {} ({})", shape.noun_en, shape.noun_zh)),
        );
    }
    Some(root)
}

/// All schemas in one document keyed by kind (`gongshi schema` without a kind).
pub fn all() -> Value {
    let map: serde_json::Map<String, Value> = kinds()
        .into_iter()
        .filter_map(|k| schema(k).map(|s| (k.to_string(), s)))
        .collect();
    Value::Object(map)
}

fn object(shape: &Shape) -> Value {
    let mut properties = serde_json::Map::new();
    let mut rules = Vec::new();
    for field in shape.fields {
        let schema = field_schema(field);
        properties.insert(field.key.into(), schema.clone());
        properties.insert(field.alias.into(), schema);
        if field.required {
            rules.push(json!({"anyOf": [{"required": [field.key]}, {"required": [field.alias]}]}));
        }
        // Both spellings of one key in one record is E024.
        rules.push(json!({"not": {"required": [field.key, field.alias]}}));
    }
    let mut value = json!({
        "type": "object",
        "properties": properties,
        "additionalProperties": false,
    });
    if let Value::Object(map) = &mut value {
        map.insert("allOf".into(), Value::Array(rules));
    }
    value
}

fn field_schema(field: &Field) -> Value {
    let mut schema = type_schema(&field.ty);
    let (en, zh) = field.ty.describe();
    add_pattern_messages(&mut schema, &format!("应为{zh} — expected {en}"));
    // The loader treats an empty value (`key:` or `key: ~`) as if the key were left out, so
    // an optional key may be empty; a required one may not.
    if !field.required {
        schema = json!({"anyOf": [schema, {"type": "null"}]});
    }
    if let Value::Object(map) = &mut schema {
        map.insert(
            "description".into(),
            json!(format!("{} — {}", field.zh, field.en)),
        );
    }
    schema
}

/// Adds `patternErrorMessage` (read by VS Code's JSON and YAML language servers, ignored by
/// other validators) next to each `pattern` of a field, so a mismatch says what was expected
/// instead of printing the regex.
fn add_pattern_messages(schema: &mut Value, message: &str) {
    match schema {
        Value::Object(map) => {
            if map.contains_key("pattern") && !map.contains_key("patternErrorMessage") {
                map.insert("patternErrorMessage".into(), json!(message));
            }
            for (key, value) in map.iter_mut() {
                // Nested records carry their own fields' messages.
                if key != "properties" && key != "items" {
                    add_pattern_messages(value, message);
                }
            }
        }
        Value::Array(items) => items
            .iter_mut()
            .for_each(|v| add_pattern_messages(v, message)),
        _ => {}
    }
}

/// A regex (ECMA 262 subset, also valid for Rust's `regex`) for one of `words` as the loader
/// compares them: surrounding whitespace ignored, ASCII letters in any case, and with
/// `spaced`, whitespace allowed between any two characters (time limits are compared with
/// all whitespace removed, so `on the spot` is `onthespot`).
fn words_pattern(words: &[&str], spaced: bool) -> String {
    let alternatives: Vec<String> = words.iter().map(|w| loose(w, spaced)).collect();
    format!("(?:{})", alternatives.join("|"))
}

fn loose(word: &str, spaced: bool) -> String {
    let parts: Vec<String> = word
        .chars()
        .map(|c| {
            if c.is_ascii_alphabetic() {
                format!("[{}{}]", c.to_ascii_lowercase(), c.to_ascii_uppercase())
            } else if "\\^$.|?*+()[]{}".contains(c) {
                format!("\\{c}")
            } else {
                c.to_string()
            }
        })
        .collect();
    parts.join(if spaced { "\\s*" } else { "" })
}

/// A non-negative amount of yuan with at most two decimals, as `money::Amount` reads it.
const DECIMAL: &str = "\\s*[0-9]+(?:\\.[0-9]{1,2})?\\s*元*\\s*";

fn time_limit_pattern() -> String {
    use crate::content::timelimit::{
        DAY_UNITS, HOUR_UNITS, IMMEDIATE_WORDS, MONTH_UNITS, WORKING_DAY_UNITS,
    };
    let units: Vec<&str> = [WORKING_DAY_UNITS, DAY_UNITS, MONTH_UNITS, HOUR_UNITS].concat();
    format!(
        "^\\s*(?:{}|[0-9]{{1,9}}\\s*[个個]*\\s*{})\\s*$",
        words_pattern(IMMEDIATE_WORDS, true),
        words_pattern(&units, true)
    )
}

fn type_schema(ty: &Type) -> Value {
    // Text is read as written, numbers and true/false included.
    let text = json!({"type": ["string", "number", "boolean"]});
    match ty {
        Type::Text | Type::Ref(_) | Type::Markdown => text,
        Type::Count => json!({"type": "integer", "minimum": 0, "maximum": u32::MAX}),
        Type::Order => json!({"type": "integer"}),
        Type::Bool => json!({"anyOf": [
            {"type": "boolean"},
            {"type": "string", "pattern": "^\\s*(?:是|否)\\s*$"}
        ]}),
        Type::BoolOrText => json!({"type": ["boolean", "string", "number"]}),
        Type::Date => {
            json!({"type": "string", "pattern": "^\\s*[0-9]{4}[-/年月.][0-9]{1,2}[-/年月.][0-9]{1,2}日*\\s*$"})
        }
        Type::Url => {
            json!({"type": "string", "pattern": "^\\s*[hH][tT][tT][pP][sS]?://[^/?#\\s\"<>]+[^\\s\"<>]*$"})
        }
        Type::Path => {
            json!({"type": "string", "not": {"pattern": "(?:^\\s*[/\\\\]|:|(?:^|[/\\\\])\\.\\.(?:[/\\\\]|\\s*$))"}})
        }
        Type::TimeLimit => json!({"type": "string", "pattern": time_limit_pattern()}),
        Type::Amount => json!({"anyOf": [
            {"type": "number", "minimum": 0},
            {"type": "string", "pattern": format!("^(?:{DECIMAL}|{DECIMAL}[-～~—至–]{DECIMAL})$")}
        ]}),
        Type::Fees => {
            let words = [
                crate::content::convert::FREE_WORDS,
                crate::content::convert::UNSTATED_FEE_WORDS,
            ]
            .concat();
            json!({"anyOf": [
                {"type": "string", "pattern": format!("^\\s*{}\\s*$", words_pattern(&words, false))},
                {"type": "array", "items": object(&spec::FEE)}
            ]})
        }
        Type::Choice(choice) => {
            let pattern = format!("^\\s*{}\\s*$", words_pattern(&(choice.words)(), false));
            let examples: Vec<&str> = (choice.names)().into_iter().map(|(w, _)| w).collect();
            json!({"type": "string", "pattern": pattern, "examples": examples})
        }
        Type::ChoiceList(choice) => {
            let one = words_pattern(&(choice.words)(), false);
            let sep = "\\s*[、,，;；/|]\\s*";
            let examples: Vec<&str> = (choice.names)().into_iter().map(|(w, _)| w).collect();
            json!({"anyOf": [
                {"type": "string", "pattern": format!("^\\s*{one}(?:{sep}{one})*\\s*$"), "examples": examples},
                {"type": "array", "items": {"type": "string", "pattern": format!("^\\s*{one}\\s*$")}}
            ]})
        }
        Type::TopicLists => {
            let list = json!({"anyOf": [{"type": "array", "items": text}, text]});
            let audiences = words_pattern(
                &crate::content::Audience::WORDS
                    .iter()
                    .map(|(w, _)| *w)
                    .collect::<Vec<_>>(),
                false,
            );
            json!({"anyOf": [
                list,
                {"type": "object", "propertyNames": {"pattern": format!("^\\s*{audiences}\\s*$")}, "additionalProperties": list}
            ]})
        }
        Type::TextList | Type::RefList(_) => json!({"anyOf": [
            {"type": "array", "items": text},
            text
        ]}),
        Type::Object(shape) => object(shape),
        Type::List(shape) => json!({"type": "array", "items": object(shape)}),
        Type::Labelled => json!({"anyOf": [
            text,
            {"type": "array", "items": {"anyOf": [text, object(&spec::LABELLED)]}}
        ]}),
        Type::InfoTable => json!({
            "type": "object",
            "additionalProperties": {"anyOf": [text, {"type": "null"}]}
        }),
        Type::SheetMap => json!({
            "type": "object",
            "propertyNames": {"pattern": format!("^\\s*{}\\s*$", words_pattern(&Product::ALL.iter().map(|p| p.word()).collect::<Vec<_>>(), false))},
            "additionalProperties": {"type": "string", "pattern": "^\\s*(?:[aA][0-5]|[0-9]+(?:\\.[0-9]+)?\\s*[x×X]\\s*[0-9]+(?:\\.[0-9]+)?\\s*mm)(?:\\s+landscape)?\\s*$"}
        }),
        Type::ProductMap(shape) => json!({
            "type": "object",
            "propertyNames": {"pattern": format!("^\\s*{}\\s*$", words_pattern(&Product::ALL.iter().map(|p| p.word()).collect::<Vec<_>>(), false))},
            "additionalProperties": object(shape)
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::money::Amount;
    use crate::content::reader::parse_date;
    use crate::content::timelimit::TimeLimit;

    fn item_field(key: &str) -> Value {
        schema("item").expect("item schema")["properties"][key].clone()
    }

    /// The string pattern inside a field schema (under an optional-null `anyOf`).
    fn pattern_of(field: &Value) -> regex::Regex {
        fn find(v: &Value) -> Option<&str> {
            if let Some(p) = v.get("pattern").and_then(Value::as_str) {
                return Some(p);
            }
            v.get("anyOf")?.as_array()?.iter().find_map(find)
        }
        let p = find(field).unwrap_or_else(|| panic!("no pattern in {field}"));
        regex::Regex::new(p).unwrap_or_else(|e| panic!("bad pattern {p}: {e}"))
    }

    #[test]
    fn item_schema_accepts_both_spellings() {
        let s = schema("item").expect("item schema");
        let props = &s["properties"];
        assert!(props["materials"].is_object());
        assert!(props["申请材料"].is_object());
        assert_eq!(s["additionalProperties"], json!(false));
        assert_eq!(
            s["$schema"],
            json!("http://json-schema.org/draft-07/schema#")
        );
        assert!(schema("nope").is_none());
    }

    #[test]
    fn typo_keys_are_not_properties() {
        let s = schema("item").expect("item schema");
        assert!(s["properties"].get("materails").is_none());
        assert_eq!(s["additionalProperties"], json!(false));
        let material = &s["properties"]["materials"]["anyOf"][0]["items"];
        assert_eq!(material["additionalProperties"], json!(false));
        assert!(material["properties"].get("orignal").is_none());
    }

    #[test]
    fn optional_keys_may_be_empty_required_ones_not() {
        // The loader reads `key:` with no value as a missing key.
        let department = &schema("window").expect("window")["properties"]["department"];
        assert!(
            department["anyOf"]
                .as_array()
                .is_some_and(|a| a.contains(&json!({"type": "null"})))
        );
        let name = &schema("window").expect("window")["properties"]["name"];
        assert!(name.get("anyOf").is_none(), "{name}");
        assert!(!name.to_string().contains("null"));
    }

    #[test]
    fn both_spellings_of_one_key_are_refused() {
        let s = schema("item").expect("item schema");
        assert!(
            s["allOf"]
                .as_array()
                .expect("allOf")
                .contains(&json!({"not": {"required": ["name", "事项名称"]}}))
        );
    }

    #[test]
    fn pattern_mismatches_say_what_was_expected() {
        let legal = &schema("item").expect("item")["properties"]["time_limit"]["anyOf"][0]["properties"]
            ["legal"];
        let message = legal["anyOf"][0]["patternErrorMessage"]
            .as_str()
            .expect("message");
        assert!(
            message.contains("5个工作日") && message.contains("expected"),
            "{message}"
        );
    }

    #[test]
    fn time_limit_pattern_agrees_with_the_parser() {
        let re = pattern_of(
            &schema("item").expect("item")["properties"]["time_limit"]["anyOf"][0]["properties"]["legal"],
        );
        for text in [
            "5个工作日",
            "5 working days",
            "1 Working Day",
            "10 business days",
            "20日",
            "20 天",
            "30自然日",
            "3个月",
            "3 months",
            "15 calendar days",
            "即办",
            "即办件",
            "当场办结",
            "當場辦結",
            "Immediately",
            "on the spot",
            "5 个 工作日",
            "2個月",
            "7个小时",
            "4小时",
            "24 hours",
            "尽快",
            "5个星期",
            "5",
            "five days",
            "",
            "个工作日",
            "5 working",
        ] {
            assert_eq!(
                re.is_match(text),
                TimeLimit::parse(text).is_some(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn amount_pattern_agrees_with_the_parser() {
        let fee = &item_field("fees")["anyOf"][1]["items"];
        let re = pattern_of(&fee["properties"]["amount"]);
        for text in [
            "80",
            "80.5",
            "80.50",
            "0",
            "10-50",
            "10 - 50",
            "10至50",
            "10～50",
            "10~50",
            "10—50",
            "10–50",
            "10 至 50 元",
            "80元",
            "10元-50元",
            "1.234",
            "-5",
            "abc",
            "1e3",
            "",
            "1.",
            ".5",
            "10-",
            "NaN",
        ] {
            assert_eq!(re.is_match(text), Amount::parse(text).is_some(), "{text:?}");
        }
    }

    #[test]
    fn free_words_and_case_types_follow_the_loader() {
        let fees = pattern_of(&item_field("fees"));
        for word in [
            "不收费",
            "免费",
            "Free",
            "NONE",
            "不收費",
            "免費",
            "无",
            "0",
            " 不收费 ",
        ] {
            assert!(fees.is_match(word), "{word}");
            assert!(crate::content::convert::is_free(word), "{word}");
        }
        assert!(!fees.is_match("收费"));
        let case = pattern_of(&item_field("case_type"));
        for word in [
            "immediate",
            "Immediate",
            "即办件",
            "即办",
            "即辦件",
            "promised",
            "承诺件",
            "承诺",
            "承諾件",
        ] {
            assert!(case.is_match(word), "{word}");
        }
        assert!(!case.is_match("urgent"));
    }

    #[test]
    fn site_words_follow_the_loader() {
        let site = schema("site").expect("site");
        let lang = pattern_of(&site["properties"]["language"]);
        for tag in [
            "zh-CN",
            "zh_cn",
            "zh",
            "zh-Hans",
            "zh-TW",
            "zh-HK",
            "en",
            "en-US",
            "English",
            "简体中文",
            "繁體中文",
        ] {
            assert!(lang.is_match(tag), "{tag}");
            assert!(crate::diag::Lang::parse(tag).is_some(), "{tag}");
        }
        assert!(!lang.is_match("fr"));
        let profile = pattern_of(&site["properties"]["print"]["anyOf"][0]["properties"]["profile"]);
        for (word, _) in crate::content::Profile::WORDS {
            assert!(profile.is_match(word), "{word}");
        }
        assert!(!profile.is_match("inkjet"));
    }

    #[test]
    fn dates_urls_paths_and_booleans_follow_the_loader() {
        let date = pattern_of(&item_field("updated"));
        for text in ["2026-06-01", "2026/6/1", "2026年6月1日", "2026.6.1"] {
            assert!(date.is_match(text) && parse_date(text).is_some(), "{text}");
        }
        for text in ["26-1-1", "yesterday", "2026-06"] {
            assert!(!date.is_match(text) && parse_date(text).is_none(), "{text}");
        }
        let url = pattern_of(&item_field("online_url"));
        assert!(url.is_match("https://zwfw.example.gov.cn/x?y=1") && url.is_match("HTTPS://A.CN"));
        assert!(
            !url.is_match("ftp://x") && !url.is_match("https://") && !url.is_match("https://a b")
        );
        let staff = schema("staff").expect("staff");
        let path = regex::Regex::new(
            staff["properties"]["photo"]["anyOf"][0]["not"]["pattern"]
                .as_str()
                .expect("not pattern"),
        )
        .expect("regex");
        for bad in [
            "../x.jpg",
            "photos/../../x.jpg",
            "/etc/passwd",
            "C:\\x.jpg",
            "\\\\server\\x",
            "photos/..",
        ] {
            assert!(path.is_match(bad), "{bad}");
        }
        for good in ["photos/zhang-wei.jpg", "./photos/a.jpg", "forms/a..b.pdf"] {
            assert!(!path.is_match(good), "{good}");
        }
        let party = &staff["properties"]["party_member"]["anyOf"][0];
        assert_eq!(party["anyOf"][0], json!({"type": "boolean"}));
        assert!(pattern_of(party).is_match("是") && pattern_of(party).is_match("否"));
    }
}
