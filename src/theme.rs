//! Finds templates, static files and UI labels: a single template in the site's `templates/`
//! first, then the site's `themes/<theme>/`, then the default theme compiled into the binary.
//! Themes are not content: reading them here keeps the render stage free of disk access.

// `Diagnostic` is the crate's error type everywhere; boxing it here alone would not help.
#![allow(clippy::result_large_err)]

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Lang, Location};
use crate::msg;

macro_rules! embedded {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/", $name)) as &[u8])),*]
    };
}

/// The default theme's files, relative to `themes/default/`.
const DEFAULT: &[(&str, &[u8])] = embedded![
    "templates/base.html",
    "templates/_person.html",
    "templates/_entry.html",
    "templates/home.html",
    "templates/window.html",
    "templates/item.html",
    "templates/staff.html",
    "templates/rule.html",
    "templates/notices.html",
    "templates/notice.html",
    "templates/page.html",
    "templates/search.html",
    "templates/audience.html",
    "templates/topic.html",
    "templates/department.html",
    "templates/_items.html",
    "templates/_pager.html",
    "templates/404.html",
    "templates/print.html",
    "templates/audit.html",
    "templates/_audit_section.html",
    "templates/data.html",
    "static/style.css",
    "static/elder.css",
    "static/police.svg",
    "static/search.js",
    "i18n/zh-CN.json",
    "i18n/zh-TW.json",
    "i18n/en.json",
    "theme.json",
    "print/common.typ",
    "print/window_board.typ",
    "print/guide.typ",
    "print/handout.typ",
    "print/staff_card.typ",
    "print/window_sign.typ",
    "print/staff_board.typ",
    "print/fee_board.typ",
    "print/evaluation_placard.typ",
    "print/flow_poster.typ",
    "print/order.typ",
    "print/audit.typ",
];

/// Where a theme file came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Compiled into the binary (`themes/default/…`).
    Embedded(&'static str),
    /// A file of the site (`templates/…` or `themes/<name>/…`), relative to the site folder.
    Site(String),
}

impl Origin {
    /// A printable name for messages.
    pub fn display(&self) -> String {
        match self {
            Origin::Embedded(p) => format!("themes/default/{p} (built in)"),
            Origin::Site(p) => p.clone(),
        }
    }

    /// The path relative to the site folder, for diagnostics.
    pub fn location(&self) -> Location {
        match self {
            Origin::Embedded(p) => Location::file(format!("themes/default/{p}")),
            Origin::Site(p) => Location::file(p.clone()),
        }
    }
}

/// One file of the theme.
#[derive(Debug, Clone)]
pub struct ThemeFile {
    /// Where it came from.
    pub origin: Origin,
    /// Its bytes.
    pub bytes: Cow<'static, [u8]>,
}

/// The resolved theme: every template, static file and label set, after overrides.
#[derive(Debug, Clone, Default)]
pub struct Theme {
    templates: BTreeMap<String, ThemeFile>,
    statics: BTreeMap<String, ThemeFile>,
    prints: BTreeMap<String, ThemeFile>,
    labels: BTreeMap<String, BTreeMap<String, String>>,
    label_origins: BTreeMap<String, Origin>,
    settings: Settings,
}

/// Layout settings of a theme (`theme.json`), merged key by key over the default theme's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settings {
    /// Items per page of a list (window, topic, department): longer lists are paginated.
    pub page_size: usize,
}

impl Default for Settings {
    fn default() -> Self {
        Settings { page_size: 30 }
    }
}

/// The largest page size a theme may set: a page of a list stays a page.
pub const MAX_PAGE_SIZE: usize = 500;

/// Reads `theme.json` over `base`; the message says what is wrong.
fn parse_settings(bytes: &[u8], base: Settings) -> Result<Settings, String> {
    let value: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
    let map = value
        .as_object()
        .ok_or_else(|| "not a JSON object".to_string())?;
    let mut settings = base;
    for (key, v) in map {
        match key.as_str() {
            "page_size" => {
                settings.page_size = v
                    .as_u64()
                    .filter(|n| (1..=MAX_PAGE_SIZE as u64).contains(n))
                    .ok_or_else(|| {
                        format!("page_size must be a whole number from 1 to {MAX_PAGE_SIZE}")
                    })? as usize;
            }
            other => return Err(format!("unknown setting `{other}` (known: page_size)")),
        }
    }
    Ok(settings)
}

impl Theme {
    /// The default theme alone (no site overrides).
    pub fn builtin() -> Theme {
        let mut theme = Theme::default();
        for (path, bytes) in DEFAULT {
            let file = ThemeFile {
                origin: Origin::Embedded(path),
                bytes: Cow::Borrowed(bytes),
            };
            theme.insert(path, file);
        }
        theme
    }

    fn insert(&mut self, path: &str, file: ThemeFile) {
        if path == SETTINGS_FILE {
            if let Ok(settings) = parse_settings(&file.bytes, self.settings) {
                self.settings = settings;
            }
            return;
        }
        let print = path
            .strip_prefix("print/")
            .or_else(|| path.strip_prefix("templates/print/"));
        if let Some(name) = print {
            self.prints.insert(name.to_string(), file);
        } else if let Some(name) = path.strip_prefix("templates/") {
            self.templates.insert(name.to_string(), file);
        } else if let Some(name) = path.strip_prefix("static/") {
            self.statics.insert(name.to_string(), file);
        } else if let Some(name) = path
            .strip_prefix("i18n/")
            .and_then(|n| n.strip_suffix(".json"))
        {
            // Labels are merged key by key so a theme may override a few of them.
            let parsed: Result<BTreeMap<String, String>, _> = serde_json::from_slice(&file.bytes);
            if let Ok(map) = parsed {
                self.labels.entry(name.to_string()).or_default().extend(map);
            }
            self.label_origins.insert(name.to_string(), file.origin);
        }
    }

    /// The theme for the site in `root`: its `templates/` files, then `themes/<name>/`, then
    /// the default. Fails when the named theme folder does not exist or a label file is not JSON.
    pub fn load(root: &Path, name: Option<&str>) -> Result<Theme, Diagnostic> {
        let mut theme = Theme::builtin();
        if let Some(name) = name {
            let dir = root.join("themes").join(name);
            if !dir.is_dir() {
                return Err(Diagnostic::error(
                    "E040",
                    Location::file("site.yaml"),
                    msg!(
                        "theme `{name}` not found: there is no folder themes/{name}/",
                        "找不到主题“{name}”：没有 themes/{name}/ 文件夹",
                        "找不到主題「{name}」：沒有 themes/{name}/ 資料夾"
                    ),
                ));
            }
            for (rel, path) in files_under(&dir) {
                let site_rel = format!("themes/{name}/{rel}");
                let file = read(&path, site_rel)?;
                check_labels(&rel, &file)?;
                check_settings(&rel, &file, theme.settings)?;
                theme.insert(&rel, file);
            }
        }
        let single = root.join("templates");
        for (rel, path) in files_under(&single) {
            let file = read(&path, format!("templates/{rel}"))?;
            theme.insert(&format!("templates/{rel}"), file);
        }
        Ok(theme)
    }

    /// Every template by name (`item.html`).
    pub fn templates(&self) -> impl Iterator<Item = (&str, &ThemeFile)> {
        self.templates.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// One template.
    pub fn template(&self, name: &str) -> Option<&ThemeFile> {
        self.templates.get(name)
    }

    /// Every static file by path under `static/` (`style.css`).
    pub fn statics(&self) -> impl Iterator<Item = (&str, &ThemeFile)> {
        self.statics.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// A print template (`handout.typ`), site override first.
    pub fn print_template(&self, name: &str) -> Option<&ThemeFile> {
        self.prints.get(name)
    }

    /// Layout settings (`theme.json`).
    pub fn settings(&self) -> Settings {
        self.settings
    }

    /// UI labels for a language, falling back to zh-CN for missing keys.
    pub fn labels(&self, lang: Lang) -> crate::present::Labels {
        let mut out = self.labels.get("zh-CN").cloned().unwrap_or_default();
        if let Some(own) = self.labels.get(lang.tag()) {
            out.extend(own.iter().map(|(k, v)| (k.clone(), v.clone())));
        }
        out
    }
}

/// The theme's settings file, at the root of the theme folder.
const SETTINGS_FILE: &str = "theme.json";

fn check_settings(rel: &str, file: &ThemeFile, base: Settings) -> Result<(), Diagnostic> {
    if rel != SETTINGS_FILE {
        return Ok(());
    }
    parse_settings(&file.bytes, base).map(|_| ()).map_err(|e| {
        Diagnostic::error(
            "E071",
            file.origin.location(),
            msg!(
                "theme settings: {e}",
                "主题设置有误：{e}",
                "主題設定有誤：{e}"
            ),
        )
    })
}

fn check_labels(rel: &str, file: &ThemeFile) -> Result<(), Diagnostic> {
    if rel.starts_with("i18n/") && rel.ends_with(".json") {
        let parsed: Result<BTreeMap<String, String>, _> = serde_json::from_slice(&file.bytes);
        if let Err(e) = parsed {
            return Err(Diagnostic::error(
                "E041",
                file.origin.location(),
                msg!(
                    "label file is not a JSON object of strings: {e}",
                    "界面文字文件不是字符串组成的 JSON 对象：{e}",
                    "介面文字檔不是字串組成的 JSON 物件：{e}"
                ),
            ));
        }
    }
    Ok(())
}

fn read(path: &Path, site_rel: String) -> Result<ThemeFile, Diagnostic> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(ThemeFile {
            origin: Origin::Site(site_rel),
            bytes: Cow::Owned(bytes),
        }),
        Err(e) => Err(Diagnostic::error(
            "E042",
            Location::file(site_rel),
            msg!(
                "cannot read theme file: {e}",
                "无法读取主题文件：{e}",
                "無法讀取主題檔案：{e}"
            ),
        )),
    }
}

/// Files under `dir`, as (`/`-separated relative path, full path), sorted; none if missing.
fn files_under(dir: &Path) -> Vec<(String, PathBuf)> {
    let mut out: Vec<(String, PathBuf)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let rel = e.path().strip_prefix(dir).ok()?;
            let parts: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if parts.iter().any(|p| p.starts_with('.')) {
                return None;
            }
            Some((parts.join("/"), e.path().to_path_buf()))
        })
        .collect();
    out.sort();
    out
}

impl crate::print::Templates for Theme {
    fn print_template(&self, name: &str) -> Option<String> {
        Theme::print_template(self, name).map(|f| String::from_utf8_lossy(&f.bytes).into_owned())
    }

    fn labels(&self, lang: Lang) -> crate::present::Labels {
        Theme::labels(self, lang)
    }
}
