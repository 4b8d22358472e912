//! The closed vocabularies of the format: content kinds, case types, print profiles, print
//! products and site languages. Each has one owner type that lists every word it accepts;
//! the loader parses by that list, `gongshi schema` turns it into patterns, and scaffolds,
//! messages and the command-line help print it, so none of them can disagree.

use crate::diag::Lang;

/// A type whose values are named by a closed list of words.
pub trait Vocabulary: Copy + PartialEq + 'static {
    /// Every value, in display order.
    const ALL: &'static [Self];
    /// Every spelling a file or a command may use (lower case), with the value it names.
    const WORDS: &'static [(&'static str, Self)];

    /// The canonical word (what scaffolds write and help lists) and its Chinese name.
    fn names(self) -> (&'static str, &'static str);

    /// The canonical word.
    fn word(self) -> &'static str {
        self.names().0
    }

    /// The value a word names; compared trimmed and in lower case.
    fn parse(text: &str) -> Option<Self> {
        lookup(Self::WORDS, text)
    }
}

/// Implements [`Vocabulary`] for an enum from one table: each value with its canonical word,
/// its Chinese name and every spelling accepted for it.
///
/// ```ignore
/// vocabulary!(Profile {
///     Offset: "offset", "胶印", ["offset", "胶印"];
///     LargeFormat: "large-format", "喷绘", ["large-format", "喷绘", "写真"];
/// });
/// ```
#[macro_export]
macro_rules! vocabulary {
    ($ty:ident { $($value:ident: $word:literal, $chinese:expr, [$($spelling:literal),* $(,)?];)* }) => {
        impl $crate::content::vocabulary::Vocabulary for $ty {
            const ALL: &'static [$ty] = &[$($ty::$value),*];
            const WORDS: &'static [(&'static str, $ty)] = &[$($(($spelling, $ty::$value),)*)*];

            fn names(self) -> (&'static str, &'static str) {
                match self {
                    $($ty::$value => ($word, $chinese),)*
                }
            }
        }
    };
}

/// Finds `text` (trimmed, in lower case) in a word list.
pub fn lookup<T: Copy>(words: &[(&str, T)], text: &str) -> Option<T> {
    let folded = text.trim().to_lowercase();
    words.iter().find(|(w, _)| *w == folded).map(|(_, v)| *v)
}

/// The canonical words of every value joined by `separator` (`offset, large-format`), for
/// help texts and messages.
pub fn listing<T: Vocabulary>(separator: &str) -> String {
    T::ALL
        .iter()
        .map(|v| v.word())
        .collect::<Vec<_>>()
        .join(separator)
}

/// A vocabulary as the content spec refers to it: the words a key accepts (for the schema)
/// and the canonical names (for examples).
#[derive(Debug, Clone, Copy)]
pub struct Choice {
    /// Every accepted spelling, lower case.
    pub words: fn() -> Vec<&'static str>,
    /// The canonical word and Chinese name of each value.
    pub names: fn() -> Vec<(&'static str, &'static str)>,
}

impl Choice {
    /// The choice of the values of `T`.
    pub const fn of<T: Vocabulary>() -> Choice {
        Choice {
            words: words_of::<T>,
            names: names_of::<T>,
        }
    }
}

fn words_of<T: Vocabulary>() -> Vec<&'static str> {
    T::WORDS.iter().map(|(w, _)| *w).collect()
}

fn names_of<T: Vocabulary>() -> Vec<(&'static str, &'static str)> {
    T::ALL.iter().map(|v| v.names()).collect()
}

impl Vocabulary for Lang {
    const ALL: &'static [Lang] = &Lang::ALL;
    const WORDS: &'static [(&'static str, Lang)] = Lang::WORDS;

    fn names(self) -> (&'static str, &'static str) {
        (self.tag(), self.native_name())
    }

    fn parse(text: &str) -> Option<Lang> {
        Lang::parse(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{CaseType, Kind, Product, Profile};

    fn round_trip<T: Vocabulary + std::fmt::Debug>() {
        for (word, value) in T::WORDS {
            assert_eq!(word.to_lowercase(), *word, "words are lower case");
            assert_eq!(T::parse(word), Some(*value), "{word}");
            assert_eq!(
                T::parse(&format!(" {} ", word.to_uppercase())),
                Some(*value)
            );
        }
        for value in T::ALL {
            assert_eq!(T::parse(value.word()), Some(*value), "{value:?}");
        }
        assert_eq!(T::parse("no-such-word"), None);
    }

    #[test]
    fn every_word_parses_to_its_value() {
        round_trip::<Kind>();
        round_trip::<CaseType>();
        round_trip::<Profile>();
        round_trip::<Product>();
        round_trip::<crate::content::BoardSplit>();
        round_trip::<crate::content::PdfStandard>();
        round_trip::<Lang>();
        round_trip::<crate::content::reach::Scope>();
    }

    #[test]
    fn listings_name_the_canonical_words() {
        assert_eq!(listing::<Profile>(", "), "offset, large-format");
        assert_eq!(listing::<Lang>(", "), "zh-CN, zh-TW, en");
    }
}
