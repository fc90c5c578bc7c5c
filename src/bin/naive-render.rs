//! `naive-render`: the baseline `bench/bench.py` measures papila's render against — what a
//! straightforward in-process program does: one Typst compile and one PDF per letter, one after
//! another on one thread, no batching. Not for users.

use std::path::PathBuf;
use std::time::Instant;

use clap::Parser;
use papila::config::Config;
use papila::render::{INVITED_COLUMNS, Studio, planned_ledger, read_invited};

#[derive(Parser)]
#[command(about = "Render letters one document at a time, on one thread (benchmark baseline)")]
struct Args {
    /// The campaign file
    #[arg(short = 'c', long = "config", default_value = "papila.toml")]
    config: PathBuf,
    /// Letters to make (the first in letter-number order)
    #[arg(long, default_value_t = 1000)]
    limit: usize,
    /// Where the PDFs go
    #[arg(long, default_value = "out/naive")]
    out: PathBuf,
}

fn main() {
    let args = Args::parse();
    if let Err(e) = run(&args) {
        eprintln!("{}", papila::error::Report(&e));
        std::process::exit(1);
    }
}

fn run(args: &Args) -> papila::Result<()> {
    let config = Config::load(&args.config)?;
    let studio = Studio::new(&config, 1)?;
    let ledger = planned_ledger(&config)?;
    std::fs::create_dir_all(&args.out).map_err(|e| papila::Error::io("create", &args.out, e))?;
    let mut stmt = ledger
        .conn
        .prepare(&format!(
            "SELECT {INVITED_COLUMNS} FROM invitation i JOIN person p ON p.nik = i.nik
             WHERE i.state = 'planned' ORDER BY i.seq LIMIT ?1"
        ))
        .map_err(|e| papila::ledger::sql(&ledger.path, e))?;
    let mut rows = stmt
        .query([args.limit as i64])
        .map_err(|e| papila::ledger::sql(&ledger.path, e))?;
    let started = Instant::now();
    let mut letters = 0;
    while let Some(row) = rows
        .next()
        .map_err(|e| papila::ledger::sql(&ledger.path, e))?
    {
        let (invited, _) = read_invited(&ledger.path, row)?;
        let pdf = studio.letter_pdf(&config, &invited)?;
        let path = args.out.join(format!("{}.pdf", invited.invitation_id));
        std::fs::write(&path, &pdf.bytes).map_err(|e| papila::Error::io("write", &path, e))?;
        letters += 1;
    }
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "{letters} letters in {seconds:.2} s: {:.0} letters/s",
        letters as f64 / seconds.max(1e-9)
    );
    Ok(())
}
