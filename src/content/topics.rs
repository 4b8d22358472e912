//! Whom an item serves (服务对象: 自然人 / 法人) and the site's topic vocabulary (主题分类):
//! the two lists of life events and business themes by which citizens and companies look for
//! items on 个人办事 and 法人办事 pages. The national platform's theme lists are the default;
//! a site may declare its own in `site.yaml`. This module owns both vocabularies: the loader
//! parses by them, the checks suggest from them and the pages are laid out by them.

use crate::content::vocabulary::Vocabulary;

/// Whom an item serves (服务对象).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Audience {
    /// 自然人: people (个人办事).
    Person,
    /// 法人: companies and other organisations (法人办事).
    LegalPerson,
}

crate::vocabulary!(Audience {
    Person: "person", "自然人", [
        "person", "natural person", "natural-person", "individual", "citizen",
        "自然人", "个人", "個人", "公民", "居民", "群众", "群眾"
    ];
    LegalPerson: "legal-person", "法人", [
        "legal-person", "legal person", "legal_person", "organization", "organisation",
        "company", "business", "法人", "企业", "企業", "企业法人", "企業法人", "事业法人",
        "事業法人", "社会组织法人", "社會組織法人", "机关法人", "機關法人", "非法人企业",
        "非法人企業", "其他组织", "其他組織", "法人和其他组织", "法人和其他組織", "单位", "單位",
        "社会组织", "社會組織"
    ];
});

impl Audience {
    /// The index of this audience in [`Vocabulary::ALL`] (for per-audience arrays).
    pub fn index(self) -> usize {
        match self {
            Audience::Person => 0,
            Audience::LegalPerson => 1,
        }
    }

    /// The UI label key of the audience's name (`自然人`, `法人`).
    pub fn name_key(self) -> &'static str {
        match self {
            Audience::Person => "audience_person_name",
            Audience::LegalPerson => "audience_legal_person_name",
        }
    }

    /// The UI label key of the audience's page title (`个人办事`, `法人办事`).
    pub fn label_key(self) -> &'static str {
        match self {
            Audience::Person => "audience_person",
            Audience::LegalPerson => "audience_legal_person",
        }
    }
}

/// Splits one written value into its words: `自然人、法人`, `自然人,企业法人` (as 实施清单
/// spreadsheets write lists) give two words. Empty parts are dropped.
pub fn split_words(text: &str) -> impl Iterator<Item = &str> {
    text.split(['、', ',', '，', ';', '；', '/', '|', '\n'])
        .map(str::trim)
        .filter(|w| !w.is_empty())
}

/// The topics (主题) of the national government service platform for people (个人办事).
pub const NATIONAL_PERSON: &[&str] = &[
    "生育收养",
    "户籍办理",
    "民族宗教",
    "教育科研",
    "入伍服役",
    "就业创业",
    "设立变更",
    "准营准办",
    "抵押质押",
    "职业资格",
    "行政缴费",
    "婚姻登记",
    "优待抚恤",
    "规划建设",
    "住房保障",
    "社会保障",
    "证件办理",
    "交通出行",
    "旅游观光",
    "出境入境",
    "消费维权",
    "公共安全",
    "司法公证",
    "知识产权",
    "环保绿化",
    "文化体育",
    "公用事业",
    "医疗卫生",
    "离职退休",
    "死亡殡葬",
    "其他",
];

/// The topics (主题) of the national government service platform for companies and other
/// organisations (法人办事).
pub const NATIONAL_LEGAL_PERSON: &[&str] = &[
    "设立变更",
    "准营准办",
    "资质认证",
    "年检年审",
    "税收财务",
    "人力资源",
    "社会保障",
    "投资审批",
    "融资信贷",
    "抵押质押",
    "商务贸易",
    "招标拍卖",
    "海关口岸",
    "涉外服务",
    "农林牧渔",
    "国土和规划建设",
    "交通运输",
    "环保绿化",
    "应急管理",
    "科技创新",
    "文体教育",
    "知识产权",
    "市场监管",
    "医疗卫生",
    "司法公证",
    "破产注销",
    "其他",
];

/// The site's topic vocabulary: one list of topics per audience, in display order. A topic
/// may be in both lists (设立变更, 社会保障): it then has a page under each audience.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Topics {
    lists: [Vec<String>; 2],
    declared: bool,
}

impl Default for Topics {
    fn default() -> Self {
        Topics::national()
    }
}

impl Topics {
    /// The national platform's lists ([`NATIONAL_PERSON`], [`NATIONAL_LEGAL_PERSON`]).
    pub fn national() -> Topics {
        let own = |l: &[&str]| l.iter().map(|t| t.to_string()).collect();
        Topics {
            lists: [own(NATIONAL_PERSON), own(NATIONAL_LEGAL_PERSON)],
            declared: false,
        }
    }

    /// A site's own lists, as declared in `site.yaml`; duplicates within a list are dropped.
    pub fn declared(person: Vec<String>, legal_person: Vec<String>) -> Topics {
        let dedup = |list: Vec<String>| {
            let mut seen = std::collections::HashSet::new();
            list.into_iter()
                .filter(|t| seen.insert(t.clone()))
                .collect()
        };
        Topics {
            lists: [dedup(person), dedup(legal_person)],
            declared: true,
        }
    }

    /// True when `site.yaml` declared the lists (false for the national default).
    pub fn is_declared(&self) -> bool {
        self.declared
    }

    /// The topics of one audience, in display order.
    pub fn of(&self, audience: Audience) -> &[String] {
        &self.lists[audience.index()]
    }

    /// True when `topic` is in either list.
    pub fn contains(&self, topic: &str) -> bool {
        self.lists.iter().any(|l| l.iter().any(|t| t == topic))
    }

    /// The audiences whose list holds `topic`.
    pub fn audiences_of<'a>(&'a self, topic: &'a str) -> impl Iterator<Item = Audience> + 'a {
        Audience::ALL
            .iter()
            .copied()
            .filter(move |a| self.of(*a).iter().any(|t| t == topic))
    }

    /// The known topic closest to a misspelt one (`户藉办理` → `户籍办理`, `社保` →
    /// `社会保障` is too far, `婚姻` → `婚姻登记` by containment), if any is close enough.
    pub fn closest(&self, typo: &str) -> Option<&str> {
        let typo = typo.trim();
        let all = self.lists.iter().flatten().map(String::as_str);
        let mut best: Option<(usize, &str)> = None;
        for known in all {
            let d = if known.contains(typo) || typo.contains(known) {
                known.chars().count().abs_diff(typo.chars().count()).min(1)
            } else {
                strsim::levenshtein(typo, known)
            };
            let limit = (known.chars().count() / 2).max(1);
            if d <= limit && best.is_none_or(|(b, _)| d < b) {
                best = Some((d, known));
            }
        }
        best.map(|(_, k)| k)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn audience_words() {
        assert_eq!(Audience::parse("自然人"), Some(Audience::Person));
        assert_eq!(Audience::parse("企业法人"), Some(Audience::LegalPerson));
        assert_eq!(
            Audience::parse(" Legal Person "),
            Some(Audience::LegalPerson)
        );
        assert_eq!(Audience::parse("外星人"), None);
        let words: Vec<&str> = split_words("自然人、企业法人,").collect();
        assert_eq!(words, ["自然人", "企业法人"]);
    }

    #[test]
    fn national_lists_and_suggestions() {
        let t = Topics::national();
        assert!(!t.is_declared());
        assert!(t.contains("婚姻登记") && t.contains("破产注销"));
        let both: Vec<Audience> = t.audiences_of("设立变更").collect();
        assert_eq!(both, [Audience::Person, Audience::LegalPerson]);
        let one: Vec<Audience> = t.audiences_of("婚姻登记").collect();
        assert_eq!(one, [Audience::Person]);
        assert_eq!(t.closest("户藉办理"), Some("户籍办理"));
        assert_eq!(t.closest("婚姻"), Some("婚姻登记"));
        assert_eq!(t.closest("火星签证"), None);
    }

    #[test]
    fn declared_lists_replace_the_national_ones() {
        let t = Topics::declared(
            vec!["公积金".into(), "公积金".into()],
            vec!["开办企业".into()],
        );
        assert!(t.is_declared());
        assert_eq!(t.of(Audience::Person), ["公积金"]);
        assert!(!t.contains("婚姻登记"));
    }
}
