//! Hostile and broken input through the real binary: names that would be spreadsheet formulas, that
//! hold control characters or a line break, that are megabytes long; a spreadsheet that inflates to
//! gigabytes; and the Excel-safe outputs read back by a real spreadsheet reader (Python's openpyxl,
//! installed by .ci/run).

mod common;

use std::process::Command;
use std::time::{Duration, Instant};

use common::{HEADER, Workdir};

const FORMULAS: [&str; 4] = [
    "=HYPERLINK(\"http://contoh.test\",\"klik\")",
    "@SUM(1+1)",
    "+cmd|' /C calc'!A0",
    "-2+3",
];

fn nik(i: usize) -> String {
    format!("33010217080700{:02}", i + 1)
}

/// A campaign whose list holds the formula names, then `extra` rows.
fn campaign(extra: &str) -> Workdir {
    let wd = Workdir::campaign();
    let mut list = format!("{HEADER};NO_HP\n");
    for (i, name) in FORMULAS.iter().enumerate() {
        // `;` inside a name would split it: CSV quoting keeps it one cell.
        let name = name.replace('"', "\"\"");
        list.push_str(&format!(
            "{};\"{name}\";17-08-2007;L;BELUM KAWIN;33.01.02.2001;+62 812 3456 78{i:02}\n",
            nik(i)
        ));
    }
    list.push_str(extra);
    wd.write("people/a.csv", &list);
    wd
}

/// Reads an .xlsx with openpyxl: every cell of the first sheet as `type:value` (`s` for a text
/// cell, `n` a number, `f` a formula), and whether any cell is a formula.
fn openpyxl(path: &std::path::Path) -> (Vec<Vec<String>>, bool) {
    let script = r#"
import sys, openpyxl
book = openpyxl.load_workbook(sys.argv[1])
sheet = book.worksheets[0]
formulas = False
for row in sheet.iter_rows():
    for c in row:
        if c.data_type == 'f':
            formulas = True
    print("\t".join(c.data_type + ":" + ("" if c.value is None else str(c.value)) for c in row))
print("FORMULAS" if formulas else "NO-FORMULAS")
"#;
    let out = Command::new("python3")
        .args(["-c", script, path.to_str().unwrap()])
        .output()
        .expect("python3");
    assert!(
        out.status.success(),
        "openpyxl (python3 -m pip install openpyxl, as .ci/run does): {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    let formulas = lines.pop() == Some("FORMULAS");
    (
        lines
            .iter()
            .map(|l| l.split('\t').map(str::to_string).collect())
            .collect(),
        formulas,
    )
}

#[test]
fn formula_names_are_text_in_every_csv_and_the_xlsx_keeps_every_nik() {
    let wd = campaign("");
    let r = wd.run(&["plan", "-c", "papila.toml", "--today", "2024-06-01"]);
    assert_eq!(r.code(), 0, "{}{}", r.stdout(), r.stderr());
    let manifest = wd.read("out/manifest.csv");
    for (i, name) in FORMULAS.iter().enumerate() {
        let row = wd.row(&nik(i));
        assert_eq!(row["status"], "invited", "{row:?}");
        // The CSV cell starts with ', so a spreadsheet shows it as text, never runs it.
        assert_eq!(row["name"], format!("'{name}"), "{row:?}");
    }
    assert!(!manifest.lines().any(|l| l.contains(",=")), "{manifest}");

    let (rows, formulas) = openpyxl(&wd.path("out/manifest.xlsx"));
    assert!(!formulas, "a cell of manifest.xlsx is a formula");
    assert_eq!(rows[0][2], "s:nik", "{:?}", rows[0]);
    for (i, name) in FORMULAS.iter().enumerate() {
        let row = &rows[i + 1];
        // NIKs are text cells with all 16 digits; names exactly as written, as text.
        assert_eq!(row[2], format!("s:{}", nik(i)), "{row:?}");
        assert_eq!(row[3], format!("s:{name}"), "{row:?}");
    }
}

#[test]
fn a_plus_62_phone_survives_as_a_usable_number() {
    let wd = campaign("");
    common::Config::new().issuer().signing().write(&wd);
    wd.keygen();
    let r = wd.run(&["run", "-c", "papila.toml", "--today", "2024-06-01"]);
    assert_eq!(r.code(), 0, "{}{}", r.stdout(), r.stderr());
    let sms = wd.csv("out/messages/sms.csv");
    assert_eq!(sms.len(), 4);
    for row in &sms {
        assert!(row["phone"].starts_with("628123456"), "{row:?}");
        assert_eq!(row["phone"].len(), 13, "{row:?}");
        assert!(
            row["whatsapp_url"].starts_with(&format!("https://wa.me/{}?", row["phone"])),
            "{row:?}"
        );
    }
}

#[test]
fn control_characters_and_a_line_break_are_taken_out_with_a_warning() {
    let wd = campaign(
        "3301021708070011;\"SITI\u{0}AMINAH\";17-08-2007;P;BELUM KAWIN;33.01.02.2001;\n\
         3301021708070012;\"\u{202e}HANIMA ITIS\";17-08-2007;P;BELUM KAWIN;33.01.02.2001;\n\
         3301021708070013;\"BUDI\nSANTOSO\";17-08-2007;L;BELUM KAWIN;33.01.02.2001;\n\
         3301021708070014;\"NI\u{200b}MAH\";17-08-2007;P;BELUM KAWIN;33.01.02.2001;\n",
    );
    wd.check();
    for (nik, name, warning) in [
        (
            "3301021708070011",
            "SITIAMINAH",
            "1 control or invisible character removed",
        ),
        (
            "3301021708070012",
            "HANIMA ITIS",
            "1 control or invisible character removed",
        ),
        (
            "3301021708070013",
            "BUDI SANTOSO",
            "1 line break or tab made a space",
        ),
        (
            "3301021708070014",
            "NIMAH",
            "1 control or invisible character removed",
        ),
    ] {
        let row = wd.row(nik);
        assert_eq!(row["status"], "invited", "{row:?}");
        assert_eq!(row["name"], name, "{row:?}");
        assert!(row["warnings"].contains(warning), "{row:?}");
    }
    let manifest = std::fs::read(wd.path("out/manifest.csv")).unwrap();
    assert!(!manifest.contains(&0), "a NUL reached the manifest");
    assert!(!String::from_utf8_lossy(&manifest).contains('\u{202e}'));
}

#[test]
fn a_name_of_five_megabytes_is_rejected_quickly_and_quoted_short() {
    let huge = "A".repeat(5 << 20);
    let wd = campaign(&format!(
        "3301021708070011;{huge};17-08-2007;L;BELUM KAWIN;33.01.02.2001;\n"
    ));
    let started = Instant::now();
    let r = wd.run(&["plan", "-c", "papila.toml", "--today", "2024-06-01"]);
    assert_eq!(r.code(), 0, "{}", r.stderr());
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    let row = wd.row("3301021708070011");
    assert_eq!(row["status"], "rejected", "{:?}", row["reason"]);
    assert!(
        row["reason"].starts_with("NAMA_LGKP: is 5242880 characters long; at most 100 fit"),
        "{}",
        &row["reason"][..200.min(row["reason"].len())]
    );
    assert!(row["reason"].len() < 300, "the reason quotes too much");
    assert!(
        row["name"].chars().count() <= 101,
        "the manifest holds the whole name"
    );
    // The summary quotes it short too.
    assert!(
        r.stdout().len() < 5_000,
        "{} bytes of summary",
        r.stdout().len()
    );
}

#[test]
fn a_csv_whose_line_never_ends_is_refused_with_its_line() {
    let wd = Workdir::campaign();
    let mut bytes = format!("{HEADER}\n").into_bytes();
    bytes.extend(std::iter::repeat_n(b'x', 17 << 20));
    wd.write_bytes("people/a.csv", &bytes);
    let r = wd.run(&["check", "-c", "papila.toml"]);
    assert_eq!(r.code(), 1, "{}", r.stdout());
    assert!(
        r.stderr().contains("line 2 is longer than 16 MiB"),
        "{}",
        r.stderr()
    );
    assert!(r.stderr().len() < 2_000, "{}", r.stderr().len());
}

/// A workbook whose one sheet inflates to `inflated` bytes of zeros: a zip bomb.
fn zip_bomb(path: &std::path::Path, inflated: usize) {
    use std::io::Write;
    let file = std::fs::File::create(path).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    zip.start_file("[Content_Types].xml", options).unwrap();
    zip.write_all(b"<?xml version=\"1.0\"?><Types/>").unwrap();
    zip.start_file("xl/worksheets/sheet1.xml", options).unwrap();
    let chunk = vec![b' '; 1 << 20];
    for _ in 0..inflated / chunk.len() {
        zip.write_all(&chunk).unwrap();
    }
    zip.finish().unwrap();
}

/// The peak resident memory of a child, sampled from /proc until it ends.
fn run_measured(wd: &Workdir, args: &[&str]) -> (i32, String, u64) {
    let mut child = common::command(wd.root())
        .args(args)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let status_file = format!("/proc/{}/status", child.id());
    let mut peak_kib = 0;
    let status = loop {
        if let Ok(text) = std::fs::read_to_string(&status_file)
            && let Some(line) = text.lines().find(|l| l.starts_with("VmHWM:"))
        {
            let kib: u64 = line
                .split_whitespace()
                .nth(1)
                .and_then(|n| n.parse().ok())
                .unwrap_or(0);
            peak_kib = peak_kib.max(kib);
        }
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    (status.code().unwrap_or(-1), stderr, peak_kib)
}

#[test]
fn an_xlsx_that_inflates_past_the_limit_is_refused_fast_and_small() {
    let wd = Workdir::campaign();
    zip_bomb(&wd.path("people/bom.xlsx"), 600 << 20);
    let size = std::fs::metadata(wd.path("people/bom.xlsx")).unwrap().len();
    assert!(size < 2 << 20, "the bomb is {size} bytes");
    let started = Instant::now();
    let (code, stderr, peak_kib) = run_measured(&wd, &["check", "-c", "papila.toml"]);
    let took = started.elapsed();
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("would take 600 MiB once unpacked"),
        "{stderr}"
    );
    assert!(took < Duration::from_secs(2), "{took:?}");
    assert!(peak_kib < 200 << 10, "{peak_kib} KiB");
}

#[test]
fn a_name_with_a_line_break_does_not_stop_the_emails() {
    let wd = Workdir::campaign();
    common::Config::new()
        .issuer()
        .signing()
        .merge(
            "[email]\nfrom = \"Disdukcapil <noreply@example.go.id>\"\n\
             smtp_host = \"127.0.0.1\"\nsecurity = \"none\"\n",
        )
        .write(&wd);
    wd.keygen();
    wd.write(
        "people/a.csv",
        &format!(
            "{HEADER};EMAIL\n\
             3301021708070001;\"BUDI\nSANTOSO\";17-08-2007;L;BELUM KAWIN;33.01.02.2001;budi@example.com\n\
             3301021708070002;ANDI;17-08-2007;L;BELUM KAWIN;33.01.02.2001;andi@example.com\n"
        ),
    );
    let r = wd.run(&["plan", "-c", "papila.toml", "--today", "2024-06-01"]);
    assert_eq!(r.code(), 0, "{}", r.stderr());
    let r = wd.run(&["send", "email", "-c", "papila.toml", "--dry-run"]);
    assert_eq!(r.code(), 0, "{}{}", r.stdout(), r.stderr());
    let budi = wd.row("3301021708070001");
    let eml = wd.read(&format!("out/messages/email/{}.eml", budi["invitation_id"]));
    let subject = eml.lines().find(|l| l.starts_with("Subject:")).unwrap();
    assert!(eml.contains("BUDI SANTOSO"), "{subject}");
    let andi = wd.row("3301021708070002");
    assert!(
        wd.path(&format!("out/messages/email/{}.eml", andi["invitation_id"]))
            .exists()
    );
}

#[test]
fn a_long_value_is_quoted_short_in_reasons_warnings_and_config_errors() {
    let sex = "X".repeat(90);
    let wd = campaign(&format!(
        "3301021708070011;BUDI;17-08-2007;{sex};BELUM KAWIN;33.01.02.2001;\n"
    ));
    wd.check();
    let row = wd.row("3301021708070011");
    assert!(
        row["warnings"].contains(&format!("\"{}…\" is not 1/2", "X".repeat(40))),
        "{row:?}"
    );
    let id = "k".repeat(5000);
    wd.write(
        "papila.toml",
        &common::CONFIG.replace("id = \"test-2024\"", &format!("id = \"{id}\"")),
    );
    let r = wd.run(&["check", "-c", "papila.toml"]);
    assert_eq!(r.code(), 1);
    assert!(r.stderr().len() < 1_000, "{} bytes", r.stderr().len());
    assert!(
        r.stderr().contains("5000 characters long"),
        "{}",
        r.stderr()
    );
}

/// Every file under `dir` whose name ends in `ext`.
fn files_ending(dir: &std::path::Path, ext: &str) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(files_ending(&path, ext));
        } else if path.extension().is_some_and(|e| e == ext) {
            out.push(path);
        }
    }
    out.sort();
    out
}

#[test]
fn every_csv_and_xlsx_papila_writes_is_safe_in_a_spreadsheet() {
    let wd = campaign("");
    common::Config::new().issuer().signing().write(&wd);
    wd.keygen();
    // The SMS text begins with the name (the bundled template does): its cell would be a formula.
    let r = wd.run(&["run", "-c", "papila.toml", "--today", "2024-06-01"]);
    assert_eq!(r.code(), 0, "{}{}", r.stdout(), r.stderr());
    let r = wd.run(&["report", "-c", "papila.toml", "--today", "2024-07-15"]);
    assert_eq!(r.code(), 0, "{}{}", r.stdout(), r.stderr());

    let out = wd.path("out");
    let csvs = files_ending(&out, "csv");
    let named = |name: &str| csvs.iter().any(|p| p.ends_with(name));
    for name in [
        "manifest.csv",
        "capacity.csv",
        "messages/sms.csv",
        "report.csv",
    ] {
        assert!(named(name), "{name} not written: {csvs:?}");
    }
    for csv in &csvs {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_path(csv)
            .unwrap();
        for (line, record) in reader.records().enumerate() {
            for cell in record.unwrap().iter() {
                assert!(
                    !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                    "{}:{}: a cell a spreadsheet would run: {cell:?}",
                    csv.display(),
                    line + 1
                );
            }
        }
    }
    // The SMS texts hold the names, quoted.
    let sms = wd.csv("out/messages/sms.csv");
    for name in FORMULAS {
        assert!(
            sms.iter()
                .any(|r| r["text"].starts_with(&format!("'{name}"))),
            "{name} in {sms:?}"
        );
    }

    let xlsxs = files_ending(&out, "xlsx");
    for csv in &csvs {
        let xlsx = csv.with_extension("xlsx");
        // capacity.csv has no .xlsx: sessions and numbers only, nothing Excel would mangle.
        if csv.ends_with("capacity.csv") {
            continue;
        }
        assert!(
            xlsxs.contains(&xlsx),
            "no {} beside its CSV",
            xlsx.display()
        );
    }
    for xlsx in &xlsxs {
        let (rows, formulas) = openpyxl(xlsx);
        assert!(!formulas, "a cell of {} is a formula", xlsx.display());
        assert!(rows.len() > 1, "{} is empty", xlsx.display());
    }
    // In sms.xlsx the names are text, exactly as written.
    let (rows, _) = openpyxl(&out.join("messages/sms.xlsx"));
    for name in FORMULAS {
        assert!(
            rows.iter()
                .any(|r| r.iter().any(|c| c.starts_with(&format!("s:{name}")))),
            "{name} in sms.xlsx: {rows:?}"
        );
    }
}
