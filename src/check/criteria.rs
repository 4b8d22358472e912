//! The points of the window standard (达标自查) a center is inspected on, once: each has a
//! stable key (the self-audit's JSON), a title in the site language, whether it is judged
//! per window or for the whole center, and which diagnostic codes are findings against it.
//! `check` reports the findings as diagnostics; `gongshi audit` sorts the same diagnostics
//! under these points as ✓/✗ rows, so no point is evaluated twice.

use crate::diag::{Diagnostic, Message};
use crate::msg;

/// Where a point of the standard is judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// At each window (its staff, items, wall).
    Window,
    /// Once for the center (notices, rules it declares, center-wide boards).
    Center,
}

/// One point of the window standard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Criterion {
    /// 亮身份: every staff member with photo, name, post and 工号.
    StaffIdentity,
    /// Every item lists its application materials (一次性告知).
    Materials,
    /// Every item lists its procedure.
    Procedure,
    /// Every item discloses its legal and promised time limits.
    TimeLimits,
    /// The promised limit is not longer than the legal one.
    PromisedWithinLegal,
    /// Fees disclosed, each with its basis.
    Fees,
    /// Every item cites its legal basis (设定依据).
    Basis,
    /// Place and hours of every item (inherited from window or center).
    PlaceHours,
    /// Consultation and complaint phones of every item.
    Phones,
    /// The core rules (首问负责制, 一次性告知制, 限时办结制) and every rule the site declares
    /// are on the window's wall.
    Rules,
    /// Staff photos are sharp enough where they print (≥ 150 dpi).
    Photos,
    /// The printed sheets match the content.
    PrintCurrent,
    /// The center has the core rules (content/rules/).
    CoreRules,
    /// No published notice has expired.
    Notices,
    /// The center-wide boards (亮身份公示, 收费公示) match the content.
    CenterPrintCurrent,
}

impl Criterion {
    /// Every point, in report order.
    pub const ALL: &'static [Criterion] = &[
        Criterion::StaffIdentity,
        Criterion::Materials,
        Criterion::Procedure,
        Criterion::TimeLimits,
        Criterion::PromisedWithinLegal,
        Criterion::Fees,
        Criterion::Basis,
        Criterion::PlaceHours,
        Criterion::Phones,
        Criterion::Rules,
        Criterion::Photos,
        Criterion::PrintCurrent,
        Criterion::CoreRules,
        Criterion::Notices,
        Criterion::CenterPrintCurrent,
    ];

    /// The stable key in the report's JSON.
    pub fn key(self) -> &'static str {
        match self {
            Criterion::StaffIdentity => "staff_identity",
            Criterion::Materials => "materials",
            Criterion::Procedure => "procedure",
            Criterion::TimeLimits => "time_limits",
            Criterion::PromisedWithinLegal => "promised_within_legal",
            Criterion::Fees => "fees",
            Criterion::Basis => "basis",
            Criterion::PlaceHours => "place_hours",
            Criterion::Phones => "phones",
            Criterion::Rules => "rules",
            Criterion::Photos => "photos",
            Criterion::PrintCurrent => "print_current",
            Criterion::CoreRules => "core_rules",
            Criterion::Notices => "notices",
            Criterion::CenterPrintCurrent => "center_print_current",
        }
    }

    /// Judged per window or once for the center.
    pub fn scope(self) -> Scope {
        match self {
            Criterion::CoreRules | Criterion::Notices | Criterion::CenterPrintCurrent => {
                Scope::Center
            }
            _ => Scope::Window,
        }
    }

    /// What the point asks, in the three languages.
    pub fn title(self) -> Message {
        match self {
            Criterion::StaffIdentity => msg!(
                "staff shown with photo, name, post and number (亮身份)",
                "亮身份：工作人员照片、姓名、岗位、工号齐全",
                "亮身份：工作人員照片、姓名、崗位、工號齊全"
            ),
            Criterion::Materials => msg!(
                "every item lists its application materials (一次性告知)",
                "一次性告知：每个事项列明申请材料",
                "一次性告知：每個事項列明申請材料"
            ),
            Criterion::Procedure => msg!(
                "every item lists its procedure",
                "每个事项列明办理流程",
                "每個事項列明辦理流程"
            ),
            Criterion::TimeLimits => msg!(
                "every item discloses its legal and promised time limits",
                "每个事项公示法定和承诺办结时限",
                "每個事項公示法定和承諾辦結時限"
            ),
            Criterion::PromisedWithinLegal => msg!(
                "promised limits are within the legal limits",
                "承诺时限不超过法定时限",
                "承諾時限不超過法定時限"
            ),
            Criterion::Fees => msg!(
                "fees disclosed, each with its basis",
                "收费标准公示，每项收费有依据",
                "收費標準公示，每項收費有依據"
            ),
            Criterion::Basis => msg!(
                "every item cites its legal basis",
                "每个事项写明设定依据",
                "每個事項寫明設定依據"
            ),
            Criterion::PlaceHours => msg!(
                "place and hours of every item",
                "每个事项公示办理地点和办理时间",
                "每個事項公示辦理地點和辦理時間"
            ),
            Criterion::Phones => msg!(
                "consultation and complaint phones of every item",
                "每个事项公示咨询电话和监督投诉电话",
                "每個事項公示諮詢電話和監督投訴電話"
            ),
            Criterion::Rules => msg!(
                "the core rules and every rule of the center on the wall",
                "上墙制度：首问负责制、一次性告知制、限时办结制等中心全部制度",
                "上牆制度：首問負責制、一次性告知制、限時辦結制等中心全部制度"
            ),
            Criterion::Photos => msg!(
                "staff photos sharp enough for their boards (≥ 150 dpi)",
                "工作人员照片清晰度满足印刷（≥ 150 dpi）",
                "工作人員照片清晰度滿足印刷（≥ 150 dpi）"
            ),
            Criterion::PrintCurrent => msg!(
                "the printed sheets are up to date with the content",
                "印刷品与内容一致（已按最新内容印刷）",
                "印刷品與內容一致（已按最新內容印刷）"
            ),
            Criterion::CoreRules => msg!(
                "the center has 首问负责制, 一次性告知制 and 限时办结制",
                "中心制定了首问负责制、一次性告知制、限时办结制",
                "中心制定了首問負責制、一次性告知制、限時辦結制"
            ),
            Criterion::Notices => msg!(
                "no published notice has expired",
                "公告均在有效期内",
                "公告均在有效期內"
            ),
            Criterion::CenterPrintCurrent => msg!(
                "the center-wide boards are up to date with the content",
                "亮身份公示、收费公示等中心公示栏与内容一致",
                "亮身份公示、收費公示等中心公示欄與內容一致"
            ),
        }
    }

    /// The point a diagnostic of another check is a finding against (the load's and the
    /// limit checks' codes); the standard checks tag their own findings.
    pub fn of_code(code: &str) -> Option<Criterion> {
        Some(match code {
            "E010" | "E012" | "E022" | "W140" => Criterion::TimeLimits,
            "E011" => Criterion::PromisedWithinLegal,
            "E013" | "E014" | "E015" | "W142" => Criterion::Fees,
            "W130" => Criterion::Photos,
            _ => return None,
        })
    }
}

/// A diagnostic found against a point of the standard.
#[derive(Debug, Clone)]
pub struct Finding {
    /// The point.
    pub criterion: Criterion,
    /// What is wrong and where to fix it.
    pub diagnostic: Diagnostic,
}

/// The core rules every window shows: each name, and the words (Simplified and Traditional)
/// a rule's title contains when it is that rule.
pub const CORE_RULES: [(&str, &[&str]); 3] = [
    ("首问负责制", &["首问负责", "首問負責"]),
    ("一次性告知制", &["一次性告知"]),
    ("限时办结制", &["限时办结", "限時辦結"]),
];
