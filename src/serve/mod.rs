//! `gongshi serve`: a live preview. The site is built into memory (nothing is written to the
//! site or to `public/`), served over local HTTP, and rebuilt incrementally when a watched file
//! changes; open pages reload on their own, and while the content has errors they show the
//! diagnostics instead of the page. A layer above the library: it loads and checks through
//! [`incremental`], renders through [`web`] (the only file that knows the renderer) and
//! prints through [`print`], which runs the library's print stage in the background.

// `Diagnostic` is the project-wide error type (large by design); boxing it here alone would
// only make serve disagree with the stages it calls.
#![allow(clippy::result_large_err)]

pub mod http;
pub mod incremental;
pub mod overlay;
pub mod print;
pub mod reload;
pub mod watch;
pub mod web;

use std::io::Write as _;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::channel;

use crate::diag::{self, Diagnostic, Diagnostics, Lang, Severity, SourceLines};
use crate::msg;
use incremental::{Incremental, Outcome, Update};
use watch::Event;

/// How to serve.
#[derive(Debug, Clone)]
pub struct Options {
    /// The site folder.
    pub site: PathBuf,
    /// Address to listen on (127.0.0.1 by default).
    pub bind: IpAddr,
    /// First port to try; the next free one is taken when it is busy.
    pub port: u16,
    /// Open the site in the default browser.
    pub open: bool,
    /// Skip the print products (a big site prints thousands of sheets).
    pub no_print: bool,
}

/// Why serve could not start.
#[derive(Debug)]
pub enum Error {
    /// The folder is not a site.
    NotASite(Box<Diagnostic>),
    /// Listening or watching failed.
    Io(String),
}

/// Builds, serves and watches until Ctrl-C. Returns when stopped.
pub fn run(options: &Options) -> Result<(), Error> {
    let root = std::fs::canonicalize(&options.site)
        .map_err(|e| Error::Io(format!("cannot open {}: {e}", options.site.display())))?;
    let (tx, rx) = channel::<Event>();
    let stop_tx = tx.clone();
    // A second handler cannot be installed (tests call run once per process).
    let _ = ctrlc::set_handler(move || {
        let _ = stop_tx.send(Event::Stop);
    });

    // Watching starts before the first build and before anyone is served: an edit saved
    // while the site builds, or as soon as the page is open, is queued, not lost.
    let mut watcher = watch::Watcher::start(&root, tx)
        .map_err(|e| Error::Io(format!("cannot watch {}: {e}", root.display())))?;
    let (mut engine, update) =
        Incremental::new(&root, true).map_err(|d| Error::NotASite(Box::new(d)))?;
    let lang = engine.lang();
    let sources = SourceLines::new(&root);
    let prefix = crate::routes::base_path(&load_base_url(&engine));
    let state = Arc::new(http::State::new(engine.outputs(), &prefix));
    report(&update, lang, &sources, true);
    state.set_overlay(overlay_for(&update, lang, &sources));

    let listener = http::bind(options.bind, options.port, 100).map_err(|e| {
        Error::Io(format!(
            "cannot listen on {}:{}: {e}",
            options.bind, options.port
        ))
    })?;
    let addr = listener
        .local_addr()
        .map_err(|e| Error::Io(e.to_string()))?;
    let shown = if addr.ip().is_unspecified() {
        SocketAddr::new(IpAddr::from([127, 0, 0, 1]), addr.port())
    } else {
        addr
    };
    let url = format!("http://{shown}{}", state.prefix);
    say(
        &msg!(
            "serving {url} (Ctrl-C to stop)",
            "预览地址 {url}（按 Ctrl-C 停止）",
            "預覽網址 {url}（按 Ctrl-C 停止）"
        ),
        lang,
    );

    let early_state = Arc::clone(&state);
    engine.set_early_publish(Box::new(move |paths: &[String]| {
        early_state
            .hub
            .reload(&url_paths(&early_state.prefix, paths));
    }));
    let server_state = Arc::clone(&state);
    let server = std::thread::Builder::new()
        .name("gongshi-accept".into())
        .spawn(move || http::run(listener, server_state))
        .map_err(|e| Error::Io(e.to_string()))?;

    let printer =
        (!options.no_print).then(|| print::Printer::start(&root, Arc::clone(&state), lang));
    if let (Some(p), Outcome::Built { .. }) = (&printer, &update.outcome) {
        p.request();
    }
    if options.open {
        open_browser(&url);
    }

    while let Ok(event) = rx.recv() {
        match event {
            Event::Stop => break,
            Event::WatchError(e) => eprintln!("watch: {e}"),
            Event::Changed(mut paths) => {
                // Take in everything that arrived meanwhile as one batch.
                while let Ok(more) = rx.try_recv() {
                    match more {
                        Event::Changed(p) => paths.extend(p),
                        Event::Stop => {
                            if let Some(p) = printer {
                                p.stop();
                            }
                            shutdown(&state, addr, server, lang);
                            return Ok(());
                        }
                        Event::WatchError(e) => eprintln!("watch: {e}"),
                    }
                }
                watcher.watch_new_folders();
                let update = engine.apply(&paths);
                report(&update, lang, &sources, false);
                if matches!(update.outcome, Outcome::Unchanged) {
                    continue;
                }
                let overlay = overlay_for(&update, lang, &sources);
                let overlay_changed = overlay.is_some() || state.has_overlay();
                state.set_overlay(overlay);
                let which = match (&update.outcome, engine.late_paths()) {
                    (Outcome::Built { .. }, Some(late)) if !overlay_changed => {
                        url_paths(&state.prefix, late)
                    }
                    _ => "*".to_string(),
                };
                state.hub.reload(&which);
                if let (Some(p), Outcome::Built { .. }) = (&printer, &update.outcome) {
                    p.request();
                }
            }
        }
    }
    drop(watcher);
    if let Some(p) = printer {
        p.stop();
    }
    shutdown(&state, addr, server, lang);
    Ok(())
}

fn shutdown(
    state: &http::State,
    addr: SocketAddr,
    server: std::thread::JoinHandle<()>,
    lang: Lang,
) {
    http::stop(state, addr);
    let _ = server.join();
    say(&msg!("stopped", "已停止预览", "已停止預覽"), lang);
}

/// The URL paths of output files, space-separated and percent-encoded like a browser's
/// `location.pathname`, as the reload script compares them.
fn url_paths(prefix: &str, paths: &[String]) -> String {
    paths
        .iter()
        .map(|p| format!("{prefix}{}", crate::routes::encode(p)))
        .collect::<Vec<_>>()
        .join(" ")
}

fn load_base_url(engine: &Incremental) -> String {
    crate::content::load::load_site_config(engine.root())
        .0
        .base_url
}

fn overlay_for(update: &Update, lang: Lang, sources: &SourceLines) -> Option<String> {
    update
        .diagnostics
        .has_errors()
        .then(|| overlay::page(&update.diagnostics, lang, sources))
}

fn say(message: &diag::Message, lang: Lang) {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let _ = writeln!(out, "{}", message.text(lang));
    let _ = out.flush();
}

/// Prints problems the way `check` does: on the first build every one; on a rebuild every
/// error and the warnings of the files that changed, then one line of what was done.
fn report(update: &Update, lang: Lang, sources: &SourceLines, first: bool) {
    let shown: Diagnostics = update
        .diagnostics
        .iter()
        .filter(|d| {
            first || d.severity == Severity::Error || update.changed.contains(&d.location.file)
        })
        .cloned()
        .collect();
    let stderr = std::io::stderr();
    let mut err = stderr.lock();
    for d in shown.iter() {
        let _ = err.write_all(diag::render_human(d, lang, sources).as_bytes());
    }
    let _ = err.flush();
    drop(err);
    let changed = update.changed.join(", ");
    let line = match &update.outcome {
        Outcome::Built {
            written,
            removed,
            elapsed,
            previewed,
        } => {
            let ms = elapsed.as_millis();
            if let (Some(shown), false) = (previewed, first) {
                let shown = format!("{:.1}", shown.as_secs_f64() * 1000.0);
                msg!(
                    "{changed}: page shown after {shown} ms; rebuilt {written} pages, removed {removed}, in {ms} ms",
                    "{changed}：{shown} 毫秒后先显示了该页面；重新生成 {written} 个页面，删除 {removed} 个，用时 {ms} 毫秒",
                    "{changed}：{shown} 毫秒後先顯示了該頁面；重新產生 {written} 個頁面，刪除 {removed} 個，用時 {ms} 毫秒"
                )
            } else if first {
                msg!(
                    "built {written} files in {ms} ms",
                    "已生成 {written} 个文件，用时 {ms} 毫秒",
                    "已產生 {written} 個檔案，用時 {ms} 毫秒"
                )
            } else {
                msg!(
                    "{changed}: rebuilt {written} pages, removed {removed}, in {ms} ms",
                    "{changed}：重新生成 {written} 个页面，删除 {removed} 个，用时 {ms} 毫秒",
                    "{changed}：重新產生 {written} 個頁面，刪除 {removed} 個，用時 {ms} 毫秒"
                )
            }
        }
        Outcome::Broken => {
            let summary = diag::summary(&update.diagnostics, 0, lang);
            let summary = summary.split(" in ").next().unwrap_or(&summary).to_string();
            msg!(
                "{changed}: the content has errors ({summary}); still serving the last good build",
                "{changed}：内容有错误，仍在提供上一次正确的版本",
                "{changed}：內容有錯誤，仍在提供上一次正確的版本"
            )
        }
        Outcome::Unchanged => return,
    };
    say(&line, lang);
}

fn open_browser(url: &str) {
    let spawned = if cfg!(target_os = "windows") {
        std::process::Command::new("cmd")
            .args(["/C", "start", "", url])
            .spawn()
    } else if cfg!(target_os = "macos") {
        std::process::Command::new("open").arg(url).spawn()
    } else {
        std::process::Command::new("xdg-open").arg(url).spawn()
    };
    if let Err(e) = spawned {
        eprintln!("cannot open a browser: {e}");
    }
}
