//! Web and print say the same thing the same way, and print points at pages that exist:
//! - for every item of the bundled example and the reference site, the fee, time-limit and
//!   case-type strings of the item page, who does each procedure step and in how long, and
//!   each special step's terms appear as they are in the guide PDF's text, and every fee with
//!   its amount in the handout's;
//! - every URL in a QR code (or in a sheet's text) resolves to a page of the built site;
//! - print follows the site language (zh-TW, en), like the web.
//!
//! Needs poppler-utils and fonts-noto-cjk (scripts/setup.sh installs them).

mod common;

use std::path::{Path, PathBuf};

use common::*;
use gongshi::content::{Product, Site};
use gongshi::diag::Lang;
use gongshi::present::{Labels, Wording};
use gongshi::print::plan::{self, Selection, SheetJob};
use gongshi::routes;
use gongshi::theme::Theme;
use scraper::{Html, Selector};

fn squeeze(s: &str) -> String {
    s.split_whitespace().collect()
}

fn text(el: scraper::ElementRef) -> String {
    squeeze(&el.text().collect::<String>())
}

/// What the item page says: (label, text) of every fact of its summary, and its fees.
struct PageFacts {
    html: Html,
    facts: Vec<(String, String)>,
    fee_amounts: Vec<String>,
    fee_names: Vec<String>,
}

impl PageFacts {
    /// The text of every element `selector` finds on the page, white space left out.
    fn texts(&self, selector: &str) -> Vec<String> {
        let selector = Selector::parse(selector).expect("selector");
        self.html.select(&selector).map(text).collect()
    }
}

fn page_facts(page: &Path) -> PageFacts {
    let html = Html::parse_document(&std::fs::read_to_string(page).expect("item page"));
    let row = Selector::parse("dl.facts > div").expect("selector");
    let (dt, dd) = (
        Selector::parse("dt").expect("dt"),
        Selector::parse("dd").expect("dd"),
    );
    let facts = html
        .select(&row)
        .filter_map(|r| Some((text(r.select(&dt).next()?), text(r.select(&dd).next()?))))
        .collect();
    let amount = Selector::parse("ul.fees li .big").expect("selector");
    let name = Selector::parse("ul.fees li .fee-name").expect("selector");
    let fee_amounts = html.select(&amount).map(text).collect();
    let fee_names = html.select(&name).map(text).collect();
    PageFacts {
        html,
        facts,
        fee_amounts,
        fee_names,
    }
}

fn fact<'a>(facts: &'a PageFacts, label: &str) -> Option<&'a str> {
    facts
        .facts
        .iter()
        .find(|(l, _)| l == label)
        .map(|(_, v)| v.as_str())
}

fn load(root: &Path) -> (Site, Labels) {
    let checked = gongshi::load_and_check(root).expect("a site");
    assert!(!checked.diagnostics.has_errors());
    let theme = Theme::load(root, checked.site.config.theme.as_deref()).expect("theme");
    let labels = theme.labels(checked.site.config.language);
    (checked.site, labels)
}

fn assert_parity(which: &str, root: &Path) {
    let out = built(which).join("out");
    let (site, labels) = load(root);
    let label = |k: &str| squeeze(&labels[k]);
    let mut checked = 0;
    for item in &site.items {
        let id = &item.source.id;
        let page = page_facts(&out.join(routes::Route::Item(id.as_str()).path()));
        let sheet =
            |product| pdf_text(&out.join(routes::PRINT_DIR).join(routes::sheet(product, id)));
        let (guide, handout) = (sheet(Product::Guide), sheet(Product::Handout));
        // The font draws the middle dot · with the glyph of the bullet •, so the PDF's text
        // gives it back as that.
        let guide = guide.replace('•', "·");
        let mut strings: Vec<(String, String)> = Vec::new();
        for key in ["case_type", "legal_limit", "promised_limit"] {
            if let Some(v) = fact(&page, &label(key)) {
                strings.push((key.into(), v.to_string()));
            }
        }
        let fees = fact(&page, &label("fees")).expect("every item page states its fees");
        if page.fee_amounts.is_empty() {
            assert_eq!(fees, label("free"), "{id}: fees");
            strings.push(("fees".into(), fees.to_string()));
            assert!(handout.contains(fees), "{id}: handout lacks {fees}");
        }
        for (name, amount) in page.fee_names.iter().zip(&page.fee_amounts) {
            strings.push(("fee".into(), amount.clone()));
            assert!(
                handout.contains(&format!("{name}{amount}")),
                "{id}: the handout lacks the fee {name} {amount}: {handout}"
            );
        }
        assert!(strings.len() >= 3, "{id}: too few facts found on the page");
        // Who does each step and in how long, and each special step's terms and basis: the
        // flowchart's boxes and the guide's lists word them as the page does.
        for (what, selector) in [
            ("procedure step", "ol.steps > li > span.meta"),
            ("special step", "ul.special > li"),
        ] {
            for s in page.texts(selector) {
                strings.push((what.into(), s));
            }
        }
        for (what, s) in &strings {
            assert!(
                guide.contains(s.as_str()),
                "{which} {id}: the page's {what} `{s}` is not in the guide PDF: {guide}"
            );
            checked += 1;
        }
    }
    assert!(checked > site.items.len() * 3, "{checked} strings compared");
}

#[test]
fn bundled_example_web_and_print_word_facts_alike() {
    assert_parity("example", &bundled_site());
}

#[test]
fn reference_site_web_and_print_word_facts_alike() {
    assert_parity("reference", &reference_site());
}

/// The output file a public URL of the site names, when it lies under `base_url`.
fn target(out: &Path, base_url: &str, url: &str) -> Option<PathBuf> {
    let rel = url.strip_prefix(base_url)?;
    let rel = routes::decode(rel.split(['#', '?']).next().unwrap_or(""))
        .unwrap_or_else(|| panic!("malformed URL {url}"));
    Some(if rel.is_empty() || rel.ends_with('/') {
        out.join(rel).join("index.html")
    } else {
        out.join(rel)
    })
}

fn jobs(site: &Site, labels: &Labels) -> Vec<SheetJob> {
    let settings = plan::settings(site).expect("print settings");
    let words = Wording::new(site.config.language, labels);
    plan::plan(site, &settings, &Selection::default(), &words)
}

fn assert_print_urls_resolve(which: &str, root: &Path) {
    let out = built(which).join("out");
    let (site, labels) = load(root);
    let base = &site.config.base_url;
    let mut qr = 0;
    for job in jobs(&site, &labels) {
        let Some(url) = &job.parts.qr_url else {
            continue;
        };
        // The QR code on the sheet is exactly this URL's code.
        let svg = job
            .parts
            .virtual_files()
            .into_iter()
            .find(|(p, _)| p == "/qr.svg")
            .map(|(_, bytes)| String::from_utf8_lossy(&bytes).into_owned())
            .unwrap_or_else(|| panic!("{}: no QR code", job.path));
        assert_eq!(
            svg,
            gongshi::graphics::qr_svg(url).expect("qr"),
            "{}",
            job.path
        );
        let file = target(&out, base, url)
            .unwrap_or_else(|| panic!("{}: QR URL {url} is not under {base}", job.path));
        assert!(
            file.is_file(),
            "{}: QR URL {url} → {} does not exist",
            job.path,
            file.display()
        );
        qr += 1;
        // Any address of the site printed as text must resolve too.
        let pdf = out.join(routes::PRINT_DIR).join(&job.path);
        let printed = common::pdf::PdfFile::open(&pdf).text();
        for word in printed
            .split_whitespace()
            .filter(|w| w.starts_with(base.as_str()))
        {
            let file = target(&out, base, word).expect("under base");
            assert!(file.is_file(), "{}: printed URL {word} missing", job.path);
        }
    }
    let windows = site.windows.len();
    assert!(
        qr >= windows + 2 * site.items.len() + 2,
        "{which}: only {qr} QR codes checked"
    );
}

#[test]
fn bundled_example_qr_codes_lead_to_built_pages() {
    assert_print_urls_resolve("example", &bundled_site());
}

#[test]
fn reference_site_qr_codes_lead_to_built_pages() {
    assert_print_urls_resolve("reference", &reference_site());
}

/// Prints the guide and handout of one window of a copy of the reference site in `lang`.
fn print_in(lang: Lang) -> (tempfile::TempDir, Site, Labels) {
    let dir = tempfile::tempdir().expect("temp");
    copy_dir(&reference_site(), dir.path());
    let yaml = std::fs::read_to_string(dir.path().join("site.yaml")).expect("site.yaml");
    let yaml = yaml
        .lines()
        .filter(|l| !l.starts_with("language:") && !l.starts_with("语言:"))
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(
        dir.path().join("site.yaml"),
        format!("{yaml}\nlanguage: {}\n", lang.tag()),
    )
    .expect("write");
    let out = gongshi()
        .arg("print")
        .arg(dir.path())
        .args(["-o"])
        .arg(dir.path().join("print"))
        .args(["--only", "guide,handout,window_board", "--window", "gjj"])
        .output()
        .expect("run gongshi print");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (site, labels) = load(dir.path());
    (dir, site, labels)
}

#[test]
fn print_follows_the_site_language() {
    for lang in [Lang::En, Lang::ZhTw] {
        let (dir, site, labels) = print_in(lang);
        let words = Wording::new(lang, &labels);
        let item = site
            .items
            .iter()
            .find(|i| i.window.value == "gjj")
            .expect("an item at gjj");
        let printed = dir.path().join("print");
        let guide = pdf_text(&printed.join(routes::sheet(Product::Guide, &item.source.id)));
        for key in ["product_guide", "legal_limit", "materials", "procedure"] {
            assert!(
                guide.contains(&squeeze(&labels[key])),
                "{lang:?}: the guide lacks `{}`: {guide}",
                labels[key]
            );
        }
        let promised = item.time_limit.promised.as_ref().expect("promised");
        assert!(guide.contains(&squeeze(&words.limit(promised.value))));
        // Typst breaks lines and sets the PDF's document language by the site language.
        let pdf = std::fs::read(printed.join(routes::sheet(Product::Guide, &item.source.id)))
            .expect("guide pdf");
        let catalog_lang = format!("/Lang({})", lang.tag());
        assert!(
            pdf.windows(catalog_lang.len())
                .any(|w| w == catalog_lang.as_bytes()),
            "{lang:?}: the guide PDF lacks {catalog_lang}"
        );
        let board = pdf_text(&printed.join(routes::sheet(Product::WindowBoard, "gjj")));
        let window = site.window("gjj").expect("gjj");
        assert!(
            board.contains(&squeeze(&words.window_number(&window.number.value)))
                || board.contains(&squeeze(&labels["window_items"])),
            "{lang:?}: {board}"
        );
        assert!(board.contains(&squeeze(&labels["revision"])), "{board}");
        if lang == Lang::En {
            for chinese in ["办事指南", "申请材料", "办理流程", "修订", "收费标准"]
            {
                assert!(
                    !guide.contains(chinese),
                    "an English guide still says {chinese}"
                );
            }
        }
    }
}
