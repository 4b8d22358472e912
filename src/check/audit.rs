//! The standardized-window audit: every item discloses its time limits, fees, materials,
//! procedure, basis and phones (after inheritance), and staff on the boards have photos.
//! Each finding is tagged with the point of the standard it fails ([`Criterion`]): `check`
//! prints the diagnostics, `gongshi audit` sorts them into ✓/✗ rows.

use super::criteria::{Criterion, Finding};
use crate::content::{CaseType, Item, Site};
use crate::diag::{Diagnostic, Diagnostics, Message};
use crate::msg;

/// Collects findings, each under its point of the standard.
struct Out<'a> {
    criterion: Criterion,
    findings: &'a mut Vec<Finding>,
}

impl Out<'_> {
    fn on(&mut self, criterion: Criterion) -> &mut Self {
        self.criterion = criterion;
        self
    }

    fn push(&mut self, diagnostic: Diagnostic) {
        self.findings.push(Finding {
            criterion: self.criterion,
            diagnostic,
        });
    }
}

pub(super) fn check(site: &Site, out: &mut Diagnostics) {
    for finding in findings(site) {
        out.push(finding.diagnostic);
    }
}

/// The findings `check` reports against the window standard, each with its point.
pub fn findings(site: &Site) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut out = Out {
        criterion: Criterion::StaffIdentity,
        findings: &mut findings,
    };
    for item in &site.items {
        audit_item(site, item, &mut out);
    }
    for staff in &site.staff {
        if staff.photo.is_none() {
            let (name, id) = (&staff.name.value, &staff.source.id);
            out.on(Criterion::StaffIdentity).push(
                Diagnostic::warning(
                    "W102",
                    staff.source.at(staff.pos),
                    msg!(
                        "{name} has no photo for the staff board (亮身份)",
                        "{name} 没有照片，无法在亮身份公示中展示",
                        "{name} 沒有照片，無法在亮身份公示中展示"
                    ),
                )
                .with_help(msg!(
                    "add `photo: photos/{id}.jpg` (a 3:4 portrait)",
                    "请添加“照片: photos/{id}.jpg”（3:4 证件照）",
                    "請添加「照片: photos/{id}.jpg」（3:4 證件照）"
                )),
            );
        }
    }
    findings
}

fn warn(item: &Item, out: &mut Out, code: &'static str, message: Message, help: Message) {
    out.push(Diagnostic::warning(code, item.source.at(item.pos), message).with_help(help));
}

fn audit_item(site: &Site, item: &Item, out: &mut Out) {
    let promised = item
        .case_type
        .as_ref()
        .is_some_and(|c| c.value == CaseType::Promised);
    if item.materials.is_empty() {
        let at = item.materials_pos.unwrap_or(item.pos);
        let severity_code = if promised { "W101" } else { "W201" };
        out.on(Criterion::Materials).push(
            Diagnostic::warning(
                severity_code,
                item.source.at(at),
                msg!(
                    "no application materials are listed (一次性告知 needs them all)",
                    "未列出申请材料（一次性告知要求列明全部材料）",
                    "未列出申請材料（一次性告知要求列明全部材料）"
                ),
            )
            .with_help(msg!(
                "list every material under `materials:`",
                "请在“申请材料:”下逐项列出",
                "請在「申请材料:」下逐項列出"
            )),
        );
    }
    if item.procedure.is_empty() {
        let code = if promised { "W101" } else { "W202" };
        warn(
            item,
            out.on(Criterion::Procedure),
            code,
            msg!(
                "no procedure steps are listed",
                "未列出办理流程",
                "未列出辦理流程"
            ),
            msg!(
                "list the steps under `procedure:` (name, actor, limit)",
                "请在“办理流程:”下列出各环节（名称、承办人、时限）",
                "請在「办理流程:」下列出各環節（名稱、承辦人、時限）"
            ),
        );
    }
    let immediate = item
        .case_type
        .as_ref()
        .is_some_and(|c| c.value == CaseType::Immediate);
    // An immediate item (即办件) discloses its limit by its case type: done on the spot.
    let tl = &item.time_limit;
    let unread = tl.legal_unread || tl.promised_unread;
    // A limit written but unreadable is reported where it is (E010), not as undisclosed.
    if tl.legal.is_none() && tl.promised.is_none() && !immediate && !unread {
        warn(
            item,
            out.on(Criterion::TimeLimits),
            "W203",
            msg!(
                "no time limit is disclosed",
                "未公示办结时限",
                "未公示辦結時限"
            ),
            msg!(
                "add `time_limit:` with `legal` and `promised`",
                "请添加“办结时限:”，写明法定和承诺时限",
                "請添加「办结时限:」，寫明法定和承諾時限"
            ),
        );
    }
    if item.basis.is_empty() {
        warn(
            item,
            out.on(Criterion::Basis),
            "W204",
            msg!(
                "no legal basis (设定依据) is cited",
                "未写明设定依据",
                "未寫明設定依據"
            ),
            msg!(
                "list the laws and articles under `basis:`",
                "请在“设定依据:”下列出法律法规及条款",
                "請在「设定依据:」下列出法律法規及條款"
            ),
        );
    }
    let facts = site.facts(item);
    if facts.phone.is_none() {
        warn(
            item,
            out.on(Criterion::Phones),
            "W205",
            msg!(
                "no consultation phone, not even inherited from the window or site",
                "没有咨询电话（窗口和中心也未填写）",
                "沒有諮詢電話（窗口和中心也未填寫）"
            ),
            msg!(
                "add `phone:` to the window or `center.phone` to site.yaml",
                "请在窗口中填写“咨询电话”，或在 site.yaml 的 center 中填写",
                "請在窗口中填寫「咨询电话」，或在 site.yaml 的 center 中填寫"
            ),
        );
    }
    if facts.complaint_phone.is_none() {
        warn(
            item,
            out.on(Criterion::Phones),
            "W206",
            msg!(
                "no complaint phone, not even inherited from the window or site",
                "没有监督投诉电话（窗口和中心也未填写）",
                "沒有監督投訴電話（窗口和中心也未填寫）"
            ),
            msg!(
                "add `complaint_phone:` to the window or site.yaml",
                "请在窗口或 site.yaml 中填写“监督投诉电话”",
                "請在窗口或 site.yaml 中填寫「监督投诉电话」"
            ),
        );
    }
}
