//! `papila report`: coverage on screen, in `report.csv` and in `summary.pdf`.

use std::fmt::Write as _;

use crate::cli::ReportArgs;
use crate::error::Result;
use crate::output::{self, CsvFile};
use crate::report::{Counts, Coverage, coverage};
use crate::text;

use super::Campaign;

pub(crate) fn run(args: &ReportArgs) -> Result<()> {
    let campaign = Campaign::load(&args.config)?;
    let config = &campaign.config;
    let today = super::today(args.today, config.campaign.timezone.now().date())?;
    let ledger = crate::ledger::Ledger::open_planned(config)?;
    let report = coverage(config, &ledger, today)?;
    output::ensure_dir(&campaign.out)?;
    let csv = campaign.out.join("report.csv");
    write_csv(&report, &csv)?;
    let pdf = campaign.out.join("summary.pdf");
    let summary = if config.issuer.is_some() {
        #[derive(serde::Serialize)]
        struct WithDate<'a> {
            #[serde(flatten)]
            report: &'a Coverage,
            today_text: String,
        }
        let doc = crate::render::summary_pdf(
            config,
            &WithDate {
                report: &report,
                today_text: text::date(today),
            },
        )?;
        output::write_private(&pdf, &doc.bytes)?;
        format!("{} (with charts)", pdf.display())
    } else {
        "no summary.pdf: papila.toml has no [issuer] for its heading".to_string()
    };
    print!("{}", screen(&report, &text::day_and_date(today)));
    println!("Wrote {} and {summary}.", csv.display());
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
        ],
    )?;
    let mut row = |level: &str, kec: &str, code: &str, village: &str, office: &str, c: &Counts| {
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
        ])
    };
    for v in &r.villages {
        row("village", &v.kecamatan, &v.code, &v.name, "", &v.counts)?;
    }
    for k in &r.kecamatan {
        row("kecamatan", &k.name, "", "", "", &k.counts)?;
    }
    for o in &r.offices {
        row("office", "", "", "", &o.id, &o.counts)?;
    }
    row("district", "", "", "", "", &r.total)?;
    csv.commit()
}
