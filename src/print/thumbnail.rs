//! Thumbnails of printed sheets for the print index: the first page rendered small, with
//! text too small to read at that size drawn as a bar of its own colour (greeking, as
//! layout programs draw small type in previews).
//!
//! A thumbnail is 240 pixels wide, so a guide's 9 pt body text comes out under 4 pixels
//! high and a board's under 2: no glyph can be read there. Rasterizing every outline of
//! every such glyph took a sixth of a print run's time; a bar where each line of text
//! stands costs almost nothing and shows the same page. Shapes, photos, QR codes and
//! flowcharts' boxes and arrows are rendered as they are, and so is text big enough to read.

use typst::layout::{Frame, FrameItem, GroupItem, Point, Size, Transform};
use typst::syntax::Span;
use typst::text::TextItem;
use typst::visualize::{Color, Geometry, Paint};
use typst_layout::PagedDocument;

/// Text whose font size comes out below this many pixels is drawn as bars. Bold CJK
/// headings can still be made out from about this size, so titles, item names and a
/// board's section headings stay text; body text (under 4 pixels on a guide, under 5 on a
/// board) becomes bars.
const LEGIBLE_PX: f64 = 6.0;

/// Where a greeked line's bar sits and how high it is, in ems from the baseline: the body
/// of the glyphs, from a little above the baseline to under the top of a CJK character.
const BAR_TOP_EM: f64 = 0.72;
const BAR_HEIGHT_EM: f64 = 0.6;

/// How much of its colour a bar shows: the thin strokes of small glyphs cover about this
/// much of the line they stand on, so a greeked page keeps the grey of the real one.
const BAR_OPACITY: f32 = 0.4;

/// Page `index` rendered to a PNG `width` pixels wide, small text greeked (the print
/// index's thumbnails; tests read QR codes and empty space from it).
pub fn page_png(document: &PagedDocument, index: usize, width: u32) -> Option<Vec<u8>> {
    let page = document.pages().get(index)?;
    let page_width = page.frame.width().to_pt();
    if page_width <= 0.0 {
        return None;
    }
    let pixel_per_pt = f64::from(width) / page_width;
    let mut page = page.clone();
    page.frame = greeked(&page.frame, pixel_per_pt);
    let options = typst_render::RenderOptions {
        pixel_per_pt: typst::utils::Scalar::new(pixel_per_pt),
        render_bleed: false,
    };
    let pixmap = typst_render::render(&page, &options);
    png(pixmap.width(), pixmap.height(), pixmap.data())
}

/// `frame` with every text run that comes out smaller than [`LEGIBLE_PX`] at
/// `pixel_per_pt` (in it and the frames inside it) replaced by a bar of its colour. Built
/// anew: changing the page's own frames in place copied every glyph of every run first,
/// only to throw most of them away.
fn greeked(frame: &Frame, pixel_per_pt: f64) -> Frame {
    let mut out = frame.clone();
    out.clear();
    for (position, item) in frame.items() {
        let item = match item {
            FrameItem::Group(group) => {
                let inner = greeked(&group.frame, pixel_per_pt * scale_of(&group.transform));
                let mut group = group.clone();
                group.frame = inner;
                FrameItem::Group(group)
            }
            FrameItem::Text(text) if text.size.to_pt() * pixel_per_pt < LEGIBLE_PX => bar(text),
            other => other.clone(),
        };
        out.push(*position, item);
    }
    out
}

/// How much a transform enlarges what it draws (the square root of its area scale).
fn scale_of(transform: &Transform) -> f64 {
    let (sx, sy) = (transform.sx.get(), transform.sy.get());
    let (kx, ky) = (transform.kx.get(), transform.ky.get());
    (sx * sy - kx * ky).abs().sqrt()
}

/// A text run as a filled bar of its width, placed where its glyphs stand on the baseline.
fn bar(text: &TextItem) -> FrameItem {
    let size = text.size;
    let rect = Geometry::Rect(Size::new(text.width(), size * BAR_HEIGHT_EM));
    let mut frame = Frame::soft(Size::zero());
    frame.push(
        Point::with_y(-size * BAR_TOP_EM),
        FrameItem::Shape(rect.filled(faint(&text.fill)), Span::detached()),
    );
    FrameItem::Group(GroupItem::new(frame))
}

/// `paint` at [`BAR_OPACITY`] (gradients and tilings as they are).
fn faint(paint: &Paint) -> Paint {
    match paint {
        // Through RGB: the sheets' CMYK and spot colours have no alpha of their own.
        Paint::Solid(color) => {
            let rgb = color.to_rgb();
            let byte = |x: f32| (x.clamp(0.0, 1.0) * 255.0).round() as u8;
            Paint::Solid(Color::from_u8(
                byte(rgb.red),
                byte(rgb.green),
                byte(rgb.blue),
                byte(rgb.alpha * BAR_OPACITY),
            ))
        }
        other => other.clone(),
    }
}

/// A rendered page (premultiplied RGBA) as an opaque RGB PNG over white, compressed the
/// fast way: thumbnails are made for every sheet of every run, and the default compression
/// took a third of their time for a few percent fewer bytes.
fn png(width: u32, height: u32, rgba: &[u8]) -> Option<Vec<u8>> {
    let mut rgb = Vec::with_capacity(rgba.len() / 4 * 3);
    for px in rgba.chunks_exact(4) {
        // Premultiplied: over white, each channel gains what the alpha leaves out.
        let uncovered = 255 - px[3];
        rgb.extend_from_slice(&[
            px[0].saturating_add(uncovered),
            px[1].saturating_add(uncovered),
            px[2].saturating_add(uncovered),
        ]);
    }
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    let mut writer = encoder.write_header().ok()?;
    writer.write_image_data(&rgb).ok()?;
    writer.finish().ok()?;
    Some(out)
}
