//! The outbox of email to offices: each village office gets its batch of each round, each
//! recording office its attendance sheets of the days a round changed — once per round, office
//! and part (`UNIQUE (round, kind, recipient, part)`), through the same moves as personal email
//! (`outbox`).

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::params;

use super::outbox::{Outbox, State, stamp};
use super::rounds::Point;
use super::{At, Ledger, not_written};
use crate::error::Result;
use crate::region::VillageCode;

/// Who an email to an office is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Recipient {
    /// A village office: the village's batch of the round.
    Village(VillageCode),
    /// A recording office: its attendance sheets.
    Office(String),
    /// A school (by NPSN) whose students a round touched: the school's batch of the round (the
    /// principal's letter, class lists, the students' letters, receipt lists per class).
    School(String),
}

impl Recipient {
    /// Who gets `point`'s round batches.
    pub(crate) fn of_point(point: Point) -> Recipient {
        match point {
            Point::Village(code) => Recipient::Village(code),
            Point::School(npsn) => Recipient::School(npsn),
        }
    }

    /// The delivery point whose round batches this recipient gets; none for a recording office.
    pub(crate) fn point(&self) -> Option<Point> {
        match self {
            Recipient::Village(code) => Some(Point::Village(*code)),
            Recipient::School(npsn) => Some(Point::School(npsn.clone())),
            Recipient::Office(_) => None,
        }
    }

    fn kind(&self) -> &'static str {
        match self {
            Recipient::Village(_) => "village",
            // Stored as an office's mail (the table's kinds are fixed), its recipient marked.
            Recipient::Office(_) | Recipient::School(_) => "office",
        }
    }

    /// The recipient as the outbox stores it: a school's NPSN marked as such.
    fn stored(&self) -> String {
        match self {
            Recipient::School(npsn) => format!("{SCHOOL_MARK}{npsn}"),
            other => other.code(),
        }
    }

    /// How the contacts file and the outbox name the recipient: a village code, an office id or
    /// an NPSN.
    pub(crate) fn code(&self) -> String {
        match self {
            Recipient::Village(code) => code.to_string(),
            Recipient::Office(id) | Recipient::School(id) => id.clone(),
        }
    }

    fn of(path: &std::path::Path, kind: &str, code: &str) -> Result<Recipient> {
        match kind {
            "village" => VillageCode::parse(code)
                .map(Recipient::Village)
                .ok_or_else(|| not_written(path, "a village code", code)),
            _ => Ok(match code.strip_prefix(SCHOOL_MARK) {
                Some(npsn) => Recipient::School(npsn.to_string()),
                None => Recipient::Office(code.to_string()),
            }),
        }
    }
}

/// How a school's mail is told apart in the outbox: no office id has a colon.
const SCHOOL_MARK: &str = "school:";

/// One email to an office: part `part` of `parts` of what `recipient` gets in `round`.
#[derive(Debug, Clone)]
pub(crate) struct OfficeMail {
    pub(crate) id: i64,
    pub(crate) round: i64,
    pub(crate) recipient: Recipient,
    pub(crate) part: u32,
    pub(crate) parts: u32,
    pub(crate) address: String,
    pub(crate) message_id: String,
    pub(crate) attempts: u32,
    pub(crate) state: Option<State>,
    pub(crate) reply: String,
    pub(crate) at: String,
}

/// Office emails to try at `?1`: queued, or deferred until then.
const DUE: &str = "(state = 'queued' OR (state = 'failed-transient' AND due_at <= ?1))";

/// The columns `mail_row` reads.
const MAIL_COLUMNS: &str = "id, round, kind, recipient, part, parts, address, message_id, \
     attempts, state, reply, updated_at";

fn mail_row(path: &std::path::Path, r: &rusqlite::Row) -> Result<OfficeMail> {
    let text = |i: usize| r.get::<_, String>(i).at(path);
    Ok(OfficeMail {
        id: r.get(0).at(path)?,
        round: r.get(1).at(path)?,
        recipient: Recipient::of(path, &text(2)?, &text(3)?)?,
        part: r.get(4).at(path)?,
        parts: r.get(5).at(path)?,
        address: text(6)?,
        message_id: text(7)?,
        attempts: r.get(8).at(path)?,
        state: State::parse(&text(9)?),
        reply: text(10)?,
        at: text(11)?,
    })
}

impl Outbox<'_> {
    /// Queues what `recipient` gets of `round`, in `parts` emails to `address`, unless it was
    /// queued before (then only a changed address of unsent parts is followed). `message_id`
    /// makes each part's Message-ID. Whether it was new.
    pub(crate) fn queue_office(
        &self,
        round: i64,
        recipient: &Recipient,
        parts: u32,
        address: &str,
        message_id: impl Fn(u32) -> String,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let path = self.path;
        let (kind, code) = (recipient.kind(), recipient.stored());
        self.in_transaction(|tx| {
            let known: i64 = tx
                .query_row(
                    "SELECT count(*) FROM office_mail WHERE round = ?1 AND kind = ?2
                     AND recipient = ?3",
                    params![round, kind, code],
                    |r| r.get(0),
                )
                .at(path)?;
            if known > 0 {
                tx.execute(
                    "UPDATE office_mail SET address = ?4 WHERE round = ?1 AND kind = ?2
                     AND recipient = ?3 AND state IN ('queued', 'failed-transient')",
                    params![round, kind, code, address],
                )
                .at(path)?;
                return Ok(false);
            }
            for part in 1..=parts {
                tx.execute(
                    "INSERT INTO office_mail (round, kind, recipient, part, parts, address,
                         message_id, state, queued_run, updated_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'queued', ?8, ?9)",
                    params![
                        round,
                        kind,
                        code,
                        part,
                        parts,
                        address,
                        message_id(part),
                        self.run(),
                        stamp(now)
                    ],
                )
                .at(path)?;
                let id = tx.last_insert_rowid();
                tx.execute(
                    "INSERT INTO office_mail_event (message, run, at, state)
                     VALUES (?1, ?2, ?3, 'queued')",
                    params![id, self.run(), stamp(now)],
                )
                .at(path)?;
            }
            Ok(true)
        })
    }

    /// Up to `limit` office emails due at `now`, after `after` (outbox order).
    pub(crate) fn office_due(
        &self,
        after: i64,
        now: DateTime<Utc>,
        limit: usize,
    ) -> Result<Vec<OfficeMail>> {
        self.ledger.office_mail_where(
            &format!("id > ?2 AND {DUE} ORDER BY id LIMIT ?3"),
            params![stamp(now), after, limit as i64],
        )
    }

    /// How many office emails are due at `now`.
    pub(crate) fn office_count_due(&self, now: DateTime<Utc>) -> Result<usize> {
        self.ledger
            .conn
            .query_row(
                &format!("SELECT count(*) FROM office_mail WHERE {DUE}"),
                [stamp(now)],
                |r| r.get::<_, i64>(0),
            )
            .map(|n| n as usize)
            .at(self.path)
    }
}

impl Ledger {
    /// Every office email, in outbox order.
    pub(crate) fn office_mail(&self) -> Result<Vec<OfficeMail>> {
        self.office_mail_where("1 ORDER BY id", params![])
    }

    fn office_mail_where(
        &self,
        condition: &str,
        params: impl rusqlite::Params,
    ) -> Result<Vec<OfficeMail>> {
        let path = &self.path;
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT {MAIL_COLUMNS} FROM office_mail WHERE {condition}"
            ))
            .at(path)?;
        let mut rows = stmt.query(params).at(path)?;
        let mut all = Vec::new();
        while let Some(row) = rows.next().at(path)? {
            all.push(mail_row(path, row)?);
        }
        Ok(all)
    }

    /// The office and day of each appointment a round's letters (new or void) name: the
    /// attendance sheets the round changed.
    pub(crate) fn round_office_days(&self, round: i64) -> Result<Vec<(String, NaiveDate)>> {
        let path = &self.path;
        let mut stmt = self
            .conn
            .prepare(
                "SELECT DISTINCT json_extract(content, '$.office'), json_extract(content, '$.date')
                 FROM letter WHERE round = ?1 OR void_round = ?1 ORDER BY 1, 2",
            )
            .at(path)?;
        let rows = stmt
            .query_map([round], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
            })
            .at(path)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .at(path)?;
        rows.into_iter()
            .map(|(office, date)| Ok((office, super::delivery::date(path, &date)?)))
            .collect()
    }
}
