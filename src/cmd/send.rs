//! `papila send email`: the letters by email, resumable; prints what was sent, what failed and
//! what waits.

use std::fmt::Write as _;
use std::time::Instant;

use crate::cli::SendEmailArgs;
use crate::dispatch::email::{Options, SendReport, send};
use crate::error::Result;
use crate::ledger::outbox::State;

use super::Campaign;

pub(crate) fn email(args: &SendEmailArgs) -> Result<()> {
    let campaign = Campaign::load(&args.config)?;
    let started = Instant::now();
    let report = send(
        &campaign.config,
        &campaign.out,
        Options {
            limit: args.limit,
            dry_run: args.dry_run,
        },
    )?;
    print!("{}", summary(&report, started.elapsed().as_secs_f64()));
    Ok(())
}

/// What the run did, then the state of the whole outbox, each with what to do next.
pub(crate) fn summary(r: &SendReport, seconds: f64) -> String {
    let mut s = String::new();
    if let Some(dir) = &r.preview_dir {
        let _ = writeln!(
            s,
            "Dry run: wrote {} to {}/ exactly as {} would be sent. Nothing was sent and the \
             ledger is unchanged.",
            emails(r.previews),
            dir.display(),
            if r.previews == 1 { "it" } else { "they" }
        );
        if !r.failures.is_empty() {
            let _ = writeln!(
                s,
                "  {} could not be written: the address is not one papila can send to.",
                emails(r.failures.len())
            );
        }
        return s;
    }
    if r.settled > 0 {
        let _ = writeln!(
            s,
            "{} from a stopped earlier run had been handed to the server before it stopped; they \
             count as sent (state \"unconfirmed\") and are not sent again.",
            emails(r.settled)
        );
    }
    if r.synced.withdrawn > 0 {
        let _ = writeln!(
            s,
            "{} not sent: the appointment was moved or cancelled, or the address removed, since \
             they were queued.",
            emails(r.synced.withdrawn)
        );
    }
    let tried = r.sent + r.failures.len();
    if tried == 0 && r.left_by_limit == 0 {
        let _ = writeln!(
            s,
            "Nothing to send: every invited person with an email address has had their email."
        );
    } else {
        let _ = writeln!(
            s,
            "Sent {} through {} in {seconds:.1} s.",
            emails(r.sent),
            r.relay
        );
    }
    if r.deferrals > 0 {
        let _ = writeln!(
            s,
            "  {} put off (a 4xx reply, a timeout or a lost connection) and tried again later.",
            match r.deferrals {
                1 => "1 try was".to_string(),
                n => format!("{n} tries were"),
            }
        );
    }
    let failed = r.count(State::FailedPermanent);
    let waiting = r.count(State::FailedTransient);
    let csv = r
        .failed_csv
        .as_ref()
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    if !r.failures.is_empty() {
        let _ = writeln!(s, "  Failed for good in this run, with the server's words:");
        for (name, address, reply) in r.failures.iter().take(SHOWN_FAILURES) {
            let _ = writeln!(s, "    {name} <{address}>: {reply}");
        }
        if r.failures.len() > SHOWN_FAILURES {
            let _ = writeln!(s, "    … and {} more", r.failures.len() - SHOWN_FAILURES);
        }
    }
    if failed > 0 {
        let _ = writeln!(
            s,
            "  {} failed for good in all ({} in this run), each with the server's reason in \
             {csv}: correct the addresses in the people lists, or reach these people by letter or \
             SMS.",
            emails(failed),
            r.failures.len()
        );
    }
    if waiting > 0 {
        let _ = writeln!(
            s,
            "  {} wait for a retry (listed in {csv}): run `papila send email` again later.",
            emails(waiting)
        );
    }
    if r.left_by_limit > 0 {
        let _ = writeln!(
            s,
            "  {} not sent yet because of --limit: run `papila send email` again to send them.",
            emails(r.left_by_limit)
        );
    }
    let _ = writeln!(
        s,
        "Outbox: {} sent{}, {} failed, {} waiting, {} queued.",
        r.count(State::Sent) + r.count(State::Unconfirmed),
        match r.count(State::Unconfirmed) {
            0 => String::new(),
            n => format!(" ({n} unconfirmed)"),
        },
        failed,
        waiting,
        r.count(State::Queued)
    );
    s
}

/// Failures listed on screen; the CSV has them all.
const SHOWN_FAILURES: usize = 10;

fn emails(n: usize) -> String {
    format!("{n} {}", if n == 1 { "email" } else { "emails" })
}
