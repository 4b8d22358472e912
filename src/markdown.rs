//! Markdown → safe HTML (temporary stub until the `markdown` branch lands; same signatures).

use pulldown_cmark::{Event, Options, Parser, Tag, html};

/// How Markdown is turned into HTML.
#[derive(Debug, Clone, Copy, Default)]
pub struct MarkdownOptions {
    /// Pass raw HTML through instead of escaping it.
    pub allow_raw_html: bool,
}

fn events(md: &str, o: MarkdownOptions) -> impl Iterator<Item = Event<'_>> {
    let opts = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_FOOTNOTES;
    Parser::new_ext(md, opts).map(move |e| match e {
        Event::Html(t) | Event::InlineHtml(t) if !o.allow_raw_html => Event::Text(t),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let lower = dest_url.trim().to_ascii_lowercase();
            let bad = lower.starts_with("javascript:")
                || lower.starts_with("vbscript:")
                || lower.starts_with("data:");
            let dest_url = if bad { "#".into() } else { dest_url };
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            })
        }
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let lower = dest_url.trim().to_ascii_lowercase();
            let dest_url = if lower.starts_with("javascript:") {
                "#".into()
            } else {
                dest_url
            };
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            })
        }
        e => e,
    })
}

/// Renders Markdown as block HTML.
pub fn to_html(md: &str, o: MarkdownOptions) -> String {
    let mut out = String::new();
    html::push_html(&mut out, events(md, o));
    out
}

/// Renders Markdown as inline HTML (no wrapping paragraph).
pub fn to_inline_html(md: &str, o: MarkdownOptions) -> String {
    let html = to_html(md, o);
    let t = html.trim();
    match t.strip_prefix("<p>").and_then(|t| t.strip_suffix("</p>")) {
        Some(inner) if !inner.contains("<p>") => inner.to_string(),
        _ => t.to_string(),
    }
}

/// The text of Markdown without markup.
pub fn to_plain_text(md: &str) -> String {
    let mut out = String::new();
    for e in Parser::new(md) {
        match e {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::End(_) => out.push(' '),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}
