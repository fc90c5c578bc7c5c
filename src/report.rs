//! Coverage (issue 8): per kecamatan, village and office, how many were invited, came, missed their
//! day, are still to come, or found no place — counted from the ledger as of a day.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::config::Config;
use crate::error::Result;
use crate::ledger::{Ledger, sql};
use crate::region::{Regions, VillageCode};

/// People by where they stand.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// With a standing appointment.
    pub invited: u64,
    /// Invited and checked in.
    pub attended: u64,
    /// Invited, the appointment has passed, not checked in.
    pub no_show: u64,
    /// Invited, the appointment is today or later, not checked in yet.
    pub pending: u64,
    /// Eligible, but no place was left before the campaign's end.
    pub overflow: u64,
}

impl Counts {
    fn add(&mut self, o: &Counts) {
        self.invited += o.invited;
        self.attended += o.attended;
        self.no_show += o.no_show;
        self.pending += o.pending;
        self.overflow += o.overflow;
    }

    /// Those who must record: invited or overflow.
    pub fn eligible(&self) -> u64 {
        self.invited + self.overflow
    }

    /// The share of those who must record who have, in percent (0 when nobody must).
    pub fn recorded_pct(&self) -> f64 {
        match self.eligible() {
            0 => 0.0,
            n => self.attended as f64 * 100.0 / n as f64,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct VillageLine {
    pub code: String,
    pub name: String,
    pub kecamatan: String,
    #[serde(flatten)]
    pub counts: Counts,
    pub recorded_pct: f64,
}

#[derive(Debug, Serialize)]
pub struct KecamatanLine {
    pub name: String,
    #[serde(flatten)]
    pub counts: Counts,
    pub recorded_pct: f64,
}

#[derive(Debug, Serialize)]
pub struct OfficeLine {
    pub id: String,
    pub name: String,
    #[serde(flatten)]
    pub counts: Counts,
    pub recorded_pct: f64,
    /// Places over the whole campaign, and the demand on them (invited and overflow).
    pub capacity: u64,
    pub demand: u64,
}

/// The coverage of a campaign as of `today`.
#[derive(Debug, Serialize)]
pub struct Coverage {
    pub today: String,
    pub kecamatan: Vec<KecamatanLine>,
    pub villages: Vec<VillageLine>,
    pub offices: Vec<OfficeLine>,
    pub total: Counts,
    pub total_pct: f64,
}

/// Counts the ledger. A person's office is the one of their appointment, or for overflow the one
/// serving their village.
pub fn coverage(config: &Config, ledger: &Ledger, today: NaiveDate) -> Result<Coverage> {
    let path = &ledger.path;
    let regions = Regions::get();
    let mut by_village: BTreeMap<VillageCode, Counts> = BTreeMap::new();
    let mut by_office: BTreeMap<String, Counts> = BTreeMap::new();
    let mut stmt = ledger
        .conn
        .prepare(
            "SELECT p.village_code, i.office_id, count(*),
                    sum(c.invitation_id IS NOT NULL),
                    sum(c.invitation_id IS NULL AND i.date < ?1),
                    sum(c.invitation_id IS NULL AND i.date >= ?1)
             FROM invitation i JOIN person p ON p.nik = i.nik
             LEFT JOIN checkin c ON c.invitation_id = i.id
             WHERE i.state = 'planned'
             GROUP BY p.village_code, i.office_id",
        )
        .map_err(|e| sql(path, e))?;
    let mut rows = stmt.query([today.to_string()]).map_err(|e| sql(path, e))?;
    while let Some(row) = rows.next().map_err(|e| sql(path, e))? {
        let get = |i: usize| row.get::<_, i64>(i).map(|n| n as u64);
        let code: String = row.get(0).map_err(|e| sql(path, e))?;
        let office: String = row.get(1).map_err(|e| sql(path, e))?;
        let counts = Counts {
            invited: get(2).map_err(|e| sql(path, e))?,
            attended: get(3).map_err(|e| sql(path, e))?,
            no_show: get(4).map_err(|e| sql(path, e))?,
            pending: get(5).map_err(|e| sql(path, e))?,
            overflow: 0,
        };
        if let Some(code) = VillageCode::parse(&code) {
            by_village.entry(code).or_default().add(&counts);
        }
        by_office.entry(office).or_default().add(&counts);
    }
    drop(rows);
    // Overflow: eligible in the latest plan, with no standing appointment.
    let office_of = config.office_of();
    let mut stmt = ledger
        .conn
        .prepare(
            "SELECT p.village_code, count(*) FROM person p
             WHERE p.status = 'invited' AND p.last_run = (SELECT max(last_run) FROM person)
               AND NOT EXISTS (SELECT 1 FROM invitation i
                               WHERE i.nik = p.nik AND i.state = 'planned')
             GROUP BY p.village_code",
        )
        .map_err(|e| sql(path, e))?;
    let mut rows = stmt.query([]).map_err(|e| sql(path, e))?;
    while let Some(row) = rows.next().map_err(|e| sql(path, e))? {
        let code: String = row.get(0).map_err(|e| sql(path, e))?;
        let n: i64 = row.get(1).map_err(|e| sql(path, e))?;
        let Some(code) = VillageCode::parse(&code) else {
            continue;
        };
        by_village.entry(code).or_default().overflow += n as u64;
        if let Some(&o) = office_of.get(&code) {
            by_office
                .entry(config.offices[o].id.clone())
                .or_default()
                .overflow += n as u64;
        }
    }

    let mut total = Counts::default();
    let mut by_kecamatan: BTreeMap<String, Counts> = BTreeMap::new();
    let villages: Vec<VillageLine> = by_village
        .iter()
        .map(|(code, counts)| {
            total.add(counts);
            let kecamatan = regions
                .kecamatan_name(code.kecamatan())
                .unwrap_or("")
                .to_string();
            by_kecamatan
                .entry(kecamatan.clone())
                .or_default()
                .add(counts);
            VillageLine {
                code: code.to_string(),
                name: regions.village_name(*code).unwrap_or("").to_string(),
                kecamatan,
                counts: *counts,
                recorded_pct: counts.recorded_pct(),
            }
        })
        .collect();
    let calendar = crate::plan::calendar(config)?;
    let mut capacity = vec![0u64; config.offices.len()];
    for slot in &calendar.slots {
        capacity[slot.office] += u64::from(slot.capacity);
    }
    let offices = config
        .offices
        .iter()
        .enumerate()
        .map(|(i, o)| {
            let counts = by_office.get(&o.id).copied().unwrap_or_default();
            OfficeLine {
                id: o.id.clone(),
                name: o.name.clone(),
                counts,
                recorded_pct: counts.recorded_pct(),
                capacity: capacity[i],
                demand: counts.eligible(),
            }
        })
        .collect();
    Ok(Coverage {
        today: today.to_string(),
        kecamatan: by_kecamatan
            .into_iter()
            .map(|(name, counts)| KecamatanLine {
                name,
                counts,
                recorded_pct: counts.recorded_pct(),
            })
            .collect(),
        villages,
        offices,
        total,
        total_pct: total.recorded_pct(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recorded_share_is_of_those_who_must_record() {
        let c = Counts {
            invited: 80,
            attended: 30,
            no_show: 10,
            pending: 40,
            overflow: 20,
        };
        assert_eq!(c.eligible(), 100);
        assert!((c.recorded_pct() - 30.0).abs() < 1e-9);
        assert_eq!(Counts::default().recorded_pct(), 0.0);
    }
}
