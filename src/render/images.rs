//! Web-sized photos: decoded, cropped to 3:4 and resized to one size, encoded as JPEG.
//! Reads only the resolved file of a model [`Asset`](crate::content::Asset).

use std::io::Cursor;
use std::path::Path;

use image::imageops::FilterType;

/// Width of web photos in pixels.
pub const WIDTH: u32 = 240;
/// Height of web photos in pixels.
pub const HEIGHT: u32 = 320;

/// The web version of the photo at `path` (240×320 JPEG), or why it failed.
pub fn web_photo(path: &Path) -> Result<Vec<u8>, String> {
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    let img = image::load_from_memory(&bytes).map_err(|e| e.to_string())?;
    let img = img
        .resize_to_fill(WIDTH, HEIGHT, FilterType::Triangle)
        .to_rgb8();
    let mut out = Cursor::new(Vec::new());
    let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85);
    img.write_with_encoder(encoder).map_err(|e| e.to_string())?;
    Ok(out.into_inner())
}
