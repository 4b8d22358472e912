//! The print order (印刷清单): one line per sheet for the print shop and the center's files —
//! product, record, file, finished size, bleed, pages, quantity, material, finish, revision and
//! whether it changed since the run it is compared with — with totals per material and size.
//! Written as `order.csv` (UTF-8 with BOM, for Excel) and as `order.pdf` (A4, the theme's
//! `print/order.typ`). Quantities and materials come from site.yaml `print.order`, else each
//! product's defaults, worded in the site language.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::Sheet;
use super::cache::{Manifest, SheetRecord};
use super::plan::{PrintSettings, SheetJob};
use crate::content::{Config, Product, Vocabulary};
use crate::present::Wording;

/// Whether a sheet differs from the run it is compared with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Change {
    /// Not in that run.
    New,
    /// In that run with other content.
    Changed,
    /// The same as in that run.
    Unchanged,
}

impl Change {
    /// The word in the CSV and on the order sheet, in the site language.
    pub fn word(self, words: &Wording) -> String {
        words.label(match self {
            Change::New => "order_new",
            Change::Changed => "order_changed",
            Change::Unchanged => "order_unchanged",
        })
    }

    /// The sheet's change against `baseline` (a manifest, any print folder).
    pub fn of(rel: &str, hash: &str, baseline: &Manifest) -> Change {
        match baseline.find(rel) {
            None => Change::New,
            Some(r) if r.hash == hash => Change::Unchanged,
            Some(_) => Change::Changed,
        }
    }
}

/// One sheet of the order.
#[derive(Debug, Clone)]
pub struct Line {
    /// The product.
    pub product: Product,
    /// The record it shows (file name).
    pub record: String,
    /// What it shows, by name.
    pub label: String,
    /// The PDF, relative to the print folder (`window_board/gjj.pdf`).
    pub file: String,
    /// Finished (trim) size.
    pub sheet: Sheet,
    /// Bleed on each side, in millimetres.
    pub bleed_mm: f64,
    /// Pages of the PDF (each page is one sheet on the wall, or one side of a handout).
    pub pages: usize,
    /// Copies.
    pub quantity: u32,
    /// What it is printed on.
    pub material: String,
    /// Finishing.
    pub finish: String,
    /// The revision stamp printed on it: date and short content hash.
    pub revision: String,
    /// The full content hash.
    pub hash: String,
    /// Whether it changed.
    pub change: Change,
}

impl Line {
    /// `600×900 mm`.
    pub fn size(&self) -> String {
        format!("{}×{} mm", self.sheet.width_mm, self.sheet.height_mm)
    }

    /// The stable name of the sheet in an archive: product, record and revision
    /// (`window_board/gjj_2026-05-01_1a2b3c4d.pdf`).
    pub fn archive_name(&self) -> String {
        let revision = self.revision.replace(" · ", "_").replace(' ', "_");
        format!(
            "{}/{}_{revision}.pdf",
            self.product.key(),
            crate::routes::file_stem(&self.record)
        )
    }
}

/// The revision stamp of a sheet: its content date (if any) and the first 8 hex digits of its
/// hash, as printed at its foot.
pub fn revision(job: &SheetJob, hash: &str) -> String {
    let short = &hash[..hash.len().min(8)];
    match job.parts.date {
        Some(d) => format!("{d} · {short}"),
        None => short.to_string(),
    }
}

/// The order lines of the printed sheets (`records` in job order), each compared with
/// `baseline`; paths are made relative to the print folder `prefix`.
pub fn lines(
    jobs: &[SheetJob],
    records: &[SheetRecord],
    baseline: &Manifest,
    prefix: &str,
    settings: &PrintSettings,
    config: &Config,
    words: &Wording,
) -> Vec<Line> {
    jobs.iter()
        .zip(records)
        .map(|(job, record)| {
            let file = job
                .path
                .strip_prefix(prefix)
                .unwrap_or(&job.path)
                .to_string();
            let ordered = config.print_order.get(&job.product);
            let (material_key, finish_key) = job.product.default_order_labels();
            Line {
                product: job.product,
                record: job.record.clone(),
                label: job.label.clone(),
                change: Change::of(&file, &record.hash, baseline),
                file,
                sheet: job.sheet,
                bleed_mm: settings.profile.bleed_mm(),
                pages: record.pages,
                quantity: ordered
                    .and_then(|o| o.quantity)
                    .unwrap_or_else(|| job.product.default_quantity()),
                material: ordered
                    .and_then(|o| o.material.clone())
                    .unwrap_or_else(|| words.label(&material_key)),
                finish: ordered
                    .and_then(|o| o.finish.clone())
                    .unwrap_or_else(|| words.label(&finish_key)),
                revision: revision(job, &record.hash),
                hash: record.hash.clone(),
            }
        })
        .collect()
}

/// What one material in one size adds up to.
#[derive(Debug, Clone, PartialEq)]
pub struct Total {
    /// The material.
    pub material: String,
    /// The finished size (`600×900 mm`).
    pub size: String,
    /// Printed sheets: copies × pages, summed.
    pub sheets: u64,
    /// Their area in square metres.
    pub area_m2: f64,
}

/// Totals per material and size, in order of first appearance.
pub fn totals(lines: &[Line]) -> Vec<Total> {
    let mut totals: Vec<Total> = Vec::new();
    for line in lines {
        let size = line.size();
        let sheets = u64::from(line.quantity) * line.pages as u64;
        let area = sheets as f64 * line.sheet.width_mm * line.sheet.height_mm / 1e6;
        match totals
            .iter_mut()
            .find(|t| t.material == line.material && t.size == size)
        {
            Some(t) => {
                t.sheets += sheets;
                t.area_m2 += area;
            }
            None => totals.push(Total {
                material: line.material.clone(),
                size,
                sheets,
                area_m2: area,
            }),
        }
    }
    totals
}

/// The column headings, in the site language.
fn headings(words: &Wording) -> Vec<String> {
    [
        "order_product",
        "order_record",
        "order_file",
        "order_size",
        "order_bleed",
        "order_pages",
        "order_quantity",
        "order_material",
        "order_finish",
        "revision",
        "order_change",
    ]
    .iter()
    .map(|k| words.label(k))
    .collect()
}

/// `order.csv`: a UTF-8 byte order mark (Excel reads Chinese right), the headings, one row
/// per sheet, a blank row and the totals per material and size.
pub fn csv(lines: &[Line], words: &Wording) -> Vec<u8> {
    let mut out = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(b"\xEF\xBB\xBF".to_vec());
    let _ = out.write_record(headings(words));
    for l in lines {
        let _ = out.write_record([
            words.label(&format!("product_{}", l.product.key())),
            l.label.clone(),
            l.file.clone(),
            l.size(),
            format!("{} mm", l.bleed_mm),
            l.pages.to_string(),
            l.quantity.to_string(),
            l.material.clone(),
            l.finish.clone(),
            l.revision.clone(),
            l.change.word(words),
        ]);
    }
    let _ = out.write_record([""]);
    let _ = out.write_record([
        words.label("order_totals"),
        words.label("order_material"),
        words.label("order_size"),
        words.label("order_sheets"),
        words.label("order_area"),
    ]);
    for t in totals(lines) {
        let _ = out.write_record([
            String::new(),
            t.material,
            t.size,
            t.sheets.to_string(),
            format!("{:.2}", t.area_m2),
        ]);
    }
    out.into_inner().unwrap_or_default()
}

/// The data of `order.typ`: the center, the rows (grouped by product, with their title), the
/// totals and how many sheets changed.
pub fn data(lines: &[Line], words: &Wording, title: &str, site_title: &str) -> Value {
    let mut groups: BTreeMap<usize, (Product, Vec<Value>)> = BTreeMap::new();
    for l in lines {
        let rank = Product::ALL
            .iter()
            .position(|p| *p == l.product)
            .unwrap_or(0);
        groups
            .entry(rank)
            .or_insert((l.product, Vec::new()))
            .1
            .push(json!({
                "label": l.label,
                "file": l.file,
                "size": l.size(),
                "bleed": format!("{}", l.bleed_mm),
                "pages": l.pages,
                "quantity": l.quantity,
                "material": l.material,
                "finish": l.finish,
                "revision": l.revision,
                "change": l.change.word(words),
                "changed": l.change != Change::Unchanged,
            }));
    }
    let count = |c: Change| lines.iter().filter(|l| l.change == c).count();
    json!({
        "title": title,
        "site": {"title": site_title},
        "groups": groups.into_values().map(|(p, rows)| json!({
            "title": words.label(&format!("product_{}", p.key())),
            "rows": rows,
        })).collect::<Vec<_>>(),
        "totals": totals(lines).into_iter().map(|t| json!({
            "material": t.material,
            "size": t.size,
            "sheets": t.sheets,
            "area": format!("{:.2}", t.area_m2),
        })).collect::<Vec<_>>(),
        "count": {
            "sheets": lines.len(),
            "new": count(Change::New),
            "changed": count(Change::Changed),
            "unchanged": count(Change::Unchanged),
        },
    })
}
