//! Scaffolds: `gongshi new` writes one commented content file, `gongshi init` a whole new
//! site. Keys come from [`crate::content::spec`] (Chinese aliases for Chinese sites, English
//! keys otherwise), so a scaffold can never use a key the loader does not know.
//!
//! In a `new` skeleton, the keys to fill in are written with an empty value and a comment
//! saying so (the file does not check until they are filled, so nothing half-written is
//! published by accident); every other key of the kind follows, commented out, with its
//! description.

use std::fmt;
use std::fmt::Write as _;
use std::io::Cursor;
use std::path::{Path, PathBuf};

use crate::content::load::Kind;
use crate::content::spec::{self, Field, Shape};
use crate::diag::{Lang, Message};
use crate::msg;

/// Why a scaffold was not written.
#[derive(Debug)]
pub struct Error {
    /// 1 when the target exists or writing failed, 2 for usage errors.
    code: u8,
    message: Message,
    lang: Lang,
}

impl Error {
    fn new(code: u8, message: Message, lang: Lang) -> Error {
        Error {
            code,
            message,
            lang,
        }
    }

    /// The process exit code for this error.
    pub fn exit_code(&self) -> u8 {
        self.code
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message.text(self.lang))
    }
}

impl std::error::Error for Error {}

/// The kinds `gongshi new` knows, by the name used on the command line.
pub const KINDS: &[(&str, Kind)] = &[
    ("item", Kind::Item),
    ("window", Kind::Window),
    ("staff", Kind::Staff),
    ("rule", Kind::Rule),
    ("notice", Kind::Notice),
    ("page", Kind::Page),
];

/// True for ids that make good file names and URLs: lower-case ASCII letters, digits, `-`
/// and `_`, starting with a letter or digit, at most 64 characters.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
        && id.as_bytes()[0].is_ascii_alphanumeric()
}

fn is_markdown(kind: Kind) -> bool {
    matches!(kind, Kind::Rule | Kind::Notice | Kind::Page)
}

fn shape(kind: Kind) -> &'static Shape {
    match kind {
        Kind::Item => &spec::ITEM,
        Kind::Window => &spec::WINDOW,
        Kind::Staff => &spec::STAFF,
        Kind::Rule => &spec::RULE,
        Kind::Notice => &spec::NOTICE,
        Kind::Page => &spec::PAGE,
    }
}

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
    let Some(&(_, kind)) = KINDS.iter().find(|(name, _)| *name == kind) else {
        let names = KINDS.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ");
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
    let ext = if is_markdown(kind) { "md" } else { "yaml" };
    let path = folder.join(format!("{id}.{ext}"));
    let text = skeleton(kind, id, lang);
    let io = |e: std::io::Error| {
        let p = path.display();
        Error::new(
            1,
            msg!(
                "cannot write {p}: {e}",
                "无法写入 {p}：{e}",
                "無法寫入 {p}：{e}"
            ),
            lang,
        )
    };
    std::fs::create_dir_all(&folder).map_err(io)?;
    // create_new: never overwrite, even if the file appeared meanwhile.
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(io)?;
    std::io::Write::write_all(&mut file, text.as_bytes()).map_err(io)?;
    Ok(path)
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

/// The skeleton text of a new record (see the module documentation).
pub fn skeleton(kind: Kind, id: &str, lang: Lang) -> String {
    let w = words(lang);
    let s = shape(kind);
    let noun = if lang.is_chinese() {
        s.noun_zh
    } else {
        s.noun_en
    };
    let mut out = String::new();
    let md = is_markdown(kind);
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

/// Makes a new site in `dir` (which must be absent or empty): a commented site.yaml, one
/// window, one item, one staff member with a placeholder photo and the five default rules.
/// Returns the files written.
pub fn init(dir: &Path, lang: Lang) -> Result<Vec<PathBuf>, Error> {
    let io = |path: &Path, e: std::io::Error| {
        let p = path.display();
        Error::new(
            1,
            msg!(
                "cannot write {p}: {e}",
                "无法写入 {p}：{e}",
                "無法寫入 {p}：{e}"
            ),
            lang,
        )
    };
    if dir.exists() {
        let mut entries = std::fs::read_dir(dir).map_err(|e| io(dir, e))?;
        if entries.next().is_some() {
            let d = dir.display();
            return Err(Error::new(
                1,
                msg!(
                    "{d} is not empty; `gongshi init` only writes into a new or empty folder",
                    "{d} 不是空文件夹；`gongshi init` 只在新的或空的文件夹中新建站点",
                    "{d} 不是空資料夾；`gongshi init` 只在新的或空的資料夾中新建站點"
                ),
                lang,
            ));
        }
    }
    let mut files: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    let t = texts(lang);
    let mut add = |rel: &str, text: String| files.push((dir.join(rel), text.into_bytes()));
    add("site.yaml", t.site);
    add("content/windows/general.yaml", t.window);
    add("content/items/sample-item.yaml", t.item);
    add("content/staff/sample-staff.yaml", t.staff);
    for (id, text) in t.rules {
        add(&format!("content/rules/{id}.md"), text);
    }
    files.push((
        dir.join("content/photos/sample-staff.jpg"),
        placeholder_photo(),
    ));
    let mut written = Vec::new();
    for (path, bytes) in files {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| io(parent, e))?;
        }
        std::fs::write(&path, bytes).map_err(|e| io(&path, e))?;
        written.push(path);
    }
    Ok(written)
}

/// A 300×400 neutral grey JPEG with a lighter head-and-shoulders shape, standing in for a
/// staff photo until the real one is added.
pub fn placeholder_photo() -> Vec<u8> {
    let (w, h) = (300u32, 400u32);
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        let (fx, fy) = (x as f32, y as f32);
        let head = ((fx - 150.0) / 62.0).powi(2) + ((fy - 150.0) / 75.0).powi(2) <= 1.0;
        let shoulders =
            fy > 250.0 && ((fx - 150.0) / 130.0).powi(2) + ((fy - 400.0) / 140.0).powi(2) <= 1.0;
        if head || shoulders {
            image::Rgb([205, 208, 212])
        } else {
            image::Rgb([150, 155, 162])
        }
    });
    let mut bytes = Cursor::new(Vec::new());
    // Encoding an in-memory RGB image cannot fail; fall back to nothing rather than panic.
    let _ = img.write_to(&mut bytes, image::ImageFormat::Jpeg);
    bytes.into_inner()
}

struct Texts {
    site: String,
    window: String,
    item: String,
    staff: String,
    rules: Vec<(&'static str, String)>,
}

fn texts(lang: Lang) -> Texts {
    let tag = lang.tag();
    if !lang.is_chinese() {
        return english_texts();
    }
    let rules = [
        (
            "first-inquiry",
            "首问负责制",
            1,
            "群众到窗口咨询或者办事，首位接待的工作人员为首问责任人。属于本窗口职责的，当即受理或者解答；不属于本窗口职责的，告知承办窗口和联系方式，必要时引导到位，不得推诿。",
        ),
        (
            "one-time-notice",
            "一次性告知制",
            2,
            "申请材料不齐全或者不符合法定形式的，窗口工作人员当场一次性告知需要补正的全部内容，并出具一次性告知单，不得让群众多次往返。",
        ),
        (
            "time-limit",
            "限时办结制",
            3,
            "即办件当场办结；承诺件在承诺时限内办结。因特殊原因不能按时办结的，提前告知申请人并说明理由。",
        ),
        (
            "service-commitment",
            "服务承诺制",
            4,
            "各窗口公开服务事项、办理条件、申请材料、办理流程、办结时限、收费标准和监督投诉电话，接受社会监督。",
        ),
        (
            "accountability",
            "责任追究制",
            5,
            "工作人员违反上述制度，推诿拖延、多次告知、超时办结或者违规收费的，按照有关规定追究责任。",
        ),
    ];
    Texts {
        site: format!(
            "# 站点设置。键可用中文或英文书写；全部键及说明见 `gongshi schema site`。\n\
             站点名称: 示例市政务服务中心   # 必填：通常为政务服务中心名称\n\
             网址: https://example.gov.cn/   # 必填：公开网址，可以带路径（如 https://host/center/）\n\
             语言: {tag}   # zh-CN、zh-TW 或 en\n\
             简介: 集中办理各类政务服务事项\n\
             服务中心:   # 窗口和事项未填写时沿用以下信息\n\
             \x20 地址: 示例市人民路 1 号市民服务中心\n\
             \x20 办理时间: 周一至周五 上午 9:00—12:00，下午 13:30—17:00（法定节假日除外）\n\
             \x20 咨询电话: 0000-0000 0000\n\
             \x20 监督投诉电话: \"12345\"\n\
             # 印刷:\n\
             #   印刷方式: offset   # offset（胶印）或 large-format（喷绘）\n\
             #   纸张:\n\
             #     window_board: 600x900mm\n\
             #     guide: A3\n"
        ),
        window: "# 窗口。全部键及说明见 `gongshi schema window`。\n\
                 窗口号: \"1\"   # 请加引号\n\
                 窗口名称: 综合受理窗口\n\
                 实施主体: 示例市政务服务管理局\n\
                 办理地点: 市民服务中心一楼 1 号窗口\n\
                 首席代表: sample-staff   # 工作人员编号（content/staff/ 下的文件名）\n\
                 服务承诺:\n  - 一次性告知，限时办结\n  - 不收取任何额外费用\n\
                 制度: [first-inquiry, one-time-notice, time-limit, service-commitment, accountability]\n"
            .to_string(),
        item: "# 服务事项（办事指南）。全部键及说明见 `gongshi schema item`。\n\
               事项名称: 示例事项：证明开具\n\
               事项类型: 公共服务\n\
               窗口: general   # 窗口编号（content/windows/ 下的文件名）\n\
               办件类型: 即办件   # 即办件 或 承诺件\n\
               设定依据:\n  - 《示例条例》第一条\n\
               受理条件: 本市户籍居民或者持有本市居住证的人员。\n\
               申请材料:\n  - 材料名称: 申请人有效身份证件\n    原件: 1\n    复印件: 1\n\
               办理流程:\n  - 名称: 受理\n    承办人: 综合受理窗口\n    时限: 即办\n\
               \x20 - 名称: 出具证明\n    承办人: 综合受理窗口\n    时限: 即办\n\
               办结时限:\n  法定: 5个工作日\n  承诺: 即办\n\
               收费标准: 不收费\n\
               到现场次数: 1\n\
               办理结果: 证明文书\n"
            .to_string(),
        staff: "# 工作人员。全部键及说明见 `gongshi schema staff`。\n\
                姓名: 示例人员\n\
                照片: photos/sample-staff.jpg   # 占位照片，请换成本人照片（3:4）\n\
                窗口: general\n\
                岗位: 综合受理\n\
                工号: \"0001\"\n\
                职责: 综合受理、咨询解答\n\
                党员: false\n"
            .to_string(),
        rules: rules
            .iter()
            .map(|(id, title, order, body)| (*id, format!("---\n标题: {title}\n排序: {order}\n---\n{body}\n")))
            .collect(),
    }
}

fn english_texts() -> Texts {
    let rules = [
        (
            "first-inquiry",
            "First-inquiry responsibility (首问负责制)",
            1,
            "The first member of staff a citizen asks is responsible for the request: they handle it, or name the right window and take the citizen there.",
        ),
        (
            "one-time-notice",
            "One-time notice (一次性告知制)",
            2,
            "When materials are missing, staff say everything that is needed at once, in writing, so that nobody has to come back twice for the same reason.",
        ),
        (
            "time-limit",
            "Time-limited completion (限时办结制)",
            3,
            "Immediate items are done on the spot; promised items within the promised time. Delays are announced in advance with their reason.",
        ),
        (
            "service-commitment",
            "Service commitment (服务承诺制)",
            4,
            "Every window discloses its items, conditions, materials, procedure, time limits, fees and complaint phone.",
        ),
        (
            "accountability",
            "Accountability (责任追究制)",
            5,
            "Staff who break these rules are held accountable under the applicable regulations.",
        ),
    ];
    Texts {
        site: "# Site settings. Keys may be written in English or Chinese; `gongshi schema site` lists them all.\n\
               title: Example Government Service Center   # required\n\
               base_url: https://example.gov.cn/   # required: the public address, may include a path\n\
               language: en   # zh-CN, zh-TW or en\n\
               description: One place for public services\n\
               center:   # windows and items inherit these facts\n\
               \x20 address: 1 People's Road, Citizen Service Center\n\
               \x20 hours: Mon–Fri 9:00–12:00, 13:30–17:00 (closed on public holidays)\n\
               \x20 phone: 0000-0000 0000\n\
               \x20 complaint_phone: \"12345\"\n\
               # print:\n\
               #   profile: offset   # offset or large-format\n\
               #   sheets:\n\
               #     window_board: 600x900mm\n"
            .to_string(),
        window: "# A window. `gongshi schema window` lists every key.\n\
                 number: \"1\"   # quote it\n\
                 name: General Services\n\
                 department: Example Government Services Bureau\n\
                 location: Ground floor, window 1\n\
                 chief: sample-staff\n\
                 commitments:\n  - Everything needed is told at once\n\
                 rules: [first-inquiry, one-time-notice, time-limit, service-commitment, accountability]\n"
            .to_string(),
        item: "# A service item (the guide). `gongshi schema item` lists every key.\n\
               name: Example item – certificate of residence\n\
               kind: Public service\n\
               window: general\n\
               case_type: immediate   # immediate or promised\n\
               basis:\n  - Example Regulation, article 1\n\
               conditions: Residents of the city.\n\
               materials:\n  - name: Identity card of the applicant\n    original: 1\n    copy: 1\n\
               procedure:\n  - name: Acceptance\n    actor: General Services\n    limit: immediate\n\
               \x20 - name: Issue the certificate\n    actor: General Services\n    limit: immediate\n\
               time_limit:\n  legal: 5 working days\n  promised: immediate\n\
               fees: free\n\
               max_visits: 1\n\
               result: Certificate\n"
            .to_string(),
        staff: "# A member of staff. `gongshi schema staff` lists every key.\n\
                name: Sample Staff\n\
                photo: photos/sample-staff.jpg   # placeholder: replace with a real 3:4 portrait\n\
                window: general\n\
                post: Reception\n\
                employee_no: \"0001\"\n\
                party_member: false\n"
            .to_string(),
        rules: rules
            .iter()
            .map(|(id, title, order, body)| (*id, format!("---\ntitle: {title}\norder: {order}\n---\n{body}\n")))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids() {
        assert!(is_valid_id("gjj-withdraw"));
        assert!(is_valid_id("a1_b"));
        for bad in ["", "-a", "A", "a b", "../x", "公积金", "a/b", "a.b"] {
            assert!(!is_valid_id(bad), "{bad}");
        }
    }

    #[test]
    fn placeholder_is_a_jpeg() {
        let bytes = placeholder_photo();
        assert!(bytes.starts_with(&[0xFF, 0xD8]));
        assert!(bytes.len() > 500);
    }
}
