//! Small serializable views of the model, one per page, handed to the templates. Each view
//! borrows what it can and holds only what its page shows: the whole site is never cloned.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::content::money::Amount;
use crate::content::timelimit::TimeLimit;
use crate::content::{
    Asset, CaseType, Facts, Fees, Item, Notice, Page, Required, Rule, Site, Staff, Window,
};
use crate::diag::Lang;
use crate::graphics::{FlowStyle, flowchart_svg, qr_svg};
use crate::markdown::{self, MarkdownOptions};

/// Labels of the site language.
pub type Labels = BTreeMap<String, String>;

/// What views need besides the model.
#[derive(Clone, Copy)]
pub struct Ctx<'a> {
    /// Site language.
    pub lang: Lang,
    /// UI labels.
    pub labels: &'a Labels,
    /// Markdown options from site.yaml.
    pub md: MarkdownOptions,
}

impl Ctx<'_> {
    fn label(&self, key: &str) -> String {
        self.labels
            .get(key)
            .cloned()
            .unwrap_or_else(|| key.to_string())
    }

    fn html(&self, md: &str) -> String {
        markdown::to_html(md, self.md)
    }

    fn inline(&self, md: &str) -> String {
        markdown::to_inline_html(md, self.md)
    }
}

/// A time limit in the site language.
pub fn limit_text(tl: TimeLimit, lang: Lang) -> String {
    match lang {
        Lang::ZhCn => tl.zh(),
        Lang::ZhTw => tl.zh().replace('个', "個").replace("即办", "即辦"),
        Lang::En => tl.en(),
    }
}

/// Percent-encodes a relative path for use in `href`/`src` (keeps `/`).
pub fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Only http(s) and mailto/tel addresses are ever put into links from content.
pub fn safe_url(url: &str) -> Option<String> {
    let lower = url.trim().to_ascii_lowercase();
    let ok = ["https://", "http://", "mailto:", "tel:"]
        .iter()
        .any(|p| lower.starts_with(p));
    ok.then(|| url.trim().to_string())
}

/// Where an asset copied from `content/` is published (relative to OUT).
pub fn file_path(asset: &Asset) -> Option<String> {
    asset.resolved.as_ref()?;
    let rel = asset.path.value.trim_start_matches("./").replace('\\', "/");
    let ok = !rel.is_empty()
        && rel
            .split('/')
            .all(|p| !p.is_empty() && p != "." && p != "..");
    ok.then(|| format!("files/{rel}"))
}

/// Where the web-sized version of a photo is published (relative to OUT).
pub fn photo_path(asset: &Asset) -> Option<String> {
    let original = file_path(asset)?;
    let rel = original.strip_prefix("files/")?;
    let stem = match rel.rsplit_once('.') {
        Some((stem, _)) => stem,
        None => rel,
    };
    Some(format!("img/{stem}.jpg"))
}

/// A link to something: relative URL from the site root, and text.
#[derive(Serialize)]
pub struct Link {
    /// URL relative to the site root (prefix it with `root`).
    pub url: String,
    /// Text.
    pub text: String,
}

/// Facts inherited by an item or a window.
#[derive(Serialize)]
pub struct FactsView {
    /// 办理地点.
    pub location: Option<String>,
    /// 办理时间.
    pub hours: Option<String>,
    /// 咨询电话.
    pub phone: Option<String>,
    /// 监督投诉电话.
    pub complaint_phone: Option<String>,
}

impl From<Facts> for FactsView {
    fn from(f: Facts) -> Self {
        FactsView {
            location: f.location,
            hours: f.hours,
            phone: f.phone,
            complaint_phone: f.complaint_phone,
        }
    }
}

/// An item in a list (home, window, search).
#[derive(Serialize)]
pub struct ItemSummary<'a> {
    /// Id.
    pub id: &'a str,
    /// URL from the root.
    pub url: String,
    /// Name.
    pub name: &'a str,
    /// Code.
    pub code: Option<&'a str>,
    /// Kind.
    pub kind: Option<&'a str>,
    /// Case type label.
    pub case_type: Option<String>,
    /// Promised limit.
    pub promised: Option<String>,
    /// Fee summary.
    pub fee: String,
    /// Window number and name.
    pub window: Option<String>,
}

/// A short fee summary: 不收费, one amount, or a range of amounts.
fn fee_summary(fees: Option<&Fees>, c: &Ctx) -> String {
    match fees {
        None => c.label("fees_unknown"),
        Some(Fees::Free) => c.label("free"),
        Some(Fees::List(list)) if list.is_empty() => c.label("free"),
        Some(Fees::List(list)) => {
            let first = &list[0];
            let amount = first
                .amount
                .as_ref()
                .map(|a| amount_text(&a.value, first.unit.as_deref(), c));
            match (amount, list.len()) {
                (Some(a), 1) => a,
                (Some(a), n) => format!(
                    "{a} {}",
                    c.label("fee_more").replace("{n}", &(n - 1).to_string())
                ),
                (None, _) => c.label("fee_see_guide"),
            }
        }
    }
}

fn amount_text(a: &Amount, unit: Option<&str>, c: &Ctx) -> String {
    let unit = unit.map(str::to_string).unwrap_or_else(|| c.label("yuan"));
    if c.lang == Lang::En {
        format!("¥{a} {unit}")
    } else {
        format!("{a} {unit}")
    }
}

fn case_label(ct: CaseType, c: &Ctx) -> String {
    match ct {
        CaseType::Immediate => c.label("case_immediate"),
        CaseType::Promised => c.label("case_promised"),
    }
}

/// Summary of an item for lists.
pub fn item_summary<'a>(site: &'a Site, item: &'a Item, c: &Ctx) -> ItemSummary<'a> {
    ItemSummary {
        id: &item.source.id,
        url: format!("items/{}/", encode_path(&item.source.id)),
        name: &item.name.value,
        code: item.code.as_ref().map(|c| c.value.as_str()),
        kind: item.kind.as_deref(),
        case_type: item.case_type.as_ref().map(|ct| case_label(ct.value, c)),
        promised: item
            .time_limit
            .promised
            .as_ref()
            .map(|t| limit_text(t.value, c.lang)),
        fee: fee_summary(item.fees.as_ref(), c),
        window: site.window(&item.window.value).map(|w| window_label(w, c)),
    }
}

fn window_label(w: &Window, c: &Ctx) -> String {
    c.label("window_no").replace("{n}", &w.number.value) + " " + &w.name.value
}

/// A window in a list.
#[derive(Serialize)]
pub struct WindowSummary<'a> {
    /// Id.
    pub id: &'a str,
    /// URL from the root.
    pub url: String,
    /// Number.
    pub number: &'a str,
    /// "N 号窗口".
    pub number_label: String,
    /// Name.
    pub name: &'a str,
    /// Department.
    pub department: Option<&'a str>,
    /// How many items.
    pub item_count: usize,
}

/// Summary of a window for lists.
pub fn window_summary<'a>(site: &'a Site, w: &'a Window, c: &Ctx) -> WindowSummary<'a> {
    WindowSummary {
        id: &w.source.id,
        url: format!("windows/{}/", encode_path(&w.source.id)),
        number: &w.number.value,
        number_label: c.label("window_no").replace("{n}", &w.number.value),
        name: &w.name.value,
        department: w.department.as_deref(),
        item_count: site.items_of(&w.source.id).count(),
    }
}

/// A staff member's card.
#[derive(Serialize)]
pub struct StaffView<'a> {
    /// Id.
    pub id: &'a str,
    /// Name.
    pub name: &'a str,
    /// Web photo URL from the root.
    pub photo: Option<String>,
    /// 岗位.
    pub post: Option<&'a str>,
    /// 职务.
    pub title: Option<&'a str>,
    /// 工号.
    pub employee_no: Option<&'a str>,
    /// 职责.
    pub duties: Option<&'a str>,
    /// 党员.
    pub party_member: bool,
    /// 承诺.
    pub commitment: Option<&'a str>,
    /// 荣誉.
    pub honors: &'a [String],
    /// Chief representative of the window.
    pub chief: bool,
}

/// A staff card.
pub fn staff_view<'a>(site: &'a Site, s: &'a Staff) -> StaffView<'a> {
    let chief = s
        .window
        .as_ref()
        .and_then(|w| site.window(&w.value))
        .and_then(|w| w.chief.as_ref())
        .is_some_and(|c| c.value == s.source.id);
    StaffView {
        id: &s.source.id,
        name: &s.name.value,
        photo: s
            .photo
            .as_ref()
            .and_then(photo_path)
            .map(|p| encode_path(&p)),
        post: s.post.as_deref(),
        title: s.title.as_deref(),
        employee_no: s.employee_no.as_deref(),
        duties: s.duties.as_deref(),
        party_member: s.party_member,
        commitment: s.commitment.as_deref(),
        honors: &s.honors,
        chief,
    }
}

/// The home page.
#[derive(Serialize)]
pub struct HomeView<'a> {
    /// Windows.
    pub windows: Vec<WindowSummary<'a>>,
    /// Items grouped by kind, groups in first-seen order.
    pub groups: Vec<Group<'a>>,
    /// Latest notices (at most five).
    pub notices: Vec<NoticeSummary<'a>>,
    /// Free pages.
    pub pages: Vec<Link>,
    /// Rules.
    pub rules: Vec<Link>,
}

/// Items of one kind.
#[derive(Serialize)]
pub struct Group<'a> {
    /// Kind (事项类型), or the "other" label.
    pub kind: String,
    /// Items.
    pub items: Vec<ItemSummary<'a>>,
}

/// A notice in a list.
#[derive(Serialize)]
pub struct NoticeSummary<'a> {
    /// URL from the root.
    pub url: String,
    /// Title.
    pub title: &'a str,
    /// Date.
    pub date: Option<String>,
}

/// A notice in a list.
pub fn notice_summary(n: &Notice) -> NoticeSummary<'_> {
    NoticeSummary {
        url: format!("notices/{}/", encode_path(&n.source.id)),
        title: &n.title.value,
        date: n.date.as_ref().map(|d| d.value.to_string()),
    }
}

/// Items grouped by kind.
pub fn groups<'a>(site: &'a Site, c: &Ctx) -> Vec<Group<'a>> {
    let mut groups: Vec<Group> = Vec::new();
    for item in &site.items {
        let kind = item.kind.clone().unwrap_or_else(|| c.label("kind_other"));
        let summary = item_summary(site, item, c);
        match groups.iter_mut().find(|g| g.kind == kind) {
            Some(g) => g.items.push(summary),
            None => groups.push(Group {
                kind,
                items: vec![summary],
            }),
        }
    }
    groups
}

/// The home page view.
pub fn home<'a>(site: &'a Site, c: &Ctx) -> HomeView<'a> {
    HomeView {
        windows: site
            .windows
            .iter()
            .map(|w| window_summary(site, w, c))
            .collect(),
        groups: groups(site, c),
        notices: site.notices.iter().take(5).map(notice_summary).collect(),
        pages: site
            .pages
            .iter()
            .map(|p| Link {
                url: format!("pages/{}/", encode_path(&p.source.id)),
                text: p.title.value.clone(),
            })
            .collect(),
        rules: site.rules.iter().map(rule_link).collect(),
    }
}

fn rule_link(r: &Rule) -> Link {
    Link {
        url: format!("rules/{}/", encode_path(&r.source.id)),
        text: r.title.value.clone(),
    }
}

/// One window's page.
#[derive(Serialize)]
pub struct WindowView<'a> {
    /// Summary.
    pub window: WindowSummary<'a>,
    /// Facts after inheritance.
    pub facts: FactsView,
    /// Commitments.
    pub commitments: &'a [String],
    /// Rules.
    pub rules: Vec<Link>,
    /// Items.
    pub items: Vec<ItemSummary<'a>>,
    /// Staff.
    pub staff: Vec<StaffView<'a>>,
}

/// A window page view.
pub fn window<'a>(site: &'a Site, w: &'a Window, c: &Ctx) -> WindowView<'a> {
    WindowView {
        window: window_summary(site, w, c),
        facts: site.window_facts(w).into(),
        commitments: &w.commitments,
        rules: w
            .rules
            .iter()
            .filter_map(|r| site.rule(&r.value))
            .map(rule_link)
            .collect(),
        items: site
            .items_of(&w.source.id)
            .map(|i| item_summary(site, i, c))
            .collect(),
        staff: site
            .staff_of(&w.source.id)
            .map(|s| staff_view(site, s))
            .collect(),
    }
}

/// The staff board: staff by window, then staff without a window.
#[derive(Serialize)]
pub struct StaffBoard<'a> {
    /// Groups.
    pub groups: Vec<StaffGroup<'a>>,
}

/// Staff of one window.
#[derive(Serialize)]
pub struct StaffGroup<'a> {
    /// Window label ("3 号窗口 企业开办窗口"), or the "other" label.
    pub title: String,
    /// Window URL.
    pub url: Option<String>,
    /// Staff.
    pub staff: Vec<StaffView<'a>>,
}

/// The staff board view.
pub fn staff_board<'a>(site: &'a Site, c: &Ctx) -> StaffBoard<'a> {
    let mut groups: Vec<StaffGroup> = site
        .windows
        .iter()
        .map(|w| StaffGroup {
            title: window_label(w, c),
            url: Some(format!("windows/{}/", encode_path(&w.source.id))),
            staff: site
                .staff_of(&w.source.id)
                .map(|s| staff_view(site, s))
                .collect(),
        })
        .filter(|g| !g.staff.is_empty())
        .collect();
    let others: Vec<StaffView> = site
        .staff
        .iter()
        .filter(|s| {
            s.window
                .as_ref()
                .is_none_or(|w| site.window(&w.value).is_none())
        })
        .map(|s| staff_view(site, s))
        .collect();
    if !others.is_empty() {
        groups.push(StaffGroup {
            title: c.label("staff_other"),
            url: None,
            staff: others,
        });
    }
    StaffBoard { groups }
}

/// A Markdown page (rule, notice, free page).
#[derive(Serialize)]
pub struct ArticleView<'a> {
    /// Title.
    pub title: &'a str,
    /// Date (notices).
    pub date: Option<String>,
    /// Expiry date (notices).
    pub expires: Option<String>,
    /// Body HTML, sanitised by the markdown module.
    pub body_html: String,
}

/// A rule page.
pub fn rule<'a>(r: &'a Rule, c: &Ctx) -> ArticleView<'a> {
    ArticleView {
        title: &r.title.value,
        date: None,
        expires: None,
        body_html: c.html(&r.body),
    }
}

/// A notice page.
pub fn notice<'a>(n: &'a Notice, c: &Ctx) -> ArticleView<'a> {
    ArticleView {
        title: &n.title.value,
        date: n.date.as_ref().map(|d| d.value.to_string()),
        expires: n.expires.as_ref().map(|d| d.value.to_string()),
        body_html: c.html(&n.body),
    }
}

/// A free page.
pub fn page<'a>(p: &'a Page, c: &Ctx) -> ArticleView<'a> {
    ArticleView {
        title: &p.title.value,
        date: None,
        expires: None,
        body_html: c.html(&p.body),
    }
}

/// The notices list.
#[derive(Serialize)]
pub struct NoticesView<'a> {
    /// Notices, newest first.
    pub notices: Vec<NoticeSummary<'a>>,
}

/// The search page: every item, so it works without JavaScript.
#[derive(Serialize)]
pub struct SearchView<'a> {
    /// Items.
    pub items: Vec<ItemSummary<'a>>,
}

/// A fee on the guide.
#[derive(Serialize)]
pub struct FeeView<'a> {
    /// Name.
    pub name: &'a str,
    /// Amount with unit.
    pub amount: Option<String>,
    /// Basis.
    pub basis: Option<&'a str>,
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
    /// 原件.
    pub original: u32,
    /// 复印件.
    pub copy: u32,
    /// Required: label or condition.
    pub required: String,
    /// True when always required.
    pub always: bool,
    /// Source.
    pub source: Option<&'a str>,
    /// Note, form, spec, instructions, basis joined.
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
pub struct ItemView<'a> {
    /// Summary fields.
    pub item: ItemSummary<'a>,
    /// Window link.
    pub window: Option<Link>,
    /// Department.
    pub department: Option<&'a str>,
    /// Legal limit.
    pub legal: Option<String>,
    /// Limit note.
    pub limit_note: Option<&'a str>,
    /// Free of charge.
    pub free: bool,
    /// Fees.
    pub fees: Vec<FeeView<'a>>,
    /// Facts after inheritance.
    pub facts: FactsView,
    /// 到现场次数.
    pub max_visits: Option<u32>,
    /// Online URL (http(s) only).
    pub online_url: Option<String>,
    /// 办理结果.
    pub result: Option<&'a str>,
    /// Extra (label, value) pairs from the 实施清单 fields.
    pub extra: Vec<(String, &'a str)>,
    /// Materials.
    pub materials: Vec<MaterialView<'a>>,
    /// Steps.
    pub procedure: Vec<StepView<'a>>,
    /// Flowchart SVG (our own markup).
    pub flowchart_svg: Option<String>,
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
    /// Updated date.
    pub updated: Option<String>,
    /// QR code SVG of the public URL.
    pub qr_svg: Option<String>,
    /// The public URL.
    pub public_url: String,
}

fn yes_no(b: bool, c: &Ctx) -> String {
    c.label(if b { "yes" } else { "no_answer" })
}

fn file_link(asset: &Asset, text: String) -> Option<FileLink> {
    file_path(asset).map(|p| FileLink {
        url: encode_path(&p),
        text,
    })
}

/// The item guide view.
pub fn item<'a>(site: &'a Site, item: &'a Item, public_url: String, c: &Ctx) -> ItemView<'a> {
    let window = site.window(&item.window.value);
    let x = &item.extra;
    let mut extra: Vec<(String, &str)> = Vec::new();
    for (key, value) in [
        ("implementer_nature", &x.implementer_nature),
        ("joint_with", &x.joint_with),
        ("quantity_limit", &x.quantity_limit),
        ("intermediary", &x.intermediary),
        ("handling_form", &x.handling_form),
        ("appointment", &x.appointment),
        ("delivery", &x.delivery),
        ("online_payment", &x.online_payment),
        ("result_type", &x.result_type),
    ] {
        if let Some(v) = value {
            extra.push((c.label(key), v.as_str()));
        }
    }
    let materials = item
        .materials
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let (required, always) = match &m.required {
                Required::Yes => (c.label("required"), true),
                Required::No => (c.label("optional"), false),
                Required::When(cond) => (cond.clone(), false),
            };
            let mut notes = Vec::new();
            for (key, v) in [
                (None, &m.note),
                (Some("material_form"), &m.form),
                (Some("material_spec"), &m.spec),
                (Some("material_instructions"), &m.instructions),
                (Some("material_basis"), &m.basis),
            ] {
                if let Some(v) = v {
                    notes.push(match key {
                        Some(k) => format!("{}：{v}", c.label(k)),
                        None => v.clone(),
                    });
                }
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
                original: m.original,
                copy: m.copy,
                required,
                always,
                source: m.source.as_deref(),
                notes,
                files,
            }
        })
        .collect();
    let procedure: Vec<StepView> = item
        .procedure
        .iter()
        .map(|s| StepView {
            name: &s.name,
            actor: s.actor.as_deref(),
            limit: s.limit.as_deref(),
            detail: s.detail.as_deref(),
        })
        .collect();
    let flowchart = (!item.procedure.is_empty()).then(|| {
        let steps = item.flow_steps();
        flowchart_svg(
            &format!("{} {}", item.name.value, c.label("procedure")),
            &steps,
            FlowStyle::default(),
        )
    });
    let fees = match &item.fees {
        Some(Fees::List(list)) => list
            .iter()
            .map(|f| FeeView {
                name: &f.name,
                amount: f
                    .amount
                    .as_ref()
                    .map(|a| amount_text(&a.value, f.unit.as_deref(), c)),
                basis: f.basis.as_deref(),
                reducible: f.reducible.map(|b| yes_no(b, c)),
                reduction_basis: f.reduction_basis.as_deref(),
            })
            .collect(),
        _ => Vec::new(),
    };
    ItemView {
        item: item_summary(site, item, c),
        window: window.map(|w| Link {
            url: format!("windows/{}/", encode_path(&w.source.id)),
            text: window_label(w, c),
        }),
        department: window.and_then(|w| w.department.as_deref()),
        legal: item
            .time_limit
            .legal
            .as_ref()
            .map(|t| limit_text(t.value, c.lang)),
        limit_note: item.time_limit.note.as_deref(),
        free: matches!(item.fees, Some(Fees::Free))
            || matches!(&item.fees, Some(Fees::List(l)) if l.is_empty()),
        fees,
        facts: site.facts(item).into(),
        max_visits: item.max_visits,
        online_url: item.online_url.as_ref().and_then(|u| safe_url(&u.value)),
        result: item.result.as_deref(),
        extra,
        materials,
        procedure,
        flowchart_svg: flowchart,
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
                counts: s.counts_toward_limit.map(|b| yes_no(b, c)),
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
        qr_svg: qr_svg(&public_url).ok(),
        public_url,
    }
}
