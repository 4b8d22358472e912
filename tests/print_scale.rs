//! Print at the size of a real city center: 1,000 items over 40 windows and 120 staff
//! print in one run without the process aborting (it used to overflow a thread's stack
//! after a few hundred sheets).

mod common;

use std::path::Path;

use common::*;

const WINDOWS: usize = 40;
const ITEMS_PER_WINDOW: usize = 25;
const STAFF_PER_WINDOW: usize = 3;

/// A center of `WINDOWS` windows with `ITEMS_PER_WINDOW` items and `STAFF_PER_WINDOW` staff
/// each (1,000 items, 120 staff).
fn large_center() -> TestSite {
    let site = TestSite::new();
    site.remove("content/items/withdraw.yaml");
    site.remove("content/windows/gjj.yaml");
    site.remove("content/staff/zhang.yaml");
    for w in 0..WINDOWS {
        let window = format!("w{w:02}");
        site.write(
            &format!("content/windows/{window}.yaml"),
            &format!("number: \"{}\"\nname: 综合窗口{w}\nrules: [first]\n", w + 1),
        );
        for s in 0..STAFF_PER_WINDOW {
            site.write(
                &format!("content/staff/{window}-s{s}.yaml"),
                &format!(
                    "name: 工作人员{w}-{s}\nwindow: {window}\nphoto: photos/zhang.jpg\npost: 受理员\nemployee_no: \"{w:02}{s}\"\n"
                ),
            );
        }
        for i in 0..ITEMS_PER_WINDOW {
            let item = VALID_ITEM
                .replace("name: 公积金提取", &format!("name: 事项{w}-{i}（提取）"))
                .replace("code: \"GJJ-1\"", &format!("code: \"C-{w:02}-{i:02}\""))
                .replace("window: gjj", &format!("window: {window}"));
            site.write(&format!("content/items/{window}-i{i:02}.yaml"), &item);
        }
    }
    site
}

fn count_pdfs(dir: &Path) -> usize {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "pdf"))
        .count()
}

#[test]
fn a_thousand_items_print_in_one_run() {
    let site = large_center();
    let out = tempfile::tempdir().expect("temp dir");
    let printed = gongshi()
        .arg("print")
        .arg(site.path())
        .arg("-o")
        .arg(out.path())
        .args(["--only", "guide,handout,staff_card,window_sign"])
        .output()
        .expect("run gongshi print");
    let stderr = String::from_utf8_lossy(&printed.stderr);
    assert_eq!(
        printed.status.code(),
        Some(0),
        "print of 1,000 items must succeed (a signal means it aborted): {stderr}"
    );
    let items = WINDOWS * ITEMS_PER_WINDOW;
    let staff = WINDOWS * STAFF_PER_WINDOW;
    assert_eq!(count_pdfs(&out.path().join("guide")), items);
    assert_eq!(count_pdfs(&out.path().join("handout")), items);
    assert_eq!(count_pdfs(&out.path().join("staff_card")), staff);
    assert_eq!(count_pdfs(&out.path().join("window_sign")), WINDOWS);
}
