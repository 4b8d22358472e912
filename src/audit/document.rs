//! The self-audit as data and as documents: [`data`] is the report's stable JSON shape
//! (`gongshi audit --format json`, documented in docs/print.md), which the HTML page (the
//! theme's `templates/audit.html`, served at `/_audit/` by serve) and the PDF the director
//! signs (the theme's `print/audit.typ`, A4, made by the print engine like the print order)
//! read as they are.

use serde_json::{Value, json};

use super::{Report, Row, Score, Section};
use crate::diag::{Diagnostic, Lang, Location, Severity};
use crate::msg;
use crate::output::OutputFile;
use crate::print::{FontStore, PrintJob, Profile, Sheet, Templates, render_pdf};

/// The version of the JSON shape; raised when a key changes meaning or goes away.
pub const VERSION: u32 = 1;

/// Where serve shows the report, and where `audit: {publish: true}` puts it in the site.
pub const PAGE: &str = "_audit/index.html";

/// The headings of the documents, in `lang`.
fn labels(lang: Lang) -> Value {
    let l = |m: crate::diag::Message| m.text(lang).to_string();
    json!({
        "title": l(msg!("Self-audit of the window standard", "窗口标准化达标自查", "窗口標準化達標自查")),
        "center": l(msg!("Center", "中心", "中心")),
        "window": l(msg!("Window", "窗口", "窗口")),
        "criterion": l(msg!("Criterion", "检查项", "檢查項")),
        "result": l(msg!("Result", "结果", "結果")),
        "fix": l(msg!("What to fix, where", "需整改的内容及位置", "需整改的內容及位置")),
        "score": l(msg!("Score", "得分", "得分")),
        "total": l(msg!("Center total", "中心总分", "中心總分")),
        "as_of": l(msg!("As of", "自查日期", "自查日期")),
        "printed": l(msg!("Print run compared", "比对的印刷记录", "比對的列印記錄")),
        "not_printed": l(msg!("none found", "未找到", "未找到")),
        "passed": l(msg!("all points met", "全部达标", "全部達標")),
        "failed": l(msg!("points not met", "存在未达标项", "存在未達標項")),
        "signature": l(msg!("Director (signature)", "中心负责人（签字）", "中心負責人（簽字）")),
        "date": l(msg!("Date", "日期", "日期")),
        "seal": l(msg!("Seal", "盖章", "蓋章")),
    })
}

fn score(s: Score) -> Value {
    json!({"passed": s.passed, "judged": s.judged, "percent": s.percent()})
}

fn finding(d: &Diagnostic, lang: Lang) -> Value {
    json!({
        "code": d.code,
        "severity": match d.severity { Severity::Error => "error", Severity::Warning => "warning" },
        "file": d.location.file,
        "line": d.location.line,
        "column": d.location.column,
        "at": place(&d.location),
        "message": d.message.text(lang),
        "help": d.help.as_ref().map(|h| h.text(lang)),
    })
}

/// `content/items/a.yaml:12`, or the file alone when the finding has no line.
pub fn place(at: &Location) -> String {
    if at.line == 0 {
        at.file.clone()
    } else {
        format!("{}:{}", at.file, at.line)
    }
}

fn row(r: &Row, lang: Lang) -> Value {
    json!({
        "key": r.criterion.key(),
        "title": r.criterion.title().text(lang),
        "status": r.status.key(),
        "mark": r.status.mark(),
        "note": r.note.as_ref().map(|n| n.text(lang)),
        "findings": r.findings.iter().map(|d| finding(d, lang)).collect::<Vec<_>>(),
    })
}

fn section(s: &Section, lang: Lang) -> Value {
    json!({
        "id": s.id,
        "number": s.number,
        "name": s.name,
        "file": s.file,
        "score": score(s.score()),
        "criteria": s.rows.iter().map(|r| row(r, lang)).collect::<Vec<_>>(),
    })
}

/// The report as data, in `lang`: the shape of `--format json` and what the HTML page and
/// the PDF show.
pub fn data(report: &Report, lang: Lang) -> Value {
    json!({
        "version": VERSION,
        "site": report.site,
        "lang": lang.tag(),
        "today": report.today.to_string(),
        "printed": report.printed,
        "pass": report.passes(),
        "score": score(report.score()),
        "windows": report.windows.iter().map(|s| section(s, lang)).collect::<Vec<_>>(),
        "center": section(&report.center, lang),
        "labels": labels(lang),
    })
}

/// The HTML page of the report (`templates/audit.html`, variable `audit`) at `path`.
pub fn html(
    report: &Report,
    renderer: &crate::render::Renderer,
    lang: Lang,
    path: &str,
) -> Result<OutputFile<'static>, Diagnostic> {
    renderer.render_template("audit.html", path.to_string(), "audit", &data(report, lang))
}

/// The PDF the director signs: the theme's `print/audit.typ` on A4 portrait with a white
/// margin (an office printer, not the press), in the site's PDF standard.
pub fn pdf(
    report: &Report,
    templates: &dyn Templates,
    fonts: &FontStore,
    lang: Lang,
    standard: Option<crate::content::PdfStandard>,
) -> Result<Vec<u8>, Diagnostic> {
    let name = "audit.typ";
    let template = templates
        .print_template(name)
        .ok_or_else(|| crate::print::report::missing_template(name))?;
    let common = templates.print_template("common.typ").unwrap_or_default();
    let value = data(report, lang);
    let labels = serde_json::to_string(&templates.labels(lang)).unwrap_or_else(|_| "{}".into());
    let files = [("common.typ".to_string(), common.into_bytes())];
    let title = format!(
        "{} {}",
        report.site,
        value["labels"]["title"].as_str().unwrap_or_default()
    );
    let job = PrintJob {
        template_name: name,
        template: &template,
        data: &value,
        files: &files,
        sheet: Sheet::A4,
        profile: Profile::LargeFormat,
        expected_pages: None,
        thumbnail_width: None,
        lang,
        standard,
        title: &title,
        labels: &labels,
        date: Some(report.today),
    };
    render_pdf(&job, fonts)
        .map(|out| out.pdf)
        .map_err(|e| crate::print::report::document_error("audit.pdf", e))
}
