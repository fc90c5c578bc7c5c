//! The round stage, between plan and render: what changed in the ledger since the last print round
//! (new letters, replacements, second invitations, letters made void) becomes the next round, dated
//! as the campaign says. It is the last stage that writes the ledger before render, which only reads.

use chrono::NaiveDate;

use crate::config::Config;
use crate::error::Result;
use crate::ledger::{Ledger, RoundCounts};

/// Makes the next round of what changed, as of `today`; `None` when nothing changed.
pub(crate) fn make(
    config: &Config,
    ledger: &Ledger,
    today: NaiveDate,
) -> Result<Option<RoundCounts>> {
    ledger.make_round(issue_date(config, today), &config.visited_schools())
}

/// The date a letter issued on `today` carries: `[issuer] letter_date` when the campaign sets
/// one, else the day it goes to the printer (kept in the ledger with the letter).
pub(crate) fn issue_date(config: &Config, today: NaiveDate) -> NaiveDate {
    config
        .issuer
        .as_ref()
        .and_then(|i| i.letter_date)
        .unwrap_or(today)
}
