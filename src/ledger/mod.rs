//! The ledger (spec §10): one SQLite file holding the people seen, invitations and their history,
//! the email outbox and check-ins. It is what keeps appointments stable across runs and dispatch
//! resumable, and it is the one door to stored state: the schema, its migrations and every query
//! live in this folder as named functions with typed rows; no other module writes SQL.
//!
//! - `schema`: the tables, `PRAGMA user_version` migrations, and the campaign a ledger belongs to;
//! - `plan`: the one transaction of a `plan` run (people, invitations, their events);
//! - `delivery`: planned invitations with their people, read in delivery or session order;
//! - `outbox`: the email outbox and the only moves a message may make;
//! - `checkins`: what check-in asks of invitations, and the scans and check-ins it records;
//! - `counts`: the coverage figures of `report`;
//! - `rounds`: print rounds, the letters each printed and the letters made void (`new_round`
//!   makes one);
//! - `offices`: the outbox of emails to village and recording offices;
//! - `station`, `sessions`: what the web station reads, and the sessions, code epochs and id
//!   secret it keeps.

mod checkins;
mod counts;
mod delivery;
mod letter;
mod new_round;
pub(crate) mod offices;
pub(crate) mod outbox;
mod plan;
mod rounds;
mod schema;
mod sessions;
mod station;

use std::path::{Path, PathBuf};

use rusqlite::{Connection, params};

use crate::config::Config;
use crate::error::{Error, Result};

pub(crate) use checkins::{Recorded, Scan, WalkIn, line_hash};
pub(crate) use counts::VillageCount;
pub(crate) use delivery::Invited;
pub(crate) use letter::{LetterKind, Printed, VoidReason, Voided};
pub(crate) use plan::{Invitation, Tx};
pub(crate) use rounds::{Point, RoundCounts, Standing};
pub(crate) use sessions::StoredSession;
pub(crate) use station::Unseated;

pub(crate) struct Ledger {
    conn: Connection,
    path: PathBuf,
}

/// The ledger file of a campaign: `papila.db` beside the config.
pub(crate) fn path_of(config: &Config) -> PathBuf {
    config.dir.join("papila.db")
}

impl Ledger {
    /// Opens (or creates, owner-only) the ledger of `campaign_id` and brings its schema up to date.
    pub(crate) fn open(path: &Path, campaign_id: &str) -> Result<Ledger> {
        if !path.exists() {
            // Created empty with mode 0600 before SQLite touches it: it holds personal data.
            crate::output::create_new_private(path)?;
        }
        let conn = Connection::open(path).at(path)?;
        conn.busy_timeout(std::time::Duration::from_secs(30))
            .at(path)?;
        conn.execute_batch("PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;")
            .at(path)?;
        let mut ledger = Ledger {
            conn,
            path: path.to_path_buf(),
        };
        schema::migrate(&mut ledger.conn, path)?;
        schema::bind_campaign(&ledger.conn, path, campaign_id)?;
        Ok(ledger)
    }

    /// The ledger of a campaign, made (owner-only) if it has none yet: what `plan` writes to.
    pub(crate) fn open_campaign(config: &Config) -> Result<Ledger> {
        Ledger::open(&path_of(config), &config.campaign.id)
    }

    /// From here on this connection only reads: any write is refused by SQLite itself
    /// (`query_only`), so a stage that must not write cannot, by mistake or by a later change.
    pub(crate) fn read_only(&self) -> Result<()> {
        self.conn
            .pragma_update(None, "query_only", true)
            .at(&self.path)
    }

    /// This ledger's own id (random, made with it).
    pub(crate) fn ledger_id(&self) -> Result<String> {
        self.conn
            .query_row("SELECT value FROM meta WHERE key = 'ledger_id'", [], |r| {
                r.get(0)
            })
            .at(&self.path)
    }

    /// The ledger of a campaign that has been planned; a campaign without one is told to plan.
    pub(crate) fn open_planned(config: &Config) -> Result<Ledger> {
        let path = path_of(config);
        if !path.exists() {
            return Err(Error::NoPlan { ledger: path });
        }
        Ledger::open(&path, &config.campaign.id)
    }

    /// The campaign's ledger opened read-only, for what earlier plans saw of the lists' rows
    /// (`check`, which changes nothing): `None` when there is none, or one of another schema or
    /// campaign (a plan will bring it up to date).
    pub(crate) fn history_of(config: &Config) -> Result<Option<Ledger>> {
        let path = path_of(config);
        if !path.exists() {
            return Ok(None);
        }
        let conn = Connection::open_with_flags(
            &path,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .at(&path)?;
        conn.busy_timeout(std::time::Duration::from_secs(30))
            .at(&path)?;
        if !schema::current_and_of(&conn, &config.campaign.id) {
            return Ok(None);
        }
        Ok(Some(Ledger { conn, path }))
    }

    /// The ledger of a campaign if it has one (`verify` works without).
    pub(crate) fn open_if_planned(config: &Config) -> Result<Option<Ledger>> {
        if path_of(config).exists() {
            Ledger::open_planned(config).map(Some)
        } else {
            Ok(None)
        }
    }

    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    /// Records a run of `command` in a transaction of its own and returns its id.
    pub(crate) fn begin_run(&self, command: &str) -> Result<i64> {
        let tx = self.conn.unchecked_transaction().at(&self.path)?;
        let run = start_run(&tx, &self.path, command)?;
        tx.commit().at(&self.path)?;
        Ok(run)
    }

    /// Runs `f` in a transaction of its own, committed when it returns `Ok`.
    fn in_transaction<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        // `unchecked_transaction`: callers borrow the ledger shared; SQLite itself refuses a
        // nested transaction, which the ledger never starts.
        let tx = self.conn.unchecked_transaction().at(&self.path)?;
        let value = f(&tx)?;
        tx.commit().at(&self.path)?;
        Ok(value)
    }
}

/// Records a run and returns its id.
fn start_run(conn: &Connection, path: &Path, command: &str) -> Result<i64> {
    let now = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string();
    conn.execute(
        "INSERT INTO run (command, started_at) VALUES (?1, ?2)",
        params![command, now],
    )
    .at(path)?;
    Ok(conn.last_insert_rowid())
}

/// A SQLite result as a user-facing one naming the ledger file.
trait At<T> {
    fn at(self, path: &Path) -> Result<T>;
}

impl<T> At<T> for rusqlite::Result<T> {
    fn at(self, path: &Path) -> Result<T> {
        self.map_err(|e| sql(path, e))
    }
}

/// A SQLite failure as a user-facing error naming the ledger file.
fn sql(path: &Path, e: rusqlite::Error) -> Error {
    let busy = matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    );
    // A write the disk refused: full (SQLITE_FULL), or past the size this system allows a file,
    // which SQLite reports as a failed write.
    let full = matches!(e.sqlite_error_code(), Some(rusqlite::ErrorCode::DiskFull))
        || matches!(
            &e,
            rusqlite::Error::SqliteFailure(f, _)
                if f.extended_code == rusqlite::ffi::SQLITE_IOERR_WRITE
                    || f.extended_code == rusqlite::ffi::SQLITE_IOERR_FSYNC
        );
    let (message, hint) = if busy {
        (t!("ledger-busy"), t!("ledger-busy-hint"))
    } else if full {
        (t!("ledger-disk-full"), t!("io-disk-full-hint"))
    } else {
        (
            t!("ledger-unusable", problem = e.to_string()),
            t!("ledger-unusable-hint"),
        )
    };
    Error::Ledger {
        path: path.to_path_buf(),
        message,
        hint,
    }
}

/// A value in the ledger that papila could not have written: an error, not a letter with a blank.
pub(crate) fn not_written(path: &Path, what: &str, value: &str) -> Error {
    Error::Ledger {
        path: path.to_path_buf(),
        message: t!("ledger-not-written", what = what, value = value),
        hint: t!("ledger-not-written-hint"),
    }
}

/// What earlier plans saw, read from a ledger (`check`).
impl crate::pipeline::History for Ledger {
    fn seen(&self, nik: u64, fingerprint: &str) -> Result<bool> {
        plan::seen_in(&self.conn, &self.path, nik, fingerprint)
    }

    fn used(&self, nik: u64) -> Result<Option<String>> {
        plan::used_in(&self.conn, &self.path, nik)
    }
}
