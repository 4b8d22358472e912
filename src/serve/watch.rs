//! Watching the site for changes: site.yaml, content/, fonts/, templates/ and themes/, with a
//! short debounce so that an editor's save (often a write to a temporary file and a rename)
//! arrives as one batch. Editor temporary and swap files are ignored; what remains is a list
//! of paths the incremental builder re-reads by their state on disk, so creations, edits,
//! deletions and renames all take the same road.

use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

use notify::RecursiveMode;
use notify::event::{AccessKind, AccessMode, EventKind};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

/// The folders of a site that are watched (recursively) when they exist.
pub const WATCHED_DIRS: &[&str] = &["content", "fonts", "templates", "themes"];

/// How long events are collected before a rebuild.
pub const DEBOUNCE: Duration = Duration::from_millis(25);

/// True for editor temporary, swap and backup files, which never trigger a rebuild:
/// vim's `.swp`/`.swx` and its `4913` probe, `file~` backups, Emacs `.#file` locks and
/// `#file#` autosaves, `.tmp` files, JetBrains `___jb_tmp___` and Chrome/VS Code `.crswap`,
/// and hidden files.
pub fn is_ignored(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    let lower = name.to_ascii_lowercase();
    name == "4913"
        || name.starts_with('.')
        || name.starts_with('~')
        || name.ends_with('~')
        || (name.starts_with('#') && name.ends_with('#'))
        || [
            ".swp",
            ".swx",
            ".swo",
            ".tmp",
            ".temp",
            ".bak",
            ".crswap",
            "___jb_tmp___",
            "___jb_old___",
        ]
        .iter()
        .any(|ext| lower.ends_with(ext))
}

/// True when `path` is something the site reads: site.yaml or a file in a watched folder.
pub fn is_relevant(root: &Path, path: &Path) -> bool {
    if is_ignored(path) {
        return false;
    }
    path == root.join("site.yaml") || WATCHED_DIRS.iter().any(|d| path.starts_with(root.join(d)))
}

/// What the serve loop reacts to.
#[derive(Debug)]
pub enum Event {
    /// These relevant paths changed (created, modified, removed or renamed).
    Changed(Vec<PathBuf>),
    /// The watcher reported a problem.
    WatchError(String),
    /// Ctrl-C or a termination signal.
    Stop,
}

/// True for events that may change what a file holds. Reading a file (which the rebuild
/// itself does) reports opens and closes; reacting to them would rebuild forever.
fn changes_content(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

/// A running watcher; dropping it stops watching.
pub struct Watcher {
    root: PathBuf,
    debouncer: Debouncer<notify::RecommendedWatcher, RecommendedCache>,
    watched: Vec<PathBuf>,
}

impl Watcher {
    /// Starts watching the site in `root` (canonical); batches of relevant changed paths are
    /// sent through `to` (an empty batch is never sent). Watch errors are sent as text.
    pub fn start(root: &Path, to: Sender<Event>) -> notify::Result<Watcher> {
        let filter_root = root.to_path_buf();
        let debouncer = new_debouncer(DEBOUNCE, None, move |result: DebounceEventResult| {
            let message = match result {
                Ok(events) => {
                    let mut paths: Vec<PathBuf> = events
                        .into_iter()
                        .filter(|e| changes_content(&e.event.kind))
                        .flat_map(|e| e.event.paths)
                        .filter(|p| is_relevant(&filter_root, p))
                        .collect();
                    paths.sort();
                    paths.dedup();
                    if paths.is_empty() {
                        return;
                    }
                    Event::Changed(paths)
                }
                Err(errors) => Event::WatchError(
                    errors
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join("; "),
                ),
            };
            let _ = to.send(message);
        })?;
        let mut watcher = Watcher {
            root: root.to_path_buf(),
            debouncer,
            watched: Vec::new(),
        };
        watcher.debouncer.watch(root, RecursiveMode::NonRecursive)?;
        watcher.watch_new_folders();
        Ok(watcher)
    }

    /// Starts watching the site's folders that exist now and were not watched yet (call after
    /// each batch: a `templates/` folder may have been created).
    pub fn watch_new_folders(&mut self) {
        for dir in WATCHED_DIRS {
            let path = self.root.join(dir);
            if path.is_dir() && !self.watched.contains(&path) {
                if self
                    .debouncer
                    .watch(&path, RecursiveMode::Recursive)
                    .is_ok()
                {
                    self.watched.push(path);
                }
            } else if !path.is_dir() && self.watched.contains(&path) {
                let _ = self.debouncer.unwatch(&path);
                self.watched.retain(|p| p != &path);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_files_are_ignored() {
        for name in [
            ".a.yaml.swp",
            "a.yaml~",
            "4913",
            ".#a.yaml",
            "#a.yaml#",
            "a.yaml.tmp",
            "a.yaml.crswap",
            "a.yaml___jb_tmp___",
        ] {
            assert!(
                is_ignored(Path::new("/s/content/items").join(name).as_path()),
                "{name}"
            );
        }
        for name in ["a.yaml", "b.md", "photo.jpg", "x"] {
            assert!(
                !is_ignored(Path::new("/s/content/items").join(name).as_path()),
                "{name}"
            );
        }
    }

    #[test]
    fn only_site_files_are_relevant() {
        let root = Path::new("/s");
        assert!(is_relevant(root, Path::new("/s/site.yaml")));
        assert!(is_relevant(root, Path::new("/s/content/items/a.yaml")));
        assert!(is_relevant(root, Path::new("/s/templates/item.html")));
        assert!(!is_relevant(root, Path::new("/s/public/index.html")));
        assert!(!is_relevant(root, Path::new("/s/target/debug/x")));
        assert!(!is_relevant(root, Path::new("/s/Cargo.lock")));
    }
}

#[cfg(test)]
mod kind_tests {
    use super::*;
    use notify::event::{AccessKind, AccessMode, CreateKind, ModifyKind};

    #[test]
    fn reads_do_not_trigger_rebuilds() {
        assert!(!changes_content(&EventKind::Access(AccessKind::Open(
            AccessMode::Any
        ))));
        assert!(!changes_content(&EventKind::Access(AccessKind::Close(
            AccessMode::Read
        ))));
        assert!(changes_content(&EventKind::Access(AccessKind::Close(
            AccessMode::Write
        ))));
        assert!(changes_content(&EventKind::Modify(ModifyKind::Any)));
        assert!(changes_content(&EventKind::Create(CreateKind::File)));
    }
}
