//! A school's document (spec §11): the letter to its principal about the team's visits — days,
//! sessions, the classes seated in each and what to prepare — and its class lists, which student
//! goes to which session (`print/sekolah/<npsn>-<name>.pdf`, from `templates/school.typ`).

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Serialize;

use super::world::Kind;
use super::{Shared, json, pdf, write};
use crate::config::Config;
use crate::error::Result;
use crate::ledger::{Invited, Ledger};
use crate::text;

/// `print/sekolah/<npsn>-<name>.pdf`.
pub(crate) fn school_path(npsn: &str, name: &str) -> PathBuf {
    PathBuf::from("print")
        .join("sekolah")
        .join(format!("{npsn}-{}.pdf", super::slug(name)))
}

#[derive(Serialize)]
struct SchoolData {
    npsn: String,
    name: String,
    address: String,
    visits: Vec<VisitData>,
    /// Students invited at an office rather than at a visit of the school.
    elsewhere: usize,
    classes: Vec<ClassData>,
}

#[derive(Serialize)]
struct VisitData {
    day: &'static str,
    date: String,
    place: String,
    team: String,
    sessions: Vec<SessionData>,
}

#[derive(Serialize)]
struct SessionData {
    time: String,
    classes: Vec<String>,
    count: usize,
}

#[derive(Serialize)]
struct ClassData {
    name: String,
    students: Vec<StudentLine>,
}

#[derive(Serialize)]
struct StudentLine {
    no: usize,
    name: String,
    /// Masked: a class list is handed around a school.
    nik: String,
    session: String,
}

/// A school's document to make: its data, where it goes, and its cache key.
pub(super) struct SchoolJob {
    pub(super) relative: PathBuf,
    pub(super) key: String,
    data: typst::foundations::Bytes,
}

/// Every school with a visit, one at a time, its data read from the ledger (a school's students
/// are a few hundred: read whole).
pub(super) fn each_job(
    shared: &Shared,
    ledger: &Ledger,
    mut emit: impl FnMut(SchoolJob) -> Result<()>,
) -> Result<()> {
    let config = shared.config;
    for (index, school) in config.schools.iter().enumerate() {
        let visits: Vec<&crate::config::Office> = config
            .offices
            .iter()
            .filter(|o| o.visit.as_ref().is_some_and(|v| v.school == Some(index)))
            .collect();
        if visits.is_empty() {
            continue;
        }
        let students = ledger.school_students(&school.npsn)?;
        let data = json(&Doc {
            title: format!("Kunjungan perekaman KTP-el · {}", school.name),
            campaign: shared.campaign,
            school: &school_data(config, school, &visits, &students),
        });
        let key = super::cache::key(&[&shared.fingerprint, b"school", data.as_slice()]);
        emit(SchoolJob {
            relative: school_path(&school.npsn, &school.name),
            key,
            data,
        })?;
    }
    Ok(())
}

/// Typesets a school's document into the staging folder.
pub(super) fn typeset(shared: &Shared, job: &SchoolJob) -> Result<()> {
    let doc = pdf::make(
        shared.typesetter,
        Kind::School,
        &job.relative.display().to_string(),
        job.data.clone(),
        &[],
    )?;
    write(shared, &job.relative, &doc.bytes)
}

#[derive(Serialize)]
struct Doc<'a> {
    title: String,
    campaign: &'a super::data::Campaign,
    school: &'a SchoolData,
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
