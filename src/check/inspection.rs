//! What a government-site inspection looks for beyond the content rules, run by
//! `check --strict` only (a plain check stays quiet, so a new site is not noisy): the marks a
//! government site must carry (网站标识码, ICP 备案号, the 纠错 address) and guides that have
//! not been updated for a long time. "Today" is a parameter, so results never change with
//! the calendar in tests.

use crate::content::{Date, Site};
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::msg;

/// Runs the inspection checks as of `today`.
pub fn check(site: &Site, today: Date) -> Diagnostics {
    let mut out = Diagnostics::new();
    marks(site, &mut out);
    stale(site, today, &mut out);
    out
}

fn marks(site: &Site, out: &mut Diagnostics) {
    let at = || Location::file("site.yaml");
    let m = &site.config.marks;
    if m.site_id_code.is_none() {
        out.push(
            Diagnostic::warning(
                "W170",
                at(),
                msg!(
                    "site.yaml has no site_id_code (网站标识码): government sites show it in the footer and the SiteIDCode meta tag",
                    "site.yaml 未填写网站标识码（site_id_code），政府网站应在页脚和 SiteIDCode 元数据中标明",
                    "site.yaml 未填寫網站標識碼（site_id_code），政府網站應在頁腳和 SiteIDCode 元數據中標明"
                ),
            )
            .with_help(msg!(
                "add `site_id_code: \"...\"` with the code from the national government site database",
                "请添加“网站标识码: \"...\"”，填写全国政府网站基本数据库中的标识码",
                "請添加「网站标识码: \"...\"」，填寫全國政府網站基本數據庫中的標識碼"
            )),
        );
    }
    if m.icp.is_none() {
        out.push(
            Diagnostic::warning(
                "W171",
                at(),
                msg!(
                    "site.yaml has no icp (ICP备案号): the footer shows the ICP filing number linked to the MIIT filing system",
                    "site.yaml 未填写 ICP 备案号（icp），页脚应标明 ICP 备案号并链接到工业和信息化部备案系统",
                    "site.yaml 未填寫 ICP 備案號（icp），頁腳應標明 ICP 備案號並連結到工業和信息化部備案系統"
                ),
            )
            .with_help(msg!(
                "add `icp: 京ICP备12345678号` as filed",
                "请添加“ICP备案号: 京ICP备12345678号”（以备案为准）",
                "請添加「ICP备案号: 京ICP备12345678号」（以備案為準）"
            )),
        );
    }
    if site.config.correction_url.is_none() {
        out.push(
            Diagnostic::warning(
                "W174",
                at(),
                msg!(
                    "site.yaml has no correction_url (纠错地址): pages carry no 我要纠错 link",
                    "site.yaml 未填写纠错地址（correction_url），页面上没有“我要纠错”链接",
                    "site.yaml 未填寫糾錯地址（correction_url），頁面上沒有「我要糾錯」連結"
                ),
            )
            .with_help(msg!(
                "add `correction_url: https://…`, the address where citizens report mistakes",
                "请添加“纠错地址: https://…”，即群众反馈页面错误的地址",
                "請添加「纠错地址: https://…」，即群眾回饋頁面錯誤的地址"
            )),
        );
    }
}

/// The date `months` calendar months after `date` (the last day of a shorter month when the
/// day does not exist: 2026-01-31 + 1 month = 2026-02-28).
fn add_months(date: Date, months: u32) -> Option<Date> {
    let d = jiff::civil::Date::new(date.year, date.month, date.day).ok()?;
    let months = i32::try_from(months).ok()?;
    let later = d
        .checked_add(jiff::Span::new().try_months(months).ok()?)
        .ok()?;
    Some(Date {
        year: later.year(),
        month: later.month(),
        day: later.day(),
    })
}

fn stale(site: &Site, today: Date, out: &mut Diagnostics) {
    let months = site.config.stale_months();
    if months == 0 {
        return;
    }
    for item in &site.items {
        let name = &item.name.value;
        let at = item
            .updated
            .as_ref()
            .map_or_else(|| item.source.at(item.pos), |u| item.source.at(u.pos));
        match item.last_updated() {
            Some(last) => {
                let due = add_months(last, months);
                if due.is_some_and(|due| due < today) {
                    out.push(
                        Diagnostic::warning(
                            "W172",
                            at,
                            msg!(
                                "{name} was last updated on {last}, more than {months} months ago: the guide may be out of date",
                                "{name} 最后更新于 {last}，已超过 {months} 个月，信息可能已过时",
                                "{name} 最後更新於 {last}，已超過 {months} 個月，資訊可能已過時"
                            ),
                        )
                        .with_help(msg!(
                            "check the guide against the current rules, then set `updated:` to the day you checked it (and add a `changes:` entry if anything changed)",
                            "请对照现行规定核对本指南，核对后把“更新日期”改为核对当天；如有变化，请在“变更记录”中写明",
                            "請對照現行規定核對本指南，核對後把「更新日期」改為核對當天；如有變化，請在「变更记录」中寫明"
                        )),
                    );
                }
            }
            None => out.push(
                Diagnostic::warning(
                    "W173",
                    at,
                    msg!(
                        "{name} has no updated date (更新日期): citizens cannot tell how current it is",
                        "{name} 未填写更新日期，群众无法判断信息是否最新",
                        "{name} 未填寫更新日期，群眾無法判斷資訊是否最新"
                    ),
                )
                .with_help(msg!(
                    "add `updated: YYYY-MM-DD`, the day the guide was last checked",
                    "请添加“更新日期: YYYY-MM-DD”（最后核对的日期）",
                    "請添加「更新日期: YYYY-MM-DD」（最後核對的日期）"
                )),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i16, m: i8, d: i8) -> Date {
        Date {
            year: y,
            month: m,
            day: d,
        }
    }

    #[test]
    fn months_are_calendar_months() {
        assert_eq!(add_months(date(2026, 1, 31), 1), Some(date(2026, 2, 28)));
        assert_eq!(add_months(date(2025, 6, 1), 12), Some(date(2026, 6, 1)));
    }
}
