//! Small serializable views of the model, one per page, handed to the templates (the item
//! guide's view is in [`guide`]). Each view borrows what it can and holds only what its page
//! shows: the whole site is never cloned. Facts are worded by [`crate::present`] and links
//! come from [`crate::routes`].

pub mod browse;
pub mod guide;

use serde::Serialize;

use crate::content::{Facts, Item, LabelledTexts, Notice, Page, Rule, Site, Staff, Window};
use crate::markdown::{self, MarkdownOptions};
use crate::present::Wording;
use crate::routes::{self, Route};

pub use browse::{ListPage, SearchView};
pub use guide::{GuideView, guide};

/// What views need besides the model: the wording of the site language and the Markdown
/// options.
#[derive(Clone, Copy)]
pub struct ViewCtx<'a> {
    /// Words facts in the site language.
    pub words: Wording<'a>,
    /// Markdown options from site.yaml.
    pub md: MarkdownOptions,
}

impl ViewCtx<'_> {
    pub(crate) fn label(&self, key: &str) -> String {
        self.words.label(key)
    }

    pub(crate) fn html(&self, md: &str) -> String {
        markdown::to_html(md, self.md)
    }

    pub(crate) fn inline(&self, md: &str) -> String {
        markdown::to_inline_html(md, self.md)
    }
}

/// Only http(s) and mailto/tel addresses are ever put into links from content.
pub fn safe_url(url: &str) -> Option<String> {
    let lower = url.trim().to_ascii_lowercase();
    let ok = ["https://", "http://", "mailto:", "tel:"]
        .iter()
        .any(|p| lower.starts_with(p));
    ok.then(|| url.trim().to_string())
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
    /// 办理地点: one entry, or several labelled ones.
    pub location: Vec<TextView>,
    /// 办理时间.
    pub hours: Vec<TextView>,
    /// 咨询电话, each with its `tel:` number.
    pub phone: Vec<TextView>,
    /// 监督投诉电话.
    pub complaint_phone: Option<String>,
}

/// One place, hours or phone entry: an optional label, the text (line breaks kept, shown
/// with `white-space: pre-line`) and, for phones, the number to dial.
#[derive(Serialize)]
pub struct TextView {
    /// What the entry is about (市民服务中心), if labelled.
    pub label: Option<String>,
    /// The text as written.
    pub text: String,
    /// Digits to dial (`tel:` link), for phones that start with a number.
    pub tel: Option<String>,
}

/// The entries of a place, hours or phone, in the order written.
pub fn text_views(texts: Option<&LabelledTexts>, phones: bool) -> Vec<TextView> {
    texts
        .map(|t| {
            t.entries()
                .iter()
                .map(|e| TextView {
                    label: e.label.clone(),
                    text: e.text.clone(),
                    tel: if phones { tel_of(&e.text) } else { None },
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The number to dial in a phone text (`0123-8888 1012（工作日）` → `0123-88881012`): its
/// leading digits, `+` and `-`; `None` when it does not start with at least three digits.
pub fn tel_of(text: &str) -> Option<String> {
    let dial: String = text
        .trim()
        .chars()
        .take_while(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '+' | '(' | ')'))
        .filter(|c| c.is_ascii_digit() || matches!(c, '-' | '+'))
        .collect();
    let dial = dial.trim_end_matches('-').to_string();
    (dial.chars().filter(char::is_ascii_digit).count() >= 3).then_some(dial)
}

impl From<Facts> for FactsView {
    fn from(f: Facts) -> Self {
        FactsView {
            location: text_views(f.location.as_ref(), false),
            hours: text_views(f.hours.as_ref(), false),
            phone: text_views(f.phone.as_ref(), true),
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
    /// Case type label (未列明 when the source does not state it).
    pub case_type: Option<String>,
    /// Promised limit.
    pub promised: Option<String>,
    /// Fee summary.
    pub fee: String,
    /// Window number and name.
    pub window: Option<String>,
}

/// Summary of an item for lists.
pub fn item_summary<'a>(site: &'a Site, item: &'a Item, c: &ViewCtx) -> ItemSummary<'a> {
    ItemSummary {
        id: &item.source.id,
        url: Route::Item(item.source.id.as_str()).url(),
        name: &item.name.value,
        code: item.code.as_ref().map(|c| c.value.as_str()),
        kind: item.kind.as_deref(),
        case_type: Some(c.words.item_case_type(item)),
        promised: item
            .time_limit
            .promised
            .as_ref()
            .map(|t| c.words.limit(t.value)),
        fee: c.words.fee_summary(item.fees.as_ref()),
        window: site.window(&item.window.value).map(|w| c.words.window(w)),
    }
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
pub fn window_summary<'a>(site: &'a Site, w: &'a Window, c: &ViewCtx) -> WindowSummary<'a> {
    WindowSummary {
        id: &w.source.id,
        url: Route::Window(w.source.id.as_str()).url(),
        number: &w.number.value,
        number_label: c.words.window_number(&w.number.value),
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
            .and_then(routes::photo)
            .map(|p| routes::encode(&p)),
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

/// The home page: the center, its windows and departments, the topics and the search box;
/// never every item (a portal has thousands).
#[derive(Serialize)]
pub struct HomeView<'a> {
    /// Windows.
    pub windows: Vec<WindowSummary<'a>>,
    /// Departments.
    pub departments: Vec<browse::DepartmentLink>,
    /// 个人办事 / 法人办事 and their topics.
    pub audiences: Vec<browse::AudienceBlock>,
    /// Latest notices (at most five).
    pub notices: Vec<NoticeSummary<'a>>,
    /// Free pages.
    pub pages: Vec<Link>,
    /// Rules.
    pub rules: Vec<Link>,
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
        url: Route::Notice(n.source.id.as_str()).url(),
        title: &n.title.value,
        date: n.date.as_ref().map(|d| d.value.to_string()),
    }
}

/// The home page view.
pub fn home<'a>(site: &'a Site, c: &ViewCtx) -> HomeView<'a> {
    HomeView {
        windows: site
            .windows
            .iter()
            .map(|w| window_summary(site, w, c))
            .collect(),
        departments: browse::departments(site),
        audiences: browse::audiences(site, c),
        notices: site.notices.iter().take(5).map(notice_summary).collect(),
        pages: site
            .pages
            .iter()
            .map(|p| Link {
                url: Route::Page(p.source.id.as_str()).url(),
                text: p.title.value.clone(),
            })
            .collect(),
        rules: site.rules.iter().map(rule_link).collect(),
    }
}

fn rule_link(r: &Rule) -> Link {
    Link {
        url: Route::Rule(r.source.id.as_str()).url(),
        text: r.title.value.clone(),
    }
}

/// One window's page (the template's `window`).
#[derive(Serialize)]
pub struct WindowView<'a> {
    /// Id, URL, number, name, department, item count.
    #[serde(flatten)]
    pub summary: WindowSummary<'a>,
    /// Facts after inheritance.
    pub facts: FactsView,
    /// Commitments.
    pub commitments: &'a [String],
    /// Rules.
    pub rules: Vec<Link>,
    /// The department's page.
    pub department_url: Option<String>,
    /// Items, a page of them.
    pub list: ListPage<'a>,
    /// Staff.
    pub staff: Vec<StaffView<'a>>,
}

/// Page `page` of a window, `page_size` items a page, written at `from`.
pub fn window<'a>(
    site: &'a Site,
    w: &'a Window,
    page: u32,
    page_size: usize,
    from: &str,
    c: &ViewCtx,
) -> WindowView<'a> {
    WindowView {
        summary: window_summary(site, w, c),
        facts: site.window_facts(w).into(),
        commitments: &w.commitments,
        rules: w
            .rules
            .iter()
            .filter_map(|r| site.rule(&r.value))
            .map(rule_link)
            .collect(),
        department_url: w.department.as_deref().map(|d| Route::Department(d).url()),
        list: browse::list_page(
            site,
            &crate::routes::Listing::Window(w.source.id.as_str()),
            page,
            page_size,
            from,
            c,
        ),
        staff: site
            .staff_of(&w.source.id)
            .map(|s| staff_view(site, s))
            .collect(),
    }
}

/// A page of the staff board: staff by window, then staff without a window.
#[derive(Serialize)]
pub struct StaffBoard<'a> {
    /// Groups.
    pub groups: Vec<StaffGroup<'a>>,
    /// Page links when the board runs over several pages.
    pub pager: Option<browse::Pager>,
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

/// The staff of each window that has any, in window order, then the staff of no (known)
/// window under `None`.
fn staff_groups(site: &Site) -> Vec<(Option<&Window>, Vec<&Staff>)> {
    let mut groups: Vec<(Option<&Window>, Vec<&Staff>)> = site
        .windows
        .iter()
        .map(|w| (Some(w), site.staff_of(&w.source.id).collect::<Vec<_>>()))
        .filter(|(_, staff)| !staff.is_empty())
        .collect();
    let others: Vec<&Staff> = site
        .staff
        .iter()
        .filter(|s| {
            s.window
                .as_ref()
                .is_none_or(|w| site.window(&w.value).is_none())
        })
        .collect();
    if !others.is_empty() {
        groups.push((None, others));
    }
    groups
}

/// The staff board's pages as ranges of staff groups: a page holds whole windows, about
/// `page_size` people (a window with more has a page of its own).
pub fn staff_pages(site: &Site, page_size: usize) -> Vec<std::ops::Range<usize>> {
    let mut pages = Vec::new();
    let (mut start, mut people) = (0, 0);
    for (i, (_, staff)) in staff_groups(site).iter().enumerate() {
        if people > 0 && people + staff.len() > page_size {
            pages.push(start..i);
            (start, people) = (i, 0);
        }
        people += staff.len();
    }
    pages.push(start..start.max(staff_groups_len(site)));
    pages
}

fn staff_groups_len(site: &Site) -> usize {
    staff_groups(site).len()
}

/// Page `page` of the staff board, seen from the output `from`.
pub fn staff_board<'a>(
    site: &'a Site,
    page: u32,
    page_size: usize,
    from: &str,
    c: &ViewCtx,
) -> StaffBoard<'a> {
    let pages = staff_pages(site, page_size);
    let count = pages.len() as u32;
    let page = page.clamp(1, count.max(1));
    let range = pages.get(page as usize - 1).cloned().unwrap_or(0..0);
    let groups = staff_groups(site)
        .into_iter()
        .skip(range.start)
        .take(range.len())
        .map(|(w, staff)| StaffGroup {
            title: w.map_or_else(|| c.label("staff_other"), |w| c.words.window(w)),
            url: w.map(|w| Route::Window(w.source.id.as_str()).url()),
            staff: staff.into_iter().map(|s| staff_view(site, s)).collect(),
        })
        .collect();
    StaffBoard {
        groups,
        pager: browse::pager(&crate::routes::Listing::Staff, page, count, from),
    }
}

/// A Markdown page: rule, notice or free page (the template's `article`).
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
pub fn rule<'a>(r: &'a Rule, c: &ViewCtx) -> ArticleView<'a> {
    ArticleView {
        title: &r.title.value,
        date: None,
        expires: None,
        body_html: c.html(&r.body),
    }
}

/// A notice page.
pub fn notice<'a>(n: &'a Notice, c: &ViewCtx) -> ArticleView<'a> {
    ArticleView {
        title: &n.title.value,
        date: n.date.as_ref().map(|d| d.value.to_string()),
        expires: n.expires.as_ref().map(|d| d.value.to_string()),
        body_html: c.html(&n.body),
    }
}

/// A free page.
pub fn page<'a>(p: &'a Page, c: &ViewCtx) -> ArticleView<'a> {
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
