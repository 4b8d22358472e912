//! Non-HTML outputs: the Atom feed of notices, sitemap.xml and robots.txt.

use std::fmt::Write as _;

use crate::content::Site;

use crate::escape;
use crate::routes::{self, Route};

/// The Atom feed of notices; `html_of` renders a notice body.
pub fn atom(site: &Site, title: &str, html_of: impl Fn(&str) -> String) -> String {
    let base = &site.config.base_url;
    let updated = site
        .notices
        .iter()
        .filter_map(|n| n.date.as_ref())
        .map(|d| d.value)
        .max()
        .map_or_else(|| "1970-01-01".to_string(), |d| d.to_string());
    let mut s = String::new();
    let notices = escape::markup(&Route::<&str>::Notices.public_url(base));
    let _ = write!(
        s,
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n<title>{}</title>\n<id>{notices}</id>\n<link rel=\"self\" href=\"{}\"/>\n<link href=\"{notices}\"/>\n<updated>{}T00:00:00Z</updated>\n<author><name>{}</name></author>\n",
        site.config.language.tag(),
        escape::markup(title),
        escape::markup(&Route::<&str>::Feed.public_url(base)),
        updated,
        escape::markup(&site.config.title),
    );
    for n in &site.notices {
        let url = Route::Notice(n.source.id.as_str()).public_url(base);
        let date = n
            .date
            .as_ref()
            .map_or_else(|| updated.clone(), |d| d.value.to_string());
        let _ = write!(
            s,
            "<entry>\n<title>{}</title>\n<id>{}</id>\n<link href=\"{}\"/>\n<updated>{}T00:00:00Z</updated>\n<content type=\"html\">{}</content>\n</entry>\n",
            escape::markup(&n.title.value),
            escape::markup(&url),
            escape::markup(&url),
            date,
            escape::markup(&html_of(&n.body)),
        );
    }
    s.push_str("</feed>\n");
    s
}

/// The most entries `changes.xml` lists (the newest); a portal of 10,000 items would
/// otherwise publish every change ever made in one file.
pub const MAX_CHANGES: usize = 200;

/// One entry of the changes feed: an item and one record of its change history.
struct ChangeEntry<'a> {
    item: &'a crate::content::Item,
    change: &'a crate::content::Change,
    /// The record's number among the item's records of the same day (1, 2, …), for its id.
    nth: usize,
}

/// `changes.xml`: the Atom feed of the change history (变更记录) of every item, newest first,
/// at most [`MAX_CHANGES`] entries. Each entry links to the item's guide.
pub fn changes(site: &Site, title: &str) -> String {
    let base = &site.config.base_url;
    let mut entries: Vec<ChangeEntry> = Vec::new();
    for item in &site.items {
        for (i, change) in item.changes.iter().enumerate() {
            let nth = item.changes[..i]
                .iter()
                .filter(|c| c.date.value == change.date.value)
                .count()
                + 1;
            entries.push(ChangeEntry { item, change, nth });
        }
    }
    // Stable: items keep their site order and records their written order within a day.
    entries.sort_by_key(|e| std::cmp::Reverse(e.change.date.value));
    entries.truncate(MAX_CHANGES);
    let updated = entries.first().map_or_else(
        || "1970-01-01".to_string(),
        |e| e.change.date.value.to_string(),
    );
    let feed_url = escape::markup(&Route::<&str>::ChangesFeed.public_url(base));
    let mut s = String::new();
    let _ = write!(
        s,
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n<title>{}</title>\n<id>{feed_url}</id>\n<link rel=\"self\" href=\"{feed_url}\"/>\n<link href=\"{}\"/>\n<updated>{updated}T00:00:00Z</updated>\n<author><name>{}</name></author>\n",
        site.config.language.tag(),
        escape::markup(title),
        escape::markup(base),
        escape::markup(&site.config.title),
    );
    for e in entries {
        let url = Route::Item(e.item.source.id.as_str()).public_url(base);
        let date = e.change.date.value;
        let id = match e.nth {
            1 => format!("{url}#change-{date}"),
            n => format!("{url}#change-{date}-{n}"),
        };
        let _ = write!(
            s,
            "<entry>\n<title>{}</title>\n<id>{}</id>\n<link href=\"{}\"/>\n<updated>{date}T00:00:00Z</updated>\n<summary>{}</summary>\n</entry>\n",
            escape::markup(&e.item.name.value),
            escape::markup(&id),
            escape::markup(&url),
            escape::markup(&e.change.note),
        );
    }
    s.push_str("</feed>\n");
    s
}

/// sitemap.xml listing the given pages (output paths relative to the site root,
/// `items/a/index.html`) by their URLs (`items/a/`).
pub fn sitemap<'a>(base_url: &str, pages: impl ExactSizeIterator<Item = &'a str>) -> String {
    let base = escape::markup(base_url);
    let mut s = String::with_capacity(pages.len() * (base.len() + 48));
    s.push_str(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for page in pages {
        s.push_str("<url><loc>");
        s.push_str(&base);
        escape::markup_into(&mut s, &routes::url_of(page));
        s.push_str("</loc></url>\n");
    }
    s.push_str("</urlset>\n");
    s
}

/// robots.txt allowing everything and naming the sitemap.
pub fn robots(base_url: &str) -> String {
    let sitemap = Route::<&str>::Sitemap.public_url(base_url);
    format!("User-agent: *\nAllow: /\n\nSitemap: {sitemap}\n")
}
