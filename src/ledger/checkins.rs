//! What check-in asks the ledger (does an invitation stand, was its person checked in, their name)
//! and what it records: every scan judged at the district, and one check-in per person, the first.

use rusqlite::{OptionalExtension, params};

use super::{At, Ledger};
use crate::checkin::{Judged, Known, Outcome, Standing};
use crate::error::Result;
use crate::reason::Cancellation;

/// How a check-in reached the ledger.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum How {
    /// A QR code scanned at the district.
    Scan,
    /// An invitation id typed by hand at the district.
    Typed,
    /// A row of an offline scan log.
    Import,
}

impl How {
    fn as_str(self) -> &'static str {
        match self {
            How::Scan => "scan",
            How::Typed => "typed",
            How::Import => "import",
        }
    }
}

/// One judged scan, as the ledger keeps it.
pub(crate) struct Scan<'a> {
    pub(crate) run: i64,
    /// When it was scanned: "2024-08-19 08:13:05".
    pub(crate) at: &'a str,
    pub(crate) station: &'a str,
    /// `scan`, or the log file it was imported from.
    pub(crate) source: &'a str,
    /// A browser's id for the scan: the same nonce twice is one scan.
    pub(crate) nonce: Option<&'a str>,
    /// A hash of the line as sent (`line_hash`), kept with a nonce: sent again, a nonce answers
    /// only for the same line at the same station.
    pub(crate) line_hash: &'a str,
    /// When it reached the ledger, if later than `at` (a scan queued offline).
    pub(crate) received_at: &'a str,
}

/// What recording a scan did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Recorded {
    /// A new scan, kept.
    New,
    /// Its nonce was recorded before for this line and station: nothing new was kept; the first
    /// recording's outcome word, time and invitation.
    Again {
        outcome: String,
        at: String,
        invitation_id: Option<String>,
    },
    /// Its nonce was recorded before for another line or at another station: nothing is kept and
    /// nothing may be answered about either.
    Conflict,
}

/// What recording a walk-in did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum WalkIn {
    Recorded {
        id: String,
        name: String,
    },
    /// No person of that NIK in the latest lists.
    Unknown,
    /// The lists give them another status (`too_young`, `already_recorded`, …).
    NotEligible(String),
    /// They have an appointment: check them in with it.
    HasAppointment(String),
}

/// The hash a scan's line is kept as, beside its nonce.
pub(crate) fn line_hash(line: &str) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(line.trim().to_ascii_uppercase().as_bytes());
    digest[..12].iter().map(|b| format!("{b:02x}")).collect()
}

impl Ledger {
    /// Records one judged scan: always in `scan`, and a check-in when it checks the person in
    /// (unless they already were: the first check-in stays). A scan whose nonce was recorded
    /// before is not recorded again.
    pub(crate) fn record_judged(&self, scan: &Scan, judged: &Judged) -> Result<Recorded> {
        let how = match (scan.source, &judged.token) {
            ("scan", Some(_)) => How::Scan,
            ("scan", None) => How::Typed,
            _ => How::Import,
        };
        let checks_in = judged.outcome.records();
        // Checked in on another day than the appointment that stands.
        let not_today = judged.outcome == Outcome::NotToday
            || (judged.outcome == Outcome::Replaced
                && judged
                    .appointment
                    .as_ref()
                    .is_some_and(|a| scan.at.get(..10) != Some(a.date_iso().as_str())));
        self.in_transaction(|tx| {
            if let Some(nonce) = scan.nonce {
                type Before = (String, String, Option<String>, String, String);
                let before: Option<Before> = tx
                    .query_row(
                        "SELECT outcome, at, invitation_id, station, line_hash FROM scan
                         WHERE nonce = ?1",
                        [nonce],
                        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
                    )
                    .optional()
                    .at(&self.path)?;
                if let Some((outcome, at, invitation_id, station, hash)) = before {
                    if station != scan.station || hash != scan.line_hash {
                        return Ok(Recorded::Conflict);
                    }
                    return Ok(Recorded::Again {
                        outcome,
                        at,
                        invitation_id,
                    });
                }
            }
            tx.execute(
                "INSERT INTO scan (run, at, station, outcome, invitation_id, source, nonce,
                                   received_at, line_hash)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![
                    scan.run,
                    scan.at,
                    scan.station,
                    judged.outcome.as_str(),
                    judged.invitation_id,
                    scan.source,
                    scan.nonce,
                    scan.received_at,
                    scan.line_hash
                ],
            )
            .at(&self.path)?;
            if checks_in {
                tx.execute(
                    "INSERT OR IGNORE INTO checkin (invitation_id, at, station, how, not_today, run)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    params![
                        judged.invitation_id,
                        scan.at,
                        scan.station,
                        how.as_str(),
                        not_today,
                        scan.run
                    ],
                )
                .at(&self.path)?;
            }
            Ok(Recorded::New)
        })
    }

    /// When and at which station invitation `id`'s person was checked in, if they were.
    pub(crate) fn checkin_of(&self, id: &str) -> Result<Option<(String, String)>> {
        self.conn
            .prepare_cached("SELECT at, station FROM checkin WHERE invitation_id = ?1")
            .and_then(|mut s| s.query_row([id], |r| Ok((r.get(0)?, r.get(1)?))).optional())
            .at(&self.path)
    }

    /// Takes back invitation `id`'s check-in, keeping the scan history: the undoing is a scan of its
    /// own, outcome `undone`, with `reason`. Returns when the check-in was made, or `None` if
    /// there was none.
    pub(crate) fn undo_checkin(
        &self,
        run: i64,
        at: &str,
        station: &str,
        id: &str,
        reason: &str,
    ) -> Result<Option<String>> {
        self.in_transaction(|tx| {
            let first: Option<String> = tx
                .query_row(
                    "SELECT at FROM checkin WHERE invitation_id = ?1",
                    [id],
                    |r| r.get(0),
                )
                .optional()
                .at(&self.path)?;
            if first.is_some() {
                tx.execute("DELETE FROM checkin WHERE invitation_id = ?1", [id])
                    .at(&self.path)?;
                tx.execute(
                    "INSERT INTO scan (run, at, station, outcome, invitation_id, source)
                     VALUES (?1, ?2, ?3, 'undone', ?4, ?5)",
                    params![run, at, station, id, reason],
                )
                .at(&self.path)?;
            }
            Ok(first)
        })
    }

    /// Records a walk-in: `nik`, eligible but holding no appointment (no place was left, or none
    /// was given), came to `a.office_id` on `a`'s day and is recorded there. An appointment is made
    /// on the spot (marked `walk_in` in its history) and checked in, in one transaction.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn record_walk_in(
        &self,
        nik: &str,
        a: &crate::appointment::Appointment,
        new_id: impl Fn(&dyn Fn(&str) -> bool) -> String,
        run: i64,
        at: &str,
        station: &str,
    ) -> Result<WalkIn> {
        self.in_transaction(|tx| {
            let person: Option<(String, String)> = tx
                .query_row(
                    "SELECT name, status FROM person WHERE nik = ?1",
                    [nik],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()
                .at(&self.path)?;
            let Some((name, status)) = person else {
                return Ok(WalkIn::Unknown);
            };
            if status != "invited" {
                return Ok(WalkIn::NotEligible(status));
            }
            let existing: Option<(String, String)> = tx
                .query_row(
                    "SELECT id, state FROM invitation WHERE nik = ?1",
                    [nik],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()
                .at(&self.path)?;
            let (date, start, end) = (a.date_iso(), a.start_hm(), a.end_hm());
            let id = match existing {
                Some((id, state)) if state == "planned" => return Ok(WalkIn::HasAppointment(id)),
                Some((id, _)) => {
                    tx.execute(
                        "UPDATE invitation SET state = 'planned', office_id = ?2, date = ?3,
                             start = ?4, end = ?5, updated_run = ?6 WHERE id = ?1",
                        params![id, a.office_id, date, start, end, run],
                    )
                    .at(&self.path)?;
                    id
                }
                None => {
                    let taken = |candidate: &str| {
                        tx.query_row(
                            "SELECT 1 FROM invitation WHERE id = ?1",
                            [candidate],
                            |_| Ok(()),
                        )
                        .optional()
                        .ok()
                        .flatten()
                        .is_some()
                    };
                    let id = new_id(&taken);
                    tx.execute(
                        "INSERT INTO invitation (id, nik, seq, state, office_id, date, start, end,
                             created_run, updated_run)
                         VALUES (?1, ?2, (SELECT coalesce(max(seq), 0) + 1 FROM invitation),
                             'planned', ?3, ?4, ?5, ?6, ?7, ?7)",
                        params![id, nik, a.office_id, date, start, end, run],
                    )
                    .at(&self.path)?;
                    id
                }
            };
            tx.execute(
                "INSERT INTO invitation_event (invitation_id, run, kind, office_id, date, start, detail)
                 VALUES (?1, ?2, 'planned', ?3, ?4, ?5, 'walk_in')",
                params![id, run, a.office_id, date, start],
            )
            .at(&self.path)?;
            tx.execute(
                "INSERT INTO scan (run, at, station, outcome, invitation_id, source)
                 VALUES (?1, ?2, ?3, 'valid', ?4, 'walk_in')",
                params![run, at, station, id],
            )
            .at(&self.path)?;
            tx.execute(
                "INSERT INTO checkin (invitation_id, at, station, how, not_today, run)
                 VALUES (?1, ?2, ?3, 'typed', 0, ?4)",
                params![id, at, station, run],
            )
            .at(&self.path)?;
            Ok(WalkIn::Recorded { id, name })
        })
    }

    /// The village code of the person of `nik`, if the lists have them.
    pub(crate) fn village_of_nik(&self, nik: &str) -> Result<Option<String>> {
        self.conn
            .prepare_cached("SELECT village_code FROM person WHERE nik = ?1")
            .and_then(|mut s| s.query_row([nik], |r| r.get(0)).optional())
            .at(&self.path)
    }

    /// What a village office needs to know offline of letters that no longer stand: the invitations
    /// cancelled, and those moved since a letter was printed, with the appointment that stands.
    pub(crate) fn void_entries(
        &self,
    ) -> Result<Vec<(String, Option<crate::appointment::Appointment>)>> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT i.id, i.state, i.office_id, i.date, i.start, i.end FROM invitation i
                 WHERE i.state = 'cancelled'
                    OR EXISTS (SELECT 1 FROM letter l WHERE l.invitation_id = i.id
                               AND l.void_reason = 'replaced')
                 ORDER BY i.id",
            )
            .at(&self.path)?;
        let mut rows = stmt.query([]).at(&self.path)?;
        let mut out = Vec::new();
        while let Some(row) = rows.next().at(&self.path)? {
            let id: String = row.get(0).at(&self.path)?;
            let state: String = row.get(1).at(&self.path)?;
            let appointment = if state == "planned" {
                Some(super::delivery::appointment(&self.path, row, 2)?)
            } else {
                None
            };
            out.push((id, appointment));
        }
        Ok(out)
    }

    /// The name and village code of the person invitation `id` invites.
    pub(crate) fn person_of(&self, id: &str) -> Result<Option<(String, String)>> {
        self.conn
            .prepare_cached(
                "SELECT p.name, p.village_code FROM invitation i JOIN person p ON p.nik = i.nik
                 WHERE i.id = ?1",
            )
            .and_then(|mut s| s.query_row([id], |r| Ok((r.get(0)?, r.get(1)?))).optional())
            .at(&self.path)
    }
}

/// At the district, the ledger answers check-in's questions.
impl Known for Ledger {
    fn invitation(&self, id: &str) -> Result<Option<Standing>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT state, office_id, date, start, end,
                        coalesce((SELECT detail FROM invitation_event e
                                  WHERE e.invitation_id = i.id AND e.kind = 'cancelled'
                                  ORDER BY e.id DESC LIMIT 1), '')
                 FROM invitation i WHERE id = ?1",
            )
            .at(&self.path)?;
        let mut rows = stmt.query([id]).at(&self.path)?;
        let Some(row) = rows.next().at(&self.path)? else {
            return Ok(None);
        };
        Ok(Some(Standing {
            planned: row.get::<_, String>(0).at(&self.path)? == "planned",
            appointment: super::delivery::appointment(&self.path, row, 1)?,
            why_cancelled: Cancellation::parse(&row.get::<_, String>(5).at(&self.path)?),
        }))
    }

    fn has_ledger(&self) -> bool {
        true
    }

    fn checked_in(&self, id: &str) -> Result<Option<String>> {
        Ok(self.checkin_of(id)?.map(|(at, _)| at))
    }
}
