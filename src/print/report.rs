//! What a print run tells: failures and warnings as diagnostics that name the product, the
//! record and the fix, and the index of the sheets made (the data of the theme's
//! `print.html` page).

use serde_json::{Value, json};

use super::bulk::Cause;
use super::cache::SheetRecord;
use super::plan::{PrintSettings, SheetJob};
use super::{PrintError, Sheet};
use crate::content::{Product, Vocabulary};
use crate::diag::{Diagnostic, Lang, Location};
use crate::msg;
use crate::present::Wording;
use crate::routes;

/// Typst's warnings for a rendered sheet: an unknown font family is an error (the sheet would
/// silently print in another font, E034), every other warning is W131.
pub fn typst_warnings(
    job: &SheetJob,
    template: &str,
    warnings: &[String],
) -> Result<Vec<Diagnostic>, Diagnostic> {
    let at = || Location::file(format!("themes/default/print/{template}"));
    if let Some(w) = warnings.iter().find(|w| w.contains("unknown font family")) {
        let (product, title, label) = (job.product.key(), job.product.title(), &job.label);
        return Err(Diagnostic::error(
            "E034",
            at(),
            msg!(
                "{product} for {label}: {w}",
                "“{label}”的{title}：模板使用了未安装的字体（{w}）",
                "「{label}」的{title}：範本使用了未安裝的字型（{w}）"
            ),
        )
        .with_help(msg!(
            "install the font, put it into the site's fonts/ folder, or use a family that `fc-list` shows",
            "请安装该字体，或把字体文件放到站点的 fonts/ 文件夹，或改用 `fc-list` 列出的字体",
            "請安裝該字型，或把字型檔放到站點的 fonts/ 資料夾，或改用 `fc-list` 列出的字型"
        )));
    }
    Ok(warnings
        .iter()
        .map(|w| Diagnostic::warning("W131", at(), msg!("{w}", "{w}", "{w}")))
        .collect())
}

/// A missing print template (E030).
pub fn missing_template(name: &str) -> Diagnostic {
    Diagnostic::error(
        "E030",
        Location::file(format!("themes/default/print/{name}")),
        msg!(
            "the theme has no print template {name}",
            "主题中没有印刷模板 {name}",
            "主題中沒有印刷範本 {name}"
        ),
    )
}

/// A print failure as a diagnostic that names the product, the record and the fix.
pub fn print_error(job: &SheetJob, settings: &PrintSettings, e: PrintError) -> Diagnostic {
    let (product, title, label) = (job.product.key(), job.product.title(), job.label.as_str());
    let file = job.source_file.clone();
    match e {
        PrintError::NoCjkFont { .. } => Diagnostic::error(
            "E032",
            Location::file(file),
            msg!(
                "cannot print {product} for {label}: no font with Chinese characters was found",
                "无法打印“{label}”的{title}：找不到包含中文字符的字体",
                "無法列印「{label}」的{title}：找不到包含中文字元的字型"
            ),
        )
        .with_help(msg!(
            "install Noto CJK (`apt-get install fonts-noto-cjk`) or put a .otf/.ttf CJK font into the site's fonts/ folder",
            "请安装 Noto CJK 字体（apt-get install fonts-noto-cjk），或把中文字体文件（.otf/.ttf）放到站点的 fonts/ 文件夹",
            "請安裝 Noto CJK 字型（apt-get install fonts-noto-cjk），或把中文字型檔（.otf/.ttf）放到站點的 fonts/ 資料夾"
        )),
        PrintError::MissingGlyphs { missing, .. } => {
            let text = missing
                .iter()
                .map(|m| {
                    let codes: Vec<String> =
                        m.chars.chars().map(|c| format!("U+{:04X}", c as u32)).collect();
                    format!("`{}` ({}) in \"{}\"", m.chars, codes.join(" "), m.text)
                })
                .collect::<Vec<_>>()
                .join("; ");
            let first = missing.iter().flat_map(|m| m.chars.chars()).next();
            let at = first
                .and_then(|c| super::locate::find_char(&settings.site_root, &file, c))
                .unwrap_or_else(|| Location::file(file));
            Diagnostic::error(
                "E033",
                at,
                msg!(
                    "{product} for {label}: no font has {text}",
                    "“{label}”的{title}中有字体缺少的字符：{text}",
                    "「{label}」的{title}中有字型缺少的字元：{text}"
                ),
            )
            .with_help(msg!(
                "replace the character, install a font that has it, or add one to the site's fonts/ folder",
                "请替换该字符，或安装包含该字符的字体，或把这种字体放到站点的 fonts/ 文件夹",
                "請替換該字元，或安裝包含該字元的字型，或把這種字型放到站點的 fonts/ 資料夾"
            ))
        }
        PrintError::PageCount { pages, sheet, .. } => overflow(job, Some(pages), sheet),
        PrintError::Compile { errors, .. } if errors.iter().any(|d| d.message.contains("GONGSHI-OVERFLOW")) => {
            overflow(job, None, job.sheet)
        }
        other => {
            let detail = other.to_string();
            Diagnostic::error(
                "E030",
                Location::file(file),
                msg!(
                    "cannot print {product} for {label}: {detail}",
                    "无法打印“{label}”的{title}：{detail}",
                    "無法列印「{label}」的{title}：{detail}"
                ),
            )
        }
    }
}

fn overflow(job: &SheetJob, pages: Option<usize>, sheet: Sheet) -> Diagnostic {
    let (product, title, label) = (job.product.key(), job.product.title(), job.label.as_str());
    let size = format!("{}×{} mm", sheet.width_mm, sheet.height_mm);
    // A guide may run to six sheets and a handout to two: say how many it may have.
    let most = *job.product.pages().end();
    let (sheets_en, sheets_zh) = if most == 1 {
        ("one".to_string(), "一".to_string())
    } else {
        (most.to_string(), format!(" {most} "))
    };
    let plural = if most == 1 { "" } else { "s" };
    let (pages_en, pages_zh) = pages
        .map(|p| (format!(" ({p} pages)"), format!("（需要 {p} 页）")))
        .unwrap_or_default();
    let bigger = match job.product {
        Product::WindowBoard | Product::StaffBoard | Product::FeeBoard => "A0",
        _ => "A2",
    };
    let Some(bulk) = &job.bulk else {
        return Diagnostic::error(
            "E031",
            Location::file(job.source_file.clone()),
            msg!(
                "{product} for {label} does not fit on {sheets_en} {size} sheet{plural}{pages_en}, even at the smallest readable type",
                "“{label}”的{title}在最小可读字号下仍排不进{sheets_zh}张 {size} 的纸{pages_zh}",
                "「{label}」的{title}在最小可讀字號下仍排不進{sheets_zh}張 {size} 的紙{pages_zh}"
            ),
        )
        .with_help(msg!(
            "choose a bigger sheet in site.yaml (print: {{sheets: {{{product}: {bigger}}}}})",
            "请在 site.yaml 中为它选用更大的纸张（print: {{sheets: {{{product}: {bigger}}}}}）",
            "請在 site.yaml 中為它選用更大的紙張（print: {{sheets: {{{product}: {bigger}}}}}）"
        ));
    };
    let (what_en, what_zh, what_tw) = (
        bulk.what.text(Lang::En).to_string(),
        bulk.what.text(Lang::ZhCn).to_string(),
        bulk.what.text(Lang::ZhTw).to_string(),
    );
    let help = match bulk.cause {
        Cause::Text => msg!(
            "shorten {what_en} on the sheet (keep the details on the web page or in a form), or choose a bigger sheet in site.yaml (print: {{sheets: {{{product}: {bigger}}}}})",
            "请精简{what_zh}（详细内容可放在网页或表格中），或在 site.yaml 中选用更大的纸张（print: {{sheets: {{{product}: {bigger}}}}}）",
            "請精簡{what_tw}（詳細內容可放在網頁或表格中），或在 site.yaml 中選用更大的紙張（print: {{sheets: {{{product}: {bigger}}}}}）"
        ),
        Cause::List => msg!(
            "{what_en} need more room: choose a bigger sheet in site.yaml (print: {{sheets: {{{product}: {bigger}}}}})",
            "{what_zh}需要更大的版面：请在 site.yaml 中选用更大的纸张（print: {{sheets: {{{product}: {bigger}}}}}）",
            "{what_tw}需要更大的版面：請在 site.yaml 中選用更大的紙張（print: {{sheets: {{{product}: {bigger}}}}}）"
        ),
    };
    Diagnostic::error(
        "E031",
        bulk.location.clone(),
        msg!(
            "{product} for {label} does not fit on {sheets_en} {size} sheet{plural}{pages_en}, even at the smallest readable type; most of it is {what_en}",
            "“{label}”的{title}在最小可读字号下仍排不进{sheets_zh}张 {size} 的纸{pages_zh}，占篇幅最多的是{what_zh}",
            "「{label}」的{title}在最小可讀字號下仍排不進{sheets_zh}張 {size} 的紙{pages_zh}，佔篇幅最多的是{what_tw}"
        ),
    )
    .with_help(help)
}

/// A sheet whose rendering panicked (a bug in gongshi or Typst): reported like any other
/// failure, naming the sheet, so the rest of the run and the previous output survive.
pub fn panic_error(job: &SheetJob, panic: &(dyn std::any::Any + Send)) -> Diagnostic {
    let detail = panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_default();
    let (product, title, label) = (job.product.key(), job.product.title(), job.label.as_str());
    Diagnostic::error(
        "E030",
        Location::file(job.source_file.clone()),
        msg!(
            "cannot print {product} for {label}: internal error ({detail})",
            "无法打印“{label}”的{title}：内部错误（{detail}）",
            "無法列印「{label}」的{title}：內部錯誤（{detail}）"
        ),
    )
    .with_help(msg!(
        "please report this with the content file named here",
        "请把此信息连同所指的内容文件报告给 gongshi 开发者",
        "請把此資訊連同所指的內容檔案報告給 gongshi 開發者"
    ))
}

/// The resolution below which a photo looks soft on a board or card.
pub const MIN_PHOTO_DPI: f64 = 150.0;

/// Warnings for the staff photos of a sheet that print under 150 dpi where they print
/// largest (the record says, from the sheet's layout).
pub fn photo_warnings(job: &SheetJob, record: &SheetRecord) -> Vec<Diagnostic> {
    job.parts
        .photos
        .iter()
        .filter_map(|p| {
            let dpi = *record.photo_dpi.get(&p.path)?;
            (dpi < MIN_PHOTO_DPI).then(|| {
                let (name, file, product) = (&p.name, p.file.clone(), job.product.title());
                // A center-wide board's label is its product's title: named once.
                let (on_en, on_zh) = if job.label == product {
                    (product.to_string(), product.to_string())
                } else {
                    let label = &job.label;
                    (
                        format!("{product} ({label})"),
                        format!("{product}（{label}）"),
                    )
                };
                let dpi = dpi.round();
                Diagnostic::warning(
                    "W130",
                    Location::file(file),
                    msg!(
                        "the photo of {name} prints at only {dpi} dpi on the {on_en}",
                        "{name} 的照片印在{on_zh}上只有 {dpi} dpi",
                        "{name} 的照片印在{on_zh}上只有 {dpi} dpi"
                    ),
                )
                .with_help(msg!(
                    "use a sharper photo: at least 150 dpi at its printed size",
                    "请换用更清晰的照片：按印刷尺寸至少 150 dpi",
                    "請換用更清晰的照片：按印刷尺寸至少 150 dpi"
                ))
            })
        })
        .collect()
}

/// A document about the sheets (the print order) that could not be printed (E030).
pub fn document_error(path: &str, e: PrintError) -> Diagnostic {
    let detail = e.to_string();
    Diagnostic::error(
        "E030",
        Location::file(format!("themes/default/print/{}", e.template())),
        msg!(
            "cannot print {path}: {detail}",
            "无法打印 {path}：{detail}",
            "無法列印 {path}：{detail}"
        ),
    )
}

/// The data of the print index page (`print.html`, variable `print`): the profile and, per
/// product, its title in the site language, its sheet size and every sheet with its thumbnail,
/// linked relative to the index (which sits in the print folder `prefix`).
pub fn index(prefix: &str, jobs: &[SheetJob], settings: &PrintSettings, words: &Wording) -> Value {
    let mut groups = Vec::new();
    for &product in Product::ALL {
        let list: Vec<&SheetJob> = jobs.iter().filter(|j| j.product == product).collect();
        if list.is_empty() {
            continue;
        }
        let size = settings
            .sheets
            .get(&product)
            .map(|s| format!("{}×{} mm", s.width_mm, s.height_mm))
            .unwrap_or_default();
        let sheets: Vec<Value> = list
            .iter()
            .map(|job| {
                let path = job.path.strip_prefix(prefix).unwrap_or(&job.path);
                json!({
                    "url": routes::encode(path),
                    "thumbnail": routes::encode(&routes::thumbnail(path)),
                    "label": job.label,
                })
            })
            .collect();
        groups.push(json!({
            "key": product.key(),
            "title": words.label(&format!("product_{}", product.key())),
            "size": size,
            "sheets": sheets,
        }));
    }
    json!({"profile": settings.profile.name(), "groups": groups})
}
