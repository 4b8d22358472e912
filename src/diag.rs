//! Diagnostics: every stage reports problems here, with a stable code, the file, line and
//! column, and a message in the site's language. Rendering (rustc-style text or JSON lines)
//! lives here too so every command prints problems the same way.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// How bad a problem is: errors stop a build, warnings are printed (and fail `check --strict`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The content is wrong; nothing can be built from it.
    Error,
    /// The content builds but misses something the disclosure checklist expects.
    Warning,
}

/// The language messages are shown in: the site's language unless overridden by `--lang`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Lang {
    /// Simplified Chinese, the default.
    #[default]
    ZhCn,
    /// Traditional Chinese.
    ZhTw,
    /// English.
    En,
}

impl Lang {
    /// Every language, in the order messages carry them.
    pub const ALL: [Lang; 3] = [Lang::ZhCn, Lang::ZhTw, Lang::En];

    /// Every way site.yaml or `--lang` may name a language (lower case).
    pub const WORDS: &'static [(&'static str, Lang)] = &[
        ("zh-cn", Lang::ZhCn),
        ("zh_cn", Lang::ZhCn),
        ("zh", Lang::ZhCn),
        ("zh-hans", Lang::ZhCn),
        ("zh_hans", Lang::ZhCn),
        ("zh-hans-cn", Lang::ZhCn),
        ("zh_hans_cn", Lang::ZhCn),
        ("简体中文", Lang::ZhCn),
        ("zh-tw", Lang::ZhTw),
        ("zh_tw", Lang::ZhTw),
        ("zh-hk", Lang::ZhTw),
        ("zh_hk", Lang::ZhTw),
        ("zh-hant", Lang::ZhTw),
        ("zh_hant", Lang::ZhTw),
        ("zh-hant-tw", Lang::ZhTw),
        ("zh_hant_tw", Lang::ZhTw),
        ("繁體中文", Lang::ZhTw),
        ("en", Lang::En),
        ("en-us", Lang::En),
        ("en_us", Lang::En),
        ("en-gb", Lang::En),
        ("en_gb", Lang::En),
        ("english", Lang::En),
    ];

    /// Parses a language tag as written in site.yaml or on the command line.
    pub fn parse(tag: &str) -> Option<Lang> {
        let folded = tag.trim().to_lowercase();
        Lang::WORDS
            .iter()
            .find(|(w, _)| *w == folded)
            .map(|(_, l)| *l)
    }

    /// The BCP 47 tag used in HTML `lang` attributes and i18n file names.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::ZhCn => "zh-CN",
            Lang::ZhTw => "zh-TW",
            Lang::En => "en",
        }
    }

    /// The language's name in itself.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::ZhCn => "简体中文",
            Lang::ZhTw => "繁體中文",
            Lang::En => "English",
        }
    }

    /// True for both Chinese variants (scaffolds then use Chinese keys).
    pub fn is_chinese(self) -> bool {
        !matches!(self, Lang::En)
    }
}

/// A message in every language we ship, chosen when the diagnostic is shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// English, Simplified and Traditional Chinese, boxed so results carrying
    /// diagnostics stay small.
    texts: Box<[String; 3]>,
}

impl Message {
    /// A message written in the three languages.
    pub fn new(en: impl Into<String>, zh_cn: impl Into<String>, zh_tw: impl Into<String>) -> Self {
        Message {
            texts: Box::new([en.into(), zh_cn.into(), zh_tw.into()]),
        }
    }

    /// The text in `lang`.
    pub fn text(&self, lang: Lang) -> &str {
        let [en, zh_cn, zh_tw] = &*self.texts;
        match lang {
            Lang::En => en,
            Lang::ZhCn => zh_cn,
            Lang::ZhTw => zh_tw,
        }
    }
}

/// Builds a [`Message`] from three `format!` strings: English, Simplified, Traditional Chinese.
#[macro_export]
macro_rules! msg {
    ($en:expr, $cn:expr, $tw:expr $(,)?) => {
        $crate::diag::Message::new(format!($en), format!($cn), format!($tw))
    };
}

/// Where a problem is: a file relative to the site root, and a 1-based line and column
/// (columns count characters, not bytes). `len` is the number of characters to underline.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Location {
    /// Path relative to the site folder, with `/` separators.
    pub file: String,
    /// 1-based line; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based column in characters; 0 when unknown.
    pub column: usize,
    /// How many characters to underline (at least one is shown).
    pub len: usize,
}

impl Location {
    /// A problem with a whole file (no line).
    pub fn file(file: impl Into<String>) -> Self {
        Location {
            file: file.into(),
            line: 0,
            column: 0,
            len: 0,
        }
    }
}

/// One problem found in a site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Stable code such as `E004`; documented in docs/diagnostics.md.
    pub code: &'static str,
    /// Where it is.
    pub location: Location,
    /// What is wrong.
    pub message: Message,
    /// What to do about it, when we know.
    pub help: Option<Message>,
}

impl Diagnostic {
    /// An error at `location`.
    pub fn error(code: &'static str, location: Location, message: Message) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            location,
            message,
            help: None,
        }
    }

    /// A warning at `location`.
    pub fn warning(code: &'static str, location: Location, message: Message) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            code,
            location,
            message,
            help: None,
        }
    }

    /// Adds a `help:` line.
    pub fn with_help(mut self, help: Message) -> Self {
        self.help = Some(help);
        self
    }
}

/// A list of problems, kept in a stable order (file, line, column, code) for output.
#[derive(Debug, Clone, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// An empty list.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one problem.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// Adds all problems of another list.
    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    /// All problems.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// Number of problems.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// True when nothing was found.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Number of errors.
    pub fn errors(&self) -> usize {
        self.count(Severity::Error)
    }

    /// Number of warnings.
    pub fn warnings(&self) -> usize {
        self.count(Severity::Warning)
    }

    fn count(&self, severity: Severity) -> usize {
        self.items.iter().filter(|d| d.severity == severity).count()
    }

    /// True when at least one error was found.
    pub fn has_errors(&self) -> bool {
        self.errors() > 0
    }

    /// Turns every warning into an error (`check --strict`).
    pub fn make_warnings_errors(&mut self) {
        for d in &mut self.items {
            d.severity = Severity::Error;
        }
    }

    /// Sorts for stable, readable output; removes exact duplicates.
    pub fn sort(&mut self) {
        self.items.sort_by(|a, b| {
            (&a.location, a.code, a.severity).cmp(&(&b.location, b.code, b.severity))
        });
        self.items.dedup();
    }

    /// Consumes the list.
    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.items
    }
}

impl FromIterator<Diagnostic> for Diagnostics {
    fn from_iter<T: IntoIterator<Item = Diagnostic>>(iter: T) -> Self {
        Diagnostics {
            items: iter.into_iter().collect(),
        }
    }
}

/// Reads source lines back for snippets. Files are read lazily from the site folder, so
/// diagnostics stay small and rendering only touches files that have problems.
pub struct SourceLines {
    root: PathBuf,
}

impl SourceLines {
    /// Snippets come from files under `root`.
    pub fn new(root: &Path) -> Self {
        SourceLines {
            root: root.to_path_buf(),
        }
    }

    fn line(&self, file: &str, line: usize) -> Option<String> {
        if line == 0 {
            return None;
        }
        let bytes = std::fs::read(self.root.join(file)).ok()?;
        let text = String::from_utf8_lossy(&bytes);
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        text.lines()
            .nth(line - 1)
            .map(|l| l.trim_end_matches('\r').to_string())
    }
}

/// Renders one diagnostic rustc-style:
/// ```text
/// error[E004]: unknown key `materails`
///   --> content/items/a.yaml:7:1
///    |
///  7 | materails:
///    | ^^^^^^^^^
///    = help: did you mean `materials`?
/// ```
pub fn render_human(d: &Diagnostic, lang: Lang, sources: &SourceLines) -> String {
    let mut out = String::new();
    let label = match (d.severity, lang) {
        (Severity::Error, Lang::En) => "error",
        (Severity::Warning, Lang::En) => "warning",
        (Severity::Error, Lang::ZhCn) => "错误",
        (Severity::Warning, Lang::ZhCn) => "警告",
        (Severity::Error, Lang::ZhTw) => "錯誤",
        (Severity::Warning, Lang::ZhTw) => "警告",
    };
    let _ = writeln!(out, "{label}[{}]: {}", d.code, d.message.text(lang));
    let loc = &d.location;
    if loc.line == 0 {
        let _ = writeln!(out, "  --> {}", loc.file);
    } else {
        let _ = writeln!(out, "  --> {}:{}:{}", loc.file, loc.line, loc.column.max(1));
    }
    if let Some(text) = sources.line(&loc.file, loc.line) {
        let number = loc.line.to_string();
        let pad = " ".repeat(number.len());
        let _ = writeln!(out, "{pad} |");
        let _ = writeln!(out, "{number} | {}", text.replace('\t', "    "));
        let prefix: String = text
            .chars()
            .take(loc.column.saturating_sub(1))
            .map(|c| match c {
                '\t' => "    ".to_string(),
                c if crate::cjk::is_cjk(c) => "  ".to_string(),
                _ => " ".to_string(),
            })
            .collect();
        let marked: usize = text
            .chars()
            .skip(loc.column.saturating_sub(1))
            .take(loc.len.max(1))
            .map(|c| if crate::cjk::is_cjk(c) { 2 } else { 1 })
            .sum();
        let _ = writeln!(out, "{pad} | {prefix}{}", "^".repeat(marked.max(1)));
        if let Some(help) = &d.help {
            let _ = writeln!(out, "{pad} = help: {}", help.text(lang));
        }
    } else if let Some(help) = &d.help {
        let _ = writeln!(out, "   = help: {}", help.text(lang));
    }
    out
}

/// Renders one diagnostic as a single JSON object (for `check --format json`).
pub fn render_json(d: &Diagnostic, lang: Lang) -> String {
    let value = serde_json::json!({
        "code": d.code,
        "severity": match d.severity { Severity::Error => "error", Severity::Warning => "warning" },
        "file": d.location.file,
        "line": d.location.line,
        "column": d.location.column,
        "message": d.message.text(lang),
        "help": d.help.as_ref().map(|h| h.text(lang)),
    });
    value.to_string()
}

/// The closing line: `2 errors, 1 warning in 31 files`.
pub fn summary(diagnostics: &Diagnostics, files: usize, lang: Lang) -> String {
    let (e, w) = (diagnostics.errors(), diagnostics.warnings());
    match lang {
        Lang::En => format!(
            "{e} error{}, {w} warning{} in {files} file{}",
            if e == 1 { "" } else { "s" },
            if w == 1 { "" } else { "s" },
            if files == 1 { "" } else { "s" }
        ),
        Lang::ZhCn => format!("{files} 个文件中有 {e} 个错误、{w} 个警告"),
        Lang::ZhTw => format!("{files} 個檔案中有 {e} 個錯誤、{w} 個警告"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn human_rendering_underlines_by_display_width() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("a.yaml"), "事项名称: x\nmaterails: []\n").expect("write");
        let d = Diagnostic::error(
            "E004",
            Location {
                file: "a.yaml".into(),
                line: 2,
                column: 1,
                len: 9,
            },
            msg!("unknown key", "未知的键", "未知的鍵"),
        )
        .with_help(msg!(
            "did you mean `materials`?",
            "是否想写 `materials`？",
            "是否想寫 `materials`？"
        ));
        let text = render_human(&d, Lang::En, &SourceLines::new(dir.path()));
        assert!(text.starts_with("error[E004]: unknown key\n  --> a.yaml:2:1\n"));
        assert!(text.contains("2 | materails: []\n  | ^^^^^^^^^\n"));
        assert!(text.contains("= help: did you mean `materials`?"));
    }

    #[test]
    fn summary_counts_in_each_language() {
        let mut list = Diagnostics::new();
        let loc = Location::file("x");
        list.push(Diagnostic::error("E001", loc.clone(), msg!("a", "a", "a")));
        list.push(Diagnostic::warning("W101", loc, msg!("b", "b", "b")));
        assert_eq!(summary(&list, 3, Lang::En), "1 error, 1 warning in 3 files");
        assert_eq!(
            summary(&list, 3, Lang::ZhCn),
            "3 个文件中有 1 个错误、1 个警告"
        );
    }
}
