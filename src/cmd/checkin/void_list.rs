//! The signed void list: written at the district (`--write-void-list`), carried to the offline
//! stations and read there (`--void-list`, and `verify --void-list`).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use ed25519_dalek::VerifyingKey;

use super::campaign;
use crate::cli::CheckinArgs;
use crate::error::{Error, Result};
use crate::text;

/// At the district: the signed list of void letters a village office carries with the public key.
pub(super) fn write(args: &CheckinArgs, path: &Path) -> Result<()> {
    let (ctx, ledger, _) = campaign(args)?;
    let key = crate::keys::of_campaign(&ctx.config, t!("why-key-void-list"))?;
    let entries: Vec<(String, crate::voidlist::Entry)> = ledger
        .void_entries()?
        .into_iter()
        .map(|(id, standing)| {
            let entry = match standing {
                Some(a) => crate::voidlist::Entry::Moved(a),
                None => crate::voidlist::Entry::Cancelled,
            };
            (id, entry)
        })
        .collect();
    let made = text::stamp(ctx.config.campaign.timezone.now());
    let text = crate::voidlist::write(&key, &ctx.config.campaign.id, &made, &entries);
    crate::output::write_private(path, text.as_bytes())?;
    println!(
        "{}",
        t!(
            "void-list-written",
            path = path,
            count = entries.len(),
            made = made.as_str()
        )
    );
    Ok(())
}

/// A carried void list, verified with `key`; with `log`, refused when older than the list used
/// with that log before (kept beside it), and remembered as the newest.
pub(crate) fn carried_void_list(
    key: &VerifyingKey,
    path: &Path,
    log: Option<&Path>,
) -> Result<crate::voidlist::VoidList> {
    let text =
        crate::output::read_bounded(path, 16 << 20).map_err(|e| Error::io("read", path, e))?;
    let list = crate::voidlist::read(key, &text).map_err(|refused| match refused {
        crate::voidlist::Refused::Altered => Error::Blocked {
            message: t!("void-list-altered", path = path),
            hint: t!("void-list-altered-hint"),
        },
        crate::voidlist::Refused::NotAList => Error::Blocked {
            message: t!("void-list-not-a-list", path = path),
            hint: t!("void-list-altered-hint"),
        },
    })?;
    if let Some(log) = log {
        let state = PathBuf::from(format!("{}.batal", log.display()));
        let before = std::fs::read_to_string(&state).unwrap_or_default();
        let before = before.trim();
        if !before.is_empty() && list.made.as_str() < before {
            return Err(Error::Blocked {
                message: t!(
                    "void-list-older",
                    path = path,
                    made = list.made.as_str(),
                    before = before
                ),
                hint: t!("void-list-older-hint"),
            });
        }
        crate::output::write_private(&state, list.made.as_bytes())?;
    }
    Ok(list)
}

/// What the judge knows offline from a void list.
pub(crate) fn offline_standing(
    list: &crate::voidlist::VoidList,
) -> HashMap<String, crate::checkin::Standing> {
    list.entries
        .iter()
        .map(|(id, entry)| {
            let standing = match entry {
                crate::voidlist::Entry::Moved(a) => crate::checkin::Standing {
                    planned: true,
                    appointment: a.clone(),
                    why_cancelled: None,
                },
                crate::voidlist::Entry::Cancelled => crate::checkin::Standing {
                    planned: false,
                    // A cancelled invitation's appointment is never shown.
                    appointment: crate::appointment::Appointment {
                        office_id: String::new(),
                        date: NaiveDate::MIN,
                        start: chrono::NaiveTime::MIN,
                        end: chrono::NaiveTime::MIN,
                    },
                    why_cancelled: None,
                },
            };
            (id.clone(), standing)
        })
        .collect()
}
