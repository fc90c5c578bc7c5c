//! One file per subcommand; this one routes to them and holds what they share: loading the config,
//! choosing the output folder and the inputs.

pub(crate) mod check;
pub(crate) mod checkin;
mod init;
mod keygen;
mod plan;
mod render;
mod report;
mod rounds;
mod run;
mod send;
mod serve;
mod verify;

use std::path::PathBuf;

use crate::cli::{Cli, Command, ConfigArg, SendCommand};
use crate::config::Config;
use crate::error::{Error, Result};
use crate::ingest::InputSpec;

pub(crate) fn dispatch(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Init(args) => init::run(&args),
        Command::Check(args) => check::run(&args),
        Command::Checkin(args) => checkin::run(&args),
        Command::Keygen(args) => keygen::run(&args),
        Command::Plan(args) => plan::run(&args),
        Command::Render(args) => render::run(&args),
        Command::Report(args) => report::run(&args),
        Command::Run(args) => run::run(&args),
        Command::Send(SendCommand::Email(args)) => send::email(&args),
        Command::Send(SendCommand::Offices(args)) => send::offices(&args),
        Command::Rounds(args) => rounds::run(&args),
        Command::Serve(args) => serve::run(&args),
        Command::Verify(args) => verify::run(&args),
    }
}

/// A loaded campaign and where its output goes.
pub(crate) struct Campaign {
    pub(crate) config: Config,
    pub(crate) out: PathBuf,
}

impl Campaign {
    pub(crate) fn load(arg: &ConfigArg) -> Result<Campaign> {
        let config = Config::load(&arg.config)?;
        // `--out` is relative to the working directory; [output] dir to the config's folder.
        let out = arg.out.clone().unwrap_or_else(|| config.output.dir.clone());
        Ok(Campaign { config, out })
    }

    /// Inputs named on the command line replace `[input] files`.
    pub(crate) fn inputs(&self, cli_inputs: &[String]) -> Vec<InputSpec> {
        if cli_inputs.is_empty() {
            self.config.input.files.clone()
        } else {
            cli_inputs.iter().map(|a| InputSpec::from_cli(a)).collect()
        }
    }
}

/// The day a command works as of: `--today`, else the `PAPILA_TODAY` environment variable (for
/// tests and rehearsals), else `fallback` (the wall-clock date).
pub(crate) fn today(
    flag: Option<chrono::NaiveDate>,
    fallback: chrono::NaiveDate,
) -> Result<chrono::NaiveDate> {
    if let Some(day) = flag {
        return Ok(day);
    }
    match std::env::var("PAPILA_TODAY") {
        Ok(text) => {
            chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| Error::Blocked {
                message: t!(
                    "env-today",
                    value = crate::text::cut(&text, 20).into_owned()
                ),
                hint: t!("env-today-hint"),
            })
        }
        Err(_) => Ok(fallback),
    }
}

/// The day check-ins are recorded for (`checkin`, `serve`), and whether it was given (`--today` or
/// PAPILA_TODAY) rather than read off the clock. Outside the campaign's dates it must be given: a
/// scan on a training day must not count.
pub(crate) fn checkin_day(
    flag: Option<chrono::NaiveDate>,
    config: &Config,
) -> Result<(chrono::NaiveDate, bool)> {
    let day = today(flag, config.campaign.timezone.now().date())?;
    let c = &config.campaign;
    let explicit = flag.is_some() || std::env::var_os("PAPILA_TODAY").is_some();
    if !explicit && (day < c.start || day > c.end) {
        return Err(Error::Blocked {
            message: t!(
                "checkin-day-outside",
                day = day,
                start = c.start,
                end = c.end
            ),
            hint: t!("checkin-day-outside-hint"),
        });
    }
    Ok((day, explicit))
}
