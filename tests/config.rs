//! Config mistakes: each is a user error (exit 1) naming the file, the line, the key and what is
//! expected. Snapshots pin the wording staff read.

mod common;

use common::{CONFIG, Workdir};

fn check_with(config: &str) -> common::Run {
    let wd = Workdir::campaign();
    wd.write("papila.toml", config);
    wd.write("people/a.csv", &format!("{}\n", common::HEADER));
    let r = wd.run(&["check", "-c", "papila.toml"]);
    assert_eq!(
        r.code(),
        1,
        "expected a user error:\n{}{}",
        r.stdout(),
        r.stderr()
    );
    assert!(!r.stderr().contains("panicked"), "{}", r.stderr());
    let id = snapshot_in_indonesian!(wd, &["check", "-c", "papila.toml"], stderr);
    assert_eq!(id.code(), 1);
    r
}

#[test]
fn unknown_key() {
    let r = check_with(&CONFIG.replace("start = 2024-07-01", "strat = 2024-07-01"));
    insta::assert_snapshot!(r.stderr());
}

#[test]
fn bad_date() {
    let r = check_with(&CONFIG.replace("start = 2024-07-01", "start = \"1 Juli 2024\""));
    insta::assert_snapshot!(r.stderr());
}

#[test]
fn end_before_start_and_after_election_are_both_reported() {
    let r = check_with(
        &CONFIG
            .replace("end = 2024-10-31", "end = 2024-06-30")
            .replace("election_date = 2024-11-27", "election_date = 2024-06-01"),
    );
    insta::assert_snapshot!(r.stderr());
}

#[test]
fn office_with_no_sessions() {
    let r = check_with(&CONFIG.replace(
        "sessions = [{ start = \"08:00\", end = \"12:00\", capacity = 60 }]",
        "",
    ));
    insta::assert_snapshot!(r.stderr());
}

#[test]
fn village_listed_by_two_offices() {
    let second = r#"
[[office]]
id = "menganti"
name = "Kantor Desa Menganti"
villages = ["33.01.02.2001"]
dates = [2024-08-10]
sessions = [{ start = "08:00", end = "12:00", capacity = 30 }]
"#;
    let r = check_with(&format!("{CONFIG}{second}"));
    insta::assert_snapshot!(r.stderr());
}

#[test]
fn missing_key_file() {
    let r = check_with(&format!("{CONFIG}\n[signing]\nkey = \"keys/papila.key\"\n"));
    insta::assert_snapshot!(r.stderr());
}

#[test]
fn bad_session_values_and_unknown_village_code() {
    let r = check_with(
        &CONFIG
            .replace("capacity = 60", "capacity = 0")
            .replace("end = \"12:00\"", "end = \"07:00\"")
            .replace("\"33.01.02.2004\"", "\"33.01.02.2999\""),
    );
    insta::assert_snapshot!(r.stderr());
}

#[test]
fn toml_syntax_error_is_located() {
    let r = check_with(&CONFIG.replace(
        "title = \"Perekaman KTP-el Pemilih Pemula\"",
        "title = \"unclosed",
    ));
    let err = r.stderr();
    assert!(err.starts_with("error: papila.toml has a mistake"), "{err}");
    assert!(err.contains("papila.toml:4"), "{err}");
    assert!(err.contains("hint:"), "{err}");
}

#[test]
fn missing_config_says_how_to_start() {
    let wd = Workdir::new();
    let r = wd.run(&["check"]);
    assert_eq!(r.code(), 1);
    insta::assert_snapshot!(r.stderr());
    snapshot_in_indonesian!(wd, &["check"], stderr);
}

#[test]
fn unknown_command_line_flag_is_a_user_error_not_a_bug() {
    let wd = Workdir::new();
    let r = wd.run(&["check", "--frobnicate"]);
    assert_eq!(r.code(), 1, "{}", r.stderr());
    let id = snapshot_in_indonesian!("unknown_flag", wd, &["check", "--frobnicate"], &[], stderr);
    assert_eq!(id.code(), 1);
    let r = wd.run(&["--help"]);
    assert_eq!(r.code(), 0);
    for cmd in ["init", "check", "keygen"] {
        assert!(r.stdout().contains(cmd), "{}", r.stdout());
    }
    insta::assert_snapshot!("help_check", wd.run(&["check", "--help"]).stdout());
    snapshot_in_indonesian!("help_check", wd, &["check", "--help"], &[], stdout);
}

/// `CONFIG` without its region, its office serving the villages `villages` (TOML).
fn without_region(villages: &str) -> String {
    CONFIG.replace("region = \"33.01\"\n", "").replace(
        "villages = [\"33.01.02.2001\", \"33.01.02.2002\", \"33.01.02.2003\", \"33.01.02.2004\", \"33.01.03.2005\"]",
        &format!("villages = {villages}"),
    )
}

#[test]
fn a_kecamatan_name_unique_in_indonesia_tells_the_region() {
    let wd = Workdir::campaign();
    wd.write(
        "papila.toml",
        &without_region(r#"[{ kecamatan = "KIBIN", desa = "Ketos" }]"#),
    );
    wd.write(
        "people/a.csv",
        "NIK;NAMA;TGL_LHR;NAMA_KEL;NAMA_KEC\n3604161708070001;ANDI;17-08-2007;KETOS;KIBIN\n",
    );
    wd.check();
    let row = wd.row("3604161708070001");
    assert_eq!(row["status"], "invited", "{row:?}");
    assert_eq!(row["village_code"], "36.04.16.2002", "{row:?}");
}

#[test]
fn a_kecamatan_name_of_several_kabupaten_still_needs_the_region() {
    let r = check_with(&without_region(
        r#"[{ kecamatan = "Karanganyar", desa = "Karanganyar" }]"#,
    ));
    let err = r.stderr();
    assert!(
        err.contains("campaign.region: cannot tell which kabupaten"),
        "{err}"
    );
    assert!(err.contains("\"Karanganyar\" is a kecamatan of"), "{err}");
    assert!(err.contains("Kabupaten Purbalingga (33.03)"), "{err}");
}

#[test]
fn an_office_village_outside_the_region_is_named_with_the_region_to_set() {
    // init's region (Cilacap, 33.01) left in place for a Batang campaign.
    let r = check_with(&CONFIG.replace(
        "villages = [\"33.01.02.2001\",",
        "villages = [\"33.25.01.2001\", \"33.01.02.2001\",",
    ));
    let err = r.stderr();
    assert!(
        err.contains("office[1].villages[1]: village 33.25.01.2001")
            && err.contains(
                "is outside the campaign's region ([campaign] region is Kabupaten Cilacap (33.01))"
            )
            && err.contains("set region = \"33.25\""),
        "{err}"
    );
}

#[test]
fn a_config_file_of_megabytes_is_refused_before_it_is_read() {
    let huge = format!("{CONFIG}\n# {}\n", "x".repeat(2 << 20));
    let r = check_with(&huge);
    assert!(
        r.stderr().contains("it is larger than 1024 KiB"),
        "{}",
        r.stderr()
    );
    assert!(r.stderr().len() < 1_000, "{}", r.stderr().len());
}

#[test]
fn a_kecamatan_name_of_several_kabupaten_is_settled_by_the_niks_of_the_lists() {
    let wd = Workdir::campaign();
    wd.write(
        "papila.toml",
        &without_region(r#"[{ kecamatan = "Karanganyar", desa = "Karanganyar" }]"#),
    );
    // Every NIK of the list was issued in Kabupaten Purbalingga (33.03).
    wd.write(
        "people/a.csv",
        "NIK;NAMA;TGL_LHR;NAMA_KEL;NAMA_KEC\n\
         3303111708070001;ANDI;17-08-2007;KARANGANYAR;KARANGANYAR\n\
         3303115708070002;SITI;17-08-2007;KARANGANYAR;KARANGANYAR\n",
    );
    wd.check();
    let row = wd.row("3303111708070001");
    assert_eq!(row["status"], "invited", "{row:?}");
    assert!(row["village_code"].starts_with("33.03.11."), "{row:?}");
    // NIKs of two kabupaten settle nothing: the name stays ambiguous.
    wd.write(
        "people/b.csv",
        "NIK;NAMA;TGL_LHR;NAMA_KEL;NAMA_KEC\n3301021708070003;BUDI;17-08-2007;KARANGANYAR;KARANGANYAR\n",
    );
    let r = wd.run(&["check", "-c", "papila.toml"]);
    assert_eq!(r.code(), 1);
    assert!(
        r.stderr().contains("cannot tell which kabupaten"),
        "{}",
        r.stderr()
    );
}
