//! `papila plan`: check + schedule; appointments recorded in the ledger, manifest and capacity written.

use std::fmt::Write as _;

use crate::cli::PlanArgs;
use crate::error::Result;
use crate::plan::{PlanOptions, PlanReport, plan};

use super::Campaign;

pub(crate) fn run(args: &PlanArgs) -> Result<()> {
    planned(args).map(|_| ())
}

/// Plans and prints the summary; returns the campaign for `run` to render.
pub(crate) fn planned(args: &PlanArgs) -> Result<Campaign> {
    let started = std::time::Instant::now();
    let campaign = Campaign::load(&args.config)?;
    let inputs = campaign.inputs(&args.inputs);
    let today = super::today(args.today, campaign.config.campaign.timezone.now().date())?;
    let report = plan(
        &campaign.config,
        &inputs,
        &campaign.out,
        PlanOptions {
            replan: args.replan,
            today,
        },
    )?;
    crate::timings::record("plan", started);
    print!("{}", summary(&report));
    Ok(campaign)
}

/// The check summary, then what planning did: appointments kept, new, cancelled, and where
/// capacity falls short.
pub(crate) fn summary(r: &PlanReport) -> String {
    let mut s = super::check::summary(&r.totals, &r.manifest.display().to_string());
    let _ = writeln!(
        s,
        "\nAppointments: {} kept from earlier runs, {} new, {} restored, {} moved, {} cancelled.",
        r.kept,
        r.new,
        r.restored,
        r.moved,
        r.cancelled.len()
    );
    if !r.cancelled.is_empty() {
        let _ = writeln!(s, "Cancelled invitations (their letters must not be used):");
        for d in &r.cancelled {
            let _ = writeln!(s, "  {}  {}: {}", d.id, d.name, d.why);
        }
    }
    if !r.reinvited.is_empty() {
        let _ = writeln!(
            s,
            "Invited again, having missed their appointment (their new letter says \"Undangan \
             Kedua\"; render and send to reach them):"
        );
        for r in &r.reinvited {
            let _ = writeln!(
                s,
                "  {}  {}: missed {}, now {}",
                r.id, r.name, r.missed, r.date
            );
        }
    }
    if !r.moved_office.is_empty() {
        let _ = writeln!(
            s,
            "Moved to the office that now serves their village (a newer list puts them in \
             another village; render to print their replacement letters):"
        );
        for d in &r.moved_office {
            let _ = writeln!(s, "  {}  {}: {}", d.id, d.name, d.why);
        }
    }
    if !r.kept_elsewhere.is_empty() {
        let _ = writeln!(
            s,
            "warning: kept at their old office, because the office that now serves their \
             village is full (add capacity there and run plan again to move them):"
        );
        for d in &r.kept_elsewhere {
            let _ = writeln!(s, "  {}  {}: {}", d.id, d.name, d.why);
        }
    }
    if !r.not_reinvited.is_empty() {
        let _ = writeln!(
            s,
            "Missed their appointment and not invited again (reach them another way):"
        );
        for d in &r.not_reinvited {
            let _ = writeln!(s, "  {}  {}: {}", d.id, d.name, d.why);
        }
    }
    let late: u64 = r.load.iter().map(|(_, l)| l.late).sum();
    if late > 0 {
        let _ = writeln!(
            s,
            "\n{} the minimum age only after the last appointment day (overflow in the \
             manifest, with that reason): no extra capacity would place them, so they count in no \
             shortfall; reach them after the campaign.",
            if late == 1 {
                "1 eligible person reaches".to_string()
            } else {
                format!("{late} eligible people reach")
            }
        );
    }
    if r.load.iter().any(|(_, l)| l.overflow > 0) {
        let _ = writeln!(
            s,
            "\nNot enough places: these people are marked overflow in the manifest."
        );
        let _ = writeln!(
            s,
            "  {:<20}{:>9}{:>10}{:>11}{:>20}",
            "office", "demand", "capacity", "shortfall", "extra session-days"
        );
        for (id, l) in r.load.iter().filter(|(_, l)| l.overflow > 0) {
            let _ = writeln!(
                s,
                "  {id:<20}{:>9}{:>10}{:>11}{:>20}",
                l.demand,
                l.capacity,
                l.overflow,
                l.extra_days()
            );
        }
        let _ = writeln!(
            s,
            "Add days or capacity to those offices in papila.toml and run papila plan again: people already booked keep their appointments."
        );
    }
    if !r.holiday_notes.is_empty() {
        let _ = writeln!(s, "\nHolidays:");
        for n in &r.holiday_notes {
            let _ = writeln!(s, "  {n}");
        }
    }
    if !r.overbooked.is_empty() {
        let _ = writeln!(
            s,
            "\nSessions holding more appointments than their capacity now allows (nobody was moved; use --replan to move them):"
        );
        for o in &r.overbooked {
            let _ = writeln!(s, "  {o}");
        }
    }
    if !r.orphaned.is_empty() {
        let _ = writeln!(
            s,
            "\nAppointments whose session is no longer in papila.toml (kept; use --replan to move them):"
        );
        for o in &r.orphaned {
            let _ = writeln!(s, "  {o}");
        }
    }
    let _ = writeln!(
        s,
        "\nWrote {} (every session with its bookings). Ledger: {}.",
        r.capacity.display(),
        r.ledger.display()
    );
    s
}
