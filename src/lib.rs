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
pub mod output;
pub mod scaffold;
pub mod schema;
pub mod serve;

use std::path::Path;

use content::Site;
use diag::{Diagnostic, Diagnostics};

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
