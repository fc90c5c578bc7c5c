//! Recording statuses as the e-KTP pipeline writes them (spec §2) and NIKs typed in groups, through
//! the real binary: the manifest's status and reason for each, the summary's counts, and the report's
//! count of people recorded twice.

mod common;

use common::Workdir;

/// (status as written in the list, manifest status, words the reason or warnings must hold).
const STATUSES: &[(&str, &str, &str)] = &[
    ("PRR", "already_recorded", "PRINT_READY_RECORD"),
    (
        "print ready record",
        "already_recorded",
        "PRINT_READY_RECORD",
    ),
    (
        "Print-Ready_Record",
        "already_recorded",
        "PRINT_READY_RECORD",
    ),
    ("sfe", "already_recorded", "SENT_FOR_ENROLLMENT"),
    (
        "SENT_FOR_ENROLLMENT",
        "already_recorded",
        "SENT_FOR_ENROLLMENT",
    ),
    ("bc", "already_recorded", "BIO_CAPTURED"),
    ("Bio Captured", "already_recorded", "BIO_CAPTURED"),
    ("PRO", "already_recorded", "PROCESSING"),
    ("processing", "already_recorded", "PROCESSING"),
    (
        "received-at-central",
        "already_recorded",
        "RECEIVED_AT_CENTRAL",
    ),
    ("card_printed", "already_recorded", "CARD_PRINTED"),
    ("CARD SHIPPED", "already_recorded", "CARD_SHIPPED"),
    (
        "DUP",
        "already_recorded",
        "resolve the duplicate at Disdukcapil",
    ),
    ("duplicate_record", "already_recorded", "DUPLICATE_RECORD"),
    (
        "Duplicate-Record",
        "already_recorded",
        "recorded more than once",
    ),
    ("EFAC", "invited", "ENROLL_FAILURE_AT_CENTRAL"),
    (
        "enroll failure at regional",
        "invited",
        "ENROLL_FAILURE_AT_REGIONAL",
    ),
    (
        "SEARCH-FAILURE-AT-CENTRAL",
        "invited",
        "SEARCH_FAILURE_AT_CENTRAL",
    ),
    ("UNREGISTERED", "invited", ""),
    ("belum_rekam", "invited", ""),
    ("WHATEVER", "invited", "not a known recording status"),
];

fn nik(i: usize) -> String {
    format!("33010217080700{:02}", i + 1)
}

/// A campaign whose one list has a row per status of `STATUSES`, then one NIK in groups.
fn campaign() -> Workdir {
    let wd = Workdir::campaign();
    let mut list = String::from("NIK;NAMA;TGL_LHR;KODE_DESA;STATUS_REKAM\n");
    for (i, (status, _, _)) in STATUSES.iter().enumerate() {
        list.push_str(&format!(
            "{};PERSON {i};17-08-2007;33.01.02.2001;{status}\n",
            nik(i)
        ));
    }
    list.push_str("3301 0217 0807 0090;GROUPED;17-08-2007;33.01.02.2001;BELUM REKAM\n");
    wd.write("people/a.csv", &list);
    wd
}

#[test]
fn every_pipeline_status_full_or_short_in_any_spelling_has_its_meaning() {
    let wd = campaign();
    let out = wd.check().stdout();
    for (i, (written, status, words)) in STATUSES.iter().enumerate() {
        let row = wd.row(&nik(i));
        assert_eq!(&row["status"], status, "{written}: {row:?}");
        let said = format!("{} | {}", row["reason"], row["warnings"]);
        assert!(said.contains(words), "{written}: {said}");
        if *status == "invited" && words.is_empty() {
            assert_eq!(row["warnings"], "", "{written}");
        }
    }
    // A failed recording is invited, and the warning says the old one must be deleted first.
    let efac = wd.row(&nik(15));
    assert!(efac["warnings"].contains("must delete it"), "{efac:?}");
    insta::assert_snapshot!("recording_statuses_summary", out);
    snapshot_in_indonesian!(
        "recording_statuses_summary",
        wd,
        &["check", "-c", "papila.toml"],
        &[],
        stdout
    );
}

#[test]
fn a_nik_in_groups_is_invited_with_a_warning_and_gets_its_appointment() {
    let wd = campaign();
    let r = wd.run(&["plan", "-c", "papila.toml", "--today", "2024-06-01"]);
    assert_eq!(r.code(), 0, "{}{}", r.stdout(), r.stderr());
    let row = wd.row("3301 0217 0807 0090");
    assert_eq!(row["status"], "invited", "{row:?}");
    assert!(
        row["warnings"].contains("written in groups; read as 3301021708070090"),
        "{row:?}"
    );
    assert_eq!(row["invitation_id"].len(), 8, "{row:?}");
    assert_eq!(row["date"], "2024-07-01", "{row:?}");
}

#[test]
fn the_report_counts_people_recorded_twice_apart() {
    let wd = campaign();
    let r = wd.run(&["plan", "-c", "papila.toml", "--today", "2024-06-01"]);
    assert_eq!(r.code(), 0, "{}{}", r.stdout(), r.stderr());
    let r = wd.run(&["report", "-c", "papila.toml", "--today", "2024-07-02"]);
    assert_eq!(r.code(), 0, "{}{}", r.stdout(), r.stderr());
    assert!(
        r.stdout()
            .contains("3 people are recorded twice (DUPLICATE_RECORD"),
        "{}",
        r.stdout()
    );
    let rows = wd.csv("out/report.csv");
    let district = rows.iter().find(|r| r["level"] == "district").unwrap();
    assert_eq!(district["duplicate_record"], "3", "{district:?}");
    // Not among those who must record: the invited are the 6 invited rows and the grouped NIK.
    assert_eq!(district["invited"], "7", "{district:?}");
    let village = rows
        .iter()
        .find(|r| r["level"] == "village" && r["village_code"] == "33.01.02.2001")
        .unwrap();
    assert_eq!(village["duplicate_record"], "3", "{village:?}");
}
