//! The search index: one document per item (name, code, department, window, kind, materials)
//! and postings for CJK-friendly tokens — every single character and every pair of adjacent
//! characters of each run of letters, digits or ideographs. Queries intersect the postings
//! of their tokens and confirm each hit by substring, which drops the false positives of
//! bigram matching. Text is lower-cased and folded from Traditional to Simplified
//! ([`super::fold`]), so either script finds either. `search.js` implements the same
//! [`tokens`] and [`query`] logic with the same folding table.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::content::Site;
use crate::routes::Route;

/// One searchable item.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Doc {
    /// Item id.
    pub id: String,
    /// URL relative to the site root.
    pub url: String,
    /// Name.
    pub name: String,
    /// Normalised text searched by substring (name, code, department, window, kind, materials).
    pub text: String,
}

/// The whole index as written to `search-index.json`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
pub struct Index {
    /// Documents, in site order.
    pub docs: Vec<Doc>,
    /// Token → ascending document numbers.
    pub tokens: BTreeMap<String, Vec<u32>>,
}

/// Lower-cases, folds Traditional to Simplified and splits text into runs of letters, digits
/// and ideographs.
pub fn runs(text: &str) -> Vec<Vec<char>> {
    let mut out = Vec::new();
    let mut cur = Vec::new();
    for ch in text
        .chars()
        .flat_map(char::to_lowercase)
        .map(super::fold::fold_char)
    {
        if ch.is_alphanumeric() {
            cur.push(ch);
        } else if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Normalised text: runs joined by single spaces.
pub fn normalise(text: &str) -> String {
    runs(text)
        .iter()
        .map(|r| r.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Index tokens of a text: single characters and adjacent pairs.
pub fn tokens(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for run in runs(text) {
        for (i, c) in run.iter().enumerate() {
            out.insert(c.to_string());
            if let Some(next) = run.get(i + 1) {
                out.insert(format!("{c}{next}"));
            }
        }
    }
    out
}

/// Builds the index of every item.
pub fn build(site: &Site) -> Index {
    let mut index = Index::default();
    for (n, item) in site.items.iter().enumerate() {
        let window = site.window(&item.window.value);
        let mut parts: Vec<&str> = vec![&item.name.value];
        parts.extend(item.code.as_ref().map(|c| c.value.as_str()));
        parts.extend(item.kind.as_deref());
        if let Some(w) = window {
            parts.push(&w.name.value);
        }
        parts.extend(site.implementer(item));
        parts.extend(item.materials.iter().map(|m| m.name.as_str()));
        let text = normalise(&parts.join(" "));
        for t in tokens(&text) {
            index.tokens.entry(t).or_default().push(n as u32);
        }
        index.docs.push(Doc {
            id: item.source.id.clone(),
            url: Route::Item(item.source.id.as_str()).url(),
            name: item.name.value.clone(),
            text,
        });
    }
    index
}

/// Document numbers matching `q`: every run of the query must occur in the document text.
pub fn query(index: &Index, q: &str) -> Vec<usize> {
    let q_runs: Vec<String> = runs(q).iter().map(|r| r.iter().collect()).collect();
    if q_runs.is_empty() {
        return Vec::new();
    }
    // Candidates: intersection of postings of the query's pairs (or characters for 1-char runs).
    let mut candidates: Option<BTreeSet<u32>> = None;
    for run in &q_runs {
        let chars: Vec<char> = run.chars().collect();
        let keys: Vec<String> = if chars.len() == 1 {
            vec![run.clone()]
        } else {
            chars.windows(2).map(|w| w.iter().collect()).collect()
        };
        for k in keys {
            let set: BTreeSet<u32> = index
                .tokens
                .get(&k)
                .map(|v| v.iter().copied().collect())
                .unwrap_or_default();
            candidates = Some(match candidates {
                None => set,
                Some(c) => c.intersection(&set).copied().collect(),
            });
        }
    }
    candidates
        .unwrap_or_default()
        .into_iter()
        .map(|n| n as usize)
        .filter(|&n| {
            index
                .docs
                .get(n)
                .is_some_and(|d| q_runs.iter().all(|r| d.text.contains(r.as_str())))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_chars_and_pairs() {
        let t = tokens("公积金 QH-1");
        for k in ["公", "积", "金", "公积", "积金", "q", "h", "qh", "1"] {
            assert!(t.contains(k), "{k}");
        }
        assert!(!t.contains("金q"));
    }

    #[test]
    fn substring_confirms_bigram_hits() {
        let mut index = Index::default();
        for (n, text) in ["公积金提取", "提取公积金"].iter().enumerate() {
            for t in tokens(text) {
                index.tokens.entry(t).or_default().push(n as u32);
            }
            index.docs.push(Doc {
                id: n.to_string(),
                url: String::new(),
                name: text.to_string(),
                text: normalise(text),
            });
        }
        assert_eq!(query(&index, "公积金提取"), vec![0]);
        assert_eq!(query(&index, "提取"), vec![0, 1]);
        assert_eq!(query(&index, "  "), Vec::<usize>::new());
    }

    #[test]
    fn either_script_finds_either() {
        let mut index = Index::default();
        for (n, text) in ["住房公積金提取（離退休）", "住房公积金提取（购房）"]
            .iter()
            .enumerate()
        {
            let text = normalise(text);
            for t in tokens(&text) {
                index.tokens.entry(t).or_default().push(n as u32);
            }
            index.docs.push(Doc {
                id: n.to_string(),
                url: String::new(),
                name: text.clone(),
                text,
            });
        }
        assert_eq!(query(&index, "公积金提取"), vec![0, 1]);
        assert_eq!(query(&index, "公積金"), vec![0, 1]);
        assert_eq!(query(&index, "离退休"), vec![0]);
    }
}
