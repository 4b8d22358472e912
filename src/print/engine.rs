//! Compiling a print job to PDF and checking the result.

use std::ops::RangeInclusive;

use typst::WorldExt;
use typst::diag::{SourceDiagnostic, Warned};
use typst::foundations::{Datetime, Smart};
use typst::layout::{Frame, FrameItem};
use typst::syntax::{DiagSpan, FileId};
use typst::text::{TextItem, is_default_ignorable};
use typst::visualize::ImageKind;
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandards};

use super::fonts::FontStore;
use super::sheet::{Profile, Sheet, mm_to_pt};
use super::world::{
    DATA_PATH, DOCUMENT_PATH, LABELS_PATH, LIBRARY_PATH, MAIN_PATH, PrintWorld, SHEET_PATH,
    TEMPLATE_PATH, file_id,
};
use super::{Diagnostic, GONGSHI_TYP, MissingGlyphs, PrintError};
use crate::cjk::is_cjk;
use crate::content::{PdfStandard, Vocabulary};
use crate::diag::Lang;

/// How far (in points) a page may differ from the declared sheet.
const SIZE_TOLERANCE_PT: f64 = 0.05;

/// One PDF job.
#[derive(Debug, Clone)]
pub struct PrintJob<'a> {
    /// The template's name for messages, e.g. `themes/default/print/handout.typ`.
    pub template_name: &'a str,
    /// The Typst source of the template.
    pub template: &'a str,
    /// The data, readable in the template as `json("/data.json")`.
    pub data: &'a serde_json::Value,
    /// Extra virtual files by path, e.g. `("photos/a.jpg", bytes)` for
    /// `image("/photos/a.jpg")`, or SVG QR codes.
    pub files: &'a [(String, Vec<u8>)],
    /// The trim size.
    pub sheet: Sheet,
    /// How the sheet is printed.
    pub profile: Profile,
    /// The language of the text, for Typst's line breaking and punctuation.
    pub lang: Lang,
    /// How many pages the document must have (e.g. `1..=1` for a wall board).
    pub expected_pages: Option<RangeInclusive<usize>>,
    /// Also render the first page as a PNG this many pixels wide (for the print index).
    pub thumbnail_width: Option<u32>,
    /// The PDF standard the file must conform to (PDF/A-2b for archives, PDF/UA-1 for
    /// screen readers); `None` for a plain PDF 1.7.
    pub standard: Option<PdfStandard>,
    /// The document title in the PDF's metadata (PDF/UA requires one).
    pub title: &'a str,
    /// The theme's labels in the site language as a JSON object, which `/common.typ` reads
    /// as `t` (the same text for every sheet of a run: serialize it once).
    pub labels: &'a str,
    /// The date of the content shown (the revision stamp's), written as the PDF's creation
    /// date; PDF/A needs one, so a fixed date stands in when the content has none.
    pub date: Option<crate::content::Date>,
}

/// A rendered PDF.
#[derive(Debug, Clone)]
pub struct PrintOutput {
    /// The PDF file.
    pub pdf: Vec<u8>,
    /// Number of pages.
    pub pages: usize,
    /// Typst's warnings, e.g. `handout.typ:3:10: unknown font family: foo`.
    pub warnings: Vec<String>,
    /// The first page as PNG, when asked for.
    pub thumbnail: Option<Vec<u8>>,
    /// The job's raster images as they were placed on the pages.
    pub images: Vec<PlacedImage>,
}

/// A raster image of the job (a photo) as it was laid out: its printed width tells its
/// resolution on the sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedImage {
    /// The virtual file it came from (`/photos/a.jpg`).
    pub file: String,
    /// Its width in pixels.
    pub width_px: u32,
    /// The widest it was printed, in millimetres.
    pub width_mm: f64,
}

impl PlacedImage {
    /// Its resolution where it prints largest, in dots per inch.
    pub fn dpi(&self) -> f64 {
        f64::from(self.width_px) / (self.width_mm / 25.4)
    }
}

/// Renders one job to PDF, failing on compile errors, missing fonts or glyphs, a wrong
/// page count or a page that is not the declared sheet.
///
/// Deterministic: the same job and fonts give byte-identical PDFs.
pub fn render_pdf(job: &PrintJob, fonts: &FontStore) -> Result<PrintOutput, PrintError> {
    let template = job.template_name.to_string();
    let job_error = |message: String| PrintError::Job {
        template: template.clone(),
        message,
    };

    let data = serde_json::to_vec(job.data)
        .map_err(|e| job_error(format!("the data cannot be written as JSON: {e}")))?;
    let sheet_json = serde_json::to_vec(&serde_json::json!({
        "width_mm": job.sheet.width_mm,
        "height_mm": job.sheet.height_mm,
        "bleed_mm": job.profile.bleed_mm(),
        "margin_mm": job.profile.margin_mm(&job.sheet),
        "profile": job.profile.name(),
        "fonts": fonts.default_families(),
        "lang": typst_language(job.lang).0,
        "region": typst_language(job.lang).1,
        "pdf_standard": job.standard.map(PdfStandard::word),
    }))
    .map_err(|e| job_error(e.to_string()))?;
    let document_json = if job.title.is_empty() {
        b"{}".to_vec()
    } else {
        serde_json::to_vec(&serde_json::json!({ "title": job.title }))
            .map_err(|e| job_error(e.to_string()))?
    };
    let reserved = [
        MAIN_PATH,
        TEMPLATE_PATH,
        LIBRARY_PATH,
        SHEET_PATH,
        DATA_PATH,
    ];
    for (path, _) in job.files {
        let absolute = format!("/{}", path.trim_start_matches('/'));
        if reserved.contains(&absolute.as_str()) || absolute.starts_with("/gongshi/") {
            return Err(job_error(format!(
                "the file path `{path}` is reserved by gongshi"
            )));
        }
    }

    let ident = job_ident(job, &data, fonts);
    let mut files: Vec<(String, Vec<u8>)> = vec![
        (TEMPLATE_PATH.into(), job.template.as_bytes().to_vec()),
        (LIBRARY_PATH.into(), GONGSHI_TYP.as_bytes().to_vec()),
        (SHEET_PATH.into(), sheet_json),
        (DOCUMENT_PATH.into(), document_json),
        (LABELS_PATH.into(), job.labels.as_bytes().to_vec()),
        (DATA_PATH.into(), data),
    ];
    files.extend(job.files.iter().cloned());
    let world = PrintWorld::new(fonts, files).map_err(job_error)?;
    let locator = Locator::new(&world, job.template_name).map_err(job_error)?;

    let Warned { output, warnings } = typst::compile::<PagedDocument>(&world);
    let mut warning_texts: Vec<String> = Vec::new();
    for warning in &warnings {
        let text = locator.diagnostic(warning).to_string();
        if !warning_texts.contains(&text) {
            warning_texts.push(text);
        }
    }
    let document = output.map_err(|errors| PrintError::Compile {
        template: template.clone(),
        errors: errors.iter().map(|e| locator.diagnostic(e)).collect(),
    })?;

    check_glyphs(&document, job, fonts, &locator)?;
    check_pages(&document, job)?;

    let standards = match job.standard {
        None => PdfStandards::default(),
        Some(standard) => PdfStandards::new(&[match standard {
            PdfStandard::A2b => typst_pdf::PdfStandard::A_2b,
            PdfStandard::Ua1 => typst_pdf::PdfStandard::Ua_1,
        }])
        .map_err(|e| job_error(e.message().to_string()))?,
    };
    let options = PdfOptions {
        ident: Smart::Custom(ident),
        creator: Smart::Custom(Some("gongshi".into())),
        // No clock: the content's date, so the same job gives the same bytes.
        timestamp: creation_date(job),
        standards,
        // The structure tree only where the standard asks for it (PDF/UA-1): a sheet for
        // the press is not read aloud, and tagging took 8–9 % of a guide's print time.
        tagged: matches!(job.standard, Some(PdfStandard::Ua1)),
        ..PdfOptions::default()
    };
    let pdf = typst_pdf::pdf(&document, &options).map_err(|errors| PrintError::Export {
        template: template.clone(),
        message: errors
            .iter()
            .map(|e| locator.diagnostic(e).to_string())
            .collect::<Vec<_>>()
            .join("; "),
    })?;
    let thumbnail = job
        .thumbnail_width
        .and_then(|w| super::thumbnail::page_png(&document, 0, w));
    Ok(PrintOutput {
        pdf,
        pages: document.pages().len(),
        warnings: warning_texts,
        thumbnail,
        images: placed_images(&document, job.files),
    })
}

/// Typst's `lang` and `region` for a site language.
fn typst_language(lang: Lang) -> (&'static str, Option<&'static str>) {
    match lang {
        Lang::ZhCn => ("zh", Some("cn")),
        Lang::ZhTw => ("zh", Some("tw")),
        Lang::En => ("en", None),
    }
}

/// The PDF's creation date: the content's date, or for a standard that requires one
/// (PDF/A) and content without a date, 2000-01-01.
fn creation_date(job: &PrintJob) -> Option<typst_pdf::Timestamp> {
    let date = job
        .date
        .and_then(|d| Datetime::from_ymd(i32::from(d.year), d.month as u8, d.day as u8))
        .or_else(|| job.standard.and_then(|_| Datetime::from_ymd(2000, 1, 1)))?;
    Some(typst_pdf::Timestamp::new_utc(date))
}

/// Every raster image of the job's files on the pages, with the widest it was printed.
fn placed_images(document: &PagedDocument, files: &[(String, Vec<u8>)]) -> Vec<PlacedImage> {
    let mut placed: Vec<PlacedImage> = Vec::new();
    for page in document.pages() {
        walk_images(&page.frame, 1.0, &mut |raster, width_pt| {
            let data = raster.data();
            let Some((path, _)) = files
                .iter()
                .find(|(_, bytes)| bytes.len() == data.len() && bytes[..] == data[..])
            else {
                return;
            };
            let file = format!("/{}", path.trim_start_matches('/'));
            let width_mm = width_pt * 25.4 / 72.0;
            match placed.iter_mut().find(|p| p.file == file) {
                Some(p) => p.width_mm = p.width_mm.max(width_mm),
                None => placed.push(PlacedImage {
                    file,
                    width_px: raster.width(),
                    width_mm,
                }),
            }
        });
    }
    placed
}

/// Calls `visit` with every raster image of `frame` and its printed width in points
/// (`scale` is the horizontal scale of the groups around it).
fn walk_images(
    frame: &Frame,
    scale: f64,
    visit: &mut impl FnMut(&typst::visualize::RasterImage, f64),
) {
    for (_, item) in frame.items() {
        match item {
            FrameItem::Group(group) => {
                let sx = group
                    .transform
                    .sx
                    .get()
                    .abs()
                    .max(group.transform.kx.get().abs());
                walk_images(&group.frame, scale * sx, visit);
            }
            FrameItem::Image(image, size, _) => {
                if let ImageKind::Raster(raster) = image.kind() {
                    visit(raster, size.x.to_pt() * scale);
                }
            }
            _ => {}
        }
    }
}

/// Frees Typst's memoized results older than `max_age` compilations (call between
/// builds in a long-running `serve`).
pub fn trim_caches(max_age: usize) {
    typst::comemo::evict(max_age);
}

/// A stable document identifier: a hash of everything that goes into the PDF.
fn job_ident(job: &PrintJob, data: &[u8], fonts: &FontStore) -> String {
    let mut hasher = blake3::Hasher::new();
    let mut field = |bytes: &[u8]| {
        hasher.update(&(bytes.len() as u64).to_le_bytes());
        hasher.update(bytes);
    };
    field(job.template_name.as_bytes());
    field(job.template.as_bytes());
    field(data);
    for (path, bytes) in job.files {
        field(path.as_bytes());
        field(bytes);
    }
    field(job.sheet.to_string().as_bytes());
    field(job.profile.name().as_bytes());
    field(job.lang.tag().as_bytes());
    field(fonts.choice().as_bytes());
    field(fonts.default_families().join(",").as_bytes());
    field(job.standard.map_or("", PdfStandard::word).as_bytes());
    field(job.title.as_bytes());
    field(job.labels.as_bytes());
    hasher.finalize().to_hex().to_string()
}

/// Maps Typst spans to file names, lines and columns.
struct Locator<'w, 'a> {
    world: &'w PrintWorld<'a>,
    template_name: &'w str,
    template: FileId,
    library: FileId,
    main: FileId,
}

impl<'w, 'a> Locator<'w, 'a> {
    fn new(world: &'w PrintWorld<'a>, template_name: &'w str) -> Result<Self, String> {
        Ok(Locator {
            world,
            template_name,
            template: file_id(TEMPLATE_PATH)?,
            library: file_id(LIBRARY_PATH)?,
            main: file_id(MAIN_PATH)?,
        })
    }

    fn file_name(&self, id: FileId) -> String {
        if id == self.template {
            self.template_name.to_string()
        } else if id == self.library {
            "gongshi.typ (built-in)".to_string()
        } else if id == self.main {
            "gongshi page setup (built-in)".to_string()
        } else {
            id.get().vpath().get_without_slash().to_string()
        }
    }

    /// File, 1-based line and 1-based column of a span.
    fn locate(&self, span: DiagSpan) -> Option<(FileId, usize, usize)> {
        let id = span.id()?;
        let range = self.world.range(span)?;
        let is_typst = id.get().vpath().extension() == Some("typ");
        let (line, column) = if is_typst {
            let source = typst::World::source(self.world, id).ok()?;
            let (line, column) = source.lines().byte_to_line_column(range.start)?;
            (line + 1, column + 1)
        } else {
            let bytes = self.world.bytes(id)?;
            let before = String::from_utf8_lossy(bytes.get(..range.start)?);
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            (line, column)
        };
        Some((id, line, column))
    }

    /// `file:line:column` of a span.
    fn describe(&self, span: DiagSpan) -> Option<String> {
        let (id, line, column) = self.locate(span)?;
        Some(format!("{}:{line}:{column}", self.file_name(id)))
    }

    fn diagnostic(&self, diag: &SourceDiagnostic) -> Diagnostic {
        let located = self.locate(diag.span);
        let called_from = if located.map(|l| l.0) == Some(self.template) {
            None
        } else {
            diag.trace.iter().find_map(|point| {
                let (id, line, column) = self.locate(point.span.into())?;
                (id == self.template).then(|| format!("{}:{line}:{column}", self.template_name))
            })
        };
        Diagnostic {
            file: located.map(|l| self.file_name(l.0)),
            line: located.map_or(0, |l| l.1),
            column: located.map_or(0, |l| l.2),
            message: diag.message.to_string(),
            hints: diag
                .hints
                .iter()
                .map(|h| h.v.to_string())
                .chain(retired_file_hint(&diag.message).map(str::to_string))
                .collect(),
            called_from,
        }
    }
}

/// Virtual files earlier versions gave every sheet and what a template does instead: a
/// template copied from an earlier default theme still asks for them.
const RETIRED_FILES: &[(&str, &str)] = &[(
    "/flow.svg",
    "gongshi no longer provides /flow.svg: draw the procedure with \
     `flowchart(it.procedure)` from /common.typ",
)];

/// What replaces a retired virtual file an error message names, if it names one.
fn retired_file_hint(message: &str) -> Option<&'static str> {
    RETIRED_FILES
        .iter()
        .find(|(path, _)| message.contains(path))
        .map(|(_, hint)| *hint)
}

/// Fails on text that cannot be printed: Chinese without a CJK font, or glyphs that
/// no font has (Typst would draw the notdef "tofu" box).
fn check_glyphs(
    document: &PagedDocument,
    job: &PrintJob,
    fonts: &FontStore,
    locator: &Locator,
) -> Result<(), PrintError> {
    let mut missing = Vec::new();
    for page in document.pages() {
        walk_frame(&page.frame, &mut |frame| {
            missing_glyphs(frame, locator, &mut missing)
        });
    }

    let no_cjk = || PrintError::NoCjkFont {
        template: job.template_name.to_string(),
    };
    if fonts.is_empty() {
        // Without any font Typst drops text silently.
        return Err(no_cjk());
    }
    if !fonts.has_cjk() {
        let shows_cjk = missing.iter().any(|m| m.chars.chars().any(is_cjk))
            || job.template.chars().any(is_cjk)
            || json_has_cjk(job.data);
        if shows_cjk {
            return Err(no_cjk());
        }
    }
    if missing.is_empty() {
        Ok(())
    } else {
        missing.dedup();
        Err(PrintError::MissingGlyphs {
            template: job.template_name.to_string(),
            missing,
        })
    }
}

fn json_has_cjk(value: &serde_json::Value) -> bool {
    match value {
        serde_json::Value::String(s) => s.chars().any(is_cjk),
        serde_json::Value::Array(items) => items.iter().any(json_has_cjk),
        serde_json::Value::Object(map) => map
            .iter()
            .any(|(k, v)| k.chars().any(is_cjk) || json_has_cjk(v)),
        _ => false,
    }
}

/// Calls `visit` on `frame` and every nested frame.
fn walk_frame(frame: &Frame, visit: &mut impl FnMut(&Frame)) {
    visit(frame);
    for (_, item) in frame.items() {
        if let FrameItem::Group(group) = item {
            walk_frame(&group.frame, visit);
        }
    }
}

/// Collects the characters of a frame's text runs that were shaped to the notdef
/// glyph (id 0), i.e. that no font has. The frame's text (usually one line) is kept
/// as context, since font fallback splits a line into runs.
fn missing_glyphs(frame: &Frame, locator: &Locator, out: &mut Vec<MissingGlyphs>) {
    let texts = || {
        frame.items().filter_map(|(_, item)| match item {
            FrameItem::Text(text) => Some(text),
            _ => None,
        })
    };
    for text in texts() {
        let mut chars = String::new();
        let mut span = None;
        for glyph in text.glyphs.iter().filter(|g| g.id == 0) {
            let cluster = text.text.get(glyph.range()).unwrap_or_default();
            for c in cluster.chars() {
                if c.is_whitespace() || c.is_control() || is_default_ignorable(c) {
                    continue;
                }
                if !chars.contains(c) {
                    chars.push(c);
                }
                span.get_or_insert(glyph.span.0);
            }
        }
        if chars.is_empty() {
            continue;
        }
        let line: String = texts().map(|t: &TextItem| t.text.as_str()).collect();
        let mut context: String = line.chars().take(40).collect();
        if line.chars().count() > 40 {
            context.push('…');
        }
        let font = text.font.font().info().family.clone();
        let location = span.and_then(|s| locator.describe(s.into()));
        out.push(MissingGlyphs {
            chars,
            text: context,
            font,
            location,
        });
    }
}

/// Checks the page count against the job and every page against the sheet.
fn check_pages(document: &PagedDocument, job: &PrintJob) -> Result<(), PrintError> {
    let pages = document.pages().len();
    if let Some(expected) = &job.expected_pages
        && !expected.contains(&pages)
    {
        return Err(PrintError::PageCount {
            template: job.template_name.to_string(),
            pages,
            expected: expected.clone(),
            sheet: job.sheet,
        });
    }
    let bleed = mm_to_pt(job.profile.bleed_mm());
    for (i, page) in document.pages().iter().enumerate() {
        let (w, h) = (page.frame.width().to_pt(), page.frame.height().to_pt());
        let b = &page.bleed;
        let bleeds = [b.left, b.top, b.right, b.bottom].map(|s| s.to_pt());
        let off = |a: f64, b: f64| (a - b).abs() > SIZE_TOLERANCE_PT;
        if off(w, job.sheet.width_pt())
            || off(h, job.sheet.height_pt())
            || bleeds.iter().any(|&s| off(s, bleed))
        {
            return Err(PrintError::PageSize {
                template: job.template_name.to_string(),
                page: i + 1,
                found_mm: (page.frame.width().to_mm(), page.frame.height().to_mm()),
                sheet: job.sheet,
            });
        }
    }
    Ok(())
}
