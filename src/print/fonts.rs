//! Font discovery, done once per process and shared by every sheet.

use std::path::PathBuf;
use std::sync::Arc;

use typst::text::{Font, FontBook, FontInfo};
use typst::utils::LazyHash;

/// Font families templates use by default, best first, when they are installed.
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

/// Fonts found once per process or build and shared by all sheets.
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
    /// Families for `text(font: ..)`: the site's own CJK fonts, then the installed
    /// preferred families.
    default_families: Vec<String>,
    has_cjk: bool,
}

impl FontStore {
    /// System fonts (fontconfig/fontdb scan: Noto CJK, Source Han, Microsoft YaHei,
    /// SimSun, PingFang if installed) plus every font file under `extra_dirs` (a
    /// site's `fonts/` folder, searched recursively). The site's fonts come first, so
    /// they win over a system font of the same family.
    pub fn discover(extra_dirs: &[PathBuf]) -> FontStore {
        Self::build(extra_dirs, true)
    }

    /// Fonts from these directories only, without the system scan.
    pub fn from_dirs_only(dirs: &[PathBuf]) -> FontStore {
        Self::build(dirs, false)
    }

    fn build(dirs: &[PathBuf], system: bool) -> FontStore {
        let mut fonts = typst_kit::fonts::FontStore::new();
        let mut site_families = Vec::new();
        for dir in dirs {
            let mut found: Vec<_> = typst_kit::fonts::scan(dir).collect();
            // The scan order depends on the file system; sort for stable output.
            found.sort_by(|a, b| (&a.0.path, a.0.index).cmp(&(&b.0.path, b.0.index)));
            for (path, info) in found {
                if is_cjk(&info) && !site_families.contains(&info.family) {
                    site_families.push(info.family.clone());
                }
                fonts.push((path, info));
            }
        }
        if system {
            let mut found: Vec<_> = typst_kit::fonts::system().collect();
            found.sort_by(|a, b| (&a.0.path, a.0.index).cmp(&(&b.0.path, b.0.index)));
            fonts.extend(found);
        }
        Self::finish(fonts, site_families)
    }

    /// A store from fonts already in memory (e.g. embedded in the binary or in tests).
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
        Self::finish(fonts, families)
    }

    fn finish(fonts: typst_kit::fonts::FontStore, mut default_families: Vec<String>) -> FontStore {
        let book = fonts.book();
        for family in PREFERRED_FAMILIES {
            if book.contains_family(&family.to_lowercase())
                && !default_families
                    .iter()
                    .any(|f| f.eq_ignore_ascii_case(family))
            {
                default_families.push(family.to_string());
            }
        }
        let has_cjk = book_infos(book).any(is_cjk);
        FontStore {
            inner: Arc::new(Inner {
                fonts,
                default_families,
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

    /// The family list templates get as their default text font: the site's own CJK
    /// fonts, then the installed ones of [`PREFERRED_FAMILIES`]. When none is present,
    /// all preferred families (Typst then warns and gongshi reports the missing font).
    pub fn default_families(&self) -> Vec<String> {
        if self.inner.default_families.is_empty() {
            PREFERRED_FAMILIES.iter().map(|f| f.to_string()).collect()
        } else {
            self.inner.default_families.clone()
        }
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
