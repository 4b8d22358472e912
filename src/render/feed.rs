//! Non-HTML outputs: the Atom feed of notices, sitemap.xml and robots.txt.

use std::fmt::Write as _;

use crate::content::Site;

pub use crate::graphics::xml_escape;

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
    let _ = write!(
        s,
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n<title>{}</title>\n<id>{}notices/</id>\n<link rel=\"self\" href=\"{}atom.xml\"/>\n<link href=\"{}notices/\"/>\n<updated>{}T00:00:00Z</updated>\n<author><name>{}</name></author>\n",
        site.config.language.tag(),
        xml_escape(title),
        xml_escape(base),
        xml_escape(base),
        xml_escape(base),
        updated,
        xml_escape(&site.config.title),
    );
    for n in &site.notices {
        let url = format!("{base}notices/{}/", super::views::encode_path(&n.source.id));
        let date = n
            .date
            .as_ref()
            .map_or_else(|| updated.clone(), |d| d.value.to_string());
        let _ = write!(
            s,
            "<entry>\n<title>{}</title>\n<id>{}</id>\n<link href=\"{}\"/>\n<updated>{}T00:00:00Z</updated>\n<content type=\"html\">{}</content>\n</entry>\n",
            xml_escape(&n.title.value),
            xml_escape(&url),
            xml_escape(&url),
            date,
            xml_escape(&html_of(&n.body)),
        );
    }
    s.push_str("</feed>\n");
    s
}

/// sitemap.xml listing the given page paths (`items/a/index.html`).
pub fn sitemap<'a>(base_url: &str, paths: impl Iterator<Item = &'a str>) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for p in paths {
        let pretty = p.strip_suffix("index.html").unwrap_or(p);
        let _ = writeln!(
            s,
            "<url><loc>{}{}</loc></url>",
            xml_escape(base_url),
            xml_escape(pretty)
        );
    }
    s.push_str("</urlset>\n");
    s
}

/// robots.txt allowing everything and naming the sitemap.
pub fn robots(base_url: &str) -> String {
    format!("User-agent: *\nAllow: /\n\nSitemap: {base_url}sitemap.xml\n")
}
