//! Reusing unchanged sheets: each sheet's content hash (data, files, template, sheet, profile,
//! PDF standard and gongshi's version) is kept in a manifest beside the sheets, with its page
//! count and the printed resolution of its photos; a sheet whose hash is unchanged is copied
//! from the previous output instead of rendered again, and what the manifest says about it
//! stands in for the rendering (the print order's page counts, the photo warnings).

use std::collections::BTreeMap;
use std::path::Path;

use super::FontStore;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::plan::{PrintSettings, SheetJob};
use crate::output::OutputFile;
use crate::routes;

/// The manifest kept beside the sheets (`print/manifest.json`).
pub const MANIFEST: &str = "manifest.json";

/// The manifest's format version; older manifests are read for their hashes only.
const MANIFEST_VERSION: u32 = 2;

/// What the manifest keeps about one sheet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct SheetRecord {
    /// The content hash (BLAKE3, hex).
    pub hash: String,
    /// Pages of the PDF (a board continued on more sheets has more); 0 when unknown (an
    /// older manifest).
    #[serde(default)]
    pub pages: usize,
    /// Each photo's resolution where it prints largest, by virtual file (`/photos/a.jpg`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub photo_dpi: BTreeMap<String, f64>,
}

/// A print run's manifest: sheet path (relative to the output) → what was printed.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Manifest {
    /// The sheets, by path (`print/guide/a.pdf` in a build, `guide/a.pdf` from `print`).
    pub sheets: BTreeMap<String, SheetRecord>,
    /// Documents about the sheets (the print order), by path; kept to reuse them, never
    /// compared as sheets.
    pub documents: BTreeMap<String, SheetRecord>,
    /// The sheet hashes this run's print order was compared with (path → hash): the run
    /// before the last one that changed anything, so printing again without an edit keeps
    /// the order's new/changed flags (and its bytes) instead of turning them all unchanged.
    pub baseline: BTreeMap<String, String>,
}

#[derive(Serialize, Deserialize)]
struct ManifestFile {
    version: u32,
    sheets: BTreeMap<String, SheetRecord>,
    #[serde(default)]
    documents: BTreeMap<String, SheetRecord>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    baseline: BTreeMap<String, String>,
}

impl Manifest {
    /// Reads a manifest file; `None` when it is missing or not a manifest. A manifest of an
    /// older gongshi (path → hash) gives its hashes with unknown page counts.
    pub fn read(path: &Path) -> Option<Manifest> {
        let text = std::fs::read_to_string(path).ok()?;
        Manifest::parse(&text)
    }

    /// Parses a manifest's text (see [`Manifest::read`]).
    pub fn parse(text: &str) -> Option<Manifest> {
        let value: Value = serde_json::from_str(text).ok()?;
        if value.get("version").is_some() {
            let file: ManifestFile = serde_json::from_value(value).ok()?;
            return Some(Manifest {
                sheets: file.sheets,
                documents: file.documents,
                baseline: file.baseline,
            });
        }
        let flat: BTreeMap<String, String> = serde_json::from_value(value).ok()?;
        Some(Manifest {
            sheets: flat
                .into_iter()
                .map(|(path, hash)| {
                    let record = SheetRecord {
                        hash,
                        ..SheetRecord::default()
                    };
                    (path, record)
                })
                .collect(),
            documents: BTreeMap::new(),
            baseline: BTreeMap::new(),
        })
    }

    /// What this run's print order compares with, given the sheets it printed: the previous
    /// run's own baseline when nothing differs from it (a reprint without an edit), else the
    /// previous run's sheets.
    pub fn next_baseline(
        &self,
        printed: &BTreeMap<String, SheetRecord>,
    ) -> BTreeMap<String, String> {
        let same = self.sheets.len() == printed.len()
            && self
                .sheets
                .iter()
                .zip(printed)
                .all(|((p1, r1), (p2, r2))| p1 == p2 && r1.hash == r2.hash);
        if same {
            self.baseline.clone()
        } else {
            self.sheets
                .iter()
                .map(|(path, record)| (path.clone(), record.hash.clone()))
                .collect()
        }
    }

    /// A manifest of just the hashes in `baseline`, to compare sheets with.
    pub fn of_hashes(baseline: &BTreeMap<String, String>) -> Manifest {
        Manifest {
            sheets: baseline
                .iter()
                .map(|(path, hash)| {
                    let record = SheetRecord {
                        hash: hash.clone(),
                        ..SheetRecord::default()
                    };
                    (path.clone(), record)
                })
                .collect(),
            ..Manifest::default()
        }
    }

    /// The manifest of the print folder `prefix` inside `out`; empty when there is none.
    pub fn of_output(out: Option<&Path>, prefix: &str) -> Manifest {
        out.and_then(|out| Manifest::read(&out.join(prefix).join(MANIFEST)))
            .unwrap_or_default()
    }

    /// The record of a sheet whose path, with the folder prefix taken off, is `rel`
    /// (`guide/a.pdf`), whatever folder the manifest was written for.
    pub fn find(&self, rel: &str) -> Option<&SheetRecord> {
        self.sheets.iter().find_map(|(path, record)| {
            let stripped = path.strip_prefix(routes::PRINT_DIR).unwrap_or(path);
            (stripped == rel).then_some(record)
        })
    }

    /// The manifest file of this run in the print folder `prefix`.
    pub fn file(&self, prefix: &str) -> OutputFile<'static> {
        let file = ManifestFile {
            version: MANIFEST_VERSION,
            sheets: self.sheets.clone(),
            documents: self.documents.clone(),
            baseline: self.baseline.clone(),
        };
        OutputFile::bytes(
            format!("{prefix}{MANIFEST}"),
            serde_json::to_string_pretty(&file).unwrap_or_default(),
        )
    }
}

/// The sheet and its thumbnail copied from the previous output, when the previous manifest
/// has the same `hash` and a page count for it and both files are still there.
pub fn reuse(
    job: &SheetJob,
    hash: &str,
    previous: &Manifest,
    previous_out: Option<&Path>,
) -> Option<(Vec<OutputFile<'static>>, SheetRecord)> {
    let out = previous_out?;
    let record = previous.sheets.get(&job.path)?;
    if record.hash != hash || record.pages == 0 {
        return None;
    }
    let prev = out.join(&job.path);
    let thumb = routes::thumbnail(&job.path);
    let prev_thumb = out.join(&thumb);
    (prev.is_file() && prev_thumb.is_file()).then(|| {
        let files = vec![
            OutputFile::copy(job.path.clone(), prev),
            OutputFile::copy(thumb, prev_thumb),
        ];
        (files, record.clone())
    })
}

/// The hash of everything that makes a sheet: template, shared Typst files, data, virtual
/// files (the QR code by its address), sheet, profile, PDF standard and gongshi's version.
pub fn content_hash(
    job: &SheetJob,
    settings: &PrintSettings,
    template: &str,
    common: &str,
    labels: &str,
    fonts: &FontStore,
) -> String {
    let mut h = blake3::Hasher::new();
    h.update(fonts.choice().as_bytes());
    h.update(fonts.default_families().join(",").as_bytes());
    h.update(template.as_bytes());
    h.update(common.as_bytes());
    h.update(labels.as_bytes());
    h.update(super::GONGSHI_TYP.as_bytes());
    // Streamed into the hasher: no JSON text is built for sheets that are reused.
    let _ = serde_json::to_writer(&mut h, &job.parts.data);
    for (path, bytes) in &job.parts.files {
        h.update(path.as_bytes());
        h.update(blake3::hash(bytes).as_bytes());
    }
    if let Some(url) = &job.parts.qr_url {
        h.update(super::data::QR_FILE.as_bytes());
        h.update(url.as_bytes());
    }
    h.update(job.title.as_bytes());
    h.update(
        format!(
            "{:?}{:?}{:?}{:?}{:?}{}",
            job.sheet.width_mm,
            job.sheet.height_mm,
            settings.profile.name(),
            settings.lang,
            settings.standard.map(crate::content::Vocabulary::word),
            env!("CARGO_PKG_VERSION")
        )
        .as_bytes(),
    );
    h.finalize().to_hex().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_both_manifest_formats() {
        let old = Manifest::parse(r#"{"print/guide/a.pdf": "abc"}"#).expect("old");
        assert_eq!(old.sheets["print/guide/a.pdf"].hash, "abc");
        assert_eq!(old.sheets["print/guide/a.pdf"].pages, 0);
        let mut new = Manifest::default();
        new.sheets.insert(
            "guide/a.pdf".into(),
            SheetRecord {
                hash: "h".into(),
                pages: 2,
                photo_dpi: BTreeMap::new(),
            },
        );
        let crate::output::Contents::Bytes(bytes) = new.file("").contents else {
            panic!("a manifest is bytes");
        };
        let text = String::from_utf8(bytes).expect("utf8");
        assert_eq!(Manifest::parse(&text), Some(new.clone()));
        assert_eq!(new.find("guide/a.pdf").map(|r| r.pages), Some(2));
        assert!(Manifest::parse("[1, 2]").is_none());
    }
}
