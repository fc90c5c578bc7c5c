//! The station page and the district view in a real headless Chromium (Debian's `chromium` and
//! `chromium-driver`, installed by `.ci/run`), driven by `tests/browser/station.py` through
//! Selenium: a printed token typed into the scan field (as a USB scanner types it) → green with the
//! name; again → orange; a tampered one → red; a typed id; a search by name; an undo listed; the
//! district view's count moving after a scan; with the server stopped a scan queues, and after a
//! restart it is sent and recorded once.
//!
//! With `UPDATE_PREVIEWS=1` the browser's screenshots replace `samples/preview/station.png` and
//! `district.png`.

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
        "search": { "name": "aminah", "birth": "2006-08-17", "expect": siti.name },
        "shots": shots,
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

    // What the browser did is in the ledger: two came at Kesugihan (one scanned, one queued while
    // the server was down), the typed one undone.
    let r = wd.run_with_env(&["report", "-c", "papila.toml"], &[("PAPILA_TODAY", DAY)]);
    assert_eq!(r.code(), 0, "{}", r.stderr());
    let kesugihan = wd
        .csv("out/report.csv")
        .into_iter()
        .find(|r| r["level"] == "office" && r["office_id"] == "kesugihan")
        .unwrap();
    assert_eq!(kesugihan["attended"], "2");

    if std::env::var_os("UPDATE_PREVIEWS").is_some() {
        let preview = concat!(env!("CARGO_MANIFEST_DIR"), "/samples/preview");
        for name in ["station.png", "district.png"] {
            std::fs::copy(shots.join(name), format!("{preview}/{name}")).unwrap();
        }
    }
}
