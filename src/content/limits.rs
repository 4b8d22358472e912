//! The size limits content is held to, checked before anything large is read or decoded, so
//! that a hostile or mistaken file (a 1 GB attachment, a 20,000-pixel photo, a list of ten
//! thousand materials) stops with a clear error naming the file, line and field instead of
//! exhausting memory. The limit on a content file itself lives with the YAML reader
//! ([`super::yaml::MAX_FILE_BYTES`]).

use std::path::Path;

use crate::content::reader::Reader;
use crate::content::yaml::{Node, Pos, Value};
use crate::diag::{Diagnostic, Location};
use crate::msg;

/// Most entries one list in a record may hold (materials, procedure steps, fees, …). Real
/// guides list a few dozen; a thousand would fill hundreds of printed pages.
pub const MAX_LIST_ENTRIES: usize = 1_000;

/// Largest file a record may attach (photo, form, sample), checked from its metadata before
/// it is read or copied: real forms and photos are a few MB.
pub const MAX_ATTACHMENT_BYTES: u64 = 50 * 1024 * 1024;

/// Widest or tallest photo, in pixels, read from the image header before any decoding.
pub const MAX_PHOTO_SIDE: u32 = 10_000;

/// Most pixels in one photo (a 48-megapixel phone photo fits; decoded it takes 200 MB).
pub const MAX_PHOTO_PIXELS: u64 = 50_000_000;

/// E120 for the first list in `node` (depth first, in source order) with more than
/// [`MAX_LIST_ENTRIES`] entries, at the line of its key in `file`.
pub fn long_list(node: &Node, file: &str) -> Option<Diagnostic> {
    long_list_under(node, "", node.pos, file)
}

fn long_list_under(node: &Node, key: &str, key_pos: Pos, file: &str) -> Option<Diagnostic> {
    match &node.value {
        Value::Seq(items) if items.len() > MAX_LIST_ENTRIES => {
            Some(too_many_entries(key, items.len(), key_pos.at(file)))
        }
        Value::Seq(items) => items
            .iter()
            .find_map(|n| long_list_under(n, key, n.pos, file)),
        Value::Map(entries) => entries.iter().find_map(|(k, v)| {
            let name = k.as_text().unwrap_or_default();
            long_list_under(v, &name, k.pos, file)
        }),
        _ => None,
    }
}

fn too_many_entries(key: &str, n: usize, location: Location) -> Diagnostic {
    let max = MAX_LIST_ENTRIES;
    Diagnostic::error(
        "E120",
        location,
        msg!(
            "`{key}` lists {n} entries; a list may hold at most {max}",
            "“{key}”列了 {n} 项，一个列表最多 {max} 项",
            "「{key}」列了 {n} 項，一個列表最多 {max} 項"
        ),
    )
    .with_help(msg!(
        "split the record, or keep the full list in an attached form (content/forms/)",
        "请拆分这条记录，或把完整清单做成附件放到 content/forms/",
        "請拆分這筆記錄，或把完整清單做成附件放到 content/forms/"
    ))
}

/// True when the attachment at `path` (written as `written` at `pos`) is small enough to
/// read; otherwise reports E121 and the file must not be read.
pub fn attachment_fits(path: &Path, written: &str, pos: Pos, reader: &mut Reader) -> bool {
    let Ok(meta) = std::fs::metadata(path) else {
        return true;
    };
    if meta.len() <= MAX_ATTACHMENT_BYTES {
        return true;
    }
    let mb = meta.len() / (1024 * 1024);
    let limit = MAX_ATTACHMENT_BYTES / (1024 * 1024);
    reader.diags.push(
        Diagnostic::error(
            "E121",
            reader.at(pos),
            msg!(
                "`{written}` is {mb} MB; an attached file may be at most {limit} MB",
                "“{written}”大小为 {mb} MB，附件最大 {limit} MB",
                "「{written}」大小為 {mb} MB，附件最大 {limit} MB"
            ),
        )
        .with_help(msg!(
            "compress it (a scanned form at 150 dpi, a photo saved as JPEG) or link to it instead",
            "请压缩文件（扫描件用 150 dpi，照片存为 JPEG），或改为提供下载链接",
            "請壓縮檔案（掃描件用 150 dpi，照片存為 JPEG），或改為提供下載連結"
        )),
    );
    false
}

/// True when the photo at `path` is a JPEG or PNG whose header gives a size gongshi may
/// decode; otherwise reports E122 (too many pixels) or E123 (not a readable JPEG or PNG) and
/// the photo must not be decoded. Only the header is read.
pub fn photo_fits(path: &Path, written: &str, pos: Pos, reader: &mut Reader) -> bool {
    let size = image::ImageReader::open(path)
        .and_then(|r| r.with_guessed_format())
        .map_err(|e| e.to_string())
        .and_then(|mut r| {
            // Only the header is read, so the decoder's memory limits do not apply yet.
            r.no_limits();
            r.into_dimensions().map_err(|e| e.to_string())
        });
    let (w, h) = match size {
        Ok(size) => size,
        Err(detail) => {
            reader.diags.push(
                Diagnostic::error(
                    "E123",
                    reader.at(pos),
                    msg!(
                        "`{written}` is not a JPEG or PNG photo gongshi can read ({detail})",
                        "“{written}”不是可读取的 JPEG 或 PNG 照片（{detail}）",
                        "「{written}」不是可讀取的 JPEG 或 PNG 照片（{detail}）"
                    ),
                )
                .with_help(msg!(
                    "save the photo as JPEG (.jpg) or PNG (.png)",
                    "请把照片另存为 JPEG（.jpg）或 PNG（.png）",
                    "請把照片另存為 JPEG（.jpg）或 PNG（.png）"
                )),
            );
            return false;
        }
    };
    if w <= MAX_PHOTO_SIDE && h <= MAX_PHOTO_SIDE && u64::from(w) * u64::from(h) <= MAX_PHOTO_PIXELS
    {
        return true;
    }
    let (side, mp) = (MAX_PHOTO_SIDE, MAX_PHOTO_PIXELS / 1_000_000);
    reader.diags.push(
        Diagnostic::error(
            "E122",
            reader.at(pos),
            msg!(
                "`{written}` is {w}×{h} pixels; a photo may be at most {side} pixels on a side and {mp} megapixels",
                "“{written}”为 {w}×{h} 像素，照片每边最多 {side} 像素、总计最多 {mp} 百万像素",
                "「{written}」為 {w}×{h} 像素，照片每邊最多 {side} 像素、總計最多 {mp} 百萬像素"
            ),
        )
        .with_help(msg!(
            "resize it; a portrait of 600×800 pixels prints sharply on every board",
            "请缩小照片；600×800 像素的证件照在各种公示牌上都足够清晰",
            "請縮小照片；600×800 像素的證件照在各種公示牌上都足夠清晰"
        )),
    );
    false
}
