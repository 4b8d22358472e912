//! Markdown → safe HTML and plain text.
//!
//! Content authors write Markdown in item fields and page bodies; this module is the only
//! place that turns it into markup. It wraps pulldown-cmark and adds what a government
//! disclosure site needs on top:
//!
//! * **Safety.** Raw HTML is shown as text unless the site opts in; link and image URLs are
//!   limited to `http`, `https`, `mailto`, `tel` and relative URLs; heading attributes that
//!   could carry event handlers are dropped.
//! * **Chinese emphasis.** pulldown-cmark follows CommonMark's flanking rules, which leave
//!   `**办理对象：**符合条件的个人` unparsed. We re-resolve emphasis with the
//!   [CommonMark CJK-friendly amendments](https://github.com/tats-u/markdown-cjk-friendly)
//!   (see [`emphasis`]).
//! * **Stable anchors.** Every heading gets a deterministic `id` (CJK kept, ASCII lowercased).
//!
//! Everything here is a pure function of its input: no I/O, no global state, no panics.

use std::collections::{HashMap, HashSet};

use pulldown_cmark::{CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};

/// Options a site sets for its Markdown.
#[derive(Debug, Clone, Copy, Default)]
pub struct MarkdownOptions {
    /// Pass raw HTML blocks and inline tags through unchanged (trusted content only).
    /// URLs are still filtered either way.
    pub allow_raw_html: bool,
}

/// Markdown → safe HTML fragment, for page bodies and long fields.
pub fn to_html(markdown: &str, options: MarkdownOptions) -> String {
    let events = parse(markdown);
    let events = assign_heading_ids(events);
    let events = sanitize(events, options);
    render(events, markdown.len())
}

/// Markdown → plain text, for search indexes, print templates and meta descriptions:
/// the text of each block on its own line, without any markup.
pub fn to_plain_text(markdown: &str) -> String {
    plain::collect(parse(markdown))
}

/// Markdown → blocks of plain text (headings, paragraphs, lists, tables), for print templates
/// that lay out each kind of block themselves, so a table in a guide prints as a table.
pub fn to_blocks(markdown: &str) -> Vec<Block> {
    blocks::collect(parse(markdown))
}

/// One block of a Markdown document as print templates read it (`kind` names the variant).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Block {
    /// A heading and its level (1–6).
    Heading {
        /// 1–6.
        level: u8,
        /// Its text.
        text: String,
    },
    /// A paragraph (hard line breaks kept as `\n`).
    Paragraph {
        /// Its text.
        text: String,
    },
    /// A list; items of nested lists follow their parent item, indented with `– `.
    List {
        /// Numbered.
        ordered: bool,
        /// The text of each item.
        items: Vec<String>,
    },
    /// A table: header cells and rows of cells.
    Table {
        /// Header cells.
        header: Vec<String>,
        /// Body rows.
        rows: Vec<Vec<String>>,
    },
    /// A quotation or a code block, as text.
    Quote {
        /// Its text.
        text: String,
    },
}

/// Inline-only rendering for short fields (names, table cells, one-line notes): the result
/// is never wrapped in `<p>` and line-start markers such as `1.`, `-` or `#` stay literal,
/// with the same safety as [`to_html`].
pub fn to_inline_html(markdown: &str, options: MarkdownOptions) -> String {
    let source = inline::escape_block_markers(markdown);
    let events = inline::flatten_blocks(parse(&source));
    render(sanitize(events, options), markdown.len())
}

/// The pulldown-cmark extensions every gongshi document uses.
fn parser_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Parses and re-resolves emphasis the CJK-friendly way.
fn parse(markdown: &str) -> Vec<Event<'_>> {
    let events = Parser::new_ext(markdown, parser_options()).into_offset_iter();
    emphasis::resolve(markdown, events.collect())
}

fn render(events: Vec<Event<'_>>, size_hint: usize) -> String {
    let mut html = String::with_capacity(size_hint + size_hint / 2 + 16);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    html
}

// ---------------------------------------------------------------------------------------
// Heading ids
// ---------------------------------------------------------------------------------------

/// Gives every heading an `id` from its text, unique within the document.
fn assign_heading_ids(mut events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let mut used = HeadingIds::default();
    for i in 0..events.len() {
        if !matches!(events[i], Event::Start(Tag::Heading { .. })) {
            continue;
        }
        let text = heading_text(&events[i + 1..]);
        if let Event::Start(Tag::Heading { id, .. }) = &mut events[i] {
            let base = match id.as_deref() {
                Some(explicit) => slugify(explicit),
                None => slugify(&text),
            };
            *id = Some(CowStr::from(unique_id(base, &mut used)));
        }
    }
    events
}

/// The text of a heading, from the events after its start up to its end.
fn heading_text(events: &[Event<'_>]) -> String {
    let mut text = String::new();
    for event in events {
        match event {
            Event::End(TagEnd::Heading(_)) => break,
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text
}

/// Anchor slug: letters and digits (CJK included) kept, ASCII lowercased, runs of
/// whitespace and dashes become one `-`, other punctuation dropped.
fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() || c == '_' {
            if dash && !slug.is_empty() {
                slug.push('-');
            }
            dash = false;
            slug.push(c.to_ascii_lowercase());
        } else if c.is_whitespace() || c == '-' {
            dash = true;
        }
    }
    slug
}

/// The heading ids given out so far in one document.
#[derive(Default)]
struct HeadingIds {
    /// Every id given out.
    used: HashSet<String>,
    /// For each base that was taken, the next suffix to try, so that many headings with the
    /// same text cost linear time, not quadratic (20,000 headings `# a {#x}` took 14 s).
    next: HashMap<String, u32>,
}

/// `base`, or `base-2`, `base-3`, … whichever is still free.
fn unique_id(base: String, ids: &mut HeadingIds) -> String {
    let base = if base.is_empty() {
        "section".to_owned()
    } else {
        base
    };
    if ids.used.insert(base.clone()) {
        return base;
    }
    let n = ids.next.entry(base.clone()).or_insert(2);
    loop {
        let candidate = format!("{base}-{n}");
        *n += 1;
        if ids.used.insert(candidate.clone()) {
            return candidate;
        }
    }
}

// ---------------------------------------------------------------------------------------
// Sanitizing
// ---------------------------------------------------------------------------------------

/// Escapes raw HTML (unless allowed), filters URLs and renders links and images ourselves
/// so they carry `rel="noopener"` and `loading="lazy"`.
fn sanitize(events: Vec<Event<'_>>, options: MarkdownOptions) -> Vec<Event<'_>> {
    let mut out = Vec::with_capacity(events.len());
    let mut iter = events.into_iter();
    while let Some(event) = iter.next() {
        match event {
            Event::Html(html) | Event::InlineHtml(html) if !options.allow_raw_html => {
                out.push(Event::Text(html));
            }
            Event::Start(Tag::HtmlBlock) if !options.allow_raw_html => {
                out.push(Event::Start(Tag::Paragraph));
            }
            Event::End(TagEnd::HtmlBlock) if !options.allow_raw_html => {
                out.push(Event::End(TagEnd::Paragraph));
            }
            Event::Start(Tag::Heading {
                level, id, classes, ..
            }) => out.push(Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs: Vec::new(),
            })),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            }) => out.push(Event::Html(link_open(link_type, &dest_url, &title).into())),
            Event::End(TagEnd::Link) => out.push(Event::Html("</a>".into())),
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => {
                let alt = alt_text(&mut iter);
                out.push(image(&dest_url, &title, alt));
            }
            other => out.push(other),
        }
    }
    out
}

/// The opening `<a>` tag for a link; unsafe URLs become `#`.
fn link_open(link_type: LinkType, dest: &str, title: &str) -> String {
    let mailto;
    let dest = if link_type == LinkType::Email {
        mailto = format!("mailto:{dest}");
        mailto.as_str()
    } else {
        dest
    };
    let kind = url_kind(dest);
    let mut tag = String::with_capacity(dest.len() + title.len() + 32);
    tag.push_str("<a href=\"");
    match kind {
        UrlKind::Unsafe => tag.push('#'),
        _ => escape_attr(&mut tag, dest, true),
    }
    tag.push('"');
    push_title(&mut tag, title);
    if kind == UrlKind::External {
        tag.push_str(" rel=\"noopener\"");
    }
    tag.push('>');
    tag
}

/// An `<img>` tag, or just its alt text when the URL is unsafe.
fn image<'a>(dest: &str, title: &str, alt: String) -> Event<'a> {
    if url_kind(dest) == UrlKind::Unsafe {
        return Event::Text(alt.into());
    }
    let mut tag = String::with_capacity(dest.len() + alt.len() + title.len() + 48);
    tag.push_str("<img src=\"");
    escape_attr(&mut tag, dest, true);
    tag.push_str("\" alt=\"");
    escape_attr(&mut tag, &alt, false);
    tag.push('"');
    push_title(&mut tag, title);
    tag.push_str(" loading=\"lazy\" />");
    Event::Html(tag.into())
}

fn push_title(tag: &mut String, title: &str) {
    if !title.is_empty() {
        tag.push_str(" title=\"");
        escape_attr(tag, title, false);
        tag.push('"');
    }
}

/// Consumes an image's inner events up to its end and returns their plain text.
fn alt_text<'a>(iter: &mut impl Iterator<Item = Event<'a>>) -> String {
    let mut alt = String::new();
    let mut depth = 0usize;
    for event in iter.by_ref() {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) if depth == 0 => break,
            Event::End(_) => depth -= 1,
            Event::Text(t) | Event::Code(t) | Event::InlineHtml(t) => alt.push_str(&t),
            Event::SoftBreak | Event::HardBreak => alt.push(' '),
            _ => {}
        }
    }
    alt
}

/// What a link or image URL may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum UrlKind {
    /// No scheme: a path, query or fragment on this site.
    Relative,
    /// `http:`, `https:` or protocol-relative `//host`.
    External,
    /// `mailto:` or `tel:`.
    Contact,
    /// Any other scheme (`javascript:`, `data:`, `vbscript:`, …).
    Unsafe,
}

/// Classifies a URL the way a browser would read its scheme: ASCII whitespace and control
/// characters are ignored (browsers strip them) and percent-escapes are decoded, so
/// `java\tscript:` and `javascript%3A` are caught. A colon before any `/`, `?` or `#`
/// means a scheme, and only the allowed ones pass.
fn url_kind(url: &str) -> UrlKind {
    let mut scheme = String::new();
    let mut chars = url
        .chars()
        .filter(|c| !c.is_control() && !c.is_whitespace());
    let mut slashes = 0;
    while let Some(c) = chars.next() {
        let c = if c == '%' {
            percent_decoded(&mut chars)
        } else {
            c
        };
        match c {
            '/' | '\\' if scheme.is_empty() => {
                slashes += 1;
                if slashes == 2 {
                    return UrlKind::External;
                }
            }
            _ if slashes > 0 => return UrlKind::Relative,
            ':' => return scheme_kind(&scheme),
            '/' | '\\' | '?' | '#' => return UrlKind::Relative,
            _ => scheme.extend(c.to_lowercase()),
        }
    }
    UrlKind::Relative
}

/// Reads the two hex digits after a `%`; anything else stands for itself.
fn percent_decoded(chars: &mut impl Iterator<Item = char>) -> char {
    let hi = chars.next().and_then(|c| c.to_digit(16));
    let lo = chars.next().and_then(|c| c.to_digit(16));
    match (hi, lo) {
        (Some(hi), Some(lo)) => char::from_u32(hi * 16 + lo).unwrap_or('%'),
        // Malformed: keep something that can never form an allowed scheme.
        _ => '%',
    }
}

fn scheme_kind(scheme: &str) -> UrlKind {
    match scheme {
        "http" | "https" => UrlKind::External,
        "mailto" | "tel" => UrlKind::Contact,
        _ => UrlKind::Unsafe,
    }
}

/// Escapes text for a double-quoted attribute; in URLs, spaces and control characters are
/// percent-encoded first.
fn escape_attr(out: &mut String, text: &str, is_url: bool) {
    if is_url && text.chars().any(|c| c.is_ascii_control() || c == ' ') {
        let mut encoded = String::with_capacity(text.len() + 8);
        for c in text.chars() {
            if c.is_ascii_control() || c == ' ' {
                encoded.push_str(&format!("%{:02X}", c as u32));
            } else {
                encoded.push(c);
            }
        }
        crate::escape::markup_into(out, &encoded);
    } else {
        crate::escape::markup_into(out, text);
    }
}

/// Tags that live inside a paragraph rather than forming a block.
fn is_inline_tag(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
            | Tag::Image { .. }
    )
}

/// The end-tag counterpart of [`is_inline_tag`].
fn is_inline_end(tag: TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
    )
}

// ---------------------------------------------------------------------------------------
// Character classes (shared by emphasis resolution and plain text)
// ---------------------------------------------------------------------------------------

/// A CJK character in the sense of the CJK-friendly amendments: East Asian Wide/Fullwidth/
/// Halfwidth (minus emoji) or Hangul ([`crate::cjk`]). Also the ambiguous-width quotes, dashes,
/// ellipsis and middle dot that Chinese text uses as its own punctuation (“”‘’—…·), a
/// deliberate extension so `**“重点”**内容` works too.
fn is_cjk(c: char) -> bool {
    crate::cjk::is_cjk(c) || matches!(c, '·' | '—' | '‘' | '’' | '“' | '”' | '…')
}

/// CommonMark "Unicode punctuation" (categories P and S), approximated by the blocks that
/// matter in practice: ASCII, Latin-1, general and supplemental punctuation, symbols, and
/// the CJK and full-width punctuation blocks.
fn is_punctuation(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_punctuation();
    }
    matches!(
        c as u32,
        0x00A1..=0x00A9
            | 0x00AB..=0x00B1
            | 0x00B4
            | 0x00B6..=0x00B8
            | 0x00BB
            | 0x00BF
            | 0x00D7
            | 0x00F7
            | 0x2010..=0x2027
            | 0x2030..=0x205E
            | 0x20A0..=0x20CF
            | 0x2190..=0x2BFF
            | 0x2E00..=0x2E7F
            | 0x3001..=0x3004
            | 0x3008..=0x3020
            | 0x3030
            | 0x303D..=0x303F
            | 0x30A0
            | 0x30FB
            | 0xFE10..=0xFE19
            | 0xFE30..=0xFE6B
            | 0xFF01..=0xFF0F
            | 0xFF1A..=0xFF20
            | 0xFF3B..=0xFF40
            | 0xFF5B..=0xFF65
            | 0xFFE0..=0xFFEE
    )
}

// ---------------------------------------------------------------------------------------
// CJK-friendly emphasis
// ---------------------------------------------------------------------------------------

/// Re-resolves `*`, `_` and `~` emphasis with the CommonMark CJK-friendly amendments.
///
/// pulldown-cmark has no option for them, and a post-pass that only pairs the leftover
/// literal `**` cannot undo pairs the standard rules already made wrongly (in
/// `**（必需）**材料和**身份证**` the standard rules pair the 2nd and 3rd runs). So within
/// each inline container (a block's inline content, or a link's text) this pass turns the
/// parsed emphasis tags *and* the literal delimiter characters back into delimiter runs at
/// their source offsets, and runs the CommonMark "process emphasis" algorithm again with
/// the amended flanking rules. For text without CJK the amended rules equal the standard
/// ones, so the result is unchanged. Code spans, code blocks, autolinks, escaped characters
/// (`\*`) and text from entities are never delimiters. If offsets ever disagree with the
/// source, the container keeps pulldown-cmark's own result.
mod emphasis {
    use super::{is_cjk, is_inline_end, is_inline_tag, is_punctuation};
    use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};
    use std::ops::Range;

    type Spanned<'a> = (Event<'a>, Range<usize>);

    /// Resolves emphasis in every inline region of a parsed document.
    pub(super) fn resolve<'a>(src: &'a str, events: Vec<Spanned<'a>>) -> Vec<Event<'a>> {
        let mut out = Vec::with_capacity(events.len());
        let mut region: Vec<Spanned<'a>> = Vec::new();
        let mut literal_depth = 0usize;
        for (event, range) in events {
            match &event {
                Event::Start(Tag::CodeBlock(_) | Tag::HtmlBlock | Tag::MetadataBlock(_)) => {
                    literal_depth += 1;
                }
                Event::End(TagEnd::CodeBlock | TagEnd::HtmlBlock | TagEnd::MetadataBlock(_)) => {
                    literal_depth = literal_depth.saturating_sub(1);
                }
                _ => {}
            }
            if literal_depth == 0 && is_inline(&event) {
                region.push((event, range));
            } else {
                flush(src, &mut region, &mut out);
                out.push(event);
            }
        }
        flush(src, &mut region, &mut out);
        out
    }

    fn is_inline(event: &Event<'_>) -> bool {
        match event {
            Event::Start(tag) => is_inline_tag(tag),
            Event::End(tag) => is_inline_end(*tag),
            Event::Text(_)
            | Event::Code(_)
            | Event::InlineMath(_)
            | Event::InlineHtml(_)
            | Event::SoftBreak
            | Event::HardBreak
            | Event::FootnoteReference(_) => true,
            _ => false,
        }
    }

    /// Resolves one inline region and appends it to `out`.
    fn flush<'a>(src: &'a str, region: &mut Vec<Spanned<'a>>, out: &mut Vec<Event<'a>>) {
        if region.is_empty() {
            return;
        }
        if !has_delimiters(region) {
            out.extend(region.drain(..).map(|(event, _)| event));
            return;
        }
        match Resolver::tokenize(src, region.as_slice()) {
            Some(mut resolver) => {
                region.clear();
                resolver.classify();
                resolver.pair_all();
                resolver.emit(out);
            }
            None => out.extend(region.drain(..).map(|(event, _)| event)),
        }
    }

    fn has_delimiters(region: &[Spanned<'_>]) -> bool {
        region.iter().any(|(event, _)| match event {
            Event::Start(Tag::Emphasis | Tag::Strong | Tag::Strikethrough) => true,
            Event::Text(t) => next_delimiter(t.as_bytes()).is_some(),
            _ => false,
        })
    }

    fn is_delimiter(b: u8) -> bool {
        matches!(b, b'*' | b'_' | b'~')
    }

    /// Where the first delimiter of `bytes` is ([`is_delimiter`]'s three, found with SIMD).
    fn next_delimiter(bytes: &[u8]) -> Option<usize> {
        memchr::memchr3(b'*', b'_', b'~', bytes)
    }

    /// What a matched pair of delimiters becomes.
    #[derive(Debug, Clone, Copy)]
    enum Kind {
        Emphasis,
        Strong,
        Strikethrough,
    }

    impl Kind {
        fn start<'a>(self) -> Event<'a> {
            Event::Start(match self {
                Kind::Emphasis => Tag::Emphasis,
                Kind::Strong => Tag::Strong,
                Kind::Strikethrough => Tag::Strikethrough,
            })
        }

        fn end<'a>(self) -> Event<'a> {
            Event::End(match self {
                Kind::Emphasis => TagEnd::Emphasis,
                Kind::Strong => TagEnd::Strong,
                Kind::Strikethrough => TagEnd::Strikethrough,
            })
        }
    }

    /// A maximal run of one delimiter character in the source.
    #[derive(Debug)]
    struct Run {
        ch: u8,
        /// Source byte offset of the first character.
        start: usize,
        /// Original length.
        len: usize,
        /// Characters not yet used by a pair.
        left: usize,
        container: usize,
        can_open: bool,
        can_close: bool,
        /// Characters used by pairs closed here (taken from the run's left end).
        closed: usize,
        /// Pairs closed here, innermost first.
        closes: Vec<Kind>,
        /// Pairs opened here, innermost first.
        opens: Vec<Kind>,
    }

    enum Tok<'a> {
        Event(Event<'a>),
        Run(usize),
    }

    struct Resolver<'a> {
        src: &'a str,
        toks: Vec<Tok<'a>>,
        runs: Vec<Run>,
        /// End of the last delimiter added, to check offsets only move forward.
        delims_end: usize,
    }

    impl<'a> Resolver<'a> {
        /// Splits a region into events and delimiter runs; `None` if the offsets pulldown-cmark
        /// reported do not hold the delimiters they should.
        fn tokenize(src: &'a str, region: &[Spanned<'a>]) -> Option<Self> {
            let mut this = Resolver {
                src,
                toks: Vec::with_capacity(region.len() * 2),
                runs: Vec::new(),
                delims_end: 0,
            };
            let mut containers = vec![0usize];
            let mut next_container = 1;
            let mut open_spans: Vec<(usize, usize)> = Vec::new();
            let mut opaque_depth = 0usize;
            for (event, range) in region {
                let event = event.clone();
                let container = *containers.last()?;
                if opaque_depth > 0 {
                    match &event {
                        Event::Start(_) => opaque_depth += 1,
                        Event::End(_) => opaque_depth -= 1,
                        _ => {}
                    }
                    this.toks.push(Tok::Event(event));
                    continue;
                }
                match event {
                    Event::Start(Tag::Link {
                        link_type: LinkType::Autolink | LinkType::Email,
                        ..
                    }) => {
                        opaque_depth = 1;
                        this.toks.push(Tok::Event(event));
                    }
                    Event::Start(ref tag @ (Tag::Emphasis | Tag::Strong | Tag::Strikethrough)) => {
                        let (ch, n) = this.opener_at(tag, range)?;
                        open_spans.push((range.end, n));
                        this.add_run(ch, range.start, n, container)?;
                    }
                    Event::End(TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough) => {
                        let (end, n) = open_spans.pop()?;
                        let start = end.checked_sub(n)?;
                        let ch = this.run_char(start, n)?;
                        this.add_run(ch, start, n, container)?;
                    }
                    Event::Start(_) => {
                        containers.push(next_container);
                        next_container += 1;
                        this.toks.push(Tok::Event(event));
                    }
                    Event::End(_) => {
                        containers.pop();
                        this.toks.push(Tok::Event(event));
                    }
                    Event::Text(text) => this.add_text(text, range.clone(), container)?,
                    other => this.toks.push(Tok::Event(other)),
                }
            }
            open_spans.is_empty().then_some(this)
        }

        /// Delimiter character and count that open an emphasis tag spanning `range`.
        fn opener_at(&self, tag: &Tag<'_>, range: &Range<usize>) -> Option<(u8, usize)> {
            let bytes = self.src.as_bytes().get(range.clone())?;
            let ch = *bytes.first()?;
            let n = match (tag, ch) {
                (Tag::Strikethrough, b'~') => bytes.iter().take_while(|&&b| b == b'~').count(),
                (Tag::Strong, b'*' | b'_') => 2,
                (Tag::Emphasis, b'*' | b'_') => 1,
                _ => return None,
            };
            self.run_char(range.start, n)?;
            Some((ch, n))
        }

        /// The delimiter character filling `src[start..start + n]`, if it is one.
        fn run_char(&self, start: usize, n: usize) -> Option<u8> {
            let bytes = self.src.as_bytes().get(start..start + n)?;
            let ch = *bytes.first()?;
            (is_delimiter(ch) && bytes.iter().all(|&b| b == ch)).then_some(ch)
        }

        fn add_text(
            &mut self,
            text: CowStr<'a>,
            range: Range<usize>,
            container: usize,
        ) -> Option<()> {
            let src = self.src;
            let verbatim = match src.get(range.clone()) {
                Some(s) if s == &*text => s,
                _ => {
                    self.toks.push(Tok::Event(Event::Text(text)));
                    return Some(());
                }
            };
            let bytes = verbatim.as_bytes();
            let mut i = 0;
            // pulldown-cmark reports `\*` as a text event covering only the `*`.
            if bytes.first().is_some_and(|&b| is_delimiter(b)) && self.escaped(range.start) {
                self.toks
                    .push(Tok::Event(Event::Text(CowStr::Borrowed(&verbatim[..1]))));
                i = 1;
            }
            while i < bytes.len() {
                let b = bytes[i];
                let mut j = i + 1;
                if is_delimiter(b) {
                    while j < bytes.len() && bytes[j] == b {
                        j += 1;
                    }
                    self.add_run(b, range.start + i, j - i, container)?;
                } else {
                    j = next_delimiter(&bytes[j..]).map_or(bytes.len(), |k| j + k);
                    let piece = &verbatim[i..j];
                    self.toks
                        .push(Tok::Event(Event::Text(CowStr::Borrowed(piece))));
                }
                i = j;
            }
            Some(())
        }

        /// Whether the character at `pos` is preceded by an odd number of backslashes.
        fn escaped(&self, pos: usize) -> bool {
            let before = self.src.as_bytes().get(..pos).unwrap_or_default();
            before.iter().rev().take_while(|&&b| b == b'\\').count() % 2 == 1
        }

        /// Appends delimiter characters, extending the previous run when contiguous.
        /// `None` if they do not come after the previous ones in the source.
        fn add_run(&mut self, ch: u8, start: usize, n: usize, container: usize) -> Option<()> {
            if start < self.delims_end {
                return None;
            }
            self.delims_end = start + n;
            if let Some(Tok::Run(k)) = self.toks.last() {
                let run = &mut self.runs[*k];
                if run.ch == ch && run.container == container && run.start + run.len == start {
                    run.len += n;
                    run.left += n;
                    return Some(());
                }
            }
            self.toks.push(Tok::Run(self.runs.len()));
            self.runs.push(Run {
                ch,
                start,
                len: n,
                left: n,
                container,
                can_open: false,
                can_close: false,
                closed: 0,
                closes: Vec::new(),
                opens: Vec::new(),
            });
            Some(())
        }

        /// Decides for every run whether it can open and close, from its neighbours.
        fn classify(&mut self) {
            for t in 0..self.toks.len() {
                let Tok::Run(k) = self.toks[t] else { continue };
                let (start, end) = (self.runs[k].start, self.runs[k].start + self.runs[k].len);
                let before = t.checked_sub(1).and_then(|p| self.toks.get(p));
                let prev = match before {
                    None | Some(Tok::Event(Event::SoftBreak | Event::HardBreak)) => None,
                    Some(_) => self.src.get(..start).and_then(|s| s.chars().next_back()),
                };
                let next = match self.toks.get(t + 1) {
                    None | Some(Tok::Event(Event::SoftBreak | Event::HardBreak)) => None,
                    Some(_) => self.src.get(end..).and_then(|s| s.chars().next()),
                };
                let run = &mut self.runs[k];
                (run.can_open, run.can_close) = open_close(run.ch, prev, next);
            }
        }

        /// Pairs runs container by container.
        fn pair_all(&mut self) {
            let mut by_container: Vec<Vec<usize>> = Vec::new();
            for (k, run) in self.runs.iter().enumerate() {
                if by_container.len() <= run.container {
                    by_container.resize_with(run.container + 1, Vec::new);
                }
                by_container[run.container].push(k);
            }
            for order in &by_container {
                pair(&mut self.runs, order);
            }
        }

        /// Writes the resolved events: for each run, its closing tags, its unused characters
        /// as text, then its opening tags.
        fn emit(self, out: &mut Vec<Event<'a>>) {
            for tok in self.toks {
                let k = match tok {
                    Tok::Event(event) => {
                        out.push(event);
                        continue;
                    }
                    Tok::Run(k) => k,
                };
                let run = &self.runs[k];
                out.extend(run.closes.iter().map(|kind| kind.end()));
                if run.left > 0 {
                    let from = run.start + run.closed;
                    let text = self.src.get(from..from + run.left).unwrap_or_default();
                    out.push(Event::Text(CowStr::Borrowed(text)));
                }
                out.extend(run.opens.iter().rev().map(|kind| kind.start()));
            }
        }
    }

    /// Left/right flanking with the CJK-friendly amendments, turned into can-open /
    /// can-close per delimiter character. `None` neighbours are line starts or ends.
    fn open_close(ch: u8, prev: Option<char>, next: Option<char>) -> (bool, bool) {
        let is_space = |c: Option<char>| c.is_none_or(char::is_whitespace);
        let non_cjk_punct = |c: Option<char>| c.is_some_and(|c| is_punctuation(c) && !is_cjk(c));
        let cjk = |c: Option<char>| c.is_some_and(|c| !c.is_whitespace() && is_cjk(c));
        let left = !is_space(next)
            && (!non_cjk_punct(next) || is_space(prev) || non_cjk_punct(prev) || cjk(prev));
        let right = !is_space(prev)
            && (!non_cjk_punct(prev) || is_space(next) || non_cjk_punct(next) || cjk(next));
        if ch == b'_' {
            let punct = |c: Option<char>| c.is_some_and(is_punctuation);
            (
                left && (!right || punct(prev)),
                right && (!left || punct(next)),
            )
        } else {
            (left, right)
        }
    }

    /// CommonMark's "process emphasis" over the runs of one container, in source order.
    ///
    /// The delimiter stack is a linked list over positions in `order` (`prev`/`next`), so
    /// dropping everything between a matched pair is O(1). `bottom` remembers, per kind of
    /// closer, the position below which no opener can match it, which keeps the search
    /// linear on hostile input.
    fn pair(runs: &mut [Run], order: &[usize]) {
        let n = order.len();
        let mut prev: Vec<Option<usize>> = (0..n).map(|i| i.checked_sub(1)).collect();
        let mut next: Vec<Option<usize>> = (0..n).map(|i| Some(i + 1).filter(|&j| j < n)).collect();
        let mut bottom = [0usize; 15];
        for ci in 0..n {
            let closer = order[ci];
            if !runs[closer].can_close {
                continue;
            }
            while runs[closer].left > 0 {
                let key = bottom_key(&runs[closer]);
                let Some(oi) = find_opener(runs, order, &prev, ci, bottom[key]) else {
                    bottom[key] = ci;
                    if !runs[closer].can_open {
                        unlink(&mut prev, &mut next, ci);
                    }
                    break;
                };
                let opener = order[oi];
                let (kind, used) = pair_kind(&runs[opener], &runs[closer]);
                runs[opener].left -= used;
                runs[opener].opens.push(kind);
                runs[closer].left -= used;
                runs[closer].closed += used;
                runs[closer].closes.push(kind);
                // Delimiters between the pair can no longer match anything.
                next[oi] = Some(ci);
                prev[ci] = Some(oi);
                if runs[opener].left == 0 {
                    unlink(&mut prev, &mut next, oi);
                }
            }
            if runs[closer].left == 0 {
                unlink(&mut prev, &mut next, ci);
            }
        }
    }

    /// The nearest opener below position `ci` (and not below `bottom`) that can pair with it.
    fn find_opener(
        runs: &[Run],
        order: &[usize],
        prev: &[Option<usize>],
        ci: usize,
        bottom: usize,
    ) -> Option<usize> {
        let closer = &runs[order[ci]];
        let mut cur = prev[ci];
        while let Some(oi) = cur {
            if oi < bottom {
                return None;
            }
            if matches(&runs[order[oi]], closer) {
                return Some(oi);
            }
            cur = prev[oi];
        }
        None
    }

    fn unlink(prev: &mut [Option<usize>], next: &mut [Option<usize>], i: usize) {
        let (p, q) = (prev[i], next[i]);
        if let Some(p) = p {
            next[p] = q;
        }
        if let Some(q) = q {
            prev[q] = p;
        }
    }

    /// Index into `bottom`: closers that fail against the same openers share it.
    fn bottom_key(closer: &Run) -> usize {
        match closer.ch {
            b'~' => 12 + closer.len.min(3) - 1,
            ch => {
                let base = if ch == b'*' { 0 } else { 6 };
                base + usize::from(closer.can_open) * 3 + closer.len % 3
            }
        }
    }

    /// Whether `opener` can pair with `closer`: same character, the rule of three, and
    /// tildes only in equal runs of one or two.
    fn matches(opener: &Run, closer: &Run) -> bool {
        if !opener.can_open || opener.left == 0 || opener.ch != closer.ch {
            return false;
        }
        if opener.ch == b'~' {
            return opener.len == closer.len && opener.len <= 2;
        }
        let either_both = opener.can_close || closer.can_open;
        let sum_of_three = (opener.len + closer.len).is_multiple_of(3);
        let both_of_three = opener.len.is_multiple_of(3) && closer.len.is_multiple_of(3);
        !(either_both && sum_of_three && !both_of_three)
    }

    /// What a pair becomes and how many characters it takes from each side.
    fn pair_kind(opener: &Run, closer: &Run) -> (Kind, usize) {
        if opener.ch == b'~' {
            (Kind::Strikethrough, closer.left)
        } else if opener.left >= 2 && closer.left >= 2 {
            (Kind::Strong, 2)
        } else {
            (Kind::Emphasis, 1)
        }
    }
}

// ---------------------------------------------------------------------------------------
// Plain text
// ---------------------------------------------------------------------------------------

/// Plain-text extraction: block boundaries become line breaks, markup disappears.
mod plain {
    use super::{is_cjk, is_inline_end, is_inline_tag};
    use pulldown_cmark::{Event, Tag, TagEnd};

    /// Collects the text of `events`, one block per line.
    pub(super) fn collect(events: Vec<Event<'_>>) -> String {
        let mut text = Text::default();
        for event in events {
            text.push(event);
        }
        let len = text.out.trim_end().len();
        text.out.truncate(len);
        text.out
    }

    #[derive(Default)]
    struct Text {
        out: String,
        /// A soft break waits for the next text to decide between a space and nothing.
        soft_break: bool,
        first_cell: bool,
    }

    impl Text {
        fn push(&mut self, event: Event<'_>) {
            match event {
                Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                    self.text(&t);
                }
                Event::SoftBreak => self.soft_break = true,
                Event::HardBreak | Event::Rule => self.end_line(),
                Event::Start(Tag::TableRow | Tag::TableHead) => {
                    self.end_line();
                    self.first_cell = true;
                }
                Event::Start(Tag::TableCell) => {
                    if !self.first_cell {
                        self.out.push('\t');
                    }
                    self.first_cell = false;
                }
                Event::End(TagEnd::TableCell) => {}
                Event::Start(tag) if !is_inline_tag(&tag) => self.end_line(),
                Event::End(tag) if !is_inline_end(tag) => self.end_line(),
                _ => {}
            }
        }

        fn text(&mut self, t: &str) {
            if std::mem::take(&mut self.soft_break) {
                let joins_cjk = self.out.chars().next_back().is_some_and(is_cjk)
                    && t.chars().next().is_some_and(is_cjk);
                if !joins_cjk && !self.out.is_empty() && !self.out.ends_with('\n') {
                    self.out.push(' ');
                }
            }
            self.out.push_str(t);
        }

        fn end_line(&mut self) {
            self.soft_break = false;
            if !self.out.is_empty() && !self.out.ends_with('\n') {
                self.out.push('\n');
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Blocks for print
// ---------------------------------------------------------------------------------------

mod blocks {
    use super::{Block, is_cjk};
    use pulldown_cmark::{Event, Tag, TagEnd};

    /// Collects the blocks of `events`.
    pub(super) fn collect(events: Vec<Event<'_>>) -> Vec<Block> {
        let mut b = Blocks::default();
        for event in events {
            b.push(event);
        }
        b.flush_paragraph();
        b.out
    }

    #[derive(Default)]
    struct Blocks {
        out: Vec<Block>,
        text: String,
        soft_break: bool,
        /// Open lists: (ordered, items) — nested ones are merged into the outermost.
        lists: Vec<bool>,
        items: Vec<String>,
        table: Option<(Vec<String>, Vec<Vec<String>>)>,
        in_head: bool,
        row: Vec<String>,
        heading: Option<u8>,
        quote: usize,
    }

    impl Blocks {
        fn push(&mut self, event: Event<'_>) {
            match event {
                Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                    self.add_text(&t)
                }
                Event::SoftBreak => self.soft_break = true,
                Event::HardBreak => {
                    self.soft_break = false;
                    self.text.push('\n');
                }
                Event::Start(Tag::Heading { level, .. }) => {
                    self.flush_paragraph();
                    self.heading = Some(level as u8);
                }
                Event::End(TagEnd::Heading(_)) => {
                    let text = self.take_text();
                    if let Some(level) = self.heading.take() {
                        self.out.push(Block::Heading { level, text });
                    }
                }
                Event::Start(Tag::List(first)) => {
                    if self.lists.is_empty() {
                        self.flush_paragraph();
                    } else {
                        self.end_item();
                    }
                    self.lists.push(first.is_some());
                }
                Event::End(TagEnd::List(_)) => {
                    self.end_item();
                    let ordered = self.lists.pop().unwrap_or(false);
                    if self.lists.is_empty() {
                        let items = std::mem::take(&mut self.items);
                        if !items.is_empty() {
                            self.out.push(Block::List { ordered, items });
                        }
                    }
                }
                Event::End(TagEnd::Item) => self.end_item(),
                Event::Start(Tag::Table(_)) => {
                    self.flush_paragraph();
                    self.table = Some((Vec::new(), Vec::new()));
                }
                Event::Start(Tag::TableHead) => self.in_head = true,
                Event::End(TagEnd::TableHead) => {
                    self.in_head = false;
                    let row = std::mem::take(&mut self.row);
                    if let Some((header, _)) = &mut self.table {
                        *header = row;
                    }
                }
                Event::End(TagEnd::TableRow) => {
                    let row = std::mem::take(&mut self.row);
                    if let Some((_, rows)) = &mut self.table {
                        rows.push(row);
                    }
                }
                Event::End(TagEnd::TableCell) => {
                    let cell = self.take_text();
                    self.row.push(cell);
                }
                Event::End(TagEnd::Table) => {
                    if let Some((header, rows)) = self.table.take() {
                        self.out.push(Block::Table { header, rows });
                    }
                }
                Event::Start(Tag::BlockQuote(_) | Tag::CodeBlock(_)) => {
                    self.flush_paragraph();
                    self.quote += 1;
                }
                Event::End(TagEnd::BlockQuote(_) | TagEnd::CodeBlock) => {
                    self.quote = self.quote.saturating_sub(1);
                    let text = self.take_text();
                    if !text.is_empty() {
                        self.out.push(Block::Quote { text });
                    }
                }
                Event::End(TagEnd::Paragraph) => {
                    if self.lists.is_empty() && self.table.is_none() && self.quote == 0 {
                        self.flush_paragraph();
                    } else if !self.text.is_empty() && !self.text.ends_with('\n') {
                        self.text.push('\n');
                    }
                }
                Event::Rule => self.flush_paragraph(),
                _ => {}
            }
        }

        fn add_text(&mut self, t: &str) {
            if std::mem::take(&mut self.soft_break) {
                let joins_cjk = self.text.chars().next_back().is_some_and(is_cjk)
                    && t.chars().next().is_some_and(is_cjk);
                if !joins_cjk && !self.text.is_empty() && !self.text.ends_with('\n') {
                    self.text.push(' ');
                }
            }
            self.text.push_str(t);
        }

        fn take_text(&mut self) -> String {
            self.soft_break = false;
            std::mem::take(&mut self.text).trim().to_string()
        }

        fn end_item(&mut self) {
            let text = self.take_text();
            if text.is_empty() {
                return;
            }
            let nested = self.lists.len() > 1;
            self.items
                .push(if nested { format!("– {text}") } else { text });
        }

        fn flush_paragraph(&mut self) {
            let text = self.take_text();
            if !text.is_empty() {
                self.out.push(Block::Paragraph { text });
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Inline-only rendering
// ---------------------------------------------------------------------------------------

/// Helpers that keep a short field on one inline level.
mod inline {
    use super::{is_inline_end, is_inline_tag};
    use pulldown_cmark::Event;
    use std::borrow::Cow;

    /// Backslash-escapes what would start a block at a line start (headings, quotes, list
    /// markers, fences, thematic breaks, setext underlines, table delimiter rows) and drops
    /// the indentation that would make a code block, so `1. 身份证` stays `1. 身份证`.
    pub(super) fn escape_block_markers(markdown: &str) -> Cow<'_, str> {
        if !markdown.split('\n').any(needs_escape) {
            return Cow::Borrowed(markdown);
        }
        let mut out = String::with_capacity(markdown.len() + 8);
        for (i, line) in markdown.split('\n').enumerate() {
            if i > 0 {
                out.push('\n');
            }
            let line = line.trim_start_matches([' ', '\t']);
            match marker_len(line) {
                Some(at) => {
                    out.push_str(&line[..at]);
                    out.push('\\');
                    out.push_str(&line[at..]);
                }
                None => out.push_str(line),
            }
        }
        Cow::Owned(out)
    }

    fn needs_escape(line: &str) -> bool {
        line.starts_with([' ', '\t']) || marker_len(line).is_some()
    }

    /// Byte offset of the block-marker character to escape in `line`, if any.
    fn marker_len(line: &str) -> Option<usize> {
        let bytes = line.as_bytes();
        let first = *bytes.first()?;
        let blank_after = |i: usize| bytes.get(i).is_none_or(u8::is_ascii_whitespace);
        let only_rule_chars = bytes.iter().all(|b| {
            matches!(
                b,
                b'-' | b'*' | b'_' | b'=' | b'+' | b'|' | b':' | b' ' | b'\t' | b'\r'
            )
        });
        match first {
            b'#' | b'>' => Some(0),
            b'-' | b'+' | b'*' if blank_after(1) => Some(0),
            b'`' | b'~' if bytes.starts_with(b"```") || bytes.starts_with(b"~~~") => Some(0),
            b'0'..=b'9' => {
                let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
                let punct = matches!(bytes.get(digits), Some(b'.' | b')'));
                (digits <= 9 && punct && blank_after(digits + 1)).then_some(digits)
            }
            _ if only_rule_chars && !first.is_ascii_whitespace() => Some(0),
            _ => None,
        }
    }

    /// Removes block tags; blocks that follow one another are joined by a space.
    pub(super) fn flatten_blocks(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
        let mut out = Vec::with_capacity(events.len());
        let mut pending_space = false;
        for event in events {
            match &event {
                Event::Start(tag) if !is_inline_tag(tag) => {}
                Event::End(tag) if !is_inline_end(*tag) => pending_space = !out.is_empty(),
                Event::Rule => pending_space = !out.is_empty(),
                _ => {
                    if std::mem::take(&mut pending_space) {
                        out.push(Event::Text(" ".into()));
                    }
                    out.push(event);
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn blocks_keep_tables_lists_and_headings_apart() {
        use super::{Block, to_blocks};
        let md = "## 收费说明\n\n办理前请**注意**：\n\n| 项目 | 标准 |\n| --- | --- |\n| 工本费 | 10 元/证 |\n| 邮寄费 | 到付 |\n\n- 第一条\n- 第二条\n  - 细则\n\n1. 甲\n2. 乙\n";
        let blocks = to_blocks(md);
        assert_eq!(
            blocks,
            vec![
                Block::Heading {
                    level: 2,
                    text: "收费说明".into()
                },
                Block::Paragraph {
                    text: "办理前请注意：".into()
                },
                Block::Table {
                    header: vec!["项目".into(), "标准".into()],
                    rows: vec![
                        vec!["工本费".into(), "10 元/证".into()],
                        vec!["邮寄费".into(), "到付".into()]
                    ],
                },
                Block::List {
                    ordered: false,
                    items: vec!["第一条".into(), "第二条".into(), "– 细则".into()]
                },
                Block::List {
                    ordered: true,
                    items: vec!["甲".into(), "乙".into()]
                },
            ]
        );
    }

    use super::*;

    const SAFE: MarkdownOptions = MarkdownOptions {
        allow_raw_html: false,
    };
    const RAW: MarkdownOptions = MarkdownOptions {
        allow_raw_html: true,
    };

    fn html(md: &str) -> String {
        to_html(md, SAFE)
    }

    fn inline(md: &str) -> String {
        to_inline_html(md, SAFE)
    }

    // --- Chinese emphasis ------------------------------------------------------------

    #[test]
    fn cjk_strong_closing_after_fullwidth_punctuation() {
        assert_eq!(
            inline("**办理对象：**符合条件的个人"),
            "<strong>办理对象：</strong>符合条件的个人"
        );
        assert_eq!(
            inline("**依据：**《条例》"),
            "<strong>依据：</strong>《条例》"
        );
        assert_eq!(inline("**（必需）**材料"), "<strong>（必需）</strong>材料");
        assert_eq!(inline("**注意！**以下"), "<strong>注意！</strong>以下");
        assert_eq!(inline("**是否收费？**否"), "<strong>是否收费？</strong>否");
        assert_eq!(inline("**原件；**复印件"), "<strong>原件；</strong>复印件");
        assert_eq!(inline("**一、**总则"), "<strong>一、</strong>总则");
        assert_eq!(inline("**完成。**下一步"), "<strong>完成。</strong>下一步");
        assert_eq!(inline("**姓名，**年龄"), "<strong>姓名，</strong>年龄");
        assert_eq!(inline("**「重点」**内容"), "<strong>「重点」</strong>内容");
        assert_eq!(inline("**《条例》**规定"), "<strong>《条例》</strong>规定");
        assert_eq!(inline("**“重点”**内容"), "<strong>“重点”</strong>内容");
    }

    #[test]
    fn cjk_emphasis_outside_punctuation() {
        assert_eq!(
            inline("请携带**身份证原件**。"),
            "请携带<strong>身份证原件</strong>。"
        );
        assert_eq!(inline("「**重点**」"), "「<strong>重点</strong>」");
        assert_eq!(inline("*强调*，然后"), "<em>强调</em>，然后");
        assert_eq!(inline("见（**附件一**）"), "见（<strong>附件一</strong>）");
        assert_eq!(
            inline("材料：**身份证**；"),
            "材料：<strong>身份证</strong>；"
        );
        assert_eq!(
            inline("依据《**条例**》办理"),
            "依据《<strong>条例</strong>》办理"
        );
        assert_eq!(
            inline("办理**（必需）**材料"),
            "办理<strong>（必需）</strong>材料"
        );
    }

    #[test]
    fn cjk_opening_before_fullwidth_punctuation() {
        assert_eq!(
            inline("请看**《条例》**第三条"),
            "请看<strong>《条例》</strong>第三条"
        );
        assert_eq!(
            inline("材料*（复印件）*一份"),
            "材料<em>（复印件）</em>一份"
        );
    }

    #[test]
    fn cjk_several_pairs_in_one_paragraph() {
        // Standard rules would pair the 2nd and 3rd runs here.
        assert_eq!(
            inline("**（必需）**材料和**身份证**"),
            "<strong>（必需）</strong>材料和<strong>身份证</strong>"
        );
        assert_eq!(
            inline("**受理条件：**年满18周岁；**办理时限：**即办"),
            "<strong>受理条件：</strong>年满18周岁；<strong>办理时限：</strong>即办"
        );
    }

    #[test]
    fn cjk_strikethrough_and_underscore() {
        assert_eq!(
            inline("~~旧方法（已废弃）。~~新方法"),
            "<del>旧方法（已废弃）。</del>新方法"
        );
        assert_eq!(inline("__注意：__，内容"), "<strong>注意：</strong>，内容");
        // As in the amendments, `_` still never closes right before a letter.
        assert_eq!(inline("__注意：__内容"), "__注意：__内容");
    }

    #[test]
    fn cjk_emphasis_in_headings_lists_tables_links() {
        assert!(html("## **依据：**条例").contains("<strong>依据：</strong>条例</h2>"));
        assert!(
            html("- **材料：**身份证\n- 其他").contains("<li><strong>材料：</strong>身份证</li>")
        );
        let table = html("| 项目 | 说明 |\n|---|---|\n| **费用：**无 | 说明 |");
        assert!(
            table.contains("<td><strong>费用：</strong>无</td>"),
            "{table}"
        );
        assert_eq!(
            inline("[**网办：**入口](https://zwfw.example.cn)"),
            "<a href=\"https://zwfw.example.cn\" rel=\"noopener\"><strong>网办：</strong>入口</a>"
        );
        assert!(html("> **注意：**带原件").contains("<p><strong>注意：</strong>带原件</p>"));
    }

    #[test]
    fn ascii_emphasis_follows_commonmark() {
        assert_eq!(inline("**Note:** text"), "<strong>Note:</strong> text");
        assert_eq!(
            inline("a **b** c *d* _e_"),
            "a <strong>b</strong> c <em>d</em> <em>e</em>"
        );
        assert_eq!(inline("***both***"), "<em><strong>both</strong></em>");
        assert_eq!(inline("**a*b*c**"), "<strong>a<em>b</em>c</strong>");
        assert_eq!(inline("*a **b** c*"), "<em>a <strong>b</strong> c</em>");
        assert_eq!(inline("**Note:**text"), "**Note:**text");
        assert_eq!(inline("2**3"), "2**3");
        assert_eq!(inline("2 * 3 * 4"), "2 * 3 * 4");
        assert_eq!(inline("snake_case_name"), "snake_case_name");
        assert_eq!(inline("*a**"), "<em>a</em>*");
        assert_eq!(inline("**a*"), "*<em>a</em>");
        assert_eq!(inline("~~gone~~ ~x~"), "<del>gone</del> <del>x</del>");
        assert_eq!(
            inline("*foo**bar**baz*"),
            "<em>foo<strong>bar</strong>baz</em>"
        );
        assert_eq!(inline("*foo**bar*"), "<em>foo**bar</em>");
    }

    #[test]
    fn escapes_code_and_autolinks_stay_literal() {
        assert_eq!(inline("`**x：**y`"), "<code>**x：**y</code>");
        assert_eq!(inline("\\*\\*注意：\\*\\*内容"), "**注意：**内容");
        assert_eq!(inline("\\*强调：\\*内容"), "*强调：*内容");
        assert_eq!(
            inline("\\\\**注意：**内容"),
            "\\<strong>注意：</strong>内容"
        );
        // The escaped star leaves `*` + `**`, which the rule of three keeps apart.
        assert_eq!(inline("\\**注意：**内容"), "**注意：**内容");
        assert!(html("```\n**x：**y\n```").contains("<code>**x：**y\n</code>"));
        assert!(html("    **x：**y").contains("**x：**y"));
        assert_eq!(
            inline("<https://a.cn/*x*>"),
            "<a href=\"https://a.cn/*x*\" rel=\"noopener\">https://a.cn/*x*</a>"
        );
        assert_eq!(inline("a &ast;&ast;b：&ast;&ast;c"), "a **b：**c");
    }

    #[test]
    fn hostile_delimiters_do_not_panic() {
        let inputs = [
            "*".repeat(5000),
            "*a".repeat(3000) + &"b*".repeat(3000),
            "**：".repeat(3000),
            "_~*".repeat(2000),
            "~~~a~~~ ~~~~b~~ ~c~~".to_owned(),
            "[*a](b*) ![*c](d*) *e [f*](g)".to_owned(),
        ];
        for input in &inputs {
            let _ = to_html(input, SAFE);
            let _ = to_plain_text(input);
        }
    }

    // --- Safety ----------------------------------------------------------------------

    /// No live script, handler attribute or script URL, checked on the text and on the
    /// parsed DOM (so escaped text that merely mentions `onerror=` is fine).
    fn assert_inert(out: &str) {
        let lower = out.to_ascii_lowercase();
        assert!(!lower.contains("<script"), "{out}");
        assert!(!lower.contains("<img src=x"), "{out}");
        assert!(!lower.contains("href=\"javascript"), "{out}");
        let doc = scraper::Html::parse_fragment(out);
        for node in doc.tree.nodes() {
            let Some(element) = node.value().as_element() else {
                continue;
            };
            assert_ne!(element.name(), "script", "{out}");
            for (name, value) in element.attrs() {
                assert!(!name.starts_with("on"), "handler {name} in {out}");
                let value = value.trim().to_ascii_lowercase();
                if name == "href" || name == "src" {
                    assert!(!value.contains("script:"), "{out}");
                    assert!(!value.starts_with("data:"), "{out}");
                    assert_ne!(value, "x", "{out}");
                }
            }
        }
    }

    #[test]
    fn raw_html_is_escaped_by_default() {
        let out = html("<script>alert(1)</script>");
        assert!(
            out.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{out}"
        );
        assert_inert(&out);
        let out = html("文字<script>alert(1)</script>文字");
        assert!(out.contains("&lt;script&gt;"), "{out}");
        assert_inert(&out);
        let out = html("\"><img src=x onerror=alert(1)>");
        assert!(out.contains("&lt;img src=x onerror=alert(1)&gt;"), "{out}");
        assert_inert(&out);
        assert_inert(&inline("<img src=x onerror=alert(1)>"));
        assert_inert(&to_plain_text("<script>alert(1)</script>"));
    }

    #[test]
    fn raw_html_passes_when_allowed() {
        let out = to_html("<div class=\"note\">注意</div>\n\n文字<b>粗</b>", RAW);
        assert!(out.contains("<div class=\"note\">注意</div>"), "{out}");
        assert!(out.contains("文字<b>粗</b>"), "{out}");
        // URLs are filtered even then.
        assert_inert(&to_html("[x](javascript:alert(1))", RAW));
    }

    #[test]
    fn dangerous_urls_are_neutralised() {
        for md in [
            "[x](javascript:alert(1))",
            "[x](JaVaScRiPt:alert(1))",
            "[x]( javascript:alert(1))",
            "[x](<java\tscript:alert(1)>)",
            "[x](<java\u{0}script:alert(1)>)",
            "[x](java&#x09;script:alert(1))",
            "[x](&#106;avascript:alert(1))",
            "[x](javascript%3Aalert(1))",
            "[x](vbscript:msgbox(1))",
            "[x](data:text/html;base64,PHNjcmlwdD4=)",
            "<javascript:alert(1)>",
            "[x][r]\n\n[r]: javascript:alert(1)",
        ] {
            let out = html(md);
            assert!(out.contains("href=\"#\""), "{md} → {out}");
            assert_inert(&out);
        }
        let out = html("![a](javascript:x)");
        assert!(!out.contains("<img"), "{out}");
        assert!(out.contains('a'), "{out}");
        assert_inert(&out);
        assert_inert(&html("[x](\"onmouseover=alert(1))"));
        assert_inert(&html("[x](https://a.cn \"t\\\" onerror=alert(1)\")"));
    }

    #[test]
    fn safe_urls_are_kept() {
        assert_eq!(
            inline("[网办](https://zwfw.gov.cn/a?b=1&c=2)"),
            "<a href=\"https://zwfw.gov.cn/a?b=1&amp;c=2\" rel=\"noopener\">网办</a>"
        );
        assert_eq!(
            inline("[电话](tel:12345)"),
            "<a href=\"tel:12345\">电话</a>"
        );
        assert_eq!(
            inline("[信](mailto:a@b.cn)"),
            "<a href=\"mailto:a@b.cn\">信</a>"
        );
        assert_eq!(inline("<a@b.cn>"), "<a href=\"mailto:a@b.cn\">a@b.cn</a>");
        assert_eq!(
            inline("[表](forms/申请表.pdf)"),
            "<a href=\"forms/申请表.pdf\">表</a>"
        );
        assert_eq!(
            inline("[上](../a.html#x)"),
            "<a href=\"../a.html#x\">上</a>"
        );
        assert_eq!(
            inline("[站](//cdn.cn/x)"),
            "<a href=\"//cdn.cn/x\" rel=\"noopener\">站</a>"
        );
        assert_eq!(
            inline("[t](/a \"标题\")"),
            "<a href=\"/a\" title=\"标题\">t</a>"
        );
    }

    #[test]
    fn images_are_lazy_with_alt() {
        assert_eq!(
            inline("![窗口 *照片*](photos/a.jpg \"题\")"),
            "<img src=\"photos/a.jpg\" alt=\"窗口 照片\" title=\"题\" loading=\"lazy\" />"
        );
        assert_eq!(
            inline("![\"><b>](a.png)"),
            "<img src=\"a.png\" alt=\"&quot;&gt;&lt;b&gt;\" loading=\"lazy\" />"
        );
    }

    #[test]
    fn heading_attributes_cannot_add_handlers() {
        let out = html("# 标题 {#top onclick=alert(1) .big}");
        assert!(!out.contains("onclick"), "{out}");
        assert!(out.contains("<h1 id=\"top\" class=\"big\">"), "{out}");
    }

    // --- Extensions and ids ----------------------------------------------------------

    #[test]
    fn tables_footnotes_strikethrough_render() {
        let out = html("| 材料 | 份数 |\n|:--|--:|\n| 身份证 | 1 |");
        assert!(out.contains("<table>"), "{out}");
        assert!(
            out.contains("<th style=\"text-align: left\">材料</th>"),
            "{out}"
        );
        assert!(
            out.contains("<td style=\"text-align: right\">1</td>"),
            "{out}"
        );
        let out = html("依据条例[^1]。\n\n[^1]: 《行政许可法》");
        assert!(out.contains("footnote-reference"), "{out}");
        assert!(out.contains("footnote-definition"), "{out}");
        assert!(out.contains("《行政许可法》"), "{out}");
        assert!(html("~~旧~~新").contains("<del>旧</del>新"));
    }

    #[test]
    fn headings_get_ids() {
        let out = html(
            "# 办事指南\n\n## Fees & Charges\n\n## 办理流程（一）\n\n## 办事指南\n\n## 办事指南\n\n## ！",
        );
        assert!(out.contains("<h1 id=\"办事指南\">"), "{out}");
        assert!(out.contains("<h2 id=\"fees-charges\">"), "{out}");
        assert!(out.contains("<h2 id=\"办理流程一\">"), "{out}");
        assert!(out.contains("<h2 id=\"办事指南-2\">"), "{out}");
        assert!(out.contains("<h2 id=\"办事指南-3\">"), "{out}");
        assert!(out.contains("<h2 id=\"section\">"), "{out}");
        assert!(html("## A `code` *Title*").contains("id=\"a-code-title\""));
        assert_eq!(html("# 一\n## 二"), html("# 一\n## 二"));
    }

    #[test]
    fn slugs_do_not_collide_with_suffixed_titles() {
        let out = html("# a-2\n# a\n# a");
        assert!(out.contains("id=\"a-2\""), "{out}");
        assert!(out.contains("id=\"a-3\""), "{out}");
    }

    #[test]
    fn many_headings_with_one_id_are_numbered_in_linear_time() {
        // 20,000 headings with one explicit id took 14 s when each looked for its suffix
        // from 2 again; a 2 MB page would have taken hours.
        let out = html(&"# a {#x}\n".repeat(20_000));
        assert!(out.contains("<h1 id=\"x\">"), "{}", &out[..200]);
        assert!(out.contains("<h1 id=\"x-20000\">"));
        assert!(!out.contains("<h1 id=\"x-20001\">"));
        // Explicit ids that look like suffixes are still skipped.
        let out = html("# a {#x-2}\n# a {#x}\n# a {#x}\n# a {#x-4}\n# a {#x}");
        let ids: Vec<&str> = out
            .split("id=\"")
            .skip(1)
            .map(|s| &s[..s.find('"').unwrap_or(0)])
            .collect();
        assert_eq!(ids, ["x-2", "x", "x-3", "x-4", "x-5"]);
    }

    // --- Plain text and inline -------------------------------------------------------

    #[test]
    fn plain_text_of_lists_and_emphasis() {
        let md = "# 材料\n\n**办理对象：**符合条件的个人\n\n- 身份证*原件*\n- 户口簿\n  1. 首页\n\n> 注意[链接](https://a.cn)\n\n`代码`";
        assert_eq!(
            to_plain_text(md),
            "材料\n办理对象：符合条件的个人\n身份证原件\n户口簿\n首页\n注意链接\n代码"
        );
        assert_eq!(
            to_plain_text("第一行\n第二行\nand\nmore"),
            "第一行第二行 and more"
        );
        assert_eq!(
            to_plain_text("| a | b |\n|---|---|\n| 1 | 2 |"),
            "a\tb\n1\t2"
        );
        assert_eq!(to_plain_text(""), "");
    }

    #[test]
    fn inline_html_has_no_paragraph() {
        assert_eq!(inline("**注意：**带原件"), "<strong>注意：</strong>带原件");
        assert_eq!(inline("1. 身份证"), "1. 身份证");
        assert_eq!(inline("- 身份证"), "- 身份证");
        assert_eq!(inline("# 不是标题"), "# 不是标题");
        assert_eq!(inline("    缩进"), "缩进");
        assert_eq!(inline("---"), "---");
        assert_eq!(inline("第一段\n\n第二段"), "第一段 第二段");
        assert!(!inline("a\n===").contains("<h1"));
        assert!(!inline("a|b\n-|-").contains("<table"));
        assert_eq!(inline(""), "");
    }
}
