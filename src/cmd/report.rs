//! `papila report`: coverage on screen, in `report.csv` and in `summary.pdf`.

use std::fmt::Write as _;

use crate::cli::ReportArgs;
use crate::error::Result;
use crate::report::{Counts, Coverage, coverage};
use crate::text;

use super::Context;

pub(crate) fn run(args: &ReportArgs) -> Result<()> {
    let campaign = Context::load(&args.config, args.today)?;
    let config = &campaign.config;
    let today = campaign.today;
    let ledger = crate::ledger::Ledger::open_planned(config)?;
    let report = coverage(config, &ledger, today)?;
    let written = crate::report::write_files(config, &campaign.out, &report, today)?;
    let summary = match &written.summary {
        Some(pdf) => t!("report-summary-pdf", path = pdf),
        None => t!("report-no-summary-pdf"),
    };
    print!("{}", screen(&report, &text::day_and_date(today)));
    println!(
        "{}",
        t!("report-wrote", csv = &written.csv, summary = summary)
    );
    Ok(())
}

fn line(s: &mut String, name: &str, c: &Counts) {
    let _ = writeln!(
        s,
        "  {name:<28} {:>9} {:>7} {:>11} {:>12} {:>8} {:>9}%",
        c.invited,
        c.attended,
        c.no_show,
        c.pending,
        c.overflow,
        crate::lang::decimal(c.recorded_pct(), 1)
    );
}

fn header(s: &mut String, first: &str) {
    let _ = writeln!(
        s,
        "  {first:<28} {:>9} {:>7} {:>11} {:>12} {:>8} {:>10}",
        t!("report-col-invited"),
        t!("report-col-came"),
        t!("report-col-missed"),
        t!("report-col-to-come"),
        t!("report-col-no-place"),
        t!("report-col-recorded")
    );
}

/// The table per kecamatan and per office, and the total.
fn screen(r: &Coverage, day: &str) -> String {
    let mut s = format!("{}\n", t!("report-heading", day = day));
    header(&mut s, "kecamatan");
    for k in &r.kecamatan {
        line(&mut s, &k.name, &k.counts);
    }
    line(&mut s, &t!("report-all"), &r.total);
    s.push('\n');
    header(&mut s, &t!("plan-col-office"));
    for o in &r.offices {
        line(&mut s, &o.id, &o.counts);
    }
    if r.total.too_late > 0 {
        let _ = writeln!(s, "\n{}", t!("report-too-late", count = r.total.too_late));
    }
    if r.total.duplicate_record > 0 {
        let _ = writeln!(
            s,
            "\n{}",
            t!("report-duplicates", count = r.total.duplicate_record)
        );
    }
    let _ = writeln!(s, "\n{}", t!("report-legend"));
    s
}
