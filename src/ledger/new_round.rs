//! Making a print round: each invitation to print compared with its standing letter (by what the
//! letter says), the letters not printed yet recorded in the new round, the letters they replace and
//! those of cancelled invitations voided — in one transaction, or nothing when nothing changed.

use std::path::Path;

use chrono::NaiveDate;
use rusqlite::{Connection, params};

use super::delivery::{INVITED_COLUMNS, Invited, invited};
use super::letter::{
    LETTER_COLUMN_COUNT, LETTER_COLUMNS, LetterKind, Printed, Stored, VoidReason, fingerprint,
    fingerprint_of_row, printed_row,
};
use super::rounds::{Point, RoundCounts, round_points_in};
use super::{At, Ledger, start_run};
use crate::error::Result;
use crate::reason::Cancellation;

impl Ledger {
    /// Makes the next round, dated `letter_date`, of every letter that is to be printed and is not
    /// yet (and voids the printed letters that no longer stand), in one transaction; `None` when
    /// nothing changed since the last round. A student of one of `schools` (NPSNs: the schools
    /// a team visits) gets their letter through the school, everyone else through their village.
    pub(crate) fn make_round(
        &self,
        letter_date: NaiveDate,
        schools: &[String],
    ) -> Result<Option<RoundCounts>> {
        let path = &self.path;
        let tx = self.conn.unchecked_transaction().at(path)?;
        let run = start_run(&tx, path, "render")?;
        tx.execute(
            "INSERT INTO round (run, day) VALUES (?1, ?2)",
            params![run, letter_date.to_string()],
        )
        .at(path)?;
        let round = tx.last_insert_rowid();
        let mut counts = RoundCounts {
            round,
            day: letter_date.to_string(),
            ..RoundCounts::default()
        };
        let making = Making {
            round,
            letter_date,
            schools,
        };
        print_what_changed(&tx, path, &making, &mut counts)?;
        counts.void += void_the_cancelled(&tx, path, round)?;
        if counts.letters() + counts.void == 0 {
            // Dropped uncommitted: no round, no run.
            return Ok(None);
        }
        let points = round_points_in(&tx, path, round)?;
        counts.schools = points
            .iter()
            .filter(|p| matches!(p, Point::School(_)))
            .count();
        counts.villages = points.len() - counts.schools;
        tx.commit().at(path)?;
        Ok(Some(counts))
    }
}

/// Invitations compared at a time: read in one query with their standing letters (if any), then
/// written, so no statement reads the letter table while it is written.
const PAGE: i64 = 5000;

/// The round being made: its number, the date its letters carry, and the schools whose
/// students' letters go through the school.
struct Making<'a> {
    round: i64,
    letter_date: NaiveDate,
    schools: &'a [String],
}

/// Where a letter goes and the class it is bundled with: a student of a visited school's through
/// the school, by class; `("", "")` (the village's) for everyone else.
struct Delivery {
    school: String,
    class: String,
}

/// An invitation whose letter is to be printed: its standing letter (row and content) if any,
/// and where the new one goes.
type Changed = (Invited, Option<(i64, Printed)>, Delivery);

/// Prints (records in the round) a letter for every invitation to print whose standing letter is
/// missing or says something else, and voids the letters they replace.
fn print_what_changed(
    tx: &Connection,
    path: &Path,
    at: &Making,
    counts: &mut RoundCounts,
) -> Result<()> {
    let mut page = tx
        .prepare(&format!(
            "SELECT {INVITED_COLUMNS}, l.id, l.fingerprint, {LETTER_COLUMNS}, p.school, p.class
             FROM invitation i JOIN person p ON p.nik = i.nik
             LEFT JOIN letter l ON l.invitation_id = i.id AND l.void_round IS NULL
             WHERE i.state = 'planned' AND i.seq > ?1
               AND NOT EXISTS (SELECT 1 FROM checkin c WHERE c.invitation_id = i.id)
             ORDER BY i.seq LIMIT ?2"
        ))
        .at(path)?;
    let mut after = i64::MIN;
    loop {
        let mut changed: Vec<Changed> = Vec::new();
        let mut rows = page.query(params![after, PAGE]).at(path)?;
        let mut read = 0;
        while let Some(row) = rows.next().at(path)? {
            read += 1;
            after = row.get(1).at(path)?;
            let n = super::delivery::INVITED_COLUMN_COUNT;
            let letter: Option<i64> = row.get(n).at(path)?;
            if letter.is_some()
                && row.get_ref(n + 1).at(path)?.as_str().ok()
                    == Some(&fingerprint_of_row(path, row)?)
            {
                continue;
            }
            let (p, _) = invited(path, row)?;
            let before = match letter {
                None => None,
                Some(id) => Some((id, printed_row(path, row, n + 2)?)),
            };
            let school: String = row.get(n + 2 + LETTER_COLUMN_COUNT).at(path)?;
            let delivery = if at.schools.contains(&school) {
                Delivery {
                    school,
                    class: row.get(n + 3 + LETTER_COLUMN_COUNT).at(path)?,
                }
            } else {
                Delivery {
                    school: String::new(),
                    class: String::new(),
                }
            };
            changed.push((p, before, delivery));
        }
        drop(rows);
        for (p, before, delivery) in changed {
            print_one(tx, path, at, p, before, &delivery, counts)?;
        }
        if read < PAGE {
            return Ok(());
        }
    }
}

/// Prints a letter for `p`, replacing `before` (its standing letter) if it has one.
fn print_one(
    tx: &Connection,
    path: &Path,
    at: &Making,
    mut p: Invited,
    before: Option<(i64, Printed)>,
    delivery: &Delivery,
    counts: &mut RoundCounts,
) -> Result<()> {
    let (round, letter_date) = (at.round, at.letter_date);
    let replaced_letter = before
        .as_ref()
        .map(|(_, old)| (old.invited.seq, old.letter_date));
    let (kind, replaces) = match before {
        Some((letter, old)) => {
            void(tx, path, letter, round, VoidReason::Replaced)?;
            counts.void += 1;
            if p.attempt > old.invited.attempt {
                (LetterKind::Second, None)
            } else if !old.invited.appointment.same_session(&p.appointment) {
                (LetterKind::Replacement, Some(old.invited.appointment))
            } else {
                // The same appointment with a corrected name or address; a letter that already
                // moved an appointment still says so.
                (LetterKind::Replacement, old.replaces)
            }
        }
        None if p.attempt > 1 => (LetterKind::Second, None),
        None => (LetterKind::New, None),
    };
    match kind {
        LetterKind::New => counts.new += 1,
        LetterKind::Replacement => counts.replacement += 1,
        LetterKind::Second => counts.second += 1,
    }
    if kind == LetterKind::Replacement {
        // Every printed letter has a number of its own: the void letter and its replacement are
        // told apart on paper by their numbers, not only by the person.
        p.seq = renumber(tx, path, &p.invitation_id)?;
    }
    let replaced_letter = replaced_letter.filter(|_| kind == LetterKind::Replacement);
    let stored = Stored::of(&p, letter_date, replaces.as_ref(), replaced_letter);
    tx.execute(
        "INSERT INTO letter (invitation_id, round, kind, fingerprint, village_code, dusun, rw,
             rt, address, name, content, school, class)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        params![
            p.invitation_id,
            round,
            kind.as_str(),
            fingerprint(&p),
            p.village.to_string(),
            p.dusun,
            p.rw,
            p.rt,
            p.address,
            p.name,
            serde_json::to_string(&stored).expect("plain data serializes"),
            delivery.school,
            delivery.class,
        ],
    )
    .at(path)?;
    Ok(())
}

/// Gives invitation `id` the next letter number, for the letter about to be printed; returns it.
fn renumber(tx: &Connection, path: &Path, id: &str) -> Result<i64> {
    let next: i64 = tx
        .query_row(
            "SELECT coalesce(max(seq), 0) + 1 FROM invitation",
            [],
            |r| r.get(0),
        )
        .at(path)?;
    tx.execute(
        "UPDATE invitation SET seq = ?2 WHERE id = ?1",
        params![id, next],
    )
    .at(path)?;
    Ok(next)
}

/// Voids the standing letters of cancelled invitations, for the reason plan stored.
fn void_the_cancelled(tx: &Connection, path: &Path, round: i64) -> Result<usize> {
    let mut stmt = tx
        .prepare(
            "SELECT l.id, coalesce((SELECT e.detail FROM invitation_event e
                 WHERE e.invitation_id = i.id AND e.kind = 'cancelled'
                 ORDER BY e.id DESC LIMIT 1), '')
             FROM letter l JOIN invitation i ON i.id = l.invitation_id
             WHERE l.void_round IS NULL AND i.state = 'cancelled'",
        )
        .at(path)?;
    let gone = stmt
        .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))
        .at(path)?
        .collect::<rusqlite::Result<Vec<_>>>()
        .at(path)?;
    for (letter, detail) in &gone {
        void(
            tx,
            path,
            *letter,
            round,
            VoidReason::of_cancellation(Cancellation::parse(detail)),
        )?;
    }
    Ok(gone.len())
}

fn void(tx: &Connection, path: &Path, letter: i64, round: i64, why: VoidReason) -> Result<()> {
    tx.execute(
        "UPDATE letter SET void_round = ?2, void_reason = ?3 WHERE id = ?1",
        params![letter, round, why.as_str()],
    )
    .at(path)?;
    Ok(())
}
