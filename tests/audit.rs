//! `gongshi audit` (达标自查): one section per window on real sites, ✗ with the file and line
//! for each way a window fails the standard, the JSON shape, the PDF to sign, and the HTML
//! report in serve's preview but not in the public site unless `audit.publish` is set.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use common::*;
use serde_json::Value;

/// Runs `gongshi audit SITE ARGS --today 2026-11-30`: (exit code, stdout).
fn audit(site: &Path, args: &[&str]) -> (i32, String) {
    let out = gongshi()
        .arg("audit")
        .arg(site)
        .args(["--today", "2026-11-30"])
        .args(args)
        .output()
        .expect("run gongshi audit");
    assert!(
        out.status.code() != Some(2) && out.status.code() != Some(1),
        "audit failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

fn audit_json(site: &Path) -> (i32, Value) {
    let (code, text) = audit(site, &["--format", "json"]);
    let value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"));
    (code, value)
}

/// A JPEG of `w`×`h` pixels.
fn jpeg(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_pixel(w, h, image::Rgb([190, 170, 150]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Jpeg)
        .expect("encode");
    out.into_inner()
}

/// A small site whose one window meets every point of the standard once it is printed.
fn complete_site() -> TestSite {
    let site = TestSite::new();
    site.write(
        "content/windows/gjj.yaml",
        "number: \"1\"\nname: 公积金窗口\nchief: zhang\nrules: [first, notice, limit]\n",
    );
    site.write(
        "content/staff/zhang.yaml",
        "name: 张三\nwindow: gjj\nphoto: photos/zhang.jpg\npost: 受理员\nemployee_no: \"A001\"\n",
    );
    site.write_bytes("content/photos/zhang.jpg", &jpeg(1800, 2400));
    site.write(
        "content/rules/notice.md",
        "---\ntitle: 一次性告知制\n---\n正文\n",
    );
    site.write(
        "content/rules/limit.md",
        "---\ntitle: 限时办结制\n---\n正文\n",
    );
    site
}

fn print_all(site: &Path) {
    let out = gongshi().arg("print").arg(site).output().expect("print");
    assert!(
        out.status.success(),
        "print failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn criterion<'a>(section: &'a Value, key: &str) -> &'a Value {
    section["criteria"]
        .as_array()
        .expect("criteria")
        .iter()
        .find(|c| c["key"] == key)
        .unwrap_or_else(|| panic!("no criterion {key} in {section:#}"))
}

/// Asserts the criterion fails with a finding of `code` at `file` (and `line` when not 0).
fn assert_fails(section: &Value, key: &str, code: &str, file: &str, line: u64) {
    let c = criterion(section, key);
    assert_eq!(c["status"], "fail", "{key} should fail: {c:#}");
    let found = c["findings"].as_array().expect("findings").iter().any(|f| {
        f["code"] == code && f["file"] == file && (line == 0 || f["line"].as_u64() == Some(line))
    });
    assert!(found, "{key}: expected {code} at {file}:{line}, got {c:#}");
}

#[test]
fn the_bundled_example_and_the_reference_site_get_one_section_per_window() {
    for (site, windows) in [(bundled_site(), 5), (reference_site(), 3)] {
        let (_, report) = audit_json(&site);
        let sections = report["windows"].as_array().expect("windows");
        assert_eq!(sections.len(), windows, "{}", site.display());
        for s in sections {
            let keys: Vec<&str> = s["criteria"]
                .as_array()
                .expect("criteria")
                .iter()
                .map(|c| c["key"].as_str().expect("key"))
                .collect();
            for key in [
                "staff_identity",
                "materials",
                "fees",
                "promised_within_legal",
                "rules",
            ] {
                assert!(keys.contains(&key), "{key} missing in {keys:?}");
                assert_eq!(criterion(s, key)["status"], "pass", "{}: {key}", s["name"]);
            }
        }
        // The text report has the same windows, each with its score.
        let (_, text) = audit(&site, &[]);
        for s in sections {
            let score = &s["score"];
            let line = format!(
                "{} {}  {}/{} ({}%)",
                s["number"].as_str().expect("number"),
                s["name"].as_str().expect("name"),
                score["passed"],
                score["judged"],
                score["percent"]
            );
            assert!(text.contains(&line), "no `{line}` in\n{text}");
        }
    }
    // The reference site's national-day notice expired on 2026-10-08.
    let (code, report) = audit_json(&reference_site());
    assert_eq!(code, 3);
    assert_fails(
        &report["center"],
        "notices",
        "W186",
        "content/notices/2026-national-day.md",
        4,
    );
}

#[test]
fn a_complete_printed_window_scores_full_and_the_audit_passes() {
    let site = complete_site();
    print_all(site.path());
    let (code, report) = audit_json(site.path());
    assert_eq!(report["windows"][0]["score"]["percent"], 100, "{report:#}");
    assert_eq!(report["pass"], true, "{report:#}");
    assert_eq!(report["printed"], "print/manifest.json");
    assert_eq!(code, 0);
    let (_, text) = audit(site.path(), &[]);
    assert!(!text.contains('✗'), "{text}");
}

#[test]
fn the_print_run_of_another_folder_is_judged_when_named_and_an_empty_one_is_refused() {
    let site = complete_site();
    let www = tempfile::tempdir().expect("tempdir");
    let www = www.path().join("www");
    build_site(site.path(), &www);
    // Built elsewhere: the site folder holds no print run, so the print points are open.
    let (_, report) = audit_json(site.path());
    let window = &report["windows"][0];
    assert_eq!(
        criterion(window, "print_current")["status"],
        "unknown",
        "{window:#}"
    );
    // Named, that run is the one compared with: everything printed is current.
    let www_arg = www.to_str().expect("utf-8 path");
    let (code, text) = audit(site.path(), &["--format", "json", "--printed", www_arg]);
    let report: Value = serde_json::from_str(&text).expect("json");
    let window = &report["windows"][0];
    assert_eq!(
        criterion(window, "print_current")["status"],
        "pass",
        "{window:#}"
    );
    assert_eq!(window["score"]["percent"], 100, "{report:#}");
    let shown = report["printed"].as_str().expect("printed");
    assert!(
        shown.ends_with("print/manifest.json") && shown.starts_with(www_arg),
        "{shown}"
    );
    assert_eq!(code, 0);
    // A folder without a print run is an error naming it, not a silent "not judged".
    let empty = tempfile::tempdir().expect("tempdir");
    let out = gongshi()
        .arg("audit")
        .arg(site.path())
        .arg("--printed")
        .arg(empty.path())
        .output()
        .expect("run gongshi audit");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("E080") && stderr.contains(&*empty.path().to_string_lossy()),
        "{stderr}"
    );
}

#[test]
fn every_way_a_window_fails_shows_with_its_file_and_line() {
    let site = complete_site();
    print_all(site.path());
    // After the print run: a staff member without photo, a fee without basis, a promise
    // longer than the law, an expired notice, a photo too small for its board, and an item
    // edited since the print (so its sheets are stale).
    site.write(
        "content/staff/li.yaml",
        "name: 李四\nwindow: gjj\npost: 受理员\nemployee_no: \"A002\"\n",
    );
    site.write(
        "content/items/fee.yaml",
        "name: 收费事项\nwindow: gjj\ncase_type: promised\nbasis: [《条例》]\nmaterials:\n  - name: 身份证\nprocedure:\n  - name: 受理\ntime_limit:\n  legal: 3日\n  promised: 5日\nfees:\n  - name: 工本费\n    amount: 10\n",
    );
    site.write(
        "content/notices/old.md",
        "---\ntitle: 旧公告\ndate: 2026-01-01\nexpires: 2026-02-01\n---\n正文\n",
    );
    site.write(
        "content/staff/wang.yaml",
        "name: 王五\nwindow: gjj\nphoto: photos/wang.jpg\npost: 受理员\nemployee_no: \"A003\"\n",
    );
    site.write_bytes("content/photos/wang.jpg", &jpeg(30, 40));
    site.write(
        "content/items/withdraw.yaml",
        &VALID_ITEM.replace("name: 身份证", "name: 身份证原件"),
    );
    let (code, report) = audit_json(site.path());
    assert_eq!(code, 3, "a failing audit exits 3");
    assert_eq!(report["pass"], false);
    let window = &report["windows"][0];
    assert_fails(window, "staff_identity", "W102", "content/staff/li.yaml", 1);
    assert_fails(window, "fees", "E014", "content/items/fee.yaml", 13);
    assert_fails(
        window,
        "promised_within_legal",
        "E011",
        "content/items/fee.yaml",
        11,
    );
    assert_fails(window, "photos", "W130", "content/staff/wang.yaml", 0);
    assert_fails(
        window,
        "print_current",
        "W187",
        "content/items/withdraw.yaml",
        0,
    );
    assert_fails(
        &report["center"],
        "notices",
        "W186",
        "content/notices/old.md",
        4,
    );
    assert!(window["score"]["percent"].as_u64().expect("percent") < 100);
    // The text report shows the same ✗ rows with file and line.
    let (_, text) = audit(site.path(), &[]);
    for place in [
        "content/staff/li.yaml:1",
        "content/items/fee.yaml:13",
        "content/items/fee.yaml:11",
        "content/notices/old.md:4",
        "content/staff/wang.yaml",
        "content/items/withdraw.yaml",
    ] {
        assert!(text.contains(place), "no {place} in\n{text}");
    }
    assert!(text.contains('✗'));
}

#[test]
fn the_pdf_names_every_window_and_has_the_signature_line() {
    let dir = tempfile::tempdir().expect("temp");
    let pdf = dir.path().join("report.pdf");
    let (_, _) = audit(&bundled_site(), &["-o", pdf.to_str().expect("utf8")]);
    let file = pdf::PdfFile::open(&pdf);
    let boxes = file.boxes();
    let media = boxes[0].media;
    assert!(
        ((media[2] - media[0]) - 595.3).abs() < 1.0 && ((media[3] - media[1]) - 841.9).abs() < 1.0,
        "not A4 portrait: {media:?}"
    );
    let text = pdf_text(&pdf);
    for name in [
        "住房公积金窗口",
        "不动产登记窗口",
        "公安户政窗口",
        "社会保险窗口",
        "企业开办窗口",
    ] {
        assert!(text.contains(name), "{name} not in the PDF: {text}");
    }
    assert!(text.contains("中心负责人（签字）"), "{text}");
    assert!(text.contains("日期"));
}

fn free_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    l.local_addr().expect("addr").port()
}

fn get(port: u16, path: &str) -> (u16, String) {
    let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) else {
        return (0, String::new());
    };
    s.set_read_timeout(Some(Duration::from_secs(5)))
        .expect("timeout");
    let _ = write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    );
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, body.to_string())
}

/// Starts `gongshi serve SITE` on a free port: the child and its port.
fn serve(site: &Path) -> (std::process::Child, u16) {
    let mut child = gongshi()
        .arg("serve")
        .arg(site)
        .args(["--port", &free_port().to_string()])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("serve");
    let stdout = child.stdout.take().expect("stdout");
    let mut port = 0;
    for line in BufReader::new(stdout).lines().map_while(Result::ok) {
        if let Some(at) = line.find("http://127.0.0.1:") {
            let digits: String = line[at + 17..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            port = digits.parse().expect("port");
            break;
        }
    }
    (child, port)
}

/// GETs `path` until it answers 200 and `done` holds for the body (or 90 s pass).
fn poll(port: u16, path: &str, done: impl Fn(&str) -> bool) -> (u16, String) {
    let deadline = Instant::now() + Duration::from_secs(90);
    let mut page = (0, String::new());
    while Instant::now() < deadline {
        page = get(port, path);
        if page.0 == 200 && done(&page.1) {
            break;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    page
}

#[test]
fn serve_shows_the_report_before_its_print_is_done() {
    // A print that cannot finish (the site's own window sign template stops): the report is
    // there all the same, its print points waiting.
    let site = complete_site();
    site.write(
        "templates/print/window_sign.typ",
        "#panic(\"broken on purpose\")\n",
    );
    let (mut child, port) = serve(site.path());
    let page = poll(port, "/center/_audit/", |_| true);
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(page.0, 200, "serve did not answer /center/_audit/");
    assert!(page.1.contains("公积金窗口"), "{}", page.1);
    assert!(page.1.contains("后台正在印刷"), "{}", page.1);
}

#[test]
fn serve_previews_the_report_and_only_publish_puts_it_in_the_site() {
    let site = complete_site();
    let (mut child, port) = serve(site.path());
    // Served at once with its print points waiting, again once the background print is
    // done (naming the run it compared with).
    let page = poll(port, "/center/_audit/", |body| {
        body.contains("print/manifest.json")
    });
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(page.0, 200, "serve did not answer /center/_audit/");
    assert!(page.1.contains("窗口标准化达标自查"), "{}", page.1);
    assert!(page.1.contains("公积金窗口"));
    assert!(page.1.contains("print/manifest.json"));

    let out = tempfile::tempdir().expect("temp");
    build_site(site.path(), &out.path().join("a"));
    assert!(!out.path().join("a/_audit/index.html").exists());
    let yaml = std::fs::read_to_string(site.path().join("site.yaml")).expect("site.yaml");
    site.write("site.yaml", &format!("{yaml}自查:\n  公开: true\n"));
    build_site(site.path(), &out.path().join("b"));
    let html = std::fs::read_to_string(out.path().join("b/_audit/index.html")).expect("published");
    assert!(html.contains("公积金窗口"));
    assert!(html.contains("✓"));
}
