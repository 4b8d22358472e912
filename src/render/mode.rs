//! Elder mode (长者模式, 适老化): every HTML page is published twice, as itself and under
//! `elder/` with large type, AAA contrast and big touch targets. The elder page is not
//! rendered a second time: the template is rendered once with a few placeholders, and both
//! pages are cut from that one text in a single pass.
//!
//! The placeholders reach templates as `base` (the way to the shared files — static, files,
//! img, data, feeds — which stays outside `elder/`) and `mode` (regions shown in one mode
//! only, and the links to the same page in the other mode). Because every page link is
//! relative (`{{ root }}items/a/`), an elder page's links resolve inside `elder/`: the
//! choice persists from page to page without a cookie or a script.

use serde::Serialize;

use crate::routes;

/// Starts every placeholder: a Unicode noncharacter, which is reserved for a program's
/// internal use and does not occur in text people write.
const MARK: char = '\u{FDD0}';
/// In `base`: nothing in the standard page, one folder up (`../`) in the elder page.
const UP: &str = "\u{FDD0}U";
/// Starts a region kept in the standard page only.
const STANDARD: &str = "\u{FDD0}S";
/// Starts a region kept in the elder page only.
const ELDER: &str = "\u{FDD0}E";
/// Ends a region.
const END: &str = "\u{FDD0}Z";

/// Which of the two pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// The standard page.
    Standard,
    /// The elder page under `elder/`.
    Elder,
}

/// What templates get as `mode`.
#[derive(Debug, Serialize)]
pub struct ModeView {
    /// Begins what only the standard page shows (`{{ mode.standard }}…{{ mode.end }}`).
    pub standard: &'static str,
    /// Begins what only the elder page shows.
    pub elder: &'static str,
    /// Ends a region.
    pub end: &'static str,
    /// From the standard page: the same page in elder mode.
    pub to_elder: String,
    /// From the elder page: the same page in standard mode.
    pub to_standard: String,
}

impl ModeView {
    /// The mode links of a page whose way to the root of its tree is `root` and whose URL
    /// relative to that root is `url`.
    pub fn new(root: &str, url: &str) -> ModeView {
        ModeView {
            standard: STANDARD,
            elder: ELDER,
            end: END,
            to_elder: format!("{root}{}{url}", routes::ELDER_DIR),
            to_standard: format!("{root}{}{url}", routes::ELDER_UP),
        }
    }
}

/// The template's `base`: the way from a page to the site's shared files, in both modes.
pub fn base(root: &str) -> String {
    format!("{root}{UP}")
}

/// The page in one mode: placeholders filled, regions of the other mode dropped.
///
/// Pages are cut as bytes, as the template engine writes them: a page of UTF-8 cut at
/// placeholders (themselves whole characters) stays UTF-8, and the page is never checked
/// for it again.
pub fn resolve(html: &[u8], mode: Mode) -> Vec<u8> {
    split(html, &[mode]).pop().unwrap_or_default()
}

/// Both pages, standard first, cut from one rendering in one pass.
pub fn both(html: &[u8]) -> (Vec<u8>, Vec<u8>) {
    let mut pages = split(html, &[Mode::Standard, Mode::Elder]);
    let elder = pages.pop().unwrap_or_default();
    let standard = pages.pop().unwrap_or_default();
    (standard, elder)
}

fn split(html: &[u8], modes: &[Mode]) -> Vec<Vec<u8>> {
    let mut mark = [0u8; 4];
    let mark: &[u8] = MARK.encode_utf8(&mut mark).as_bytes();
    let finder = memchr::memmem::Finder::new(mark);
    let mut out: Vec<Vec<u8>> = modes
        .iter()
        .map(|_| Vec::with_capacity(html.len()))
        .collect();
    // The region we are in: `None` outside any, else the one mode that keeps it.
    let mut region: Option<Mode> = None;
    let mut rest = html;
    while let Some(at) = finder.find(rest) {
        let (text, tail) = rest.split_at(at);
        push(&mut out, modes, region, text);
        let code = tail.get(mark.len()).copied();
        match code {
            Some(b'U') => {
                for (page, mode) in out.iter_mut().zip(modes) {
                    if *mode == Mode::Elder && region.is_none_or(|r| r == Mode::Elder) {
                        page.extend_from_slice(routes::ELDER_UP.as_bytes());
                    }
                }
            }
            Some(b'S') => region = Some(Mode::Standard),
            Some(b'E') => region = Some(Mode::Elder),
            Some(b'Z') => region = None,
            // A noncharacter in content that is no placeholder: keep it and the character
            // after it as written.
            _ => {
                let skip = mark.len() + code.map_or(0, utf8_width);
                push(&mut out, modes, region, &tail[..skip.min(tail.len())]);
                rest = &tail[skip.min(tail.len())..];
                continue;
            }
        }
        rest = &tail[mark.len() + 1..];
    }
    push(&mut out, modes, region, rest);
    out
}

/// The length of the UTF-8 character that starts with `first`.
fn utf8_width(first: u8) -> usize {
    match first {
        0xF0.. => 4,
        0xE0.. => 3,
        0xC0.. => 2,
        _ => 1,
    }
}

fn push(out: &mut [Vec<u8>], modes: &[Mode], region: Option<Mode>, text: &[u8]) {
    for (page, mode) in out.iter_mut().zip(modes) {
        if region.is_none_or(|r| r == *mode) {
            page.extend_from_slice(text);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_rendering_gives_both_pages() {
        let m = ModeView::new("../../", "items/a/");
        let html = format!(
            "<link href=\"{b}static/s.css\">{s}<a href=\"{e}\">长者模式</a>{z}{el}<a href=\"{st}\">标准模式</a>{z}<a href=\"../../items/b/\">b</a>",
            b = base("../../"),
            s = m.standard,
            e = m.to_elder,
            z = m.end,
            el = m.elder,
            st = m.to_standard
        );
        let (standard, elder) = both(html.as_bytes());
        assert_eq!(
            standard,
            "<link href=\"../../static/s.css\"><a href=\"../../elder/items/a/\">长者模式</a><a href=\"../../items/b/\">b</a>".as_bytes()
        );
        assert_eq!(
            elder,
            "<link href=\"../../../static/s.css\"><a href=\"../../../items/a/\">标准模式</a><a href=\"../../items/b/\">b</a>".as_bytes()
        );
        assert_eq!(resolve(html.as_bytes(), Mode::Standard), standard);
        assert_eq!(resolve(html.as_bytes(), Mode::Elder), elder);
    }

    #[test]
    fn text_without_placeholders_is_kept_as_written() {
        for odd in [
            "a\u{FDD0}b\u{FDD0}",
            "\u{FDD0}\u{FDD0}U",
            "\u{FDD0}办\u{FDD0}",
            "\u{FDD0}\u{FDD0}",
        ] {
            let odd = odd.as_bytes();
            assert_eq!(both(odd), (odd.to_vec(), odd.to_vec()));
        }
        assert_eq!(resolve(b"", Mode::Elder), b"");
    }
}
