//! QR codes as compact vector SVG, so boards printed at any size stay crisp and scannable,
//! and as tiny one-bit PNG files (a few hundred bytes) for web pages, where a vector path of
//! every module would weigh more than the rest of the page's markup.

mod layout;
mod penalty;

use std::fmt::{self, Write as _};

use qrcodegen::{Mask, QrCode, QrCodeEcc, QrSegment, Version};

/// Light modules around the symbol, as the QR standard requires for reliable scanning.
const QUIET_ZONE: usize = 4;

/// Why a QR code could not be made; the page or sheet can then show the plain URL instead.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum QrError {
    /// The data does not fit in the largest QR code (version 40) at error-correction level M.
    DataTooLong {
        /// Length of the data in bytes (UTF-8).
        len: usize,
    },
    /// The encoder rejected the data for another reason (should not happen for text).
    Unencodable,
}

impl fmt::Display for QrError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            QrError::DataTooLong { len } => write!(
                f,
                "data too long for a QR code: {len} bytes (at most 2331 bytes of text fit \
                 at error-correction level M); use a shorter URL"
            ),
            QrError::Unencodable => f.write_str("data cannot be encoded as a QR code"),
        }
    }
}

impl std::error::Error for QrError {}

/// A QR symbol: its width in modules and its modules row by row (`true` = dark).
struct Modules {
    width: usize,
    dark: Vec<bool>,
}

impl Modules {
    fn of(code: &QrCode) -> Self {
        let width = code.size() as usize;
        let dark = (0..code.size())
            .flat_map(|y| (0..code.size()).map(move |x| code.get_module(x, y)))
            .collect();
        Modules { width, dark }
    }
}

/// Encodes `data` at error-correction level M, in the smallest version it fits, with the
/// mask ISO/IEC 18004 §7.8.3 chooses: the one whose symbol has the lowest penalty, the
/// easiest to read from a wall.
///
/// Project Nayuki's `qrcodegen` (the reference implementation) draws the symbol with mask 0
/// in 7 µs, but scores the eight masks module by module in 16 µs each; with one QR code per
/// item page that was most of a code's cost. So the symbol is drawn once, the mask taken
/// off again, and each mask scored on whole lines of bits ([`penalty`]), for symbols up to
/// version 23; larger ones, which no page URL needs, are left to `qrcodegen` entirely. The
/// result is the symbol `qrcodegen` makes, module for module (tested).
fn encode(data: &str) -> Result<Modules, QrError> {
    let segments = QrSegment::make_segments(data);
    let draw = |mask| {
        QrCode::encode_segments_advanced(
            &segments,
            QrCodeEcc::Medium,
            Version::MIN,
            Version::MAX,
            mask,
            false,
        )
        .map_err(|_| QrError::DataTooLong { len: data.len() })
    };
    let code = draw(Some(Mask::new(0)))?;
    let width = code.size() as usize;
    let Some(layout) = layout::for_size(width) else {
        return Ok(Modules::of(&draw(None)?));
    };
    let bare = layout.bare(&code);
    let mut masked = layout::Lines::empty(width);
    // Symbols up to version 7 (every page URL) are scored on `u64` lines, twice as fast.
    let narrow = penalty::fits::<u64>(width);
    let (mut rows, mut cols) = (vec![0u64; width], vec![0u64; width]);
    let mut best = (u32::MAX, 0);
    for mask in 0..8 {
        layout.mask(&bare, mask, &mut masked);
        let score = if narrow {
            for (to, from) in rows.iter_mut().zip(&masked.rows) {
                *to = *from as u64;
            }
            for (to, from) in cols.iter_mut().zip(&masked.cols) {
                *to = *from as u64;
            }
            penalty::penalty(&rows, &cols, width)
        } else {
            penalty::penalty(&masked.rows, &masked.cols, width)
        };
        if score < best.0 {
            best = (score, mask);
        }
    }
    layout.mask(&bare, best.1, &mut masked);
    let dark = (0..width)
        .flat_map(|y| (0..width).map(move |x| (x, y)))
        .map(|(x, y)| masked.get(x, y))
        .collect();
    Ok(Modules { width, dark })
}

/// QR code of a URL as a one-bit greyscale PNG: one pixel per module, the quiet zone
/// included, level M. Scale it up with `image-rendering: pixelated` (the page's CSS does).
pub fn qr_png(data: &str) -> Result<Vec<u8>, QrError> {
    let Modules {
        width,
        dark: colors,
    } = encode(data)?;
    let size = width + 2 * QUIET_ZONE;
    let row_bytes = size.div_ceil(8);
    // Rows of bits, 1 = white (light), 0 = black, as a one-bit greyscale PNG stores them.
    let mut pixels = vec![0xFFu8; row_bytes * size];
    for (y, row) in colors.chunks(width.max(1)).enumerate() {
        for (x, dark) in row.iter().enumerate() {
            if *dark {
                let (px, py) = (x + QUIET_ZONE, y + QUIET_ZONE);
                pixels[py * row_bytes + px / 8] &= !(0x80 >> (px % 8));
            }
        }
    }
    let mut out = Vec::with_capacity(400);
    let side = u32::try_from(size).map_err(|_| QrError::Unencodable)?;
    let mut encoder = png::Encoder::new(&mut out, side, side);
    encoder.set_color(png::ColorType::Grayscale);
    encoder.set_depth(png::BitDepth::One);
    // The fast encoder: a code is 300-odd bytes either way (324 on average for item URLs,
    // 354 fast), and the strongest level spent 56 µs per code starting a zlib stream where
    // this takes 7: a tenth of a 10,000-item build, as long as encoding the code itself.
    encoder.set_compression(png::Compression::Fast);
    // No row filter, as the PNG specification advises below 8 bits a pixel: trying all five
    // on every row of a one-bit image bought one byte in 355.
    encoder.set_filter(png::Filter::NoFilter);
    let mut writer = encoder.write_header().map_err(|_| QrError::Unencodable)?;
    writer
        .write_image_data(&pixels)
        .map_err(|_| QrError::Unencodable)?;
    writer.finish().map_err(|_| QrError::Unencodable)?;
    Ok(out)
}

/// QR code of a URL as a standalone SVG document (vector, crisp at any print size).
///
/// Error-correction level M, a quiet zone of 4 modules, black on a white background. The
/// `viewBox` is in modules and there is no width or height, so CSS or Typst decides the
/// printed size. All dark modules form a single `<path>` (horizontal runs merged), which keeps
/// the file small even for long URLs.
pub fn qr_svg(data: &str) -> Result<String, QrError> {
    let Modules {
        width,
        dark: colors,
    } = encode(data)?;
    let size = width + 2 * QUIET_ZONE;

    let mut out = String::with_capacity(200 + width * width * 3);
    // Writing into a String cannot fail; the results are ignored on purpose.
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" viewBox=\"0 0 {size} {size}\" \
         shape-rendering=\"crispEdges\">\
         <rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path fill=\"#000\" d=\""
    );
    for (y, row) in colors.chunks(width.max(1)).enumerate() {
        let mut x = 0;
        while x < row.len() {
            if row[x] {
                let start = x;
                while x < row.len() && row[x] {
                    x += 1;
                }
                let run = x - start;
                let _ = write!(
                    out,
                    "M{} {}h{run}v1h-{run}z",
                    start + QUIET_ZONE,
                    y + QUIET_ZONE
                );
            } else {
                x += 1;
            }
        }
    }
    out.push_str("\"/></svg>");
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const URL: &str = "https://zwfw.example.gov.cn/items/gtgsh-dengji/";

    /// Rebuilds the module grid from the path so the test checks what is actually drawn.
    fn dark_modules(svg: &str, size: usize) -> Vec<bool> {
        let d_start = svg.find(" d=\"").expect("path data") + 4;
        let d = &svg[d_start..];
        let d = &d[..d.find('"').expect("end of path data")];
        let mut grid = vec![false; size * size];
        for sub in d.split('z').filter(|s| !s.is_empty()) {
            // M{x} {y}h{run}v1h-{run}
            let rest = sub.strip_prefix('M').expect("subpath starts with M");
            let (x, rest) = rest.split_once(' ').expect("x");
            let (y, rest) = rest.split_once('h').expect("y");
            let (run, rest) = rest.split_once('v').expect("run");
            assert_eq!(rest, format!("1h-{run}"));
            let (x, y, run): (usize, usize, usize) =
                (x.parse().unwrap(), y.parse().unwrap(), run.parse().unwrap());
            for i in x..x + run {
                assert!(!grid[y * size + i], "module drawn twice");
                grid[y * size + i] = true;
            }
        }
        grid
    }

    #[test]
    fn svg_shape_and_module_count() {
        let svg = qr_svg(URL).unwrap();
        let width = encode(URL).unwrap().width;
        let size = width + 2 * QUIET_ZONE;
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(svg.ends_with("</svg>"));
        assert!(svg.contains(&format!("viewBox=\"0 0 {size} {size}\"")));
        assert!(svg.contains("shape-rendering=\"crispEdges\""));
        assert_eq!(svg.matches("<path").count(), 1);
        assert_eq!(svg.matches("<rect").count(), 1);
        // The root has no size of its own: CSS or Typst sizes it.
        let root = &svg[..svg.find('>').unwrap()];
        assert!(!root.contains("width") && !root.contains("height"));
    }

    #[test]
    fn path_draws_exactly_the_dark_modules() {
        let svg = qr_svg(URL).unwrap();
        let Modules {
            width,
            dark: colors,
        } = encode(URL).unwrap();
        let size = width + 2 * QUIET_ZONE;
        let grid = dark_modules(&svg, size);
        for y in 0..size {
            for x in 0..size {
                let inside = (QUIET_ZONE..QUIET_ZONE + width).contains(&x)
                    && (QUIET_ZONE..QUIET_ZONE + width).contains(&y);
                let expect = inside && colors[(y - QUIET_ZONE) * width + (x - QUIET_ZONE)];
                assert_eq!(grid[y * size + x], expect, "module ({x}, {y})");
            }
        }
    }

    #[test]
    fn png_holds_the_same_modules_in_a_few_hundred_bytes() {
        let png = qr_png(URL).unwrap();
        assert!(png.len() < 400, "{} bytes", png.len());
        let img = image::load_from_memory(&png).unwrap().to_luma8();
        let Modules {
            width,
            dark: colors,
        } = encode(URL).unwrap();
        let size = width + 2 * QUIET_ZONE;
        assert_eq!((img.width() as usize, img.height() as usize), (size, size));
        for y in 0..size {
            for x in 0..size {
                let inside = (QUIET_ZONE..QUIET_ZONE + width).contains(&x)
                    && (QUIET_ZONE..QUIET_ZONE + width).contains(&y);
                let dark = inside && colors[(y - QUIET_ZONE) * width + (x - QUIET_ZONE)];
                let px = img.get_pixel(x as u32, y as u32).0[0];
                assert_eq!(px == 0, dark, "module ({x}, {y})");
            }
        }
    }

    /// Reads a QR code back from a PNG as a phone would (each module 4 pixels wide).
    fn scan(png: &[u8]) -> (String, rqrr::MetaData) {
        let img = image::load_from_memory(png).unwrap().to_luma8();
        let img = image::imageops::resize(
            &img,
            img.width() * 4,
            img.height() * 4,
            image::imageops::FilterType::Nearest,
        );
        let mut prepared = rqrr::PreparedImage::prepare(img);
        let grids = prepared.detect_grids();
        assert_eq!(grids.len(), 1, "one QR code found");
        let (meta, content) = grids[0].decode().expect("decodes");
        (content, meta)
    }

    #[test]
    fn scans_back_to_the_url_at_level_m() {
        for url in [
            URL,
            "https://zwfw.example.gov.cn/center/items/%E5%85%AC%E7%A7%AF%E9%87%91-1/",
            "http://localhost:8000/print/guide/gjj-withdraw-retire.pdf",
            "https://example.gov.cn/",
        ] {
            let (content, meta) = scan(&qr_png(url).unwrap());
            assert_eq!(content, url);
            // Format bits 00 are level M (L = 01, Q = 11, H = 10): it survives smudges on a
            // printed board yet keeps the modules large.
            assert_eq!(meta.ecc_level, 0, "{url}");
        }
    }

    /// What `qrcodegen` makes on its own, choosing the mask module by module.
    fn reference(data: &str) -> Modules {
        let segments = QrSegment::make_segments(data);
        let code = QrCode::encode_segments_advanced(
            &segments,
            QrCodeEcc::Medium,
            Version::MIN,
            Version::MAX,
            None,
            false,
        )
        .unwrap();
        Modules::of(&code)
    }

    #[test]
    fn same_symbol_as_the_reference_encoder_for_every_version() {
        let mut versions = std::collections::BTreeSet::new();
        let mut texts: Vec<String> = (1..=2331)
            .step_by(11)
            .map(|len| {
                (0..len)
                    .map(|i| char::from(b'a' + ((i * 7 + len) % 26) as u8))
                    .collect()
            })
            .collect();
        texts.extend((0..600).map(|i| format!("https://zwfw.example.gov.cn/items/item-{i:05}/")));
        texts.extend((0..200).map(|i| format!("HTTP://EXAMPLE.GOV.CN/{i}")));
        texts.extend((0..100).map(|i| format!("{}", 7u64.pow(i % 20) * 13)));
        texts.extend((0..100).map(|i| "事项".repeat(i + 1)));
        for text in &texts {
            let ours = encode(text).unwrap();
            let theirs = reference(text);
            assert_eq!(ours.width, theirs.width, "{text}");
            assert!(ours.dark == theirs.dark, "{text}");
            versions.insert((ours.width - 17) / 4);
        }
        assert_eq!(versions.len(), 40, "{versions:?}");
    }

    #[test]
    fn layout_takes_each_mask_on_and_off_as_the_reference_draws_it() {
        for version in 1..=23u8 {
            let size = usize::from(version) * 4 + 17;
            let layout = layout::for_size(size).expect("a layout up to version 23");
            let data = vec![0xA5; 4];
            let drawn = |mask| {
                let segments = [QrSegment::make_bytes(&data)];
                let code = QrCode::encode_segments_advanced(
                    &segments,
                    QrCodeEcc::Medium,
                    Version::new(version),
                    Version::new(version),
                    Some(Mask::new(mask)),
                    false,
                )
                .unwrap();
                Modules::of(&code).dark
            };
            let zero = drawn(0);
            for mask in 0..8u8 {
                let m = usize::from(mask);
                let expected = drawn(mask);
                for y in 0..size {
                    for x in 0..size {
                        let bare = zero[y * size + x] ^ layout.flips[0].get(x, y)
                            && !layout.format_area.get(x, y);
                        let ours = bare ^ layout.flips[m].get(x, y) || layout.format[m].get(x, y);
                        assert_eq!(
                            ours,
                            expected[y * size + x],
                            "v{version} mask {mask} ({x}, {y})"
                        );
                    }
                }
            }
        }
        assert!(layout::for_size(113).is_none() && layout::for_size(22).is_none());
    }

    #[test]
    fn too_long_is_an_error_not_a_panic() {
        let long = "https://example.gov.cn/".to_owned() + &"办".repeat(5 * 1024 / 3);
        let err = qr_svg(&long).unwrap_err();
        assert_eq!(err, QrError::DataTooLong { len: long.len() });
        assert!(err.to_string().contains("too long"));
        let long_ascii = "a".repeat(5 * 1024);
        assert!(matches!(
            qr_svg(&long_ascii),
            Err(QrError::DataTooLong { .. })
        ));
    }

    #[test]
    fn odd_inputs_do_not_panic_and_are_deterministic() {
        for data in ["", " ", "\u{0}", "中文网址", "<>&\"'"] {
            let a = qr_svg(data).unwrap();
            assert_eq!(a, qr_svg(data).unwrap());
            assert!(!a.contains("<>&"));
        }
    }
}
