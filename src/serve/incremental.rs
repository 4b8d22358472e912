//! The incremental build behind `serve`: keeps the parse result of every content file, reloads
//! only the files that changed, re-assembles and re-checks the site (checks are cheap), and
//! re-renders only the pages whose dependencies an edit touches. The outputs live in memory,
//! shared with the HTTP server, and are byte-identical to a full build of the same input.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::check;
use crate::content::load;
use crate::content::{Config, Kind};
use crate::content::{Item, Record, Site, Staff};
use crate::diag::{Diagnostic, Diagnostics, Lang, Severity};
use crate::output::{Contents, OutputFile};
use crate::serve::web::{self, Dep, Web};

/// The built site in memory: output path (relative, `/`-separated) → contents.
pub type Files = HashMap<String, Arc<Contents<'static>>>;

/// The outputs shared between the builder (which writes) and the server (which reads).
pub type SharedFiles = Arc<RwLock<Files>>;

/// One content file as last read.
struct FileState {
    record: Option<Record>,
    diagnostics: Vec<Diagnostic>,
    /// The record is lent to the site being built or kept (`record` is `None` meanwhile).
    lent: bool,
}

impl FileState {
    fn read(root: &Path, path: &Path, kind: Kind) -> FileState {
        let (record, diagnostics) = load::load_file(root, kind, path);
        FileState {
            record,
            diagnostics,
            lent: false,
        }
    }
}

/// Every problem of `site` and of its files (site.yaml's, the content folders', each
/// file's), sorted.
fn problems(
    config: &Diagnostics,
    lists: &Diagnostics,
    files: &BTreeMap<FileKey, FileState>,
    site: &Site,
) -> Diagnostics {
    let mut diagnostics = config.clone();
    diagnostics.extend(lists.clone());
    for f in files.values() {
        diagnostics.extend(f.diagnostics.iter().cloned().collect());
    }
    diagnostics.extend(check::check(site));
    diagnostics.sort();
    diagnostics
}

/// Files are kept in the order the loader lists them (kind folder, then path), so that
/// re-assembling gives exactly the site a full load gives.
type FileKey = (usize, PathBuf);

/// What changed since the last good render.
#[derive(Default, Debug)]
struct Touched {
    everything: bool,
    /// The files copied or resized into the output (photos, forms) may have changed.
    assets: bool,
    /// Hashed the fast way (FxHash): every output's dependencies are looked up in it on
    /// every save, some 250,000 lookups at 10,000 items.
    deps: FxHashSet<Dep>,
}

impl Touched {
    fn hits(&self, deps: &[Dep]) -> bool {
        self.everything || deps.iter().any(|d| self.deps.contains(d))
    }

    fn record(&mut self, kind: Kind, id: String) {
        self.deps.extend(Dep::of_record(kind, id));
    }

    /// The ids of the items touched.
    fn items(&self) -> impl Iterator<Item = &str> {
        self.deps.iter().filter_map(|d| match d {
            Dep::Item(id) => Some(id.as_str()),
            _ => None,
        })
    }

    fn is_empty(&self) -> bool {
        !self.everything && self.deps.is_empty()
    }
}

/// The files a record publishes besides its page (photos, forms, samples), as written and
/// as resolved: when they are unchanged by an edit, the assets need not be redone (photos
/// are resized, which is slow).
fn asset_refs(record: Option<&Record>) -> AssetRefs {
    match record {
        Some(Record::Item(i)) => item_assets(i),
        Some(Record::Staff(s)) => staff_assets(s),
        _ => Vec::new(),
    }
}

/// Published files as written and as resolved.
type AssetRefs = Vec<(String, Option<PathBuf>)>;

fn asset_ref(a: &crate::content::Asset) -> (String, Option<PathBuf>) {
    (a.path.value.clone(), a.resolved.clone())
}

fn item_assets(i: &Item) -> AssetRefs {
    let materials = i
        .materials
        .iter()
        .flat_map(|m| [&m.blank, &m.template, &m.sample].into_iter().flatten());
    let forms = i.forms.iter().map(|f| &f.file);
    materials
        .chain(forms)
        .chain(&i.extra.result_sample)
        .map(asset_ref)
        .collect()
}

fn staff_assets(s: &Staff) -> AssetRefs {
    s.photo.iter().map(asset_ref).collect()
}

/// The last state that rendered without errors, with what each page showed.
struct Good {
    plan: FxHashMap<String, Vec<Dep>>,
    assets: Vec<String>,
    /// The outputs that show one item and nothing site-wide (its page and elder page), by
    /// item id: what a preview re-renders when only that item was edited.
    item_pages: HashMap<String, Vec<web::Plan>>,
}

/// The pages of `plans` that show exactly one item and nothing site-wide, by item id.
fn item_pages(plans: &[web::Plan]) -> HashMap<String, Vec<web::Plan>> {
    let mut pages: HashMap<String, Vec<web::Plan>> = HashMap::new();
    for plan in plans.iter().filter(|p| !site_wide(&p.deps)) {
        let mut items = plan.deps.iter().filter_map(|d| match d {
            Dep::Item(id) => Some(id),
            _ => None,
        });
        if let (Some(id), None) = (items.next(), items.next()) {
            pages.entry(id.clone()).or_default().push(plan.clone());
        }
    }
    pages
}

/// Outputs published by a preview, with what they replaced (to put back when the full
/// rebuild finds the site broken) and what they hold (not announced twice).
#[derive(Default)]
struct Preview {
    replaced: Vec<(String, Option<Arc<Contents<'static>>>)>,
    published: HashMap<String, Arc<Contents<'static>>>,
    /// How soon after the rebuild began they were published.
    after: Option<Duration>,
}

/// What one rebuild did.
#[derive(Debug)]
pub enum Outcome {
    /// Outputs were updated.
    Built {
        /// Pages and files (re)written.
        written: usize,
        /// Files that no longer exist.
        removed: usize,
        /// Time spent.
        elapsed: Duration,
        /// When an edited item's own pages were shown ahead of the rest: how soon.
        previewed: Option<Duration>,
    },
    /// The content has errors: the outputs still hold the last good build.
    Broken,
    /// Nothing the site reads changed.
    Unchanged,
}

/// The result of a build or rebuild.
pub struct Update {
    /// What happened to the outputs.
    pub outcome: Outcome,
    /// Every problem of the site as it now is (sorted).
    pub diagnostics: Diagnostics,
    /// Site files (relative to the site) that were re-read.
    pub changed: Vec<String>,
}

/// The incremental builder.
pub struct Incremental {
    root: PathBuf,
    live_reload: bool,
    config: Config,
    config_diagnostics: Diagnostics,
    list_diagnostics: Diagnostics,
    files: BTreeMap<FileKey, FileState>,
    web: Option<Web>,
    good: Option<Good>,
    pending: Touched,
    outputs: SharedFiles,
    lang: Lang,
    /// Called with the output paths of each phase published early: the pages of the edited
    /// records, rendered and served before the site-wide pages (home, lists, sitemap) that
    /// list every record, and those before the search index and open data files, so the
    /// page being edited reloads at once and the lists soon after.
    early: Option<EarlyPublish>,
    /// Outputs written or removed after the early publish of the last rebuild; `None` when
    /// nothing was published early (then every page should reload).
    late: Option<Vec<String>>,
    /// The site of the last rebuild, holding the records lent by `files`; the next rebuild
    /// starts from it, and an edit to one item is shown from it first when it was good.
    site: Option<Site>,
    /// The last rebuild rendered `site` without errors.
    site_good: bool,
    /// Files (relative, as `source.file`) read again or removed since `site` was made: their
    /// records in it are out of date.
    stale: HashSet<String>,
}

/// Receives the paths of outputs published before the rebuild finishes.
pub type EarlyPublish = Box<dyn Fn(&[String]) + Send>;

/// True for outputs that list all records of a kind (home, search, sitemap, boards); they
/// are slow on big sites and rendered after the pages of the edited records.
/// Outputs that are data files rather than pages, and the slowest to make: the search
/// index and the open data.
fn is_bulk(route: &crate::routes::Route) -> bool {
    use crate::routes::Route;
    matches!(
        route,
        Route::SearchShard(_) | Route::SearchDocs(_) | Route::Data(_)
    )
}

fn site_wide(deps: &[Dep]) -> bool {
    deps.iter().any(|d| {
        matches!(
            d,
            Dep::AllItems
                | Dep::AllWindows
                | Dep::AllStaff
                | Dep::AllNotices
                | Dep::AllRules
                | Dep::AllPages
        )
    })
}

impl Incremental {
    /// After a rebuild with an early publish: the outputs changed after it.
    pub fn late_paths(&self) -> Option<&[String]> {
        self.late.as_deref()
    }

    /// Publishes the pages of edited records first and tells `early` about them.
    pub fn set_early_publish(&mut self, early: EarlyPublish) {
        self.early = Some(early);
    }

    /// Loads the whole site and renders it once. `live_reload` injects the reload script
    /// into pages (serve mode). Fails only when `root` is not a site at all.
    pub fn new(root: &Path, live_reload: bool) -> Result<(Incremental, Update), Diagnostic> {
        // The same guard as a full load: a folder without site.yaml is not a site.
        if !root.join("site.yaml").is_file() {
            load::load(root)?;
        }
        let mut engine = Incremental {
            root: root.to_path_buf(),
            live_reload,
            config: Config::default(),
            config_diagnostics: Diagnostics::new(),
            list_diagnostics: Diagnostics::new(),
            files: BTreeMap::new(),
            web: None,
            good: None,
            pending: Touched::default(),
            outputs: Arc::new(RwLock::new(HashMap::new())),
            early: None,
            late: None,
            site: None,
            site_good: false,
            stale: HashSet::new(),
            lang: Lang::default(),
        };
        engine.reload_config();
        engine.reload_all_files();
        engine.pending.everything = true;
        let update = engine.rebuild(Vec::new());
        Ok((engine, update))
    }

    /// The outputs, shared with the server.
    pub fn outputs(&self) -> SharedFiles {
        Arc::clone(&self.outputs)
    }

    /// The site language (for messages).
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// The site folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Takes in changed paths (created, modified, removed or renamed; absolute, under the
    /// site folder) and rebuilds what they affect.
    pub fn apply(&mut self, paths: &[PathBuf]) -> Update {
        let mut changed = Vec::new();
        let mut rescan: Vec<Kind> = Vec::new();
        let mut reload_all = false;
        let content = self.root.join("content");
        for path in paths {
            if super::watch::is_ignored(path) {
                continue;
            }
            let rel = load::relative(&self.root, path);
            if path == &self.root.join("site.yaml") {
                self.reload_config();
                self.web = None;
                self.pending.everything = true;
                changed.push(rel);
            } else if path.starts_with(self.root.join("templates"))
                || path.starts_with(self.root.join("themes"))
            {
                self.web = None;
                self.pending.everything = true;
                changed.push(rel);
            } else if let Some(kind) = load::kind_of(&self.root, path) {
                self.reload_file(kind, path);
                changed.push(rel);
            } else if let Ok(inner) = path.strip_prefix(&content) {
                let folder = inner
                    .components()
                    .next()
                    .and_then(|c| c.as_os_str().to_str());
                match folder.and_then(Kind::from_folder) {
                    // A folder inside a kind's folder was created, removed or renamed.
                    Some(kind) if inner.components().count() > 1 || !path.is_file() => {
                        if !rescan.contains(&kind) {
                            rescan.push(kind);
                        }
                    }
                    Some(_) => {}
                    // Photos, forms and other files: records resolve their paths.
                    None => reload_all = true,
                }
                changed.push(rel);
            } else if path == &content {
                reload_all = true;
                changed.push(rel);
            }
        }
        if reload_all {
            self.reload_all_files();
            self.pending.everything = true;
        } else {
            for kind in rescan {
                self.rescan(kind);
            }
        }
        changed.sort();
        changed.dedup();
        self.rebuild(changed)
    }

    fn reload_config(&mut self) {
        let (config, diagnostics) = load::load_site_config(&self.root);
        self.lang = config.language;
        self.config = config;
        self.config_diagnostics = diagnostics;
    }

    fn reload_all_files(&mut self) {
        self.site = None;
        self.stale.clear();
        let (list, diagnostics) = load::content_files(&self.root);
        self.list_diagnostics = diagnostics;
        let root = &self.root;
        self.files = list
            .into_par_iter()
            .map(|(kind, path)| {
                let file = FileState::read(root, &path, kind);
                ((kind.rank(), path), file)
            })
            .collect();
    }

    /// What the record of the file at `path` published, as `old` held it: in the file table,
    /// or lent to the kept site.
    fn asset_refs_before(&self, kind: Kind, path: &Path, old: Option<&FileState>) -> AssetRefs {
        let lent = match old {
            Some(FileState {
                record: Some(record),
                ..
            }) => return asset_refs(Some(record)),
            Some(f) => f.lent,
            None => false,
        };
        let (true, Some(site)) = (lent, &self.site) else {
            return Vec::new();
        };
        let id = id_of(path);
        let here = |file: &str| self.root.join(file) == path;
        match kind {
            Kind::Item => site
                .item(&id)
                .filter(|i| here(&i.source.file))
                .map(item_assets),
            Kind::Staff => site
                .staff_member(&id)
                .filter(|s| here(&s.source.file))
                .map(staff_assets),
            _ => None,
        }
        .unwrap_or_default()
    }

    fn reload_file(&mut self, kind: Kind, path: &Path) {
        let key = (kind.rank(), path.to_path_buf());
        let id = id_of(path);
        self.stale.insert(load::relative(&self.root, path));
        let old = if path.is_file() {
            let file = FileState::read(&self.root, path, kind);
            let new_refs = asset_refs(file.record.as_ref());
            let old = self.files.insert(key, file);
            self.pending.assets |= self.asset_refs_before(kind, path, old.as_ref()) != new_refs;
            old
        } else {
            let old = self.files.remove(&key);
            self.pending.assets |= !self.asset_refs_before(kind, path, old.as_ref()).is_empty();
            old
        };
        if old.is_some() || path.is_file() {
            self.pending.record(kind, id);
        }
    }

    /// Re-lists one kind's folder and loads what appeared, drops what disappeared.
    fn rescan(&mut self, kind: Kind) {
        let (list, diagnostics) = load::content_files(&self.root);
        self.list_diagnostics = diagnostics;
        let rank = kind.rank();
        let now: HashSet<&PathBuf> = list
            .iter()
            .filter(|(k, _)| *k == kind)
            .map(|(_, p)| p)
            .collect();
        let gone: Vec<FileKey> = self
            .files
            .keys()
            .filter(|(r, p)| *r == rank && !now.contains(p))
            .cloned()
            .collect();
        for key in gone {
            let old = self.files.remove(&key);
            self.stale.insert(load::relative(&self.root, &key.1));
            self.pending.assets |= !self
                .asset_refs_before(kind, &key.1, old.as_ref())
                .is_empty();
            self.pending.record(kind, id_of(&key.1));
        }
        for path in now {
            if !self.files.contains_key(&(rank, path.clone())) {
                self.reload_file(kind, path);
            }
        }
    }

    /// The site as a full load would assemble it: the last one with the files read since
    /// put in, or, the first time and after everything was read again, made from the files.
    fn assembled(&mut self) -> Site {
        let t = Instant::now();
        let records = self.take_records();
        let config = self.config.clone();
        let stale = std::mem::take(&mut self.stale);
        let site = match self.site.take() {
            Some(site) => site.reassemble(config, records, |s| !stale.contains(&s.file)),
            None => Site::assemble(self.root.clone(), config, records),
        };
        if std::env::var_os("GONGSHI_SERVE_TIMING").is_some() {
            eprintln!("timing: assemble {:?}", t.elapsed());
        }
        site
    }

    /// Moves the records out of the file table into the site being made (no copy of a big
    /// site on every edit); unreadable files are only noted, so they stay.
    fn take_records(&mut self) -> Vec<Record> {
        self.files
            .values_mut()
            .filter_map(|f| match &f.record {
                Some(Record::Unreadable(..)) => f.record.clone(),
                Some(_) => {
                    f.lent = true;
                    f.record.take()
                }
                None => None,
            })
            .collect()
    }

    fn rebuild(&mut self, changed: Vec<String>) -> Update {
        let start = Instant::now();
        let preview = self.preview(start);
        // The lists that showed an edited item, and those that show it now.
        let edited: Vec<String> = self.pending.items().map(str::to_string).collect();
        if let Some(old) = &self.site {
            for id in &edited {
                self.pending.deps.extend(web::lists_showing(old, id));
            }
        }
        let site = self.assembled();
        for id in &edited {
            self.pending.deps.extend(web::lists_showing(&site, id));
        }
        // The checks and the plan of every output, side by side; the plan goes unused when
        // the checks find errors.
        let unchanged = self.pending.is_empty() && self.good.is_some();
        let web = self.web.as_ref().filter(|_| !unchanged);
        let (config, lists, files) = (
            &self.config_diagnostics,
            &self.list_diagnostics,
            &self.files,
        );
        let (diagnostics, plans) = rayon::join(
            || problems(config, lists, files, &site),
            || web.map(|w| w.plan(&site)),
        );
        if unchanged {
            self.site = Some(site);
            return Update {
                outcome: Outcome::Unchanged,
                diagnostics,
                changed,
            };
        }
        let update = self.rebuild_site(&site, diagnostics, plans, changed, start, &preview);
        self.site_good = matches!(update.outcome, Outcome::Built { .. });
        if !self.site_good {
            self.take_back(preview);
        }
        self.site = Some(site);
        update
    }

    /// When the only change is one item's file, which reads without errors and leaves the
    /// site's order and lists as they were: puts the item into the last good site, renders
    /// its own pages and publishes them before the site is assembled and checked again
    /// (which at 10,000 items takes longer than the page). The full rebuild follows and has
    /// the last word: the same pages come out of it (not announced again when unchanged),
    /// or, when it finds the site broken, the previous pages are put back.
    fn preview(&mut self, start: Instant) -> Preview {
        let mut preview = Preview::default();
        let (Some(early), Some(web), Some(site), Some(good), true) = (
            &self.early,
            &self.web,
            self.site.as_mut(),
            &self.good,
            self.site_good,
        ) else {
            return preview;
        };
        let pending = &self.pending;
        if pending.everything || pending.assets || pending.deps.len() != 2 {
            return preview;
        }
        let Some(id) = pending.items().next() else {
            return preview;
        };
        let (Some(plans), Some(old)) = (good.item_pages.get(id), site.item(id)) else {
            return preview;
        };
        let key = (Kind::Item.rank(), self.root.join(&old.source.file));
        let Some(FileState {
            record: Some(Record::Item(item)),
            diagnostics,
            ..
        }) = self.files.get(&key)
        else {
            return preview;
        };
        if diagnostics.iter().any(|d| d.severity == Severity::Error) || !site.replace_item(item) {
            return preview;
        }
        let rendered: Result<Vec<Vec<OutputFile>>, Diagnostic> =
            plans.par_iter().map(|p| web.render(site, p)).collect();
        let Ok(rendered) = rendered else {
            return preview;
        };
        let mut files = match self.outputs.write() {
            Ok(f) => f,
            Err(poisoned) => poisoned.into_inner(),
        };
        let mut paths = Vec::new();
        for f in rendered.into_iter().flatten() {
            let contents = Arc::new(f.contents);
            let old = files.insert(f.path.clone(), Arc::clone(&contents));
            preview.replaced.push((f.path.clone(), old));
            preview.published.insert(f.path.clone(), contents);
            paths.push(f.path);
        }
        drop(files);
        early(&paths);
        preview.after = Some(start.elapsed());
        preview
    }

    /// Puts back what a preview replaced.
    fn take_back(&self, preview: Preview) {
        if preview.replaced.is_empty() {
            return;
        }
        let mut files = match self.outputs.write() {
            Ok(f) => f,
            Err(poisoned) => poisoned.into_inner(),
        };
        for (path, old) in preview.replaced {
            match old {
                Some(contents) => files.insert(path, contents),
                None => files.remove(&path),
            };
        }
    }

    fn rebuild_site(
        &mut self,
        site: &Site,
        mut diagnostics: Diagnostics,
        plans: Option<Vec<web::Plan>>,
        changed: Vec<String>,
        start: Instant,
        preview: &Preview,
    ) -> Update {
        let timing = std::env::var_os("GONGSHI_SERVE_TIMING").is_some();
        if timing {
            eprintln!("timing: assemble+check {:?}", start.elapsed());
        }
        if diagnostics.has_errors() {
            return Update {
                outcome: Outcome::Broken,
                diagnostics,
                changed,
            };
        }
        if self.web.is_none() {
            match Web::new(site, self.live_reload) {
                Ok(w) => self.web = Some(w),
                Err(d) => {
                    diagnostics.extend(d);
                    diagnostics.sort();
                    return Update {
                        outcome: Outcome::Broken,
                        diagnostics,
                        changed,
                    };
                }
            }
        }
        let Some(web) = self.web.as_ref() else {
            return Update {
                outcome: Outcome::Broken,
                diagnostics,
                changed,
            };
        };
        let plans = plans.unwrap_or_else(|| web.plan(site));
        if timing {
            eprintln!("timing: plan {:?}", start.elapsed());
        }
        let old = self.good.as_ref();
        let nav_changed = old.is_some_and(|g| {
            web::nav_pages()
                .iter()
                .any(|p| g.plan.contains_key(p) != plans.iter().any(|x| &x.path == p))
        });
        let everything = self.pending.everything || self.good.is_none() || nav_changed;
        let pending = &self.pending;
        let todo: Vec<&web::Plan> = plans
            .iter()
            .filter(|p| {
                everything
                    || pending.hits(&p.deps)
                    || old
                        .and_then(|g| g.plan.get(&p.path))
                        .is_none_or(|deps| pending.hits(deps))
            })
            .collect();
        // In phases, each published and announced before the next is rendered: the pages of
        // the edited records, then the site-wide pages (lists, home, sitemap), then the bulk
        // files (search index, open data), which take the longest and are not pages anyone
        // is looking at. Only when nothing is removed or re-laid out wholesale.
        let mut phases: Vec<Vec<&web::Plan>> = if everything {
            vec![todo]
        } else {
            let (quick, slow): (Vec<&web::Plan>, Vec<&web::Plan>) =
                todo.into_iter().partition(|p| !site_wide(&p.deps));
            let (bulk, lists): (Vec<&web::Plan>, Vec<&web::Plan>) =
                slow.into_iter().partition(|p| is_bulk(&p.route));
            vec![quick, lists, bulk]
        };
        phases.retain(|p| !p.is_empty());
        let last = phases.pop().unwrap_or_default();
        let mut published_early = 0;
        self.late = None;
        let todo: Vec<&web::Plan> = match &self.early {
            Some(early) if !pending.assets => {
                let mut phases = phases.into_iter();
                let mut rest = Vec::new();
                for phase in phases.by_ref() {
                    let first: Result<Vec<Vec<OutputFile>>, Diagnostic> =
                        phase.par_iter().map(|p| web.render(site, p)).collect();
                    let Ok(first) = first else {
                        // Report the error below, from the full render.
                        rest = phase;
                        break;
                    };
                    let first: Vec<OutputFile> = first.into_iter().flatten().collect();
                    // What the preview published as it is now needs no second reload.
                    let paths: Vec<String> = first
                        .iter()
                        .filter(|f| {
                            preview
                                .published
                                .get(&f.path)
                                .is_none_or(|shown| **shown != f.contents)
                        })
                        .map(|f| f.path.clone())
                        .collect();
                    published_early += first.len();
                    let mut files = match self.outputs.write() {
                        Ok(f) => f,
                        Err(poisoned) => poisoned.into_inner(),
                    };
                    for f in first {
                        files.insert(f.path, Arc::new(f.contents));
                    }
                    drop(files);
                    if !paths.is_empty() {
                        early(&paths);
                    }
                    if timing {
                        eprintln!("timing: early publish {:?}", start.elapsed());
                    }
                }
                rest.into_iter()
                    .chain(phases.flatten())
                    .chain(last)
                    .collect()
            }
            _ => phases.into_iter().flatten().chain(last).collect(),
        };
        let rendered: Result<Vec<Vec<OutputFile>>, Diagnostic> =
            todo.par_iter().map(|p| web.render(site, p)).collect();
        let rendered: Vec<OutputFile> = match rendered {
            Ok(r) => r.into_iter().flatten().collect(),
            Err(d) => {
                diagnostics.push(d);
                diagnostics.sort();
                return Update {
                    outcome: Outcome::Broken,
                    diagnostics,
                    changed,
                };
            }
        };
        if timing {
            eprintln!("timing: render {:?}", start.elapsed());
        }
        let redo_assets = everything || pending.assets;
        let assets = redo_assets.then(|| web.assets(site));
        let new_paths: HashSet<&str> = plans.iter().flat_map(|p| p.outputs()).collect();
        let asset_paths: Vec<String> = match &assets {
            Some(a) => a.iter().map(|f| f.path.clone()).collect(),
            None => old.map(|g| g.assets.clone()).unwrap_or_default(),
        };
        let mut removed: Vec<String> = Vec::new();
        if let Some(g) = old {
            let asset_set: HashSet<&str> = asset_paths.iter().map(String::as_str).collect();
            removed.extend(
                g.plan
                    .keys()
                    .chain(g.assets.iter())
                    .filter(|p| !new_paths.contains(p.as_str()) && !asset_set.contains(p.as_str()))
                    .cloned(),
            );
        }
        if published_early > 0 {
            let mut late: Vec<String> = rendered.iter().map(|f| f.path.clone()).collect();
            late.extend(removed.iter().cloned());
            self.late = Some(late);
        }
        let written = published_early + rendered.len() + assets.as_ref().map_or(0, Vec::len);
        {
            let mut files = match self.outputs.write() {
                Ok(f) => f,
                Err(poisoned) => poisoned.into_inner(),
            };
            if everything {
                files.clear();
            }
            for path in &removed {
                files.remove(path);
            }
            // Assets first, pages after: the same precedence as a full build.
            for f in assets.into_iter().flatten().chain(rendered) {
                files.insert(f.path, Arc::new(f.contents));
            }
        }
        let item_pages = item_pages(&plans);
        self.good = Some(Good {
            plan: plans
                .into_iter()
                .flat_map(|p| {
                    let elder = p.elder.map(|e| (e, p.deps.clone()));
                    std::iter::once((p.path, p.deps)).chain(elder)
                })
                .collect(),
            assets: asset_paths,
            item_pages,
        });
        self.pending = Touched::default();
        Update {
            outcome: Outcome::Built {
                written,
                removed: removed.len(),
                elapsed: start.elapsed(),
                previewed: preview.after,
            },
            diagnostics,
            changed,
        }
    }
}

fn id_of(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}
