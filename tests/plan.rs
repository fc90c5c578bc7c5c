//! `papila plan` through the real binary: calendars, households, stable re-runs, cancellations, and a
//! run killed in the middle.

mod common;

use std::collections::BTreeMap;
use std::process::Command;
use std::time::{Duration, Instant};

use common::{HEADER, Workdir};

/// A campaign with one office; `office` replaces its days and sessions.
fn campaign(office: &str) -> Workdir {
    let wd = Workdir::campaign();
    let config = common::CONFIG.replace(
        "weekdays = [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\"]\nsessions = [{ start = \"08:00\", end = \"12:00\", capacity = 60 }]",
        office,
    );
    assert_ne!(config, common::CONFIG, "the office lines were replaced");
    wd.write("papila.toml", &config);
    wd
}

fn plan(wd: &Workdir, extra: &[&str]) -> String {
    let mut args = vec!["plan", "-c", "papila.toml"];
    args.extend_from_slice(extra);
    let r = wd.run(&args);
    assert_eq!(r.code(), 0, "plan failed:\n{}\n{}", r.stdout(), r.stderr());
    r.stdout()
}

fn people(rows: &[(&str, &str, &str)]) -> String {
    let mut s = format!("{HEADER};NO_KK\n");
    for (nik, name, birth) in rows {
        s.push_str(&format!(
            "{nik};{name};{birth};L;BELUM KAWIN;33.01.02.2001;\n"
        ));
    }
    s
}

/// `n` people named A, B, C, … of the same age (born 17-08-2007), with NIK serials 0001, 0002, ….
fn peers(n: u8) -> String {
    let rows: Vec<(String, String)> = (0..n)
        .map(|i| {
            (
                format!("330102170807{:04}", i + 1),
                ((b'A' + i) as char).to_string(),
            )
        })
        .collect();
    let rows: Vec<(&str, &str, &str)> = rows
        .iter()
        .map(|(nik, name)| (nik.as_str(), name.as_str(), "17-08-2007"))
        .collect();
    people(&rows)
}

fn dates(wd: &Workdir) -> Vec<(String, String)> {
    wd.manifest()
        .iter()
        .map(|r| (r["name"].clone(), format!("{} {}", r["date"], r["start"])))
        .collect()
}

#[test]
fn weekdays_and_holidays_are_honoured() {
    // Saturdays only, one place a day, from Saturday 10 August 2024. The 17th is Independence Day
    // (national list) and the 24th a local holiday from the config.
    let wd = campaign(
        "weekdays = [\"sat\"]\nsessions = [{ start = \"08:00\", end = \"12:00\", capacity = 1 }]",
    );
    let config = wd
        .read("papila.toml")
        .replace("start = 2024-07-01", "start = 2024-08-10")
        .replace(
            "region = \"33.01\"",
            "region = \"33.01\"\nholidays = [2024-08-24]",
        );
    wd.write("papila.toml", &config);
    wd.write("people/a.csv", &peers(3));
    plan(&wd, &[]);
    assert_eq!(
        dates(&wd),
        [
            ("A", "2024-08-10 08:00"),
            ("B", "2024-08-31 08:00"),
            ("C", "2024-09-07 08:00")
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
    );
    let capacity = wd.read("out/capacity.csv");
    assert!(
        capacity.starts_with(
            "office_id,date,start,end,capacity,booked,office_demand,office_shortfall,office_extra_session_days\n"
        ),
        "{capacity}"
    );
    assert!(
        capacity.contains("kesugihan,2024-08-10,08:00,12:00,1,1,3,0,0\n"),
        "{capacity}"
    );
    assert!(
        !capacity.contains("2024-08-17") && !capacity.contains("2024-08-24"),
        "{capacity}"
    );
    // Every session of the campaign is listed, booked or not: Saturdays 10 Aug – 26 Oct less two.
    assert_eq!(capacity.lines().count() - 1, 12 - 2);
}

#[test]
fn a_listed_holiday_can_be_worked() {
    // Saturday 17 August 2024 is on the national list; this campaign works it anyway.
    let wd = campaign(
        "weekdays = [\"sat\"]\nsessions = [{ start = \"08:00\", end = \"12:00\", capacity = 1 }]",
    );
    let config = wd
        .read("papila.toml")
        .replace("start = 2024-07-01", "start = 2024-08-17")
        .replace(
            "region = \"33.01\"",
            "region = \"33.01\"\nnot_holidays = [2024-08-17]",
        );
    wd.write("papila.toml", &config);
    wd.write("people/a.csv", &peers(1));
    plan(&wd, &[]);
    assert_eq!(wd.row("3301021708070001")["date"], "2024-08-17");
}

#[test]
fn explicit_dates_make_mobile_sessions() {
    let wd = campaign(
        "dates = [2024-08-14, 2024-09-04]\nsessions = [{ start = \"19:00\", end = \"21:00\", capacity = 2 }]",
    );
    wd.write("people/a.csv", &peers(5));
    let out = plan(&wd, &[]);
    let rows = wd.manifest();
    let when: Vec<_> = rows
        .iter()
        .map(|r| {
            (
                r["status"].as_str(),
                r["date"].as_str(),
                r["start"].as_str(),
            )
        })
        .collect();
    assert_eq!(
        when,
        [
            ("invited", "2024-08-14", "19:00"),
            ("invited", "2024-08-14", "19:00"),
            ("invited", "2024-09-04", "19:00"),
            ("invited", "2024-09-04", "19:00"),
            ("overflow", "", ""),
        ]
    );
    assert!(
        rows[4]["reason"].contains("no free place at office kesugihan"),
        "{:?}",
        rows[4]
    );
    // The summary says how far short the office is and what would clear it.
    let line = out
        .lines()
        .find(|l| l.trim_start().starts_with("kesugihan"))
        .unwrap_or_default();
    let figures: Vec<&str> = line.split_whitespace().collect();
    assert_eq!(figures, ["kesugihan", "5", "4", "1", "1"], "{out}");
    let capacity = wd.read("out/capacity.csv");
    assert!(
        capacity.contains("kesugihan,2024-08-14,19:00,21:00,2,2,5,1,1\n"),
        "{capacity}"
    );
}

#[test]
fn siblings_share_a_session() {
    let wd = campaign(
        "weekdays = [\"mon\"]\nsessions = [{ start = \"08:00\", end = \"12:00\", capacity = 3 }]",
    );
    wd.write(
        "people/a.csv",
        &format!(
            "{HEADER};NO_KK\n\
             3301021708070001;OLDEST;17-08-2005;L;1;33.01.02.2001;3301020101000001\n\
             3301021708070002;OTHER;17-08-2006;L;1;33.01.02.2001;\n\
             3301021708070003;ANOTHER;17-08-2006;L;1;33.01.02.2001;\n\
             3301021708070004;TWIN ONE;17-08-2007;L;1;33.01.02.2001;3301020101000009\n\
             3301021708070005;TWIN TWO;17-08-2007;L;1;33.01.02.2001;3301020101000009\n\
             3301021708070006;SIBLING;17-08-2007;L;1;33.01.02.2001;3301020101000001\n"
        ),
    );
    plan(&wd, &[]);
    let by_name: BTreeMap<String, String> = dates(&wd).into_iter().collect();
    // Three places a Monday. OLDEST (born first) goes first and brings SIBLING, born two years later,
    // along: 1 July. OTHER takes the last place of 1 July, so ANOTHER goes to 8 July, and the twins
    // find room for both there. Without households SIBLING, born 2007, would come after everyone.
    let expected = [
        ("ANOTHER", "2024-07-08 08:00"),
        ("OLDEST", "2024-07-01 08:00"),
        ("OTHER", "2024-07-01 08:00"),
        ("SIBLING", "2024-07-01 08:00"),
        ("TWIN ONE", "2024-07-08 08:00"),
        ("TWIN TWO", "2024-07-08 08:00"),
    ];
    let got: Vec<(&str, &str)> = by_name
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(got, expected);
}

#[test]
fn rerun_keeps_appointments_places_newcomers_and_cancels_the_recorded() {
    let wd = campaign(
        "weekdays = [\"mon\"]\nsessions = [{ start = \"08:00\", end = \"12:00\", capacity = 1 }]",
    );
    let first = [
        ("3301021708070001", "A", "17-08-2007"),
        ("3301021708070002", "B", "17-08-2007"),
    ];
    wd.write("people/a.csv", &people(&first));
    plan(&wd, &[]);
    let before: Vec<_> = wd.manifest();
    assert_eq!(before[1]["date"], "2024-07-08");

    // A newcomer who would sort first (older), and A has recorded in the meantime.
    let mut text = people(&[("3301021708070003", "NEWCOMER", "17-08-2004")]);
    text.push_str(
        &people(&first)
            .lines()
            .skip(1)
            .map(|l| format!("{l}\n"))
            .collect::<String>(),
    );
    wd.write("people/a.csv", &text);
    wd.write("sudah.csv", "3301021708070001\n");
    wd.write(
        "papila.toml",
        &wd.read("papila.toml").replace(
            "files = [\"people/\"]",
            "files = [\"people/\"]\nrecorded = \"sudah.csv\"",
        ),
    );
    let out = plan(&wd, &[]);
    let b = wd.row("3301021708070002");
    // B keeps the appointment and the id it was given, though NEWCOMER sorts before it.
    assert_eq!(
        (b["date"].as_str(), b["invitation_id"].as_str()),
        ("2024-07-08", before[1]["invitation_id"].as_str())
    );
    // NEWCOMER gets what is left: A's place is freed by the cancellation.
    let n = wd.row("3301021708070003");
    assert_eq!(
        (n["status"].as_str(), n["date"].as_str()),
        ("invited", "2024-07-01")
    );
    let a = wd.row("3301021708070001");
    assert_eq!(
        (a["status"].as_str(), a["invitation_id"].as_str()),
        ("already_recorded", "")
    );
    assert!(
        out.contains(&format!(
            "{}  A: has recorded their e-KTP since",
            before[0]["invitation_id"]
        )),
        "{out}"
    );
    assert!(
        out.contains("1 kept from earlier runs, 1 new, 0 restored, 0 moved, 1 cancelled"),
        "{out}"
    );

    // A third run changes nothing.
    let manifest = wd.read("out/manifest.csv");
    let out = plan(&wd, &[]);
    assert!(out.contains("2 kept from earlier runs, 0 new"), "{out}");
    assert_eq!(wd.read("out/manifest.csv"), manifest);
}

#[test]
fn lowered_capacity_is_reported_and_replan_moves_only_when_asked() {
    let wd = campaign(
        "weekdays = [\"mon\"]\nsessions = [{ start = \"08:00\", end = \"12:00\", capacity = 3 }]",
    );
    wd.write("people/a.csv", &peers(3));
    plan(&wd, &[]);
    wd.write(
        "papila.toml",
        &wd.read("papila.toml")
            .replace("capacity = 3", "capacity = 2"),
    );
    let out = plan(&wd, &[]);
    assert!(
        out.contains("kesugihan on 2024-07-01 08:00: 3 booked, capacity now 2"),
        "{out}"
    );
    assert!(dates(&wd).iter().all(|(_, d)| d == "2024-07-01 08:00"));

    let ids: Vec<String> = wd
        .manifest()
        .iter()
        .map(|r| r["invitation_id"].clone())
        .collect();
    let out = plan(&wd, &["--replan"]);
    assert!(out.contains("1 moved"), "{out}");
    assert_eq!(dates(&wd)[2].1, "2024-07-08 08:00");
    // Moving keeps each person's invitation id.
    let after: Vec<String> = wd
        .manifest()
        .iter()
        .map(|r| r["invitation_id"].clone())
        .collect();
    assert_eq!(ids, after);
}

#[test]
fn nobody_is_placed_before_reaching_min_age_or_after_end() {
    // With min_age = 17, someone turning 17 during the campaign waits for that day; someone turning
    // 17 after the last day overflows, with that reason; married people have no minimum.
    let wd = campaign(
        "weekdays = [\"mon\"]\nsessions = [{ start = \"08:00\", end = \"12:00\", capacity = 5 }]",
    );
    wd.write(
        "papila.toml",
        &wd.read("papila.toml")
            .replace("region = \"33.01\"", "region = \"33.01\"\nmin_age = 17"),
    );
    wd.write(
        "people/a.csv",
        &format!(
            "{HEADER}\n\
             3301021509070001;SEVENTEEN IN SEPT;15-09-2007;L;BELUM KAWIN;33.01.02.2001\n\
             3301022011070001;SEVENTEEN AFTER END;20-11-2007;L;BELUM KAWIN;33.01.02.2001\n\
             3301022011090001;MARRIED YOUNG;20-11-2009;L;KAWIN;33.01.02.2001\n"
        ),
    );
    plan(&wd, &[]);
    // Turns 17 on Sunday 15 Sep 2024; Monday the 16th is Maulid Nabi (national list), so the 23rd.
    assert_eq!(wd.row("3301021509070001")["date"], "2024-09-23");
    let late = wd.row("3301022011070001");
    assert_eq!(late["status"], "overflow");
    assert!(
        late["reason"].contains("reaches 17 on 20-11-2024, after the last appointment day"),
        "{late:?}"
    );
    assert_eq!(wd.row("3301022011090001")["date"], "2024-07-01");

    // Age is no capacity shortage: the plan says so apart and advises no extra days, capacity.csv
    // shows no shortfall, and the report neither counts them as "no place" nor in the share
    // recorded (issue 23, point 1).
    let r = wd.run(&["plan", "-c", "papila.toml"]);
    assert_eq!(r.code(), 0, "{}", r.stderr());
    assert!(
        r.stdout().contains(
            "1 eligible person reaches the minimum age only after the last appointment day"
        ),
        "{}",
        r.stdout()
    );
    assert!(!r.stdout().contains("Not enough places"), "{}", r.stdout());
    for row in wd.csv("out/capacity.csv") {
        assert_eq!(row["office_shortfall"], "0", "{row:?}");
        assert_eq!(row["office_extra_session_days"], "0", "{row:?}");
    }
    let report = wd.run(&["report", "-c", "papila.toml", "--today", "2024-07-01"]);
    assert_eq!(report.code(), 0, "{}", report.stderr());
    let district = wd
        .csv("out/report.csv")
        .into_iter()
        .find(|r| r["level"] == "district")
        .unwrap();
    assert_eq!(district["overflow"], "0", "{district:?}");
    assert_eq!(district["too_late"], "1", "{district:?}");
    assert_eq!(district["invited"], "2", "{district:?}");
    assert!(
        report
            .stdout()
            .contains("1 eligible person reaches the minimum age only after"),
        "{}",
        report.stdout()
    );
}

#[test]
fn a_killed_plan_is_completed_by_the_next_with_the_same_result() {
    let generate = |dir: &std::path::Path| {
        let ok = Command::new(env!("CARGO_BIN_EXE_gen-district"))
            .args([
                "--out",
                dir.to_str().unwrap(),
                "--people",
                "20000",
                "--seed",
                "9",
            ])
            .status()
            .unwrap()
            .success();
        assert!(ok);
    };
    let killed = Workdir::new();
    let whole = Workdir::new();
    generate(killed.root());
    generate(whole.root());
    // Both districts share one key so that nothing differs but the kill.
    std::fs::copy(
        whole.path("keys/papila.key"),
        killed.path("keys/papila.key"),
    )
    .unwrap();

    let mut child = common::command(killed.root())
        .args(["plan", "-c", "papila.toml"])
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Kill once the transaction is writing: SQLite's rollback journal exists from then on.
    let started = Instant::now();
    while !killed.path("papila.db-journal").exists() && started.elapsed() < Duration::from_secs(60)
    {
        std::thread::sleep(Duration::from_millis(1));
    }
    std::thread::sleep(Duration::from_millis(200));
    child.kill().unwrap(); // SIGKILL
    let status = child.wait().unwrap();
    assert!(
        status.code().is_none(),
        "plan finished before it could be killed; the test proves nothing"
    );
    assert!(
        !killed.path("out/manifest.csv").exists(),
        "a killed first run wrote a manifest"
    );

    let r = killed.run(&["plan", "-c", "papila.toml"]);
    assert_eq!(r.code(), 0, "{}", r.stderr());
    let r = whole.run(&["plan", "-c", "papila.toml"]);
    assert_eq!(r.code(), 0, "{}", r.stderr());
    assert_eq!(
        killed.read("out/manifest.csv"),
        whole.read("out/manifest.csv")
    );
    assert_eq!(
        killed.read("out/capacity.csv"),
        whole.read("out/capacity.csv")
    );
    let invitations = |wd: &Workdir| {
        let conn = rusqlite::Connection::open(wd.path("papila.db")).unwrap();
        let mut stmt = conn
            .prepare(
                "SELECT id, nik, seq, state, office_id, date, start FROM invitation ORDER BY seq",
            )
            .unwrap();
        stmt.query_map([], |r| {
            Ok(format!(
                "{:?}",
                (
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, String>(6)?
                )
            ))
        })
        .unwrap()
        .collect::<rusqlite::Result<Vec<_>>>()
        .unwrap()
    };
    let a = invitations(&killed);
    assert!(a.len() > 10_000, "{}", a.len());
    assert_eq!(a, invitations(&whole));
}

/// The test campaign moved to `start`–`end` with election day `election`.
fn campaign_in(start: &str, end: &str, election: &str) -> Workdir {
    let wd = Workdir::campaign();
    wd.write(
        "papila.toml",
        &common::CONFIG
            .replace(
                "election_date = 2024-11-27",
                &format!("election_date = {election}"),
            )
            .replace("start = 2024-07-01", &format!("start = {start}"))
            .replace("end = 2024-10-31", &format!("end = {end}")),
    );
    wd.write(
        "people/a.csv",
        &format!(
            "{}\n3301021708100001;ANDI;17-08-2010;L;BELUM KAWIN;33.01.02.2001\n",
            common::HEADER
        ),
    );
    wd
}

#[test]
fn a_campaign_in_2028_skips_the_estimated_holidays_and_says_they_are_estimates() {
    let wd = campaign_in("2028-01-24", "2028-03-31", "2029-02-14");
    let r = wd.run(&["plan", "-c", "papila.toml", "--today", "2028-01-01"]);
    assert_eq!(r.code(), 0, "{}{}", r.stdout(), r.stderr());
    let days: Vec<String> = wd
        .csv("out/capacity.csv")
        .into_iter()
        .map(|r| r["date"].clone())
        .collect();
    assert!(days.contains(&"2028-01-24".to_string()), "{days:?}");
    for holiday in ["2028-01-26", "2028-02-28"] {
        assert!(
            !days.contains(&holiday.to_string()),
            "a session on {holiday}"
        );
    }
    let out = r.stdout();
    assert!(out.contains("These holidays are estimates"), "{out}");
    assert!(
        out.contains("2028-02-28 Hari kedua dari Hari Raya Idul Fitri"),
        "{out}"
    );
    assert!(
        out.contains("No collective leave (cuti bersama) is known for 2028"),
        "{out}"
    );
}

#[test]
fn a_campaign_past_the_holiday_list_is_told_to_list_its_holidays() {
    let wd = campaign_in("2031-01-06", "2031-03-31", "2032-02-14");
    let r = wd.run(&["plan", "-c", "papila.toml", "--today", "2031-01-01"]);
    assert_eq!(r.code(), 0, "{}{}", r.stdout(), r.stderr());
    assert!(
        r.stdout().contains(
            "papila's list of national holidays ends in 2030: no holiday is known for 2031"
        ),
        "{}",
        r.stdout()
    );
    assert!(
        r.stdout().contains("[campaign] holidays = [2031-01-01"),
        "{}",
        r.stdout()
    );
}

#[test]
fn a_plan_while_another_holds_the_campaign_is_refused_and_changes_nothing() {
    let wd = Workdir::campaign();
    wd.write(
        "people/a.csv",
        &format!(
            "{}\n3301021708070001;ANDI;17-08-2007;L;BELUM KAWIN;33.01.02.2001\n",
            common::HEADER
        ),
    );
    // What another running plan holds: the OS lock beside the ledger.
    let lock = std::fs::File::create(wd.path("papila.db.plan-lock")).unwrap();
    lock.try_lock().unwrap();
    let r = wd.run(&["plan", "-c", "papila.toml"]);
    assert_eq!(r.code(), 1, "{}", r.stdout());
    assert!(
        r.stderr()
            .starts_with("error: another `papila plan` (or `run`) is planning this campaign"),
        "{}",
        r.stderr()
    );
    assert!(!wd.path("out/manifest.csv").exists());
    assert!(!wd.path("papila.db").exists());
    drop(lock);
    assert_eq!(wd.run(&["plan", "-c", "papila.toml"]).code(), 0);
}

#[test]
fn an_office_may_serve_a_whole_kecamatan_by_code_or_name() {
    for villages in [r#"["33.01.02"]"#, r#"[{ kecamatan = "Kesugihan" }]"#] {
        let wd = Workdir::campaign();
        common::Config::new()
            .set("office.villages", villages)
            .write(&wd);
        wd.write(
            "people/a.csv",
            &format!(
                "{HEADER}\n3301021708070001;A;17-08-2007;L;1;33.01.02.2001\n\
                 3301021708070002;B;17-08-2007;L;1;33.01.02.2010\n\
                 3301021708070003;C;17-08-2007;L;1;33.01.03.2005\n"
            ),
        );
        plan(&wd, &[]);
        let status = |nik: &str| wd.row(nik)["status"].clone();
        // Every village of Kesugihan, and none other.
        assert_eq!(status("3301021708070001"), "invited", "{villages}");
        assert_eq!(status("3301021708070002"), "invited", "{villages}");
        assert_eq!(status("3301021708070003"), "out_of_area", "{villages}");
    }
    // A kecamatan code that does not exist is named as such.
    let wd = Workdir::campaign();
    common::Config::new()
        .set("office.villages", r#"["33.01.99"]"#)
        .write(&wd);
    let r = wd.run(&["check", "-c", "papila.toml"]);
    assert_eq!(r.code(), 1);
    assert!(
        r.stderr().contains("no kecamatan with code 33.01.99"),
        "{}",
        r.stderr()
    );
}

#[test]
fn a_person_checked_in_before_their_day_frees_their_seat() {
    let wd = campaign(
        "weekdays = [\"mon\", \"tue\", \"wed\"]\nsessions = [{ start = \"08:00\", end = \"12:00\", capacity = 1 }]",
    );
    common::Config::from(&wd.read("papila.toml"))
        .signing()
        .write(&wd);
    wd.keygen();
    wd.write(
        "people/a.csv",
        &people(&[
            ("3301021708070001", "A", "17-08-2007"),
            ("3301021808070002", "B", "18-08-2007"),
        ]),
    );
    plan(&wd, &["--today", "2024-06-20"]);
    let b = wd.row("3301021808070002");
    assert_eq!(b["date"], "2024-07-02");
    // B comes on Monday, a day early, with their invitation id typed.
    let mut checkin = common::command(wd.root())
        .args(["checkin", "-c", "papila.toml", "--today", "2024-07-01"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write as _;
    writeln!(checkin.stdin.take().unwrap(), "{}", b["invitation_id"]).unwrap();
    let out = checkin.wait_with_output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("not_today"));
    // A newcomer gets B's Tuesday seat, not Wednesday.
    wd.write(
        "people/a.csv",
        &people(&[
            ("3301021708070001", "A", "17-08-2007"),
            ("3301021808070002", "B", "18-08-2007"),
            ("3301021908070003", "C", "19-08-2007"),
        ]),
    );
    plan(&wd, &["--today", "2024-06-20"]);
    assert_eq!(wd.row("3301021908070003")["date"], "2024-07-02");
}

#[test]
fn a_no_show_with_no_later_place_counts_in_the_shortfall() {
    let wd = Workdir::campaign();
    // Two days with one place each: both taken on the first plan.
    common::Config::new()
        .set("campaign.end", "2024-07-02")
        .set(
            "office.sessions",
            r#"[{ start = "08:00", end = "12:00", capacity = 1 }]"#,
        )
        .write(&wd);
    wd.write(
        "people/desa.csv",
        &format!(
            "{HEADER}\n3301021708070001;ANDI PRATAMA;17-08-2006;L;BELUM KAWIN;33.01.02.2001\n\
             3301025708070002;SITI AMINAH;17-08-2006;P;BELUM KAWIN;33.01.02.2001\n"
        ),
    );
    let first = common::run_ok(&wd, &["plan", "-c", "papila.toml", "--today", "2024-06-20"]);
    assert!(
        !first.stdout().contains("Not enough places"),
        "{}",
        first.stdout()
    );
    // The first day passes and its person did not come: no later place is left for them.
    let after = common::run_ok(&wd, &["plan", "-c", "papila.toml", "--today", "2024-07-02"]);
    let out = after.stdout();
    assert!(out.contains("Not enough places"), "{out}");
    assert!(
        out.contains("The shortfall counts 1 who missed their day"),
        "{out}"
    );
    let row: Vec<&str> = out
        .lines()
        .find(|l| l.trim_start().starts_with("kesugihan"))
        .unwrap_or_else(|| panic!("no capacity row for kesugihan in {out}"))
        .split_whitespace()
        .collect();
    // office, demand, capacity, shortfall, extra session-days.
    assert_eq!(row[3..], ["1", "1"], "{row:?}");
}
