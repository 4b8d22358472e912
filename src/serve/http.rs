//! A small HTTP/1.1 server for local preview, on the standard library only: GET and HEAD of
//! the in-memory site, the live-reload script and its Server-Sent Events stream. (tiny_http
//! buffers streamed bodies in 8 KiB chunks, which holds SSE events back, so the few lines of
//! HTTP a preview needs are written here.) Every response closes its connection; each
//! connection has its own thread, and their number is capped.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::RecvTimeoutError;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use crate::output::Contents;
use crate::serve::incremental::SharedFiles;
use crate::serve::reload::{self, EVENTS_PATH, Hub};
use crate::serve::{overlay, web};

/// The Content-Security-Policy of every response: only our own files, no inline scripts.
/// Inline styles stay allowed because SVG drawings carry presentation attributes.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

const MAX_CONNECTIONS: usize = 256;
const MAX_HEADER_BYTES: usize = 16 * 1024;

/// What the server serves, shared with the builder.
pub struct State {
    /// The last good build.
    pub files: SharedFiles,
    /// The error page while the content has errors.
    pub overlay: RwLock<Option<Arc<String>>>,
    /// Live-reload clients.
    pub hub: Hub,
    /// The path of `base_url` (`/` or `/center/`): pages are served under it.
    pub prefix: String,
    /// Set to stop accepting connections.
    pub stop: AtomicBool,
    active: AtomicUsize,
}

impl State {
    /// A server state for these files under `prefix`.
    pub fn new(files: SharedFiles, prefix: &str) -> State {
        let mut prefix = prefix.trim_matches('/').to_string();
        prefix = if prefix.is_empty() {
            "/".to_string()
        } else {
            format!("/{prefix}/")
        };
        State {
            files,
            overlay: RwLock::new(None),
            hub: Hub::new(),
            prefix,
            stop: AtomicBool::new(false),
            active: AtomicUsize::new(0),
        }
    }

    /// Shows (`Some`) or clears (`None`) the error overlay.
    pub fn set_overlay(&self, page: Option<String>) {
        let mut slot = match self.overlay.write() {
            Ok(s) => s,
            Err(p) => p.into_inner(),
        };
        *slot = page.map(Arc::new);
    }

    /// True while the error overlay is shown.
    pub fn has_overlay(&self) -> bool {
        self.overlay().is_some()
    }

    fn overlay(&self) -> Option<Arc<String>> {
        match self.overlay.read() {
            Ok(s) => s.clone(),
            Err(p) => p.into_inner().clone(),
        }
    }

    fn file(&self, key: &str) -> Option<Arc<Contents<'static>>> {
        let files = match self.files.read() {
            Ok(f) => f,
            Err(p) => p.into_inner(),
        };
        files.get(key).cloned()
    }
}

/// Binds `addr:port`, or the next free port after it (up to `tries` ports).
pub fn bind(addr: IpAddr, port: u16, tries: u16) -> io::Result<TcpListener> {
    let mut last = io::Error::new(io::ErrorKind::AddrInUse, "no free port");
    for p in port..=port.saturating_add(tries) {
        match TcpListener::bind(SocketAddr::new(addr, p)) {
            Ok(l) => return Ok(l),
            Err(e) if e.kind() == io::ErrorKind::AddrInUse => last = e,
            Err(e) => return Err(e),
        }
    }
    Err(last)
}

/// Accepts connections until [`stop`] is called.
pub fn run(listener: TcpListener, state: Arc<State>) {
    for stream in listener.incoming() {
        if state.stop.load(Ordering::SeqCst) {
            break;
        }
        let Ok(stream) = stream else { continue };
        if state.active.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
            state.active.fetch_sub(1, Ordering::SeqCst);
            let mut s = stream;
            let _ = respond(
                &mut s,
                false,
                503,
                "text/plain; charset=utf-8",
                b"busy",
                &[],
            );
            continue;
        }
        let worker = Arc::clone(&state);
        let spawned = std::thread::Builder::new()
            .name("gongshi-http".into())
            .spawn(move || {
                let _ = handle(stream, &worker);
                worker.active.fetch_sub(1, Ordering::SeqCst);
            });
        if spawned.is_err() {
            state.active.fetch_sub(1, Ordering::SeqCst);
        }
    }
}

/// Stops the accept loop of [`run`] on `addr` and disconnects live-reload clients.
pub fn stop(state: &State, addr: SocketAddr) {
    state.stop.store(true, Ordering::SeqCst);
    state.hub.close();
    // Wake the blocking accept.
    let wake = if addr.ip().is_unspecified() {
        SocketAddr::new(IpAddr::from([127, 0, 0, 1]), addr.port())
    } else {
        addr
    };
    let _ = TcpStream::connect_timeout(&wake, Duration::from_millis(200));
}

struct Request {
    head: bool,
    path: String,
    query: String,
}

fn read_request(stream: &TcpStream) -> io::Result<Option<Request>> {
    let mut reader = BufReader::new(stream.take(MAX_HEADER_BYTES as u64));
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let mut parts = line.split_whitespace();
    let (Some(method), Some(target)) = (parts.next(), parts.next()) else {
        return Ok(None);
    };
    let head = match method {
        "GET" => false,
        "HEAD" => true,
        _ => {
            return Ok(Some(Request {
                head: false,
                path: String::new(),
                query: "\0method".into(),
            }));
        }
    };
    let target = target.to_string();
    // Read the rest of the header; its content does not matter to us.
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header.trim().is_empty() {
            break;
        }
    }
    let (path, query) = match target.split_once('?') {
        Some((p, q)) => (p.to_string(), q.to_string()),
        None => (target, String::new()),
    };
    Ok(Some(Request { head, path, query }))
}

fn handle(mut stream: TcpStream, state: &State) -> io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    stream.set_write_timeout(Some(Duration::from_secs(10)))?;
    let Some(req) = read_request(&stream)? else {
        return respond(&mut stream, false, 400, TEXT, b"bad request", &[]);
    };
    if req.query == "\0method" {
        return respond(
            &mut stream,
            false,
            405,
            TEXT,
            b"method not allowed",
            &[("Allow", "GET, HEAD")],
        );
    }
    match req.path.as_str() {
        EVENTS_PATH => return events(stream, state),
        web::RELOAD_SCRIPT => {
            return respond(
                &mut stream,
                req.head,
                200,
                "text/javascript; charset=utf-8",
                reload::SCRIPT.as_bytes(),
                &[],
            );
        }
        overlay::STYLE_PATH => {
            return respond(
                &mut stream,
                req.head,
                200,
                "text/css; charset=utf-8",
                overlay::STYLE.as_bytes(),
                &[],
            );
        }
        _ => {}
    }
    let Some(segments) = decode_path(&req.path) else {
        return not_found(&mut stream, state, req.head);
    };
    let mut joined = segments.join("/");
    let dir_like = req.path.ends_with('/') || segments.is_empty();
    // Pages live under the path of base_url; the root redirects there.
    let prefix = state.prefix.trim_matches('/');
    if !prefix.is_empty() {
        if (joined == prefix && !req.path.ends_with('/')) || joined.is_empty() {
            return redirect(&mut stream, &state.prefix);
        }
        if let Some(rest) = joined.strip_prefix(&format!("{prefix}/")) {
            joined = rest.to_string();
        } else if joined == prefix {
            joined.clear();
        }
    }
    let key = if dir_like {
        crate::routes::index_of(&joined)
    } else {
        joined.clone()
    };
    let Some(contents) = state.file(&key) else {
        if !dir_like && state.file(&crate::routes::index_of(&key)).is_some() {
            return redirect(&mut stream, &format!("{}/", req.path));
        }
        return not_found(&mut stream, state, req.head);
    };
    let kind = content_type(&key);
    if kind.starts_with("text/html")
        && !req.query.contains("gongshi-last-good")
        && let Some(page) = state.overlay()
    {
        return respond(
            &mut stream,
            req.head,
            200,
            kind,
            page.as_bytes(),
            &[("X-Gongshi-Overlay", "1")],
        );
    }
    match body(&contents) {
        Some(bytes) => respond(&mut stream, req.head, 200, kind, &bytes, &[]),
        None => not_found(&mut stream, state, req.head),
    }
}

fn body<'a>(contents: &'a Contents<'_>) -> Option<std::borrow::Cow<'a, [u8]>> {
    contents.to_bytes().ok()
}

const TEXT: &str = "text/plain; charset=utf-8";

fn not_found(stream: &mut TcpStream, state: &State, head: bool) -> io::Result<()> {
    if let Some(page) = state.overlay() {
        return respond(
            stream,
            head,
            404,
            "text/html; charset=utf-8",
            page.as_bytes(),
            &[("X-Gongshi-Overlay", "1")],
        );
    }
    match state.file("404.html").as_deref().and_then(body) {
        Some(page) => respond(stream, head, 404, "text/html; charset=utf-8", &page, &[]),
        None => respond(stream, head, 404, TEXT, b"404 Not Found", &[]),
    }
}

fn redirect(stream: &mut TcpStream, to: &str) -> io::Result<()> {
    let location = crate::routes::encode(to);
    respond(
        stream,
        false,
        301,
        TEXT,
        b"moved",
        &[("Location", &location)],
    )
}

fn respond(
    stream: &mut TcpStream,
    head: bool,
    status: u16,
    content_type: &str,
    body: &[u8],
    extra: &[(&str, &str)],
) -> io::Result<()> {
    let reason = match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        _ => "Service Unavailable",
    };
    let mut head_text = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\
         Content-Security-Policy: {CSP}\r\nX-Content-Type-Options: nosniff\r\n\
         Cache-Control: no-store\r\nConnection: close\r\n",
        body.len()
    );
    for (name, value) in extra {
        head_text.push_str(&format!("{name}: {value}\r\n"));
    }
    head_text.push_str("\r\n");
    stream.write_all(head_text.as_bytes())?;
    if !head {
        stream.write_all(body)?;
    }
    stream.flush()
}

/// The Server-Sent Events stream: a `reload` event after each good rebuild (and each change
/// of the error overlay), a comment every 15 s to notice closed pages.
fn events(mut stream: TcpStream, state: &State) -> io::Result<()> {
    let rx = state.hub.subscribe();
    stream.write_all(
        format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\n\
             Cache-Control: no-store\r\nContent-Security-Policy: {CSP}\r\n\
             X-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\nretry: 500\n: connected\n\n"
        )
        .as_bytes(),
    )?;
    stream.flush()?;
    loop {
        match rx.recv_timeout(Duration::from_secs(15)) {
            Ok(data) => stream.write_all(reload::reload_event(&data).as_bytes())?,
            Err(RecvTimeoutError::Timeout) => stream.write_all(b": ping\n\n")?,
            Err(RecvTimeoutError::Disconnected) => return Ok(()),
        }
        stream.flush()?;
    }
}

/// Decodes a request path into safe segments: `None` for anything that could leave the site
/// (`..`, backslashes, NUL, bad percent-encoding or UTF-8).
pub fn decode_path(raw: &str) -> Option<Vec<String>> {
    if !raw.starts_with('/') {
        return None;
    }
    let text = crate::routes::decode(raw)?;
    let mut segments = Vec::new();
    for seg in text.split('/') {
        if seg.is_empty() {
            continue;
        }
        if seg == "." || seg == ".." || seg.contains(['\\', '\0', ':']) {
            return None;
        }
        segments.push(seg.to_string());
    }
    Some(segments)
}

/// The Content-Type for an output path by its extension.
pub fn content_type(path: &str) -> &'static str {
    let ext = path
        .rsplit_once('.')
        .map_or("", |(_, e)| e)
        .to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "xml" => "application/xml",
        "atom" => "application/atom+xml",
        "txt" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "webmanifest" => "application/manifest+json",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traversal_is_refused() {
        assert_eq!(decode_path("/../../etc/passwd"), None);
        assert_eq!(decode_path("/a/%2e%2e/b"), None);
        assert_eq!(decode_path("/a/..%5c..%5cb"), None);
        assert_eq!(decode_path("/a%00"), None);
        assert_eq!(decode_path("/%zz"), None);
        assert_eq!(
            decode_path("/items/a/"),
            Some(vec!["items".into(), "a".into()])
        );
        assert_eq!(decode_path("/%E4%BA%8B"), Some(vec!["事".into()]));
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("x.PDF"), "application/pdf");
        assert_eq!(content_type("sitemap.xml"), "application/xml");
        assert_eq!(content_type("photo.jpg"), "image/jpeg");
        assert_eq!(content_type("data/items.csv"), "text/csv; charset=utf-8");
        assert_eq!(content_type("noext"), "application/octet-stream");
    }
}
