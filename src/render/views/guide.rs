//! The view of one item's 办事指南 page (the template's `guide`): key facts worded in the site
//! language, whom it serves and its topics, fees, materials, procedure (an ordered list the
//! theme draws as a flowchart), the optional 实施清单 fields, downloads, FAQ and the QR code
//! of the page's public address (a small PNG beside the page).

use serde::Serialize;

use super::{FactsView, ItemSummary, Link, ViewCtx, item_summary, safe_url};
use crate::content::{Asset, Fees, Item, Site};
use crate::present::Wording;
use crate::routes::{self, Route};

/// A fee on the guide.
#[derive(Serialize)]
pub struct FeeView<'a> {
    /// Name.
    pub name: &'a str,
    /// Amount with unit (`80 元/件`); none when the fee states no amount.
    pub amount: Option<String>,
    /// Basis: every document, in the order written.
    pub basis: &'a [String],
    /// Reducible ("yes"/"no" label).
    pub reducible: Option<String>,
    /// Reduction basis.
    pub reduction_basis: Option<&'a str>,
}

/// A downloadable file.
#[derive(Serialize)]
pub struct FileLink {
    /// URL from the root.
    pub url: String,
    /// Link text.
    pub text: String,
}

/// One material row.
#[derive(Serialize)]
pub struct MaterialView<'a> {
    /// Row number.
    pub n: usize,
    /// Name.
    pub name: &'a str,
    /// 原件 count, or "—" when the source does not state it.
    pub original: String,
    /// 复印件 count, or "—".
    pub copy: String,
    /// Required: label or condition.
    pub required: String,
    /// True when always required.
    pub always: bool,
    /// Source.
    pub source: Option<&'a str>,
    /// Note, form, spec, instructions, basis, each labelled.
    pub notes: Vec<String>,
    /// Downloads (blank form, template, sample).
    pub files: Vec<FileLink>,
}

/// A procedure step.
#[derive(Serialize)]
pub struct StepView<'a> {
    /// Name.
    pub name: &'a str,
    /// Actor.
    pub actor: Option<&'a str>,
    /// Limit.
    pub limit: Option<&'a str>,
    /// Actor and limit, labelled as the print guide shows them (see [`Wording::step_meta`]).
    pub meta: String,
    /// Detail.
    pub detail: Option<&'a str>,
}

/// A special step.
#[derive(Serialize)]
pub struct SpecialView<'a> {
    /// Name.
    pub name: &'a str,
    /// Limit.
    pub limit: Option<&'a str>,
    /// Basis.
    pub basis: Option<&'a str>,
    /// Fee.
    pub fee: Option<&'a str>,
    /// Counts toward the limit (label).
    pub counts: Option<String>,
    /// Limit, fee and whether it counts, labelled as the print guide shows them (see
    /// [`Wording::special_step_terms`]).
    pub terms: String,
}

/// One record of the change history.
#[derive(Serialize)]
pub struct ChangeView<'a> {
    /// YYYY-MM-DD.
    pub date: String,
    /// What changed.
    pub note: &'a str,
}

/// A question and its answer.
#[derive(Serialize)]
pub struct FaqView<'a> {
    /// Question.
    pub question: &'a str,
    /// Answer HTML.
    pub answer_html: String,
}

/// The 办事指南 of one item.
#[derive(Serialize)]
pub struct GuideView<'a> {
    /// Id, URL, name, code, kind, case type, promised limit, fee summary and window label,
    /// as in every list of items.
    #[serde(flatten)]
    pub summary: ItemSummary<'a>,
    /// Link to the window's page.
    pub window_link: Option<Link>,
    /// The implementing department: the item's 实施机关, else the window's 实施主体.
    pub department: Option<&'a str>,
    /// Legal limit.
    pub legal: Option<String>,
    /// Note on both limits.
    pub limit_note: Option<&'a str>,
    /// Note on the legal limit.
    pub legal_note: Option<&'a str>,
    /// Note on the promised limit.
    pub promised_note: Option<&'a str>,
    /// Fees are to be confirmed (待核实): "ask at the window".
    pub fees_unstated: bool,
    /// Free of charge.
    pub free: bool,
    /// Fees.
    pub fees: Vec<FeeView<'a>>,
    /// Facts after inheritance.
    pub facts: FactsView,
    /// 到现场次数, as a number.
    pub max_visits: Option<u32>,
    /// 到现场次数, worded (`最多 1 次`).
    pub visits: Option<String>,
    /// Online URL (http(s) only).
    pub online_url: Option<String>,
    /// 办理结果.
    pub result: Option<&'a str>,
    /// Extra (label, value) pairs from the 实施清单 fields (通办范围, 网上办理深度 first).
    pub extra: Vec<(String, &'a str)>,
    /// 其他信息: (label, text) rows in the order written.
    pub other_info: Vec<(&'a str, &'a str)>,
    /// Materials.
    pub materials: Vec<MaterialView<'a>>,
    /// Steps.
    pub procedure: Vec<StepView<'a>>,
    /// Conditions HTML.
    pub conditions_html: Option<String>,
    /// Basis.
    pub basis: &'a [String],
    /// Special steps.
    pub special_steps: Vec<SpecialView<'a>>,
    /// Forms.
    pub forms: Vec<FileLink>,
    /// Result sample.
    pub result_sample: Option<FileLink>,
    /// FAQ.
    pub faq: Vec<FaqView<'a>>,
    /// Body HTML.
    pub body_html: Option<String>,
    /// Updated date (`updated` as written).
    pub updated: Option<String>,
    /// 最后更新: the latest of `updated` and the change history.
    pub last_updated: Option<String>,
    /// 变更记录, newest first.
    pub changes: Vec<ChangeView<'a>>,
    /// The QR code image of the public URL, from the root.
    pub qr: String,
    /// 服务对象: the audiences it serves (自然人, 法人), named.
    pub audience: Vec<String>,
    /// 主题: its topics, each linked to its page under the first audience that lists it.
    pub topics: Vec<Link>,
    /// The public URL.
    pub public_url: String,
}

fn file_link(asset: &Asset, text: String) -> Option<FileLink> {
    routes::file(asset).map(|p| FileLink {
        url: routes::encode(&p),
        text,
    })
}

fn extra<'a>(item: &'a Item, c: &ViewCtx) -> Vec<(String, &'a str)> {
    let x = &item.extra;
    let scope = x.scope.as_ref().map(|s| s.value.as_str());
    let depth = x.online_depth.as_ref().map(|s| s.value.as_str());
    [("scope", scope), ("online_depth", depth)]
        .into_iter()
        .chain(
            [
                ("implementer_nature", &x.implementer_nature),
                ("joint_with", &x.joint_with),
                ("quantity_limit", &x.quantity_limit),
                ("intermediary", &x.intermediary),
                ("handling_form", &x.handling_form),
                ("appointment", &x.appointment),
                ("delivery", &x.delivery),
                ("online_payment", &x.online_payment),
                ("result_type", &x.result_type),
            ]
            .into_iter()
            .map(|(key, value)| (key, value.as_deref())),
        )
        .filter_map(|(key, value)| value.map(|v| (c.label(key), v)))
        .collect()
}

fn materials<'a>(item: &'a Item, c: &ViewCtx) -> Vec<MaterialView<'a>> {
    let w = &c.words;
    item.materials
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let mut notes: Vec<String> = m.note.iter().cloned().collect();
            for (key, value) in [
                ("material_form", &m.form),
                ("material_spec", &m.spec),
                ("material_instructions", &m.instructions),
                ("material_basis", &m.basis),
            ] {
                notes.extend(value.as_deref().map(|v| w.labelled(key, v)));
            }
            let files = [
                (&m.blank, "blank_form"),
                (&m.template, "template_doc"),
                (&m.sample, "sample_doc"),
            ]
            .into_iter()
            .filter_map(|(a, k)| a.as_ref().and_then(|a| file_link(a, c.label(k))))
            .collect();
            MaterialView {
                n: i + 1,
                name: &m.name,
                original: w.count(m.original),
                copy: w.count(m.copy),
                required: w.required(&m.required),
                always: m.required == crate::content::Required::Yes,
                source: m.source.as_deref(),
                notes,
                files,
            }
        })
        .collect()
}

fn fees<'a>(item: &'a Item, w: &Wording) -> Vec<FeeView<'a>> {
    let Some(Fees::List(list)) = &item.fees else {
        return Vec::new();
    };
    list.iter()
        .map(|f| FeeView {
            name: &f.name,
            amount: w.fee_amount(f),
            basis: &f.basis,
            reducible: f.reducible.map(|b| w.yes_no(b)),
            reduction_basis: f.reduction_basis.as_deref(),
        })
        .collect()
}

/// The item's topics, each linked to its page under the first audience the item is served
/// by whose list holds it (a topic that no page lists is named without a link).
fn topic_links(site: &Site, item: &Item) -> Vec<Link> {
    let served = site.served(item);
    let catalog = site.catalog();
    let mut seen = std::collections::HashSet::new();
    item.topics
        .iter()
        .filter(|t| seen.insert(t.value.as_str()))
        .map(|t| {
            let url = served
                .iter()
                .find(|a| catalog.topic(**a, &t.value).is_some())
                .map(|a| Route::Topic(*a, t.value.as_str()).url())
                .unwrap_or_default();
            Link {
                url,
                text: t.value.clone(),
            }
        })
        .collect()
}

/// The guide view of `item`, published at `public_url`.
pub fn guide<'a>(site: &'a Site, item: &'a Item, public_url: String, c: &ViewCtx) -> GuideView<'a> {
    let w = &c.words;
    let window = site.window(&item.window.value);
    let x = &item.extra;
    GuideView {
        summary: item_summary(site, item, c),
        window_link: window.map(|win| Link {
            url: Route::Window(win.source.id.as_str()).url(),
            text: w.window(win),
        }),
        department: site.implementer(item),
        legal: item.time_limit.legal.as_ref().map(|t| w.limit(t.value)),
        limit_note: item.time_limit.note.as_deref(),
        legal_note: item.time_limit.legal_note.as_deref(),
        promised_note: item.time_limit.promised_note.as_deref(),
        fees_unstated: item.fees == Some(Fees::Unstated),
        free: Wording::is_free(item.fees.as_ref()),
        fees: fees(item, w),
        facts: site.facts(item).into(),
        max_visits: item.max_visits,
        visits: item.max_visits.map(|n| w.visits(n)),
        online_url: item.online_url.as_ref().and_then(|u| safe_url(&u.value)),
        result: item.result.as_deref(),
        extra: extra(item, c),
        other_info: item
            .other_info
            .iter()
            .map(|r| (r.label.as_str(), r.text.as_str()))
            .collect(),
        materials: materials(item, c),
        procedure: item
            .procedure
            .iter()
            .map(|s| StepView {
                name: &s.name,
                actor: s.actor.as_deref(),
                limit: s.limit.as_deref(),
                meta: w.step_meta(s),
                detail: s.detail.as_deref(),
            })
            .collect(),
        conditions_html: item.conditions.as_deref().map(|m| c.html(m)),
        basis: &item.basis,
        special_steps: x
            .special_steps
            .iter()
            .map(|s| SpecialView {
                name: &s.name,
                limit: s.limit.as_deref(),
                basis: s.basis.as_deref(),
                fee: s.fee.as_deref(),
                counts: s.counts_toward_limit.map(|b| w.yes_no(b)),
                terms: w.special_step_terms(s),
            })
            .collect(),
        forms: item
            .forms
            .iter()
            .filter_map(|f| file_link(&f.file, f.name.clone()))
            .collect(),
        result_sample: x
            .result_sample
            .as_ref()
            .and_then(|a| file_link(a, c.label("result_sample"))),
        faq: item
            .faq
            .iter()
            .map(|f| FaqView {
                question: &f.question,
                answer_html: c.inline(&f.answer),
            })
            .collect(),
        body_html: item
            .body
            .as_deref()
            .filter(|b| !b.trim().is_empty())
            .map(|b| c.html(b)),
        updated: item.updated.as_ref().map(|d| d.value.to_string()),
        last_updated: item.last_updated().map(|d| d.to_string()),
        changes: item
            .changes_newest_first()
            .into_iter()
            .map(|c| ChangeView {
                date: c.date.value.to_string(),
                note: &c.note,
            })
            .collect(),
        qr: Route::ItemQr(item.source.id.as_str()).url(),
        audience: item
            .audience
            .iter()
            .map(|a| c.label(a.name_key()))
            .collect(),
        topics: topic_links(site, item),
        public_url,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::MarkdownOptions;
    use crate::theme::Theme;

    const ITEM: &str = "name: 不动产转移登记\ncode: BDC-1\nkind: 行政确认\nwindow: w 1\ncase_type: promised\n\
        time_limit:\n  legal: 30日\n  promised: 5个工作日\n  note: 不含公告期\n\
        fees:\n  - name: 登记费\n    amount: 80\n    unit: 件\n    basis: 发改价格规〔2016〕2559号\n    reducible: true\n\
        \x20 - name: 证书工本费\n    amount: 10\n    unit: 元/本\n    basis: 同上\n\
        max_visits: 1\nonline_url: https://zwfw.example.gov.cn/bdc\njoint_with: 税务局\n\
        materials:\n  - name: 身份证\n    original: 1\n    copy: 1\n    spec: A4\n    blank: forms/申请表.pdf\n\
        \x20 - name: 委托书\n    required: 委托他人办理的提供\n\
        procedure:\n  - name: 受理\n    actor: 窗口\n  - name: 登簿\n\
        special_steps:\n  - name: 公告\n    limit: 15日\n    counts_toward_limit: false\n\
        faq:\n  - q: 要本人去吗？\n    a: '**不必**，可以委托。'\n";

    /// Loads a one-item site from files in a temp folder and views its guide in `lang`.
    fn view_of(item: &str, lang: &str, check: impl Fn(&GuideView)) {
        let dir = tempfile::tempdir().expect("temp dir");
        let write = |rel: &str, text: &[u8]| {
            let path = dir.path().join(rel);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(path, text).expect("write");
        };
        write(
            "site.yaml",
            format!("title: 测试中心\nbase_url: https://example.gov.cn/c/\nlanguage: {lang}\n")
                .as_bytes(),
        );
        write(
            "content/windows/w 1.yaml",
            "number: \"3\"\nname: 不动产窗口\ndepartment: 自然资源局\nphone: \"0123\"\n".as_bytes(),
        );
        write("content/items/transfer.yaml", item.as_bytes());
        write("content/forms/申请表.pdf", b"%PDF-1.4\n");
        let loaded = crate::content::load::load(dir.path()).expect("a site");
        let site = loaded.site;
        let labels = Theme::builtin().labels(site.config.language);
        let c = ViewCtx {
            words: Wording::new(site.config.language, &labels),
            md: MarkdownOptions::default(),
        };
        let item = site.item("transfer").expect("the item");
        let url = Route::Item("transfer").public_url(&site.config.base_url);
        check(&guide(&site, item, url, &c));
    }

    #[test]
    fn facts_are_worded_in_the_site_language() {
        view_of(ITEM, "zh-CN", |g| {
            assert_eq!(g.summary.case_type.as_deref(), Some("承诺件"));
            assert_eq!(g.summary.promised.as_deref(), Some("5个工作日"));
            assert_eq!(g.legal.as_deref(), Some("30日"));
            assert_eq!(g.summary.fee, "80 元/件 等 2 项");
            assert_eq!(g.visits.as_deref(), Some("最多 1 次"));
            assert_eq!(g.summary.window.as_deref(), Some("3 号窗口 不动产窗口"));
            assert_eq!(g.department, Some("自然资源局"));
            assert_eq!(g.limit_note, Some("不含公告期"));
        });
        view_of(ITEM, "en", |g| {
            assert_eq!(
                g.summary.case_type.as_deref(),
                Some("Within the promised time")
            );
            assert_eq!(g.summary.promised.as_deref(), Some("5 working days"));
            assert_eq!(g.legal.as_deref(), Some("30 days"));
            assert_eq!(g.visits.as_deref(), Some("at most 1"));
            assert_eq!(g.summary.window.as_deref(), Some("Window 3 不动产窗口"));
        });
        view_of(ITEM, "zh-TW", |g| {
            assert_eq!(g.summary.promised.as_deref(), Some("5個工作日"));
        });
    }

    #[test]
    fn every_fee_keeps_its_amount_unit_and_basis() {
        view_of(ITEM, "zh-CN", |g| {
            assert!(!g.free);
            let fees: Vec<(&str, Option<&str>)> = g
                .fees
                .iter()
                .map(|f| (f.name, f.amount.as_deref()))
                .collect();
            assert_eq!(
                fees,
                [
                    ("登记费", Some("80 元/件")),
                    ("证书工本费", Some("10 元/本"))
                ]
            );
            assert_eq!(g.fees[0].basis, ["发改价格规〔2016〕2559号"]);
            assert_eq!(g.fees[0].reducible.as_deref(), Some("是"));
        });
        let free = ITEM.replace(
            &ITEM[ITEM.find("fees:").expect("fees")..ITEM.find("max_visits").expect("visits")],
            "fees: 不收费\n",
        );
        view_of(&free, "zh-CN", |g| {
            assert!(g.free && g.fees.is_empty());
            assert_eq!(g.summary.fee, "不收费");
        });
    }

    #[test]
    fn links_come_from_the_routes() {
        view_of(ITEM, "zh-CN", |g| {
            assert_eq!(g.summary.url, "items/transfer/");
            let window = g.window_link.as_ref().expect("window link");
            assert_eq!(window.url, "windows/w%201/");
            assert_eq!(g.public_url, "https://example.gov.cn/c/items/transfer/");
            assert_eq!(g.qr, "items/transfer/qr.png");
            let blank = &g.materials[0].files[0];
            assert_eq!(blank.url, "files/forms/%E7%94%B3%E8%AF%B7%E8%A1%A8.pdf");
            assert_eq!(blank.text, "空白表格");
            assert_eq!(
                g.online_url.as_deref(),
                Some("https://zwfw.example.gov.cn/bdc")
            );
        });
    }

    #[test]
    fn materials_steps_and_extras() {
        view_of(ITEM, "zh-CN", |g| {
            let (id, power) = (&g.materials[0], &g.materials[1]);
            assert_eq!((id.required.as_str(), id.always), ("必需", true));
            assert_eq!(id.notes, ["规格：A4"]);
            assert_eq!(
                (power.required.as_str(), power.always),
                ("委托他人办理的提供", false)
            );
            assert_eq!(g.procedure.len(), 2);
            assert_eq!(g.extra, [("联办机构".to_string(), "税务局")]);
            assert_eq!(g.special_steps[0].counts.as_deref(), Some("否"));
            assert_eq!(g.faq[0].answer_html, "<strong>不必</strong>，可以委托。");
        });
    }
}
