//! Reads typed values out of a YAML tree by the tables in `spec`, collecting every problem
//! (unknown keys with suggestions, wrong types, missing fields) instead of stopping at the
//! first, each pointing at its own line and column.

use crate::content::model::{Date, InfoRow, KeyLines, LabelledText, LabelledTexts};
use crate::content::spec::{self, Field, Shape, Type};
use crate::content::yaml::{self, Node, Pos, Value};
use crate::diag::{Diagnostic, Location, Message};
use crate::msg;

/// The file being read and the problems found in it so far.
pub struct Reader<'a> {
    /// Path relative to the site folder.
    pub file: &'a str,
    /// Problems found.
    pub diags: Vec<Diagnostic>,
}

/// The known keys of one mapping, looked up by their English name.
pub struct Mapping<'n> {
    entries: Vec<(&'static str, &'n Node, &'n Node)>,
    /// Position of the mapping (its first key), for "missing field" problems.
    pub pos: Pos,
}

impl<'n> Mapping<'n> {
    /// The value written for `key` (under either spelling).
    pub fn get(&self, key: &str) -> Option<&'n Node> {
        self.entries
            .iter()
            .find(|(k, _, _)| *k == key)
            .map(|(_, _, v)| *v)
            .filter(|v| v.value != Value::Null)
    }

    /// True when the key was written at all, even as an empty value.
    pub fn has(&self, key: &str) -> bool {
        self.entries.iter().any(|(k, _, _)| *k == key)
    }

    /// Where the key itself was written.
    pub fn key_pos(&self, key: &str) -> Option<Pos> {
        self.entries
            .iter()
            .find(|(k, _, _)| *k == key)
            .map(|(_, k, _)| k.pos)
    }

    /// Every known key written, with the position of the key, in the order written.
    pub fn key_lines(&self) -> KeyLines {
        KeyLines(self.entries.iter().map(|(k, n, _)| (*k, n.pos)).collect())
    }
}

impl<'a> Reader<'a> {
    /// A reader for `file`.
    pub fn new(file: &'a str) -> Self {
        Reader {
            file,
            diags: Vec::new(),
        }
    }

    /// A location in this file.
    pub fn at(&self, pos: Pos) -> Location {
        pos.at(self.file)
    }

    /// Reads a mapping by `shape`: reports unknown and doubled keys and missing required ones.
    pub fn mapping<'n>(&mut self, node: &'n Node, shape: &'static Shape) -> Option<Mapping<'n>> {
        let Value::Map(entries) = &node.value else {
            if let Some(text) = node.as_text()
                && let Some(d) = yaml::fullwidth_colon_in(&text, self.at(node.pos))
            {
                self.diags.push(d);
                return None;
            }
            let (en, zh) = (shape.noun_en, shape.noun_zh);
            self.wrong_type_with(
                node,
                &format!("a {en} (key: value lines)"),
                &format!("{zh}（“键: 值”形式）"),
                record_help(shape),
            );
            return None;
        };
        let mut record = Mapping {
            entries: Vec::with_capacity(entries.len()),
            pos: entries.first().map_or(node.pos, |(k, _)| k.pos),
        };
        for (key, value) in entries {
            let Some(name) = key.as_text() else {
                self.wrong_type_with(
                    key,
                    "a key",
                    "键名",
                    msg!(
                        "a key is a word before `: `, such as `name: …`",
                        "键是“: ”之前的名称，如“事项名称: …”",
                        "鍵是「: 」之前的名稱，如「事项名称: …」"
                    ),
                );
                continue;
            };
            let Some(field) = shape.field(&name) else {
                self.unknown_key(key, &name, shape);
                continue;
            };
            if record.has(field.key) {
                let (k, alias) = (field.key, field.alias);
                self.diags.push(
                    Diagnostic::error(
                        "E024",
                        self.at(key.pos),
                        msg!(
                            "`{name}` is given twice (`{k}` and `{alias}` mean the same)",
                            "“{name}”重复填写（“{k}”与“{alias}”含义相同）",
                            "「{name}」重複填寫（「{k}」與「{alias}」含義相同）"
                        ),
                    )
                    .with_help(msg!(
                        "keep one of them",
                        "请只保留一个",
                        "請只保留一個"
                    )),
                );
                continue;
            }
            record.entries.push((field.key, key, value));
        }
        for field in shape.fields.iter().filter(|f| f.required) {
            // A fee without basis has its own check (E014); don't report it twice.
            let own_check = std::ptr::eq(shape, &crate::content::spec::FEE) && field.key == "basis";
            // An empty value (`fees:`) counts as missing: it discloses nothing.
            if record.get(field.key).is_none() && !own_check {
                self.missing(record.pos, field, shape);
            }
        }
        Some(record)
    }

    fn unknown_key(&mut self, key: &Node, name: &str, shape: &'static Shape) {
        if let Some(d) = yaml::fullwidth_colon_key(name, self.at(key.pos)) {
            self.diags.push(d);
            return;
        }
        let (noun_en, noun_zh) = (shape.noun_en, shape.noun_zh);
        let d = Diagnostic::error(
            "E004",
            self.at(key.pos),
            msg!(
                "unknown key `{name}` in a {noun_en}",
                "{noun_zh}中没有“{name}”这个键",
                "{noun_zh}中沒有「{name}」這個鍵"
            ),
        );
        let close = shape.suggestions(name);
        let has_extra = shape.field("extra").is_some();
        let listed_en = close
            .iter()
            .map(|k| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let listed_zh = close
            .iter()
            .map(|k| format!("“{k}”"))
            .collect::<Vec<_>>()
            .join("、");
        let listed_tw = close
            .iter()
            .map(|k| format!("「{k}」"))
            .collect::<Vec<_>>()
            .join("、");
        let extra_en = "a fact that has no key goes under `extra:` (其他信息) as an indented `label: text` line";
        let extra_zh = "没有对应键的信息，请写在“其他信息:”下，缩进一行写“名称: 内容”";
        let extra_tw = "沒有對應鍵的資訊，請寫在「其他信息:」下，縮排一行寫「名稱: 內容」";
        let help = match (close.is_empty(), has_extra) {
            (false, true) => msg!(
                "did you mean {listed_en}? Otherwise {extra_en}",
                "是否想写{listed_zh}？如果都不是，{extra_zh}",
                "是否想寫{listed_tw}？如果都不是，{extra_tw}"
            ),
            (false, false) => msg!(
                "did you mean {listed_en}?",
                "是否想写{listed_zh}？",
                "是否想寫{listed_tw}？"
            ),
            (true, true) => msg!(
                "no key is close to it; {extra_en} (all keys: docs/content-format.md)",
                "没有相近的键；{extra_zh}（全部键见 docs/content-format.md）",
                "沒有相近的鍵；{extra_tw}（全部鍵見 docs/content-format.md）"
            ),
            (true, false) => msg!(
                "no key is close to it; the keys of a {noun_en} are listed in docs/content-format.md",
                "没有相近的键；{noun_zh}的全部键见 docs/content-format.md",
                "沒有相近的鍵；{noun_zh}的全部鍵見 docs/content-format.md"
            ),
        };
        self.diags.push(d.with_help(help));
    }

    fn missing(&mut self, pos: Pos, field: &Field, shape: &Shape) {
        let (key, alias, en, zh) = (field.key, field.alias, shape.noun_en, shape.noun_zh);
        let diag = if field.key == "fees" {
            Diagnostic::error(
                "E013",
                self.at(pos),
                msg!(
                    "fees are not disclosed: `fees` (收费标准) is missing",
                    "未公示收费标准：缺少“收费标准”（fees）",
                    "未公示收費標準：缺少「收费标准」（fees）"
                ),
            )
            .with_help(msg!(
                "write `fees: 不收费` if nothing is charged, or list each fee with its basis",
                "不收费的请写“收费标准: 不收费”，收费的请逐项列出金额和收费依据",
                "不收費的請寫「收费标准: 不收费」，收費的請逐項列出金額和收費依據"
            ))
        } else {
            Diagnostic::error(
                "E006",
                self.at(pos),
                msg!(
                    "this {en} lacks the required `{key}` ({alias})",
                    "{zh}缺少必填项“{alias}”（{key}）",
                    "{zh}缺少必填項「{alias}」（{key}）"
                ),
            )
            .with_help(msg!(
                "add a line `{key}: …` or `{alias}: …`",
                "请添加一行“{alias}: …”",
                "請添加一行「{alias}: …」"
            ))
        };
        self.diags.push(diag);
    }

    /// Reports a value of the wrong shape, with a help line saying what to write instead.
    pub fn wrong_type_with(
        &mut self,
        node: &Node,
        expected_en: &str,
        expected_zh: &str,
        help: Message,
    ) {
        let (found_en, found_zh) = node.value.describe();
        self.diags.push(
            Diagnostic::error(
                "E005",
                self.at(node.pos),
                msg!(
                    "expected {expected_en}, found {found_en}",
                    "应为{expected_zh}，实际是{found_zh}",
                    "應為{expected_zh}，實際是{found_zh}"
                ),
            )
            .with_help(help),
        );
    }

    /// Reports a value of the wrong shape for `field`, with the forms it accepts.
    pub fn wrong_type_for(&mut self, node: &Node, field: &str, shape: &Shape) {
        if let Some(f) = shape.field(field) {
            let (en, zh) = f.ty.describe();
            let help = accepted_forms(f, &node.value);
            self.wrong_type_with(node, &en, &zh, help);
        }
    }

    /// A text value (numbers and booleans are read as written).
    pub fn text(&mut self, rec: &Mapping, key: &str, shape: &Shape) -> Option<String> {
        self.text_at(rec, key, shape).map(|(t, _)| t)
    }

    /// A text value with its position.
    pub fn text_at(&mut self, rec: &Mapping, key: &str, shape: &Shape) -> Option<(String, Pos)> {
        let node = rec.get(key)?;
        match node.as_text() {
            Some(t) => {
                let t = t.trim().to_string();
                (!t.is_empty()).then_some((t, node.pos))
            }
            None => {
                self.wrong_type_for(node, key, shape);
                None
            }
        }
    }

    /// A list of texts; a single text is accepted as a list of one.
    pub fn text_list(&mut self, rec: &Mapping, key: &str, shape: &Shape) -> Vec<(String, Pos)> {
        let Some(node) = rec.get(key) else {
            return Vec::new();
        };
        match &node.value {
            Value::Seq(items) => items
                .iter()
                .filter_map(|n| match n.as_text() {
                    Some(t) => Some((t.trim().to_string(), n.pos)),
                    None => {
                        self.wrong_type_with(
                            n,
                            "text",
                            "文本",
                            msg!(
                                "write each entry as one text on its own `- ` line",
                                "每一项写成一行“- 文本”",
                                "每一項寫成一行「- 文字」"
                            ),
                        );
                        None
                    }
                })
                .filter(|(t, _)| !t.is_empty())
                .collect(),
            _ => match node.as_text() {
                Some(t) => vec![(t.trim().to_string(), node.pos)],
                None => {
                    self.wrong_type_for(node, key, shape);
                    Vec::new()
                }
            },
        }
    }

    /// A list of nested records read by `read_one`.
    pub fn list<'n, T>(
        &mut self,
        rec: &Mapping<'n>,
        key: &str,
        shape: &'static Shape,
        mut read_one: impl FnMut(&mut Self, &Mapping<'n>) -> Option<T>,
    ) -> Vec<T> {
        let Some(node) = rec.get(key) else {
            return Vec::new();
        };
        let Value::Seq(items) = &node.value else {
            let (en, zh) = (
                format!("a list of {}s", shape.noun_en),
                format!("{}列表", shape.noun_zh),
            );
            self.wrong_type_with(node, &en, &zh, list_help(shape));
            return Vec::new();
        };
        items
            .iter()
            .filter_map(|n| self.mapping(n, shape).and_then(|r| read_one(self, &r)))
            .collect()
    }

    /// A place, hours or phone: one text, or a list of texts and `{label, text}` records.
    pub fn labelled(&mut self, rec: &Mapping, key: &str, shape: &Shape) -> Option<LabelledTexts> {
        let node = rec.get(key)?;
        let Value::Seq(items) = &node.value else {
            return self.text(rec, key, shape).map(LabelledTexts::plain);
        };
        let mut out = Vec::new();
        for item in items {
            if let Some(text) = item.as_text() {
                let text = text.trim().to_string();
                if !text.is_empty() {
                    out.push(LabelledText { label: None, text });
                }
                continue;
            }
            let sh = &spec::LABELLED;
            let Some(m) = self.mapping(item, sh) else {
                continue;
            };
            let label = self.text(&m, "label", sh);
            if let Some(text) = self.text(&m, "text", sh) {
                out.push(LabelledText { label, text });
            }
        }
        (!out.is_empty()).then_some(LabelledTexts(out))
    }

    /// An ordered table of label → text (`extra`); empty values are left out like empty keys.
    pub fn info_table(&mut self, rec: &Mapping, key: &str, shape: &Shape) -> Vec<InfoRow> {
        let Some(node) = rec.get(key) else {
            return Vec::new();
        };
        let Value::Map(entries) = &node.value else {
            if let Some(text) = node.as_text()
                && let Some(d) = yaml::fullwidth_colon_in(&text, self.at(node.pos))
            {
                self.diags.push(d);
            } else {
                self.wrong_type_for(node, key, shape);
            }
            return Vec::new();
        };
        let mut rows = Vec::new();
        for (label, value) in entries {
            let Some(label_text) = label.as_text().map(|l| l.trim().to_string()) else {
                continue;
            };
            if value.value == Value::Null {
                continue;
            }
            match value.as_text() {
                Some(text) if !text.trim().is_empty() => rows.push(InfoRow {
                    label: label_text,
                    text: text.trim().to_string(),
                    pos: label.pos,
                }),
                Some(_) => {}
                None => self.wrong_type_with(
                    value,
                    "text",
                    "文本",
                    msg!(
                        "write the fact as one text after `{label_text}: `; for several lines write `|` and indent the lines below",
                        "请在“{label_text}: ”后写一段文本；多行内容请写“|”并在下面缩进各行",
                        "請在「{label_text}: 」後寫一段文字；多行內容請寫「|」並在下面縮排各行"
                    ),
                ),
            }
        }
        rows
    }

    /// A whole number ≥ 0.
    pub fn count(&mut self, rec: &Mapping, key: &str, shape: &Shape) -> Option<u32> {
        let node = rec.get(key)?;
        match &node.value {
            Value::Int(i) if (0..=i64::from(u32::MAX)).contains(i) => u32::try_from(*i).ok(),
            _ => {
                self.wrong_type_for(node, key, shape);
                None
            }
        }
    }

    /// A whole number (may be negative) for sorting.
    pub fn order(&mut self, rec: &Mapping, key: &str, shape: &Shape) -> Option<i64> {
        let node = rec.get(key)?;
        match &node.value {
            Value::Int(i) => Some(*i),
            _ => {
                self.wrong_type_for(node, key, shape);
                None
            }
        }
    }

    /// true / false.
    pub fn boolean(&mut self, rec: &Mapping, key: &str, shape: &Shape) -> Option<bool> {
        let node = rec.get(key)?;
        match &node.value {
            Value::Bool(b) => Some(*b),
            Value::Str(s) if matches!(s.trim(), "是") => Some(true),
            Value::Str(s) if matches!(s.trim(), "否") => Some(false),
            _ => {
                self.wrong_type_for(node, key, shape);
                None
            }
        }
    }

    /// A date written YYYY-MM-DD (or YYYY/MM/DD, YYYY年M月D日).
    pub fn date(&mut self, rec: &Mapping, key: &str, shape: &Shape) -> Option<(Date, Pos)> {
        let (text, pos) = self.text_at(rec, key, shape)?;
        match parse_date(&text) {
            Some(d) => Some((d, pos)),
            None => {
                self.diags.push(
                    Diagnostic::error(
                        "E018",
                        self.at(pos),
                        msg!(
                            "`{text}` is not a date",
                            "“{text}”不是有效日期",
                            "「{text}」不是有效日期"
                        ),
                    )
                    .with_help(msg!(
                        "write dates as 2026-06-01",
                        "日期请写成 2026-06-01 的形式",
                        "日期請寫成 2026-06-01 的形式"
                    )),
                );
                None
            }
        }
    }

    /// An http(s) URL.
    pub fn url(&mut self, rec: &Mapping, key: &str, shape: &Shape) -> Option<(String, Pos)> {
        let (text, pos) = self.text_at(rec, key, shape)?;
        if is_http_url(&text) {
            return Some((text, pos));
        }
        self.diags.push(
            Diagnostic::error(
                "E019",
                self.at(pos),
                msg!(
                    "`{text}` is not an http(s) address",
                    "“{text}”不是 http(s) 网址",
                    "「{text}」不是 http(s) 網址"
                ),
            )
            .with_help(msg!(
                "write the full address, starting with https://",
                "请填写以 https:// 开头的完整网址",
                "請填寫以 https:// 開頭的完整網址"
            )),
        );
        None
    }
}

/// The help line of an E005 about a record: write `key: value` lines.
fn record_help(shape: &Shape) -> Message {
    let (key, alias) = shape
        .fields
        .first()
        .map_or(("name", "名称"), |f| (f.key, f.alias));
    msg!(
        "write indented `key: value` lines, with a space after each colon, e.g. `{key}: …`",
        "请写成缩进的“键: 值”行，冒号后加空格，如“{alias}: …”",
        "請寫成縮排的「鍵: 值」行，冒號後加空格，如「{alias}: …」"
    )
}

/// The help line of an E005 about a list of records.
fn list_help(shape: &Shape) -> Message {
    let (key, alias) = shape
        .fields
        .first()
        .map_or(("name", "名称"), |f| (f.key, f.alias));
    msg!(
        "start each entry with `- `, e.g. `- {key}: …` and its other keys indented below",
        "每一项以“- ”开头，如“- {alias}: …”，其余键缩进写在下面",
        "每一項以「- 」開頭，如「- {alias}: …」，其餘鍵縮排寫在下面"
    )
}

/// What `field` accepts, in words, for the help line of an E005; `found` tailors it (a count
/// written `1份` is told to write `1`).
pub fn accepted_forms(field: &Field, found: &Value) -> Message {
    let (key, alias) = (field.key, field.alias);
    match &field.ty {
        Type::Count => {
            let digits: String = match found {
                Value::Str(t) => t.trim().chars().take_while(char::is_ascii_digit).collect(),
                _ => String::new(),
            };
            if digits.is_empty() {
                msg!(
                    "write a whole number without quotes or words: `{key}: 1`; leave the key out when the source does not say",
                    "请写不带引号和文字的整数，如“{alias}: 1”；原文未写明时不写这一项",
                    "請寫不帶引號和文字的整數，如「{alias}: 1」；原文未寫明時不寫這一項"
                )
            } else {
                msg!(
                    "write the number alone: `{key}: {digits}`",
                    "只写数字：“{alias}: {digits}”（不写“份”“次”等字，也不加引号）",
                    "只寫數字：「{alias}: {digits}」（不寫「份」「次」等字，也不加引號）"
                )
            }
        }
        Type::Order => msg!(
            "write a whole number: `{key}: 1`",
            "请写整数，如“{alias}: 1”",
            "請寫整數，如「{alias}: 1」"
        ),
        Type::Fees => {
            let free = crate::content::convert::FREE_WORDS.join(", ");
            msg!(
                "write `{key}: 不收费` (also {free}; a bare number 0 must be quoted: \"0\"), `{key}: 待核实` when the source does not state the fees, or a list of fees: `- name: 工本费`, `amount: 10`, `unit: 元/证`, `basis: …`",
                "不收费写“{alias}: 不收费”（也可写 {free}；数字 0 须加引号 \"0\"）；原文未写明收费时写“{alias}: 待核实”；收费时逐项列出：“- 收费项目: 工本费”“金额: 10”“单位: 元/证”“收费依据: …”",
                "不收費寫「{alias}: 不收费」（也可寫 {free}；數字 0 須加引號 \"0\"）；原文未寫明收費時寫「{alias}: 待核实」；收費時逐項列出：「- 收费项目: 工本费」「金額: 10」「单位: 元/证」「收费依据: …」"
            )
        }
        Type::Amount => msg!(
            "write the number of yuan (`80`, `0.5`, a range `\"10-50\"`) and the unit apart: `10元/证` is `amount: 10` and `unit: 元/证`",
            "金额只写元数（如 80、0.5，范围写 \"10-50\"），单位另写：“10元/证”应写成“金额: 10”和“单位: 元/证”",
            "金額只寫元數（如 80、0.5，範圍寫 \"10-50\"），單位另寫：「10元/证」應寫成「金额: 10」和「单位: 元/证」"
        ),
        Type::Bool => msg!(
            "write true or false (or 是 / 否)",
            "请写 true 或 false（或 是 / 否）",
            "請寫 true 或 false（或 是 / 否）"
        ),
        Type::BoolOrText => msg!(
            "write true, false, or the case in which it is needed (`已婚的提供`)",
            "请写 true、false，或写明需要提供的情形（如“已婚的提供”）",
            "請寫 true、false，或寫明需要提供的情形（如「已婚的提供」）"
        ),
        Type::Date => msg!(
            "write the date as 2026-06-01",
            "日期请写成 2026-06-01",
            "日期請寫成 2026-06-01"
        ),
        Type::Url => msg!(
            "write the full address starting with https://",
            "请写以 https:// 开头的完整网址",
            "請寫以 https:// 開頭的完整網址"
        ),
        Type::Path => msg!(
            "write a file path relative to content/, e.g. `forms/申请表.pdf`",
            "请写相对于 content/ 的文件路径，如“forms/申请表.pdf”",
            "請寫相對於 content/ 的檔案路徑，如「forms/申请表.pdf」"
        ),
        Type::TimeLimit => msg!(
            "write e.g. 5个工作日, 20日, 3个月, 7个小时 or 即办",
            "请写成“5个工作日”“20日”“3个月”“7个小时”或“即办”等形式",
            "請寫成「5个工作日」「20日」「3个月」「7个小时」或「即办」等形式"
        ),
        Type::Choice(choice) | Type::ChoiceList(choice) => {
            let words = (choice.names)()
                .iter()
                .map(|(w, zh)| format!("{w} ({zh})"))
                .collect::<Vec<_>>()
                .join(", ");
            let words_zh = (choice.names)()
                .iter()
                .map(|(w, zh)| format!("“{zh}”（{w}）"))
                .collect::<Vec<_>>()
                .join("、");
            msg!(
                "write one of {words}",
                "请写其中之一：{words_zh}",
                "請寫其中之一：{words_zh}"
            )
        }
        Type::Ref(kind) => msg!(
            "write the id of a {kind}: its file name without extension",
            "请写{kind}的编号，即文件名（不含扩展名）",
            "請寫{kind}的編號，即檔名（不含副檔名）"
        ),
        Type::TextList | Type::RefList(_) => msg!(
            "write one text, or a list with one `- text` per line",
            "请写一段文本，或每行一项“- 文本”的列表",
            "請寫一段文字，或每行一項「- 文字」的列表"
        ),
        Type::TopicLists => msg!(
            "write a list of topics, or one list under 自然人 and one under 法人",
            "请写主题列表，或在“自然人”“法人”下分别列出主题",
            "請寫主題列表，或在「自然人」「法人」下分別列出主題"
        ),
        Type::Object(shape) => record_help(shape),
        Type::List(shape) => list_help(shape),
        Type::SheetMap => msg!(
            "write indented `product: size` lines, e.g. `guide: A3`",
            "请写缩进的“印刷品: 纸张”行，如“guide: A3”",
            "請寫縮排的「印刷品: 紙張」行，如「guide: A3」"
        ),
        Type::ProductMap(_) => msg!(
            "write indented `product:` lines with the settings below each, e.g. `handout:` then `quantity: 200`",
            "请写缩进的“印刷品:”行，其下缩进写设置，如“handout:”下写“数量: 200”",
            "請寫縮排的「印刷品:」行，其下縮排寫設定，如「handout:」下寫「數量: 200」"
        ),
        Type::Labelled => msg!(
            "write one text (`{key}: …`), or a list: `- label: 市民服务中心` with `text: …` indented below it",
            "请写一段文本（“{alias}: …”），或写成列表：“- 名称: 市民服务中心”，下一行缩进写“内容: …”",
            "請寫一段文字（「{alias}: …」），或寫成列表：「- 名称: 市民服务中心」，下一行縮排寫「内容: …」"
        ),
        Type::InfoTable => msg!(
            "write indented `label: text` lines under `{key}:`, e.g. `行使层级: 市级`",
            "请在“{alias}:”下缩进逐行写“名称: 内容”，如“行使层级: 市级”",
            "請在「{alias}:」下縮排逐行寫「名稱: 內容」，如「行使层级: 市级」"
        ),
        Type::Text | Type::Markdown => msg!(
            "write text after `{key}: `; for several lines write `|` and indent the lines below",
            "请在“{alias}: ”后写文本；多行内容请写“|”并在下面缩进各行",
            "請在「{alias}: 」後寫文字；多行內容請寫「|」並在下面縮排各行"
        ),
    }
}

/// True for `http://host…` and `https://host…` without spaces or control characters.
pub fn is_http_url(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    rest.is_some_and(|r| {
        let host = r.split(['/', '?', '#']).next().unwrap_or("");
        !host.is_empty()
            && !text
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '<' || c == '>')
    })
}

/// Parses `2026-06-01`, `2026/6/1` or `2026年6月1日`, checking the calendar.
pub fn parse_date(text: &str) -> Option<Date> {
    let t = text.trim().trim_end_matches('日');
    let parts: Vec<&str> = t.split(['-', '/', '年', '月', '.']).collect();
    let [y, m, d] = parts.as_slice() else {
        return None;
    };
    let (year, month, day): (i16, i8, i8) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    if y.len() != 4 {
        return None;
    }
    jiff::civil::Date::new(year, month, day).ok()?;
    Some(Date { year, month, day })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_checked_against_the_calendar() {
        assert_eq!(
            parse_date("2026-06-01").map(|d| d.to_string()),
            Some("2026-06-01".into())
        );
        assert_eq!(
            parse_date("2026年6月1日").map(|d| d.to_string()),
            Some("2026-06-01".into())
        );
        assert!(parse_date("2026-02-30").is_none());
        assert!(parse_date("yesterday").is_none());
        assert!(parse_date("26-1-1").is_none());
    }

    #[test]
    fn only_http_urls_pass() {
        assert!(is_http_url("https://a.example.gov.cn/x?y=1"));
        assert!(!is_http_url("javascript:alert(1)"));
        assert!(!is_http_url("ftp://x"));
        assert!(!is_http_url("https://"));
        assert!(!is_http_url("https://a b"));
    }
}
