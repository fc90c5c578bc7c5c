//! One row's fields, read and checked one rule each: problems reject the row, warnings are kept
//! with it. Messages name the column as the file calls it.

use chrono::{Datelike, NaiveDate};

use super::clean::clean;
use super::{Nik, Recording, Sex, cell_text, date, phone};
use crate::ingest::columns::Field;
use crate::ingest::{Cell, RawRow, Table};
use crate::text::{cut, cut_quotes};

/// The most characters a field may hold. SIAK's own columns are shorter (a name is at most 60
/// characters in its exports, an address 120); these leave room for other exports and refuse what
/// no person's data is — a pasted document, a runaway cell — before it reaches a letter.
fn limit(f: Field) -> usize {
    match f {
        Field::Nik | Field::NoKk | Field::Phone => 40,
        Field::Address => 200,
        Field::Email => 254,
        _ => 100,
    }
}

/// A row being checked, with what was found wrong so far.
pub(super) struct Row<'a> {
    table: &'a Table,
    row: &'a RawRow,
    pub(super) problems: Vec<String>,
    pub(super) warnings: Vec<String>,
    /// Fields already read (so a field read twice is reported once).
    read: Vec<Field>,
}

impl<'a> Row<'a> {
    pub(super) fn new(table: &'a Table, row: &'a RawRow) -> Row<'a> {
        Row {
            table,
            row,
            problems: Vec::new(),
            warnings: Vec::new(),
            read: Vec::new(),
        }
    }

    pub(super) fn cell(&self, f: Field) -> &'a Cell {
        self.row.cell(&self.table.columns, f)
    }

    /// Field `f` as clean text (`clean`): what was removed is warned of, and a value longer than
    /// the field's limit rejects the row, its quoted value cut to the limit.
    pub(super) fn text(&mut self, f: Field) -> String {
        let raw = cell_text(self.cell(f));
        let clean = clean(&raw);
        let first_read = !self.read.contains(&f);
        if first_read {
            self.read.push(f);
        }
        let length = clean.text.chars().count();
        if length > limit(f) {
            if first_read {
                self.problem(
                    f,
                    t!(
                        "row-too-long",
                        length = length,
                        max = limit(f),
                        value = cut(&clean.text, 40).into_owned()
                    ),
                );
            }
            return cut(&clean.text, limit(f)).into_owned();
        }
        if clean.removed > 0 && first_read {
            self.warn(f, t!("row-invisible-removed", count = clean.removed));
        }
        if clean.breaks > 0 && first_read {
            self.warn(f, t!("row-breaks", count = clean.breaks));
        }
        clean.text.into_owned()
    }

    /// A problem with field `f`: the row is rejected.
    pub(super) fn problem(&mut self, f: Field, message: String) {
        let message = cut_quotes(&message);
        self.problems
            .push(format!("{}: {message}", self.table.label(f)));
    }

    /// A warning about field `f`: the row is kept.
    fn warn(&mut self, f: Field, message: String) {
        let message = cut_quotes(&message);
        self.warnings
            .push(format!("{}: {message}", self.table.label(f)));
    }

    /// Values past the header's columns mean a delimiter inside an unquoted value.
    pub(super) fn check_width(&mut self) {
        let (cells, headers) = (&self.row.cells, self.table.headers.len());
        if cells.len() > headers && cells[headers..].iter().any(|c| *c != Cell::Empty) {
            self.problems
                .push(t!("row-too-wide", values = cells.len(), columns = headers));
        }
    }

    /// The NIK; one written in groups (`3301 0217 0807 0005`) is read with a warning.
    pub(super) fn nik(&mut self, nik_text: &str) -> Option<Nik> {
        let nik = match self.cell(Field::Nik) {
            Cell::Number(n) => match Nik::from_exact_number(*n) {
                Some(nik) => {
                    self.warn(
                        Field::Nik,
                        t!("row-nik-number-whole", nik = nik.to_string()),
                    );
                    Ok((nik, false))
                }
                None => Err(Nik::from_number_cell(*n)),
            },
            _ => Nik::read(nik_text),
        };
        match nik {
            Ok((nik, grouped)) => {
                if grouped {
                    self.warn(
                        Field::Nik,
                        t!("row-nik-grouped", value = nik_text, nik = nik.to_string()),
                    );
                }
                Some(nik)
            }
            Err(e) => {
                self.problem(Field::Nik, e.to_string());
                None
            }
        }
    }

    /// A real date, not after election day and not before 1900.
    pub(super) fn birth_date(&mut self, election_date: NaiveDate) -> Option<NaiveDate> {
        let birth_date = match self.cell(Field::BirthDate) {
            Cell::Date(d) => Ok(*d),
            Cell::Number(n) => Err(t!("row-date-number", value = n.to_string())),
            _ => date::parse_date(&self.text(Field::BirthDate)).map_err(|e| e.to_string()),
        };
        let problem = match birth_date {
            Ok(d) if d > election_date => {
                t!(
                    "row-born-after-election",
                    date = d.format("%d-%m-%Y").to_string()
                )
            }
            Ok(d) if d.year() < 1900 => {
                t!(
                    "row-born-before-1900",
                    date = d.format("%d-%m-%Y").to_string()
                )
            }
            Ok(d) => return Some(d),
            Err(e) => e,
        };
        self.problem(Field::BirthDate, problem);
        None
    }

    pub(super) fn sex(&mut self) -> Option<Sex> {
        match self
            .text(Field::Sex)
            .to_uppercase()
            .replace(['-', ' '], "")
            .as_str()
        {
            "" => None,
            "1" | "L" | "LAKILAKI" | "LAKI" | "PRIA" | "M" | "MALE" => Some(Sex::Male),
            "2" | "P" | "PEREMPUAN" | "WANITA" | "F" | "FEMALE" => Some(Sex::Female),
            other => {
                self.warn(Field::Sex, t!("row-sex", value = other));
                None
            }
        }
    }

    /// Is or was married (no minimum age applies), or not; `None` when unreadable.
    pub(super) fn ever_married(&mut self) -> Option<bool> {
        match self
            .text(Field::MaritalStatus)
            .to_uppercase()
            .replace(['-', '_'], " ")
            .trim()
        {
            "" | "1" | "BELUM KAWIN" | "BELUM MENIKAH" | "TIDAK KAWIN" => Some(false),
            "2"
            | "3"
            | "4"
            | "KAWIN"
            | "MENIKAH"
            | "SUDAH KAWIN"
            | "KAWIN TERCATAT"
            | "KAWIN BELUM TERCATAT"
            | "CERAI HIDUP"
            | "CERAI MATI"
            | "CERAI"
            | "JANDA"
            | "DUDA" => Some(true),
            other => {
                self.problem(Field::MaritalStatus, t!("row-marital", value = other));
                None
            }
        }
    }

    /// The row's own recording status; a failed recording and an unknown word are warned of.
    pub(super) fn recording(&mut self) -> Recording {
        let text = self.text(Field::RecordStatus);
        let recording = Recording::read(&text);
        match recording {
            Recording::Failed(name) => self.warn(
                Field::RecordStatus,
                t!("row-recording-failed", status = name),
            ),
            Recording::Unknown => self.warn(
                Field::RecordStatus,
                t!(
                    "row-recording-unknown",
                    value = text.trim(),
                    known = Recording::known()
                ),
            ),
            _ => {}
        }
        recording
    }

    /// The phone number in E.164, or a warning that no SMS will be sent.
    pub(super) fn phone(&mut self) -> Option<String> {
        let p = self.text(Field::Phone);
        if p.is_empty() {
            return None;
        }
        phone::normalize(&p)
            .map_err(|e| self.warn(Field::Phone, t!("row-no-sms", problem = e)))
            .ok()
    }

    pub(super) fn email(&mut self) -> Option<String> {
        let e = self.text(Field::Email);
        if e.is_empty() {
            None
        } else if is_plausible_email(&e) {
            Some(e)
        } else {
            self.warn(Field::Email, t!("row-email", value = &e));
            None
        }
    }

    /// The KK number, which groups siblings; a spreadsheet number has lost its digits.
    pub(super) fn no_kk(&mut self) -> Option<String> {
        let problem = match self.cell(Field::NoKk) {
            Cell::Empty => return None,
            Cell::Number(_) => t!("row-kk-number"),
            _ => {
                let kk = self.text(Field::NoKk).trim_start_matches('\'').to_string();
                if kk.len() == 16 && kk.bytes().all(|b| b.is_ascii_digit()) {
                    return Some(kk);
                }
                t!("row-kk", value = kk)
            }
        };
        self.warn(Field::NoKk, problem);
        None
    }

    /// What the NIK encodes (birth date, sex) against the columns that say it.
    pub(super) fn cross_check(&mut self, n: Nik, d: NaiveDate, sex: Option<Sex>) {
        let label = |f: Field| self.table.label(f).to_string();
        if !n.agrees_with(d) {
            let (dd, mm, yy) = n.birth_dmy();
            self.warnings.push(t!(
                "row-nik-birth-date",
                nik_date = format!("{dd:02}-{mm:02}-{yy:02}"),
                column = label(Field::BirthDate),
                date = d.format("%d-%m-%Y").to_string()
            ));
        }
        if let Some(s) = sex
            && s != n.sex()
        {
            self.warnings.push(t!(
                "row-nik-sex",
                nik_sex = sex_word(n.sex()),
                column = label(Field::Sex),
                sex = sex_word(s)
            ));
        }
    }
}

fn sex_word(s: Sex) -> &'static str {
    match s {
        Sex::Male => "LAKI-LAKI",
        Sex::Female => "PEREMPUAN",
    }
}

fn is_plausible_email(e: &str) -> bool {
    match e.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !e.contains(char::is_whitespace)
        }
        None => false,
    }
}
