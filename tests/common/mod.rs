//! A temporary campaign folder and the real `papila` binary run inside it, as xsv's tests do.

#![allow(dead_code)]

pub mod station;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub struct Workdir {
    dir: tempfile::TempDir,
}

/// A campaign config for tests: Kabupaten Cilacap, election 2024-11-27, one office serving four
/// villages of Kesugihan and Karanganyar of Adipala; Kroya is out of area.
pub const CONFIG: &str = r#"
[campaign]
id = "test-2024"
title = "Perekaman KTP-el Pemilih Pemula"
election_date = 2024-11-27
start = 2024-07-01
end = 2024-10-31
region = "33.01"

[input]
files = ["people/"]

[[office]]
id = "kesugihan"
name = "Kantor Kecamatan Kesugihan"
villages = ["33.01.02.2001", "33.01.02.2002", "33.01.02.2003", "33.01.02.2004", "33.01.03.2005"]
weekdays = ["mon", "tue", "wed", "thu", "fri"]
sessions = [{ start = "08:00", end = "12:00", capacity = 60 }]
"#;

pub const HEADER: &str = "NIK;NAMA_LGKP;TGL_LHR;JENIS_KLMIN;STAT_KWN;KODE_DESA";

/// The letterhead every printing test uses.
pub const ISSUER: &str = r#"
[issuer]
government = "Pemerintah Kabupaten Cilacap"
agency = "Dinas Kependudukan dan Pencatatan Sipil"
address = "Jl. Kalimantan No. 1"
signatory = "Drs. Contoh"
signatory_title = "Kepala Dinas"
signatory_id = "NIP 1970"
letter_number = "470/{seq}/2024"
"#;

/// A test campaign's `papila.toml`, made from `CONFIG` by named steps instead of text edits:
/// `Config::new().issuer().signing().set("campaign.end", "2024-07-31").write(&wd)`.
pub struct Config {
    doc: toml_edit::DocumentMut,
    /// The document position of the last table added.
    last: isize,
}

impl Config {
    pub fn new() -> Config {
        Config::from(CONFIG)
    }

    pub fn from(text: &str) -> Config {
        Config {
            doc: text.parse().expect("a test config parses"),
            last: 1 << 20,
        }
    }

    /// With `ISSUER`'s letterhead.
    pub fn issuer(self) -> Config {
        self.merge(ISSUER)
    }

    /// With `[signing] key = "keys/papila.key"` (`Workdir::keygen` makes it).
    pub fn signing(self) -> Config {
        self.merge("[signing]\nkey = \"keys/papila.key\"\n")
    }

    /// With the tables of `text` added (a table already there gets their keys).
    pub fn merge(mut self, text: &str) -> Config {
        let more: toml_edit::DocumentMut = text.parse().expect("a test config part parses");
        for (key, item) in more.iter() {
            match (
                self.doc.get_mut(key).and_then(|i| i.as_table_mut()),
                item.as_table(),
            ) {
                (Some(mine), Some(theirs)) => {
                    for (k, v) in theirs.iter() {
                        mine.insert(k, v.clone());
                    }
                }
                _ => {
                    // After everything already there, as appending its text would put it.
                    let mut item = item.clone();
                    if let Some(table) = item.as_table_mut() {
                        self.last += 1;
                        table.set_position(Some(self.last));
                    }
                    self.doc.insert(key, item);
                }
            }
        }
        self
    }

    /// Sets `section.key` (in every `[[office]]` for `office.key`) to the TOML value `value`.
    pub fn set(mut self, path: &str, value: &str) -> Config {
        let (section, key) = path.split_once('.').expect("section.key");
        let value: toml_edit::Value = value.parse().expect("a TOML value");
        match self.doc.get_mut(section).expect("a section of the config") {
            toml_edit::Item::ArrayOfTables(tables) => {
                for table in tables.iter_mut() {
                    table.insert(key, toml_edit::value(value.clone()));
                }
            }
            item => {
                item[key] = toml_edit::value(value);
            }
        }
        self
    }

    pub fn text(&self) -> String {
        self.doc.to_string()
    }

    /// Writes it as the workdir's `papila.toml`.
    pub fn write(&self, wd: &Workdir) {
        wd.write("papila.toml", &self.text());
    }
}

impl Workdir {
    pub fn new() -> Workdir {
        Workdir {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    /// A workdir holding `CONFIG` and `people/`.
    pub fn campaign() -> Workdir {
        let wd = Workdir::new();
        wd.write("papila.toml", CONFIG);
        std::fs::create_dir_all(wd.path("people")).unwrap();
        wd
    }

    /// A workdir holding a copy of the bundled sample campaign (every status, markup names),
    /// without the output and ledger a developer's run may have left in it.
    pub fn sample() -> Workdir {
        fn copy_dir(from: &Path, to: &Path) {
            std::fs::create_dir_all(to).unwrap();
            for entry in std::fs::read_dir(from).unwrap() {
                let entry = entry.unwrap();
                let name = entry.file_name();
                if name == "out" || name.to_string_lossy().starts_with("papila.db") {
                    continue;
                }
                if entry.file_type().unwrap().is_dir() {
                    copy_dir(&entry.path(), &to.join(&name));
                } else {
                    std::fs::copy(entry.path(), to.join(&name)).unwrap();
                }
            }
        }
        let wd = Workdir::new();
        copy_dir(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/cilacap"),
            wd.root(),
        );
        wd
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, rel: &str, text: &str) {
        self.write_bytes(rel, text.as_bytes());
    }

    pub fn write_bytes(&self, rel: &str, bytes: &[u8]) {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("reading {rel}: {e}"))
    }

    /// Takes the lines holding `needle` out of the list `rel`: people leaving a list.
    pub fn remove_lines(&self, rel: &str, needle: &str) {
        let kept: String = self
            .read(rel)
            .lines()
            .filter(|l| !l.contains(needle))
            .map(|l| format!("{l}\n"))
            .collect();
        self.write(rel, &kept);
    }

    /// Runs `papila ARGS` with the workdir as the working directory.
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_with_env(args, &[])
    }

    /// Runs `papila ARGS` with `vars` added to its environment.
    pub fn run_with_env(&self, args: &[&str], vars: &[(&str, &str)]) -> Run {
        let out = command(self.root())
            .args(args)
            .envs(vars.iter().copied())
            .output()
            .expect("papila runs");
        Run(out)
    }

    /// Runs `papila ARGS` speaking `lang` (`PAPILA_LANG`), with `vars` added to its environment.
    pub fn run_in(&self, lang: &str, args: &[&str], vars: &[(&str, &str)]) -> Run {
        let out = command_in(self.root(), lang)
            .args(args)
            .envs(vars.iter().copied())
            .output()
            .expect("papila runs");
        Run(out)
    }

    /// A campaign that prints: `CONFIG` with the letterhead and a signing key.
    /// `papila` speaking `lang`, with `input` on its standard input (a scanner's lines), the
    /// clock's day (no PAPILA_TODAY).
    pub fn run_with_stdin(&self, lang: &str, args: &[&str], input: &str) -> Run {
        use std::io::Write as _;
        use std::process::Stdio;
        let mut child = command_in(self.root(), lang)
            .args(args)
            .env_remove("PAPILA_TODAY")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
        Run(child.wait_with_output().unwrap())
    }

    pub fn printing() -> Workdir {
        let wd = Workdir::campaign();
        Config::new().issuer().signing().write(&wd);
        wd.keygen();
        wd
    }

    /// The campaign's signing key at `keys/papila.key` (and its `.pub`): always the same test key
    /// (the sample campaign's), owner-only, so invitation ids — keyed with it — and the snapshots
    /// that show them are the same on every run. `papila keygen` itself is tested in
    /// `init_keygen.rs`.
    pub fn keygen(&self) {
        let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/cilacap/keys");
        std::fs::create_dir_all(self.path("keys")).unwrap();
        for name in ["papila.key", "papila.key.pub"] {
            let to = self.path(&format!("keys/{name}"));
            std::fs::copy(from.join(name), &to).unwrap();
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                let mode = if name.ends_with(".pub") { 0o644 } else { 0o600 };
                std::fs::set_permissions(&to, std::fs::Permissions::from_mode(mode)).unwrap();
            }
        }
    }

    /// `papila check -c papila.toml`, which must succeed.
    pub fn check(&self) -> Run {
        let r = self.run(&["check", "-c", "papila.toml"]);
        assert_eq!(r.code(), 0, "check failed:\n{}\n{}", r.stdout(), r.stderr());
        r
    }

    /// `out/manifest.csv` as one map per row.
    pub fn manifest(&self) -> Vec<HashMap<String, String>> {
        self.csv("out/manifest.csv")
    }

    /// A CSV file papila wrote, as one map (column → value) per row.
    pub fn csv(&self, rel: &str) -> Vec<HashMap<String, String>> {
        let mut rdr =
            csv::Reader::from_path(self.path(rel)).unwrap_or_else(|e| panic!("reading {rel}: {e}"));
        let headers = rdr.headers().unwrap().clone();
        rdr.records()
            .map(|r| {
                let r = r.unwrap();
                headers
                    .iter()
                    .zip(r.iter())
                    .map(|(h, v)| (h.to_string(), v.to_string()))
                    .collect()
            })
            .collect()
    }

    /// The manifest row for a NIK as read (the first, if several).
    pub fn row(&self, nik: &str) -> HashMap<String, String> {
        self.manifest()
            .into_iter()
            .find(|r| r["nik"] == nik)
            .unwrap_or_else(|| panic!("no manifest row for {nik}"))
    }
}

/// `papila` to run in `dir` as a clerk would: none of papila's variables from the shell that runs
/// the tests (a `PAPILA_TODAY` there must not change what a test sees), and the usual umask 022, so
/// a file papila does not make owner-only shows it. It speaks English, which most tests assert;
/// `tests/bahasa.rs` hears the default, Bahasa Indonesia (`command_in`).
pub fn command(dir: &Path) -> Command {
    command_in(dir, "en")
}

/// `papila` as `command`, speaking `lang` (`PAPILA_LANG`).
pub fn command_in(dir: &Path, lang: &str) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_papila"));
    command.current_dir(dir).env("NO_COLOR", "1");
    for (name, _) in std::env::vars() {
        if name.starts_with("PAPILA_") {
            command.env_remove(name);
        }
    }
    command.env("PAPILA_LANG", lang);
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        // SAFETY: umask is async-signal-safe and touches nothing of the parent.
        unsafe {
            command.pre_exec(|| {
                libc::umask(0o022);
                Ok(())
            });
        }
    }
    command
}

/// Runs a command that changes nothing again in Bahasa Indonesia and pins what it says as the
/// snapshot `<name>_id`, beside the English one the test pins: every message in both languages.
/// `<name>` is the test's own unless given.
#[macro_export]
macro_rules! snapshot_in_indonesian {
    ($wd:expr, $args:expr, $stream:ident) => {{
        let test = std::thread::current()
            .name()
            .and_then(|n| n.rsplit("::").next())
            .unwrap_or("unnamed")
            .to_string();
        $crate::snapshot_in_indonesian!(test, $wd, $args, &[], $stream)
    }};
    ($name:expr, $wd:expr, $args:expr, $vars:expr, $stream:ident) => {{
        let run = $wd.run_in("id", $args, $vars);
        insta::assert_snapshot!(format!("{}_id", $name), run.$stream());
        run
    }};
}

pub struct Run(pub Output);

impl Run {
    pub fn code(&self) -> i32 {
        self.0.status.code().unwrap_or(-1)
    }
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.0.stdout).into_owned()
    }
    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.0.stderr).into_owned()
    }
}

/// The text of a PDF, laid out (`pdftotext -layout`, from poppler-utils, which .ci/run installs).
pub fn pdftotext(path: &Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-layout", path.to_str().unwrap(), "-"])
        .output()
        .unwrap_or_else(|e| {
            panic!("pdftotext is needed by this test ({e}); .ci/run installs it (apt-get install poppler-utils)")
        });
    assert!(out.status.success(), "pdftotext {}", path.display());
    String::from_utf8(out.stdout).unwrap()
}

/// Every PDF under `dir`, in path order.
pub fn pdfs(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_dir() {
                out.extend(pdfs(&path));
            } else if path.extension().is_some_and(|e| e == "pdf") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// `papila ARGS` in `wd`, which must succeed; what it printed is shown if it does not.
pub fn run_ok(wd: &Workdir, args: &[&str]) -> Run {
    let r = wd.run(args);
    assert_eq!(r.code(), 0, "{args:?}\n{}\n{}", r.stdout(), r.stderr());
    r
}

/// Asserts that the PDFs under `a` and under `b` are the same files, byte for byte, and that they
/// are files of their own: a kept file is hard-linked from the render before, so comparing two
/// renders in one folder could compare a file with itself and never fail.
pub fn assert_same_pdfs(a: &Path, b: &Path) {
    let relative = |dir: &Path| -> Vec<PathBuf> {
        pdfs(dir)
            .into_iter()
            .map(|p| p.strip_prefix(dir).unwrap().to_path_buf())
            .collect()
    };
    let files = relative(a);
    assert!(!files.is_empty(), "no PDFs under {}", a.display());
    assert_eq!(files, relative(b), "{} and {}", a.display(), b.display());
    for file in &files {
        let (x, y) = (a.join(file), b.join(file));
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let ino = |p: &Path| std::fs::metadata(p).unwrap().ino();
            assert_ne!(ino(&x), ino(&y), "{} is one file twice", file.display());
        }
        assert!(
            std::fs::read(&x).unwrap() == std::fs::read(&y).unwrap(),
            "{} differs",
            file.display()
        );
    }
}
