//! QR codes as SVG (stub).

use qrcode::QrCode;
use qrcode::render::svg;

/// Why a QR code could not be made.
#[derive(Debug)]
pub struct QrError(pub String);

impl std::fmt::Display for QrError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for QrError {}

/// A QR code of `data` as a standalone SVG.
pub fn qr_svg(data: &str) -> Result<String, QrError> {
    let code = QrCode::new(data.as_bytes()).map_err(|e| QrError(e.to_string()))?;
    Ok(code.render::<svg::Color>().min_dimensions(160, 160).build())
}
