//! Files papila writes: owner-only (they hold personal data, UU 27/2022), and replaced atomically so a
//! killed run never leaves a half-written file where a whole one was.

use std::fs::{File, OpenOptions};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Creates a folder (and its parents) for output.
pub(crate) fn ensure_dir(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io("create the folder", dir, e))
}

fn private_options() -> OpenOptions {
    let mut o = OpenOptions::new();
    o.write(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    o
}

/// Creates a new owner-only file; fails if it exists.
pub(crate) fn create_new_private(path: &Path) -> Result<File> {
    private_options()
        .create_new(true)
        .open(path)
        .map_err(|e| Error::io("create", path, e))
}

/// Opens an owner-only file for writing, creating it if missing and keeping what it holds.
pub(crate) fn open_private(path: &Path) -> Result<File> {
    private_options()
        .create(true)
        .truncate(false)
        .open(path)
        .map_err(|e| Error::io("create", path, e))
}

/// Opens an owner-only file to append to, creating it if missing.
pub(crate) fn append_private(path: &Path) -> Result<File> {
    private_options()
        .append(true)
        .create(true)
        .open(path)
        .map_err(|e| Error::io("open", path, e))
}

/// Creates an owner-only file, replacing any file of that name.
pub(crate) fn create_private(path: &Path) -> Result<File> {
    private_options()
        .create(true)
        .truncate(true)
        .open(path)
        .map_err(|e| Error::io("create", path, e))
}

/// Writes a whole owner-only file, replacing any file of that name.
pub(crate) fn write_private(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut file = create_private(path)?;
    file.write_all(bytes)
        .map_err(|e| Error::io("write", path, e))
}

/// Reads a small text file papila takes whole (the config, a holidays file), refusing one larger
/// than `max` bytes: no such file is, and reading a huge one would only fill memory.
pub(crate) fn read_bounded(path: &Path, max: u64) -> std::io::Result<String> {
    use std::io::Read;
    let file = File::open(path)?;
    let mut text = String::new();
    file.take(max + 1).read_to_string(&mut text)?;
    if text.len() as u64 > max {
        return Err(std::io::Error::other(t!(
            "input-file-large",
            kib = max >> 10
        )));
    }
    Ok(text)
}

/// `path` with `suffix` added to its name: `papila.db` → `papila.db.send-lock`.
pub(crate) fn beside(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// One run at a time of a job that must not interleave with itself (two `send`s on one outbox, two
/// `plan`s writing one manifest, two `render`s into one folder): an OS file lock, released when the
/// process ends however it ends, so a killed run never leaves a stale lock.
pub(crate) struct Lock {
    _file: File,
}

impl Lock {
    /// Takes the lock file `path`, or says `busy` and what to do (`hint`) if another run holds it.
    pub(crate) fn take(path: &Path, busy: &str, hint: &str) -> Result<Lock> {
        let file = open_private(path)?;
        match file.try_lock() {
            Ok(()) => Ok(Lock { _file: file }),
            Err(std::fs::TryLockError::WouldBlock) => Err(Error::Blocked {
                message: format!("{busy} ({})", path.display()),
                hint: hint.into(),
            }),
            Err(std::fs::TryLockError::Error(e)) => Err(Error::io("lock", path, e)),
        }
    }
}

/// A file written under a temporary name and moved into place by `commit`; dropped uncommitted, it
/// is removed and the previous file stays.
pub(crate) struct AtomicFile {
    path: PathBuf,
    temp: PathBuf,
    writer: Option<BufWriter<File>>,
}

impl AtomicFile {
    pub(crate) fn create(path: &Path) -> Result<AtomicFile> {
        let mut name = path.file_name().unwrap_or_default().to_os_string();
        name.push(".partial");
        let temp = path.with_file_name(name);
        let file = private_options()
            .create(true)
            .truncate(true)
            .open(&temp)
            .map_err(|e| Error::io("create", &temp, e))?;
        Ok(AtomicFile {
            path: path.to_path_buf(),
            temp,
            writer: Some(BufWriter::with_capacity(1 << 16, file)),
        })
    }

    pub(crate) fn commit(mut self) -> Result<()> {
        let writer = self.writer.take().expect("committed once");
        let file = writer
            .into_inner()
            .map_err(|e| Error::io("write", &self.temp, e.into_error()))?;
        file.sync_all()
            .map_err(|e| Error::io("write", &self.temp, e))?;
        std::fs::rename(&self.temp, &self.path).map_err(|e| Error::io("replace", &self.path, e))
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.writer.as_mut().expect("not committed").write(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.writer.as_mut().expect("not committed").flush()
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if self.writer.is_some() {
            let _ = std::fs::remove_file(&self.temp);
        }
    }
}

/// A CSV file papila writes (manifest, capacity, messages): owner-only, atomic, header first, and
/// safe to open in Excel. With `create_with_xlsx` an `.xlsx` of the same rows is written beside it,
/// for staff to open without losing anything.
pub(crate) struct CsvFile {
    path: PathBuf,
    writer: csv::Writer<AtomicFile>,
    xlsx: Option<Xlsx>,
    /// Whether cells are made safe for spreadsheets (not for a file only papila reads back).
    safe: bool,
}

impl CsvFile {
    pub(crate) fn create(path: &Path, header: &[&str]) -> Result<CsvFile> {
        CsvFile::open(path, header, None, true)
    }

    /// The CSV, and the same table as `<name>.xlsx` beside it.
    pub(crate) fn create_with_xlsx(path: &Path, header: &[&str]) -> Result<CsvFile> {
        let xlsx = Xlsx::new(&path.with_extension("xlsx"), header.len())?;
        CsvFile::open(path, header, Some(xlsx), true)
    }

    /// A CSV only papila reads back (a manifest in the making): cells exactly as they are.
    pub(crate) fn create_internal(path: &Path, header: &[&str]) -> Result<CsvFile> {
        CsvFile::open(path, header, None, false)
    }

    fn open(path: &Path, header: &[&str], xlsx: Option<Xlsx>, safe: bool) -> Result<CsvFile> {
        let mut file = CsvFile {
            path: path.to_path_buf(),
            writer: csv::Writer::from_writer(AtomicFile::create(path)?),
            xlsx,
            safe,
        };
        file.row(header)?;
        Ok(file)
    }

    pub(crate) fn row<I, T>(&mut self, record: I) -> Result<()>
    where
        I: IntoIterator<Item = T>,
        T: AsRef<[u8]>,
    {
        let fields: Vec<T> = record.into_iter().collect();
        if let Some(xlsx) = &mut self.xlsx {
            xlsx.row(&fields)?;
        }
        let safe = self.safe;
        self.writer
            .write_record(fields.iter().map(|f| {
                let f = f.as_ref();
                if safe {
                    excel_safe(f)
                } else {
                    std::borrow::Cow::Borrowed(f)
                }
            }))
            .map_err(|e| csv_error(&self.path, e))
    }

    /// Moves the finished file (and its `.xlsx`) into place; until then the previous ones stay.
    pub(crate) fn commit(self) -> Result<()> {
        if let Some(xlsx) = self.xlsx {
            xlsx.commit()?;
        }
        self.writer
            .into_inner()
            .map_err(|e| Error::io("write", &self.path, e.into_error()))?
            .commit()
    }
}

/// A cell that Excel or LibreOffice would take for a formula (it starts with `= + - @`, a tab or a
/// carriage return: OWASP's list) gets a leading `'`, so it shows as the text it is. A name such as
/// `=HYPERLINK(…)` can then never run when staff open the file.
pub(crate) fn excel_safe(field: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    match field.first() {
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r') => {
            let mut quoted = Vec::with_capacity(field.len() + 1);
            quoted.push(b'\'');
            quoted.extend_from_slice(field);
            std::borrow::Cow::Owned(quoted)
        }
        _ => std::borrow::Cow::Borrowed(field),
    }
}

/// The longest text an Excel cell holds.
const XLSX_CELL_MAX: usize = 32_767;

/// An `.xlsx` table streamed row by row (rust_xlsxwriter's constant-memory sheet, so a district's
/// manifest is not held in memory): every cell a text cell, so a NIK, KK number or phone keeps all
/// its digits and nothing is ever a formula; the header bold and frozen, a filter on every column.
struct Xlsx {
    path: PathBuf,
    book: rust_xlsxwriter::Workbook,
    columns: usize,
    rows: u32,
    bold: rust_xlsxwriter::Format,
}

impl Xlsx {
    fn new(path: &Path, columns: usize) -> Result<Xlsx> {
        let mut book = rust_xlsxwriter::Workbook::new();
        let last_col = columns.saturating_sub(1) as u16;
        book.add_worksheet_with_constant_memory()
            .and_then(|s| s.set_freeze_panes(1, 0))
            .and_then(|s| s.set_column_range_width(0, last_col, 18))
            .map_err(|e| xlsx_error(path, e))?;
        Ok(Xlsx {
            path: path.to_path_buf(),
            book,
            columns,
            rows: 0,
            bold: rust_xlsxwriter::Format::new().set_bold(),
        })
    }

    fn row<T: AsRef<[u8]>>(&mut self, fields: &[T]) -> Result<()> {
        let sheet = self
            .book
            .worksheet_from_index(0)
            .map_err(|e| xlsx_error(&self.path, e))?;
        for (col, field) in fields.iter().enumerate() {
            let text = String::from_utf8_lossy(field.as_ref());
            let text = match text.char_indices().nth(XLSX_CELL_MAX) {
                Some((at, _)) => &text[..at],
                None => &text,
            };
            let written = if self.rows == 0 {
                sheet.write_string_with_format(0, col as u16, text, &self.bold)
            } else {
                sheet.write_string(self.rows, col as u16, text)
            };
            written.map_err(|e| xlsx_error(&self.path, e))?;
        }
        self.rows += 1;
        Ok(())
    }

    fn commit(mut self) -> Result<()> {
        let path = self.path.clone();
        let sheet = self
            .book
            .worksheet_from_index(0)
            .map_err(|e| xlsx_error(&path, e))?;
        let last_col = self.columns.saturating_sub(1) as u16;
        sheet
            .autofilter(0, 0, self.rows.saturating_sub(1).max(1), last_col)
            .map_err(|e| xlsx_error(&path, e))?;
        let mut file = AtomicFile::create(&path)?;
        self.book
            .save_to_writer(&mut file)
            .map_err(|e| xlsx_error(&path, e))?;
        file.commit()
    }
}

fn xlsx_error(path: &Path, e: rust_xlsxwriter::XlsxError) -> Error {
    Error::io("write", path, std::io::Error::other(e.to_string()))
}

fn csv_error(path: &Path, e: csv::Error) -> Error {
    let message = e.to_string();
    match e.into_kind() {
        csv::ErrorKind::Io(io) => Error::io("write", path, io),
        _ => Error::io("write", path, std::io::Error::other(message)),
    }
}
