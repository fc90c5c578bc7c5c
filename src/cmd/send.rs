//! `papila send email`: the letters by email, resumable; prints what was sent, what failed and
//! what waits.

use std::fmt::Write as _;
use std::time::Instant;

use crate::cli::{SendEmailArgs, SendOfficesArgs};
use crate::dispatch::email::send;
use crate::dispatch::offices::{self, OfficesReport};
use crate::dispatch::sending::{Options, SendReport};
use crate::error::Result;
use crate::ledger::outbox::State;

use super::Campaign;

pub(crate) fn email(args: &SendEmailArgs) -> Result<()> {
    let campaign = Campaign::load(&args.config)?;
    let started = Instant::now();
    let report = send(
        &campaign.config,
        &campaign.out,
        options(&campaign, args.limit, args.dry_run)?,
    )?;
    print!(
        "{}",
        summary(&report, started.elapsed().as_secs_f64(), &PEOPLE)
    );
    Ok(())
}

pub(crate) fn offices(args: &SendOfficesArgs) -> Result<()> {
    let campaign = Campaign::load(&args.config)?;
    let started = Instant::now();
    let report = offices::send(
        &campaign.config,
        &campaign.out,
        options(&campaign, args.limit, args.dry_run)?,
    )?;
    print!(
        "{}",
        offices_summary(&report, started.elapsed().as_secs_f64())
    );
    Ok(())
}

/// A send run's options, as of the campaign's today.
fn options(campaign: &Campaign, limit: Option<usize>, dry_run: bool) -> Result<Options> {
    Ok(Options {
        limit,
        dry_run,
        today: super::today(None, campaign.config.campaign.timezone.now().date())?,
    })
}

/// What `send offices` did: the rounds, who has no address, then as `send email`.
fn offices_summary(r: &OfficesReport, seconds: f64) -> String {
    let mut s = String::new();
    if r.rounds == 0 {
        let _ = writeln!(
            s,
            "No print rounds yet: run `papila render` (or `papila run`) first; each render that \
             finds new letters makes a round for the village offices."
        );
        return s;
    }
    if r.queued > 0 {
        let _ = writeln!(s, "{} queued for the offices.", emails(r.queued));
    }
    if !r.no_contact.is_empty() {
        let _ = writeln!(
            s,
            "warning: {} {} files in a round but no email address in the contacts file, so \
             nothing was sent (add an address to [email] contacts, or deliver by hand):",
            r.no_contact.len(),
            if r.no_contact.len() == 1 {
                "village or office has"
            } else {
                "villages or offices have"
            }
        );
        for name in &r.no_contact {
            let _ = writeln!(s, "  {name}");
        }
    }
    s.push_str(&summary(&r.send, seconds, &OFFICES));
    s
}

/// The words a send summary uses for its audience.
pub(crate) struct Audience {
    command: &'static str,
    nothing: &'static str,
    fix: &'static str,
}

const PEOPLE: Audience = Audience {
    command: "send email",
    nothing: "every invited person with an email address has had their email",
    fix: "correct the addresses in the people lists, or reach these people by letter or SMS",
};

const OFFICES: Audience = Audience {
    command: "send offices",
    nothing: "every round has gone to every office with an address",
    fix: "correct the addresses in the contacts file, or deliver these files by hand",
};

/// What the run did, then the state of the whole outbox, each with what to do next.
pub(crate) fn summary(r: &SendReport, seconds: f64, to: &Audience) -> String {
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
        let _ = writeln!(s, "Nothing to send: {}.", to.nothing);
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
             {csv}: {}.",
            emails(failed),
            r.failures.len(),
            to.fix
        );
    }
    if waiting > 0 {
        let _ = writeln!(
            s,
            "  {} wait for a retry (listed in {csv}): run `papila {}` again later.",
            emails(waiting),
            to.command
        );
    }
    if r.left_by_limit > 0 {
        let _ = writeln!(
            s,
            "  {} not sent yet because of --limit: run `papila {}` again to send them.",
            emails(r.left_by_limit),
            to.command
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
