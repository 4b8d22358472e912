//! The Typst `World` of one print job: a closed, in-memory file system.
//!
//! The world never touches the disk (fonts aside, which [`FontStore`] loads): every
//! file a template can read is in the job. Unknown paths are `NotFound`, packages are
//! unavailable and there is no current date, so the output depends on the job only.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{LazyLock, Mutex, OnceLock};

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

use super::fonts::FontStore;

/// Virtual path of the generated entry point that wraps the template.
pub(crate) const MAIN_PATH: &str = "/gongshi/main.typ";
/// Virtual path of the template itself.
pub(crate) const TEMPLATE_PATH: &str = "/template.typ";
/// Virtual path of the shared Typst library.
pub(crate) const LIBRARY_PATH: &str = "/gongshi.typ";
/// Virtual path of the job geometry read by the library. The same for every sheet of a
/// product, so Typst evaluates the library once for all of them (its memoization keys on
/// the files a module reads): what differs per sheet goes elsewhere.
pub(crate) const SHEET_PATH: &str = "/gongshi/sheet.json";
/// Virtual path of the PDF's document settings (the sheet's title), read by the entry point.
pub(crate) const DOCUMENT_PATH: &str = "/gongshi/document.json";
/// Virtual path of the theme's labels in the site language, read by `common.typ`: the same
/// for every sheet of a run, unlike the data that also carries them as `t`.
pub(crate) const LABELS_PATH: &str = "/gongshi/labels.json";
/// Virtual path of the job's data.
pub(crate) const DATA_PATH: &str = "/data.json";

/// The entry point: applies the sheet settings around the template, so every template
/// gets its page size, bleed, marks and fonts without repeating them. The template
/// lives in its own file, so diagnostics point at its own lines.
const MAIN_SOURCE: &str = "#import \"/gongshi.typ\": page-args, text-args\n\
                           #set document(..json(\"/gongshi/document.json\"))\n\
                           #set page(..page-args)\n\
                           #set text(..text-args)\n\
                           #include \"/template.typ\"\n";

/// The standard library, built once and shared by all jobs (and thus by Typst's
/// memoization caches).
static LIBRARY: LazyLock<LazyHash<Library>> = LazyLock::new(|| LazyHash::new(Library::default()));

/// Typst sources already parsed, by file and text: the entry point, the library, the
/// templates and `common.typ` are the same text for thousands of sheets, and parsing them
/// again for every sheet took about 4 % of a 1,000-item print run.
static PARSED: LazyLock<Mutex<HashMap<(FileId, blake3::Hash), Source>>> =
    LazyLock::new(|| Mutex::new(HashMap::new()));

/// More distinct sources than this (a long `serve` session of template edits) start the
/// cache afresh.
const MAX_PARSED: usize = 256;

/// The parsed source of `text`, shared with every earlier job that had the same file.
fn parse_shared(id: FileId, text: &str) -> Source {
    let key = (id, blake3::hash(text.as_bytes()));
    let cached = PARSED
        .lock()
        .ok()
        .and_then(|parsed| parsed.get(&key).cloned());
    if let Some(source) = cached {
        return source;
    }
    let source = Source::new(id, text.to_string());
    if let Ok(mut parsed) = PARSED.lock() {
        if parsed.len() >= MAX_PARSED {
            parsed.clear();
        }
        parsed.insert(key, source.clone());
    }
    source
}

/// One file of the job.
struct VirtualFile {
    bytes: Bytes,
    /// Parsed on first use as a Typst source.
    source: OnceLock<FileResult<Source>>,
}

/// The Typst world of one job.
pub(crate) struct PrintWorld<'a> {
    fonts: &'a FontStore,
    main: FileId,
    files: HashMap<FileId, VirtualFile>,
}

/// The file id of an absolute virtual path in the project root.
pub(crate) fn file_id(path: &str) -> Result<FileId, String> {
    let vpath =
        VirtualPath::new(path).map_err(|e| format!("invalid virtual path `{path}`: {e}"))?;
    Ok(FileId::new(RootedPath::new(VirtualRoot::Project, vpath)))
}

impl<'a> PrintWorld<'a> {
    /// A world with the given files (absolute virtual paths such as `/photos/a.jpg`).
    pub(crate) fn new(
        fonts: &'a FontStore,
        files: impl IntoIterator<Item = (String, Vec<u8>)>,
    ) -> Result<PrintWorld<'a>, String> {
        let mut map = HashMap::new();
        for (path, bytes) in files {
            let path = if path.starts_with('/') {
                path
            } else {
                format!("/{path}")
            };
            let id = file_id(&path)?;
            map.insert(
                id,
                VirtualFile {
                    bytes: Bytes::new(bytes),
                    source: OnceLock::new(),
                },
            );
        }
        let main = file_id(MAIN_PATH)?;
        map.insert(
            main,
            VirtualFile {
                bytes: Bytes::new(MAIN_SOURCE.as_bytes()),
                source: OnceLock::new(),
            },
        );
        Ok(PrintWorld {
            fonts,
            main,
            files: map,
        })
    }

    /// The raw bytes of a file, if it exists.
    pub(crate) fn bytes(&self, id: FileId) -> Option<&Bytes> {
        self.files.get(&id).map(|f| &f.bytes)
    }
}

fn not_found(id: FileId) -> FileError {
    let rooted = id.get();
    match rooted.root() {
        VirtualRoot::Project => FileError::NotFound(PathBuf::from(rooted.vpath().get_with_slash())),
        VirtualRoot::Package(spec) => FileError::Other(Some(
            format!("packages such as {spec} are not available to gongshi print templates").into(),
        )),
    }
}

impl World for PrintWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &LIBRARY
    }

    fn book(&self) -> &LazyHash<FontBook> {
        self.fonts.book()
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        let file = self.files.get(&id).ok_or_else(|| not_found(id))?;
        file.source
            .get_or_init(|| {
                let text = std::str::from_utf8(&file.bytes).map_err(|_| FileError::InvalidUtf8)?;
                // Notepad on Windows likes to start files with a byte order mark.
                let text = text.strip_prefix('\u{feff}').unwrap_or(text);
                Ok(parse_shared(id, text))
            })
            .clone()
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        self.files
            .get(&id)
            .map(|f| f.bytes.clone())
            .ok_or_else(|| not_found(id))
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.font(index)
    }

    /// No clock: output must depend on the job only. Templates get dates from data.
    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        None
    }
}
