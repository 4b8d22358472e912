//! Print: PDF sheets made in-process with Typst.
//!
//! A print job is a Typst template (text), its data as JSON, extra virtual files
//! (photos, SVG QR codes), a sheet size and a print profile.
//! [`render_pdf`] compiles it in a closed in-memory [`typst::World`] and exports a PDF:
//!
//! - The template reads its data with `#let data = json("/data.json")`; content is
//!   never spliced into markup.
//! - gongshi wraps every template with `set page(..page-args)` and
//!   `set text(..text-args)` from the built-in library `/gongshi.typ`
//!   ([`GONGSHI_TYP`]), so page size, bleed, margin, crop marks and CJK fonts are right
//!   without repeating them. Templates `#import "/gongshi.typ": *` for the `sheet`
//!   geometry, CMYK colours (`party-red`, `ink`, ...), `crop-marks()` and `stamp()`.
//! - Offset profile: Typst's own page `bleed` (3 mm) makes the MediaBox trim + 6 mm and
//!   writes a TrimBox at the trim; crop marks are drawn in the bleed, outside the trim.
//!   Large-format profile: no bleed, TrimBox = MediaBox, a white margin.
//! - After layout, every glyph is checked: a notdef glyph (tofu) is an error naming
//!   the text, and Chinese text without any CJK font is an error that says how to fix it.
//! - Output is deterministic: no clock, a fixed document id derived from the job.
//!
//! Fonts are scanned once into a [`FontStore`] and shared (cheap clone, `Send + Sync`)
//! by all jobs, which may render in parallel. The default font is the CJK family bundled
//! in the binary ([`BUNDLED_FAMILY`]), so every machine makes the same PDFs; installed
//! fonts only fill in characters it lacks.
//!
//! The print products on top of the engine: [`plan`] decides which sheets a site gets and
//! their data ([`data`], worded by [`crate::present`]), [`product`] what each product prints
//! on, [`run`] renders them, [`cache`] reuses unchanged sheets, [`order`] tells the print shop
//! what to print, [`changed`] finds what differs from an earlier print, [`archive`] packs
//! a set for the shop and [`report`] turns failures into advice and lists what was printed.

pub mod archive;
pub mod bulk;
pub mod cache;
pub mod changed;
pub mod data;
mod engine;
mod fonts;
mod locate;
pub mod order;
pub mod plan;
pub mod product;
pub mod report;
pub mod run;
mod sheet;
mod thumbnail;
mod world;

use std::fmt;
use std::ops::RangeInclusive;

pub use engine::{PlacedImage, PrintJob, PrintOutput, render_pdf, trim_caches};
pub use fonts::{BUNDLED_FAMILY, FontChoice, FontChoiceError, FontStore, PREFERRED_FAMILIES};
pub use plan::{PrintSettings, Selection, SheetJob};
pub use run::{Printed, Templates, print_site};
pub use sheet::{MAX_EDGE_MM, OFFSET_BLEED_MM, Profile, Sheet, SheetError, mm_to_pt};
pub use thumbnail::page_png;

/// The built-in Typst library every template can import as `/gongshi.typ`.
pub const GONGSHI_TYP: &str = include_str!("../../themes/default/print/gongshi.typ");

/// A Typst diagnostic located in a file of the job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// File name: the template's name, `gongshi.typ` or a virtual path.
    pub file: Option<String>,
    /// 1-based line.
    pub line: usize,
    /// 1-based column (in characters).
    pub column: usize,
    /// The message, e.g. `unknown variable: foo`.
    pub message: String,
    /// Typst's hints, if any.
    pub hints: Vec<String>,
    /// Where the template called into the failing code, when the problem itself lies
    /// elsewhere (e.g. inside `gongshi.typ`): `template:line:column`.
    pub called_from: Option<String>,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.file {
            Some(file) => write!(f, "{file}:{}:{}: {}", self.line, self.column, self.message)?,
            None => write!(f, "{}", self.message)?,
        }
        if let Some(from) = &self.called_from {
            write!(f, " (called from {from})")?;
        }
        for hint in &self.hints {
            write!(f, "; hint: {hint}")?;
        }
        Ok(())
    }
}

/// Text that would print as tofu boxes because no font has its characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingGlyphs {
    /// The characters without a glyph, each once, in order of appearance.
    pub chars: String,
    /// The line they appear in (shortened).
    pub text: String,
    /// The font that was tried last.
    pub font: String,
    /// Where the text comes from in the template (`template:line:column`), if known.
    pub location: Option<String>,
}

impl fmt::Display for MissingGlyphs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let codes: Vec<String> = self
            .chars
            .chars()
            .map(|c| format!("U+{:04X}", c as u32))
            .collect();
        write!(
            f,
            "no font has `{}` ({}) in \"{}\" (font {})",
            self.chars,
            codes.join(" "),
            self.text,
            self.font
        )?;
        if let Some(at) = &self.location {
            write!(f, " at {at}")?;
        }
        Ok(())
    }
}

/// Why a sheet could not be printed.
#[derive(Debug, Clone, PartialEq)]
pub enum PrintError {
    /// The template did not compile.
    Compile {
        /// The template's name.
        template: String,
        /// The errors, located in the template where possible.
        errors: Vec<Diagnostic>,
    },
    /// The template shows Chinese text, but no font has Chinese characters.
    NoCjkFont {
        /// The template's name.
        template: String,
    },
    /// Some characters have no glyph in any font (they would print as tofu boxes).
    MissingGlyphs {
        /// The template's name.
        template: String,
        /// The text runs with missing glyphs.
        missing: Vec<MissingGlyphs>,
    },
    /// The document has a different number of pages than declared.
    PageCount {
        /// The template's name.
        template: String,
        /// Pages laid out.
        pages: usize,
        /// Pages allowed.
        expected: RangeInclusive<usize>,
        /// The sheet it was laid out on.
        sheet: Sheet,
    },
    /// A page does not have the declared sheet size (the template changed it).
    PageSize {
        /// The template's name.
        template: String,
        /// 1-based page number.
        page: usize,
        /// The page's trim size in millimetres.
        found_mm: (f64, f64),
        /// The declared sheet.
        sheet: Sheet,
    },
    /// The job itself is invalid (bad virtual path, data not serializable, ...).
    Job {
        /// The template's name.
        template: String,
        /// What is wrong.
        message: String,
    },
    /// PDF export failed.
    Export {
        /// The template's name.
        template: String,
        /// Typst's messages.
        message: String,
    },
}

impl PrintError {
    /// The name of the template the error belongs to.
    pub fn template(&self) -> &str {
        match self {
            PrintError::Compile { template, .. }
            | PrintError::NoCjkFont { template }
            | PrintError::MissingGlyphs { template, .. }
            | PrintError::PageCount { template, .. }
            | PrintError::PageSize { template, .. }
            | PrintError::Job { template, .. }
            | PrintError::Export { template, .. } => template,
        }
    }
}

impl fmt::Display for PrintError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PrintError::Compile { template, errors } => {
                write!(f, "print template {template} has errors:")?;
                for error in errors {
                    write!(f, "\n  {error}")?;
                }
                Ok(())
            }
            PrintError::NoCjkFont { template } => write!(
                f,
                "{template}: no CJK (Chinese) font was found, so Chinese text cannot be printed; \
                 install one (e.g. `apt-get install fonts-noto-cjk`, or Microsoft YaHei / SimSun \
                 on Windows) or put a .otf/.ttf/.ttc font file into the site's fonts/ folder"
            ),
            PrintError::MissingGlyphs { template, missing } => {
                write!(
                    f,
                    "{template}: some characters have no glyph in any font and would print as \
                     empty boxes; replace them or add a font that has them to the site's fonts/ folder:"
                )?;
                for m in missing {
                    write!(f, "\n  {m}")?;
                }
                Ok(())
            }
            PrintError::PageCount {
                template,
                pages,
                expected,
                sheet,
            } => {
                let (lo, hi) = (*expected.start(), *expected.end());
                if *pages > hi && hi == 1 {
                    write!(
                        f,
                        "{template} does not fit on one sheet: {pages} pages on {sheet}; \
                         use a bigger sheet or fewer items"
                    )
                } else if *pages > hi {
                    write!(
                        f,
                        "{template} does not fit on {hi} sheets: {pages} pages on {sheet}; \
                         use a bigger sheet or fewer items"
                    )
                } else if lo == hi {
                    write!(f, "{template} has {pages} pages on {sheet}, expected {lo}")
                } else {
                    write!(
                        f,
                        "{template} has {pages} pages on {sheet}, expected {lo} to {hi}"
                    )
                }
            }
            PrintError::PageSize {
                template,
                page,
                found_mm,
                sheet,
            } => write!(
                f,
                "{template}: page {page} is {:.1}x{:.1}mm but the sheet is {sheet}; \
                 templates must not set the page width, height or bleed (gongshi sets them)",
                found_mm.0, found_mm.1
            ),
            PrintError::Job { template, message } => write!(f, "{template}: {message}"),
            PrintError::Export { template, message } => {
                write!(f, "{template}: PDF export failed: {message}")
            }
        }
    }
}

impl std::error::Error for PrintError {}
