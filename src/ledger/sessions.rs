//! What the web station keeps between restarts: the signed-in devices (`station_session`, by a
//! hash of their cookie, never the cookie itself), each code's epoch (a new code ends the old one
//! and its sessions), and the secret new invitation ids are keyed with when no signing key is set.

use rusqlite::{OptionalExtension, params};

use super::{At, Ledger};
use crate::error::Result;

/// A signed-in device as the ledger keeps it.
pub(crate) struct StoredSession {
    pub(crate) token_hash: String,
    /// `d:` for the district, `s:<office>` for a station.
    pub(crate) role: String,
    /// `text::stamp` form.
    pub(crate) expires_at: String,
}

impl Ledger {
    /// Sessions not ended and not expired at `now` (a stamp).
    pub(crate) fn open_sessions(&self, now: &str) -> Result<Vec<StoredSession>> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT token_hash, role, expires_at FROM station_session
                 WHERE ended_at = '' AND expires_at > ?1",
            )
            .at(&self.path)?;
        let rows = stmt
            .query_map([now], |r| {
                Ok(StoredSession {
                    token_hash: r.get(0)?,
                    role: r.get(1)?,
                    expires_at: r.get(2)?,
                })
            })
            .at(&self.path)?;
        rows.collect::<rusqlite::Result<Vec<_>>>().at(&self.path)
    }

    /// Records a new session.
    pub(crate) fn start_session(&self, s: &StoredSession, now: &str) -> Result<()> {
        self.conn
            .execute(
                "INSERT INTO station_session (token_hash, role, created_at, expires_at)
                 VALUES (?1, ?2, ?3, ?4)",
                params![s.token_hash, s.role, now, s.expires_at],
            )
            .at(&self.path)?;
        Ok(())
    }

    /// Ends one session (signing out).
    pub(crate) fn end_session(&self, token_hash: &str, now: &str) -> Result<()> {
        self.conn
            .execute(
                "UPDATE station_session SET ended_at = ?2 WHERE token_hash = ?1 AND ended_at = ''",
                params![token_hash, now],
            )
            .at(&self.path)?;
        Ok(())
    }

    /// Ends every open session of `role`; how many.
    pub(crate) fn end_sessions_of(&self, role: &str, now: &str) -> Result<usize> {
        self.conn
            .execute(
                "UPDATE station_session SET ended_at = ?2 WHERE role = ?1 AND ended_at = ''",
                params![role, now],
            )
            .at(&self.path)
    }

    /// The epoch of `role`'s code: 0 until a new code is made for it.
    pub(crate) fn code_epoch(&self, role: &str) -> Result<u32> {
        let key = format!("code_epoch:{role}");
        let value: Option<String> = self
            .conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [&key], |r| {
                r.get(0)
            })
            .optional()
            .at(&self.path)?;
        Ok(value.and_then(|v| v.parse().ok()).unwrap_or(0))
    }

    /// A new code for `role`: its epoch moves on and its sessions end, in one transaction.
    pub(crate) fn new_code_epoch(&self, role: &str, now: &str) -> Result<u32> {
        self.in_transaction(|tx| {
            let key = format!("code_epoch:{role}");
            let now_epoch: u32 = tx
                .query_row("SELECT value FROM meta WHERE key = ?1", [&key], |r| {
                    r.get::<_, String>(0)
                })
                .optional()
                .at(&self.path)?
                .and_then(|v| v.parse().ok())
                .unwrap_or(0);
            let next = now_epoch + 1;
            tx.execute(
                "INSERT INTO meta (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                params![key, next.to_string()],
            )
            .at(&self.path)?;
            tx.execute(
                "UPDATE station_session SET ended_at = ?2 WHERE role = ?1 AND ended_at = ''",
                params![role, now],
            )
            .at(&self.path)?;
            Ok(next)
        })
    }

    /// This ledger's secret for keying invitation ids, made (random) the first time it is asked
    /// for: used only when the campaign has no signing key to derive one from.
    pub(crate) fn id_secret(&self) -> Result<[u8; 32]> {
        self.conn
            .execute(
                "INSERT OR IGNORE INTO meta (key, value) VALUES ('id_secret', lower(hex(randomblob(32))))",
                [],
            )
            .at(&self.path)?;
        let hex: String = self
            .conn
            .query_row("SELECT value FROM meta WHERE key = 'id_secret'", [], |r| {
                r.get(0)
            })
            .at(&self.path)?;
        let mut secret = [0u8; 32];
        for (i, byte) in secret.iter_mut().enumerate() {
            *byte = hex
                .get(2 * i..2 * i + 2)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .ok_or_else(|| super::not_written(&self.path, "an id secret", "meta.id_secret"))?;
        }
        Ok(secret)
    }
}
