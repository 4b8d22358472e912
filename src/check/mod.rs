//! Semantic checks on a loaded site: references, duplicates, time limits, the
//! standardized-window disclosure audit and what a transcribed guide leaves unstated. Checking never touches the disk.

mod audit;
pub mod inspection;
mod limits;
mod references;
mod stated;
mod topics;

use crate::content::Site;
use crate::diag::Diagnostics;

/// Runs every check on the site.
pub fn check(site: &Site) -> Diagnostics {
    let mut out = Diagnostics::new();
    references::check(site, &mut out);
    limits::check(site, &mut out);
    audit::check(site, &mut out);
    stated::check(site, &mut out);
    topics::check(site, &mut out);
    out
}
