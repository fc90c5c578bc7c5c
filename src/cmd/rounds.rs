//! `papila rounds`: the print rounds, what each holds and what was emailed to whom.

use std::collections::HashMap;
use std::fmt::Write as _;

use crate::cli::RoundsArgs;
use crate::error::{Error, Result};
use crate::ledger::offices::{OfficeMail, Recipient};
use crate::ledger::outbox::State;
use crate::ledger::{Ledger, LetterKind, Point, RoundCounts};
use crate::region::Regions;

use super::Context;

pub(crate) fn run(args: &RoundsArgs) -> Result<()> {
    let campaign = Context::load(&args.config, None)?;
    let ledger = Ledger::open_planned(&campaign.config)?;
    let rounds = ledger.rounds()?;
    let mail = ledger.office_mail()?;
    let text = match args.round {
        None => overview(&rounds, &mail, &campaign.out.display().to_string()),
        Some(n) => {
            let Some(round) = rounds.iter().find(|r| r.round == n) else {
                return Err(Error::Blocked {
                    message: t!("rounds-none-such", round = n, count = rounds.len()),
                    hint: t!("rounds-none-such-hint"),
                });
            };
            villages(&campaign.config, &ledger, round, &mail)?
        }
    };
    print!("{text}");
    Ok(())
}

/// What was emailed of one round to one recipient, in a word.
fn mailed(mail: &[OfficeMail], round: i64, recipient: &Recipient) -> &'static str {
    let parts: Vec<Option<State>> = mail
        .iter()
        .filter(|m| m.round == round && &m.recipient == recipient)
        .map(|m| m.state)
        .collect();
    if parts.is_empty() {
        "not emailed"
    } else if parts
        .iter()
        .all(|s| matches!(s, Some(State::Sent | State::Unconfirmed)))
    {
        "sent"
    } else if parts.contains(&Some(State::FailedPermanent)) {
        "failed"
    } else {
        "waiting"
    }
}

/// The word of `mailed` as staff read it.
fn mailed_shown(word: &str) -> String {
    match word {
        "sent" => t!("rounds-mail-sent"),
        "failed" => t!("rounds-mail-failed"),
        "waiting" => t!("rounds-mail-waiting"),
        _ => t!("rounds-mail-none"),
    }
}

fn overview(rounds: &[RoundCounts], mail: &[OfficeMail], out: &str) -> String {
    let mut s = String::new();
    if rounds.is_empty() {
        let _ = writeln!(s, "{}", t!("rounds-none"));
        return s;
    }
    let _ = writeln!(s, "{}", t!("rounds-heading", out = out));
    let _ = writeln!(
        s,
        "  {:>5}  {:<10}  {:>5}  {:>11}  {:>6}  {:>5}  {:>8}  {}",
        t!("rounds-col-round"),
        t!("rounds-col-date"),
        t!("rounds-col-new"),
        t!("rounds-col-replacement"),
        t!("rounds-col-second"),
        t!("rounds-col-void"),
        t!("rounds-col-villages"),
        t!("rounds-col-emailed-villages")
    );
    for r in rounds {
        let mut tally: HashMap<&str, usize> = HashMap::new();
        let codes: std::collections::BTreeSet<String> = mail
            .iter()
            .filter(|m| m.round == r.round)
            .filter_map(|m| match &m.recipient {
                Recipient::Village(code) => Some(code.to_string()),
                Recipient::Office(_) | Recipient::School(_) => None,
            })
            .collect();
        for m in mail.iter().filter(|m| m.round == r.round && m.part == 1) {
            if let Recipient::Village(_) = m.recipient {
                *tally
                    .entry(mailed(mail, r.round, &m.recipient))
                    .or_default() += 1;
            }
        }
        let _ = writeln!(
            s,
            "  {:>5}  {:<10}  {:>5}  {:>11}  {:>6}  {:>5}  {:>8}  {}",
            r.round,
            r.day,
            r.new,
            r.replacement,
            r.second,
            r.void,
            r.villages,
            t!(
                "rounds-emailed",
                sent = tally.get("sent").copied().unwrap_or(0),
                waiting = tally.get("waiting").copied().unwrap_or(0),
                failed = tally.get("failed").copied().unwrap_or(0),
                not_emailed = r.villages.saturating_sub(codes.len())
            )
        );
    }
    let _ = writeln!(s, "{}", t!("rounds-more"));
    s
}

fn villages(
    config: &crate::config::Config,
    ledger: &Ledger,
    round: &RoundCounts,
    mail: &[OfficeMail],
) -> Result<String> {
    let regions = Regions::get();
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{}",
        t!(
            "rounds-round",
            round = round.round,
            day = &round.day,
            new = round.new,
            replacement = round.replacement,
            second = round.second,
            void = round.void,
            villages = round.villages
        )
    );
    let _ = writeln!(
        s,
        "  {:<15}  {:<24}  {:>4}  {:>5}  {:>6}  {:>4}  {}",
        t!("rounds-col-village"),
        t!("rounds-col-name"),
        t!("rounds-col-new"),
        t!("rounds-col-repl"),
        t!("rounds-col-second"),
        t!("rounds-col-void"),
        t!("rounds-col-emailed")
    );
    // Villages, then schools (a school's batch: its students' letters, spec §11).
    for point in ledger.round_points(round.round)? {
        let (letters, void) = ledger.round_point(round.round, &point)?;
        let count = |k: LetterKind| letters.iter().filter(|l| l.kind == k).count();
        let (code, name) = match &point {
            Point::Village(code) => (
                code.to_string(),
                regions.village_name(*code).unwrap_or("?").to_string(),
            ),
            Point::School(npsn) => (
                npsn.clone(),
                config
                    .school(npsn)
                    .map_or_else(|| "?".to_string(), |(_, s)| s.name.clone()),
            ),
        };
        let _ = writeln!(
            s,
            "  {:<15}  {:<24}  {:>4}  {:>5}  {:>6}  {:>4}  {}",
            code,
            crate::text::cut(&name, 24),
            count(LetterKind::New),
            count(LetterKind::Replacement),
            count(LetterKind::Second),
            void.len(),
            mailed_shown(mailed(
                mail,
                round.round,
                &Recipient::of_point(point.clone())
            ))
        );
    }
    Ok(s)
}
