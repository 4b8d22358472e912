//! The JSON each print template reads as `/data.json`, and the virtual files it uses
//! (photos, QR code). Only plain strings, lists and booleans go in, so templates
//! never need to format values; content is data, never markup. Facts are worded by
//! [`crate::present`] in the site language, and every sheet gets the theme's labels (`t`
//! in `/common.typ`) for its headings, so a sheet says what the web page says, in the same words.

use serde_json::{Value, json};

use super::plan::BoardGroup;
use crate::content::{
    Date, Facts, Fee, Fees, Item, LabelledTexts, Material, Required, Site, Staff, Window,
};
use crate::graphics::qr_svg;
use crate::markdown;
use crate::present::{Wording, is_window_number};
use crate::routes::Route;

/// Everything a sheet needs besides its template.
#[derive(Debug, Clone)]
pub struct Parts {
    /// `/data.json`.
    pub data: Value,
    /// Virtual files (photos under `/photos/`); the QR code is made from
    /// `qr_url` only when the sheet is laid out (see [`Parts::virtual_files`]).
    pub files: Vec<(String, Vec<u8>)>,
    /// Newest date of the content shown (revision stamp).
    pub date: Option<Date>,
    /// Photos shown, for the resolution check.
    pub photos: Vec<PhotoUse>,
    /// The public address in the sheet's QR code (`/qr.svg`), if it has one.
    pub qr_url: Option<String>,
}

/// A staff photo shown on a sheet: whose it is, for the resolution warning once the sheet is
/// laid out and the photo's printed size is known.
#[derive(Debug, Clone)]
pub struct PhotoUse {
    /// Whose photo.
    pub name: String,
    /// The staff file (for the warning's location).
    pub file: String,
    /// The photo's virtual file on the sheet (`/photos/<staff id>.jpg`).
    pub path: String,
}

/// Collects photos and files while data is being built.
#[derive(Default)]
struct Collector {
    files: Vec<(String, Vec<u8>)>,
    photos: Vec<PhotoUse>,
    qr_url: Option<String>,
}

impl Collector {
    fn photo(&mut self, staff: &Staff) -> Value {
        let Some(path) = staff.photo.as_ref().and_then(|a| a.resolved.as_ref()) else {
            return Value::Null;
        };
        let Ok(bytes) = std::fs::read(path) else {
            return Value::Null;
        };
        let virtual_path = format!("/photos/{}.{}", staff.source.id, extension(path));
        if !self.files.iter().any(|(p, _)| *p == virtual_path) {
            self.photos.push(PhotoUse {
                name: staff.name.value.clone(),
                file: staff.source.file.clone(),
                path: virtual_path.clone(),
            });
            self.files.push((virtual_path.clone(), bytes));
        }
        Value::String(virtual_path)
    }

    fn qr(&mut self, url: String) {
        self.qr_url = Some(url);
    }

    fn finish(self, data: Value, date: Option<Date>) -> Parts {
        Parts {
            data,
            files: self.files,
            date,
            photos: self.photos,
            qr_url: self.qr_url,
        }
    }
}

/// The virtual path of a sheet's QR code.
pub const QR_FILE: &str = "/qr.svg";

impl Parts {
    /// Every virtual file of the sheet, its QR code (`/qr.svg`) made now. Planning a run
    /// does not encode QR codes: a sheet's hash takes its QR address instead (the code is
    /// a function of it), so a reprint of one changed sheet encodes one code, not one per
    /// sheet of the center.
    pub fn virtual_files(&self) -> Vec<(String, Vec<u8>)> {
        let mut files = self.files.clone();
        if let Some(svg) = self.qr_url.as_deref().and_then(|url| qr_svg(url).ok()) {
            files.push((QR_FILE.into(), svg.into_bytes()));
        }
        files
    }
}

fn extension(path: &std::path::Path) -> String {
    path.extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_else(|| "jpg".into())
}

fn site_json(site: &Site, words: &Wording) -> Value {
    let c = &site.config.center;
    let texts = |t: &Option<LabelledTexts>| t.as_ref().map(|t| words.texts(t));
    json!({
        "title": site.config.title,
        "address": texts(&c.address),
        "hours": texts(&c.hours),
        "phone": texts(&c.phone),
        "complaint_phone": c.complaint_phone,
    })
}

/// What every sheet's data starts with: the site and its language. (The theme's labels
/// are not in it: every sheet reads the same `/gongshi/labels.json`, see
/// [`super::PrintJob::labels`].)
fn sheet_json(site: &Site, words: &Wording, fields: Value) -> Value {
    let mut data = json!({
        "site": site_json(site, words),
        "lang": words.lang().tag(),
    });
    if let (Value::Object(map), Value::Object(more)) = (&mut data, fields) {
        map.extend(more);
    }
    data
}

fn newest<'a>(items: impl Iterator<Item = &'a Item>) -> Option<Date> {
    items
        .filter_map(|i| i.updated.as_ref().map(|d| d.value))
        .max()
}

fn material_notes(m: &Material, words: &Wording) -> String {
    let mut notes = Vec::new();
    if m.required != Required::Yes {
        notes.push(words.required(&m.required));
    }
    notes.extend(m.source.iter().map(|s| words.labelled("source", s)));
    notes.extend(m.note.iter().cloned());
    notes.extend(m.spec.iter().cloned());
    notes.join(&words.label("list_sep"))
}

/// Place, hours and phone after inheritance, each as one text with a line per entry.
fn facts_json(facts: &Facts, words: &Wording) -> [Option<String>; 3] {
    [&facts.location, &facts.hours, &facts.phone].map(|t| t.as_ref().map(|t| words.texts(t)))
}

fn window_json(site: &Site, window: &Window, words: &Wording) -> Value {
    let facts = site.window_facts(window);
    let [location, hours, phone] = facts_json(&facts, words);
    let number = &window.number.value;
    json!({
        "number": number,
        // A number gets the big red box; a name (市场监督管理窗口) is set as a title that
        // shrinks to fit instead of wrapping one character per line.
        "number_is_numeric": is_window_number(number),
        "number_label": words.window_number(number),
        "name": window.name.value,
        "department": window.department,
        "location": location,
        "hours": hours,
        "phone": phone,
        "complaint_phone": facts.complaint_phone,
        "floor": window.floor,
        "commitments": window.commitments,
        "rules": window.rules.iter().filter_map(|r| site.rule(&r.value)).map(|r| r.title.value.clone()).collect::<Vec<_>>(),
    })
}

fn staff_json(site: &Site, staff: &Staff, words: &Wording, c: &mut Collector) -> Value {
    json!({
        "name": staff.name.value,
        "post": staff.post.clone().unwrap_or_default(),
        "title": staff.title,
        "employee_no": staff.employee_no,
        "duties": staff.duties,
        "party_member": staff.party_member,
        "window": staff.window.as_ref().and_then(|w| site.window(&w.value)).map(|w| words.window(w)),
        "photo": c.photo(staff),
    })
}

/// 窗口公示栏.
pub fn window_board(site: &Site, window: &Window, words: &Wording) -> Parts {
    let mut c = Collector::default();
    let id = &window.source.id;
    let staff: Vec<Value> = site
        .staff_of(id)
        .map(|s| staff_json(site, s, words, &mut c))
        .collect();
    let items: Vec<Value> = site
        .items_of(id)
        .map(|i| {
            json!({
                "name": i.name.value,
                "case_type": words.item_case_type(i),
                "promised": i.time_limit.promised.as_ref().map(|l| words.limit(l.value)).unwrap_or_default(),
                "fee": words.fee_summary(i.fees.as_ref()),
            })
        })
        .collect();
    c.qr(Route::Window(id.as_str()).public_url(&site.config.base_url));
    let data = sheet_json(
        site,
        words,
        json!({"window": window_json(site, window, words), "staff": staff, "items": items}),
    );
    c.finish(data, newest(site.items_of(id)))
}

/// 窗口牌.
pub fn window_sign(site: &Site, window: &Window, words: &Wording) -> Parts {
    let c = Collector::default();
    let data = sheet_json(
        site,
        words,
        json!({"window": window_json(site, window, words)}),
    );
    c.finish(data, newest(site.items_of(&window.source.id)))
}

/// One fee as the guide, the handout and the fee board print it: name, amount with its unit,
/// and every document of its basis.
fn fee_json(fee: &Fee, words: &Wording) -> Value {
    json!({
        "name": fee.name,
        "amount": words.fee_amount(fee),
        "basis": words.fee_basis(fee),
    })
}

fn item_json(site: &Site, item: &Item, words: &Wording) -> Value {
    let facts = site.facts(item);
    let [location, hours, phone] = facts_json(&facts, words);
    let window = site.window(&item.window.value);
    let limit = |l: &Option<crate::content::At<crate::content::timelimit::TimeLimit>>| {
        l.as_ref().map(|l| words.limit(l.value))
    };
    let fee_list = match &item.fees {
        Some(Fees::List(list)) => list.as_slice(),
        _ => &[],
    };
    let fees: Vec<Value> = fee_list.iter().map(|f| fee_json(f, words)).collect();
    let procedure: Vec<Value> = item
        .procedure
        .iter()
        .map(|s| json!({"name": s.name, "meta": words.step_meta(s), "detail": s.detail}))
        .collect();
    let materials: Vec<Value> = item
        .materials
        .iter()
        .map(|m| {
            json!({
                "name": m.name,
                "original": words.count(m.original),
                "copy": words.count(m.copy),
                "notes": material_notes(m, words),
            })
        })
        .collect();
    let special: Vec<String> = item
        .extra
        .special_steps
        .iter()
        .map(|s| words.special_step_text(s))
        .collect();
    let x = &item.extra;
    // The 实施清单 fields the item gives, then its 其他信息 in the order written.
    let info: Vec<Value> = [
        ("scope", x.scope.as_ref().map(|s| s.value.as_str())),
        (
            "online_depth",
            x.online_depth.as_ref().map(|s| s.value.as_str()),
        ),
        ("implementer_nature", x.implementer_nature.as_deref()),
        ("joint_with", x.joint_with.as_deref()),
        ("quantity_limit", x.quantity_limit.as_deref()),
        ("intermediary", x.intermediary.as_deref()),
        ("handling_form", x.handling_form.as_deref()),
        ("appointment", x.appointment.as_deref()),
        ("delivery", x.delivery.as_deref()),
        ("online_payment", x.online_payment.as_deref()),
        ("result_type", x.result_type.as_deref()),
    ]
    .into_iter()
    .filter_map(|(key, v)| v.map(|v| json!([words.label(key), v])))
    .collect();
    let other: Vec<Value> = item
        .other_info
        .iter()
        .map(|r| json!([r.label, r.text]))
        .collect();
    json!({
        "name": item.name.value,
        "code": item.code.as_ref().map(|c| c.value.clone()),
        "kind": item.kind.clone().unwrap_or_default(),
        "window": window.map(|w| words.window(w)),
        "department": site.implementer(item),
        "case_type": words.item_case_type(item),
        "legal": limit(&item.time_limit.legal),
        "promised": limit(&item.time_limit.promised),
        "time_note": item.time_limit.note,
        "legal_note": item.time_limit.legal_note,
        "promised_note": item.time_limit.promised_note,
        "free": Wording::is_free(item.fees.as_ref()),
        "fees_unstated": item.fees == Some(Fees::Unstated),
        "fees": fees,
        "fee_lines": fee_list.iter().map(|f| words.fee_line(f)).collect::<Vec<_>>(),
        "fee_summary": words.fee_summary(item.fees.as_ref()),
        "location": location,
        "hours": hours,
        "phone": phone,
        "complaint_phone": facts.complaint_phone,
        "max_visits": item.max_visits.map(|v| words.visits(v)),
        "online_url": item.online_url.as_ref().map(|u| u.value.clone()),
        "result": item.result,
        "conditions": item.conditions.as_deref().map(markdown::to_blocks),
        "materials": materials,
        "procedure": procedure,
        "special_steps": special,
        "basis": item.basis,
        "info": info,
        "other_info": other,
        "faq": item.faq.iter().map(|f| json!({"q": f.question, "a": markdown::to_plain_text(&f.answer)})).collect::<Vec<_>>(),
        "body": item.body.as_deref().map(markdown::to_blocks),
        "updated": item.updated.as_ref().map(|d| d.value.to_string()),
    })
}

/// 办事指南.
pub fn guide(site: &Site, item: &Item, words: &Wording) -> Parts {
    let mut c = Collector::default();
    c.qr(Route::Item(item.source.id.as_str()).public_url(&site.config.base_url));
    let data = sheet_json(site, words, json!({"item": item_json(site, item, words)}));
    c.finish(data, item.updated.as_ref().map(|d| d.value))
}

/// 一次性告知单.
pub fn handout(site: &Site, item: &Item, words: &Wording) -> Parts {
    let mut c = Collector::default();
    c.qr(Route::Item(item.source.id.as_str()).public_url(&site.config.base_url));
    let data = sheet_json(site, words, json!({"item": item_json(site, item, words)}));
    c.finish(data, item.updated.as_ref().map(|d| d.value))
}

/// 工作人员桌牌.
pub fn staff_card(site: &Site, staff: &Staff, words: &Wording) -> Parts {
    let mut c = Collector::default();
    let s = staff_json(site, staff, words, &mut c);
    let date = staff
        .window
        .as_ref()
        .and_then(|w| newest(site.items_of(&w.value)));
    c.finish(sheet_json(site, words, json!({"staff": s})), date)
}

/// The title of a center-wide board's group (a department or floor), `null` for the center.
fn group_json(group: &BoardGroup) -> Value {
    json!({"title": group.title})
}

/// 亮身份公示 of a group of windows; `None` when none of them has staff.
pub fn staff_board(site: &Site, group: &BoardGroup, words: &Wording) -> Option<Parts> {
    let mut c = Collector::default();
    let windows: Vec<Value> = group
        .windows
        .iter()
        .map(|w| {
            let staff: Vec<Value> = site
                .staff_of(&w.source.id)
                .map(|s| staff_json(site, s, words, &mut c))
                .collect();
            json!({"number": w.number.value, "name": w.name.value, "label": words.window(w), "staff": staff})
        })
        .filter(|w| w["staff"].as_array().is_some_and(|a| !a.is_empty()))
        .collect();
    if windows.is_empty() {
        return None;
    }
    c.qr(Route::<&str>::StaffBoard.public_url(&site.config.base_url));
    let items = group
        .windows
        .iter()
        .flat_map(|w| site.items_of(&w.source.id));
    Some(c.finish(
        sheet_json(
            site,
            words,
            json!({"group": group_json(group), "windows": windows}),
        ),
        newest(items),
    ))
}

/// 收费公示 of a group of windows: every fee with its basis, the items that charge nothing
/// (only an explicit 不收费), and the items whose fees are to be confirmed (never listed as
/// free); `None` when the group has no items.
pub fn fee_board(site: &Site, group: &BoardGroup, words: &Wording) -> Option<Parts> {
    let mut c = Collector::default();
    let mut fees = Vec::new();
    let mut free = Vec::new();
    let mut unstated = Vec::new();
    let items: Vec<&Item> = group
        .windows
        .iter()
        .flat_map(|w| site.items_of(&w.source.id))
        .collect();
    if items.is_empty() {
        return None;
    }
    for item in &items {
        match &item.fees {
            Some(Fees::List(list)) if !list.is_empty() => {
                for f in list {
                    let mut fee = fee_json(f, words);
                    fee["item"] = json!(item.name.value);
                    fees.push(fee);
                }
            }
            Some(Fees::Unstated) => unstated.push(item.name.value.clone()),
            fees if Wording::is_free(fees.as_ref()) => free.push(item.name.value.clone()),
            // Fees not disclosed are never listed as free.
            _ => {}
        }
    }
    c.qr(Route::<&str>::Home.public_url(&site.config.base_url));
    Some(c.finish(
        sheet_json(
            site,
            words,
            json!({"group": group_json(group), "fees": fees, "free": free, "unstated": unstated}),
        ),
        newest(items.into_iter()),
    ))
}

/// 服务评价 (好差评) placard of a window: a large QR code to where citizens rate its
/// service; `None` when neither the window nor the center has an evaluation address.
pub fn evaluation_placard(site: &Site, window: &Window, words: &Wording) -> Option<Parts> {
    let url = site.evaluation_url(window)?.to_string();
    let mut c = Collector::default();
    c.qr(url.clone());
    let data = sheet_json(
        site,
        words,
        json!({"window": window_json(site, window, words), "url": url}),
    );
    Some(c.finish(data, newest(site.items_of(&window.source.id))))
}

/// 办事流程图 poster of an item marked `poster: true`: its procedure (the `procedure` of the
/// item's data) drawn as a flowchart by the template; `None` for other items and items
/// without steps.
pub fn flow_poster(site: &Site, item: &Item, words: &Wording) -> Option<Parts> {
    if !item.poster || item.procedure.is_empty() {
        return None;
    }
    let mut c = Collector::default();
    c.qr(Route::Item(item.source.id.as_str()).public_url(&site.config.base_url));
    let data = sheet_json(site, words, json!({"item": item_json(site, item, words)}));
    Some(c.finish(data, item.updated.as_ref().map(|d| d.value)))
}
