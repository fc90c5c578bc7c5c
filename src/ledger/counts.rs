//! The figures `report` counts coverage from: standing appointments by village and office with how
//! many came, missed or are still to come; the people the latest plan found no place for; and those
//! its lists say were recorded twice.

use chrono::NaiveDate;

use super::{At, Ledger};
use crate::error::Result;

/// The standing appointments of one village at one office, as of a day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SessionCounts {
    pub(crate) village_code: String,
    pub(crate) office_id: String,
    /// The NPSN of the people's school, for students (spec §11); empty for everyone else.
    pub(crate) school: String,
    pub(crate) invited: u64,
    pub(crate) attended: u64,
    /// The appointment has passed without a check-in.
    pub(crate) no_show: u64,
    /// The appointment is on the day or later, no check-in yet.
    pub(crate) pending: u64,
}

/// People of one village.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct VillageCount {
    pub(crate) village_code: String,
    /// As `SessionCounts::school`.
    pub(crate) school: String,
    pub(crate) people: u64,
}

impl Ledger {
    /// Standing appointments by village and office, as of `today`.
    pub(crate) fn appointment_counts(&self, today: NaiveDate) -> Result<Vec<SessionCounts>> {
        let path = &self.path;
        let mut stmt = self
            .conn
            .prepare(
                "SELECT p.village_code, i.office_id, p.school, count(*),
                        sum(c.invitation_id IS NOT NULL),
                        sum(c.invitation_id IS NULL AND i.date < ?1),
                        sum(c.invitation_id IS NULL AND i.date >= ?1)
                 FROM invitation i JOIN person p ON p.nik = i.nik
                 LEFT JOIN checkin c ON c.invitation_id = i.id
                 WHERE i.state = 'planned'
                 GROUP BY p.village_code, i.office_id, p.school",
            )
            .at(path)?;
        let rows = stmt
            .query_map([today.to_string()], |r| {
                let n = |i: usize| r.get::<_, i64>(i).map(|n| n as u64);
                Ok(SessionCounts {
                    village_code: r.get(0)?,
                    office_id: r.get(1)?,
                    school: r.get(2)?,
                    invited: n(3)?,
                    attended: n(4)?,
                    no_show: n(5)?,
                    pending: n(6)?,
                })
            })
            .at(path)?;
        rows.collect::<rusqlite::Result<_>>().at(path)
    }

    /// Per village, the people the latest plan found eligible and could not place though their
    /// age allowed an appointment on or before `last_day` (no place was left).
    pub(crate) fn overflow_counts(&self, last_day: NaiveDate) -> Result<Vec<VillageCount>> {
        self.people_by_village(&format!(
            "p.status = 'invited' AND NOT EXISTS (SELECT 1 FROM invitation i
                 WHERE i.nik = p.nik AND i.state = 'planned') AND p.of_age <= '{last_day}'"
        ))
    }

    /// Per village, the eligible people who reach the minimum age only after `last_day`.
    pub(crate) fn too_late_counts(&self, last_day: NaiveDate) -> Result<Vec<VillageCount>> {
        self.people_by_village(&format!(
            "p.status = 'invited' AND NOT EXISTS (SELECT 1 FROM invitation i
                 WHERE i.nik = p.nik AND i.state = 'planned') AND p.of_age > '{last_day}'"
        ))
    }

    /// Per village, the people of the latest lists recorded more than once (DUPLICATE_RECORD).
    pub(crate) fn duplicate_record_counts(&self) -> Result<Vec<VillageCount>> {
        self.people_by_village("p.recording = 'DUPLICATE_RECORD'")
    }

    /// Per village, the people recorded as walk-ins (an appointment made on the spot).
    pub(crate) fn walk_in_counts(&self) -> Result<Vec<VillageCount>> {
        self.people_by_village(
            "EXISTS (SELECT 1 FROM invitation i JOIN invitation_event e ON e.invitation_id = i.id
                     WHERE i.nik = p.nik AND i.state = 'planned' AND e.detail = 'walk_in')",
        )
    }

    /// Per village, the people of the latest plan's lists for whom `condition` holds.
    fn people_by_village(&self, condition: &str) -> Result<Vec<VillageCount>> {
        let path = &self.path;
        let mut stmt = self
            .conn
            .prepare(&format!(
                "SELECT p.village_code, p.school, count(*) FROM person p
                 WHERE p.last_run = (SELECT max(last_run) FROM person) AND {condition}
                 GROUP BY p.village_code, p.school"
            ))
            .at(path)?;
        let rows = stmt
            .query_map([], |r| {
                Ok(VillageCount {
                    village_code: r.get(0)?,
                    school: r.get(1)?,
                    people: r.get::<_, i64>(2)? as u64,
                })
            })
            .at(path)?;
        rows.collect::<rusqlite::Result<_>>().at(path)
    }
}
