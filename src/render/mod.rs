//! The website: an explicit page plan (what to write and which content each output shows),
//! a renderer that compiles the theme's templates once and renders any planned page, and the
//! assets (CSS, script, photos, forms). Render never reads content files, except photos,
//! which [`images`] resizes from the paths the model resolved.

// `Diagnostic` is the crate's error type everywhere; boxing it here alone would not help.
#![allow(clippy::result_large_err)]

pub mod feed;
pub mod images;
pub mod search;
pub mod views;

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera};

use crate::content::Site;
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::markdown::{self, MarkdownOptions};
use crate::msg;
use crate::output::OutputFile;
use crate::theme::{Origin, Theme};
use views::{Ctx, Labels, encode_path};

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
    Template(String),
}

/// What kind of output a plan entry is.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PageKind {
    /// The home page.
    Home,
    /// A window page (id).
    Window(String),
    /// An item guide (id).
    Item(String),
    /// The staff board.
    Staff,
    /// A rule (id).
    Rule(String),
    /// The notices list.
    Notices,
    /// A notice (id).
    Notice(String),
    /// A free page (id).
    Page(String),
    /// The search page.
    Search,
    /// 404.html.
    NotFound,
    /// atom.xml.
    Feed,
    /// sitemap.xml.
    Sitemap,
    /// robots.txt.
    Robots,
    /// search-index.json.
    SearchIndex,
}

impl PageKind {
    /// The template that renders this kind, if it is an HTML page.
    pub fn template(&self) -> Option<&'static str> {
        Some(match self {
            PageKind::Home => "home.html",
            PageKind::Window(_) => "window.html",
            PageKind::Item(_) => "item.html",
            PageKind::Staff => "staff.html",
            PageKind::Rule(_) => "rule.html",
            PageKind::Notices => "notices.html",
            PageKind::Notice(_) => "notice.html",
            PageKind::Page(_) => "page.html",
            PageKind::Search => "search.html",
            PageKind::NotFound => "404.html",
            PageKind::Feed | PageKind::Sitemap | PageKind::Robots | PageKind::SearchIndex => {
                return None;
            }
        })
    }
}

/// One output of the website and the content it depends on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PagePlan {
    /// Path in OUT, e.g. `items/gjj-loan/index.html`.
    pub path: String,
    /// What it is.
    pub kind: PageKind,
    /// What it shows.
    pub deps: Vec<Dep>,
}

/// Path of the search index in OUT.
pub const SEARCH_INDEX: &str = "search-index.json";

/// Every output of the website, in a deterministic order.
pub fn plan(site: &Site) -> Vec<PagePlan> {
    use Dep::*;
    let mut out = Vec::new();
    let mut add = |path: String, kind: PageKind, mut deps: Vec<Dep>| {
        deps.insert(0, Config);
        if let Some(t) = kind.template() {
            deps.push(Template("base.html".into()));
            deps.push(Template(t.into()));
        }
        out.push(PagePlan { path, kind, deps });
    };
    add(
        "index.html".into(),
        PageKind::Home,
        vec![AllWindows, AllItems, AllNotices, AllPages, AllRules],
    );
    add(
        "search/index.html".into(),
        PageKind::Search,
        vec![AllItems, AllWindows],
    );
    add(
        "staff/index.html".into(),
        PageKind::Staff,
        vec![AllStaff, AllWindows, Template("_person.html".into())],
    );
    add(
        "notices/index.html".into(),
        PageKind::Notices,
        vec![AllNotices],
    );
    for w in &site.windows {
        let id = &w.source.id;
        add(
            format!("windows/{id}/index.html"),
            PageKind::Window(id.clone()),
            vec![
                Window(id.clone()),
                AllItems,
                AllStaff,
                AllRules,
                Template("_person.html".into()),
            ],
        );
    }
    for i in &site.items {
        let id = &i.source.id;
        add(
            format!("items/{id}/index.html"),
            PageKind::Item(id.clone()),
            vec![Item(id.clone()), Window(i.window.value.clone())],
        );
    }
    for r in &site.rules {
        let id = &r.source.id;
        add(
            format!("rules/{id}/index.html"),
            PageKind::Rule(id.clone()),
            vec![Rule(id.clone())],
        );
    }
    for n in &site.notices {
        let id = &n.source.id;
        add(
            format!("notices/{id}/index.html"),
            PageKind::Notice(id.clone()),
            vec![Notice(id.clone())],
        );
    }
    for p in &site.pages {
        let id = &p.source.id;
        add(
            format!("pages/{id}/index.html"),
            PageKind::Page(id.clone()),
            vec![Page(id.clone())],
        );
    }
    add("404.html".into(), PageKind::NotFound, vec![]);
    add("atom.xml".into(), PageKind::Feed, vec![AllNotices]);
    add(
        "sitemap.xml".into(),
        PageKind::Sitemap,
        vec![AllWindows, AllItems, AllRules, AllNotices, AllPages],
    );
    add("robots.txt".into(), PageKind::Robots, vec![]);
    add(
        SEARCH_INDEX.into(),
        PageKind::SearchIndex,
        vec![AllItems, AllWindows],
    );
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
    description: Option<&'a str>,
    center_name: &'a str,
    address: Option<&'a str>,
    hours: Option<&'a str>,
    phone: Option<&'a str>,
    complaint_phone: Option<&'a str>,
}

/// The compiled theme and everything pages share.
pub struct Renderer {
    tera: Tera,
    labels: Labels,
    md: MarkdownOptions,
    options: WebOptions,
    statics: Vec<(String, Vec<u8>)>,
    base_path: String,
}

fn base_path(base_url: &str) -> String {
    let after_scheme = base_url
        .split_once("://")
        .map_or(base_url, |(_, rest)| rest);
    match after_scheme.find('/') {
        Some(i) => after_scheme[i..].to_string(),
        None => "/".to_string(),
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
            description: c.description.as_deref(),
            center_name: c.center.name.as_deref().unwrap_or(&c.title),
            address: c.center.address.as_deref(),
            hours: c.center.hours.as_deref(),
            phone: c.center.phone.as_deref(),
            complaint_phone: c.center.complaint_phone.as_deref(),
        };
        tera.global_context().insert("site", &site_view);
        tera.global_context().insert("t", &labels);
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
            base_path: base_path(&c.base_url),
        })
    }

    fn ctx(&self, site: &Site) -> Ctx<'_> {
        Ctx {
            lang: site.config.language,
            labels: &self.labels,
            md: self.md,
        }
    }

    fn label(&self, key: &str) -> String {
        self.labels
            .get(key)
            .cloned()
            .unwrap_or_else(|| key.to_string())
    }

    /// Renders one planned output.
    pub fn render(&self, site: &Site, plan: &PagePlan) -> Result<OutputFile, Diagnostic> {
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
        let mut ctx = Context::new();
        let (title, section) = match &plan.kind {
            PageKind::Feed => {
                let xml = feed::atom(
                    site,
                    &format!("{} · {}", site.config.title, self.label("notices")),
                    |md| markdown::to_html(md, self.md),
                );
                return Ok(OutputFile::bytes(plan.path.clone(), xml));
            }
            PageKind::Sitemap => {
                let pages = plan_paths(site);
                let encoded: Vec<String> = pages.iter().map(|p| encode_path(p)).collect();
                let xml = feed::sitemap(&site.config.base_url, encoded.iter().map(String::as_str));
                return Ok(OutputFile::bytes(plan.path.clone(), xml));
            }
            PageKind::Robots => {
                return Ok(OutputFile::bytes(
                    plan.path.clone(),
                    feed::robots(&site.config.base_url),
                ));
            }
            PageKind::SearchIndex => {
                let index = search::build(site);
                let json =
                    serde_json::to_vec(&index).map_err(|e| render_error(plan, &e.to_string()))?;
                return Ok(OutputFile::bytes(plan.path.clone(), json));
            }
            PageKind::Home => {
                ctx.insert("home", &views::home(site, &c));
                (site.config.title.clone(), "home")
            }
            PageKind::Search => {
                let items: Vec<_> = site
                    .items
                    .iter()
                    .map(|i| views::item_summary(site, i, &c))
                    .collect();
                ctx.insert("search", &views::SearchView { items });
                (self.label("search"), "search")
            }
            PageKind::Staff => {
                ctx.insert("board", &views::staff_board(site, &c));
                (self.label("staff_board"), "staff")
            }
            PageKind::Notices => {
                let notices = site.notices.iter().map(views::notice_summary).collect();
                ctx.insert("list", &views::NoticesView { notices });
                (self.label("notices"), "notices")
            }
            PageKind::Window(id) => {
                let w = site.window(id).ok_or_else(missing)?;
                ctx.insert("w", &views::window(site, w, &c));
                (
                    format!(
                        "{} {}",
                        self.label("window_no").replace("{n}", &w.number.value),
                        w.name.value
                    ),
                    "windows",
                )
            }
            PageKind::Item(id) => {
                let item = site.item(id).ok_or_else(missing)?;
                let url = format!("{}items/{}/", site.config.base_url, encode_path(id));
                ctx.insert("g", &views::item(site, item, url, &c));
                (item.name.value.clone(), "items")
            }
            PageKind::Rule(id) => {
                let r = site.rule(id).ok_or_else(missing)?;
                ctx.insert("a", &views::rule(r, &c));
                (r.title.value.clone(), "rules")
            }
            PageKind::Notice(id) => {
                let n = site
                    .notices
                    .iter()
                    .find(|n| &n.source.id == id)
                    .ok_or_else(missing)?;
                ctx.insert("a", &views::notice(n, &c));
                (n.title.value.clone(), "notices")
            }
            PageKind::Page(id) => {
                let p = site
                    .pages
                    .iter()
                    .find(|p| &p.source.id == id)
                    .ok_or_else(missing)?;
                ctx.insert("a", &views::page(p, &c));
                (p.title.value.clone(), "pages")
            }
            PageKind::NotFound => (self.label("not_found"), "404"),
        };
        let root = if plan.kind == PageKind::NotFound {
            self.base_path.clone()
        } else {
            match plan.path.matches('/').count() {
                0 => "./".to_string(),
                n => "../".repeat(n),
            }
        };
        let pretty = plan.path.strip_suffix("index.html").unwrap_or(&plan.path);
        ctx.insert("root", &root);
        ctx.insert("page_title", &title);
        ctx.insert("section", section);
        ctx.insert(
            "canonical",
            &format!("{}{}", site.config.base_url, encode_path(pretty)),
        );
        let template = plan.kind.template().unwrap_or("base.html");
        let mut html = self
            .tera
            .render(template, &ctx)
            .map_err(|e| template_error(None, template, &e))?;
        if let Some(script) = &self.options.live_reload_script
            && let Some(at) = html.rfind("</body>")
        {
            html.insert_str(at, script);
        }
        Ok(OutputFile::bytes(plan.path.clone(), html))
    }

    /// CSS and script of the theme, web photos (resized), original photos and forms (copied).
    pub fn assets(&self, site: &Site) -> Vec<OutputFile> {
        let mut files: BTreeMap<String, OutputFile> = BTreeMap::new();
        for (name, bytes) in &self.statics {
            files.insert(
                format!("static/{name}"),
                OutputFile::bytes(format!("static/{name}"), bytes.clone()),
            );
        }
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
            if let (Some(path), Some(from)) = (views::file_path(a), &a.resolved) {
                files.insert(path.clone(), OutputFile::copy(path, from.clone()));
            }
        }
        let mut unique: BTreeMap<String, &std::path::Path> = BTreeMap::new();
        for a in photos {
            if let (Some(path), Some(from)) = (views::photo_path(a), &a.resolved) {
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

fn render_error(plan: &PagePlan, text: &str) -> Diagnostic {
    let path = &plan.path;
    Diagnostic::error(
        "E044",
        Location::file(plan.path.clone()),
        msg!(
            "cannot render {path}: {text}",
            "无法生成 {path}：{text}",
            "無法產生 {path}：{text}"
        ),
    )
}

/// HTML page paths of the plan (for the sitemap).
fn plan_paths(site: &Site) -> Vec<String> {
    plan(site)
        .into_iter()
        .filter(|p| p.path.ends_with(".html") && p.kind != PageKind::NotFound)
        .map(|p| p.path)
        .collect()
}

/// Renders the whole website: every planned output (in parallel) and the assets, sorted by path.
pub fn render_web(
    site: &Site,
    theme: &Theme,
    options: WebOptions,
) -> Result<Vec<OutputFile>, Diagnostics> {
    let renderer = Renderer::new(site, theme, options)?;
    let plans = plan(site);
    let results: Vec<Result<OutputFile, Diagnostic>> =
        plans.par_iter().map(|p| renderer.render(site, p)).collect();
    let mut diags = Diagnostics::new();
    let mut files = Vec::with_capacity(results.len());
    for r in results {
        match r {
            Ok(f) => files.push(f),
            Err(d) => diags.push(d),
        }
    }
    if !diags.is_empty() {
        diags.sort();
        return Err(diags);
    }
    files.extend(renderer.assets(site));
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files.dedup_by(|a, b| a.path == b.path);
    Ok(files)
}
