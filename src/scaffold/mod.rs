//! Scaffolds: [`new`] writes one commented content file (`gongshi new`), [`init`] a whole new
//! site (`gongshi init`). Both write only keys the loader knows: `new` takes them from
//! [`crate::content::spec`], `init` copies a sample site that a test loads.

pub mod init;
pub mod new;

use std::fmt;

use crate::diag::{Lang, Message};

pub use init::{init, placeholder_photo};
pub use new::{new_file, skeleton};

/// Why a scaffold was not written.
#[derive(Debug)]
pub struct Error {
    /// 1 when the target exists or writing failed, 2 for usage errors.
    code: u8,
    message: Message,
    lang: Lang,
}

impl Error {
    pub(crate) fn new(code: u8, message: Message, lang: Lang) -> Error {
        Error {
            code,
            message,
            lang,
        }
    }

    /// Writing `path` failed.
    pub(crate) fn cannot_write(path: &std::path::Path, e: &std::io::Error, lang: Lang) -> Error {
        let p = path.display();
        Error::new(
            1,
            crate::msg!(
                "cannot write {p}: {e}",
                "无法写入 {p}：{e}",
                "無法寫入 {p}：{e}"
            ),
            lang,
        )
    }

    /// The process exit code for this error.
    pub fn exit_code(&self) -> u8 {
        self.code
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message.text(self.lang))
    }
}

impl std::error::Error for Error {}

/// True for ids that `new` and `import` write: lower-case ASCII letters, digits, `-` and `_`,
/// starting with a letter or digit, at most 64 characters, and a safe file name everywhere
/// ([`crate::content::paths::id_problem`]: no `con`, `aux`, `com1`, …).
pub fn is_valid_id(id: &str) -> bool {
    crate::content::paths::id_problem(id).is_none()
        && !id.is_empty()
        && id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
        && id.as_bytes()[0].is_ascii_alphanumeric()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids() {
        assert!(is_valid_id("gjj-withdraw"));
        assert!(is_valid_id("a1_b"));
        for bad in [
            "",
            "-a",
            "A",
            "a b",
            "../x",
            "公积金",
            "a/b",
            "a.b",
            "con",
            "com1",
            "lpt9",
            "nul",
        ] {
            assert!(!is_valid_id(bad), "{bad}");
        }
    }
}
