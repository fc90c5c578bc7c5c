//! What a school's batch opens with (spec §11): the letter to its principal about the team's
//! visits — days, sessions, the classes seated in each and what to prepare — and its class lists,
//! which student goes to which session (`templates/school.typ`); the batch itself, with the
//! students' letters by class and a receipt list per class, is `batch`'s.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Serialize;

use crate::config::Config;
use crate::error::Result;
use crate::ledger::{Invited, Ledger, Point};
use crate::text;

/// `sekolah/<npsn>-<name>.pdf`: a school's batch under `print/` or a round's folder (the NPSN
/// alone for a school no longer in papila.toml).
pub(super) fn school_file(config: &Config, npsn: &str) -> PathBuf {
    let name = match config.school(npsn) {
        Some((_, school)) => format!("{npsn}-{}.pdf", super::slug(&school.name)),
        None => format!("{npsn}.pdf"),
    };
    PathBuf::from("sekolah").join(name)
}

#[derive(Serialize, Clone, Debug)]
pub(crate) struct SchoolData {
    npsn: String,
    name: String,
    address: String,
    visits: Vec<VisitData>,
    /// Students invited at an office rather than at a visit of the school.
    elsewhere: usize,
    classes: Vec<ClassData>,
}

#[derive(Serialize, Clone, Debug)]
struct VisitData {
    day: &'static str,
    date: String,
    place: String,
    team: String,
    sessions: Vec<SessionData>,
}

#[derive(Serialize, Clone, Debug)]
struct SessionData {
    time: String,
    classes: Vec<String>,
    count: usize,
}

#[derive(Serialize, Clone, Debug)]
struct ClassData {
    name: String,
    students: Vec<StudentLine>,
}

#[derive(Serialize, Clone, Debug)]
struct StudentLine {
    no: usize,
    name: String,
    /// Masked: a class list is handed around a school.
    nik: String,
    session: String,
}

/// What the principal's letter and class lists of a school's batch say now (its visits, the
/// classes in each session, every planned student with their session): `None` for a village's
/// batch, or a school no longer in papila.toml. A school's students are a few hundred: read whole.
pub(super) fn principal_letter(
    config: &Config,
    ledger: &Ledger,
    point: &Point,
) -> Result<Option<SchoolData>> {
    let Point::School(npsn) = point else {
        return Ok(None);
    };
    let Some((index, school)) = config.school(npsn) else {
        return Ok(None);
    };
    let visits: Vec<&crate::config::Office> = config
        .offices
        .iter()
        .filter(|o| o.visit.as_ref().is_some_and(|v| v.school == Some(index)))
        .collect();
    let students = ledger.school_students(&school.npsn)?;
    Ok(Some(school_data(config, school, &visits, &students)))
}

fn school_data(
    config: &Config,
    school: &crate::config::School,
    visits: &[&crate::config::Office],
    students: &[(Invited, String)],
) -> SchoolData {
    let tz = config.campaign.timezone;
    let names: std::collections::HashMap<&str, &str> = config
        .offices
        .iter()
        .map(|o| (o.id.as_str(), o.name.as_str()))
        .collect();
    let office_name = |id: &str| names.get(id).copied().unwrap_or(id).to_string();
    let visit_data = visits
        .iter()
        .map(|v| {
            let date = v.dates.first().copied().unwrap_or_default();
            let sessions = v
                .sessions
                .iter()
                .map(|s| {
                    let here: Vec<&(Invited, String)> = students
                        .iter()
                        .filter(|(i, _)| {
                            let a = &i.appointment;
                            a.office_id == v.id && a.date == date && a.start == s.start
                        })
                        .collect();
                    let mut classes: Vec<String> = here.iter().map(|(_, c)| c.clone()).collect();
                    classes.dedup();
                    SessionData {
                        time: text::session(s.start, s.end, tz),
                        classes,
                        count: here.len(),
                    }
                })
                .collect();
            let team = v
                .visit
                .as_ref()
                .map(|x| config.teams[x.team].name.clone())
                .unwrap_or_default();
            VisitData {
                day: text::day_name(date),
                date: text::date(date),
                place: v.name.clone(),
                team,
                sessions,
            }
        })
        .collect();
    let mut by_class: BTreeMap<&str, Vec<&Invited>> = BTreeMap::new();
    for (invited, class) in students {
        by_class.entry(class.as_str()).or_default().push(invited);
    }
    let classes = by_class
        .into_iter()
        .map(|(name, people)| ClassData {
            name: if name.is_empty() {
                "–".into()
            } else {
                name.to_string()
            },
            students: people
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    let a = &p.appointment;
                    StudentLine {
                        no: i + 1,
                        name: p.name.clone(),
                        nik: crate::validate::nik::masked_text(&p.nik),
                        session: format!(
                            "{}, {} · {}",
                            text::day_and_date(a.date),
                            text::session(a.start, a.end, tz),
                            office_name(&a.office_id)
                        ),
                    }
                })
                .collect(),
        })
        .collect();
    let elsewhere = students
        .iter()
        .filter(|(i, _)| !visits.iter().any(|v| v.id == i.appointment.office_id))
        .count();
    SchoolData {
        npsn: school.npsn.clone(),
        name: school.name.clone(),
        address: school.address.clone(),
        visits: visit_data,
        elsewhere,
        classes,
    }
}
