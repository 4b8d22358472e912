//! Semantic checks on a loaded site: references, duplicates, time limits, the
//! standardized-window disclosure audit and what a transcribed guide leaves unstated. Checking never touches the disk.

mod audit;
pub mod criteria;
pub mod inspection;
mod limits;
mod references;
pub mod standard;
mod stated;
mod topics;

use crate::content::Site;
use crate::diag::Diagnostics;

pub use audit::findings;

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
