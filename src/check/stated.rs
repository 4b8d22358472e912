//! What a published guide leaves unstated or states in a way we cannot read: the case type
//! not given, fees to be confirmed (待核实), a 通办范围 or 网上办理深度 we do not recognise or that
//! disagrees with the other facts, and facts kept under `extra` that have a key of their own.
//! All are warnings: the clerk keeps what the source says and the site shows it as given.

use crate::content::reach::{OnlineDepth, Scope};
use crate::content::spec;
use crate::content::{Fees, Item, Site, Vocabulary};
use crate::diag::{Diagnostic, Diagnostics};
use crate::msg;

pub(super) fn check(site: &Site, out: &mut Diagnostics) {
    for item in &site.items {
        case_type(item, out);
        fees(item, out);
        reach(item, out);
        extra(item, out);
    }
}

fn case_type(item: &Item, out: &mut Diagnostics) {
    // A case type written but unreadable is E023 where it is written.
    if item.case_type.is_some() || item.keys.has("case_type") {
        return;
    }
    out.push(
        Diagnostic::warning(
            "W141",
            item.source.at(item.pos),
            msg!(
                "the case type (办件类型) is not stated; the guide shows it as not stated",
                "未写明办件类型（即办件或承诺件），页面和印刷品显示为“未列明”",
                "未寫明辦件類型（即辦件或承諾件），頁面和印刷品顯示為「未列明」"
            ),
        )
        .with_help(msg!(
            "when the department states it, add `case_type: 即办件` or `case_type: 承诺件`",
            "实施部门明确后，请添加“办件类型: 即办件”或“办件类型: 承诺件”",
            "實施部門明確後，請添加「办件类型: 即办件」或「办件类型: 承诺件」"
        )),
    );
}

fn fees(item: &Item, out: &mut Diagnostics) {
    if item.fees != Some(Fees::Unstated) {
        return;
    }
    let at = item.keys.get("fees").unwrap_or(item.pos);
    out.push(
        Diagnostic::warning(
            "W142",
            item.source.at(at),
            msg!(
                "the fees are to be confirmed (待核实); the site and the sheets say to ask at the window",
                "收费标准待核实：网站和印刷品显示为“请咨询窗口”，不会列为不收费",
                "收費標準待核實：網站和印刷品顯示為「請諮詢窗口」，不會列為不收費"
            ),
        )
        .with_help(msg!(
            "when the department confirms them, write `fees: 不收费` or list each fee with its basis",
            "向实施部门核实后，请改为“收费标准: 不收费”，或逐项列出收费及依据",
            "向實施部門核實後，請改為「收费标准: 不收费」，或逐項列出收費及依據"
        )),
    );
}

fn reach(item: &Item, out: &mut Diagnostics) {
    let x = &item.extra;
    if let Some(scope) = &x.scope
        && Scope::parse(&scope.value).is_none()
    {
        let (text, words) = (&scope.value, scope_words());
        out.push(
            Diagnostic::warning(
                "W143",
                item.source.at(scope.pos),
                msg!(
                    "`{text}` is not a 通办范围 we know; it is shown as written",
                    "无法识别通办范围“{text}”，将按原文显示",
                    "無法識別通辦範圍「{text}」，將按原文顯示"
                ),
            )
            .with_help(msg!(
                "write one of {words}",
                "请写其中之一：{words}",
                "請寫其中之一：{words}"
            )),
        );
    }
    let Some(depth_text) = &x.online_depth else {
        return;
    };
    let Some(depth) = OnlineDepth::parse(&depth_text.value) else {
        let text = &depth_text.value;
        out.push(
            Diagnostic::warning(
                "W143",
                item.source.at(depth_text.pos),
                msg!(
                    "`{text}` is not a 网上办理深度 we know; it is shown as written",
                    "无法识别网上办理深度“{text}”，将按原文显示",
                    "無法識別網上辦理深度「{text}」，將按原文顯示"
                ),
            )
            .with_help(msg!(
                "write Ⅰ级–Ⅳ级, 全程网办, or the stages such as 互联网咨询、互联网收件、互联网预审、互联网受理",
                "请写Ⅰ级至Ⅳ级、全程网办，或互联网咨询、互联网收件、互联网预审、互联网受理等环节",
                "請寫Ⅰ級至Ⅳ級、全程網辦，或互聯網諮詢、互聯網收件、互聯網預審、互聯網受理等環節"
            )),
        );
        return;
    };
    let at = item.source.at(depth_text.pos);
    if depth.entirely_online()
        && let Some(n) = item.max_visits.filter(|n| *n > 0)
    {
        out.push(
            Diagnostic::warning(
                "W144",
                at.clone(),
                msg!(
                    "网上办理深度 says it is done entirely online (全程网办), but 到现场次数 is {n}",
                    "网上办理深度为全程网办，但到现场次数为 {n}，两者矛盾",
                    "網上辦理深度為全程網辦，但到現場次數為 {n}，兩者矛盾"
                ),
            )
            .with_help(msg!(
                "both are shown as written; ask the department which is right",
                "两项均按原文显示；请向实施部门核实",
                "兩項均按原文顯示；請向實施部門核實"
            )),
        );
    }
    if depth.some_online() && item.online_url.is_none() && !item.keys.has("online_url") {
        out.push(
            Diagnostic::warning(
                "W144",
                at,
                msg!(
                    "网上办理深度 says it can be done online, but no online address (网上办理) is given",
                    "网上办理深度表明可网上办理，但没有填写网上办理地址",
                    "網上辦理深度表明可網上辦理，但沒有填寫網上辦理地址"
                ),
            )
            .with_help(msg!(
                "add `online_url: https://…` with the address of the online service",
                "请添加“网上办理: https://…”",
                "請添加「网上办理: https://…」"
            )),
        );
    }
}

fn scope_words() -> String {
    Scope::ALL
        .iter()
        .map(|s| s.names().1)
        .collect::<Vec<_>>()
        .join("、")
}

fn extra(item: &Item, out: &mut Diagnostics) {
    for row in &item.other_info {
        let Some(field) = spec::ITEM.field(row.label.trim()) else {
            continue;
        };
        let (label, key, alias) = (&row.label, field.key, field.alias);
        out.push(
            Diagnostic::warning(
                "W145",
                item.source.at(row.pos),
                msg!(
                    "`{label}` has a key of its own: write it as `{key}:` so checks and lists can use it",
                    "“{label}”有对应的键，请写成“{alias}:”（{key}），以便检查和列表使用",
                    "「{label}」有對應的鍵，請寫成「{alias}:」（{key}），以便檢查和列表使用"
                ),
            )
            .with_help(msg!(
                "move the line out of `extra:` to the top level of the item",
                "请把这一行从“其他信息:”中移到事项的顶层",
                "請把這一行從「其他信息:」中移到事項的頂層"
            )),
        );
    }
}
