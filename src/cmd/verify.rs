//! `papila verify`: is a scanned QR token genuine, and what does it invite to? Exit 0 only when it
//! is genuine and (with the campaign's ledger at hand) still stands.

use std::path::PathBuf;

use rusqlite::OptionalExtension;

use crate::cli::VerifyArgs;
use crate::config::Config;
use crate::error::{Error, Result};
use crate::ledger::{Ledger, sql};
use crate::render::text;
use crate::token::{self, Claims, Verdict};

pub fn run(args: &VerifyArgs) -> Result<()> {
    let (key, config) = match &args.public_key {
        Some(path) => (crate::keys::load_public(path)?, None),
        None => {
            let path = args
                .config
                .clone()
                .unwrap_or_else(|| PathBuf::from("papila.toml"));
            let config = Config::load(&path)?;
            (
                crate::keys::of_campaign(&config, "tokens are checked with the campaign's key")?
                    .verifying_key(),
                Some(config),
            )
        }
    };
    let claims = match token::verify(&key, &args.token) {
        Verdict::Genuine(claims) => claims,
        Verdict::Forged(claims) => {
            return Err(Error::TokenRejected {
                outcome: "forged",
                message: format!(
                    "the signature does not match the key; this code claims invitation {} but was \
                     changed or not made by the district",
                    claims.invitation_id
                ),
                hint: "do not accept this letter; ask the person for their KK and check them in \
                       by hand, and report the letter to the district office"
                    .into(),
            });
        }
        Verdict::Malformed(reason) => {
            return Err(Error::TokenRejected {
                outcome: "malformed",
                message: format!("this is not a readable invitation code: {reason}"),
                hint: "scan the QR code again, or type the 8-character invitation id printed \
                       under it"
                    .into(),
            });
        }
    };
    let mut notes = Vec::new();
    if let Some(config) = &config {
        if claims.campaign != config.campaign.id {
            return Err(Error::TokenRejected {
                outcome: "wrong_campaign",
                message: format!(
                    "invitation {} is genuine but belongs to campaign \"{}\", not \"{}\"",
                    claims.invitation_id, claims.campaign, config.campaign.id
                ),
                hint: "the person holds a letter of another campaign; check them in by hand".into(),
            });
        }
        standing(config, &claims, &mut notes)?;
    }
    print!("{}", describe(&claims, config.as_ref(), &notes));
    Ok(())
}

/// Checks the ledger (when there is one) that the invitation still stands as the token says.
fn standing(config: &Config, claims: &Claims, notes: &mut Vec<String>) -> Result<()> {
    let path = crate::plan::ledger_path(config);
    if !path.exists() {
        notes
            .push("no ledger beside the config: whether it was cancelled is not known here".into());
        return Ok(());
    }
    let ledger = Ledger::open(&path, &config.campaign.id)?;
    let row: Option<(String, String, String, String)> = ledger
        .conn
        .query_row(
            "SELECT state, office_id, date, start FROM invitation WHERE id = ?1",
            [&claims.invitation_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()
        .map_err(|e| sql(&path, e))?;
    let Some((state, office, date, start)) = row else {
        notes.push(format!(
            "the ledger {} does not know this invitation",
            path.display()
        ));
        return Ok(());
    };
    if state == "cancelled" {
        return Err(Error::TokenRejected {
            outcome: "cancelled",
            message: format!("invitation {} was cancelled", claims.invitation_id),
            hint: "the person is no longer invited (already recorded, moved away or listed in \
                   error); see the plan summary or manifest.csv for why"
                .into(),
        });
    }
    let token_start = claims.start.format("%H:%M").to_string();
    if office != claims.office_id || date != claims.date.to_string() || start != token_start {
        return Err(Error::TokenRejected {
            outcome: "cancelled",
            message: format!(
                "invitation {} was moved to {office} on {date} at {start}; this letter is an old one",
                claims.invitation_id
            ),
            hint: "give the person their new letter (papila render prints it)".into(),
        });
    }
    Ok(())
}

fn describe(c: &Claims, config: Option<&Config>, notes: &[String]) -> String {
    let office = config
        .and_then(|cfg| cfg.offices.iter().find(|o| o.id == c.office_id))
        .map(|o| {
            let place = [o.name.as_str(), o.address.as_str()]
                .iter()
                .filter(|s| !s.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join(", ");
            format!("{} ({place})", c.office_id)
        })
        .unwrap_or_else(|| c.office_id.clone());
    let zone = config
        .map(|cfg| format!(" {}", cfg.campaign.timezone.label()))
        .unwrap_or_default();
    let mut s = format!(
        "valid: a genuine invitation of campaign {}\n  invitation  {}\n  office      {office}\n  session     {}, {}–{}{zone}\n",
        c.campaign,
        c.invitation_id,
        text::day_and_date(c.date),
        text::time(c.start),
        text::time(c.end),
    );
    for n in notes {
        s.push_str(&format!("  note        {n}\n"));
    }
    s
}
