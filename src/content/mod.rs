//! The content model and its loading: typed records with source positions, built once from a
//! site folder and then only read.

pub mod catalog;
pub mod config;
pub mod controls;
pub mod convert;
pub mod kind;
pub mod limits;
pub mod load;
pub mod model;
pub mod money;
pub mod paths;
pub mod pdf_standard;
pub mod product;
pub mod profile;
pub mod reach;
pub mod reader;
pub mod spec;
pub mod timelimit;
pub mod topics;
pub mod vocabulary;
pub mod yaml;

use std::path::PathBuf;

use rustc_hash::FxHashMap;

pub use catalog::Catalog;
pub use config::Config;
pub use kind::Kind;
pub use model::*;
pub use pdf_standard::PdfStandard;
pub use product::{BoardSplit, Product};
pub use profile::Profile;
pub use topics::{Audience, Topics};
pub use vocabulary::Vocabulary;

/// One record as loaded from one file.
#[derive(Debug, Clone)]
pub enum Record {
    /// A window.
    Window(Window),
    /// A service item.
    Item(Box<Item>),
    /// A staff member.
    Staff(Staff),
    /// A rule.
    Rule(Rule),
    /// A notice.
    Notice(Notice),
    /// A page.
    Page(Page),
    /// A file that could not be read into a record (its problems are reported); its id is
    /// still known so references to it are not reported a second time as dangling.
    Unreadable(Kind, String),
}

/// A whole site: configuration and every record, in display order, with lookups by id.
#[derive(Debug, Clone, Default)]
pub struct Site {
    /// The site folder.
    pub root: PathBuf,
    /// `site.yaml`.
    pub config: Config,
    /// Windows by order, then number.
    pub windows: Vec<Window>,
    /// Items by window order, then code, then id.
    pub items: Vec<Item>,
    /// Staff by window order, chiefs first, then id.
    pub staff: Vec<Staff>,
    /// Rules by order, then id.
    pub rules: Vec<Rule>,
    /// Notices, newest first.
    pub notices: Vec<Notice>,
    /// Pages by order, then id.
    pub pages: Vec<Page>,
    /// Ids of files that failed to load, by kind.
    pub unreadable: Vec<(Kind, String)>,
    window_index: FxHashMap<String, usize>,
    staff_index: FxHashMap<String, usize>,
    rule_index: FxHashMap<String, usize>,
    item_index: FxHashMap<String, usize>,
    /// Staff by window id, in staff order.
    window_staff: FxHashMap<String, Vec<usize>>,
    catalog: Catalog,
    generation: u64,
}

/// The positions of `list` in the order of `key` (stable). The sort finds runs already in
/// order, so a list that is in order but for a few records takes about one pass.
fn order_by<'a, T, K: Ord>(list: &'a [T], key: impl Fn(&'a T) -> K) -> Vec<usize> {
    let mut keyed: Vec<(K, usize)> = list.iter().map(key).zip(0..).collect();
    keyed.sort();
    keyed.into_iter().map(|(_, i)| i).collect()
}

/// Moves the records of `list` so that the one at `order[n]` comes `n`th (as the standard
/// library's `sort_by_cached_key` does, but moving only the records out of place).
fn put_in_order<T>(list: &mut [T], mut order: Vec<usize>) {
    for i in 0..list.len().min(order.len()) {
        let mut from = order[i];
        // What was at `from` was moved on when an earlier position took its record.
        while from < i {
            from = order[from];
        }
        order[i] = from;
        if from != i {
            list.swap(i, from);
        }
    }
}

/// What orders the items: their window (by the windows' order), code and id.
fn item_order(item: &Item) -> (&str, Option<&str>, &str) {
    (
        &item.window.value,
        item.code.as_ref().map(|c| c.value.as_str()),
        &item.source.id,
    )
}

/// Counts assembled sites, so that each gets its own [`Site::generation`].
static GENERATIONS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// Where and when an item is handled and whom to call, after inheritance
/// (item → window → center).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Facts {
    /// 办理地点 (one text or several labelled ones).
    pub location: Option<LabelledTexts>,
    /// 办理时间.
    pub hours: Option<LabelledTexts>,
    /// 咨询电话.
    pub phone: Option<LabelledTexts>,
    /// 监督投诉电话.
    pub complaint_phone: Option<String>,
}

impl Site {
    /// Sorts records into display order and builds the id lookups.
    pub fn assemble(root: PathBuf, config: Config, records: Vec<Record>) -> Site {
        let mut site = Site {
            root,
            config,
            ..Site::default()
        };
        site.add(records);
        site.order();
        site
    }

    /// The site again after some of its files changed (what `serve` does on every save):
    /// keeps the records whose source `keep` accepts, adds `records` (the files read again,
    /// and every unreadable one), and orders and indexes the whole as [`Site::assemble`]
    /// does, with the same result, without taking every record apart and putting it back.
    pub fn reassemble(
        mut self,
        config: Config,
        records: Vec<Record>,
        keep: impl Fn(&Source) -> bool,
    ) -> Site {
        self.config = config;
        self.windows.retain(|r| keep(&r.source));
        self.items.retain(|r| keep(&r.source));
        self.staff.retain(|r| keep(&r.source));
        self.rules.retain(|r| keep(&r.source));
        self.notices.retain(|r| keep(&r.source));
        self.pages.retain(|r| keep(&r.source));
        self.unreadable.clear();
        self.add(records);
        self.order();
        self
    }

    fn add(&mut self, records: Vec<Record>) {
        // Room made once: an item is a large record, and growing the list as they come
        // copied every item made so far at each doubling (a fifth of `check`'s serial end).
        let items = records
            .iter()
            .filter(|r| matches!(r, Record::Item(_)))
            .count();
        self.items.reserve(items);
        for record in records {
            match record {
                Record::Window(w) => self.windows.push(w),
                Record::Item(i) => self.items.push(*i),
                Record::Staff(s) => self.staff.push(s),
                Record::Rule(r) => self.rules.push(r),
                Record::Notice(n) => self.notices.push(n),
                Record::Page(p) => self.pages.push(p),
                Record::Unreadable(kind, id) => self.unreadable.push((kind, id)),
            }
        }
    }

    /// Display order and lookups. Every order ends on the file (unique), so it does not
    /// depend on the order records came in, even when an id is given twice.
    fn order(&mut self) {
        let site = self;
        site.windows.sort_by(|a, b| {
            let key = |w: &Window| {
                (
                    w.order.unwrap_or(i64::MAX),
                    number_key(&w.number),
                    w.source.id.clone(),
                    w.source.file.clone(),
                )
            };
            key(a).cmp(&key(b))
        });
        site.window_index = index(site.windows.iter().map(|w| &w.source.id));
        let window_rank = |id: &str| site.window_index.get(id).copied().unwrap_or(usize::MAX);
        // Keys made once per record, not twice per comparison, and borrowed: serve sorts on
        // every edit, and then the items are in order but for the edited one.
        let order = order_by(&site.items, |i| {
            let (window, code, id) = item_order(i);
            (window_rank(window), code, id, i.source.file.as_str())
        });
        put_in_order(&mut site.items, order);
        let is_chief = |s: &Staff| {
            s.window
                .as_ref()
                .and_then(|w| site.window_index.get(&w.value))
                .and_then(|i| site.windows[*i].chief.as_ref())
                .is_some_and(|c| c.value == s.source.id)
        };
        site.staff.sort_by_cached_key(|s| {
            let w = s
                .window
                .as_ref()
                .map_or(usize::MAX, |w| window_rank(&w.value));
            (w, !is_chief(s), s.source.id.clone(), s.source.file.clone())
        });
        // Records without `order` come after the ordered ones, like windows.
        let rank = |o: Option<i64>| o.unwrap_or(i64::MAX);
        site.rules.sort_by(|a, b| {
            (rank(a.order), &a.source.id, &a.source.file).cmp(&(
                rank(b.order),
                &b.source.id,
                &b.source.file,
            ))
        });
        site.pages.sort_by(|a, b| {
            (rank(a.order), &a.source.id, &a.source.file).cmp(&(
                rank(b.order),
                &b.source.id,
                &b.source.file,
            ))
        });
        site.notices.sort_by(|a, b| {
            (
                b.date.as_ref().map(|d| d.value),
                &a.source.id,
                &a.source.file,
            )
                .cmp(&(
                    a.date.as_ref().map(|d| d.value),
                    &b.source.id,
                    &b.source.file,
                ))
        });
        site.staff_index = index(site.staff.iter().map(|s| &s.source.id));
        site.window_staff = FxHashMap::default();
        for (n, s) in site.staff.iter().enumerate() {
            if let Some(w) = &s.window {
                site.window_staff
                    .entry(w.value.clone())
                    .or_default()
                    .push(n);
            }
        }
        site.rule_index = index(site.rules.iter().map(|r| &r.source.id));
        // The two walks over every item, side by side.
        let (item_index, catalog) = rayon::join(
            || index(site.items.iter().map(|i| &i.source.id)),
            || Catalog::new(&site.config.topics, &site.windows, &site.items),
        );
        site.item_index = item_index;
        site.catalog = catalog;
        site.generation = GENERATIONS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }

    /// Puts a copy of `item` in place of the item with the same id, when that changes
    /// neither the order of the items nor the lists they are filed in (window, code, topics,
    /// audience, implementing department): then the site is what assembling it again would
    /// give, and `serve` can show an edited item's page before the whole site is assembled
    /// again. False (and nothing changed) when it cannot stand in place.
    pub fn replace_item(&mut self, item: &Item) -> bool {
        let Some(n) = self.item_position(&item.source.id) else {
            return false;
        };
        let old = &self.items[n];
        if item_order(old) != item_order(item) || !catalog::same_lists(old, item) {
            return false;
        }
        self.items[n] = item.clone();
        self.generation = GENERATIONS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        true
    }

    /// A number no other site assembled by this process has (clones share it): what is
    /// derived from a whole site, such as the search index, is cached by it.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// The items grouped for finding them: by audience and topic, department and window.
    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    /// Whom an item serves (stated, or implied by its topics).
    pub fn served(&self, item: &Item) -> Vec<Audience> {
        catalog::served(&self.config.topics, item)
    }

    /// The window with this id.
    pub fn window(&self, id: &str) -> Option<&Window> {
        self.window_index.get(id).map(|i| &self.windows[*i])
    }

    /// The staff member with this id.
    pub fn staff_member(&self, id: &str) -> Option<&Staff> {
        self.staff_index.get(id).map(|i| &self.staff[*i])
    }

    /// The rule with this id.
    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rule_index.get(id).map(|i| &self.rules[*i])
    }

    /// The item with this id.
    pub fn item(&self, id: &str) -> Option<&Item> {
        self.item_index.get(id).map(|i| &self.items[*i])
    }

    /// Where the item with this id is in [`Site::items`] (the numbers the catalog's lists hold).
    pub fn item_position(&self, id: &str) -> Option<usize> {
        self.item_index.get(id).copied()
    }

    /// Items handled at a window, in display order.
    pub fn items_of<'a>(&'a self, window: &'a str) -> impl Iterator<Item = &'a Item> + 'a {
        self.catalog
            .window_items(window)
            .iter()
            .map(move |n| &self.items[*n])
    }

    /// Staff of a window, chief first.
    pub fn staff_of<'a>(&'a self, window: &'a str) -> impl Iterator<Item = &'a Staff> + 'a {
        self.window_staff
            .get(window)
            .into_iter()
            .flatten()
            .map(|n| &self.staff[*n])
    }

    /// True when a file of `kind` with `id` exists but could not be read.
    pub fn is_unreadable(&self, kind: Kind, id: &str) -> bool {
        self.unreadable.iter().any(|(k, i)| *k == kind && i == id)
    }

    /// Location, hours and phones of an item after inheritance from its window and the center.
    pub fn facts(&self, item: &Item) -> Facts {
        let window = self.window(&item.window.value);
        let center = &self.config.center;
        fn pick<T: Clone>(own: &Option<T>, win: Option<&Option<T>>, site: &Option<T>) -> Option<T> {
            own.clone()
                .or_else(|| win.and_then(|w| w.clone()))
                .or_else(|| site.clone())
        }
        Facts {
            location: pick(&item.location, window.map(|w| &w.location), &center.address),
            hours: pick(&item.hours, window.map(|w| &w.hours), &center.hours),
            phone: pick(&item.phone, window.map(|w| &w.phone), &center.phone),
            complaint_phone: pick(
                &item.complaint_phone,
                window.map(|w| &w.complaint_phone),
                &center.complaint_phone,
            ),
        }
    }

    /// The department that implements an item: its own 实施机关, else its window's 实施主体.
    pub fn implementer<'a>(&'a self, item: &'a Item) -> Option<&'a str> {
        item.implementer.as_deref().or_else(|| {
            self.window(&item.window.value)
                .and_then(|w| w.department.as_deref())
        })
    }

    /// Where citizens rate a window's service (好差评): its own address, else the center's.
    pub fn evaluation_url<'a>(&'a self, window: &'a Window) -> Option<&'a str> {
        window
            .evaluation_url
            .as_deref()
            .or(self.config.center.evaluation_url.as_deref())
    }

    /// Window facts after inheritance from the center.
    pub fn window_facts(&self, window: &Window) -> Facts {
        let center = &self.config.center;
        Facts {
            location: window.location.clone().or_else(|| center.address.clone()),
            hours: window.hours.clone().or_else(|| center.hours.clone()),
            phone: window.phone.clone().or_else(|| center.phone.clone()),
            complaint_phone: window
                .complaint_phone
                .clone()
                .or_else(|| center.complaint_phone.clone()),
        }
    }
}

fn index<'a>(ids: impl ExactSizeIterator<Item = &'a String>) -> FxHashMap<String, usize> {
    let mut map = FxHashMap::with_capacity_and_hasher(ids.len(), Default::default());
    for (i, id) in ids.enumerate() {
        map.entry(id.clone()).or_insert(i);
    }
    map
}

/// Sorts window numbers naturally: "2" before "12", "A1" by text.
fn number_key(n: &str) -> (u64, String) {
    let digits: String = n.chars().take_while(|c| c.is_ascii_digit()).collect();
    (digits.parse().unwrap_or(u64::MAX), n.to_string())
}

#[cfg(test)]
mod tests {
    use super::{order_by, put_in_order};

    #[test]
    fn records_are_put_in_any_order_asked() {
        let mut seed = 7u64;
        let mut next = |n: usize| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize % n
        };
        for len in 0..40 {
            let keys: Vec<usize> = (0..len).map(|_| next(10)).collect();
            let mut list: Vec<(usize, usize)> = keys.iter().copied().zip(0..).collect();
            let mut expected = list.clone();
            expected.sort();
            let order = order_by(&list, |(k, _)| *k);
            put_in_order(&mut list, order);
            assert_eq!(list, expected, "keys {keys:?}");
        }
    }
}
