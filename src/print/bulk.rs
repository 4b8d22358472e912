//! What most likely makes a sheet too long, worked out from the record when the sheet is
//! planned, so a sheet that does not fit (E031) names the record, the line and the field that
//! filled it, and the fix that fits that cause: a bigger sheet for a long list, a shorter
//! text for a long text.

use crate::content::yaml::Pos;
use crate::content::{Fees, Item, Product, Site, Staff, Window};
use crate::diag::{Location, Message};
use crate::msg;
use crate::present::is_window_number;

/// The biggest part of a sheet's content and what to do about it.
#[derive(Debug, Clone)]
pub struct Bulk {
    /// The file and line of the field.
    pub location: Location,
    /// The field and how big it is (`申请材料（23 项）`).
    pub what: Message,
    /// The fix that fits: shorten this text, or a bigger sheet for this list.
    pub cause: Cause,
}

/// Whether the bulk is a long text (shorten it) or a long list (a bigger sheet, or fewer).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cause {
    /// A text the clerk can shorten (受理条件, 补充说明, 职责, …).
    Text,
    /// A list that belongs on the sheet (materials, items, fees, staff).
    List,
}

/// A candidate part: its weight in printed lines, where it is, what it is, its cause.
struct Part {
    lines: usize,
    location: Location,
    what: Message,
    cause: Cause,
}

fn at(file: &str, pos: Option<Pos>) -> Location {
    pos.map_or_else(|| Location::file(file.to_string()), |p| p.at(file))
}

fn chars(text: Option<&str>) -> usize {
    text.map_or(0, |t| t.chars().count())
}

/// A text part, weighed at `per_line` characters a printed line.
fn text_part(
    file: &str,
    pos: Option<Pos>,
    key: &str,
    alias: &str,
    n: usize,
    per_line: usize,
) -> Part {
    Part {
        lines: n.div_ceil(per_line.max(1)),
        location: at(file, pos),
        what: msg!(
            "`{key}` ({n} characters)",
            "“{alias}”（{n} 个字）",
            "「{alias}」（{n} 個字）"
        ),
        cause: Cause::Text,
    }
}

/// A list part of `n` entries, each weighing `per_entry` printed lines.
fn list_part(
    file: &str,
    pos: Option<Pos>,
    key: &str,
    alias: &str,
    n: usize,
    per_entry: usize,
) -> Part {
    Part {
        lines: n * per_entry,
        location: at(file, pos),
        what: msg!(
            "`{key}` ({n} entries)",
            "“{alias}”（{n} 项）",
            "「{alias}」（{n} 項）"
        ),
        cause: Cause::List,
    }
}

fn biggest(parts: Vec<Part>) -> Option<Bulk> {
    parts
        .into_iter()
        .filter(|p| p.lines > 0)
        .max_by_key(|p| p.lines)
        .map(|p| Bulk {
            location: p.location,
            what: p.what,
            cause: p.cause,
        })
}

fn item_parts(item: &Item, product: Product) -> Vec<Part> {
    let f = item.source.file.as_str();
    let k = |key: &str| item.keys.get(key);
    let body_pos = item.body_line.map(|line| Pos {
        line,
        column: 1,
        len: 1,
    });
    let faq: usize = item
        .faq
        .iter()
        .map(|q| q.question.chars().count() + q.answer.chars().count())
        .sum();
    let other: usize = item
        .other_info
        .iter()
        .map(|r| r.label.chars().count() + r.text.chars().count())
        .sum();
    let fees = match &item.fees {
        Some(Fees::List(list)) => list.len(),
        _ => 0,
    };
    // The handout takes 12 materials a sheet on two sheets; the guide one row each.
    let materials = if product == Product::Handout {
        item.materials.len().saturating_sub(24)
    } else {
        item.materials.len()
    };
    let mut parts = vec![
        list_part(f, k("materials"), "materials", "申请材料", materials, 2),
        list_part(f, k("fees"), "fees", "收费标准", fees, 2),
        text_part(
            f,
            k("conditions"),
            "conditions",
            "受理条件",
            chars(item.conditions.as_deref()),
            60,
        ),
        text_part(f, k("extra"), "extra", "其他信息", other, 60),
    ];
    if product == Product::Guide {
        parts.extend([
            list_part(
                f,
                k("procedure"),
                "procedure",
                "办理流程",
                item.procedure.len(),
                2,
            ),
            list_part(f, k("basis"), "basis", "设定依据", item.basis.len(), 1),
            text_part(f, k("faq"), "faq", "常见问题", faq, 60),
            text_part(
                f,
                body_pos,
                "body",
                "正文（补充说明）",
                chars(item.body.as_deref()),
                60,
            ),
        ]);
    }
    parts
}

fn window_parts(site: &Site, window: &Window, product: Product) -> Vec<Part> {
    let f = window.source.file.as_str();
    let k = |key: &str| window.keys.get(key);
    let number = &window.number.value;
    let mut parts = vec![
        // A name written as the number: long ones used to wrap one character per line.
        Part {
            lines: if is_window_number(number) {
                0
            } else {
                number.chars().count() / 4
            },
            location: at(f, k("number")),
            what: {
                let n = number.chars().count();
                msg!(
                    "the window number `{number}` ({n} characters)",
                    "窗口号“{number}”（{n} 个字）",
                    "窗口號「{number}」（{n} 個字）"
                )
            },
            cause: Cause::Text,
        },
        text_part(
            f,
            k("name"),
            "name",
            "窗口名称",
            window.name.value.chars().count(),
            8,
        ),
    ];
    if product == Product::WindowBoard {
        let id = &window.source.id;
        let items = site.items_of(id).count();
        let staff = site.staff_of(id).count();
        let commitments: usize = window.commitments.iter().map(|c| c.chars().count()).sum();
        parts.extend([
            Part {
                lines: items,
                location: at(f, k("name")),
                what: msg!(
                    "the {items} items handled at this window",
                    "本窗口的 {items} 个办理事项",
                    "本窗口的 {items} 個辦理事項"
                ),
                cause: Cause::List,
            },
            list_part(f, k("name"), "staff", "窗口工作人员", staff.div_ceil(5), 6),
            text_part(
                f,
                k("commitments"),
                "commitments",
                "服务承诺",
                commitments,
                40,
            ),
        ]);
    }
    parts
}

fn staff_parts(staff: &Staff) -> Vec<Part> {
    let f = staff.source.file.as_str();
    vec![
        text_part(
            f,
            Some(staff.name.pos),
            "name",
            "姓名",
            staff.name.value.chars().count(),
            4,
        ),
        text_part(
            f,
            Some(staff.pos),
            "duties",
            "职责",
            chars(staff.duties.as_deref()),
            20,
        ),
        text_part(
            f,
            Some(staff.pos),
            "post",
            "岗位",
            chars(staff.post.as_deref()),
            10,
        ),
    ]
}

/// The biggest part of an item's guide or handout.
pub fn of_item(item: &Item, product: Product) -> Option<Bulk> {
    biggest(item_parts(item, product))
}

/// The biggest part of a window's board or sign.
pub fn of_window(site: &Site, window: &Window, product: Product) -> Option<Bulk> {
    biggest(window_parts(site, window, product))
}

/// The biggest part of a staff card.
pub fn of_staff(staff: &Staff) -> Option<Bulk> {
    biggest(staff_parts(staff))
}

/// The biggest part of a site-wide board: every fee (fee board) or every member of staff.
pub fn of_site(site: &Site, product: Product) -> Option<Bulk> {
    let n = match product {
        Product::FeeBoard => site
            .items
            .iter()
            .map(|i| match &i.fees {
                Some(Fees::List(list)) => list.len(),
                _ => 1,
            })
            .sum(),
        _ => site.staff.len(),
    };
    let (en, zh) = match product {
        Product::FeeBoard => ("fees and items", "收费项目和事项"),
        _ => ("staff", "工作人员"),
    };
    Some(Bulk {
        location: Location::file("site.yaml"),
        what: msg!("{n} {en}", "{n} 个{zh}", "{n} 個{zh}"),
        cause: Cause::List,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_longest_part_wins() {
        let parts = vec![
            text_part("a.yaml", None, "conditions", "受理条件", 600, 60),
            list_part("a.yaml", None, "materials", "申请材料", 3, 2),
        ];
        let bulk = biggest(parts).expect("bulk");
        assert_eq!(bulk.cause, Cause::Text);
        assert!(bulk.what.text(crate::diag::Lang::ZhCn).contains("受理条件"));
    }
}
