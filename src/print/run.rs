//! A print run: renders the planned sheets in parallel (reusing unchanged ones, see
//! [`super::cache`]), collects the PDFs, thumbnails, manifest and print order (see
//! [`super::order`]) for the output writer, with the changed-only set for a reprint when
//! asked, and turns failures into diagnostics (see [`super::report`]).

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::{Value, json};

use super::cache::{self, Manifest, SheetRecord};
use super::order::{self, Change};
use super::plan::{PrintSettings, Selection, SheetJob, plan, settings};
use super::report;
use super::{FontChoiceError, FontStore, PrintJob, Profile, Sheet, render_pdf};
use crate::content::Site;
use crate::diag::{Diagnostic, Diagnostics, Lang, Location};
use crate::msg;
use crate::output::OutputFile;
use crate::present::{Labels, Wording};
use crate::routes;

/// Where print templates and labels come from (the theme: site override first, default last).
pub trait Templates: Sync {
    /// The source of a print template, `None` when no theme has it.
    fn print_template(&self, name: &str) -> Option<String>;
    /// The theme's UI labels in `lang` (the sheets' headings and worded facts).
    fn labels(&self, lang: Lang) -> Labels;
}

/// What printing produced.
pub struct Printed {
    /// PDFs, thumbnails, the manifest and the print order, ready for the output writer.
    pub files: Vec<OutputFile<'static>>,
    /// Sheets (PDF files) made or reused.
    pub sheets: usize,
    /// Sheets reused unchanged from the previous output.
    pub reused: usize,
    /// Warnings (low-resolution photos, Typst warnings).
    pub warnings: Diagnostics,
    /// The data of the print index page (the theme's `print.html`), filled by [`print_site`].
    pub index: Value,
    /// The print order of every sheet, compared with the previous run.
    pub order: Vec<order::Line>,
    /// With [`Selection::since`]: the order of the sheets that differ from it (also written
    /// into `changed/`).
    pub changed: Option<Vec<order::Line>>,
    /// The manifest written beside the sheets.
    pub manifest: Manifest,
}

/// Width in pixels of the thumbnails on the print index page.
const THUMBNAIL_WIDTH: u32 = 240;

/// The folder of the changed-only set inside the print folder.
pub const CHANGED_DIR: &str = "changed/";

/// The print order files inside a print folder.
pub const ORDER_PDF: &str = "order.pdf";
/// See [`ORDER_PDF`].
pub const ORDER_CSV: &str = "order.csv";

/// One sheet as rendered or reused.
struct Rendered {
    files: Vec<OutputFile<'static>>,
    record: SheetRecord,
    reused: bool,
    warnings: Vec<Diagnostic>,
}

/// What every sheet and document of a print run shares.
struct Run<'a> {
    settings: &'a PrintSettings,
    templates: &'a dyn Templates,
    /// The theme's `common.typ`, read once.
    common: String,
    /// The theme's labels in the site language as JSON, serialized once (see
    /// [`PrintJob::labels`]).
    labels: String,
    fonts: &'a FontStore,
    /// The manifest of the previous output, whose unchanged sheets are reused.
    previous: &'a Manifest,
    previous_out: Option<&'a Path>,
}

impl<'a> Run<'a> {
    fn new(
        site: &Site,
        settings: &'a PrintSettings,
        templates: &'a dyn Templates,
        fonts: &'a FontStore,
        previous: &'a Manifest,
        previous_out: Option<&'a Path>,
    ) -> Self {
        Run {
            settings,
            templates,
            common: templates.print_template("common.typ").unwrap_or_default(),
            labels: labels_json(templates, site),
            fonts,
            previous,
            previous_out,
        }
    }
}

/// The theme's labels in the site language, as the JSON every sheet reads.
fn labels_json(templates: &dyn Templates, site: &Site) -> String {
    serde_json::to_string(&templates.labels(site.config.language)).unwrap_or_else(|_| "{}".into())
}

/// Renders the planned sheets (in parallel), reusing a PDF from the previous output when
/// its content hash is unchanged; results in job order.
fn render_all(jobs: &[SheetJob], run: &Run) -> Result<Vec<Rendered>, Diagnostics> {
    let results: Vec<Result<Rendered, Diagnostic>> = each_sheet(jobs, |job| render_one(job, run));
    // Typst memoizes layouts across compilations; what this run made is not needed again
    // until the next run, which reuses unchanged sheets by hash anyway.
    super::trim_caches(SHEET_CACHE_AGE);
    let mut errors = Diagnostics::new();
    let mut rendered = Vec::with_capacity(jobs.len());
    for result in results {
        match result {
            Ok(r) => rendered.push(r),
            Err(d) => errors.push(d),
        }
    }
    if errors.is_empty() {
        Ok(rendered)
    } else {
        Err(errors)
    }
}

/// How many trims (see [`SHEETS_PER_TRIM`], and one after each run) Typst's memoized
/// results outlive without being used. Serve prints again after every edit, but the sheets the edit
/// did not touch are reused from their files, not from the cache.
const SHEET_CACHE_AGE: usize = 2;

/// Every this many sheets, and after every board, a run frees Typst's memoized results
/// that the last sheets did not use. A board's layout search memoizes thousands of trial
/// layouts no other sheet asks for: kept to the end of a 1,000-item run they took several
/// gigabytes, and kept for 16 sheets the 80 window boards of a 1,000-item center still held
/// 1.2 GB (0.2 GB trimmed after each). Trimming after every guide too saved a little on a
/// run of guides alone but cost more on a whole run, where it also frees what a board still
/// searching for its type scale on another thread has tried (docs/benchmarks.md).
const SHEETS_PER_TRIM: usize = 16;

/// Stack of each sheet thread: Typst's layout recursion on a full board is deep.
const SHEET_STACK_BYTES: usize = 16 * 1024 * 1024;

/// Renders every job on up to `rayon::current_num_threads()` plain threads, results in job
/// order; a job that panics becomes an error instead of taking the process down.
///
/// Not rayon's `par_iter`: Typst lays out pages with rayon, and a rayon worker waiting for
/// that work steals other queued sheets and compiles them on top of its own stack, so the
/// stack grew with the number of sheets until the process aborted (about 300 guides on 2
/// cores). A plain thread waiting on rayon blocks instead of stealing, so every sheet is
/// compiled on a stack of its own, whatever the number of sheets.
fn each_sheet(
    jobs: &[SheetJob],
    render: impl Fn(&SheetJob) -> Result<Rendered, Diagnostic> + Sync,
) -> Vec<Result<Rendered, Diagnostic>> {
    let next = AtomicUsize::new(0);
    let threads = rayon::current_num_threads().clamp(1, jobs.len().max(1));
    // Costliest first (boards); stable, so the rest keep the plan's order.
    let mut order: Vec<usize> = (0..jobs.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(jobs[i].product.layout_cost()));
    let work = || {
        let mut done = Vec::new();
        loop {
            let n = next.fetch_add(1, Ordering::Relaxed);
            let Some(&i) = order.get(n) else {
                return done;
            };
            let job = &jobs[i];
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| render(job)))
                .unwrap_or_else(|panic| Err(report::panic_error(job, panic.as_ref())));
            done.push((i, result));
            if job.product.layout_cost() > 0 || (n + 1).is_multiple_of(SHEETS_PER_TRIM) {
                super::trim_caches(SHEET_CACHE_AGE);
            }
        }
    };
    let mut results: Vec<(usize, Result<Rendered, Diagnostic>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|n| {
                std::thread::Builder::new()
                    .name(format!("gongshi-sheet-{n}"))
                    .stack_size(SHEET_STACK_BYTES)
                    .spawn_scoped(scope, work)
            })
            .collect();
        let mut results = Vec::with_capacity(jobs.len());
        let mut started = 0;
        for handle in handles.into_iter().flatten() {
            started += 1;
            results.extend(handle.join().unwrap_or_default());
        }
        // No thread could be started (resource limits): render here, one by one.
        if started == 0 {
            results.extend(work());
        }
        results
    });
    results.sort_by_key(|(i, _)| *i);
    let mut results = results.into_iter().peekable();
    (0..jobs.len())
        .map(|i| match results.next_if(|(j, _)| *j == i) {
            Some((_, result)) => result,
            None => Err(report::panic_error(&jobs[i], &"the sheet thread stopped")),
        })
        .collect()
}

fn render_one(job: &SheetJob, run: &Run) -> Result<Rendered, Diagnostic> {
    let settings = run.settings;
    let name = job.product.template();
    let template = run
        .templates
        .print_template(&name)
        .ok_or_else(|| report::missing_template(&name))?;
    let hash = cache::content_hash(
        job,
        settings,
        &template,
        &run.common,
        &run.labels,
        run.fonts,
    );
    if let Some((files, record)) = cache::reuse(job, &hash, run.previous, run.previous_out) {
        return Ok(Rendered {
            warnings: report::photo_warnings(job, &record),
            files,
            record,
            reused: true,
        });
    }
    let mut data = job.parts.data.clone();
    if let Value::Object(map) = &mut data {
        map.insert(
            "stamp".into(),
            json!({"date": job.parts.date.map(|d| d.to_string()), "hash": &hash[..8]}),
        );
    }
    let mut files = job.parts.virtual_files();
    files.push(("common.typ".into(), run.common.as_bytes().to_vec()));
    let print_job = PrintJob {
        template_name: &name,
        template: &template,
        data: &data,
        files: &files,
        sheet: job.sheet,
        profile: settings.profile,
        lang: settings.lang,
        expected_pages: Some(job.product.pages()),
        thumbnail_width: Some(THUMBNAIL_WIDTH),
        standard: settings.standard,
        title: &job.title,
        labels: &run.labels,
        date: job.parts.date,
    };
    match render_pdf(&print_job, run.fonts) {
        Ok(out) => {
            let mut warnings = report::typst_warnings(job, &name, &out.warnings)?;
            let record = SheetRecord {
                hash,
                pages: out.pages,
                photo_dpi: out
                    .images
                    .iter()
                    .map(|i| (i.file.clone(), (i.dpi() * 10.0).round() / 10.0))
                    .collect(),
            };
            warnings.extend(report::photo_warnings(job, &record));
            let mut files = vec![OutputFile::bytes(job.path.clone(), out.pdf)];
            if let Some(png) = out.thumbnail {
                files.push(OutputFile::bytes(routes::thumbnail(&job.path), png));
            }
            Ok(Rendered {
                files,
                record,
                reused: false,
                warnings,
            })
        }
        Err(e) => Err(report::print_error(job, settings, e)),
    }
}

/// A document that is not a sheet of a product (the print order): its template, data,
/// where it goes and its title.
struct Document<'a> {
    template: &'a str,
    data: Value,
    path: String,
    title: String,
}

/// Renders a document on A4 landscape with a white margin (it goes through an office printer, not the
/// press), reusing the previous one when its data is unchanged.
fn render_document(
    doc: &Document,
    run: &Run,
) -> Result<(OutputFile<'static>, SheetRecord), Diagnostic> {
    let settings = run.settings;
    let template = run
        .templates
        .print_template(doc.template)
        .ok_or_else(|| report::missing_template(doc.template))?;
    let common = &run.common;
    let mut h = blake3::Hasher::new();
    for part in [
        &template,
        common,
        super::GONGSHI_TYP,
        &run.labels,
        &doc.title,
    ] {
        h.update(part.as_bytes());
    }
    h.update(doc.data.to_string().as_bytes());
    h.update(
        format!(
            "{:?}{:?}{}",
            settings.standard,
            settings.lang,
            env!("CARGO_PKG_VERSION")
        )
        .as_bytes(),
    );
    let hash = h.finalize().to_hex().to_string();
    if let (Some(out), Some(record)) = (run.previous_out, run.previous.documents.get(&doc.path))
        && record.hash == hash
        && out.join(&doc.path).is_file()
    {
        let file = OutputFile::copy(doc.path.clone(), out.join(&doc.path));
        return Ok((file, record.clone()));
    }
    let files = [("common.typ".to_string(), common.as_bytes().to_vec())];
    let job = PrintJob {
        template_name: doc.template,
        template: &template,
        data: &doc.data,
        files: &files,
        sheet: Sheet::A4.landscape(),
        profile: Profile::LargeFormat,
        expected_pages: None,
        thumbnail_width: None,
        lang: settings.lang,
        standard: settings.standard,
        title: &doc.title,
        labels: &run.labels,
        date: None,
    };
    let out = render_pdf(&job, run.fonts).map_err(|e| report::document_error(&doc.path, e))?;
    let record = SheetRecord {
        hash,
        pages: out.pages,
        ..SheetRecord::default()
    };
    Ok((OutputFile::bytes(doc.path.clone(), out.pdf), record))
}

/// Plans and renders the print products of a site in one call, with the manifest, the
/// print order, the changed-only set when asked, and the data of the print index page.
/// Fonts: `print.fonts` (the bundled family by default), the site's `fonts/` folder, and
/// the installed fonts for characters those lack (`GONGSHI_SYSTEM_FONTS=0` leaves the
/// installed ones out).
pub fn print_site(
    site: &Site,
    templates: &dyn Templates,
    selection: &Selection,
    previous_out: Option<&Path>,
) -> Result<Printed, Diagnostics> {
    let settings = settings(site)?;
    let labels = templates.labels(site.config.language);
    let words = Wording::new(site.config.language, &labels);
    let jobs = plan(site, &settings, selection, &words);
    let fonts = site_fonts(site, &settings)?;
    let prefix = selection.prefix.as_str();
    let previous = Manifest::of_output(previous_out, prefix);
    let run = Run::new(site, &settings, templates, &fonts, &previous, previous_out);
    let rendered = render_all(&jobs, &run)?;

    let mut files = Vec::new();
    let mut warnings = Diagnostics::new();
    let mut manifest = Manifest::default();
    let mut reused = 0;
    let mut records = Vec::with_capacity(jobs.len());
    for (job, r) in jobs.iter().zip(rendered) {
        manifest.sheets.insert(job.path.clone(), r.record.clone());
        records.push(r.record);
        reused += usize::from(r.reused);
        files.extend(r.files);
        warnings.extend(r.warnings.into_iter().collect());
    }

    let title = &site.config.title;
    manifest.baseline = previous.next_baseline(&manifest.sheets);
    let order = order::lines(
        &jobs,
        &records,
        &Manifest::of_hashes(&manifest.baseline),
        prefix,
        &settings,
        &site.config,
        &words,
    );
    let mut documents = vec![(String::new(), order.clone())];
    let changed = selection.since.as_ref().map(|since| {
        let lines = order::lines(
            &jobs,
            &records,
            since,
            prefix,
            &settings,
            &site.config,
            &words,
        );
        let lines: Vec<order::Line> = lines
            .into_iter()
            .filter(|l| l.change != Change::Unchanged)
            .collect();
        // The changed sheets themselves, beside their own order.
        for line in &lines {
            let from = format!("{prefix}{}", line.file);
            if let Some(sheet) = files.iter().find(|f| f.path == from) {
                let path = format!("{prefix}{CHANGED_DIR}{}", line.file);
                files.push(OutputFile {
                    path,
                    contents: sheet.contents.clone(),
                });
            }
        }
        documents.push((CHANGED_DIR.to_string(), lines.clone()));
        lines
    });
    for (folder, lines) in &documents {
        let heading = words.label(if folder.is_empty() {
            "order_title"
        } else {
            "order_title_changed"
        });
        files.push(OutputFile::bytes(
            format!("{prefix}{folder}{ORDER_CSV}"),
            order::csv(lines, &words),
        ));
        let doc = Document {
            template: "order.typ",
            data: order::data(lines, &words, &heading, title),
            path: format!("{prefix}{folder}{ORDER_PDF}"),
            title: format!("{title} {heading}"),
        };
        let (file, record) =
            render_document(&doc, &run).map_err(|d| std::iter::once(d).collect::<Diagnostics>())?;
        manifest.documents.insert(doc.path.clone(), record);
        files.push(file);
    }
    files.push(manifest.file(prefix));
    Ok(Printed {
        files,
        sheets: jobs.len(),
        reused,
        warnings,
        index: report::index(prefix, &jobs, &settings, &words),
        order,
        changed,
        manifest,
    })
}

/// The bytes of a printed file, read from disk when it is a copy.
pub fn contents(file: &OutputFile) -> std::io::Result<Vec<u8>> {
    file.contents.to_bytes().map(std::borrow::Cow::into_owned)
}

/// The manifest a print of the selection would write, without rendering anything: each
/// planned sheet's content hash (`--changed-since` hashes an earlier revision of the site
/// this way).
pub fn planned_manifest(
    site: &Site,
    templates: &dyn Templates,
    selection: &Selection,
) -> Result<Manifest, Diagnostics> {
    let settings = settings(site)?;
    let labels = templates.labels(site.config.language);
    let words = Wording::new(site.config.language, &labels);
    let common = templates.print_template("common.typ").unwrap_or_default();
    let labels = labels_json(templates, site);
    let fonts = site_fonts(site, &settings)?;
    let mut manifest = Manifest::default();
    for job in plan(site, &settings, selection, &words) {
        let template = templates
            .print_template(&job.product.template())
            .unwrap_or_default();
        let hash = cache::content_hash(&job, &settings, &template, &common, &labels, &fonts);
        let record = SheetRecord {
            hash,
            ..SheetRecord::default()
        };
        manifest.sheets.insert(job.path, record);
    }
    Ok(manifest)
}

/// The fonts of a site's print run; a `print.fonts` that names nothing usable is an error
/// at its line in site.yaml.
pub fn site_fonts(site: &Site, settings: &PrintSettings) -> Result<FontStore, Diagnostics> {
    let system = std::env::var("GONGSHI_SYSTEM_FONTS").as_deref() != Ok("0");
    let site_dirs = [site.root.join("fonts")];
    FontStore::new(&settings.fonts, &site_dirs, system).map_err(|e| {
        let (value, at) = match &site.config.print_fonts {
            Some((text, pos)) => (text.clone(), pos.at("site.yaml")),
            None => (String::new(), Location::file("site.yaml")),
        };
        let message = match e {
            FontChoiceError::UnknownFamily(_) => msg!(
                "print.fonts: no font family `{value}` is installed, bundled or in the site's fonts/ folder",
                "print.fonts：找不到字体“{value}”（本机未安装，也不在站点的 fonts/ 文件夹中）",
                "print.fonts：找不到字型「{value}」（本機未安裝，也不在站點的 fonts/ 資料夾中）"
            ),
            FontChoiceError::EmptyFolder(_) => msg!(
                "print.fonts: the folder `{value}` does not exist or holds no .ttf/.otf/.ttc font",
                "print.fonts：文件夹“{value}”不存在或其中没有 .ttf/.otf/.ttc 字体",
                "print.fonts：資料夾「{value}」不存在或其中沒有 .ttf/.otf/.ttc 字型"
            ),
        };
        Diagnostics::from_iter([Diagnostic::error("E035", at, message).with_help(msg!(
            "write bundled (the font inside gongshi), system, a folder of fonts, or a family that `fc-list` shows",
            "请写 bundled（内置字体）、system（系统字体）、字体文件夹，或 `fc-list` 列出的字体名称",
            "請寫 bundled（內置字型）、system（系統字型）、字型資料夾，或 `fc-list` 列出的字型名稱"
        ))])
    })
}
