//! Property tests: time limits and amounts read back the same from every printed wording;
//! generated pages never carry content as markup; output does not depend on the order files
//! were written to disk. Case counts are small so the file runs in seconds.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::hostile;
use common::{TODAY, TestSite, gongshi};
use gongshi::content::money::Amount;
use gongshi::content::timelimit::TimeLimit;
use gongshi::diag::Lang;
use gongshi::present::{Labels, Wording};
use gongshi::theme::Theme;
use proptest::prelude::*;
use rust_decimal::Decimal;

/// The default theme's labels for each language the site can be in.
fn labels() -> &'static [(Lang, Labels)] {
    static LABELS: OnceLock<Vec<(Lang, Labels)>> = OnceLock::new();
    LABELS.get_or_init(|| {
        let theme = Theme::builtin();
        [Lang::ZhCn, Lang::ZhTw, Lang::En]
            .into_iter()
            .map(|lang| (lang, theme.labels(lang)))
            .collect()
    })
}

fn time_limit() -> impl Strategy<Value = TimeLimit> {
    prop_oneof![
        Just(TimeLimit::Immediate),
        any::<u32>().prop_map(TimeLimit::WorkingDays),
        any::<u32>().prop_map(TimeLimit::Days),
        any::<u32>().prop_map(TimeLimit::Months),
        any::<u32>().prop_map(TimeLimit::Hours),
        (0u32..3).prop_map(TimeLimit::WorkingDays),
        (0u32..3).prop_map(TimeLimit::Days),
    ]
}

/// A yuan amount as the parser accepts it: up to nine digits and up to two decimals.
fn decimal() -> impl Strategy<Value = Decimal> {
    (0i64..1_000_000_000, 0i64..100, 0u32..3).prop_map(|(whole, cents, scale)| {
        let cents = match scale {
            0 => 0,
            1 => cents / 10 * 10,
            _ => cents,
        };
        Decimal::new(whole * 100 + cents, 2).normalize()
    })
}

fn amount() -> impl Strategy<Value = Amount> {
    prop_oneof![
        decimal().prop_map(Amount::Exact),
        (decimal(), decimal()).prop_map(|(a, b)| Amount::Range(a.min(b), a.max(b))),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn time_limits_read_back_from_every_wording(limit in time_limit()) {
        for (lang, labels) in labels() {
            let printed = Wording::new(*lang, labels).limit(limit);
            prop_assert_eq!(TimeLimit::parse(&printed), Some(limit), "{:?}: {}", lang, printed);
        }
    }

    #[test]
    fn amounts_read_back_from_every_wording(amount in amount()) {
        for (lang, labels) in labels() {
            let printed = Wording::new(*lang, labels).amount(&amount, None);
            prop_assert_eq!(Amount::parse(&printed), Some(amount), "{:?}: {}", lang, printed);
        }
    }

    /// What staff write, not only what gongshi prints: whatever parses, prints as something
    /// that parses to the same value.
    #[test]
    fn written_limits_and_amounts_survive_a_round_trip(
        limit in "[ ]?[0-9]{1,11}[ ]?(个|個)?(工作日|日|天|自然日|月|小时|小時|working days|days?|months?|hours?|h)",
        amount in "[¥￥]?[0-9]{1,10}(\\.[0-9]{1,3})?[ ]?(元)?([-～~—至–][¥￥]?[0-9]{1,10}(\\.[0-9]{1,2})?元?)?",
    ) {
        if let Some(parsed) = TimeLimit::parse(&limit) {
            for (lang, labels) in labels() {
                let printed = Wording::new(*lang, labels).limit(parsed);
                prop_assert_eq!(TimeLimit::parse(&printed), Some(parsed), "{} → {}", limit, printed);
            }
        }
        if let Some(parsed) = Amount::parse(&amount) {
            for (lang, labels) in labels() {
                let printed = Wording::new(*lang, labels).amount(&parsed, None);
                prop_assert_eq!(Amount::parse(&printed), Some(parsed), "{} → {}", amount, printed);
            }
        }
    }
}

/// `build SITE -o OUT` with the test's date, `--no-print` when asked.
fn build(site: &Path, out: &Path, print: bool) {
    let mut cmd = gongshi();
    cmd.env("GONGSHI_TODAY", TODAY)
        .arg("build")
        .arg(site)
        .arg("-o")
        .arg(out);
    if !print {
        cmd.arg("--no-print");
    }
    let result = cmd.output().expect("run gongshi");
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(
        result.status.success() && !stderr.contains("panicked"),
        "build of {} failed: {stderr}",
        site.display()
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4))]

    /// Every text field of every kind holds the payload; every page shows it as text.
    #[test]
    fn content_never_becomes_markup(
        parts in prop::collection::vec(prop::sample::select(hostile::FRAGMENTS), 1..6)
    ) {
        // `<gsx>` first: the payload always opens a tag, and is found on the item page.
        let payload = format!("<gsx>{}", parts.concat());
        let site = TestSite::new();
        hostile::write_site(&site, &payload);
        let out = site.path().join("out");
        build(site.path(), &out, false);
        hostile::assert_only_text(&out);
        let text = hostile::page_text(&out, &format!("items/{}/index.html", hostile::ITEM_ID));
        prop_assert!(text.contains(&payload), "{} not shown as text in {}", payload, text);
    }
}

/// The reference site's files, in sorted order.
fn reference_files() -> Vec<PathBuf> {
    let root = common::reference_site();
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(&root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(&root).expect("prefix").to_path_buf())
        .collect();
    files.sort();
    files
}

/// Copies the reference site into `to`, creating files (and so directory entries) in the
/// order given.
fn write_in_order(files: &[PathBuf], to: &Path) {
    let root = common::reference_site();
    for rel in files {
        let target = to.join(rel);
        std::fs::create_dir_all(target.parent().expect("parent")).expect("mkdir");
        std::fs::copy(root.join(rel), &target).expect("copy");
    }
}

/// The reference site written in sorted order and built (web and print), once.
fn baseline() -> &'static BTreeMap<String, Vec<u8>> {
    static BASELINE: OnceLock<BTreeMap<String, Vec<u8>>> = OnceLock::new();
    BASELINE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp");
        write_in_order(&reference_files(), &dir.path().join("site"));
        build(&dir.path().join("site"), &dir.path().join("out"), true);
        common::file_tree(&dir.path().join("out"))
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2))]

    /// The same files written in another order (so listed in another order by the file
    /// system) build to the same bytes, web and print.
    #[test]
    fn output_does_not_depend_on_the_order_files_were_written(
        order in Just(reference_files()).prop_shuffle()
    ) {
        let dir = tempfile::tempdir().expect("temp");
        let site = dir.path().join("site");
        write_in_order(&order, &site);
        build(&site, &dir.path().join("out"), true);
        let shuffled = common::file_tree(&dir.path().join("out"));
        let expected = baseline();
        let paths = |t: &BTreeMap<String, Vec<u8>>| t.keys().cloned().collect::<Vec<_>>();
        prop_assert_eq!(paths(&shuffled), paths(expected));
        for (path, bytes) in &shuffled {
            prop_assert!(bytes == &expected[path], "{} differs", path);
        }
    }
}
