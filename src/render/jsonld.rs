//! Structured data (JSON-LD, schema.org types only) for other platforms and search engines:
//! `GovernmentService` on each item page, `GovernmentOffice` on each window page and the
//! `GovernmentOrganization` of the center on the home page. Facts come from the model after
//! inheritance, worded by [`crate::present`] where words are needed; the JSON is escaped so
//! that nothing in content can end the `<script>` element it sits in.

use serde_json::{Map, Value};

use crate::content::money::Amount;
use crate::content::{Fees, Item, LabelledTexts, Site, Window};
use crate::present::Wording;
use crate::routes::Route;

/// The JSON text of `value`, safe inside `<script type="application/ld+json">`: `<`, `>` and
/// `&` are written as `\u003c`, `\u003e` and `\u0026` (still the same JSON), so `</script>`
/// or `<!--` in content cannot break out; U+2028 and U+2029 are escaped too.
pub fn script_text(value: &Value) -> String {
    let text = value.to_string();
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// An object from `(key, value)` pairs, leaving out the absent ones.
fn object(kind: &str, pairs: Vec<(&str, Option<Value>)>) -> Value {
    let mut map = Map::new();
    map.insert("@type".into(), Value::from(kind));
    for (key, value) in pairs {
        if let Some(v) = value {
            map.insert(key.into(), v);
        }
    }
    Value::Object(map)
}

/// Every place or hours as one text (`label：text` lines), for a property that holds one.
fn joined(t: &Option<LabelledTexts>) -> Option<String> {
    t.as_ref().map(LabelledTexts::joined)
}

/// The first phone of a list: a `telephone` holds one number.
fn first(t: &Option<LabelledTexts>) -> Option<&str> {
    t.as_ref().and_then(|t| t.texts().next())
}

fn text(s: Option<&str>) -> Option<Value> {
    s.filter(|s| !s.trim().is_empty()).map(Value::from)
}

fn with_context(mut value: Value) -> Value {
    if let Value::Object(map) = &mut value {
        let mut ordered = Map::new();
        ordered.insert("@context".into(), Value::from("https://schema.org"));
        ordered.append(map);
        *map = ordered;
    }
    value
}

/// The center's name: `center.name`, else the site title.
fn center_name(site: &Site) -> &str {
    site.config
        .center
        .name
        .as_deref()
        .unwrap_or(&site.config.title)
}

/// Who provides an item: the window's department, else the center.
fn provider(site: &Site, item: &Item) -> Value {
    let department = site
        .window(&item.window.value)
        .and_then(|w| w.department.as_deref());
    object(
        "GovernmentOrganization",
        vec![(
            "name",
            Some(Value::from(department.unwrap_or(center_name(site)))),
        )],
    )
}

/// A window as a `GovernmentOffice`: its name, address and opening hours after inheritance.
fn office_of(site: &Site, window: &Window, words: &Wording, url: Option<String>) -> Value {
    let facts = site.window_facts(window);
    object(
        "GovernmentOffice",
        vec![
            ("name", Some(Value::from(words.window(window)))),
            ("url", url.map(Value::from)),
            ("address", text(joined(&facts.location).as_deref())),
            ("openingHours", text(joined(&facts.hours).as_deref())),
            ("telephone", text(first(&facts.phone))),
            (
                "parentOrganization",
                window
                    .department
                    .as_deref()
                    .map(|d| object("GovernmentOrganization", vec![("name", Some(d.into()))])),
            ),
        ],
    )
}

fn price(amount: &Amount) -> Vec<(&'static str, Option<Value>)> {
    match amount {
        Amount::Exact(d) => vec![
            ("price", Some(Value::from(d.to_string()))),
            ("priceCurrency", Some("CNY".into())),
        ],
        Amount::Range(low, high) => vec![(
            "priceSpecification",
            Some(object(
                "PriceSpecification",
                vec![
                    ("minPrice", Some(Value::from(low.to_string()))),
                    ("maxPrice", Some(Value::from(high.to_string()))),
                    ("priceCurrency", Some("CNY".into())),
                ],
            )),
        )],
    }
}

/// The fees as offers: each fee with its price in yuan (a range as a price specification)
/// and its basis, or one offer at price 0 when nothing is charged; `None` when the fees are
/// not disclosed or not stated (待核实: never shown as free).
fn offers(item: &Item) -> Option<Value> {
    match item.fees.as_ref()? {
        Fees::Unstated => None,
        Fees::Free => Some(object(
            "Offer",
            vec![
                ("price", Some("0".into())),
                ("priceCurrency", Some("CNY".into())),
            ],
        )),
        Fees::List(list) => Some(Value::Array(
            list.iter()
                .map(|f| {
                    let mut pairs = vec![("name", Some(Value::from(f.name.as_str())))];
                    if let Some(a) = &f.amount {
                        pairs.extend(price(&a.value));
                    }
                    pairs.push(("description", text(Some(&f.basis.join("；")))));
                    object("Offer", pairs)
                })
                .collect(),
        )),
    }
}

/// `GovernmentService` for the item page published at `url`.
pub fn service(site: &Site, item: &Item, url: &str, words: &Wording) -> Value {
    let base = &site.config.base_url;
    let facts = site.facts(item);
    let window = site.window(&item.window.value);
    let location = window.map(|w| {
        let mut office = office_of(
            site,
            w,
            words,
            Some(Route::Window(w.source.id.as_str()).public_url(base)),
        );
        // The item's own place and hours win over the window's.
        if let Value::Object(map) = &mut office {
            for (key, value) in [("address", &facts.location), ("openingHours", &facts.hours)] {
                if let Some(v) = text(joined(value).as_deref()) {
                    map.insert(key.into(), v);
                }
            }
        }
        office
    });
    let processing = item
        .time_limit
        .promised
        .as_ref()
        .and_then(|t| t.value.iso8601());
    let channel = object(
        "ServiceChannel",
        vec![
            ("name", window.map(|w| Value::from(words.window(w)))),
            ("serviceLocation", location),
            (
                "servicePhone",
                text(first(&facts.phone)).map(|p| {
                    object(
                        "ContactPoint",
                        vec![
                            ("telephone", Some(p)),
                            ("contactType", Some(words.label("phone").into())),
                        ],
                    )
                }),
            ),
            (
                "serviceUrl",
                item.online_url.as_ref().map(|u| u.value.as_str().into()),
            ),
            ("processingTime", processing.map(Value::from)),
        ],
    );
    let basis = (!item.basis.is_empty()).then(|| Value::from(item.basis.join("；")));
    with_context(object(
        "GovernmentService",
        vec![
            ("name", Some(item.name.value.as_str().into())),
            ("url", Some(url.into())),
            (
                "identifier",
                item.code.as_ref().map(|c| c.value.as_str().into()),
            ),
            ("serviceType", text(item.kind.as_deref())),
            ("provider", Some(provider(site, item))),
            (
                "areaServed",
                text(site.config.area.as_deref())
                    .map(|a| object("AdministrativeArea", vec![("name", Some(a))])),
            ),
            ("audience", audience(item, words)),
            ("availableChannel", Some(channel)),
            ("offers", offers(item)),
            ("termsOfService", basis),
            (
                "dateModified",
                item.last_updated().map(|d| Value::from(d.to_string())),
            ),
        ],
    ))
}

/// 服务对象 as schema.org `Audience`s named as the page names them; absent when not stated.
fn audience(item: &Item, words: &Wording) -> Option<Value> {
    let audiences: Vec<Value> = item
        .audience
        .iter()
        .map(|a| {
            object(
                "Audience",
                vec![("audienceType", Some(words.label(a.name_key()).into()))],
            )
        })
        .collect();
    (!audiences.is_empty()).then(|| Value::from(audiences))
}

/// `GovernmentOffice` for the window page published at `url`.
pub fn office(site: &Site, window: &Window, url: &str, words: &Wording) -> Value {
    with_context(office_of(site, window, words, Some(url.to_string())))
}

/// The center as a `GovernmentOrganization` for the home page, with its consultation and
/// complaint phones as contact points.
pub fn organization(site: &Site, words: &Wording) -> Value {
    let c = &site.config;
    let point = |phone: Option<&str>, label: &str| {
        text(phone).map(|p| {
            object(
                "ContactPoint",
                vec![
                    ("telephone", Some(p)),
                    ("contactType", Some(words.label(label).into())),
                ],
            )
        })
    };
    let points: Vec<Value> = [
        point(first(&c.center.phone), "phone"),
        point(c.center.complaint_phone.as_deref(), "complaint_phone"),
        point(c.marks.hotline.as_deref(), "hotline"),
    ]
    .into_iter()
    .flatten()
    .collect();
    with_context(object(
        "GovernmentOrganization",
        vec![
            ("name", Some(center_name(site).into())),
            ("url", Some(c.base_url.as_str().into())),
            ("description", text(c.description.as_deref())),
            ("address", text(joined(&c.center.address).as_deref())),
            ("telephone", text(first(&c.center.phone))),
            ("areaServed", text(c.area.as_deref())),
            (
                "contactPoint",
                (!points.is_empty()).then_some(Value::Array(points)),
            ),
            (
                "parentOrganization",
                text(c.marks.sponsor.as_deref())
                    .map(|s| object("GovernmentOrganization", vec![("name", Some(s))])),
            ),
        ],
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn script_text_cannot_end_the_script() {
        let v = json!({"name": "</script><script>alert(1)</script> & <!-- \u{2028}"});
        let s = script_text(&v);
        assert!(!s.contains('<') && !s.contains('>') && !s.contains('&'));
        let back: Value = serde_json::from_str(&s).expect("still JSON");
        assert_eq!(back, v);
    }
}
