//! Reusing unchanged sheets: each sheet's content hash (data, files, template, sheet, profile
//! and gongshi's version) is kept in a manifest beside the sheets; a sheet whose hash is
//! unchanged is copied from the previous output instead of rendered again.

use std::collections::BTreeMap;
use std::path::Path;

use super::FontStore;
use super::plan::{PrintSettings, SheetJob};
use crate::output::OutputFile;
use crate::routes;

/// The manifest of content hashes kept beside the sheets so unchanged ones are not
/// re-rendered.
pub const MANIFEST: &str = "manifest.json";

/// The content hashes of the sheets in the previous output's print folder (`prefix` inside
/// `previous_out`); empty when there is none.
pub fn previous_hashes(previous_out: Option<&Path>, prefix: &str) -> BTreeMap<String, String> {
    previous_out
        .and_then(|out| std::fs::read_to_string(out.join(prefix).join(MANIFEST)).ok())
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default()
}

/// The manifest file of this run: sheet path → content hash.
pub fn manifest(prefix: &str, hashes: &BTreeMap<String, String>) -> OutputFile {
    OutputFile::bytes(
        format!("{prefix}{MANIFEST}"),
        serde_json::to_string_pretty(hashes).unwrap_or_default(),
    )
}

/// The sheet and its thumbnail copied from the previous output, when its hash there is
/// `hash` and both files are still there.
pub fn reuse(
    job: &SheetJob,
    hash: &str,
    previous: &BTreeMap<String, String>,
    previous_out: Option<&Path>,
) -> Option<Vec<OutputFile>> {
    let out = previous_out?;
    if previous.get(&job.path).map(String::as_str) != Some(hash) {
        return None;
    }
    let prev = out.join(&job.path);
    let thumb = routes::thumbnail(&job.path);
    let prev_thumb = out.join(&thumb);
    (prev.is_file() && prev_thumb.is_file()).then(|| {
        vec![
            OutputFile::copy(job.path.clone(), prev),
            OutputFile::copy(thumb, prev_thumb),
        ]
    })
}

/// The hash of everything that makes a sheet: template, shared Typst files, data, virtual
/// files, sheet, profile and gongshi's version.
pub fn content_hash(
    job: &SheetJob,
    settings: &PrintSettings,
    template: &str,
    common: &str,
    fonts: &FontStore,
) -> String {
    let mut h = blake3::Hasher::new();
    h.update(fonts.choice().as_bytes());
    h.update(fonts.default_families().join(",").as_bytes());
    h.update(template.as_bytes());
    h.update(common.as_bytes());
    h.update(super::GONGSHI_TYP.as_bytes());
    h.update(job.parts.data.to_string().as_bytes());
    for (path, bytes) in &job.parts.files {
        h.update(path.as_bytes());
        h.update(blake3::hash(bytes).as_bytes());
    }
    h.update(
        format!(
            "{:?}{:?}{:?}{}",
            job.sheet.width_mm,
            job.sheet.height_mm,
            settings.profile.name(),
            env!("CARGO_PKG_VERSION")
        )
        .as_bytes(),
    );
    h.finalize().to_hex().to_string()
}
