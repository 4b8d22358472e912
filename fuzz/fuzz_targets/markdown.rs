//! Markdown rendering: every output form of any text, without panics, and the safe HTML
//! never carries a script element or a `javascript:` link.
#![no_main]

use gongshi::markdown::{self, MarkdownOptions};
use libfuzzer_sys::fuzz_target;

fn assert_safe(html: &str, source: &str) {
    let lower = html.to_ascii_lowercase();
    assert!(!lower.contains("<script"), "{source:?} → {html}");
    for attr in ["href=\"", "src=\""] {
        for (at, _) in lower.match_indices(attr) {
            let url: String = lower[at + attr.len()..]
                .chars()
                .take_while(|c| *c != '"')
                .filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control())
                .collect();
            assert!(
                !url.starts_with("javascript:") && !url.starts_with("data:"),
                "{source:?} → {html}"
            );
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let safe = MarkdownOptions::default();
    assert_safe(&markdown::to_html(text, safe), text);
    assert_safe(&markdown::to_inline_html(text, safe), text);
    let _ = markdown::to_plain_text(text);
    let _ = markdown::to_blocks(text);
    let _ = markdown::to_html(
        text,
        MarkdownOptions {
            allow_raw_html: true,
        },
    );
});
