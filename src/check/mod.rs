//! Semantic checks on a loaded site: references, duplicates, time limits, fees and the
//! standardized-window disclosure audit. Checking never touches the disk.

mod audit;
pub mod inspection;
mod limits;
mod references;

use crate::content::Site;
use crate::diag::Diagnostics;

/// Runs every check on the site.
pub fn check(site: &Site) -> Diagnostics {
    let mut out = Diagnostics::new();
    references::check(site, &mut out);
    limits::check(site, &mut out);
    audit::check(site, &mut out);
    out
}
