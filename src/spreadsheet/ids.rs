//! Which file an imported item goes to: the existing item with the same code (or name) keeps
//! its file and what no column holds; otherwise an id from the code, or from a hash of the name.

use crate::content::spec::{self, Type};
use crate::spreadsheet::import::{Draft, Existing};
use crate::spreadsheet::yaml_out::Val;

/// Item keys no 实施清单 column holds: an existing file keeps them when the import rewrites
/// it (the workbook has nothing to say about them).
pub const CARRIED: &[&str] = &["forms", "faq", "special_steps", "changes"];

/// The [`CARRIED`] keys of the item file `file` (relative to `root`), if it exists and parses.
pub(super) fn carried(root: &std::path::Path, file: &str) -> Vec<(&'static str, Val)> {
    use crate::content::yaml;
    let Ok(bytes) = std::fs::read(root.join(file)) else {
        return Vec::new();
    };
    let Ok(text) = yaml::decode(&bytes, file) else {
        return Vec::new();
    };
    let yaml_text = if file.ends_with(".md") {
        match yaml::split_front_matter(&text, file) {
            Ok(fm) => fm.yaml.to_string(),
            Err(_) => return Vec::new(),
        }
    } else {
        text
    };
    let Ok(node) = yaml::parse(&yaml_text, file, 0) else {
        return Vec::new();
    };
    let yaml::Value::Map(entries) = &node.value else {
        return Vec::new();
    };
    entries
        .iter()
        .filter_map(|(k, v)| {
            let field = spec::ITEM.field(&k.as_text()?)?;
            if !CARRIED.contains(&field.key) {
                return None;
            }
            let shape = match field.ty {
                Type::List(s) | Type::Object(s) => Some(s),
                _ => None,
            };
            node_val(v, shape).map(|val| (field.key, val))
        })
        .collect()
}

/// A parsed YAML value as a value to write again (keys by the shape, unknown keys dropped).
fn node_val(node: &crate::content::yaml::Node, shape: Option<&'static spec::Shape>) -> Option<Val> {
    use crate::content::yaml::Value;
    Some(match &node.value {
        Value::Null => return None,
        Value::Str(t) => Val::Text(t.clone()),
        Value::Int(i) => Val::Raw(i.to_string()),
        Value::Float(f) => Val::Raw(f.clone()),
        Value::Bool(b) => Val::Raw(b.to_string()),
        Value::Seq(items) => Val::List(items.iter().filter_map(|n| node_val(n, shape)).collect()),
        Value::Map(entries) => {
            let shape = shape?;
            Val::Map(
                entries
                    .iter()
                    .filter_map(|(k, v)| {
                        let field = shape.field(&k.as_text()?)?;
                        let nested = match field.ty {
                            Type::List(s) | Type::Object(s) => Some(s),
                            _ => None,
                        };
                        node_val(v, nested).map(|val| (field.key, val))
                    })
                    .collect(),
            )
        }
    })
}

/// The id and file of an item: the existing item with the same 事项编码 (or, without a code,
/// the same name) keeps its own; otherwise the code as a slug, or `item-` and a short hash of
/// the name.
pub(super) fn identity(d: &Draft, existing: &Existing) -> (String, String) {
    let same = existing
        .items
        .iter()
        .find(|(_, code, name, _)| match &d.code {
            Some(c) => code.as_deref() == Some(c.as_str()),
            None => code.is_none() && *name == d.name,
        });
    if let Some((id, _, _, file)) = same {
        return (id.clone(), file.clone());
    }
    let id = d
        .code
        .as_deref()
        .and_then(slug)
        .unwrap_or_else(|| name_id(&d.name));
    let file = format!("content/items/{id}.yaml");
    (id, file)
}

/// A code as an id: lower-case ASCII letters and digits, other characters as `-`.
pub fn slug(code: &str) -> Option<String> {
    let mut out = String::new();
    for c in code.trim().chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-');
    let out: String = out.chars().take(64).collect();
    let out = out.trim_end_matches('-').to_string();
    crate::scaffold::is_valid_id(&out).then_some(out)
}

/// An id for an item without a usable code: `item-` and 8 hex digits of the name's hash
/// (stable across imports, no pinyin guessed).
pub fn name_id(name: &str) -> String {
    let hash = blake3::hash(name.trim().as_bytes()).to_hex();
    format!("item-{}", &hash[..8])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_from_codes_and_names() {
        assert_eq!(slug("QH-BDC-DJ-006").as_deref(), Some("qh-bdc-dj-006"));
        assert_eq!(
            slug("11370100MB28510123000117").as_deref(),
            Some("11370100mb28510123000117")
        );
        assert_eq!(slug("许可 001号").as_deref(), Some("001"));
        assert_eq!(slug("（无）"), None);
        assert_eq!(name_id("户口迁入"), name_id(" 户口迁入 "));
        assert!(crate::scaffold::is_valid_id(&name_id("户口迁入")));
    }
}
