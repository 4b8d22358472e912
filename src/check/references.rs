//! References between records resolve, and ids and item codes are unique.

use std::borrow::Cow;

use rustc_hash::FxHashMap;

use crate::content::yaml::Pos;
use crate::content::{Kind, Site, Source};
use crate::diag::{Diagnostic, Diagnostics};
use crate::msg;

pub(super) fn check(site: &Site, out: &mut Diagnostics) {
    duplicates(site, out);
    for item in &site.items {
        reference(
            site,
            out,
            &item.source,
            item.window.pos,
            &item.window.value,
            Kind::Window,
        );
    }
    for window in &site.windows {
        if let Some(chief) = &window.chief {
            reference(
                site,
                out,
                &window.source,
                chief.pos,
                &chief.value,
                Kind::Staff,
            );
        }
        for rule in &window.rules {
            reference(site, out, &window.source, rule.pos, &rule.value, Kind::Rule);
        }
    }
    for staff in &site.staff {
        if let Some(window) = &staff.window {
            reference(
                site,
                out,
                &staff.source,
                window.pos,
                &window.value,
                Kind::Window,
            );
        }
    }
}

fn exists(site: &Site, kind: Kind, id: &str) -> bool {
    site.is_unreadable(kind, id)
        || match kind {
            Kind::Window => site.window(id).is_some(),
            Kind::Staff => site.staff_member(id).is_some(),
            Kind::Rule => site.rule(id).is_some(),
            Kind::Item => site.item(id).is_some(),
            Kind::Notice | Kind::Page => true,
        }
}

fn reference(site: &Site, out: &mut Diagnostics, from: &Source, pos: Pos, id: &str, kind: Kind) {
    if exists(site, kind, id) {
        return;
    }
    let folder = kind.folder();
    let (noun_en, noun_zh, noun_tw) = match kind {
        Kind::Window => ("window", "窗口", "窗口"),
        Kind::Staff => ("staff member", "工作人员", "工作人員"),
        Kind::Rule => ("rule", "制度", "制度"),
        _ => ("record", "记录", "記錄"),
    };
    let mut known: Vec<&str> = match kind {
        Kind::Window => site.windows.iter().map(|w| w.source.id.as_str()).collect(),
        Kind::Staff => site.staff.iter().map(|s| s.source.id.as_str()).collect(),
        Kind::Rule => site.rules.iter().map(|r| r.source.id.as_str()).collect(),
        _ => Vec::new(),
    };
    known.sort_by_key(|k| strsim::levenshtein(k, id));
    let close = known.first().filter(|k| strsim::levenshtein(k, id) <= 2);
    let help = match close {
        Some(k) => msg!(
            "did you mean `{k}`?",
            "是否想写“{k}”？",
            "是否想寫「{k}」？"
        ),
        None => msg!(
            "ids are file names without extension in content/{folder}/",
            "编号是 content/{folder}/ 下的文件名（不含扩展名）",
            "編號是 content/{folder}/ 下的檔名（不含副檔名）"
        ),
    };
    out.push(
        Diagnostic::error(
            "E007",
            from.at(pos),
            msg!(
                "there is no {noun_en} `{id}` (content/{folder}/{id}.yaml)",
                "找不到{noun_zh}“{id}”（content/{folder}/{id}.yaml）",
                "找不到{noun_tw}「{id}」（content/{folder}/{id}.yaml）"
            ),
        )
        .with_help(help),
    );
}

fn duplicates(site: &Site, out: &mut Diagnostics) {
    let sources: [(Kind, Vec<&Source>); 6] = [
        (
            Kind::Window,
            site.windows.iter().map(|r| &r.source).collect(),
        ),
        (Kind::Item, site.items.iter().map(|r| &r.source).collect()),
        (Kind::Staff, site.staff.iter().map(|r| &r.source).collect()),
        (Kind::Rule, site.rules.iter().map(|r| &r.source).collect()),
        (
            Kind::Notice,
            site.notices.iter().map(|r| &r.source).collect(),
        ),
        (Kind::Page, site.pages.iter().map(|r| &r.source).collect()),
    ];
    for (_, list) in &sources {
        // In file order, so the later file of two is the one reported.
        let mut sorted = list.clone();
        sorted.sort_unstable_by(|a, b| a.file.cmp(&b.file));
        let mut seen: FxHashMap<&str, &Source> =
            FxHashMap::with_capacity_and_hasher(sorted.len(), Default::default());
        for source in &sorted {
            if let Some(first) = seen.get(source.id.as_str()) {
                let (id, other) = (&source.id, &first.file);
                out.push(
                    Diagnostic::error(
                        "E008",
                        crate::diag::Location::file(source.file.clone()),
                        msg!(
                            "id `{id}` is used twice: also {other}",
                            "编号“{id}”重复：{other} 也使用了它",
                            "編號「{id}」重複：{other} 也使用了它"
                        ),
                    )
                    .with_help(msg!(
                        "ids come from file names; rename one of the files",
                        "编号来自文件名，请重命名其中一个文件",
                        "編號來自檔名，請重新命名其中一個檔案"
                    )),
                );
            } else {
                seen.insert(&source.id, source);
            }
        }
        for d in case_collisions(&sorted) {
            out.push(d);
        }
    }
    let mut codes: FxHashMap<&str, &Source> =
        FxHashMap::with_capacity_and_hasher(site.items.len(), Default::default());
    let mut items: Vec<_> = site.items.iter().collect();
    items.sort_unstable_by(|a, b| a.source.file.cmp(&b.source.file));
    for item in items {
        let Some(code) = &item.code else { continue };
        if let Some(first) = codes.get(code.value.as_str()) {
            let (c, other) = (&code.value, &first.file);
            out.push(Diagnostic::error(
                "E009",
                item.source.at(code.pos),
                msg!(
                    "item code `{c}` is also used by {other}",
                    "事项编码“{c}”与 {other} 重复",
                    "事項編碼「{c}」與 {other} 重複"
                ),
            ));
        } else {
            codes.insert(&code.value, &item.source);
        }
    }
}

/// Two ids of one kind that differ only by case (`GJJ.yaml`, `gjj.yaml`) are one folder on
/// Windows and macOS, where one page would silently overwrite the other: E131 on the later
/// file (`sorted` is in file order).
fn case_collisions<'s>(sorted: &[&'s Source]) -> Vec<Diagnostic> {
    let mut seen: FxHashMap<Cow<'s, str>, &Source> =
        FxHashMap::with_capacity_and_hasher(sorted.len(), Default::default());
    let mut out = Vec::new();
    for source in sorted.iter().copied() {
        let key = crate::content::paths::case_key(&source.id);
        match seen.get(&key) {
            Some(first) if first.id != source.id => {
                let (id, other, other_id) = (&source.id, &first.file, &first.id);
                out.push(
                    Diagnostic::error(
                        "E131",
                        crate::diag::Location::file(source.file.clone()),
                        msg!(
                            "id `{id}` differs from `{other_id}` ({other}) only by case; on Windows and macOS they are the same file name",
                            "编号“{id}”与“{other_id}”（{other}）只有大小写不同，在 Windows 和 macOS 上是同一个文件名",
                            "編號「{id}」與「{other_id}」（{other}）只有大小寫不同，在 Windows 和 macOS 上是同一個檔名"
                        ),
                    )
                    .with_help(msg!(
                        "rename one of the files; lower-case ids such as gjj-withdraw avoid this",
                        "请重命名其中一个文件；编号全用小写（如 gjj-withdraw）可避免此问题",
                        "請重新命名其中一個檔案；編號全用小寫（如 gjj-withdraw）可避免此問題"
                    )),
                );
            }
            Some(_) => {}
            None => {
                seen.insert(key, source);
            }
        }
    }
    out
}
