//! The views of the pages a citizen browses to find an item among thousands: 个人办事 and
//! 法人办事 with their topics, one page per topic, department pages, the home page's topic and
//! department blocks, the search page's links for use without JavaScript, and the page links
//! of every list longer than a page.

use serde::Serialize;

use super::{ItemSummary, Link, ViewCtx, WindowSummary, item_summary, window_summary};
use crate::content::{Audience, Site, Vocabulary};
use crate::routes::{self, Listing, Route};

/// The items of a list, as indices into `Site::items` (empty for a list that does not exist).
pub fn list_items<'a, S: AsRef<str>>(site: &'a Site, list: &Listing<S>) -> &'a [usize] {
    let catalog = site.catalog();
    match list {
        Listing::Window(id) => catalog.window_items(id.as_ref()),
        Listing::Audience(a) => catalog.untopical(*a),
        Listing::Topic(a, name) => catalog
            .topic(*a, name.as_ref())
            .map_or(&[], |t| t.items.as_slice()),
        Listing::Department(name) => catalog
            .department(name.as_ref())
            .map_or(&[], |d| d.elsewhere.as_slice()),
        Listing::Staff => &[],
    }
}

/// How many pages a list of `len` items takes at `page_size` a page (at least one).
pub fn page_count(len: usize, page_size: usize) -> u32 {
    len.div_ceil(page_size.max(1)).max(1) as u32
}

/// One numbered link of a pager.
#[derive(Serialize)]
pub struct PageLink {
    /// Page number, from 1.
    pub n: u32,
    /// Link relative to the current page.
    pub url: String,
    /// This is the current page.
    pub current: bool,
}

/// The page links of a list longer than a page: every page is linked from every page, so
/// each item is one click from the list's first page.
#[derive(Serialize)]
pub struct Pager {
    /// The current page, from 1.
    pub current: u32,
    /// How many pages.
    pub count: u32,
    /// Every page.
    pub pages: Vec<PageLink>,
    /// The previous page, relative to the current one.
    pub prev: Option<String>,
    /// The next page.
    pub next: Option<String>,
}

/// The page links of page `page` of `count` of `list`, relative to the output `from`; none
/// for a list of one page.
pub fn pager(list: &Listing<&str>, page: u32, count: u32, from: &str) -> Option<Pager> {
    let link = |n: u32| routes::relative(from, &list.page(n).url());
    (count > 1).then(|| Pager {
        current: page,
        count,
        pages: (1..=count)
            .map(|n| PageLink {
                n,
                url: link(n),
                current: n == page,
            })
            .collect(),
        prev: (page > 1).then(|| link(page - 1)),
        next: (page < count).then(|| link(page + 1)),
    })
}

/// A page of a list: its items and, when there is more than one page, the pager.
#[derive(Serialize)]
pub struct ListPage<'a> {
    /// The items on this page.
    pub items: Vec<ItemSummary<'a>>,
    /// How many items the whole list has.
    pub total: usize,
    /// Page links; none for a list of one page.
    pub pager: Option<Pager>,
    /// True on the list's first page (which also shows what the list is about).
    pub first_page: bool,
    /// Each item shows its window (not on a window's own page).
    pub show_window: bool,
}

/// Page `page` of `list`, `page_size` items a page, seen from the output `from`.
pub fn list_page<'a>(
    site: &'a Site,
    list: &Listing<&str>,
    page: u32,
    page_size: usize,
    from: &str,
    c: &ViewCtx,
) -> ListPage<'a> {
    let all = list_items(site, list);
    let count = page_count(all.len(), page_size);
    let page = page.clamp(1, count);
    let start = (page as usize - 1) * page_size;
    let items = all
        .iter()
        .skip(start)
        .take(page_size)
        .map(|n| item_summary(site, &site.items[*n], c))
        .collect();
    ListPage {
        items,
        total: all.len(),
        pager: pager(list, page, count, from),
        first_page: page == 1,
        show_window: !matches!(list, Listing::Window(_)),
    }
}

/// A topic with its item count, linked.
#[derive(Serialize)]
pub struct TopicLink {
    /// The topic.
    pub name: String,
    /// URL from the root.
    pub url: String,
    /// How many items.
    pub count: usize,
}

/// An audience (个人办事 or 法人办事) and its topics.
#[derive(Serialize)]
pub struct AudienceBlock {
    /// `person` or `legal-person`.
    pub key: &'static str,
    /// Page title (个人办事).
    pub title: String,
    /// URL from the root.
    pub url: String,
    /// How many items it is served by.
    pub count: usize,
    /// Its topics with items, in vocabulary order.
    pub topics: Vec<TopicLink>,
}

/// The audiences that have items, each with its topics.
pub fn audiences(site: &Site, c: &ViewCtx) -> Vec<AudienceBlock> {
    let catalog = site.catalog();
    Audience::ALL
        .iter()
        .filter(|a| !catalog.audience_items(**a).is_empty())
        .map(|a| AudienceBlock {
            key: a.word(),
            title: c.label(a.label_key()),
            url: Route::<&str>::Audience(*a).url(),
            count: catalog.audience_items(*a).len(),
            topics: catalog
                .topics(*a)
                .iter()
                .map(|t| TopicLink {
                    name: t.name.clone(),
                    url: Route::Topic(*a, t.name.as_str()).url(),
                    count: t.items.len(),
                })
                .collect(),
        })
        .collect()
}

/// A department with its counts, linked.
#[derive(Serialize)]
pub struct DepartmentLink {
    /// Name.
    pub name: String,
    /// URL from the root.
    pub url: String,
    /// How many windows.
    pub windows: usize,
    /// How many items.
    pub items: usize,
}

/// Every department, in the order of its first window.
pub fn departments(site: &Site) -> Vec<DepartmentLink> {
    site.catalog()
        .departments()
        .iter()
        .map(|d| DepartmentLink {
            name: d.name.clone(),
            url: Route::Department(d.name.as_str()).url(),
            windows: d.windows.len(),
            items: d.items.len(),
        })
        .collect()
}

/// The 个人办事 / 法人办事 page.
#[derive(Serialize)]
pub struct AudienceView<'a> {
    /// The audience and its topics.
    #[serde(flatten)]
    pub block: AudienceBlock,
    /// The other audience's page, if it has items.
    pub other: Option<Link>,
    /// The audience's items under none of its topics.
    pub others: ListPage<'a>,
}

/// The page of an audience (page `page` of its items without a topic).
pub fn audience<'a>(
    site: &'a Site,
    a: Audience,
    page: u32,
    page_size: usize,
    from: &str,
    c: &ViewCtx,
) -> AudienceView<'a> {
    let mut blocks = audiences(site, c);
    let pos = blocks.iter().position(|b| b.key == a.word());
    let block = match pos {
        Some(i) => blocks.remove(i),
        None => AudienceBlock {
            key: a.word(),
            title: c.label(a.label_key()),
            url: Route::<&str>::Audience(a).url(),
            count: 0,
            topics: Vec::new(),
        },
    };
    AudienceView {
        block,
        other: blocks.into_iter().next().map(|b| Link {
            url: b.url,
            text: b.title,
        }),
        others: list_page(site, &Listing::Audience(a), page, page_size, from, c),
    }
}

/// A topic page.
#[derive(Serialize)]
pub struct TopicView<'a> {
    /// The topic.
    pub name: &'a str,
    /// Its audience's page.
    pub audience: Link,
    /// Its items.
    pub list: ListPage<'a>,
}

/// Page `page` of a topic of an audience.
pub fn topic<'a>(
    site: &'a Site,
    a: Audience,
    name: &'a str,
    page: u32,
    page_size: usize,
    from: &str,
    c: &ViewCtx,
) -> TopicView<'a> {
    TopicView {
        name,
        audience: Link {
            url: Route::<&str>::Audience(a).url(),
            text: c.label(a.label_key()),
        },
        list: list_page(site, &Listing::Topic(a, name), page, page_size, from, c),
    }
}

/// A department page: its windows (whose pages list their items) and the items it handles
/// at other windows.
#[derive(Serialize)]
pub struct DepartmentView<'a> {
    /// The department.
    pub name: &'a str,
    /// How many items it handles in all.
    pub count: usize,
    /// Its windows.
    pub windows: Vec<WindowSummary<'a>>,
    /// Its items at other windows.
    pub list: ListPage<'a>,
}

/// Page `page` of a department.
pub fn department<'a>(
    site: &'a Site,
    name: &'a str,
    page: u32,
    page_size: usize,
    from: &str,
    c: &ViewCtx,
) -> DepartmentView<'a> {
    let found = site.catalog().department(name);
    let windows = found
        .map(|d| {
            d.windows
                .iter()
                .map(|w| window_summary(site, &site.windows[*w], c))
                .collect()
        })
        .unwrap_or_default();
    DepartmentView {
        name,
        count: found.map_or(0, |d| d.items.len()),
        windows,
        list: list_page(site, &Listing::Department(name), page, page_size, from, c),
    }
}

/// The search page: what the script needs to find the index, and links for use without
/// JavaScript.
#[derive(Serialize)]
pub struct SearchView<'a> {
    /// How many items are searched.
    pub count: usize,
    /// How many shards the postings are split into.
    pub shards: u32,
    /// Documents per chunk file.
    pub chunk: usize,
    /// The shard files' URL from the site root, `#` standing for the shard number.
    pub shard_url: String,
    /// The chunk files' URL from the site root, `#` standing for the chunk number.
    pub chunk_url: String,
    /// 个人办事 / 法人办事 and their topics.
    pub audiences: Vec<AudienceBlock>,
    /// Departments.
    pub departments: Vec<DepartmentLink>,
    /// Windows, when no item has an audience or a topic (the only way to browse then).
    pub windows: Vec<WindowSummary<'a>>,
}

/// The search page view.
pub fn search<'a>(site: &'a Site, c: &ViewCtx) -> SearchView<'a> {
    use crate::render::search as index;
    let n = site.items.len();
    // From the site root: the template prefixes the way to the shared files (`base`).
    let pattern = |route: Route<&str>| route.url().replacen("0.txt", "#.txt", 1);
    let audiences = audiences(site, c);
    let windows = if audiences.is_empty() {
        site.windows
            .iter()
            .map(|w| window_summary(site, w, c))
            .collect()
    } else {
        Vec::new()
    };
    SearchView {
        count: n,
        shards: index::shard_count(n),
        chunk: index::CHUNK,
        shard_url: pattern(Route::SearchShard(0)),
        chunk_url: pattern(Route::SearchDocs(0)),
        audiences,
        departments: departments(site),
        windows,
    }
}
