//! Print rounds (gelombang): which letters went to the printer in which round, and which of them
//! are void; the letters and rounds as render reads them (`new_round` makes a round). A round is made when `render` finds letters not printed yet — a new person, a moved
//! appointment, a corrected name or address, a second invitation — or printed letters that no
//! longer stand; a render with nothing new makes none. Each printed letter is kept whole, so a
//! round's files can be made again byte for byte after the people lists have moved on.

use std::path::Path;

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Row, params};
use serde::{Deserialize, Serialize};
use sha2::Digest;

use super::delivery::Invited;
use super::{At, Ledger, not_written};
use crate::appointment::Appointment;
use crate::error::Result;
use crate::region::VillageCode;

/// Why a letter went into its round.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LetterKind {
    /// The person's first letter (or their first since a cancelled one).
    New,
    /// In place of a standing letter: the appointment moved, or the name or address changed.
    Replacement,
    /// After a missed appointment: "Undangan Kedua" and on.
    Second,
}

impl LetterKind {
    pub(super) fn as_str(self) -> &'static str {
        match self {
            LetterKind::New => "new",
            LetterKind::Replacement => "replacement",
            LetterKind::Second => "second",
        }
    }

    fn parse(path: &Path, s: &str) -> Result<LetterKind> {
        match s {
            "new" => Ok(LetterKind::New),
            "replacement" => Ok(LetterKind::Replacement),
            "second" => Ok(LetterKind::Second),
            _ => Err(not_written(path, "a letter kind", s)),
        }
    }
}

/// Why a printed letter is void.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum VoidReason {
    /// A newer letter (moved appointment, corrected text, second invitation) replaces it.
    Replaced,
    /// The person has recorded their e-KTP elsewhere.
    Recorded,
    /// The person is no longer in the lists.
    Left,
    /// Cancelled for another reason (too old a list row, no place on `--replan`, …).
    Cancelled,
}

impl VoidReason {
    pub(super) fn as_str(self) -> &'static str {
        match self {
            VoidReason::Replaced => "replaced",
            VoidReason::Recorded => "recorded",
            VoidReason::Left => "left",
            VoidReason::Cancelled => "cancelled",
        }
    }

    fn parse(s: &str) -> VoidReason {
        match s {
            "replaced" => VoidReason::Replaced,
            "recorded" => VoidReason::Recorded,
            "left" => VoidReason::Left,
            _ => VoidReason::Cancelled,
        }
    }

    /// The reason of a cancellation, from the words `plan` recorded it with, in whichever
    /// language the campaign spoke then (the status word `already_recorded` in any).
    pub(super) fn of_cancellation(detail: &str) -> VoidReason {
        use crate::lang::{Lang, text_in};
        let said = |key: &str| {
            Lang::ALL
                .iter()
                .any(|l| detail.contains(&text_in(*l, key, &[])))
        };
        if detail.contains("recorded") || said("reason-recorded-since") {
            VoidReason::Recorded
        } else if said("reason-left-lists") {
            VoidReason::Left
        } else {
            VoidReason::Cancelled
        }
    }
}

/// A letter as it was printed.
#[derive(Debug, Clone)]
pub(crate) struct Printed {
    /// The letter row it was read from (0 for a letter not printed yet): a row is never
    /// rewritten, so in one ledger the same row is the same letter.
    pub(crate) row: i64,
    pub(crate) invited: Invited,
    pub(crate) kind: LetterKind,
    /// The date the letter carries: its round's.
    pub(crate) letter_date: NaiveDate,
    /// For a letter that moves an appointment: the appointment of the letter it replaces.
    pub(crate) replaces: Option<Appointment>,
}

impl Printed {
    /// The letter `invited` gets when none has been printed for it yet (an email sent before the
    /// first render), dated `letter_date`.
    pub(crate) fn unprinted(invited: Invited, letter_date: NaiveDate) -> Printed {
        Printed {
            row: 0,
            kind: if invited.attempt > 1 {
                LetterKind::Second
            } else {
                LetterKind::New
            },
            invited,
            letter_date,
            replaces: None,
        }
    }

    /// Whether this letter says what `invited` is now.
    pub(crate) fn says(&self, invited: &Invited) -> bool {
        fingerprint(&self.invited) == fingerprint(invited)
    }
}

/// A printed letter made void, and why.
#[derive(Debug, Clone)]
pub(crate) struct Voided {
    pub(crate) printed: Printed,
    pub(crate) reason: VoidReason,
}

/// What one round holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct RoundCounts {
    pub(crate) round: i64,
    pub(crate) day: String,
    pub(crate) new: usize,
    pub(crate) replacement: usize,
    pub(crate) second: usize,
    pub(crate) void: usize,
    pub(crate) villages: usize,
}

impl RoundCounts {
    pub(crate) fn letters(&self) -> usize {
        self.new + self.replacement + self.second
    }
}

/// A letter's whole printed content, as `letter.content` keeps it.
#[derive(Serialize, Deserialize)]
pub(super) struct Stored {
    id: String,
    seq: i64,
    office: String,
    date: String,
    start: String,
    end: String,
    name: String,
    nik: String,
    address: String,
    rt: String,
    rw: String,
    dusun: String,
    village: String,
    attempt: i64,
    missed: String,
    letter_date: String,
    replaces: Option<(String, String, String, String)>,
}

impl Stored {
    pub(super) fn of(
        p: &Invited,
        letter_date: NaiveDate,
        replaces: Option<&Appointment>,
    ) -> Stored {
        let a = &p.appointment;
        Stored {
            id: p.invitation_id.clone(),
            seq: p.seq,
            office: a.office_id.clone(),
            date: a.date_iso(),
            start: a.start_hm(),
            end: a.end_hm(),
            name: p.name.clone(),
            nik: p.nik.clone(),
            address: p.address.clone(),
            rt: p.rt.clone(),
            rw: p.rw.clone(),
            dusun: p.dusun.clone(),
            village: p.village.to_string(),
            attempt: p.attempt,
            missed: p.missed.map(|d| d.to_string()).unwrap_or_default(),
            letter_date: letter_date.to_string(),
            replaces: replaces
                .map(|r| (r.office_id.clone(), r.date_iso(), r.start_hm(), r.end_hm())),
        }
    }

    fn printed(self, path: &Path, kind: LetterKind, row: i64) -> Result<Printed> {
        let time = |t: &str| {
            chrono::NaiveTime::parse_from_str(t, "%H:%M")
                .map_err(|_| not_written(path, "a time", t))
        };
        let village = VillageCode::parse(&self.village)
            .ok_or_else(|| not_written(path, "a village code", &self.village))?;
        let day = |d: &str| super::delivery::date(path, d);
        let replaces = match &self.replaces {
            Some((office, date, start, end)) => Some(Appointment {
                office_id: office.clone(),
                date: day(date)?,
                start: time(start)?,
                end: time(end)?,
            }),
            None => None,
        };
        Ok(Printed {
            row,
            invited: Invited {
                invitation_id: self.id,
                seq: self.seq,
                appointment: Appointment {
                    office_id: self.office,
                    date: day(&self.date)?,
                    start: time(&self.start)?,
                    end: time(&self.end)?,
                },
                name: self.name,
                nik: self.nik,
                address: self.address,
                rt: self.rt,
                rw: self.rw,
                dusun: self.dusun,
                village,
                attempt: self.attempt,
                missed: if self.missed.is_empty() {
                    None
                } else {
                    Some(day(&self.missed)?)
                },
            },
            kind,
            letter_date: day(&self.letter_date)?,
            replaces,
        })
    }
}

/// A village's standing letters, by their ids and rounds, in delivery order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct StandingVillage {
    pub(crate) village: VillageCode,
    /// The letters' row ids.
    pub(crate) ids: Vec<i64>,
    pub(crate) rounds: Vec<i64>,
    pub(crate) invitation_ids: Vec<String>,
}

/// What a letter says about its person and appointment: a change in any of it needs a new letter.
/// The letter's date is not part of it (a later round does not reprint standing letters).
pub(super) fn fingerprint(p: &Invited) -> String {
    let fields = p.fields();
    fingerprint_of(std::array::from_fn(|i| fields[i].as_ref()))
}

/// `fingerprint` of a row of `INVITED_COLUMNS` as the ledger holds it, without reading it into an
/// `Invited`: the ledger writes dates, times and codes in the very form `fingerprint` prints them,
/// so an unchanged invitation is passed over at the cost of a hash.
pub(super) fn fingerprint_of_row(path: &Path, row: &Row) -> Result<String> {
    let text = |i: usize| -> Result<&str> {
        row.get_ref(i)
            .and_then(|v| v.as_str().map_err(Into::into))
            .at(path)
    };
    let seq: i64 = row.get(1).at(path)?;
    let attempt: i64 = row.get(14).at(path)?;
    Ok(fingerprint_of([
        text(0)?,
        &seq.to_string(),
        text(2)?,
        text(3)?,
        text(4)?,
        text(5)?,
        text(6)?,
        text(7)?,
        text(8)?,
        text(9)?,
        text(10)?,
        text(11)?,
        text(12)?,
        &attempt.to_string(),
        text(15)?,
    ]))
}

fn fingerprint_of(fields: [&str; 15]) -> String {
    let mut hash = sha2::Sha256::new();
    for (i, field) in fields.iter().enumerate() {
        if i > 0 {
            hash.update("\u{1f}".as_bytes());
        }
        hash.update(field.as_bytes());
    }
    data_encoding::HEXLOWER.encode(&hash.finalize()[..16])
}

/// The columns `printed_row` reads, from `letter l`.
pub(super) const LETTER_COLUMNS: &str = "l.content, l.kind, l.id";

pub(super) fn printed_row(path: &Path, row: &Row, first: usize) -> Result<Printed> {
    let content: String = row.get(first).at(path)?;
    let stored: Stored = serde_json::from_str(&content)
        .map_err(|_| not_written(path, "a printed letter", &crate::text::cut(&content, 40)))?;
    let kind = LetterKind::parse(path, &row.get::<_, String>(first + 1).at(path)?)?;
    stored.printed(path, kind, row.get(first + 2).at(path)?)
}

/// Standing letters whose invitation is still planned and whose person has not come: the letters
/// a village office should hold. Joined with `invitation i`.
const STANDING: &str = "letter l JOIN invitation i ON i.id = l.invitation_id
    WHERE l.void_round IS NULL AND i.state = 'planned'
      AND NOT EXISTS (SELECT 1 FROM checkin c WHERE c.invitation_id = i.id)";
const LETTER_ORDER: &str =
    "l.village_code, l.dusun, l.rw, l.rt, l.address, l.name, l.invitation_id";

impl Ledger {
    /// Every round, oldest first, with its counts.
    pub(crate) fn rounds(&self) -> Result<Vec<RoundCounts>> {
        let path = &self.path;
        let mut stmt = self
            .conn
            .prepare(
                "SELECT r.id, r.day,
                    (SELECT count(*) FROM letter l WHERE l.round = r.id AND l.kind = 'new'),
                    (SELECT count(*) FROM letter l WHERE l.round = r.id AND l.kind = 'replacement'),
                    (SELECT count(*) FROM letter l WHERE l.round = r.id AND l.kind = 'second'),
                    (SELECT count(*) FROM letter l WHERE l.void_round = r.id),
                    (SELECT count(DISTINCT village_code) FROM letter l
                        WHERE l.round = r.id OR l.void_round = r.id)
                 FROM round r ORDER BY r.id",
            )
            .at(path)?;
        let rows = stmt
            .query_map([], |r| {
                let n = |i: usize| r.get::<_, i64>(i).map(|n| n as usize);
                Ok(RoundCounts {
                    round: r.get(0)?,
                    day: r.get(1)?,
                    new: n(2)?,
                    replacement: n(3)?,
                    second: n(4)?,
                    void: n(5)?,
                    villages: n(6)?,
                })
            })
            .at(path)?;
        rows.collect::<rusqlite::Result<_>>().at(path)
    }

    /// The villages round `round` has letters or void letters for, in code order.
    pub(crate) fn round_villages(&self, round: i64) -> Result<Vec<VillageCode>> {
        round_villages_in(&self.conn, &self.path, round)
    }

    /// Round `round`'s letters for `village` in delivery order, and the letters it made void.
    pub(crate) fn round_village(
        &self,
        round: i64,
        village: VillageCode,
    ) -> Result<(Vec<Printed>, Vec<Voided>)> {
        let path = &self.path;
        let code = village.to_string();
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT {LETTER_COLUMNS} FROM letter l WHERE l.round = ?1 AND l.village_code = ?2
                 ORDER BY {LETTER_ORDER}"
            ))
            .at(path)?;
        let mut rows = stmt.query(params![round, code]).at(path)?;
        let mut letters = Vec::new();
        while let Some(row) = rows.next().at(path)? {
            letters.push(printed_row(path, row, 0)?);
        }
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT {LETTER_COLUMNS}, l.void_reason FROM letter l
                 WHERE l.void_round = ?1 AND l.village_code = ?2 ORDER BY {LETTER_ORDER}"
            ))
            .at(path)?;
        let mut rows = stmt.query(params![round, code]).at(path)?;
        let mut void = Vec::new();
        while let Some(row) = rows.next().at(path)? {
            void.push(Voided {
                printed: printed_row(path, row, 0)?,
                reason: VoidReason::parse(&row.get::<_, String>(3).at(path)?),
            });
        }
        Ok((letters, void))
    }

    /// Per village of round `round`: how many letters it printed and how many it made void.
    pub(crate) fn round_village_counts(
        &self,
        round: i64,
    ) -> Result<std::collections::HashMap<VillageCode, (usize, usize)>> {
        let path = &self.path;
        let mut counts = std::collections::HashMap::new();
        for (column, void) in [("round", false), ("void_round", true)] {
            let mut stmt = self
                .conn
                .prepare(&format!(
                    "SELECT village_code, count(*) FROM letter WHERE {column} = ?1
                     GROUP BY village_code"
                ))
                .at(path)?;
            let rows = stmt
                .query_map([round], |r| {
                    Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
                })
                .at(path)?
                .collect::<rusqlite::Result<Vec<_>>>()
                .at(path)?;
            for (code, n) in rows {
                let code = VillageCode::parse(&code)
                    .ok_or_else(|| not_written(path, "a village code", &code))?;
                let entry: &mut (usize, usize) = counts.entry(code).or_default();
                if void {
                    entry.1 = n as usize;
                } else {
                    entry.0 = n as usize;
                }
            }
        }
        Ok(counts)
    }

    /// Every village's standing letters by their ids, in delivery order, one village at a time:
    /// enough to tell whether its full set changed (letter rows are never rewritten, only voided)
    /// without reading what the letters say; `standing_letters_of` reads them for a village that
    /// must be typeset.
    pub(crate) fn each_standing_village(
        &self,
        mut emit: impl FnMut(StandingVillage) -> Result<()>,
    ) -> Result<()> {
        let path = &self.path;
        let mut stmt = self
            .conn
            .prepare(&format!(
                "SELECT l.village_code, l.id, l.round, l.invitation_id FROM {STANDING}
                 ORDER BY {LETTER_ORDER}"
            ))
            .at(path)?;
        let mut rows = stmt.query([]).at(path)?;
        let mut group: Option<(String, StandingVillage)> = None;
        while let Some(row) = rows.next().at(path)? {
            let code: String = row.get(0).at(path)?;
            let id: i64 = row.get(1).at(path)?;
            let round: i64 = row.get(2).at(path)?;
            if group.as_ref().is_some_and(|(c, _)| *c != code)
                && let Some((_, village)) = group.take()
            {
                emit(village)?;
            }
            let (_, village) = match &mut group {
                Some(g) => g,
                None => {
                    let village = VillageCode::parse(&code)
                        .ok_or_else(|| not_written(path, "a village code", &code))?;
                    group.insert((
                        code,
                        StandingVillage {
                            village,
                            ids: Vec::new(),
                            rounds: Vec::new(),
                            invitation_ids: Vec::new(),
                        },
                    ))
                }
            };
            village.ids.push(id);
            village.rounds.push(round);
            village.invitation_ids.push(row.get(3).at(path)?);
        }
        if let Some((_, village)) = group {
            emit(village)?;
        }
        Ok(())
    }

    /// The standing letters of `village`, in delivery order.
    pub(crate) fn standing_letters_of(&self, village: VillageCode) -> Result<Vec<Printed>> {
        let path = &self.path;
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT {LETTER_COLUMNS} FROM {STANDING} AND l.village_code = ?1
                 ORDER BY {LETTER_ORDER}"
            ))
            .at(path)?;
        let mut rows = stmt.query([village.to_string()]).at(path)?;
        let mut letters = Vec::new();
        while let Some(row) = rows.next().at(path)? {
            letters.push(printed_row(path, row, 0)?);
        }
        Ok(letters)
    }

    /// The standing letter of invitation `id`, if it has one.
    pub(crate) fn standing_letter(&self, id: &str) -> Result<Option<Printed>> {
        let path = &self.path;
        let row = self
            .conn
            .query_row(
                &format!(
                    "SELECT {LETTER_COLUMNS} FROM letter l
                     WHERE l.invitation_id = ?1 AND l.void_round IS NULL"
                ),
                [id],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, i64>(2)?,
                    ))
                },
            )
            .optional()
            .at(path)?;
        match row {
            None => Ok(None),
            Some((content, kind, row)) => {
                let stored: Stored = serde_json::from_str(&content)
                    .map_err(|_| not_written(path, "a printed letter", id))?;
                Ok(Some(stored.printed(
                    path,
                    LetterKind::parse(path, &kind)?,
                    row,
                )?))
            }
        }
    }
}

pub(super) fn round_villages_in(
    conn: &Connection,
    path: &Path,
    round: i64,
) -> Result<Vec<VillageCode>> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT DISTINCT village_code FROM letter WHERE round = ?1 OR void_round = ?1
             ORDER BY village_code",
        )
        .at(path)?;
    let codes = stmt
        .query_map([round], |r| r.get::<_, String>(0))
        .at(path)?
        .collect::<rusqlite::Result<Vec<_>>>()
        .at(path)?;
    codes
        .iter()
        .map(|c| VillageCode::parse(c).ok_or_else(|| not_written(path, "a village code", c)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_void_letter_says_why_in_the_words_plan_cancelled_it_with() {
        let of = VoidReason::of_cancellation;
        assert_eq!(of("has recorded their e-KTP since"), VoidReason::Recorded);
        assert_eq!(of("no longer in the lists"), VoidReason::Left);
        assert_eq!(of("no place left on --replan: …"), VoidReason::Cancelled);
        for reason in [
            VoidReason::Replaced,
            VoidReason::Recorded,
            VoidReason::Left,
            VoidReason::Cancelled,
        ] {
            assert_eq!(VoidReason::parse(reason.as_str()), reason);
        }
    }
}
