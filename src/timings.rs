//! Stage timings for the benchmark. With `PAPILA_TIMINGS=<file>` in the environment, each stage of
//! a command appends a `stage,seconds` line to that file, so `bench/bench.py` can split one
//! `papila run` into plan, render and messages. Staff never need it; without the variable nothing
//! is written.

use std::io::Write;
use std::time::Instant;

/// The variable naming the file.
pub(crate) const VAR: &str = "PAPILA_TIMINGS";

/// Appends `stage` and the seconds since `started`. A benchmark aid: a file that cannot be written
/// is reported once on stderr and the command goes on.
pub(crate) fn record(stage: &str, started: Instant) {
    let Some(path) = std::env::var_os(VAR) else {
        return;
    };
    let seconds = started.elapsed().as_secs_f64();
    let written = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .and_then(|mut f| writeln!(f, "{stage},{seconds:.3}"));
    if let Err(e) = written {
        eprintln!(
            "{}: {}",
            t!("warning-prefix"),
            t!(
                "timings-unwritable",
                path = std::path::Path::new(&path),
                problem = e.to_string()
            )
        );
    }
}
