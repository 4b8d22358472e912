//! What the text of one 实施清单 cell means, and back: lists written one per line or
//! numbered inline ("1. 身份证原件 2. 户口簿复印件"), materials with 原件/复印件 counts, fees
//! such as "不动产登记费 80 元/件", counts such as "1次", yes/no words. Each reader has its
//! writer here too, so that `export` writes exactly what `import` reads back.

use crate::content::money::Amount;

/// Words that stand for "nothing here" in a text cell (not for fees: there 无 means free).
pub const BLANK_WORDS: &[&str] = &["/", "-", "—", "——", "－", "无此项", "暂无", "不涉及"];

/// True for a placeholder that means the cell is empty.
pub fn is_blank_word(text: &str) -> bool {
    BLANK_WORDS.contains(&text.trim())
}

/// Splits a list cell into its entries: one per line, and inline numbering ("1. a 2. b",
/// "1、a；2、b", "（1）a（2）b", "①a②b") split too when the numbers run 1, 2, 3 …. The
/// numbers and trailing separators are removed.
pub fn split_list(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines() {
        for part in split_numbered(line) {
            let part = strip_number(part.trim())
                .trim()
                .trim_end_matches(['；', ';', '，', ',', '。'])
                .trim();
            if !part.is_empty() && !is_blank_word(part) {
                out.push(part.to_string());
            }
        }
    }
    out
}

/// Splits one line at inline numbers that count up from 1.
fn split_numbered(line: &str) -> Vec<&str> {
    let starts = numbered_starts(line);
    if starts.len() < 2 {
        return vec![line];
    }
    let mut parts = Vec::new();
    if starts[0] > 0 && !line[..starts[0]].trim().is_empty() {
        parts.push(&line[..starts[0]]);
    }
    for (i, start) in starts.iter().enumerate() {
        let end = starts.get(i + 1).copied().unwrap_or(line.len());
        parts.push(&line[*start..end]);
    }
    parts
}

/// Byte offsets where the numbers 1, 2, 3 … start, each at the line start or after a space
/// or separator.
fn numbered_starts(line: &str) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut want = 1u32;
    let mut prev: Option<char> = None;
    for (i, c) in line.char_indices() {
        // Circled numbers stand alone; others need a space or separator before them.
        let boundary = CIRCLED.contains(c)
            || prev.is_none_or(|p| p.is_whitespace() || "；;，,。、".contains(p));
        if boundary
            && let Some((n, _)) = number_marker(&line[i..])
            && n == want
        {
            starts.push(i);
            want += 1;
        }
        prev = Some(c);
    }
    starts
}

const CIRCLED: &str = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳";

/// A list number at the start of `text` (`1.`, `1、`, `1)`, `(1)`, `（1）`, `①`): its value and
/// byte length.
fn number_marker(text: &str) -> Option<(u32, usize)> {
    let first = text.chars().next()?;
    if let Some(pos) = CIRCLED.chars().position(|c| c == first) {
        return Some((pos as u32 + 1, first.len_utf8()));
    }
    let (open, rest) = match first {
        '(' | '（' => (first.len_utf8(), &text[first.len_utf8()..]),
        _ => (0, text),
    };
    let digits: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
    if digits.is_empty() || digits.len() > 3 {
        return None;
    }
    let after = &rest[digits.len()..];
    let close = after.chars().next()?;
    let ok = if open > 0 {
        close == ')' || close == '）'
    } else {
        matches!(close, '.' | '、' | '．' | ')' | '）')
    };
    // "1.5" is a number, not a list marker.
    if close == '.' && after[1..].starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    ok.then(|| {
        (
            digits.parse().unwrap_or(0),
            open + digits.len() + close.len_utf8(),
        )
    })
}

fn strip_number(text: &str) -> &str {
    match number_marker(text) {
        Some((_, len)) => &text[len..],
        None => text,
    }
}

/// Yes / no words of 是否 columns.
pub fn yes_no(text: &str) -> Option<bool> {
    match text.trim().to_lowercase().as_str() {
        "是" | "收费" | "y" | "yes" | "true" | "√" | "有" => Some(true),
        "否" | "不收费" | "免费" | "n" | "no" | "false" | "×" | "无" => Some(false),
        _ => None,
    }
}

/// A count such as `1`, `1次`, `最多1次`, `一次`, `0`; `None` when it is not one.
pub fn count(text: &str) -> Option<u32> {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let t = t
        .trim_start_matches("最多")
        .trim_start_matches("不超过")
        .trim_end_matches(['次', '份', '张', '本', '套', '页', '个']);
    if let Ok(n) = t.parse::<u32>() {
        return Some(n);
    }
    if let Some(whole) = t.strip_suffix(".0") {
        return whole.parse().ok();
    }
    chinese_digit(t)
}

fn chinese_digit(t: &str) -> Option<u32> {
    const DIGITS: &str = "零一二三四五六七八九十";
    let mut chars = t.chars();
    let (Some(c), None) = (chars.next(), chars.next()) else {
        return None;
    };
    if c == '两' {
        return Some(2);
    }
    DIGITS.chars().position(|d| d == c).map(|p| p as u32)
}

/// One material read from a line of a 申请材料 cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MaterialLine {
    /// The name with the count phrases removed.
    pub name: String,
    /// Originals (原件).
    pub original: u32,
    /// Copies (复印件).
    pub copy: u32,
}

/// Reads "身份证原件", "户口簿复印件2份", "营业执照（原件1份，复印件1份）",
/// "身份证原件及复印件各1份": the name and the counts the text states (a kind named without a
/// number counts one).
pub fn material_line(text: &str) -> MaterialLine {
    let mut original = 0;
    let mut copy = 0;
    let mut name = text.trim().to_string();
    // A trailing parenthesis that holds only counts: "营业执照（原件1份，复印件1份）".
    if let Some(open) = name.rfind(['（', '(']) {
        let inner = name[open..]
            .trim_start_matches(['（', '('])
            .trim_end_matches(['）', ')']);
        if name.ends_with(['）', ')']) && !inner.is_empty() {
            let (o, c, rest) = counts(inner);
            if (o > 0 || c > 0) && rest.trim_matches(is_joiner).is_empty() {
                original = o;
                copy = c;
                name.truncate(open);
            }
        }
    }
    if original == 0 && copy == 0 {
        // Counts written after the name: "身份证原件及复印件各1份", "户口簿复印件2份".
        if let Some(at) = first_kind(&name) {
            let (o, c, rest) = counts(&name[at..]);
            if rest.trim_matches(is_joiner).is_empty() {
                original = o;
                copy = c;
                name.truncate(at);
            }
        }
    }
    let name = name.trim_end_matches(is_joiner).trim().to_string();
    MaterialLine {
        name,
        original,
        copy,
    }
}

fn is_joiner(c: char) -> bool {
    c.is_whitespace() || "及和与、，,；;。：:各".contains(c)
}

fn first_kind(text: &str) -> Option<usize> {
    [text.find("原件"), text.find("复印件")]
        .into_iter()
        .flatten()
        .min()
}

/// Reads count phrases: "原件1份，复印件2份", "原件及复印件各1份", "原件", "复印件2份".
/// Returns (originals, copies, what was not a count phrase).
fn counts(text: &str) -> (u32, u32, String) {
    let mut original = None;
    let mut copy = None;
    let mut rest = String::new();
    let mut pending: Vec<bool> = Vec::new(); // kinds waiting for a shared "各N份"
    let mut t = text;
    while !t.is_empty() {
        let (kind, len) = if t.starts_with("原件") {
            (Some(true), "原件".len())
        } else if t.starts_with("复印件") {
            (Some(false), "复印件".len())
        } else {
            (None, 0)
        };
        if let Some(is_original) = kind {
            t = &t[len..];
            let (n, used) = number_after(t);
            t = &t[used..];
            match n {
                Some(n) => set(&mut original, &mut copy, is_original, n),
                None => pending.push(is_original),
            }
            continue;
        }
        if let Some(after) = t.strip_prefix('各') {
            let (n, used) = number_after(after);
            if let Some(n) = n {
                for k in pending.drain(..) {
                    set(&mut original, &mut copy, k, n);
                }
                t = &after[used..];
                continue;
            }
        }
        let c = t.chars().next().unwrap_or(' ');
        rest.push(c);
        t = &t[c.len_utf8()..];
    }
    for k in pending {
        set(&mut original, &mut copy, k, 1);
    }
    (original.unwrap_or(0), copy.unwrap_or(0), rest)
}

fn set(original: &mut Option<u32>, copy: &mut Option<u32>, is_original: bool, n: u32) {
    if is_original {
        *original = Some(n);
    } else {
        *copy = Some(n);
    }
}

/// A number right after a kind word: "1份", " 2 份", "一份", "×1"; returns it and the bytes used.
fn number_after(text: &str) -> (Option<u32>, usize) {
    let trimmed = text.trim_start_matches([' ', '×', 'x', '*']);
    let skipped = text.len() - trimmed.len();
    let digits: String = trimmed.chars().take_while(|c| c.is_ascii_digit()).collect();
    let (n, mut used) = if !digits.is_empty() {
        (digits.parse().ok(), digits.len())
    } else if let Some(c) = trimmed.chars().next()
        && let Some(n) = chinese_digit(&c.to_string())
        && trimmed[c.len_utf8()..].starts_with(['份', '张', '本', '套'])
    {
        (Some(n), c.len_utf8())
    } else {
        return (None, 0);
    };
    let tail = trimmed[used..].trim_start();
    used = trimmed.len() - tail.len();
    for unit in ['份', '张', '本', '套'] {
        if tail.starts_with(unit) {
            used += unit.len_utf8();
            break;
        }
    }
    (n, skipped + used)
}

/// The line `export` writes for a material in a 申请材料 cell, read back by [`material_line`].
pub fn material_text(name: &str, original: u32, copy: u32) -> String {
    match (original, copy) {
        (0, 0) => name.to_string(),
        (o, 0) => format!("{name}（原件{o}份）"),
        (0, c) => format!("{name}（复印件{c}份）"),
        (o, c) => format!("{name}（原件{o}份，复印件{c}份）"),
    }
}

/// One fee read from a line of a 收费标准 cell.
#[derive(Debug, Clone, PartialEq)]
pub struct FeeLine {
    /// What is charged, when the line names it.
    pub name: Option<String>,
    /// The amount (exact or a range).
    pub amount: Option<Amount>,
    /// The unit as written after the amount (元/件), when there is more than 元.
    pub unit: Option<String>,
}

/// Reads "不动产登记费 80 元/件", "5-20 元/页", "工本费：20元": the name before the amount, the
/// amount (the one followed by 元, else the last number not glued to letters), the unit after.
pub fn fee_line(text: &str) -> FeeLine {
    let text = text.trim();
    let Some((start, end)) = amount_span(text) else {
        return FeeLine {
            name: Some(text.to_string()).filter(|t| !t.is_empty()),
            amount: None,
            unit: None,
        };
    };
    let name = text[..start]
        .trim()
        .trim_end_matches(['：', ':', '，', ',', '为'])
        .trim();
    let rest = text[end..].trim();
    let unit = if rest.is_empty() || rest == "元" {
        None
    } else if rest.starts_with('/') {
        Some(format!("元{rest}"))
    } else {
        Some(rest.to_string())
    };
    FeeLine {
        name: (!name.is_empty()).then(|| name.to_string()),
        amount: Amount::parse(&text[start..end]),
        unit,
    }
}

/// Byte span of the amount in a fee line.
fn amount_span(text: &str) -> Option<(usize, usize)> {
    let mut spans = Vec::new();
    let bytes: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < bytes.len() {
        let (at, c) = bytes[i];
        let glued = i > 0 && bytes[i - 1].1.is_ascii_alphanumeric();
        if c.is_ascii_digit() && !glued {
            let mut j = i;
            let number = |j: &mut usize| {
                while *j < bytes.len() && (bytes[*j].1.is_ascii_digit() || bytes[*j].1 == '.') {
                    *j += 1;
                }
            };
            number(&mut j);
            // A range: "5-20", "5～20", "5至20" (spaces allowed around the dash).
            let mut k = j;
            while k < bytes.len() && bytes[k].1 == ' ' {
                k += 1;
            }
            if k < bytes.len() && "-～~至—–".contains(bytes[k].1) {
                let mut m = k + 1;
                while m < bytes.len() && bytes[m].1 == ' ' {
                    m += 1;
                }
                if m < bytes.len() && bytes[m].1.is_ascii_digit() {
                    j = m;
                    number(&mut j);
                }
            }
            let end = bytes.get(j).map_or(text.len(), |(b, _)| *b);
            if !bytes.get(j).is_some_and(|(_, c)| c.is_ascii_alphabetic()) {
                let tail = text[end..].trim_start();
                spans.push((at, end, tail.starts_with('元')));
            }
            i = j.max(i + 1);
        } else {
            i += 1;
        }
    }
    let chosen = spans
        .iter()
        .find(|s| s.2)
        .or_else(|| spans.last())
        .copied()?;
    // 元 belongs to the amount's span (Amount::parse drops it), not to the unit.
    let tail = &text[chosen.1..];
    let trimmed = tail.trim_start();
    let end = if trimmed.starts_with('元') {
        chosen.1 + (tail.len() - trimmed.len()) + '元'.len_utf8()
    } else {
        chosen.1
    };
    Some((chosen.0, end))
}

/// The line `export` writes for a fee, read back by [`fee_line`].
pub fn fee_text(name: &str, amount: Option<&Amount>, unit: Option<&str>) -> String {
    let amount = amount.map(amount_text);
    match (amount, unit) {
        (None, _) => name.to_string(),
        (Some(a), None) => format!("{name} {a}元"),
        (Some(a), Some(u)) if u.starts_with('元') => format!("{name} {a} {u}"),
        (Some(a), Some(u)) => format!("{name} {a}元 {u}"),
    }
}

/// An amount as written in a cell and in YAML: `80`, `0.5`, `5-20`.
pub fn amount_text(amount: &Amount) -> String {
    match amount {
        Amount::Exact(d) => d.to_string(),
        Amount::Range(a, b) => format!("{a}-{b}"),
    }
}

/// One procedure step read from a line of a 办理流程 cell: "受理：窗口收件" → name and detail.
pub fn step_line(text: &str) -> (String, Option<String>) {
    if let Some((name, detail)) = text.split_once(['：', ':'])
        && !name.trim().is_empty()
        && name.chars().count() <= 20
        && !detail.trim().is_empty()
    {
        return (name.trim().to_string(), Some(detail.trim().to_string()));
    }
    (text.trim().to_string(), None)
}

/// The line `export` writes for a step (numbered), read back by [`split_list`] + [`step_line`].
pub fn step_text(n: usize, name: &str, detail: Option<&str>) -> String {
    match detail {
        Some(d) => format!("{n}. {name}：{d}"),
        None => format!("{n}. {name}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_split_by_line_and_by_inline_numbers() {
        assert_eq!(
            split_list("1. 身份证原件 2. 户口簿复印件"),
            ["身份证原件", "户口簿复印件"]
        );
        assert_eq!(split_list("1、甲；2、乙；3、丙"), ["甲", "乙", "丙"]);
        assert_eq!(split_list("（1）甲\n（2）乙"), ["甲", "乙"]);
        assert_eq!(split_list("①甲②乙"), ["甲", "乙"]);
        assert_eq!(
            split_list("《条例》第2.3条\n\n《办法》"),
            ["《条例》第2.3条", "《办法》"]
        );
        assert_eq!(split_list("申请书 2. 不是序号"), ["申请书 2. 不是序号"]);
        assert_eq!(split_list("无此项"), Vec::<String>::new());
    }

    #[test]
    fn material_counts_where_the_text_says() {
        fn m(t: &str) -> (String, u32, u32) {
            let l = material_line(t);
            (l.name, l.original, l.copy)
        }
        assert_eq!(m("身份证原件"), ("身份证".into(), 1, 0));
        assert_eq!(m("户口簿复印件"), ("户口簿".into(), 0, 1));
        assert_eq!(m("户口簿复印件2份"), ("户口簿".into(), 0, 2));
        assert_eq!(m("身份证原件及复印件"), ("身份证".into(), 1, 1));
        assert_eq!(m("身份证原件及复印件各2份"), ("身份证".into(), 2, 2));
        assert_eq!(
            m("营业执照（原件1份，复印件3份）"),
            ("营业执照".into(), 1, 3)
        );
        assert_eq!(m("申请书"), ("申请书".into(), 0, 0));
        assert_eq!(
            m("授权委托书（委托办理的提供）"),
            ("授权委托书（委托办理的提供）".into(), 0, 0)
        );
        assert_eq!(m("营业执照副本原件一份"), ("营业执照副本".into(), 1, 0));
        for (name, o, c) in [
            ("身份证", 1, 1),
            ("申请书", 0, 0),
            ("户口簿", 0, 2),
            ("证明", 3, 0),
        ] {
            assert_eq!(m(&material_text(name, o, c)), (name.into(), o, c));
        }
    }

    #[test]
    fn fees_read_name_amount_and_unit() {
        let f = fee_line("不动产登记费 80 元/件");
        assert_eq!(f.name.as_deref(), Some("不动产登记费"));
        assert_eq!(f.amount.map(|a| amount_text(&a)).as_deref(), Some("80"));
        assert_eq!(f.unit.as_deref(), Some("元/件"));
        let f = fee_line("5-20 元/页");
        assert_eq!(f.name, None);
        assert_eq!(f.amount.map(|a| amount_text(&a)).as_deref(), Some("5-20"));
        assert_eq!(f.unit.as_deref(), Some("元/页"));
        let f = fee_line("A4复印费：0.5元");
        assert_eq!(f.name.as_deref(), Some("A4复印费"));
        assert_eq!(f.amount.map(|a| amount_text(&a)).as_deref(), Some("0.5"));
        assert_eq!(f.unit, None);
        assert_eq!(fee_line("按规定收取").amount, None);
        for (name, amount, unit) in [
            ("登记费", "80", Some("元/件")),
            ("工本费", "10-50", None),
            ("证书费", "0.5", Some("件")),
        ] {
            let a = Amount::parse(amount);
            let f = fee_line(&fee_text(name, a.as_ref(), unit));
            assert_eq!(f.name.as_deref(), Some(name));
            assert_eq!(f.amount, a);
            assert_eq!(f.unit.as_deref(), unit);
        }
    }

    #[test]
    fn counts_and_yes_no() {
        assert_eq!(count("1"), Some(1));
        assert_eq!(count("0次"), Some(0));
        assert_eq!(count("最多1次"), Some(1));
        assert_eq!(count("一次"), Some(1));
        assert_eq!(count("2.0"), Some(2));
        assert_eq!(count("若干"), None);
        assert_eq!(yes_no("否"), Some(false));
        assert_eq!(yes_no("是"), Some(true));
        assert_eq!(yes_no("也许"), None);
    }

    #[test]
    fn steps_split_name_and_detail() {
        assert_eq!(
            step_line("受理：窗口收件"),
            ("受理".into(), Some("窗口收件".into()))
        );
        assert_eq!(step_line("审核"), ("审核".into(), None));
        let line = step_text(2, "审核", Some("1个工作日内完成"));
        let parts = split_list(&line);
        assert_eq!(
            step_line(&parts[0]),
            ("审核".into(), Some("1个工作日内完成".into()))
        );
    }
}
