//! gongshi: one source of truth for the disclosure boards (公示) of government service
//! windows. Content is loaded into a typed model, checked, then rendered as a website and
//! printed as PDF sheets.
//!
//! Stages: [`content`] loads, [`check`] checks, render and print produce outputs, and
//! [`output`] is the only stage that writes the output folder.

pub mod audit;
pub mod check;
pub mod cjk;
pub mod content;
pub mod diag;
pub mod escape;
pub mod graphics;
pub mod keep;
pub mod markdown;
pub mod output;
pub mod present;
pub mod print;
pub mod render;
pub mod routes;
pub mod scaffold;
pub mod schema;
pub mod serve;
pub mod spreadsheet;
pub mod stamp;
pub mod theme;

use rayon::prelude::*;
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
    /// Print sheets copied unchanged from the previous output (same content hash).
    pub sheets_reused: usize,
    /// Files the output holds in all.
    pub files: usize,
    /// Files written or removed because their bytes changed (0 when nothing changed).
    pub changed: usize,
    /// Files of the website kept from OUT as they were, not rendered again: they show no
    /// record changed since the last build (see [`keep`]).
    pub kept: usize,
    /// Warnings from the checks.
    pub diagnostics: Diagnostics,
    /// OUT was already what this build makes (nothing the build reads changed since the
    /// last one, see [`stamp`]): nothing was loaded, rendered or written, `diagnostics` is
    /// empty and `replayed` holds the warnings the last build printed.
    pub up_to_date: bool,
    /// The warnings of the build that made OUT, as it printed them (when `up_to_date`).
    pub replayed: String,
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
    /// A print product could not be made (no CJK font, does not fit, …); the site language.
    Print(Diagnostics, Lang),
    /// Writing OUT failed or was refused.
    Output(output::OutputError),
}

/// A loaded, checked site without errors, with its theme.
struct Prepared {
    site: Site,
    warnings: Diagnostics,
    theme: theme::Theme,
    lang: Lang,
}

#[allow(clippy::result_large_err)]
fn prepare(root: &Path) -> Result<Prepared, BuildError> {
    let checked = load_and_check(root).map_err(BuildError::NotASite)?;
    let lang = checked.site.config.language;
    if checked.diagnostics.has_errors() {
        return Err(BuildError::Content(
            checked.diagnostics,
            lang,
            checked.files,
        ));
    }
    let theme = theme::Theme::load(root, checked.site.config.theme.as_deref())
        .map_err(|d| BuildError::Render(std::iter::once(d).collect(), lang))?;
    Ok(Prepared {
        site: checked.site,
        warnings: checked.diagnostics,
        theme,
        lang,
    })
}

/// Loads, checks and renders the site in `root` (website and print products) and writes it
/// to OUT in one swap.
#[allow(clippy::result_large_err)]
pub fn build(root: &Path, options: &BuildOptions) -> Result<Built, BuildError> {
    let start = Instant::now();
    let out = options.out.clone().unwrap_or_else(|| root.join("public"));
    output::check_writable(root, &out).map_err(BuildError::Output)?;
    let out_abs = output::absolute(&out);
    let root_abs = output::absolute(root);
    let inputs = stamp::inputs(&root_abs, &out_abs, &stamp_settings(options));
    // OUT is walked once for the stamp, the writer and the pages kept.
    let listing = output::Listing::read(&out_abs).ok();
    let listed = listing.as_ref().map(stamp::outputs);
    let last = last_build(&out_abs, listed.as_deref());
    if let Some(done) = last
        .as_ref()
        .filter(|last| inputs.as_ref().map(|i| &i.fingerprint) == Some(&last.inputs))
    {
        return Ok(Built {
            out,
            pages: done.pages,
            sheets: done.sheets,
            sheets_reused: done.sheets,
            files: done.files,
            changed: 0,
            kept: done.files,
            diagnostics: Diagnostics::new(),
            up_to_date: true,
            replayed: done.report.clone(),
            lang: content::load::load_site_config(root).0.language,
            elapsed: start.elapsed(),
        });
    }
    let Prepared {
        site,
        mut warnings,
        theme,
        lang,
    } = prepare(root)?;
    // Written as rendered (a big site is never held whole in memory); until `finish`, into
    // a staging folder that any error below throws away, leaving OUT as it was.
    let writer = output::SiteWriter::begin_with(root, &out, listing).map_err(BuildError::Output)?;
    let put = |f: output::OutputFile| writer.put(&f);
    // The pages of OUT that show no changed record, when the last build vouches for OUT.
    let keep = last
        .as_ref()
        .zip(inputs.as_ref())
        .zip(writer.previous())
        .and_then(|((last, now), listing)| {
            keep::Keep::new(&root_abs, &out_abs, listing, last, now)
        });
    let made = render::render_web_into(&site, &theme, options.web.clone(), keep.as_ref(), put)
        .map_err(|stop| match stop {
            render::Stop::Render(d) => BuildError::Render(d, lang),
            render::Stop::Put(e) => BuildError::Output(e),
        })?;
    let pages = made.pages;
    let (mut sheets, mut sheets_reused) = (0, 0);
    if !options.no_print {
        let selection = print::Selection {
            prefix: routes::PRINT_DIR.into(),
            ..Default::default()
        };
        let printed = print_with_index(&site, &theme, &selection, Some(&out))
            .map_err(|e| with_warnings(e, &warnings))?;
        sheets = printed.sheets;
        sheets_reused = printed.reused;
        if site.config.publish_audit {
            let shown = format!("{}{}", routes::PRINT_DIR, print::cache::MANIFEST);
            let evidence = audit::PrintEvidence::of_run(&printed, &shown);
            put(published_audit(&site, &theme, &warnings, &evidence)?)
                .map_err(BuildError::Output)?;
        }
        warnings.extend(printed.warnings);
        printed
            .files
            .par_iter()
            .try_for_each(|f| writer.put(f))
            .map_err(BuildError::Output)?;
    } else if site.config.publish_audit {
        // The last print into OUT, else the site folder's.
        let printed_here = out.join(routes::PRINT_DIR).join(print::cache::MANIFEST);
        let printed = printed_here.is_file().then_some(out.as_path());
        let evidence = audit::PrintEvidence::gather(&site, &theme, printed)
            .map_err(|d| BuildError::Render(std::iter::once(d).collect(), lang))?;
        put(published_audit(&site, &theme, &warnings, &evidence)?).map_err(BuildError::Output)?;
    }
    let mut written = writer.finish().map_err(BuildError::Output)?;
    let outputs = match (listed, &written.made) {
        (Some(listed), _) if written.untouched => Some(listed),
        (_, Some(made)) => Some(stamp::outputs_of_files(made)),
        _ => output::Listing::read(&out_abs)
            .ok()
            .map(|l| stamp::outputs(&l)),
    };
    if let (Some(inputs), Some(outputs)) = (inputs, outputs) {
        let sources = diag::SourceLines::new(root);
        let report = warnings
            .iter()
            .map(|d| diag::render_human(d, lang, &sources))
            .collect();
        let made = stamp::Stamp {
            inputs: inputs.fingerprint,
            outputs,
            pages,
            sheets,
            files: written.files,
            report,
            context: inputs.context,
            sources: inputs.sources,
        };
        stamp::write(&out_abs, &made);
    }
    drop_in_background((site, theme, written.made.take()));
    Ok(Built {
        out,
        pages,
        sheets,
        sheets_reused,
        files: written.files,
        changed: written.changed + written.removed,
        kept: made.kept,
        diagnostics: warnings,
        up_to_date: false,
        replayed: String::new(),
        lang,
        elapsed: start.elapsed(),
    })
}

/// Frees `value` on a thread of its own: a site of 10,000 items and the listing of its OUT
/// are a million allocations, tens of milliseconds to free that nobody waits for (the
/// command ends, or `serve` goes on). Freed here when no thread can be started.
pub fn drop_in_background<T: Send + 'static>(value: T) {
    let _ = std::thread::Builder::new()
        .name("gongshi-free".into())
        .spawn(move || drop(value));
}

/// What besides the site's files a build's output depends on: its options, the day (notices
/// and the published self-audit are judged on it) and the environment variables gongshi reads.
fn stamp_settings(options: &BuildOptions) -> String {
    let var = |name: &str| std::env::var_os(name).map(|v| v.to_string_lossy().into_owned());
    format!(
        "no_print={} web={:?} today={} fonts={:?} typ={:?}",
        options.no_print,
        options.web,
        audit::today(),
        var("GONGSHI_SYSTEM_FONTS"),
        var("GONGSHI_TYP"),
    )
}

/// The stamp of the last build into `out`, when OUT is as that build left it: with the same
/// inputs, OUT is what this build would make; with others, it still vouches for the pages
/// that show no changed record (see [`keep`]).
fn last_build(out: &Path, listed: Option<&str>) -> Option<stamp::Stamp> {
    let last = stamp::read(out)?;
    (listed == Some(last.outputs.as_str())).then_some(last)
}

/// The self-audit page `audit.publish` puts into the site (`_audit/index.html`); the
/// diagnostics are the build's own (a build has no errors).
#[allow(clippy::result_large_err)]
fn published_audit(
    site: &Site,
    theme: &theme::Theme,
    diagnostics: &Diagnostics,
    evidence: &audit::PrintEvidence,
) -> Result<output::OutputFile<'static>, BuildError> {
    let lang = site.config.language;
    let report = audit::audit(site, diagnostics, audit::today(), evidence);
    let renderer = render::Renderer::new(site, theme, render::WebOptions::default())
        .map_err(|d| BuildError::Render(d, lang))?;
    audit::document::html(&report, &renderer, lang, audit::document::PAGE)
        .map_err(|d| BuildError::Render(std::iter::once(d).collect(), lang))
}

/// Makes print products alone (`gongshi print`) into OUT (default `SITE/print`); with
/// `zip`, also packs the sheets (the changed ones with `--changed-since`) and their order
/// into that archive.
#[allow(clippy::result_large_err)]
pub fn print_products(
    root: &Path,
    out: Option<PathBuf>,
    selection: &print::Selection,
    zip: Option<&Path>,
) -> Result<Built, BuildError> {
    let start = Instant::now();
    let out = out.unwrap_or_else(|| root.join("print"));
    output::check_writable(root, &out).map_err(BuildError::Output)?;
    let Prepared {
        site,
        mut warnings,
        theme,
        lang,
    } = prepare(root)?;
    let printed = print_with_index(&site, &theme, selection, Some(&out))
        .map_err(|e| with_warnings(e, &warnings))?;
    warnings.extend(printed.warnings);
    if let Some(zip) = zip {
        // Before the output is written: reused sheets are still read from the old output.
        let (lines, folder) = match &printed.changed {
            Some(lines) => (lines, print::run::CHANGED_DIR),
            None => (&printed.order, ""),
        };
        let bytes = print::archive::zip(lines, &printed.files, &selection.prefix, folder)
            .and_then(|bytes| output::write_file_atomic(zip, &bytes));
        if let Err(e) = bytes {
            let path = zip.display().to_string();
            let d = Diagnostic::error(
                "E037",
                diag::Location::file(path.clone()),
                msg!(
                    "cannot write the archive {path}: {e}",
                    "无法写入压缩包 {path}：{e}",
                    "無法寫入壓縮檔 {path}：{e}"
                ),
            );
            return Err(BuildError::Print(std::iter::once(d).collect(), lang));
        }
    }
    let written = output::write_site(root, &out, &printed.files).map_err(BuildError::Output)?;
    Ok(Built {
        out,
        pages: 0,
        sheets: printed.sheets,
        sheets_reused: printed.reused,
        files: written.files,
        changed: written.changed + written.removed,
        kept: 0,
        diagnostics: warnings,
        up_to_date: false,
        replayed: String::new(),
        lang,
        elapsed: start.elapsed(),
    })
}

/// A print failure keeps the check's warnings beside its errors, so a clerk who fixes the
/// sheet that did not fit still sees what else the check found.
fn with_warnings(error: BuildError, warnings: &Diagnostics) -> BuildError {
    match error {
        BuildError::Print(mut diags, lang) => {
            diags.extend(warnings.clone());
            diags.sort();
            BuildError::Print(diags, lang)
        }
        other => other,
    }
}

/// What `gongshi print --changed-since ARG` compares with: a manifest file (relative to the
/// current folder), or the sheets the site at a git revision (or the last commit before a
/// date) would print, hashed without rendering. Problems are E036.
pub fn print_baseline(
    root: &Path,
    arg: &str,
    selection: &print::Selection,
) -> Result<print::cache::Manifest, Diagnostic> {
    use print::changed::{self, Baseline};
    let fail = |why: String| {
        Diagnostic::error(
            "E036",
            diag::Location::file(arg.to_string()),
            msg!(
                "cannot compare with `{arg}`: {why}",
                "无法与“{arg}”比较：{why}",
                "無法與「{arg}」比較：{why}"
            ),
        )
        .with_help(msg!(
            "give a print/manifest.json of an earlier run, a git revision or a date (YYYY-MM-DD)",
            "请给出先前印刷的 print/manifest.json、git 版本号或日期（YYYY-MM-DD）",
            "請給出先前列印的 print/manifest.json、git 版本號或日期（YYYY-MM-DD）"
        ))
    };
    let cwd = std::env::current_dir().unwrap_or_default();
    let baseline = changed::parse(arg, &cwd).map_err(fail)?;
    if let Baseline::Manifest(manifest) = baseline {
        return Ok(manifest);
    }
    let commit = changed::commit(root, &baseline).map_err(fail)?;
    let snapshot = changed::snapshot(root, &commit).map_err(fail)?;
    let loaded = content::load::load(&snapshot.root)
        .map_err(|d| fail(d.message.text(Lang::En).to_string()))?;
    let site = loaded.site;
    let theme = theme::Theme::load(&snapshot.root, site.config.theme.as_deref())
        .map_err(|d| fail(d.message.text(Lang::En).to_string()))?;
    print::run::planned_manifest(&site, &theme, selection).map_err(|diags| {
        let first = diags
            .iter()
            .next()
            .map(|d| d.message.text(Lang::En).to_string());
        fail(first.unwrap_or_default())
    })
}

/// Prints the selected sheets and, beside them, the print index page: the theme's
/// `print.html` with the list of sheets, in the site language. `build`, `print` and serve's
/// print preview all print through here.
#[allow(clippy::result_large_err)]
pub fn print_with_index(
    site: &Site,
    theme: &theme::Theme,
    selection: &print::Selection,
    previous_out: Option<&Path>,
) -> Result<print::Printed, BuildError> {
    let lang = site.config.language;
    let mut printed = print::print_site(site, theme, selection, previous_out)
        .map_err(|d| BuildError::Print(d, lang))?;
    let renderer = render::Renderer::new(site, theme, render::WebOptions::default())
        .map_err(|d| BuildError::Render(d, lang))?;
    let path = format!("{}{}", selection.prefix, routes::PRINT_INDEX);
    let index = renderer
        .render_template("print.html", path, "print", &printed.index)
        .map_err(|d| BuildError::Render(std::iter::once(d).collect(), lang))?;
    printed.files.push(index);
    Ok(printed)
}
