//! The thin adapter between `serve` and the website renderer ([`crate::render`]): the only
//! file of `serve` that knows the renderer's API.

use crate::content::{Audience, Site, Vocabulary};
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::msg;
use crate::output::OutputFile;
use crate::render::views::browse::list_items;
use crate::render::{Renderer, WebOptions};
use crate::routes::{Listing, Route};
use crate::theme::Theme;

pub use crate::render::{Dep, PagePlan as Plan, nav_pages};

/// The path of the live-reload script injected into pages in serve mode.
pub const RELOAD_SCRIPT: &str = "/__gongshi/reload.js";

/// Web options for serve (`live_reload`) or a plain build.
pub fn options(live_reload: bool) -> WebOptions {
    WebOptions {
        live_reload_script: live_reload
            .then(|| format!("<script src=\"{RELOAD_SCRIPT}\"></script>")),
    }
}

/// The lists (as [`Dep::List`]) whose pages show the item with id `id` in `site`: its
/// window's, its topics' and the departments' that list it (a department page lists the
/// items it implements and those of its windows, whoever implements them).
pub fn lists_showing(site: &Site, id: &str) -> Vec<Dep> {
    let Some(n) = site.item_position(id) else {
        return Vec::new();
    };
    let catalog = site.catalog();
    let shows = |list: &Listing<&str>| list_items(site, list).binary_search(&n).is_ok();
    let mut lists: Vec<Listing<&str>> = site
        .windows
        .iter()
        .map(|w| Listing::Window(w.source.id.as_str()))
        .collect();
    for a in Audience::ALL {
        let topics = catalog.topics(*a).iter();
        lists.extend(topics.map(|t| Listing::Topic(*a, t.name.as_str())));
    }
    let mut found: Vec<Dep> = lists
        .iter()
        .filter(|list| shows(list))
        .map(|list| Dep::List(list.owned()))
        .collect();
    for d in catalog.departments() {
        let of_windows = || {
            d.windows.iter().any(|w| {
                let id = site.windows[*w].source.id.as_str();
                catalog.window_items(id).binary_search(&n).is_ok()
            })
        };
        if d.items.binary_search(&n).is_ok() || of_windows() {
            found.push(Dep::List(Listing::Department(d.name.clone())));
        }
    }
    found
}

/// A renderer set up once per theme and configuration: templates compiled, ready to render
/// single pages.
pub struct Web {
    renderer: Renderer,
}

fn theme(site: &Site) -> Result<Theme, Diagnostics> {
    Theme::load(&site.root, site.config.theme.as_deref()).map_err(|d| Diagnostics::from_iter([d]))
}

impl Web {
    /// Loads the theme and compiles its templates. `live_reload` injects the reload script
    /// into every page (serve mode only).
    pub fn new(site: &Site, live_reload: bool) -> Result<Web, Diagnostics> {
        let theme = theme(site)?;
        let renderer = Renderer::new(site, &theme, options(live_reload))?;
        Ok(Web { renderer })
    }

    /// Every output of the site with its dependencies.
    ///
    /// A page of a window, topic or department list shows only the items of that list, so
    /// its `AllItems` is narrowed to that list ([`Dep::List`]): an edit to one item then
    /// re-renders the pages of its own lists ([`lists_showing`], asked of the site before
    /// and after the edit), not all of them. Every page of a list depends on every item of
    /// the list, as an item joining or leaving it shifts the pages after it.
    pub fn plan(&self, site: &Site) -> Vec<Plan> {
        let mut plans = self.renderer.plan(site);
        for p in &mut plans {
            let list = match &p.route {
                Route::Window(id) => Listing::Window(id.clone()),
                Route::Topic(a, name) => Listing::Topic(*a, name.clone()),
                Route::Department(name) => Listing::Department(name.clone()),
                Route::ListPage(list, _) => match list {
                    Listing::Window(_) | Listing::Topic(..) | Listing::Department(_) => {
                        list.clone()
                    }
                    Listing::Audience(_) | Listing::Staff => continue,
                },
                _ => continue,
            };
            if let Some(d) = p.deps.iter_mut().find(|d| **d == Dep::AllItems) {
                *d = Dep::List(list);
            }
        }
        plans
    }

    /// Renders one output and its elder page. Serve keeps what it renders past the next
    /// edit of the site, so a file made from the site as it is written (the open data) is
    /// made now.
    pub fn render(&self, site: &Site, plan: &Plan) -> Result<Vec<OutputFile<'static>>, Diagnostic> {
        let files = self.renderer.render(site, plan)?;
        files
            .into_iter()
            .map(|f| {
                let path = f.path.clone();
                f.into_owned().map_err(|e| {
                    Diagnostic::error(
                        "E044",
                        Location::file(path.clone()),
                        msg!(
                            "{path} cannot be made: {e}",
                            "无法生成 {path}：{e}",
                            "無法產生 {path}：{e}"
                        ),
                    )
                })
            })
            .collect()
    }

    /// Theme files, web photos and copied files.
    pub fn assets(&self, site: &Site) -> Vec<OutputFile<'static>> {
        self.renderer.assets(site)
    }
}
