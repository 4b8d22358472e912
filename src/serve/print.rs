//! Print products in the preview: after each good rebuild a background worker prints the
//! site into a private cache folder (unchanged sheets are reused by content hash, so only
//! the sheets an edit touches are rendered again) and publishes `print/…` into the served
//! files, with the self-audit of the same content at `/_audit/`. The web pages never wait for
//! it; the cache folder is removed when serve stops.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread::JoinHandle;

use crate::audit::PrintEvidence;
use crate::diag::{Lang, SourceLines};
use crate::msg;
use crate::output::{self, Contents};
use crate::print::Selection;
use crate::routes::{PRINT_DIR, PRINT_INDEX};
use crate::serve::http::State;
use crate::theme::Theme;

/// A background printer: `request()` after each good rebuild, `stop()` at the end.
pub struct Printer {
    tx: Option<Sender<()>>,
    worker: Option<JoinHandle<()>>,
    cache: PathBuf,
}

impl Printer {
    /// Starts the worker for the site in `root`, publishing into `state`.
    pub fn start(root: &Path, state: Arc<State>, lang: Lang) -> Printer {
        sweep_stale_caches();
        let cache = std::env::temp_dir().join(format!("{CACHE_PREFIX}{}", std::process::id()));
        let (tx, rx) = channel::<()>();
        let (root, dir) = (root.to_path_buf(), cache.clone());
        let worker = std::thread::Builder::new()
            .name("gongshi-print".into())
            .spawn(move || work(&root, &dir, &state, lang, &rx))
            .ok();
        Printer {
            tx: Some(tx),
            worker,
            cache,
        }
    }

    /// Asks for a print of the current content (requests made while printing coalesce).
    pub fn request(&self) {
        if let Some(tx) = &self.tx {
            let _ = tx.send(());
        }
    }

    /// Stops the worker and removes the cache folder.
    pub fn stop(mut self) {
        self.tx = None;
        if let Some(w) = self.worker.take() {
            let _ = w.join();
        }
        let _ = std::fs::remove_dir_all(&self.cache);
    }
}

/// The name of a printer's cache folder in the system's temp folder, before its process id.
const CACHE_PREFIX: &str = "gongshi-serve-print-";

/// Removes the cache folders of `serve` processes that no longer run, and the writer's
/// staging folders beside them (`.gongshi-serve-print-PID.staging-PID`, left by a process
/// killed while it printed): one stopped by Ctrl-C removes its own, one that was killed
/// cannot. Only where a process can be asked whether it runs (Linux); elsewhere a folder may
/// belong to a `serve` still running.
fn sweep_stale_caches() {
    if !cfg!(target_os = "linux") {
        return;
    }
    let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name
            .to_str()
            .map(|n| n.strip_prefix('.').unwrap_or(n))
            .and_then(|n| n.strip_prefix(CACHE_PREFIX))
            .and_then(|rest| rest.split('.').next())
            .and_then(|pid| pid.parse::<u32>().ok())
        else {
            continue;
        };
        if pid != std::process::id() && !crate::output::process_alive(pid) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

fn work(root: &Path, cache: &Path, state: &State, lang: Lang, rx: &Receiver<()>) {
    // A pool of its own with one thread: printing must never occupy the threads the web
    // rebuild of the next edit needs.
    let Ok(pool) = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .thread_name(|_| "gongshi-print-worker".into())
        .build()
    else {
        return;
    };
    while rx.recv().is_ok() {
        // Coalesce: print once for everything asked meanwhile.
        while rx.try_recv().is_ok() {}
        pool.install(|| print_once(root, cache, state, lang));
    }
}

/// One print of the current content into the cache, then publish.
fn print_once(root: &Path, cache: &Path, state: &State, lang: Lang) {
    let Ok(checked) = crate::load_and_check(root) else {
        return;
    };
    if checked.diagnostics.has_errors() {
        return;
    }
    let diagnostics = checked.diagnostics;
    let site = checked.site;
    let Ok(theme) = Theme::load(root, site.config.theme.as_deref()) else {
        return;
    };
    // The report at once (a first print of a large site takes a while), its print points
    // waiting; again with them when the print is done.
    publish_audit(
        &site,
        &theme,
        &diagnostics,
        &PrintEvidence::pending(),
        state,
    );
    let selection = Selection::default();
    let printed = match crate::print_with_index(&site, &theme, &selection, Some(cache)) {
        Ok(p) => p,
        Err(crate::BuildError::Print(diags, _) | crate::BuildError::Render(diags, _)) => {
            let sources = SourceLines::new(root);
            for d in diags.iter() {
                eprint!("{}", crate::diag::render_human(d, lang, &sources));
            }
            return;
        }
        Err(_) => return,
    };
    if let Err(e) = output::write_site(root, cache, &printed.files) {
        // Content errors are on the page already; this would otherwise go unseen (a full
        // disk, a temp folder that cannot be written).
        let said = msg!(
            "the print preview could not be written: {e}",
            "印刷预览未能写入：{e}",
            "印刷預覽未能寫入：{e}"
        );
        eprintln!("{}", said.text(lang));
        return;
    }
    publish(cache, &printed.files, state);
    let shown = format!("{PRINT_DIR}{}", crate::print::cache::MANIFEST);
    let evidence = PrintEvidence::of_run(&printed, &shown);
    publish_audit(&site, &theme, &diagnostics, &evidence, state);
}

/// Serves the self-audit of the current content at `/_audit/` (the preview only; the built
/// site has it with `audit.publish`) and tells an open report page to reload.
fn publish_audit(
    site: &crate::content::Site,
    theme: &Theme,
    diagnostics: &crate::diag::Diagnostics,
    evidence: &PrintEvidence,
    state: &State,
) {
    use crate::audit::{self, document};
    let report = audit::audit(site, diagnostics, audit::today(), evidence);
    let Ok(renderer) =
        crate::render::Renderer::new(site, theme, crate::render::WebOptions::default())
    else {
        return;
    };
    let lang = site.config.language;
    let Ok(page) = document::html(&report, &renderer, lang, document::PAGE) else {
        return;
    };
    {
        let mut served = match state.files.write() {
            Ok(f) => f,
            Err(poisoned) => poisoned.into_inner(),
        };
        served.insert(page.path.clone(), Arc::new(page.contents));
    }
    state
        .hub
        .reload(&format!("{}{}", state.prefix, document::PAGE));
}

/// Puts the printed files under `print/` in the served files (served from the cache folder)
/// and tells an open print index page to reload.
fn publish(cache: &Path, files: &[output::OutputFile], state: &State) {
    {
        let mut served = match state.files.write() {
            Ok(f) => f,
            Err(poisoned) => poisoned.into_inner(),
        };
        served.retain(|path, _| !path.starts_with(PRINT_DIR));
        for f in files {
            let path = format!("{PRINT_DIR}{}", f.path);
            served.insert(path, Arc::new(Contents::Copy(cache.join(&f.path))));
        }
    }
    state
        .hub
        .reload(&format!("{}{PRINT_DIR}{PRINT_INDEX}", state.prefix));
}
