//! How far an item reaches beyond its window: where else it can be handled (通办范围) and how
//! much of it can be done online (网上办理深度), as the national 实施清单 names them. Guides word
//! both in several ways; the text is always shown as written, and these types read the level
//! out of it so checks can compare it with the other facts.

/// Where an item can be handled (通办范围).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    /// 全国通办.
    National,
    /// 跨省通办.
    CrossProvince,
    /// 全省通办.
    Province,
    /// 全市通办.
    City,
    /// 全县（区）通办.
    County,
    /// 不通办: only at this window.
    Local,
}

crate::vocabulary!(Scope {
    National: "national", "全国通办", ["national", "全国通办", "全国", "全國通辦", "全國"];
    CrossProvince: "cross-province", "跨省通办", ["cross-province", "跨省通办", "跨省", "跨省通辦"];
    Province: "province", "全省通办", ["province", "全省通办", "全省", "省内通办", "全省通辦", "省內通辦"];
    City: "city", "全市通办", ["city", "全市通办", "全市", "市内通办", "同城通办", "全市通辦", "市內通辦"];
    County: "county", "全县通办", ["county", "全县通办", "全县", "全区通办", "全区", "县内通办", "全縣通辦", "全區通辦"];
    Local: "local", "不通办", ["local", "不通办", "不通辦", "无", "無", "否"];
});

/// How much of an item can be done online (网上办理深度), from Ⅰ (information online) to Ⅳ
/// (全程网办: entirely online); 0 when it cannot be done online at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct OnlineDepth(pub u8);

/// Words that name a depth, each with its level. A guide may list several stages
/// (`互联网咨询、互联网收件、互联网预审`): the deepest one counts.
const DEPTH_WORDS: &[(&str, u8)] = &[
    ("不能网办", 0),
    ("不支持网上办理", 0),
    ("线下办理", 0),
    ("線下辦理", 0),
    ("ⅳ级", 4),
    ("iv级", 4),
    ("四级", 4),
    ("4级", 4),
    ("全程网办", 4),
    ("全程網辦", 4),
    ("互联网办理", 4),
    ("互联网受理", 4),
    ("網上辦理", 4),
    ("ⅲ级", 3),
    ("iii级", 3),
    ("三级", 3),
    ("3级", 3),
    ("互联网预审", 3),
    ("网上预审", 3),
    ("網上預審", 3),
    ("ⅱ级", 2),
    ("ii级", 2),
    ("二级", 2),
    ("2级", 2),
    ("互联网收件", 2),
    ("网上预约", 2),
    ("网上申请", 2),
    ("網上預約", 2),
    ("ⅰ级", 1),
    ("i级", 1),
    ("一级", 1),
    ("1级", 1),
    ("互联网咨询", 1),
    ("网上咨询", 1),
    ("信息公开", 1),
];

impl OnlineDepth {
    /// The deepest level named in `text`; `None` when it names none we know.
    pub fn parse(text: &str) -> Option<OnlineDepth> {
        let folded: String = text
            .chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_lowercase)
            .collect();
        let mut found: Option<u8> = None;
        let mut rest = folded.as_str();
        // Longest words first at each position, so `iv级` is not read as `i` + `v级`.
        while !rest.is_empty() {
            let hit = DEPTH_WORDS
                .iter()
                .filter(|(w, _)| rest.starts_with(w))
                .max_by_key(|(w, _)| w.len());
            match hit {
                Some((w, level)) => {
                    found = Some(found.map_or(*level, |f| f.max(*level)));
                    rest = &rest[w.len()..];
                }
                None => {
                    let next = rest.chars().next().map_or(1, char::len_utf8);
                    rest = &rest[next..];
                }
            }
        }
        found.map(OnlineDepth)
    }

    /// True for 全程网办 (Ⅳ): nothing needs a visit.
    pub fn entirely_online(self) -> bool {
        self.0 >= 4
    }

    /// True when some step can be done online (Ⅱ and deeper: appointment, submission, …).
    pub fn some_online(self) -> bool {
        self.0 >= 2
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::Vocabulary;

    #[test]
    fn depths_are_read_from_what_guides_write() {
        assert_eq!(OnlineDepth::parse("Ⅳ级"), Some(OnlineDepth(4)));
        assert_eq!(OnlineDepth::parse("IV级（全程网办）"), Some(OnlineDepth(4)));
        assert_eq!(OnlineDepth::parse("iii级"), Some(OnlineDepth(3)));
        assert_eq!(
            OnlineDepth::parse("互联网咨询、互联网收件、互联网预审"),
            Some(OnlineDepth(3))
        );
        assert_eq!(OnlineDepth::parse("全程网办"), Some(OnlineDepth(4)));
        assert_eq!(OnlineDepth::parse("线下办理"), Some(OnlineDepth(0)));
        assert_eq!(OnlineDepth::parse("很深"), None);
    }

    #[test]
    fn scopes_are_words() {
        assert_eq!(Scope::parse("全市通办"), Some(Scope::City));
        assert_eq!(Scope::parse("跨省通辦"), Some(Scope::CrossProvince));
        assert_eq!(Scope::parse("就近"), None);
    }
}
