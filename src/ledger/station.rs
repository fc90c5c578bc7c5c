//! What the web station (`papila serve`) reads: a day's sessions at an office with who came, the
//! latest scans at a station, a search for a person whose letter is lost, today's figures per
//! office for the district view.

use chrono::{NaiveDate, NaiveTime};
use rusqlite::params;

use super::{At, Ledger, not_written};
use crate::appointment::Appointment;
use crate::error::Result;

/// One session of a day at an office.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SessionDay {
    pub(crate) start: NaiveTime,
    pub(crate) end: NaiveTime,
    pub(crate) booked: u64,
    pub(crate) arrived: u64,
}

/// One scan at a station, newest first, with the person it named (when genuine).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct StationScan {
    pub(crate) at: String,
    pub(crate) outcome: String,
    pub(crate) invitation_id: Option<String>,
    pub(crate) name: Option<String>,
    /// For an undone check-in: the reason given.
    pub(crate) reason: String,
}

/// A person an office's search found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Found {
    pub(crate) invitation_id: String,
    pub(crate) name: String,
    /// The whole NIK: masked before it leaves the server.
    pub(crate) nik: String,
    pub(crate) village_code: String,
    pub(crate) rt: String,
    pub(crate) rw: String,
    pub(crate) appointment: Appointment,
    pub(crate) checked_in: Option<String>,
}

/// Someone eligible the search found without an appointment (no place was left for them, or they
/// were never given one): a walk-in if they come.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Unseated {
    pub(crate) nik: String,
    pub(crate) name: String,
    pub(crate) village_code: String,
    pub(crate) rt: String,
    pub(crate) rw: String,
}

/// An office's day: appointments booked and check-ins of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OfficeDay {
    pub(crate) office_id: String,
    pub(crate) booked: u64,
    pub(crate) arrived: u64,
    /// Check-ins at the office's station today of people booked another day or elsewhere.
    pub(crate) others: u64,
}

impl Ledger {
    /// The sessions booked at `office` on `day`, with how many of their people are checked in.
    pub(crate) fn sessions_on(&self, office: &str, day: NaiveDate) -> Result<Vec<SessionDay>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT i.start, i.end, count(*), count(c.invitation_id)
                 FROM invitation i LEFT JOIN checkin c ON c.invitation_id = i.id
                 WHERE i.state = 'planned' AND i.office_id = ?1 AND i.date = ?2
                 GROUP BY i.start, i.end ORDER BY i.start",
            )
            .at(&self.path)?;
        let path = &self.path;
        let time = |t: String| {
            NaiveTime::parse_from_str(&t, "%H:%M").map_err(|_| not_written(path, "a time", &t))
        };
        let mut rows = stmt.query(params![office, day.to_string()]).at(path)?;
        let mut sessions = Vec::new();
        while let Some(r) = rows.next().at(path)? {
            sessions.push(SessionDay {
                start: time(r.get(0).at(path)?)?,
                end: time(r.get(1).at(path)?)?,
                booked: r.get::<_, i64>(2).at(path)? as u64,
                arrived: r.get::<_, i64>(3).at(path)? as u64,
            });
        }
        Ok(sessions)
    }

    /// Check-ins made at `station` since `since` ("2024-08-19 08:00:00").
    pub(crate) fn checkins_since(&self, station: &str, since: &str) -> Result<u64> {
        self.conn
            .prepare_cached("SELECT count(*) FROM checkin WHERE station = ?1 AND at >= ?2")
            .and_then(|mut s| s.query_row(params![station, since], |r| r.get::<_, i64>(0)))
            .map(|n| n as u64)
            .at(&self.path)
    }

    /// The latest `limit` scans at `station` made on `day` (undone check-ins among them).
    pub(crate) fn latest_scans(
        &self,
        station: &str,
        day: NaiveDate,
        limit: usize,
    ) -> Result<Vec<StationScan>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT s.at, s.outcome, s.invitation_id,
                        CASE WHEN s.outcome = 'forged' THEN NULL ELSE p.name END,
                        CASE WHEN s.outcome = 'undone' THEN s.source ELSE '' END
                 FROM scan s
                 LEFT JOIN invitation i ON i.id = s.invitation_id
                 LEFT JOIN person p ON p.nik = i.nik
                 WHERE s.station = ?1 AND s.at >= ?2 AND s.at < ?3
                 ORDER BY s.at DESC, s.id DESC LIMIT ?4",
            )
            .at(&self.path)?;
        let next = day.succ_opt().unwrap_or(day);
        let rows = stmt
            .query_map(
                params![station, day.to_string(), next.to_string(), limit as i64],
                |r| {
                    Ok(StationScan {
                        at: r.get(0)?,
                        outcome: r.get(1)?,
                        invitation_id: r.get(2)?,
                        name: r.get(3)?,
                        reason: r.get(4)?,
                    })
                },
            )
            .at(&self.path)?;
        rows.collect::<rusqlite::Result<_>>().at(&self.path)
    }

    /// People with an appointment at `office` born on `birth` whose name holds `name` (any case),
    /// at most `limit` of them.
    pub(crate) fn search_office(
        &self,
        office: &str,
        name: &str,
        birth: NaiveDate,
        limit: usize,
    ) -> Result<Vec<Found>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT i.id, p.name, p.nik, p.village_code, p.rt, p.rw,
                        i.office_id, i.date, i.start, i.end, c.at
                 FROM person p JOIN invitation i ON i.nik = p.nik
                 LEFT JOIN checkin c ON c.invitation_id = i.id
                 WHERE i.state = 'planned' AND i.office_id = ?1 AND p.birth_date = ?2
                   AND instr(lower(p.name), lower(?3)) > 0
                 ORDER BY p.name, i.id LIMIT ?4",
            )
            .at(&self.path)?;
        let path = &self.path;
        let mut rows = stmt
            .query(params![office, birth.to_string(), name, limit as i64])
            .at(path)?;
        let mut found = Vec::new();
        while let Some(r) = rows.next().at(path)? {
            found.push(Found {
                invitation_id: r.get(0).at(path)?,
                name: r.get(1).at(path)?,
                nik: r.get(2).at(path)?,
                village_code: r.get(3).at(path)?,
                rt: r.get(4).at(path)?,
                rw: r.get(5).at(path)?,
                appointment: super::delivery::appointment(path, r, 6)?,
                checked_in: r.get(10).at(path)?,
            });
        }
        Ok(found)
    }

    /// People to be invited who hold no appointment, born on `birth`, whose name holds `name`: at
    /// most `limit`, by name. The caller keeps those of its office's villages.
    pub(crate) fn search_unseated(
        &self,
        name: &str,
        birth: NaiveDate,
        limit: usize,
    ) -> Result<Vec<Unseated>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT p.nik, p.name, p.village_code, p.rt, p.rw FROM person p
                 WHERE p.status = 'invited' AND p.birth_date = ?1
                   AND instr(lower(p.name), lower(?2)) > 0
                   AND NOT EXISTS (SELECT 1 FROM invitation i
                                   WHERE i.nik = p.nik AND i.state = 'planned')
                 ORDER BY p.name, p.nik LIMIT ?3",
            )
            .at(&self.path)?;
        let path = &self.path;
        let mut rows = stmt
            .query(params![birth.to_string(), name, limit as i64])
            .at(path)?;
        let mut found = Vec::new();
        while let Some(r) = rows.next().at(path)? {
            found.push(Unseated {
                nik: r.get(0).at(path)?,
                name: r.get(1).at(path)?,
                village_code: r.get(2).at(path)?,
                rt: r.get(3).at(path)?,
                rw: r.get(4).at(path)?,
            });
        }
        Ok(found)
    }

    /// Every office's day: appointments on `day`, how many of them are checked in, and check-ins
    /// made at its station on `day` for other appointments. `station_of` names an office's station.
    pub(crate) fn offices_on(
        &self,
        day: NaiveDate,
        station_of: impl Fn(&str) -> String,
        offices: &[String],
    ) -> Result<Vec<OfficeDay>> {
        let next = day.succ_opt().unwrap_or(day);
        let mut booked = self
            .conn
            .prepare_cached(
                "SELECT count(*), count(c.invitation_id)
                 FROM invitation i LEFT JOIN checkin c ON c.invitation_id = i.id
                 WHERE i.state = 'planned' AND i.office_id = ?1 AND i.date = ?2",
            )
            .at(&self.path)?;
        let mut others = self
            .conn
            .prepare_cached(
                "SELECT count(*) FROM checkin c JOIN invitation i ON i.id = c.invitation_id
                 WHERE c.station = ?1 AND c.at >= ?2 AND c.at < ?3
                   AND NOT (i.office_id = ?4 AND i.date = ?2)",
            )
            .at(&self.path)?;
        let mut days = Vec::with_capacity(offices.len());
        for office in offices {
            let (b, a) = booked
                .query_row(params![office, day.to_string()], |r| {
                    Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?))
                })
                .at(&self.path)?;
            let o = others
                .query_row(
                    params![
                        station_of(office),
                        day.to_string(),
                        next.to_string(),
                        office
                    ],
                    |r| r.get::<_, i64>(0),
                )
                .at(&self.path)?;
            days.push(OfficeDay {
                office_id: office.clone(),
                booked: b as u64,
                arrived: a as u64,
                others: o as u64,
            });
        }
        Ok(days)
    }

    /// Switches the ledger to write-ahead logging, which lets the web station's readers go on while
    /// a check-in is written (the mode stays with the file).
    pub(crate) fn for_stations(&self) -> Result<()> {
        self.conn
            .query_row("PRAGMA journal_mode = WAL", [], |_| Ok(()))
            .at(&self.path)
    }
}
