//! The penalty score of ISO/IEC 18004 §7.8.3 by which an encoder picks one of the eight
//! masks, computed on whole lines of modules at once.
//!
//! Scored module by module, as the reference encoder does, the eight masks cost 16 µs each:
//! with one QR code per item page that was most of the time spent on QR codes. Here a line
//! is an integer ([`Line`]) and each rule is a handful of shifts, ANDs and popcounts. The
//! scores equal Project Nayuki's reference implementation (`qrcodegen`) exactly; the tests
//! hold them to a module-by-module port of it.

use std::ops::{BitAnd, BitOr, Not, Shl, Shr};

/// A line of modules as the bits of an unsigned integer, bit `i` the `i`-th module: `u64`
/// for symbols up to 48 modules wide (version 7, every page URL), which scores twice as fast
/// as `u128`, which the rest up to version 23 need.
pub(super) trait Line:
    Copy
    + PartialEq
    + BitAnd<Output = Self>
    + BitOr<Output = Self>
    + Not<Output = Self>
    + Shl<u32, Output = Self>
    + Shr<u32, Output = Self>
    + Into<u128>
{
    /// Bits in a line.
    const BITS: u32;
    /// No bit set.
    const ZERO: Self;
    /// Every bit set.
    const ONES: Self;
    /// Set bits.
    fn count(self) -> u32;
}

/// `Line` for an unsigned integer type.
macro_rules! line {
    ($t:ty) => {
        impl Line for $t {
            const BITS: u32 = <$t>::BITS;
            const ZERO: Self = 0;
            const ONES: Self = <$t>::MAX;
            fn count(self) -> u32 {
                self.count_ones()
            }
        }
    };
}

line!(u64);
line!(u128);

/// Whether a symbol `size` modules wide, with its border, fits lines of type `L`.
pub(super) fn fits<L: Line>(size: usize) -> bool {
    size + 2 * BORDER <= L::BITS as usize
}

/// Rule 1: a run of five modules of one colour, plus one for each further module.
const N1: u32 = 3;
/// Rule 2: a 2 × 2 block of one colour.
const N2: u32 = 3;
/// Rule 3: a 1:1:3:1:1 dark-light-dark-light-dark pattern with four light modules on a side.
const N3: u32 = 40;
/// Rule 4: each 5 % by which the share of dark modules strays from 50 %.
const N4: u32 = 10;

/// Penalty of a symbol `size` modules wide (21 to what [`fits`] lines of type `L`), given as
/// rows and as columns (bit `x` of `rows[y]` and bit `y` of `cols[x]` is module `(x, y)`,
/// set when dark).
pub(super) fn penalty<L: Line>(rows: &[L], cols: &[L], size: usize) -> u32 {
    debug_assert!(size >= 21 && fits::<L>(size));
    let width = L::ONES >> (L::BITS - size as u32);
    let mut score = 0;
    for &line in rows.iter().chain(cols) {
        score += runs_of_five(line, width) + N3 * finder_like(line, size);
    }
    for pair in rows.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let dark = a & b & a >> 1 & b >> 1;
        let light = !a & !b & !a >> 1 & !b >> 1 & width >> 1;
        score += N2 * (dark.count() + light.count());
    }
    let dark: u32 = rows.iter().map(|row| row.count()).sum();
    let total = (size * size) as u32;
    // The smallest k with (45 - 5k) % <= dark / total <= (55 + 5k) %.
    let k = (dark * 20).abs_diff(total * 10).div_ceil(total) - 1;
    score + N4 * k
}

/// Rule 1 on one line: a run of k ≥ 5 modules of one colour costs N1 + (k - 5), that is one
/// for each window of five inside it (k - 4) and N1 - 1 for the run.
fn runs_of_five<L: Line>(line: L, width: L) -> u32 {
    [line, !line & width]
        .into_iter()
        .map(|same| {
            let windows = same & same >> 1 & same >> 2 & same >> 3 & same >> 4;
            let starts = windows & !(windows << 1);
            windows.count() + (N1 - 1) * starts.count()
        })
        .sum()
}

/// Light modules of border padded on each side of a line for rule 3: the most a pattern
/// two modules wide looks beyond its core.
pub(super) const BORDER: usize = 8;

/// Rule 3 on one line: how many finder-like patterns it holds, the border outside the
/// symbol counting as light.
fn finder_like<L: Line>(line: L, size: usize) -> u32 {
    let six = line & line >> 1 & line >> 2 & line >> 3 & line >> 4 & line >> 5;
    if six & six >> 3 != L::ZERO {
        // A dark run of 9, 12 … may be the middle of a pattern three, four … modules wide:
        // follow the runs, as the reference does.
        return finder_like_by_runs(line.into(), size);
    }
    let dark = line << BORDER as u32;
    let light = !dark & L::ONES >> (L::BITS - (size + 2 * BORDER) as u32);
    let mut patterns = of_width::<L, 1>(dark, light);
    let exactly_six = six & !(line << 1) & !(line >> 6);
    if exactly_six != L::ZERO {
        patterns += of_width::<L, 2>(dark, light);
    }
    patterns
}

/// Rule 3 for patterns `N` modules wide, on a line padded with [`BORDER`] light modules on
/// each side: each test is a shift of the whole line.
fn of_width<L: Line, const N: i32>(dark: L, light: L) -> u32 {
    // Where bits j + from .. j + from + len of `line` are all set, for every j at once.
    let all = |line: L, from: i32, len: i32| {
        (from..from + len).fold(L::ONES, |acc, k| {
            acc & if k >= 0 {
                line >> k.unsigned_abs()
            } else {
                line << k.unsigned_abs()
            }
        })
    };
    let core = all(dark, 0, N)
        & all(light, N, N)
        & all(dark, 2 * N, 3 * N)
        & all(light, 5 * N, N)
        & all(dark, 6 * N, N);
    let light_after = core & all(light, 7 * N, 4 * N) & all(light, -N, N);
    let light_before = core & all(light, -4 * N, 4 * N) & all(light, 7 * N, N);
    light_after.count() + light_before.count()
}

/// Rule 3 on one line by its runs, the way the reference encoder counts: a pattern is
/// dark-light-dark-light-dark runs of n, n, 3n, n, n modules with at least 4n light modules
/// on one side and n on the other, the border outside the symbol counting as `size` light
/// modules.
fn finder_like_by_runs(line: u128, size: usize) -> u32 {
    // Lengths of the last seven runs, newest first.
    let mut history = [0usize; 7];
    let push = |history: &mut [usize; 7], mut length: usize| {
        if history[0] == 0 {
            length += size;
        }
        history.copy_within(0..6, 1);
        history[0] = length;
    };
    let count = |history: &[usize; 7]| {
        let n = history[1];
        let core =
            n > 0 && history[2] == n && history[3] == n * 3 && history[4] == n && history[5] == n;
        u32::from(core && history[0] >= n * 4 && history[6] >= n)
            + u32::from(core && history[6] >= n * 4 && history[0] >= n)
    };
    let mut patterns = 0;
    let mut dark = false;
    let mut run = 0;
    for x in 0..size {
        if (line >> x & 1 == 1) == dark {
            run += 1;
        } else {
            push(&mut history, run);
            if !dark {
                patterns += count(&history);
            }
            dark = !dark;
            run = 1;
        }
    }
    if dark {
        push(&mut history, run);
        run = 0;
    }
    push(&mut history, run + size);
    patterns + count(&history)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Project Nayuki's `get_penalty_score`, ported module by module: the oracle.
    fn reference(grid: &[bool], size: usize) -> u32 {
        let at = |x: usize, y: usize| grid[y * size + x];
        let mut score = 0;
        for transpose in [false, true] {
            for a in 0..size {
                let mut line = 0u128;
                for b in 0..size {
                    let dark = if transpose { at(a, b) } else { at(b, a) };
                    line |= u128::from(dark) << b;
                }
                // Rule 1, module by module.
                let mut colour = false;
                let mut run = 0;
                for b in 0..size {
                    let dark = line >> b & 1 == 1;
                    if dark == colour {
                        run += 1;
                        if run == 5 {
                            score += N1;
                        } else if run > 5 {
                            score += 1;
                        }
                    } else {
                        colour = dark;
                        run = 1;
                    }
                }
                score += N3 * finder_like_by_runs(line, size);
            }
        }
        for y in 0..size - 1 {
            for x in 0..size - 1 {
                let c = at(x, y);
                if c == at(x + 1, y) && c == at(x, y + 1) && c == at(x + 1, y + 1) {
                    score += N2;
                }
            }
        }
        let dark = grid.iter().filter(|&&d| d).count() as i64;
        let total = (size * size) as i64;
        let k = ((dark * 20 - total * 10).abs() + total - 1) / total - 1;
        score + N4 * k as u32
    }

    /// A small deterministic generator, so failures can be replayed.
    struct Random(u64);
    impl Random {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
    }

    fn lines(grid: &[bool], size: usize) -> (Vec<u128>, Vec<u128>) {
        let mut rows = vec![0u128; size];
        let mut cols = vec![0u128; size];
        for y in 0..size {
            for x in 0..size {
                if grid[y * size + x] {
                    rows[y] |= 1 << x;
                    cols[x] |= 1 << y;
                }
            }
        }
        (rows, cols)
    }

    #[test]
    fn equals_the_reference_on_random_and_patterned_symbols() {
        let mut random = Random(0x9E37_79B9_7F4A_7C15);
        let mut checked = 0;
        for version in 1..=23 {
            let size = version * 4 + 17;
            for round in 0..40 {
                // Sparse, dense and even grids; then finder-like patterns of width 1–4
                // planted on rows and columns, some touching the edge.
                let density = [2, 8, 14][round % 3];
                let mut grid: Vec<bool> = (0..size * size)
                    .map(|_| random.next() % 16 < density)
                    .collect();
                for _ in 0..round % 6 {
                    let n = 1 + (random.next() % 4) as usize;
                    if 11 * n > size {
                        continue;
                    }
                    let start = (random.next() as usize) % (size - 7 * n + 1);
                    let line = (random.next() as usize) % size;
                    let vertical = random.next().is_multiple_of(2);
                    let light_side = random.next() % 3;
                    for (i, dark) in [1, 0, 1, 1, 1, 0, 1].iter().enumerate() {
                        for k in 0..n {
                            let along = start + i * n + k;
                            let (x, y) = if vertical {
                                (line, along)
                            } else {
                                (along, line)
                            };
                            grid[y * size + x] = *dark == 1;
                        }
                    }
                    // Light before, after, or on both sides, as far as the symbol goes.
                    for k in 1..=4 * n {
                        for along in [start.checked_sub(k), Some(start + 7 * n + k - 1)] {
                            let Some(along) = along.filter(|&a| a < size) else {
                                continue;
                            };
                            let before = along < start;
                            if (light_side == 0 && !before) || (light_side == 1 && before) {
                                continue;
                            }
                            let (x, y) = if vertical {
                                (line, along)
                            } else {
                                (along, line)
                            };
                            grid[y * size + x] = false;
                        }
                    }
                }
                let (rows, cols) = lines(&grid, size);
                let expected = reference(&grid, size);
                assert_eq!(penalty(&rows, &cols, size), expected, "v{version} r{round}");
                if fits::<u64>(size) {
                    let narrow = |lines: &[u128]| -> Vec<u64> {
                        lines.iter().map(|&l| u64::try_from(l).unwrap()).collect()
                    };
                    let (rows, cols) = (narrow(&rows), narrow(&cols));
                    assert_eq!(penalty(&rows, &cols, size), expected, "v{version} r{round}");
                }
                checked += 1;
            }
        }
        assert_eq!(checked, 23 * 40);
    }

    /// Rule 3 by shifts, on lines of both types where they fit, against the run walk.
    fn check_finder_like(line: u128, size: usize) -> u32 {
        let expected = finder_like_by_runs(line, size);
        assert_eq!(finder_like(line, size), expected, "{line:0size$b}");
        if fits::<u64>(size) {
            let narrow = u64::try_from(line).unwrap();
            assert_eq!(finder_like(narrow, size), expected, "{line:0size$b}");
        }
        expected
    }

    #[test]
    fn patterns_by_shifts_equal_the_runs() {
        let mut random = Random(12345);
        for size in [21, 33, 45, 48, 57, 109, 112] {
            let width = u128::MAX >> (128 - size);
            for _ in 0..20_000 {
                let line = (u128::from(random.next()) << 64 | u128::from(random.next())) & width;
                // Biased towards light, where patterns with light borders appear.
                let line = line & (u128::from(random.next()) << 64 | u128::from(random.next()));
                check_finder_like(line, size);
            }
            // Patterns one and two modules wide at either edge, with the border as their
            // light side, and both widths in the middle.
            let one = 0b1011101u128;
            let two = 0b11001111110011u128;
            for line in [
                one,
                one << (size - 7),
                one << 4,
                two,
                two << (size - 14),
                two << 8,
                two << 8 | one << (size - 7),
                two << 3,
            ]
            .into_iter()
            .filter(|line| line & !width == 0)
            {
                assert!(check_finder_like(line, size) >= 1);
            }
        }
    }
}
