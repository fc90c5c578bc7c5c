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

use super::delivery::{INVITED_COLUMN_COUNT, INVITED_COLUMNS, Invited, invited};
use super::{At, Ledger};
use crate::error::Result;

/// A message's state, as the ledger writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum State {
    Queued,
    Sending,
    Sent,
    Unconfirmed,
    FailedTransient,
    FailedPermanent,
    Withdrawn,
}

impl State {
    pub(crate) const ALL: [State; 7] = [
        State::Queued,
        State::Sending,
        State::Sent,
        State::Unconfirmed,
        State::FailedTransient,
        State::FailedPermanent,
        State::Withdrawn,
    ];

    pub(crate) fn as_str(self) -> &'static str {
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

    pub(super) fn parse(s: &str) -> Option<State> {
        State::ALL.into_iter().find(|state| state.as_str() == s)
    }
}

/// Time as the ledger writes it: UTC, to the millisecond, so text order is time order.
pub(crate) fn stamp(t: DateTime<Utc>) -> String {
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
pub(crate) struct Due {
    pub(crate) id: i64,
    pub(crate) address: String,
    pub(crate) message_id: String,
    pub(crate) attempts: u32,
    pub(crate) invited: Invited,
}

/// The outbox of one ledger, for one `send` run: personal email (`message`) or email to village
/// and recording offices (`office_mail`, see `offices`). Both make the same moves.
pub(crate) struct Outbox<'a> {
    pub(super) ledger: &'a Ledger,
    pub(super) path: &'a Path,
    run: i64,
    /// The table of messages and the table of their events.
    table: &'static str,
    events: &'static str,
}

impl Ledger {
    /// The personal email outbox, for a `send email` run recorded as `run`.
    pub(crate) fn outbox(&self, run: i64) -> Outbox<'_> {
        Outbox {
            ledger: self,
            path: &self.path,
            run,
            table: "message",
            events: "message_event",
        }
    }

    /// The outbox of email to offices, for a `send offices` run recorded as `run`.
    pub(crate) fn office_outbox(&self, run: i64) -> Outbox<'_> {
        Outbox {
            ledger: self,
            path: &self.path,
            run,
            table: "office_mail",
            events: "office_mail_event",
        }
    }
}

impl Outbox<'_> {
    /// Messages a killed run left `sending` become `unconfirmed`: the server had the whole message
    /// and its reply is unknown. Only safe while no other `send` runs (the caller holds the lock).
    pub(crate) fn settle(&self, now: DateTime<Utc>) -> Result<usize> {
        self.in_transaction(|tx| {
            let ids = ids_where(tx, self.path, self.table, "state = 'sending'")?;
            for &id in &ids {
                self.record(
                    tx,
                    id,
                    State::Unconfirmed,
                    &t!("outbox-unconfirmed"),
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
    pub(crate) fn sync(
        &self,
        campaign_id: &str,
        domain: &str,
        now: DateTime<Utc>,
    ) -> Result<Synced> {
        self.in_transaction(|tx| {
            let path = self.path;
            let stale = ids_where(
                tx,
                path,
                "message",
                "state IN ('queued', 'failed-transient') AND id IN (
                    SELECT m.id FROM message m JOIN invitation i ON i.id = m.invitation_id
                    JOIN person p ON p.nik = i.nik
                    WHERE i.state != 'planned' OR i.office_id != m.office_id OR i.date != m.date
                       OR i.start != m.start OR coalesce(p.email, '') = '')",
            )?;
            for &id in &stale {
                self.record(tx, id, State::Withdrawn, &t!("outbox-withdrawn"), None, now)?;
            }
            // An appointment moved back where it was: its withdrawn message is due again.
            let restored = ids_where(
                tx,
                path,
                "message",
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
                .at(path)?;
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
            .at(path)?;
            tx.execute(
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
            .at(path)?;
            tx.execute(
                "INSERT INTO message_event (message, run, at, state)
                 SELECT id, ?1, updated_at, 'queued' FROM message
                 WHERE queued_run = ?1 AND state = 'queued'
                   AND NOT EXISTS (SELECT 1 FROM message_event e WHERE e.message = message.id)",
                [self.run],
            )
            .at(path)?;
            Ok(Synced {
                withdrawn: stale.len(),
            })
        })
    }

    /// Up to `limit` messages due at `now`, after message `after` (outbox order).
    pub(crate) fn due(&self, after: i64, now: DateTime<Utc>, limit: usize) -> Result<Vec<Due>> {
        let path = self.path;
        let mut stmt = self
            .ledger
            .conn
            .prepare_cached(&format!(
                "SELECT {INVITED_COLUMNS}, m.id, m.address, m.message_id, m.attempts
                 FROM message m JOIN invitation i ON i.id = m.invitation_id
                 JOIN person p ON p.nik = i.nik
                 WHERE m.id > ?1 AND {DUE}
                 ORDER BY m.id LIMIT ?3"
            ))
            .at(path)?;
        let mut rows = stmt
            .query(params![after, stamp(now), limit as i64])
            .at(path)?;
        let mut due = Vec::new();
        while let Some(row) = rows.next().at(path)? {
            due.push(due_row(path, row)?);
        }
        Ok(due)
    }

    /// How many messages are due at `now`.
    pub(crate) fn count_due(&self, now: DateTime<Utc>) -> Result<usize> {
        self.ledger
            .conn
            .query_row(
                &format!(
                    "SELECT count(*) FROM message m JOIN invitation i ON i.id = m.invitation_id
                     WHERE {DUE}"
                ),
                params![0, stamp(now)],
                |r| r.get::<_, i64>(0),
            )
            .map(|n| n as usize)
            .at(self.path)
    }

    /// Records that message `id` is with the server up to its final dot. Commits before it returns.
    pub(crate) fn sending(&self, id: i64, now: DateTime<Utc>) -> Result<()> {
        self.in_transaction(|tx| {
            tx.execute(
                &format!(
                    "UPDATE {} SET attempts = attempts + 1 WHERE id = ?1",
                    self.table
                ),
                [id],
            )
            .at(self.path)?;
            self.record(tx, id, State::Sending, "", None, now)
        })
    }

    /// Records the outcome of a try: `handed_over` says whether `sending` was recorded for it
    /// (else the try is counted now). `retry_at` is for a transient failure.
    pub(crate) fn outcome(
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
                    &format!(
                        "UPDATE {} SET attempts = attempts + 1 WHERE id = ?1",
                        self.table
                    ),
                    [id],
                )
                .at(self.path)?;
            }
            self.record(tx, id, state, reply, retry_at, now)
        })
    }

    /// How many messages are in each state.
    pub(crate) fn counts(&self) -> Result<Vec<(State, usize)>> {
        let mut stmt = self
            .ledger
            .conn
            .prepare(&format!(
                "SELECT state, count(*) FROM {} GROUP BY state",
                self.table
            ))
            .at(self.path)?;
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))
            .at(self.path)?;
        let mut counts = Vec::new();
        for row in rows {
            let (state, n) = row.at(self.path)?;
            if let Some(state) = State::parse(&state) {
                counts.push((state, n as usize));
            }
        }
        Ok(counts)
    }

    /// Messages that failed for good or wait for a retry, for `email-failed.csv`.
    pub(crate) fn failures(&self, mut each: impl FnMut(Failure) -> Result<()>) -> Result<()> {
        let path = self.path;
        let mut stmt = self
            .ledger
            .conn
            .prepare(
                "SELECT m.invitation_id, p.name, m.address, m.state, m.attempts, m.reply,
                        m.updated_at, m.due_at
                 FROM message m JOIN invitation i ON i.id = m.invitation_id
                 JOIN person p ON p.nik = i.nik
                 WHERE m.state IN ('failed-permanent', 'failed-transient')
                 ORDER BY m.state DESC, m.id",
            )
            .at(path)?;
        let mut rows = stmt.query([]).at(path)?;
        while let Some(row) = rows.next().at(path)? {
            let get = |i: usize| row.get::<_, String>(i).at(path);
            each(Failure {
                invitation_id: get(0)?,
                name: get(1)?,
                address: get(2)?,
                state: get(3)?,
                attempts: row.get(4).at(path)?,
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
            &format!(
                "UPDATE {} SET state = ?2, reply = CASE WHEN ?3 = '' THEN reply ELSE ?3 END,
                     due_at = ?4, updated_at = ?5
                 WHERE id = ?1",
                self.table
            ),
            params![
                id,
                state.as_str(),
                reply,
                retry_at.map(stamp).unwrap_or_default(),
                now
            ],
        )
        .at(self.path)?;
        tx.execute(
            &format!(
                "INSERT INTO {} (message, run, at, state, reply) VALUES (?1, ?2, ?3, ?4, ?5)",
                self.events
            ),
            params![id, self.run, now, state.as_str(), reply],
        )
        .at(self.path)?;
        Ok(())
    }

    pub(super) fn in_transaction<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        self.ledger.in_transaction(f)
    }

    pub(super) fn run(&self) -> i64 {
        self.run
    }
}

/// What `sync` changed.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Synced {
    /// Unsent messages withdrawn because their appointment changed.
    pub(crate) withdrawn: usize,
}

/// A row of `email-failed.csv`.
pub(crate) struct Failure {
    pub(crate) invitation_id: String,
    pub(crate) name: String,
    pub(crate) address: String,
    pub(crate) state: String,
    pub(crate) attempts: u32,
    pub(crate) reply: String,
    pub(crate) at: String,
    pub(crate) retry_at: String,
}

/// What a run would take now, without changing the ledger (for `--dry-run`): messages queued or
/// deferred, then invitations with an address and no message yet for their appointment, with the
/// Message-ID `sync` would give them.
pub(crate) fn pending(
    ledger: &Ledger,
    campaign_id: &str,
    domain: &str,
    limit: Option<usize>,
) -> Result<Vec<Due>> {
    let path = &ledger.path;
    let mut stmt = ledger
        .conn
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
        .at(path)?;
    let limit = limit.map_or(-1, |l| l as i64);
    let mut rows = stmt.query(params![campaign_id, domain, limit]).at(path)?;
    let mut pending = Vec::new();
    while let Some(row) = rows.next().at(path)? {
        pending.push(due_row(path, row)?);
    }
    Ok(pending)
}

fn due_row(path: &Path, row: &rusqlite::Row) -> Result<Due> {
    let (invited, _) = invited(path, row)?;
    let n = INVITED_COLUMN_COUNT;
    Ok(Due {
        id: row.get(n).at(path)?,
        address: row.get(n + 1).at(path)?,
        message_id: row.get(n + 2).at(path)?,
        attempts: row.get(n + 3).at(path)?,
        invited,
    })
}

fn ids_where(conn: &Connection, path: &Path, table: &str, condition: &str) -> Result<Vec<i64>> {
    let mut stmt = conn
        .prepare(&format!(
            "SELECT id FROM {table} WHERE {condition} ORDER BY id"
        ))
        .at(path)?;
    let rows = stmt.query_map([], |r| r.get(0)).at(path)?;
    rows.collect::<rusqlite::Result<Vec<i64>>>().at(path)
}
