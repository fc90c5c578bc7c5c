//! `[[office]]`: each recording place, the villages it serves, its days and its sessions.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::problems::{Problems, date_value};
use super::raw::{RawOffice, RawVillage};
use super::{MAX_OFFICE_ID, Office, Session, parse_time, parse_weekday};
use crate::region::{KabupatenCode, NameIndex, NameLookup, Regions, VillageCode};

/// The validated offices; `span` is the campaign's first and last day when both are valid.
pub(super) fn offices(
    raw: &[RawOffice],
    span: Option<(NaiveDate, NaiveDate)>,
    index: &NameIndex,
    region: &[KabupatenCode],
    p: &mut Problems,
) -> Vec<Office> {
    if raw.is_empty() {
        p.at(
            "office",
            "no [[office]] is defined: every village to be served needs an office with sessions",
        );
    }
    let mut offices = Vec::new();
    let mut served_by: HashMap<VillageCode, usize> = HashMap::new();
    let mut ids: HashMap<String, usize> = HashMap::new();
    for (oi, o) in raw.iter().enumerate() {
        let key = format!("office[{oi}]");
        check_id(o, &key, oi, &mut ids, p);
        let villages = villages(raw, o, &key, oi, (index, region), &mut served_by, p);
        let weekdays = weekdays(o, &key, p);
        let dates = dates(o, &key, span, p);
        if weekdays.is_empty() && dates.is_empty() {
            p.at(
                key.clone(),
                format!("office \"{}\" has no days: add weekdays = [\"mon\", …] or dates = [2024-08-10, …]", o.id),
            );
        }
        if o.sessions.is_empty() {
            p.at(
                key.clone(),
                format!("office \"{}\" has no sessions: add sessions = [{{ start = \"08:00\", end = \"12:00\", capacity = 60 }}]", o.id),
            );
        }
        let sessions = sessions(o, &key, p);
        offices.push(Office {
            id: o.id.clone(),
            name: o.name.clone(),
            address: o.address.clone().unwrap_or_default(),
            villages,
            weekdays,
            dates,
            skip_holidays: o.skip_holidays.unwrap_or(true),
            sessions,
        });
    }
    offices
}

/// An office id names folders and travels in every QR code, and differs from the others'.
fn check_id(
    o: &RawOffice,
    key: &str,
    oi: usize,
    ids: &mut HashMap<String, usize>,
    p: &mut Problems,
) {
    if o.id.is_empty()
        || !o
            .id
            .chars()
            .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-' || ch == '_')
    {
        p.at(
            format!("{key}.id"),
            format!("\"{}\" must be lowercase letters, digits, '-' or '_' (it names folders), e.g. \"kesugihan\"", o.id),
        );
    }
    if o.id.len() > MAX_OFFICE_ID {
        p.at(
            format!("{key}.id"),
            format!(
                "\"{}\" is {} characters long; at most {MAX_OFFICE_ID} (it goes into every QR code)",
                o.id,
                o.id.len()
            ),
        );
    }
    if let Some(prev) = ids.insert(o.id.clone(), oi) {
        p.at(
            format!("{key}.id"),
            format!(
                "\"{}\" is already the id of office[{}]; office ids must differ",
                o.id,
                prev + 1
            ),
        );
    }
}

/// The office's villages, each served by one office only.
fn villages(
    raw: &[RawOffice],
    o: &RawOffice,
    key: &str,
    oi: usize,
    (index, region): (&NameIndex, &[KabupatenCode]),
    served_by: &mut HashMap<VillageCode, usize>,
    p: &mut Problems,
) -> Vec<VillageCode> {
    let regions = Regions::get();
    if o.villages.is_empty() {
        p.at(
            format!("{key}.villages"),
            "is empty: list the village codes this office serves",
        );
    }
    let mut villages = Vec::new();
    for (vi, v) in o.villages.iter().enumerate() {
        let vkey = format!("{key}.villages[{vi}]");
        if let Some(code) = resolve_village(v, &vkey, index, p) {
            if !region.contains(&code.kabupaten()) {
                p.at(
                    vkey,
                    format!(
                        "village {code} ({}, {}) is outside the campaign's region ([campaign] \
                         region is {}); set region = \"{}\" if the campaign is there",
                        regions.village_name(code).unwrap_or("?"),
                        regions.kabupaten_name(code.kabupaten()).unwrap_or("?"),
                        region_codes(region),
                        code.kabupaten()
                    ),
                );
            } else if let Some(&prev) = served_by.get(&code) {
                p.at(
                    vkey,
                    format!(
                        "village {code} ({}) is already served by office \"{}\"; a village belongs to one office",
                        regions.village_name(code).unwrap_or("?"),
                        raw[prev].id
                    ),
                );
            } else {
                served_by.insert(code, oi);
                villages.push(code);
            }
        }
    }
    villages
}

fn weekdays(o: &RawOffice, key: &str, p: &mut Problems) -> Vec<chrono::Weekday> {
    let mut weekdays = Vec::new();
    for (wi, w) in o.weekdays.iter().enumerate() {
        match parse_weekday(w) {
            Some(d) if !weekdays.contains(&d) => weekdays.push(d),
            Some(_) => {}
            None => p.at(
                format!("{key}.weekdays[{wi}]"),
                format!("\"{w}\" is not a weekday: use mon, tue, wed, thu, fri, sat, sun"),
            ),
        }
    }
    weekdays
}

/// The office's extra dates, each within the campaign.
fn dates(
    o: &RawOffice,
    key: &str,
    span: Option<(NaiveDate, NaiveDate)>,
    p: &mut Problems,
) -> Vec<NaiveDate> {
    let mut dates = Vec::new();
    for (di, d) in o.dates.iter().enumerate() {
        let dkey = format!("{key}.dates[{di}]");
        if let Some(d) = date_value(d, &dkey, p) {
            if let Some((s, e)) = span
                && (d < s || d > e)
            {
                p.at(dkey, format!("{d} is outside the campaign ({s} to {e})"));
            }
            dates.push(d);
        }
    }
    dates.sort();
    dates.dedup();
    dates
}

/// The office's sessions, in time order, none overlapping another.
fn sessions(o: &RawOffice, key: &str, p: &mut Problems) -> Vec<Session> {
    let mut sessions: Vec<Session> = Vec::new();
    for (si, s) in o.sessions.iter().enumerate() {
        let skey = format!("{key}.sessions[{si}]");
        let st = parse_time(&s.start);
        let en = parse_time(&s.end);
        if st.is_none() {
            p.at(
                format!("{skey}.start"),
                format!("\"{}\" is not a time like \"08:00\"", s.start),
            );
        }
        if en.is_none() {
            p.at(
                format!("{skey}.end"),
                format!("\"{}\" is not a time like \"12:00\"", s.end),
            );
        }
        let capacity = match u32::try_from(s.capacity) {
            Ok(c) if c > 0 => c,
            _ => {
                p.at(
                    format!("{skey}.capacity"),
                    format!("{} is not a number of people above 0", s.capacity),
                );
                0
            }
        };
        if let (Some(st), Some(en)) = (st, en) {
            if en <= st {
                p.at(
                    format!("{skey}.end"),
                    format!("{} is not after start {}", s.end, s.start),
                );
            } else if let Some(other) = sessions.iter().find(|o| st < o.end && o.start < en) {
                p.at(
                    skey.clone(),
                    format!(
                        "{}–{} overlaps the session {}–{}",
                        s.start,
                        s.end,
                        other.start.format("%H:%M"),
                        other.end.format("%H:%M")
                    ),
                );
            }
            sessions.push(Session {
                start: st,
                end: en,
                capacity,
            });
        }
    }
    sessions.sort_by_key(|s| s.start);
    sessions
}

/// "Kabupaten Cilacap (33.01)", for each kabupaten of the region.
fn region_codes(region: &[KabupatenCode]) -> String {
    let r = Regions::get();
    region
        .iter()
        .map(|k| format!("{} ({k})", r.kabupaten_name(*k).unwrap_or("?")))
        .collect::<Vec<_>>()
        .join(", ")
}

pub(super) fn region_names(region: &[KabupatenCode]) -> String {
    let r = Regions::get();
    if region.is_empty() {
        return "the campaign (no region known)".into();
    }
    region
        .iter()
        .map(|k| r.kabupaten_name(*k).unwrap_or("?").to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

pub(super) fn resolve_village(
    v: &RawVillage,
    key: &str,
    index: &crate::region::NameIndex,
    p: &mut Problems,
) -> Option<VillageCode> {
    let regions = Regions::get();
    match v {
        RawVillage::Code(code) => match VillageCode::parse(code) {
            Some(vc) if regions.village_name(vc).is_some() => Some(vc),
            Some(_) => {
                p.at(
                    key,
                    format!("\"{code}\" is not a desa/kelurahan code in the Kemendagri list"),
                );
                None
            }
            None => {
                p.at(
                    key,
                    format!("\"{code}\" is not a village code like \"33.01.02.2001\""),
                );
                None
            }
        },
        RawVillage::Named { kecamatan, desa } => match index.village(kecamatan, desa) {
            NameLookup::Found(vc) => Some(vc),
            NameLookup::UnknownKecamatan => {
                p.at(
                    key,
                    format!("kecamatan \"{kecamatan}\" is not in the campaign's region"),
                );
                None
            }
            NameLookup::AmbiguousKecamatan(_) => {
                p.at(key, format!("kecamatan \"{kecamatan}\" exists in more than one kabupaten; set [campaign] region"));
                None
            }
            NameLookup::NotInKecamatan(_) => {
                p.at(
                    key,
                    format!("there is no desa/kelurahan \"{desa}\" in kecamatan {kecamatan}"),
                );
                None
            }
        },
    }
}
