//! The website: an explicit page plan (what to write and which content each output shows),
//! a renderer that compiles the theme's templates once and renders any planned page, and the
//! assets (CSS, script, photos, forms). Render never reads content files, except photos,
//! which [`images`] resizes from the paths the model resolved.

// `Diagnostic` is the crate's error type everywhere; boxing it here alone would not help.
#![allow(clippy::result_large_err)]

pub mod feed;
pub mod fold;
pub mod images;
pub mod jsonld;
pub mod marks;
pub mod meta;
pub mod mode;
pub mod opendata;
pub mod search;
pub mod views;

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera};

use std::sync::{Arc, Mutex};

use crate::content::{Audience, Kind, Site, Vocabulary};
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::keep::Keep;
use crate::markdown::{self, MarkdownOptions};
use crate::msg;
use crate::output::OutputFile;
use crate::present::{Labels, Wording};
use crate::routes::{self, Listing, Route};
use crate::theme::{Origin, Theme};
use marks::MarksView;
use meta::{Column, PageMeta};
use mode::ModeView;
use views::ViewCtx;
use views::browse::{list_items, page_count};

/// Content that an output shows; serve re-renders an output when one of its deps changes.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Dep {
    /// site.yaml.
    Config,
    /// One item by id.
    Item(String),
    /// One window by id.
    Window(String),
    /// One staff member by id.
    Staff(String),
    /// One rule by id.
    Rule(String),
    /// One notice by id.
    Notice(String),
    /// One page by id.
    Page(String),
    /// Any item (added, removed or changed).
    AllItems,
    /// Any window.
    AllWindows,
    /// Any staff member.
    AllStaff,
    /// Any notice.
    AllNotices,
    /// Any rule.
    AllRules,
    /// Any page.
    AllPages,
    /// A template by name (`item.html`); every page also depends on `base.html`.
    Template(&'static str),
    /// Any item a list shows (a window's, a topic's or a department's items), added to it,
    /// removed from it or changed: what `serve` narrows `AllItems` to on the pages of such a
    /// list. The items a list shows are asked of [`crate::serve::web::lists_showing`].
    List(Listing),
}

impl Dep {
    /// What an edit of the record `id` of `kind` touches: the record, and every list of its
    /// kind (the home page, lists, search, sitemap, open data show them all).
    pub fn of_record(kind: Kind, id: String) -> [Dep; 2] {
        match kind {
            Kind::Item => [Dep::Item(id), Dep::AllItems],
            Kind::Window => [Dep::Window(id), Dep::AllWindows],
            Kind::Staff => [Dep::Staff(id), Dep::AllStaff],
            Kind::Rule => [Dep::Rule(id), Dep::AllRules],
            Kind::Notice => [Dep::Notice(id), Dep::AllNotices],
            Kind::Page => [Dep::Page(id), Dep::AllPages],
        }
    }
}

/// The pages every page's navigation links to when they exist (个人办事, 法人办事): when one
/// appears or goes, every page changes.
pub fn nav_pages() -> Vec<String> {
    Audience::ALL
        .iter()
        .map(|a| Route::<&str>::Audience(*a).path())
        .collect()
}

/// The template that renders a page of the website; `None` for outputs that are not HTML
/// pages (feed, sitemap, robots.txt, search index).
pub fn template(route: &Route) -> Option<&'static str> {
    Some(match route {
        Route::Home => "home.html",
        Route::Window(_) => "window.html",
        Route::Item(_) => "item.html",
        Route::StaffBoard | Route::ListPage(Listing::Staff, _) => "staff.html",
        Route::Rule(_) => "rule.html",
        Route::Notices => "notices.html",
        Route::Notice(_) => "notice.html",
        Route::Page(_) => "page.html",
        Route::Search => "search.html",
        Route::OpenData => "data.html",
        Route::Audience(_) | Route::ListPage(Listing::Audience(_), _) => "audience.html",
        Route::Topic(..) | Route::ListPage(Listing::Topic(..), _) => "topic.html",
        Route::Department(_) | Route::ListPage(Listing::Department(_), _) => "department.html",
        Route::ListPage(Listing::Window(_), _) => "window.html",
        Route::NotFound => "404.html",
        Route::Feed
        | Route::Sitemap
        | Route::Robots
        | Route::ChangesFeed
        | Route::Data(_)
        | Route::ItemQr(_)
        | Route::SearchShard(_)
        | Route::SearchDocs(_) => return None,
    })
}

/// One output of the website and the content it depends on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PagePlan {
    /// Path in OUT, e.g. `items/gjj-loan/index.html` (the route's path).
    pub path: String,
    /// Which output it is.
    pub route: Route,
    /// What it shows.
    pub deps: Vec<Dep>,
    /// The path of its elder page (长者模式, `elder/items/gjj-loan/index.html`), made from the
    /// same rendering; `None` for outputs that are not pages and for the 404 page.
    pub elder: Option<String>,
}

impl PagePlan {
    /// Every file this plan writes: the output and its elder page.
    pub fn outputs(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.path.as_str()).chain(self.elder.as_deref())
    }
}

/// Every output of the website, in a deterministic order; lists run over pages of
/// `page_size` items.
pub fn plan(site: &Site, page_size: usize) -> Vec<PagePlan> {
    use Dep::*;
    let mut out = Vec::new();
    let mut add = |route: Route, mut deps: Vec<Dep>| {
        deps.insert(0, Config);
        let mut elder = None;
        if let Some(t) = template(&route) {
            deps.push(Template("base.html"));
            // Places, hours and phones, in the footer of every page.
            deps.push(Template("_entry.html"));
            deps.push(Template(t));
            if route != Route::NotFound {
                elder = Some(routes::elder(&route.path()));
            }
        }
        out.push(PagePlan {
            path: route.path(),
            route,
            deps,
            elder,
        });
    };
    // Every page of a list, its first page being `first` with `deps`.
    let add_list = |list: Listing, deps: Vec<Dep>, add: &mut dyn FnMut(Route, Vec<Dep>)| {
        let pages = page_count(list_items(site, &list).len(), page_size);
        for n in 1..=pages {
            let mut d = deps.clone();
            d.push(Template("_items.html"));
            d.push(Template("_pager.html"));
            add(list.page(n), d);
        }
    };
    add(
        Route::Home,
        vec![AllWindows, AllItems, AllNotices, AllPages, AllRules],
    );
    add(Route::Search, vec![AllItems, AllWindows]);
    for n in 1..=views::staff_pages(site, page_size).len() as u32 {
        add(
            Listing::Staff.page(n),
            vec![
                AllStaff,
                AllWindows,
                Template("_person.html"),
                Template("_pager.html"),
            ],
        );
    }
    add(Route::Notices, vec![AllNotices]);
    let catalog = site.catalog();
    for a in Audience::ALL {
        if catalog.audience_items(*a).is_empty() {
            continue;
        }
        add_list(Listing::Audience(*a), vec![AllItems], &mut add);
        for t in catalog.topics(*a) {
            add_list(
                Listing::Topic(*a, t.name.clone()),
                vec![AllItems, AllWindows],
                &mut add,
            );
        }
    }
    for d in catalog.departments() {
        add_list(
            Listing::Department(d.name.clone()),
            vec![AllItems, AllWindows],
            &mut add,
        );
    }
    for w in &site.windows {
        let id = &w.source.id;
        add_list(
            Listing::Window(id.clone()),
            vec![
                Window(id.clone()),
                AllItems,
                AllStaff,
                AllRules,
                Template("_person.html"),
            ],
            &mut add,
        );
    }
    for i in &site.items {
        let id = &i.source.id;
        add(
            Route::Item(id.clone()),
            vec![Item(id.clone()), Window(i.window.value.clone())],
        );
        add(Route::ItemQr(id.clone()), vec![]);
    }
    for r in &site.rules {
        let id = &r.source.id;
        add(Route::Rule(id.clone()), vec![Rule(id.clone())]);
    }
    for n in &site.notices {
        let id = &n.source.id;
        add(Route::Notice(id.clone()), vec![Notice(id.clone())]);
    }
    for p in &site.pages {
        let id = &p.source.id;
        add(Route::Page(id.clone()), vec![Page(id.clone())]);
    }
    add(Route::NotFound, vec![]);
    add(Route::Feed, vec![AllNotices]);
    add(
        Route::Sitemap,
        vec![AllWindows, AllItems, AllRules, AllNotices, AllPages],
    );
    add(Route::Robots, vec![]);
    add(Route::ChangesFeed, vec![AllItems]);
    add(Route::OpenData, vec![AllItems]);
    for file in routes::DataFile::ALL {
        add(Route::Data(file), vec![AllItems, AllWindows]);
    }
    let n = site.items.len();
    for k in 0..search::shard_count(n) {
        add(Route::SearchShard(k), vec![AllItems, AllWindows]);
    }
    for k in 0..search::chunk_count(n) {
        add(Route::SearchDocs(k), vec![AllItems, AllWindows]);
    }
    out
}

/// Options of a web build.
#[derive(Debug, Clone, Default)]
pub struct WebOptions {
    /// A `<script>…</script>` that serve injects before `</body>` for live reload.
    pub live_reload_script: Option<String>,
}

/// Site facts shared by every page (in the templates' global context as `site`).
#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    lang: &'static str,
    base_url: &'a str,
    /// The host of `base_url` (the SiteDomain meta tag).
    domain: &'a str,
    description: Option<&'a str>,
    center_name: &'a str,
    address: Vec<views::TextView>,
    hours: Vec<views::TextView>,
    phone: Vec<views::TextView>,
    complaint_phone: Option<&'a str>,
    /// The footer marks (主办单位, 网站标识码, ICP, 公安备案, 党政机关标识, contact, hotline).
    marks: MarksView<'a>,
}

/// The host of an http(s) address: `https://zwfw.example.gov.cn/c/` → `zwfw.example.gov.cn`.
fn domain(base_url: &str) -> &str {
    let rest = base_url.split_once("://").map_or(base_url, |(_, r)| r);
    rest.split(['/', '?', '#']).next().unwrap_or(rest)
}

/// The URLs of the site-wide pages and folders, relative to the site root (the templates'
/// global `urls`), so templates link to them without spelling paths out.
#[derive(Serialize)]
struct SiteUrls {
    home: String,
    search: String,
    staff: String,
    notices: String,
    feed: String,
    sitemap: String,
    /// `changes.xml`, the feed of item changes.
    changes_feed: String,
    /// The open data page.
    open_data: String,
    /// 个人办事.
    person: String,
    /// 法人办事.
    legal_person: String,
    /// The folder of the theme's static files: `{{ root }}{{ urls.static_dir }}style.css`.
    static_dir: String,
}

impl SiteUrls {
    fn new() -> SiteUrls {
        SiteUrls {
            home: Route::<&str>::Home.url(),
            search: Route::<&str>::Search.url(),
            staff: Route::<&str>::StaffBoard.url(),
            notices: Route::<&str>::Notices.url(),
            feed: Route::<&str>::Feed.url(),
            sitemap: Route::<&str>::Sitemap.url(),
            changes_feed: Route::<&str>::ChangesFeed.url(),
            open_data: Route::<&str>::OpenData.url(),
            person: Route::<&str>::Audience(Audience::Person).url(),
            legal_person: Route::<&str>::Audience(Audience::LegalPerson).url(),
            static_dir: routes::static_file(""),
        }
    }
}

/// The compiled theme and everything pages share.
pub struct Renderer {
    tera: Tera,
    labels: Labels,
    md: MarkdownOptions,
    options: WebOptions,
    statics: Vec<(String, Vec<u8>)>,
    base_path: String,
    page_size: usize,
    /// The search index of the last site rendered: built once for all of its shard and
    /// chunk files.
    search_index: PerSite<search::Index>,
    /// The search index's shard files of the last site rendered, cut in one pass.
    search_shards: PerSite<Vec<String>>,
    /// The HTML pages of the last site planned, which its sitemap lists (planning the site
    /// again for the sitemap took longer than writing it).
    page_paths: PerSite<Vec<String>>,
}

/// Something derived from a whole site and shared by several of its outputs, kept for the
/// last site rendered (by its generation, see [`Site::generation`]).
struct PerSite<T>(Mutex<Option<(u64, Arc<T>)>>);

impl<T> PerSite<T> {
    fn new() -> Self {
        PerSite(Mutex::new(None))
    }

    /// The value for `site`, built by `build` the first time it is asked for (outputs
    /// rendered in parallel wait for the one building it rather than building it again).
    fn get(&self, site: &Site, build: impl FnOnce() -> T) -> Arc<T> {
        let mut cache = self.lock();
        if let Some((generation, value)) = cache.as_ref()
            && *generation == site.generation()
        {
            return Arc::clone(value);
        }
        let value = Arc::new(build());
        *cache = Some((site.generation(), Arc::clone(&value)));
        value
    }

    /// Keeps `value`, made along with something else, as the one for `site`.
    fn put(&self, site: &Site, value: T) {
        *self.lock() = Some((site.generation(), Arc::new(value)));
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<(u64, Arc<T>)>> {
        match self.0.lock() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        }
    }
}

fn template_error(origin: Option<&Origin>, name: &str, e: &tera::Error) -> Diagnostic {
    let location = origin.map_or_else(
        || Location::file(format!("templates/{name}")),
        Origin::location,
    );
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        text.push_str(&format!(": {s}"));
        source = s.source();
    }
    Diagnostic::error(
        "E043",
        location,
        msg!(
            "template {name}: {text}",
            "模板 {name} 有误：{text}",
            "範本 {name} 有誤：{text}"
        ),
    )
}

impl Renderer {
    /// Compiles the theme's templates once and prepares labels and shared context.
    pub fn new(site: &Site, theme: &Theme, options: WebOptions) -> Result<Renderer, Diagnostics> {
        let mut tera = Tera::new();
        tera.autoescape_on([".html", ".htm", ".xml"]);
        let mut diags = Diagnostics::new();
        let mut sources = Vec::new();
        for (name, file) in theme.templates() {
            match std::str::from_utf8(&file.bytes) {
                Ok(text) => sources.push((name.to_string(), text.to_string())),
                Err(_) => diags.push(Diagnostic::error(
                    "E043",
                    file.origin.location(),
                    msg!(
                        "template {name} is not UTF-8",
                        "模板 {name} 不是 UTF-8 编码",
                        "範本 {name} 不是 UTF-8 編碼"
                    ),
                )),
            }
        }
        if let Err(e) =
            tera.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str())))
        {
            // Find the culprit one by one for a precise message.
            let mut found = false;
            for (name, text) in &sources {
                let mut one = Tera::new();
                if let Err(e1) = one.add_raw_template(name, text)
                    && !matches!(
                        e1.kind(),
                        tera::ErrorKind::TemplateNotFound(_)
                            | tera::ErrorKind::MissingParent { .. }
                    )
                {
                    found = true;
                    diags.push(template_error(
                        theme.template(name).map(|f| &f.origin),
                        name,
                        &e1,
                    ));
                }
            }
            if !found {
                diags.push(template_error(None, "*", &e));
            }
        }
        for needed in [
            "base.html",
            "home.html",
            "item.html",
            "window.html",
            "404.html",
        ] {
            if !tera.contains_template(needed) && diags.is_empty() {
                diags.push(template_error(
                    None,
                    needed,
                    &tera::Error::message("missing"),
                ));
            }
        }
        if diags.has_errors() {
            return Err(diags);
        }
        let labels = theme.labels(site.config.language);
        let c = &site.config;
        let site_view = SiteView {
            title: &c.title,
            lang: c.language.tag(),
            base_url: &c.base_url,
            domain: domain(&c.base_url),
            marks: MarksView::new(&c.marks),
            description: c.description.as_deref(),
            center_name: c.center.name.as_deref().unwrap_or(&c.title),
            address: views::text_views(c.center.address.as_ref(), false),
            hours: views::text_views(c.center.hours.as_ref(), false),
            phone: views::text_views(c.center.phone.as_ref(), true),
            complaint_phone: c.center.complaint_phone.as_deref(),
        };
        tera.global_context().insert("site", &site_view);
        tera.global_context().insert("t", &labels);
        tera.global_context().insert("urls", &SiteUrls::new());
        let statics = theme
            .statics()
            .map(|(n, f)| (n.to_string(), f.bytes.to_vec()))
            .collect();
        Ok(Renderer {
            tera,
            labels,
            md: MarkdownOptions {
                allow_raw_html: c.allow_raw_html,
            },
            options,
            statics,
            base_path: routes::base_path(&c.base_url),
            page_size: theme.settings().page_size,
            search_index: PerSite::new(),
            search_shards: PerSite::new(),
            page_paths: PerSite::new(),
        })
    }

    fn ctx(&self, site: &Site) -> ViewCtx<'_> {
        ViewCtx {
            words: Wording::new(site.config.language, &self.labels),
            md: self.md,
        }
    }

    /// Items per page of a list (the theme's `page_size`).
    pub fn page_size(&self) -> usize {
        self.page_size
    }

    /// Every output of the website (see [`plan`]), with this theme's page size.
    pub fn plan(&self, site: &Site) -> Vec<PagePlan> {
        let plans = plan(site, self.page_size);
        self.page_paths.put(site, page_paths(&plans));
        plans
    }

    /// The search index of `site`, built once per site.
    fn search_index(&self, site: &Site, c: &ViewCtx) -> Arc<search::Index> {
        self.search_index
            .get(site, || search::build(site, &c.words))
    }

    /// The search index's shard files of `site`, made once per site.
    fn search_shards(&self, site: &Site, c: &ViewCtx) -> Arc<Vec<String>> {
        self.search_shards.get(site, || {
            let count = search::shard_count(site.items.len());
            self.search_index(site, c).shards(count)
        })
    }

    /// Builds the search index of `site` now, so that the outputs cut from it find it made
    /// (see [`render_web_into`]).
    fn prepare_search(&self, site: &Site) {
        self.search_shards(site, &self.ctx(site));
    }

    fn label(&self, key: &str) -> String {
        self.labels
            .get(key)
            .cloned()
            .unwrap_or_else(|| key.to_string())
    }

    /// Renders one planned output: the file of its path and, for a page, its elder page
    /// (both cut from one rendering, see [`mode`]).
    pub fn render<'s>(
        &self,
        site: &'s Site,
        plan: &PagePlan,
    ) -> Result<Vec<OutputFile<'s>>, Diagnostic> {
        let c = self.ctx(site);
        let missing = || {
            let path = &plan.path;
            Diagnostic::error(
                "E044",
                Location::file(plan.path.clone()),
                msg!(
                    "nothing to render for {path}",
                    "没有可生成 {path} 的内容",
                    "沒有可產生 {path} 的內容"
                ),
            )
        };
        let one = |bytes: Vec<u8>| Ok(vec![OutputFile::bytes(plan.path.clone(), bytes)]);
        let config = &site.config;
        let base_url = &config.base_url;
        let url = plan.route.public_url(base_url);
        let mut ctx = Context::new();
        // What the page says about itself beyond its view: metadata and structured data.
        let mut pub_date = None;
        let mut source: Option<&str> = None;
        let mut description = None;
        let mut jsonld = None;
        let (title, section, column) = match &plan.route {
            Route::Feed => {
                let xml = feed::atom(
                    site,
                    &format!("{} · {}", config.title, self.label("notices")),
                    |md| markdown::to_html(md, self.md),
                );
                return one(xml.into_bytes());
            }
            Route::ChangesFeed => {
                let title = format!("{} · {}", config.title, self.label("change_history"));
                return one(feed::changes(site, &title).into_bytes());
            }
            Route::Sitemap => {
                let paths = self
                    .page_paths
                    .get(site, || page_paths(&self::plan(site, self.page_size)));
                let xml = feed::sitemap(base_url, paths.iter().map(String::as_str));
                return one(xml.into_bytes());
            }
            Route::Robots => return one(feed::robots(base_url).into_bytes()),
            Route::Data(file) => {
                return Ok(vec![opendata::streamed(
                    site,
                    *file,
                    self.labels.clone(),
                    plan.path.clone(),
                )]);
            }
            Route::ItemQr(id) => {
                let url = Route::Item(id.as_str()).public_url(base_url);
                let png = crate::graphics::qr_png(&url).map_err(|e| {
                    Diagnostic::error(
                        "E072",
                        Location::file(plan.path.clone()),
                        msg!(
                            "no QR code for {url}: {e}",
                            "无法为 {url} 生成二维码：{e}",
                            "無法為 {url} 產生 QR 碼：{e}"
                        ),
                    )
                })?;
                return one(png);
            }
            Route::SearchShard(n) => {
                let shards = self.search_shards(site, &c);
                let text = shards.get(*n as usize).cloned().unwrap_or_default();
                return one(text.into_bytes());
            }
            Route::SearchDocs(n) => {
                let text = self.search_index(site, &c).chunk(*n);
                return one(text.into_bytes());
            }
            Route::Home => {
                ctx.insert("home", &views::home(site, &c));
                jsonld = Some(jsonld::organization(site, &c.words));
                (config.title.clone(), "home", Column::Home)
            }
            Route::Search => {
                ctx.insert("search", &views::browse::search(site, &c));
                (self.label("search_title"), "search", Column::Guides)
            }
            Route::Audience(a) | Route::ListPage(Listing::Audience(a), _) => {
                let page = page_of(&plan.route);
                let view = views::browse::audience(site, *a, page, self.page_size, &plan.path, &c);
                ctx.insert("audience", &view);
                (self.label(a.label_key()), a.word(), Column::Guides)
            }
            Route::Topic(a, name) | Route::ListPage(Listing::Topic(a, name), _) => {
                let page = page_of(&plan.route);
                let view =
                    views::browse::topic(site, *a, name, page, self.page_size, &plan.path, &c);
                ctx.insert("topic", &view);
                (name.clone(), a.word(), Column::Guides)
            }
            Route::Department(name) | Route::ListPage(Listing::Department(name), _) => {
                let page = page_of(&plan.route);
                let view =
                    views::browse::department(site, name, page, self.page_size, &plan.path, &c);
                ctx.insert("department", &view);
                source = Some(name.as_str());
                (name.clone(), "departments", Column::Windows)
            }
            Route::StaffBoard | Route::ListPage(Listing::Staff, _) => {
                let page = page_of(&plan.route);
                let board = views::staff_board(site, page, self.page_size, &plan.path, &c);
                ctx.insert("board", &board);
                (self.label("staff_board"), "staff", Column::Staff)
            }
            Route::Notices => {
                let notices = site.notices.iter().map(views::notice_summary).collect();
                ctx.insert("list", &views::NoticesView { notices });
                (self.label("notices"), "notices", Column::Notices)
            }
            Route::OpenData => {
                ctx.insert("data", &opendata::view(site, &c.words));
                description = Some(self.label("open_data_lead"));
                (self.label("open_data"), "data", Column::OpenData)
            }
            Route::Window(id) | Route::ListPage(Listing::Window(id), _) => {
                let w = site.window(id).ok_or_else(missing)?;
                let page = page_of(&plan.route);
                let view = views::window(site, w, page, self.page_size, &plan.path, &c);
                ctx.insert("window", &view);
                source = w.department.as_deref();
                let label = c.words.window(w);
                description = Some(self.fill("meta_window", "window", &label));
                jsonld = Some(jsonld::office(site, w, &url, &c.words));
                (label, "windows", Column::Windows)
            }
            Route::Item(id) => {
                let item = site.item(id).ok_or_else(missing)?;
                ctx.insert("guide", &views::guide(site, item, url.clone(), &c));
                source = site
                    .window(&item.window.value)
                    .and_then(|w| w.department.as_deref());
                pub_date = item.last_updated().map(|d| d.to_string());
                description = Some(self.fill("meta_item", "name", &item.name.value));
                jsonld = Some(jsonld::service(site, item, &url, &c.words));
                (item.name.value.clone(), "items", Column::Guides)
            }
            Route::Rule(id) => {
                let r = site.rule(id).ok_or_else(missing)?;
                ctx.insert("article", &views::rule(r, &c));
                description = meta::describe(&markdown::to_plain_text(&r.body));
                (r.title.value.clone(), "rules", Column::Rules)
            }
            Route::Notice(id) => {
                let n = site
                    .notices
                    .iter()
                    .find(|n| &n.source.id == id)
                    .ok_or_else(missing)?;
                ctx.insert("article", &views::notice(n, &c));
                pub_date = n.date.as_ref().map(|d| d.value.to_string());
                description = meta::describe(&markdown::to_plain_text(&n.body));
                (n.title.value.clone(), "notices", Column::Notices)
            }
            Route::Page(id) => {
                let p = site
                    .pages
                    .iter()
                    .find(|p| &p.source.id == id)
                    .ok_or_else(missing)?;
                ctx.insert("article", &views::page(p, &c));
                description = meta::describe(&markdown::to_plain_text(&p.body));
                (p.title.value.clone(), "pages", Column::Pages)
            }
            Route::NotFound => (self.label("not_found"), "404", Column::NotFound),
        };
        let root = if plan.route == Route::NotFound {
            self.base_path.clone()
        } else {
            match plan.path.matches('/').count() {
                0 => "./".to_string(),
                n => "../".repeat(n),
            }
        };
        let page = page_of(&plan.route);
        let title = if page > 1 {
            let n = page.to_string();
            format!("{title} · {}", self.label("page_n").replace("{n}", &n))
        } else {
            title
        };
        let center = config.center.name.as_deref().unwrap_or(&config.title);
        let description = description
            .or_else(|| config.description.clone())
            .unwrap_or_else(|| config.title.clone());
        let meta = PageMeta::new(
            &c.words,
            column,
            &title,
            pub_date,
            source.unwrap_or(center),
            description,
        );
        let full_title = if section == "home" {
            config.title.clone()
        } else {
            format!("{title} · {}", config.title)
        };
        ctx.insert(
            "correction_url",
            &marks::correction_link(config, &url, &full_title),
        );
        ctx.insert("meta", &meta);
        ctx.insert("jsonld", &jsonld.as_ref().map(jsonld::script_text));
        // The 404 page, served at any address, switches to the elder home page.
        let own_url = match plan.elder {
            Some(_) => plan.route.url(),
            None => String::new(),
        };
        ctx.insert("mode", &ModeView::new(&root, &own_url));
        ctx.insert("base", &mode::base(&root));
        ctx.insert("root", &root);
        ctx.insert("nav_audiences", &nav_audiences(site, &c));
        ctx.insert("page_title", &title);
        ctx.insert("section", section);
        ctx.insert("canonical", &url);
        let template = template(&plan.route).unwrap_or("base.html");
        // Rendered as bytes and kept so: the engine's own `render` checks the whole page is
        // UTF-8 once more to make a `String` of it (3 % of a 10,000-item build).
        let mut html = Vec::with_capacity(PAGE_CAPACITY);
        self.tera
            .render_to(template, &ctx, &mut html)
            .map_err(|e| template_error(None, template, &e))?;
        let page = |path: String, mut html: Vec<u8>| {
            if let Some(script) = &self.options.live_reload_script
                && let Some(at) = memchr::memmem::rfind(&html, b"</body>")
            {
                html.splice(at..at, script.bytes());
            }
            OutputFile::bytes(path, html)
        };
        Ok(match &plan.elder {
            Some(elder) => {
                let (standard, elderly) = mode::both(&html);
                vec![
                    page(plan.path.clone(), standard),
                    page(elder.clone(), elderly),
                ]
            }
            None => vec![page(
                plan.path.clone(),
                mode::resolve(&html, mode::Mode::Standard),
            )],
        })
    }

    /// A label with one `{name}` placeholder filled.
    fn fill(&self, key: &str, name: &str, value: &str) -> String {
        self.label(key).replace(&format!("{{{name}}}"), value)
    }

    /// Renders a theme template that is not a page of the website plan (the print index),
    /// with `data` as the variable `name`, into `path`.
    pub fn render_template(
        &self,
        template: &str,
        path: String,
        name: &'static str,
        data: &impl Serialize,
    ) -> Result<OutputFile<'static>, Diagnostic> {
        let mut ctx = Context::new();
        ctx.insert(name, data);
        let mut html = Vec::new();
        self.tera
            .render_to(template, &ctx, &mut html)
            .map_err(|e| template_error(None, template, &e))?;
        Ok(OutputFile::bytes(
            path,
            mode::resolve(&html, mode::Mode::Standard),
        ))
    }

    /// CSS and script of the theme, web photos (resized), original photos and forms (copied).
    pub fn assets(&self, site: &Site) -> Vec<OutputFile<'static>> {
        let mut files: BTreeMap<String, OutputFile<'static>> = BTreeMap::new();
        for (name, bytes) in &self.statics {
            let path = routes::static_file(name);
            files.insert(path.clone(), OutputFile::bytes(path, bytes.clone()));
        }
        // The search page's folding table, made from the table the index is folded with.
        let fold = routes::static_file(fold::SCRIPT_FILE);
        files.insert(fold.clone(), OutputFile::bytes(fold, fold::script()));
        let mut copies = Vec::new();
        let mut photos = Vec::new();
        for s in &site.staff {
            if let Some(a) = &s.photo {
                copies.push(a);
                photos.push(a);
            }
        }
        for i in &site.items {
            for m in &i.materials {
                copies.extend([&m.blank, &m.template, &m.sample].into_iter().flatten());
            }
            copies.extend(i.forms.iter().map(|f| &f.file));
            copies.extend(i.extra.result_sample.iter());
        }
        for a in copies {
            if let (Some(path), Some(from)) = (routes::file(a), &a.resolved) {
                files.insert(path.clone(), OutputFile::copy(path, from.clone()));
            }
        }
        let mut unique: BTreeMap<String, &std::path::Path> = BTreeMap::new();
        for a in photos {
            if let (Some(path), Some(from)) = (routes::photo(a), &a.resolved) {
                unique.insert(path, from);
            }
        }
        let resized: Vec<(String, Option<Vec<u8>>)> = unique
            .into_par_iter()
            .map(|(path, from)| (path, images::web_photo(from).ok()))
            .collect();
        for (path, bytes) in resized {
            // A photo that cannot be decoded is still published as its original.
            if let Some(bytes) = bytes {
                files.insert(path.clone(), OutputFile::bytes(path, bytes));
            }
        }
        files.into_values().collect()
    }
}

/// A link in the site navigation.
#[derive(Serialize)]
struct NavLink {
    /// `person` or `legal-person` (the page's `section`).
    key: &'static str,
    /// URL from the root.
    url: String,
    /// 个人办事 / 法人办事.
    text: String,
}

/// The audiences with items, for the navigation of every page.
fn nav_audiences(site: &Site, c: &ViewCtx) -> Vec<NavLink> {
    Audience::ALL
        .iter()
        .filter(|a| !site.catalog().audience_items(**a).is_empty())
        .map(|a| NavLink {
            key: a.word(),
            url: Route::<&str>::Audience(*a).url(),
            text: c.label(a.label_key()),
        })
        .collect()
}

/// The page number of a list page (1 for a list's own page).
fn page_of(route: &Route) -> u32 {
    match route {
        Route::ListPage(_, n) => *n,
        _ => 1,
    }
}

/// The HTML pages of a plan but the 404 page: what the sitemap lists.
fn page_paths(plans: &[PagePlan]) -> Vec<String> {
    plans
        .iter()
        .filter(|p| p.path.ends_with(".html") && p.route != Route::NotFound)
        .map(|p| p.path.clone())
        .collect()
}

/// Room for a page as rendered (an item page with its elder regions is some 15 KB), so its
/// buffer is not grown and copied over and over.
const PAGE_CAPACITY: usize = 24 * 1024;

/// How many planned outputs one thread renders before the rest of the plan may be shared
/// out again (a page takes a fraction of a millisecond).
const PLANS_PER_JOB: usize = 16;

/// Why [`render_web_into`] stopped.
#[derive(Debug)]
pub enum Stop<E> {
    /// The theme or a page could not be rendered (every such problem, sorted).
    Render(Diagnostics),
    /// `put` failed.
    Put(E),
}

/// Renders the whole website and hands each file to `put` as soon as it is made (from any
/// thread), so that the site is never held in memory whole: the pages first, then the
/// theme's files, photos and copied files (a page and an asset at the same path: the page,
/// put first, is meant). Says how many HTML pages it put and how many files it kept
/// ([`Made`]). A render problem does not stop the other pages (all problems are reported),
/// but the files already put are then to be thrown away. With `keep`, the pages it vouches
/// for are not rendered: their files in OUT are put as they are (see [`crate::keep`]).
pub fn render_web_into<'s, E: Send>(
    site: &'s Site,
    theme: &Theme,
    options: WebOptions,
    keep: Option<&Keep>,
    put: impl Fn(OutputFile<'s>) -> Result<(), E> + Sync,
) -> Result<Made, Stop<E>> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let renderer = Renderer::new(site, theme, options).map_err(Stop::Render)?;
    let plans = renderer.plan(site);
    let keep = keep.filter(|k| k.fits(&plans));
    let problems = std::sync::Mutex::new(Diagnostics::new());
    let pages = AtomicUsize::new(0);
    let kept = AtomicUsize::new(0);
    let render = |p: &PagePlan| match keep.and_then(|k| k.files(p)) {
        Some(files) => {
            kept.fetch_add(files.len(), Ordering::Relaxed);
            Ok(files)
        }
        None => renderer.render(site, p),
    };
    // The open data files are long single jobs (each a second at 100,000 items), written
    // as they are made. Last in the plan, they ran on one thread while the others idled:
    // they come first now, and the pages fill the other threads meanwhile.
    let is_data = |p: &&PagePlan| matches!(p.route, Route::Data(_));
    let order: Vec<&PagePlan> = plans
        .iter()
        .filter(is_data)
        .chain(plans.iter().filter(|p| !is_data(p)))
        .collect();
    let render_all = || {
        // Small pieces: rayon otherwise hands out long runs of the plan that cannot be
        // shared once begun, and the build ended with one thread on the last run alone.
        order
            .par_iter()
            .with_max_len(PLANS_PER_JOB)
            .try_for_each(|p| match render(p) {
                Ok(files) => files.into_iter().try_for_each(|f| {
                    if f.path.ends_with(".html") {
                        pages.fetch_add(1, Ordering::Relaxed);
                    }
                    put(f).map_err(Stop::Put)
                }),
                Err(d) => {
                    problems
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner)
                        .push(d);
                    Ok(())
                }
            })
    };
    // The search index is one long job (a quarter of a second at 10,000 items). Built when
    // its first shard came up, late in the plan, it ran alone at the end while the other
    // threads waited; built first, on one thread beside the pages, it overlaps them.
    let search_rendered = plans
        .iter()
        .find(|p| matches!(p.route, Route::SearchShard(_) | Route::SearchDocs(_)))
        .is_some_and(|p| keep.and_then(|k| k.files(p)).is_none());
    if search_rendered {
        rayon::join(|| renderer.prepare_search(site), render_all).1?;
    } else {
        render_all()?;
    }
    let mut problems = problems
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if !problems.is_empty() {
        problems.sort();
        return Err(Stop::Render(problems));
    }
    renderer
        .assets(site)
        .into_iter()
        .try_for_each(|f| put(f).map_err(Stop::Put))?;
    Ok(Made {
        pages: pages.into_inner(),
        kept: kept.into_inner(),
    })
}

/// What [`render_web_into`] put.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Made {
    /// HTML pages (kept ones included).
    pub pages: usize,
    /// Files kept from OUT as they were instead of rendered (see [`crate::keep`]).
    pub kept: usize,
}

/// The whole website in memory, sorted by path (tests and tools; `build` writes as it
/// renders, see [`render_web_into`]).
pub fn render_web<'s>(
    site: &'s Site,
    theme: &Theme,
    options: WebOptions,
) -> Result<Vec<OutputFile<'s>>, Diagnostics> {
    let files = std::sync::Mutex::new(Vec::new());
    let kept = |f: OutputFile<'s>| {
        files
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(f);
        Ok::<(), std::convert::Infallible>(())
    };
    match render_web_into(site, theme, options, None, kept) {
        Ok(_) => {}
        Err(Stop::Render(d)) => return Err(d),
        Err(Stop::Put(never)) => match never {},
    }
    let mut files = files
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    // Pages were put before assets: a stable sort keeps a page before an asset at its path.
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files.dedup_by(|a, b| a.path == b.path);
    Ok(files)
}
