//! `papila checkin`: scans in, one answer per scan, at once. At the district the ledger records
//! check-ins; at a village office without it, `--public-key` checks codes offline and `--log`
//! keeps the scans for the district to `--import` (idempotent: the ledger keeps one check-in per
//! person, the first).

use std::collections::HashMap;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use ed25519_dalek::VerifyingKey;

use crate::checkin::{Judged, Offline, Outcome, judge};
use crate::cli::CheckinArgs;
use crate::error::{Error, Result};
use crate::ledger::{Ledger, Scan};
use crate::text;

use super::Context;

/// Columns of an offline scan log.
const LOG_COLUMNS: [&str; 9] = [
    "scanned_at",
    "station",
    "outcome",
    "invitation_id",
    "office_id",
    "date",
    "start",
    "end",
    "token",
];

pub(crate) fn run(args: &CheckinArgs) -> Result<()> {
    if let (Some(id), Some(reason)) = (&args.undo, &args.reason) {
        return undo(args, id, reason);
    }
    if let Some(path) = &args.write_void_list {
        return write_void_list(args, path);
    }
    if let Some(nik) = &args.walk_in {
        return walk_in(args, nik);
    }
    match (&args.public_key, &args.log) {
        (Some(public_key), Some(log)) => offline(args, public_key, log),
        _ if !args.import.is_empty() => import(args),
        _ => district(args),
    }
}

/// Takes back one check-in, with a reason kept in the ledger's history.
fn undo(args: &CheckinArgs, id: &str, reason: &str) -> Result<()> {
    let (ctx, ledger, _) = campaign(args)?;
    let config = &ctx.config;
    let Some(id) = crate::ids::normalize_typed(id) else {
        return Err(Error::Blocked {
            message: t!("undo-not-id", value = text::cut(id, 40).into_owned()),
            hint: t!("undo-not-id-hint"),
        });
    };
    let tz = config.campaign.timezone;
    let run = ledger.begin_run("checkin --undo")?;
    let at = text::stamp(tz.now());
    match ledger.undo_checkin(run, &at, "", &id, reason.trim())? {
        Some(first) => {
            let name = ledger.person_of(&id)?.map(|p| p.0).unwrap_or_default();
            println!("{}", t!("undo-done", id = &id, name = name, first = first));
            Ok(())
        }
        None => Err(Error::Blocked {
            message: t!("undo-none", id = &id),
            hint: t!("undo-none-hint"),
        }),
    }
}

/// The most a scanned line holds: a QR token is under 200 characters.
const MAX_SCAN: u64 = 4096;

/// The lines the scanner types (or a file piped in), each cut at `MAX_SCAN` bytes, the rest of an
/// over-long line passed over: a line that never ends must not fill memory. A cut line is judged
/// malformed like any other garbage.
fn scanned_lines() -> impl Iterator<Item = Result<String>> {
    use std::io::Read as _;
    let mut input = std::io::stdin().lock();
    std::iter::from_fn(move || {
        let mut line = Vec::new();
        let read = (&mut input)
            .take(MAX_SCAN)
            .read_until(b'\n', &mut line)
            .and_then(|n| {
                if n as u64 == MAX_SCAN && !line.ends_with(b"\n") {
                    input.skip_until(b'\n')?;
                }
                Ok(n)
            });
        match read {
            Ok(0) => None,
            Ok(_) => Some(Ok(String::from_utf8_lossy(&line).trim_end().to_string())),
            Err(e) => Some(Err(Error::io("read", t!("checkin-stdin"), e))),
        }
    })
}

/// When a scan happened: the check-in day, at the clock's time.
fn scanned_at(day: NaiveDate, now: chrono::NaiveDateTime) -> String {
    text::stamp(day.and_time(now.time()))
}

fn campaign(args: &CheckinArgs) -> Result<(Context, Ledger, VerifyingKey)> {
    let path = args
        .config
        .clone()
        .unwrap_or_else(|| PathBuf::from("papila.toml"));
    let ctx = Context::of(Context::config(&path)?, None, args.today)?;
    let key = crate::keys::of_campaign(&ctx.config, t!("why-key-checkin"))?.verifying_key();
    let ledger = Ledger::open_planned(&ctx.config)?;
    Ok((ctx, ledger, key))
}

/// At the district: scans from stdin, each answered and recorded at once.
fn district(args: &CheckinArgs) -> Result<()> {
    let (ctx, ledger, key) = campaign(args)?;
    let config = &ctx.config;
    let tz = config.campaign.timezone;
    let day = super::checkin_day(&ctx, args.force)?;
    let run = ledger.begin_run("checkin")?;
    let mut tally = Tally::default();
    eprintln!("{}", t!("checkin-start", day = text::day_and_date(day)));
    for line in scanned_lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let judged = judge(&line, &key, Some(&config.campaign.id), day, &ledger)?;
        let at = scanned_at(day, tz.now());
        record(&ledger, run, &at, &args.station, &judged, "scan")?;
        tally.add(judged.outcome);
        // A forged code's claims are not facts: no name is shown for it.
        let name = match (judged.outcome, &judged.invitation_id) {
            (Outcome::Forged, _) | (_, None) => None,
            (_, Some(id)) => ledger.person_of(id)?.map(|p| p.0),
        };
        answer(&judged, name, tz.label())?;
    }
    eprint!("{}", tally.summary());
    Ok(())
}

/// Records one judged scan made at this station (or read from an offline log).
fn record(
    ledger: &Ledger,
    run: i64,
    at: &str,
    station: &str,
    judged: &Judged,
    source: &str,
) -> Result<()> {
    ledger.record_judged(
        &Scan {
            run,
            at,
            station,
            source,
            nonce: None,
            line_hash: "",
            received_at: "",
        },
        judged,
    )?;
    Ok(())
}

/// One line per scan: the outcome first (what staff look at), then who and when.
fn answer(judged: &Judged, name: Option<String>, zone: &str) -> Result<()> {
    let mut line = format!(
        "{:<18} {:<8}",
        judged.outcome.as_str(),
        judged.invitation_id.as_deref().unwrap_or("-")
    );
    if let Some(name) = name {
        line.push_str(&format!("  {name}"));
    }
    if let Some(a) = &judged.appointment {
        let zone = if zone.is_empty() {
            String::new()
        } else {
            format!(" {zone}")
        };
        line.push_str(&format!(
            "  {}",
            t!(
                "checkin-session",
                date = text::day_and_date(a.date),
                start = text::time(a.start),
                end = text::time(a.end),
                zone = zone,
                office = &a.office_id
            )
        ));
    }
    let note = judged.explain();
    if !note.is_empty() {
        line.push_str(&format!("  ({note})"));
    }
    let mut out = std::io::stdout().lock();
    writeln!(out, "{line}")
        .and_then(|()| out.flush())
        .map_err(|e| Error::io("write", t!("checkin-stdout"), e))
}

/// Counts by outcome, for the closing summary.
#[derive(Default)]
struct Tally(Vec<(Outcome, usize)>);

impl Tally {
    fn add(&mut self, outcome: Outcome) {
        match self.0.iter_mut().find(|(o, _)| *o == outcome) {
            Some((_, n)) => *n += 1,
            None => self.0.push((outcome, 1)),
        }
    }

    fn summary(&self) -> String {
        let total: usize = self.0.iter().map(|(_, n)| n).sum();
        let checked: usize = self
            .0
            .iter()
            .filter(|(o, _)| o.records())
            .map(|(_, n)| n)
            .sum();
        let mut parts: Vec<String> = self
            .0
            .iter()
            .map(|(o, n)| format!("{n} {}", o.as_str()))
            .collect();
        parts.sort();
        format!(
            "{}{}\n",
            t!("checkin-tally", total = total, checked = checked),
            if parts.is_empty() {
                String::new()
            } else {
                format!(" ({})", parts.join(", "))
            }
        )
    }
}

/// At a village office without the ledger: checked with the public key, appended to the log.
fn offline(args: &CheckinArgs, public_key: &Path, log: &Path) -> Result<()> {
    let key = crate::keys::load_public(public_key)?;
    let now = || chrono::Local::now().naive_local();
    // Offline there is no campaign: the day is given or read off this computer's clock.
    let day = super::today(args.today, now().date())?;
    let mut known = Offline::default();
    let mut campaign = args.campaign.clone();
    if let Some(list) = &args.void_list {
        let list = carried_void_list(&key, list, Some(log))?;
        campaign = campaign.or(Some(list.campaign.clone()));
        known.void = offline_standing(&list);
    }
    if log.exists() {
        for (_, row) in read_log(log)? {
            if Outcome::parse(&row["outcome"]).is_some_and(Outcome::records) {
                known
                    .checked
                    .entry(row["invitation_id"].clone())
                    .or_insert(row["scanned_at"].clone());
            }
        }
    }
    let mut writer = LogWriter::open(log)?;
    let mut tally = Tally::default();
    eprintln!(
        "{}",
        t!(
            "checkin-start-offline",
            log = log,
            day = text::day_and_date(day)
        )
    );
    for line in scanned_lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let judged = judge(&line, &key, campaign.as_deref(), day, &known)?;
        let at = scanned_at(day, now());
        writer.append(&at, &args.station, &judged)?;
        if judged.outcome.records()
            && let Some(id) = &judged.invitation_id
        {
            known.checked.entry(id.clone()).or_insert(at);
        }
        tally.add(judged.outcome);
        answer(&judged, None, "")?;
    }
    eprint!("{}", tally.summary());
    Ok(())
}

/// A walk-in at the district's station: someone eligible without an appointment (no place was
/// left for them) came; an appointment is made at their office's session of the day and they are
/// checked in, marked as a walk-in and counted apart in `report`.
fn walk_in(args: &CheckinArgs, nik: &str) -> Result<()> {
    let (ctx, ledger, _) = campaign(args)?;
    let config = &ctx.config;
    let day = super::checkin_day(&ctx, args.force)?;
    let Ok((nik, _)) = crate::validate::Nik::read(nik.trim()) else {
        return Err(Error::Blocked {
            message: t!("walk-in-not-nik", value = text::cut(nik, 40).into_owned()),
            hint: t!("walk-in-not-nik-hint"),
        });
    };
    let nik = nik.to_string();
    let Some(village) = ledger.village_of_nik(&nik)? else {
        return Err(Error::Blocked {
            message: t!(
                "walk-in-unknown",
                nik = crate::validate::nik::masked_text(&nik)
            ),
            hint: t!("walk-in-unknown-hint"),
        });
    };
    let village = crate::region::VillageCode::parse(&village);
    let office = village.and_then(|v| config.office_of().get(&v).map(|&o| &config.offices[o]));
    let Some(office) = office else {
        return Err(Error::Blocked {
            message: t!(
                "walk-in-no-office",
                nik = crate::validate::nik::masked_text(&nik)
            ),
            hint: t!("walk-in-no-office-hint"),
        });
    };
    // The session running now, else the office's first of the day.
    let now = config.campaign.timezone.now().time();
    let session = office
        .sessions
        .iter()
        .find(|s| s.start <= now && now < s.end)
        .or(office.sessions.first())
        .copied()
        .ok_or_else(|| Error::Blocked {
            message: t!(
                "walk-in-no-office",
                nik = crate::validate::nik::masked_text(&nik)
            ),
            hint: t!("walk-in-no-office-hint"),
        })?;
    let appointment = crate::appointment::Appointment {
        office_id: office.id.clone(),
        date: day,
        start: session.start,
        end: session.end,
    };
    let secret = super::id_secret(&ctx, &ledger)?;
    let run = ledger.begin_run("checkin --walk-in")?;
    let at = scanned_at(day, config.campaign.timezone.now());
    let station = if args.station.is_empty() {
        "district"
    } else {
        &args.station
    };
    let new_id = |taken: &dyn Fn(&str) -> bool| {
        crate::ids::assign(&secret, &config.campaign.id, &nik, taken)
    };
    match ledger.record_walk_in(&nik, &appointment, new_id, run, &at, station)? {
        crate::ledger::WalkIn::Recorded { id, name } => {
            println!(
                "{}",
                t!(
                    "walk-in-done",
                    id = id.as_str(),
                    name = name.as_str(),
                    office = office.name.as_str(),
                    session = text::session(session.start, session.end, config.campaign.timezone)
                )
            );
            Ok(())
        }
        crate::ledger::WalkIn::Unknown => Err(Error::Blocked {
            message: t!(
                "walk-in-unknown",
                nik = crate::validate::nik::masked_text(&nik)
            ),
            hint: t!("walk-in-unknown-hint"),
        }),
        crate::ledger::WalkIn::NotEligible(status) => Err(Error::Blocked {
            message: t!("walk-in-not-eligible", status = status.as_str()),
            hint: t!("walk-in-not-eligible-hint"),
        }),
        crate::ledger::WalkIn::HasAppointment(id) => Err(Error::Blocked {
            message: t!("walk-in-has-appointment", id = id.as_str()),
            hint: t!("walk-in-has-appointment-hint", id = id.as_str()),
        }),
    }
}

/// At the district: the signed list of void letters a village office carries with the public key.
fn write_void_list(args: &CheckinArgs, path: &Path) -> Result<()> {
    let (ctx, ledger, _) = campaign(args)?;
    let key = crate::keys::of_campaign(&ctx.config, t!("why-key-void-list"))?;
    let entries: Vec<(String, crate::voidlist::Entry)> = ledger
        .void_entries()?
        .into_iter()
        .map(|(id, standing)| {
            let entry = match standing {
                Some(a) => crate::voidlist::Entry::Moved(a),
                None => crate::voidlist::Entry::Cancelled,
            };
            (id, entry)
        })
        .collect();
    let made = text::stamp(ctx.config.campaign.timezone.now());
    let text = crate::voidlist::write(&key, &ctx.config.campaign.id, &made, &entries);
    crate::output::write_private(path, text.as_bytes())?;
    println!(
        "{}",
        t!(
            "void-list-written",
            path = path,
            count = entries.len(),
            made = made.as_str()
        )
    );
    Ok(())
}

/// A carried void list, verified with `key`; with `log`, refused when older than the list used
/// with that log before (kept beside it), and remembered as the newest.
pub(crate) fn carried_void_list(
    key: &VerifyingKey,
    path: &Path,
    log: Option<&Path>,
) -> Result<crate::voidlist::VoidList> {
    let text =
        crate::output::read_bounded(path, 16 << 20).map_err(|e| Error::io("read", path, e))?;
    let list = crate::voidlist::read(key, &text).map_err(|refused| match refused {
        crate::voidlist::Refused::Altered => Error::Blocked {
            message: t!("void-list-altered", path = path),
            hint: t!("void-list-altered-hint"),
        },
        crate::voidlist::Refused::NotAList => Error::Blocked {
            message: t!("void-list-not-a-list", path = path),
            hint: t!("void-list-altered-hint"),
        },
    })?;
    if let Some(log) = log {
        let state = PathBuf::from(format!("{}.batal", log.display()));
        let before = std::fs::read_to_string(&state).unwrap_or_default();
        let before = before.trim();
        if !before.is_empty() && list.made.as_str() < before {
            return Err(Error::Blocked {
                message: t!(
                    "void-list-older",
                    path = path,
                    made = list.made.as_str(),
                    before = before
                ),
                hint: t!("void-list-older-hint"),
            });
        }
        crate::output::write_private(&state, list.made.as_bytes())?;
    }
    Ok(list)
}

/// What the judge knows offline from a void list.
pub(crate) fn offline_standing(
    list: &crate::voidlist::VoidList,
) -> HashMap<String, crate::checkin::Standing> {
    list.entries
        .iter()
        .map(|(id, entry)| {
            let standing = match entry {
                crate::voidlist::Entry::Moved(a) => crate::checkin::Standing {
                    planned: true,
                    appointment: a.clone(),
                    why_cancelled: None,
                },
                crate::voidlist::Entry::Cancelled => crate::checkin::Standing {
                    planned: false,
                    // A cancelled invitation's appointment is never shown.
                    appointment: crate::appointment::Appointment {
                        office_id: String::new(),
                        date: NaiveDate::MIN,
                        start: chrono::NaiveTime::MIN,
                        end: chrono::NaiveTime::MIN,
                    },
                    why_cancelled: None,
                },
            };
            (id.clone(), standing)
        })
        .collect()
}

/// An offline log, appended to one line at a time and flushed, so a crash loses at most the scan
/// being written. Owner-only: it says who came.
struct LogWriter {
    path: PathBuf,
    csv: csv::Writer<std::fs::File>,
}

impl LogWriter {
    fn open(path: &Path) -> Result<LogWriter> {
        let fresh = std::fs::metadata(path)
            .map(|m| m.len() == 0)
            .unwrap_or(true);
        let file = crate::output::append_private(path)?;
        let mut writer = LogWriter {
            path: path.to_path_buf(),
            csv: csv::Writer::from_writer(file),
        };
        if fresh {
            writer.row(&LOG_COLUMNS.map(String::from))?;
        }
        Ok(writer)
    }

    fn append(&mut self, at: &str, station: &str, j: &Judged) -> Result<()> {
        let a = j.appointment.as_ref();
        self.row(&[
            at.to_string(),
            station.to_string(),
            j.outcome.as_str().to_string(),
            j.invitation_id.clone().unwrap_or_default(),
            a.map(|a| a.office_id.clone()).unwrap_or_default(),
            a.map(|a| a.date.to_string()).unwrap_or_default(),
            a.map(|a| a.start.format("%H:%M").to_string())
                .unwrap_or_default(),
            a.map(|a| a.end.format("%H:%M").to_string())
                .unwrap_or_default(),
            j.token.clone().unwrap_or_default(),
        ])
    }

    fn row(&mut self, fields: &[String]) -> Result<()> {
        let path = &self.path;
        // Staff open the log in a spreadsheet too: a station name must not become a formula.
        self.csv
            .write_record(
                fields
                    .iter()
                    .map(|f| crate::output::excel_safe(f.as_bytes())),
            )
            .and_then(|()| self.csv.flush().map_err(csv::Error::from))
            .map_err(|e| Error::io("write", path, std::io::Error::other(e.to_string())))
    }
}

/// The rows of a scan log, each with its line number, as column → value.
pub(crate) fn read_log(path: &Path) -> Result<Vec<(u64, HashMap<String, String>)>> {
    let bad = |message: String| Error::Input {
        path: path.display().to_string(),
        message,
        hint: t!("log-hint"),
    };
    // A scan log of a whole campaign is a few MB; anything past 256 MiB is not one.
    let size = std::fs::metadata(path)
        .map_err(|e| Error::io("read", path, e))?
        .len();
    if size > 256 << 20 {
        return Err(bad(t!("log-large", mib = size >> 20)));
    }
    let mut reader = csv::Reader::from_path(path)
        .map_err(|e| Error::io("read", path, std::io::Error::other(e.to_string())))?;
    let headers = reader
        .headers()
        .map_err(|e| bad(t!("log-unreadable", problem = e.to_string())))?
        .clone();
    for column in ["scanned_at", "outcome", "invitation_id", "token"] {
        if !headers.iter().any(|h| h == column) {
            return Err(bad(t!("log-no-column", column = column)));
        }
    }
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let line = i as u64 + 2;
        let record =
            record.map_err(|e| bad(t!("log-line", line = line, problem = e.to_string())))?;
        rows.push((
            line,
            headers
                .iter()
                .zip(record.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect(),
        ));
    }
    Ok(rows)
}

/// The district merges offline logs: each check-in is judged again with the ledger (as of the day
/// it was scanned) and added unless the person is already checked in.
fn import(args: &CheckinArgs) -> Result<()> {
    let (ctx, ledger, key) = campaign(args)?;
    let config = &ctx.config;
    let run = ledger.begin_run("checkin")?;
    for file in &args.import {
        let rows = read_log(file)?;
        let (mut added, mut known_before, mut refused, mut not_checkins) = (0, 0, 0, 0);
        for (line, row) in &rows {
            if !Outcome::parse(&row["outcome"]).is_some_and(Outcome::records) {
                not_checkins += 1;
                continue;
            }
            let scanned = &row["scanned_at"];
            let day = scanned
                .get(..10)
                .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
                .ok_or_else(|| Error::Input {
                    path: file.display().to_string(),
                    message: t!(
                        "log-scanned-at",
                        line = *line,
                        value = text::cut(scanned, 40).into_owned()
                    ),
                    hint: t!("log-hint"),
                })?;
            let input = if row["token"].is_empty() {
                &row["invitation_id"]
            } else {
                &row["token"]
            };
            let judged = judge(input, &key, Some(&config.campaign.id), day, &ledger)?;
            match judged.outcome {
                Outcome::AlreadyCheckedIn => known_before += 1,
                o if o.records() => {
                    let station = row.get("station").cloned().unwrap_or_default();
                    record(
                        &ledger,
                        run,
                        scanned,
                        &station,
                        &judged,
                        &file.display().to_string(),
                    )?;
                    added += 1;
                }
                o => {
                    refused += 1;
                    println!(
                        "{}:{line}: {} {} ({})",
                        file.display(),
                        o.as_str(),
                        judged.invitation_id.as_deref().unwrap_or("-"),
                        judged.explain()
                    );
                }
            }
        }
        println!(
            "{}: {}",
            file.display(),
            t!(
                "import-done",
                added = added,
                known = known_before,
                refused = refused,
                other = not_checkins
            )
        );
    }
    Ok(())
}
