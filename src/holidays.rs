//! The days offices are closed: the bundled national list (libur nasional and cuti bersama 2024–2027,
//! `data/holidays-id.csv`), plus the campaign's own days and `holidays_file`, less `not_holidays` (days
//! of the list a district works anyway, or a cuti bersama it does not take).

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
        let text = std::fs::read_to_string(path).map_err(|e| Error::io("read", path, e))?;
        for (i, line) in text.lines().enumerate() {
            let first = line.split([',', ';', '\t']).next().unwrap_or("").trim();
            if first.is_empty() || (i == 0 && !first.starts_with(|c: char| c.is_ascii_digit())) {
                continue; // a blank line, or a header such as `date,name`
            }
            let day = parse_date(first).map_err(|e| Error::Input {
                path: format!("{}:{}", path.display(), i + 1),
                message: format!("the holiday {e}"),
                hint: "write one holiday per line as YYYY-MM-DD, optionally followed by a comma and its name".into(),
            })?;
            days.insert(day);
        }
    }
    for d in &config.campaign.not_holidays {
        days.remove(d);
    }
    Ok(days)
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
}
