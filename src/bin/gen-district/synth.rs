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
    /// NIK serials start after this: people of another seed with a higher start are newcomers to
    /// a district, never the same NIKs.
    pub serial_from: u16,
    /// Schools, each with a list of its students under `sekolah/` and a team's visit.
    pub schools: usize,
    /// The share of the people who are students of those schools.
    pub students: f64,
}

/// Students per class (rombel) in a generated school.
const CLASS_SIZE: usize = 36;
/// Schools a team visits, one a day.
const SCHOOLS_PER_TEAM: usize = 10;

/// Writes `papila.toml`, `keys/papila.key` and one SIAK-style CSV per kecamatan under `people/`.
pub fn write_district(dir: &Path, spec: &DistrictSpec) -> Result<()> {
    let (kecamatan, villages) = places(spec);
    let people = dir.join("people");
    std::fs::create_dir_all(&people).map_err(|e| Error::io("create the folder", &people, e))?;
    write_config(dir, spec, &kecamatan, &villages)?;
    let key = dir.join("keys").join("papila.key");
    if !key.exists() {
        papila::keys::generate(&key)?;
    }
    let mut files = open_lists(&people, &kecamatan)?;
    let mut schools = Schools::open(dir, spec)?;
    let mut people = People::new(spec, &villages);
    for i in 0..spec.people {
        let row = people.next_row(i);
        let (path, w) = &mut files[row.kecamatan];
        writeln!(w, "{}", row.line).map_err(|e| Error::io("write", path.as_path(), e))?;
        schools.offer(&row.line)?;
    }
    for (path, mut w) in files {
        w.flush().map_err(|e| Error::io("write", &path, e))?;
    }
    schools.finish(dir)
}

/// The schools of a school-heavy district: a share of the people, drawn by a generator of its own
/// (so a district without schools is the same as before), each also in a school's plain CSV list
/// (`NISN;NIK;NAMA;TGL_LHR;KELAS`), in classes of `CLASS_SIZE`.
struct Schools {
    rng: ChaCha8Rng,
    share: f64,
    lists: Vec<(std::path::PathBuf, BufWriter<File>, usize)>,
}

impl Schools {
    fn open(dir: &Path, spec: &DistrictSpec) -> Result<Schools> {
        let mut lists = Vec::new();
        if spec.schools > 0 {
            let folder = dir.join("sekolah");
            std::fs::create_dir_all(&folder)
                .map_err(|e| Error::io("create the folder", &folder, e))?;
            for s in 0..spec.schools {
                let path = folder.join(format!("{}.csv", npsn(s)));
                let f = File::create(&path).map_err(|e| Error::io("create", &path, e))?;
                let mut w = BufWriter::new(f);
                writeln!(w, "NISN;NIK;NAMA;TGL_LHR;KELAS")
                    .map_err(|e| Error::io("write", &path, e))?;
                lists.push((path, w, 0));
            }
        }
        Ok(Schools {
            rng: ChaCha8Rng::seed_from_u64(spec.seed ^ 0x005c_4001),
            share: spec.students.clamp(0.0, 1.0),
            lists,
        })
    }

    /// A SIAK row, made a student's of some school with the district's share.
    fn offer(&mut self, line: &str) -> Result<()> {
        if self.lists.is_empty() || !self.rng.random_bool(self.share) {
            return Ok(());
        }
        let s = self.rng.random_range(0..self.lists.len());
        let f: Vec<&str> = line.split(';').collect();
        let (path, w, n) = &mut self.lists[s];
        let class = format!("XII-{}", *n / CLASS_SIZE + 1);
        writeln!(
            w,
            "{:010};{};{};{};{class}",
            70_000_000 + *n,
            f[0],
            f[2],
            f[4]
        )
        .map_err(|e| Error::io("write", path.as_path(), e))?;
        *n += 1;
        Ok(())
    }

    /// Flushes the lists and adds each school, its team and its visit to `papila.toml`: a team
    /// visits one school a day, on working days from the campaign's second week, in two sessions
    /// that hold all of it with room to spare.
    fn finish(self, dir: &Path) -> Result<()> {
        if self.lists.is_empty() {
            return Ok(());
        }
        let mut toml = String::new();
        let teams = self.lists.len().div_ceil(SCHOOLS_PER_TEAM);
        for t in 0..teams {
            toml.push_str(&format!(
                "\n[[team]]\nid = \"tim-{}\"\nname = \"Tim Jemput Bola {}\"\n",
                t + 1,
                t + 1
            ));
        }
        let mut day = NaiveDate::from_ymd_opt(2024, 7, 8).expect("valid date");
        for (s, (path, mut w, students)) in self.lists.into_iter().enumerate() {
            w.flush().map_err(|e| Error::io("write", &path, e))?;
            let team = s % teams;
            if s > 0 && team == 0 {
                day = next_working_day(day);
            }
            let half = (students / 2 + CLASS_SIZE).max(CLASS_SIZE) as u64;
            toml.push_str(&format!(
                "\n[[school]]\nnpsn = \"{npsn}\"\nname = \"SMA Contoh {n}\"\naddress = \"Jl. Pendidikan No. {n}\"\nfiles = [\"sekolah/{npsn}.csv\"]\n\n[[visit]]\nid = \"sma-{n}\"\nteam = \"tim-{t}\"\ndate = {day}\nschool = \"{npsn}\"\nplace = \"Aula SMA Contoh {n}\"\nsessions = [{{ start = \"08:00\", end = \"11:00\", capacity = {half} }}, {{ start = \"11:00\", end = \"14:00\", capacity = {half} }}]\n",
                npsn = npsn(s),
                n = s + 1,
                t = team + 1,
            ));
        }
        let path = dir.join("papila.toml");
        let mut config = std::fs::read_to_string(&path).map_err(|e| Error::io("read", &path, e))?;
        config.push_str(&toml);
        std::fs::write(&path, config).map_err(|e| Error::io("write", &path, e))
    }
}

/// A school's NPSN: 8 digits.
fn npsn(s: usize) -> String {
    format!("{:08}", 20_300_000 + s)
}

fn next_working_day(day: NaiveDate) -> NaiveDate {
    let mut next = day + Duration::days(1);
    while matches!(next.weekday(), chrono::Weekday::Sat | chrono::Weekday::Sun) {
        next += Duration::days(1);
    }
    next
}

/// The kecamatan of the district (or those asked for), and the villages of each.
fn places(spec: &DistrictSpec) -> (Vec<KecamatanCode>, Vec<Vec<VillageCode>>) {
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
    let villages = kecamatan
        .iter()
        .map(|k| {
            (1000..=2999u16)
                .map(|n| VillageCode::from_parts(*k, n))
                .filter(|v| regions.village_name(*v).is_some())
                .collect()
        })
        .collect();
    (kecamatan, villages)
}

type List = (std::path::PathBuf, BufWriter<File>);

/// One list per kecamatan, with its header written.
fn open_lists(people: &Path, kecamatan: &[KecamatanCode]) -> Result<Vec<List>> {
    let regions = Regions::get();
    let mut files = Vec::new();
    for k in kecamatan {
        let name = regions.kecamatan_name(*k).unwrap_or("kecamatan");
        let path = people.join(format!("{}-{}.csv", code_tail(*k), slug(name)));
        let f = File::create(&path).map_err(|e| Error::io("create", &path, e))?;
        let mut w = BufWriter::new(f);
        writeln!(w, "{HEADER}").map_err(|e| Error::io("write", &path, e))?;
        files.push((path, w));
    }
    Ok(files)
}

/// A row of a list: the kecamatan whose file it goes to, and the line.
struct Row {
    kecamatan: usize,
    line: String,
}

/// Invented people, drawn from one seeded generator: the same seed gives the same district.
struct People<'a> {
    spec: &'a DistrictSpec,
    villages: &'a [Vec<VillageCode>],
    rng: ChaCha8Rng,
    serials: HashMap<(usize, NaiveDate, bool), u16>,
    first_birth: NaiveDate,
    birth_span: i64,
    /// The household of the last person, whose sibling may come next.
    household: Option<Household>,
    previous_nik: String,
    kk_counter: u64,
}

impl<'a> People<'a> {
    fn new(spec: &'a DistrictSpec, villages: &'a [Vec<VillageCode>]) -> People<'a> {
        let first_birth = NaiveDate::from_ymd_opt(2005, 6, 1).expect("valid date");
        People {
            spec,
            villages,
            rng: ChaCha8Rng::seed_from_u64(spec.seed),
            serials: HashMap::new(),
            first_birth,
            birth_span: (NaiveDate::from_ymd_opt(2008, 3, 31).expect("valid date") - first_birth)
                .num_days(),
            household: None,
            previous_nik: String::new(),
            kk_counter: 0,
        }
    }

    /// Person `i`: a home, a birth, a NIK, a name and the rest, drawn in this order.
    fn next_row(&mut self, i: u64) -> Row {
        let home = self.home();
        let female = self.rng.random_bool(0.5);
        let birth = match home.twin_birth {
            Some(b) if self.rng.random_bool(0.3) => b,
            _ => self.first_birth + Duration::days(self.rng.random_range(0..=self.birth_span)),
        };
        if self.rng.random_bool(0.10) {
            self.household = Some(Household {
                twin_birth: Some(birth),
                ..home.clone()
            });
        }
        let mut nik = self.nik(&home, birth, female);
        let first = if female { FEMALE } else { MALE };
        let mut name = format!(
            "{} {}",
            first[self.rng.random_range(0..first.len())],
            SECOND[self.rng.random_range(0..SECOND.len())]
        );
        let mut birth_text = birth.format("%d-%m-%Y").to_string();
        let married = if self.rng.random_bool(0.01) {
            "KAWIN"
        } else {
            "BELUM KAWIN"
        };
        let status = match self.rng.random_range(0..100) {
            0..=84 => "BELUM REKAM",
            85..=94 => "SUDAH REKAM",
            95..=97 => "PRINT READY RECORD",
            _ => "CARD PRINTED",
        };
        let phone = self.phone();
        let email = if self.rng.random_bool(0.3) {
            format!(
                "{}.{}@example.com",
                name.split(' ').next().unwrap_or("x").to_lowercase(),
                i
            )
        } else {
            String::new()
        };
        let regions = Regions::get();
        let village = home.village;
        let mut village_code = village.to_string();
        let mut kec_name = regions
            .kecamatan_name(village.kecamatan())
            .unwrap_or("")
            .to_uppercase();
        if self.spec.messy && self.rng.random_bool(0.01) {
            match self.rng.random_range(0..7) {
                0 => nik = format!("{}.{}E+15", &nik[..1], &nik[1..6]),
                1 => nik.truncate(15),
                2 => nik.replace_range(12.., "0000"),
                3 => birth_text = "31-02-2007".into(),
                4 if !self.previous_nik.is_empty() => nik = self.previous_nik.clone(),
                5 => {
                    village_code.clear();
                    kec_name.clear();
                }
                _ => name.clear(),
            }
        }
        let village_name = regions.village_name(village).unwrap_or("").to_uppercase();
        let line = format!(
            "{nik};{kk};{name};CILACAP;{birth_text};{};{married};{street};{rt:03};{rw:03};{};{village_code};{village_name};{kec_name};{phone};{email};{status}",
            if female { "PEREMPUAN" } else { "LAKI-LAKI" },
            DUSUN[home.dusun],
            kk = home.kk,
            street = home.street,
            rt = home.rt,
            rw = home.rw,
        );
        self.previous_nik = nik;
        Row {
            kecamatan: home.ki,
            line,
        }
    }

    /// Siblings (and now and then twins) follow each other in the list, as in a KK-ordered
    /// export; else a new household somewhere in the district.
    fn home(&mut self) -> Household {
        match self.household.take() {
            Some(h) if self.rng.random_bool(0.5) => h,
            _ => {
                let rng = &mut self.rng;
                let ki = rng.random_range(0..self.villages.len());
                let vs = &self.villages[ki];
                let village = vs[rng.random_range(0..vs.len())];
                self.kk_counter += 1;
                let kk = format!(
                    "{}{:010}",
                    &village.to_string().replace('.', "")[..6],
                    self.kk_counter % 10_000_000_000
                );
                let street = format!(
                    "{} NO. {}",
                    STREETS[rng.random_range(0..STREETS.len())],
                    rng.random_range(1..120)
                );
                Household {
                    ki,
                    village,
                    kk,
                    street,
                    rt: rng.random_range(1..15u32),
                    rw: rng.random_range(1..8u32),
                    dusun: rng.random_range(0..DUSUN.len()),
                    twin_birth: None,
                }
            }
        }
    }

    /// A NIK of the person's kecamatan, birth date (day + 40 for women) and a serial.
    fn nik(&mut self, home: &Household, birth: NaiveDate, female: bool) -> String {
        let serial = self
            .serials
            .entry((home.ki, birth, female))
            .or_insert(self.spec.serial_from);
        *serial += 1;
        let day = birth.day() + if female { 40 } else { 0 };
        format!(
            "{}{:02}{:02}{:02}{:04}",
            &home.village.kecamatan().to_string().replace('.', ""),
            day,
            birth.month(),
            birth.year() % 100,
            serial
        )
    }

    /// A phone number in one of the ways people write them, or none.
    fn phone(&mut self) -> String {
        let rng = &mut self.rng;
        match rng.random_range(0..10) {
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
        }
    }
}

#[derive(Clone)]
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
