//! `papila render` and `papila run` read back as staff and scanners see them: text from `pdftotext`,
//! QR codes from `zbarimg` (Debian's poppler-utils and zbar-tools, installed by .ci/run), checked
//! with `papila verify`.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{Workdir, assert_same_pdfs, pdfs, pdftotext, run_ok};

fn tool(name: &str, args: &[&str]) -> std::process::Output {
    Command::new(name).args(args).output().unwrap_or_else(|e| {
        panic!("{name} is needed by this test ({e}); .ci/run installs it (apt-get install poppler-utils zbar-tools)")
    })
}

/// The QR code on `page` of `pdf`, as a USB scanner would type it: rendered at 300 dpi, read by
/// zbarimg.
fn scan_qr(wd: &Workdir, pdf: &Path, page: usize) -> String {
    let page = page.to_string();
    let png = wd.path("scan");
    let r = tool(
        "pdftoppm",
        &[
            "-r",
            "300",
            "-png",
            "-f",
            &page,
            "-l",
            &page,
            "-singlefile",
            pdf.to_str().unwrap(),
            png.to_str().unwrap(),
        ],
    );
    assert!(r.status.success(), "pdftoppm {}", pdf.display());
    let scan = tool(
        "zbarimg",
        &["-q", "--raw", wd.path("scan.png").to_str().unwrap()],
    );
    let token = String::from_utf8(scan.stdout).unwrap().trim().to_string();
    assert!(!token.is_empty(), "zbarimg found no QR code on page {page}");
    token
}

/// The text of one page.
fn page_text(pdf: &Path, page: usize) -> String {
    let page = page.to_string();
    String::from_utf8(
        tool(
            "pdftotext",
            &["-f", &page, "-l", &page, pdf.to_str().unwrap(), "-"],
        )
        .stdout,
    )
    .unwrap()
}

/// What the letter of a manifest row's invitation claims, in the test campaign.
fn claims_of(row: &std::collections::HashMap<String, String>) -> papila::token::Claims {
    papila::token::Claims {
        campaign: papila::token::Campaign::of("test-2024"),
        invitation_id: row["invitation_id"].clone(),
        appointment: papila::appointment::Appointment {
            office_id: row["office_id"].clone(),
            date: row["date"].parse().unwrap(),
            start: chrono::NaiveTime::parse_from_str(&row["start"], "%H:%M").unwrap(),
            end: chrono::NaiveTime::parse_from_str(&row["end"], "%H:%M").unwrap(),
        },
    }
}

/// The invitation id `papila verify` reports as valid.
fn verified_id(stdout: &str) -> String {
    assert!(stdout.starts_with("valid:"), "{stdout}");
    stdout
        .lines()
        .find_map(|l| {
            l.trim()
                .strip_prefix("invitation")
                .map(|s| s.trim().to_string())
        })
        .expect("an invitation line")
}

/// Invited rows of the manifest: invitation id → (name, nik, village code, office, date).
fn invited(wd: &Workdir) -> BTreeMap<String, (String, String, String, String, String)> {
    wd.manifest()
        .into_iter()
        .filter(|r| r["status"] == "invited" && !r["invitation_id"].is_empty())
        .map(|r| {
            (
                r["invitation_id"].clone(),
                (
                    r["name"].clone(),
                    r["nik"].clone(),
                    r["village_code"].clone(),
                    r["office_id"].clone(),
                    r["date"].clone(),
                ),
            )
        })
        .collect()
}

#[test]
fn print_batches_hold_every_invited_name_literally_and_no_full_nik() {
    let wd = Workdir::sample();
    run_ok(&wd, &["run", "-c", "papila.toml"]);
    let people = invited(&wd);
    assert!(people.len() > 250, "{} invited", people.len());

    // One batch per village of the people not at a visited school, one per school (its
    // students' letters go through the school, spec §11).
    let batches = pdfs(&wd.path("out/print"));
    let students: BTreeMap<String, String> = wd
        .manifest()
        .into_iter()
        .filter(|r| r["status"] == "invited" && !r["school"].is_empty())
        .map(|r| (r["invitation_id"].clone(), r["school"].clone()))
        .collect();
    let villages: BTreeSet<&String> = people
        .iter()
        .filter(|(id, _)| !students.contains_key(*id))
        .map(|(_, p)| &p.2)
        .collect();
    let schools: BTreeSet<&String> = students.values().collect();
    assert!(!schools.is_empty(), "the sample has a school drive");
    assert_eq!(
        batches.len(),
        villages.len() + schools.len(),
        "one batch per village and per school"
    );
    let mut all = String::new();
    for pdf in &batches {
        all.push_str(&pdftotext(pdf));
    }
    for (id, (name, ..)) in &people {
        assert!(
            all.contains(name.as_str()),
            "{name} ({id}) is in no print batch"
        );
        assert!(
            all.contains(id.as_str()),
            "invitation id {id} is printed nowhere"
        );
    }
    // Names full of Typst and HTML markup print as written.
    for literal in [
        "SITI *AMINAH* $X$",
        "#PANIC(\"X\") SAPUTRA",
        "ELSA <b>MARDIANA</b>",
    ] {
        assert!(all.contains(literal), "{literal} is not printed literally");
    }
    // No full NIK of anyone, invited or not, appears anywhere: only masked ones.
    for row in wd.manifest() {
        let nik = &row["nik"];
        if nik.len() == 16 && nik.bytes().all(|b| b.is_ascii_digit()) {
            assert!(!all.contains(nik.as_str()), "full NIK {nik} printed");
        }
    }
    // Masked to a NIK's 16 characters: four digits, eight stars, four digits (issue 23, point 11).
    assert!(all.contains("3301********"), "masked NIKs are printed");
    assert!(
        !all.contains("*********"),
        "a masked NIK has eight stars, not more"
    );
    // The letter reads as an invitation, with the appointment written the Indonesian way.
    for phrase in [
        "Undangan Perekaman KTP-el",
        "tidak dipungut biaya",
        "Kartu Keluarga",
        "TANDA TERIMA SURAT UNDANGAN",
        "Senin, 1 Juli 2024",
        "08.00–12.00 WIB",
    ] {
        assert!(all.contains(phrase), "{phrase} missing");
    }

    // Attendance sheets: one per office and day that has appointments, listing its people.
    let mut days: BTreeMap<(String, String), Vec<&String>> = BTreeMap::new();
    for (name, _, _, office, date) in people.values() {
        days.entry((office.clone(), date.clone()))
            .or_default()
            .push(name);
    }
    for ((office, date), names) in &days {
        let path = wd.path(&format!("out/attendance/{office}/{date}.pdf"));
        let text = pdftotext(&path);
        assert!(text.contains("DAFTAR HADIR"), "{}", path.display());
        for name in names {
            assert!(
                text.contains(name.as_str()),
                "{name} not on {}",
                path.display()
            );
        }
    }
    assert_eq!(pdfs(&wd.path("out/attendance")).len(), days.len());

    // Personal data: owner-only files.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        for pdf in batches.iter().take(3) {
            let mode = std::fs::metadata(pdf).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600, "{}", pdf.display());
        }
    }
}

#[test]
fn the_qr_code_on_a_letter_scans_and_verifies_and_a_changed_token_does_not() {
    let wd = Workdir::sample();
    run_ok(&wd, &["run", "-c", "papila.toml"]);
    let batch = &pdfs(&wd.path("out/print"))[0];
    // Page 1 is the cover; page 2 the first letter.
    let token = scan_qr(&wd, batch, 2);
    let r = run_ok(&wd, &["verify", "-c", "papila.toml", &token]);
    // The id the QR code carries is the one printed on the same letter.
    let id = verified_id(&r.stdout());
    assert!(page_text(batch, 2).contains(&id), "{id} not on the letter");
    let people = invited(&wd);
    let (_, _, _, office, _) = &people[&id];
    assert!(r.stdout().contains(office.as_str()), "{}", r.stdout());

    // The public key alone is enough.
    let r = run_ok(
        &wd,
        &["verify", "--public-key", "keys/papila.key.pub", &token],
    );
    assert!(r.stdout().contains(&id), "{}", r.stdout());

    // One character changed anywhere: never valid.
    for at in [0, token.len() / 3, token.len() / 2, token.len() - 1] {
        let mut changed = token.clone().into_bytes();
        changed[at] = if changed[at] == b'B' { b'C' } else { b'B' };
        let changed = String::from_utf8(changed).unwrap();
        let r = wd.run(&["verify", "-c", "papila.toml", &changed]);
        assert_eq!(r.code(), 1, "position {at}: {}", r.stdout());
        assert!(
            r.stderr().starts_with("error: forged") || r.stderr().starts_with("error: malformed"),
            "{}",
            r.stderr()
        );
    }

    // A token signed by another campaign's key is forged here.
    run_ok(&wd, &["keygen", "other.key"]);
    let r = wd.run(&["verify", "--public-key", "other.key.pub", &token]);
    assert_eq!(r.code(), 1);
    assert!(r.stderr().starts_with("error: forged"), "{}", r.stderr());
}

#[test]
fn two_renders_of_one_ledger_are_byte_identical() {
    let wd = Workdir::sample();
    run_ok(&wd, &["run", "-c", "papila.toml"]);
    // The second from nothing, in a folder of its own (no kept file, no part to join), days later.
    let r = wd.run_with_env(
        &["render", "-c", "papila.toml", "--out", "again"],
        &[("PAPILA_TODAY", "2024-09-30")],
    );
    assert_eq!(r.code(), 0, "{}", r.stderr());
    for dir in ["print", "attendance", "rounds"] {
        assert_same_pdfs(&wd.path("out").join(dir), &wd.path("again").join(dir));
    }
    // No staging folder is left behind.
    assert!(!wd.path("out/.papila-render").exists());
    assert!(!wd.path("again/.papila-render").exists());
}

/// The test campaign of `common` with a letterhead, a key and three people.
fn small_campaign() -> Workdir {
    let wd = Workdir::printing();
    wd.write(
        "people/desa.csv",
        &format!(
            "{}\n3301021708070001;ANDI PRATAMA;17-08-2007;L;BELUM KAWIN;33.01.02.2001\n\
             3301025708070002;SITI *AMINAH* $X$;17-08-2007;P;BELUM KAWIN;33.01.02.2001\n\
             3301021808070003;#PANIC(\"X\");18-08-2007;L;BELUM KAWIN;33.01.02.2002\n",
            common::HEADER
        ),
    );
    wd
}

/// Turns on `[output] letters`; returns the config as it was.
fn with_single_letters(wd: &Workdir) -> String {
    let config = wd.read("papila.toml");
    wd.write(
        "papila.toml",
        &format!("{config}\n[output]\nletters = true\n"),
    );
    config
}

/// `n` people of one village, ORANG NOMOR 001 …, as a SIAK list.
fn numbered_people(n: usize) -> String {
    let mut csv = format!("{}\n", common::HEADER);
    for i in 1..=n {
        csv.push_str(&format!(
            "33010217080{i:05};ORANG NOMOR {i:03};17-08-2007;L;BELUM KAWIN;33.01.02.2001\n"
        ));
    }
    csv
}

#[test]
fn letters_true_writes_one_tagged_pdf_per_person() {
    let wd = small_campaign();
    let config = with_single_letters(&wd);
    let r = run_ok(&wd, &["run", "-c", "papila.toml"]);
    assert!(r.stdout().contains("3 single letters"), "{}", r.stdout());
    let people = invited(&wd);
    assert_eq!(people.len(), 3);
    let tagged = |pdf: &Path| {
        let info = String::from_utf8(tool("pdfinfo", &[pdf.to_str().unwrap()]).stdout).unwrap();
        info.lines()
            .any(|l| l.starts_with("Tagged:") && l.ends_with("yes"))
    };
    // Print batches are untagged (half the size); letters for email are tagged for screen readers.
    assert!(!tagged(&pdfs(&wd.path("out/print"))[0]));
    for (id, (name, ..)) in &people {
        assert!(tagged(&wd.path(&format!("out/letters/{id}.pdf"))), "{id}");
        let text = pdftotext(&wd.path(&format!("out/letters/{id}.pdf")));
        assert!(
            text.contains(name.as_str()),
            "{name} not in letters/{id}.pdf"
        );
        assert!(text.contains(id.as_str()));
        assert!(
            !text.contains("TANDA TERIMA"),
            "a single letter has no roster"
        );
    }
    // Cut from the batch, each letter is the very file a compile of that letter alone makes (what
    // `send email` attaches, made here by the benchmark's naive-render).
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_naive-render"))
        .current_dir(wd.root())
        .args(["-c", "papila.toml", "--out", "alone"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for id in people.keys() {
        assert!(
            std::fs::read(wd.path(&format!("out/letters/{id}.pdf"))).unwrap()
                == std::fs::read(wd.path(&format!("alone/{id}.pdf"))).unwrap(),
            "letters/{id}.pdf differs from the letter compiled alone"
        );
    }

    // Switching letters off again removes the stale folder rather than leave old letters about.
    wd.write("papila.toml", &config);
    run_ok(&wd, &["render", "-c", "papila.toml"]);
    assert!(!wd.path("out/letters").exists());
}

#[test]
fn a_campaign_template_replaces_the_default() {
    let wd = small_campaign();
    wd.write(
        "templates/invitation.typ",
        "#let letter(l, c) = [SURAT KHUSUS untuk #l.name pada #l.day, #l.date]\n",
    );
    run_ok(&wd, &["run", "-c", "papila.toml"]);
    let text = pdftotext(&wd.path("out/print/kesugihan/menganti.pdf"));
    assert!(
        text.contains("SURAT KHUSUS untuk ANDI PRATAMA pada Senin, 1 Juli 2024"),
        "{text}"
    );
    // The sheets still come from papila's default.
    assert!(text.contains("TANDA TERIMA"), "{text}");
}

/// Whether `pdf` places PDF pages as forms (the shared parts of its letters).
fn places_forms(pdf: &Path) -> bool {
    let bytes = std::fs::read(pdf).unwrap();
    bytes.windows(13).any(|w| w == b"/Subtype/Form")
}

#[test]
fn letters_with_their_shared_parts_placed_read_as_letters_laid_out_in_full() {
    let wd = Workdir::sample();
    run_ok(&wd, &["run", "-c", "papila.toml"]);
    // The same ledger with `letters = true`: every letter laid out in full, to be cut out tagged.
    common::Config::from(&wd.read("papila.toml"))
        .set("output.letters", "true")
        .write(&wd);
    run_ok(&wd, &["render", "-c", "papila.toml", "--out", "full"]);
    let files = pdfs(&wd.path("out/print"));
    assert!(files.len() > 50, "{} batches", files.len());
    for placed in &files {
        let full = wd
            .path("full/print")
            .join(placed.strip_prefix(wd.path("out/print")).unwrap());
        assert!(places_forms(placed), "{} places no form", placed.display());
        assert!(!places_forms(&full), "{} places a form", full.display());
        // pdftotext reads the same words in the same order from both, letterhead to footer.
        assert_eq!(pdftotext(placed), pdftotext(&full), "{}", placed.display());
    }
    // And the QR codes scan to the same tokens, which verify.
    let batch = files
        .iter()
        .find(|f| !f.to_string_lossy().contains("sekolah"))
        .unwrap();
    let full = wd
        .path("full/print")
        .join(batch.strip_prefix(wd.path("out/print")).unwrap());
    let text = pdftotext(batch);
    let letters = text.matches("Nomor undangan").count();
    assert!(letters >= 2, "{text}");
    // The cover is page 1; each letter of the sample is one page.
    for page in [2, 1 + letters] {
        let token = scan_qr(&wd, batch, page);
        assert_eq!(token, scan_qr(&wd, &full, page), "page {page}");
        let r = run_ok(&wd, &["verify", "-c", "papila.toml", &token]);
        assert!(page_text(batch, page).contains(&verified_id(&r.stdout())));
    }
}

#[test]
fn a_changed_template_changes_every_letter_shared_parts_too() {
    let wd = Workdir::sample();
    run_ok(&wd, &["run", "-c", "papila.toml"]);
    let letters = |text: &str| text.matches("Nomor undangan").count();
    let before: usize = pdfs(&wd.path("out/print"))
        .iter()
        .map(|f| letters(&pdftotext(f)))
        .sum();
    assert!(before > 200, "{before} letters");
    // One word changed in a part the letters share (what to bring), one in the addressee.
    let template = include_str!("../assets/templates/invitation.typ");
    assert!(template.contains("[Mohon membawa:]") && template.contains("Kepada Yth."));
    wd.write(
        "templates/invitation.typ",
        &template
            .replace("[Mohon membawa:]", "[Harap dibawa:]")
            .replace("Kepada Yth.", "Kepada Yang Terhormat"),
    );
    run_ok(&wd, &["render", "-c", "papila.toml"]);
    let mut after = 0;
    for file in pdfs(&wd.path("out/print")) {
        let text = pdftotext(&file);
        let n = letters(&text);
        assert!(places_forms(&file) || n == 0, "{}", file.display());
        assert_eq!(
            text.matches("Harap dibawa:").count(),
            n,
            "{}",
            file.display()
        );
        assert_eq!(
            text.matches("Kepada Yang Terhormat").count(),
            n,
            "{}",
            file.display()
        );
        assert!(!text.contains("Mohon membawa"), "{}", file.display());
        after += n;
    }
    assert_eq!(after, before);
}

#[test]
fn a_shared_part_that_reads_a_person_is_reported_with_what_it_may_read() {
    let wd = small_campaign();
    run_ok(&wd, &["plan", "-c", "papila.toml"]);
    let template = include_str!("../assets/templates/invitation.typ");
    let line = template
        .lines()
        .position(|l| l.contains("#c.issuer.city, #s.letter_date"))
        .expect("the closing's date line")
        + 1;
    wd.write(
        "templates/invitation.typ",
        &template.replace("#c.issuer.city, #s.letter_date", "#c.issuer.city, #s.name"),
    );
    let r = wd.run(&["render", "-c", "papila.toml"]);
    assert_eq!(r.code(), 1, "{}", r.stdout());
    let err = r.stderr();
    assert!(
        err.starts_with(&format!("error: templates/invitation.typ:{line}:")),
        "{err}"
    );
    assert!(err.contains("\"name\""), "{err}");
    assert!(
        err.contains("see only `s`: office, letter_date, later, later_days"),
        "{err}"
    );
}

#[test]
fn a_broken_template_is_reported_with_its_file_and_line() {
    let wd = small_campaign();
    run_ok(&wd, &["plan", "-c", "papila.toml"]);
    wd.write(
        "templates/invitation.typ",
        "// A letter with a typo on line 3.\n#let letter(l, c) = {\n  [Kepada #l.nmae]\n}\n",
    );
    let r = wd.run(&["render", "-c", "papila.toml"]);
    assert_eq!(r.code(), 1, "{}", r.stdout());
    insta::assert_snapshot!("broken_template", r.stderr());
    snapshot_in_indonesian!(
        "broken_template",
        wd,
        &["render", "-c", "papila.toml"],
        &[],
        stderr
    );

    // A template without the function papila calls.
    wd.write("templates/invitation.typ", "#let surat(l, c) = []\n");
    let r = wd.run(&["render", "-c", "papila.toml"]);
    assert_eq!(r.code(), 1);
    insta::assert_snapshot!("template_without_letter", r.stderr());
    snapshot_in_indonesian!(
        "template_without_letter",
        wd,
        &["render", "-c", "papila.toml"],
        &[],
        stderr
    );

    // A syntax error.
    wd.write(
        "templates/invitation.typ",
        "#let letter(l, c) = [\n  *unclosed\n",
    );
    let r = wd.run(&["render", "-c", "papila.toml"]);
    assert_eq!(r.code(), 1);
    assert!(
        r.stderr().starts_with("error: templates/invitation.typ:"),
        "{}",
        r.stderr()
    );
    assert!(!r.stderr().contains("panicked"), "{}", r.stderr());
}

#[test]
fn render_says_what_is_missing() {
    let wd = small_campaign();
    let r = wd.run(&["render", "-c", "papila.toml"]);
    assert_eq!(r.code(), 1);
    insta::assert_snapshot!("render_before_plan", r.stderr());
    snapshot_in_indonesian!(
        "render_before_plan",
        wd,
        &["render", "-c", "papila.toml"],
        &[],
        stderr
    );

    let config = wd.read("papila.toml");
    wd.write(
        "papila.toml",
        &config.replace("[signing]\nkey = \"keys/papila.key\"\n", ""),
    );
    run_ok(&wd, &["plan", "-c", "papila.toml"]);
    let r = wd.run(&["render", "-c", "papila.toml"]);
    assert_eq!(r.code(), 1);
    insta::assert_snapshot!("render_without_signing", r.stderr());
    snapshot_in_indonesian!(
        "render_without_signing",
        wd,
        &["render", "-c", "papila.toml"],
        &[],
        stderr
    );
}

#[test]
fn init_gives_a_campaign_that_runs_end_to_end() {
    let wd = Workdir::new();
    run_ok(&wd, &["init", "kampanye"]);
    assert!(wd.path("kampanye/templates/invitation.typ").exists());
    assert!(wd.path("kampanye/templates/sheets.typ").exists());
    let r = run_ok(&wd, &["run", "-c", "kampanye/papila.toml"]);
    assert!(r.stdout().contains("Rendered"), "{}", r.stdout());
    assert!(!pdfs(&wd.path("kampanye/out/print")).is_empty());
}

#[test]
fn verify_knows_cancelled_moved_and_foreign_invitations() {
    let wd = small_campaign();
    run_ok(&wd, &["plan", "-c", "papila.toml"]);
    let key = papila::keys::load(&wd.path("keys/papila.key")).unwrap();
    let andi = wd.row("3301021708070001");
    let claims = claims_of(&andi);
    let token = papila::token::sign(&key, &claims);
    let r = run_ok(&wd, &["verify", "-c", "papila.toml", &token]);
    insta::assert_snapshot!("verify_valid", r.stdout());
    snapshot_in_indonesian!(
        "verify_valid",
        wd,
        &["verify", "-c", "papila.toml", &token],
        &[],
        stdout
    );
    let valid = r.stdout();
    // The id printed under the QR code, typed as a person reads it: the same answer, from the ledger.
    let typed = andi["invitation_id"].to_lowercase();
    let r = run_ok(&wd, &["verify", "-c", "papila.toml", &typed]);
    assert_eq!(r.stdout(), valid);
    // Without the ledger an id proves nothing.
    let r = wd.run(&["verify", "--public-key", "keys/papila.key.pub", &typed]);
    assert_eq!(r.code(), 1);
    assert!(
        r.stderr().starts_with("error: unverified"),
        "{}",
        r.stderr()
    );

    // The same key, another campaign: genuine, but not ours.
    let foreign = papila::token::sign(
        &key,
        &papila::token::Claims {
            campaign: papila::token::Campaign::of("pilkada-2029"),
            ..claims.clone()
        },
    );
    let r = wd.run(&["verify", "-c", "papila.toml", &foreign]);
    assert_eq!(r.code(), 1);
    assert!(
        r.stderr().starts_with("error: wrong_campaign"),
        "{}",
        r.stderr()
    );

    // A letter for a session the ledger no longer gives them is an old letter of a standing
    // invitation: `replaced`, accepted as check-in accepts it, naming the current appointment (the
    // one judge of `checkin::stands`).
    let mut old = claims.clone();
    old.appointment.date = claims.appointment.date.succ_opt().unwrap();
    let moved = papila::token::sign(&key, &old);
    let r = run_ok(&wd, &["verify", "-c", "papila.toml", &moved]);
    assert!(r.stdout().starts_with("replaced:"), "{}", r.stdout());
    assert!(
        r.stdout()
            .contains("a replaced letter (the appointment moved): it is now"),
        "{}",
        r.stdout()
    );
    let session = |out: &str| {
        out.lines()
            .find(|l| l.trim_start().starts_with("session"))
            .map(str::to_string)
    };
    assert_eq!(session(&r.stdout()), session(&valid), "{}", r.stdout());

    // Andi leaves the lists: his invitation is cancelled, and so is his letter.
    let people = wd.read("people/desa.csv");
    wd.write(
        "people/desa.csv",
        &people
            .lines()
            .filter(|l| !l.starts_with("3301021708070001"))
            .map(|l| format!("{l}\n"))
            .collect::<String>(),
    );
    run_ok(&wd, &["plan", "-c", "papila.toml"]);
    let r = wd.run(&["verify", "-c", "papila.toml", &token]);
    assert_eq!(r.code(), 1);
    insta::assert_snapshot!("verify_cancelled", r.stderr());
    snapshot_in_indonesian!(
        "verify_cancelled",
        wd,
        &["verify", "-c", "papila.toml", &token],
        &[],
        stderr
    );
}

#[test]
fn a_big_village_is_typeset_in_parts_and_joined_into_one_file() {
    let wd = small_campaign();
    let n = papila::LETTERS_PER_PART * 2 + 17;
    wd.write("people/desa.csv", &numbered_people(n));
    run_ok(&wd, &["run", "-c", "papila.toml"]);
    let people = invited(&wd);
    assert_eq!(people.len(), n);
    let batch = wd.path("out/print/kesugihan/menganti.pdf");
    assert_eq!(
        pdfs(&wd.path("out/print")),
        vec![batch.clone()],
        "one file for the village"
    );
    let info = String::from_utf8(tool("pdfinfo", &[batch.to_str().unwrap()]).stdout).unwrap();
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    let text = pdftotext(&batch);
    // Every person has exactly one letter, and one roster line.
    for i in 1..=n {
        let name = format!("ORANG NOMOR {i:03}");
        assert_eq!(
            text.matches(&format!("Saudara/i {name}")).count(),
            1,
            "{name}"
        );
        assert_eq!(text.matches(name.as_str()).count(), 2, "{name}");
    }
    // One cover: the first round's (the full set is that round's batch, one file for both).
    assert_eq!(text.matches("BERKAS CETAK").count(), 1, "one cover");
    assert!(
        pages > n + 1,
        "{pages} pages for {n} letters, a cover and a roster"
    );

    // A letter from the third part still carries a QR code that verifies as the printed id.
    let page = papila::LETTERS_PER_PART * 2 + 5;
    let token = scan_qr(&wd, &batch, page);
    let r = run_ok(&wd, &["verify", "-c", "papila.toml", &token]);
    let id = verified_id(&r.stdout());
    assert!(
        page_text(&batch, page).contains(&id),
        "{id} is not printed on page {page}"
    );

    // Joining is deterministic too: a render from nothing elsewhere joins the same bytes.
    run_ok(&wd, &["render", "-c", "papila.toml", "--out", "again"]);
    assert_same_pdfs(&wd.path("out/print"), &wd.path("again/print"));
}

#[test]
fn single_letters_are_cut_from_their_part_even_a_two_page_letter() {
    let wd = small_campaign();
    with_single_letters(&wd);
    // A campaign letter that runs to a second page for one person.
    wd.write(
        "templates/invitation.typ",
        "#let letter(l, c) = [SURAT untuk #l.name #if l.name.ends-with(\"007\") { \
         pagebreak() + [LAMPIRAN untuk #l.name] }]\n",
    );
    let n = papila::LETTERS_PER_PART + 3;
    wd.write("people/desa.csv", &numbered_people(n));
    run_ok(&wd, &["run", "-c", "papila.toml"]);
    let people = invited(&wd);
    assert_eq!(people.len(), n);
    for (id, (name, ..)) in &people {
        let letter = wd.path(&format!("out/letters/{id}.pdf"));
        let text = pdftotext(&letter);
        // Only this person's letter: no neighbour's page came along, none of its own was lost.
        assert_eq!(text.matches("SURAT untuk").count(), 1, "{id}: {text}");
        assert!(
            text.contains(&format!("SURAT untuk {name}")),
            "{id}: {text}"
        );
        let two_pages = name.ends_with("007");
        assert_eq!(
            text.contains(&format!("LAMPIRAN untuk {name}")),
            two_pages,
            "{id}: {text}"
        );
        assert!(
            !text.contains("TANDA TERIMA"),
            "a single letter has no roster"
        );
        assert!(
            !text.contains("BERKAS CETAK"),
            "a single letter has no cover"
        );
        let info = String::from_utf8(tool("pdfinfo", &[letter.to_str().unwrap()]).stdout).unwrap();
        let pages = if two_pages { "2" } else { "1" };
        assert!(
            info.lines()
                .any(|l| l.starts_with("Pages:") && l.ends_with(pages)),
            "{id}: {info}"
        );
        assert!(
            info.contains(&format!(
                "Title:           Surat undangan perekaman KTP-el · {name}"
            )),
            "{info}"
        );
    }
}

#[test]
fn letters_are_bundled_in_delivery_order_whatever_the_input_order() {
    let wd = small_campaign();
    // Listed out of order: the batch goes by dusun, RW, RT, address, then name.
    let rows = [
        ("0001", "EKO", "JL. B", "001", "002", "WETAN"),
        ("0002", "CICI", "JL. A", "002", "001", "KULON"),
        ("0003", "BAYU", "JL. A", "001", "001", "KULON"),
        ("0004", "ADI", "JL. B", "001", "001", "KULON"),
        ("0005", "DEWI", "JL. A", "001", "001", "KULON"),
    ];
    let mut csv = "NIK;NAMA_LGKP;TGL_LHR;JENIS_KLMIN;STAT_KWN;ALAMAT;NO_RT;NO_RW;DUSUN;KODE_DESA\n"
        .to_string();
    for (n, name, address, rt, rw, dusun) in rows {
        csv.push_str(&format!(
            "330102170807{n};{name} ORANG;17-08-2007;L;BELUM KAWIN;{address};{rt};{rw};{dusun};33.01.02.2001\n"
        ));
    }
    wd.write("people/desa.csv", &csv);
    run_ok(&wd, &["run", "-c", "papila.toml"]);
    let text = pdftotext(&wd.path("out/print/kesugihan/menganti.pdf"));
    let at = |name: &str| {
        text.find(&format!("Saudara/i {name} ORANG"))
            .unwrap_or_else(|| panic!("no letter for {name}"))
    };
    let expected = ["BAYU", "DEWI", "ADI", "CICI", "EKO"];
    let mut found = expected.to_vec();
    found.sort_by_key(|name| at(name));
    assert_eq!(found, expected);
}

#[test]
fn sms_csv_has_a_text_for_everyone_with_a_phone() {
    let wd = Workdir::sample();
    run_ok(&wd, &["run", "-c", "papila.toml"]);
    let mut rdr = csv::Reader::from_path(wd.path("out/messages/sms.csv")).unwrap();
    assert_eq!(
        rdr.headers().unwrap().iter().collect::<Vec<_>>(),
        [
            "invitation_id",
            "phone",
            "text",
            "encoding",
            "segments",
            "whatsapp_url"
        ]
    );
    let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.unwrap()).collect();
    let people = invited(&wd);
    // Everyone the ledger invites with a phone number has exactly one row.
    let ledger = rusqlite::Connection::open(wd.path("papila.db")).unwrap();
    let with_phone: i64 = ledger
        .query_row(
            "SELECT count(*) FROM invitation i JOIN person p ON p.nik = i.nik
             WHERE i.state = 'planned' AND coalesce(p.phone, '') != ''",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(with_phone > 100, "{with_phone}");
    assert_eq!(rows.len() as i64, with_phone);
    let ids: BTreeSet<&str> = rows.iter().map(|r| &r[0]).collect();
    assert_eq!(ids.len(), rows.len(), "one row per invitation");
    for row in &rows {
        let (id, phone, text) = (&row[0], &row[1], &row[2]);
        let (name, ..) = &people[id];
        // `62…`, without the `+` that would make Excel take the cell for a formula.
        assert!(phone.starts_with("62"), "{phone}");
        assert!(text.starts_with(name.as_str()), "{text}");
        assert!(text.contains(id), "{text}");
        assert!(row[5].starts_with(&format!("https://wa.me/{phone}?text=")));
    }
    // Typical names fit one GSM-7 SMS; a curly apostrophe from Excel needs UCS-2.
    let gsm_single = rows
        .iter()
        .filter(|r| &r[3] == "GSM-7" && &r[4] == "1")
        .count();
    assert!(
        gsm_single * 10 >= rows.len() * 9,
        "{gsm_single} of {}",
        rows.len()
    );
    let curly = rows
        .iter()
        .find(|r| r[2].contains('’'))
        .expect("the NI’MATUL row");
    assert_eq!((&curly[3], &curly[4]), ("UCS-2", "2"));
    let siti = rows
        .iter()
        .find(|r| r[2].starts_with("SITI *AMINAH*"))
        .unwrap();
    insta::assert_snapshot!("sms_text", &siti[2]);
}

#[test]
fn a_misspelt_sms_field_is_an_error_naming_it() {
    let wd = small_campaign();
    wd.write("templates/sms.hbs", "Halo {{nama}}, datang {{date}}.\n");
    let r = wd.run(&["run", "-c", "papila.toml"]);
    assert_eq!(r.code(), 1, "{}", r.stdout());
    insta::assert_snapshot!("sms_misspelt_field", r.stderr());
    // Nothing was typeset for a run that stops on its message template.
    assert!(!wd.path("out/print").exists());
}

#[test]
fn papila_timings_names_each_stage_of_run() {
    let wd = Workdir::sample();
    let r = wd.run(&["run", "-c", "papila.toml"]);
    assert_eq!(r.code(), 0, "{}", r.stderr());
    assert!(
        !wd.path("timings.csv").exists(),
        "written without PAPILA_TIMINGS"
    );

    // A render with nothing changed keeps every file; from nothing, it typesets them all.
    std::fs::remove_dir_all(wd.path("out")).unwrap();
    let r = wd.run_with_env(
        &["run", "-c", "papila.toml"],
        &[("PAPILA_TIMINGS", "timings.csv")],
    );
    assert_eq!(r.code(), 0, "{}", r.stderr());
    let text = wd.read("timings.csv");
    let stages: Vec<(&str, f64)> = text
        .lines()
        .map(|line| {
            let (stage, seconds) = line.split_once(',').expect("stage,seconds");
            (stage, seconds.parse().expect("seconds"))
        })
        .collect();
    let names: Vec<&str> = stages.iter().map(|(s, _)| *s).collect();
    assert_eq!(names, ["plan", "render", "messages"]);
    // Each stage did work and was timed: a stage recorded as taking no time was not timed at all.
    assert!(stages.iter().all(|(_, s)| *s > 0.0), "{text}");
    // Rendering the sample's letters takes longer than writing its SMS texts.
    assert!(stages[1].1 > stages[2].1, "{text}");
}

/// A grey picture (PGM, as `pdftoppm -gray` writes it) as a photocopy makes it: each pixel the
/// mean of its 3×3 neighbourhood (blur), then black or white at `threshold` (toner), with a
/// pattern of specks.
fn photocopy(pgm: &[u8], threshold: u8) -> Vec<u8> {
    let text_end = |from: usize| {
        from + pgm[from..]
            .iter()
            .position(|b| b.is_ascii_whitespace())
            .unwrap()
    };
    // "P5\n<width> <height>\n255\n" then the pixels.
    let mut at = 3;
    let w_end = text_end(at);
    let width: usize = std::str::from_utf8(&pgm[at..w_end])
        .unwrap()
        .parse()
        .unwrap();
    at = w_end + 1;
    let h_end = text_end(at);
    let height: usize = std::str::from_utf8(&pgm[at..h_end])
        .unwrap()
        .parse()
        .unwrap();
    at = text_end(h_end + 1) + 1;
    let pixels = &pgm[at..];
    assert_eq!(pixels.len(), width * height);
    let mut out = format!("P5\n{width} {height}\n255\n").into_bytes();
    for y in 0..height {
        for x in 0..width {
            let mut sum = 0u32;
            for (dx, dy) in (-1i32..=1).flat_map(|dx| (-1i32..=1).map(move |dy| (dx, dy))) {
                let (nx, ny) = (
                    (x as i32 + dx).clamp(0, width as i32 - 1) as usize,
                    (y as i32 + dy).clamp(0, height as i32 - 1) as usize,
                );
                sum += u32::from(pixels[ny * width + nx]);
            }
            let speck = (x * 7 + y * 13) % 97 == 0;
            let dark = sum / 9 < u32::from(threshold) || speck;
            out.push(if dark { 0 } else { 255 });
        }
    }
    out
}

#[test]
fn a_letter_printed_at_130_to_150_dpi_and_photocopied_still_scans() {
    // The sample's campaign id is 20 characters: with the id spelled out (token version 1) its code
    // did not scan from such copies at 130 or 145 dpi; with the id's hash (version 2) it does at
    // every resolution tried.
    let wd = Workdir::sample();
    run_ok(&wd, &["run", "-c", "papila.toml"]);
    let batch = wd.path("out/print/kesugihan/menganti.pdf");
    for dpi in ["130", "135", "140", "145", "150"] {
        let out = wd.path("page");
        let r = tool(
            "pdftoppm",
            &[
                "-r",
                dpi,
                "-gray",
                "-f",
                "2",
                "-l",
                "2",
                "-singlefile",
                batch.to_str().unwrap(),
                out.to_str().unwrap(),
            ],
        );
        assert!(r.status.success());
        let pgm = std::fs::read(wd.path("page.pgm")).unwrap();
        std::fs::write(wd.path("copy.pgm"), photocopy(&pgm, 140)).unwrap();
        let scan = tool(
            "zbarimg",
            &["-q", "--raw", wd.path("copy.pgm").to_str().unwrap()],
        );
        let token = String::from_utf8(scan.stdout).unwrap().trim().to_string();
        assert!(
            !token.is_empty(),
            "zbarimg found no QR code on the photocopy at {dpi} dpi"
        );
        let r = run_ok(&wd, &["verify", "-c", "papila.toml", &token]);
        assert!(r.stdout().starts_with("valid:"), "{}", r.stdout());
    }
}

#[test]
fn a_letter_printed_before_the_shorter_token_still_verifies() {
    let wd = small_campaign();
    run_ok(&wd, &["plan", "-c", "papila.toml"]);
    let key = papila::keys::load(&wd.path("keys/papila.key")).unwrap();
    let andi = wd.row("3301021708070001");
    let old = papila::token::Claims {
        // Version 1 spelled the campaign id out.
        campaign: papila::token::Campaign::Id("test-2024".into()),
        ..claims_of(&andi)
    };
    let token = papila::token::sign(&key, &old);
    let r = run_ok(&wd, &["verify", "-c", "papila.toml", &token]);
    assert!(
        r.stdout()
            .starts_with("valid: a genuine invitation of campaign test-2024")
    );
    let foreign = papila::token::sign(
        &key,
        &papila::token::Claims {
            campaign: papila::token::Campaign::Id("pilkada-2029".into()),
            ..old
        },
    );
    let r = wd.run(&["verify", "-c", "papila.toml", &foreign]);
    assert!(
        r.stderr().starts_with("error: wrong_campaign"),
        "{}",
        r.stderr()
    );
}

#[test]
fn a_render_into_a_folder_another_render_writes_is_refused() {
    let wd = small_campaign();
    run_ok(&wd, &["plan", "-c", "papila.toml"]);
    std::fs::create_dir_all(wd.path("out")).unwrap();
    let lock = std::fs::File::create(wd.path("out/.papila-render.lock")).unwrap();
    lock.try_lock().unwrap();
    let r = wd.run(&["render", "-c", "papila.toml"]);
    assert_eq!(r.code(), 1, "{}", r.stdout());
    assert!(
        r.stderr()
            .starts_with("error: another `papila render` (or `run`) is writing into this folder"),
        "{}",
        r.stderr()
    );
    assert!(!wd.path("out/print").exists());
    drop(lock);
    run_ok(&wd, &["render", "-c", "papila.toml"]);
    assert!(!pdfs(&wd.path("out/print")).is_empty());
}

#[test]
fn every_file_with_personal_data_is_owner_only_and_no_letter_shows_a_whole_nik() {
    let wd = Workdir::sample();
    let config = wd
        .read("papila.toml")
        .replace("letters = false", "letters = true");
    wd.write("papila.toml", &config);
    // papila runs with umask 022 (tests/common): a file it did not make owner-only would be 0644.
    run_ok(&wd, &["run", "-c", "papila.toml"]);
    run_ok(
        &wd,
        &["report", "-c", "papila.toml", "--today", "2024-08-01"],
    );
    run_ok(&wd, &["send", "email", "-c", "papila.toml", "--dry-run"]);
    let mut files: Vec<PathBuf> = [
        "papila.db",
        "out/manifest.csv",
        "out/manifest.xlsx",
        "out/capacity.csv",
        "out/messages/sms.csv",
        "out/report.csv",
        "out/report.xlsx",
        "out/summary.pdf",
    ]
    .iter()
    .map(|f| wd.path(f))
    .collect();
    files.extend(pdfs(&wd.path("out/print")));
    files.extend(pdfs(&wd.path("out/attendance")));
    files.extend(pdfs(&wd.path("out/letters")));
    let emails: Vec<PathBuf> = std::fs::read_dir(wd.path("out/messages/email"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert!(!emails.is_empty());
    files.extend(emails.iter().cloned());
    {
        use std::os::unix::fs::PermissionsExt;
        for f in &files {
            let mode = std::fs::metadata(f).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600, "{}", f.display());
        }
    }

    // Every invited person's NIK: none appears whole on a single letter or an emailed one.
    let niks: Vec<String> = wd
        .manifest()
        .into_iter()
        .filter(|r| !r["invitation_id"].is_empty())
        .map(|r| r["nik"].trim_start_matches('\'').to_string())
        .collect();
    assert!(niks.len() > 100);
    let letters = pdfs(&wd.path("out/letters"));
    for letter in letters.iter().take(25) {
        let text = pdftotext(letter);
        assert!(
            !niks.iter().any(|n| text.contains(n.as_str())),
            "{}",
            letter.display()
        );
        assert!(
            text.contains("********") && !text.contains("*********"),
            "the masked NIK (16 characters) is on {}",
            letter.display()
        );
    }
    for eml in emails.iter().take(10) {
        let bytes = std::fs::read(eml).unwrap();
        let message = mail_parser::MessageParser::default().parse(&bytes).unwrap();
        let pdf = message.attachment(0).expect("the letter is attached");
        let path = wd.path("attached.pdf");
        std::fs::write(&path, pdf.contents()).unwrap();
        let text = pdftotext(&path);
        assert!(
            !niks.iter().any(|n| text.contains(n.as_str())),
            "{}",
            eml.display()
        );
        assert!(text.contains("********"), "{}", eml.display());
    }
}

#[test]
fn an_office_renamed_after_planning_stops_render_until_replanned() {
    let wd = small_campaign();
    run_ok(&wd, &["plan", "-c", "papila.toml"]);
    let renamed = wd
        .read("papila.toml")
        .replace("id = \"kesugihan\"", "id = \"balai-tulis\"");
    wd.write("papila.toml", &renamed);
    let r = wd.run(&["render", "-c", "papila.toml"]);
    assert_eq!(r.code(), 1, "{}", r.stdout());
    assert!(
        r.stderr().contains("3 at office \"kesugihan\"") && r.stderr().contains("--replan"),
        "{}",
        r.stderr()
    );
    assert!(!wd.path("out/print").exists());
    run_ok(&wd, &["plan", "-c", "papila.toml", "--replan"]);
    run_ok(&wd, &["render", "-c", "papila.toml"]);
    let text = pdftotext(&pdfs(&wd.path("out/print"))[0]);
    assert!(
        text.contains("Kantor Kecamatan Kesugihan"),
        "the office is named"
    );
}

#[test]
fn a_render_after_check_ins_prints_only_letters_still_to_be_used() {
    let wd = small_campaign();
    run_ok(&wd, &["plan", "-c", "papila.toml"]);
    let andi = wd.row("3301021708070001");
    let day = andi["date"].clone();
    let mut child = common::command(wd.root())
        .args(["checkin", "-c", "papila.toml", "--today", &day])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    use std::io::Write;
    writeln!(child.stdin.take().unwrap(), "{}", andi["invitation_id"]).unwrap();
    assert!(child.wait().unwrap().success());
    let r = run_ok(&wd, &["render", "-c", "papila.toml"]);
    assert!(
        r.stdout().starts_with("Rendered 2 letters"),
        "{}",
        r.stdout()
    );
    let batches: String = pdfs(&wd.path("out/print"))
        .iter()
        .map(|p| pdftotext(p))
        .collect();
    assert!(
        !batches.contains(&andi["invitation_id"]),
        "ANDI came: no letter for him"
    );
    assert!(batches.contains("SITI"), "SITI's letter is printed");
    // The attendance sheet still lists everyone of the day.
    let sheets: String = pdfs(&wd.path("out/attendance"))
        .iter()
        .map(|p| pdftotext(p))
        .collect();
    assert!(sheets.contains("ANDI PRATAMA"), "{sheets}");
}

#[test]
fn a_letter_says_rt_rw_the_agency_and_the_kabupaten_once_each() {
    let wd = small_campaign();
    let config = wd.read("papila.toml").replace(
        "signatory_title = \"Kepala Dinas\"",
        "signatory_title = \"Kepala Dinas Kependudukan dan Pencatatan Sipil\"",
    );
    wd.write("papila.toml", &config);
    wd.write(
        "people/desa.csv",
        &format!(
            "{};ALAMAT;NO_RT;NO_RW\n\
             3301021708070001;ANDI PRATAMA;17-08-2007;L;BELUM KAWIN;33.01.02.2001;DUKUH KRAJAN RT 01 RW 02;1;2\n",
            common::HEADER
        ),
    );
    run_ok(&wd, &["run", "-c", "papila.toml"]);
    let batch = &pdfs(&wd.path("out/print"))[0];
    let letter = page_text(batch, 2);
    assert!(letter.contains("DUKUH KRAJAN RT 01 RW 02"), "{letter}");
    assert_eq!(letter.matches("RT ").count(), 1, "RT said twice: {letter}");
    let flat = letter
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    assert_eq!(
        flat.matches("dinas kependudukan dan pencatatan sipil")
            .count(),
        3,
        "the letterhead, the signature title and the footer, once each: {letter}"
    );
    assert!(
        letter.contains("Pencatatan Sipil Kabupaten Cilacap melalui papila"),
        "{letter}"
    );
}

#[test]
fn the_receipt_roster_has_a_date_received_and_a_place_for_the_village_official() {
    let wd = small_campaign();
    run_ok(&wd, &["run", "-c", "papila.toml"]);
    let batch = &pdfs(&wd.path("out/print"))[0];
    let text = pdftotext(batch);
    let roster = text
        .split('\u{c}')
        .find(|p| p.contains("TANDA TERIMA SURAT UNDANGAN"))
        .expect("a roster page");
    assert!(roster.contains("diterima"), "{roster}");
    assert!(
        roster.contains("Kepala Desa/Lurah") && roster.contains("(tanda tangan dan cap)"),
        "{roster}"
    );
}

/// The pages of a sheet, from the one whose text holds `title` to the last one of the file (a
/// roster ends its batch; an attendance file holds one sheet).
fn sheet_pages(pdf: &Path, title: &str) -> Vec<String> {
    let text = pdftotext(pdf);
    let pages: Vec<&str> = text
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .collect();
    let first = pages
        .iter()
        .position(|p| p.contains(title))
        .unwrap_or_else(|| panic!("no page of {} says {title}", pdf.display()));
    pages[first..].iter().map(|p| p.to_string()).collect()
}

#[test]
fn every_page_of_a_roster_and_an_attendance_sheet_opens_with_the_column_heads_and_no_line_is_lost()
{
    // 150 people of one village in RTs of 1 to 4: a roster of several pages, each RT under its
    // heading; 60 a day at the office: attendance sheets of two pages and more.
    let wd = small_campaign();
    let mut csv = format!("{};NO_RT;NO_RW;DUSUN\n", common::HEADER);
    let (mut rt, mut left) = (0, 0);
    for i in 1..=150 {
        if left == 0 {
            rt += 1;
            left = rt % 4 + 1;
        }
        left -= 1;
        csv.push_str(&format!(
            "33010217080{i:05};ORANG NOMOR {i:03};17-08-2007;L;BELUM KAWIN;33.01.02.2001;{rt:03};002;KULON\n"
        ));
    }
    wd.write("people/desa.csv", &csv);
    run_ok(&wd, &["run", "-c", "papila.toml"]);
    let names = |pages: &[String]| -> Vec<String> {
        let mut names: Vec<String> = pages
            .iter()
            .flat_map(|p| {
                p.match_indices("ORANG NOMOR ")
                    .map(|(at, _)| p[at..at + 15].to_string())
            })
            .collect();
        names.sort();
        names
    };
    let everyone: Vec<String> = (1..=150).map(|i| format!("ORANG NOMOR {i:03}")).collect();

    let roster = sheet_pages(&wd.path("out/print/kesugihan/menganti.pdf"), "TANDA TERIMA");
    assert!(roster.len() >= 3, "a roster of {} pages", roster.len());
    assert_eq!(names(&roster), everyone, "each person on one roster line");
    // Each page with lines (the last may hold only the official's signature block).
    for (i, page) in roster
        .iter()
        .enumerate()
        .filter(|(_, p)| p.contains("ORANG NOMOR"))
    {
        assert!(
            page.contains("No. undangan") && page.contains("diterima"),
            "roster page {} has no column heads:\n{page}",
            i + 1
        );
        // An RT's heading stands above its first line, on the same page.
        let last_heading = page.rfind("RT 0").expect("an RT heading on every page");
        assert!(
            page[last_heading..].contains("ORANG NOMOR"),
            "roster page {} ends with an RT heading and no line under it:\n{page}",
            i + 1
        );
    }

    let mut attended = Vec::new();
    let mut longest = 0;
    for sheet in pdfs(&wd.path("out/attendance")) {
        let pages = sheet_pages(&sheet, "DAFTAR HADIR");
        longest = longest.max(pages.len());
        for (i, page) in pages
            .iter()
            .enumerate()
            .filter(|(_, p)| p.contains("ORANG NOMOR"))
        {
            assert!(
                page.contains("Desa/Kel.") && page.contains("No. undangan"),
                "{} page {} has no column heads:\n{page}",
                sheet.display(),
                i + 1
            );
        }
        attended.extend(names(&pages));
    }
    attended.sort();
    assert!(longest >= 2, "a day's sheet of {longest} pages");
    assert_eq!(attended, everyone, "each person on one attendance line");
}

/// Copies every file under `from` to `to`, each a file of its own (not a link).
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

#[test]
fn a_render_killed_midway_leaves_the_previous_files() {
    let wd = Workdir::sample();
    run_ok(&wd, &["run", "-c", "papila.toml"]);
    copy_tree(&wd.path("out/print"), &wd.path("before/print"));
    // A new signatory changes every letter: the render has the whole district to typeset again.
    let config = wd.read("papila.toml");
    wd.write(
        "papila.toml",
        &config.replace("Nama Kepala Dinas", "Nama Kepala Dinas Baru"),
    );
    let mut render = common::command(wd.root())
        .args(["render", "-c", "papila.toml"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Killed once it has typeset something of the new set into its staging folder.
    let staging = wd.path("out/.papila-render");
    let started = std::time::Instant::now();
    while pdfs(&staging).is_empty() {
        assert!(
            render.try_wait().unwrap().is_none(),
            "the render ended before it could be killed midway"
        );
        assert!(
            started.elapsed().as_secs() < 120,
            "nothing typeset in 2 minutes"
        );
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    render.kill().unwrap();
    render.wait().unwrap();
    // Every previous file is there, byte for byte, and nothing of the new set.
    assert_same_pdfs(&wd.path("before/print"), &wd.path("out/print"));
    assert!(!pdftotext(&pdfs(&wd.path("out/print"))[0]).contains("Dinas Baru"));
    // The next render finishes what the killed one began, and clears its staging folder.
    run_ok(&wd, &["render", "-c", "papila.toml"]);
    assert!(pdftotext(&pdfs(&wd.path("out/print"))[0]).contains("Nama Kepala Dinas Baru"));
    assert!(!staging.exists());
}

#[test]
fn a_team_with_dates_only_promises_no_next_service_day_and_a_sunday_says_so() {
    let wd = Workdir::printing();
    common::Config::from(&wd.read("papila.toml"))
        .set("office.weekdays", "[]")
        .set("office.dates", "[2024-07-14, 2024-07-15]")
        .set(
            "office.sessions",
            r#"[{ start = "08:00", end = "12:00", capacity = 1 }]"#,
        )
        .write(&wd);
    wd.write(
        "people/desa.csv",
        &format!(
            "{}\n3301021708070001;ANDI PRATAMA;17-08-2006;L;BELUM KAWIN;33.01.02.2001\n\
             3301025708070002;SITI AMINAH;17-08-2006;P;BELUM KAWIN;33.01.02.2001\n",
            common::HEADER
        ),
    );
    run_ok(&wd, &["run", "-c", "papila.toml", "--today", "2024-06-20"]);
    let text: String = pdftotext(&pdfs(&wd.path("out/print"))[0])
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(!text.contains("hari layanan berikutnya"), "{text}");
    let letters: Vec<&str> = text.split("Kepada Yth.").skip(1).collect();
    assert_eq!(letters.len(), 2);
    // Each letter's own part: from its addressee to its closing.
    let letters: Vec<&str> = letters
        .iter()
        .map(|l| l.split("Demikian undangan").next().unwrap())
        .collect();
    let sunday = letters
        .iter()
        .find(|l| l.contains("Hari, tanggal Minggu, 14 Juli 2024"))
        .unwrap();
    let monday = letters
        .iter()
        .find(|l| l.contains("Hari, tanggal Senin, 15 Juli 2024"))
        .unwrap();
    // The Sunday's letter says it is a Sunday on purpose, and names the later date.
    assert!(sunday.contains("hari Minggu"), "{sunday}");
    assert!(
        sunday.contains("pada Senin, 15 Juli 2024 dengan membawa"),
        "{sunday}"
    );
    // The last date's letter sends the person to the Dinas.
    assert!(monday.contains("mohon menghubungi"), "{monday}");
    assert!(!monday.contains("hari Minggu"), "{monday}");
}
