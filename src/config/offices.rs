//! `[[office]]`: each recording place, the villages it serves, its days and its sessions.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::problems::{Problems, date_value};
use super::raw::{RawOffice, RawSession, RawVillage};
use super::{MAX_OFFICE_ID, Office, Session, parse_time, parse_weekday};
use crate::region::{KabupatenCode, KecamatanCode, NameIndex, NameLookup, Regions, VillageCode};

/// The validated offices; `span` is the campaign's first and last day when both are valid.
pub(super) fn offices(
    raw: &[RawOffice],
    span: Option<(NaiveDate, NaiveDate)>,
    index: &NameIndex,
    region: &[KabupatenCode],
    has_visits: bool,
    p: &mut Problems,
) -> Vec<Office> {
    if raw.is_empty() && !has_visits {
        p.at("office", t!("config-no-office"));
    }
    let mut offices = Vec::new();
    let mut served_by: HashMap<VillageCode, usize> = HashMap::new();
    let mut ids: HashMap<String, usize> = HashMap::new();
    for (oi, o) in raw.iter().enumerate() {
        let key = format!("office[{oi}]");
        check_id(&o.id, &key, oi, &mut ids, p);
        let villages = villages(raw, o, &key, oi, (index, region), &mut served_by, p);
        let weekdays = weekdays(o, &key, p);
        let dates = dates(o, &key, span, p);
        if weekdays.is_empty() && dates.is_empty() {
            p.at(key.clone(), t!("config-office-no-days", id = &o.id));
        }
        if o.sessions.is_empty() {
            p.at(key.clone(), t!("config-office-no-sessions", id = &o.id));
        }
        let sessions = sessions(&o.sessions, &key, p);
        offices.push(Office {
            id: o.id.clone(),
            name: o.name.clone(),
            address: o.address.clone().unwrap_or_default(),
            villages,
            weekdays,
            dates,
            skip_holidays: o.skip_holidays.unwrap_or(true),
            sessions,
            visit: None,
        });
    }
    offices
}

/// An office id names folders and travels in every QR code, and differs from the others'.
pub(super) fn check_id(
    id: &str,
    key: &str,
    oi: usize,
    ids: &mut HashMap<String, usize>,
    p: &mut Problems,
) {
    if id.is_empty()
        || !id
            .chars()
            .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-' || ch == '_')
    {
        p.at(format!("{key}.id"), t!("config-office-id-chars", id = id));
    }
    if id.len() > MAX_OFFICE_ID {
        p.at(
            format!("{key}.id"),
            t!(
                "config-office-id-long",
                id = id,
                length = id.len(),
                max = MAX_OFFICE_ID
            ),
        );
    }
    if let Some(prev) = ids.insert(id.to_string(), oi) {
        p.at(
            format!("{key}.id"),
            t!("config-office-id-twice", id = id, other = prev + 1),
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
        p.at(format!("{key}.villages"), t!("config-villages-empty"));
    }
    let mut villages = Vec::new();
    for (vi, v) in o.villages.iter().enumerate() {
        let vkey = format!("{key}.villages[{vi}]");
        for code in resolve_villages(v, &vkey, index, p) {
            if !region.contains(&code.kabupaten()) {
                p.at(
                    vkey.clone(),
                    t!(
                        "config-village-outside",
                        code = code.to_string(),
                        village = regions.village_name(code).unwrap_or("?"),
                        kabupaten = regions.kabupaten_name(code.kabupaten()).unwrap_or("?"),
                        region = region_codes(region),
                        suggested = code.kabupaten().to_string()
                    ),
                );
            } else if let Some(&prev) = served_by.get(&code) {
                p.at(
                    vkey.clone(),
                    t!(
                        "config-village-twice",
                        code = code.to_string(),
                        village = regions.village_name(code).unwrap_or("?"),
                        office = &raw[prev].id
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
                t!("config-weekday", value = w),
            ),
        }
    }
    weekdays
}

/// The office's extra dates, each within the campaign.
pub(super) fn dates(
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
                p.at(
                    dkey,
                    t!("config-date-outside", date = d, start = s, end = e),
                );
            }
            dates.push(d);
        }
    }
    dates.sort();
    dates.dedup();
    dates
}

/// The office's sessions, in time order, none overlapping another.
pub(super) fn sessions(raw: &[RawSession], key: &str, p: &mut Problems) -> Vec<Session> {
    let mut sessions: Vec<Session> = Vec::new();
    for (si, s) in raw.iter().enumerate() {
        let skey = format!("{key}.sessions[{si}]");
        let st = parse_time(&s.start);
        let en = parse_time(&s.end);
        if st.is_none() {
            p.at(
                format!("{skey}.start"),
                t!("config-time", value = &s.start, example = "08:00"),
            );
        }
        if en.is_none() {
            p.at(
                format!("{skey}.end"),
                t!("config-time", value = &s.end, example = "12:00"),
            );
        }
        let capacity = match u32::try_from(s.capacity) {
            Ok(c) if c > 0 => c,
            _ => {
                p.at(
                    format!("{skey}.capacity"),
                    t!("config-capacity", value = s.capacity),
                );
                0
            }
        };
        if let (Some(st), Some(en)) = (st, en) {
            if en <= st {
                p.at(
                    format!("{skey}.end"),
                    t!("config-session-end", end = &s.end, start = &s.start),
                );
            } else if let Some(other) = sessions.iter().find(|o| st < o.end && o.start < en) {
                p.at(
                    skey.clone(),
                    t!(
                        "config-session-overlap",
                        start = &s.start,
                        end = &s.end,
                        other_start = other.start.format("%H:%M").to_string(),
                        other_end = other.end.format("%H:%M").to_string()
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
        return t!("config-no-region");
    }
    region
        .iter()
        .map(|k| r.kabupaten_name(*k).unwrap_or("?").to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The villages an office's `villages` entry names: one village (by code, or kecamatan and desa),
/// or a whole kecamatan (`"33.01.02"`, or `{ kecamatan = "Kesugihan" }`).
pub(super) fn resolve_villages(
    v: &RawVillage,
    key: &str,
    index: &crate::region::NameIndex,
    p: &mut Problems,
) -> Vec<VillageCode> {
    let regions = Regions::get();
    let whole = |k: KecamatanCode, p: &mut Problems| {
        let all = regions.villages_of(k);
        if all.is_empty() {
            p.at(
                key,
                t!("config-kecamatan-code-unknown", code = k.to_string()),
            );
        }
        all
    };
    match v {
        RawVillage::Code(code) => match KecamatanCode::parse(code) {
            Some(k) => whole(k, p),
            None => resolve_village(v, key, index, p).into_iter().collect(),
        },
        RawVillage::Kecamatan { kecamatan } => match index.kecamatan(kecamatan) {
            [one] => whole(*one, p),
            [] => {
                p.at(key, t!("config-kecamatan-outside", kecamatan = kecamatan));
                vec![]
            }
            _ => {
                p.at(key, t!("config-kecamatan-twice", kecamatan = kecamatan));
                vec![]
            }
        },
        RawVillage::Named { .. } => resolve_village(v, key, index, p).into_iter().collect(),
    }
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
                p.at(key, t!("config-village-code-unknown", code = code));
                None
            }
            None => {
                p.at(key, t!("config-village-code", code = code));
                None
            }
        },
        RawVillage::Kecamatan { kecamatan } => {
            p.at(
                key,
                t!("config-village-not-kecamatan", kecamatan = kecamatan),
            );
            None
        }
        RawVillage::Named { kecamatan, desa } => match index.village(kecamatan, desa) {
            NameLookup::Found(vc) => Some(vc),
            NameLookup::UnknownKecamatan => {
                p.at(key, t!("config-kecamatan-outside", kecamatan = kecamatan));
                None
            }
            NameLookup::AmbiguousKecamatan(_) => {
                p.at(key, t!("config-kecamatan-twice", kecamatan = kecamatan));
                None
            }
            NameLookup::NotInKecamatan(_) => {
                p.at(
                    key,
                    t!("config-no-desa", desa = desa, kecamatan = kecamatan),
                );
                None
            }
        },
    }
}
