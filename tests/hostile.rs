//! The hostile corpus (tests/fixtures/hostile/): XSS payloads in every field, `javascript:`
//! links, template and Typst syntax, control characters, right-to-left overrides, a 100 KB
//! line, emoji and CJK beyond the BMP. It builds (web and print) without a panic, shows all of
//! it as text, prints the Typst markup literally, and reports what it removes; the variants
//! that cannot build stop with an error naming the file and line.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use common::hostile::{assert_only_text, page_text};
use common::{TODAY, copy_dir, gongshi, pdf_text};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile")
}

fn run(args: &[&str], site: &Path, env: &[(&str, &str)]) -> Output {
    let mut cmd = gongshi();
    cmd.env("GONGSHI_TODAY", TODAY).args(args).arg(site);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let output = cmd.output().expect("run gongshi");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !stderr.contains("panicked") && !stderr.contains("RUST_BACKTRACE"),
        "{stderr}"
    );
    output
}

/// A copy of the fixture to break.
fn copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp");
    copy_dir(&fixture(), dir.path());
    dir
}

#[test]
fn the_hostile_site_builds_with_everything_shown_as_text() {
    let dir = tempfile::tempdir().expect("temp");
    let out = dir.path().join("out");
    let out_arg = out.to_str().expect("utf-8 path");
    let result = run(&["build", "-o", out_arg], &fixture(), &[]);
    let stderr = String::from_utf8_lossy(&result.stderr);
    if !result.status.success() {
        // Only a character no installed font has may stop it, and then by name and line.
        assert!(
            stderr.contains("E033") && stderr.contains("content/"),
            "{stderr}"
        );
        return;
    }
    assert_only_text(&out);

    // The payloads are on the pages as text; links to `javascript:` and `data:` lead nowhere.
    let item = page_text(&out, "items/xss/index.html");
    for shown in [
        "恶意事项<script>alert(1)</script>\"><gsx>𠮷",
        "申请人<script>alert('conditions')</script>须本人到场",
        "身份证<gsx>\"><img src=x onerror=alert(1)>",
        "模板 {{ site.title }} {% include \"base.html\" %}",
        "#set page(fill: red) $x$ [a] \\b",
        "<img src=x onerror=alert(1)>",
        "《办法》#set text(red) 第二条",
    ] {
        assert!(
            item.contains(shown),
            "{shown:?} not on the item page: {item}"
        );
    }
    let raw = std::fs::read_to_string(out.join("items/xss/index.html")).expect("page");
    for neutralised in ["点我", "再点", "制表", "数据"] {
        let link = format!("<a href=\"#\">{neutralised}</a>");
        assert!(raw.contains(&link), "{link} not in {raw}");
    }
    let long = page_text(&out, "pages/long/index.html");
    assert!(long.len() > 100_000, "the 100 KB line is shown whole");

    // What the loader removed is gone and reported, with file and line.
    assert!(!raw.contains('\u{202E}') && !raw.contains('\u{7}'));
    let notice = std::fs::read_to_string(out.join("notices/n/index.html")).expect("notice");
    assert!(notice.contains("响铃和转义[0m与右到左覆盖"), "{notice}");
    let (status, diags) = common::check_dir(&fixture(), &[]);
    assert_eq!(status, 0, "{diags:#?}");
    for (file, line) in [
        ("content/items/xss.yaml", 1),
        ("content/windows/w.yaml", 10),
        ("content/notices/n.md", 8),
        ("site.yaml", 12),
    ] {
        common::assert_diag(&diags, "W190", file, line);
    }

    // Print: Typst and template syntax printed literally, the rare characters printed.
    let card = pdf_text(&out.join("print/staff_card/s.pdf"));
    for shown in [
        "吉𠮷😀<gsx>",
        "#strong[加粗]$x^2$[方括号]\\反斜杠#import\"/etc/passwd\"",
        "{%iftrue%}模板{%endif%}",
        "#eval(\"1+1\")",
    ] {
        assert!(
            card.contains(shown),
            "{shown:?} not on the staff card: {card}"
        );
    }
    let guide = pdf_text(&out.join("print/guide/xss.pdf"));
    for shown in [
        "恶意事项<script>alert(1)</script>\"><gsx>𠮷",
        "《办法》#settext(red)第二条",
        "核对原件#pagebreak()",
        "10–20元/件<gsx>",
    ] {
        assert!(guide.contains(shown), "{shown:?} not in the guide: {guide}");
    }
}

#[test]
fn without_installed_fonts_a_character_the_bundled_font_lacks_is_named_with_its_line() {
    let dir = tempfile::tempdir().expect("temp");
    let out = dir.path().join("out");
    let out_arg = out.to_str().expect("utf-8 path");
    let result = run(
        &["build", "-o", out_arg],
        &fixture(),
        &[("GONGSHI_SYSTEM_FONTS", "0")],
    );
    assert_eq!(result.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(
        stderr.contains("E033") && stderr.contains("U+20BB7"),
        "{stderr}"
    );
    // The message points at a content line that has it.
    let located =
        regex::Regex::new(r"(site\.yaml|content/[a-z]+/[a-z]+\.(yaml|md)):\d+:\d+").expect("regex");
    assert!(located.is_match(&stderr), "{stderr}");
    assert!(!out.exists(), "a failed build leaves no output");
}

#[test]
fn a_javascript_address_in_an_address_field_is_refused_at_its_line() {
    let dir = copy();
    let item = dir.path().join("content/items/xss.yaml");
    let mut text = std::fs::read_to_string(&item).expect("read");
    let line = text.lines().count() + 1;
    text.push_str("online_url: \"javascript:alert(1)\"\n");
    std::fs::write(&item, text).expect("write");
    let (status, diags) = common::check_dir(dir.path(), &[]);
    assert_eq!(status, 1);
    common::assert_diag(&diags, "E019", "content/items/xss.yaml", line as u64);
    let out = dir.path().join("out");
    let result = run(
        &["build", "-o", out.to_str().expect("utf-8")],
        dir.path(),
        &[],
    );
    assert_eq!(result.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&result.stderr).contains("content/items/xss.yaml"));
}

#[test]
fn a_raw_control_character_in_yaml_is_named_with_its_file_and_line() {
    let dir = copy();
    let staff = dir.path().join("content/staff/s.yaml");
    let text = std::fs::read_to_string(&staff).expect("read");
    std::fs::write(&staff, text.replace("post: ", "post: 响\u{7}铃")).expect("write");
    let (status, diags) = common::check_dir(dir.path(), &[]);
    let found = diags
        .iter()
        .find(|d| d["file"] == "content/staff/s.yaml")
        .unwrap_or_else(|| panic!("nothing said about the file: {diags:#?}"));
    assert_eq!(found["line"].as_u64(), Some(4), "{found:#}");
    if status == 0 {
        assert_eq!(found["code"], "W190", "{found:#}");
    } else {
        assert_eq!(found["code"], "E001", "{found:#}");
    }
}
