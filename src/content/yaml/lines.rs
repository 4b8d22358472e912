//! The quickest way to a [`Node`] tree: a line-by-line reader for the block YAML that window
//! staff and `gongshi import` write, where every line is a `key: value`, a `- item`, a
//! comment or a line of a `|` block. It reads such a file without a tokenizer, several times
//! faster than the parser's events in [`super::direct`], which was half of `check`'s time.
//!
//! It answers only where it is sure, and gives `None` for everything else, which then goes to
//! [`super::direct`] and serde-saphyr exactly as before: a scalar over several lines, an empty
//! value, a quoted key or a quoted text with escapes, a `>` block, a `|` block with an
//! indentation or keep indicator, a flow mapping, a flow list of anything but plain words,
//! tabs, a carriage return anywhere but before every line feed, characters YAML does not
//! print, document markers and directives, and every limit of [`super::direct`]. Where it
//! answers, its tree is serde-saphyr's, positions included: debug builds hold every answer
//! against serde-saphyr's, and the tests feed it the repository's content, its fuzz seeds and
//! thousands of mutations of them.

use std::borrow::Cow;

use serde_saphyr::granit_parser::ScalarStyle;

use super::direct::{MAX_BYTES, MAX_ENTRIES, MAX_EVENTS, MAX_NESTING, scalar};
use super::{Node, Pos, Value};

/// Longest key this reader takes (serde-saphyr looks 1,024 characters ahead for a key).
const MAX_KEY_BYTES: usize = 512;

/// One line of the text, split into its indentation and the rest.
struct Line<'a> {
    /// 1-based line number.
    number: u32,
    /// Leading spaces.
    indent: usize,
    /// The line after its indentation, without the line break.
    body: &'a str,
}

impl Line<'_> {
    /// Blank lines and comment lines carry no value outside a `|` block.
    fn is_filler(&self) -> bool {
        self.body.is_empty() || self.body.starts_with('#')
    }

    /// A block list entry: `-` alone or followed by a space.
    fn is_entry(&self) -> bool {
        is_entry(self.body)
    }
}

fn is_entry(body: &str) -> bool {
    body == "-" || body.starts_with("- ")
}

/// The tree of `text` when every line of it is in the subset this reader knows; `None` when
/// the slower paths must decide (see the module comment).
pub(super) fn tree(text: &str) -> Option<Node> {
    if text.len() > MAX_BYTES || !text.ends_with('\n') || !plain_characters(text) {
        return None;
    }
    // Windows line breaks are read when every line ends with one (as Notepad writes them).
    let crlf = memchr::memchr(b'\r', text.as_bytes()).is_some();
    let mut lines = Vec::with_capacity(text.len() / 24);
    let mut start = 0;
    for (i, end) in memchr::memchr_iter(b'\n', text.as_bytes()).enumerate() {
        let mut raw = &text[start..end];
        start = end + 1;
        if crlf {
            raw = raw.strip_suffix('\r')?;
            if raw.contains('\r') {
                return None;
            }
        }
        if raw.starts_with("---") || raw.starts_with("...") || raw.starts_with('%') {
            return None;
        }
        let body = raw.trim_start_matches(' ');
        lines.push(Line {
            number: u32::try_from(i + 1).ok()?,
            indent: raw.len() - body.len(),
            body,
        });
    }
    let mut reader = Reader {
        lines,
        line_break: 1 + usize::from(crlf),
        at: 0,
        events: 0,
    };
    reader.skip_filler();
    let root = reader.block(0)?;
    reader.skip_filler();
    (reader.at == reader.lines.len()).then_some(root)
}

/// Whether `text` has only characters this reader takes as they are: no tab (carriage
/// returns are left to [`tree`], which takes them before line feeds), nothing YAML refuses to
/// print (C0 and C1 controls, DEL, U+FFFE, U+FFFF), no
/// byte order mark and no character that YAML 1.1 read as a line break (U+0085, U+2028,
/// U+2029).
fn plain_characters(text: &str) -> bool {
    let bytes = text.as_bytes();
    // One pass that the compiler can vectorise, then a search for each rare character.
    let control = bytes.iter().fold(false, |control, &b| {
        control | (b < 0x20 && b != b'\n' && b != b'\r') | (b == 0x7F)
    });
    let rare = ["\u{2028}", "\u{2029}", "\u{FEFF}", "\u{FFFE}", "\u{FFFF}"];
    let refused = control
        || crate::content::controls::holds_c1_control(bytes)
        || rare
            .iter()
            .any(|c| memchr::memmem::find(bytes, c.as_bytes()).is_some());
    !refused
}

/// Characters that give a scalar at the start of a value another meaning (YAML's indicators).
fn is_indicator(c: u8) -> bool {
    matches!(
        c,
        b'-' | b'?'
            | b':'
            | b','
            | b'['
            | b']'
            | b'{'
            | b'}'
            | b'#'
            | b'&'
            | b'*'
            | b'!'
            | b'|'
            | b'>'
            | b'\''
            | b'"'
            | b'%'
            | b'@'
            | b'`'
    )
}

/// Length in characters: the unit of serde-saphyr's columns and spans.
fn chars(text: &str) -> usize {
    text.chars().count()
}

/// A node's position as serde-saphyr reports it, from a 0-based `column`; a span is at least
/// one character long.
fn position(line: u32, column: usize, len: usize) -> Option<Pos> {
    Some(Pos {
        line,
        column: u32::try_from(column + 1).ok()?,
        len: u32::try_from(len.max(1)).ok()?,
    })
}

/// `Some` when `rest`, what follows a value on its line, is blank or a comment, as it must be.
fn ends_line(rest: &str) -> Option<()> {
    let trimmed = rest.trim_start_matches(' ');
    (trimmed.is_empty() || (trimmed.starts_with('#') && trimmed.len() < rest.len())).then_some(())
}

/// A `key: rest` line's plain key and what follows its colon; `None` when the line is not
/// one, or its key is one this reader leaves to the slower paths.
fn split_key(body: &str) -> Option<(&str, &str)> {
    let mut from = 0;
    let colon = loop {
        let at = from + memchr::memchr(b':', &body.as_bytes()[from..])?;
        let after = &body[at + 1..];
        if after.is_empty() || after.starts_with(' ') {
            break at;
        }
        from = at + 1;
    };
    let key = &body[..colon];
    let plain = !key.is_empty()
        && key.len() <= MAX_KEY_BYTES
        && !is_indicator(key.as_bytes()[0])
        && !key.ends_with(' ')
        && !key.contains(['#', '[', ']', '{', '}', ',', '"', '\'']);
    plain.then_some((key, &body[colon + 1..]))
}

/// Where a value starts in the text its line carries.
struct At<'a> {
    /// Index of the value's line.
    line: usize,
    /// Indentation of the collection the value belongs to: its continuation lines and the
    /// lines of its `|` block are indented further.
    parent: usize,
    /// The text after the key's colon or the entry's dash.
    rest: &'a str,
    /// The column (0-based, in characters) where `rest` starts.
    column: usize,
}

/// The reader's place in the lines.
struct Reader<'a> {
    lines: Vec<Line<'a>>,
    /// Characters of a line break: 1, or 2 for `\r\n`.
    line_break: usize,
    /// The next line to read.
    at: usize,
    /// Events serde-saphyr's parser would have sent so far (one per scalar, two per
    /// collection), held to [`MAX_EVENTS`].
    events: usize,
}

impl<'a> Reader<'a> {
    fn skip_filler(&mut self) {
        while self.lines.get(self.at).is_some_and(Line::is_filler) {
            self.at += 1;
        }
    }

    fn count(&mut self, events: usize) -> Option<()> {
        self.events += events;
        (self.events <= MAX_EVENTS).then_some(())
    }

    /// The list or mapping that starts on the current line, `depth` collections deep.
    fn block(&mut self, depth: usize) -> Option<Node> {
        let line = self.lines.get(self.at)?;
        let indent = line.indent;
        if line.is_entry() {
            self.sequence(indent, depth, false)
        } else {
            self.mapping(indent, None, depth)
        }
    }

    /// A block mapping whose keys stand at column `indent`. `first` is the index and text of
    /// its first entry when that entry follows a list's dash on the same line.
    fn mapping(
        &mut self,
        indent: usize,
        first: Option<(usize, &'a str)>,
        depth: usize,
    ) -> Option<Node> {
        if depth >= MAX_NESTING {
            return None;
        }
        self.count(2)?;
        let mut entries: Vec<(Node, Node)> = Vec::new();
        let mut start = None;
        let mut next = first;
        loop {
            let (index, body) = match next.take() {
                Some(entry) => entry,
                None => {
                    self.skip_filler();
                    let Some(line) = self.lines.get(self.at) else {
                        break;
                    };
                    if line.indent < indent {
                        break;
                    }
                    if line.indent > indent || line.is_entry() {
                        return None;
                    }
                    (self.at, line.body)
                }
            };
            let number = self.lines[index].number;
            let (key, rest) = split_key(body)?;
            // A key must stay text (`1:` or `true:` would not) and be new to the mapping.
            let Value::Str(name) = scalar(Cow::Borrowed(key), ScalarStyle::Plain)? else {
                return None;
            };
            let doubled = entries
                .iter()
                .any(|(k, _)| matches!(&k.value, Value::Str(s) if *s == name));
            if name != key || name == "<<" || doubled || entries.len() >= MAX_ENTRIES {
                return None;
            }
            self.count(1)?;
            let key_chars = chars(key);
            start.get_or_insert(position(number, indent, 1)?);
            let key = Node {
                value: Value::Str(name),
                pos: position(number, indent, key_chars)?,
            };
            let value = self.value(
                At {
                    line: index,
                    parent: indent,
                    rest,
                    column: indent + key_chars + 1,
                },
                true,
                depth,
            )?;
            entries.push((key, value));
        }
        Some(Node {
            value: Value::Map(entries),
            pos: start?,
        })
    }

    /// A block list whose dashes stand at column `indent`. `indentless` when its dashes
    /// stand at the indentation of the mapping it is a value of: serde-saphyr then places
    /// the list after its first dash.
    fn sequence(&mut self, indent: usize, depth: usize, indentless: bool) -> Option<Node> {
        if depth >= MAX_NESTING {
            return None;
        }
        self.count(2)?;
        let first = self.lines.get(self.at)?;
        let column = if indentless {
            let after = &first.body[1..];
            indent + 1 + after.len() - after.trim_start_matches(' ').len()
        } else {
            indent
        };
        let start = position(first.number, column, 1)?;
        let mut items = Vec::new();
        loop {
            self.skip_filler();
            let Some(line) = self.lines.get(self.at) else {
                break;
            };
            if line.indent > indent {
                return None;
            }
            if line.indent < indent || !line.is_entry() {
                break;
            }
            let index = self.at;
            let after = &line.body[1..];
            let rest = after.trim_start_matches(' ');
            let column = indent + 1 + (after.len() - rest.len());
            if is_entry(rest) {
                return None;
            }
            let item = if starts_mapping(rest) {
                self.mapping(column, Some((index, rest)), depth + 1)?
            } else {
                let at = At {
                    line: index,
                    parent: indent,
                    rest: after,
                    column: indent + 1,
                };
                self.value(at, false, depth)?
            };
            items.push(item);
        }
        Some(Node {
            value: Value::Seq(items),
            pos: start,
        })
    }

    /// The value that starts at `at`: a scalar, a `|` block, a one-line flow list, or the
    /// collection on the lines below. `in_map` allows a list whose dashes stand at the
    /// mapping's own indentation.
    fn value(&mut self, at: At<'a>, in_map: bool, depth: usize) -> Option<Node> {
        let text = at.rest.trim_start_matches(' ');
        let column = at.column + (at.rest.len() - text.len());
        let number = self.lines[at.line].number;
        self.at = at.line + 1;
        if text.is_empty() || text.starts_with('#') {
            // What follows is the value: a nested collection, or nothing (left to the others).
            self.skip_filler();
            let next = self.lines.get(self.at)?;
            return if next.indent > at.parent {
                self.block(depth + 1)
            } else if in_map && next.indent == at.parent && next.is_entry() {
                self.sequence(at.parent, depth + 1, true)
            } else {
                None
            };
        }
        let node = match text.as_bytes()[0] {
            b'|' => return self.literal(&at, text),
            b'[' => self.flow_list(text, number, column)?,
            b'"' => quoted(text, b'"', number, column)?,
            b'\'' => quoted(text, b'\'', number, column)?,
            c if is_indicator(c) => return None,
            _ => {
                let (end, keyed) = before_comment(text);
                if keyed {
                    return None;
                }
                let plain = text[..end].trim_end_matches(' ');
                Node {
                    value: scalar(Cow::Borrowed(plain), ScalarStyle::Plain)?,
                    pos: position(number, column, chars(plain))?,
                }
            }
        };
        self.count(1)?;
        // A more indented line below would continue the scalar over several lines.
        let continued = self
            .lines
            .get(self.at..)?
            .iter()
            .find(|line| !line.body.is_empty())
            .is_some_and(|line| line.indent > at.parent);
        (!continued).then_some(node)
    }

    /// A `|` or `|-` block after its `header`; its lines are indented further
    /// than `at.parent`.
    fn literal(&mut self, at: &At<'a>, header: &str) -> Option<Node> {
        let (strip, after) = match header.as_bytes().get(1) {
            Some(b'-') => (true, &header[2..]),
            Some(b'+' | b'0'..=b'9') => return None,
            _ => (false, &header[1..]),
        };
        ends_line(after)?;
        self.count(1)?;
        let first = self.lines[self.at..]
            .iter()
            .position(|line| !line.body.is_empty())
            .map(|skip| self.at + skip)?;
        let indent = self.lines[first].indent;
        if indent <= at.parent {
            return None;
        }
        let mut value = String::new();
        let (mut end, mut last_text) = (self.at, self.at);
        while let Some(line) = self.lines.get(end) {
            if line.body.is_empty() {
                if line.indent > indent {
                    return None;
                }
                value.push('\n');
            } else if line.indent < indent {
                break;
            } else {
                value.extend(std::iter::repeat_n(' ', line.indent - indent));
                value.push_str(line.body);
                value.push('\n');
                last_text = end + 1;
            }
            end += 1;
        }
        // Clip keeps one line break after the last line of text, strip none.
        let trailing_blank = end - last_text;
        value.truncate(value.len() - trailing_blank - usize::from(strip));
        // serde-saphyr's span runs from the first line's text up to the next line's text:
        // trailing blank lines and that line's indentation included.
        let span = self.lines[first..end]
            .iter()
            .map(|line| line.indent + chars(line.body) + self.line_break)
            .sum::<usize>()
            + self.lines.get(end).map_or(0, |line| line.indent)
            - indent;
        self.at = end;
        Some(Node {
            value: Value::Str(value),
            pos: position(self.lines[first].number, indent, span)?,
        })
    }

    /// A flow list of plain words on one line, `[a, b]`.
    fn flow_list(&mut self, text: &str, number: u32, column: usize) -> Option<Node> {
        self.count(1)?;
        let close = text.find(']')?;
        ends_line(&text[close + 1..])?;
        let inner = &text[1..close];
        if inner.contains(['[', '{', '}', '"', '\'', '#', ':']) {
            return None;
        }
        let mut items = Vec::new();
        if !inner.trim_start_matches(' ').is_empty() {
            let mut offset = column + 1;
            for piece in inner.split(',') {
                let word = piece.trim_matches(' ');
                let lead = piece.len() - piece.trim_start_matches(' ').len();
                if word.is_empty() || is_indicator(word.as_bytes()[0]) {
                    return None;
                }
                self.count(1)?;
                items.push(Node {
                    value: scalar(Cow::Borrowed(word), ScalarStyle::Plain)?,
                    pos: position(number, offset + lead, chars(word))?,
                });
                offset += chars(piece) + 1;
            }
        }
        Some(Node {
            value: Value::Seq(items),
            pos: position(number, column, 1)?,
        })
    }
}

/// Where the text of a line ends before its comment (` #`), and whether that text holds a
/// colon followed by a space or ending it (as a `key: value` does); one search for the two
/// bytes, which most values have neither of.
fn before_comment(text: &str) -> (usize, bool) {
    let bytes = text.as_bytes();
    let mut keyed = false;
    for at in memchr::memchr2_iter(b':', b'#', bytes) {
        if bytes[at] == b'#' {
            if at > 0 && bytes[at - 1] == b' ' {
                return (at - 1, keyed);
            }
        } else if matches!(bytes.get(at + 1), None | Some(b' ')) {
            keyed = true;
        }
    }
    (bytes.len(), keyed)
}

/// Whether an entry's text after its dash is a `key: value` that starts a mapping.
fn starts_mapping(rest: &str) -> bool {
    let Some(&first) = rest.as_bytes().first() else {
        return false;
    };
    !is_indicator(first) && before_comment(rest).1
}

/// A quoted scalar that ends on its own line: single quotes with `''` for a quote, double
/// quotes without escapes.
fn quoted(text: &str, quote: u8, number: u32, column: usize) -> Option<Node> {
    let bytes = text.as_bytes();
    let mut value = String::new();
    let mut from = 1;
    let close = loop {
        let at = from + bytes[from..].iter().position(|&b| b == quote)?;
        if quote == b'\'' && bytes.get(at + 1) == Some(&b'\'') {
            value.push_str(&text[from..=at]);
            from = at + 2;
            continue;
        }
        break at;
    };
    value.push_str(&text[from..close]);
    if quote == b'"' && value.contains('\\') {
        return None;
    }
    ends_line(&text[close + 1..])?;
    Some(Node {
        value: Value::Str(value),
        pos: position(number, column, chars(&text[..=close]))?,
    })
}
