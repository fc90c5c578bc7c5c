//! The offline side of check-in: a village office's scans judged with the public key (and a
//! carried void list) and appended to its log, and the district's import of such logs.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::{
    Tally, answer, campaign, carried_void_list, offline_standing, record, scanned_at, scanned_lines,
};
use crate::checkin::{Judged, Offline, Outcome, judge};
use crate::cli::CheckinArgs;
use crate::error::{Error, Result};
use crate::text;

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

/// At a village office without the ledger: checked with the public key, appended to the log.
pub(super) fn offline(args: &CheckinArgs, public_key: &Path, log: &Path) -> Result<()> {
    let key = crate::keys::load_public(public_key)?;
    let now = || chrono::Local::now().naive_local();
    // Offline there is no campaign: the day is given or read off this computer's clock.
    let day = crate::cmd::today(args.today, now().date())?;
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
pub(super) fn import(args: &CheckinArgs) -> Result<()> {
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
