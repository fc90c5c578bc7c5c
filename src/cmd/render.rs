//! `papila render`: the PDFs for what the ledger holds.

use std::fmt::Write as _;
use std::time::Instant;

use crate::cli::RenderArgs;
use crate::dispatch::sms::SmsFile;
use crate::error::Result;
use crate::ledger::Ledger;
use crate::render::{MOST_LETTERS_PER_PART, RenderReport, Studio, render};

use super::Context;

pub(crate) fn run(args: &RenderArgs) -> Result<()> {
    let ctx = Context::load(&args.config, args.today)?;
    let ledger = Ledger::open_planned(&ctx.config)?;
    render_and_print(&ctx, &ledger)
}

/// The round stage, then the PDFs, then `sms.csv`, then the summary: what `render` and `run` both
/// do. After the round, the ledger is only read.
pub(super) fn render_and_print(ctx: &Context, ledger: &Ledger) -> Result<()> {
    let started = Instant::now();
    let config = &ctx.config;
    let studio = Studio::new(config, MOST_LETTERS_PER_PART)?;
    crate::render::check_offices(config, ledger)?;
    // Message templates before anything is typeset: a misspelt field stops the run at once.
    let sms = SmsFile::load(config)?;
    let round = crate::round::make(config, ledger, ctx.today)?;
    let mut report = render(config, &studio, ledger, &ctx.out, ctx.threads)?;
    report.round = round;
    let written = sms.write(config, ledger, &ctx.out)?;
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
            for (n, key) in [
                (round.new, "render-new-letters"),
                (round.replacement, "render-replacement-letters"),
                (round.second, "render-second-invitations"),
                (round.void, "render-void-letters"),
            ] {
                if n > 0 {
                    held.push(crate::lang::text(key, &[("count", n.into())]));
                }
            }
            let _ = writeln!(
                s,
                "{}",
                t!(
                    "render-round",
                    round = round.round,
                    held = held.join(", "),
                    villages = round.villages,
                    schools = round.schools
                )
            );
            let _ = writeln!(
                s,
                "  {out}/{}/  {}",
                crate::render::round_dir(round.round).display(),
                t!("render-round-files")
            );
        }
        None => {
            let _ = writeln!(s, "{}", t!("render-no-round"));
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
            "{}",
            t!(
                "render-rounds-again",
                count = again.len(),
                rounds = again.join(", ")
            )
        );
    }
}

/// What render wrote, where, and Typst's warnings if any.
fn summary(r: &RenderReport, seconds: f64) -> String {
    let mut s = String::new();
    let out = r.out.display();
    if r.letters == 0 {
        let _ = writeln!(s, "{}", t!("render-nothing"));
        return s;
    }
    let typeset = r.villages - r.villages_kept;
    let _ = writeln!(
        s,
        "{}",
        t!(
            "render-done",
            letters = r.letters,
            villages = r.villages,
            seconds = crate::lang::decimal(seconds, 1),
            typeset = typeset,
            kept = r.villages_kept,
            sheets_kept = r.attendance_kept,
            sheets = r.attendance_files
        )
    );
    if r.letters_reused > 0 {
        let _ = writeln!(s, "  {}", t!("render-joined", count = r.letters_reused));
    }
    round_lines(&mut s, r);
    let _ = writeln!(
        s,
        "  {out}/print/         {}{}",
        t!("render-print"),
        if r.print_pages > 0 {
            t!("render-pages-now", pages = r.print_pages)
        } else {
            String::new()
        }
    );
    if r.school_files > 0 {
        let _ = writeln!(
            s,
            "  {out}/print/sekolah/ {}",
            t!(
                "render-schools",
                count = r.school_files,
                letters = r.school_letters
            )
        );
    }
    let _ = writeln!(
        s,
        "  {out}/attendance/    {}",
        t!("render-attendance", count = r.attendance_files)
    );
    let _ = writeln!(
        s,
        "  {out}/messages/sms.csv  {}",
        t!("render-sms", count = r.sms, parts = r.sms_parts)
    );
    if r.letter_files > 0 {
        let _ = writeln!(
            s,
            "  {out}/letters/       {}",
            t!("render-letters", count = r.letter_files)
        );
    }
    let _ = writeln!(s, "{}", t!("render-personal-data"));
    if !r.warnings.is_empty() {
        let _ = writeln!(s, "\n{}", t!("render-warnings", count = r.warnings.len()));
        for w in &r.warnings {
            let _ = writeln!(s, "  {}: {w}", t!("warning-prefix"));
        }
    }
    s
}
