//! Reading people lists: which files an input names, and each file's rows as typed cells with their
//! source and line, streamed one at a time.

pub(crate) mod columns;
pub(crate) mod csv;
pub(crate) mod sheet;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::error::{Error, Result};
use crate::region::{KecamatanCode, VillageCode};

use self::columns::{ColumnMap, Field};

/// One input file or folder, with what the config says about it.
#[derive(Debug, Clone)]
pub struct InputSpec {
    /// As the user wrote it; becomes `source` in the manifest.
    pub(crate) shown: String,
    /// Where to find it on disk.
    pub(crate) path: PathBuf,
    pub(crate) village: Option<VillageCode>,
    pub(crate) kecamatan: Option<KecamatanCode>,
    /// For a school's list (`[[school]] files`): the school's index in `Config::schools`.
    pub(crate) school: Option<usize>,
}

impl InputSpec {
    /// An input named on the command line: shown as typed, found from the working directory.
    pub fn from_cli(arg: &str) -> InputSpec {
        InputSpec {
            shown: arg.to_string(),
            path: PathBuf::from(arg),
            village: None,
            kecamatan: None,
            school: None,
        }
    }
}

/// One cell as read. Spreadsheet cells keep their type; CSV cells are always text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cell {
    Empty,
    Text(String),
    Number(f64),
    Date(NaiveDate),
}

/// One data row, before validation.
#[derive(Debug, Clone)]
pub(crate) struct RawRow {
    pub(crate) line: u64,
    pub(crate) cells: Vec<Cell>,
}

impl RawRow {
    pub(crate) fn cell(&self, columns: &ColumnMap, field: Field) -> &Cell {
        columns
            .get(field)
            .and_then(|i| self.cells.get(i))
            .unwrap_or(&Cell::Empty)
    }

    pub(crate) fn is_blank(&self) -> bool {
        self.cells.iter().all(|c| matches!(c, Cell::Empty))
    }
}

/// A file found for an input, with the input it came from.
#[derive(Debug, Clone)]
pub(crate) struct FileInput {
    /// Path as the user would recognise it: the config's (or command line's) spelling, joined with
    /// the file name for a folder.
    pub(crate) shown: String,
    pub(crate) path: PathBuf,
    pub(crate) spec: usize,
    pub(crate) kind: FileKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FileKind {
    Csv,
    Workbook,
}

impl FileKind {
    fn of(path: &Path) -> Option<FileKind> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "csv" | "txt" | "tsv" => Some(FileKind::Csv),
            "xlsx" | "xlsm" | "xlsb" | "xls" | "ods" => Some(FileKind::Workbook),
            _ => None,
        }
    }
}

/// What the expansion of inputs found, and what it passed over (and says so).
#[derive(Debug, Default)]
pub(crate) struct Expanded {
    pub(crate) files: Vec<FileInput>,
    pub(crate) skipped: Vec<String>,
}

/// Files named by the inputs: a folder means every CSV or spreadsheet in it, in name order.
pub(crate) fn expand(specs: &[InputSpec]) -> Result<Expanded> {
    let mut out = Expanded::default();
    for (i, spec) in specs.iter().enumerate() {
        let meta = std::fs::metadata(&spec.path).map_err(|e| Error::io("read", &spec.path, e))?;
        if meta.is_dir() {
            let mut entries: Vec<PathBuf> = std::fs::read_dir(&spec.path)
                .map_err(|e| Error::io("list", &spec.path, e))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file())
                .collect();
            entries.sort();
            for path in entries {
                let name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let shown = join_shown(&spec.shown, &name);
                // Hidden files and Excel's lock files (`~$people.xlsx`) are never lists.
                if name.starts_with('.') || name.starts_with("~$") {
                    continue;
                }
                match FileKind::of(&path) {
                    Some(kind) => out.files.push(FileInput {
                        shown,
                        path,
                        spec: i,
                        kind,
                    }),
                    None => out.skipped.push(t!("input-not-list", file = &shown)),
                }
            }
        } else {
            out.files.push(FileInput {
                shown: spec.shown.clone(),
                path: spec.path.clone(),
                spec: i,
                // A file named explicitly with another extension is read as CSV.
                kind: FileKind::of(&spec.path).unwrap_or(FileKind::Csv),
            });
        }
    }
    Ok(out)
}

fn join_shown(dir: &str, name: &str) -> String {
    if dir.ends_with('/') || dir.ends_with('\\') {
        format!("{dir}{name}")
    } else {
        format!("{dir}/{name}")
    }
}

/// One table of people: a CSV file or one sheet of a workbook.
pub(crate) struct Table {
    /// `source` in the manifest: the file as shown, with `!Sheet` for a workbook sheet.
    pub(crate) source: String,
    pub(crate) headers: Vec<String>,
    pub(crate) columns: ColumnMap,
    path: PathBuf,
    rows: TableRows,
}

enum TableRows {
    Csv(Box<csv::CsvTable>),
    Sheet(sheet::Sheet),
}

impl Table {
    pub(crate) fn next_row(&mut self) -> Result<Option<RawRow>> {
        let row = match &mut self.rows {
            TableRows::Csv(t) => t.next_row(&self.path)?,
            TableRows::Sheet(s) => s.next_row(),
        };
        Ok(row.map(|(line, cells)| RawRow { line, cells }))
    }

    /// What to call a field in a message: the header as written in this table, else the SIAK name.
    pub(crate) fn label(&self, field: Field) -> &str {
        self.columns
            .get(field)
            .and_then(|i| self.headers.get(i))
            .map_or(field.label(), String::as_str)
    }
}

/// A table that was opened but holds no list of people (a notes sheet, say); reported, not read.
pub(crate) struct Ignored {
    pub(crate) source: String,
    pub(crate) rows: usize,
}

/// Opens the tables of one file. A table without a NIK column, or without any way to tell the
/// village, is a user error: every one of its rows would be rejected for the same reason.
pub(crate) fn open(
    file: &FileInput,
    spec: &InputSpec,
    custom: &[(Field, String)],
) -> Result<(Vec<Table>, Vec<Ignored>)> {
    // A school's list need not say the village: SIAK does, for a student it has.
    let has_default_village = spec.village.is_some() || spec.school.is_some();
    match file.kind {
        FileKind::Csv => {
            let t = csv::CsvTable::open(&file.path)?;
            let columns = ColumnMap::from_headers(&t.headers, custom);
            check_columns(
                &file.shown,
                &t.headers,
                &columns,
                custom,
                has_default_village,
            )?;
            Ok((
                vec![Table {
                    source: file.shown.clone(),
                    headers: t.headers.clone(),
                    columns,
                    path: file.path.clone(),
                    rows: TableRows::Csv(Box::new(t)),
                }],
                Vec::new(),
            ))
        }
        FileKind::Workbook => {
            let sheets = sheet::open(&file.path, |texts| {
                ColumnMap::from_headers(texts, custom).has(Field::Nik)
            })?;
            let mut tables = Vec::new();
            let mut ignored = Vec::new();
            for mut s in sheets {
                let source = format!("{}!{}", file.shown, s.name);
                if !s.has_header() {
                    ignored.push(Ignored {
                        source,
                        rows: s.row_count(),
                    });
                    continue;
                }
                let headers = s.headers();
                let columns = ColumnMap::from_headers(&headers, custom);
                check_columns(&source, &headers, &columns, custom, has_default_village)?;
                if let Some(nik) = columns.get(Field::Nik) {
                    s.skip_second_header(nik);
                }
                tables.push(Table {
                    source,
                    headers,
                    columns,
                    path: file.path.clone(),
                    rows: TableRows::Sheet(s),
                });
            }
            if tables.is_empty() {
                return Err(Error::Input {
                    path: file.shown.clone(),
                    message: t!("input-no-nik-sheet"),
                    hint: t!("input-no-nik-sheet-hint"),
                });
            }
            Ok((tables, ignored))
        }
    }
}

fn check_columns(
    source: &str,
    headers: &[String],
    columns: &ColumnMap,
    custom: &[(Field, String)],
    has_default_village: bool,
) -> Result<()> {
    let found = || {
        let shown: Vec<String> = headers
            .iter()
            .filter(|h| !h.is_empty())
            .take(12)
            .map(|h| crate::text::cut(h, 40).into_owned())
            .collect();
        if shown.is_empty() {
            t!("input-no-headers")
        } else {
            crate::text::cut(&shown.join(", "), 300).into_owned()
        }
    };
    if !columns.has(Field::Nik) {
        return Err(Error::Input {
            path: source.into(),
            message: t!("input-no-nik", headers = found()),
            hint: t!("input-no-nik-hint"),
        });
    }
    if !columns.has(Field::BirthDate) {
        let mapped = custom
            .iter()
            .find(|(f, _)| *f == Field::BirthDate)
            .map(|(_, h)| {
                t!(
                    "input-birth-date-mapped",
                    header = crate::text::cut(h, 40).into_owned()
                )
            })
            .unwrap_or_default();
        return Err(Error::Input {
            path: source.into(),
            message: t!("input-no-birth-date", headers = found(), mapped = mapped),
            hint: t!("input-no-birth-date-hint"),
        });
    }
    if !columns.has_village() && !has_default_village {
        return Err(Error::Input {
            path: source.into(),
            message: t!("input-no-village", headers = found()),
            hint: t!("input-no-village-hint", source = source),
        });
    }
    Ok(())
}
