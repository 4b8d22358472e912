//! `gongshi serve`: the incremental build is byte-identical to a full build after a series of
//! edits, and the running server reloads pages, shows errors and follows deletions.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use common::{TestSite, VALID_ITEM, gongshi};
use gongshi::output::Contents;
use gongshi::serve::incremental::{Files, Incremental, Outcome};

/// Copies the bundled example (site.yaml and content/) into a temp folder.
fn bundled_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let src = common::bundled_site();
    std::fs::copy(src.join("site.yaml"), dir.path().join("site.yaml")).expect("copy site.yaml");
    common::copy_dir(&src.join("content"), &dir.path().join("content"));
    dir
}

fn bytes(c: &Contents) -> Vec<u8> {
    c.to_bytes()
        .map(std::borrow::Cow::into_owned)
        .unwrap_or_default()
}

fn snapshot(engine: &Incremental) -> Files {
    engine.outputs().read().expect("lock").clone()
}

/// A full build of the site in `root` into memory, the way `gongshi build` renders it (with
/// serve's live-reload script), for comparing with the incremental result.
fn full_build(root: &Path) -> Result<Files, String> {
    let loaded = gongshi::content::load::load(root).map_err(|d| format!("{d:?}"))?;
    let site = loaded.site;
    let theme = gongshi::theme::Theme::load(root, site.config.theme.as_deref())
        .map_err(|d| format!("{d:?}"))?;
    let files = gongshi::render::render_web(&site, &theme, gongshi::serve::web::options(true))
        .map_err(|d| format!("{d:?}"))?;
    files
        .into_iter()
        .map(|f| {
            let path = f.path.clone();
            let f = f.into_owned().map_err(|e| format!("{path}: {e}"))?;
            Ok((f.path, std::sync::Arc::new(f.contents)))
        })
        .collect()
}

fn assert_same(root: &Path, incremental: &Files, step: &str) {
    let full = full_build(root).unwrap_or_else(|d| panic!("{step}: full build failed: {d}"));
    let mut a: Vec<&String> = incremental.keys().collect();
    let mut b: Vec<&String> = full.keys().collect();
    a.sort();
    b.sort();
    let only_inc: Vec<_> = a.iter().filter(|p| !full.contains_key(**p)).collect();
    let only_full: Vec<_> = b
        .iter()
        .filter(|p| !incremental.contains_key(**p))
        .collect();
    assert!(
        only_inc.is_empty() && only_full.is_empty(),
        "{step}: paths differ; only incremental: {only_inc:?}; only full: {only_full:?}"
    );
    for (path, contents) in &full {
        let mine = bytes(&incremental[path]);
        assert!(
            mine == bytes(contents),
            "{step}: {path} differs from a full build"
        );
    }
}

fn edit(root: &Path, rel: &str, f: impl FnOnce(String) -> String) -> std::path::PathBuf {
    let path = root.join(rel);
    let text = std::fs::read_to_string(&path).expect("read");
    std::fs::write(&path, f(text)).expect("write");
    path
}

/// Records what the engine publishes early, one list of output paths per announcement.
type Announced = std::sync::Arc<std::sync::Mutex<Vec<Vec<String>>>>;

/// Has `engine` publish early, as `serve` does, and records the announcements.
fn record_early(engine: &mut Incremental) -> Announced {
    let announced = Announced::default();
    let log = std::sync::Arc::clone(&announced);
    engine.set_early_publish(Box::new(move |paths: &[String]| {
        log.lock().expect("lock").push(paths.to_vec());
    }));
    announced
}

#[test]
fn incremental_edits_match_a_full_build() {
    let dir = bundled_copy();
    let root = dir.path().canonicalize().expect("canonical");
    let (mut engine, first) = Incremental::new(&root, true).expect("a site");
    // As serve runs it: edited pages first (and an edited item previewed), then the rest.
    let _announced = record_early(&mut engine);
    assert!(
        matches!(first.outcome, Outcome::Built { .. }),
        "{:?}",
        first.diagnostics
    );
    assert_same(&root, &snapshot(&engine), "initial");

    let mut step = |name: &str, paths: Vec<std::path::PathBuf>, expect_built: bool| {
        let before = snapshot(&engine);
        let update = engine.apply(&paths);
        match (&update.outcome, expect_built) {
            (Outcome::Built { .. }, true) => assert_same(&root, &snapshot(&engine), name),
            // A broken edit leaves the last good build exactly as it was.
            (Outcome::Broken, false) => assert!(snapshot(&engine) == before, "{name}"),
            (o, _) => panic!("{name}: unexpected {o:?}: {:?}", update.diagnostics),
        }
    };

    // Edit an item's text.
    let p = edit(&root, "content/items/bdc-change.yaml", |t| {
        t.replace("不动产变更登记", "不动产变更登记（已修订）")
    });
    step("edit item", vec![p], true);
    // Move an item to another window.
    let p = edit(&root, "content/items/bdc-change.yaml", |t| {
        t.replace("window: budongchan", "window: gjj")
    });
    step("move item", vec![p], true);
    // Move it back in an edit that breaks the site (E011), then fix it: the lists it left
    // while the site was broken are re-rendered too.
    let p = edit(&root, "content/items/bdc-change.yaml", |t| {
        t.replace("window: gjj", "window: budongchan")
            .replace("promised: 3个工作日", "promised: 40个工作日")
    });
    step("move and break", vec![p], false);
    let p = edit(&root, "content/items/bdc-change.yaml", |t| {
        t.replace("promised: 40个工作日", "promised: 3个工作日")
    });
    step("fix after the move", vec![p], true);
    // Add an item.
    let p = root.join("content/items/new-one.yaml");
    std::fs::write(&p, VALID_ITEM).expect("write");
    step("add item", vec![p], true);
    // Break it, then fix it.
    let p = edit(&root, "content/items/new-one.yaml", |t| {
        t.replace("fees: 不收费", "fees: [oops")
    });
    step("break item", vec![p.clone()], false);
    std::fs::write(
        &p,
        VALID_ITEM.to_string().replace("公积金提取", "修好的事项"),
    )
    .expect("write");
    step("fix item", vec![p], true);
    // Rename an item file (a delete and a create in one batch).
    let from = root.join("content/items/new-one.yaml");
    let to = root.join("content/items/renamed.yaml");
    std::fs::rename(&from, &to).expect("rename");
    step("rename item", vec![from, to], true);
    // Delete an item.
    let p = root.join("content/items/hz-idcard.yaml");
    std::fs::remove_file(&p).expect("remove");
    step("delete item", vec![p], true);
    // Edit a window, a staff member, a rule, a notice and a page together.
    let mut batch = Vec::new();
    let w = std::fs::read_dir(root.join("content/windows"))
        .expect("windows")
        .next()
        .expect("a window")
        .expect("entry")
        .path();
    batch.push(edit(
        &root,
        &format!(
            "content/windows/{}",
            w.file_name().expect("name").to_string_lossy()
        ),
        |t| t.replace("name: ", "name: 新"),
    ));
    batch.push(edit(&root, "content/staff/cao-yue.yaml", |t| {
        t.replace("曹玥", "曹玥玥")
    }));
    batch.push(edit(&root, "content/rules/accountability.md", |t| {
        t + "\n补充一条。\n"
    }));
    let n = std::fs::read_dir(root.join("content/notices"))
        .expect("notices")
        .next()
        .expect("a notice")
        .expect("entry")
        .path();
    batch.push(edit(
        &root,
        &format!(
            "content/notices/{}",
            n.file_name().expect("name").to_string_lossy()
        ),
        |t| t + "\n更新。\n",
    ));
    batch.push(edit(&root, "content/pages/guide.md", |t| t + "\n更新。\n"));
    step("edit other kinds", batch, true);
    // A staff member loses their photo (assets change).
    let p = edit(&root, "content/staff/cao-yue.yaml", |t| {
        t.lines()
            .filter(|l| !l.starts_with("photo:"))
            .collect::<Vec<_>>()
            .join("\n")
            + "\n"
    });
    step("drop a photo", vec![p], true);
    // Editor noise changes nothing.
    let swp = root.join("content/items/.bdc-change.yaml.swp");
    std::fs::write(&swp, "x").expect("write");
    let update = engine.apply(&[swp, root.join("content/items/4913")]);
    assert!(
        matches!(update.outcome, Outcome::Unchanged),
        "{:?}",
        update.outcome
    );
    // site.yaml changes everything.
    let p = edit(&root, "site.yaml", |t| {
        t.replace("青禾市政务服务中心", "青禾市政务服务中心（测试）")
    });
    let update = engine.apply(&[p]);
    assert!(matches!(update.outcome, Outcome::Built { .. }));
    assert_same(&root, &snapshot(&engine), "edit site.yaml");
}

#[test]
fn an_edited_item_is_shown_first_and_taken_back_when_the_site_breaks() {
    let dir = bundled_copy();
    let root = dir.path().canonicalize().expect("canonical");
    let (mut engine, first) = Incremental::new(&root, true).expect("a site");
    assert!(matches!(first.outcome, Outcome::Built { .. }));
    let announced = record_early(&mut engine);
    let page = "items/bdc-change/index.html";
    let elder = "elder/items/bdc-change/index.html";
    let text = |files: &Files, path: &str| String::from_utf8(bytes(&files[path])).expect("UTF-8");

    // A text edit: the item's own pages are announced first, alone, and once.
    let p = edit(&root, "content/items/bdc-change.yaml", |t| {
        t.replace("不动产变更登记", "不动产变更登记（预览）")
    });
    let update = engine.apply(&[p]);
    assert!(
        matches!(
            update.outcome,
            Outcome::Built {
                previewed: Some(_),
                ..
            }
        ),
        "{:?}",
        update.outcome
    );
    let calls = std::mem::take(&mut *announced.lock().expect("lock"));
    let mut first_call = calls.first().cloned().unwrap_or_default();
    first_call.sort();
    assert_eq!(
        first_call,
        vec![elder.to_string(), page.to_string()],
        "{calls:?}"
    );
    let times = calls.iter().flatten().filter(|p| *p == page).count();
    assert_eq!(
        times, 1,
        "the edited page announced {times} times: {calls:?}"
    );
    let after = snapshot(&engine);
    assert!(text(&after, page).contains("不动产变更登记（预览）"));
    assert_same(&root, &after, "previewed edit");

    // An edit that only the site-wide check refuses (promised beyond the legal limit, E011):
    // the preview shows it at once, and the full rebuild puts the last good page back.
    let p = edit(&root, "content/items/bdc-change.yaml", |t| {
        t.replace("（预览）", "（超时）")
            .replace("promised: 3个工作日", "promised: 40个工作日")
    });
    let update = engine.apply(&[p]);
    assert!(
        matches!(update.outcome, Outcome::Broken)
            && update.diagnostics.iter().any(|d| d.code == "E011"),
        "{:?}: {:?}",
        update.outcome,
        update.diagnostics
    );
    let calls = std::mem::take(&mut *announced.lock().expect("lock"));
    assert!(
        calls.first().is_some_and(|c| c.iter().any(|p| p == page)),
        "the edit was not previewed: {calls:?}"
    );
    assert!(
        snapshot(&engine) == after,
        "the broken edit's preview stayed published"
    );

    // Fixed again: previewed and confirmed.
    let p = edit(&root, "content/items/bdc-change.yaml", |t| {
        t.replace("promised: 40个工作日", "promised: 3个工作日")
    });
    assert!(matches!(engine.apply(&[p]).outcome, Outcome::Built { .. }));
    assert!(text(&snapshot(&engine), page).contains("不动产变更登记（超时）"));
    assert_same(&root, &snapshot(&engine), "fixed edit");

    // Moving the item to another window changes the lists: not previewed.
    let p = edit(&root, "content/items/bdc-change.yaml", |t| {
        t.replace("window: budongchan", "window: gjj")
    });
    let update = engine.apply(&[p]);
    assert!(
        matches!(
            update.outcome,
            Outcome::Built {
                previewed: None,
                ..
            }
        ),
        "{:?}",
        update.outcome
    );
    assert_same(&root, &snapshot(&engine), "moved item");
    // Edited where it now is: previewed again.
    let p = edit(&root, "content/items/bdc-change.yaml", |t| {
        t.replace("（超时）", "")
    });
    let update = engine.apply(&[p]);
    assert!(matches!(
        update.outcome,
        Outcome::Built {
            previewed: Some(_),
            ..
        }
    ));
    assert_same(&root, &snapshot(&engine), "edited after the move");
}

#[test]
fn only_affected_pages_are_rerendered() {
    let dir = bundled_copy();
    let root = dir.path().canonicalize().expect("canonical");
    let (mut engine, first) = Incremental::new(&root, true).expect("a site");
    let Outcome::Built { written: all, .. } = first.outcome else {
        panic!("first build failed: {:?}", first.diagnostics)
    };
    let p = edit(&root, "content/items/bdc-query.yaml", |t| {
        t.replacen("name: ", "name: 改", 1)
    });
    let update = engine.apply(&[p]);
    let Outcome::Built { written, .. } = update.outcome else {
        panic!("rebuild failed: {:?}", update.diagnostics)
    };
    assert!(
        written < all / 2,
        "{written} of {all} outputs re-rendered for one item"
    );
}

// ---------------------------------------------------------------- the running server

/// Kills the server when the test ends, passes or panics.
struct Server {
    child: Child,
    port: u16,
    _lines: Receiver<String>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A port no one listens on now.
fn free_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    l.local_addr().expect("addr").port()
}

/// The lines `output` writes, as they come, read on a thread of their own.
fn lines_of(output: impl Read + Send + 'static) -> Receiver<String> {
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        for line in BufReader::new(output).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    rx
}

fn start(site: &Path, extra: &[&str]) -> Server {
    let port = free_port();
    let mut child = gongshi()
        .arg("serve")
        .arg(site)
        .args(["--port", &port.to_string()])
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start gongshi serve");
    let rx = lines_of(child.stdout.take().expect("stdout"));
    let mut server = Server {
        child,
        port,
        _lines: channel().1,
    };
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let line = rx
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            .expect("serve printed its address");
        if let Some(at) = line.find("http://127.0.0.1:") {
            let rest = &line[at + "http://127.0.0.1:".len()..];
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            server.port = digits.parse().expect("port");
            break;
        }
    }
    server._lines = rx;
    server
}

struct Response {
    status: u16,
    head: String,
    body: String,
}

fn get(port: u16, path: &str) -> Response {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(5)))
        .expect("timeout");
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).expect("read");
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    Response {
        status,
        head: head.to_string(),
        body: body.to_string(),
    }
}

/// Opens the event stream; lines arrive on the receiver.
fn events(port: u16) -> Receiver<String> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    write!(
        s,
        "GET /__gongshi/events HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n"
    )
    .expect("send");
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        for line in BufReader::new(s).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    // Wait until the stream is open, so no event is missed.
    let deadline = Instant::now() + Duration::from_secs(5);
    while Instant::now() < deadline {
        if let Ok(line) = rx.recv_timeout(Duration::from_millis(100))
            && line.starts_with(": connected")
        {
            return rx;
        }
    }
    panic!("event stream did not open");
}

/// Makes a change, then waits for a reload event and for `ready` to hold: at most 10 s, a
/// bound for a loaded CI machine running a debug build, not a speed target (those are
/// measured by scripts/bench-serve.sh).
fn change_and_wait(
    rx: &Receiver<String>,
    what: &str,
    change: impl FnOnce(),
    ready: impl Fn() -> bool,
) {
    while rx.try_recv().is_ok() {}
    let deadline = Instant::now() + Duration::from_secs(10);
    change();
    let mut reloaded = false;
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        match rx.recv_timeout(left) {
            Ok(line) if line == "event: reload" => {
                reloaded = true;
                if ready() {
                    return;
                }
            }
            Ok(_) => {}
            Err(_) => break,
        }
    }
    assert!(reloaded, "no reload event within 10 s after {what}");
    panic!("the server did not show the result of {what} within 10 s");
}

#[test]
fn serve_reloads_shows_errors_and_follows_deletions() {
    let site = TestSite::new();
    site.write(
        "content/items/other.yaml",
        &VALID_ITEM
            .replace("公积金提取", "公积金开户")
            .replace("GJJ-1", "GJJ-2"),
    );
    // This test is about the web pages; the print preview has its own test.
    let server = start(site.path(), &["--no-print"]);
    let port = server.port;

    // Pages under base_url's path, the reload script, security headers.
    let page = get(port, "/center/items/withdraw/");
    assert_eq!(page.status, 200, "{}", page.head);
    assert!(page.body.contains("公积金提取"));
    assert!(page.body.contains("/__gongshi/reload.js"));
    assert!(page.head.contains("Content-Type: text/html; charset=utf-8"));
    assert!(
        page.head
            .contains("Content-Security-Policy: default-src 'self'")
    );
    assert_eq!(get(port, "/").status, 301);
    let script = get(port, "/__gongshi/reload.js");
    assert!(script.head.contains("text/javascript") && script.body.contains("EventSource"));
    // Traversal and unknown paths are 404 with the site's 404 page.
    for bad in [
        "/../../etc/passwd",
        "/center/../../../etc/passwd",
        "/center/%2e%2e/%2e%2e/etc/passwd",
    ] {
        assert_eq!(get(port, bad).status, 404, "{bad}");
    }
    let missing = get(port, "/center/no/such/page/");
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("<html"), "the site's 404.html");

    // Edit → reload event → new text.
    let rx = events(port);
    let page = "/center/items/withdraw/";
    change_and_wait(
        &rx,
        "an edit",
        || {
            site.write(
                "content/items/withdraw.yaml",
                &VALID_ITEM.replace("公积金提取", "公积金提取（新）"),
            )
        },
        || get(port, page).body.contains("公积金提取（新）"),
    );

    // Break it → the overlay with the diagnostic; the last good build stays available.
    change_and_wait(
        &rx,
        "breaking the file",
        || {
            let broken = VALID_ITEM.replace("fees: 不收费", "fees: 不收费\nmaterails: <b>x</b>");
            site.write("content/items/withdraw.yaml", &broken)
        },
        || get(port, page).head.contains("X-Gongshi-Overlay"),
    );
    let overlay = get(port, "/center/items/withdraw/");
    assert!(
        overlay.head.contains("X-Gongshi-Overlay"),
        "{}",
        overlay.head
    );
    assert!(
        overlay.body.contains("content/items/withdraw.yaml:"),
        "{}",
        overlay.body
    );
    assert!(overlay.body.contains("materails"));
    assert!(overlay.body.contains("&lt;b&gt;x&lt;/b&gt;") && !overlay.body.contains("<b>x</b>"));
    let last_good = get(port, "/center/items/withdraw/?gongshi-last-good");
    assert!(last_good.body.contains("公积金提取（新）"));

    // Fix it → the page again.
    change_and_wait(
        &rx,
        "fixing the file",
        || {
            site.write(
                "content/items/withdraw.yaml",
                &VALID_ITEM.replace("公积金提取", "公积金提取（修）"),
            )
        },
        || get(port, page).body.contains("公积金提取（修）"),
    );
    let fixed = get(port, "/center/items/withdraw/");
    assert!(!fixed.head.contains("X-Gongshi-Overlay"));
    assert!(fixed.body.contains("公积金提取（修）"));
    assert!(
        get(port, "/center/windows/gjj/")
            .body
            .contains("公积金提取（修）")
    );

    // Delete → its page is gone, its window page no longer lists it.
    change_and_wait(
        &rx,
        "deleting the file",
        || site.remove("content/items/withdraw.yaml"),
        || get(port, page).status == 404,
    );
    assert_eq!(get(port, "/center/items/withdraw/").status, 404);
    let window = get(port, "/center/windows/gjj/");
    assert_eq!(window.status, 200);
    assert!(!window.body.contains("公积金提取"));
    assert!(window.body.contains("公积金开户"));
    drop(server);
}

/// Polls `path` until `ready` holds (at most `secs` seconds).
fn poll(port: u16, path: &str, secs: u64, ready: impl Fn(&Response) -> bool) -> Response {
    let deadline = Instant::now() + Duration::from_secs(secs);
    loop {
        let r = get(port, path);
        if ready(&r) || Instant::now() > deadline {
            return r;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn serve_previews_print_products_and_reprints_after_an_edit() {
    // The print cache a killed `serve` left behind (a process that has ended) is swept away.
    let mut ended = gongshi().arg("--version").spawn().expect("run gongshi");
    let pid = ended.id();
    ended.wait().expect("gongshi --version");
    let stale = std::env::temp_dir().join(format!("gongshi-serve-print-{pid}"));
    std::fs::create_dir_all(stale.join("guide")).expect("stale cache");
    // And the staging folder of a print it was writing when it was killed.
    let staging = std::env::temp_dir().join(format!(".gongshi-serve-print-{pid}.staging-{pid}"));
    std::fs::create_dir_all(staging.join("guide")).expect("stale staging folder");
    let dir = bundled_copy();
    let server = start(dir.path(), &[]);
    let port = server.port;
    let index = poll(port, "/print/index.html", 60, |r| r.status == 200);
    assert_eq!(index.status, 200, "print index not served");
    if cfg!(target_os = "linux") {
        assert!(
            !stale.exists(),
            "the stale print cache of process {pid} is left"
        );
        assert!(
            !staging.exists(),
            "the stale staging folder of process {pid} is left"
        );
    } else {
        let _ = std::fs::remove_dir_all(&stale);
        let _ = std::fs::remove_dir_all(&staging);
    }
    assert!(index.body.contains("一次性告知单"));
    let pdf = "/print/handout/gjj-withdraw-purchase.pdf";
    let before = get(port, pdf);
    assert_eq!(before.status, 200);
    assert!(
        before.head.to_lowercase().contains("application/pdf"),
        "{}",
        before.head
    );
    assert!(before.body.starts_with("%PDF"));
    edit(
        dir.path(),
        "content/items/gjj-withdraw-purchase.yaml",
        |t| t.replace("name: 结婚证", "name: 结婚证或离婚证明"),
    );
    let after = poll(port, pdf, 60, |r| r.status == 200 && r.body != before.body);
    assert!(
        after.body != before.body,
        "the handout was not printed again"
    );
    drop(server);
}

#[test]
fn a_print_preview_that_cannot_be_written_says_so() {
    // The temp folder, where the preview's print goes, is a file: the print cannot be written.
    let dir = bundled_copy();
    let blocker = tempfile::NamedTempFile::new().expect("a file");
    let port = free_port();
    let mut child = gongshi()
        .arg("serve")
        .arg(dir.path())
        .args(["--port", &port.to_string()])
        .env("TMPDIR", blocker.path())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start gongshi serve");
    let rx = lines_of(child.stderr.take().expect("stderr"));
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut said = None;
    while let Ok(line) = rx.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
        if line.contains("印刷预览未能写入") {
            said = Some(line);
            break;
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    let said = said.expect("serve said nothing of the print it could not write");
    assert!(said.contains(&*blocker.path().to_string_lossy()), "{said}");
}

// ---------------------------------------------------------------- hardening

/// Sends `target` as the raw request line and returns the response (any status).
fn raw_get(port: u16, target: &str) -> Response {
    get(port, target)
}

/// Every response carries nosniff and the CSP.
fn assert_hardened(r: &Response, what: &str) {
    let head = r.head.to_ascii_lowercase();
    assert!(
        head.contains("\r\nx-content-type-options: nosniff"),
        "{what}: {}",
        r.head
    );
    assert!(
        head.contains("\r\ncontent-security-policy: default-src 'self'"),
        "{what}: {}",
        r.head
    );
}

/// The reference site with a large form, a secret outside the site and a link to it.
fn hostile_site() -> (tempfile::TempDir, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("dir");
    common::copy_dir(&common::reference_site(), dir.path());
    let mut big = b"%PDF-1.4\n".to_vec();
    big.resize(16 << 20, b' ');
    std::fs::write(dir.path().join("content/forms/gjj-register.pdf"), big).expect("big form");
    let outside = tempfile::tempdir().expect("outside");
    std::fs::write(outside.path().join("secret.txt"), "SECRET-OUTSIDE-4711").expect("secret");
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        outside.path().join("secret.txt"),
        dir.path().join("content/forms/leak.txt"),
    )
    .expect("link");
    (dir, outside)
}

/// The local addresses the server process listens on for `port` (Linux: /proc/net/tcp*).
#[cfg(target_os = "linux")]
fn listening_addresses(port: u16) -> Vec<String> {
    let mut found = Vec::new();
    for table in ["/proc/net/tcp", "/proc/net/tcp6"] {
        let text = std::fs::read_to_string(table).unwrap_or_default();
        for line in text.lines().skip(1) {
            let cols: Vec<&str> = line.split_whitespace().collect();
            let (Some(local), Some(state)) = (cols.get(1), cols.get(3)) else {
                continue;
            };
            let Some((addr, p)) = local.split_once(':') else {
                continue;
            };
            if *state == "0A" && u16::from_str_radix(p, 16).ok() == Some(port) {
                found.push(addr.to_string());
            }
        }
    }
    found
}

#[test]
fn serve_listens_on_loopback_and_serves_only_the_site() {
    let (dir, _outside) = hostile_site();
    let server = start(dir.path(), &["--no-print"]);
    let port = server.port;
    let home = poll(port, "/center/", 60, |r| r.status == 200);
    assert_eq!(home.status, 200);
    assert_hardened(&home, "home");

    // Listening on 127.0.0.1 only (little-endian hex in /proc: 0100007F).
    #[cfg(target_os = "linux")]
    assert_eq!(listening_addresses(port), ["0100007F"]);

    let secrets = [
        "SECRET-OUTSIDE-4711",
        "root:",
        "base_url:",
        "事项名称",
        "name: ",
    ];
    for target in [
        "/../../../../etc/passwd",
        "/center/../../../../etc/passwd",
        "/center/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/center/%2E%2E/site.yaml",
        "/center/%252e%252e/%252e%252e/etc/passwd",
        "/center/..%252f..%252fsite.yaml",
        "/center/..\\..\\..\\etc\\passwd",
        "/center/..%5c..%5c..%5cetc%5cpasswd",
        "//etc/passwd",
        "/center//etc/passwd",
        "/C:/Windows/win.ini",
        "/center/C:%5cWindows%5cwin.ini",
        "/center/index.html%00.png",
        "/center/%00",
        "/center/files/forms/leak.txt",
        "/center/files/../site.yaml",
        "/center/files/%2e%2e/%2e%2e/site.yaml",
        "/site.yaml",
        "/center/site.yaml",
        "/center/content/items/gjj-loan.yaml",
        "/center/files/items/gjj-loan.yaml",
        "http://evil.example/etc/passwd",
        "*",
    ] {
        let r = raw_get(port, target);
        assert!(
            matches!(r.status, 301 | 400 | 404),
            "{target}: status {}",
            r.status
        );
        assert_hardened(&r, target);
        for s in secrets {
            assert!(!r.body.contains(s), "{target} leaked {s:?}");
        }
        if r.status == 301 {
            let location = r
                .head
                .lines()
                .find_map(|l| l.strip_prefix("Location: "))
                .unwrap_or("");
            assert!(
                location.starts_with('/') && !location.starts_with("//"),
                "{target}: redirect off the site to {location:?}"
            );
        }
    }
    // Other methods are refused, hardened too.
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    write!(
        s,
        "POST /center/ HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"
    )
    .expect("send");
    let mut raw = String::new();
    let _ = s.read_to_string(&mut raw);
    assert!(raw.starts_with("HTTP/1.1 405"), "{raw}");
    assert!(raw.contains("X-Content-Type-Options: nosniff"), "{raw}");

    // Content types of each kind of file the site has.
    for (path, kind) in [
        ("/center/", "text/html; charset=utf-8"),
        ("/center/static/style.css", "text/css; charset=utf-8"),
        ("/center/static/search.js", "text/javascript; charset=utf-8"),
        ("/center/static/police.svg", "image/svg+xml"),
        ("/center/items/gjj-loan/qr.png", "image/png"),
        ("/center/files/forms/hb-permit-apply.pdf", "application/pdf"),
        ("/center/data/items.json", "application/json"),
        ("/center/sitemap.xml", "application/xml"),
        ("/center/atom.xml", "application/xml"),
        ("/center/data/items.csv", "text/csv; charset=utf-8"),
        ("/center/robots.txt", "text/plain; charset=utf-8"),
    ] {
        let r = get(port, path);
        assert_eq!(r.status, 200, "{path}");
        assert!(
            r.head.contains(&format!("\r\nContent-Type: {kind}\r\n")),
            "{path}: {}",
            r.head
        );
        assert_hardened(&r, path);
    }
    drop(server);
}

#[test]
fn serve_survives_200_connections_at_once_and_clients_that_hang_up() {
    let (dir, _outside) = hostile_site();
    let mut server = start(dir.path(), &["--no-print"]);
    let port = server.port;
    assert_eq!(poll(port, "/center/", 60, |r| r.status == 200).status, 200);

    // 200 clients at once: each gets the page or a clean 503, none hangs.
    let barrier = std::sync::Arc::new(std::sync::Barrier::new(200));
    let clients: Vec<_> = (0..200)
        .map(|_| {
            let barrier = std::sync::Arc::clone(&barrier);
            std::thread::spawn(move || {
                barrier.wait();
                let r = get(port, "/center/");
                (r.status, r.body.len())
            })
        })
        .collect();
    let mut statuses = std::collections::BTreeMap::new();
    for c in clients {
        let (status, len) = c.join().expect("client");
        if status == 200 {
            assert!(len > 1000, "a whole page");
        }
        *statuses.entry(status).or_insert(0) += 1;
    }
    assert!(
        statuses.keys().all(|s| matches!(s, 200 | 503)),
        "{statuses:?}"
    );
    assert!(
        statuses.get(&200).copied().unwrap_or(0) >= 100,
        "{statuses:?}"
    );

    // Clients that hang up in the middle of a 16 MB file, and one that never sends a request.
    let idle = TcpStream::connect(("127.0.0.1", port)).expect("idle");
    for _ in 0..20 {
        let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
        write!(
            s,
            "GET /center/files/forms/gjj-register.pdf HTTP/1.1\r\nHost: x\r\n\r\n"
        )
        .expect("send");
        let mut first = [0u8; 4096];
        s.read_exact(&mut first).expect("first bytes");
        assert!(first.starts_with(b"HTTP/1.1 200"));
        drop(s);
    }
    // Still answering, whole.
    let big = get(port, "/center/files/forms/gjj-register.pdf");
    assert_eq!(big.status, 200);
    assert_eq!(big.body.len(), 16 << 20);
    assert_eq!(get(port, "/center/").status, 200);
    assert!(
        server.child.try_wait().expect("poll").is_none(),
        "the server died"
    );
    drop(idle);
    drop(server);
}
