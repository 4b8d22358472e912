//! Non-HTML outputs: the Atom feed of notices, sitemap.xml and robots.txt.

use std::fmt::Write as _;

use crate::content::Site;

use crate::escape;
use crate::routes::Route;

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

/// sitemap.xml listing the given page URLs relative to the site root (`items/a/`).
pub fn sitemap<'a>(base_url: &str, urls: impl Iterator<Item = &'a str>) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for url in urls {
        let _ = writeln!(
            s,
            "<url><loc>{}{}</loc></url>",
            escape::markup(base_url),
            escape::markup(url)
        );
    }
    s.push_str("</urlset>\n");
    s
}

/// robots.txt allowing everything and naming the sitemap.
pub fn robots(base_url: &str) -> String {
    let sitemap = Route::<&str>::Sitemap.public_url(base_url);
    format!("User-agent: *\nAllow: /\n\nSitemap: {sitemap}\n")
}
