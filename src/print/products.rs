//! The seven print products of a site: which sheets exist, the data each template gets,
//! rendering them in parallel, and turning failures into diagnostics with advice.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::{Value, json};

use super::data;
use super::{FontStore, PrintError, PrintJob, Profile, Sheet, render_pdf};
use crate::content::{Date, Site};
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::msg;
use crate::output::OutputFile;

/// A print product (key as used in site.yaml `print.sheets`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Product {
    /// 窗口公示栏, one per window.
    WindowBoard,
    /// 办事指南, one per item.
    Guide,
    /// 一次性告知单, one per item.
    Handout,
    /// 工作人员桌牌, one per staff member.
    StaffCard,
    /// 窗口牌, one per window.
    WindowSign,
    /// 亮身份公示, one for the site.
    StaffBoard,
    /// 收费公示, one for the site.
    FeeBoard,
}

impl Product {
    /// Every product in display order.
    pub const ALL: [Product; 7] = [
        Product::WindowBoard,
        Product::Guide,
        Product::Handout,
        Product::StaffCard,
        Product::WindowSign,
        Product::StaffBoard,
        Product::FeeBoard,
    ];

    /// The key in site.yaml and the output folder name.
    pub fn key(self) -> &'static str {
        match self {
            Product::WindowBoard => "window_board",
            Product::Guide => "guide",
            Product::Handout => "handout",
            Product::StaffCard => "staff_card",
            Product::WindowSign => "window_sign",
            Product::StaffBoard => "staff_board",
            Product::FeeBoard => "fee_board",
        }
    }

    /// The product by key.
    pub fn from_key(key: &str) -> Option<Product> {
        Product::ALL.into_iter().find(|p| p.key() == key)
    }

    /// The Chinese name printed in lists.
    pub fn title(self) -> &'static str {
        match self {
            Product::WindowBoard => "窗口公示栏",
            Product::Guide => "办事指南",
            Product::Handout => "一次性告知单",
            Product::StaffCard => "工作人员桌牌",
            Product::WindowSign => "窗口牌",
            Product::StaffBoard => "亮身份公示",
            Product::FeeBoard => "收费公示",
        }
    }

    /// The sheet used when site.yaml names none.
    pub fn default_sheet(self) -> &'static str {
        match self {
            Product::WindowBoard => "600x900mm",
            Product::Guide => "A3",
            Product::Handout => "A4",
            Product::StaffCard => "200x100mm",
            Product::WindowSign => "500x250mm",
            Product::StaffBoard | Product::FeeBoard => "A1",
        }
    }

    /// How many pages a sheet of this product may have.
    fn pages(self) -> std::ops::RangeInclusive<usize> {
        match self {
            Product::Guide => 1..=6,
            Product::Handout => 1..=2,
            _ => 1..=1,
        }
    }

    /// Template file name in the theme's `print/` folder.
    pub fn template(self) -> String {
        format!("{}.typ", self.key())
    }

    /// Printed photo width as a share of the sheet's usable width (for the dpi check).
    fn photo_share(self, sheet: &Sheet) -> Option<f64> {
        match self {
            Product::WindowBoard => Some(1.0 / 8.0),
            Product::StaffBoard => Some(1.0 / 9.0),
            Product::StaffCard => Some(sheet.height_mm * 0.72 * 0.75 / sheet.width_mm),
            _ => None,
        }
    }
}

/// Which sheets to make (`gongshi print --only … --window …`) and where they go.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Folder of the sheets inside the output: `print/` for `build`, empty for `print`.
    pub prefix: String,
    /// Only these products (all when empty).
    pub products: Vec<Product>,
    /// Only sheets about this window (its board, sign, items and staff).
    pub window: Option<String>,
}

/// Where print templates come from (the theme: site override first, default last).
pub trait Templates: Sync {
    /// The source of a print template, `None` when no theme has it.
    fn print_template(&self, name: &str) -> Option<String>;
}

/// One sheet to render.
#[derive(Debug, Clone)]
pub struct SheetJob {
    /// Which product.
    pub product: Product,
    /// Output path under OUT (`print/guide/gjj-loan.pdf`).
    pub path: String,
    /// What it shows (a window, item or staff name), for the index and messages.
    pub label: String,
    /// The content file it mostly shows, for diagnostics.
    pub source_file: String,
    /// Template data (without the stamp).
    pub data: Value,
    /// Virtual files: photos, QR code, flowchart.
    pub files: Vec<(String, Vec<u8>)>,
    /// Trim size.
    pub sheet: Sheet,
    /// Newest date of the content shown, for the revision stamp.
    pub date: Option<Date>,
    /// Staff photos shown, for the resolution check.
    pub photos: Vec<data::PhotoUse>,
}

/// Settings shared by all sheets of a build.
pub struct PrintSettings {
    /// offset or large-format.
    pub profile: Profile,
    /// Sheet per product.
    pub sheets: BTreeMap<Product, Sheet>,
}

/// Reads profile and sheets from site.yaml, reporting bad sheet sizes at their line.
pub fn settings(site: &Site) -> Result<PrintSettings, Diagnostics> {
    let mut diags = Diagnostics::new();
    let profile = match site.config.print_profile.as_deref() {
        Some("large-format") => Profile::LargeFormat,
        _ => Profile::Offset,
    };
    let mut sheets = BTreeMap::new();
    for product in Product::ALL {
        let (text, pos) = match site.config.print_sheets.get(product.key()) {
            Some((t, p)) => (t.as_str(), Some(*p)),
            None => (product.default_sheet(), None),
        };
        match text.parse::<Sheet>() {
            Ok(sheet) => {
                sheets.insert(product, sheet);
            }
            Err(e) => {
                let at = pos.map_or_else(|| Location::file("site.yaml"), |p| p.at("site.yaml"));
                diags.push(
                    Diagnostic::error(
                        "E030",
                        at,
                        msg!(
                            "`{text}` is not a sheet size: {e}",
                            "“{text}”不是有效的纸张尺寸：{e}",
                            "「{text}」不是有效的紙張尺寸：{e}"
                        ),
                    )
                    .with_help(msg!(
                        "write A0–A5 or a size like 600x900mm, optionally followed by `landscape`",
                        "请写 A0–A5，或“宽x高mm”（如 600x900mm），可加 landscape 表示横放",
                        "請寫 A0–A5，或「寬x高mm」（如 600x900mm），可加 landscape 表示橫放"
                    )),
                );
            }
        }
    }
    if diags.is_empty() {
        Ok(PrintSettings { profile, sheets })
    } else {
        Err(diags)
    }
}

/// Plans every sheet of the selection.
pub fn plan(site: &Site, settings: &PrintSettings, selection: &Selection) -> Vec<SheetJob> {
    let wanted = |p: Product| selection.products.is_empty() || selection.products.contains(&p);
    let in_window = |w: &str| selection.window.as_deref().is_none_or(|s| s == w);
    let mut jobs = Vec::new();
    // One sheet of `product` about record `id` (from `file`), titled `label`.
    let mut push = |product: Product, id: &str, label: &str, file: &str, parts: data::Parts| {
        let sheet = settings.sheets.get(&product).copied().unwrap_or(Sheet::A4);
        jobs.push(job(
            &selection.prefix,
            product,
            id,
            label,
            file,
            parts,
            sheet,
        ));
    };
    for window in site.windows.iter().filter(|w| in_window(&w.source.id)) {
        let (id, label, file) = (&window.source.id, &window.name.value, &window.source.file);
        if wanted(Product::WindowBoard) {
            push(
                Product::WindowBoard,
                id,
                label,
                file,
                data::window_board(site, window),
            );
        }
        if wanted(Product::WindowSign) {
            push(
                Product::WindowSign,
                id,
                label,
                file,
                data::window_sign(site, window),
            );
        }
    }
    for item in site.items.iter().filter(|i| in_window(&i.window.value)) {
        let (id, label, file) = (&item.source.id, &item.name.value, &item.source.file);
        if wanted(Product::Guide) {
            push(Product::Guide, id, label, file, data::guide(site, item));
        }
        if wanted(Product::Handout) {
            push(Product::Handout, id, label, file, data::handout(site, item));
        }
    }
    let staff_in =
        |s: &crate::content::Staff| s.window.as_ref().is_none_or(|w| in_window(&w.value));
    if wanted(Product::StaffCard) {
        for staff in site.staff.iter().filter(|s| staff_in(s)) {
            let (id, label, file) = (&staff.source.id, &staff.name.value, &staff.source.file);
            push(
                Product::StaffCard,
                id,
                label,
                file,
                data::staff_card(site, staff),
            );
        }
    }
    if selection.window.is_none() {
        if wanted(Product::StaffBoard) && !site.staff.is_empty() {
            let title = Product::StaffBoard.title();
            push(
                Product::StaffBoard,
                "all",
                title,
                "site.yaml",
                data::staff_board(site),
            );
        }
        if wanted(Product::FeeBoard) && !site.items.is_empty() {
            let title = Product::FeeBoard.title();
            push(
                Product::FeeBoard,
                "all",
                title,
                "site.yaml",
                data::fee_board(site),
            );
        }
    }
    jobs
}

fn job(
    prefix: &str,
    product: Product,
    id: &str,
    label: &str,
    source_file: &str,
    parts: data::Parts,
    sheet: Sheet,
) -> SheetJob {
    SheetJob {
        product,
        path: format!("{prefix}{}/{id}.pdf", product.key()),
        label: label.to_string(),
        source_file: source_file.to_string(),
        data: parts.data,
        files: parts.files,
        photos: parts.photos,
        sheet,
        date: parts.date,
    }
}

/// What printing produced.
pub struct Printed {
    /// PDFs, the print index page and the manifest, ready for the output writer.
    pub files: Vec<OutputFile>,
    /// Sheets (PDF files) made or reused.
    pub sheets: usize,
    /// Sheets reused unchanged from the previous output.
    pub reused: usize,
    /// Warnings (low-resolution photos, Typst warnings).
    pub warnings: Diagnostics,
}

/// The manifest of content hashes kept beside the sheets so unchanged ones are not
/// re-rendered.
pub const MANIFEST: &str = "manifest.json";

/// Renders the planned sheets (in parallel), reusing a PDF from `previous_out` when its
/// content hash is unchanged.
pub fn render_all(
    prefix: &str,
    jobs: &[SheetJob],
    settings: &PrintSettings,
    templates: &dyn Templates,
    fonts: &FontStore,
    previous_out: Option<&Path>,
) -> Result<Printed, Diagnostics> {
    let previous = previous_out
        .map(|out| read_manifest(&out.join(prefix).join(MANIFEST)))
        .unwrap_or_default();
    let common = templates.print_template("common.typ").unwrap_or_default();
    let results: Vec<Result<Rendered, Diagnostic>> = each_sheet(jobs, |job| {
        render_one(
            job,
            settings,
            templates,
            &common,
            fonts,
            &previous,
            previous_out,
        )
    });
    // Typst memoizes layouts across compilations; what this run made is not needed again
    // until the next run, which reuses unchanged sheets by hash anyway.
    super::trim_caches(SHEET_CACHE_AGE);
    let mut files = Vec::new();
    let mut errors = Diagnostics::new();
    let mut warnings = Diagnostics::new();
    let mut manifest = BTreeMap::new();
    let mut reused = 0;
    for (job, result) in jobs.iter().zip(results) {
        match result {
            Ok((made, hash, was_reused, warns)) => {
                manifest.insert(job.path.clone(), hash);
                reused += usize::from(was_reused);
                files.extend(made);
                warnings.extend(warns.into_iter().collect());
            }
            Err(d) => errors.push(d),
        }
    }
    for job in jobs {
        warnings.extend(photo_warnings(job, settings).into_iter().collect());
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let sheets = jobs.len();
    files.push(OutputFile::bytes(
        format!("{prefix}{MANIFEST}"),
        serde_json::to_string_pretty(&manifest).unwrap_or_default(),
    ));
    files.push(OutputFile::bytes(
        format!("{prefix}index.html"),
        index_html(prefix, jobs, settings),
    ));
    Ok(Printed {
        files,
        sheets,
        reused,
        warnings,
    })
}

/// How many print runs Typst's memoized results outlive (serve prints again after every
/// edit; the sheets the edit did not touch are reused from their files, not the cache).
const SHEET_CACHE_AGE: usize = 2;

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
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(job) = jobs.get(i) else {
                return done;
            };
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| render(job)))
                .unwrap_or_else(|panic| Err(panic_error(job, panic.as_ref())));
            done.push((i, result));
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
            None => Err(panic_error(&jobs[i], &"the sheet thread stopped")),
        })
        .collect()
}

/// A sheet whose rendering panicked (a bug in gongshi or Typst): reported like any other
/// failure, naming the sheet, so the rest of the run and the previous output survive.
fn panic_error(job: &SheetJob, panic: &(dyn std::any::Any + Send)) -> Diagnostic {
    let detail = panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_default();
    let (product, title, label) = (job.product.key(), job.product.title(), job.label.as_str());
    Diagnostic::error(
        "E030",
        Location::file(job.source_file.clone()),
        msg!(
            "cannot print {product} for {label}: internal error ({detail})",
            "无法打印“{label}”的{title}：内部错误（{detail}）",
            "無法列印「{label}」的{title}：內部錯誤（{detail}）"
        ),
    )
    .with_help(msg!(
        "please report this with the content file named here",
        "请把此信息连同所指的内容文件报告给 gongshi 开发者",
        "請把此資訊連同所指的內容檔案報告給 gongshi 開發者"
    ))
}

fn read_manifest(path: &Path) -> BTreeMap<String, String> {
    std::fs::read_to_string(path)
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default()
}

type Rendered = (Vec<OutputFile>, String, bool, Vec<Diagnostic>);

fn render_one(
    job: &SheetJob,
    settings: &PrintSettings,
    templates: &dyn Templates,
    common: &str,
    fonts: &FontStore,
    previous: &BTreeMap<String, String>,
    previous_out: Option<&Path>,
) -> Result<Rendered, Diagnostic> {
    let name = job.product.template();
    let template = templates.print_template(&name).ok_or_else(|| {
        Diagnostic::error(
            "E030",
            Location::file(format!("themes/default/print/{name}")),
            msg!(
                "the theme has no print template {name}",
                "主题中没有印刷模板 {name}",
                "主題中沒有印刷範本 {name}"
            ),
        )
    })?;
    let hash = content_hash(job, settings, &template, common);
    if let (Some(old), Some(out)) = (previous.get(&job.path), previous_out)
        && *old == hash
    {
        let prev = out.join(&job.path);
        let thumb = thumbnail_path(&job.path);
        let prev_thumb = out.join(&thumb);
        if prev.is_file() && prev_thumb.is_file() {
            let files = vec![
                OutputFile::copy(job.path.clone(), prev),
                OutputFile::copy(thumb, prev_thumb),
            ];
            return Ok((files, hash, true, Vec::new()));
        }
    }
    let mut data = job.data.clone();
    if let Value::Object(map) = &mut data {
        map.insert(
            "stamp".into(),
            json!({"date": job.date.map(|d| d.to_string()), "hash": &hash[..8]}),
        );
    }
    let mut files = job.files.clone();
    files.push(("common.typ".into(), common.as_bytes().to_vec()));
    let print_job = PrintJob {
        template_name: &name,
        template: &template,
        data: &data,
        files: &files,
        sheet: job.sheet,
        profile: settings.profile,
        expected_pages: Some(job.product.pages()),
        thumbnail_width: Some(THUMBNAIL_WIDTH),
    };
    match render_pdf(&print_job, fonts) {
        Ok(out) => {
            // A font family that does not exist would silently print in another font.
            if let Some(w) = out
                .warnings
                .iter()
                .find(|w| w.contains("unknown font family"))
            {
                let (product, title, label) = (job.product.key(), job.product.title(), &job.label);
                return Err(Diagnostic::error(
                    "E034",
                    Location::file(format!("themes/default/print/{name}")),
                    msg!(
                        "{product} for {label}: {w}",
                        "“{label}”的{title}：模板使用了未安装的字体（{w}）",
                        "「{label}」的{title}：範本使用了未安裝的字型（{w}）"
                    ),
                )
                .with_help(msg!(
                    "install the font, put it into the site's fonts/ folder, or use a family that `fc-list` shows",
                    "请安装该字体，或把字体文件放到站点的 fonts/ 文件夹，或改用 `fc-list` 列出的字体",
                    "請安裝該字型，或把字型檔放到站點的 fonts/ 資料夾，或改用 `fc-list` 列出的字型"
                )));
            }
            let warns = out
                .warnings
                .iter()
                .map(|w| {
                    Diagnostic::warning(
                        "W131",
                        Location::file(format!("themes/default/print/{name}")),
                        msg!("{w}", "{w}", "{w}"),
                    )
                })
                .collect();
            let mut files = vec![OutputFile::bytes(job.path.clone(), out.pdf)];
            if let Some(png) = out.thumbnail {
                files.push(OutputFile::bytes(thumbnail_path(&job.path), png));
            }
            Ok((files, hash, false, warns))
        }
        Err(e) => Err(print_error(job, e)),
    }
}

/// Width in pixels of the thumbnails on the print index page.
const THUMBNAIL_WIDTH: u32 = 240;

/// `print/guide/x.pdf` → `print/guide/x.png`.
fn thumbnail_path(pdf: &str) -> String {
    format!("{}.png", pdf.trim_end_matches(".pdf"))
}

fn content_hash(job: &SheetJob, settings: &PrintSettings, template: &str, common: &str) -> String {
    let mut h = blake3::Hasher::new();
    h.update(template.as_bytes());
    h.update(common.as_bytes());
    h.update(super::GONGSHI_TYP.as_bytes());
    h.update(job.data.to_string().as_bytes());
    for (path, bytes) in &job.files {
        h.update(path.as_bytes());
        h.update(blake3::hash(bytes).as_bytes());
    }
    h.update(
        format!(
            "{:?}{:?}{:?}{}",
            job.sheet.width_mm,
            job.sheet.height_mm,
            settings.profile.name(),
            env!("CARGO_PKG_VERSION")
        )
        .as_bytes(),
    );
    h.finalize().to_hex().to_string()
}

fn print_error(job: &SheetJob, e: PrintError) -> Diagnostic {
    let (product, title, label) = (job.product.key(), job.product.title(), job.label.as_str());
    let file = job.source_file.clone();
    match e {
        PrintError::NoCjkFont { .. } => Diagnostic::error(
            "E032",
            Location::file(file),
            msg!(
                "cannot print {product} for {label}: no font with Chinese characters was found",
                "无法打印“{label}”的{title}：找不到包含中文字符的字体",
                "無法列印「{label}」的{title}：找不到包含中文字元的字型"
            ),
        )
        .with_help(msg!(
            "install Noto CJK (`apt-get install fonts-noto-cjk`) or put a .otf/.ttf CJK font into the site's fonts/ folder",
            "请安装 Noto CJK 字体（apt-get install fonts-noto-cjk），或把中文字体文件（.otf/.ttf）放到站点的 fonts/ 文件夹",
            "請安裝 Noto CJK 字型（apt-get install fonts-noto-cjk），或把中文字型檔（.otf/.ttf）放到站點的 fonts/ 資料夾"
        )),
        PrintError::MissingGlyphs { missing, .. } => {
            let text = missing.iter().map(|m| format!("`{}` in \"{}\"", m.chars, m.text)).collect::<Vec<_>>().join("; ");
            Diagnostic::error(
                "E033",
                Location::file(file),
                msg!(
                    "{product} for {label}: no installed font has {text}",
                    "“{label}”的{title}中有字体缺少的字符：{text}",
                    "「{label}」的{title}中有字型缺少的字元：{text}"
                ),
            )
            .with_help(msg!(
                "replace the character, or add a font that has it to the site's fonts/ folder",
                "请替换该字符，或把包含该字符的字体放到站点的 fonts/ 文件夹",
                "請替換該字元，或把包含該字元的字型放到站點的 fonts/ 資料夾"
            ))
        }
        PrintError::PageCount { pages, sheet, .. } => overflow(job, Some(pages), sheet),
        PrintError::Compile { errors, .. } if errors.iter().any(|d| d.message.contains("GONGSHI-OVERFLOW")) => {
            overflow(job, None, job.sheet)
        }
        other => {
            let detail = other.to_string();
            Diagnostic::error(
                "E030",
                Location::file(file),
                msg!(
                    "cannot print {product} for {label}: {detail}",
                    "无法打印“{label}”的{title}：{detail}",
                    "無法列印「{label}」的{title}：{detail}"
                ),
            )
        }
    }
}

fn overflow(job: &SheetJob, pages: Option<usize>, sheet: Sheet) -> Diagnostic {
    let (product, title, label) = (job.product.key(), job.product.title(), job.label.as_str());
    let size = format!("{}×{} mm", sheet.width_mm, sheet.height_mm);
    let pages = pages.map(|p| format!(" ({p} pages)")).unwrap_or_default();
    Diagnostic::error(
        "E031",
        Location::file(job.source_file.clone()),
        msg!(
            "{product} for {label} does not fit on one {size} sheet{pages}, even at the smallest readable type",
            "“{label}”的{title}在最小可读字号下仍排不进一张 {size} 的纸{pages}",
            "「{label}」的{title}在最小可讀字號下仍排不進一張 {size} 的紙{pages}"
        ),
    )
    .with_help(msg!(
        "choose a bigger sheet in site.yaml (print: {{sheets: {{{product}: A0}}}}) or show fewer items on this board",
        "请在 site.yaml 中为它选用更大的纸张（print: {{sheets: {{{product}: A0}}}}），或减少这块公示栏上的事项",
        "請在 site.yaml 中為它選用更大的紙張（print: {{sheets: {{{product}: A0}}}}），或減少這塊公示欄上的事項"
    ))
}

fn photo_warnings(job: &SheetJob, settings: &PrintSettings) -> Vec<Diagnostic> {
    let Some(share) = job.product.photo_share(&job.sheet) else {
        return Vec::new();
    };
    let margin = settings.profile.margin_mm(&job.sheet);
    let printed_mm = (job.sheet.width_mm - 2.0 * margin) * share;
    job.photos
        .iter()
        .filter_map(|p| {
            let (name, file, width_px) = (&p.name, p.file.clone(), p.width_px);
            let dpi = f64::from(width_px) / (printed_mm / 25.4);
            (dpi < 150.0).then(|| {
                let (dpi, mm, product) = (dpi.round(), printed_mm.round(), job.product.title());
                let need = (printed_mm / 25.4 * 150.0).ceil();
                Diagnostic::warning(
                    "W130",
                    Location::file(file),
                    msg!(
                        "the photo of {name} is {width_px} px wide: only {dpi} dpi at {mm} mm on the {product}",
                        "{name} 的照片宽 {width_px} 像素，印在{product}上（{mm} 毫米宽）只有 {dpi} dpi",
                        "{name} 的照片寬 {width_px} 像素，印在{product}上（{mm} 毫米寬）只有 {dpi} dpi"
                    ),
                )
                .with_help(msg!(
                    "use a photo at least {need} px wide (150 dpi)",
                    "请换用至少 {need} 像素宽的照片（150 dpi）",
                    "請換用至少 {need} 像素寬的照片（150 dpi）"
                ))
            })
        })
        .collect()
}

fn index_html(prefix: &str, jobs: &[SheetJob], settings: &PrintSettings) -> String {
    let mut rows = String::new();
    for product in Product::ALL {
        let list: Vec<&SheetJob> = jobs.iter().filter(|j| j.product == product).collect();
        if list.is_empty() {
            continue;
        }
        let sheet = settings.sheets.get(&product).copied();
        let size = sheet
            .map(|s| format!("{}×{} mm", s.width_mm, s.height_mm))
            .unwrap_or_default();
        rows.push_str(&format!(
            "<section><h2>{} <small>{} · {}</small></h2><ul>",
            product.title(),
            escape(&size),
            product.key()
        ));
        for job in list {
            let href = job.path.strip_prefix(prefix).unwrap_or(&job.path);
            rows.push_str(&format!(
                "<li><a href=\"{}\"><img src=\"{}\" alt=\"{}\" width=\"120\" loading=\"lazy\"><span>{}</span></a></li>",
                escape(href),
                escape(&href.replace(".pdf", ".png")),
                escape(&format!("{}：{}", product.title(), job.label)),
                escape(&job.label)
            ));
        }
        rows.push_str("</ul></section>\n");
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>印刷品</title>\
<style>body{{font-family:sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}}ul{{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:1rem}}li a{{display:flex;flex-direction:column;width:8rem;color:#8e0000}}img{{border:1px solid #999;background:#fff}}small{{color:#555;font-weight:normal}}</style></head>\
<body><main><h1>印刷品（{profile}）</h1>\n{rows}</main></body></html>\n",
        profile = settings.profile.name()
    )
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Plans and renders the print products of a site in one call (fonts are discovered from
/// the system and the site's `fonts/` folder).
pub fn print_site(
    site: &Site,
    templates: &dyn Templates,
    selection: &Selection,
    previous_out: Option<&Path>,
) -> Result<Printed, Diagnostics> {
    let settings = settings(site)?;
    let jobs = plan(site, &settings, selection);
    let site_fonts = [site.root.join("fonts")];
    // GONGSHI_SYSTEM_FONTS=0 prints with the site's fonts/ only (reproducible sheets).
    let fonts = if std::env::var("GONGSHI_SYSTEM_FONTS").is_ok_and(|v| v == "0") {
        FontStore::from_dirs_only(&site_fonts)
    } else {
        FontStore::discover(&site_fonts)
    };
    render_all(
        &selection.prefix,
        &jobs,
        &settings,
        templates,
        &fonts,
        previous_out,
    )
}
