//! What OUT holds, read once per build. A rebuild asks three questions of the previous OUT:
//! is it as the last build left it (the stamp's fingerprint), which of its files may be
//! linked instead of written (the writer), and which pages are there to keep. At 10,000
//! items OUT has 34,000 entries, and walking it once for each question was a tenth of a
//! rebuild after a small edit; one listing now answers all three.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::io;
use std::path::Path;
use std::time::UNIX_EPOCH;

use rayon::prelude::*;

/// Every entry under a folder, by `/`-separated path relative to it (symbolic links are
/// listed, never followed).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Listing {
    entries: HashMap<String, Entry>,
}

/// One entry of a [`Listing`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    /// What it is.
    pub kind: EntryKind,
    /// Its size in bytes (of the link itself for a symbolic link).
    pub len: u64,
    /// Its modification time, in nanoseconds since 1970 (0 where the system has none).
    pub modified: u128,
}

/// The folders on the way to `paths` (relative, `/`-separated), each once: the folders a
/// writer makes for its files, which a listing of what it wrote holds too.
pub fn folders_of<'a>(paths: impl IntoIterator<Item = &'a str>) -> HashSet<&'a str> {
    let mut folders = HashSet::new();
    for path in paths {
        let mut up = path;
        while let Some((parent, _)) = up.rsplit_once('/') {
            if !folders.insert(parent) {
                break;
            }
            up = parent;
        }
    }
    folders
}

impl Entry {
    /// A folder as a fingerprint reads it: by its path alone, its size and time left 0 (a
    /// folder changes with its entries, which are listed).
    pub const FOLDER: Entry = Entry {
        kind: EntryKind::Dir,
        len: 0,
        modified: 0,
    };

    /// The entry of a file or folder with this metadata (of the entry itself, not followed).
    pub fn of(meta: &fs::Metadata) -> Entry {
        let kind = if meta.is_dir() {
            EntryKind::Dir
        } else if meta.is_file() {
            EntryKind::File
        } else {
            EntryKind::Other
        };
        Entry {
            kind,
            len: meta.len(),
            modified: modified_nanos(meta),
        }
    }
}

/// What an entry of a [`Listing`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    /// A regular file.
    File,
    /// A folder.
    Dir,
    /// Anything else (a symbolic link, a socket): always replaced, never followed.
    Other,
}

impl Listing {
    /// Lists the folder `dir` (its subfolders in parallel: OUT has one folder per page).
    pub fn read(dir: &Path) -> io::Result<Listing> {
        let mut entries = HashMap::new();
        for (rel, entry) in scan(dir, "")? {
            entries.insert(rel, entry);
        }
        Ok(Listing { entries })
    }

    /// The listing of a folder holding exactly `files` (relative paths, `/`-separated) and
    /// the folders on their way; a folder's size and time are left 0, as no fingerprint of
    /// a listing reads them (a folder changes with its entries, which are listed). Tests
    /// hold the writer's record of the new OUT to a walk of it with this.
    #[cfg(test)]
    pub fn of_files(files: Vec<(String, Entry)>) -> Listing {
        let folders: Vec<String> = folders_of(files.iter().map(|(rel, _)| rel.as_str()))
            .into_iter()
            .map(str::to_owned)
            .collect();
        let entries = folders
            .into_iter()
            .map(|rel| (rel, Entry::FOLDER))
            .chain(files)
            .collect();
        Listing { entries }
    }

    /// The entry at `rel` (`/`-separated, relative to the listed folder).
    pub fn get(&self, rel: &str) -> Option<&Entry> {
        self.entries.get(rel)
    }

    /// Whether a regular file is at `rel`.
    pub fn is_file(&self, rel: &str) -> bool {
        self.get(rel).is_some_and(|e| e.kind == EntryKind::File)
    }

    /// Every entry, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Entry)> {
        self.entries.iter().map(|(rel, e)| (rel.as_str(), e))
    }

    /// How many entries there are.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the folder was empty.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// Every entry under `dir`, named `rel/…` (`rel` empty at the top).
fn scan(dir: &Path, rel: &str) -> io::Result<Vec<(String, Entry)>> {
    let listed: Vec<fs::DirEntry> = fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    let parts: Vec<Vec<(String, Entry)>> = listed
        .par_iter()
        .map(|e| {
            // The entry itself: a symbolic link is not followed.
            let meta = e.metadata()?;
            let name = e.file_name();
            let name = if rel.is_empty() {
                name.to_string_lossy().into_owned()
            } else {
                format!("{rel}/{}", name.to_string_lossy())
            };
            let mut found = if meta.is_dir() {
                scan(&e.path(), &name)?
            } else {
                Vec::new()
            };
            found.push((name, Entry::of(&meta)));
            Ok(found)
        })
        .collect::<io::Result<_>>()?;
    Ok(parts.into_iter().flatten().collect())
}

/// A file's modification time in nanoseconds since 1970 (0 where the system has none).
pub fn modified_nanos(meta: &fs::Metadata) -> u128 {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_files_and_folders_at_every_depth_by_relative_path() {
        let dir = tempfile::tempdir().expect("temp dir");
        fs::create_dir_all(dir.path().join("a/b")).expect("folders");
        fs::write(dir.path().join("top.html"), "12345").expect("file");
        fs::write(dir.path().join("a/b/deep.html"), "x").expect("file");
        let listing = Listing::read(dir.path()).expect("listing");
        assert_eq!(listing.len(), 4);
        assert!(listing.is_file("top.html"));
        assert!(listing.is_file("a/b/deep.html"));
        assert!(!listing.is_file("a/b"));
        assert_eq!(listing.get("a").map(|e| e.kind), Some(EntryKind::Dir));
        assert_eq!(listing.get("top.html").map(|e| e.len), Some(5));
        assert!(listing.get("missing").is_none());
    }

    #[cfg(unix)]
    #[test]
    fn a_symbolic_link_is_listed_not_followed() {
        let dir = tempfile::tempdir().expect("temp dir");
        fs::create_dir_all(dir.path().join("real")).expect("folder");
        fs::write(dir.path().join("real/page.html"), "x").expect("file");
        std::os::unix::fs::symlink(dir.path().join("real"), dir.path().join("link")).expect("link");
        let listing = Listing::read(dir.path()).expect("listing");
        assert_eq!(listing.get("link").map(|e| e.kind), Some(EntryKind::Other));
        assert!(listing.get("link/page.html").is_none());
    }

    #[test]
    fn a_missing_folder_is_an_error() {
        let dir = tempfile::tempdir().expect("temp dir");
        assert!(Listing::read(&dir.path().join("absent")).is_err());
    }
}
