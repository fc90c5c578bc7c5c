//! The one transaction of a `plan` run: the people seen, the invitations and every change to them as
//! an event. Nothing is committed until `Tx::commit`, so a run killed at any point leaves the ledger
//! as the previous run left it.

use std::path::Path;

use chrono::NaiveDate;
use rusqlite::{CachedStatement, OptionalExtension, Transaction, params};

use super::{At, Ledger, not_written, start_run};
use crate::appointment::Appointment;
use crate::eligibility::Status;
use crate::error::Result;
use crate::reason::{Cancellation, Move};
use crate::validate::{Person, Sex};

/// An invitation as the ledger holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Invitation {
    pub(crate) id: String,
    pub(crate) nik: String,
    /// The letter number.
    pub(crate) seq: i64,
    pub(crate) planned: bool,
    pub(crate) appointment: Appointment,
    /// How many invitations (letters) the person has had: 2 after one re-invitation.
    pub(crate) attempt: i64,
    /// The last appointment they missed.
    pub(crate) missed: Option<NaiveDate>,
    /// Whether the person has been checked in.
    pub(crate) attended: bool,
}

/// What happened to an invitation, as its history records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Event {
    Planned,
    Moved,
    Cancelled,
    Restored,
}

impl Event {
    fn as_str(self) -> &'static str {
        match self {
            Event::Planned => "planned",
            Event::Moved => "moved",
            Event::Cancelled => "cancelled",
            Event::Restored => "restored",
        }
    }
}

/// A plan run's transaction, and the run it is recorded as.
pub(crate) struct Tx<'a> {
    tx: Transaction<'a>,
    path: &'a Path,
    run: i64,
}

impl Ledger {
    /// Starts the transaction of a plan run recorded as `command`.
    pub(crate) fn plan_run(&mut self, command: &str) -> Result<Tx<'_>> {
        let tx = self.conn.transaction().at(&self.path)?;
        let run = start_run(&tx, &self.path, command)?;
        Ok(Tx {
            tx,
            path: &self.path,
            run,
        })
    }
}

impl<'a> Tx<'a> {
    /// Writes each person seen by this run (a later list's row replaces an earlier one's).
    pub(crate) fn people(&self) -> Result<People<'_>> {
        let upsert = self
            .tx
            .prepare_cached(
                "INSERT INTO person (nik, name, birth_date, birth_place, sex, no_kk, address, rt, rw, dusun,
                                     village_code, phone, email, source, line, status, last_run, recording,
                                     of_age, row_fingerprint, school, class)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
                         ?19, ?20, ?21, ?22)
                 ON CONFLICT (nik) DO UPDATE SET name = ?2, birth_date = ?3, birth_place = ?4, sex = ?5,
                     no_kk = ?6, address = ?7, rt = ?8, rw = ?9, dusun = ?10, village_code = ?11, phone = ?12,
                     email = ?13, source = ?14, line = ?15, status = ?16, last_run = ?17, recording = ?18,
                     of_age = ?19, row_fingerprint = ?20, school = ?21, class = ?22",
            )
            .at(self.path)?;
        let seen = self
            .tx
            .prepare_cached(
                "INSERT OR IGNORE INTO row_seen (nik, fingerprint, first_run) VALUES (?1, ?2, ?3)",
            )
            .at(self.path)?;
        Ok(People {
            upsert,
            seen,
            path: self.path,
            run: self.run,
        })
    }

    /// Every invitation, planned or cancelled, in letter-number order.
    pub(crate) fn invitations(&self) -> Result<Vec<Invitation>> {
        let mut stmt = self
            .tx
            .prepare(
                "SELECT i.id, i.nik, i.seq, i.state, i.office_id, i.date, i.start, i.end, i.attempt,
                        i.missed, EXISTS (SELECT 1 FROM checkin c WHERE c.invitation_id = i.id)
                 FROM invitation i ORDER BY i.seq",
            )
            .at(self.path)?;
        let mut rows = stmt.query([]).at(self.path)?;
        let mut all = Vec::new();
        while let Some(r) = rows.next().at(self.path)? {
            let text = |i: usize| r.get::<_, String>(i).at(self.path);
            let missed = text(9)?;
            all.push(Invitation {
                id: text(0)?,
                nik: text(1)?,
                seq: r.get(2).at(self.path)?,
                planned: text(3)? == "planned",
                appointment: super::delivery::appointment(self.path, r, 4)?,
                attempt: r.get(8).at(self.path)?,
                missed: if missed.is_empty() {
                    None
                } else {
                    Some(super::delivery::date(self.path, &missed)?)
                },
                attended: r.get(10).at(self.path)?,
            });
        }
        Ok(all)
    }

    /// The name the ledger holds for `nik`.
    pub(crate) fn person_name(&self, nik: &str) -> Result<String> {
        self.tx
            .query_row("SELECT name FROM person WHERE nik = ?1", [nik], |r| {
                r.get::<_, String>(0)
            })
            .optional()
            .at(self.path)?
            .ok_or_else(|| not_written(self.path, "an invitation of NIK", nik))
    }

    /// Cancels invitation `id`, whose appointment was `before`, storing why as its code.
    pub(crate) fn cancel(&self, id: &str, before: &Appointment, why: Cancellation) -> Result<()> {
        self.tx
            .execute(
                "UPDATE invitation SET state = 'cancelled', updated_run = ?2 WHERE id = ?1",
                params![id, self.run],
            )
            .at(self.path)?;
        self.event(id, Event::Cancelled, before, &why.code())
    }

    /// Invites a no-show again at `a` with a letter of its own, numbered `seq`: one more invitation,
    /// the missed day remembered.
    pub(crate) fn reinvite(
        &self,
        id: &str,
        a: &Appointment,
        missed: NaiveDate,
        seq: i64,
    ) -> Result<()> {
        let [date, start, end] = written(a);
        self.tx
            .execute(
                "UPDATE invitation SET office_id = ?2, date = ?3, start = ?4, end = ?5,
                 attempt = attempt + 1, missed = ?6, updated_run = ?7, seq = ?8 WHERE id = ?1",
                params![
                    id,
                    a.office_id,
                    date,
                    start,
                    end,
                    missed.to_string(),
                    self.run,
                    seq
                ],
            )
            .at(self.path)?;
        self.event(id, Event::Moved, a, Move::Reinvited.code())
    }

    /// Gives invitation `id` (planned or cancelled) the appointment `a`, recording why it moved if it did.
    pub(crate) fn place(&self, id: &str, a: &Appointment, moved: Option<Move>) -> Result<()> {
        let [date, start, end] = written(a);
        self.tx
            .execute(
                "UPDATE invitation SET state = 'planned', office_id = ?2, date = ?3, start = ?4,
                 end = ?5, updated_run = ?6 WHERE id = ?1",
                params![id, a.office_id, date, start, end, self.run],
            )
            .at(self.path)?;
        match moved {
            Some(Move::Restored) => self.event(id, Event::Restored, a, Move::Restored.code()),
            Some(why) => self.event(id, Event::Moved, a, why.code()),
            None => Ok(()),
        }
    }

    /// A new invitation `id` with letter number `seq` for `nik`, at `a`.
    pub(crate) fn create(&self, id: &str, nik: &str, seq: i64, a: &Appointment) -> Result<()> {
        let [date, start, end] = written(a);
        self.tx
            .execute(
                "INSERT INTO invitation (id, nik, seq, state, office_id, date, start, end,
                     created_run, updated_run)
                 VALUES (?1, ?2, ?3, 'planned', ?4, ?5, ?6, ?7, ?8, ?8)",
                params![id, nik, seq, a.office_id, date, start, end, self.run],
            )
            .at(self.path)?;
        self.event(id, Event::Planned, a, "")
    }

    fn event(&self, id: &str, kind: Event, a: &Appointment, detail: &str) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO invitation_event (invitation_id, run, kind, office_id, date, start, detail)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )
            .and_then(|mut s| {
                s.execute(params![
                    id,
                    self.run,
                    kind.as_str(),
                    a.office_id,
                    a.date_iso(),
                    a.start_hm(),
                    detail
                ])
            })
            .at(self.path)?;
        Ok(())
    }

    pub(crate) fn commit(self) -> Result<()> {
        self.tx.commit().at(self.path)
    }
}

/// An appointment's date, start and end as the ledger writes them.
fn written(a: &Appointment) -> [String; 3] {
    [a.date_iso(), a.start_hm(), a.end_hm()]
}

/// Writes the people a plan run sees, one statement prepared once.
pub(crate) struct People<'t> {
    upsert: CachedStatement<'t>,
    seen: CachedStatement<'t>,
    path: &'t Path,
    run: i64,
}

impl People<'_> {
    /// Records `p`, read from `source` at `line`, as this run assessed them; for a student, their
    /// school (NPSN) and class.
    pub(crate) fn record(
        &mut self,
        p: &Person,
        (source, line): (&str, u64),
        status: Status,
        of_age: Option<NaiveDate>,
        fingerprint: &str,
        student: Option<(&str, &str)>,
    ) -> Result<()> {
        let sex = p.sex.map(|s| match s {
            Sex::Male => "L",
            Sex::Female => "P",
        });
        self.upsert
            .execute(params![
                p.nik.to_string(),
                p.name,
                p.birth_date.to_string(),
                p.birth_place,
                sex,
                p.no_kk,
                p.address,
                p.rt,
                p.rw,
                p.dusun,
                p.village.to_string(),
                p.phone,
                p.email,
                source,
                line as i64,
                status.as_str(),
                self.run,
                p.recording.stored(),
                of_age.map(|d| d.to_string()).unwrap_or_default(),
                fingerprint,
                student.map_or("", |s| s.0),
                student.map_or("", |s| s.1)
            ])
            .at(self.path)?;
        Ok(())
    }

    /// Remembers that a row of `nik` with content `fingerprint` was seen (used or not).
    pub(crate) fn seen(&mut self, nik: &str, fingerprint: &str) -> Result<()> {
        self.seen
            .execute(params![nik, fingerprint, self.run])
            .at(self.path)?;
        Ok(())
    }
}

/// What earlier plans saw, asked inside this plan's transaction (before it records anything new).
impl crate::pipeline::History for Tx<'_> {
    fn seen(&self, nik: u64, fingerprint: &str) -> Result<bool> {
        seen_in(&self.tx, self.path, nik, fingerprint)
    }

    fn used(&self, nik: u64) -> Result<Option<String>> {
        used_in(&self.tx, self.path, nik)
    }
}

/// `History::seen` on a connection.
pub(super) fn seen_in(
    conn: &rusqlite::Connection,
    path: &Path,
    nik: u64,
    fingerprint: &str,
) -> Result<bool> {
    conn.prepare_cached("SELECT 1 FROM row_seen WHERE nik = ?1 AND fingerprint = ?2")
        .and_then(|mut s| s.exists(params![format!("{nik:016}"), fingerprint]))
        .at(path)
}

/// `History::used` on a connection.
pub(super) fn used_in(
    conn: &rusqlite::Connection,
    path: &Path,
    nik: u64,
) -> Result<Option<String>> {
    conn.prepare_cached("SELECT row_fingerprint FROM person WHERE nik = ?1")
        .and_then(|mut s| {
            s.query_row([format!("{nik:016}")], |r| r.get::<_, String>(0))
                .optional()
        })
        .map(|f| f.filter(|f| !f.is_empty()))
        .at(path)
}
