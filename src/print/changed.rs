//! What `gongshi print --changed-since` compares with: a previous `manifest.json`, a git
//! revision of the site, or a date (the site as last committed before that day). A revision is
//! read with git's plumbing (`ls-tree` and one `cat-file --batch`) into a private temporary
//! folder, so neither the work tree nor the repository is touched; the caller loads the site
//! there and hashes its sheets without rendering them.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use super::cache::Manifest;
use crate::content::Date;
use crate::content::reader::parse_date;

/// What the argument of `--changed-since` names.
#[derive(Debug, Clone, PartialEq)]
pub enum Baseline {
    /// A manifest read from a file.
    Manifest(Manifest),
    /// A git revision (hash, tag, branch, `HEAD~3`).
    Revision(String),
    /// The last commit before this day.
    Date(Date),
}

/// Reads the argument: an existing file must be a manifest; `YYYY-MM-DD` is a date; anything
/// else a revision.
pub fn parse(arg: &str, cwd: &Path) -> Result<Baseline, String> {
    let path = cwd.join(arg);
    if path.is_file() {
        return Manifest::read(&path)
            .map(Baseline::Manifest)
            .ok_or_else(|| {
                format!(
                    "{} is not a gongshi manifest.json (print/manifest.json of an earlier run)",
                    path.display()
                )
            });
    }
    let looks_like_date = arg.len() >= 8 && arg.chars().take(4).all(|c| c.is_ascii_digit());
    if looks_like_date && let Some(date) = parse_date(arg) {
        return Ok(Baseline::Date(date));
    }
    if arg.trim().is_empty() || arg.starts_with('-') {
        return Err(format!(
            "`{arg}` is neither a manifest file, a date nor a revision"
        ));
    }
    Ok(Baseline::Revision(arg.trim().to_string()))
}

/// A copy of the site folder `root` as committed at a revision (or the last commit before a
/// date), in a temporary folder removed on drop.
pub struct Snapshot {
    /// The copied site folder.
    pub root: PathBuf,
    /// The commit it was taken from.
    pub commit: String,
}

impl Drop for Snapshot {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

fn git(root: &Path, args: &[&str]) -> Result<String, String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run git ({e}); install git or pass a manifest.json"))?;
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).trim().to_string());
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// The commit a revision or date names in the repository that holds `root`.
pub fn commit(root: &Path, baseline: &Baseline) -> Result<String, String> {
    git(root, &["rev-parse", "--is-inside-work-tree"]).map_err(|_| {
        format!(
            "{} is not in a git repository; pass a manifest.json instead of a revision or date",
            root.display()
        )
    })?;
    match baseline {
        Baseline::Manifest(_) => Err("a manifest needs no commit".into()),
        Baseline::Revision(rev) => git(
            root,
            &[
                "rev-parse",
                "--verify",
                "--quiet",
                &format!("{rev}^{{commit}}"),
            ],
        )
        .map_err(|_| format!("`{rev}` is not a revision of this repository")),
        Baseline::Date(date) => {
            let before = format!("--before={date} 00:00");
            let found = git(root, &["rev-list", "-1", &before, "HEAD"])?;
            if found.is_empty() {
                Err(format!("no commit before {date}"))
            } else {
                Ok(found)
            }
        }
    }
}

/// Copies the site folder `root` as committed in `commit` into a new temporary folder.
pub fn snapshot(root: &Path, commit: &str) -> Result<Snapshot, String> {
    let prefix = git(root, &["rev-parse", "--show-prefix"])?;
    let tree = format!("{commit}:{prefix}");
    let listing = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["ls-tree", "-r", "-z", &tree])
        .output()
        .map_err(|e| e.to_string())?;
    if !listing.status.success() {
        return Err(format!(
            "the site folder is not in commit {commit}: {}",
            String::from_utf8_lossy(&listing.stderr).trim()
        ));
    }
    // `<mode> blob <oid>\t<path>` entries, NUL-separated; submodules and links are skipped.
    let mut blobs = Vec::new();
    for entry in listing.stdout.split(|b| *b == 0).filter(|e| !e.is_empty()) {
        let entry = String::from_utf8_lossy(entry);
        let Some((meta, path)) = entry.split_once('\t') else {
            continue;
        };
        let parts: Vec<&str> = meta.split(' ').collect();
        if parts.len() == 3 && parts[1] == "blob" && parts[0] != "120000" {
            blobs.push((parts[2].to_string(), path.to_string()));
        }
    }
    let dir = std::env::temp_dir().join(format!(
        "gongshi-since-{}-{}",
        std::process::id(),
        &commit[..commit.len().min(12)]
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let snapshot = Snapshot {
        root: dir,
        commit: commit.to_string(),
    };
    let mut child = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| e.to_string())?;
    let mut stdin = child.stdin.take().ok_or("git cat-file has no input")?;
    let ids: String = blobs.iter().map(|(oid, _)| format!("{oid}\n")).collect();
    // Write from a thread: git answers while we are still asking.
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(ids.as_bytes());
    });
    let mut out = BufReader::new(child.stdout.take().ok_or("git cat-file has no output")?);
    for (_, path) in &blobs {
        let mut header = String::new();
        out.read_line(&mut header).map_err(|e| e.to_string())?;
        let size: usize = header
            .split_whitespace()
            .nth(2)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| format!("unexpected answer from git cat-file: {header}"))?;
        let mut bytes = vec![0; size + 1];
        out.read_exact(&mut bytes).map_err(|e| e.to_string())?;
        bytes.pop();
        let rel = Path::new(path);
        if rel
            .components()
            .any(|c| !matches!(c, std::path::Component::Normal(_)))
        {
            continue;
        }
        let target = snapshot.root.join(rel);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| e.to_string())?;
        }
        std::fs::write(&target, bytes).map_err(|e| e.to_string())?;
    }
    let _ = writer.join();
    let _ = child.wait();
    Ok(snapshot)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_dates_and_revisions() {
        let here = Path::new(".");
        assert_eq!(
            parse("2026-03-01", here),
            Ok(Baseline::Date(Date {
                year: 2026,
                month: 3,
                day: 1
            }))
        );
        assert_eq!(
            parse("a1b2c3d", here),
            Ok(Baseline::Revision("a1b2c3d".into()))
        );
        assert_eq!(
            parse("HEAD~2", here),
            Ok(Baseline::Revision("HEAD~2".into()))
        );
        assert!(parse("--x", here).is_err());
        assert!(parse("Cargo.toml", Path::new(env!("CARGO_MANIFEST_DIR"))).is_err());
    }
}
