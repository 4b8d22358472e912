//! Putting imported files on disk: never over a file that differs unless forced, and always
//! through a temporary name and a rename, so that a killed import leaves whole files only.

use std::path::Path;

/// What happens to one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// A new file.
    Created,
    /// An existing file with other content, replaced (`--force`).
    Updated,
    /// The file already says exactly this.
    Unchanged,
    /// An existing file with other content, left alone (no `--force`).
    Conflict,
}

/// Decides what writing `bytes` to `path` would do.
pub fn outcome(path: &Path, bytes: &[u8], force: bool) -> Outcome {
    match std::fs::read(path) {
        Ok(existing) if existing == bytes => Outcome::Unchanged,
        Ok(_) if force => Outcome::Updated,
        Ok(_) => Outcome::Conflict,
        Err(_) if path.exists() => Outcome::Conflict,
        Err(_) => Outcome::Created,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_overwrites_without_force() {
        let dir = tempfile::tempdir().expect("temp");
        let path = dir.path().join("items/a.yaml");
        assert_eq!(outcome(&path, b"x", false), Outcome::Created);
        crate::output::write_file_atomic(&path, b"x").expect("write");
        assert_eq!(outcome(&path, b"x", false), Outcome::Unchanged);
        assert_eq!(outcome(&path, b"y", false), Outcome::Conflict);
        assert_eq!(outcome(&path, b"y", true), Outcome::Updated);
        let names: Vec<_> = std::fs::read_dir(dir.path().join("items"))
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names, ["a.yaml"], "no temporary file is left");
    }
}
