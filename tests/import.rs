//! `gongshi import` and `gongshi export` on workbooks the tests write themselves (no binary
//! fixtures): a 实施清单 as provincial platforms export it, with a merged title row, header
//! variants, a materials sheet, multi-line cells, numbers stored as text and text stored as
//! numbers, date cells, empty rows, an unknown column and a bad time limit; a GBK CSV file;
//! conflicting files; the export → import round trip; 300 items.

mod common;

use std::ffi::OsStr;
use std::path::Path;

use common::{TestSite, gongshi};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

/// A cell in a test workbook.
#[derive(Clone)]
enum C {
    S(&'static str),
    T(String),
    N(f64),
    D(u16, u8, u8),
    E,
}

use C::{D, E, N, S};

/// A sheet: name, an optional title merged across the top (with a blank row under it), rows.
struct SheetSpec {
    name: &'static str,
    title: Option<&'static str>,
    rows: Vec<Vec<C>>,
}

fn write_book(path: &Path, sheets: &[SheetSpec]) {
    let mut book = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let title = Format::new().set_bold();
    for spec in sheets {
        let sheet = book.add_worksheet();
        sheet.set_name(spec.name).expect("name");
        let mut r = 0u32;
        if let Some(t) = spec.title {
            let width = spec.rows.first().map_or(1, |h| h.len()) as u16;
            sheet
                .merge_range(0, 0, 0, width - 1, t, &title)
                .expect("merge");
            r = 2;
        }
        for row in &spec.rows {
            for (c, cell) in row.iter().enumerate() {
                let c = c as u16;
                match cell {
                    S(s) => {
                        sheet.write_string(r, c, *s).expect("write");
                    }
                    C::T(s) => {
                        sheet.write_string(r, c, s).expect("write");
                    }
                    N(n) => {
                        sheet.write_number(r, c, *n).expect("write");
                    }
                    D(y, m, d) => {
                        let dt = ExcelDateTime::from_ymd(*y, *m, *d).expect("date");
                        sheet
                            .write_datetime_with_format(r, c, &dt, &date)
                            .expect("write");
                    }
                    E => {}
                }
            }
            r += 1;
        }
    }
    book.save(path).expect("save workbook");
}

/// The headers of the realistic items sheet (row 3 under a merged title and a blank row).
const HEADERS: [&str; 25] = [
    "序号",
    "事项名称",
    "实施编码",
    "事项类型",
    "实施主体",
    "办理窗口",
    "办件类型",
    "法定办结时限",
    "承诺时限（工作日）",
    "是否收费",
    "收费标准",
    "收费依据",
    "设定依据",
    "受理条件",
    "办理地点",
    "办理时间",
    "咨询电话",
    "监督投诉电话",
    "到办事现场次数",
    "网上办理地址",
    "办理流程",
    "行使层级",
    "更新日期",
    "申请材料",
    "办理结果",
];

fn realistic_items() -> Vec<Vec<C>> {
    vec![
        HEADERS.iter().map(|h| S(h)).collect(),
        vec![
            N(1.0),
            S("不动产转移登记（存量房买卖）"),
            S("QH-BDC-001"),
            S("行政确认"),
            S("青禾市不动产登记中心"),
            S("不动产登记窗口"),
            S("承诺件"),
            S("30个工作日"),
            S("5"), // a number stored as text; the unit is in the header
            S("是"),
            S("住宅类不动产登记费 80 元/件\n非住宅类不动产登记费 550 元/件"),
            S(
                "《国家发展改革委 财政部关于不动产登记收费标准等有关问题的通知》（发改价格规〔2016〕2559号）",
            ),
            S("1.《不动产登记暂行条例》第三条 2.《不动产登记暂行条例实施细则》第三十八条"),
            S("1. 买卖双方已签订存量房买卖合同；\n2. 已缴清相关税费。"),
            S("市民服务中心三楼 C 区"),
            S("周一至周五 9:00—17:00"),
            S("0123-5566 0321"),
            N(12345.0), // text stored as a number
            S("1次"),
            S("https://zwfw.example.gov.cn/bdc/001"),
            S("1. 受理：窗口收件并核验\n2. 审核\n3. 登簿\n4. 缮证发证"),
            S("市级"),
            D(2026, 3, 15),
            E,
            S("不动产权证书"),
        ],
        vec![E; 25], // an empty row inside the data
        vec![
            N(2.0),
            S("户口迁入（投靠亲属）"),
            N(3301000123.0), // a code stored as a number
            S("公共服务"),
            S("青禾市公安局"),
            S("36号窗口"),
            S("即办件"),
            S("20个工作日"),
            S("即办"),
            S("否"),
            S("不收费"),
            E,
            S("《中华人民共和国户口登记条例》第十条"),
            E,
            E,
            E,
            E,
            E,
            N(1.0),
            S("无此项"),
            E,
            S("市级"),
            D(2026, 1, 8),
            S("1. 居民身份证原件 2. 户口簿复印件\n3. 亲属关系证明（原件1份，复印件1份）"),
            S("户口簿"),
        ],
        vec![
            N(3.0),
            S("不动产登记资料查询"),
            S("QH-BDC-009"),
            S("公共服务"),
            S("青禾市不动产登记中心"),
            S("不动产登记窗口"),
            S("承诺件"),
            S("尽快"), // not a time limit: reported by its cell
            S("1"),
            S("否"),
            S("不收费"),
            E,
            S("《不动产登记资料查询暂行办法》第四条"),
            E,
            E,
            E,
            E,
            E,
            S("1"),
            E,
            S("1. 受理\n2. 查询出具"),
            S("市级"),
            E,
            E,
            S("查询结果"),
        ],
        vec![E; 25],
        vec![S("注：本清单以省政务服务网公布内容为准。")],
    ]
}

fn realistic_materials() -> Vec<Vec<C>> {
    vec![
        vec![
            S("实施编码"),
            S("事项名称"),
            S("序号"),
            S("材料名称"),
            S("原件份数"),
            S("复印件份数"),
            S("材料形式"),
            S("必要性"),
            S("来源渠道"),
            S("备注"),
        ],
        vec![
            S("QH-BDC-001"),
            S("不动产转移登记（存量房买卖）"),
            N(1.0),
            S("不动产登记申请书"),
            N(1.0),
            E,
            S("纸质"),
            S("必要"),
            S("窗口领取"),
            E,
        ],
        vec![
            S("QH-BDC-001"),
            E,
            N(2.0),
            S("买卖双方身份证明"),
            S("1"),
            S("1"),
            S("纸质"),
            S("必要"),
            E,
            S("可通过部门共享核验的免于提交"),
        ],
        vec![E; 10],
        vec![
            S("QH-BDC-001"),
            E,
            N(3.0),
            S("授权委托书"),
            N(1.0),
            E,
            S("纸质"),
            S("委托代理人办理的提供"),
            E,
            E,
        ],
        vec![
            E,
            S("不动产登记资料查询"),
            N(1.0),
            S("查询申请书"),
            N(1.0),
            E,
            E,
            E,
            E,
            E,
        ],
    ]
}

fn realistic_book(path: &Path) {
    write_book(
        path,
        &[
            SheetSpec {
                name: "填报说明",
                title: None,
                rows: vec![vec![S("本表由省政务服务平台导出，请勿修改表头。")]],
            },
            SheetSpec {
                name: "事项清单",
                title: Some("青禾市政务服务事项实施清单（2026年版）"),
                rows: realistic_items(),
            },
            SheetSpec {
                name: "申请材料",
                title: None,
                rows: realistic_materials(),
            },
        ],
    );
}

/// A site with the windows the realistic workbook names.
fn site_with_windows() -> TestSite {
    let site = TestSite::new();
    site.remove("content/items/withdraw.yaml");
    site.write(
        "content/windows/budongchan.yaml",
        "number: \"21\"\nname: 不动产登记窗口\n",
    );
    site.write(
        "content/windows/huzheng.yaml",
        "number: \"36\"\nname: 公安户政窗口\n",
    );
    site
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(args: &[&OsStr]) -> Run {
    let out = gongshi().args(args).output().expect("run gongshi");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn import(book: &Path, site: &Path, extra: &[&str]) -> Run {
    let mut args: Vec<&OsStr> = vec![OsStr::new("import"), book.as_os_str(), site.as_os_str()];
    args.extend(extra.iter().map(OsStr::new));
    args.extend([OsStr::new("--lang"), OsStr::new("zh-CN")]);
    run(&args)
}

fn read(site: &Path, rel: &str) -> String {
    std::fs::read_to_string(site.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn item_files(site: &Path) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = std::fs::read_dir(site.join("content/items"))
        .map(|d| {
            d.map(|e| {
                let e = e.expect("entry");
                let name = e.file_name().to_string_lossy().into_owned();
                let text = std::fs::read_to_string(e.path()).expect("read");
                (name, text)
            })
            .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

const BDC_001: &str = "事项名称: 不动产转移登记（存量房买卖）
事项编码: QH-BDC-001
事项类型: 行政确认
窗口: budongchan
办件类型: 承诺件
设定依据:
  - 《不动产登记暂行条例》第三条
  - 《不动产登记暂行条例实施细则》第三十八条
受理条件: |-
  1. 买卖双方已签订存量房买卖合同；
  2. 已缴清相关税费。
申请材料:
  - 材料名称: 不动产登记申请书
    原件: 1
    来源: 窗口领取
    材料形式: 纸质
  - 材料名称: 买卖双方身份证明
    原件: 1
    复印件: 1
    备注: 可通过部门共享核验的免于提交
    材料形式: 纸质
  - 材料名称: 授权委托书
    原件: 1
    是否必需: 委托代理人办理的提供
    材料形式: 纸质
办理流程:
  - 名称: 受理
    说明: 窗口收件并核验
  - 名称: 审核
  - 名称: 登簿
  - 名称: 缮证发证
办结时限:
  法定: 30个工作日
  承诺: 5个工作日
收费标准:
  - 收费项目: 住宅类不动产登记费
    金额: 80
    单位: 元/件
    收费依据: 《国家发展改革委 财政部关于不动产登记收费标准等有关问题的通知》（发改价格规〔2016〕2559号）
  - 收费项目: 非住宅类不动产登记费
    金额: 550
    单位: 元/件
    收费依据: 《国家发展改革委 财政部关于不动产登记收费标准等有关问题的通知》（发改价格规〔2016〕2559号）
到现场次数: 1
网上办理: https://zwfw.example.gov.cn/bdc/001
办理结果: 不动产权证书
更新日期: 2026-03-15
办理地点: 市民服务中心三楼 C 区
办理时间: 周一至周五 9:00—17:00
咨询电话: 0123-5566 0321
监督投诉电话: \"12345\"
";

const HZ: &str = "事项名称: 户口迁入（投靠亲属）
事项编码: \"3301000123\"
事项类型: 公共服务
窗口: huzheng
办件类型: 即办件
设定依据:
  - 《中华人民共和国户口登记条例》第十条
申请材料:
  - 材料名称: 居民身份证
    原件: 1
  - 材料名称: 户口簿
    复印件: 1
  - 材料名称: 亲属关系证明
    原件: 1
    复印件: 1
办结时限:
  法定: 20个工作日
  承诺: 即办
收费标准: 不收费
到现场次数: 1
办理结果: 户口簿
更新日期: 2026-01-08
";

#[test]
fn a_realistic_workbook_imports_into_a_site_that_builds() {
    let site = site_with_windows();
    let book = site.path().join("清单.xlsx");
    realistic_book(&book);
    let r = import(&book, site.path(), &[]);
    // The bad time limit is an error: exit 1, like `check`.
    assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
    assert!(
        r.stdout
            .contains("清单.xlsx 工作表“事项清单”：表头在第 3 行，3 个事项"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("工作表“申请材料”：表头在第 1 行，4 项材料"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("新建 3 个文件"), "{}", r.stdout);

    // Every problem names workbook, sheet, cell, header and value, and what to do.
    assert!(
        r.stderr.contains(
            "错误[E063]: “法定办结时限”列的“尽快”：无法识别的时限\n  --> 清单.xlsx:事项清单!H7\n"
        ),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("请写成“20个工作日”"), "{}", r.stderr);
    // Unknown columns are listed once each, at their header cell.
    for (header, cell) in [("实施主体", "E3"), ("行使层级", "V3")] {
        let line = format!(
            "警告[W160]: “{header}”列未导入：gongshi 没有对应的键\n  --> 清单.xlsx:事项清单!{cell}\n"
        );
        assert_eq!(r.stderr.matches(&line).count(), 1, "{header}: {}", r.stderr);
    }
    assert_eq!(r.stderr.matches("W160").count(), 2, "{}", r.stderr);
    assert!(
        !r.stderr.contains("序号"),
        "序号 is known and ignored: {}",
        r.stderr
    );
    // A note under the table is skipped with a warning, not taken for an item without name.
    assert!(
        r.stderr.contains("警告[W165]: 第 9 行只有一个单元格、没有事项名称：视为说明文字，已跳过\n  --> 清单.xlsx:事项清单!A9\n"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("E062"), "{}", r.stderr);

    assert_eq!(read(site.path(), "content/items/qh-bdc-001.yaml"), BDC_001);
    assert_eq!(read(site.path(), "content/items/3301000123.yaml"), HZ);
    let query = read(site.path(), "content/items/qh-bdc-009.yaml");
    assert!(
        query.contains("办结时限:\n  承诺: 1个工作日\n") && !query.contains("法定"),
        "{query}"
    );
    assert!(
        query.contains("申请材料:\n  - 材料名称: 查询申请书\n    原件: 1\n"),
        "{query}"
    );

    // After writing, the site is checked and what is left to fill in is printed.
    assert!(r.stdout.contains("还需填写"), "{}", r.stdout);
    let (code, diags) = common::check_dir(site.path(), &[]);
    assert_eq!(code, 0, "{diags:#?}");
    assert!(
        diags
            .iter()
            .any(|d| d["code"] == "W202" && d["file"] == "content/items/3301000123.yaml"),
        "the immediate item without procedure is a warning of check: {diags:#?}"
    );
    assert!(r.stdout.contains("W202 ×1"), "{}", r.stdout);
    let out = site.path().join("public");
    let build = gongshi()
        .args(["build", "--no-print", "-o"])
        .arg(&out)
        .arg(site.path())
        .output()
        .expect("build");
    assert!(
        build.status.success(),
        "{}",
        String::from_utf8_lossy(&build.stderr)
    );
    let page = std::fs::read_to_string(out.join("items/qh-bdc-001/index.html")).expect("page");
    assert!(
        page.contains("非住宅类不动产登记费"),
        "the fees reach the page"
    );
}

#[test]
fn print_map_shows_what_was_detected() {
    let site = site_with_windows();
    let book = site.path().join("清单.xlsx");
    realistic_book(&book);
    let r = import(&book, site.path(), &["--print-map"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    for line in [
        "工作表“事项清单”（事项）：表头在第 3 行",
        "  H   法定办结时限  →  time_limit.legal（办结时限.法定）",
        "  I   承诺时限（工作日）  →  time_limit.promised（办结时限.承诺） [工作日]",
        "  J   是否收费  →  charged（是否收费）",
        "  L   收费依据  →  fee.basis（收费标准.收费依据）",
        "  E   实施主体  →  未导入（没有对应的键）",
        "  A   序号  →  忽略",
        "工作表“申请材料”（申请材料）：表头在第 1 行",
        "  E   原件份数  →  material.original（申请材料.原件）",
        "未读取的工作表：填报说明",
    ] {
        assert!(r.stdout.contains(line), "{line}\n{}", r.stdout);
    }
    assert!(
        item_files(site.path()).is_empty(),
        "--print-map writes nothing"
    );
}

#[test]
fn conflicts_are_kept_dry_run_writes_nothing_force_replaces() {
    let site = site_with_windows();
    let book = site.path().join("清单.xlsx");
    realistic_book(&book);

    let dry = import(&book, site.path(), &["--dry-run"]);
    assert!(
        dry.stdout.contains("预演，未写入任何文件：将新建 3 个文件"),
        "{}",
        dry.stdout
    );
    assert!(
        dry.stdout
            .contains("  新建  content/items/qh-bdc-001.yaml\n"),
        "{}",
        dry.stdout
    );
    assert!(
        dry.stdout.contains("W202 ×1"),
        "the dry run checks too: {}",
        dry.stdout
    );
    assert!(
        item_files(site.path()).is_empty(),
        "--dry-run writes nothing"
    );

    import(&book, site.path(), &[]);
    let again = import(&book, site.path(), &[]);
    assert!(
        again
            .stdout
            .contains("新建 0 个文件，更新 0 个，未变 3 个，冲突 0 个"),
        "{}",
        again.stdout
    );

    let edited = BDC_001.replace("30个工作日", "20个工作日");
    site.write("content/items/qh-bdc-001.yaml", &edited);
    let r = import(&book, site.path(), &[]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("错误[E067]: content/items/qh-bdc-001.yaml 已存在，且与第 4 行导入的内容不同（此处导入的是“法定: 30个工作日”），未作改动\n  --> content/items/qh-bdc-001.yaml:33:3\n"),
        "{}",
        r.stderr
    );
    assert!(r.stdout.contains("冲突 1 个"), "{}", r.stdout);
    assert_eq!(read(site.path(), "content/items/qh-bdc-001.yaml"), edited);

    let r = import(&book, site.path(), &["--force", "--dry-run"]);
    assert!(r.stdout.contains("更新 1 个"), "{}", r.stdout);
    assert_eq!(read(site.path(), "content/items/qh-bdc-001.yaml"), edited);

    let r = import(&book, site.path(), &["--force"]);
    assert!(
        r.stdout.contains("新建 0 个文件，更新 1 个"),
        "{}",
        r.stdout
    );
    assert_eq!(read(site.path(), "content/items/qh-bdc-001.yaml"), BDC_001);

    // What no column holds (常见问题, 变更记录 here) is kept when the file is rewritten, so
    // adding it by hand makes no conflict, and --force does not lose it.
    let faq = "常见问题:\n  - 问: 可以委托他人办理吗？\n    答: 可以，需提交授权委托书。\n";
    let changes = "变更记录:\n  - 日期: 2026-03-15\n    说明: 取消户口簿复印件\n";
    let with_faq = BDC_001
        .replace("更新日期:", &format!("{faq}更新日期:"))
        .replace(
            "更新日期: 2026-03-15\n",
            &format!("更新日期: 2026-03-15\n{changes}"),
        );
    site.write("content/items/qh-bdc-001.yaml", &with_faq);
    let r = import(&book, site.path(), &[]);
    assert!(r.stdout.contains("未变 3 个，冲突 0 个"), "{}", r.stdout);
    site.write(
        "content/items/qh-bdc-001.yaml",
        &with_faq.replace("30个工作日", "60个工作日"),
    );
    import(&book, site.path(), &["--force"]);
    assert_eq!(read(site.path(), "content/items/qh-bdc-001.yaml"), with_faq);

    let leftovers: Vec<_> = std::fs::read_dir(site.path().join("content/items"))
        .expect("list")
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "no temporary files are left behind");
}

#[test]
fn export_then_import_gives_the_same_files() {
    let a = site_with_windows();
    let book = a.path().join("清单.xlsx");
    realistic_book(&book);
    import(&book, a.path(), &[]);
    // Make the site clean so that it exports (the bad limit was reported, not written).
    let exported = a.path().join("导出.xlsx");
    let r = run(&[
        OsStr::new("export"),
        a.path().as_os_str(),
        OsStr::new("-o"),
        exported.as_os_str(),
    ]);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains("3 items") || r.stdout.contains("3 个事项"),
        "{}",
        r.stdout
    );

    let b = site_with_windows();
    let back = import(&exported, b.path(), &[]);
    assert_eq!(back.code, 0, "{}\n{}", back.stdout, back.stderr);
    assert!(
        !back.stderr.contains("W160"),
        "every exported column is imported: {}",
        back.stderr
    );
    assert_eq!(item_files(b.path()), item_files(a.path()));

    // Importing the export into the site it came from changes nothing.
    let same = import(&exported, a.path(), &[]);
    assert!(
        same.stdout
            .contains("新建 0 个文件，更新 0 个，未变 3 个，冲突 0 个"),
        "{}",
        same.stdout
    );

    // CSV: materials travel one per line in the 申请材料 column; a second round is a fixed point.
    let csv_a = a.path().join("导出.csv");
    run(&[
        OsStr::new("export"),
        a.path().as_os_str(),
        OsStr::new("-o"),
        csv_a.as_os_str(),
    ]);
    let bytes = std::fs::read(&csv_a).expect("csv");
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "BOM for Excel");
    let c = site_with_windows();
    let r = import(&csv_a, c.path(), &[]);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert_eq!(read(c.path(), "content/items/3301000123.yaml"), HZ);
    let csv_c = c.path().join("再导出.csv");
    run(&[
        OsStr::new("export"),
        c.path().as_os_str(),
        OsStr::new("-o"),
        csv_c.as_os_str(),
    ]);
    assert_eq!(std::fs::read(&csv_c).expect("csv"), bytes);
}

#[test]
fn a_gbk_csv_is_converted_with_a_note() {
    let site = site_with_windows();
    let text = "事项名称,事项编码,窗口,办件类型,承诺办结时限,收费标准,申请材料\r\n\
                档案查询,QH-DA-1,不动产登记窗口,即办件,即办,复印费 0.5 元/页,\"1、身份证原件\n2、委托书\"\r\n";
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(text);
    assert!(!unmappable);
    let csv = site.path().join("清单.csv");
    std::fs::write(&csv, &bytes).expect("write");
    let r = import(&csv, site.path(), &[]);
    assert!(
        r.stderr
            .contains("警告[W161]: 文件编码为 GBK/GB18030（不是 UTF-8），已自动转换"),
        "{}",
        r.stderr
    );
    let yaml = read(site.path(), "content/items/qh-da-1.yaml");
    assert!(yaml.starts_with("事项名称: 档案查询\n"), "{yaml}");
    assert!(
        yaml.contains("收费标准:\n  - 收费项目: 复印费\n    金额: 0.5\n    单位: 元/页\n"),
        "{yaml}"
    );
    assert!(
        yaml.contains("  - 材料名称: 身份证\n    原件: 1\n  - 材料名称: 委托书\n"),
        "{yaml}"
    );
    // The fee has no basis: the check after the import says so.
    assert!(r.stdout.contains("E014"), "{}", r.stdout);
}

#[test]
fn a_mapping_file_overrides_and_adds() {
    let site = site_with_windows();
    let book = site.path().join("list.xlsx");
    write_book(
        &book,
        &[
            SheetSpec {
                name: "Sheet1",
                title: None,
                rows: vec![
                    vec![
                        S("名称"),
                        S("办结期限（天）"),
                        S("行使层级"),
                        S("收费"),
                        S("编号"),
                    ],
                    vec![S("婚姻登记证明"), N(10.0), S("县级"), S("否"), S("HY-1")],
                ],
            },
            SheetSpec {
                name: "材料",
                title: None,
                rows: vec![
                    vec![S("编号"), S("材料名称")],
                    vec![S("HY-1"), S("结婚证")],
                    vec![S("HY-404"), S("户口簿")],
                ],
            },
        ],
    );
    let map = site.path().join("map.yaml");
    std::fs::write(
        &map,
        "columns:\n  名称: name\n  办结期限（天）: time_limit.promised\n  行使层级: ignore\n  收费: 是否收费\n  编号: code\nmaterials_sheet: 材料\nwindow: gjj\n",
    )
    .expect("map");
    let map_arg = format!("--map={}", map.display());
    let r = import(&book, site.path(), &[&map_arg]);
    assert!(!r.stderr.contains("W160"), "{}", r.stderr);
    let yaml = read(site.path(), "content/items/hy-1.yaml");
    assert_eq!(
        yaml,
        "事项名称: 婚姻登记证明\n事项编码: HY-1\n窗口: gjj\n申请材料:\n  - 材料名称: 结婚证\n办结时限:\n  承诺: 10日\n收费标准: 不收费\n"
    );
    // A material row for an item the sheet does not have is reported at its cell.
    assert!(
        r.stderr.contains("错误[E066]: “编号”列的“HY-404”：事项表中没有这个事项，材料未导入\n  --> list.xlsx:材料!A3\n"),
        "{}",
        r.stderr
    );

    std::fs::write(&map, "columns:\n  名称: nmae\n").expect("map");
    let r = import(&book, site.path(), &[&map_arg]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("E068") && r.stderr.contains("map.yaml:2:"),
        "{}",
        r.stderr
    );
}

#[test]
fn three_hundred_items_import() {
    let site = site_with_windows();
    let book = site.path().join("300.xlsx");
    let mut rows = vec![
        [
            "事项名称",
            "事项编码",
            "窗口",
            "办件类型",
            "法定办结时限",
            "承诺办结时限",
            "是否收费",
            "设定依据",
            "申请材料",
            "咨询电话",
            "监督投诉电话",
        ]
        .iter()
        .map(|h| S(h))
        .collect::<Vec<_>>(),
    ];
    for i in 0..300 {
        rows.push(vec![
            C::T(format!("测试事项第{i}号")),
            C::T(format!("QH-T-{i:04}")),
            S("不动产登记窗口"),
            S("承诺件"),
            S("20个工作日"),
            C::T(format!("{}个工作日", 1 + i % 10)),
            S("否"),
            S("《某条例》第三条"),
            S("1. 身份证原件 2. 申请书"),
            S("0123-1000"),
            S("12345"),
        ]);
    }
    write_book(
        &book,
        &[SheetSpec {
            name: "事项",
            title: Some("实施清单"),
            rows,
        }],
    );
    let r = import(&book, site.path(), &[]);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert_eq!(item_files(site.path()).len(), 300);
    assert!(r.stdout.contains("新建 300 个文件"), "{}", r.stdout);
    let (code, diags) = common::check_dir(site.path(), &[]);
    assert_eq!(code, 0, "{diags:#?}");
}

#[test]
fn usage_problems_exit_2() {
    let site = site_with_windows();
    let r = import(&site.path().join("missing.xlsx"), site.path(), &[]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("E060"), "{}", r.stderr);
    let book = site.path().join("empty.xlsx");
    write_book(
        &book,
        &[SheetSpec {
            name: "Sheet1",
            title: None,
            rows: vec![vec![S("甲"), S("乙")]],
        }],
    );
    let r = import(&book, site.path(), &[]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("E061") && r.stderr.contains("事项名称"),
        "{}",
        r.stderr
    );
    let not_site = tempfile::tempdir().expect("temp");
    let r = import(&book, not_site.path(), &[]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("E020"), "{}", r.stderr);
}

#[test]
fn a_two_row_header_under_merged_cells() {
    let site = site_with_windows();
    let path = site.path().join("二级表头.xlsx");
    let mut book = Workbook::new();
    let f = Format::new();
    let sheet = book.add_worksheet();
    sheet
        .merge_range(0, 0, 1, 0, "事项名称", &f)
        .expect("merge");
    sheet
        .merge_range(0, 1, 0, 2, "办结时限", &f)
        .expect("merge");
    sheet
        .merge_range(0, 3, 1, 3, "办理窗口", &f)
        .expect("merge");
    sheet
        .merge_range(0, 4, 1, 4, "办件类型", &f)
        .expect("merge");
    sheet.merge_range(0, 5, 0, 6, "收费", &f).expect("merge");
    sheet.write_string(1, 1, "法定").expect("write");
    sheet.write_string(1, 2, "承诺").expect("write");
    sheet.write_string(1, 5, "是否收费").expect("write");
    sheet.write_string(1, 6, "收费标准").expect("write");
    for (c, v) in ["居住证办理", "15日", "7个工作日", "36", "承诺件", "否", ""]
        .iter()
        .enumerate()
    {
        if !v.is_empty() {
            sheet.write_string(2, c as u16, *v).expect("write");
        }
    }
    book.save(&path).expect("save");
    let r = import(&path, site.path(), &[]);
    assert!(
        !r.stderr.contains("W160") && !r.stderr.contains("E062"),
        "{}",
        r.stderr
    );
    let files = item_files(site.path());
    assert_eq!(files.len(), 1, "{files:?}");
    assert_eq!(
        files[0].1,
        "事项名称: 居住证办理\n窗口: huzheng\n办件类型: 承诺件\n办结时限:\n  法定: 15日\n  承诺: 7个工作日\n收费标准: 不收费\n"
    );
}

#[test]
fn audience_and_topics_travel_through_export_and_import() {
    let a = site_with_windows();
    a.write(
        "content/items/birth.yaml",
        "事项名称: 生育登记\n事项编码: QH-WS-001\n服务对象: 自然人\n主题: [生育收养, 户籍办理]\n窗口: huzheng\n办件类型: 即办件\n办结时限:\n  承诺: 即办\n收费标准: 不收费\n申请材料:\n  - 材料名称: 居民身份证\n    原件: 1\n办理流程:\n  - 名称: 受理\n",
    );
    let exported = a.path().join("导出.xlsx");
    let r = run(&[
        OsStr::new("export"),
        a.path().as_os_str(),
        OsStr::new("-o"),
        exported.as_os_str(),
    ]);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);

    let b = site_with_windows();
    let back = import(&exported, b.path(), &[]);
    assert_eq!(back.code, 0, "{}\n{}", back.stdout, back.stderr);
    let item = read(b.path(), "content/items/qh-ws-001.yaml");
    let after_kind = item.split("服务对象").nth(1).expect("服务对象 imported");
    assert!(after_kind.contains("自然人"), "{item}");
    let topics = item.split("主题").nth(1).expect("主题 imported");
    assert!(
        topics.contains("生育收养") && topics.contains("户籍办理"),
        "{item}"
    );
    let (code, diags) = common::check_dir(b.path(), &[]);
    assert_eq!(code, 0, "{diags:?}");

    // A second round is a fixed point: the same workbook rows again.
    let again = b.path().join("再导出.csv");
    let first = a.path().join("导出.csv");
    for (site, file) in [(a.path(), &first), (b.path(), &again)] {
        let r = run(&[
            OsStr::new("export"),
            site.as_os_str(),
            OsStr::new("-o"),
            file.as_os_str(),
        ]);
        assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    }
    let csv = std::fs::read_to_string(&again).expect("csv");
    assert!(csv.contains("服务对象") && csv.contains("主题"), "{csv}");
    assert_eq!(csv, std::fs::read_to_string(&first).expect("csv"));
}
