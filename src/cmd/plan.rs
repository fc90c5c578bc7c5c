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
        "\n{}",
        t!(
            "plan-appointments",
            kept = r.kept,
            new = r.new,
            restored = r.restored,
            moved = r.moved,
            cancelled = r.cancelled.len()
        )
    );
    if !r.cancelled.is_empty() {
        let _ = writeln!(s, "{}", t!("plan-cancelled"));
        for d in &r.cancelled {
            let _ = writeln!(s, "  {}  {}: {}", d.id, d.name, d.why);
        }
    }
    if !r.reinvited.is_empty() {
        let _ = writeln!(s, "{}", t!("plan-reinvited"));
        for r in &r.reinvited {
            let _ = writeln!(
                s,
                "  {}  {}: {}",
                r.id,
                r.name,
                t!("plan-missed-now", missed = r.missed, date = r.date)
            );
        }
    }
    if !r.moved_office.is_empty() {
        let _ = writeln!(s, "{}", t!("plan-moved-office"));
        for d in &r.moved_office {
            let _ = writeln!(s, "  {}  {}: {}", d.id, d.name, d.why);
        }
    }
    if !r.kept_elsewhere.is_empty() {
        let _ = writeln!(s, "{}", t!("plan-kept-elsewhere"));
        for d in &r.kept_elsewhere {
            let _ = writeln!(s, "  {}  {}: {}", d.id, d.name, d.why);
        }
    }
    if !r.not_reinvited.is_empty() {
        let _ = writeln!(s, "{}", t!("plan-not-reinvited"));
        for d in &r.not_reinvited {
            let _ = writeln!(s, "  {}  {}: {}", d.id, d.name, d.why);
        }
    }
    let late: u64 = r.load.iter().map(|(_, l)| l.late).sum();
    if late > 0 {
        let _ = writeln!(s, "\n{}", t!("plan-late", count = late));
    }
    if r.load.iter().any(|(_, l)| l.overflow > 0) {
        let _ = writeln!(s, "\n{}", t!("plan-not-enough"));
        let _ = writeln!(
            s,
            "  {:<20}{:>9}{:>10}{:>11}{:>20}",
            t!("plan-col-office"),
            t!("plan-col-demand"),
            t!("plan-col-capacity"),
            t!("plan-col-shortfall"),
            t!("plan-col-extra")
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
        let _ = writeln!(s, "{}", t!("plan-add-capacity"));
    }
    if !r.holiday_notes.is_empty() {
        let _ = writeln!(s, "\n{}", t!("plan-holidays"));
        for n in &r.holiday_notes {
            let _ = writeln!(s, "  {n}");
        }
    }
    if !r.overbooked.is_empty() {
        let _ = writeln!(s, "\n{}", t!("plan-overbooked-heading"));
        for o in &r.overbooked {
            let _ = writeln!(s, "  {o}");
        }
    }
    if !r.orphaned.is_empty() {
        let _ = writeln!(s, "\n{}", t!("plan-orphaned-heading"));
        for o in &r.orphaned {
            let _ = writeln!(s, "  {o}");
        }
    }
    let _ = writeln!(
        s,
        "\n{}",
        t!("plan-wrote", capacity = &r.capacity, ledger = &r.ledger)
    );
    s
}
