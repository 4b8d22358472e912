//! Reading one row of the items sheet: every cell by the type its key has in the content
//! format (asked from `spec`), time limits through the content parser, the window by name,
//! and a diagnostic at the cell for every value that cannot be used.

use crate::content::CaseType;
use crate::content::reader::{is_http_url, parse_date};
use crate::content::spec::{self, Type};
use crate::content::timelimit::TimeLimit;
use crate::content::vocabulary::Vocabulary;
use crate::diag::{Diagnostic, Diagnostics, Message};
use crate::msg;
use crate::spreadsheet::cells;
use crate::spreadsheet::columns::{Column, Layout, Mapping, Target};
use crate::spreadsheet::import::{Draft, Existing};
use crate::spreadsheet::materials::material;
use crate::spreadsheet::table::{Cell, Workbook};
use crate::spreadsheet::yaml_out::Val;

/// Reads the cells of one row.
pub(super) struct RowReader<'a> {
    pub(super) book: &'a Workbook,
    pub(super) layout: &'a Layout,
    pub(super) row: usize,
    pub(super) out: &'a mut Diagnostics,
}

impl<'a> RowReader<'a> {
    pub(super) fn column(&self, target: Target) -> Option<&'a Column> {
        self.layout.column(target)
    }

    pub(super) fn cell(&self, col: &Column) -> &Cell {
        self.book.sheets[self.layout.sheet].cell(self.row, col.index)
    }

    /// The text of the cell under `target`, with placeholders such as `无此项` read as empty.
    pub(super) fn text(&self, target: Target) -> Option<(String, &'a Column)> {
        let col = self.column(target)?;
        let text = self.cell(col).text()?;
        (!cells::is_blank_word(&text)).then_some((text, col))
    }

    pub(super) fn blank(&self) -> bool {
        self.book.sheets[self.layout.sheet]
            .rows
            .get(self.row)
            .is_none_or(|r| r.iter().all(Cell::is_blank))
    }

    /// Reports a cell that cannot be used.
    pub(super) fn bad(
        &mut self,
        code: &'static str,
        col: &Column,
        value: &str,
        what: Message,
        help: Message,
    ) {
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

    pub(super) fn warn(
        &mut self,
        code: &'static str,
        col: &Column,
        message: Message,
        help: Message,
    ) {
        let at = self.book.location(self.layout.sheet, self.row, col.index);
        self.out
            .push(Diagnostic::warning(code, at, message).with_help(help));
    }

    pub(super) fn item(&mut self, map: &Mapping, existing: &Existing) -> Option<Draft> {
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
            if field.key == "case_type"
                && let Some(text) = self.cell(&col).text()
                && let Some(case) = CaseType::parse(&text)
            {
                // Every spelling the loader accepts (即办, 承诺 …) is written as its name.
                fields.push(("case_type", Val::Text(case.names().1.to_string())));
                continue;
            }
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
    pub(super) fn error_cells(&mut self) {
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
    pub(super) fn value(&mut self, col: &Column, ty: &Type) -> Option<Val> {
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
            Type::Choice(choice) => {
                let lower = text.to_lowercase();
                let names = (choice.names)();
                let canonical = names
                    .iter()
                    .find(|(word, zh)| *word == lower || *zh == text)
                    .map(|(_, zh)| (*zh).to_string());
                match canonical {
                    Some(zh) => Some(Val::Text(zh)),
                    None if (choice.words)().contains(&lower.as_str()) => Some(Val::Text(text)),
                    None => {
                        let list = names
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

    pub(super) fn time_limit(&mut self) -> Option<Val> {
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

    pub(super) fn window(&mut self, existing: &Existing, map: &Mapping) -> Option<String> {
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
