//! `gongshi build`: the website of the bundled example and the reference site, links under a
//! sub-path, search, escaping, determinism and output safety.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::*;
use scraper::{Html, Selector};

/// Runs `gongshi build SITE -o OUT`; returns (exit code, stdout, stderr).
fn build(site: &Path, out: &Path) -> (i32, String, String) {
    let o = run_build(site, out);
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

fn html_pages(out: &Path) -> Vec<PathBuf> {
    let mut pages: Vec<PathBuf> = walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| e.path().to_path_buf())
        .collect();
    pages.sort();
    pages
}

/// The decoded path of a link (a malformed escape is a failure: links must be well formed).
fn percent_decode(s: &str) -> String {
    gongshi::routes::decode(s).unwrap_or_else(|| panic!("malformed link {s}"))
}

/// Resolves every internal href/src of every page to a file in OUT.
fn assert_links_resolve(out: &Path, base_path: &str) -> usize {
    let sel = Selector::parse("a[href], link[href], img[src], script[src]").expect("selector");
    let mut checked = 0;
    for page in html_pages(out) {
        let text = std::fs::read_to_string(&page).expect("read page");
        let doc = Html::parse_document(&text);
        for el in doc.select(&sel) {
            let v = el.value();
            let Some(url) = v.attr("href").or_else(|| v.attr("src")) else {
                continue;
            };
            let lower = url.to_ascii_lowercase();
            if v.attr("rel") == Some("canonical")
                || lower.starts_with("http://")
                || lower.starts_with("https://")
                || lower.starts_with("mailto:")
                || lower.starts_with("tel:")
                || url.starts_with('#')
            {
                continue;
            }
            let url = url.split(['#', '?']).next().unwrap_or("");
            let target = if let Some(abs) = url.strip_prefix('/') {
                let rest = format!("/{abs}");
                let inside = rest.strip_prefix(base_path).unwrap_or_else(|| {
                    panic!(
                        "{}: absolute link {url} outside base path {base_path}",
                        page.display()
                    )
                });
                out.join(percent_decode(inside))
            } else {
                page.parent().expect("dir").join(percent_decode(url))
            };
            let target = if url.is_empty() || url.ends_with('/') {
                target.join("index.html")
            } else {
                target
            };
            let normal = normalise(&target);
            assert!(
                normal.starts_with(out),
                "{}: {url} leaves OUT",
                page.display()
            );
            assert!(
                normal.is_file(),
                "{}: {url} → {} missing",
                page.display(),
                normal.display()
            );
            checked += 1;
        }
    }
    checked
}

fn normalise(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            c => out.push(c),
        }
    }
    out
}

fn assert_page_basics(out: &Path, lang: &str) {
    let h1 = Selector::parse("h1").expect("selector");
    let headings = Selector::parse("h1, h2, h3, h4, h5, h6").expect("selector");
    let img = Selector::parse("img").expect("selector");
    for page in html_pages(out) {
        let text = std::fs::read_to_string(&page).expect("read");
        assert!(text.starts_with("<!DOCTYPE html>"), "{}", page.display());
        let elder = page.components().any(|c| c.as_os_str() == "elder");
        let html = if elder {
            format!("<html lang=\"{lang}\" class=\"elder\">")
        } else {
            format!("<html lang=\"{lang}\">")
        };
        assert!(text.contains(&html), "{}", page.display());
        let doc = Html::parse_document(&text);
        assert_eq!(doc.select(&h1).count(), 1, "one h1 in {}", page.display());
        let mut last = 0;
        for h in doc.select(&headings) {
            let level: usize = h.value().name()[1..].parse().expect("level");
            assert!(
                level <= last + 1,
                "heading h{level} after h{last} in {}",
                page.display()
            );
            last = level;
        }
        for i in doc.select(&img) {
            assert!(
                i.value().attr("alt").is_some_and(|a| !a.is_empty()),
                "img without alt in {}",
                page.display()
            );
        }
    }
}

#[test]
fn bundled_example_builds_with_every_page() {
    let dir = tempfile::tempdir().expect("dir");
    let out = dir.path().join("public");
    let (code, stdout, stderr) = build(&bundled_site(), &out);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("66 张印刷页"), "{stdout}");
    for path in [
        "index.html",
        "404.html",
        "sitemap.xml",
        "robots.txt",
        "atom.xml",
        "search/t/0.txt",
        "search/d/0.txt",
        "items/gjj-loan/qr.png",
        "person/index.html",
        "search/index.html",
        "staff/index.html",
        "notices/index.html",
        "items/gjj-loan/index.html",
        "windows/gjj/index.html",
        "rules/first-inquiry/index.html",
        "pages/guide/index.html",
        "static/style.css",
        "static/search.js",
        "files/forms/gjj-loan-apply.pdf",
        "files/photos/zhou-min.jpg",
        "img/photos/zhou-min.jpg",
        ".gongshi-output",
    ] {
        assert!(out.join(path).is_file(), "{path} missing");
    }
    let photo = image::open(out.join("img/photos/zhou-min.jpg")).expect("photo");
    assert_eq!((photo.width(), photo.height()), (240, 320));
    assert_page_basics(&out, "zh-CN");
    assert!(assert_links_resolve(&out, "/") > 100);

    let guide = std::fs::read_to_string(out.join("items/gjj-loan/index.html")).expect("read");
    for expected in [
        "<dl",
        "申请材料",
        "<ol class=\"steps\"",
        "aria-hidden=\"true\"",
        "10个工作日",
        "0123-5566 0212",
        "不收费",
        "src=\"../../items/gjj-loan/qr.png\"",
        "<table",
    ] {
        assert!(guide.contains(expected), "guide lacks {expected}");
    }
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).expect("sitemap");
    assert!(sitemap.contains("<loc>https://zwfw.example.gov.cn/items/gjj-loan/</loc>"));
    let feed = std::fs::read_to_string(out.join("atom.xml")).expect("feed");
    assert!(feed.contains("<entry>"));
}

#[test]
fn reference_site_builds_and_links_resolve_under_a_sub_path() {
    let dir = tempfile::tempdir().expect("dir");
    let out = dir.path().join("public");
    let (code, stdout, stderr) = build(&reference_site(), &out);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert_page_basics(&out, "zh-CN");
    assert!(assert_links_resolve(&out, "/center/") > 50);
    let not_found = std::fs::read_to_string(out.join("404.html")).expect("404");
    assert!(
        not_found.contains("href=\"/center/static/style.css\""),
        "404 uses the base path"
    );
    let robots = std::fs::read_to_string(out.join("robots.txt")).expect("robots");
    assert!(robots.contains("https://zwfw.example.gov.cn/center/sitemap.xml"));
}

#[test]
fn search_finds_chinese_queries() {
    use gongshi::render::search;
    let checked = gongshi::load_and_check(&bundled_site()).expect("site");
    let site = &checked.site;
    let labels = gongshi::theme::Theme::builtin().labels(site.config.language);
    let words = gongshi::present::Wording::new(site.config.language, &labels);
    let index = search::build(site, &words);
    let ids = |q: &str| -> Vec<String> { search::query(&index, q) };
    // The two items named 住房公积金提取 come first, then the other 公积金 items.
    let withdraw = ids("公积金提取");
    assert_eq!(withdraw.len(), 4, "{withdraw:?}");
    assert!(
        withdraw[..2]
            .iter()
            .all(|id| id.starts_with("gjj-withdraw")),
        "{withdraw:?}"
    );
    assert!(
        withdraw[2..].iter().all(|id| id.starts_with("gjj-")),
        "{withdraw:?}"
    );
    let real_estate = ids("不动产");
    for item in site.items.iter().filter(|i| i.window.value == "budongchan") {
        assert!(
            real_estate.contains(&item.source.id),
            "{} missing from {real_estate:?}",
            item.source.id
        );
    }
    assert!(ids("火星签证").is_empty());
    // A code matches its item whole; items sharing only parts of it follow.
    assert_eq!(ids("qh-gjj-dk-001")[0], "gjj-loan");
}

#[test]
fn hostile_content_is_escaped() {
    let site = TestSite::new();
    let evil = r#"<script>alert(1)</script>"><img src=x onerror=alert(1)>"#;
    site.write(
        "content/items/evil.md",
        &format!(
            "---\nname: '{evil}'\ncode: \"E-1\"\nwindow: gjj\ncase_type: immediate\nbasis:\n  - '{evil}'\nconditions: '[点我](javascript:alert(1)) {evil}'\nmaterials:\n  - name: '{evil}'\n    original: 1\n    required: '{evil}'\nprocedure:\n  - name: '{evil}'\n    actor: '{evil}'\ntime_limit:\n  legal: 即办\n  promised: 即办\nfees: 不收费\nfaq:\n  - q: '{evil}'\n    a: '[x](javascript:alert(1))'\n---\n{evil}\n\n[链接](javascript:alert(1))\n\n<img src=x onerror=alert(1)>\n"
        ),
    );
    site.write(
        "content/notices/evil.md",
        &format!("---\ntitle: '{evil}'\ndate: 2026-01-01\n---\n{evil}\n"),
    );
    site.write(
        "content/staff/zhang.yaml",
        &format!("name: '{evil}'\nwindow: gjj\nphoto: photos/zhang.jpg\npost: '{evil}'\n"),
    );
    let dir = tempfile::tempdir().expect("dir");
    let out = dir.path().join("public");
    let (code, stdout, stderr) = build(site.path(), &out);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let all = Selector::parse("*").expect("selector");
    for page in html_pages(&out) {
        let text = std::fs::read_to_string(&page).expect("read");
        let doc = Html::parse_document(&text);
        for el in doc.select(&all) {
            let v = el.value();
            if v.name() == "script" {
                if v.attr("type") == Some("application/ld+json") {
                    // Structured data: the evil text stays inside it, as JSON.
                    let json = el.text().collect::<String>();
                    let _: serde_json::Value = serde_json::from_str(&json)
                        .unwrap_or_else(|e| panic!("JSON-LD in {}: {e}", page.display()));
                    continue;
                }
                assert!(
                    v.attr("src")
                        .is_some_and(|s| s.ends_with("static/search.js")
                            || s.ends_with("static/search-fold.js")),
                    "script in {}",
                    page.display()
                );
            }
            if v.name() == "img" {
                assert_ne!(
                    v.attr("src"),
                    Some("x"),
                    "injected img in {}",
                    page.display()
                );
            }
            for (name, value) in v.attrs() {
                assert!(
                    !name.starts_with("on"),
                    "{name} attribute in {}",
                    page.display()
                );
                assert!(
                    !value.trim().to_ascii_lowercase().starts_with("javascript:"),
                    "javascript: URL in {}",
                    page.display()
                );
            }
        }
    }
    let guide = std::fs::read_to_string(out.join("items/evil/index.html")).expect("read");
    assert!(
        guide.contains("&lt;script&gt;"),
        "the text is still shown, escaped"
    );
    // In the structured data the name is whole, and `</script>` in it ended nothing.
    let ld = Selector::parse(r#"script[type="application/ld+json"]"#).expect("selector");
    let doc = Html::parse_document(&guide);
    let json: String = doc.select(&ld).next().expect("JSON-LD").text().collect();
    assert!(!json.contains('<'), "{json}");
    let data: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(data["name"], evil);
}

#[test]
fn two_builds_are_byte_identical() {
    let dir = tempfile::tempdir().expect("dir");
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    assert_eq!(build(&bundled_site(), &a).0, 0);
    assert_eq!(build(&bundled_site(), &b).0, 0);
    let (sa, sb) = (common::file_tree(&a), common::file_tree(&b));
    assert_eq!(sa.keys().collect::<Vec<_>>(), sb.keys().collect::<Vec<_>>());
    for (path, bytes) in &sa {
        assert!(sb[path] == *bytes, "{path} differs");
    }
}

#[test]
fn failed_build_leaves_previous_output_untouched() {
    let site = TestSite::new();
    let dir = tempfile::tempdir().expect("dir");
    let out = dir.path().join("public");
    assert_eq!(build(site.path(), &out).0, 0);
    let before = common::file_tree(&out);
    site.write(
        "content/items/withdraw.yaml",
        &VALID_ITEM.replace("materials:", "materails:"),
    );
    let (code, _, stderr) = build(site.path(), &out);
    assert_eq!(code, 1);
    assert!(stderr.contains("E004"), "{stderr}");
    assert!(
        common::file_tree(&out) == before,
        "OUT changed after a failed build"
    );
}

#[test]
fn refuses_a_folder_it_did_not_make() {
    let site = TestSite::new();
    let dir = tempfile::tempdir().expect("dir");
    let out = dir.path().join("docs");
    std::fs::create_dir_all(&out).expect("mkdir");
    std::fs::write(out.join("precious.txt"), "keep").expect("write");
    let (code, _, stderr) = build(site.path(), &out);
    assert_eq!(code, 1);
    assert!(stderr.contains(".gongshi-output"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(out.join("precious.txt")).expect("kept"),
        "keep"
    );
}

#[test]
fn site_templates_override_the_default_one_file_at_a_time() {
    let site = TestSite::new();
    site.write(
        "templates/404.html",
        "{% extends \"base.html\" %}{% block main %}<h1>自定义 404</h1>{% endblock main %}",
    );
    site.write(
        "site.yaml",
        &(std::fs::read_to_string(site.path().join("site.yaml")).expect("read") + "language: en\n"),
    );
    let dir = tempfile::tempdir().expect("dir");
    let out = dir.path().join("public");
    let (code, stdout, stderr) = build(site.path(), &out);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.starts_with("built "), "{stdout}");
    let page = std::fs::read_to_string(out.join("404.html")).expect("404");
    assert!(page.contains("自定义 404") && page.contains("<html lang=\"en\">"));
    let home = std::fs::read_to_string(out.join("index.html")).expect("home");
    assert!(home.contains("Skip to content"), "English labels");
}

#[test]
fn broken_template_is_reported() {
    let site = TestSite::new();
    site.write(
        "templates/item.html",
        "{% extends \"base.html\" %}{% block main %}{{ g.item.name {% endblock main %}",
    );
    let dir = tempfile::tempdir().expect("dir");
    let (code, _, stderr) = build(site.path(), &dir.path().join("public"));
    assert_eq!(code, 1);
    assert!(stderr.contains("templates/item.html"), "{stderr}");
}

/// Serves `dir` over HTTP on a free port from a background thread; returns the port.
fn serve(dir: PathBuf) -> u16 {
    let server = tiny_http::Server::http("127.0.0.1:0").expect("bind");
    let port = server
        .server_addr()
        .to_ip()
        .map(|a| a.port())
        .expect("port");
    std::thread::spawn(move || {
        for req in server.incoming_requests() {
            let path = req.url().split('?').next().unwrap_or("/").to_string();
            let mut file = dir.join(percent_decode(path.trim_start_matches('/')));
            if path.ends_with('/') {
                file = file.join("index.html");
            }
            let resp = match std::fs::read(&file) {
                Ok(bytes) => {
                    let ty = match file.extension().and_then(|e| e.to_str()) {
                        Some("html") => "text/html; charset=utf-8",
                        Some("js") => "text/javascript",
                        Some("json") => "application/json",
                        Some("css") => "text/css",
                        _ => "application/octet-stream",
                    };
                    let header = tiny_http::Header::from_bytes("Content-Type", ty).expect("header");
                    tiny_http::Response::from_data(bytes)
                        .with_header(header)
                        .boxed()
                }
                Err(_) => tiny_http::Response::from_string("not found")
                    .with_status_code(404)
                    .boxed(),
            };
            let _ = req.respond(resp);
        }
    });
    port
}

#[test]
fn search_script_filters_in_headless_chromium() {
    let chromium = Path::new("/usr/bin/chromium");
    if !chromium.is_file() {
        eprintln!("skipped: no /usr/bin/chromium");
        return;
    }
    let dir = tempfile::tempdir().expect("dir");
    let out = dir.path().join("public");
    assert_eq!(build(&bundled_site(), &out).0, 0);
    let port = serve(out);
    let profile = tempfile::tempdir().expect("profile");
    let visible = |q: &str| -> Vec<String> {
        let url = format!("http://127.0.0.1:{port}/search/?q={q}");
        let o = std::process::Command::new(chromium)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
            ])
            .args([
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .args(["--virtual-time-budget=5000", "--dump-dom", &url])
            .output()
            .expect("run chromium");
        let dom = Html::parse_document(&String::from_utf8_lossy(&o.stdout));
        let sel = Selector::parse("#results li[data-id]:not([hidden])").expect("selector");
        dom.select(&sel)
            .filter_map(|li| li.value().attr("data-id").map(str::to_string))
            .collect()
    };
    let withdraw = visible("%E5%85%AC%E7%A7%AF%E9%87%91%E6%8F%90%E5%8F%96"); // 公积金提取
    // The page ranks as the Rust index does: whole phrase in the name first.
    assert_eq!(
        withdraw,
        vec![
            "gjj-withdraw-retire",
            "gjj-withdraw-purchase",
            "gjj-loan",
            "gjj-open-account"
        ]
    );
    let real_estate = visible("%E4%B8%8D%E5%8A%A8%E4%BA%A7"); // 不动产
    for id in ["bdc-query", "bdc-transfer", "bdc-change", "bdc-mortgage"] {
        assert!(
            real_estate.iter().any(|r| r == id),
            "{id} not in {real_estate:?}"
        );
    }
}

/// Inode of every file under `dir`: a rewritten file gets a new one.
#[cfg(unix)]
fn inodes(dir: &Path) -> BTreeMap<String, u64> {
    use std::os::unix::fs::MetadataExt as _;
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).expect("inside");
            (
                rel.to_string_lossy().into_owned(),
                e.metadata().expect("stat").ino(),
            )
        })
        .collect()
}

#[test]
fn an_up_to_date_build_repeats_its_warnings_and_repairs_a_hand_edited_output() {
    let site = TestSite::new();
    site.write("content/staff/zhang.yaml", "name: 张三\nwindow: gjj\n");
    let dir = tempfile::tempdir().expect("dir");
    let out = dir.path().join("public");
    let run = |extra: &[&str]| {
        let o = gongshi()
            .arg("build")
            .arg(site.path())
            .arg("-o")
            .arg(&out)
            .args(extra)
            .output()
            .expect("run gongshi");
        assert!(o.status.success(), "{o:?}");
        (
            String::from_utf8_lossy(&o.stdout).into_owned(),
            String::from_utf8_lossy(&o.stderr).into_owned(),
        )
    };
    let (stdout, first_warnings) = run(&["--no-print"]);
    assert!(!stdout.contains("已是最新"), "{stdout}");
    assert!(first_warnings.contains("W102"), "{first_warnings}");
    // Nothing changed: the same warnings, word for word, and nothing made.
    let (stdout, warnings) = run(&["--no-print"]);
    assert!(stdout.contains("已是最新"), "{stdout}");
    assert_eq!(warnings, first_warnings);
    // A page of OUT edited by hand: rebuilt and put right.
    let home = out.join("index.html");
    let made = std::fs::read(&home).expect("home page");
    std::fs::write(&home, b"defaced").expect("write");
    let (stdout, _) = run(&["--no-print"]);
    assert!(
        !stdout.contains("已是最新") && stdout.contains("，1 个文件有变化"),
        "{stdout}"
    );
    assert_eq!(std::fs::read(&home).expect("home page"), made);
    // Other options make other output.
    let (stdout, _) = run(&[]);
    assert!(!stdout.contains("已是最新"), "{stdout}");
    assert!(out.join("print").is_dir());
    // The note lives beside OUT, not in it (it is not published).
    assert!(dir.path().join(".public.gongshi-stamp").is_file());
    assert!(
        !walkdir::WalkDir::new(&out)
            .into_iter()
            .filter_map(Result::ok)
            .any(|e| e.file_name().to_string_lossy().contains("stamp"))
    );
}

#[cfg(unix)]
#[test]
fn a_rebuild_writes_only_what_changed_and_equals_a_fresh_build() {
    let site = TestSite::new();
    let dir = tempfile::tempdir().expect("dir");
    let out = dir.path().join("public");
    let (code, stdout, stderr) = build(site.path(), &out);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let first = inodes(&out);
    assert!(
        first.keys().any(|k| k.ends_with(".pdf")),
        "print is part of the build"
    );

    let (code, stdout, stderr) = build(site.path(), &out);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("，0 个文件有变化"), "{stdout}");
    assert!(
        stdout.contains("已是最新"),
        "nothing changed, yet rebuilt: {stdout}"
    );
    assert_eq!(
        inodes(&out),
        first,
        "a rebuild with no change rewrote files"
    );
    // A change the pages do not show (a YAML comment): everything is made again, and still
    // no file is rewritten.
    let item = site.path().join("content/items/withdraw.yaml");
    let text = std::fs::read_to_string(&item).expect("read");
    site.write("content/items/withdraw.yaml", &format!("{text}\n# 备注\n"));
    let (code, stdout, stderr) = build(site.path(), &out);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(
        stdout.contains("，0 个文件有变化") && !stdout.contains("已是最新"),
        "{stdout}"
    );
    assert_eq!(inodes(&out), first, "an invisible change rewrote files");

    // An edit and a new item: the in-place update equals a build from scratch.
    site.write(
        "content/items/withdraw.yaml",
        &VALID_ITEM.replace("公积金提取", "住房公积金提取"),
    );
    site.write(
        "content/items/second.yaml",
        &VALID_ITEM
            .replace("GJJ-1", "GJJ-2")
            .replace("公积金提取", "公积金贷款"),
    );
    let (code, stdout, stderr) = build(site.path(), &out);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let fresh = dir.path().join("fresh");
    let (code, stdout, stderr) = build(site.path(), &fresh);
    assert_eq!(code, 0, "{stdout}{stderr}");
    // The print order says what changed since the previous run (and the manifest keeps what
    // it compared with): those two differ from a fresh build by design.
    let compared = |dir: &Path| {
        let mut files = common::file_tree(dir);
        files.retain(|path, _| {
            !["print/order.csv", "print/order.pdf", "print/manifest.json"].contains(&path.as_str())
        });
        files
    };
    let (updated, from_scratch) = (compared(&out), compared(&fresh));
    assert_eq!(
        updated.keys().collect::<Vec<_>>(),
        from_scratch.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &updated {
        assert!(
            bytes == &from_scratch[path],
            "{path} differs from a fresh build"
        );
    }
    let after = inodes(&out);
    let untouched = first
        .iter()
        .filter(|(path, ino)| after.get(*path) == Some(ino))
        .count();
    assert!(
        untouched > 0,
        "files the edit does not reach stay as they were"
    );
    assert!(after["items/withdraw/index.html"] != first["items/withdraw/index.html"]);
}

#[test]
fn a_department_page_lists_the_items_it_implements_at_other_windows() {
    let site = TestSite::new();
    site.write(
        "content/windows/gjj.yaml",
        "number: \"1\"\nname: 公积金窗口\ndepartment: 住房公积金管理中心\nchief: zhang\nrules: [first]\n",
    );
    site.write(
        "content/windows/bdc.yaml",
        "number: \"2\"\nname: 不动产窗口\ndepartment: 自然资源局\n",
    );
    site.write(
        "content/items/withdraw.yaml",
        &VALID_ITEM.replace("window: gjj\n", "window: gjj\nimplementer: 自然资源局\n"),
    );
    let dir = tempfile::tempdir().expect("dir");
    let out = dir.path().join("public");
    let (code, stdout, stderr) = build(site.path(), &out);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let department = |name: &str| -> String {
        walkdir::WalkDir::new(out.join("departments"))
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_name() == "index.html")
            .map(|e| std::fs::read_to_string(e.path()).expect("read"))
            .find(|page| page.contains(&format!("<h1>{name}</h1>")))
            .unwrap_or_else(|| panic!("no page for {name}"))
    };
    let implementing = department("自然资源局");
    assert!(
        implementing.contains("在其他窗口办理的事项") && implementing.contains("公积金提取"),
        "the 实施机关 lists the item handled at another department's window"
    );
    let hosting = department("住房公积金管理中心");
    assert!(
        !hosting.contains("在其他窗口办理的事项"),
        "the window's department lists it only through its window"
    );
    assert!(hosting.contains("公积金窗口"));
}
