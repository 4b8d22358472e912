//! What each column of a 实施清单 means: headers are matched to gongshi keys by the Chinese
//! aliases of the content format (asked from [`crate::content::spec`], never copied), then by
//! the other spellings that provincial platforms use, then by the user's mapping file. Also
//! finds the header row by itself (title rows merged across the top and blank rows are
//! skipped) and which sheet holds the items and which the materials.

use std::borrow::Cow;
use std::path::Path;

use crate::content::spec::{self, Field, Shape, Type};
use crate::content::yaml::{self, Node, Value};
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::msg;
use crate::spreadsheet::table::{Sheet, Workbook};

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// An item key of `spec::ITEM` (`name`, `basis`, `materials`, …).
    Item(&'static str),
    /// One part of `time_limit` (`legal`, `promised`, `note`).
    Limit(&'static str),
    /// A key of each fee (`name`, `amount`, `unit`, `basis`, …), one line per fee.
    Fee(&'static str),
    /// 是否收费: yes/no.
    Charged,
    /// A key of a material on the materials sheet.
    Material(&'static str),
    /// Known and deliberately not imported (序号).
    Ignore,
}

impl Target {
    /// The name used in mapping files and `--print-map`: `name`, `time_limit.legal`,
    /// `fee.basis`, `material.copy`, `charged`, `ignore`.
    pub fn name(self) -> String {
        match self {
            Target::Item(k) => k.to_string(),
            Target::Limit(k) => format!("time_limit.{k}"),
            Target::Fee(k) => format!("fee.{k}"),
            Target::Charged => "charged".into(),
            Target::Material(k) => format!("material.{k}"),
            Target::Ignore => "ignore".into(),
        }
    }

    /// The Chinese key path written in the YAML (`办结时限.法定`, `收费标准.收费依据`).
    pub fn alias(self) -> String {
        let alias = |shape: &Shape, key: &str| shape.field(key).map_or("", |f| f.alias);
        match self {
            Target::Item(k) => alias(&spec::ITEM, k).to_string(),
            Target::Limit(k) => format!(
                "{}.{}",
                alias(&spec::ITEM, "time_limit"),
                alias(&spec::TIME_LIMIT, k)
            ),
            Target::Fee(k) => format!("{}.{}", alias(&spec::ITEM, "fees"), alias(&spec::FEE, k)),
            Target::Charged => "是否收费".into(),
            Target::Material(k) => format!(
                "{}.{}",
                alias(&spec::ITEM, "materials"),
                alias(&spec::MATERIAL, k)
            ),
            Target::Ignore => "—".into(),
        }
    }

    /// Reads a target name as written in a mapping file: a name from [`Target::name`], or any
    /// header spelling the built-in table knows (`法定办结时限`).
    pub fn parse(text: &str) -> Option<Target> {
        let t = text.trim();
        let from_shape = |shape: &'static Shape, key: &str| shape.field(key).map(|f| f.key);
        let target = match t.split_once('.') {
            Some(("time_limit", k)) => from_shape(&spec::TIME_LIMIT, k).map(Target::Limit),
            Some(("fee" | "fees", k)) => from_shape(&spec::FEE, k).map(Target::Fee),
            Some(("material" | "materials", k)) => {
                from_shape(&spec::MATERIAL, k).map(Target::Material)
            }
            _ => match t {
                "charged" => Some(Target::Charged),
                "ignore" | "忽略" => Some(Target::Ignore),
                _ => None,
            },
        };
        target
            .or_else(|| item_field(t).map(Target::Item))
            .or_else(|| builtin(t, SheetKind::Items))
            .or_else(|| builtin(t, SheetKind::Materials))
    }
}

/// Which kind of sheet a header row belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SheetKind {
    /// One row per item.
    Items,
    /// One row per material, joined to items by 事项编码 or 事项名称.
    Materials,
}

/// Spellings of 实施清单 headers that the content format does not use as aliases, with the
/// key they mean. The content format's own aliases (事项名称, 收费标准, 收费依据, 材料名称 …)
/// come from `spec` and are not repeated here.
pub const VARIANTS: &[(&str, &str)] = &[
    ("实施编码", "code"),
    ("事项代码", "code"),
    ("办理窗口", "window"),
    ("受理窗口", "window"),
    ("法定办结时限", "time_limit.legal"),
    ("法定时限", "time_limit.legal"),
    ("法定期限", "time_limit.legal"),
    ("承诺办结时限", "time_limit.promised"),
    ("承诺时限", "time_limit.promised"),
    ("承诺期限", "time_limit.promised"),
    ("时限说明", "time_limit.note"),
    ("办结时限说明", "time_limit.note"),
    ("收费情况", "fees"),
    ("是否收费", "charged"),
    ("收费项目名称", "fee.name"),
    ("收费金额", "fee.amount"),
    ("计费单位", "fee.unit"),
    ("允许减免依据", "fee.reduction_basis"),
    ("办理依据", "basis"),
    ("法律依据", "basis"),
    ("申请条件", "conditions"),
    ("申请材料目录", "materials"),
    ("材料清单", "materials"),
    ("办事流程", "procedure"),
    ("办理程序", "procedure"),
    ("咨询方式", "phone"),
    ("投诉电话", "complaint_phone"),
    ("监督电话", "complaint_phone"),
    ("监督投诉方式", "complaint_phone"),
    ("到办事现场次数", "max_visits"),
    ("最多跑动次数", "max_visits"),
    ("跑动次数", "max_visits"),
    ("网上办理地址", "online_url"),
    ("在线办理地址", "online_url"),
    ("网办地址", "online_url"),
    ("审批结果", "result"),
    ("结果名称", "result"),
    ("受理地点", "location"),
    ("受理时间", "hours"),
    ("更新时间", "updated"),
    ("序号", "ignore"),
    // The materials sheet.
    ("原件份数", "material.original"),
    ("原件数量", "material.original"),
    ("复印件份数", "material.copy"),
    ("复印件数量", "material.copy"),
    ("来源渠道", "material.source"),
    ("必要性", "material.required"),
    ("是否必要", "material.required"),
    ("是否必须", "material.required"),
    ("纸质材料规格", "material.spec"),
    ("要求提供材料的依据", "material.basis"),
    ("材料依据", "material.basis"),
    ("材料备注", "material.note"),
];

/// The columns `export` writes on the items sheet, in 实施清单 order: each header with its
/// target. Import maps every one of these headers back to the same target (tested).
pub const ITEM_LAYOUT: &[&str] = &[
    "事项名称",
    "事项编码",
    "事项类型",
    "服务对象",
    "主题",
    "实施主体性质",
    "实施机关",
    "窗口",
    "办件类型",
    "法定办结时限",
    "承诺办结时限",
    "时限说明",
    "是否收费",
    "收费标准",
    "收费依据",
    "是否允许减免",
    "减免依据",
    "设定依据",
    "受理条件",
    "办理流程",
    "办理结果",
    "审批结果类型",
    "审批结果样本",
    "办理地点",
    "办理时间",
    "咨询电话",
    "监督投诉电话",
    "到办事现场次数",
    "网上办理地址",
    "网上办理深度",
    "通办范围",
    "办理形式",
    "预约办理",
    "物流快递",
    "网上支付",
    "联办机构",
    "数量限制",
    "中介服务",
    "更新日期",
];

/// The columns `export` writes on the materials sheet.
pub const MATERIAL_LAYOUT: &[&str] = &[
    "事项编码",
    "事项名称",
    "序号",
    "材料名称",
    "原件",
    "复印件",
    "是否必需",
    "材料形式",
    "纸质规格",
    "来源渠道",
    "填报须知",
    "要求提供材料的依据",
    "备注",
    "示范文本",
    "空白表格",
    "示例样表",
];

/// The name of the materials sheet `export` writes.
pub const MATERIAL_SHEET: &str = "申请材料";
/// The name of the items sheet `export` writes.
pub const ITEM_SHEET: &str = "事项";

/// Item keys whose value a cell can hold (lists of nested records other than materials and
/// steps cannot).
fn importable(field: &Field) -> bool {
    // `extra` is a table of its own, not one cell.
    !matches!(field.ty, Type::List(_) | Type::Object(_) | Type::InfoTable)
        || is_cell_list(field.key)
}

fn is_cell_list(key: &str) -> bool {
    matches!(key, "materials" | "procedure" | "time_limit")
}

fn item_field(text: &str) -> Option<&'static str> {
    spec::ITEM
        .field(text)
        .filter(|f| importable(f) && f.key != "time_limit")
        .map(|f| f.key)
}

/// Removes what varies in how a header is typed: whitespace and line breaks, a leading or
/// trailing `*` (required marks).
pub fn normalize(header: &str) -> String {
    header
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .trim_matches(['*', '＊'])
        .to_string()
}

/// The header's trailing parenthesis, if any: `法定办结时限（工作日）` → (`法定办结时限`, `工作日`).
pub fn split_unit(header: &str) -> Option<(&str, &str)> {
    let h = header.trim_end_matches([')', '）']);
    if h.len() == header.len() {
        return None;
    }
    let open = h.rfind(['(', '（'])?;
    let inner = h[open..].trim_start_matches(['(', '（']);
    Some((&h[..open], inner))
}

/// The built-in meaning of a header on a sheet of `kind` (no mapping file).
pub fn builtin(header: &str, kind: SheetKind) -> Option<Target> {
    let h = normalize(header);
    let variant = || {
        VARIANTS
            .iter()
            .find(|(v, _)| *v == h)
            .and_then(|(_, t)| parse_plain(t))
    };
    let found = match kind {
        SheetKind::Items => item_field(&h)
            .map(Target::Item)
            .or_else(|| spec::FEE.field(&h).map(|f| Target::Fee(f.key)))
            .or_else(variant)
            .filter(|t| !matches!(t, Target::Material(_))),
        SheetKind::Materials => spec::MATERIAL
            .field(&h)
            .map(|f| Target::Material(f.key))
            .or_else(|| variant().filter(|t| matches!(t, Target::Material(_) | Target::Ignore)))
            .or_else(|| {
                // The join columns.
                item_field(&h)
                    .or_else(|| {
                        variant().and_then(|t| match t {
                            Target::Item(k) => Some(k),
                            _ => None,
                        })
                    })
                    .filter(|k| matches!(*k, "code" | "name"))
                    .map(Target::Item)
            }),
    };
    found.or_else(|| split_unit(&h).and_then(|(base, _)| builtin(base, kind)))
}

/// Target names of the built-in table, without the fallback to header spellings.
fn parse_plain(name: &str) -> Option<Target> {
    let from_shape = |shape: &'static Shape, key: &str| shape.field(key).map(|f| f.key);
    match name.split_once('.') {
        Some(("time_limit", k)) => from_shape(&spec::TIME_LIMIT, k).map(Target::Limit),
        Some(("fee", k)) => from_shape(&spec::FEE, k).map(Target::Fee),
        Some(("material", k)) => from_shape(&spec::MATERIAL, k).map(Target::Material),
        _ => match name {
            "charged" => Some(Target::Charged),
            "ignore" => Some(Target::Ignore),
            _ => item_field(name).map(Target::Item),
        },
    }
}

/// What the user's mapping file says.
#[derive(Debug, Clone, Default)]
pub struct Mapping {
    /// Header (normalized) → target; these win over the built-in table.
    pub columns: Vec<(String, Target)>,
    /// The sheet holding the items, when the user names it.
    pub items_sheet: Option<String>,
    /// The sheet holding the materials, when the user names it.
    pub materials_sheet: Option<String>,
    /// The window id for items whose row names none.
    pub window: Option<String>,
}

impl Mapping {
    fn lookup(&self, header: &str) -> Option<Target> {
        let h = normalize(header);
        self.columns.iter().find(|(k, _)| *k == h).map(|(_, t)| *t)
    }
}

/// Reads a mapping file:
/// ```yaml
/// columns:            # 表头: 键
///   承诺时限（天）: time_limit.promised
///   行使层级: ignore
/// items_sheet: 事项清单
/// materials_sheet: 材料
/// window: zonghe
/// ```
/// Every problem is reported with its line, like content.
pub fn read_mapping(path: &Path) -> Result<Mapping, Diagnostics> {
    let file = path.display().to_string();
    let one = |d: Diagnostic| -> Diagnostics { std::iter::once(d).collect() };
    let text = crate::content::load::read_text(path, &file).map_err(one)?;
    let node = yaml::parse(&text, &file, 0).map_err(one)?;
    let mut mapping = Mapping::default();
    let mut problems = Diagnostics::new();
    let Value::Map(entries) = &node.value else {
        return Err(one(mapping_error(
            &file,
            &node,
            msg!(
                "a mapping file is a list of `key: value` lines",
                "映射文件应为“键: 值”形式",
                "映射檔案應為「鍵: 值」形式"
            ),
        )));
    };
    for (key, value) in entries {
        let name = key.as_text().unwrap_or_default();
        match name.as_ref() {
            "columns" | "列" => match &value.value {
                Value::Map(cols) => {
                    for (header, target) in cols {
                        let h = normalize(&header.as_text().unwrap_or_default());
                        let t = target.as_text().unwrap_or_default();
                        match Target::parse(&t) {
                            Some(target) => mapping.columns.push((h, target)),
                            None => problems.push(
                                mapping_error(
                                    &file,
                                    target,
                                    msg!(
                                        "`{t}` is not a key gongshi imports",
                                        "“{t}”不是可导入的键",
                                        "「{t}」不是可匯入的鍵"
                                    ),
                                )
                                .with_help(msg!(
                                    "use an item key (name, code, basis …), time_limit.legal, time_limit.promised, fee.basis, material.copy …, charged or ignore — see docs/import.md",
                                    "请填写事项的键（如 事项名称、设定依据）或 time_limit.legal、fee.basis、material.copy、charged、ignore 等，见 docs/import.md",
                                    "請填寫事項的鍵（如 事项名称、设定依据）或 time_limit.legal、fee.basis、material.copy、charged、ignore 等，見 docs/import.md"
                                )),
                            ),
                        }
                    }
                }
                _ => problems.push(mapping_error(
                    &file,
                    value,
                    msg!(
                        "`columns` maps headers to keys (表头: 键)",
                        "“columns”应为“表头: 键”的映射",
                        "「columns」應為「表頭: 鍵」的映射"
                    ),
                )),
            },
            "items_sheet" | "事项工作表" => mapping.items_sheet = value.as_text().map(Cow::into_owned),
            "materials_sheet" | "材料工作表" => mapping.materials_sheet = value.as_text().map(Cow::into_owned),
            "window" | "窗口" => mapping.window = value.as_text().map(Cow::into_owned),
            _ => problems.push(
                mapping_error(
                    &file,
                    key,
                    msg!(
                        "unknown key `{name}` in the mapping file",
                        "映射文件中没有“{name}”这个键",
                        "映射檔案中沒有「{name}」這個鍵"
                    ),
                )
                .with_help(msg!(
                    "known keys: columns, items_sheet, materials_sheet, window",
                    "可用的键：columns（列）、items_sheet（事项工作表）、materials_sheet（材料工作表）、window（窗口）",
                    "可用的鍵：columns（列）、items_sheet（事项工作表）、materials_sheet（材料工作表）、window（窗口）"
                )),
            ),
        }
    }
    if problems.is_empty() {
        Ok(mapping)
    } else {
        Err(problems)
    }
}

fn mapping_error(file: &str, node: &Node, message: crate::diag::Message) -> Diagnostic {
    Diagnostic::error("E068", node.pos.at(file), message)
}

/// One column of a sheet: where it is, its header and what it holds.
#[derive(Debug, Clone)]
pub struct Column {
    /// 0-based column index.
    pub index: usize,
    /// 0-based row of its header cell (the lower row of a two-row header).
    pub row: usize,
    /// The header as written.
    pub header: String,
    /// What it holds; `None` when unknown.
    pub target: Option<Target>,
    /// The unit in the header's parenthesis (`工作日` in `承诺时限（工作日）`).
    pub unit: Option<String>,
    /// Index of an earlier column with the same target (this one is then not read).
    pub shadowed_by: Option<usize>,
}

/// A sheet's header row and columns.
#[derive(Debug, Clone)]
pub struct Layout {
    /// Index of the sheet in the workbook.
    pub sheet: usize,
    /// 0-based row of the headers.
    pub header_row: usize,
    /// 0-based first row of data: below the header row, or below a second header row that
    /// splits a merged header (办结时限 over 法定 and 承诺).
    pub data_row: usize,
    /// Every non-empty header cell.
    pub columns: Vec<Column>,
}

impl Layout {
    /// The column read for `target`, if any.
    pub fn column(&self, target: Target) -> Option<&Column> {
        self.columns
            .iter()
            .find(|c| c.target == Some(target) && c.shadowed_by.is_none())
    }

    fn score(&self) -> usize {
        self.columns
            .iter()
            .filter(|c| c.target.is_some_and(|t| t != Target::Ignore))
            .count()
    }
}

/// How many rows from the top are searched for the header row.
const HEADER_SEARCH_ROWS: usize = 30;

/// Finds the header row of a sheet for `kind`: among the first rows, the one whose cells
/// name the most known columns (a title merged across the top names none). `None` when no
/// row names the key column (事项名称, or 材料名称 on a materials sheet).
pub fn layout(book: &Workbook, sheet: usize, kind: SheetKind, map: &Mapping) -> Option<Layout> {
    let s: &Sheet = book.sheets.get(sheet)?;
    let key = match kind {
        SheetKind::Items => Target::Item("name"),
        SheetKind::Materials => Target::Material("name"),
    };
    let mut best: Option<Layout> = None;
    for row in 0..s.rows.len().min(HEADER_SEARCH_ROWS) {
        let candidate = header_row(s, sheet, row, kind, map);
        if candidate.column(key).is_none() {
            continue;
        }
        if kind == SheetKind::Materials
            && candidate.column(Target::Item("code")).is_none()
            && candidate.column(Target::Item("name")).is_none()
        {
            continue;
        }
        if best.as_ref().is_none_or(|b| candidate.score() > b.score()) {
            best = Some(candidate);
        }
    }
    best.map(|b| with_sub_headers(s, b, kind, map))
}

/// Reads a second header row under merged headers: a row right below the headers with no
/// item name whose every cell is a known header, alone or with the merged header above it
/// (`法定` under `办结时限` is 法定办结时限).
fn with_sub_headers(s: &Sheet, mut layout: Layout, kind: SheetKind, map: &Mapping) -> Layout {
    let below = layout.header_row + 1;
    let Some(cells) = s.rows.get(below) else {
        return layout;
    };
    let key = match kind {
        SheetKind::Items => Target::Item("name"),
        SheetKind::Materials => Target::Material("name"),
    };
    if layout
        .column(key)
        .is_some_and(|c| !s.cell(below, c.index).is_blank())
    {
        return layout;
    }
    let lookup = |h: &str| map.lookup(h).or_else(|| builtin(h, kind));
    let mut subs = Vec::new();
    for (index, cell) in cells.iter().enumerate() {
        let Some(child) = cell.text() else { continue };
        let parent = (0..=index)
            .rev()
            .find_map(|i| s.cell(layout.header_row, i).text())
            .unwrap_or_default();
        let found = [
            format!("{child}{parent}"),
            format!("{parent}{child}"),
            child.clone(),
        ]
        .into_iter()
        .find_map(|h| lookup(&h).map(|t| (h, t)));
        match found {
            Some((header, target)) => subs.push((index, header, target)),
            None => return layout,
        }
    }
    if subs.is_empty() {
        return layout;
    }
    for (index, header, target) in subs {
        layout.columns.retain(|c| c.index != index);
        layout.columns.push(Column {
            index,
            row: below,
            unit: split_unit(&normalize(&header)).map(|(_, u)| u.to_string()),
            header,
            target: Some(target),
            shadowed_by: None,
        });
    }
    layout.columns.sort_by_key(|c| c.index);
    // A merged parent whose children took its columns is no column of its own any more.
    for i in 0..layout.columns.len() {
        let target = layout.columns[i].target;
        layout.columns[i].shadowed_by = target.and_then(|t| {
            layout.columns[..i]
                .iter()
                .find(|c| c.target == Some(t) && t != Target::Ignore)
                .map(|c| c.index)
        });
    }
    layout.data_row = below + 1;
    layout
}

fn header_row(s: &Sheet, sheet: usize, row: usize, kind: SheetKind, map: &Mapping) -> Layout {
    let mut columns: Vec<Column> = Vec::new();
    for (index, cell) in s.rows[row].iter().enumerate() {
        let Some(header) = cell.text() else { continue };
        let target = map.lookup(&header).or_else(|| builtin(&header, kind));
        let unit = split_unit(&normalize(&header)).map(|(_, u)| u.to_string());
        let shadowed_by = target.and_then(|t| {
            columns
                .iter()
                .find(|c| c.target == Some(t) && t != Target::Ignore)
                .map(|c| c.index)
        });
        columns.push(Column {
            index,
            row,
            header,
            target,
            unit,
            shadowed_by,
        });
    }
    Layout {
        sheet,
        header_row: row,
        data_row: row + 1,
        columns,
    }
}

/// The items sheet and the materials sheet (if any) of a workbook.
pub struct Sheets {
    /// Layout of the items sheet.
    pub items: Layout,
    /// Layout of the materials sheet, when there is one.
    pub materials: Option<Layout>,
    /// Sheets that were not read (named for the report).
    pub skipped: Vec<usize>,
}

/// Finds which sheet holds the items and which the materials (by name when the mapping file
/// says, else by their headers). `Err` when no sheet has a 事项名称 column.
pub fn find_sheets(book: &Workbook, map: &Mapping) -> Result<Sheets, Diagnostic> {
    let named = |name: &Option<String>| {
        name.as_ref()
            .and_then(|n| book.sheets.iter().position(|s| s.name.trim() == n.trim()))
    };
    for (wanted, label) in [
        (&map.items_sheet, "items_sheet"),
        (&map.materials_sheet, "materials_sheet"),
    ] {
        if let Some(name) = wanted
            && named(wanted).is_none()
        {
            let file = &book.file;
            return Err(Diagnostic::error(
                "E061",
                Location::file(file.clone()),
                msg!(
                    "the mapping file's {label} `{name}` is not a sheet of {file}",
                    "映射文件中的 {label}“{name}”不是 {file} 中的工作表",
                    "映射檔案中的 {label}「{name}」不是 {file} 中的工作表"
                ),
            ));
        }
    }
    let materials = match named(&map.materials_sheet) {
        Some(i) => layout(book, i, SheetKind::Materials, map),
        None => (0..book.sheets.len())
            .filter(|i| Some(*i) != named(&map.items_sheet))
            .find_map(|i| layout(book, i, SheetKind::Materials, map)),
    };
    let materials_sheet = materials.as_ref().map(|l| l.sheet);
    let items = match named(&map.items_sheet) {
        Some(i) => layout(book, i, SheetKind::Items, map),
        None => (0..book.sheets.len())
            .filter(|i| Some(*i) != materials_sheet)
            .filter_map(|i| layout(book, i, SheetKind::Items, map))
            .max_by_key(|l| (l.score(), std::cmp::Reverse(l.sheet))),
    };
    let Some(items) = items else {
        let file = &book.file;
        return Err(Diagnostic::error(
            "E061",
            Location::file(file.clone()),
            msg!(
                "no sheet of {file} has a 事项名称 (item name) header in its first {HEADER_SEARCH_ROWS} rows",
                "{file} 的各工作表前 {HEADER_SEARCH_ROWS} 行中都找不到“事项名称”表头",
                "{file} 的各工作表前 {HEADER_SEARCH_ROWS} 行中都找不到「事项名称」表頭"
            ),
        )
        .with_help(msg!(
            "name the item name column 事项名称, or map its header in a mapping file (--map) to `name`",
            "请把事项名称所在列的表头写成“事项名称”，或在映射文件（--map）中把该表头映射为 name",
            "請把事項名稱所在欄的表頭寫成「事项名称」，或在映射檔案（--map）中把該表頭映射為 name"
        )));
    };
    let skipped = (0..book.sheets.len())
        .filter(|i| *i != items.sheet && Some(*i) != materials_sheet)
        .collect();
    Ok(Sheets {
        items,
        materials,
        skipped,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_point_at_real_keys_and_never_repeat_spec_aliases() {
        for (spelling, target) in VARIANTS {
            assert!(parse_plain(target).is_some(), "{spelling} → {target}");
            assert!(
                spec::ITEM.field(spelling).is_none(),
                "{spelling} is a spec alias"
            );
            assert!(
                spec::MATERIAL.field(spelling).is_none(),
                "{spelling} is a spec alias"
            );
            assert!(
                spec::FEE.field(spelling).is_none(),
                "{spelling} is a spec alias"
            );
        }
    }

    #[test]
    fn headers_map_by_spec_aliases_and_variants() {
        let t = |h| builtin(h, SheetKind::Items);
        assert_eq!(t("事项名称"), Some(Target::Item("name")));
        assert_eq!(t("name"), Some(Target::Item("name")));
        assert_eq!(t("* 事项编码"), Some(Target::Item("code")));
        assert_eq!(t("法定办结\n时限"), Some(Target::Limit("legal")));
        assert_eq!(t("承诺时限（工作日）"), Some(Target::Limit("promised")));
        assert_eq!(t("收费标准"), Some(Target::Item("fees")));
        assert_eq!(t("收费情况"), Some(Target::Item("fees")));
        assert_eq!(t("是否收费"), Some(Target::Charged));
        assert_eq!(t("收费依据"), Some(Target::Fee("basis")));
        assert_eq!(t("办理依据"), Some(Target::Item("basis")));
        assert_eq!(t("投诉电话"), Some(Target::Item("complaint_phone")));
        assert_eq!(t("到办事现场次数"), Some(Target::Item("max_visits")));
        assert_eq!(
            t("实施主体"),
            None,
            "the window's department; mapping it to `implementer` is left to import"
        );
        assert_eq!(t("实施机关"), Some(Target::Item("implementer")));
        assert_eq!(t("通办范围"), Some(Target::Item("scope")));
        assert_eq!(t("其他信息"), None, "a table has no cell form");
        assert_eq!(t("行使层级"), None);
        assert_eq!(t("常见问题"), None, "a list of records has no cell form");
        let m = |h| builtin(h, SheetKind::Materials);
        assert_eq!(m("材料名称"), Some(Target::Material("name")));
        assert_eq!(m("复印件份数"), Some(Target::Material("copy")));
        assert_eq!(m("事项编码"), Some(Target::Item("code")));
        assert_eq!(m("事项类型"), None);
    }

    #[test]
    fn export_layout_reads_back_as_itself() {
        for header in ITEM_LAYOUT {
            assert!(builtin(header, SheetKind::Items).is_some(), "{header}");
        }
        for header in MATERIAL_LAYOUT {
            assert!(builtin(header, SheetKind::Materials).is_some(), "{header}");
        }
    }

    #[test]
    fn the_import_guide_lists_every_spelling() {
        let doc = include_str!("../../docs/import.md");
        for (spelling, _) in VARIANTS {
            assert!(
                doc.contains(spelling),
                "docs/import.md does not mention {spelling}"
            );
        }
    }

    #[test]
    fn mapping_targets_parse_by_name_or_spelling() {
        assert_eq!(
            Target::parse("time_limit.promised"),
            Some(Target::Limit("promised"))
        );
        assert_eq!(Target::parse("承诺时限"), Some(Target::Limit("promised")));
        assert_eq!(Target::parse("fee.basis"), Some(Target::Fee("basis")));
        assert_eq!(Target::parse("事项名称"), Some(Target::Item("name")));
        assert_eq!(Target::parse("ignore"), Some(Target::Ignore));
        assert_eq!(Target::parse("faq"), None);
        assert_eq!(Target::parse("nonsense"), None);
    }
}
