//! gongshi: one source of truth for the disclosure boards (公示) of government service
//! windows. Content is loaded into a typed model, checked, then rendered as a website and
//! printed as PDF sheets.
//!
//! Stages: [`content`] loads, [`check`] checks, render and print produce outputs, and
//! [`output`] is the only stage that writes the output folder.

pub mod check;
pub mod config;
pub mod content;
pub mod diag;
pub mod graphics;
pub mod markdown;
pub mod output;
pub mod render;
pub mod scaffold;
pub mod schema;
pub mod serve;
pub mod theme;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use content::Site;
use diag::{Diagnostic, Diagnostics, Lang};

/// A loaded and checked site with every problem found.
pub struct Checked {
    /// The site model (records with errors may be partial).
    pub site: Site,
    /// Problems from loading and checking, sorted.
    pub diagnostics: Diagnostics,
    /// How many files were read.
    pub files: usize,
}

/// Loads and checks the site in `root`. `Err` means the folder is not a site at all.
pub fn load_and_check(root: &Path) -> Result<Checked, Diagnostic> {
    let loaded = content::load::load(root)?;
    let mut diagnostics = loaded.diagnostics;
    diagnostics.extend(check::check(&loaded.site));
    diagnostics.sort();
    Ok(Checked {
        site: loaded.site,
        diagnostics,
        files: loaded.files,
    })
}

/// What `gongshi build` should do besides rendering the website.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Output folder; `SITE/public` when `None`.
    pub out: Option<PathBuf>,
    /// Skip the print products.
    pub no_print: bool,
    /// Web rendering options (serve's live reload).
    pub web: render::WebOptions,
}

/// A finished build.
#[derive(Debug)]
pub struct Built {
    /// Where it was written.
    pub out: PathBuf,
    /// HTML pages written.
    pub pages: usize,
    /// Print sheets written.
    pub sheets: usize,
    /// Files written in all.
    pub files: usize,
    /// Warnings from the checks.
    pub diagnostics: Diagnostics,
    /// The site language (for messages).
    pub lang: Lang,
    /// How long it took.
    pub elapsed: Duration,
}

/// Why a build stopped; OUT is untouched in every case.
#[derive(Debug)]
pub enum BuildError {
    /// The folder is not a site (no readable site.yaml).
    NotASite(Diagnostic),
    /// Content errors (with the warnings found alongside), the site language, files read.
    Content(Diagnostics, Lang, usize),
    /// The theme or a template is broken; the site language.
    Render(Diagnostics, Lang),
    /// Writing OUT failed or was refused.
    Output(output::OutputError),
}

/// Loads, checks and renders the site in `root` and writes it to OUT in one swap.
pub fn build(root: &Path, options: &BuildOptions) -> Result<Built, BuildError> {
    let start = Instant::now();
    let checked = load_and_check(root).map_err(BuildError::NotASite)?;
    if checked.diagnostics.has_errors() {
        return Err(BuildError::Content(
            checked.diagnostics,
            checked.site.config.language,
            checked.files,
        ));
    }
    let site = checked.site;
    let lang = site.config.language;
    let theme = theme::Theme::load(root, site.config.theme.as_deref())
        .map_err(|d| BuildError::Render(std::iter::once(d).collect(), lang))?;
    let mut files = render::render_web(&site, &theme, options.web.clone())
        .map_err(|d| BuildError::Render(d, lang))?;
    let pages = files.iter().filter(|f| f.path.ends_with(".html")).count();
    // Print products (PDF sheets) are appended here once the print stage exists.
    let print_files: Vec<output::OutputFile> = Vec::new();
    let sheets = if options.no_print {
        0
    } else {
        print_files.len()
    };
    if !options.no_print {
        files.extend(print_files);
    }
    let out = options.out.clone().unwrap_or_else(|| root.join("public"));
    let written = output::write_site(root, &out, &files).map_err(BuildError::Output)?;
    Ok(Built {
        out,
        pages,
        sheets,
        files: written,
        diagnostics: checked.diagnostics,
        lang,
        elapsed: start.elapsed(),
    })
}
