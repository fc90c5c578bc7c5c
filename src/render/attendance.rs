//! A day's attendance sheets of one office, `attendance/<office>/<date>.pdf`: a page (or more)
//! per session, people by name.

use std::path::PathBuf;

use chrono::{NaiveDate, NaiveTime};

use super::data::{self, OfficeData};
use super::pool::Done;
use super::world::{Files, Kind};
use super::{Shared, json, pdf, write};
use crate::error::Result;
use crate::ledger::Invited;
use crate::region::Regions;
use crate::text;

/// `attendance/<office_id>/<date>.pdf`.
pub(crate) fn attendance_path(office_id: &str, date: NaiveDate) -> PathBuf {
    PathBuf::from("attendance")
        .join(office_id)
        .join(format!("{date}.pdf"))
}

/// A day's attendance sheets of one office: a page (or more) per session, people by name.
pub(super) fn attendance_day(
    shared: &Shared,
    office_id: &str,
    date: NaiveDate,
    people: &[Invited],
) -> Result<Done> {
    let regions = Regions::get();
    let config = shared.context.config;
    let office = config.offices.iter().find(|o| o.id == office_id);
    let mut sessions: Vec<data::SessionSheet> = Vec::new();
    let mut current: Option<(NaiveTime, NaiveTime)> = None;
    for p in people {
        if current != Some((p.appointment.start, p.appointment.end)) {
            current = Some((p.appointment.start, p.appointment.end));
            let capacity = office
                .and_then(|o| {
                    o.sessions
                        .iter()
                        .find(|s| s.start == p.appointment.start && s.end == p.appointment.end)
                })
                .map(|s| s.capacity)
                .unwrap_or(0);
            sessions.push(data::SessionSheet {
                time: text::session(
                    p.appointment.start,
                    p.appointment.end,
                    config.campaign.timezone,
                ),
                capacity,
                people: Vec::new(),
            });
        }
        let sheet = sessions.last_mut().expect("pushed above");
        sheet.people.push(data::Attendee {
            no: sheet.people.len() + 1,
            name: p.name.clone(),
            village: regions.village_name(p.village).unwrap_or("").to_string(),
            rt: p.rt.clone(),
            rw: p.rw.clone(),
            invitation_id: p.invitation_id.clone(),
        });
    }
    let doc = data::AttendanceDoc {
        title: format!("Daftar hadir perekaman KTP-el · {office_id} · {date}"),
        campaign: shared.campaign,
        day: data::Day {
            office: OfficeData::of(office, office_id),
            day: text::day_name(date),
            date: text::date(date),
            count: people.len(),
            sessions,
        },
    };
    let relative = attendance_path(office_id, date);
    let pdf = pdf::make(
        shared.typesetter,
        Kind::Attendance,
        &relative.display().to_string(),
        json(&doc),
        Files::default(),
    )?;
    write(shared, &relative, &pdf.bytes)?;
    Ok(Done {
        attendance_files: 1,
        attendance_lines: people.len(),
        warnings: pdf.warnings,
        ..Done::default()
    })
}
