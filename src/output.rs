//! Writing the output folder: the only stage that touches it. A folder without our marker
//! file is never emptied or replaced.
//!
//! The new OUT is always made whole in a staging folder next to OUT and swapped in, so a
//! failed or killed build leaves the previous OUT as it was. On a rebuild, a file whose bytes
//! did not change is hard-linked into the staging folder instead of written (same inode, same
//! timestamp), and when nothing changed at all nothing is touched: deployment tools (rsync,
//! CDN uploads) and file timestamps see only real changes.

use std::fmt;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;

/// The file that marks a folder as made by gongshi (and therefore safe to replace).
pub const MARKER: &str = ".gongshi-output";

/// What to put at one path of the output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Contents {
    /// These bytes.
    Bytes(Vec<u8>),
    /// A copy of this file (forms, originals of photos).
    Copy(PathBuf),
}

/// One file of the output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Path relative to OUT, `/`-separated, no `..`.
    pub path: String,
    /// Its contents.
    pub contents: Contents,
}

impl OutputFile {
    /// A file with these bytes.
    pub fn bytes(path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        OutputFile {
            path: path.into(),
            contents: Contents::Bytes(bytes.into()),
        }
    }

    /// A copy of a file on disk.
    pub fn copy(path: impl Into<String>, from: impl Into<PathBuf>) -> Self {
        OutputFile {
            path: path.into(),
            contents: Contents::Copy(from.into()),
        }
    }
}

/// Why the output could not be written.
#[derive(Debug)]
pub enum OutputError {
    /// OUT is the site, its content folder, or contains them.
    UnsafeTarget(PathBuf),
    /// OUT exists, is not empty and was not made by gongshi.
    NotOurs(PathBuf),
    /// A generated path would leave OUT.
    BadPath(String),
    /// Writing failed.
    Io(PathBuf, io::Error),
}

impl fmt::Display for OutputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OutputError::UnsafeTarget(p) => write!(
                f,
                "refusing to write into {}: the output folder may not be the site folder, its content/ folder, or a folder that contains them",
                p.display()
            ),
            OutputError::NotOurs(p) => write!(
                f,
                "{} exists and was not made by gongshi (no {MARKER} file); it is left untouched. Choose another folder with -o, or empty it yourself",
                p.display()
            ),
            OutputError::BadPath(p) => write!(
                f,
                "internal error: output path {p:?} leaves the output folder"
            ),
            OutputError::Io(p, e) => write!(f, "cannot write {}: {e}", p.display()),
        }
    }
}

impl std::error::Error for OutputError {}

fn io_err(path: &Path) -> impl Fn(io::Error) -> OutputError + '_ {
    move |e| OutputError::Io(path.to_path_buf(), e)
}

/// Makes `path` absolute without requiring it to exist.
fn absolute(path: &Path) -> PathBuf {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    // Resolve symlinks of the existing part so comparisons are honest.
    let mut existing = abs.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut resolved = existing
        .canonicalize()
        .map_or(existing, without_verbatim_prefix);
    for name in rest.into_iter().rev() {
        resolved.push(name);
    }
    resolved
}

/// On Windows, `canonicalize` returns `\\?\C:\…`; messages show the path as people type
/// it (`C:\…`). Only drive-letter paths are changed (a UNC `\\?\UNC\…` path stays).
fn without_verbatim_prefix(path: PathBuf) -> PathBuf {
    if cfg!(windows)
        && let Some(rest) = path.to_str().and_then(|s| s.strip_prefix(r"\\?\"))
        && rest.as_bytes().get(1) == Some(&b':')
    {
        return PathBuf::from(rest);
    }
    path
}

/// Refuses output folders that would overwrite the site itself.
pub fn check_target(site_root: &Path, out: &Path) -> Result<PathBuf, OutputError> {
    let out_abs = absolute(out);
    let site_abs = absolute(site_root);
    let content = site_abs.join("content");
    let unsafe_target = out_abs == site_abs
        || site_abs.starts_with(&out_abs)
        || content.starts_with(&out_abs)
        || out_abs.starts_with(&content)
        || out_abs.parent().is_none();
    if unsafe_target {
        return Err(OutputError::UnsafeTarget(out_abs));
    }
    Ok(out_abs)
}

/// True when `dir` may be replaced: it does not exist, is empty, or carries our marker.
fn replaceable(dir: &Path) -> Result<bool, OutputError> {
    match fs::read_dir(dir) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(true),
        Err(e) => Err(OutputError::Io(dir.to_path_buf(), e)),
        Ok(mut entries) => Ok(dir.join(MARKER).is_file() || entries.next().is_none()),
    }
}

/// Checks that a relative output path stays inside OUT.
fn safe_relative(path: &str) -> Result<&Path, OutputError> {
    let p = Path::new(path);
    let ok = !path.is_empty() && p.components().all(|c| matches!(c, Component::Normal(_)));
    if ok {
        Ok(p)
    } else {
        Err(OutputError::BadPath(path.to_string()))
    }
}

/// What a write did, so the CLI can say how much changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Written {
    /// Files the new OUT holds (the marker not counted).
    pub files: usize,
    /// Files written because they are new or their bytes changed.
    pub changed: usize,
    /// Files of the previous OUT removed because the build no longer makes them.
    pub removed: usize,
}

/// Writes `files` as the new OUT: swapped in whole when OUT is new, otherwise only the files
/// whose bytes changed are replaced and the files no longer made are removed.
pub fn write_site(
    site_root: &Path,
    out: &Path,
    files: &[OutputFile],
) -> Result<Written, OutputError> {
    let out = check_target(site_root, out)?;
    if !replaceable(&out)? {
        return Err(OutputError::NotOurs(out));
    }
    let parent = out
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    fs::create_dir_all(&parent).map_err(io_err(&parent))?;
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    let staging = parent.join(format!(".{name}.staging-{}", std::process::id()));
    if staging.exists() {
        fs::remove_dir_all(&staging).map_err(io_err(&staging))?;
    }
    // Checked once here: comparing and filling below join these paths to OUT.
    for f in files {
        safe_relative(&f.path)?;
    }
    let previous = out.join(MARKER).is_file();
    let (unchanged, removed) = if previous {
        compare_with(&out, files)?
    } else {
        (vec![false; files.len()], 0)
    };
    let changed = unchanged.iter().filter(|same| !**same).count();
    let written = Written {
        files: files.len(),
        changed,
        removed,
    };
    if changed == 0 && removed == 0 && previous {
        return Ok(written);
    }
    if let Err(e) = fill(&staging, files, &out, &unchanged) {
        let _ = remove_tree(&staging);
        return Err(e);
    }
    swap(&staging, &out, &parent, &name)?;
    Ok(written)
}

/// What is at one path of the previous OUT.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Existing {
    /// A regular file of this many bytes.
    File(u64),
    /// A folder.
    Dir,
    /// Anything else (a symlink, a socket): always replaced, never followed.
    Other,
}

/// Lists the previous OUT by `/`-separated relative path (the marker left out).
fn list_existing(out: &Path) -> Result<HashMap<String, Existing>, OutputError> {
    let mut found = HashMap::new();
    for entry in walkdir::WalkDir::new(out).min_depth(1) {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(out).to_path_buf();
            OutputError::Io(path, io::Error::other(e.to_string()))
        })?;
        let Ok(rel) = entry.path().strip_prefix(out) else {
            continue;
        };
        let rel = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        if rel == MARKER {
            continue;
        }
        let kind = entry.file_type();
        let existing = if kind.is_dir() {
            Existing::Dir
        } else if kind.is_file() {
            let len = entry.metadata().map_or(u64::MAX, |m| m.len());
            Existing::File(len)
        } else {
            Existing::Other
        };
        found.insert(rel, existing);
    }
    Ok(found)
}

/// True when the file at `target` already holds exactly these contents.
fn already_there(target: &Path, existing: Option<&Existing>, contents: &Contents) -> bool {
    let Some(Existing::File(len)) = existing else {
        return false;
    };
    match contents {
        Contents::Bytes(b) => b.len() as u64 == *len && fs::read(target).is_ok_and(|old| old == *b),
        Contents::Copy(from) => {
            if same_file(from, target) {
                return true;
            }
            fs::metadata(from).is_ok_and(|m| m.len() == *len)
                && matches!((fs::read(from), fs::read(target)), (Ok(a), Ok(b)) if a == b)
        }
    }
}

/// True when both paths name the same file (a print sheet reused from the previous OUT).
fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// For each new file, whether the previous OUT already holds exactly its bytes; and how many
/// files of the previous OUT the new one no longer has.
fn compare_with(out: &Path, files: &[OutputFile]) -> Result<(Vec<bool>, usize), OutputError> {
    let existing = list_existing(out)?;
    let unchanged = files
        .par_iter()
        .map(|f| already_there(&out.join(&f.path), existing.get(&f.path), &f.contents))
        .collect();
    let wanted: HashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let removed = existing
        .iter()
        .filter(|(path, kind)| **kind != Existing::Dir && !wanted.contains(path.as_str()))
        .count();
    Ok((unchanged, removed))
}

/// Writes the new OUT under `staging`: the marker, then every file, written, or hard-linked
/// from `out` where `unchanged` says its bytes are already there (copied where the disk
/// has no hard links). The paths were checked by [`write_site`].
fn fill(
    staging: &Path,
    files: &[OutputFile],
    out: &Path,
    unchanged: &[bool],
) -> Result<(), OutputError> {
    fs::create_dir_all(staging).map_err(io_err(staging))?;
    fs::write(
        staging.join(MARKER),
        b"made by gongshi; this folder is replaced on every build\n",
    )
    .map_err(io_err(staging))?;
    let mut dirs: Vec<PathBuf> = Vec::new();
    for f in files {
        let rel = Path::new(&f.path);
        if let Some(d) = rel.parent() {
            dirs.push(staging.join(d));
        }
    }
    dirs.sort();
    dirs.dedup();
    // Folders level by level, each level in parallel (a site has one folder per page).
    let depth = |d: &PathBuf| d.components().count();
    dirs.sort_by_key(depth);
    for level in dirs.chunk_by(|a, b| depth(a) == depth(b)) {
        level
            .par_iter()
            .try_for_each(|d| fs::create_dir_all(d).map_err(io_err(d)))?;
    }
    files.par_iter().zip(unchanged).try_for_each(|(f, same)| {
        let target = staging.join(&f.path);
        if *same {
            let previous = out.join(&f.path);
            return fs::hard_link(&previous, &target)
                .or_else(|_| fs::copy(&previous, &target).map(|_| ()))
                .map_err(io_err(&target));
        }
        match &f.contents {
            Contents::Bytes(b) => fs::write(&target, b).map_err(io_err(&target)),
            Contents::Copy(from) => fs::copy(from, &target).map(|_| ()).map_err(io_err(from)),
        }
    })
}

fn swap(staging: &Path, out: &Path, parent: &Path, name: &str) -> Result<(), OutputError> {
    if out.exists() {
        let old = parent.join(format!(".{name}.old-{}", std::process::id()));
        if old.exists() {
            fs::remove_dir_all(&old).map_err(io_err(&old))?;
        }
        fs::rename(out, &old).map_err(io_err(out))?;
        if let Err(e) = fs::rename(staging, out) {
            let _ = fs::rename(&old, out);
            let _ = fs::remove_dir_all(staging);
            return Err(OutputError::Io(out.to_path_buf(), e));
        }
        remove_tree(&old).map_err(io_err(&old))?;
    } else {
        fs::rename(staging, out).map_err(io_err(out))?;
    }
    Ok(())
}

/// Removes a folder tree with its subfolders deleted in parallel (a big site has one
/// folder per page). Symlinks are removed, never followed.
fn remove_tree(dir: &Path) -> io::Result<()> {
    let entries: Vec<fs::DirEntry> = fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.par_iter().try_for_each(|entry| {
        if entry.file_type()?.is_dir() {
            remove_tree(&entry.path())
        } else {
            fs::remove_file(entry.path())
        }
    })?;
    fs::remove_dir(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_the_site_and_its_parents() {
        let dir = tempfile::tempdir().expect("dir");
        let site = dir.path().join("site");
        fs::create_dir_all(site.join("content")).expect("mkdir");
        for bad in [
            site.clone(),
            site.join("content"),
            dir.path().to_path_buf(),
            site.join("content/x"),
        ] {
            assert!(
                matches!(check_target(&site, &bad), Err(OutputError::UnsafeTarget(_))),
                "{bad:?}"
            );
        }
        assert!(check_target(&site, &site.join("public")).is_ok());
    }

    #[test]
    fn never_replaces_a_folder_it_did_not_make() {
        let dir = tempfile::tempdir().expect("dir");
        let site = dir.path().join("site");
        let out = dir.path().join("docs");
        fs::create_dir_all(&out).expect("mkdir");
        fs::write(out.join("precious.txt"), "keep").expect("write");
        let err = write_site(&site, &out, &[OutputFile::bytes("index.html", "x")]);
        assert!(matches!(err, Err(OutputError::NotOurs(_))));
        assert_eq!(
            fs::read_to_string(out.join("precious.txt")).expect("kept"),
            "keep"
        );
    }

    #[test]
    fn swaps_in_a_whole_new_folder() {
        let dir = tempfile::tempdir().expect("dir");
        let site = dir.path().join("site");
        let out = dir.path().join("public");
        write_site(
            &site,
            &out,
            &[
                OutputFile::bytes("a/b.html", "1"),
                OutputFile::bytes("old.html", "x"),
            ],
        )
        .expect("first");
        write_site(&site, &out, &[OutputFile::bytes("a/b.html", "2")]).expect("second");
        assert_eq!(fs::read_to_string(out.join("a/b.html")).expect("read"), "2");
        assert!(!out.join("old.html").exists());
        assert!(out.join(MARKER).is_file());
        let leftovers: Vec<_> = fs::read_dir(dir.path())
            .expect("ls")
            .filter_map(Result::ok)
            .map(|e| e.file_name())
            .collect();
        assert_eq!(leftovers.len(), 1, "{leftovers:?}");
        assert!(write_site(&site, &out, &[OutputFile::bytes("../escape", "x")]).is_err());
        assert_eq!(fs::read_to_string(out.join("a/b.html")).expect("read"), "2");
    }

    /// Inode numbers of every file under `dir` (Unix), to tell a rewritten file from an
    /// untouched one.
    #[cfg(unix)]
    fn inodes(dir: &Path) -> HashMap<PathBuf, u64> {
        use std::os::unix::fs::MetadataExt as _;
        walkdir::WalkDir::new(dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let ino = e.metadata().expect("stat").ino();
                (e.path().to_path_buf(), ino)
            })
            .collect()
    }

    #[cfg(unix)]
    #[test]
    fn a_rebuild_touches_only_what_changed() {
        let dir = tempfile::tempdir().expect("dir");
        let site = dir.path().join("site");
        let out = dir.path().join("public");
        let first = [
            OutputFile::bytes("index.html", "home"),
            OutputFile::bytes("items/a/index.html", "a"),
            OutputFile::bytes("items/b/index.html", "b"),
            OutputFile::bytes("gone/deep/x.html", "x"),
        ];
        let w = write_site(&site, &out, &first).expect("first");
        assert_eq!((w.files, w.changed, w.removed), (4, 4, 0));
        let before = inodes(&out);

        let w = write_site(&site, &out, &first).expect("same again");
        assert_eq!((w.changed, w.removed), (0, 0));
        assert_eq!(inodes(&out), before, "an unchanged rebuild rewrote files");

        let second = [
            OutputFile::bytes("index.html", "home"),
            OutputFile::bytes("items/a/index.html", "a, edited"),
            OutputFile::bytes("items/b/index.html", "b"),
            OutputFile::bytes("items/c/index.html", "c"),
        ];
        let w = write_site(&site, &out, &second).expect("second");
        assert_eq!((w.files, w.changed, w.removed), (4, 2, 1));
        let after = inodes(&out);
        for untouched in ["index.html", "items/b/index.html"] {
            let p = out.join(untouched);
            assert_eq!(after[&p], before[&p], "{untouched} was rewritten");
        }
        let a = out.join("items/a/index.html");
        assert_eq!(fs::read_to_string(&a).expect("a"), "a, edited");
        assert_eq!(
            fs::read_to_string(out.join("items/c/index.html")).expect("c"),
            "c"
        );
        assert!(!out.join("gone").exists(), "stale folders are removed");
        assert!(out.join(MARKER).is_file());
        let leftovers = fs::read_dir(dir.path()).expect("ls").count();
        assert_eq!(leftovers, 1, "no staging folder is left beside OUT");
    }

    #[test]
    fn a_rebuild_swaps_files_and_folders_that_trade_places() {
        let dir = tempfile::tempdir().expect("dir");
        let site = dir.path().join("site");
        let out = dir.path().join("public");
        write_site(
            &site,
            &out,
            &[
                OutputFile::bytes("a", "file"),
                OutputFile::bytes("b/index.html", "in a folder"),
            ],
        )
        .expect("first");
        write_site(
            &site,
            &out,
            &[
                OutputFile::bytes("a/index.html", "now a folder"),
                OutputFile::bytes("b", "now a file"),
            ],
        )
        .expect("second");
        assert_eq!(
            fs::read_to_string(out.join("a/index.html")).expect("a"),
            "now a folder"
        );
        assert_eq!(fs::read_to_string(out.join("b")).expect("b"), "now a file");
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_in_out_is_replaced_not_followed() {
        let dir = tempfile::tempdir().expect("dir");
        let site = dir.path().join("site");
        let out = dir.path().join("public");
        let outside = dir.path().join("outside.txt");
        fs::write(&outside, "keep").expect("write");
        write_site(&site, &out, &[OutputFile::bytes("index.html", "x")]).expect("first");
        std::os::unix::fs::symlink(&outside, out.join("page.html")).expect("symlink");
        std::os::unix::fs::symlink(dir.path(), out.join("linked")).expect("symlink");
        write_site(
            &site,
            &out,
            &[
                OutputFile::bytes("index.html", "x"),
                OutputFile::bytes("page.html", "new"),
            ],
        )
        .expect("second");
        assert_eq!(fs::read_to_string(&outside).expect("outside"), "keep");
        assert!(
            !fs::symlink_metadata(out.join("page.html"))
                .expect("page")
                .is_symlink()
        );
        assert!(
            fs::symlink_metadata(out.join("linked")).is_err(),
            "stale link removed"
        );
        assert!(outside.is_file(), "the link's target survives");
    }
}
