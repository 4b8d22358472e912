//! Graphics shared by the web pages and the print PDFs: QR codes and procedure flowcharts.
//!
//! Everything here returns a standalone SVG document as a `String`, so the web renderer can
//! inline it (or write it as a file) and the Typst print templates can load it with `image`.
//! The SVG sticks to what both browsers and Typst's SVG renderer (usvg) draw the same way:
//! presentation attributes only, no `<style>`, no markers, no `foreignObject`, and no width or
//! height attributes (the `viewBox` sets the aspect ratio; CSS or Typst sets the size).
//! Output is deterministic: the same input always gives the same bytes. This module imports
//! no stage of gongshi, only the shared escaper.

mod flowchart;
mod qr;

pub use flowchart::{FlowStep, FlowStyle, flowchart_svg};
pub use qr::{QrError, qr_png, qr_svg};

/// Formats a coordinate with at most one decimal and no trailing `.0`, so output is compact
/// and byte-for-byte stable.
fn num(v: f64) -> String {
    if !v.is_finite() {
        return "0".to_owned();
    }
    let tenths = (v * 10.0).round() as i64;
    let (sign, abs) = if tenths < 0 {
        ("-", tenths.unsigned_abs())
    } else {
        ("", tenths.unsigned_abs())
    };
    if abs % 10 == 0 {
        format!("{sign}{}", abs / 10)
    } else {
        format!("{sign}{}.{}", abs / 10, abs % 10)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_have_at_most_one_decimal() {
        assert_eq!(num(12.0), "12");
        assert_eq!(num(12.04), "12");
        assert_eq!(num(12.06), "12.1");
        assert_eq!(num(-0.04), "0");
        assert_eq!(num(-3.25), "-3.3");
        assert_eq!(num(f64::NAN), "0");
    }
}
