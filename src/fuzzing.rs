//! Entry points for the fuzz targets in `fuzz/` (cargo fuzz, nightly) and for the regression test
//! that replays their corpus and every crash found (`tests/fuzz_regressions.rs`, stable): each takes
//! arbitrary bytes to one of papila's readers and may fail with an `Error`, never panic.

use std::path::{Path, PathBuf};

/// A campaign folder of the process's own (fuzzers run one input at a time per process): a fixed
/// config of one office, and the list or log the input becomes.
fn scratch() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("papila-fuzz-{}", std::process::id()));
    let _ = std::fs::create_dir_all(dir.join("people"));
    let config = dir.join("papila.toml");
    if !config.exists() {
        let _ = std::fs::write(&config, CONFIG);
    }
    dir
}

const CONFIG: &str = r#"
[campaign]
id = "fuzz-2024"
title = "Fuzz"
election_date = 2024-11-27
start = 2024-07-01
end = 2024-10-31
region = "33.01"

[input]
files = ["people/"]

[[office]]
id = "kesugihan"
name = "Kantor Kecamatan Kesugihan"
villages = ["33.01.02.2001", "33.01.02.2002"]
weekdays = ["mon", "tue", "wed", "thu", "fri"]
sessions = [{ start = "08:00", end = "12:00", capacity = 60 }]
"#;

/// Every row of a people list in `file_name` holding `data`, read, validated and assessed.
fn people_list(file_name: &str, data: &[u8]) {
    let dir = scratch();
    let people = dir.join("people");
    if let Ok(entries) = std::fs::read_dir(&people) {
        for entry in entries.flatten() {
            let _ = std::fs::remove_file(entry.path());
        }
    }
    if std::fs::write(people.join(file_name), data).is_err() {
        return;
    }
    let Ok(config) = crate::config::Config::load(&dir.join("papila.toml")) else {
        panic!("the fuzz config is valid");
    };
    let inputs = config.input.files.clone();
    let _ = crate::pipeline::assess(&config, &inputs, |row| {
        // What the manifest and letters are made of must be printable.
        assert!(
            row.name.chars().count() <= 101,
            "a name past the limit was kept"
        );
        Ok(())
    });
}

/// A CSV people list.
pub fn csv(data: &[u8]) {
    people_list("a.csv", data);
}

/// An XLSX people list.
pub fn xlsx(data: &[u8]) {
    people_list("a.xlsx", data);
}

/// `papila.toml`, parsed and validated.
pub fn config(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = crate::config::Config::from_text(Path::new("papila.toml"), text);
}

/// A scanned line: a QR token or a typed id, judged offline with a fixed key.
pub fn token(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let key = ed25519_dalek::SigningKey::from_bytes(&[7; 32]).verifying_key();
    let day = chrono::NaiveDate::from_ymd_opt(2024, 8, 19).expect("a date");
    let known = crate::checkin::Offline::default();
    let _ = crate::checkin::judge(text, &key, Some("fuzz-2024"), day, &known);
    if let crate::token::Verdict::Genuine(claims) | crate::token::Verdict::Forged(claims) =
        crate::token::verify(&key, text)
    {
        // What was read signs back to a token that reads the same.
        let again = crate::token::sign(&ed25519_dalek::SigningKey::from_bytes(&[7; 32]), &claims);
        match crate::token::verify(&key, &again) {
            crate::token::Verdict::Genuine(read) => assert_eq!(read, claims),
            other => panic!("a re-signed token reads as {other:?}"),
        }
    }
}

/// An offline scan log, as `checkin --import` reads it.
pub fn scan_log(data: &[u8]) {
    let path = scratch().join("scans.csv");
    if std::fs::write(&path, data).is_ok() {
        let _ = crate::cmd::checkin::read_log(&path);
    }
}

/// A text's SMS encoding and parts, and its WhatsApp link.
pub fn sms(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let measured = crate::dispatch::sms::segments(text);
    assert!(measured.parts >= 1 || text.is_empty());
    let _ = crate::dispatch::sms::whatsapp_url("6281234567890", text);
}
