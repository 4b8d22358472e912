//! The marks a government site carries in its footer — 主办单位, 承办单位, 网站标识码, ICP 备案号
//! (linked to the MIIT filing system), 公安备案号 (linked to the public security filing
//! system, with its emblem), the 党政机关 badge, contact and hotline — and the 纠错 link of
//! every page. The addresses of the national filing systems are written here, once.

use serde::Serialize;

use crate::content::config::{Config, SiteMarks};
use crate::routes;

/// The MIIT ICP filing system (工业和信息化部政务服务平台 · ICP/IP地址/域名信息备案管理系统).
pub const ICP_URL: &str = "https://beian.miit.gov.cn/";

/// The public security filing system's query page; the record number is appended.
pub const POLICE_QUERY_URL: &str = "https://beian.mps.gov.cn/#/query/webSearch?code=";

/// The footer marks as templates get them (`site.marks`).
#[derive(Debug, Serialize)]
pub struct MarksView<'a> {
    /// 主办单位.
    pub sponsor: Option<&'a str>,
    /// 承办单位.
    pub organizer: Option<&'a str>,
    /// 网站标识码.
    pub site_id_code: Option<&'a str>,
    /// ICP备案号.
    pub icp: Option<&'a str>,
    /// The MIIT filing system (when there is an ICP number).
    pub icp_url: Option<&'static str>,
    /// 公安备案号 as written.
    pub police_record: Option<&'a str>,
    /// Its query page in the filing system (the digits of the number).
    pub police_url: Option<String>,
    /// Verification address of the 党政机关 badge.
    pub conac_url: Option<&'a str>,
    /// 联系我们, as written.
    pub contact: Option<&'a str>,
    /// A `mailto:` or `tel:` link for it when it is an address or a number.
    pub contact_url: Option<String>,
    /// 服务热线, as written.
    pub hotline: Option<&'a str>,
    /// Its `tel:` link.
    pub hotline_url: Option<String>,
    /// True when the footer has any mark at all (for the footer's layout).
    pub any: bool,
}

impl<'a> MarksView<'a> {
    /// The marks of `config`.
    pub fn new(marks: &'a SiteMarks) -> MarksView<'a> {
        let m = marks;
        MarksView {
            sponsor: m.sponsor.as_deref(),
            organizer: m.organizer.as_deref(),
            site_id_code: m.site_id_code.as_deref(),
            icp: m.icp.as_deref(),
            icp_url: m.icp.as_ref().map(|_| ICP_URL),
            police_record: m.police_record.as_deref(),
            police_url: m.police_record.as_deref().map(police_url),
            conac_url: m.conac_url.as_deref(),
            contact: m.contact.as_deref(),
            contact_url: m.contact.as_deref().and_then(contact_url),
            hotline: m.hotline.as_deref(),
            hotline_url: m.hotline.as_deref().and_then(tel_url),
            any: [
                &m.sponsor,
                &m.organizer,
                &m.site_id_code,
                &m.icp,
                &m.police_record,
                &m.conac_url,
                &m.contact,
                &m.hotline,
            ]
            .iter()
            .any(|v| v.is_some()),
        }
    }
}

/// The query page of a 公安备案号 (`京公网安备 11010502030000号` → `…code=11010502030000`);
/// the filing system's home when the number has no digits.
pub fn police_url(record: &str) -> String {
    let digits: String = record.chars().filter(char::is_ascii_digit).collect();
    if digits.is_empty() {
        POLICE_QUERY_URL
            .split('#')
            .next()
            .unwrap_or(POLICE_QUERY_URL)
            .to_string()
    } else {
        format!("{POLICE_QUERY_URL}{digits}")
    }
}

/// `tel:` for a phone number as people write it (`0123-5566 0000`, `12345`); `None` when it
/// is not one.
pub fn tel_url(phone: &str) -> Option<String> {
    let dialled: String = phone
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-' && *c != '（' && *c != '）')
        .collect();
    let ok = !dialled.is_empty()
        && dialled
            .chars()
            .all(|c| c.is_ascii_digit() || c == '+' || c == '(' || c == ')');
    ok.then(|| format!("tel:{dialled}"))
}

/// `mailto:` for an e-mail address, `tel:` for a phone number, `None` for other text.
pub fn contact_url(contact: &str) -> Option<String> {
    let c = contact.trim();
    let is_mail = c.contains('@')
        && !c.contains(char::is_whitespace)
        && !c.contains(['"', '<', '>', '?', '&']);
    if is_mail {
        Some(format!("mailto:{c}"))
    } else {
        tel_url(c)
    }
}

/// The 纠错 link of a page: `correction_url` with the page's public address and title as the
/// `url` and `title` parameters; `None` when the site names no correction address.
pub fn correction_link(config: &Config, page_url: &str, title: &str) -> Option<String> {
    let target = config.correction_url.as_deref()?;
    Some(routes::with_query(
        target,
        &[("url", page_url), ("title", title)],
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filing_links() {
        assert_eq!(
            police_url("京公网安备 11010502030000号"),
            "https://beian.mps.gov.cn/#/query/webSearch?code=11010502030000"
        );
        assert_eq!(police_url("备案中"), "https://beian.mps.gov.cn/");
        assert_eq!(
            tel_url("0123-5566 0000").as_deref(),
            Some("tel:012355660000")
        );
        assert_eq!(tel_url("工作日 9 点"), None);
        assert_eq!(
            contact_url("zwfw@example.gov.cn").as_deref(),
            Some("mailto:zwfw@example.gov.cn")
        );
        assert_eq!(contact_url("12345").as_deref(), Some("tel:12345"));
        assert_eq!(contact_url("市民服务中心一楼"), None);
    }

    #[test]
    fn correction_link_names_the_page() {
        let mut config = Config::default();
        assert_eq!(correction_link(&config, "https://a/", "t"), None);
        config.correction_url = Some("https://jc.example.gov.cn/report?site=9".into());
        assert_eq!(
            correction_link(&config, "https://a.gov.cn/items/x/", "办事 & 指南").as_deref(),
            Some(
                "https://jc.example.gov.cn/report?site=9&url=https%3A%2F%2Fa.gov.cn%2Fitems%2Fx%2F&title=%E5%8A%9E%E4%BA%8B%20%26%20%E6%8C%87%E5%8D%97"
            )
        );
    }
}
