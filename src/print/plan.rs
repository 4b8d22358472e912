//! Planning a print run: which sheets the selection asks for, on which sheet size and profile,
//! and the data and virtual files each template gets (built by [`super::data`]).

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::bulk::{self, Bulk};
use super::data;
use super::{FontChoice, Profile, Sheet};
use crate::content::{BoardSplit, Item, PdfStandard, Product, Site, Staff, Vocabulary, Window};
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
    /// Only sheets about this window (its board, sign, placard, items and staff).
    pub window: Option<String>,
    /// `--changed-since`: the sheets that differ from this manifest are also written into
    /// `changed/` with a print order of their own.
    pub since: Option<super::cache::Manifest>,
}

/// One sheet to render.
#[derive(Debug, Clone)]
pub struct SheetJob {
    /// Which product.
    pub product: Product,
    /// The record it shows (window, item or staff id; `all`, a department or a floor for
    /// the center-wide boards): its file name and its name in the print order.
    pub record: String,
    /// Output path under OUT (`print/guide/gjj-loan.pdf`).
    pub path: String,
    /// What it shows (a window, item or staff name), for the index and messages.
    pub label: String,
    /// The PDF's document title: the product and what it shows (`窗口公示栏 住房公积金窗口`).
    pub title: String,
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
    /// The PDF standard every sheet conforms to, if any.
    pub standard: Option<PdfStandard>,
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
            standard: site.config.pdf_standard,
        })
    } else {
        Err(diags)
    }
}

/// A part of the center that gets a center-wide board of its own (`print.boards_by`).
pub struct BoardGroup<'a> {
    /// The record name of its sheets: `all`, or the department or floor made file-safe.
    pub id: String,
    /// The department or floor, shown under the board's title; `None` for the whole center.
    pub title: Option<String>,
    /// Its windows, in display order.
    pub windows: Vec<&'a Window>,
}

/// The parts of the center its center-wide boards are split into: the whole center, or one
/// per department or floor of the windows (windows without one form a last group named by
/// the `other` label).
pub fn board_groups<'a>(site: &'a Site, words: &Wording) -> Vec<BoardGroup<'a>> {
    let key = |w: &Window| match site.config.boards_by {
        BoardSplit::Center => None,
        BoardSplit::Department => Some(w.department.clone()),
        BoardSplit::Floor => Some(w.floor.clone()),
    };
    if site.config.boards_by == BoardSplit::Center {
        return vec![BoardGroup {
            id: "all".into(),
            title: None,
            windows: site.windows.iter().collect(),
        }];
    }
    let mut groups: Vec<(Option<String>, Vec<&Window>)> = Vec::new();
    for window in &site.windows {
        let name = key(window).flatten();
        match groups.iter_mut().find(|(n, _)| *n == name) {
            Some((_, list)) => list.push(window),
            None => groups.push((name, vec![window])),
        }
    }
    // Windows without a department or floor come last.
    groups.sort_by_key(|(name, _)| name.is_none());
    let mut used: Vec<String> = Vec::new();
    groups
        .into_iter()
        .map(|(name, windows)| {
            let title = name.unwrap_or_else(|| words.label("board_group_other"));
            let mut id = routes::file_stem(&title);
            let base = id.clone();
            let mut n = 1;
            while used.contains(&id) {
                n += 1;
                id = format!("{base}-{n}");
            }
            used.push(id.clone());
            BoardGroup {
                id,
                title: Some(title),
                windows,
            }
        })
        .collect()
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
        let name = words.label(&format!("product_{}", product.key()));
        let title = if label.starts_with(&name) {
            label.to_string()
        } else {
            format!("{name} {label}")
        };
        jobs.push(SheetJob {
            product,
            record: id.to_string(),
            path: format!("{}{}", selection.prefix, routes::sheet(product, id)),
            label: label.to_string(),
            title,
            source_file: file.to_string(),
            sheet: settings.sheets.get(&product).copied().unwrap_or(Sheet::A4),
            parts,
            bulk,
        });
    };
    type Of<T> = fn(&Site, &T, &Wording) -> Option<data::Parts>;
    let per_window: [(Product, Of<Window>); 3] = [
        (Product::WindowBoard, |s, w, t| {
            Some(data::window_board(s, w, t))
        }),
        (Product::WindowSign, |s, w, t| {
            Some(data::window_sign(s, w, t))
        }),
        (Product::EvaluationPlacard, data::evaluation_placard),
    ];
    for window in site.windows.iter().filter(|w| in_window(&w.source.id)) {
        let (id, label, file) = (&window.source.id, &window.name.value, &window.source.file);
        for (product, make) in per_window.into_iter().filter(|(p, _)| wanted(*p)) {
            if let Some(parts) = make(site, window, words) {
                let bulk = bulk::of_window(site, window, product);
                push(product, id, label, file, parts, bulk);
            }
        }
    }
    let per_item: [(Product, Of<Item>); 3] = [
        (Product::Guide, |s, i, t| Some(data::guide(s, i, t))),
        (Product::Handout, |s, i, t| Some(data::handout(s, i, t))),
        (Product::FlowPoster, data::flow_poster),
    ];
    for item in site.items.iter().filter(|i| in_window(&i.window.value)) {
        let (id, label, file) = (&item.source.id, &item.name.value, &item.source.file);
        for (product, make) in per_item.into_iter().filter(|(p, _)| wanted(*p)) {
            if let Some(parts) = make(site, item, words) {
                let bulk = bulk::of_item(item, product);
                push(product, id, label, file, parts, bulk);
            }
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
    // The center-wide boards, one per group, titled in the site language.
    if selection.window.is_none() {
        type OfGroup = fn(&Site, &BoardGroup, &Wording) -> Option<data::Parts>;
        let per_group: [(Product, OfGroup); 2] = [
            (Product::StaffBoard, data::staff_board),
            (Product::FeeBoard, data::fee_board),
        ];
        let groups = board_groups(site, words);
        for (product, make) in per_group.into_iter().filter(|(p, _)| wanted(*p)) {
            for group in &groups {
                if let Some(parts) = make(site, group, words) {
                    let title = words.label(&format!("product_{}", product.key()));
                    let label = match &group.title {
                        Some(t) => format!("{title} {t}"),
                        None => title,
                    };
                    let file = group
                        .windows
                        .first()
                        .filter(|_| group.title.is_some())
                        .map_or("site.yaml", |w| w.source.file.as_str());
                    let bulk = bulk::of_site(site, product);
                    push(product, &group.id, &label, file, parts, bulk);
                }
            }
        }
    }
    jobs
}
