//! `papila check` through the real binary: every kind of messy input a district sends, and what the
//! manifest says about each row.

mod common;

use common::{HEADER, Workdir};

fn status(wd: &Workdir, nik: &str) -> (String, String) {
    let r = wd.row(nik);
    (r["status"].clone(), r["reason"].clone())
}

#[test]
fn bom_and_semicolon_are_read() {
    let wd = Workdir::campaign();
    let text = format!(
        "\u{feff}{HEADER}\r\n3301025708070501;SITI AMINAH;17-08-2007;P;BELUM KAWIN;33.01.02.2001\r\n"
    );
    wd.write("people/a.csv", &text);
    wd.check();
    let r = wd.row("3301025708070501");
    assert_eq!(r["status"], "invited", "{r:?}");
    assert_eq!(r["name"], "SITI AMINAH");
    assert_eq!(r["line"], "2");
    assert_eq!(r["source"], "people/a.csv");
    assert_eq!(r["village"], "Menganti");
}

#[test]
fn windows_1252_is_decoded() {
    let wd = Workdir::campaign();
    // 0x92 is the right single quotation mark in Windows-1252 (Excel's "’").
    let mut bytes = b"NIK,NAMA,TANGGAL_LAHIR,DESA,KECAMATAN\r\n3301094503070513,NI".to_vec();
    bytes.push(0x92);
    bytes.extend_from_slice(b"MATUL KHASANAH,5 Maret 2007,MENGANTI,KESUGIHAN\r\n");
    wd.write_bytes("people/excel.csv", &bytes);
    wd.check();
    let r = wd.row("3301094503070513");
    assert_eq!(r["name"], "NI\u{2019}MATUL KHASANAH");
    assert_eq!(r["status"], "invited", "{r:?}");
    assert_eq!(r["village_code"], "33.01.02.2001");
}

#[test]
fn numeric_nik_cell_in_xlsx_is_rejected_as_destroyed() {
    let wd = Workdir::campaign();
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet().set_name("Data").unwrap();
    for (col, h) in ["NIK", "NAMA_LGKP", "TGL_LHR", "KODE_DESA"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, col as u16, *h).unwrap();
    }
    // Row 2: the NIK as a number, as Excel stores it when the column is not Text: its 16th digit
    // made 0 (3301021708070011 → …010), so which NIK it was cannot be known.
    sheet.write_number(1, 0, 3301021708070010.0).unwrap();
    sheet.write_string(1, 1, "BAYU PRASETYO").unwrap();
    sheet.write_string(1, 2, "17-08-2007").unwrap();
    sheet.write_string(1, 3, "33.01.02.2001").unwrap();
    // Row 3: the NIK as text, and a real date cell.
    sheet.write_string(2, 0, "3301025708070002").unwrap();
    sheet.write_string(2, 1, "DEWI LESTARI").unwrap();
    let date = rust_xlsxwriter::ExcelDateTime::from_ymd(2007, 8, 17).unwrap();
    let fmt = rust_xlsxwriter::Format::new().set_num_format("dd/mm/yyyy");
    sheet.write_datetime_with_format(2, 2, &date, &fmt).unwrap();
    sheet.write_string(2, 3, "33.01.02.2001").unwrap();
    // Row 4: a number with all 16 digits (openpyxl and LibreOffice write the exact integer; Excel
    // would have zeroed the last): kept, with a warning.
    sheet.write_number(3, 0, 3301021708070003.0).unwrap();
    sheet.write_string(3, 1, "EKO").unwrap();
    sheet.write_string(3, 2, "17-08-2007").unwrap();
    sheet.write_string(3, 3, "33.01.02.2001").unwrap();
    book.save(wd.path("people/desa.xlsx")).unwrap();

    wd.check();
    let rows = wd.manifest();
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0]["source"], "people/desa.xlsx!Data");
    assert_eq!(rows[0]["line"], "2");
    assert_eq!(rows[0]["status"], "rejected");
    assert!(
        rows[0]["reason"].contains("stored as a number"),
        "{:?}",
        rows[0]
    );
    assert!(rows[0]["reason"].contains("Text"), "{:?}", rows[0]);
    assert!(
        rows[0]["reason"].contains("its last digit may be lost"),
        "{:?}",
        rows[0]
    );
    assert_eq!(rows[1]["line"], "3");
    assert_eq!(rows[1]["status"], "invited", "{:?}", rows[1]);
    assert_eq!(rows[2]["status"], "invited", "{:?}", rows[2]);
    assert_eq!(rows[2]["nik"], "3301021708070003", "{:?}", rows[2]);
    assert!(
        rows[2]["warnings"].contains("all 16 digits are there"),
        "{:?}",
        rows[2]
    );
}

#[test]
fn spreadsheet_damage_and_bad_niks_are_rejected_with_reasons() {
    let wd = Workdir::campaign();
    wd.write(
        "people/a.csv",
        &format!(
            "{HEADER}\n\
             3.30101E+15;A;17-08-2007;L;1;33.01.02.2001\n\
             330102170807000;B;17-08-2007;L;1;33.01.02.2001\n\
             3301021708070000;C;17-08-2007;L;1;33.01.02.2001\n\
             3301027102070004;D;31-02-2007;P;1;33.01.02.2001\n"
        ),
    );
    wd.check();
    let (s, r) = status(&wd, "3.30101E+15");
    assert_eq!(s, "rejected");
    assert!(r.contains("destroyed by a spreadsheet"), "{r}");
    let (s, r) = status(&wd, "330102170807000");
    assert_eq!(s, "rejected");
    assert!(r.contains("has 15 digits"), "{r}");
    let (s, r) = status(&wd, "3301021708070000");
    assert_eq!(s, "rejected");
    assert!(r.contains("ends in 0000") && r.contains("rounded"), "{r}");
    let (s, r) = status(&wd, "3301027102070004");
    assert_eq!(s, "rejected");
    // Both problems of the row are reported, field by field.
    assert!(
        r.contains("NIK:") && r.contains("TGL_LHR: \"31-02-2007\" is not a real date"),
        "{r}"
    );
}

#[test]
fn a_duplicate_nik_uses_the_newer_export() {
    let wd = Workdir::campaign();
    wd.write(
        "people/a.csv",
        &format!(
            "{HEADER}\n\
             3301021708070001;FIRST;17-08-2007;L;1;33.01.02.2001\n"
        ),
    );
    wd.write(
        "people/b.csv",
        &format!(
            "{HEADER}\n\
             3301021708070001;SECOND;17-08-2007;L;1;33.01.02.2002\n"
        ),
    );
    // b.csv is the older export, though it sorts last.
    std::fs::File::options()
        .write(true)
        .open(wd.path("people/b.csv"))
        .unwrap()
        .set_modified(std::time::SystemTime::now() - std::time::Duration::from_secs(86_400))
        .unwrap();
    wd.check();
    let rows = wd.manifest();
    assert_eq!(rows.len(), 2);
    assert_eq!(
        (rows[0]["name"].as_str(), rows[0]["status"].as_str()),
        ("FIRST", "invited")
    );
    assert_eq!(
        (rows[1]["name"].as_str(), rows[1]["status"].as_str()),
        ("SECOND", "duplicate")
    );
    assert!(
        rows[1]["reason"].contains("people/a.csv line 2") && rows[1]["reason"].contains("FIRST"),
        "{:?}",
        rows[1]
    );
}

#[test]
fn village_name_in_two_kecamatan_needs_the_kecamatan() {
    let wd = Workdir::campaign();
    wd.write(
        "people/a.csv",
        "NIK;NAMA;TGL_LHR;NAMA_KEL;NAMA_KEC\n\
         3301032001070001;ALONE;20-01-2007;KARANGANYAR;\n\
         3301032001070002;WITH KEC;20-01-2007;Karanganyar;Adipala\n\
         3301032001070003;OTHER KEC;20-01-2007;KARANGANYAR;GANDRUNGMANGU\n",
    );
    wd.check();
    let (s, r) = status(&wd, "3301032001070001");
    assert_eq!(s, "rejected");
    assert!(r.contains("Adipala") && r.contains("Gandrungmangu"), "{r}");
    let row = wd.row("3301032001070002");
    assert_eq!(
        (row["status"].as_str(), row["village_code"].as_str()),
        ("invited", "33.01.03.2005")
    );
    // The Gandrungmangu Karanganyar is a real village that no office serves.
    let row = wd.row("3301032001070003");
    assert_eq!(
        (row["status"].as_str(), row["village_code"].as_str()),
        ("out_of_area", "33.01.10.2004")
    );
}

#[test]
fn seventeen_on_election_day_boundary() {
    let wd = Workdir::campaign();
    wd.write(
        "people/a.csv",
        &format!(
            "{HEADER}\n\
             3301022711070001;ON THE DAY;27-11-2007;L;BELUM KAWIN;33.01.02.2001\n\
             3301022811070001;DAY AFTER;28-11-2007;L;BELUM KAWIN;33.01.02.2001\n\
             3301022811070002;DAY AFTER MARRIED;28-11-2007;L;KAWIN;33.01.02.2001\n"
        ),
    );
    wd.check();
    assert_eq!(status(&wd, "3301022711070001").0, "invited");
    let (s, r) = status(&wd, "3301022811070001");
    assert_eq!(s, "too_young");
    assert!(r.contains("28-11-2024"), "{r}");
    assert_eq!(status(&wd, "3301022811070002").0, "invited");
}

#[test]
fn recorded_status_column_and_recorded_list() {
    let wd = Workdir::campaign();
    wd.write(
        "papila.toml",
        &common::CONFIG.replace(
            "files = [\"people/\"]",
            "files = [\"people/\"]\nrecorded = \"sudah.csv\"",
        ),
    );
    wd.write("sudah.csv", "NIK\n3301021708070002\n");
    wd.write(
        "people/a.csv",
        "NIK;NAMA;TGL_LHR;KODE_DESA;STATUS_REKAM\n\
         3301021708070001;A;17-08-2007;33.01.02.2001;SUDAH REKAM\n\
         3301021708070002;B;17-08-2007;33.01.02.2001;BELUM REKAM\n\
         3301021708070003;C;17-08-2007;33.01.02.2001;CARD PRINTED\n\
         3301021708070004;D;17-08-2007;33.01.02.2001;BELUM REKAM\n",
    );
    let out = wd.check().stdout();
    assert_eq!(status(&wd, "3301021708070001").0, "already_recorded");
    assert_eq!(status(&wd, "3301021708070002").0, "already_recorded");
    assert_eq!(status(&wd, "3301021708070003").0, "already_recorded");
    assert_eq!(status(&wd, "3301021708070004").0, "invited");
    assert!(
        out.contains("1 NIK in the list of people already recorded"),
        "{out}"
    );
}

#[test]
fn every_sample_row_is_in_the_manifest_exactly_once() {
    let wd = Workdir::new();
    let samples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/cilacap");
    let out = wd.path("out");
    let r = wd.run(&[
        "check",
        "-c",
        samples.join("papila.toml").to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(r.code(), 0, "{}", r.stderr());
    // Count data rows straight from the files: non-empty lines after the header.
    let mut expected = std::collections::BTreeSet::new();
    for entry in std::fs::read_dir(samples.join("people")).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        let name = format!("people/{}", path.file_name().unwrap().to_string_lossy());
        for (i, line) in bytes.split(|&b| b == b'\n').enumerate().skip(1) {
            if !line.iter().all(|b| b.is_ascii_whitespace()) {
                expected.insert((name.clone(), (i + 1).to_string()));
            }
        }
    }
    // The school's Dapodik workbook, read by openpyxl: every row with a value under the two header
    // rows (the top one holds "NIK").
    let dapodik = samples.join("sekolah/sman1-kesugihan.xlsx");
    let listed = std::process::Command::new("python3")
        .args([
            "-c",
            "import sys, openpyxl\n\
             ws = openpyxl.load_workbook(sys.argv[1]).active\n\
             rows = list(ws.iter_rows(values_only=True))\n\
             top = next(i for i, r in enumerate(rows) if 'NIK' in r)\n\
             for i, r in enumerate(rows[top + 2:], start=top + 3):\n\
             \x20   if any(v not in (None, '') for v in r): print(i)",
        ])
        .arg(&dapodik)
        .output()
        .expect("python3 with openpyxl (scripts/test installs it)");
    assert!(
        listed.status.success(),
        "{}",
        String::from_utf8_lossy(&listed.stderr)
    );
    for line in String::from_utf8(listed.stdout).unwrap().lines() {
        expected.insert((
            "sekolah/sman1-kesugihan.xlsx!Sheet".to_string(),
            line.trim().to_string(),
        ));
    }
    let rows = wd.manifest();
    let seen: Vec<(String, String)> = rows
        .iter()
        .map(|r| (r["source"].clone(), r["line"].clone()))
        .collect();
    let unique: std::collections::BTreeSet<_> = seen.iter().cloned().collect();
    assert_eq!(unique.len(), seen.len(), "a row appears twice");
    assert_eq!(unique, expected);
    let statuses = [
        "invited",
        "too_young",
        "already_recorded",
        "duplicate",
        "rejected",
        "out_of_area",
    ];
    for s in statuses {
        assert!(
            rows.iter().any(|r| r["status"] == s),
            "the sample shows no {s} row"
        );
    }
    for r in &rows {
        assert!(statuses.contains(&r["status"].as_str()), "{r:?}");
        assert_eq!(r["status"] == "invited", r["reason"].is_empty(), "{r:?}");
    }
}

#[cfg(unix)]
#[test]
fn manifest_is_readable_by_the_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let wd = Workdir::campaign();
    wd.write(
        "people/a.csv",
        &format!("{HEADER}\n3301021708070001;A;17-08-2007;L;1;33.01.02.2001\n"),
    );
    wd.check();
    let mode = std::fs::metadata(wd.path("out/manifest.csv"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
}

#[test]
fn inputs_on_the_command_line_replace_the_config_and_keep_their_spelling() {
    let wd = Workdir::campaign();
    wd.write(
        "people/a.csv",
        &format!("{HEADER}\n3301021708070001;A;17-08-2007;L;1;33.01.02.2001\n"),
    );
    wd.write(
        "other/b.csv",
        &format!("{HEADER}\n3301021708070002;B;17-08-2007;L;1;33.01.02.2001\n"),
    );
    let r = wd.run(&["check", "-c", "papila.toml", "other/b.csv"]);
    assert_eq!(r.code(), 0, "{}", r.stderr());
    let rows = wd.manifest();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["source"], "other/b.csv");
}

#[test]
fn a_file_without_a_nik_column_is_a_user_error() {
    let wd = Workdir::campaign();
    wd.write(
        "people/a.csv",
        "NAMA;TGL_LHR;KODE_DESA\nA;17-08-2007;33.01.02.2001\n",
    );
    let r = wd.run(&["check", "-c", "papila.toml"]);
    assert_eq!(r.code(), 1);
    insta::assert_snapshot!(r.stderr());
}

#[test]
fn a_file_without_a_village_column_is_a_user_error_unless_the_config_names_it() {
    let wd = Workdir::campaign();
    wd.write(
        "people/a.csv",
        "NIK;NAMA;TGL_LHR\n3301021708070001;A;17-08-2007\n",
    );
    let r = wd.run(&["check", "-c", "papila.toml"]);
    assert_eq!(r.code(), 1);
    insta::assert_snapshot!(r.stderr());

    wd.write(
        "papila.toml",
        &common::CONFIG.replace(
            "files = [\"people/\"]",
            "files = [{ path = \"people/a.csv\", village = \"33.01.02.2003\" }]",
        ),
    );
    wd.check();
    assert_eq!(wd.row("3301021708070001")["village"], "Kesugihan");
}

#[test]
fn summary_counts_statuses_and_quotes_rejections() {
    let wd = Workdir::campaign();
    wd.write(
        "people/a.csv",
        &format!(
            "{HEADER}\n\
             3301021708070001;A;17-08-2007;L;1;33.01.02.2001\n\
             3301022811070001;B;28-11-2007;L;1;33.01.02.2001\n\
             12345;C;17-08-2007;L;1;33.01.02.2001\n\
             ;;;;;\n\
             3301061204070509;D;12-04-2007;L;1;33.01.06.2001\n"
        ),
    );
    insta::assert_snapshot!(wd.check().stdout());
    snapshot_in_indonesian!(wd, &["check", "-c", "papila.toml"], stdout);
}

#[test]
fn custom_column_names_from_the_config() {
    let wd = Workdir::campaign();
    wd.write(
        "papila.toml",
        &common::CONFIG.replace(
            "files = [\"people/\"]",
            "files = [\"people/\"]\n[input.columns]\nnik = \"Nomor Induk\"\nbirth_date = \"Lahir Tgl\"",
        ),
    );
    wd.write(
        "people/a.csv",
        "Nomor Induk,NAMA,Lahir Tgl,KODE_DESA\n3301021708070001,A,17-08-2007,33.01.02.2001\n",
    );
    wd.check();
    assert_eq!(wd.row("3301021708070001")["status"], "invited");
}

#[test]
fn siak_kecamatan_and_village_numbers() {
    let wd = Workdir::campaign();
    wd.write(
        "people/siak.csv",
        "NIK|NAMA_LGKP|TGL_LHR|NO_PROP|NO_KAB|NO_KEC|NO_KEL\n\
         3301021708070001|A|2007-08-17|33|1|2|2002\n\
         3301021708070002|B|2007-08-17|33|1|2|2999\n",
    );
    wd.check();
    let a = wd.row("3301021708070001");
    assert_eq!(
        (a["status"].as_str(), a["village"].as_str()),
        ("invited", "Slarang")
    );
    let b = wd.row("3301021708070002");
    assert_eq!(b["status"], "rejected");
    assert!(b["reason"].contains("NO_KEL"), "{b:?}");
}

#[test]
fn a_date_written_month_first_and_a_day_not_year_first_are_explained() {
    let wd = Workdir::campaign();
    wd.write(
        "people/a.csv",
        &format!("{HEADER}\n3301021708090001;ANDI;08/17/2009;L;BELUM KAWIN;33.01.02.2001\n"),
    );
    wd.check();
    let (status, reason) = status(&wd, "3301021708090001");
    assert_eq!(status, "rejected");
    assert!(
        reason.contains("\"08/17/2009\" is not a real date read day first")
            && reason.contains("write it 17-08-2009"),
        "{reason}"
    );
    let r = wd.run(&["plan", "-c", "papila.toml", "--today", "04-01-2027"]);
    assert_eq!(r.code(), 1);
    assert!(
        r.stderr()
            .contains("\"04-01-2027\" is not a day written YYYY-MM-DD"),
        "{}",
        r.stderr()
    );
}

#[test]
fn a_list_without_a_birth_date_column_says_so_and_names_a_mapping_that_misses() {
    let wd = Workdir::campaign();
    wd.write(
        "people/a.csv",
        "NIK;NAMA;TGL LAHIR (DD-MM-YYYY);KODE_DESA\n3301021708070001;ANDI;17-08-2007;33.01.02.2001\n",
    );
    let r = wd.run(&["check", "-c", "papila.toml"]);
    assert_eq!(r.code(), 1, "{}", r.stdout());
    assert!(
        r.stderr()
            .contains("has no birth-date column (its headers are: NIK, NAMA, TGL LAHIR"),
        "{}",
        r.stderr()
    );
    let mapping = |header: &str| {
        common::CONFIG.replace(
            "[input]\nfiles = [\"people/\"]",
            &format!(
                "[input]\nfiles = [\"people/\"]\n\n[input.columns]\nbirth_date = \"{header}\""
            ),
        )
    };
    // A mapping to a header the file does not have is named, not ignored.
    wd.write("papila.toml", &mapping("TANGGAL LAHIR"));
    let r = wd.run(&["check", "-c", "papila.toml"]);
    assert!(
        r.stderr()
            .contains("papila.toml maps birth_date to \"TANGGAL LAHIR\", which is not one of them"),
        "{}",
        r.stderr()
    );
    // Mapped to the header it has, every row is read.
    wd.write("papila.toml", &mapping("TGL LAHIR (DD-MM-YYYY)"));
    wd.check();
    assert_eq!(status(&wd, "3301021708070001").0, "invited");
}
