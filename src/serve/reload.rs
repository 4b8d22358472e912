//! Live reload: open pages keep a Server-Sent Events stream to `/__gongshi/events` and reload
//! on a `reload` event. The script is served as a file so the Content-Security-Policy can
//! forbid inline scripts.

use std::sync::Mutex;
use std::sync::mpsc::{Receiver, Sender, channel};

/// The path of the event stream.
pub const EVENTS_PATH: &str = "/__gongshi/events";

/// The live-reload script (served at [`crate::serve::web::RELOAD_SCRIPT`]).
pub const SCRIPT: &str = r#"// gongshi serve: reload this page when the site is rebuilt.
(function () {
  if (!window.EventSource) { return; }
  var events = new EventSource("/__gongshi/events");
  // The data is `*` (reload every page) or the URL paths that changed.
  events.addEventListener("reload", function (e) {
    var data = e.data || "*";
    var here = window.location.pathname;
    if (here.charAt(here.length - 1) === "/") { here += "index.html"; }
    if (data === "*" || data.split(" ").indexOf(here) >= 0) { window.location.reload(); }
  });
}());
"#;

/// Fans reload events out to every connected page.
#[derive(Default)]
pub struct Hub {
    clients: Mutex<Vec<Sender<String>>>,
}

impl Hub {
    /// A hub without clients.
    pub fn new() -> Hub {
        Hub::default()
    }

    /// A new client: receives each event's data, and disconnects when the hub is closed.
    pub fn subscribe(&self) -> Receiver<String> {
        let (tx, rx) = channel();
        self.lock().push(tx);
        rx
    }

    /// Tells every page to reload; returns how many were told.
    pub fn reload(&self, data: &str) -> usize {
        let mut clients = self.lock();
        clients.retain(|c| c.send(data.to_string()).is_ok());
        clients.len()
    }

    /// Disconnects every client (on shutdown).
    pub fn close(&self) {
        self.lock().clear();
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Sender<String>>> {
        match self.clients.lock() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        }
    }
}

/// One Server-Sent Event of type `reload`.
pub fn reload_event(data: &str) -> String {
    let data = data.replace(['\r', '\n'], " ");
    format!("event: reload\ndata: {data}\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hub_drops_gone_clients() {
        let hub = Hub::new();
        let a = hub.subscribe();
        let b = hub.subscribe();
        drop(b);
        assert_eq!(hub.reload("1"), 1);
        assert_eq!(a.recv().ok().as_deref(), Some("1"));
        hub.close();
        assert!(a.recv().is_err());
    }

    #[test]
    fn events_are_one_line() {
        assert_eq!(reload_event("a\nb"), "event: reload\ndata: a b\n\n");
    }
}
