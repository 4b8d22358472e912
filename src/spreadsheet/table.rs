//! Reading a workbook into plain grids of cells: `.xlsx`, `.xls`, `.ods` through calamine,
//! `.csv` through the csv crate (UTF-8 with or without BOM, UTF-16 with BOM, or GBK/GB18030,
//! which is converted with a note). Nothing here knows what a column means.

use std::path::Path;

use calamine::{Data, Reader as _};

use crate::content::model::Date;
use crate::diag::{Diagnostic, Location};
use crate::msg;

/// Largest workbook we open: a real 实施清单 is a few MB; this stops a mistaken 2 GB file.
pub const MAX_WORKBOOK_BYTES: u64 = 200 * 1024 * 1024;

/// One cell's value as the spreadsheet stored it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Nothing in it.
    Empty,
    /// Text (CSV cells are always text).
    Text(String),
    /// A whole number.
    Int(i64),
    /// A number with a fraction (or a whole number stored as a float, as Excel does).
    Float(f64),
    /// TRUE / FALSE.
    Bool(bool),
    /// A date cell (an Excel serial date or an ODS date).
    Date(Date),
    /// An error value such as `#REF!`, kept for the report.
    Error(String),
}

impl Cell {
    /// The cell as text the way a person reads it: trimmed, `\r\n` made `\n`, whole floats
    /// without `.0`, booleans 是/否, dates YYYY-MM-DD. `None` for empty cells and errors.
    pub fn text(&self) -> Option<String> {
        let t = match self {
            Cell::Empty | Cell::Error(_) => return None,
            Cell::Text(s) => s.replace("\r\n", "\n").replace('\r', "\n"),
            Cell::Int(i) => i.to_string(),
            Cell::Float(f) => number_text(*f),
            Cell::Bool(b) => if *b { "是" } else { "否" }.to_string(),
            Cell::Date(d) => d.to_string(),
        };
        let t = t.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
        (!t.is_empty()).then(|| t.to_string())
    }

    /// True for a number cell whose value is too large to keep every digit (codes and phone
    /// numbers stored as numbers lose digits past 15).
    pub fn lost_digits(&self) -> bool {
        matches!(self, Cell::Float(f) if f.abs() >= 1e15)
    }

    /// True when the cell holds nothing worth reading.
    pub fn is_blank(&self) -> bool {
        self.text().is_none()
    }
}

/// A float as written by a person: `20` for 20.0, `0.5`, never an exponent for whole numbers.
pub fn number_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e21 {
        format!("{f:.0}")
    } else {
        f.to_string()
    }
}

/// One sheet: its name and its rows, from row 1 and column A (empty leading rows and columns
/// are kept empty, so positions are the spreadsheet's own).
#[derive(Debug, Clone)]
pub struct Sheet {
    /// The sheet's name (the file stem for a CSV file).
    pub name: String,
    /// Rows from the first; each row from column A.
    pub rows: Vec<Vec<Cell>>,
}

impl Sheet {
    /// The cell at 0-based `row`, `col`; empty outside the data.
    pub fn cell(&self, row: usize, col: usize) -> &Cell {
        static EMPTY: Cell = Cell::Empty;
        self.rows
            .get(row)
            .and_then(|r| r.get(col))
            .unwrap_or(&EMPTY)
    }
}

/// A workbook as read: its display name, sheets, and whether it is a CSV file.
#[derive(Debug, Clone)]
pub struct Workbook {
    /// The file name shown in messages (`清单.xlsx`).
    pub file: String,
    /// Sheets in workbook order (one for CSV).
    pub sheets: Vec<Sheet>,
    /// True for CSV (cell references then name no sheet).
    pub is_csv: bool,
    /// Notes about the reading itself (a converted encoding).
    pub notes: Vec<Diagnostic>,
}

impl Workbook {
    /// The reference of a cell for messages: `事项!F12` in a workbook, `F12` in a CSV file.
    pub fn cell_ref(&self, sheet: usize, row: usize, col: usize) -> String {
        let cell = format!("{}{}", column_name(col), row + 1);
        if self.is_csv {
            cell
        } else {
            let name = self.sheets.get(sheet).map_or("", |s| s.name.as_str());
            format!("{name}!{cell}")
        }
    }

    /// The diagnostic location of a cell: `清单.xlsx:事项!F12`.
    pub fn location(&self, sheet: usize, row: usize, col: usize) -> Location {
        Location::file(format!("{}:{}", self.file, self.cell_ref(sheet, row, col)))
    }

    /// The diagnostic location of a whole sheet (or the CSV file).
    pub fn sheet_location(&self, sheet: usize) -> Location {
        if self.is_csv {
            Location::file(self.file.clone())
        } else {
            let name = self.sheets.get(sheet).map_or("", |s| s.name.as_str());
            Location::file(format!("{}:{name}", self.file))
        }
    }
}

/// Excel's column letters for a 0-based index: 0 → A, 25 → Z, 26 → AA.
pub fn column_name(col: usize) -> String {
    let mut n = col + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        out.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// Reads a workbook or CSV file. `Err` is a usage problem: the file is missing, too large, of
/// an unknown kind, or not readable as what its extension says.
pub fn read(path: &Path) -> Result<Workbook, Diagnostic> {
    let file = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let unreadable = |e: String| {
        Diagnostic::error(
            "E060",
            Location::file(path.display().to_string()),
            msg!(
                "cannot read the workbook: {e}",
                "无法读取表格文件：{e}",
                "無法讀取表格檔案：{e}"
            ),
        )
    };
    let meta = std::fs::metadata(path).map_err(|e| unreadable(e.to_string()))?;
    if meta.len() > MAX_WORKBOOK_BYTES {
        return Err(unreadable(format!("{} MB is too large", meta.len() >> 20)));
    }
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "csv" | "txt" | "tsv" => {
            let bytes = std::fs::read(path).map_err(|e| unreadable(e.to_string()))?;
            read_csv(&bytes, file, path)
        }
        "xlsx" | "xlsm" | "xls" | "ods" | "xlsb" => {
            let mut book =
                calamine::open_workbook_auto(path).map_err(|e| unreadable(e.to_string()))?;
            let mut sheets = Vec::new();
            for name in book.sheet_names() {
                let range = book
                    .worksheet_range(&name)
                    .map_err(|e| unreadable(format!("{name}: {e}")))?;
                sheets.push(grid(name, &range));
            }
            Ok(Workbook {
                file,
                sheets,
                is_csv: false,
                notes: Vec::new(),
            })
        }
        _ => Err(Diagnostic::error(
            "E060",
            Location::file(path.display().to_string()),
            msg!(
                "`{file}` is not a spreadsheet gongshi reads",
                "“{file}”不是可导入的表格文件",
                "「{file}」不是可匯入的表格檔案"
            ),
        )
        .with_help(msg!(
            "use an .xlsx, .xls, .ods or .csv file",
            "请使用 .xlsx、.xls、.ods 或 .csv 文件",
            "請使用 .xlsx、.xls、.ods 或 .csv 檔案"
        ))),
    }
}

fn grid(name: String, range: &calamine::Range<Data>) -> Sheet {
    let Some((row0, col0)) = range.start() else {
        return Sheet {
            name,
            rows: Vec::new(),
        };
    };
    let (row0, col0) = (row0 as usize, col0 as usize);
    let mut rows = vec![Vec::new(); row0];
    for row in range.rows() {
        let mut cells = vec![Cell::Empty; col0];
        cells.extend(row.iter().map(cell));
        rows.push(cells);
    }
    Sheet { name, rows }
}

fn cell(data: &Data) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Int(i) => Cell::Int(*i),
        Data::Float(f) => Cell::Float(*f),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (year, month, day, ..) = dt.to_ymd_hms_milli();
            match (i16::try_from(year), i8::try_from(month), i8::try_from(day)) {
                (Ok(year), Ok(month), Ok(day)) => Cell::Date(Date { year, month, day }),
                _ => Cell::Float(dt.as_f64()),
            }
        }
        Data::DateTime(dt) => Cell::Float(dt.as_f64()),
        Data::DateTimeIso(s) => crate::content::reader::parse_date(s.get(..10).unwrap_or(s))
            .map_or_else(|| Cell::Text(s.clone()), Cell::Date),
        Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Error(format!("{e:?}")),
    }
}

/// Reads CSV bytes: the encoding is found (BOM, then UTF-8, then GB18030, which covers GBK),
/// the delimiter is a tab when the first line has more tabs than commas.
pub fn read_csv(bytes: &[u8], file: String, path: &Path) -> Result<Workbook, Diagnostic> {
    let mut notes = Vec::new();
    let text = match decode(bytes) {
        Decoded::Utf8(t) => t,
        Decoded::Converted(t, name) => {
            notes.push(
                Diagnostic::warning(
                    "W161",
                    Location::file(file.clone()),
                    msg!(
                        "the file is encoded in {name}, not UTF-8; it was converted",
                        "文件编码为 {name}（不是 UTF-8），已自动转换",
                        "檔案編碼為 {name}（不是 UTF-8），已自動轉換"
                    ),
                )
                .with_help(msg!(
                    "nothing to do; saving it as “CSV UTF-8” in Excel avoids the conversion",
                    "无需处理；在 Excel 中另存为“CSV UTF-8”可免去转换",
                    "無需處理；在 Excel 中另存為「CSV UTF-8」可免去轉換"
                )),
            );
            t
        }
        Decoded::Unknown => {
            return Err(Diagnostic::error(
                "E060",
                Location::file(path.display().to_string()),
                msg!(
                    "the file is neither UTF-8 nor GBK/GB18030 text",
                    "文件既不是 UTF-8 也不是 GBK/GB18030 编码的文本",
                    "檔案既不是 UTF-8 也不是 GBK/GB18030 編碼的文字"
                ),
            )
            .with_help(msg!(
                "open it in Excel and save it as “CSV UTF-8”, or import the .xlsx itself",
                "请用 Excel 打开并另存为“CSV UTF-8”，或直接导入 .xlsx 文件",
                "請用 Excel 開啟並另存為「CSV UTF-8」，或直接匯入 .xlsx 檔案"
            )));
        }
    };
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let delimiter = if first.matches('\t').count() > first.matches(',').count() {
        b'\t'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            Diagnostic::error(
                "E060",
                Location::file(path.display().to_string()),
                msg!(
                    "cannot read the CSV file: {e}",
                    "无法读取 CSV 文件：{e}",
                    "無法讀取 CSV 檔案：{e}"
                ),
            )
        })?;
        rows.push(
            record
                .iter()
                .map(|s| {
                    if s.trim().is_empty() {
                        Cell::Empty
                    } else {
                        Cell::Text(s.to_string())
                    }
                })
                .collect(),
        );
    }
    let name = Path::new(&file)
        .file_stem()
        .map_or_else(|| file.clone(), |s| s.to_string_lossy().into_owned());
    Ok(Workbook {
        file,
        sheets: vec![Sheet { name, rows }],
        is_csv: true,
        notes,
    })
}

enum Decoded {
    Utf8(String),
    Converted(String, &'static str),
    Unknown,
}

fn decode(bytes: &[u8]) -> Decoded {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom..]);
        return match (had_errors, encoding == encoding_rs::UTF_8) {
            (true, _) => Decoded::Unknown,
            (false, true) => Decoded::Utf8(text.into_owned()),
            (false, false) => Decoded::Converted(text.into_owned(), encoding.name()),
        };
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Decoded::Utf8(text.to_string());
    }
    let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
    if had_errors {
        Decoded::Unknown
    } else {
        Decoded::Converted(text.into_owned(), "GBK/GB18030")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(5), "F");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(701), "ZZ");
        assert_eq!(column_name(702), "AAA");
    }

    #[test]
    fn numbers_read_as_people_write_them() {
        assert_eq!(Cell::Float(20.0).text().as_deref(), Some("20"));
        assert_eq!(Cell::Float(0.5).text().as_deref(), Some("0.5"));
        assert_eq!(Cell::Int(12345).text().as_deref(), Some("12345"));
        assert_eq!(
            Cell::Text(" a\r\nb ".into()).text().as_deref(),
            Some("a\nb")
        );
        assert_eq!(Cell::Text("  ".into()).text(), None);
        assert!(Cell::Float(1.1e22).lost_digits());
    }

    #[test]
    fn gbk_is_converted_with_a_note() {
        let (bytes, _, _) = encoding_rs::GBK.encode("事项名称,事项编码\n户口迁入,A1\n");
        let book = read_csv(&bytes, "a.csv".into(), Path::new("a.csv")).expect("read");
        assert_eq!(book.notes.len(), 1);
        assert_eq!(
            book.sheets[0].cell(1, 0).text().as_deref(),
            Some("户口迁入")
        );
        let bom = [&[0xEF, 0xBB, 0xBF][..], "事项名称\n".as_bytes()].concat();
        let book = read_csv(&bom, "b.csv".into(), Path::new("b.csv")).expect("read");
        assert!(book.notes.is_empty());
        assert_eq!(
            book.sheets[0].cell(0, 0).text().as_deref(),
            Some("事项名称")
        );
    }
}
