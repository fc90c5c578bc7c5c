//! An appointment: the office, day and session a person is invited to. The one shape the ledger,
//! the QR token, letters, messages, check-in and the manifest share.

use chrono::{NaiveDate, NaiveTime};

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Appointment {
    pub office_id: String,
    pub date: NaiveDate,
    pub start: NaiveTime,
    pub end: NaiveTime,
}

impl Appointment {
    /// Whether both name the same session. The end is not compared: a session is known by its
    /// office, day and start (the ledger's `invitation_slot`).
    pub(crate) fn same_session(&self, other: &Appointment) -> bool {
        self.office_id == other.office_id && self.date == other.date && self.start == other.start
    }

    /// The date as the ledger and the CSV files write it: `2024-08-19`.
    pub(crate) fn date_iso(&self) -> String {
        self.date.format("%Y-%m-%d").to_string()
    }

    /// The session's start as the ledger and the CSV files write it: `08:00`.
    pub(crate) fn start_hm(&self) -> String {
        hm(self.start)
    }

    /// The session's end as the ledger and the CSV files write it: `12:00`.
    pub(crate) fn end_hm(&self) -> String {
        hm(self.end)
    }
}

/// A time as papila's files write it: `08:00`.
pub(crate) fn hm(t: NaiveTime) -> String {
    t.format("%H:%M").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(office: &str, date: &str, start: &str, end: &str) -> Appointment {
        Appointment {
            office_id: office.into(),
            date: date.parse().unwrap(),
            start: NaiveTime::parse_from_str(start, "%H:%M").unwrap(),
            end: NaiveTime::parse_from_str(end, "%H:%M").unwrap(),
        }
    }

    #[test]
    fn a_session_is_its_office_day_and_start() {
        let a = at("kesugihan", "2024-08-19", "08:00", "12:00");
        assert!(a.same_session(&at("kesugihan", "2024-08-19", "08:00", "11:00")));
        assert!(!a.same_session(&at("adipala", "2024-08-19", "08:00", "12:00")));
        assert!(!a.same_session(&at("kesugihan", "2024-08-20", "08:00", "12:00")));
        assert!(!a.same_session(&at("kesugihan", "2024-08-19", "13:00", "15:00")));
        assert_eq!(a.date_iso(), "2024-08-19");
        assert_eq!((a.start_hm(), a.end_hm()), ("08:00".into(), "12:00".into()));
    }
}
