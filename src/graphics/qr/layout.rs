//! What every QR symbol of one version shares: where its function patterns are, which data
//! modules each of the eight masks flips, and how its format information reads with each
//! mask. Choosing a mask then needs no drawing at all, only bit operations on whole lines.

use std::sync::OnceLock;

/// Largest symbol side, in modules, whose lines still fit in a `u128` with the border the
/// finder-pattern penalty looks at on each side: version 23 (109 modules).
pub(super) const MAX_FAST_SIZE: usize = 128 - 2 * super::penalty::BORDER;

/// Versions 1..=23, the ones whose sides are at most [`MAX_FAST_SIZE`].
const FAST_VERSIONS: usize = (MAX_FAST_SIZE - 17) / 4;

/// Level M in the format information (L = 01, M = 00, Q = 11, H = 10).
const LEVEL_M_FORMAT_BITS: u32 = 0b00;

/// A set of modules twice over: as rows (bit `x` of `rows[y]` is module `(x, y)`) and as
/// columns (bit `y` of `cols[x]`), because the penalty rules read a symbol both ways.
#[derive(Clone, PartialEq, Eq, Debug)]
pub(super) struct Lines {
    pub(super) rows: Vec<u128>,
    pub(super) cols: Vec<u128>,
}

impl Lines {
    /// No module set, in a symbol `size` modules wide.
    pub(super) fn empty(size: usize) -> Self {
        Lines {
            rows: vec![0; size],
            cols: vec![0; size],
        }
    }

    /// Sets module `(x, y)`.
    pub(super) fn set(&mut self, x: usize, y: usize) {
        self.rows[y] |= 1 << x;
        self.cols[x] |= 1 << y;
    }

    /// Whether module `(x, y)` is set.
    pub(super) fn get(&self, x: usize, y: usize) -> bool {
        self.rows[y] >> x & 1 == 1
    }
}

/// The masks and format modules of one version at level M.
pub(super) struct Layout {
    /// For each mask, the data modules it makes dark where they were light and back.
    pub(super) flips: [Lines; 8],
    /// For each mask, the format modules that are dark when the symbol carries it.
    pub(super) format: [Lines; 8],
    /// Every format module (both copies); the always-dark module beside them is not one.
    pub(super) format_area: Lines,
}

/// The layout of the symbols `size` modules wide, or `None` past [`MAX_FAST_SIZE`].
pub(super) fn for_size(size: usize) -> Option<&'static Layout> {
    static LAYOUTS: [OnceLock<Layout>; FAST_VERSIONS] = [const { OnceLock::new() }; FAST_VERSIONS];
    if !(21..=MAX_FAST_SIZE).contains(&size) || !(size - 17).is_multiple_of(4) {
        return None;
    }
    let version = (size - 17) / 4;
    Some(LAYOUTS[version - 1].get_or_init(|| Layout::new(version)))
}

impl Layout {
    /// The modules of `code`, drawn with mask 0, with the mask taken off again and the
    /// format modules cleared: what every mask is put on.
    pub(super) fn bare(&self, code: &qrcodegen::QrCode) -> Lines {
        let size = self.format_area.rows.len();
        let mut bare = Lines::empty(size);
        for y in 0..size {
            for x in 0..size {
                if code.get_module(x as i32, y as i32) {
                    bare.set(x, y);
                }
            }
        }
        let (flips, format) = (&self.flips[0], &self.format_area);
        let lines = [
            (&mut bare.rows, &flips.rows, &format.rows),
            (&mut bare.cols, &flips.cols, &format.cols),
        ];
        for (bare, flips, format) in lines {
            for ((line, flip), format) in bare.iter_mut().zip(flips).zip(format) {
                *line = (*line ^ flip) & !format;
            }
        }
        bare
    }

    /// `bare` with `mask` put on and its format information, into `out`.
    pub(super) fn mask(&self, bare: &Lines, mask: usize, out: &mut Lines) {
        let (flips, format) = (&self.flips[mask], &self.format[mask]);
        let lines = [
            (&mut out.rows, &bare.rows, &flips.rows, &format.rows),
            (&mut out.cols, &bare.cols, &flips.cols, &format.cols),
        ];
        for (out, bare, flips, format) in lines {
            for (((line, bare), flip), format) in out.iter_mut().zip(bare).zip(flips).zip(format) {
                *line = bare ^ flip | format;
            }
        }
    }

    fn new(version: usize) -> Self {
        let size = version * 4 + 17;
        let function = function_modules(version);
        let flips = std::array::from_fn(|mask| {
            let mut lines = Lines::empty(size);
            for y in 0..size {
                for x in 0..size {
                    if !function[y * size + x] && masks(mask, x, y) {
                        lines.set(x, y);
                    }
                }
            }
            lines
        });
        let mut format_area = Lines::empty(size);
        for (x, y) in format_positions(size) {
            format_area.set(x, y);
        }
        let format = std::array::from_fn(|mask| {
            let bits = format_bits(mask);
            let mut lines = Lines::empty(size);
            for (i, (x, y)) in format_positions(size).enumerate() {
                if bits >> (i % 15) & 1 == 1 {
                    lines.set(x, y);
                }
            }
            lines
        });
        Layout {
            flips,
            format,
            format_area,
        }
    }
}

/// Whether mask `mask` (0–7) flips module `(x, y)`, as ISO/IEC 18004 table 10 defines it.
pub(super) fn masks(mask: usize, x: usize, y: usize) -> bool {
    match mask {
        0 => (x + y).is_multiple_of(2),
        1 => y.is_multiple_of(2),
        2 => x.is_multiple_of(3),
        3 => (x + y).is_multiple_of(3),
        4 => (x / 3 + y / 2).is_multiple_of(2),
        5 => x * y % 2 + x * y % 3 == 0,
        6 => (x * y % 2 + x * y % 3).is_multiple_of(2),
        _ => ((x + y) % 2 + x * y % 3).is_multiple_of(2),
    }
}

/// The 15 format bits for level M and `mask`, BCH-protected and XOR-masked (bit 0 first).
fn format_bits(mask: usize) -> u32 {
    let data = LEVEL_M_FORMAT_BITS << 3 | mask as u32;
    let mut rem = data;
    for _ in 0..10 {
        rem = (rem << 1) ^ ((rem >> 9) * 0x537);
    }
    (data << 10 | rem) ^ 0x5412
}

/// The positions of format bits 0–14 of the first copy, then 0–14 of the second.
fn format_positions(size: usize) -> impl Iterator<Item = (usize, usize)> {
    let first = (0..6)
        .map(|i| (8, i))
        .chain([(8, 7), (8, 8), (7, 8)])
        .chain((9..15).map(|i| (14 - i, 8)));
    let second = (0..8)
        .map(move |i| (size - 1 - i, 8))
        .chain((8..15).map(move |i| (8, size - 15 + i)));
    first.chain(second)
}

/// Which modules of a symbol of `version` are function patterns (finders and their
/// separators, timing, alignment, format and version information, the dark module).
fn function_modules(version: usize) -> Vec<bool> {
    let size = version * 4 + 17;
    let mut function = vec![false; size * size];
    let mut mark = |x: usize, y: usize| function[y * size + x] = true;
    for i in 0..size {
        mark(6, i);
        mark(i, 6);
    }
    // Finders with their separators: 8 × 8 at three corners.
    for y in 0..8 {
        for x in 0..8 {
            mark(x, y);
            mark(size - 1 - x, y);
            mark(x, size - 1 - y);
        }
    }
    let centres = alignment_centres(version);
    let last = centres.len().saturating_sub(1);
    for (i, &cy) in centres.iter().enumerate() {
        for (j, &cx) in centres.iter().enumerate() {
            let on_finder = (i == 0 && (j == 0 || j == last)) || (i == last && j == 0);
            if !on_finder {
                for y in cy - 2..=cy + 2 {
                    for x in cx - 2..=cx + 2 {
                        mark(x, y);
                    }
                }
            }
        }
    }
    for (x, y) in format_positions(size) {
        mark(x, y);
    }
    mark(8, size - 8);
    if version >= 7 {
        for i in 0..18 {
            let (a, b) = (size - 11 + i % 3, i / 3);
            mark(a, b);
            mark(b, a);
        }
    }
    function
}

/// Centres of the alignment patterns on either axis, ascending (none for version 1).
fn alignment_centres(version: usize) -> Vec<usize> {
    if version == 1 {
        return Vec::new();
    }
    let size = version * 4 + 17;
    let count = version / 7 + 2;
    let step = if version == 32 {
        26
    } else {
        (version * 4 + count * 2 + 1) / (count * 2 - 2) * 2
    };
    let mut centres: Vec<usize> = (0..count - 1).map(|i| size - 7 - i * step).collect();
    centres.push(6);
    centres.reverse();
    centres
}
