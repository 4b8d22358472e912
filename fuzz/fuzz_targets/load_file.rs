//! Whole-file loading of every content kind and of `site.yaml`. The first byte picks the
//! kind (the last choice is `site.yaml`) and whether the file is Markdown; the rest is the
//! file, read exactly as the loader reads it after taking it from disk, then checked as a
//! site of that one record.
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use gongshi::check;
use gongshi::content::load;
use gongshi::content::paths::ContentRoot;
use gongshi::content::{Config, Kind, Site, Vocabulary, yaml};
use libfuzzer_sys::fuzz_target;

fn content_root() -> &'static ContentRoot {
    static ROOT: OnceLock<ContentRoot> = OnceLock::new();
    ROOT.get_or_init(|| ContentRoot::new(Path::new("/nonexistent-gongshi-fuzz/content")))
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, file)) = data.split_first() else {
        return;
    };
    let kinds = Kind::ALL;
    let choice = usize::from(selector >> 1) % (kinds.len() + 1);
    let Ok(text) = yaml::decode(file, "fuzz") else {
        return;
    };
    match kinds.get(choice) {
        Some(&kind) => {
            let is_md = kind.is_markdown() || selector & 1 == 1;
            let ext = if is_md { "md" } else { "yaml" };
            let rel = format!("content/{}/fuzz.{ext}", kind.folder());
            let (record, _) = load::read_record(kind, &text, is_md, &rel, "fuzz", content_root());
            let site = Site::assemble("/".into(), Config::default(), record.into_iter().collect());
            let _ = check::check(&site);
        }
        None => {
            let (config, _) = load::read_config(&text, "site.yaml");
            let _ = check::check(&Site::assemble("/".into(), config, Vec::new()));
        }
    }
});
