//! The `gongshi` command line.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use gongshi::content::vocabulary::listing;
use gongshi::content::{Kind, Product, Vocabulary};
use gongshi::diag::{self, Diagnostic, Lang, SourceLines};

/// mimalloc instead of the platform's allocator: Typst's layouts and caches allocate and
/// free millions of small blocks, and with glibc's malloc a 1,000-item print run spent about
/// a quarter of its CPU there (docs/benchmarks.md has the figures).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Static site generator for the disclosure boards (公示) of government service windows.
#[derive(Parser)]
#[command(name = "gongshi", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check content for errors and missing disclosures (exit 0 clean, 1 errors, 2 usage).
    Check {
        /// Site folder (with site.yaml); defaults to the current folder.
        site: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Treat warnings as errors, and run the inspection checks (site marks, guides not
        /// updated for months).
        #[arg(long)]
        strict: bool,
        /// The day the inspection checks count from (YYYY-MM-DD; default: today, or the
        /// GONGSHI_TODAY environment variable).
        #[arg(long)]
        today: Option<String>,
        #[arg(long, help = help::message_lang())]
        lang: Option<String>,
    },
    /// Preview the site: build into memory, serve on 127.0.0.1, rebuild and reload on save.
    Serve {
        /// Site folder (with site.yaml); defaults to the current folder.
        site: Option<PathBuf>,
        /// Port to listen on; the next free one is taken when it is busy.
        #[arg(long, short, default_value_t = 1111)]
        port: u16,
        /// Address to listen on (0.0.0.0 to let other devices on the network see it).
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
        /// Do not preview the print products (they are printed in the background otherwise).
        #[arg(long)]
        no_print: bool,
    },
    /// Write a commented skeleton for a new content file.
    New {
        #[arg(help = help::kinds())]
        kind: String,
        /// The id: lower-case letters, digits and hyphens (it becomes the URL).
        id: String,
        /// Site folder (with site.yaml); defaults to the current folder.
        site: Option<PathBuf>,
    },
    /// Make a new site in an empty or new folder.
    Init {
        /// The folder to create.
        dir: PathBuf,
        #[arg(long, help = help::site_lang())]
        lang: Option<String>,
    },
    /// Check, then build the website (and print products) into OUT.
    Build {
        /// Site folder (with site.yaml); defaults to the current folder.
        site: Option<PathBuf>,
        /// Output folder (default: SITE/public).
        #[arg(short, long)]
        out: Option<PathBuf>,
        /// Skip the print products (PDF sheets).
        #[arg(long)]
        no_print: bool,
    },
    /// Make print products alone (PDF sheets for print shops) into OUT.
    Print {
        /// Site folder (with site.yaml); defaults to the current folder.
        site: Option<PathBuf>,
        /// Output folder (default: SITE/print).
        #[arg(short, long)]
        out: Option<PathBuf>,
        #[arg(long, value_delimiter = ',', help = help::products())]
        only: Vec<String>,
        /// Only the sheets of this window (its board, sign, placard, items and staff).
        #[arg(long)]
        window: Option<String>,
        /// Also put the sheets that differ from REV (a git revision), a date (YYYY-MM-DD:
        /// the last commit before it) or an earlier manifest.json into OUT/changed/, with
        /// their own print order.
        #[arg(long, value_name = "REV|DATE|MANIFEST")]
        changed_since: Option<String>,
        /// Pack the sheets (only the changed ones with --changed-since) and the print order
        /// into this zip archive, named by product, record and revision.
        #[arg(long, value_name = "FILE")]
        zip: Option<PathBuf>,
    },
    /// Score each window against the window standard (达标自查): exit 0 when every point is
    /// met, 3 when some point is not, 2 on usage errors, 1 when the report cannot be written.
    Audit {
        /// Site folder (with site.yaml); defaults to the current folder.
        site: Option<PathBuf>,
        /// Report format (default: from the extension of -o, else human).
        #[arg(long, value_enum)]
        format: Option<AuditFormat>,
        /// Write the report to this file (report.pdf, report.html, report.json).
        #[arg(short, long)]
        out: Option<PathBuf>,
        /// The day notices are judged on (YYYY-MM-DD; default: today, or GONGSHI_TODAY).
        #[arg(long)]
        today: Option<String>,
        /// The output folder of the print run to compare with (what `gongshi print -o` or
        /// `gongshi build -o` wrote; default: the newest of SITE/print and SITE/public).
        #[arg(long, value_name = "DIR")]
        printed: Option<PathBuf>,
        #[arg(long, help = help::message_lang())]
        lang: Option<String>,
    },
    /// Import items from a 实施清单 workbook (.xlsx, .xls, .ods) or CSV into content/items/.
    Import {
        /// The workbook or CSV file.
        file: PathBuf,
        /// Site folder (with site.yaml); defaults to the current folder.
        site: Option<PathBuf>,
        /// A mapping file that overrides or adds header mappings (see docs/import.md).
        #[arg(long)]
        map: Option<PathBuf>,
        /// Show what would be written and what is wrong; write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Replace item files that differ from what the import writes.
        #[arg(long)]
        force: bool,
        /// Only show which header row and columns were detected.
        #[arg(long)]
        print_map: bool,
        /// Message language: zh-CN, zh-TW or en (default: the site's language).
        #[arg(long)]
        lang: Option<String>,
    },
    /// Export the items (and materials) as a 实施清单 workbook (.xlsx) or CSV file.
    Export {
        /// Site folder (with site.yaml); defaults to the current folder.
        site: Option<PathBuf>,
        /// The file to write: .xlsx (default SITE/实施清单.xlsx) or .csv.
        #[arg(short, long)]
        out: Option<PathBuf>,
        /// Message language: zh-CN, zh-TW or en (default: the site's language).
        #[arg(long)]
        lang: Option<String>,
    },
    /// Print the JSON Schema of site.yaml or a content kind (for editor validation).
    Schema {
        #[arg(help = help::schema_kinds())]
        kind: Option<String>,
    },
}

/// The formats of the self-audit report.
#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum AuditFormat {
    /// Text tables for the terminal.
    Human,
    /// One JSON document (its shape is in docs/print.md).
    Json,
    /// A web page.
    Html,
    /// A4 PDF with signature and date lines (needs -o).
    Pdf,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum Format {
    /// rustc-style text with source snippets.
    Human,
    /// One JSON object per line.
    Json,
}

/// Help texts that list words read from their owners (kinds, print products, languages), so
/// the help never names a word the program does not accept.
mod help {
    use super::*;

    pub fn kinds() -> String {
        format!("The kind of record: {}", listing::<Kind>(", "))
    }

    pub fn schema_kinds() -> String {
        format!("site, {}; all when omitted", listing::<Kind>(", "))
    }

    pub fn products() -> String {
        format!(
            "Only these products: {} (repeat or separate with commas)",
            listing::<Product>(", ")
        )
    }

    pub fn message_lang() -> String {
        format!(
            "Message language: {} (default: the site's language)",
            listing::<Lang>(", ")
        )
    }

    pub fn site_lang() -> String {
        format!("Site language: {} (default: zh-CN)", listing::<Lang>(", "))
    }
}

fn main() -> ExitCode {
    let _console = console::Utf8Console::enable();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match cli.command {
        Command::Check {
            site,
            format,
            strict,
            today,
            lang,
        } => check(site, format, strict, today, lang),
        Command::Build {
            site,
            out,
            no_print,
        } => build(site, out, no_print),
        Command::Schema { kind } => schema(kind),
        Command::Import {
            file,
            site,
            map,
            dry_run,
            force,
            print_map,
            lang,
        } => import(file, site, map, dry_run, force, print_map, lang),
        Command::Export { site, out, lang } => export(site, out, lang),
        Command::Audit {
            site,
            format,
            out,
            today,
            printed,
            lang,
        } => audit(site, format, out, today, printed, lang),
        Command::Serve {
            site,
            port,
            bind,
            open,
            no_print,
        } => serve(site, port, bind, open, no_print),
        Command::New { kind, id, site } => new(&kind, &id, site),
        Command::Init { dir, lang } => init(&dir, lang),
        Command::Print {
            site,
            out,
            only,
            window,
            changed_since,
            zip,
        } => print(site, out, only, window, changed_since, zip),
    }
}

fn site_dir(site: Option<PathBuf>) -> PathBuf {
    site.unwrap_or_else(|| PathBuf::from("."))
}

fn parse_lang(lang: Option<&str>) -> Result<Option<Lang>, ExitCode> {
    match lang {
        None => Ok(None),
        Some(tag) => match Lang::parse(tag) {
            Some(l) => Ok(Some(l)),
            None => {
                let known = listing::<Lang>(", ");
                eprintln!("error: unknown language `{tag}`; use {known}");
                Err(ExitCode::from(2))
            }
        },
    }
}

fn usage_error(d: &Diagnostic, lang: Lang) -> ExitCode {
    eprint!(
        "{}",
        diag::render_human(d, lang, &SourceLines::new(std::path::Path::new(".")))
    );
    ExitCode::from(2)
}

/// The day inspection checks count from: `--today`, else `GONGSHI_TODAY`, else the clock.
fn today(arg: Option<String>) -> Result<gongshi::content::Date, ExitCode> {
    let Some(text) = arg.or_else(|| std::env::var("GONGSHI_TODAY").ok()) else {
        return Ok(gongshi::content::Date::today());
    };
    gongshi::content::reader::parse_date(&text).ok_or_else(|| {
        eprintln!("error: `{text}` is not a date; write --today 2026-06-01");
        ExitCode::from(2)
    })
}

fn check(
    site: Option<PathBuf>,
    format: Format,
    strict: bool,
    today_arg: Option<String>,
    lang: Option<String>,
) -> ExitCode {
    let root = site_dir(site);
    let lang_override = match parse_lang(lang.as_deref()) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let today = match today(today_arg) {
        Ok(t) => t,
        Err(code) => return code,
    };
    let checked = match gongshi::load_and_check(&root) {
        Ok(c) => c,
        Err(d) => return usage_error(&d, lang_override.unwrap_or_default()),
    };
    let lang = lang_override.unwrap_or(checked.site.config.language);
    let mut diagnostics = checked.diagnostics;
    if strict {
        diagnostics.extend(gongshi::check::inspection::check(&checked.site, today));
        diagnostics.sort();
        diagnostics.make_warnings_errors();
    }
    gongshi::drop_in_background(checked.site);
    let sources = SourceLines::new(&root);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for d in diagnostics.iter() {
        let text = match format {
            Format::Human => diag::render_human(d, lang, &sources),
            Format::Json => diag::render_json(d, lang) + "\n",
        };
        let _ = out.write_all(text.as_bytes());
    }
    if format == Format::Human {
        let _ = writeln!(out, "{}", diag::summary(&diagnostics, checked.files, lang));
    }
    if diagnostics.has_errors() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Exit code of `audit` when some point of the standard is not met.
const AUDIT_FAILS: u8 = 3;

fn audit(
    site: Option<PathBuf>,
    format: Option<AuditFormat>,
    out: Option<PathBuf>,
    today_arg: Option<String>,
    printed: Option<PathBuf>,
    lang: Option<String>,
) -> ExitCode {
    use gongshi::audit::{self, document};
    let root = site_dir(site);
    let lang_override = match parse_lang(lang.as_deref()) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let today = match today(today_arg) {
        Ok(d) => d,
        Err(code) => return code,
    };
    let by_extension =
        out.as_ref().and_then(
            |o| match o.extension()?.to_str()?.to_ascii_lowercase().as_str() {
                "pdf" => Some(AuditFormat::Pdf),
                "html" | "htm" => Some(AuditFormat::Html),
                "json" => Some(AuditFormat::Json),
                _ => None,
            },
        );
    let format = format.or(by_extension).unwrap_or(AuditFormat::Human);
    if format == AuditFormat::Pdf && out.is_none() {
        eprintln!("error: a PDF report needs a file: -o report.pdf");
        return ExitCode::from(2);
    }
    let audited = match audit::run(&root, today, printed.as_deref()) {
        Ok(a) => a,
        Err(d) => return usage_error(&d, lang_override.unwrap_or_default()),
    };
    let lang = lang_override.unwrap_or(audited.site.config.language);
    let report = &audited.report;
    let bytes: Result<Vec<u8>, Diagnostic> = match format {
        AuditFormat::Human => Ok(audit::text::render(report, lang).into_bytes()),
        AuditFormat::Json => Ok(serde_json::to_string_pretty(&document::data(report, lang))
            .unwrap_or_default()
            .into_bytes()
            .into_iter()
            .chain(*b"\n")
            .collect()),
        AuditFormat::Html => gongshi::render::Renderer::new(
            &audited.site,
            &audited.theme,
            gongshi::render::WebOptions::default(),
        )
        .map_err(first_of)
        .and_then(|r| document::html(report, &r, lang, document::PAGE))
        .and_then(|f| gongshi::print::run::contents(&f).map_err(|e| io_diag(&e))),
        AuditFormat::Pdf => gongshi::print::plan::settings(&audited.site)
            .map_err(first_of)
            .and_then(|settings| {
                let fonts =
                    gongshi::print::run::site_fonts(&audited.site, &settings).map_err(first_of)?;
                document::pdf(report, &audited.theme, &fonts, lang, settings.standard)
            }),
    };
    let bytes = match bytes {
        Ok(b) => b,
        Err(d) => {
            print_diagnostics(&std::iter::once(d).collect(), lang, &root);
            return ExitCode::from(1);
        }
    };
    let written = match &out {
        Some(path) => std::fs::write(path, &bytes),
        None => std::io::stdout().write_all(&bytes),
    };
    if let Err(e) = written {
        eprintln!("error: cannot write the report: {e}");
        return ExitCode::from(1);
    }
    if let Some(path) = &out
        && format != AuditFormat::Human
    {
        // The file holds the report; the terminal still gets the summary line.
        let score = report.score();
        eprintln!(
            "{}/{} ({}%) → {}",
            score.passed,
            score.judged,
            score.percent(),
            path.display()
        );
    }
    if report.passes() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(AUDIT_FAILS)
    }
}

/// The first of a stage's diagnostics (a theme or print settings failure), for the report's
/// one-line failure.
fn first_of(diagnostics: gongshi::diag::Diagnostics) -> Diagnostic {
    diagnostics
        .iter()
        .next()
        .cloned()
        .unwrap_or_else(|| io_diag(&std::io::Error::other("unknown failure")))
}

fn io_diag(e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(
        "E080",
        diag::Location::file("."),
        gongshi::msg!(
            "cannot make the report: {e}",
            "无法生成报告：{e}",
            "無法產生報告：{e}"
        ),
    )
}

fn print_diagnostics(diagnostics: &gongshi::diag::Diagnostics, lang: Lang, root: &std::path::Path) {
    let sources = SourceLines::new(root);
    let stderr = std::io::stderr();
    let mut err = stderr.lock();
    for d in diagnostics.iter() {
        let _ = err.write_all(diag::render_human(d, lang, &sources).as_bytes());
    }
}

fn build(site: Option<PathBuf>, out: Option<PathBuf>, no_print: bool) -> ExitCode {
    let root = site_dir(site);
    let options = gongshi::BuildOptions {
        out,
        no_print,
        ..Default::default()
    };
    report(&root, gongshi::build(&root, &options))
}

fn print(
    site: Option<PathBuf>,
    out: Option<PathBuf>,
    only: Vec<String>,
    window: Option<String>,
    changed_since: Option<String>,
    zip: Option<PathBuf>,
) -> ExitCode {
    use gongshi::print::Selection;
    let mut products = Vec::new();
    for key in &only {
        match Product::parse(key) {
            Some(p) => products.push(p),
            None => {
                let known = listing::<Product>(", ");
                eprintln!("error: unknown print product `{key}`; use one of: {known}");
                return ExitCode::from(2);
            }
        }
    }
    let root = site_dir(site);
    let mut selection = Selection {
        prefix: String::new(),
        products,
        window,
        since: None,
    };
    if let Some(arg) = changed_since {
        match gongshi::print_baseline(&root, &arg, &selection) {
            Ok(manifest) => selection.since = Some(manifest),
            Err(d) => return usage_error(&d, Lang::default()),
        }
    }
    report(
        &root,
        gongshi::print_products(&root, out, &selection, zip.as_deref()),
    )
}

#[allow(clippy::result_large_err)]
fn report(root: &std::path::Path, result: Result<gongshi::Built, gongshi::BuildError>) -> ExitCode {
    use gongshi::BuildError;
    let root = root.to_path_buf();
    match result {
        Ok(built) => {
            let lang = built.lang;
            print_diagnostics(&built.diagnostics, lang, &root);
            eprint!("{}", built.replayed);
            let secs = built.elapsed.as_secs_f64();
            let out = built.out.display();
            let changed = built.changed;
            let (pages, sheets) = (built.pages, built.sheets);
            // Name only what the command makes: `print` makes no pages, `--no-print` no sheets.
            let made = match (lang, pages > 0, sheets > 0) {
                (Lang::En, true, true) => format!("{pages} pages, {sheets} sheets"),
                (Lang::En, false, true) => format!("{sheets} sheets"),
                (Lang::En, _, false) => format!("{pages} pages"),
                (Lang::ZhCn, true, true) => format!("{pages} 个页面、{sheets} 张印刷页"),
                (Lang::ZhCn, false, true) => format!("{sheets} 张印刷页"),
                (Lang::ZhCn, _, false) => format!("{pages} 个页面"),
                (Lang::ZhTw, true, true) => format!("{pages} 個頁面、{sheets} 張印刷頁"),
                (Lang::ZhTw, false, true) => format!("{sheets} 張印刷頁"),
                (Lang::ZhTw, _, false) => format!("{pages} 個頁面"),
            };
            let line = match lang {
                Lang::En => format!("built {made} in {secs:.2} s, {changed} files changed → {out}"),
                Lang::ZhCn => {
                    format!("已生成 {made}，用时 {secs:.2} 秒，{changed} 个文件有变化 → {out}")
                }
                Lang::ZhTw => {
                    format!("已產生 {made}，用時 {secs:.2} 秒，{changed} 個檔案有變更 → {out}")
                }
            };
            if built.up_to_date {
                let note = match lang {
                    Lang::En => "(up to date: nothing it reads changed since the last build)",
                    Lang::ZhCn => "（已是最新：自上次生成以来，所读取的内容都没有变化）",
                    Lang::ZhTw => "（已是最新：自上次產生以來，所讀取的內容都沒有變更）",
                };
                println!("{line} {note}");
            } else {
                println!("{line}");
            }
            ExitCode::SUCCESS
        }
        Err(BuildError::NotASite(d)) => usage_error(&d, Lang::default()),
        Err(BuildError::Content(diags, lang, files)) => {
            print_diagnostics(&diags, lang, &root);
            eprintln!("{}", diag::summary(&diags, files, lang));
            ExitCode::from(1)
        }
        Err(BuildError::Render(diags, lang)) | Err(BuildError::Print(diags, lang)) => {
            print_diagnostics(&diags, lang, &root);
            ExitCode::from(1)
        }
        Err(BuildError::Output(e)) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

fn schema(kind: Option<String>) -> ExitCode {
    let value = match kind.as_deref() {
        None => gongshi::schema::all(),
        Some(k) => match gongshi::schema::schema(k) {
            Some(s) => s,
            None => {
                eprintln!(
                    "error: unknown kind `{k}`; use one of: {}",
                    gongshi::schema::kinds().join(", ")
                );
                return ExitCode::from(2);
            }
        },
    };
    match serde_json::to_string_pretty(&value) {
        Ok(text) => {
            println!("{text}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn serve(
    site: Option<PathBuf>,
    port: u16,
    bind: std::net::IpAddr,
    open: bool,
    no_print: bool,
) -> ExitCode {
    let options = gongshi::serve::Options {
        site: site_dir(site),
        bind,
        port,
        open,
        no_print,
    };
    match gongshi::serve::run(&options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(gongshi::serve::Error::NotASite(d)) => usage_error(&d, Lang::default()),
        Err(gongshi::serve::Error::Io(e)) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn new(kind: &str, id: &str, site: Option<PathBuf>) -> ExitCode {
    let root = site_dir(site);
    match gongshi::scaffold::new_file(&root, kind, id) {
        Ok(path) => {
            println!("{}", path.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}

fn init(dir: &std::path::Path, lang: Option<String>) -> ExitCode {
    let lang = match parse_lang(lang.as_deref()) {
        Ok(l) => l.unwrap_or_default(),
        Err(code) => return code,
    };
    match gongshi::scaffold::init(dir, lang) {
        Ok(files) => {
            for f in &files {
                println!("{}", f.display());
            }
            let next = match lang {
                Lang::En => format!("new site in {0}; next: gongshi serve {0}", dir.display()),
                Lang::ZhCn => format!(
                    "已在 {0} 新建站点；下一步：gongshi serve {0}",
                    dir.display()
                ),
                Lang::ZhTw => format!(
                    "已在 {0} 新建站點；下一步：gongshi serve {0}",
                    dir.display()
                ),
            };
            println!("{next}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn import(
    file: PathBuf,
    site: Option<PathBuf>,
    map: Option<PathBuf>,
    dry_run: bool,
    force: bool,
    print_map: bool,
    lang: Option<String>,
) -> ExitCode {
    use gongshi::spreadsheet;
    let lang = match parse_lang(lang.as_deref()) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let options = spreadsheet::ImportOptions {
        file,
        site: site_dir(site),
        map,
        dry_run,
        force,
        lang,
    };
    let result = if print_map {
        spreadsheet::print_map(&options).map(|text| {
            print!("{text}");
            0
        })
    } else {
        spreadsheet::import(&options).map(|report| spreadsheet::print_import(&report, &options))
    };
    ExitCode::from(result.unwrap_or_else(|f| spreadsheet::print_failure(&f, &options.site)))
}

fn export(site: Option<PathBuf>, out: Option<PathBuf>, lang: Option<String>) -> ExitCode {
    use gongshi::spreadsheet;
    let lang = match parse_lang(lang.as_deref()) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let options = spreadsheet::ExportOptions {
        site: site_dir(site),
        out,
        lang,
    };
    let code = match spreadsheet::export(&options) {
        Ok(done) => spreadsheet::print_export(&done, &options.site),
        Err(f) => spreadsheet::print_failure(&f, &options.site),
    };
    ExitCode::from(code)
}

/// Console text on Windows. Rust writes to a console window in UTF-16, which cmd.exe and
/// PowerShell show whatever their code page; but text piped or redirected from gongshi is
/// UTF-8, which they decode with the console's code page (936 on Chinese Windows). While
/// gongshi runs, the console's code page is UTF-8 (65001), so `gongshi check | more` and
/// tools that ask the console for its encoding read the messages right; the previous code
/// page is restored when gongshi ends.
mod console {
    /// Restores the console's code pages when dropped.
    pub struct Utf8Console {
        #[cfg(windows)]
        previous: Option<(u32, u32)>,
    }

    #[cfg(windows)]
    #[link(name = "kernel32")]
    unsafe extern "system" {
        fn GetConsoleOutputCP() -> u32;
        fn GetConsoleCP() -> u32;
        fn SetConsoleOutputCP(code_page: u32) -> i32;
        fn SetConsoleCP(code_page: u32) -> i32;
    }

    #[cfg(windows)]
    const CP_UTF8: u32 = 65001;

    impl Utf8Console {
        /// Switches an attached console to UTF-8 (a no-op elsewhere and without a console).
        pub fn enable() -> Utf8Console {
            #[cfg(windows)]
            {
                // SAFETY: plain Win32 calls without pointers; 0 means no console.
                let previous = unsafe {
                    let (output, input) = (GetConsoleOutputCP(), GetConsoleCP());
                    (output != 0 && SetConsoleOutputCP(CP_UTF8) != 0).then(|| {
                        SetConsoleCP(CP_UTF8);
                        (output, input)
                    })
                };
                Utf8Console { previous }
            }
            #[cfg(not(windows))]
            Utf8Console {}
        }
    }

    impl Drop for Utf8Console {
        fn drop(&mut self) {
            #[cfg(windows)]
            if let Some((output, input)) = self.previous {
                // SAFETY: as above.
                unsafe {
                    SetConsoleOutputCP(output);
                    SetConsoleCP(input);
                }
            }
        }
    }
}
