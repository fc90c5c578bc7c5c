//! `papila serve`: the web check-in stations and the district's live view (`serve`).

use crate::cli::ServeArgs;
use crate::error::{Error, Result};
use crate::serve::{Options, serve};

use super::Context;

pub(crate) fn run(args: &ServeArgs) -> Result<()> {
    let campaign = Context::load(&args.config, args.today)?;
    let day = super::checkin_day(&campaign, args.force)?;
    let explicit = campaign.today_given;
    serve(
        campaign.config,
        Options {
            listen: args.listen,
            tls: args.tls,
            today: explicit.then_some(day),
            time: start_time()?,
            out: campaign.out,
            new_codes: args.new_code.clone(),
        },
    )
}

/// `PAPILA_TIME=09:00`: the clock starts at that time of day and runs on (tests, rehearsals).
fn start_time() -> Result<Option<chrono::NaiveTime>> {
    match std::env::var("PAPILA_TIME") {
        Ok(text) => chrono::NaiveTime::parse_from_str(text.trim(), "%H:%M")
            .map(Some)
            .map_err(|_| Error::Blocked {
                message: t!("env-time", value = crate::text::cut(&text, 20).into_owned()),
                hint: t!("env-time-hint"),
            }),
        Err(_) => Ok(None),
    }
}
