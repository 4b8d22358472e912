//! Time limits agree with each other and with the case type. (A fee without basis is
//! reported where it is read, E014, so a basis in a shape we cannot read is not reported
//! twice.)

use crate::content::timelimit::TimeLimit;
use crate::content::{CaseType, Item, Site};
use crate::diag::{Diagnostic, Diagnostics};
use crate::msg;

pub(super) fn check(site: &Site, out: &mut Diagnostics) {
    for item in &site.items {
        time_limits(item, out);
    }
}

fn time_limits(item: &Item, out: &mut Diagnostics) {
    let tl = &item.time_limit;
    if let (Some(legal), Some(promised)) = (&tl.legal, &tl.promised)
        && promised.value.exceeds(legal.value)
    {
        let (p, l) = (promised.value, legal.value);
        out.push(
            Diagnostic::error(
                "E011",
                item.source.at(promised.pos),
                msg!(
                    "the promised limit {p} is longer than the legal limit {l}",
                    "承诺时限 {p} 超过了法定时限 {l}",
                    "承諾時限 {p} 超過了法定時限 {l}"
                ),
            )
            .with_help(msg!(
                "a promise may only shorten the legal limit",
                "承诺时限只能短于或等于法定时限",
                "承諾時限只能短於或等於法定時限"
            )),
        );
    }
    let Some(case) = &item.case_type else { return };
    match case.value {
        CaseType::Immediate => {
            // A published guide may call an item 即办件 and still state a limit: the clerk
            // keeps both facts as published, and the warning says why they disagree.
            if let Some(p) = &tl.promised
                && p.value != TimeLimit::Immediate
            {
                let v = p.value;
                out.push(
                    Diagnostic::warning(
                        "W140",
                        item.source.at(p.pos),
                        msg!(
                            "the item is an immediate item (即办件), which is done on the spot, but it promises {v}",
                            "办件类型为即办件（当场办结），但承诺办结时限写的是 {v}，两者矛盾",
                            "辦件類型為即辦件（當場辦結），但承諾辦結時限寫的是 {v}，兩者矛盾"
                        ),
                    )
                    .with_help(msg!(
                        "both are shown as written; ask the department which is right: a promise of {v} makes it a promised item (承诺件), a 即办件 promises 即办",
                        "两项均按原文显示；请向实施部门核实：若承诺 {v} 办结，应为承诺件；若为即办件，承诺时限应为“即办”",
                        "兩項均按原文顯示；請向實施部門核實：若承諾 {v} 辦結，應為承諾件；若為即辦件，承諾時限應為「即办」"
                    )),
                );
            }
        }
        CaseType::Promised => {
            // An unreadable promise was reported where it is written (E010): not again here.
            if tl.promised.is_none() && !tl.promised_unread {
                out.push(
                    Diagnostic::error(
                        "E022",
                        item.source.at(tl.pos.unwrap_or(case.pos)),
                        msg!(
                            "a promised item (承诺件) needs a promised time limit",
                            "承诺件必须写明承诺办结时限",
                            "承諾件必須寫明承諾辦結時限"
                        ),
                    )
                    .with_help(msg!(
                        "add `time_limit: {{promised: 5个工作日}}`",
                        "请添加“办结时限: {{承诺: 5个工作日}}”",
                        "請添加「办结时限: {{承诺: 5个工作日}}」"
                    )),
                );
            }
        }
    }
}
