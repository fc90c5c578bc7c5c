//! Planned invitations with their people, as letters, sheets and messages need them: in delivery
//! order (village, dusun, RW, RT, address, name: how letters are bundled and walked to the houses),
//! or office by office and session by session. Read as a stream, one group at a time, so memory
//! holds a village, never the district.

use std::path::Path;

use chrono::{NaiveDate, NaiveTime};
use rusqlite::Row;

use super::{At, Ledger, not_written};
use crate::appointment::Appointment;
use crate::error::Result;
use crate::region::VillageCode;

/// One invited person as the ledger holds them, ready to be a letter or a message.
#[derive(Debug, Clone)]
pub(crate) struct Invited {
    pub(crate) invitation_id: String,
    /// The letter number.
    pub(crate) seq: i64,
    pub(crate) appointment: Appointment,
    pub(crate) name: String,
    pub(crate) nik: String,
    pub(crate) address: String,
    pub(crate) rt: String,
    pub(crate) rw: String,
    pub(crate) dusun: String,
    pub(crate) village: VillageCode,
    /// 1 for a first invitation, 2 after one missed appointment, …
    pub(crate) attempt: i64,
    /// The missed appointment this invitation follows, if any.
    pub(crate) missed: Option<NaiveDate>,
}

impl Invited {
    /// Everything an invitation's letter or sheet line says, field by field, as text: what a
    /// letter's fingerprint and an attendance sheet's cache key are made of. The ledger holds each
    /// field in this very form (`fingerprint_of_row` relies on it).
    pub(crate) fn fields(&self) -> [std::borrow::Cow<'_, str>; 15] {
        use std::borrow::Cow::{Borrowed, Owned};
        let a = &self.appointment;
        [
            Borrowed(self.invitation_id.as_str()),
            Owned(self.seq.to_string()),
            Borrowed(a.office_id.as_str()),
            Owned(a.date_iso()),
            Owned(a.start_hm()),
            Owned(a.end_hm()),
            Borrowed(self.name.as_str()),
            Borrowed(self.nik.as_str()),
            Borrowed(self.address.as_str()),
            Borrowed(self.rt.as_str()),
            Borrowed(self.rw.as_str()),
            Borrowed(self.dusun.as_str()),
            Owned(self.village.to_string()),
            Owned(self.attempt.to_string()),
            Owned(self.missed.map(|d| d.to_string()).unwrap_or_default()),
        ]
    }
}

/// The columns `invited` reads, from `invitation i JOIN person p`; a query may select more after
/// them, from index `INVITED_COLUMN_COUNT` on.
pub(super) const INVITED_COLUMNS: &str = "i.id, i.seq, i.office_id, i.date, i.start, i.end, p.name, \
     p.nik, p.address, p.rt, p.rw, p.dusun, p.village_code, i.updated_run, i.attempt, i.missed";
pub(super) const INVITED_COLUMN_COUNT: usize = 16;

/// Planned invitations with their people, in delivery order: `SELECT … FROM {DELIVERY_FROM} ORDER
/// BY {DELIVERY_ORDER}`. People lead the join so SQLite walks `person_delivery` and only sorts people
/// with the same name and address by id, rather than holding the whole district in a sort (~35 MB
/// at 200,000 people).
const DELIVERY_FROM: &str = "person p CROSS JOIN invitation i ON i.nik = p.nik
     WHERE i.state = 'planned'";
/// The order `DELIVERY_FROM` is read in.
const DELIVERY_ORDER: &str = "p.village_code, p.dusun, p.rw, p.rt, p.address, p.name, i.id";

impl Ledger {
    /// How many invitations are planned, and how many of them have letters still to be used
    /// (their person has not come).
    pub(crate) fn count_planned(&self) -> Result<(u64, u64)> {
        self.conn
            .query_row(
                "SELECT count(*), coalesce(sum(NOT EXISTS (SELECT 1 FROM checkin c
                     WHERE c.invitation_id = i.id)), 0)
                 FROM invitation i WHERE state = 'planned'",
                [],
                |r| Ok((r.get::<_, i64>(0)? as u64, r.get::<_, i64>(1)? as u64)),
            )
            .at(&self.path)
    }

    /// The offices of the planned invitations, with how many each.
    pub(crate) fn planned_offices(&self) -> Result<Vec<(String, u64)>> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT office_id, count(*) FROM invitation WHERE state = 'planned'
                 GROUP BY office_id ORDER BY office_id",
            )
            .at(&self.path)?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as u64)))
            .at(&self.path)?;
        rows.collect::<rusqlite::Result<_>>().at(&self.path)
    }

    /// The planned invitations of a school's students (spec §11), each with their class: by
    /// class, then name. Wherever their appointment is (a visit, or an office).
    pub(crate) fn school_students(&self, npsn: &str) -> Result<Vec<(Invited, String)>> {
        let path = &self.path;
        let mut stmt = self
            .conn
            // People lead (CROSS JOIN keeps SQLite's order): the school's few hundred through
            // person_school, not every invitation of the district for each school.
            .prepare_cached(&format!(
                "SELECT {INVITED_COLUMNS}, p.class FROM person p CROSS JOIN invitation i
                     ON i.nik = p.nik
                 WHERE p.school = ?1 AND p.school != '' AND i.state = 'planned'
                 ORDER BY p.class, p.name, i.id"
            ))
            .at(path)?;
        let mut rows = stmt.query([npsn]).at(path)?;
        let mut out = Vec::new();
        while let Some(row) = rows.next().at(path)? {
            let (invited, _) = invited(path, row)?;
            out.push((invited, row.get(INVITED_COLUMN_COUNT).at(path)?));
        }
        Ok(out)
    }

    /// Each office's planned invitations of one day, session by session, by class (a school
    /// visit's students, spec §11; empty for everyone else) and name.
    pub(crate) fn each_office_day(
        &self,
        mut emit: impl FnMut(Vec<Invited>) -> Result<()>,
    ) -> Result<()> {
        self.each_group(
            // invitation_slot gives this order but for names within a session.
            "invitation i JOIN person p ON p.nik = i.nik WHERE i.state = 'planned'
             ORDER BY i.office_id, i.date, i.start, p.class, p.name, i.id",
            |a, b| {
                a.appointment.office_id == b.appointment.office_id
                    && a.appointment.date == b.appointment.date
            },
            |people, _| emit(people),
        )
    }

    /// Every planned invitation whose person has a phone number, in delivery order, with it.
    pub(crate) fn each_with_phone(
        &self,
        mut each: impl FnMut(Invited, String) -> Result<()>,
    ) -> Result<()> {
        let path = &self.path;
        let mut stmt = self
            .conn
            .prepare(&format!(
                "SELECT {INVITED_COLUMNS}, p.phone
                 FROM {DELIVERY_FROM} AND coalesce(p.phone, '') != ''
                 ORDER BY {DELIVERY_ORDER}"
            ))
            .at(path)?;
        let mut rows = stmt.query([]).at(path)?;
        while let Some(row) = rows.next().at(path)? {
            let (invited, _) = invited(path, row)?;
            each(invited, row.get(INVITED_COLUMN_COUNT).at(path)?)?;
        }
        Ok(())
    }

    /// The first `limit` planned invitations in letter-number order (the bench's baseline).
    pub(crate) fn first_planned(&self, limit: usize) -> Result<Vec<Invited>> {
        let path = &self.path;
        let mut stmt = self
            .conn
            .prepare(&format!(
                "SELECT {INVITED_COLUMNS} FROM invitation i JOIN person p ON p.nik = i.nik
                 WHERE i.state = 'planned' ORDER BY i.seq LIMIT ?1"
            ))
            .at(path)?;
        let mut rows = stmt.query([limit as i64]).at(path)?;
        let mut all = Vec::new();
        while let Some(row) = rows.next().at(path)? {
            all.push(invited(path, row)?.0);
        }
        Ok(all)
    }

    /// Streams the planned invitations of `from` (joins, filter and order) and hands each run of
    /// rows that `same` groups together to `emit`, with the latest run that changed one of them.
    /// Only one group is held at a time.
    fn each_group(
        &self,
        from: &str,
        same: impl Fn(&Invited, &Invited) -> bool,
        mut emit: impl FnMut(Vec<Invited>, i64) -> Result<()>,
    ) -> Result<()> {
        let path = &self.path;
        let mut stmt = self
            .conn
            .prepare(&format!("SELECT {INVITED_COLUMNS} FROM {from}"))
            .at(path)?;
        let mut rows = stmt.query([]).at(path)?;
        let mut group: Vec<Invited> = Vec::new();
        let mut last_run = 0;
        while let Some(row) = rows.next().at(path)? {
            let (invited, run) = invited(path, row)?;
            if group.first().is_some_and(|first| !same(first, &invited)) {
                emit(std::mem::take(&mut group), last_run)?;
                last_run = 0;
            }
            last_run = last_run.max(run);
            group.push(invited);
        }
        if !group.is_empty() {
            emit(group, last_run)?;
        }
        Ok(())
    }
}

/// An invitation row (`INVITED_COLUMNS`) and the run that last changed it. A value papila could
/// not have written is an error, not a letter with a blank in it.
pub(super) fn invited(path: &Path, row: &Row) -> Result<(Invited, i64)> {
    let text = |i: usize| row.get::<_, String>(i).at(path);
    let code = text(12)?;
    let village =
        VillageCode::parse(&code).ok_or_else(|| not_written(path, "a village code", &code))?;
    let invitation_id = text(0)?;
    if crate::ids::to_bits(&invitation_id).is_none() {
        return Err(not_written(path, "an invitation id", &invitation_id));
    }
    Ok((
        Invited {
            invitation_id,
            seq: row.get(1).at(path)?,
            appointment: appointment(path, row, 2)?,
            name: text(6)?,
            nik: text(7)?,
            address: text(8)?,
            rt: text(9)?,
            rw: text(10)?,
            dusun: text(11)?,
            village,
            attempt: row.get(14).at(path)?,
            missed: NaiveDate::parse_from_str(&text(15)?, "%Y-%m-%d").ok(),
        },
        row.get(13).at(path)?,
    ))
}

/// The appointment in columns `first..first + 4` (office, date, start, end).
pub(super) fn appointment(path: &Path, row: &Row, first: usize) -> Result<Appointment> {
    let text = |i: usize| row.get::<_, String>(first + i).at(path);
    let time = |i: usize| -> Result<NaiveTime> {
        let t = text(i)?;
        NaiveTime::parse_from_str(&t, "%H:%M").map_err(|_| not_written(path, "a time", &t))
    };
    Ok(Appointment {
        office_id: text(0)?,
        date: date(path, &text(1)?)?,
        start: time(2)?,
        end: time(3)?,
    })
}

/// A date the ledger holds, `2024-08-19`.
pub(super) fn date(path: &Path, text: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| not_written(path, "a date", text))
}
