//! Print features that were built without a test of their own, read from the real output:
//! PDF/UA-1 markers, landscape window and fee boards that use their width, boards split by
//! floor, `--changed-since DATE`, the print order of the bundled example and the
//! reference site, and facts whose value runs over lines.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::pdf::PdfFile;
use common::*;

/// Runs `gongshi print SITE ARGS…`; panics when it fails.
fn print_ok(site: &Path, args: &[&str]) {
    let out = gongshi()
        .arg("print")
        .arg(site)
        .args(args)
        .output()
        .expect("run gongshi print");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn site_yaml(print: &str) -> String {
    format!(
        "title: 测试中心\nbase_url: https://example.gov.cn/center/\ncenter:\n  address: 人民路 1 号\n  hours: 9:00-17:00\n  phone: 0123-1000\n  complaint_phone: \"12345\"\nprint:\n{print}"
    )
}

fn has(bytes: &[u8], needle: &str) -> bool {
    bytes.windows(needle.len()).any(|w| w == needle.as_bytes())
}

#[test]
fn pdf_ua_1_sheets_carry_the_accessibility_markers_and_the_language() {
    let site = TestSite::new();
    site.write("site.yaml", &site_yaml("  pdf_standard: ua-1\n"));
    print_ok(site.path(), &["--only", "handout,window_board"]);
    for rel in ["print/handout/withdraw.pdf", "print/window_board/gjj.pdf"] {
        let bytes = std::fs::read(site.path().join(rel)).expect("pdf");
        assert!(has(&bytes, "pdfuaid:part"), "{rel}: no PDF/UA XMP");
        assert!(has(&bytes, "/StructTreeRoot"), "{rel}: not tagged");
        assert!(has(&bytes, "/MarkInfo<</Marked true"), "{rel}: not marked");
        assert!(has(&bytes, "/Lang(zh-CN)"), "{rel}: no document language");
        assert!(
            has(&bytes, "/DisplayDocTitle true"),
            "{rel}: title not shown"
        );
    }
    let plain = TestSite::new();
    print_ok(plain.path(), &["--only", "handout"]);
    let bytes = std::fs::read(plain.path().join("print/handout/withdraw.pdf")).expect("pdf");
    assert!(!has(&bytes, "pdfuaid:part"));
    // Untagged unless asked: a print shop's sheet has no reader for a structure tree.
    assert!(!has(&bytes, "/StructTreeRoot"), "a plain sheet is tagged");
}

/// A window with `n` items 事项甲01… each charging a fee with its basis.
fn window_of(site: &TestSite, n: usize) {
    for i in 1..=n {
        site.write(
            &format!("content/items/i{i:02}.yaml"),
            &VALID_ITEM
                .replace("GJJ-1", &format!("X-{i}"))
                .replace("公积金提取", &format!("事项甲{i:02}"))
                .replace(
                    "fees: 不收费",
                    "fees:\n  - name: 工本费\n    amount: 10\n    basis: 《收费标准》",
                ),
        );
    }
    site.remove("content/items/withdraw.yaml");
}

/// The columns the names 事项甲NN are laid out in on the first page: distinct x of their `甲`.
fn columns(pdf: &Path) -> usize {
    let mut xs: Vec<f64> = PdfFile::open(pdf)
        .glyphs()
        .into_iter()
        .filter(|(page, c, _, _)| *page == 0 && *c == '甲')
        .map(|(_, _, x, _)| x)
        .collect();
    xs.sort_by(f64::total_cmp);
    xs.dedup_by(|a, b| (*a - *b).abs() < 20.0);
    xs.len()
}

#[test]
fn landscape_window_and_fee_boards_are_wide_and_use_their_width_for_the_same_items() {
    for (product, sheet) in [("window_board", "A1"), ("fee_board", "A2")] {
        let (mut found, mut reach) = (Vec::new(), Vec::new());
        for orientation in ["", " landscape"] {
            let site = TestSite::new();
            site.write(
                "site.yaml",
                &site_yaml(&format!("  sheets:\n    {product}: {sheet}{orientation}\n")),
            );
            window_of(&site, 30);
            print_ok(site.path(), &["--only", product]);
            let rel = if product == "fee_board" {
                "print/fee_board/all.pdf"
            } else {
                "print/window_board/gjj.pdf"
            };
            let pdf = site.path().join(rel);
            let b = PdfFile::open(&pdf).boxes()[0].trim;
            let wide = b[2] - b[0] > b[3] - b[1];
            assert_eq!(wide, !orientation.is_empty(), "{product}{orientation}");
            let text: String = PdfFile::open(&pdf).text().split_whitespace().collect();
            for i in 1..=30 {
                assert!(
                    text.contains(&format!("事项甲{i:02}")),
                    "{product}{orientation}: item {i} missing"
                );
            }
            // The glyphs of the first page reach across the sheet, not a portrait-wide strip.
            let glyphs = PdfFile::open(&pdf).glyphs();
            let xs = glyphs.iter().filter(|g| g.0 == 0).map(|g| g.2);
            let (lo, hi) = xs.fold((f64::MAX, f64::MIN), |(lo, hi), x| (lo.min(x), hi.max(x)));
            let spread = (hi - lo) / (b[2] - b[0]);
            assert!(
                spread > 0.85,
                "{product}{orientation}: text spans {spread:.2} of the width"
            );
            // How far right the item names reach.
            let right = glyphs
                .iter()
                .filter(|g| g.0 == 0 && g.1 == '甲')
                .map(|g| g.2)
                .fold(0.0, f64::max);
            reach.push((right, (b[2] - b[0]).min(b[3] - b[1])));
            found.push(columns(&pdf));
        }
        // The same items take more columns, or (the window board, whose landscape layout puts
        // staff and facts beside two columns of items) reach past where a portrait sheet ends.
        let (right, portrait_width) = reach[1];
        assert!(
            found[1] > found[0] || right > portrait_width,
            "{product}: {} columns portrait, {} landscape, items reach {right:.0} pt of a {portrait_width:.0} pt portrait width",
            found[0],
            found[1]
        );
    }
}

#[test]
fn boards_by_floor_make_one_staff_and_fee_board_per_floor_titled_with_it() {
    let site = TestSite::new();
    site.write("site.yaml", &site_yaml("  boards_by: floor\n"));
    site.write(
        "content/windows/gjj.yaml",
        "number: \"1\"\nname: 公积金窗口\nfloor: 一楼\nchief: zhang\nrules: [first]\n",
    );
    site.write(
        "content/windows/tax.yaml",
        "number: \"2\"\nname: 税务窗口\nfloor: 二楼\n",
    );
    site.write(
        "content/staff/li.yaml",
        "name: 李四\nwindow: tax\nphoto: photos/zhang.jpg\npost: 受理员\n",
    );
    site.write(
        "content/items/tax.yaml",
        &VALID_ITEM
            .replace("GJJ-1", "TAX-1")
            .replace("公积金提取", "发票代开")
            .replace("window: gjj", "window: tax"),
    );
    print_ok(site.path(), &["--only", "staff_board,fee_board"]);
    let boards = |product: &str| -> BTreeMap<String, String> {
        std::fs::read_dir(site.path().join("print").join(product))
            .expect("boards")
            .filter_map(Result::ok)
            .filter(|e| e.path().extension().is_some_and(|x| x == "pdf"))
            .map(|e| {
                let text = PdfFile::open(&e.path()).text().split_whitespace().collect();
                (e.file_name().to_string_lossy().into_owned(), text)
            })
            .collect()
    };
    let staff = boards("staff_board");
    assert_eq!(
        staff.len(),
        2,
        "one staff board per floor: {:?}",
        staff.keys()
    );
    let one = staff
        .values()
        .find(|t| t.contains("张三"))
        .expect("the first floor's board");
    assert!(one.contains("一楼") && !one.contains("李四"), "{one}");
    let two = staff
        .values()
        .find(|t| t.contains("李四"))
        .expect("the second floor's board");
    assert!(two.contains("二楼") && !two.contains("张三"), "{two}");
    let fees = boards("fee_board");
    assert_eq!(fees.len(), 2, "one fee board per floor: {:?}", fees.keys());
    assert!(
        fees.values()
            .any(|t| t.contains("二楼") && t.contains("发票代开") && !t.contains("公积金提取"))
    );
    assert!(!site.path().join("print/staff_board/all.pdf").exists());
}

/// The sheet PDFs in `print/changed/` (the order left out).
fn changed_sheets(site: &Path) -> Vec<String> {
    let changed = site.join("print/changed");
    let mut pdfs: Vec<String> = walkdir::WalkDir::new(&changed)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "pdf"))
        .map(|e| {
            e.path()
                .strip_prefix(&changed)
                .expect("inside")
                .to_string_lossy()
                .into_owned()
        })
        .filter(|p| p != "order.pdf")
        .collect();
    pdfs.sort();
    pdfs
}

#[test]
fn changed_since_a_date_compares_with_the_last_commit_before_it() {
    let site = TestSite::new();
    let git = |args: &[&str], date: &str| {
        let out = std::process::Command::new("git")
            .arg("-C")
            .arg(site.path())
            .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
            .args(args)
            .env("GIT_AUTHOR_DATE", date)
            .env("GIT_COMMITTER_DATE", date)
            .output()
            .expect("git");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    git(&["init", "-q"], "2026-01-10T12:00:00");
    git(&["add", "-A"], "2026-01-10T12:00:00");
    git(&["commit", "-qm", "first"], "2026-01-10T12:00:00");
    site.write(
        "content/items/withdraw.yaml",
        &VALID_ITEM.replace(
            "materials:\n",
            "materials:\n  - name: 户口簿\n    original: 1\n",
        ),
    );
    git(&["commit", "-qam", "edit"], "2026-03-10T12:00:00");
    // Older than the edit: the edited item's sheets differ.
    print_ok(site.path(), &["--changed-since", "2026-02-01"]);
    assert_eq!(
        changed_sheets(site.path()),
        ["guide/withdraw.pdf", "handout/withdraw.pdf"]
    );
    // A day in the future: compared with the last commit, nothing differs.
    print_ok(site.path(), &["--changed-since", "2099-01-01"]);
    assert_eq!(changed_sheets(site.path()), Vec::<String>::new());
}

/// The rows of an order.csv (byte order mark removed).
fn order_rows(csv_path: &Path) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(csv_path).expect("order.csv");
    let text = text.trim_start_matches('\u{feff}');
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.expect("csv row").iter().map(str::to_string).collect())
        .collect()
}

#[test]
fn the_order_of_the_bundled_example_and_the_reference_site_lists_every_sheet_with_totals() {
    for which in ["example", "reference"] {
        let print = built(which).join("out/print");
        let rows = order_rows(&print.join("order.csv"));
        let sheets: BTreeMap<String, Vec<String>> = rows
            .iter()
            .skip(1)
            .take_while(|r| r.len() > 1)
            .map(|r| (r[2].clone(), r.clone()))
            .collect();
        let pdfs: Vec<String> = walkdir::WalkDir::new(&print)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.path().extension().is_some_and(|x| x == "pdf"))
            .filter(|e| e.path().parent() != Some(print.as_path()))
            .map(|e| {
                e.path()
                    .strip_prefix(&print)
                    .expect("inside")
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        assert_eq!(pdfs.len(), sheets.len(), "{which}: {pdfs:?}");
        for pdf in &pdfs {
            assert!(sheets.contains_key(pdf), "{which}: no order row for {pdf}");
        }
        // Defaults: one of each board, two guides, 200 handouts; every row has a material.
        for (file, row) in &sheets {
            let expected = match file.split('/').next() {
                Some("guide") => Some("2"),
                Some("handout") => Some("200"),
                Some("window_board" | "staff_board" | "fee_board") => Some("1"),
                _ => None,
            };
            if let Some(q) = expected {
                assert_eq!(row[6], q, "{which} {file}: {row:?}");
            }
            assert!(!row[7].is_empty(), "{which} {file}: no material");
            assert_eq!(row[10], "新增", "{which} {file}: first run");
        }
        // The totals add up copies × pages per material and size.
        let mut expected: BTreeMap<(String, String), u64> = BTreeMap::new();
        for row in sheets.values() {
            let n = row[5].parse::<u64>().expect("pages") * row[6].parse::<u64>().expect("qty");
            *expected
                .entry((row[7].clone(), row[3].clone()))
                .or_default() += n;
        }
        let totals: BTreeMap<(String, String), u64> = rows
            .iter()
            .skip(sheets.len() + 3)
            .filter(|r| r.len() >= 4)
            .map(|r| ((r[1].clone(), r[2].clone()), r[3].parse().expect("sheets")))
            .collect();
        assert_eq!(totals, expected, "{which}");
        let text: String = PdfFile::open(&print.join("order.pdf"))
            .text()
            .split_whitespace()
            .collect();
        assert!(
            text.contains("办事指南") && text.contains("一次性告知单"),
            "{which}"
        );
    }
}

/// A fact's later lines (a second place, hours on two lines) start under its value, not
/// under its label: with Chinese labels, whose width is counted in ems, and English ones,
/// which are measured.
#[test]
fn a_facts_later_lines_start_under_its_value() {
    for language in ["zh-CN", "en"] {
        let site = TestSite::new();
        site.write(
            "site.yaml",
            &format!(
                "title: 测试中心\nbase_url: https://example.gov.cn/center/\nlanguage: {language}\ncenter:\n  address: 人民路 1 号\n  hours: 9:00-17:00\n  phone: 0123-1000\n  complaint_phone: \"12345\"\n"
            ),
        );
        site.write(
            "content/items/withdraw.yaml",
            &VALID_ITEM.replace(
                "case_type: promised\n",
                "case_type: promised\nlocation:\n  - label: 甲处\n    text: 乙楼\n  - label: 丙处\n    text: 丁楼\n",
            ),
        );
        print_ok(site.path(), &["--only", "guide"]);
        let glyphs = PdfFile::open(&site.path().join("print/guide/withdraw.pdf")).glyphs();
        let at = |c: char| {
            glyphs
                .iter()
                .find(|g| g.0 == 0 && g.1 == c)
                .map(|g| (g.2, g.3))
                .unwrap_or_else(|| panic!("{language}: no {c} on page 1"))
        };
        let (first, second) = (at('甲'), at('丙'));
        let margin = glyphs
            .iter()
            .filter(|g| g.0 == 0)
            .map(|g| g.2)
            .fold(f64::MAX, f64::min);
        assert!(
            (second.1 - first.1).abs() > 5.0,
            "{language}: 丙处 is on the line of 甲处"
        );
        assert!(
            (first.0 - second.0).abs() < 0.5,
            "{language}: the value starts at x {:.1}, its second line at x {:.1}",
            first.0,
            second.0
        );
        assert!(
            second.0 > margin + 20.0,
            "{language}: the second line starts under the label (x {:.1}, margin {margin:.1})",
            second.0
        );
    }
}
