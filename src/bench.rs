//! The benchmark's baseline (`naive-render`, run by `bench/bench.py`): what a straightforward
//! in-process program does — one Typst compile and one PDF per letter, one after another on one
//! thread, no batching. Not for users.

use std::path::Path;
use std::time::Instant;

use crate::config::Config;
use crate::error::{Error, Result};
use crate::ledger::Ledger;
use crate::render::Studio;

/// Writes the first `limit` planned letters of the campaign at `config` into `out`, one document
/// each; returns how many and the seconds they took.
pub fn naive_render(config: &Path, limit: usize, out: &Path) -> Result<(usize, f64)> {
    let config = Config::load(config)?;
    let studio = Studio::new(&config, 1)?;
    let ledger = Ledger::open_planned(&config)?;
    std::fs::create_dir_all(out).map_err(|e| Error::io("create", out, e))?;
    let invited = ledger.first_planned(limit)?;
    let started = Instant::now();
    let day = crate::render::data::letter_date(&config);
    for person in &invited {
        // The letter as printed (what `send email` attaches), else as it would be.
        let printed = match ledger.standing_letter(&person.invitation_id)? {
            Some(letter) if letter.says(person) => letter,
            _ => crate::ledger::Printed::unprinted(person.clone(), day),
        };
        let pdf = studio.letter_pdf(&config, &printed)?;
        let path = out.join(format!("{}.pdf", person.invitation_id));
        std::fs::write(&path, &pdf.bytes).map_err(|e| Error::io("write", &path, e))?;
    }
    Ok((invited.len(), started.elapsed().as_secs_f64()))
}

/// The first `limit` planned invitations with the token each letter carries (invitation id, office,
/// token): what `bench/serve_load.py` scans at its stations, without typesetting the letters.
pub fn tokens(config: &Path, limit: usize) -> Result<Vec<(String, String, String)>> {
    let config = Config::load(config)?;
    let key = crate::keys::of_campaign(&config, t!("why-key-bench"))?;
    let ledger = Ledger::open_planned(&config)?;
    let campaign = crate::token::Campaign::of(&config.campaign.id);
    Ok(ledger
        .first_planned(limit)?
        .into_iter()
        .map(|p| {
            let token = crate::token::sign(
                &key,
                &crate::token::Claims {
                    campaign: campaign.clone(),
                    invitation_id: p.invitation_id.clone(),
                    appointment: p.appointment.clone(),
                },
            );
            (p.invitation_id, p.appointment.office_id, token)
        })
        .collect())
}
