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

use super::Context;

pub(crate) fn run(args: &CheckArgs) -> Result<()> {
    let started = std::time::Instant::now();
    let campaign = Context::load(&args.config, None)?;
    let inputs = campaign.inputs(&args.inputs);
    ensure_dir(&campaign.out)?;
    let mut manifest = ManifestWriter::create(&campaign.out)?;
    // Rows of one NIK are told apart with what earlier plans saw, as `plan` will.
    let history = crate::ledger::Ledger::history_of(&campaign.config)?;
    let history: &dyn pipeline::History = match &history {
        Some(ledger) => ledger,
        None => &pipeline::NoHistory,
    };
    let totals = pipeline::assess_with(&campaign.config, &inputs, history, |row| {
        manifest.write(row)
    })?;
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
    let _ = writeln!(
        s,
        "\n  {:<28}{:>8}",
        t!("check-recording-heading"),
        t!("check-rows")
    );
    for (recording, n) in &totals.by_recording {
        let meaning = match recording {
            Recording::Recorded(_) => t!("check-recording-recorded"),
            Recording::Duplicate => t!("check-recording-duplicate"),
            Recording::Failed(_) => t!("check-recording-failed"),
            Recording::Unknown => t!("check-recording-unknown"),
            Recording::NotRecorded(_) | Recording::Unstated => String::new(),
        };
        let line = format!("  {:<28}{n:>8}  {meaning}", recording.shown());
        let _ = writeln!(s, "{}", line.trim_end());
    }
}

/// The summary staff read after a check: counts, where the people live, the first problems, and
/// where the full answer is.
pub(crate) fn summary(totals: &Totals, manifest: &str) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{}",
        t!("check-checked", rows = totals.rows, files = totals.files)
    );
    for status in Status::ALL {
        if let Some(n) = totals.by_status.get(&status) {
            let _ = writeln!(
                s,
                "  {:<18}{n:>8}  {}",
                status.as_str(),
                status_meaning(status)
            );
        }
    }
    if let Some(n) = totals.recorded_list {
        let _ = writeln!(s, "  ({})", t!("check-recorded-list", count = n));
    }
    recording_statuses(&mut s, totals);

    let regions = Regions::get();
    let _ = writeln!(
        s,
        "\n  {:<24}{:>8}{:>9}",
        "Kecamatan",
        t!("check-rows"),
        t!("check-invited")
    );
    let mut named: BTreeMap<String, &BTreeMap<Status, u64>> = BTreeMap::new();
    for (kec, counts) in &totals.by_kecamatan {
        let name = match kec {
            Some(k) => regions.kecamatan_name(*k).unwrap_or("?").to_string(),
            None => t!("check-village-unknown"),
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
        let _ = writeln!(s, "\n{}", t!("check-first-rejected", total = total));
        for r in &totals.first_rejections {
            let _ = writeln!(s, "  {r}");
        }
    }
    if totals.disagreeing > 0 {
        let _ = writeln!(
            s,
            "\n{}",
            t!("check-disagreeing", count = totals.disagreeing)
        );
        if totals.by_order > 0 {
            let _ = writeln!(s, "{}", t!("check-by-order", count = totals.by_order));
        }
    }
    if !totals.notices.is_empty() {
        let _ = writeln!(s, "\n{}", t!("check-notes"));
        for n in &totals.notices {
            let _ = writeln!(s, "  {n}");
        }
    }
    let _ = writeln!(s, "\n{}", t!("check-wrote-manifest", manifest = manifest));
    if totals.warnings > 0 {
        let _ = writeln!(s, "{}", t!("check-warnings", count = totals.warnings));
    }
    if totals.by_status.contains_key(&Status::Rejected) {
        let _ = writeln!(s, "{}", t!("check-fix-rejected"));
    }
    s
}

/// What a status word means, said beside it for staff (the word itself stays: tools read it).
pub(crate) fn status_meaning(status: Status) -> String {
    match status {
        Status::Invited => t!("status-invited"),
        Status::Overflow => t!("status-overflow"),
        Status::TooYoung => t!("status-too-young"),
        Status::AlreadyRecorded => t!("status-already-recorded"),
        Status::Duplicate => t!("status-duplicate"),
        Status::OutOfArea => t!("status-out-of-area"),
        Status::Rejected => t!("status-rejected"),
    }
}
