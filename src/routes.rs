//! Every output path and public URL of the site, once. A page's output path (`items/a/index.html`),
//! its URL relative to the site root (`items/a/`, percent-encoded), its public URL under
//! `base_url`, the paths of copied files and web photos, of print sheets, and the path part
//! of `base_url` are all computed here; render, print and serve ask, never spell them out.

use crate::content::{Asset, Audience, Product, Vocabulary};

/// A page or other output of the website. `S` is the id's string type: `&str` for a link
/// made on the fly, `String` for a planned output.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Route<S = String> {
    /// The home page.
    Home,
    /// The search page.
    Search,
    /// The staff board (亮身份).
    StaffBoard,
    /// The notices list.
    Notices,
    /// A window page.
    Window(S),
    /// An item guide (办事指南).
    Item(S),
    /// The QR code of an item guide's public address (a small PNG beside the page).
    ItemQr(S),
    /// A rule.
    Rule(S),
    /// A notice.
    Notice(S),
    /// A free page.
    Page(S),
    /// 个人办事 or 法人办事: the audience's topics (and its items without a topic).
    Audience(Audience),
    /// The items of one topic (by name) for one audience.
    Topic(Audience, S),
    /// A department (实施主体, by name): its windows and items.
    Department(S),
    /// Page `n` (2 or more) of a list whose first page is the list's own route.
    ListPage(Listing<S>, u32),
    /// One shard of the search index: the postings of the tokens that hash to it.
    SearchShard(u32),
    /// One chunk of the search documents (what a result shows).
    SearchDocs(u32),
    /// `404.html`.
    NotFound,
    /// `atom.xml`.
    Feed,
    /// `sitemap.xml`.
    Sitemap,
    /// `robots.txt`.
    Robots,
    /// `changes.xml`: the Atom feed of item changes (变更记录).
    ChangesFeed,
    /// The open data page (开放数据) that lists the data files.
    OpenData,
    /// One open data file.
    Data(DataFile),
}

/// A list of items that may run over several pages; its first page is [`Listing::first`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Listing<S = String> {
    /// A window's items.
    Window(S),
    /// An audience's items without a topic.
    Audience(Audience),
    /// A topic's items for an audience.
    Topic(Audience, S),
    /// A department's items.
    Department(S),
    /// The staff board (亮身份), by window.
    Staff,
}

impl<S: AsRef<str> + Clone> Listing<S> {
    /// The route of page `n` of the list (1 is the list's own page).
    pub fn page(&self, n: u32) -> Route<S> {
        if n <= 1 {
            self.first()
        } else {
            Route::ListPage(self.clone(), n)
        }
    }

    /// The list's own page (page 1).
    pub fn first(&self) -> Route<S> {
        match self {
            Listing::Window(id) => Route::Window(id.clone()),
            Listing::Audience(a) => Route::Audience(*a),
            Listing::Topic(a, name) => Route::Topic(*a, name.clone()),
            Listing::Department(name) => Route::Department(name.clone()),
            Listing::Staff => Route::StaffBoard,
        }
    }
}

impl Listing<&str> {
    /// The same list with its names owned (kept beyond the site it was read from).
    pub fn owned(&self) -> Listing {
        match self {
            Listing::Window(id) => Listing::Window(id.to_string()),
            Listing::Audience(a) => Listing::Audience(*a),
            Listing::Topic(a, name) => Listing::Topic(*a, name.to_string()),
            Listing::Department(name) => Listing::Department(name.to_string()),
            Listing::Staff => Listing::Staff,
        }
    }
}

/// The folder of an audience's pages: `person/`, `legal-person/`.
fn audience_folder(a: Audience) -> &'static str {
    a.word()
}

/// The open data files (开放数据), under `data/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DataFile {
    /// `data/items.json`: every item.
    ItemsJson,
    /// `data/items.csv`: every item, one row each.
    ItemsCsv,
    /// `data/materials.csv`: every material, one row each.
    MaterialsCsv,
}

impl DataFile {
    /// Every data file, in the order the open data page lists them.
    pub const ALL: [DataFile; 3] = [
        DataFile::ItemsCsv,
        DataFile::MaterialsCsv,
        DataFile::ItemsJson,
    ];

    /// The file name inside `data/`.
    pub fn name(self) -> &'static str {
        match self {
            DataFile::ItemsJson => "items.json",
            DataFile::ItemsCsv => "items.csv",
            DataFile::MaterialsCsv => "materials.csv",
        }
    }
}

/// The folder of the elder pages (长者模式): `elder/items/a/` is the elder page of `items/a/`.
pub const ELDER_DIR: &str = "elder/";

/// From inside `elder/`, the way back out to the standard tree.
pub const ELDER_UP: &str = "../";

/// The output path of the elder page of a standard page: `items/a/index.html` →
/// `elder/items/a/index.html`.
pub fn elder(path: &str) -> String {
    format!("{ELDER_DIR}{path}")
}

/// The folder of the open data files.
pub const DATA_DIR: &str = "data/";

impl<S: AsRef<str>> Route<S> {
    /// The file in OUT, `/`-separated and not encoded (`items/a/index.html`).
    pub fn path(&self) -> String {
        let page = |folder: &str, id: &str| format!("{folder}/{id}/index.html");
        match self {
            Route::Home => "index.html".into(),
            Route::Search => "search/index.html".into(),
            Route::StaffBoard => "staff/index.html".into(),
            Route::Notices => "notices/index.html".into(),
            Route::Window(id) => page("windows", id.as_ref()),
            Route::Item(id) => page("items", id.as_ref()),
            Route::ItemQr(id) => format!("items/{}/qr.png", id.as_ref()),
            Route::Rule(id) => page("rules", id.as_ref()),
            Route::Notice(id) => page("notices", id.as_ref()),
            Route::Page(id) => page("pages", id.as_ref()),
            Route::Audience(a) => format!("{}/index.html", audience_folder(*a)),
            Route::Topic(a, name) => {
                format!("{}/{}/index.html", audience_folder(*a), slug(name.as_ref()))
            }
            Route::Department(name) => page("departments", &slug(name.as_ref())),
            Route::ListPage(list, n) => {
                let first = match list {
                    Listing::Window(id) => Route::Window(id.as_ref()),
                    Listing::Audience(a) => Route::Audience(*a),
                    Listing::Topic(a, name) => Route::Topic(*a, name.as_ref()),
                    Listing::Department(name) => Route::Department(name.as_ref()),
                    Listing::Staff => Route::StaffBoard,
                }
                .path();
                let folder = first.strip_suffix("index.html").unwrap_or(&first);
                format!("{folder}page/{n}/index.html")
            }
            Route::SearchShard(n) => format!("{SEARCH_DIR}t/{n}.txt"),
            Route::SearchDocs(n) => format!("{SEARCH_DIR}d/{n}.txt"),
            Route::NotFound => "404.html".into(),
            Route::Feed => "atom.xml".into(),
            Route::Sitemap => "sitemap.xml".into(),
            Route::Robots => "robots.txt".into(),
            Route::ChangesFeed => "changes.xml".into(),
            Route::OpenData => format!("{DATA_DIR}index.html"),
            Route::Data(file) => format!("{DATA_DIR}{}", file.name()),
        }
    }

    /// The URL relative to the site root, percent-encoded: `items/a/` (empty for the home
    /// page). Prefix it with the page's `root` for a link, or use [`Route::public_url`].
    pub fn url(&self) -> String {
        url_of(&self.path())
    }

    /// The public address under `base_url` (which ends in `/`).
    pub fn public_url(&self, base_url: &str) -> String {
        format!("{base_url}{}", self.url())
    }
}

/// The folder of the search page and its index files (`search/t/<n>.txt` shards of postings,
/// `search/d/<n>.txt` chunks of documents).
pub const SEARCH_DIR: &str = "search/";

/// A name (department, topic) as one safe path segment: characters that no file system or
/// URL path takes (`/ \ : * ? " < > | # %`, control characters) and runs of white space
/// become `-`; dots and dashes at the ends are dropped. The name stays readable
/// (`青禾市民政局`, `生育收养`); links percent-encode it.
pub fn slug(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut dash = false;
    for c in name.trim().chars() {
        let bad = c.is_whitespace() || c.is_control() || "/\\:*?\"<>|#%".contains(c);
        if bad {
            if !dash {
                out.push('-');
            }
            dash = true;
        } else {
            out.push(c);
            dash = false;
        }
    }
    let trimmed = out.trim_matches(|c| c == '.' || c == '-');
    if trimmed.is_empty() {
        "-".to_string()
    } else {
        trimmed.to_string()
    }
}

/// The shortest relative link from the page written at `from` (an output path such as
/// `person/生育收养/page/3/index.html`) to `to`, a URL relative to the site root
/// (`person/%E7%94%9F…/page/4/`): `../4/`. Links inside a paginated list stay short.
pub fn relative(from: &str, to: &str) -> String {
    // Compare encoded segments: `to` is already encoded.
    let from_dir = match from.rsplit_once('/') {
        Some((dir, _)) => url_of(&format!("{dir}/")),
        None => String::new(),
    };
    let from_segs: Vec<&str> = from_dir.split('/').filter(|s| !s.is_empty()).collect();
    let (to_dir, to_file) = to.rsplit_once('/').unwrap_or(("", to));
    let to_segs: Vec<&str> = to_dir.split('/').filter(|s| !s.is_empty()).collect();
    let common = from_segs
        .iter()
        .zip(&to_segs)
        .take_while(|(a, b)| a == b)
        .count();
    let mut out = "../".repeat(from_segs.len() - common);
    for seg in &to_segs[common..] {
        out.push_str(seg);
        out.push('/');
    }
    out.push_str(to_file);
    if out.is_empty() {
        "./".to_string()
    } else {
        out
    }
}

/// The URL relative to the site root of an output path: `index.html` is dropped (pretty
/// URLs) and the rest percent-encoded.
pub fn url_of(path: &str) -> String {
    encode(path.strip_suffix("index.html").unwrap_or(path))
}

/// The output file that a folder URL serves, the inverse of [`url_of`]'s pretty URLs:
/// `items/a` or `items/a/` → `items/a/index.html`, the site root → `index.html`.
pub fn index_of(folder: &str) -> String {
    match folder.trim_end_matches('/') {
        "" => "index.html".to_string(),
        folder => format!("{folder}/index.html"),
    }
}

/// Percent-encodes a relative path for `href`, `src` and `Location` (keeps `/`, letters,
/// digits and `-._~`).
pub fn encode(path: &str) -> String {
    encode_keeping(path, b"-._~/")
}

/// Percent-encodes a value for a URL's query string (`?url=…&title=…`): everything but
/// letters, digits and `-._~`, so `&`, `=`, `#`, `+`, `/` and `?` inside it are safe.
pub fn encode_query_value(value: &str) -> String {
    encode_keeping(value, b"-._~")
}

/// `url` with `params` appended to its query string (`?` or `&` as the URL needs), each
/// value encoded; a `#fragment` stays at the end.
pub fn with_query(url: &str, params: &[(&str, &str)]) -> String {
    let (url, fragment) = url
        .split_once('#')
        .map_or((url, None), |(u, f)| (u, Some(f)));
    let mut out = url.to_string();
    for (name, value) in params {
        let sep = if out.contains('?') {
            if out.ends_with('?') || out.ends_with('&') {
                ""
            } else {
                "&"
            }
        } else {
            "?"
        };
        out.push_str(sep);
        out.push_str(name);
        out.push('=');
        out.push_str(&encode_query_value(value));
    }
    if let Some(fragment) = fragment {
        out.push('#');
        out.push_str(fragment);
    }
    out
}

fn encode_keeping(path: &str, keep: &[u8]) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || keep.contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Decodes the percent-escapes of a URL path; `None` for a malformed escape or text that
/// is not UTF-8.
pub fn decode(path: &str) -> Option<String> {
    let bytes = path.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = path.get(i + 1..i + 3)?;
            decoded.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            decoded.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(decoded).ok()
}

/// The path part of a base URL, where the site is served: `https://host/center/` →
/// `/center/`, `https://host` → `/`.
pub fn base_path(base_url: &str) -> String {
    let after_scheme = base_url
        .split_once("://")
        .map_or(base_url, |(_, rest)| rest);
    match after_scheme.find('/') {
        Some(i) => after_scheme[i..].to_string(),
        None => "/".to_string(),
    }
}

/// Where a file copied from `content/` (form, sample, original photo) is published, not
/// encoded: `files/<path under content/>`; `None` for an asset that did not resolve or
/// whose path is not a plain relative one.
pub fn file(asset: &Asset) -> Option<String> {
    asset.resolved.as_ref()?;
    let rel = asset.path.value.trim_start_matches("./").replace('\\', "/");
    let ok = !rel.is_empty()
        && rel
            .split('/')
            .all(|p| !p.is_empty() && p != "." && p != "..");
    ok.then(|| format!("files/{rel}"))
}

/// Where the web-sized version of a photo is published, not encoded:
/// `img/<path under content/ without extension>.jpg`.
pub fn photo(asset: &Asset) -> Option<String> {
    let original = file(asset)?;
    let rel = original.strip_prefix("files/")?;
    let stem = match rel.rsplit_once('.') {
        Some((stem, _)) => stem,
        None => rel,
    };
    Some(format!("img/{stem}.jpg"))
}

/// Where a theme's static file (`style.css`) is published.
pub fn static_file(name: &str) -> String {
    format!("static/{name}")
}

/// The folder of the print products inside a built site.
pub const PRINT_DIR: &str = "print/";

/// The print index page, relative to the print folder.
pub const PRINT_INDEX: &str = "index.html";

/// A print sheet, relative to the print folder, not encoded: `guide/<id>.pdf`.
pub fn sheet(product: Product, id: &str) -> String {
    format!("{}/{id}.pdf", product.word())
}

/// A name made safe as a file stem on every system (a department or floor names the
/// sheets of its center-wide boards): path separators, characters Windows forbids and white
/// space become `-`; an empty result is `_`.
pub fn file_stem(name: &str) -> String {
    let mut stem = String::with_capacity(name.len());
    for c in name.trim().chars() {
        let bad = c.is_whitespace() || c.is_control() || "/\\:*?\"<>|%#".contains(c);
        if bad {
            if !stem.ends_with('-') {
                stem.push('-');
            }
        } else {
            stem.push(c);
        }
    }
    let stem = stem.trim_matches(|c| c == '-' || c == '.').to_string();
    if stem.is_empty() { "_".into() } else { stem }
}

/// The PNG thumbnail beside a sheet: `guide/a.pdf` → `guide/a.png`.
pub fn thumbnail(sheet: &str) -> String {
    format!("{}.png", sheet.strip_suffix(".pdf").unwrap_or(sheet))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_have_a_path_and_an_encoded_url() {
        let item = Route::Item("a b");
        assert_eq!(item.path(), "items/a b/index.html");
        assert_eq!(item.url(), "items/a%20b/");
        assert_eq!(
            item.public_url("https://x.gov.cn/c/"),
            "https://x.gov.cn/c/items/a%20b/"
        );
        assert_eq!(Route::<&str>::Home.url(), "");
        assert_eq!(Route::<&str>::Feed.url(), "atom.xml");
        assert_eq!(Route::Window("事".to_string()).url(), "windows/%E4%BA%8B/");
    }

    #[test]
    fn lists_pages_and_slugs() {
        let topic = Listing::Topic(Audience::Person, "生育收养");
        assert_eq!(topic.page(1).path(), "person/生育收养/index.html");
        assert_eq!(topic.page(3).path(), "person/生育收养/page/3/index.html");
        assert_eq!(Listing::Window("gjj").page(2).url(), "windows/gjj/page/2/");
        assert_eq!(
            Route::Department("国家税务总局 青禾市/税务局").path(),
            "departments/国家税务总局-青禾市-税务局/index.html"
        );
        assert_eq!(slug(" ..a:b*? "), "a-b");
        assert_eq!(slug("///"), "-");
        assert_eq!(
            Route::<&str>::Audience(Audience::LegalPerson).url(),
            "legal-person/"
        );
        assert_eq!(Route::<&str>::SearchShard(7).path(), "search/t/7.txt");
    }

    #[test]
    fn relative_links_are_short() {
        let from = "person/生育收养/page/3/index.html";
        let to = |r: Route<&str>| relative(from, &r.url());
        let topic = Listing::Topic(Audience::Person, "生育收养");
        assert_eq!(to(topic.page(4)), "../4/");
        assert_eq!(to(topic.page(1)), "../../");
        assert_eq!(to(Route::Item("a")), "../../../../items/a/");
        assert_eq!(relative("index.html", "items/a/"), "items/a/");
        assert_eq!(relative("items/a/index.html", "items/a/"), "./");
        assert_eq!(relative("items/a/index.html", ""), "../../");
    }

    #[test]
    fn folder_urls_serve_their_index() {
        for route in [Route::Home, Route::Item("a".to_string())] {
            assert_eq!(index_of(&route.url()), route.path());
        }
        assert_eq!(index_of("items/a"), "items/a/index.html");
    }

    #[test]
    fn encode_and_decode_round_trip() {
        for path in ["items/a/", "事项/办 理?#%", "a&b=c"] {
            assert_eq!(decode(&encode(path)).as_deref(), Some(path));
        }
        assert_eq!(decode("/%zz"), None);
        assert_eq!(decode("/%E4"), None);
    }

    #[test]
    fn elder_pages_and_data_files() {
        assert_eq!(elder(&Route::Item("a").path()), "elder/items/a/index.html");
        assert_eq!(Route::<&str>::OpenData.url(), "data/");
        assert_eq!(
            Route::<&str>::Data(DataFile::ItemsCsv).url(),
            "data/items.csv"
        );
        assert_eq!(Route::<&str>::ChangesFeed.url(), "changes.xml");
    }

    #[test]
    fn query_values_are_encoded() {
        assert_eq!(
            with_query(
                "https://x.gov.cn/jc",
                &[("url", "https://a/b?c=1&d"), ("title", "办 事#")]
            ),
            "https://x.gov.cn/jc?url=https%3A%2F%2Fa%2Fb%3Fc%3D1%26d&title=%E5%8A%9E%20%E4%BA%8B%23"
        );
        assert_eq!(
            with_query("https://x/?a=1", &[("b", "2")]),
            "https://x/?a=1&b=2"
        );
        assert_eq!(with_query("https://x/?", &[("b", "2")]), "https://x/?b=2");
        assert_eq!(
            with_query("https://x/jc#form", &[("b", "2")]),
            "https://x/jc?b=2#form"
        );
    }

    #[test]
    fn base_path_is_the_path_of_base_url() {
        assert_eq!(base_path("https://example.gov.cn/center/"), "/center/");
        assert_eq!(base_path("https://example.gov.cn/"), "/");
        assert_eq!(base_path("https://example.gov.cn"), "/");
    }

    #[test]
    fn file_stems_are_safe_everywhere() {
        assert_eq!(file_stem("市场监管局"), "市场监管局");
        assert_eq!(file_stem(" 二楼 / A区 "), "二楼-A区");
        assert_eq!(file_stem("a:b*c?"), "a-b-c");
        assert_eq!(file_stem(".."), "_");
    }

    #[test]
    fn sheets_and_thumbnails() {
        assert_eq!(sheet(Product::Guide, "a"), "guide/a.pdf");
        assert_eq!(thumbnail("print/guide/a.pdf"), "print/guide/a.png");
    }
}
