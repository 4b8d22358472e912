//! Fees from a row: 是否收费, the 收费标准 text (one fee per line: name, amount, unit) and the
//! per-fee columns (收费项目, 金额, 单位, 收费依据, 是否允许减免, 减免依据), line by line.

use crate::content::convert::{is_free, is_unstated};
use crate::content::money::Amount;
use crate::msg;
use crate::spreadsheet::cells;
use crate::spreadsheet::columns::{Column, Target};
use crate::spreadsheet::rows::RowReader;
use crate::spreadsheet::yaml_out::Val;

impl RowReader<'_> {
    /// Lines of a per-fee column.
    fn fee_column(&self, key: &'static str) -> Option<(Vec<String>, Column)> {
        let (text, col) = self.text(Target::Fee(key))?;
        Some((cells::split_list(&text), col.clone()))
    }

    /// The `fees` value of the row: 不收费, 待核实 (the source does not state them), a list of
    /// fees, or nothing when the row says nothing.
    pub(super) fn fees(&mut self) -> Option<Val> {
        let charged = match self.text(Target::Charged) {
            Some((text, col)) => {
                let col = col.clone();
                match cells::yes_no(&text) {
                    Some(b) => Some((b, col)),
                    None => {
                        self.bad(
                            "E063",
                            &col,
                            &text,
                            msg!("expected 是 or 否", "应为“是”或“否”", "應為「是」或「否」"),
                            msg!("write 是 or 否", "请填写“是”或“否”", "請填寫「是」或「否」"),
                        );
                        None
                    }
                }
            }
            None => None,
        };
        let standard = self.text(Target::Item("fees")).map(|(t, c)| (t, c.clone()));
        let mut said_free = charged.as_ref().is_some_and(|(b, _)| !b);
        let mut unstated = None;
        let mut lines = Vec::new();
        if let Some((text, _)) = &standard {
            for line in cells::split_list(text) {
                if is_free(&line) || cells::yes_no(&line) == Some(false) {
                    said_free = true;
                } else if is_unstated(&line) {
                    unstated = Some(line);
                } else {
                    lines.push((line.clone(), cells::fee_line(&line)));
                }
            }
        }
        let names = self.fee_column("name");
        let amounts = self.fee_column("amount");
        let units = self.fee_column("unit");
        let count = [
            lines.len(),
            names.as_ref().map_or(0, |n| n.0.len()),
            amounts.as_ref().map_or(0, |a| a.0.len()),
        ]
        .into_iter()
        .max()
        .unwrap_or(0);
        if count == 0 {
            if said_free {
                return Some(Val::Text("不收费".into()));
            }
            if let Some(word) = unstated {
                return Some(Val::Text(word));
            }
            if let Some((true, col)) = &charged {
                let col = col.clone();
                self.bad(
                    "E064",
                    &col,
                    "是",
                    msg!(
                        "the item charges a fee but no 收费标准 says which",
                        "事项收费，但没有填写收费标准",
                        "事項收費，但沒有填寫收費標準"
                    ),
                    msg!(
                        "fill in 收费标准 (e.g. 工本费 20 元/本), one fee per line",
                        "请填写收费标准（如“工本费 20 元/本”），每行一项",
                        "請填寫收費標準（如「工本费 20 元/本」），每行一項"
                    ),
                );
            }
            return None;
        }
        if let Some((false, col)) = &charged {
            let col = col.clone();
            self.warn(
                "W163",
                &col,
                msg!(
                    "是否收费 says 否 but 收费标准 lists fees; the fees were imported",
                    "“是否收费”为否，但收费标准列有收费项目；已按收费标准导入",
                    "「是否收费」為否，但收費標準列有收費項目；已按收費標準匯入"
                ),
                msg!(
                    "check which is right and correct the workbook",
                    "请核实并更正表格",
                    "請核實並更正表格"
                ),
            );
        }
        let basis = self.fee_column("basis");
        let reducible = self.fee_column("reducible");
        let reduction = self.fee_column("reduction_basis");
        let mut fees = Vec::new();
        for i in 0..count {
            let parsed = lines.get(i).map(|(_, f)| f.clone());
            let line_text = lines.get(i).map(|(t, _)| t.clone());
            let name = names
                .as_ref()
                .and_then(|(n, _)| n.get(i).cloned())
                .or_else(|| parsed.as_ref().and_then(|p| p.name.clone()));
            let amount = match amounts.as_ref().and_then(|(a, c)| a.get(i).map(|t| (t, c))) {
                Some((text, col)) => {
                    let col = col.clone();
                    let parsed_amount = Amount::parse(text);
                    if parsed_amount.is_none() {
                        self.bad(
                            "E064",
                            &col,
                            text,
                            msg!("not an amount in yuan", "不是有效金额", "不是有效金額"),
                            msg!(
                                "write a number such as 80 or a range such as 5-20",
                                "请填写数字（如 80）或范围（如 5-20）",
                                "請填寫數字（如 80）或範圍（如 5-20）"
                            ),
                        );
                    }
                    parsed_amount
                }
                None => parsed.as_ref().and_then(|p| p.amount),
            };
            let unit = units
                .as_ref()
                .and_then(|(u, _)| u.get(i).cloned())
                .or_else(|| parsed.as_ref().and_then(|p| p.unit.clone()));
            if let (Some((_, col)), Some(text)) = (&standard, &line_text) {
                let col = col.clone();
                if amount.is_none() && amounts.is_none() {
                    self.bad(
                        "E064",
                        &col,
                        text,
                        msg!(
                            "no amount in this fee",
                            "这项收费没有金额",
                            "這項收費沒有金額"
                        ),
                        msg!(
                            "write the fee as name, amount and unit, one per line: 不动产登记费 80 元/件, 复印费 5-20 元/页",
                            "请每行写一项：名称、金额、单位，如“不动产登记费 80 元/件”“复印费 5-20 元/页”",
                            "請每行寫一項：名稱、金額、單位，如「不动产登记费 80 元/件」「复印费 5-20 元/页」"
                        ),
                    );
                } else if name.is_none() {
                    self.bad(
                        "E064",
                        &col,
                        text,
                        msg!(
                            "this fee has no name",
                            "这项收费没有名称",
                            "這項收費沒有名稱"
                        ),
                        msg!(
                            "write its name before the amount (复印费 5-20 元/页) or add a 收费项目 column; the fee was imported without 收费项目",
                            "请在金额前写上收费项目名称（如“复印费 5-20 元/页”），或增加“收费项目”列；已导入但缺少收费项目",
                            "請在金額前寫上收費項目名稱（如「复印费 5-20 元/页」），或增加「收费项目」欄；已匯入但缺少收費項目"
                        ),
                    );
                }
            }
            let mut fee: Vec<(&'static str, Val)> = Vec::new();
            if let Some(n) = name {
                fee.push(("name", Val::Text(n)));
            }
            if let Some(a) = amount {
                fee.push(("amount", Val::Raw(cells::amount_text(&a))));
            }
            if let Some(u) = unit {
                fee.push(("unit", Val::Text(u)));
            }
            if let Some(b) = per_fee(&basis, i, count) {
                fee.push(("basis", Val::Text(b)));
            }
            if let Some(text) = per_fee(&reducible, i, count) {
                match cells::yes_no(&text) {
                    Some(b) => fee.push(("reducible", Val::Raw(b.to_string()))),
                    None => {
                        if let Some((_, col)) = &reducible {
                            let col = col.clone();
                            self.bad(
                                "E063",
                                &col,
                                &text,
                                msg!("expected 是 or 否", "应为“是”或“否”", "應為「是」或「否」"),
                                msg!("write 是 or 否", "请填写“是”或“否”", "請填寫「是」或「否」"),
                            );
                        }
                    }
                }
            }
            if let Some(r) = per_fee(&reduction, i, count) {
                fee.push(("reduction_basis", Val::Text(r)));
            }
            if !fee.is_empty() {
                fees.push(Val::Map(fee));
            }
        }
        (!fees.is_empty()).then_some(Val::List(fees))
    }
}

/// The value of a per-fee column for fee `i` of `count`: line by line when the counts agree,
/// the only line for every fee, or all lines joined for a single fee.
fn per_fee(column: &Option<(Vec<String>, Column)>, i: usize, count: usize) -> Option<String> {
    let (lines, _) = column.as_ref()?;
    match (lines.len(), count) {
        (0, _) => None,
        (1, _) => lines.first().cloned(),
        (_, 1) => Some(lines.join("；")),
        _ => lines.get(i).cloned(),
    }
}
