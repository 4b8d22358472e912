//! The shared synthetic corpus (tests/common/corpus.rs): valid, deterministic, careful with
//! folders it did not make, and the same items for the peers as for gongshi.

mod common;

use common::corpus::{self, Corpus, MARKER};

#[test]
fn generated_site_checks_clean_and_builds_a_page_per_item() {
    let dir = tempfile::tempdir().expect("temp dir");
    let site = dir.path().join("site");
    let summary = corpus::generate(120, &site).expect("generate");
    assert_eq!(
        (summary.items, summary.windows, summary.staff),
        (120, 5, 10)
    );

    let files = common::file_tree(&site);
    let items: Vec<&String> = files
        .keys()
        .filter(|k| k.starts_with("content/items/"))
        .collect();
    assert_eq!(items.len(), 120);
    assert_eq!(
        items.iter().filter(|k| k.ends_with(".md")).count(),
        12,
        "every tenth is .md"
    );
    let zh_keys = files
        .iter()
        .filter(|(k, v)| k.starts_with("content/items/") && v.starts_with("事项名称".as_bytes()))
        .count();
    assert!(zh_keys > 10, "some items use the Chinese keys ({zh_keys})");
    let photo = image::load_from_memory(&files["content/photos/staff-1.jpg"]).expect("a JPEG");
    assert_eq!((photo.width(), photo.height()), (600, 800));
    assert!(files["content/forms/form-1.pdf"].starts_with(b"%PDF-1.4"));

    let (code, diags) = common::check_dir(&site, &[]);
    assert_eq!(
        (code, diags.len()),
        (0, 0),
        "the corpus checks clean: {diags:#?}"
    );

    let out = dir.path().join("out");
    let status = common::gongshi()
        .arg("build")
        .arg(&site)
        .args(["--no-print", "-o"])
        .arg(&out)
        .output()
        .expect("run gongshi");
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let corpus = Corpus::new(120);
    for item in &corpus.items {
        let page = std::fs::read_to_string(out.join("items").join(&item.id).join("index.html"))
            .unwrap_or_else(|e| panic!("no page for {}: {e}", item.id));
        let html = scraper::Html::parse_document(&page);
        let h1 = scraper::Selector::parse("h1").expect("selector");
        let title: String = html.select(&h1).next().expect("an h1").text().collect();
        assert_eq!(title.trim(), item.name);
        // The item text (about 1.5 KB) is on the page, as it is on the peers' pages.
        let sentence = item.prose.lines().next().expect("prose").split('。').next();
        assert!(page.contains(sentence.expect("a sentence")), "{}", item.id);
        assert!(
            item.prose.len() >= 1400,
            "{}: {} bytes",
            item.id,
            item.prose.len()
        );
    }
}

#[test]
fn same_size_same_bytes_and_items_do_not_depend_on_size() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (a, b, c) = (
        dir.path().join("a"),
        dir.path().join("b"),
        dir.path().join("c"),
    );
    corpus::generate(40, &a).expect("generate a");
    corpus::generate(40, &b).expect("generate b");
    assert!(
        common::file_tree(&a) == common::file_tree(&b),
        "two runs wrote different bytes"
    );

    corpus::generate(41, &c).expect("generate c");
    let (a, c) = (common::file_tree(&a), common::file_tree(&c));
    // Both sizes have two windows, so the first 40 items are the same files.
    assert_eq!(
        c.keys().filter(|k| k.starts_with("content/items/")).count(),
        41
    );
    for (path, bytes) in a.iter().filter(|(k, _)| k.starts_with("content/items/")) {
        assert!(
            c.get(path) == Some(bytes),
            "{path} differs between N=40 and N=41"
        );
    }
}

#[test]
fn refuses_a_folder_it_did_not_make_and_empties_one_it_did() {
    let dir = tempfile::tempdir().expect("temp dir");
    let foreign = dir.path().join("foreign");
    std::fs::create_dir_all(&foreign).expect("mkdir");
    std::fs::write(foreign.join("keep.txt"), "mine").expect("write");
    let err = corpus::generate(3, &foreign).expect_err("must refuse");
    assert!(err.to_string().contains("refusing"), "{err}");
    assert_eq!(
        std::fs::read_to_string(foreign.join("keep.txt")).expect("kept"),
        "mine"
    );
    assert!(!foreign.join(MARKER).exists());

    let ours = dir.path().join("ours");
    corpus::generate(30, &ours).expect("generate");
    std::fs::write(ours.join("content/items/stale.yaml"), "x").expect("write");
    corpus::generate(3, &ours).expect("regenerate");
    let items = std::fs::read_dir(ours.join("content/items"))
        .expect("items")
        .count();
    assert_eq!(items, 3, "the stale file and the 27 extra items are gone");
}

#[test]
fn peers_get_one_page_per_item_with_the_same_title_and_text() {
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = Corpus::new(60);
    let zola = corpus.write_zola(&dir.path().join("zola")).expect("zola");
    let hugo = corpus.write_hugo(&dir.path().join("hugo")).expect("hugo");
    assert_eq!((zola.items, zola.windows), (60, 2));
    assert_eq!((hugo.items, hugo.windows), (60, 2));
    for (root, config) in [("zola", "config.toml"), ("hugo", "hugo.toml")] {
        let files = common::file_tree(&dir.path().join(root));
        assert!(files.contains_key(config));
        for window in &corpus.windows {
            assert!(files.contains_key(&format!("content/{}/_index.md", window.id)));
        }
        for item in &corpus.items {
            let window = &corpus.windows[item.window].id;
            let page = &files[&format!("content/{window}/{}.md", item.id)];
            let page = std::str::from_utf8(page).expect("utf-8");
            assert!(
                page.contains(&format!("title = \"{}\"", item.name)),
                "{root} {}",
                item.id
            );
            assert!(
                page.contains(&item.prose),
                "{root} {}: the same text",
                item.id
            );
            assert!(
                page.contains("## 申请材料\n\n| 序号 | 材料名称"),
                "{root}: materials table"
            );
            for m in &item.materials {
                assert!(
                    page.contains(&format!("| {} |", m.name)),
                    "{root} {}",
                    item.id
                );
            }
            if item.fees.is_empty() {
                assert!(page.contains("## 收费标准\n\n不收费"));
            } else {
                assert!(page.contains("| 收费项目 | 金额（元） |"));
            }
        }
    }
}
