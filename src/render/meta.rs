//! The page metadata that government-site inspection crawlers read (SiteName, SiteDomain,
//! SiteIDCode, ColumnName, ColumnType, ArticleTitle, PubDate, ContentSource) and the
//! description and Open Graph tags, computed per page here and written by `base.html`.

use serde::Serialize;

use crate::present::Wording;

/// A section of the site (栏目): what `ColumnName` and `ColumnType` say about its pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    /// 首页.
    Home,
    /// 办事指南 pages and the list of every item.
    Guides,
    /// 服务窗口.
    Windows,
    /// 亮身份 (the staff board).
    Staff,
    /// 工作制度.
    Rules,
    /// 通知公告.
    Notices,
    /// Free pages.
    Pages,
    /// 开放数据.
    OpenData,
    /// The not-found page.
    NotFound,
}

impl Column {
    /// The label key of the column's name in the theme's i18n files.
    pub fn label_key(self) -> &'static str {
        match self {
            Column::Home => "home",
            Column::Guides => "guide",
            Column::Windows => "windows",
            Column::Staff => "staff_board",
            Column::Rules => "rules",
            Column::Notices => "notices",
            Column::Pages => "more",
            Column::OpenData => "open_data",
            Column::NotFound => "not_found",
        }
    }

    /// `ColumnType`: the column category of the government-site metadata, always in Chinese
    /// (it is read by inspection crawlers, not by people).
    pub fn column_type(self) -> &'static str {
        match self {
            Column::Home => "首页",
            Column::Guides | Column::Windows => "办事服务",
            Column::Staff | Column::Rules => "政务公开",
            Column::Notices => "通知公告",
            Column::OpenData => "数据开放",
            Column::Pages | Column::NotFound => "其他",
        }
    }
}

/// What `base.html` writes into `<head>` for one page (the template's `meta`).
#[derive(Debug, Serialize)]
pub struct PageMeta {
    /// `ColumnName`.
    pub column_name: String,
    /// `ColumnType`.
    pub column_type: &'static str,
    /// `ArticleTitle`: the page's own title.
    pub article_title: String,
    /// `PubDate` (YYYY-MM-DD): the notice's date or the guide's last update, when known.
    pub pub_date: Option<String>,
    /// `ContentSource`: the department that answers for the content, else the center.
    pub content_source: String,
    /// `description` and `og:description`.
    pub description: String,
}

/// The most characters of a description taken from a page body.
const DESCRIPTION_CHARS: usize = 120;

/// A description from a page body's plain text: its first lines up to about 120
/// characters, on one line.
pub fn describe(plain: &str) -> Option<String> {
    let joined = plain.split_whitespace().collect::<Vec<_>>().join(" ");
    if joined.is_empty() {
        return None;
    }
    let mut chars = joined.chars();
    let head: String = chars.by_ref().take(DESCRIPTION_CHARS).collect();
    Some(if chars.next().is_some() {
        format!("{head}…")
    } else {
        head
    })
}

impl PageMeta {
    /// The metadata of a page of `column` titled `title`.
    pub fn new(
        words: &Wording,
        column: Column,
        title: &str,
        pub_date: Option<String>,
        content_source: &str,
        description: String,
    ) -> PageMeta {
        PageMeta {
            column_name: words.label(column.label_key()),
            column_type: column.column_type(),
            article_title: title.to_string(),
            pub_date,
            content_source: content_source.to_string(),
            description,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptions_are_one_short_line() {
        assert_eq!(describe("甲\n\n乙  丙").as_deref(), Some("甲 乙 丙"));
        assert_eq!(describe(" \n"), None);
        let long = "字".repeat(200);
        let d = describe(&long).expect("text");
        assert_eq!(d.chars().count(), DESCRIPTION_CHARS + 1);
        assert!(d.ends_with('…'));
    }
}
