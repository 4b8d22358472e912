//! The site's items back out as a 实施清单: an items sheet and a materials sheet (`.xlsx`), or
//! one CSV file with the materials one per line in a 申请材料 column. Every cell is written the
//! way `import` reads it back, so an export imports to the same YAML files.

use std::path::Path;

use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, Workbook, XlsxError};

use crate::content::vocabulary::Vocabulary;
use crate::content::{Date, Fees, Item, Required, Site};
use crate::spreadsheet::cells;
use crate::spreadsheet::columns::{
    ITEM_LAYOUT, ITEM_SHEET, MATERIAL_LAYOUT, MATERIAL_SHEET, SheetKind, Target, builtin,
};

/// One cell to write.
#[derive(Debug, Clone, PartialEq)]
pub enum Out {
    /// Nothing.
    Empty,
    /// Text (codes and phone numbers stay text).
    Text(String),
    /// A whole number.
    Number(u32),
    /// A date cell.
    Date(Date),
}

impl Out {
    fn text(s: impl Into<String>) -> Out {
        let s = s.into();
        if s.is_empty() {
            Out::Empty
        } else {
            Out::Text(s)
        }
    }

    fn opt(s: Option<&str>) -> Out {
        s.map_or(Out::Empty, Out::text)
    }

    /// The cell as CSV text.
    pub fn csv(&self) -> String {
        match self {
            Out::Empty => String::new(),
            Out::Text(t) => t.clone(),
            Out::Number(n) => n.to_string(),
            Out::Date(d) => d.to_string(),
        }
    }
}

/// The header of the materials column in a CSV export.
const CSV_MATERIALS: &str = "申请材料";

/// The rows of the items sheet (headers first).
pub fn item_rows(site: &Site, with_materials: bool) -> Vec<Vec<Out>> {
    let mut headers: Vec<Out> = ITEM_LAYOUT.iter().map(|h| Out::text(*h)).collect();
    if with_materials {
        headers.insert(ITEM_LAYOUT.len().min(16), Out::text(CSV_MATERIALS));
    }
    let mut rows = vec![headers];
    for item in &site.items {
        let mut row: Vec<Out> = ITEM_LAYOUT
            .iter()
            .map(|h| match builtin(h, SheetKind::Items) {
                Some(target) => item_cell(site, item, target),
                None => Out::Empty,
            })
            .collect();
        if with_materials {
            let lines: Vec<String> = item
                .materials
                .iter()
                .enumerate()
                .map(|(i, m)| {
                    format!(
                        "{}. {}",
                        i + 1,
                        cells::material_text(&m.name, m.original.unwrap_or(0), m.copy.unwrap_or(0))
                    )
                })
                .collect();
            row.insert(ITEM_LAYOUT.len().min(16), Out::text(lines.join("\n")));
        }
        rows.push(row);
    }
    rows
}

/// The rows of the materials sheet (headers first).
pub fn material_rows(site: &Site) -> Vec<Vec<Out>> {
    let mut rows = vec![MATERIAL_LAYOUT.iter().map(|h| Out::text(*h)).collect()];
    for item in &site.items {
        for (i, m) in item.materials.iter().enumerate() {
            let row = MATERIAL_LAYOUT
                .iter()
                .map(|h| match builtin(h, SheetKind::Materials) {
                    Some(Target::Item("code")) => {
                        Out::opt(item.code.as_ref().map(|c| c.value.as_str()))
                    }
                    Some(Target::Item("name")) => Out::text(item.name.value.clone()),
                    Some(Target::Ignore) => Out::Number(i as u32 + 1),
                    Some(Target::Material(key)) => material_cell(m, key),
                    _ => Out::Empty,
                })
                .collect();
            rows.push(row);
        }
    }
    rows
}

fn material_cell(m: &crate::content::Material, key: &str) -> Out {
    // A count not stated and a count of 0 both leave the cell empty.
    let count = |n: Option<u32>| n.filter(|n| *n > 0).map_or(Out::Empty, Out::Number);
    let path =
        |a: &Option<crate::content::Asset>| Out::opt(a.as_ref().map(|a| a.path.value.as_str()));
    match key {
        "name" => Out::text(m.name.clone()),
        "original" => count(m.original),
        "copy" => count(m.copy),
        "required" => match &m.required {
            Required::Yes => Out::text("必需"),
            Required::No => Out::text("非必需"),
            Required::When(t) => Out::text(t.clone()),
        },
        "source" => Out::opt(m.source.as_deref()),
        "template" => path(&m.template),
        "blank" => path(&m.blank),
        "note" => Out::opt(m.note.as_deref()),
        "form" => Out::opt(m.form.as_deref()),
        "spec" => Out::opt(m.spec.as_deref()),
        "sample" => path(&m.sample),
        "instructions" => Out::opt(m.instructions.as_deref()),
        "basis" => Out::opt(m.basis.as_deref()),
        _ => Out::Empty,
    }
}

/// The text of one item column, as import reads it.
fn item_cell(site: &Site, item: &Item, target: Target) -> Out {
    let x = &item.extra;
    match target {
        Target::Item(key) => match key {
            "name" => Out::text(item.name.value.clone()),
            "code" => Out::opt(item.code.as_ref().map(|c| c.value.as_str())),
            "kind" => Out::opt(item.kind.as_deref()),
            "window" => Out::text(window_label(site, &item.window.value)),
            "case_type" => Out::opt(item.case_type.as_ref().map(|c| c.value.names().1)),
            "basis" => Out::text(item.basis.join("\n")),
            "conditions" => Out::opt(item.conditions.as_deref()),
            "procedure" => Out::text(
                item.procedure
                    .iter()
                    .enumerate()
                    .map(|(i, s)| cells::step_text(i + 1, &s.name, s.detail.as_deref()))
                    .collect::<Vec<_>>()
                    .join("\n"),
            ),
            "fees" => match &item.fees {
                None => Out::Empty,
                Some(Fees::Free) => Out::text("不收费"),
                Some(Fees::Unstated) => Out::text("待核实"),
                Some(Fees::List(list)) => Out::text(
                    list.iter()
                        .map(|f| {
                            cells::fee_text(
                                &f.name,
                                f.amount.as_ref().map(|a| &a.value),
                                f.unit.as_deref(),
                            )
                        })
                        .collect::<Vec<_>>()
                        .join("\n"),
                ),
            },
            "max_visits" => item.max_visits.map_or(Out::Empty, Out::Number),
            "online_url" => Out::opt(item.online_url.as_ref().map(|u| u.value.as_str())),
            "result" => Out::opt(item.result.as_deref()),
            "updated" => item
                .updated
                .as_ref()
                .map_or(Out::Empty, |d| Out::Date(d.value)),
            "location" => Out::opt(item.location.as_ref().map(|t| t.joined()).as_deref()),
            "hours" => Out::opt(item.hours.as_ref().map(|t| t.joined()).as_deref()),
            "phone" => Out::opt(item.phone.as_ref().map(|t| t.joined()).as_deref()),
            "complaint_phone" => Out::opt(item.complaint_phone.as_deref()),
            "implementer_nature" => Out::opt(x.implementer_nature.as_deref()),
            "implementer" => Out::opt(item.implementer.as_deref()),
            "audience" => Out::text(
                item.audience
                    .iter()
                    .map(|a| a.names().1)
                    .collect::<Vec<_>>()
                    .join("\n"),
            ),
            "topics" => Out::text(
                item.topics
                    .iter()
                    .map(|t| t.value.as_str())
                    .collect::<Vec<_>>()
                    .join("\n"),
            ),
            "scope" => Out::opt(x.scope.as_ref().map(|s| s.value.as_str())),
            "online_depth" => Out::opt(x.online_depth.as_ref().map(|s| s.value.as_str())),
            "joint_with" => Out::opt(x.joint_with.as_deref()),
            "quantity_limit" => Out::opt(x.quantity_limit.as_deref()),
            "intermediary" => Out::opt(x.intermediary.as_deref()),
            "handling_form" => Out::opt(x.handling_form.as_deref()),
            "appointment" => Out::opt(x.appointment.as_deref()),
            "delivery" => Out::opt(x.delivery.as_deref()),
            "online_payment" => Out::opt(x.online_payment.as_deref()),
            "result_type" => Out::opt(x.result_type.as_deref()),
            "result_sample" => Out::opt(x.result_sample.as_ref().map(|a| a.path.value.as_str())),
            _ => Out::Empty,
        },
        Target::Limit(key) => {
            let t = &item.time_limit;
            match key {
                "legal" => Out::opt(t.legal.as_ref().map(|l| l.value.zh()).as_deref()),
                "promised" => Out::opt(t.promised.as_ref().map(|l| l.value.zh()).as_deref()),
                _ => Out::opt(t.note.as_deref()),
            }
        }
        Target::Charged => match &item.fees {
            None | Some(Fees::Unstated) => Out::Empty,
            Some(Fees::Free) => Out::text("否"),
            Some(Fees::List(_)) => Out::text("是"),
        },
        Target::Fee(key) => {
            let Some(Fees::List(list)) = &item.fees else {
                return Out::Empty;
            };
            let lines: Vec<String> = list
                .iter()
                .map(|f| match key {
                    "basis" => f.basis.join("；"),
                    "reduction_basis" => f.reduction_basis.clone().unwrap_or_default(),
                    "reducible" => f
                        .reducible
                        .map(|b| if b { "是" } else { "否" }.to_string())
                        .unwrap_or_default(),
                    _ => String::new(),
                })
                .collect();
            // One line says it for every fee (as import reads a single line).
            if lines.iter().all(|l| *l == lines[0]) {
                Out::text(lines.first().cloned().unwrap_or_default())
            } else {
                Out::text(lines.join("\n"))
            }
        }
        Target::Material(_) | Target::Ignore => Out::Empty,
    }
}

/// The window as a person names it (its name), or its id when the name is not unique or the
/// window does not exist.
fn window_label(site: &Site, id: &str) -> String {
    match site.window(id) {
        Some(w)
            if site
                .windows
                .iter()
                .filter(|o| o.name.value == w.name.value)
                .count()
                == 1 =>
        {
            w.name.value.clone()
        }
        _ => id.to_string(),
    }
}

/// The `.xlsx` bytes of an export: the items sheet and the materials sheet.
pub fn xlsx(site: &Site) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let header = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_background_color(0xDDEBF7);
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let date = Format::new()
        .set_num_format("yyyy-mm-dd")
        .set_align(FormatAlign::Top);
    for (name, rows) in [
        (ITEM_SHEET, item_rows(site, false)),
        (MATERIAL_SHEET, material_rows(site)),
    ] {
        let sheet = book.add_worksheet();
        sheet.set_name(name)?;
        for (r, row) in rows.iter().enumerate() {
            let r = u32::try_from(r).unwrap_or(u32::MAX);
            for (c, cell) in row.iter().enumerate() {
                let c = u16::try_from(c).unwrap_or(u16::MAX);
                let format = if r == 0 { &header } else { &wrap };
                match cell {
                    Out::Empty => {}
                    Out::Text(t) => {
                        sheet.write_string_with_format(r, c, t, format)?;
                    }
                    Out::Number(n) => {
                        sheet.write_number_with_format(r, c, *n, format)?;
                    }
                    Out::Date(d) => {
                        let dt = ExcelDateTime::from_ymd(
                            u16::try_from(d.year).unwrap_or(1900),
                            u8::try_from(d.month).unwrap_or(1),
                            u8::try_from(d.day).unwrap_or(1),
                        )?;
                        sheet.write_datetime_with_format(r, c, &dt, &date)?;
                    }
                }
            }
        }
        if let Some(headers) = rows.first() {
            for (c, h) in headers.iter().enumerate() {
                let wide = matches!(h, Out::Text(t) if matches!(t.as_str(),
                    "事项名称" | "材料名称" | "设定依据" | "受理条件" | "办理流程" | "收费标准" | "收费依据"));
                sheet
                    .set_column_width(u16::try_from(c).unwrap_or(0), if wide { 36 } else { 14 })?;
            }
        }
        sheet.set_freeze_panes(1, 1)?;
    }
    book.save_to_buffer()
}

/// The CSV bytes of an export (UTF-8 with BOM so that Excel reads the Chinese).
pub fn csv(site: &Site) -> Result<Vec<u8>, csv::Error> {
    let mut out = Vec::from(&b"\xEF\xBB\xBF"[..]);
    {
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut out);
        for row in item_rows(site, true) {
            writer.write_record(row.iter().map(Out::csv))?;
        }
        writer.flush()?;
    }
    Ok(out)
}

/// True when `path` asks for CSV (by extension), false for xlsx.
pub fn is_csv(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_export_column_has_a_meaning() {
        for h in ITEM_LAYOUT {
            let t = builtin(h, SheetKind::Items).expect(h);
            assert_ne!(t, Target::Ignore, "{h}");
        }
        assert_eq!(
            builtin(CSV_MATERIALS, SheetKind::Items),
            Some(Target::Item("materials"))
        );
    }
}
