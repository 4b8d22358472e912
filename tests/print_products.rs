//! The seven print products on real sites: sheet sizes and boxes, embedded fonts (the
//! bundled family), page counts, extractable text, reuse of unchanged sheets, the same
//! PDFs with and without installed fonts, font fallback and `print.fonts`, and the error
//! for a board that cannot fit. PDFs are read with a Rust parser (tests/common/pdf.rs).

mod common;

use std::path::{Path, PathBuf};

use common::pdf::PdfFile;
use common::*;

const PT_PER_MM: f64 = 72.0 / 25.4;

/// `(MediaBox, TrimBox)` of page 1 in points: (x0, y0, x1, y1); the TrimBox is the
/// MediaBox when the page has none (no bleed).
fn boxes(pdf: &Path) -> ([f64; 4], [f64; 4]) {
    let page = PdfFile::open(pdf).boxes()[0];
    (page.media, page.trim)
}

fn pages(pdf: &Path) -> usize {
    PdfFile::open(pdf).pages()
}

/// The text of a PDF without white space.
fn squeezed_text(pdf: &Path) -> String {
    PdfFile::open(pdf).text().split_whitespace().collect()
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

/// Runs `gongshi print SITE --only PRODUCT`, which must fail with exit code 1, and returns
/// what it printed on stderr.
fn print_error(site: &Path, product: &str) -> String {
    let result = run_print(site, None, &["--only", product]);
    assert_eq!(result.status.code(), Some(1));
    String::from_utf8_lossy(&result.stderr).into_owned()
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
    // The print order (order.pdf) sits beside the product folders; it has its own tests.
    let files: Vec<PathBuf> = pdfs(&out)
        .into_iter()
        .filter(|p| p.parent() != Some(out.as_path()))
        .collect();
    assert!(out.join("order.pdf").is_file() && out.join("order.csv").is_file());
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
        assert!(
            PdfFile::open(pdf).boxes().iter().all(|b| b.has_trim),
            "{}: a bled sheet needs a TrimBox",
            pdf.display()
        );
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
        let fonts = PdfFile::open(pdf).fonts();
        assert!(!fonts.is_empty(), "{}: no fonts", pdf.display());
        for font in &fonts {
            assert!(
                font.embedded && font.subset,
                "{}: font not embedded+subset: {font:?}",
                pdf.display()
            );
            // Every sheet prints with the bundled family, whatever is installed here.
            assert!(
                font.name.starts_with("NotoSansSC-"),
                "{}: not the bundled font: {font:?}",
                pdf.display()
            );
        }
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
    let board = squeezed_text(&out.join("window_board/gjj.pdf"));
    let squeeze = |s: &str| s.split_whitespace().collect::<String>();
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
    let handout = squeezed_text(&out.join("handout/gjj-withdraw-purchase.pdf"));
    for text in ["一次性告知单", "购房发票", "全款购房的提供", "1个工作日"] {
        assert!(
            handout.contains(&squeeze(text)),
            "handout lacks {text}: {handout}"
        );
    }
    let fees = squeezed_text(&out.join("fee_board/all.pdf"));
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

/// A fontconfig file whose only font folder is `dirs`: what gongshi sees as the installed
/// fonts when FONTCONFIG_FILE points at it.
fn fontconfig(dirs: &[&Path]) -> tempfile::TempDir {
    let conf = tempfile::tempdir().expect("dir");
    let dirs: String = dirs
        .iter()
        .map(|d| format!("<dir>{}</dir>", d.display()))
        .collect();
    std::fs::write(
        conf.path().join("fonts.conf"),
        format!("<?xml version=\"1.0\"?>\n<fontconfig>{dirs}</fontconfig>\n"),
    )
    .expect("write fonts.conf");
    conf
}

fn fallback_font_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fonts/fallback")
}

/// Runs `gongshi print SITE -o OUT` with the given environment (and installed fonts
/// visible unless it says otherwise, whatever the test run's environment).
fn print_with_env(site: &Path, out: &Path, env: &[(&str, &Path)]) -> std::process::Output {
    let mut cmd = gongshi();
    cmd.arg("print").arg(site).arg("-o").arg(out);
    cmd.env_remove("GONGSHI_SYSTEM_FONTS");
    for (key, value) in env {
        cmd.env(key, value);
    }
    cmd.output().expect("run gongshi print")
}

fn read_all(dir: &Path) -> std::collections::BTreeMap<PathBuf, Vec<u8>> {
    pdfs(dir)
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).expect("read");
            (p.strip_prefix(dir).expect("prefix").to_path_buf(), bytes)
        })
        .collect()
}

#[test]
fn installed_fonts_do_not_change_the_pdfs() {
    // One print with no installed font at all, one with every font this machine has plus
    // a CJK font (so even a machine without fonts-noto-cjk has one to be tempted by).
    let dir = tempfile::tempdir().expect("dir");
    let (bare, rich) = (dir.path().join("bare"), dir.path().join("rich"));
    let none = print_with_env(
        &reference_site(),
        &bare,
        &[("GONGSHI_SYSTEM_FONTS", Path::new("0"))],
    );
    assert!(
        none.status.success(),
        "{}",
        String::from_utf8_lossy(&none.stderr)
    );
    let conf = fontconfig(&[
        &fallback_font_dir(),
        Path::new("/usr/share/fonts"),
        Path::new("/usr/local/share/fonts"),
    ]);
    let all = print_with_env(
        &reference_site(),
        &rich,
        &[("FONTCONFIG_FILE", &conf.path().join("fonts.conf"))],
    );
    assert!(
        all.status.success(),
        "{}",
        String::from_utf8_lossy(&all.stderr)
    );
    let (a, b) = (read_all(&bare), read_all(&rich));
    assert!(a.len() >= 7, "{:?}", a.keys());
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (path, bytes) in &a {
        assert!(bytes == &b[path], "{} differs", path.display());
    }
}

#[test]
fn a_character_no_font_has_names_the_record_and_line_and_installed_fonts_fill_in() {
    let site = TestSite::new();
    site.write(
        "content/staff/zhang.yaml",
        "name: 张三\nwindow: gjj\nphoto: photos/zhang.jpg\npost: 受理员\nduties: 受理𠮷野两地的申请\n",
    );
    let out = site.path().join("out");
    let bare = print_with_env(
        site.path(),
        &out,
        &[("GONGSHI_SYSTEM_FONTS", Path::new("0"))],
    );
    assert_eq!(bare.status.code(), Some(1));
    let err = String::from_utf8_lossy(&bare.stderr);
    assert!(
        err.contains("E033") && err.contains("𠮷") && err.contains("U+20BB7"),
        "{err}"
    );
    assert!(err.contains("content/staff/zhang.yaml:5:11"), "{err}");
    assert!(err.contains("张三"), "names the record: {err}");

    // A machine with a font that has it prints it from that font.
    let conf = fontconfig(&[&fallback_font_dir()]);
    let ok = print_with_env(
        site.path(),
        &out,
        &[("FONTCONFIG_FILE", &conf.path().join("fonts.conf"))],
    );
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let card = PdfFile::open(&out.join("staff_card/zhang.pdf"));
    let names: Vec<String> = card.fonts().into_iter().map(|f| f.name).collect();
    assert!(
        names.contains(&"NotoSansCJKsc-Regular".to_string()),
        "{names:?}"
    );
    assert!(
        names.iter().any(|n| n.starts_with("NotoSansSC-")),
        "{names:?}"
    );
    let text: String = card.text().split_whitespace().collect();
    assert!(text.contains("受理𠮷野两地的申请"), "{text}");
}

#[test]
fn print_fonts_chooses_installed_fonts_or_fails_at_its_line() {
    let site = TestSite::new();
    let yaml = std::fs::read_to_string(site.path().join("site.yaml")).expect("read");
    let conf = fontconfig(&[&fallback_font_dir()]);
    let fc = conf.path().join("fonts.conf");
    let out = site.path().join("out");

    // 系统 (system): the installed CJK family leads (it has 办 and 事).
    site.write(
        "content/windows/gjj.yaml",
        "number: \"1\"\nname: 办事窗口\nchief: zhang\nrules: [first]\n",
    );
    site.write("site.yaml", &format!("{yaml}印刷:\n  字体: 系统\n"));
    let ok = print_with_env(site.path(), &out, &[("FONTCONFIG_FILE", &fc)]);
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let names: Vec<String> = PdfFile::open(&out.join("window_sign/gjj.pdf"))
        .fonts()
        .into_iter()
        .map(|f| f.name)
        .collect();
    assert!(
        names.iter().any(|n| n.starts_with("NotoSansCJKsc-")),
        "{names:?}"
    );

    // A family that is nowhere is an error at its line in site.yaml.
    site.write(
        "site.yaml",
        &format!("{yaml}print:\n  fonts: No Such Family\n"),
    );
    let bad = print_with_env(site.path(), &out, &[("FONTCONFIG_FILE", &fc)]);
    assert_eq!(bad.status.code(), Some(1));
    let err = String::from_utf8_lossy(&bad.stderr);
    let line = yaml.lines().count() + 2;
    assert!(
        err.contains("E035") && err.contains(&format!("site.yaml:{line}:")),
        "{err}"
    );
}

#[test]
fn a_long_window_board_continues_on_numbered_sheets() {
    let site = TestSite::new();
    site.write("site.yaml", "title: 测试中心\nbase_url: https://example.gov.cn/\nprint:\n  sheets:\n    window_board: 100x150mm\ncenter:\n  phone: \"1\"\n  complaint_phone: \"2\"\n");
    for i in 0..120 {
        site.write(
            &format!("content/items/i{i}.yaml"),
            &VALID_ITEM.replace("GJJ-1", &format!("X-{i}")).replace(
                "公积金提取",
                &format!("公积金提取第{i}项业务的很长很长的名称"),
            ),
        );
    }
    let result = run_print(site.path(), None, &["--only", "window_board"]);
    let err = String::from_utf8_lossy(&result.stderr);
    assert!(result.status.success(), "{err}");
    let board = PdfFile::open(&site.path().join("print/window_board/gjj.pdf"));
    let texts: Vec<String> = board
        .page_texts()
        .iter()
        .map(|t| t.split_whitespace().collect())
        .collect();
    let n = texts.len();
    assert!(n >= 2, "120 items need more than one sheet");
    for (i, text) in texts.iter().enumerate() {
        // The window band repeats on every sheet, with its "sheet n of N" mark.
        assert!(text.contains("公积金窗口"), "sheet {i}: {text}");
        let mark = format!("第{}张，共{n}张", i + 1);
        assert!(text.contains(&mark), "sheet {i}: {text}");
    }
    // Every item is on exactly one sheet.
    for i in 0..120 {
        let name = format!("公积金提取第{i}项业务");
        let on = texts.iter().filter(|t| t.contains(&name)).count();
        assert_eq!(on, 1, "{name} on {on} sheets");
    }
}

#[test]
fn a_board_that_cannot_fit_names_the_product_and_the_fix() {
    let site = TestSite::new();
    site.write("site.yaml", "title: 测试中心\nbase_url: https://example.gov.cn/\nprint:\n  sheets:\n    window_board: 100x150mm\ncenter:\n  phone: \"1\"\n  complaint_phone: \"2\"\n");
    // One record alone too long for a sheet: no continuation helps.
    let long = "很长的窗口名称".repeat(600);
    site.write(
        "content/windows/gjj.yaml",
        &format!("number: \"1\"\nname: {long}\nchief: zhang\nrules: [first]\n"),
    );
    let err = print_error(site.path(), "window_board");
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
    // `print` makes sheets only, and says so without a count of pages.
    let said = String::from_utf8_lossy(&result.stdout);
    assert!(said.starts_with("已生成 1 张印刷页，"), "{said}");
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
    let texts: Vec<String> = PdfFile::open(&long)
        .page_texts()
        .iter()
        .map(|t| t.split_whitespace().collect())
        .collect();
    let (page1, page2) = (&texts[0], &texts[1]);
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
fn a_guide_template_that_still_loads_the_retired_flowchart_svg_is_told_what_replaced_it() {
    let site = TestSite::new();
    site.write(
        "templates/print/guide.typ",
        "#let data = json(\"/data.json\")\n#data.item.name\n#image(\"/flow.svg\", width: 100%)\n",
    );
    let err = print_error(site.path(), "guide");
    assert!(
        err.contains("E030")
            && err.contains("guide.typ:3:")
            && err.contains("hint: gongshi no longer provides /flow.svg")
            && err.contains("`flowchart(it.procedure)` from /common.typ"),
        "{err}"
    );
}

#[test]
fn an_unknown_font_family_in_a_template_is_an_error() {
    let site = TestSite::new();
    site.write(
        "templates/print/window_sign.typ",
        "#let data = json(\"/data.json\")\n#text(font: \"No Such Font Family\")[#data.window.name]\n",
    );
    let err = print_error(site.path(), "window_sign");
    assert!(
        err.contains("E034") && err.contains("no such font family"),
        "{err}"
    );
}
