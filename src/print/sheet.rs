//! Sheet sizes, and what a print profile means for a sheet (bleed and margin).

use std::fmt;
use std::str::FromStr;

pub use crate::content::Profile;

/// Bleed added on every side of the trim for offset printing, in millimetres.
pub const OFFSET_BLEED_MM: f64 = 3.0;

/// The largest trim edge we accept, in millimetres (PDF viewers and RIPs commonly stop
/// at 200 inches = 5080 mm per page edge).
pub const MAX_EDGE_MM: f64 = 5000.0;

/// The ISO A series we accept by name: (name, width, height) in millimetres, portrait.
const A_SERIES: [(&str, f64, f64); 6] = [
    ("A0", 841.0, 1189.0),
    ("A1", 594.0, 841.0),
    ("A2", 420.0, 594.0),
    ("A3", 297.0, 420.0),
    ("A4", 210.0, 297.0),
    ("A5", 148.0, 210.0),
];

/// A sheet (trim) size in millimetres, parsed from `A0`..`A5`, `600x900mm` or
/// `600×900mm`, optionally followed by `landscape` (long edge horizontal) or `portrait`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sheet {
    /// Trim width in millimetres.
    pub width_mm: f64,
    /// Trim height in millimetres.
    pub height_mm: f64,
}

impl Sheet {
    /// ISO A4 portrait.
    pub const A4: Sheet = Sheet {
        width_mm: 210.0,
        height_mm: 297.0,
    };

    /// A sheet of the given trim size; errors on sizes that cannot be printed.
    pub fn new(width_mm: f64, height_mm: f64) -> Result<Sheet, SheetError> {
        for v in [width_mm, height_mm] {
            if !v.is_finite() || v < 10.0 {
                return Err(SheetError::new(
                    format!("{width_mm}x{height_mm}mm"),
                    "each edge must be at least 10 mm",
                ));
            }
            if v > MAX_EDGE_MM {
                return Err(SheetError::new(
                    format!("{width_mm}x{height_mm}mm"),
                    format!(
                        "each edge must be at most {MAX_EDGE_MM} mm; split the board into panels"
                    ),
                ));
            }
        }
        Ok(Sheet {
            width_mm,
            height_mm,
        })
    }

    /// The same sheet with the long edge horizontal.
    pub fn landscape(self) -> Sheet {
        Sheet {
            width_mm: self.width_mm.max(self.height_mm),
            height_mm: self.width_mm.min(self.height_mm),
        }
    }

    /// The same sheet with the long edge vertical.
    pub fn portrait(self) -> Sheet {
        Sheet {
            width_mm: self.width_mm.min(self.height_mm),
            height_mm: self.width_mm.max(self.height_mm),
        }
    }

    /// Trim width in PostScript points.
    pub fn width_pt(&self) -> f64 {
        mm_to_pt(self.width_mm)
    }

    /// Trim height in PostScript points.
    pub fn height_pt(&self) -> f64 {
        mm_to_pt(self.height_mm)
    }
}

/// Millimetres to PostScript points.
pub fn mm_to_pt(mm: f64) -> f64 {
    mm * 72.0 / 25.4
}

impl fmt::Display for Sheet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (name, w, h) in A_SERIES {
            if (self.width_mm, self.height_mm) == (w, h) {
                return write!(f, "{name}");
            }
            if (self.width_mm, self.height_mm) == (h, w) {
                return write!(f, "{name} landscape");
            }
        }
        write!(f, "{}x{}mm", self.width_mm, self.height_mm)
    }
}

/// Why a sheet size could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetError {
    /// The text that was given.
    pub input: String,
    /// What is wrong with it.
    pub reason: String,
}

impl SheetError {
    fn new(input: impl Into<String>, reason: impl Into<String>) -> SheetError {
        SheetError {
            input: input.into(),
            reason: reason.into(),
        }
    }
}

impl fmt::Display for SheetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid sheet size `{}`: {}; write A0 to A5 or WIDTHxHEIGHTmm \
             (e.g. `A3`, `A3 landscape`, `600x900mm`)",
            self.input, self.reason
        )
    }
}

impl std::error::Error for SheetError {}

impl FromStr for Sheet {
    type Err = SheetError;

    fn from_str(input: &str) -> Result<Sheet, SheetError> {
        let text = input.trim();
        if text.is_empty() {
            return Err(SheetError::new(input, "it is empty"));
        }
        let lower = text.to_lowercase();
        let (size, orientation) = match lower.rsplit_once(char::is_whitespace) {
            Some((size, word @ ("landscape" | "portrait"))) => (size.trim(), Some(word)),
            _ => (lower.as_str(), None),
        };
        let sheet = parse_size(size).map_err(|reason| SheetError::new(input, reason))?;
        Ok(match orientation {
            Some("landscape") => sheet.landscape(),
            Some(_) => sheet.portrait(),
            None => sheet,
        })
    }
}

/// Parses `a4` or `600x900mm` (already lowercased, without orientation).
fn parse_size(size: &str) -> Result<Sheet, String> {
    if let Some((_, w, h)) = A_SERIES
        .iter()
        .find(|(name, _, _)| name.eq_ignore_ascii_case(size))
    {
        return Ok(Sheet {
            width_mm: *w,
            height_mm: *h,
        });
    }
    if size.starts_with('a') && size[1..].chars().all(|c| c.is_ascii_digit()) && size.len() > 1 {
        return Err("only A0 to A5 are known by name".into());
    }
    let Some(dims) = size.strip_suffix("mm") else {
        return Err(
            if size.ends_with("cm") || size.ends_with("in") || size.ends_with('m') {
                "give the size in millimetres (mm)".into()
            } else {
                "expected a paper name or a size ending in `mm`".into()
            },
        );
    };
    let Some((w, h)) = dims.split_once(['x', '×', '*']) else {
        return Err("expected WIDTHxHEIGHT, e.g. 600x900mm".into());
    };
    let number = |s: &str, what: &str| -> Result<f64, String> {
        let s = s.trim();
        let s = s.strip_suffix("mm").unwrap_or(s).trim();
        s.parse::<f64>()
            .map_err(|_| format!("the {what} `{s}` is not a number"))
    };
    let (w, h) = (number(w, "width")?, number(h, "height")?);
    Sheet::new(w, h).map_err(|e| e.reason)
}

/// What each print profile means for a sheet (the profile itself is a word of site.yaml).
impl Profile {
    /// Bleed on each side, in millimetres.
    pub fn bleed_mm(self) -> f64 {
        match self {
            Profile::Offset => OFFSET_BLEED_MM,
            Profile::LargeFormat => 0.0,
        }
    }

    /// The white margin (content inset from the trim) for a sheet, in millimetres:
    /// 15 mm, less on small sheets (a tenth of the short edge).
    pub fn margin_mm(self, sheet: &Sheet) -> f64 {
        let short = sheet.width_mm.min(sheet.height_mm);
        (short / 10.0).min(15.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(s: &str) -> Sheet {
        s.parse().unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    #[test]
    fn parses_a_series() {
        assert_eq!(
            sheet("A0"),
            Sheet {
                width_mm: 841.0,
                height_mm: 1189.0
            }
        );
        assert_eq!(
            sheet("a1"),
            Sheet {
                width_mm: 594.0,
                height_mm: 841.0
            }
        );
        assert_eq!(
            sheet("A2"),
            Sheet {
                width_mm: 420.0,
                height_mm: 594.0
            }
        );
        assert_eq!(
            sheet(" A3 "),
            Sheet {
                width_mm: 297.0,
                height_mm: 420.0
            }
        );
        assert_eq!(sheet("A4"), Sheet::A4);
        assert_eq!(
            sheet("A5"),
            Sheet {
                width_mm: 148.0,
                height_mm: 210.0
            }
        );
    }

    #[test]
    fn parses_orientation() {
        assert_eq!(
            sheet("A3 landscape"),
            Sheet {
                width_mm: 420.0,
                height_mm: 297.0
            }
        );
        assert_eq!(
            sheet("A4  Landscape"),
            Sheet {
                width_mm: 297.0,
                height_mm: 210.0
            }
        );
        assert_eq!(
            sheet("600x900mm landscape"),
            Sheet {
                width_mm: 900.0,
                height_mm: 600.0
            }
        );
        assert_eq!(
            sheet("900x600mm portrait"),
            Sheet {
                width_mm: 600.0,
                height_mm: 900.0
            }
        );
        assert_eq!(sheet("A3 landscape").to_string(), "A3 landscape");
    }

    #[test]
    fn parses_custom_sizes() {
        let board = Sheet {
            width_mm: 600.0,
            height_mm: 900.0,
        };
        assert_eq!(sheet("600x900mm"), board);
        assert_eq!(sheet("600×900mm"), board);
        assert_eq!(sheet("600 × 900 mm"), board);
        assert_eq!(sheet("600X900MM"), board);
        assert_eq!(sheet("600mm x 900mm"), board);
        assert_eq!(
            sheet("85.5x54mm"),
            Sheet {
                width_mm: 85.5,
                height_mm: 54.0
            }
        );
        assert_eq!(board.to_string(), "600x900mm");
    }

    #[test]
    fn rejects_bad_sizes() {
        for bad in [
            "",
            "A6",
            "B4",
            "600x900",
            "60x90cm",
            "600x",
            "x900mm",
            "abcxdefmm",
            "0x900mm",
            "-600x900mm",
            "600x90000mm",
            "A4 sideways",
            "NaNx900mm",
        ] {
            let err = bad.parse::<Sheet>().expect_err(bad).to_string();
            assert!(err.contains("invalid sheet size"), "{bad}: {err}");
            assert!(
                err.contains("600x900mm"),
                "error should show an example: {err}"
            );
        }
        let err = "60x90cm".parse::<Sheet>().unwrap_err().to_string();
        assert!(err.contains("millimetres"), "{err}");
        let err = "A6".parse::<Sheet>().unwrap_err().to_string();
        assert!(err.contains("A0 to A5"), "{err}");
    }

    #[test]
    fn parses_profiles() {
        assert_eq!("offset".parse::<Profile>(), Ok(Profile::Offset));
        assert_eq!("large-format".parse::<Profile>(), Ok(Profile::LargeFormat));
        assert_eq!("large_format".parse::<Profile>(), Ok(Profile::LargeFormat));
        assert!("inkjet".parse::<Profile>().is_err());
        assert_eq!(Profile::Offset.bleed_mm(), 3.0);
        assert_eq!(Profile::LargeFormat.bleed_mm(), 0.0);
        assert_eq!(Profile::Offset.margin_mm(&Sheet::A4), 15.0);
        let card = Sheet {
            width_mm: 200.0,
            height_mm: 100.0,
        };
        assert_eq!(Profile::LargeFormat.margin_mm(&card), 10.0);
    }
}
