//! An item's topics come from the site's topic vocabulary (an unknown one is an error with the
//! closest known topic), and each is listed under an audience the item serves (otherwise no
//! topic page lists the item under it: a warning).

use crate::content::{Audience, Site, Vocabulary};
use crate::diag::{Diagnostic, Diagnostics};
use crate::msg;

pub(super) fn check(site: &Site, out: &mut Diagnostics) {
    let topics = &site.config.topics;
    let whence = if topics.is_declared() {
        msg!(
            "topics come from `topics` (主题分类) in site.yaml",
            "主题取自 site.yaml 的“主题分类”（topics）",
            "主題取自 site.yaml 的「主题分类」（topics）"
        )
    } else {
        msg!(
            "topics come from the national platform's lists (see docs/content-format.md), or from `topics` in site.yaml",
            "主题取自国家政务服务平台的主题分类（见 docs/content-format.md），也可在 site.yaml 的“主题分类”中自定",
            "主題取自國家政務服務平台的主題分類（見 docs/content-format.md），也可在 site.yaml 的「主题分类」中自訂"
        )
    };
    for item in &site.items {
        for topic in &item.topics {
            let name = topic.value.as_str();
            if !topics.contains(name) {
                let help = match topics.closest(name) {
                    Some(k) => msg!(
                        "did you mean `{k}`?",
                        "是否想写“{k}”？",
                        "是否想寫「{k}」？"
                    ),
                    None => whence.clone(),
                };
                out.push(
                    Diagnostic::error(
                        "E070",
                        item.source.at(topic.pos),
                        msg!(
                            "unknown topic `{name}`",
                            "未知的主题“{name}”",
                            "未知的主題「{name}」"
                        ),
                    )
                    .with_help(help),
                );
                continue;
            }
            if item.audience.is_empty() {
                continue;
            }
            let listed = item
                .audience
                .iter()
                .any(|a| topics.of(*a).iter().any(|t| t == name));
            if !listed {
                let served: Vec<&str> = item.audience.iter().map(|a| a.names().1).collect();
                let served = served.join("、");
                let other: Vec<&str> = Audience::ALL
                    .iter()
                    .filter(|a| !item.audience.contains(a))
                    .map(|a| a.names().1)
                    .collect();
                let other = other.join("、");
                out.push(
                    Diagnostic::warning(
                        "W150",
                        item.source.at(topic.pos),
                        msg!(
                            "topic `{name}` is not a topic for {served}: no topic page lists the item under it",
                            "“{name}”不是面向{served}的主题，该事项不会列在这个主题下",
                            "「{name}」不是面向{served}的主題，該事項不會列在這個主題下"
                        ),
                    )
                    .with_help(msg!(
                        "choose a topic of the {served} list, or add {other} to `audience`",
                        "请改用面向{served}的主题，或在“服务对象”中加上{other}",
                        "請改用面向{served}的主題，或在「服务对象」中加上{other}"
                    )),
                );
            }
        }
    }
}
