//! `gongshi new KIND ID`: a commented skeleton of one content file. Keys come from
//! [`crate::content::spec`] (Chinese aliases for Chinese sites, English keys otherwise), so a
//! skeleton can never use a key the loader does not know.
//!
//! The keys to fill in are written with an empty value and a comment saying so (the file
//! does not check until they are filled, so nothing half-written is published by accident);
//! every other key of the kind follows, commented out, with its description.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::{Error, is_valid_id};
use crate::content::Kind;
use crate::content::spec::{self, Field, Shape};
use crate::content::vocabulary::{self, Vocabulary};
use crate::diag::Lang;
use crate::msg;

/// Writes a commented skeleton for a new `kind` record with `id` in the site at `root`, in
/// the site's language; returns its path. Never overwrites a file.
pub fn new_file(root: &Path, kind: &str, id: &str) -> Result<PathBuf, Error> {
    let lang = if root.join("site.yaml").is_file() {
        crate::content::load::load_site_config(root).0.language
    } else {
        let dir = root.display();
        return Err(Error::new(
            2,
            msg!(
                "no site.yaml in {dir}: this is not a gongshi site (make one with `gongshi init DIR`)",
                "{dir} 中没有 site.yaml，不是 gongshi 站点（可用 `gongshi init 目录` 新建）",
                "{dir} 中沒有 site.yaml，不是 gongshi 站點（可用 `gongshi init 目錄` 新建）"
            ),
            Lang::default(),
        ));
    };
    let Some(kind) = Kind::parse(kind) else {
        let names = vocabulary::listing::<Kind>(", ");
        return Err(Error::new(
            2,
            msg!(
                "unknown kind `{kind}`; use one of: {names}",
                "未知的类型“{kind}”，可用：{names}",
                "未知的類型「{kind}」，可用：{names}"
            ),
            lang,
        ));
    };
    if !is_valid_id(id) {
        return Err(Error::new(
            2,
            msg!(
                "`{id}` is not a valid id: use lower-case letters, digits and hyphens, like gjj-withdraw (it becomes the file name and the URL)",
                "“{id}”不能作为编号：请只用小写字母、数字和连字符，如 gjj-withdraw（它会成为文件名和网址）",
                "「{id}」不能作為編號：請只用小寫字母、數字和連字號，如 gjj-withdraw（它會成為檔名和網址）"
            ),
            lang,
        ));
    }
    let folder = root.join("content").join(kind.folder());
    for ext in ["yaml", "yml", "md"] {
        let existing = folder.join(format!("{id}.{ext}"));
        if existing.exists() {
            let path = existing.display();
            return Err(Error::new(
                1,
                msg!(
                    "{path} already exists; it was left unchanged (choose another id or edit that file)",
                    "{path} 已存在，未作改动（请换一个编号，或直接编辑该文件）",
                    "{path} 已存在，未作改動（請換一個編號，或直接編輯該檔案）"
                ),
                lang,
            ));
        }
    }
    if let Some(other) = same_but_for_case(&folder, id) {
        let path = other.display();
        return Err(Error::new(
            1,
            msg!(
                "{path} differs from `{id}` only by case; on Windows and macOS that is the same file (choose another id)",
                "{path} 与“{id}”只有大小写不同，在 Windows 和 macOS 上是同一个文件（请换一个编号）",
                "{path} 與「{id}」只有大小寫不同，在 Windows 和 macOS 上是同一個檔案（請換一個編號）"
            ),
            lang,
        ));
    }
    let ext = if kind.is_markdown() { "md" } else { "yaml" };
    let path = folder.join(format!("{id}.{ext}"));
    let text = skeleton(kind, id, lang, crate::content::Date::today());
    let io = |e: std::io::Error| Error::cannot_write(&path, &e, lang);
    // Never overwrite, even if the file appeared meanwhile; whole or not at all.
    crate::output::write_new_file(&path, text.as_bytes()).map_err(io)?;
    Ok(path)
}

/// A content file in `folder` whose id meets `id` on a case-insensitive disk.
fn same_but_for_case(folder: &std::path::Path, id: &str) -> Option<std::path::PathBuf> {
    let key = crate::content::paths::case_key(id);
    std::fs::read_dir(folder).ok()?.flatten().find_map(|e| {
        let path = e.path();
        let stem = path.file_stem()?.to_str()?;
        (stem != id && crate::content::paths::case_key(stem) == key).then_some(path)
    })
}

/// The key of `name` in `shape` as written in a site of `lang`.
fn key(shape: &Shape, name: &str, lang: Lang) -> &'static str {
    match shape.field(name) {
        Some(f) if lang.is_chinese() => f.alias,
        Some(f) => f.key,
        None => "",
    }
}

fn doc(field: &Field, lang: Lang) -> &'static str {
    if lang.is_chinese() {
        field.zh
    } else {
        field.en
    }
}

/// Words of the skeleton comments.
struct Words {
    fill: &'static str,
    audit: &'static str,
    header: &'static str,
    optional: &'static str,
    body: &'static str,
}

fn words(lang: Lang) -> Words {
    if lang.is_chinese() {
        Words {
            fill: "必填",
            audit: "公示要求，请填写",
            header: "值为空、注明“必填”或“公示要求”的键请填写；以 # 开头的是可选项，去掉 # 即可启用。\n# 键也可以写英文；全部键及说明见 `gongshi schema`。",
            optional: "可选项",
            body: "正文写在下面一行 --- 之后（Markdown）。",
        }
    } else {
        Words {
            fill: "required",
            audit: "expected by the disclosure checklist, fill it in",
            header: "Fill in every key with an empty value (marked required or expected); lines starting with # are optional,\n# remove the # to use them. Chinese keys work too; `gongshi schema` lists every key.",
            optional: "Optional",
            body: "The body follows the closing --- line (Markdown).",
        }
    }
}

/// One key to fill in: `key:   # required: doc`.
fn fill(out: &mut String, indent: &str, shape: &Shape, name: &str, lang: Lang, audit: bool) {
    let w = words(lang);
    let Some(field) = shape.field(name) else {
        return;
    };
    let note = if audit { w.audit } else { w.fill };
    let k = key(shape, name, lang);
    let colon = if lang.is_chinese() { "：" } else { ": " };
    let _ = writeln!(out, "{indent}{k}:   # {note}{colon}{}", doc(field, lang));
}

/// Every other key of `shape`, commented out.
fn optional(out: &mut String, shape: &Shape, skip: &[&str], lang: Lang) {
    let w = words(lang);
    let rest: Vec<&Field> = shape
        .fields
        .iter()
        .filter(|f| !skip.contains(&f.key))
        .collect();
    if rest.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n# {}", w.optional);
    for f in rest {
        let k = if lang.is_chinese() { f.alias } else { f.key };
        let _ = writeln!(out, "# {k}:   # {}", doc(f, lang));
    }
}

/// The skeleton text of a new record (see the module documentation); an item is dated
/// `today` (its 更新日期).
pub fn skeleton(kind: Kind, id: &str, lang: Lang, today: crate::content::Date) -> String {
    let w = words(lang);
    let s = kind.shape();
    let noun = if lang.is_chinese() {
        s.noun_zh
    } else {
        s.noun_en
    };
    let mut out = String::new();
    let md = kind.is_markdown();
    if md {
        out.push_str("---\n");
    }
    let _ = writeln!(out, "# {noun}: {id}\n# {}", w.header);
    let filled: &[&str] = match kind {
        Kind::Item => {
            for k in ["name", "window", "case_type", "fees"] {
                fill(&mut out, "", s, k, lang, false);
            }
            fill(&mut out, "", s, "basis", lang, true);
            let _ = writeln!(out, "  -");
            fill(&mut out, "", s, "time_limit", lang, true);
            for k in ["legal", "promised"] {
                fill(&mut out, "  ", &spec::TIME_LIMIT, k, lang, true);
            }
            fill(&mut out, "", s, "materials", lang, true);
            let m = &spec::MATERIAL;
            let _ = writeln!(out, "  - {}:   # {}", key(m, "name", lang), w.fill);
            let _ = writeln!(out, "    {}: 1", key(m, "original", lang));
            let _ = writeln!(out, "    # {}: 1", key(m, "copy", lang));
            fill(&mut out, "", s, "procedure", lang, true);
            let st = &spec::STEP;
            let _ = writeln!(out, "  - {}:   # {}", key(st, "name", lang), w.fill);
            let _ = writeln!(out, "    # {}:", key(st, "actor", lang));
            let _ = writeln!(out, "    # {}:", key(st, "limit", lang));
            if let Some(updated) = s.field("updated") {
                let _ = writeln!(
                    out,
                    "{}: {today}   # {}",
                    key(s, "updated", lang),
                    doc(updated, lang)
                );
            }
            if lang.is_chinese() {
                out.push_str("# 收费示例（代替上面的“不收费”）：\n# 收费标准:\n#   - 收费项目: 工本费\n#     金额: 10\n#     收费依据: 文件名称与文号\n");
            } else {
                out.push_str("# Fees example (instead of `free`):\n# fees:\n#   - name: Certificate fee\n#     amount: 10\n#     basis: Document name and number\n");
            }
            &[
                "name",
                "window",
                "case_type",
                "fees",
                "basis",
                "time_limit",
                "materials",
                "procedure",
                "updated",
            ]
        }
        Kind::Window => {
            fill(&mut out, "", s, "number", lang, false);
            fill(&mut out, "", s, "name", lang, false);
            &["number", "name"]
        }
        Kind::Staff => {
            fill(&mut out, "", s, "name", lang, false);
            fill(&mut out, "", s, "window", lang, true);
            fill(&mut out, "", s, "photo", lang, true);
            &["name", "window", "photo"]
        }
        Kind::Rule | Kind::Page => {
            fill(&mut out, "", s, "title", lang, false);
            &["title"]
        }
        Kind::Notice => {
            fill(&mut out, "", s, "title", lang, false);
            fill(&mut out, "", s, "date", lang, false);
            &["title", "date"]
        }
    };
    optional(&mut out, s, filled, lang);
    if md {
        let _ = writeln!(out, "# {}\n---\n", w.body);
    }
    out
}
