//! The one place that builds CSV readers: encoding (UTF-8 with or without BOM, else Windows-1252) and
//! delimiter (`,` `;` tab `|`) are detected, then rows stream one at a time.

use std::fs::File;
use std::io::{BufReader, Cursor, Read};
use std::path::Path;

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};
use encoding_rs_io::DecodeReaderBytesBuilder;

use crate::error::{Error, Result};

use super::Cell;

const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];

pub struct CsvTable {
    reader: csv::Reader<Box<dyn Read>>,
    record: csv::StringRecord,
    pub headers: Vec<String>,
    pub encoding: &'static Encoding,
    pub delimiter: u8,
}

impl CsvTable {
    pub fn open(path: &Path) -> Result<CsvTable> {
        let encoding = detect_encoding(path)?;
        let file = File::open(path).map_err(|e| Error::io("open", path, e))?;
        let mut decoded: Box<dyn Read> = Box::new(
            DecodeReaderBytesBuilder::new()
                .encoding(Some(encoding))
                .bom_override(true)
                .build(BufReader::with_capacity(1 << 16, file)),
        );
        // Read enough to see the whole header line, pick the delimiter from it, then hand csv the bytes
        // already read followed by the rest.
        let mut head = Vec::with_capacity(1 << 16);
        let mut chunk = [0u8; 8192];
        while !head.contains(&b'\n') && head.len() < (1 << 20) {
            let n = decoded
                .read(&mut chunk)
                .map_err(|e| Error::io("read", path, e))?;
            if n == 0 {
                break;
            }
            head.extend_from_slice(&chunk[..n]);
        }
        let delimiter = detect_delimiter(&head);
        let stream: Box<dyn Read> = Box::new(Cursor::new(head).chain(decoded));
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(true)
            .flexible(true)
            .from_reader(stream);
        let headers = reader
            .headers()
            .map_err(|e| csv_error(path, e))?
            .iter()
            .map(|h| h.trim().to_string())
            .collect();
        Ok(CsvTable {
            reader,
            record: csv::StringRecord::new(),
            headers,
            encoding,
            delimiter,
        })
    }

    /// The next record with its 1-based starting line, or `None` at the end.
    pub fn next_row(&mut self, path: &Path) -> Result<Option<(u64, Vec<Cell>)>> {
        let more = self
            .reader
            .read_record(&mut self.record)
            .map_err(|e| csv_error(path, e))?;
        if !more {
            return Ok(None);
        }
        let line = self.record.position().map_or(0, |p| p.line());
        let cells = self
            .record
            .iter()
            .map(|v| {
                if v.trim().is_empty() {
                    Cell::Empty
                } else {
                    Cell::Text(v.to_string())
                }
            })
            .collect();
        Ok(Some((line, cells)))
    }
}

fn csv_error(path: &Path, e: csv::Error) -> Error {
    match e.into_kind() {
        csv::ErrorKind::Io(io) => Error::io("read", path, io),
        other => Error::Input {
            path: path.display().to_string(),
            message: format!("is not a readable CSV file ({other:?})"),
            hint: "open it in a spreadsheet program and save it again as CSV".into(),
        },
    }
}

/// UTF-8 when the whole file is valid UTF-8 (with or without BOM), else Windows-1252, which is what
/// Excel in Indonesia writes. Reads the file once, in chunks, so memory stays flat.
fn detect_encoding(path: &Path) -> Result<&'static Encoding> {
    let mut file = File::open(path).map_err(|e| Error::io("open", path, e))?;
    let mut buf = vec![0u8; 1 << 16];
    let mut carry = 0usize;
    loop {
        let n = file
            .read(&mut buf[carry..])
            .map_err(|e| Error::io("read", path, e))?;
        let filled = carry + n;
        if n == 0 {
            // A truncated multi-byte sequence at the very end is not UTF-8.
            return Ok(if carry == 0 { UTF_8 } else { WINDOWS_1252 });
        }
        match std::str::from_utf8(&buf[..filled]) {
            Ok(_) => carry = 0,
            Err(e) if e.error_len().is_none() => {
                // An incomplete sequence at the chunk's end: keep it for the next read.
                let valid = e.valid_up_to();
                buf.copy_within(valid..filled, 0);
                carry = filled - valid;
            }
            Err(_) => return Ok(WINDOWS_1252),
        }
    }
}

/// The candidate that occurs most often outside quotes in the header line; `,` when none does.
fn detect_delimiter(head: &[u8]) -> u8 {
    let line_end = head.iter().position(|&b| b == b'\n').unwrap_or(head.len());
    let mut counts = [0usize; DELIMITERS.len()];
    let mut quoted = false;
    for &b in &head[..line_end] {
        if b == b'"' {
            quoted = !quoted;
        } else if !quoted && let Some(i) = DELIMITERS.iter().position(|&d| d == b) {
            counts[i] += 1;
        }
    }
    let (best, &count) = counts
        .iter()
        .enumerate()
        .max_by_key(|&(i, c)| (c, std::cmp::Reverse(i)))
        .unwrap_or((0, &0));
    if count == 0 { b',' } else { DELIMITERS[best] }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiter_is_the_most_frequent_outside_quotes() {
        assert_eq!(detect_delimiter(b"NIK;NAMA;\"A,B,C,D\"\n1;2;3"), b';');
        assert_eq!(detect_delimiter(b"NIK\tNAMA\tTGL\n"), b'\t');
        assert_eq!(detect_delimiter(b"NIK|NAMA\n"), b'|');
        assert_eq!(detect_delimiter(b"NIK,NAMA\n"), b',');
        assert_eq!(detect_delimiter(b"NIK\n"), b',');
    }
}
