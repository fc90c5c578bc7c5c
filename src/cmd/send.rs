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

use super::Context;

pub(crate) fn email(args: &SendEmailArgs) -> Result<()> {
    let campaign = Context::load(&args.config, args.today)?;
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
    let campaign = Context::load(&args.config, args.today)?;
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
fn options(campaign: &Context, limit: Option<usize>, dry_run: bool) -> Result<Options> {
    Ok(Options {
        limit,
        dry_run,
        today: campaign.today,
    })
}

/// What `send offices` did: the rounds, who has no address, then as `send email`.
fn offices_summary(r: &OfficesReport, seconds: f64) -> String {
    let mut s = String::new();
    if r.rounds == 0 {
        let _ = writeln!(s, "{}", t!("send-no-rounds"));
        return s;
    }
    if r.queued > 0 {
        let _ = writeln!(s, "{}", t!("send-queued-offices", count = r.queued));
    }
    if !r.no_contact.is_empty() {
        let _ = writeln!(s, "{}", t!("send-no-contact", count = r.no_contact.len()));
        for name in &r.no_contact {
            let _ = writeln!(s, "  {name}");
        }
    }
    if let Some(file) = &r.whatsapp_file {
        let _ = writeln!(
            s,
            "{}",
            t!("send-whatsapp-file", count = r.by_whatsapp, file = file)
        );
    }
    s.push_str(&summary(&r.send, seconds, &OFFICES));
    s
}

/// The words a send summary uses for its audience: the command and the keys of its sentences.
pub(crate) struct Audience {
    command: &'static str,
    nothing: &'static str,
    fix: &'static str,
}

const PEOPLE: Audience = Audience {
    command: "send email",
    nothing: "send-nothing-people",
    fix: "send-fix-people",
};

const OFFICES: Audience = Audience {
    command: "send offices",
    nothing: "send-nothing-offices",
    fix: "send-fix-offices",
};

/// What the run did, then the state of the whole outbox, each with what to do next.
pub(crate) fn summary(r: &SendReport, seconds: f64, to: &Audience) -> String {
    let mut s = String::new();
    if let Some(dir) = &r.preview_dir {
        let _ = writeln!(s, "{}", t!("send-dry-run", count = r.previews, dir = dir));
        if !r.failures.is_empty() {
            let _ = writeln!(
                s,
                "  {}",
                t!("send-dry-run-failed", count = r.failures.len())
            );
        }
        return s;
    }
    if r.settled > 0 {
        let _ = writeln!(s, "{}", t!("send-settled", count = r.settled));
    }
    if r.synced.withdrawn > 0 {
        let _ = writeln!(s, "{}", t!("send-withdrawn", count = r.synced.withdrawn));
    }
    let tried = r.sent + r.failures.len();
    if tried == 0 && r.left_by_limit == 0 {
        let _ = writeln!(
            s,
            "{}",
            t!("send-nothing", why = crate::lang::text(to.nothing, &[]))
        );
    } else {
        let _ = writeln!(
            s,
            "{}",
            t!(
                "send-sent",
                count = r.sent,
                relay = &r.relay,
                seconds = crate::lang::decimal(seconds, 1)
            )
        );
    }
    if r.deferrals > 0 {
        let _ = writeln!(s, "  {}", t!("send-deferred", count = r.deferrals));
    }
    let failed = r.count(State::FailedPermanent);
    let waiting = r.count(State::FailedTransient);
    let csv = r
        .failed_csv
        .as_ref()
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    if !r.failures.is_empty() {
        let _ = writeln!(s, "  {}", t!("send-failed-heading"));
        for (name, address, reply) in r.failures.iter().take(SHOWN_FAILURES) {
            let _ = writeln!(s, "    {name} <{address}>: {reply}");
        }
        if r.failures.len() > SHOWN_FAILURES {
            let _ = writeln!(
                s,
                "    {}",
                t!("send-more", count = r.failures.len() - SHOWN_FAILURES)
            );
        }
    }
    if failed > 0 {
        let _ = writeln!(
            s,
            "  {}",
            t!(
                "send-failed-all",
                count = failed,
                run = r.failures.len(),
                csv = &csv,
                fix = crate::lang::text(to.fix, &[])
            )
        );
    }
    if waiting > 0 {
        let _ = writeln!(
            s,
            "  {}",
            t!(
                "send-waiting",
                count = waiting,
                csv = &csv,
                command = to.command
            )
        );
    }
    if r.left_by_limit > 0 {
        let _ = writeln!(
            s,
            "  {}",
            t!("send-limit", count = r.left_by_limit, command = to.command)
        );
    }
    let _ = writeln!(
        s,
        "{}",
        t!(
            "send-outbox",
            sent = r.count(State::Sent) + r.count(State::Unconfirmed),
            unconfirmed = r.count(State::Unconfirmed),
            failed = failed,
            waiting = waiting,
            queued = r.count(State::Queued)
        )
    );
    s
}

/// Failures listed on screen; the CSV has them all.
const SHOWN_FAILURES: usize = 10;
