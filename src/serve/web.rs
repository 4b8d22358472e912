//! The thin adapter between `serve` and the website renderer ([`crate::render`]): the only
//! file of `serve` that knows the renderer's API.

use crate::content::Site;
use crate::diag::{Diagnostic, Diagnostics};
use crate::output::OutputFile;
use crate::render::views::browse::list_items;
use crate::render::{Renderer, WebOptions};
use crate::routes::{Listing, Route};
use crate::theme::Theme;

pub use crate::render::{Dep, PagePlan as Plan};

/// The path of the live-reload script injected into pages in serve mode.
pub const RELOAD_SCRIPT: &str = "/__gongshi/reload.js";

/// Web options for serve (`live_reload`) or a plain build.
pub fn options(live_reload: bool) -> WebOptions {
    WebOptions {
        live_reload_script: live_reload
            .then(|| format!("<script src=\"{RELOAD_SCRIPT}\"></script>")),
    }
}

/// The pages every page's navigation links to when they exist (个人办事, 法人办事): when one
/// appears or goes, every page changes.
pub fn nav_pages() -> Vec<String> {
    use crate::content::Vocabulary;
    crate::content::Audience::ALL
        .iter()
        .map(|a| Route::<&str>::Audience(*a).path())
        .collect()
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
    /// its `AllItems` is narrowed to those items (an edit to one item then re-renders the
    /// pages of its own lists, not all of them). Adding, removing or moving an item is still
    /// seen: the incremental build matches both the old and the new plan, and the item is in
    /// one of them. Every page of a list depends on every item of the list, as an item
    /// joining or leaving it shifts the pages after it.
    pub fn plan(&self, site: &Site) -> Vec<Plan> {
        let mut plans = self.renderer.plan(site);
        for p in &mut plans {
            let list = match &p.route {
                Route::Window(id) => Listing::Window(id.as_str()),
                Route::Topic(a, name) => Listing::Topic(*a, name.as_str()),
                Route::Department(name) => Listing::Department(name.as_str()),
                Route::ListPage(list, _) => match list {
                    Listing::Window(id) => Listing::Window(id.as_str()),
                    Listing::Topic(a, name) => Listing::Topic(*a, name.as_str()),
                    Listing::Department(name) => Listing::Department(name.as_str()),
                    Listing::Audience(_) | Listing::Staff => continue,
                },
                _ => continue,
            };
            // A department page lists the items it implements and counts the items of each of
            // its windows, whoever implements them.
            let shown: Vec<usize> = match &list {
                Listing::Department(name) => {
                    site.catalog().department(name).map_or_else(Vec::new, |d| {
                        let mut all = d.items.clone();
                        for w in &d.windows {
                            let id = site.windows[*w].source.id.as_str();
                            all.extend_from_slice(list_items(site, &Listing::Window(id)));
                        }
                        all.sort_unstable();
                        all.dedup();
                        all
                    })
                }
                _ => list_items(site, &list).to_vec(),
            };
            if p.deps.contains(&Dep::AllItems) {
                p.deps.retain(|d| *d != Dep::AllItems);
                p.deps.extend(
                    shown
                        .iter()
                        .map(|n| Dep::Item(site.items[*n].source.id.clone())),
                );
            }
        }
        plans
    }

    /// Renders one output and its elder page.
    pub fn render(&self, site: &Site, plan: &Plan) -> Result<Vec<OutputFile>, Diagnostic> {
        self.renderer.render(site, plan)
    }

    /// Theme files, web photos and copied files.
    pub fn assets(&self, site: &Site) -> Vec<OutputFile> {
        self.renderer.assets(site)
    }
}
