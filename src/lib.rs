//! papila: invite every first-time voter of an Indonesian district to record their e-KTP.
//!
//! The pipeline mirrors the modules: `ingest` reads lists, `validate` turns rows into people,
//! `eligibility` decides who is invited, `pipeline` streams rows through them, `manifest` accounts for
//! every row. `cmd/` holds one file per subcommand; `run` is the one entry point of the binary.
//!
//! The public surface is what the binaries, the integration tests and the fuzz targets use; every
//! other item is `pub(crate)`, which `unreachable_pub` keeps so.

#![warn(unreachable_pub)]

#[macro_use]
pub mod lang;
pub mod appointment;
mod bench;
pub(crate) mod checkin;
pub mod cli;
pub(crate) mod cmd;
pub mod config;
pub(crate) mod dispatch;
pub mod eligibility;
pub mod error;
#[doc(hidden)]
pub mod fuzzing;
pub(crate) mod holidays;
pub(crate) mod ids;
pub mod ingest;
pub mod keys;
pub(crate) mod ledger;
pub(crate) mod manifest;
pub(crate) mod memory;
pub(crate) mod output;
pub mod pipeline;
pub(crate) mod plan;
pub(crate) mod progress;
pub(crate) mod reason;
pub mod region;
pub(crate) mod render;
pub(crate) mod report;
pub(crate) mod round;
pub mod schedule;
pub(crate) mod serve;
pub(crate) mod text;
pub(crate) mod timings;
pub mod token;
pub(crate) mod validate;
pub(crate) mod voidlist;

pub use bench::{naive_render, tokens as bench_tokens};
pub use render::LETTERS_PER_PART;

use std::io::Write;

pub use error::{Error, Result};

/// Exit status: the command did its job (rows may still have been rejected, and are reported).
pub const EXIT_OK: i32 = 0;
/// Exit status: the user must fix something (config, file, template) named in the message.
pub const EXIT_USER_ERROR: i32 = 1;
/// Exit status: papila itself failed.
pub const EXIT_BUG: i32 = 2;

/// Runs one command and returns the process exit status. Never lets a panic or a debug dump reach
/// the user: a panic becomes a short bug report and exit status 2.
pub fn run(cli: cli::Cli) -> i32 {
    std::panic::set_hook(Box::new(|info| {
        let at = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let what = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let _ = writeln!(
            std::io::stderr(),
            "{}: {}\n{}: {}",
            t!("error-prefix"),
            t!("bug", what = what, at = at),
            t!("hint-prefix"),
            t!("bug-hint")
        );
    }));
    match std::panic::catch_unwind(|| cmd::dispatch(cli)) {
        Ok(Ok(())) => EXIT_OK,
        Ok(Err(e)) => {
            let _ = writeln!(std::io::stderr(), "{}", error::Report(&e));
            e.code()
        }
        Err(_) => EXIT_BUG,
    }
}

/// Prints clap's message for `--help`, `--version` or a mistyped command line, and exits: 0 for help
/// and version, 1 (a user error, spec §4) for anything else. A mistyped line is said in papila's
/// language where its kind is one staff meet; anything rarer keeps clap's own words.
pub fn exit_on_usage_error(e: clap::Error) -> ! {
    if !e.use_stderr() {
        let _ = e.print();
        std::process::exit(EXIT_OK)
    }
    match usage_message(&e) {
        Some((message, usage)) => {
            let _ = writeln!(
                std::io::stderr(),
                "{}: {message}\n{}: {}",
                t!("error-prefix"),
                t!("hint-prefix"),
                t!("cli-error-hint", usage = usage)
            );
        }
        None => {
            let _ = e.print();
        }
    }
    std::process::exit(EXIT_USER_ERROR)
}

/// What went wrong on the command line, and the command whose help to show.
fn usage_message(e: &clap::Error) -> Option<(String, String)> {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let context = |kind| match e.get(kind) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        Some(ContextValue::Strings(v)) => Some(v.join(", ")),
        Some(ContextValue::StyledStr(s)) => Some(s.to_string()),
        _ => None,
    };
    // What the user typed, cut to a readable length.
    let cut = |s: String| text::cut(&s, 40).into_owned();
    let arg = cut(context(ContextKind::InvalidArg).unwrap_or_default());
    let value = cut(context(ContextKind::InvalidValue).unwrap_or_default());
    let message = match e.kind() {
        ErrorKind::UnknownArgument => t!("cli-error-unknown-argument", arg = arg),
        ErrorKind::InvalidSubcommand => t!(
            "cli-error-unknown-command",
            arg = cut(context(ContextKind::InvalidSubcommand)?)
        ),
        ErrorKind::InvalidValue => t!("cli-error-invalid-value", arg = arg, value = value),
        ErrorKind::ValueValidation => std::error::Error::source(e).map(|s| s.to_string())?,
        ErrorKind::MissingRequiredArgument => t!("cli-error-missing", arg = arg),
        ErrorKind::ArgumentConflict => t!(
            "cli-error-conflict",
            arg = arg,
            other = context(ContextKind::PriorArg).unwrap_or_default()
        ),
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            t!("cli-error-missing-command")
        }
        ErrorKind::TooManyValues => t!("cli-error-too-many", value = value),
        _ => return None,
    };
    // clap's usage line is "Usage: papila check [OPTIONS] …": the words before the first bracket.
    let usage = context(ContextKind::Usage)
        .map(|u| {
            u.split_whitespace()
                .skip(1)
                .take_while(|w| !w.starts_with(['[', '<', '-']))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .filter(|u| !u.is_empty())
        .unwrap_or_else(|| "papila".into());
    Some((message, usage))
}
