//! The one table of CJK characters: East Asian wide and full-width characters (ideographs,
//! kana, Hangul, CJK symbols and punctuation, full-width forms). Diagnostics use it to
//! underline by display width, Markdown to resolve emphasis the CJK-friendly way, and print
//! to know that a sheet shows Chinese text and so needs a CJK font.

/// True for a CJK character: East Asian Wide or Fullwidth (emoji excepted) or Hangul.
pub fn is_cjk(c: char) -> bool {
    matches!(
        c as u32,
        0x1100..=0x115F         // Hangul Jamo (leading consonants)
            | 0x2E80..=0x303E   // radicals, ideographic description, CJK symbols and punctuation
            | 0x3041..=0x33FF   // kana, bopomofo, Hangul compatibility jamo, CJK compatibility
            | 0x3400..=0x4DBF   // ideographs, extension A
            | 0x4E00..=0x9FFF   // unified ideographs
            | 0xA000..=0xA4CF   // Yi
            | 0xA960..=0xA97F   // Hangul Jamo extended A
            | 0xAC00..=0xD7FF   // Hangul syllables and Jamo extended B
            | 0xF900..=0xFAFF   // compatibility ideographs
            | 0xFE10..=0xFE19   // vertical forms
            | 0xFE30..=0xFE6F   // CJK compatibility forms, small form variants
            | 0xFF00..=0xFF60   // full-width forms
            | 0xFFE0..=0xFFE6   // full-width signs
            | 0x1B000..=0x1B2FF // kana supplement and extensions
            | 0x20000..=0x3FFFD // ideographs, extensions B and later
            | 0xE0100..=0xE01EF // ideographic variation selectors
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_and_full_width_are_cjk_latin_is_not() {
        for c in ['办', '事', '。', '，', '（', 'Ａ', '𠀀', 'あ', '한'] {
            assert!(is_cjk(c), "{c}");
        }
        for c in ['a', '1', ' ', '—', '“', 'é', '😀'] {
            assert!(!is_cjk(c), "{c}");
        }
    }
}
