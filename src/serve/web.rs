//! The thin adapter between `serve` and the website renderer: the only file of `serve` that
//! knows the renderer's API. Everything else in `serve` speaks [`Dep`], [`Plan`] and
//! [`OutputFile`].
//!
//! STUB: until the renderer lands (branch `web`), this file carries a tiny stand-in with the
//! same shape (page plans with dependencies, per-page rendering, assets) so the incremental
//! engine, the server and the tests can be written against it.

use crate::content::Site;
use crate::diag::{Diagnostic, Diagnostics};
use crate::output::OutputFile;

/// The path of the live-reload script injected into pages in serve mode.
pub const RELOAD_SCRIPT: &str = "/__gongshi/reload.js";

/// What a page shows, so that serve re-renders only the pages an edit touches.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Dep {
    /// `site.yaml`.
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
    /// The set or order of items.
    AllItems,
    /// The set or order of windows.
    AllWindows,
    /// The set or order of staff.
    AllStaff,
    /// The set or order of notices.
    AllNotices,
    /// The set or order of rules.
    AllRules,
    /// The set or order of pages.
    AllPages,
    /// A theme template by name.
    Template(String),
}

/// One page to render: its output path and what it shows.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Output path relative to OUT.
    pub path: String,
    /// What the page shows.
    pub deps: Vec<Dep>,
}

/// A renderer set up once per theme: templates compiled, ready to render single pages.
pub struct Web {
    live_reload: bool,
}

impl Web {
    /// Sets up the renderer for a site (loads and compiles the theme). `live_reload` injects
    /// the reload script into every page (serve mode only).
    pub fn new(_site: &Site, live_reload: bool) -> Result<Web, Diagnostics> {
        Ok(Web { live_reload })
    }

    /// Every page of the site with its dependencies.
    pub fn plan(&self, site: &Site) -> Vec<Plan> {
        let mut plans = vec![
            Plan {
                path: "index.html".into(),
                deps: vec![Dep::Config, Dep::AllWindows, Dep::AllItems],
            },
            Plan {
                path: "404.html".into(),
                deps: vec![Dep::Config],
            },
            Plan {
                path: "sitemap.xml".into(),
                deps: vec![Dep::Config, Dep::AllItems, Dep::AllWindows],
            },
        ];
        for w in &site.windows {
            let mut deps = vec![Dep::Config, Dep::Window(w.source.id.clone())];
            deps.extend(site.items_of(&w.source.id).map(|i| Dep::Item(i.source.id.clone())));
            deps.push(Dep::AllItems);
            plans.push(Plan {
                path: format!("windows/{}/index.html", w.source.id),
                deps,
            });
        }
        for i in &site.items {
            plans.push(Plan {
                path: format!("items/{}/index.html", i.source.id),
                deps: vec![
                    Dep::Config,
                    Dep::Item(i.source.id.clone()),
                    Dep::Window(i.window.value.clone()),
                ],
            });
        }
        plans
    }

    /// Renders one page.
    pub fn render(&self, site: &Site, plan: &Plan) -> Result<OutputFile, Diagnostic> {
        let esc = |s: &str| {
            s.replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;")
                .replace('"', "&quot;")
        };
        let script = if self.live_reload {
            format!("<script src=\"{RELOAD_SCRIPT}\" defer></script>")
        } else {
            String::new()
        };
        let page = |title: &str, body: String| {
            format!(
                "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{}</title>{script}</head><body>{body}</body></html>",
                esc(title)
            )
        };
        let path = plan.path.as_str();
        let html = if path == "index.html" {
            let mut body = format!("<h1>{}</h1><ul>", esc(&site.config.title));
            for w in &site.windows {
                body += &format!(
                    "<li><a href=\"windows/{}/\">{}</a></li>",
                    w.source.id,
                    esc(&w.name)
                );
            }
            body += &format!("</ul><p>{} items</p>", site.items.len());
            page(&site.config.title, body)
        } else if path == "404.html" {
            page("404", "<h1>404</h1>".into())
        } else if path == "sitemap.xml" {
            let mut xml = String::from("<urlset>");
            for w in &site.windows {
                xml += &format!("<url>{}windows/{}/</url>", site.config.base_url, w.source.id);
            }
            for i in &site.items {
                xml += &format!("<url>{}items/{}/</url>", site.config.base_url, i.source.id);
            }
            xml + "</urlset>"
        } else if let Some(id) = path
            .strip_prefix("windows/")
            .and_then(|p| p.strip_suffix("/index.html"))
        {
            let w = site.window(id).ok_or_else(|| missing(path))?;
            let mut body = format!("<h1>{}</h1><ul>", esc(&w.name));
            for i in site.items_of(id) {
                body += &format!("<li>{}</li>", esc(&i.name));
            }
            page(&w.name, body + "</ul>")
        } else if let Some(id) = path
            .strip_prefix("items/")
            .and_then(|p| p.strip_suffix("/index.html"))
        {
            let i = site.item(id).ok_or_else(|| missing(path))?;
            let window = site.window(&i.window).map_or("", |w| w.name.value.as_str());
            let body = format!(
                "<h1>{}</h1><p>{}</p><div>{}</div>",
                esc(&i.name),
                esc(window),
                esc(i.conditions.as_deref().unwrap_or(""))
            );
            page(&i.name, body)
        } else {
            return Err(missing(path));
        };
        Ok(OutputFile::bytes(path, html))
    }

    /// Theme assets and copied files (styles, scripts, photos, forms).
    pub fn assets(&self, _site: &Site) -> Vec<OutputFile> {
        vec![OutputFile::bytes("style.css", "body{font-family:sans-serif}")]
    }
}

fn missing(path: &str) -> Diagnostic {
    Diagnostic::error(
        "E900",
        crate::diag::Location::file(path),
        crate::msg!("no such page", "没有此页面", "沒有此頁面"),
    )
}

/// Which changes make the assets stale (they may be expensive: photos are resized).
pub fn assets_depend_on(dep: &Dep) -> bool {
    matches!(dep, Dep::Config | Dep::Staff(_) | Dep::Item(_) | Dep::Template(_))
}

/// The whole website as `gongshi build` makes it (the library's "build everything").
pub fn full_build(site: &Site, live_reload: bool) -> Result<Vec<OutputFile>, Diagnostics> {
    let web = Web::new(site, live_reload)?;
    let mut out = web.assets(site);
    for plan in web.plan(site) {
        out.push(web.render(site, &plan).map_err(|d| Diagnostics::from_iter([d]))?);
    }
    Ok(out)
}
