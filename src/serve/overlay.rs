//! The error overlay: while the content has errors, pages are answered with this page, which
//! lists every error (file, line, snippet, message in the site language) and reloads itself
//! once the file is fixed. Everything from the content is escaped.

use std::fmt::Write as _;

use crate::diag::{self, Diagnostics, Lang, Severity, SourceLines};
use crate::escape::markup as escape;
use crate::serve::web::RELOAD_SCRIPT;

/// The path of the overlay's style sheet (a file, for the Content-Security-Policy).
pub const STYLE_PATH: &str = "/__gongshi/overlay.css";

/// The overlay's style sheet.
pub const STYLE: &str = "body{margin:0;font:16px/1.6 system-ui,sans-serif;background:#fff7f5;color:#1a1a1a}\
main{max-width:60rem;margin:0 auto;padding:1.5rem}\
h1{color:#a40000;font-size:1.5rem}\
section{background:#fff;border-left:6px solid #a40000;margin:1rem 0;padding:.5rem 1rem}\
section.warning{border-color:#8a5a00}\
h2{font-size:1.1rem;margin:.5rem 0}\
.where{font-family:monospace;color:#333}\
pre{overflow-x:auto;background:#f4f4f4;padding:.75rem;font-size:14px;line-height:1.4}";

/// The overlay page for the errors in `diagnostics` (warnings are listed after them).
pub fn page(diagnostics: &Diagnostics, lang: Lang, sources: &SourceLines) -> String {
    let (title, lead, last_good) = match lang {
        Lang::ZhCn => (
            "内容有错误",
            "修改后的内容有错误，网站仍是上一次正确的版本。改正并保存文件后，本页会自动刷新。",
            "查看上一次正确的版本",
        ),
        Lang::ZhTw => (
            "內容有錯誤",
            "修改後的內容有錯誤，網站仍是上一次正確的版本。改正並儲存檔案後，本頁會自動重新整理。",
            "檢視上一次正確的版本",
        ),
        Lang::En => (
            "The content has errors",
            "The site still shows the last good build. Fix the file and save it; this page reloads by itself.",
            "See the last good version",
        ),
    };
    let mut html = String::new();
    let _ = write!(
        html,
        "<!doctype html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n<link rel=\"stylesheet\" href=\"{STYLE_PATH}\">\n\
         <script src=\"{RELOAD_SCRIPT}\" defer></script>\n</head>\n<body>\n<main>\n\
         <h1>{title}（{}）</h1>\n<p>{lead} <a href=\"?gongshi-last-good\">{last_good}</a></p>\n",
        lang.tag(),
        diagnostics.errors(),
    );
    let ordered = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .chain(
            diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Warning),
        );
    for d in ordered {
        let class = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let loc = &d.location;
        let place = if loc.line == 0 {
            loc.file.clone()
        } else {
            format!("{}:{}:{}", loc.file, loc.line, loc.column.max(1))
        };
        let _ = write!(
            html,
            "<section class=\"{class}\">\n<h2>[{}] {}</h2>\n<p class=\"where\">{}</p>\n<pre>{}</pre>\n</section>\n",
            escape(d.code),
            escape(d.message.text(lang)),
            escape(&place),
            escape(&diag::render_human(d, lang, sources)),
        );
    }
    html.push_str("</main>\n</body>\n</html>\n");
    html
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::{Diagnostic, Location};
    use crate::msg;

    #[test]
    fn content_is_escaped() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(
            dir.path().join("a.yaml"),
            "name: <script>alert(1)</script>\n",
        )
        .expect("write");
        let d = Diagnostic::error(
            "E001",
            Location {
                file: "a.yaml".into(),
                line: 1,
                column: 7,
                len: 5,
            },
            msg!("bad <b>", "错误 <b>", "錯誤 <b>"),
        );
        let html = page(
            &Diagnostics::from_iter([d]),
            Lang::ZhCn,
            &SourceLines::new(dir.path()),
        );
        assert!(!html.contains("<script>alert"));
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(html.contains("错误 &lt;b&gt;"));
        assert!(html.contains("a.yaml:1:7"));
    }
}
