//! All YAML parsing lives here. Text is decoded (UTF-8 with optional BOM; other encodings are
//! refused with advice), parsed into a small tree whose every node and key keeps its line and
//! column, and YAML problems become diagnostics. The block YAML staff write (nearly every
//! content file) is read line by line by [`lines`]; other plain YAML is built straight from
//! the parser's events by [`direct`]; everything else goes through serde-saphyr, whose
//! typing, limits and messages are the reference for all three. The typed model is built
//! from that tree by [`super::convert`] through [`super::reader`], which is what lets one file
//! report several problems at once.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

use crate::diag::{Diagnostic, Location};
use crate::msg;

mod direct;
mod lines;

/// Largest content file we read. Real files are a few KB; this stops a 50 MB paste at once.
pub const MAX_FILE_BYTES: u64 = 2 * 1024 * 1024;

/// Deepest nesting of lists and mappings in a file. Real records nest four levels at most;
/// the limit keeps every walk over the tree shallow.
pub const MAX_DEPTH: usize = 32;

/// Where a node starts (1-based line, column in characters) and how many characters it spans.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct Pos {
    /// 1-based line (already shifted for front matter).
    pub line: u32,
    /// 1-based column in characters.
    pub column: u32,
    /// Length in characters (for the underline).
    pub len: u32,
}

impl Pos {
    /// The diagnostic location of this position in `file`.
    pub fn at(self, file: &str) -> Location {
        Location {
            file: file.to_string(),
            line: self.line as usize,
            column: self.column as usize,
            len: self.len as usize,
        }
    }
}

/// One YAML value with its position.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// The value.
    pub value: Value,
    /// Where it starts.
    pub pos: Pos,
}

/// The shapes a YAML value can take; scalars keep their resolved type.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `~`, `null` or nothing.
    Null,
    /// `true` / `false` (strict booleans: `yes`/`no` stay text).
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A number with a fraction, kept as written in the source when possible.
    Float(String),
    /// Text.
    Str(String),
    /// A list.
    Seq(Vec<Node>),
    /// A mapping, in source order.
    Map(Vec<(Node, Node)>),
}

impl Value {
    /// What the value is, in words (for "expected …, found …" messages).
    pub fn describe(&self) -> (&'static str, &'static str) {
        match self {
            Value::Null => ("nothing", "空值"),
            Value::Bool(_) => ("true/false", "布尔值"),
            Value::Int(_) | Value::Float(_) => ("a number", "数字"),
            Value::Str(_) => ("text", "文本"),
            Value::Seq(_) => ("a list", "列表"),
            Value::Map(_) => ("a mapping of keys", "键值映射"),
        }
    }
}

impl Node {
    /// The scalar as text, when it is one (numbers and booleans as written); text is
    /// borrowed, not copied.
    pub fn as_text(&self) -> Option<Cow<'_, str>> {
        match &self.value {
            Value::Str(s) => Some(Cow::Borrowed(s)),
            Value::Int(i) => Some(Cow::Owned(i.to_string())),
            Value::Float(f) => Some(Cow::Borrowed(f)),
            Value::Bool(b) => Some(Cow::Owned(b.to_string())),
            _ => None,
        }
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned = Spanned::<Value>::deserialize(deserializer)?;
        let span = spanned.referenced.span();
        let pos = Pos {
            line: u32::try_from(spanned.referenced.line()).unwrap_or(u32::MAX),
            column: u32::try_from(spanned.referenced.column()).unwrap_or(u32::MAX),
            len: u32::try_from(span.len()).unwrap_or(1).max(1),
        };
        Ok(Node {
            value: spanned.value,
            pos,
        })
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Int(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        Ok(i64::try_from(v).map_or_else(|_| Value::Str(v.to_string()), Value::Int))
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Value, E> {
        Ok(i64::try_from(v).map_or_else(|_| Value::Str(v.to_string()), Value::Int))
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Value, E> {
        Ok(i64::try_from(v).map_or_else(|_| Value::Str(v.to_string()), Value::Int))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        Ok(Value::Float(v.to_string()))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        Ok(Value::Str(v.to_string()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        Ok(Value::Str(v))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        Value::deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(node) = seq.next_element::<Node>()? {
            items.push(node);
        }
        Ok(Value::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Node>()? {
            let value = map.next_value::<Node>()?;
            entries.push((key, value));
        }
        Ok(Value::Map(entries))
    }
}

/// Decodes a file's bytes as UTF-8, dropping a BOM. Anything else is refused with a message
/// that names the likely encoding and how to convert it; nothing is guessed silently.
pub fn decode(bytes: &[u8], file: &str) -> Result<String, Diagnostic> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(encoding_error(file, 1, "UTF-16"));
    }
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_string()),
        Err(e) => {
            let valid = &bytes[..e.valid_up_to()];
            let line = valid.iter().filter(|b| **b == b'\n').count() + 1;
            let guess = if looks_like_utf16(bytes) {
                "UTF-16"
            } else {
                "GBK/GB18030"
            };
            Err(encoding_error(file, line, guess))
        }
    }
}

/// [`decode`] for bytes the caller owns: valid UTF-8 without a BOM (nearly every file)
/// becomes the text without a copy.
pub fn decode_owned(bytes: Vec<u8>, file: &str) -> Result<String, Diagnostic> {
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        return decode(&bytes, file);
    }
    String::from_utf8(bytes).or_else(|e| decode(e.as_bytes(), file))
}

fn looks_like_utf16(bytes: &[u8]) -> bool {
    let zeros = bytes.iter().take(200).filter(|b| **b == 0).count();
    zeros * 4 > bytes.len().min(200)
}

fn encoding_error(file: &str, line: usize, guess: &str) -> Diagnostic {
    Diagnostic::error(
        "E003",
        Location {
            file: file.to_string(),
            line,
            column: 1,
            len: 1,
        },
        msg!(
            "this file is not UTF-8; it looks like {guess}",
            "文件不是 UTF-8 编码，看起来是 {guess} 编码",
            "檔案不是 UTF-8 編碼，看起來是 {guess} 編碼"
        ),
    )
    .with_help(msg!(
        "save it as UTF-8: in Notepad use 文件 → 另存为 → 编码 UTF-8; in VS Code click the encoding in the status bar → Save with Encoding → UTF-8; or run `iconv -f GB18030 -t UTF-8`",
        "请另存为 UTF-8：记事本中选择“文件 → 另存为 → 编码：UTF-8”；VS Code 中点击状态栏的编码 →“通过编码保存”→ UTF-8；或运行 `iconv -f GB18030 -t UTF-8`",
        "請另存為 UTF-8：記事本中選擇「檔案 → 另存新檔 → 編碼：UTF-8」；VS Code 中點擊狀態列的編碼 →「以編碼儲存」→ UTF-8；或執行 `iconv -f GB18030 -t UTF-8`"
    ))
}

/// Parses YAML text into a tree. `line_offset` shifts reported lines (front matter starts
/// after the opening `---`). Problems come back as one diagnostic naming file and line.
pub fn parse(text: &str, file: &str, line_offset: u32) -> Result<Node, Diagnostic> {
    if let Some(tab) = find_indent_tab(text) {
        return Err(tab_error(file, tab + line_offset as usize));
    }
    let quick = lines::tree(text).or_else(|| direct::tree(text, parser_options()));
    let tree = match quick {
        Some(node) => {
            // Debug builds (every test and fuzz run) hold each answer against serde-saphyr's.
            debug_assert!(
                parse_with_serde_saphyr(text).is_ok_and(|slow| slow.as_ref() == Some(&node)),
                "the quick YAML paths differ from serde-saphyr for {text:?}"
            );
            Ok(Some(node))
        }
        None => parse_with_serde_saphyr(text),
    };
    match tree {
        Ok(Some(mut node)) => {
            shift(&mut node, line_offset);
            match crate::content::limits::long_list(&node, file) {
                Some(d) => Err(d),
                None => Ok(node),
            }
        }
        Ok(None) => Ok(Node {
            value: Value::Map(Vec::new()),
            pos: Pos {
                line: line_offset + 1,
                column: 1,
                len: 1,
            },
        }),
        Err(e) => Err(syntax_error(&e, file, line_offset, text)),
    }
}

/// The tree as serde-saphyr builds it: the authority for everything [`direct`] leaves to it.
fn parse_with_serde_saphyr(text: &str) -> Result<Option<Node>, serde_saphyr::Error> {
    let options = serde_saphyr::options! {
        strict_booleans: true,
        budget: Some(budget()),
        with_snippet: false,
        alias_limits: alias_limits(),
    };
    serde_saphyr::from_str_with_options::<Option<Node>>(text, options)
}

/// The parser options serde-saphyr derives from [`budget`] (its `Options::parser_options`),
/// so that [`direct`] reads exactly what serde-saphyr would.
fn parser_options() -> serde_saphyr::granit_parser::Options {
    let budget = budget();
    let mut options = serde_saphyr::granit_parser::Options::default();
    options.simple_key_max_lookahead = budget.simple_key_max_lookahead;
    options.flow_nesting_limit = budget.flow_nesting_limit;
    options.block_nesting_limit = options
        .block_nesting_limit
        .max(budget.max_depth.saturating_add(1));
    options.emit_comments = false;
    options
}

fn budget() -> serde_saphyr::Budget {
    let mut b = serde_saphyr::Budget::default();
    b.max_reader_input_bytes = Some(MAX_FILE_BYTES as usize);
    b.max_events = 200_000;
    b.max_aliases = 1_000;
    b.max_anchors = 1_000;
    b.max_nodes = 100_000;
    b.max_depth = MAX_DEPTH;
    b.max_documents = 1;
    b.max_total_scalar_bytes = 4 * 1024 * 1024;
    b
}

fn alias_limits() -> serde_saphyr::options::AliasLimits {
    let mut limits = serde_saphyr::options::AliasLimits::default();
    limits.max_total_replayed_events = 100_000;
    limits.max_replay_stack_depth = 16;
    limits.max_alias_expansions_per_anchor = 100;
    limits
}

fn shift(node: &mut Node, by: u32) {
    node.pos.line += by;
    match &mut node.value {
        Value::Seq(items) => items.iter_mut().for_each(|n| shift(n, by)),
        Value::Map(entries) => entries.iter_mut().for_each(|(k, v)| {
            shift(k, by);
            shift(v, by);
        }),
        _ => {}
    }
}

/// The first line (1-based) whose indentation contains a tab. YAML forbids tabs there, and
/// the parser reports them on the line before, so we look ourselves.
fn find_indent_tab(text: &str) -> Option<usize> {
    if !text.contains('\t') {
        return None;
    }
    text.lines().enumerate().find_map(|(i, line)| {
        let rest = line.trim_start_matches([' ', '\t']);
        let indent = &line[..line.len() - rest.len()];
        let structural = rest.starts_with("- ") || rest.contains(':');
        (indent.contains('\t') && structural && !rest.starts_with('#')).then_some(i + 1)
    })
}

fn tab_error(file: &str, line: usize) -> Diagnostic {
    Diagnostic::error(
        "E002",
        Location {
            file: file.to_string(),
            line,
            column: 1,
            len: 1,
        },
        msg!(
            "a tab is used for indentation",
            "缩进中使用了制表符（Tab）",
            "縮排中使用了定位字元（Tab）"
        ),
    )
    .with_help(msg!(
        "YAML forbids tabs in indentation; indent with spaces (VS Code: \"Convert Indentation to Spaces\")",
        "YAML 不允许用 Tab 缩进，请改用空格（VS Code：“将缩进转换为空格”）",
        "YAML 不允許用 Tab 縮排，請改用空格（VS Code：「將縮排轉換為空格」）"
    ))
}

/// The key of a line written `key：value` with a full-width colon (the commonest slip of a
/// Chinese keyboard), and the character column of the colon (1-based); `None` for any other
/// line. The key is short text without spaces, quotes or an ASCII colon.
fn fullwidth_key(line: &str) -> Option<(&str, usize)> {
    let rest = line.trim_start();
    let rest = rest.strip_prefix("- ").unwrap_or(rest).trim_start();
    let (key, _) = rest.split_once('：')?;
    let bad = |c: char| c.is_whitespace() || matches!(c, ':' | '"' | '\'' | '#' | '-' | '[' | '{');
    if key.is_empty() || key.chars().count() > 16 || key.chars().any(bad) {
        return None;
    }
    let column = line[..line.len() - rest.len()].chars().count() + key.chars().count() + 1;
    Some((key, column))
}

/// E050: `key` is followed by a full-width colon at `location`.
fn fullwidth_colon(key: &str, location: Location) -> Diagnostic {
    Diagnostic::error(
        "E050",
        location,
        msg!(
            "`{key}` is followed by a full-width colon “：”; YAML needs an ASCII colon and a space",
            "“{key}”后面用了全角冒号“：”，YAML 要求用半角冒号加空格",
            "「{key}」後面用了全形冒號「：」，YAML 要求用半形冒號加空格"
        ),
    )
    .with_help(msg!(
        "change “：” to “: ” (ASCII colon, then a space): `{key}: …`",
        "把全角冒号“：”改成半角“: ”（冒号后加一个空格）：“{key}: …”",
        "把全形冒號「：」改成半形「: 」（冒號後加一個空格）：「{key}: …」"
    ))
}

/// E050 for a text that was meant as `key：value` lines (YAML read it as one text), pointing at
/// `location`; `None` when the text does not start like that.
pub fn fullwidth_colon_in(text: &str, location: Location) -> Option<Diagnostic> {
    let (key, _) = fullwidth_key(text.lines().next()?)?;
    Some(fullwidth_colon(key, location))
}

/// E050 for an unknown key that holds a full-width colon (`受理条件：申请人: …` reads as the
/// key `受理条件：申请人`), at the key's `location`.
pub fn fullwidth_colon_key(name: &str, location: Location) -> Option<Diagnostic> {
    let (key, column) = fullwidth_key(name)?;
    let location = Location {
        column: location.column + column - 1,
        len: 1,
        ..location
    };
    Some(fullwidth_colon(key, location))
}

/// The last line at or before `line` (1-based, of `text`) written `key：value` outside a block
/// scalar (`|`, `>`), with its key and colon column: the likely cause of a syntax error there.
fn fullwidth_line_before(text: &str, line: usize) -> Option<(usize, String, usize)> {
    let mut found = None;
    let mut block_indent: Option<usize> = None;
    for (i, l) in text.lines().enumerate().take(line) {
        let indent = l.len() - l.trim_start().len();
        if let Some(b) = block_indent {
            if l.trim().is_empty() || indent > b {
                continue;
            }
            block_indent = None;
        }
        let trimmed = l.trim_end();
        let opens_block = trimmed
            .rsplit_once(": ")
            .is_some_and(|(_, v)| v.starts_with('|') || v.starts_with('>'))
            || trimmed.ends_with(": |")
            || trimmed.ends_with(": >");
        if opens_block {
            block_indent = Some(indent);
        }
        if let Some((key, column)) = fullwidth_key(l) {
            found = Some((i + 1, key.to_string(), column));
        }
    }
    found
}

fn syntax_error(e: &serde_saphyr::Error, file: &str, line_offset: u32, text: &str) -> Diagnostic {
    let (line, column) = e
        .location()
        .map(|l| (l.line() as usize, l.column() as usize))
        .unwrap_or((1, 1));
    let detail = e.without_snippet().to_string();
    let detail = detail
        .split(" at line ")
        .next()
        .unwrap_or(&detail)
        .to_string();
    let budget = matches!(e.without_snippet(), serde_saphyr::Error::Budget { .. })
        || detail.contains("budget")
        || detail.contains("alias");
    let location = Location {
        file: file.to_string(),
        line: line + line_offset as usize,
        column,
        len: 1,
    };
    // A `key：value` line breaks the mapping; the parser notices a line or two later.
    if !budget
        && let Some((at, key, column)) = fullwidth_line_before(text, line.max(1))
        && line.max(1) - at <= 3
    {
        let location = Location {
            file: file.to_string(),
            line: at + line_offset as usize,
            column,
            len: 1,
        };
        return fullwidth_colon(&key, location);
    }
    if detail.contains("DuplicateKeyPolicy") || detail.to_lowercase().contains("duplicate") {
        return Diagnostic::error(
            "E024",
            location,
            msg!(
                "a key is written twice in the same record",
                "同一条记录中有重复的键",
                "同一筆記錄中有重複的鍵"
            ),
        )
        .with_help(msg!("keep one of them", "请只保留一个", "請只保留一個"));
    }
    if detail.contains("Documents")
        || detail.contains("MultipleDocuments")
        || detail.contains("multiple documents")
    {
        return Diagnostic::error(
            "E001",
            location,
            msg!(
                "the file holds more than one YAML document (a line with only `---`)",
                "文件中有多个 YAML 文档（出现了只含 `---` 的行）",
                "檔案中有多個 YAML 文件（出現了只含 `---` 的行）"
            ),
        )
        .with_help(msg!(
            "remove the extra `---` line; each record is one file",
            "请删除多余的 `---` 行；每条记录单独一个文件",
            "請刪除多餘的 `---` 行；每筆記錄單獨一個檔案"
        ));
    }
    // The parser has its own recursion limit for flow collections (`[[[[…`), met before ours.
    let too_deep = matches!(
        e.without_snippet(),
        serde_saphyr::Error::Budget {
            breach: serde_saphyr::budget::BudgetBreach::Depth { .. },
            ..
        }
    ) || detail.contains("recursion limit");
    if too_deep {
        return Diagnostic::error(
            "E021",
            location,
            msg!(
                "lists and mappings are nested more than {MAX_DEPTH} levels deep",
                "列表和映射的嵌套超过了 {MAX_DEPTH} 层",
                "列表和映射的巢狀超過了 {MAX_DEPTH} 層"
            ),
        )
        .with_help(msg!(
            "a record nests a few levels at most; check the indentation and the brackets",
            "一条记录通常只嵌套几层；请检查缩进和括号",
            "一筆記錄通常只巢狀幾層；請檢查縮排和括號"
        ));
    }
    if budget {
        return Diagnostic::error(
            "E021",
            location,
            msg!(
                "the file is too large or repeats itself too much ({detail})",
                "文件过大或重复引用过多（{detail}）",
                "檔案過大或重複引用過多（{detail}）"
            ),
        )
        .with_help(msg!(
            "write each value out; YAML anchors and aliases are limited",
            "请直接写出每个值；YAML 锚点与别名的使用受到限制",
            "請直接寫出每個值；YAML 錨點與別名的使用受到限制"
        ));
    }
    Diagnostic::error(
        "E001",
        location,
        msg!(
            "YAML syntax error: {detail}",
            "YAML 语法错误：{detail}",
            "YAML 語法錯誤：{detail}"
        ),
    )
    .with_help(msg!(
        "check the indentation and that every `key: value` has a space after the colon; quote text that contains `: ` or starts with a special character",
        "请检查缩进，以及每个“键: 值”的冒号后是否有空格；含有“: ”或以特殊字符开头的文本请加引号",
        "請檢查縮排，以及每個「鍵: 值」的冒號後是否有空格；含有「: 」或以特殊字元開頭的文字請加引號"
    ))
}

/// A Markdown file split into its YAML front matter and body.
pub struct FrontMatter<'a> {
    /// The YAML between the `---` lines (empty when the file has none).
    pub yaml: &'a str,
    /// Lines before the YAML starts (1 for the opening `---`).
    pub yaml_line_offset: u32,
    /// The Markdown after the closing `---`.
    pub body: &'a str,
}

/// Splits `---\nyaml\n---\nbody`. A file without an opening `---` is all body; an opening
/// without a closing line is an error.
pub fn split_front_matter<'a>(text: &'a str, file: &str) -> Result<FrontMatter<'a>, Diagnostic> {
    let first_line_end = text.find('\n').unwrap_or(text.len());
    if text[..first_line_end].trim_end() != "---" {
        return Ok(FrontMatter {
            yaml: "",
            yaml_line_offset: 0,
            body: text,
        });
    }
    let rest_start = (first_line_end + 1).min(text.len());
    let rest = &text[rest_start..];
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" || line.trim_end() == "..." {
            let yaml = &rest[..offset];
            let body = &rest[offset + line.len()..];
            return Ok(FrontMatter {
                yaml,
                yaml_line_offset: 1,
                body,
            });
        }
        offset += line.len();
    }
    Err(Diagnostic::error(
        "E001",
        Location {
            file: file.to_string(),
            line: 1,
            column: 1,
            len: 3,
        },
        msg!(
            "the front matter opened with `---` is never closed",
            "文件开头的 `---` 没有对应的结束行 `---`",
            "檔案開頭的 `---` 沒有對應的結束行 `---`"
        ),
    )
    .with_help(msg!(
        "add a line with only `---` after the last key",
        "请在最后一个键之后加一行 `---`",
        "請在最後一個鍵之後加一行 `---`"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nodes_keep_lines_and_columns() {
        let node = parse("name: 办理\nlist:\n  - a\n  - 2\n", "f.yaml", 0).expect("parses");
        let Value::Map(entries) = node.value else {
            panic!("map expected")
        };
        assert_eq!(entries[0].0.pos.line, 1);
        assert_eq!(entries[1].0.pos.line, 2);
        let Value::Seq(items) = &entries[1].1.value else {
            panic!("seq expected")
        };
        assert_eq!(items[1].value, Value::Int(2));
        assert_eq!((items[1].pos.line, items[1].pos.column), (4, 5));
    }

    /// Parses `text` every way; where a quick path answers, its tree (positions included)
    /// must be serde-saphyr's. Returns which quick paths answered.
    fn quick_paths(text: &str) -> Answered {
        let by_lines = lines::tree(text);
        let direct = direct::tree(text, parser_options());
        if by_lines.is_none() && direct.is_none() {
            return Answered::default();
        }
        let slow = parse_with_serde_saphyr(text)
            .unwrap_or_else(|e| panic!("serde-saphyr refuses what a quick path read: {e}\n{text}"));
        for (path, node) in [("line", &by_lines), ("direct", &direct)] {
            if let Some(node) = node {
                assert_eq!(slow.as_ref(), Some(node), "the {path} path read {text:?}");
            }
        }
        Answered {
            lines: by_lines.is_some(),
            direct: direct.is_some(),
        }
    }

    /// Which quick paths built a tree.
    #[derive(Default)]
    struct Answered {
        lines: bool,
        direct: bool,
    }

    /// Whether the direct path answered (both quick paths are held to serde-saphyr).
    fn same_as_serde_saphyr(text: &str) -> bool {
        quick_paths(text).direct
    }

    #[test]
    fn the_direct_path_builds_serde_saphyrs_tree_or_declines() {
        let scalars = [
            "0",
            "7",
            "42",
            "-1",
            "+1",
            "007",
            "00",
            "0.5",
            ".5",
            "1.",
            "1e3",
            "1E3",
            "1_000",
            "0x1F",
            "0o17",
            "0b101",
            "0X1F",
            ".inf",
            "-.inf",
            ".nan",
            "-.nan",
            "+.NaN",
            "inf",
            "nan",
            "NaN",
            "infinity",
            "123456789012345678",
            "1234567890123456789",
            "9223372036854775807",
            "9223372036854775808",
            "18446744073709551616",
            "1e999",
            "true",
            "True",
            "TRUE",
            "tRUE",
            "false",
            "FALSE",
            "yes",
            "no",
            "on",
            "off",
            "y",
            "n",
            "~",
            "null",
            "Null",
            "NULL",
            "nUll",
            "",
            "4个工作日",
            "20日",
            "１２",
            "2025-01-01",
            "12:30",
            "1,000",
            "100元",
            "3.5元/件",
            "-",
            "--",
            "- x",
            "a b",
            "QH-BENCH-000001",
            "\"1\"",
            "'2'",
            "\"\"",
            "''",
            "\"null\"",
            "'true'",
            "\"a\\tb\\u202E\"",
            "'it''s'",
            "身份证 ",
            "😀 x",
            "ｘ：ｙ",
            "<<",
            "!!str 1",
            "!!int \"3\"",
            "&a 1",
            "!x y",
            "2026-04-20",
            "2026-4-2",
            "600x900mm",
            "1e5x",
            "1-2",
            "1+2",
            "1e+5",
            "1e-5",
            "0b2",
            "12.50",
            "1.0.0",
            "v1.2",
            "+12",
            "-0",
            "0e0",
            "1__0",
            "12:30:00",
            "2026-04-20T08:00",
            "1 000",
            "5 个",
            "0x",
            "0xZZ",
            "-.5",
            "+.5e3",
            "e5",
            "E5",
            "x1",
        ];
        let mut direct = 0;
        for scalar in scalars {
            for text in [
                format!("key: {scalar}\n"),
                format!("- {scalar}\n- other\n"),
                format!("list: [{scalar}, x]\nmap: {{k: {scalar}}}\n"),
                format!("outer:\n  inner:\n    - a: {scalar}\n      b: 1\n"),
            ] {
                direct += usize::from(same_as_serde_saphyr(&text));
            }
        }
        assert!(direct > 200, "the direct path answered only {direct} times");
        let documents = [
            "name: 办理\nlist:\n  - a\n  - 2\n",
            "a: |\n  line one\n  line two\n\nb: >\n  folded\n  text\n\nc: |-\n  kept\n",
            "a: plain\n  continued\n  over lines\nb: \"quoted\n  too\"\n",
            "a:\nb: ~\nc:\n  - \n  -\n",
            "a: {}\nb: []\nc: {x: [1, {y: z}]}\n",
            "\"quoted key\": 1\n'single': 2\n键: 值\n",
            "a: 1\r\nb:\r\n  - x\r\n  - y\r\n",
            "# comment\na: 1 # trailing\n# end\n",
            "a: \tx\nb: x\t\n",
            "- a: 1\n  b: 2\n- c: 3\n",
            "😀: 🎉\n名称: 身份证 😀 x\nz: 1\n",
            "a: 1\na: 2\n",
            "a: 1\n\"a\": 2\n",
            "a: &x 1\nb: *x\n",
            "base: &b {k: 1}\nmore:\n  <<: *b\n  j: 2\n",
            "? [a, b]\n: c\n",
            "? a\n: b\n",
            "---\na: 1\n",
            "%YAML 1.2\n---\na: 1\n",
            "a: 1\n---\nb: 2\n",
            "a: 1\n...\n",
            "",
            "just text\n",
            "~\n",
            "a: [1, 2\n",
            "a: b: c\n",
            "a:\n  - b\n c: d\n",
            "!!map\na: 1\n",
            "a: !!str 1\n",
            "\u{feff}a: 1\n",
        ];
        for text in documents {
            same_as_serde_saphyr(text);
        }
        let deep: String = (0..20)
            .map(|i| format!("{}k{i}:\n", "  ".repeat(i)))
            .collect();
        assert!(!same_as_serde_saphyr(&deep));
        let flow = "a: ".to_string() + &"[".repeat(20) + &"]".repeat(20);
        same_as_serde_saphyr(&flow);
    }

    /// The ways window staff write YAML that the line path reads itself, each exactly as
    /// serde-saphyr does, positions included.
    #[test]
    fn the_line_path_reads_what_staff_write() {
        let documents = [
            "name: 办理\nlist:\n  - a\n  - 2\n",
            "a: |\n  line one\n\n  line two\n    indented\nb: 1\n",
            "a: |-\n  kept\n  text\n\n\nb: 1\n",
            "a: |\n  text\n\n\n# comment\nb: 1\n",
            "a: |  # comment\n  text\n",
            "outer:\n  inner: |\n    deep\n    text\n\n  next: 2\n",
            "- name: x\n  text: |\n    block\n    lines\n- name: y\n",
            "- |\n  block in a list\n- plain\n",
            "key:\n- a\n- b\nnext: 1\n",
            "key:\n-   name: x\n    b: 1\n-\n  c: 2\n",
            "key:\n-\n  c: 2\n",
            "materials:\n  - name: 身份证\n    copy: 1\n  - name: 户口簿\n    original: 1\n",
            "procedure:\n  -   name: 受理\n      limit: 即办\n",
            "-\n  a: 1\n  b: 2\n- c: 3\n",
            "- - x\n",
            "a: 'it''s'\nb: \"quoted: yes # not a comment\"  # a comment\nc: ''\n",
            "topics: [设立变更, 投资审批]\nempty: []\nspaced: [ a ,  b ]\nnumbers: [1, 2]\n",
            "lang: C#\nurl: https://example.gov.cn/a#b\ntime: 9:00-17:00 # comment\nk: a:b\n",
            "名称： 全角冒号不是键\n",
            "键: 值：全角冒号\n",
            "# head\nouter:\n  # before the list\n  - a # trailing\n\n  - b\n# tail\n",
            "  indented: root\n  second: 2\n",
            "updated: 2026-01-29\nvisits: 0\nflag: true\nn: ~\nbig: 1234567890123456789\n",
            "extra:\n  行使层级: \"市级\"\n  权力来源: \"法定本级行使\"\n",
            "- a\n- b\n",
            "a: 1\r\nb:\r\n  - x # c\r\n  - y\r\n",
            "a: |\r\n  x\r\n\r\n  y\r\nb:\r\n  c: |-\r\n    z\r\n  d: 1\r\n",
        ];
        let read = documents.iter().filter(|d| quick_paths(d).lines).count();
        let declined: Vec<&&str> = documents
            .iter()
            .filter(|d| lines::tree(d).is_none())
            .collect();
        // `- - x` (a list in a list on one line), a full-width colon (one long text, not a
        // mapping: the line path leaves a lone scalar to the others), and the large integer.
        assert_eq!(read, documents.len() - 3, "declined: {declined:#?}");
    }

    /// What the line path leaves to the others: each still reads as serde-saphyr says.
    #[test]
    fn the_line_path_leaves_the_rest_to_the_others() {
        let documents = [
            "a: plain\n  continued\n",
            "a: >\n  folded\n  text\n",
            "a: |+\n  keep\n\nb: 1\n",
            "a: |2\n    indented\n",
            "a: |\n   \n  leading blank line longer than the text's indentation\n",
            "a:\nb: 1\n",
            "a: &x 1\nb: *x\n",
            "a: !!str 1\n",
            "a: 1\r\nb: 2\n",
            "a: x\ry\r\n",
            "a: \tx\n",
            "\u{feff}a: 1\n",
            "a: \"tab\\there\"\n",
            "a: 1\na: 2\n",
            "<<: {a: 1}\n",
            "a: {b: 1}\n",
            "---\na: 1\n",
            "a: - x\n",
            "a: b: c\n",
            "\"quoted key\": 1\n",
            "a: [b, [c]]\n",
            "a: [b,\n  c]\n",
            "a: 'two\n  lines'\n",
            "a: 1",
            "a: x\u{85}y\n",
            "a: x\u{7}y\n",
            "1: one\n",
            "true: yes\n",
            "? a\n: b\n",
            "a: 0.5\n",
        ];
        for text in documents {
            assert!(lines::tree(text).is_none(), "the line path read {text:?}");
            quick_paths(text);
            let _ = parse(text, "f.yaml", 0);
        }
    }

    /// The YAML of every content file the repository carries (samples, fixtures, fuzz seeds).
    fn repository_yaml() -> Vec<String> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        for dir in ["content", "tests/fixtures", "src/scaffold", "fuzz/corpus"] {
            for entry in walkdir::WalkDir::new(root.join(dir)).into_iter().flatten() {
                if entry.file_type().is_file() {
                    files.push(entry.into_path());
                }
            }
        }
        let mut texts = Vec::new();
        for path in files {
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            match split_front_matter(&text, "f") {
                Ok(fm) if fm.yaml_line_offset > 0 => texts.push(fm.yaml.to_string()),
                _ if path.extension().is_some_and(|e| e == "yaml" || e == "yml") => {
                    texts.push(text)
                }
                _ => {}
            }
        }
        texts
    }

    /// The content files the repository carries read the same both ways, and the plain ones
    /// take the direct path.
    #[test]
    fn repository_content_reads_the_same_both_ways() {
        let texts = repository_yaml();
        // And as Notepad saves them on Windows, with `\r\n` line breaks.
        let texts: Vec<String> = texts
            .iter()
            .flat_map(|t| [t.clone(), t.replace('\n', "\r\n")])
            .collect();
        let answers: Vec<Answered> = texts.iter().map(|t| quick_paths(t)).collect();
        let direct = answers.iter().filter(|a| a.direct).count();
        let by_lines = answers.iter().filter(|a| a.lines).count();
        let read = texts.len();
        assert!(read > 50, "only {read} files found");
        assert!(
            direct * 10 > read * 9,
            "{direct} of {read} took the direct path"
        );
        assert!(
            by_lines * 10 > read * 9,
            "{by_lines} of {read} took the line path"
        );
    }

    /// A small deterministic fuzzer: the repository's files with YAML's special characters
    /// put in, lines doubled and characters cut out read the same both ways.
    #[test]
    fn mutated_content_reads_the_same_both_ways() {
        const PIECES: [&str; 24] = [
            ":", ": ", "- ", "-", "&a ", "*a", "!!str ", "! ", "\"", "'", "\n", "\n  ", "#", "[",
            "]", "{", "}", ",", "|", ">", "<<: ", "? ", "\t", "---\n",
        ];
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = |bound: usize| {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            usize::try_from(seed >> 33).unwrap_or(0) % bound.max(1)
        };
        let (mut tried, mut direct, mut by_lines) = (0, 0, 0);
        for (n, text) in repository_yaml().into_iter().enumerate() {
            // Every other file with Windows line breaks.
            let text = if n % 2 == 0 {
                text
            } else {
                text.replace('\n', "\r\n")
            };
            for _ in 0..24 {
                let mut mutated = text.clone();
                for _ in 0..1 + next(3) {
                    let mut at = next(mutated.len() + 1);
                    while !mutated.is_char_boundary(at) {
                        at -= 1;
                    }
                    match next(3) {
                        0 => mutated.insert_str(at, PIECES[next(PIECES.len())]),
                        1 => {
                            let end = mutated[at..].find('\n').map_or(mutated.len(), |e| at + e);
                            let line = mutated[at..end].to_string();
                            mutated.insert_str(end, &format!("\n{line}"));
                        }
                        _ => {
                            if let Some(c) = mutated[at..].chars().next() {
                                mutated.replace_range(at..at + c.len_utf8(), "");
                            }
                        }
                    }
                }
                tried += 1;
                let answered = quick_paths(&mutated);
                direct += usize::from(answered.direct);
                by_lines += usize::from(answered.lines);
            }
        }
        assert!(
            direct * 4 > tried,
            "only {direct} of {tried} took the direct path"
        );
        assert!(
            by_lines * 5 > tried,
            "only {by_lines} of {tried} took the line path"
        );
    }

    #[test]
    fn front_matter_lines_are_shifted() {
        let fm = split_front_matter("---\ntitle: x\nbad: [\n---\nbody", "f.md").expect("split");
        assert_eq!(fm.body, "body");
        let err = parse(fm.yaml, "f.md", fm.yaml_line_offset).expect_err("bad yaml");
        assert_eq!(err.code, "E001");
        assert!(err.location.line >= 3, "{:?}", err.location);
    }

    #[test]
    fn fullwidth_colons_are_named_with_the_fix() {
        let text =
            "name: 食品经营备案\nwindow: scjg\n受理条件：申请人已取得营业执照\nfees: 不收费\n";
        let err = parse(text, "f.yaml", 0).expect_err("not a mapping");
        assert_eq!((err.code, err.location.line), ("E050", 3), "{err:?}");
        assert_eq!(err.location.column, 5);
        let help = err
            .help
            .as_ref()
            .expect("help")
            .text(crate::diag::Lang::ZhCn);
        assert!(help.contains("把全角冒号“：”改成半角“: ”"), "{help}");
        // Inside a block scalar a full-width colon is just text.
        let block = "conditions: |\n  申请人：年满18周岁\nbad: [\n";
        let err = parse(block, "f.yaml", 0).expect_err("bad");
        assert_eq!(err.code, "E001");
        assert_eq!(fullwidth_key("- 名称：身份证"), Some(("名称", 5)));
        assert_eq!(fullwidth_key("note: 注意：原件"), None);
    }

    #[test]
    fn tabs_point_at_their_own_line() {
        let err = parse("a:\n  b: 1\n\tc: 2\n", "f.yaml", 0).expect_err("tab");
        assert_eq!((err.code, err.location.line), ("E002", 3));
    }

    #[test]
    fn gbk_is_refused_with_advice() {
        // "名称" in GBK
        let err = decode(&[0xC3, 0xFB, 0xB3, 0xC6, b':', b' ', b'x'], "f.yaml").expect_err("gbk");
        assert_eq!(err.code, "E003");
        assert!(err.message.text(crate::diag::Lang::En).contains("GBK"));
        assert_eq!(
            decode(b"\xEF\xBB\xBFa: 1\r\n", "f").expect("bom"),
            "a: 1\r\n"
        );
        // The owning variant answers the same for each.
        for bytes in [
            &b"\xEF\xBB\xBFa: 1\r\n"[..],
            b"a: \xE5\x8A\x9E\n",
            b"\xFF\xFEa\x00:\x00",
            &[0xC3, 0xFB, 0xB3, 0xC6, b':', b' ', b'x'],
            b"a: 1\n\xC3",
        ] {
            let owned = decode_owned(bytes.to_vec(), "f.yaml");
            let borrowed = decode(bytes, "f.yaml");
            assert_eq!(
                owned.as_ref().map_err(|d| (d.code, d.location.line)),
                borrowed.as_ref().map_err(|d| (d.code, d.location.line))
            );
        }
    }

    #[test]
    fn deep_nesting_is_stopped_with_its_own_message() {
        for text in [
            "a: ".to_string() + &"[".repeat(65) + &"]".repeat(65),
            "[".repeat(100_000),
            (0..65)
                .map(|i| format!("{}k{i}:\n", "  ".repeat(i)))
                .collect(),
        ] {
            let err = parse(&text, "deep.yaml", 0).expect_err("too deep");
            assert_eq!(err.code, "E021", "{err:?}");
        }
        let err = parse(
            &("a: ".to_string() + &"[".repeat(40) + &"]".repeat(40)),
            "d.yaml",
            0,
        )
        .expect_err("deep");
        let text = err.message.text(crate::diag::Lang::En);
        assert!(text.contains("nested more than 32 levels"), "{text}");
        assert_eq!(
            (err.location.file.as_str(), err.location.line),
            ("d.yaml", 1)
        );
    }

    #[test]
    fn lists_longer_than_the_limit_are_refused_at_their_key() {
        let mut text = String::from("name: x\nmaterials:\n");
        text.push_str(&"  - name: 身份证\n".repeat(1_001));
        let err = parse(&text, "big.yaml", 3).expect_err("too long");
        assert_eq!((err.code, err.location.line), ("E120", 5), "{err:?}");
        let message = err.message.text(crate::diag::Lang::En);
        assert!(
            message.contains("`materials` lists 1001 entries"),
            "{message}"
        );
        let fits = "materials:\n".to_string() + &"  - a\n".repeat(1_000);
        assert!(parse(&fits, "ok.yaml", 0).is_ok());
    }

    #[test]
    fn alias_bomb_is_stopped() {
        let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 0..12 {
            let prev = if i == 0 {
                "a".to_string()
            } else {
                format!("l{}", i - 1)
            };
            text.push_str(&format!(
                "l{i}: &l{i} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
            ));
        }
        let err = parse(&text, "bomb.yaml", 0).expect_err("bomb");
        assert_eq!(err.code, "E021");
    }
}
