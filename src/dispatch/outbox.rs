//! The email outbox in the ledger (spec §9, §10): one row per message, and the only moves a message
//! may make. Every move is its own transaction with an event row, so a killed `send` leaves each
//! message in exactly one known state.
//!
//! ```text
//! queued ─┬─► sending ─┬─► sent
//!         │            ├─► failed-transient ─► (due again) ─► sending …
//!         │            ├─► failed-permanent
//!         │            └─► unconfirmed   (found `sending` by the next run)
//!         ├─► failed-transient / failed-permanent   (refused before the message was handed over)
//!         └─► withdrawn   (invitation cancelled or moved before it was sent)
//! ```
//!
//! `sending` is recorded after the whole message has been written to the server and before the
//! final `.` that commits it: a run killed before that point leaves the message `queued` (the
//! server discards a message whose end it never saw), and a run killed after it leaves `sending`,
//! which the next run turns into `unconfirmed` — counted as handed over and never sent again.

use std::path::Path;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, params};

use crate::error::Result;
use crate::ledger::sql;
use crate::render::data::Invited;
use crate::render::{INVITED_COLUMN_COUNT, INVITED_COLUMNS, read_invited};

/// A message's state, as the ledger writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum State {
    Queued,
    Sending,
    Sent,
    Unconfirmed,
    FailedTransient,
    FailedPermanent,
    Withdrawn,
}

impl State {
    pub const ALL: [State; 7] = [
        State::Queued,
        State::Sending,
        State::Sent,
        State::Unconfirmed,
        State::FailedTransient,
        State::FailedPermanent,
        State::Withdrawn,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            State::Queued => "queued",
            State::Sending => "sending",
            State::Sent => "sent",
            State::Unconfirmed => "unconfirmed",
            State::FailedTransient => "failed-transient",
            State::FailedPermanent => "failed-permanent",
            State::Withdrawn => "withdrawn",
        }
    }

    fn parse(s: &str) -> Option<State> {
        State::ALL.into_iter().find(|state| state.as_str() == s)
    }
}

/// Time as the ledger writes it: UTC, to the millisecond, so text order is time order.
pub fn stamp(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

/// The Message-ID of invitation `i`'s next email, with the campaign id as `?1` and the sender's
/// domain as `?2`: `<ID.n.campaign@domain>`, n counting that invitation's emails.
const NEXT_MESSAGE_ID: &str = "('<' || i.id || '.' || (SELECT count(*) + 1 FROM message n
    WHERE n.invitation_id = i.id) || '.' || ?1 || '@' || ?2 || '>')";

/// Messages to try at `?2`, from `message m JOIN invitation i`: queued or deferred until then, and
/// still announcing the invitation's appointment (a `plan` running meanwhile may have moved or
/// cancelled it; the next `sync` withdraws such a message).
const DUE: &str = "m.channel = 'email'
    AND (m.state = 'queued' OR (m.state = 'failed-transient' AND m.due_at <= ?2))
    AND i.state = 'planned' AND i.office_id = m.office_id AND i.date = m.date
    AND i.start = m.start";

/// A message to try now.
#[derive(Debug)]
pub struct Due {
    pub id: i64,
    pub address: String,
    pub message_id: String,
    pub attempts: u32,
    pub invited: Invited,
}

/// The outbox of one ledger, for one `send` run.
pub struct Outbox<'a> {
    pub conn: &'a Connection,
    pub path: &'a Path,
    pub run: i64,
}

impl Outbox<'_> {
    /// Messages a killed run left `sending` become `unconfirmed`: the server had the whole message
    /// and its reply is unknown. Only safe while no other `send` runs (the caller holds the lock).
    pub fn settle(&self, now: DateTime<Utc>) -> Result<usize> {
        self.in_transaction(|tx| {
            let ids = ids_where(tx, self.path, "state = 'sending'")?;
            for &id in &ids {
                self.record(
                    tx,
                    id,
                    State::Unconfirmed,
                    "papila stopped after handing this message to the server and before the \
                     server's reply; it counts as sent and is not sent again",
                    None,
                    now,
                )?;
            }
            Ok(ids.len())
        })
    }

    /// Brings the outbox in line with the invitations: withdraws unsent messages whose invitation
    /// was cancelled or moved (or whose person no longer has an address), follows a changed
    /// address, and queues a message for every planned invitation with an email address that has
    /// none for its current appointment. `domain` ends the Message-IDs.
    pub fn sync(&self, campaign_id: &str, domain: &str, now: DateTime<Utc>) -> Result<Synced> {
        self.in_transaction(|tx| {
            let path = self.path;
            let stale = ids_where(
                tx,
                path,
                "state IN ('queued', 'failed-transient') AND id IN (
                    SELECT m.id FROM message m JOIN invitation i ON i.id = m.invitation_id
                    JOIN person p ON p.nik = i.nik
                    WHERE i.state != 'planned' OR i.office_id != m.office_id OR i.date != m.date
                       OR i.start != m.start OR coalesce(p.email, '') = '')",
            )?;
            for &id in &stale {
                self.record(
                    tx,
                    id,
                    State::Withdrawn,
                    "not sent: the invitation was cancelled or moved, or the address removed, \
                     before this message went out",
                    None,
                    now,
                )?;
            }
            // An appointment moved back where it was: its withdrawn message is due again.
            let restored = ids_where(
                tx,
                path,
                "state = 'withdrawn' AND id IN (
                    SELECT m.id FROM message m JOIN invitation i ON i.id = m.invitation_id
                    JOIN person p ON p.nik = i.nik
                    WHERE i.state = 'planned' AND i.office_id = m.office_id AND i.date = m.date
                      AND i.start = m.start AND coalesce(p.email, '') != '')",
            )?;
            for &id in &restored {
                tx.execute(
                    "UPDATE message SET attempts = 0, due_at = '' WHERE id = ?1",
                    [id],
                )
                .map_err(|e| sql(path, e))?;
                self.record(tx, id, State::Queued, "", None, now)?;
            }
            tx.execute(
                "UPDATE message SET address = (
                     SELECT p.email FROM invitation i JOIN person p ON p.nik = i.nik
                     WHERE i.id = message.invitation_id)
                 WHERE state IN ('queued', 'failed-transient') AND address != (
                     SELECT p.email FROM invitation i JOIN person p ON p.nik = i.nik
                     WHERE i.id = message.invitation_id)",
                [],
            )
            .map_err(|e| sql(path, e))?;
            let queued = tx
                .execute(
                    &format!(
                        "INSERT INTO message (invitation_id, channel, office_id, date, start, address,
                         message_id, state, queued_run, updated_at)
                     SELECT i.id, 'email', i.office_id, i.date, i.start, p.email,
                         {NEXT_MESSAGE_ID}, 'queued', ?3, ?4
                     FROM invitation i JOIN person p ON p.nik = i.nik
                     WHERE i.state = 'planned' AND coalesce(p.email, '') != ''
                       AND NOT EXISTS (SELECT 1 FROM message m WHERE m.invitation_id = i.id
                           AND m.channel = 'email' AND m.office_id = i.office_id
                           AND m.date = i.date AND m.start = i.start)
                     ORDER BY i.seq"
                    ),
                    params![campaign_id, domain, self.run, stamp(now)],
                )
                .map_err(|e| sql(path, e))?;
            tx.execute(
                "INSERT INTO message_event (message, run, at, state)
                 SELECT id, ?1, updated_at, 'queued' FROM message
                 WHERE queued_run = ?1 AND state = 'queued'
                   AND NOT EXISTS (SELECT 1 FROM message_event e WHERE e.message = message.id)",
                [self.run],
            )
            .map_err(|e| sql(path, e))?;
            Ok(Synced {
                queued,
                withdrawn: stale.len(),
                restored: restored.len(),
            })
        })
    }

    /// Up to `limit` messages due at `now`, after message `after` (outbox order).
    pub fn due(&self, after: i64, now: DateTime<Utc>, limit: usize) -> Result<Vec<Due>> {
        let path = self.path;
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT {INVITED_COLUMNS}, m.id, m.address, m.message_id, m.attempts
                 FROM message m JOIN invitation i ON i.id = m.invitation_id
                 JOIN person p ON p.nik = i.nik
                 WHERE m.id > ?1 AND {DUE}
                 ORDER BY m.id LIMIT ?3"
            ))
            .map_err(|e| sql(path, e))?;
        let mut rows = stmt
            .query(params![after, stamp(now), limit as i64])
            .map_err(|e| sql(path, e))?;
        let mut due = Vec::new();
        while let Some(row) = rows.next().map_err(|e| sql(path, e))? {
            due.push(due_row(path, row)?);
        }
        Ok(due)
    }

    /// How many messages are due at `now`.
    pub fn count_due(&self, now: DateTime<Utc>) -> Result<usize> {
        self.conn
            .query_row(
                &format!(
                    "SELECT count(*) FROM message m JOIN invitation i ON i.id = m.invitation_id
                     WHERE {DUE}"
                ),
                params![0, stamp(now)],
                |r| r.get::<_, i64>(0),
            )
            .map(|n| n as usize)
            .map_err(|e| sql(self.path, e))
    }

    /// Records that message `id` is with the server up to its final dot. Commits before it returns.
    pub fn sending(&self, id: i64, now: DateTime<Utc>) -> Result<()> {
        self.in_transaction(|tx| {
            tx.execute(
                "UPDATE message SET attempts = attempts + 1 WHERE id = ?1",
                [id],
            )
            .map_err(|e| sql(self.path, e))?;
            self.record(tx, id, State::Sending, "", None, now)
        })
    }

    /// Records the outcome of a try: `handed_over` says whether `sending` was recorded for it
    /// (else the try is counted now). `retry_at` is for a transient failure.
    pub fn outcome(
        &self,
        id: i64,
        state: State,
        reply: &str,
        handed_over: bool,
        retry_at: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.in_transaction(|tx| {
            if !handed_over {
                tx.execute(
                    "UPDATE message SET attempts = attempts + 1 WHERE id = ?1",
                    [id],
                )
                .map_err(|e| sql(self.path, e))?;
            }
            self.record(tx, id, state, reply, retry_at, now)
        })
    }

    /// How many messages are in each state.
    pub fn counts(&self) -> Result<Vec<(State, usize)>> {
        let mut stmt = self
            .conn
            .prepare("SELECT state, count(*) FROM message GROUP BY state")
            .map_err(|e| sql(self.path, e))?;
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))
            .map_err(|e| sql(self.path, e))?;
        let mut counts = Vec::new();
        for row in rows {
            let (state, n) = row.map_err(|e| sql(self.path, e))?;
            if let Some(state) = State::parse(&state) {
                counts.push((state, n as usize));
            }
        }
        Ok(counts)
    }

    /// Messages that failed for good or wait for a retry, for `email-failed.csv`.
    pub fn failures(&self, mut each: impl FnMut(Failure) -> Result<()>) -> Result<()> {
        let path = self.path;
        let mut stmt = self
            .conn
            .prepare(
                "SELECT m.invitation_id, p.name, m.address, m.state, m.attempts, m.reply,
                        m.updated_at, m.due_at
                 FROM message m JOIN invitation i ON i.id = m.invitation_id
                 JOIN person p ON p.nik = i.nik
                 WHERE m.state IN ('failed-permanent', 'failed-transient')
                 ORDER BY m.state DESC, m.id",
            )
            .map_err(|e| sql(path, e))?;
        let mut rows = stmt.query([]).map_err(|e| sql(path, e))?;
        while let Some(row) = rows.next().map_err(|e| sql(path, e))? {
            let get = |i: usize| row.get::<_, String>(i).map_err(|e| sql(path, e));
            each(Failure {
                invitation_id: get(0)?,
                name: get(1)?,
                address: get(2)?,
                state: get(3)?,
                attempts: row.get(4).map_err(|e| sql(path, e))?,
                reply: get(5)?,
                at: get(6)?,
                retry_at: get(7)?,
            })?;
        }
        Ok(())
    }

    fn record(
        &self,
        tx: &Connection,
        id: i64,
        state: State,
        reply: &str,
        retry_at: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let now = stamp(now);
        tx.execute(
            "UPDATE message SET state = ?2, reply = CASE WHEN ?3 = '' THEN reply ELSE ?3 END,
                 due_at = ?4, updated_at = ?5
             WHERE id = ?1",
            params![
                id,
                state.as_str(),
                reply,
                retry_at.map(stamp).unwrap_or_default(),
                now
            ],
        )
        .map_err(|e| sql(self.path, e))?;
        tx.execute(
            "INSERT INTO message_event (message, run, at, state, reply) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![id, self.run, now, state.as_str(), reply],
        )
        .map_err(|e| sql(self.path, e))?;
        Ok(())
    }

    fn in_transaction<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        // `unchecked_transaction`: the outbox borrows the connection shared; SQLite itself refuses
        // a nested transaction, which this module never starts.
        let tx = self
            .conn
            .unchecked_transaction()
            .map_err(|e| sql(self.path, e))?;
        let value = f(&tx)?;
        tx.commit().map_err(|e| sql(self.path, e))?;
        Ok(value)
    }
}

/// What `sync` changed.
#[derive(Debug, Default, Clone, Copy)]
pub struct Synced {
    pub queued: usize,
    pub withdrawn: usize,
    pub restored: usize,
}

/// A row of `email-failed.csv`.
pub struct Failure {
    pub invitation_id: String,
    pub name: String,
    pub address: String,
    pub state: String,
    pub attempts: u32,
    pub reply: String,
    pub at: String,
    pub retry_at: String,
}

/// What a run would take now, without changing the ledger (for `--dry-run`): messages queued or
/// deferred, then invitations with an address and no message yet for their appointment, with the
/// Message-ID `sync` would give them.
pub fn pending(
    conn: &Connection,
    path: &Path,
    campaign_id: &str,
    domain: &str,
    limit: Option<usize>,
) -> Result<Vec<Due>> {
    let mut stmt = conn
        .prepare(&format!(
            "SELECT {INVITED_COLUMNS}, coalesce(m.id, 0), p.email,
                 coalesce(m.message_id, {NEXT_MESSAGE_ID}),
                 coalesce(m.attempts, 0)
             FROM invitation i JOIN person p ON p.nik = i.nik
             LEFT JOIN message m ON m.invitation_id = i.id AND m.channel = 'email'
                 AND m.office_id = i.office_id AND m.date = i.date AND m.start = i.start
             WHERE i.state = 'planned' AND coalesce(p.email, '') != ''
               AND (m.id IS NULL OR m.state IN ('queued', 'failed-transient', 'withdrawn'))
             ORDER BY m.id IS NULL, m.id, i.seq
             LIMIT ?3"
        ))
        .map_err(|e| sql(path, e))?;
    let limit = limit.map_or(-1, |l| l as i64);
    let mut rows = stmt
        .query(params![campaign_id, domain, limit])
        .map_err(|e| sql(path, e))?;
    let mut pending = Vec::new();
    while let Some(row) = rows.next().map_err(|e| sql(path, e))? {
        pending.push(due_row(path, row)?);
    }
    Ok(pending)
}

fn due_row(path: &Path, row: &rusqlite::Row) -> Result<Due> {
    let (invited, _) = read_invited(path, row)?;
    let n = INVITED_COLUMN_COUNT;
    let get = |e: rusqlite::Error| sql(path, e);
    Ok(Due {
        id: row.get(n).map_err(get)?,
        address: row.get(n + 1).map_err(get)?,
        message_id: row.get(n + 2).map_err(get)?,
        attempts: row.get(n + 3).map_err(get)?,
        invited,
    })
}

fn ids_where(conn: &Connection, path: &Path, condition: &str) -> Result<Vec<i64>> {
    let mut stmt = conn
        .prepare(&format!(
            "SELECT id FROM message WHERE {condition} ORDER BY id"
        ))
        .map_err(|e| sql(path, e))?;
    let rows = stmt.query_map([], |r| r.get(0)).map_err(|e| sql(path, e))?;
    rows.collect::<rusqlite::Result<Vec<i64>>>()
        .map_err(|e| sql(path, e))
}
