//! Planning (spec §6, §10): check every row, keep the appointments already issued, place newcomers in
//! the capacity left, cancel invitations of people no longer to be invited, and record it all in the
//! ledger in one transaction. A run killed at any point leaves the ledger as the previous run left it,
//! and the next run does the whole work again with the same result.
//!
//! The manifest is written in two passes so memory stays small: rows stream to a private pending
//! file as they are checked; once placements are known, the pending file streams into
//! `manifest.csv` with the appointment columns filled in.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use chrono::{Duration, NaiveDate};
use rusqlite::params;

use crate::config::{Config, InputSpec};
use crate::eligibility::{Status, reaches_age};
use crate::error::{Error, Result};
use crate::ledger::{Ledger, sql, start_run};
use crate::manifest::{Appointment, ManifestWriter};
use crate::output::CsvFile;
use crate::pipeline::{self, Totals};
use crate::region::KecamatanCode;
use crate::schedule::{Calendar, Candidate, OfficeDays, OfficeLoad, place};
use crate::validate::Nik;

#[derive(Debug, Clone, Copy, Default)]
pub struct PlanOptions {
    /// Move existing appointments too (the only way they ever move).
    pub replan: bool,
    /// The day the plan is made. While the campaign runs, nobody is placed before the next day,
    /// and appointments before it that nobody came to are given again (re-invitation).
    pub today: NaiveDate,
}

/// What a plan did, for the summary.
#[derive(Debug, Default)]
pub struct PlanReport {
    pub totals: Totals,
    pub kept: u64,
    pub new: u64,
    pub restored: u64,
    pub moved: u64,
    /// (invitation id, name, why) of invitations cancelled by this run.
    pub cancelled: Vec<(String, String, String)>,
    /// Per office id, demand against capacity.
    pub load: Vec<(String, OfficeLoad)>,
    /// Sessions holding more appointments than their capacity now allows.
    pub overbooked: Vec<String>,
    /// Appointments whose session is no longer in the config; kept until `--replan`.
    pub orphaned: Vec<String>,
    /// (invitation id, name, missed date, new date) of no-shows invited again.
    pub reinvited: Vec<(String, String, String, String)>,
    /// (invitation id, name, why) of no-shows not invited again.
    pub not_reinvited: Vec<(String, String, String)>,
    pub ledger: PathBuf,
    pub manifest: PathBuf,
    pub capacity: PathBuf,
}

/// What pass 1 keeps of an invited person: enough to place them and to report.
struct Wanted {
    nik: Nik,
    office: usize,
    kecamatan: KecamatanCode,
    candidate: Candidate,
}

/// An invitation already in the ledger whose holder is to be placed again: cancelled before and
/// invited again, or planned and moved by `--replan`. The id (and letter number) stay.
struct Reissue {
    id: String,
    was_planned: bool,
    before: Appointment,
    /// A no-show being invited again: their invitation count so far.
    reinvite: Option<i64>,
}

/// Where an invited person ended up, for pass 2. One is held for every invited person of the
/// district until the manifest is written, so it is small: the id as its bits and the strings many
/// people share (office, date, times, reasons) interned, ~40 bytes instead of five strings.
enum Outcome {
    Booked(Kept),
    /// Booked again after missing an appointment: (the appointment, the missed date, the count).
    Reinvited(Kept, Interned, i64),
    Overflow(Interned),
}

/// An appointment as `Outcome` keeps it.
#[derive(Clone, Copy)]
struct Kept {
    id: u64,
    office: Interned,
    date: Interned,
    start: Interned,
    end: Interned,
}

#[derive(Clone, Copy)]
struct Interned(u32);

/// Each distinct string once: a district has a few thousand office ids, dates, times and reasons
/// for ~200,000 people.
#[derive(Default)]
struct Strings {
    all: Vec<String>,
    index: HashMap<String, u32>,
}

impl Strings {
    fn intern(&mut self, text: &str) -> Interned {
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

    fn keep(&mut self, path: &Path, a: &Appointment) -> Result<Kept> {
        Ok(Kept {
            id: id_bits(path, &a.invitation_id)?,
            office: self.intern(&a.office_id),
            date: self.intern(&a.date),
            start: self.intern(&a.start),
            end: self.intern(&a.end),
        })
    }

    fn appointment(&self, k: &Kept) -> Appointment {
        Appointment {
            invitation_id: crate::ids::from_bits(k.id),
            office_id: self.get(k.office).to_string(),
            date: self.get(k.date).to_string(),
            start: self.get(k.start).to_string(),
            end: self.get(k.end).to_string(),
        }
    }
}

/// An invitation id's bits; one papila did not write means the ledger was edited by hand.
fn id_bits(path: &Path, id: &str) -> Result<u64> {
    crate::ids::to_bits(id).ok_or_else(|| Error::Input {
        path: path.display().to_string(),
        message: format!("the ledger holds an invitation id \"{id}\" that papila did not write"),
        hint: "the ledger was changed by another program; restore it from a backup".into(),
    })
}

/// The ledger file of a campaign: `papila.db` beside the config.
/// Every session of the campaign, office by office: from `start` to `end` (and before election day),
/// on each office's days, without holidays where the office skips them.
pub fn calendar(config: &Config) -> Result<Calendar> {
    let holidays = crate::holidays::load(config)?;
    let office_days: Vec<OfficeDays> = config
        .offices
        .iter()
        .map(|o| OfficeDays {
            weekdays: o.weekdays.clone(),
            dates: o.dates.clone(),
            skip_holidays: o.skip_holidays,
            sessions: o
                .sessions
                .iter()
                .map(|s| (s.start, s.end, s.capacity))
                .collect(),
        })
        .collect();
    Ok(Calendar::build(
        &office_days,
        config.campaign.start,
        last_day(config),
        &holidays,
    ))
}

/// The last day an appointment may be given: `end`, and never on or after election day.
fn last_day(config: &Config) -> NaiveDate {
    config
        .campaign
        .end
        .min(config.campaign.election_date - Duration::days(1))
}

pub fn ledger_path(config: &Config) -> PathBuf {
    config.dir.join("papila.db")
}

pub fn plan(
    config: &Config,
    inputs: &[InputSpec],
    out: &Path,
    opts: PlanOptions,
) -> Result<PlanReport> {
    let mut report = PlanReport {
        ledger: ledger_path(config),
        manifest: out.join("manifest.csv"),
        capacity: out.join("capacity.csv"),
        ..PlanReport::default()
    };
    let mut ledger = Ledger::open(&report.ledger, &config.campaign.id)?;
    let lpath = report.ledger.clone();
    let tx = ledger.conn.transaction().map_err(|e| sql(&lpath, e))?;
    let run = start_run(
        &tx,
        &lpath,
        if opts.replan { "plan --replan" } else { "plan" },
    )?;

    // Pass 1: check every row, stream it to the pending manifest, remember who is to be invited.
    crate::output::ensure_dir(out)?;
    let pending_path = out.join("manifest.pending.csv");
    let mut pending = ManifestWriter::create_at(&pending_path)?;
    let office_of = config.office_of();
    let mut wanted: Vec<Wanted> = Vec::new();
    let mut status_now: HashMap<u64, Status> = HashMap::new();
    {
        let mut upsert = tx
            .prepare_cached(
                "INSERT INTO person (nik, name, birth_date, birth_place, sex, no_kk, address, rt, rw, dusun,
                                     village_code, phone, email, source, line, status, last_run)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)
                 ON CONFLICT (nik) DO UPDATE SET name = ?2, birth_date = ?3, birth_place = ?4, sex = ?5,
                     no_kk = ?6, address = ?7, rt = ?8, rw = ?9, dusun = ?10, village_code = ?11, phone = ?12,
                     email = ?13, source = ?14, line = ?15, status = ?16, last_run = ?17",
            )
            .map_err(|e| sql(&lpath, e))?;
        report.totals = pipeline::assess(config, inputs, |row| {
            pending.write(row, None)?;
            let Some(p) = row.person else { return Ok(()) };
            if row.status == Status::Duplicate {
                return Ok(());
            }
            status_now.insert(p.nik.value(), row.status);
            let sex = p.sex.map(|s| match s {
                crate::validate::Sex::Male => "L",
                crate::validate::Sex::Female => "P",
            });
            upsert
                .execute(params![
                    p.nik.to_string(),
                    p.name,
                    p.birth_date.to_string(),
                    p.birth_place,
                    sex,
                    p.no_kk,
                    p.address,
                    p.rt,
                    p.rw,
                    p.dusun,
                    p.village.to_string(),
                    p.phone,
                    p.email,
                    row.source,
                    row.line as i64,
                    row.status.as_str(),
                    run
                ])
                .map_err(|e| sql(&lpath, e))?;
            if row.status == Status::Invited {
                let office = office_of[&p.village];
                let earliest = if p.ever_married {
                    config.campaign.start
                } else {
                    config
                        .campaign
                        .start
                        .max(reaches_age(p.birth_date, config.campaign.min_age))
                };
                wanted.push(Wanted {
                    nik: p.nik,
                    office,
                    kecamatan: p.village.kecamatan(),
                    candidate: Candidate {
                        office,
                        earliest,
                        birth: p.birth_date,
                        nik: p.nik.value(),
                        household: p.no_kk.as_deref().and_then(|k| k.parse().ok()),
                    },
                });
            }
            Ok(())
        })?;
    }
    pending.finish()?;

    // The calendar, and the appointments already issued.
    let calendar = calendar(config)?;
    let last_day = last_day(config);
    // While appointments are being kept (not before the first, not after the last), the plan
    // looks forward from `today`.
    let running = config.campaign.start <= opts.today && opts.today <= last_day;
    let office_index: HashMap<&str, usize> = config
        .offices
        .iter()
        .enumerate()
        .map(|(i, o)| (o.id.as_str(), i))
        .collect();
    let mut booked = vec![0u32; calendar.slots.len()];
    let wanted_at: HashMap<u64, usize> = wanted
        .iter()
        .enumerate()
        .map(|(i, w)| (w.nik.value(), i))
        .collect();
    let existing = crate::ledger::invitations(&tx, &lpath)?;
    let mut taken_ids: HashSet<u64> = existing
        .iter()
        .filter_map(|i| crate::ids::to_bits(&i.id))
        .collect();
    let mut next_seq = existing.iter().map(|i| i.seq).max().unwrap_or(0) + 1;
    let mut outcome: HashMap<u64, Outcome> = HashMap::new();
    let mut strings = Strings::default();
    // For people to be placed who already hold an invitation: its id and where it was.
    let mut reissue: HashMap<u64, Reissue> = HashMap::new();

    for inv in &existing {
        let Ok(nik) = Nik::parse(&inv.nik) else {
            continue;
        };
        let invited_now = wanted_at.contains_key(&nik.value());
        let appointment = Appointment {
            invitation_id: inv.id.clone(),
            office_id: inv.office_id.clone(),
            date: inv.date.clone(),
            start: inv.start.clone(),
            end: inv.end.clone(),
        };
        let missed = running
            && inv.planned
            && !inv.attended
            && NaiveDate::parse_from_str(&inv.date, "%Y-%m-%d").is_ok_and(|d| d < opts.today);
        if invited_now && missed && !opts.replan {
            if inv.attempt < config.campaign.max_invitations {
                reissue.insert(
                    nik.value(),
                    Reissue {
                        id: inv.id.clone(),
                        was_planned: true,
                        before: appointment,
                        reinvite: Some(inv.attempt),
                    },
                );
                continue;
            }
            report.not_reinvited.push((
                inv.id.clone(),
                person_name(&tx, &lpath, &inv.nik)?,
                format!(
                    "did not come on {}; already invited {} time(s), the most [campaign] \
                     max_invitations allows",
                    inv.date, inv.attempt
                ),
            ));
        }
        match (inv.planned, invited_now) {
            (true, true) if !opts.replan => {
                let slot = office_index.get(inv.office_id.as_str()).and_then(|&o| {
                    let date = NaiveDate::parse_from_str(&inv.date, "%Y-%m-%d").ok()?;
                    calendar.find(o, date, crate::config::parse_time(&inv.start)?)
                });
                match slot {
                    Some(s) => booked[s] += 1,
                    None => report.orphaned.push(format!(
                        "{} at {} on {} {}: that session is no longer in papila.toml",
                        inv.id, inv.office_id, inv.date, inv.start
                    )),
                }
                report.kept += 1;
                let kept = strings.keep(&lpath, &appointment)?;
                let booked = if inv.attempt > 1 {
                    Outcome::Reinvited(kept, strings.intern(&inv.missed), inv.attempt)
                } else {
                    Outcome::Booked(kept)
                };
                outcome.insert(nik.value(), booked);
            }
            (planned, true) => {
                reissue.insert(
                    nik.value(),
                    Reissue {
                        id: inv.id.clone(),
                        was_planned: planned,
                        before: appointment,
                        reinvite: None,
                    },
                );
            }
            (true, false) => {
                let why = match status_now.get(&nik.value()) {
                    None => "no longer in the lists".to_string(),
                    Some(Status::AlreadyRecorded) => "has recorded their e-KTP since".to_string(),
                    Some(s) => format!("is now {}", s.as_str()),
                };
                tx.execute(
                    "UPDATE invitation SET state = 'cancelled', updated_run = ?2 WHERE id = ?1",
                    params![inv.id, run],
                )
                .map_err(|e| sql(&lpath, e))?;
                event(&tx, &lpath, &inv.id, run, "cancelled", &appointment, &why)?;
                report
                    .cancelled
                    .push((inv.id.clone(), person_name(&tx, &lpath, &inv.nik)?, why));
            }
            (false, false) => {}
        }
    }

    // Place everyone invited who holds no kept appointment.
    let to_place: Vec<usize> = (0..wanted.len())
        .filter(|&i| !outcome.contains_key(&wanted[i].nik.value()))
        .collect();
    let candidates: Vec<Candidate> = to_place
        .iter()
        .map(|&i| {
            let mut c = wanted[i].candidate.clone();
            if running {
                // A letter cannot reach anyone for a session already under way.
                c.earliest = c.earliest.max(opts.today + Duration::days(1));
            }
            c
        })
        .collect();
    let placed = place(&calendar, &mut booked, &candidates);
    // Ids and letter numbers are handed out in calendar order, so they read in order on the
    // attendance sheets and are the same on every run.
    let mut order: Vec<usize> = (0..to_place.len()).collect();
    order.sort_by_key(|&k| {
        (
            placed[k].unwrap_or(usize::MAX),
            wanted[to_place[k]].nik.value(),
        )
    });
    for k in order {
        let w = &wanted[to_place[k]];
        let Some(s) = placed[k] else {
            let reason = overflow_reason(config, &w.candidate, last_day);
            if let Some(r) = reissue.get(&w.nik.value())
                && let Some(count) = r.reinvite
            {
                // No session left to invite a no-show again: their missed appointment stays.
                report.not_reinvited.push((
                    r.id.clone(),
                    person_name(&tx, &lpath, &w.nik.to_string())?,
                    format!("did not come on {}; {reason}", r.before.date),
                ));
                let before = strings.keep(&lpath, &r.before)?;
                outcome.insert(
                    w.nik.value(),
                    if count > 1 {
                        Outcome::Reinvited(before, strings.intern(""), count)
                    } else {
                        Outcome::Booked(before)
                    },
                );
                continue;
            }
            if let Some(r) = reissue.get(&w.nik.value()).filter(|r| r.was_planned) {
                let why = format!("no place left on --replan: {reason}");
                tx.execute(
                    "UPDATE invitation SET state = 'cancelled', updated_run = ?2 WHERE id = ?1",
                    params![r.id, run],
                )
                .map_err(|e| sql(&lpath, e))?;
                event(&tx, &lpath, &r.id, run, "cancelled", &r.before, &why)?;
                report.cancelled.push((
                    r.id.clone(),
                    person_name(&tx, &lpath, &w.nik.to_string())?,
                    why,
                ));
            }
            outcome.insert(w.nik.value(), Outcome::Overflow(strings.intern(&reason)));
            continue;
        };
        let slot = calendar.slots[s];
        let office_id = &config.offices[slot.office].id;
        let appointment = Appointment {
            invitation_id: String::new(),
            office_id: office_id.clone(),
            date: slot.date.to_string(),
            start: slot.start.format("%H:%M").to_string(),
            end: slot.end.format("%H:%M").to_string(),
        };
        let mut reinvited = None;
        let id = match reissue.get(&w.nik.value()) {
            Some(Reissue {
                id,
                before,
                reinvite: Some(count),
                ..
            }) => {
                tx.execute(
                    "UPDATE invitation SET office_id = ?2, date = ?3, start = ?4, end = ?5,
                     attempt = attempt + 1, missed = ?6, updated_run = ?7 WHERE id = ?1",
                    params![
                        id,
                        appointment.office_id,
                        appointment.date,
                        appointment.start,
                        appointment.end,
                        before.date,
                        run
                    ],
                )
                .map_err(|e| sql(&lpath, e))?;
                let why = format!("invited again: did not come on {}", before.date);
                event(&tx, &lpath, id, run, "moved", &appointment, &why)?;
                report.reinvited.push((
                    id.clone(),
                    person_name(&tx, &lpath, &w.nik.to_string())?,
                    before.date.clone(),
                    appointment.date.clone(),
                ));
                reinvited = Some((before.date.clone(), count + 1));
                id.clone()
            }
            Some(Reissue {
                id,
                was_planned,
                before,
                reinvite: None,
            }) => {
                let same = *was_planned
                    && before.office_id == appointment.office_id
                    && before.date == appointment.date
                    && before.start == appointment.start;
                tx.execute(
                    "UPDATE invitation SET state = 'planned', office_id = ?2, date = ?3, start = ?4, end = ?5,
                     updated_run = ?6 WHERE id = ?1",
                    params![id, appointment.office_id, appointment.date, appointment.start, appointment.end, run],
                )
                .map_err(|e| sql(&lpath, e))?;
                if !was_planned {
                    report.restored += 1;
                    event(
                        &tx,
                        &lpath,
                        id,
                        run,
                        "restored",
                        &appointment,
                        "invited again",
                    )?;
                } else if !same {
                    report.moved += 1;
                    event(&tx, &lpath, id, run, "moved", &appointment, "--replan")?;
                } else {
                    report.kept += 1;
                }
                id.clone()
            }
            None => {
                let nik_text = w.nik.to_string();
                let id = crate::ids::assign(&config.campaign.id, &nik_text, |id| {
                    crate::ids::to_bits(id).is_some_and(|bits| taken_ids.contains(&bits))
                });
                taken_ids.insert(id_bits(&lpath, &id)?);
                tx.execute(
                    "INSERT INTO invitation (id, nik, seq, state, office_id, date, start, end, created_run, updated_run)
                     VALUES (?1, ?2, ?3, 'planned', ?4, ?5, ?6, ?7, ?8, ?8)",
                    params![id, nik_text, next_seq, appointment.office_id, appointment.date, appointment.start, appointment.end, run],
                )
                .map_err(|e| sql(&lpath, e))?;
                next_seq += 1;
                report.new += 1;
                event(&tx, &lpath, &id, run, "planned", &appointment, "")?;
                id
            }
        };
        let kept = strings.keep(
            &lpath,
            &Appointment {
                invitation_id: id,
                ..appointment
            },
        )?;
        outcome.insert(
            w.nik.value(),
            match reinvited {
                Some((missed, count)) => Outcome::Reinvited(kept, strings.intern(&missed), count),
                None => Outcome::Booked(kept),
            },
        );
    }
    tx.commit().map_err(|e| sql(&lpath, e))?;

    // Load per office, and sessions over capacity.
    let mut load: Vec<OfficeLoad> = config
        .offices
        .iter()
        .map(|o| OfficeLoad {
            daily_capacity: o.sessions.iter().map(|s| u64::from(s.capacity)).sum(),
            ..OfficeLoad::default()
        })
        .collect();
    for (s, slot) in calendar.slots.iter().enumerate() {
        load[slot.office].capacity += u64::from(slot.capacity);
        load[slot.office].booked += u64::from(booked[s]);
        if booked[s] > slot.capacity {
            report.overbooked.push(format!(
                "{} on {} {}: {} booked, capacity now {}",
                config.offices[slot.office].id,
                slot.date,
                slot.start.format("%H:%M"),
                booked[s],
                slot.capacity
            ));
        }
    }
    for w in &wanted {
        load[w.office].demand += 1;
        if matches!(outcome.get(&w.nik.value()), Some(Outcome::Overflow(_))) {
            load[w.office].overflow += 1;
            move_count(&mut report.totals, w.kecamatan);
        }
    }
    report.load = config
        .offices
        .iter()
        .map(|o| o.id.clone())
        .zip(load)
        .collect();

    write_capacity(&report.capacity, config, &calendar, &booked, &report.load)?;
    finish_manifest(&pending_path, &report.manifest, &outcome, &strings)?;
    Ok(report)
}

fn person_name(tx: &rusqlite::Transaction<'_>, path: &Path, nik: &str) -> Result<String> {
    tx.query_row("SELECT name FROM person WHERE nik = ?1", [nik], |r| {
        r.get(0)
    })
    .map_err(|e| sql(path, e))
}

fn event(
    tx: &rusqlite::Transaction<'_>,
    path: &Path,
    id: &str,
    run: i64,
    kind: &str,
    a: &Appointment,
    detail: &str,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO invitation_event (invitation_id, run, kind, office_id, date, start, detail)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )
    .and_then(|mut s| s.execute(params![id, run, kind, a.office_id, a.date, a.start, detail]))
    .map_err(|e| sql(path, e))?;
    Ok(())
}

/// Moves one row from `invited` to `overflow` in the counts.
fn move_count(totals: &mut Totals, kecamatan: KecamatanCode) {
    for counts in [
        &mut totals.by_status,
        totals.by_kecamatan.entry(Some(kecamatan)).or_default(),
    ] {
        if let Some(n) = counts.get_mut(&Status::Invited) {
            *n -= 1;
        }
        *counts.entry(Status::Overflow).or_default() += 1;
    }
}

fn overflow_reason(config: &Config, c: &Candidate, last_day: NaiveDate) -> String {
    let office = &config.offices[c.office];
    if c.earliest > last_day {
        format!(
            "reaches {} on {}, after the last appointment day ({})",
            config.campaign.min_age,
            c.earliest.format("%d-%m-%Y"),
            last_day.format("%d-%m-%Y")
        )
    } else {
        format!(
            "no free place at office {} from {} to {}; add sessions or capacity (see capacity.csv)",
            office.id,
            c.earliest.format("%d-%m-%Y"),
            last_day.format("%d-%m-%Y")
        )
    }
}

/// `capacity.csv`: every session of the campaign with its capacity and bookings (spec §7), then its
/// office's demand, shortfall and the extra session-days that would clear it, so a spreadsheet filter
/// on one office shows the whole picture.
fn write_capacity(
    path: &Path,
    config: &Config,
    calendar: &Calendar,
    booked: &[u32],
    load: &[(String, OfficeLoad)],
) -> Result<()> {
    let mut w = CsvFile::create(
        path,
        &[
            "office_id",
            "date",
            "start",
            "end",
            "capacity",
            "booked",
            "office_demand",
            "office_shortfall",
            "office_extra_session_days",
        ],
    )?;
    for (s, slot) in calendar.slots.iter().enumerate() {
        let office = &load[slot.office].1;
        w.row([
            config.offices[slot.office].id.as_str(),
            &slot.date.to_string(),
            &slot.start.format("%H:%M").to_string(),
            &slot.end.format("%H:%M").to_string(),
            &slot.capacity.to_string(),
            &booked[s].to_string(),
            &office.demand.to_string(),
            &office.overflow.to_string(),
            &office.extra_days().to_string(),
        ])?;
    }
    w.commit()
}

fn set_appointment(fields: &mut [String], columns: &BTreeMap<&str, usize>, a: &Appointment) {
    fields[columns["invitation_id"]] = a.invitation_id.clone();
    fields[columns["office_id"]] = a.office_id.clone();
    fields[columns["date"]] = a.date.clone();
    fields[columns["start"]] = a.start.clone();
    fields[columns["end"]] = a.end.clone();
}

/// Pass 2: the pending manifest with appointments (or overflow) filled in for invited rows.
fn finish_manifest(
    pending: &Path,
    manifest: &Path,
    outcome: &HashMap<u64, Outcome>,
    strings: &Strings,
) -> Result<()> {
    let err = |p: &Path, e: csv::Error| Error::io("write", p, std::io::Error::other(e.to_string()));
    let mut reader = csv::Reader::from_path(pending).map_err(|e| err(pending, e))?;
    let columns: BTreeMap<&str, usize> = crate::manifest::COLUMNS
        .iter()
        .enumerate()
        .map(|(i, c)| (*c, i))
        .collect();
    let mut w = CsvFile::create(manifest, &crate::manifest::COLUMNS)?;
    let mut record = csv::StringRecord::new();
    while reader
        .read_record(&mut record)
        .map_err(|e| err(pending, e))?
    {
        let mut fields: Vec<String> = record.iter().map(str::to_string).collect();
        if fields[columns["status"]] == Status::Invited.as_str()
            && let Ok(nik) = Nik::parse(&fields[columns["nik"]])
        {
            match outcome.get(&nik.value()) {
                Some(Outcome::Booked(a)) => {
                    set_appointment(&mut fields, &columns, &strings.appointment(a))
                }
                Some(Outcome::Reinvited(a, missed, count)) => {
                    set_appointment(&mut fields, &columns, &strings.appointment(a));
                    let missed = strings.get(*missed);
                    fields[columns["status"]] = "reinvited".into();
                    fields[columns["reason"]] = if missed.is_empty() {
                        format!("invitation {count} of this person")
                    } else {
                        format!("did not come on {missed}; invitation {count} of this person")
                    };
                }
                Some(Outcome::Overflow(reason)) => {
                    fields[columns["status"]] = Status::Overflow.as_str().into();
                    fields[columns["reason"]] = strings.get(*reason).to_string();
                }
                None => {}
            }
        }
        w.row(&fields)?;
    }
    w.commit()?;
    std::fs::remove_file(pending).map_err(|e| Error::io("remove", pending, e))
}
