//! `[[school]]`, `[[team]]` and `[[visit]]` (spec §11): the schools whose students are invited,
//! the mobile teams, and each team's visits — one place on one day, made an office of that day.

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;

use super::offices::{check_id, resolve_villages, sessions};
use super::problems::{Problems, date_value};
use super::raw::{RawSchool, RawTeam, RawVisit};
use super::{Office, School, Team, Visit};
use crate::ingest::InputSpec;
use crate::region::NameIndex;

/// The validated schools: an 8-digit NPSN each, none twice, and their lists.
pub(super) fn schools(
    raw: &[RawSchool],
    dir: &Path,
    index: &NameIndex,
    p: &mut Problems,
) -> Vec<School> {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    let mut schools = Vec::new();
    for (i, s) in raw.iter().enumerate() {
        let key = format!("school[{i}]");
        if s.npsn.len() != 8 || !s.npsn.bytes().all(|b| b.is_ascii_digit()) {
            p.at(format!("{key}.npsn"), t!("config-npsn", value = &s.npsn));
        }
        if let Some(prev) = seen.insert(&s.npsn, i) {
            p.at(
                format!("{key}.npsn"),
                t!("config-npsn-twice", npsn = &s.npsn, other = prev + 1),
            );
        }
        if s.files.is_empty() {
            p.at(
                format!("{key}.files"),
                t!("config-school-no-files", name = &s.name),
            );
        }
        let village = s
            .village
            .as_ref()
            .and_then(|v| super::offices::resolve_village(v, &format!("{key}.village"), index, p));
        let files = s
            .files
            .iter()
            .map(|f| InputSpec {
                shown: f.clone(),
                path: dir.join(f),
                village,
                kecamatan: None,
                school: Some(i),
            })
            .collect();
        schools.push(School {
            npsn: s.npsn.clone(),
            name: s.name.clone(),
            address: s.address.clone().unwrap_or_default(),
            files,
        });
    }
    schools
}

pub(super) fn teams(raw: &[RawTeam], p: &mut Problems) -> Vec<Team> {
    let mut ids = HashMap::new();
    raw.iter()
        .enumerate()
        .map(|(i, t)| {
            check_id(&t.id, &format!("team[{i}]"), i, &mut ids, p);
            Team {
                id: t.id.clone(),
                name: t.name.clone(),
            }
        })
        .collect()
}

/// Each visit as an office holding its one day; a team in two places on one day, a visit outside
/// the campaign, or a visit naming both a school and villages (or neither) is a mistake.
pub(super) fn visits(
    raw: &[RawVisit],
    offices: &[Office],
    schools: &[School],
    teams: &[Team],
    span: Option<(NaiveDate, NaiveDate)>,
    index: &NameIndex,
    p: &mut Problems,
) -> Vec<Office> {
    let mut ids = HashMap::new();
    let mut booked: HashMap<(usize, NaiveDate), &str> = HashMap::new();
    let mut visits = Vec::new();
    for (i, v) in raw.iter().enumerate() {
        let key = format!("visit[{i}]");
        check_id(&v.id, &key, i, &mut ids, p);
        if offices.iter().any(|o| o.id == v.id) {
            p.at(
                format!("{key}.id"),
                t!("config-visit-id-office", id = &v.id),
            );
        }
        let team = teams.iter().position(|t| t.id == v.team);
        if team.is_none() {
            p.at(
                format!("{key}.team"),
                t!(
                    "config-visit-team",
                    team = &v.team,
                    teams = teams
                        .iter()
                        .map(|t| t.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            );
        }
        let date = date_value(&v.date, &format!("{key}.date"), p);
        if let (Some(d), Some((s, e))) = (date, span)
            && (d < s || d > e)
        {
            p.at(
                format!("{key}.date"),
                t!("config-date-outside", date = d, start = s, end = e),
            );
        }
        if let (Some(t), Some(d)) = (team, date)
            && let Some(other) = booked.insert((t, d), &v.id)
        {
            p.at(
                format!("{key}.date"),
                t!(
                    "config-visit-team-twice",
                    team = &v.team,
                    date = d,
                    visit = &v.id,
                    other = other
                ),
            );
        }
        let school = v.school.as_ref().and_then(|npsn| {
            let found = schools.iter().position(|s| s.npsn == *npsn);
            if found.is_none() {
                p.at(
                    format!("{key}.school"),
                    t!("config-visit-school", npsn = npsn),
                );
            }
            found
        });
        let mut villages = Vec::new();
        match (&v.school, &v.villages) {
            (Some(_), Some(_)) | (None, None) => {
                p.at(key.clone(), t!("config-visit-what", id = &v.id));
            }
            (None, Some(list)) => {
                for (vi, raw) in list.iter().enumerate() {
                    villages.extend(resolve_villages(
                        raw,
                        &format!("{key}.villages[{vi}]"),
                        index,
                        p,
                    ));
                }
            }
            (Some(_), None) => {}
        }
        if v.sessions.is_empty() {
            p.at(key.clone(), t!("config-office-no-sessions", id = &v.id));
        }
        let sessions = sessions(&v.sessions, &key, p);
        let address = v
            .address
            .clone()
            .or_else(|| school.map(|s| schools[s].address.clone()))
            .unwrap_or_default();
        visits.push(Office {
            id: v.id.clone(),
            name: v.place.clone(),
            address,
            villages,
            weekdays: Vec::new(),
            dates: date.into_iter().collect(),
            // A team's day is chosen: held on a Sunday or holiday on purpose.
            skip_holidays: false,
            sessions,
            visit: Some(Visit {
                team: team.unwrap_or(0),
                school,
            }),
        });
    }
    visits
}
