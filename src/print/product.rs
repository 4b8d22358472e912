//! What each print product prints on: its default sheet, how many pages a sheet of it may
//! have, its template and what the print shop is asked for by default. The product list
//! itself is a word of site.yaml, owned by [`crate::content::Product`].

pub use crate::content::Product;

/// The most sheets one board may continue on ("1/N"): a window with a few hundred items,
/// or a center's staff on A1 sheets, still fits; more means a sheet far too small.
pub const MAX_BOARD_SHEETS: usize = 24;

/// What each product prints on.
impl Product {
    /// The sheet used when site.yaml names none.
    pub fn default_sheet(self) -> &'static str {
        match self {
            Product::WindowBoard => "600x900mm",
            Product::Guide | Product::FlowPoster => "A3",
            Product::Handout | Product::EvaluationPlacard => "A4",
            Product::StaffCard => "200x100mm",
            Product::WindowSign => "500x250mm",
            Product::StaffBoard | Product::FeeBoard => "A1",
        }
    }

    /// How many pages a sheet of this product may have. Boards continue on more sheets
    /// under a repeated header; cards, signs, placards and posters are one sheet.
    pub(crate) fn pages(self) -> std::ops::RangeInclusive<usize> {
        match self {
            Product::Guide => 1..=6,
            Product::Handout => 1..=2,
            Product::WindowBoard | Product::StaffBoard | Product::FeeBoard => 1..=MAX_BOARD_SHEETS,
            _ => 1..=1,
        }
    }

    /// How long a sheet of this product takes to lay out, by rank: boards search for the
    /// type scale that fills their sheet (several trial layouts each), and the center-wide
    /// ones lay out every window's staff or fees. A print run starts the costliest first, so
    /// it does not end waiting on one board while the other cores idle.
    pub(crate) fn layout_cost(self) -> u8 {
        match self {
            Product::StaffBoard | Product::FeeBoard => 2,
            Product::WindowBoard => 1,
            _ => 0,
        }
    }

    /// Template file name in the theme's `print/` folder.
    pub fn template(self) -> String {
        format!("{}.typ", self.key())
    }

    /// Copies of each sheet the print shop is asked for when site.yaml says nothing: one of
    /// every board, sign and card, a stock of handouts for the counter.
    pub fn default_quantity(self) -> u32 {
        match self {
            Product::Handout => 200,
            Product::Guide => 2,
            _ => 1,
        }
    }

    /// The label keys (theme i18n) of the default material and finish, so the print order
    /// speaks the site language: `order_material_window_board`, `order_finish_window_board`.
    pub fn default_order_labels(self) -> (String, String) {
        (
            format!("order_material_{}", self.key()),
            format!("order_finish_{}", self.key()),
        )
    }
}
