//! Planning (spec §6, §10): check every row, keep the appointments already issued, place newcomers in
//! the capacity left, cancel invitations of people no longer to be invited, and record it all in the
//! ledger in one transaction. A run killed at any point leaves the ledger as the previous run left it,
//! and the next run does the whole work again with the same result.
//!
//! The phases, each in its file: `record` (every row checked, people recorded, who is wanted),
//! `settle` (the invitations already issued: kept, to be placed again, or cancelled), `place`
//! (everyone else placed in the capacity left, or overflow), then `tally` (load per office,
//! `capacity.csv`) and `outcome` (the manifest with the appointments filled in).

mod outcome;
mod place;
mod record;
mod settle;
mod tally;

use std::path::{Path, PathBuf};

use chrono::{Duration, NaiveDate};

use crate::appointment::Appointment;
use crate::config::Config;
use crate::error::Result;
use crate::ingest::InputSpec;
use crate::ledger::{Invitation, Ledger, Tx};
use crate::pipeline::Totals;
use crate::schedule::{Calendar, OfficeDays, OfficeLoad};

#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct PlanOptions {
    /// Move existing appointments too (the only way they ever move).
    pub(crate) replan: bool,
    /// The day the plan is made. While the campaign runs, nobody is placed before the next day,
    /// and appointments before it that nobody came to are given again (re-invitation).
    pub(crate) today: NaiveDate,
    /// The secret new invitation ids are keyed with (`ids`).
    pub(crate) id_secret: [u8; 32],
}

/// An invitation cancelled, or a no-show not invited again, and why.
#[derive(Debug)]
pub(crate) struct Dropped {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) why: String,
}

/// A no-show invited again.
#[derive(Debug)]
pub(crate) struct Reinvited {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) missed: NaiveDate,
    pub(crate) date: NaiveDate,
}

/// What a plan did, for the summary.
#[derive(Debug, Default)]
pub(crate) struct PlanReport {
    pub(crate) totals: Totals,
    pub(crate) kept: u64,
    pub(crate) new: u64,
    pub(crate) restored: u64,
    pub(crate) moved: u64,
    /// Invitations cancelled by this run.
    pub(crate) cancelled: Vec<Dropped>,
    /// Per office id, demand against capacity.
    pub(crate) load: Vec<(String, OfficeLoad)>,
    /// Sessions holding more appointments than their capacity now allows.
    pub(crate) overbooked: Vec<String>,
    /// Appointments whose session is no longer in the config; kept until `--replan`.
    pub(crate) orphaned: Vec<String>,
    /// No-shows invited again.
    pub(crate) reinvited: Vec<Reinvited>,
    /// No-shows not invited again.
    pub(crate) not_reinvited: Vec<Dropped>,
    /// The office (index) of each no-show left without a later place: a shortfall too.
    missed_without_place: Vec<usize>,
    /// People whose village is now served by another office, given a place there.
    pub(crate) moved_office: Vec<Dropped>,
    /// … and those kept at their old office because the new one has no place left.
    pub(crate) kept_elsewhere: Vec<Dropped>,
    /// Classes seated in more than one session by this run.
    pub(crate) split_classes: Vec<String>,
    /// Each team's visit with its bookings against its places (spec §11).
    pub(crate) visits: Vec<String>,
    /// What staff must know of the holidays the calendar relies on.
    pub(crate) holiday_notes: Vec<String>,
    pub(crate) ledger: PathBuf,
    pub(crate) manifest: PathBuf,
    pub(crate) capacity: PathBuf,
}

/// What every phase of one plan run shares.
struct Plan<'a> {
    config: &'a Config,
    tx: &'a Tx<'a>,
    calendar: Calendar,
    last_day: NaiveDate,
    /// Today, while the campaign runs (between its first and last appointment day).
    running_on: Option<NaiveDate>,
    opts: PlanOptions,
}

impl Plan<'_> {
    /// Whether `inv`'s appointment has passed, while the campaign runs, without its person coming.
    fn missed(&self, inv: &Invitation) -> bool {
        self.running_on
            .is_some_and(|today| inv.planned && !inv.attended && inv.appointment.date < today)
    }

    /// The calendar slot of an appointment, if its session is still in the config.
    fn slot_of(&self, a: &Appointment) -> Option<usize> {
        let office = self
            .config
            .offices
            .iter()
            .position(|o| o.id == a.office_id)?;
        self.calendar.find(office, a.date, a.start)
    }

    /// The school of a student whose every office is a visit of that school (no office serves
    /// their village) and who is of age in time: when its visits have no place left, nothing does.
    fn only_school(&self, w: &record::Wanted) -> Option<usize> {
        w.class
            .as_ref()
            .map(|(s, _)| *s)
            .filter(|&s| {
                std::iter::once(w.candidate.office)
                    .chain(w.candidate.also.iter().copied())
                    .all(|o| {
                        self.config.offices[o].visit.as_ref().and_then(|v| v.school) == Some(s)
                    })
            })
            .filter(|_| w.of_age <= self.last_day)
    }

    fn overflow_reason(&self, w: &record::Wanted) -> String {
        match self.only_school(w) {
            Some(s) => t!(
                "reason-no-later-visit",
                school = &self.config.schools[s].name
            ),
            None => overflow_reason(self.config, w.candidate.office, w.of_age, self.last_day),
        }
    }
}

/// Holds the campaign for one plan: a second plan at the same time is refused (clearly, before it
/// touches anything: its ledger is opened only once this is held).
pub(crate) fn lock(config: &Config) -> Result<crate::output::Lock> {
    crate::output::Lock::take(
        &crate::output::beside(&crate::ledger::path_of(config), ".plan-lock"),
        &t!("plan-busy"),
        &t!("plan-busy-hint"),
    )
}

/// Plans into `ledger`, which the caller opened holding `lock`.
pub(crate) fn plan(
    config: &Config,
    ledger: &mut Ledger,
    inputs: &[InputSpec],
    out: &Path,
    opts: PlanOptions,
) -> Result<PlanReport> {
    let mut report = PlanReport {
        ledger: crate::ledger::path_of(config),
        manifest: out.join("manifest.csv"),
        capacity: out.join("capacity.csv"),
        holiday_notes: crate::holidays::notes(
            config.campaign.start,
            last_day(config),
            &config.campaign.holidays,
        ),
        ..PlanReport::default()
    };
    let tx = ledger.plan_run(if opts.replan { "plan --replan" } else { "plan" })?;
    let last_day = last_day(config);
    let running_on =
        Some(opts.today).filter(|&today| config.campaign.start <= today && today <= last_day);
    let mut recorded = record::record_people(config, inputs, out, &tx, running_on)?;
    report.totals = std::mem::take(&mut recorded.totals);
    let plan = Plan {
        config,
        tx: &tx,
        calendar: calendar(config)?,
        last_day,
        running_on,
        opts,
    };
    let mut booked = vec![0u32; plan.calendar.slots.len()];
    let mut settled = settle::settle_existing(&plan, &recorded, &mut booked, &mut report)?;
    place::place_the_rest(&plan, &recorded, &mut settled, &mut booked, &mut report)?;
    let calendar = plan.calendar;
    tx.commit()?;

    tally::tally(
        config,
        &calendar,
        &booked,
        &recorded,
        &settled.outcome,
        &mut report,
    );
    tally::write_capacity(&report.capacity, config, &calendar, &booked, &report.load)?;
    outcome::finish_manifest(
        &recorded.pending,
        &report.manifest,
        &settled.outcome,
        &settled.strings,
    )?;
    Ok(report)
}

/// Every session of the campaign, office by office: from `start` to `end` (and before election day),
/// on each office's days, without holidays where the office skips them.
pub(crate) fn calendar(config: &Config) -> Result<Calendar> {
    let holidays = crate::holidays::load(config)?;
    let office_days: Vec<OfficeDays> = config
        .offices
        .iter()
        .map(|o| OfficeDays {
            weekdays: o.weekdays.clone(),
            dates: o.dates.clone(),
            skip_holidays: o.skip_holidays,
            sessions: o
                .sessions
                .iter()
                .map(|s| (s.start, s.end, s.capacity))
                .collect(),
        })
        .collect();
    Ok(Calendar::build(
        &office_days,
        config.campaign.start,
        last_day(config),
        &holidays,
    ))
}

/// The last day an appointment may be given: `end`, and never on or after election day.
pub(crate) fn last_day(config: &Config) -> NaiveDate {
    config
        .campaign
        .end
        .min(config.campaign.election_date - Duration::days(1))
}

/// Why someone invited found no place: too young before the last day, or no capacity left.
fn overflow_reason(
    config: &Config,
    office: usize,
    earliest: NaiveDate,
    last_day: NaiveDate,
) -> String {
    let office = &config.offices[office];
    if earliest > last_day {
        t!(
            "reason-age-after-last-day",
            age = config.campaign.min_age,
            date = earliest.format("%d-%m-%Y").to_string(),
            last = last_day.format("%d-%m-%Y").to_string()
        )
    } else {
        t!(
            "reason-no-place",
            office = &office.id,
            from = earliest.format("%d-%m-%Y").to_string(),
            to = last_day.format("%d-%m-%Y").to_string()
        )
    }
}
