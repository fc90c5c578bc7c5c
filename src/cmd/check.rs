//! `papila check`: ingest, validate and assess every row; write `manifest.csv`; print a summary.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::cli::CheckArgs;
use crate::eligibility::Status;
use crate::error::Result;
use crate::manifest::ManifestWriter;
use crate::output::ensure_dir;
use crate::pipeline::{self, Totals};
use crate::region::Regions;
use crate::validate::Recording;

use super::Campaign;

pub(crate) fn run(args: &CheckArgs) -> Result<()> {
    let started = std::time::Instant::now();
    let campaign = Campaign::load(&args.config)?;
    let inputs = campaign.inputs(&args.inputs);
    ensure_dir(&campaign.out)?;
    let mut manifest = ManifestWriter::create(&campaign.out)?;
    let totals = pipeline::assess(&campaign.config, &inputs, |row| manifest.write(row))?;
    manifest.finish()?;
    crate::timings::record("check", started);
    print!(
        "{}",
        summary(
            &totals,
            &campaign.out.join("manifest.csv").display().to_string()
        )
    );
    Ok(())
}

/// How many rows (that passed the checks) each recording status of the lists covers, and what it
/// means for them.
fn recording_statuses(s: &mut String, totals: &Totals) {
    if totals.by_recording.is_empty() {
        return;
    }
    let _ = writeln!(s, "\n  {:<28}{:>8}", "Recording status (list)", "rows");
    for (recording, n) in &totals.by_recording {
        let meaning = match recording {
            Recording::Recorded(_) => "recorded: not invited",
            Recording::Duplicate => {
                "recorded twice: not invited; resolve the duplicate at Disdukcapil"
            }
            Recording::Failed(_) => "invited: Disdukcapil must delete the failed recording first",
            Recording::Unknown => "treated as not recorded; see the warnings column",
            Recording::NotRecorded(_) | Recording::Unstated => "",
        };
        let line = format!("  {:<28}{n:>8}  {meaning}", recording.name());
        let _ = writeln!(s, "{}", line.trim_end());
    }
}

/// The summary staff read after a check: counts, where the people live, the first problems, and
/// where the full answer is.
pub(crate) fn summary(totals: &Totals, manifest: &str) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "Checked {} row(s) in {} file(s).",
        totals.rows, totals.files
    );
    for status in Status::ALL {
        if let Some(n) = totals.by_status.get(&status) {
            let _ = writeln!(s, "  {:<18}{n:>8}", status.as_str());
        }
    }
    if let Some(n) = totals.recorded_list {
        let _ = writeln!(s, "  ({n} NIK(s) in the list of people already recorded)");
    }
    recording_statuses(&mut s, totals);

    let regions = Regions::get();
    let _ = writeln!(s, "\n  {:<24}{:>8}{:>9}", "Kecamatan", "rows", "invited");
    let mut named: BTreeMap<String, &BTreeMap<Status, u64>> = BTreeMap::new();
    for (kec, counts) in &totals.by_kecamatan {
        let name = match kec {
            Some(k) => regions.kecamatan_name(*k).unwrap_or("?").to_string(),
            None => "(village unknown)".to_string(),
        };
        named.insert(name, counts);
    }
    for (name, counts) in named {
        let rows: u64 = counts.values().sum();
        let invited = counts.get(&Status::Invited).copied().unwrap_or(0);
        let _ = writeln!(s, "  {name:<24}{rows:>8}{invited:>9}");
    }

    if !totals.first_rejections.is_empty() {
        let total = totals
            .by_status
            .get(&Status::Rejected)
            .copied()
            .unwrap_or(0);
        let _ = writeln!(s, "\nFirst rejected rows ({total} in all):");
        for r in &totals.first_rejections {
            let _ = writeln!(s, "  {r}");
        }
    }
    if !totals.notices.is_empty() {
        let _ = writeln!(s, "\nNotes:");
        for n in &totals.notices {
            let _ = writeln!(s, "  {n}");
        }
    }
    let _ = writeln!(
        s,
        "\nWrote {manifest}: one line per row, with its status and the reason."
    );
    if totals.warnings > 0 {
        let _ = writeln!(
            s,
            "{} warning(s) (odd phone numbers, NIKs that disagree with the birth date, …) are in its warnings column; those people are still invited.",
            totals.warnings
        );
    }
    if totals.by_status.contains_key(&Status::Rejected) {
        let _ = writeln!(
            s,
            "Fix the rejected rows in the source files (filter the manifest on status = rejected) and run the same command again."
        );
    }
    s
}
