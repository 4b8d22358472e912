//! The amount parser (收费金额): never panics, and what it accepts reads back the same from
//! its printed form.
#![no_main]

use gongshi::content::money::Amount;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Some(amount) = Amount::parse(text) {
        assert_eq!(Amount::parse(&amount.to_string()), Some(amount), "{text:?}");
    }
});
