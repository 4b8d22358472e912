//! Writing the output folder: the only stage that touches it. A folder without our marker
//! file is never emptied or replaced.
//!
//! The new OUT is always made whole in a staging folder next to OUT and swapped in, so a
//! failed or killed build leaves the previous OUT as it was. On a rebuild, a file whose bytes
//! did not change is hard-linked into the staging folder instead of written (same inode, same
//! timestamp), and when nothing changed at all nothing is touched: deployment tools (rsync,
//! CDN uploads) and file timestamps see only real changes.
//!
//! The swap itself is one atomic exchange of the two folder names on Linux
//! (`renameat2(RENAME_EXCHANGE)`), so OUT is always either the old site or the new one, whole,
//! even when the process is killed at any instant (tests/safety_kill.rs proves it). Where the
//! system has no exchange, OUT is renamed aside and the new folder renamed in; a kill between
//! the two renames leaves OUT absent for an instant, and the next run puts the old OUT back.
//! Folders a killed run left beside OUT (`.NAME.staging-PID`, `.NAME.old-PID`) are removed
//! by the next run.

use std::fmt;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use std::collections::HashSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

mod listing;

pub use listing::{Entry, EntryKind, Listing, folders_of, modified_nanos};

/// The file that marks a folder as made by gongshi (and therefore safe to replace).
pub const MARKER: &str = ".gongshi-output";

/// What to put at one path of the output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Contents<'a> {
    /// These bytes.
    Bytes(Vec<u8>),
    /// A copy of this file (forms, originals of photos).
    Copy(PathBuf),
    /// Bytes made as they are written (see [`Stream`]).
    Stream(Stream<'a>),
}

impl Contents<'_> {
    /// The bytes, read from disk for a copy and made for a stream (serve, tests).
    pub fn to_bytes(&self) -> io::Result<std::borrow::Cow<'_, [u8]>> {
        match self {
            Contents::Bytes(b) => Ok(std::borrow::Cow::Borrowed(b)),
            Contents::Copy(from) => fs::read(from).map(std::borrow::Cow::Owned),
            Contents::Stream(stream) => stream.to_bytes().map(std::borrow::Cow::Owned),
        }
    }

    /// Contents that borrow nothing: a stream is run into bytes (for whoever keeps the file
    /// longer than what the stream reads, as `serve` keeps its pages).
    pub fn into_owned(self) -> io::Result<Contents<'static>> {
        Ok(match self {
            Contents::Bytes(b) => Contents::Bytes(b),
            Contents::Copy(from) => Contents::Copy(from),
            Contents::Stream(stream) => Contents::Bytes(stream.to_bytes()?),
        })
    }
}

/// The maker of a file's bytes, run when the file is written: the open data files are tens
/// of megabytes at portal scale, and held whole while the pages render (with the growing
/// buffers they are serialized into) they were 140 MB of a 10,000-item build's 315 MB.
///
/// A stream may borrow what it reads (`'a`: the site being built), so that nothing is
/// copied out of the site to make it. Two streams are equal only when they are the same
/// stream: telling whether two makers make the same bytes would mean running both.
#[derive(Clone)]
pub struct Stream<'a>(Arc<WriteFn<'a>>);

/// What a [`Stream`] runs: writes the bytes to the writer it is given.
type WriteFn<'a> = dyn Fn(&mut dyn io::Write) -> io::Result<()> + Send + Sync + 'a;

impl<'a> Stream<'a> {
    /// A stream whose bytes `write` writes (it may run more than once: to compare with the
    /// previous OUT, then to write).
    pub fn new(write: impl Fn(&mut dyn io::Write) -> io::Result<()> + Send + Sync + 'a) -> Self {
        Stream(Arc::new(write))
    }

    /// Writes the bytes to `out`.
    pub fn write_to(&self, out: &mut dyn io::Write) -> io::Result<()> {
        (self.0)(out)
    }

    /// The bytes in memory.
    pub fn to_bytes(&self) -> io::Result<Vec<u8>> {
        let mut bytes = Vec::new();
        self.write_to(&mut bytes)?;
        Ok(bytes)
    }
}

impl fmt::Debug for Stream<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Stream(..)")
    }
}

impl PartialEq for Stream<'_> {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for Stream<'_> {}

/// One file of the output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile<'a> {
    /// Path relative to OUT, `/`-separated, no `..`.
    pub path: String,
    /// Its contents.
    pub contents: Contents<'a>,
}

impl<'a> OutputFile<'a> {
    /// A file with these bytes.
    pub fn bytes(path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        OutputFile {
            path: path.into(),
            contents: Contents::Bytes(bytes.into()),
        }
    }

    /// A file whose bytes `write` makes as it is written (see [`Stream`]).
    pub fn stream(
        path: impl Into<String>,
        write: impl Fn(&mut dyn io::Write) -> io::Result<()> + Send + Sync + 'a,
    ) -> Self {
        OutputFile {
            path: path.into(),
            contents: Contents::Stream(Stream::new(write)),
        }
    }

    /// A copy of a file on disk.
    pub fn copy(path: impl Into<String>, from: impl Into<PathBuf>) -> Self {
        OutputFile {
            path: path.into(),
            contents: Contents::Copy(from.into()),
        }
    }

    /// The file with contents that borrow nothing (see [`Contents::into_owned`]).
    pub fn into_owned(self) -> io::Result<OutputFile<'static>> {
        Ok(OutputFile {
            path: self.path,
            contents: self.contents.into_owned()?,
        })
    }
}

/// Why the output could not be written.
#[derive(Debug)]
pub enum OutputError {
    /// OUT is the site, its content folder, a folder that contains them, the file-system
    /// root or the home folder.
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
                "refusing to write into {}: the output folder may not be the site folder, its content/ folder, a folder that contains them, the home folder or /",
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

/// Makes `path` absolute without requiring it to exist, with the symlinks of its existing
/// part resolved: what OUT and the site folder are compared as.
pub fn absolute(path: &Path) -> PathBuf {
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

/// The user's home folder (`HOME`, or `USERPROFILE` on Windows), made absolute.
fn home_folder() -> Option<PathBuf> {
    let home = std::env::var_os("HOME").or_else(|| std::env::var_os("USERPROFILE"))?;
    (!home.is_empty()).then(|| absolute(Path::new(&home)))
}

/// Refuses output folders that would overwrite the site itself, the file-system root or the
/// home folder.
pub fn check_target(site_root: &Path, out: &Path) -> Result<PathBuf, OutputError> {
    let out_abs = absolute(out);
    let site_abs = absolute(site_root);
    let content = site_abs.join("content");
    let unsafe_target = out_abs == site_abs
        || site_abs.starts_with(&out_abs)
        || content.starts_with(&out_abs)
        || out_abs.starts_with(&content)
        || out_abs.parent().is_none()
        || home_folder().is_some_and(|home| home == out_abs);
    if unsafe_target {
        return Err(OutputError::UnsafeTarget(out_abs));
    }
    Ok(out_abs)
}

/// Refuses OUT before any work is done: the checks of [`write_site`] (an unsafe target, a
/// folder gongshi did not make), so a refused build fails at once and writes nothing.
pub fn check_writable(site_root: &Path, out: &Path) -> Result<(), OutputError> {
    let out = check_target(site_root, out)?;
    if replaceable(&out)? {
        Ok(())
    } else {
        Err(OutputError::NotOurs(out))
    }
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
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Written {
    /// Files the new OUT holds (the marker not counted).
    pub files: usize,
    /// Files written because they are new or their bytes changed.
    pub changed: usize,
    /// Files of the previous OUT removed because the build no longer makes them.
    pub removed: usize,
    /// Whether OUT was left exactly as it was (nothing new, changed or removed).
    pub untouched: bool,
    /// Every file of the new OUT with its entry as [`Listing::read`] would find it, known
    /// from the writing itself (`None` when OUT was left untouched: the caller's listing
    /// still holds); see [`crate::stamp::outputs_of_files`]. Walking the new OUT for it was
    /// a twentieth of a build at 10,000 items.
    pub made: Option<Vec<(String, Entry)>>,
}

/// Writes `files` as the new OUT: swapped in whole when OUT is new, otherwise only the files
/// whose bytes changed are replaced and the files no longer made are removed.
pub fn write_site(
    site_root: &Path,
    out: &Path,
    files: &[OutputFile],
) -> Result<Written, OutputError> {
    let writer = SiteWriter::begin(site_root, out)?;
    files.par_iter().try_for_each(|f| writer.put(f))?;
    writer.finish()
}

/// Writes a new OUT file by file as the files are made, so that a big site is never held
/// in memory whole: [`SiteWriter::put`] from any thread, then [`SiteWriter::finish`]. The new
/// OUT is made in a staging folder beside OUT and swapped in at the end; files whose bytes are
/// already in the previous OUT are hard-linked from it, and when nothing changed at all, the
/// staging folder is never made and OUT is not touched. Dropped without `finish` (an error on
/// the way), it removes its staging folder: OUT stays as it was.
pub struct SiteWriter {
    out: PathBuf,
    parent: PathBuf,
    name: String,
    staging: PathBuf,
    /// The previous OUT's entries, when it is ours (it has the marker).
    previous: Option<Listing>,
    /// Paths put so far; a path put twice keeps its first file.
    seen: Mutex<HashSet<String>>,
    /// Whether the staging folder exists, and the files found unchanged before it did
    /// (linked into it when it is made).
    started: Mutex<Started>,
    /// Folders made under the staging folder (relative).
    folders: Mutex<HashSet<String>>,
    /// The files of the staging folder as they were left: relative path, size and time.
    made: Mutex<Vec<(String, Entry)>>,
    changed: AtomicUsize,
    finished: bool,
}

#[derive(Default)]
struct Started {
    yes: bool,
    unchanged: Vec<String>,
}

impl SiteWriter {
    /// Checks OUT (see [`check_writable`]), cleans up after a killed run, and gets ready.
    pub fn begin(site_root: &Path, out: &Path) -> Result<SiteWriter, OutputError> {
        Self::begin_with(site_root, out, None)
    }

    /// [`Self::begin`] with OUT as the caller has just listed it (`None`: list it here), so
    /// that a build walks OUT once for all it asks of it.
    pub fn begin_with(
        site_root: &Path,
        out: &Path,
        listed: Option<Listing>,
    ) -> Result<SiteWriter, OutputError> {
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
        recover_after_kill(&parent, &name, &out)?;
        let staging = parent.join(format!(".{name}{STAGING}{}", std::process::id()));
        if staging.exists() {
            remove_tree(&staging).map_err(io_err(&staging))?;
        }
        // A listing taken before a killed run's OUT was put back here is of no OUT at all
        // (`None`), so it is never stale.
        let previous = if out.join(MARKER).is_file() {
            Some(match listed {
                Some(listing) => listing,
                None => Listing::read(&out).map_err(io_err(&out))?,
            })
        } else {
            None
        };
        Ok(SiteWriter {
            out,
            parent,
            name,
            staging,
            previous,
            seen: Mutex::default(),
            started: Mutex::default(),
            folders: Mutex::default(),
            made: Mutex::default(),
            changed: AtomicUsize::new(0),
            finished: false,
        })
    }

    /// The previous OUT as it was listed, when it is ours.
    pub fn previous(&self) -> Option<&Listing> {
        self.previous.as_ref()
    }

    /// Adds one file to the new OUT (written, or linked when the previous OUT has its bytes).
    pub fn put(&self, file: &OutputFile) -> Result<(), OutputError> {
        let rel = safe_relative(&file.path)?;
        if !lock(&self.seen).insert(file.path.clone()) {
            return Ok(());
        }
        let old = self.out.join(rel);
        let existing = self.previous.as_ref().and_then(|p| p.get(&file.path));
        if already_there(&old, existing, &file.contents) {
            let mut started = lock(&self.started);
            if !started.yes {
                started.unchanged.push(file.path.clone());
                return Ok(());
            }
            drop(started);
            return self.link_unchanged(&file.path);
        }
        self.changed.fetch_add(1, Ordering::Relaxed);
        self.start()?;
        let meta = self.in_folder(&file.path, |target| match &file.contents {
            Contents::Bytes(b) => {
                let mut out = fs::File::create(target)?;
                io::Write::write_all(&mut out, b)?;
                out.metadata()
            }
            Contents::Copy(from) => {
                fs::copy(from, target)?;
                fs::symlink_metadata(target)
            }
            Contents::Stream(stream) => {
                let mut out =
                    io::BufWriter::with_capacity(STREAM_BUFFER, fs::File::create(target)?);
                stream.write_to(&mut out)?;
                io::Write::flush(&mut out)?;
                out.get_ref().metadata()
            }
        })?;
        self.made(&file.path, Entry::of(&meta));
        Ok(())
    }

    /// Records a file of the staging folder as it now is.
    fn made(&self, path: &str, entry: Entry) {
        lock(&self.made).push((path.to_owned(), entry));
    }

    /// Swaps the new OUT in (unless nothing changed) and says what changed.
    pub fn finish(mut self) -> Result<Written, OutputError> {
        let seen = std::mem::take(&mut *lock(&self.seen));
        let removed = self.previous.as_ref().map_or(0, |previous| {
            previous
                .iter()
                .filter(|(path, e)| {
                    e.kind != EntryKind::Dir && *path != MARKER && !seen.contains(*path)
                })
                .count()
        });
        let changed = self.changed.load(Ordering::Relaxed);
        let mut written = Written {
            files: seen.len(),
            changed,
            removed,
            untouched: changed == 0 && removed == 0 && self.previous.is_some(),
            made: None,
        };
        if written.untouched {
            self.finished = true;
            return Ok(written);
        }
        self.start()?;
        swap(&self.staging, &self.out, &self.parent, &self.name)?;
        self.finished = true;
        written.made = Some(std::mem::take(&mut *lock(&self.made)));
        Ok(written)
    }

    /// Makes the staging folder (with the marker) the first time, and links into it the
    /// files found unchanged until then.
    fn start(&self) -> Result<(), OutputError> {
        let mut started = lock(&self.started);
        if started.yes {
            return Ok(());
        }
        fs::create_dir_all(&self.staging).map_err(io_err(&self.staging))?;
        let marker = self.staging.join(MARKER);
        fs::write(
            &marker,
            b"made by gongshi; this folder is replaced on every build\n",
        )
        .and_then(|()| fs::symlink_metadata(&marker))
        .map(|meta| self.made(MARKER, Entry::of(&meta)))
        .map_err(io_err(&self.staging))?;
        let unchanged = std::mem::take(&mut started.unchanged);
        started.yes = true;
        // Linked after the lock is let go (a rayon thread waiting here may take up another
        // `put`, which needs it); files found unchanged from now on link themselves.
        drop(started);
        unchanged
            .par_iter()
            .try_for_each(|path| self.link_unchanged(path))
    }

    /// Links the previous OUT's file at `path` into the staging folder (copies it where the
    /// disk has no hard links).
    fn link_unchanged(&self, path: &str) -> Result<(), OutputError> {
        let previous = self.out.join(path);
        let listed = self.previous.as_ref().and_then(|p| p.get(path)).copied();
        let entry = self.in_folder(path, |target| match fs::hard_link(&previous, target) {
            // The same file: the same size and time as listed.
            Ok(()) => match listed {
                Some(entry) => Ok(entry),
                None => fs::symlink_metadata(target).map(|m| Entry::of(&m)),
            },
            Err(_) => {
                fs::copy(&previous, target)?;
                fs::symlink_metadata(target).map(|m| Entry::of(&m))
            }
        })?;
        self.made(path, entry);
        Ok(())
    }

    /// Runs `write` for the file at `path` in the staging folder, making its folder first
    /// (once per folder; again when another thread was still making it).
    fn in_folder<T>(
        &self,
        path: &str,
        write: impl Fn(&Path) -> io::Result<T>,
    ) -> Result<T, OutputError> {
        let target = self.staging.join(path);
        let folder = Path::new(path)
            .parent()
            .filter(|p| !p.as_os_str().is_empty());
        let make = |f: &Path| {
            let dir = self.staging.join(f);
            fs::create_dir_all(&dir).map_err(io_err(&dir))
        };
        if let Some(f) = folder
            && lock(&self.folders).insert(f.to_string_lossy().into_owned())
        {
            make(f)?;
        }
        match write(&target) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                if let Some(f) = folder {
                    make(f)?;
                }
                write(&target).map_err(io_err(&target))
            }
            other => other.map_err(io_err(&target)),
        }
    }
}

impl Drop for SiteWriter {
    fn drop(&mut self) {
        if !self.finished && self.staging.exists() {
            let _ = remove_tree(&self.staging);
        }
    }
}

/// The value behind a mutex, also when another thread panicked holding it (each change to
/// what these mutexes guard is one insert or push, so it stays whole).
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The write buffer of a streamed file.
const STREAM_BUFFER: usize = 256 * 1024;

/// True when the file at `target` already holds exactly these contents.
fn already_there(target: &Path, existing: Option<&Entry>, contents: &Contents) -> bool {
    let Some(len) = existing
        .filter(|e| e.kind == EntryKind::File)
        .map(|e| &e.len)
    else {
        return false;
    };
    match contents {
        Contents::Bytes(b) => b.len() as u64 == *len && fs::read(target).is_ok_and(|old| old == *b),
        Contents::Stream(stream) => fs::File::open(target).is_ok_and(|old| {
            let mut same = SameAs {
                old: io::BufReader::with_capacity(STREAM_BUFFER, old),
                chunk: Vec::new(),
            };
            stream.write_to(&mut same).is_ok() && same.at_end()
        }),
        Contents::Copy(from) => {
            if same_file(from, target) {
                return true;
            }
            fs::metadata(from).is_ok_and(|m| m.len() == *len)
                && matches!((fs::read(from), fs::read(target)), (Ok(a), Ok(b)) if a == b)
        }
    }
}

/// A writer that checks what is written against a file, failing at the first difference
/// (so a stream that changed early stops early).
struct SameAs<R> {
    old: R,
    chunk: Vec<u8>,
}

impl<R: io::Read> SameAs<R> {
    /// Whether the file has nothing more than what was written.
    fn at_end(&mut self) -> bool {
        let mut byte = [0u8];
        matches!(self.old.read(&mut byte), Ok(0))
    }
}

impl<R: io::Read> io::Write for SameAs<R> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.chunk.resize(buf.len(), 0);
        self.old.read_exact(&mut self.chunk)?;
        if self.chunk == buf {
            Ok(buf.len())
        } else {
            Err(io::Error::other("differs"))
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// True when both paths name the same file (a page kept or a print sheet reused from the
/// previous OUT). The same path needs no question to the file system: a rebuild at 10,000
/// items keeps 30,000 files, and resolving both paths of each (`canonicalize` asks for every
/// folder on the way) was a tenth of it.
fn same_file(a: &Path, b: &Path) -> bool {
    a == b || same_file::is_same_file(a, b).unwrap_or(false)
}

/// The middle of the name of the folder a new OUT is made in: `.NAME.staging-PID`.
const STAGING: &str = ".staging-";
/// The middle of the name the previous OUT is moved to while it is removed: `.NAME.old-PID`.
const OLD: &str = ".old-";

/// Puts the new OUT (made whole in `staging`) in place of the old one.
fn swap(staging: &Path, out: &Path, parent: &Path, name: &str) -> Result<(), OutputError> {
    if !out.exists() {
        return fs::rename(staging, out).map_err(io_err(out));
    }
    if exchange(staging, out).is_ok() {
        // `staging` now holds the previous OUT.
        return remove_tree(staging).map_err(io_err(staging));
    }
    let old = parent.join(format!(".{name}{OLD}{}", std::process::id()));
    if old.exists() {
        remove_tree(&old).map_err(io_err(&old))?;
    }
    fs::rename(out, &old).map_err(io_err(out))?;
    if let Err(e) = fs::rename(staging, out) {
        let _ = fs::rename(&old, out);
        let _ = remove_tree(staging);
        return Err(OutputError::Io(out.to_path_buf(), e));
    }
    remove_tree(&old).map_err(io_err(&old))
}

/// Swaps the names of two folders in one atomic step (Linux 3.15+).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt as _;
    let c = |p: &Path| CString::new(p.as_os_str().as_bytes()).map_err(io::Error::other);
    let (a, b) = (c(a)?, c(b)?);
    // SAFETY: both are valid NUL-terminated paths that outlive the call.
    let rc = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if rc == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

/// No atomic exchange here: [`swap`] falls back to two renames.
#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> io::Result<()> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

/// Cleans up after a run that was killed: puts the previous OUT back when a kill fell
/// between the two renames of the fallback swap, and removes the staging and old folders
/// that runs no longer alive left beside OUT (their names, `.NAME.staging-PID` and
/// `.NAME.old-PID`, are ours; a running build's folders are left alone).
fn recover_after_kill(parent: &Path, name: &str, out: &Path) -> Result<(), OutputError> {
    let Ok(entries) = fs::read_dir(parent) else {
        return Ok(());
    };
    let ours = format!(".{name}");
    let mut leftovers: Vec<(PathBuf, bool)> = Vec::new();
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(rest) = file_name.to_str().and_then(|n| n.strip_prefix(&ours)) else {
            continue;
        };
        let (is_old, pid) = match (rest.strip_prefix(STAGING), rest.strip_prefix(OLD)) {
            (Some(pid), _) => (false, pid),
            (_, Some(pid)) => (true, pid),
            _ => continue,
        };
        let Ok(pid) = pid.parse::<u32>() else {
            continue;
        };
        if pid == std::process::id() || process_alive(pid) {
            continue;
        }
        leftovers.push((entry.path(), is_old));
    }
    if !out.exists()
        && let Some((old, _)) = leftovers
            .iter()
            .find(|(p, is_old)| *is_old && p.join(MARKER).is_file())
    {
        fs::rename(old, out).map_err(io_err(out))?;
    }
    for (path, _) in leftovers {
        if fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir()) {
            remove_tree(&path).map_err(io_err(&path))?;
        }
    }
    Ok(())
}

/// True when a process with this id runs (Linux: it has a `/proc` entry); elsewhere a
/// leftover of another process is taken as stale.
pub(crate) fn process_alive(pid: u32) -> bool {
    cfg!(target_os = "linux") && Path::new(&format!("/proc/{pid}")).exists()
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

/// Writes `bytes` to `path` by writing a hidden temporary file beside it (the loader skips
/// names starting with `.`) and renaming it over `path`: a process killed at any point
/// leaves either the old file or the new one, never half of one. Every file gongshi writes
/// into a site (imports, scaffolds) goes through here or [`write_new_file`]. (No fsync per
/// file: on 300 files it cost ~2 s, and the rename already orders data before the new name
/// on ext4, NTFS and APFS.)
pub fn write_file_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let tmp = write_temp_beside(path, bytes)?;
    let renamed = fs::rename(&tmp, path);
    if renamed.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    renamed
}

/// Like [`write_file_atomic`], but never replaces a file: fails with
/// [`io::ErrorKind::AlreadyExists`] when `path` exists, even when it appeared meanwhile
/// (the whole temporary file is hard-linked to the new name, which fails on an existing
/// one; on a disk without hard links, checked just before the rename).
pub fn write_new_file(path: &Path, bytes: &[u8]) -> io::Result<()> {
    if fs::symlink_metadata(path).is_ok() {
        return Err(io::Error::from(io::ErrorKind::AlreadyExists));
    }
    let tmp = write_temp_beside(path, bytes)?;
    let placed = match fs::hard_link(&tmp, path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Err(e),
        Err(_) if fs::symlink_metadata(path).is_ok() => {
            Err(io::Error::from(io::ErrorKind::AlreadyExists))
        }
        Err(_) => fs::rename(&tmp, path),
    };
    let _ = fs::remove_file(&tmp);
    placed
}

/// Removes the temporary files that writes of runs no longer alive left in `dir`
/// (`.NAME.PID.tmp`, hidden, so nothing reads them meanwhile).
pub fn remove_stale_temp_files(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name
            .to_str()
            .filter(|n| n.starts_with('.'))
            .and_then(|n| n.strip_suffix(".tmp"))
            .and_then(|n| n.rsplit_once('.'))
            .and_then(|(_, pid)| pid.parse::<u32>().ok())
        else {
            continue;
        };
        let is_file = entry.file_type().is_ok_and(|t| t.is_file());
        if is_file && pid != std::process::id() && !process_alive(pid) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Writes `bytes` whole to a hidden temporary name in the folder of `path` (made if
/// missing) and returns that name.
fn write_temp_beside(path: &Path, bytes: &[u8]) -> io::Result<PathBuf> {
    use std::io::Write as _;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let written = (|| {
        let mut file = fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        file.flush()
    })();
    match written {
        Ok(()) => Ok(tmp),
        Err(e) => {
            let _ = fs::remove_file(&tmp);
            Err(e)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, HashMap};

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

    /// The listing as a fingerprint reads it: files whole, folders by path.
    fn as_fingerprinted(listing: &Listing) -> BTreeMap<String, Entry> {
        listing
            .iter()
            .map(|(rel, e)| {
                let e = match e.kind {
                    EntryKind::Dir => Entry {
                        len: 0,
                        modified: 0,
                        ..*e
                    },
                    _ => *e,
                };
                (rel.to_owned(), e)
            })
            .collect()
    }

    /// Holds the files the writer says it made (`w.made`) to a walk of `out`: entry by
    /// entry, and by the fingerprint a stamp takes of each. Returns the walk.
    fn assert_made_is_walked(w: Written, out: &Path) -> Listing {
        let walked = Listing::read(out).expect("walk");
        let files = w.made.expect("the files of the new OUT");
        let made = Listing::of_files(files.clone());
        assert_eq!(made.len(), walked.len());
        assert_eq!(as_fingerprinted(&made), as_fingerprinted(&walked));
        assert_eq!(
            crate::stamp::outputs_of_files(&files),
            crate::stamp::outputs(&walked)
        );
        walked
    }

    #[test]
    fn the_writers_listing_is_what_a_walk_of_the_new_out_finds() {
        let dir = tempfile::tempdir().expect("dir");
        let site = dir.path().join("site");
        let out = dir.path().join("public");
        let source = dir.path().join("photo.jpg");
        fs::write(&source, "jpeg bytes").expect("source");
        let first = [
            OutputFile::bytes("index.html", "home"),
            OutputFile::bytes("items/a/index.html", "a"),
            OutputFile::bytes("items/b/deep/index.html", "b"),
            OutputFile::copy("img/photo.jpg", &source),
            OutputFile::stream("data/items.csv", |out| out.write_all(b"id,name\n")),
        ];
        let w = write_site(&site, &out, &first).expect("first");
        assert_made_is_walked(w, &out);

        // Kept files are linked from the previous OUT: listed with their old size and time.
        let second = [
            OutputFile::bytes("index.html", "home, edited"),
            OutputFile::bytes("items/a/index.html", "a"),
            OutputFile::copy("img/photo.jpg", &source),
            OutputFile::stream("data/items.csv", |out| out.write_all(b"id,name\n")),
        ];
        let w = write_site(&site, &out, &second).expect("second");
        let walked = assert_made_is_walked(w, &out);
        assert!(walked.get("items/b").is_none());

        let w = write_site(&site, &out, &second).expect("same again");
        assert!(w.untouched && w.made.is_none());
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

    /// A stream of `n` lines of `text` written in small pieces, as serde writes.
    fn lines(path: &str, text: &'static str, n: usize) -> OutputFile<'static> {
        OutputFile::stream(path, move |out| {
            for i in 0..n {
                write!(out, "{i}:")?;
                out.write_all(text.as_bytes())?;
                out.write_all(b"\n")?;
            }
            Ok(())
        })
    }

    #[test]
    fn a_stream_may_borrow_what_it_reads_and_into_owned_keeps_its_bytes() {
        let source = String::from("made from borrowed data");
        let file = OutputFile::stream("data/x.txt", |out| out.write_all(source.as_bytes()));
        let owned: OutputFile<'static> = file.into_owned().expect("in memory");
        drop(source);
        assert_eq!(
            owned.contents,
            Contents::Bytes(b"made from borrowed data".to_vec())
        );
    }

    #[test]
    fn streamed_files_are_written_compared_and_linked_like_any_other() {
        let dir = tempfile::tempdir().expect("dir");
        let site = dir.path().join("site");
        let out = dir.path().join("public");
        // Longer than the write buffer, so comparing reads the old file in several pieces.
        let big = lines("data/big.csv", "一行数据,another field", 40_000);
        let expected = big.contents.to_bytes().expect("bytes").into_owned();
        assert!(expected.len() > 2 * STREAM_BUFFER);
        let w = write_site(&site, &out, std::slice::from_ref(&big)).expect("first");
        assert_eq!((w.files, w.changed), (1, 1));
        assert_eq!(fs::read(out.join("data/big.csv")).expect("read"), expected);
        let before = inodes(&out);

        // The same bytes made again: nothing is rewritten.
        let again = lines("data/big.csv", "一行数据,another field", 40_000);
        let w = write_site(&site, &out, &[again]).expect("same again");
        assert_eq!(w.changed, 0);
        assert_eq!(inodes(&out), before, "an unchanged stream was rewritten");

        // Longer, shorter, or different only at the end: written anew.
        for (text, n) in [
            ("一行数据,another field", 40_001),
            ("一行数据,another field", 39_999),
            ("一行数据,another fielD", 40_000),
        ] {
            let changed = lines("data/big.csv", text, n);
            let bytes = changed.contents.to_bytes().expect("bytes").into_owned();
            let w = write_site(&site, &out, &[changed]).expect("changed");
            assert_eq!(w.changed, 1, "{n} lines of {text}");
            assert_eq!(fs::read(out.join("data/big.csv")).expect("read"), bytes);
        }
    }

    #[test]
    fn a_stream_that_fails_leaves_out_as_it_was() {
        let dir = tempfile::tempdir().expect("dir");
        let site = dir.path().join("site");
        let out = dir.path().join("public");
        write_site(&site, &out, &[OutputFile::bytes("index.html", "home")]).expect("first");
        let failing = OutputFile::stream("data/x.json", |out| {
            out.write_all(b"{")?;
            Err(io::Error::other("the table is gone"))
        });
        let err = write_site(
            &site,
            &out,
            &[OutputFile::bytes("index.html", "new"), failing],
        );
        assert!(err.is_err());
        assert_eq!(
            fs::read_to_string(out.join("index.html")).expect("kept"),
            "home"
        );
        assert!(!out.join("data").exists());
        let leftovers = fs::read_dir(dir.path()).expect("ls").count();
        assert_eq!(leftovers, 1, "no staging folder is left beside OUT");
    }
}
