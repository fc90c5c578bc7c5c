//! `bench-tokens`: the tokens of a planned campaign's letters as CSV (invitation_id, office_id,
//! token), signed as the letters are, for `bench/serve_load.py` to scan. Not for users.

use std::io::Write;
use std::path::PathBuf;

use clap::Parser;

#[derive(Parser)]
#[command(about = "Print the QR tokens of planned invitations as CSV (benchmark input)")]
struct Args {
    /// The campaign file
    #[arg(short = 'c', long = "config", default_value = "papila.toml")]
    config: PathBuf,
    /// How many (the first in letter-number order)
    #[arg(long, default_value_t = usize::MAX)]
    limit: usize,
}

fn main() {
    let args = Args::parse();
    match papila::bench_tokens(&args.config, args.limit) {
        Ok(tokens) => {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            let _ = writeln!(out, "invitation_id,office_id,token");
            for (id, office, token) in tokens {
                let _ = writeln!(out, "{id},{office},{token}");
            }
        }
        Err(e) => {
            eprintln!("{}", papila::error::Report(&e));
            std::process::exit(1);
        }
    }
}
