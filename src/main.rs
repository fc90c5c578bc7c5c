//! The `papila` binary: parse the command line and hand it to the library.

use clap::Parser;

fn main() {
    let cli = match papila::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => papila::exit_on_usage_error(e),
    };
    std::process::exit(papila::run(cli));
}
