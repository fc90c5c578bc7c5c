//! The ledger (spec §10): one SQLite file holding the people seen, invitations and their history. It
//! is what keeps appointments stable across runs; every change is made in one transaction, so a
//! killed process leaves it as it was before the run.
//!
//! The schema is versioned with `PRAGMA user_version`; `MIGRATIONS[n]` takes version n to n + 1.
//! Check-ins get their tables in a later migration.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension, params};

use crate::error::{Error, Result};

const MIGRATIONS: &[&str] = &[
    // 0 → 1: people, invitations and their history.
    r#"
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE run (
        id INTEGER PRIMARY KEY,
        command TEXT NOT NULL,
        started_at TEXT NOT NULL
    );
    CREATE TABLE person (
        nik TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        birth_date TEXT NOT NULL,
        birth_place TEXT NOT NULL,
        sex TEXT,
        no_kk TEXT,
        address TEXT NOT NULL,
        rt TEXT NOT NULL,
        rw TEXT NOT NULL,
        dusun TEXT NOT NULL,
        village_code TEXT NOT NULL,
        phone TEXT,
        email TEXT,
        source TEXT NOT NULL,
        line INTEGER NOT NULL,
        status TEXT NOT NULL,
        last_run INTEGER NOT NULL REFERENCES run(id)
    );
    CREATE TABLE invitation (
        id TEXT PRIMARY KEY,
        nik TEXT NOT NULL UNIQUE REFERENCES person(nik),
        seq INTEGER NOT NULL UNIQUE,
        state TEXT NOT NULL CHECK (state IN ('planned', 'cancelled')),
        office_id TEXT NOT NULL,
        date TEXT NOT NULL,
        start TEXT NOT NULL,
        end TEXT NOT NULL,
        created_run INTEGER NOT NULL REFERENCES run(id),
        updated_run INTEGER NOT NULL REFERENCES run(id)
    );
    CREATE INDEX invitation_slot ON invitation (office_id, date, start) WHERE state = 'planned';
    CREATE TABLE invitation_event (
        id INTEGER PRIMARY KEY,
        invitation_id TEXT NOT NULL REFERENCES invitation(id),
        run INTEGER NOT NULL REFERENCES run(id),
        kind TEXT NOT NULL CHECK (kind IN ('planned', 'moved', 'cancelled', 'restored')),
        office_id TEXT NOT NULL,
        date TEXT NOT NULL,
        start TEXT NOT NULL,
        detail TEXT NOT NULL DEFAULT ''
    );
    "#,
    // 1 → 2: the email outbox (spec §9). A message announces one appointment; when the appointment
    // moves, the old message is withdrawn (if unsent) and a new one is queued. `sending` is written
    // after the whole message is on the wire and before its final dot, so a message found `sending`
    // by the next run was handed to the server, with its reply unknown: it becomes `unconfirmed`.
    r#"
    CREATE TABLE message (
        id INTEGER PRIMARY KEY,
        invitation_id TEXT NOT NULL REFERENCES invitation(id),
        channel TEXT NOT NULL CHECK (channel IN ('email')),
        office_id TEXT NOT NULL,
        date TEXT NOT NULL,
        start TEXT NOT NULL,
        address TEXT NOT NULL,
        message_id TEXT NOT NULL UNIQUE,
        state TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'sent', 'unconfirmed',
            'failed-transient', 'failed-permanent', 'withdrawn')),
        attempts INTEGER NOT NULL DEFAULT 0,
        due_at TEXT NOT NULL DEFAULT '',
        reply TEXT NOT NULL DEFAULT '',
        queued_run INTEGER NOT NULL REFERENCES run(id),
        updated_at TEXT NOT NULL,
        UNIQUE (invitation_id, channel, office_id, date, start)
    );
    CREATE INDEX message_state ON message (state, due_at);
    CREATE TABLE message_event (
        id INTEGER PRIMARY KEY,
        message INTEGER NOT NULL REFERENCES message(id),
        run INTEGER NOT NULL REFERENCES run(id),
        at TEXT NOT NULL,
        state TEXT NOT NULL,
        reply TEXT NOT NULL DEFAULT ''
    );
    "#,
    // 2 → 3: check-ins (spec §8). One row per person checked in, with the first scan that did it;
    // every scan judged at the district, accepted or not, is kept in `scan` for audit.
    r#"
    CREATE TABLE checkin (
        invitation_id TEXT PRIMARY KEY REFERENCES invitation(id),
        at TEXT NOT NULL,
        station TEXT NOT NULL DEFAULT '',
        how TEXT NOT NULL CHECK (how IN ('scan', 'typed', 'import')),
        not_today INTEGER NOT NULL DEFAULT 0,
        run INTEGER NOT NULL REFERENCES run(id)
    );
    CREATE TABLE scan (
        id INTEGER PRIMARY KEY,
        run INTEGER NOT NULL REFERENCES run(id),
        at TEXT NOT NULL,
        station TEXT NOT NULL DEFAULT '',
        outcome TEXT NOT NULL,
        invitation_id TEXT,
        source TEXT NOT NULL DEFAULT ''
    );
    "#,
    // 3 → 4: re-invitation of no-shows. `attempt` counts the invitations a person has had (their
    // letters); `missed` is the date of the last appointment they did not come to.
    r#"
    ALTER TABLE invitation ADD COLUMN attempt INTEGER NOT NULL DEFAULT 1;
    ALTER TABLE invitation ADD COLUMN missed TEXT NOT NULL DEFAULT '';
    "#,
    // 4 → 5: people in delivery order (village, dusun, RW, RT, address, name), so render reads
    // the district in that order without sorting all of it in memory (`DELIVERY_FROM`).
    r#"
    CREATE INDEX person_delivery ON person (village_code, dusun, rw, rt, address, name);
    "#,
];

/// Planned invitations with their people, in delivery order (how letters are bundled and handed
/// out): `SELECT … FROM {DELIVERY_FROM} ORDER BY {DELIVERY_ORDER}`. People lead the join so SQLite walks `person_delivery` and only
/// sorts people with the same name and address by id, rather than holding the whole district in
/// a sort (~35 MB at 200,000 people).
pub const DELIVERY_FROM: &str = "person p CROSS JOIN invitation i ON i.nik = p.nik
     WHERE i.state = 'planned'";
/// The order `DELIVERY_FROM` is read in.
pub const DELIVERY_ORDER: &str = "p.village_code, p.dusun, p.rw, p.rt, p.address, p.name, i.id";

pub struct Ledger {
    pub conn: Connection,
    pub path: PathBuf,
}

/// An invitation as the ledger holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invitation {
    pub id: String,
    pub nik: String,
    pub seq: i64,
    pub planned: bool,
    pub office_id: String,
    pub date: String,
    pub start: String,
    pub end: String,
    /// How many invitations (letters) the person has had: 2 after one re-invitation.
    pub attempt: i64,
    /// The last appointment they missed (ISO date), or empty.
    pub missed: String,
    /// Whether the person has been checked in.
    pub attended: bool,
}

impl Ledger {
    /// Opens (or creates, owner-only) the ledger of `campaign_id` and brings its schema up to date.
    pub fn open(path: &Path, campaign_id: &str) -> Result<Ledger> {
        if !path.exists() {
            // Created empty with mode 0600 before SQLite touches it: it holds personal data.
            crate::output::create_new_private(path)?;
        }
        let conn = Connection::open(path).map_err(|e| sql(path, e))?;
        conn.busy_timeout(std::time::Duration::from_secs(30))
            .map_err(|e| sql(path, e))?;
        conn.execute_batch("PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;")
            .map_err(|e| sql(path, e))?;
        let mut ledger = Ledger {
            conn,
            path: path.to_path_buf(),
        };
        ledger.migrate()?;
        ledger.bind_campaign(campaign_id)?;
        Ok(ledger)
    }

    fn migrate(&mut self) -> Result<()> {
        let path = self.path.clone();
        let version: usize = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0))
            .map_err(|e| sql(&path, e))? as usize;
        if version > MIGRATIONS.len() {
            return Err(Error::Input {
                path: path.display().to_string(),
                message: format!(
                    "was written by a newer papila (schema {version}; this papila knows up to {})",
                    MIGRATIONS.len()
                ),
                hint: "use the papila version that last wrote this ledger, or a newer one".into(),
            });
        }
        for (n, migration) in MIGRATIONS.iter().enumerate().skip(version) {
            let tx = self.conn.transaction().map_err(|e| sql(&path, e))?;
            tx.execute_batch(migration).map_err(|e| sql(&path, e))?;
            tx.pragma_update(None, "user_version", (n + 1) as i64)
                .map_err(|e| sql(&path, e))?;
            tx.commit().map_err(|e| sql(&path, e))?;
        }
        Ok(())
    }

    /// A ledger belongs to one campaign: ids and tokens are derived from its id.
    fn bind_campaign(&mut self, campaign_id: &str) -> Result<()> {
        let path = self.path.clone();
        let stored: Option<String> = self
            .conn
            .query_row(
                "SELECT value FROM meta WHERE key = 'campaign_id'",
                [],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| sql(&path, e))?;
        match stored {
            None => {
                self.conn
                    .execute(
                        "INSERT INTO meta (key, value) VALUES ('campaign_id', ?1)",
                        [campaign_id],
                    )
                    .map_err(|e| sql(&path, e))?;
                Ok(())
            }
            Some(s) if s == campaign_id => Ok(()),
            Some(s) => Err(Error::Input {
                path: path.display().to_string(),
                message: format!(
                    "is the ledger of campaign \"{s}\", but papila.toml says \"{campaign_id}\""
                ),
                hint:
                    "a campaign id never changes once letters are out; put [campaign] id back, or \
                       start the new campaign in its own folder"
                        .into(),
            }),
        }
    }
}

/// Every invitation, planned or cancelled, in letter-number order.
pub fn invitations(conn: &Connection, path: &Path) -> Result<Vec<Invitation>> {
    let mut stmt = conn
        .prepare(
            "SELECT i.id, i.nik, i.seq, i.state, i.office_id, i.date, i.start, i.end, i.attempt,
                    i.missed, EXISTS (SELECT 1 FROM checkin c WHERE c.invitation_id = i.id)
             FROM invitation i ORDER BY i.seq",
        )
        .map_err(|e| sql(path, e))?;
    let rows = stmt
        .query_map([], |r| {
            Ok(Invitation {
                id: r.get(0)?,
                nik: r.get(1)?,
                seq: r.get(2)?,
                planned: r.get::<_, String>(3)? == "planned",
                office_id: r.get(4)?,
                date: r.get(5)?,
                start: r.get(6)?,
                end: r.get(7)?,
                attempt: r.get(8)?,
                missed: r.get(9)?,
                attended: r.get(10)?,
            })
        })
        .map_err(|e| sql(path, e))?;
    rows.collect::<rusqlite::Result<Vec<_>>>()
        .map_err(|e| sql(path, e))
}

/// A SQLite failure as a user-facing error naming the ledger file.
pub fn sql(path: &Path, e: rusqlite::Error) -> Error {
    let hint_busy = matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    );
    let message = if hint_busy {
        "is in use by another papila run".to_string()
    } else {
        format!("cannot be used: {e}")
    };
    Error::Input {
        path: path.display().to_string(),
        message,
        hint: if hint_busy {
            "wait for the other run to finish, then run this command again".into()
        } else {
            "check that the file is a papila ledger and that the disk is not full; a copy of the \
             ledger from before the problem can be put back safely"
                .into()
        },
    }
}

/// Records a run of `command` in a transaction of its own and returns its id.
pub fn begin_run(ledger: &Ledger, command: &str) -> Result<i64> {
    let tx = ledger
        .conn
        .unchecked_transaction()
        .map_err(|e| sql(&ledger.path, e))?;
    let run = start_run(&tx, &ledger.path, command)?;
    tx.commit().map_err(|e| sql(&ledger.path, e))?;
    Ok(run)
}

/// Records a run and returns its id.
pub fn start_run(tx: &rusqlite::Transaction<'_>, path: &Path, command: &str) -> Result<i64> {
    let now = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string();
    tx.execute(
        "INSERT INTO run (command, started_at) VALUES (?1, ?2)",
        params![command, now],
    )
    .map_err(|e| sql(path, e))?;
    Ok(tx.last_insert_rowid())
}
