//! Hostile content for the escaping tests: a site whose every text field holds a payload of
//! markup, and the checks that the built output shows it only as text.
//!
//! Payloads carry the marker `gsx` in every tag and attribute they try to open (`<gsx>`,
//! `" gsxd="1`, `' gsxq='1`), so markup that escaped escaping shows up as an element or
//! attribute whose name contains `gsx`, or as the raw bytes `<gsx` in a file.

use std::path::Path;

use gongshi::content::Vocabulary;
use gongshi::content::kind::Kind;
use gongshi::content::spec::{self, Field, Shape, Type};
use scraper::{Html, Node, Selector};
use serde_json::{Value, json};

use super::TestSite;

/// Fragments payloads are made of: tags, attribute breaks out of both quotes, closers of
/// the elements whose text is not parsed as markup, comments, template syntax, entities.
pub const FRAGMENTS: &[&str] = &[
    "<gsx>",
    "</gsx>",
    "<script>alert(1)</script>",
    "\"><img src=x gsxerr=1>",
    "\" gsxd=\"1",
    "' gsxq='1",
    "</script><gsx>",
    "</title><gsx>",
    "</textarea><gsx>",
    "</style><gsx>",
    "<!--",
    "-->",
    "&",
    "<",
    ">",
    "\"",
    "'",
    "{{ gsx }}",
    "{% raw %}",
    "${gsx}",
    "办理",
    "x",
];

/// The ids the filled records use to refer to each other.
pub const WINDOW_ID: &str = "win";
pub const STAFF_ID: &str = "chief";
pub const RULE_ID: &str = "rule";
pub const ITEM_ID: &str = "item";

/// Writes a site into `site` (replacing the helper site's records) whose every text field,
/// of `site.yaml` and of every kind, holds `payload`; other fields get valid values.
pub fn write_site(site: &TestSite, payload: &str) {
    site.remove_records();
    let mut config = record(site, &spec::SITE, payload);
    // The site's own address stays a valid one; the payload is everywhere else.
    config["base_url"] = json!("https://example.gov.cn/center/");
    site.write("site.yaml", &yaml(&config));
    for kind in Kind::ALL.iter().copied() {
        let (folder, id) = match kind {
            Kind::Window => ("windows", WINDOW_ID),
            Kind::Item => ("items", ITEM_ID),
            Kind::Staff => ("staff", STAFF_ID),
            Kind::Rule => ("rules", RULE_ID),
            Kind::Notice => ("notices", "notice"),
            Kind::Page => ("pages", "page"),
        };
        let text = yaml(&record(site, kind.shape(), payload));
        if kind.is_markdown() {
            site.write(
                &format!("content/{folder}/{id}.md"),
                &format!("---\n{text}---\n{payload}\n\n- {payload}\n\n# {payload}\n"),
            );
        } else {
            site.write(&format!("content/{folder}/{id}.yaml"), &text);
        }
    }
}

/// JSON is YAML; pretty JSON keeps one key per line.
fn yaml(value: &Value) -> String {
    serde_json::to_string_pretty(value).expect("json") + "\n"
}

fn record(site: &TestSite, shape: &Shape, payload: &str) -> Value {
    let mut map = serde_json::Map::new();
    for field in shape.fields {
        if let Some(v) = value(site, field, payload) {
            map.insert(field.key.to_string(), v);
        }
    }
    Value::Object(map)
}

fn value(site: &TestSite, field: &Field, payload: &str) -> Option<Value> {
    Some(match (&field.ty, field.key) {
        (_, "language") => json!("zh-CN"),
        (_, "expires") => json!("2099-12-31"),
        (_, "allow_raw_html" | "theme" | "fonts" | "profile" | "pdf_standard" | "boards_by") => {
            return None;
        }
        (Type::Text | Type::Markdown | Type::BoolOrText, _) => json!(payload),
        (Type::TextList, "topics") => return None,
        (Type::TextList, _) => json!([payload, payload]),
        (Type::Labelled, _) => json!([{"label": payload, "text": payload}, payload]),
        (Type::InfoTable, _) => json!({ format!("{payload}栏"): payload }),
        (Type::Count | Type::Order, _) => json!(1),
        (Type::Amount, _) => json!("10-20"),
        (Type::TimeLimit, _) => json!("5个工作日"),
        (Type::Date, _) => json!("2026-06-01"),
        (Type::Url, _) => json!("https://example.gov.cn/x/"),
        (Type::Choice(_), "case_type") => json!("promised"),
        (Type::Path, "photo") => {
            site.write_bytes("content/photos/p.jpg", &super::tiny_jpeg());
            json!("photos/p.jpg")
        }
        (Type::Path, _) => {
            site.write_bytes("content/forms/f.pdf", b"%PDF-1.4\n%%EOF\n");
            json!("forms/f.pdf")
        }
        (Type::Fees, _) => json!([record(site, &spec::FEE, payload)]),
        (Type::Ref("window"), _) => json!(WINDOW_ID),
        (Type::Ref("staff"), _) => json!(STAFF_ID),
        (Type::RefList("rule"), _) => json!([RULE_ID]),
        (Type::Object(inner), _) => record(site, inner, payload),
        (Type::List(inner), _) => json!([record(site, inner, payload)]),
        // Choices, booleans, topics and print settings keep their defaults.
        _ => return None,
    })
}

/// Asserts that nothing under `out` carries the payload as markup: no element or attribute
/// named `gsx…`, no raw `<gsx` in an HTML, XML or SVG file, every JSON-LD
/// block and JSON file still parses, no inline script or style mentions the payload, and no
/// link, image or form points at a `javascript:`, `vbscript:` or `data:` URL.
pub fn assert_only_text(out: &Path) {
    let any = Selector::parse("*").expect("selector");
    let mut pages = 0;
    for entry in walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(Result::ok)
    {
        let path = entry.path();
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        let shown = path.display();
        match ext {
            "html" | "xml" | "svg" => {
                let raw = std::fs::read_to_string(path).expect("read");
                // Escaped text never holds a raw `<`; quotes may stay raw in text nodes, so
                // attribute breaks are looked for in the parsed page below.
                assert!(!raw.contains("<gsx"), "{shown} contains a raw `<gsx`");
                if ext != "html" {
                    continue;
                }
                pages += 1;
                let doc = Html::parse_document(&raw);
                for e in doc.select(&any) {
                    let el = e.value();
                    assert!(
                        !el.name().contains("gsx"),
                        "{shown}: element <{}>",
                        el.name()
                    );
                    for (name, value) in el.attrs() {
                        assert!(!name.contains("gsx"), "{shown}: attribute {name}");
                        assert!(
                            !name.starts_with("on"),
                            "{shown}: event handler {name}={value}"
                        );
                        if matches!(name, "href" | "src" | "action" | "formaction") {
                            let url: String = value
                                .chars()
                                .filter(|c| !c.is_whitespace() && !c.is_control())
                                .collect::<String>()
                                .to_ascii_lowercase();
                            for scheme in ["javascript:", "vbscript:", "data:"] {
                                assert!(!url.starts_with(scheme), "{shown}: {name}={value}");
                            }
                        }
                    }
                    if matches!(el.name(), "script" | "style") {
                        let text: String = e.text().collect();
                        if el.attr("type") == Some("application/ld+json") {
                            serde_json::from_str::<Value>(&text).unwrap_or_else(|err| {
                                panic!("{shown}: JSON-LD does not parse ({err}): {text}")
                            });
                        } else {
                            assert!(!text.contains("gsx"), "{shown}: payload in <{}>", el.name());
                        }
                    }
                }
            }
            "json" => {
                let raw = std::fs::read_to_string(path).expect("read");
                serde_json::from_str::<Value>(&raw)
                    .unwrap_or_else(|err| panic!("{shown} does not parse: {err}"));
            }
            _ => {}
        }
    }
    assert!(pages > 0, "no pages under {}", out.display());
}

/// The visible text of the page at `rel` under `out` (text nodes outside scripts and styles).
pub fn page_text(out: &Path, rel: &str) -> String {
    let raw = std::fs::read_to_string(out.join(rel)).expect("page");
    let doc = Html::parse_document(&raw);
    let mut text = String::new();
    for node in doc.tree.nodes() {
        if let Node::Text(t) = node.value() {
            let hidden = node.ancestors().any(|a| {
                a.value()
                    .as_element()
                    .is_some_and(|e| matches!(e.name(), "script" | "style" | "title"))
            });
            if !hidden {
                text.push_str(t);
            }
        }
    }
    text
}
