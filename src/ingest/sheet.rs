//! Spreadsheet sheets (XLSX, XLSM, XLSB, XLS, ODS) through calamine, as tables of typed cells.
//!
//! Cells keep their type: a NIK stored as a number has already been destroyed by the spreadsheet, and
//! validation must be able to say so.

use std::path::Path;

use calamine::{Data, Reader, open_workbook_auto};
use chrono::NaiveDate;

use crate::error::{Error, Result};

use super::Cell;

/// How far down a sheet the header row is looked for: exports often carry a title block above it.
const HEADER_SEARCH_ROWS: usize = 10;

pub(crate) struct Sheet {
    pub(crate) name: String,
    range: calamine::Range<Data>,
    /// Index in `range` of the header row.
    header_at: usize,
    next: usize,
    /// 0-based sheet row of `range`'s first row.
    first_row: u32,
    first_col: u32,
}

impl Sheet {
    pub(crate) fn headers(&self) -> Vec<String> {
        let mut headers = vec![String::new(); self.first_col as usize];
        if let Some(row) = self.row(self.header_at) {
            headers.extend(row.map(|c| cell_text(c).trim().to_string()));
        }
        headers
    }

    /// The next data row with its 1-based sheet row number.
    pub(crate) fn next_row(&mut self) -> Option<(u64, Vec<Cell>)> {
        let index = self.next;
        let mut cells = vec![Cell::Empty; self.first_col as usize];
        cells.extend(self.row(index)?.map(to_cell));
        self.next += 1;
        Some((u64::from(self.first_row) + index as u64 + 1, cells))
    }
}

/// The largest spreadsheet file read: a district's list of 200,000 people is ~15 MB as .xlsx.
pub(crate) const MAX_FILE: u64 = 100 << 20;
/// The most a workbook's parts may inflate to: calamine reads a sheet whole, so a small file that
/// inflates to gigabytes (a zip bomb, or a sheet with a huge cell) is refused before it is read. A
/// list of 200,000 people (17 columns) inflates to about 150 MB.
pub(crate) const MAX_INFLATED: u64 = 256 << 20;

/// Refuses a spreadsheet too big to read safely, from its size and (for the zip-based formats:
/// xlsx, xlsm, xlsb, ods) its parts' sizes as its table of contents gives them.
fn check_size(path: &Path) -> Result<()> {
    let refuse = |message: String| Error::Input {
        path: path.display().to_string(),
        message,
        hint: t!("input-sheet-large-hint"),
    };
    let size = std::fs::metadata(path)
        .map_err(|e| Error::io("read", path, e))?
        .len();
    if size > MAX_FILE {
        return Err(refuse(t!(
            "input-sheet-large",
            mib = size >> 20,
            max = MAX_FILE >> 20
        )));
    }
    let file = std::fs::File::open(path).map_err(|e| Error::io("open", path, e))?;
    let Ok(mut archive) = zip::ZipArchive::new(std::io::BufReader::new(file)) else {
        return Ok(()); // an .xls (not a zip): its size above is the bound
    };
    let mut inflated: u64 = 0;
    for i in 0..archive.len() {
        if let Ok(entry) = archive.by_index_raw(i) {
            inflated = inflated.saturating_add(entry.size());
        }
    }
    if inflated > MAX_INFLATED {
        return Err(refuse(t!(
            "input-sheet-inflated",
            mib = inflated >> 20,
            kib = size >> 10,
            max = MAX_INFLATED >> 20
        )));
    }
    Ok(())
}

/// Opens every sheet of a workbook; `is_header` says whether a row (as text) is a header row.
pub(crate) fn open(path: &Path, is_header: impl Fn(&[String]) -> bool) -> Result<Vec<Sheet>> {
    check_size(path)?;
    let mut wb = open_workbook_auto(path).map_err(|e| Error::Input {
        path: path.display().to_string(),
        message: t!("input-sheet-unreadable", problem = e.to_string()),
        hint: t!("input-sheet-unreadable-hint"),
    })?;
    let mut sheets = Vec::new();
    for name in wb.sheet_names() {
        let range = wb.worksheet_range(&name).map_err(|e| Error::Input {
            path: format!("{}!{name}", path.display()),
            message: t!("input-sheet-bad", problem = e.to_string()),
            hint: t!("input-sheet-bad-hint"),
        })?;
        let Some((first_row, first_col)) = range.start() else {
            continue; // an empty sheet has no rows to account for
        };
        let header_at = range.rows().take(HEADER_SEARCH_ROWS).position(|row| {
            let mut texts = vec![String::new(); first_col as usize];
            texts.extend(row.iter().map(cell_text));
            is_header(&texts)
        });
        let header_at = header_at.unwrap_or(usize::MAX);
        sheets.push(Sheet {
            name,
            range,
            header_at,
            next: header_at.saturating_add(1),
            first_row,
            first_col,
        });
    }
    Ok(sheets)
}

impl Sheet {
    /// The cells of row `index` of the range, or `None` past the end. Indexed cell by cell: calamine's
    /// row iterator has no fast `nth`, and `rows().nth(i)` per row made reading a sheet quadratic.
    fn row(&self, index: usize) -> Option<impl Iterator<Item = &Data>> {
        (index < self.range.height()).then(|| {
            (0..self.range.width())
                .map(move |col| self.range.get((index, col)).unwrap_or(&Data::Empty))
        })
    }

    /// Passes over a second header row under the header (Dapodik's: `Nama`, `NIK`, … under the
    /// merged `Data Ayah`, `Data Ibu`, `Data Wali` groups): a row with nothing in the `key` column
    /// (the NIK's, as the top row maps it) and only words, no figures, in the rest. The columns
    /// stay the top row's, so the student's `Nama` and `NIK` are read, never a parent's.
    pub(crate) fn skip_second_header(&mut self, key: usize) {
        let Some(row) = self.row(self.next) else {
            return;
        };
        let cells: Vec<&Data> = row.collect();
        let at_key = key.checked_sub(self.first_col as usize);
        let key_empty =
            at_key.is_none_or(|k| cells.get(k).is_none_or(|c| matches!(c, Data::Empty)));
        let words: Vec<&str> = cells
            .iter()
            .filter_map(|c| match c {
                Data::Empty => None,
                Data::String(s) if s.trim().is_empty() => None,
                Data::String(s) => Some(s.as_str()),
                _ => Some("0"),
            })
            .collect();
        if key_empty
            && words.len() >= 2
            && words
                .iter()
                .all(|w| !w.contains(|c: char| c.is_ascii_digit()))
        {
            self.next += 1;
        }
    }

    /// Whether a header row was found in the first rows.
    pub(crate) fn has_header(&self) -> bool {
        self.header_at != usize::MAX
    }

    /// Rows that hold any value, for reporting an ignored sheet.
    pub(crate) fn row_count(&self) -> usize {
        self.range
            .rows()
            .filter(|r| r.iter().any(|c| !matches!(c, Data::Empty)))
            .count()
    }
}

fn cell_text(c: &Data) -> String {
    match c {
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

fn to_cell(c: &Data) -> Cell {
    match c {
        Data::Empty => Cell::Empty,
        Data::String(s) if s.trim().is_empty() => Cell::Empty,
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Text(if *b { "TRUE" } else { "FALSE" }.into()),
        Data::DateTime(dt) => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            match NaiveDate::from_ymd_opt(i32::from(y), u32::from(m), u32::from(d)) {
                Some(date) => Cell::Date(date),
                None => Cell::Number(dt.as_f64()),
            }
        }
        Data::Error(e) => Cell::Text(e.to_string()),
    }
}
