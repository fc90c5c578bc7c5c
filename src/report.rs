//! Coverage (issue 8): per kecamatan, village and office, how many were invited, came, missed their
//! day, are still to come, or found no place — counted from the ledger as of a day.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Serialize;

use crate::config::Config;
use crate::error::Result;
use crate::ledger::{Ledger, VillageCount};
use crate::output::{self, CsvFile};
use crate::region::{Regions, VillageCode};
use crate::text;

/// People by where they stand.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub(crate) struct Counts {
    /// With a standing appointment.
    pub(crate) invited: u64,
    /// Invited and checked in.
    pub(crate) attended: u64,
    /// Invited, the appointment has passed, not checked in.
    pub(crate) no_show: u64,
    /// Invited, the appointment is today or later, not checked in yet.
    pub(crate) pending: u64,
    /// Eligible, but no place was left before the campaign's end.
    pub(crate) overflow: u64,
    /// Eligible voters who reach the minimum age only after the last appointment day: not counted
    /// among those who must record during the campaign.
    pub(crate) too_late: u64,
    /// Not invited: the list says they were recorded more than once (DUPLICATE_RECORD), which
    /// the district must resolve at Disdukcapil.
    pub(crate) duplicate_record: u64,
    /// Of those attended, the walk-ins: no appointment, recorded on the spot.
    pub(crate) walk_in: u64,
}

impl Counts {
    fn add(&mut self, o: &Counts) {
        self.invited += o.invited;
        self.attended += o.attended;
        self.no_show += o.no_show;
        self.pending += o.pending;
        self.overflow += o.overflow;
        self.too_late += o.too_late;
        self.walk_in += o.walk_in;
        self.duplicate_record += o.duplicate_record;
    }

    /// Those who must record: invited or overflow.
    pub(crate) fn eligible(&self) -> u64 {
        self.invited + self.overflow
    }

    /// The share of those who must record who have, in percent (0 when nobody must).
    pub(crate) fn recorded_pct(&self) -> f64 {
        match self.eligible() {
            0 => 0.0,
            n => self.attended as f64 * 100.0 / n as f64,
        }
    }
}

#[derive(Debug, Serialize)]
pub(crate) struct VillageLine {
    pub(crate) code: String,
    pub(crate) name: String,
    pub(crate) kecamatan: String,
    #[serde(flatten)]
    pub(crate) counts: Counts,
    pub(crate) recorded_pct: f64,
}

#[derive(Debug, Serialize)]
pub(crate) struct KecamatanLine {
    pub(crate) name: String,
    #[serde(flatten)]
    pub(crate) counts: Counts,
    pub(crate) recorded_pct: f64,
}

#[derive(Debug, Serialize)]
pub(crate) struct OfficeLine {
    pub(crate) id: String,
    pub(crate) name: String,
    #[serde(flatten)]
    pub(crate) counts: Counts,
    pub(crate) recorded_pct: f64,
    /// Places over the whole campaign, and the demand on them (invited and overflow).
    pub(crate) capacity: u64,
    pub(crate) demand: u64,
}

/// A school's students (spec §11): those whose school row is used.
#[derive(Debug, Serialize)]
pub(crate) struct SchoolLine {
    pub(crate) npsn: String,
    pub(crate) name: String,
    #[serde(flatten)]
    pub(crate) counts: Counts,
    pub(crate) recorded_pct: f64,
}

/// A mobile team: its visits' people against their places.
#[derive(Debug, Serialize)]
pub(crate) struct TeamLine {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) visits: usize,
    #[serde(flatten)]
    pub(crate) counts: Counts,
    pub(crate) recorded_pct: f64,
    pub(crate) capacity: u64,
}

/// The coverage of a campaign as of `today`.
#[derive(Debug, Serialize)]
pub(crate) struct Coverage {
    pub(crate) today: String,
    pub(crate) kecamatan: Vec<KecamatanLine>,
    pub(crate) villages: Vec<VillageLine>,
    pub(crate) offices: Vec<OfficeLine>,
    pub(crate) schools: Vec<SchoolLine>,
    pub(crate) teams: Vec<TeamLine>,
    pub(crate) total: Counts,
    pub(crate) total_pct: f64,
}

/// Counts the ledger. A person's office is the one of their appointment, or for overflow the one
/// serving their village.
pub(crate) fn coverage(config: &Config, ledger: &Ledger, today: NaiveDate) -> Result<Coverage> {
    let (by_village, by_office, by_school) = tally(config, ledger, today)?;
    let (villages, by_kecamatan, total) = village_lines(&by_village);
    let offices = office_lines(config, &by_office)?;
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
        schools: school_lines(config, &by_school),
        teams: team_lines(config, &offices),
        offices,
        total,
        total_pct: total.recorded_pct(),
    })
}

type ByVillage = BTreeMap<VillageCode, Counts>;
type ByOffice = BTreeMap<String, Counts>;
/// By NPSN.
type BySchool = BTreeMap<String, Counts>;

/// The ledger's counts per village, per office id and per school.
fn tally(
    config: &Config,
    ledger: &Ledger,
    today: NaiveDate,
) -> Result<(ByVillage, ByOffice, BySchool)> {
    let mut by_village = ByVillage::new();
    let mut by_office = ByOffice::new();
    let mut by_school = BySchool::new();
    for row in ledger.appointment_counts(today)? {
        let counts = Counts {
            invited: row.invited,
            attended: row.attended,
            no_show: row.no_show,
            pending: row.pending,
            ..Counts::default()
        };
        if let Some(code) = VillageCode::parse(&row.village_code) {
            by_village.entry(code).or_default().add(&counts);
        }
        if !row.school.is_empty() {
            by_school.entry(row.school).or_default().add(&counts);
        }
        by_office.entry(row.office_id).or_default().add(&counts);
    }
    let office_of = config.office_of();
    let mut add = |rows: Vec<VillageCount>, field: fn(&mut Counts) -> &mut u64| {
        for row in rows {
            let Some(code) = VillageCode::parse(&row.village_code) else {
                continue;
            };
            *field(by_village.entry(code).or_default()) += row.people;
            if !row.school.is_empty() {
                *field(by_school.entry(row.school).or_default()) += row.people;
            }
            if let Some(&o) = office_of.get(&code) {
                *field(by_office.entry(config.offices[o].id.clone()).or_default()) += row.people;
            }
        }
    };
    let last_day = crate::plan::last_day(config);
    add(ledger.overflow_counts(last_day)?, |c| &mut c.overflow);
    add(ledger.too_late_counts(last_day)?, |c| &mut c.too_late);
    add(ledger.duplicate_record_counts()?, |c| {
        &mut c.duplicate_record
    });
    add(ledger.walk_in_counts()?, |c| &mut c.walk_in);
    Ok((by_village, by_office, by_school))
}

/// A line per school of the config, in its order.
fn school_lines(config: &Config, by_school: &BySchool) -> Vec<SchoolLine> {
    config
        .schools
        .iter()
        .map(|s| {
            let counts = by_school.get(&s.npsn).copied().unwrap_or_default();
            SchoolLine {
                npsn: s.npsn.clone(),
                name: s.name.clone(),
                counts,
                recorded_pct: counts.recorded_pct(),
            }
        })
        .collect()
}

/// A line per team: its visits' counts and places summed.
fn team_lines(config: &Config, offices: &[OfficeLine]) -> Vec<TeamLine> {
    config
        .teams
        .iter()
        .enumerate()
        .map(|(t, team)| {
            let mut counts = Counts::default();
            let (mut visits, mut capacity) = (0, 0);
            for (o, line) in config.offices.iter().zip(offices) {
                if o.visit.as_ref().is_some_and(|v| v.team == t) {
                    visits += 1;
                    capacity += line.capacity;
                    counts.add(&line.counts);
                }
            }
            TeamLine {
                id: team.id.clone(),
                name: team.name.clone(),
                visits,
                counts,
                recorded_pct: counts.recorded_pct(),
                capacity,
            }
        })
        .collect()
}

/// A line per village, the kecamatan's sums, and the district's.
fn village_lines(by_village: &ByVillage) -> (Vec<VillageLine>, BTreeMap<String, Counts>, Counts) {
    let regions = Regions::get();
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
    (villages, by_kecamatan, total)
}

/// A line per office, with its places over the whole campaign.
fn office_lines(config: &Config, by_office: &ByOffice) -> Result<Vec<OfficeLine>> {
    let calendar = crate::plan::calendar(config)?;
    let mut capacity = vec![0u64; config.offices.len()];
    for slot in &calendar.slots {
        capacity[slot.office] += u64::from(slot.capacity);
    }
    Ok(config
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
        .collect())
}

/// The files `report` writes.
pub(crate) struct Written {
    pub(crate) csv: PathBuf,
    /// `summary.pdf`, when the config has an `[issuer]` for its heading.
    pub(crate) summary: Option<PathBuf>,
}

/// Writes `report.csv` (and its .xlsx) and `summary.pdf` into `out`: what `papila report` writes
/// and the district view of `papila serve` offers, fresh.
pub(crate) fn write_files(
    config: &Config,
    out: &Path,
    report: &Coverage,
    today: NaiveDate,
) -> Result<Written> {
    output::ensure_dir(out)?;
    let csv = out.join("report.csv");
    write_csv(report, &csv)?;
    let Some(_) = &config.issuer else {
        return Ok(Written { csv, summary: None });
    };
    #[derive(serde::Serialize)]
    struct WithDate<'a> {
        #[serde(flatten)]
        report: &'a Coverage,
        today_text: String,
    }
    let doc = crate::render::summary_pdf(
        config,
        &WithDate {
            report,
            today_text: text::date(today),
        },
    )?;
    let pdf = out.join("summary.pdf");
    output::write_private(&pdf, &doc.bytes)?;
    Ok(Written {
        csv,
        summary: Some(pdf),
    })
}

fn write_csv(r: &Coverage, path: &std::path::Path) -> Result<()> {
    let mut csv = CsvFile::create_with_xlsx(
        path,
        &[
            "level",
            "kecamatan",
            "village_code",
            "village",
            "office_id",
            "invited",
            "attended",
            "no_show",
            "pending",
            "overflow",
            "recorded_pct",
            "duplicate_record",
            "too_late",
            "walk_in",
            "school",
            "eligible",
        ],
    )?;
    // A school's line names the school (NPSN, and its name where a village's name goes); a team's
    // its id where an office's goes.
    let mut row = |level: &str,
                   kec: &str,
                   code: &str,
                   village: &str,
                   office: &str,
                   school: &str,
                   c: &Counts| {
        csv.row([
            level,
            kec,
            code,
            village,
            office,
            &c.invited.to_string(),
            &c.attended.to_string(),
            &c.no_show.to_string(),
            &c.pending.to_string(),
            &c.overflow.to_string(),
            &format!("{:.1}", c.recorded_pct()),
            &c.duplicate_record.to_string(),
            &c.too_late.to_string(),
            &c.walk_in.to_string(),
            school,
            &c.eligible().to_string(),
        ])
    };
    for v in &r.villages {
        row("village", &v.kecamatan, &v.code, &v.name, "", "", &v.counts)?;
    }
    for k in &r.kecamatan {
        row("kecamatan", &k.name, "", "", "", "", &k.counts)?;
    }
    for o in &r.offices {
        row("office", "", "", "", &o.id, "", &o.counts)?;
    }
    for s in &r.schools {
        row("school", "", "", &s.name, "", &s.npsn, &s.counts)?;
    }
    for t in &r.teams {
        row("team", "", "", "", &t.id, "", &t.counts)?;
    }
    row("district", "", "", "", "", "", &r.total)?;
    csv.commit()
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
            // Recorded twice: not among those who must record again.
            duplicate_record: 5,
            // Of age only after the campaign: not among those who must record during it.
            too_late: 7,
            // Walk-ins are among the invited and attended already.
            walk_in: 3,
        };
        assert_eq!(c.eligible(), 100);
        assert!((c.recorded_pct() - 30.0).abs() < 1e-9);
        assert_eq!(Counts::default().recorded_pct(), 0.0);
    }
}
