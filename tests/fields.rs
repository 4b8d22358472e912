//! Every field shown somewhere: walks the field tables of `src/content/spec.rs`, fills every
//! key of every record with a value found nowhere else, builds the site (web and print) and
//! looks for each value on the pages (visible text, or the link for addresses and files) or
//! in the text of the PDFs. Keys listed in `spec::DATA_ONLY` are exempt; nothing else is.

mod common;

use std::path::Path;

use common::*;
use gongshi::content::Vocabulary;
use gongshi::content::kind::Kind;
use gongshi::content::spec::{self, DataOnly, Field, Shape, Type};
use scraper::{Html, Node, Selector};
use serde_json::{Value, json};

/// What one key is filled with and what the output must then contain.
struct Expect {
    /// `shape.key` path, for messages (`item.materials.note`).
    path: String,
    /// Addresses and files are looked for in links, everything else in the text.
    in_links: bool,
    /// The text to find (white space ignored).
    shows: String,
}

/// Fills records and remembers what each filled key must show.
struct Filler<'a> {
    n: usize,
    expect: Vec<Expect>,
    /// Values of data-only keys: written only where people do not read them (JSON-LD).
    data_only: Vec<String>,
    site: &'a TestSite,
}

/// The ids and names of the records other records refer to.
const WINDOW_ID: &str = "win";
const STAFF_ID: &str = "chief";
const RULE_ID: &str = "rule";
/// The site's topic vocabulary, which the item's topics come from.
const TOPICS: [&str; 2] = ["TokTopicAq", "TokTopicBq"];

impl Filler<'_> {
    /// A token found nowhere else in the output.
    fn token(&mut self) -> String {
        self.n += 1;
        format!("Tok{:03}q", self.n)
    }

    /// A number found nowhere else in the output.
    fn number(&mut self) -> u64 {
        self.n += 1;
        70_000 + self.n as u64
    }

    fn expect(&mut self, path: &str, in_links: bool, shows: impl Into<String>) {
        self.expect.push(Expect {
            path: path.to_string(),
            in_links,
            shows: shows.into(),
        });
    }

    /// Every key of `shape` filled; `path` names the record in messages.
    fn record(&mut self, shape: &Shape, path: &str) -> Value {
        let mut map = serde_json::Map::new();
        for field in shape.fields {
            let path = format!("{path}.{}", field.key);
            if let Some(v) = self.value(shape, field, &path) {
                map.insert(field.key.to_string(), v);
            }
        }
        Value::Object(map)
    }

    /// The value of one key (`None`: left out), its expectation recorded.
    fn value(&mut self, shape: &Shape, field: &Field, path: &str) -> Option<Value> {
        let data_only = DataOnly::contains(shape, field.key);
        let v = match (&field.ty, field.key) {
            // Data-only keys get a valid value that changes nothing the test relies on.
            _ if data_only => match field.key {
                "language" => json!("zh-CN"),
                "stale_after_months" => json!(12),
                "profile" | "sheets" | "fonts" | "theme" | "allow_raw_html" | "publish" => {
                    return None;
                }
                // Print choices and what only a QR code or the print order carries.
                "pdf_standard" | "boards_by" | "order" | "poster" | "evaluation_url" => {
                    return None;
                }
                "expires" => json!("2099-12-31"),
                _ => match field.ty {
                    Type::Order => json!(1),
                    _ => {
                        let t = self.token();
                        self.data_only.push(t.clone());
                        json!(t)
                    }
                },
            },
            (Type::Text | Type::Markdown | Type::BoolOrText, _) => {
                let t = self.token();
                self.expect(path, false, &t);
                json!(t)
            }
            // The site declares two topics for both audiences; the item files itself under
            // both of them, and serves both audiences.
            (Type::TopicLists, "topics") => {
                self.expect(path, false, TOPICS[0]);
                self.expect(path, false, TOPICS[1]);
                json!(TOPICS)
            }
            (Type::TextList, "topics") => {
                self.expect(path, false, format!("{}；{}", TOPICS[0], TOPICS[1]));
                json!(TOPICS)
            }
            (Type::ChoiceList(_), "audience") => {
                self.expect(path, false, "自然人；法人");
                json!(["自然人", "法人"])
            }
            (Type::TextList, _) => {
                let (a, b) = (self.token(), self.token());
                self.expect(path, false, &a);
                self.expect(path, false, &b);
                json!([a, b])
            }
            (Type::Labelled, _) => {
                // A labelled entry and a plain one: labels and texts are all shown.
                let (label, a, b) = (self.token(), self.token(), self.token());
                for t in [&label, &a, &b] {
                    self.expect(path, false, t);
                }
                json!([{"label": label, "text": a}, b])
            }
            (Type::InfoTable, _) => {
                let (label, text) = (self.token(), self.token());
                self.expect(path, false, &label);
                self.expect(path, false, &text);
                json!({ label: text })
            }
            (Type::Count, _) => {
                let n = self.number();
                self.expect(path, false, n.to_string());
                json!(n)
            }
            (Type::Amount, _) => {
                let n = self.number();
                self.expect(path, false, n.to_string());
                json!(n)
            }
            (Type::TimeLimit, _) => {
                // Later limits are shorter: the promised limit may not exceed the legal one.
                self.n += 1;
                let n = 90_000 - self.n;
                self.expect(path, false, format!("{n}个工作日"));
                json!(format!("{n}个工作日"))
            }
            (Type::Date, _) => {
                // Dates of the change record are older than the guide's own date, so both
                // are shown (the guide's 最后更新 is the newer of them).
                self.n += 1;
                let month = if path.contains("changes") { 1 } else { 6 };
                let date = format!("2026-{month:02}-{:02}", self.n % 28 + 1);
                self.expect(path, false, &date);
                json!(date)
            }
            (Type::Url, "base_url") => {
                self.expect(path, true, "https://example.gov.cn/center/");
                json!("https://example.gov.cn/center/")
            }
            (Type::Url, _) => {
                let url = format!("https://example.gov.cn/{}/", self.token());
                self.expect(path, true, &url);
                json!(url)
            }
            (Type::Path, "photo") => {
                let t = self.token();
                self.site
                    .write_bytes(&format!("content/photos/{t}.jpg"), &tiny_jpeg());
                self.expect(path, true, &t);
                json!(format!("photos/{t}.jpg"))
            }
            (Type::Path, _) => {
                let t = self.token();
                self.site
                    .write_bytes(&format!("content/forms/{t}.pdf"), b"%PDF-1.4\n%%EOF\n");
                self.expect(path, true, &t);
                json!(format!("forms/{t}.pdf"))
            }
            (Type::Bool, "party_member") => {
                self.expect(path, false, "党员");
                json!(true)
            }
            (Type::Bool, "reducible") => {
                self.expect(path, false, "可否减免：是");
                json!(true)
            }
            (Type::Bool, "counts_toward_limit") => {
                self.expect(path, false, "计入办结时限：否");
                json!(false)
            }
            (Type::Choice(_), "case_type") => {
                self.expect(path, false, "承诺件");
                json!("promised")
            }
            (Type::Fees, _) => json!([self.record(&spec::FEE, path)]),
            (Type::Ref("window"), _) => json!(WINDOW_ID),
            (Type::Ref("staff"), _) => json!(STAFF_ID),
            (Type::RefList("rule"), _) => json!([RULE_ID]),
            (Type::Object(shape), _) => self.record(shape, path),
            (Type::List(shape), _) => json!([self.record(shape, path)]),
            (ty, key) => panic!(
                "{path}: the field-coverage test does not know how to fill a {ty:?} ({key}); \
                 teach it, or list the key in spec::DATA_ONLY"
            ),
        };
        Some(v)
    }
}

/// The shape of each record file and the file it is written to.
fn record_file(kind: Kind) -> (&'static str, &'static str) {
    match kind {
        Kind::Window => ("windows", WINDOW_ID),
        Kind::Item => ("items", "item"),
        Kind::Staff => ("staff", STAFF_ID),
        Kind::Rule => ("rules", RULE_ID),
        Kind::Notice => ("notices", "notice"),
        Kind::Page => ("pages", "page"),
    }
}

/// Visible text of the HTML pages (not scripts or styles), and their link targets.
fn web_output(out: &Path) -> (String, String) {
    let mut text = String::new();
    let mut links = String::new();
    let body = Selector::parse("body").expect("selector");
    let linked = Selector::parse("[href], [src]").expect("selector");
    for entry in walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(Result::ok)
    {
        let path = entry.path();
        if path.extension().is_none_or(|x| x != "html") {
            continue;
        }
        let doc = Html::parse_document(&std::fs::read_to_string(path).expect("read page"));
        for b in doc.select(&body) {
            for node in b.descendants() {
                if let Node::Text(t) = node.value() {
                    let hidden = node.ancestors().any(|a| {
                        a.value()
                            .as_element()
                            .is_some_and(|e| matches!(e.name(), "script" | "style"))
                    });
                    if !hidden {
                        text.push_str(t);
                        text.push('\n');
                    }
                }
            }
        }
        for e in doc.select(&linked) {
            for attr in ["href", "src"] {
                if let Some(v) = e.value().attr(attr) {
                    links.push_str(v);
                    links.push('\n');
                }
            }
        }
    }
    (text, links)
}

/// The text of every PDF under `out`, white space removed.
fn print_text(out: &Path) -> String {
    walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "pdf"))
        .filter(|e| !e.path().starts_with(out.join("files")))
        .map(|e| pdf_text(e.path()))
        .collect()
}

#[test]
fn every_field_the_loader_reads_is_shown_on_a_page_or_a_sheet() {
    let site = TestSite::new();
    // Only the records written below: the helper site's own would hide a missing value.
    site.remove_records();
    let mut fill = Filler {
        n: 0,
        expect: Vec::new(),
        data_only: Vec::new(),
        site: &site,
    };
    let config = fill.record(&spec::SITE, "site");
    site.write(
        "site.yaml",
        &serde_json::to_string_pretty(&config).expect("json"),
    );
    for kind in Kind::ALL.iter().copied() {
        let (folder, id) = record_file(kind);
        let record = fill.record(kind.shape(), folder);
        let json = serde_json::to_string_pretty(&record).expect("json");
        if kind.is_markdown() {
            let body = fill.token();
            fill.expect(&format!("{folder} body"), false, &body);
            site.write(
                &format!("content/{folder}/{id}.md"),
                &format!("---\n{json}\n---\n{body}\n"),
            );
        } else {
            site.write(&format!("content/{folder}/{id}.yaml"), &json);
        }
    }
    let (code, diags) = site.check(&[]);
    assert_eq!(code, 0, "the filled site is valid: {diags:#?}");

    let dir = tempfile::tempdir().expect("temp");
    let out = dir.path().join("public");
    build_site(site.path(), &out);
    let (text, links) = web_output(&out);
    let squeeze = |s: &str| s.split_whitespace().collect::<String>();
    let print = print_text(&out);
    assert!(print.contains("Tok"), "the PDFs were read: {}", print.len());
    let text = squeeze(&text) + &print;
    let missing: Vec<String> = fill
        .expect
        .iter()
        .filter(|e| {
            let haystack = if e.in_links { &links } else { &text };
            !haystack.contains(&squeeze(&e.shows))
        })
        .map(|e| format!("{} ({})", e.path, e.shows))
        .collect();
    assert!(
        missing.is_empty(),
        "keys whose value is shown nowhere (show them, or list them in spec::DATA_ONLY \
         and docs/content-format.md): {missing:#?}"
    );
    // The test can fail: the area (服务区域) is in every item's JSON-LD, which is no text
    // people read, and it is not found.
    assert!(!fill.data_only.is_empty());
    for value in &fill.data_only {
        assert!(!text.contains(value.as_str()), "{value} is shown");
    }
    assert!(
        fill.expect.len() > 100,
        "{} values looked for",
        fill.expect.len()
    );
}
