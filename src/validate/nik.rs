//! The NIK (Nomor Induk Kependudukan): its structure `PP KK CC DDMMYY SSSS` (PP 37/2007), the ways a
//! spreadsheet destroys it, and masking for print.
//!
//! There is no check digit; what can be checked is the province, the birth-date part (day + 40 for
//! women) and a serial from 0001. The region digits are where the NIK was first issued, not where the
//! person lives, so they are not compared with the address.

use std::fmt;

use chrono::{Datelike, NaiveDate};

use crate::region::Regions;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct Nik(u64);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Sex {
    Male,
    Female,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum NikError {
    Empty,
    /// `3.30101E+15`: a spreadsheet showed it in scientific notation and it was saved that way.
    Scientific(String),
    /// The cell is a number in the spreadsheet: only 15 digits survive.
    NumberCell(String),
    NotDigits(String),
    Length(String, usize),
    Province(String),
    BirthDate(String),
    /// Serial `0000`; `rounded` when the value looks like a spreadsheet's rounding of a real NIK.
    SerialZero(String),
}

impl fmt::Display for NikError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            NikError::Empty => t!("row-empty"),
            NikError::Scientific(v) => t!("row-nik-scientific", value = v),
            NikError::NumberCell(v) => t!("row-nik-number", value = v),
            NikError::NotDigits(v) => t!("row-nik-not-digits", value = v),
            NikError::Length(v, n) => t!("row-nik-length", value = v, digits = *n),
            NikError::Province(v) => t!("row-nik-province", value = v, province = &v[..2]),
            NikError::BirthDate(v) => t!("row-nik-birth", value = v, digits = &v[6..12]),
            NikError::SerialZero(v) => t!("row-nik-serial-zero", value = v),
        };
        f.write_str(&text)
    }
}

impl Nik {
    /// Parses a NIK written as text. A leading apostrophe (Excel's way of forcing text) and
    /// surrounding spaces are ignored.
    pub(crate) fn parse(text: &str) -> Result<Nik, NikError> {
        let t = text.trim().trim_start_matches('\'').trim();
        if t.is_empty() {
            return Err(NikError::Empty);
        }
        let upper = t.to_ascii_uppercase();
        if upper.contains("E+") || (upper.contains('E') && upper.contains('.')) {
            return Err(NikError::Scientific(t.into()));
        }
        if !t.bytes().all(|b| b.is_ascii_digit()) {
            return Err(NikError::NotDigits(t.into()));
        }
        if t.len() != 16 {
            return Err(NikError::Length(t.into(), t.len()));
        }
        let b = t.as_bytes();
        let two = |i: usize| u32::from(b[i] - b'0') * 10 + u32::from(b[i + 1] - b'0');
        if !Regions::get().province_exists(two(0) as u8) {
            return Err(NikError::Province(t.into()));
        }
        let nik = Nik(t.parse().map_err(|_| NikError::NotDigits(t.into()))?);
        if nik.birth_date_candidates().is_empty() {
            return Err(NikError::BirthDate(t.into()));
        }
        if &t[12..] == "0000" {
            return Err(NikError::SerialZero(t.into()));
        }
        Ok(nik)
    }

    /// Reads a NIK as people write it: `parse`, and also in groups as typed from the card (`3301
    /// 0217 0807 0005`, or with dots or dashes between the groups), which carry no meaning.
    /// Returns whether it was written in groups, for a warning.
    pub(crate) fn read(text: &str) -> Result<(Nik, bool), NikError> {
        let t = text.trim().trim_start_matches('\'').trim();
        match ungrouped(t) {
            Some(digits) => Nik::parse(&digits).map(|nik| (nik, true)),
            None => Nik::parse(text).map(|nik| (nik, false)),
        }
    }

    /// A NIK a spreadsheet stored as a number, when it has demonstrably kept all 16 digits: a whole
    /// number of 16 digits, exact in a double, whose last digit is not 0 (Excel zeroes the 16th
    /// digit; openpyxl and LibreOffice write the exact integer). Anything else is ambiguous.
    pub(crate) fn from_exact_number(value: f64) -> Option<Nik> {
        const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53: every integer below is exact
        if value.fract() != 0.0 || !(1e15..EXACT).contains(&value) {
            return None;
        }
        let n = value as u64;
        if n.is_multiple_of(10) {
            return None;
        }
        Nik::parse(&n.to_string()).ok()
    }

    /// A NIK cell that a spreadsheet stored as a number, not known to be whole: rejected.
    pub(crate) fn from_number_cell(value: f64) -> NikError {
        NikError::NumberCell(format!("{value:.0}"))
    }

    fn digits(self) -> [u8; 16] {
        let mut out = [0u8; 16];
        let mut n = self.0;
        for d in out.iter_mut().rev() {
            *d = (n % 10) as u8;
            n /= 10;
        }
        out
    }

    fn part(self, at: usize) -> u32 {
        let d = self.digits();
        u32::from(d[at]) * 10 + u32::from(d[at + 1])
    }

    pub(crate) fn sex(self) -> Sex {
        if self.part(6) > 40 {
            Sex::Female
        } else {
            Sex::Male
        }
    }

    /// (day, month, two-digit year) as encoded, with the +40 for women taken off.
    pub(crate) fn birth_dmy(self) -> (u32, u32, u32) {
        let day = self.part(6);
        let day = if day > 40 { day - 40 } else { day };
        (day, self.part(8), self.part(10))
    }

    /// The real dates the DDMMYY part can stand for, in the 1900s and the 2000s.
    pub(crate) fn birth_date_candidates(self) -> Vec<NaiveDate> {
        let (d, m, y) = self.birth_dmy();
        [1900, 2000]
            .iter()
            .filter_map(|c| NaiveDate::from_ymd_opt(c + y as i32, m, d))
            .collect()
    }

    /// Whether the NIK's encoded date agrees with a birth date.
    pub(crate) fn agrees_with(self, date: NaiveDate) -> bool {
        let (d, m, y) = self.birth_dmy();
        date.day() == d && date.month() == m && (date.year() % 100) as u32 == y
    }

    /// `3301********0003`: the NIK as letters and envelopes may show it (UU 24/2013 Pasal 84),
    /// as long as a NIK: the eight middle digits hidden, one star each.
    pub(crate) fn masked(self) -> String {
        let s = self.to_string();
        format!("{}********{}", &s[..4], &s[12..])
    }

    pub(crate) fn value(self) -> u64 {
        self.0
    }
}

/// A NIK held as text (the ledger's), masked for a letter or a page: never whole, even when it
/// is not a valid NIK (then all stars).
pub(crate) fn masked_text(nik: &str) -> String {
    Nik::parse(nik)
        .map(|n| n.masked())
        .unwrap_or_else(|_| "*".repeat(16))
}

/// Only the last four digits of a NIK held as text (`************0003`): what a station's search
/// shows, so that guessing names and birth dates never spells out a NIK.
pub(crate) fn last_four(nik: &str) -> String {
    let digits: Vec<char> = nik.chars().filter(char::is_ascii_digit).collect();
    match digits.len() {
        16 => format!(
            "{}{}",
            "*".repeat(12),
            digits[12..].iter().collect::<String>()
        ),
        _ => "*".repeat(16),
    }
}

impl fmt::Display for Nik {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:016}", self.0)
    }
}

/// The digits of `t` when it is digit groups joined by spaces, dots or dashes (`3301 0217 0807
/// 0005`); `None` for anything else, plain digits included.
fn ungrouped(t: &str) -> Option<String> {
    let separator = |c: char| c == ' ' || c == '.' || c == '-';
    let groups: Vec<&str> = t.split(separator).filter(|g| !g.is_empty()).collect();
    let well_formed = groups.len() > 1
        && t.starts_with(|c: char| c.is_ascii_digit())
        && t.ends_with(|c: char| c.is_ascii_digit())
        && t.chars().all(|c| c.is_ascii_digit() || separator(c))
        // One kind of separator between groups, as a person writes them.
        && t.chars().filter(|&c| separator(c) && c != ' ').collect::<std::collections::BTreeSet<_>>().len() <= 1;
    well_formed.then(|| groups.concat())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn public_test_vectors() {
        let male = Nik::parse("3171011708450001").unwrap();
        assert_eq!(male.sex(), Sex::Male);
        assert!(male.agrees_with(date(1945, 8, 17)));

        let female = Nik::parse("3171015708450001").unwrap();
        assert_eq!(female.sex(), Sex::Female);
        assert!(female.agrees_with(date(1945, 8, 17)));

        let f97 = Nik::parse("3204114609970004").unwrap();
        assert_eq!(f97.sex(), Sex::Female);
        assert!(f97.agrees_with(date(1997, 9, 6)));

        assert!(matches!(
            Nik::parse("3171013002001234"),
            Err(NikError::BirthDate(_))
        ));
        assert!(matches!(
            Nik::parse("9971011708450001"),
            Err(NikError::Province(_))
        ));
        assert!(matches!(
            Nik::parse("317101170845000"),
            Err(NikError::Length(_, 15))
        ));
        assert!(matches!(Nik::parse("12345"), Err(NikError::Length(_, 5))));
    }

    #[test]
    fn spreadsheet_damage_is_named() {
        assert!(matches!(
            Nik::parse("3.30101E+15"),
            Err(NikError::Scientific(_))
        ));
        assert!(matches!(
            Nik::parse("3,30101E+15"),
            Err(NikError::Scientific(_))
        ));
        assert!(matches!(
            Nik::parse("3301011708070000"),
            Err(NikError::SerialZero(_))
        ));
        let msg = Nik::parse("3.30101E+15").unwrap_err().to_string();
        assert!(msg.contains("spreadsheet") && msg.contains("Text"), "{msg}");
        assert!(
            Nik::from_number_cell(3301011708070000.0)
                .to_string()
                .contains("its last digit may be lost")
        );
    }

    #[test]
    fn excel_text_apostrophe_and_spaces_are_ignored() {
        assert_eq!(
            Nik::parse(" '3301011708070003 ").unwrap().to_string(),
            "3301011708070003"
        );
        assert!(matches!(
            Nik::parse("3301-0117-0807-0003"),
            Err(NikError::NotDigits(_))
        ));
        assert!(matches!(Nik::parse(""), Err(NikError::Empty)));
    }

    #[test]
    fn leap_day_in_either_century() {
        // 29 Feb 00 is real in 2000 (not in 1900): valid.
        assert!(Nik::parse("3301012902000001").is_ok());
        // 29 Feb 01 is never real.
        assert!(Nik::parse("3301012902010001").is_err());
    }

    #[test]
    fn masking_keeps_region_prefix_and_serial_only() {
        let n = Nik::parse("3301011708070003").unwrap();
        assert_eq!(n.masked(), "3301********0003");
        assert_eq!(n.masked().chars().count(), 16);
        assert!(!n.masked().contains("170807"));
    }

    #[test]
    fn a_nik_in_groups_is_read_and_said_so() {
        let plain = Nik::parse("3301021708070005").unwrap();
        for grouped in [
            "3301 0217 0807 0005",
            "33 01 02 170807 0005",
            "3301.0217.0807.0005",
            "3301-0217-0807-0005",
            "'3301 0217 0807 0005",
            "  3301  0217 0807 0005 ",
        ] {
            assert_eq!(Nik::read(grouped), Ok((plain, true)), "{grouped:?}");
        }
        assert_eq!(Nik::read("3301021708070005"), Ok((plain, false)));
        assert_eq!(Nik::read("'3301021708070005"), Ok((plain, false)));
        // Groups of the wrong length, letters, or a spreadsheet's number stay errors.
        assert!(matches!(
            Nik::read("3301 0217 0807 005"),
            Err(NikError::Length(_, 15))
        ));
        assert!(matches!(
            Nik::read("3301 O217 0807 0005"),
            Err(NikError::NotDigits(_))
        ));
        assert!(matches!(
            Nik::read("3.30102E+15"),
            Err(NikError::Scientific(_))
        ));
        assert!(matches!(
            Nik::read("3301.0217-0807.0005"),
            Err(NikError::NotDigits(_))
        ));
    }

    #[test]
    fn a_number_with_all_16_digits_is_a_nik_and_a_rounded_one_is_not() {
        assert_eq!(
            Nik::from_exact_number(3301021708070003.0),
            Some(Nik::parse("3301021708070003").unwrap())
        );
        // Excel's rounding zeroes the 16th digit: which NIK it was is lost.
        assert_eq!(Nik::from_exact_number(3301021708070010.0), None);
        assert_eq!(Nik::from_exact_number(330102170807003.0), None);
        assert_eq!(Nik::from_exact_number(3301021708070003.5), None);
        // Beyond 2^53 a double is not exact.
        assert_eq!(Nik::from_exact_number(9401021708070003.0), None);
    }
}
