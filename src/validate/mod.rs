//! One raw row → a `Person`, or the list of what is wrong with it, field by field.
//!
//! Problems that make a row unusable (no valid NIK, no birth date, no village) reject it; problems that
//! do not (a NIK whose date disagrees with the birth-date column, an odd phone number) are warnings,
//! kept with the row. All problems of a row are collected, never just the first.

pub(crate) mod date;
pub(crate) mod nik;
pub(crate) mod phone;

use chrono::{Datelike, NaiveDate};

use crate::config::Config;
use crate::ingest::InputSpec;
use crate::ingest::columns::Field;
use crate::ingest::{Cell, RawRow, Table};
use crate::region::{KabupatenCode, KecamatanCode, NameIndex, NameLookup, Regions, VillageCode};

pub(crate) use self::nik::{Nik, Sex};

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
    /// The row's own status column says the e-KTP is already recorded.
    pub(crate) recorded: bool,
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

    pub(crate) fn check(&self, table: &Table, spec: &InputSpec, row: &RawRow) -> Checked {
        let mut problems = Vec::new();
        let mut warnings = Vec::new();
        let cell = |f: Field| row.cell(&table.columns, f);
        let text = |f: Field| cell_text(cell(f));
        if row.cells.len() > table.headers.len()
            && row.cells[table.headers.len()..]
                .iter()
                .any(|c| *c != Cell::Empty)
        {
            problems.push(format!(
                "the row has {} values but the header has {} columns (is there a delimiter inside a value that is not quoted?)",
                row.cells.len(),
                table.headers.len()
            ));
        }

        let mut problem =
            |f: Field, msg: String| problems.push(format!("{}: {msg}", table.label(f)));

        let nik_text = text(Field::Nik);
        let nik = match cell(Field::Nik) {
            Cell::Number(n) => Err(Nik::from_number_cell(*n)),
            _ => Nik::parse(&nik_text),
        };
        let nik = nik.map_err(|e| problem(Field::Nik, e.to_string())).ok();

        let name = text(Field::Name);
        if name.is_empty() {
            problem(Field::Name, "is empty".into());
        }

        let birth_date = match cell(Field::BirthDate) {
            Cell::Date(d) => Ok(*d),
            Cell::Number(n) => Err(format!(
                "is a number ({n}), not a date; format the column as a date, or write DD-MM-YYYY"
            )),
            _ => date::parse_date(&text(Field::BirthDate)).map_err(|e| e.to_string()),
        };
        let birth_date = match birth_date {
            Ok(d) if d > self.election_date => {
                problem(
                    Field::BirthDate,
                    format!("{} is after election day", d.format("%d-%m-%Y")),
                );
                None
            }
            Ok(d) if d.year() < 1900 => {
                problem(
                    Field::BirthDate,
                    format!("{} is before 1900", d.format("%d-%m-%Y")),
                );
                None
            }
            Ok(d) => Some(d),
            Err(e) => {
                problem(Field::BirthDate, e);
                None
            }
        };

        let sex = match text(Field::Sex)
            .to_uppercase()
            .replace(['-', ' '], "")
            .as_str()
        {
            "" => None,
            "1" | "L" | "LAKILAKI" | "LAKI" | "PRIA" | "M" | "MALE" => Some(Sex::Male),
            "2" | "P" | "PEREMPUAN" | "WANITA" | "F" | "FEMALE" => Some(Sex::Female),
            other => {
                warnings.push(format!(
                    "{}: \"{other}\" is not 1/2, L/P or LAKI-LAKI/PEREMPUAN; ignored",
                    table.label(Field::Sex)
                ));
                None
            }
        };

        let ever_married = match text(Field::MaritalStatus)
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
                problem(
                    Field::MaritalStatus,
                    format!(
                        "\"{other}\" is not a marital status (1 BELUM KAWIN, 2 KAWIN, 3 CERAI HIDUP, 4 CERAI MATI)"
                    ),
                );
                None
            }
        };

        let recorded = match text(Field::RecordStatus)
            .to_uppercase()
            .replace(['-', '_'], " ")
            .trim()
        {
            "" => false,
            s if s.contains("BELUM") => false,
            s if s.starts_with("SUDAH")
                || [
                    "PRINT READY RECORD",
                    "CARD PRINTED",
                    "CARD ISSUED",
                    "CARD SHIPPED",
                    "RECORDED",
                    "REKAM",
                ]
                .contains(&s) =>
            {
                true
            }
            other => {
                warnings.push(format!(
                    "{}: \"{other}\" is not a known recording status (BELUM REKAM, SUDAH REKAM, PRINT READY RECORD, CARD PRINTED, CARD ISSUED); treated as not recorded",
                    table.label(Field::RecordStatus)
                ));
                false
            }
        };

        let village = self.village(table, spec, row, &mut problem);

        let phone = match text(Field::Phone) {
            p if p.is_empty() => None,
            p => match phone::normalize(&p) {
                Ok(e164) => Some(e164),
                Err(e) => {
                    warnings.push(format!(
                        "{}: {e}; no SMS will be sent",
                        table.label(Field::Phone)
                    ));
                    None
                }
            },
        };
        let email = match text(Field::Email) {
            e if e.is_empty() => None,
            e if is_plausible_email(&e) => Some(e),
            e => {
                warnings.push(format!(
                    "{}: \"{e}\" is not an email address; no email will be sent",
                    table.label(Field::Email)
                ));
                None
            }
        };
        let no_kk = match cell(Field::NoKk) {
            Cell::Empty => None,
            Cell::Number(_) => {
                warnings.push(format!(
                    "{}: stored as a number, so the spreadsheet destroyed it; siblings will not be grouped",
                    table.label(Field::NoKk)
                ));
                None
            }
            _ => {
                let kk = text(Field::NoKk).trim_start_matches('\'').to_string();
                if kk.len() == 16 && kk.bytes().all(|b| b.is_ascii_digit()) {
                    Some(kk)
                } else {
                    warnings.push(format!(
                        "{}: \"{kk}\" is not a 16-digit KK number; siblings will not be grouped",
                        table.label(Field::NoKk)
                    ));
                    None
                }
            }
        };

        if let (Some(n), Some(d)) = (nik, birth_date) {
            if !n.agrees_with(d) {
                let (dd, mm, yy) = n.birth_dmy();
                warnings.push(format!(
                    "NIK encodes birth date {dd:02}-{mm:02}-{yy:02} but {} says {}; age is taken from {}",
                    table.label(Field::BirthDate),
                    d.format("%d-%m-%Y"),
                    table.label(Field::BirthDate)
                ));
            }
            if let Some(s) = sex
                && s != n.sex()
            {
                warnings.push(format!(
                    "NIK encodes sex {} but {} says {}",
                    sex_word(n.sex()),
                    table.label(Field::Sex),
                    sex_word(s)
                ));
            }
        }

        let person = match (nik, birth_date, ever_married, village) {
            (Some(nik), Some(birth_date), Some(ever_married), Some(village))
                if problems.is_empty() =>
            {
                Ok(Person {
                    nik,
                    no_kk,
                    name: name.clone(),
                    birth_place: text(Field::BirthPlace),
                    birth_date,
                    sex,
                    ever_married,
                    address: text(Field::Address),
                    rt: neighbourhood(&text(Field::Rt)),
                    rw: neighbourhood(&text(Field::Rw)),
                    dusun: text(Field::Dusun),
                    village,
                    phone,
                    email,
                    recorded,
                })
            }
            _ => Err(problems),
        };
        Checked {
            nik_text,
            name,
            village,
            person,
            warnings,
        }
    }

    /// The village of a row, by code, by kecamatan and village numbers, or by names; never by a
    /// village name alone.
    fn village(
        &self,
        table: &Table,
        spec: &InputSpec,
        row: &RawRow,
        problem: &mut impl FnMut(Field, String),
    ) -> Option<VillageCode> {
        let regions = Regions::get();
        let text = |f: Field| cell_text(row.cell(&table.columns, f));

        let code = text(Field::VillageCode);
        if !code.is_empty() {
            return match VillageCode::parse(&code) {
                Some(v) if regions.village_name(v).is_some() => Some(v),
                Some(_) => {
                    problem(
                        Field::VillageCode,
                        format!("\"{code}\" is not a desa/kelurahan code in the Kemendagri list"),
                    );
                    None
                }
                None => {
                    problem(
                        Field::VillageCode,
                        format!("\"{code}\" is not a 10-digit village code like 33.01.02.2001"),
                    );
                    None
                }
            };
        }

        let (kec_no, kel_no) = (text(Field::KecamatanNo), text(Field::VillageNo));
        if !kel_no.is_empty() {
            let kab = match (text(Field::ProvinceNo), text(Field::KabupatenNo)) {
                (p, k) if !p.is_empty() && !k.is_empty() => p
                    .parse()
                    .ok()
                    .zip(k.parse().ok())
                    .map(|(p, k)| KabupatenCode::from_parts(p, k)),
                _ if self.region.len() == 1 => Some(self.region[0]),
                _ => None,
            };
            let kec = kec_no.parse::<u8>().ok();
            let kel = kel_no.parse::<u16>().ok().filter(|n| *n >= 1000);
            return match (kab, kec, kel) {
                (Some(kab), Some(kec), Some(kel)) => {
                    let v = VillageCode::from_parts(KecamatanCode::from_parts(kab, kec), kel);
                    if regions.village_name(v).is_some() {
                        Some(v)
                    } else {
                        problem(
                            Field::VillageNo,
                            format!(
                                "NO_KEC {kec_no} with NO_KEL {kel_no} is not a village of the Kemendagri list ({v})"
                            ),
                        );
                        None
                    }
                }
                (None, ..) => {
                    problem(Field::VillageNo, "add NO_PROP and NO_KAB columns, or set [campaign] region, to read NO_KEC and NO_KEL".into());
                    None
                }
                _ => {
                    problem(
                        Field::VillageNo,
                        format!(
                            "NO_KEC \"{kec_no}\" with NO_KEL \"{kel_no}\" are not kecamatan (2 digits) and village (4 digits) numbers"
                        ),
                    );
                    None
                }
            };
        }

        let name = text(Field::VillageName);
        if !name.is_empty() {
            let kec_name = text(Field::KecamatanName);
            let lookup = if !kec_name.is_empty() {
                self.index.village(&kec_name, &name)
            } else if let Some(kec) = spec.kecamatan {
                self.index.village_in(kec, &name)
            } else {
                let places = self.kecamatan_list(self.index.villages_named(&name));
                problem(
                    Field::VillageName,
                    if places.is_empty() {
                        format!(
                            "\"{name}\" is not a village of the campaign's region, and there is no kecamatan column to tell which is meant"
                        )
                    } else {
                        format!(
                            "\"{name}\" needs a kecamatan (village names repeat; \"{name}\" is in {places}): add a NAMA_KEC column or a KODE_DESA column"
                        )
                    },
                );
                return None;
            };
            return match lookup {
                NameLookup::Found(v) => Some(v),
                NameLookup::UnknownKecamatan => {
                    problem(
                        Field::KecamatanName,
                        format!("\"{kec_name}\" is not a kecamatan of the campaign's region"),
                    );
                    None
                }
                NameLookup::AmbiguousKecamatan(_) => {
                    problem(
                        Field::KecamatanName,
                        format!("\"{kec_name}\" names more than one kecamatan; use KODE_DESA"),
                    );
                    None
                }
                NameLookup::NotInKecamatan(elsewhere) => {
                    let kec = if kec_name.is_empty() {
                        spec.kecamatan
                            .and_then(|k| regions.kecamatan_name(k))
                            .unwrap_or("?")
                            .to_string()
                    } else {
                        kec_name
                    };
                    let hint = match self.kecamatan_list(&elsewhere) {
                        s if s.is_empty() => String::new(),
                        s => format!(" (it is in {s})"),
                    };
                    problem(
                        Field::VillageName,
                        format!("there is no village \"{name}\" in kecamatan {kec}{hint}"),
                    );
                    None
                }
            };
        }

        if let Some(v) = spec.village {
            return Some(v);
        }
        problem(
            Field::VillageCode,
            "is empty: the row says nothing of the village".into(),
        );
        None
    }

    fn kecamatan_list(&self, villages: &[VillageCode]) -> String {
        let regions = Regions::get();
        let names: Vec<&str> = villages
            .iter()
            .filter_map(|v| regions.kecamatan_name(v.kecamatan()))
            .collect();
        match names.as_slice() {
            [] => String::new(),
            [one] => format!("kecamatan {one}"),
            [init @ .., last] => format!("kecamatan {} and {last}", init.join(", ")),
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
