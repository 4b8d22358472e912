//! The time-limit parser (办结时限): never panics, and what it accepts reads back the same
//! from both of its printed forms.
#![no_main]

use gongshi::content::timelimit::TimeLimit;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Some(limit) = TimeLimit::parse(text) {
        assert_eq!(TimeLimit::parse(&limit.zh()), Some(limit), "{text:?}");
        assert_eq!(TimeLimit::parse(&limit.en()), Some(limit), "{text:?}");
        let _ = limit.iso8601();
    }
});
