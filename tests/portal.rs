//! Navigation and search at the size of a provincial portal (issue 16): a generated site of
//! 10,000 items (audience and topics filled) is built once, then its output is held to the
//! limits a phone can afford — page sizes, click depth from the home page, sitemap, search
//! shard sizes and the bytes one query fetches.

mod common;

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::{corpus, gongshi};
use gongshi::render::search;
use scraper::{Html, Selector};

const ITEMS: usize = 10_000;

/// The home page a phone loads first.
const HOME_LIMIT: u64 = 100 * 1024;
/// Any one page.
const PAGE_LIMIT: u64 = 300 * 1024;
/// One search shard or chunk of documents.
const SHARD_LIMIT: u64 = 32 * 1024;
/// Everything one query downloads: the search page, its script and style, shards and chunks.
const QUERY_LIMIT: u64 = 200 * 1024;
/// Results a query shows before "more" (`PAGE` in search.js).
const FIRST_RESULTS: usize = 20;

struct Portal {
    site: PathBuf,
    out: PathBuf,
}

/// The generated site and its web build, made once per test binary.
fn portal() -> &'static Portal {
    static PORTAL: OnceLock<Portal> = OnceLock::new();
    PORTAL.get_or_init(|| {
        let dir = common::shared_dir("portal");
        let site = dir.join("site");
        let out = dir.join("out");
        corpus::generate(ITEMS, &site).expect("generate");
        let built = gongshi()
            .arg("build")
            .arg(&site)
            .arg("-o")
            .arg(&out)
            .arg("--no-print")
            .output()
            .expect("run gongshi");
        assert!(
            built.status.success(),
            "{}{}",
            String::from_utf8_lossy(&built.stdout),
            String::from_utf8_lossy(&built.stderr)
        );
        Portal { site, out }
    })
}

/// Every file under `dir`: path relative to it (`/`-separated) → size in bytes.
fn files(dir: &Path) -> BTreeMap<String, u64> {
    common::files_under(dir, |path| std::fs::metadata(path).expect("metadata").len())
}

#[test]
fn pages_stay_small_at_ten_thousand_items() {
    let p = portal();
    let all = files(&p.out);
    let items = all
        .keys()
        .filter(|k| k.starts_with("items/") && k.ends_with("/index.html"))
        .count();
    assert_eq!(items, ITEMS);
    let home = all["index.html"];
    assert!(home <= HOME_LIMIT, "home page is {home} bytes");
    let large: Vec<(&String, &u64)> = all
        .iter()
        .filter(|(k, size)| k.ends_with(".html") && **size > PAGE_LIMIT)
        .collect();
    assert!(large.is_empty(), "pages over {PAGE_LIMIT} bytes: {large:?}");
    // The home page shows topics, windows and departments, not every item; without
    // JavaScript the search page leads to every topic page.
    let home_html = std::fs::read_to_string(p.out.join("index.html")).expect("home");
    assert!(!home_html.contains("items/"), "the home page links items");
    let search_html = std::fs::read_to_string(p.out.join("search/index.html")).expect("search");
    let links = Selector::parse("#browse a[href]").expect("selector");
    let browse: BTreeSet<String> = Html::parse_document(&search_html)
        .select(&links)
        .filter_map(|a| {
            a.value()
                .attr("href")
                .and_then(|h| target("search/index.html", h))
        })
        .collect();
    let topic_pages: Vec<&String> = all
        .keys()
        .filter(|k| k.starts_with("person/") || k.starts_with("legal-person/"))
        .filter(|k| !k.contains("/page/"))
        .collect();
    assert!(topic_pages.len() > 40, "{}", topic_pages.len());
    for page in topic_pages {
        assert!(
            browse.contains(page),
            "the search page does not link {page}"
        );
    }
    // Shared style and script are one file each; no page carries a data: URL or a QR SVG.
    let scripts_and_styles: Vec<&String> = all
        .keys()
        .filter(|k| k.ends_with(".css") || k.ends_with(".js"))
        .collect();
    assert!(
        scripts_and_styles.iter().all(|k| k.starts_with("static/")),
        "{scripts_and_styles:?}"
    );
    assert!(all.contains_key("static/style.css") && all.contains_key("static/search.js"));
    let guide = std::fs::read_to_string(p.out.join("items/item-00001/index.html")).expect("read");
    assert!(!guide.contains("data:image") && !guide.contains("<svg"));
    assert!(all["items/item-00001/qr.png"] < 1024);
    // Search: no single index file, small shards and chunks.
    assert!(!all.contains_key("search-index.json"));
    let shards: Vec<u64> = all
        .iter()
        .filter(|(k, _)| k.starts_with("search/t/") || k.starts_with("search/d/"))
        .map(|(_, s)| *s)
        .collect();
    let expected = search::shard_count(ITEMS) + search::chunk_count(ITEMS);
    assert_eq!(shards.len(), expected as usize);
    let largest = shards.iter().max().copied().unwrap_or_default();
    assert!(
        largest <= SHARD_LIMIT,
        "largest search file {largest} bytes"
    );
    let total: u64 = all.values().sum();
    eprintln!(
        "10,000 items: {} files, {total} bytes; home {home} B; largest page {} B; largest search file {largest} B",
        all.len(),
        all.iter()
            .filter(|(k, _)| k.ends_with(".html"))
            .map(|(_, s)| *s)
            .max()
            .unwrap_or_default()
    );
}

/// The site-relative path of the file a link points to, if it stays on the site.
fn target(from: &str, href: &str) -> Option<String> {
    if href.contains(':') || href.starts_with('#') || href.starts_with("//") {
        return None;
    }
    let href = href.split(['#', '?']).next().unwrap_or_default();
    let mut parts: Vec<String> = from.split('/').map(str::to_string).collect();
    parts.pop();
    for seg in href.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(gongshi::routes::decode(s)?),
        }
    }
    let mut path = parts.join("/");
    if href.is_empty() || href.ends_with('/') {
        if !path.is_empty() {
            path.push('/');
        }
        path.push_str("index.html");
    }
    Some(path)
}

#[test]
fn every_item_is_within_three_clicks_of_home_and_in_the_sitemap() {
    let p = portal();
    let links = Selector::parse("a[href]").expect("selector");
    // Breadth first from the home page; pages three clicks away are reached, not opened.
    let mut depth: BTreeMap<String, u32> = BTreeMap::from([("index.html".to_string(), 0)]);
    let mut queue = VecDeque::from(["index.html".to_string()]);
    while let Some(page) = queue.pop_front() {
        let d = depth[&page];
        if d == 3 || !page.ends_with(".html") {
            continue;
        }
        let Ok(html) = std::fs::read_to_string(p.out.join(&page)) else {
            continue;
        };
        let doc = Html::parse_document(&html);
        for a in doc.select(&links) {
            let Some(to) = a.value().attr("href").and_then(|h| target(&page, h)) else {
                continue;
            };
            if !depth.contains_key(&to) {
                depth.insert(to.clone(), d + 1);
                queue.push_back(to);
            }
        }
    }
    let reached: BTreeSet<&String> = depth
        .keys()
        .filter(|k| k.starts_with("items/") && k.ends_with("/index.html"))
        .collect();
    let all = files(&p.out);
    let missing: Vec<&String> = all
        .keys()
        .filter(|k| k.starts_with("items/") && k.ends_with("/index.html"))
        .filter(|k| !reached.contains(k))
        .take(5)
        .collect();
    assert!(
        missing.is_empty(),
        "items not reached within three clicks: {missing:?}…"
    );
    let sitemap = std::fs::read_to_string(p.out.join("sitemap.xml")).expect("sitemap");
    let listed = sitemap.matches("/items/item-").count();
    assert_eq!(listed, ITEMS);
}

/// What one query downloads, as `search.js` does it: the search page with its style and
/// scripts (search and its Traditional→Simplified table), the shards of the query's characters and the chunks of the first results. Returns
/// the bytes and the ranked item ids.
fn fetched_by(p: &Portal, index: &search::Index, q: &str) -> (u64, Vec<String>) {
    let all = files(&p.out);
    let shards = search::shard_count(ITEMS);
    let mut wanted: BTreeSet<String> = [
        "search/index.html",
        "static/search.js",
        "static/search-fold.js",
        "static/style.css",
    ]
    .map(str::to_string)
    .into();
    // A token's shard is that of its first character, and search.js also fetches the shard of
    // the last character typed (for the bigram the next keystroke makes): every character's.
    for c in search::runs(q).into_iter().flatten() {
        let shard = search::shard_of(&c.to_string(), shards);
        wanted.insert(format!("search/t/{shard}.txt"));
    }
    let ranked = search::rank(index, q);
    for (doc, _) in ranked.iter().take(FIRST_RESULTS) {
        wanted.insert(format!("search/d/{}.txt", *doc as usize / search::CHUNK));
    }
    let bytes = wanted.iter().map(|f| all[f]).sum();
    eprintln!("query {q}: {} files, {bytes} bytes", wanted.len());
    let ids = ranked
        .iter()
        .map(|(doc, _)| index.docs[*doc as usize].id.clone())
        .collect();
    (bytes, ids)
}

#[test]
fn a_query_fetches_little_and_ranks_the_named_item_first() {
    let p = portal();
    let checked = gongshi::load_and_check(&p.site).expect("site");
    let site = &checked.site;
    let labels = gongshi::theme::Theme::builtin().labels(site.config.language);
    let words = gongshi::present::Wording::new(site.config.language, &labels);
    let index = search::build(site, &words);
    let name_of = |id: &str| -> String {
        site.items
            .iter()
            .find(|i| i.source.id == id)
            .map(|i| i.name.value.clone())
            .unwrap_or_default()
    };
    // A whole name: its item first.
    let name = name_of("item-00001");
    let (bytes, ids) = fetched_by(p, &index, &name);
    assert_eq!(ids.first().map(String::as_str), Some("item-00001"));
    assert!(bytes <= QUERY_LIMIT, "{name}: {bytes} bytes");
    // Part of a name and a number: the item holding both, in that order, first.
    let (bytes, ids) = fetched_by(p, &index, "第1234号");
    assert_eq!(ids.first().map(String::as_str), Some("item-01234"));
    assert!(bytes <= QUERY_LIMIT, "第1234号: {bytes} bytes");
    // Two characters shared by hundreds of items: those naming them come first.
    let (bytes, ids) = fetched_by(p, &index, "护士");
    assert!(ids.len() > 100, "{}", ids.len());
    assert!(bytes <= QUERY_LIMIT, "护士: {bytes} bytes");
    let in_name: Vec<bool> = ids.iter().map(|id| name_of(id).contains("护士")).collect();
    assert!(in_name[0]);
    assert!(
        in_name.windows(2).all(|w| w[0] || !w[1]),
        "an item naming 护士 ranks below one that does not"
    );
}
