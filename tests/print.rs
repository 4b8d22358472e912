//! The Typst PDF engine: sheet boxes, fonts, glyph and page checks, determinism.
//!
//! Runs with the font bundled in gongshi alone (no installed font is needed) and reads
//! the PDFs with a Rust PDF parser (tests/common/pdf.rs), not poppler.

mod common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Instant;

use common::pdf::PdfFile;
use gongshi::print::{
    BUNDLED_FAMILY, FontChoice, FontChoiceError, FontStore, PrintError, PrintJob, PrintOutput,
    Profile, Sheet, render_pdf,
};
use serde_json::json;

/// The bundled font alone, loaded once for all tests.
fn fonts() -> &'static FontStore {
    static FONTS: OnceLock<FontStore> = OnceLock::new();
    FONTS.get_or_init(|| {
        let fonts = FontStore::bundled();
        assert!(fonts.has_cjk(), "{:?}", fonts.families());
        assert_eq!(fonts.default_families(), [BUNDLED_FAMILY]);
        fonts
    })
}

/// A folder with a few glyphs of Noto Sans CJK SC, among them 𠮷 (U+20BB7), which the
/// bundled font lacks.
fn fallback_font_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fonts/fallback")
}

const BOARD: &str = r#"#import "/gongshi.typ": *
#let data = json("/data.json")
#set page(background: rect(width: 100%, height: 100%, fill: tint))

#text(size: 24pt, fill: party-red, weight: "bold")[#data.title]

窗口：#data.window

#for item in data.items [
  - #item
]

#image("/qr.svg", width: 25mm)

#place(bottom + right, stamp(data.date, data.hash))
"#;

const QR_SVG: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 7 7"><path d="M0 0h7v7H0z" fill="#fff"/><path d="M0 0h3v3H0zM4 0h3v3H4zM0 4h3v3H0zM4 4h1v1H4zM6 6h1v1H6z"/></svg>"##;

fn board_data() -> serde_json::Value {
    json!({
        "title": "政务服务事项公示",
        "window": "3号窗口 不动产登记",
        "items": ["不动产首次登记", "抵押权登记", "查封登记"],
        "date": "2024-05-01",
        "hash": "a1b2c3d4e5f6",
    })
}

fn board_files() -> Vec<(String, Vec<u8>)> {
    vec![("qr.svg".to_string(), QR_SVG.as_bytes().to_vec())]
}

fn render(
    template: &str,
    data: &serde_json::Value,
    files: &[(String, Vec<u8>)],
    sheet: &str,
    profile: Profile,
    fonts: &FontStore,
) -> Result<PrintOutput, PrintError> {
    let sheet: Sheet = sheet.parse().expect("sheet");
    let job = PrintJob {
        template_name: "board.typ",
        template,
        data,
        files,
        sheet,
        profile,
        lang: gongshi::diag::Lang::ZhCn,
        expected_pages: Some(1..=1),
        thumbnail_width: None,
        standard: None,
        title: "",
        labels: "{}",
        date: None,
    };
    render_pdf(&job, fonts)
}

/// Writes the PDF where a human can look at it (kept when GONGSHI_KEEP_PDF is a dir).
fn write_pdf(dir: &Path, name: &str, pdf: &[u8]) -> PathBuf {
    let dir = std::env::var_os("GONGSHI_KEEP_PDF").map_or_else(|| dir.to_path_buf(), PathBuf::from);
    let path = dir.join(name);
    std::fs::write(&path, pdf).expect("write pdf");
    path
}

fn assert_box(actual: [f64; 4], expected: [f64; 4], what: &str) {
    for (a, e) in actual.iter().zip(expected) {
        assert!((a - e).abs() < 0.05, "{what}: {actual:?} != {expected:?}");
    }
}

#[test]
fn a4_offset_has_bleed_trimbox_embedded_fonts_and_text() {
    let dir = tempfile::tempdir().expect("tempdir");
    let fonts = fonts();
    let start = Instant::now();
    let out = render(
        BOARD,
        &board_data(),
        &board_files(),
        "A4",
        Profile::Offset,
        fonts,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    eprintln!("first A4 render (loads fonts): {:?}", start.elapsed());
    assert_eq!(out.pages, 1);
    assert!(out.warnings.is_empty(), "{:?}", out.warnings);
    let pdf = write_pdf(dir.path(), "a4-offset.pdf", &out.pdf);

    let file = PdfFile::open(&pdf);
    assert_eq!(file.pages(), 1);
    let boxes = file.boxes()[0];
    // 216 x 303 mm media = A4 + 2 x 3 mm bleed; the TrimBox is inset by 3 mm = 8.5 pt.
    assert_box(boxes.media, [0.0, 0.0, 612.28, 858.90], "MediaBox");
    assert!(boxes.has_trim, "no TrimBox");
    assert_box(boxes.trim, [8.50, 8.50, 603.78, 850.39], "TrimBox");

    let embedded = file.fonts();
    assert!(!embedded.is_empty(), "no fonts in PDF");
    for font in &embedded {
        assert!(
            font.embedded && font.subset,
            "not embedded+subset: {font:?}"
        );
    }
    let names: Vec<&str> = embedded.iter().map(|f| f.name.as_str()).collect();
    assert!(
        names.contains(&"NotoSansSC-Regular") && names.contains(&"NotoSansSC-Bold"),
        "the bundled regular and bold are not both embedded: {names:?}"
    );

    let text = file.text().split_whitespace().collect::<String>();
    for expected in [
        "政务服务事项公示",
        "3号窗口",
        "不动产首次登记",
        "修订2024-05-01",
        "a1b2c3d4",
    ] {
        assert!(
            text.contains(expected),
            "`{expected}` not in extracted text: {text}"
        );
    }
    assert!(
        !text.contains("a1b2c3d4e5"),
        "stamp hash should be short: {text}"
    );

    // Once fonts are loaded, a simple sheet compiles fast.
    let start = Instant::now();
    let runs = 5;
    for _ in 0..runs {
        render(
            BOARD,
            &board_data(),
            &board_files(),
            "A4",
            Profile::Offset,
            fonts,
        )
        .expect("render");
    }
    let each = start.elapsed() / runs;
    eprintln!("warm A4 render incl. PDF export: {each:?}");
    let trivial =
        "#import \"/gongshi.typ\": *\n#let data = json(\"/data.json\")\n= 办事指南\n#data.title\n";
    let start = Instant::now();
    let data = json!({"title": format!("{:?}", start)});
    render(trivial, &data, &[], "A4", Profile::Offset, fonts).expect("render");
    eprintln!("uncached simple A4 render: {:?}", start.elapsed());
}

#[test]
fn large_format_is_the_sheet_without_bleed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = render(
        BOARD,
        &board_data(),
        &board_files(),
        "600x900mm",
        Profile::LargeFormat,
        fonts(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let pdf = write_pdf(dir.path(), "board-large-format.pdf", &out.pdf);
    let boxes = PdfFile::open(&pdf).boxes()[0];
    let full = [0.0, 0.0, 1700.79, 2551.18];
    assert_box(boxes.media, full, "MediaBox");
    assert_box(boxes.trim, full, "TrimBox");
}

#[test]
fn landscape_custom_board_with_bleed() {
    let data = board_data();
    let out = render(
        BOARD,
        &data,
        &board_files(),
        "600×900mm landscape",
        Profile::Offset,
        fonts(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let dir = tempfile::tempdir().expect("tempdir");
    let pdf = write_pdf(dir.path(), "board-landscape.pdf", &out.pdf);
    let boxes = PdfFile::open(&pdf).boxes()[0];
    let b = 3.0 * 72.0 / 25.4;
    let (w, h) = (900.0 * 72.0 / 25.4, 600.0 * 72.0 / 25.4);
    assert_box(
        boxes.media,
        [0.0, 0.0, w + 2.0 * b, h + 2.0 * b],
        "MediaBox",
    );
    assert_box(boxes.trim, [b, b, w + b, h + b], "TrimBox");
}

#[test]
fn same_job_gives_identical_bytes() {
    let a = render(
        BOARD,
        &board_data(),
        &board_files(),
        "A3",
        Profile::Offset,
        fonts(),
    )
    .expect("a");
    let b = std::thread::spawn(|| {
        render(
            BOARD,
            &board_data(),
            &board_files(),
            "A3",
            Profile::Offset,
            fonts(),
        )
        .expect("b")
    })
    .join()
    .expect("thread");
    assert!(a.pdf == b.pdf, "PDFs differ");
    let other = render(
        BOARD,
        &json!({"title": "另一个", "window": "1", "items": [], "date": "x", "hash": "y"}),
        &board_files(),
        "A3",
        Profile::Offset,
        fonts(),
    )
    .expect("c");
    assert!(a.pdf != other.pdf);
}

#[test]
fn no_cjk_font_is_a_clear_error() {
    let fonts = FontStore::from_fonts([]);
    assert!(!fonts.has_cjk());
    assert!(fonts.families().is_empty());
    let err = render(
        BOARD,
        &board_data(),
        &board_files(),
        "A4",
        Profile::Offset,
        &fonts,
    )
    .expect_err("must fail without a CJK font");
    assert!(matches!(err, PrintError::NoCjkFont { .. }), "{err:?}");
    let msg = err.to_string();
    for part in ["board.typ", "no CJK", "fonts-noto-cjk", "fonts/ folder"] {
        assert!(msg.contains(part), "`{part}` missing from: {msg}");
    }
}

/// The names of the fonts embedded in a rendered PDF.
fn embedded_fonts(out: &PrintOutput) -> Vec<String> {
    let file = PdfFile::parse(out.pdf.clone()).expect("pdf");
    file.fonts().into_iter().map(|f| f.name).collect()
}

#[test]
fn the_bundled_font_leads_and_a_site_font_wins_where_a_template_names_it() {
    let dir = fallback_font_dir();
    // Bundled (the default) with a site fonts/ folder: the bundled family prints the text.
    let fonts =
        FontStore::new(&FontChoice::Bundled, std::slice::from_ref(&dir), false).expect("fonts");
    assert_eq!(fonts.default_families(), [BUNDLED_FAMILY]);
    let out = render(
        BOARD,
        &board_data(),
        &board_files(),
        "A5",
        Profile::Offset,
        &fonts,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let names = embedded_fonts(&out);
    assert!(
        names.iter().all(|n| n.starts_with("NotoSansSC-")),
        "{names:?}"
    );
    // A template that names the site's family gets it.
    let template = "#text(font: \"Noto Sans CJK SC\")[中国]\n";
    let out = render(template, &json!({}), &[], "A5", Profile::Offset, &fonts)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(embedded_fonts(&out), ["NotoSansCJKsc-Regular"]);

    // print.fonts: a folder makes its fonts lead, the bundled family after them.
    let fonts = FontStore::new(&FontChoice::Folder(dir.clone()), &[], false).expect("fonts");
    assert_eq!(
        fonts.default_families(),
        ["Noto Sans CJK SC", BUNDLED_FAMILY]
    );
    // print.fonts: a family by name.
    let fonts = FontStore::new(
        &FontChoice::Family("Noto Sans CJK SC".into()),
        std::slice::from_ref(&dir),
        false,
    )
    .expect("fonts");
    assert_eq!(
        fonts.default_families(),
        ["Noto Sans CJK SC", BUNDLED_FAMILY]
    );
    // Names that match nothing are errors, not a silent other font.
    let err = FontStore::new(&FontChoice::Family("No Such Font".into()), &[], false)
        .expect_err("unknown family");
    assert_eq!(err, FontChoiceError::UnknownFamily("No Such Font".into()));
    let empty = tempfile::tempdir().expect("tempdir");
    let err = FontStore::new(&FontChoice::Folder(empty.path().into()), &[], false)
        .expect_err("empty folder");
    assert!(matches!(err, FontChoiceError::EmptyFolder(_)), "{err:?}");
}

#[test]
fn characters_the_bundled_font_lacks_come_from_another_font() {
    let template = "#let data = json(\"/data.json\")\n#data.name\n";
    let data = json!({"name": "申请人：𠮷野"});
    // The bundled font alone has no 𠮷: the error names the character.
    let err = render(template, &data, &[], "A5", Profile::Offset, fonts()).expect_err("tofu");
    let PrintError::MissingGlyphs { missing, .. } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(missing[0].chars, "𠮷");
    assert!(err.to_string().contains("U+20BB7"), "{err}");

    // With a font that has it, only 𠮷 comes from that font.
    let fonts = FontStore::new(&FontChoice::Bundled, &[fallback_font_dir()], false).expect("fonts");
    let out = render(template, &data, &[], "A5", Profile::Offset, &fonts)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        embedded_fonts(&out),
        ["NotoSansCJKsc-Regular", "NotoSansSC-Regular"]
    );
    let text = PdfFile::parse(out.pdf).expect("pdf").text();
    assert!(text.contains("申请人：𠮷野"), "{text}");
}

#[test]
fn missing_glyph_is_an_error_naming_the_text() {
    // U+17000 (Tangut) is in no font here: it would print as a tofu box.
    let template = "#let data = json(\"/data.json\")\n办事指南\n\n#data.name\n";
    let data = json!({"name": "张𗀀三"});
    let err = render(template, &data, &[], "A4", Profile::Offset, fonts()).expect_err("tofu");
    let PrintError::MissingGlyphs { missing, .. } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(missing[0].chars, "𗀀");
    assert!(missing[0].text.contains("张𗀀三"), "{missing:?}");
    let msg = err.to_string();
    assert!(
        msg.contains("U+17000") && msg.contains("board.typ:4:"),
        "{msg}"
    );
}

#[test]
fn compile_error_names_template_line_and_column() {
    let template = "#let data = json(\"/data.json\")\n= 标题\n#let x = (1, 2\n#data.nothing\n";
    let err = render(template, &json!({}), &[], "A4", Profile::Offset, fonts()).expect_err("bad");
    let PrintError::Compile { errors, template } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(template, "board.typ");
    assert_eq!(errors[0].file.as_deref(), Some("board.typ"));
    assert!(errors[0].line >= 3, "{errors:?}");
    assert!(err.to_string().contains("board.typ:3:"), "{err}");

    let template = "#let data = json(\"/data.json\")\n\n#data.nothing\n";
    let err = render(
        template,
        &json!({"a": 1}),
        &[],
        "A4",
        Profile::Offset,
        fonts(),
    )
    .expect_err("bad");
    let msg = err.to_string();
    assert!(
        msg.contains("board.typ:3:7") && msg.contains("nothing"),
        "{msg}"
    );

    // An error inside the library is traced back to the template's call.
    let template = "#import \"/gongshi.typ\": *\n\n#stamp()\n";
    let err = render(template, &json!({}), &[], "A4", Profile::Offset, fonts()).expect_err("bad");
    assert!(err.to_string().contains("board.typ:3:"), "{err}");
}

#[test]
fn unknown_file_is_not_found_and_images_resolve() {
    let template = "#image(\"/photos/a.png\")\n#image(\"/photos/missing.jpg\")\n";
    let png = tiny_png();
    let files = vec![("photos/a.png".to_string(), png)];
    let err =
        render(template, &json!({}), &files, "A4", Profile::Offset, fonts()).expect_err("missing");
    let msg = err.to_string();
    assert!(
        msg.contains("board.typ:2:") && msg.contains("not found"),
        "{msg}"
    );
    assert!(msg.contains("/photos/missing.jpg"), "{msg}");

    // The real file system is never read.
    let template = "#read(\"/etc/hostname\")";
    let err =
        render(template, &json!({}), &[], "A4", Profile::Offset, fonts()).expect_err("no disk");
    assert!(err.to_string().contains("not found"), "{err}");

    let ok = render(
        "#image(\"/photos/a.png\", width: 2cm)",
        &json!({}),
        &files,
        "A4",
        Profile::Offset,
        fonts(),
    );
    assert!(ok.is_ok(), "{:?}", ok.err());
}

fn tiny_png() -> Vec<u8> {
    let img = image::RgbImage::from_pixel(4, 4, image::Rgb([200, 20, 20]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png)
        .expect("png");
    out.into_inner()
}

#[test]
fn too_many_pages_is_an_error() {
    let template = "第一页\n#pagebreak()\n第二页\n";
    let err =
        render(template, &json!({}), &[], "A4", Profile::Offset, fonts()).expect_err("2 pages");
    assert!(
        matches!(err, PrintError::PageCount { pages: 2, .. }),
        "{err:?}"
    );
    let msg = err.to_string();
    assert!(
        msg.contains("board.typ") && msg.contains("does not fit on one sheet: 2 pages"),
        "{msg}"
    );
    assert!(msg.contains("bigger sheet or fewer items"), "{msg}");
}

#[test]
fn template_cannot_change_the_sheet() {
    let template = "#set page(width: 100mm)\n正文\n";
    let err = render(template, &json!({}), &[], "A4", Profile::Offset, fonts()).expect_err("size");
    assert!(matches!(err, PrintError::PageSize { .. }), "{err:?}");
}

#[test]
fn typst_warnings_are_returned() {
    let template = "#set text(font: (\"No Such Font 123\", \"Noto Sans SC\"))\n办事指南\n";
    let out = render(template, &json!({}), &[], "A4", Profile::Offset, fonts()).expect("render");
    assert!(
        out.warnings
            .iter()
            .any(|w| w.contains("unknown font family") && w.starts_with("board.typ:1:")),
        "{:?}",
        out.warnings
    );
}

/// The darkest luma in rows `rows` of a grey thumbnail.
fn darkest(img: &image::GrayImage, rows: std::ops::Range<u32>) -> u8 {
    rows.flat_map(|y| (0..img.width()).map(move |x| (x, y)))
        .map(|(x, y)| img.get_pixel(x, y).0[0])
        .min()
        .unwrap_or(255)
}

/// The longest run of equal, not white pixels in one row among `rows`: a bar drawn for a
/// line of text is one flat grey, which rasterized glyphs never are over that length.
fn longest_flat_run(img: &image::GrayImage, rows: std::ops::Range<u32>) -> u32 {
    let mut longest = 0;
    for y in rows {
        let mut run = 0;
        for x in 0..img.width() {
            let luma = img.get_pixel(x, y).0[0];
            let same = x > 0 && img.get_pixel(x - 1, y).0[0] == luma;
            run = if luma < 250 && same { run + 1 } else { 1 };
            longest = longest.max(if luma < 250 { run } else { 0 });
        }
    }
    longest
}

#[test]
fn thumbnails_draw_small_text_as_grey_bars_and_keep_headings_and_qr_codes() {
    // A4 at 240 px: 0.4 px/pt, 15 mm margins. The 40 pt heading comes out 16 px high and
    // stays text; the 8 pt lines (3 px) become flat bars of their colour at partial strength.
    let template = r#"#block(height: 60mm, spacing: 0pt, text(size: 40pt, fill: black, weight: "bold")[办事指南])
#block(height: 60mm, spacing: 0pt, text(size: 8pt, fill: black, for i in range(12) [申请材料第 #i 项：身份证明原件及复印件各一份。 \ ]))
#image("/qr.svg", width: 55mm)
"#;
    let sheet: Sheet = "210x297mm".parse().expect("sheet");
    let job = PrintJob {
        template_name: "thumb.typ",
        template,
        data: &json!({}),
        files: &board_files(),
        sheet,
        profile: Profile::LargeFormat,
        lang: gongshi::diag::Lang::ZhCn,
        expected_pages: Some(1..=1),
        thumbnail_width: Some(240),
        standard: None,
        title: "",
        labels: "{}",
        date: None,
    };
    let out = render_pdf(&job, fonts()).expect("renders");
    let png = out.thumbnail.expect("a thumbnail");
    let img = image::load_from_memory(&png).expect("png").to_luma8();
    assert_eq!(img.width(), 240);
    let px = |mm: f64| (mm / 297.0 * f64::from(img.height())) as u32;
    let (heading, body, qr) = (
        px(15.0)..px(75.0),
        px(76.0)..px(134.0),
        px(136.0)..px(190.0),
    );
    // The heading's glyphs are drawn: solid black strokes, no flat bar.
    assert!(
        darkest(&img, heading.clone()) < 60,
        "heading rendered as text"
    );
    assert!(longest_flat_run(&img, heading) < 20, "heading not greeked");
    // The small lines are flat grey bars, lighter than ink.
    let darkest_body = darkest(&img, body.clone());
    assert!(
        (100..230).contains(&darkest_body),
        "body greeked, darkest {darkest_body}"
    );
    assert!(longest_flat_run(&img, body) >= 40, "a bar for each line");
    // The QR code's modules are drawn as they are.
    assert!(darkest(&img, qr) < 60, "QR code rendered");
    // The PDF itself keeps the text.
    let dir = tempfile::tempdir().expect("tempdir");
    let text = PdfFile::open(&write_pdf(dir.path(), "thumb.pdf", &out.pdf)).text();
    assert!(text.contains("身份证明"), "{text}");
}
