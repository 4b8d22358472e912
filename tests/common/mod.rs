//! Helpers shared by the integration tests: small sites in temp folders and the binary.
#![allow(dead_code)]

pub mod corpus;
pub mod hostile;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

pub mod pdf;

/// Every file under `dir` with its bytes, by `/`-separated relative path (to compare two
/// outputs, or an output before and after).
pub fn file_tree(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    files_under(dir, |path| std::fs::read(path).expect("read"))
}

/// Every file under `dir` by `/`-separated relative path, with what `of` says of it.
pub fn files_under<T>(
    dir: &Path,
    of: impl Fn(&Path) -> T,
) -> std::collections::BTreeMap<String, T> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.expect("walk"))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).expect("under dir");
            let rel = rel.to_string_lossy().replace('\\', "/");
            (rel, of(e.path()))
        })
        .collect()
}

/// The reference site that is the content format's contract: the copy in
/// tests/fixtures/ (CI checks that it still equals the shared original beside the repository).
pub fn reference_site() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/reference-site")
}

/// The bundled example (the repository root is a site).
pub fn bundled_site() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A minimal valid site; tests overwrite or add files to break it.
pub struct TestSite {
    pub dir: tempfile::TempDir,
}

impl TestSite {
    pub fn new() -> TestSite {
        let dir = tempfile::tempdir().expect("temp dir");
        let site = TestSite { dir };
        site.write(
            "site.yaml",
            "title: 测试中心\nbase_url: https://example.gov.cn/center/\ncenter:\n  address: 人民路 1 号\n  hours: 9:00-17:00\n  phone: 0123-1000\n  complaint_phone: \"12345\"\nsite_id_code: \"0000000001\"\nicp: 测ICP备00000001号\ncorrection_url: https://example.gov.cn/jiucuo/\n",
        );
        site.write(
            "content/windows/gjj.yaml",
            "number: \"1\"\nname: 公积金窗口\nchief: zhang\nrules: [first]\n",
        );
        site.write(
            "content/staff/zhang.yaml",
            "name: 张三\nwindow: gjj\nphoto: photos/zhang.jpg\npost: 受理员\n",
        );
        site.write_bytes("content/photos/zhang.jpg", &tiny_jpeg());
        site.write(
            "content/rules/first.md",
            "---\ntitle: 首问负责制\n---\n正文\n",
        );
        site.write("content/items/withdraw.yaml", VALID_ITEM);
        site
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, rel: &str, text: &str) {
        self.write_bytes(rel, text.as_bytes());
    }

    pub fn write_bytes(&self, rel: &str, bytes: &[u8]) {
        let path = self.dir.path().join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, bytes).expect("write");
    }

    pub fn remove(&self, rel: &str) {
        std::fs::remove_file(self.dir.path().join(rel)).expect("remove");
    }

    /// Removes the records [`TestSite::new`] writes (window, staff, rule, item), for tests
    /// that write every record themselves; site.yaml and the photo stay.
    pub fn remove_records(&self) {
        for rel in [
            "content/windows/gjj.yaml",
            "content/staff/zhang.yaml",
            "content/rules/first.md",
            "content/items/withdraw.yaml",
        ] {
            self.remove(rel);
        }
    }

    /// Runs `gongshi check --format json --lang en` and returns (exit code, diagnostics).
    pub fn check(&self, extra: &[&str]) -> (i32, Vec<serde_json::Value>) {
        check_dir(self.path(), extra)
    }
}

pub const VALID_ITEM: &str = "name: 公积金提取\ncode: \"GJJ-1\"\nwindow: gjj\ncase_type: promised\nbasis:\n  - 《住房公积金管理条例》第二十四条\nmaterials:\n  - name: 身份证\n    original: 1\nprocedure:\n  - name: 受理\n    limit: 即办\n  - name: 审核\ntime_limit:\n  legal: 3日\n  promised: 1个工作日\nfees: 不收费\nupdated: 2026-06-01\n";

/// The day tests check as of (`check --strict` reports guides older than 12 months from it),
/// so results never change with the calendar.
pub const TODAY: &str = "2026-12-01";

/// Runs check on any folder, as of [`TODAY`].
pub fn check_dir(dir: &Path, extra: &[&str]) -> (i32, Vec<serde_json::Value>) {
    let output = gongshi()
        .env("GONGSHI_TODAY", TODAY)
        .arg("check")
        .arg(dir)
        .args(["--format", "json"])
        // English messages unless the caller asks for another language.
        .args(if extra.contains(&"--lang") {
            &[][..]
        } else {
            &["--lang", "en"][..]
        })
        .args(extra)
        .output()
        .expect("run gongshi");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let diags = stdout
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad json line {l:?}: {e}")))
        .collect();
    (output.status.code().unwrap_or(-1), diags)
}

pub fn gongshi() -> Command {
    Command::new(env!("CARGO_BIN_EXE_gongshi"))
}

/// A 1×1 JPEG.
pub fn tiny_jpeg() -> Vec<u8> {
    let img = image::RgbImage::from_pixel(3, 4, image::Rgb([200, 200, 200]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Jpeg)
        .expect("encode");
    out.into_inner()
}

/// Asserts that exactly the diagnostics with `code` exist and one is at file:line.
pub fn assert_diag(diags: &[serde_json::Value], code: &str, file: &str, line: u64) {
    let found = diags
        .iter()
        .any(|d| d["code"] == code && d["file"] == file && d["line"].as_u64() == Some(line));
    assert!(found, "expected {code} at {file}:{line}, got {diags:#?}");
}

/// Copies the folder `from` into `to` (created as needed).
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk");
        let rel = entry.path().strip_prefix(from).expect("prefix");
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// Runs `gongshi build SITE -o OUT`.
pub fn run_build(site: &Path, out: &Path) -> std::process::Output {
    gongshi()
        .arg("build")
        .arg(site)
        .arg("-o")
        .arg(out)
        .output()
        .expect("run gongshi")
}

/// Runs `gongshi build SITE -o OUT` and fails the test when the build fails.
pub fn build_site(site: &Path, out: &Path) {
    let result = run_build(site, out);
    assert!(
        result.status.success(),
        "build of {} failed: {}{}",
        site.display(),
        String::from_utf8_lossy(&result.stdout),
        String::from_utf8_lossy(&result.stderr)
    );
}

/// An empty folder for what a test binary makes once and shares between its tests, under
/// cargo's folder for test data (`CARGO_TARGET_TMPDIR`/BINARY/`name`), emptied when the
/// binary first asks for it. A `TempDir` held in a `static` is never dropped, so it was
/// never removed: every run left its builds in the system's temp folder (half a gigabyte for
/// the 10,000-item portal). Here the next run of the same binary reuses the place.
pub fn shared_dir(name: &str) -> PathBuf {
    let binary = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "tests".into());
    // Cargo names a test binary NAME-HASH; the hash changes with every rebuild.
    let binary = binary.rsplit_once('-').map_or(binary.as_str(), |(n, _)| n);
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(binary)
        .join(name);
    if dir.exists() {
        std::fs::remove_dir_all(&dir).expect("empty the shared test folder");
    }
    std::fs::create_dir_all(&dir).expect("shared test folder");
    dir
}

/// The bundled example (`"example"`) or the reference site, built (web and print) into
/// `<returned folder>/out` once per test binary.
pub fn built(which: &str) -> &'static Path {
    static EXAMPLE: OnceLock<PathBuf> = OnceLock::new();
    static REFERENCE: OnceLock<PathBuf> = OnceLock::new();
    let (cell, site, name) = match which {
        "example" => (&EXAMPLE, bundled_site(), "example"),
        _ => (&REFERENCE, reference_site(), "reference"),
    };
    cell.get_or_init(|| {
        let dir = shared_dir(name);
        build_site(&site, &dir.join("out"));
        dir
    })
}

/// The text of a PDF (read with tests/common/pdf.rs) with all white space removed, so
/// lines broken by the layout still match.
pub fn pdf_text(pdf: &Path) -> String {
    pdf::PdfFile::open(pdf).text().split_whitespace().collect()
}

/// The lines of a PDF's text, for checks that a text stays on one line or that line breaks
/// survive.
pub fn pdf_lines(pdf: &Path) -> Vec<String> {
    pdf::PdfFile::open(pdf)
        .text()
        .lines()
        .map(str::to_string)
        .collect()
}
