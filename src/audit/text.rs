//! The self-audit on the terminal: per window a table of the points with ✓/✗ (— when it
//! cannot be judged), under each ✗ the file and line to fix and what is wrong, the window's
//! score, and at the end the center's points and total.

use std::fmt::Write as _;

use super::document::place;
use super::{Report, Section, Status};
use crate::diag::Lang;

/// The report as text in `lang`.
pub fn render(report: &Report, lang: Lang) -> String {
    let mut out = String::new();
    let (window, center, total, as_of, printed, none) = match lang {
        Lang::En => (
            "Window",
            "Center",
            "Center total",
            "as of",
            "print run compared",
            "none found",
        ),
        Lang::ZhCn => (
            "窗口",
            "中心",
            "中心总分",
            "自查日期",
            "比对的印刷记录",
            "未找到",
        ),
        Lang::ZhTw => (
            "窗口",
            "中心",
            "中心總分",
            "自查日期",
            "比對的列印記錄",
            "未找到",
        ),
    };
    let _ = writeln!(
        out,
        "{}  ({as_of} {}; {printed}: {})\n",
        report.site,
        report.today,
        report.printed.as_deref().unwrap_or(none)
    );
    for s in &report.windows {
        let heading = format!("{window} {} {}", s.number, s.name);
        section(&mut out, &heading, s, lang);
    }
    section(&mut out, center, &report.center, lang);
    let score = report.score();
    let _ = writeln!(
        out,
        "{total}: {}/{} ({}%)",
        score.passed,
        score.judged,
        score.percent()
    );
    out
}

fn section(out: &mut String, heading: &str, s: &Section, lang: Lang) {
    let score = s.score();
    let _ = writeln!(
        out,
        "{heading}  {}/{} ({}%)",
        score.passed,
        score.judged,
        score.percent()
    );
    for row in &s.rows {
        let _ = writeln!(
            out,
            "  {} {}",
            row.status.mark(),
            row.criterion.title().text(lang)
        );
        if row.status == Status::Unknown
            && let Some(note) = &row.note
        {
            let _ = writeln!(out, "      {}", note.text(lang));
        }
        for d in &row.findings {
            let _ = writeln!(
                out,
                "      {} [{}] {}",
                place(&d.location),
                d.code,
                d.message.text(lang)
            );
        }
    }
    out.push('\n');
}
