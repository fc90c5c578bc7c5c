//! Property: whatever the rows hold, every input row is accounted for exactly once, at its own line,
//! with one of the statuses of spec §6 and, for anything but `invited`, a reason.

use std::collections::BTreeMap;

use papila::config::Config;
use papila::eligibility::Status;
use papila::pipeline::assess;
use proptest::prelude::*;

const CONFIG: &str = r#"
[campaign]
id = "prop"
title = "t"
election_date = 2024-11-27
start = 2024-07-01
end = 2024-10-31
region = "33.01"
[[office]]
id = "o"
name = "O"
villages = ["33.01.02.2001", "33.01.03.2005"]
weekdays = ["mon"]
sessions = [{ start = "08:00", end = "12:00", capacity = 10 }]
"#;

fn nik() -> impl Strategy<Value = String> {
    prop_oneof![
        // Structurally valid NIKs, so duplicates and eligibility are exercised.
        (1u32..=28, 1u32..=12, 5u32..=9, 0u32..2, 1u32..=3).prop_map(|(d, m, y, f, s)| format!(
            "330102{:02}{:02}{:02}{:04}",
            d + 40 * f,
            m,
            y,
            s
        )),
        Just("3.30101E+15".to_string()),
        Just("330102170807000".to_string()),
        Just("3301021708070000".to_string()),
        "[0-9]{0,18}",
        ".{0,12}",
    ]
}

fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        "[A-Z ]{1,12}",
        // Delimiters, quotes and line breaks inside values: the CSV writer quotes them.
        ".{0,8}[;\"\n,|\t].{0,8}",
        ".{0,16}",
    ]
}

fn birth_date() -> impl Strategy<Value = String> {
    prop_oneof![
        (1u32..=31, 1u32..=12, 2004i32..=2010).prop_map(|(d, m, y)| format!("{d:02}-{m:02}-{y}")),
        Just("31-02-2007".to_string()),
        Just("17 Agustus 2007".to_string()),
        value(),
    ]
}

fn village() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("33.01.02.2001".to_string()),
        Just("33.01.03.2005".to_string()),
        Just("33.01.06.2001".to_string()),
        Just("99.99.99.9999".to_string()),
        value(),
    ]
}

/// Line breaks as editors show them: `\r\n`, a lone `\r` and `\n` each end a line.
fn line_breaks(bytes: &[u8]) -> usize {
    let crlf = bytes.windows(2).filter(|w| w == b"\r\n").count();
    bytes.iter().filter(|&&b| b == b'\n' || b == b'\r').count() - crlf
}

prop_compose! {
    fn row()(nik in nik(), name in value(), birth in birth_date(), married in prop_oneof![Just(""), Just("1"), Just("2"), Just("X")],
             village in village(), status in prop_oneof![Just(""), Just("BELUM REKAM"), Just("SUDAH REKAM"), Just("??")],
             phone in value()) -> Vec<String> {
        // A row must hold at least one value: rows with none are passed over (and said so).
        let name = if nik.trim().is_empty() && name.trim().is_empty() { "X".to_string() } else { name };
        vec![nik, name, birth, married.to_string(), village, status.to_string(), phone]
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn every_row_exactly_once(rows in proptest::collection::vec(row(), 1..40)) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("people.csv");
        // Write with the csv crate so quoting is right, noting the line each record starts on.
        let mut expected_lines = Vec::new();
        let mut buf = Vec::new();
        {
            let mut w = csv::WriterBuilder::new().delimiter(b';').from_writer(&mut buf);
            w.write_record(["NIK", "NAMA_LGKP", "TGL_LHR", "STAT_KWN", "KODE_DESA", "STATUS_REKAM", "NO_HP"]).unwrap();
            w.flush().unwrap();
            for r in &rows {
                let written = line_breaks(w.get_ref());
                expected_lines.push(written as u64 + 1);
                w.write_record(r).unwrap();
                w.flush().unwrap();
            }
        }
        std::fs::write(&path, &buf).unwrap();
        let config = Config::from_text(&dir.path().join("papila.toml"), CONFIG).unwrap();
        let inputs = vec![papila::ingest::InputSpec::from_cli(path.to_str().unwrap())];

        let mut seen: BTreeMap<u64, (Status, String)> = BTreeMap::new();
        let mut count = 0;
        let totals = assess(&config, &inputs, |a| {
            count += 1;
            let previous = seen.insert(a.line, (a.status, a.reason.clone()));
            assert!(previous.is_none(), "line {} reported twice", a.line);
            Ok(())
        }).unwrap();

        prop_assert_eq!(count, rows.len());
        prop_assert_eq!(totals.rows, rows.len() as u64);
        prop_assert_eq!(seen.keys().copied().collect::<Vec<_>>(), expected_lines);
        for (line, (status, reason)) in &seen {
            prop_assert!(*status != Status::Overflow, "check never schedules");
            prop_assert_eq!(*status == Status::Invited, reason.is_empty(), "line {}: {:?} {}", line, status, reason);
        }
        let by_status: u64 = totals.by_status.values().sum();
        prop_assert_eq!(by_status, rows.len() as u64);
    }
}
