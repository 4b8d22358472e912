//! What a government-site inspection looks at, on real builds: the footer marks, the meta
//! tags crawlers read, the 纠错 link, JSON-LD, elder mode (长者模式), the change history and
//! its feed, and the open data files compared with the content.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use common::*;
use scraper::{ElementRef, Html, Selector};

const MARKS: &str = "sponsor: 测试市人民政府办公室\norganizer: 测试市政务服务中心\nsite_id_code: \"1234000099\"\nicp: 测ICP备12345678号-2\npolice_record: 测公网安备 11010502030099号\nconac_url: https://bszs.conac.cn/sitename?method=show&id=ABC\ncontact: web@example.gov.cn\nhotline: \"12345\"\ncorrection_url: https://example.gov.cn/jiucuo/?from=site\narea: 测试市\n";

/// A test site with every mark, a second window with a department, and items that cover
/// fees in every shape, calendar-day and working-day limits and a change history.
fn full_site() -> TestSite {
    let site = TestSite::new();
    let yaml = std::fs::read_to_string(site.path().join("site.yaml")).expect("site.yaml");
    let without = yaml
        .lines()
        .filter(|l| {
            !["site_id_code", "icp", "correction_url"]
                .iter()
                .any(|k| l.starts_with(k))
        })
        .collect::<Vec<_>>()
        .join("\n");
    site.write("site.yaml", &format!("{without}\n{MARKS}"));
    site.write(
        "content/windows/bdc.yaml",
        "number: \"8\"\nname: 不动产窗口\ndepartment: 测试市自然资源局\nlocation: 二楼 8 号窗口\nhours: 周一至周五 9:00-17:00\nphone: 0123-8888\n",
    );
    site.write(
        "content/items/transfer.yaml",
        "name: 不动产转移登记\ncode: BDC-01\nkind: 行政确认\naudience: [自然人, 法人]\nwindow: bdc\ncase_type: promised\nbasis:\n  - 《不动产登记暂行条例》\n  - 《实施细则》第三十八条\ntime_limit:\n  legal: 30日\n  promised: 20日\nfees:\n  - name: 登记费\n    amount: 80\n    unit: 件\n    basis: 发改价格规〔2016〕2559号\n  - name: 工本费\n    amount: 10-50\n    basis: 同上\nonline_url: https://zwfw.example.gov.cn/bdc\nmaterials:\n  - name: 申请书\n    original: 1\n  - name: \"身份证, 复印件\"\n    original: 1\n    copy: 2\n    required: 委托办理的提供\n    note: 'A \"quoted\" note'\nupdated: 2026-03-01\nchanges:\n  - date: 2026-01-10\n    note: 取消户口簿复印件\n  - date: 2026-05-20\n    note: 承诺时限由 25 日压缩为 20 日 <了> & 更多\n",
    );
    site
}

fn build_web(site: &TestSite) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp");
    let out = dir.path().join("public");
    let o = gongshi()
        .arg("build")
        .arg(site.path())
        .arg("-o")
        .arg(&out)
        .arg("--no-print")
        .output()
        .expect("run gongshi");
    assert!(
        o.status.success(),
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    (dir, out)
}

fn page(out: &Path, rel: &str) -> Html {
    let text = std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    Html::parse_document(&text)
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).expect("selector")
}

fn meta(doc: &Html, name: &str) -> Option<String> {
    let by_name = sel(&format!(r#"meta[name="{name}"], meta[property="{name}"]"#));
    doc.select(&by_name)
        .next()
        .and_then(|m| m.value().attr("content").map(String::from))
}

fn text(e: ElementRef) -> String {
    e.text().collect::<String>()
}

/// The standard HTML pages of a build (not the elder ones), relative to OUT.
fn standard_pages(out: &Path) -> Vec<String> {
    let mut pages: Vec<String> = walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            e.path()
                .strip_prefix(out)
                .expect("inside")
                .to_string_lossy()
                .replace('\\', "/")
        })
        .filter(|p| !p.starts_with("elder/") && !p.starts_with("print/"))
        .collect();
    pages.sort();
    pages
}

/// The query parameters of a URL, decoded.
fn query(url: &str) -> BTreeMap<String, String> {
    let q = url.split_once('?').map_or("", |(_, q)| q);
    q.split('&')
        .filter_map(|p| p.split_once('='))
        .map(|(k, v)| {
            (
                k.to_string(),
                gongshi::routes::decode(v).expect("well-formed escape"),
            )
        })
        .collect()
}

#[test]
fn every_page_carries_the_marks_the_meta_tags_and_a_correction_link() {
    let site = full_site();
    let (_dir, out) = build_web(&site);
    let pages = standard_pages(&out);
    assert!(pages.len() > 8, "{pages:?}");
    for rel in &pages {
        let doc = page(&out, rel);
        let canonical = doc
            .select(&sel(r#"link[rel="canonical"]"#))
            .next()
            .and_then(|l| l.value().attr("href").map(String::from))
            .expect("canonical");
        assert_eq!(meta(&doc, "SiteName").as_deref(), Some("测试中心"), "{rel}");
        assert_eq!(
            meta(&doc, "SiteDomain").as_deref(),
            Some("example.gov.cn"),
            "{rel}"
        );
        assert_eq!(
            meta(&doc, "SiteIDCode").as_deref(),
            Some("1234000099"),
            "{rel}"
        );
        for name in [
            "ColumnName",
            "ColumnType",
            "ArticleTitle",
            "ContentSource",
            "description",
            "og:title",
            "og:description",
        ] {
            assert!(
                meta(&doc, name).is_some_and(|v| !v.trim().is_empty()),
                "{name} in {rel}"
            );
        }
        assert_eq!(meta(&doc, "og:url"), Some(canonical.clone()), "{rel}");
        // Footer marks.
        let footer = doc.select(&sel("footer")).next().expect("footer");
        let footer_text = text(footer);
        for mark in [
            "主办单位：测试市人民政府办公室",
            "承办单位：测试市政务服务中心",
            "网站标识码：1234000099",
            "测ICP备12345678号-2",
            "测公网安备 11010502030099号",
            "党政机关",
            "联系我们：web@example.gov.cn",
            "服务热线：12345",
        ] {
            assert!(footer_text.contains(mark), "{mark} in the footer of {rel}");
        }
        let href = |text_part: &str| -> String {
            footer
                .select(&sel("a"))
                .find(|a| text(*a).contains(text_part))
                .and_then(|a| a.value().attr("href").map(String::from))
                .unwrap_or_else(|| panic!("link {text_part} in {rel}"))
        };
        assert_eq!(href("测ICP备"), "https://beian.miit.gov.cn/");
        assert_eq!(
            href("测公网安备"),
            "https://beian.mps.gov.cn/#/query/webSearch?code=11010502030099"
        );
        assert_eq!(
            href("党政机关"),
            "https://bszs.conac.cn/sitename?method=show&id=ABC"
        );
        assert_eq!(href("web@example"), "mailto:web@example.gov.cn");
        assert_eq!(href("12345"), "tel:12345");
        assert!(href("开放数据").ends_with("data/"), "{rel}");
        assert!(
            footer
                .select(&sel("a.police img"))
                .next()
                .and_then(|i| i.value().attr("alt"))
                .is_some_and(|a| !a.is_empty()),
            "police emblem with alt text in {rel}"
        );
        // 纠错: the page's own address and title, encoded into the configured address.
        let title = text(doc.select(&sel("title")).next().expect("title"));
        let corrections: Vec<String> = doc
            .select(&sel("a"))
            .filter(|a| text(*a) == "我要纠错")
            .filter_map(|a| a.value().attr("href").map(String::from))
            .collect();
        assert!(!corrections.is_empty(), "纠错 link in {rel}");
        for link in corrections {
            assert!(link.starts_with("https://example.gov.cn/jiucuo/?from=site&url="));
            let q = query(&link);
            assert_eq!(q["url"], canonical, "{rel}");
            assert_eq!(q["title"], title, "{rel}");
        }
    }
    let guide = page(&out, "items/transfer/index.html");
    assert_eq!(meta(&guide, "PubDate").as_deref(), Some("2026-05-20"));
    assert_eq!(
        meta(&guide, "ContentSource").as_deref(),
        Some("测试市自然资源局")
    );
    assert_eq!(
        meta(&guide, "ArticleTitle").as_deref(),
        Some("不动产转移登记")
    );
    assert_eq!(meta(&guide, "ColumnType").as_deref(), Some("办事服务"));
    assert_eq!(meta(&page(&out, "index.html"), "PubDate"), None);
}

#[test]
fn a_site_without_marks_shows_none_and_no_correction_link() {
    let site = TestSite::new();
    site.write(
        "site.yaml",
        "title: 测试中心\nbase_url: https://example.gov.cn/center/\n",
    );
    let (_dir, out) = build_web(&site);
    let doc = page(&out, "items/withdraw/index.html");
    assert_eq!(meta(&doc, "SiteIDCode"), None);
    assert_eq!(doc.select(&sel(".marks")).count(), 0);
    assert!(!doc.select(&sel("a")).any(|a| text(a) == "我要纠错"));
    assert_eq!(meta(&doc, "SiteDomain").as_deref(), Some("example.gov.cn"));
}

/// The JSON-LD objects of a page.
fn json_ld(doc: &Html) -> Vec<serde_json::Value> {
    doc.select(&sel(r#"script[type="application/ld+json"]"#))
        .map(|s| {
            let json = text(s);
            serde_json::from_str(&json).unwrap_or_else(|e| panic!("not JSON ({e}): {json}"))
        })
        .collect()
}

/// Every `@type` in a JSON-LD value.
fn types(v: &serde_json::Value, found: &mut BTreeSet<String>) {
    match v {
        serde_json::Value::Object(map) => {
            if let Some(t) = map.get("@type").and_then(|t| t.as_str()) {
                found.insert(t.to_string());
            }
            map.values().for_each(|v| types(v, found));
        }
        serde_json::Value::Array(list) => list.iter().for_each(|v| types(v, found)),
        _ => {}
    }
}

#[test]
fn json_ld_describes_items_windows_and_the_center() {
    let site = full_site();
    let (_dir, out) = build_web(&site);
    // Only schema.org types, on every page that has structured data.
    let schema_org: BTreeSet<&str> = [
        "GovernmentService",
        "GovernmentOrganization",
        "GovernmentOffice",
        "ServiceChannel",
        "ContactPoint",
        "Offer",
        "PriceSpecification",
        "AdministrativeArea",
        "Audience",
    ]
    .into();
    for rel in standard_pages(&out) {
        for v in json_ld(&page(&out, &rel)) {
            assert_eq!(v["@context"], "https://schema.org", "{rel}");
            let mut found = BTreeSet::new();
            types(&v, &mut found);
            for t in &found {
                assert!(schema_org.contains(t.as_str()), "{t} in {rel}");
            }
        }
    }
    let item = json_ld(&page(&out, "items/transfer/index.html"));
    assert_eq!(item.len(), 1);
    let s = &item[0];
    assert_eq!(s["@type"], "GovernmentService");
    assert_eq!(s["name"], "不动产转移登记");
    assert_eq!(s["identifier"], "BDC-01");
    assert_eq!(s["serviceType"], "行政确认");
    assert_eq!(s["url"], "https://example.gov.cn/center/items/transfer/");
    assert_eq!(s["provider"]["@type"], "GovernmentOrganization");
    assert_eq!(s["provider"]["name"], "测试市自然资源局");
    assert_eq!(s["areaServed"]["name"], "测试市");
    let audience: Vec<&str> = s["audience"]
        .as_array()
        .expect("both audiences")
        .iter()
        .map(|a| {
            assert_eq!(a["@type"], "Audience");
            a["audienceType"].as_str().expect("named")
        })
        .collect();
    assert_eq!(audience, ["自然人", "法人"]);
    let channel = &s["availableChannel"];
    assert_eq!(channel["@type"], "ServiceChannel");
    assert_eq!(channel["processingTime"], "P20D");
    assert_eq!(channel["serviceUrl"], "https://zwfw.example.gov.cn/bdc");
    assert_eq!(channel["servicePhone"]["telephone"], "0123-8888");
    let office = &channel["serviceLocation"];
    assert_eq!(office["@type"], "GovernmentOffice");
    assert_eq!(office["address"], "二楼 8 号窗口");
    assert_eq!(office["openingHours"], "周一至周五 9:00-17:00");
    let offers = s["offers"].as_array().expect("one offer per fee");
    assert_eq!(offers[0]["price"], "80");
    assert_eq!(offers[0]["priceCurrency"], "CNY");
    assert_eq!(offers[0]["description"], "发改价格规〔2016〕2559号");
    assert_eq!(offers[1]["priceSpecification"]["minPrice"], "10");
    assert_eq!(offers[1]["priceSpecification"]["maxPrice"], "50");
    assert_eq!(
        s["termsOfService"],
        "《不动产登记暂行条例》；《实施细则》第三十八条"
    );
    // Working days are no exact duration; a free item offers at price 0.
    let withdraw = &json_ld(&page(&out, "items/withdraw/index.html"))[0];
    assert!(withdraw["availableChannel"].get("processingTime").is_none());
    assert!(
        withdraw.get("audience").is_none(),
        "not stated, not guessed"
    );
    assert_eq!(withdraw["offers"]["price"], "0");
    // The window and the center.
    let office = &json_ld(&page(&out, "windows/bdc/index.html"))[0];
    assert_eq!(office["@type"], "GovernmentOffice");
    assert_eq!(office["name"], "8 号窗口 不动产窗口");
    assert_eq!(office["parentOrganization"]["name"], "测试市自然资源局");
    let center = &json_ld(&page(&out, "index.html"))[0];
    assert_eq!(center["@type"], "GovernmentOrganization");
    let points = center["contactPoint"].as_array().expect("contact points");
    assert!(
        points
            .iter()
            .any(|p| p["telephone"] == "12345" && p["contactType"] == "监督投诉电话"),
        "{points:?}"
    );
}

/// Resolves a relative link of the page at `rel` to a path in OUT (`items/a/index.html`).
fn resolve(rel: &str, href: &str) -> String {
    let mut parts: Vec<&str> = rel.split('/').collect();
    parts.pop();
    let href = href.split(['#', '?']).next().unwrap_or("");
    for p in href.split('/') {
        match p {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            p => parts.push(p),
        }
    }
    let mut path = parts.join("/");
    if href.is_empty() || href.ends_with('/') {
        if !path.is_empty() {
            path.push('/');
        }
        path.push_str("index.html");
    }
    gongshi::routes::decode(&path).expect("well-formed")
}

#[test]
fn elder_pages_mirror_every_page_and_keep_the_reader_in_elder_mode() {
    let site = full_site();
    let (_dir, out) = build_web(&site);
    let switch = sel("a.mode-switch");
    let links = sel("a[href]");
    let shared = [
        "static/",
        "files/",
        "img/",
        "data/",
        "atom.xml",
        "changes.xml",
        "sitemap.xml",
    ];
    for rel in standard_pages(&out) {
        let doc = page(&out, &rel);
        let to_elder = doc
            .select(&switch)
            .next()
            .and_then(|a| a.value().attr("href"))
            .expect("switch");
        let elder_rel = resolve(&rel, to_elder);
        if rel == "404.html" {
            // Served at any address, with absolute links: it switches to the elder home page.
            assert_eq!(to_elder, "/center/elder/");
            continue;
        }
        assert_eq!(elder_rel, format!("elder/{rel}"));
        let elder = page(&out, &elder_rel);
        let back = elder.select(&switch).next().expect("switch back");
        assert_eq!(text(back), "标准模式");
        assert_eq!(
            resolve(&elder_rel, back.value().attr("href").expect("href")),
            rel
        );
        assert!(elder.select(&sel(r#"link[rel="stylesheet"]"#)).any(|l| {
            l.value()
                .attr("href")
                .is_some_and(|h| h.ends_with("static/elder.css"))
        }));
        assert_eq!(elder.select(&sel(".qr, .flow")).count(), 0, "{elder_rel}");
        assert!(json_ld(&elder).is_empty(), "{elder_rel}");
        // The same page: same heading, same canonical address.
        assert_eq!(
            doc.select(&sel("h1")).map(text).collect::<Vec<_>>(),
            elder.select(&sel("h1")).map(text).collect::<Vec<_>>()
        );
        // Page links stay in elder/, shared files are the standard ones, all exist.
        for a in elder.select(&links) {
            let href = a.value().attr("href").unwrap_or("");
            if href.contains(':')
                || href.starts_with('#')
                || a.value().classes().any(|c| c == "mode-switch")
            {
                continue;
            }
            let target = resolve(&elder_rel, href);
            assert!(
                out.join(&target).is_file(),
                "{elder_rel}: {href} → {target}"
            );
            let is_shared = shared.iter().any(|s| target.starts_with(s));
            assert_eq!(
                target.starts_with("elder/"),
                !is_shared,
                "{elder_rel}: {href} → {target}"
            );
        }
    }
}

#[test]
fn the_change_history_is_shown_and_fed() {
    let site = full_site();
    let (_dir, out) = build_web(&site);
    let doc = page(&out, "items/transfer/index.html");
    let updated = text(doc.select(&sel("p.updated")).next().expect("最后更新"));
    assert!(
        updated.contains("最后更新") && updated.contains("2026-05-20"),
        "{updated}"
    );
    let records: Vec<String> = doc.select(&sel(".changes li")).map(text).collect();
    assert_eq!(
        records,
        [
            "2026-05-20 承诺时限由 25 日压缩为 20 日 <了> & 更多",
            "2026-01-10 取消户口簿复印件"
        ]
    );
    let feed = std::fs::read_to_string(out.join("changes.xml")).expect("changes.xml");
    assert!(feed.starts_with("<?xml"));
    assert!(
        feed.contains("<link rel=\"self\" href=\"https://example.gov.cn/center/changes.xml\"/>")
    );
    assert_eq!(feed.matches("<entry>").count(), 2);
    let first = feed
        .find("2026-05-20T00:00:00Z</updated>\n<summary>")
        .expect("newest");
    let second = feed.find("2026-01-10T00:00:00Z</updated>").expect("older");
    assert!(first < second, "newest first");
    assert!(feed.contains("<summary>承诺时限由 25 日压缩为 20 日 &lt;了&gt; &amp; 更多</summary>"));
    assert!(
        feed.contains("<id>https://example.gov.cn/center/items/transfer/#change-2026-05-20</id>")
    );
    assert!(feed.contains("<updated>2026-05-20T00:00:00Z</updated>\n<author>"));
    // Linked from every page's head and footer.
    let home = page(&out, "index.html");
    assert!(
        home.select(&sel(r#"link[rel="alternate"]"#))
            .any(|l| l.value().attr("href") == Some("./changes.xml"))
    );
}

/// Reads CSV as written by RFC 4180 (quoted fields may hold commas, quotes and line breaks).
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    rows
}

#[test]
fn open_data_matches_the_content() {
    let site = full_site();
    let (_dir, out) = build_web(&site);
    let bytes = std::fs::read(out.join("data/items.csv")).expect("items.csv");
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "BOM for Excel");
    let text = String::from_utf8(bytes[3..].to_vec()).expect("UTF-8");
    assert!(text.ends_with("\r\n"));
    let rows = parse_csv(&text);
    let header = &rows[0];
    for column in [
        "事项名称",
        "事项编码",
        "事项类型",
        "实施主体",
        "办件类型",
        "法定办结时限",
        "承诺办结时限",
        "收费标准",
        "设定依据",
        "办理地点",
        "办理时间",
        "咨询电话",
        "监督投诉电话",
        "到现场次数",
        "网上办理地址",
        "更新日期",
    ] {
        assert!(header.iter().any(|h| h == column), "{column} in {header:?}");
    }
    let records: Vec<BTreeMap<&str, &str>> = rows[1..]
        .iter()
        .map(|r| {
            assert_eq!(r.len(), header.len());
            header
                .iter()
                .map(String::as_str)
                .zip(r.iter().map(String::as_str))
                .collect()
        })
        .collect();
    assert_eq!(records.len(), 2, "one row per item");
    let transfer = records
        .iter()
        .find(|r| r["事项编码"] == "BDC-01")
        .expect("the transfer item");
    assert_eq!(transfer["事项名称"], "不动产转移登记");
    assert_eq!(transfer["实施主体"], "测试市自然资源局");
    assert_eq!(transfer["办件类型"], "承诺件");
    assert_eq!(transfer["法定办结时限"], "30日");
    assert_eq!(transfer["承诺办结时限"], "20日");
    assert_eq!(transfer["收费标准"], "登记费 80 元/件\n工本费 10–50 元");
    assert_eq!(
        transfer["设定依据"],
        "《不动产登记暂行条例》\n《实施细则》第三十八条"
    );
    assert_eq!(transfer["办理地点"], "二楼 8 号窗口");
    assert_eq!(transfer["咨询电话"], "0123-8888");
    assert_eq!(
        transfer["监督投诉电话"], "12345",
        "inherited from the center"
    );
    assert_eq!(transfer["网上办理地址"], "https://zwfw.example.gov.cn/bdc");
    assert_eq!(transfer["更新日期"], "2026-05-20");
    let withdraw = records
        .iter()
        .find(|r| r["事项编码"] == "GJJ-1")
        .expect("the withdraw item");
    assert_eq!(withdraw["收费标准"], "不收费");
    assert_eq!(
        withdraw["办理地点"], "人民路 1 号",
        "inherited from the center"
    );

    let materials = std::fs::read(out.join("data/materials.csv")).expect("materials.csv");
    assert!(materials.starts_with(b"\xEF\xBB\xBF"));
    let rows = parse_csv(std::str::from_utf8(&materials[3..]).expect("UTF-8"));
    assert_eq!(rows.len(), 1 + 3, "header and one row per material");
    let h = &rows[0];
    let col = |name: &str| h.iter().position(|c| c == name).expect(name);
    let id = &rows[3];
    assert_eq!(id[col("事项编码")], "BDC-01");
    assert_eq!(id[col("材料名称")], "身份证, 复印件");
    assert_eq!(id[col("复印件")], "2");
    assert_eq!(id[col("是否必需")], "委托办理的提供");
    assert_eq!(id[col("备注")], "A \"quoted\" note");

    // The JSON has the same columns and values, materials inside their item.
    let raw = std::fs::read_to_string(out.join("data/items.json")).expect("json");
    let json: serde_json::Value = serde_json::from_str(&raw).expect("valid JSON");
    // Each key once per item: the nested materials replace the column, not repeat it.
    assert_eq!(raw.matches("\"申请材料\":").count(), 2, "{raw}");
    let items = json["事项"].as_array().expect("items");
    assert_eq!(items.len(), 2);
    let t = items
        .iter()
        .find(|i| i["事项编码"] == "BDC-01")
        .expect("transfer");
    for (k, v) in transfer.iter().filter(|(k, _)| **k != "申请材料") {
        assert_eq!(t[*k], *v, "{k}");
    }
    let keys: BTreeSet<&str> = t
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, header.iter().map(String::as_str).collect());
    assert_eq!(t["申请材料"][1]["材料名称"], "身份证, 复印件");
    // The page lists the files.
    let data = page(&out, "data/index.html");
    let files: Vec<String> = data
        .select(&sel(".data-files a"))
        .filter_map(|a| a.value().attr("href"))
        .map(|h| resolve("data/index.html", h))
        .collect();
    assert_eq!(
        files,
        ["data/items.csv", "data/materials.csv", "data/items.json"]
    );
}

/// The codes of a check's diagnostics, with their file and line.
fn codes(diags: &[serde_json::Value]) -> Vec<(String, String, u64)> {
    let mut out: Vec<(String, String, u64)> = diags
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or("").to_string(),
                d["file"].as_str().unwrap_or("").to_string(),
                d["line"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn strict_check_reports_missing_marks_and_stale_guides_and_plain_check_stays_quiet() {
    let site = TestSite::new();
    site.write(
        "site.yaml",
        "title: 测试中心\nbase_url: https://example.gov.cn/center/\ncenter:\n  phone: 0123-1000\n  complaint_phone: \"12345\"\n",
    );
    // TODAY is 2026-12-01: updated 2025-11-30 is more than 12 months ago, but the change
    // record's date counts as the last update too.
    let withdraw = VALID_ITEM.replace("updated: 2026-06-01", "updated: 2025-11-30");
    site.write("content/items/withdraw.yaml", &withdraw);
    site.write(
        "content/items/undated.yaml",
        &VALID_ITEM
            .replace("updated: 2026-06-01\n", "")
            .replace("GJJ-1", "GJJ-2"),
    );
    site.write(
        "content/items/changed.yaml",
        &format!(
            "{}changes:\n  - date: 2026-02-01\n    note: 材料精简\n",
            withdraw.replace("GJJ-1", "GJJ-3")
        ),
    );
    assert_eq!(site.check(&[]), (0, vec![]), "a plain check is quiet");
    let (code, diags) = site.check(&["--strict"]);
    assert_eq!(code, 1, "{diags:#?}");
    let updated_line = withdraw
        .lines()
        .position(|l| l.starts_with("updated"))
        .expect("updated") as u64
        + 1;
    assert_eq!(
        codes(&diags),
        [
            ("W170".into(), "site.yaml".into(), 0),
            ("W171".into(), "site.yaml".into(), 0),
            (
                "W172".into(),
                "content/items/withdraw.yaml".into(),
                updated_line
            ),
            ("W173".into(), "content/items/undated.yaml".into(), 1),
            ("W174".into(), "site.yaml".into(), 0),
        ]
    );
    let stale = diags.iter().find(|d| d["code"] == "W172").expect("W172");
    assert!(
        stale["message"]
            .as_str()
            .is_some_and(|m| m.contains("2025-11-30") && m.contains("12 months")),
        "{stale}"
    );
    // The age is configurable; 0 turns it off. The day comes from --today as well.
    site.write(
        "site.yaml",
        &format!("{MARKS}title: 测试中心\nbase_url: https://example.gov.cn/center/\ncenter:\n  phone: 0123-1000\n  complaint_phone: \"12345\"\nstale_after_months: 0\n"),
    );
    assert_eq!(
        site.check(&["--strict"]),
        (0, vec![]),
        "0: no age checks at all"
    );
    site.write(
        "site.yaml",
        &format!("{MARKS}title: 测试中心\nbase_url: https://example.gov.cn/center/\ncenter:\n  phone: 0123-1000\n  complaint_phone: \"12345\"\nstale_after_months: 6\n"),
    );
    let (_, diags) = site.check(&["--strict", "--today", "2026-06-02"]);
    let stale: Vec<_> = codes(&diags).into_iter().map(|(c, f, _)| (c, f)).collect();
    assert_eq!(
        stale,
        [
            ("W172".into(), "content/items/withdraw.yaml".into()),
            ("W173".into(), "content/items/undated.yaml".into()),
        ]
    );
}
