//! Planning a print run: which sheets the selection asks for, on which sheet size and profile,
//! and the data and virtual files each template gets (built by [`super::data`]).

use std::collections::BTreeMap;

use serde_json::Value;

use super::data;
use super::{Profile, Sheet};
use crate::content::{Date, Product, Site, Vocabulary};
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::msg;
use crate::present::Wording;
use crate::routes;

/// Which sheets to make (`gongshi print --only … --window …`) and where they go.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Folder of the sheets inside the output: `print/` for `build`, empty for `print`.
    pub prefix: String,
    /// Only these products (all when empty).
    pub products: Vec<Product>,
    /// Only sheets about this window (its board, sign, items and staff).
    pub window: Option<String>,
}

/// One sheet to render.
#[derive(Debug, Clone)]
pub struct SheetJob {
    /// Which product.
    pub product: Product,
    /// Output path under OUT (`print/guide/gjj-loan.pdf`).
    pub path: String,
    /// What it shows (a window, item or staff name), for the index and messages.
    pub label: String,
    /// The content file it mostly shows, for diagnostics.
    pub source_file: String,
    /// Template data (without the stamp).
    pub data: Value,
    /// Virtual files: photos, QR code, flowchart.
    pub files: Vec<(String, Vec<u8>)>,
    /// Trim size.
    pub sheet: Sheet,
    /// Newest date of the content shown, for the revision stamp.
    pub date: Option<Date>,
    /// Staff photos shown, for the resolution check.
    pub photos: Vec<data::PhotoUse>,
    /// The public address in the sheet's QR code, if it has one.
    pub qr_url: Option<String>,
}

/// Settings shared by all sheets of a build.
pub struct PrintSettings {
    /// offset or large-format.
    pub profile: Profile,
    /// Sheet per product.
    pub sheets: BTreeMap<Product, Sheet>,
}

/// Reads profile and sheets from site.yaml, reporting bad sheet sizes at their line.
pub fn settings(site: &Site) -> Result<PrintSettings, Diagnostics> {
    let mut diags = Diagnostics::new();
    let profile = site.config.print_profile;
    let mut sheets = BTreeMap::new();
    for &product in Product::ALL {
        let (text, pos) = match site.config.print_sheets.get(&product) {
            Some((t, p)) => (t.as_str(), Some(*p)),
            None => (product.default_sheet(), None),
        };
        match text.parse::<Sheet>() {
            Ok(sheet) => {
                sheets.insert(product, sheet);
            }
            Err(e) => {
                let at = pos.map_or_else(|| Location::file("site.yaml"), |p| p.at("site.yaml"));
                diags.push(
                    Diagnostic::error(
                        "E030",
                        at,
                        msg!(
                            "`{text}` is not a sheet size: {e}",
                            "“{text}”不是有效的纸张尺寸：{e}",
                            "「{text}」不是有效的紙張尺寸：{e}"
                        ),
                    )
                    .with_help(msg!(
                        "write A0–A5 or a size like 600x900mm, optionally followed by `landscape`",
                        "请写 A0–A5，或“宽x高mm”（如 600x900mm），可加 landscape 表示横放",
                        "請寫 A0–A5，或「寬x高mm」（如 600x900mm），可加 landscape 表示橫放"
                    )),
                );
            }
        }
    }
    if diags.is_empty() {
        Ok(PrintSettings { profile, sheets })
    } else {
        Err(diags)
    }
}

/// Plans every sheet of the selection.
pub fn plan(
    site: &Site,
    settings: &PrintSettings,
    selection: &Selection,
    words: &Wording,
) -> Vec<SheetJob> {
    let wanted = |p: Product| selection.products.is_empty() || selection.products.contains(&p);
    let in_window = |w: &str| selection.window.as_deref().is_none_or(|s| s == w);
    let mut jobs = Vec::new();
    // One sheet of `product` about record `id` (from `file`), titled `label`.
    let mut push = |product: Product, id: &str, label: &str, file: &str, parts: data::Parts| {
        let sheet = settings.sheets.get(&product).copied().unwrap_or(Sheet::A4);
        jobs.push(job(
            &selection.prefix,
            product,
            id,
            label,
            file,
            parts,
            sheet,
        ));
    };
    for window in site.windows.iter().filter(|w| in_window(&w.source.id)) {
        let (id, label, file) = (&window.source.id, &window.name.value, &window.source.file);
        if wanted(Product::WindowBoard) {
            push(
                Product::WindowBoard,
                id,
                label,
                file,
                data::window_board(site, window, words),
            );
        }
        if wanted(Product::WindowSign) {
            push(
                Product::WindowSign,
                id,
                label,
                file,
                data::window_sign(site, window, words),
            );
        }
    }
    for item in site.items.iter().filter(|i| in_window(&i.window.value)) {
        let (id, label, file) = (&item.source.id, &item.name.value, &item.source.file);
        if wanted(Product::Guide) {
            push(
                Product::Guide,
                id,
                label,
                file,
                data::guide(site, item, words),
            );
        }
        if wanted(Product::Handout) {
            push(
                Product::Handout,
                id,
                label,
                file,
                data::handout(site, item, words),
            );
        }
    }
    let staff_in =
        |s: &crate::content::Staff| s.window.as_ref().is_none_or(|w| in_window(&w.value));
    if wanted(Product::StaffCard) {
        for staff in site.staff.iter().filter(|s| staff_in(s)) {
            let (id, label, file) = (&staff.source.id, &staff.name.value, &staff.source.file);
            push(
                Product::StaffCard,
                id,
                label,
                file,
                data::staff_card(site, staff, words),
            );
        }
    }
    if selection.window.is_none() {
        if wanted(Product::StaffBoard) && !site.staff.is_empty() {
            let title = Product::StaffBoard.title();
            push(
                Product::StaffBoard,
                "all",
                title,
                "site.yaml",
                data::staff_board(site, words),
            );
        }
        if wanted(Product::FeeBoard) && !site.items.is_empty() {
            let title = Product::FeeBoard.title();
            push(
                Product::FeeBoard,
                "all",
                title,
                "site.yaml",
                data::fee_board(site, words),
            );
        }
    }
    jobs
}

fn job(
    prefix: &str,
    product: Product,
    id: &str,
    label: &str,
    source_file: &str,
    parts: data::Parts,
    sheet: Sheet,
) -> SheetJob {
    SheetJob {
        product,
        path: format!("{prefix}{}", routes::sheet(product, id)),
        label: label.to_string(),
        source_file: source_file.to_string(),
        data: parts.data,
        files: parts.files,
        photos: parts.photos,
        qr_url: parts.qr_url,
        sheet,
        date: parts.date,
    }
}
