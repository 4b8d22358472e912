//! `gongshi check` on the reference site and on small broken sites: every problem named in
//! the content issue gets the right code, file, line and exit code.

mod common;

use std::time::{Duration, Instant};

use common::*;

#[test]
fn reference_site_checks_clean() {
    let (code, diags) = check_dir(&reference_site(), &[]);
    assert_eq!(diags, Vec::<serde_json::Value>::new());
    assert_eq!(code, 0);
    // The contract predates the site marks: --strict asks for them, and for nothing else.
    let (code, diags) = check_dir(&reference_site(), &["--strict"]);
    let codes: Vec<&str> = diags.iter().filter_map(|d| d["code"].as_str()).collect();
    assert_eq!(codes, ["W170", "W171", "W174"], "{diags:#?}");
    assert!(diags.iter().all(|d| d["file"] == "site.yaml"));
    assert_eq!(code, 1);
}

#[test]
fn bundled_example_checks_clean() {
    let (code, diags) = check_dir(&bundled_site(), &["--strict"]);
    assert_eq!(diags, Vec::<serde_json::Value>::new());
    assert_eq!(code, 0);
}

#[test]
fn minimal_test_site_is_clean() {
    let site = TestSite::new();
    assert_eq!(site.check(&["--strict"]), (0, vec![]));
}

#[test]
fn human_output_is_rustc_style_in_the_site_language() {
    let site = TestSite::new();
    site.write(
        "content/items/withdraw.yaml",
        &VALID_ITEM.replace("materials:", "materails:"),
    );
    let out = gongshi()
        .arg("check")
        .arg(site.path())
        .output()
        .expect("run");
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1));
    assert!(text.contains("错误[E004]"), "{text}");
    assert!(
        text.contains("--> content/items/withdraw.yaml:7:1"),
        "{text}"
    );
    assert!(text.contains("7 | materails:"), "{text}");
    assert!(text.contains("  | ^^^^^^^^^"), "{text}");
    assert!(text.contains("materials"), "{text}");
    assert!(text.contains("个文件中有"), "{text}");
}

#[test]
fn yaml_syntax_error() {
    let site = TestSite::new();
    site.write(
        "content/items/withdraw.yaml",
        "name: 公积金提取\nwindow: [gjj\nfees: 不收费\n",
    );
    let (code, diags) = site.check(&[]);
    assert_eq!(code, 1);
    assert!(
        diags
            .iter()
            .any(|d| d["code"] == "E001" && d["file"] == "content/items/withdraw.yaml")
    );
}

#[test]
fn tab_indentation_points_at_its_line_with_a_hint() {
    let site = TestSite::new();
    site.write(
        "content/items/withdraw.yaml",
        &VALID_ITEM.replace("    original: 1", "\toriginal: 1"),
    );
    let (code, diags) = site.check(&[]);
    assert_eq!(code, 1);
    assert_diag(&diags, "E002", "content/items/withdraw.yaml", 9);
    assert!(diags[0]["help"].as_str().unwrap_or("").contains("tabs"));
}

#[test]
fn unknown_keys_suggest_english_and_chinese() {
    let site = TestSite::new();
    site.write(
        "content/items/withdraw.yaml",
        &VALID_ITEM.replace("materials:", "materails:"),
    );
    site.write(
        "content/staff/zhang.yaml",
        "姓名: 张三\n窗口: gjj\n照片: photos/zhang.jpg\n岗为: 受理员\n",
    );
    let (code, diags) = site.check(&[]);
    assert_eq!(code, 1);
    assert_diag(&diags, "E004", "content/items/withdraw.yaml", 7);
    assert_diag(&diags, "E004", "content/staff/zhang.yaml", 4);
    let helps: Vec<&str> = diags.iter().filter_map(|d| d["help"].as_str()).collect();
    assert!(helps.iter().any(|h| h.contains("`materials`")), "{helps:?}");
    assert!(helps.iter().any(|h| h.contains("`岗位`")), "{helps:?}");
}

#[test]
fn wrong_type_says_what_was_expected() {
    let site = TestSite::new();
    let broken = VALID_ITEM.replace(
        "materials:\n  - name: 身份证\n    original: 1\n",
        "materials: 身份证\n",
    );
    site.write("content/items/withdraw.yaml", &broken);
    let (code, diags) = site.check(&[]);
    assert_eq!(code, 1);
    assert_diag(&diags, "E005", "content/items/withdraw.yaml", 7);
    let message = diags
        .iter()
        .find(|d| d["code"] == "E005")
        .map(|d| d["message"].to_string());
    assert!(
        message
            .unwrap_or_default()
            .contains("expected a list of materials, found text")
    );
}

#[test]
fn missing_required_fields() {
    let site = TestSite::new();
    site.write(
        "content/items/withdraw.yaml",
        &VALID_ITEM.replace("name: 公积金提取\n", ""),
    );
    let (code, diags) = site.check(&[]);
    assert_eq!(code, 1);
    assert!(
        diags
            .iter()
            .any(|d| d["code"] == "E006" && d["message"].to_string().contains("`name`"))
    );
    assert_diag(&diags, "E006", "content/items/withdraw.yaml", 1);
}

#[test]
fn other_encodings_are_refused_with_advice() {
    let site = TestSite::new();
    // "name: 名称" with the Chinese in GBK.
    site.write_bytes(
        "content/items/gbk.yaml",
        b"window: gjj\nname: \xc3\xfb\xb3\xc6\n",
    );
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in "name: 名称\n".encode_utf16() {
        utf16.extend(unit.to_le_bytes());
    }
    site.write_bytes("content/items/utf16.yaml", &utf16);
    let (code, diags) = site.check(&[]);
    assert_eq!(code, 1);
    let gbk = diags
        .iter()
        .find(|d| d["file"] == "content/items/gbk.yaml")
        .expect("gbk diag");
    assert_eq!(gbk["code"], "E003");
    assert_eq!(gbk["line"], 2);
    assert!(gbk["message"].to_string().contains("GBK"));
    assert!(gbk["help"].to_string().contains("UTF-8"));
    let u16 = diags
        .iter()
        .find(|d| d["file"] == "content/items/utf16.yaml")
        .expect("utf16 diag");
    assert!(u16["message"].to_string().contains("UTF-16"));
}

#[test]
fn bom_and_crlf_are_accepted_silently() {
    let site = TestSite::new();
    let crlf = format!("\u{feff}{}", VALID_ITEM.replace('\n', "\r\n"));
    site.write("content/items/withdraw.yaml", &crlf);
    site.write(
        "content/rules/first.md",
        "\u{feff}---\r\ntitle: 首问负责制\r\n---\r\n正文\r\n",
    );
    assert_eq!(site.check(&["--strict"]), (0, vec![]));
}

#[test]
fn dangling_references_are_errors() {
    let site = TestSite::new();
    site.write(
        "content/items/withdraw.yaml",
        &VALID_ITEM.replace("window: gjj", "window: gjjj"),
    );
    site.write(
        "content/windows/gjj.yaml",
        "number: \"1\"\nname: 公积金窗口\nchief: nobody\nrules: [first, missing-rule]\n",
    );
    site.write(
        "content/staff/li.yaml",
        "name: 李四\nwindow: nowhere\nphoto: photos/zhang.jpg\n",
    );
    let (code, diags) = site.check(&[]);
    assert_eq!(code, 1);
    assert_diag(&diags, "E007", "content/items/withdraw.yaml", 3);
    assert_diag(&diags, "E007", "content/windows/gjj.yaml", 3);
    assert_diag(&diags, "E007", "content/windows/gjj.yaml", 4);
    assert_diag(&diags, "E007", "content/staff/li.yaml", 2);
    let item = diags
        .iter()
        .find(|d| d["file"] == "content/items/withdraw.yaml")
        .expect("item");
    assert!(item["help"].to_string().contains("`gjj`"), "{item}");
}

#[test]
fn duplicate_ids_and_item_codes() {
    let site = TestSite::new();
    site.write(
        "content/items/withdraw.md",
        &format!("---\n{VALID_ITEM}---\n正文\n"),
    );
    site.write("content/items/other.yaml", VALID_ITEM);
    let (code, diags) = site.check(&[]);
    assert_eq!(code, 1);
    assert!(
        diags
            .iter()
            .any(|d| d["code"] == "E008" && d["file"] == "content/items/withdraw.yaml")
    );
    assert!(diags.iter().any(|d| d["code"] == "E009"));
}

#[test]
fn time_limits_parse_and_agree() {
    let site = TestSite::new();
    site.write(
        "content/items/withdraw.yaml",
        &VALID_ITEM.replace("legal: 3日", "legal: 尽快"),
    );
    site.write(
        "content/items/longer.yaml",
        &VALID_ITEM
            .replace("GJJ-1", "GJJ-2")
            .replace("legal: 3日", "legal: 5个工作日")
            .replace("promised: 1个工作日", "promised: 10个工作日"),
    );
    // Across units what no calendar changes: 10 working days are longer than 5 days...
    site.write(
        "content/items/units.yaml",
        &VALID_ITEM
            .replace("GJJ-1", "GJJ-3")
            .replace("legal: 3日", "legal: 5日")
            .replace("promised: 1个工作日", "promised: 10个工作日"),
    );
    // ...but 12 days against 10 working days depends on the holidays: not judged.
    site.write(
        "content/items/calendar.yaml",
        &VALID_ITEM
            .replace("GJJ-1", "GJJ-5")
            .replace("legal: 3日", "legal: 10个工作日")
            .replace("promised: 1个工作日", "promised: 12日"),
    );
    site.write(
        "content/items/immediate.yaml",
        &VALID_ITEM
            .replace("GJJ-1", "GJJ-4")
            .replace("case_type: promised", "case_type: 即办件"),
    );
    let (code, diags) = site.check(&[]);
    assert_eq!(code, 1);
    assert_diag(&diags, "E010", "content/items/withdraw.yaml", 15);
    assert_diag(&diags, "E011", "content/items/longer.yaml", 16);
    // A 即办件 that promises a limit is kept as published, with a warning (was E012).
    assert_diag(&diags, "W140", "content/items/immediate.yaml", 16);
    assert!(!diags.iter().any(|d| d["code"] == "E012"));
    assert_diag(&diags, "E011", "content/items/units.yaml", 16);
    assert!(
        !diags
            .iter()
            .any(|d| d["file"] == "content/items/calendar.yaml"),
        "{diags:#?}"
    );
}

#[test]
fn fees_must_be_disclosed_with_basis_and_valid_amounts() {
    let site = TestSite::new();
    site.write(
        "content/items/withdraw.yaml",
        &VALID_ITEM.replace("fees: 不收费\n", ""),
    );
    let fee = |amount: &str, basis: bool| {
        let basis = if basis {
            "    basis: 《某收费文件》\n"
        } else {
            ""
        };
        format!("fees:\n  - name: 工本费\n    amount: {amount}\n    unit: 元/本\n{basis}")
    };
    let with = |code: &str, fees: String| {
        VALID_ITEM
            .replace("GJJ-1", code)
            .replace("fees: 不收费\n", &fees)
    };
    site.write("content/items/nobasis.yaml", &with("A", fee("10", false)));
    site.write("content/items/negative.yaml", &with("B", fee("-5", true)));
    site.write("content/items/text.yaml", &with("C", fee("abc", true)));
    site.write(
        "content/items/range.yaml",
        &with("D", fee("\"10-50\"", true)),
    );
    site.write(
        "content/items/empty.yaml",
        &with("E", "fees:\n".to_string()),
    );
    let (code, diags) = site.check(&[]);
    assert_eq!(code, 1);
    assert_diag(&diags, "E013", "content/items/withdraw.yaml", 1);
    assert_diag(&diags, "E014", "content/items/nobasis.yaml", 18);
    assert_diag(&diags, "E015", "content/items/negative.yaml", 19);
    assert_diag(&diags, "E015", "content/items/text.yaml", 19);
    assert_diag(&diags, "E013", "content/items/empty.yaml", 1);
    assert!(
        !diags
            .iter()
            .any(|d| d["file"] == "content/items/range.yaml"),
        "{diags:#?}"
    );
}

#[test]
fn promised_item_without_materials_or_procedure_warns() {
    let site = TestSite::new();
    let bare = VALID_ITEM
        .replace("materials:\n  - name: 身份证\n    original: 1\n", "")
        .replace(
            "procedure:\n  - name: 受理\n    limit: 即办\n  - name: 审核\n",
            "",
        );
    site.write("content/items/withdraw.yaml", &bare);
    let (code, diags) = site.check(&[]);
    assert_eq!(code, 0);
    assert_eq!(
        diags.iter().filter(|d| d["code"] == "W101").count(),
        2,
        "{diags:#?}"
    );
    assert!(diags.iter().all(|d| d["severity"] == "warning"));
    let (strict, _) = site.check(&["--strict"]);
    assert_eq!(strict, 1);
}

#[test]
fn missing_photo_and_form_files() {
    let site = TestSite::new();
    site.write(
        "content/staff/zhang.yaml",
        "name: 张三\nwindow: gjj\nphoto: photos/nobody.jpg\n",
    );
    site.write(
        "content/items/withdraw.yaml",
        &VALID_ITEM.replace(
            "    original: 1\n",
            "    original: 1\n    blank: forms/missing.pdf\n",
        ),
    );
    let (code, diags) = site.check(&[]);
    assert_eq!(code, 1);
    assert_diag(&diags, "E016", "content/staff/zhang.yaml", 3);
    assert_diag(&diags, "E016", "content/items/withdraw.yaml", 10);
}

#[test]
fn paths_may_not_leave_content() {
    let site = TestSite::new();
    std::fs::write(site.path().join("secret.jpg"), b"x").expect("write");
    site.write(
        "content/staff/a.yaml",
        "name: A\nwindow: gjj\nphoto: ../../etc/passwd\n",
    );
    site.write(
        "content/staff/b.yaml",
        "name: B\nwindow: gjj\nphoto: /etc/passwd\n",
    );
    site.write(
        "content/staff/c.yaml",
        "name: C\nwindow: gjj\nphoto: photos/link.jpg\n",
    );
    site.write(
        "content/staff/d.yaml",
        "name: D\nwindow: gjj\nphoto: C:\\Windows\\x.jpg\n",
    );
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        site.path().join("secret.jpg"),
        site.path().join("content/photos/link.jpg"),
    )
    .expect("symlink");
    let (code, diags) = site.check(&[]);
    assert_eq!(code, 1);
    for f in ["a", "b", "c", "d"] {
        assert_diag(&diags, "E017", &format!("content/staff/{f}.yaml"), 3);
    }
}

#[test]
fn staff_without_photo_warns() {
    let site = TestSite::new();
    site.write("content/staff/zhang.yaml", "name: 张三\nwindow: gjj\n");
    let (code, diags) = site.check(&[]);
    assert_eq!(code, 0);
    assert_diag(&diags, "W102", "content/staff/zhang.yaml", 1);
}

#[test]
fn bad_dates_and_urls() {
    let site = TestSite::new();
    site.write(
        "content/items/withdraw.yaml",
        &VALID_ITEM.replace(
            "updated: 2026-06-01\n",
            "updated: 2026-02-30\nonline_url: javascript:alert(1)\n",
        ),
    );
    site.write(
        "content/notices/n.md",
        "---\ntitle: 通知\ndate: 昨天\n---\n正文\n",
    );
    let (code, diags) = site.check(&[]);
    assert_eq!(code, 1);
    assert_diag(&diags, "E018", "content/items/withdraw.yaml", 18);
    assert_diag(&diags, "E019", "content/items/withdraw.yaml", 19);
    assert_diag(&diags, "E018", "content/notices/n.md", 3);
}

#[test]
fn audit_finds_missing_phones_and_basis() {
    let site = TestSite::new();
    site.write(
        "site.yaml",
        "title: 测试中心\nbase_url: https://example.gov.cn/\n",
    );
    site.write(
        "content/items/withdraw.yaml",
        &VALID_ITEM.replace("basis:\n  - 《住房公积金管理条例》第二十四条\n", ""),
    );
    let (code, diags) = site.check(&[]);
    assert_eq!(code, 0);
    for w in ["W204", "W205", "W206"] {
        assert!(
            diags.iter().any(|d| d["code"] == w),
            "{w} missing: {diags:#?}"
        );
    }
}

#[test]
fn alias_bombs_and_huge_files_fail_fast() {
    let site = TestSite::new();
    let mut bomb = String::from("name: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 0..20 {
        let prev = if i == 0 {
            "a".to_string()
        } else {
            format!("l{}", i - 1)
        };
        bomb.push_str(&format!("l{i}: &l{i} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
    }
    site.write("content/items/bomb.yaml", &bomb);
    let big =
        "name: x\n".to_string() + &"# padding padding padding padding padding\n".repeat(1_250_000);
    site.write("content/items/huge.yaml", &big);
    let start = Instant::now();
    let (code, diags) = site.check(&[]);
    assert!(
        start.elapsed() < Duration::from_secs(10),
        "took {:?}",
        start.elapsed()
    );
    assert_eq!(code, 1);
    assert_diag(&diags, "E021", "content/items/huge.yaml", 0);
    assert!(
        diags
            .iter()
            .any(|d| d["code"] == "E021" && d["file"] == "content/items/bomb.yaml"),
        "{diags:#?}"
    );
}

#[test]
fn usage_errors_exit_2() {
    let empty = tempfile::tempdir().expect("dir");
    let (code, _) = check_dir(empty.path(), &[]);
    assert_eq!(code, 2);
    let out = gongshi()
        .args(["check", "--format", "xml"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn garbage_never_panics() {
    let site = TestSite::new();
    let inputs: &[&[u8]] = &[
        b"", b"---", b"- a\n- b\n", b"name:\n  - [\n", b"\x00\x01\x02", b"? a\n: b\n", b"name: !!binary aGk=\n",
        b"materials: {a: 1}\nname: x\nwindow: gjj\nfees: [1, 2]\ntime_limit: 5\n", b"&a a: *a\n",
        b"name: x\nwindow: gjj\ncase_type: promised\nfees: []\nmaterials: [1, null, {name: x, original: -1}]\n",
    ];
    for (i, input) in inputs.iter().enumerate() {
        site.write_bytes(&format!("content/items/g{i}.yaml"), input);
        site.write_bytes(&format!("content/notices/g{i}.md"), input);
    }
    let out = gongshi()
        .arg("check")
        .arg(site.path())
        .output()
        .expect("run");
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
}

#[test]
fn parser_internals_never_reach_users() {
    let site = TestSite::new();
    site.write(
        "content/items/withdraw.yaml",
        &format!("{VALID_ITEM}name: 又一个名称\n"),
    );
    site.write(
        "content/items/two.yaml",
        &format!("{}---\nname: x\n", VALID_ITEM.replace("GJJ-1", "GJJ-2")),
    );
    site.write("content/rules/second.yaml", "title: 制度\n");
    let (code, diags) = site.check(&[]);
    assert_eq!(code, 1);
    assert!(
        diags
            .iter()
            .any(|d| d["code"] == "E024" && d["file"] == "content/items/withdraw.yaml"),
        "{diags:#?}"
    );
    assert!(
        diags
            .iter()
            .any(|d| d["code"] == "E001" && d["file"] == "content/items/two.yaml"),
        "{diags:#?}"
    );
    assert!(
        diags
            .iter()
            .any(|d| d["code"] == "W103" && d["file"] == "content/rules/second.yaml"),
        "{diags:#?}"
    );
    for d in &diags {
        let text = d["message"].to_string();
        assert!(
            !text.contains("Policy") && !text.contains("budget") && !text.contains("{ "),
            "{text}"
        );
    }
}

#[test]
fn a_fee_without_basis_is_reported_once() {
    let site = TestSite::new();
    site.write(
        "content/items/withdraw.yaml",
        &VALID_ITEM.replace(
            "fees: 不收费\n",
            "fees:\n  - name: 工本费\n    amount: 10\n",
        ),
    );
    let (_, diags) = site.check(&[]);
    let about_fee: Vec<_> = diags.iter().filter(|d| d["line"] == 18).collect();
    assert_eq!(about_fee.len(), 1, "{diags:#?}");
    assert_eq!(about_fee[0]["code"], "E014");
}
