//! Planning a print run: which sheets the selection asks for, on which sheet size and profile,
//! and the data and virtual files each template gets (built by [`super::data`]).

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::bulk::{self, Bulk};
use super::data;
use super::{FontChoice, Profile, Sheet};
use crate::content::{Item, Product, Site, Staff, Vocabulary, Window};
use crate::diag::{Diagnostic, Diagnostics, Lang, Location};
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
    /// Trim size.
    pub sheet: Sheet,
    /// What the template gets: its data (without the stamp), virtual files, the date for the
    /// revision stamp, the photos shown and the QR code's address.
    pub parts: data::Parts,
    /// The biggest part of its content, named when the sheet does not fit (E031).
    pub bulk: Option<Bulk>,
}

/// Settings shared by all sheets of a build.
pub struct PrintSettings {
    /// offset or large-format.
    pub profile: Profile,
    /// Sheet per product.
    pub sheets: BTreeMap<Product, Sheet>,
    /// The site language: Typst breaks lines and picks punctuation by it.
    pub lang: Lang,
    /// Which fonts print the text (`print.fonts`; the bundled family by default).
    pub fonts: FontChoice,
    /// The site folder, to point a character no font has at the line that holds it.
    pub site_root: PathBuf,
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
        let fonts = site
            .config
            .print_fonts
            .as_ref()
            .map(|(text, _)| FontChoice::parse(text, &site.root))
            .unwrap_or_default();
        Ok(PrintSettings {
            profile,
            sheets,
            fonts,
            site_root: site.root.clone(),
            lang: site.config.language,
        })
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
    let mut push = |product: Product,
                    id: &str,
                    label: &str,
                    file: &str,
                    parts: data::Parts,
                    bulk: Option<Bulk>| {
        jobs.push(SheetJob {
            product,
            path: format!("{}{}", selection.prefix, routes::sheet(product, id)),
            label: label.to_string(),
            source_file: file.to_string(),
            sheet: settings.sheets.get(&product).copied().unwrap_or(Sheet::A4),
            parts,
            bulk,
        });
    };
    type Of<T> = fn(&Site, &T, &Wording) -> data::Parts;
    type OfSite = fn(&Site, &Wording) -> data::Parts;
    let per_window: [(Product, Of<Window>); 2] = [
        (Product::WindowBoard, data::window_board),
        (Product::WindowSign, data::window_sign),
    ];
    for window in site.windows.iter().filter(|w| in_window(&w.source.id)) {
        let (id, label, file) = (&window.source.id, &window.name.value, &window.source.file);
        for (product, make) in per_window.into_iter().filter(|(p, _)| wanted(*p)) {
            let bulk = bulk::of_window(site, window, product);
            push(product, id, label, file, make(site, window, words), bulk);
        }
    }
    let per_item: [(Product, Of<Item>); 2] = [
        (Product::Guide, data::guide),
        (Product::Handout, data::handout),
    ];
    for item in site.items.iter().filter(|i| in_window(&i.window.value)) {
        let (id, label, file) = (&item.source.id, &item.name.value, &item.source.file);
        for (product, make) in per_item.into_iter().filter(|(p, _)| wanted(*p)) {
            let bulk = bulk::of_item(item, product);
            push(product, id, label, file, make(site, item, words), bulk);
        }
    }
    let staff_in = |s: &Staff| s.window.as_ref().is_none_or(|w| in_window(&w.value));
    if wanted(Product::StaffCard) {
        for staff in site.staff.iter().filter(|s| staff_in(s)) {
            let (id, label, file) = (&staff.source.id, &staff.name.value, &staff.source.file);
            push(
                Product::StaffCard,
                id,
                label,
                file,
                data::staff_card(site, staff, words),
                bulk::of_staff(staff),
            );
        }
    }
    // The site-wide boards, titled in the site language.
    let per_site: [(Product, bool, OfSite); 2] = [
        (
            Product::StaffBoard,
            !site.staff.is_empty(),
            data::staff_board,
        ),
        (Product::FeeBoard, !site.items.is_empty(), data::fee_board),
    ];
    if selection.window.is_none() {
        for (product, any, make) in per_site {
            if wanted(product) && any {
                let title = words.label(&format!("product_{}", product.key()));
                let bulk = bulk::of_site(site, product);
                push(product, "all", &title, "site.yaml", make(site, words), bulk);
            }
        }
    }
    jobs
}
