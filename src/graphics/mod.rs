//! Graphics shared by the web pages and the print PDFs: QR codes and procedure flowcharts.
//!
//! Everything here returns a standalone SVG document as a `String`, so the web renderer can
//! inline it (or write it as a file) and the Typst print templates can load it with `image`.
//! The SVG sticks to what both browsers and Typst's SVG renderer (usvg) draw the same way:
//! presentation attributes only, no `<style>`, no markers, no `foreignObject`, and no width or
//! height attributes (the `viewBox` sets the aspect ratio; CSS or Typst sets the size).
//! Output is deterministic: the same input always gives the same bytes. This module imports
//! no other stage of gongshi.

mod flowchart;
mod qr;

pub use flowchart::{FlowStep, FlowStyle, flowchart_svg};
pub use qr::{QrError, qr_svg};

/// `s` escaped for XML text and attribute values (the Atom feed and sitemap use it too).
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    escape_xml_into(&mut out, s);
    out
}

/// Appends `s` to `out` escaped for XML text and attribute values (`&`, `<`, `>`, `"`, `'`),
/// dropping characters XML 1.0 does not allow at all (most C0 controls, U+FFFE, U+FFFF), so
/// no content string can break or invalidate the document.
fn escape_xml_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => {}
            _ => out.push(c),
        }
    }
}

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
    fn escapes_all_five_and_drops_controls() {
        let mut s = String::new();
        escape_xml_into(&mut s, "<a href=\"x\">&'\u{1}\u{ffff}ok</a>");
        assert_eq!(s, "&lt;a href=&quot;x&quot;&gt;&amp;&apos;ok&lt;/a&gt;");
    }

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
