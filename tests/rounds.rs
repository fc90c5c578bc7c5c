//! Print rounds through the real binary: what each round holds (read back with `pdftotext`), what
//! it makes void, that a run with nothing new makes none, that a lost round is made again byte for
//! byte, that an unchanged village is not typeset again, and people whose village another office
//! serves now.

mod common;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use common::{Workdir, assert_same_pdfs, pdfs, pdftotext, run_ok};

/// The text of every PDF under `dir`, joined.
fn text_under(dir: &Path) -> String {
    pdfs(dir).iter().map(|p| pdftotext(p)).collect()
}

/// The test campaign with a letterhead and a key, `capacity` places a day, and `extra` after it.
fn campaign(capacity: u32, extra: &str) -> Workdir {
    let wd = Workdir::campaign();
    write_config(&wd, capacity, extra);
    wd.keygen();
    wd
}

fn write_config(wd: &Workdir, capacity: u32, extra: &str) {
    common::Config::new()
        .issuer()
        .signing()
        .set(
            "office.sessions",
            &format!(r#"[{{ start = "08:00", end = "12:00", capacity = {capacity} }}]"#),
        )
        .merge(extra)
        .write(wd);
}

/// A list row: NIK, name, birth date (DD-MM-YYYY), village code.
fn row(nik: &str, name: &str, born: &str, village: &str) -> String {
    format!("{nik};{name};{born};L;BELUM KAWIN;{village}\n")
}

/// Ten people of Desa 33.01.02.2001, born 1 to 10 August 2007 (the youngest last).
fn ten() -> Vec<String> {
    (1..=10)
        .map(|d| {
            row(
                &format!("330102{d:02}0807{d:04}"),
                &format!("WARGA KE-{d}"),
                &format!("{d:02}-08-2007"),
                "33.01.02.2001",
            )
        })
        .collect()
}

fn write_people(wd: &Workdir, rows: &[String]) {
    wd.write(
        "people/desa.csv",
        &format!("{}\n{}", common::HEADER, rows.concat()),
    );
}

/// The manifest's rows by name.
fn by_name(wd: &Workdir) -> HashMap<String, HashMap<String, String>> {
    wd.manifest()
        .into_iter()
        .map(|r| (r["name"].clone(), r))
        .collect()
}

#[test]
fn a_round_holds_only_what_changed_and_lists_what_is_void() {
    let wd = campaign(60, "");
    write_people(&wd, &ten());
    let first = run_ok(&wd, &["run", "-c", "papila.toml"]);
    assert!(
        first
            .stdout()
            .contains("Round 1 (gelombang 1): 10 new letters for 1 villages."),
        "{}",
        first.stdout()
    );
    let round1 = text_under(&wd.path("out/rounds/01"));
    assert!(round1.contains("Gelombang 1: 10 surat baru"), "{round1}");
    for d in 1..=10 {
        assert!(
            round1.contains(&format!("WARGA KE-{d}\n"))
                || round1.contains(&format!("WARGA KE-{d} "))
        );
    }
    let before = by_name(&wd);

    // A week later: three newcomers (older, so placed first), WARGA KE-2 has recorded elsewhere,
    // WARGA KE-3's name is corrected, and with a day's capacity cut to 11, `--replan` moves the
    // youngest, WARGA KE-10, to the next day.
    let mut rows = ten();
    rows[2] = row(
        "3301020308070003",
        "WARGA KETIGA",
        "03-08-2007",
        "33.01.02.2001",
    );
    for (i, name) in ["BARU SATU", "BARU DUA", "BARU TIGA"].iter().enumerate() {
        rows.push(row(
            &format!("330102010107{:04}", 20 + i),
            name,
            "01-01-2007",
            "33.01.02.2001",
        ));
    }
    write_people(&wd, &rows);
    wd.write("sudah-rekam.csv", "NIK\n3301020208070002\n");
    let config = wd.read("papila.toml");
    wd.write(
        "papila.toml",
        &config.replace("capacity = 60", "capacity = 11").replace(
            "files = [\"people/\"]",
            "files = [\"people/\"]\nrecorded = \"sudah-rekam.csv\"",
        ),
    );
    run_ok(&wd, &["plan", "-c", "papila.toml", "--replan"]);
    let now = by_name(&wd);
    assert_eq!(
        now["WARGA KE-10"]["date"], "2024-07-02",
        "{:?}",
        now["WARGA KE-10"]
    );
    assert_eq!(now["WARGA KE-9"]["date"], before["WARGA KE-9"]["date"]);
    let second = run_ok(&wd, &["render", "-c", "papila.toml"]);
    assert!(
        second.stdout().contains(
            "Round 2 (gelombang 2): 3 new letters, 2 replacement letters, 3 letters now void for 1 villages."
        ),
        "{}",
        second.stdout()
    );
    let round2 = text_under(&wd.path("out/rounds/02"));
    assert!(
        round2.contains("Gelombang 2: 3 surat baru, 2 surat pengganti"),
        "{round2}"
    );
    // The letters: the newcomers, the corrected name, the moved appointment — no one else's.
    for name in [
        "BARU SATU",
        "BARU DUA",
        "BARU TIGA",
        "WARGA KETIGA",
        "WARGA KE-10",
    ] {
        assert!(round2.contains(name), "{name} not in round 2");
    }
    for d in [1, 4, 5, 6, 7, 8, 9] {
        assert!(
            !round2.contains(&format!("WARGA KE-{d} "))
                && !round2.contains(&format!("WARGA KE-{d}\n")),
            "WARGA KE-{d} is not new, yet round 2 holds it"
        );
    }
    // The moved letter says so, with the old day.
    assert!(round2.contains("PERUBAHAN JADWAL"), "{round2}");
    assert!(round2.contains("Senin, 1 Juli 2024"), "{round2}");
    // The void list: the recorded person and the two replaced letters, each with a reason.
    let void_page = &round2[round2
        .find("SURAT YANG TIDAK BERLAKU LAGI")
        .expect("a void list")..];
    let void_page = &void_page[..void_page.find("Kepada Yth.").unwrap_or(void_page.len())];
    assert!(void_page.contains("WARGA KE-2"), "{void_page}");
    assert!(void_page.contains("sudah merekam"), "{void_page}");
    assert!(void_page.contains("WARGA KE-3"), "{void_page}");
    assert!(void_page.contains("WARGA KE-10"), "{void_page}");
    assert_eq!(
        void_page.matches("diganti surat baru").count(),
        2,
        "{void_page}"
    );
    assert!(!void_page.contains("WARGA KE-4"), "{void_page}");
    // No whole NIK on the void list.
    assert!(!void_page.contains("3301020208070002"), "{void_page}");

    // The full set is still there: every letter that stands, none of the void ones.
    let full = text_under(&wd.path("out/print"));
    assert!(full.contains("WARGA KETIGA") && full.contains("BARU SATU"));
    assert!(!full.contains("WARGA KE-2\n") && !full.contains("WARGA KE-2 "));

    // Nothing changed: no round.
    let third = run_ok(&wd, &["render", "-c", "papila.toml"]);
    assert!(
        third.stdout().contains("No new round"),
        "{}",
        third.stdout()
    );
    assert!(!wd.path("out/rounds/03").exists());
    let listed = run_ok(&wd, &["rounds", "-c", "papila.toml"]);
    assert!(
        listed.stdout().contains("Print rounds"),
        "{}",
        listed.stdout()
    );
    let listing = listed.stdout();
    let lines: Vec<&str> = listing
        .lines()
        .filter(|l| l.trim_start().starts_with(|c: char| c.is_ascii_digit()))
        .collect();
    assert_eq!(lines.len(), 2, "{}", listed.stdout());
    let numbers =
        |l: &str| -> Vec<String> { l.split_whitespace().take(7).map(str::to_string).collect() };
    assert_eq!(
        numbers(lines[0])[2..],
        ["10", "0", "0", "0", "1"],
        "{}",
        lines[0]
    );
    assert_eq!(
        numbers(lines[1])[2..],
        ["3", "2", "0", "3", "1"],
        "{}",
        lines[1]
    );

    // Round 1 lost (a jammed printer, a deleted folder): made again, byte for byte.
    let files = pdfs(&wd.path("out/rounds/01"));
    let bytes: Vec<Vec<u8>> = files.iter().map(|f| std::fs::read(f).unwrap()).collect();
    std::fs::remove_dir_all(wd.path("out/rounds/01")).unwrap();
    let again = run_ok(&wd, &["render", "-c", "papila.toml"]);
    assert!(again.stdout().contains("of round 1."), "{}", again.stdout());
    assert_eq!(pdfs(&wd.path("out/rounds/01")), files);
    for (f, b) in files.iter().zip(&bytes) {
        assert!(std::fs::read(f).unwrap() == *b, "{} differs", f.display());
    }
}

#[test]
fn a_letter_replaced_answers_the_same_in_checkin_and_verify() {
    let wd = campaign(60, "");
    write_people(&wd, &ten());
    run_ok(&wd, &["run", "-c", "papila.toml"]);
    let old = by_name(&wd)["WARGA KE-10"].clone();
    let config = wd.read("papila.toml");
    wd.write(
        "papila.toml",
        &config.replace("capacity = 60", "capacity = 9"),
    );
    run_ok(&wd, &["run", "-c", "papila.toml", "--replan"]);
    let new = by_name(&wd)["WARGA KE-10"].clone();
    assert_ne!(old["date"], new["date"]);
    let key = papila::keys::load(&wd.path("keys/papila.key")).unwrap();
    let claims = |r: &HashMap<String, String>| papila::token::Claims {
        campaign: papila::token::Campaign::of("test-2024"),
        invitation_id: r["invitation_id"].clone(),
        appointment: papila::appointment::Appointment {
            office_id: r["office_id"].clone(),
            date: r["date"].parse().unwrap(),
            start: chrono::NaiveTime::parse_from_str(&r["start"], "%H:%M").unwrap(),
            end: chrono::NaiveTime::parse_from_str(&r["end"], "%H:%M").unwrap(),
        },
    };
    let old_token = papila::token::sign(&key, &claims(&old));
    let verified = run_ok(&wd, &["verify", "-c", "papila.toml", &old_token]);
    assert!(
        verified.stdout().starts_with("replaced:")
            && verified
                .stdout()
                .contains("a replaced letter (the appointment moved)"),
        "{}",
        verified.stdout()
    );
    let mut checkin = common::command(wd.root())
        .args(["checkin", "-c", "papila.toml", "--today", &new["date"]])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write as _;
    writeln!(checkin.stdin.take().unwrap(), "{old_token}").unwrap();
    let out = checkin.wait_with_output().unwrap();
    let said = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(said.contains("replaced"), "{said}");
    assert!(
        said.contains("a replaced letter (the appointment moved)"),
        "{said}"
    );
    // Both name the appointment that stands now.
    let now = "it is now Selasa, 2 Juli 2024";
    assert_eq!(new["date"], "2024-07-02");
    assert!(verified.stdout().contains(now), "{}", verified.stdout());
    assert!(said.contains(now), "{said}");
}

#[test]
fn a_rerun_with_one_newcomer_typesets_only_that_village() {
    let wd = campaign(60, "[output]\nletters = true\n");
    let mut rows = ten();
    rows.push(row(
        "3301021108070011",
        "WARGA LAIN",
        "11-08-2007",
        "33.01.02.2002",
    ));
    write_people(&wd, &rows);
    run_ok(&wd, &["run", "-c", "papila.toml"]);
    let all = |dir: &str| -> Vec<(PathBuf, Vec<u8>)> {
        pdfs(&wd.path(dir))
            .into_iter()
            .map(|p| {
                let b = std::fs::read(&p).unwrap();
                (p, b)
            })
            .collect()
    };
    let print_before = all("out/print");
    let letters_before = all("out/letters");
    assert_eq!(print_before.len(), 2);

    rows.push(row(
        "3301021208070012",
        "ORANG BARU",
        "12-08-2007",
        "33.01.02.2002",
    ));
    write_people(&wd, &rows);
    let r = run_ok(&wd, &["run", "-c", "papila.toml"]);
    assert!(
        r.stdout().contains("1 villages typeset, 1 kept unchanged"),
        "{}",
        r.stdout()
    );
    let print_after = all("out/print");
    let changed: Vec<&PathBuf> = print_before
        .iter()
        .zip(&print_after)
        .filter(|(a, b)| a.1 != b.1)
        .map(|(a, _)| &a.0)
        .collect();
    assert_eq!(changed.len(), 1, "{changed:?}");
    assert!(
        pdftotext(changed[0]).contains("ORANG BARU"),
        "the changed batch is the newcomer's village"
    );
    // Every letter of the unchanged village is the same file as before.
    let letters_after: HashMap<PathBuf, Vec<u8>> = all("out/letters").into_iter().collect();
    for (path, bytes) in &letters_before {
        assert!(letters_after[path] == *bytes, "{} changed", path.display());
    }
    // Nothing changed: nothing typeset.
    let r = run_ok(&wd, &["render", "-c", "papila.toml"]);
    assert!(
        r.stdout().contains("0 villages typeset, 2 kept unchanged")
            && r.stdout().contains("1 of 1 attendance sheets kept"),
        "{}",
        r.stdout()
    );
    // A template edit changes every letter: all typeset again.
    let t = wd.path("templates/invitation.typ");
    std::fs::create_dir_all(t.parent().unwrap()).unwrap();
    std::fs::write(
        &t,
        include_str!("../assets/templates/invitation.typ")
            .replace("Mohon membawa:", "Harap membawa:"),
    )
    .unwrap();
    let r = run_ok(&wd, &["render", "-c", "papila.toml"]);
    assert!(
        r.stdout().contains("2 villages typeset, 0 kept"),
        "{}",
        r.stdout()
    );
    assert!(text_under(&wd.path("out/print")).contains("Harap membawa:"));
}

#[test]
fn a_person_whose_village_another_office_serves_now_is_moved_there_or_kept_when_it_is_full() {
    // A second office for Desa 33.01.03.2005 (Karanganyar), which the first serves today.
    let second = "\n[[office]]\nid = \"adipala\"\nname = \"Kantor Kecamatan Adipala\"\nvillages = [\"33.01.03.2005\"]\nweekdays = [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\"]\nsessions = [{ start = \"08:00\", end = \"12:00\", capacity = CAP }]\n";
    let wd = campaign(60, "");
    let mut rows = ten();
    write_people(&wd, &rows);
    run_ok(&wd, &["run", "-c", "papila.toml"]);
    // WARGA KE-4 moves to Karanganyar, served by a new office with room: moved there.
    let config = wd.read("papila.toml").replace(
        "\"33.01.02.2004\", \"33.01.03.2005\"]",
        "\"33.01.02.2004\"]",
    );
    wd.write(
        "papila.toml",
        &format!("{config}{}", second.replace("CAP", "5")),
    );
    rows[3] = row(
        "3301020408070004",
        "WARGA KE-4",
        "04-08-2007",
        "33.01.03.2005",
    );
    write_people(&wd, &rows);
    let r = run_ok(&wd, &["run", "-c", "papila.toml"]);
    assert!(
        r.stdout()
            .contains("Moved to the office that now serves their village"),
        "{}",
        r.stdout()
    );
    assert_eq!(by_name(&wd)["WARGA KE-4"]["office_id"], "adipala");
    assert!(
        r.stdout().contains("1 replacement letter") && r.stdout().contains("1 letter now void"),
        "{}",
        r.stdout()
    );
    let round2 = text_under(&wd.path("out/rounds/02"));
    assert!(round2.contains("Kantor Kecamatan Adipala"), "{round2}");

    // WARGA KE-5 moves there too, but it is now full (capacity 0 is refused, so it is filled by
    // others first): she keeps her place at kesugihan, with a warning.
    let config = wd
        .read("papila.toml")
        .replace("capacity = 5", "capacity = 1");
    wd.write("papila.toml", &config);
    rows[4] = row(
        "3301020508070005",
        "WARGA KE-5",
        "05-08-2007",
        "33.01.03.2005",
    );
    write_people(&wd, &rows);
    let config = wd
        .read("papila.toml")
        .replace("end = 2024-10-31", "end = 2024-07-01");
    wd.write("papila.toml", &config);
    let r = run_ok(&wd, &["plan", "-c", "papila.toml"]);
    assert!(
        r.stdout().contains("kept at their old office"),
        "{}",
        r.stdout()
    );
    assert_eq!(by_name(&wd)["WARGA KE-5"]["office_id"], "kesugihan");
}

#[test]
fn run_today_dates_the_round_it_plans() {
    // One context per command: `run --today D` plans as of D and its round's letters carry D,
    // whatever the machine's clock says.
    let wd = campaign(60, "");
    write_people(&wd, &ten()[..2]);
    run_ok(&wd, &["run", "-c", "papila.toml", "--today", "2024-06-18"]);
    let text = text_under(&wd.path("out/rounds/01"));
    assert!(text.matches("18 Juni 2024").count() >= 2, "{text}");
    // And `render --today` dates a round the same way.
    let mut rows: Vec<String> = ten()[..2].to_vec();
    rows.push(row(
        "3301020909070009",
        "ORANG BARU",
        "09-09-2007",
        "33.01.02.2001",
    ));
    write_people(&wd, &rows);
    run_ok(&wd, &["plan", "-c", "papila.toml", "--today", "2024-06-19"]);
    run_ok(
        &wd,
        &["render", "-c", "papila.toml", "--today", "2024-06-21"],
    );
    let text = text_under(&wd.path("out/rounds/02"));
    assert!(
        text.contains("21 Juni 2024") && text.contains("ORANG BARU"),
        "{text}"
    );
}

#[test]
fn a_letter_carries_the_day_its_round_was_made_and_keeps_it() {
    // Issue 23, point 2: a letter is dated the day it goes to the printer, fixed in the ledger.
    let wd = campaign(60, "");
    write_people(&wd, &ten()[..3]);
    let on = |day: &'static str| [("PAPILA_TODAY", day)];
    let r = wd.run_with_env(&["run", "-c", "papila.toml"], &on("2024-06-20"));
    assert_eq!(r.code(), 0, "{}", r.stderr());
    let first = text_under(&wd.path("out/print"));
    assert!(first.matches("20 Juni 2024").count() >= 3, "{first}");

    // Rendered again days later, from nothing in another folder: the same letters, the same
    // date, the same bytes.
    let r = wd.run_with_env(
        &["render", "-c", "papila.toml", "--out", "later"],
        &on("2024-06-25"),
    );
    assert_eq!(r.code(), 0, "{}", r.stderr());
    assert_same_pdfs(&wd.path("out/print"), &wd.path("later/print"));

    // A newcomer that day: their letter (round 2) is dated the 25th; the others keep the 20th.
    let mut rows: Vec<String> = ten()[..3].to_vec();
    rows.push(row(
        "3301020909070009",
        "ORANG BARU",
        "09-09-2007",
        "33.01.02.2001",
    ));
    write_people(&wd, &rows);
    let r = wd.run_with_env(&["run", "-c", "papila.toml"], &on("2024-06-25"));
    assert_eq!(r.code(), 0, "{}", r.stderr());
    let round2 = text_under(&wd.path("out/rounds/02"));
    assert!(
        round2.contains("25 Juni 2024") && round2.contains("ORANG BARU"),
        "{round2}"
    );
    assert!(!round2.contains("20 Juni 2024"), "{round2}");
    let full = text_under(&wd.path("out/print"));
    assert_eq!(full.matches("20 Juni 2024").count(), 3, "{full}");
}

#[test]
fn a_big_village_with_a_newcomer_typesets_only_the_newcomers_run_and_matches_a_fresh_render() {
    // 200 people in one village: a batch in parts. One newcomer: the village is typeset again, but
    // only the run of letters the newcomer falls in; the others are joined as they were, and the
    // file is byte for byte what a render from nothing makes of the same ledger.
    let wd = campaign(200, "");
    let mut rows: Vec<String> = (1..=200)
        .map(|i| {
            row(
                &format!("33010217080{:05}", i),
                &format!("WARGA NOMOR {i:03}"),
                "17-08-2007",
                "33.01.02.2001",
            )
        })
        .collect();
    write_people(&wd, &rows);
    run_ok(&wd, &["run", "-c", "papila.toml"]);
    // A render with nothing changed keeps the village's file, and with it the parts it is made of
    // for the render after.
    run_ok(&wd, &["render", "-c", "papila.toml"]);
    rows.push(row(
        "3301021708099999",
        "WARGA NOMOR 100A",
        "17-08-2007",
        "33.01.02.2001",
    ));
    write_people(&wd, &rows);
    let r = run_ok(&wd, &["run", "-c", "papila.toml"]);
    let reused: usize = r
        .stdout()
        .lines()
        .find_map(|l| {
            l.trim()
                .strip_prefix("Of the villages typeset, ")
                .and_then(|l| l.split_whitespace().next())
                .and_then(|n| n.parse().ok())
        })
        .unwrap_or_else(|| panic!("no letters reused:\n{}", r.stdout()));
    // The newcomer's run is typeset again, and at worst the runs up to the next bound the letters
    // set (a run cut at its most, 50 letters, shifts with the letters before it).
    assert!(
        reused >= 200 - 4 * papila::LETTERS_PER_PART,
        "{reused} reused"
    );
    let batch = pdfs(&wd.path("out/print")).remove(0);
    let joined = std::fs::read(&batch).unwrap();
    assert!(pdftotext(&batch).contains("WARGA NOMOR 100A"));

    std::fs::remove_dir_all(wd.path("out")).unwrap();
    run_ok(&wd, &["render", "-c", "papila.toml"]);
    assert!(
        std::fs::read(&batch).unwrap() == joined,
        "a batch joined from kept parts differs from one typeset from nothing"
    );
}

/// Letter numbers (`470/N/2024`, the test campaign's pattern) in `text`.
fn letter_numbers(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("470/") {
        let tail = &rest[at + 4..];
        let digits: String = tail.chars().take_while(char::is_ascii_digit).collect();
        if !digits.is_empty() && tail[digits.len()..].starts_with("/2024") {
            found.push(format!("470/{digits}/2024"));
        }
        rest = &rest[at + 4..];
    }
    found
}

#[test]
fn a_void_letter_and_its_replacement_have_numbers_of_their_own_and_a_move_says_where() {
    let wd = campaign(60, "");
    write_people(&wd, &ten()[..3]);
    run_ok(&wd, &["run", "-c", "papila.toml", "--today", "2024-06-20"]);
    let first = text_under(&wd.path("out/rounds/01"));
    let numbers_before = letter_numbers(&first);
    assert!(!numbers_before.is_empty(), "{first}");
    // Week 2: the first person's name corrected; the second moved to a village of kecamatan 03.
    let mut rows = ten()[..3].to_vec();
    rows[0] = row(
        "3301020108070001",
        "WARGA KE-1 DIPERBAIKI",
        "01-08-2007",
        "33.01.02.2001",
    );
    rows[1] = row(
        "3301020208070002",
        "WARGA KE-2",
        "02-08-2007",
        "33.01.03.2005",
    );
    write_people(&wd, &rows);
    run_ok(&wd, &["run", "-c", "papila.toml", "--today", "2024-06-27"]);
    let old_village = pdfs(&wd.path("out/rounds/02"))
        .into_iter()
        .find(|p| pdftotext(p).contains("WARGA KE-1 DIPERBAIKI"))
        .expect("round 2 holds the corrected letter");
    let text = pdftotext(&old_village);
    let numbers = letter_numbers(&text);
    // The void letter's number (as printed in round 1) and its replacement's differ.
    let pages: Vec<&str> = text.split('\u{c}').collect();
    let letter = pages
        .iter()
        .find(|p| p.contains("WARGA KE-1 DIPERBAIKI") && !p.contains("TIDAK BERLAKU"))
        .expect("the replacement letter's page");
    let void_list = pages
        .iter()
        .find(|p| p.contains("SURAT YANG TIDAK BERLAKU LAGI"))
        .expect("the void list's page");
    let new_number = letter_numbers(letter).first().cloned().expect("a number");
    let old_number = letter_numbers(void_list)
        .first()
        .cloned()
        .expect("a number");
    assert_ne!(new_number, old_number, "{letter}\n{void_list}");
    assert!(
        numbers_before.iter().any(|n| numbers.contains(n)),
        "the void list names the letter by the number it was printed with: {numbers:?} {numbers_before:?}"
    );
    // The moved person's old village is told where the new letter went (below).
    // And the replacement went to the new village's batch, in another kecamatan's folder.
    let new_village = pdfs(&wd.path("out/rounds/02"))
        .into_iter()
        .find(|p| *p != old_village && pdftotext(p).contains("WARGA KE-2"))
        .expect("the moved person's replacement is in their new village's batch");
    assert_ne!(new_village.parent(), old_village.parent());
    assert!(text.contains("pindah: diganti surat baru"), "{text}");
    assert!(text.contains("Karanganyar, Kec. Adipala"), "{text}");
}

#[test]
fn a_correction_letter_says_which_letter_it_replaces_as_clearly_as_a_move() {
    let wd = campaign(60, "");
    write_people(&wd, &ten()[..2]);
    run_ok(&wd, &["run", "-c", "papila.toml", "--today", "2024-06-20"]);
    let mut rows = ten()[..2].to_vec();
    rows[0] = row(
        "3301020108070001",
        "WARGA KE-1 DIPERBAIKI",
        "01-08-2007",
        "33.01.02.2001",
    );
    write_people(&wd, &rows);
    run_ok(&wd, &["run", "-c", "papila.toml", "--today", "2024-06-27"]);
    let text = text_under(&wd.path("out/rounds/02"));
    let pages: Vec<&str> = text.split('\u{c}').collect();
    let letter = pages
        .iter()
        .find(|p| p.contains("Saudara/i WARGA KE-1 DIPERBAIKI"))
        .expect("the replacement letter");
    assert!(letter.contains("PERBAIKAN DATA"), "{letter}");
    assert!(
        letter.contains("(pengganti)"),
        "the Perihal says so: {letter}"
    );
    // Which letter, of which date: round 1's, as printed.
    assert!(letter.contains("20 Juni 2024"), "{letter}");
    let first = text_under(&wd.path("out/rounds/01"));
    let old_number = letter_numbers(
        first
            .split('\u{c}')
            .find(|p| p.contains("Saudara/i WARGA KE-1"))
            .unwrap(),
    )[0]
    .clone();
    assert!(letter.contains(&old_number), "{old_number} in {letter}");
}

#[test]
fn a_round_of_void_letters_only_says_there_is_nothing_to_hand_out_and_carries_its_day() {
    let wd = campaign(60, "");
    write_people(&wd, &ten()[..2]);
    run_ok(&wd, &["run", "-c", "papila.toml", "--today", "2024-06-20"]);
    // The first person leaves the lists: round 2 of their village is their void letter only.
    write_people(&wd, &ten()[1..2]);
    run_ok(&wd, &["run", "-c", "papila.toml", "--today", "2024-06-27"]);
    let files = pdfs(&wd.path("out/rounds/02"));
    assert_eq!(files.len(), 1, "{files:?}");
    // Words as read, whatever the line breaks.
    let text = pdftotext(&files[0])
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(text.contains("tidak ada surat untuk diserahkan"), "{text}");
    assert!(text.contains("tidak ada daftar tanda terima"), "{text}");
    assert!(!text.contains("Kembalikan daftar tanda terima"), "{text}");
    // Made on the 27th, whatever the void letter's own date.
    assert!(text.contains("dibuat 27 Juni 2024"), "{text}");
    assert!(!text.contains("dibuat 20 Juni 2024"), "{text}");
    assert!(
        text.contains("WARGA KE-1"),
        "the void list names them: {text}"
    );
}
