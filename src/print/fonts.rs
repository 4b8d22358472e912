//! Fonts for printing: the family bundled in the binary, the site's `fonts/` folder and
//! the installed (system) fonts, found once per print run and shared by every sheet.

use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock};

use typst::foundations::Bytes;
use typst::text::{Font, FontBook, FontInfo};
use typst::utils::LazyHash;
use typst_kit::fonts::FontSource;

/// The CJK family that ships inside gongshi and is the default print font: Noto Sans SC
/// (SIL Open Font License 1.1), regular and bold, subset by `scripts/make-bundled-font.py`
/// to GB 2312 (GB 18030 level-1 and level-2 Hanzi), Latin and common punctuation.
pub const BUNDLED_FAMILY: &str = "Noto Sans SC";

/// The bundled font files (themes/default/fonts/), regular and bold.
const BUNDLED_FILES: [&[u8]; 2] = [
    include_bytes!("../../themes/default/fonts/NotoSansSC-Regular.ttf"),
    include_bytes!("../../themes/default/fonts/NotoSansSC-Bold.ttf"),
];

/// The bundled fonts, parsed once per process.
static BUNDLED: LazyLock<Vec<Font>> = LazyLock::new(|| {
    BUNDLED_FILES
        .iter()
        .flat_map(|data| Font::iter(Bytes::new(*data)))
        .collect()
});

/// Installed font families `print.fonts: system` uses, best first, when present.
pub const PREFERRED_FAMILIES: [&str; 6] = [
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Microsoft YaHei",
    "PingFang SC",
    "SimSun",
    "Noto Serif CJK SC",
];

/// Characters a font must cover to count as a Chinese (CJK) font.
const CJK_PROBE: [char; 3] = ['中', '国', '办'];

/// Which fonts print the text (`print.fonts` in site.yaml).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum FontChoice {
    /// The bundled family: the same PDFs on every machine (the default).
    #[default]
    Bundled,
    /// The installed CJK fonts ([`PREFERRED_FAMILIES`]), the bundled family after them.
    System,
    /// One font family by name (installed, in the site's `fonts/` or bundled).
    Family(String),
    /// The fonts of a folder (absolute, or relative to the site) lead.
    Folder(PathBuf),
}

impl FontChoice {
    /// Reads a `print.fonts` value: `bundled`/`内置`, `system`/`系统`, a folder (a path
    /// with a slash, or a folder that exists under `site_root`) or else a family name.
    pub fn parse(text: &str, site_root: &Path) -> FontChoice {
        let text = text.trim();
        match text {
            "" | "bundled" | "内置" | "內置" => FontChoice::Bundled,
            "system" | "系统" | "系統" => FontChoice::System,
            _ if text.contains(['/', '\\']) || site_root.join(text).is_dir() => {
                FontChoice::Folder(site_root.join(text))
            }
            _ => FontChoice::Family(text.to_string()),
        }
    }

    /// A short stable description for hashes and messages (`bundled`, `family:SimSun`).
    pub fn describe(&self) -> String {
        match self {
            FontChoice::Bundled => "bundled".into(),
            FontChoice::System => "system".into(),
            FontChoice::Family(f) => format!("family:{f}"),
            FontChoice::Folder(p) => format!("folder:{}", p.display()),
        }
    }
}

/// Why a [`FontChoice`] cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FontChoiceError {
    /// No font of this family was found anywhere.
    UnknownFamily(String),
    /// The folder does not exist or holds no font.
    EmptyFolder(PathBuf),
}

impl std::fmt::Display for FontChoiceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FontChoiceError::UnknownFamily(family) => {
                write!(f, "no font of the family `{family}` was found")
            }
            FontChoiceError::EmptyFolder(dir) => {
                write!(f, "the folder {} holds no font file", dir.display())
            }
        }
    }
}

impl std::error::Error for FontChoiceError {}

/// Fonts found once per process or build and shared by all sheets.
///
/// A family comes from the first source that has it: the chosen folder, the site's
/// `fonts/`, the bundled family, then the installed fonts; so a site's own font wins
/// where a template names its family, and no installed copy of the bundled family can
/// change the output. Installed fonts fill in characters the chosen fonts lack.
///
/// Scanning is slow (it reads every font's header); loading is lazy: a font file is
/// read only when a sheet first uses it, then kept for the life of the store. Cloning
/// is cheap (an `Arc`), and the store is `Send + Sync`, so parallel renders share it.
#[derive(Clone)]
pub struct FontStore {
    inner: Arc<Inner>,
}

struct Inner {
    fonts: typst_kit::fonts::FontStore,
    /// Families for `text(font: ..)`, best first.
    default_families: Vec<String>,
    /// The choice, for hashes.
    choice: String,
    has_cjk: bool,
}

/// Collects fonts source by source, keeping each family from its first source.
struct Collector {
    fonts: typst_kit::fonts::FontStore,
    /// Lower-case families of the sources added so far.
    taken: Vec<String>,
}

impl Collector {
    /// Adds one source; returns its CJK families in order.
    fn add<T: FontSource>(&mut self, source: Vec<(T, FontInfo)>) -> Vec<String> {
        let mut families: Vec<String> = Vec::new();
        let mut keep = Vec::new();
        for (font, info) in source {
            let lower = info.family.to_lowercase();
            if self.taken.contains(&lower) {
                continue;
            }
            if is_cjk(&info) && !families.contains(&info.family) {
                families.push(info.family.clone());
            }
            keep.push((font, info));
        }
        for (_, info) in &keep {
            let lower = info.family.to_lowercase();
            if !self.taken.contains(&lower) {
                self.taken.push(lower);
            }
        }
        self.fonts.extend(keep);
        families
    }
}

/// Font files under `dir` (recursively), in a stable order.
fn scan_dir(dir: &Path) -> Vec<(typst_kit::fonts::FontPath, FontInfo)> {
    let mut found: Vec<_> = typst_kit::fonts::scan(dir).collect();
    // The scan order depends on the file system; sort for stable output.
    found.sort_by(|a, b| (&a.0.path, a.0.index).cmp(&(&b.0.path, b.0.index)));
    found
}

impl FontStore {
    /// The fonts for `choice`: the site's font folders (`site_dirs`, usually its
    /// `fonts/`), the bundled family and, when `system` is true, the installed fonts.
    pub fn new(
        choice: &FontChoice,
        site_dirs: &[PathBuf],
        system: bool,
    ) -> Result<FontStore, FontChoiceError> {
        let mut collector = Collector {
            fonts: typst_kit::fonts::FontStore::new(),
            taken: Vec::new(),
        };
        let mut folder_families = Vec::new();
        if let FontChoice::Folder(dir) = choice {
            let found = scan_dir(dir);
            if found.is_empty() {
                return Err(FontChoiceError::EmptyFolder(dir.clone()));
            }
            let all: Vec<String> = found.iter().map(|(_, i)| i.family.clone()).collect();
            let cjk = collector.add(found);
            // A folder without a CJK font still leads with its own families.
            folder_families = if cjk.is_empty() { all } else { cjk };
            folder_families.dedup();
        }
        let mut site_families = Vec::new();
        for dir in site_dirs {
            site_families.extend(collector.add(scan_dir(dir)));
        }
        let bundled = BUNDLED
            .iter()
            .map(|font| (font.clone(), font.info().clone()))
            .collect();
        collector.add(bundled);
        if system {
            let mut found: Vec<_> = typst_kit::fonts::system().collect();
            found.sort_by(|a, b| (&a.0.path, a.0.index).cmp(&(&b.0.path, b.0.index)));
            collector.add(found);
        }

        let book = collector.fonts.book();
        let has_family = |family: &str| book.contains_family(&family.to_lowercase());
        let mut families: Vec<String> = match choice {
            FontChoice::Bundled => vec![],
            FontChoice::System => {
                let mut list = site_families;
                for family in PREFERRED_FAMILIES {
                    if has_family(family) && !list.iter().any(|f| f.eq_ignore_ascii_case(family)) {
                        list.push(family.to_string());
                    }
                }
                list
            }
            FontChoice::Family(family) => {
                if !has_family(family) {
                    return Err(FontChoiceError::UnknownFamily(family.clone()));
                }
                vec![family.clone()]
            }
            FontChoice::Folder(_) => folder_families,
        };
        if !families
            .iter()
            .any(|f| f.eq_ignore_ascii_case(BUNDLED_FAMILY))
        {
            families.push(BUNDLED_FAMILY.to_string());
        }
        Ok(Self::finish(collector.fonts, families, choice.describe()))
    }

    /// The bundled family alone (no site or installed fonts): what a machine without
    /// any font prints with.
    pub fn bundled() -> FontStore {
        let mut fonts = typst_kit::fonts::FontStore::new();
        fonts.extend(BUNDLED.iter().map(|f| (f.clone(), f.info().clone())));
        Self::finish(fonts, vec![BUNDLED_FAMILY.to_string()], "bundled".into())
    }

    /// A store from fonts already in memory (tests, or fonts embedded elsewhere); their
    /// CJK families are the default, in order.
    pub fn from_fonts(list: impl IntoIterator<Item = Font>) -> FontStore {
        let mut fonts = typst_kit::fonts::FontStore::new();
        let mut families = Vec::new();
        for font in list {
            let info = font.info().clone();
            if is_cjk(&info) && !families.contains(&info.family) {
                families.push(info.family.clone());
            }
            fonts.push((font, info));
        }
        let choice = format!("fonts:{}", families.join(","));
        Self::finish(fonts, families, choice)
    }

    fn finish(
        fonts: typst_kit::fonts::FontStore,
        default_families: Vec<String>,
        choice: String,
    ) -> FontStore {
        let has_cjk = book_infos(fonts.book()).any(is_cjk);
        FontStore {
            inner: Arc::new(Inner {
                fonts,
                default_families,
                choice,
                has_cjk,
            }),
        }
    }

    /// Whether any font covers common Chinese characters (中, 国, 办).
    pub fn has_cjk(&self) -> bool {
        self.inner.has_cjk
    }

    /// All font family names, sorted.
    pub fn families(&self) -> Vec<String> {
        let mut families: Vec<String> = self
            .book()
            .families()
            .map(|(name, _)| name.to_string())
            .collect();
        families.sort();
        families.dedup();
        families
    }

    /// The family list templates get as their default text font (`fonts` in
    /// `gongshi.typ`), best first. Characters none of them has come from any other
    /// font in the store (Typst's fallback).
    pub fn default_families(&self) -> Vec<String> {
        if self.inner.default_families.is_empty() {
            PREFERRED_FAMILIES.iter().map(|f| f.to_string()).collect()
        } else {
            self.inner.default_families.clone()
        }
    }

    /// What the store was made for (`bundled`, `system`, `family:…`), for content hashes.
    pub fn choice(&self) -> &str {
        &self.inner.choice
    }

    /// Whether the store holds no font at all.
    pub fn is_empty(&self) -> bool {
        self.book().families().next().is_none()
    }

    /// Metadata of all fonts, for [`typst::World::book`].
    pub(crate) fn book(&self) -> &LazyHash<FontBook> {
        self.inner.fonts.book()
    }

    /// The font at `index` in the book, loaded on first use.
    pub(crate) fn font(&self, index: usize) -> Option<Font> {
        self.inner.fonts.font(index)
    }
}

impl std::fmt::Debug for FontStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FontStore")
            .field("choice", &self.choice())
            .field("families", &self.families().len())
            .field("has_cjk", &self.has_cjk())
            .field("default_families", &self.default_families())
            .finish()
    }
}

fn is_cjk(info: &FontInfo) -> bool {
    CJK_PROBE.iter().all(|&c| info.coverage.contains(c as u32))
}

fn book_infos(book: &FontBook) -> impl Iterator<Item = &FontInfo> {
    (0..).map_while(|i| book.info(i))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every character the default theme prints (labels, templates) is in both bundled
    /// faces, so no sheet of a default site falls back to an installed font.
    #[test]
    fn the_bundled_font_has_every_character_of_the_default_theme() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        let mut missing = std::collections::BTreeSet::new();
        for entry in walkdir::WalkDir::new(&root)
            .into_iter()
            .filter_map(Result::ok)
        {
            let path = entry.path();
            let text = match path.extension().and_then(|e| e.to_str()) {
                Some("json" | "typ" | "html") => std::fs::read_to_string(path).expect("read"),
                _ => continue,
            };
            for font in BUNDLED.iter() {
                let coverage = &font.info().coverage;
                for c in text.chars().filter(|c| !c.is_control()) {
                    if !coverage.contains(c as u32) {
                        missing.insert((c, path.strip_prefix(&root).unwrap_or(path).to_owned()));
                    }
                }
            }
        }
        assert_eq!(BUNDLED.len(), 2, "regular and bold");
        assert!(missing.is_empty(), "not in the bundled font: {missing:?}");
    }
}
