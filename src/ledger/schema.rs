//! The ledger's tables: `MIGRATIONS[n]` takes a ledger from `PRAGMA user_version` n to n + 1, each in
//! a transaction of its own, so a ledger of any earlier papila opens with this one. A ledger belongs
//! to one campaign: invitation ids and tokens are derived from its id.

use std::path::Path;

use rusqlite::{Connection, OptionalExtension};

use super::At;
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
    // 5 → 6: the recording status the person's list gave (`Recording::stored`), so the report can
    // count those recorded twice (DUPLICATE_RECORD), whom the district must resolve.
    r#"
    ALTER TABLE person ADD COLUMN recording TEXT NOT NULL DEFAULT '';
    "#,
    // 6 → 7: print rounds (gelombang) and the letters each printed, and the outbox of emails to
    // village and recording offices. A letter row is what went to the printer, kept whole in
    // `content` so any round can be made again byte for byte; a letter stands (`void_round IS
    // NULL`) until a newer letter replaces it or its invitation is cancelled, in the round that
    // says so. A ledger planned before rounds existed makes its standing letters round 1.
    r#"
    CREATE TABLE round (
        id INTEGER PRIMARY KEY,
        run INTEGER NOT NULL REFERENCES run(id),
        day TEXT NOT NULL
    );
    CREATE TABLE letter (
        id INTEGER PRIMARY KEY,
        invitation_id TEXT NOT NULL REFERENCES invitation(id),
        round INTEGER NOT NULL REFERENCES round(id),
        kind TEXT NOT NULL CHECK (kind IN ('new', 'replacement', 'second')),
        fingerprint TEXT NOT NULL,
        village_code TEXT NOT NULL,
        dusun TEXT NOT NULL,
        rw TEXT NOT NULL,
        rt TEXT NOT NULL,
        address TEXT NOT NULL,
        name TEXT NOT NULL,
        content TEXT NOT NULL,
        void_round INTEGER REFERENCES round(id),
        void_reason TEXT NOT NULL DEFAULT ''
    );
    CREATE UNIQUE INDEX letter_standing ON letter (invitation_id) WHERE void_round IS NULL;
    CREATE INDEX letter_delivery ON letter (village_code, dusun, rw, rt, address, name)
        WHERE void_round IS NULL;
    CREATE INDEX letter_round ON letter (round, village_code);
    CREATE INDEX letter_void ON letter (void_round, village_code);
    CREATE TABLE office_mail (
        id INTEGER PRIMARY KEY,
        round INTEGER NOT NULL REFERENCES round(id),
        kind TEXT NOT NULL CHECK (kind IN ('village', 'office')),
        recipient TEXT NOT NULL,
        part INTEGER NOT NULL,
        parts INTEGER NOT NULL,
        address TEXT NOT NULL,
        message_id TEXT NOT NULL UNIQUE,
        state TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'sent', 'unconfirmed',
            'failed-transient', 'failed-permanent', 'withdrawn')),
        attempts INTEGER NOT NULL DEFAULT 0,
        due_at TEXT NOT NULL DEFAULT '',
        reply TEXT NOT NULL DEFAULT '',
        queued_run INTEGER NOT NULL REFERENCES run(id),
        updated_at TEXT NOT NULL,
        UNIQUE (round, kind, recipient, part)
    );
    CREATE TABLE office_mail_event (
        id INTEGER PRIMARY KEY,
        message INTEGER NOT NULL REFERENCES office_mail(id),
        run INTEGER NOT NULL REFERENCES run(id),
        at TEXT NOT NULL,
        state TEXT NOT NULL,
        reply TEXT NOT NULL DEFAULT ''
    );
    "#,
    // 7 → 8: the first day an invited person's age allows an appointment, so the report can tell
    // those who reach it only after the campaign (no capacity would place them) from those no
    // place was left for.
    r#"
    ALTER TABLE person ADD COLUMN of_age TEXT NOT NULL DEFAULT '';
    "#,
    // 8 → 9: the web station (`papila serve`). A scan sent by a browser carries a nonce: sent again
    // (a lost answer, a queue replayed after the network came back) it is recorded once. A scan
    // queued offline keeps the time it was made (`at`) apart from the time it arrived.
    r#"
    ALTER TABLE scan ADD COLUMN nonce TEXT;
    ALTER TABLE scan ADD COLUMN received_at TEXT NOT NULL DEFAULT '';
    CREATE UNIQUE INDEX scan_nonce ON scan (nonce) WHERE nonce IS NOT NULL;
    CREATE INDEX checkin_station ON checkin (station, at);
    "#,
    // 9 → 10: an id of its own for each ledger, so what render keeps between runs (keyed by letter
    // ids) is never taken for a ledger made anew in the same folder, whose ids start again at 1.
    r#"
    INSERT OR IGNORE INTO meta (key, value) VALUES ('ledger_id', lower(hex(randomblob(16))));
    "#,
    // 10 → 11: why an invitation was cancelled or moved is kept as a code (`reason::Cancellation`,
    // `reason::Move`), worded where it is shown; the sentences earlier papilas stored, in either
    // language, become their codes, and one not recognised becomes '' (reason unknown).
    r#"
    UPDATE invitation_event SET detail = CASE
        WHEN detail = '' THEN ''
        WHEN detail LIKE '%recorded%' OR detail LIKE '%sudah merekam%' THEN 'recorded'
        WHEN detail LIKE '%no longer in the lists%' OR detail LIKE '%tidak ada lagi di daftar%'
            THEN 'left'
        WHEN detail LIKE '%--replan%' THEN 'no_place'
        WHEN detail LIKE '%too_young%' THEN 'now:too_young'
        WHEN detail LIKE '%duplicate%' THEN 'now:duplicate'
        WHEN detail LIKE '%rejected%' THEN 'now:rejected'
        WHEN detail LIKE '%out_of_area%' THEN 'now:out_of_area'
        WHEN detail LIKE '%overflow%' THEN 'now:overflow'
        ELSE '' END
    WHERE kind = 'cancelled';
    UPDATE invitation_event SET detail = CASE
        WHEN detail LIKE '%did not come%' THEN 'reinvited'
        WHEN detail LIKE '%another office%' THEN 'office_changed'
        WHEN detail LIKE '%--replan%' THEN 'replan'
        WHEN detail LIKE 'invited again%' THEN 'restored'
        ELSE '' END
    WHERE kind IN ('moved', 'restored');
    "#,
    // 11 → 12: the web station's defences. A scan keeps a hash of the line it was sent with, so a
    // nonce sent again answers only for the same line and station. Sessions live here (one per
    // signed-in device, with an expiry, ended by signing out or by a new code), so they outlast a
    // restarted server and can be revoked; `meta` keeps the codes' epochs and the secret new
    // invitation ids are keyed with when the campaign has no signing key.
    r#"
    ALTER TABLE scan ADD COLUMN line_hash TEXT NOT NULL DEFAULT '';
    CREATE TABLE station_session (
        token_hash TEXT PRIMARY KEY,
        role TEXT NOT NULL,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        ended_at TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX station_session_role ON station_session (role) WHERE ended_at = '';
    "#,
    // 12 → 13: which row wins (spec §6). Every row content a plan has seen, per NIK, so a row
    // never seen before is news; and the content of the row each person's record was taken from,
    // so among rows seen before that one stays.
    r#"
    CREATE TABLE row_seen (
        nik TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        first_run INTEGER NOT NULL REFERENCES run(id),
        PRIMARY KEY (nik, fingerprint)
    ) WITHOUT ROWID;
    ALTER TABLE person ADD COLUMN row_fingerprint TEXT NOT NULL DEFAULT '';
    "#,
    // 13 → 14: students (spec §11): the school (NPSN) and class of a person whose school row is
    // used; empty for everyone else. And the people to be invited by birth date, for a station's
    // search for a walk-in (not a scan of the district under the lock every scan waits for).
    r#"
    ALTER TABLE person ADD COLUMN school TEXT NOT NULL DEFAULT '';
    ALTER TABLE person ADD COLUMN class TEXT NOT NULL DEFAULT '';
    CREATE INDEX person_school ON person (school, class, name) WHERE school != '';
    CREATE INDEX person_to_seat ON person (birth_date) WHERE status = 'invited';
    "#,
    // 14 → 15: a letter's delivery point (spec §11): a student of a visited school gets their
    // letter through the school (its NPSN, and their class for the order of its batch), everyone
    // else through their village (school empty).
    r#"
    ALTER TABLE letter ADD COLUMN school TEXT NOT NULL DEFAULT '';
    ALTER TABLE letter ADD COLUMN class TEXT NOT NULL DEFAULT '';
    CREATE INDEX letter_school ON letter (school, class, name, invitation_id)
        WHERE void_round IS NULL AND school != '';
    "#,
];

/// Whether a ledger opened read-only is of this papila's schema and of `campaign_id`: what
/// `check` asks before it reads a ledger it must not change.
pub(super) fn current_and_of(conn: &Connection, campaign_id: &str) -> bool {
    let version = conn
        .query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0))
        .unwrap_or(-1);
    let campaign: Option<String> = conn
        .query_row(
            "SELECT value FROM meta WHERE key = 'campaign_id'",
            [],
            |r| r.get(0),
        )
        .ok();
    version == MIGRATIONS.len() as i64 && campaign.as_deref() == Some(campaign_id)
}

/// Brings the schema up to date; refuses a ledger written by a newer papila.
pub(super) fn migrate(conn: &mut Connection, path: &Path) -> Result<()> {
    let version = conn
        .query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0))
        .at(path)? as usize;
    if version > MIGRATIONS.len() {
        return Err(Error::Ledger {
            path: path.to_path_buf(),
            message: t!("ledger-newer", version = version, known = MIGRATIONS.len()),
            hint: t!("ledger-newer-hint"),
        });
    }
    for (n, migration) in MIGRATIONS.iter().enumerate().skip(version) {
        let tx = conn.transaction().at(path)?;
        tx.execute_batch(migration).at(path)?;
        tx.pragma_update(None, "user_version", (n + 1) as i64)
            .at(path)?;
        tx.commit().at(path)?;
    }
    Ok(())
}

/// Binds a new ledger to `campaign_id`, or checks that an old one belongs to it.
pub(super) fn bind_campaign(conn: &Connection, path: &Path, campaign_id: &str) -> Result<()> {
    let stored: Option<String> = conn
        .query_row(
            "SELECT value FROM meta WHERE key = 'campaign_id'",
            [],
            |r| r.get(0),
        )
        .optional()
        .at(path)?;
    match stored {
        None => {
            conn.execute(
                "INSERT INTO meta (key, value) VALUES ('campaign_id', ?1)",
                [campaign_id],
            )
            .at(path)?;
            Ok(())
        }
        Some(s) if s == campaign_id => Ok(()),
        Some(s) => Err(Error::Ledger {
            path: path.to_path_buf(),
            message: t!("ledger-other-campaign", theirs = &s, ours = campaign_id),
            hint: t!("ledger-other-campaign-hint"),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A ledger left at `version` by an earlier papila, holding a run, a person and an invitation
    /// (from version 1 on).
    fn ledger_at(version: usize) -> Connection {
        let mut conn = Connection::open_in_memory().unwrap();
        for (n, migration) in MIGRATIONS.iter().enumerate().take(version) {
            let tx = conn.transaction().unwrap();
            tx.execute_batch(migration).unwrap();
            tx.pragma_update(None, "user_version", (n + 1) as i64)
                .unwrap();
            tx.commit().unwrap();
        }
        if version >= 1 {
            conn.execute_batch(
                "INSERT INTO run (id, command, started_at) VALUES (1, 'plan', '2024-06-01T00:00:00Z');
                 INSERT INTO person (nik, name, birth_date, birth_place, address, rt, rw, dusun,
                     village_code, source, line, status, last_run)
                 VALUES ('3301021708070001', 'ANDI', '2007-08-17', '', '', '001', '002', '',
                     '33.01.02.2001', 'a.csv', 2, 'invited', 1);
                 INSERT INTO invitation (id, nik, seq, state, office_id, date, start, end,
                     created_run, updated_run)
                 VALUES ('PT83K9SD', '3301021708070001', 1, 'planned', 'kesugihan', '2024-07-01',
                     '08:00', '12:00', 1, 1);",
            )
            .unwrap();
        }
        conn
    }

    #[test]
    fn a_ledger_of_every_earlier_schema_is_brought_up_to_date_with_its_rows() {
        let path = Path::new("papila.db");
        for version in 0..=MIGRATIONS.len() {
            let mut conn = ledger_at(version);
            migrate(&mut conn, path).unwrap();
            let now: i64 = conn
                .query_row("PRAGMA user_version", [], |r| r.get(0))
                .unwrap();
            assert_eq!(now as usize, MIGRATIONS.len(), "from version {version}");
            let invitations: i64 = conn
                .query_row(
                    "SELECT count(*) FROM invitation WHERE attempt = 1",
                    [],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(
                invitations,
                i64::from(version >= 1),
                "from version {version}"
            );
            let recording: String = conn
                .query_row("SELECT coalesce(max(recording), '') FROM person", [], |r| {
                    r.get(0)
                })
                .unwrap();
            assert_eq!(recording, "", "from version {version}");
        }
    }

    #[test]
    fn reasons_stored_as_sentences_become_codes() {
        let mut conn = ledger_at(10);
        let events = [
            ("cancelled", "has recorded their e-KTP since", "recorded"),
            ("cancelled", "sudah merekam e-KTP sejak itu", "recorded"),
            ("cancelled", "is now already_recorded", "recorded"),
            ("cancelled", "no longer in the lists", "left"),
            ("cancelled", "tidak ada lagi di daftar", "left"),
            ("cancelled", "sekarang berstatus too_young", "now:too_young"),
            ("cancelled", "is now duplicate", "now:duplicate"),
            (
                "cancelled",
                "no place left on --replan: no free place …",
                "no_place",
            ),
            ("cancelled", "something no papila wrote", ""),
            (
                "moved",
                "invited again: did not come on 2024-07-01",
                "reinvited",
            ),
            (
                "moved",
                "village served by another office",
                "office_changed",
            ),
            ("moved", "--replan", "replan"),
            ("restored", "invited again", "restored"),
            ("planned", "", ""),
        ];
        for (kind, detail, _) in events {
            conn.execute(
                "INSERT INTO invitation_event (invitation_id, run, kind, office_id, date, start, detail)
                 VALUES ('PT83K9SD', 1, ?1, 'kesugihan', '2024-07-01', '08:00', ?2)",
                [kind, detail],
            )
            .unwrap();
        }
        migrate(&mut conn, Path::new("papila.db")).unwrap();
        let stored: Vec<String> = conn
            .prepare("SELECT detail FROM invitation_event ORDER BY id")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let want: Vec<&str> = events.iter().map(|e| e.2).collect();
        assert_eq!(stored, want);
        for code in stored.iter().take(8) {
            assert!(crate::reason::Cancellation::parse(code).is_some(), "{code}");
        }
    }

    #[test]
    fn a_ledger_of_a_newer_papila_is_refused() {
        let conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "user_version", (MIGRATIONS.len() + 1) as i64)
            .unwrap();
        let mut conn = conn;
        let err = migrate(&mut conn, Path::new("papila.db")).unwrap_err();
        assert!(
            err.to_string().contains("was written by a newer papila"),
            "{err}"
        );
    }
}
