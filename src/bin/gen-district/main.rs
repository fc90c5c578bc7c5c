//! `gen-district`: writes a synthetic campaign of N invented people over real village codes, for the
//! sample campaign, tests and benchmarks. Deterministic for a seed.

use std::path::PathBuf;

use clap::Parser;
use papila::region::{KabupatenCode, KecamatanCode};
mod synth;

use synth::{DistrictSpec, write_district};

#[derive(Parser)]
#[command(about = "Write a synthetic papila campaign (invented people, real village codes)")]
struct Args {
    /// Folder to write papila.toml, keys/ and people/ into
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// How many people
    #[arg(long, default_value_t = 1000)]
    people: u64,
    /// Seed: the same seed gives the same district
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Kabupaten/kota code
    #[arg(long, default_value = "33.01")]
    kabupaten: String,
    /// Only these kecamatan numbers (e.g. 02,03,09); all when absent
    #[arg(long, value_delimiter = ',')]
    kecamatan: Vec<u8>,
    /// Add about 1% damaged rows of every kind papila must catch
    #[arg(long)]
    messy: bool,
    /// Start NIK serials after this (newcomers for an existing district: e.g. 5000)
    #[arg(long, default_value_t = 0)]
    serial_from: u16,
    /// Schools with a team's visit each (a school-heavy district): their students come from
    /// Dapodik-style lists under sekolah/ as well as from SIAK's
    #[arg(long, default_value_t = 0)]
    schools: usize,
    /// The share of the people who are students of those schools
    #[arg(long, default_value_t = 0.5)]
    students: f64,
}

fn main() {
    let args = Args::parse();
    let Some(kabupaten) = KabupatenCode::parse(&args.kabupaten) else {
        eprintln!(
            "error: \"{}\" is not a kabupaten code like 33.01",
            args.kabupaten
        );
        std::process::exit(1);
    };
    let spec = DistrictSpec {
        people: args.people,
        seed: args.seed,
        kabupaten,
        kecamatan: args
            .kecamatan
            .iter()
            .map(|&n| KecamatanCode::from_parts(kabupaten, n))
            .collect(),
        messy: args.messy,
        serial_from: args.serial_from,
        schools: args.schools,
        students: args.students,
    };
    if let Err(e) = write_district(&args.out, &spec) {
        eprintln!("{}", papila::error::Report(&e));
        std::process::exit(1);
    }
}
