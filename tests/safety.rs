//! Hostile paths and ids, output folders gongshi must never replace, and scaffolds and
//! imports that never overwrite: each case runs the binary on a real site (SECURITY.md lists
//! which test proves which promise).

mod common;

use std::path::Path;

use common::{TestSite, VALID_ITEM, gongshi};

/// The diagnostics with `code`, as (file, line, message).
fn with_code(diags: &[serde_json::Value], code: &str) -> Vec<(String, u64, String)> {
    diags
        .iter()
        .filter(|d| d["code"] == code)
        .map(|d| {
            (
                d["file"].as_str().unwrap_or("").to_string(),
                d["line"].as_u64().unwrap_or(0),
                d["message"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

// ------------------------------------------------------------------ paths from content

#[test]
fn photo_and_form_paths_that_leave_content_are_refused() {
    for (bad, why) in [
        ("../site.yaml", "parent folder"),
        ("photos/../../site.yaml", "parent folder inside"),
        ("/etc/passwd", "absolute"),
        ("C:/Windows/win.ini", "drive letter"),
        ("C:\\\\Windows\\\\win.ini", "drive letter, backslashes"),
        ("\\\\\\\\server\\\\share\\\\x.jpg", "UNC path"),
    ] {
        let site = TestSite::new();
        site.write(
            "content/staff/zhang.yaml",
            &format!("name: 张三\nwindow: gjj\nphoto: \"{bad}\"\npost: 受理员\n"),
        );
        let (code, diags) = site.check(&[]);
        assert_eq!(code, 1, "{why}: {diags:#?}");
        let found = with_code(&diags, "E017");
        assert_eq!(found.len(), 1, "{why}: {diags:#?}");
        assert_eq!(found[0].0, "content/staff/zhang.yaml");
        assert_eq!(found[0].1, 3, "{why}: points at the photo line");
    }
}

#[cfg(unix)]
#[test]
fn symlinks_that_leave_the_site_are_refused_with_the_file_named() {
    use std::os::unix::fs::symlink;
    let outside = tempfile::tempdir().expect("outside");
    std::fs::write(outside.path().join("secret.jpg"), common::tiny_jpeg()).expect("write");
    std::fs::write(outside.path().join("evil.yaml"), VALID_ITEM).expect("write");
    let site = TestSite::new();
    let root = site.path();
    // A photo that is a link out, a folder of photos that is a link out.
    symlink(
        outside.path().join("secret.jpg"),
        root.join("content/photos/li.jpg"),
    )
    .expect("link");
    symlink(outside.path(), root.join("content/photos/ext")).expect("link");
    site.write(
        "content/staff/li.yaml",
        "name: 李四\nwindow: gjj\nphoto: photos/li.jpg\npost: 受理员\n",
    );
    site.write(
        "content/staff/wang.yaml",
        "name: 王五\nwindow: gjj\nphoto: photos/ext/secret.jpg\npost: 受理员\n",
    );
    // A content file that is a link out, a dangling link, and a link that stays inside.
    symlink(
        outside.path().join("evil.yaml"),
        root.join("content/items/evil.yaml"),
    )
    .expect("link");
    symlink(
        "/nonexistent/x.yaml",
        root.join("content/items/dangling.yaml"),
    )
    .expect("link");
    std::fs::create_dir_all(root.join("content/shared")).expect("mkdir");
    std::fs::write(
        root.join("content/shared/inside.yaml"),
        VALID_ITEM.replace("GJJ-1", "GJJ-2"),
    )
    .expect("write");
    symlink(
        root.join("content/shared/inside.yaml"),
        root.join("content/items/inside.yaml"),
    )
    .expect("link");
    // A whole kind folder that is a link out.
    std::fs::create_dir_all(outside.path().join("notices")).expect("mkdir");
    std::fs::write(
        outside.path().join("notices/n.md"),
        "---\ntitle: 外部\ndate: 2026-01-01\n---\n",
    )
    .expect("write");
    symlink(outside.path().join("notices"), root.join("content/notices")).expect("link");

    let (code, diags) = site.check(&[]);
    assert_eq!(code, 1, "{diags:#?}");
    let mut files: Vec<(String, u64)> = with_code(&diags, "E017")
        .into_iter()
        .map(|(f, l, _)| (f, l))
        .collect();
    files.sort();
    assert_eq!(
        files,
        [
            ("content/items/dangling.yaml".to_string(), 0),
            ("content/items/evil.yaml".to_string(), 0),
            ("content/notices".to_string(), 0),
            ("content/staff/li.yaml".to_string(), 3),
            ("content/staff/wang.yaml".to_string(), 3),
        ],
        "{diags:#?}"
    );
    // The link that stays inside content/ is read like any file (its code is checked).
    assert!(
        !diags
            .iter()
            .any(|d| d["file"] == "content/items/inside.yaml"),
        "{diags:#?}"
    );
}

// ------------------------------------------------------------------ ids

#[cfg(unix)]
#[test]
fn ids_that_are_not_safe_file_names_are_refused() {
    let cases = [
        ("CON.yaml", "CON"),
        ("aux.yaml", "aux"),
        ("Com1.yaml", "Com1"),
        ("lpt9.yaml", "lpt9"),
        ("nul.txt.yaml", "nul"),
        ("prn .yaml", "prn"),
        ("trailing..yaml", "dot or a space"),
        ("trailing .yaml", "dot or a space"),
        ("a\\..\\b.yaml", "U+005C"),
        ("bell\u{7}.yaml", "U+0007"),
        ("tab\there.yaml", "U+0009"),
        ("esc\u{1b}[31m.yaml", "U+001B"),
        ("rtl\u{202E}lmth.yaml", "U+202E"),
        ("c:d.yaml", "U+003A"),
        ("star*.yaml", "U+002A"),
        ("q?.yaml", "U+003F"),
        ("lt<gt>.yaml", "U+003C"),
        ("pipe|.yaml", "U+007C"),
        ("quote\".yaml", "U+0022"),
    ];
    for (name, why) in cases {
        let site = TestSite::new();
        site.write(
            &format!("content/items/{name}"),
            &VALID_ITEM.replace("GJJ-1", "GJJ-9"),
        );
        let (code, diags) = site.check(&[]);
        assert_eq!(code, 1, "{name:?}: {diags:#?}");
        let found = with_code(&diags, "E130");
        assert_eq!(found.len(), 1, "{name:?}: {diags:#?}");
        let (file, line, message) = &found[0];
        assert_eq!(file, &format!("content/items/{name}"), "names the file");
        assert_eq!(*line, 0, "the whole file (its name)");
        assert!(message.contains(why), "{name:?}: {message}");
        assert!(message.contains("not a safe file name"), "{message}");
        let help = diags
            .iter()
            .find(|d| d["code"] == "E130")
            .and_then(|d| d["help"].as_str())
            .unwrap_or("");
        assert!(help.contains("rename the file"), "a suggestion: {help}");
    }
    // Non-UTF-8 names are refused too.
    use std::os::unix::ffi::OsStrExt as _;
    let site = TestSite::new();
    let name = std::ffi::OsStr::from_bytes(b"bad\xff.yaml");
    std::fs::write(site.path().join("content/items").join(name), VALID_ITEM).expect("write");
    let (code, diags) = site.check(&[]);
    assert_eq!(code, 1);
    assert_eq!(with_code(&diags, "E130").len(), 1, "{diags:#?}");
}

#[test]
fn chinese_and_dotted_ids_stay_allowed() {
    let site = TestSite::new();
    site.write(
        "content/items/公积金提取.yaml",
        &VALID_ITEM.replace("GJJ-1", "GJJ-2"),
    );
    site.write(
        "content/items/v1.2-notes.yaml",
        &VALID_ITEM.replace("GJJ-1", "GJJ-3"),
    );
    let (_, diags) = site.check(&[]);
    assert!(with_code(&diags, "E130").is_empty(), "{diags:#?}");
}

#[test]
fn ids_that_differ_only_by_case_are_refused() {
    let site = TestSite::new();
    site.write(
        "content/items/Withdraw.yaml",
        &VALID_ITEM.replace("GJJ-1", "GJJ-2"),
    );
    let (code, diags) = site.check(&[]);
    assert_eq!(code, 1);
    let found = with_code(&diags, "E131");
    assert_eq!(found.len(), 1, "{diags:#?}");
    // Sorted by file name, `Withdraw` comes first; the later file is reported.
    assert_eq!(found[0].0, "content/items/withdraw.yaml");
    assert!(found[0].2.contains("`Withdraw`"), "{}", found[0].2);
    assert!(found[0].2.contains("only by case"), "{}", found[0].2);
}

#[test]
fn new_refuses_unsafe_ids_and_never_overwrites() {
    let site = TestSite::new();
    for bad in [
        "con", "aux", "com1", "lpt1", "../x", "a/b", "a\\b", "x\u{7}", "", "Con",
    ] {
        let out = gongshi()
            .args(["new", "item", bad])
            .arg(site.path())
            .output()
            .expect("run");
        assert_eq!(out.status.code(), Some(2), "{bad:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("not a valid id") || err.contains("不能作为编号"),
            "{err}"
        );
    }
    // An existing file is never replaced, whatever the extension; a case twin is refused.
    site.write("content/items/keep.md", "---\nname: 保留\n---\n");
    site.write("content/items/Twin.yaml", "name: 大小写\n");
    for (id, file) in [
        ("withdraw", "content/items/withdraw.yaml"),
        ("keep", "content/items/keep.md"),
        ("twin", "content/items/Twin.yaml"),
    ] {
        let before = std::fs::read(site.path().join(file)).expect("read");
        let out = gongshi()
            .args(["new", "item", id])
            .arg(site.path())
            .output()
            .expect("run");
        assert_eq!(out.status.code(), Some(1), "{id}");
        assert_eq!(std::fs::read(site.path().join(file)).expect("read"), before);
    }
    assert!(!site.path().join("content/items/twin.yaml").exists());
    // A fresh id is written whole, with no temporary file left.
    let out = gongshi()
        .args(["new", "item", "fresh"])
        .arg(site.path())
        .output()
        .expect("run");
    assert!(out.status.success(), "{out:?}");
    assert_no_temporary_files(&site.path().join("content"));
}

#[test]
fn init_writes_only_into_an_empty_folder() {
    let dir = tempfile::tempdir().expect("dir");
    std::fs::write(dir.path().join("notes.txt"), "mine").expect("write");
    let out = gongshi().arg("init").arg(dir.path()).output().expect("run");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        std::fs::read_dir(dir.path()).expect("ls").count(),
        1,
        "nothing written"
    );
    let fresh = dir.path().join("site");
    let out = gongshi().arg("init").arg(&fresh).output().expect("run");
    assert!(out.status.success(), "{out:?}");
    assert_no_temporary_files(&fresh);
}

fn assert_no_temporary_files(dir: &Path) {
    for e in walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
    {
        let name = e.file_name().to_string_lossy();
        assert!(
            !name.ends_with(".tmp"),
            "left behind: {}",
            e.path().display()
        );
    }
}

// ------------------------------------------------------------------ output folders

/// Runs `gongshi COMMAND SITE -o OUT` (with `--no-print` for build) with HOME set to `home`.
fn run_into(command: &str, site: &Path, out: &Path, home: &Path) -> (i32, String) {
    let mut cmd = gongshi();
    cmd.arg(command)
        .arg(site)
        .arg("-o")
        .arg(out)
        .env("HOME", home);
    if command == "build" {
        cmd.arg("--no-print");
    }
    let output = cmd.output().expect("run");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Every file under `dir` with its bytes, to show nothing was touched.
fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<_> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).expect("prefix");
            (
                rel.to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap_or_default(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn build_and_print_refuse_output_folders_that_are_not_theirs() {
    let site = TestSite::new();
    let root = site.path();
    let home = tempfile::tempdir().expect("home");
    std::fs::write(home.path().join(".bashrc"), "# mine").expect("write");
    let foreign = tempfile::tempdir().expect("foreign");
    std::fs::write(foreign.path().join("report.docx"), "precious").expect("write");
    let parent = root.parent().expect("parent").to_path_buf();
    let before_site = tree(root);
    let before_foreign = tree(foreign.path());
    for command in ["build", "print"] {
        for (out, why) in [
            (Path::new("/").to_path_buf(), "the root"),
            (home.path().to_path_buf(), "the home folder"),
            (root.to_path_buf(), "the site"),
            (root.join("content"), "content/"),
            (root.join("content/items"), "inside content/"),
            (parent.clone(), "an ancestor of the site"),
        ] {
            let (code, err) = run_into(command, root, &out, home.path());
            assert_eq!(code, 1, "{command} -o {why}: {err}");
            assert!(err.contains("refusing to write into"), "{why}: {err}");
        }
        let (code, err) = run_into(command, root, foreign.path(), home.path());
        assert_eq!(code, 1, "{command} into a foreign folder: {err}");
        assert!(err.contains("was not made by gongshi"), "{err}");
        assert_eq!(
            tree(foreign.path()),
            before_foreign,
            "foreign folder touched"
        );
        assert_eq!(tree(root), before_site, "the site was touched");
        assert_eq!(
            tree(home.path()),
            [(".bashrc".to_string(), b"# mine".to_vec())],
            "home touched"
        );
    }
    // An empty folder, or one gongshi made, is fine; afterwards it carries the marker.
    let empty = tempfile::tempdir().expect("empty");
    let (code, err) = run_into("build", root, empty.path(), home.path());
    assert_eq!(code, 0, "{err}");
    assert!(empty.path().join(".gongshi-output").is_file());
    let (code, err) = run_into("build", root, empty.path(), home.path());
    assert_eq!(code, 0, "a rebuild into its own output: {err}");
    // The stamp the builds left beside OUT, outside the temporary folder.
    let name = empty.path().file_name().expect("name").to_string_lossy();
    let stamp = empty
        .path()
        .with_file_name(format!(".{name}.gongshi-stamp"));
    assert!(stamp.is_file(), "{}", stamp.display());
    std::fs::remove_file(stamp).expect("remove the stamp");
}

#[test]
fn leftovers_of_a_killed_build_are_cleaned_and_a_lost_output_is_put_back() {
    let site = TestSite::new();
    let home = tempfile::tempdir().expect("home");
    let dir = tempfile::tempdir().expect("dir");
    let out = dir.path().join("public");
    let (code, err) = run_into("build", site.path(), &out, home.path());
    assert_eq!(code, 0, "{err}");
    let good = tree(&out);
    // What a run killed mid-way leaves (pids that no longer run): a half staging folder,
    // and the previous OUT moved aside while OUT itself is missing (the fallback swap).
    let dead = 999_999_u32;
    let staging = dir.path().join(format!(".public.staging-{dead}"));
    std::fs::create_dir_all(staging.join("items/x")).expect("mkdir");
    std::fs::write(staging.join("items/x/index.html"), "half").expect("write");
    std::fs::rename(&out, dir.path().join(format!(".public.old-{}", dead - 1))).expect("aside");
    // A folder that merely looks similar is not ours and stays.
    std::fs::create_dir_all(dir.path().join(".public.staging-notapid")).expect("mkdir");

    let (code, err) = run_into("build", site.path(), &out, home.path());
    assert_eq!(code, 0, "{err}");
    assert_eq!(tree(&out), good);
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .expect("ls")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    // The stamp of the build that made OUT lives beside it (never published).
    assert_eq!(
        names,
        [".public.gongshi-stamp", ".public.staging-notapid", "public"]
    );
}

// ------------------------------------------------------------------ print data is data

#[test]
fn typst_markup_in_content_prints_as_text_and_reads_no_file() {
    let site = TestSite::new();
    let hostile = r##"#read("/etc/hostname") #panic("注入") *粗体* $x^2$ ]#set page(width: 1mm)"##;
    site.write(
        "content/items/withdraw.yaml",
        &VALID_ITEM.replace("name: 公积金提取", &format!("name: '{hostile}'")),
    );
    let out = site.path().join("print-out");
    let run = gongshi()
        .env("GONGSHI_TODAY", common::TODAY)
        .arg("print")
        .arg(site.path())
        .arg("-o")
        .arg(&out)
        .args(["--only", "handout"])
        .output()
        .expect("run");
    assert!(run.status.success(), "{run:?}");
    let text = common::pdf_text(&out.join("handout/withdraw.pdf"));
    // Printed literally (the PDF text has its spaces taken out).
    let literal: String = hostile.split_whitespace().collect();
    assert!(text.contains(&literal), "{text}");
    let hostname = std::fs::read_to_string("/etc/hostname").unwrap_or_default();
    let hostname = hostname.trim();
    if hostname.len() > 3 {
        assert!(!text.contains(hostname), "a file of the machine was read");
    }
}
