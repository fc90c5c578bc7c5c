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

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

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

/// What a command works with, worked out once before it starts (as ripgrep's `HiArgs` is from
/// its flags) and passed down: the campaign, where its output goes, the day it works as of, and
/// how many threads may typeset. The language is chosen here too, from `[campaign] lang` (unless
/// `--lang` or `PAPILA_LANG` chose first), before the config is read, so its mistakes are told in it.
pub(crate) struct Context {
    pub(crate) config: Config,
    pub(crate) out: PathBuf,
    /// `--today`, else `PAPILA_TODAY`, else the campaign's clock.
    pub(crate) today: NaiveDate,
    /// Whether `today` was given rather than read off the clock.
    pub(crate) today_given: bool,
    /// Render workers: `PAPILA_THREADS` (for an office PC that must stay usable meanwhile), else
    /// one per core.
    pub(crate) threads: usize,
}

impl Context {
    pub(crate) fn load(arg: &ConfigArg, today: Option<NaiveDate>) -> Result<Context> {
        Context::of(Context::config(&arg.config)?, arg.out.clone(), today)
    }

    /// The config at `path`, in the language it asks for.
    pub(crate) fn config(path: &Path) -> Result<Config> {
        if let Some(lang) = crate::config::campaign_lang(path) {
            crate::lang::campaign_default(lang);
        }
        Config::load(path)
    }

    /// The context of a loaded config; `out` from `--out` (relative to the working directory),
    /// else `[output] dir` (relative to the config's folder).
    pub(crate) fn of(
        config: Config,
        out: Option<PathBuf>,
        today: Option<NaiveDate>,
    ) -> Result<Context> {
        let out = out.unwrap_or_else(|| config.output.dir.clone());
        let given = today.is_some() || std::env::var_os("PAPILA_TODAY").is_some();
        let today = self::today(today, config.campaign.timezone.now().date())?;
        Ok(Context {
            config,
            out,
            today,
            today_given: given,
            threads: threads(),
        })
    }

    /// Inputs named on the command line replace `[input] files`.
    /// The schools' lists (`[[school]] files`) come after, so a student's SIAK row is read first.
    pub(crate) fn inputs(&self, cli_inputs: &[String]) -> Vec<InputSpec> {
        let mut inputs = if cli_inputs.is_empty() {
            self.config.input.files.clone()
        } else {
            cli_inputs.iter().map(|a| InputSpec::from_cli(a)).collect()
        };
        inputs.extend(
            self.config
                .schools
                .iter()
                .flat_map(|s| s.files.iter().cloned()),
        );
        inputs
    }
}

/// Render workers: `PAPILA_THREADS` when it is a positive number, else one per core.
fn threads() -> usize {
    std::env::var("PAPILA_THREADS")
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|&n| n > 0)
        .unwrap_or_else(|| {
            std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(1)
        })
}

/// The day a command works as of: `--today`, else the `PAPILA_TODAY` environment variable (for
/// tests and rehearsals), else `fallback` (the wall-clock date).
pub(crate) fn today(flag: Option<NaiveDate>, fallback: NaiveDate) -> Result<NaiveDate> {
    if let Some(day) = flag {
        return Ok(day);
    }
    match std::env::var("PAPILA_TODAY") {
        Ok(text) => {
            NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| Error::Blocked {
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

/// The secret new invitation ids are keyed with (`plan`, a walk-in): from the signing key when the
/// campaign has one (a ledger made anew gives the same ids), else the ledger's own.
pub(crate) fn id_secret(ctx: &Context, ledger: &crate::ledger::Ledger) -> Result<[u8; 32]> {
    match &ctx.config.signing {
        Some(_) => {
            let key = crate::keys::of_campaign(&ctx.config, t!("why-key-plan"))?;
            Ok(crate::ids::secret_of_signing_key(&key.to_bytes()))
        }
        None => ledger.id_secret(),
    }
}

/// The day check-ins are recorded for (`checkin`, `serve`). A day outside the campaign's dates is
/// refused unless `force`d: read off the clock it is a practice day, and given (`--today`,
/// PAPILA_TODAY) it is most likely mistyped (a year off) — a scan then must not count.
pub(crate) fn checkin_day(ctx: &Context, force: bool) -> Result<NaiveDate> {
    let c = &ctx.config.campaign;
    if !force && (ctx.today < c.start || ctx.today > c.end) {
        let (day, start, end) = (ctx.today, c.start, c.end);
        return Err(if ctx.today_given {
            Error::Blocked {
                message: t!(
                    "checkin-day-given-outside",
                    day = day,
                    start = start,
                    end = end
                ),
                hint: t!("checkin-day-given-outside-hint"),
            }
        } else {
            Error::Blocked {
                message: t!("checkin-day-outside", day = day, start = start, end = end),
                hint: t!("checkin-day-outside-hint"),
            }
        });
    }
    Ok(ctx.today)
}
