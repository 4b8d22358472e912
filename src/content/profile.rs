//! Print profiles (印刷方式): how the sheets will be printed. site.yaml names one; print reads
//! the bleed and margin that go with it (in `print::sheet`).

use std::fmt;
use std::str::FromStr;

use crate::content::vocabulary::{self, Vocabulary};

/// How the sheets will be printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Profile {
    /// Offset or digital press: 3 mm bleed (a real TrimBox), crop marks, CMYK colours.
    #[default]
    Offset,
    /// Large-format inkjet (喷绘/写真): no bleed, no marks, a white margin.
    LargeFormat,
}

crate::vocabulary!(Profile {
    Offset: "offset", "胶印", ["offset", "胶印"];
    LargeFormat: "large-format", "喷绘", ["large-format", "large_format", "largeformat", "喷绘", "写真"];
});

impl Profile {
    /// The name used in site.yaml and in `/gongshi/sheet.json`.
    pub fn name(self) -> &'static str {
        self.word()
    }
}

impl fmt::Display for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Profile {
    type Err = String;

    fn from_str(s: &str) -> Result<Profile, String> {
        Profile::parse(s).ok_or_else(|| {
            let other = s.trim();
            let known = vocabulary::listing::<Profile>(" or ");
            format!(
                "unknown print profile `{other}`: use {known} (offset: bleed and crop marks; \
                 large-format: no bleed, white margin)"
            )
        })
    }
}
