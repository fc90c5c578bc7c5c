//! `papila plan`: check + schedule; appointments recorded in the ledger, manifest and capacity written.

use std::fmt::Write as _;

use crate::cli::PlanArgs;
use crate::error::Result;
use crate::ledger::Ledger;
use crate::plan::{PlanOptions, PlanReport, plan};

use super::Context;

pub(crate) fn run(args: &PlanArgs) -> Result<()> {
    let ctx = Context::load(&args.config, args.today)?;
    let _lock = crate::plan::lock(&ctx.config)?;
    let mut ledger = Ledger::open_campaign(&ctx.config)?;
    planned(&ctx, &mut ledger, args)
}

/// Plans into `ledger` as of the context's day and prints the summary (`plan` and `run`).
pub(crate) fn planned(ctx: &Context, ledger: &mut Ledger, args: &PlanArgs) -> Result<()> {
    let started = std::time::Instant::now();
    let inputs = ctx.inputs(&args.inputs);
    let id_secret = super::id_secret(ctx, ledger)?;
    let report = plan(
        &ctx.config,
        ledger,
        &inputs,
        &ctx.out,
        PlanOptions {
            replan: args.replan,
            today: ctx.today,
            id_secret,
        },
    )?;
    crate::timings::record("plan", started);
    print!("{}", summary(&report));
    Ok(())
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
    if r.load.iter().any(|(_, l)| l.shortfall() > 0) {
        let _ = writeln!(s, "\n{}", t!("plan-not-enough"));
        let missed: u64 = r.load.iter().map(|(_, l)| l.missed).sum();
        if missed > 0 {
            let _ = writeln!(s, "{}", t!("plan-not-enough-missed", count = missed));
        }
        // As wide as the longest office id, so a long one does not push its row out of line.
        let w = r
            .load
            .iter()
            .map(|(id, _)| id.chars().count() + 2)
            .max()
            .unwrap_or(0)
            .max(20);
        let _ = writeln!(
            s,
            "  {:<w$}{:>9}{:>10}{:>11}{:>20}",
            t!("plan-col-office"),
            t!("plan-col-demand"),
            t!("plan-col-capacity"),
            t!("plan-col-shortfall"),
            t!("plan-col-extra")
        );
        for (id, l) in r.load.iter().filter(|(_, l)| l.shortfall() > 0) {
            let _ = writeln!(
                s,
                "  {id:<w$}{:>9}{:>10}{:>11}{:>20}",
                l.demand,
                l.capacity,
                l.shortfall(),
                l.extra_days()
            );
        }
        let _ = writeln!(s, "{}", t!("plan-add-capacity"));
    }
    if !r.visits.is_empty() {
        let _ = writeln!(s, "\n{}", t!("plan-visits"));
        for v in &r.visits {
            let _ = writeln!(s, "  {v}");
        }
    }
    for c in &r.split_classes {
        let _ = writeln!(s, "{}: {c}", t!("warning-prefix"));
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
