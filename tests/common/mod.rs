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
