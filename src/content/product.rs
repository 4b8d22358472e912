//! Print products (印刷品): the keys of site.yaml `print.sheets`, `gongshi print --only` and the
//! output folders under `print/`. What each product prints is print's business.

use crate::content::vocabulary::Vocabulary;

/// A print product.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Product {
    /// 窗口公示栏, one per window.
    WindowBoard,
    /// 办事指南, one per item.
    Guide,
    /// 一次性告知单, one per item.
    Handout,
    /// 工作人员桌牌, one per staff member.
    StaffCard,
    /// 窗口牌, one per window.
    WindowSign,
    /// 亮身份公示, one for the site (or one per department or floor).
    StaffBoard,
    /// 收费公示, one for the site (or one per department or floor).
    FeeBoard,
    /// 服务评价 (好差评) placard, one per window with an evaluation address.
    EvaluationPlacard,
    /// 办事流程图 poster, one per item marked `poster: true`.
    FlowPoster,
}

crate::vocabulary!(Product {
    WindowBoard: "window_board", "窗口公示栏", ["window_board"];
    Guide: "guide", "办事指南", ["guide"];
    Handout: "handout", "一次性告知单", ["handout"];
    StaffCard: "staff_card", "工作人员桌牌", ["staff_card"];
    WindowSign: "window_sign", "窗口牌", ["window_sign"];
    StaffBoard: "staff_board", "亮身份公示", ["staff_board"];
    FeeBoard: "fee_board", "收费公示", ["fee_board"];
    EvaluationPlacard: "evaluation_placard", "服务评价", ["evaluation_placard"];
    FlowPoster: "flow_poster", "办事流程图", ["flow_poster"];
});

impl Product {
    /// The key in site.yaml and the output folder name.
    pub fn key(self) -> &'static str {
        self.word()
    }

    /// The Chinese name, for messages.
    pub fn title(self) -> &'static str {
        self.names().1
    }
}

/// How the center-wide boards (亮身份公示, 收费公示) are split into boards: one for the whole
/// center, or one per department (实施主体) or floor (楼层) of the windows, each titled with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum BoardSplit {
    /// One board for the whole center (continued on more sheets when it is long).
    #[default]
    Center,
    /// One board per department of the windows.
    Department,
    /// One board per floor of the windows.
    Floor,
}

crate::vocabulary!(BoardSplit {
    Center: "center", "全中心", ["center", "全中心", "中心"];
    Department: "department", "按部门", ["department", "按部门", "部门", "实施主体"];
    Floor: "floor", "按楼层", ["floor", "按楼层", "楼层"];
});
