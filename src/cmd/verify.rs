//! `papila verify`: is a scanned QR token genuine, and what does it invite to? Exit 0 only when it
//! is genuine and (with the campaign's ledger at hand) still stands. It asks check-in's judge
//! (`checkin::stands`), so both give one answer for every code.

use std::path::PathBuf;

use crate::appointment::Appointment;
use crate::checkin::{self, Judged, Offline, Outcome};
use crate::cli::VerifyArgs;
use crate::config::Config;
use crate::error::{Error, Result};
use crate::ledger::Ledger;
use crate::text;

pub(crate) fn run(args: &VerifyArgs) -> Result<()> {
    let (key, config) = match &args.public_key {
        Some(path) => (crate::keys::load_public(path)?, None),
        None => {
            let path = args
                .config
                .clone()
                .unwrap_or_else(|| PathBuf::from("papila.toml"));
            let config = super::Context::config(&path)?;
            (
                crate::keys::of_campaign(&config, t!("why-key-verify"))?.verifying_key(),
                Some(config),
            )
        }
    };
    let ledger = match &config {
        Some(config) => Ledger::open_if_planned(config)?,
        None => None,
    };
    let campaign = config.as_ref().map(|c| c.campaign.id.as_str());
    let mut offline = Offline::default();
    let mut carried = None;
    if let Some(list) = &args.void_list {
        let list = super::checkin::carried_void_list(&key, list, None)?;
        offline.void = super::checkin::offline_standing(&list);
        carried = Some(list.campaign);
    }
    let campaign = campaign.or(carried.as_deref());
    let judged = match &ledger {
        Some(ledger) => checkin::stands(&args.token, &key, campaign, ledger)?,
        None => checkin::stands(&args.token, &key, campaign, &offline)?,
    };
    let mut notes = Vec::new();
    if config.is_some() && ledger.is_none() {
        notes.push(t!("verify-no-ledger"));
    }
    if matches!(judged.outcome, Outcome::NotToday | Outcome::Replaced) {
        notes.push(judged.explain());
    }
    match (judged.outcome, &judged.appointment, &judged.invitation_id) {
        (Outcome::Valid | Outcome::NotToday | Outcome::Replaced, Some(a), Some(id)) => {
            let campaign = campaign.or(judged.campaign.as_deref()).unwrap_or_default();
            print!(
                "{}",
                describe(judged.outcome, campaign, id, a, config.as_ref(), &notes)
            );
            Ok(())
        }
        _ => Err(refusal(&judged, campaign)),
    }
}

/// Why a code does not stand, for staff.
fn refusal(judged: &Judged, campaign: Option<&str>) -> Error {
    let id = judged.invitation_id.as_deref().unwrap_or("-");
    let (message, hint) = match judged.outcome {
        Outcome::Forged => (t!("verify-forged", id = id), t!("verify-forged-hint")),
        Outcome::WrongCampaign => (
            t!(
                "verify-wrong-campaign",
                id = id,
                theirs = judged.campaign.as_deref().unwrap_or_default(),
                ours = campaign.unwrap_or_default()
            ),
            t!("verify-wrong-campaign-hint"),
        ),
        Outcome::Cancelled => (t!("verify-cancelled", id = id), t!("verify-cancelled-hint")),
        Outcome::Unverified => (
            t!("verify-unverified", id = id),
            t!("verify-unverified-hint"),
        ),
        _ => (
            t!("verify-malformed", detail = judged.explain()),
            t!("verify-malformed-hint"),
        ),
    };
    Error::TokenRejected {
        outcome: judged.outcome.as_str(),
        message,
        hint,
    }
}

fn describe(
    outcome: Outcome,
    campaign: &str,
    id: &str,
    a: &Appointment,
    config: Option<&Config>,
    notes: &[String],
) -> String {
    let office = config
        .and_then(|cfg| cfg.offices.iter().find(|o| o.id == a.office_id))
        .map(|o| {
            let place = [o.name.as_str(), o.address.as_str()]
                .iter()
                .filter(|s| !s.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join(", ");
            format!("{} ({place})", a.office_id)
        })
        .unwrap_or_else(|| a.office_id.clone());
    let zone = config
        .map(|cfg| format!(" {}", cfg.campaign.timezone.label()))
        .unwrap_or_default();
    let label = |key: &str| format!("{:<12}", crate::lang::text(key, &[]));
    let mut s = format!(
        "{}: {}\n  {}{id}\n  {}{office}\n  {}{}, {}–{}{zone}\n",
        outcome.as_str(),
        t!("verify-genuine", campaign = campaign),
        label("verify-invitation"),
        label("verify-office"),
        label("verify-session"),
        text::day_and_date(a.date),
        text::time(a.start),
        text::time(a.end),
    );
    for n in notes {
        s.push_str(&format!("  {}{n}\n", label("verify-note")));
    }
    s
}
