//! Graphics shared by the web pages and the print PDFs: QR codes of public addresses.
//!
//! A QR code comes as a PNG (the web page's `qr.png`) or as a standalone SVG document (the
//! print templates load it with `image`), drawn with presentation attributes only, which
//! browsers and Typst's SVG renderer (usvg) draw the same way. Output is deterministic: the
//! same address always gives the same bytes. Procedure flowcharts are drawn where they are
//! shown instead: by the theme's CSS on the page, by Typst (`flowchart` in `common.typ`) on
//! the sheet, both from the item's procedure.

mod qr;

pub use qr::{QrError, qr_png, qr_svg};
