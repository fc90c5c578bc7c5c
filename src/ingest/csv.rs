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

pub(crate) struct CsvTable {
    reader: csv::Reader<Box<dyn Read>>,
    record: csv::StringRecord,
    pub(crate) headers: Vec<String>,
}

impl CsvTable {
    pub(crate) fn open(path: &Path) -> Result<CsvTable> {
        let encoding = detect_encoding(path)?;
        let file = File::open(path).map_err(|e| Error::io("open", path, e))?;
        let mut decoded: Box<dyn Read> = Box::new(LineLimit::new(LineEndings::new(
            DecodeReaderBytesBuilder::new()
                .encoding(Some(encoding))
                .bom_override(true)
                .build(BufReader::with_capacity(1 << 16, file)),
        )));
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
        })
    }

    /// The next record with its 1-based starting line, or `None` at the end.
    pub(crate) fn next_row(&mut self, path: &Path) -> Result<Option<(u64, Vec<Cell>)>> {
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
    let message = t!("input-csv-unreadable", problem = e.to_string());
    match e.into_kind() {
        csv::ErrorKind::Io(io) => Error::io("read", path, io),
        _ => Error::Input {
            path: path.display().to_string(),
            message,
            hint: t!("input-csv-unreadable-hint"),
        },
    }
}

/// The longest line a people list may have: a row of SIAK's columns is under 1 KB; 16 MiB leaves
/// room for anything real and stops a binary file or a runaway cell before it fills memory.
pub(crate) const MAX_LINE: usize = 16 << 20;

/// Refuses a line longer than `MAX_LINE` bytes with an error naming its line.
struct LineLimit<R> {
    inner: R,
    line: u64,
    since_newline: usize,
}

impl<R> LineLimit<R> {
    fn new(inner: R) -> LineLimit<R> {
        LineLimit {
            inner,
            line: 1,
            since_newline: 0,
        }
    }
}

impl<R: Read> Read for LineLimit<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        for &b in &buf[..n] {
            if b == b'\n' {
                self.line += 1;
                self.since_newline = 0;
            } else {
                self.since_newline += 1;
                if self.since_newline > MAX_LINE {
                    return Err(std::io::Error::other(t!(
                        "input-line-long",
                        line = self.line
                    )));
                }
            }
        }
        Ok(n)
    }
}

/// Turns `\r\n` and a lone `\r` (old Mac exports) into `\n`. csv counts a CRLF record's line before it
/// consumes the `\n`, which puts every line number after the first CRLF one too low; with `\n` only,
/// `line` is exact.
struct LineEndings<R> {
    inner: R,
    after_cr: bool,
}

impl<R: Read> LineEndings<R> {
    fn new(inner: R) -> Self {
        LineEndings {
            inner,
            after_cr: false,
        }
    }
}

impl<R: Read> Read for LineEndings<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        loop {
            let n = self.inner.read(buf)?;
            if n == 0 {
                return Ok(0);
            }
            let mut out = 0;
            for i in 0..n {
                let b = buf[i];
                if self.after_cr && b == b'\n' {
                    self.after_cr = false;
                    continue;
                }
                self.after_cr = b == b'\r';
                buf[out] = if self.after_cr { b'\n' } else { b };
                out += 1;
            }
            // A read that held only the `\n` of a CRLF yields nothing; read again rather than
            // signal the end of the file.
            if out > 0 {
                return Ok(out);
            }
        }
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
    fn line_endings_become_lf_across_reads() {
        // One byte at a time, so a CRLF is always split between two reads.
        struct Trickle<'a>(&'a [u8]);
        impl Read for Trickle<'_> {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                match self.0.split_first() {
                    Some((b, rest)) if !buf.is_empty() => {
                        buf[0] = *b;
                        self.0 = rest;
                        Ok(1)
                    }
                    _ => Ok(0),
                }
            }
        }
        let mut out = String::new();
        LineEndings::new(Trickle(b"a\r\nb\rc\n\r\nd"))
            .read_to_string(&mut out)
            .unwrap();
        assert_eq!(out, "a\nb\nc\n\nd");
    }

    #[test]
    fn delimiter_is_the_most_frequent_outside_quotes() {
        assert_eq!(detect_delimiter(b"NIK;NAMA;\"A,B,C,D\"\n1;2;3"), b';');
        assert_eq!(detect_delimiter(b"NIK\tNAMA\tTGL\n"), b'\t');
        assert_eq!(detect_delimiter(b"NIK|NAMA\n"), b'|');
        assert_eq!(detect_delimiter(b"NIK,NAMA\n"), b',');
        assert_eq!(detect_delimiter(b"NIK\n"), b',');
    }
}
