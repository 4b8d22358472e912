//! The thin adapter between `serve` and the website renderer ([`crate::render`]): the only
//! file of `serve` that knows the renderer's API.

use crate::content::Site;
use crate::diag::{Diagnostic, Diagnostics};
use crate::output::OutputFile;
use crate::render::{self, Renderer, WebOptions};
use crate::routes::Route;
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
    /// A window page shows only its own items, so its `AllItems` is narrowed to those items
    /// (an edit to one item then re-renders one window page, not all of them). Adding,
    /// removing or moving an item is still seen: the incremental build matches both the old
    /// and the new plan, and the item is in one of them.
    pub fn plan(&self, site: &Site) -> Vec<Plan> {
        let mut plans = render::plan(site);
        // Items by window, in one pass (a big site has hundreds of windows).
        let mut by_window: std::collections::HashMap<&str, Vec<Dep>> =
            std::collections::HashMap::new();
        for item in &site.items {
            by_window
                .entry(item.window.value.as_str())
                .or_default()
                .push(Dep::Item(item.source.id.clone()));
        }
        for p in &mut plans {
            if let Route::Window(id) = &p.route
                && p.deps.contains(&Dep::AllItems)
            {
                p.deps.retain(|d| *d != Dep::AllItems);
                p.deps
                    .extend(by_window.remove(id.as_str()).unwrap_or_default());
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
