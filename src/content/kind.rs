//! The content kinds: one folder under `content/` each, one record per file. The loader lists
//! files by them, `gongshi new` and `gongshi schema` take their names, serve maps edits to them.

use crate::content::spec::{self, Shape};
use crate::content::vocabulary::Vocabulary;

/// A content kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// `content/windows/`.
    Window,
    /// `content/items/`.
    Item,
    /// `content/staff/`.
    Staff,
    /// `content/rules/`.
    Rule,
    /// `content/notices/`.
    Notice,
    /// `content/pages/`.
    Page,
}

crate::vocabulary!(Kind {
    Window: "window", spec::WINDOW.noun_zh, ["window"];
    Item: "item", spec::ITEM.noun_zh, ["item"];
    Staff: "staff", spec::STAFF.noun_zh, ["staff"];
    Rule: "rule", spec::RULE.noun_zh, ["rule"];
    Notice: "notice", spec::NOTICE.noun_zh, ["notice"];
    Page: "page", spec::PAGE.noun_zh, ["page"];
});

impl Kind {
    /// The folder under `content/`.
    pub fn folder(self) -> &'static str {
        match self {
            Kind::Window => "windows",
            Kind::Item => "items",
            Kind::Staff => "staff",
            Kind::Rule => "rules",
            Kind::Notice => "notices",
            Kind::Page => "pages",
        }
    }

    /// The kind whose folder under `content/` is `folder`.
    pub fn from_folder(folder: &str) -> Option<Kind> {
        Kind::ALL.iter().copied().find(|k| k.folder() == folder)
    }

    /// The keys of a record of this kind.
    pub fn shape(self) -> &'static Shape {
        match self {
            Kind::Window => &spec::WINDOW,
            Kind::Item => &spec::ITEM,
            Kind::Staff => &spec::STAFF,
            Kind::Rule => &spec::RULE,
            Kind::Notice => &spec::NOTICE,
            Kind::Page => &spec::PAGE,
        }
    }

    /// Kinds written as Markdown with front matter only (`.md`); the others are YAML (or a
    /// Markdown item with front matter).
    pub fn is_markdown(self) -> bool {
        matches!(self, Kind::Rule | Kind::Notice | Kind::Page)
    }

    /// Position in [`Vocabulary::ALL`]: the order in which the loader reads the folders.
    pub fn rank(self) -> usize {
        Kind::ALL
            .iter()
            .position(|k| *k == self)
            .unwrap_or(usize::MAX)
    }
}
