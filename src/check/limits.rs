//! Time limits agree with the case type, and fees each cite a basis.

use crate::content::timelimit::TimeLimit;
use crate::content::{CaseType, Fees, Item, Site};
use crate::diag::{Diagnostic, Diagnostics};
use crate::msg;

pub(super) fn check(site: &Site, out: &mut Diagnostics) {
    for item in &site.items {
        time_limits(item, out);
        fees(item, out);
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
            if let Some(p) = &tl.promised
                && p.value != TimeLimit::Immediate
            {
                let v = p.value;
                out.push(
                    Diagnostic::error(
                        "E012",
                        item.source.at(p.pos),
                        msg!(
                            "an immediate item (即办件) must promise 即办, not {v}",
                            "即办件的承诺时限应为“即办”，而不是 {v}",
                            "即辦件的承諾時限應為「即办」，而不是 {v}"
                        ),
                    )
                    .with_help(msg!(
                        "write `promised: 即办`, or make it a promised item (承诺件)",
                        "请写“承诺: 即办”，或把办件类型改为承诺件",
                        "請寫「承诺: 即办」，或把辦件類型改為承諾件"
                    )),
                );
            }
        }
        CaseType::Promised => {
            if tl.promised.is_none() {
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

fn fees(item: &Item, out: &mut Diagnostics) {
    let Some(Fees::List(list)) = &item.fees else {
        return;
    };
    for fee in list {
        if fee.basis.is_none() {
            let name = &fee.name;
            out.push(
                Diagnostic::error(
                    "E014",
                    item.source.at(fee.pos),
                    msg!(
                        "the fee `{name}` does not cite its basis",
                        "收费项目“{name}”没有写明收费依据",
                        "收費項目「{name}」沒有寫明收費依據"
                    ),
                )
                .with_help(msg!(
                    "add `basis:` with the document that sets the fee and its number",
                    "请添加“收费依据:”，写明设定收费的文件名称和文号",
                    "請添加「收费依据:」，寫明設定收費的文件名稱和文號"
                )),
            );
        }
    }
}
