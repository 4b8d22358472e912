//! The seven print products on real sites: sheet sizes and boxes (pdfinfo), embedded CJK
//! fonts (pdffonts), page counts, extractable text (pdftotext), reuse of unchanged sheets,
//! the error without CJK fonts and the one for a board that cannot fit.
//!
//! Needs poppler-utils and fonts-noto-cjk (scripts/setup.sh installs them).

mod common;

use std::path::{Path, PathBuf};

use common::*;

const PT_PER_MM: f64 = 72.0 / 25.4;

/// `(MediaBox, TrimBox)` of page 1 in points: (x0, y0, x1, y1).
fn boxes(pdf: &Path) -> ([f64; 4], [f64; 4]) {
    let info = tool("pdfinfo", &["-box"], pdf);
    let get = |name: &str| -> [f64; 4] {
        let line = info
            .lines()
            .find(|l| l.starts_with(name))
            .unwrap_or_else(|| panic!("no {name} in {info}"));
        let v: Vec<f64> = line[name.len() + 1..]
            .split_whitespace()
            .filter_map(|t| t.parse().ok())
            .collect();
        [v[0], v[1], v[2], v[3]]
    };
    (get("MediaBox:"), get("TrimBox:"))
}

fn pages(pdf: &Path) -> usize {
    let info = tool("pdfinfo", &[], pdf);
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("page count")
}

fn pdfs(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.expect("walk");
        if entry.path().extension().is_some_and(|e| e == "pdf") {
            out.push(entry.path().to_path_buf());
        }
    }
    out
}

/// Runs `gongshi print SITE [-o OUT] ARGS…`.
fn run_print(site: &Path, out: Option<&Path>, args: &[&str]) -> std::process::Output {
    let mut cmd = gongshi();
    cmd.arg("print").arg(site);
    if let Some(out) = out {
        cmd.arg("-o").arg(out);
    }
    cmd.args(args).output().expect("run gongshi print")
}

fn expected_trim_mm(product: &str, site: &str) -> (f64, f64) {
    match (product, site) {
        ("window_board", _) => (600.0, 900.0),
        ("guide", _) => (297.0, 420.0),
        ("handout", _) => (210.0, 297.0),
        ("staff_card", _) => (200.0, 100.0),
        ("window_sign", _) => (500.0, 250.0),
        ("staff_board" | "fee_board", _) => (594.0, 841.0),
        (other, _) => panic!("unknown product folder {other}"),
    }
}

fn assert_sheets(which: &str) {
    let out = built(which).join("out/print");
    let files = pdfs(&out);
    let products: std::collections::BTreeSet<String> = files
        .iter()
        .filter_map(|p| {
            p.parent()?
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
        })
        .collect();
    assert_eq!(products.len(), 7, "{products:?}");
    assert!(out.join("index.html").is_file());
    for pdf in &files {
        let product = pdf
            .parent()
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let (w, h) = expected_trim_mm(&product, which);
        let (media, trim) = boxes(pdf);
        let bleed = 3.0 * PT_PER_MM;
        let close = |a: f64, b: f64| (a - b).abs() < 0.6;
        assert!(
            close(media[2] - media[0], w * PT_PER_MM + 2.0 * bleed),
            "{}: media {media:?}",
            pdf.display()
        );
        assert!(
            close(media[3] - media[1], h * PT_PER_MM + 2.0 * bleed),
            "{}: media {media:?}",
            pdf.display()
        );
        assert!(
            close(trim[0], bleed) && close(trim[1], bleed),
            "{}: trim {trim:?}",
            pdf.display()
        );
        assert!(
            close(trim[2] - trim[0], w * PT_PER_MM) && close(trim[3] - trim[1], h * PT_PER_MM),
            "{}: trim {trim:?}",
            pdf.display()
        );
        let fonts = tool("pdffonts", &[], pdf);
        let rows: Vec<&str> = fonts.lines().skip(2).collect();
        assert!(!rows.is_empty(), "{}: no fonts", pdf.display());
        for row in &rows {
            let cols: Vec<&str> = row.split_whitespace().collect();
            let n = cols.len();
            assert_eq!(
                &cols[n - 5..n - 3],
                &["yes", "yes"],
                "{}: font not embedded+subset: {row}",
                pdf.display()
            );
        }
        assert!(
            rows.iter()
                .any(|r| r.contains("CJK") || r.contains("Han") || r.contains("Hei")),
            "{}: no CJK font: {fonts}",
            pdf.display()
        );
        let n = pages(pdf);
        match product.as_str() {
            "handout" => assert!((1..=2).contains(&n), "{}: {n} pages", pdf.display()),
            "guide" => assert!(n >= 1, "{}", pdf.display()),
            _ => assert_eq!(n, 1, "{}: boards are one sheet", pdf.display()),
        }
        assert!(
            pdf.with_extension("png").is_file(),
            "thumbnail of {}",
            pdf.display()
        );
    }
}

#[test]
fn bundled_example_prints_every_product_on_its_sheet() {
    assert_sheets("example");
}

#[test]
fn reference_site_prints_every_product_on_its_sheet() {
    assert_sheets("reference");
}

#[test]
fn text_is_extractable_and_stamped() {
    let out = built("reference").join("out/print");
    let board = tool("pdftotext", &[], &out.join("window_board/gjj.pdf"));
    let squeeze = |s: &str| s.split_whitespace().collect::<String>();
    let board = squeeze(&board);
    for name in [
        "住房公积金提取（购买自住住房）",
        "住房公积金个人住房贷款",
        "张伟",
        "12",
    ] {
        assert!(
            board.contains(&squeeze(name)),
            "window board lacks {name}: {board}"
        );
    }
    assert!(board.contains("修订"), "revision stamp missing");
    let handout = squeeze(&tool(
        "pdftotext",
        &[],
        &out.join("handout/gjj-withdraw-purchase.pdf"),
    ));
    for text in ["一次性告知单", "购房发票", "全款购房的提供", "1个工作日"] {
        assert!(
            handout.contains(&squeeze(text)),
            "handout lacks {text}: {handout}"
        );
    }
    let fees = squeeze(&tool("pdftotext", &[], &out.join("fee_board/all.pdf")));
    assert!(fees.contains("发改价格规〔2016〕2559号"), "{fees}");
    assert!(
        fees.contains("不动产登记资料查询"),
        "free items listed: {fees}"
    );
}

#[test]
fn large_format_has_no_bleed() {
    let site = tempfile::tempdir().expect("dir");
    copy_dir(&reference_site(), site.path());
    let yaml = std::fs::read_to_string(site.path().join("site.yaml")).expect("read");
    std::fs::write(
        site.path().join("site.yaml"),
        yaml.replace("profile: offset", "profile: large-format"),
    )
    .expect("write");
    let out = site.path().join("out");
    let result = run_print(
        site.path(),
        Some(&out),
        &["--only", "window_board,handout", "--window", "gjj"],
    );
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    let (media, trim) = boxes(&out.join("window_board/gjj.pdf"));
    assert_eq!(media, trim);
    assert!((media[2] - 600.0 * PT_PER_MM).abs() < 0.6);
    assert!(!out.join("guide").exists() && !out.join("window_board/budongchan.pdf").exists());
}

#[test]
fn unchanged_sheets_are_reused_and_output_is_deterministic() {
    let site = tempfile::tempdir().expect("dir");
    copy_dir(&reference_site(), site.path());
    let out = site.path().join("public");
    let options = gongshi::BuildOptions {
        out: Some(out.clone()),
        ..Default::default()
    };
    let first = gongshi::build(site.path(), &options).expect("first build");
    assert_eq!(first.sheets_reused, 0);
    let before = std::fs::read(out.join("print/handout/gjj-loan.pdf")).expect("read");
    let item = site.path().join("content/items/gjj-loan.yaml");
    let text = std::fs::read_to_string(&item).expect("read");
    std::fs::write(&item, text.replace("放款", "发放贷款")).expect("edit");
    let second = gongshi::build(site.path(), &options).expect("second build");
    assert!(
        second.sheets_reused >= first.sheets - 4,
        "{} of {} reused",
        second.sheets_reused,
        second.sheets
    );
    assert_ne!(
        std::fs::read(out.join("print/guide/gjj-loan.pdf")).expect("read"),
        Vec::<u8>::new()
    );
    std::fs::write(&item, text).expect("restore");
    let third = gongshi::build(site.path(), &options).expect("third build");
    assert_eq!(
        std::fs::read(out.join("print/handout/gjj-loan.pdf")).expect("read"),
        before
    );
    assert!(third.sheets_reused < third.sheets);
}

#[test]
fn without_a_cjk_font_the_build_says_how_to_fix_it() {
    let out = tempfile::tempdir().expect("dir");
    let result = gongshi()
        .env("GONGSHI_SYSTEM_FONTS", "0")
        .args(["build"])
        .arg(reference_site())
        .arg("-o")
        .arg(out.path().join("public"))
        .output()
        .expect("run");
    assert_eq!(result.status.code(), Some(1));
    let err = String::from_utf8_lossy(&result.stderr);
    assert!(err.contains("E032"), "{err}");
    assert!(
        err.contains("fonts-noto-cjk") && err.contains("fonts/"),
        "{err}"
    );
    assert!(
        !out.path().join("public").exists(),
        "a failed build writes nothing"
    );
}

#[test]
fn a_board_that_cannot_fit_names_the_product_and_the_fix() {
    let site = TestSite::new();
    site.write("site.yaml", "title: 测试中心\nbase_url: https://example.gov.cn/\nprint:\n  sheets:\n    window_board: 100x150mm\ncenter:\n  phone: \"1\"\n  complaint_phone: \"2\"\n");
    for i in 0..40 {
        site.write(
            &format!("content/items/i{i}.yaml"),
            &VALID_ITEM.replace("GJJ-1", &format!("X-{i}")).replace(
                "公积金提取",
                &format!("公积金提取第{i}项业务的很长很长的名称"),
            ),
        );
    }
    let result = run_print(site.path(), None, &["--only", "window_board"]);
    assert_eq!(result.status.code(), Some(1));
    let err = String::from_utf8_lossy(&result.stderr);
    assert!(err.contains("E031"), "{err}");
    assert!(
        err.contains("window_board") && err.contains("site.yaml"),
        "{err}"
    );
}

#[test]
fn low_resolution_photos_warn_with_the_staff_name() {
    let site = TestSite::new();
    let result = run_print(site.path(), None, &["--only", "staff_card"]);
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    let err = String::from_utf8_lossy(&result.stderr);
    assert!(err.contains("W130") && err.contains("张三"), "{err}");
}

#[test]
fn handouts_take_twelve_materials_on_one_sheet_and_continue_on_a_second() {
    let site = TestSite::new();
    let materials = |n: usize| -> String {
        (1..=n)
            .map(|i| format!("  - name: 第{i}项申请材料（含复印件及说明）\n    original: 1\n    copy: 2\n    note: 需加盖单位公章\n"))
            .collect()
    };
    let item = |n: usize| {
        VALID_ITEM.replace(
            "materials:\n  - name: 身份证\n    original: 1\n",
            &format!("materials:\n{}", materials(n)),
        )
    };
    site.write("content/items/withdraw.yaml", &item(12));
    site.write(
        "content/items/long.yaml",
        &item(24).replace("GJJ-1", "GJJ-2"),
    );
    let out = site.path().join("print-out");
    let result = run_print(site.path(), Some(&out), &["--only", "handout"]);
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    assert_eq!(pages(&out.join("handout/withdraw.pdf")), 1);
    let long = out.join("handout/long.pdf");
    assert_eq!(pages(&long), 2);
    let text = |page: &str| -> String {
        tool("pdftotext", &["-f", page, "-l", page], &long)
            .split_whitespace()
            .collect()
    };
    let (page1, page2) = (text("1"), text("2"));
    assert!(
        page2.contains("材料名称") && page2.contains("第24项"),
        "header repeated on sheet 2: {page2}"
    );
    assert!(
        page1.contains("第12项") && !page1.contains("第13项"),
        "12 materials on sheet 1: {page1}"
    );
}

#[test]
fn an_unknown_font_family_in_a_template_is_an_error() {
    let site = TestSite::new();
    site.write(
        "templates/print/window_sign.typ",
        "#let data = json(\"/data.json\")\n#text(font: \"No Such Font Family\")[#data.window.name]\n",
    );
    let result = run_print(site.path(), None, &["--only", "window_sign"]);
    assert_eq!(result.status.code(), Some(1));
    let err = String::from_utf8_lossy(&result.stderr);
    assert!(
        err.contains("E034") && err.contains("no such font family"),
        "{err}"
    );
}
