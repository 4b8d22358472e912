//! What each print product prints on: its default sheet, how many pages a sheet of it may
//! have, its template and how wide its photos print. The product list itself is a word of
//! site.yaml, owned by [`crate::content::Product`].

use super::Sheet;
pub use crate::content::Product;

/// What each product prints on.
impl Product {
    /// The sheet used when site.yaml names none.
    pub fn default_sheet(self) -> &'static str {
        match self {
            Product::WindowBoard => "600x900mm",
            Product::Guide => "A3",
            Product::Handout => "A4",
            Product::StaffCard => "200x100mm",
            Product::WindowSign => "500x250mm",
            Product::StaffBoard | Product::FeeBoard => "A1",
        }
    }

    /// How many pages a sheet of this product may have.
    pub(crate) fn pages(self) -> std::ops::RangeInclusive<usize> {
        match self {
            Product::Guide => 1..=6,
            Product::Handout => 1..=2,
            _ => 1..=1,
        }
    }

    /// Template file name in the theme's `print/` folder.
    pub fn template(self) -> String {
        format!("{}.typ", self.key())
    }

    /// Printed photo width as a share of the sheet's usable width (for the dpi check).
    pub(crate) fn photo_share(self, sheet: &Sheet) -> Option<f64> {
        match self {
            Product::WindowBoard => Some(1.0 / 8.0),
            Product::StaffBoard => Some(1.0 / 9.0),
            Product::StaffCard => Some(sheet.height_mm * 0.72 * 0.75 / sheet.width_mm),
            _ => None,
        }
    }
}
