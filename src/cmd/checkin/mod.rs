//! `papila checkin`: scans in, one answer per scan, at once. At the district the ledger records
//! check-ins (this file: scanning, undo, the answer and the tally every mode shares); at a village
//! office without it, `--public-key` checks codes offline and `--log` keeps the scans for the
//! district to `--import` (`log`); `--walk-in` records someone without an appointment
//! (`walk_in`); `--write-void-list` and `--void-list` carry cancelled letters to the offline
//! stations (`void_list`).

mod log;
mod void_list;
mod walk_in;

pub(crate) use log::read_log;
pub(crate) use void_list::{carried_void_list, offline_standing};

use std::io::{BufRead, Write};
use std::path::PathBuf;

use chrono::NaiveDate;
use ed25519_dalek::VerifyingKey;

use crate::checkin::{Judged, Outcome, judge};
use crate::cli::CheckinArgs;
use crate::error::{Error, Result};
use crate::ledger::{Ledger, Scan};
use crate::text;

use super::Context;
pub(crate) fn run(args: &CheckinArgs) -> Result<()> {
    if let (Some(id), Some(reason)) = (&args.undo, &args.reason) {
        return undo(args, id, reason);
    }
    if let Some(path) = &args.write_void_list {
        return void_list::write(args, path);
    }
    if let Some(nik) = &args.walk_in {
        return walk_in::record(args, nik);
    }
    match (&args.public_key, &args.log) {
        (Some(public_key), Some(log)) => log::offline(args, public_key, log),
        _ if !args.import.is_empty() => log::import(args),
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

    /// "8 scans: 3 checked in (2 valid, 1 not_today); 5 not recorded (1 forged, …)".
    fn summary(&self) -> String {
        let part = |records: bool| {
            let mut counted: Vec<&(Outcome, usize)> = self
                .0
                .iter()
                .filter(|(o, _)| o.records() == records)
                .collect();
            counted.sort_by_key(|(o, _)| o.as_str());
            let parts: Vec<String> = counted
                .iter()
                .map(|(o, n)| format!("{n} {}", o.as_str()))
                .collect();
            let n: usize = self
                .0
                .iter()
                .filter(|(o, _)| o.records() == records)
                .map(|(_, n)| n)
                .sum();
            (n, parts.join(", "))
        };
        let (checked, recorded) = part(true);
        let (other, refused) = part(false);
        let mut line = t!(
            "checkin-tally",
            total = checked + other,
            checked = checked,
            outcomes = if recorded.is_empty() {
                String::new()
            } else {
                format!(" ({recorded})")
            }
        );
        if other > 0 {
            line.push_str(&t!(
                "checkin-tally-other",
                other = other,
                outcomes = refused
            ));
        }
        line.push('\n');
        line
    }
}
