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
use crate::present::{Labels, Wording};
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

/// The cells of one item's row, in [`ITEM_COLUMNS`] order.
fn item_cells<'s>(
    site: &'s Site,
    item: &'s Item,
    words: &'s Wording,
) -> impl Iterator<Item = String> + 's {
    ITEM_COLUMNS
        .iter()
        .map(move |c| (c.cell)(site, item, words))
}

/// The cells of one material's row (the `n`th of `item`'s), in [`MATERIAL_COLUMNS`] order.
fn material_cells<'s>(
    item: &'s Item,
    n: usize,
    material: &'s Material,
    words: &'s Wording,
) -> impl Iterator<Item = String> + 's {
    MATERIAL_COLUMNS
        .iter()
        .map(move |c| (c.cell)(item, n, material, words))
}

/// The BOM that starts every CSV file.
const BOM: &str = "\u{FEFF}";

/// A CSV writer for an open data file: CRLF line ends, fields quoted when they hold a comma,
/// a quote or a line break (RFC 4180). The caller writes the BOM first.
fn csv_writer(out: &mut dyn Write) -> csv::Writer<&mut dyn Write> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out)
}

/// `data/items.csv`: the headers, then one row per item in site order, each made as it is
/// written (no table of the whole site is ever held).
pub fn write_items_csv(site: &Site, words: &Wording, out: &mut dyn Write) -> io::Result<()> {
    out.write_all(BOM.as_bytes())?;
    let mut csv = csv_writer(out);
    csv.write_record(ITEM_COLUMNS.iter().map(|c| c.header))?;
    for item in &site.items {
        csv.write_record(item_cells(site, item, words))?;
    }
    csv.flush()
}

/// `data/materials.csv`: the headers, then one row per material, items in site order.
pub fn write_materials_csv(site: &Site, words: &Wording, out: &mut dyn Write) -> io::Result<()> {
    out.write_all(BOM.as_bytes())?;
    let mut csv = csv_writer(out);
    csv.write_record(MATERIAL_COLUMNS.iter().map(|c| c.header))?;
    for item in &site.items {
        for (n, m) in item.materials.iter().enumerate() {
            csv.write_record(material_cells(item, n + 1, m, words))?;
        }
    }
    csv.flush()
}

/// One item of `items.json`: an object whose keys keep the column order, with the item's
/// material records in place of the materials column's text. Its cells are made as it is
/// serialized.
struct ItemRecord<'s> {
    site: &'s Site,
    item: &'s Item,
    words: &'s Wording<'s>,
}

impl Serialize for ItemRecord<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(ITEM_COLUMNS.len()))?;
        for column in ITEM_COLUMNS {
            if column.header == MATERIALS {
                map.serialize_entry(column.header, &MaterialRecords(self.item, self.words))?;
            } else {
                let cell = (column.cell)(self.site, self.item, self.words);
                map.serialize_entry(column.header, &cell)?;
            }
        }
        map.end()
    }
}

/// The material records of one item, in its order.
struct MaterialRecords<'s>(&'s Item, &'s Wording<'s>);

impl Serialize for MaterialRecords<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let MaterialRecords(item, words) = *self;
        serializer.collect_seq(
            item.materials
                .iter()
                .enumerate()
                .map(|(n, m)| MaterialRecord {
                    item,
                    n: n + 1,
                    material: m,
                    words,
                }),
        )
    }
}

/// One material of `items.json`, keyed by the [`MATERIAL_COLUMNS`] headers.
struct MaterialRecord<'s> {
    item: &'s Item,
    n: usize,
    material: &'s Material,
    words: &'s Wording<'s>,
}

impl Serialize for MaterialRecord<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(
            MATERIAL_COLUMNS
                .iter()
                .map(|c| c.header)
                .zip(material_cells(self.item, self.n, self.material, self.words)),
        )
    }
}

/// Every item of the site, serialized one record at a time.
struct ItemRecords<'s>(&'s Site, &'s Wording<'s>);

impl Serialize for ItemRecords<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let ItemRecords(site, words) = *self;
        serializer.collect_seq(
            site.items
                .iter()
                .map(|item| ItemRecord { site, item, words }),
        )
    }
}

/// `data/items.json`: `{"站点": …, "网址": …, "事项": [{column: value, …, "申请材料": [{…}],
/// …}]}` with the same columns as the CSV files, the material records nested in their item.
/// Compact (no indentation): at 1,000 items the indented file would be a fifth larger
/// (5.1 MB, not 4.1). Each record is made as it is serialized to `out`.
pub fn write_items_json(site: &Site, words: &Wording, out: &mut dyn Write) -> io::Result<()> {
    #[derive(Serialize)]
    struct Document<'a> {
        #[serde(rename = "站点")]
        site: &'a str,
        #[serde(rename = "网址")]
        url: &'a str,
        #[serde(rename = "事项")]
        items: ItemRecords<'a>,
    }
    let doc = Document {
        site: &site.config.title,
        url: &site.config.base_url,
        items: ItemRecords(site, words),
    };
    serde_json::to_writer(out, &doc).map_err(io::Error::from)
}

/// One data file of `site` at `path`, made from the site as it is written (see
/// [`crate::output::Stream`]): the file borrows the site, and no table of the whole site is
/// made. (Tables made first were 450,000 small strings at 10,000 items, and at 100,000
/// items 165 MB of the build's peak.) The wording is the site language's `labels`.
pub fn streamed(site: &Site, which: DataFile, labels: Labels, path: String) -> OutputFile<'_> {
    let write: fn(&Site, &Wording, &mut dyn Write) -> io::Result<()> = match which {
        DataFile::ItemsCsv => write_items_csv,
        DataFile::MaterialsCsv => write_materials_csv,
        DataFile::ItemsJson => write_items_json,
    };
    OutputFile::stream(path, move |out| {
        write(site, &Wording::new(site.config.language, &labels), out)
    })
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
        let mut out = Vec::new();
        let mut csv = csv_writer(&mut out);
        csv.write_record(["a", "b,c"]).expect("in memory");
        csv.write_record(["say \"hi\"", "x\ny"]).expect("in memory");
        csv.flush().expect("in memory");
        drop(csv);
        assert_eq!(
            String::from_utf8(out).expect("utf-8"),
            "a,\"b,c\"\r\n\"say \"\"hi\"\"\",\"x\ny\"\r\n"
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
