//! From rows to item records: every cell is read by the type its key has in the content
//! format, materials are joined from their sheet, ids are chosen, and every cell that cannot
//! be used is reported with its workbook, sheet, cell, header and value.

use std::collections::HashMap;

use crate::content::convert::{IMMEDIATE_CASE_WORDS, PROMISED_CASE_WORDS, is_free};
use crate::content::money::Amount;
use crate::content::reader::{is_http_url, parse_date};
use crate::content::spec::{self, Type};
use crate::content::timelimit::TimeLimit;
use crate::content::{Item, Window};
use crate::diag::{Diagnostic, Diagnostics, Message};
use crate::msg;
use crate::spreadsheet::cells;
use crate::spreadsheet::columns::{Column, Layout, Mapping, Sheets, Target};
use crate::spreadsheet::table::{Cell, Workbook};
use crate::spreadsheet::yaml_out::{self, Val};

/// What the site already has that an import refers to: windows (by id, name, number) and
/// items (to keep their ids when the same item is imported again).
#[derive(Debug, Default)]
pub struct Existing {
    /// The site folder.
    pub root: std::path::PathBuf,
    /// (id, name, number) of each window.
    pub windows: Vec<(String, String, String)>,
    /// (id, code, name, file relative to the site) of each item.
    pub items: Vec<(String, Option<String>, String, String)>,
}

impl Existing {
    /// The windows and items of a loaded site.
    pub fn of(root: &std::path::Path, windows: &[Window], items: &[Item]) -> Existing {
        Existing {
            root: root.to_path_buf(),
            windows: windows
                .iter()
                .map(|w| {
                    (
                        w.source.id.clone(),
                        w.name.value.clone(),
                        w.number.value.clone(),
                    )
                })
                .collect(),
            items: items
                .iter()
                .map(|i| {
                    (
                        i.source.id.clone(),
                        i.code.as_ref().map(|c| c.value.clone()),
                        i.name.value.clone(),
                        i.source.file.clone(),
                    )
                })
                .collect(),
        }
    }

    /// The window a cell names: by id, name or number (`12`, `12号窗口`).
    fn window(&self, text: &str) -> Option<&str> {
        let t = text.trim();
        let number = t.trim_end_matches("号窗口").trim_end_matches('号');
        let matches: Vec<&str> = self
            .windows
            .iter()
            .filter(|(id, name, num)| id == t || name == t || num == t || num == number)
            .map(|(id, ..)| id.as_str())
            .collect();
        match matches.as_slice() {
            [one] => Some(one),
            _ => self
                .windows
                .iter()
                .find(|(id, ..)| id == t)
                .map(|(id, ..)| id.as_str()),
        }
    }
}

/// One item ready to be written.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The id (file stem).
    pub id: String,
    /// The file it goes to, relative to the site (`content/items/<id>.yaml`, or the existing
    /// file of the same item).
    pub file: String,
    /// The YAML text.
    pub yaml: String,
    /// The item's row (0-based) on the items sheet, for messages.
    pub row: usize,
}

/// Everything one import produced, before anything is written.
pub struct Converted {
    /// Items in row order.
    pub items: Vec<Imported>,
    /// Problems with cells, rows and columns.
    pub diagnostics: Diagnostics,
    /// Material rows read from the materials sheet.
    pub material_rows: usize,
}

struct Draft {
    row: usize,
    name: String,
    code: Option<String>,
    fields: Vec<(&'static str, Val)>,
    cell_materials: Option<(usize, Vec<Val>)>,
    sheet_materials: Vec<Val>,
}

/// Reads every item row (and material row) of a workbook.
pub fn convert(book: &Workbook, sheets: &Sheets, map: &Mapping, existing: &Existing) -> Converted {
    let mut out = Diagnostics::new();
    for note in &book.notes {
        out.push(note.clone());
    }
    report_columns(book, &sheets.items, &mut out);
    if let Some(m) = &sheets.materials {
        report_columns(book, m, &mut out);
    }
    let mut drafts = Vec::new();
    let layout = &sheets.items;
    let sheet = &book.sheets[layout.sheet];
    for row in layout.data_row..sheet.rows.len() {
        let mut r = RowReader {
            book,
            layout,
            row,
            out: &mut out,
        };
        if let Some(d) = r.item(map, existing) {
            drafts.push(d);
        }
    }
    let mut material_rows = 0;
    if let Some(m) = &sheets.materials {
        material_rows = join_materials(book, m, &mut drafts, &mut out);
    }
    let items = finish(book, layout, drafts, existing, &mut out);
    Converted {
        items,
        diagnostics: out,
        material_rows,
    }
}

/// Unmapped and doubled columns, each reported once at its header cell.
fn report_columns(book: &Workbook, layout: &Layout, out: &mut Diagnostics) {
    for c in &layout.columns {
        let at = book.location(layout.sheet, c.row, c.index);
        let header = c.header.replace('\n', " ");
        match (c.target, c.shadowed_by) {
            (None, _) => out.push(
                Diagnostic::warning(
                    "W160",
                    at,
                    msg!(
                        "column `{header}` is not imported: gongshi has no key for it",
                        "“{header}”列未导入：gongshi 没有对应的键",
                        "「{header}」欄未匯入：gongshi 沒有對應的鍵"
                    ),
                )
                .with_help(msg!(
                    "if it belongs to a key, map it in a mapping file (--map, see docs/import.md); map it to `ignore` to silence this",
                    "如果它对应某个键，请在映射文件（--map，见 docs/import.md）中映射；映射为 ignore 可不再提示",
                    "如果它對應某個鍵，請在映射檔案（--map，見 docs/import.md）中映射；映射為 ignore 可不再提示"
                )),
            ),
            (Some(t), Some(first)) => {
                let first = crate::spreadsheet::table::column_name(first);
                let key = t.alias();
                out.push(
                    Diagnostic::warning(
                        "W163",
                        at,
                        msg!(
                            "column `{header}` is not read: column {first} already gives {key}",
                            "“{header}”列未读取：第 {first} 列已提供“{key}”",
                            "「{header}」欄未讀取：第 {first} 欄已提供「{key}」"
                        ),
                    )
                    .with_help(msg!(
                        "map one of the two to another key or to `ignore` in a mapping file (--map)",
                        "请在映射文件（--map）中把其中一列映射为其他键或 ignore",
                        "請在映射檔案（--map）中把其中一欄映射為其他鍵或 ignore"
                    )),
                );
            }
            _ => {}
        }
    }
}

/// Reads the cells of one row.
struct RowReader<'a> {
    book: &'a Workbook,
    layout: &'a Layout,
    row: usize,
    out: &'a mut Diagnostics,
}

impl<'a> RowReader<'a> {
    fn column(&self, target: Target) -> Option<&'a Column> {
        self.layout.column(target)
    }

    fn cell(&self, col: &Column) -> &Cell {
        self.book.sheets[self.layout.sheet].cell(self.row, col.index)
    }

    /// The text of the cell under `target`, with placeholders such as `无此项` read as empty.
    fn text(&self, target: Target) -> Option<(String, &'a Column)> {
        let col = self.column(target)?;
        let text = self.cell(col).text()?;
        (!cells::is_blank_word(&text)).then_some((text, col))
    }

    fn blank(&self) -> bool {
        self.book.sheets[self.layout.sheet]
            .rows
            .get(self.row)
            .is_none_or(|r| r.iter().all(Cell::is_blank))
    }

    /// Reports a cell that cannot be used.
    fn bad(&mut self, code: &'static str, col: &Column, value: &str, what: Message, help: Message) {
        let at = self.book.location(self.layout.sheet, self.row, col.index);
        let header = col.header.replace('\n', " ");
        let value = value.replace('\n', "⏎");
        let (en, cn, tw) = (
            what.text(crate::diag::Lang::En),
            what.text(crate::diag::Lang::ZhCn),
            what.text(crate::diag::Lang::ZhTw),
        );
        self.out.push(
            Diagnostic::error(
                code,
                at,
                msg!(
                    "{header} `{value}`: {en}",
                    "“{header}”列的“{value}”：{cn}",
                    "「{header}」欄的「{value}」：{tw}"
                ),
            )
            .with_help(help),
        );
    }

    fn warn(&mut self, code: &'static str, col: &Column, message: Message, help: Message) {
        let at = self.book.location(self.layout.sheet, self.row, col.index);
        self.out
            .push(Diagnostic::warning(code, at, message).with_help(help));
    }

    fn item(&mut self, map: &Mapping, existing: &Existing) -> Option<Draft> {
        if self.blank() {
            return None;
        }
        self.error_cells();
        let Some((name, _)) = self.text(Target::Item("name")) else {
            let cells = &self.book.sheets[self.layout.sheet].rows[self.row];
            let filled: Vec<usize> = (0..cells.len()).filter(|c| !cells[*c].is_blank()).collect();
            let first = filled.first().copied().unwrap_or(0);
            let at = self.book.location(self.layout.sheet, self.row, first);
            let row = self.row + 1;
            if filled.len() == 1 {
                // One cell of text (often merged across): a note such as 填表说明 or 备注.
                self.out.push(
                    Diagnostic::warning(
                        "W165",
                        at,
                        msg!(
                            "row {row} holds one cell and no 事项名称: read as a note and skipped",
                            "第 {row} 行只有一个单元格、没有事项名称：视为说明文字，已跳过",
                            "第 {row} 列只有一個儲存格、沒有事項名稱：視為說明文字，已略過"
                        ),
                    )
                    .with_help(msg!(
                        "nothing to do if it is a note; if it is an item, fill in its 事项名称",
                        "如果是说明文字则无需处理；如果是事项，请填写事项名称",
                        "如果是說明文字則無需處理；如果是事項，請填寫事項名稱"
                    )),
                );
                return None;
            }
            self.out.push(
                Diagnostic::error(
                    "E062",
                    at,
                    msg!(
                        "row {row} has no 事项名称 (item name); the row was not imported",
                        "第 {row} 行没有事项名称，该行未导入",
                        "第 {row} 列沒有事項名稱，該列未匯入"
                    ),
                )
                .with_help(msg!(
                    "fill in the name, or delete the row if it is not an item (a note or a subtotal)",
                    "请填写事项名称；如果这一行不是事项（如说明、小计），请删除",
                    "請填寫事項名稱；如果這一列不是事項（如說明、小計），請刪除"
                )),
            );
            return None;
        };
        let mut fields: Vec<(&'static str, Val)> = Vec::new();
        let mut code = None;
        let mut cell_materials = None;
        for field in spec::ITEM.fields {
            let target = Target::Item(field.key);
            match field.key {
                "materials" => {
                    if let Some((text, col)) = self.text(target) {
                        let list = cells::split_list(&text)
                            .iter()
                            .map(|line| material(&cells::material_line(line)))
                            .collect::<Vec<_>>();
                        cell_materials = Some((col.index, list));
                    }
                    continue;
                }
                "procedure" => {
                    if let Some((text, _)) = self.text(target) {
                        let steps = cells::split_list(&text)
                            .iter()
                            .map(|line| {
                                let (name, detail) = cells::step_line(line);
                                let mut m = vec![("name", Val::Text(name))];
                                if let Some(d) = detail {
                                    m.push(("detail", Val::Text(d)));
                                }
                                Val::Map(m)
                            })
                            .collect::<Vec<_>>();
                        if !steps.is_empty() {
                            fields.push(("procedure", Val::List(steps)));
                        }
                    }
                    continue;
                }
                "time_limit" => {
                    if let Some(v) = self.time_limit() {
                        fields.push(("time_limit", v));
                    }
                    continue;
                }
                "fees" => {
                    if let Some(v) = self.fees() {
                        fields.push(("fees", v));
                    }
                    continue;
                }
                "window" => {
                    if let Some(v) = self.window(existing, map) {
                        fields.push(("window", Val::Text(v)));
                    }
                    continue;
                }
                _ => {}
            }
            let Some(col) = self.column(target).cloned() else {
                continue;
            };
            if field.key == "code" && self.cell(&col).lost_digits() {
                let value = self.cell(&col).text().unwrap_or_default();
                self.warn(
                    "W164",
                    &col,
                    msg!(
                        "事项编码 `{value}` is stored as a number and may have lost digits",
                        "事项编码“{value}”以数字形式保存，可能已丢失位数",
                        "事項編碼「{value}」以數字形式儲存，可能已遺失位數"
                    ),
                    msg!(
                        "format the column as text in Excel, type the code again and import again",
                        "请在 Excel 中把该列设为“文本”格式，重新输入编码后再导入",
                        "請在 Excel 中把該欄設為「文字」格式，重新輸入編碼後再匯入"
                    ),
                );
            }
            if let Some(v) = self.value(&col, &field.ty) {
                if field.key == "code"
                    && let Val::Text(c) = &v
                {
                    code = Some(c.clone());
                }
                fields.push((field.key, v));
            }
        }
        Some(Draft {
            row: self.row,
            name,
            code,
            fields,
            cell_materials,
            sheet_materials: Vec::new(),
        })
    }

    /// Reports the cells of read columns that hold an Excel error value (`#REF!`, `#N/A`).
    fn error_cells(&mut self) {
        let cols: Vec<&Column> = self
            .layout
            .columns
            .iter()
            .filter(|c| c.shadowed_by.is_none() && c.target.is_some_and(|t| t != Target::Ignore))
            .collect();
        for col in cols {
            if let Cell::Error(e) = self.cell(col).clone() {
                self.bad(
                    "E063",
                    col,
                    &e,
                    msg!(
                        "the cell holds an Excel error, not a value",
                        "单元格是 Excel 错误值，不是内容",
                        "儲存格是 Excel 錯誤值，不是內容"
                    ),
                    msg!(
                        "fix the formula or type the value, then import again",
                        "请修正公式或直接填写内容后重新导入",
                        "請修正公式或直接填寫內容後重新匯入"
                    ),
                );
            }
        }
    }

    /// A cell read as the content format's `ty` says.
    fn value(&mut self, col: &Column, ty: &Type) -> Option<Val> {
        let cell = self.cell(col).clone();
        let text = cell.text().filter(|t| !cells::is_blank_word(t))?;
        let (expected_en, expected_zh) = ty.describe();
        let what = msg!(
            "expected {expected_en}",
            "应为{expected_zh}",
            "應為{expected_zh}"
        );
        match ty {
            Type::Text | Type::Markdown | Type::Path | Type::Ref(_) => Some(Val::Text(text)),
            Type::TextList => {
                let list: Vec<Val> = cells::split_list(&text)
                    .into_iter()
                    .map(Val::Text)
                    .collect();
                (!list.is_empty()).then_some(Val::List(list))
            }
            Type::Count => match cells::count(&text) {
                Some(n) => Some(Val::Raw(n.to_string())),
                None => {
                    self.bad(
                        "E063",
                        col,
                        &text,
                        what,
                        msg!(
                            "write a whole number such as 0 or 1",
                            "请填写整数，如 0 或 1",
                            "請填寫整數，如 0 或 1"
                        ),
                    );
                    None
                }
            },
            Type::Date => {
                let date = match cell {
                    Cell::Date(d) => Some(d),
                    _ => parse_date(&text),
                };
                match date {
                    Some(d) => Some(Val::Text(d.to_string())),
                    None => {
                        self.bad(
                            "E063",
                            col,
                            &text,
                            what,
                            msg!(
                                "write the date as 2026-06-01 or make it a date cell",
                                "请写成 2026-06-01 形式，或设为日期单元格",
                                "請寫成 2026-06-01 形式，或設為日期儲存格"
                            ),
                        );
                        None
                    }
                }
            }
            Type::Url => {
                if is_http_url(&text) {
                    Some(Val::Text(text))
                } else {
                    self.bad(
                        "E063",
                        col,
                        &text,
                        what,
                        msg!(
                            "write the full address starting with https://, or leave the cell empty",
                            "请填写以 https:// 开头的完整网址，或留空",
                            "請填寫以 https:// 開頭的完整網址，或留空"
                        ),
                    );
                    None
                }
            }
            Type::Choice(words) => {
                let lower = text.to_lowercase();
                let value = if IMMEDIATE_CASE_WORDS.contains(&lower.as_str()) {
                    Some("immediate")
                } else if PROMISED_CASE_WORDS.contains(&lower.as_str()) {
                    Some("promised")
                } else {
                    words
                        .iter()
                        .find(|(en, zh)| *en == lower || *zh == text)
                        .map(|(en, _)| *en)
                };
                match value.and_then(|v| words.iter().find(|(en, _)| *en == v)) {
                    Some((_, zh)) => Some(Val::Text((*zh).to_string())),
                    None => {
                        let list = words
                            .iter()
                            .map(|(_, zh)| *zh)
                            .collect::<Vec<_>>()
                            .join("、");
                        self.bad(
                            "E063",
                            col,
                            &text,
                            what,
                            msg!(
                                "write one of: {list}",
                                "请填写以下之一：{list}",
                                "請填寫以下之一：{list}"
                            ),
                        );
                        None
                    }
                }
            }
            Type::Bool => match cells::yes_no(&text) {
                Some(b) => Some(Val::Raw(b.to_string())),
                None => {
                    self.bad(
                        "E063",
                        col,
                        &text,
                        what,
                        msg!("write 是 or 否", "请填写“是”或“否”", "請填寫「是」或「否」"),
                    );
                    None
                }
            },
            _ => Some(Val::Text(text)),
        }
    }

    fn time_limit(&mut self) -> Option<Val> {
        let mut parts = Vec::new();
        for key in ["legal", "promised"] {
            let Some(col) = self.column(Target::Limit(key)).cloned() else {
                continue;
            };
            let Some(text) = self.cell(&col).text().filter(|t| !cells::is_blank_word(t)) else {
                continue;
            };
            // A bare number takes its unit from the header: 承诺时限（工作日）.
            let bare = text.chars().all(|c| c.is_ascii_digit() || c == '.');
            let written = match (&col.unit, bare) {
                (Some(unit), true) => format!("{}{unit}", text.trim_end_matches(".0")),
                _ => text.clone(),
            };
            match TimeLimit::parse(&written) {
                Some(limit) => parts.push((key, Val::Text(limit.zh()))),
                None => {
                    let (what, help) = if bare {
                        (
                            msg!(
                                "a time limit needs its unit",
                                "时限缺少单位",
                                "時限缺少單位"
                            ),
                            msg!(
                                "write 20个工作日 or 20日, or put the unit in the header: 法定办结时限（工作日）",
                                "请写成“20个工作日”或“20日”，或把单位写进表头：法定办结时限（工作日）",
                                "請寫成「20个工作日」或「20日」，或把單位寫進表頭：法定办结时限（工作日）"
                            ),
                        )
                    } else {
                        (
                            msg!("not a time limit", "无法识别的时限", "無法識別的時限"),
                            msg!(
                                "write e.g. 20个工作日, 30日, 3个月 or 即办, then import again (or fill it in the item's YAML file)",
                                "请写成“20个工作日”“30日”“3个月”或“即办”等形式后重新导入（或在事项的 YAML 文件中填写）",
                                "請寫成「20个工作日」「30日」「3个月」或「即办」等形式後重新匯入（或在事項的 YAML 檔案中填寫）"
                            ),
                        )
                    };
                    self.bad("E063", &col, &text, what, help);
                }
            }
        }
        if let Some((note, _)) = self.text(Target::Limit("note")) {
            parts.push(("note", Val::Text(note)));
        }
        (!parts.is_empty()).then_some(Val::Map(parts))
    }

    /// Lines of a per-fee column.
    fn fee_column(&self, key: &'static str) -> Option<(Vec<String>, Column)> {
        let (text, col) = self.text(Target::Fee(key))?;
        Some((cells::split_list(&text), col.clone()))
    }

    fn fees(&mut self) -> Option<Val> {
        let charged = match self.text(Target::Charged) {
            Some((text, col)) => {
                let col = col.clone();
                match cells::yes_no(&text) {
                    Some(b) => Some((b, col)),
                    None => {
                        self.bad(
                            "E063",
                            &col,
                            &text,
                            msg!("expected 是 or 否", "应为“是”或“否”", "應為「是」或「否」"),
                            msg!("write 是 or 否", "请填写“是”或“否”", "請填寫「是」或「否」"),
                        );
                        None
                    }
                }
            }
            None => None,
        };
        let standard = self.text(Target::Item("fees")).map(|(t, c)| (t, c.clone()));
        let mut said_free = charged.as_ref().is_some_and(|(b, _)| !b);
        let mut lines = Vec::new();
        if let Some((text, _)) = &standard {
            for line in cells::split_list(text) {
                if is_free(&line) || cells::yes_no(&line) == Some(false) {
                    said_free = true;
                } else {
                    lines.push((line.clone(), cells::fee_line(&line)));
                }
            }
        }
        let names = self.fee_column("name");
        let amounts = self.fee_column("amount");
        let units = self.fee_column("unit");
        let count = [
            lines.len(),
            names.as_ref().map_or(0, |n| n.0.len()),
            amounts.as_ref().map_or(0, |a| a.0.len()),
        ]
        .into_iter()
        .max()
        .unwrap_or(0);
        if count == 0 {
            if said_free {
                return Some(Val::Text("不收费".into()));
            }
            if let Some((true, col)) = &charged {
                let col = col.clone();
                self.bad(
                    "E064",
                    &col,
                    "是",
                    msg!(
                        "the item charges a fee but no 收费标准 says which",
                        "事项收费，但没有填写收费标准",
                        "事項收費，但沒有填寫收費標準"
                    ),
                    msg!(
                        "fill in 收费标准 (e.g. 工本费 20 元/本), one fee per line",
                        "请填写收费标准（如“工本费 20 元/本”），每行一项",
                        "請填寫收費標準（如「工本费 20 元/本」），每行一項"
                    ),
                );
            }
            return None;
        }
        if let Some((false, col)) = &charged {
            let col = col.clone();
            self.warn(
                "W163",
                &col,
                msg!(
                    "是否收费 says 否 but 收费标准 lists fees; the fees were imported",
                    "“是否收费”为否，但收费标准列有收费项目；已按收费标准导入",
                    "「是否收费」為否，但收費標準列有收費項目；已按收費標準匯入"
                ),
                msg!(
                    "check which is right and correct the workbook",
                    "请核实并更正表格",
                    "請核實並更正表格"
                ),
            );
        }
        let basis = self.fee_column("basis");
        let reducible = self.fee_column("reducible");
        let reduction = self.fee_column("reduction_basis");
        let mut fees = Vec::new();
        for i in 0..count {
            let parsed = lines.get(i).map(|(_, f)| f.clone());
            let line_text = lines.get(i).map(|(t, _)| t.clone());
            let name = names
                .as_ref()
                .and_then(|(n, _)| n.get(i).cloned())
                .or_else(|| parsed.as_ref().and_then(|p| p.name.clone()));
            let amount = match amounts.as_ref().and_then(|(a, c)| a.get(i).map(|t| (t, c))) {
                Some((text, col)) => {
                    let col = col.clone();
                    let parsed_amount = Amount::parse(text);
                    if parsed_amount.is_none() {
                        self.bad(
                            "E064",
                            &col,
                            text,
                            msg!("not an amount in yuan", "不是有效金额", "不是有效金額"),
                            msg!(
                                "write a number such as 80 or a range such as 5-20",
                                "请填写数字（如 80）或范围（如 5-20）",
                                "請填寫數字（如 80）或範圍（如 5-20）"
                            ),
                        );
                    }
                    parsed_amount
                }
                None => parsed.as_ref().and_then(|p| p.amount),
            };
            let unit = units
                .as_ref()
                .and_then(|(u, _)| u.get(i).cloned())
                .or_else(|| parsed.as_ref().and_then(|p| p.unit.clone()));
            if let (Some((_, col)), Some(text)) = (&standard, &line_text) {
                let col = col.clone();
                if amount.is_none() && amounts.is_none() {
                    self.bad(
                        "E064",
                        &col,
                        text,
                        msg!(
                            "no amount in this fee",
                            "这项收费没有金额",
                            "這項收費沒有金額"
                        ),
                        msg!(
                            "write the fee as name, amount and unit, one per line: 不动产登记费 80 元/件, 复印费 5-20 元/页",
                            "请每行写一项：名称、金额、单位，如“不动产登记费 80 元/件”“复印费 5-20 元/页”",
                            "請每行寫一項：名稱、金額、單位，如「不动产登记费 80 元/件」「复印费 5-20 元/页」"
                        ),
                    );
                } else if name.is_none() {
                    self.bad(
                        "E064",
                        &col,
                        text,
                        msg!(
                            "this fee has no name",
                            "这项收费没有名称",
                            "這項收費沒有名稱"
                        ),
                        msg!(
                            "write its name before the amount (复印费 5-20 元/页) or add a 收费项目 column; the fee was imported without 收费项目",
                            "请在金额前写上收费项目名称（如“复印费 5-20 元/页”），或增加“收费项目”列；已导入但缺少收费项目",
                            "請在金額前寫上收費項目名稱（如「复印费 5-20 元/页」），或增加「收费项目」欄；已匯入但缺少收費項目"
                        ),
                    );
                }
            }
            let mut fee: Vec<(&'static str, Val)> = Vec::new();
            if let Some(n) = name {
                fee.push(("name", Val::Text(n)));
            }
            if let Some(a) = amount {
                fee.push(("amount", Val::Raw(cells::amount_text(&a))));
            }
            if let Some(u) = unit {
                fee.push(("unit", Val::Text(u)));
            }
            if let Some(b) = per_fee(&basis, i, count) {
                fee.push(("basis", Val::Text(b)));
            }
            if let Some(text) = per_fee(&reducible, i, count) {
                match cells::yes_no(&text) {
                    Some(b) => fee.push(("reducible", Val::Raw(b.to_string()))),
                    None => {
                        if let Some((_, col)) = &reducible {
                            let col = col.clone();
                            self.bad(
                                "E063",
                                &col,
                                &text,
                                msg!("expected 是 or 否", "应为“是”或“否”", "應為「是」或「否」"),
                                msg!("write 是 or 否", "请填写“是”或“否”", "請填寫「是」或「否」"),
                            );
                        }
                    }
                }
            }
            if let Some(r) = per_fee(&reduction, i, count) {
                fee.push(("reduction_basis", Val::Text(r)));
            }
            if !fee.is_empty() {
                fees.push(Val::Map(fee));
            }
        }
        (!fees.is_empty()).then_some(Val::List(fees))
    }

    fn window(&mut self, existing: &Existing, map: &Mapping) -> Option<String> {
        let Some((text, col)) = self.text(Target::Item("window")) else {
            return map.window.clone();
        };
        let col = col.clone();
        if let Some(id) = existing.window(&text) {
            return Some(id.to_string());
        }
        let known = existing
            .windows
            .iter()
            .map(|(id, name, _)| format!("{name}（{id}）"))
            .collect::<Vec<_>>()
            .join("、");
        self.warn(
            "W162",
            &col,
            msg!(
                "no window of the site is called `{text}`; it was written as the window id",
                "站点中没有名为“{text}”的窗口；已原样写为窗口编号",
                "站點中沒有名為「{text}」的窗口；已原樣寫為窗口編號"
            ),
            msg!(
                "write an existing window's name, number or id ({known}), or add the window with `gongshi new window ID`",
                "请填写已有窗口的名称、窗口号或编号（{known}），或用 `gongshi new window 编号` 新建窗口",
                "請填寫已有窗口的名稱、窗口號或編號（{known}），或用 `gongshi new window 編號` 新建窗口"
            ),
        );
        Some(text)
    }
}

/// The value of a per-fee column for fee `i` of `count`: line by line when the counts agree,
/// the only line for every fee, or all lines joined for a single fee.
fn per_fee(column: &Option<(Vec<String>, Column)>, i: usize, count: usize) -> Option<String> {
    let (lines, _) = column.as_ref()?;
    match (lines.len(), count) {
        (0, _) => None,
        (1, _) => lines.first().cloned(),
        (_, 1) => Some(lines.join("；")),
        (n, c) if n == c => lines.get(i).cloned(),
        _ => lines.get(i).cloned(),
    }
}

fn material(line: &cells::MaterialLine) -> Val {
    let mut m = vec![("name", Val::Text(line.name.clone()))];
    if line.original > 0 {
        m.push(("original", Val::Raw(line.original.to_string())));
    }
    if line.copy > 0 {
        m.push(("copy", Val::Raw(line.copy.to_string())));
    }
    Val::Map(m)
}

/// Appends the rows of the materials sheet to their items; returns how many were read.
fn join_materials(
    book: &Workbook,
    layout: &Layout,
    drafts: &mut [Draft],
    out: &mut Diagnostics,
) -> usize {
    let sheet = &book.sheets[layout.sheet];
    let mut by_code: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut by_name: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, d) in drafts.iter().enumerate() {
        if let Some(c) = &d.code {
            by_code.entry(c.as_str()).or_default().push(i);
        }
        by_name.entry(d.name.as_str()).or_default().push(i);
    }
    let mut joined: Vec<(usize, Val)> = Vec::new();
    let mut count = 0;
    for row in layout.data_row..sheet.rows.len() {
        let mut r = RowReader {
            book,
            layout,
            row,
            out: &mut *out,
        };
        if r.blank() {
            continue;
        }
        r.error_cells();
        let code = r.text(Target::Item("code")).map(|(t, c)| (t, c.clone()));
        let name = r.text(Target::Item("name")).map(|(t, c)| (t, c.clone()));
        let (key, col, found) = match (&code, &name) {
            (Some((c, col)), _) => (c.clone(), col.clone(), by_code.get(c.as_str())),
            (None, Some((n, col))) => (n.clone(), col.clone(), by_name.get(n.as_str())),
            (None, None) => {
                let row_no = row + 1;
                let at = book.sheet_location(layout.sheet);
                r.out.push(
                    Diagnostic::error(
                        "E066",
                        crate::diag::Location::file(format!("{}!{row_no}", at.file)),
                        msg!(
                            "material row {row_no} names no item (事项编码 or 事项名称); it was not imported",
                            "第 {row_no} 行材料没有填写事项编码或事项名称，未导入",
                            "第 {row_no} 列材料沒有填寫事項編碼或事項名稱，未匯入"
                        ),
                    )
                    .with_help(msg!(
                        "fill in the item's 事项编码 or 事项名称",
                        "请填写所属事项的事项编码或事项名称",
                        "請填寫所屬事項的事項編碼或事項名稱"
                    )),
                );
                continue;
            }
        };
        let target = match found.map(Vec::as_slice) {
            Some([one]) => *one,
            Some(_) => {
                r.bad(
                    "E066",
                    &col,
                    &key,
                    msg!(
                        "several items have this name",
                        "有多个事项同名",
                        "有多個事項同名"
                    ),
                    msg!(
                        "join materials by 事项编码 instead",
                        "请改用事项编码关联材料",
                        "請改用事項編碼關聯材料"
                    ),
                );
                continue;
            }
            None => {
                r.bad(
                    "E066",
                    &col,
                    &key,
                    msg!(
                        "no item row has it; the material was not imported",
                        "事项表中没有这个事项，材料未导入",
                        "事項表中沒有這個事項，材料未匯入"
                    ),
                    msg!(
                        "correct the code or name so that it matches the items sheet",
                        "请更正编码或名称，使其与事项表一致",
                        "請更正編碼或名稱，使其與事項表一致"
                    ),
                );
                continue;
            }
        };
        let Some((material_name, _)) = r.text(Target::Material("name")) else {
            let col = col.clone();
            r.bad(
                "E062",
                &col,
                &key,
                msg!(
                    "this material row has no 材料名称; it was not imported",
                    "该行材料没有材料名称，未导入",
                    "該列材料沒有材料名稱，未匯入"
                ),
                msg!(
                    "fill in 材料名称 or delete the row",
                    "请填写材料名称，或删除该行",
                    "請填寫材料名稱，或刪除該列"
                ),
            );
            continue;
        };
        let mut m = vec![("name", Val::Text(material_name))];
        for field in spec::MATERIAL.fields.iter().filter(|f| f.key != "name") {
            let Some(col) = r.column(Target::Material(field.key)).cloned() else {
                continue;
            };
            let Some(text) = r.cell(&col).text().filter(|t| !cells::is_blank_word(t)) else {
                continue;
            };
            match field.ty {
                Type::Count => {
                    let n = match cells::yes_no(&text) {
                        Some(b) => Some(u32::from(b)),
                        None => cells::count(&text),
                    };
                    match n {
                        Some(0) => {}
                        Some(n) => m.push((field.key, Val::Raw(n.to_string()))),
                        None => r.bad(
                            "E063",
                            &col,
                            &text,
                            msg!("expected a number of copies", "应为份数", "應為份數"),
                            msg!(
                                "write a whole number such as 1, or leave it empty",
                                "请填写整数（如 1），或留空",
                                "請填寫整數（如 1），或留空"
                            ),
                        ),
                    }
                }
                Type::BoolOrText => match required(&text) {
                    Some(true) => {}
                    Some(false) => m.push((field.key, Val::Raw("false".into()))),
                    None => m.push((field.key, Val::Text(text))),
                },
                _ => m.push((field.key, Val::Text(text))),
            }
        }
        joined.push((target, Val::Map(m)));
        count += 1;
    }
    for (target, m) in joined {
        drafts[target].sheet_materials.push(m);
    }
    count
}

/// 是否必需 words: `Some(true)` required, `Some(false)` not, `None` a condition text.
pub fn required(text: &str) -> Option<bool> {
    match text.trim() {
        "是" | "必需" | "必要" | "必须" | "必须提供" | "必要材料" | "必交" => {
            Some(true)
        }
        "否" | "非必需" | "非必要" | "非必须" | "可选" | "容缺" | "选交" => {
            Some(false)
        }
        t => cells::yes_no(t),
    }
}

/// Chooses ids, puts the materials in, drops doubled items and writes the YAML.
fn finish(
    book: &Workbook,
    layout: &Layout,
    drafts: Vec<Draft>,
    existing: &Existing,
    out: &mut Diagnostics,
) -> Vec<Imported> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut items = Vec::new();
    for mut d in drafts {
        let (id, file) = identity(&d, existing);
        if let Some(first) = seen.get(&id) {
            let col = layout
                .column(Target::Item(if d.code.is_some() { "code" } else { "name" }))
                .map_or(0, |c| c.index);
            let at = book.location(layout.sheet, d.row, col);
            let first = first + 1;
            out.push(
                Diagnostic::error(
                    "E065",
                    at,
                    msg!(
                        "this item is also on row {first} (same 事项编码 or name, id `{id}`); the row was not imported",
                        "该事项与第 {first} 行重复（事项编码或名称相同，编号 {id}），该行未导入",
                        "該事項與第 {first} 列重複（事項編碼或名稱相同，編號 {id}），該列未匯入"
                    ),
                )
                .with_help(msg!(
                    "delete the repeated row or give each item its own 事项编码",
                    "请删除重复的行，或为每个事项填写不同的事项编码",
                    "請刪除重複的列，或為每個事項填寫不同的事項編碼"
                )),
            );
            continue;
        }
        seen.insert(id.clone(), d.row);
        let materials = if d.sheet_materials.is_empty() {
            d.cell_materials.map(|(_, m)| m).unwrap_or_default()
        } else {
            if let Some((col, list)) = &d.cell_materials
                && !list.is_empty()
            {
                let at = book.location(layout.sheet, d.row, *col);
                out.push(
                    Diagnostic::warning(
                        "W163",
                        at,
                        msg!(
                            "this cell is not read: the materials sheet lists this item's materials",
                            "此单元格未读取：材料表已列出该事项的申请材料",
                            "此儲存格未讀取：材料表已列出該事項的申請材料"
                        ),
                    )
                    .with_help(msg!(
                        "keep the materials in one place",
                        "请只在一处填写申请材料",
                        "請只在一處填寫申請材料"
                    )),
                );
            }
            d.sheet_materials
        };
        if !materials.is_empty() {
            d.fields.push(("materials", Val::List(materials)));
        }
        d.fields.extend(carried(&existing.root, &file));
        items.push(Imported {
            yaml: yaml_out::item(&d.fields),
            id,
            file,
            row: d.row,
        });
    }
    items
}

/// Item keys no 实施清单 column holds: an existing file keeps them when the import rewrites
/// it (the workbook has nothing to say about them).
pub const CARRIED: &[&str] = &["forms", "faq", "special_steps"];

/// The [`CARRIED`] keys of the item file `file` (relative to `root`), if it exists and parses.
fn carried(root: &std::path::Path, file: &str) -> Vec<(&'static str, Val)> {
    use crate::content::yaml;
    let Ok(bytes) = std::fs::read(root.join(file)) else {
        return Vec::new();
    };
    let Ok(text) = yaml::decode(&bytes, file) else {
        return Vec::new();
    };
    let yaml_text = if file.ends_with(".md") {
        match yaml::split_front_matter(&text, file) {
            Ok(fm) => fm.yaml.to_string(),
            Err(_) => return Vec::new(),
        }
    } else {
        text
    };
    let Ok(node) = yaml::parse(&yaml_text, file, 0) else {
        return Vec::new();
    };
    let yaml::Value::Map(entries) = &node.value else {
        return Vec::new();
    };
    entries
        .iter()
        .filter_map(|(k, v)| {
            let field = spec::ITEM.field(&k.as_text()?)?;
            if !CARRIED.contains(&field.key) {
                return None;
            }
            let shape = match field.ty {
                Type::List(s) | Type::Object(s) => Some(s),
                _ => None,
            };
            node_val(v, shape).map(|val| (field.key, val))
        })
        .collect()
}

/// A parsed YAML value as a value to write again (keys by the shape, unknown keys dropped).
fn node_val(node: &crate::content::yaml::Node, shape: Option<&'static spec::Shape>) -> Option<Val> {
    use crate::content::yaml::Value;
    Some(match &node.value {
        Value::Null => return None,
        Value::Str(t) => Val::Text(t.clone()),
        Value::Int(i) => Val::Raw(i.to_string()),
        Value::Float(f) => Val::Raw(f.clone()),
        Value::Bool(b) => Val::Raw(b.to_string()),
        Value::Seq(items) => Val::List(items.iter().filter_map(|n| node_val(n, shape)).collect()),
        Value::Map(entries) => {
            let shape = shape?;
            Val::Map(
                entries
                    .iter()
                    .filter_map(|(k, v)| {
                        let field = shape.field(&k.as_text()?)?;
                        let nested = match field.ty {
                            Type::List(s) | Type::Object(s) => Some(s),
                            _ => None,
                        };
                        node_val(v, nested).map(|val| (field.key, val))
                    })
                    .collect(),
            )
        }
    })
}

/// The id and file of an item: the existing item with the same 事项编码 (or, without a code,
/// the same name) keeps its own; otherwise the code as a slug, or `item-` and a short hash of
/// the name.
fn identity(d: &Draft, existing: &Existing) -> (String, String) {
    let same = existing
        .items
        .iter()
        .find(|(_, code, name, _)| match &d.code {
            Some(c) => code.as_deref() == Some(c.as_str()),
            None => code.is_none() && *name == d.name,
        });
    if let Some((id, _, _, file)) = same {
        return (id.clone(), file.clone());
    }
    let id = d
        .code
        .as_deref()
        .and_then(slug)
        .unwrap_or_else(|| name_id(&d.name));
    let file = format!("content/items/{id}.yaml");
    (id, file)
}

/// A code as an id: lower-case ASCII letters and digits, other characters as `-`.
pub fn slug(code: &str) -> Option<String> {
    let mut out = String::new();
    for c in code.trim().chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-');
    let out: String = out.chars().take(64).collect();
    let out = out.trim_end_matches('-').to_string();
    crate::scaffold::is_valid_id(&out).then_some(out)
}

/// An id for an item without a usable code: `item-` and 8 hex digits of the name's hash
/// (stable across imports, no pinyin guessed).
pub fn name_id(name: &str) -> String {
    let hash = blake3::hash(name.trim().as_bytes()).to_hex();
    format!("item-{}", &hash[..8])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_from_codes_and_names() {
        assert_eq!(slug("QH-BDC-DJ-006").as_deref(), Some("qh-bdc-dj-006"));
        assert_eq!(
            slug("11370100MB28510123000117").as_deref(),
            Some("11370100mb28510123000117")
        );
        assert_eq!(slug("许可 001号").as_deref(), Some("001"));
        assert_eq!(slug("（无）"), None);
        assert_eq!(name_id("户口迁入"), name_id(" 户口迁入 "));
        assert!(crate::scaffold::is_valid_id(&name_id("户口迁入")));
    }

    #[test]
    fn required_words() {
        assert_eq!(required("必需"), Some(true));
        assert_eq!(required("非必需"), Some(false));
        assert_eq!(required("委托代理的提供"), None);
    }
}
