//! Content past gongshi's limits stops `check` and `build` with a clear error naming the file
//! (and line and field where there is one), quickly and without a panic: a content file over
//! 10 MB, a 1 GB sparse file, nesting deeper than 64, an alias bomb, more than 1,000
//! materials, a photo claiming 20,000×20,000 pixels. Nothing here is ever read whole or
//! decoded: the sparse files would take a gigabyte, the photo more than a gigabyte.

mod common;

use std::fs::File;
use std::path::Path;
use std::process::Output;

use common::{TODAY, TestSite, gongshi};

const GB: u64 = 1 << 30;

/// `check SITE --format json --lang en`: exit code, diagnostics, stderr.
fn check(site: &Path) -> (i32, Vec<serde_json::Value>, String) {
    let out = gongshi()
        .env("GONGSHI_TODAY", TODAY)
        .args(["check", "--format", "json", "--lang", "en"])
        .arg(site)
        .output()
        .expect("run gongshi");
    let diags = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad json {l:?}: {e}")))
        .collect();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_no_panic(&stderr);
    (out.status.code().unwrap_or(-1), diags, stderr)
}

/// `build SITE -o OUT` (web and print).
fn build(site: &Path, out: &Path) -> Output {
    let output = gongshi()
        .env("GONGSHI_TODAY", TODAY)
        .arg("build")
        .arg(site)
        .arg("-o")
        .arg(out)
        .output()
        .expect("run gongshi");
    assert_no_panic(&String::from_utf8_lossy(&output.stderr));
    output
}

fn assert_no_panic(stderr: &str) {
    assert!(
        !stderr.contains("panicked") && !stderr.contains("RUST_BACKTRACE"),
        "{stderr}"
    );
}

/// The diagnostic with `code` at `file`, whatever its line.
fn find<'a>(diags: &'a [serde_json::Value], code: &str, file: &str) -> &'a serde_json::Value {
    diags
        .iter()
        .find(|d| d["code"] == code && d["file"] == file)
        .unwrap_or_else(|| panic!("expected {code} in {file}, got {diags:#?}"))
}

/// Asserts that check fails with `code` at `file:line`, and that build fails too, names the
/// file and leaves no output.
fn assert_refused(site: &TestSite, code: &str, file: &str, line: u64) -> serde_json::Value {
    let (status, diags, _) = check(site.path());
    assert_eq!(status, 1, "{diags:#?}");
    let d = find(&diags, code, file).clone();
    assert_eq!(d["line"].as_u64(), Some(line), "{d:#}");
    assert_eq!(d["severity"], "error");
    let out = site.path().join("out");
    let result = build(site.path(), &out);
    assert_eq!(result.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(stderr.contains(code) && stderr.contains(file), "{stderr}");
    assert!(!out.exists(), "a refused build wrote {}", out.display());
    d
}

fn sparse(site: &TestSite, rel: &str, len: u64) {
    let path = site.path().join(rel);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    File::create(&path)
        .and_then(|f| f.set_len(len))
        .expect("sparse file");
}

#[test]
fn a_content_file_over_10_mb_is_refused_with_its_size() {
    let site = TestSite::new();
    let line = "  - name: 身份证明材料，原件一份，复印件一份，须加盖公章并注明“与原件一致”\n";
    let mut text = String::from("name: 大文件\nwindow: gjj\nmaterials:\n");
    while text.len() <= 10 * 1024 * 1024 {
        text.push_str(line);
    }
    site.write("content/items/big.yaml", &text);
    let d = assert_refused(&site, "E021", "content/items/big.yaml", 0);
    let message = d["message"].as_str().expect("message");
    assert!(message.contains("the file is 10 MB"), "{message}");
}

#[test]
fn a_sparse_gigabyte_content_file_is_refused_with_its_size() {
    let site = TestSite::new();
    sparse(&site, "content/items/sparse.yaml", GB);
    let d = assert_refused(&site, "E021", "content/items/sparse.yaml", 0);
    let message = d["message"].as_str().expect("message");
    assert!(message.contains("the file is 1024 MB"), "{message}");
}

#[test]
fn sparse_gigabyte_attachments_are_refused_at_their_field() {
    let site = TestSite::new();
    sparse(&site, "content/forms/huge.pdf", GB);
    sparse(&site, "content/photos/huge.jpg", GB);
    site.write(
        "content/items/withdraw.yaml",
        &format!(
            "{}forms:\n  - name: 申请表\n    file: forms/huge.pdf\n",
            common::VALID_ITEM
        ),
    );
    site.write(
        "content/staff/zhang.yaml",
        "name: 张三\nwindow: gjj\npost: 受理员\nphoto: photos/huge.jpg\n",
    );
    let (status, diags, _) = check(site.path());
    assert_eq!(status, 1);
    let form = find(&diags, "E121", "content/items/withdraw.yaml");
    let lines = common::VALID_ITEM.lines().count() as u64;
    assert_eq!(form["line"].as_u64(), Some(lines + 3), "{form:#}");
    let message = form["message"].as_str().expect("message");
    assert!(message.contains("`forms/huge.pdf` is 1024 MB"), "{message}");
    let photo = find(&diags, "E121", "content/staff/zhang.yaml");
    assert_eq!(photo["line"].as_u64(), Some(4), "{photo:#}");
    let result = build(site.path(), &site.path().join("out"));
    assert_eq!(result.status.code(), Some(1));
}

#[test]
fn sparse_gigabyte_files_nothing_refers_to_are_never_read() {
    let site = TestSite::new();
    sparse(&site, "content/forms/unused.pdf", GB);
    sparse(&site, "content/photos/unused.jpg", GB);
    sparse(&site, "content/unused.bin", GB);
    let (status, diags, _) = check(site.path());
    assert_eq!(status, 0, "{diags:#?}");
    let out = site.path().join("out");
    let result = build(site.path(), &out);
    assert!(result.status.success(), "{result:?}");
    for entry in walkdir::WalkDir::new(&out) {
        let entry = entry.expect("walk");
        let len = entry.metadata().expect("metadata").len();
        assert!(len < 50 << 20, "{} is {len} bytes", entry.path().display());
    }
}

#[test]
fn nesting_deeper_than_64_is_refused_at_its_line() {
    let site = TestSite::new();
    let mut text = String::from("name: 深\nwindow: gjj\nextra:\n");
    for depth in 1..=65 {
        text.push_str(&format!("{}- k{depth}:\n", "  ".repeat(depth)));
    }
    site.write("content/items/deep.yaml", &text);
    let (status, diags, _) = check(site.path());
    assert_eq!(status, 1);
    let d = find(&diags, "E021", "content/items/deep.yaml");
    let line = d["line"].as_u64().expect("line");
    assert!((3..=68).contains(&line), "{d:#}");
    let message = d["message"].as_str().expect("message");
    assert!(message.contains("nested more than 32 levels"), "{message}");
    // The same in flow style, past the parser's own recursion limit.
    let site = TestSite::new();
    let flow = "[".repeat(100_000);
    site.write(
        "content/items/deep.yaml",
        &format!("name: 深\nextra: {flow}\n"),
    );
    let d = assert_refused(&site, "E021", "content/items/deep.yaml", 2);
    let message = d["message"].as_str().expect("message");
    assert!(message.contains("nested more than 32 levels"), "{message}");
}

#[test]
fn an_alias_bomb_is_refused_at_its_line() {
    let site = TestSite::new();
    let mut text =
        String::from("name: 炸弹\nwindow: gjj\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        let p = i - 1;
        let refs = vec![format!("*a{p}"); 10].join(", ");
        text.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
    }
    site.write("content/items/bomb.yaml", &text);
    let (status, diags, _) = check(site.path());
    assert_eq!(status, 1);
    let d = find(&diags, "E021", "content/items/bomb.yaml");
    assert!(d["line"].as_u64().is_some_and(|l| l >= 3), "{d:#}");
    let out = site.path().join("out");
    assert_eq!(build(site.path(), &out).status.code(), Some(1));
}

#[test]
fn more_than_1000_materials_are_refused_at_the_key() {
    let site = TestSite::new();
    let mut text = String::from("name: 材料过多\nwindow: gjj\nfees: 不收费\n申请材料:\n");
    for i in 0..1_001 {
        text.push_str(&format!("  - name: 材料{i}\n    original: 1\n"));
    }
    site.write("content/items/many.yaml", &text);
    let d = assert_refused(&site, "E120", "content/items/many.yaml", 4);
    let message = d["message"].as_str().expect("message");
    assert!(
        message.contains("`申请材料` lists 1001 entries; a list may hold at most 1000"),
        "{message}"
    );
    // A thousand is allowed.
    let text = text.replace("  - name: 材料1000\n    original: 1\n", "");
    site.write("content/items/many.yaml", &text);
    let (_, diags, _) = check(site.path());
    assert!(!diags.iter().any(|d| d["code"] == "E120"), "{diags:#?}");
}

/// A PNG that is only a header: signature, an IHDR for `w`×`h` 8-bit RGB, the start of its
/// data (an empty zlib stream) and IEND. Decoding it would need w·h·3 bytes; reading its size
/// needs the first 60.
fn png_header(w: u32, h: u32) -> Vec<u8> {
    fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
        out.extend((data.len() as u32).to_be_bytes());
        let start = out.len();
        out.extend(kind);
        out.extend(data);
        let crc = crc32(&out[start..]);
        out.extend(crc.to_be_bytes());
    }
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend(w.to_be_bytes());
    ihdr.extend(h.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]);
    chunk(&mut out, b"IHDR", &ihdr);
    chunk(&mut out, b"IDAT", b"\x78\x9c\x03\x00\x00\x00\x00\x01");
    chunk(&mut out, b"IEND", &[]);
    out
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[test]
fn a_20000_pixel_photo_is_refused_from_its_header() {
    let site = TestSite::new();
    site.write_bytes("content/photos/huge.png", &png_header(20_000, 20_000));
    site.write(
        "content/staff/zhang.yaml",
        "name: 张三\nwindow: gjj\npost: 受理员\n照片: photos/huge.png\n",
    );
    let d = assert_refused(&site, "E122", "content/staff/zhang.yaml", 4);
    let message = d["message"].as_str().expect("message");
    assert!(
        message.contains("`photos/huge.png` is 20000×20000 pixels"),
        "{message}"
    );
    // A header gongshi cannot read is refused too, rather than handed to a decoder.
    site.write_bytes("content/photos/huge.png", b"GIF89a\x20\x4e\x20\x4e");
    let (status, diags, _) = check(site.path());
    assert_eq!(status, 1);
    let d = find(&diags, "E123", "content/staff/zhang.yaml");
    assert_eq!(d["line"].as_u64(), Some(4), "{d:#}");
    // Within the limits the photo is used.
    site.write_bytes("content/photos/huge.png", &png_header(600, 800));
    let (_, diags, _) = check(site.path());
    assert!(
        !diags
            .iter()
            .any(|d| ["E122", "E123"].contains(&d["code"].as_str().unwrap_or(""))),
        "{diags:#?}"
    );
}
