//! `papila render`: the PDFs for what the ledger holds.

use std::fmt::Write as _;
use std::time::Instant;

use crate::cli::RenderArgs;
use crate::dispatch::sms::SmsFile;
use crate::error::Result;
use crate::ledger::Ledger;
use crate::render::{LETTERS_PER_PART, RenderReport, Studio, render};

use super::Campaign;

pub(crate) fn run(args: &RenderArgs) -> Result<()> {
    let campaign = Campaign::load(&args.config)?;
    render_and_print(&campaign)
}

/// The PDFs, then `sms.csv`, then the summary: what `render` and `run` both do.
pub(super) fn render_and_print(campaign: &Campaign) -> Result<()> {
    let started = Instant::now();
    let config = &campaign.config;
    let studio = Studio::new(config, LETTERS_PER_PART)?;
    let ledger = Ledger::open_planned(config)?;
    crate::render::check_offices(config, &ledger)?;
    // Message templates before anything is typeset: a misspelt field stops the run at once.
    let sms = SmsFile::load(config)?;
    let mut report = render(config, &studio, &ledger, &campaign.out)?;
    let written = sms.write(config, &ledger, &campaign.out)?;
    (report.sms, report.sms_parts) = (written.rows, written.parts);
    print!("{}", summary(&report, started.elapsed().as_secs_f64()));
    Ok(())
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
    let _ = writeln!(
        s,
        "Rendered {} letters for {} villages in {seconds:.1} s ({:.0} letters a second).",
        r.letters,
        r.villages,
        r.letters as f64 / seconds.max(1e-6)
    );
    let _ = writeln!(
        s,
        "  {out}/print/         a print batch per village ({} pages): cover, letters, receipt roster",
        r.print_pages
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
