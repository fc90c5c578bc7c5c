//! One raw row → a `Person`, or the list of what is wrong with it, field by field.
//!
//! Problems that make a row unusable (no valid NIK, no birth date, no village) reject it; problems that
//! do not (a NIK whose date disagrees with the birth-date column, an odd phone number) are warnings,
//! kept with the row. All problems of a row are collected, never just the first.

mod clean;
pub(crate) mod date;
pub(crate) mod nik;
pub(crate) mod phone;
mod recording;
mod row;
mod village;

use chrono::NaiveDate;

use crate::config::Config;
use crate::ingest::columns::Field;
use crate::ingest::{Cell, InputSpec, RawRow, Table};
use crate::region::{KabupatenCode, NameIndex, Regions, VillageCode};

use self::row::Row;

pub(crate) use self::nik::{Nik, Sex};
pub(crate) use self::recording::Recording;

/// A valid person record.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Person {
    pub(crate) nik: Nik,
    pub(crate) no_kk: Option<String>,
    pub(crate) name: String,
    pub(crate) birth_place: String,
    pub(crate) birth_date: NaiveDate,
    pub(crate) sex: Option<Sex>,
    /// Is or was married (kawin, cerai hidup, cerai mati): no minimum age applies.
    pub(crate) ever_married: bool,
    pub(crate) address: String,
    pub(crate) rt: String,
    pub(crate) rw: String,
    pub(crate) dusun: String,
    pub(crate) village: VillageCode,
    pub(crate) phone: Option<String>,
    pub(crate) email: Option<String>,
    /// What the row's own recording status column says.
    pub(crate) recording: Recording,
}

/// A row after validation: what the manifest shows, and the person if the row is usable.
#[derive(Debug, Clone)]
pub(crate) struct Checked {
    /// The NIK as read, trimmed.
    pub(crate) nik_text: String,
    pub(crate) name: String,
    pub(crate) village: Option<VillageCode>,
    pub(crate) person: Result<Person, Vec<String>>,
    pub(crate) warnings: Vec<String>,
    /// For a row of a school's list: what SIAK may complete.
    pub(crate) student: Option<Student>,
}

/// A school row's own facts (spec §11): enough to match it to SIAK by NIK, and to tell apart.
#[derive(Debug, Clone)]
pub(crate) struct Student {
    pub(crate) school: usize,
    /// The class (rombel), as written.
    pub(crate) class: String,
    /// The NIK, when it is a usable one.
    pub(crate) nik: Option<Nik>,
    pub(crate) birth_date: Option<NaiveDate>,
    /// Whether the row is usable but for its village.
    pub(crate) usable_but_village: bool,
}

/// Validates rows against the campaign: its region for village names, its election day for dates.
pub(crate) struct Validator {
    index: NameIndex,
    region: Vec<KabupatenCode>,
    election_date: NaiveDate,
}

impl Validator {
    pub(crate) fn new(config: &Config) -> Validator {
        Validator {
            index: Regions::get().index(&config.campaign.region),
            region: config.campaign.region.clone(),
            election_date: config.campaign.election_date,
        }
    }

    /// Every field of `row` read and checked, in the order of the manifest's reasons.
    pub(crate) fn check(&self, table: &Table, spec: &InputSpec, row: &RawRow) -> Checked {
        let mut r = Row::new(table, row);
        r.check_width();
        let nik_text = r.text(Field::Nik);
        let nik = r.nik(&nik_text);
        let name = r.text(Field::Name);
        if name.is_empty() {
            r.problem(Field::Name, t!("row-empty"));
        }
        let birth_date = r.birth_date(self.election_date);
        let sex = r.sex();
        let ever_married = r.ever_married();
        let recording = r.recording();
        let before = r.problems.len();
        let village = self.village(&mut r, spec);
        let no_village = match spec.school {
            Some(_) if village.is_none() => r.problems.split_off(before),
            _ => Vec::new(),
        };
        let phone = r.phone();
        let email = r.email();
        let no_kk = r.no_kk();
        if let (Some(n), Some(d)) = (nik, birth_date) {
            r.cross_check(n, d, sex);
        }
        let person = match (nik, birth_date, ever_married, village) {
            (Some(nik), Some(birth_date), Some(ever_married), Some(village))
                if r.problems.is_empty() =>
            {
                Ok(Person {
                    nik,
                    no_kk,
                    name: name.clone(),
                    birth_place: r.text(Field::BirthPlace),
                    birth_date,
                    sex,
                    ever_married,
                    address: placeholder_empty(r.text(Field::Address)),
                    rt: neighbourhood(&r.text(Field::Rt)),
                    rw: neighbourhood(&r.text(Field::Rw)),
                    dusun: placeholder_empty(r.text(Field::Dusun)),
                    village,
                    phone,
                    email,
                    recording,
                })
            }
            _ => Err(std::mem::take(&mut r.problems)),
        };
        let student = spec.school.map(|school| Student {
            school,
            class: r.text(Field::Class),
            nik,
            birth_date,
            usable_but_village: matches!(&person, Err(p) if p.is_empty()) && !no_village.is_empty(),
        });
        let person = match person {
            Err(p) if p.is_empty() => Err(no_village),
            other => other,
        };
        Checked {
            nik_text,
            name,
            village,
            person,
            warnings: r.warnings,
            student,
        }
    }
}

/// A cell as text: spreadsheet numbers without a spurious `.0`, dates day-first.
pub(crate) fn cell_text(c: &Cell) -> String {
    match c {
        Cell::Empty => String::new(),
        Cell::Text(s) => s.trim().to_string(),
        Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{n:.0}"),
        Cell::Number(n) => n.to_string(),
        Cell::Date(d) => d.format("%d-%m-%Y").to_string(),
    }
}

/// RT and RW as printed in Indonesia: three digits, `1` → `001`.
fn neighbourhood(s: &str) -> String {
    match s.parse::<u32>() {
        Ok(n) if s.len() <= 3 => format!("{n:03}"),
        _ => s.to_string(),
    }
}

/// SIAK fills an empty field with a placeholder (`-`, `--`, `.`): printed, it would read "Dusun -".
fn placeholder_empty(text: String) -> String {
    if !text.is_empty() && text.chars().all(|c| matches!(c, '-' | '.' | '_' | ' ')) {
        String::new()
    } else {
        text
    }
}

#[cfg(test)]
mod placeholder_tests {
    #[test]
    fn siak_placeholders_are_empty() {
        for p in ["-", "--", ".", " - "] {
            assert_eq!(super::placeholder_empty(p.into()), "", "{p:?}");
        }
        assert_eq!(super::placeholder_empty("KRAJAN".into()), "KRAJAN");
        assert_eq!(super::placeholder_empty("Jl. A - B".into()), "Jl. A - B");
    }
}
