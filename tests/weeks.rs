//! A campaign across weeks (spec §6, "which row wins"): each week's export added beside the
//! earlier ones, in files named any way. The newer list wins whatever its file's name, a third run
//! keeps the decisions, and where only modification times tell the exports apart they decide.

mod common;

use std::collections::HashMap;
use std::time::{Duration, SystemTime};

use common::{Workdir, run_ok};

const HEADER: &str = "NIK;NAMA_LGKP;TGL_LHR;JENIS_KLMIN;STAT_KWN;KODE_DESA;STATUS_REKAM";
const AGUS: &str = "3301021708070001";
const BAYU: &str = "3301021808070002";
const CITRA: &str = "3301025908070003";

fn list(rows: &[(&str, &str, &str, &str)]) -> String {
    let mut s = format!("{HEADER}\n");
    for (nik, name, village, status) in rows {
        s.push_str(&format!(
            "{nik};{name};17-08-2007;L;BELUM KAWIN;{village};{status}\n"
        ));
    }
    s
}

fn week1() -> String {
    list(&[
        (AGUS, "AGUS", "33.01.02.2001", "BELUM REKAM"),
        (BAYU, "BAYU", "33.01.02.2001", "BELUM REKAM"),
        (CITRA, "CITRA", "33.01.02.2002", "BELUM REKAM"),
    ])
}

/// Week 2: Agus has recorded, Bayu moved to a village Adipala serves, Citra's name corrected.
fn week2() -> String {
    list(&[
        (AGUS, "AGUS", "33.01.02.2001", "SUDAH REKAM"),
        (BAYU, "BAYU", "33.01.02.2003", "BELUM REKAM"),
        (CITRA, "CITRA DEWI", "33.01.02.2002", "BELUM REKAM"),
    ])
}

fn plan(wd: &Workdir) -> String {
    run_ok(wd, &["plan", "-c", "papila.toml", "--today", "2024-06-10"]).stdout()
}

/// The row each NIK's person is decided by (not `duplicate`), from the manifest.
fn used(wd: &Workdir) -> HashMap<String, HashMap<String, String>> {
    wd.manifest()
        .into_iter()
        .filter(|r| r["status"] != "duplicate")
        .map(|r| (r["nik"].clone(), r))
        .collect()
}

/// The web station tests' campaign: Kesugihan serves two villages, Adipala two others.
fn campaign() -> Workdir {
    let wd = Workdir::new();
    wd.write("papila.toml", common::station::CONFIG);
    wd.keygen();
    wd
}

/// Week 1, planned; then week 2 added as `name`; planned again. The summary of the second plan.
fn two_weeks(wd: &Workdir, name: &str) -> String {
    wd.write("people/minggu-1 (2024-06-01).csv", &week1());
    plan(wd);
    wd.write(&format!("people/{name}"), &week2());
    plan(wd)
}

fn assert_week2_won(wd: &Workdir, summary: &str) {
    assert_week2_used(wd);
    // Agus's invitation is cancelled, said in the summary.
    assert!(
        summary.contains("AGUS: has recorded their e-KTP since"),
        "{summary}"
    );
    // The summary warns of rows that disagree.
    assert!(
        summary.contains("3 duplicate rows say otherwise"),
        "{summary}"
    );
}

fn assert_week2_used(wd: &Workdir) {
    let used = used(wd);
    assert_eq!(used[AGUS]["status"], "already_recorded", "{:?}", used[AGUS]);
    assert_eq!(used[BAYU]["office_id"], "adipala", "{:?}", used[BAYU]);
    assert_eq!(used[BAYU]["village_code"], "33.01.02.2003");
    assert_eq!(used[CITRA]["name"], "CITRA DEWI");
    assert_eq!(used[CITRA]["status"], "invited");
    // Week 1's rows are duplicates that say which row is used and what differs.
    let manifest = wd.manifest();
    let old_citra = manifest
        .iter()
        .find(|r| r["nik"] == CITRA && r["status"] == "duplicate")
        .unwrap();
    assert!(
        old_citra["reason"].contains(&used[CITRA]["source"])
            && old_citra["reason"].contains("CITRA DEWI"),
        "{:?}",
        old_citra["reason"]
    );
}

#[test]
fn the_newer_week_wins_whether_its_file_sorts_first_or_last() {
    let first = campaign();
    let summary = two_weeks(&first, "aa minggu-2 (2024-06-08).csv");
    assert_week2_won(&first, &summary);
    let last = campaign();
    let summary = two_weeks(&last, "zz minggu-2 (2024-06-08).csv");
    assert_week2_won(&last, &summary);
    // The same outcome either way, person by person.
    let (a, b) = (used(&first), used(&last));
    for nik in [AGUS, BAYU, CITRA] {
        for column in [
            "status",
            "name",
            "office_id",
            "village_code",
            "date",
            "start",
        ] {
            assert_eq!(a[nik][column], b[nik][column], "{nik} {column}");
        }
    }
}

#[test]
fn a_third_run_with_nothing_new_keeps_every_week_2_decision() {
    let wd = campaign();
    let set_modified = |file: &str, when: SystemTime| {
        std::fs::File::options()
            .write(true)
            .open(wd.path(file))
            .unwrap()
            .set_modified(when)
            .unwrap();
    };
    // No dates in the names: week 1's file a week old, week 2's new.
    wd.write("people/desa.csv", &week1());
    set_modified(
        "people/desa.csv",
        SystemTime::now() - Duration::from_secs(7 * 86_400),
    );
    plan(&wd);
    wd.write("people/baru.csv", &week2());
    let summary = plan(&wd);
    assert_week2_won(&wd, &summary);
    let before = used(&wd);
    // Week 1's file is then touched (copied back, opened and saved): now it looks the newer. But
    // nothing in it is news, and the rows used last time stay.
    set_modified(
        "people/desa.csv",
        SystemTime::now() + Duration::from_secs(3600),
    );
    let summary = plan(&wd);
    assert_week2_used(&wd);
    assert!(
        summary.contains("3 duplicate rows say otherwise"),
        "{summary}"
    );
    let after = used(&wd);
    for nik in [AGUS, BAYU, CITRA] {
        for column in [
            "source",
            "line",
            "status",
            "name",
            "office_id",
            "invitation_id",
            "date",
        ] {
            assert_eq!(before[nik][column], after[nik][column], "{nik} {column}");
        }
        assert!(
            after[nik]["warnings"].contains("the row used before"),
            "{:?}",
            after[nik]
        );
    }
    assert!(summary.contains("0 cancelled"), "{summary}");
}

#[test]
fn where_only_modification_times_tell_the_newer_export_wins() {
    let wd = campaign();
    // No dates in the names; the older file sorts last.
    wd.write("people/desa.csv", &week1());
    let old = SystemTime::now() - Duration::from_secs(7 * 24 * 3600);
    std::fs::File::options()
        .write(true)
        .open(wd.path("people/desa.csv"))
        .unwrap()
        .set_modified(old)
        .unwrap();
    wd.write("people/baru.csv", &week2());
    let summary = plan(&wd);
    let used = used(&wd);
    assert_eq!(used[CITRA]["name"], "CITRA DEWI", "{summary}");
    assert_eq!(used[AGUS]["status"], "already_recorded");
    assert_eq!(used[BAYU]["office_id"], "adipala");
    // Told apart by time, not by order: no warning that only the order decided.
    assert!(!summary.contains("only the order"), "{summary}");
}

#[test]
fn rows_only_the_order_tells_apart_are_warned_of() {
    let wd = campaign();
    wd.write("people/a.csv", &week1());
    wd.write("people/b.csv", &week2());
    let now = SystemTime::now();
    for f in ["people/a.csv", "people/b.csv"] {
        std::fs::File::options()
            .write(true)
            .open(wd.path(f))
            .unwrap()
            .set_modified(now)
            .unwrap();
    }
    let summary = plan(&wd);
    // Agus says recorded in b: recorded wins; Citra is told apart by order only, and warned.
    assert_eq!(used(&wd)[AGUS]["status"], "already_recorded");
    assert!(
        summary.contains("only the order of the file names decided"),
        "{summary}"
    );
    let warned = wd
        .manifest()
        .into_iter()
        .find(|r| r["nik"] == CITRA && r["status"] != "duplicate")
        .unwrap();
    assert!(
        warned["warnings"].contains("order of the file names"),
        "{warned:?}"
    );
}
