//! papila: invite every first-time voter of an Indonesian district to record their e-KTP.
//!
//! The pipeline mirrors the modules: `ingest` reads lists, `validate` turns rows into people,
//! `eligibility` decides who is invited, `pipeline` streams rows through them, `manifest` accounts for
//! every row. `cmd/` holds one file per subcommand; `run` is the one entry point of the binary.

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
pub mod region;
pub(crate) mod render;
pub(crate) mod report;
pub mod schedule;
pub(crate) mod serve;
pub(crate) mod text;
pub(crate) mod timings;
pub mod token;
pub(crate) mod validate;

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
            "error: papila stopped because of a bug in papila itself ({what}{at})\n\
             hint: nothing you did caused this; please send this message and the command you ran \
             to the papila maintainers"
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
/// and version, 1 (a user error, spec §4) for anything else.
pub fn exit_on_usage_error(e: clap::Error) -> ! {
    let _ = e.print();
    let code = if e.use_stderr() {
        EXIT_USER_ERROR
    } else {
        EXIT_OK
    };
    std::process::exit(code)
}
