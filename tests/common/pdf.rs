//! Reading the PDFs the tests make with Rust crates (hayro, which Typst already uses), so
//! `cargo test` needs no poppler: page count, page boxes, embedded fonts and text.
#![allow(dead_code)]

use std::path::Path;

use hayro_interpret::font::Glyph;
use hayro_interpret::hayro_syntax::Pdf;
use hayro_interpret::hayro_syntax::object::{Dict, Name, Object, Rect};
use hayro_interpret::{
    BlendMode, ClipPath, Context, Device, GlyphDrawMode, Image, InterpreterCache,
    InterpreterSettings, Paint, PathDrawMode, SoftMask, interpret_page,
};
use kurbo::{Affine, BezPath};

/// A parsed PDF with the facts the tests look at.
pub struct PdfFile {
    pdf: Pdf,
}

/// One page's boxes in PDF points: `[x0, y0, x1, y1]`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageBoxes {
    pub media: [f64; 4],
    /// The TrimBox; the MediaBox when the page has none.
    pub trim: [f64; 4],
    /// Whether the page has a TrimBox of its own.
    pub has_trim: bool,
}

/// A font the PDF uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PdfFont {
    /// The PostScript name without the subset tag (`NotoSansSC-Regular`).
    pub name: String,
    /// Whether the font program is in the file.
    pub embedded: bool,
    /// Whether it is a subset (`ABCDEF+` tag).
    pub subset: bool,
}

impl PdfFile {
    /// Reads and parses a PDF file; panics with the path when it is not one.
    pub fn open(path: &Path) -> PdfFile {
        let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
        PdfFile::parse(bytes).unwrap_or_else(|| panic!("{} is not a PDF", path.display()))
    }

    /// Parses PDF bytes.
    pub fn parse(bytes: Vec<u8>) -> Option<PdfFile> {
        Pdf::new(bytes).ok().map(|pdf| PdfFile { pdf })
    }

    /// Number of pages.
    pub fn pages(&self) -> usize {
        self.pdf.pages().len()
    }

    /// The boxes of every page.
    pub fn boxes(&self) -> Vec<PageBoxes> {
        self.pdf
            .pages()
            .iter()
            .map(|page| {
                let media = corners(page.media_box());
                let trim = page.raw().get::<Rect>(b"TrimBox");
                PageBoxes {
                    media,
                    trim: trim.map(corners).unwrap_or(media),
                    has_trim: trim.is_some(),
                }
            })
            .collect()
    }

    /// Every font descriptor in the file, sorted by name.
    pub fn fonts(&self) -> Vec<PdfFont> {
        let mut fonts: Vec<PdfFont> = self
            .pdf
            .objects()
            .into_iter()
            .filter_map(|object| match object {
                Object::Dict(dict) => font_of(&dict),
                _ => None,
            })
            .collect();
        fonts.sort_by(|a, b| a.name.cmp(&b.name));
        fonts.dedup();
        fonts
    }

    /// The text of all pages, a line break between pages.
    pub fn text(&self) -> String {
        self.page_texts().join("\n")
    }

    /// The text of each page in drawing order; a new line starts where the baseline moves,
    /// and a space where a gap is wider than a third of the font size.
    pub fn page_texts(&self) -> Vec<String> {
        self.devices().into_iter().map(|d| d.text).collect()
    }

    /// Every glyph of every page with its page (0-based) and origin in page space (points,
    /// y down from the top), to tell where a text was laid out (its column).
    pub fn glyphs(&self) -> Vec<(usize, char, f64, f64)> {
        self.devices()
            .into_iter()
            .enumerate()
            .flat_map(|(page, d)| d.glyphs.into_iter().map(move |(c, x, y)| (page, c, x, y)))
            .collect()
    }

    fn devices(&self) -> Vec<TextDevice> {
        let cache = InterpreterCache::new();
        let mut out = Vec::new();
        for page in self.pdf.pages().iter() {
            let (w, h) = page.render_dimensions();
            let mut context = Context::new(
                Affine::IDENTITY,
                kurbo::Rect::new(0.0, 0.0, w as f64, h as f64),
                &cache,
                page.xref(),
                InterpreterSettings::default(),
            );
            let mut device = TextDevice::default();
            interpret_page(page, &mut context, &mut device);
            out.push(device);
        }
        out
    }
}

fn corners(r: Rect) -> [f64; 4] {
    [r.x0, r.y0, r.x1, r.y1]
}

fn font_of(dict: &Dict<'_>) -> Option<PdfFont> {
    let kind = dict.get::<Name>(b"Type")?;
    if kind.as_str() != "FontDescriptor" {
        return None;
    }
    let full = dict.get::<Name>(b"FontName")?.as_str().to_string();
    let (subset, name) = match full.split_once('+') {
        Some((tag, rest)) if tag.len() == 6 && tag.chars().all(|c| c.is_ascii_uppercase()) => {
            (true, rest.to_string())
        }
        _ => (false, full),
    };
    let embedded = [&b"FontFile"[..], b"FontFile2", b"FontFile3"]
        .iter()
        .any(|key| dict.contains_key(key));
    Some(PdfFont {
        name,
        embedded,
        subset,
    })
}

/// Collects the Unicode text of the glyphs a page draws.
#[derive(Default)]
struct TextDevice {
    text: String,
    /// Each single-character glyph and its origin.
    glyphs: Vec<(char, f64, f64)>,
    /// Baseline and end of the last glyph, in page space.
    last: Option<(f64, f64)>,
}

impl<'a> Device<'a> for TextDevice {
    fn set_soft_mask(&mut self, _: Option<SoftMask<'a>>) {}
    fn set_blend_mode(&mut self, _: BlendMode) {}
    fn draw_path(&mut self, _: &BezPath, _: Affine, _: &Paint<'a>, _: &PathDrawMode) {}
    fn push_clip_path(&mut self, _: &ClipPath) {}
    fn push_transparency_group(&mut self, _: f32, _: Option<SoftMask<'a>>, _: BlendMode) {}
    fn draw_glyph(
        &mut self,
        glyph: &Glyph<'a>,
        transform: Affine,
        glyph_transform: Affine,
        _: &Paint<'a>,
        _: &GlyphDrawMode,
    ) {
        let Some(text) = glyph.as_unicode() else {
            return;
        };
        let full = transform * glyph_transform;
        let [a, b, _, _, x, y] = full.as_coeffs();
        // Glyph space is 1000 units a font size here.
        let size = (a * a + b * b).sqrt() * 1000.0;
        if let Some((last_y, last_x)) = self.last {
            if (y - last_y).abs() > size * 0.5 {
                self.text.push('\n');
            } else if x - last_x > size * 0.33 {
                self.text.push(' ');
            }
        }
        match text {
            hayro_interpret::hayro_cmap::BfString::Char(c) => {
                self.glyphs.push((c, x, y));
                self.text.push(c)
            }
            hayro_interpret::hayro_cmap::BfString::String(s) => self.text.push_str(&s),
        }
        // Advance is unknown here; assume a full em for CJK and half for others.
        let advance = if self.text.chars().last().is_some_and(|c| c as u32 >= 0x2E80) {
            size
        } else {
            size * 0.5
        };
        self.last = Some((y, x + advance));
    }
    fn draw_image(&mut self, _: Image<'a, '_>, _: Affine) {}
    fn pop_clip_path(&mut self) {}
    fn pop_transparency_group(&mut self) {}
}
