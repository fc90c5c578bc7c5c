//! `papila render`: the PDFs for what the ledger holds.

use std::fmt::Write as _;
use std::time::Instant;

use crate::cli::RenderArgs;
use crate::dispatch::sms::SmsFile;
use crate::error::Result;
use crate::ledger::Ledger;
use crate::render::{MOST_LETTERS_PER_PART, RenderReport, Studio, render};

use super::Campaign;

pub(crate) fn run(args: &RenderArgs) -> Result<()> {
    let campaign = Campaign::load(&args.config)?;
    render_and_print(&campaign)
}

/// The PDFs, then `sms.csv`, then the summary: what `render` and `run` both do.
pub(super) fn render_and_print(campaign: &Campaign) -> Result<()> {
    let started = Instant::now();
    let config = &campaign.config;
    let studio = Studio::new(config, MOST_LETTERS_PER_PART)?;
    let ledger = Ledger::open_planned(config)?;
    crate::render::check_offices(config, &ledger)?;
    // Message templates before anything is typeset: a misspelt field stops the run at once.
    let sms = SmsFile::load(config)?;
    let today = super::today(None, config.campaign.timezone.now().date())?;
    let mut report = render(config, &studio, &ledger, &campaign.out, today)?;
    let written = sms.write(config, &ledger, &campaign.out)?;
    (report.sms, report.sms_parts) = (written.rows, written.parts);
    print!("{}", summary(&report, started.elapsed().as_secs_f64()));
    Ok(())
}

/// The round this render made (or that it made none), and rounds made again.
fn round_lines(s: &mut String, r: &RenderReport) {
    let out = r.out.display();
    match &r.round {
        Some(round) => {
            let mut held = Vec::new();
            for (n, one, many) in [
                (round.new, "new letter", "new letters"),
                (
                    round.replacement,
                    "replacement letter",
                    "replacement letters",
                ),
                (round.second, "second invitation", "second invitations"),
                (round.void, "letter now void", "letters now void"),
            ] {
                if n > 0 {
                    held.push(format!("{n} {}", if n == 1 { one } else { many }));
                }
            }
            let _ = writeln!(
                s,
                "Round {} (gelombang {}): {} for {} villages.\n  {out}/{}/  one PDF per village \
                 with only these letters and the list of void ones: give each village office its \
                 file (or `papila send offices`).",
                round.round,
                round.round,
                held.join(", "),
                round.villages,
                crate::render::round_dir(round.round).display()
            );
        }
        None => {
            let _ = writeln!(
                s,
                "No new round: every letter to deliver has been printed before (`papila rounds` \
                 lists the rounds)."
            );
        }
    }
    let again: Vec<String> = r
        .rounds_made
        .iter()
        .filter(|n| r.round.as_ref().is_none_or(|made| made.round != **n))
        .map(|n| n.to_string())
        .collect();
    if !again.is_empty() {
        let _ = writeln!(
            s,
            "Made again, as first printed, the missing files of round(s) {}.",
            again.join(", ")
        );
    }
}

/// What render wrote, where, and Typst's warnings if any.
fn summary(r: &RenderReport, seconds: f64) -> String {
    let mut s = String::new();
    let out = r.out.display();
    if r.letters == 0 {
        let _ = writeln!(
            s,
            "No invitations to render: the ledger holds no planned appointment. Run papila plan \
             after adding people lists."
        );
        return s;
    }
    let typeset = r.villages - r.villages_kept;
    let _ = writeln!(
        s,
        "Rendered {} letters for {} villages in {seconds:.1} s: {typeset} villages typeset, {} \
         kept unchanged from the last render; {} of {} attendance sheets kept.",
        r.letters, r.villages, r.villages_kept, r.attendance_kept, r.attendance_files
    );
    if r.letters_reused > 0 {
        let _ = writeln!(
            s,
            "  Of the villages typeset, {} unchanged letters were joined as typeset before.",
            r.letters_reused
        );
    }
    round_lines(&mut s, r);
    let _ = writeln!(
        s,
        "  {out}/print/         a print batch per village, every letter that stands: cover, \
         letters, receipt roster{}",
        if r.print_pages > 0 {
            format!(" ({} pages typeset now)", r.print_pages)
        } else {
            String::new()
        }
    );
    let _ = writeln!(
        s,
        "  {out}/attendance/    {} attendance sheets, one per office and day",
        r.attendance_files
    );
    let _ = writeln!(
        s,
        "  {out}/messages/sms.csv  {} SMS/WhatsApp texts ({} SMS parts) for people with a phone number",
        r.sms, r.sms_parts
    );
    if r.letter_files > 0 {
        let _ = writeln!(
            s,
            "  {out}/letters/       {} single letters, one PDF per person",
            r.letter_files
        );
    }
    let _ = writeln!(
        s,
        "These files hold personal data: share each village's batch only with that village office."
    );
    if !r.warnings.is_empty() {
        let _ = writeln!(s, "\nThe templates gave {} warnings:", r.warnings.len());
        for w in &r.warnings {
            let _ = writeln!(s, "  warning: {w}");
        }
    }
    s
}
