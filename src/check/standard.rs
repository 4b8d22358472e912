//! The points of the window standard that only the self-audit (`gongshi audit`) judges, on
//! top of what `check` reports: staff with post and 工号, place and hours of every item, the
//! rules on each window's wall, and notices still current as of a given day. A plain
//! `check` stays quiet about them, so a site that only publishes a website is not noisy.

use super::criteria::{CORE_RULES, Criterion, Finding};
use crate::content::{Date, Site, Window};
use crate::diag::{Diagnostic, Location};
use crate::msg;

/// The audit-only findings as of `today`, each with its point of the standard.
pub fn findings(site: &Site, today: Date) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut push = |criterion, diagnostic| {
        out.push(Finding {
            criterion,
            diagnostic,
        })
    };
    for staff in &site.staff {
        let name = &staff.name.value;
        let at = || staff.source.at(staff.pos);
        if staff.post.is_none() {
            push(
                Criterion::StaffIdentity,
                Diagnostic::warning(
                    "W180",
                    at(),
                    msg!(
                        "{name} has no post (岗位) to show on the staff board (亮身份)",
                        "{name} 没有填写岗位，亮身份公示无法展示",
                        "{name} 沒有填寫崗位，亮身份公示無法展示"
                    ),
                )
                .with_help(msg!(
                    "add `post: 综合受理` (the post at the window)",
                    "请添加“岗位: 综合受理”",
                    "請添加「岗位: 综合受理」"
                )),
            );
        }
        if staff.employee_no.is_none() {
            push(
                Criterion::StaffIdentity,
                Diagnostic::warning(
                    "W181",
                    at(),
                    msg!(
                        "{name} has no employee number (工号) to show on the staff board (亮身份)",
                        "{name} 没有填写工号，亮身份公示无法展示",
                        "{name} 沒有填寫工號，亮身份公示無法展示"
                    ),
                )
                .with_help(msg!(
                    "add `employee_no: \"A001\"`",
                    "请添加“工号: \"A001\"”",
                    "請添加「工号: \"A001\"」"
                )),
            );
        }
    }
    for item in &site.items {
        let facts = site.facts(item);
        let at = || item.source.at(item.pos);
        if facts.location.is_none() {
            push(
                Criterion::PlaceHours,
                Diagnostic::warning(
                    "W182",
                    at(),
                    msg!(
                        "no place (办理地点), not even inherited from the window or site",
                        "没有办理地点（窗口和中心也未填写）",
                        "沒有辦理地點（窗口和中心也未填寫）"
                    ),
                )
                .with_help(msg!(
                    "add `location:` to the window or `center.address` to site.yaml",
                    "请在窗口中填写“办理地点”，或在 site.yaml 的 center 中填写地址",
                    "請在窗口中填寫「办理地点」，或在 site.yaml 的 center 中填寫地址"
                )),
            );
        }
        if facts.hours.is_none() {
            push(
                Criterion::PlaceHours,
                Diagnostic::warning(
                    "W183",
                    at(),
                    msg!(
                        "no hours (办理时间), not even inherited from the window or site",
                        "没有办理时间（窗口和中心也未填写）",
                        "沒有辦理時間（窗口和中心也未填寫）"
                    ),
                )
                .with_help(msg!(
                    "add `hours:` to the window or `center.hours` to site.yaml",
                    "请在窗口中填写“办理时间”，或在 site.yaml 的 center 中填写",
                    "請在窗口中填寫「办理时间」，或在 site.yaml 的 center 中填寫"
                )),
            );
        }
    }
    for (name, words) in CORE_RULES {
        if !site.rules.iter().any(|r| is_rule(&r.title.value, words)) {
            let id = match name {
                "首问负责制" => "first-inquiry",
                "一次性告知制" => "one-time-notice",
                _ => "time-limit",
            };
            push(
                Criterion::CoreRules,
                Diagnostic::warning(
                    "W185",
                    Location::file("content/rules/"),
                    msg!(
                        "the center has no rule {name}",
                        "中心没有制定{name}",
                        "中心沒有制定{name}"
                    ),
                )
                .with_help(msg!(
                    "write it: `gongshi new rule {id}`, title `{name}`",
                    "请新建：gongshi new rule {id}，标题为“{name}”",
                    "請新建：gongshi new rule {id}，標題為「{name}」"
                )),
            );
        }
    }
    for window in &site.windows {
        for rule in missing_rules(site, window) {
            let at = window
                .keys
                .get("rules")
                .unwrap_or(window.number.pos)
                .at(&window.source.file);
            let (label, id) = (&window.name.value, &rule.source.id);
            let title = &rule.title.value;
            push(
                Criterion::Rules,
                Diagnostic::warning(
                    "W184",
                    at,
                    msg!(
                        "{label} does not show the rule {title} on its wall",
                        "{label}未公示{title}",
                        "{label}未公示{title}"
                    ),
                )
                .with_help(msg!(
                    "add `{id}` to the window's `rules:`",
                    "请在窗口的“制度:”中加上 {id}",
                    "請在窗口的「制度:」中加上 {id}"
                )),
            );
        }
    }
    for notice in &site.notices {
        let Some(expires) = &notice.expires else {
            continue;
        };
        if expires.value < today {
            let (title, day) = (&notice.title.value, expires.value);
            push(
                Criterion::Notices,
                Diagnostic::warning(
                    "W186",
                    notice.source.at(expires.pos),
                    msg!(
                        "the notice {title} expired on {day} and is still published",
                        "公告“{title}”已于 {day} 过期，仍在公示",
                        "公告「{title}」已於 {day} 過期，仍在公示"
                    ),
                )
                .with_help(msg!(
                    "remove the notice file, or set a later `expires:`",
                    "请删除该公告文件，或修改“截止日期”",
                    "請刪除該公告檔案，或修改「截止日期」"
                )),
            );
        }
    }
    out
}

fn is_rule(title: &str, words: &[&str]) -> bool {
    words.iter().any(|w| title.contains(w))
}

/// The rules of the center a window does not list (every rule the center declares belongs
/// on every window's wall, the core ones first of all).
fn missing_rules<'a>(site: &'a Site, window: &Window) -> Vec<&'a crate::content::Rule> {
    site.rules
        .iter()
        .filter(|rule| !window.rules.iter().any(|r| r.value == rule.source.id))
        .collect()
}
