//! Front matter splitting and YAML parsing of arbitrary bytes: decoding (BOM, GBK refusal),
//! `---` splitting, then the YAML tree with its budgets.
#![no_main]

use gongshi::content::yaml;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = yaml::decode(data, "fuzz.md") else {
        return;
    };
    if let Ok(fm) = yaml::split_front_matter(&text, "fuzz.md") {
        // The three parts are consecutive slices of the text.
        assert!(fm.yaml.len() + fm.body.len() <= text.len());
        let _ = yaml::parse(fm.yaml, "fuzz.md", fm.yaml_line_offset);
    }
});
