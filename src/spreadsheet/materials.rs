//! Materials: a line of a 申请材料 cell as one material, and the rows of the materials sheet
//! joined to their items by 事项编码 (or 事项名称).

use std::collections::HashMap;

use crate::content::spec::{self, Type};
use crate::diag::{Diagnostic, Diagnostics};
use crate::msg;
use crate::spreadsheet::cells;
use crate::spreadsheet::columns::{Layout, Target};
use crate::spreadsheet::import::Draft;
use crate::spreadsheet::rows::RowReader;
use crate::spreadsheet::table::Workbook;
use crate::spreadsheet::yaml_out::Val;

/// One material of a 申请材料 cell line.
pub(super) fn material(line: &cells::MaterialLine) -> Val {
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
pub(super) fn join_materials(
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_words() {
        assert_eq!(required("必需"), Some(true));
        assert_eq!(required("非必需"), Some(false));
        assert_eq!(required("委托代理的提供"), None);
    }
}
