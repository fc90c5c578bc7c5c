//! Jemput bola at schools (spec §11) through the real binary: a Dapodik workbook written by openpyxl
//! with its title lines, two-row header and merged parent groups; students matched to SIAK by NIK;
//! the school route winning over the village route; classes seated together; teams and visits in
//! the config.

mod common;

use std::collections::HashMap;

use common::{Workdir, run_ok};

const SIAK_HEADER: &str = "NIK;NAMA_LGKP;TGL_LHR;JENIS_KLMIN;STAT_KWN;KODE_DESA;NO_KK;STATUS_EKTP";

/// Students' NIKs: in SIAK and the school, recorded already, the school's only, unusable at the
/// school (but fine in SIAK), and an out-of-school sibling of the first.
const ANDI: &str = "3301021708070001";
const RECORDED: &str = "3301025708070002";
const NOT_IN_SIAK: &str = "3301021808070003";
const BAD_AT_SCHOOL: &str = "3301024101070004";
const SIBLING: &str = "3301021202080005";
/// Adults' NIKs, in the parents' columns only.
const FATHER: &str = "3301020101750001";
const MOTHER: &str = "3301024202760002";

const SCHOOL: &str = r#"
[[school]]
npsn = "20301234"
name = "SMA Negeri 1 Kesugihan"
address = "Jl. Raya Kesugihan No. 1"
files = ["sekolah/sman1.xlsx"]

[[team]]
id = "tim-1"
name = "Tim Jemput Bola 1"

[[visit]]
id = "sman1-0805"
team = "tim-1"
date = 2024-08-05
school = "20301234"
place = "Aula SMA Negeri 1 Kesugihan"
sessions = [ { start = "08:00", end = "10:00", capacity = 3 }, { start = "10:00", end = "12:00", capacity = 10 } ]
"#;

struct Student {
    nik: &'static str,
    name: &'static str,
    birth: &'static str,
    class: &'static str,
}

fn dapodik(wd: &Workdir, students: &[Student]) {
    let spec = serde_json::json!({
        "path": wd.path("sekolah/sman1.xlsx"),
        "school": "SMA Negeri 1 Kesugihan",
        "students": students.iter().map(|s| serde_json::json!({
            "nik": s.nik, "name": s.name, "birth": s.birth, "class": s.class,
            "kelurahan": "Menganti", "kecamatan": "Kesugihan",
            "nik_ayah": FATHER, "nik_ibu": MOTHER, "kk": "3301020101200001",
        })).collect::<Vec<_>>(),
    });
    std::fs::create_dir_all(wd.path("sekolah")).unwrap();
    wd.write("dapodik.json", &spec.to_string());
    let out = std::process::Command::new("python3")
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/support/dapodik.py"
        ))
        .arg(wd.path("dapodik.json"))
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "writing the Dapodik workbook (openpyxl, installed by scripts/test): {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The campaign: SIAK's list of the village, the school's Dapodik export, one visit.
fn campaign() -> Workdir {
    let wd = Workdir::campaign();
    common::Config::new().signing().merge(SCHOOL).write(&wd);
    wd.keygen();
    wd.write(
        "people/desa.csv",
        &format!(
            "{SIAK_HEADER}\n\
             {ANDI};ANDI PRATAMA;17-08-2007;L;BELUM KAWIN;33.01.02.2001;3301020101200001;BELUM REKAM\n\
             {RECORDED};SITI AMINAH;17-08-2007;P;BELUM KAWIN;33.01.02.2001;3301020101200002;SUDAH REKAM\n\
             {BAD_AT_SCHOOL};DEWI LESTARI;01-01-2007;P;BELUM KAWIN;33.01.02.2002;3301020101200003;BELUM REKAM\n\
             {SIBLING};BUDI PRATAMA;12-02-2006;L;BELUM KAWIN;33.01.02.2001;3301020101200001;BELUM REKAM\n\
             {FATHER};AYAH PRATAMA;01-01-1975;L;KAWIN;33.01.02.2001;3301020101200001;SUDAH REKAM\n"
        ),
    );
    dapodik(
        &wd,
        &[
            Student {
                nik: ANDI,
                name: "Andi Pratama",
                birth: "2007-08-16",
                class: "XII MIPA 1",
            },
            Student {
                nik: RECORDED,
                name: "SITI AMINAH",
                birth: "2007-08-17",
                class: "XII MIPA 1",
            },
            Student {
                nik: NOT_IN_SIAK,
                name: "RUDI HARTONO",
                birth: "2007-08-18",
                class: "XII IPS 1",
            },
            Student {
                nik: "33010241010",
                name: "DEWI LESTARI",
                birth: "2007-01-01",
                class: "XII IPS 1",
            },
        ],
    );
    wd
}

fn by_source(rows: &[HashMap<String, String>], school: bool) -> Vec<&HashMap<String, String>> {
    rows.iter()
        .filter(|r| r["source"].starts_with("sekolah/") == school)
        .collect()
}

#[test]
fn students_are_read_from_dapodik_matched_to_siak_and_invited_to_their_school_visit() {
    let wd = campaign();
    let plan = run_ok(&wd, &["plan", "-c", "papila.toml", "--today", "2024-06-20"]);
    let rows = wd.manifest();
    // Every row accounted for: five SIAK rows and four students, the header rows none.
    assert_eq!(rows.len(), 9, "{}", plan.stdout());
    let school = by_source(&rows, true);
    assert_eq!(school.len(), 4);
    assert!(
        school
            .iter()
            .all(|r| r["source"] == "sekolah/sman1.xlsx!Sheet")
    );
    // The students' own NIKs and names, never a parent's; the school and class with each.
    let niks: Vec<&str> = school.iter().map(|r| r["nik"].as_str()).collect();
    assert_eq!(niks, [ANDI, RECORDED, NOT_IN_SIAK, "33010241010"]);
    assert!(school.iter().all(|r| r["school"] == "20301234"));
    assert_eq!(school[0]["class"], "XII MIPA 1");
    assert!(
        !rows
            .iter()
            .any(|r| r["nik"] == FATHER && r["source"].starts_with("sekolah/"))
    );
    // In SIAK and at school: invited once, to the visit, under SIAK's name; Dapodik's other birth
    // date and spelling are warnings.
    let andi = school[0];
    assert_eq!(andi["status"], "invited", "{andi:?}");
    assert_eq!(andi["office_id"], "sman1-0805");
    assert_eq!(andi["date"], "2024-08-05");
    assert_eq!(andi["name"], "ANDI PRATAMA");
    assert!(andi["warnings"].contains("2007-08-16"), "{andi:?}");
    let siak = by_source(&rows, false);
    let andi_siak = siak.iter().find(|r| r["nik"] == ANDI).unwrap();
    assert_eq!(andi_siak["status"], "duplicate");
    assert!(
        andi_siak["reason"].contains("sekolah/sman1.xlsx!Sheet line 9"),
        "{andi_siak:?}"
    );
    assert_eq!(andi_siak["invitation_id"], "");
    // Recorded says SIAK: not invited.
    assert_eq!(school[1]["status"], "already_recorded", "{:?}", school[1]);
    // Not in SIAK: invited to the visit, with a warning.
    assert_eq!(school[2]["status"], "invited", "{:?}", school[2]);
    assert_eq!(school[2]["office_id"], "sman1-0805");
    assert!(
        school[2]["warnings"].contains("not in the SIAK lists"),
        "{:?}",
        school[2]
    );
    // An unusable NIK at school: rejected there, and SIAK's row goes the village way.
    assert_eq!(school[3]["status"], "rejected");
    let dewi = siak.iter().find(|r| r["nik"] == BAD_AT_SCHOOL).unwrap();
    assert_eq!(dewi["status"], "invited");
    assert_eq!(dewi["office_id"], "kesugihan");
    // The out-of-school sibling (same KK as Andi) stays on the village route.
    let sibling = siak.iter().find(|r| r["nik"] == SIBLING).unwrap();
    assert_eq!(sibling["status"], "invited");
    assert_eq!(sibling["office_id"], "kesugihan");
}

#[test]
fn a_class_that_does_not_fit_the_first_session_is_moved_whole() {
    let wd = Workdir::campaign();
    common::Config::new().merge(SCHOOL).write(&wd);
    wd.write("people/desa.csv", &format!("{SIAK_HEADER}\n"));
    // Two in class A, three in class B; the first session seats 3: whichever class comes first
    // takes it, and the other cannot fit beside it, so it goes whole to the second.
    let students: Vec<Student> = [
        ("3301021708070011", "A SATU", "2007-08-17", "X-A"),
        ("3301021708070012", "A DUA", "2007-08-17", "X-A"),
        ("3301021708070013", "B SATU", "2007-08-17", "X-B"),
        ("3301021708070014", "B DUA", "2007-08-17", "X-B"),
        ("3301021708070015", "B TIGA", "2007-08-17", "X-B"),
    ]
    .into_iter()
    .map(|(nik, name, birth, class)| Student {
        nik,
        name,
        birth,
        class,
    })
    .collect();
    dapodik(&wd, &students);
    wd.write(
        "papila.toml",
        &format!(
            "{}\n[[school]]\nnpsn = \"20301234\"\nname = \"SMA Negeri 1 Kesugihan\"\nvillage = \"33.01.02.2001\"\nfiles = [\"sekolah/sman1.xlsx\"]\n",
            common::Config::new()
                .merge(&SCHOOL.replace("[[school]]\nnpsn = \"20301234\"\nname = \"SMA Negeri 1 Kesugihan\"\naddress = \"Jl. Raya Kesugihan No. 1\"\nfiles = [\"sekolah/sman1.xlsx\"]\n", ""))
                .text()
        ),
    );
    run_ok(&wd, &["plan", "-c", "papila.toml", "--today", "2024-06-20"]);
    let rows = wd.manifest();
    let mut sessions: HashMap<&str, Vec<&str>> = HashMap::new();
    for r in &rows {
        assert_eq!(r["status"], "invited", "{r:?}");
        sessions.entry(&r["class"]).or_default().push(&r["start"]);
    }
    for (class, starts) in &sessions {
        assert!(
            starts.iter().all(|s| *s == starts[0]),
            "{class} split: {starts:?}"
        );
    }
    assert_ne!(sessions["X-A"][0], sessions["X-B"][0], "{sessions:?}");
}

#[test]
fn a_team_booked_in_two_places_on_one_day_is_a_config_error_naming_both_visits() {
    let wd = campaign();
    let twice = format!(
        "{SCHOOL}\n[[visit]]\nid = \"desa-menganti\"\nteam = \"tim-1\"\ndate = 2024-08-05\nvillages = [\"33.01.02.2001\"]\nplace = \"Balai Desa Menganti\"\nsessions = [ {{ start = \"13:00\", end = \"15:00\", capacity = 40 }} ]\n"
    );
    // The school part once, then the second visit.
    let text = common::Config::new().merge(&twice).text();
    wd.write("papila.toml", &text);
    let r = wd.run(&["check", "-c", "papila.toml"]);
    assert_eq!(r.code(), 1, "{}", r.stdout());
    assert!(
        r.stderr()
            .contains("\"tim-1\" is booked in two places on 2024-08-05")
            && r.stderr().contains("\"desa-menganti\"")
            && r.stderr().contains("\"sman1-0805\""),
        "{}",
        r.stderr()
    );
}

#[test]
fn a_student_who_missed_the_visit_is_invited_again_to_the_next_visit_or_their_office() {
    let wd = campaign();
    run_ok(&wd, &["plan", "-c", "papila.toml", "--today", "2024-06-20"]);
    let school_row = |wd: &Workdir, nik: &str| {
        wd.manifest()
            .into_iter()
            .find(|r| r["nik"] == nik && r["source"].starts_with("sekolah/"))
            .unwrap()
    };
    assert_eq!(school_row(&wd, ANDI)["office_id"], "sman1-0805");
    // Rudi comes on the visit day; Andi does not. With no later visit of the school, Andi goes
    // to the office serving his village.
    let rudi = school_row(&wd, NOT_IN_SIAK)["invitation_id"].clone();
    let scanned = wd.run_with_stdin(
        "en",
        &["checkin", "-c", "papila.toml", "--today", "2024-08-05"],
        &format!("{rudi}\n"),
    );
    assert!(
        scanned.stdout().starts_with("valid"),
        "{}",
        scanned.stdout()
    );
    let again = run_ok(&wd, &["plan", "-c", "papila.toml", "--today", "2024-08-07"]);
    let andi = school_row(&wd, ANDI);
    assert_eq!(andi["status"], "reinvited", "{andi:?}\n{}", again.stdout());
    assert_eq!(andi["office_id"], "kesugihan");
    assert!(andi["date"].as_str() > "2024-08-07", "{andi:?}");
    assert_eq!(school_row(&wd, NOT_IN_SIAK)["office_id"], "sman1-0805");
    // The report counts the school's students: two to record, both invited, one recorded; and
    // the team's one visit with its places.
    run_ok(
        &wd,
        &["report", "-c", "papila.toml", "--today", "2024-08-07"],
    );
    let report = wd.csv("out/report.csv");
    let school = report.iter().find(|r| r["level"] == "school").unwrap();
    assert_eq!(school["school"], "20301234");
    assert_eq!(school["village"], "SMA Negeri 1 Kesugihan");
    assert_eq!(
        [
            &school["eligible"],
            &school["invited"],
            &school["attended"],
            &school["pending"]
        ],
        ["2", "2", "1", "1"],
        "{school:?}"
    );
    let team = report.iter().find(|r| r["level"] == "team").unwrap();
    assert_eq!(team["office_id"], "tim-1");
    assert_eq!(
        [&team["invited"], &team["attended"]],
        ["1", "1"],
        "{team:?}"
    );

    // A second visit to the school, later: a fresh campaign that misses the first one goes there.
    let wd = campaign();
    let later = format!(
        "{SCHOOL}\n[[visit]]\nid = \"sman1-0902\"\nteam = \"tim-1\"\ndate = 2024-09-02\nschool = \"20301234\"\nplace = \"Aula SMA Negeri 1 Kesugihan\"\nsessions = [ {{ start = \"08:00\", end = \"12:00\", capacity = 50 }} ]\n"
    );
    common::Config::new().merge(&later).write(&wd);
    run_ok(&wd, &["plan", "-c", "papila.toml", "--today", "2024-06-20"]);
    assert_eq!(school_row(&wd, ANDI)["office_id"], "sman1-0805");
    run_ok(&wd, &["plan", "-c", "papila.toml", "--today", "2024-08-07"]);
    let andi = school_row(&wd, ANDI);
    assert_eq!(andi["status"], "reinvited");
    assert_eq!(andi["office_id"], "sman1-0902");
    assert_eq!(andi["date"], "2024-09-02");
}

#[test]
fn a_visit_added_after_appointments_were_made_moves_nobody_until_replan() {
    // First without any visit: the school has none, so its students go to their village office.
    let wd = campaign();
    let no_visit = SCHOOL.split("[[visit]]").next().unwrap().to_string();
    common::Config::new().merge(&no_visit).write(&wd);
    run_ok(&wd, &["plan", "-c", "papila.toml", "--today", "2024-06-20"]);
    let andi = |wd: &Workdir| {
        wd.manifest()
            .into_iter()
            .find(|r| r["nik"] == ANDI && r["status"] != "duplicate")
            .unwrap()
    };
    assert_eq!(andi(&wd)["office_id"], "kesugihan");
    let first_day = andi(&wd)["date"].clone();
    // The visit is added: Andi keeps his appointment.
    common::Config::new().merge(SCHOOL).write(&wd);
    run_ok(&wd, &["plan", "-c", "papila.toml", "--today", "2024-06-21"]);
    assert_eq!(andi(&wd)["office_id"], "kesugihan");
    assert_eq!(andi(&wd)["date"], first_day);
    // --replan moves him to the visit.
    run_ok(
        &wd,
        &[
            "plan",
            "-c",
            "papila.toml",
            "--today",
            "2024-06-21",
            "--replan",
        ],
    );
    assert_eq!(andi(&wd)["office_id"], "sman1-0805");
}

/// The campaign with an issuer for its letters, run before the campaign starts.
fn printed_campaign() -> Workdir {
    let wd = campaign();
    common::Config::new()
        .signing()
        .issuer()
        .merge(SCHOOL)
        .write(&wd);
    run_ok(&wd, &["run", "-c", "papila.toml", "--today", "2024-06-20"]);
    wd
}

/// Page numbers (0-based) of `text`'s pages that hold all of `words`.
fn pages_with(text: &str, words: &[&str]) -> Vec<usize> {
    text.split('\u{c}')
        .enumerate()
        .filter(|(_, page)| words.iter().all(|w| page.contains(w)))
        .map(|(i, _)| i)
        .collect()
}

/// Every village batch's text (not the schools').
fn village_batches(wd: &Workdir) -> String {
    common::pdfs(&wd.path("out/print"))
        .iter()
        .filter(|p| !p.starts_with(wd.path("out/print/sekolah")))
        .map(|p| common::pdftotext(p))
        .collect()
}

#[test]
fn the_school_batch_holds_the_principals_letter_its_students_letters_by_class_and_receipt_lists() {
    let wd = printed_campaign();
    let file = wd.path("out/print/sekolah/20301234-sma-negeri-1-kesugihan.pdf");
    assert!(file.is_file(), "no school batch");
    let text = common::pdftotext(&file);
    let pages: Vec<&str> = text.split('\u{c}').collect();
    // The principal's letter first: the visit's day, place, sessions and classes, what to prepare.
    let letter = pages[0];
    assert!(
        letter.contains("PEMBERITAHUAN KUNJUNGAN") && letter.contains("20301234"),
        "{letter}"
    );
    assert!(letter.contains("Senin, 5 Agustus 2024"), "{letter}");
    assert!(letter.contains("Aula SMA Negeri 1 Kesugihan"), "{letter}");
    assert!(letter.contains("Tim Jemput Bola 1"), "{letter}");
    assert!(
        letter.contains("listrik") && letter.contains("Kartu Keluarga"),
        "{letter}"
    );
    assert!(
        letter.contains("XII IPS 1") && letter.contains("XII MIPA 1"),
        "{letter}"
    );
    // Then a list per class, by class: each student with their session, NIK masked.
    let ips = pages_with(&text, &["DAFTAR SISWA KELAS XII IPS 1", "RUDI HARTONO"]);
    let mipa = pages_with(&text, &["DAFTAR SISWA KELAS XII MIPA 1", "ANDI PRATAMA"]);
    assert!(
        ips[0] > 0 && ips[0] < mipa[0],
        "class lists {ips:?} {mipa:?}"
    );
    // Then the students' letters, by class (IPS before MIPA) and name.
    let letter_of = |name: &str| pages_with(&text, &[name, "Nomor undangan"]);
    let (rudi, andi) = (letter_of("RUDI HARTONO"), letter_of("ANDI PRATAMA"));
    assert_eq!((rudi.len(), andi.len()), (1, 1), "one letter each:\n{text}");
    assert!(mipa[0] < rudi[0] && rudi[0] < andi[0], "{rudi:?} {andi:?}");
    // Last, a receipt list per class, each on its own page, with its class teacher to sign.
    let receipts = pages_with(&text, &["TANDA TERIMA SURAT UNDANGAN"]);
    assert_eq!(receipts.len(), 2, "{receipts:?}");
    assert!(receipts[0] > andi[0]);
    let first = pages[receipts[0]];
    assert!(
        first.contains("Kelas XII IPS 1") && first.contains("RUDI HARTONO"),
        "{first}"
    );
    assert!(!first.contains("ANDI PRATAMA"), "{first}");
    assert!(first.contains("Wali Kelas XII IPS 1"), "{first}");
    let second = pages[receipts[1]];
    assert!(
        second.contains("Kelas XII MIPA 1") && second.contains("ANDI PRATAMA"),
        "{second}"
    );
    assert!(!text.contains(ANDI), "a whole NIK in the school's batch");
    // Siti (recorded already) is in no list; Budi (Andi's brother, out of school) and Dewi (her
    // school NIK unusable) are in their village's batch, and the students are not.
    assert!(!text.contains("SITI AMINAH"), "{text}");
    assert!(!text.contains("BUDI PRATAMA") && !text.contains("DEWI LESTARI"));
    let villages = village_batches(&wd);
    assert!(villages.contains("BUDI PRATAMA") && villages.contains("DEWI LESTARI"));
    assert!(
        !villages.contains("ANDI PRATAMA") && !villages.contains("RUDI HARTONO"),
        "a student's letter in a village batch"
    );
    // The first round's file for the school is the same batch.
    let round = wd.path("out/rounds/01/sekolah/20301234-sma-negeri-1-kesugihan.pdf");
    assert_eq!(
        std::fs::read(&round).unwrap(),
        std::fs::read(&file).unwrap()
    );
    // A second render with nothing new keeps the file as it is.
    let before = std::fs::read(&file).unwrap();
    run_ok(
        &wd,
        &["render", "-c", "papila.toml", "--today", "2024-06-20"],
    );
    assert_eq!(std::fs::read(&file).unwrap(), before);
}

#[test]
fn a_school_round_after_the_visit_holds_the_second_letter_and_voids_the_first() {
    let wd = printed_campaign();
    let andi = |wd: &Workdir| {
        wd.manifest()
            .into_iter()
            .find(|r| r["nik"] == ANDI && r["source"].starts_with("sekolah/"))
            .unwrap()
    };
    let first_id = andi(&wd)["invitation_id"].clone();
    // Rudi comes; Andi misses the visit and is invited again, at his village's office, with a
    // second letter through the school.
    let rudi = wd
        .manifest()
        .into_iter()
        .find(|r| r["nik"] == NOT_IN_SIAK && r["source"].starts_with("sekolah/"))
        .unwrap()["invitation_id"]
        .clone();
    wd.run_with_stdin(
        "en",
        &["checkin", "-c", "papila.toml", "--today", "2024-08-05"],
        &format!("{rudi}\n"),
    );
    let out = run_ok(&wd, &["run", "-c", "papila.toml", "--today", "2024-08-07"]);
    assert_eq!(andi(&wd)["office_id"], "kesugihan");
    let round = wd.path("out/rounds/02/sekolah/20301234-sma-negeri-1-kesugihan.pdf");
    assert!(
        round.is_file(),
        "no school batch in round 2:\n{}",
        out.stdout()
    );
    let text = common::pdftotext(&round);
    // The principal's letter, the round's cover, the void list naming the first letter, the
    // second letter, and its receipt list; nobody else's letter.
    assert!(text.contains("PEMBERITAHUAN KUNJUNGAN"), "{text}");
    assert!(text.contains("BERKAS CETAK GELOMBANG 2"), "{text}");
    let void = pages_with(&text, &["SURAT YANG TIDAK BERLAKU LAGI"]);
    assert_eq!(void.len(), 1, "{text}");
    assert!(
        text.split('\u{c}')
            .nth(void[0])
            .unwrap()
            .contains(&first_id),
        "the void list names Andi's first letter"
    );
    assert_eq!(
        pages_with(&text, &["ANDI PRATAMA", "Nomor undangan"]).len(),
        1
    );
    assert!(pages_with(&text, &["RUDI HARTONO", "Nomor undangan"]).is_empty());
    assert_eq!(pages_with(&text, &["TANDA TERIMA SURAT UNDANGAN"]).len(), 1);
    // And no village got the student's second letter.
    for pdf in common::pdfs(&wd.path("out/rounds/02")) {
        if !pdf.starts_with(wd.path("out/rounds/02/sekolah")) {
            assert!(!common::pdftotext(&pdf).contains("ANDI PRATAMA"), "{pdf:?}");
        }
    }
    // `papila rounds 2` lists the school with its letter and void letter.
    let listed = run_ok(&wd, &["rounds", "-c", "papila.toml", "--round", "2"]);
    let line = listed
        .stdout()
        .lines()
        .find(|l| l.contains("20301234"))
        .unwrap_or_else(|| panic!("{}", listed.stdout()))
        .to_string();
    assert!(line.contains("SMA Negeri 1"), "{line}");
}

#[test]
fn a_plain_csv_school_list_is_read_and_a_student_too_young_on_the_visit_goes_to_a_later_one() {
    let wd = Workdir::campaign();
    // Two visits; with min_age 17, the second after Budi turns 17, the first before.
    let two_visits = format!(
        "{SCHOOL}\n[[visit]]\nid = \"sman1-0902\"\nteam = \"tim-1\"\ndate = 2024-09-02\nschool = \"20301234\"\nplace = \"Aula SMA Negeri 1 Kesugihan\"\nsessions = [ {{ start = \"08:00\", end = \"12:00\", capacity = 50 }} ]\n"
    )
    .replace("sekolah/sman1.xlsx", "sekolah/sman1.csv");
    common::Config::new()
        .set("campaign.min_age", "17")
        .merge(&two_visits)
        .write(&wd);
    wd.write(
        "people/desa.csv",
        &format!(
            "{SIAK_HEADER}\n\
        3301021708060021;CITRA DEWI;17-08-2006;P;BELUM KAWIN;33.01.02.2001;;BELUM REKAM\n\
        3301022008070022;BUDI MUDA;20-08-2007;L;BELUM KAWIN;33.01.02.2001;;BELUM REKAM\n"
        ),
    );
    std::fs::create_dir_all(wd.path("sekolah")).unwrap();
    wd.write(
        "sekolah/sman1.csv",
        "NISN;NIK;NAMA;TGL_LHR;KELAS\n\
         0071234501;3301021708060021;CITRA DEWI;17-08-2006;XI-1\n\
         0071234502;3301022008070022;BUDI MUDA;20-08-2007;XI-1\n",
    );
    run_ok(&wd, &["plan", "-c", "papila.toml", "--today", "2024-06-20"]);
    let rows = wd.manifest();
    let school = by_source(&rows, true);
    assert_eq!(school.len(), 2);
    assert!(
        school
            .iter()
            .all(|r| r["source"] == "sekolah/sman1.csv" && r["class"] == "XI-1")
    );
    assert_eq!(school[0]["office_id"], "sman1-0805", "{:?}", school[0]);
    // 17 on 2024-08-20: after the first visit, before the second.
    assert_eq!(school[1]["status"], "invited", "{:?}", school[1]);
    assert_eq!(school[1]["office_id"], "sman1-0902", "{:?}", school[1]);
}

#[test]
fn a_class_no_session_holds_is_split_and_the_plan_says_so() {
    let wd = Workdir::campaign();
    common::Config::new()
        .merge(&SCHOOL.replace(
            "address = \"Jl. Raya Kesugihan No. 1\"",
            "village = \"33.01.02.2001\"",
        ))
        .write(&wd);
    wd.write("people/desa.csv", &format!("{SIAK_HEADER}\n"));
    // Eleven in one class; the sessions seat 3 and 10.
    let students: Vec<Student> = (0..11)
        .map(|i| Student {
            nik: Box::leak(format!("33010217080700{:02}", 30 + i).into_boxed_str()),
            name: Box::leak(format!("SISWA {i}").into_boxed_str()),
            birth: "2007-08-17",
            class: "XII-A",
        })
        .collect();
    dapodik(&wd, &students);
    let plan = run_ok(&wd, &["plan", "-c", "papila.toml", "--today", "2024-06-20"]);
    let rows = wd.manifest();
    assert!(rows.iter().all(|r| r["status"] == "invited"), "{rows:?}");
    assert!(
        plan.stdout()
            .contains("class XII-A of SMA Negeri 1 Kesugihan is seated in 2 sessions"),
        "{}",
        plan.stdout()
    );
}

#[test]
fn a_village_visit_takes_its_villages_people_first_and_their_office_the_rest() {
    let wd = Workdir::campaign();
    // A team at Menganti's hall on a Saturday, with four places; the office serves the rest.
    common::Config::new()
        .merge(
            "[[team]]\nid = \"tim-1\"\nname = \"Tim Jemput Bola 1\"\n\n\
             [[visit]]\nid = \"balai-menganti\"\nteam = \"tim-1\"\ndate = 2024-07-06\n\
             villages = [\"33.01.02.2001\"]\nplace = \"Balai Desa Menganti\"\n\
             sessions = [ { start = \"08:00\", end = \"12:00\", capacity = 4 } ]\n",
        )
        .write(&wd);
    let mut csv = format!("{}\n", common::HEADER);
    for i in 1..=6 {
        csv.push_str(&format!(
            "33010217080700{i:02};WARGA MENGANTI {i};17-08-2007;L;BELUM KAWIN;33.01.02.2001\n"
        ));
    }
    csv.push_str("3301021708070099;WARGA SLARANG;17-08-2007;L;BELUM KAWIN;33.01.02.2002\n");
    wd.write("people/desa.csv", &csv);
    run_ok(&wd, &["plan", "-c", "papila.toml", "--today", "2024-06-20"]);
    let rows = wd.manifest();
    let at = |office: &str| {
        rows.iter()
            .filter(|r| r["office_id"] == office)
            .map(|r| r["name"].as_str())
            .collect::<Vec<_>>()
    };
    let visit = at("balai-menganti");
    assert_eq!(visit.len(), 4, "{rows:?}");
    assert!(visit.iter().all(|n| n.starts_with("WARGA MENGANTI")));
    assert!(
        rows.iter()
            .filter(|r| r["office_id"] == "balai-menganti")
            .all(|r| r["date"] == "2024-07-06")
    );
    // Menganti's two more and Slarang's one: at the office serving their villages.
    let office = at("kesugihan");
    assert_eq!(office.len(), 3, "{rows:?}");
    assert!(office.contains(&"WARGA SLARANG"));
}

#[test]
fn a_student_nobody_serves_who_missed_the_only_visit_is_told_why() {
    let wd = Workdir::campaign();
    common::Config::new().merge(SCHOOL).write(&wd);
    // Lives in a village no office serves: the school visit is their only route.
    wd.write(
        "people/desa.csv",
        &format!("{SIAK_HEADER}\n{ANDI};ANDI PRATAMA;17-08-2007;L;BELUM KAWIN;33.01.09.2001;;BELUM REKAM\n"),
    );
    dapodik(
        &wd,
        &[Student {
            nik: ANDI,
            name: "ANDI PRATAMA",
            birth: "2007-08-17",
            class: "XII MIPA 1",
        }],
    );
    run_ok(&wd, &["plan", "-c", "papila.toml", "--today", "2024-06-20"]);
    let row = |wd: &Workdir| {
        wd.manifest()
            .into_iter()
            .find(|r| r["source"].starts_with("sekolah/"))
            .unwrap()
    };
    assert_eq!(row(&wd)["status"], "invited", "{:?}", row(&wd));
    assert_eq!(row(&wd)["office_id"], "sman1-0805");
    let after = run_ok(&wd, &["plan", "-c", "papila.toml", "--today", "2024-08-07"]);
    assert!(
        after
            .stdout()
            .contains("no place left at the visits of SMA Negeri 1 Kesugihan, and no office serves their village"),
        "{}",
        after.stdout()
    );
    // Spec §11: overflow, with that reason, and counted as such by the report.
    let andi = row(&wd);
    assert_eq!(andi["status"], "overflow", "{andi:?}");
    assert!(andi["office_id"].is_empty(), "{andi:?}");
    assert!(
        andi["reason"].contains("no place left at the visits of SMA Negeri 1 Kesugihan"),
        "{andi:?}"
    );
    run_ok(
        &wd,
        &["report", "-c", "papila.toml", "--today", "2024-08-07"],
    );
    let report = wd.csv("out/report.csv");
    let district = report.iter().find(|r| r["level"] == "district").unwrap();
    assert_eq!(
        [&district["overflow"], &district["invited"]],
        ["1", "0"],
        "{district:?}"
    );
}

#[test]
fn the_district_view_counts_schools_and_teams_and_each_visit_is_a_station() {
    let wd = campaign();
    run_ok(&wd, &["plan", "-c", "papila.toml", "--today", "2024-06-20"]);
    let server = common::station::Server::start(&wd, &[]);
    // The visit's own station code opens its page.
    assert!(
        server.codes.contains_key("sman1-0805"),
        "{:?}",
        server.codes.keys()
    );
    let district = server.session("distrik");
    let (status, body) = district.get("/api/distrik");
    assert_eq!(status, 200, "{body}");
    let figures: serde_json::Value = serde_json::from_str(&body).unwrap();
    let school = &figures["schools"][0];
    assert_eq!(school["name"], "SMA Negeri 1 Kesugihan");
    assert_eq!(school["invited"], 2, "{school}");
    let team = &figures["teams"][0];
    assert_eq!(team["name"], "Tim Jemput Bola 1 (1 kunjungan)");
    assert_eq!(team["invited"], 2, "{team}");
}
