//! The station page and the district view in a real headless Chromium (Debian's `chromium` and
//! `chromium-driver`, installed by `.ci/run`), driven by `tests/browser/station.py` through
//! Selenium: a printed token typed into the scan field (as a USB scanner types it) → green with the
//! name; again → orange; a tampered one → red; an old letter of a moved appointment → amber,
//! naming the new one; a typed id; a search by name; an undo listed; the
//! district view's count moving after a scan; with the server stopped a scan queues, and after a
//! restart it is sent and recorded once; and the page's own QR decoder (jsQR, served by papila for
//! browsers without BarcodeDetector) reads a printed letter as zbarimg does.
//!
//! With `UPDATE_PREVIEWS=1` the browser's screenshots replace `samples/preview/station.png` and
//! `district.png`, and their phone-size pictures (`station-phone.png`, `district-phone.png`).

mod common;

use common::station::{DAY, at, campaign, people};

#[test]
fn the_station_page_and_the_district_view_in_a_real_browser() {
    let wd = campaign();
    let people = people(&wd);
    let mine: Vec<_> = at(&people, "kesugihan")
        .into_iter()
        .map(|i| &people[i])
        .collect();
    let mut tampered = mine[3].token.clone();
    let last = tampered.pop().unwrap();
    tampered.push(if last == 'A' { 'B' } else { 'A' });
    // An old letter of the fourth person: signed for a session their appointment has moved from.
    let old_letter = {
        let key = papila::keys::load(&wd.path("keys/papila.key")).unwrap();
        let hm = |t: &str| chrono::NaiveTime::parse_from_str(t, "%H:%M").unwrap();
        let claims = papila::token::Claims {
            campaign: papila::token::Campaign::of("test-2024"),
            invitation_id: mine[3].id.clone(),
            appointment: papila::appointment::Appointment {
                office_id: "kesugihan".into(),
                date: chrono::NaiveDate::from_ymd_opt(2024, 7, 5).unwrap(),
                start: hm("08:00"),
                end: hm("12:00"),
            },
        };
        papila::token::sign(&key, &claims)
    };
    let (qr_png, qr_token) = a_printed_qr(&wd);
    let shots = wd.path("shots");
    std::fs::create_dir_all(&shots).unwrap();
    let siti = people.iter().find(|p| p.name == "SITI AMINAH").unwrap();
    let spec = serde_json::json!({
        "bin": env!("CARGO_BIN_EXE_papila"),
        "dir": wd.root(),
        "day": DAY,
        "office_name": "Kantor Kecamatan Kesugihan",
        "people": mine.iter().map(|p| serde_json::json!({
            "token": p.token, "id": p.id, "name": p.name,
        })).collect::<Vec<_>>(),
        "tampered": tampered,
        "replaced": old_letter,
        "search": { "name": "aminah", "birth": "2006-08-17", "expect": siti.name },
        "shots": shots,
        "qr_png": qr_png,
        "qr_token": qr_token,
    });
    wd.write("browser.json", &spec.to_string());
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/browser/station.py");
    let out = std::process::Command::new("python3")
        .arg(script)
        .arg(wd.path("browser.json"))
        .output()
        .expect("python3 runs");
    let said = format!(
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success(),
        "the browser test failed (chromium, chromium-driver and Python's selenium are \
         installed by .ci/run):\n{said}"
    );
    assert!(said.contains("all steps passed"), "{said}");

    // What the browser did is in the ledger: three came at Kesugihan (one scanned, one with an old
    // letter, one queued while the server was down), the typed one undone.
    let r = wd.run_with_env(&["report", "-c", "papila.toml"], &[("PAPILA_TODAY", DAY)]);
    assert_eq!(r.code(), 0, "{}", r.stderr());
    let kesugihan = wd
        .csv("out/report.csv")
        .into_iter()
        .find(|r| r["level"] == "office" && r["office_id"] == "kesugihan")
        .unwrap();
    assert_eq!(kesugihan["attended"], "3");

    if std::env::var_os("UPDATE_PREVIEWS").is_some() {
        let preview = concat!(env!("CARGO_MANIFEST_DIR"), "/samples/preview");
        for name in [
            "station.png",
            "district.png",
            "station-phone.png",
            "district-phone.png",
        ] {
            std::fs::copy(shots.join(name), format!("{preview}/{name}")).unwrap();
        }
    }
}

/// The first letter of a printed batch as a picture (200 dpi), and the token in its QR code as
/// zbarimg reads it: what the page's own decoder must read too.
fn a_printed_qr(wd: &common::Workdir) -> (std::path::PathBuf, String) {
    let r = wd.run_with_env(&["render", "-c", "papila.toml"], &[("PAPILA_TODAY", DAY)]);
    assert_eq!(r.code(), 0, "{}", r.stderr());
    let batch = common::pdfs(&wd.path("out/print")).remove(0);
    let prefix = wd.path("letter");
    let status = std::process::Command::new("pdftoppm")
        .args(["-r", "200", "-f", "2", "-l", "2", "-png", "-singlefile"])
        .arg(&batch)
        .arg(&prefix)
        .status()
        .expect("pdftoppm runs (poppler-utils)");
    assert!(status.success());
    let png = prefix.with_extension("png");
    let out = std::process::Command::new("zbarimg")
        .args(["--quiet", "--raw"])
        .arg(&png)
        .output()
        .expect("zbarimg runs (zbar-tools)");
    let token = String::from_utf8(out.stdout).unwrap().trim().to_string();
    assert!(!token.is_empty(), "zbarimg found no QR code on the letter");
    (png, token)
}
