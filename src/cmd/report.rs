//! `papila report`: coverage on screen, in `report.csv` and in `summary.pdf`.

use std::fmt::Write as _;

use crate::cli::ReportArgs;
use crate::error::Result;
use crate::report::{Counts, Coverage, coverage};
use crate::text;

use super::Campaign;

pub(crate) fn run(args: &ReportArgs) -> Result<()> {
    let campaign = Campaign::load(&args.config)?;
    let config = &campaign.config;
    let today = super::today(args.today, config.campaign.timezone.now().date())?;
    let ledger = crate::ledger::Ledger::open_planned(config)?;
    let report = coverage(config, &ledger, today)?;
    let written = crate::report::write_files(config, &campaign.out, &report, today)?;
    let summary = match &written.summary {
        Some(pdf) => format!("{} (with charts)", pdf.display()),
        None => "no summary.pdf: papila.toml has no [issuer] for its heading".to_string(),
    };
    print!("{}", screen(&report, &text::day_and_date(today)));
    println!("Wrote {} and {summary}.", written.csv.display());
    Ok(())
}

fn line(s: &mut String, name: &str, c: &Counts) {
    let _ = writeln!(
        s,
        "  {name:<28} {:>9} {:>7} {:>11} {:>12} {:>8} {:>9.1}%",
        c.invited,
        c.attended,
        c.no_show,
        c.pending,
        c.overflow,
        c.recorded_pct()
    );
}

fn header(s: &mut String, first: &str) {
    let _ = writeln!(
        s,
        "  {first:<28} {:>9} {:>7} {:>11} {:>12} {:>8} {:>10}",
        "invited", "came", "missed day", "to come", "no place", "recorded"
    );
}

/// The table per kecamatan and per office, and the total.
fn screen(r: &Coverage, day: &str) -> String {
    let mut s = format!("Coverage as of {day}\n");
    header(&mut s, "kecamatan");
    for k in &r.kecamatan {
        line(&mut s, &k.name, &k.counts);
    }
    line(&mut s, "all", &r.total);
    s.push('\n');
    header(&mut s, "office");
    for o in &r.offices {
        line(&mut s, &o.id, &o.counts);
    }
    if r.total.too_late > 0 {
        let _ = writeln!(
            s,
            "\n{} the minimum age only after the campaign's last day: not counted in \
             \"no place\" nor in \"recorded\" (report.csv: too_late).",
            match r.total.too_late {
                1 => "1 eligible person reaches".to_string(),
                n => format!("{n} eligible people reach"),
            }
        );
    }
    if r.total.duplicate_record > 0 {
        let _ = writeln!(
            s,
            "\n{} people are recorded twice (DUPLICATE_RECORD in the lists) and are not invited: \
             resolve each duplicate at Disdukcapil (report.csv has them per village and office).",
            r.total.duplicate_record
        );
    }
    let _ = writeln!(
        s,
        "\n\"recorded\" is the share of those who must record (invited, or found no place) who \
         came. \"missed day\" is an appointment passed without a check-in."
    );
    s
}
