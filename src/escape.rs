//! The one escaper for HTML and XML: every place that writes markup by hand (SVG graphics,
//! the Atom feed and sitemap, Markdown attributes, serve's error page) escapes content through
//! it, so no content string can break or invalidate a document. Templates are escaped by tera.

/// `s` escaped for HTML or XML text and attribute values.
pub fn markup(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    markup_into(&mut out, s);
    out
}

/// Appends `s` to `out` escaped for HTML or XML text and attribute values (`&`, `<`, `>`,
/// `"`, `'`), dropping characters XML 1.0 does not allow at all (most C0 controls, U+FFFE,
/// U+FFFF; HTML forbids them too).
pub fn markup_into(out: &mut String, s: &str) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_all_five_and_drops_controls() {
        assert_eq!(
            markup("<a href=\"x\">&'\u{1}\u{ffff}ok</a>\n"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&apos;ok&lt;/a&gt;\n"
        );
        assert_eq!(markup("办事指南"), "办事指南");
    }
}
