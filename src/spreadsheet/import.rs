//! From rows to item records: every cell is read by the type its key has in the content
//! format, materials are joined from their sheet, ids are chosen, and every cell that cannot
//! be used is reported with its workbook, sheet, cell, header and value.

use std::collections::HashMap;

use crate::content::{Item, Window};
use crate::diag::{Diagnostic, Diagnostics};
use crate::msg;
use crate::spreadsheet::columns::{Layout, Mapping, Sheets, Target};
use crate::spreadsheet::ids::{carried, identity};
use crate::spreadsheet::materials::join_materials;
use crate::spreadsheet::rows::RowReader;
use crate::spreadsheet::table::Workbook;
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
    pub(super) fn window(&self, text: &str) -> Option<&str> {
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

/// An item row read so far: its fields, and its materials from a cell and from the sheet.
pub(super) struct Draft {
    pub(super) row: usize,
    pub(super) name: String,
    pub(super) code: Option<String>,
    pub(super) fields: Vec<(&'static str, Val)>,
    pub(super) cell_materials: Option<(usize, Vec<Val>)>,
    pub(super) sheet_materials: Vec<Val>,
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
