//! Birth dates as exports write them: ISO, day-first with `-` `/` `.`, and Indonesian (or English)
//! month names. Always day-first; an impossible date is an error, never a guess.

use chrono::NaiveDate;

const MONTHS: &[(&str, u32)] = &[
    ("JANUARI", 1),
    ("JANUARY", 1),
    ("JAN", 1),
    ("FEBRUARI", 2),
    ("FEBRUARY", 2),
    ("FEB", 2),
    ("PEBRUARI", 2),
    ("MARET", 3),
    ("MARCH", 3),
    ("MAR", 3),
    ("APRIL", 4),
    ("APR", 4),
    ("MEI", 5),
    ("MAY", 5),
    ("JUNI", 6),
    ("JUNE", 6),
    ("JUN", 6),
    ("JULI", 7),
    ("JULY", 7),
    ("JUL", 7),
    ("AGUSTUS", 8),
    ("AUGUST", 8),
    ("AGU", 8),
    ("AGT", 8),
    ("AGS", 8),
    ("AUG", 8),
    ("SEPTEMBER", 9),
    ("SEP", 9),
    ("OKTOBER", 10),
    ("OCTOBER", 10),
    ("OKT", 10),
    ("NOVEMBER", 11),
    ("NOV", 11),
    ("DESEMBER", 12),
];

fn month_number(word: &str) -> Option<u32> {
    let w = word.to_uppercase();
    match w.as_str() {
        "OCT" => return Some(10),
        "DES" | "DEC" | "DECEMBER" | "DESEMBER" => return Some(12),
        "SEPT" => return Some(9),
        _ => {}
    }
    MONTHS.iter().find(|(name, _)| *name == w).map(|&(_, n)| n)
}

/// Why a date did not parse, written for the manifest's `reason`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum DateError {
    Empty,
    /// Looks like a date, but the day does not exist (`31-02-2007`).
    Impossible(String),
    /// Not a date day first, but one month first: (as written, the date written day first).
    MonthFirst(String, String),
    /// A two-digit year cannot be placed in a century safely.
    ShortYear(String),
    Unreadable(String),
}

impl std::fmt::Display for DateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DateError::Empty => f.write_str(&t!("row-empty")),
            DateError::Impossible(v) => f.write_str(&t!("row-date-impossible", value = v)),
            DateError::MonthFirst(v, day_first) => f.write_str(&t!(
                "row-date-month-first",
                value = v,
                day_first = day_first
            )),
            DateError::ShortYear(v) => f.write_str(&t!("row-date-short-year", value = v)),
            DateError::Unreadable(v) => f.write_str(&t!("row-date-unreadable", value = v)),
        }
    }
}

pub(crate) fn parse_date(text: &str) -> Result<NaiveDate, DateError> {
    let t = text.trim();
    if t.is_empty() {
        return Err(DateError::Empty);
    }
    // Exports sometimes add a midnight time: `2007-08-17 00:00:00` or `2007-08-17T00:00:00`.
    let date_part = t
        .split(['T', ' '])
        .next()
        .filter(|d| {
            d.len() >= 8
                && t[d.len()..]
                    .trim_start_matches(['T', ' '])
                    .starts_with("00:00")
        })
        .unwrap_or(t);

    let numeric: Vec<&str> = date_part.split(['-', '/', '.']).collect();
    if numeric.len() == 3
        && numeric
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
    {
        let n: Vec<u32> = numeric.iter().map(|p| p.parse().unwrap_or(0)).collect();
        let (y, m, d) = if numeric[0].len() == 4 {
            (n[0], n[1], n[2])
        } else if numeric[2].len() == 4 {
            (n[2], n[1], n[0])
        } else {
            return Err(DateError::ShortYear(t.into()));
        };
        return NaiveDate::from_ymd_opt(y as i32, m, d).ok_or_else(|| {
            // 08/17/2009: a 17th month, but a real 17 August read month first.
            match NaiveDate::from_ymd_opt(y as i32, d, m) {
                Some(swapped) if numeric[0].len() != 4 => {
                    DateError::MonthFirst(t.into(), swapped.format("%d-%m-%Y").to_string())
                }
                _ => DateError::Impossible(t.into()),
            }
        });
    }

    // `17 Agustus 2007`, `17-Agu-2007`, `17 AUG 2007`.
    let words: Vec<&str> = t
        .split([' ', '-', '/', '.'])
        .filter(|w| !w.is_empty())
        .collect();
    if words.len() == 3
        && let Some(m) = month_number(words[1])
        && let (Ok(d), Ok(y)) = (words[0].parse::<u32>(), words[2].parse::<i32>())
    {
        if words[2].len() != 4 {
            return Err(DateError::ShortYear(t.into()));
        }
        return NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| DateError::Impossible(t.into()));
    }
    Err(DateError::Unreadable(t.into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn every_documented_form() {
        for s in [
            "2007-08-17",
            "17-08-2007",
            "17/08/2007",
            "17.08.2007",
            "17 Agustus 2007",
            "17 AGUSTUS 2007",
            "17-Agu-2007",
            "17 Aug 2007",
            "2007-08-17 00:00:00",
            "2007-08-17T00:00:00",
            " 17-8-2007 ",
        ] {
            assert_eq!(parse_date(s), Ok(d(2007, 8, 17)), "{s}");
        }
        assert_eq!(parse_date("1 Desember 2006"), Ok(d(2006, 12, 1)));
        assert_eq!(parse_date("5 Mei 2007"), Ok(d(2007, 5, 5)));
    }

    #[test]
    fn day_first_always() {
        assert_eq!(parse_date("03/04/2007"), Ok(d(2007, 4, 3)));
    }

    #[test]
    fn impossible_and_unreadable_dates_are_errors() {
        assert!(matches!(
            parse_date("31-02-2007"),
            Err(DateError::Impossible(_))
        ));
        assert!(matches!(
            parse_date("29-02-2007"),
            Err(DateError::Impossible(_))
        ));
        assert!(matches!(
            parse_date("2007-13-01"),
            Err(DateError::Impossible(_))
        ));
        assert!(matches!(
            parse_date("17-08-07"),
            Err(DateError::ShortYear(_))
        ));
        assert!(matches!(
            parse_date("kemarin"),
            Err(DateError::Unreadable(_))
        ));
        assert!(matches!(parse_date(""), Err(DateError::Empty)));
        assert_eq!(parse_date("29-02-2008"), Ok(d(2008, 2, 29)));
    }
}
