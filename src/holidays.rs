//! The days offices are closed: the bundled national list (`data/holidays-id.csv`: libur nasional
//! 2024–2030, cuti bersama 2024–2027; lunar dates from 2028 on are estimates marked "(perkiraan)"),
//! plus the campaign's own days and `holidays_file`, less `not_holidays` (days of the list a district
//! works anyway, or a cuti bersama it does not take). `notes` says where the list cannot be trusted
//! for a campaign's dates.

use std::collections::HashSet;

use chrono::NaiveDate;

use crate::config::Config;
use crate::error::{Error, Result};
use crate::validate::date::parse_date;

const NATIONAL: &str = include_str!("../data/holidays-id.csv");

/// Every holiday that applies to the campaign.
pub(crate) fn load(config: &Config) -> Result<HashSet<NaiveDate>> {
    let mut days: HashSet<NaiveDate> = NATIONAL
        .lines()
        .skip(1)
        .filter_map(|l| NaiveDate::parse_from_str(l.split(',').next()?, "%Y-%m-%d").ok())
        .collect();
    days.extend(config.campaign.holidays.iter().copied());
    if let Some(path) = &config.campaign.holidays_file {
        let text =
            crate::output::read_bounded(path, 1 << 20).map_err(|e| Error::io("read", path, e))?;
        for (i, line) in text.lines().enumerate() {
            let first = line.split([',', ';', '\t']).next().unwrap_or("").trim();
            if first.is_empty() || (i == 0 && !first.starts_with(|c: char| c.is_ascii_digit())) {
                continue; // a blank line, or a header such as `date,name`
            }
            let day = parse_date(first).map_err(|e| Error::Input {
                path: format!("{}:{}", path.display(), i + 1),
                message: t!("holiday-bad", problem = e.to_string()),
                hint: t!("holiday-bad-hint"),
            })?;
            days.insert(day);
        }
    }
    for d in &config.campaign.not_holidays {
        days.remove(d);
    }
    Ok(days)
}

/// The national list's rows: (date, name, kind).
fn national() -> impl Iterator<Item = (NaiveDate, &'static str, &'static str)> {
    NATIONAL.lines().skip(1).filter_map(|l| {
        let mut parts = l.splitn(3, ',');
        let date = NaiveDate::parse_from_str(parts.next()?, "%Y-%m-%d").ok()?;
        Some((date, parts.next()?, parts.next().unwrap_or("")))
    })
}

/// What staff must know of the holidays between `first` and `last`: years the national list does
/// not cover (no holiday known: sessions may fall on them), years without collective leave, and
/// estimated dates the campaign relies on. `own` are the campaign's own holidays (a year it lists
/// days for is taken as covered).
pub(crate) fn notes(first: NaiveDate, last: NaiveDate, own: &[NaiveDate]) -> Vec<String> {
    use chrono::Datelike;
    let years = first.year()..=last.year();
    let known_until = national().map(|(d, ..)| d.year()).max().unwrap_or(0);
    let leave_until = national()
        .filter(|(.., kind)| *kind == "cuti_bersama")
        .map(|(d, ..)| d.year())
        .max()
        .unwrap_or(0);
    let own_years: HashSet<i32> = own.iter().map(Datelike::year).collect();
    let mut notes = Vec::new();
    for year in years {
        if own_years.contains(&year) {
            continue;
        }
        if year > known_until {
            notes.push(t!(
                "holiday-list-ends",
                known_until = known_until,
                year = year
            ));
        } else if year > leave_until {
            notes.push(t!("holiday-no-leave", year = year));
        }
    }
    let estimated: Vec<String> = national()
        .filter(|(d, name, _)| *d >= first && *d <= last && name.ends_with("(perkiraan)"))
        .map(|(d, name, _)| format!("{d} {}", name.trim_end_matches(" (perkiraan)")))
        .collect();
    if !estimated.is_empty() {
        notes.push(t!("holiday-estimates", days = estimated.join(", ")));
    }
    notes
}

#[cfg(test)]
mod tests {
    #[test]
    fn national_list_parses_completely() {
        let rows = super::NATIONAL
            .lines()
            .skip(1)
            .filter(|l| !l.is_empty())
            .count();
        let parsed = super::NATIONAL
            .lines()
            .skip(1)
            .filter_map(|l| {
                chrono::NaiveDate::parse_from_str(l.split(',').next()?, "%Y-%m-%d").ok()
            })
            .count();
        assert_eq!(rows, parsed);
        assert!(super::NATIONAL.contains("2024-08-17"));
    }

    fn d(text: &str) -> chrono::NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn notes_name_uncovered_years_missing_leave_and_estimates() {
        assert!(super::notes(d("2024-07-01"), d("2024-10-31"), &[]).is_empty());
        let notes = super::notes(d("2028-01-24"), d("2028-03-31"), &[]);
        assert_eq!(notes.len(), 2, "{notes:?}");
        assert!(notes[0].contains("No collective leave (cuti bersama) is known for 2028"));
        assert!(
            notes[1].contains("2028-01-26 Tahun Baru Imlek"),
            "{notes:?}"
        );
        assert!(notes[1].contains("2028-02-28"), "{notes:?}");
        let notes = super::notes(d("2031-01-05"), d("2031-03-31"), &[]);
        assert!(
            notes[0].contains("ends in 2030: no holiday is known for 2031"),
            "{notes:?}"
        );
        // A year the campaign lists its own holidays for is its own business.
        assert!(super::notes(d("2031-01-05"), d("2031-03-31"), &[d("2031-01-01")]).is_empty());
    }
}
