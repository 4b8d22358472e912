//! A build after an edit keeps the pages of OUT that show no changed record
//! (`src/keep.rs`), and what it leaves in OUT is byte for byte what a full build of the
//! edited site makes, for edits of each kind of record.

mod common;

use std::fs;
use std::path::Path;

use common::corpus;

fn build(site: &Path, out: &Path) -> gongshi::Built {
    let options = gongshi::BuildOptions {
        out: Some(out.to_path_buf()),
        no_print: true,
        ..Default::default()
    };
    gongshi::build(site, &options).unwrap_or_else(|e| panic!("build failed: {e:?}"))
}

/// Builds `site` again into `out` (the last build's OUT) and, from scratch, into a fresh
/// folder; both must hold the same files with the same bytes. Returns the first build.
fn rebuild_equals_full(site: &Path, out: &Path, fresh: &Path, what: &str) -> gongshi::Built {
    let again = build(site, out);
    let _ = fs::remove_dir_all(fresh);
    let full = build(site, fresh);
    assert_eq!(
        full.kept, 0,
        "{what}: a build into a new folder renders everything"
    );
    let (kept, made) = (common::file_tree(out), common::file_tree(fresh));
    let differ: Vec<&String> = made
        .keys()
        .chain(kept.keys())
        .filter(|p| kept.get(*p) != made.get(*p))
        .take(5)
        .collect();
    assert!(
        differ.is_empty(),
        "{what}: the rebuilt OUT differs from a full build at {differ:?}"
    );
    again
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = fs::read_to_string(path).expect("read");
    assert!(text.contains(from), "{} has no {from:?}", path.display());
    fs::write(path, text.replacen(from, to, 1)).expect("write");
}

#[test]
fn a_rebuild_after_edits_keeps_untouched_pages_and_equals_a_full_build() {
    let tmp = tempfile::tempdir().expect("tmp");
    let site = tmp.path().join("site");
    corpus::generate(60, &site).expect("corpus");
    let (out, fresh) = (tmp.path().join("out"), tmp.path().join("fresh"));
    let first = build(&site, &out);
    assert_eq!(first.kept, 0);
    let items = site.join("content/items");
    let page = |id: &str| out.join(format!("items/{id}/index.html"));

    // An item's name: its pages, every list and the site-wide files change; the other
    // items' pages and QR codes are kept.
    edit(&items.join("item-00002.yaml"), "name: ", "name: 新");
    let untouched = fs::read(page("item-00005")).expect("page");
    let again = rebuild_equals_full(&site, &out, &fresh, "an item's name");
    assert!(
        again.kept > again.files / 2,
        "an item's name: kept {} of {} files",
        again.kept,
        again.files
    );
    assert!(
        fs::read_to_string(page("item-00002"))
            .expect("page")
            .contains("新")
    );
    assert_eq!(fs::read(page("item-00005")).expect("page"), untouched);

    // A comment: nothing shown changes, and nothing is rendered but the site-wide files.
    let text = fs::read_to_string(items.join("item-00007.yaml")).expect("read");
    fs::write(items.join("item-00007.yaml"), format!("# 注释\n{text}")).expect("write");
    let again = rebuild_equals_full(&site, &out, &fresh, "a comment");
    assert_eq!(again.changed, 0, "a comment changes no file of OUT");

    // An item moved to another window, a Markdown item, a removed and an added item.
    let moved = fs::read_to_string(items.join("item-00002.yaml")).expect("read");
    let window = moved
        .lines()
        .find_map(|l| l.strip_prefix("window: "))
        .expect("window")
        .to_string();
    let other = if window == "window-0001" {
        "window-0002"
    } else {
        "window-0001"
    };
    edit(
        &items.join("item-00002.yaml"),
        &format!("window: {window}"),
        &format!("window: {other}"),
    );
    rebuild_equals_full(&site, &out, &fresh, "an item moved to another window");
    let md = fs::read_to_string(items.join("item-00010.md")).expect("read");
    fs::write(items.join("item-00010.md"), format!("{md}\n补充说明。\n")).expect("write");
    rebuild_equals_full(&site, &out, &fresh, "a Markdown item's text");
    fs::remove_file(items.join("item-00003.yaml")).expect("remove");
    rebuild_equals_full(&site, &out, &fresh, "a removed item");
    assert!(!page("item-00003").exists());
    let added = fs::read_to_string(items.join("item-00006.yaml"))
        .expect("read")
        .replace("QH-BENCH-000006", "QH-BENCH-000999");
    fs::write(items.join("item-00999.yaml"), added).expect("write");
    rebuild_equals_full(&site, &out, &fresh, "an added item");
    assert!(page("item-00999").is_file());

    // A window's hours (on its items' pages), a staff member, a notice.
    let windows = site.join("content/windows");
    edit(
        &windows.join("window-0001.yaml"),
        "hours: ",
        "hours: 另行通知；",
    );
    rebuild_equals_full(&site, &out, &fresh, "a window's hours");
    let staff = site.join("content/staff/staff-0001-a.yaml");
    edit(&staff, "name: ", "name: 王");
    rebuild_equals_full(&site, &out, &fresh, "a staff member's name");
    let notice = fs::read_dir(site.join("content/notices"))
        .expect("notices")
        .map(|e| e.expect("entry").path())
        .find(|p| p.extension().is_some_and(|e| e == "md"))
        .expect("a notice");
    let text = fs::read_to_string(&notice).expect("read");
    fs::write(
        &notice,
        format!("{text}\n另：办理时间如有调整，另行通知。\n"),
    )
    .expect("write");
    rebuild_equals_full(&site, &out, &fresh, "a notice");

    // site.yaml renders everything again.
    let config = site.join("site.yaml");
    let text = fs::read_to_string(&config).expect("read");
    fs::write(&config, format!("{text}\n# 注释\n")).expect("write");
    let again = rebuild_equals_full(&site, &out, &fresh, "site.yaml");
    assert_eq!(again.kept, 0, "site.yaml: nothing is kept");
}

#[test]
fn a_file_of_out_changed_by_hand_is_not_kept() {
    let tmp = tempfile::tempdir().expect("tmp");
    let site = tmp.path().join("site");
    corpus::generate(30, &site).expect("corpus");
    let (out, fresh) = (tmp.path().join("out"), tmp.path().join("fresh"));
    build(&site, &out);
    fs::write(out.join("items/item-00005/index.html"), "edited by hand").expect("write");
    edit(
        &site.join("content/items/item-00002.yaml"),
        "name: ",
        "name: 新",
    );
    let again = rebuild_equals_full(&site, &out, &fresh, "an item after a hand edit of OUT");
    assert_eq!(
        again.kept, 0,
        "OUT is not as the last build left it: nothing is kept"
    );
}

#[test]
fn after_an_edit_that_changes_no_page_a_hand_edit_of_out_is_still_repaired() {
    // The build after a comment is added writes nothing and notes OUT as it found it; the
    // note must still tell a later hand edit of OUT.
    let tmp = tempfile::tempdir().expect("tmp");
    let site = tmp.path().join("site");
    corpus::generate(20, &site).expect("corpus");
    let out = tmp.path().join("out");
    build(&site, &out);
    let item = site.join("content/items/item-00003.yaml");
    let text = fs::read_to_string(&item).expect("read");
    fs::write(&item, format!("{text}\n# 只是一行注释\n")).expect("write");
    let comment = build(&site, &out);
    assert!(!comment.up_to_date, "a changed file is read again");
    assert_eq!(comment.changed, 0, "a comment changes no page");
    let page = out.join("items/item-00007/index.html");
    let made = fs::read(&page).expect("page");
    fs::write(&page, "edited by hand").expect("write");
    let again = build(&site, &out);
    assert!(
        !again.up_to_date,
        "OUT differs from what the last build left: not up to date"
    );
    assert_eq!(
        fs::read(&page).expect("page"),
        made,
        "the page is made again"
    );
    assert!(build(&site, &out).up_to_date, "and then OUT is up to date");
}
