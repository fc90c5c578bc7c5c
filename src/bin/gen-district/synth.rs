//! Synthetic districts for samples, tests and benchmarks: real Kemendagri village codes, invented
//! people (no real persons), deterministic for a seed, streamed to disk so any size fits in memory.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use chrono::{Datelike, Duration, NaiveDate};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use papila::error::{Error, Result};
use papila::region::{KabupatenCode, KecamatanCode, Regions, VillageCode};

const MALE: &[&str] = &[
    "AHMAD",
    "BAYU",
    "RIZKY",
    "DIMAS",
    "FAJAR",
    "ARIF",
    "BUDI",
    "EKO",
    "GILANG",
    "HENDRA",
    "IRFAN",
    "JOKO",
    "KURNIAWAN",
    "LUKMAN",
    "MUHAMMAD",
    "NANDA",
    "OKTA",
    "PRADANA",
    "RAHMAT",
    "SATRIA",
    "TEGUH",
    "WAHYU",
    "YOGA",
    "ZAINAL",
    "ADI",
    "BAGUS",
    "CAHYO",
    "DANANG",
    "ENDRO",
    "FIRMAN",
    "GALIH",
    "HARIS",
];
const FEMALE: &[&str] = &[
    "SITI", "DEWI", "AYU", "RINA", "PUTRI", "NUR", "INDAH", "LESTARI", "WULAN", "FITRI", "ANISA",
    "DINDA", "ELSA", "FARAH", "HANI", "INTAN", "KARTIKA", "LAILA", "MAYA", "NOVI", "OKTAVIA",
    "RATNA", "SARI", "TIARA", "UTAMI", "VINA", "YULI", "ZAHRA", "ANGGI", "BELLA", "CITRA", "DIAH",
];
const SECOND: &[&str] = &[
    "PRASETYO",
    "SAPUTRA",
    "NURHALIZA",
    "LESTARI",
    "RAMADHAN",
    "HIDAYAT",
    "SETIAWAN",
    "WIBOWO",
    "KURNIASIH",
    "PRATAMA",
    "SANTOSO",
    "WULANDARI",
    "FAUZI",
    "SUSANTI",
    "NUGROHO",
    "RAHAYU",
    "MAULANA",
    "PERMATASARI",
    "HARYANTO",
    "AMELIA",
    "SYAHPUTRA",
    "ANGGRAENI",
    "FIRMANSYAH",
    "PUSPITA",
    "SUBAGYO",
    "KUSUMA",
    "ARDIANSYAH",
    "NOVITASARI",
    "GUNAWAN",
    "MARYATI",
];
const STREETS: &[&str] = &[
    "JL. MERPATI",
    "JL. KENARI",
    "JL. PELATUK",
    "JL. GELATIK",
    "JL. RAYA",
    "JL. MASJID",
    "JL. PEMUDA",
    "JL. MELATI",
    "JL. MAWAR",
    "JL. KAMBOJA",
    "JL. SAWO",
    "JL. DURIAN",
];
const DUSUN: &[&str] = &[
    "KRAJAN",
    "KULON",
    "WETAN",
    "LOR",
    "KIDUL",
    "TENGAH",
    "SIDAMULYA",
    "KARANGSARI",
];

pub const HEADER: &str = "NIK;NO_KK;NAMA_LGKP;TMPT_LHR;TGL_LHR;JENIS_KLMIN;STAT_KWN;ALAMAT;NO_RT;NO_RW;DUSUN;KODE_DESA;NAMA_KEL;NAMA_KEC;NO_HP;EMAIL;STATUS_REKAM";

/// What to generate.
#[derive(Debug, Clone)]
pub struct DistrictSpec {
    pub people: u64,
    pub seed: u64,
    pub kabupaten: KabupatenCode,
    /// Only these kecamatan (all of the kabupaten when empty).
    pub kecamatan: Vec<KecamatanCode>,
    /// Add about 1% of damaged rows of every kind papila must catch.
    pub messy: bool,
}

/// Writes `papila.toml`, `keys/papila.key` and one SIAK-style CSV per kecamatan under `people/`.
pub fn write_district(dir: &Path, spec: &DistrictSpec) -> Result<()> {
    let regions = Regions::get();
    let mut kecamatan: Vec<KecamatanCode> = if spec.kecamatan.is_empty() {
        (1..=99u8)
            .map(|n| KecamatanCode::from_parts(spec.kabupaten, n))
            .filter(|k| regions.kecamatan_name(*k).is_some())
            .collect()
    } else {
        spec.kecamatan.clone()
    };
    kecamatan.sort();
    let villages: Vec<Vec<VillageCode>> = kecamatan
        .iter()
        .map(|k| {
            (1000..=2999u16)
                .map(|n| VillageCode::from_parts(*k, n))
                .filter(|v| regions.village_name(*v).is_some())
                .collect()
        })
        .collect();

    let people = dir.join("people");
    std::fs::create_dir_all(&people).map_err(|e| Error::io("create the folder", &people, e))?;
    write_config(dir, spec, &kecamatan, &villages)?;
    let key = dir.join("keys").join("papila.key");
    if !key.exists() {
        papila::keys::generate(&key)?;
    }

    let mut files = Vec::new();
    for k in &kecamatan {
        let name = regions.kecamatan_name(*k).unwrap_or("kecamatan");
        let path = dir
            .join("people")
            .join(format!("{}-{}.csv", code_tail(*k), slug(name)));
        let f = File::create(&path).map_err(|e| Error::io("create", &path, e))?;
        let mut w = BufWriter::new(f);
        writeln!(w, "{HEADER}").map_err(|e| Error::io("write", &path, e))?;
        files.push((path, w));
    }

    let mut rng = ChaCha8Rng::seed_from_u64(spec.seed);
    let mut serials: HashMap<(usize, NaiveDate, bool), u16> = HashMap::new();
    let first_birth = NaiveDate::from_ymd_opt(2005, 6, 1).expect("valid date");
    let birth_span =
        (NaiveDate::from_ymd_opt(2008, 3, 31).expect("valid date") - first_birth).num_days();
    let mut household: Option<Household> = None;
    let mut previous_nik = String::new();
    let mut kk_counter: u64 = 0;

    for i in 0..spec.people {
        // Siblings (and now and then twins) follow each other in the list, as in a KK-ordered export.
        let (ki, village, kk, street, rt, rw, dusun, twin_birth) = match household.take() {
            Some(h) if rng.random_bool(0.5) => (
                h.ki,
                h.village,
                h.kk.clone(),
                h.street.clone(),
                h.rt,
                h.rw,
                h.dusun,
                h.twin_birth,
            ),
            _ => {
                let ki = rng.random_range(0..kecamatan.len());
                let vs = &villages[ki];
                let village = vs[rng.random_range(0..vs.len())];
                kk_counter += 1;
                let kk = format!(
                    "{}{:010}",
                    &village.to_string().replace('.', "")[..6],
                    kk_counter % 10_000_000_000
                );
                let street = format!(
                    "{} NO. {}",
                    STREETS[rng.random_range(0..STREETS.len())],
                    rng.random_range(1..120)
                );
                (
                    ki,
                    village,
                    kk,
                    street,
                    rng.random_range(1..15u32),
                    rng.random_range(1..8u32),
                    rng.random_range(0..DUSUN.len()),
                    None,
                )
            }
        };
        let female = rng.random_bool(0.5);
        let birth = match twin_birth {
            Some(b) if rng.random_bool(0.3) => b,
            _ => first_birth + Duration::days(rng.random_range(0..=birth_span)),
        };
        if rng.random_bool(0.10) {
            household = Some(Household {
                ki,
                village,
                kk: kk.clone(),
                street: street.clone(),
                rt,
                rw,
                dusun,
                twin_birth: Some(birth),
            });
        }
        let serial = serials.entry((ki, birth, female)).or_insert(0);
        *serial += 1;
        let day = birth.day() + if female { 40 } else { 0 };
        let mut nik = format!(
            "{}{:02}{:02}{:02}{:04}",
            &village.kecamatan().to_string().replace('.', ""),
            day,
            birth.month(),
            birth.year() % 100,
            serial
        );
        let first = if female { FEMALE } else { MALE };
        let mut name = format!(
            "{} {}",
            first[rng.random_range(0..first.len())],
            SECOND[rng.random_range(0..SECOND.len())]
        );
        let mut birth_text = birth.format("%d-%m-%Y").to_string();
        let married = if rng.random_bool(0.01) {
            "KAWIN"
        } else {
            "BELUM KAWIN"
        };
        let status = match rng.random_range(0..100) {
            0..=84 => "BELUM REKAM",
            85..=94 => "SUDAH REKAM",
            95..=97 => "PRINT READY RECORD",
            _ => "CARD PRINTED",
        };
        let phone = match rng.random_range(0..10) {
            0..=3 => format!(
                "08{}-{:04}-{:04}",
                rng.random_range(11..=59),
                rng.random_range(0..10_000),
                rng.random_range(0..10_000)
            ),
            4..=5 => format!(
                "+62 8{} {:04} {:04}",
                rng.random_range(11..=59),
                rng.random_range(0..10_000),
                rng.random_range(0..10_000)
            ),
            6 => format!(
                "628{}{:08}",
                rng.random_range(11..=59),
                rng.random_range(0..100_000_000)
            ),
            _ => String::new(),
        };
        let email = if rng.random_bool(0.3) {
            format!(
                "{}.{}@example.com",
                name.split(' ').next().unwrap_or("x").to_lowercase(),
                i
            )
        } else {
            String::new()
        };
        let mut village_code = village.to_string();
        let mut kec_name = regions
            .kecamatan_name(village.kecamatan())
            .unwrap_or("")
            .to_uppercase();
        if spec.messy && rng.random_bool(0.01) {
            match rng.random_range(0..7) {
                0 => nik = format!("{}.{}E+15", &nik[..1], &nik[1..6]),
                1 => nik.truncate(15),
                2 => nik.replace_range(12.., "0000"),
                3 => birth_text = "31-02-2007".into(),
                4 if !previous_nik.is_empty() => nik = previous_nik.clone(),
                5 => {
                    village_code.clear();
                    kec_name.clear();
                }
                _ => name.clear(),
            }
        }
        let village_name = regions.village_name(village).unwrap_or("").to_uppercase();
        let (path, w) = &mut files[ki];
        writeln!(
            w,
            "{nik};{kk};{name};CILACAP;{birth_text};{};{married};{street};{rt:03};{rw:03};{};{village_code};{village_name};{kec_name};{phone};{email};{status}",
            if female { "PEREMPUAN" } else { "LAKI-LAKI" },
            DUSUN[dusun],
        )
        .map_err(|e| Error::io("write", path.as_path(), e))?;
        previous_nik = nik;
    }
    for (path, mut w) in files {
        w.flush().map_err(|e| Error::io("write", &path, e))?;
    }
    Ok(())
}

struct Household {
    ki: usize,
    village: VillageCode,
    kk: String,
    street: String,
    rt: u32,
    rw: u32,
    dusun: usize,
    twin_birth: Option<NaiveDate>,
}

fn code_tail(k: KecamatanCode) -> String {
    k.to_string().rsplit('.').next().unwrap_or("00").to_string()
}

fn slug(name: &str) -> String {
    name.to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect()
}

fn write_config(
    dir: &Path,
    spec: &DistrictSpec,
    kecamatan: &[KecamatanCode],
    villages: &[Vec<VillageCode>],
) -> Result<()> {
    let regions = Regions::get();
    let kab_name = regions
        .kabupaten_name(spec.kabupaten)
        .unwrap_or("Kabupaten");
    let short = kab_name
        .trim_start_matches("Kabupaten ")
        .trim_start_matches("Kota ");
    let mut s = format!(
        r#"# A synthetic campaign: real Kemendagri village codes, invented people.
[campaign]
id = "pilkada-2024-{slug}"
title = "Perekaman KTP-el Pemilih Pemula Pilkada 2024"
election_date = 2024-11-27
start = 2024-07-01
end = 2024-10-31
min_age = 16
timezone = "WIB"
holidays = []
region = "{kab}"

[issuer]
government = "Pemerintah {kab_name}"
agency = "Dinas Kependudukan dan Pencatatan Sipil"
address = "Jl. Kalimantan No. 1, {short}"
city = "{short}"
signatory = "Nama Kepala Dinas"
signatory_title = "Kepala Dinas"
signatory_id = "NIP 19700101 199001 1 001"
letter_number = "400.8/{{seq}}/Disdukcapil/2024"

[input]
files = ["people/"]
"#,
        slug = slug(short),
        kab = spec.kabupaten,
    );
    for (k, vs) in kecamatan.iter().zip(villages) {
        let name = regions.kecamatan_name(*k).unwrap_or("?");
        let list: Vec<String> = vs.iter().map(|v| format!("\"{v}\"")).collect();
        s.push_str(&format!(
            r#"
[[office]]
id = "{id}"
name = "Kantor Kecamatan {name}"
address = "Jl. Raya {name}"
villages = [{list}]
weekdays = ["mon", "tue", "wed", "thu", "fri"]
skip_holidays = true
sessions = [{{ start = "08:00", end = "12:00", capacity = 60 }}, {{ start = "13:00", end = "15:00", capacity = 40 }}]
"#,
            id = slug(name),
            list = list.join(", "),
        ));
    }
    s.push_str("\n[output]\ndir = \"out\"\nletters = false\npaper = \"a4\"\n\n[signing]\nkey = \"keys/papila.key\"\n");
    let path = dir.join("papila.toml");
    std::fs::write(&path, s).map_err(|e| Error::io("write", &path, e))
}
