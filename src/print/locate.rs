//! Pointing a character that no font has at the line of content that holds it, so the
//! error names the record and the line, not only the sheet.

use std::path::Path;

use crate::diag::Location;

/// The first place `c` occurs: in `first` (the sheet's own record, relative to `root`),
/// else in site.yaml or any YAML/Markdown file under `content/`, in path order. Runs only
/// when a sheet has failed, so reading files again costs nothing in a good build.
pub(crate) fn find_char(root: &Path, first: &str, c: char) -> Option<Location> {
    let mut files = vec![first.to_string(), "site.yaml".to_string()];
    let mut content: Vec<String> = walkdir::WalkDir::new(root.join("content"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| {
            e.file_type().is_file()
                && e.path()
                    .extension()
                    .is_some_and(|x| x == "yaml" || x == "yml" || x == "md")
        })
        .filter_map(|e| {
            let rel = e.path().strip_prefix(root).ok()?;
            Some(rel.to_string_lossy().replace('\\', "/"))
        })
        .collect();
    content.sort();
    files.extend(content);
    files
        .iter()
        .find_map(|file| find_in(&root.join(file), c).map(|(line, column)| (file, line, column)))
        .map(|(file, line, column)| Location {
            file: file.clone(),
            line,
            column,
            len: 1,
        })
}

/// 1-based line and column (in characters) of the first `c` in a text file.
fn find_in(path: &Path, c: char) -> Option<(usize, usize)> {
    let text = std::fs::read_to_string(path).ok()?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    text.lines().enumerate().find_map(|(i, line)| {
        let column = line.chars().position(|x| x == c)?;
        Some((i + 1, column + 1))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_record_line_first_then_any_content_file() {
        let dir = tempfile::tempdir().expect("temp");
        let root = dir.path();
        std::fs::create_dir_all(root.join("content/items")).expect("mkdir");
        std::fs::write(root.join("site.yaml"), "title: 中心\n").expect("write");
        std::fs::write(
            root.join("content/items/a.yaml"),
            "\u{feff}name: 甲\r\nnote: 吉𠮷\r\n",
        )
        .expect("write");
        std::fs::write(root.join("content/items/b.yaml"), "name: 𠮷\n").expect("write");
        let at = find_char(root, "content/items/b.yaml", '𠮷').expect("found");
        assert_eq!(
            (at.file.as_str(), at.line, at.column),
            ("content/items/b.yaml", 1, 7)
        );
        let at = find_char(root, "site.yaml", '𠮷').expect("found");
        assert_eq!(
            (at.file.as_str(), at.line, at.column),
            ("content/items/a.yaml", 2, 8)
        );
        assert!(find_char(root, "site.yaml", '丙').is_none());
    }
}
