//! What a center's print run makes beyond the sheets, read from the real output: the print
//! order (order.csv: quantities from site.yaml, totals, changed flags after an edit),
//! `--changed-since` (a manifest or a git revision) and `--zip`, the 服务评价 placard (its QR
//! code decodes to the evaluation address), the 办事流程图 poster, PDF/A-2b markers, and the
//! staff board on a landscape sheet, boards split by department, and boards that fill tall
//! sheets.

mod common;

use std::path::Path;

use common::pdf::PdfFile;
use common::*;

/// Runs `gongshi print SITE ARGS…` and returns its stderr; panics when it fails.
fn print_ok(site: &Path, args: &[&str]) -> String {
    let out = gongshi()
        .arg("print")
        .arg(site)
        .args(args)
        .output()
        .expect("run gongshi print");
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{err}");
    err
}

/// The rows of an order.csv (byte order mark removed).
fn order_rows(csv_path: &Path) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(csv_path).expect("order.csv");
    let text = text.trim_start_matches('\u{feff}');
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    reader
        .records()
        .map(|r| r.expect("csv row").iter().map(str::to_string).collect())
        .collect()
}

/// The sheet rows of an order (header, blank line and totals left out): file → row.
fn sheet_rows(rows: &[Vec<String>]) -> std::collections::BTreeMap<String, Vec<String>> {
    rows.iter()
        .skip(1)
        .take_while(|r| r.len() > 1)
        .map(|r| (r[2].clone(), r.clone()))
        .collect()
}

/// The test site with a second item, a handout order and an evaluation address.
fn center() -> TestSite {
    let site = TestSite::new();
    site.write(
        "site.yaml",
        "title: 测试中心\nbase_url: https://example.gov.cn/center/\ncenter:\n  address: 人民路 1 号\n  hours: 9:00-17:00\n  phone: 0123-1000\n  complaint_phone: \"12345\"\n  evaluation_url: https://pj.example.gov.cn/rate?w=1\nprint:\n  order:\n    handout:\n      quantity: 50\n      material: 70g 胶版纸\n",
    );
    site.write(
        "content/items/second.yaml",
        &VALID_ITEM
            .replace("GJJ-1", "GJJ-2")
            .replace("公积金提取", "公积金贷款"),
    );
    site
}

/// Adds a material to the first item (its guide and handout change, no board does).
fn edit_first_item(site: &TestSite) {
    site.write(
        "content/items/withdraw.yaml",
        &VALID_ITEM.replace(
            "materials:\n",
            "materials:\n  - name: 户口簿\n    original: 1\n",
        ),
    );
}

const CHANGED: &str = "已变更";
const UNCHANGED: &str = "未变更";
const NEW: &str = "新增";

#[test]
fn the_order_lists_every_sheet_with_quantities_totals_and_what_changed() {
    let site = center();
    print_ok(site.path(), &[]);
    let print = site.path().join("print");
    let rows = order_rows(&print.join("order.csv"));
    let sheets = sheet_rows(&rows);
    // One row per PDF of the run.
    let pdfs = walkdir::WalkDir::new(&print)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "pdf"))
        .filter(|e| e.path().parent() != Some(print.as_path()))
        .count();
    assert_eq!(sheets.len(), pdfs, "{sheets:?}");
    let handout = &sheets["handout/withdraw.pdf"];
    assert_eq!(handout[3], "210×297 mm");
    assert_eq!(handout[6], "50", "quantity from site.yaml: {handout:?}");
    assert_eq!(handout[7], "70g 胶版纸");
    let board = &sheets["window_board/gjj.pdf"];
    assert_eq!(board[6], "1", "one board by default: {board:?}");
    assert!(sheets.values().all(|r| r[10] == NEW), "first run: all new");
    // Totals: the two handouts (50 copies × pages each) under their material and size.
    let pages: u64 = ["handout/withdraw.pdf", "handout/second.pdf"]
        .iter()
        .map(|f| sheets[*f][5].parse::<u64>().expect("pages"))
        .sum();
    let total = rows
        .iter()
        .find(|r| r.len() > 3 && r[1] == "70g 胶版纸" && r[2] == "210×297 mm")
        .unwrap_or_else(|| panic!("no total for the handouts: {rows:?}"));
    assert_eq!(total[3], (50 * pages).to_string(), "{total:?}");
    assert!(print.join("order.pdf").is_file());
    assert!(
        PdfFile::open(&print.join("order.pdf"))
            .text()
            .contains("70g")
    );

    edit_first_item(&site);
    print_ok(site.path(), &[]);
    let sheets = sheet_rows(&order_rows(&print.join("order.csv")));
    for (file, row) in &sheets {
        let expected = if file.ends_with("/withdraw.pdf") {
            CHANGED
        } else {
            UNCHANGED
        };
        assert_eq!(row[10], expected, "{file}: {row:?}");
    }
    // Printing again without an edit keeps the flags of the last change.
    let before = std::fs::read(print.join("order.csv")).expect("order.csv");
    print_ok(site.path(), &[]);
    assert_eq!(
        std::fs::read(print.join("order.csv")).expect("order.csv"),
        before
    );
}

#[test]
fn changed_since_a_manifest_sends_only_the_edited_items_sheets() {
    let site = center();
    print_ok(site.path(), &[]);
    let before = site.path().join("before.json");
    std::fs::copy(site.path().join("print/manifest.json"), &before).expect("copy manifest");
    edit_first_item(&site);
    let zip = site.path().join("reprint.zip");
    print_ok(
        site.path(),
        &[
            "--changed-since",
            before.to_str().expect("utf-8"),
            "--zip",
            zip.to_str().expect("utf-8"),
        ],
    );
    let changed = site.path().join("print/changed");
    let mut pdfs: Vec<String> = walkdir::WalkDir::new(&changed)
        .sort_by_file_name()
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
        .collect();
    pdfs.sort();
    assert_eq!(
        pdfs,
        ["guide/withdraw.pdf", "handout/withdraw.pdf", "order.pdf"],
        "only the edited item's sheets and their order"
    );
    let rows = sheet_rows(&order_rows(&changed.join("order.csv")));
    assert_eq!(
        rows.keys().collect::<Vec<_>>(),
        ["guide/withdraw.pdf", "handout/withdraw.pdf"]
    );
    assert!(rows.values().all(|r| r[10] == CHANGED), "{rows:?}");

    // The archive holds the same sheets, named by product, record and revision, and the order.
    let file = std::fs::File::open(&zip).expect("zip written");
    let mut archive = zip::ZipArchive::new(file).expect("a zip archive");
    let names: Vec<String> = (0..archive.len())
        .map(|i| {
            archive
                .by_index(i)
                .expect("entry")
                .name()
                .expect("entry name")
                .to_string()
        })
        .collect();
    let sheets: Vec<&String> = names.iter().filter(|n| n.contains('/')).collect();
    assert_eq!(sheets.len(), 2, "{names:?}");
    assert!(
        sheets.iter().any(|n| n.starts_with("guide/withdraw_"))
            && sheets.iter().any(|n| n.starts_with("handout/withdraw_")),
        "{names:?}"
    );
    assert!(
        names.iter().any(|n| n.ends_with("order.csv"))
            && names.iter().any(|n| n.ends_with("order.pdf")),
        "{names:?}"
    );
}

#[test]
fn changed_since_a_git_revision_compares_with_that_commit() {
    let site = center();
    let git = |args: &[&str]| {
        let out = std::process::Command::new("git")
            .arg("-C")
            .arg(site.path())
            .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
            .args(args)
            .output()
            .expect("git");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    git(&["init", "-q"]);
    git(&["add", "-A"]);
    git(&["commit", "-qm", "first"]);
    edit_first_item(&site);
    print_ok(site.path(), &["--changed-since", "HEAD"]);
    let rows = sheet_rows(&order_rows(&site.path().join("print/changed/order.csv")));
    assert_eq!(
        rows.keys().collect::<Vec<_>>(),
        ["guide/withdraw.pdf", "handout/withdraw.pdf"],
        "the sheets that differ from HEAD"
    );
}

#[test]
fn the_evaluation_placard_is_one_page_whose_qr_code_opens_the_evaluation_address() {
    let site = center();
    print_ok(site.path(), &["--only", "evaluation_placard"]);
    let pdf = site.path().join("print/evaluation_placard/gjj.pdf");
    let file = PdfFile::open(&pdf);
    assert_eq!(file.pages(), 1);
    let text: String = file.text().split_whitespace().collect();
    assert!(text.contains("公积金窗口"), "{text}");
    // The thumbnail is the page rendered by Typst; the QR code must decode from it.
    let png = image::open(pdf.with_extension("png"))
        .expect("thumbnail")
        .to_luma8();
    let mut prepared = rqrr::PreparedImage::prepare(png);
    let grids = prepared.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code");
    let (_, content) = grids[0].decode().expect("QR decodes");
    assert_eq!(content, "https://pj.example.gov.cn/rate?w=1");
}

#[test]
fn a_window_without_an_evaluation_address_gets_no_placard() {
    let site = TestSite::new();
    print_ok(site.path(), &["--only", "evaluation_placard"]);
    assert!(!site.path().join("print/evaluation_placard").exists());
}

#[test]
fn an_item_marked_poster_gets_a_one_page_a3_flow_poster() {
    let site = center();
    site.write(
        "content/items/withdraw.yaml",
        &format!("{VALID_ITEM}poster: true\n"),
    );
    print_ok(site.path(), &["--only", "flow_poster"]);
    let dir = site.path().join("print/flow_poster");
    let file = PdfFile::open(&dir.join("withdraw.pdf"));
    assert_eq!(file.pages(), 1);
    let b = file.boxes()[0].trim;
    let mm = |pt: f64| pt * 25.4 / 72.0;
    assert!((mm(b[2] - b[0]) - 297.0).abs() < 0.5 && (mm(b[3] - b[1]) - 420.0).abs() < 0.5);
    let text: String = file.text().split_whitespace().collect();
    assert!(text.contains("受理") && text.contains("审核"), "{text}");
    assert!(!dir.join("second.pdf").exists(), "only items marked poster");
}

/// The flowchart is drawn by the template, not loaded as a picture: each step a box with its
/// number and name and, below, the same `承办：… · 时限：…` words the guide's list and the web
/// page give; in the
/// sheet's process colours (an RGB picture put an RGB colour space on CMYK sheets); and on the
/// poster scaled down until a long procedure fits its one sheet.
#[test]
fn the_procedure_flowchart_is_drawn_in_the_sheets_words_and_process_colours() {
    const STEPS: [&str; 12] = [
        "受理",
        "初审",
        "复审",
        "现场核查",
        "专家评审",
        "公示",
        "审批",
        "制证",
        "缮证",
        "送达",
        "归档",
        "回访",
    ];
    let procedure: String = STEPS
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let limit = if i % 2 == 0 {
                "即办"
            } else {
                "三个工作日"
            };
            format!("  - name: {name}\n    actor: 业务科室\n    limit: {limit}\n")
        })
        .collect();
    let site = center();
    let item = VALID_ITEM.replace(
        "procedure:\n  - name: 受理\n    limit: 即办\n  - name: 审核\n",
        &format!("procedure:\n{procedure}"),
    );
    assert_ne!(item, VALID_ITEM, "the fixture's procedure changed");
    site.write(
        "content/items/withdraw.yaml",
        &format!("{item}poster: true\n"),
    );
    print_ok(site.path(), &["--only", "guide,flow_poster"]);
    for rel in ["print/guide/withdraw.pdf", "print/flow_poster/withdraw.pdf"] {
        let path = site.path().join(rel);
        // White space left out: the text extraction puts a space after `1.` but not `10.`.
        let lines: Vec<String> = pdf_lines(&path)
            .iter()
            .map(|l| l.split_whitespace().collect())
            .collect();
        for (i, name) in STEPS.iter().enumerate() {
            let limit = if i % 2 == 0 {
                "即办"
            } else {
                "三个工作日"
            };
            let head = format!("{}.{name}", i + 1);
            let at = lines
                .iter()
                .position(|l| *l == head)
                .unwrap_or_else(|| panic!("{rel}: no chart box `{head}` in {lines:#?}"));
            assert_eq!(
                lines.get(at + 1).map(String::as_str),
                Some(&*format!("承办：业务科室·时限：{limit}")),
                "{rel}: under `{head}`"
            );
        }
        let bytes = std::fs::read(&path).expect("pdf");
        assert!(
            !bytes.windows(4).any(|w| w == b"/N 3"),
            "{rel}: an RGB colour space on a CMYK sheet"
        );
    }
    let poster = PdfFile::open(&site.path().join("print/flow_poster/withdraw.pdf"));
    assert_eq!(
        poster.pages(),
        1,
        "the poster's chart is scaled to its sheet"
    );
}

#[test]
fn pdf_a_2b_sheets_carry_the_archival_markers_and_embed_their_fonts() {
    let site = TestSite::new();
    site.write(
        "site.yaml",
        "title: 测试中心\nbase_url: https://example.gov.cn/center/\ncenter:\n  phone: 0123-1000\n  complaint_phone: \"12345\"\nprint:\n  pdf_standard: a-2b\n",
    );
    print_ok(site.path(), &["--only", "handout,window_board"]);
    for rel in ["print/handout/withdraw.pdf", "print/window_board/gjj.pdf"] {
        let path = site.path().join(rel);
        let bytes = std::fs::read(&path).expect("pdf");
        let has = |needle: &str| bytes.windows(needle.len()).any(|w| w == needle.as_bytes());
        assert!(
            has("pdfaid:part") && has("pdfaid:conformance"),
            "{rel}: no PDF/A XMP"
        );
        assert!(
            has("/OutputIntents") && has("GTS_PDFA1"),
            "{rel}: no OutputIntent"
        );
        let fonts = PdfFile::open(&path).fonts();
        assert!(
            !fonts.is_empty() && fonts.iter().all(|f| f.embedded),
            "{rel}: {fonts:?}"
        );
    }
    // Without the setting: a plain PDF.
    let plain = TestSite::new();
    print_ok(plain.path(), &["--only", "handout"]);
    let bytes = std::fs::read(plain.path().join("print/handout/withdraw.pdf")).expect("pdf");
    assert!(!bytes.windows(11).any(|w| w == b"pdfaid:part"));
}

#[test]
fn the_staff_board_uses_a_landscape_sheet_for_one_three_and_twelve_people() {
    for people in [1, 3, 12] {
        for orientation in ["A2", "A2 landscape"] {
            let site = TestSite::new();
            site.write(
                "site.yaml",
                &format!("title: 测试中心\nbase_url: https://example.gov.cn/center/\ncenter:\n  phone: 0123-1000\n  complaint_phone: \"12345\"\nprint:\n  sheets:\n    staff_board: {orientation}\n"),
            );
            for i in 1..people {
                site.write(
                    &format!("content/staff/s{i}.yaml"),
                    &format!("name: 员工{i}\nwindow: gjj\nphoto: photos/zhang.jpg\npost: 受理员\n"),
                );
            }
            print_ok(site.path(), &["--only", "staff_board"]);
            let file = PdfFile::open(&site.path().join("print/staff_board/all.pdf"));
            let b = file.boxes()[0].trim;
            let (w, h) = (b[2] - b[0], b[3] - b[1]);
            assert_eq!(
                w > h,
                orientation.ends_with("landscape"),
                "{people} on {orientation}"
            );
            let text: String = file.text().split_whitespace().collect();
            for i in 1..people {
                assert!(
                    text.contains(&format!("员工{i}")),
                    "{people} on {orientation}: {text}"
                );
            }
        }
    }
}

/// The empty band above the foot of a rendered page, as a share of its height: from the
/// bottom, the margin, then the revision stamp, then white rows up to the content.
/// (A board laid out for its width only leaves a third of a 1200×2400 mm sheet here.)
fn empty_band_at_the_foot(png: &Path) -> f64 {
    let img = image::open(png).expect("thumbnail").to_luma8();
    let (w, h) = img.dimensions();
    // Crop marks lie in the bleed at the corners: only the columns inside the trim count.
    // Anything not white is ink: small text comes out as light grey bars in a thumbnail.
    let dark = |y: u32| (w / 20..w - w / 20).any(|x| img.get_pixel(x, y).0[0] < 230);
    let mut y = h - 1;
    while y > 0 && !dark(y) {
        y -= 1; // margin
    }
    while y > 0 && dark(y) {
        y -= 1; // the stamp (or content reaching the foot)
    }
    let mut band = 0;
    while y > 0 && !dark(y) {
        band += 1;
        y -= 1;
    }
    f64::from(band) / f64::from(h)
}

#[test]
fn window_boards_fill_tall_sheets_to_the_foot() {
    for size in ["600x900mm", "900x1800mm", "1200x2400mm"] {
        let site = TestSite::new();
        site.write(
            "site.yaml",
            &format!("title: 测试中心\nbase_url: https://example.gov.cn/center/\ncenter:\n  phone: 0123-1000\n  complaint_phone: \"12345\"\nprint:\n  sheets:\n    window_board: {size}\n"),
        );
        for i in 0..12 {
            site.write(
                &format!("content/items/i{i}.yaml"),
                &VALID_ITEM
                    .replace("GJJ-1", &format!("X-{i}"))
                    .replace("公积金提取", &format!("公积金提取第{i}项")),
            );
        }
        print_ok(site.path(), &["--only", "window_board"]);
        let band = empty_band_at_the_foot(&site.path().join("print/window_board/gjj.png"));
        assert!(
            band < 0.05,
            "{size}: {:.0}% of the height empty at the foot",
            band * 100.0
        );
    }
}

#[test]
fn boards_by_department_make_one_staff_and_fee_board_per_department() {
    let site = TestSite::new();
    site.write(
        "site.yaml",
        "title: 测试中心\nbase_url: https://example.gov.cn/center/\ncenter:\n  phone: 0123-1000\n  complaint_phone: \"12345\"\nprint:\n  boards_by: department\n",
    );
    site.write(
        "content/windows/gjj.yaml",
        "number: \"1\"\nname: 公积金窗口\ndepartment: 住房公积金中心\nchief: zhang\nrules: [first]\n",
    );
    site.write(
        "content/windows/tax.yaml",
        "number: \"2\"\nname: 税务窗口\ndepartment: 税务局\n",
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
    let read = |rel: &str| -> String {
        PdfFile::open(&site.path().join("print").join(rel))
            .text()
            .split_whitespace()
            .collect()
    };
    let gjj = read("staff_board/住房公积金中心.pdf");
    let tax = read("staff_board/税务局.pdf");
    assert!(
        gjj.contains("住房公积金中心") && gjj.contains("张三") && !gjj.contains("李四"),
        "{gjj}"
    );
    assert!(
        tax.contains("税务局") && tax.contains("李四") && !tax.contains("张三"),
        "{tax}"
    );
    let fees = read("fee_board/税务局.pdf");
    assert!(
        fees.contains("发票代开") && !fees.contains("公积金提取"),
        "{fees}"
    );
    assert!(!site.path().join("print/staff_board/all.pdf").exists());
}
