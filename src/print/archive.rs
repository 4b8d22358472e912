//! `gongshi print --zip FILE`: the sheets and their print order in one archive for the print
//! shop, each sheet under a stable name that says what it is and which revision
//! (`window_board/gjj_2026-05-01_1a2b3c4d.pdf`). Entries are stored (PDFs are compressed
//! already) with a fixed date, so the same sheets give the same archive.

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use super::order::Line;
use super::run::{ORDER_CSV, ORDER_PDF, contents};
use crate::output::OutputFile;

/// The archive of `lines` (their PDFs found among `files` under the print folder `prefix`)
/// and the order files of the folder `folder` (`""` or `changed/`).
pub fn zip(
    lines: &[Line],
    files: &[OutputFile],
    prefix: &str,
    folder: &str,
) -> std::io::Result<Vec<u8>> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Stored)
        .last_modified_time(zip::DateTime::default());
    let find = |path: &str| files.iter().find(|f| f.path == path);
    let mut add = |name: &str, file: Option<&OutputFile>| -> std::io::Result<()> {
        let Some(file) = file else {
            return Ok(());
        };
        zip.start_file(name, options)
            .map_err(std::io::Error::other)?;
        zip.write_all(&contents(file)?)
    };
    for order in [ORDER_PDF, ORDER_CSV] {
        add(order, find(&format!("{prefix}{folder}{order}")))?;
    }
    for line in lines {
        add(
            &line.archive_name(),
            find(&format!("{prefix}{}", line.file)),
        )?;
    }
    Ok(zip.finish().map_err(std::io::Error::other)?.into_inner())
}
