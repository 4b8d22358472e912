//! `site.yaml`: the site's title, public address, language, the center's facts that windows
//! and items inherit, print settings and options.

use std::collections::BTreeMap;

use crate::content::model::LabelledTexts;
use crate::content::pdf_standard::PdfStandard;
use crate::content::product::{BoardSplit, Product};
use crate::content::profile::Profile;
use crate::content::reader::{Reader, is_http_url};
use crate::content::spec::{self, Shape};
use crate::content::topics::{Audience, Topics, split_words};
use crate::content::vocabulary::{self, Vocabulary};
use crate::content::yaml::{Node, Pos, Value};
use crate::diag::{Diagnostic, Lang};
use crate::msg;

/// The parsed `site.yaml`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Config {
    /// Site title.
    pub title: String,
    /// Public address, always ending in `/`.
    pub base_url: String,
    /// The site language; messages and UI labels follow it.
    pub language: Lang,
    /// One sentence about the center.
    pub description: Option<String>,
    /// Theme folder name under the site's `themes/`.
    pub theme: Option<String>,
    /// The topic vocabulary of the 个人办事/法人办事 pages (the national lists by default).
    pub topics: Topics,
    /// Facts inherited by windows and items.
    pub center: Center,
    /// How the sheets are printed (offset unless site.yaml says otherwise).
    pub print_profile: Profile,
    /// Sheet per product, as written (`A3 landscape`, `600x900mm`), with its position.
    pub print_sheets: BTreeMap<Product, (String, Pos)>,
    /// `print.fonts` as written (`bundled`, `system`, a folder or a family), with its
    /// position; the print stage resolves it.
    pub print_fonts: Option<(String, Pos)>,
    /// The PDF standard the sheets conform to (PDF/A-2b, PDF/UA-1), if any.
    pub pdf_standard: Option<PdfStandard>,
    /// How the center-wide boards are split (one for the center, per department or floor).
    pub boards_by: BoardSplit,
    /// What the print shop is asked for, per product (印刷清单): quantity, material, finish.
    pub print_order: BTreeMap<Product, OrderLine>,
    /// Pass raw HTML in Markdown through.
    pub allow_raw_html: bool,
    /// `audit.publish`: the self-audit report goes into the built site.
    pub publish_audit: bool,
    /// The administrative area the center serves (structured data's areaServed).
    pub area: Option<String>,
    /// The marks a government site carries in its footer and meta tags.
    pub marks: SiteMarks,
    /// Where the 纠错 link of every page goes (http(s)).
    pub correction_url: Option<String>,
    /// `check --strict` reports guides older than this many months; `None` = the default.
    pub stale_after_months: Option<u32>,
}

impl Config {
    /// Months after which `check --strict` calls a guide stale when site.yaml says nothing.
    pub const DEFAULT_STALE_MONTHS: u32 = 12;

    /// The staleness age in months; 0 means never.
    pub fn stale_months(&self) -> u32 {
        self.stale_after_months
            .unwrap_or(Self::DEFAULT_STALE_MONTHS)
    }
}

/// The marks of a government site (主办单位, 网站标识码, ICP 备案号, 公安备案号, 党政机关标识,
/// contact and hotline), as written in site.yaml.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SiteMarks {
    /// 主办单位.
    pub sponsor: Option<String>,
    /// 承办单位.
    pub organizer: Option<String>,
    /// 网站标识码.
    pub site_id_code: Option<String>,
    /// ICP备案号.
    pub icp: Option<String>,
    /// 公安备案号.
    pub police_record: Option<String>,
    /// 党政机关标识: the verification URL of the badge.
    pub conac_url: Option<String>,
    /// 联系我们.
    pub contact: Option<String>,
    /// 服务热线.
    pub hotline: Option<String>,
}

/// The center's facts (服务中心).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Center {
    /// Name when it differs from the title.
    pub name: Option<String>,
    /// Street address (or several labelled addresses).
    pub address: Option<LabelledTexts>,
    /// Opening hours.
    pub hours: Option<LabelledTexts>,
    /// Consultation phone.
    pub phone: Option<LabelledTexts>,
    /// Complaint phone.
    pub complaint_phone: Option<String>,
    /// Where citizens rate the service (好差评), printed as the QR code of the 服务评价
    /// placards; a window may name its own.
    pub evaluation_url: Option<String>,
}

/// The print order of one product (site.yaml `print.order.<product>`); what is left out
/// takes the product's default.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct OrderLine {
    /// Copies of each sheet.
    pub quantity: Option<u32>,
    /// What it is printed on (`KT板覆膜`, `80g 胶版纸`).
    pub material: Option<String>,
    /// Finishing (`覆哑膜`, `裁切`).
    pub finish: Option<String>,
}

/// Reads `site.yaml` from its tree; problems go to the reader.
pub fn read(node: &Node, r: &mut Reader) -> Config {
    let s = &spec::SITE;
    let Some(rec) = r.mapping(node, s) else {
        return Config::default();
    };
    let mut config = Config {
        title: r.text(&rec, "title", s).unwrap_or_default(),
        description: r.text(&rec, "description", s),
        theme: r.text(&rec, "theme", s),
        area: r.text(&rec, "area", s),
        marks: SiteMarks {
            sponsor: r.text(&rec, "sponsor", s),
            organizer: r.text(&rec, "organizer", s),
            site_id_code: r.text(&rec, "site_id_code", s),
            icp: r.text(&rec, "icp", s),
            police_record: r.text(&rec, "police_record", s),
            conac_url: r.url(&rec, "conac_url", s).map(|(u, _)| u),
            contact: r.text(&rec, "contact", s),
            hotline: r.text(&rec, "hotline", s),
        },
        correction_url: r.url(&rec, "correction_url", s).map(|(u, _)| u),
        stale_after_months: r.count(&rec, "stale_after_months", s),
        ..Config::default()
    };
    if let Some((url, pos)) = r.text_at(&rec, "base_url", s) {
        if is_http_url(&url) {
            config.base_url = if url.ends_with('/') {
                url
            } else {
                format!("{url}/")
            };
        } else {
            r.diags.push(Diagnostic::error(
                "E019",
                r.at(pos),
                msg!(
                    "`{url}` is not an http(s) address",
                    "“{url}”不是 http(s) 网址",
                    "「{url}」不是 http(s) 網址"
                ),
            ));
        }
    }
    if let Some((tag, pos)) = r.text_at(&rec, "language", s) {
        match Lang::parse(&tag) {
            Some(lang) => config.language = lang,
            None => {
                let (en_list, zh_list) = (
                    vocabulary::listing::<Lang>(", "),
                    vocabulary::listing::<Lang>("、"),
                );
                r.diags.push(
                    Diagnostic::error(
                        "E023",
                        r.at(pos),
                        msg!(
                            "unknown language `{tag}`",
                            "不支持的语言“{tag}”",
                            "不支援的語言「{tag}」"
                        ),
                    )
                    .with_help(msg!(
                        "use {en_list}",
                        "请使用 {zh_list}",
                        "請使用 {zh_list}"
                    )),
                )
            }
        }
    }
    if let Some(node) = rec.get("topics") {
        config.topics = read_topics(node, r);
    }
    if let Some(node) = rec.get("center")
        && let Some(c) = r.mapping(node, &spec::CENTER)
    {
        let cs = &spec::CENTER;
        config.center = Center {
            name: r.text(&c, "name", cs),
            address: r.labelled(&c, "address", cs),
            hours: r.labelled(&c, "hours", cs),
            phone: r.labelled(&c, "phone", cs),
            complaint_phone: r.text(&c, "complaint_phone", cs),
            evaluation_url: r.url(&c, "evaluation_url", cs).map(|(u, _)| u),
        };
    }
    if let Some(node) = rec.get("print")
        && let Some(p) = r.mapping(node, &spec::PRINT)
    {
        read_print(&p, r, &mut config);
    }
    if let Some(node) = rec.get("markdown")
        && let Some(m) = r.mapping(node, &spec::MARKDOWN)
    {
        config.allow_raw_html = r
            .boolean(&m, "allow_raw_html", &spec::MARKDOWN)
            .unwrap_or(false);
    }
    if let Some(node) = rec.get("audit")
        && let Some(a) = r.mapping(node, &spec::AUDIT)
    {
        config.publish_audit = r.boolean(&a, "publish", &spec::AUDIT).unwrap_or(false);
    }
    config
}

/// `topics`: one list for both audiences, or a mapping from audience (自然人, 法人) to its
/// list. A list may also be one text with the topics separated by `、` or commas.
fn read_topics(node: &Node, r: &mut Reader) -> Topics {
    fn words(node: &Node, r: &mut Reader) -> Vec<String> {
        let texts: Vec<String> = match &node.value {
            Value::Seq(items) => items
                .iter()
                .filter_map(|n| match n.as_text() {
                    Some(t) => Some(t.into_owned()),
                    None => {
                        r.wrong_type_for(n, "topics", &spec::SITE);
                        None
                    }
                })
                .collect(),
            _ => match node.as_text() {
                Some(t) => vec![t.into_owned()],
                None => {
                    r.wrong_type_for(node, "topics", &spec::SITE);
                    Vec::new()
                }
            },
        };
        texts
            .iter()
            .flat_map(|t| split_words(t).map(str::to_string).collect::<Vec<_>>())
            .collect()
    }
    let Value::Map(entries) = &node.value else {
        let list = words(node, r);
        return Topics::declared(list.clone(), list);
    };
    let mut lists: [Vec<String>; 2] = Default::default();
    for (key, value) in entries {
        let name = key.as_text().unwrap_or_default();
        match Audience::parse(&name) {
            Some(a) => lists[a.index()].extend(words(value, r)),
            None => r.diags.push(
                Diagnostic::error(
                    "E023",
                    r.at(key.pos),
                    msg!(
                        "`{name}` is not an audience",
                        "“{name}”不是有效的服务对象",
                        "「{name}」不是有效的服務對象"
                    ),
                )
                .with_help(msg!(
                    "list the topics under 自然人 and 法人 (person, legal-person)",
                    "请在“自然人”和“法人”下分别列出主题",
                    "請在「自然人」和「法人」下分別列出主題"
                )),
            ),
        }
    }
    let [person, legal_person] = lists;
    Topics::declared(person, legal_person)
}

fn read_print(p: &crate::content::reader::Mapping, r: &mut Reader, config: &mut Config) {
    let ps: &Shape = &spec::PRINT;
    if let Some((profile, pos)) = r.text_at(p, "profile", ps) {
        match Profile::parse(&profile) {
            Some(known) => config.print_profile = known,
            None => {
                let known = vocabulary::listing::<Profile>(" or ");
                r.diags.push(
                    Diagnostic::error(
                        "E023",
                        r.at(pos),
                        msg!(
                            "unknown print profile `{profile}`",
                            "未知的印刷方式“{profile}”",
                            "未知的印刷方式「{profile}」"
                        ),
                    )
                    .with_help(msg!(
                        "use {known}",
                        "请使用 offset（胶印）或 large-format（喷绘）",
                        "請使用 offset（膠印）或 large-format（噴繪）"
                    )),
                )
            }
        }
    }
    config.print_fonts = r.text_at(p, "fonts", ps);
    if let Some(standard) = choice::<PdfStandard>(p, "pdf_standard", r) {
        config.pdf_standard = Some(standard);
    }
    if let Some(split) = choice::<BoardSplit>(p, "boards_by", r) {
        config.boards_by = split;
    }
    if let Some(order) = p.get("order") {
        for (product, value) in product_map(order, r) {
            let Some(line) = r.mapping(value, &spec::ORDER_LINE) else {
                continue;
            };
            let os = &spec::ORDER_LINE;
            config.print_order.insert(
                product,
                OrderLine {
                    quantity: r.count(&line, "quantity", os),
                    material: r.text(&line, "material", os),
                    finish: r.text(&line, "finish", os),
                },
            );
        }
    }
    let Some(sheets) = p.get("sheets") else {
        return;
    };
    if !matches!(sheets.value, Value::Map(_)) {
        if let Some(f) = spec::PRINT.field("sheets") {
            let help = crate::content::reader::accepted_forms(f, &sheets.value);
            r.wrong_type_with(
                sheets,
                "a mapping of product: sheet",
                "“印刷品: 纸张”映射",
                help,
            );
        }
        return;
    }
    for (product, value) in product_map(sheets, r) {
        match value.as_text() {
            Some(sheet) => {
                config
                    .print_sheets
                    .insert(product, (sheet.into_owned(), value.pos));
            }
            None => r.wrong_type_with(
                value,
                "a sheet size like A3 or 600x900mm",
                "纸张尺寸（如 A3 或 600x900mm）",
                msg!(
                    "write A0–A5 or a size like 600x900mm, optionally followed by `landscape`",
                    "请写 A0–A5，或“宽x高mm”（如 600x900mm），可加 landscape 表示横放",
                    "請寫 A0–A5，或「寬x高mm」（如 600x900mm），可加 landscape 表示橫放"
                ),
            ),
        }
    }
}

/// One word of the vocabulary `T` under `key`; an unknown word is E023 listing the known ones.
fn choice<T: Vocabulary>(
    p: &crate::content::reader::Mapping,
    key: &str,
    r: &mut Reader,
) -> Option<T> {
    let (word, pos) = r.text_at(p, key, &spec::PRINT)?;
    if let Some(value) = T::parse(&word) {
        return Some(value);
    }
    let known = vocabulary::listing::<T>(", ");
    r.diags.push(
        Diagnostic::error(
            "E023",
            r.at(pos),
            msg!(
                "`{word}` is not one of the values of `{key}`",
                "“{word}”不是“{key}”的可选值",
                "「{word}」不是「{key}」的可選值"
            ),
        )
        .with_help(msg!("use {known}", "请使用 {known}", "請使用 {known}")),
    );
    None
}

/// The entries of a mapping keyed by print product (`print.sheets`, `print.order`); unknown
/// products are E004 and left out.
fn product_map<'n>(node: &'n Node, r: &mut Reader) -> Vec<(Product, &'n Node)> {
    let Value::Map(entries) = &node.value else {
        r.wrong_type_with(
            node,
            "a mapping of product: value",
            "“印刷品: 值”映射",
            msg!(
                "write indented `product:` lines, e.g. `handout:`",
                "请写缩进的“印刷品:”行，如“handout:”",
                "請寫縮排的「印刷品:」行，如「handout:」"
            ),
        );
        return Vec::new();
    };
    let mut out = Vec::new();
    for (key, value) in entries {
        let name = key.as_text().unwrap_or_default();
        match Product::parse(&name) {
            Some(product) => out.push((product, value)),
            None => {
                let known = vocabulary::listing::<Product>(", ");
                r.diags.push(
                    Diagnostic::error(
                        "E004",
                        r.at(key.pos),
                        msg!(
                            "unknown print product `{name}`",
                            "未知的印刷品“{name}”",
                            "未知的印刷品「{name}」"
                        ),
                    )
                    .with_help(msg!(
                        "known products: {known}",
                        "可用的印刷品：{known}",
                        "可用的印刷品：{known}"
                    )),
                );
            }
        }
    }
    out
}
