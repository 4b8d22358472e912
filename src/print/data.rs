//! The JSON each print template reads as `/data.json`, and the virtual files it uses
//! (photos, QR code, flowchart). Only plain strings, lists and booleans go in, so templates
//! never need to format values; content is data, never markup.

use serde_json::{Value, json};

use crate::content::{CaseType, Date, Fees, Item, Material, Required, Site, Staff, Window};
use crate::graphics::{FlowStyle, flowchart_svg, qr_svg};

/// Everything a sheet needs besides its template.
pub struct Parts {
    /// `/data.json`.
    pub data: Value,
    /// Virtual files (photos under `/photos/`, `/qr.svg`, `/flow.svg`).
    pub files: Vec<(String, Vec<u8>)>,
    /// Newest date of the content shown (revision stamp).
    pub date: Option<Date>,
    /// Photos shown, for the resolution check.
    pub photos: Vec<PhotoUse>,
}

/// A staff photo placed on a sheet.
#[derive(Debug, Clone)]
pub struct PhotoUse {
    /// Whose photo.
    pub name: String,
    /// The staff file (for the warning's location).
    pub file: String,
    /// Width of the original in pixels.
    pub width_px: u32,
}

/// Collects photos and files while data is being built.
#[derive(Default)]
struct Collector {
    files: Vec<(String, Vec<u8>)>,
    photos: Vec<PhotoUse>,
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
        if let Ok(reader) =
            image::ImageReader::new(std::io::Cursor::new(&bytes)).with_guessed_format()
            && let Ok((w, _)) = reader.into_dimensions()
        {
            self.photos.push(PhotoUse {
                name: staff.name.value.clone(),
                file: staff.source.file.clone(),
                width_px: w,
            });
        }
        if !self.files.iter().any(|(p, _)| *p == virtual_path) {
            self.files.push((virtual_path.clone(), bytes));
        }
        Value::String(virtual_path)
    }

    fn qr(&mut self, url: &str) {
        if let Ok(svg) = qr_svg(url) {
            self.files.push(("/qr.svg".into(), svg.into_bytes()));
        }
    }

    fn finish(self, data: Value, date: Option<Date>) -> Parts {
        Parts {
            data,
            files: self.files,
            date,
            photos: self.photos,
        }
    }
}

fn extension(path: &std::path::Path) -> String {
    path.extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_else(|| "jpg".into())
}

/// The public URL of a page path under the site's base URL.
pub fn url(site: &Site, path: &str) -> String {
    format!("{}{path}", site.config.base_url)
}

fn site_json(site: &Site) -> Value {
    let c = &site.config.center;
    json!({
        "title": site.config.title,
        "address": c.address,
        "hours": c.hours,
        "phone": c.phone,
        "complaint_phone": c.complaint_phone.clone().unwrap_or_default(),
    })
}

fn newest<'a>(items: impl Iterator<Item = &'a Item>) -> Option<Date> {
    items
        .filter_map(|i| i.updated.as_ref().map(|d| d.value))
        .max()
}

/// 即办件 / 承诺件.
pub fn case_type_zh(item: &Item) -> &'static str {
    match item.case_type.as_ref().map(|c| c.value) {
        Some(CaseType::Immediate) => "即办件",
        Some(CaseType::Promised) => "承诺件",
        None => "",
    }
}

/// One-line fee summary: `不收费`, `80 元/件`, or `80 元/件 等 3 项`.
pub fn fee_summary(item: &Item) -> String {
    match &item.fees {
        Some(Fees::Free) | None => "不收费".into(),
        Some(Fees::List(list)) if list.is_empty() => "不收费".into(),
        Some(Fees::List(list)) => {
            let first = fee_amount(&list[0]);
            if list.len() == 1 {
                first
            } else {
                format!("{first} 等 {} 项", list.len())
            }
        }
    }
}

fn fee_amount(fee: &crate::content::Fee) -> String {
    let amount = fee
        .amount
        .as_ref()
        .map(|a| a.value.to_string())
        .unwrap_or_default();
    match &fee.unit {
        Some(unit) if unit.starts_with('元') => format!("{amount} {unit}"),
        Some(unit) => format!("{amount} 元 {unit}"),
        None => format!("{amount} 元"),
    }
}

fn limit_text(limit: &Option<crate::content::At<crate::content::timelimit::TimeLimit>>) -> Value {
    limit
        .as_ref()
        .map_or(Value::Null, |l| Value::String(l.value.zh()))
}

fn material_notes(m: &Material) -> String {
    let mut notes = Vec::new();
    match &m.required {
        Required::Yes => {}
        Required::No => notes.push("非必需".to_string()),
        Required::When(cond) => notes.push(cond.clone()),
    }
    notes.extend(m.source.iter().map(|s| format!("来源：{s}")));
    notes.extend(m.note.iter().cloned());
    notes.extend(m.spec.iter().cloned());
    notes.join("；")
}

fn window_json(site: &Site, window: &Window) -> Value {
    let facts = site.window_facts(window);
    json!({
        "number": window.number.value,
        "name": window.name.value,
        "department": window.department,
        "location": facts.location,
        "hours": facts.hours,
        "phone": facts.phone,
        "complaint_phone": facts.complaint_phone,
        "commitments": window.commitments,
        "rules": window.rules.iter().filter_map(|r| site.rule(&r.value)).map(|r| r.title.value.clone()).collect::<Vec<_>>(),
    })
}

fn staff_json(site: &Site, staff: &Staff, c: &mut Collector) -> Value {
    json!({
        "name": staff.name.value,
        "post": staff.post.clone().unwrap_or_default(),
        "title": staff.title,
        "employee_no": staff.employee_no,
        "duties": staff.duties,
        "party_member": staff.party_member,
        "window": staff.window.as_ref().and_then(|w| site.window(&w.value)).map(|w| format!("{} 号窗口 {}", w.number.value, w.name.value)),
        "photo": c.photo(staff),
    })
}

/// 窗口公示栏.
pub fn window_board(site: &Site, window: &Window) -> Parts {
    let mut c = Collector::default();
    let id = &window.source.id;
    let staff: Vec<Value> = site
        .staff_of(id)
        .map(|s| staff_json(site, s, &mut c))
        .collect();
    let items: Vec<Value> = site
        .items_of(id)
        .map(|i| {
            json!({
                "name": i.name.value,
                "case_type": case_type_zh(i),
                "promised": i.time_limit.promised.as_ref().map(|l| l.value.zh()).unwrap_or_default(),
                "fee": fee_summary(i),
            })
        })
        .collect();
    c.qr(&url(site, &format!("windows/{id}/")));
    let data = json!({"site": site_json(site), "window": window_json(site, window), "staff": staff, "items": items});
    c.finish(data, newest(site.items_of(id)))
}

/// 窗口牌.
pub fn window_sign(site: &Site, window: &Window) -> Parts {
    let c = Collector::default();
    let data = json!({"site": site_json(site), "window": window_json(site, window)});
    c.finish(data, newest(site.items_of(&window.source.id)))
}

fn item_json(site: &Site, item: &Item) -> Value {
    let facts = site.facts(item);
    let window = site.window(&item.window.value);
    let fees: Vec<Value> = match &item.fees {
        Some(Fees::List(list)) => list
            .iter()
            .map(|f| json!({"name": f.name, "amount": fee_amount(f), "basis": f.basis.clone().unwrap_or_default()}))
            .collect(),
        _ => Vec::new(),
    };
    let procedure: Vec<Value> = item
        .procedure
        .iter()
        .map(|s| {
            let meta = [s.actor.clone(), s.limit.clone()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join("，");
            json!({"name": s.name, "meta": meta, "detail": s.detail})
        })
        .collect();
    let materials: Vec<Value> = item
        .materials
        .iter()
        .map(|m| json!({"name": m.name, "original": m.original, "copy": m.copy, "notes": material_notes(m)}))
        .collect();
    let special: Vec<String> = item
        .extra
        .special_steps
        .iter()
        .map(|s| {
            let mut t = s.name.clone();
            if let Some(l) = &s.limit {
                t.push_str(&format!("（{l}）"));
            }
            if s.counts_toward_limit == Some(false) {
                t.push_str("，不计入办结时限");
            }
            t
        })
        .collect();
    json!({
        "name": item.name.value,
        "code": item.code.as_ref().map(|c| c.value.clone()),
        "kind": item.kind.clone().unwrap_or_default(),
        "window": window.map(|w| format!("{} 号窗口 {}", w.number.value, w.name.value)),
        "case_type": case_type_zh(item),
        "legal": limit_text(&item.time_limit.legal),
        "promised": limit_text(&item.time_limit.promised),
        "time_note": item.time_limit.note,
        "fees": fees,
        "fee_summary": fee_summary(item),
        "location": facts.location,
        "hours": facts.hours,
        "phone": facts.phone,
        "complaint_phone": facts.complaint_phone,
        "max_visits": item.max_visits.map(|v| format!("{v} 次")),
        "online_url": item.online_url.as_ref().map(|u| u.value.clone()),
        "result": item.result,
        "conditions": item.conditions.as_deref().map(crate::markdown::to_plain_text),
        "materials": materials,
        "procedure": procedure,
        "special_steps": special,
        "basis": item.basis,
        "faq": item.faq.iter().map(|f| json!({"q": f.question, "a": crate::markdown::to_plain_text(&f.answer)})).collect::<Vec<_>>(),
        "body": item.body.as_deref().map(crate::markdown::to_plain_text),
        "updated": item.updated.as_ref().map(|d| d.value.to_string()),
    })
}

/// 办事指南.
pub fn guide(site: &Site, item: &Item) -> Parts {
    let mut c = Collector::default();
    c.qr(&url(site, &format!("items/{}/", item.source.id)));
    let steps = item.flow_steps();
    let svg = flowchart_svg(&item.name.value, &steps, FlowStyle::default());
    c.files.push(("/flow.svg".into(), svg.into_bytes()));
    let data = json!({"site": site_json(site), "item": item_json(site, item)});
    c.finish(data, item.updated.as_ref().map(|d| d.value))
}

/// 一次性告知单.
pub fn handout(site: &Site, item: &Item) -> Parts {
    let mut c = Collector::default();
    c.qr(&url(site, &format!("items/{}/", item.source.id)));
    let data = json!({"site": site_json(site), "item": item_json(site, item)});
    c.finish(data, item.updated.as_ref().map(|d| d.value))
}

/// 工作人员桌牌.
pub fn staff_card(site: &Site, staff: &Staff) -> Parts {
    let mut c = Collector::default();
    let s = staff_json(site, staff, &mut c);
    let date = staff
        .window
        .as_ref()
        .and_then(|w| newest(site.items_of(&w.value)));
    c.finish(json!({"site": site_json(site), "staff": s}), date)
}

/// 亮身份公示.
pub fn staff_board(site: &Site) -> Parts {
    let mut c = Collector::default();
    let windows: Vec<Value> = site
        .windows
        .iter()
        .map(|w| {
            let staff: Vec<Value> = site
                .staff_of(&w.source.id)
                .map(|s| staff_json(site, s, &mut c))
                .collect();
            json!({"number": w.number.value, "name": w.name.value, "staff": staff})
        })
        .filter(|w| w["staff"].as_array().is_some_and(|a| !a.is_empty()))
        .collect();
    c.qr(&url(site, "staff/"));
    c.finish(
        json!({"site": site_json(site), "windows": windows}),
        newest(site.items.iter()),
    )
}

/// 收费公示.
pub fn fee_board(site: &Site) -> Parts {
    let mut c = Collector::default();
    let mut fees = Vec::new();
    let mut free = Vec::new();
    for item in &site.items {
        match &item.fees {
            Some(Fees::List(list)) if !list.is_empty() => {
                for f in list {
                    fees.push(json!({"item": item.name.value, "name": f.name, "amount": fee_amount(f), "basis": f.basis.clone().unwrap_or_default()}));
                }
            }
            _ => free.push(item.name.value.clone()),
        }
    }
    c.qr(&url(site, ""));
    c.finish(
        json!({"site": site_json(site), "fees": fees, "free": free}),
        newest(site.items.iter()),
    )
}
