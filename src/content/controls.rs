//! Invisible control characters in content: C0 and C1 controls other than tab and line
//! breaks (a pasted bell or escape sequence) and the bidirectional overrides and isolates
//! (U+202A–U+202E, U+2066–U+2069) that make text display differently from what it says.
//! None of them belongs in a public disclosure, XML feeds cannot carry the C0 ones at all,
//! so the loader removes them and says where (W190).

use crate::content::yaml::{Node, Value};
use crate::diag::{Diagnostic, Location};
use crate::msg;

/// True for a character the loader removes from content text.
pub fn is_unwanted(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Whether the texts parsed from `yaml` may hold an unwanted character: `yaml` has one
/// itself, or a backslash that a double-quoted escape could turn into one. When it is false
/// the loader need not look at each text of the tree (a twentieth of `check`'s time).
pub fn yaml_may_hold_unwanted(yaml: &str) -> bool {
    let bytes = yaml.as_bytes();
    // One pass over the bytes that the compiler can vectorise; the rare lead bytes of
    // unwanted characters beyond ASCII are then searched for.
    let found = bytes.iter().fold(false, |found, &b| {
        let control = b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r');
        found | control | (b == 0x7F) | (b == b'\\')
    });
    let bidi = |i: usize| {
        matches!(
            bytes.get(i + 1..i + 3),
            Some([0x80, 0xAA..=0xAE] | [0x81, 0xA6..=0xA9])
        )
    };
    found || holds_c1_control(bytes) || memchr::memchr_iter(0xE2, bytes).any(bidi)
}

/// Whether UTF-8 `bytes` hold a C1 control character (U+0080–U+009F, encoded `C2 80`–`C2 9F`).
pub fn holds_c1_control(bytes: &[u8]) -> bool {
    memchr::memchr_iter(0xC2, bytes).any(|i| matches!(bytes.get(i + 1), Some(0x80..=0x9F)))
}

/// Removes unwanted characters from every text in `node` (keys and values), with one W190
/// per text that had any, at its position in `file`.
pub fn strip_node(node: &mut Node, file: &str) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    strip_under(node, "", file, &mut diags);
    diags
}

fn strip_under(node: &mut Node, key: &str, file: &str, diags: &mut Vec<Diagnostic>) {
    match &mut node.value {
        Value::Str(s) => {
            if let Some(c) = s.chars().find(|c| is_unwanted(*c)) {
                s.retain(|c| !is_unwanted(c));
                diags.push(removed(key, c, node.pos.at(file)));
            }
        }
        Value::Seq(items) => items
            .iter_mut()
            .for_each(|n| strip_under(n, key, file, diags)),
        Value::Map(entries) => {
            for (k, v) in entries.iter_mut() {
                strip_under(k, key, file, diags);
                let name = k.as_text().unwrap_or_default();
                strip_under(v, &name, file, diags);
            }
        }
        _ => {}
    }
}

/// `text` without unwanted characters, and a W190 for the first line that had any, `text`
/// starting at line `first_line` of `file`. Borrows when there is nothing to remove.
pub fn strip_text<'a>(
    text: &'a str,
    file: &str,
    first_line: usize,
) -> (std::borrow::Cow<'a, str>, Option<Diagnostic>) {
    let Some((at, c)) = text.char_indices().find(|(_, c)| is_unwanted(*c)) else {
        return (text.into(), None);
    };
    let line = first_line + text[..at].matches('\n').count();
    let column = text[..at].rsplit('\n').next().unwrap_or("").chars().count() + 1;
    let location = Location {
        file: file.to_string(),
        line,
        column,
        len: 1,
    };
    let cleaned: String = text.chars().filter(|c| !is_unwanted(*c)).collect();
    (cleaned.into(), Some(removed("", c, location)))
}

fn removed(key: &str, c: char, location: Location) -> Diagnostic {
    let code = format!("U+{:04X}", c as u32);
    let (en, zh, tw) = if key.is_empty() {
        (
            "the text".to_string(),
            "正文".to_string(),
            "正文".to_string(),
        )
    } else {
        (format!("`{key}`"), format!("“{key}”"), format!("「{key}」"))
    };
    Diagnostic::warning(
        "W190",
        location,
        msg!(
            "{en} contains the invisible control character {code}; it is left out",
            "{zh}中含有不可见的控制字符 {code}，已将其删除",
            "{tw}中含有不可見的控制字元 {code}，已將其刪除"
        ),
    )
    .with_help(msg!(
        "it usually comes from pasting; retype the text around it",
        "这类字符通常来自复制粘贴；请重新输入该处文字",
        "這類字元通常來自複製貼上；請重新輸入該處文字"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::yaml;

    /// The loader skips the tree's texts only when this says no: it must say yes for every
    /// unwanted character, written or escaped, and no for ordinary Chinese content.
    #[test]
    fn every_unwanted_character_is_suspected_in_the_yaml() {
        let unwanted: Vec<char> = (0..=0x10FFFF)
            .filter_map(char::from_u32)
            .filter(|c| is_unwanted(*c))
            .collect();
        assert!(unwanted.len() > 60, "{}", unwanted.len());
        for c in unwanted {
            let written = format!("name: 办理{c}事项\n");
            assert!(yaml_may_hold_unwanted(&written), "{:?}", c);
            let escaped = format!("name: \"\\u{:04X}\"\n", u32::from(c));
            assert!(yaml_may_hold_unwanted(&escaped), "{escaped}");
            let mut node = yaml::parse(&escaped, "f.yaml", 0).expect("parses");
            assert_eq!(strip_node(&mut node, "f.yaml").len(), 1, "{escaped}");
        }
        let ordinary = "name: 阿依古丽·买买提 “一次办” — 材料…（复印件）；€ ° × \u{2028}\tx\r\n";
        assert!(!yaml_may_hold_unwanted(ordinary));
    }

    #[test]
    fn controls_and_overrides_are_removed_and_reported_where_they_are() {
        let mut node = yaml::parse(
            "name: \"a\\x07b\\u202Ec\"\nlist:\n  - \"x\\x1b[31my\"\nok: \"tab\\tnew\\nline 零宽\\u200B\"\n",
            "f.yaml",
            0,
        )
        .expect("parses");
        let diags = strip_node(&mut node, "f.yaml");
        let lines: Vec<(usize, &str)> = diags.iter().map(|d| (d.location.line, d.code)).collect();
        assert_eq!(lines, [(1, "W190"), (3, "W190")]);
        let message = diags[0].message.text(crate::diag::Lang::En);
        assert!(
            message.contains("`name`") && message.contains("U+0007"),
            "{message}"
        );
        let Value::Map(entries) = &node.value else {
            panic!("map")
        };
        assert_eq!(entries[0].1.value, Value::Str("abc".into()));
        assert_eq!(
            entries[2].1.value,
            Value::Str("tab\tnew\nline 零宽\u{200B}".into())
        );

        let (text, diag) = strip_text("正文\n第二行\u{7}响\u{202E}", "f.md", 4);
        assert_eq!(text, "正文\n第二行响");
        let diag = diag.expect("reported");
        assert_eq!((diag.location.line, diag.location.column), (5, 4));
        assert!(matches!(
            strip_text("干净", "f.md", 1),
            (std::borrow::Cow::Borrowed(_), None)
        ));
    }
}
