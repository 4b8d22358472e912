//! Builds the typed records of each kind from their YAML trees.

use crate::content::limits;
use crate::content::model::*;
use crate::content::money::Amount;
use crate::content::paths::ContentRoot;
use crate::content::reader::{Mapping, Reader};
use crate::content::spec::{self, Shape};
use crate::content::timelimit::TimeLimit;
use crate::content::topics::{Audience, split_words};
use crate::content::vocabulary::{self, Vocabulary};
use crate::content::yaml::{Node, Pos, Value};
use crate::diag::Diagnostic;
use crate::msg;

/// What every converter needs: the reader for the file and the content root for paths.
pub struct ReadCtx<'a, 'r> {
    /// Reads values and collects problems.
    pub reader: &'a mut Reader<'r>,
    /// Resolves photo and form paths.
    pub root: &'a ContentRoot,
}

impl ReadCtx<'_, '_> {
    /// A file the record attaches; one too large to read is reported and left unresolved.
    fn asset(&mut self, rec: &Mapping, key: &str, shape: &Shape) -> Option<Asset> {
        let (text, pos) = self.reader.text_at(rec, key, shape)?;
        let mut asset = self.root.resolve(&text, pos, self.reader);
        if let Some(path) = &asset.resolved
            && !limits::attachment_fits(path, &text, pos, self.reader)
        {
            asset.resolved = None;
        }
        Some(asset)
    }

    /// A photo: an [`asset`](Self::asset) whose image header must name a JPEG or PNG of a
    /// size gongshi may decode; otherwise it is reported and left unresolved.
    fn photo(&mut self, rec: &Mapping, key: &str, shape: &Shape) -> Option<Asset> {
        let mut asset = self.asset(rec, key, shape)?;
        if let Some(path) = &asset.resolved
            && !limits::photo_fits(path, &asset.path.value, asset.path.pos, self.reader)
        {
            asset.resolved = None;
        }
        Some(asset)
    }

    fn at_text(&mut self, rec: &Mapping, key: &str, shape: &Shape) -> Option<At<String>> {
        self.reader
            .text_at(rec, key, shape)
            .map(|(t, p)| At::new(t, p))
    }
}

/// Reads a window.
pub fn window(node: &Node, source: Source, ctx: &mut ReadCtx) -> Option<Window> {
    let s = &spec::WINDOW;
    let rec = ctx.reader.mapping(node, s)?;
    let r = &mut *ctx.reader;
    Some(Window {
        number: At::new(r.text(&rec, "number", s)?, rec.get("number")?.pos),
        name: At::new(r.text(&rec, "name", s)?, rec.get("name")?.pos),
        department: r.text(&rec, "department", s),
        location: r.labelled(&rec, "location", s),
        hours: r.labelled(&rec, "hours", s),
        phone: r.labelled(&rec, "phone", s),
        complaint_phone: r.text(&rec, "complaint_phone", s),
        commitments: r
            .text_list(&rec, "commitments", s)
            .into_iter()
            .map(|(t, _)| t)
            .collect(),
        rules: r
            .text_list(&rec, "rules", s)
            .into_iter()
            .map(|(t, p)| At::new(t, p))
            .collect(),
        chief: r.text_at(&rec, "chief", s).map(|(t, p)| At::new(t, p)),
        floor: r.text(&rec, "floor", s),
        evaluation_url: r.url(&rec, "evaluation_url", s).map(|(u, _)| u),
        order: r.order(&rec, "order", s),
        keys: rec.key_lines(),
        source,
    })
}

/// Reads a member of staff.
pub fn staff(node: &Node, source: Source, ctx: &mut ReadCtx) -> Option<Staff> {
    let s = &spec::STAFF;
    let rec = ctx.reader.mapping(node, s)?;
    let photo = ctx.photo(&rec, "photo", s);
    let r = &mut *ctx.reader;
    Some(Staff {
        name: At::new(r.text(&rec, "name", s)?, rec.get("name")?.pos),
        photo,
        window: r.text_at(&rec, "window", s).map(|(t, p)| At::new(t, p)),
        post: r.text(&rec, "post", s),
        title: r.text(&rec, "title", s),
        employee_no: r.text(&rec, "employee_no", s),
        duties: r.text(&rec, "duties", s),
        party_member: r.boolean(&rec, "party_member", s).unwrap_or(false),
        commitment: r.text(&rec, "commitment", s),
        honors: r
            .text_list(&rec, "honors", s)
            .into_iter()
            .map(|(t, _)| t)
            .collect(),
        pos: rec.pos,
        source,
    })
}

/// Reads a rule from its front matter and body.
pub fn rule(node: &Node, body: &str, source: Source, ctx: &mut ReadCtx) -> Option<Rule> {
    let s = &spec::RULE;
    let rec = ctx.reader.mapping(node, s)?;
    Some(Rule {
        title: ctx.at_text(&rec, "title", s)?,
        order: ctx.reader.order(&rec, "order", s),
        body: body.trim().to_string(),
        source,
    })
}

/// Reads a notice from its front matter and body.
pub fn notice(node: &Node, body: &str, source: Source, ctx: &mut ReadCtx) -> Option<Notice> {
    let s = &spec::NOTICE;
    let rec = ctx.reader.mapping(node, s)?;
    let r = &mut *ctx.reader;
    Some(Notice {
        title: At::new(r.text(&rec, "title", s)?, rec.get("title")?.pos),
        date: r.date(&rec, "date", s).map(|(d, p)| At::new(d, p)),
        expires: r.date(&rec, "expires", s).map(|(d, p)| At::new(d, p)),
        body: body.trim().to_string(),
        source,
    })
}

/// Reads a free page from its front matter and body.
pub fn page(node: &Node, body: &str, source: Source, ctx: &mut ReadCtx) -> Option<Page> {
    let s = &spec::PAGE;
    let rec = ctx.reader.mapping(node, s)?;
    Some(Page {
        title: ctx.at_text(&rec, "title", s)?,
        order: ctx.reader.order(&rec, "order", s),
        body: body.trim().to_string(),
        source,
    })
}

/// Reads a service item; `body` is the Markdown of a `.md` item.
pub fn item(node: &Node, body: Option<&str>, source: Source, ctx: &mut ReadCtx) -> Option<Item> {
    let s = &spec::ITEM;
    let rec = ctx.reader.mapping(node, s)?;
    let materials = read_materials(&rec, ctx);
    let forms = read_forms(&rec, ctx);
    let result_sample = ctx.asset(&rec, "result_sample", s);
    let r = &mut *ctx.reader;
    let name = At::new(r.text(&rec, "name", s)?, rec.get("name")?.pos);
    let window = r.text_at(&rec, "window", s).map(|(t, p)| At::new(t, p));
    let case_type = case_type(r, &rec);
    let audience = audiences(r, &rec);
    let topics = r
        .text_list(&rec, "topics", s)
        .into_iter()
        .flat_map(|(t, p)| {
            split_words(&t)
                .map(|w| At::new(w.to_string(), p))
                .collect::<Vec<_>>()
        })
        .collect();
    let time_limit = time_limits(r, &rec);
    let fees = fees(r, &rec);
    let procedure = r.list(&rec, "procedure", &spec::STEP, |r, st| {
        let sh = &spec::STEP;
        Some(Step {
            name: r.text(st, "name", sh)?,
            actor: r.text(st, "actor", sh),
            limit: r.text(st, "limit", sh),
            detail: r.text(st, "detail", sh),
        })
    });
    let faq = r.list(&rec, "faq", &spec::FAQ, |r, q| {
        let sh = &spec::FAQ;
        Some(Faq {
            question: r.text(q, "q", sh)?,
            answer: r.text(q, "a", sh)?,
        })
    });
    let special_steps = r.list(&rec, "special_steps", &spec::SPECIAL_STEP, |r, st| {
        let sh = &spec::SPECIAL_STEP;
        Some(SpecialStep {
            name: r.text(st, "name", sh)?,
            limit: r.text(st, "limit", sh),
            basis: r.text(st, "basis", sh),
            fee: r.text(st, "fee", sh),
            counts_toward_limit: r.boolean(st, "counts_toward_limit", sh),
        })
    });
    let changes = r.list(&rec, "changes", &spec::CHANGE, |r, c| {
        let sh = &spec::CHANGE;
        let (date, pos) = r.date(c, "date", sh)?;
        Some(Change {
            date: At::new(date, pos),
            note: r.text(c, "note", sh)?,
        })
    });
    let extra = ItemExtra {
        implementer_nature: r.text(&rec, "implementer_nature", s),
        joint_with: r.text(&rec, "joint_with", s),
        quantity_limit: r.text(&rec, "quantity_limit", s),
        intermediary: r.text(&rec, "intermediary", s),
        special_steps,
        handling_form: r.text(&rec, "handling_form", s),
        appointment: r.text(&rec, "appointment", s),
        delivery: r.text(&rec, "delivery", s),
        online_payment: r.text(&rec, "online_payment", s),
        result_type: r.text(&rec, "result_type", s),
        result_sample,
        scope: r.text_at(&rec, "scope", s).map(|(t, p)| At::new(t, p)),
        online_depth: r
            .text_at(&rec, "online_depth", s)
            .map(|(t, p)| At::new(t, p)),
    };
    Some(Item {
        code: r.text_at(&rec, "code", s).map(|(t, p)| At::new(t, p)),
        kind: r.text(&rec, "kind", s),
        window: window?,
        case_type,
        implementer: r.text(&rec, "implementer", s),
        basis: r
            .text_list(&rec, "basis", s)
            .into_iter()
            .map(|(t, _)| t)
            .collect(),
        conditions: r.text(&rec, "conditions", s),
        materials_pos: rec.key_pos("materials"),
        materials,
        procedure,
        time_limit,
        fees,
        max_visits: r.count(&rec, "max_visits", s),
        online_url: r.url(&rec, "online_url", s).map(|(t, p)| At::new(t, p)),
        result: r.text(&rec, "result", s),
        forms,
        faq,
        updated: r.date(&rec, "updated", s).map(|(d, p)| At::new(d, p)),
        changes,
        poster: r.boolean(&rec, "poster", s).unwrap_or(false),
        location: r.labelled(&rec, "location", s),
        hours: r.labelled(&rec, "hours", s),
        phone: r.labelled(&rec, "phone", s),
        complaint_phone: r.text(&rec, "complaint_phone", s),
        audience,
        topics,
        extra,
        other_info: r.info_table(&rec, "extra", s),
        keys: rec.key_lines(),
        body: body.map(|b| b.trim().to_string()).filter(|b| !b.is_empty()),
        body_line: None,
        pos: rec.pos,
        name,
        source,
    })
}

fn read_materials(rec: &Mapping, ctx: &mut ReadCtx) -> Vec<Material> {
    let Some(node) = rec.get("materials") else {
        return Vec::new();
    };
    let Value::Seq(nodes) = &node.value else {
        ctx.reader.wrong_type_for(node, "materials", &spec::ITEM);
        return Vec::new();
    };
    let sh = &spec::MATERIAL;
    let mut out = Vec::new();
    for node in nodes {
        let Some(m) = ctx.reader.mapping(node, sh) else {
            continue;
        };
        let template = ctx.asset(&m, "template", sh);
        let blank = ctx.asset(&m, "blank", sh);
        let sample = ctx.asset(&m, "sample", sh);
        let r = &mut *ctx.reader;
        let Some(name) = r.text(&m, "name", sh) else {
            continue;
        };
        let required = match m.get("required").map(|n| &n.value) {
            None | Some(Value::Bool(true)) => Required::Yes,
            Some(Value::Bool(false)) => Required::No,
            Some(_) => match r.text(&m, "required", sh) {
                Some(t) if t == "是" || t == "必需" => Required::Yes,
                Some(t) if t == "否" || t == "非必需" => Required::No,
                Some(t) => Required::When(t),
                None => Required::Yes,
            },
        };
        out.push(Material {
            name,
            original: r.count(&m, "original", sh),
            copy: r.count(&m, "copy", sh),
            required,
            source: r.text(&m, "source", sh),
            template,
            blank,
            note: r.text(&m, "note", sh),
            form: r.text(&m, "form", sh),
            spec: r.text(&m, "spec", sh),
            sample,
            instructions: r.text(&m, "instructions", sh),
            basis: r.text(&m, "basis", sh),
        });
    }
    out
}

fn read_forms(rec: &Mapping, ctx: &mut ReadCtx) -> Vec<Form> {
    let Some(node) = rec.get("forms") else {
        return Vec::new();
    };
    let Value::Seq(nodes) = &node.value else {
        ctx.reader.wrong_type_for(node, "forms", &spec::ITEM);
        return Vec::new();
    };
    let sh = &spec::FORM;
    let mut out = Vec::new();
    for node in nodes {
        let Some(f) = ctx.reader.mapping(node, sh) else {
            continue;
        };
        let file = ctx.asset(&f, "file", sh);
        if let (Some(name), Some(file)) = (ctx.reader.text(&f, "name", sh), file) {
            out.push(Form { name, file });
        }
    }
    out
}

fn case_type(r: &mut Reader, rec: &Mapping) -> Option<At<CaseType>> {
    let (text, pos) = r.text_at(rec, "case_type", &spec::ITEM)?;
    let value = match CaseType::parse(&text) {
        Some(value) => value,
        None => {
            r.diags.push(
                Diagnostic::error(
                    "E023",
                    r.at(pos),
                    msg!(
                        "`{text}` is not a case type",
                        "“{text}”不是有效的办件类型",
                        "「{text}」不是有效的辦件類型"
                    ),
                )
                .with_help(msg!(
                    "write immediate (即办件) or promised (承诺件)",
                    "请填写“即办件”或“承诺件”（immediate / promised）",
                    "請填寫「即办件」或「承诺件」（immediate / promised）"
                )),
            );
            return None;
        }
    };
    Some(At::new(value, pos))
}

/// 服务对象: one word, a list, or words separated by `、`/commas; unknown words are errors.
fn audiences(r: &mut Reader, rec: &Mapping) -> Vec<Audience> {
    let mut found = Vec::new();
    for (text, pos) in r.text_list(rec, "audience", &spec::ITEM) {
        for word in split_words(&text) {
            match Audience::parse(word) {
                Some(a) => found.push(a),
                None => {
                    let known = vocabulary::listing::<Audience>(", ");
                    r.diags.push(
                        Diagnostic::error(
                            "E023",
                            r.at(pos),
                            msg!(
                                "`{word}` is not an audience",
                                "“{word}”不是有效的服务对象",
                                "「{word}」不是有效的服務對象"
                            ),
                        )
                        .with_help(msg!(
                            "write 自然人 or 法人, or both ({known})",
                            "请填写“自然人”“法人”或两者（如“自然人、法人”）",
                            "請填寫「自然人」「法人」或兩者（如「自然人、法人」）"
                        )),
                    );
                }
            }
        }
    }
    Audience::ALL
        .iter()
        .copied()
        .filter(|a| found.contains(a))
        .collect()
}

fn time_limits(r: &mut Reader, rec: &Mapping) -> TimeLimits {
    let Some(node) = rec.get("time_limit") else {
        return TimeLimits::default();
    };
    let sh = &spec::TIME_LIMIT;
    let Some(tl) = r.mapping(node, sh) else {
        return TimeLimits {
            pos: Some(node.pos),
            ..TimeLimits::default()
        };
    };
    let mut unread = Vec::new();
    let mut one = |key: &'static str| -> Option<At<TimeLimit>> {
        let Some((text, pos)) = r.text_at(&tl, key, sh) else {
            if tl.get(key).is_some() {
                unread.push(key);
            }
            return None;
        };
        match TimeLimit::parse(&text) {
            Some(limit) => Some(At::new(limit, pos)),
            None => {
                unread.push(key);
                r.diags.push(
                    Diagnostic::error(
                        "E010",
                        r.at(pos),
                        msg!(
                            "`{text}` is not a time limit",
                            "无法识别时限“{text}”",
                            "無法識別時限「{text}」"
                        ),
                    )
                    .with_help(msg!(
                        "write e.g. 5个工作日, 20日, 3个月, 7个小时 or 即办 (5 working days, 20 days, 4 hours); put any remark in `legal_note` / `promised_note`",
                        "请写成“5个工作日”“20日”“3个月”“7个小时”或“即办”等形式；补充说明请写在“法定说明”“承诺说明”中",
                        "請寫成「5个工作日」「20日」「3个月」「7个小时」或「即办」等形式；補充說明請寫在「法定说明」「承诺说明」中"
                    )),
                );
                None
            }
        }
    };
    let legal = one("legal");
    let promised = one("promised");
    TimeLimits {
        legal,
        promised,
        note: r.text(&tl, "note", sh),
        legal_note: r.text(&tl, "legal_note", sh),
        promised_note: r.text(&tl, "promised_note", sh),
        pos: Some(node.pos),
        legal_unread: unread.contains(&"legal"),
        promised_unread: unread.contains(&"promised"),
    }
}

fn fees(r: &mut Reader, rec: &Mapping) -> Option<Fees> {
    let node = rec.get("fees")?;
    match &node.value {
        Value::Str(s) if is_free(s) => Some(Fees::Free),
        Value::Str(s) if is_unstated(s) => Some(Fees::Unstated),
        Value::Seq(list) if list.is_empty() => {
            r.diags.push(
                Diagnostic::error(
                    "E013",
                    r.at(node.pos),
                    msg!(
                        "fees are not disclosed: the list of fees is empty",
                        "未公示收费标准：收费项目列表为空",
                        "未公示收費標準：收費項目列表為空"
                    ),
                )
                .with_help(msg!(
                    "write `fees: 不收费` if nothing is charged, or list each fee with its basis",
                    "不收费的请写“收费标准: 不收费”，收费的请逐项列出金额和收费依据",
                    "不收費的請寫「收费标准: 不收费」，收費的請逐項列出金額和收費依據"
                )),
            );
            None
        }
        Value::Seq(_) => Some(Fees::List(r.list(rec, "fees", &spec::FEE, read_fee))),
        Value::Str(s) => {
            let s = s.clone();
            let help = spec::ITEM
                .field("fees")
                .map(|f| crate::content::reader::accepted_forms(f, &node.value));
            let mut d = Diagnostic::error(
                "E005",
                r.at(node.pos),
                msg!(
                    "expected 不收费 (free), 待核实 (not stated) or a list of fees, found `{s}`",
                    "收费标准应为“不收费”“待核实”或收费项目列表，实际是“{s}”",
                    "收費標準應為「不收费」「待核实」或收費項目列表，實際是「{s}」"
                ),
            );
            if let Some(help) = help {
                d = d.with_help(help);
            }
            r.diags.push(d);
            None
        }
        _ => {
            r.wrong_type_for(node, "fees", &spec::ITEM);
            None
        }
    }
}

/// Words for `fees` meaning nothing is charged, compared trimmed and in lower case. They
/// must be text: an unquoted `fees: 0` is a number and is refused.
pub const FREE_WORDS: &[&str] = &[
    "不收费",
    "免费",
    "free",
    "none",
    "不收費",
    "免費",
    "无",
    "0",
];

/// True for the words that mean "nothing is charged".
pub fn is_free(text: &str) -> bool {
    FREE_WORDS.contains(&text.trim().to_lowercase().as_str())
}

/// Words for `fees` meaning the source does not state the fees (to be confirmed with the
/// department), compared trimmed and in lower case: a warning, shown as "ask at the window".
pub const UNSTATED_FEE_WORDS: &[&str] = &[
    "待核实",
    "待核實",
    "待确认",
    "待確認",
    "未列明",
    "未说明",
    "未說明",
    "未注明",
    "未註明",
    "不详",
    "不詳",
    "unknown",
    "tbc",
    "to be confirmed",
];

/// True for the words that mean "the source does not state the fees".
pub fn is_unstated(text: &str) -> bool {
    UNSTATED_FEE_WORDS.contains(&text.trim().to_lowercase().as_str())
}

fn read_fee(r: &mut Reader, f: &Mapping) -> Option<Fee> {
    let sh = &spec::FEE;
    let amount = f.get("amount").and_then(|node| amount(r, node));
    let name = r.text(f, "name", sh)?;
    let problems = r.diags.len();
    let basis: Vec<String> = r
        .text_list(f, "basis", sh)
        .into_iter()
        .map(|(t, _)| t)
        .collect();
    // A basis written in a shape we could not read is reported as that (E005), not again as
    // missing: one slip, one message.
    if basis.is_empty() && r.diags.len() == problems {
        r.diags.push(
            Diagnostic::error(
                "E014",
                r.at(f.pos),
                msg!(
                    "the fee `{name}` does not cite its basis",
                    "收费项目“{name}”没有写明收费依据",
                    "收費項目「{name}」沒有寫明收費依據"
                ),
            )
            .with_help(msg!(
                "add `basis:` with the document that sets the fee and its number (a list when there are several)",
                "请添加“收费依据:”，写明设定收费的文件名称和文号（多个文件可写成列表）",
                "請添加「收费依据:」，寫明設定收費的文件名稱和文號（多個文件可寫成列表）"
            )),
        );
    }
    Some(Fee {
        name,
        amount,
        unit: r.text(f, "unit", sh),
        basis,
        reducible: r.boolean(f, "reducible", sh),
        reduction_basis: r.text(f, "reduction_basis", sh),
        pos: f.pos,
    })
}

fn amount(r: &mut Reader, node: &Node) -> Option<At<Amount>> {
    let text = match &node.value {
        Value::Int(i) => i.to_string(),
        Value::Float(f) => f.clone(),
        Value::Str(s) => s.clone(),
        _ => String::new(),
    };
    match Amount::parse(&text) {
        Some(a) => Some(At::new(a, node.pos)),
        None => {
            r.diags.push(
                Diagnostic::error(
                    "E015",
                    r.at(node.pos),
                    msg!(
                        "`{text}` is not an amount in yuan",
                        "“{text}”不是有效的金额",
                        "「{text}」不是有效的金額"
                    ),
                )
                .with_help(amount_help(&text)),
            );
            None
        }
    }
}

/// The help of E015: the accepted forms, and for `10元/证` the split into amount and unit.
fn amount_help(text: &str) -> crate::diag::Message {
    let digits: String = text
        .trim()
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let unit = text.trim()[digits.len()..].trim();
    if !digits.is_empty() && !unit.is_empty() && Amount::parse(&digits).is_some() {
        let unit = if unit.starts_with('元') || unit.starts_with('/') {
            unit.to_string()
        } else {
            format!("元/{unit}")
        };
        let unit = unit.replace("元元", "元");
        return msg!(
            "write the amount and the unit apart: `amount: {digits}` and `unit: {unit}`",
            "金额和单位请分开写：“金额: {digits}”和“单位: {unit}”",
            "金額和單位請分開寫：「金额: {digits}」和「单位: {unit}」"
        );
    }
    msg!(
        "write a non-negative number with at most two decimals (80, 0.5) or a range (\"10-50\"); the unit goes in `unit` (10元/证 → amount: 10, unit: 元/证)",
        "金额应为不小于 0、最多两位小数的数字（如 80、0.5），或范围（如 \"10-50\"）；单位写在“单位”中（10元/证 → 金额: 10，单位: 元/证）",
        "金額應為不小於 0、最多兩位小數的數字（如 80、0.5），或範圍（如 \"10-50\"）；單位寫在「单位」中（10元/证 → 金额: 10，单位: 元/证）"
    )
}

/// Position helper for checks that want the whole record.
pub fn record_pos(node: &Node) -> Pos {
    match &node.value {
        Value::Map(entries) => entries.first().map_or(node.pos, |(k, _)| k.pos),
        _ => node.pos,
    }
}
