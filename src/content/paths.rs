//! Resolves file paths written in content (photos, forms) inside `content/`, refusing any
//! path that leaves it: `..`, absolute paths, drive letters and symlinks pointing outside.

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use crate::content::model::{Asset, At};
use crate::content::reader::Reader;
use crate::content::yaml::Pos;
use crate::diag::Diagnostic;
use crate::msg;

/// The site's `content/` folder, canonicalised once, and the paths resolved in it so far
/// (a load resolves the same few forms and photos for thousands of records; each resolution
/// asks the file system for every folder on the way).
pub struct ContentRoot {
    root: PathBuf,
    resolved: Mutex<HashMap<String, Result<PathBuf, Problem>>>,
}

impl ContentRoot {
    /// The content folder of a site (it must exist).
    pub fn new(content_dir: &Path) -> Self {
        let root = content_dir
            .canonicalize()
            .unwrap_or_else(|_| content_dir.to_path_buf());
        ContentRoot {
            root,
            resolved: Mutex::new(HashMap::new()),
        }
    }

    /// Resolves `written` (relative to `content/`) and reports a missing file or one that
    /// leaves `content/`.
    pub fn resolve(&self, written: &str, pos: Pos, reader: &mut Reader) -> Asset {
        let path = At::new(written.to_string(), pos);
        let resolved = match self.check_once(written) {
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

    /// True when `path` (a link or a file) really lies inside `content/` once every
    /// symbolic link on the way is followed.
    pub fn holds(&self, path: &Path) -> bool {
        path.canonicalize()
            .is_ok_and(|real| real.starts_with(&self.root))
    }

    /// [`Self::check`], asked of the file system once per written path.
    fn check_once(&self, written: &str) -> Result<PathBuf, Problem> {
        let cached = self
            .resolved
            .lock()
            .ok()
            .and_then(|map| map.get(written).cloned());
        if let Some(answer) = cached {
            return answer;
        }
        let answer = self.check(written);
        // Bounded: a site writes a few dozen distinct paths; a long-lived root (the fuzzers')
        // must not grow without end.
        if let Ok(mut map) = self.resolved.lock()
            && map.len() < 4096
        {
            map.insert(written.to_string(), answer.clone());
        }
        answer
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

#[derive(Clone)]
enum Problem {
    Outside,
    Missing,
}

/// Why a record id (a content file's name without its extension, which becomes an output
/// folder and a URL) cannot be used. The one owner of "is this id a safe file name": the
/// loader, `gongshi new` and `gongshi import` all ask [`id_problem`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdProblem {
    /// Empty, `.` or `..`.
    DotOrEmpty,
    /// A character no file system or URL path takes safely: `/ \ : * ? " < > |`, NUL,
    /// control characters, or a bidirectional override that makes a name read differently.
    Character(char),
    /// A name Windows reserves (CON, PRN, AUX, NUL, COM1–COM9, LPT1–LPT9), in any case,
    /// with or without an extension.
    Reserved(String),
    /// Ends in a dot or a space (Windows drops them, so two ids would meet).
    TrailingDotOrSpace,
}

/// The problem that makes `id` unusable as a file and folder name on Linux, Windows and
/// macOS alike, or `None` when it is safe. Chinese ids are fine.
pub fn id_problem(id: &str) -> Option<IdProblem> {
    if id.is_empty() || id == "." || id == ".." {
        return Some(IdProblem::DotOrEmpty);
    }
    if let Some(c) = id.chars().find(|&c| unsafe_in_name(c)) {
        return Some(IdProblem::Character(c));
    }
    if is_reserved_name(id) {
        let stem = id.split('.').next().unwrap_or(id).trim_end();
        return Some(IdProblem::Reserved(stem.to_string()));
    }
    if id.ends_with(['.', ' ']) {
        return Some(IdProblem::TrailingDotOrSpace);
    }
    None
}

/// True for characters that may not appear in an id or an output path segment.
pub fn unsafe_in_name(c: char) -> bool {
    c.is_control()
        || "/\\:*?\"<>|".contains(c)
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
}

/// True for names Windows reserves for devices (`CON`, `con.txt`, `Com1.yaml`, `LPT9 .md`):
/// such a file or folder cannot be made or opened there.
pub fn is_reserved_name(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or(name).trim_end_matches(' ');
    let upper = stem.to_ascii_uppercase();
    match upper.as_str() {
        "CON" | "PRN" | "AUX" | "NUL" => true,
        _ => {
            let b = upper.as_bytes();
            b.len() == 4
                && (upper.starts_with("COM") || upper.starts_with("LPT"))
                && (b'1'..=b'9').contains(&b[3])
        }
    }
}

/// The key under which two ids meet on a case-insensitive disk (Windows, macOS).
pub fn case_key(id: &str) -> Cow<'_, str> {
    // Most ids are lower-case ASCII already: then the key is the id itself.
    if id.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
        Cow::Borrowed(id)
    } else {
        Cow::Owned(id.to_lowercase())
    }
}

/// The error for a content file whose name is not a safe id (E130): names the file, the id
/// and why, and suggests a name.
pub fn unsafe_id_diagnostic(file: &str, id: &str, problem: &IdProblem) -> Diagnostic {
    let shown: String = id.escape_debug().collect();
    let why = match problem {
        IdProblem::DotOrEmpty => msg!(
            "it is empty or only dots",
            "它是空的或只有点号",
            "它是空的或只有點號"
        ),
        IdProblem::Character(c) => {
            let code = format!("U+{:04X}", u32::from(*c));
            msg!(
                "it contains the character {code}, which file systems or addresses do not take",
                "其中含有字符 {code}，文件系统或网址不接受它",
                "其中含有字元 {code}，檔案系統或網址不接受它"
            )
        }
        IdProblem::Reserved(stem) => msg!(
            "`{stem}` is a device name reserved by Windows; such a file cannot be made there",
            "“{stem}”是 Windows 保留的设备名，在 Windows 上无法建立这样的文件",
            "「{stem}」是 Windows 保留的裝置名稱，在 Windows 上無法建立這樣的檔案"
        ),
        IdProblem::TrailingDotOrSpace => msg!(
            "it ends in a dot or a space, which Windows drops",
            "它以点号或空格结尾，Windows 会去掉它们",
            "它以點號或空格結尾，Windows 會去掉它們"
        ),
    };
    let (en, zh, tw) = (
        why.text(crate::diag::Lang::En),
        why.text(crate::diag::Lang::ZhCn),
        why.text(crate::diag::Lang::ZhTw),
    );
    Diagnostic::error(
        "E130",
        crate::diag::Location::file(file),
        msg!(
            "the file name gives the id `{shown}`, which is not a safe file name: {en}",
            "文件名得出的编号“{shown}”不能安全地用作文件名：{zh}",
            "檔名得出的編號「{shown}」不能安全地用作檔名：{tw}"
        ),
    )
    .with_help(msg!(
        "rename the file: the id becomes a folder and an address, so use letters, digits and hyphens, e.g. gjj-withdraw.yaml",
        "请重命名该文件：编号会成为文件夹名和网址，请只用字母、数字和连字符，如 gjj-withdraw.yaml",
        "請重新命名該檔案：編號會成為資料夾名和網址，請只用字母、數字和連字號，如 gjj-withdraw.yaml"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_record_gets_its_own_answer_when_a_path_is_resolved_again() {
        let dir = tempfile::tempdir().expect("temp dir");
        let content = dir.path().join("content");
        std::fs::create_dir_all(content.join("forms")).expect("forms");
        std::fs::write(content.join("forms/a.pdf"), b"%PDF").expect("write");
        let root = ContentRoot::new(&content);
        let mut reader = Reader::new("content/items/x.yaml");
        for _ in 0..2 {
            let found = root.resolve("forms/a.pdf", Pos::default(), &mut reader);
            assert!(found.resolved.is_some_and(|p| p.ends_with("forms/a.pdf")));
            let missing = root.resolve("forms/b.pdf", Pos::default(), &mut reader);
            assert!(missing.resolved.is_none());
            let outside = root.resolve("../site.yaml", Pos::default(), &mut reader);
            assert!(outside.resolved.is_none());
        }
        let codes: Vec<&str> = reader.diags.iter().map(|d| d.code).collect();
        assert_eq!(codes, ["E016", "E017", "E016", "E017"]);
    }

    #[test]
    fn ids_that_are_not_safe_file_names() {
        for good in [
            "gjj-withdraw",
            "公积金提取",
            "a.b",
            "con-x",
            "com10",
            "lpt0",
            "a_1",
        ] {
            assert_eq!(id_problem(good), None, "{good}");
        }
        for (bad, problem) in [
            ("", IdProblem::DotOrEmpty),
            ("..", IdProblem::DotOrEmpty),
            ("a/b", IdProblem::Character('/')),
            ("a\\..\\b", IdProblem::Character('\\')),
            ("a\0b", IdProblem::Character('\0')),
            ("a\u{7}b", IdProblem::Character('\u{7}')),
            ("a\u{202E}gpj", IdProblem::Character('\u{202E}')),
            ("C:x", IdProblem::Character(':')),
            ("CON", IdProblem::Reserved("CON".into())),
            ("con", IdProblem::Reserved("con".into())),
            ("Aux.txt", IdProblem::Reserved("Aux".into())),
            ("nul ", IdProblem::Reserved("nul".into())),
            ("com1", IdProblem::Reserved("com1".into())),
            ("LPT9.x", IdProblem::Reserved("LPT9".into())),
            ("prn", IdProblem::Reserved("prn".into())),
            ("a.", IdProblem::TrailingDotOrSpace),
            ("a ", IdProblem::TrailingDotOrSpace),
        ] {
            assert_eq!(id_problem(bad), Some(problem), "{bad:?}");
        }
        assert_eq!(case_key("GJJ"), case_key("gjj"));
        // Lower-case ASCII is its own key; any other letters are folded.
        assert!(matches!(
            case_key("gjj-withdraw"),
            Cow::Borrowed("gjj-withdraw")
        ));
        assert_eq!(case_key("Ärzte-ΣΑ"), case_key("ärzte-σα"));
        assert_ne!(case_key("gjj-1"), case_key("gjj-2"));
    }
}
