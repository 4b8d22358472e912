//! What import and export print: problems like `check` (stderr), the summary, the files of a
//! dry run, and what `check` still wants filled in, grouped (stdout).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use crate::diag::{self, Diagnostics, Lang, SourceLines};
use crate::spreadsheet::write::Outcome;
use crate::spreadsheet::{Exported, Failure, ImportOptions, ImportReport};

/// Prints an import's report: problems on stderr (like `check`), the summary and what staff
/// must still fill in on stdout. Returns the exit code.
pub fn print_import(report: &ImportReport, options: &ImportOptions) -> u8 {
    let lang = report.lang;
    let sources = SourceLines::new(&options.site);
    let mut err = String::new();
    for d in report.diagnostics.iter() {
        err.push_str(&diag::render_human(d, lang, &sources));
    }
    eprint!("{err}");
    let mut out = String::new();
    for line in &report.sheets {
        let _ = writeln!(out, "{line}");
    }
    let count = |o: Outcome| report.files.iter().filter(|(_, x)| *x == o).count();
    let (c, u, s, k) = (
        count(Outcome::Created),
        count(Outcome::Updated),
        count(Outcome::Unchanged),
        count(Outcome::Conflict),
    );
    // Conflicts are counted apart from the workbook's own problems.
    let (e, w) = (
        report.diagnostics.errors() - k,
        report.diagnostics.warnings(),
    );
    let line = match (lang, options.dry_run) {
        (Lang::En, false) => format!(
            "{c} files created, {u} updated, {s} unchanged, {k} conflicts; {e} errors, {w} warnings in the workbook"
        ),
        (Lang::En, true) => format!(
            "dry run, nothing written: {c} files would be created, {u} updated, {s} unchanged, {k} conflicts; {e} errors, {w} warnings in the workbook"
        ),
        (Lang::ZhCn, false) => format!(
            "新建 {c} 个文件，更新 {u} 个，未变 {s} 个，冲突 {k} 个；表格中有 {e} 个错误、{w} 个警告"
        ),
        (Lang::ZhCn, true) => format!(
            "预演，未写入任何文件：将新建 {c} 个文件，更新 {u} 个，未变 {s} 个，冲突 {k} 个；表格中有 {e} 个错误、{w} 个警告"
        ),
        (Lang::ZhTw, false) => format!(
            "新建 {c} 個檔案，更新 {u} 個，未變 {s} 個，衝突 {k} 個；表格中有 {e} 個錯誤、{w} 個警告"
        ),
        (Lang::ZhTw, true) => format!(
            "預演，未寫入任何檔案：將新建 {c} 個檔案，更新 {u} 個，未變 {s} 個，衝突 {k} 個；表格中有 {e} 個錯誤、{w} 個警告"
        ),
    };
    let _ = writeln!(out, "{line}");
    if options.dry_run {
        for (item, outcome) in &report.files {
            let verb = match (outcome, lang) {
                (Outcome::Created, Lang::En) => "create",
                (Outcome::Updated, Lang::En) => "update",
                (Outcome::Unchanged, Lang::En) => "unchanged",
                (Outcome::Conflict, Lang::En) => "conflict",
                (Outcome::Created, _) => "新建",
                (Outcome::Updated, Lang::ZhCn) => "更新",
                (Outcome::Updated, _) => "更新",
                (Outcome::Unchanged, Lang::ZhCn) => "未变",
                (Outcome::Unchanged, _) => "未變",
                (Outcome::Conflict, Lang::ZhCn) => "冲突",
                (Outcome::Conflict, _) => "衝突",
            };
            let _ = writeln!(out, "  {verb}  {}", item.file);
        }
    }
    out.push_str(&still_to_fill(&report.check, lang));
    print!("{out}");
    report.exit_code()
}

/// What `check` still finds, grouped by problem: each with its count and the first files.
pub fn still_to_fill(check: &Diagnostics, lang: Lang) -> String {
    let mut out = String::new();
    if check.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            match lang {
                Lang::En => "check: the site has no problems",
                Lang::ZhCn => "检查：站点没有问题",
                Lang::ZhTw => "檢查：站點沒有問題",
            }
        );
        return out;
    }
    let mut groups: BTreeMap<(diag::Severity, &str, String), Vec<&str>> = BTreeMap::new();
    for d in check.iter() {
        groups
            .entry((d.severity, d.code, d.message.text(lang).to_string()))
            .or_default()
            .push(&d.location.file);
    }
    let (e, w) = (check.errors(), check.warnings());
    let _ = writeln!(
        out,
        "{}",
        match lang {
            Lang::En => format!(
                "still to fill in ({e} errors, {w} warnings; `gongshi check` shows each with its line):"
            ),
            Lang::ZhCn => format!(
                "还需填写（{e} 个错误、{w} 个警告；`gongshi check` 可逐条显示文件和行号）："
            ),
            Lang::ZhTw => format!(
                "還需填寫（{e} 個錯誤、{w} 個警告；`gongshi check` 可逐條顯示檔案和行號）："
            ),
        }
    );
    for ((_, code, message), files) in &groups {
        let mut shown: Vec<&str> = files.iter().take(3).copied().collect();
        shown.dedup();
        let more = if files.len() > 3 { " …" } else { "" };
        let _ = writeln!(
            out,
            "  {code} ×{}  {message}  ({}{more})",
            files.len(),
            shown.join(", ")
        );
    }
    out
}

/// Prints why an import or export stopped; returns the exit code (2 usage, 1 content or I/O).
pub fn print_failure(failure: &Failure, root: &Path) -> u8 {
    let sources = SourceLines::new(root);
    match failure {
        Failure::Usage(diags, lang) => {
            for d in diags.iter() {
                eprint!("{}", diag::render_human(d, *lang, &sources));
            }
            2
        }
        Failure::Content(diags, lang) => {
            for d in diags.iter() {
                eprint!("{}", diag::render_human(d, *lang, &sources));
            }
            let line = match lang {
                Lang::En => "the site has errors; fix them (gongshi check) before exporting",
                Lang::ZhCn => "站点内容有错误，请先修正（gongshi check）再导出",
                Lang::ZhTw => "站點內容有錯誤，請先修正（gongshi check）再匯出",
            };
            eprintln!("{line}");
            1
        }
        Failure::Io(e, _) => {
            eprintln!("error: {e}");
            2
        }
    }
}

/// Prints an export's result; returns the exit code.
pub fn print_export(done: &Exported, root: &Path) -> u8 {
    let sources = SourceLines::new(root);
    for d in done.warnings.iter() {
        eprint!("{}", diag::render_human(d, done.lang, &sources));
    }
    let (n, m, p) = (done.items, done.materials, done.path.display());
    println!(
        "{}",
        match done.lang {
            Lang::En => format!("exported {n} items, {m} materials → {p}"),
            Lang::ZhCn => format!("已导出 {n} 个事项、{m} 项材料 → {p}"),
            Lang::ZhTw => format!("已匯出 {n} 個事項、{m} 項材料 → {p}"),
        }
    );
    0
}
