//! Plan's tally: demand, capacity, bookings and overflow per office, the sessions over capacity,
//! and `capacity.csv`.

use std::collections::HashMap;
use std::path::Path;

use super::PlanReport;
use super::outcome::Outcome;
use super::record::Recorded;
use crate::appointment::hm;
use crate::config::Config;
use crate::eligibility::Status;
use crate::error::Result;
use crate::output::CsvFile;
use crate::pipeline::Totals;
use crate::region::KecamatanCode;
use crate::schedule::{Calendar, OfficeLoad};

/// Load per office, and sessions over capacity; overflow moved from `invited` in the counts.
pub(super) fn tally(
    config: &Config,
    calendar: &Calendar,
    booked: &[u32],
    recorded: &Recorded,
    outcome: &HashMap<u64, Outcome>,
    report: &mut PlanReport,
) {
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
            report.overbooked.push(t!(
                "plan-overbooked",
                office = &config.offices[slot.office].id,
                date = slot.date,
                time = hm(slot.start),
                booked = booked[s],
                capacity = slot.capacity
            ));
        }
    }
    for w in &recorded.wanted {
        load[w.office].demand += 1;
        if matches!(outcome.get(&w.nik.value()), Some(Outcome::Overflow(_))) {
            if w.of_age > super::last_day(config) {
                load[w.office].late += 1;
            } else {
                load[w.office].overflow += 1;
            }
            move_count(&mut report.totals, w.kecamatan);
        }
    }
    for &office in &report.missed_without_place {
        load[office].missed += 1;
    }
    for (o, office) in config.offices.iter().enumerate() {
        if let Some(visit) = &office.visit {
            report.visits.push(t!(
                "plan-visit",
                team = &config.teams[visit.team].name,
                visit = &office.id,
                date = crate::text::day_and_date(office.dates.first().copied().unwrap_or_default()),
                place = &office.name,
                booked = load[o].booked,
                capacity = load[o].capacity
            ));
        }
    }
    report.load = config
        .offices
        .iter()
        .map(|o| o.id.clone())
        .zip(load)
        .collect();
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

/// `capacity.csv`: every session of the campaign with its capacity and bookings (spec §7), then its
/// office's demand, shortfall and the extra session-days that would clear it, so a spreadsheet filter
/// on one office shows the whole picture.
pub(super) fn write_capacity(
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
