//! What a build may keep of the last build into the same OUT: the pages whose records did
//! not change. A webmaster edits one item and builds again; at 10,000 items, rendering all
//! 20,000 pages again for it took as long as the first build. Now, when the last build's
//! stamp ([`crate::stamp`]) vouches for OUT and only record files changed (items, windows,
//! staff, rules, notices, pages), a page is rendered again only when what it shows may have
//! changed: it depends ([`Dep`]) on a changed record, or on every record of a kind one of
//! which changed (lists, home, search, sitemap, open data). Every other page is linked from
//! OUT as it is. Any other change (site.yaml, the theme, a photo or form, another file, the
//! options, the day, another gongshi binary, a file of OUT touched by hand) renders
//! everything, as before.
//!
//! The site is still loaded and checked whole: the kept pages are exactly those a full
//! build would make the same (`tests/keep.rs` compares the two after edits of each kind).

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::content::load;
use crate::output::{Listing, OutputFile};
use crate::render::{Dep, PagePlan};
use crate::stamp::{Inputs, Stamp};

/// The pages of the previous OUT a build keeps (see the module's documentation).
#[derive(Debug)]
pub struct Keep<'a> {
    out: PathBuf,
    /// OUT as this build found it.
    listing: &'a Listing,
    touched: HashSet<Dep>,
}

impl<'a> Keep<'a> {
    /// What the build of the site in `root` into `out` (which the `last` build made, which
    /// is as that build left it, and which holds `listing`) may keep, now that it reads
    /// `now`. `None` when it must render everything.
    pub fn new(
        root: &Path,
        out: &Path,
        listing: &'a Listing,
        last: &Stamp,
        now: &Inputs,
    ) -> Option<Keep<'a>> {
        if last.context != now.context || last.sources.is_empty() {
            return None;
        }
        let mut touched = HashSet::new();
        for rel in now.changed_since(&last.sources) {
            let kind = load::kind_of(root, &root.join(&rel))?;
            let id = Path::new(&rel).file_stem()?.to_string_lossy().into_owned();
            touched.extend(Dep::of_record(kind, id));
        }
        Some(Keep {
            out: out.to_path_buf(),
            listing,
            touched,
        })
    }

    /// Whether the kept pages still fit the new plan: the pages every page links to in its
    /// navigation ([`crate::render::nav_pages`]) are there now exactly when they were
    /// before; when one appears or goes, every page changes.
    pub fn fits(&self, plans: &[PagePlan]) -> bool {
        crate::render::nav_pages().iter().all(|path| {
            let before = self.listing.is_file(path);
            before == plans.iter().any(|p| &p.path == path)
        })
    }

    /// The files to put instead of rendering `plan`: its files in OUT as they are, when it
    /// shows no changed record and all of them are there.
    pub fn files(&self, plan: &PagePlan) -> Option<Vec<OutputFile<'static>>> {
        if plan.deps.iter().any(|d| self.touched.contains(d)) {
            return None;
        }
        plan.outputs()
            .map(|path| {
                self.listing
                    .is_file(path)
                    .then(|| OutputFile::copy(path, self.out.join(path)))
            })
            .collect()
    }
}
