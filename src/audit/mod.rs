//! The self-audit (达标自查, `gongshi audit`): scores each window against the window
//! standard, one ✓/✗ row per point ([`Criterion`]), each ✗ with the file and line to fix,
//! and a score per window and for the center.
//!
//! Nothing is judged here twice: the rows are the diagnostics `check` reports (sorted under
//! their point by [`crate::check::findings`] and [`Criterion::of_code`]), the audit-only
//! points of [`crate::check::standard`] as of a given day, the print run's own photo warnings
//! (W130, from laying out the boards with photos) and a comparison of the content's sheets
//! with the manifest of the last print run ([`evidence`]). The audit sits above check and
//! print, which never import each other. [`text`] words the report for the terminal,
//! [`document`] makes its data (the JSON, the HTML page and the PDF read the same data).

pub mod document;
pub mod evidence;
pub mod text;

use std::collections::HashMap;

use crate::check::criteria::{Criterion, Finding, Scope};
use crate::content::{Date, Site};
use crate::diag::{Diagnostic, Diagnostics, Message};
use crate::msg;

pub use evidence::PrintEvidence;

/// How a point of the standard came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Met.
    Pass,
    /// Not met: the findings say where.
    Fail,
    /// Cannot be judged (no print run to compare with, boards that cannot be laid out); not
    /// counted in the score.
    Unknown,
}

impl Status {
    /// The word in the JSON.
    pub fn key(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Fail => "fail",
            Status::Unknown => "unknown",
        }
    }

    /// The mark in the table.
    pub fn mark(self) -> &'static str {
        match self {
            Status::Pass => "✓",
            Status::Fail => "✗",
            Status::Unknown => "—",
        }
    }
}

/// One point of the standard at one window (or for the center).
#[derive(Debug, Clone)]
pub struct Row {
    /// The point.
    pub criterion: Criterion,
    /// How it came out.
    pub status: Status,
    /// What fails it, with where to fix it.
    pub findings: Vec<Diagnostic>,
    /// Why it could not be judged.
    pub note: Option<Message>,
}

/// The report of one window, or of the center.
#[derive(Debug, Clone)]
pub struct Section {
    /// The window's id; `None` for the center.
    pub id: Option<String>,
    /// Window number (empty for the center).
    pub number: String,
    /// Window name, or the center's title.
    pub name: String,
    /// The window's file.
    pub file: Option<String>,
    /// One row per point.
    pub rows: Vec<Row>,
}

/// A score: points met of the points judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Score {
    /// Points met.
    pub passed: usize,
    /// Points judged (met or not; unknown ones left out).
    pub judged: usize,
}

impl Score {
    /// Whole percent, 100 when nothing was judged.
    pub fn percent(self) -> u32 {
        (self.passed * 100)
            .checked_div(self.judged)
            .map_or(100, |p| p as u32)
    }

    fn add(self, other: Score) -> Score {
        Score {
            passed: self.passed + other.passed,
            judged: self.judged + other.judged,
        }
    }
}

impl Section {
    /// Points met of points judged.
    pub fn score(&self) -> Score {
        let judged = self.rows.iter().filter(|r| r.status != Status::Unknown);
        Score {
            passed: judged.clone().filter(|r| r.status == Status::Pass).count(),
            judged: judged.count(),
        }
    }
}

/// The whole self-audit.
#[derive(Debug, Clone)]
pub struct Report {
    /// The center's title.
    pub site: String,
    /// The day notices were judged on.
    pub today: Date,
    /// The manifest the sheets were compared with, when one was found.
    pub printed: Option<String>,
    /// One section per window, in the site's order.
    pub windows: Vec<Section>,
    /// The points judged once for the center (and findings that belong to no window).
    pub center: Section,
}

impl Report {
    /// The center's score: every window's points and the center's own.
    pub fn score(&self) -> Score {
        self.windows
            .iter()
            .map(Section::score)
            .fold(self.center.score(), Score::add)
    }

    /// True when no point fails anywhere.
    pub fn passes(&self) -> bool {
        self.sections()
            .all(|s| s.rows.iter().all(|r| r.status != Status::Fail))
    }

    /// The windows, then the center.
    pub fn sections(&self) -> impl Iterator<Item = &Section> {
        self.windows.iter().chain(std::iter::once(&self.center))
    }
}

/// Scores the site: `diagnostics` are what loading and `check` found, `today` the day
/// notices are judged on, `print` what the print run knows.
pub fn audit(site: &Site, diagnostics: &Diagnostics, today: Date, print: &PrintEvidence) -> Report {
    let mut findings: Vec<Finding> = crate::check::findings(site);
    findings.extend(crate::check::standard::findings(site, today));
    for d in diagnostics.iter() {
        if let Some(criterion) = Criterion::of_code(d.code) {
            findings.push(Finding {
                criterion,
                diagnostic: d.clone(),
            });
        }
    }
    findings.extend(print.findings.iter().cloned());
    findings.sort_by(|a, b| a.diagnostic.location.cmp(&b.diagnostic.location));

    let owner = owners(site);
    let mut by_window: HashMap<Option<&str>, Vec<&Finding>> = HashMap::new();
    for f in &findings {
        let window = match f.criterion.scope() {
            Scope::Center => None,
            Scope::Window => owner.get(f.diagnostic.location.file.as_str()).copied(),
        };
        by_window.entry(window).or_default().push(f);
    }
    let unknown = |criterion: Criterion| print.unknown(criterion);
    let rows = |window: Option<&str>, criteria: &mut dyn Iterator<Item = Criterion>| {
        let found = by_window.get(&window);
        criteria
            .map(|criterion| {
                let list: Vec<Diagnostic> = found
                    .into_iter()
                    .flatten()
                    .filter(|f| f.criterion == criterion)
                    .map(|f| f.diagnostic.clone())
                    .collect();
                let note = unknown(criterion);
                let status = if !list.is_empty() {
                    Status::Fail
                } else if note.is_some() {
                    Status::Unknown
                } else {
                    Status::Pass
                };
                Row {
                    criterion,
                    status,
                    findings: list,
                    note,
                }
            })
            .collect::<Vec<Row>>()
    };
    let window_points = || {
        Criterion::ALL
            .iter()
            .copied()
            .filter(|c| c.scope() == Scope::Window)
    };
    let windows = site
        .windows
        .iter()
        .map(|w| Section {
            id: Some(w.source.id.clone()),
            number: w.number.value.clone(),
            name: w.name.value.clone(),
            file: Some(w.source.file.clone()),
            rows: rows(Some(&w.source.id), &mut window_points()),
        })
        .collect();
    // The center: its own points, and any window point found where no window owns it (an
    // item of a window that does not exist).
    let orphans = by_window.get(&None);
    let mut center_points = Criterion::ALL.iter().copied().filter(|c| {
        c.scope() == Scope::Center || orphans.into_iter().flatten().any(|f| f.criterion == *c)
    });
    let center = Section {
        id: None,
        number: String::new(),
        name: site.config.title.clone(),
        file: Some("site.yaml".into()),
        rows: rows(None, &mut center_points),
    };
    Report {
        site: site.config.title.clone(),
        today,
        printed: print.manifest_path.clone(),
        windows,
        center,
    }
}

/// Which window each content file belongs to: the window's file, its items' and its staff's.
fn owners(site: &Site) -> HashMap<&str, &str> {
    let mut map = HashMap::new();
    for w in &site.windows {
        map.insert(w.source.file.as_str(), w.source.id.as_str());
    }
    for i in &site.items {
        if site.window(&i.window.value).is_some() {
            map.insert(i.source.file.as_str(), i.window.value.as_str());
        }
    }
    for s in &site.staff {
        if let Some(w) = s
            .window
            .as_ref()
            .filter(|w| site.window(&w.value).is_some())
        {
            map.insert(s.source.file.as_str(), w.value.as_str());
        }
    }
    map
}

/// Why the print points could not be judged.
pub(crate) fn never_printed() -> Message {
    msg!(
        "no print run found to compare with (print/manifest.json): run `gongshi print` or `gongshi build`",
        "未找到印刷记录（print/manifest.json），无法比对：请先运行 gongshi print 或 gongshi build",
        "未找到列印記錄（print/manifest.json），無法比對：請先執行 gongshi print 或 gongshi build"
    )
}

/// The day notices are judged on: `GONGSHI_TODAY` (YYYY-MM-DD) when set, else the clock.
pub fn today() -> Date {
    std::env::var("GONGSHI_TODAY")
        .ok()
        .and_then(|t| crate::content::reader::parse_date(&t))
        .unwrap_or_else(Date::today)
}

/// A site audited by `gongshi audit`, with what its documents are made from.
pub struct Audited {
    /// The report.
    pub report: Report,
    /// The site it is about.
    pub site: Site,
    /// The site's theme (the HTML and PDF templates).
    pub theme: crate::theme::Theme,
}

/// Loads and checks the site in `root`, gathers what its last print run tells (the one in
/// `printed`, an output folder, when given), and scores it as of `today`. `Err` when the
/// folder is not a site, its theme cannot be loaded or `printed` holds no print run.
pub fn run(
    root: &std::path::Path,
    today: Date,
    printed: Option<&std::path::Path>,
) -> Result<Audited, Diagnostic> {
    let checked = crate::load_and_check(root)?;
    let theme = crate::theme::Theme::load(root, checked.site.config.theme.as_deref())?;
    let evidence = PrintEvidence::gather(&checked.site, &theme, printed)?;
    let report = audit(&checked.site, &checked.diagnostics, today, &evidence);
    Ok(Audited {
        report,
        site: checked.site,
        theme,
    })
}
