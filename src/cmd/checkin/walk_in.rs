//! `checkin --walk-in NIK`: someone eligible without an appointment, recorded at the district.

use super::{campaign, scanned_at};
use crate::cli::CheckinArgs;
use crate::error::{Error, Result};
use crate::text;

/// A walk-in at the district's station: someone eligible without an appointment (no place was
/// left for them) came; an appointment is made at their office's session of the day and they are
/// checked in, marked as a walk-in and counted apart in `report`.
pub(super) fn record(args: &CheckinArgs, nik: &str) -> Result<()> {
    let (ctx, ledger, _) = campaign(args)?;
    let config = &ctx.config;
    let day = crate::cmd::checkin_day(&ctx, args.force)?;
    let Ok((nik, _)) = crate::validate::Nik::read(nik.trim()) else {
        return Err(Error::Blocked {
            message: t!("walk-in-not-nik", value = text::cut(nik, 40).into_owned()),
            hint: t!("walk-in-not-nik-hint"),
        });
    };
    let nik = nik.to_string();
    let Some(village) = ledger.village_of_nik(&nik)? else {
        return Err(Error::Blocked {
            message: t!(
                "walk-in-unknown",
                nik = crate::validate::nik::masked_text(&nik)
            ),
            hint: t!("walk-in-unknown-hint"),
        });
    };
    let now = config.campaign.timezone.now().time();
    let Some((office, appointment)) =
        crate::checkin::walk_in_appointment(config, &village, day, now)
    else {
        return Err(Error::Blocked {
            message: t!(
                "walk-in-no-office",
                nik = crate::validate::nik::masked_text(&nik)
            ),
            hint: t!("walk-in-no-office-hint"),
        });
    };
    let secret = crate::cmd::id_secret(&ctx, &ledger)?;
    let run = ledger.begin_run("checkin --walk-in")?;
    let at = scanned_at(day, config.campaign.timezone.now());
    let station = if args.station.is_empty() {
        "district"
    } else {
        &args.station
    };
    let new_id = |taken: &dyn Fn(&str) -> bool| {
        crate::ids::assign(&secret, &config.campaign.id, &nik, taken)
    };
    match ledger.record_walk_in(&nik, &appointment, new_id, run, &at, station)? {
        crate::ledger::WalkIn::Recorded { id, name } => {
            println!(
                "{}",
                t!(
                    "walk-in-done",
                    id = id.as_str(),
                    name = name.as_str(),
                    office = office.name.as_str(),
                    session =
                        text::session(appointment.start, appointment.end, config.campaign.timezone)
                )
            );
            Ok(())
        }
        crate::ledger::WalkIn::Unknown => Err(Error::Blocked {
            message: t!(
                "walk-in-unknown",
                nik = crate::validate::nik::masked_text(&nik)
            ),
            hint: t!("walk-in-unknown-hint"),
        }),
        crate::ledger::WalkIn::NotEligible(status) => Err(Error::Blocked {
            message: t!("walk-in-not-eligible", status = status.as_str()),
            hint: t!("walk-in-not-eligible-hint"),
        }),
        crate::ledger::WalkIn::HasAppointment(id) => Err(Error::Blocked {
            message: t!("walk-in-has-appointment", id = id.as_str()),
            hint: t!("walk-in-has-appointment-hint", id = id.as_str()),
        }),
    }
}
