//! Where each invited person ended up, held compactly until the manifest is written: the manifest
//! is written in two passes so memory stays small (rows stream to a pending file as they are
//! checked; once placements are known, the pending file streams into `manifest.csv` with the
//! appointment columns filled in).

use std::collections::HashMap;
use std::path::Path;

use chrono::{NaiveDate, NaiveTime};

use crate::appointment::Appointment;
use crate::eligibility::Status;
use crate::error::{Error, Result};
use crate::manifest::{COLUMN_AT, COLUMNS};
use crate::output::CsvFile;
use crate::validate::Nik;

/// Where an invited person ended up. One is held for every invited person of the district until
/// the manifest is written, so it is small: the id as its bits and the office id interned.
pub(super) enum Outcome {
    Booked(Kept),
    /// Booked again after missing an appointment: the missed day, and the invitation's count.
    Reinvited(Kept, Option<NaiveDate>, i64),
    Overflow(Interned),
}

/// An appointment as `Outcome` keeps it.
#[derive(Clone, Copy)]
pub(super) struct Kept {
    id: u64,
    office: Interned,
    date: NaiveDate,
    start: NaiveTime,
    end: NaiveTime,
}

#[derive(Clone, Copy)]
pub(super) struct Interned(u32);

/// Each distinct string once: a district has a few hundred office ids and overflow reasons for
/// ~200,000 people.
#[derive(Default)]
pub(super) struct Strings {
    all: Vec<String>,
    index: HashMap<String, u32>,
}

impl Strings {
    pub(super) fn intern(&mut self, text: &str) -> Interned {
        if let Some(&i) = self.index.get(text) {
            return Interned(i);
        }
        let i = self.all.len() as u32;
        self.all.push(text.to_string());
        self.index.insert(text.to_string(), i);
        Interned(i)
    }

    fn get(&self, i: Interned) -> &str {
        &self.all[i.0 as usize]
    }

    /// Invitation `id`'s appointment `a`, kept.
    pub(super) fn keep(&mut self, path: &Path, id: &str, a: &Appointment) -> Result<Kept> {
        Ok(Kept {
            id: id_bits(path, id)?,
            office: self.intern(&a.office_id),
            date: a.date,
            start: a.start,
            end: a.end,
        })
    }

    fn appointment(&self, k: &Kept) -> (String, Appointment) {
        (
            crate::ids::from_bits(k.id),
            Appointment {
                office_id: self.get(k.office).to_string(),
                date: k.date,
                start: k.start,
                end: k.end,
            },
        )
    }
}

/// An invitation id's bits; one papila did not write means the ledger was edited by hand.
pub(super) fn id_bits(path: &Path, id: &str) -> Result<u64> {
    crate::ids::to_bits(id).ok_or_else(|| crate::ledger::not_written(path, "an invitation id", id))
}

/// Pass 2: the pending manifest with appointments (or overflow) filled in for invited rows.
pub(super) fn finish_manifest(
    pending: &Path,
    manifest: &Path,
    outcome: &HashMap<u64, Outcome>,
    strings: &Strings,
) -> Result<()> {
    let err = |p: &Path, e: csv::Error| Error::io("write", p, std::io::Error::other(e.to_string()));
    let mut reader = csv::Reader::from_path(pending).map_err(|e| err(pending, e))?;
    let at = &COLUMN_AT;
    let mut w = CsvFile::create_with_xlsx(manifest, &COLUMNS)?;
    let mut record = csv::StringRecord::new();
    while reader
        .read_record(&mut record)
        .map_err(|e| err(pending, e))?
    {
        let mut fields: Vec<String> = record.iter().map(str::to_string).collect();
        if fields[at.status] == Status::Invited.as_str()
            && let Ok((nik, _)) = Nik::read(&fields[at.nik])
        {
            match outcome.get(&nik.value()) {
                Some(Outcome::Booked(k)) => {
                    let (id, a) = strings.appointment(k);
                    at.set_appointment(&mut fields, &id, &a);
                }
                Some(Outcome::Reinvited(k, missed, count)) => {
                    let (id, a) = strings.appointment(k);
                    at.set_appointment(&mut fields, &id, &a);
                    fields[at.status] = "reinvited".into();
                    fields[at.reason] = match missed {
                        None => t!("reason-invitation-count", count = count),
                        Some(missed) => {
                            t!(
                                "reason-missed-invitation-count",
                                missed = missed,
                                count = count
                            )
                        }
                    };
                }
                Some(Outcome::Overflow(reason)) => {
                    fields[at.status] = Status::Overflow.as_str().into();
                    fields[at.reason] = strings.get(*reason).to_string();
                }
                None => {}
            }
        }
        w.row(&fields)?;
    }
    w.commit()?;
    std::fs::remove_file(pending).map_err(|e| Error::io("remove", pending, e))
}
