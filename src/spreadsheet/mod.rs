//! Spreadsheets in and out: `gongshi import` reads a 政务服务事项实施清单 (Excel, ODS or CSV)
//! into one YAML file per item, `gongshi export` writes the items back in the same layout.
//! This sits beside the loader, never inside it: it writes content files and then asks the
//! loader and the checks about them like any other edit.

pub mod cells;
pub mod columns;
pub mod export;
mod fees;
mod ids;
pub mod import;
mod materials;
mod report;
mod rows;
pub mod table;
pub mod write;
pub mod yaml_out;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::content::{Record, Site};
use crate::diag::{Diagnostic, Diagnostics, Lang, Location};
use crate::msg;
use columns::{Layout, Mapping, SheetKind};
use import::{Existing, Imported};
use write::Outcome;

pub use report::{print_export, print_failure, print_import, still_to_fill};

/// What `gongshi import` was asked to do.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// The workbook or CSV file.
    pub file: PathBuf,
    /// The site folder.
    pub site: PathBuf,
    /// A mapping file that overrides or adds header mappings.
    pub map: Option<PathBuf>,
    /// Report only; write nothing.
    pub dry_run: bool,
    /// Replace files that differ from what the import writes.
    pub force: bool,
    /// Message language (default: the site's).
    pub lang: Option<Lang>,
}

/// A finished import: the files and what happened to each, and every problem.
pub struct ImportReport {
    /// Each item's file and outcome, in row order.
    pub files: Vec<(Imported, Outcome)>,
    /// Problems with the workbook's cells, rows and columns (and conflicts).
    pub diagnostics: Diagnostics,
    /// Problems `check` finds in the site afterwards (what staff must still fill in).
    pub check: Diagnostics,
    /// The message language.
    pub lang: Lang,
    /// One line per sheet read: `工作表“事项”：表头在第 3 行，42 个事项`.
    pub sheets: Vec<String>,
}

impl ImportReport {
    /// Exit code as `check`: 1 when the import or the site has errors, else 0.
    pub fn exit_code(&self) -> u8 {
        u8::from(self.diagnostics.has_errors() || self.check.has_errors())
    }
}

fn not_a_site(root: &Path) -> Option<Diagnostic> {
    if root.join("site.yaml").is_file() {
        return None;
    }
    let dir = root.display();
    Some(
        Diagnostic::error(
            "E020",
            Location::file(dir.to_string()),
            msg!(
                "no site.yaml in {dir}: this is not a gongshi site",
                "{dir} 中没有 site.yaml，不是 gongshi 站点",
                "{dir} 中沒有 site.yaml，不是 gongshi 站點"
            ),
        )
        .with_help(msg!(
            "run `gongshi init DIR` first, then import into DIR",
            "请先运行 `gongshi init 目录` 新建站点，再导入到该目录",
            "請先執行 `gongshi init 目錄` 新建站點，再匯入到該目錄"
        )),
    )
}

/// Why an import or export could not start: a usage problem (exit 2).
pub enum Failure {
    /// Not a site, unreadable workbook, no item sheet, a bad mapping file.
    Usage(Diagnostics, Lang),
    /// The site has content errors (export refuses to write a partial list).
    Content(Diagnostics, Lang),
    /// Writing failed.
    Io(String, Lang),
}

fn usage(d: Diagnostic, lang: Lang) -> Failure {
    Failure::Usage(std::iter::once(d).collect(), lang)
}

/// Reads the workbook and the mapping file and finds the sheets.
fn open(
    options: &ImportOptions,
    lang: Lang,
) -> Result<(table::Workbook, Mapping, columns::Sheets), Failure> {
    let map = match &options.map {
        Some(path) => columns::read_mapping(path).map_err(|d| Failure::Usage(d, lang))?,
        None => Mapping::default(),
    };
    let book = table::read(&options.file).map_err(|d| usage(d, lang))?;
    let sheets = columns::find_sheets(&book, &map).map_err(|d| usage(d, lang))?;
    Ok((book, map, sheets))
}

fn site_lang(root: &Path, over: Option<Lang>) -> Lang {
    over.unwrap_or_else(|| {
        if root.join("site.yaml").is_file() {
            crate::content::load::load_site_config(root).0.language
        } else {
            Lang::default()
        }
    })
}

/// Imports a workbook into the site: reads, converts, writes (unless `dry_run`) and checks.
pub fn import(options: &ImportOptions) -> Result<ImportReport, Failure> {
    let root = &options.site;
    let lang = site_lang(root, options.lang);
    if let Some(d) = not_a_site(root) {
        return Err(usage(d, lang));
    }
    let (book, map, sheets) = open(options, lang)?;
    let loaded = crate::content::load::load(root).map_err(|d| usage(d, lang))?;
    let existing = Existing::of(root, &loaded.site.windows, &loaded.site.items);
    let converted = import::convert(&book, &sheets, &map, &existing);
    let mut diagnostics = converted.diagnostics;
    let mut files = Vec::new();
    if !options.dry_run {
        crate::output::remove_stale_temp_files(&root.join("content/items"));
    }
    for item in converted.items {
        let path = root.join(&item.file);
        let bytes = file_bytes(&path, &item);
        let outcome = write::outcome(&path, &bytes, options.force);
        if outcome == Outcome::Conflict {
            diagnostics.push(conflict(&path, &item, &bytes));
        }
        if !options.dry_run && matches!(outcome, Outcome::Created | Outcome::Updated) {
            crate::output::write_file_atomic(&path, &bytes)
                .map_err(|e| Failure::Io(format!("{}: {e}", path.display()), lang))?;
        }
        files.push((item, outcome));
    }
    let check = if options.dry_run {
        check_in_memory(root, loaded.site, &files)
    } else {
        crate::load_and_check(root)
            .map(|c| c.diagnostics)
            .map_err(|d| usage(d, lang))?
    };
    let mut sheet_lines = vec![sheet_line(&book, &sheets.items, files.len(), lang)];
    if let Some(m) = &sheets.materials {
        sheet_lines.push(sheet_line(&book, m, converted.material_rows, lang));
    }
    Ok(ImportReport {
        files,
        diagnostics,
        check,
        lang,
        sheets: sheet_lines,
    })
}

/// E067 for a file that differs from the import, at its first differing line.
fn conflict(path: &Path, item: &Imported, bytes: &[u8]) -> Diagnostic {
    let file = &item.file;
    let row = item.row + 1;
    let old = std::fs::read(path).unwrap_or_default();
    let old = String::from_utf8_lossy(&old);
    let new = String::from_utf8_lossy(bytes);
    let (mut old_lines, mut new_lines) = (old.lines(), new.lines());
    let mut line = 1;
    let (mut was, mut now) = ("", None);
    loop {
        match (old_lines.next(), new_lines.next()) {
            (None, None) => break,
            (a, b) if a == b => line += 1,
            (a, b) => {
                was = a.unwrap_or("");
                now = b.map(str::trim);
                break;
            }
        }
    }
    let now = now.unwrap_or("—");
    let indent = was.chars().take_while(|c| c.is_whitespace()).count();
    Diagnostic::error(
        "E067",
        Location {
            file: file.clone(),
            line,
            column: indent + 1,
            len: was.trim().chars().count(),
        },
        msg!(
            "{file} already exists and differs from what row {row} imports (here the import writes `{now}`); it was left unchanged",
            "{file} 已存在，且与第 {row} 行导入的内容不同（此处导入的是“{now}”），未作改动",
            "{file} 已存在，且與第 {row} 列匯入的內容不同（此處匯入的是「{now}」），未作改動"
        ),
    )
    .with_help(msg!(
        "keep the file as it is, or import again with --force to replace it",
        "如需保留现有文件则无需处理；如需以表格为准，请加 --force 重新导入",
        "如需保留現有檔案則無需處理；如需以表格為準，請加 --force 重新匯入"
    ))
}

/// The bytes that go into the item's file: the YAML, or for an existing Markdown item the
/// YAML as front matter above its unchanged body.
fn file_bytes(path: &Path, item: &Imported) -> Vec<u8> {
    if path.extension().is_some_and(|e| e == "md") {
        let body = std::fs::read(path)
            .ok()
            .and_then(|b| crate::content::yaml::decode(&b, &item.file).ok())
            .and_then(|t| {
                crate::content::yaml::split_front_matter(&t, &item.file)
                    .ok()
                    .map(|f| f.body.to_string())
            })
            .unwrap_or_default();
        return format!("---\n{}---\n{body}", item.yaml).into_bytes();
    }
    item.yaml.clone().into_bytes()
}

/// Checks the site as it would be after the import, without writing (for `--dry-run`).
fn check_in_memory(root: &Path, site: Site, files: &[(Imported, Outcome)]) -> Diagnostics {
    let mut diagnostics = Diagnostics::new();
    let replaced: Vec<&str> = files.iter().map(|(i, _)| i.id.as_str()).collect();
    let mut records: Vec<Record> = Vec::new();
    records.extend(site.windows.into_iter().map(Record::Window));
    records.extend(
        site.items
            .into_iter()
            .filter(|i| !replaced.contains(&i.source.id.as_str()))
            .map(|i| Record::Item(Box::new(i))),
    );
    records.extend(site.staff.into_iter().map(Record::Staff));
    records.extend(site.rules.into_iter().map(Record::Rule));
    records.extend(site.notices.into_iter().map(Record::Notice));
    records.extend(site.pages.into_iter().map(Record::Page));
    records.extend(
        site.unreadable
            .into_iter()
            .map(|(k, id)| Record::Unreadable(k, id)),
    );
    let croot = crate::content::paths::ContentRoot::new(&root.join("content"));
    for (item, _) in files {
        let file = item.file.clone();
        let mut reader = crate::content::reader::Reader::new(&file);
        let record = crate::content::yaml::parse(&item.yaml, &file, 0)
            .map_err(|d| reader.diags.push(d))
            .ok()
            .and_then(|node| {
                let mut ctx = crate::content::convert::ReadCtx {
                    reader: &mut reader,
                    root: &croot,
                };
                let source = crate::content::Source {
                    file: file.clone(),
                    id: item.id.clone(),
                };
                crate::content::convert::item(&node, None, source, &mut ctx)
            });
        diagnostics.extend(reader.diags.into_iter().collect());
        records.push(match record {
            Some(i) => Record::Item(Box::new(i)),
            None => Record::Unreadable(crate::content::Kind::Item, item.id.clone()),
        });
    }
    let site = Site::assemble(root.to_path_buf(), site.config, records);
    diagnostics.extend(crate::check::check(&site));
    diagnostics.sort();
    diagnostics
}

fn sheet_line(book: &table::Workbook, layout: &Layout, count: usize, lang: Lang) -> String {
    let name = &book.sheets[layout.sheet].name;
    let row = layout.header_row + 1;
    let file = &book.file;
    let materials = layout
        .columns
        .iter()
        .any(|c| c.target == Some(columns::Target::Material("name")));
    match (lang, book.is_csv, materials) {
        (Lang::En, true, _) => format!("{file}: headers on row {row}, {count} items"),
        (Lang::En, false, false) => {
            format!("{file}, sheet {name}: headers on row {row}, {count} items")
        }
        (Lang::En, false, true) => {
            format!("{file}, sheet {name}: headers on row {row}, {count} materials")
        }
        (Lang::ZhCn, true, _) => format!("{file}：表头在第 {row} 行，{count} 个事项"),
        (Lang::ZhCn, false, false) => {
            format!("{file} 工作表“{name}”：表头在第 {row} 行，{count} 个事项")
        }
        (Lang::ZhCn, false, true) => {
            format!("{file} 工作表“{name}”：表头在第 {row} 行，{count} 项材料")
        }
        (Lang::ZhTw, true, _) => format!("{file}：表頭在第 {row} 列，{count} 個事項"),
        (Lang::ZhTw, false, false) => {
            format!("{file} 工作表「{name}」：表頭在第 {row} 列，{count} 個事項")
        }
        (Lang::ZhTw, false, true) => {
            format!("{file} 工作表「{name}」：表頭在第 {row} 列，{count} 項材料")
        }
    }
}

/// The text of `gongshi import --print-map`: for each sheet read, its header row and what
/// each column maps to.
pub fn print_map(options: &ImportOptions) -> Result<String, Failure> {
    let lang = site_lang(&options.site, options.lang);
    let (book, _, sheets) = open(options, lang)?;
    let mut out = String::new();
    let _ = writeln!(out, "{}", book.file);
    let mut layouts = vec![(&sheets.items, SheetKind::Items)];
    if let Some(m) = &sheets.materials {
        layouts.push((m, SheetKind::Materials));
    }
    for (layout, kind) in layouts {
        let name = &book.sheets[layout.sheet].name;
        let row = layout.header_row + 1;
        let what = match (kind, lang) {
            (SheetKind::Items, Lang::En) => "items",
            (SheetKind::Materials, Lang::En) => "materials",
            (SheetKind::Items, _) => "事项",
            (SheetKind::Materials, _) => "申请材料",
        };
        let _ = writeln!(
            out,
            "{}",
            match lang {
                Lang::En => format!("sheet {name} ({what}): headers on row {row}"),
                Lang::ZhCn => format!("工作表“{name}”（{what}）：表头在第 {row} 行"),
                Lang::ZhTw => format!("工作表「{name}」（{what}）：表頭在第 {row} 列"),
            }
        );
        for c in &layout.columns {
            let letter = table::column_name(c.index);
            let header = c.header.replace('\n', " ");
            let meaning = match (c.target, c.shadowed_by) {
                (None, _) => match lang {
                    Lang::En => "not imported (no key)".to_string(),
                    Lang::ZhCn => "未导入（没有对应的键）".to_string(),
                    Lang::ZhTw => "未匯入（沒有對應的鍵）".to_string(),
                },
                (Some(t), Some(first)) => {
                    let first = table::column_name(first);
                    match lang {
                        Lang::En => format!("{} — not read, column {first} gives it", t.name()),
                        Lang::ZhCn => format!("{} — 未读取，已由 {first} 列提供", t.name()),
                        Lang::ZhTw => format!("{} — 未讀取，已由 {first} 欄提供", t.name()),
                    }
                }
                (Some(columns::Target::Ignore), None) => match lang {
                    Lang::En => "ignored".to_string(),
                    _ => "忽略".to_string(),
                },
                (Some(t), None) => {
                    let unit = c
                        .unit
                        .as_ref()
                        .filter(|_| matches!(t, columns::Target::Limit(_)))
                        .map(|u| format!(" [{u}]"))
                        .unwrap_or_default();
                    format!("{}（{}）{unit}", t.name(), t.alias())
                }
            };
            let _ = writeln!(out, "  {letter:<3} {header}  →  {meaning}");
        }
    }
    let skipped: Vec<&str> = sheets
        .skipped
        .iter()
        .map(|i| book.sheets[*i].name.as_str())
        .collect();
    if !skipped.is_empty() {
        let list = skipped.join(", ");
        let _ = writeln!(
            out,
            "{}",
            match lang {
                Lang::En => format!("sheets not read: {list}"),
                Lang::ZhCn => format!("未读取的工作表：{list}"),
                Lang::ZhTw => format!("未讀取的工作表：{list}"),
            }
        );
    }
    Ok(out)
}

/// What `gongshi export` was asked to do.
#[derive(Debug, Clone)]
pub struct ExportOptions {
    /// The site folder.
    pub site: PathBuf,
    /// The file to write (`.xlsx` or `.csv`); default `SITE/实施清单.xlsx`.
    pub out: Option<PathBuf>,
    /// Message language (default: the site's).
    pub lang: Option<Lang>,
}

/// What an export wrote.
pub struct Exported {
    /// The file written.
    pub path: PathBuf,
    /// Items written.
    pub items: usize,
    /// Material rows written.
    pub materials: usize,
    /// Warnings of the site (exported anyway).
    pub warnings: Diagnostics,
    /// The message language.
    pub lang: Lang,
}

/// Writes the site's items (and materials) as a 实施清单 workbook or CSV file. A site with
/// content errors is not exported (the list would be incomplete).
pub fn export(options: &ExportOptions) -> Result<Exported, Failure> {
    let root = &options.site;
    let lang = site_lang(root, options.lang);
    if let Some(d) = not_a_site(root) {
        return Err(usage(d, lang));
    }
    let checked = crate::load_and_check(root).map_err(|d| usage(d, lang))?;
    if checked.diagnostics.has_errors() {
        return Err(Failure::Content(checked.diagnostics, lang));
    }
    let site = checked.site;
    let path = options
        .out
        .clone()
        .unwrap_or_else(|| root.join("实施清单.xlsx"));
    let bytes = if export::is_csv(&path) {
        export::csv(&site).map_err(|e| Failure::Io(e.to_string(), lang))?
    } else {
        export::xlsx(&site).map_err(|e| Failure::Io(e.to_string(), lang))?
    };
    crate::output::write_file_atomic(&path, &bytes)
        .map_err(|e| Failure::Io(format!("{}: {e}", path.display()), lang))?;
    Ok(Exported {
        path,
        items: site.items.len(),
        materials: site.items.iter().map(|i| i.materials.len()).sum(),
        warnings: checked.diagnostics,
        lang,
    })
}
