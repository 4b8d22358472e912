//! Open data (开放数据): every item as `data/items.csv` and `data/items.json`, every material
//! as `data/materials.csv`, under the column names of the national 实施清单, and the page
//! that lists them. CSV files are UTF-8 with a BOM (Excel then reads the Chinese right) and
//! CRLF line ends; the bytes depend on the content only, so two builds are identical.

use std::io::{self, Write};

use serde::Serialize;
use serde::ser::SerializeMap;

use crate::content::{Fees, Item, LabelledTexts, Material, Site};
use crate::markdown;
use crate::output::OutputFile;
use crate::present::Wording;
use crate::routes::{DataFile, Route};

/// The items column of the application materials; in `items.json` it holds the material
/// records themselves instead of their names.
pub const MATERIALS: &str = "申请材料";

/// One column of the items table: its 实施清单 header and how an item fills it.
pub struct ItemColumn {
    /// The header (事项名称, 承诺办结时限, …).
    pub header: &'static str,
    /// The cell of one item.
    pub cell: fn(&Site, &Item, &Wording) -> String,
}

/// One column of the materials table.
pub struct MaterialColumn {
    /// The header.
    pub header: &'static str,
    /// The cell of one material (its item and its number in the item's list).
    pub cell: fn(&Item, usize, &Material, &Wording) -> String,
}

/// Several places, hours or phones in one cell, one `label：text` per line.
fn places(t: &Option<LabelledTexts>) -> String {
    t.as_ref().map(LabelledTexts::joined).unwrap_or_default()
}

/// A count, empty when the source does not state it (never a made-up 0).
fn count(n: Option<u32>) -> String {
    n.map(|n| n.to_string()).unwrap_or_default()
}

fn opt(s: Option<&str>) -> String {
    s.unwrap_or_default().to_string()
}

fn lines(list: impl IntoIterator<Item = String>) -> String {
    list.into_iter().collect::<Vec<_>>().join("\n")
}

/// The columns of `data/items.csv` and the keys of each item in `data/items.json`, in
/// 实施清单 order. Facts are given after inheritance (the place, hours and phones that apply).
pub static ITEM_COLUMNS: &[ItemColumn] = &[
    ItemColumn {
        header: "事项名称",
        cell: |_, i, _| i.name.value.clone(),
    },
    ItemColumn {
        header: "事项编码",
        cell: |_, i, _| opt(i.code.as_ref().map(|c| c.value.as_str())),
    },
    ItemColumn {
        header: "事项类型",
        cell: |_, i, _| opt(i.kind.as_deref()),
    },
    ItemColumn {
        header: "实施主体",
        cell: |s, i, _| {
            opt(s
                .window(&i.window.value)
                .and_then(|w| w.department.as_deref()))
        },
    },
    ItemColumn {
        header: "实施主体性质",
        cell: |_, i, _| opt(i.extra.implementer_nature.as_deref()),
    },
    ItemColumn {
        header: "办理窗口",
        cell: |s, i, w| {
            opt(s
                .window(&i.window.value)
                .map(|win| w.window(win))
                .as_deref())
        },
    },
    ItemColumn {
        header: "办件类型",
        cell: |_, i, w| {
            opt(i
                .case_type
                .as_ref()
                .map(|c| w.case_type(c.value))
                .as_deref())
        },
    },
    ItemColumn {
        header: "法定办结时限",
        cell: |_, i, w| {
            opt(i
                .time_limit
                .legal
                .as_ref()
                .map(|t| w.limit(t.value))
                .as_deref())
        },
    },
    ItemColumn {
        header: "承诺办结时限",
        cell: |_, i, w| {
            opt(i
                .time_limit
                .promised
                .as_ref()
                .map(|t| w.limit(t.value))
                .as_deref())
        },
    },
    ItemColumn {
        header: "时限说明",
        cell: |_, i, _| opt(i.time_limit.note.as_deref()),
    },
    ItemColumn {
        header: "是否收费",
        cell: |_, i, w| match &i.fees {
            // 待核实: the source does not say whether anything is charged.
            None | Some(Fees::Unstated) => String::new(),
            Some(fees) => w.yes_no(!Wording::is_free(Some(fees))),
        },
    },
    ItemColumn {
        header: "收费标准",
        cell: |_, i, w| match &i.fees {
            None => w.fee_summary(None),
            Some(Fees::Free | Fees::Unstated) => w.fee_summary(i.fees.as_ref()),
            Some(Fees::List(list)) => lines(list.iter().map(|f| w.fee_line(f))),
        },
    },
    ItemColumn {
        header: "收费依据",
        cell: |_, i, _| match &i.fees {
            Some(Fees::List(list)) => lines(list.iter().map(|f| f.basis.join("；"))),
            _ => String::new(),
        },
    },
    ItemColumn {
        header: "设定依据",
        cell: |_, i, _| i.basis.join("\n"),
    },
    ItemColumn {
        header: "受理条件",
        cell: |_, i, _| {
            i.conditions
                .as_deref()
                .map(|c| markdown::to_plain_text(c).trim().to_string())
                .unwrap_or_default()
        },
    },
    ItemColumn {
        header: MATERIALS,
        cell: |_, i, _| {
            lines(
                i.materials
                    .iter()
                    .enumerate()
                    .map(|(n, m)| format!("{}. {}", n + 1, m.name)),
            )
        },
    },
    ItemColumn {
        header: "办理流程",
        cell: |_, i, _| {
            lines(
                i.procedure
                    .iter()
                    .enumerate()
                    .map(|(n, s)| format!("{}. {}", n + 1, s.name)),
            )
        },
    },
    ItemColumn {
        header: "办理结果",
        cell: |_, i, _| opt(i.result.as_deref()),
    },
    ItemColumn {
        header: "审批结果类型",
        cell: |_, i, _| opt(i.extra.result_type.as_deref()),
    },
    ItemColumn {
        header: "办理地点",
        cell: |s, i, _| places(&s.facts(i).location),
    },
    ItemColumn {
        header: "办理时间",
        cell: |s, i, _| places(&s.facts(i).hours),
    },
    ItemColumn {
        header: "咨询电话",
        cell: |s, i, _| places(&s.facts(i).phone),
    },
    ItemColumn {
        header: "监督投诉电话",
        cell: |s, i, _| opt(s.facts(i).complaint_phone.as_deref()),
    },
    ItemColumn {
        header: "到现场次数",
        cell: |_, i, _| i.max_visits.map(|n| n.to_string()).unwrap_or_default(),
    },
    ItemColumn {
        header: "网上办理地址",
        cell: |_, i, _| opt(i.online_url.as_ref().map(|u| u.value.as_str())),
    },
    ItemColumn {
        header: "办理形式",
        cell: |_, i, _| opt(i.extra.handling_form.as_deref()),
    },
    ItemColumn {
        header: "联办机构",
        cell: |_, i, _| opt(i.extra.joint_with.as_deref()),
    },
    ItemColumn {
        header: "更新日期",
        cell: |_, i, _| i.last_updated().map(|d| d.to_string()).unwrap_or_default(),
    },
    ItemColumn {
        header: "办事指南网址",
        cell: |s, i, _| Route::Item(i.source.id.as_str()).public_url(&s.config.base_url),
    },
];

/// The columns of `data/materials.csv` (one row per material, joined to the items by
/// 事项编码, and by 事项名称 for items without a code).
pub static MATERIAL_COLUMNS: &[MaterialColumn] = &[
    MaterialColumn {
        header: "事项编码",
        cell: |i, _, _, _| opt(i.code.as_ref().map(|c| c.value.as_str())),
    },
    MaterialColumn {
        header: "事项名称",
        cell: |i, _, _, _| i.name.value.clone(),
    },
    MaterialColumn {
        header: "序号",
        cell: |_, n, _, _| n.to_string(),
    },
    MaterialColumn {
        header: "材料名称",
        cell: |_, _, m, _| m.name.clone(),
    },
    MaterialColumn {
        header: "原件",
        cell: |_, _, m, _| count(m.original),
    },
    MaterialColumn {
        header: "复印件",
        cell: |_, _, m, _| count(m.copy),
    },
    MaterialColumn {
        header: "是否必需",
        cell: |_, _, m, w| w.required(&m.required),
    },
    MaterialColumn {
        header: "材料形式",
        cell: |_, _, m, _| opt(m.form.as_deref()),
    },
    MaterialColumn {
        header: "纸质规格",
        cell: |_, _, m, _| opt(m.spec.as_deref()),
    },
    MaterialColumn {
        header: "来源渠道",
        cell: |_, _, m, _| opt(m.source.as_deref()),
    },
    MaterialColumn {
        header: "填报须知",
        cell: |_, _, m, _| opt(m.instructions.as_deref()),
    },
    MaterialColumn {
        header: "要求提供材料的依据",
        cell: |_, _, m, _| opt(m.basis.as_deref()),
    },
    MaterialColumn {
        header: "备注",
        cell: |_, _, m, _| opt(m.note.as_deref()),
    },
];

/// The items table: headers, then one row per item in site order.
pub fn item_rows(site: &Site, words: &Wording) -> Vec<Vec<String>> {
    let mut rows = vec![ITEM_COLUMNS.iter().map(|c| c.header.to_string()).collect()];
    rows.extend(site.items.iter().map(|i| {
        ITEM_COLUMNS
            .iter()
            .map(|c| (c.cell)(site, i, words))
            .collect()
    }));
    rows
}

/// The materials table: headers, then one row per material, items in site order.
pub fn material_rows(site: &Site, words: &Wording) -> Vec<Vec<String>> {
    let mut rows = vec![
        MATERIAL_COLUMNS
            .iter()
            .map(|c| c.header.to_string())
            .collect(),
    ];
    for item in &site.items {
        for (n, m) in item.materials.iter().enumerate() {
            rows.push(
                MATERIAL_COLUMNS
                    .iter()
                    .map(|c| (c.cell)(item, n + 1, m, words))
                    .collect(),
            );
        }
    }
    rows
}

/// A CSV file, written to `out` row by row: UTF-8 with BOM, CRLF line ends, fields quoted
/// when they hold a comma, a quote or a line break (RFC 4180).
pub fn write_csv(rows: &[Vec<String>], out: &mut dyn Write) -> io::Result<()> {
    out.write_all("\u{FEFF}".as_bytes())?;
    for row in rows {
        for (i, field) in row.iter().enumerate() {
            if i > 0 {
                out.write_all(b",")?;
            }
            if field.contains([',', '"', '\n', '\r']) {
                out.write_all(b"\"")?;
                out.write_all(field.replace('"', "\"\"").as_bytes())?;
                out.write_all(b"\"")?;
            } else {
                out.write_all(field.as_bytes())?;
            }
        }
        out.write_all(b"\r\n")?;
    }
    Ok(())
}

/// A row as a JSON object whose keys keep the column order.
struct Record<'a> {
    headers: &'a [String],
    cells: &'a [String],
    materials: Option<Vec<Record<'a>>>,
}

impl Serialize for Record<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        for (h, c) in self.headers.iter().zip(self.cells) {
            // The nested list takes the place of the materials column's text.
            match &self.materials {
                Some(materials) if h == MATERIALS => map.serialize_entry(h, materials)?,
                _ => map.serialize_entry(h, c)?,
            }
        }
        map.end()
    }
}

/// `data/items.json`: `{"站点": …, "事项": [{column: value, …, "申请材料": [{…}], …}]}` with
/// the same columns as the CSV files, the material records nested in their item. Compact (no
/// indentation): at 1,000 items the indented file would be a fifth larger (5.1 MB, not 4.1).
/// Written to `out` as it is serialized, for the site titled `title` at `url`.
pub fn write_json(title: &str, url: &str, tables: &Tables, out: &mut dyn Write) -> io::Result<()> {
    let no_header = || io::Error::other("no header");
    let (item_headers, item_cells) = tables.items.split_first().ok_or_else(no_header)?;
    let (mat_headers, mat_cells) = tables.materials.split_first().ok_or_else(no_header)?;
    // Material rows follow the items in order; hand each item its own.
    let mut rest = mat_cells;
    let records: Vec<Record> = item_cells
        .iter()
        .zip(&tables.materials_per_item)
        .map(|(cells, &count)| {
            let (mine, others) = rest.split_at(count.min(rest.len()));
            rest = others;
            Record {
                headers: item_headers,
                cells,
                materials: Some(
                    mine.iter()
                        .map(|m| Record {
                            headers: mat_headers,
                            cells: m,
                            materials: None,
                        })
                        .collect(),
                ),
            }
        })
        .collect();
    #[derive(Serialize)]
    struct Document<'a> {
        #[serde(rename = "站点")]
        site: &'a str,
        #[serde(rename = "网址")]
        url: &'a str,
        #[serde(rename = "事项")]
        items: Vec<Record<'a>>,
    }
    let doc = Document {
        site: title,
        url,
        items: records,
    };
    serde_json::to_writer(out, &doc).map_err(io::Error::from)
}

/// The items and materials tables of a site, for `data/items.json`.
pub struct Tables {
    /// [`item_rows`].
    pub items: Vec<Vec<String>>,
    /// [`material_rows`].
    pub materials: Vec<Vec<String>>,
    /// How many material rows each item has, in site order (the JSON nests them).
    pub materials_per_item: Vec<usize>,
}

impl Tables {
    /// Both tables of `site`, worded by `words`.
    pub fn new(site: &Site, words: &Wording) -> Tables {
        Tables {
            items: item_rows(site, words),
            materials: material_rows(site, words),
            materials_per_item: site.items.iter().map(|i| i.materials.len()).collect(),
        }
    }
}

/// One data file of `site` at `path`, made as it is written (see [`crate::output::Stream`]).
///
/// Each file makes the tables it shows and lets them go once it is written, rather than
/// the three sharing one set held to the end of the build: at 10,000 items the tables are
/// 450,000 small strings, and holding them for the whole build cost ~28 MB more at its peak
/// than making the item rows twice costs in time (~0.15 s of CPU, on a core that is
/// otherwise rendering pages).
pub fn streamed(site: &Site, which: DataFile, words: &Wording, path: String) -> OutputFile {
    match which {
        DataFile::ItemsCsv => {
            let rows = item_rows(site, words);
            OutputFile::stream(path, move |out| write_csv(&rows, out))
        }
        DataFile::MaterialsCsv => {
            let rows = material_rows(site, words);
            OutputFile::stream(path, move |out| write_csv(&rows, out))
        }
        DataFile::ItemsJson => {
            let tables = Tables::new(site, words);
            let title = site.config.title.clone();
            let url = site.config.base_url.clone();
            OutputFile::stream(path, move |out| write_json(&title, &url, &tables, out))
        }
    }
}

/// One data file on the open data page.
#[derive(Serialize)]
pub struct DataLink {
    /// URL relative to the site root.
    pub url: String,
    /// File name.
    pub name: &'static str,
    /// What it holds (label key `data_<stem>` worded).
    pub text: String,
    /// How many rows it has (items or materials).
    pub rows: usize,
}

/// The open data page (the template's `data`).
#[derive(Serialize)]
pub struct OpenDataView {
    /// The files.
    pub files: Vec<DataLink>,
    /// The item columns.
    pub item_columns: Vec<&'static str>,
    /// The material columns.
    pub material_columns: Vec<&'static str>,
    /// The newest 更新日期 of any item.
    pub updated: Option<String>,
}

/// The view of the open data page.
pub fn view(site: &Site, words: &Wording) -> OpenDataView {
    let materials: usize = site.items.iter().map(|i| i.materials.len()).sum();
    OpenDataView {
        files: DataFile::ALL
            .iter()
            .map(|f| DataLink {
                url: Route::<&str>::Data(*f).url(),
                name: f.name(),
                text: words.label(match f {
                    DataFile::ItemsCsv => "data_items_csv",
                    DataFile::MaterialsCsv => "data_materials_csv",
                    DataFile::ItemsJson => "data_items_json",
                }),
                rows: match f {
                    DataFile::MaterialsCsv => materials,
                    _ => site.items.len(),
                },
            })
            .collect(),
        item_columns: ITEM_COLUMNS.iter().map(|c| c.header).collect(),
        material_columns: MATERIAL_COLUMNS.iter().map(|c| c.header).collect(),
        updated: site
            .items
            .iter()
            .filter_map(Item::last_updated)
            .max()
            .map(|d| d.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_what_needs_it() {
        let rows = vec![
            vec!["a".to_string(), "b,c".to_string()],
            vec!["say \"hi\"".to_string(), "x\ny".to_string()],
        ];
        assert_eq!(
            String::from_utf8({
                let mut out = Vec::new();
                write_csv(&rows, &mut out).expect("in memory");
                out
            })
            .expect("utf-8"),
            "\u{FEFF}a,\"b,c\"\r\n\"say \"\"hi\"\"\",\"x\ny\"\r\n"
        );
    }

    #[test]
    fn headers_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for c in ITEM_COLUMNS {
            assert!(seen.insert(c.header), "{}", c.header);
        }
    }
}
