//! Loading: finds the files of a site, reads them in parallel and builds the [`Site`].
//! This is the only stage that reads content from disk.

use std::io::Read;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::content::config::{self, Config};
use crate::content::controls;
use crate::content::convert::{self, ReadCtx};
use crate::content::model::Source;
use crate::content::paths::{self, ContentRoot};
use crate::content::reader::Reader;
use crate::content::yaml::{self, MAX_FILE_BYTES};
use crate::content::{Kind, Record, Site, Vocabulary};
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::msg;

/// What loading found: the site (possibly partial) and every problem met on the way.
pub struct Loaded {
    /// The model; records with errors are left out.
    pub site: Site,
    /// Problems found while reading.
    pub diagnostics: Diagnostics,
    /// How many files were read.
    pub files: usize,
}

/// Loads the site in `root` (the folder with `site.yaml`).
pub fn load(root: &Path) -> Result<Loaded, Diagnostic> {
    let site_yaml = root.join("site.yaml");
    if !site_yaml.is_file() {
        let dir = root.display();
        return Err(Diagnostic::error(
            "E020",
            Location::file(root.display().to_string()),
            msg!(
                "no site.yaml in {dir}: this is not a gongshi site",
                "{dir} 中没有 site.yaml，不是 gongshi 站点",
                "{dir} 中沒有 site.yaml，不是 gongshi 站點"
            ),
        )
        .with_help(msg!(
            "run `gongshi init DIR` to make a new site, or pass the site folder",
            "运行 `gongshi init 目录` 新建站点，或指定站点所在的文件夹",
            "執行 `gongshi init 目錄` 新建站點，或指定站點所在的資料夾"
        )));
    }
    let content = root.join("content");
    let mut diagnostics = Diagnostics::new();
    let config = load_config(root, &mut diagnostics);
    let croot = ContentRoot::new(&content);
    let files = list_files(&content, &croot, &mut diagnostics);
    let count = files.len() + 1;
    let results: Vec<(Option<Record>, Vec<Diagnostic>)> = files
        .par_iter()
        .map(|(kind, path)| load_one(root, *kind, path, &croot))
        .collect();
    let mut records = Vec::with_capacity(results.len());
    for (record, diags) in results {
        diagnostics.extend(diags.into_iter().collect());
        records.extend(record);
    }
    let site = Site::assemble(root.to_path_buf(), config, records);
    Ok(Loaded {
        site,
        diagnostics,
        files: count,
    })
}

/// Reads `site.yaml` alone (for `serve`, which reloads files one at a time).
pub fn load_site_config(root: &Path) -> (Config, Diagnostics) {
    let mut diagnostics = Diagnostics::new();
    let config = load_config(root, &mut diagnostics);
    (config, diagnostics)
}

/// Lists the content files of a site by kind, in the order [`load`] reads them.
pub fn content_files(root: &Path) -> (Vec<(Kind, PathBuf)>, Diagnostics) {
    let mut diagnostics = Diagnostics::new();
    let content = root.join("content");
    let files = list_files(&content, &ContentRoot::new(&content), &mut diagnostics);
    (files, diagnostics)
}

/// The kind of `path` when [`load`] would read it as a record (it must lie in a kind's
/// folder under `root/content/` and have a content extension); `None` otherwise.
pub fn kind_of(root: &Path, path: &Path) -> Option<Kind> {
    let rel = path.strip_prefix(root.join("content")).ok()?;
    let folder = rel.components().next()?.as_os_str().to_str()?;
    let kind = Kind::from_folder(folder)?;
    let name = path.file_name()?.to_string_lossy();
    if rel.components().count() < 2 || name.starts_with('.') || name.starts_with('~') {
        return None;
    }
    wanted(kind, path).then_some(kind)
}

fn wanted(kind: Kind, path: &Path) -> bool {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "md" => true,
        "yaml" | "yml" => !kind.is_markdown(),
        _ => false,
    }
}

/// Reads one content file into a record (or an unreadable marker) with its problems,
/// exactly as [`load`] does for each file.
pub fn load_file(root: &Path, kind: Kind, path: &Path) -> (Option<Record>, Vec<Diagnostic>) {
    let croot = ContentRoot::new(&root.join("content"));
    if path.is_symlink() && !croot.holds(path) {
        return (None, vec![symlink_leaves(&relative(root, path))]);
    }
    load_one(root, kind, path, &croot)
}

fn load_config(root: &Path, diagnostics: &mut Diagnostics) -> Config {
    let file = "site.yaml";
    let text = match read_text(&root.join(file), file) {
        Ok(t) => t,
        Err(d) => {
            diagnostics.push(d);
            return Config::default();
        }
    };
    let (config, diags) = read_config(&text, file);
    diagnostics.extend(diags.into_iter().collect());
    config
}

/// Reads the text of `site.yaml` (named `file` in messages) into the configuration and its
/// problems; a file that is not YAML gives the default configuration and its error.
pub fn read_config(text: &str, file: &str) -> (Config, Vec<Diagnostic>) {
    match yaml::parse(text, file, 0) {
        Ok(mut node) => {
            let mut reader = Reader::new(file);
            reader.diags.extend(controls::strip_node(&mut node, file));
            let config = config::read(&node, &mut reader);
            (config, reader.diags)
        }
        Err(d) => (Config::default(), vec![d]),
    }
}

/// Lists content files by kind, sorted so output is deterministic. A link to a file outside
/// `croot` is left out with its error (the walk knows a link without asking the disk again).
fn list_files(
    content: &Path,
    croot: &ContentRoot,
    diagnostics: &mut Diagnostics,
) -> Vec<(Kind, PathBuf)> {
    let mut files = Vec::new();
    let content_real = content
        .canonicalize()
        .unwrap_or_else(|_| content.to_path_buf());
    for &kind in Kind::ALL {
        let folder = kind.folder();
        let dir = content.join(folder);
        if !dir.is_dir() {
            continue;
        }
        if !dir
            .canonicalize()
            .is_ok_and(|real| real.starts_with(&content_real))
        {
            diagnostics.push(symlink_leaves(&format!("content/{folder}")));
            continue;
        }
        for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    let at = e
                        .path()
                        .map(|p| p.display().to_string())
                        .unwrap_or_default();
                    diagnostics.push(Diagnostic::error(
                        "E020",
                        Location::file(at),
                        msg!("cannot read: {e}", "无法读取：{e}", "無法讀取：{e}"),
                    ));
                    continue;
                }
            };
            let path = entry.path();
            let name = entry.file_name().to_string_lossy();
            if name.starts_with('.') || name.starts_with('~') {
                continue;
            }
            if entry.path_is_symlink() {
                // Not followed by the walk. A link to a file is read only when it stays in
                // content/ (load_one checks); a link to a folder is not entered.
                if path.is_dir() {
                    if !path
                        .canonicalize()
                        .is_ok_and(|real| real.starts_with(&content_real))
                    {
                        let rel = format!("content/{folder}/{}", relative(&dir, path));
                        diagnostics.push(symlink_leaves(&rel));
                    }
                    continue;
                }
                if wanted(kind, path) && !croot.holds(path) {
                    let rel = format!("content/{folder}/{}", relative(&dir, path));
                    diagnostics.push(symlink_leaves(&rel));
                    continue;
                }
            } else if !entry.file_type().is_file() {
                continue;
            }
            if wanted(kind, path) {
                files.push((kind, path.to_path_buf()));
            } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
                let rel = format!("content/{folder}/{name}");
                diagnostics.push(
                    Diagnostic::warning(
                        "W103",
                        Location::file(rel),
                        msg!(
                            "this file is ignored: {folder} are written as Markdown (.md) with front matter",
                            "此文件被忽略：{folder} 需写成带前置 YAML 的 Markdown（.md）文件",
                            "此檔案被忽略：{folder} 需寫成帶前置 YAML 的 Markdown（.md）檔案"
                        ),
                    )
                    .with_help(msg!(
                        "rename it to .md and put the keys between two `---` lines",
                        "请改名为 .md，并把键写在两行 `---` 之间",
                        "請改名為 .md，並把鍵寫在兩行 `---` 之間"
                    )),
                );
            }
        }
    }
    files
}

/// The error for a symbolic link in content/ that points outside it (E017): it is not read.
fn symlink_leaves(rel: &str) -> Diagnostic {
    Diagnostic::error(
        "E017",
        Location::file(rel),
        msg!(
            "`{rel}` is a symbolic link that points outside the content folder; it is not read",
            "“{rel}”是指向 content 文件夹之外的符号链接，不会被读取",
            "「{rel}」是指向 content 資料夾之外的符號連結，不會被讀取"
        ),
    )
    .with_help(msg!(
        "copy the file into content/ instead of linking to it",
        "请把文件复制到 content/ 中，而不是链接过去",
        "請把檔案複製到 content/ 中，而不是連結過去"
    ))
}

/// The buffer a content file is first read into: most are a few KB, longer ones grow it.
const READ_CAPACITY: usize = 8 * 1024;

/// Reads a content file as UTF-8 text, refusing a file over [`MAX_FILE_BYTES`] once one byte
/// past the limit is read.
pub fn read_text(path: &Path, rel: &str) -> Result<String, Diagnostic> {
    let io_error = |e: std::io::Error| {
        Diagnostic::error(
            "E020",
            Location::file(rel),
            msg!(
                "cannot read the file: {e}",
                "无法读取文件：{e}",
                "無法讀取檔案：{e}"
            ),
        )
    };
    // Open and read up to one byte past the limit: no stat and no seek for a size hint
    // (`fs::read` and `File::read_to_end` ask for both), which made four system calls of
    // eight per file.
    let file = std::fs::File::open(path).map_err(io_error)?;
    let mut bytes = Vec::with_capacity(READ_CAPACITY);
    (&file)
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io_error)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        let size = file.metadata().map_or(bytes.len() as u64, |m| m.len());
        let mb = size / (1024 * 1024);
        let limit = MAX_FILE_BYTES / (1024 * 1024);
        return Err(Diagnostic::error(
            "E021",
            Location::file(rel),
            msg!(
                "the file is {mb} MB; content files may be at most {limit} MB",
                "文件大小为 {mb} MB，内容文件最大 {limit} MB",
                "檔案大小為 {mb} MB，內容檔案最大 {limit} MB"
            ),
        )
        .with_help(msg!(
            "split it, or move large attachments under content/forms/",
            "请拆分文件，或把大附件放到 content/forms/ 下",
            "請拆分檔案，或把大附件放到 content/forms/ 下"
        )));
    }
    yaml::decode_owned(bytes, rel)
}

fn load_one(
    root: &Path,
    kind: Kind,
    path: &Path,
    croot: &ContentRoot,
) -> (Option<Record>, Vec<Diagnostic>) {
    let rel = relative(root, path);
    let id_text = path.file_stem().and_then(|s| s.to_str());
    let problem = match id_text {
        Some(id) => paths::id_problem(id),
        None => Some(paths::IdProblem::Character(char::REPLACEMENT_CHARACTER)),
    };
    if let Some(problem) = problem {
        let id = ctx_id(path);
        let d = paths::unsafe_id_diagnostic(&rel, &id, &problem);
        return (Some(Record::Unreadable(kind, id)), vec![d]);
    }
    let text = match read_text(path, &rel) {
        Ok(t) => t,
        Err(d) => return (Some(Record::Unreadable(kind, ctx_id(path))), vec![d]),
    };
    let is_md = path.extension().is_some_and(|e| e == "md");
    read_record(kind, &text, is_md, &rel, &ctx_id(path), croot)
}

/// Reads the text of one content file into a record (or an unreadable marker) with its
/// problems: everything [`load_file`] does after the file is read from disk. `is_md` says
/// whether the text is Markdown with front matter; `rel` names the file in messages and `id`
/// is the record's id. The fuzzers call this to load hostile text without touching disk.
pub fn read_record(
    kind: Kind,
    text: &str,
    is_md: bool,
    rel: &str,
    id: &str,
    croot: &ContentRoot,
) -> (Option<Record>, Vec<Diagnostic>) {
    let unreadable = || Some(Record::Unreadable(kind, id.to_string()));
    let source = Source {
        file: rel.to_string(),
        id: id.to_string(),
    };
    let (yaml_text, offset, body) = if is_md {
        match yaml::split_front_matter(text, rel) {
            Ok(fm) => (fm.yaml, fm.yaml_line_offset, Some(fm.body)),
            Err(d) => return (unreadable(), vec![d]),
        }
    } else {
        (text, 0, None)
    };
    let mut node = match yaml::parse(yaml_text, rel, offset) {
        Ok(n) => n,
        Err(d) => return (unreadable(), vec![d]),
    };
    let mut reader = Reader::new(rel);
    if controls::yaml_may_hold_unwanted(yaml_text) {
        reader.diags.extend(controls::strip_node(&mut node, rel));
    }
    // The body starts after the opening `---`, the YAML and the closing `---`.
    let yaml_lines = u32::try_from(yaml_text.lines().count()).unwrap_or(u32::MAX);
    let body_line = if offset == 0 {
        1
    } else {
        offset.saturating_add(yaml_lines).saturating_add(2)
    };
    let body = body.map(|b| {
        let (cleaned, diag) = controls::strip_text(b, rel, body_line as usize);
        reader.diags.extend(diag);
        cleaned
    });
    let body = body.as_deref();
    let mut ctx = ReadCtx {
        reader: &mut reader,
        root: croot,
    };
    let body_text = body.unwrap_or("");
    let record = match kind {
        Kind::Window => convert::window(&node, source, &mut ctx).map(Record::Window),
        Kind::Item => convert::item(&node, body, source, &mut ctx).map(|mut i| {
            if i.body.is_some() {
                i.body_line = Some(body_line);
            }
            Record::Item(Box::new(i))
        }),
        Kind::Staff => convert::staff(&node, source, &mut ctx).map(Record::Staff),
        Kind::Rule => convert::rule(&node, body_text, source, &mut ctx).map(Record::Rule),
        Kind::Notice => convert::notice(&node, body_text, source, &mut ctx).map(Record::Notice),
        Kind::Page => convert::page(&node, body_text, source, &mut ctx).map(Record::Page),
    };
    let record = record.unwrap_or(Record::Unreadable(kind, id.to_string()));
    (Some(record), reader.diags)
}

fn ctx_id(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// `path` relative to the site root with `/` separators (for messages on every platform).
pub fn relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
