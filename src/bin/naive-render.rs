//! `naive-render`: the baseline `bench/bench.py` measures papila's render against — what a
//! straightforward in-process program does: one Typst compile and one PDF per letter, one after
//! another on one thread, no batching. Not for users.

use std::path::PathBuf;

use clap::Parser;

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
    let (letters, seconds) = papila::naive_render(&args.config, args.limit, &args.out)?;
    println!(
        "{letters} letters in {seconds:.2} s: {:.0} letters/s",
        letters as f64 / seconds.max(1e-9)
    );
    Ok(())
}
