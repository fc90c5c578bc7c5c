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

/// A CSV file papila writes (manifest, capacity, messages): owner-only, atomic, header first.
pub(crate) struct CsvFile {
    path: PathBuf,
    writer: csv::Writer<AtomicFile>,
}

impl CsvFile {
    pub(crate) fn create(path: &Path, header: &[&str]) -> Result<CsvFile> {
        let mut file = CsvFile {
            path: path.to_path_buf(),
            writer: csv::Writer::from_writer(AtomicFile::create(path)?),
        };
        file.row(header)?;
        Ok(file)
    }

    pub(crate) fn row<I, T>(&mut self, record: I) -> Result<()>
    where
        I: IntoIterator<Item = T>,
        T: AsRef<[u8]>,
    {
        self.writer
            .write_record(record)
            .map_err(|e| csv_error(&self.path, e))
    }

    /// Moves the finished file into place; until then the previous one stays.
    pub(crate) fn commit(self) -> Result<()> {
        self.writer
            .into_inner()
            .map_err(|e| Error::io("write", &self.path, e.into_error()))?
            .commit()
    }
}

fn csv_error(path: &Path, e: csv::Error) -> Error {
    let message = e.to_string();
    match e.into_kind() {
        csv::ErrorKind::Io(io) => Error::io("write", path, io),
        _ => Error::io("write", path, std::io::Error::other(message)),
    }
}
