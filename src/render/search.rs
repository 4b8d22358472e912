//! The search index, split so that a phone downloads only what a query needs.
//!
//! Every item is a document with two fields: its name, and a body of what else a citizen may
//! type (code, kind, window, implementer, topics, audience, materials). Text is lower-cased,
//! folded from Traditional to Simplified ([`super::fold`], so either script finds either) and
//! cut into runs of letters, digits or ideographs ([`runs`]); the tokens of a run are its single
//! characters and its pairs of adjacent characters (bigrams), which suits Chinese without a
//! dictionary. For each token the index keeps the documents whose name holds it (with the
//! positions in the name, so a query can tell the whole phrase from scattered bigrams) and
//! the documents whose body holds it.
//!
//! On disk the postings are split into shards by a hash of the token's first character
//! ([`shard_of`]), one text file each (`search/t/<n>.txt`), and the documents into chunks of
//! [`CHUNK`] in name order (`search/d/<n>.txt`: id, URL, name, window, case type, promised
//! limit, fee). `search.js` fetches the shard of each character as it is typed (so the shard
//! of a query's last bigram is already there when its last character is typed), ranks the
//! hits ([`rank`]) of the text typed so far and fetches the chunks of its first results. `static/search.js` implements the same folding, tokens, hash, decoding and ranking;
//! the shard and chunk counts follow from the number of items alone, so the page plan knows
//! every file without building the index.

use std::cmp::Reverse;
use std::collections::BTreeMap;
use std::fmt::Write as _;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::content::{Item, Site, Vocabulary};
use crate::present::Wording;
use crate::routes::Route;

/// Documents per chunk file: the results of a query are scattered over the documents, so
/// each result costs about a chunk; eight keep that near a kilobyte.
pub const CHUNK: usize = 8;

/// About this many items per shard (rounded to a power of two shards): shards of a few KB, and
/// few enough characters sharing one that a query rarely fetches postings it does not use.
const ITEMS_PER_SHARD: usize = 20;

/// How many shards the postings of `items` items are split into (a power of two).
pub fn shard_count(items: usize) -> u32 {
    let wanted = items.div_ceil(ITEMS_PER_SHARD).max(1);
    wanted.next_power_of_two() as u32
}

/// How many chunk files hold `items` documents.
pub fn chunk_count(items: usize) -> u32 {
    items.div_ceil(CHUNK) as u32
}

/// The shard of a token: FNV-1a over its first code point, masked to the shard count (a power
/// of two). A token's shard depends on its first character alone, so the shard of a query's
/// last bigram is known (and fetched, by `search.js`) as soon as the bigram's first character
/// is typed: when a citizen types the last character, the postings it needs are already on the
/// phone. `search.js` computes the same.
pub fn shard_of(token: &str, shards: u32) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    if let Some(c) = token.chars().next() {
        h ^= c as u32;
        h = h.wrapping_mul(0x0100_0193);
    }
    h & (shards.max(1) - 1)
}

/// Lower-cases, folds Traditional to Simplified and splits text into runs of letters, digits
/// and ideographs.
pub fn runs(text: &str) -> Vec<Vec<char>> {
    let mut out = Vec::new();
    let mut cur = Vec::new();
    let mut take = |ch: char| {
        if is_ideograph(ch) || ch.is_alphanumeric() {
            cur.push(ch);
        } else if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    };
    for ch in text.chars() {
        // Most of a guide's text: no case, always a letter (skips two Unicode table lookups).
        if is_ideograph(ch) {
            take(super::fold::fold_char(ch));
        } else {
            ch.to_lowercase()
                .for_each(|lower| take(super::fold::fold_char(lower)));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// A CJK Unified Ideograph of the basic block (U+4E00–U+9FFF): a letter without case.
fn is_ideograph(ch: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&ch)
}

/// Normalised text: runs joined by single spaces.
pub fn normalise(text: &str) -> String {
    runs(text)
        .iter()
        .map(|r| r.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A token as a number: one character, or two for a bigram. Building the index compares and
/// hashes these, and makes a string only once for each distinct token (a string for every
/// token of every item was most of the index's time).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct Token(u64);

impl Token {
    /// Bits of the second character (plus one, so a lone character has none).
    const SECOND: u32 = 22;

    fn one(c: char) -> Token {
        Token(u64::from(c) << Self::SECOND)
    }

    fn two(first: char, second: char) -> Token {
        Token(u64::from(first) << Self::SECOND | (u64::from(second) + 1))
    }

    /// The token as the index's files spell it.
    fn text(self) -> String {
        let first = char::from_u32((self.0 >> Self::SECOND) as u32);
        let second = (self.0 & ((1 << Self::SECOND) - 1))
            .checked_sub(1)
            .and_then(|c| char::from_u32(c as u32));
        first.into_iter().chain(second).collect()
    }
}

/// The tokens of a text with the position of each (bigrams at the index of their first
/// character in the normalised text, single characters at their own).
fn positioned_tokens(text: &str) -> Vec<(Token, u32)> {
    let mut out = Vec::new();
    let mut pos = 0u32;
    for run in runs(text) {
        for (i, &c) in run.iter().enumerate() {
            out.push((Token::one(c), pos + i as u32));
            if let Some(&next) = run.get(i + 1) {
                out.push((Token::two(c, next), pos + i as u32));
            }
        }
        // The space between runs keeps a phrase from spanning two of them.
        pos += run.len() as u32 + 1;
    }
    out
}

/// What a search result shows of an item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Doc {
    /// The item id.
    pub id: String,
    /// URL relative to the site root.
    pub url: String,
    /// Name.
    pub name: String,
    /// Window label (`3 号窗口 企业开办窗口`).
    pub window: String,
    /// Case type label.
    pub case_type: String,
    /// Promised limit, worded.
    pub promised: String,
    /// One-line fee summary.
    pub fee: String,
}

/// The postings of one token.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Postings {
    /// Documents whose name holds the token, each with the token's positions in the name.
    pub name: Vec<(u32, Vec<u32>)>,
    /// Documents whose body (not name) holds the token.
    pub body: Vec<u32>,
}

/// The whole index in memory.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Index {
    /// Documents in name order; their number is their place here.
    pub docs: Vec<Doc>,
    /// Token → postings.
    pub tokens: BTreeMap<String, Postings>,
}

/// The searchable body of an item: what a citizen may type besides its name.
fn body(site: &Site, item: &Item, words: &Wording) -> String {
    let mut parts: Vec<String> = Vec::new();
    parts.extend(item.code.as_ref().map(|c| c.value.clone()));
    parts.extend(item.kind.clone());
    if let Some(w) = site.window(&item.window.value) {
        parts.push(w.name.value.clone());
    }
    parts.extend(site.implementer(item).map(str::to_string));
    for a in site.served(item) {
        parts.push(a.names().1.to_string());
        parts.push(words.label(a.label_key()));
    }
    parts.extend(item.topics.iter().map(|t| t.value.clone()));
    parts.extend(item.materials.iter().map(|m| m.name.clone()));
    parts.join(" ")
}

/// One document's tokens: those of its name with their positions (for phrase and name
/// ranking), and the rest of its text's, sorted and each once.
struct DocTokens {
    name: BTreeMap<Token, Vec<u32>>,
    body: Vec<Token>,
}

fn doc_tokens(name: &str, body: &str) -> DocTokens {
    let mut in_name: BTreeMap<Token, Vec<u32>> = BTreeMap::new();
    for (t, p) in positioned_tokens(name) {
        in_name.entry(t).or_default().push(p);
    }
    let mut in_body: Vec<Token> = positioned_tokens(body)
        .into_iter()
        .map(|(t, _)| t)
        .filter(|t| !in_name.contains_key(t))
        .collect();
    in_body.sort_unstable();
    in_body.dedup();
    DocTokens {
        name: in_name,
        body: in_body,
    }
}

/// Adds document `n`'s tokens to the postings.
fn add_postings(tokens: &mut FxHashMap<Token, Postings>, n: u32, found: DocTokens) {
    for (t, positions) in found.name {
        tokens.entry(t).or_default().name.push((n, positions));
    }
    for t in found.body {
        tokens.entry(t).or_default().body.push(n);
    }
}

/// Documents tokenised at once (in parallel) before their postings are added in order: a
/// bound on the memory the tokens of a 100,000-item site would take all together.
const TOKENISED_AT_ONCE: usize = 1024;

/// Builds the index of every item, worded in the site language.
///
/// Items are tokenised in parallel and their postings gathered in a hash map of numbered
/// tokens, spelled out and sorted once at the end: a sorted map of strings, a string made and
/// looked up for every token of every item, took 8 % of a 10,000-item build's CPU on one core.
pub fn build(site: &Site, words: &Wording) -> Index {
    let mut order: Vec<&Item> = site.items.iter().collect();
    // Each name normalised once, not at every comparison (13 times each at 10,000 items).
    order.sort_by_cached_key(|item| (normalise(&item.name.value), &item.source.id));
    let mut tokens: FxHashMap<Token, Postings> = FxHashMap::default();
    let mut docs = Vec::with_capacity(order.len());
    for batch in order.chunks(TOKENISED_AT_ONCE) {
        let worked: Vec<(DocTokens, Doc)> = batch
            .par_iter()
            .map(|item| {
                let found = doc_tokens(&item.name.value, &body(site, item, words));
                (found, doc(site, item, words))
            })
            .collect();
        for (found, doc) in worked {
            add_postings(&mut tokens, docs.len() as u32, found);
            docs.push(doc);
        }
    }
    Index {
        docs,
        tokens: tokens.into_iter().map(|(t, p)| (t.text(), p)).collect(),
    }
}

/// What a search result shows of `item`.
fn doc(site: &Site, item: &Item, w: &Wording) -> Doc {
    Doc {
        id: item.source.id.clone(),
        url: Route::Item(item.source.id.as_str()).url(),
        name: item.name.value.clone(),
        window: site
            .window(&item.window.value)
            .map(|win| w.window(win))
            .unwrap_or_default(),
        case_type: item
            .case_type
            .as_ref()
            .map(|c| w.case_type(c.value))
            .unwrap_or_default(),
        promised: item
            .time_limit
            .promised
            .as_ref()
            .map(|t| w.limit(t.value))
            .unwrap_or_default(),
        fee: w.fee_summary(item.fees.as_ref()),
    }
}

/// The alphabet of the variable-length numbers in shard files: 32 values per character, the
/// upper half of the alphabet marking "more characters follow".
const DIGITS: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

fn push_number(out: &mut String, mut n: u32) {
    loop {
        let low = (n & 31) as usize;
        n >>= 5;
        if n == 0 {
            out.push(DIGITS[low] as char);
            return;
        }
        out.push(DIGITS[low + 32] as char);
    }
}

/// Reads the numbers written by [`push_number`]; `None` on a character outside the alphabet.
pub fn read_numbers(text: &str) -> Option<Vec<u32>> {
    let mut out = Vec::new();
    let (mut value, mut shift) = (0u32, 0u32);
    for b in text.bytes() {
        let d = DIGITS.iter().position(|x| *x == b)? as u32;
        value |= (d & 31).checked_shl(shift)?;
        if d >= 32 {
            shift += 5;
        } else {
            out.push(value);
            value = 0;
            shift = 0;
        }
    }
    Some(out)
}

/// Writes a sorted list of document numbers as gaps, each shifted left by one: a set low bit
/// means a run, and the count of the documents that follow it consecutively comes next. A
/// token that most documents hold (a window name in every body) costs a few bytes.
fn push_docs(out: &mut String, docs: impl IntoIterator<Item = u32>) {
    let docs: Vec<u32> = docs.into_iter().collect();
    let (mut last, mut i) = (0, 0);
    while i < docs.len() {
        let mut j = i;
        while docs.get(j + 1) == Some(&(docs[j] + 1)) {
            j += 1;
        }
        let gap = docs[i] - last;
        if j - i >= 2 {
            push_number(out, gap << 1 | 1);
            push_number(out, (j - i) as u32);
            last = docs[j];
            i = j + 1;
        } else {
            push_number(out, gap << 1);
            last = docs[i];
            i += 1;
        }
    }
}

/// One token's line: `token TAB name-postings TAB body-postings`. For a single character,
/// the name postings are a document list ([`push_docs`]); for a bigram they are, per
/// document, a head: the gap from the previous document shifted left by two, and in its low
/// bits 2 when the bigram stands where it stood in the previous document (names in a series
/// share their positions; nothing follows), 3 when so do the next documents (their count
/// follows), 1 when it occurs more than once (the count of positions follows, then the
/// positions as gaps), 0 when once (its position follows). Body postings are a document list.
fn token_line(token: &str, p: &Postings, out: &mut String) {
    out.push_str(token);
    out.push('\t');
    if token.chars().count() > 1 {
        let mut last = 0;
        let mut before: &[u32] = &[];
        let mut i = 0;
        while i < p.name.len() {
            let (doc, positions) = &p.name[i];
            let gap = (doc - last) << 2;
            last = *doc;
            i += 1;
            if positions.as_slice() == before {
                // The documents that follow this one consecutively, at the same positions.
                let mut run = 0;
                while p
                    .name
                    .get(i)
                    .is_some_and(|(d, ps)| *d == last + 1 && ps == positions)
                {
                    last += 1;
                    run += 1;
                    i += 1;
                }
                if run > 0 {
                    push_number(out, gap | 3);
                    push_number(out, run);
                } else {
                    push_number(out, gap | 2);
                }
                continue;
            }
            before = positions;
            let many = positions.len() > 1;
            push_number(out, gap | u32::from(many));
            if many {
                push_number(out, positions.len() as u32);
            }
            let mut prev = 0;
            for pos in positions {
                push_number(out, pos - prev);
                prev = *pos;
            }
        }
    } else {
        push_docs(out, p.name.iter().map(|(doc, _)| *doc));
    }
    out.push('\t');
    push_docs(out, p.body.iter().copied());
    out.push('\n');
}

impl Index {
    /// The text of every shard of `shards`, in one pass over the tokens (a site's hundreds
    /// of shard files are cut from it): each the lines of the tokens that hash to it, sorted.
    pub fn shards(&self, shards: u32) -> Vec<String> {
        let mut out = vec![String::new(); shards as usize];
        for (token, p) in &self.tokens {
            if let Some(text) = out.get_mut(shard_of(token, shards) as usize) {
                token_line(token, p, text);
            }
        }
        out
    }

    /// The text of shard `n` of `shards` (see [`Index::shards`]).
    pub fn shard(&self, n: u32, shards: u32) -> String {
        let mut all = self.shards(shards);
        if (n as usize) < all.len() {
            all.swap_remove(n as usize)
        } else {
            String::new()
        }
    }

    /// The text of chunk `n`: one line per document, its fields separated by tabs: id, URL,
    /// name, window, case type, promised limit, fee.
    pub fn chunk(&self, n: u32) -> String {
        let mut out = String::new();
        let start = n as usize * CHUNK;
        for d in self.docs.iter().skip(start).take(CHUNK) {
            let clean = |s: &str| s.replace(['\t', '\n', '\r'], " ");
            let _ = writeln!(
                out,
                "{}\t{}\t{}\t{}\t{}\t{}\t{}",
                clean(&d.id),
                d.url,
                clean(&d.name),
                clean(&d.window),
                clean(&d.case_type),
                clean(&d.promised),
                clean(&d.fee)
            );
        }
        out
    }
}

/// How well a document matches a query, best first: the tier (0: every query run is a whole
/// phrase in the name; 1: every token of the query is in the name, some scattered; 2: every
/// token is in the name or the body; 3: at least half of the tokens are), then how many of
/// the query's tokens the document holds, how many of them in the name (more first), then
/// the document number.
pub type Rank = (u8, Reverse<usize>, Reverse<usize>, u32);

/// The tokens a query run looks up: its bigrams, or the character of a one-character run.
fn run_tokens(run: &[char]) -> Vec<String> {
    if run.len() == 1 {
        return vec![run[0].to_string()];
    }
    run.windows(2).map(|w| w.iter().collect()).collect()
}

/// Documents matching `q`, best first, with their rank: those holding at least half of the
/// query's tokens (in name or body), the complete matches first.
pub fn rank(index: &Index, q: &str) -> Vec<(u32, Rank)> {
    let q_runs: Vec<Vec<String>> = runs(q).iter().map(|r| run_tokens(r)).collect();
    let total: usize = q_runs.iter().map(Vec::len).sum();
    if total == 0 {
        return Vec::new();
    }
    let empty = Postings::default();
    let post = |t: &str| index.tokens.get(t).unwrap_or(&empty);
    // Per document: tokens found anywhere, tokens found in the name.
    let mut found: BTreeMap<u32, (usize, usize)> = BTreeMap::new();
    for tokens in &q_runs {
        for t in tokens {
            let p = post(t);
            for (doc, _) in &p.name {
                let e = found.entry(*doc).or_default();
                e.0 += 1;
                e.1 += 1;
            }
            for doc in &p.body {
                found.entry(*doc).or_default().0 += 1;
            }
        }
    }
    let needed = total.div_ceil(2);
    let mut hits: Vec<(u32, Rank)> = found
        .into_iter()
        .filter(|(_, (any, _))| *any >= needed)
        .map(|(doc, (any, in_name))| {
            let tier = if any < total {
                3
            } else if in_name < total {
                2
            } else if q_runs
                .iter()
                .all(|tokens| phrase_in_name(index, doc, tokens))
            {
                0
            } else {
                1
            };
            (doc, (tier, Reverse(any), Reverse(in_name), doc))
        })
        .collect();
    hits.sort_by_key(|(_, r)| *r);
    hits
}

/// True when the bigrams of one query run follow each other in the document's name.
fn phrase_in_name(index: &Index, doc: u32, tokens: &[String]) -> bool {
    let positions = |t: &str| -> Vec<u32> {
        index
            .tokens
            .get(t)
            .and_then(|p| p.name.iter().find(|(d, _)| *d == doc))
            .map(|(_, ps)| ps.clone())
            .unwrap_or_default()
    };
    let Some(first) = tokens.first() else {
        return false;
    };
    if tokens.len() == 1 {
        return !positions(first).is_empty();
    }
    let rest: Vec<Vec<u32>> = tokens[1..].iter().map(|t| positions(t)).collect();
    positions(first).iter().any(|start| {
        rest.iter()
            .enumerate()
            .all(|(i, ps)| ps.contains(&(start + i as u32 + 1)))
    })
}

/// The ids of the documents matching `q`, best first.
pub fn query(index: &Index, q: &str) -> Vec<String> {
    rank(index, q)
        .into_iter()
        .map(|(doc, _)| index.docs[doc as usize].id.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An index of names alone (bodies given separately), for ranking tests.
    fn index_of(docs: &[(&str, &str)]) -> Index {
        let mut tokens = FxHashMap::default();
        let mut index = Index::default();
        for (n, (name, body)) in docs.iter().enumerate() {
            add_postings(&mut tokens, n as u32, doc_tokens(name, body));
            index.docs.push(Doc {
                id: n.to_string(),
                url: String::new(),
                name: name.to_string(),
                window: String::new(),
                case_type: String::new(),
                promised: String::new(),
                fee: String::new(),
            });
        }
        index.tokens = tokens.into_iter().map(|(t, p)| (t.text(), p)).collect();
        index
    }

    #[test]
    fn runs_take_ideographs_as_the_general_rule_does() {
        // The rule without the ideograph shortcut, for every character of the first planes.
        let general = |text: &str| -> Vec<Vec<char>> {
            let mut out = vec![Vec::new()];
            for ch in text
                .chars()
                .flat_map(char::to_lowercase)
                .map(super::super::fold::fold_char)
            {
                if ch.is_alphanumeric() {
                    out.last_mut().expect("one").push(ch);
                } else if out.last().is_some_and(|r| !r.is_empty()) {
                    out.push(Vec::new());
                }
            }
            out.retain(|r| !r.is_empty());
            out
        };
        let all: String = (0..0x3_0000u32)
            .filter_map(char::from_u32)
            .flat_map(|c| [c, 'x', c, ' '])
            .collect();
        assert_eq!(runs(&all), general(&all));
        assert!(('\u{4E00}'..='\u{9FFF}').all(|c| c.is_alphanumeric() && c.to_lowercase().eq([c])));
    }

    #[test]
    fn tokens_spell_out_as_their_characters() {
        for (token, text) in [
            (Token::one('a'), "a"),
            (Token::one('\u{10FFFF}'), "\u{10FFFF}"),
            (Token::two('公', '积'), "公积"),
            (Token::two('𠀀', '0'), "𠀀0"),
            (Token::two('\0', '\0'), "\0\0"),
        ] {
            assert_eq!(token.text(), text);
        }
        assert_ne!(Token::one('a'), Token::two('a', '\0'));
    }

    #[test]
    fn runs_and_positions() {
        let t: Vec<(String, u32)> = positioned_tokens("公积金 QH-1")
            .into_iter()
            .map(|(t, p)| (t.text(), p))
            .collect();
        for (k, p) in [
            ("公", 0),
            ("公积", 0),
            ("积金", 1),
            ("q", 4),
            ("qh", 4),
            ("1", 7),
        ] {
            assert!(t.contains(&(k.to_string(), p)), "{k} at {p} in {t:?}");
        }
        assert!(!t.iter().any(|(k, _)| k == "金q" || k == "h1"));
    }

    #[test]
    fn name_phrase_first_then_scattered_then_body() {
        let index = index_of(&[
            ("提取公积金", "住房"),         // name, but 公积金提取 scattered
            ("材料清单", "公积金提取"),     // body only
            ("住房公积金提取（购房）", ""), // whole phrase in the name
            ("公积金贷款", "提取"),         // partly name, partly body
            ("不动产登记", "火车"),         // nothing
        ]);
        assert_eq!(query(&index, "公积金提取"), ["2", "1", "0", "3"]);
        assert_eq!(query(&index, "提取"), ["0", "2", "1", "3"]);
        assert!(query(&index, "火星签证").is_empty());
        assert!(query(&index, "  ").is_empty());
        // No document holds every token: those with at least half of them, most first.
        assert_eq!(query(&index, "公积金提取手续"), ["2", "1", "0", "3"]);
    }

    #[test]
    fn numbers_round_trip() {
        let mut s = String::new();
        for n in [0, 1, 31, 32, 1023, 1024, 70_000, u32::MAX] {
            push_number(&mut s, n);
        }
        assert_eq!(
            read_numbers(&s),
            Some(vec![0, 1, 31, 32, 1023, 1024, 70_000, u32::MAX])
        );
        assert_eq!(read_numbers("A!"), None);
    }

    #[test]
    fn shards_hold_each_token_once() {
        let index = index_of(&[("公积金提取", "身份证"), ("公积金贷款", "")]);
        let shards = 4;
        let lines: Vec<String> = (0..shards)
            .flat_map(|n| {
                index
                    .shard(n, shards)
                    .lines()
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            })
            .collect();
        assert_eq!(lines.len(), index.tokens.len());
        let line = lines
            .iter()
            .find(|l| l.starts_with("公积\t"))
            .expect("公积");
        let fields: Vec<&str> = line.split('\t').collect();
        // doc 0 (gap 0, once) at 0; doc 1 (gap 1 shifted by two, where it stood in doc 0).
        assert_eq!(read_numbers(fields[1]), Some(vec![0, 0, 6]));
        let three = index_of(&[("公积金", ""), ("公积金提取", ""), ("公积金贷款", "")]);
        let line = three.shard(shard_of("公积", 1), 1);
        let line = line
            .lines()
            .find(|l| l.starts_with("公积\t"))
            .expect("公积");
        // doc 0 at 0; doc 1 where doc 0 and one more document after it.
        let name = line.split('\t').nth(1).expect("name postings");
        assert_eq!(read_numbers(name), Some(vec![0, 0, 7, 1]));
        assert_eq!(fields[2], "");
        assert_eq!(shard_of("公积", 1), 0);
        assert!(shard_count(10_000).is_power_of_two());
        assert_eq!(chunk_count(17), 3);
    }

    /// Reads a shard line back into its token and postings (what `search.js` does).
    fn decode_line(line: &str) -> (String, Postings) {
        let fields: Vec<&str> = line.split('\t').collect();
        let docs = |text: &str| -> Vec<u32> {
            let n = read_numbers(text).expect("numbers");
            let (mut out, mut doc, mut i) = (Vec::new(), 0, 0);
            while i < n.len() {
                doc += n[i] >> 1;
                out.push(doc);
                if n[i] & 1 == 1 {
                    i += 1;
                    for _ in 0..n[i] {
                        doc += 1;
                        out.push(doc);
                    }
                }
                i += 1;
            }
            out
        };
        let token = fields[0].to_string();
        let name = if token.chars().count() > 1 {
            let n = read_numbers(fields[1]).expect("numbers");
            let (mut out, mut doc, mut i) = (Vec::new(), 0, 0);
            let mut before: Vec<u32> = Vec::new();
            while i < n.len() {
                let head = n[i];
                i += 1;
                doc += head >> 2;
                if head & 3 == 3 {
                    for _ in 0..n[i] {
                        out.push((doc, before.clone()));
                        doc += 1;
                    }
                    i += 1;
                } else if head & 2 == 0 {
                    let count = if head & 1 == 1 {
                        i += 1;
                        n[i - 1]
                    } else {
                        1
                    };
                    let mut pos = 0;
                    before.clear();
                    for _ in 0..count {
                        pos += n[i];
                        before.push(pos);
                        i += 1;
                    }
                }
                out.push((doc, before.clone()));
            }
            out
        } else {
            docs(fields[1])
                .into_iter()
                .map(|d| (d, Vec::new()))
                .collect()
        };
        let body = docs(fields[2]);
        (token, Postings { name, body })
    }

    #[test]
    fn shards_read_back_into_the_index() {
        // Runs of consecutive documents, a bigram twice in one name, bodies held by all.
        let mut docs = vec![
            ("护士执业注册", "窗口 护士"),
            ("护照办理护照", "窗口"),
            ("护照办理护照", ""),
            ("出入境护照", ""),
        ];
        docs.extend((0..5).map(|_| ("护照补办", "")));
        docs.extend((0..40).map(|_| ("出生医学证明", "窗口 卫生健康")));
        docs.push(("护士执业注册变更", "窗口"));
        let index = index_of(&docs);
        let shards = 8;
        let mut back = BTreeMap::new();
        for n in 0..shards {
            for line in index.shard(n, shards).lines() {
                let (token, postings) = decode_line(line);
                assert_eq!(shard_of(&token, shards), n, "{token}");
                back.insert(token, postings);
            }
        }
        for (token, p) in &index.tokens {
            let name: Vec<(u32, Vec<u32>)> = if token.chars().count() > 1 {
                p.name.clone()
            } else {
                p.name.iter().map(|(d, _)| (*d, Vec::new())).collect()
            };
            let want = Postings {
                name,
                body: p.body.clone(),
            };
            assert_eq!(back.get(token), Some(&want), "{token}");
        }
        assert_eq!(back.len(), index.tokens.len());
        // The body list of a token nearly every document holds is a few runs.
        let line = index.shard(shard_of("窗口", shards), shards);
        let window = line
            .lines()
            .find(|l| l.starts_with("窗口\t"))
            .expect("窗口");
        assert!(window.len() < 16, "{window}");
    }

    #[test]
    fn a_token_lives_in_the_shard_of_its_first_character() {
        for shards in [1, 64, 512] {
            let n = shard_of("护", shards);
            assert_eq!(shard_of("护士", shards), n);
            assert_eq!(shard_of("护照", shards), n);
        }
        let spread: std::collections::BTreeSet<u32> = "公积金提取护士第号1234"
            .chars()
            .map(|c| shard_of(&c.to_string(), 512))
            .collect();
        assert!(spread.len() > 8, "{spread:?}");
    }

    #[test]
    fn either_script_finds_either() {
        let index = index_of(&[
            ("住房公積金提取（離退休）", ""),
            ("住房公积金提取（购房）", ""),
        ]);
        assert_eq!(query(&index, "公积金提取"), ["0", "1"]);
        assert_eq!(query(&index, "公積金"), ["0", "1"]);
        assert_eq!(query(&index, "离退休")[0], "0");
    }
}
