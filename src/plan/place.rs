//! Plan's third phase: everyone invited who holds no kept appointment is placed in the capacity
//! left (newcomers, no-shows invited again, invitations restored or moved by `--replan`), or marked
//! overflow with the reason.

use super::outcome::{Outcome, id_bits};
use super::record::{Recorded, Wanted};
use super::settle::{Reissue, Settled};
use super::{Dropped, Plan, PlanReport, Reinvited};
use crate::appointment::Appointment;
use crate::error::Result;
use crate::reason::{Cancellation, Move};
use crate::schedule::{Candidate, place};

/// Places everyone `settled` holds no appointment for, and records each in the ledger.
pub(super) fn place_the_rest(
    plan: &Plan,
    recorded: &Recorded,
    settled: &mut Settled,
    booked: &mut [u32],
    report: &mut PlanReport,
) -> Result<()> {
    let wanted = &recorded.wanted;
    let to_place: Vec<&Wanted> = wanted
        .iter()
        .filter(|w| !settled.outcome.contains_key(&w.nik.value()))
        .collect();
    let candidates: Vec<Candidate> = to_place.iter().map(|w| w.candidate.clone()).collect();
    let placed = place(&plan.calendar, booked, &candidates);
    split_classes(plan, &to_place, &placed, report);
    // Ids and letter numbers are handed out in calendar order, so they read in order on the
    // attendance sheets and are the same on every run.
    let mut order: Vec<usize> = (0..to_place.len()).collect();
    order.sort_by_key(|&k| (placed[k].unwrap_or(usize::MAX), to_place[k].nik.value()));
    for k in order {
        let w = to_place[k];
        let outcome = match placed[k] {
            Some(s) => booked_at(plan, w, s, settled, report)?,
            None => no_place(plan, w, settled, report)?,
        };
        settled.outcome.insert(w.nik.value(), outcome);
    }
    Ok(())
}

/// Says which classes this run seated in more than one session (no session held the class, or
/// some of it reached the minimum age only later).
fn split_classes(
    plan: &Plan,
    to_place: &[&Wanted],
    placed: &[Option<usize>],
    report: &mut PlanReport,
) {
    let mut sessions: std::collections::BTreeMap<(usize, &str), std::collections::BTreeSet<usize>> =
        std::collections::BTreeMap::new();
    for (w, slot) in to_place.iter().zip(placed) {
        if let (Some((school, class)), Some(s)) = (&w.class, slot) {
            sessions.entry((*school, class)).or_default().insert(*s);
        }
    }
    for ((school, class), slots) in sessions {
        if slots.len() > 1 {
            report.split_classes.push(t!(
                "plan-class-split",
                class = class,
                school = &plan.config.schools[school].name,
                count = slots.len()
            ));
        }
    }
}

/// `w` placed in calendar slot `s`: a new invitation, or an existing one given a new appointment.
fn booked_at(
    plan: &Plan,
    w: &Wanted,
    s: usize,
    settled: &mut Settled,
    report: &mut PlanReport,
) -> Result<Outcome> {
    let slot = plan.calendar.slots[s];
    let appointment = Appointment {
        office_id: plan.config.offices[slot.office].id.clone(),
        date: slot.date,
        start: slot.start,
        end: slot.end,
    };
    let mut missed = None;
    let id = match settled.reissue.get(&w.nik.value()) {
        Some(Reissue {
            id,
            before,
            reinvite: Some(count),
            ..
        }) => {
            // The second letter is a letter of its own: its own number.
            plan.tx
                .reinvite(id, &appointment, before.date, settled.next_seq)?;
            settled.next_seq += 1;
            report.reinvited.push(Reinvited {
                id: id.clone(),
                name: plan.tx.person_name(&w.nik.to_string())?,
                missed: before.date,
                date: appointment.date,
            });
            missed = Some((before.date, count + 1));
            id.clone()
        }
        Some(r) => {
            let event = replaced(r, &appointment, report);
            if let Some(office) = &r.new_office {
                report.moved_office.push(Dropped {
                    id: r.id.clone(),
                    name: plan.tx.person_name(&w.nik.to_string())?,
                    why: t!(
                        "reason-moved-office",
                        office = office,
                        before = &r.before.office_id
                    ),
                });
            }
            plan.tx.place(&r.id, &appointment, event)?;
            r.id.clone()
        }
        None => {
            let nik = w.nik.to_string();
            let id =
                crate::ids::assign(&plan.opts.id_secret, &plan.config.campaign.id, &nik, |id| {
                    crate::ids::to_bits(id).is_some_and(|bits| settled.taken_ids.contains(&bits))
                });
            settled.taken_ids.insert(id_bits(&report.ledger, &id)?);
            plan.tx.create(&id, &nik, settled.next_seq, &appointment)?;
            settled.next_seq += 1;
            report.new += 1;
            id
        }
    };
    let kept = settled.strings.keep(&report.ledger, &id, &appointment)?;
    Ok(match missed {
        Some((missed, count)) => Outcome::Reinvited(kept, Some(missed), count),
        None => Outcome::Booked(kept),
    })
}

/// Why an existing invitation's new appointment differs from its old one, if it does, counted.
fn replaced(r: &Reissue, a: &Appointment, report: &mut PlanReport) -> Option<Move> {
    if !r.was_planned {
        report.restored += 1;
        Some(Move::Restored)
    } else if !r.before.same_session(a) {
        report.moved += 1;
        Some(if r.new_office.is_some() {
            Move::OfficeChanged
        } else {
            Move::Replan
        })
    } else {
        report.kept += 1;
        None
    }
}

/// A no-show left without a new place, as plan's report lists them: their missed day and why.
fn missed_dropped(plan: &Plan, w: &Wanted, r: &Reissue, reason: &str) -> Result<Dropped> {
    Ok(Dropped {
        id: r.id.clone(),
        name: plan.tx.person_name(&w.nik.to_string())?,
        why: t!(
            "reason-missed",
            missed = r.before.date.to_string(),
            reason = reason
        ),
    })
}

/// No place left for `w` before the campaign's end.
fn no_place(
    plan: &Plan,
    w: &Wanted,
    settled: &mut Settled,
    report: &mut PlanReport,
) -> Result<Outcome> {
    let reason = plan.overflow_reason(w);
    if let Some(r) = settled.reissue.get(&w.nik.value())
        && r.reinvite.is_some()
        && plan.only_school(w).is_some()
    {
        // A student who missed their school's last visit, whose village no office serves: no
        // route is left (spec §11). Overflow, said why; their letter is void in the next round.
        report.missed_without_place.push(w.office);
        plan.tx.cancel(&r.id, &r.before, Cancellation::NoPlace)?;
        report.cancelled.push(missed_dropped(plan, w, r, &reason)?);
        return Ok(Outcome::Overflow(settled.strings.intern(&reason)));
    }
    if let Some(r) = settled.reissue.get(&w.nik.value())
        && let Some(count) = r.reinvite
    {
        // No session left to invite a no-show again: their missed appointment stays.
        report.missed_without_place.push(w.office);
        report
            .not_reinvited
            .push(missed_dropped(plan, w, r, &reason)?);
        let before = settled.strings.keep(&report.ledger, &r.id, &r.before)?;
        return Ok(if count > 1 {
            Outcome::Reinvited(before, None, count)
        } else {
            Outcome::Booked(before)
        });
    }
    if let Some(r) = settled.reissue.get(&w.nik.value())
        && let Some(office) = &r.new_office
    {
        // The new office is full: the old appointment (still booked) stands, said aloud.
        report.kept_elsewhere.push(Dropped {
            id: r.id.clone(),
            name: plan.tx.person_name(&w.nik.to_string())?,
            why: t!(
                "reason-kept-elsewhere",
                office = office,
                reason = &reason,
                before = &r.before.office_id,
                date = r.before.date
            ),
        });
        report.kept += 1;
        let before = settled.strings.keep(&report.ledger, &r.id, &r.before)?;
        return Ok(Outcome::Booked(before));
    }
    if let Some(r) = settled
        .reissue
        .get(&w.nik.value())
        .filter(|r| r.was_planned)
    {
        plan.tx.cancel(&r.id, &r.before, Cancellation::NoPlace)?;
        report.cancelled.push(Dropped {
            id: r.id.clone(),
            name: plan.tx.person_name(&w.nik.to_string())?,
            why: t!("reason-replan-no-place", reason = &reason),
        });
    }
    Ok(Outcome::Overflow(settled.strings.intern(&reason)))
}
