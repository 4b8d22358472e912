//! Whether OUT is already what a build would make: a build notes, beside OUT, a fingerprint
//! of everything it read (every file of the site, the options, the day, the gongshi binary)
//! and of the files it left in OUT (path, size, modification time). When both are the same
//! at the next build, nothing is loaded, rendered or written: the build reports what the
//! last one did, warnings included. Any difference (an edited, added or removed file, a new
//! day, a file of OUT changed by hand) makes a full build, which repairs OUT.
//!
//! The note is a hidden file next to OUT (`.public.gongshi-stamp` for `public/`), so it is
//! never published with the site.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::output::{Entry, EntryKind, Listing, folders_of};

/// What the last build into an OUT read, made and said.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    /// Fingerprint of the inputs ([`inputs`]), hex.
    pub inputs: String,
    /// Fingerprint of OUT as the build left it ([`outputs`]), hex.
    pub outputs: String,
    /// Pages the build made.
    pub pages: usize,
    /// Print sheets it made.
    pub sheets: usize,
    /// Files OUT holds.
    pub files: usize,
    /// The warnings it printed, as printed.
    pub report: String,
    /// Fingerprint of what the build read besides the site's files (options, day,
    /// environment, gongshi's version and binary), hex: see [`Inputs::context`].
    #[serde(default)]
    pub context: String,
    /// Each file of the site it read (path relative to the site, `/`-separated) and a
    /// fingerprint of its contents: the next build tells which records changed.
    #[serde(default)]
    pub sources: BTreeMap<String, String>,
}

/// What a build reads, fingerprinted ([`inputs`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inputs {
    /// Of everything together: equal fingerprints, equal builds.
    pub fingerprint: String,
    /// Of what is read besides the site's files (the options, the day, environment
    /// variables, gongshi's version and binary).
    pub context: String,
    /// Of each file of the site, by its path relative to the site.
    pub sources: BTreeMap<String, String>,
}

impl Inputs {
    /// The site's files whose contents differ between `last` and now, added and removed
    /// ones included (relative paths, sorted).
    pub fn changed_since(&self, last: &BTreeMap<String, String>) -> Vec<String> {
        let mut changed: Vec<String> = self
            .sources
            .iter()
            .filter(|(path, hash)| last.get(*path) != Some(*hash))
            .map(|(path, _)| path.clone())
            .collect();
        changed.extend(
            last.keys()
                .filter(|path| !self.sources.contains_key(*path))
                .cloned(),
        );
        changed.sort();
        changed
    }
}

/// The file beside `out` that holds its stamp.
pub fn path(out: &Path) -> PathBuf {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    out.with_file_name(format!(".{name}.gongshi-stamp"))
}

/// The stamp beside `out`, if there is a readable one.
pub fn read(out: &Path) -> Option<Stamp> {
    let text = fs::read_to_string(path(out)).ok()?;
    serde_json::from_str(&text).ok()
}

/// Notes `stamp` beside `out` (written whole, then renamed into place). Best effort: without
/// a stamp the next build is simply a full one.
pub fn write(out: &Path, stamp: &Stamp) {
    let target = path(out);
    // One name for every run: a run killed while writing leaves it for the next to replace.
    let mut partial = target.clone().into_os_string();
    partial.push(".partial");
    let partial = PathBuf::from(partial);
    let Ok(text) = serde_json::to_string(stamp) else {
        return;
    };
    if fs::write(&partial, text).is_err() || fs::rename(&partial, &target).is_err() {
        let _ = fs::remove_file(&partial);
    }
}

/// Removes the stamp beside `out`: OUT is about to change in a way a stamp cannot vouch for.
pub fn remove(out: &Path) {
    let _ = fs::remove_file(path(out));
}

/// Fingerprint of what a build of the site in `root` into `out` reads: every file under
/// `root` (by path and contents; OUT, its hidden siblings and version-control folders
/// excepted, and of other gongshi output folders only their print records), `settings` (the options and anything else the output depends on: the day,
/// environment variables), and the running gongshi binary. `None` when a file cannot be
/// read: then the build is never skipped.
pub fn inputs(root: &Path, out: &Path, settings: &str) -> Option<Inputs> {
    let own = out
        .file_name()
        .map(|n| format!(".{}.", n.to_string_lossy()));
    let parent = out.parent();
    let skipped = |p: &Path| {
        p == out
            || p.file_name().is_some_and(|n| {
                let n = n.to_string_lossy();
                matches!(n.as_ref(), ".git" | ".hg" | ".svn")
                    || (p.parent() == parent && own.as_deref().is_some_and(|o| n.starts_with(o)))
            })
    };
    // Other output folders of gongshi (a `print/`, an old `public/`) can be hundreds of MB:
    // only their print records are read by a build (the self-audit's print evidence).
    let outputs = std::cell::RefCell::new(Vec::new());
    let is_output = |p: &Path| {
        let yes = p.join(crate::output::MARKER).is_file();
        if yes {
            outputs.borrow_mut().push(p.to_path_buf());
        }
        yes
    };
    let mut files = Vec::new();
    let walk = walkdir::WalkDir::new(root)
        .follow_links(true)
        .into_iter()
        .filter_entry(|e| !(skipped(e.path()) || e.file_type().is_dir() && is_output(e.path())));
    for entry in walk {
        let entry = entry.ok()?;
        if entry.file_type().is_file() {
            files.push(entry.into_path());
        }
    }
    let manifest = crate::print::cache::MANIFEST;
    for dir in outputs.into_inner() {
        let records = [
            dir.join(manifest),
            dir.join(crate::routes::PRINT_DIR).join(manifest),
        ];
        files.extend(records.into_iter().filter(|p| p.is_file()));
    }
    files.sort();
    let hashes: Option<Vec<blake3::Hash>> = files
        .par_iter()
        .map(|p| fs::read(p).ok().map(|bytes| blake3::hash(&bytes)))
        .collect();
    let mut context = blake3::Hasher::new();
    context.update(env!("CARGO_PKG_VERSION").as_bytes());
    context.update(&binary_identity());
    context.update(settings.as_bytes());
    let context = context.finalize();
    let mut all = blake3::Hasher::new();
    all.update(context.as_bytes());
    let mut sources = BTreeMap::new();
    for (file, hash) in files.iter().zip(hashes?) {
        let rel = file.strip_prefix(root).unwrap_or(file);
        let rel = rel.to_string_lossy().replace('\\', "/");
        all.update(rel.as_bytes());
        all.update(&[0]);
        all.update(hash.as_bytes());
        // Half the hash is plenty to tell an edit, and keeps the stamp small (10,000 items:
        // 11,000 files).
        sources.insert(rel, hash.to_hex()[..32].to_string());
    }
    Some(Inputs {
        fingerprint: all.finalize().to_hex().to_string(),
        context: context.to_hex().to_string(),
        sources,
    })
}

/// Fingerprint of the files and folders of OUT (as `listing` found them): files by path,
/// size and modification time (a build keeps the time of every file whose bytes it did not
/// change), folders by path.
pub fn outputs(listing: &Listing) -> String {
    fingerprint(listing.iter().collect())
}

/// The fingerprint [`outputs`] gives the listing of a folder that holds exactly `files`
/// (relative paths, `/`-separated, with their entries) and the folders on their way: what a
/// build wrote, fingerprinted without a map of the whole new OUT (at 10,000 items, 8 MB
/// made at the very end of the build, which was its peak).
pub fn outputs_of_files(files: &[(String, Entry)]) -> String {
    let folders = folders_of(files.iter().map(|(rel, _)| rel.as_str()));
    let entries = files
        .iter()
        .map(|(rel, entry)| (rel.as_str(), entry))
        .chain(folders.into_iter().map(|rel| (rel, &Entry::FOLDER)))
        .collect();
    fingerprint(entries)
}

/// Files by path, size and time, folders by path alone, in the order of their paths.
fn fingerprint(mut entries: Vec<(&str, &Entry)>) -> String {
    entries.sort_unstable_by_key(|(rel, _)| *rel);
    let mut all = blake3::Hasher::new();
    for (rel, entry) in entries {
        all.update(rel.as_bytes());
        all.update(&[0, u8::from(entry.kind == EntryKind::Dir)]);
        // A folder by its name alone: what changes in it changes its entries, which are
        // listed, and a build knows its folders' names but not their final times.
        if entry.kind != EntryKind::Dir {
            all.update(&entry.len.to_le_bytes());
            all.update(&entry.modified.to_le_bytes());
        }
    }
    all.finalize().to_hex().to_string()
}

/// The running binary's size and modification time: a rebuilt gongshi makes the next build
/// a full one even when its version number did not change.
fn binary_identity() -> Vec<u8> {
    let meta = std::env::current_exe().and_then(fs::metadata);
    let Ok(meta) = meta else {
        return b"unknown".to_vec();
    };
    let mut id = meta.len().to_le_bytes().to_vec();
    id.extend_from_slice(&crate::output::modified_nanos(&meta).to_le_bytes());
    id
}
