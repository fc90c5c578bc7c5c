//! A printed letter as the ledger keeps it: why it went into its round (`LetterKind`), why it is
//! void (`VoidReason`), the letter itself (`Printed`, stored whole as JSON so a round can be made
//! again byte for byte), and the fingerprint that tells whether a letter still says what its
//! invitation says.

use std::path::Path;

use chrono::NaiveDate;
use rusqlite::Row;
use serde::{Deserialize, Serialize};
use sha2::Digest;

use super::delivery::Invited;
use super::{At, not_written};
use crate::appointment::Appointment;
use crate::eligibility::Status;
use crate::error::Result;
use crate::reason::Cancellation;
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

    pub(super) fn parse(s: &str) -> VoidReason {
        match s {
            "replaced" => VoidReason::Replaced,
            "recorded" => VoidReason::Recorded,
            "left" => VoidReason::Left,
            _ => VoidReason::Cancelled,
        }
    }

    /// The void reason of a letter whose invitation was cancelled for `why` (unknown: an event
    /// no code could be given to).
    pub(super) fn of_cancellation(why: Option<Cancellation>) -> VoidReason {
        match why {
            Some(Cancellation::RecordedSince | Cancellation::Now(Status::AlreadyRecorded)) => {
                VoidReason::Recorded
            }
            Some(Cancellation::LeftLists) => VoidReason::Left,
            _ => VoidReason::Cancelled,
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
    /// For a replacement: the number (`seq`) and date of the letter it replaces, as printed.
    pub(crate) replaced_letter: Option<(i64, NaiveDate)>,
    /// A student's class, for a letter that goes through their school (spec §11); else empty.
    pub(crate) class: String,
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
            replaced_letter: None,
            class: String::new(),
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
    /// For a letter replaced by one for another village: that village and the office it invites
    /// to (the old village's office is told where the new letter went).
    pub(crate) moved_to: Option<(VillageCode, String)>,
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
    /// A replacement's predecessor: its number and letter date (absent in letters printed before
    /// replacements said which letter they replace).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    replaced_letter: Option<(i64, String)>,
}

impl Stored {
    pub(super) fn of(
        p: &Invited,
        letter_date: NaiveDate,
        replaces: Option<&Appointment>,
        replaced_letter: Option<(i64, NaiveDate)>,
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
            replaced_letter: replaced_letter.map(|(seq, day)| (seq, day.to_string())),
        }
    }

    fn printed(self, path: &Path, kind: LetterKind, row: i64, class: String) -> Result<Printed> {
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
            replaced_letter: match &self.replaced_letter {
                Some((seq, date)) => Some((*seq, day(date)?)),
                None => None,
            },
            class,
        })
    }
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

/// The columns `printed_row` reads, from `letter l`; a query may select more after them, from
/// `LETTER_COLUMN_COUNT` on.
pub(super) const LETTER_COLUMNS: &str = "l.content, l.kind, l.id, l.class";
pub(super) const LETTER_COLUMN_COUNT: usize = 4;

pub(super) fn printed_row(path: &Path, row: &Row, first: usize) -> Result<Printed> {
    let content: String = row.get(first).at(path)?;
    let stored: Stored = serde_json::from_str(&content)
        .map_err(|_| not_written(path, "a printed letter", &crate::text::cut(&content, 40)))?;
    let kind = LetterKind::parse(path, &row.get::<_, String>(first + 1).at(path)?)?;
    stored.printed(
        path,
        kind,
        row.get(first + 2).at(path)?,
        row.get(first + 3).at(path)?,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_void_letter_says_why_from_the_code_plan_cancelled_it_with() {
        let of = |c| VoidReason::of_cancellation(Some(c));
        assert_eq!(of(Cancellation::RecordedSince), VoidReason::Recorded);
        assert_eq!(
            of(Cancellation::Now(Status::AlreadyRecorded)),
            VoidReason::Recorded
        );
        assert_eq!(of(Cancellation::LeftLists), VoidReason::Left);
        assert_eq!(of(Cancellation::NoPlace), VoidReason::Cancelled);
        assert_eq!(
            of(Cancellation::Now(Status::TooYoung)),
            VoidReason::Cancelled
        );
        assert_eq!(VoidReason::of_cancellation(None), VoidReason::Cancelled);
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
