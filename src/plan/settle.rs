//! Plan's second phase: each invitation already in the ledger is kept (its place booked), handed
//! to the third phase to be placed again (a no-show invited again, a cancelled invitation whose
//! person is invited again, everything under `--replan`), or cancelled (its person is no longer to
//! be invited).

use std::collections::{HashMap, HashSet};

use super::outcome::{Outcome, Strings};
use super::record::Recorded;
use super::{Dropped, Plan, PlanReport};
use crate::appointment::Appointment;
use crate::eligibility::Status;
use crate::error::Result;
use crate::ledger::Invitation;
use crate::reason::Cancellation;
use crate::schedule::Candidate;
use crate::validate::Nik;

/// An invitation already in the ledger whose holder is to be placed again: cancelled before and
/// invited again, or planned and moved by `--replan`. The id (and letter number) stay.
pub(super) struct Reissue {
    pub(super) id: String,
    pub(super) was_planned: bool,
    pub(super) before: Appointment,
    /// A no-show being invited again: their invitation count so far.
    pub(super) reinvite: Option<i64>,
    /// A person whose village another office serves now (a newer list moved them): placed there
    /// if it has room, else kept where they were.
    pub(super) new_office: Option<String>,
}

/// The second phase's result.
#[derive(Default)]
pub(super) struct Settled {
    /// Kept appointments, by NIK.
    pub(super) outcome: HashMap<u64, Outcome>,
    pub(super) strings: Strings,
    /// People to place who already hold an invitation, by NIK.
    pub(super) reissue: HashMap<u64, Reissue>,
    /// Every invitation id in the ledger, as bits: a new one must differ.
    pub(super) taken_ids: HashSet<u64>,
    /// The next letter number.
    pub(super) next_seq: i64,
}

/// Settles every invitation in the ledger against who is invited now; `booked` counts the kept
/// appointments per calendar slot.
pub(super) fn settle_existing(
    plan: &Plan,
    recorded: &Recorded,
    booked: &mut [u32],
    report: &mut PlanReport,
) -> Result<Settled> {
    // Who is to be invited now, and the offices that may seat them now (the first is theirs).
    let invited_now: HashMap<u64, &Candidate> = recorded
        .wanted
        .iter()
        .map(|w| (w.nik.value(), &w.candidate))
        .collect();
    let existing = plan.tx.invitations()?;
    let mut settled = Settled {
        taken_ids: existing
            .iter()
            .filter_map(|i| crate::ids::to_bits(&i.id))
            .collect(),
        next_seq: existing.iter().map(|i| i.seq).max().unwrap_or(0) + 1,
        ..Settled::default()
    };
    for inv in &existing {
        let Ok(nik) = Nik::parse(&inv.nik) else {
            continue;
        };
        let office_now = invited_now.get(&nik.value());
        let invited = office_now.is_some();
        if invited && plan.missed(inv) && !plan.opts.replan {
            if inv.attempt < plan.config.campaign.max_invitations {
                settled
                    .reissue
                    .insert(nik.value(), reissue(inv, inv.planned, Some(inv.attempt)));
                continue;
            }
            report.not_reinvited.push(Dropped {
                id: inv.id.clone(),
                name: plan.tx.person_name(&inv.nik)?,
                why: t!(
                    "reason-max-invitations",
                    missed = inv.appointment.date,
                    count = inv.attempt
                ),
            });
        }
        let serves_now = office_now.map(|c| plan.config.offices[c.office].id.as_str());
        // An appointment at any office that may seat them stands (a visit added later moves
        // nobody, spec §11); one at an office that no longer may is moved.
        let may_stay = office_now.is_some_and(|c| {
            std::iter::once(c.office)
                .chain(c.also.iter().copied())
                .any(|o| plan.config.offices[o].id == inv.appointment.office_id)
        });
        match (inv.planned, invited) {
            (true, true) if !plan.opts.replan && !may_stay && !inv.attended => {
                // Their old place stays booked until they have one at the new office, so a
                // fallback to it never overfills its session.
                if let Some(s) = plan.slot_of(&inv.appointment) {
                    booked[s] += 1;
                }
                let mut r = reissue(inv, true, None);
                r.new_office = serves_now.map(str::to_string);
                settled.reissue.insert(nik.value(), r);
            }
            (true, true) if !plan.opts.replan => {
                let kept = keep(plan, inv, booked, &mut settled.strings, report)?;
                settled.outcome.insert(nik.value(), kept);
            }
            (planned, true) => {
                settled
                    .reissue
                    .insert(nik.value(), reissue(inv, planned, None));
            }
            (true, false) => {
                let why = match recorded.status_now.get(&nik.value()) {
                    None => Cancellation::LeftLists,
                    Some(Status::AlreadyRecorded) => Cancellation::RecordedSince,
                    Some(&s) => Cancellation::Now(s),
                };
                plan.tx.cancel(&inv.id, &inv.appointment, why)?;
                report.cancelled.push(Dropped {
                    id: inv.id.clone(),
                    name: plan.tx.person_name(&inv.nik)?,
                    why: why.words(),
                });
            }
            (false, false) => {}
        }
    }
    Ok(settled)
}

fn reissue(inv: &Invitation, was_planned: bool, reinvite: Option<i64>) -> Reissue {
    Reissue {
        id: inv.id.clone(),
        was_planned,
        before: inv.appointment.clone(),
        reinvite,
        new_office: None,
    }
}

/// A standing appointment kept: its place booked, or reported when its session has left the config.
fn keep(
    plan: &Plan,
    inv: &Invitation,
    booked: &mut [u32],
    strings: &mut Strings,
    report: &mut PlanReport,
) -> Result<Outcome> {
    let a = &inv.appointment;
    match plan.slot_of(a) {
        // Someone already checked in (before their day, say) holds no seat: it is free for
        // someone else.
        Some(_) if inv.attended => {}
        Some(s) => booked[s] += 1,
        None => report.orphaned.push(t!(
            "plan-orphaned",
            id = &inv.id,
            office = &a.office_id,
            date = a.date_iso(),
            time = a.start_hm()
        )),
    }
    report.kept += 1;
    let kept = strings.keep(&report.ledger, &inv.id, a)?;
    Ok(if inv.attempt > 1 {
        Outcome::Reinvited(kept, inv.missed, inv.attempt)
    } else {
        Outcome::Booked(kept)
    })
}
