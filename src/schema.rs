//! JSON Schema (draft 2020-12) for site.yaml and each content kind, generated from the same
//! tables the loader reads by, so editors (VS Code + the YAML extension) flag mistakes as
//! staff type. Both key spellings are accepted.

use serde_json::{Value, json};

use crate::content::spec::{self, Field, Shape, Type};

/// The kinds `gongshi schema KIND` knows.
pub fn kinds() -> Vec<&'static str> {
    spec::KINDS.iter().map(|(k, _, _)| *k).collect()
}

/// The schema of one kind (`site`, `window`, `item`, `staff`, `rule`, `notice`, `page`).
pub fn schema(kind: &str) -> Option<Value> {
    let (name, _, shape) = spec::KINDS.iter().find(|(k, _, _)| *k == kind)?;
    let mut root = object(shape);
    if let Value::Object(map) = &mut root {
        map.insert(
            "$schema".into(),
            json!("https://json-schema.org/draft/2020-12/schema"),
        );
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
    let mut required = Vec::new();
    for field in shape.fields {
        let schema = field_schema(field);
        properties.insert(field.key.into(), schema.clone());
        properties.insert(field.alias.into(), schema);
        if field.required {
            required
                .push(json!({"anyOf": [{"required": [field.key]}, {"required": [field.alias]}]}));
        }
    }
    let mut value = json!({
        "type": "object",
        "properties": properties,
        "additionalProperties": false,
    });
    if !required.is_empty()
        && let Value::Object(map) = &mut value
    {
        map.insert("allOf".into(), Value::Array(required));
    }
    value
}

fn field_schema(field: &Field) -> Value {
    let mut schema = type_schema(&field.ty);
    if let Value::Object(map) = &mut schema {
        map.insert(
            "description".into(),
            json!(format!("{} — {}", field.zh, field.en)),
        );
    }
    schema
}

fn type_schema(ty: &Type) -> Value {
    let text = json!({"type": ["string", "number"]});
    match ty {
        Type::Text | Type::Ref(_) => text,
        Type::Markdown => json!({"type": "string"}),
        Type::Count => json!({"type": "integer", "minimum": 0}),
        Type::Order => json!({"type": "integer"}),
        Type::Bool => json!({"type": "boolean"}),
        Type::BoolOrText => json!({"type": ["boolean", "string"]}),
        Type::Date => {
            json!({"type": "string", "pattern": "^\\d{4}([-/年])\\d{1,2}([-/月])\\d{1,2}日?$"})
        }
        Type::Url => json!({"type": "string", "pattern": "^https?://"}),
        Type::Path => json!({"type": "string", "not": {"pattern": "(^/|^[A-Za-z]:|\\.\\.)"}}),
        Type::TimeLimit => {
            json!({"type": "string", "pattern": "^(即办|即办件|当场办结|当场办理|立即办结|即时办结|immediate|\\d+\\s*(个)?(工作日|日|天|自然日|月)|\\d+\\s*(working days?|days?|months?))$"})
        }
        Type::Amount => json!({"anyOf": [
            {"type": "number", "minimum": 0},
            {"type": "string", "pattern": "^\\d+(\\.\\d{1,2})?(\\s*[-～~至]\\s*\\d+(\\.\\d{1,2})?)?\\s*元?$"}
        ]}),
        Type::Fees => json!({"anyOf": [
            {"enum": ["不收费", "免费", "free", "不收費"]},
            {"type": "array", "items": object(&spec::FEE)}
        ]}),
        Type::Choice(pairs) => {
            let words: Vec<&str> = pairs.iter().flat_map(|(a, b)| [*a, *b]).collect();
            let mut words = words;
            if std::ptr::eq(*pairs, spec::CASE_TYPES) {
                words.extend(["即办", "承诺"]);
            }
            json!({"enum": words})
        }
        Type::TextList | Type::RefList(_) => json!({"anyOf": [
            {"type": "array", "items": {"type": ["string", "number"]}},
            {"type": "string"}
        ]}),
        Type::Object(shape) => object(shape),
        Type::List(shape) => json!({"type": "array", "items": object(shape)}),
        Type::SheetMap => json!({
            "type": "object",
            "propertyNames": {"enum": crate::config::PRODUCTS},
            "additionalProperties": {"type": "string", "pattern": "^(A[0-5]|\\d+(\\.\\d+)?\\s*[x×X]\\s*\\d+(\\.\\d+)?\\s*mm)(\\s+landscape)?$"}
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn item_schema_accepts_both_spellings() {
        let s = schema("item").expect("item schema");
        let props = &s["properties"];
        assert!(props["materials"].is_object());
        assert!(props["申请材料"].is_object());
        assert_eq!(s["additionalProperties"], json!(false));
        assert_eq!(
            s["$schema"],
            json!("https://json-schema.org/draft/2020-12/schema")
        );
        assert!(schema("nope").is_none());
    }
}
