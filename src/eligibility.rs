//! Who must be invited (spec §6): pure rules, no I/O.
//!
//! A citizen must record when 17 or older on election day ("genap 17 tahun … pada hari pemungutan
//! suara", PKPU 7/2024 Pasal 4), or when married or once married, at any age (UU 24/2013 Pasal 63).

use chrono::{Datelike, NaiveDate};

use crate::validate::{Person, Recording};

/// The status of one input row in the manifest. The strings are a contract (spec §6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Status {
    Invited,
    TooYoung,
    AlreadyRecorded,
    Duplicate,
    Rejected,
    OutOfArea,
    Overflow,
}

impl Status {
    pub(crate) const ALL: [Status; 7] = [
        Status::Invited,
        Status::Overflow,
        Status::TooYoung,
        Status::AlreadyRecorded,
        Status::Duplicate,
        Status::OutOfArea,
        Status::Rejected,
    ];

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Status::Invited => "invited",
            Status::TooYoung => "too_young",
            Status::AlreadyRecorded => "already_recorded",
            Status::Duplicate => "duplicate",
            Status::Rejected => "rejected",
            Status::OutOfArea => "out_of_area",
            Status::Overflow => "overflow",
        }
    }

    /// A status word as `as_str` writes it.
    pub(crate) fn parse(word: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.as_str() == word)
    }
}

/// What eligibility needs to know of the campaign.
pub(crate) struct Rules<'a> {
    pub(crate) election_date: NaiveDate,
    /// Whether an office serves a village.
    pub(crate) is_served: &'a dyn Fn(crate::region::VillageCode) -> bool,
}

/// The day a person born on `birth` turns `years` old. Someone born on 29 February turns a year older
/// on 1 March in common years: only then have they completed the full year.
pub(crate) fn reaches_age(birth: NaiveDate, years: u32) -> NaiveDate {
    let year = birth.year() + years as i32;
    NaiveDate::from_ymd_opt(year, birth.month(), birth.day())
        .or_else(|| NaiveDate::from_ymd_opt(year, 3, 1))
        .expect("1 March exists in every year")
}

/// The first day an invited person may be given an appointment: the campaign's first day, and
/// not before they reach `min_age` (the age recording is allowed from) unless they are or were
/// married. While the campaign runs (`running` is today within it and the notice in days), never
/// before the notice has passed: a letter must be printed and carried to the house first.
pub(crate) fn earliest_day(
    person: &Person,
    start: NaiveDate,
    min_age: u32,
    running: Option<(NaiveDate, u32)>,
) -> NaiveDate {
    let mut earliest = if person.ever_married {
        start
    } else {
        start.max(reaches_age(person.birth_date, min_age))
    };
    if let Some((today, notice_days)) = running {
        earliest = earliest.max(today + chrono::Duration::days(i64::from(notice_days)));
    }
    earliest
}

/// The status and reason for a valid, first-seen person. `in_recorded_list` says whether the
/// campaign's separate list of recorded NIKs names them.
pub(crate) fn decide(
    person: &Person,
    rules: &Rules<'_>,
    in_recorded_list: bool,
) -> (Status, String) {
    match person.recording {
        Recording::Duplicate => {
            return (Status::AlreadyRecorded, t!("reason-duplicate-record"));
        }
        Recording::Recorded(name) => {
            return (
                Status::AlreadyRecorded,
                t!("reason-recorded-status", status = name),
            );
        }
        _ => {}
    }
    if in_recorded_list {
        return (Status::AlreadyRecorded, t!("reason-recorded-list"));
    }
    if !(rules.is_served)(person.village) {
        return (
            Status::OutOfArea,
            t!("reason-out-of-area", village = person.village.to_string()),
        );
    }
    let seventeen = reaches_age(person.birth_date, 17);
    if seventeen > rules.election_date && !person.ever_married {
        return (
            Status::TooYoung,
            t!(
                "reason-too-young",
                date = seventeen.format("%d-%m-%Y").to_string(),
                election = rules.election_date.format("%d-%m-%Y").to_string()
            ),
        );
    }
    (Status::Invited, String::new())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::region::VillageCode;
    use crate::validate::Nik;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn person(birth: NaiveDate, married: bool) -> Person {
        Person {
            nik: Nik::parse("3301011708070003").unwrap(),
            no_kk: None,
            name: "Siti".into(),
            birth_place: String::new(),
            birth_date: birth,
            sex: None,
            ever_married: married,
            address: String::new(),
            rt: String::new(),
            rw: String::new(),
            dusun: String::new(),
            village: VillageCode::parse("33.01.02.2001").unwrap(),
            phone: None,
            email: None,
            recording: Recording::Unstated,
        }
    }

    fn rules(served: &dyn Fn(VillageCode) -> bool) -> Rules<'_> {
        Rules {
            election_date: d(2024, 11, 27),
            is_served: served,
        }
    }

    #[test]
    fn seventeen_on_election_day_is_exact_to_the_day() {
        let all = |_| true;
        let r = rules(&all);
        assert_eq!(
            decide(&person(d(2007, 11, 27), false), &r, false).0,
            Status::Invited
        );
        assert_eq!(
            decide(&person(d(2007, 11, 28), false), &r, false).0,
            Status::TooYoung
        );
        assert_eq!(
            decide(&person(d(2007, 11, 28), true), &r, false).0,
            Status::Invited
        );
        assert_eq!(
            decide(&person(d(2012, 1, 1), true), &r, false).0,
            Status::Invited
        );
    }

    #[test]
    fn leap_day_birthdays_turn_on_first_of_march() {
        assert_eq!(reaches_age(d(2008, 2, 29), 17), d(2025, 3, 1));
        assert_eq!(reaches_age(d(2008, 2, 29), 16), d(2024, 2, 29));
        assert_eq!(reaches_age(d(2007, 8, 17), 17), d(2024, 8, 17));
    }

    #[test]
    fn recorded_and_out_of_area_come_before_age() {
        let none = |_| false;
        let all = |_| true;
        let mut p = person(d(2000, 1, 1), false);
        assert_eq!(decide(&p, &rules(&none), false).0, Status::OutOfArea);
        assert_eq!(decide(&p, &rules(&all), true).0, Status::AlreadyRecorded);
        p.recording = Recording::Recorded("SUDAH REKAM");
        assert_eq!(decide(&p, &rules(&all), false).0, Status::AlreadyRecorded);
        let (s, reason) = decide(&person(d(2010, 1, 1), false), &rules(&all), false);
        assert_eq!(s, Status::TooYoung);
        assert!(reason.contains("01-01-2027"), "{reason}");
    }

    #[test]
    fn earliest_day_waits_for_the_minimum_age_unless_married_and_for_tomorrow_while_running() {
        let start = d(2024, 7, 1);
        let young = person(d(2008, 8, 15), false);
        assert_eq!(earliest_day(&young, start, 16, None), d(2024, 8, 15));
        assert_eq!(
            earliest_day(&person(d(2008, 8, 15), true), start, 16, None),
            start
        );
        assert_eq!(
            earliest_day(&person(d(2006, 1, 1), false), start, 16, None),
            start
        );
        // While the campaign runs, a letter needs its days' notice: a plan on Monday 2 September
        // gives Tuesday with one day's notice, Thursday with three.
        let adult = person(d(2006, 1, 1), false);
        let running = |notice| Some((d(2024, 9, 2), notice));
        assert_eq!(earliest_day(&adult, start, 16, running(1)), d(2024, 9, 3));
        assert_eq!(earliest_day(&adult, start, 16, running(3)), d(2024, 9, 5));
        assert_eq!(
            earliest_day(&young, start, 16, Some((d(2024, 7, 10), 3))),
            d(2024, 8, 15)
        );
    }
}
