//! `gongshi new` and `gongshi init`: skeletons check clean once filled in, a new site checks
//! strictly clean and builds at once, nothing is overwritten.

mod common;

use std::path::Path;

use common::{TestSite, check_dir, gongshi};

/// Fills every empty value of a skeleton with a sensible value for its key.
fn fill(text: &str) -> String {
    let value = |key: &str| -> &str {
        match key {
            "window" | "窗口" => "gjj",
            "case_type" | "办件类型" => "承诺件",
            "fees" | "收费标准" => "不收费",
            "legal" | "法定" => "20个工作日",
            "promised" | "承诺" => "5个工作日",
            "number" | "窗口号" => "\"9\"",
            "photo" | "照片" => "photos/zhang.jpg",
            "date" | "日期" => "2026-01-01",
            _ => "填写的内容",
        }
    };
    let lines: Vec<&str> = text.lines().collect();
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        let code = line.split(" #").next().unwrap_or(line).trim_end();
        let mut indent = line.len() - line.trim_start().len();
        if line.trim_start().starts_with("- ") {
            indent += 2;
        }
        let next_deeper = lines[i + 1..]
            .iter()
            .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
            .is_some_and(|l| l.len() - l.trim_start().len() > indent);
        if line.trim_start().starts_with('#') || line.trim() == "---" || code.is_empty() {
            out.push_str(line);
        } else if code.trim() == "-" {
            out.push_str(&format!("{code} 填写的内容"));
        } else if let Some(key) = code.strip_suffix(':')
            && !next_deeper
        {
            let bare = key.trim().trim_start_matches("- ");
            out.push_str(&format!("{code} {}", value(bare)));
        } else {
            out.push_str(line);
        }
        out.push('\n');
    }
    out
}

fn new(site: &Path, kind: &str, id: &str) -> std::process::Output {
    gongshi()
        .arg("new")
        .arg(kind)
        .arg(id)
        .arg(site)
        .output()
        .expect("run")
}

fn assert_clean(dir: &Path, extra: &[&str]) {
    let (code, diags) = check_dir(dir, extra);
    assert!(code == 0 && diags.is_empty(), "exit {code}: {diags:#?}");
}

#[test]
fn new_skeletons_check_clean_once_filled() {
    for english in [false, true] {
        let site = TestSite::new();
        if english {
            let yaml = std::fs::read_to_string(site.path().join("site.yaml")).expect("read");
            site.write("site.yaml", &format!("{yaml}language: en\n"));
        }
        for (kind, folder, ext) in [
            ("item", "items", "yaml"),
            ("window", "windows", "yaml"),
            ("staff", "staff", "yaml"),
            ("rule", "rules", "md"),
            ("notice", "notices", "md"),
            ("page", "pages", "md"),
        ] {
            let out = new(site.path(), kind, &format!("new-{kind}"));
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            let rel = format!("content/{folder}/new-{kind}.{ext}");
            assert!(String::from_utf8_lossy(&out.stdout).contains(&rel));
            let text = std::fs::read_to_string(site.path().join(&rel)).expect("written");
            if english {
                assert!(text.contains("name:") || text.contains("title:"), "{text}");
            } else {
                assert!(
                    text.contains("名称:") || text.contains("标题:") || text.contains("姓名:"),
                    "{text}"
                );
            }
            // Unfilled, it does not check: nothing half-written is published.
            let (code, _) = site.check(&[]);
            assert_eq!(code, 1, "unfilled {kind} should not check:\n{text}");
            site.write(&rel, &fill(&text));
            let (code, diags) = site.check(&["--strict"]);
            assert!(
                code == 0,
                "{kind} (english: {english}) filled:\n{}\n{diags:#?}",
                fill(&text)
            );
        }
    }
}

#[test]
fn new_refuses_overwrites_bad_ids_and_kinds() {
    let site = TestSite::new();
    let out = new(site.path(), "item", "withdraw");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("withdraw.yaml"));
    // The same id with another extension counts too.
    site.write("content/items/md-item.md", "---\nname: x\n---\n");
    assert_eq!(new(site.path(), "item", "md-item").status.code(), Some(1));
    let before = std::fs::read(site.path().join("content/items/withdraw.yaml")).expect("read");
    assert_eq!(before, common::VALID_ITEM.as_bytes());
    for bad in ["Bad", "../x", "a b", "公积金", "-a"] {
        let out = new(site.path(), "item", bad);
        assert_eq!(out.status.code(), Some(2), "{bad}");
    }
    assert_eq!(new(site.path(), "thing", "x").status.code(), Some(2));
    let empty = tempfile::tempdir().expect("temp");
    assert_eq!(new(empty.path(), "item", "x").status.code(), Some(2));
}

#[test]
fn init_makes_a_site_that_checks_strictly_and_builds() {
    for lang in ["zh-CN", "en"] {
        let parent = tempfile::tempdir().expect("temp");
        let dir = parent.path().join("site");
        let out = gongshi()
            .args(["init", "--lang", lang])
            .arg(&dir)
            .output()
            .expect("run");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(dir.join("content/photos/sample-staff.jpg").is_file());
        for rule in [
            "first-inquiry",
            "one-time-notice",
            "time-limit",
            "service-commitment",
            "accountability",
        ] {
            assert!(dir.join(format!("content/rules/{rule}.md")).is_file());
        }
        assert!(
            std::fs::read_to_string(dir.join("site.yaml"))
                .expect("site.yaml")
                .contains("# ")
        );
        assert_clean(&dir, &[]);
        // Strictly, a new site lacks only the marks that the webmaster must look up.
        let (code, diags) = check_dir(&dir, &["--strict"]);
        let codes: Vec<&str> = diags.iter().filter_map(|d| d["code"].as_str()).collect();
        assert_eq!(
            (code, codes),
            (1, vec!["W170", "W171", "W174"]),
            "{diags:#?}"
        );
        let built = gongshi()
            .arg("build")
            .arg(&dir)
            .arg("--no-print")
            .output()
            .expect("run");
        assert!(
            built.status.success(),
            "{}",
            String::from_utf8_lossy(&built.stderr)
        );
        assert!(dir.join("public/items/sample-item/index.html").is_file());
        // A second init into the now non-empty folder is refused.
        let again = gongshi().arg("init").arg(&dir).output().expect("run");
        assert_eq!(again.status.code(), Some(1));
    }
}
