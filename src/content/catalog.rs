//! How a citizen finds an item among thousands: the items each audience is served by
//! (个人办事, 法人办事), the items under each of its topics (主题), the items of each
//! department (实施主体) and of each window. Computed once when the site is assembled, so
//! every page that lists items asks here instead of scanning all items again.

use std::collections::HashMap;

use crate::content::model::{Item, Window};
use crate::content::topics::{Audience, Topics};
use crate::content::vocabulary::Vocabulary;

/// The items of one topic for one audience.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopicList {
    /// The topic, as the vocabulary names it.
    pub name: String,
    /// Indices into `Site::items`, in site order.
    pub items: Vec<usize>,
}

/// A department (实施主体) and what it handles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Department {
    /// The department's name, as the windows write it.
    pub name: String,
    /// Indices into `Site::windows` of the windows of this department.
    pub windows: Vec<usize>,
    /// Indices into `Site::items` of the items it implements (the item's 实施机关 when that
    /// names a department of the center, else the department of the item's window), in site
    /// order.
    pub items: Vec<usize>,
    /// Those of `items` handled at a window of another department (or of none): the
    /// department's page lists them, as its own windows' pages list the rest.
    pub elsewhere: Vec<usize>,
}

/// The groupings of the items, by audience and topic, department and window.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Catalog {
    audience_items: [Vec<usize>; 2],
    untopical: [Vec<usize>; 2],
    topics: [Vec<TopicList>; 2],
    departments: Vec<Department>,
    window_items: HashMap<String, Vec<usize>>,
}

/// True when `a` and `b` are filed in the same lists of a catalog (window, audience, topics,
/// implementing department), so one can take the other's place without regrouping.
pub fn same_lists(a: &Item, b: &Item) -> bool {
    a.window.value == b.window.value
        && a.audience == b.audience
        && a.implementer == b.implementer
        && (a.topics.iter().map(|t| &t.value)).eq(b.topics.iter().map(|t| &t.value))
}

/// Whom an item serves: its stated audience, or else the audiences whose topic list holds one
/// of its topics (an item filed under 婚姻登记 serves people); none when neither is known.
pub fn served(topics: &Topics, item: &Item) -> Vec<Audience> {
    if !item.audience.is_empty() {
        return item.audience.clone();
    }
    Audience::ALL
        .iter()
        .copied()
        .filter(|a| item.topics.iter().any(|t| topics.of(*a).contains(&t.value)))
        .collect()
}

impl Catalog {
    /// Groups `items` (in site order) of `windows` by the vocabulary `topics`.
    pub fn new(topics: &Topics, windows: &[Window], items: &[Item]) -> Catalog {
        let mut catalog = Catalog::default();
        let window_rank: HashMap<&str, usize> = windows
            .iter()
            .enumerate()
            .map(|(i, w)| (w.source.id.as_str(), i))
            .collect();
        let mut by_topic: [HashMap<&str, Vec<usize>>; 2] = Default::default();
        for (n, item) in items.iter().enumerate() {
            match catalog.window_items.get_mut(item.window.value.as_str()) {
                Some(list) => list.push(n),
                None => {
                    catalog
                        .window_items
                        .insert(item.window.value.clone(), vec![n]);
                }
            }
            for audience in served(topics, item) {
                catalog.audience_items[audience.index()].push(n);
                let mut filed = false;
                for topic in &item.topics {
                    if topics.of(audience).contains(&topic.value) {
                        filed = true;
                        let list = by_topic[audience.index()]
                            .entry(topic.value.as_str())
                            .or_default();
                        // An item naming a topic twice is listed once.
                        if list.last() != Some(&n) {
                            list.push(n);
                        }
                    }
                }
                if !filed {
                    catalog.untopical[audience.index()].push(n);
                }
            }
        }
        for audience in Audience::ALL {
            let found = &mut by_topic[audience.index()];
            catalog.topics[audience.index()] = topics
                .of(*audience)
                .iter()
                .filter_map(|name| {
                    found.remove(name.as_str()).map(|items| TopicList {
                        name: name.clone(),
                        items,
                    })
                })
                .collect();
        }
        let mut dept_index: HashMap<&str, usize> = HashMap::new();
        for (w, window) in windows.iter().enumerate() {
            let Some(name) = window.department.as_deref() else {
                continue;
            };
            let d = *dept_index.entry(name).or_insert_with(|| {
                catalog.departments.push(Department {
                    name: name.to_string(),
                    windows: Vec::new(),
                    items: Vec::new(),
                    elsewhere: Vec::new(),
                });
                catalog.departments.len() - 1
            });
            catalog.departments[d].windows.push(w);
        }
        for (n, item) in items.iter().enumerate() {
            let window_department = window_rank
                .get(item.window.value.as_str())
                .and_then(|w| windows[*w].department.as_deref());
            // The item's 实施机关 when it names a department of the center, else its window's.
            let department = item
                .implementer
                .as_deref()
                .filter(|name| dept_index.contains_key(name))
                .or(window_department);
            if let Some(d) = department.and_then(|name| dept_index.get(name)) {
                catalog.departments[*d].items.push(n);
                if department != window_department {
                    catalog.departments[*d].elsewhere.push(n);
                }
            }
        }
        catalog
    }

    /// Items an audience is served by, in site order.
    pub fn audience_items(&self, audience: Audience) -> &[usize] {
        &self.audience_items[audience.index()]
    }

    /// Items an audience is served by that are under none of its topics, in site order.
    pub fn untopical(&self, audience: Audience) -> &[usize] {
        &self.untopical[audience.index()]
    }

    /// The topics of an audience that have items, in vocabulary order.
    pub fn topics(&self, audience: Audience) -> &[TopicList] {
        &self.topics[audience.index()]
    }

    /// One topic of an audience, if it has items.
    pub fn topic(&self, audience: Audience, name: &str) -> Option<&TopicList> {
        self.topics(audience).iter().find(|t| t.name == name)
    }

    /// Departments in the order of their first window.
    pub fn departments(&self) -> &[Department] {
        &self.departments
    }

    /// One department by name.
    pub fn department(&self, name: &str) -> Option<&Department> {
        self.departments.iter().find(|d| d.name == name)
    }

    /// Items handled at a window, in site order.
    pub fn window_items(&self, window: &str) -> &[usize] {
        self.window_items.get(window).map_or(&[], Vec::as_slice)
    }

    /// True when some item has an audience or a topic: the site then has 个人办事/法人办事
    /// pages.
    pub fn has_audiences(&self) -> bool {
        self.audience_items.iter().any(|l| !l.is_empty())
    }
}
