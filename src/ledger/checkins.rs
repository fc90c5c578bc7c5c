//! What check-in asks the ledger (does an invitation stand, was its person checked in, their name)
//! and what it records: every scan judged at the district, and one check-in per person, the first.

use rusqlite::{OptionalExtension, params};

use super::{At, Ledger};
use crate::checkin::{Known, Standing};
use crate::error::Result;

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
    /// "2024-08-19 08:13:05".
    pub(crate) at: &'a str,
    pub(crate) station: &'a str,
    /// The outcome word of spec §8.
    pub(crate) outcome: &'a str,
    pub(crate) invitation_id: Option<&'a str>,
    /// `scan`, or the log file it was imported from.
    pub(crate) source: &'a str,
    /// When the scan checks its person in: how, and whether it was on another day.
    pub(crate) checks_in: Option<(How, bool)>,
}

impl Ledger {
    /// Records one judged scan: always in `scan`, and a check-in when it checks the person in
    /// (unless they already were: the first check-in stays).
    pub(crate) fn record_scan(&self, scan: &Scan) -> Result<()> {
        self.in_transaction(|tx| {
            tx.execute(
                "INSERT INTO scan (run, at, station, outcome, invitation_id, source)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    scan.run,
                    scan.at,
                    scan.station,
                    scan.outcome,
                    scan.invitation_id,
                    scan.source
                ],
            )
            .at(&self.path)?;
            if let Some((how, not_today)) = scan.checks_in {
                tx.execute(
                    "INSERT OR IGNORE INTO checkin (invitation_id, at, station, how, not_today, run)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    params![
                        scan.invitation_id,
                        scan.at,
                        scan.station,
                        how.as_str(),
                        not_today,
                        scan.run
                    ],
                )
                .at(&self.path)?;
            }
            Ok(())
        })
    }

    /// Takes back invitation `id`'s check-in, keeping the scan history: the undoing is a scan of its
    /// own, outcome `undone`, with `reason`. Returns when the check-in was made, or `None` if
    /// there was none.
    pub(crate) fn undo_checkin(
        &self,
        run: i64,
        at: &str,
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
                     VALUES (?1, ?2, '', 'undone', ?3, ?4)",
                    params![run, at, id, reason],
                )
                .at(&self.path)?;
            }
            Ok(first)
        })
    }

    /// The name of the person invitation `id` invites.
    pub(crate) fn name_of(&self, id: &str) -> Result<Option<String>> {
        self.conn
            .prepare_cached(
                "SELECT p.name FROM invitation i JOIN person p ON p.nik = i.nik WHERE i.id = ?1",
            )
            .and_then(|mut s| s.query_row([id], |r| r.get(0)).optional())
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
            why_cancelled: row.get(5).at(&self.path)?,
        }))
    }

    fn has_ledger(&self) -> bool {
        true
    }

    fn checked_in(&self, id: &str) -> Result<Option<String>> {
        self.conn
            .prepare_cached("SELECT at FROM checkin WHERE invitation_id = ?1")
            .and_then(|mut s| s.query_row([id], |r| r.get(0)).optional())
            .at(&self.path)
    }
}
