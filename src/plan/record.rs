//! Plan's first phase: check every row, stream it to the pending manifest, record each person seen
//! in the ledger, and remember who is to be invited (and from which day).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::config::Config;
use crate::eligibility::{Status, earliest_day};
use crate::error::Result;
use crate::ingest::InputSpec;
use crate::ledger::Tx;
use crate::manifest::ManifestWriter;
use crate::pipeline::{self, Totals};
use crate::region::KecamatanCode;
use crate::schedule::Candidate;
use crate::validate::Nik;

/// What the first phase keeps of an invited person: enough to place them and to report.
pub(super) struct Wanted {
    pub(super) nik: Nik,
    pub(super) office: usize,
    pub(super) kecamatan: KecamatanCode,
    pub(super) candidate: Candidate,
    /// The first day their age (or marriage) allows, for the reason given when they find no place.
    pub(super) of_age: NaiveDate,
    /// A student's school (index in `Config::schools`) and class.
    pub(super) class: Option<(usize, String)>,
}

/// The first phase's result.
pub(super) struct Recorded {
    pub(super) totals: Totals,
    pub(super) wanted: Vec<Wanted>,
    /// Each person's status in this run, by NIK.
    pub(super) status_now: HashMap<u64, Status>,
    /// The manifest so far, without appointments.
    pub(super) pending: PathBuf,
}

/// One number per class of a school, to seat the class together.
fn class_key(school: usize, class: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (school, crate::text::fold_name(class)).hash(&mut h);
    h.finish()
}

/// Reads and assesses every row; `running_on` is today while the campaign runs.
pub(super) fn record_people(
    config: &Config,
    inputs: &[InputSpec],
    out: &Path,
    tx: &Tx,
    running_on: Option<NaiveDate>,
) -> Result<Recorded> {
    crate::output::ensure_dir(out)?;
    let pending_path = out.join("manifest.pending.csv");
    let mut pending = ManifestWriter::pending(&pending_path)?;
    let routes = config.routes();
    let campaign = &config.campaign;
    let mut wanted: Vec<Wanted> = Vec::new();
    let mut status_now: HashMap<u64, Status> = HashMap::new();
    let mut people = tx.people()?;
    let totals = pipeline::assess_with(config, inputs, tx, |row| {
        pending.write(row)?;
        let (Some(p), Some(print)) = (row.person, row.fingerprint) else {
            return Ok(());
        };
        // Every row content is remembered, used or not: seen again, it is not news.
        people.seen(&p.nik.to_string(), print)?;
        if row.status == Status::Duplicate {
            return Ok(());
        }
        status_now.insert(p.nik.value(), row.status);
        let of_age = earliest_day(p, campaign.start, campaign.min_age, None);
        let invited = row.status == Status::Invited;
        people.record(
            p,
            (row.source, row.line),
            row.status,
            invited.then_some(of_age),
            print,
            row.student.map(|s| (s.npsn, s.class)),
        )?;
        if invited {
            let Some((office, also)) = routes.of(p.village, row.student.map(|s| s.school)) else {
                return Ok(()); // the pipeline invites nobody nothing serves
            };
            wanted.push(Wanted {
                nik: p.nik,
                office,
                kecamatan: p.village.kecamatan(),
                candidate: Candidate {
                    office,
                    also,
                    class: row.student.map(|s| class_key(s.school, s.class)),
                    class_offices: row.student.map_or(0, |s| routes.visits_of_school(s.school)),
                    earliest: earliest_day(
                        p,
                        campaign.start,
                        campaign.min_age,
                        running_on.map(|today| (today, campaign.notice_days)),
                    ),
                    birth: p.birth_date,
                    nik: p.nik.value(),
                    household: p.no_kk.as_deref().and_then(|k| k.parse().ok()),
                },
                of_age,
                class: row.student.map(|s| (s.school, s.class.to_string())),
            });
        }
        Ok(())
    })?;
    pending.finish()?;
    Ok(Recorded {
        totals,
        wanted,
        status_now,
        pending: pending_path,
    })
}
