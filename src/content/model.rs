//! The typed content model: what a site says, with the source position of every value that a
//! check or an error may need to point at. Built once by the loader and never changed.

use std::path::PathBuf;

use crate::content::money::Amount;
use crate::content::timelimit::TimeLimit;
use crate::content::topics::Audience;
use crate::content::yaml::Pos;
use crate::diag::Location;

/// A value and where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct At<T> {
    /// The value.
    pub value: T,
    /// Its position in `file` of the owning record.
    pub pos: Pos,
}

impl<T> At<T> {
    /// Wraps a value with its position.
    pub fn new(value: T, pos: Pos) -> Self {
        At { value, pos }
    }
}

impl<T> std::ops::Deref for At<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

/// Where a record came from: the path relative to the site folder, and its id (file stem).
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    /// Path relative to the site folder, `/`-separated (`content/items/a.yaml`).
    pub file: String,
    /// The id: the file stem, which becomes the URL.
    pub id: String,
}

impl Source {
    /// A diagnostic location at `pos` in this file.
    pub fn at(&self, pos: Pos) -> Location {
        pos.at(&self.file)
    }
}

/// A file referenced from content (photo, form, sample), resolved inside `content/`.
#[derive(Debug, Clone, PartialEq)]
pub struct Asset {
    /// As written, relative to `content/` (`photos/a.jpg`).
    pub path: At<String>,
    /// The absolute file on disk when it exists inside `content/`; `None` after an error.
    pub resolved: Option<PathBuf>,
}

/// One text of a place, hours or phone, with an optional label saying what it is about
/// (`市民服务中心二楼 12 号窗口`, or label `区市场监管局` and its own address).
#[derive(Debug, Clone, PartialEq)]
pub struct LabelledText {
    /// What the text is about; `None` for a plain text.
    pub label: Option<String>,
    /// The address, hours or phone as written (line breaks kept).
    pub text: String,
}

/// A place, hours or phone: one plain text, or several labelled texts when a guide names
/// both the hall and the department's own office. Never empty.
#[derive(Debug, Clone, PartialEq)]
pub struct LabelledTexts(pub Vec<LabelledText>);

impl LabelledTexts {
    /// One plain text without a label.
    pub fn plain(text: impl Into<String>) -> LabelledTexts {
        LabelledTexts(vec![LabelledText {
            label: None,
            text: text.into(),
        }])
    }

    /// The entries in the order written.
    pub fn entries(&self) -> &[LabelledText] {
        &self.0
    }

    /// Every text, labels left out (search, phone links).
    pub fn texts(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|t| t.text.as_str())
    }

    /// All entries as one text, one `label：text` per line, for a place that holds one text
    /// (a spreadsheet cell).
    pub fn joined(&self) -> String {
        self.0
            .iter()
            .map(|t| match &t.label {
                Some(label) => format!("{label}：{}", t.text),
                None => t.text.clone(),
            })
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// A fact with no key of its own (其他信息): a label and its text, shown in the order written.
#[derive(Debug, Clone, PartialEq)]
pub struct InfoRow {
    /// The label as the source names it (行使层级, 权力来源, …).
    pub label: String,
    /// The text (line breaks kept).
    pub text: String,
    /// Where the label was written.
    pub pos: Pos,
}

/// Where each key of a record was written (English key → position of the key), so checks can
/// tell a key left out from a key whose value could not be read, and point at a field.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct KeyLines(pub Vec<(&'static str, Pos)>);

impl KeyLines {
    /// Where `key` was written, if it was.
    pub fn get(&self, key: &str) -> Option<Pos> {
        self.0.iter().find(|(k, _)| *k == key).map(|(_, p)| *p)
    }

    /// True when `key` was written (even with an empty or unreadable value).
    pub fn has(&self, key: &str) -> bool {
        self.get(key).is_some()
    }
}

/// A service window (窗口).
#[derive(Debug, Clone, PartialEq)]
pub struct Window {
    /// File and id.
    pub source: Source,
    /// Window number shown above the counter (窗口号).
    pub number: At<String>,
    /// Window name (窗口名称).
    pub name: At<String>,
    /// The implementing department (实施主体).
    pub department: Option<String>,
    /// Where it is (办理地点).
    pub location: Option<LabelledTexts>,
    /// Opening hours (办理时间); items inherit them.
    pub hours: Option<LabelledTexts>,
    /// Consultation phone (咨询电话).
    pub phone: Option<LabelledTexts>,
    /// Supervision and complaint phone (监督投诉电话).
    pub complaint_phone: Option<String>,
    /// Service commitments (服务承诺).
    pub commitments: Vec<String>,
    /// Rule ids shown on the window (制度).
    pub rules: Vec<At<String>>,
    /// Staff id of the chief representative (首席代表).
    pub chief: Option<At<String>>,
    /// The floor of the hall it is on (楼层); center-wide boards may be split by it.
    pub floor: Option<String>,
    /// Its own evaluation address (好差评), when it differs from the center's.
    pub evaluation_url: Option<String>,
    /// Sort order on the home page; defaults to the number.
    pub order: Option<i64>,
    /// Where each key was written.
    pub keys: KeyLines,
}

/// Whether an item is done on the spot or within a promised time (办件类型).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CaseType {
    /// 即办件: done while the citizen waits.
    Immediate,
    /// 承诺件: done within the promised limit.
    Promised,
}

crate::vocabulary!(CaseType {
    Immediate: "immediate", "即办件", ["immediate", "即办件", "即办", "即辦件"];
    Promised: "promised", "承诺件", ["promised", "承诺件", "承诺", "承諾件"];
});

/// A service item (服务事项): the 办事指南.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// File and id.
    pub source: Source,
    /// 事项名称.
    pub name: At<String>,
    /// 事项编码.
    pub code: Option<At<String>>,
    /// 事项类型 (行政许可, 公共服务, …).
    pub kind: Option<String>,
    /// The window id (窗口).
    pub window: At<String>,
    /// 办件类型; `None` when the source does not state it (a warning) or it could not be read.
    pub case_type: Option<At<CaseType>>,
    /// 实施机关: the department that implements the item when it is not the window's.
    pub implementer: Option<String>,
    /// 设定依据: laws and articles.
    pub basis: Vec<String>,
    /// 受理条件 (Markdown).
    pub conditions: Option<String>,
    /// 申请材料.
    pub materials: Vec<Material>,
    /// Position of the `materials` key, for warnings about it.
    pub materials_pos: Option<Pos>,
    /// 办理流程.
    pub procedure: Vec<Step>,
    /// 办结时限.
    pub time_limit: TimeLimits,
    /// 收费标准; `None` when the key is missing (an error: fees must be disclosed).
    pub fees: Option<Fees>,
    /// 到现场次数.
    pub max_visits: Option<u32>,
    /// 网上办理.
    pub online_url: Option<At<String>>,
    /// 办理结果.
    pub result: Option<String>,
    /// 表格下载.
    pub forms: Vec<Form>,
    /// 常见问题.
    pub faq: Vec<Faq>,
    /// 更新日期.
    pub updated: Option<At<Date>>,
    /// 变更记录, as written (shown newest first).
    pub changes: Vec<Change>,
    /// 流程图海报: the procedure is also printed as a wall poster.
    pub poster: bool,
    /// Overrides of what is otherwise inherited from the window and the site.
    pub location: Option<LabelledTexts>,
    /// 办理时间 override.
    pub hours: Option<LabelledTexts>,
    /// 咨询电话 override.
    pub phone: Option<LabelledTexts>,
    /// 监督投诉电话 override.
    pub complaint_phone: Option<String>,
    /// 服务对象: whom it serves, in [`Audience`] order without repeats; empty when not stated.
    pub audience: Vec<Audience>,
    /// 主题: topics from the site's vocabulary, as written (checked against it).
    pub topics: Vec<At<String>>,
    /// Optional fields of the national 实施清单 exchange format.
    pub extra: ItemExtra,
    /// 其他信息: facts with no key of their own, in the order written.
    pub other_info: Vec<InfoRow>,
    /// Where each key was written.
    pub keys: KeyLines,
    /// The Markdown body of a `.md` item.
    pub body: Option<String>,
    /// The line where the body starts (after the front matter), for messages about it.
    pub body_line: Option<u32>,
    /// Position of the record (its first key), for item-level problems.
    pub pos: Pos,
}

impl Item {
    /// 最后更新: the latest of `updated` and the dates of the change history; `None` when
    /// the guide states neither. Pages, feeds, open data and the staleness check all ask here.
    pub fn last_updated(&self) -> Option<Date> {
        let changed = self.changes.iter().map(|c| c.date.value);
        self.updated
            .as_ref()
            .map(|d| d.value)
            .into_iter()
            .chain(changed)
            .max()
    }

    /// The change history newest first (entries of one day keep their written order).
    pub fn changes_newest_first(&self) -> Vec<&Change> {
        let mut changes: Vec<&Change> = self.changes.iter().collect();
        changes.sort_by_key(|c| std::cmp::Reverse(c.date.value));
        changes
    }
}

/// One entry of an item's change history (变更记录).
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// 日期, with where it was written.
    pub date: At<Date>,
    /// 说明: what changed.
    pub note: String,
}

/// Optional 实施清单 fields: shown on the guide when present.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ItemExtra {
    /// 实施主体性质.
    pub implementer_nature: Option<String>,
    /// 联办机构.
    pub joint_with: Option<String>,
    /// 数量限制.
    pub quantity_limit: Option<String>,
    /// 中介服务.
    pub intermediary: Option<String>,
    /// 特殊环节.
    pub special_steps: Vec<SpecialStep>,
    /// 办理形式.
    pub handling_form: Option<String>,
    /// 预约办理.
    pub appointment: Option<String>,
    /// 物流快递.
    pub delivery: Option<String>,
    /// 网上支付.
    pub online_payment: Option<String>,
    /// 审批结果类型.
    pub result_type: Option<String>,
    /// 审批结果样本.
    pub result_sample: Option<Asset>,
    /// 通办范围 as written (全市通办, 跨省通办, …).
    pub scope: Option<At<String>>,
    /// 网上办理深度 as written (Ⅳ级, 全程网办, 互联网预审, …).
    pub online_depth: Option<At<String>>,
}

/// Legal and promised time limits (办结时限).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TimeLimits {
    /// 法定办结时限.
    pub legal: Option<At<TimeLimit>>,
    /// 承诺办结时限.
    pub promised: Option<At<TimeLimit>>,
    /// 说明 (about both limits).
    pub note: Option<String>,
    /// 法定办结时限说明.
    pub legal_note: Option<String>,
    /// 承诺办结时限说明.
    pub promised_note: Option<String>,
    /// Where `time_limit` was written (for "missing" problems); `None` when absent.
    pub pos: Option<Pos>,
    /// True when `legal` was written but could not be read (already reported; not "missing").
    pub legal_unread: bool,
    /// True when `promised` was written but could not be read.
    pub promised_unread: bool,
}

/// Whether a material must be brought.
#[derive(Debug, Clone, PartialEq)]
pub enum Required {
    /// Always.
    Yes,
    /// Not required.
    No,
    /// Only in the stated case (`全款购房的提供`).
    When(String),
}

/// One application material (申请材料).
#[derive(Debug, Clone, PartialEq)]
pub struct Material {
    /// 材料名称.
    pub name: String,
    /// 原件份数; `None` when the source does not state it (shown as "—", never 0).
    pub original: Option<u32>,
    /// 复印件份数; `None` when not stated.
    pub copy: Option<u32>,
    /// 是否必需.
    pub required: Required,
    /// 来源渠道.
    pub source: Option<String>,
    /// 示范文本.
    pub template: Option<Asset>,
    /// 空白表格.
    pub blank: Option<Asset>,
    /// 备注.
    pub note: Option<String>,
    /// 材料形式 (纸质/电子).
    pub form: Option<String>,
    /// 纸质规格.
    pub spec: Option<String>,
    /// 示例样表.
    pub sample: Option<Asset>,
    /// 填报须知.
    pub instructions: Option<String>,
    /// 要求提供材料的依据.
    pub basis: Option<String>,
}

/// One procedure step (办理环节).
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// 环节名称.
    pub name: String,
    /// 承办人 / 承办岗位.
    pub actor: Option<String>,
    /// 时限, as written (shown, not computed).
    pub limit: Option<String>,
    /// 说明.
    pub detail: Option<String>,
}

/// A special step that may pause the clock (特殊环节).
#[derive(Debug, Clone, PartialEq)]
pub struct SpecialStep {
    /// 名称.
    pub name: String,
    /// 时限.
    pub limit: Option<String>,
    /// 依据.
    pub basis: Option<String>,
    /// 收费.
    pub fee: Option<String>,
    /// 是否计入办结时限.
    pub counts_toward_limit: Option<bool>,
}

/// Fees of an item: free, not stated by the source, or a list.
#[derive(Debug, Clone, PartialEq)]
pub enum Fees {
    /// 不收费: only an explicit word says free.
    Free,
    /// 待核实: the source does not state the fees (a warning); shown as "ask at the window",
    /// never as free.
    Unstated,
    /// Each fee with its legal basis.
    List(Vec<Fee>),
}

/// One fee (收费项目).
#[derive(Debug, Clone, PartialEq)]
pub struct Fee {
    /// 收费项目.
    pub name: String,
    /// 金额 in yuan.
    pub amount: Option<At<Amount>>,
    /// 单位 (元/件).
    pub unit: Option<String>,
    /// 收费依据: one or more documents; none is an error (E014).
    pub basis: Vec<String>,
    /// 是否允许减免.
    pub reducible: Option<bool>,
    /// 减免依据.
    pub reduction_basis: Option<String>,
    /// Where the fee is written.
    pub pos: Pos,
}

/// A downloadable form (表格下载).
#[derive(Debug, Clone, PartialEq)]
pub struct Form {
    /// Display name.
    pub name: String,
    /// The file under `content/`.
    pub file: Asset,
}

/// A question and answer (常见问题).
#[derive(Debug, Clone, PartialEq)]
pub struct Faq {
    /// 问题.
    pub question: String,
    /// 解答 (Markdown).
    pub answer: String,
}

/// A calendar date (YYYY-MM-DD).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year.
    pub year: i16,
    /// Month 1–12.
    pub month: i8,
    /// Day 1–31.
    pub day: i8,
}

impl Date {
    /// Today in China (UTC+8), from the system clock.
    pub fn today() -> Date {
        let offset = jiff::tz::TimeZone::fixed(jiff::tz::offset(8));
        let d = jiff::Timestamp::now().to_zoned(offset).date();
        Date {
            year: d.year(),
            month: d.month(),
            day: d.day(),
        }
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// A member of staff (工作人员), shown on the 亮身份 board.
#[derive(Debug, Clone, PartialEq)]
pub struct Staff {
    /// File and id.
    pub source: Source,
    /// 姓名.
    pub name: At<String>,
    /// 照片.
    pub photo: Option<Asset>,
    /// Window id (窗口).
    pub window: Option<At<String>>,
    /// 岗位.
    pub post: Option<String>,
    /// 职务.
    pub title: Option<String>,
    /// 工号.
    pub employee_no: Option<String>,
    /// 职责.
    pub duties: Option<String>,
    /// 党员.
    pub party_member: bool,
    /// 承诺.
    pub commitment: Option<String>,
    /// 荣誉.
    pub honors: Vec<String>,
    /// Position of the record.
    pub pos: Pos,
}

/// A rule (制度) such as 首问负责制.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    /// File and id.
    pub source: Source,
    /// 标题.
    pub title: At<String>,
    /// 排序.
    pub order: Option<i64>,
    /// The rule text (Markdown).
    pub body: String,
}

/// A notice (公告).
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    /// File and id.
    pub source: Source,
    /// 标题.
    pub title: At<String>,
    /// 日期.
    pub date: Option<At<Date>>,
    /// 截止日期: hidden from the home page after it.
    pub expires: Option<At<Date>>,
    /// Markdown body.
    pub body: String,
}

/// A free page (页面).
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// File and id.
    pub source: Source,
    /// 标题.
    pub title: At<String>,
    /// 排序.
    pub order: Option<i64>,
    /// Markdown body.
    pub body: String,
}
