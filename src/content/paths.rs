//! Resolves file paths written in content (photos, forms) inside `content/`, refusing any
//! path that leaves it: `..`, absolute paths, drive letters and symlinks pointing outside.

use std::path::{Component, Path, PathBuf};

use crate::content::model::{Asset, At};
use crate::content::reader::Reader;
use crate::content::yaml::Pos;
use crate::diag::Diagnostic;
use crate::msg;

/// The site's `content/` folder, canonicalised once.
pub struct ContentRoot {
    root: PathBuf,
}

impl ContentRoot {
    /// The content folder of a site (it must exist).
    pub fn new(content_dir: &Path) -> Self {
        let root = content_dir
            .canonicalize()
            .unwrap_or_else(|_| content_dir.to_path_buf());
        ContentRoot { root }
    }

    /// Resolves `written` (relative to `content/`) and reports a missing file or one that
    /// leaves `content/`.
    pub fn resolve(&self, written: &str, pos: Pos, reader: &mut Reader) -> Asset {
        let path = At::new(written.to_string(), pos);
        let resolved = match self.check(written) {
            Ok(p) => Some(p),
            Err(Problem::Outside) => {
                reader.diags.push(
                    Diagnostic::error(
                        "E017",
                        reader.at(pos),
                        msg!(
                            "`{written}` points outside the content folder",
                            "路径“{written}”指向了 content 文件夹之外",
                            "路徑「{written}」指向了 content 資料夾之外"
                        ),
                    )
                    .with_help(msg!(
                        "put the file under content/ and write its path relative to content/, e.g. photos/zhang-wei.jpg",
                        "请把文件放到 content/ 下，并写相对 content/ 的路径，如 photos/zhang-wei.jpg",
                        "請把檔案放到 content/ 下，並寫相對 content/ 的路徑，如 photos/zhang-wei.jpg"
                    )),
                );
                None
            }
            Err(Problem::Missing) => {
                reader.diags.push(
                    Diagnostic::error(
                        "E016",
                        reader.at(pos),
                        msg!(
                            "file `{written}` does not exist under content/",
                            "content/ 下找不到文件“{written}”",
                            "content/ 下找不到檔案「{written}」"
                        ),
                    )
                    .with_help(msg!(
                        "check the spelling and the folder; paths are relative to content/",
                        "请检查文件名和文件夹；路径相对于 content/",
                        "請檢查檔名和資料夾；路徑相對於 content/"
                    )),
                );
                None
            }
        };
        Asset { path, resolved }
    }

    fn check(&self, written: &str) -> Result<PathBuf, Problem> {
        let rel = Path::new(written);
        let lexically_inside = !written.contains(':')
            && !written.starts_with('\\')
            && rel
                .components()
                .all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
        if !lexically_inside {
            return Err(Problem::Outside);
        }
        let full = self.root.join(rel);
        let real = full.canonicalize().map_err(|_| {
            // A dangling symlink is still a link that may point outside.
            if full.symlink_metadata().is_ok() {
                Problem::Outside
            } else {
                Problem::Missing
            }
        })?;
        if !real.starts_with(&self.root) {
            return Err(Problem::Outside);
        }
        if !real.is_file() {
            return Err(Problem::Missing);
        }
        Ok(real)
    }
}

enum Problem {
    Outside,
    Missing,
}
