//! `papila checkin` and `papila report` through the real binary: scans typed on stdin as a USB scanner types them, at
//! the district (with the ledger) and offline (public key and a scan log), then merged.
//! Tokens are made with papila's own signing code and the campaign's key, as letters carry them.

mod common;

use std::process::Command;

use chrono::{NaiveDate, NaiveTime};
use common::{Workdir, run_ok};
use papila::token::{Claims, sign};

/// The test campaign with a key and three people on the first days of July 2024.
fn campaign() -> Workdir {
    let wd = Workdir::campaign();
    common::Config::new().signing().write(&wd);
    wd.keygen();
    run_ok(&wd, &["keygen", "keys/other.key"]);
    wd.write(
        "people/desa.csv",
        &format!(
            "{}\n3301021708070001;ANDI PRATAMA;17-08-2007;L;BELUM KAWIN;33.01.02.2001\n\
             3301025708070002;SITI AMINAH;17-08-2007;P;BELUM KAWIN;33.01.02.2001\n\
             3301021808070003;BUDI SANTOSO;18-08-2007;L;BELUM KAWIN;33.01.02.2002\n",
            common::HEADER
        ),
    );
    run_ok(&wd, &["plan", "-c", "papila.toml"]);
    wd
}

/// Runs `papila ARGS` with `input` on stdin.
fn scan(wd: &Workdir, args: &[&str], input: &str) -> common::Run {
    scan_in(wd, "en", args, input)
}

/// `scan`, with papila speaking `lang`.
fn scan_in(wd: &Workdir, lang: &str, args: &[&str], input: &str) -> common::Run {
    wd.run_with_stdin(lang, args, input)
}

/// (invitation id, date) of the invited row named `name`.
fn invitation(wd: &Workdir, name: &str) -> (String, NaiveDate) {
    let row = wd
        .manifest()
        .into_iter()
        .find(|r| r["name"] == name)
        .unwrap();
    (
        row["invitation_id"].clone(),
        NaiveDate::parse_from_str(&row["date"], "%Y-%m-%d").unwrap(),
    )
}

fn token(wd: &Workdir, key: &str, campaign: &str, id: &str, date: NaiveDate) -> String {
    let key = papila::keys::load(&wd.path(key)).unwrap();
    sign(
        &key,
        &Claims {
            campaign: papila::token::Campaign::of(campaign),
            invitation_id: id.into(),
            appointment: papila::appointment::Appointment {
                office_id: "kesugihan".into(),
                date,
                start: NaiveTime::from_hms_opt(8, 0, 0).unwrap(),
                end: NaiveTime::from_hms_opt(12, 0, 0).unwrap(),
            },
        },
    )
}

/// Each answer's first word, in order.
fn outcomes(stdout: &str) -> Vec<String> {
    stdout
        .lines()
        .map(|l| l.split_whitespace().next().unwrap_or("").to_string())
        .collect()
}

fn checkins(wd: &Workdir) -> Vec<(String, String)> {
    let conn = rusqlite::Connection::open(wd.path("papila.db")).unwrap();
    let mut stmt = conn
        .prepare("SELECT invitation_id, how FROM checkin ORDER BY invitation_id")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn every_kind_of_scan_gets_its_answer_and_only_good_ones_are_recorded() {
    let wd = campaign();
    let (andi, andi_day) = invitation(&wd, "ANDI PRATAMA");
    let (siti, siti_day) = invitation(&wd, "SITI AMINAH");
    let (budi, budi_day) = invitation(&wd, "BUDI SANTOSO");
    assert_eq!(andi_day, siti_day, "the first two share a day");
    // One session holds 60: BUDI, eligible from the start too, is placed on the same first day.
    assert_eq!(budi_day, andi_day);
    let valid = token(&wd, "keys/papila.key", "test-2024", &andi, andi_day);
    // One character of the signature changed: still a well-formed token.
    let mut changed: Vec<char> = valid.chars().collect();
    let at = changed.len() - 10;
    changed[at] = if changed[at] == 'A' { 'B' } else { 'A' };
    let changed: String = changed.into_iter().collect();
    let lines = [
        valid.clone(),
        valid.clone(),
        token(&wd, "keys/other.key", "test-2024", &siti, siti_day),
        token(&wd, "keys/papila.key", "pilkada-lain", &siti, siti_day),
        siti.to_lowercase(),
        token(&wd, "keys/papila.key", "test-2024", &budi, budi_day),
        "hello there!".to_string(),
        changed,
    ];
    let today = andi_day.to_string();
    let r = scan(
        &wd,
        &[
            "checkin",
            "-c",
            "papila.toml",
            "--today",
            &today,
            "--station",
            "kantor",
        ],
        &(lines.join("\n") + "\n"),
    );
    assert_eq!(r.code(), 0, "{}", r.stderr());
    let mut expected = vec![
        "valid",
        "already_checked_in",
        "forged",
        "wrong_campaign",
        "valid",
        "valid",
        "malformed",
        "forged",
    ];
    assert_eq!(outcomes(&r.stdout()), expected, "{}", r.stdout());
    // Every scan, refused ones too, is kept for audit, with its outcome.
    let audit: Vec<String> = {
        let conn = rusqlite::Connection::open(wd.path("papila.db")).unwrap();
        let mut stmt = conn
            .prepare("SELECT outcome FROM scan ORDER BY id")
            .unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    assert_eq!(audit, expected);
    assert!(r.stdout().lines().next().unwrap().contains("ANDI PRATAMA"));
    assert!(
        r.stderr().contains("8 scans: 3 checked in (3 valid); 5 not recorded (1 already_checked_in, 2 forged, 1 malformed, 1 wrong_campaign)"),
        "{}",
        r.stderr()
    );
    let mut want = vec![
        (andi.clone(), "scan".to_string()),
        (siti.clone(), "typed".to_string()),
        (budi.clone(), "scan".to_string()),
    ];
    want.sort();
    assert_eq!(checkins(&wd), want);

    // A day on which nobody is invited: a genuine letter is accepted with a warning. And a person
    // who has since left the list holds a cancelled letter.
    wd.remove_lines("people/desa.csv", "BUDI");
    run_ok(&wd, &["plan", "-c", "papila.toml"]);
    let other_day = (andi_day + chrono::Duration::days(40)).to_string();
    let r = scan(
        &wd,
        &["checkin", "-c", "papila.toml", "--today", &other_day],
        &format!(
            "{}\n{}\n",
            token(&wd, "keys/papila.key", "test-2024", &budi, budi_day),
            siti
        ),
    );
    expected = vec!["cancelled", "already_checked_in"];
    assert_eq!(outcomes(&r.stdout()), expected, "{}", r.stdout());
    // The answer says why, as the plan that cancelled it did.
    assert!(
        r.stdout()
            .contains("this invitation was cancelled (no longer in the lists)"),
        "{}",
        r.stdout()
    );
    // The ledger keeps the reason as a code, not as the sentence: a campaign heard in Bahasa
    // Indonesia is told it in its own words.
    let ledger = rusqlite::Connection::open(wd.path("papila.db")).unwrap();
    let stored: String = ledger
        .query_row(
            "SELECT detail FROM invitation_event WHERE kind = 'cancelled'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(stored, "left");
    let r = scan_in(
        &wd,
        "id",
        &["checkin", "-c", "papila.toml", "--today", &other_day],
        &format!(
            "{}\n",
            token(&wd, "keys/papila.key", "test-2024", &budi, budi_day)
        ),
    );
    assert!(
        r.stdout()
            .contains("undangan ini sudah dibatalkan (tidak ada lagi di daftar)"),
        "{}",
        r.stdout()
    );
}

#[test]
fn a_scan_on_another_day_is_accepted_with_a_warning() {
    let wd = campaign();
    let (andi, day) = invitation(&wd, "ANDI PRATAMA");
    let other_day = (day + chrono::Duration::days(3)).to_string();
    let r = scan(
        &wd,
        &["checkin", "-c", "papila.toml", "--today", &other_day],
        &format!(
            "{}\n",
            token(&wd, "keys/papila.key", "test-2024", &andi, day)
        ),
    );
    assert_eq!(outcomes(&r.stdout()), ["not_today"], "{}", r.stdout());
    assert!(r.stdout().contains("not today: accepted"), "{}", r.stdout());
    insta::assert_snapshot!("checkin_not_today", r.stdout());
    assert_eq!(checkins(&wd), [(andi.clone(), "scan".to_string())]);
    // The same letter again, answered in Bahasa Indonesia; the outcome word stays as it is.
    let again = scan_in(
        &wd,
        "id",
        &["checkin", "-c", "papila.toml", "--today", &other_day],
        &format!(
            "{}\n",
            token(&wd, "keys/papila.key", "test-2024", &andi, day)
        ),
    );
    assert_eq!(outcomes(&again.stdout()), ["already_checked_in"]);
    // The first check-in's time of day is the clock's: shown as [TIME].
    let said = again.stdout();
    let at = said.rfind(' ').unwrap();
    insta::assert_snapshot!("checkin_again_id", format!("{} [TIME])", &said[..at]));
}

#[test]
fn an_offline_log_imported_twice_is_counted_once() {
    let wd = campaign();
    let (andi, day) = invitation(&wd, "ANDI PRATAMA");
    let (siti, _) = invitation(&wd, "SITI AMINAH");
    let valid = token(&wd, "keys/papila.key", "test-2024", &andi, day);
    let forged = token(&wd, "keys/other.key", "test-2024", &siti, day);
    let today = day.to_string();
    let offline = [
        "checkin",
        "--public-key",
        "keys/papila.key.pub",
        "--log",
        "scans.csv",
        "--station",
        "balai-desa",
        "--today",
        &today,
    ];
    // Two sessions at the village office append to one log; the second scan of Andi is a repeat.
    let first = scan(&wd, &offline, &format!("{valid}\n{forged}\n"));
    assert_eq!(
        outcomes(&first.stdout()),
        ["valid", "forged"],
        "{}",
        first.stderr()
    );
    let second = scan(&wd, &offline, &format!("{valid}\n{siti}\n"));
    assert_eq!(
        outcomes(&second.stdout()),
        ["already_checked_in", "unverified"],
        "{}",
        second.stdout()
    );
    assert!(
        checkins(&wd).is_empty(),
        "offline scans do not touch the ledger"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(wd.path("scans.csv"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "the log says who came: owner-only");
    }

    let import = run_ok(
        &wd,
        &["checkin", "-c", "papila.toml", "--import", "scans.csv"],
    );
    assert!(
        import
            .stdout()
            .contains("scans.csv: 2 check-ins added, 0 already in the ledger, 0 refused, 2 rows were not check-ins."),
        "{}",
        import.stdout()
    );
    let mut want = vec![
        (andi.clone(), "import".to_string()),
        (siti.clone(), "import".to_string()),
    ];
    want.sort();
    assert_eq!(checkins(&wd), want);

    let again = run_ok(
        &wd,
        &["checkin", "-c", "papila.toml", "--import", "scans.csv"],
    );
    assert!(
        again
            .stdout()
            .contains("scans.csv: 0 check-ins added, 2 already in the ledger, 0 refused"),
        "{}",
        again.stdout()
    );
    assert_eq!(checkins(&wd), want);
}

/// Adds a letterhead to the campaign, for letters and the summary.
fn with_issuer(wd: &Workdir) {
    common::Config::from(&wd.read("papila.toml"))
        .issuer()
        .write(wd);
}

/// `papila report` counts what the ledger holds as of a day, and report.csv and summary.pdf agree.
#[test]
fn report_csv_and_summary_pdf_agree_with_the_ledger() {
    let wd = campaign();
    with_issuer(&wd);
    let (andi, day) = invitation(&wd, "ANDI PRATAMA");
    let today = day.to_string();
    scan(
        &wd,
        &["checkin", "-c", "papila.toml", "--today", &today],
        &format!("{andi}\n"),
    );

    let report = |as_of: NaiveDate| {
        run_ok(
            &wd,
            &["report", "-c", "papila.toml", "--today", &as_of.to_string()],
        );
        wd.csv("out/report.csv")
    };
    let pick = |rows: &[std::collections::HashMap<String, String>], level: &str| {
        let row = rows.iter().find(|r| r["level"] == level).unwrap();
        [
            "invited",
            "attended",
            "no_show",
            "pending",
            "overflow",
            "recorded_pct",
        ]
        .map(|c| row[c].clone())
    };
    // On the day itself: one came, two are still to come.
    let rows = report(day);
    assert_eq!(pick(&rows, "district"), ["3", "1", "0", "2", "0", "33.3"]);
    // The next day the two who did not come have missed their appointment.
    let rows = report(day + chrono::Duration::days(1));
    assert_eq!(pick(&rows, "district"), ["3", "1", "2", "0", "0", "33.3"]);
    let villages: Vec<_> = rows
        .iter()
        .filter(|r| r["level"] == "village")
        .map(|r| {
            (
                r["village"].clone(),
                r["invited"].clone(),
                r["attended"].clone(),
            )
        })
        .collect();
    assert_eq!(
        villages,
        [
            ("Menganti".to_string(), "2".to_string(), "1".to_string()),
            ("Slarang".to_string(), "1".to_string(), "0".to_string())
        ]
    );

    let out = Command::new("pdftotext")
        .args(["-layout", wd.path("out/summary.pdf").to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (poppler-utils, installed by .ci/run)");
    let text = String::from_utf8_lossy(&out.stdout);
    let kesugihan = text
        .lines()
        .find(|l| l.trim_start().starts_with("Kesugihan") && l.contains('%'))
        .unwrap_or_else(|| panic!("no Kesugihan line in\n{text}"));
    let numbers: Vec<&str> = kesugihan.split_whitespace().skip(1).collect();
    assert_eq!(numbers, ["3", "1", "2", "0", "0", "33.3%"], "{kesugihan}");
    assert!(text.contains("1 / 2"), "coverage of Menganti: {text}");
}

/// After their day has passed, those who did not come are invited again (once, by default), with
/// a letter that says so; whoever came is not.
#[test]
fn a_no_show_is_invited_again_and_an_attendee_is_not() {
    let wd = campaign();
    with_issuer(&wd);
    let (andi, day) = invitation(&wd, "ANDI PRATAMA");
    let (siti, _) = invitation(&wd, "SITI AMINAH");
    let (budi, _) = invitation(&wd, "BUDI SANTOSO");
    assert_eq!(day.to_string(), "2024-07-01");
    scan(
        &wd,
        &["checkin", "-c", "papila.toml", "--today", "2024-07-01"],
        &format!("{andi}\n"),
    );
    // The old letter of Siti, before anything moves.
    let old_letter = token(&wd, "keys/papila.key", "test-2024", &siti, day);

    let seq_of = |id: &str| -> i64 {
        rusqlite::Connection::open(wd.path("papila.db"))
            .unwrap()
            .query_row("SELECT seq FROM invitation WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .unwrap()
    };
    let first_number = seq_of(&siti);
    // Tuesday 2 July, three days' notice (the default notice_days): Friday 5 July.
    let r = run_ok(&wd, &["plan", "-c", "papila.toml", "--today", "2024-07-02"]);
    // The second letter is a letter of its own, with its own number.
    assert!(seq_of(&siti) > first_number);
    assert!(r.stdout().contains("Invited again"), "{}", r.stdout());
    let row = |name: &str| {
        wd.manifest()
            .into_iter()
            .find(|r| r["name"] == name)
            .unwrap()
    };
    assert_eq!(row("ANDI PRATAMA")["status"], "invited");
    assert_eq!(row("ANDI PRATAMA")["date"], "2024-07-01");
    for (name, id) in [("SITI AMINAH", &siti), ("BUDI SANTOSO", &budi)] {
        let r = row(name);
        assert_eq!(r["status"], "reinvited", "{r:?}");
        assert_eq!(&r["invitation_id"], id, "the invitation id stays");
        assert_eq!(r["date"], "2024-07-05");
        assert!(r["reason"].contains("did not come on 2024-07-01"), "{r:?}");
    }

    // Their new letters say it is a second invitation and which day was missed.
    run_ok(&wd, &["render", "-c", "papila.toml"]);
    let out = Command::new("pdftotext")
        .args([
            "-layout",
            wd.path("out/print/kesugihan/menganti.pdf")
                .to_str()
                .unwrap(),
            "-",
        ])
        .output()
        .expect("pdftotext (poppler-utils, installed by .ci/run)");
    let text = String::from_utf8_lossy(&out.stdout);
    let pages: Vec<&str> = text.split('\u{c}').collect();
    let siti_page = pages
        .iter()
        .find(|p| p.contains(siti.as_str()) && p.contains("Perihal"))
        .unwrap();
    assert!(siti_page.contains("UNDANGAN KEDUA"), "{siti_page}");
    assert!(
        siti_page.contains("jadwal perekaman sebelumnya, Senin, 1 Juli"),
        "{siti_page}"
    );
    assert!(siti_page.contains("Jumat, 5 Juli 2024"), "{siti_page}");
    // Andi came: no letter of his is printed again, first or second.
    assert!(
        !pages
            .iter()
            .any(|p| p.contains(andi.as_str()) && p.contains("Perihal")),
        "a letter for Andi, who came"
    );

    // Planning again the same day changes nothing. Siti comes on the new day with her old letter:
    // she is here, so she is checked in (with a warning).
    let again = run_ok(&wd, &["plan", "-c", "papila.toml", "--today", "2024-07-02"]);
    assert!(
        !again.stdout().contains("Invited again"),
        "{}",
        again.stdout()
    );
    assert_eq!(row("SITI AMINAH")["date"], "2024-07-05");
    let r = scan(
        &wd,
        &["checkin", "-c", "papila.toml", "--today", "2024-07-05"],
        &format!("{old_letter}\n"),
    );
    assert_eq!(outcomes(&r.stdout()), ["replaced"], "{}", r.stdout());
    assert!(r.stdout().contains("a replaced letter"), "{}", r.stdout());

    // Budi missed again: the default max_invitations = 2 is reached, so he is not invited a
    // third time; Siti came, so she is not either.
    let later = run_ok(&wd, &["plan", "-c", "papila.toml", "--today", "2024-07-10"]);
    assert!(
        !later.stdout().contains("Invited again"),
        "{}",
        later.stdout()
    );
    let later_out = later.stdout();
    let missed: Vec<&str> = later_out
        .lines()
        .skip_while(|l| !l.starts_with("Missed their appointment and not invited again"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .collect();
    assert_eq!(missed.len(), 1, "{}", later.stdout());
    assert!(
        missed[0].contains(&budi) && missed[0].contains("max_invitations"),
        "{missed:?}"
    );
    assert_eq!(row("BUDI SANTOSO")["date"], "2024-07-05");
    assert_eq!(row("BUDI SANTOSO")["status"], "reinvited");
}

#[test]
fn a_scan_outside_the_campaign_needs_its_day_and_a_check_in_can_be_taken_back() {
    let wd = campaign();
    let (andi, andi_day) = invitation(&wd, "ANDI PRATAMA");
    // Today (the wall clock) is after the 2024 campaign: a practice scan must not count.
    let r = scan(&wd, &["checkin", "-c", "papila.toml"], &format!("{andi}\n"));
    assert_eq!(r.code(), 1, "{}", r.stdout());
    assert!(
        r.stderr()
            .contains("is outside the campaign (2024-07-01 to 2024-10-31)")
            && r.stderr().contains("--today"),
        "{}",
        r.stderr()
    );
    assert!(checkins(&wd).is_empty());

    // A day given a month before the campaign (a year mistyped, say): refused too, and said so.
    let r = scan(
        &wd,
        &["checkin", "-c", "papila.toml", "--today", "2024-06-01"],
        &format!("{andi}\n"),
    );
    assert_eq!(r.code(), 1, "{}", r.stdout());
    assert!(r.stderr().contains("--force"), "{}", r.stderr());
    assert!(checkins(&wd).is_empty());

    let day = andi_day.to_string();
    let r = scan(
        &wd,
        &["checkin", "-c", "papila.toml", "--today", &day],
        &format!("{andi}\n"),
    );
    assert_eq!(r.code(), 0, "{}", r.stderr());
    assert_eq!(checkins(&wd).len(), 1);
    let r = wd.run(&[
        "checkin",
        "-c",
        "papila.toml",
        "--undo",
        &andi.to_lowercase(),
        "--reason",
        "salah orang",
    ]);
    assert_eq!(r.code(), 0, "{}", r.stderr());
    assert!(
        r.stdout()
            .starts_with(&format!("undone: the check-in of {andi} ANDI PRATAMA"))
    );
    assert!(checkins(&wd).is_empty(), "the check-in is taken back");
    // Kept in the history, with its reason.
    let conn = rusqlite::Connection::open(wd.path("papila.db")).unwrap();
    let undone: (String, String) = conn
        .query_row(
            "SELECT invitation_id, source FROM scan WHERE outcome = 'undone'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(undone, (andi.clone(), "salah orang".to_string()));
    let again = wd.run(&[
        "checkin",
        "-c",
        "papila.toml",
        "--undo",
        &andi,
        "--reason",
        "x",
    ]);
    assert_eq!(again.code(), 1);
    assert!(
        again.stderr().contains("has no check-in to undo"),
        "{}",
        again.stderr()
    );
    // --undo without a reason is a usage error.
    assert_eq!(
        wd.run(&["checkin", "-c", "papila.toml", "--undo", &andi])
            .code(),
        1
    );
}

#[test]
fn a_line_that_never_ends_is_one_malformed_scan_and_the_log_is_excel_safe() {
    let wd = campaign();
    let (andi, day) = invitation(&wd, "ANDI PRATAMA");
    let today = day.to_string();
    let args = [
        "checkin",
        "--public-key",
        "keys/papila.key.pub",
        "--log",
        "scans.csv",
        "--station",
        "=HYPERLINK(\"x\")",
        "--today",
        &today,
    ];
    let valid = token(&wd, "keys/papila.key", "test-2024", &andi, day);
    let r = scan(&wd, &args, &format!("{}\n{valid}\n", "A".repeat(10 << 20)));
    assert_eq!(r.code(), 0, "{}", r.stderr());
    assert_eq!(
        outcomes(&r.stdout()),
        ["malformed", "valid"],
        "{}",
        r.stdout()
    );
    let log = wd.read("scans.csv");
    assert!(log.contains("\"'=HYPERLINK"), "{log}");
    assert!(!log.contains(",=") && !log.contains(",\"="), "{log}");
    assert!(log.len() < 10_000, "the long line is not logged whole");
    // The district imports the log as before.
    let r = wd.run(&["checkin", "-c", "papila.toml", "--import", "scans.csv"]);
    assert_eq!(r.code(), 0, "{}", r.stderr());
    assert_eq!(checkins(&wd).len(), 1);
}

#[test]
fn offline_a_carried_void_list_refuses_a_cancelled_letter_and_an_altered_or_older_list() {
    let wd = campaign();
    let (budi, budi_day) = invitation(&wd, "BUDI SANTOSO");
    let (andi, andi_day) = invitation(&wd, "ANDI PRATAMA");
    let budi_letter = token(&wd, "keys/papila.key", "test-2024", &budi, budi_day);
    let andi_letter = token(&wd, "keys/papila.key", "test-2024", &andi, andi_day);
    // An older list, made while Budi was still invited.
    run_ok(
        &wd,
        &[
            "checkin",
            "-c",
            "papila.toml",
            "--write-void-list",
            "batal-lama.txt",
        ],
    );
    // Budi leaves the lists: his invitation is cancelled; the district writes the list again.
    wd.remove_lines("people/desa.csv", "BUDI");
    run_ok(&wd, &["plan", "-c", "papila.toml"]);
    std::thread::sleep(std::time::Duration::from_millis(1100));
    run_ok(
        &wd,
        &[
            "checkin",
            "-c",
            "papila.toml",
            "--write-void-list",
            "batal.txt",
        ],
    );
    let offline = |list: &str, lines: &str| {
        scan(
            &wd,
            &[
                "checkin",
                "--public-key",
                "keys/papila.key.pub",
                "--log",
                "pindai.csv",
                "--void-list",
                list,
                "--today",
                &budi_day.to_string(),
            ],
            lines,
        )
    };
    // At the village office, with the list: Budi's letter is refused, Andi's accepted.
    let r = offline("batal.txt", &format!("{budi_letter}\n{andi_letter}\n"));
    assert_eq!(r.code(), 0, "{}", r.stderr());
    assert_eq!(
        outcomes(&r.stdout()),
        ["cancelled", "valid"],
        "{}",
        r.stdout()
    );
    // verify with the public key and the list says the same.
    let v = wd.run(&[
        "verify",
        "--public-key",
        "keys/papila.key.pub",
        "--void-list",
        "batal.txt",
        &budi_letter,
    ]);
    assert_eq!(v.code(), 1, "{}", v.stdout());
    assert!(v.stderr().contains("cancelled"), "{}", v.stderr());
    // The older list, after the newer one was used here: refused, saying so.
    let r = offline("batal-lama.txt", &format!("{andi_letter}\n"));
    assert_eq!(r.code(), 1, "{}", r.stdout());
    assert!(
        r.stderr().contains("before the list already used here"),
        "{}",
        r.stderr()
    );
    // A list with one byte changed: refused.
    let mut bytes = std::fs::read(wd.path("batal.txt")).unwrap();
    let at = bytes.iter().position(|b| *b == b'\n').unwrap() + 12;
    bytes[at] ^= 1;
    wd.write_bytes("batal-diubah.txt", &bytes);
    let r = offline("batal-diubah.txt", &format!("{andi_letter}\n"));
    assert_eq!(r.code(), 1, "{}", r.stdout());
    assert!(
        r.stderr()
            .contains("not a void list signed by the district"),
        "{}",
        r.stderr()
    );
}

#[test]
fn a_walk_in_without_a_seat_is_recorded_and_counted_apart() {
    let wd = Workdir::campaign();
    // One place in all: two of the three people are left without one (overflow).
    common::Config::new()
        .signing()
        .set("campaign.end", "2024-07-01")
        .set(
            "office.sessions",
            r#"[{ start = "08:00", end = "12:00", capacity = 1 }]"#,
        )
        .write(&wd);
    wd.keygen();
    wd.write(
        "people/desa.csv",
        &format!(
            "{}\n3301021708070001;ANDI PRATAMA;17-08-2007;L;BELUM KAWIN;33.01.02.2001\n\
             3301025708070002;SITI AMINAH;17-08-2007;P;BELUM KAWIN;33.01.02.2001\n\
             3301021808070003;BUDI SANTOSO;18-08-2007;L;BELUM KAWIN;33.01.02.2002\n",
            common::HEADER
        ),
    );
    run_ok(&wd, &["plan", "-c", "papila.toml", "--today", "2024-06-20"]);
    let overflow: Vec<String> = wd
        .manifest()
        .into_iter()
        .filter(|r| r["status"] == "overflow")
        .map(|r| r["nik"].clone())
        .collect();
    assert_eq!(overflow.len(), 2);
    let walk_in = |nik: &str| {
        wd.run(&[
            "checkin",
            "-c",
            "papila.toml",
            "--today",
            "2024-07-01",
            "--walk-in",
            nik,
        ])
    };
    let r = walk_in(&overflow[0]);
    assert_eq!(r.code(), 0, "{}", r.stderr());
    assert!(r.stdout().starts_with("walk_in: "), "{}", r.stdout());
    // Twice: they have an appointment now.
    let again = walk_in(&overflow[0]);
    assert_eq!(again.code(), 1, "{}", again.stderr());
    assert!(
        again.stderr().contains("already has invitation"),
        "{}",
        again.stderr()
    );
    // Someone not in the lists.
    let stranger = walk_in("3301021708079999");
    assert_eq!(stranger.code(), 1);
    assert!(
        stranger.stderr().contains("not in the latest lists"),
        "{}",
        stranger.stderr()
    );
    // Counted apart, and attended; the next plan keeps the walk-in's appointment.
    run_ok(
        &wd,
        &["report", "-c", "papila.toml", "--today", "2024-07-01"],
    );
    let district = |wd: &Workdir| {
        wd.csv("out/report.csv")
            .into_iter()
            .find(|r| r["level"] == "district")
            .unwrap()
    };
    let total = district(&wd);
    assert_eq!(total["walk_in"], "1", "{total:?}");
    assert_eq!(total["attended"], "1", "{total:?}");
    assert_eq!(total["overflow"], "1", "{total:?}");
    let plan = run_ok(&wd, &["plan", "-c", "papila.toml", "--today", "2024-07-02"]);
    assert!(plan.stdout().contains("0 cancelled"), "{}", plan.stdout());
    run_ok(
        &wd,
        &["report", "-c", "papila.toml", "--today", "2024-07-02"],
    );
    assert_eq!(district(&wd)["walk_in"], "1");
}
