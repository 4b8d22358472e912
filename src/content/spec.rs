//! The content format as data: every key of every kind with its Chinese alias, type and a
//! short description. The loader reads by these tables, `gongshi schema` prints them as JSON
//! Schema, and unknown-key suggestions search them, so the three can never disagree.

use crate::content::model::CaseType;
use crate::content::pdf_standard::PdfStandard;
use crate::content::product::BoardSplit;
use crate::content::profile::Profile;
use crate::content::topics::Audience;
use crate::content::vocabulary::Choice;
use crate::diag::Lang;

/// One key of a record.
#[derive(Debug)]
pub struct Field {
    /// The English key.
    pub key: &'static str,
    /// The Chinese alias (same meaning, may be mixed with English keys in one file).
    pub alias: &'static str,
    /// What the value must be.
    pub ty: Type,
    /// Whether the record is invalid without it.
    pub required: bool,
    /// One line of documentation, English.
    pub en: &'static str,
    /// One line of documentation, Chinese.
    pub zh: &'static str,
}

/// A record shape: a noun for messages and its keys.
#[derive(Debug)]
pub struct Shape {
    /// Noun in English ("material").
    pub noun_en: &'static str,
    /// Noun in Chinese ("材料").
    pub noun_zh: &'static str,
    /// The keys.
    pub fields: &'static [Field],
}

/// The type of a value.
#[derive(Debug)]
pub enum Type {
    /// One line of text (numbers are accepted and read as written).
    Text,
    /// Markdown text.
    Markdown,
    /// A whole number ≥ 0.
    Count,
    /// A whole number used for sorting.
    Order,
    /// true / false.
    Bool,
    /// true / false, or a text stating the condition.
    BoolOrText,
    /// YYYY-MM-DD.
    Date,
    /// An http(s) URL.
    Url,
    /// A file path relative to `content/`.
    Path,
    /// A time limit such as `5个工作日` or `即办`.
    TimeLimit,
    /// An amount in yuan: a number or a range `10-50`.
    Amount,
    /// `不收费`/`free`, or a list of fees.
    Fees,
    /// One of the words of a vocabulary (case types, print profiles, languages).
    Choice(Choice),
    /// One or more words of a vocabulary: a list, or one text with the words separated by
    /// `、` or commas (`自然人、法人`).
    ChoiceList(Choice),
    /// The site's topic vocabulary: a list of topics for both audiences, or one list per
    /// audience (`自然人: […]`, `法人: […]`).
    TopicLists,
    /// The id of a record of another kind.
    Ref(&'static str),
    /// A list of texts.
    TextList,
    /// A list of ids of another kind.
    RefList(&'static str),
    /// A nested record.
    Object(&'static Shape),
    /// A list of nested records.
    List(&'static Shape),
    /// A mapping from print product key to sheet size.
    SheetMap,
    /// One text, or a list of texts and `{label, text}` records (two addresses, two phones).
    Labelled,
    /// A mapping of label → text kept in the order written (`extra`: facts with no key).
    InfoTable,
    /// A mapping from print product key to a record of this shape.
    ProductMap(&'static Shape),
}

impl Type {
    /// What the value should be, in words (English, Chinese) for "expected …" messages.
    pub fn describe(&self) -> (String, String) {
        match self {
            Type::Text => ("text".into(), "文本".into()),
            Type::Markdown => ("Markdown text".into(), "Markdown 文本".into()),
            Type::Count | Type::Order => ("a whole number".into(), "整数".into()),
            Type::Bool => ("true or false".into(), "true 或 false".into()),
            Type::BoolOrText => (
                "true, false or a condition".into(),
                "true、false 或条件说明".into(),
            ),
            Type::Date => (
                "a date like 2026-06-01".into(),
                "日期（如 2026-06-01）".into(),
            ),
            Type::Url => ("an http(s) address".into(), "http(s) 网址".into()),
            Type::Path => ("a file path".into(), "文件路径".into()),
            Type::TimeLimit => (
                "a time limit like 5个工作日".into(),
                "时限（如 5个工作日）".into(),
            ),
            Type::Amount => (
                "an amount like 80 or 10-50".into(),
                "金额（如 80 或 10-50）".into(),
            ),
            Type::Fees => (
                "不收费, 待核实 or a list of fees".into(),
                "“不收费”“待核实”或收费项目列表".into(),
            ),
            Type::Choice(_) => ("one of the listed words".into(), "所列取值之一".into()),
            Type::ChoiceList(_) => (
                "one or more of the listed words".into(),
                "所列取值之一或多个".into(),
            ),
            Type::TopicLists => (
                "a list of topics, or one list per audience (自然人, 法人)".into(),
                "主题列表，或按服务对象（自然人、法人）分别列出".into(),
            ),
            Type::Ref(kind) => (format!("the id of a {kind}"), format!("{kind} 的编号")),
            Type::TextList => ("a list of texts".into(), "文本列表".into()),
            Type::RefList(kind) => (format!("a list of {kind} ids"), format!("{kind} 编号列表")),
            Type::Object(s) => (
                format!("a {} record", s.noun_en),
                format!("{}（键值映射）", s.noun_zh),
            ),
            Type::List(s) => (
                format!("a list of {}s", s.noun_en),
                format!("{}列表", s.noun_zh),
            ),
            Type::SheetMap => ("a mapping of sheet sizes".into(), "纸张尺寸映射".into()),
            Type::Labelled => (
                "a text or a list of {label, text}".into(),
                "文本，或“名称/内容”列表".into(),
            ),
            Type::InfoTable => (
                "a mapping of label: text lines".into(),
                "“名称: 内容”映射".into(),
            ),
            Type::ProductMap(s) => (
                format!("a mapping of print product: {}", s.noun_en),
                format!("“印刷品: {}”映射", s.noun_zh),
            ),
        }
    }
}

macro_rules! f {
    ($key:literal, $alias:literal, $ty:expr, req, $en:literal, $zh:literal) => {
        Field {
            key: $key,
            alias: $alias,
            ty: $ty,
            required: true,
            en: $en,
            zh: $zh,
        }
    };
    ($key:literal, $alias:literal, $ty:expr, $en:literal, $zh:literal) => {
        Field {
            key: $key,
            alias: $alias,
            ty: $ty,
            required: false,
            en: $en,
            zh: $zh,
        }
    };
}

/// `site.yaml` → `center`.
pub static CENTER: Shape = Shape {
    noun_en: "service center",
    noun_zh: "服务中心",
    fields: &[
        f!(
            "name",
            "名称",
            Type::Text,
            "Name of the center when it differs from the title",
            "中心名称（与站点标题不同时填写）"
        ),
        f!(
            "address",
            "地址",
            Type::Labelled,
            "Street address (or a list of {label, text})",
            "地址（或“名称/内容”列表）"
        ),
        f!(
            "hours",
            "办理时间",
            Type::Labelled,
            "Opening hours; windows and items inherit them",
            "办理时间，窗口和事项未填写时沿用"
        ),
        f!(
            "phone",
            "咨询电话",
            Type::Labelled,
            "Consultation phone; inherited",
            "咨询电话，未填写时沿用"
        ),
        f!(
            "complaint_phone",
            "监督投诉电话",
            Type::Text,
            "Supervision and complaint phone; inherited",
            "监督投诉电话，未填写时沿用"
        ),
        f!(
            "evaluation_url",
            "评价网址",
            Type::Url,
            "Where citizens rate the service (好差评): the QR code of the 服务评价 placards",
            "好差评评价网址，印在各窗口服务评价牌的二维码中"
        ),
    ],
};

/// `site.yaml` → `print` → `order` → a product: what the print shop is asked for.
pub static ORDER_LINE: Shape = Shape {
    noun_en: "print order",
    noun_zh: "印刷要求",
    fields: &[
        f!(
            "quantity",
            "数量",
            Type::Count,
            "Copies of each sheet (default per product: 1 for boards, 200 for handouts, …)",
            "每张的印数（默认：公示栏 1，告知单 200 等）"
        ),
        f!(
            "material",
            "材料",
            Type::Text,
            "What it is printed on (KT板覆膜, 80g 胶版纸, …)",
            "印刷材料（KT板覆膜、80g 胶版纸等）"
        ),
        f!(
            "finish",
            "工艺",
            Type::Text,
            "Finishing (覆哑膜, 裁切, 装订, …)",
            "后道工艺（覆哑膜、裁切、装订等）"
        ),
    ],
};

/// `site.yaml` → `print`.
pub static PRINT: Shape = Shape {
    noun_en: "print settings",
    noun_zh: "印刷设置",
    fields: &[
        f!(
            "profile",
            "印刷方式",
            Type::Choice(Choice::of::<Profile>()),
            "offset (3 mm bleed, crop marks, CMYK) or large-format (no bleed, white margin)",
            "offset（胶印：3 毫米出血、裁切线、CMYK）或 large-format（喷绘/写真：无出血、白边）"
        ),
        f!(
            "sheets",
            "纸张",
            Type::SheetMap,
            "Sheet per product: A0–A5 or WxHmm, `landscape` to turn",
            "各印刷品的纸张：A0–A5 或 宽x高mm，加 landscape 横放"
        ),
        f!(
            "fonts",
            "字体",
            Type::Text,
            "bundled (default: the font inside gongshi, same PDFs on every machine), system (installed CJK fonts), a folder of fonts, or a font family name",
            "bundled/内置（默认：gongshi 自带字体，任何电脑印出的 PDF 都相同）、system/系统（本机安装的中文字体）、字体文件夹，或字体名称"
        ),
        f!(
            "pdf_standard",
            "PDF标准",
            Type::Choice(Choice::of::<PdfStandard>()),
            "a-2b (PDF/A-2b, for archiving) or ua-1 (PDF/UA-1, accessible); default: plain PDF",
            "a-2b（PDF/A-2b，电子文件归档）或 ua-1（PDF/UA-1，无障碍）；默认为普通 PDF"
        ),
        f!(
            "boards_by",
            "分版",
            Type::Choice(Choice::of::<BoardSplit>()),
            "center (default): one staff board and one fee board for the center; department or floor: one per department or floor",
            "center（默认）：全中心一块亮身份、一块收费公示；department 或 floor：按部门或楼层各出一块"
        ),
        f!(
            "order",
            "印刷清单",
            Type::ProductMap(&ORDER_LINE),
            "Per product: quantity, material and finish for the print order (order.csv, order.pdf)",
            "各印刷品的数量、材料、工艺，写入印刷清单（order.csv、order.pdf）"
        ),
    ],
};

/// `site.yaml` → `markdown`.
pub static MARKDOWN: Shape = Shape {
    noun_en: "Markdown settings",
    noun_zh: "Markdown 设置",
    fields: &[f!(
        "allow_raw_html",
        "允许HTML",
        Type::Bool,
        "Pass raw HTML in Markdown through (default false: it is escaped)",
        "是否保留 Markdown 中的原始 HTML（默认否，会被转义）"
    )],
};

/// `audit` in site.yaml: the self-audit's settings.
pub static AUDIT: Shape = Shape {
    noun_en: "self-audit settings",
    noun_zh: "达标自查设置",
    fields: &[f!(
        "publish",
        "公开",
        Type::Bool,
        "Put the self-audit report (`_audit/`) into the built site (default false: serve's preview only)",
        "是否把达标自查报告（_audit/）放进生成的网站（默认否，仅在预览中显示）"
    )],
};

/// `site.yaml`.
pub static SITE: Shape = Shape {
    noun_en: "site",
    noun_zh: "站点",
    fields: &[
        f!(
            "title",
            "站点名称",
            Type::Text,
            req,
            "Site title, usually the service center's name",
            "站点名称，通常为政务服务中心名称"
        ),
        f!(
            "base_url",
            "网址",
            Type::Url,
            req,
            "Public address, may include a path (https://host/center/)",
            "公开网址，可以带路径（https://host/center/）"
        ),
        f!(
            "language",
            "语言",
            Type::Choice(Choice::of::<Lang>()),
            "zh-CN (default), zh-TW or en",
            "zh-CN（默认）、zh-TW 或 en"
        ),
        f!(
            "description",
            "简介",
            Type::Text,
            "One sentence about the center",
            "一句话简介"
        ),
        f!(
            "theme",
            "主题",
            Type::Text,
            "Theme folder under themes/; files not found there come from the default theme",
            "themes/ 下的主题文件夹；其中没有的文件使用默认主题"
        ),
        f!(
            "topics",
            "主题分类",
            Type::TopicLists,
            "Topics for the 个人办事/法人办事 pages (default: the national platform's lists)",
            "个人办事、法人办事页面的主题分类（默认：国家政务服务平台的主题分类）"
        ),
        f!(
            "center",
            "服务中心",
            Type::Object(&CENTER),
            "Facts of the center that windows and items inherit",
            "服务中心信息，窗口和事项未填写时沿用"
        ),
        f!(
            "print",
            "印刷",
            Type::Object(&PRINT),
            "Print profile, sheet sizes and fonts",
            "印刷方式、纸张尺寸与字体"
        ),
        f!(
            "markdown",
            "Markdown",
            Type::Object(&MARKDOWN),
            "Markdown options",
            "Markdown 选项"
        ),
        f!(
            "audit",
            "自查",
            Type::Object(&AUDIT),
            "Self-audit (达标自查) options",
            "达标自查选项"
        ),
        f!(
            "area",
            "服务区域",
            Type::Text,
            "The administrative area the center serves (青禾市); structured data names it as areaServed",
            "中心服务的行政区域（如 青禾市），用于结构化数据的 areaServed"
        ),
        f!(
            "sponsor",
            "主办单位",
            Type::Text,
            "The body that runs the site (footer; `check --strict` wants it for inspections)",
            "网站主办单位（页脚）"
        ),
        f!(
            "organizer",
            "承办单位",
            Type::Text,
            "The body that operates the site, when it differs from the sponsor (footer)",
            "网站承办单位（与主办单位不同时填写，页脚）"
        ),
        f!(
            "site_id_code",
            "网站标识码",
            Type::Text,
            "The government site identification code (footer and the SiteIDCode meta tag; `check --strict` reports it missing)",
            "政府网站标识码（页脚与 SiteIDCode 元数据；`check --strict` 会提示缺失）"
        ),
        f!(
            "icp",
            "ICP备案号",
            Type::Text,
            "ICP filing number, linked to the MIIT filing site (`check --strict` reports it missing)",
            "ICP 备案号，链接到工业和信息化部备案系统（`check --strict` 会提示缺失）"
        ),
        f!(
            "police_record",
            "公安备案号",
            Type::Text,
            "Public security filing number (京公网安备 11010502030000号), linked with its emblem",
            "公安机关备案号（如 京公网安备 11010502030000号），带图标并链接到备案查询"
        ),
        f!(
            "conac_url",
            "党政机关标识",
            Type::Url,
            "Verification address of the 党政机关 site badge; the red badge links to it",
            "党政机关网站标识的验证地址；页脚红色标识链接到此"
        ),
        f!(
            "contact",
            "联系我们",
            Type::Text,
            "How to reach the webmaster (an e-mail address or a phone), in the footer",
            "网站联系方式（电子邮箱或电话），显示在页脚"
        ),
        f!(
            "hotline",
            "服务热线",
            Type::Text,
            "The government service hotline (12345), in the footer",
            "政务服务便民热线（如 12345），显示在页脚"
        ),
        f!(
            "correction_url",
            "纠错地址",
            Type::Url,
            "Where the 我要纠错 link on every page goes; the page's address and title are added as `url` and `title`",
            "每页“我要纠错”链接的目标地址，本页网址和标题以 url、title 参数附上"
        ),
        f!(
            "stale_after_months",
            "过期提醒月数",
            Type::Count,
            "`check --strict` reports guides not updated for this many months (default 12; 0 turns it off)",
            "办事指南超过多少个月未更新时 `check --strict` 提示（默认 12；0 为不提示）"
        ),
    ],
};

/// One labelled text of a place, hours or phone given as a list (`{label: 市场监管局, text: …}`).
pub static LABELLED: Shape = Shape {
    noun_en: "labelled text",
    noun_zh: "名称/内容",
    fields: &[
        f!(
            "label",
            "名称",
            Type::Text,
            "What the text is about (市民服务中心, 区市场监管局)",
            "说明对象（如 市民服务中心、区市场监管局）"
        ),
        f!(
            "text",
            "内容",
            Type::Text,
            req,
            "The address, hours or phone",
            "地址、时间或电话"
        ),
    ],
};

/// A window (窗口).
pub static WINDOW: Shape = Shape {
    noun_en: "window",
    noun_zh: "窗口",
    fields: &[
        f!(
            "number",
            "窗口号",
            Type::Text,
            req,
            "Window number above the counter (quote it: \"12\")",
            "窗口号（请加引号：\"12\"）"
        ),
        f!(
            "name",
            "窗口名称",
            Type::Text,
            req,
            "Window name",
            "窗口名称"
        ),
        f!(
            "department",
            "实施主体",
            Type::Text,
            "Implementing department",
            "实施主体（部门）"
        ),
        f!(
            "location",
            "办理地点",
            Type::Labelled,
            "Where the window is",
            "办理地点"
        ),
        f!(
            "hours",
            "办理时间",
            Type::Labelled,
            "Opening hours (default: the center's)",
            "办理时间（默认沿用中心）"
        ),
        f!(
            "phone",
            "咨询电话",
            Type::Labelled,
            "Consultation phone",
            "咨询电话"
        ),
        f!(
            "complaint_phone",
            "监督投诉电话",
            Type::Text,
            "Complaint phone",
            "监督投诉电话"
        ),
        f!(
            "commitments",
            "服务承诺",
            Type::TextList,
            "Service commitments",
            "服务承诺"
        ),
        f!(
            "rules",
            "制度",
            Type::RefList("rule"),
            "Ids of rules shown at the window",
            "窗口公示的制度（制度编号）"
        ),
        f!(
            "chief",
            "首席代表",
            Type::Ref("staff"),
            "Staff id of the chief representative",
            "首席代表（工作人员编号）"
        ),
        f!(
            "floor",
            "楼层",
            Type::Text,
            "Floor of the hall (二楼); the window board shows it, and `print.boards_by: floor` groups by it",
            "所在楼层（如 二楼）；窗口公示栏显示，print.boards_by: floor 时按楼层分版"
        ),
        f!(
            "evaluation_url",
            "评价网址",
            Type::Url,
            "This window's evaluation (好差评) address, when it differs from the center's",
            "本窗口的好差评评价网址（与中心不同时填写）"
        ),
        f!(
            "order",
            "排序",
            Type::Order,
            "Sort order (default: by number)",
            "排序（默认按窗口号）"
        ),
    ],
};

/// A material (申请材料).
pub static MATERIAL: Shape = Shape {
    noun_en: "material",
    noun_zh: "材料",
    fields: &[
        f!(
            "name",
            "材料名称",
            Type::Text,
            req,
            "Name of the material",
            "材料名称"
        ),
        f!(
            "original",
            "原件",
            Type::Count,
            "Number of originals",
            "原件份数"
        ),
        f!(
            "copy",
            "复印件",
            Type::Count,
            "Number of copies",
            "复印件份数"
        ),
        f!(
            "required",
            "是否必需",
            Type::BoolOrText,
            "true (default), false, or the case in which it is needed",
            "是否必需：true（默认）、false，或写明需要提供的情形"
        ),
        f!(
            "source",
            "来源",
            Type::Text,
            "Where the applicant gets it",
            "来源渠道"
        ),
        f!(
            "template",
            "示范文本",
            Type::Path,
            "A filled-in example under content/forms/",
            "示范文本（content/forms/ 下的文件）"
        ),
        f!(
            "blank",
            "空白表格",
            Type::Path,
            "A blank form under content/forms/",
            "空白表格（content/forms/ 下的文件）"
        ),
        f!("note", "备注", Type::Text, "Remarks", "备注"),
        f!(
            "form",
            "材料形式",
            Type::Text,
            "Paper or electronic (纸质/电子)",
            "材料形式（纸质/电子）"
        ),
        f!("spec", "纸质规格", Type::Text, "Paper size", "纸质材料规格"),
        f!(
            "sample",
            "示例样表",
            Type::Path,
            "A sample under content/",
            "示例样表"
        ),
        f!(
            "instructions",
            "填报须知",
            Type::Text,
            "How to fill it in",
            "填报须知"
        ),
        f!(
            "basis",
            "依据",
            Type::Text,
            "Legal basis for requiring it",
            "要求提供材料的依据"
        ),
    ],
};

/// A procedure step (办理环节).
pub static STEP: Shape = Shape {
    noun_en: "procedure step",
    noun_zh: "办理环节",
    fields: &[
        f!("name", "名称", Type::Text, req, "Step name", "环节名称"),
        f!(
            "actor",
            "承办人",
            Type::Text,
            "Who does it",
            "承办人（岗位）"
        ),
        f!(
            "limit",
            "时限",
            Type::Text,
            "Time for this step",
            "环节时限"
        ),
        f!("detail", "说明", Type::Text, "What happens", "环节说明"),
    ],
};

/// Time limits (办结时限).
pub static TIME_LIMIT: Shape = Shape {
    noun_en: "time limit",
    noun_zh: "办结时限",
    fields: &[
        f!(
            "legal",
            "法定",
            Type::TimeLimit,
            "Legal limit (法定办结时限)",
            "法定办结时限"
        ),
        f!(
            "promised",
            "承诺",
            Type::TimeLimit,
            "Promised limit (承诺办结时限)",
            "承诺办结时限"
        ),
        f!("note", "说明", Type::Text, "Explanation", "时限说明"),
        f!(
            "legal_note",
            "法定说明",
            Type::Text,
            "Note on the legal limit",
            "法定办结时限说明"
        ),
        f!(
            "promised_note",
            "承诺说明",
            Type::Text,
            "Note on the promised limit",
            "承诺办结时限说明"
        ),
    ],
};

/// A fee (收费项目).
pub static FEE: Shape = Shape {
    noun_en: "fee",
    noun_zh: "收费项目",
    fields: &[
        f!(
            "name",
            "收费项目",
            Type::Text,
            req,
            "What is charged",
            "收费项目名称"
        ),
        f!(
            "amount",
            "金额",
            Type::Amount,
            req,
            "Amount in yuan: 80, 0.5 or a range 10-50",
            "金额（元）：如 80、0.5，或范围 10-50"
        ),
        f!(
            "unit",
            "单位",
            Type::Text,
            "Unit such as 元/件",
            "计费单位（如 元/件）"
        ),
        f!(
            "basis",
            "收费依据",
            Type::TextList,
            req,
            "The document(s) that set the fee",
            "收费依据（文件名称与文号，可列多项）"
        ),
        f!(
            "reducible",
            "是否允许减免",
            Type::Bool,
            "Whether it can be reduced or waived",
            "是否允许减免"
        ),
        f!(
            "reduction_basis",
            "减免依据",
            Type::Text,
            "Basis for reductions",
            "减免依据"
        ),
    ],
};

/// A downloadable form (表格下载).
pub static FORM: Shape = Shape {
    noun_en: "form",
    noun_zh: "表格",
    fields: &[
        f!("name", "名称", Type::Text, req, "Display name", "表格名称"),
        f!(
            "file",
            "文件",
            Type::Path,
            req,
            "File under content/forms/",
            "文件（content/forms/ 下）"
        ),
    ],
};

/// A question and answer (常见问题).
pub static FAQ: Shape = Shape {
    noun_en: "question",
    noun_zh: "常见问题",
    fields: &[
        f!("q", "问", Type::Text, req, "The question", "问题"),
        f!(
            "a",
            "答",
            Type::Markdown,
            req,
            "The answer (Markdown)",
            "解答（可用 Markdown）"
        ),
    ],
};

/// A special step (特殊环节).
pub static SPECIAL_STEP: Shape = Shape {
    noun_en: "special step",
    noun_zh: "特殊环节",
    fields: &[
        f!(
            "name",
            "名称",
            Type::Text,
            req,
            "Name (听证, 专家评审, …)",
            "特殊环节名称（听证、专家评审等）"
        ),
        f!("limit", "时限", Type::Text, "How long it may take", "时限"),
        f!("basis", "依据", Type::Text, "Legal basis", "设定依据"),
        f!("fee", "收费", Type::Text, "Fee, if any", "收费情况"),
        f!(
            "counts_toward_limit",
            "是否计入办结时限",
            Type::Bool,
            "Whether it counts toward the time limit",
            "是否计入办结时限"
        ),
    ],
};

/// One entry of an item's change history (变更记录).
pub static CHANGE: Shape = Shape {
    noun_en: "change",
    noun_zh: "变更记录",
    fields: &[
        f!(
            "date",
            "日期",
            Type::Date,
            req,
            "When the guide changed",
            "变更日期"
        ),
        f!(
            "note",
            "说明",
            Type::Text,
            req,
            "What changed, in a sentence citizens understand",
            "变更内容（群众看得懂的一句话）"
        ),
    ],
};

/// A service item (服务事项).
pub static ITEM: Shape = Shape {
    noun_en: "service item",
    noun_zh: "服务事项",
    fields: &[
        f!(
            "name",
            "事项名称",
            Type::Text,
            req,
            "Name of the service item",
            "事项名称"
        ),
        f!(
            "code",
            "事项编码",
            Type::Text,
            "Item code in the catalogue",
            "事项编码"
        ),
        f!(
            "kind",
            "事项类型",
            Type::Text,
            "行政许可, 行政确认, 公共服务, …",
            "事项类型（行政许可、行政确认、公共服务等）"
        ),
        f!(
            "audience",
            "服务对象",
            Type::ChoiceList(Choice::of::<Audience>()),
            "Whom it serves: 自然人 (person), 法人 (legal-person) or both",
            "服务对象：自然人、法人，或两者"
        ),
        f!(
            "topics",
            "主题",
            Type::TextList,
            "Topics from the site's topic list (生育收养, 设立变更, …)",
            "主题（取自站点的主题分类，如 生育收养、设立变更）"
        ),
        f!(
            "window",
            "窗口",
            Type::Ref("window"),
            req,
            "Window id where it is handled",
            "办理窗口（窗口编号）"
        ),
        f!(
            "case_type",
            "办件类型",
            Type::Choice(Choice::of::<CaseType>()),
            "immediate (即办件) or promised (承诺件); leave it out when the source does not say",
            "即办件（immediate）或承诺件（promised）；原文未写明时不写"
        ),
        f!(
            "basis",
            "设定依据",
            Type::TextList,
            "Laws and articles",
            "设定依据（法律法规及条款）"
        ),
        f!(
            "conditions",
            "受理条件",
            Type::Markdown,
            "Who may apply (Markdown)",
            "受理条件（可用 Markdown）"
        ),
        f!(
            "materials",
            "申请材料",
            Type::List(&MATERIAL),
            "Everything to bring (一次性告知)",
            "申请材料（一次性告知）"
        ),
        f!(
            "procedure",
            "办理流程",
            Type::List(&STEP),
            "Steps in order",
            "办理流程（按顺序）"
        ),
        f!(
            "time_limit",
            "办结时限",
            Type::Object(&TIME_LIMIT),
            "Legal and promised limits",
            "法定与承诺办结时限"
        ),
        f!(
            "fees",
            "收费标准",
            Type::Fees,
            req,
            "不收费, or each fee with its basis",
            "“不收费”，或逐项列出收费及依据"
        ),
        f!(
            "max_visits",
            "到现场次数",
            Type::Count,
            "Visits needed at most",
            "最多到现场次数"
        ),
        f!(
            "online_url",
            "网上办理",
            Type::Url,
            "Online service address",
            "网上办理地址"
        ),
        f!(
            "result",
            "办理结果",
            Type::Text,
            "What the applicant receives",
            "办理结果"
        ),
        f!(
            "forms",
            "表格下载",
            Type::List(&FORM),
            "Downloadable forms",
            "表格下载"
        ),
        f!(
            "faq",
            "常见问题",
            Type::List(&FAQ),
            "Questions and answers",
            "常见问题"
        ),
        f!(
            "updated",
            "更新日期",
            Type::Date,
            "Last change of the guide",
            "更新日期"
        ),
        f!(
            "changes",
            "变更记录",
            Type::List(&CHANGE),
            "What changed and when (shown on the guide and in changes.xml)",
            "变更记录：何时改了什么（在办事指南页和 changes.xml 中公开）"
        ),
        f!(
            "poster",
            "流程图海报",
            Type::Bool,
            "Print the procedure as a 办事流程图 poster (A3) for the wall",
            "是否印制办事流程图海报（A3，张贴用）"
        ),
        f!(
            "location",
            "办理地点",
            Type::Labelled,
            "Override of the window's location",
            "办理地点（默认沿用窗口）"
        ),
        f!(
            "hours",
            "办理时间",
            Type::Labelled,
            "Override of the window's hours",
            "办理时间（默认沿用窗口、中心）"
        ),
        f!(
            "phone",
            "咨询电话",
            Type::Labelled,
            "Override of the window's phone",
            "咨询电话（默认沿用窗口、中心）"
        ),
        f!(
            "complaint_phone",
            "监督投诉电话",
            Type::Text,
            "Override of the complaint phone",
            "监督投诉电话（默认沿用窗口、中心）"
        ),
        f!(
            "implementer_nature",
            "实施主体性质",
            Type::Text,
            "法定机关, 授权组织, …",
            "实施主体性质"
        ),
        f!(
            "joint_with",
            "联办机构",
            Type::Text,
            "Departments handling it jointly",
            "联办机构"
        ),
        f!(
            "quantity_limit",
            "数量限制",
            Type::Text,
            "Quantity limits",
            "数量限制"
        ),
        f!(
            "intermediary",
            "中介服务",
            Type::Text,
            "Required intermediary services",
            "中介服务"
        ),
        f!(
            "special_steps",
            "特殊环节",
            Type::List(&SPECIAL_STEP),
            "Hearings, expert reviews, …",
            "特殊环节"
        ),
        f!(
            "handling_form",
            "办理形式",
            Type::Text,
            "窗口办理, 网上办理, …",
            "办理形式"
        ),
        f!(
            "appointment",
            "预约办理",
            Type::Text,
            "Appointment",
            "预约办理"
        ),
        f!(
            "delivery",
            "物流快递",
            Type::Text,
            "Delivery of results",
            "物流快递"
        ),
        f!(
            "online_payment",
            "网上支付",
            Type::Text,
            "Online payment",
            "网上支付"
        ),
        f!(
            "result_type",
            "审批结果类型",
            Type::Text,
            "证照, 批文, …",
            "审批结果类型"
        ),
        f!(
            "result_sample",
            "审批结果样本",
            Type::Path,
            "Sample of the result under content/",
            "审批结果样本"
        ),
        f!(
            "implementer",
            "实施机关",
            Type::Text,
            "The department that implements the item (default: the window's department)",
            "实施机关（默认沿用窗口的实施主体）"
        ),
        f!(
            "scope",
            "通办范围",
            Type::Text,
            "Where it can be handled: 全国通办, 跨省通办, 全省通办, 全市通办, 全县通办, 不通办",
            "通办范围：全国通办、跨省通办、全省通办、全市通办、全县通办、不通办"
        ),
        f!(
            "online_depth",
            "网上办理深度",
            Type::Text,
            "How far it can be done online: Ⅰ–Ⅳ级, 全程网办, 互联网预审, …",
            "网上办理深度：Ⅰ级至Ⅳ级、全程网办、互联网预审等"
        ),
        f!(
            "extra",
            "其他信息",
            Type::InfoTable,
            "Facts that have no key (行使层级, 权力来源, …) as label: text, shown in order",
            "没有对应键的信息（行使层级、权力来源等），按“名称: 内容”逐行填写，按填写顺序显示"
        ),
    ],
};

/// A member of staff (工作人员).
pub static STAFF: Shape = Shape {
    noun_en: "staff member",
    noun_zh: "工作人员",
    fields: &[
        f!("name", "姓名", Type::Text, req, "Full name", "姓名"),
        f!(
            "photo",
            "照片",
            Type::Path,
            "Portrait under content/photos/ (3:4)",
            "照片（content/photos/ 下，3:4）"
        ),
        f!(
            "window",
            "窗口",
            Type::Ref("window"),
            "Window id",
            "所在窗口（窗口编号）"
        ),
        f!("post", "岗位", Type::Text, "Post at the window", "岗位"),
        f!("title", "职务", Type::Text, "Official title", "职务"),
        f!(
            "employee_no",
            "工号",
            Type::Text,
            "Employee number (quote it)",
            "工号（请加引号）"
        ),
        f!("duties", "职责", Type::Text, "Duties", "职责"),
        f!(
            "party_member",
            "党员",
            Type::Bool,
            "Party member: shows the 党员 badge",
            "是否党员（显示党员标识）"
        ),
        f!(
            "commitment",
            "承诺",
            Type::Text,
            "Personal commitment",
            "个人承诺"
        ),
        f!("honors", "荣誉", Type::TextList, "Honours", "荣誉"),
    ],
};

/// A rule (制度), written as Markdown with front matter.
pub static RULE: Shape = Shape {
    noun_en: "rule",
    noun_zh: "制度",
    fields: &[
        f!(
            "title",
            "标题",
            Type::Text,
            req,
            "Rule title (首问负责制, …)",
            "制度名称（首问负责制等）"
        ),
        f!("order", "排序", Type::Order, "Sort order", "排序"),
    ],
};

/// A notice (公告).
pub static NOTICE: Shape = Shape {
    noun_en: "notice",
    noun_zh: "公告",
    fields: &[
        f!("title", "标题", Type::Text, req, "Notice title", "公告标题"),
        f!(
            "date",
            "日期",
            Type::Date,
            req,
            "Publication date",
            "发布日期"
        ),
        f!(
            "expires",
            "截止日期",
            Type::Date,
            "Hidden from the home page after this date",
            "截止日期（之后不在首页显示）"
        ),
    ],
};

/// A free page (页面).
pub static PAGE: Shape = Shape {
    noun_en: "page",
    noun_zh: "页面",
    fields: &[
        f!("title", "标题", Type::Text, req, "Page title", "页面标题"),
        f!(
            "order",
            "排序",
            Type::Order,
            "Sort order in the menu",
            "菜单中的排序"
        ),
    ],
};

/// A key the loader reads whose value no page or sheet prints as written: a setting, a sort
/// key or a date that only decides what is shown. The content-format reference marks these
/// as data-only; tests/fields.rs finds the value of every other key in the output.
#[derive(Debug)]
pub struct DataOnly {
    /// The record shape the key belongs to.
    pub shape: &'static Shape,
    /// The English key.
    pub key: &'static str,
    /// What the value does instead of being shown.
    pub why: &'static str,
}

/// Every data-only key (see [`DataOnly`]).
pub static DATA_ONLY: &[DataOnly] = &[
    DataOnly {
        shape: &SITE,
        key: "language",
        why: "chooses the language of labels and messages",
    },
    DataOnly {
        shape: &SITE,
        key: "theme",
        why: "chooses the theme folder",
    },
    DataOnly {
        shape: &SITE,
        key: "area",
        why: "read by machines: areaServed in the structured data (JSON-LD)",
    },
    DataOnly {
        shape: &SITE,
        key: "stale_after_months",
        why: "used by `check --strict` only",
    },
    DataOnly {
        shape: &PRINT,
        key: "profile",
        why: "chooses bleed, crop marks and colour of the PDFs",
    },
    DataOnly {
        shape: &PRINT,
        key: "sheets",
        why: "chooses the sheet size of each print product",
    },
    DataOnly {
        shape: &PRINT,
        key: "fonts",
        why: "chooses the fonts of the PDFs",
    },
    DataOnly {
        shape: &PRINT,
        key: "pdf_standard",
        why: "chooses the PDF standard (PDF/A-2b, PDF/UA-1) of the PDFs",
    },
    DataOnly {
        shape: &PRINT,
        key: "boards_by",
        why: "chooses how the center-wide boards are split (each then titled with its department or floor)",
    },
    DataOnly {
        shape: &PRINT,
        key: "order",
        why: "shown in the print order for the print shop (order.csv, order.pdf), not on the website or the sheets",
    },
    DataOnly {
        shape: &CENTER,
        key: "evaluation_url",
        why: "encoded in the QR code of the 服务评价 placards (tests/print_center.rs decodes it)",
    },
    DataOnly {
        shape: &WINDOW,
        key: "evaluation_url",
        why: "encoded in the QR code of the window's 服务评价 placard",
    },
    DataOnly {
        shape: &ITEM,
        key: "poster",
        why: "chooses whether the item gets a 办事流程图 poster",
    },
    DataOnly {
        shape: &AUDIT,
        key: "publish",
        why: "chooses whether the self-audit report is put into the built site",
    },
    DataOnly {
        shape: &MARKDOWN,
        key: "allow_raw_html",
        why: "chooses whether raw HTML in Markdown is kept",
    },
    DataOnly {
        shape: &WINDOW,
        key: "order",
        why: "sort order",
    },
    DataOnly {
        shape: &RULE,
        key: "order",
        why: "sort order",
    },
    DataOnly {
        shape: &PAGE,
        key: "order",
        why: "sort order of the menu",
    },
    DataOnly {
        shape: &NOTICE,
        key: "expires",
        why: "takes the notice off the home page after that day",
    },
];

impl DataOnly {
    /// Whether `key` of `shape` is data-only.
    pub fn contains(shape: &Shape, key: &str) -> bool {
        DATA_ONLY
            .iter()
            .any(|d| std::ptr::eq(d.shape, shape) && d.key == key)
    }
}

impl Shape {
    /// The field written as `key` (English or Chinese), if any.
    pub fn field(&self, key: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.key == key || f.alias == key)
    }

    /// The closest known key to a misspelt one, in the same script as the typo.
    pub fn suggest(&self, typo: &str) -> Option<&'static str> {
        self.suggestions(typo).first().copied()
    }

    /// Up to five known keys close to a misspelt or unknown one, closest first, in the same
    /// script as the typo: near in spelling, or (for Chinese) sharing at least two characters
    /// (`实施主体` → `实施机关`, `实施主体性质`).
    pub fn suggestions(&self, typo: &str) -> Vec<&'static str> {
        let ascii = typo.is_ascii();
        let typo = typo.to_lowercase();
        let typo_chars: Vec<char> = typo.chars().collect();
        let mut scored: Vec<(usize, usize, &'static str)> = self
            .fields
            .iter()
            .flat_map(|f| [f.key, f.alias])
            .filter(|k| k.is_ascii() == ascii)
            .enumerate()
            .filter_map(|(order, k)| {
                let distance = strsim::levenshtein(&typo, k);
                let close = distance <= (k.chars().count() / 3).max(1);
                let shared = typo_chars
                    .iter()
                    .filter(|c| !c.is_ascii() && k.contains(**c))
                    .count();
                (close || shared >= 2).then_some((distance, order, k))
            })
            .collect();
        scored.sort();
        scored.into_iter().map(|(_, _, k)| k).take(5).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_stay_in_the_typo_script() {
        assert_eq!(ITEM.suggest("materails"), Some("materials"));
        assert_eq!(ITEM.suggest("申请材科"), Some("申请材料"));
        assert_eq!(ITEM.suggest("zzzzzz"), None);
    }

    #[test]
    fn data_only_keys_exist() {
        for d in DATA_ONLY {
            assert!(
                d.shape.fields.iter().any(|f| f.key == d.key),
                "{} has no key {}",
                d.shape.noun_en,
                d.key
            );
        }
    }

    #[test]
    fn at_most_five_suggestions_closest_first() {
        let near = ITEM.suggestions("实施主体");
        assert!(
            near.contains(&"实施机关") && near.contains(&"实施主体性质"),
            "{near:?}"
        );
        assert!(near.len() <= 5);
        assert!(ITEM.suggestions("行使层级").len() <= 5);
        assert_eq!(ITEM.suggestions("materails")[0], "materials");
    }

    #[test]
    fn keys_and_aliases_are_unique_per_shape() {
        use crate::content::{Kind, Vocabulary};
        let shapes = Kind::ALL.iter().map(|k| k.shape());
        for shape in shapes.chain([&SITE]) {
            let mut seen = std::collections::HashSet::new();
            for f in shape.fields {
                assert!(seen.insert(f.key), "{}", f.key);
                assert!(seen.insert(f.alias), "{}", f.alias);
            }
        }
    }
}
