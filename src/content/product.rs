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
    /// 亮身份公示, one for the site.
    StaffBoard,
    /// 收费公示, one for the site.
    FeeBoard,
}

crate::vocabulary!(Product {
    WindowBoard: "window_board", "窗口公示栏", ["window_board"];
    Guide: "guide", "办事指南", ["guide"];
    Handout: "handout", "一次性告知单", ["handout"];
    StaffCard: "staff_card", "工作人员桌牌", ["staff_card"];
    WindowSign: "window_sign", "窗口牌", ["window_sign"];
    StaffBoard: "staff_board", "亮身份公示", ["staff_board"];
    FeeBoard: "fee_board", "收费公示", ["fee_board"];
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
