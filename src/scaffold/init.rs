//! `gongshi init DIR`: a new site that builds at once. The sample site is real files in
//! `src/scaffold/sample/` (one set in Chinese, one in English), compiled into the binary like
//! the default theme and loaded by a test, so it can never use a key the loader refuses.

use std::io::Cursor;
use std::path::{Path, PathBuf};

use super::Error;
use crate::diag::Lang;
use crate::msg;

macro_rules! sample {
    ($($name:literal),* $(,)?) => {
        /// The Chinese sample site (zh-CN and zh-TW sites), by path relative to the new site.
        const CHINESE: &[(&str, &[u8])] = &[$(($name, include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/src/scaffold/sample/zh/", $name)) as &[u8])),*];
        /// The English sample site.
        const ENGLISH: &[(&str, &[u8])] = &[$(($name, include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/src/scaffold/sample/en/", $name)) as &[u8])),*];
    };
}

sample![
    "site.yaml",
    "content/windows/general.yaml",
    "content/items/sample-item.yaml",
    "content/staff/sample-staff.yaml",
    "content/rules/first-inquiry.md",
    "content/rules/one-time-notice.md",
    "content/rules/time-limit.md",
    "content/rules/service-commitment.md",
    "content/rules/accountability.md",
];

/// The language line of the Chinese sample's site.yaml, rewritten for a zh-TW site.
const CHINESE_LANGUAGE_LINE: &str = "语言: zh-CN";

/// The date the sample item is written with; `init` dates it today instead.
const SAMPLE_DATE: &str = "2026-01-01";

/// Where the placeholder photo goes (the sample staff member's `photo`).
const PHOTO: &str = "content/photos/sample-staff.jpg";

/// The files of the sample site for `lang`, by path relative to the new site.
pub fn sample_files(lang: Lang) -> Vec<(&'static str, Vec<u8>)> {
    let set = if lang.is_chinese() { CHINESE } else { ENGLISH };
    let mut files: Vec<(&str, Vec<u8>)> = set
        .iter()
        .map(|(path, bytes)| {
            let bytes = if *path == "site.yaml" && lang.is_chinese() {
                let line = format!("语言: {}", lang.tag());
                String::from_utf8_lossy(bytes)
                    .replace(CHINESE_LANGUAGE_LINE, &line)
                    .into_bytes()
            } else if path.starts_with("content/items/") {
                let today = crate::content::Date::today().to_string();
                String::from_utf8_lossy(bytes)
                    .replace(SAMPLE_DATE, &today)
                    .into_bytes()
            } else {
                bytes.to_vec()
            };
            (*path, bytes)
        })
        .collect();
    files.push((PHOTO, placeholder_photo()));
    files
}

/// Makes a new site in `dir` (which must be absent or empty): a commented site.yaml, one
/// window, one item, one staff member with a placeholder photo and the five default rules.
/// Returns the files written.
pub fn init(dir: &Path, lang: Lang) -> Result<Vec<PathBuf>, Error> {
    let io = |path: &Path, e: std::io::Error| Error::cannot_write(path, &e, lang);
    if dir.exists() {
        let mut entries = std::fs::read_dir(dir).map_err(|e| io(dir, e))?;
        if entries.next().is_some() {
            let d = dir.display();
            return Err(Error::new(
                1,
                msg!(
                    "{d} is not empty; `gongshi init` only writes into a new or empty folder",
                    "{d} 不是空文件夹；`gongshi init` 只在新的或空的文件夹中新建站点",
                    "{d} 不是空資料夾；`gongshi init` 只在新的或空的資料夾中新建站點"
                ),
                lang,
            ));
        }
    }
    let mut written = Vec::new();
    for (rel, bytes) in sample_files(lang) {
        let path = dir.join(rel);
        crate::output::write_new_file(&path, &bytes).map_err(|e| io(&path, e))?;
        written.push(path);
    }
    Ok(written)
}

/// A 300×400 neutral grey JPEG with a lighter head-and-shoulders shape, standing in for a
/// staff photo until the real one is added.
pub fn placeholder_photo() -> Vec<u8> {
    let (w, h) = (300u32, 400u32);
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        let (fx, fy) = (x as f32, y as f32);
        let head = ((fx - 150.0) / 62.0).powi(2) + ((fy - 150.0) / 75.0).powi(2) <= 1.0;
        let shoulders =
            fy > 250.0 && ((fx - 150.0) / 130.0).powi(2) + ((fy - 400.0) / 140.0).powi(2) <= 1.0;
        if head || shoulders {
            image::Rgb([205, 208, 212])
        } else {
            image::Rgb([150, 155, 162])
        }
    });
    let mut bytes = Cursor::new(Vec::new());
    // Encoding an in-memory RGB image cannot fail; fall back to nothing rather than panic.
    let _ = img.write_to(&mut bytes, image::ImageFormat::Jpeg);
    bytes.into_inner()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholder_is_a_jpeg() {
        let bytes = placeholder_photo();
        assert!(bytes.starts_with(&[0xFF, 0xD8]));
        assert!(bytes.len() > 500);
    }

    #[test]
    fn the_sample_site_loads_without_a_single_problem_in_every_language() {
        for lang in Lang::ALL {
            let dir = tempfile::tempdir().expect("temp dir");
            let written = init(dir.path(), lang).expect("init");
            assert_eq!(written.len(), CHINESE.len() + 1);
            let checked = crate::load_and_check(dir.path()).expect("a site");
            let problems: Vec<String> = checked
                .diagnostics
                .iter()
                .map(|d| format!("{} {}: {}", d.code, d.location.file, d.message.text(lang)))
                .collect();
            assert!(problems.is_empty(), "{lang:?}: {problems:#?}");
            assert_eq!(checked.site.config.language, lang);
            assert_eq!(checked.site.items.len(), 1);
            assert_eq!(checked.site.rules.len(), 5);
            assert!(checked.site.staff[0].photo.is_some());
        }
    }
}
