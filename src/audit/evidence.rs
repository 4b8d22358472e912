//! What the print run tells the self-audit: whether the printed sheets still match the
//! content (the planned sheets' content hashes against the manifest of the last print run,
//! the same hashes `print` reuses sheets by) and how sharp each staff photo prints (the
//! print run's own W130 warnings, from laying out the boards and cards that show photos;
//! sheets unchanged since the last run are not laid out again).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::check::criteria::{Criterion, Finding};
use crate::content::{Product, Site};
use crate::diag::{Diagnostic, Diagnostics, Location, Message};
use crate::msg;
use crate::present::Wording;
use crate::print::cache::{MANIFEST, Manifest};
use crate::print::plan::{Selection, plan, settings};
use crate::print::{Printed, Templates};
use crate::routes;

/// The products that show staff photos.
const PHOTO_PRODUCTS: [Product; 3] = [
    Product::WindowBoard,
    Product::StaffBoard,
    Product::StaffCard,
];

/// What the print run contributes to the audit.
#[derive(Debug, Clone, Default)]
pub struct PrintEvidence {
    /// The manifest compared with, as found (relative to the site, `print/manifest.json`).
    pub manifest_path: Option<String>,
    /// Findings: stale or unprinted sheets (W187, W188), photos under 150 dpi (W130).
    pub findings: Vec<Finding>,
    /// Print points that could not be judged, with why.
    pub unknown: HashMap<Criterion, Message>,
}

impl PrintEvidence {
    /// Why `criterion` could not be judged, if it could not.
    pub fn unknown(&self, criterion: Criterion) -> Option<Message> {
        self.unknown.get(&criterion).cloned()
    }

    /// Gathers the evidence for the site in `site.root`: compares with the newest print run
    /// in `printed` (a `gongshi print` or `gongshi build` output folder) or, without one,
    /// in the site folder (`SITE/print/` from `gongshi print`, `SITE/public/print/` from
    /// `gongshi build`), and lays out the sheets with photos (reusing that run's unchanged
    /// ones). `Err` when `printed` holds no print run: the user named it, so it is not
    /// quietly ignored.
    pub fn gather(
        site: &Site,
        templates: &dyn Templates,
        printed: Option<&Path>,
    ) -> Result<PrintEvidence, Diagnostic> {
        let last = match printed {
            None => last_run(site_runs(&site.root)),
            Some(dir) => Some(last_run(folder_runs(dir)).ok_or_else(|| no_run_in(dir))?),
        };
        let mut evidence = PrintEvidence::default();
        match &last {
            Some(run) => {
                evidence.manifest_path = Some(run.shown.clone());
                evidence.compare(site, templates, &run.manifest);
            }
            None => {
                evidence
                    .unknown
                    .insert(Criterion::PrintCurrent, super::never_printed());
                evidence
                    .unknown
                    .insert(Criterion::CenterPrintCurrent, super::never_printed());
            }
        }
        let selection = Selection {
            prefix: last.as_ref().map(|r| r.prefix.clone()).unwrap_or_default(),
            products: PHOTO_PRODUCTS.to_vec(),
            ..Selection::default()
        };
        let out = last.as_ref().map(|r| r.out.as_path());
        match crate::print::print_site(site, templates, &selection, out) {
            Ok(printed) => evidence.photos(&printed.warnings),
            Err(errors) => evidence.no_photos(&errors),
        }
        Ok(evidence)
    }

    /// The evidence of a print run that just happened (`build` with `audit.publish`): its
    /// sheets are current by definition, its photo warnings stand.
    pub fn of_run(printed: &Printed, shown: &str) -> PrintEvidence {
        let mut evidence = PrintEvidence {
            manifest_path: Some(shown.to_string()),
            ..PrintEvidence::default()
        };
        evidence.photos(&printed.warnings);
        evidence
    }

    /// The evidence while a print run is still under way (serve shows the report at once and
    /// again when its background print is done): the print points wait for it.
    pub fn pending() -> PrintEvidence {
        let waiting = msg!(
            "printing in the background: this point is judged when the print is done (the page reloads)",
            "后台正在印刷：印刷完成后再判定此项（页面会自动刷新）",
            "後台正在列印：列印完成後再判定此項（頁面會自動重新整理）"
        );
        let unknown = [
            Criterion::PrintCurrent,
            Criterion::CenterPrintCurrent,
            Criterion::Photos,
        ]
        .into_iter()
        .map(|c| (c, waiting.clone()))
        .collect();
        PrintEvidence {
            unknown,
            ..PrintEvidence::default()
        }
    }

    fn photos(&mut self, warnings: &Diagnostics) {
        self.findings.extend(
            warnings
                .iter()
                .filter(|d| d.code == "W130")
                .map(|d| Finding {
                    criterion: Criterion::Photos,
                    diagnostic: d.clone(),
                }),
        );
    }

    fn no_photos(&mut self, errors: &Diagnostics) {
        let first = errors
            .iter()
            .next()
            .map(|d| d.message.clone())
            .unwrap_or_else(|| msg!("", "", ""));
        let (en, cn, tw) = (
            first.text(crate::diag::Lang::En).to_string(),
            first.text(crate::diag::Lang::ZhCn).to_string(),
            first.text(crate::diag::Lang::ZhTw).to_string(),
        );
        self.unknown.insert(
            Criterion::Photos,
            msg!(
                "the boards with photos cannot be laid out: {en}",
                "含照片的公示栏无法排版：{cn}",
                "含照片的公示欄無法排版：{tw}"
            ),
        );
    }

    /// Each planned sheet against the last run: not in it (W188) or with other content (W187).
    fn compare(&mut self, site: &Site, templates: &dyn Templates, last: &Manifest) {
        let selection = Selection::default();
        let planned = match crate::print::run::planned_manifest(site, templates, &selection) {
            Ok(m) => m,
            Err(_) => {
                let why = msg!(
                    "the print settings in site.yaml have errors",
                    "site.yaml 的印刷设置有错误",
                    "site.yaml 的列印設定有錯誤"
                );
                self.unknown.insert(Criterion::PrintCurrent, why.clone());
                self.unknown.insert(Criterion::CenterPrintCurrent, why);
                return;
            }
        };
        let Ok(settings) = settings(site) else { return };
        let labels = templates.labels(site.config.language);
        let words = Wording::new(site.config.language, &labels);
        for job in plan(site, &settings, &selection, &words) {
            let Some(hash) = planned.sheets.get(&job.path).map(|r| &r.hash) else {
                continue;
            };
            let criterion = match job.product {
                Product::StaffBoard | Product::FeeBoard => Criterion::CenterPrintCurrent,
                _ => Criterion::PrintCurrent,
            };
            let (title, label, file) = (job.product.title(), &job.label, &job.path);
            let diagnostic = match last.find(&job.path) {
                None => Diagnostic::warning(
                    "W188",
                    Location::file(job.source_file.clone()),
                    msg!(
                        "the {title} of {label} ({file}) was not in the last print run",
                        "“{label}”的{title}（{file}）上次没有印刷",
                        "「{label}」的{title}（{file}）上次沒有列印"
                    ),
                ),
                Some(r) if r.hash != *hash => Diagnostic::warning(
                    "W187",
                    Location::file(job.source_file.clone()),
                    msg!(
                        "the {title} of {label} ({file}) changed since it was printed",
                        "“{label}”的{title}（{file}）印刷后内容已有变化",
                        "「{label}」的{title}（{file}）列印後內容已有變化"
                    ),
                ),
                Some(_) => continue,
            };
            let help = msg!(
                "print it again: `gongshi print --changed-since print/manifest.json` puts the sheets to reprint into print/changed/",
                "请重新印刷：gongshi print --changed-since print/manifest.json 会把需要重印的印刷品放到 print/changed/",
                "請重新列印：gongshi print --changed-since print/manifest.json 會把需要重印的印刷品放到 print/changed/"
            );
            self.findings.push(Finding {
                criterion,
                diagnostic: diagnostic.with_help(help),
            });
        }
    }
}

/// The last print run found in a site folder.
struct LastRun {
    /// The output folder it was written to.
    out: PathBuf,
    /// The print folder inside it (`print/` for a build, empty for `gongshi print`).
    prefix: String,
    /// Its manifest.
    manifest: Manifest,
    /// The manifest's path relative to the site, for the report.
    shown: String,
}

/// Where a print run may be: its output folder, the print folder inside it (`print/` for a
/// build, empty for `gongshi print`), and the manifest's path as the report shows it.
type Candidate = (PathBuf, String, String);

/// The print runs of a site folder: `SITE/print/` (`gongshi print`) and `SITE/public/print/`
/// (`gongshi build`), shown relative to the site.
fn site_runs(root: &Path) -> Vec<Candidate> {
    vec![
        (
            root.join("print"),
            String::new(),
            format!("print/{MANIFEST}"),
        ),
        (
            root.join("public"),
            routes::PRINT_DIR.to_string(),
            format!("public/{}{MANIFEST}", routes::PRINT_DIR),
        ),
    ]
}

/// The print runs of an output folder named with `--printed`: `gongshi print`'s (manifest
/// at the top) or `gongshi build`'s (under `print/`), shown as found.
fn folder_runs(dir: &Path) -> Vec<Candidate> {
    [String::new(), routes::PRINT_DIR.to_string()]
        .into_iter()
        .map(|prefix| {
            let shown = dir.join(&prefix).join(MANIFEST).display().to_string();
            (dir.to_path_buf(), prefix, shown)
        })
        .collect()
}

fn no_run_in(dir: &Path) -> Diagnostic {
    let d = dir.display();
    Diagnostic::error(
        "E080",
        Location::file(d.to_string()),
        msg!(
            "no print run in {d}: it has neither {MANIFEST} nor print/{MANIFEST}",
            "{d} 中没有印刷记录：既无 {MANIFEST} 也无 print/{MANIFEST}",
            "{d} 中沒有列印記錄：既無 {MANIFEST} 也無 print/{MANIFEST}"
        ),
    )
    .with_help(msg!(
        "name the folder `gongshi print -o` or `gongshi build -o` wrote",
        "请指定 gongshi print -o 或 gongshi build -o 的输出文件夹",
        "請指定 gongshi print -o 或 gongshi build -o 的輸出資料夾"
    ))
}

/// The newest of the print runs that exist among `candidates`.
fn last_run(candidates: Vec<Candidate>) -> Option<LastRun> {
    candidates
        .into_iter()
        .filter_map(|(out, prefix, shown)| {
            let path = out.join(&prefix).join(MANIFEST);
            let modified = std::fs::metadata(&path).and_then(|m| m.modified()).ok()?;
            let manifest = Manifest::read(&path)?;
            Some((
                modified,
                LastRun {
                    out,
                    prefix,
                    manifest,
                    shown,
                },
            ))
        })
        .max_by_key(|(modified, _)| *modified)
        .map(|(_, run)| run)
}
