//! The quick way to a [`Node`] tree: straight from the parser's events (serde-saphyr's own
//! parser, with the options serde-saphyr gives it), for the plain YAML content files are made
//! of: block and flow mappings and lists of untagged scalars. Going through serde-saphyr's
//! `Spanned` values costs about three times as much per node.
//!
//! Anything outside that subset gives `None`, and [`super::parse`] hands the text to
//! serde-saphyr, which stays the authority there: anchors, aliases, merge keys, tags,
//! directives, several documents, a key written twice, a scalar that could be a number other
//! than a small decimal integer, a non-mapping root, a file anywhere near a budget limit, and
//! every syntax error (so its messages are unchanged). Where this path answers, its tree is
//! the one serde-saphyr's path builds, positions included (tested side by side).

use std::borrow::Cow;

use serde_saphyr::granit_parser::{Event, Options, Parser, ScalarStyle, Span};

use super::{Node, Pos, Value};

/// Events after which a file goes to serde-saphyr (its budget allows 200,000 events and
/// 100,000 nodes; real records have a few hundred).
pub(super) const MAX_EVENTS: usize = 50_000;

/// Nesting after which a file goes to serde-saphyr (its budget stops at 32).
pub(super) const MAX_NESTING: usize = 16;

/// Text (and scalar bytes) after which a file goes to serde-saphyr (its budget: 2 MB of
/// input, 4 MB of scalars).
pub(super) const MAX_BYTES: usize = 1024 * 1024;

/// Entries after which a mapping goes to serde-saphyr (keeps the doubled-key check cheap).
pub(super) const MAX_ENTRIES: usize = 256;

/// A collection whose end event has not come yet.
enum Open {
    Seq(Pos, Vec<Node>),
    /// Entries so far and the key waiting for its value.
    Map(Pos, Vec<(Node, Node)>, Option<Node>),
}

/// The tree of `text` when it is plain YAML with a mapping or list at its root, parsed with
/// `options`; `None` when serde-saphyr must decide (see the module comment).
pub(super) fn tree(text: &str, options: Options) -> Option<Node> {
    if text.len() > MAX_BYTES {
        return None;
    }
    let mut parser = Parser::new_from_str_with_options(text, options);
    let mut stack: Vec<Open> = Vec::new();
    let mut root = None;
    let (mut events, mut documents, mut scalar_bytes) = (0usize, 0usize, 0usize);
    while let Some(item) = parser.next_event() {
        let (event, span) = item.ok()?;
        events += 1;
        if events > MAX_EVENTS {
            return None;
        }
        let node = match event {
            Event::StreamStart | Event::DocumentEnd => continue,
            Event::StreamEnd => break,
            Event::DocumentStart(explicit, version) => {
                documents += 1;
                if explicit || version.is_some() || documents > 1 {
                    return None;
                }
                continue;
            }
            Event::Scalar(value, style, anchor, tag) => {
                if anchor != 0 || tag.is_some() {
                    return None;
                }
                scalar_bytes += value.len();
                if scalar_bytes > MAX_BYTES {
                    return None;
                }
                Node {
                    value: scalar(value, style)?,
                    pos: pos(&span),
                }
            }
            Event::SequenceStart(_, anchor, tag) | Event::MappingStart(_, anchor, tag)
                if anchor != 0 || tag.is_some() || stack.len() >= MAX_NESTING =>
            {
                return None;
            }
            Event::SequenceStart(..) => {
                stack.push(Open::Seq(pos(&span), Vec::new()));
                continue;
            }
            Event::MappingStart(..) => {
                stack.push(Open::Map(pos(&span), Vec::new(), None));
                continue;
            }
            Event::SequenceEnd => match stack.pop()? {
                Open::Seq(pos, items) => Node {
                    value: Value::Seq(items),
                    pos,
                },
                Open::Map(..) => return None,
            },
            Event::MappingEnd => match stack.pop()? {
                Open::Map(pos, entries, None) => Node {
                    value: Value::Map(entries),
                    pos,
                },
                _ => return None,
            },
            // Aliases, anchor and comment events: serde-saphyr's business.
            _ => return None,
        };
        match stack.last_mut() {
            None if root.is_none() => root = Some(node),
            None => return None,
            Some(Open::Seq(_, items)) => items.push(node),
            Some(Open::Map(_, entries, waiting)) => match waiting.take() {
                Some(key) => entries.push((key, node)),
                None => {
                    // Keys are text; a merge key or a key written twice goes to serde-saphyr
                    // (it compares keys by their text, so equal text covers every doubled key).
                    let Value::Str(name) = &node.value else {
                        return None;
                    };
                    let doubled = entries.iter().any(|(k, _)| k.value == node.value);
                    if name == "<<" || doubled || entries.len() >= MAX_ENTRIES {
                        return None;
                    }
                    *waiting = Some(node);
                }
            },
        }
    }
    if !stack.is_empty() || documents != 1 {
        return None;
    }
    root.filter(|n| matches!(n.value, Value::Map(_) | Value::Seq(_)))
}

/// An untagged scalar's value as serde-saphyr types it (strict booleans, YAML 1.2 core
/// schema); `None` for a plain scalar that might be a number other than a decimal integer.
pub(super) fn scalar(value: Cow<'_, str>, style: ScalarStyle) -> Option<Value> {
    if style != ScalarStyle::Plain {
        return Some(Value::Str(value.into_owned()));
    }
    if matches!(value.as_ref(), "" | "~" | "null" | "Null" | "NULL") {
        return Some(Value::Null);
    }
    let trimmed = value.trim_matches([' ', '\t', '\r', '\n']);
    match trimmed {
        "true" | "True" | "TRUE" => return Some(Value::Bool(true)),
        "false" | "False" | "FALSE" => return Some(Value::Bool(false)),
        _ => {}
    }
    // serde-saphyr's integer and float grammars are ASCII and start with a digit, a sign or
    // a dot: anything else is text.
    let numeric_start = trimmed
        .bytes()
        .next()
        .is_some_and(|b| b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.'));
    if !numeric_start || !trimmed.is_ascii() {
        return Some(Value::Str(value.into_owned()));
    }
    let decimal = (1..=18).contains(&trimmed.len())
        && trimmed.bytes().all(|b| b.is_ascii_digit())
        && (trimmed == "0" || !trimmed.starts_with('0'));
    if decimal {
        return trimmed.parse().ok().map(Value::Int);
    }
    if might_be_number(trimmed) {
        return None;
    }
    Some(Value::Str(value.into_owned()))
}

/// False when ASCII `text` is surely neither an integer (`[+-]?(0x|0o|0b)?[0-9a-f_]+`) nor a
/// float (`[+-]?` digits and dots, `e[+-]?` digits; `.inf`, `.nan`) to serde-saphyr: a date
/// such as `2026-04-20`, `600x900mm`, `12:30`. True for anything that might be one.
fn might_be_number(text: &str) -> bool {
    let unsigned = text.strip_prefix(['+', '-']).unwrap_or(text);
    if unsigned.starts_with('.') {
        return true;
    }
    let int = unsigned
        .bytes()
        .all(|b| b.is_ascii_hexdigit() || matches!(b, b'x' | b'X' | b'o' | b'O' | b'_'));
    let bytes = unsigned.as_bytes();
    let float = bytes.iter().enumerate().all(|(i, &b)| match b {
        b'0'..=b'9' | b'.' | b'e' | b'E' => true,
        b'+' | b'-' => i > 0 && matches!(bytes[i - 1], b'e' | b'E'),
        _ => false,
    });
    int || float
}

/// A node's position from its event's span, as serde-saphyr's `Location` reports it.
fn pos(span: &Span) -> Pos {
    Pos {
        line: u32::try_from(span.start.line()).unwrap_or(u32::MAX),
        column: u32::try_from(span.start.col() + 1).unwrap_or(u32::MAX),
        len: u32::try_from(span.len()).unwrap_or(1).max(1),
    }
}
